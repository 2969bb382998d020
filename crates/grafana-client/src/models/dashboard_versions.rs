//! Models of the `dashboard_versions` API area.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// Which dashboard a version call is about: its numeric id or its uid.
///
/// The Python package takes `dashboard_id=` or `dashboard_uid=` (id wins when
/// both are given, and neither is an error); here the one identifier is one
/// value, so neither-or-both cannot happen. `i64` and string values convert:
///
/// ```
/// use grafana_client::models::DashboardRef;
/// assert_eq!(DashboardRef::from(7_i64), DashboardRef::Id(7));
/// assert_eq!(DashboardRef::from("abc"), DashboardRef::Uid("abc".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DashboardRef {
    /// Numeric id (`/api/dashboards/id/{id}/…`, deprecated by Grafana and
    /// removed in its newest releases).
    Id(i64),
    /// Uid (`/api/dashboards/uid/{uid}/…`).
    Uid(String),
}

impl From<i64> for DashboardRef {
    fn from(id: i64) -> Self {
        DashboardRef::Id(id)
    }
}

impl From<&str> for DashboardRef {
    fn from(uid: &str) -> Self {
        DashboardRef::Uid(uid.to_owned())
    }
}

impl From<String> for DashboardRef {
    fn from(uid: String) -> Self {
        DashboardRef::Uid(uid)
    }
}

impl From<&String> for DashboardRef {
    fn from(uid: &String) -> Self {
        DashboardRef::Uid(uid.clone())
    }
}

/// One stored version of a dashboard (Grafana's `DashboardVersionMeta`).
///
/// The list (`GET …/versions`) leaves out `data`; the single version
/// (`GET …/versions/{version}`) carries the dashboard JSON in it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DashboardVersion {
    /// Id of the version row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Numeric id of the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboard_id: Option<i64>,
    /// Uid of the dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// The version this one was saved over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_version: Option<i64>,
    /// The version this one restored, or 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_from: Option<i64>,
    /// Version number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// When it was saved (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Login of who saved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// The save message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The dashboard JSON of this version (single-version answers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `GET /api/dashboards/{uid|id}/{dashboard}/versions`: a bare
/// list up to Grafana 11.5, `{"versions": [...], "continueToken": ...}` from
/// 11.6 on. Both decode, and each serializes back in the shape it came in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum DashboardVersionList {
    /// The bare list of older Grafana releases.
    List(Vec<DashboardVersion>),
    /// The paged object of Grafana 11.6 and later.
    Page(DashboardVersionPage),
}

impl DashboardVersionList {
    /// The versions, whatever the shape.
    pub fn versions(&self) -> &[DashboardVersion] {
        match self {
            DashboardVersionList::List(list) => list,
            DashboardVersionList::Page(page) => &page.versions,
        }
    }

    /// The versions, owned.
    pub fn into_versions(self) -> Vec<DashboardVersion> {
        match self {
            DashboardVersionList::List(list) => list,
            DashboardVersionList::Page(page) => page.versions,
        }
    }

    /// The token for the next page (Grafana 11.6 and later), when there is one.
    pub fn continue_token(&self) -> Option<&str> {
        match self {
            DashboardVersionList::List(_) => None,
            DashboardVersionList::Page(page) => page
                .continue_token
                .as_deref()
                .filter(|token| !token.is_empty()),
        }
    }
}

/// The paged version list of Grafana 11.6 and later.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DashboardVersionPage {
    /// The versions of this page, newest first.
    #[serde(default)]
    pub versions: Vec<DashboardVersion>,
    /// The token for the next page; empty or absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_token: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
