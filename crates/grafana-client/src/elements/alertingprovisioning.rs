use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::options::{plain, setters, RequestExt};
use crate::call::{Call, Client, Endpoint, Plain, Request};
use crate::models::{
    AlertRuleGroup, ContactPoint, Message, MuteTiming, NotificationPolicy, NotificationTemplate,
    ProvisionedAlertRule,
};
use crate::path::{ApiPath, PathBuilder};

/// `api.alertingprovisioning()`: Grafana-managed alerting resources through
/// the provisioning API (`/api/v1/provisioning/...`): alert rules and rule
/// groups, contact points, the notification policy tree, mute timings and
/// notification templates.
///
/// Documents (rules, contact points, policies, …) are taken as anything
/// serializable (`serde_json::Value`, the crate's models, your own types) and
/// sent as they are.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use serde_json::json;
/// let rule = json!({
///     "title": "Always firing", "ruleGroup": "eval", "folderUID": "ops",
///     "condition": "A", "for": "5m", "noDataState": "OK", "execErrState": "Error",
///     "data": [{"refId": "A", "datasourceUid": "__expr__",
///               "relativeTimeRange": {"from": 0, "to": 0},
///               "model": {"type": "math", "expression": "1 == 1"}}]
/// });
/// let created = api.alertingprovisioning().create_alertrule(&rule).await?;
/// let uid = created.uid.unwrap_or_default();
/// let mut rule = api.alertingprovisioning().get_alertrule(&uid).await?;
/// rule.is_paused = Some(true);
/// api.alertingprovisioning().update_alertrule(&uid, &rule).await?;
/// api.alertingprovisioning().delete_alertrule(&uid).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct AlertingProvisioning<C> {
    client: C,
}

fn provisioning(resource: &'static str) -> PathBuilder {
    ApiPath::api().lit("v1/provisioning").lit(resource)
}

fn alert_rule_path(alertrule_uid: &str) -> PathBuilder {
    provisioning("alert-rules").param("alertrule_uid", alertrule_uid)
}

fn rule_group_path(folder_uid: &str, group_uid: &str) -> PathBuilder {
    provisioning("folder")
        .param("folder_uid", folder_uid)
        .lit("rule-groups")
        .param("group_uid", group_uid)
}

fn contact_point_path(contactpoint_uid: &str) -> PathBuilder {
    provisioning("contact-points").param("contactpoint_uid", contactpoint_uid)
}

fn mute_timing_path(mutetiming_name: &str) -> PathBuilder {
    provisioning("mute-timings").param("mutetiming_name", mutetiming_name)
}

fn template_path(template_name: &str) -> PathBuilder {
    provisioning("templates").param("template_name", template_name)
}

impl<C: Client> AlertingProvisioning<C> {
    pub(crate) fn new(client: C) -> Self {
        AlertingProvisioning { client }
    }

    fn write<T>(&self, request: Request) -> Call<C, ProvisioningWrite<T>>
    where
        T: DeserializeOwned + Send + 'static,
    {
        Call::new(
            &self.client,
            ProvisioningWrite {
                request,
                disable_provenance: false,
                _output: PhantomData,
            },
        )
    }

    // ------------------------------------------------------------ alert rules

    /// `GET /api/v1/provisioning/alert-rules`: every alert rule the caller may see.
    pub fn get_alertrules_all(&self) -> Call<C, Plain<Vec<ProvisionedAlertRule>>> {
        plain(&self.client, Request::get(provisioning("alert-rules")))
    }

    /// `GET /api/v1/provisioning/alert-rules/{uid}`: one alert rule (404 when unknown).
    pub fn get_alertrule(&self, alertrule_uid: &str) -> Call<C, Plain<ProvisionedAlertRule>> {
        plain(&self.client, Request::get(alert_rule_path(alertrule_uid)))
    }

