//! Models of the `plugin` API area.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

/// A plugin, as `GET /api/plugins` lists it and `GET /api/plugins/{id}/settings`
/// returns it (the settings carry more fields, kept in `extra`: `jsonData`,
/// `module`, `baseUrl`, `includes`, …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Plugin {
    /// Plugin id (`grafana-clock-panel`).
    #[serde(default)]
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `panel`, `datasource`, `app`, `renderer`, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub plugin_type: Option<String>,
    /// Whether it is enabled in the organization (apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Whether it is pinned to the navigation (apps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    /// Description, version, author, logos, links, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<PluginInfo>,
    /// Required Grafana version and plugins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Value>,
    /// Newest version in the catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_version: Option<String>,
    /// Whether a newer version is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_update: Option<bool>,
    /// Release state (`alpha`, `beta`, empty for stable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Signature status (`valid`, `internal`, `unsigned`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A plugin's `info`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PluginInfo {
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Installed version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Release date of that version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Keywords.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<Vec<String>>,
    /// Everything else (`author`, `logos`, `links`, `screenshots`, `build`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer of `GET /api/plugins/{id}/health` for a healthy plugin.
///
/// Grafana answers an unhealthy one with a 400 carrying the same fields: an
/// [`Error::Api`](crate::Error::Api) whose body holds them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PluginHealth {
    /// `OK`, `ERROR` or `UNKNOWN`.
    #[serde(default)]
    pub status: String,
    /// What the plugin says about itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The plugin's own JSON details, when it sends any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}
