//! `dashboard.grafana.app`: dashboards as resources over the `/api` store.
//!
//! - A dashboard row of `/api` is the object: `metadata.name` is its uid,
//!   `metadata.generation` its version, the label
//!   `grafana.app/deprecatedInternalID` its id, the annotation
//!   `grafana.app/folder` its folder (`apis.md` §4).
//! - Classic versions (`v0alpha1`, `v1beta1`, `v1`) carry the dashboard
//!   JSON as `spec` (without `id`); `v2*` versions carry the v2 schema
//!   (`elements`, `layout`, `variables`, … — `apps/dashboard/kinds/v2beta1`).
//! - A dashboard written at a `v2*` version keeps its v2 spec; the `/api`
//!   row holds a classic down-conversion (so search and `/api` lists see
//!   it), and the legacy `GET /api/dashboards/uid/{uid}` answers 406 with
//!   the `/apis` path (`pkg/api/dashboard.go` `GetDashboard`, the "v2 is
//!   not supported in /api" branch). A later save through `/api` makes it a
//!   classic dashboard again.
//! - Reading at a version of the other family converts and reports
//!   `status.conversion {storedVersion, failed, error?}`
//!   (`apps/dashboard/kinds/dashboard.cue`). Up-conversion of a classic
//!   dashboard whose `schemaVersion` is below 13 fails (the emulator's
//!   rule, after the minimum version Grafana's schema migrations accept):
//!   `failed: true`, and `spec` holds only the title.
//! - History (`grafana.app/get-history`) lists the `/api` version store,
//!   newest first; a past version is read with `?resourceVersion=`.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{
    check_labels, meta_map, namespace_of, preview, touch, MetaOut, ObjMeta, ResourceDef, Scope,
    V2Stored, ValueResult,
};
use crate::api::dashboard_versions::{self, DashVersion, NewVersion};
use crate::api::dashboards as legacy;
use crate::api::respond;
use crate::ids;
use crate::json_order::sorted_json;
use crate::role::Action;
use crate::state::{Dashboard, State};

/// The resource.
pub(crate) const DEF: ResourceDef = ResourceDef {
    group: "dashboard.grafana.app",
    resource: "dashboards",
    singular: "dashboard",
    kind: "Dashboard",
    versions,
    read: Action::DASHBOARDS_READ,
    create: Action::DASHBOARDS_CREATE,
    write: Action::DASHBOARDS_WRITE,
    delete: Action::DASHBOARDS_DELETE,
    sync,
    get,
    save,
    remove,
};

/// Served versions, preferred first (`apis.md` §3).
fn versions(release: (u32, u32)) -> &'static [&'static str] {
    if release >= (13, 0) {
        &["v1", "v1beta1", "v0alpha1", "v2", "v2beta1"]
    } else if release >= (12, 0) {
        &["v1beta1", "v0alpha1", "v2beta1"]
    } else {
        &["v0alpha1"]
    }
}

/// The version a dashboard saved through `/api` counts as stored in (the
/// release's default classic version).
fn classic_default(release: (u32, u32)) -> &'static str {
    versions(release)[0]
}

fn is_v2(version: &str) -> bool {
    version.starts_with("v2")
}

/// The row fingerprint: every `/api` save bumps the version.
fn fingerprint(d: &Dashboard) -> String {
    format!("{}:{}", d.id, d.version)
}

/// Brings every dashboard of `org` up to date; names in uid order.
fn sync(st: &mut State, org: i64) -> Vec<String> {
    let rows: Vec<(String, i64, i64, String)> = st
        .org_dashboards(org)
        .map(|d| (d.uid.clone(), d.id, d.version, fingerprint(d)))
        .collect();
    let ids: HashMap<&str, i64> = rows.iter().map(|(n, id, _, _)| (n.as_str(), *id)).collect();
    super::forget_missing(&mut st.apis, DEF.resource, org, |n, id| {
        ids.get(n) == Some(&id)
    });
    for (name, id, version, fp) in &rows {
        let rv = touch(&mut st.apis, DEF.resource, org, name, *id, fp.clone()).rv;
        st.apis.history_rv.entry((*id, *version)).or_insert(rv);
    }
    rows.into_iter().map(|(n, ..)| n).collect()
}

