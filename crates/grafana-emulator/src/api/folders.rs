//! Folders:
//!
//! - `GET /api/folders` (`limit`, `page`, `parentUid`, `permission`),
//!   `POST /api/folders`
//! - `GET /api/folders/id/{id}` (deprecated by Grafana)
//! - `GET/PUT/DELETE /api/folders/{uid}` (`forceDeleteRules` on delete)
//! - `POST /api/folders/{uid}/move` (nested folders)
//! - `GET/POST /api/folders/{uid}/permissions` (the legacy ACL view of the
//!   folder's managed permissions)
//! - `POST /api/access-control/folders/{uid}/users/{userId}` (one user's
//!   permission, the resource-permissions API)
//!
//! Sources (facts only): `pkg/api/folder.go` (`registerFolderAPI`,
//! `GetFolders`, `GetFolderByID`, `CreateFolder`, `setDefaultFolderPermissions`,
//! `MoveFolder`, `DeleteFolder`, `newToFolderDto`), `pkg/api/folder_permission.go`
//! (`GetFolderPermissionList`, `UpdateFolderPermissions`, `getFolderACL`),
//! `pkg/api/dashboard_permission.go` (`validatePermissionsUpdate`),
//! `pkg/services/folder/model.go` (errors, `MaxNestedFolderDepth`),
//! `pkg/services/accesscontrol/resourcepermissions/api.go`
//! (`setUserPermission`, `permissionSetResponse`), `pkg/api/apierrors/folder.go`,
//! behavior.md §4 and the spec's `Folder` / `FolderSearchHit` /
//! `DashboardACLInfoDTO` schemas.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::acl::AclUpdate;
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
    Route::new("GET", "/api/folders/id/{id}", get_by_id),
    Route::new("GET", "/api/folders/{folder_uid}", get),
    Route::new("PUT", "/api/folders/{folder_uid}", update),
    Route::new("DELETE", "/api/folders/{folder_uid}", delete),
    Route::new("POST", "/api/folders/{folder_uid}/move", move_folder),
    Route::new(
        "GET",
        "/api/folders/{folder_uid}/permissions",
        get_permissions,
    ),
    Route::new(
        "POST",
        "/api/folders/{folder_uid}/permissions",
        update_permissions,
    ),
    Route::new(
        "POST",
        "/api/access-control/folders/{folder_uid}/users/{user_id}",
        set_user_permission,
    ),
];

/// `folders.permissions:read` / `:write`: the basic Admin role holds them
/// (and a folder's own admins, which the emulator does not model).
const FOLDERS_PERMISSIONS_READ: Action = Action::new("folders.permissions:read", Role::Admin);
const FOLDERS_PERMISSIONS_WRITE: Action = Action::new("folders.permissions:write", Role::Admin);

/// `folder.MaxNestedFolderDepth` (Grafana 11+): at most this many levels.
const MAX_NESTED_FOLDER_DEPTH: usize = 4;

/// One managed permission on a folder: for a user, a team or a basic role.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Permission {
    pub(crate) user_id: i64,
    pub(crate) team_id: i64,
    /// `Viewer`, `Editor` or `Admin`, for a basic-role entry.
    pub(crate) role: Option<Role>,
    /// 1 View, 2 Edit, 4 Admin.
    pub(crate) permission: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
}

/// This area's stored state (held by [`crate::state::State`]): the managed
/// permissions of each folder that has been given some explicitly. A folder
/// without an entry has Grafana's defaults (see [`folder_permissions`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) permissions: BTreeMap<(i64, String), Vec<Permission>>,
}

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

/// The `Folder` DTO (`pkg/api/dtos/folder.go` field order), with
/// `parents` (root first) when the folder is nested (`newToFolderDto`; the
/// key is left out for a folder at the root).
fn folder_dto(st: &State, f: &Folder, role: Option<Role>) -> Value {
    let mut m = folder_dto_flat(f, role);
    let parents: Vec<Value> = ancestors(st, f.org_id, &f.uid)
        .iter()
        .map(|p| Value::Object(folder_dto_flat(p, role)))
        .collect();
    if !parents.is_empty() {
        m.insert("parents".into(), Value::Array(parents));
    }
    Value::Object(m)
}

/// One folder's DTO fields, without `parents`.
fn folder_dto_flat(f: &Folder, role: Option<Role>) -> Map<String, Value> {
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
    m
}

