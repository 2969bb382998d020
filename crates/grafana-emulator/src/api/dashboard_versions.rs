//! Dashboard versions: the history every save records, read, restored and
//! compared.
//!
//! Routes:
//! - `GET /api/dashboards/uid/{uid}/versions` (`limit`, `start`, `continueToken`)
//! - `GET /api/dashboards/uid/{uid}/versions/{id}`
//! - `POST /api/dashboards/uid/{uid}/restore` (`{"version": N}`)
//! - `GET /api/dashboards/id/{dashboardId}/versions`
//! - `GET /api/dashboards/id/{dashboardId}/versions/{id}`
//! - `POST /api/dashboards/id/{dashboardId}/restore`
//! - `POST /api/dashboards/calculate-diff` (`diffType` `basic`, `json` or `delta`)
//!
//! Sources: `pkg/api/dashboard.go` (`GetDashboardVersions`,
//! `GetDashboardVersion`, `RestoreDashboardVersion`, `CalculateDashboardDiff`),
//! `pkg/api/api.go` `registerRoutes` (every route needs `dashboards:write`),
//! `pkg/services/dashboardversion/model.go` (`DashboardVersionMeta` keys) and
//! `pkg/services/dashboardversion/dashverimpl/dashver.go` (the k8s-backed
//! history of Grafana 12: default limit 1000, version ids equal to version
//! numbers, `continueToken` paging).
//!
//! Release differences emulated:
//! - before 11.6 the list is a bare JSON array and `start` skips versions;
//!   from 11.6 it is `{"versions": [...], "continueToken": "..."}`; from 12
//!   (history in the k8s store) `start` is ignored and pages follow
//!   `continueToken`, and each listed version carries its `data`;
//! - Grafana 13 reads versions by uid only: the id forms of the two reads
//!   answer 400 `uid is required` (newest `GetDashboardVersions` /
//!   `GetDashboardVersion`); restore by id is still served;
//! - Grafana 13 has no `CalculateDashboardDiff` handler: the diff route is
//!   the API's 404.
//!
//! The store also keeps each dashboard's managed permissions (the
//! `/api/dashboards/{uid|id}/{..}/permissions` routes of the dashboards area),
//! keyed by dashboard id like the history.

use std::collections::BTreeMap;

use base64::Engine;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::dashboards::{self, SaveCmd};
use super::{ApiResult, Ctx};
use crate::api::respond;
use crate::clock::rfc3339;
use crate::role::{Action, Evaluator};
use crate::routes::Route;
use crate::state::State;
use crate::store::Table;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("GET", "/api/dashboards/uid/{uid}/versions", list_by_uid),
    Route::new("GET", "/api/dashboards/uid/{uid}/versions/{id}", get_by_uid),
    Route::new("POST", "/api/dashboards/uid/{uid}/restore", restore_by_uid),
    Route::new(
        "GET",
        "/api/dashboards/id/{dashboardId}/versions",
        list_by_id,
    ),
    Route::new(
        "GET",
        "/api/dashboards/id/{dashboardId}/versions/{id}",
        get_by_id,
    ),
    Route::new(
        "POST",
        "/api/dashboards/id/{dashboardId}/restore",
        restore_by_id,
    ),
    Route::new("POST", "/api/dashboards/calculate-diff", calculate_diff),
];

/// `dashboards:write`: every version route's `authorize` in `registerRoutes`.
const DASHBOARDS_WRITE: Action = Action::DASHBOARDS_WRITE;

/// Grafana's default page size when `limit` is 0 (`dashverimpl.Service.List`).
const DEFAULT_LIMIT: usize = 1000;

/// One stored version of a dashboard.
#[derive(Debug, Clone)]
pub(crate) struct DashVersion {
    /// Row id (what Grafana before 12 reports as `id`).
    pub(crate) id: i64,
    pub(crate) org_id: i64,
    pub(crate) dashboard_id: i64,
    pub(crate) dashboard_uid: String,
    pub(crate) parent_version: i64,
    pub(crate) restored_from: i64,
    pub(crate) version: i64,
    /// Unix seconds.
    pub(crate) created: i64,
    /// Login (service account: name) of who saved it.
    pub(crate) created_by: String,
    pub(crate) message: String,
    /// The dashboard JSON of this version (with `id`, `uid`, `version`), as
    /// the dashboard's stored bytes: shared with the dashboard row, not a
    /// parsed copy, so a long history costs little memory.
    pub(crate) data: Bytes,
}

impl DashVersion {
    /// The version's dashboard JSON, parsed (`null` if the stored bytes are
    /// not JSON, which the emulator never stores).
    pub(crate) fn data_value(&self) -> Value {
        serde_json::from_slice(&self.data).unwrap_or(Value::Null)
    }
}