/// Where an object's content comes from: the current row or a version.
struct Source<'a> {
    data: &'a [u8],
    generation: i64,
    updated: i64,
    updated_by: &'a str,
    message: &'a str,
    rv: Option<i64>,
}

/// The current object of dashboard `name` at the scope's version.
fn get(st: &State, scope: &Scope, name: &str) -> Option<Value> {
    let d = st.dashboard(scope.org, name)?;
    let meta = st
        .apis
        .objects
        .get(&(DEF.resource, scope.org, name.to_string()))?;
    let message = st
        .dashboard_versions
        .versions
        .in_org(scope.org)
        .find(|v| v.dashboard_id == d.id && v.version == d.version)
        .map_or("", |v| v.message.as_str());
    Some(build(
        st,
        scope,
        d,
        meta,
        Source {
            data: &d.data_json,
            generation: d.version,
            updated: d.updated,
            updated_by: &d.updated_by,
            message,
            rv: None,
        },
    ))
}

/// The object for one source at the scope's version, with
/// `status.conversion` when the stored version is of the other family.
fn build(st: &State, scope: &Scope, d: &Dashboard, meta: &ObjMeta, src: Source) -> Value {
    let mut classic = match serde_json::from_slice::<Value>(src.data) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    classic.remove("id");
    let stored_v2 = meta.v2.as_ref().filter(|v| v.generation == src.generation);
    let stored_version =
        stored_v2.map_or(classic_default(scope.release), |v| v.api_version.as_str());
    let mut conversion: Option<Value> = None;
    let spec = if is_v2(&scope.version) {
        match stored_v2 {
            Some(v) => {
                if v.api_version != scope.version {
                    conversion = Some(json!({"failed": false, "storedVersion": v.api_version}));
                }
                v.spec.clone()
            }
            None => match up_convert(&classic) {
                Ok(spec) => {
                    conversion = Some(json!({"failed": false, "storedVersion": stored_version}));
                    spec
                }
                Err(e) => {
                    conversion =
                        Some(json!({"failed": true, "storedVersion": stored_version, "error": e}));
                    json!({"title": classic.get("title").cloned().unwrap_or(json!(""))})
                }
            },
        }
    } else {
        if stored_v2.is_some() {
            conversion = Some(json!({"failed": false, "storedVersion": stored_version}));
        }
        Value::Object(classic)
    };
    let metadata = MetaOut {
        name: &d.uid,
        ns: &scope.ns,
        meta,
        rv: src.rv,
        generation: src.generation,
        created: d.created,
        updated: src.updated,
        created_by: super::identity_ref(st, scope.org, &d.created_by),
        updated_by: super::identity_ref(st, scope.org, src.updated_by),
        folder: &d.folder_uid,
        message: src.message,
        internal_id: Some(d.id),
    }
    .to_json();
    let status = match conversion {
        Some(c) => json!({"conversion": c}),
        None => json!({}),
    };
    super::object(scope, metadata, spec, status)
}