/// The ancestors of folder `uid`, root first (`folderService.GetParents`).
pub(crate) fn ancestors<'a>(st: &'a State, org_id: i64, uid: &str) -> Vec<&'a Folder> {
    let mut out = Vec::new();
    let mut cur = st.folder(org_id, uid).map(|f| f.parent_uid.clone());
    while let Some(p) = cur.filter(|p| !p.is_empty()) {
        match st.folder(org_id, &p) {
            // A cycle cannot be stored (move refuses one); stop anyway.
            Some(f) if !out.iter().any(|o: &&Folder| o.uid == f.uid) => {
                out.push(f);
                cur = Some(f.parent_uid.clone());
            }
            _ => break,
        }
    }
    out.reverse();
    out
}

/// The uids of folder `uid` and every folder below it.
pub(crate) fn subtree(st: &State, org_id: i64, uid: &str) -> Vec<String> {
    let mut out = vec![uid.to_string()];
    let mut i = 0;
    while i < out.len() {
        let children: Vec<String> = st
            .org_folders(org_id)
            .filter(|c| c.parent_uid == out[i] && !out.contains(&c.uid))
            .map(|c| c.uid.clone())
            .collect();
        out.extend(children);
        i += 1;
    }
    out
}

/// Levels below folder `uid` (0 for a folder without subfolders).
pub(crate) fn height(st: &State, org_id: i64, uid: &str, seen: usize) -> usize {
    if seen > 64 {
        return 0;
    }
    st.org_folders(org_id)
        .filter(|c| c.parent_uid == uid)
        .map(|c| 1 + height(st, org_id, &c.uid, seen + 1))
        .max()
        .unwrap_or(0)
}

/// 400 `folder.maximum-depth-reached` (`ErrMaximumDepthReached`, an errutil
/// error with a public message).
fn max_depth_reached() -> axum::response::Response {
    respond::errutil(
        400,
        "Maximum nested folder depth reached",
        "folder.maximum-depth-reached",
    )
}

/// `GET /api/folders?limit&page&parentUid&permission`: needs `folders:read`.
/// Folders whose parent is `parentUid` (default: the root), ordered by title
/// (byte order, as SQL `ORDER BY title` with a binary collation), `limit`
/// default 1000, `page` 1-based. `permission=Edit` keeps only folders the
/// caller may edit (`GetFolders` passes `PERMISSION_EDIT` to
/// `GetChildren`): none for a Viewer.
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_READ))?;
    let parent = ctx.query.get("parentUid").unwrap_or("");
    if ctx.query.get("permission") == Some("Edit") && !allows(who.role, Action::FOLDERS_WRITE) {
        return Ok(respond::json(200, &json!([])));
    }
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
    if !parent_uid.is_empty() {
        if st.folder(who.org_id, &parent_uid).is_none() {
            return Err(folder_not_found());
        }
        // The parent's level plus the new one (folderimpl `Create` checks
        // the parent's ancestors against `MaxNestedFolderDepth`).
        if ancestors(&st, who.org_id, &parent_uid).len() + 2 > MAX_NESTED_FOLDER_DEPTH {
            return Err(max_depth_reached());
        }
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
    st.folders.insert((who.org_id, uid.clone()), folder);
    let dto = st
        .folder(who.org_id, &uid)
        .map(|f| folder_dto(&st, f, who.role))
        .unwrap_or_default();
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
    Ok(respond::json(200, &folder_dto(&st, f, who.role)))
}

/// `GET /api/folders/id/{id}` (`GetFolderByID`): needs `folders:read`; 400
/// `id is invalid` for a non-numeric id; 404 not-found shape.
pub(crate) fn get_by_id(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_READ))?;
    let id: i64 = ctx
        .param()
        .parse()
        .map_err(|_| respond::message(400, "id is invalid"))?;
    let st = ctx.app.state.read();
    let f = st
        .org_folders(who.org_id)
        .find(|f| f.id == id)
        .ok_or_else(folder_not_found)?;
    Ok(respond::json(200, &folder_dto(&st, f, who.role)))
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
    let uid = f.uid.clone();
    let dto = st
        .folder(who.org_id, &uid)
        .map(|f| folder_dto(&st, f, who.role))
        .unwrap_or_default();
    Ok(respond::json(200, &dto))
}

