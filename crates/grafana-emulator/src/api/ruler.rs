//! The Ruler and Prometheus-rules routes of unified alerting, for
//! Grafana-managed rules (`pkg/services/ngalert/api/api_ruler.go`
//! `RulerSrv`, `pkg/services/ngalert/api/prometheus/api_prometheus.go`
//! `PrometheusSrv.RouteGetRuleStatuses`), backed by the provisioning
//! area's rule store ([`crate::api::alerting`]).
//!
//! | Method | Path | Answer |
//! |---|---|---|
//! | GET | `/api/ruler/grafana/api/v1/rules` | 200 `{folder title: [groups]}` |
//! | GET | `/api/ruler/grafana/api/v1/rules/{folderUid}` | 200 `{folder title: [groups]}` |
//! | POST | `/api/ruler/grafana/api/v1/rules/{folderUid}` | 202 `{"message", "created"…}` |
//! | DELETE | `/api/ruler/grafana/api/v1/rules/{folderUid}` | 202 `{"message":"rules deleted"}` |
//! | GET | `/api/ruler/grafana/api/v1/rules/{folderUid}/{group}` | 200 group |
//! | DELETE | `/api/ruler/grafana/api/v1/rules/{folderUid}/{group}` | 202 `{"message":"rules deleted"}` |
//! | GET | `/api/prometheus/{datasource}/api/v1/rules` | 200 `{"status":"success","data":{"groups":[…]}}` |
//!
//! In Grafana 12 the namespace in the path is the folder's uid; the answer's
//! keys are folder titles.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::api::alerting::{
    can_update_provenance_in_group, ensure_folder, format_duration, parse_duration,
    rule_from_input, validate_interval, validate_rule, Rule, RuleInput, DEFAULT_INTERVAL,
    RULES_READ, RULES_WRITE,
};
use crate::api::body::nullable;
use crate::api::{respond, ApiResult, Ctx};
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::State;

/// `alert.rules:delete` (Editor).
const RULES_DELETE: Action = Action::new("alert.rules:delete", Role::Editor);
/// `alert.rules:create` (Editor).
const RULES_CREATE: Action = Action::new("alert.rules:create", Role::Editor);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/ruler/grafana/api/v1/rules", get_all),
    Route::new("GET", "/api/ruler/grafana/api/v1/rules/{ns}", get_namespace),
    Route::new("POST", "/api/ruler/grafana/api/v1/rules/{ns}", post_group),
    Route::new(
        "DELETE",
        "/api/ruler/grafana/api/v1/rules/{ns}",
        delete_namespace,
    ),
    Route::new(
        "GET",
        "/api/ruler/grafana/api/v1/rules/{ns}/{group}",
        get_group,
    ),
    Route::new(
        "DELETE",
        "/api/ruler/grafana/api/v1/rules/{ns}/{group}",
        delete_group,
    ),
    Route::new("GET", "/api/prometheus/{ds}/api/v1/rules", prometheus_rules),
];

/// A rule as the Ruler shows it (`GettableExtendedRuleNode`).
fn ruler_rule(r: &Rule) -> Value {
    let mut ga = Map::new();
    ga.insert("id".into(), json!(r.id));
    ga.insert("orgId".into(), json!(r.org_id));
    ga.insert("title".into(), json!(r.title));
    ga.insert("condition".into(), json!(r.condition));
    ga.insert("data".into(), Value::Array(r.data.clone()));
    ga.insert("updated".into(), json!(crate::clock::rfc3339(r.updated)));
    ga.insert("intervalSeconds".into(), json!(r.interval));
    ga.insert("version".into(), json!(r.version));
    ga.insert("uid".into(), json!(r.uid));
    ga.insert("namespace_uid".into(), json!(r.folder_uid));
    ga.insert("rule_group".into(), json!(r.group));
    ga.insert("no_data_state".into(), json!(r.no_data_state));
    ga.insert("exec_err_state".into(), json!(r.exec_err_state));
    ga.insert("is_paused".into(), json!(r.is_paused));
    if let Some(ns) = &r.notification_settings {
        ga.insert("notification_settings".into(), ns.clone());
    }
    ga.insert("provenance".into(), json!(r.provenance));
    let mut node = Map::new();
    node.insert("expr".into(), json!(""));
    node.insert("for".into(), json!(format_duration(r.for_secs)));
    if !r.labels.is_empty() {
        node.insert("labels".into(), json!(r.labels));
    }
    if !r.annotations.is_empty() {
        node.insert("annotations".into(), json!(r.annotations));
    }
    node.insert("grafana_alert".into(), Value::Object(ga));
    Value::Object(node)
}

