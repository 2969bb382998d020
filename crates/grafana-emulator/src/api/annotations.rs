//! Annotations (Grafana 12, legacy SQL store; the `/apis` reroute behind
//! `annotationsRerouteLegacyCRUDAPIs` is off by default and not emulated):
//!
//! - `GET /api/annotations` (filters `from`, `to`, `userId`, `alertId`,
//!   `dashboardId`, `dashboardUID`, `panelId`, `type`, `tags` (repeated),
//!   `matchAny`, `limit` (default 100))
//! - `POST /api/annotations` (dashboard/panel or organization annotation)
//! - `POST /api/annotations/graphite` (Graphite event format)
//! - `POST /api/annotations/mass-delete`
//! - `GET /api/annotations/tags`
//! - `GET/PUT/PATCH/DELETE /api/annotations/{annotation_id}`
//!
//! Sources: `pkg/api/annotations.go` (handlers, messages, permission
//! checks), `pkg/api/api.go` (route middleware),
//! `pkg/services/annotations/annotationsimpl/xorm_store.go` (`Add`, `update`,
//! `Get`, `Delete`, `GetTags`, `validateTimeRange`),
//! `pkg/services/tag` (`ParseTagPairs`, `JoinTagPairs`) and
//! `pkg/services/accesscontrol/roles.go` (fixed annotation roles).
//!
//! **Permissions.** In OSS, Viewers hold `annotations:read` and, on the
//! dashboard scope only, `annotations:create/write/delete`
//! (`fixed:annotations.dashboard:writer`); Editors hold every annotation
//! action on every scope. Dashboard annotations additionally need the right
//! to edit the dashboard (`canEditDashboard`), which a Viewer lacks.
//! Grafana 13 drops the Viewer's dashboard-scope grant (its 13.0 upgrade
//! notes): there the route middleware already refuses a Viewer's writes.
//!
//! **Left out.** The tag-length limit (`annotations.tags_length`), alert
//! annotations (nothing creates them: `alertId` is always 0), and
//! per-dashboard permissions beyond the basic roles.

use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::auth::Identity;
use crate::role::{Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{State, MAIN_ORG_ID};
use crate::store::Table;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/annotations", list),
    Route::new("POST", "/api/annotations", create),
    Route::new("POST", "/api/annotations/graphite", create_graphite),
    Route::new("POST", "/api/annotations/mass-delete", mass_delete),
    Route::new("GET", "/api/annotations/tags", tags),
    Route::new("GET", "/api/annotations/{annotation_id}", get),
    Route::new("PUT", "/api/annotations/{annotation_id}", update),
    Route::new("PATCH", "/api/annotations/{annotation_id}", patch),
    Route::new("DELETE", "/api/annotations/{annotation_id}", delete),
];

/// `annotations:read` (`fixed:annotations:reader`, granted to Viewer).
const ANNOTATIONS_READ: Action = Action::new("annotations:read", Role::Viewer);
/// `annotations:create` on some scope: Viewers hold it on
/// `annotations:type:dashboard` (`fixed:annotations.dashboard:writer`).
const ANNOTATIONS_CREATE: Action = Action::new("annotations:create", Role::Viewer);
/// `annotations:create` on `annotations:type:organization`
/// (`fixed:annotations:writer`, granted to Editor).
const ANNOTATIONS_CREATE_ORG: Action = Action::new("annotations:create", Role::Editor);
/// `annotations:write` on the organization scope (Editor).
const ANNOTATIONS_WRITE_ORG: Action = Action::new("annotations:write", Role::Editor);
/// `annotations:delete` on some scope (Viewer holds the dashboard scope).
const ANNOTATIONS_DELETE: Action = Action::new("annotations:delete", Role::Viewer);
/// `annotations:delete` on the organization scope (Editor).
const ANNOTATIONS_DELETE_ORG: Action = Action::new("annotations:delete", Role::Editor);

