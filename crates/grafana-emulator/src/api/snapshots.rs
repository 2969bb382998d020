//! Dashboard snapshots (behavior.md §2, Grafana 11/12 behaviour):
//! `POST /api/snapshots`, `GET/DELETE /api/snapshots/{key}`,
//! `GET /api/snapshots-delete/{deleteKey}`, `GET /api/dashboard/snapshots`,
//! `GET /api/snapshot/shared-options`.
//!
//! Sources: `pkg/api/dashboard_snapshot.go`,
//! `pkg/services/dashboardsnapshots/service.go`, `.../database/database.go`.
//!
//! **Expiry and cleanup.** Grafana answers GET with 404 `Dashboard snapshot
//! not found` once `expires` has passed, and a cleanup job deletes expired
//! rows every 10 minutes; until then they are still listed and deletable. The
//! emulator has no background job: every snapshot request first deletes the
//! rows that expired at least [`CLEANUP_INTERVAL_SECS`] ago (by which time
//! Grafana's job has certainly run), so between expiry and that point the
//! snapshot is listed and deletable but not readable, as in Grafana right
//! before its cleanup runs.
//!
//! **External snapshots.** The emulator never contacts
//! `external_snapshot_url`: with `external: true` (and external snapshots
//! enabled) it stores the snapshot as external, with an empty dashboard and
//! `externalUrl` = `<external_snapshot_url>/dashboard/snapshot/<key>`, exactly
//! what Grafana stores after a successful remote call. Remote failures (502)
//! are not emulated; deleting an external snapshot always succeeds remotely.

use axum::http::{header, HeaderValue};
use serde_json::{json, Map, Value};

use super::{ApiResult, Ctx};
use crate::api::{body, respond};
use crate::auth::{Caller, Identity};
use crate::clock::{rfc3339, ZERO_TIME};
use crate::role::{allows, Action, Evaluator, Role};
use crate::routes::Route;
use crate::state::{Snapshot, State};
use crate::token::random_alnum;

/// The routes of this area.
pub(crate) const ROUTES: &[Route] = &[
    Route::new("POST", "/api/snapshots", create),
    Route::new("GET", "/api/snapshots/{key}", get),
    Route::new("DELETE", "/api/snapshots/{key}", delete),
    Route::new(
        "GET",
        "/api/snapshots-delete/{deleteKey}",
        delete_by_delete_key,
    ),
    Route::new("GET", "/api/dashboard/snapshots", list),
    Route::new("GET", "/api/snapshot/shared-options", shared_options),
];

/// Grafana's cleanup job interval (`pkg/services/cleanup`): an expired
/// snapshot is deleted at most this long after it expires.
///
/// Grafana answers `GET /api/snapshots/{key}` with 404 `Dashboard snapshot
/// not found` as soon as `expires` has passed, but keeps listing the row (and
/// lets it be deleted) until its cleanup job runs. The emulator has no
/// background job: each snapshot request first deletes the snapshots that
/// expired at least this many seconds ago on the test clock. Between expiry
/// and that point a snapshot is listed and deletable but not readable, as in
/// Grafana just before its cleanup runs; afterwards every lookup is a plain
/// not-found.
pub const CLEANUP_INTERVAL_SECS: i64 = 600;

/// "Never expires" is stored as now + 50 years of 365 days.
const FIFTY_YEARS_SECS: i64 = 50 * 365 * 86_400;

const DELETED_MESSAGE: &str =
    "Snapshot deleted. It might take an hour before it's cleared from any CDN caches.";

fn disabled() -> axum::response::Response {
    respond::message(403, "Dashboard Snapshots are disabled")
}

fn not_found_errutil() -> axum::response::Response {
    respond::errutil(404, "Snapshot not found", "dashboardsnapshots.not-found")
}

/// Deletes rows Grafana's cleanup job would have deleted by now.
fn purge(st: &mut State, now: i64) {
    st.snapshots.retain(|_, s| !purgeable(s, now));
}

/// Whether [`purge`] would remove `s` at `now`.
fn purgeable(s: &Snapshot, now: i64) -> bool {
    s.expires.saturating_add(CLEANUP_INTERVAL_SECS) <= now
}

/// Whether [`purge`] would remove anything at `now`.
fn needs_purge(st: &State, now: i64) -> bool {
    st.snapshots.values().any(|s| purgeable(s, now))
}