/// Validates and stores a dashboard (see the module docs).
fn save(
    st: &mut State,
    scope: &Scope,
    name: &str,
    obj: Map<String, Value>,
    existing: bool,
    dry_run: bool,
) -> ValueResult {
    let org = scope.org;
    let Some(Value::Object(spec)) = obj.get("spec") else {
        return Err(scope.invalid(
            name,
            &[("FieldValueRequired", "spec", "Required value".into())],
        ));
    };
    let title = spec.get("title").and_then(Value::as_str).unwrap_or("");
    if title.trim().is_empty() {
        return Err(scope.invalid(
            name,
            &[("FieldValueRequired", "spec.title", "Required value".into())],
        ));
    }
    if ids::check_uid(name).is_err() {
        return Err(scope.invalid(
            name,
            &[(
                "FieldValueInvalid",
                "metadata.name",
                format!("Invalid value: \"{name}\": a dashboard name may contain at most 40 letters, digits, '-' and '_'"),
            )],
        ));
    }
    let v2 = is_v2(&scope.version);
    if !v2 && spec.contains_key("elements") && spec.contains_key("layout") {
        return Err(super::bad_request(&format!(
            "the spec is a v2 dashboard (elements, layout); use dashboard.grafana.app/{} for it",
            versions(scope.release)
                .iter()
                .find(|v| is_v2(v))
                .copied()
                .unwrap_or("v2")
        )));
    }
    let mut labels = meta_map(&obj, "labels");
    check_labels(&labels)?;
    labels.remove("grafana.app/deprecatedInternalID");
    let mut annotations = meta_map(&obj, "annotations");
    let folder = annotations
        .remove("grafana.app/folder")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let message = annotations
        .remove("grafana.app/message")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    for computed in [
        "grafana.app/createdBy",
        "grafana.app/updatedBy",
        "grafana.app/updatedTimestamp",
    ] {
        annotations.remove(computed);
    }
    if !folder.is_empty() && st.folder(org, &folder).is_none() {
        return Err(super::bad_request(&format!("folder not found: {folder}")));
    }
    if !existing && st.folder(org, name).is_some() {
        return Err(scope.already_exists(name));
    }
    let mut classic = if v2 {
        down_convert(spec, scope.release)
    } else {
        spec.clone()
    };
    classic.remove("id");
    classic.insert("uid".into(), json!(name));
    let current = if existing { get(st, scope, name) } else { None };
    if dry_run {
        return Ok(preview(
            scope,
            name,
            &obj,
            current.as_ref(),
            Value::Object(spec.clone()),
        ));
    }

    let who = scope.who.clone();
    let saver = super::saver_name(st, &who, scope.release);
    let row = st.dashboard(org, name).cloned();
    let meta_v2 = st
        .apis
        .objects
        .get(&(DEF.resource, org, name.to_string()))
        .and_then(|m| m.v2.clone())
        .filter(|v| row.as_ref().is_some_and(|r| r.version == v.generation));
    let (id, version) = match &row {
        None => {
            let id = legacy::insert_seeded(st, org, &folder, who.id, classic.clone(), scope.now);
            if let Some(d) = st.dashboards.get_mut(&(org, name.to_string())) {
                d.created_by = saver.clone();
                d.updated_by = saver.clone();
            }
            let vid = st
                .dashboard_versions
                .versions
                .in_org(org)
                .find(|v| v.dashboard_id == id)
                .map(|v| v.id);
            if let Some(v) = vid.and_then(|vid| st.dashboard_versions.versions.get_mut(org, vid)) {
                v.message = message.clone();
                v.created_by = saver.clone();
            }
            (id, 1)
        }
        Some(ex) => {
            let strip = |m: &Map<String, Value>| {
                let mut m = m.clone();
                for k in ["id", "uid", "version"] {
                    m.remove(k);
                }
                m
            };
            let old: Map<String, Value> = serde_json::from_slice(&ex.data_json).unwrap_or_default();
            let spec_changed = if v2 {
                meta_v2
                    .as_ref()
                    .is_none_or(|s| s.spec != Value::Object(spec.clone()))
            } else {
                strip(&old) != strip(&classic)
            };
            if spec_changed || ex.folder_uid != folder {
                let new_version = ex.version + 1;
                classic.insert("id".into(), json!(ex.id));
                classic.insert("version".into(), json!(new_version));
                let tags: Vec<String> = classic
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|t| t.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let data = sorted_json(&Value::Object(classic.clone()));
                let mut d = ex.clone();
                d.title = title.to_string();
                d.folder_uid = folder.clone();
                d.version = new_version;
                d.tags = tags;
                d.data_json = data.clone();
                d.updated = scope.now;
                d.updated_by = saver.clone();
                st.dashboards.insert((org, name.to_string()), d);
                dashboard_versions::record(
                    st,
                    NewVersion {
                        org_id: org,
                        dashboard_id: ex.id,
                        dashboard_uid: name,
                        version: new_version,
                        restored_from: 0,
                        message: &message,
                        created_by: &saver,
                        data,
                        now: scope.now,
                    },
                );
                (ex.id, new_version)
            } else {
                (ex.id, ex.version)
            }
        }
    };
    let rv = st.apis.next_rv();
    let fp = format!("{id}:{version}");
    let m = touch(&mut st.apis, DEF.resource, org, name, id, fp);
    m.rv = rv;
    m.labels = labels;
    m.annotations = annotations;
    m.v2 = if v2 {
        Some(V2Stored {
            api_version: scope.version.clone(),
            generation: version,
            spec: Value::Object(spec.clone()),
        })
    } else if meta_v2.as_ref().is_some_and(|s| s.generation == version) {
        // A classic write that changed nothing keeps the v2 original.
        meta_v2
    } else {
        None
    };
    st.apis.history_rv.entry((id, version)).or_insert(rv);
    get(st, scope, name).ok_or_else(|| scope.not_found(name))
}

