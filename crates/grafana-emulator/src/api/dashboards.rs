//! Dashboards: `POST /api/dashboards/db`, `GET/DELETE /api/dashboards/uid/{uid}`.
//!
//! Sources: `pkg/api/dashboard.go`, `pkg/api/apierrors/dashboard.go`,
//! `pkg/services/dashboards/errors.go` (behavior.md §3). The emulator follows
//! the classic (v8–v12, non-k8s) save path: a version conflict is 412, not
//! the 409 of the newest k8s-backed code.

use serde_json::{json, Map, Value};

use super::folders::folder_url;
use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::clock::{rfc3339, ZERO_TIME};
use crate::ids::{self, UidProblem};
use crate::json_order::sorted_json;
use crate::role::{allows, Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::Dashboard;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/dashboards/db", save),
    Route::new("GET", "/api/dashboards/uid/{uid}", get),
    Route::new("DELETE", "/api/dashboards/uid/{uid}", delete),
];

/// `DashboardErr` with a status: `{"message","status"}` (a `DynMap`, so the
/// keys come out sorted).
fn dash_err(code: u16, status: &str, msg: &str) -> axum::response::Response {
    respond::json(code, &json!({"message": msg, "status": status}))
}

/// `/d/<uid>/<slug>`.
pub(crate) fn dashboard_url(uid: &str, slug: &str) -> String {
    format!("/d/{uid}/{slug}")
}