/// A stored annotation (Grafana's `annotation` table row plus its tag links).
#[derive(Debug, Clone)]
pub(crate) struct Annotation {
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) user_id: i64,
    pub(crate) dashboard_id: i64,
    /// `""` for an organization annotation.
    pub(crate) dashboard_uid: String,
    pub(crate) panel_id: i64,
    /// Start, epoch milliseconds (`epoch`).
    pub(crate) time: i64,
    /// End, epoch milliseconds (`epoch_end`); equal to `time` for a point.
    pub(crate) time_end: i64,
    pub(crate) text: String,
    /// The `tags` column as written: `None` is JSON `null` (a PUT without
    /// tags stores that).
    pub(crate) tags: Option<Vec<String>>,
    /// The `annotation_tag` links (distinct key/value pairs) that the tag
    /// filter and `/api/annotations/tags` read.
    pub(crate) tag_links: Vec<(String, String)>,
    /// `Value::Null` when the annotation has no data.
    pub(crate) data: Value,
    /// Epoch milliseconds.
    pub(crate) created: i64,
    /// Epoch milliseconds.
    pub(crate) updated: i64,
}

crate::store::impl_row!(Annotation, no_uid);

/// This area's stored state (held by [`crate::state::State`]).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) rows: Table<Annotation>,
}

// ---------------------------------------------------------------------------
// Tags (`pkg/services/tag`)

/// `tag.ParseTagPairs`: each tag trimmed and split at the first `:` into key
/// and value (the part after a second `:` is dropped); tags with an empty key
/// are skipped.
fn parse_tag_pairs(tags: &[String]) -> Vec<(String, String)> {
    tags.iter()
        .filter_map(|t| {
            let (k, v) = if t.contains(':') {
                let mut parts = t.split(':');
                let k = parts.next().unwrap_or("");
                let v = parts.next().unwrap_or("");
                (k.trim_matches(' '), v.trim_matches(' '))
            } else {
                (t.trim_matches(' '), "")
            };
            (!k.is_empty()).then(|| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// `tag.JoinTagPairs`: `key` or `key:value`.
fn join_tag_pairs(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}:{v}")
            }
        })
        .collect()
}

