//! Playlists (`playlist.grafana.app`): [`Playlist`] and its spec.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::object::Object;

/// A playlist: `playlist.grafana.app` `Playlist`.
pub type Playlist = Object<PlaylistSpec>;

/// `spec` of a playlist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlaylistSpec {
    /// The title.
    #[serde(default)]
    pub title: String,
    /// How long each dashboard shows (`5m`).
    #[serde(default)]
    pub interval: String,
    /// What it shows, in order.
    #[serde(default)]
    pub items: Vec<PlaylistItem>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PlaylistSpec {
    /// A spec with this title, interval and items.
    pub fn new(
        title: impl Into<String>,
        interval: impl Into<String>,
        items: Vec<PlaylistItem>,
    ) -> Self {
        PlaylistSpec {
            title: title.into(),
            interval: interval.into(),
            items,
            extra: Map::new(),
        }
    }
}

/// One entry of a playlist.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlaylistItem {
    /// `dashboard_by_uid`, `dashboard_by_tag` (or the deprecated
    /// `dashboard_by_id`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The uid or tag.
    pub value: String,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PlaylistItem {
    /// A dashboard by uid.
    pub fn by_uid(uid: impl Into<String>) -> Self {
        PlaylistItem {
            kind: "dashboard_by_uid".into(),
            value: uid.into(),
            extra: Map::new(),
        }
    }

    /// Every dashboard with this tag.
    pub fn by_tag(tag: impl Into<String>) -> Self {
        PlaylistItem {
            kind: "dashboard_by_tag".into(),
            value: tag.into(),
            extra: Map::new(),
        }
    }
}
