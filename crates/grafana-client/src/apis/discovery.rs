//! Discovery: which groups and versions the server serves (`GET /apis`, a
//! Kubernetes `APIGroupList`) and which resources a group version has
//! (`GET /apis/<group>/<version>`, an `APIResourceList`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /apis`: the groups the server serves, each with its versions and
/// preferred version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Discovery {
    /// The groups.
    #[serde(default)]
    pub groups: Vec<ApiGroup>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One group of an `APIGroupList`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiGroup {
    /// `dashboard.grafana.app`.
    #[serde(default)]
    pub name: String,
    /// The versions served.
    #[serde(default)]
    pub versions: Vec<GroupVersion>,
    /// The version the server prefers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_version: Option<GroupVersion>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One version of a group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GroupVersion {
    /// `dashboard.grafana.app/v1`.
    #[serde(default)]
    pub group_version: String,
    /// `v1`.
    #[serde(default)]
    pub version: String,
}

impl Discovery {
    /// One group.
    pub fn group(&self, name: &str) -> Option<&ApiGroup> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// The preferred version of a group.
    pub fn preferred(&self, group: &str) -> Option<&str> {
        let g = self.group(group)?;
        g.preferred_version
            .as_ref()
            .map(|v| v.version.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Whether the server serves this group version.
    pub fn serves(&self, group: &str, version: &str) -> bool {
        self.group(group)
            .is_some_and(|g| g.versions.iter().any(|v| v.version == version))
    }

    /// The first of `candidates` the server serves, the server's preferred
    /// version first when it is one of them.
    pub fn pick<'a>(&self, group: &str, candidates: &[&'a str]) -> Option<&'a str> {
        if let Some(p) = self.preferred(group) {
            if let Some(c) = candidates.iter().find(|c| **c == p) {
                return Some(c);
            }
        }
        candidates.iter().copied().find(|c| self.serves(group, c))
    }
}

/// `GET /apis/<group>/<version>`: the resources of a group version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiResourceList {
    /// `dashboard.grafana.app/v1`.
    #[serde(default)]
    pub group_version: String,
    /// The resources (subresources appear as `dashboards/dto`).
    #[serde(default)]
    pub resources: Vec<ApiResourceInfo>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One resource of an `APIResourceList`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiResourceInfo {
    /// The plural name (`dashboards`).
    #[serde(default)]
    pub name: String,
    /// The singular name.
    #[serde(default)]
    pub singular_name: String,
    /// Whether it lives in namespaces.
    #[serde(default)]
    pub namespaced: bool,
    /// The kind (`Dashboard`).
    #[serde(default)]
    pub kind: String,
    /// The verbs it supports (`get`, `list`, `create`, ...).
    #[serde(default)]
    pub verbs: Vec<String>,
    /// Fields this type does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_preferred_then_served() {
        let d: Discovery = serde_json::from_value(json!({
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": [
                {"name": "dashboard.grafana.app",
                 "versions": [{"groupVersion": "dashboard.grafana.app/v1beta1", "version": "v1beta1"},
                              {"groupVersion": "dashboard.grafana.app/v2beta1", "version": "v2beta1"}],
                 "preferredVersion": {"groupVersion": "dashboard.grafana.app/v1beta1", "version": "v1beta1"}},
                {"name": "folder.grafana.app", "versions": [{"version": "v1beta1"}]}
            ]
        }))
        .unwrap();
        assert_eq!(d.preferred("dashboard.grafana.app"), Some("v1beta1"));
        assert_eq!(d.preferred("folder.grafana.app"), None);
        assert!(d.serves("dashboard.grafana.app", "v2beta1"));
        assert!(!d.serves("dashboard.grafana.app", "v2"));
        assert_eq!(
            d.pick("dashboard.grafana.app", &["v1", "v1beta1"]),
            Some("v1beta1")
        );
        assert_eq!(
            d.pick("dashboard.grafana.app", &["v2", "v2beta1", "v2alpha1"]),
            Some("v2beta1")
        );
        assert_eq!(
            d.pick("folder.grafana.app", &["v1", "v1beta1"]),
            Some("v1beta1")
        );
        assert_eq!(d.pick("playlist.grafana.app", &["v1"]), None);
    }
}