/// The distinct pairs `ensureTags` links to an annotation.
fn tag_links(tags: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in parse_tag_pairs(tags) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Answers

/// The `annotations.ItemDTO` JSON (Go field order), with the creator's login
/// and e-mail joined from the user table and `avatarUrl` set when the e-mail
/// is not empty (`GetAnnotations`, `GetAnnotationByID`).
fn item_dto(st: &State, a: &Annotation) -> Value {
    let (login, email) = if let Some(u) = st.users.get(&a.user_id) {
        (u.login.clone(), u.email.clone())
    } else if let Some(sa) = st.service_accounts.get(&a.user_id) {
        (sa.login.clone(), sa.login.clone())
    } else {
        (String::new(), String::new())
    };
    let avatar = crate::avatar::gravatar_url(email.trim());
    let mut m = Map::new();
    m.insert("id".into(), json!(a.id));
    m.insert("alertId".into(), json!(0));
    m.insert("alertName".into(), json!(""));
    m.insert("dashboardId".into(), json!(a.dashboard_id));
    m.insert("dashboardUID".into(), json!(a.dashboard_uid));
    m.insert("panelId".into(), json!(a.panel_id));
    m.insert("userId".into(), json!(a.user_id));
    m.insert("newState".into(), json!(""));
    m.insert("prevState".into(), json!(""));
    m.insert("created".into(), json!(a.created));
    m.insert("updated".into(), json!(a.updated));
    m.insert("time".into(), json!(a.time));
    m.insert("timeEnd".into(), json!(a.time_end));
    m.insert("text".into(), json!(a.text));
    m.insert("tags".into(), json!(a.tags));
    m.insert("login".into(), json!(login));
    m.insert("email".into(), json!(email));
    m.insert("avatarUrl".into(), json!(avatar));
    // A row saved without data reads back as an empty object, as in the
    // HTTP API documentation's examples.
    let data = if a.data.is_null() {
        json!({})
    } else {
        a.data.clone()
    };
    m.insert("data".into(), data);
    Value::Object(m)
}

/// `{"id": N, "message": msg}` (a `DynMap`: Go writes the keys sorted).
fn added(id: i64, msg: &str) -> axum::response::Response {
    respond::json(200, &json!({"id": id, "message": msg}))
}

/// `dashboardGuardianResponse(nil)` (`pkg/api/dashboard.go`): the guardian
/// said no without an error.
fn access_denied() -> axum::response::Response {
    respond::message(403, "Access denied to this dashboard")
}

/// `dashboards.ErrDashboardNotFound` through `dashboardGuardianResponse`.
fn dashboard_not_found() -> axum::response::Response {
    respond::message(404, "Dashboard not found")
}

/// `response.Error(400, "bad request data", err)`: the body has only the
/// message.
fn bad_request() -> axum::response::Response {
    respond::message(400, "bad request data")
}

/// The uid of dashboard `id` of `org_id`.
fn dashboard_uid_by_id(st: &State, org_id: i64, id: i64) -> Option<String> {
    st.org_dashboards(org_id)
        .find(|d| d.id == id)
        .map(|d| d.uid.clone())
}

/// `canEditDashboard` for dashboard `id`: 404 when the guardian cannot load
/// it, 403 when the caller's role cannot edit dashboards.
fn can_edit_dashboard(
    st: &State,
    who: &Identity,
    id: i64,
) -> Result<String, axum::response::Response> {
    let uid = dashboard_uid_by_id(st, who.org_id, id).ok_or_else(dashboard_not_found)?;
    if crate::role::allows(who.role, Action::DASHBOARDS_WRITE) {
        Ok(uid)
    } else {
        Err(access_denied())
    }
}

/// The annotation `id` as `findAnnotationByID` finds it: in the caller's
/// org, and, for a dashboard annotation, only while its dashboard exists
/// (the store's access filter joins the dashboards the caller can read).
fn find(st: &State, org_id: i64, id: i64) -> Option<&Annotation> {
    st.annotations
        .rows
        .get(org_id, id)
        .filter(|a| visible(st, a))
}

fn visible(st: &State, a: &Annotation) -> bool {
    a.dashboard_id == 0 || st.dashboard(a.org_id, &a.dashboard_uid).is_some()
}

/// `validateTimeRange`: no end → the start; no start → the end; ends before
/// it starts → swapped. `false`: neither is set (`ErrTimerangeMissing`).
fn validate_time_range(time: &mut i64, time_end: &mut i64) -> bool {
    if *time_end == 0 {
        if *time == 0 {
            return false;
        }
        *time_end = *time;
    }
    if *time == 0 {
        *time = *time_end;
    }
    if *time_end < *time {
        std::mem::swap(time, time_end);
    }
    true
}

/// Parses the `{annotation_id}` path segment: 400 `annotationId is invalid`.
fn annotation_id(ctx: &Ctx) -> Result<i64, axum::response::Response> {
    ctx.param()
        .parse()
        .map_err(|_| respond::message(400, "annotationId is invalid"))
}

// ---------------------------------------------------------------------------
// Handlers

/// `GET /api/annotations` (`GetAnnotations` + the SQL store's `Get`).
///
/// Needs `annotations:read`. `dashboardUID` must name a dashboard of the org
/// (400 `Invalid dashboard UID in annotation request`) and then replaces
/// `dashboardId`. The time filter applies only when both `from` and `to` are
/// positive (overlap: `time <= to && timeEnd >= from`). Tags must all match
/// (`matchAny=true`: any). Newest end first, then newest start; `limit`
/// (default 100).
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ANNOTATIONS_READ))?;
    let q = &ctx.query;
    let from = q.int("from");
    let to = q.int("to");
    let user_id = q.int("userId");
    let alert_id = q.int("alertId");
    let mut dashboard_id = q.int("dashboardId");
    let dashboard_uid = q.get("dashboardUID").unwrap_or("").to_string();
    let panel_id = q.int("panelId");
    let limit = match q.int("limit") {
        0 => 100,
        l => l,
    };
    let kind = q.get("type").unwrap_or("");
    let tags: Vec<String> = q.all("tags").into_iter().map(str::to_string).collect();
    let match_any = q.bool("matchAny");
    let st = ctx.app.state.read();
    if !dashboard_uid.is_empty() {
        match st.dashboard(who.org_id, &dashboard_uid) {
            Some(d) => dashboard_id = d.id,
            None => {
                return Err(respond::message(
                    400,
                    "Invalid dashboard UID in annotation request",
                ))
            }
        }
    }
    let filters = parse_tag_pairs(&tags);
    let mut hits: Vec<&Annotation> = st
        .annotations
        .rows
        .in_org(who.org_id)
        .filter(|a| visible(&st, a))
        .filter(|_| alert_id == 0)
        .filter(|a| {
            if !dashboard_uid.is_empty() {
                a.dashboard_uid == dashboard_uid
            } else {
                dashboard_id == 0 || a.dashboard_id == dashboard_id
            }
        })
        .filter(|a| panel_id == 0 || a.panel_id == panel_id)
        .filter(|a| user_id == 0 || a.user_id == user_id)
        .filter(|a| !(from > 0 && to > 0) || (a.time <= to && a.time_end >= from))
        // Every stored annotation is a user annotation (alert id 0).
        .filter(|_| kind != "alert")
        .filter(|a| {
            if filters.is_empty() {
                return true;
            }
            let matched = a
                .tag_links
                .iter()
                .filter(|l| {
                    filters
                        .iter()
                        .any(|(k, v)| &l.0 == k && (v.is_empty() || &l.1 == v))
                })
                .count();
            if match_any {
                matched > 0
            } else {
                matched == filters.len()
            }
        })
        .collect();
    hits.sort_by(|a, b| {
        b.time_end
            .cmp(&a.time_end)
            .then(b.time.cmp(&a.time))
            .then(b.id.cmp(&a.id))
    });
    let out: Vec<Value> = hits
        .into_iter()
        .take(limit.max(0) as usize)
        .map(|a| item_dto(&st, a))
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `dtos.PostAnnotationsCmd`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostCmd {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    dashboard_id: i64,
    #[serde(
        default,
        rename = "dashboardUID",
        deserialize_with = "crate::api::body::nullable"
    )]
    dashboard_uid: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    panel_id: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    time: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    time_end: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    text: String,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    data: Value,
}

