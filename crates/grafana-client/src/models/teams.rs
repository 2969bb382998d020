//! Models of the `teams` API area.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A team, as `GET /api/teams/{id}` and the team search return it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Team {
    /// Numeric id (the `team_id` of the other team methods).
    #[serde(default)]
    pub id: i64,
    /// Uid (Grafana 11 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Organization the team belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Name, unique in the organization.
    #[serde(default)]
    pub name: String,
    /// Email address (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Number of members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<i64>,
    /// The caller's permission on the team (0 member, 4 admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<i64>,
    /// Everything else (`accessControl`, `externalUID`, `isProvisioned`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /api/teams/search`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TeamSearchResult {
    /// Number of teams matching, over all pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// The teams of this page.
    #[serde(default)]
    pub teams: Vec<Team>,
    /// This page's number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    /// Page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<i64>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `POST /api/teams`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TeamCreated {
    /// `Team created`.
    #[serde(default)]
    pub message: String,
    /// Id of the new team.
    #[serde(default)]
    pub team_id: i64,
    /// Uid of the new team (Grafana 11 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One member of a team (`GET /api/teams/{id}/members`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TeamMember {
    /// Organization id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Team id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// User id.
    #[serde(default)]
    pub user_id: i64,
    /// User uid (recent Grafana).
    #[serde(default, rename = "userUID", skip_serializing_if = "Option::is_none")]
    pub user_uid: Option<String>,
    /// Login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Avatar URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Permission in the team (0 member, 4 admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<i64>,
    /// Everything else (`auth_module`, `labels`, `teamUID`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// An external group synced to a team (`GET /api/teams/{id}/groups`, Enterprise).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TeamGroup {
    /// Organization id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<i64>,
    /// Team id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<i64>,
    /// The external group (e.g. an LDAP DN or an OAuth group name).
    #[serde(default)]
    pub group_id: String,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
