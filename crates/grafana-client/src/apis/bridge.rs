//! Bridges between the legacy `/api` dashboards and `/apis`: reading a
//! dashboard whatever version it is stored in ([`AnyDashboard`]), and
//! converting between a legacy dashboard JSON and a v1 object
//! ([`legacy_to_v1`], [`v1_to_legacy`]).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::api::Target;
use super::dashboard::{is_v2, Dashboard, DashboardSpec, DashboardV2};
use super::object::{Object, ObjectMeta, FOLDER_ANNOTATION, INTERNAL_ID_LABEL};
use super::resource::ApiResource;
use super::steps::{BoxFuture, Ctx, Steps};
use crate::call::Request;
use crate::error::{Error, Result};
use crate::path::ApiPath;

/// A dashboard read without knowing its schema: v1 (classic JSON) or v2.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyDashboard {
    /// Stored (or readable without loss) as `v0alpha1`/`v1beta1`/`v1`.
    V1(Box<Dashboard>),
    /// Stored as `v2alpha1`/`v2beta1`/`v2`.
    V2(Box<DashboardV2>),
}

impl AnyDashboard {
    /// `metadata.name`, the dashboard uid.
    pub fn name(&self) -> &str {
        match self {
            AnyDashboard::V1(d) => d.name(),
            AnyDashboard::V2(d) => d.name(),
        }
    }

    /// The title.
    pub fn title(&self) -> Option<&str> {
        match self {
            AnyDashboard::V1(d) => d.spec.title(),
            AnyDashboard::V2(d) => Some(&d.spec.title),
        }
    }

    /// The version part of `apiVersion` (`v1`, `v2beta1`), empty when the
    /// object came from the legacy API.
    pub fn version(&self) -> &str {
        let api_version = match self {
            AnyDashboard::V1(d) => &d.api_version,
            AnyDashboard::V2(d) => &d.api_version,
        };
        api_version.rsplit_once('/').map_or("", |(_, v)| v)
    }
}

/// The path a legacy 406 answer points at:
/// `dashboard api version not supported, use
/// /apis/dashboard.grafana.app/<version>/namespaces/<ns>/dashboards/<uid> instead`
/// (Grafana `pkg/api/dashboard.go`, `GetDashboard`). Returns the version,
/// namespace and name; anything else is `None`.
pub(crate) fn pointer_in_message(message: &str) -> Option<(String, String, String)> {
    let start = message.find("/apis/")?;
    let path = message[start..].split_whitespace().next()?;
    let path = path.trim_end_matches(['.', ',', ';', '"', '\'']);
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["", "apis", "dashboard.grafana.app", version, "namespaces", ns, "dashboards", name]
            if !version.is_empty() && !ns.is_empty() && !name.is_empty() =>
        {
            Some((version.to_string(), ns.to_string(), name.to_string()))
        }
        _ => None,
    }
}

/// Reads a dashboard at `target`'s version and, when
/// `status.conversion` says the read lost data or failed, again at the
/// stored version.
pub(crate) async fn read_any(ctx: &Ctx, target: Target, name: &str) -> Result<AnyDashboard> {
    let version = target.resource.version.to_string();
    let first = read_at(ctx, &target, &version, name).await?;
    let conversion = match &first {
        AnyDashboard::V1(d) => d.status.as_ref().and_then(|s| s.conversion.clone()),
        AnyDashboard::V2(d) => d.status.as_ref().and_then(|s| s.conversion.clone()),
    };
    match conversion {
        Some(c) if c.needs_reread(&version) => {
            let stored = c.stored_version.unwrap_or_default();
            read_at(ctx, &target, &stored, name).await
        }
        _ => Ok(first),
    }
}

async fn read_at(ctx: &Ctx, target: &Target, version: &str, name: &str) -> Result<AnyDashboard> {
    let target = Target {
        resource: target.resource.clone().with_version(version.to_owned()),
        namespace: target.namespace.clone(),
    };
    let request = target.get(name);
    if is_v2(version) {
        Ok(AnyDashboard::V2(Box::new(ctx.execute(request).await?)))
    } else {
        Ok(AnyDashboard::V1(Box::new(ctx.execute(request).await?)))
    }
}