/// `POST /api/annotations` (`PostAnnotation`).
///
/// Needs `annotations:create`. A `dashboardUID` of the org replaces
/// `dashboardId` (an unknown one is ignored). With a dashboard: the caller
/// must be able to edit it (404 `Dashboard not found`, 403 `Access denied to
/// this dashboard`); without: `annotations:create` on the organization scope
/// (Editor; 403 `Access denied to this dashboard` otherwise). Empty text: 400
/// `Failed to save annotation`. The start defaults to now, the end to the
/// start; tags are trimmed `key[:value]` pairs. 200 `{"id","message":"Annotation added"}`.
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let who = ctx
        .require(Evaluator::One(scoped(
            ctx,
            ANNOTATIONS_CREATE,
            ANNOTATIONS_CREATE_ORG,
        )))?
        .clone();
    let cmd: PostCmd = serde_json::from_slice(ctx.body).map_err(|_| bad_request())?;
    let mut st = ctx.app.state.write();
    let mut dashboard_id = cmd.dashboard_id;
    if !cmd.dashboard_uid.is_empty() {
        if let Some(d) = st.dashboard(who.org_id, &cmd.dashboard_uid) {
            dashboard_id = d.id;
        }
    }
    // canCreateAnnotation
    let dashboard_uid = if dashboard_id != 0 {
        can_edit_dashboard(&st, &who, dashboard_id)?
    } else {
        if !crate::role::allows(who.role, ANNOTATIONS_CREATE_ORG) {
            return Err(access_denied());
        }
        String::new()
    };
    if cmd.text.is_empty() {
        return Err(respond::message(400, "Failed to save annotation"));
    }
    let now_ms = ctx.now * 1000;
    let (mut time, mut time_end) = (cmd.time, cmd.time_end);
    // xormRepositoryImpl.Add: no start → the creation time.
    if time == 0 {
        time = now_ms;
    }
    validate_time_range(&mut time, &mut time_end);
    let pairs = parse_tag_pairs(cmd.tags.as_deref().unwrap_or_default());
    let id = st.annotations.rows.alloc_id();
    st.annotations.rows.insert(Annotation {
        id,
        org_id: who.org_id,
        user_id: who.id,
        dashboard_id,
        dashboard_uid,
        panel_id: cmd.panel_id,
        time,
        time_end,
        text: cmd.text,
        tags: Some(join_tag_pairs(&pairs)),
        tag_links: tag_links(&join_tag_pairs(&pairs)),
        data: cmd.data,
        created: now_ms,
        updated: now_ms,
    });
    Ok(added(id, "Annotation added"))
}

