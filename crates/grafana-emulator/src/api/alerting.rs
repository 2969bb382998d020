//! Alerting provisioning: `/api/v1/provisioning/*` (alert rules, rule groups,
//! export, contact points, notification policies, mute timings, templates).
//!
//! Routes (Grafana: `pkg/services/ngalert/api/api_provisioning.go`, the
//! services in `pkg/services/ngalert/provisioning/`):
//!
//! | Method | Path | Answer |
//! |---|---|---|
//! | GET | `/api/v1/provisioning/alert-rules` | 200 rule list |
//! | POST | `/api/v1/provisioning/alert-rules` | 201 rule |
//! | GET | `/api/v1/provisioning/alert-rules/export` | 200 export (`folderUid`, `group`, `ruleUid`) |
//! | GET/PUT/DELETE | `/api/v1/provisioning/alert-rules/{uid}` | 200 / 200 / 204 |
//! | GET | `/api/v1/provisioning/alert-rules/{uid}/export` | 200 export |
//! | GET/PUT/DELETE | `/api/v1/provisioning/folder/{folderUid}/rule-groups/{group}` | 200 / 200 / 204 |
//! | GET | `/api/v1/provisioning/folder/{folderUid}/rule-groups/{group}/export` | 200 export |
//! | GET/POST | `/api/v1/provisioning/contact-points` | 200 / 202 |
//! | GET | `/api/v1/provisioning/contact-points/export` | 200 export |
//! | PUT/DELETE | `/api/v1/provisioning/contact-points/{uid}` | 202 / 202 |
//! | GET/PUT/DELETE | `/api/v1/provisioning/policies` | 200 / 202 / 202 (reset) |
//! | GET | `/api/v1/provisioning/policies/export` | 200 export |
//! | GET/POST | `/api/v1/provisioning/mute-timings` | 200 / 201 |
//! | GET | `/api/v1/provisioning/mute-timings/export` | 200 export |
//! | GET/PUT/DELETE | `/api/v1/provisioning/mute-timings/{name}` | 200 / 202 / 204 |
//! | GET | `/api/v1/provisioning/mute-timings/{name}/export` | 200 export |
//! | GET | `/api/v1/provisioning/templates` | 200 list |
//! | GET/PUT/DELETE | `/api/v1/provisioning/templates/{name}` | 200 / 202 / 204 |
//!
//! Provenance: a write without the `X-Disable-Provenance` header stores the
//! object with provenance `api`, with it `""` (`determineProvenance`). The
//! rule store is shared with the Ruler / Prometheus routes
//! ([`crate::api::ruler`]).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::api::body::nullable;
use crate::api::{respond, ApiResult, Ctx};
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::State;
use crate::store::Table;

// RBAC (`pkg/services/ngalert/api/authorization.go` `authorize`; fixed roles
// in `pkg/services/ngalert/accesscontrol.go`): the provisioning roles belong
// to Admin; rule readers and writers may use the rule routes too.
const PROVISIONING_READ: Action = Action::new("alert.provisioning:read", Role::Admin);
const PROVISIONING_SECRETS_READ: Action =
    Action::new("alert.provisioning.secrets:read", Role::Admin);
const PROVISIONING_WRITE: Action = Action::new("alert.provisioning:write", Role::Admin);
const RULES_PROVISIONING_READ: Action = Action::new("alert.rules.provisioning:read", Role::Admin);
const RULES_PROVISIONING_WRITE: Action = Action::new("alert.rules.provisioning:write", Role::Admin);
const NOTIFICATIONS_PROVISIONING_READ: Action =
    Action::new("alert.notifications.provisioning:read", Role::Admin);
const NOTIFICATIONS_PROVISIONING_WRITE: Action =
    Action::new("alert.notifications.provisioning:write", Role::Admin);
/// `alert.rules:read` (Viewer, with folder read access).
pub(crate) const RULES_READ: Action = Action::new("alert.rules:read", Role::Viewer);
/// `alert.rules:write` (Editor).
pub(crate) const RULES_WRITE: Action = Action::new("alert.rules:write", Role::Editor);

const EV_RULES_READ: Evaluator = Evaluator::Any(&[
    PROVISIONING_READ,
    PROVISIONING_SECRETS_READ,
    RULES_PROVISIONING_READ,
    RULES_READ,
]);
const EV_RULES_WRITE: Evaluator =
    Evaluator::Any(&[PROVISIONING_WRITE, RULES_PROVISIONING_WRITE, RULES_WRITE]);
const EV_NOTIFY_READ: Evaluator = Evaluator::Any(&[
    PROVISIONING_READ,
    PROVISIONING_SECRETS_READ,
    NOTIFICATIONS_PROVISIONING_READ,
]);
const EV_NOTIFY_WRITE: Evaluator =
    Evaluator::Any(&[PROVISIONING_WRITE, NOTIFICATIONS_PROVISIONING_WRITE]);

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/v1/provisioning/alert-rules", get_rules),
    Route::new("POST", "/api/v1/provisioning/alert-rules", post_rule),
    Route::new(
        "GET",
        "/api/v1/provisioning/alert-rules/export",
        export_rules,
    ),
    Route::new("GET", "/api/v1/provisioning/alert-rules/{uid}", get_rule),
    Route::new("PUT", "/api/v1/provisioning/alert-rules/{uid}", put_rule),
    Route::new(
        "DELETE",
        "/api/v1/provisioning/alert-rules/{uid}",
        delete_rule,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/alert-rules/{uid}/export",
        export_rule,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/folder/{folder}/rule-groups/{group}",
        get_group,
    ),
    Route::new(
        "PUT",
        "/api/v1/provisioning/folder/{folder}/rule-groups/{group}",
        put_group,
    ),
    Route::new(
        "DELETE",
        "/api/v1/provisioning/folder/{folder}/rule-groups/{group}",
        delete_group,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/folder/{folder}/rule-groups/{group}/export",
        export_group,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/contact-points",
        get_contact_points,
    ),
    Route::new(
        "POST",
        "/api/v1/provisioning/contact-points",
        post_contact_point,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/contact-points/export",
        export_contact_points,
    ),
    Route::new(
        "PUT",
        "/api/v1/provisioning/contact-points/{uid}",
        put_contact_point,
    ),
    Route::new(
        "DELETE",
        "/api/v1/provisioning/contact-points/{uid}",
        delete_contact_point,
    ),
    Route::new("GET", "/api/v1/provisioning/policies", get_policies),
    Route::new("PUT", "/api/v1/provisioning/policies", put_policies),
    Route::new("DELETE", "/api/v1/provisioning/policies", reset_policies),
    Route::new(
        "GET",
        "/api/v1/provisioning/policies/export",
        export_policies,
    ),
    Route::new("GET", "/api/v1/provisioning/mute-timings", get_mute_timings),
    Route::new(
        "POST",
        "/api/v1/provisioning/mute-timings",
        post_mute_timing,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/mute-timings/export",
        export_mute_timings,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/mute-timings/{name}",
        get_mute_timing,
    ),
    Route::new(
        "PUT",
        "/api/v1/provisioning/mute-timings/{name}",
        put_mute_timing,
    ),
    Route::new(
        "DELETE",
        "/api/v1/provisioning/mute-timings/{name}",
        delete_mute_timing,
    ),
    Route::new(
        "GET",
        "/api/v1/provisioning/mute-timings/{name}/export",
        export_mute_timing,
    ),
    Route::new("GET", "/api/v1/provisioning/templates", get_templates),
    Route::new("GET", "/api/v1/provisioning/templates/{name}", get_template),
    Route::new("PUT", "/api/v1/provisioning/templates/{name}", put_template),
    Route::new(
        "DELETE",
        "/api/v1/provisioning/templates/{name}",
        delete_template,
    ),
];

/// Provenance `api` (`models.ProvenanceAPI`).
pub(crate) const PROVENANCE_API: &str = "api";
/// The default evaluation interval of a new group (`defaultIntervalSeconds`, 60 s).
pub(crate) const DEFAULT_INTERVAL: i64 = 60;
/// The scheduler's base interval (`[unified_alerting] base_interval`, 10 s).
const BASE_INTERVAL: i64 = 10;
/// The default receiver of every org's Alertmanager configuration
/// (`pkg/services/ngalert/notifier/alertmanager_config.go` default config).
const DEFAULT_RECEIVER: &str = "grafana-default-email";
/// `definitions.RedactedValue`.
const REDACTED: &str = "[REDACTED]";

// ------------------------------------------------------------------ store

/// A Grafana-managed alert rule (`models.AlertRule`) with its provenance.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) uid: String,
    pub(crate) folder_uid: String,
    pub(crate) group: String,
    /// Position in the group (`RuleGroupIndex`).
    pub(crate) group_index: usize,
    pub(crate) title: String,
    pub(crate) condition: String,
    /// The queries and expressions (`[]AlertQuery`), as JSON objects.
    pub(crate) data: Vec<Value>,
    pub(crate) updated: i64,
    /// The group's evaluation interval, seconds.
    pub(crate) interval: i64,
    pub(crate) version: i64,
    pub(crate) no_data_state: String,
    pub(crate) exec_err_state: String,
    pub(crate) for_secs: i64,
    pub(crate) keep_firing_for_secs: i64,
    pub(crate) annotations: BTreeMap<String, String>,
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) is_paused: bool,
    pub(crate) notification_settings: Option<Value>,
    pub(crate) record: Option<Value>,
    pub(crate) missing_series: Option<i64>,
    /// `""` or `"api"`.
    pub(crate) provenance: String,
}

