//! `playlist.grafana.app`: playlists, stored only here (the emulator does
//! not serve the deprecated `/api/playlists`).
//!
//! `spec` is `{title, interval, items[{type, value}]}` with `type` one of
//! `dashboard_by_uid`, `dashboard_by_tag`, `dashboard_by_id` (deprecated)
//! (`docs/sources/developer-resources/api-reference/http-api/playlist.md`).
//! Viewers read, Editors write (the legacy playlist routes'
//! `reqEditorRole`).

use serde_json::{json, Map, Value};

use super::{check_labels, meta_map, preview, touch, MetaOut, ResourceDef, Scope, ValueResult};
use crate::role::{Action, Role};
use crate::state::State;

/// `playlists:read` (any member) and `playlists:write` (Editor).
const READ: Action = Action::new("playlists:read", Role::Viewer);
const WRITE: Action = Action::new("playlists:write", Role::Editor);

/// The resource.
pub(crate) const DEF: ResourceDef = ResourceDef {
    group: "playlist.grafana.app",
    resource: "playlists",
    singular: "playlist",
    kind: "Playlist",
    versions,
    read: READ,
    create: WRITE,
    write: WRITE,
    delete: WRITE,
    sync,
    get,
    save,
    remove,
};

/// Item types Grafana accepts.
const ITEM_TYPES: &[&str] = &["dashboard_by_uid", "dashboard_by_tag", "dashboard_by_id"];

/// One stored playlist.
#[derive(Debug, Clone)]
pub(crate) struct Playlist {
    pub(crate) id: i64,
    pub(crate) spec: Value,
    pub(crate) generation: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) created_by: String,
    pub(crate) updated_by: String,
}

/// Served versions, preferred first (`v1` from Grafana 13, PR #117638).
fn versions(release: (u32, u32)) -> &'static [&'static str] {
    if release >= (13, 0) {
        &["v1", "v0alpha1"]
    } else {
        &["v0alpha1"]
    }
}

fn sync(st: &mut State, org: i64) -> Vec<String> {
    st.apis
        .playlists
        .range((org, String::new())..(org + 1, String::new()))
        .map(|((_, n), _)| n.clone())
        .collect()
}

fn get(st: &State, scope: &Scope, name: &str) -> Option<Value> {
    let p = st.apis.playlists.get(&(scope.org, name.to_string()))?;
    let meta = st
        .apis
        .objects
        .get(&(DEF.resource, scope.org, name.to_string()))?;
    let metadata = MetaOut {
        name,
        ns: &scope.ns,
        meta,
        rv: None,
        generation: p.generation,
        created: p.created,
        updated: p.updated,
        created_by: super::identity_ref(st, scope.org, &p.created_by),
        updated_by: super::identity_ref(st, scope.org, &p.updated_by),
        folder: "",
        message: "",
        internal_id: None,
    }
    .to_json();
    Some(super::object(scope, metadata, p.spec.clone(), json!({})))
}

fn save(
    st: &mut State,
    scope: &Scope,
    name: &str,
    obj: Map<String, Value>,
    existing: bool,
    dry_run: bool,
) -> ValueResult {
    let Some(Value::Object(spec)) = obj.get("spec") else {
        return Err(scope.invalid(
            name,
            &[("FieldValueRequired", "spec", "Required value".into())],
        ));
    };
    let mut causes: Vec<(&str, String, String)> = Vec::new();
    if spec
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .is_empty()
    {
        causes.push((
            "FieldValueRequired",
            "spec.title".into(),
            "Required value".into(),
        ));
    }
    if spec
        .get("interval")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .is_empty()
    {
        causes.push((
            "FieldValueRequired",
            "spec.interval".into(),
            "Required value".into(),
        ));
    }
    let items = spec
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        let ty = item.get("type").and_then(Value::as_str).unwrap_or("");
        if !ITEM_TYPES.contains(&ty) {
            causes.push((
                "FieldValueNotSupported",
                format!("spec.items[{i}].type"),
                format!(
                    "Unsupported value: \"{ty}\": supported values: \"dashboard_by_uid\", \"dashboard_by_tag\", \"dashboard_by_id\""
                ),
            ));
        }
        if item.get("value").and_then(Value::as_str).is_none() {
            causes.push((
                "FieldValueRequired",
                format!("spec.items[{i}].value"),
                "Required value".into(),
            ));
        }
    }
    if !causes.is_empty() {
        let causes: Vec<(&str, &str, String)> = causes
            .iter()
            .map(|(r, f, m)| (*r, f.as_str(), m.clone()))
            .collect();
        return Err(scope.invalid(name, &causes));
    }
    let labels = meta_map(&obj, "labels");
    check_labels(&labels)?;
    let mut annotations = meta_map(&obj, "annotations");
    for computed in [
        "grafana.app/createdBy",
        "grafana.app/updatedBy",
        "grafana.app/updatedTimestamp",
    ] {
        annotations.remove(computed);
    }
    let spec = Value::Object(spec.clone());
    let current = if existing { get(st, scope, name) } else { None };
    if dry_run {
        return Ok(preview(scope, name, &obj, current.as_ref(), spec));
    }
    let saver = super::saver_name(st, &scope.who, scope.release);
    let key = (scope.org, name.to_string());
    let p = match st.apis.playlists.get(&key).cloned() {
        None => Playlist {
            id: st.apis.playlists.values().map(|p| p.id).max().unwrap_or(0) + 1,
            spec,
            generation: 1,
            created: scope.now,
            updated: scope.now,
            created_by: saver.clone(),
            updated_by: saver,
        },
        Some(mut p) => {
            if p.spec != spec {
                p.spec = spec;
                p.generation += 1;
            }
            p.updated = scope.now;
            p.updated_by = saver;
            p
        }
    };
    let (id, generation) = (p.id, p.generation);
    st.apis.playlists.insert(key, p);
    let rv = st.apis.next_rv();
    let m = touch(
        &mut st.apis,
        DEF.resource,
        scope.org,
        name,
        id,
        format!("{id}:{generation}"),
    );
    m.rv = rv;
    m.labels = labels;
    m.annotations = annotations;
    get(st, scope, name).ok_or_else(|| scope.not_found(name))
}

fn remove(st: &mut State, scope: &Scope, name: &str) -> Result<(), axum::response::Response> {
    st.apis
        .playlists
        .remove(&(scope.org, name.to_string()))
        .map(|_| ())
        .ok_or_else(|| scope.not_found(name))
}