/// Deletes the dashboard with its history and permissions (as
/// `DELETE /api/dashboards/uid/{uid}`).
fn remove(st: &mut State, scope: &Scope, name: &str) -> Result<(), axum::response::Response> {
    let d = st
        .dashboards
        .remove(&(scope.org, name.to_string()))
        .ok_or_else(|| scope.not_found(name))?;
    dashboard_versions::forget(st, d.id);
    st.apis.history_rv.retain(|(id, _), _| *id != d.id);
    Ok(())
}

/// The history of dashboard `name`, newest first, keyed for paging.
pub(crate) fn history(st: &mut State, scope: &Scope, name: &str) -> Vec<(String, Value)> {
    let Some(d) = st.dashboard(scope.org, name).cloned() else {
        return Vec::new();
    };
    let mut rows: Vec<DashVersion> = st
        .dashboard_versions
        .versions
        .in_org(scope.org)
        .filter(|v| v.dashboard_id == d.id)
        .cloned()
        .collect();
    rows.sort_by_key(|v| std::cmp::Reverse(v.version));
    // Versions saved before /apis first saw the dashboard get their
    // resourceVersion now (stable from then on).
    for v in &rows {
        if !st.apis.history_rv.contains_key(&(d.id, v.version)) {
            let rv = st.apis.next_rv();
            st.apis.history_rv.insert((d.id, v.version), rv);
        }
    }
    let st: &State = st;
    let Some(meta) = st
        .apis
        .objects
        .get(&(DEF.resource, scope.org, name.to_string()))
    else {
        return Vec::new();
    };
    rows.iter()
        .map(|v| {
            let rv = if v.version == d.version {
                meta.rv
            } else {
                st.apis
                    .history_rv
                    .get(&(d.id, v.version))
                    .copied()
                    .unwrap_or(0)
            };
            let obj = build(
                st,
                scope,
                &d,
                meta,
                Source {
                    data: &v.data,
                    generation: v.version,
                    updated: v.created,
                    updated_by: &v.created_by,
                    message: &v.message,
                    rv: Some(rv),
                },
            );
            (
                format!("{:020}", i64::MAX.saturating_sub(v.version.max(0))),
                obj,
            )
        })
        .collect()
}

/// Dashboard `name` as it was at resourceVersion `rv` (a history entry).
pub(crate) fn at_resource_version(
    st: &mut State,
    scope: &Scope,
    name: &str,
    rv: &str,
) -> Option<Value> {
    let rv: i64 = rv.parse().ok()?;
    history(st, scope, name)
        .into_iter()
        .map(|(_, o)| o)
        .find(|o| o["metadata"]["resourceVersion"].as_str() == Some(&rv.to_string()))
}

/// The legacy read's answer for a dashboard stored as v2: 406 with the
/// `/apis` path (`pkg/api/dashboard.go` `GetDashboard`). On Grafana 13 an
/// `?apiVersion=` naming a classic version serves the down-converted
/// dashboard instead (PR #120842: the requested version is tried first);
/// any other value falls back to the default behaviour.
pub(crate) fn legacy_read_guard(
    st: &State,
    org: i64,
    d: &Dashboard,
    api_version: Option<&str>,
    release: (u32, u32),
) -> Option<axum::response::Response> {
    let m = st.apis.objects.get(&(DEF.resource, org, d.uid.clone()))?;
    let v2 =
        m.v2.as_ref()
            .filter(|v| m.id == d.id && v.generation == d.version)?;
    if release >= (13, 0)
        && api_version.is_some_and(|v| !is_v2(v) && versions(release).contains(&v))
    {
        return None;
    }
    Some(respond::message(
        406,
        &format!(
            "dashboard api version not supported, use /apis/dashboard.grafana.app/{}/namespaces/{}/dashboards/{} instead",
            v2.api_version,
            namespace_of(org),
            d.uid
        ),
    ))
}