crate::store::impl_row!(Rule);

/// One contact point integration (`EmbeddedContactPoint`).
#[derive(Debug, Clone)]
struct ContactPoint {
    uid: String,
    name: String,
    kind: String,
    settings: Map<String, Value>,
    disable_resolve_message: bool,
    provenance: String,
}

/// A mute timing (`MuteTimeInterval`).
#[derive(Debug, Clone)]
struct MuteTiming {
    name: String,
    time_intervals: Value,
    provenance: String,
}

/// A notification template group (`NotificationTemplate`).
#[derive(Debug, Clone)]
struct Template {
    name: String,
    template: String,
    provenance: String,
}

/// One org's Alertmanager configuration, as the provisioning API sees it.
#[derive(Debug, Clone)]
struct OrgConfig {
    contact_points: Vec<ContactPoint>,
    policy: Value,
    policy_provenance: String,
    mute_timings: Vec<MuteTiming>,
    templates: Vec<Template>,
}

impl OrgConfig {
    /// Grafana's default configuration: one email receiver and a root route
    /// to it (`notifier.defaultConfig`).
    fn default_config() -> Self {
        OrgConfig {
            contact_points: vec![ContactPoint {
                uid: crate::ids::generate_uid(),
                name: DEFAULT_RECEIVER.into(),
                kind: "email".into(),
                settings: json!({"addresses": "<example@email.com>"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                disable_resolve_message: false,
                provenance: String::new(),
            }],
            policy: default_policy(),
            policy_provenance: String::new(),
            mute_timings: Vec::new(),
            templates: Vec::new(),
        }
    }

    fn receiver_exists(&self, name: &str) -> bool {
        self.contact_points.iter().any(|c| c.name == name)
    }
}

fn default_policy() -> Value {
    json!({"receiver": DEFAULT_RECEIVER, "group_by": ["grafana_folder", "alertname"]})
}

/// This area's stored state (held by [`crate::state::State`]): alert rules
/// (shared with the Ruler routes) and each org's notification configuration.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) rules: Table<Rule>,
    orgs: BTreeMap<i64, OrgConfig>,
}

impl Store {
    fn org(&mut self, org_id: i64) -> &mut OrgConfig {
        self.orgs
            .entry(org_id)
            .or_insert_with(OrgConfig::default_config)
    }

    /// The rules of a group, in group order.
    pub(crate) fn group_rules(&self, org_id: i64, folder: &str, group: &str) -> Vec<Rule> {
        let mut rules: Vec<Rule> = self
            .rules
            .in_org(org_id)
            .filter(|r| r.folder_uid == folder && r.group == group)
            .cloned()
            .collect();
        rules.sort_by_key(|r| (r.group_index, r.id));
        rules
    }
}

/// Adds this area's part of the demo data set (`--seed demo`): in org 1 an
/// alert rule in `demo-folder` / `demo-group` (TestData query and a
/// threshold), the `Demo email` contact point and a policy routing to it.
pub(crate) fn seed_demo(st: &mut State, now: i64) {
    let org = crate::state::MAIN_ORG_ID;
    let store = &mut st.alerting;
    let id = store.rules.alloc_id();
    store.rules.insert(Rule {
        id,
        org_id: org,
        uid: "demo-rule".into(),
        folder_uid: crate::seed::DEMO_FOLDER_UID.into(),
        group: "demo-group".into(),
        group_index: 0,
        title: "Demo high value".into(),
        condition: "B".into(),
        data: vec![
            json!({
                "refId": "A",
                "queryType": "",
                "relativeTimeRange": {"from": 600, "to": 0},
                "datasourceUid": "testdata",
                "model": {"refId": "A", "scenarioId": "random_walk", "intervalMs": 1000, "maxDataPoints": 43200}
            }),
            json!({
                "refId": "B",
                "queryType": "",
                "relativeTimeRange": {"from": 0, "to": 0},
                "datasourceUid": "__expr__",
                "model": {
                    "refId": "B", "type": "threshold", "expression": "A",
                    "datasource": {"type": "__expr__", "uid": "__expr__"},
                    "conditions": [{"evaluator": {"type": "gt", "params": [100]}}]
                }
            }),
        ],
        updated: now,
        interval: DEFAULT_INTERVAL,
        version: 1,
        no_data_state: "NoData".into(),
        exec_err_state: "Error".into(),
        for_secs: 300,
        keep_firing_for_secs: 0,
        annotations: BTreeMap::from([("summary".to_string(), "Random walk above 100".to_string())]),
        labels: BTreeMap::from([("team".to_string(), "demo".to_string())]),
        is_paused: false,
        notification_settings: None,
        record: None,
        missing_series: None,
        provenance: String::new(),
    });
    let cfg = store.org(org);
    cfg.contact_points.push(ContactPoint {
        uid: "demo-email".into(),
        name: "Demo email".into(),
        kind: "email".into(),
        settings: json!({"addresses": "demo@example.com", "singleEmail": false})
            .as_object()
            .cloned()
            .unwrap_or_default(),
        disable_resolve_message: false,
        provenance: String::new(),
    });
    cfg.policy = json!({"receiver": "Demo email", "group_by": ["grafana_folder", "alertname"]});
}

// ------------------------------------------------------------ helpers

/// The body bound as the generated ngalert handlers do (`web.Bind`): an
/// empty body is the zero value; invalid JSON or a wrong field type is 400
/// `{"message":"bad request data"}` (`response.Error`, no trace id).
fn bind<T: DeserializeOwned + Default>(ctx: &Ctx) -> Result<T, axum::response::Response> {
    if ctx.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(ctx.body).map_err(|_| respond::message(400, "bad request data"))
}

/// `determineProvenance`: `""` when `X-Disable-Provenance` is present
/// (whatever its value), `"api"` otherwise.
fn provenance(ctx: &Ctx) -> String {
    if ctx.headers.contains_key("x-disable-provenance") {
        String::new()
    } else {
        PROVENANCE_API.into()
    }
}

/// `ErrResp(status, err, "")`: `{"message": err.Error()}`.
fn err_resp(status: u16, msg: &str) -> axum::response::Response {
    respond::message(status, msg)
}

/// An errutil error with public data (`extra`).
fn errutil_extra(status: u16, msg: &str, id: &str, extra: Value) -> axum::response::Response {
    respond::json(
        status,
        &json!({"extra": extra, "message": msg, "messageId": id, "statusCode": status}),
    )
}

/// An empty body with this status (`response.Empty`, `JSON(204, nil)`).
fn empty(status: u16) -> axum::response::Response {
    respond::raw(status, "application/json", Vec::new())
}

/// `validation.ValidateProvenanceRelaxed` (`pkg/services/ngalert/provisioning/validation`):
/// from `none` anything goes; to `none` from anything else is 403
/// `alerting.notifications.invalidProvenance`.
fn validate_provenance_relaxed(from: &str, to: &str) -> Result<(), axum::response::Response> {
    if from.is_empty() || !to.is_empty() {
        return Ok(());
    }
    let name = |p: &str| {
        if p.is_empty() {
            "none".to_string()
        } else {
            p.to_string()
        }
    };
    let (f, t) = (name(from), name(to));
    Err(errutil_extra(
        403,
        &format!(
            "Resource with provenance status '{f}' cannot be managed via API that handles \
             resources with provenance status '{t}'. You must use appropriate API to manage this resource"
        ),
        "alerting.notifications.invalidProvenance",
        json!({"SourceProvenance": f, "TargetProvenance": t}),
    ))
}

/// `validation.CanUpdateProvenanceInRuleGroup`: same provenance, stored
/// none, or stored `api` changed by a request without provenance.
pub(crate) fn can_update_provenance_in_group(stored: &str, provided: &str) -> bool {
    stored == provided || stored.is_empty() || (stored == PROVENANCE_API && provided.is_empty())
}

/// `errProvenanceMismatch` (`provisioning/alert_rules.go`): 409.
fn provenance_mismatch(op: &str, provided: &str, stored: &str) -> axum::response::Response {
    errutil_extra(
        409,
        &format!("cannot {op} with provided provenance '{provided}', needs '{stored}'"),
        "alerting.provenanceMismatch",
        json!({"Operation": op, "ProvidedProvenance": provided, "StoredProvenance": stored}),
    )
}

/// Parses a Prometheus duration (`model.ParseDuration`: `1h30m`, `5m`, `0`,
/// units y w d h m s ms) into whole seconds.
pub(crate) fn parse_duration(s: &str) -> Option<i64> {
    if s == "0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let units: [(&str, i64); 7] = [
        ("y", 365 * 86_400),
        ("w", 7 * 86_400),
        ("d", 86_400),
        ("h", 3600),
        ("ms", 0),
        ("m", 60),
        ("s", 1),
    ];
    let mut rest = s;
    let mut total: i64 = 0;
    let mut last_rank = usize::MAX;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (rank, (unit, mult)) = units
            .iter()
            .enumerate()
            .find(|(_, (u, _))| rest.starts_with(u))?;
        // Units must come in decreasing order, each at most once.
        let order = match *unit {
            "ms" => 6,
            "s" => 5,
            other => units.iter().position(|(u, _)| *u == other).unwrap_or(rank),
        };
        if last_rank != usize::MAX && order <= last_rank {
            return None;
        }
        last_rank = order;
        rest = &rest[unit.len()..];
        total = total.checked_add(n.checked_mul(*mult)?)?;
    }
    Some(total)
}