/// `POST /api/snapshots`.
///
/// Order of checks (newest Grafana): 401 unless signed in or `public_mode`;
/// 400 `bad request data` (with `traceID`) when the body does not bind or has
/// no object `dashboard`; 403 `forbidden` without `snapshots:create` and
/// `dashboards:read` (skipped in public mode); 403 disabled; 403 external
/// disabled; for a signed-in caller, 400 `Unique identifier needed to be able
/// to get a dashboard` when `dashboard.uid` is missing and 400 `Dashboard not
/// found` when no dashboard of the caller's org has it (an anonymous
/// public-mode caller skips both); 500 `Failed to create snapshot` when a
/// given `key` or `deleteKey` is already used (unique index).
///
/// 200 `{"key","deleteKey","url","deleteUrl"}` (no `id`, Grafana 11+).
pub(crate) fn create(ctx: &Ctx) -> ApiResult {
    let s = &ctx.app.settings;
    let public = s.snapshots_public_mode;
    let who: Option<&Identity> = match &ctx.caller {
        Caller::Signed(id) => Some(id),
        _ if public => None,
        _ => return Err(ctx.signed_in().err().unwrap_or_else(respond::unauthorized)),
    };
    let bad = || respond::message_with_trace(400, "bad request data");
    let body = body::parse_object(ctx.body).ok_or_else(bad)?;
    let Some(Value::Object(dashboard)) = body.get("dashboard") else {
        return Err(bad());
    };
    let mut dashboard = dashboard.clone();
    let name = body::str_field(&body, "name").ok_or_else(bad)?;
    let expires = body::int_field(&body, "expires").ok_or_else(bad)?;
    let external = body::bool_field(&body, "external").ok_or_else(bad)?;
    let key = body::str_field(&body, "key").ok_or_else(bad)?;
    let delete_key = body::str_field(&body, "deleteKey").ok_or_else(bad)?;
    let dash_uid = match dashboard.get("uid") {
        Some(Value::String(u)) => u.clone(),
        _ => String::new(),
    };

    if let (false, Some(id)) = (public, who) {
        if !(allows(id.role, Action::SNAPSHOTS_CREATE) && allows(id.role, Action::DASHBOARDS_READ))
        {
            return Err(respond::message(403, "forbidden"));
        }
    }
    if !s.snapshots_enabled {
        return Err(disabled());
    }
    if external && !s.external_snapshots_enabled {
        return Err(respond::message(
            403,
            "External dashboard creation is disabled",
        ));
    }

    let mut st = ctx.app.state.write();
    purge(&mut st, ctx.now);
    if let Some(id) = who {
        if dash_uid.is_empty() {
            return Err(respond::message(
                400,
                "Unique identifier needed to be able to get a dashboard",
            ));
        }
        if st.dashboard(id.org_id, &dash_uid).is_none() {
            // `CreateDashboardSnapshot` passes the lookup error to
            // `c.JsonApiErr`, which adds `traceID` (fidelity audit S1).
            return Err(respond::message_with_trace(400, "Dashboard not found"));
        }
    }
    let key = if key.is_empty() {
        random_alnum(32)
    } else {
        key
    };
    let delete_key = if delete_key.is_empty() {
        random_alnum(32)
    } else {
        delete_key
    };
    if st
        .snapshots
        .values()
        .any(|x| x.key == key || x.delete_key == delete_key)
    {
        // `saveAndRespond` → `c.JsonApiErr(500, …, err)`: with `traceID`
        // (`pkg/services/dashboardsnapshots/service.go`; audit S1).
        return Err(respond::message_with_trace(
            500,
            "Failed to create snapshot",
        ));
    }
    let root = ctx.app.root_url();
    let (url, external_url, stored) = if external {
        let url = format!(
            "{}/dashboard/snapshot/{key}",
            s.external_snapshot_url.trim_end_matches('/')
        );
        (url.clone(), url, Value::Object(Map::new()))
    } else {
        let mut snap_meta = match dashboard.remove("snapshot") {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        snap_meta.insert("originalUrl".into(), json!(format!("/d/{dash_uid}")));
        dashboard.insert("snapshot".into(), Value::Object(snap_meta));
        (
            format!("{root}dashboard/snapshot/{key}"),
            String::new(),
            Value::Object(dashboard),
        )
    };
    let id = st.alloc_snapshot_id();
    let expires_at = if expires > 0 {
        ctx.now.saturating_add(expires)
    } else {
        ctx.now + FIFTY_YEARS_SECS
    };
    let org_id = match who {
        Some(id) => id.org_id,
        None => crate::state::MAIN_ORG_ID,
    };
    // The `GET /api/snapshots/{key}` answer never changes: serialize it once.
    let get_body = serde_json::to_vec(&json!({
        "meta": snapshot_meta(expires_at, ctx.now),
        "dashboard": crate::json_order::sort_keys(&stored),
    }))
    .unwrap_or_default()
    .into();
    st.snapshots.insert(
        id,
        Snapshot {
            id,
            name: if name.is_empty() {
                "Unnamed snapshot".into()
            } else {
                name
            },
            key: key.clone(),
            delete_key: delete_key.clone(),
            org_id,
            user_id: who.map_or(0, |w| w.id),
            external,
            external_url,
            expires: expires_at,
            created: ctx.now,
            updated: ctx.now,
            get_body,
        },
    );
    Ok(respond::json(
        200,
        &json!({
            "key": key,
            "deleteKey": delete_key,
            "url": url,
            "deleteUrl": format!("{root}api/snapshots-delete/{delete_key}"),
        }),
    ))
}

/// `GET /api/snapshots/{key}`: no auth. 403 disabled; 404 errutil `Snapshot
/// not found` for an unknown key; 404 `Dashboard snapshot not found` once
/// expired; 200 `{"meta","dashboard"}` with `Cache-Control: public,
/// max-age=3600`.
pub(crate) fn get(ctx: &Ctx) -> ApiResult {
    if !ctx.app.settings.snapshots_enabled {
        return Err(disabled());
    }
    // Purge first, as before, but under the write lock only when there is
    // something to purge: reads of live snapshots share the read lock.
    if needs_purge(&ctx.app.state.read(), ctx.now) {
        purge(&mut ctx.app.state.write(), ctx.now);
    }
    let st = ctx.app.state.read();
    let snap = st
        .snapshots
        .values()
        .find(|s| s.key == ctx.param())
        .ok_or_else(not_found_errutil)?;
    if snap.expires < ctx.now {
        return Err(respond::message(404, "Dashboard snapshot not found"));
    }
    let mut resp = respond::raw_bytes(200, "application/json", snap.get_body.clone());
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    Ok(resp)
}

/// `DashboardMeta` of a snapshot: only `type`, `isSnapshot`, `created` and
/// `expires` set, everything else at Go's zero values.
fn snapshot_meta(expires: i64, created: i64) -> Value {
    let mut m = Map::new();
    m.insert("isSnapshot".into(), json!(true));
    m.insert("type".into(), json!("snapshot"));
    for k in ["canSave", "canEdit", "canAdmin", "canStar", "canDelete"] {
        m.insert(k.into(), json!(false));
    }
    m.insert("slug".into(), json!(""));
    m.insert("url".into(), json!(""));
    m.insert("expires".into(), json!(rfc3339(expires)));
    m.insert("created".into(), json!(rfc3339(created)));
    m.insert("updated".into(), json!(ZERO_TIME));
    m.insert("updatedBy".into(), json!(""));
    m.insert("createdBy".into(), json!(""));
    m.insert("version".into(), json!(0));
    m.insert("hasAcl".into(), json!(false));
    m.insert("isFolder".into(), json!(false));
    m.insert("folderId".into(), json!(0));
    m.insert("folderUid".into(), json!(""));
    m.insert("folderTitle".into(), json!(""));
    m.insert("folderUrl".into(), json!(""));
    m.insert("provisioned".into(), json!(false));
    m.insert("provisionedExternalId".into(), json!(""));
    m.insert("annotationsPermissions".into(), Value::Null);
    Value::Object(m)
}

/// `DELETE /api/snapshots/{key}`: needs `snapshots:delete` (RBAC 403). 403
/// disabled; 404 errutil for an unknown key; 401 `OrgID mismatch` for a
/// snapshot of another org; 200 `{"id","message"}`.
///
/// Grafana also requires `dashboards:write` on the source dashboard unless
/// the caller created the snapshot; every role holding `snapshots:delete`
/// (Editor, Admin) also holds `dashboards:write` on every dashboard in the
/// emulator, so that check can never fail here.
pub(crate) fn delete(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SNAPSHOTS_DELETE))?;
    if !ctx.app.settings.snapshots_enabled {
        return Err(disabled());
    }
    let mut st = ctx.app.state.write();
    purge(&mut st, ctx.now);
    let snap = st
        .snapshots
        .values()
        .find(|s| s.key == ctx.param())
        .ok_or_else(not_found_errutil)?;
    if snap.org_id != who.org_id {
        return Err(respond::message(401, "OrgID mismatch"));
    }
    let id = snap.id;
    st.snapshots.remove(&id);
    Ok(respond::json(
        200,
        &json!({"id": id, "message": DELETED_MESSAGE}),
    ))
}