/// A group as `GettableRuleGroupConfig`.
fn ruler_group(rules: &[Rule]) -> Value {
    let (name, interval) = rules
        .first()
        .map(|r| (r.group.as_str(), r.interval))
        .unwrap_or(("", 0));
    json!({
        "name": name,
        "interval": format_duration(interval),
        "rules": rules.iter().map(ruler_rule).collect::<Vec<_>>(),
    })
}

/// Groups of an org (optionally one folder), by folder title, each folder's
/// groups in name order.
fn namespaces(st: &State, org: i64, only: Option<&str>) -> Value {
    let mut keys: Vec<(String, String)> = st
        .alerting
        .rules
        .in_org(org)
        .filter(|r| only.is_none_or(|f| r.folder_uid == f))
        .map(|r| (r.folder_uid.clone(), r.group.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (f, g) in keys {
        let title = st
            .folders
            .get(&(org, f.clone()))
            .map_or(f.clone(), |x| x.title.clone());
        let rules = st.alerting.group_rules(org, &f, &g);
        out.entry(title).or_default().push(ruler_group(&rules));
    }
    json!(out)
}

/// The folder named by the path, or the namespace error
/// (`toNamespaceErrorResponse`: 404 for an unknown folder).
fn folder_exists(st: &State, org: i64, uid: &str) -> Result<(), axum::response::Response> {
    if st.folders.contains_key(&(org, uid.to_string())) {
        Ok(())
    } else {
        Err(respond::message(404, "folder not found"))
    }
}

/// `GET /api/ruler/grafana/api/v1/rules` (`RouteGetRulesConfig`).
fn get_all(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(Evaluator::One(RULES_READ))?;
    let st = ctx.app.state.read();
    Ok(respond::json(200, &namespaces(&st, id.org_id, None)))
}

/// `GET /api/ruler/grafana/api/v1/rules/{folderUid}` (`RouteGetNamespaceRulesConfig`).
fn get_namespace(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(Evaluator::One(RULES_READ))?;
    let st = ctx.app.state.read();
    folder_exists(&st, id.org_id, ctx.param())?;
    Ok(respond::json(
        200,
        &namespaces(&st, id.org_id, Some(ctx.param())),
    ))
}

/// `GET /api/ruler/grafana/api/v1/rules/{folderUid}/{group}` (`RouteGetRulesGroupConfig`):
/// unknown group 404.
fn get_group(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(Evaluator::One(RULES_READ))?;
    let st = ctx.app.state.read();
    folder_exists(&st, id.org_id, ctx.param_at(0))?;
    let rules = st
        .alerting
        .group_rules(id.org_id, ctx.param_at(0), ctx.param_at(1));
    if rules.is_empty() {
        return Err(respond::message(404, "rule group does not exist"));
    }
    Ok(respond::json(200, &ruler_group(&rules)))
}

/// `PostableGrafanaRule`.
#[derive(Debug, Default, Deserialize)]
struct GrafanaAlertInput {
    #[serde(default, deserialize_with = "nullable")]
    uid: String,
    #[serde(default, deserialize_with = "nullable")]
    title: String,
    #[serde(default, deserialize_with = "nullable")]
    condition: String,
    #[serde(default, deserialize_with = "nullable")]
    data: Vec<Value>,
    #[serde(default, deserialize_with = "nullable")]
    no_data_state: String,
    #[serde(default, deserialize_with = "nullable")]
    exec_err_state: String,
    #[serde(default, deserialize_with = "nullable")]
    is_paused: bool,
    #[serde(default)]
    notification_settings: Option<Value>,
}

/// `PostableExtendedRuleNode`.
#[derive(Debug, Default, Deserialize)]
struct NodeInput {
    #[serde(default, rename = "for", deserialize_with = "nullable")]
    for_: String,
    #[serde(default, deserialize_with = "nullable")]
    labels: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "nullable")]
    annotations: BTreeMap<String, String>,
    #[serde(default)]
    grafana_alert: Option<GrafanaAlertInput>,
}

/// `PostableRuleGroupConfig`.
#[derive(Debug, Default, Deserialize)]
struct GroupInput {
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, deserialize_with = "nullable")]
    interval: String,
    #[serde(default, deserialize_with = "nullable")]
    rules: Vec<NodeInput>,
}

