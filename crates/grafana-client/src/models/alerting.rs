//! Models of the `alertingprovisioning` API area (`/api/v1/provisioning/...`)
//! and of the legacy `alerting` area (the Ruler and Prometheus-compatible
//! rule APIs).
//!
//! Grafana spells these documents' fields in mixed styles (`folderUID`,
//! `ruleGroup`, `keep_firing_for`, `group_by`); every field is renamed to the
//! exact key Grafana uses. Free-form parts (queries, matchers, integration
//! settings, time intervals) stay `serde_json::Value`, so they round-trip as
//! they came, `null`s included.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// An alert rule of the provisioning API (`ProvisionedAlertRule`): what
/// `GET /api/v1/provisioning/alert-rules/{uid}` returns and what create and
/// update take.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProvisionedAlertRule {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid (at most 40 characters of `[a-zA-Z0-9-_]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Organization id.
    #[serde(rename = "orgID", default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Uid of the folder the rule is stored in.
    #[serde(rename = "folderUID", default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Name of the rule group (evaluation group) within the folder.
    #[serde(rename = "ruleGroup", default, skip_serializing_if = "Option::is_none")]
    pub rule_group: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `refId` of the query or expression whose result decides the state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Queries and expressions (`[{"refId", "datasourceUid", "relativeTimeRange", "model"}, …]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Value>>,
    /// Last change (RFC 3339), set by Grafana.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// State when the queries return no data: `Alerting`, `NoData`, `OK`.
    #[serde(
        rename = "noDataState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub no_data_state: Option<String>,
    /// State on evaluation errors: `OK`, `Alerting`, `Error`.
    #[serde(
        rename = "execErrState",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub exec_err_state: Option<String>,
    /// How long the condition must hold before firing (`5m`).
    #[serde(rename = "for", default, skip_serializing_if = "Option::is_none")]
    pub for_: Option<String>,
    /// How long to keep firing after the condition stops holding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_firing_for: Option<String>,
    /// Annotations (`summary`, `runbook_url`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    /// Labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<BTreeMap<String, String>>,
    /// Who manages the rule: `""` (the UI), `api`, `file`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    /// Whether evaluation is paused.
    #[serde(rename = "isPaused", default, skip_serializing_if = "Option::is_none")]
    pub is_paused: Option<bool>,
    /// Per-rule notification settings (`receiver`, `group_by`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_settings: Option<Value>,
    /// Recording-rule settings (`metric`, `from`, `target_datasource_uid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Value>,
    /// Everything else (`missingSeriesEvalsToResolve`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A rule group of the provisioning API
/// (`GET /api/v1/provisioning/folder/{folderUid}/rule-groups/{group}`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AlertRuleGroup {
    /// Group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Uid of the folder.
    #[serde(rename = "folderUid", default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Evaluation interval in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// The group's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<ProvisionedAlertRule>>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A contact point of the provisioning API (`EmbeddedContactPoint`): one
/// integration (email, Slack, webhook, …) of a named contact point.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContactPoint {
    /// Uid of this integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Contact point name (integrations with the same name form one contact point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Integration type (`email`, `slack`, `webhook`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Integration settings (secrets come back redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Value>,
    /// Whether resolved notifications are suppressed.
    #[serde(
        rename = "disableResolveMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disable_resolve_message: Option<bool>,
    /// Who manages it: `""` (the UI), `api`, `file`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A node of the notification policy tree (Grafana's `Route`); the root is
/// the whole tree (`GET /api/v1/provisioning/policies`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotificationPolicy {
    /// Contact point name alerts of this policy go to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver: Option<String>,
    /// Labels alerts are grouped by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<String>>,
    /// Label matchers selecting the alerts (`[["team", "=", "sre"], …]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_matchers: Option<Value>,
    /// Whether matching continues with the next sibling.
    #[serde(rename = "continue", default, skip_serializing_if = "Option::is_none")]
    pub continue_: Option<bool>,
    /// Wait before the first notification of a group (`30s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_wait: Option<String>,
    /// Wait before notifying about new alerts of a group (`5m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_interval: Option<String>,
    /// Wait before repeating a notification (`4h`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_interval: Option<String>,
    /// Mute timings (names) during which notifications are muted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute_time_intervals: Option<Vec<String>>,
    /// Mute timings (names) outside which notifications are muted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_time_intervals: Option<Vec<String>>,
    /// Child policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<NotificationPolicy>>,
    /// Who manages the tree: `""` (the UI), `api`, `file`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    /// Everything else (`matchers`, `match`, `match_re`, and `message` in the
    /// `{"message": …}` answers of older Grafana versions).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A mute timing (`MuteTimeInterval`): named time intervals during which
/// notifications are muted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MuteTiming {
    /// Name (its identifier in paths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The intervals (`[{"times": [...], "weekdays": [...], …}]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_intervals: Option<Vec<Value>>,
    /// Version, for optimistic concurrency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Who manages it: `""` (the UI), `api`, `file`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A notification template group (`NotificationTemplate`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NotificationTemplate {
    /// Name (its identifier in paths).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The Go template text (`{{ define "…" }}…{{ end }}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Version, for optimistic concurrency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Who manages it: `""` (the UI), `api`, `file`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A rule group of the Ruler API
/// (`GET /api/ruler/grafana/api/v1/rules/{folder}/{group}`), as the legacy
/// `alerting` element returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RulerRuleGroup {
    /// Group name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Evaluation interval (`1m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// The rules, in Ruler format (`{"grafana_alert": {...}, "for", "labels", …}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<Value>>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of the Prometheus-compatible rules API
/// (`GET /api/prometheus/{datasource}/api/v1/rules`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrometheusRules {
    /// `success` or `error`.
    #[serde(default)]
    pub status: String,
    /// The rule groups, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<PrometheusRuleData>,
    /// Error text, on error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Error class, on error.
    #[serde(rename = "errorType", default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `data` of [`PrometheusRules`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrometheusRuleData {
    /// Rule groups.
    #[serde(default)]
    pub groups: Vec<PrometheusRuleGroup>,
    /// Everything else (`totals`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One group of [`PrometheusRuleData`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrometheusRuleGroup {
    /// Group name.
    #[serde(default)]
    pub name: String,
    /// The file (for Grafana: the folder) the group belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The rules with their state, alerts and health.
    #[serde(default)]
    pub rules: Vec<Value>,
    /// Everything else (`interval`, `lastEvaluation`, `evaluationTime`, `totals`, …).
    #[serde(flatten)]
    pub extra: Extra,
}
