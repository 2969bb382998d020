//! Library elements (library panels, kind 1, and library variables, kind 2):
//!
//! - `POST /api/library-elements`: create
//! - `GET /api/library-elements`: search (`searchString`, `kind`,
//!   `sortDirection`, `typeFilter`, `excludeUid`, `folderFilter`,
//!   `folderFilterUIDs`, `perPage`, `page`)
//! - `GET /api/library-elements/{uid}`: one element
//! - `GET /api/library-elements/name/{name}`: every element of that name
//! - `PATCH /api/library-elements/{uid}`: update (optimistic `version`)
//! - `DELETE /api/library-elements/{uid}`: delete (refused while connected)
//! - `GET /api/library-elements/{uid}/connections/`: the dashboards using it
//!
//! Sources (facts only): `pkg/services/libraryelements/api.go`
//! (`registerAPIEndpoints`, the handlers, `toLibraryElementError`),
//! `database.go` (`createLibraryElement`, `getLibraryElements`,
//! `getAllLibraryElements`, `patchLibraryElement`, `deleteLibraryElement`,
//! `deleteLibraryElementsInFolderUID`, `syncFieldsWithModel`), `writers.go`
//! (`parseFolderFilter`, `writeKindSQL`, `writeSearchStringSQL`) and
//! `model/model.go` (DTO field order, error texts).
//!
//! Connections are not stored: a dashboard of the org whose JSON has a panel
//! (at the top level or inside a row's `panels`) with `libraryPanel.uid` equal
//! to the element's uid is connected to it, as Grafana records a connection
//! for each library panel when a dashboard is saved
//! (`connectElementsToDashboardID`).

use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::auth::Identity;
use crate::clock::rfc3339;
use crate::ids::{self, UidProblem};
use crate::json_order::sort_keys;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::State;
use crate::store::Table;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/library-elements", create),
    Route::new("GET", "/api/library-elements", list),
    Route::new("GET", "/api/library-elements/{uid}", get),
    Route::new("GET", "/api/library-elements/name/{name}", get_by_name),
    Route::new("PATCH", "/api/library-elements/{uid}", patch),
    Route::new("DELETE", "/api/library-elements/{uid}", delete),
    Route::new(
        "GET",
        "/api/library-elements/{uid}/connections",
        connections,
    ),
];

// `pkg/services/libraryelements/accesscontrol.go`: in OSS the library-panel
// actions come with the folder permissions; the default folder permissions
// give Viewers read and Editors create/write/delete.
const LIBRARY_PANELS_CREATE: Action = Action::new("library.panels:create", Role::Editor);
const LIBRARY_PANELS_READ: Action = Action::new("library.panels:read", Role::Viewer);
const LIBRARY_PANELS_WRITE: Action = Action::new("library.panels:write", Role::Editor);
const LIBRARY_PANELS_DELETE: Action = Action::new("library.panels:delete", Role::Editor);

/// `model.PanelElement`.
const PANEL: i64 = 1;
/// `model.VariableElement`.
const VARIABLE: i64 = 2;

/// `dashboards.RootFolderName`: the folder name of an element at the root
/// when it is read back.
const ROOT_FOLDER_NAME: &str = "General";

/// One stored library element (a row of Grafana's `library_element` table).
#[derive(Clone, Debug)]
pub(crate) struct Element {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) uid: String,
    /// `""` = the root ("General").
    pub(crate) folder_uid: String,
    pub(crate) name: String,
    pub(crate) kind: i64,
    /// The model's `type` (panel plugin id).
    pub(crate) typ: String,
    pub(crate) description: String,
    /// The model as stored (an object).
    pub(crate) model: Value,
    pub(crate) version: i64,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    /// User (or service account) id; 0 = unknown.
    pub(crate) created_by: i64,
    pub(crate) updated_by: i64,
}

crate::store::impl_row!(Element);

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) elements: Table<Element>,
}

/// Uid of the demo library panel.
pub(crate) const DEMO_LIBRARY_PANEL_UID: &str = "demo-library-panel";