/// The lookup of [`Apis::get_dashboard_any`](super::Apis::get_dashboard_any).
#[derive(Debug)]
pub struct GetDashboardAny {
    pub(crate) uid: String,
    pub(crate) target: Target,
}

impl Steps for GetDashboardAny {
    type Output = AnyDashboard;

    fn run(self, ctx: Ctx) -> BoxFuture<AnyDashboard> {
        Box::pin(async move {
            let GetDashboardAny { uid, target } = self;
            let legacy = Request::get(ApiPath::api().lit("dashboards/uid").param("uid", &uid));
            match ctx.execute::<Value>(legacy).await {
                Ok(answer) => Ok(AnyDashboard::V1(Box::new(legacy_to_v1(&answer)?))),
                Err(e) if e.status() == Some(http::StatusCode::NOT_ACCEPTABLE) => {
                    let pointer = e
                        .api()
                        .and_then(|a| a.message.as_deref())
                        .and_then(pointer_in_message);
                    match pointer {
                        // Follow the pointer; its parts become encoded segments.
                        Some((version, namespace, name)) => {
                            let target = Target {
                                resource: ApiResource::DASHBOARDS_V2.with_version(version),
                                namespace: Ok(namespace),
                            };
                            read_any(&ctx, target, &name).await
                        }
                        // No pointer: read through /apis, where the stored
                        // version decides.
                        None => read_any(&ctx, target, &uid).await,
                    }
                }
                Err(e) => Err(e),
            }
        })
    }
}

/// The read of [`Apis::read_dashboard`](super::Apis::read_dashboard).
#[derive(Debug)]
pub struct ReadDashboard {
    pub(crate) uid: String,
    pub(crate) target: Target,
}

impl Steps for ReadDashboard {
    type Output = AnyDashboard;

    fn run(self, ctx: Ctx) -> BoxFuture<AnyDashboard> {
        Box::pin(async move { read_any(&ctx, self.target, &self.uid).await })
    }
}

/// A legacy dashboard (the answer of `GET /api/dashboards/uid/{uid}`,
/// `{dashboard, meta}`, or the bare dashboard model) as a v1 object:
///
/// | Legacy | v1 object |
/// |---|---|
/// | `dashboard.uid` | `metadata.name` |
/// | `dashboard.version` | `metadata.generation` |
/// | `dashboard.id` | label `grafana.app/deprecatedInternalID` |
/// | `meta.folderUid` | annotation `grafana.app/folder` |
/// | `meta.created` | `metadata.creationTimestamp` |
/// | the rest of `dashboard` | `spec` |
///
/// The object has no `resourceVersion` (the legacy API has none): a
/// [`replace`](super::Api::replace) of it overwrites unconditionally.
///
/// ```
/// use grafana_client::apis::{legacy_to_v1, v1_to_legacy};
/// use serde_json::json;
/// let legacy = json!({"dashboard": {"id": 7, "uid": "cpu", "title": "CPU", "version": 3},
///                     "meta": {"folderUid": "ops"}});
/// let object = legacy_to_v1(&legacy)?;
/// assert_eq!(object.name(), "cpu");
/// assert_eq!(object.metadata.generation, Some(3));
/// assert_eq!(object.folder(), Some("ops"));
/// assert_eq!(v1_to_legacy(&object), json!({"id": 7, "uid": "cpu", "title": "CPU", "version": 3}));
/// # Ok::<(), grafana_client::Error>(())
/// ```
pub fn legacy_to_v1(legacy: &Value) -> Result<Dashboard> {
    let (model, meta) = match legacy.get("dashboard") {
        Some(d @ Value::Object(_)) => (d, legacy.get("meta")),
        _ => (legacy, None),
    };
    let Some(fields) = model.as_object() else {
        return Err(Error::invalid_argument(
            "legacy",
            "is not a dashboard JSON object",
        ));
    };
    let uid = fields
        .get("uid")
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
        .ok_or_else(|| Error::invalid_argument("legacy", "the dashboard has no uid"))?;
    let mut spec: Map<String, Value> = fields.clone();
    spec.remove("uid");
    spec.remove("id");
    spec.remove("version");
    let mut metadata = ObjectMeta {
        name: Some(uid.to_owned()),
        generation: fields.get("version").and_then(Value::as_i64),
        ..ObjectMeta::default()
    };
    if let Some(id) = fields.get("id").and_then(Value::as_i64) {
        metadata.labels = Some(BTreeMap::from([(
            INTERNAL_ID_LABEL.to_owned(),
            id.to_string(),
        )]));
    }
    let meta_text = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    if let Some(folder) = meta_text("folderUid") {
        metadata.set_annotation(FOLDER_ANNOTATION, Some(folder));
    }
    metadata.creation_timestamp = meta_text("created").map(str::to_owned);
    Ok(Object {
        api_version: ApiResource::DASHBOARDS_V1.api_version(),
        kind: "Dashboard".into(),
        metadata,
        spec: DashboardSpec(spec),
        status: None,
        extra: Map::new(),
    })
}

