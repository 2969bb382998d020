//! `folder.grafana.app`: folders as resources over the `/api` store.
//!
//! `spec` is `{title, description?}`; the parent folder is the annotation
//! `grafana.app/folder` (moving a folder is changing it);
//! `metadata.generation` is the folder's version (`apis.md` §3,
//! `apps/folder/kinds/folder.cue`). Subresources: `parents` (a
//! `FolderInfoList` from the root down to the folder itself,
//! `pkg/registry/apis/folders/sub_parents.go`) and `counts`
//! (`DescendantCounts` of the folder's subtree, `sub_count.go`). Delete
//! removes the subtree like `DELETE /api/folders/{uid}`, with the same
//! guards (library panels in use, alert rules without `forceDeleteRules`).

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::{check_labels, meta_map, preview, touch, MetaOut, ResourceDef, Scope, ValueResult};
use crate::api::folders::{ancestors, height, subtree};
use crate::ids;
use crate::role::Action;
use crate::state::{Folder, State};

/// The resource.
pub(crate) const DEF: ResourceDef = ResourceDef {
    group: "folder.grafana.app",
    resource: "folders",
    singular: "folder",
    kind: "Folder",
    versions,
    read: Action::FOLDERS_READ,
    create: Action::FOLDERS_CREATE,
    write: Action::FOLDERS_WRITE,
    delete: Action::FOLDERS_DELETE,
    sync,
    get,
    save,
    remove,
};

/// `folder.MaxNestedFolderDepth`.
const MAX_DEPTH: usize = 4;

/// Served versions, preferred first (`apis.md` §3).
fn versions(release: (u32, u32)) -> &'static [&'static str] {
    if release >= (13, 0) {
        &["v1", "v1beta1"]
    } else if release >= (12, 0) {
        &["v1beta1"]
    } else {
        &["v0alpha1"]
    }
}

fn fingerprint(f: &Folder) -> String {
    format!(
        "{}:{}:{}:{}:{}",
        f.id, f.version, f.parent_uid, f.title, f.description
    )
}

fn sync(st: &mut State, org: i64) -> Vec<String> {
    let rows: Vec<(String, i64, String)> = st
        .org_folders(org)
        .map(|f| (f.uid.clone(), f.id, fingerprint(f)))
        .collect();
    let ids: HashMap<&str, i64> = rows.iter().map(|(n, id, _)| (n.as_str(), *id)).collect();
    super::forget_missing(&mut st.apis, DEF.resource, org, |n, id| {
        ids.get(n) == Some(&id)
    });
    for (name, id, fp) in &rows {
        touch(&mut st.apis, DEF.resource, org, name, *id, fp.clone());
    }
    rows.into_iter().map(|(n, ..)| n).collect()
}

fn get(st: &State, scope: &Scope, name: &str) -> Option<Value> {
    let f = st.folder(scope.org, name)?;
    let meta = st
        .apis
        .objects
        .get(&(DEF.resource, scope.org, name.to_string()))?;
    let metadata = MetaOut {
        name: &f.uid,
        ns: &scope.ns,
        meta,
        rv: None,
        generation: f.version,
        created: f.created,
        updated: f.updated,
        created_by: super::identity_ref(st, scope.org, &f.created_by),
        updated_by: super::identity_ref(st, scope.org, &f.updated_by),
        folder: &f.parent_uid,
        message: "",
        internal_id: Some(f.id),
    }
    .to_json();
    let mut spec = Map::new();
    spec.insert("title".into(), json!(f.title));
    if !f.description.is_empty() {
        spec.insert("description".into(), json!(f.description));
    }
    Some(super::object(
        scope,
        metadata,
        Value::Object(spec),
        json!({}),
    ))
}

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
    let title = spec
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if title.trim().is_empty() {
        return Err(scope.invalid(
            name,
            &[("FieldValueRequired", "spec.title", "Required value".into())],
        ));
    }
    let description = spec
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if ids::check_uid(name).is_err() {
        return Err(scope.invalid(
            name,
            &[(
                "FieldValueInvalid",
                "metadata.name",
                format!("Invalid value: \"{name}\": a folder name may contain at most 40 letters, digits, '-' and '_'"),
            )],
        ));
    }
    let mut labels = meta_map(&obj, "labels");
    check_labels(&labels)?;
    labels.remove("grafana.app/deprecatedInternalID");
    let mut annotations = meta_map(&obj, "annotations");
    let parent = annotations
        .remove("grafana.app/folder")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    for computed in [
        "grafana.app/createdBy",
        "grafana.app/updatedBy",
        "grafana.app/updatedTimestamp",
        "grafana.app/message",
    ] {
        annotations.remove(computed);
    }
    if !existing && st.dashboard(org, name).is_some() {
        return Err(scope.already_exists(name));
    }
    if !parent.is_empty() {
        if st.folder(org, &parent).is_none() {
            return Err(super::bad_request(&format!(
                "parent folder not found: {parent}"
            )));
        }
        if parent == name || (existing && subtree(st, org, name).contains(&parent)) {
            return Err(super::bad_request("Circular reference detected"));
        }
        let below = if existing {
            height(st, org, name, 0)
        } else {
            0
        };
        if ancestors(st, org, &parent).len() + 2 + below > MAX_DEPTH {
            return Err(super::bad_request("Maximum nested folder depth reached"));
        }
    }
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
    let login = scope.who.login.clone();
    let key = (org, name.to_string());
    let id = match st.folders.get(&key).cloned() {
        None => {
            let id = st.alloc_dashboard_id();
            st.folders.insert(
                key.clone(),
                Folder {
                    id,
                    uid: name.to_string(),
                    org_id: org,
                    title,
                    parent_uid: parent,
                    description,
                    version: 1,
                    created: scope.now,
                    updated: scope.now,
                    created_by: login.clone(),
                    updated_by: login,
                },
            );
            id
        }
        Some(f) => {
            if f.title != title || f.description != description || f.parent_uid != parent {
                if let Some(row) = st.folders.get_mut(&key) {
                    row.title = title;
                    row.description = description;
                    row.parent_uid = parent;
                    row.version += 1;
                    row.updated = scope.now;
                    row.updated_by = login;
                }
            }
            f.id
        }
    };
    let fp = st.folders.get(&key).map(fingerprint).unwrap_or_default();
    let rv = st.apis.next_rv();
    let m = touch(&mut st.apis, DEF.resource, org, name, id, fp);
    m.rv = rv;
    m.labels = labels;
    m.annotations = annotations;
    get(st, scope, name).ok_or_else(|| scope.not_found(name))
}