// ---------------------------------------------------------------------------
// Conversions

/// Variable `type` ↔ v2 kind.
const VARIABLE_KINDS: &[(&str, &str)] = &[
    ("query", "QueryVariable"),
    ("textbox", "TextVariable"),
    ("constant", "ConstantVariable"),
    ("datasource", "DatasourceVariable"),
    ("interval", "IntervalVariable"),
    ("custom", "CustomVariable"),
    ("groupby", "GroupByVariable"),
    ("adhoc", "AdhocVariable"),
    ("switch", "SwitchVariable"),
];

/// `graphTooltip` ↔ `cursorSync`.
const CURSOR_SYNC: &[&str] = &["Off", "Crosshair", "Tooltip"];

fn arr(v: Option<&Value>) -> Vec<Value> {
    v.and_then(Value::as_array).cloned().unwrap_or_default()
}

/// A classic dashboard as a v2 spec: panels become `Panel` elements on a
/// `GridLayout` (rows are flattened), template variables and annotations
/// keep their fields under `{kind, spec}`. `Err` for a dashboard too old to
/// migrate.
fn up_convert(c: &Map<String, Value>) -> Result<Value, String> {
    if let Some(sv) = c.get("schemaVersion").and_then(Value::as_i64) {
        if sv < 13 {
            return Err(format!(
                "dashboard schema version {sv} cannot be migrated: the minimum supported version is 13"
            ));
        }
    }
    let time = c.get("time").cloned().unwrap_or(json!({}));
    let timepicker = c.get("timepicker").cloned().unwrap_or(json!({}));
    let mut elements = Map::new();
    let mut items = Vec::new();
    let mut panels = Vec::new();
    for p in arr(c.get("panels")) {
        if p.get("type").and_then(Value::as_str) == Some("row") {
            panels.extend(arr(p.get("panels")));
        } else {
            panels.push(p);
        }
    }
    for (i, p) in panels.iter().enumerate() {
        let id = p.get("id").and_then(Value::as_i64).unwrap_or(i as i64 + 1);
        let key = format!("panel-{id}");
        let element = if let Some(lib) = p.get("libraryPanel") {
            json!({"kind": "LibraryPanel", "spec": {
                "id": id,
                "title": p.get("title").cloned().unwrap_or(json!("")),
                "libraryPanel": lib,
            }})
        } else {
            let queries: Vec<Value> = arr(p.get("targets"))
                .into_iter()
                .map(|mut t| {
                    let ref_id = t.get("refId").cloned().unwrap_or(json!("A"));
                    let hidden = t.get("hide").cloned().unwrap_or(json!(false));
                    let ds = t
                        .get("datasource")
                        .cloned()
                        .or_else(|| p.get("datasource").cloned());
                    if let Value::Object(m) = &mut t {
                        for k in ["refId", "hide", "datasource"] {
                            m.remove(k);
                        }
                    }
                    let mut query = Map::new();
                    query.insert("kind".into(), json!("DataQuery"));
                    query.insert(
                        "group".into(),
                        ds.as_ref()
                            .and_then(|d| d.get("type"))
                            .cloned()
                            .unwrap_or(json!("")),
                    );
                    query.insert("version".into(), json!("v0"));
                    if let Some(uid) = ds.as_ref().and_then(|d| d.get("uid")) {
                        query.insert("datasource".into(), json!({"name": uid}));
                    }
                    query.insert("spec".into(), t);
                    json!({"kind": "PanelQuery", "spec": {
                        "query": query, "refId": ref_id, "hidden": hidden,
                    }})
                })
                .collect();
            json!({"kind": "Panel", "spec": {
                "id": id,
                "title": p.get("title").cloned().unwrap_or(json!("")),
                "description": p.get("description").cloned().unwrap_or(json!("")),
                "links": p.get("links").cloned().unwrap_or(json!([])),
                "data": {"kind": "QueryGroup", "spec": {
                    "queries": queries,
                    "transformations": p.get("transformations").cloned().unwrap_or(json!([])),
                    "queryOptions": {},
                }},
                "vizConfig": {
                    "kind": "VizConfig",
                    "group": p.get("type").cloned().unwrap_or(json!("")),
                    "version": p.get("pluginVersion").cloned().unwrap_or(json!("")),
                    "spec": {
                        "options": p.get("options").cloned().unwrap_or(json!({})),
                        "fieldConfig": p.get("fieldConfig").cloned().unwrap_or(json!({"defaults": {}, "overrides": []})),
                    },
                },
            }})
        };
        let gp = p.get("gridPos").cloned().unwrap_or(json!({}));
        let num = |k: &str, d: i64| gp.get(k).and_then(Value::as_i64).unwrap_or(d);
        items.push(json!({"kind": "GridLayoutItem", "spec": {
            "x": num("x", 0), "y": num("y", 0), "width": num("w", 12), "height": num("h", 8),
            "element": {"kind": "ElementReference", "name": key},
        }}));
        elements.insert(key, element);
    }
    let variables: Vec<Value> = arr(c.get("templating").and_then(|t| t.get("list")))
        .into_iter()
        .map(|mut v| {
            let ty = v
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("query")
                .to_string();
            let kind = VARIABLE_KINDS
                .iter()
                .find(|(t, _)| *t == ty)
                .map_or("QueryVariable", |(_, k)| k);
            if let Value::Object(m) = &mut v {
                m.remove("type");
            }
            json!({"kind": kind, "spec": v})
        })
        .collect();
    let annotations: Vec<Value> = arr(c.get("annotations").and_then(|a| a.get("list")))
        .into_iter()
        .map(|a| json!({"kind": "AnnotationQuery", "spec": a}))
        .collect();
    let cursor = c
        .get("graphTooltip")
        .and_then(Value::as_u64)
        .and_then(|i| CURSOR_SYNC.get(i as usize))
        .copied()
        .unwrap_or("Off");
    Ok(json!({
        "title": c.get("title").cloned().unwrap_or(json!("")),
        "description": c.get("description").cloned().unwrap_or(json!("")),
        "tags": c.get("tags").cloned().unwrap_or(json!([])),
        "editable": c.get("editable").cloned().unwrap_or(json!(true)),
        "cursorSync": cursor,
        "preload": false,
        "liveNow": c.get("liveNow").cloned().unwrap_or(json!(false)),
        "links": c.get("links").cloned().unwrap_or(json!([])),
        "timeSettings": {
            "timezone": c.get("timezone").cloned().unwrap_or(json!("browser")),
            "from": time.get("from").cloned().unwrap_or(json!("now-6h")),
            "to": time.get("to").cloned().unwrap_or(json!("now")),
            "autoRefresh": c.get("refresh").cloned().unwrap_or(json!("")),
            "autoRefreshIntervals": timepicker.get("refresh_intervals").cloned().unwrap_or(json!(["5s","10s","30s","1m","5m","15m","30m","1h","2h","1d"])),
            "hideTimepicker": timepicker.get("hidden").cloned().unwrap_or(json!(false)),
            "fiscalYearStartMonth": c.get("fiscalYearStartMonth").cloned().unwrap_or(json!(0)),
        },
        "annotations": annotations,
        "variables": variables,
        "elements": elements,
        "layout": {"kind": "GridLayout", "spec": {"items": items}},
    }))
}