/// A v1 object as the legacy dashboard model (what goes in `dashboard` of
/// `POST /api/dashboards/db`): the spec with `uid` = `metadata.name`,
/// `version` = `metadata.generation` and `id` from the
/// `grafana.app/deprecatedInternalID` label, when present. The folder is
/// [`Object::folder`]. The inverse of [`legacy_to_v1`].
pub fn v1_to_legacy(dashboard: &Dashboard) -> Value {
    let mut model = dashboard.spec.0.clone();
    if let Some(id) = dashboard
        .metadata
        .label(INTERNAL_ID_LABEL)
        .and_then(|id| id.parse::<i64>().ok())
    {
        model.insert("id".into(), id.into());
    }
    if !dashboard.name().is_empty() {
        model.insert("uid".into(), dashboard.name().into());
    }
    if let Some(g) = dashboard.metadata.generation {
        model.insert("version".into(), g.into());
    }
    Value::Object(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointer_is_read_from_grafanas_message() {
        let m = "dashboard api version not supported, use /apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/abc instead";
        assert_eq!(
            pointer_in_message(m),
            Some(("v2beta1".into(), "default".into(), "abc".into()))
        );
        let m = "dashboard api version not supported, use /apis/dashboard.grafana.app/v2/namespaces/org-3/dashboards/x-y.";
        assert_eq!(
            pointer_in_message(m),
            Some(("v2".into(), "org-3".into(), "x-y".into()))
        );
        for bad in [
            "no pointer",
            "use /apis/folder.grafana.app/v1/namespaces/default/folders/a instead",
            "use /apis/dashboard.grafana.app/v2/namespaces/default/dashboards/a/../../x instead",
            "use /apis/dashboard.grafana.app//namespaces/default/dashboards/a instead",
        ] {
            assert_eq!(pointer_in_message(bad), None, "{bad}");
        }
    }

    #[test]
    fn legacy_round_trip() {
        let bare = json!({"uid": "u", "title": "T", "panels": [], "schemaVersion": 39});
        let o = legacy_to_v1(&bare).unwrap();
        assert_eq!(o.name(), "u");
        assert_eq!(o.metadata.generation, None);
        assert_eq!(o.metadata.labels, None);
        assert_eq!(o.spec.title(), Some("T"));
        assert_eq!(o.spec.get("uid"), None);
        assert_eq!(v1_to_legacy(&o), bare);
        assert!(legacy_to_v1(&json!({"title": "no uid"})).is_err());
        assert!(legacy_to_v1(&json!([1])).is_err());
        assert!(legacy_to_v1(&json!({"dashboard": {"uid": ""}})).is_err());
        let full = json!({"dashboard": {"id": 4, "uid": "a", "version": 2},
                          "meta": {"folderUid": "", "created": "2026-01-01T00:00:00Z"}});
        let o = legacy_to_v1(&full).unwrap();
        assert_eq!(o.folder(), None);
        assert_eq!(o.metadata.label(INTERNAL_ID_LABEL), Some("4"));
        assert_eq!(
            o.metadata.creation_timestamp.as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(v1_to_legacy(&o), full["dashboard"]);
    }
}