/// `DELETE /api/folders/{uid}?forceDeleteRules=`: needs `folders:delete`.
///
/// `DeleteFolder`: first the library elements of the folder (and, in the
/// emulator, of its subfolders) are deleted, which Grafana refuses while a
/// dashboard uses one of them: 403 `Folder could not be deleted because it
/// contains library elements in use`. Then the folder, its subfolders and
/// every dashboard in them are deleted. 200 `{"message":"Folder deleted"}`
/// (a `DynMap` with only the message; the spec's `{id, title, message}` is
/// stale). 404 not-found shape for an unknown folder. `forceDeleteRules` is
/// read but the emulator stores no alert rules in folders, so there is
/// nothing for it to refuse.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who: &Identity = ctx.require(Evaluator::One(Action::FOLDERS_DELETE))?;
    let force_delete_rules = ctx.query.bool("forceDeleteRules");
    let mut st = ctx.app.state.write();
    let f = st
        .folder(who.org_id, ctx.param())
        .cloned()
        .ok_or_else(folder_not_found)?;
    let tree = subtree(&st, who.org_id, &f.uid);
    if tree
        .iter()
        .any(|uid| super::library_elements::connected_in_folder(&st, who.org_id, uid))
    {
        return Err(respond::message(
            403,
            "Folder could not be deleted because it contains library elements in use",
        ));
    }
    // The folder service refuses a tree holding alert rules unless
    // `forceDeleteRules` is set (`folder.ErrFolderContainsAlertRules`,
    // `pkg/services/folder/folderimpl/folder.go` `Delete`); the API answers
    // 400 "folder cannot be deleted: folder contains alert rules" (as
    // Grafana's own alerting integration tests assert). With the flag the
    // rules go with the folder.
    let in_tree = |r: &super::alerting::Rule| tree.contains(&r.folder_uid);
    if st.alerting.rules.in_org(who.org_id).any(in_tree) {
        if !force_delete_rules {
            return Err(respond::message(
                400,
                "folder cannot be deleted: folder contains alert rules",
            ));
        }
        let org = who.org_id;
        st.alerting
            .rules
            .retain(|r| !(r.org_id == org && tree.contains(&r.folder_uid)));
    }
    for uid in &tree {
        super::library_elements::delete_in_folder(&mut st, who.org_id, uid);
        st.folder_permissions
            .permissions
            .remove(&(who.org_id, uid.clone()));
        st.dashboards
            .retain(|(o, _), d| !(*o == who.org_id && d.folder_uid == *uid));
        st.folders.remove(&(who.org_id, uid.clone()));
    }
    Ok(respond::json(200, &json!({"message": "Folder deleted"})))
}

/// `POST /api/folders/{uid}/move` with `{"parentUid"}` (`MoveFolder`): needs
/// `folders:write`. `""` moves the folder to the root. 404 not-found shape
/// for an unknown folder or parent; 400 `folder.circular-reference`
/// (`Circular reference detected`) when the new parent is the folder itself
/// or below it; 400 `folder.maximum-depth-reached` when the moved subtree
/// would go deeper than `MaxNestedFolderDepth`. 200 the moved folder's DTO.
pub(crate) fn move_folder(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::FOLDERS_WRITE))?;
    let bad = || respond::message(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let parent = body::str_field(&body, "parentUid").ok_or_else(bad)?;
    let mut st = ctx.app.state.write();
    let uid = st
        .folder(who.org_id, ctx.param())
        .map(|f| f.uid.clone())
        .ok_or_else(folder_not_found)?;
    if !parent.is_empty() {
        if st.folder(who.org_id, &parent).is_none() {
            return Err(folder_not_found());
        }
        if subtree(&st, who.org_id, &uid).contains(&parent) {
            return Err(respond::errutil(
                400,
                "Circular reference detected",
                "folder.circular-reference",
            ));
        }
        let parent_level = ancestors(&st, who.org_id, &parent).len() + 1;
        if parent_level + 1 + height(&st, who.org_id, &uid, 0) > MAX_NESTED_FOLDER_DEPTH {
            return Err(max_depth_reached());
        }
    }
    if let Some(f) = st.folders.get_mut(&(who.org_id, uid.clone())) {
        f.parent_uid = parent;
        f.updated = ctx.now;
        f.updated_by = who.login.clone();
    }
    let dto = st
        .folder(who.org_id, &uid)
        .map(|f| folder_dto(&st, f, who.role))
        .unwrap_or_default();
    Ok(respond::json(200, &dto))
}

