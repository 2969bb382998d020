//! The legacy ACL update body shared by the dashboard and folder permission
//! routes (`POST /api/dashboards/uid/{uid}/permissions`,
//! `POST /api/folders/{uid}/permissions`) and the check both run on it
//! (`validatePermissionsUpdate`, `pkg/api/dashboard_permission.go`).

use axum::response::Response;
use serde::Deserialize;

use crate::api::respond;

/// `dtos.UpdateDashboardACLCommand`.
#[derive(Deserialize)]
pub(crate) struct AclUpdate {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    pub(crate) items: Vec<AclItem>,
}

/// `dtos.DashboardACLUpdateItem`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AclItem {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    pub(crate) user_id: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    pub(crate) team_id: i64,
    #[serde(default)]
    pub(crate) role: Option<String>,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    pub(crate) permission: i64,
}

impl AclUpdate {
    /// `validatePermissionsUpdate`: an item naming both a user and a team,
    /// or a user or team together with a role, is a 400. Grafana's two
    /// messages are swapped relative to their error names; reproduced as
    /// they are.
    #[allow(clippy::result_large_err)] // see crate::api
    pub(crate) fn validate(&self) -> Result<(), Response> {
        for item in &self.items {
            if item.user_id > 0 && item.team_id > 0 {
                return Err(respond::message(
                    400,
                    "team and user permissions cannot have an associated role",
                ));
            }
            if (item.user_id > 0 || item.team_id > 0) && item.role.is_some() {
                return Err(respond::message(
                    400,
                    "permissions cannot have both a user and team",
                ));
            }
        }
        Ok(())
    }
}
