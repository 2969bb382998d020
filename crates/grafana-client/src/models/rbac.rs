//! Models of the `rbac` API area.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A role (`GET /api/access-control/roles`, Grafana Enterprise and Cloud).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Role {
    /// Uid (the `role_uid` of the other methods).
    #[serde(default)]
    pub uid: String,
    /// Name (`fixed:dashboards:reader`, `custom:…`).
    #[serde(default)]
    pub name: String,
    /// Name shown in the UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Group shown in the UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Version, for updates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Whether the role exists in every organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global: Option<bool>,
    /// Whether it is hidden in the UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden: Option<bool>,
    /// Its permissions (listed roles often leave them out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<RolePermission>>,
    /// Everything else (`created`, `updated`, `delegatable`, `mapped`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One permission of a [`Role`]: an action on a scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RolePermission {
    /// Action (`dashboards:read`).
    #[serde(default)]
    pub action: String,
    /// Scope (`dashboards:uid:abc`, `folders:*`); absent or empty for unscoped actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Everything else (`created`, `updated`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of a resource's permission list
/// (`GET /api/access-control/datasources/{uid}`): a permission granted to a
/// user, a team or a built-in role.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourcePermission {
    /// Id of the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Role name behind the entry (`managed:teams:3:permissions`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_name: Option<String>,
    /// User id, when granted to a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// User login, when granted to a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_login: Option<String>,
    /// Team id, when granted to a team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// Team name, when granted to a team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Built-in role (`Viewer`, `Editor`, `Admin`), when granted to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built_in_role: Option<String>,
    /// The actions granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
    /// Permission name (`Query`, `Edit`, `Admin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// Whether it is managed through this API (not provisioned or inherited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_managed: Option<bool>,
    /// Everything else (`isInherited`, `isServiceAccount`, `userUid`, `teamUid`, avatars, …).
    #[serde(flatten)]
    pub extra: Extra,
}