/// Adds this area's part of the demo data set (`--seed demo`): the library
/// panel `demo-library-panel` ("Demo library panel", a TestData time series)
/// in the `demo-folder` folder, owned by `admin`.
pub(crate) fn seed_demo(st: &mut State, now: i64) {
    let id = st.library_elements.elements.alloc_id();
    let model = json!({
        "datasource": {"type": "testdata", "uid": "testdata"},
        "description": "",
        "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
        "targets": [{"refId": "A", "scenarioId": "random_walk"}],
        "title": "Demo library panel",
        "type": "timeseries",
    });
    st.library_elements.elements.insert(Element {
        id,
        org_id: crate::state::MAIN_ORG_ID,
        uid: DEMO_LIBRARY_PANEL_UID.into(),
        folder_uid: crate::seed::DEMO_FOLDER_UID.into(),
        name: "Demo library panel".into(),
        kind: PANEL,
        typ: "timeseries".into(),
        description: String::new(),
        model,
        version: 1,
        created: now,
        updated: now,
        created_by: crate::state::ADMIN_USER_ID,
        updated_by: crate::state::ADMIN_USER_ID,
    });
}

/// The model of library element `uid` in `org_id` (as `GET` returns it), for
/// other areas (e.g. a dashboard that embeds a library panel).
#[allow(dead_code)] // used by other areas as they come
pub(crate) fn get_model(st: &State, org_id: i64, uid: &str) -> Option<Value> {
    st.library_elements
        .elements
        .by_uid(org_id, uid)
        .map(render_model)
}

/// Whether a library element in folder `folder_uid` of `org_id` is used by a
/// dashboard: Grafana then refuses to delete the folder
/// (`deleteLibraryElementsInFolderUID`, `ErrFolderHasConnectedLibraryElements`).
pub(crate) fn connected_in_folder(st: &State, org_id: i64, folder_uid: &str) -> bool {
    st.library_elements
        .elements
        .in_org(org_id)
        .filter(|e| e.folder_uid == folder_uid)
        .any(|e| !connected_dashboards(st, org_id, &e.uid).is_empty())
}

/// Deletes the library elements stored in folder `folder_uid` (the folder
/// itself is being deleted; `deleteLibraryElementsInFolderUID`).
pub(crate) fn delete_in_folder(st: &mut State, org_id: i64, folder_uid: &str) {
    st.library_elements
        .elements
        .retain(|e| !(e.org_id == org_id && e.folder_uid == folder_uid));
}

/// 404 `library element could not be found` (`ErrLibraryElementNotFound`
/// through `response.Error`).
fn not_found() -> axum::response::Response {
    respond::message(404, "library element could not be found")
}

/// 400 `ErrLibraryElementAlreadyExists` (`toLibraryElementError` maps it to
/// 400, for a name taken in the folder or a uid taken in the org).
fn already_exists() -> axum::response::Response {
    respond::message(400, "library element with that name or UID already exists")
}

fn bad_request() -> axum::response::Response {
    respond::message(400, "bad request data")
}

/// Uid checks of `createLibraryElement` / `patchLibraryElement`
/// (`util.IsValidShortUID`, `util.IsShortUIDTooLong`).
fn check_uid(uid: &str) -> Result<(), axum::response::Response> {
    match ids::check_uid(uid) {
        Ok(()) => Ok(()),
        Err(UidProblem::IllegalCharacters) => {
            Err(respond::message(400, "uid contains illegal characters"))
        }
        Err(UidProblem::TooLong) => Err(respond::message(400, "uid too long, max 40 characters")),
    }
}

/// The dashboards of `org_id` that use library element `uid`, in id order.
fn connected_dashboards<'a>(
    st: &'a State,
    org_id: i64,
    uid: &str,
) -> Vec<&'a crate::state::Dashboard> {
    let mut out: Vec<&crate::state::Dashboard> = st
        .org_dashboards(org_id)
        .filter(|d| {
            serde_json::from_slice::<Value>(&d.data_json)
                .map(|v| uses_library_panel(&v, uid))
                .unwrap_or(false)
        })
        .collect();
    out.sort_by_key(|d| d.id);
    out
}

