//! Models of the `notifications` API area: legacy alert notification
//! channels (`/api/alert-notifications`, removed in Grafana 11).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// A legacy alert notification channel (`GET /api/alert-notifications/{id}`,
/// create and update answers, and the entries of the list).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AlertNotification {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Channel type (`email`, `slack`, `webhook`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether every alert uses this channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Whether reminders are sent while an alert keeps firing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_reminder: Option<bool>,
    /// Whether resolved notifications are suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_resolve_message: Option<bool>,
    /// Reminder frequency (`15m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    /// Channel settings (`addresses`, `url`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Value>,
    /// Which secure settings are set (`{"password": true}`); their values are never returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_fields: Option<Value>,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Last change (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/alert-notifications/lookup`: a channel in brief.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AlertNotificationLookup {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Channel type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether every alert uses this channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