/// `dtos.PostGraphiteAnnotationsCmd`.
#[derive(Deserialize)]
struct GraphiteCmd {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    what: String,
    #[serde(default)]
    tags: Value,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    when: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    data: String,
}

/// `POST /api/annotations/graphite` (`PostGraphiteAnnotation`).
///
/// Needs `annotations:create` on the organization scope (Editor). Empty
/// `what`: 400 `Failed to save Graphite annotation`; `tags` must be a string
/// (split at spaces) or an array of strings — anything else, absent included,
/// is the same 400. The text is `what`, plus `"\n" + data` when `data` is
/// set; `when` is in seconds (default now). An organization annotation.
pub(crate) fn create_graphite(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ANNOTATIONS_CREATE_ORG))?.clone();
    let cmd: GraphiteCmd = serde_json::from_slice(ctx.body).map_err(|_| bad_request())?;
    let failed = || respond::message(400, "Failed to save Graphite annotation");
    if cmd.what.is_empty() {
        return Err(failed());
    }
    let text = if cmd.data.is_empty() {
        cmd.what.clone()
    } else {
        format!("{}\n{}", cmd.what, cmd.data)
    };
    let tags: Vec<String> = match &cmd.tags {
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::String(s) => s.split(' ').map(str::to_string).collect(),
        Value::Array(items) => {
            let mut out = Vec::new();
            for t in items {
                match t {
                    Value::String(s) => out.push(s.clone()),
                    _ => return Err(failed()),
                }
            }
            out
        }
        _ => return Err(failed()),
    };
    let now_ms = ctx.now * 1000;
    let mut time = cmd.when.saturating_mul(1000);
    if time == 0 {
        time = now_ms;
    }
    let mut time_end = 0;
    validate_time_range(&mut time, &mut time_end);
    let joined = join_tag_pairs(&parse_tag_pairs(&tags));
    let mut st = ctx.app.state.write();
    let id = st.annotations.rows.alloc_id();
    st.annotations.rows.insert(Annotation {
        id,
        org_id: who.org_id,
        user_id: who.id,
        dashboard_id: 0,
        dashboard_uid: String::new(),
        panel_id: 0,
        time,
        time_end,
        text,
        tag_links: tag_links(&joined),
        tags: Some(joined),
        data: Value::Null,
        created: now_ms,
        updated: now_ms,
    });
    Ok(added(id, "Graphite annotation added"))
}

/// `dtos.UpdateAnnotationsCmd` / `dtos.PatchAnnotationsCmd`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateCmd {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    #[allow(dead_code)]
    id: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    time: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    time_end: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    text: String,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    data: Value,
}

/// The route middleware for `PUT`/`PATCH`/`DELETE /api/annotations/{id}`:
/// `authorize(EvalPermission(action, annotations:id:<id>))`, the scope
/// resolving to the annotation's type. A Viewer holds the dashboard scope
/// only, so an organization annotation is an RBAC 403 for them.
fn authorize_on(ctx: &Ctx, org_action: Action) -> Result<Identity, axum::response::Response> {
    let who = ctx.signed_in()?.clone();
    if who.role.is_none() {
        return Err(respond::rbac_denied(Evaluator::One(org_action)));
    }
    if !crate::role::allows(who.role, org_action) {
        if ctx.version().0 >= 13 {
            // No dashboard-scope grant any more: the middleware refuses.
            return Err(respond::rbac_denied(Evaluator::One(org_action)));
        }
        if let Ok(id) = ctx.param().parse::<i64>() {
            let st = ctx.app.state.read();
            if find(&st, who.org_id, id).is_some_and(|a| a.dashboard_id == 0) {
                return Err(respond::rbac_denied(Evaluator::One(org_action)));
            }
        }
    }
    Ok(who)
}

/// The action a route's middleware checks: up to 12.x Viewers hold the
/// dashboard-scoped annotation actions (`fixed:annotations.dashboard:writer`);
/// Grafana 13 removes that role (dashboard annotations follow dashboard
/// permissions, which a Viewer has only for reading), so there only Editors
/// pass.
fn scoped(ctx: &Ctx, dashboard_scope: Action, org_scope: Action) -> Action {
    if ctx.version().0 >= 13 {
        org_scope
    } else {
        dashboard_scope
    }
}