/// `GET /api/snapshots-delete/{deleteKey}`: any signed-in caller of any org
/// (anyone in public mode). 403 disabled; 404 plain `{"message":"Snapshot not
/// found"}`; 200 `{"message"}` (no `id` in Grafana 11+).
pub(crate) fn delete_by_delete_key(ctx: &Ctx) -> ApiResult {
    if !ctx.app.settings.snapshots_public_mode {
        ctx.signed_in()?;
    }
    if !ctx.app.settings.snapshots_enabled {
        return Err(disabled());
    }
    let mut st = ctx.app.state.write();
    purge(&mut st, ctx.now);
    let id = st
        .snapshots
        .values()
        .find(|s| s.delete_key == ctx.param())
        .map(|s| s.id)
        .ok_or_else(|| respond::message(404, "Snapshot not found"))?;
    st.snapshots.remove(&id);
    Ok(respond::json(200, &json!({"message": DELETED_MESSAGE})))
}

/// `GET /api/dashboard/snapshots?query&limit`: needs `snapshots:read`; 403
/// disabled. An org Admin sees every snapshot of the org, anyone else only
/// their own. `query` is matched like SQL `name LIKE ?` with no added
/// wildcards (`%` any run, `_` one character, ASCII case-insensitive as in
/// SQLite/MySQL); empty = no filter. `limit` missing, 0 or non-numeric → 1000,
/// no upper cap, no paging. Ordered by id (insertion). Expired snapshots stay
/// listed until cleaned up (see the module docs).
pub(crate) fn list(ctx: &Ctx) -> ApiResult {
    let who = ctx.require(Evaluator::One(Action::SNAPSHOTS_READ))?;
    if !ctx.app.settings.snapshots_enabled {
        return Err(disabled());
    }
    let query = ctx.query.get("query").unwrap_or("");
    let limit = match ctx.query.int("limit") {
        l if l <= 0 => 1000,
        l => l,
    };
    let mut st = ctx.app.state.write();
    purge(&mut st, ctx.now);
    let out: Vec<Value> = st
        .snapshots
        .values()
        .filter(|s| s.org_id == who.org_id)
        .filter(|s| who.role == Some(Role::Admin) || s.user_id == who.id)
        .filter(|s| query.is_empty() || sql_like(&s.name, query))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|s| {
            json!({
                "id": s.id,
                "name": s.name,
                "key": s.key,
                "orgId": s.org_id,
                "userId": s.user_id,
                "external": s.external,
                "externalUrl": s.external_url,
                "expires": rfc3339(s.expires),
                "created": rfc3339(s.created),
                "updated": rfc3339(s.updated),
            })
        })
        .collect();
    Ok(respond::json(200, &Value::Array(out)))
}

