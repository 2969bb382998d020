//! `GET /api/health` (and `HEAD`): `pkg/api/health.go` `apiHealthHandler`,
//! served by a middleware before authentication (see
//! [`crate::api::dispatch`]).

use axum::response::Response;
use serde_json::{Map, Value};

use crate::api::respond;
use crate::app::App;

/// 200 pretty-printed `{"database": "ok", "version", "commit"}` with
/// `Content-Type: application/json; charset=UTF-8`, no auth, no org
/// handling. Grafana 11+ writes a `healthResponse` struct, so the keys come
/// in field order (database, version, commit), with `enterpriseCommit`
/// (omitempty) last on Enterprise builds (fidelity audit H1). The
/// emulator's database never fails, so the 503 `"database": "failing"` case
/// never happens.
pub(crate) fn get(app: &App) -> Response {
    let s = &app.settings;
    let mut m = Map::new();
    m.insert("database".into(), Value::String("ok".into()));
    m.insert("version".into(), Value::String(s.version.clone()));
    m.insert("commit".into(), Value::String(s.commit.clone()));
    if s.enterprise {
        m.insert("enterpriseCommit".into(), Value::String(s.commit.clone()));
    }
    let body = serde_json::to_vec_pretty(&Value::Object(m)).unwrap_or_default();
    respond::raw(200, "application/json; charset=UTF-8", body)
}

/// The routes of this area. `/api/health` is answered before authentication
/// (see [`crate::api::dispatch`]); the table entry lists it and serves `HEAD`.
pub(crate) const ROUTES: &[crate::routes::Route] =
    &[crate::routes::Route::new("GET", "/api/health", |ctx| {
        Ok(get(ctx.app))
    })];