/// `canSaveAnnotation`: a dashboard annotation needs the right to edit its
/// dashboard; an organization annotation passed the middleware already.
fn can_save(st: &State, who: &Identity, a: &Annotation) -> Result<(), axum::response::Response> {
    if a.dashboard_id != 0 {
        can_edit_dashboard(st, who, a.dashboard_id)?;
    }
    Ok(())
}

/// `xormRepositoryImpl.update`: the text is always replaced; start, end and
/// data only when set; tags replace the links when given and the stored
/// `tags` column always (as given: `null` when absent); then the time range
/// is validated (swapped if needed).
fn apply_update(
    a: &mut Annotation,
    time: i64,
    time_end: i64,
    text: String,
    tags: Option<Vec<String>>,
    data: Value,
    now_ms: i64,
) {
    a.updated = now_ms;
    a.text = text;
    if time != 0 {
        a.time = time;
    }
    if time_end != 0 {
        a.time_end = time_end;
    }
    if !data.is_null() {
        a.data = data;
    }
    if let Some(t) = &tags {
        a.tag_links = tag_links(t);
    }
    a.tags = tags;
    let (mut t, mut e) = (a.time, a.time_end);
    validate_time_range(&mut t, &mut e);
    a.time = t;
    a.time_end = e;
}

/// `PUT /api/annotations/{id}` (`UpdateAnnotation`): replaces the text
/// (emptied when absent), the tags (`null` when absent), and the start/end
/// when non-zero. 400 `bad request data`, 400 `annotationId is invalid`, 404
/// `Annotation not found`, 403. 200 `{"message":"Annotation updated"}`.
pub(crate) fn update(ctx: &Ctx) -> ApiResult {
    let who = authorize_on(ctx, ANNOTATIONS_WRITE_ORG)?;
    let cmd: UpdateCmd = serde_json::from_slice(ctx.body).map_err(|_| bad_request())?;
    let id = annotation_id(ctx)?;
    let mut st = ctx.app.state.write();
    let existing = find(&st, who.org_id, id)
        .cloned()
        .ok_or_else(|| respond::message(404, "Annotation not found"))?;
    can_save(&st, &who, &existing)?;
    if let Some(a) = st.annotations.rows.get_mut(who.org_id, id) {
        apply_update(
            a,
            cmd.time,
            cmd.time_end,
            cmd.text,
            cmd.tags,
            cmd.data,
            ctx.now * 1000,
        );
    }
    Ok(respond::message(200, "Annotation updated"))
}

/// `PATCH /api/annotations/{id}` (`PatchAnnotation`): changes only what is
/// given (tags when not `null`, text when not empty, start/end when positive,
/// data when not `null`). Errors as for `PUT`. 200 `{"message":"Annotation patched"}`.
pub(crate) fn patch(ctx: &Ctx) -> ApiResult {
    let who = authorize_on(ctx, ANNOTATIONS_WRITE_ORG)?;
    let cmd: UpdateCmd = serde_json::from_slice(ctx.body).map_err(|_| bad_request())?;
    let id = annotation_id(ctx)?;
    let mut st = ctx.app.state.write();
    let existing = find(&st, who.org_id, id)
        .cloned()
        .ok_or_else(|| respond::message(404, "Annotation not found"))?;
    can_save(&st, &who, &existing)?;
    let tags = cmd.tags.or(existing.tags.clone());
    let text = if cmd.text.is_empty() {
        existing.text.clone()
    } else {
        cmd.text
    };
    let time = if cmd.time > 0 {
        cmd.time
    } else {
        existing.time
    };
    let time_end = if cmd.time_end > 0 {
        cmd.time_end
    } else {
        existing.time_end
    };
    let data = if cmd.data.is_null() {
        existing.data.clone()
    } else {
        cmd.data
    };
    if let Some(a) = st.annotations.rows.get_mut(who.org_id, id) {
        apply_update(a, time, time_end, text, tags, data, ctx.now * 1000);
    }
    Ok(respond::message(200, "Annotation patched"))
}