/// Whether a dashboard JSON has a panel (top level or in a row) whose
/// `libraryPanel.uid` is `uid`.
fn uses_library_panel(dashboard: &Value, uid: &str) -> bool {
    fn scan(panels: Option<&Value>, uid: &str) -> bool {
        panels.and_then(Value::as_array).is_some_and(|list| {
            list.iter().any(|p| {
                p.get("libraryPanel")
                    .and_then(|l| l.get("uid"))
                    .and_then(Value::as_str)
                    == Some(uid)
                    || scan(p.get("panels"), uid)
            })
        })
    }
    scan(dashboard.get("panels"), uid)
}

/// `{id, name, avatarUrl}` of a user (`LibraryElementDTOMetaUser`): the login
/// and the Gravatar URL of the email (`dtos.GetGravatarUrl`: empty for an
/// empty email).
fn meta_user(st: &State, id: i64) -> Value {
    let (login, email) = match st.users.get(&id) {
        Some(u) => (u.login.clone(), u.email.clone()),
        None => match st.service_accounts.get(&id) {
            Some(sa) => (sa.login.clone(), String::new()),
            None => (String::new(), String::new()),
        },
    };
    let mut m = Map::new();
    m.insert("id".into(), json!(id));
    m.insert("name".into(), json!(login));
    m.insert(
        "avatarUrl".into(),
        json!(crate::avatar::gravatar_url(&email)),
    );
    Value::Object(m)
}

/// The model as Grafana returns it: keys sorted (it is re-marshalled from a
/// Go map), and for a panel whose model has `libraryPanel.uid`, that uid set
/// to the element's (`addUidToLibraryPanel`).
fn render_model(e: &Element) -> Value {
    let mut model = e.model.clone();
    if e.kind == PANEL {
        if let Some(lp) = model.get_mut("libraryPanel").and_then(Value::as_object_mut) {
            if lp.contains_key("uid") {
                lp.insert("uid".into(), json!(e.uid));
            }
        }
    }
    sort_keys(&model)
}

/// How the folder of an element is named in a DTO.
#[derive(Clone, Copy)]
enum FolderNames {
    /// Create and update answers: the folder fields are filled only for an
    /// element inside a folder (the handlers set them when `FolderID != 0`).
    Written,
    /// Reads: an element at the root is in folder `"General"`, uid `""`.
    Read,
}

/// A `LibraryElementDTO` in Grafana's field order.
fn element_dto(st: &State, e: &Element, names: FolderNames, connected: Option<i64>) -> Value {
    let folder = st.folder(e.org_id, &e.folder_uid);
    let (folder_id, folder_uid, folder_name) = match (folder, names) {
        (Some(f), _) => (f.id, f.uid.clone(), f.title.clone()),
        (None, FolderNames::Written) => (0, String::new(), String::new()),
        (None, FolderNames::Read) => (0, String::new(), ROOT_FOLDER_NAME.to_string()),
    };
    let connected =
        connected.unwrap_or_else(|| connected_dashboards(st, e.org_id, &e.uid).len() as i64);
    let mut meta = Map::new();
    meta.insert("folderName".into(), json!(folder_name));
    meta.insert("folderUid".into(), json!(folder_uid));
    meta.insert("connectedDashboards".into(), json!(connected));
    meta.insert("created".into(), json!(rfc3339(e.created)));
    meta.insert("updated".into(), json!(rfc3339(e.updated)));
    meta.insert("createdBy".into(), meta_user(st, e.created_by));
    meta.insert("updatedBy".into(), meta_user(st, e.updated_by));
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id));
    m.insert("orgId".into(), json!(e.org_id));
    m.insert("folderId".into(), json!(folder_id));
    m.insert("folderUid".into(), json!(folder_uid));
    m.insert("uid".into(), json!(e.uid));
    m.insert("name".into(), json!(e.name));
    m.insert("kind".into(), json!(e.kind));
    m.insert("type".into(), json!(e.typ));
    m.insert("description".into(), json!(e.description));
    m.insert("model".into(), render_model(e));
    m.insert("version".into(), json!(e.version));
    m.insert("meta".into(), Value::Object(meta));
    Value::Object(m)
}

