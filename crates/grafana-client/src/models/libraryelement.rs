//! Models of the `libraryelement` API area.
//!
//! Grafana wraps every library-element answer in `{"result": ...}`; the
//! wrappers are modelled as they come, so nothing is lost.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// One library element (a library panel, kind 1, or variable, kind 2), as
/// Grafana's `LibraryElementDTO`.
///
/// Pass it back to
/// [`create_library_element`](crate::elements::LibraryElement::create_library_element)
/// or [`update_library_element`](crate::elements::LibraryElement::update_library_element)
/// as the `model` argument: its `model`, `kind` and `meta.folderUid` are used.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LibraryElementDto {
    /// Numeric id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Organization id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Folder uid (empty for the General folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Folder id (deprecated by Grafana in favour of `folderUid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_id: Option<i64>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 1 for a panel, 2 for a variable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Panel type (`timeseries`, `text`, …).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub panel_type: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The panel (or variable) JSON, untouched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Value>,
    /// Version, for optimistic locking in updates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Schema version of the model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<i64>,
    /// Folder name, connections, creation and update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<LibraryElementMeta>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl LibraryElementDto {
    /// `kind` of a library panel (the Python package's `LibraryElement.Panel`).
    pub const PANEL: i64 = 1;
    /// `kind` of a library variable (the Python package's `LibraryElement.Variable`).
    pub const VARIABLE: i64 = 2;
}

/// A library element's `meta`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LibraryElementMeta {
    /// Folder uid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_uid: Option<String>,
    /// Folder title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder_name: Option<String>,
    /// How many dashboards use the element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_dashboards: Option<i64>,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Last update time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Who created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<LibraryElementUser>,
    /// Who last updated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<LibraryElementUser>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A user as library-element metadata names them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LibraryElementUser {
    /// User id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Name (login).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"result": element}`: the answer of get, create and update.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LibraryElementResponse {
    /// The element.
    #[serde(default)]
    pub result: LibraryElementDto,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"result": [elements]}`: the answer of the lookup by name (names are
/// unique per folder, not per organization).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LibraryElementArrayResponse {
    /// The elements.
    #[serde(default)]
    pub result: Vec<LibraryElementDto>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"result": {"totalCount", "elements", "page", "perPage"}}`: the answer of
/// the search.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LibraryElementSearchResponse {
    /// The page of results.
    #[serde(default)]
    pub result: LibraryElementSearchResult,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of a library-element search.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LibraryElementSearchResult {
    /// How many elements match, over all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// This page's elements.
    #[serde(default)]
    pub elements: Vec<LibraryElementDto>,
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<i64>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"result": [connections]}`: the dashboards that use an element.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LibraryElementConnectionsResponse {
    /// The connections.
    #[serde(default)]
    pub result: Vec<LibraryElementConnection>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One dashboard that uses a library element.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LibraryElementConnection {
    /// Connection id (deprecated by Grafana).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Numeric id of the element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_id: Option<i64>,
    /// Kind of connection (1: dashboard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Numeric id of the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_id: Option<i64>,
    /// Uid of the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_uid: Option<String>,
    /// When the connection was made (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<LibraryElementUser>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
