//! Dashboards.
//!
//! Routes:
//! - `POST /api/dashboards/db` (save)
//! - `GET /api/dashboards/uid/{uid}`, `DELETE /api/dashboards/uid/{uid}`
//! - `GET /api/dashboards/home`
//! - `GET /api/dashboards/tags`
//! - `GET/POST /api/dashboards/uid/{uid}/permissions`
//! - `GET/POST /api/dashboards/id/{dashboardId}/permissions` (deprecated)
//!
//! Sources: `pkg/api/dashboard.go`, `pkg/api/dashboard_permission.go`,
//! `pkg/api/api.go` `registerRoutes`, `pkg/api/dtos/dashboard.go`,
//! `pkg/services/dashboards/errors.go`,
//! `pkg/services/dashboards/dashboardaccess/dashboard_access.go`
//! (behavior.md §3, fidelity-audit.md D1–D6). Up to Grafana 12 the emulator
//! follows the classic save path (a version conflict is 412); when it plays
//! Grafana 13 it follows the k8s-backed `saveDashboardViaK8s` (409).
//!
//! Every save records a version (see [`super::dashboard_versions`]); a new
//! dashboard gets Grafana's default managed permissions.

use serde_json::{json, Map, Value};

use super::acl::AclUpdate;
use super::dashboard_versions::{self, AclEntry, NewVersion};
use super::folders::folder_url;
use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::auth::Identity;
use crate::clock::{rfc3339, ZERO_TIME};
use crate::ids::{self, UidProblem};
use crate::json_order::sorted_json;
use crate::role::{allows, Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{Dashboard, State};

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/dashboards/db", save),
    Route::new("GET", "/api/dashboards/uid/{uid}", get),
    Route::new("DELETE", "/api/dashboards/uid/{uid}", delete),
    Route::new("GET", "/api/dashboards/home", home),
    Route::new("GET", "/api/dashboards/tags", tags),
    Route::new(
        "GET",
        "/api/dashboards/uid/{uid}/permissions",
        get_permissions_by_uid,
    ),
    Route::new(
        "POST",
        "/api/dashboards/uid/{uid}/permissions",
        update_permissions_by_uid,
    ),
    Route::new(
        "GET",
        "/api/dashboards/id/{dashboardId}/permissions",
        get_permissions_by_id,
    ),
    Route::new(
        "POST",
        "/api/dashboards/id/{dashboardId}/permissions",
        update_permissions_by_id,
    ),
];

/// `dashboards.permissions:read`: in OSS only the Admin basic role holds it
/// for every dashboard (others get it through managed permissions).
const DASHBOARDS_PERMISSIONS_READ: Action = Action::new("dashboards.permissions:read", Role::Admin);
/// `dashboards.permissions:write`, Admin likewise.
const DASHBOARDS_PERMISSIONS_WRITE: Action =
    Action::new("dashboards.permissions:write", Role::Admin);

/// `DashboardErr` with a status: `{"message","status"}` (a `DynMap`, so the
/// keys come out sorted).
fn dash_err(code: u16, status: &str, msg: &str) -> axum::response::Response {
    respond::json(code, &json!({"message": msg, "status": status}))
}

/// `/d/<uid>/<slug>`.
pub(crate) fn dashboard_url(uid: &str, slug: &str) -> String {
    format!("/d/{uid}/{slug}")
}

/// The name Grafana records for who saved: a user's login; from Grafana 12
/// a service account's name (`getIdentityName` in the newest
/// `pkg/api/dashboard.go`, audit D5), before that its login.
pub(crate) fn identity_name(st: &State, who: &Identity, version: (u32, u32)) -> String {
    if who.is_service_account && version >= (12, 0) {
        if let Some(sa) = st.service_accounts.get(&who.id) {
            return sa.name.clone();
        }
    }
    who.login.clone()
}

/// A save request (`dashboards.SaveDashboardCommand`), from
/// `POST /api/dashboards/db` or a restore.
pub(crate) struct SaveCmd {
    pub(crate) dash: Map<String, Value>,
    pub(crate) folder_uid: String,
    pub(crate) folder_id: i64,
    pub(crate) message: String,
    pub(crate) overwrite: bool,
    /// The version a restore brings back (0 for a plain save).
    pub(crate) restored_from: i64,
}