/// `syncFieldsWithModel`: the model's `type` and `description` become the
/// element's (or are written into the model when absent), and a variable's
/// model gets `name`. `Err` when the model is not a JSON object (or `null`)
/// or `type`/`description` are not strings: Grafana fails with a 500.
fn sync_model(
    model: Option<&Value>,
    kind: i64,
    name: &str,
    old_type: &str,
    old_description: &str,
) -> Result<(Value, String, String), ()> {
    let mut obj = match model {
        Some(Value::Object(m)) => m.clone(),
        Some(Value::Null) => Map::new(),
        _ => return Err(()),
    };
    if kind == VARIABLE {
        obj.insert("name".into(), json!(name));
    }
    let mut synced = |key: &str, old: &str| -> Result<String, ()> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                obj.insert(key.into(), json!(old));
                Ok(old.to_string())
            }
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(()),
        }
    };
    let typ = synced("type", old_type)?;
    let description = synced("description", old_description)?;
    Ok((Value::Object(obj), typ, description))
}

/// The `folderUid` / `folderId` of a create or patch body, resolved to a
/// folder uid (`""` = root). `None` in `folder_uid` = not given.
///
/// `createHandler`/`patchHandler`: an empty `folderUid` is the root, an
/// unknown one is 400 `failed to get folder`; without `folderUid` the
/// deprecated `folderId` is used (0 = root).
fn resolve_folder(
    st: &State,
    org_id: i64,
    folder_uid: Option<&str>,
    folder_id: Option<i64>,
) -> Result<Option<String>, axum::response::Response> {
    let failed = || respond::message(400, "failed to get folder");
    match (folder_uid, folder_id) {
        (Some(""), _) | (Some("general"), _) => Ok(Some(String::new())),
        (Some(uid), _) => st
            .folder(org_id, uid)
            .map(|f| Some(f.uid.clone()))
            .ok_or_else(failed),
        (None, Some(0)) => Ok(Some(String::new())),
        (None, Some(id)) => st
            .org_folders(org_id)
            .find(|f| f.id == id)
            .map(|f| Some(f.uid.clone()))
            .ok_or_else(super::folders::folder_not_found),
        (None, None) => Ok(None),
    }
}

/// A string field of a body object (Go `string`): absent/null → `""`.
fn str_of(body: &Map<String, Value>, key: &str) -> Result<String, axum::response::Response> {
    crate::api::body::str_field(body, key).ok_or_else(bad_request)
}

/// An int field of a body object (Go `int64`): absent/null → 0.
fn int_of(body: &Map<String, Value>, key: &str) -> Result<i64, axum::response::Response> {
    crate::api::body::int_field(body, key).ok_or_else(bad_request)
}

/// A `*string` field: absent/null → `None`.
fn opt_str_of(
    body: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, axum::response::Response> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad_request()),
    }
}

/// Whether another element of the org already has this name and kind in
/// this folder (Grafana's unique index on `org_id, folder_id, name, kind`).
fn name_taken(
    st: &State,
    org_id: i64,
    folder_uid: &str,
    name: &str,
    kind: i64,
    except: i64,
) -> bool {
    st.library_elements
        .elements
        .find(org_id, |e| {
            e.id != except && e.folder_uid == folder_uid && e.name == name && e.kind == kind
        })
        .is_some()
}

