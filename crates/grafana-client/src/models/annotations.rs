//! Models of the `annotations` API area.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// One annotation, as `GET /api/annotations` lists it.
///
/// Times are epoch milliseconds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Annotation {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Id of the legacy alert that made it (0 for user annotations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_id: Option<i64>,
    /// Name of that alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert_name: Option<String>,
    /// Dashboard id (deprecated by Grafana in favour of `dashboardUID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard_id: Option<i64>,
    /// Dashboard uid (`dashboardUID` on the wire).
    #[serde(
        default,
        rename = "dashboardUID",
        skip_serializing_if = "Option::is_none"
    )]
    pub dashboard_uid: Option<String>,
    /// Panel id within the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_id: Option<i64>,
    /// Id of the user who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// Alert state after the transition, for alert annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_state: Option<String>,
    /// Alert state before the transition, for alert annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev_state: Option<String>,
    /// Creation time (epoch milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<i64>,
    /// Last update time (epoch milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<i64>,
    /// Start time (epoch milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// End time (epoch milliseconds); equal to `time` for a point annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_end: Option<i64>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Login of the user who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// E-mail of the user who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar of the user who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Free-form data attached to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