/// `POST /api/dashboards/db`: needs `dashboards:create` or `dashboards:write`.
///
/// Body `{dashboard, folderUid?, folderId?, message?, overwrite?}`; a missing
/// or non-object `dashboard` is a binding error (400 `bad request data`). See
/// [`save_command`] for the checks and the answer.
pub(crate) fn save(ctx: &Ctx) -> ApiResult {
    const EV: Evaluator = Evaluator::Any(&[Action::DASHBOARDS_CREATE, Action::DASHBOARDS_WRITE]);
    let who = ctx.require(EV)?;
    let bad = || respond::message(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let Some(Value::Object(dash)) = body.get("dashboard") else {
        return Err(bad());
    };
    let cmd = SaveCmd {
        dash: dash.clone(),
        folder_uid: body::str_field(&body, "folderUid").ok_or_else(bad)?,
        folder_id: body::int_field(&body, "folderId").ok_or_else(bad)?,
        message: body::str_field(&body, "message").ok_or_else(bad)?,
        overwrite: body::bool_field(&body, "overwrite").ok_or_else(bad)?,
        restored_from: 0,
    };
    save_command(ctx, who, cmd)
}

/// Saves a dashboard as `who` (`postDashboard` / `saveDashboardViaK8s`).
///
/// Checks, in order: empty title (400 `empty-name`; Grafana 13: 400
/// `Dashboard spec is missing required title property`), title over 5000
/// characters (400 `title-too-long`, audit D2), uid characters and length,
/// message over 500 characters, unknown folder (400 `folder not found`),
/// unknown `dashboard.id` (404 `not-found`), a folder's uid (400 `Dashboard
/// cannot be changed to a folder`, `ErrDashboardTypeMismatch`, audit D1), a
/// uid used by another dashboard than `dashboard.id` (400 `A dashboard with
/// the same uid already exists`), version mismatch without `overwrite` (412
/// `version-mismatch`; Grafana 13: 409 `Dashboard already exists. Use
/// overwrite flag to update.`, audit D6). A new dashboard gets version 1;
/// each save adds 1, records a version and, for a new dashboard, the default
/// permissions.
///
/// 200 `{"folderUid","id","slug","status":"success","uid","url","version"}`.
pub(crate) fn save_command(ctx: &Ctx, who: &Identity, cmd: SaveCmd) -> ApiResult {
    let SaveCmd {
        mut dash,
        folder_uid,
        folder_id,
        message,
        overwrite,
        restored_from,
    } = cmd;
    let bad = || respond::message(400, "bad request data");
    let g13 = ctx.version() >= (13, 0);
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
    let version = dash.get("version").and_then(Value::as_i64);

    if title.is_empty() {
        if g13 {
            // saveDashboardViaK8s: response.Error without a status key.
            return Err(respond::message(
                400,
                "Dashboard spec is missing required title property",
            ));
        }
        return Err(dash_err(
            400,
            "empty-name",
            "Dashboard title cannot be empty",
        ));
    }
    if title.chars().count() > 5000 {
        // ErrDashboardTitleTooLong carries Status "title-too-long".
        return Err(dash_err(
            400,
            "title-too-long",
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

    // getExistingDashboardByIDOrUIDForUpdate: a folder's uid is a type
    // mismatch.
    if !uid.is_empty() && st.folder(org, &uid).is_some() {
        return Err(respond::message(
            400,
            "Dashboard cannot be changed to a folder",
        ));
    }
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
        st.dashboard(org, &uid).cloned()
    } else {
        None
    };
    if let Some(ex) = &existing {
        if !overwrite && version != Some(ex.version) {
            if g13 {
                return Err(respond::message(
                    409,
                    "Dashboard already exists. Use overwrite flag to update.",
                ));
            }
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
    let saver = identity_name(&st, who, ctx.version());
    let data_json = sorted_json(&Value::Object(dash));
    let record = Dashboard {
        id,
        uid: uid.clone(),
        title: raw_title,
        folder_uid: folder_uid.clone(),
        version: new_version,
        tags,
        data_json: data_json.clone(),
        created: existing.as_ref().map_or(ctx.now, |e| e.created),
        updated: ctx.now,
        created_by: existing
            .as_ref()
            .map_or_else(|| saver.clone(), |e| e.created_by.clone()),
        updated_by: saver.clone(),
    };
    if let Some(ex) = &existing {
        st.dashboards.remove(&(org, ex.uid.clone()));
    }
    st.dashboards.insert((org, uid.clone()), record);
    dashboard_versions::record(
        &mut st,
        NewVersion {
            org_id: org,
            dashboard_id: id,
            dashboard_uid: &uid,
            version: new_version,
            restored_from,
            message: &message,
            created_by: &saver,
            data: data_json,
            now: ctx.now,
        },
    );
    if existing.is_none() {
        default_permissions(&mut st, id, who.id, folder_uid.is_empty(), ctx.now);
    }
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

/// The managed permissions a new dashboard gets (`setDefaultPermissions` of
/// the dashboard service): its creator is Admin; at the root (no folder)
/// Editors may edit and Viewers view; in a folder the rest is inherited from
/// the folder, which this list does not show.
fn default_permissions(st: &mut State, dashboard_id: i64, creator: i64, at_root: bool, now: i64) {
    let entry = |user_id: i64, role: Option<&str>, permission: i64| AclEntry {
        user_id,
        team_id: 0,
        role: role.map(str::to_string),
        permission,
        created: now,
        updated: now,
    };
    let mut acl = Vec::new();
    if creator > 0 {
        acl.push(entry(creator, None, 4));
    }
    if at_root {
        acl.push(entry(0, Some("Editor"), 2));
        acl.push(entry(0, Some("Viewer"), 1));
    }
    st.dashboard_versions.acl.insert(dashboard_id, acl);
}

/// Stores a dashboard directly (the demo seed): version 1 owned by `user_id`
/// (whose login is recorded), its history and its default permissions.
/// `data` gets `id`, `uid` and `version` set.
pub(crate) fn insert_seeded(
    st: &mut State,
    org_id: i64,
    folder_uid: &str,
    user_id: i64,
    mut data: Map<String, Value>,
    now: i64,
) -> i64 {
    let id = st.alloc_dashboard_id();
    let uid = data
        .get("uid")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(ids::generate_uid);
    let title = data
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let tags = data
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    data.insert("id".into(), json!(id));
    data.insert("uid".into(), json!(uid));
    data.insert("version".into(), json!(1));
    let who = st.login_of(user_id);
    let data_json = sorted_json(&Value::Object(data));
    st.dashboards.insert(
        (org_id, uid.clone()),
        Dashboard {
            id,
            uid: uid.clone(),
            title,
            folder_uid: folder_uid.to_string(),
            version: 1,
            tags,
            data_json: data_json.clone(),
            created: now,
            updated: now,
            created_by: who.clone(),
            updated_by: who.clone(),
        },
    );
    dashboard_versions::record(
        st,
        NewVersion {
            org_id,
            dashboard_id: id,
            dashboard_uid: &uid,
            version: 1,
            restored_from: 0,
            message: "",
            created_by: &who,
            data: data_json,
            now,
        },
    );
    default_permissions(st, id, user_id, folder_uid.is_empty(), now);
    id
}

/// `GET /api/dashboards/uid/{uid}`: needs `dashboards:read`. 404
/// `{"message":"Dashboard not found"}` for an unknown uid (and for a folder's
/// uid). 200 `{"meta": DashboardMeta, "dashboard": <saved JSON, keys sorted
/// as Go writes them>}` (`dtos.DashboardFullWithMeta` declares `meta` first).
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::DASHBOARDS_READ))?;
    let st = ctx.app.state.read();
    let d = st
        .dashboard(who.org_id, ctx.param())
        .ok_or_else(|| respond::message(404, "Dashboard not found"))?;
    // A dashboard stored as v2 through /apis: 406 with the /apis path
    // (Grafana 13: unless `?apiVersion=` names a classic version).
    if let Some(resp) = super::apis::dashboards::legacy_read_guard(
        &st,
        who.org_id,
        d,
        ctx.query.get("apiVersion"),
        ctx.version(),
    ) {
        return Err(resp);
    }
    let folder = if d.folder_uid.is_empty() {
        None
    } else {
        st.folder(who.org_id, &d.folder_uid)
    };
    // isDashboardStarredByUser: users only, never service accounts.
    let starred = !who.is_service_account
        && crate::api::user::starred_dashboard_uids(&st, who.id, who.org_id).contains(&d.uid);
    let meta = dashboard_meta(d, folder, who.role, ctx.version(), starred);
    // The same bytes as serializing `{"meta": meta, "dashboard": <sorted
    // data>}`, with the dashboard's part taken from the bytes cached at save.
    let meta = serde_json::to_vec(&meta).unwrap_or_default();
    let mut body = Vec::with_capacity(d.data_json.len() + meta.len() + 24);
    body.extend_from_slice(b"{\"meta\":");
    body.extend_from_slice(&meta);
    body.extend_from_slice(b",\"dashboard\":");
    body.extend_from_slice(&d.data_json);
    body.push(b'}');
    Ok(respond::raw(200, "application/json", body))
}

/// `DashboardMeta` for a stored dashboard, in Grafana's `dtos.DashboardMeta`
/// field order. `isStarred` (`omitempty`) appears only when the caller
/// starred the dashboard. `publicDashboardEnabled` is `omitempty` in the newest
/// `dtos.DashboardMeta`, and the emulator has no public dashboards, so it
/// never appears (audit D3 read an older struct without `omitempty`).
fn dashboard_meta(
    d: &Dashboard,
    folder: Option<&crate::state::Folder>,
    role: Option<Role>,
    version: (u32, u32),
    starred: bool,
) -> Value {
    let slug = ids::slugify(&d.title);
    let edit = allows(role, Action::DASHBOARDS_WRITE);
    let mut m = Map::new();
    if starred {
        m.insert("isStarred".into(), json!(true));
    }
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
    // GetDashboard: the dashboard scope follows the caller's annotation
    // rights (Editors and Admins); Grafana 12+ no longer fills the
    // organization scope, so it is all false there (audit D4); 11.x
    // evaluated it like the dashboard scope.
    let annotations = json!({"canAdd": edit, "canEdit": edit, "canDelete": edit});
    let organization = if version >= (12, 0) {
        json!({"canAdd": false, "canEdit": false, "canDelete": false})
    } else {
        annotations.clone()
    };
    m.insert(
        "annotationsPermissions".into(),
        json!({"dashboard": annotations, "organization": organization}),
    );
    Value::Object(m)
}

/// `DELETE /api/dashboards/uid/{uid}`: needs `dashboards:delete`. A folder's
/// uid gives 400 `Use folders endpoint for deleting folders.`; an unknown uid
/// 404 `{"message":"Dashboard not found"}`; success 200
/// `{"message":"Dashboard <title> deleted","title","uid"}`. Not idempotent.
/// The dashboard's version history and permissions go with it.
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
    dashboard_versions::forget(&mut st, d.id);
    Ok(respond::json(
        200,
        &json!({
            "message": format!("Dashboard {} deleted", d.title),
            "title": d.title,
            "uid": d.uid,
        }),
    ))
}

/// `GET /api/dashboards/home` (`GetHomeDashboard`): any signed-in caller.
///
/// With no home dashboard in the preferences, Grafana answers its built-in
/// home dashboard file as `{"meta", "dashboard"}`: the meta is a zero
/// `DashboardMeta` except `canEdit` (Editor or above) and `folderTitle`
/// `General`; `annotationsPermissions` is `null`. For an org Admin a
/// "getting started" panel (`type` `gettingstarted`, id 123123) is appended
/// to the panels (`addGettingStartedPanelToHomeDashboard`). The emulator's
/// home dashboard is its own small document of the same shape (title
/// `Home`, no uid).
///
/// When the preferences name a home dashboard that exists, the answer is
/// only `{"redirectUri": "/d/<uid>/<slug>"}`; an unknown one falls back to
/// the built-in home (even if a less specific preference names another).
/// The preference is `GetWithDefaults`'s: the org's, then
/// the caller's teams' (in id order), then the caller's own, each one set
/// overriding the one before.
fn home(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    {
        let st = ctx.app.state.read();
        let org = who.org_id;
        let mut owners = vec![(org, 0, 0)];
        if !who.is_service_account {
            for team in crate::api::teams::teams_of_user(&st, org, who.id) {
                if let Some(team_id) = team.get("id").and_then(Value::as_i64) {
                    owners.push((org, 0, team_id));
                }
            }
            owners.push((org, who.id, 0));
        }
        let home_uid = owners
            .into_iter()
            .rev()
            .map(|o| st.user.prefs.get(o).home_dashboard_uid)
            .find(|uid| !uid.is_empty());
        if let Some(d) = home_uid.and_then(|uid| st.dashboard(org, &uid)) {
            let url = dashboard_url(&d.uid, &ids::slugify(&d.title));
            return Ok(respond::json(200, &json!({"redirectUri": url})));
        }
    }
    let mut panels = vec![
        json!({
            "id": 1,
            "type": "text",
            "title": "",
            "gridPos": {"h": 3, "w": 24, "x": 0, "y": 0},
            "options": {"mode": "html", "content": "<h1>Welcome to Grafana</h1>"},
            "transparent": true,
        }),
        json!({
            "id": 2,
            "type": "dashlist",
            "title": "Dashboards",
            "gridPos": {"h": 15, "w": 12, "x": 0, "y": 12},
            "options": {"showStarred": true, "showRecentlyViewed": true, "showSearch": false, "maxItems": 30},
        }),
    ];
    if who.role == Some(Role::Admin) {
        panels.push(json!({
            "type": "gettingstarted",
            "id": 123123,
            "gridPos": {"x": 0, "y": 3, "w": 24, "h": 9},
        }));
    }
    let dashboard = json!({
        "annotations": {"list": []},
        "editable": false,
        "graphTooltip": 0,
        "links": [],
        "panels": panels,
        "refresh": "",
        "schemaVersion": 41,
        "tags": [],
        "templating": {"list": []},
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {"hidden": true},
        "timezone": "browser",
        "title": "Home",
        "version": 0,
    });
    let mut meta = Map::new();
    meta.insert("canSave".into(), json!(false));
    meta.insert(
        "canEdit".into(),
        json!(matches!(who.role, Some(Role::Editor | Role::Admin))),
    );
    meta.insert("canAdmin".into(), json!(false));
    meta.insert("canStar".into(), json!(false));
    meta.insert("canDelete".into(), json!(false));
    meta.insert("slug".into(), json!(""));
    meta.insert("url".into(), json!(""));
    meta.insert("expires".into(), json!(ZERO_TIME));
    meta.insert("created".into(), json!(ZERO_TIME));
    meta.insert("updated".into(), json!(ZERO_TIME));
    meta.insert("updatedBy".into(), json!(""));
    meta.insert("createdBy".into(), json!(""));
    meta.insert("version".into(), json!(0));
    meta.insert("hasAcl".into(), json!(false));
    meta.insert("isFolder".into(), json!(false));
    meta.insert("folderId".into(), json!(0));
    meta.insert("folderUid".into(), json!(""));
    meta.insert("folderTitle".into(), json!("General"));
    meta.insert("folderUrl".into(), json!(""));
    meta.insert("provisioned".into(), json!(false));
    meta.insert("provisionedExternalId".into(), json!(""));
    meta.insert("annotationsPermissions".into(), Value::Null);
    Ok(respond::json(
        200,
        &json!({"meta": Value::Object(meta), "dashboard": crate::json_order::sort_keys(&dashboard)}),
    ))
}

/// `GET /api/dashboards/tags` (`GetDashboardTags`): any signed-in caller.
/// Every tag of the org's dashboards with how many dashboards carry it, as
/// `[{"term","count"}]` ordered by term (the store's `GROUP BY term ORDER BY
/// term`); `[]` when there are none.
fn tags(ctx: &Ctx) -> ApiResult {
    let who = ctx.signed_in()?;
    let st = ctx.app.state.read();
    let mut counts: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for d in st.org_dashboards(who.org_id) {
        let mut seen: Vec<&str> = d.tags.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *counts.entry(t).or_default() += 1;
        }
    }
    let list: Vec<Value> = counts
        .into_iter()
        .map(|(term, count)| json!({"term": term, "count": count}))
        .collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// Which dashboard a permission route names.
enum Target {
    Uid,
    Id,
}

/// The dashboard of a permission route (`getDashboardHelper`): a
/// non-numeric id is 400 `dashboardId is invalid`, an unknown dashboard 404
/// `Dashboard not found`.
fn permission_target(
    ctx: &Ctx,
    org: i64,
    target: &Target,
) -> Result<Dashboard, axum::response::Response> {
    let st = ctx.app.state.read();
    let found = match target {
        Target::Uid => st.dashboard(org, ctx.param()).cloned(),
        Target::Id => {
            let id: i64 = ctx
                .param()
                .parse()
                .map_err(|_| respond::message(400, "dashboardId is invalid"))?;
            st.org_dashboards(org).find(|d| d.id == id).cloned()
        }
    };
    found.ok_or_else(|| respond::message(404, "Dashboard not found"))
}

/// `GET /api/dashboards/uid/{uid}/permissions`.
fn get_permissions_by_uid(ctx: &Ctx) -> ApiResult {
    get_permissions(ctx, Target::Uid)
}

/// `GET /api/dashboards/id/{dashboardId}/permissions` (deprecated).
fn get_permissions_by_id(ctx: &Ctx) -> ApiResult {
    get_permissions(ctx, Target::Id)
}

/// The dashboard's managed permissions (`GetDashboardPermissionList`):
/// needs `dashboards.permissions:read`; a list of `DashboardACLInfoDTO`, one
/// per user, team or basic role, never inherited.
fn get_permissions(ctx: &Ctx, target: Target) -> ApiResult {
    let who = ctx.require(Evaluator::One(DASHBOARDS_PERMISSIONS_READ))?;
    let d = permission_target(ctx, who.org_id, &target)?;
    let st = ctx.app.state.read();
    let acl = st
        .dashboard_versions
        .acl
        .get(&d.id)
        .cloned()
        .unwrap_or_default();
    let folder_id = if d.folder_uid.is_empty() {
        0
    } else {
        st.folder(who.org_id, &d.folder_uid).map_or(0, |f| f.id)
    };
    let list: Vec<Value> = acl.iter().map(|e| acl_dto(&st, &d, folder_id, e)).collect();
    Ok(respond::json(200, &Value::Array(list)))
}

/// `DashboardACLInfoDTO` in its Go field order (`dashboardId`, `folderId`
/// and `folderUid` are `omitempty`; `role` only for basic-role entries).
fn acl_dto(st: &State, d: &Dashboard, folder_id: i64, e: &AclEntry) -> Value {
    let user = st.users.get(&e.user_id);
    let sa = st.service_accounts.get(&e.user_id);
    let login = user
        .map(|u| u.login.clone())
        .or_else(|| sa.map(|s| s.login.clone()))
        .unwrap_or_default();
    let email = user.map(|u| u.email.clone()).unwrap_or_default();
    let slug = ids::slugify(&d.title);
    let mut m = Map::new();
    m.insert("dashboardId".into(), json!(d.id));
    if folder_id != 0 {
        m.insert("folderId".into(), json!(folder_id));
    }
    if !d.folder_uid.is_empty() {
        m.insert("folderUid".into(), json!(d.folder_uid));
    }
    m.insert("created".into(), json!(rfc3339(e.created)));
    m.insert("updated".into(), json!(rfc3339(e.updated)));
    m.insert("userId".into(), json!(e.user_id));
    m.insert("userUid".into(), json!(""));
    m.insert("userLogin".into(), json!(login));
    m.insert("userEmail".into(), json!(email));
    m.insert(
        "userAvatarUrl".into(),
        json!(crate::avatar::gravatar_url(email.trim())),
    );
    m.insert("teamId".into(), json!(e.team_id));
    m.insert("teamUid".into(), json!(""));
    m.insert("teamEmail".into(), json!(""));
    m.insert(
        "teamAvatarUrl".into(),
        json!(if e.team_id > 0 {
            crate::avatar::gravatar_url_with_default("", "")
        } else {
            String::new()
        }),
    );
    m.insert("team".into(), json!(""));
    if let Some(role) = &e.role {
        m.insert("role".into(), json!(role));
    }
    m.insert("permission".into(), json!(e.permission));
    m.insert(
        "permissionName".into(),
        json!(permission_name(e.permission)),
    );
    m.insert("uid".into(), json!(d.uid));
    m.insert("title".into(), json!(d.title));
    m.insert("slug".into(), json!(slug));
    m.insert("isFolder".into(), json!(false));
    m.insert("url".into(), json!(dashboard_url(&d.uid, &slug)));
    m.insert("inherited".into(), json!(false));
    Value::Object(m)
}

/// `PermissionType.String()`: `View`, `Edit`, `Admin`, else `""`.
fn permission_name(p: i64) -> &'static str {
    match p {
        1 => "View",
        2 => "Edit",
        4 => "Admin",
        _ => "",
    }
}

/// `POST /api/dashboards/uid/{uid}/permissions`.
fn update_permissions_by_uid(ctx: &Ctx) -> ApiResult {
    update_permissions(ctx, Target::Uid)
}

/// `POST /api/dashboards/id/{dashboardId}/permissions` (deprecated).
fn update_permissions_by_id(ctx: &Ctx) -> ApiResult {
    update_permissions(ctx, Target::Id)
}

/// `UpdateDashboardPermissions`: needs `dashboards.permissions:write`.
/// Binding (400 `bad request data`); an item with both a user and a team is
/// 400 `team and user permissions cannot have an associated role`, a user or
/// team item with a role 400 `permissions cannot have both a user and team`
/// (Grafana's two messages, as `dashboardaccess` pairs them); then 400
/// `dashboardId is invalid` / 404 `Dashboard not found`. The items replace
/// the managed permissions: entries not named are removed, an item whose
/// permission is not 1, 2 or 4 removes its entry, and an unknown user or
/// basic role fails the update (500 `Failed to update permissions`).
/// 200 `{"message":"Dashboard permissions updated"}`.
fn update_permissions(ctx: &Ctx, target: Target) -> ApiResult {
    let who = ctx.require(Evaluator::One(DASHBOARDS_PERMISSIONS_WRITE))?;
    let body: AclUpdate = ctx.body_json()?;
    body.validate()?;
    let d = permission_target(ctx, who.org_id, &target)?;
    let mut st = ctx.app.state.write();
    let old = st
        .dashboard_versions
        .acl
        .get(&d.id)
        .cloned()
        .unwrap_or_default();
    let mut acl: Vec<AclEntry> = Vec::new();
    for item in &body.items {
        if item.user_id > 0
            && !st.users.contains_key(&item.user_id)
            && !st.service_accounts.contains_key(&item.user_id)
        {
            return Err(respond::message(500, "Failed to update permissions"));
        }
        if let Some(role) = &item.role {
            if !matches!(role.as_str(), "Viewer" | "Editor" | "Admin") {
                return Err(respond::message(500, "Failed to update permissions"));
            }
        }
        if item.user_id <= 0 && item.team_id <= 0 && item.role.is_none() {
            return Err(respond::message(500, "Failed to update permissions"));
        }
        if permission_name(item.permission).is_empty() {
            continue;
        }
        let same = |e: &AclEntry| {
            e.user_id == item.user_id.max(0)
                && e.team_id == item.team_id.max(0)
                && e.role == item.role
        };
        let created = old.iter().find(|e| same(e)).map_or(ctx.now, |e| e.created);
        acl.retain(|e| !same(e));
        acl.push(AclEntry {
            user_id: item.user_id.max(0),
            team_id: item.team_id.max(0),
            role: item.role.clone(),
            permission: item.permission,
            created,
            updated: ctx.now,
        });
    }
    st.dashboard_versions.acl.insert(d.id, acl);
    Ok(respond::message(200, "Dashboard permissions updated"))
}