/// Formats seconds as Prometheus' `model.Duration.String` does (`0s`,
/// `5m`, `1h30m`, `1d`, `1w`).
pub(crate) fn format_duration(secs: i64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    let mut rest = secs;
    for (unit, mult) in [
        ("y", 365 * 86_400),
        ("w", 7 * 86_400),
        ("d", 86_400),
        ("h", 3600),
        ("m", 60),
        ("s", 1),
    ] {
        if rest >= mult {
            out.push_str(&format!("{}{unit}", rest / mult));
            rest %= mult;
        }
    }
    out
}

/// Go's `time.Duration.String` for whole seconds (`0s`, `1m30s`, `1h0m0s`).
fn go_duration(secs: i64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

/// A `model.Duration` field: a string; absent or null is 0.
fn de_duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    match s {
        None => Ok(0),
        Some(s) => parse_duration(&s)
            .ok_or_else(|| serde::de::Error::custom("not a valid duration string")),
    }
}

// ------------------------------------------------------------ rules

/// `definitions.ProvisionedAlertRule` as a request body.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct RuleInput {
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) uid: String,
    #[serde(default, rename = "folderUID", deserialize_with = "nullable")]
    pub(crate) folder_uid: String,
    #[serde(default, rename = "ruleGroup", deserialize_with = "nullable")]
    pub(crate) rule_group: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) title: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) condition: String,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) data: Vec<Value>,
    #[serde(default, rename = "noDataState", deserialize_with = "nullable")]
    pub(crate) no_data_state: String,
    #[serde(default, rename = "execErrState", deserialize_with = "nullable")]
    pub(crate) exec_err_state: String,
    #[serde(default, rename = "for", deserialize_with = "de_duration")]
    pub(crate) for_secs: i64,
    #[serde(default, rename = "keep_firing_for", deserialize_with = "de_duration")]
    pub(crate) keep_firing_for_secs: i64,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) annotations: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "nullable")]
    pub(crate) labels: BTreeMap<String, String>,
    #[serde(default, rename = "isPaused", deserialize_with = "nullable")]
    pub(crate) is_paused: bool,
    #[serde(default)]
    pub(crate) notification_settings: Option<Value>,
    #[serde(default)]
    pub(crate) record: Option<Value>,
    #[serde(default, rename = "missingSeriesEvalsToResolve")]
    pub(crate) missing_series: Option<i64>,
}

/// An `AlertQuery` with Go's zero values filled in (`queryType`,
/// `relativeTimeRange`).
fn normalize_query(q: &Value) -> Value {
    let get = |k: &str| q.get(k).cloned();
    json!({
        "refId": get("refId").unwrap_or(json!("")),
        "queryType": get("queryType").unwrap_or(json!("")),
        "relativeTimeRange": get("relativeTimeRange").unwrap_or(json!({"from": 0, "to": 0})),
        "datasourceUid": get("datasourceUid").unwrap_or(json!("")),
        "model": get("model").unwrap_or(Value::Null),
    })
}

/// The rule as `ProvisionedAlertRule` JSON (`ProvisionedAlertRuleFromAlertRule`).
pub(crate) fn rule_json(r: &Rule) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(r.id));
    m.insert("uid".into(), json!(r.uid));
    m.insert("orgID".into(), json!(r.org_id));
    m.insert("folderUID".into(), json!(r.folder_uid));
    m.insert("ruleGroup".into(), json!(r.group));
    m.insert("title".into(), json!(r.title));
    m.insert("condition".into(), json!(r.condition));
    m.insert("data".into(), Value::Array(r.data.clone()));
    let updated = if r.updated == 0 {
        crate::clock::ZERO_TIME.to_string()
    } else {
        crate::clock::rfc3339(r.updated)
    };
    m.insert("updated".into(), json!(updated));
    m.insert("noDataState".into(), json!(r.no_data_state));
    m.insert("execErrState".into(), json!(r.exec_err_state));
    m.insert("for".into(), json!(format_duration(r.for_secs)));
    m.insert(
        "keep_firing_for".into(),
        json!(format_duration(r.keep_firing_for_secs)),
    );
    if !r.annotations.is_empty() {
        m.insert("annotations".into(), json!(r.annotations));
    }
    if !r.labels.is_empty() {
        m.insert("labels".into(), json!(r.labels));
    }
    if !r.provenance.is_empty() {
        m.insert("provenance".into(), json!(r.provenance));
    }
    m.insert("isPaused".into(), json!(r.is_paused));
    if let Some(ns) = &r.notification_settings {
        m.insert("notification_settings".into(), ns.clone());
    }
    if let Some(rec) = &r.record {
        m.insert("record".into(), rec.clone());
    }
    if let Some(n) = r.missing_series {
        m.insert("missingSeriesEvalsToResolve".into(), json!(n));
    }
    Value::Object(m)
}

/// A rule from a request body, before the store fills ids and times.
pub(crate) fn rule_from_input(inp: RuleInput, org_id: i64) -> Rule {
    Rule {
        id: 0,
        org_id,
        uid: inp.uid,
        folder_uid: inp.folder_uid,
        group: inp.rule_group,
        group_index: 0,
        title: inp.title,
        condition: inp.condition,
        data: inp.data.iter().map(normalize_query).collect(),
        updated: 0,
        interval: 0,
        version: 0,
        no_data_state: inp.no_data_state,
        exec_err_state: inp.exec_err_state,
        for_secs: inp.for_secs,
        keep_firing_for_secs: inp.keep_firing_for_secs,
        annotations: inp.annotations,
        labels: inp.labels,
        is_paused: inp.is_paused,
        notification_settings: inp.notification_settings.filter(|v| !v.is_null()),
        record: inp.record.filter(|v| !v.is_null()),
        missing_series: inp.missing_series,
        provenance: String::new(),
    }
}

/// `invalid alert rule: …` (`models.ErrAlertRuleFailedValidation`).
fn invalid_rule(msg: &str) -> axum::response::Response {
    err_resp(400, &format!("invalid alert rule: {msg}"))
}

/// `util.ValidateUID` on a caller-chosen rule uid.
fn check_rule_uid(uid: &str) -> Result<(), axum::response::Response> {
    match crate::ids::check_uid(uid) {
        Ok(()) => Ok(()),
        Err(crate::ids::UidProblem::IllegalCharacters) => Err(invalid_rule(&format!(
            "cannot create rule with UID '{uid}': uid contains illegal characters"
        ))),
        Err(crate::ids::UidProblem::TooLong) => Err(invalid_rule(&format!(
            "cannot create rule with UID '{uid}': uid too long, max 40 characters"
        ))),
    }
}

/// `AlertRuleService.ensureNamespace`: the folder must be named and exist.
pub(crate) fn ensure_folder(
    st: &State,
    org_id: i64,
    folder_uid: &str,
) -> Result<(), axum::response::Response> {
    if folder_uid.is_empty() {
        return Err(invalid_rule("folderUID must be set"));
    }
    if !st.folders.contains_key(&(org_id, folder_uid.to_string())) {
        return Err(invalid_rule("folder does not exist"));
    }
    Ok(())
}

/// `AlertRule.ValidateAlertRule` (`pkg/services/ngalert/models/alert_rule.go`),
/// in its order: queries, title, interval, then the state options.
pub(crate) fn validate_rule(r: &Rule) -> Result<(), axum::response::Response> {
    if r.data.is_empty() {
        return Err(invalid_rule("no queries or expressions are found"));
    }
    if r.title.is_empty() {
        return Err(invalid_rule("title is empty"));
    }
    validate_interval(r.interval)?;
    if r.record.is_none() {
        if !matches!(
            r.exec_err_state.as_str(),
            "Alerting" | "Error" | "OK" | "KeepLast"
        ) {
            return Err(invalid_rule(&format!(
                "unknown Error state option {}",
                r.exec_err_state
            )));
        }
        if !matches!(
            r.no_data_state.as_str(),
            "Alerting" | "NoData" | "OK" | "KeepLast"
        ) {
            return Err(invalid_rule(&format!(
                "unknown NoData state option {}",
                r.no_data_state
            )));
        }
    }
    if r.for_secs < 0 {
        return Err(invalid_rule("field `for` cannot be negative"));
    }
    Ok(())
}

/// `models.ValidateRuleGroupInterval`: positive and a multiple of the base interval.
pub(crate) fn validate_interval(secs: i64) -> Result<(), axum::response::Response> {
    if secs <= 0 || secs % BASE_INTERVAL != 0 {
        return Err(invalid_rule(&format!(
            "interval ({}) should be non-zero and divided exactly by scheduler interval: {BASE_INTERVAL}",
            go_duration(secs)
        )));
    }
    Ok(())
}

/// Title uniqueness in a folder (`ErrAlertRuleUniqueConstraintViolation`).
fn title_taken(store: &Store, r: &Rule) -> bool {
    store
        .rules
        .in_org(r.org_id)
        .any(|o| o.uid != r.uid && o.folder_uid == r.folder_uid && o.title == r.title)
}

const TITLE_CONFLICT: &str = "a conflicting alert rule is found: rule title under the same organisation and folder should be unique";

/// `GET /api/v1/provisioning/alert-rules` (`RouteGetAlertRules`).
fn get_rules(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_READ)?;
    let st = ctx.app.state.read();
    let list: Vec<Value> = st.alerting.rules.in_org(id.org_id).map(rule_json).collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `GET /api/v1/provisioning/alert-rules/{uid}` (`RouteRouteGetAlertRule`):
/// unknown is an empty 404.
fn get_rule(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_READ)?;
    let st = ctx.app.state.read();
    match st.alerting.rules.by_uid(id.org_id, ctx.param()) {
        Some(r) => Ok(respond::json(200, &rule_json(r))),
        None => Ok(empty(404)),
    }
}