/// The managed permissions of a folder: the stored ones, or Grafana's
/// defaults for a folder nobody changed (`setDefaultFolderPermissions`: Admin
/// for the user who created it, and for a folder at the root Edit for the
/// Editor role and View for the Viewer role).
pub(crate) fn folder_permissions(st: &State, f: &Folder) -> Vec<Permission> {
    if let Some(list) = st
        .folder_permissions
        .permissions
        .get(&(f.org_id, f.uid.clone()))
    {
        return list.clone();
    }
    let at = |user_id, role, permission| Permission {
        user_id,
        team_id: 0,
        role,
        permission,
        created: f.created,
        updated: f.created,
    };
    let mut out = Vec::new();
    if let Some(u) = st.users.values().find(|u| u.login == f.created_by) {
        out.push(at(u.id, None, 4));
    }
    if f.parent_uid.is_empty() {
        out.push(at(0, Some(Role::Editor), 2));
        out.push(at(0, Some(Role::Viewer), 1));
    }
    out
}

/// `View`, `Edit`, `Admin` for 1, 2, 4 (`PermissionType.String`).
fn permission_name(p: i64) -> &'static str {
    match p {
        1 => "View",
        2 => "Edit",
        4 => "Admin",
        _ => "",
    }
}

/// `GET /api/folders/{uid}/permissions` (`GetFolderPermissionList`): needs
/// `folders.permissions:read`. 404 not-found shape; 200 a list of
/// `DashboardACLInfoDTO` (`getFolderACL`): `folderId` (the folder's own id),
/// `folderUid` (its parent, omitted at the root), user and team fields
/// (zero values when the entry is for a role), `role` (only for a role
/// entry), `permission` and `permissionName`, the folder's `uid`, `title` and
/// `url`, `isFolder: true`, `inherited: false`.
pub(crate) fn get_permissions(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(FOLDERS_PERMISSIONS_READ))?;
    let st = ctx.app.state.read();
    let f = st
        .folder(who.org_id, ctx.param())
        .ok_or_else(folder_not_found)?;
    let out: Vec<Value> = folder_permissions(&st, f)
        .iter()
        .map(|p| {
            let user = st.users.get(&p.user_id);
            let mut m = Map::new();
            m.insert("folderId".into(), json!(f.id));
            if !f.parent_uid.is_empty() {
                m.insert("folderUid".into(), json!(f.parent_uid));
            }
            m.insert("created".into(), json!(rfc3339(p.created)));
            m.insert("updated".into(), json!(rfc3339(p.updated)));
            m.insert("userId".into(), json!(p.user_id));
            m.insert("userUid".into(), json!(""));
            m.insert(
                "userLogin".into(),
                json!(user.map_or("", |u| u.login.as_str())),
            );
            let email = user.map_or("", |u| u.email.as_str());
            m.insert("userEmail".into(), json!(email));
            m.insert(
                "userAvatarUrl".into(),
                json!(crate::avatar::gravatar_url(email)),
            );
            m.insert("teamId".into(), json!(p.team_id));
            m.insert("teamUid".into(), json!(""));
            m.insert("teamEmail".into(), json!(""));
            m.insert("teamAvatarUrl".into(), json!(""));
            m.insert("team".into(), json!(""));
            if let Some(r) = p.role {
                m.insert("role".into(), json!(r.as_str()));
            }
            m.insert("permission".into(), json!(p.permission));
            m.insert(
                "permissionName".into(),
                json!(permission_name(p.permission)),
            );
            m.insert("uid".into(), json!(f.uid));
            m.insert("title".into(), json!(f.title));
            m.insert("slug".into(), json!(""));
            m.insert("isFolder".into(), json!(true));
            m.insert("url".into(), json!(folder_url(&f.uid, &f.title)));
            m.insert("inherited".into(), json!(false));
            Value::Object(m)
        })
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `POST /api/folders/{uid}/permissions` with `{"items": [{userId?, teamId?,
/// role?, permission}]}` (`UpdateFolderPermissions`): needs
/// `folders.permissions:write`. Replaces every managed permission of the
/// folder with the items.
///
/// Errors: 400 `bad request data`; `validatePermissionsUpdate`: an item with
/// both a user and a team is 400 `team and user permissions cannot have an
/// associated role`, one with a user or team and a role 400 `permissions
/// cannot have both a user and team` (Grafana's two messages are swapped
/// relative to their error names; reproduced as they are); 404 not-found
/// shape; an unknown user, a role other than Viewer/Editor/Admin, an item
/// naming nobody or a permission other than 1/2/4 makes setting the
/// permissions fail: 500 `Failed to create permission`. 200
/// `{"message":"Folder permissions updated"}`.
pub(crate) fn update_permissions(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(FOLDERS_PERMISSIONS_WRITE))?;
    let cmd: AclUpdate =
        serde_json::from_slice(ctx.body).map_err(|_| respond::message(400, "bad request data"))?;
    cmd.validate()?;
    let mut st = ctx.app.state.write();
    let f = st
        .folder(who.org_id, ctx.param())
        .cloned()
        .ok_or_else(folder_not_found)?;
    let failed = || respond::message(500, "Failed to create permission");
    let mut list = Vec::with_capacity(cmd.items.len());
    for item in &cmd.items {
        if ![1, 2, 4].contains(&item.permission) {
            return Err(failed());
        }
        let role = match item.role.as_deref() {
            None => None,
            Some(r) => Some(Role::parse(r).ok_or_else(failed)?),
        };
        if item.user_id > 0
            && !st
                .users
                .get(&item.user_id)
                .is_some_and(|u| u.orgs.contains_key(&who.org_id))
        {
            return Err(failed());
        }
        if item.user_id <= 0 && item.team_id <= 0 && role.is_none() {
            return Err(failed());
        }
        list.retain(|p: &Permission| {
            !(p.user_id == item.user_id.max(0)
                && p.team_id == item.team_id.max(0)
                && p.role == role)
        });
        list.push(Permission {
            user_id: item.user_id.max(0),
            team_id: item.team_id.max(0),
            role,
            permission: item.permission,
            created: ctx.now,
            updated: ctx.now,
        });
    }
    st.folder_permissions
        .permissions
        .insert((who.org_id, f.uid.clone()), list);
    Ok(respond::message(200, "Folder permissions updated"))
}

