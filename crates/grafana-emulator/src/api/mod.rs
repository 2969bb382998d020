//! The emulated Grafana HTTP API: one module per API area, each with its
//! route table (`ROUTES`) and handlers.
//!
//! Handlers return `Result<Response, Response>` so that `?` can return an
//! error response early. A `Response` is large, which clippy flags; the cost
//! is irrelevant here (one per request), so the lint is allowed for the API.
//!
//! # Adding an area
//!
//! 1. `api/<area>.rs` with `pub(crate) const ROUTES: &[Route]` and handlers
//!    `fn(&Ctx) -> ApiResult`; list it in [`AREAS`].
//! 2. Its state, if any, as a `Store` type in the module, held by
//!    [`crate::state::State`]; CRUD rows live in a [`crate::store::Table`].
//! 3. Its RBAC actions as [`crate::role::Action`] constants in the module.
//! 4. Request bodies as serde types read with [`body::parse`] (Grafana's 400
//!    `bad request data`), answers built with [`respond`].
#![allow(clippy::result_large_err)]

use axum::http::HeaderMap;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::app::App;
use crate::auth::{self, Caller, Identity};
use crate::role::Evaluator;
use crate::routes::{self, Route};

pub(crate) mod acl;
pub(crate) mod body;
pub(crate) mod query;
pub(crate) mod respond;

pub(crate) mod admin;
pub(crate) mod alerting;
pub(crate) mod annotations;
pub(crate) mod apis;
pub(crate) mod dashboard_versions;
pub(crate) mod dashboards;
pub(crate) mod datasource_proxy;
pub(crate) mod datasources;
pub(crate) mod ds_query;
pub(crate) mod folders;
pub(crate) mod frontend;
pub(crate) mod health;
pub(crate) mod library_elements;
pub(crate) mod org;
pub(crate) mod orgs;
pub(crate) mod plugins;
pub(crate) mod preferences;
pub(crate) mod removed;
pub(crate) mod ruler;
pub(crate) mod search;
pub(crate) mod service_accounts;
pub(crate) mod snapshots;
pub(crate) mod teams;
pub(crate) mod user;
pub(crate) mod users;

use query::Query;
pub use snapshots::CLEANUP_INTERVAL_SECS;

/// The route tables of every area (order does not matter: see
/// [`routes::match_route`]).
pub(crate) const AREAS: &[&[Route]] = &[
    health::ROUTES,
    frontend::ROUTES,
    org::ROUTES,
    orgs::ROUTES,
    admin::ROUTES,
    users::ROUTES,
    user::ROUTES,
    preferences::ROUTES,
    teams::ROUTES,
    folders::ROUTES,
    dashboards::ROUTES,
    dashboard_versions::ROUTES,
    search::ROUTES,
    snapshots::ROUTES,
    service_accounts::ROUTES,
    datasources::ROUTES,
    datasource_proxy::ROUTES,
    ds_query::ROUTES,
    annotations::ROUTES,
    library_elements::ROUTES,
    plugins::ROUTES,
    alerting::ROUTES,
    ruler::ROUTES,
    removed::ROUTES,
    apis::ROUTES,
];

/// One request, after routing and authentication.
pub(crate) struct Ctx<'a> {
    pub(crate) app: &'a App,
    /// Decoded path parameters, in template order.
    pub(crate) params: Vec<String>,
    pub(crate) query: Query,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    pub(crate) caller: Caller,
    /// The test clock, Unix seconds.
    pub(crate) now: i64,
}

impl Ctx<'_> {
    /// The first path parameter.
    pub(crate) fn param(&self) -> &str {
        self.param_at(0)
    }

    /// Path parameter `i` (template order), `""` if there is none.
    pub(crate) fn param_at(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or("")
    }

    /// A path parameter as `c.ParamsInt64` reads it: `Err` is the 400 that
    /// the handler gives for a non-numeric id, with `msg` (e.g.
    /// `"id is invalid"`).
    pub(crate) fn param_i64(&self, i: usize, msg: &str) -> Result<i64, Response> {
        self.param_at(i)
            .parse()
            .map_err(|_| respond::message_with_trace(400, msg))
    }

    /// A request header as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body bound into `T` (see [`body::parse`]).
    pub(crate) fn body_json<T: DeserializeOwned>(&self) -> Result<T, Response> {
        body::parse(self.body)
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
            Err(respond::rbac_denied(ev))
        }
    }

    /// A Grafana server admin ("Grafana Admin"): the server-admin routes'
    /// `authorize(ac.EvalPermission(...))` with the fixed server-admin
    /// roles, or `reqGrafanaAdmin`. 401 when not signed in; otherwise the
    /// 403 access-denied body naming `ev`.
    pub(crate) fn require_server_admin(&self, ev: Evaluator) -> Result<&Identity, Response> {
        let id = self.signed_in()?;
        if id.server_admin {
            Ok(id)
        } else {
            Err(respond::rbac_denied(ev))
        }
    }

    /// The emulated Grafana version as `(major, minor)` (from
    /// [`crate::Settings::version`]), for behaviour that differs between
    /// releases.
    pub(crate) fn version(&self) -> (u32, u32) {
        self.app.settings.version_tuple()
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
    let health = segments.len() == 2 && segments[0] == "api" && segments[1] == "health";
    if health && (method == "GET" || method == "HEAD") {
        // Served by a middleware before authentication and org handling.
        return health::get(app);
    }
    let Some(matched) = routes::match_route(method, &segments) else {
        if segments.first().map(String::as_str) == Some("api") {
            return respond::not_found_route();
        }
        // Outside /api Grafana serves its web app; unknown pages are an HTML 404.
        return respond::raw(
            404,
            "text/html; charset=UTF-8",
            b"<!DOCTYPE html><html><head><title>Grafana</title></head><body>Page not found</body></html>".to_vec(),
        );
    };
    let query = Query(query::parse_query(raw_query));
    let now = app.clock.now_secs();
    let caller = auth::authenticate(&app.state.read(), headers, &query, now);
    let ctx = Ctx {
        app,
        params: matched.params,
        query,
        headers,
        body,
        caller,
        now,
    };
    (matched.route.handler)(&ctx).unwrap_or_else(|r| r)
}

/// Handler result: `Err` carries an early error response.
pub(crate) type ApiResult = Result<Response, Response>;