/// `POST /api/v1/provisioning/alert-rules` (`RoutePostAlertRule` →
/// `AlertRuleService.CreateAlertRule`): 201 with the stored rule.
fn post_rule(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_WRITE)?;
    let org = id.org_id;
    let inp: RuleInput = bind(ctx)?;
    let prov = provenance(ctx);
    let mut rule = rule_from_input(inp, org);
    if rule.uid.is_empty() {
        rule.uid = crate::ids::generate_uid();
    } else {
        check_rule_uid(&rule.uid)?;
    }
    let mut st = ctx.app.state.write();
    ensure_folder(&st, org, &rule.folder_uid)?;
    let store = &mut st.alerting;
    // The group's interval if the group exists, else the default.
    let existing = store.group_rules(org, &rule.folder_uid, &rule.group);
    rule.interval = existing.first().map_or(DEFAULT_INTERVAL, |r| r.interval);
    rule.group_index = existing
        .iter()
        .map(|r| r.group_index + 1)
        .max()
        .unwrap_or(0);
    validate_rule(&rule)?;
    if store.rules.by_uid(org, &rule.uid).is_some() {
        // The store's unique key on (org, uid): `ErrAlertRuleConflict`.
        return Err(errutil_extra(
            409,
            &format!(
                "failed to save alert rule [rule_uid: '{}', title: '{}', namespace_uid: '{}']: rule with this UID already exists",
                rule.uid, rule.title, rule.folder_uid
            ),
            "alerting.alert-rule.conflict",
            json!({"RuleUID": rule.uid, "Title": rule.title, "NamespaceUID": rule.folder_uid}),
        ));
    }
    if title_taken(store, &rule) {
        return Err(err_resp(400, TITLE_CONFLICT));
    }
    rule.id = store.rules.alloc_id();
    rule.updated = ctx.now;
    rule.version = 1;
    rule.provenance = prov;
    let out = rule_json(&rule);
    store.rules.insert(rule);
    Ok(respond::json(201, &out))
}

/// `PUT /api/v1/provisioning/alert-rules/{uid}` (`RoutePutAlertRule` →
/// `UpdateAlertRule`): 200 with the rule; unknown is an empty 404; a rule
/// with provenance `api` changed without provenance is Grafana's plain
/// error, answered 500.
fn put_rule(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_WRITE)?;
    let org = id.org_id;
    let inp: RuleInput = bind(ctx)?;
    let prov = provenance(ctx);
    let mut rule = rule_from_input(inp, org);
    rule.uid = ctx.param().to_string();
    let mut st = ctx.app.state.write();
    ensure_folder(&st, org, &rule.folder_uid)?;
    let store = &mut st.alerting;
    let Some(stored) = store.rules.by_uid(org, &rule.uid).cloned() else {
        return Ok(empty(404));
    };
    if stored.provenance != prov && !stored.provenance.is_empty() {
        // A plain `fmt.Errorf("cannot change provenance from …")` through
        // `response.ErrOrFallback(500, "", err)`.
        return Err(respond::message(500, "Internal Server Error"));
    }
    rule.id = stored.id;
    rule.interval = stored.interval;
    rule.group_index = if stored.group == rule.group && stored.folder_uid == rule.folder_uid {
        stored.group_index
    } else {
        let existing = store.group_rules(org, &rule.folder_uid, &rule.group);
        rule.interval = existing.first().map_or(stored.interval, |r| r.interval);
        existing
            .iter()
            .map(|r| r.group_index + 1)
            .max()
            .unwrap_or(0)
    };
    validate_rule(&rule)?;
    if title_taken(store, &rule) {
        return Err(err_resp(400, TITLE_CONFLICT));
    }
    rule.updated = ctx.now;
    rule.version = stored.version + 1;
    rule.provenance = prov;
    let out = rule_json(&rule);
    store.rules.insert(rule);
    Ok(respond::json(200, &out))
}

/// `DELETE /api/v1/provisioning/alert-rules/{uid}` (`DeleteAlertRule`):
/// 204, also for an unknown uid; provenance must match unless stored none
/// (409 `alerting.provenanceMismatch`).
fn delete_rule(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_WRITE)?;
    let prov = provenance(ctx);
    let mut st = ctx.app.state.write();
    let store = &mut st.alerting;
    if let Some(r) = store.rules.by_uid(id.org_id, ctx.param()) {
        if r.provenance != prov && !r.provenance.is_empty() {
            return Err(provenance_mismatch("delete", &prov, &r.provenance));
        }
        let rid = r.id;
        store.rules.remove(id.org_id, rid);
    }
    Ok(empty(204))
}

/// `ErrAlertRuleGroupNotFound` (`alerting.alert-rule.notFound`).
fn group_not_found() -> axum::response::Response {
    respond::errutil(404, "Not found", "alerting.alert-rule.notFound")
}

/// The group as `definitions.AlertRuleGroup`.
fn group_json(folder: &str, group: &str, rules: &[Rule]) -> Value {
    json!({
        "title": group,
        "folderUid": folder,
        "interval": rules.first().map_or(0, |r| r.interval),
        "rules": rules.iter().map(rule_json).collect::<Vec<_>>(),
    })
}

/// `GET …/folder/{folderUid}/rule-groups/{group}` (`RouteGetAlertRuleGroup`).
fn get_group(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_READ)?;
    let (folder, group) = (ctx.param_at(0), ctx.param_at(1));
    let st = ctx.app.state.read();
    let rules = st.alerting.group_rules(id.org_id, folder, group);
    if rules.is_empty() {
        return Err(group_not_found());
    }
    Ok(respond::json(200, &group_json(folder, group, &rules)))
}

/// `definitions.AlertRuleGroup` as a request body.
#[derive(Debug, Default, Deserialize)]
struct GroupInput {
    #[serde(default, deserialize_with = "nullable")]
    interval: i64,
    #[serde(default)]
    rules: Option<Vec<RuleInput>>,
}

/// `PUT …/folder/{folderUid}/rule-groups/{group}` (`RoutePutAlertRuleGroup`
/// → `ReplaceRuleGroup`): the group becomes exactly the rules sent (rules
/// matched by uid, others deleted; no `rules` key keeps the rules and
/// changes only the interval). Answers the group as received, with the
/// path's folder and title.
fn put_group(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_WRITE)?;
    let org = id.org_id;
    let (folder, group) = (ctx.param_at(0).to_string(), ctx.param_at(1).to_string());
    let inp: GroupInput = bind(ctx)?;
    let prov = provenance(ctx);
    validate_interval(inp.interval)?;
    let mut st = ctx.app.state.write();
    ensure_folder(&st, org, &folder)?;
    let now = ctx.now;
    let store = &mut st.alerting;
    let existing = store.group_rules(org, &folder, &group);
    let sent_rules = inp.rules.is_some();
    let mut incoming: Vec<Rule> = match inp.rules {
        Some(list) => list.into_iter().map(|r| rule_from_input(r, org)).collect(),
        None => existing.clone(),
    };
    // The echo is the request as Grafana re-marshals it.
    let echo_rules: Vec<Value> = incoming
        .iter()
        .map(|r| {
            let mut v = rule_json(r);
            if sent_rules {
                if let Some(m) = v.as_object_mut() {
                    m.insert("orgID".into(), json!(0));
                }
            }
            v
        })
        .collect();
    for r in &incoming {
        if !r.uid.is_empty() {
            if let Err(
                crate::ids::UidProblem::IllegalCharacters | crate::ids::UidProblem::TooLong,
            ) = crate::ids::check_uid(&r.uid)
            {
                return Err(invalid_rule(&format!(
                    "cannot create rule with UID \"{}\": invalid uid",
                    r.uid
                )));
            }
        }
    }
    // syncGroupRuleFields: the group's identity and interval on every rule.
    for (i, r) in incoming.iter_mut().enumerate() {
        r.folder_uid = folder.clone();
        r.group = group.clone();
        r.interval = inp.interval;
        r.group_index = i;
        r.org_id = org;
        validate_rule(r)?;
    }
    // Provenance of every change (`persistDelta`).
    let kept: Vec<&str> = incoming.iter().map(|r| r.uid.as_str()).collect();
    for old in &existing {
        if !kept.contains(&old.uid.as_str())
            && !can_update_provenance_in_group(&old.provenance, &prov)
        {
            return Err(provenance_mismatch("delete", &prov, &old.provenance));
        }
    }
    for r in &incoming {
        if let Some(old) = store.rules.by_uid(org, &r.uid) {
            if !can_update_provenance_in_group(&old.provenance, &prov) {
                return Err(provenance_mismatch("update", &prov, &old.provenance));
            }
        }
    }
    for old in &existing {
        if !kept.contains(&old.uid.as_str()) {
            store.rules.remove(org, old.id);
        }
    }
    for mut r in incoming {
        match store.rules.by_uid(org, &r.uid).cloned() {
            Some(old) => {
                r.id = old.id;
                r.version = old.version + 1;
                r.updated = now;
            }
            None => {
                if r.uid.is_empty() {
                    r.uid = crate::ids::generate_uid();
                }
                r.id = store.rules.alloc_id();
                r.version = 1;
                r.updated = now;
            }
        }
        if title_taken(store, &r) {
            return Err(err_resp(400, TITLE_CONFLICT));
        }
        r.provenance = prov.clone();
        store.rules.insert(r);
    }
    Ok(respond::json(
        200,
        &json!({"title": group, "folderUid": folder, "interval": inp.interval, "rules": echo_rules}),
    ))
}