/// `POST /api/access-control/folders/{uid}/users/{userId}` with
/// `{"permission": "View"|"Edit"|"Admin"|""}` (resource permissions
/// `setUserPermission`): needs `folders.permissions:write`. 400 `userID is
/// invalid` for a non-numeric id, 400 `bad request data`, 400 `failed to set
/// user permission` for an unknown folder or user or another permission
/// name. `""` removes the user's permission: 200 `{"message":"Permission
/// removed"}`; otherwise 200 `{"message":"Permission updated"}`
/// (`permissionSetResponse`).
pub(crate) fn set_user_permission(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(FOLDERS_PERMISSIONS_WRITE))?;
    let user_id: i64 = ctx
        .param_at(1)
        .parse()
        .map_err(|_| respond::message(400, "userID is invalid"))?;
    let bad = || respond::message(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let name = body::str_field(&body, "permission").ok_or_else(bad)?;
    let failed = || respond::message(400, "failed to set user permission");
    let level = match name.as_str() {
        "" => 0,
        "View" => 1,
        "Edit" => 2,
        "Admin" => 4,
        _ => return Err(failed()),
    };
    let mut st = ctx.app.state.write();
    let f = st
        .folder(who.org_id, ctx.param())
        .cloned()
        .ok_or_else(failed)?;
    if !st
        .users
        .get(&user_id)
        .is_some_and(|u| u.orgs.contains_key(&who.org_id))
    {
        return Err(failed());
    }
    let mut list = folder_permissions(&st, &f);
    let existing = list
        .iter()
        .position(|p| p.user_id == user_id && p.team_id == 0 && p.role.is_none());
    match (existing, level) {
        (Some(i), 0) => {
            list.remove(i);
        }
        (None, 0) => {}
        (Some(i), l) => {
            list[i].permission = l;
            list[i].updated = ctx.now;
        }
        (None, l) => list.push(Permission {
            user_id,
            team_id: 0,
            role: None,
            permission: l,
            created: ctx.now,
            updated: ctx.now,
        }),
    }
    st.folder_permissions
        .permissions
        .insert((who.org_id, f.uid.clone()), list);
    Ok(respond::message(
        200,
        if level == 0 {
            "Permission removed"
        } else {
            "Permission updated"
        },
    ))
}