/// `POST /api/ruler/grafana/api/v1/rules/{folderUid}` (`RoutePostNameRulesConfig`
/// → `updateAlertRulesInGroup`): replaces the group (rules matched by
/// `grafana_alert.uid`, the others deleted); 202 with the changed uids, or
/// `no changes detected in the rule group`.
fn post_group(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(Evaluator::Any(&[RULES_CREATE, RULES_WRITE, RULES_DELETE]))?;
    let org = id.org_id;
    let folder = ctx.param().to_string();
    let inp: GroupInput =
        crate::api::body::parse(ctx.body).map_err(|_| respond::message(400, "bad request data"))?;
    {
        let st = ctx.app.state.read();
        folder_exists(&st, org, &folder)?;
    }
    if inp.name.is_empty() {
        return Err(respond::message(400, "rule group name cannot be empty"));
    }
    let interval = if inp.interval.is_empty() {
        DEFAULT_INTERVAL
    } else {
        parse_duration(&inp.interval).ok_or_else(|| respond::message(400, "bad request data"))?
    };
    validate_interval(interval)?;
    let mut incoming = Vec::new();
    for (i, node) in inp.rules.into_iter().enumerate() {
        let Some(ga) = node.grafana_alert else {
            return Err(respond::message(
                400,
                &format!(
                    "invalid rule specification at index [{i}]: not Grafana managed alert rule"
                ),
            ));
        };
        let for_secs = if node.for_.is_empty() {
            0
        } else {
            parse_duration(&node.for_).ok_or_else(|| respond::message(400, "bad request data"))?
        };
        let mut r = rule_from_input(
            RuleInput {
                uid: ga.uid,
                title: ga.title,
                condition: ga.condition,
                data: ga.data,
                no_data_state: if ga.no_data_state.is_empty() {
                    "NoData".into()
                } else {
                    ga.no_data_state
                },
                exec_err_state: if ga.exec_err_state.is_empty() {
                    "Error".into()
                } else {
                    ga.exec_err_state
                },
                for_secs,
                annotations: node.annotations,
                labels: node.labels,
                is_paused: ga.is_paused,
                notification_settings: ga.notification_settings,
                ..RuleInput::default()
            },
            org,
        );
        r.folder_uid = folder.clone();
        r.group = inp.name.clone();
        r.interval = interval;
        r.group_index = i;
        validate_rule(&r)?;
        incoming.push(r);
    }
    let mut st = ctx.app.state.write();
    ensure_folder(&st, org, &folder)?;
    let now = ctx.now;
    let store = &mut st.alerting;
    let existing = store.group_rules(org, &folder, &inp.name);
    let kept: Vec<String> = incoming.iter().map(|r| r.uid.clone()).collect();
    let (mut created, mut updated, mut deleted) = (Vec::new(), Vec::new(), Vec::new());
    for r in &incoming {
        if !r.uid.is_empty() && store.rules.by_uid(org, &r.uid).is_none() {
            return Err(respond::message(
                404,
                &format!(
                    "failed to update rule group: rule with UID '{}' not found",
                    r.uid
                ),
            ));
        }
    }
    for old in &existing {
        // The Ruler writes without provenance (`CanUpdateProvenanceInRuleGroup(stored, none)`).
        if !can_update_provenance_in_group(&old.provenance, "") {
            return Err(respond::message(
                409,
                &format!("cannot change provenance of rule '{}'", old.uid),
            ));
        }
        if !kept.contains(&old.uid) {
            store.rules.remove(org, old.id);
            deleted.push(old.uid.clone());
        }
    }
    for mut r in incoming {
        match store.rules.by_uid(org, &r.uid).cloned() {
            Some(old) => {
                let same = old.title == r.title
                    && old.condition == r.condition
                    && old.data == r.data
                    && old.no_data_state == r.no_data_state
                    && old.exec_err_state == r.exec_err_state
                    && old.for_secs == r.for_secs
                    && old.labels == r.labels
                    && old.annotations == r.annotations
                    && old.is_paused == r.is_paused
                    && old.interval == r.interval
                    && old.group_index == r.group_index
                    && old.notification_settings == r.notification_settings
                    && old.folder_uid == r.folder_uid
                    && old.group == r.group;
                if same {
                    continue;
                }
                r.id = old.id;
                r.version = old.version + 1;
                r.provenance = old.provenance.clone();
                updated.push(r.uid.clone());
            }
            None => {
                r.uid = crate::ids::generate_uid();
                r.id = store.rules.alloc_id();
                r.version = 1;
                created.push(r.uid.clone());
            }
        }
        r.updated = now;
        store.rules.insert(r);
    }
    if created.is_empty() && updated.is_empty() && deleted.is_empty() {
        return Ok(respond::json(
            202,
            &json!({"message": "no changes detected in the rule group"}),
        ));
    }
    let mut body = Map::new();
    body.insert("message".into(), json!("rule group updated successfully"));
    for (k, v) in [
        ("created", created),
        ("updated", updated),
        ("deleted", deleted),
    ] {
        if !v.is_empty() {
            body.insert(k.into(), json!(v));
        }
    }
    Ok(respond::json(202, &Value::Object(body)))
}