/// `POST /api/library-elements` with `{folderUid?|folderId?, name, model,
/// kind, uid?}`: needs `library.panels:create`.
///
/// `kind` is required (0 or absent: 400 `bad request data`, the binding's
/// `Required` rule); a kind other than 1 or 2 fails with 500 `Failed to create
/// library element` (`requireSupportedElementKind`, unmapped by
/// `toLibraryElementError`), as does a model that is absent or not an object.
/// The uid is generated when absent; an illegal or too long one is a 400. A
/// name already used in the folder for that kind, or a uid already used in
/// the org, is 400 `library element with that name or UID already exists`.
/// 200 `{"result": element}` with version 1.
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who: &Identity = ctx.require(Evaluator::One(LIBRARY_PANELS_CREATE))?;
    let body = crate::api::body::parse_object(ctx.body).ok_or_else(bad_request)?;
    let folder_uid = opt_str_of(&body, "folderUid")?;
    let folder_id = int_of(&body, "folderId")?;
    let name = str_of(&body, "name")?;
    let kind = int_of(&body, "kind")?;
    let uid = str_of(&body, "uid")?;
    if kind == 0 {
        return Err(bad_request());
    }
    let mut st = ctx.app.state.write();
    let folder = resolve_folder(&st, who.org_id, folder_uid.as_deref(), Some(folder_id))?
        .unwrap_or_default();
    let failed = || respond::message(500, "Failed to create library element");
    if kind != PANEL && kind != VARIABLE {
        return Err(failed());
    }
    let uid = if uid.is_empty() {
        ids::generate_uid()
    } else {
        check_uid(&uid)?;
        uid
    };
    let (model, typ, description) =
        sync_model(body.get("model"), kind, &name, "", "").map_err(|_| failed())?;
    if st
        .library_elements
        .elements
        .by_uid(who.org_id, &uid)
        .is_some()
        || name_taken(&st, who.org_id, &folder, &name, kind, 0)
    {
        return Err(already_exists());
    }
    let id = st.library_elements.elements.alloc_id();
    let element = Element {
        id,
        org_id: who.org_id,
        uid,
        folder_uid: folder,
        name,
        kind,
        typ,
        description,
        model,
        version: 1,
        created: ctx.now,
        updated: ctx.now,
        created_by: who.id,
        updated_by: who.id,
    };
    let dto = element_dto(&st, &element, FolderNames::Written, Some(0));
    st.library_elements.elements.insert(element);
    Ok(respond::json(200, &json!({ "result": dto })))
}

/// `GET /api/library-elements/{uid}`: needs `library.panels:read`; 404
/// `library element could not be found`.
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(LIBRARY_PANELS_READ))?;
    let st = ctx.app.state.read();
    let e = st
        .library_elements
        .elements
        .by_uid(who.org_id, ctx.param())
        .ok_or_else(not_found)?;
    let dto = element_dto(&st, e, FolderNames::Read, None);
    Ok(respond::json(200, &json!({ "result": dto })))
}

/// `GET /api/library-elements/name/{name}`: needs `library.panels:read`.
/// Every element of the org with exactly that name (one per folder and kind
/// at most), `{"result": [...]}`; none is 404 `library element could not be
/// found` (`getLibraryElements`).
pub(crate) fn get_by_name(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(LIBRARY_PANELS_READ))?;
    let st = ctx.app.state.read();
    let found: Vec<Value> = st
        .library_elements
        .elements
        .in_org(who.org_id)
        .filter(|e| e.name == ctx.param())
        .map(|e| element_dto(&st, e, FolderNames::Read, None))
        .collect();
    if found.is_empty() {
        return Err(not_found());
    }
    Ok(respond::json(200, &json!({ "result": found })))
}

