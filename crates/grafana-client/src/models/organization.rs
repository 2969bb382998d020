//! Models of the `organization` and `organizations` API areas.

use serde::{Deserialize, Serialize};

use super::Extra;

/// An organization with its address, as `GET /api/org` and
/// `GET /api/orgs/name/{name}` return it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrgDetails {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Postal address (Grafana sends empty strings for unset parts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<OrgAddress>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An organization's postal address.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrgAddress {
    /// First address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address1: Option<String>,
    /// Second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address2: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `GET /api/orgs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Org {
    /// Numeric id.
    #[serde(default)]
    pub id: i64,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /api/orgs`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrgCreated {
    /// Id of the new organization.
    #[serde(default)]
    pub org_id: i64,
    /// Grafana's message (`Organization created`).
    #[serde(default)]
    pub message: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A member of an organization, as `GET /api/org/users` and
/// `GET /api/orgs/{id}/users` list them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrgUser {
    /// The organization's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// The user's numeric id.
    #[serde(default)]
    pub user_id: i64,
    /// The user's uid (Grafana 10.4 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Login name.
    #[serde(default)]
    pub login: String,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Role in the organization: `Viewer`, `Editor`, `Admin` or `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Relative URL of the avatar image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Last activity, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at: Option<String>,
    /// Last activity, as an age (`10m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen_at_age: Option<String>,
    /// Whether the user is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_disabled: Option<bool>,
    /// Everything else (`accessControl`, `authLabels`, `isExternallySynced`, …).
    #[serde(flatten)]
    pub extra: Extra,
}