/// Deletes the given groups' rules; `RouteDeleteAlertRules`.
fn delete_rules(ctx: &Ctx, group: Option<&str>) -> ApiResult {
    let id = ctx.require(Evaluator::One(RULES_DELETE))?;
    let folder = ctx.param_at(0).to_string();
    let mut st = ctx.app.state.write();
    folder_exists(&st, id.org_id, &folder)?;
    let targets: Vec<i64> = st
        .alerting
        .rules
        .in_org(id.org_id)
        .filter(|r| r.folder_uid == folder && group.is_none_or(|g| r.group == g))
        .map(|r| r.id)
        .collect();
    if group.is_some() && targets.is_empty() {
        return Err(respond::message(404, "rule group does not exist"));
    }
    for rid in targets {
        st.alerting.rules.remove(id.org_id, rid);
    }
    Ok(respond::json(202, &json!({"message": "rules deleted"})))
}

/// `DELETE /api/ruler/grafana/api/v1/rules/{folderUid}/{group}`.
fn delete_group(ctx: &Ctx) -> ApiResult {
    delete_rules(ctx, Some(ctx.param_at(1)))
}

/// `DELETE /api/ruler/grafana/api/v1/rules/{folderUid}`: every group of the folder.
fn delete_namespace(ctx: &Ctx) -> ApiResult {
    delete_rules(ctx, None)
}

/// A rule as the Prometheus-compatible API shows it (`AlertingRule`): never
/// evaluated by the emulator, so `inactive`, health `ok`, no alerts.
fn prom_rule(r: &Rule) -> Value {
    let query = serde_json::to_string(&r.data).unwrap_or_default();
    json!({
        "state": "inactive",
        "name": r.title,
        "query": query,
        "duration": r.for_secs,
        "labels": r.labels,
        "annotations": r.annotations,
        "alerts": [],
        "totals": {},
        "totalsFiltered": {},
        "uid": r.uid,
        "folderUid": r.folder_uid,
        "health": "ok",
        "type": "alerting",
        "lastEvaluation": crate::clock::ZERO_TIME,
        "evaluationTime": 0,
        "isPaused": r.is_paused,
    })
}

/// `GET /api/prometheus/{datasource}/api/v1/rules`: for `grafana`, the
/// Grafana-managed groups (`RouteGetRuleStatuses`; filters `folder_uid`,
/// `rule_group`); any other data source uid must be a configured
/// Prometheus-like data source, which the emulator has none of: 404.
fn prometheus_rules(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(Evaluator::One(RULES_READ))?;
    if ctx.param() != "grafana" {
        return Err(respond::message(404, "data source not found"));
    }
    let st = ctx.app.state.read();
    let folder = ctx.query.get("folder_uid");
    let group = ctx.query.get("rule_group");
    let mut keys: Vec<(String, String)> = st
        .alerting
        .rules
        .in_org(id.org_id)
        .filter(|r| folder.is_none_or(|f| r.folder_uid == f) && group.is_none_or(|g| r.group == g))
        .map(|r| (r.folder_uid.clone(), r.group.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let groups: Vec<Value> = keys
        .iter()
        .map(|(f, g)| {
            let rules = st.alerting.group_rules(id.org_id, f, g);
            let file = st
                .folders
                .get(&(id.org_id, f.clone()))
                .map_or(f.clone(), |x| x.title.clone());
            json!({
                "name": g,
                "file": file,
                "folderUid": f,
                "rules": rules.iter().map(prom_rule).collect::<Vec<_>>(),
                "totals": {"inactive": rules.len()},
                "interval": rules.first().map_or(DEFAULT_INTERVAL, |r| r.interval),
                "lastEvaluation": crate::clock::ZERO_TIME,
                "evaluationTime": 0,
            })
        })
        .collect();
    let total: usize = st.alerting.rules.in_org(id.org_id).count();
    Ok(respond::json(
        200,
        &json!({"status": "success", "data": {"groups": groups, "totals": {"inactive": total}}}),
    ))
}
