//! Query parameters of `/apis` operations, as Kubernetes names them:
//! [`ListParams`], [`PostParams`], [`PatchParams`], [`DeleteParams`], and the
//! [`Patch`] body.
//!
//! Each params struct serializes to the operation's query string (only the
//! set fields are sent); `dryRun` is sent as `dryRun=All`.

use serde::{Serialize, Serializer};
use serde_json::Value;

/// Options of a list: selectors, page size and the continue token.
///
/// ```
/// use grafana_client::apis::ListParams;
/// let p = ListParams::default().labels("team=infra").limit(100);
/// assert_eq!(p.limit, Some(100));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListParams {
    /// `labelSelector`: only objects whose labels match (`a=b,c!=d`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<String>,
    /// `fieldSelector`: only objects whose fields match (Grafana indexes
    /// `metadata.name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_selector: Option<String>,
    /// `limit`: at most this many items per page. Pages may be shorter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `continue`: the token of the previous page.
    #[serde(rename = "continue", skip_serializing_if = "Option::is_none")]
    pub continue_token: Option<String>,
    /// `resourceVersion`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    /// `resourceVersionMatch` (`Exact`, `NotOlderThan`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_version_match: Option<String>,
    /// `timeoutSeconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u32>,
}

impl ListParams {
    /// Sets `labelSelector`.
    pub fn labels(mut self, selector: impl Into<String>) -> Self {
        self.label_selector = Some(selector.into());
        self
    }

    /// Sets `fieldSelector`.
    pub fn fields(mut self, selector: impl Into<String>) -> Self {
        self.field_selector = Some(selector.into());
        self
    }

    /// Sets `limit` (items per page).
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sets `continue` (the previous page's token).
    pub fn continue_token(mut self, token: impl Into<String>) -> Self {
        self.continue_token = Some(token.into());
        self
    }
}

/// `fieldValidation` of a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum FieldValidation {
    /// Unknown fields are dropped silently.
    Ignore,
    /// Unknown fields are dropped with a warning.
    Warn,
    /// Unknown fields fail the request.
    Strict,
}

fn dry_run_all<S: Serializer>(_: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("All")
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Options of a create or replace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PostParams {
    /// `dryRun=All`: validate without storing. Only for dashboards, folders
    /// and playlists (refused before sending elsewhere; see
    /// [`ApiResource::dry_run_trusted`](super::ApiResource::dry_run_trusted)).
    #[serde(skip_serializing_if = "is_false", serialize_with = "dry_run_all")]
    pub dry_run: bool,
    /// `fieldManager`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_manager: Option<String>,
    /// `fieldValidation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_validation: Option<FieldValidation>,
}

impl PostParams {
    /// Asks for a dry run.
    pub fn dry_run() -> Self {
        PostParams {
            dry_run: true,
            ..PostParams::default()
        }
    }
}

/// Options of a patch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PatchParams {
    /// `dryRun=All` (dashboards, folders and playlists only).
    #[serde(skip_serializing_if = "is_false", serialize_with = "dry_run_all")]
    pub dry_run: bool,
    /// `fieldManager`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_manager: Option<String>,
    /// `fieldValidation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_validation: Option<FieldValidation>,
}

impl PatchParams {
    /// Asks for a dry run.
    pub fn dry_run() -> Self {
        PatchParams {
            dry_run: true,
            ..PatchParams::default()
        }
    }
}

/// Options of a delete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeleteParams {
    /// `dryRun=All` (dashboards, folders and playlists only).
    #[serde(skip_serializing_if = "is_false", serialize_with = "dry_run_all")]
    pub dry_run: bool,
    /// `gracePeriodSeconds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_period_seconds: Option<u32>,
    /// `propagationPolicy` (`Orphan`, `Background`, `Foreground`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub propagation_policy: Option<String>,
}

impl DeleteParams {
    /// Asks for a dry run.
    pub fn dry_run() -> Self {
        DeleteParams {
            dry_run: true,
            ..DeleteParams::default()
        }
    }
}

/// A patch body and its content type.
///
/// ```
/// use grafana_client::apis::Patch;
/// use serde_json::json;
/// let merge = Patch::Merge(json!({"spec": {"title": "New"}}));
/// assert_eq!(merge.content_type(), "application/merge-patch+json");
/// let ops = Patch::Json(json!([{"op": "replace", "path": "/spec/title", "value": "New"}]));
/// assert_eq!(ops.content_type(), "application/json-patch+json");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Patch {
    /// RFC 7386 JSON merge patch (`application/merge-patch+json`): the
    /// fields to set; `null` removes one.
    Merge(Value),
    /// RFC 6902 JSON patch (`application/json-patch+json`): a list of
    /// operations.
    Json(Value),
}

impl Patch {
    /// The `Content-Type` this patch is sent with.
    pub fn content_type(&self) -> &'static str {
        match self {
            Patch::Merge(_) => "application/merge-patch+json",
            Patch::Json(_) => "application/json-patch+json",
        }
    }

    /// The body.
    pub fn body(&self) -> &Value {
        match self {
            Patch::Merge(v) | Patch::Json(v) => v,
        }
    }
}

/// The query pairs of a params struct: every set field, strings as they
/// are, numbers and booleans as text.
pub(crate) fn query_pairs(params: &impl Serialize) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::to_value(params) else {
        return Vec::new();
    };
    map.into_iter()
        .filter_map(|(k, v)| match v {
            Value::Null => None,
            Value::String(s) => Some((k, s)),
            other => Some((k, other.to_string())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &impl Serialize) -> Vec<(String, String)> {
        let mut v = query_pairs(p);
        v.sort();
        v
    }

    fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn params_serialize_to_kubernetes_names() {
        assert!(pairs(&ListParams::default()).is_empty());
        let mut lp = ListParams::default()
            .labels("a=b")
            .fields("metadata.name=x")
            .limit(5)
            .continue_token("tok");
        lp.timeout_seconds = Some(3);
        assert_eq!(
            pairs(&lp),
            owned(&[
                ("continue", "tok"),
                ("fieldSelector", "metadata.name=x"),
                ("labelSelector", "a=b"),
                ("limit", "5"),
                ("timeoutSeconds", "3"),
            ])
        );
        assert!(pairs(&PostParams::default()).is_empty());
        let mut pp = PostParams::dry_run();
        pp.field_manager = Some("me".into());
        pp.field_validation = Some(FieldValidation::Strict);
        assert_eq!(
            pairs(&pp),
            owned(&[
                ("dryRun", "All"),
                ("fieldManager", "me"),
                ("fieldValidation", "Strict")
            ])
        );
        assert_eq!(pairs(&PatchParams::dry_run()), owned(&[("dryRun", "All")]));
        let dp = DeleteParams {
            grace_period_seconds: Some(0),
            propagation_policy: Some("Background".into()),
            ..DeleteParams::default()
        };
        assert_eq!(
            pairs(&dp),
            owned(&[
                ("gracePeriodSeconds", "0"),
                ("propagationPolicy", "Background")
            ])
        );
    }
}
