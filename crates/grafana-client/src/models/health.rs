use serde::{Deserialize, Serialize};

use super::Extra;

/// `GET /api/health`: database state and build.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HealthResponse {
    /// `"ok"`, or `"failing"` (sent with status 503).
    #[serde(default)]
    pub database: String,
    /// Grafana version; hidden when the server sets `hide_version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Git commit of the build; hidden with the version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Everything else (`enterpriseCommit`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `buildInfo` of `GET /api/frontend/settings`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BuildInfo {
    /// Version string, e.g. `12.2.0` or `11.3.0-75420.patch2-75797`.
    #[serde(default)]
    pub version: String,
    /// Git commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// `Open Source` or `Enterprise`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
