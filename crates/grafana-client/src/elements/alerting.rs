use serde::Serialize;
use serde_json::Value;

use super::options::{plain, setters, to_json};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::error::{Error, Result};
use crate::models::{Message, PrometheusRules, RulerRuleGroup};
use crate::path::{ApiPath, PathBuilder};

/// `api.alerting()`: Grafana-managed rule groups through the Ruler API
/// (`/api/ruler/grafana/api/v1/rules/...`) and the Prometheus-compatible
/// rules API.
///
/// These routes belong to **unified alerting** and are still served by
/// current Grafana (11, 12, 13): nothing here was removed. The Python package
/// deprecates its whole `alerting` class (its warning blames the legacy
/// alerting that Grafana 11 removed, which these routes are not), so the
/// methods keep `#[deprecated]` for parity, with a truthful note.
/// [`AlertingProvisioning`](crate::elements::AlertingProvisioning) is the
/// documented, stable way to manage Grafana-managed alert rules and is
/// recommended instead; the Ruler API is the one Grafana's UI uses.
///
/// `folder_name` is the Ruler API's namespace: the folder's **uid** since
/// Grafana 11 (`RulerSrv` looks it up with `GetNamespaceByUID`); older
/// versions took the folder's title.
///
/// ```no_run
/// # #![allow(deprecated)]
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let group = api.alerting().get_alertrule("ops-folder-uid", "cpu").await?;
/// println!("{:?} evaluates every {:?}", group.name, group.interval);
/// let firing = api.alerting().get_managedalerts_all().datasource("grafana").await?;
/// println!("{} groups", firing.data.map_or(0, |d| d.groups.len()));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Alerting<C> {
    client: C,
}

fn ruler_path(folder_name: &str) -> PathBuilder {
    ApiPath::api()
        .lit("ruler/grafana/api/v1/rules")
        .param("folder_name", folder_name)
}

impl<C: Client> Alerting<C> {
    pub(crate) fn new(client: C) -> Self {
        Alerting { client }
    }

    /// `GET /api/ruler/grafana/api/v1/rules/{folder}/{group}`: a rule group
    /// in Ruler format. `alertrule_name` is the group's name.
    #[deprecated(
        note = "unified-alerting Ruler/Prometheus route, still served by Grafana; deprecated only for parity with the Python package; prefer alertingprovisioning().get_rule_group"
    )]
    pub fn get_alertrule(
        &self,
        folder_name: &str,
        alertrule_name: &str,
    ) -> Call<C, Plain<RulerRuleGroup>> {
        let path = ruler_path(folder_name).param("alertrule_name", alertrule_name);
        plain(&self.client, Request::get(path))
    }

    /// `GET /api/prometheus/{datasource}/api/v1/rules`: rules with their
    /// state, in Prometheus format. Option: [`datasource`](Call::datasource),
    /// default `grafanacloud-prom` as in the Python package (`grafana` for
    /// Grafana-managed rules).
    #[deprecated(
        note = "unified-alerting Ruler/Prometheus route, still served by Grafana; deprecated only for parity with the Python package; prefer, for Grafana-managed rules, alertingprovisioning().get_alertrules_all"
    )]
    pub fn get_managedalerts_all(&self) -> Call<C, GetManagedalertsAll> {
        Call::new(&self.client, GetManagedalertsAll::default())
    }

    /// `POST /api/ruler/grafana/api/v1/rules/{folder}`: creates or replaces
    /// the rule group `alertrule` (`{"name", "interval", "rules": [...]}`,
    /// rules in Ruler format) in the folder. Answers `{"message": …}`.
    #[deprecated(
        note = "unified-alerting Ruler/Prometheus route, still served by Grafana; deprecated only for parity with the Python package; prefer alertingprovisioning().update_rule_group"
    )]
    pub fn create_alertrule(
        &self,
        folder_name: &str,
        alertrule: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::post(ruler_path(folder_name)).json(alertrule);
        plain(&self.client, request)
    }

    /// `POST /api/ruler/grafana/api/v1/rules/{folder}`: updates the rule
    /// group `alertrule`, the Ruler API's only write: the group is replaced,
    /// its rules matched by `grafana_alert.uid`.
    ///
    /// The Python package sends the same request as `create_alertrule`, so a
    /// rule without a uid silently becomes a new rule and the old one is
    /// deleted (losing its state and history); this refuses, unsent, a group
    /// that is not `{"rules": [...]}` with a `grafana_alert.uid` on every rule.
    #[deprecated(
        note = "unified-alerting Ruler/Prometheus route, still served by Grafana; deprecated only for parity with the Python package; prefer alertingprovisioning().update_rule_group or update_alertrule"
    )]
    pub fn update_alertrule(
        &self,
        folder_name: &str,
        alertrule: &(impl Serialize + ?Sized),
    ) -> Call<C, Plain<Message>> {
        let request = Request::post(ruler_path(folder_name)).try_json(identified_group(alertrule));
        plain(&self.client, request)
    }

    /// `DELETE /api/ruler/grafana/api/v1/rules/{folder}/{group}`: deletes a
    /// rule group with its rules. `alertrule_name` is the group's name.
    /// Answers `{"message": …}` (202).
    #[deprecated(
        note = "unified-alerting Ruler/Prometheus route, still served by Grafana; deprecated only for parity with the Python package; prefer alertingprovisioning().delete_alertrule for each rule"
    )]
    pub fn delete_alertrule(
        &self,
        folder_name: &str,
        alertrule_name: &str,
    ) -> Call<C, Plain<Message>> {
        let path = ruler_path(folder_name).param("alertrule_name", alertrule_name);
        plain(&self.client, Request::delete(path))
    }
}

/// The group to update, when every rule in it names the rule it updates.
fn identified_group(alertrule: &(impl Serialize + ?Sized)) -> Result<Value> {
    let invalid = |reason: String| Error::invalid_argument("alertrule", reason);
    let group = to_json("alertrule", alertrule)?;
    let rules = group
        .get("rules")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("must be a rule group with a `rules` list".to_owned()))?;
    for (i, rule) in rules.iter().enumerate() {
        let uid = rule
            .get("grafana_alert")
            .and_then(|a| a.get("uid"))
            .and_then(Value::as_str);
        if uid.is_none_or(str::is_empty) {
            return Err(invalid(format!(
                "rule {i} has no `grafana_alert.uid`: an update would replace it with a new rule \
                 (use create_alertrule to add rules)"
            )));
        }
    }
    Ok(group)
}

/// The Python package's default data source of `get_managedalerts_all`.
const DEFAULT_DATASOURCE: &str = "grafanacloud-prom";

/// [`Alerting::get_managedalerts_all`]'s endpoint and options.
#[derive(Default, Clone, Debug)]
pub struct GetManagedalertsAll {
    datasource: Option<String>,
}

setters! { GetManagedalertsAll;
    /// The data source whose rules to list (its uid, or `grafana` for
    /// Grafana-managed rules); default `grafanacloud-prom`.
    datasource: into String;
}

impl Endpoint for GetManagedalertsAll {
    type Output = PrometheusRules;

    fn into_request(self) -> Request {
        let datasource = self.datasource.as_deref().unwrap_or(DEFAULT_DATASOURCE);
        let path = ApiPath::api()
            .lit("prometheus")
            .param("datasource", datasource)
            .lit("api/v1/rules");
        Request::get(path)
    }
}
