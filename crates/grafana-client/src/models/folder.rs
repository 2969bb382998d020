use serde::{Deserialize, Serialize};

use super::Extra;

/// A folder as `GET /api/folders/{uid}` (and create, update) returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Folder {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default)]
    pub uid: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Relative URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Version, for optimistic locking in [`update_folder`](crate::elements::Folder::update_folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Parent folder uid (nested folders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_uid: Option<String>,
    /// Everything else (`orgId`, `canSave`, `created`, `parents`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/folders`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FolderSummary {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Uid.
    #[serde(default)]
    pub uid: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Parent folder uid (nested folders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_uid: Option<String>,
    /// Everything else (`managedBy`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of a permission list (`GET /api/folders/{uid}/permissions`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionItem {
    /// User id, when the entry is for a user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    /// Team id, when the entry is for a team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// Role (`Viewer`, `Editor`, `Admin`), when the entry is for a role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Permission level: 1 view, 2 edit, 4 admin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<i64>,
    /// `View`, `Edit` or `Admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_name: Option<String>,
    /// Everything else (`userLogin`, `team`, `inherited`, …).
    #[serde(flatten)]
    pub extra: Extra,
}