    /// `POST /api/v1/provisioning/alert-rules`: creates an alert rule
    /// (`alertrule` is Grafana's `ProvisionedAlertRule`, e.g. a
    /// [`ProvisionedAlertRule`] or a `serde_json::Value`). Answers with the
    /// stored rule (201).
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance) (otherwise
    /// the rule is stored with provenance `api` and cannot be edited in the UI).
    pub fn create_alertrule(
        &self,
        alertrule: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<ProvisionedAlertRule>> {
        self.write(Request::post(provisioning("alert-rules")).json(alertrule))
    }

    /// `PUT /api/v1/provisioning/alert-rules/{uid}`: replaces an alert rule.
    /// Answers with the stored rule.
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn update_alertrule(
        &self,
        alertrule_uid: &str,
        alertrule: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<ProvisionedAlertRule>> {
        self.write(Request::new(http::Method::PUT, alert_rule_path(alertrule_uid)).json(alertrule))
    }

    /// `DELETE /api/v1/provisioning/alert-rules/{uid}`. Grafana answers 204
    /// without a body: `None`.
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance): Grafana
    /// reads `X-Disable-Provenance` here too and compares it with the
    /// rule's: a rule stored with provenance `api` is not deleted by a
    /// request with the header (409 `alerting.provenanceMismatch`); a rule
    /// stored without provenance is deleted either way.
    pub fn delete_alertrule(
        &self,
        alertrule_uid: &str,
    ) -> Call<C, ProvisioningWrite<Option<Message>>> {
        self.write(Request::delete(alert_rule_path(alertrule_uid)))
    }

    /// `GET /api/v1/provisioning/folder/{folderUid}/rule-groups/{group}`: a
    /// rule group with its rules. `group_uid` is the group's name.
    pub fn get_rule_group(
        &self,
        folder_uid: &str,
        group_uid: &str,
    ) -> Call<C, Plain<AlertRuleGroup>> {
        plain(
            &self.client,
            Request::get(rule_group_path(folder_uid, group_uid)),
        )
    }

    /// `PUT /api/v1/provisioning/folder/{folderUid}/rule-groups/{group}`:
    /// replaces a rule group (its interval and all its rules: rules left out
    /// are deleted). `group_uid` is the group's name. Answers with the group.
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn update_rule_group(
        &self,
        folder_uid: &str,
        group_uid: &str,
        alertrule_group: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<AlertRuleGroup>> {
        let path = rule_group_path(folder_uid, group_uid);
        self.write(Request::new(http::Method::PUT, path).json(alertrule_group))
    }

    // --------------------------------------------------------- contact points

    /// `GET /api/v1/provisioning/contact-points`: every contact point
    /// integration. Option: [`name`](Call::name) (only those of that contact
    /// point).
    pub fn get_contactpoints(&self) -> Call<C, GetContactpoints> {
        Call::new(&self.client, GetContactpoints::default())
    }

    /// `POST /api/v1/provisioning/contact-points`: creates a contact point
    /// integration (`{"name", "type", "settings", …}`). Answers with it (202).
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn create_contactpoint(
        &self,
        contactpoint: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<ContactPoint>> {
        self.write(Request::post(provisioning("contact-points")).json(contactpoint))
    }

    /// `PUT /api/v1/provisioning/contact-points/{uid}`: replaces a contact
    /// point integration. Answers `{"message": "contactpoint updated"}`.
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn update_contactpoint(
        &self,
        contactpoint_uid: &str,
        contactpoint: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<Message>> {
        let path = contact_point_path(contactpoint_uid);
        self.write(Request::new(http::Method::PUT, path).json(contactpoint))
    }

    /// `DELETE /api/v1/provisioning/contact-points/{uid}`. Grafana answers
    /// `{"message": "contactpoint deleted"}` (202); an empty answer is `None`.
    pub fn delete_contactpoint(&self, contactpoint_uid: &str) -> Call<C, Plain<Option<Message>>> {
        plain(
            &self.client,
            Request::delete(contact_point_path(contactpoint_uid)),
        )
    }

    // ------------------------------------------------------ notification policies

    /// `GET /api/v1/provisioning/policies`: the notification policy tree.
    pub fn get_notification_policy_tree(&self) -> Call<C, Plain<NotificationPolicy>> {
        plain(&self.client, Request::get(provisioning("policies")))
    }

    /// `PUT /api/v1/provisioning/policies`: replaces the whole notification
    /// policy tree. Answers `{"message": "policies updated"}`.
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn set_notification_policy_tree(
        &self,
        notification_policy_tree: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<Message>> {
        let request = Request::new(http::Method::PUT, provisioning("policies"));
        self.write(request.json(notification_policy_tree))
    }

    /// `DELETE /api/v1/provisioning/policies`: resets the tree to Grafana's
    /// default. Recent Grafana answers with the new tree; older versions with
    /// `{"message": …}`, found in [`NotificationPolicy::extra`].
    pub fn delete_notification_policy_tree(&self) -> Call<C, Plain<NotificationPolicy>> {
        plain(&self.client, Request::delete(provisioning("policies")))
    }

    // ---------------------------------------------------------- mute timings

    /// `GET /api/v1/provisioning/mute-timings`: every mute timing.
    pub fn get_mute_timings(&self) -> Call<C, Plain<Vec<MuteTiming>>> {
        plain(&self.client, Request::get(provisioning("mute-timings")))
    }

    /// `GET /api/v1/provisioning/mute-timings/{name}`.
    pub fn get_mute_timing(&self, mutetiming_name: &str) -> Call<C, Plain<MuteTiming>> {
        plain(
            &self.client,
            Request::get(mute_timing_path(mutetiming_name)),
        )
    }

    /// `POST /api/v1/provisioning/mute-timings`: creates a mute timing
    /// (`{"name", "time_intervals"}`). Answers with it (201).
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn create_mute_timing(
        &self,
        mutetiming: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<MuteTiming>> {
        self.write(Request::post(provisioning("mute-timings")).json(mutetiming))
    }

    /// `PUT /api/v1/provisioning/mute-timings/{name}`: replaces a mute
    /// timing. Answers with it (202).
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn update_mute_timing(
        &self,
        mutetiming_name: &str,
        mutetiming: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<MuteTiming>> {
        let path = mute_timing_path(mutetiming_name);
        self.write(Request::new(http::Method::PUT, path).json(mutetiming))
    }

    /// `DELETE /api/v1/provisioning/mute-timings/{name}`. Grafana answers 204
    /// without a body: `None`. A mute timing still used by a policy is a 409.
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn delete_mute_timing(
        &self,
        mutetiming_name: &str,
    ) -> Call<C, ProvisioningWrite<Option<Message>>> {
        self.write(Request::delete(mute_timing_path(mutetiming_name)))
    }

    // ---------------------------------------------------------- templates

    /// `GET /api/v1/provisioning/templates`: every notification template group.
    pub fn get_templates(&self) -> Call<C, Plain<Vec<NotificationTemplate>>> {
        plain(&self.client, Request::get(provisioning("templates")))
    }

    /// `GET /api/v1/provisioning/templates/{name}` (404 when unknown).
    pub fn get_template(&self, template_name: &str) -> Call<C, Plain<NotificationTemplate>> {
        plain(&self.client, Request::get(template_path(template_name)))
    }

    /// `PUT /api/v1/provisioning/templates/{name}`: creates or replaces a
    /// template group; `template` is `{"template": "{{ define … }}", "version"?}`.
    /// Answers with the stored template (202).
    ///
    /// Option: [`disable_provenance`](Call::disable_provenance).
    pub fn create_or_update_template(
        &self,
        template_name: &str,
        template: &(impl Serialize + ?Sized),
    ) -> Call<C, ProvisioningWrite<NotificationTemplate>> {
        let path = template_path(template_name);
        self.write(Request::new(http::Method::PUT, path).json(template))
    }

    /// `DELETE /api/v1/provisioning/templates/{name}`. Grafana answers 204
    /// without a body: `None`.
    pub fn delete_template(&self, template_name: &str) -> Call<C, Plain<Option<Message>>> {
        plain(&self.client, Request::delete(template_path(template_name)))
    }
}

/// The endpoint of the provisioning API's writes that can be marked as
/// editable in the UI (`disable_provenance`):
/// [`create_alertrule`](AlertingProvisioning::create_alertrule),
/// [`update_alertrule`](AlertingProvisioning::update_alertrule),
/// [`delete_alertrule`](AlertingProvisioning::delete_alertrule),
/// [`update_rule_group`](AlertingProvisioning::update_rule_group),
/// [`create_contactpoint`](AlertingProvisioning::create_contactpoint),
/// [`update_contactpoint`](AlertingProvisioning::update_contactpoint),
/// [`set_notification_policy_tree`](AlertingProvisioning::set_notification_policy_tree),
/// [`create_mute_timing`](AlertingProvisioning::create_mute_timing),
/// [`update_mute_timing`](AlertingProvisioning::update_mute_timing),
/// [`delete_mute_timing`](AlertingProvisioning::delete_mute_timing) and
/// [`create_or_update_template`](AlertingProvisioning::create_or_update_template).
///
/// Grafana's spec lists `X-Disable-Provenance` on each of them, the mute
/// timing update and the two deletes included (`PUT`/`DELETE
/// /mute-timings/{name}`, `DELETE /alert-rules/{uid}`).
pub struct ProvisioningWrite<T> {
    request: Request,
    disable_provenance: bool,
    _output: PhantomData<fn() -> T>,
}

setters! { <T> ProvisioningWrite<T>;
    /// Store the resource without provenance (header `X-Disable-Provenance`),
    /// so it stays editable in Grafana's UI.
    disable_provenance: flag bool;
}

impl<T> std::fmt::Debug for ProvisioningWrite<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProvisioningWrite")
            .field("request", &self.request)
            .field("disable_provenance", &self.disable_provenance)
            .finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Endpoint for ProvisioningWrite<T> {
    type Output = T;

    fn into_request(self) -> Request {
        if self.disable_provenance {
            // Grafana checks only that the header is present.
            self.request.header("x-disable-provenance", "true")
        } else {
            self.request
        }
    }
}

/// [`AlertingProvisioning::get_contactpoints`]'s endpoint and options (the query).
#[derive(Serialize, Default, Clone, Debug)]
pub struct GetContactpoints {
    name: Option<String>,
}

setters! { GetContactpoints;
    /// Only the integrations of the contact point with this name.
    name: into String;
}

impl Endpoint for GetContactpoints {
    type Output = Vec<ContactPoint>;

    fn into_request(self) -> Request {
        Request::get(provisioning("contact-points")).query_options(&self)
    }
}
