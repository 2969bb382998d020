//! Models of the `admin` API area.

use serde::{Deserialize, Serialize};

use super::Extra;

/// The server's configuration (`GET /api/admin/settings`): sections
/// (`server`, `database`, `security`, …), each mapping keys to string values.
/// Grafana masks secrets itself (`*********`).
///
/// ```
/// let s: grafana_client::models::AdminSettings =
///     serde_json::from_str(r#"{"server":{"http_port":"3000"}}"#).unwrap();
/// assert_eq!(s.get("server", "http_port"), Some("3000"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AdminSettings {
    /// Every section, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AdminSettings {
    /// The value of `key` in `section`, when it is there and a string.
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.extra.get(section)?.get(key)?.as_str()
    }
}

/// Server-wide counts (`GET /api/admin/stats`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AdminStats {
    /// Users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<i64>,
    /// Users active in the last 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_users: Option<i64>,
    /// Organizations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orgs: Option<i64>,
    /// Dashboards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboards: Option<i64>,
    /// Data sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub datasources: Option<i64>,
    /// Alert rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts: Option<i64>,
    /// Dashboard snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshots: Option<i64>,
    /// Everything else (`admins`, `editors`, `viewers`, `playlists`, `stars`,
    /// `tags`, `activeSessions`, `dailyActiveUsers`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /api/admin/users`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AdminUserCreated {
    /// Id of the new user.
    #[serde(default)]
    pub id: i64,
    /// Uid of the new user (recent Grafana).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// `User created`.
    #[serde(default)]
    pub message: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
