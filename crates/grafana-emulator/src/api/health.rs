//! `GET /api/health` (`pkg/api/http_server.go` `apiHealthHandler`).

use axum::response::Response;
use serde_json::{Map, Value};

use crate::api::respond;
use crate::app::App;

/// 200 pretty-printed `{"commit", "database": "ok", "version"}` with
/// `Content-Type: application/json; charset=UTF-8`, no auth, no org handling.
/// Keys are sorted as Grafana's `simplejson` writes them. The emulator's
/// database never fails, so the 503 `"database": "failing"` case never
/// happens.
pub(crate) fn get(app: &App) -> Response {
    let mut m = Map::new();
    m.insert("commit".into(), Value::String(app.settings.commit.clone()));
    m.insert("database".into(), Value::String("ok".into()));
    m.insert(
        "version".into(),
        Value::String(app.settings.version.clone()),
    );
    let body = serde_json::to_vec_pretty(&Value::Object(m)).unwrap_or_default();
    respond::raw(200, "application/json; charset=UTF-8", body)
}

/// The routes of this area. `/api/health` is answered before authentication
/// (see [`crate::api::dispatch`]); the table entry lists it and serves `HEAD`.
pub(crate) const ROUTES: &[crate::routes::Route] =
    &[crate::routes::Route::new("GET", "/api/health", |ctx| {
        Ok(get(ctx.app))
    })];
