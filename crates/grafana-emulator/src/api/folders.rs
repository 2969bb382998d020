//! Folders: `GET/POST /api/folders`, `GET/PUT/DELETE /api/folders/{uid}`.
//!
//! Sources: `pkg/api/folder.go`, `pkg/api/apierrors/folder.go`,
//! `pkg/services/dashboards/errors.go` (via behavior.md §4) and the spec's
//! `Folder` / `FolderSearchHit` schemas.

use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::auth::Identity;
use crate::clock::rfc3339;
use crate::ids::{self, UidProblem};
use crate::role::{allows, Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{Folder, State};

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/folders", list),
    Route::new("POST", "/api/folders", create),
    Route::new("GET", "/api/folders/{folder_uid}", get),
    Route::new("PUT", "/api/folders/{folder_uid}", update),
    Route::new("DELETE", "/api/folders/{folder_uid}", delete),
];

/// 404 `{"message":"folder not found","status":"not-found"}` (a `DynMap`, so
/// Go writes the keys sorted).
pub(crate) fn folder_not_found() -> axum::response::Response {
    respond::json(
        404,
        &json!({"message": "folder not found", "status": "not-found"}),
    )
}

/// The folder URL Grafana 10+ builds: `/dashboards/f/<uid>/<slug>`.
pub(crate) fn folder_url(uid: &str, title: &str) -> String {
    format!("/dashboards/f/{uid}/{}", ids::slugify(title))
}

/// The `Folder` DTO (`pkg/api/dtos/folder.go` field order).
fn folder_dto(f: &Folder, role: Option<Role>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(f.id));
    m.insert("uid".into(), json!(f.uid));
    m.insert("orgId".into(), json!(f.org_id));
    m.insert("title".into(), json!(f.title));
    m.insert("url".into(), json!(folder_url(&f.uid, &f.title)));
    m.insert("hasAcl".into(), json!(false));
    let edit = allows(role, Action::FOLDERS_WRITE);
    m.insert("canSave".into(), json!(edit));
    m.insert("canEdit".into(), json!(edit));
    m.insert("canAdmin".into(), json!(role == Some(Role::Admin)));
    m.insert(
        "canDelete".into(),
        json!(allows(role, Action::FOLDERS_DELETE)),
    );
    m.insert("createdBy".into(), json!(f.created_by));
    m.insert("created".into(), json!(rfc3339(f.created)));
    m.insert("updatedBy".into(), json!(f.updated_by));
    m.insert("updated".into(), json!(rfc3339(f.updated)));
    m.insert("version".into(), json!(f.version));
    if !f.parent_uid.is_empty() {
        m.insert("parentUid".into(), json!(f.parent_uid));
    }
    Value::Object(m)
}

/// `GET /api/folders?limit&page&parentUid`: needs `folders:read`. Folders
/// whose parent is `parentUid` (default: the root), ordered by title (byte
/// order, as SQL `ORDER BY title` with a binary collation), `limit` default
/// 1000, `page` 1-based.
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_READ))?;
    let parent = ctx.query.get("parentUid").unwrap_or("");
    let limit = match ctx.query.int("limit") {
        l if l < 1 => 1000,
        l => l,
    };
    let page = ctx.query.int("page").max(1);
    let st = ctx.app.state.read();
    let mut hits: Vec<&Folder> = st
        .org_folders(who.org_id)
        .filter(|f| f.parent_uid == parent)
        .collect();
    hits.sort_by(|a, b| a.title.cmp(&b.title).then(a.uid.cmp(&b.uid)));
    let out: Vec<Value> = hits
        .into_iter()
        .skip(((page - 1).saturating_mul(limit)) as usize)
        .take(limit as usize)
        .map(|f| {
            let mut m = Map::new();
            m.insert("id".into(), json!(f.id));
            m.insert("uid".into(), json!(f.uid));
            m.insert("title".into(), json!(f.title));
            if !f.parent_uid.is_empty() {
                m.insert("parentUid".into(), json!(f.parent_uid));
            }
            Value::Object(m)
        })
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `POST /api/folders`: needs `folders:create`.
///
/// Errors: 400 `bad request data`, 400 `folder title cannot be empty`, 400
/// uid illegal/too long, 409 `a folder/dashboard with the same uid already
/// exists` (a dashboard and a folder share the uid space, as in Grafana's
/// `dashboard` table), 404 folder not found for an unknown `parentUid`.
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_CREATE))?;
    let bad = || respond::message(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let title = body::str_field(&body, "title").ok_or_else(bad)?;
    let uid = body::str_field(&body, "uid").ok_or_else(bad)?;
    let description = body::str_field(&body, "description").ok_or_else(bad)?;
    let parent_uid = body::str_field(&body, "parentUid").ok_or_else(bad)?;
    if title.trim().is_empty() {
        return Err(respond::message(400, "folder title cannot be empty"));
    }
    check_uid(&uid)?;
    let mut st = ctx.app.state.write();
    let uid = if uid.is_empty() {
        ids::generate_uid()
    } else {
        uid
    };
    if st.uid_taken(who.org_id, &uid) {
        return Err(respond::message(
            409,
            "a folder/dashboard with the same uid already exists",
        ));
    }
    if !parent_uid.is_empty() && st.folder(who.org_id, &parent_uid).is_none() {
        return Err(folder_not_found());
    }
    let id = st.alloc_dashboard_id();
    let folder = Folder {
        id,
        uid: uid.clone(),
        org_id: who.org_id,
        title,
        parent_uid,
        description,
        version: 1,
        created: ctx.now,
        updated: ctx.now,
        created_by: who.login.clone(),
        updated_by: who.login.clone(),
    };
    let dto = folder_dto(&folder, who.role);
    st.folders.insert((who.org_id, uid), folder);
    Ok(respond::json(200, &dto))
}

