use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// A dashboard as `GET /api/dashboards/uid/{uid}` returns it: the dashboard
/// JSON itself, untouched, and its metadata.
///
/// Save it back with [`update_dashboard`](crate::elements::Dashboard::update_dashboard)
/// and not a key is lost.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DashboardWithMeta {
    /// The dashboard model (`uid`, `title`, `panels`, …), exactly as sent.
    pub dashboard: Value,
    /// Where it lives and what the caller may do with it.
    #[serde(default)]
    pub meta: DashboardMeta,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DashboardWithMeta {
    /// `dashboard.uid`, when present.
    pub fn uid(&self) -> Option<&str> {
        self.dashboard.get("uid").and_then(Value::as_str)
    }

    /// `dashboard.title`, when present.
    pub fn title(&self) -> Option<&str> {
        self.dashboard.get("title").and_then(Value::as_str)
    }
}

/// Dashboard metadata (`meta`), also used for snapshots.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DashboardMeta {
    /// `db` for stored dashboards, `snapshot` for snapshots.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `true` for a snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_snapshot: Option<bool>,
    /// URL slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Relative URL (`/d/<uid>/<slug>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Stored version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Last update time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Expiry time of a snapshot (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Folder uid (empty at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Folder title (`General` at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_title: Option<String>,
    /// Whether the caller may save.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_save: Option<bool>,
    /// Whether the caller may edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_edit: Option<bool>,
    /// Whether the dashboard is provisioned from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned: Option<bool>,
    /// Everything else (`canAdmin`, `folderId`, `createdBy`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /api/dashboards/db`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DashboardSaved {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default)]
    pub uid: String,
    /// Relative URL.
    #[serde(default)]
    pub url: String,
    /// `success`.
    #[serde(default)]
    pub status: String,
    /// New version.
    #[serde(default)]
    pub version: i64,
    /// URL slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Folder uid (newer Grafana).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `DELETE /api/dashboards/uid/{uid}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DashboardDeleted {
    /// Title of the deleted dashboard.
    #[serde(default)]
    pub title: String,
    /// `Dashboard <title> deleted`.
    #[serde(default)]
    pub message: String,
    /// Uid (Grafana 11 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Numeric id (older Grafana).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/dashboards/tags`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DashboardTag {
    /// The tag.
    #[serde(default)]
    pub term: String,
    /// How many dashboards carry it.
    #[serde(default)]
    pub count: i64,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/dashboards/home`: the home dashboard, or, when the home
/// dashboard is set by uid, only where to find it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HomeDashboard {
    /// The dashboard model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard: Option<Value>,
    /// Its metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<DashboardMeta>,
    /// Where the home dashboard lives (`/d/<uid>/<slug>`), instead of the two above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