/// `GET /api/snapshot/shared-options`: any signed-in caller; not gated by
/// `enabled`. Keys sorted as Go writes a `DynMap`.
pub(crate) fn shared_options(ctx: &Ctx) -> ApiResult {
    ctx.signed_in()?;
    let s = &ctx.app.settings;
    Ok(respond::json(
        200,
        &json!({
            "externalEnabled": s.external_snapshots_enabled,
            "externalSnapshotName": s.external_snapshot_name,
            "externalSnapshotURL": s.external_snapshot_url,
            "snapshotEnabled": s.snapshots_enabled,
        }),
    ))
}

/// SQL `LIKE` without an escape character: `%` = any run, `_` = exactly one
/// character, other characters compared ASCII-case-insensitively.
pub(crate) fn sql_like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Iterative matcher with backtracking on the last `%`.
    let (mut ti, mut pi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || (p[pi] != '%' && p[pi] == t[ti])) {
            ti += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '%' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::sql_like;

    #[test]
    fn like_semantics() {
        assert!(sql_like("foo", "foo"));
        assert!(sql_like("FOO", "foo"));
        assert!(!sql_like("foobar", "foo"));
        assert!(sql_like("foobar", "foo%"));
        assert!(sql_like("foobar", "%bar"));
        assert!(sql_like("foobar", "%OB%"));
        assert!(sql_like("fab", "f_b"));
        assert!(!sql_like("fb", "f_b"));
        assert!(sql_like("", "%"));
        assert!(!sql_like("", "_"));
        assert!(sql_like("a%b", "a%b"));
        assert!(sql_like("axxbyyb", "a%b"));
    }
}
