use serde::{Deserialize, Serialize};

use super::Extra;

/// One hit of `GET /api/search`: a dashboard (`dash-db`) or folder (`dash-folder`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchHit {
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
    /// `dash-db` or `dash-folder`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Whether the caller starred it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_starred: Option<bool>,
    /// Folder uid (absent at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Folder title (absent at the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_title: Option<String>,
    /// Everything else (`orgId`, `uri`, `slug`, `folderId`, `folderUrl`, `sortMeta`, …).
    #[serde(flatten)]
    pub extra: Extra,
}