/// `GET /api/library-elements`: needs `library.panels:read`.
///
/// `getAllLibraryElements`: `perPage` (default 100 when ≤ 0), `page`
/// (default 1), `searchString` (case-insensitive substring of the name or
/// the description), `kind` (only `1` filters: `writeKindSQL` ignores other
/// kinds), `typeFilter` (comma-separated panel types), `excludeUid`,
/// `folderFilter` (comma-separated folder ids, `0` = root; deprecated) or
/// `folderFilterUIDs` (comma-separated uids, `general` = root). Both folder
/// filters together, or a folder id that is not a number, fail in
/// `parseFolderFilter` and `toLibraryElementError` answers 500 `Failed to get
/// library elements`. Ordered by name (`ORDER BY 1`; `sortDirection=alpha-desc`
/// reverses), then paged. `totalCount` counts every match.
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(LIBRARY_PANELS_READ))?;
    let q = &ctx.query;
    let failed = || respond::message(500, "Failed to get library elements");
    let per_page = match q.int("perPage") {
        n if n <= 0 => 100,
        n => n,
    };
    let page = match q.int("page") {
        n if n <= 0 => 1,
        n => n,
    };
    let search = q.get("searchString").unwrap_or("").trim().to_lowercase();
    let kind = q.int("kind");
    let types: Vec<&str> = match q.get("typeFilter") {
        Some(t) if !t.trim().is_empty() => t.split(',').collect(),
        _ => Vec::new(),
    };
    let exclude = q.get("excludeUid").unwrap_or("").trim();
    let by_ids = q.get("folderFilter").unwrap_or("");
    let by_uids = q.get("folderFilterUIDs").unwrap_or("");
    if !by_ids.trim().is_empty() && !by_uids.trim().is_empty() {
        return Err(failed());
    }
    let st = ctx.app.state.read();
    // The folders an element may be in (`None` = any), `""` = the root.
    let folders: Option<Vec<String>> = if !by_ids.trim().is_empty() {
        let mut out = Vec::new();
        for part in by_ids.split(',') {
            let id: i64 = part.parse().map_err(|_| failed())?;
            if id == 0 {
                out.push(String::new());
            } else if let Some(f) = st.org_folders(who.org_id).find(|f| f.id == id) {
                out.push(f.uid.clone());
            }
        }
        Some(out)
    } else if !by_uids.trim().is_empty() {
        Some(
            by_uids
                .split(',')
                .map(|u| if u == "general" { "" } else { u }.to_string())
                .collect(),
        )
    } else {
        None
    };
    let mut hits: Vec<&Element> = st
        .library_elements
        .elements
        .in_org(who.org_id)
        .filter(|e| {
            (search.is_empty()
                || e.name.to_lowercase().contains(&search)
                || e.description.to_lowercase().contains(&search))
                && (kind != PANEL || e.kind == PANEL)
                && (types.is_empty() || types.contains(&e.typ.as_str()))
                && (exclude.is_empty() || e.uid != exclude)
                && folders.as_ref().is_none_or(|f| f.contains(&e.folder_uid))
        })
        .collect();
    hits.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    if q.get("sortDirection") == Some("alpha-desc") {
        hits.reverse();
    }
    let total = hits.len();
    let elements: Vec<Value> = hits
        .into_iter()
        .skip(((page - 1).saturating_mul(per_page)) as usize)
        .take(per_page as usize)
        .map(|e| element_dto(&st, e, FolderNames::Read, None))
        .collect();
    Ok(respond::json(
        200,
        &json!({"result": {
            "totalCount": total,
            "elements": elements,
            "page": page,
            "perPage": per_page,
        }}),
    ))
}

/// `PATCH /api/library-elements/{uid}` with `{version, kind, name?, model?,
/// folderUid?|folderId?, uid?}`: needs `library.panels:write`.
///
/// `patchLibraryElement`: `kind` and `version` are required (0 or absent:
/// 400 `bad request data`); unknown element 404; `version` other than the
/// stored one 412 `the library element has been changed by someone else`; a
/// new `uid` is checked like on create and must be free (400 `...already
/// exists`); an empty `name` or absent `model` keeps the stored one; the folder
/// changes only when `folderUid` (or `folderId`) is given. The kind itself
/// never changes. The version goes up by one.
pub(crate) fn patch(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(LIBRARY_PANELS_WRITE))?;
    let body = crate::api::body::parse_object(ctx.body).ok_or_else(bad_request)?;
    let folder_uid = opt_str_of(&body, "folderUid")?;
    let folder_id = match body.get("folderId") {
        None | Some(Value::Null) => None,
        Some(_) => Some(int_of(&body, "folderId")?),
    };
    let name = str_of(&body, "name")?;
    let kind = int_of(&body, "kind")?;
    let version = int_of(&body, "version")?;
    let new_uid = str_of(&body, "uid")?;
    if kind == 0 || version == 0 {
        return Err(bad_request());
    }
    let mut st = ctx.app.state.write();
    let folder = resolve_folder(&st, who.org_id, folder_uid.as_deref(), folder_id)?;
    let failed = || respond::message(500, "Failed to update library element");
    if kind != PANEL && kind != VARIABLE {
        return Err(failed());
    }
    let old = st
        .library_elements
        .elements
        .by_uid(who.org_id, ctx.param())
        .cloned()
        .ok_or_else(not_found)?;
    if old.version != version {
        return Err(respond::message(
            412,
            "the library element has been changed by someone else",
        ));
    }
    let uid = if new_uid.is_empty() || new_uid == old.uid {
        old.uid.clone()
    } else {
        check_uid(&new_uid)?;
        if st
            .library_elements
            .elements
            .by_uid(who.org_id, &new_uid)
            .is_some()
        {
            return Err(already_exists());
        }
        new_uid
    };
    let name = if name.is_empty() {
        old.name.clone()
    } else {
        name
    };
    let folder = folder.unwrap_or_else(|| old.folder_uid.clone());
    let model = match body.get("model") {
        None => Some(&old.model),
        Some(m) => Some(m),
    };
    let (model, typ, description) =
        sync_model(model, old.kind, &name, &old.typ, &old.description).map_err(|_| failed())?;
    if name_taken(&st, who.org_id, &folder, &name, old.kind, old.id) {
        return Err(already_exists());
    }
    let connected = connected_dashboards(&st, who.org_id, &old.uid).len() as i64;
    let updated = Element {
        uid,
        folder_uid: folder,
        name,
        typ,
        description,
        model,
        version: old.version + 1,
        updated: ctx.now,
        updated_by: who.id,
        ..old
    };
    let dto = element_dto(&st, &updated, FolderNames::Written, Some(connected));
    st.library_elements.elements.insert(updated);
    Ok(respond::json(200, &json!({ "result": dto })))
}