/// `POST /api/dashboards/db`: needs `dashboards:create` or `dashboards:write`.
///
/// Body `{dashboard, folderUid?, folderId?, message?, overwrite?}`. Checks, in
/// order: binding (400 `bad request data`; a missing or non-object
/// `dashboard` is treated as a binding error), empty title (400
/// `empty-name`), title over 5000 characters, uid characters and length,
/// message over 500 characters, unknown folder (400 `folder not found`),
/// unknown `dashboard.id` (404 `not-found`), a uid already used by another
/// dashboard or a folder (400 `A dashboard with the same uid already
/// exists`), version mismatch without `overwrite` (412 `version-mismatch`).
/// A new dashboard gets version 1; each save adds 1.
///
/// 200 `{"folderUid","id","slug","status":"success","uid","url","version"}`.
pub(crate) fn save(ctx: &Ctx) -> ApiResult {
    const EV: Evaluator = Evaluator::Any(&[Action::DASHBOARDS_CREATE, Action::DASHBOARDS_WRITE]);
    let who = ctx.require(EV)?;
    let bad = || respond::message(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let Some(Value::Object(dash)) = body.get("dashboard") else {
        return Err(bad());
    };
    let mut dash = dash.clone();
    let folder_uid = body::str_field(&body, "folderUid").ok_or_else(bad)?;
    let folder_id = body::int_field(&body, "folderId").ok_or_else(bad)?;
    let message = body::str_field(&body, "message").ok_or_else(bad)?;
    let overwrite = body::bool_field(&body, "overwrite").ok_or_else(bad)?;
    let title = match dash.get("title") {
        Some(Value::String(s)) => s.trim().to_string(),
        _ => String::new(),
    };
    let uid = match dash.get("uid") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(bad()),
    };
    let id = match dash.get("id") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) => n.as_i64().ok_or_else(bad)?,
        Some(_) => return Err(bad()),
    };
    let version = dash.get("version").and_then(Value::as_i64).unwrap_or(0);

    if title.is_empty() {
        return Err(dash_err(
            400,
            "empty-name",
            "Dashboard title cannot be empty",
        ));
    }
    if title.chars().count() > 5000 {
        return Err(respond::message(
            400,
            "Dashboard title cannot contain more than 5 000 characters",
        ));
    }
    match ids::check_uid(&uid) {
        Ok(()) => {}
        Err(UidProblem::IllegalCharacters) => {
            return Err(respond::message(400, "uid contains illegal characters"))
        }
        Err(UidProblem::TooLong) => {
            return Err(respond::message(400, "uid too long, max 40 characters"))
        }
    }
    if message.chars().count() > 500 {
        return Err(respond::message(
            400,
            "message too long, max 500 characters",
        ));
    }

    let org = who.org_id;
    let mut st = ctx.app.state.write();
    // Folder: folderUid wins; the deprecated folderId is used when no uid.
    let folder = if !folder_uid.is_empty() {
        Some(
            st.folder(org, &folder_uid)
                .cloned()
                .ok_or_else(|| respond::message(400, "folder not found"))?,
        )
    } else if folder_id != 0 {
        Some(
            st.org_folders(org)
                .find(|f| f.id == folder_id)
                .cloned()
                .ok_or_else(|| respond::message(400, "folder not found"))?,
        )
    } else {
        None
    };

    // Which stored dashboard this save replaces, if any.
    let existing: Option<Dashboard> = if id != 0 {
        let by_id = st
            .org_dashboards(org)
            .find(|d| d.id == id)
            .cloned()
            .ok_or_else(|| dash_err(404, "not-found", "Dashboard not found"))?;
        if !uid.is_empty() && uid != by_id.uid && st.uid_taken(org, &uid) {
            return Err(respond::message(
                400,
                "A dashboard with the same uid already exists",
            ));
        }
        Some(by_id)
    } else if !uid.is_empty() {
        if st.folder(org, &uid).is_some() {
            return Err(respond::message(
                400,
                "A dashboard with the same uid already exists",
            ));
        }
        st.dashboard(org, &uid).cloned()
    } else {
        None
    };
    if let Some(ex) = &existing {
        if !overwrite && version != ex.version {
            return Err(dash_err(
                412,
                "version-mismatch",
                "The dashboard has been changed by someone else",
            ));
        }
    }

    let uid = match (&existing, uid.is_empty()) {
        (Some(ex), true) => ex.uid.clone(),
        (_, false) => uid,
        (None, true) => ids::generate_uid(),
    };
    let id = match &existing {
        Some(ex) => ex.id,
        None => st.alloc_dashboard_id(),
    };
    let new_version = existing.as_ref().map_or(1, |e| e.version + 1);
    let tags: Vec<String> = dash
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let raw_title = dash
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    dash.insert("id".into(), json!(id));
    dash.insert("uid".into(), json!(uid));
    dash.insert("version".into(), json!(new_version));
    let folder_uid = folder.as_ref().map(|f| f.uid.clone()).unwrap_or_default();
    let slug = ids::slugify(&raw_title);
    let record = Dashboard {
        id,
        uid: uid.clone(),
        title: raw_title,
        folder_uid: folder_uid.clone(),
        version: new_version,
        tags,
        data_json: sorted_json(&Value::Object(dash)),
        created: existing.as_ref().map_or(ctx.now, |e| e.created),
        updated: ctx.now,
        created_by: existing
            .as_ref()
            .map_or_else(|| who.login.clone(), |e| e.created_by.clone()),
        updated_by: who.login.clone(),
    };
    if let Some(ex) = &existing {
        st.dashboards.remove(&(org, ex.uid.clone()));
    }
    st.dashboards.insert((org, uid.clone()), record);
    Ok(respond::json(
        200,
        &json!({
            "folderUid": folder_uid,
            "id": id,
            "slug": slug,
            "status": "success",
            "uid": uid,
            "url": dashboard_url(&uid, &slug),
            "version": new_version,
        }),
    ))
}