crate::store::impl_row!(DashVersion, dashboard_uid);

/// One managed permission of a dashboard (a row of
/// `dashboardPermissionsService`): for a user, a team or a basic role.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AclEntry {
    pub(crate) user_id: i64,
    pub(crate) team_id: i64,
    /// `Viewer`, `Editor` or `Admin` for a basic-role entry.
    pub(crate) role: Option<String>,
    /// 1 View, 2 Edit, 4 Admin.
    pub(crate) permission: i64,
    /// Unix seconds.
    pub(crate) created: i64,
    pub(crate) updated: i64,
}

/// This area's stored state (held by [`crate::state::State`]): version
/// history and managed permissions, both keyed by dashboard id (ids are never
/// reused, so a deleted dashboard's rows can never be mistaken for a new
/// one's).
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) versions: Table<DashVersion>,
    /// Dashboard id → its managed permissions.
    pub(crate) acl: BTreeMap<i64, Vec<AclEntry>>,
}

/// What [`record`] stores for one save.
pub(crate) struct NewVersion<'a> {
    pub(crate) org_id: i64,
    pub(crate) dashboard_id: i64,
    pub(crate) dashboard_uid: &'a str,
    pub(crate) version: i64,
    pub(crate) restored_from: i64,
    pub(crate) message: &'a str,
    pub(crate) created_by: &'a str,
    pub(crate) data: Bytes,
    pub(crate) now: i64,
}

/// Records a saved version (every `POST /api/dashboards/db`, restore and
/// seeded dashboard). The parent is the version it replaced (0 for the
/// first), as `dashboardversion` stores it.
pub(crate) fn record(st: &mut State, v: NewVersion<'_>) {
    let id = st.dashboard_versions.versions.alloc_id();
    st.dashboard_versions.versions.insert(DashVersion {
        id,
        org_id: v.org_id,
        dashboard_id: v.dashboard_id,
        dashboard_uid: v.dashboard_uid.to_string(),
        parent_version: (v.version - 1).max(0),
        restored_from: v.restored_from,
        version: v.version,
        created: v.now,
        created_by: v.created_by.to_string(),
        message: v.message.to_string(),
        data: v.data,
    });
}

/// Drops a deleted dashboard's history and permissions.
pub(crate) fn forget(st: &mut State, dashboard_id: i64) {
    st.dashboard_versions
        .versions
        .retain(|v| v.dashboard_id != dashboard_id);
    st.dashboard_versions.acl.remove(&dashboard_id);
}

/// The versions of one dashboard, newest first.
fn history(st: &State, org_id: i64, dashboard_id: i64) -> Vec<&DashVersion> {
    let mut v: Vec<&DashVersion> = st
        .dashboard_versions
        .versions
        .in_org(org_id)
        .filter(|v| v.dashboard_id == dashboard_id)
        .collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.version));
    v
}

/// The version's `id` as the emulated release reports it: Grafana 12 lists
/// history from the k8s store, where the id is the version number
/// (`unstructuredToLegacyDashboardVersionWithUsers`); older releases give
/// the `dashboard_version` row id.
fn version_id(ctx: &Ctx, v: &DashVersion) -> i64 {
    if ctx.version() >= (12, 0) {
        v.version
    } else {
        v.id
    }
}

/// `DashboardVersionMeta` in its Go field order (`dashboardversion/model.go`).
fn version_meta(ctx: &Ctx, v: &DashVersion, message: &str, data: Option<&Value>) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(version_id(ctx, v)));
    m.insert("dashboardId".into(), json!(v.dashboard_id));
    m.insert("uid".into(), json!(v.dashboard_uid));
    m.insert("parentVersion".into(), json!(v.parent_version));
    m.insert("restoredFrom".into(), json!(v.restored_from));
    m.insert("version".into(), json!(v.version));
    m.insert("created".into(), json!(rfc3339(v.created)));
    m.insert("message".into(), json!(message));
    m.insert("data".into(), data.cloned().unwrap_or(Value::Null));
    m.insert("createdBy".into(), json!(v.created_by));
    Value::Object(m)
}

/// The message the list shows for a version (`GetDashboardVersions`): a
/// version restored from itself is "Initial save (created by migration)", a
/// restored one "Restored from version N", the first one "Initial save".
fn listed_message(v: &DashVersion) -> String {
    let mut msg = v.message.clone();
    if v.restored_from == v.version {
        msg = "Initial save (created by migration)".into();
    }
    if v.restored_from > 0 {
        msg = format!("Restored from version {}", v.restored_from);
    }
    if v.parent_version == 0 {
        msg = "Initial save".into();
    }
    msg
}

