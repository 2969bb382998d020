//! The emulated Grafana HTTP API: routing to one module per API area.
//!
//! Handlers return `Result<Response, Response>` so that `?` can return an
//! error response early. A `Response` is large, which clippy flags; the cost
//! is irrelevant here (one per request), so the lint is allowed for the API.
#![allow(clippy::result_large_err)]

use axum::http::HeaderMap;
use axum::response::Response;

use crate::app::App;
use crate::auth::{self, Caller, Identity};
use crate::role::Evaluator;
use crate::routes::{self, RouteId};

mod dashboards;
mod folders;
mod frontend;
mod health;
mod org;
mod search;
mod service_accounts;
mod snapshots;
pub(crate) mod util;

pub use snapshots::CLEANUP_INTERVAL_SECS;
use util::Query;

/// One request, after routing and authentication.
pub(crate) struct Ctx<'a> {
    pub(crate) app: &'a App,
    /// Decoded path parameters, in template order.
    pub(crate) params: Vec<String>,
    pub(crate) query: Query,
    pub(crate) body: &'a [u8],
    pub(crate) caller: Caller,
    /// The test clock, Unix seconds.
    pub(crate) now: i64,
}

impl Ctx<'_> {
    /// The first path parameter.
    pub(crate) fn param(&self) -> &str {
        self.params.first().map(String::as_str).unwrap_or("")
    }

    /// The signed-in caller, or the 401 a protected route gives.
    pub(crate) fn signed_in(&self) -> Result<&Identity, Response> {
        self.caller.signed_in()
    }

    /// Signed in and allowed by `ev` (RBAC `authorize` middleware); 401 or
    /// the 403 access-denied body otherwise.
    pub(crate) fn require(&self, ev: Evaluator) -> Result<&Identity, Response> {
        let id = self.signed_in()?;
        if ev.allows(id.role) {
            Ok(id)
        } else {
            Err(util::rbac_denied(ev))
        }
    }
}

/// Handles one request synchronously. `raw_path` is the path as received.
pub(crate) fn dispatch(
    app: &App,
    method: &str,
    raw_path: &str,
    raw_query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let segments = routes::split_path(raw_path);
    if segments.first().map(String::as_str) != Some("api") {
        // Outside /api Grafana serves its web app; unknown pages are an HTML 404.
        return util::raw(
            404,
            "text/html; charset=UTF-8",
            b"<!DOCTYPE html><html><head><title>Grafana</title></head><body>Page not found</body></html>".to_vec(),
        );
    }
    let Some(matched) = routes::match_route(method, &segments) else {
        return util::not_found_route();
    };
    if matched.id == RouteId::Health {
        // Served by a middleware before authentication and org handling.
        return health::get(app);
    }
    let query = Query(util::parse_query(raw_query));
    let now = app.clock.now_secs();
    let caller = auth::authenticate(&app.state.read(), headers, &query, now);
    let ctx = Ctx {
        app,
        params: matched.params,
        query,
        body,
        caller,
        now,
    };
    let result = match matched.id {
        RouteId::Health => Ok(health::get(app)),
        RouteId::FrontendSettings => frontend::settings(&ctx),
        RouteId::CurrentOrg => org::current(&ctx),
        RouteId::FolderList => folders::list(&ctx),
        RouteId::FolderCreate => folders::create(&ctx),
        RouteId::FolderGet => folders::get(&ctx),
        RouteId::FolderUpdate => folders::update(&ctx),
        RouteId::FolderDelete => folders::delete(&ctx),
        RouteId::DashboardSave => dashboards::save(&ctx),
        RouteId::DashboardGet => dashboards::get(&ctx),
        RouteId::DashboardDelete => dashboards::delete(&ctx),
        RouteId::Search => search::search(&ctx),
        RouteId::SnapshotCreate => snapshots::create(&ctx),
        RouteId::SnapshotGet => snapshots::get(&ctx),
        RouteId::SnapshotDelete => snapshots::delete(&ctx),
        RouteId::SnapshotDeleteByDeleteKey => snapshots::delete_by_delete_key(&ctx),
        RouteId::SnapshotList => snapshots::list(&ctx),
        RouteId::SnapshotSharedOptions => snapshots::shared_options(&ctx),
        RouteId::ServiceAccountCreate => service_accounts::create(&ctx),
        RouteId::ServiceAccountSearch => service_accounts::search(&ctx),
        RouteId::ServiceAccountTokenCreate => service_accounts::create_token(&ctx),
    };
    result.unwrap_or_else(|r| r)
}

/// Handler result: `Err` carries an early error response.
pub(crate) type ApiResult = Result<Response, Response>;