fn check_uid(uid: &str) -> Result<(), axum::response::Response> {
    match ids::check_uid(uid) {
        Ok(()) => Ok(()),
        Err(UidProblem::IllegalCharacters) => {
            Err(respond::message(400, "uid contains illegal characters"))
        }
        Err(UidProblem::TooLong) => Err(respond::message(400, "uid too long, max 40 characters")),
    }
}

/// `GET /api/folders/{uid}`: needs `folders:read`; 404 not-found shape.
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_READ))?;
    let st = ctx.app.state.read();
    let f = st
        .folder(who.org_id, ctx.param())
        .ok_or_else(folder_not_found)?;
    Ok(respond::json(200, &folder_dto(f, who.role)))
}

/// `PUT /api/folders/{uid}` with `{title?, description?, version, overwrite?}`:
/// needs `folders:write`. Without `overwrite: true` the `version` must equal
/// the stored one, else 412
/// `{"message":"the folder has been changed by someone else","status":"version-mismatch"}`
/// (v8–v11 behaviour; behavior.md §4). A `title` that is present but empty
/// gives 400 `folder title cannot be empty`; an absent title keeps the old
/// one.
pub(crate) fn update(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_WRITE))?;
    let bad = || respond::message(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let new_title = match body.get("title") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad()),
    };
    let new_description = match body.get("description") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad()),
    };
    let version = body::int_field(&body, "version").ok_or_else(bad)?;
    let overwrite = body::bool_field(&body, "overwrite").ok_or_else(bad)?;
    let mut st = ctx.app.state.write();
    let key = (who.org_id, ctx.param().to_string());
    let f = st.folders.get_mut(&key).ok_or_else(folder_not_found)?;
    if !overwrite && version != f.version {
        return Err(respond::json(
            412,
            &json!({
                "message": "the folder has been changed by someone else",
                "status": "version-mismatch"
            }),
        ));
    }
    if let Some(t) = &new_title {
        if t.trim().is_empty() {
            return Err(respond::message(400, "folder title cannot be empty"));
        }
    }
    if let Some(t) = new_title {
        f.title = t;
    }
    if let Some(d) = new_description {
        f.description = d;
    }
    f.version += 1;
    f.updated = ctx.now;
    f.updated_by = who.login.clone();
    Ok(respond::json(200, &folder_dto(f, who.role)))
}

/// `DELETE /api/folders/{uid}`: needs `folders:delete`. Deletes the folder,
/// its subfolders and every dashboard in them (Grafana deletes the contents
/// too). 200 `{"id","message":"Folder <title> deleted","title"}`.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who: &Identity = ctx.require(Evaluator::One(Action::FOLDERS_DELETE))?;
    let mut st = ctx.app.state.write();
    let f = st
        .folder(who.org_id, ctx.param())
        .cloned()
        .ok_or_else(folder_not_found)?;
    remove_folder_tree(&mut st, who.org_id, &f.uid);
    Ok(respond::json(
        200,
        &json!({
            "id": f.id,
            "message": format!("Folder {} deleted", f.title),
            "title": f.title,
        }),
    ))
}

fn remove_folder_tree(st: &mut State, org_id: i64, uid: &str) {
    let children: Vec<String> = st
        .org_folders(org_id)
        .filter(|c| c.parent_uid == uid)
        .map(|c| c.uid.clone())
        .collect();
    for c in children {
        remove_folder_tree(st, org_id, &c);
    }
    st.dashboards
        .retain(|(o, _), d| !(*o == org_id && d.folder_uid == uid));
    st.folders.remove(&(org_id, uid.to_string()));
}