/// Which dashboard a route names: its uid, or its numeric id on the
/// deprecated `/id/` routes.
enum Target {
    Uid,
    Id,
}

/// The dashboard a version route is about, as `getDashboardHelper` finds it:
/// a non-numeric id is 400 `dashboardId is invalid`, an unknown one 404
/// `Dashboard not found`. Returns (id, uid).
fn find_dashboard(
    ctx: &Ctx,
    org: i64,
    target: &Target,
) -> Result<(i64, String), axum::response::Response> {
    let st = ctx.app.state.read();
    let found = match target {
        Target::Uid => st
            .dashboard(org, ctx.param())
            .map(|d| (d.id, d.uid.clone())),
        Target::Id => {
            let id: i64 = ctx
                .param()
                .parse()
                .map_err(|_| respond::message(400, "dashboardId is invalid"))?;
            st.org_dashboards(org)
                .find(|d| d.id == id)
                .map(|d| (d.id, d.uid.clone()))
        }
    };
    found.ok_or_else(|| respond::message(404, "Dashboard not found"))
}

/// Grafana 13 serves the version reads by uid only (newest
/// `GetDashboardVersions`/`GetDashboardVersion`: no `:uid` → 400).
fn uid_required(ctx: &Ctx, target: &Target) -> Result<(), axum::response::Response> {
    if matches!(target, Target::Id) && ctx.version() >= (13, 0) {
        return Err(respond::message(400, "uid is required"));
    }
    Ok(())
}

/// `GET /api/dashboards/uid/{uid}/versions`.
fn list_by_uid(ctx: &Ctx) -> ApiResult {
    list(ctx, Target::Uid)
}

/// `GET /api/dashboards/id/{dashboardId}/versions` (deprecated).
fn list_by_id(ctx: &Ctx) -> ApiResult {
    list(ctx, Target::Id)
}

/// The version list (`GetDashboardVersions`), newest first. `limit` (0 or
/// absent: 1000); before 12, `start` skips that many of the newest; from 12,
/// `continueToken` resumes after the previous page and the answer's
/// `continueToken` is `""` on the last page. An unreadable token is the
/// handler's 404 `No versions found for dashboardId N`.
fn list(ctx: &Ctx, target: Target) -> ApiResult {
    let who = ctx.require(Evaluator::One(DASHBOARDS_WRITE))?;
    uid_required(ctx, &target)?;
    let (dash_id, _) = find_dashboard(ctx, who.org_id, &target)?;
    let k8s = ctx.version() >= (12, 0);
    let paged = ctx.version() >= (11, 6);
    let limit = match ctx.query.int("limit") {
        n if n <= 0 => DEFAULT_LIMIT,
        n => usize::try_from(n).unwrap_or(DEFAULT_LIMIT),
    };
    let offset = if k8s {
        match ctx.query.get("continueToken").filter(|t| !t.is_empty()) {
            None => 0,
            Some(token) => decode_token(token).ok_or_else(|| {
                respond::message(404, &format!("No versions found for dashboardId {dash_id}"))
            })?,
        }
    } else {
        usize::try_from(ctx.query.int("start").max(0)).unwrap_or(0)
    };
    let st = ctx.app.state.read();
    let all = history(&st, who.org_id, dash_id);
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|v| {
            // The k8s history carries each version's spec; the SQL list of
            // older releases selects no data column.
            let data = if k8s { Some(v.data_value()) } else { None };
            version_meta(ctx, v, &listed_message(v), data.as_ref())
        })
        .collect();
    let next = offset + page.len();
    let token = if k8s && next < all.len() {
        encode_token(next)
    } else {
        String::new()
    };
    if !paged {
        return Ok(respond::json(200, &Value::Array(page)));
    }
    Ok(respond::json(
        200,
        &json!({"versions": page, "continueToken": token}),
    ))
}

/// An opaque continue token for the version list (Grafana's are base64 k8s
/// tokens; this one encodes the next position).
fn encode_token(next: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{{\"o\":{next}}}"))
}

fn decode_token(token: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(token)
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    usize::try_from(v.get("o")?.as_u64()?).ok()
}

/// `GET /api/dashboards/uid/{uid}/versions/{id}`.
fn get_by_uid(ctx: &Ctx) -> ApiResult {
    get_one(ctx, Target::Uid)
}

/// `GET /api/dashboards/id/{dashboardId}/versions/{id}` (deprecated).
fn get_by_id(ctx: &Ctx) -> ApiResult {
    get_one(ctx, Target::Id)
}