/// `DELETE /api/library-elements/{uid}`: needs `library.panels:delete`.
/// 404 unknown; 403 `the library element has connections` while a dashboard
/// uses it; 200 `{"id", "message":"Library element deleted"}`
/// (`DeleteLibraryElementResponse`).
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(LIBRARY_PANELS_DELETE))?;
    let mut st = ctx.app.state.write();
    let e = st
        .library_elements
        .elements
        .by_uid(who.org_id, ctx.param())
        .ok_or_else(not_found)?;
    let id = e.id;
    if !connected_dashboards(&st, who.org_id, &e.uid).is_empty() {
        return Err(respond::message(403, "the library element has connections"));
    }
    st.library_elements.elements.remove(who.org_id, id);
    Ok(respond::json(
        200,
        &json!({"id": id, "message": "Library element deleted"}),
    ))
}

/// `GET /api/library-elements/{uid}/connections/`: needs
/// `library.panels:read`. 404 unknown element; otherwise `{"result": [...]}`
/// with one `LibraryElementConnectionDTO` per dashboard using it: `id` (the
/// emulator uses the dashboard id; Grafana's is a connection row id, or a hash
/// in the newest releases), `kind` 1, `elementId`, `connectionId` (dashboard
/// id), `connectionUid`, `created` (when the dashboard was last saved, which
/// re-creates its connections) and `createdBy` (who saved it).
pub(crate) fn connections(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(LIBRARY_PANELS_READ))?;
    let st = ctx.app.state.read();
    let e = st
        .library_elements
        .elements
        .by_uid(who.org_id, ctx.param())
        .ok_or_else(not_found)?;
    let out: Vec<Value> = connected_dashboards(&st, who.org_id, &e.uid)
        .into_iter()
        .map(|d| {
            let saver = st
                .users
                .values()
                .find(|u| u.login == d.updated_by)
                .map(|u| u.id)
                .or_else(|| {
                    st.service_accounts
                        .values()
                        .find(|sa| sa.login == d.updated_by || sa.name == d.updated_by)
                        .map(|sa| sa.id)
                })
                .unwrap_or(0);
            let mut m = Map::new();
            m.insert("id".into(), json!(d.id));
            m.insert("kind".into(), json!(1));
            m.insert("elementId".into(), json!(e.id));
            m.insert("connectionId".into(), json!(d.id));
            m.insert("connectionUid".into(), json!(d.uid));
            m.insert("created".into(), json!(rfc3339(d.updated)));
            m.insert("createdBy".into(), meta_user(&st, saver));
            Value::Object(m)
        })
        .collect();
    Ok(respond::json(200, &json!({ "result": out })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_panel_use_is_found_in_rows() {
        let d = json!({"panels": [{"type": "row", "panels": [{"libraryPanel": {"uid": "x"}}]}]});
        assert!(uses_library_panel(&d, "x"));
        assert!(!uses_library_panel(&d, "y"));
        assert!(!uses_library_panel(&json!({}), "x"));
    }
}