/// `DELETE …/folder/{folderUid}/rule-groups/{group}` (`RouteDeleteAlertRuleGroup`
/// → `DeleteRuleGroups`): 204; unknown group 404; provenance as for a group write.
fn delete_group(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_WRITE)?;
    let (folder, group) = (ctx.param_at(0), ctx.param_at(1));
    let prov = provenance(ctx);
    let mut st = ctx.app.state.write();
    let store = &mut st.alerting;
    let rules = store.group_rules(id.org_id, folder, group);
    if rules.is_empty() {
        return Err(group_not_found());
    }
    if let Some(r) = rules
        .iter()
        .find(|r| !can_update_provenance_in_group(&r.provenance, &prov))
    {
        return Err(provenance_mismatch("delete", &prov, &r.provenance));
    }
    for r in rules {
        store.rules.remove(id.org_id, r.id);
    }
    Ok(empty(204))
}

// ------------------------------------------------------------ export

/// `AlertQueryExport`.
fn query_export(q: &Value) -> Value {
    let mut m = Map::new();
    m.insert("refId".into(), q.get("refId").cloned().unwrap_or(json!("")));
    if let Some(t) = q.get("queryType").filter(|t| t.as_str() != Some("")) {
        m.insert("queryType".into(), t.clone());
    }
    m.insert(
        "relativeTimeRange".into(),
        q.get("relativeTimeRange")
            .cloned()
            .unwrap_or(json!({"from": 0, "to": 0})),
    );
    m.insert(
        "datasourceUid".into(),
        q.get("datasourceUid").cloned().unwrap_or(json!("")),
    );
    m.insert(
        "model".into(),
        q.get("model").cloned().unwrap_or(Value::Null),
    );
    Value::Object(m)
}

/// `AlertRuleExport`.
fn rule_export(r: &Rule) -> Value {
    let mut m = Map::new();
    m.insert("uid".into(), json!(r.uid));
    m.insert("title".into(), json!(r.title));
    m.insert("condition".into(), json!(r.condition));
    m.insert(
        "data".into(),
        Value::Array(r.data.iter().map(query_export).collect()),
    );
    m.insert("noDataState".into(), json!(r.no_data_state));
    m.insert("execErrState".into(), json!(r.exec_err_state));
    m.insert("for".into(), json!(format_duration(r.for_secs)));
    if r.keep_firing_for_secs != 0 {
        m.insert(
            "keepFiringFor".into(),
            json!(format_duration(r.keep_firing_for_secs)),
        );
    }
    if !r.annotations.is_empty() {
        m.insert("annotations".into(), json!(r.annotations));
    }
    if !r.labels.is_empty() {
        m.insert("labels".into(), json!(r.labels));
    }
    m.insert("isPaused".into(), json!(r.is_paused));
    if let Some(ns) = &r.notification_settings {
        m.insert("notification_settings".into(), ns.clone());
    }
    if let Some(rec) = &r.record {
        m.insert("record".into(), rec.clone());
    }
    Value::Object(m)
}

/// `AlertRuleGroupExport` (folder = the folder's title path).
fn group_export(st: &State, org: i64, rules: &[Rule]) -> Value {
    let Some(first) = rules.first() else {
        return json!({});
    };
    let folder = st
        .folders
        .get(&(org, first.folder_uid.clone()))
        .map(|f| f.title.clone())
        .unwrap_or_default();
    json!({
        "orgId": org,
        "name": first.group,
        "folder": folder,
        "interval": format_duration(first.interval),
        "rules": rules.iter().map(rule_export).collect::<Vec<_>>(),
    })
}

/// `exportResponse`: `format=json|yaml` (else the `Accept` header, default
/// YAML as `text/yaml`); `download=true` adds `Content-Disposition` (and
/// YAML becomes `application/yaml`).
fn export_response(ctx: &Ctx, body: &Value) -> ApiResult {
    // `AlertingFileExport`'s lists are `omitempty`.
    let mut body = body.clone();
    if let Some(m) = body.as_object_mut() {
        m.retain(|_, v| v.as_array().is_none_or(|a| !a.is_empty()));
    }
    let body = &body;
    let mut format = "yaml";
    if ctx.header("accept").is_some_and(|a| a.contains("json")) {
        format = "json";
    }
    match ctx.query.get("format") {
        Some("json") => format = "json",
        Some("yaml") | Some("hcl") => format = "yaml",
        _ => {}
    }
    let download = ctx.query.bool("download");
    let mut resp = if format == "json" {
        respond::json(200, body)
    } else {
        let ct = if download {
            "application/yaml"
        } else {
            "text/yaml"
        };
        respond::raw(200, ct, to_yaml(body).into_bytes())
    };
    if download {
        if let Ok(v) =
            axum::http::HeaderValue::from_str(&format!("attachment;filename=\"export.{format}\""))
        {
            resp.headers_mut()
                .insert(axum::http::header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(resp)
}

/// `GET /api/v1/provisioning/alert-rules/export` (`RouteGetAlertRulesExport`).
fn export_rules(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_READ)?;
    let folders: Vec<String> = ctx
        .query
        .all("folderUid")
        .into_iter()
        .map(str::to_string)
        .collect();
    let group = ctx.query.get("group").unwrap_or("");
    let uid = ctx.query.get("ruleUid").unwrap_or("");
    if !uid.is_empty() {
        if !group.is_empty() || !folders.is_empty() {
            return Err(err_resp(
                400,
                "group and folder should not be specified when a single rule is requested",
            ));
        }
        return export_one_rule(ctx, id.org_id, uid);
    }
    if !group.is_empty() {
        if folders.len() != 1 || folders[0].is_empty() {
            return Err(err_resp(
                400,
                &format!(
                    "group name must be specified together with a single folder_uid parameter. Got {}",
                    folders.len()
                ),
            ));
        }
        return export_one_group(ctx, id.org_id, &folders[0], group);
    }
    let st = ctx.app.state.read();
    let mut keys: Vec<(String, String)> = st
        .alerting
        .rules
        .in_org(id.org_id)
        .filter(|r| folders.is_empty() || folders.contains(&r.folder_uid))
        .map(|r| (r.folder_uid.clone(), r.group.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return Ok(empty(404));
    }
    let groups: Vec<Value> = keys
        .iter()
        .map(|(f, g)| group_export(&st, id.org_id, &st.alerting.group_rules(id.org_id, f, g)))
        .collect();
    export_response(ctx, &json!({"apiVersion": 1, "groups": groups}))
}

fn export_one_rule(ctx: &Ctx, org: i64, uid: &str) -> ApiResult {
    let st = ctx.app.state.read();
    let Some(r) = st.alerting.rules.by_uid(org, uid).cloned() else {
        // `ErrResp(404, ErrAlertRuleNotFound)`.
        return Err(err_resp(404, "could not find alert rule"));
    };
    let body =
        json!({"apiVersion": 1, "groups": [group_export(&st, org, std::slice::from_ref(&r))]});
    export_response(ctx, &body)
}

fn export_one_group(ctx: &Ctx, org: i64, folder: &str, group: &str) -> ApiResult {
    let st = ctx.app.state.read();
    let rules = st.alerting.group_rules(org, folder, group);
    if rules.is_empty() {
        return Err(group_not_found());
    }
    let body = json!({"apiVersion": 1, "groups": [group_export(&st, org, &rules)]});
    export_response(ctx, &body)
}

/// `GET /api/v1/provisioning/alert-rules/{uid}/export` (`RouteGetAlertRuleExport`).
fn export_rule(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_READ)?;
    export_one_rule(ctx, id.org_id, ctx.param())
}

/// `GET …/folder/{folderUid}/rule-groups/{group}/export` (`RouteGetAlertRuleGroupExport`).
fn export_group(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_RULES_READ)?;
    export_one_group(ctx, id.org_id, ctx.param_at(0), ctx.param_at(1))
}

/// Serialises JSON as block-style YAML (maps `key: value`, lists `- item`,
/// strings quoted when YAML would read them otherwise).
fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_value(v, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let plain = !s.is_empty()
                && !s.starts_with([
                    ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>',
                    '\'', '"', '%', '@', '`',
                ])
                && !s.ends_with(' ')
                && !s.contains(": ")
                && !s.contains(" #")
                && !s.contains('\n')
                && !matches!(
                    s.to_ascii_lowercase().as_str(),
                    "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
                )
                && s.parse::<f64>().is_err();
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        _ => String::new(),
    }
}

fn yaml_value(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (i, (k, val)) in m.iter().enumerate() {
                // The first key of a list item follows its `- `.
                if !(i == 0 && out.ends_with("- ")) {
                    out.push_str(&pad);
                }
                out.push_str(&yaml_scalar(&Value::String(k.clone())));
                out.push(':');
                yaml_child(val, indent, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for item in a {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => yaml_value(item, indent + 2, out),
                    Value::Array(x) if !x.is_empty() => {
                        out.push('\n');
                        yaml_value(item, indent + 2, out)
                    }
                    _ => {
                        out.push_str(&yaml_inline(item));
                        out.push('\n');
                    }
                }
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&yaml_inline(other));
            out.push('\n');
        }
    }
}

fn yaml_inline(v: &Value) -> String {
    match v {
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        s => yaml_scalar(s),
    }
}

fn yaml_child(val: &Value, indent: usize, out: &mut String) {
    match val {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml_value(val, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml_value(val, indent + 2, out);
        }
        other => {
            out.push(' ');
            out.push_str(&yaml_inline(other));
            out.push('\n');
        }
    }
}