/// One version with its `data` (`GetDashboardVersion`; `{id}` is the version
/// number). A non-numeric version is `response.Err` of a plain error: 500
/// `Internal Server Error`; an unknown one 500 `Dashboard version N not found
/// for dashboardId D` (the handler's status for any lookup error). The
/// stored message is shown as saved.
fn get_one(ctx: &Ctx, target: Target) -> ApiResult {
    let who = ctx.require(Evaluator::One(DASHBOARDS_WRITE))?;
    uid_required(ctx, &target)?;
    let (dash_id, _) = find_dashboard(ctx, who.org_id, &target)?;
    let version: i64 = ctx
        .param_at(1)
        .parse()
        .map_err(|_| respond::message(500, "Internal Server Error"))?;
    let st = ctx.app.state.read();
    let v = history(&st, who.org_id, dash_id)
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| {
            respond::message(
                500,
                &format!("Dashboard version {version} not found for dashboardId {dash_id}"),
            )
        })?;
    Ok(respond::json(
        200,
        &version_meta(ctx, v, &v.message, Some(&v.data_value())),
    ))
}

/// `RestoreDashboardVersionCommand`: `version` is `binding:"Required"`, so 0
/// or absent is a binding error.
#[derive(Deserialize)]
struct RestoreBody {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    version: i64,
}

/// `POST /api/dashboards/uid/{uid}/restore`.
fn restore_by_uid(ctx: &Ctx) -> ApiResult {
    restore(ctx, Target::Uid)
}

/// `POST /api/dashboards/id/{dashboardId}/restore` (deprecated; still served
/// by Grafana 13's `RestoreDashboardVersion`).
fn restore_by_id(ctx: &Ctx) -> ApiResult {
    restore(ctx, Target::Id)
}

/// `RestoreDashboardVersion`: binding (400 `bad request data`), the
/// dashboard (400 `dashboardId is invalid`, 404 `Dashboard not found`), the
/// version (404 `Dashboard version not found`), 400 `Current dashboard is
/// identical to the specified version` when nothing but `id`, `uid` and
/// `version` differs; then the version's JSON is saved over the current one
/// (its version number, so never a conflict) in the same folder, with the
/// message `Restored from version N`, and the answer is the save's.
fn restore(ctx: &Ctx, target: Target) -> ApiResult {
    let who = ctx.require(Evaluator::One(DASHBOARDS_WRITE))?;
    let body: RestoreBody = ctx.body_json()?;
    if body.version == 0 {
        return Err(respond::message_with_trace(400, "bad request data"));
    }
    let (dash_id, uid) = find_dashboard(ctx, who.org_id, &target)?;
    let (data, folder_uid, current_version, current) = {
        let st = ctx.app.state.read();
        let v = history(&st, who.org_id, dash_id)
            .into_iter()
            .find(|v| v.version == body.version)
            .ok_or_else(|| respond::message(404, "Dashboard version not found"))?;
        let d = st
            .dashboard(who.org_id, &uid)
            .ok_or_else(|| respond::message(404, "Dashboard not found"))?;
        let current: Value = serde_json::from_slice(&d.data_json).unwrap_or(Value::Null);
        (v.data_value(), d.folder_uid.clone(), d.version, current)
    };
    if same_content(&data, &current) {
        return Err(respond::message(
            400,
            "Current dashboard is identical to the specified version",
        ));
    }
    let Value::Object(mut dash) = data else {
        return Err(respond::message(500, "Failed to restore dashboard version"));
    };
    dash.insert("version".into(), json!(current_version));
    dash.insert("uid".into(), json!(uid));
    dashboards::save_command(
        ctx,
        who,
        SaveCmd {
            dash,
            folder_uid,
            folder_id: 0,
            message: format!("Restored from version {}", body.version),
            overwrite: false,
            restored_from: body.version,
        },
    )
}

/// `compareDashboardData`: equal once `id`, `uid` and `version` are ignored.
fn same_content(a: &Value, b: &Value) -> bool {
    let strip = |v: &Value| -> Value {
        let mut v = v.clone();
        if let Some(m) = v.as_object_mut() {
            for k in ["id", "uid", "version"] {
                m.remove(k);
            }
        }
        v
    };
    strip(a) == strip(b)
}

/// One side of `dtos.CalculateDiffOptions`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct DiffTarget {
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    dashboard_id: i64,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    version: i64,
}

/// `dtos.CalculateDiffOptions` (`base`, `new` and `diffType` required).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DiffBody {
    base: Option<DiffTarget>,
    new: Option<DiffTarget>,
    #[serde(default, deserialize_with = "crate::api::body::nullable")]
    diff_type: String,
}