/// `DELETE /api/annotations/{id}` (`DeleteAnnotationByID`): 400
/// `annotationId is invalid`, 404 `Annotation not found`, 403; 200
/// `{"message":"Annotation deleted"}`.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who = authorize_on(ctx, ANNOTATIONS_DELETE_ORG)?;
    let id = annotation_id(ctx)?;
    let mut st = ctx.app.state.write();
    let existing = find(&st, who.org_id, id)
        .cloned()
        .ok_or_else(|| respond::message(404, "Annotation not found"))?;
    can_save(&st, &who, &existing)?;
    st.annotations.rows.remove(who.org_id, id);
    Ok(respond::message(200, "Annotation deleted"))
}

/// `GET /api/annotations/{id}` (`GetAnnotationByID`): needs
/// `annotations:read`; 400 `annotationId is invalid`, 404 `Annotation not
/// found`; 200 the annotation.
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ANNOTATIONS_READ))?;
    let id = annotation_id(ctx)?;
    let st = ctx.app.state.read();
    let a =
        find(&st, who.org_id, id).ok_or_else(|| respond::message(404, "Annotation not found"))?;
    Ok(respond::json(200, &item_dto(&st, a)))
}

/// `dtos.MassDeleteAnnotationsCmd`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MassDeleteCmd {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    dashboard_id: i64,
    #[serde(
        default,
        rename = "dashboardUID",
        deserialize_with = "crate::api::body::nullable"
    )]
    dashboard_uid: String,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    panel_id: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    annotation_id: i64,
}

/// `POST /api/annotations/mass-delete` (`MassDeleteAnnotations`).
///
/// Needs `annotations:delete`. A known `dashboardUID` replaces
/// `dashboardId`; a dashboard without a panel (or the reverse) is 400 `bad
/// request data`. With `annotationId`: that annotation (404 if unknown);
/// otherwise every annotation with exactly that dashboard id and panel id
/// (both 0: the organization annotations without a panel). Dashboard
/// annotations need the right to edit the dashboard, organization ones
/// `annotations:delete` on the organization scope (403 `Access denied to
/// this dashboard`). 200 `{"message":"Annotations deleted"}`.
pub(crate) fn mass_delete(ctx: &Ctx) -> ApiResult {
    let who = ctx
        .require(Evaluator::One(scoped(
            ctx,
            ANNOTATIONS_DELETE,
            ANNOTATIONS_DELETE_ORG,
        )))?
        .clone();
    let cmd: MassDeleteCmd = serde_json::from_slice(ctx.body).map_err(|_| bad_request())?;
    let mut st = ctx.app.state.write();
    let mut dashboard_id = cmd.dashboard_id;
    if !cmd.dashboard_uid.is_empty() {
        if let Some(d) = st.dashboard(who.org_id, &cmd.dashboard_uid) {
            dashboard_id = d.id;
        }
    }
    if (dashboard_id != 0 && cmd.panel_id == 0) || (cmd.panel_id != 0 && dashboard_id == 0) {
        return Err(bad_request());
    }
    let (target_dashboard, by_id) = if cmd.annotation_id != 0 {
        let a = find(&st, who.org_id, cmd.annotation_id)
            .ok_or_else(|| respond::message(404, "Annotation not found"))?;
        (a.dashboard_id, Some(cmd.annotation_id))
    } else {
        (dashboard_id, None)
    };
    // canMassDeleteAnnotations
    if target_dashboard == 0 {
        if !crate::role::allows(who.role, ANNOTATIONS_DELETE_ORG) {
            return Err(access_denied());
        }
    } else {
        can_edit_dashboard(&st, &who, target_dashboard)?;
    }
    let org = who.org_id;
    match by_id {
        Some(id) => {
            st.annotations.rows.remove(org, id);
        }
        None => {
            let panel = cmd.panel_id;
            st.annotations.rows.retain(|a| {
                !(a.org_id == org && a.dashboard_id == dashboard_id && a.panel_id == panel)
            });
        }
    }
    Ok(respond::message(200, "Annotations deleted"))
}

