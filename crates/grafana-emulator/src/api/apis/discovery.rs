//! Discovery documents (Kubernetes' aggregated discovery in its plain,
//! v1 form): `GET /apis` (`APIGroupList`), `GET /apis/<group>` (`APIGroup`)
//! and `GET /apis/<group>/<version>` (`APIResourceList`).
//!
//! Versions are listed preferred first, as the apiserver orders them by
//! priority; `preferredVersion` is the first. Any signed-in caller may read
//! them (Kubernetes' `system:discovery`); anonymous callers get 401.

use serde_json::{json, Value};

use super::{caller, group_versions, groups as all_groups, resources_of, unknown_path};
use crate::api::{respond, ApiResult, Ctx};

/// `{groupVersion, version}`.
fn gv(group: &str, version: &str) -> Value {
    json!({"groupVersion": format!("{group}/{version}"), "version": version})
}

/// The `APIGroup` of `group` for the emulated release (`None`: not served).
fn group_doc(group: &str, release: (u32, u32)) -> Option<Value> {
    let versions = group_versions(group, release);
    let preferred = versions.first()?;
    Some(json!({
        "name": group,
        "versions": versions.iter().map(|v| gv(group, v)).collect::<Vec<_>>(),
        "preferredVersion": gv(group, preferred),
    }))
}

/// `GET /apis`: the served groups.
pub(crate) fn groups(ctx: &Ctx) -> ApiResult {
    caller(ctx)?;
    let release = ctx.version();
    let list: Vec<Value> = all_groups()
        .into_iter()
        .filter_map(|g| group_doc(g, release))
        .collect();
    Ok(respond::json(
        200,
        &json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": list}),
    ))
}

/// `GET /apis/<group>`.
pub(crate) fn group(ctx: &Ctx) -> ApiResult {
    caller(ctx)?;
    let mut doc = group_doc(ctx.param_at(0), ctx.version()).ok_or_else(unknown_path)?;
    if let Value::Object(m) = &mut doc {
        let mut out = serde_json::Map::new();
        out.insert("kind".into(), json!("APIGroup"));
        out.insert("apiVersion".into(), json!("v1"));
        out.append(m);
        doc = Value::Object(out);
    }
    Ok(respond::json(200, &doc))
}

/// `GET /apis/<group>/<version>`: the resources of one group version.
pub(crate) fn resources(ctx: &Ctx) -> ApiResult {
    caller(ctx)?;
    let group = ctx.param_at(0);
    let version = ctx.param_at(1);
    if !group_versions(group, ctx.version()).contains(&version) {
        return Err(unknown_path());
    }
    let verbs = [
        "create",
        "delete",
        "deletecollection",
        "get",
        "list",
        "patch",
        "update",
        "watch",
    ];
    let mut list = Vec::new();
    for d in resources_of(group) {
        list.push(json!({
            "name": d.resource,
            "singularName": d.singular,
            "namespaced": true,
            "kind": d.kind,
            "verbs": verbs,
        }));
        if d.resource == "folders" {
            for (sub, kind) in [
                ("parents", "FolderInfoList"),
                ("counts", "DescendantCounts"),
            ] {
                list.push(json!({
                    "name": format!("folders/{sub}"),
                    "singularName": "",
                    "namespaced": true,
                    "kind": kind,
                    "verbs": ["get"],
                }));
            }
        }
    }
    Ok(respond::json(
        200,
        &json!({
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": format!("{group}/{version}"),
            "resources": list,
        }),
    ))
}