/// `GET /api/dashboards/uid/{uid}`: needs `dashboards:read`. 404
/// `{"message":"Dashboard not found"}` for an unknown uid (and for a folder's
/// uid). 200 `{"dashboard": <saved JSON, keys sorted as Go writes them>,
/// "meta": DashboardMeta}`.
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::DASHBOARDS_READ))?;
    let st = ctx.app.state.read();
    let d = st
        .dashboard(who.org_id, ctx.param())
        .ok_or_else(|| respond::message(404, "Dashboard not found"))?;
    let folder = if d.folder_uid.is_empty() {
        None
    } else {
        st.folder(who.org_id, &d.folder_uid)
    };
    let meta = dashboard_meta(d, folder, who.role);
    // The same bytes as serializing `{"dashboard": <sorted data>, "meta":
    // meta}`, with the dashboard's part taken from the bytes cached at save.
    let meta = serde_json::to_vec(&meta).unwrap_or_default();
    let mut body = Vec::with_capacity(d.data_json.len() + meta.len() + 24);
    body.extend_from_slice(b"{\"dashboard\":");
    body.extend_from_slice(&d.data_json);
    body.extend_from_slice(b",\"meta\":");
    body.extend_from_slice(&meta);
    body.push(b'}');
    Ok(respond::raw(200, "application/json", body))
}

/// `DashboardMeta` for a stored dashboard, in Grafana's `dtos.DashboardMeta`
/// field order.
fn dashboard_meta(
    d: &Dashboard,
    folder: Option<&crate::state::Folder>,
    role: Option<Role>,
) -> Value {
    let slug = ids::slugify(&d.title);
    let edit = allows(role, Action::DASHBOARDS_WRITE);
    let mut m = Map::new();
    m.insert("type".into(), json!("db"));
    m.insert("canSave".into(), json!(edit));
    m.insert("canEdit".into(), json!(edit));
    m.insert("canAdmin".into(), json!(role == Some(Role::Admin)));
    m.insert("canStar".into(), json!(true));
    m.insert(
        "canDelete".into(),
        json!(allows(role, Action::DASHBOARDS_DELETE)),
    );
    m.insert("slug".into(), json!(slug));
    m.insert("url".into(), json!(dashboard_url(&d.uid, &slug)));
    m.insert("expires".into(), json!(ZERO_TIME));
    m.insert("created".into(), json!(rfc3339(d.created)));
    m.insert("updated".into(), json!(rfc3339(d.updated)));
    m.insert("updatedBy".into(), json!(d.updated_by));
    m.insert("createdBy".into(), json!(d.created_by));
    m.insert("version".into(), json!(d.version));
    m.insert("hasAcl".into(), json!(false));
    m.insert("isFolder".into(), json!(false));
    m.insert("folderId".into(), json!(folder.map_or(0, |f| f.id)));
    m.insert("folderUid".into(), json!(folder.map_or("", |f| &f.uid)));
    m.insert(
        "folderTitle".into(),
        json!(folder.map_or("General", |f| &f.title)),
    );
    m.insert(
        "folderUrl".into(),
        json!(folder.map_or(String::new(), |f| folder_url(&f.uid, &f.title))),
    );
    m.insert("provisioned".into(), json!(false));
    m.insert("provisionedExternalId".into(), json!(""));
    let annotations = json!({"canAdd": edit, "canEdit": edit, "canDelete": edit});
    m.insert(
        "annotationsPermissions".into(),
        json!({"dashboard": annotations, "organization": annotations}),
    );
    Value::Object(m)
}

/// `DELETE /api/dashboards/uid/{uid}`: needs `dashboards:delete`. A folder's
/// uid gives 400 `Use folders endpoint for deleting folders.`; an unknown uid
/// 404 `{"message":"Dashboard not found"}`; success 200
/// `{"message":"Dashboard <title> deleted","title","uid"}`. Not idempotent.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::DASHBOARDS_DELETE))?;
    let mut st = ctx.app.state.write();
    if st.folder(who.org_id, ctx.param()).is_some() {
        return Err(respond::message(
            400,
            "Use folders endpoint for deleting folders.",
        ));
    }
    let d = st
        .dashboards
        .remove(&(who.org_id, ctx.param().to_string()))
        .ok_or_else(|| respond::message(404, "Dashboard not found"))?;
    Ok(respond::json(
        200,
        &json!({
            "message": format!("Dashboard {} deleted", d.title),
            "title": d.title,
            "uid": d.uid,
        }),
    ))
}