/// `GET /api/annotations/tags?tag&limit` (`GetAnnotationTags` + the store's
/// `GetTags`): needs `annotations:read`. The org's annotation tags whose key
/// or value contains `tag` (case-insensitive, as SQL `LIKE`), with the number
/// of annotations carrying each, ordered by key then value, at most `limit`
/// (default 100): `{"result":{"tags":[{"tag","count"}]}}`.
pub(crate) fn tags(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(ANNOTATIONS_READ))?;
    let needle = ctx.query.get("tag").unwrap_or("").to_lowercase();
    let limit = match ctx.query.int("limit") {
        0 => 100,
        l => l,
    };
    let st = ctx.app.state.read();
    let mut counts: std::collections::BTreeMap<(String, String), i64> = Default::default();
    for a in st.annotations.rows.in_org(who.org_id) {
        for (k, v) in &a.tag_links {
            if k.to_lowercase().contains(&needle) || v.to_lowercase().contains(&needle) {
                *counts.entry((k.clone(), v.clone())).or_default() += 1;
            }
        }
    }
    let tags: Vec<Value> = counts
        .into_iter()
        .take(limit.max(0) as usize)
        .map(|((k, v), count)| {
            let tag = if v.is_empty() { k } else { format!("{k}:{v}") };
            json!({"tag": tag, "count": count})
        })
        .collect();
    Ok(respond::json(200, &json!({"result": {"tags": tags}})))
}

/// One demo annotation: dashboard id and uid, panel, start, end, text, tags.
type Seed<'a> = (i64, &'a str, i64, i64, i64, &'a str, &'a [&'a str]);

/// Adds this area's part of the demo data set (`--seed demo`): on the
/// `demo-overview` dashboard a deploy annotation on panel 1 (2 hours ago)
/// and an incident region (90 to 60 minutes ago), and one organization
/// annotation (30 minutes ago), all by `admin`.
pub(crate) fn seed_demo(st: &mut State, now: i64) {
    let now_ms = now * 1000;
    let Some(dash) = st.dashboard(MAIN_ORG_ID, crate::seed::DEMO_OVERVIEW_UID) else {
        return;
    };
    let (dash_id, dash_uid) = (dash.id, dash.uid.clone());
    let seeds: [Seed; 3] = [
        (
            dash_id,
            &dash_uid,
            1,
            now_ms - 2 * 3_600_000,
            now_ms - 2 * 3_600_000,
            "Deployed v1.0",
            &["deploy", "version:1.0"],
        ),
        (
            dash_id,
            &dash_uid,
            0,
            now_ms - 90 * 60_000,
            now_ms - 60 * 60_000,
            "Incident: elevated error rate",
            &["incident"],
        ),
        (
            0,
            "",
            0,
            now_ms - 30 * 60_000,
            now_ms - 30 * 60_000,
            "Maintenance window",
            &["maintenance"],
        ),
    ];
    for (dashboard_id, dashboard_uid, panel_id, time, time_end, text, tags) in seeds {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let id = st.annotations.rows.alloc_id();
        st.annotations.rows.insert(Annotation {
            id,
            org_id: MAIN_ORG_ID,
            user_id: crate::state::ADMIN_USER_ID,
            dashboard_id,
            dashboard_uid: dashboard_uid.to_string(),
            panel_id,
            time,
            time_end,
            text: text.into(),
            tag_links: tag_links(&tags),
            tags: Some(tags),
            data: Value::Null,
            created: now_ms,
            updated: now_ms,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_pairs() {
        let tags = vec![" a ".to_string(), "k: v :x".into(), "".into(), ":v".into()];
        let pairs = parse_tag_pairs(&tags);
        assert_eq!(
            pairs,
            vec![("a".into(), "".into()), ("k".into(), "v".into())]
        );
        assert_eq!(join_tag_pairs(&pairs), vec!["a", "k:v"]);
    }

    #[test]
    fn time_range() {
        let (mut t, mut e) = (5, 0);
        assert!(validate_time_range(&mut t, &mut e));
        assert_eq!((t, e), (5, 5));
        let (mut t, mut e) = (9, 3);
        assert!(validate_time_range(&mut t, &mut e));
        assert_eq!((t, e), (3, 9));
        let (mut t, mut e) = (0, 0);
        assert!(!validate_time_range(&mut t, &mut e));
    }
}