// ------------------------------------------------------------ contact points

/// The secret settings of an integration type (`channels_config.GetSecretKeysForContactPointType`),
/// for the common types.
fn secret_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "slack" => &["url", "token"],
        "webhook" => &["password", "authorization_credentials"],
        "pagerduty" => &["integrationKey"],
        "telegram" => &["bottoken"],
        "discord" | "googlechat" | "teams" => &["url"],
        "opsgenie" => &["apiKey"],
        "pushover" => &["userKey", "apiToken"],
        "victorops" => &["url"],
        "line" => &["token"],
        "threema" => &["api_secret"],
        "sensugo" => &["apikey"],
        "kafka" => &["password"],
        _ => &[],
    }
}

const KNOWN_TYPES: &[&str] = &[
    "alertmanager",
    "dingding",
    "discord",
    "email",
    "googlechat",
    "kafka",
    "line",
    "opsgenie",
    "pagerduty",
    "pushover",
    "sensugo",
    "slack",
    "teams",
    "telegram",
    "threema",
    "victorops",
    "webhook",
    "wecom",
    "oncall",
    "sns",
    "webex",
    "mqtt",
    "jira",
];

/// The integration as `EmbeddedContactPoint`, secrets `[REDACTED]` unless `decrypt`.
fn contact_point_json(c: &ContactPoint, decrypt: bool) -> Value {
    let mut settings = c.settings.clone();
    if !decrypt {
        for k in secret_keys(&c.kind) {
            if settings.get(*k).is_some_and(|v| !v.is_null() && v != "") {
                settings.insert((*k).into(), json!(REDACTED));
            }
        }
    }
    let mut m = Map::new();
    m.insert("uid".into(), json!(c.uid));
    m.insert("name".into(), json!(c.name));
    m.insert("type".into(), json!(c.kind));
    m.insert("settings".into(), Value::Object(settings));
    m.insert(
        "disableResolveMessage".into(),
        json!(c.disable_resolve_message),
    );
    if !c.provenance.is_empty() {
        m.insert("provenance".into(), json!(c.provenance));
    }
    Value::Object(m)
}

/// `EmbeddedContactPoint` as a request body.
#[derive(Debug, Default, Deserialize)]
struct ContactPointInput {
    #[serde(default, deserialize_with = "nullable")]
    uid: String,
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default, rename = "type", deserialize_with = "nullable")]
    kind: String,
    #[serde(default)]
    settings: Option<Value>,
    #[serde(
        default,
        rename = "disableResolveMessage",
        deserialize_with = "nullable"
    )]
    disable_resolve_message: bool,
}

/// `ValidateContactPoint`: type, settings, a known type and its required
/// settings (email `addresses`, URL-based types `url`).
fn validate_contact_point(inp: &ContactPointInput) -> Result<Map<String, Value>, String> {
    if inp.kind.is_empty() {
        return Err("type should not be an empty string".into());
    }
    let Some(Value::Object(settings)) = &inp.settings else {
        return Err("settings should not be empty".into());
    };
    if !KNOWN_TYPES.contains(&inp.kind.as_str()) {
        return Err(format!("unknown type '{}'", inp.kind));
    }
    let has = |k: &str| {
        settings
            .get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    };
    match inp.kind.as_str() {
        "email" if !has("addresses") => return Err("could not find addresses in settings".into()),
        "webhook" | "discord" | "googlechat" | "teams" if !has("url") => {
            return Err("could not find url property in settings".into())
        }
        "slack" if !has("url") && !has("token") => {
            return Err("token must be specified when using the Slack chat API".into())
        }
        _ => {}
    }
    Ok(settings.clone())
}