/// A v2 spec as a classic dashboard (what the `/api` row keeps): panels
/// from the elements, placed by a `GridLayout` (other layouts stack the
/// panels, which loses the layout).
fn down_convert(s: &Map<String, Value>, release: (u32, u32)) -> Map<String, Value> {
    let ts = s.get("timeSettings").cloned().unwrap_or(json!({}));
    let elements = s
        .get("elements")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let layout = s.get("layout").cloned().unwrap_or(json!({}));
    let mut placed: Vec<(String, Value)> = Vec::new();
    if layout.get("kind").and_then(Value::as_str) == Some("GridLayout") {
        for it in arr(layout.pointer("/spec/items")) {
            let sp = it.get("spec").cloned().unwrap_or(json!({}));
            let name = sp
                .pointer("/element/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let pos = json!({
                "x": sp.get("x").cloned().unwrap_or(json!(0)),
                "y": sp.get("y").cloned().unwrap_or(json!(0)),
                "w": sp.get("width").cloned().unwrap_or(json!(12)),
                "h": sp.get("height").cloned().unwrap_or(json!(8)),
            });
            placed.push((name, pos));
        }
    } else {
        for (i, name) in elements.keys().enumerate() {
            placed.push((
                name.clone(),
                json!({"x": 0, "y": i as i64 * 8, "w": 24, "h": 8}),
            ));
        }
    }
    let mut panels = Vec::new();
    for (i, (name, pos)) in placed.into_iter().enumerate() {
        let Some(el) = elements.get(&name) else {
            continue;
        };
        let sp = el.get("spec").cloned().unwrap_or(json!({}));
        let id = sp.get("id").cloned().unwrap_or(json!(i + 1));
        let mut p = Map::new();
        p.insert("id".into(), id);
        p.insert(
            "title".into(),
            sp.get("title").cloned().unwrap_or(json!("")),
        );
        p.insert("gridPos".into(), pos);
        if el.get("kind").and_then(Value::as_str) == Some("LibraryPanel") {
            p.insert(
                "libraryPanel".into(),
                sp.get("libraryPanel").cloned().unwrap_or(json!({})),
            );
        } else {
            let viz = sp.get("vizConfig").cloned().unwrap_or(json!({}));
            p.insert(
                "type".into(),
                viz.get("group").cloned().unwrap_or(json!("")),
            );
            if let Some(d) = sp.get("description") {
                p.insert("description".into(), d.clone());
            }
            p.insert(
                "options".into(),
                viz.pointer("/spec/options").cloned().unwrap_or(json!({})),
            );
            p.insert(
                "fieldConfig".into(),
                viz.pointer("/spec/fieldConfig")
                    .cloned()
                    .unwrap_or(json!({"defaults": {}, "overrides": []})),
            );
            let targets: Vec<Value> = arr(sp.pointer("/data/spec/queries"))
                .into_iter()
                .map(|q| {
                    let qs = q.get("spec").cloned().unwrap_or(json!({}));
                    let query = qs.get("query").cloned().unwrap_or(json!({}));
                    let mut t = query
                        .get("spec")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    t.insert(
                        "refId".into(),
                        qs.get("refId").cloned().unwrap_or(json!("A")),
                    );
                    if qs.get("hidden").and_then(Value::as_bool) == Some(true) {
                        t.insert("hide".into(), json!(true));
                    }
                    let mut ds = Map::new();
                    if let Some(g) = query.get("group") {
                        ds.insert("type".into(), g.clone());
                    }
                    if let Some(uid) = query.pointer("/datasource/name") {
                        ds.insert("uid".into(), uid.clone());
                    }
                    if !ds.is_empty() {
                        t.insert("datasource".into(), Value::Object(ds));
                    }
                    Value::Object(t)
                })
                .collect();
            p.insert("targets".into(), Value::Array(targets));
            if let Some(tr) = sp.pointer("/data/spec/transformations") {
                p.insert("transformations".into(), tr.clone());
            }
            if let Some(l) = sp.get("links") {
                p.insert("links".into(), l.clone());
            }
        }
        panels.push(Value::Object(p));
    }
    let variables: Vec<Value> = arr(s.get("variables"))
        .into_iter()
        .map(|v| {
            let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
            let ty = VARIABLE_KINDS
                .iter()
                .find(|(_, k)| *k == kind)
                .map_or("query", |(t, _)| t);
            let mut m = v
                .get("spec")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            m.insert("type".into(), json!(ty));
            Value::Object(m)
        })
        .collect();
    let annotations: Vec<Value> = arr(s.get("annotations"))
        .into_iter()
        .map(|a| a.get("spec").cloned().unwrap_or(json!({})))
        .collect();
    let tooltip = s
        .get("cursorSync")
        .and_then(Value::as_str)
        .and_then(|c| CURSOR_SYNC.iter().position(|x| *x == c))
        .unwrap_or(0);
    let mut c = Map::new();
    c.insert("title".into(), s.get("title").cloned().unwrap_or(json!("")));
    if let Some(d) = s.get("description") {
        c.insert("description".into(), d.clone());
    }
    c.insert("tags".into(), s.get("tags").cloned().unwrap_or(json!([])));
    c.insert(
        "editable".into(),
        s.get("editable").cloned().unwrap_or(json!(true)),
    );
    c.insert("graphTooltip".into(), json!(tooltip));
    c.insert("links".into(), s.get("links").cloned().unwrap_or(json!([])));
    c.insert("panels".into(), Value::Array(panels));
    c.insert("templating".into(), json!({"list": variables}));
    c.insert("annotations".into(), json!({"list": annotations}));
    c.insert(
        "time".into(),
        json!({
            "from": ts.get("from").cloned().unwrap_or(json!("now-6h")),
            "to": ts.get("to").cloned().unwrap_or(json!("now")),
        }),
    );
    c.insert(
        "timezone".into(),
        ts.get("timezone").cloned().unwrap_or(json!("browser")),
    );
    c.insert(
        "refresh".into(),
        ts.get("autoRefresh").cloned().unwrap_or(json!("")),
    );
    c.insert(
        "timepicker".into(),
        json!({
            "hidden": ts.get("hideTimepicker").cloned().unwrap_or(json!(false)),
            "refresh_intervals": ts.get("autoRefreshIntervals").cloned().unwrap_or(json!([])),
        }),
    );
    c.insert(
        "fiscalYearStartMonth".into(),
        ts.get("fiscalYearStartMonth").cloned().unwrap_or(json!(0)),
    );
    c.insert(
        "schemaVersion".into(),
        json!(if release >= (13, 0) { 42 } else { 41 }),
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip_the_essentials() {
        let classic = json!({
            "title": "T", "tags": ["a"], "schemaVersion": 41, "graphTooltip": 1,
            "time": {"from": "now-1h", "to": "now"},
            "templating": {"list": [{"type": "custom", "name": "env", "query": "a,b"}]},
            "panels": [{"id": 3, "type": "timeseries", "title": "P",
                "gridPos": {"x": 0, "y": 0, "w": 12, "h": 6},
                "targets": [{"refId": "A", "expr": "up", "datasource": {"type": "prometheus", "uid": "prom"}}]}]
        });
        let v2 = up_convert(classic.as_object().unwrap()).unwrap();
        assert_eq!(v2["cursorSync"], "Crosshair");
        assert_eq!(v2["variables"][0]["kind"], "CustomVariable");
        let el = &v2["elements"]["panel-3"]["spec"];
        assert_eq!(el["vizConfig"]["group"], "timeseries");
        let q = &el["data"]["spec"]["queries"][0]["spec"];
        assert_eq!(q["query"]["group"], "prometheus");
        assert_eq!(q["query"]["datasource"]["name"], "prom");
        assert_eq!(q["query"]["spec"]["expr"], "up");
        assert_eq!(v2["layout"]["spec"]["items"][0]["spec"]["height"], 6);
        let back = down_convert(v2.as_object().unwrap(), (13, 0));
        assert_eq!(back["title"], "T");
        assert_eq!(back["graphTooltip"], 1);
        assert_eq!(
            back["panels"][0]["gridPos"],
            json!({"x": 0, "y": 0, "w": 12, "h": 6})
        );
        assert_eq!(back["panels"][0]["targets"][0]["expr"], "up");
        assert_eq!(back["panels"][0]["targets"][0]["datasource"]["uid"], "prom");
        assert_eq!(back["templating"]["list"][0]["type"], "custom");
        assert_eq!(back["schemaVersion"], 42);
        let old = json!({"title": "Old", "schemaVersion": 8});
        assert!(up_convert(old.as_object().unwrap()).is_err());
    }
}