fn remove(st: &mut State, scope: &Scope, name: &str) -> Result<(), axum::response::Response> {
    let org = scope.org;
    let tree = subtree(st, org, name);
    if tree
        .iter()
        .any(|uid| crate::api::library_elements::connected_in_folder(st, org, uid))
    {
        return Err(super::status(
            403,
            "Forbidden",
            "Folder could not be deleted because it contains library elements in use",
            Some(scope.details(name)),
        ));
    }
    let has_rules = st
        .alerting
        .rules
        .in_org(org)
        .any(|r| tree.contains(&r.folder_uid));
    if has_rules {
        if !scope.force_delete_rules {
            return Err(super::bad_request(
                "folder cannot be deleted: folder contains alert rules",
            ));
        }
        st.alerting
            .rules
            .retain(|r| !(r.org_id == org && tree.contains(&r.folder_uid)));
    }
    for uid in &tree {
        crate::api::library_elements::delete_in_folder(st, org, uid);
        st.folder_permissions
            .permissions
            .remove(&(org, uid.clone()));
        let gone: Vec<i64> = st
            .org_dashboards(org)
            .filter(|d| d.folder_uid == *uid)
            .map(|d| d.id)
            .collect();
        st.dashboards
            .retain(|(o, _), d| !(*o == org && d.folder_uid == *uid));
        for id in gone {
            crate::api::dashboard_versions::forget(st, id);
        }
        st.folders.remove(&(org, uid.clone()));
    }
    Ok(())
}

/// `GET …/folders/<name>/parents`: the folder and its ancestors, root
/// first.
pub(crate) fn parents(st: &State, scope: &Scope, name: &str) -> Value {
    let mut chain: Vec<&Folder> = st.folder(scope.org, name).into_iter().collect();
    chain.extend(ancestors(st, scope.org, name).into_iter().rev());
    chain.reverse();
    let items: Vec<Value> = chain
        .iter()
        .map(|f| {
            let mut m = Map::new();
            m.insert("name".into(), json!(f.uid));
            m.insert("title".into(), json!(f.title));
            if !f.parent_uid.is_empty() {
                m.insert("parent".into(), json!(f.parent_uid));
            }
            Value::Object(m)
        })
        .collect();
    json!({"kind": "FolderInfoList", "apiVersion": scope.api_version(), "metadata": {}, "items": items})
}

/// `GET …/folders/<name>/counts`: what the folder's subtree holds.
pub(crate) fn counts(st: &State, scope: &Scope, name: &str) -> Value {
    let org = scope.org;
    let tree = subtree(st, org, name);
    let dashboards = st
        .org_dashboards(org)
        .filter(|d| tree.contains(&d.folder_uid))
        .count();
    let library = st
        .library_elements
        .elements
        .in_org(org)
        .filter(|e| tree.contains(&e.folder_uid))
        .count();
    let rules = st
        .alerting
        .rules
        .in_org(org)
        .filter(|r| tree.contains(&r.folder_uid))
        .count();
    json!({
        "kind": "DescendantCounts",
        "apiVersion": scope.api_version(),
        "counts": [
            {"group": "dashboard.grafana.app", "resource": "dashboards", "count": dashboards},
            {"group": "dashboard.grafana.app", "resource": "librarypanels", "count": library},
            {"group": "folder.grafana.app", "resource": "folders", "count": tree.len() - 1},
            {"group": "rules.alerting.grafana.app", "resource": "alertrules", "count": rules},
        ],
    })
}