/// `POST /api/dashboards/calculate-diff` (`CalculateDashboardDiff`, Grafana
/// 12 and before; Grafana 13 has no such route). Needs `dashboards:write`.
/// Binding with the required fields (400 `bad request data`), then both
/// versions by dashboard id and version number. A missing version is 404
/// `Dashboard version not found` before 12; from 12 the k8s history answers
/// "dashboard not found", which the handler maps to 500 `Unable to compute
/// diff`. `diffType` `delta` answers `application/json`, anything else an
/// HTML fragment (`text/html`): `json` a line diff of the two JSON
/// documents, `basic` the changed top-level keys.
fn calculate_diff(ctx: &Ctx) -> ApiResult {
    if ctx.version() >= (13, 0) {
        return Err(respond::not_found_route());
    }
    let who = ctx.require(Evaluator::One(DASHBOARDS_WRITE))?;
    let body: DiffBody = ctx.body_json()?;
    let (Some(base), Some(new)) = (body.base, body.new) else {
        return Err(respond::message_with_trace(400, "bad request data"));
    };
    if body.diff_type.is_empty() {
        return Err(respond::message_with_trace(400, "bad request data"));
    }
    let missing = || {
        if ctx.version() >= (12, 0) {
            respond::message(500, "Unable to compute diff")
        } else {
            respond::message(404, "Dashboard version not found")
        }
    };
    let st = ctx.app.state.read();
    let find = |t: &DiffTarget| {
        history(&st, who.org_id, t.dashboard_id)
            .into_iter()
            .find(|v| v.version == t.version)
            .map(DashVersion::data_value)
    };
    let base_data = find(&base).ok_or_else(missing)?;
    let new_data = find(&new).ok_or_else(missing)?;
    drop(st);
    match body.diff_type.as_str() {
        "delta" => Ok(respond::json(200, &delta(&base_data, &new_data))),
        "json" => Ok(respond::raw(
            200,
            "text/html",
            json_diff_html(&base_data, &new_data).into_bytes(),
        )),
        _ => Ok(respond::raw(
            200,
            "text/html",
            basic_diff_html(&base_data, &new_data).into_bytes(),
        )),
    }
}

/// The changed top-level keys: `{"key": [old, new]}` (old or new `null` when
/// absent).
fn delta(a: &Value, b: &Value) -> Value {
    let empty = Map::new();
    let am = a.as_object().unwrap_or(&empty);
    let bm = b.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    let mut keys: Vec<&String> = am.keys().chain(bm.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let (x, y) = (am.get(k), bm.get(k));
        if x != y {
            out.insert(
                k.clone(),
                json!([
                    x.cloned().unwrap_or(Value::Null),
                    y.cloned().unwrap_or(Value::Null)
                ]),
            );
        }
    }
    Value::Object(out)
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A summary of the changed top-level keys as an HTML list.
fn basic_diff_html(a: &Value, b: &Value) -> String {
    let mut html = String::from("<div class=\"diff-group\">");
    if let Value::Object(changes) = delta(a, b) {
        for (k, pair) in changes {
            let kind = match (&pair[0], &pair[1]) {
                (Value::Null, _) => "added",
                (_, Value::Null) => "deleted",
                _ => "changed",
            };
            html.push_str(&format!(
                "<div class=\"diff-block diff-{kind}\"><span class=\"diff-key\">{}</span> {kind}</div>",
                escape_html(&k)
            ));
        }
    }
    html.push_str("</div>");
    html
}

/// A line diff (longest common subsequence) of the two documents pretty
/// printed, as HTML lines marked `added`, `deleted` or unchanged.
fn json_diff_html(a: &Value, b: &Value) -> String {
    let pa = serde_json::to_string_pretty(&crate::json_order::sort_keys(a)).unwrap_or_default();
    let pb = serde_json::to_string_pretty(&crate::json_order::sort_keys(b)).unwrap_or_default();
    let la: Vec<&str> = pa.lines().collect();
    let lb: Vec<&str> = pb.lines().collect();
    let (n, m) = (la.len(), lb.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if la[i] == lb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut html = String::from("<div class=\"diff-json\">");
    let line = |html: &mut String, class: &str, text: &str| {
        html.push_str(&format!(
            "<div class=\"diff-line{class}\">{}</div>",
            escape_html(text)
        ));
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && la[i] == lb[j] {
            line(&mut html, "", la[i]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            line(&mut html, " diff-line-added", lb[j]);
            j += 1;
        } else {
            line(&mut html, " diff-line-deleted", la[i]);
            i += 1;
        }
    }
    html.push_str("</div>");
    html
}
