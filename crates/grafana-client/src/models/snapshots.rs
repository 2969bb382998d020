use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{DashboardMeta, Extra};

/// The answer of `POST /api/snapshots`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SnapshotCreated {
    /// Key: anyone holding it can read the snapshot.
    pub key: String,
    /// Delete key: anyone signed in holding it can delete the snapshot.
    pub delete_key: String,
    /// Share URL (`<root_url>dashboard/snapshot/<key>`, or the external URL).
    pub url: String,
    /// URL that deletes the snapshot (`<root_url>api/snapshots-delete/<deleteKey>`).
    pub delete_url: String,
    /// Numeric id: sent by Grafana 8–10, no longer by 11 and later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/dashboard/snapshots`. Keys, never delete keys.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SnapshotListItem {
    /// Numeric id (sent by the server though not in the spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Key.
    #[serde(default)]
    pub key: String,
    /// Organization id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Id of the user who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// Whether it was published to the external snapshot server.
    #[serde(default)]
    pub external: bool,
    /// URL on the external snapshot server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
    /// Expiry time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Update time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A snapshot as `GET /api/snapshots/{key}` returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SnapshotWithMeta {
    /// The stored dashboard JSON (`{}` for an external snapshot).
    pub dashboard: Value,
    /// `type: snapshot`, `isSnapshot`, `created`, `expires`.
    #[serde(default)]
    pub meta: DashboardMeta,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/snapshot/shared-options`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SharingOptions {
    /// Whether snapshots are enabled (newer Grafana only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_enabled: Option<bool>,
    /// External snapshot server.
    #[serde(
        default,
        rename = "externalSnapshotURL",
        skip_serializing_if = "Option::is_none"
    )]
    pub external_snapshot_url: Option<String>,
    /// Label of the external server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_snapshot_name: Option<String>,
    /// Whether publishing externally is allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_enabled: Option<bool>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