/// `GET /api/v1/provisioning/contact-points` (`RouteGetContactpoints`), `name` filter.
fn get_contact_points(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let name = ctx.query.get("name").unwrap_or("").to_string();
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let list: Vec<Value> = cfg
        .contact_points
        .iter()
        .filter(|c| name.is_empty() || c.name == name)
        .map(|c| contact_point_json(c, false))
        .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `POST /api/v1/provisioning/contact-points` (`RoutePostContactPoint` →
/// `CreateContactPoint`): 202 with the integration, secrets redacted.
fn post_contact_point(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let inp: ContactPointInput = bind(ctx)?;
    let settings = validate_contact_point(&inp)
        .map_err(|e| err_resp(400, &format!("invalid object specification: {e}")))?;
    let uid = if inp.uid.is_empty() {
        crate::ids::generate_uid()
    } else {
        if crate::ids::check_uid(&inp.uid).is_err() {
            return Err(err_resp(
                400,
                &format!("invalid object specification\ncannot create contact point with UID '{}': invalid uid", inp.uid),
            ));
        }
        inp.uid.clone()
    };
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    if let Some(other) = cfg.contact_points.iter().find(|c| c.uid == uid) {
        // A plain error through `ErrResp(500, err, "")`.
        return Err(err_resp(
            500,
            &format!(
                "receiver configuration with UID '{}' already exist in contact point '{}'. Please use unique identifiers for receivers across all contact points",
                other.uid, other.name
            ),
        ));
    }
    let cp = ContactPoint {
        uid,
        name: inp.name,
        kind: inp.kind,
        settings,
        disable_resolve_message: inp.disable_resolve_message,
        provenance: provenance(ctx),
    };
    let out = contact_point_json(&cp, false);
    cfg.contact_points.push(cp);
    Ok(respond::json(202, &out))
}

/// `PUT /api/v1/provisioning/contact-points/{uid}` (`RoutePutContactPoint`
/// → `UpdateContactPoint`): 202 `contactpoint updated`; `[REDACTED]`
/// secrets keep their stored value; renaming follows in the policy tree.
fn put_contact_point(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let inp: ContactPointInput = bind(ctx)?;
    let uid = ctx.param().to_string();
    let prov = provenance(ctx);
    if inp.settings.as_ref().is_none_or(Value::is_null) {
        return Err(err_resp(
            400,
            "invalid object specification: settings should not be empty",
        ));
    }
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let Some(idx) = cfg.contact_points.iter().position(|c| c.uid == uid) else {
        return Err(err_resp(
            404,
            &format!("object not found: contact point with uid '{uid}' not found"),
        ));
    };
    let stored = cfg.contact_points[idx].clone();
    let mut inp = inp;
    if let Some(Value::Object(s)) = inp.settings.as_mut() {
        for k in secret_keys(&inp.kind) {
            if s.get(*k).and_then(Value::as_str) == Some(REDACTED) {
                s.insert(
                    (*k).into(),
                    stored.settings.get(*k).cloned().unwrap_or(json!("")),
                );
            }
        }
    }
    let settings = validate_contact_point(&inp)
        .map_err(|e| err_resp(400, &format!("invalid object specification: {e}")))?;
    if stored.provenance != prov && !stored.provenance.is_empty() {
        return Err(err_resp(
            500,
            &format!(
                "cannot change provenance from '{}' to '{prov}'",
                stored.provenance
            ),
        ));
    }
    if stored.name != inp.name
        && !cfg
            .contact_points
            .iter()
            .any(|c| c.uid != uid && c.name == stored.name)
    {
        // The receiver group is renamed: routes follow (`replaceReferences`).
        rename_receiver(&mut cfg.policy, &stored.name, &inp.name);
    }
    cfg.contact_points[idx] = ContactPoint {
        uid,
        name: inp.name,
        kind: inp.kind,
        settings,
        disable_resolve_message: inp.disable_resolve_message,
        provenance: prov,
    };
    Ok(respond::json(
        202,
        &json!({"message": "contactpoint updated"}),
    ))
}

fn rename_receiver(route: &mut Value, old: &str, new: &str) {
    if route.get("receiver").and_then(Value::as_str) == Some(old) {
        route["receiver"] = json!(new);
    }
    if let Some(children) = route.get_mut("routes").and_then(Value::as_array_mut) {
        for c in children {
            rename_receiver(c, old, new);
        }
    }
}

fn route_uses(route: &Value, key: &str, name: &str) -> bool {
    let here = match route.get(key) {
        Some(Value::String(s)) => s == name,
        Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some(name)),
        _ => false,
    };
    here || route
        .get("routes")
        .and_then(Value::as_array)
        .is_some_and(|c| c.iter().any(|r| route_uses(r, key, name)))
}

/// `DELETE /api/v1/provisioning/contact-points/{uid}` (`RouteDeleteContactPoint`):
/// 202 `contactpoint deleted` (also for an unknown uid); the last
/// integration of a contact point used by a route is 409.
fn delete_contact_point(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let uid = ctx.param();
    let mut st = ctx.app.state.write();
    let used_by_rule = |name: &str, rules: &Table<Rule>| {
        rules.in_org(id.org_id).any(|r| {
            r.notification_settings
                .as_ref()
                .and_then(|n| n.get("receiver"))
                .and_then(Value::as_str)
                == Some(name)
        })
    };
    let store = &mut st.alerting;
    let rules = store.rules.clone();
    let cfg = store.org(id.org_id);
    if let Some(idx) = cfg.contact_points.iter().position(|c| c.uid == uid) {
        let name = cfg.contact_points[idx].name.clone();
        let last = cfg.contact_points.iter().filter(|c| c.name == name).count() == 1;
        if last && route_uses(&cfg.policy, "receiver", &name) {
            return Err(respond::errutil(
                409,
                "Contact point is currently referenced by a notification policy.",
                "alerting.notifications.contact-points.referenced",
            ));
        }
        if last && used_by_rule(&name, &rules) {
            return Err(err_resp(
                500,
                &format!("contact point '{name}' is currently used in notification settings by one or many alert rules"),
            ));
        }
        cfg.contact_points.remove(idx);
    }
    Ok(respond::json(
        202,
        &json!({"message": "contactpoint deleted"}),
    ))
}

/// `GET /api/v1/provisioning/contact-points/export`: `ContactPointExport`
/// per contact point name (`decrypt=true` shows secrets, `name` filters).
fn export_contact_points(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let decrypt = ctx.query.bool("decrypt");
    if decrypt && !crate::role::allows(id.role, PROVISIONING_SECRETS_READ) {
        return Err(respond::rbac_denied(Evaluator::One(
            PROVISIONING_SECRETS_READ,
        )));
    }
    let name = ctx.query.get("name").unwrap_or("").to_string();
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for c in cfg
        .contact_points
        .iter()
        .filter(|c| name.is_empty() || c.name == name)
    {
        let mut recv = contact_point_json(c, decrypt);
        if let Some(m) = recv.as_object_mut() {
            m.remove("name");
            m.remove("provenance");
        }
        match groups.iter_mut().find(|(n, _)| *n == c.name) {
            Some((_, v)) => v.push(recv),
            None => groups.push((c.name.clone(), vec![recv])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let cps: Vec<Value> = groups
        .into_iter()
        .map(|(n, r)| json!({"orgId": id.org_id, "name": n, "receivers": r}))
        .collect();
    export_response(ctx, &json!({"apiVersion": 1, "contactPoints": cps}))
}

// ------------------------------------------------------------ policies

fn policy_json(cfg: &OrgConfig) -> Value {
    let mut tree = cfg.policy.clone();
    if !cfg.policy_provenance.is_empty() {
        if let Some(m) = tree.as_object_mut() {
            m.insert("provenance".into(), json!(cfg.policy_provenance));
        }
    }
    tree
}

/// `GET /api/v1/provisioning/policies` (`RouteGetPolicyTree`).
fn get_policies(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    Ok(respond::json(200, &policy_json(cfg)))
}

/// `Route.Validate` / `ValidateReceivers` / mute-timing references, as
/// `MakeErrRouteInvalidFormat` (400 `alerting.notifications.routes.invalidFormat`).
fn validate_route(cfg: &OrgConfig, route: &Value, root: bool) -> Result<(), String> {
    let Some(obj) = route.as_object() else {
        return Err("route must be an object".into());
    };
    let receiver = obj.get("receiver").and_then(Value::as_str).unwrap_or("");
    if root && receiver.is_empty() {
        return Err("root route must specify a default receiver".into());
    }
    if !receiver.is_empty() && !cfg.receiver_exists(receiver) {
        return Err(format!("receiver '{receiver}' does not exist"));
    }
    for key in ["mute_time_intervals", "active_time_intervals"] {
        if let Some(list) = obj.get(key).and_then(Value::as_array) {
            for n in list.iter().filter_map(Value::as_str) {
                if !cfg.mute_timings.iter().any(|m| m.name == n) {
                    return Err(format!("mute time interval '{n}' does not exist"));
                }
            }
        }
    }
    for (k, secs) in [
        ("group_wait", 0),
        ("group_interval", 1),
        ("repeat_interval", 1),
    ] {
        if let Some(v) = obj.get(k).and_then(Value::as_str) {
            match parse_duration(v) {
                Some(d) if d >= secs => {}
                _ => return Err(format!("invalid {k}: '{v}'")),
            }
        }
    }
    if let Some(children) = obj.get("routes").and_then(Value::as_array) {
        for c in children {
            validate_route(cfg, c, false)?;
        }
    }
    Ok(())
}

/// `PUT /api/v1/provisioning/policies` (`RoutePutPolicyTree` →
/// `UpdatePolicyTree`): 202 `policies updated`.
fn put_policies(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let mut tree: Value = bind::<Option<Value>>(ctx)?.unwrap_or(json!({}));
    if !tree.is_object() {
        return Err(respond::message(400, "bad request data"));
    }
    if let Some(m) = tree.as_object_mut() {
        m.remove("provenance");
    }
    let prov = provenance(ctx);
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    if let Err(e) = validate_route(cfg, &tree, true) {
        return Err(errutil_extra(
            400,
            &format!(
                "Invalid format of the submitted route: {e}. Correct the payload and try again."
            ),
            "alerting.notifications.routes.invalidFormat",
            json!({"Error": e}),
        ));
    }
    validate_provenance_relaxed(&cfg.policy_provenance, &prov)?;
    cfg.policy = tree;
    cfg.policy_provenance = prov;
    Ok(respond::json(202, &json!({"message": "policies updated"})))
}

/// `DELETE /api/v1/provisioning/policies` (`RouteResetPolicyTree`): the
/// default tree, answered 202.
fn reset_policies(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    cfg.policy = default_policy();
    cfg.policy_provenance = String::new();
    if !cfg.receiver_exists(DEFAULT_RECEIVER) {
        cfg.contact_points
            .push(OrgConfig::default_config().contact_points.remove(0));
    }
    Ok(respond::json(202, &cfg.policy.clone()))
}

/// `GET /api/v1/provisioning/policies/export` (`RouteGetPolicyTreeExport`).
fn export_policies(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let mut p = Map::new();
    p.insert("orgId".into(), json!(id.org_id));
    if let Some(m) = cfg.policy.as_object() {
        for (k, v) in m {
            p.insert(k.clone(), v.clone());
        }
    }
    export_response(ctx, &json!({"apiVersion": 1, "policies": [p]}))
}

// ------------------------------------------------------------ mute timings

/// A mute timing's version: a hash of its definition (`calculateMuteTimeIntervalFingerprint`).
fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn mute_json(m: &MuteTiming) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(m.name));
    o.insert("time_intervals".into(), m.time_intervals.clone());
    o.insert("version".into(), json!(mute_version(m)));
    if !m.provenance.is_empty() {
        o.insert("provenance".into(), json!(m.provenance));
    }
    Value::Object(o)
}

fn mute_version(m: &MuteTiming) -> String {
    fingerprint(&[&m.name, &m.time_intervals.to_string()])
}

fn mute_not_found() -> axum::response::Response {
    respond::errutil(
        404,
        "Not found",
        "alerting.notifications.time-intervals.notFound",
    )
}

fn mute_invalid(e: &str) -> axum::response::Response {
    errutil_extra(
        400,
        "Time interval is in invalid format. Correct the payload and try again.",
        "alerting.notifications.time-intervals.invalidFormat",
        json!({"Error": e}),
    )
}

/// `MuteTimeInterval` as a request body.
#[derive(Debug, Default, Deserialize)]
struct MuteInput {
    #[serde(default, deserialize_with = "nullable")]
    name: String,
    #[serde(default)]
    time_intervals: Option<Value>,
    #[serde(default, deserialize_with = "nullable")]
    version: String,
}

/// `MuteTimeInterval.Validate`: a name and well-formed intervals.
fn validate_mute(inp: &MuteInput) -> Result<Value, String> {
    if inp.name.is_empty() {
        return Err("missing name".into());
    }
    let intervals = match &inp.time_intervals {
        None | Some(Value::Null) => json!([]),
        Some(v @ Value::Array(_)) => v.clone(),
        Some(_) => return Err("time_intervals must be a list".into()),
    };
    for ti in intervals.as_array().into_iter().flatten() {
        if let Some(times) = ti.get("times").and_then(Value::as_array) {
            for t in times {
                for k in ["start_time", "end_time"] {
                    let s = t.get(k).and_then(Value::as_str).unwrap_or("");
                    let ok = s.len() == 5
                        && s.as_bytes()[2] == b':'
                        && s[..2].parse::<u32>().is_ok_and(|h| h <= 24)
                        && s[3..].parse::<u32>().is_ok_and(|m| m < 60);
                    if !ok {
                        return Err(format!("couldn't parse timestamp {s}, invalid format"));
                    }
                }
            }
        }
    }
    Ok(intervals)
}

/// `GET /api/v1/provisioning/mute-timings` (`RouteGetMuteTimings`).
fn get_mute_timings(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let list: Vec<Value> = cfg.mute_timings.iter().map(mute_json).collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `GET /api/v1/provisioning/mute-timings/{name}` (`RouteGetMuteTiming`).
fn get_mute_timing(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    match cfg.mute_timings.iter().find(|m| m.name == ctx.param()) {
        Some(m) => Ok(respond::json(200, &mute_json(m))),
        None => Err(mute_not_found()),
    }
}

/// `POST /api/v1/provisioning/mute-timings` (`RoutePostMuteTiming` →
/// `CreateMuteTiming`): 201; an existing name is 400.
fn post_mute_timing(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let inp: MuteInput = bind(ctx)?;
    let intervals = validate_mute(&inp).map_err(|e| mute_invalid(&e))?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    if cfg.mute_timings.iter().any(|m| m.name == inp.name) {
        return Err(respond::errutil(
            400,
            "Time interval with this name already exists. Use a different name or update existing one.",
            "alerting.notifications.time-intervals.nameExists",
        ));
    }
    let m = MuteTiming {
        name: inp.name,
        time_intervals: intervals,
        provenance: provenance(ctx),
    };
    let out = mute_json(&m);
    cfg.mute_timings.push(m);
    Ok(respond::json(201, &out))
}

/// `PUT /api/v1/provisioning/mute-timings/{name}` (`RoutePutMuteTiming` →
/// `UpdateMuteTiming`): 202; unknown 404; a stale `version` 409; provenance
/// relaxed (403).
fn put_mute_timing(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let mut inp: MuteInput = bind(ctx)?;
    let path_name = ctx.param().to_string();
    if inp.name.is_empty() {
        inp.name = path_name.clone();
    }
    let intervals = validate_mute(&inp).map_err(|e| mute_invalid(&e))?;
    let prov = provenance(ctx);
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let Some(idx) = cfg.mute_timings.iter().position(|m| m.name == path_name) else {
        return Err(mute_not_found());
    };
    let stored = cfg.mute_timings[idx].clone();
    if !inp.version.is_empty() && inp.version != mute_version(&stored) {
        return Err(respond::errutil(
            409,
            "Conflict",
            "alerting.notifications.conflict",
        ));
    }
    validate_provenance_relaxed(&stored.provenance, &prov)?;
    if inp.name != stored.name {
        if cfg.mute_timings.iter().any(|m| m.name == inp.name) {
            return Err(respond::errutil(
                400,
                "Time interval with this name already exists. Use a different name or update existing one.",
                "alerting.notifications.time-intervals.nameExists",
            ));
        }
        rename_mute(&mut cfg.policy, &stored.name, &inp.name);
    }
    let m = MuteTiming {
        name: inp.name,
        time_intervals: intervals,
        provenance: prov,
    };
    let out = mute_json(&m);
    cfg.mute_timings[idx] = m;
    Ok(respond::json(202, &out))
}

fn rename_mute(route: &mut Value, old: &str, new: &str) {
    for key in ["mute_time_intervals", "active_time_intervals"] {
        if let Some(list) = route.get_mut(key).and_then(Value::as_array_mut) {
            for v in list.iter_mut() {
                if v.as_str() == Some(old) {
                    *v = json!(new);
                }
            }
        }
    }
    if let Some(children) = route.get_mut("routes").and_then(Value::as_array_mut) {
        for c in children {
            rename_mute(c, old, new);
        }
    }
}

/// `DELETE /api/v1/provisioning/mute-timings/{name}` (`RouteDeleteMuteTiming`):
/// 204 (also unknown); used by a route 409 `time-intervals.used`; stale
/// `version` 409; provenance relaxed (403).
fn delete_mute_timing(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let name = ctx.param().to_string();
    let version = ctx.query.get("version").unwrap_or("").to_string();
    let prov = provenance(ctx);
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let Some(idx) = cfg.mute_timings.iter().position(|m| m.name == name) else {
        return Ok(empty(204));
    };
    let stored = cfg.mute_timings[idx].clone();
    validate_provenance_relaxed(&stored.provenance, &prov)?;
    if !version.is_empty() && version != mute_version(&stored) {
        return Err(respond::errutil(
            409,
            "Conflict",
            "alerting.notifications.conflict",
        ));
    }
    if route_uses(&cfg.policy, "mute_time_intervals", &name)
        || route_uses(&cfg.policy, "active_time_intervals", &name)
    {
        return Err(errutil_extra(
            409,
            "Conflict",
            "alerting.notifications.time-intervals.used",
            json!({"UsedByRoutes": true}),
        ));
    }
    cfg.mute_timings.remove(idx);
    Ok(empty(204))
}

/// `GET /api/v1/provisioning/mute-timings/export` (`RouteGetMuteTimingsExport`).
fn export_mute_timings(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let list: Vec<Value> = cfg
        .mute_timings
        .iter()
        .map(|m| json!({"orgId": id.org_id, "name": m.name, "time_intervals": m.time_intervals}))
        .collect();
    export_response(ctx, &json!({"apiVersion": 1, "muteTimes": list}))
}

/// `GET /api/v1/provisioning/mute-timings/{name}/export`
/// (`RouteGetMuteTimingExport`): unknown is an empty 404.
fn export_mute_timing(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let Some(m) = cfg.mute_timings.iter().find(|m| m.name == ctx.param()) else {
        return Ok(empty(404));
    };
    let body = json!({"apiVersion": 1, "muteTimes": [{"orgId": id.org_id, "name": m.name, "time_intervals": m.time_intervals}]});
    drop(st);
    export_response(ctx, &body)
}

// ------------------------------------------------------------ templates

fn template_json(t: &Template) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(t.name));
    o.insert("template".into(), json!(t.template));
    o.insert("provenance".into(), json!(t.provenance));
    o.insert(
        "version".into(),
        json!(fingerprint(&[&t.name, &t.template])),
    );
    Value::Object(o)
}

fn template_not_found() -> axum::response::Response {
    respond::errutil(
        404,
        "Not found",
        "alerting.notifications.templates.notFound",
    )
}

/// `NotificationTemplateContent` as a request body.
#[derive(Debug, Default, Deserialize)]
struct TemplateInput {
    #[serde(default, deserialize_with = "nullable")]
    template: String,
    #[serde(default, deserialize_with = "nullable")]
    version: String,
}

/// `NotificationTemplate.Validate`: content required; content without a
/// `{{ define }}` is wrapped into one named after the template; `{{`/`}}`
/// must balance.
fn validate_template(name: &str, content: &str) -> Result<String, String> {
    if name.is_empty() {
        return Err("template must have a name".into());
    }
    if content.is_empty() {
        return Err("template must have content".into());
    }
    let trimmed = content.trim();
    let has_define = trimmed.match_indices("{{").any(|(i, _)| {
        trimmed[i + 2..]
            .trim_start_matches(['-', ' '])
            .starts_with("define")
    });
    let text = if has_define {
        trimmed.to_string()
    } else {
        format!("{{{{ define \"{name}\" }}}}\n  {trimmed}\n{{{{ end }}}}")
    };
    if text.matches("{{").count() != text.matches("}}").count() {
        return Err("template: unexpected unclosed action".into());
    }
    Ok(text)
}

/// `GET /api/v1/provisioning/templates` (`RouteGetTemplates`).
fn get_templates(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let list: Vec<Value> = cfg.templates.iter().map(template_json).collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `GET /api/v1/provisioning/templates/{name}` (`RouteGetTemplate`): unknown 404.
fn get_template(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_READ)?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    match cfg.templates.iter().find(|t| t.name == ctx.param()) {
        Some(t) => Ok(respond::json(200, &template_json(t))),
        None => Err(template_not_found()),
    }
}

/// `PUT /api/v1/provisioning/templates/{name}` (`RoutePutTemplate` →
/// `UpsertTemplate`): 202 with the stored template; invalid 400; stale
/// `version` 409; provenance relaxed (403).
fn put_template(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let inp: TemplateInput = bind(ctx)?;
    let name = ctx.param().to_string();
    let prov = provenance(ctx);
    let text = validate_template(&name, &inp.template).map_err(|e| {
        errutil_extra(
            400,
            "Template is in invalid format. Correct the payload and try again.",
            "alerting.notifications.templates.invalidFormat",
            json!({"Error": e}),
        )
    })?;
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    let t = Template {
        name: name.clone(),
        template: text,
        provenance: prov.clone(),
    };
    match cfg.templates.iter().position(|t| t.name == name) {
        Some(idx) => {
            let stored = &cfg.templates[idx];
            let current = fingerprint(&[&stored.name, &stored.template]);
            if !inp.version.is_empty() && inp.version != current {
                return Err(respond::errutil(
                    409,
                    "Conflict",
                    "alerting.notifications.conflict",
                ));
            }
            validate_provenance_relaxed(&stored.provenance, &prov)?;
            cfg.templates[idx] = t.clone();
        }
        None => cfg.templates.push(t.clone()),
    }
    Ok(respond::json(202, &template_json(&t)))
}

/// `DELETE /api/v1/provisioning/templates/{name}` (`RouteDeleteTemplate`):
/// 204 (also unknown); provenance relaxed (403); stale `version` 409.
fn delete_template(ctx: &Ctx) -> ApiResult {
    let id = ctx.require(EV_NOTIFY_WRITE)?;
    let name = ctx.param().to_string();
    let version = ctx.query.get("version").unwrap_or("").to_string();
    let prov = provenance(ctx);
    let mut st = ctx.app.state.write();
    let cfg = st.alerting.org(id.org_id);
    if let Some(idx) = cfg.templates.iter().position(|t| t.name == name) {
        let stored = &cfg.templates[idx];
        validate_provenance_relaxed(&stored.provenance, &prov)?;
        if !version.is_empty() && version != fingerprint(&[&stored.name, &stored.template]) {
            return Err(respond::errutil(
                409,
                "Conflict",
                "alerting.notifications.conflict",
            ));
        }
        cfg.templates.remove(idx);
    }
    Ok(empty(204))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("1d"), Some(86_400));
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration("m5"), None);
        assert_eq!(parse_duration("5m1h"), None);
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(300), "5m");
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(86_400), "1d");
        assert_eq!(go_duration(90), "1m30s");
        assert_eq!(go_duration(15), "15s");
    }

    #[test]
    fn yaml_shapes() {
        let y = to_yaml(
            &json!({"apiVersion": 1, "groups": [{"name": "g", "rules": [{"uid": "a", "data": []}]}], "s": "1"}),
        );
        assert_eq!(
            y,
            "apiVersion: 1\ngroups:\n  - name: g\n    rules:\n      - uid: a\n        data: []\ns: \"1\"\n"
        );
    }

    #[test]
    fn provenance_rules() {
        assert!(can_update_provenance_in_group("api", ""));
        assert!(can_update_provenance_in_group("", "api"));
        assert!(!can_update_provenance_in_group("file", ""));
        assert!(validate_provenance_relaxed("", "api").is_ok());
        assert!(validate_provenance_relaxed("api", "").is_err());
    }
}
