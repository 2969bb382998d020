//! `api.raw()`: any endpoint, including those the crate has no method for yet.

use http::Method;
use serde::Serialize;
use serde_json::Value;

use crate::call::{Call, Client, Endpoint, Request};
use crate::error::Error;
use crate::path::ApiPath;

/// `api.raw()`: requests to any path, answered as JSON (or your own type via
/// [`Call::json`]).
///
/// The path is relative to the base URL (`api/org`, or `/api/org`: a leading
/// slash is ignored, so a sub-path such as `/grafana/` is kept). It is split
/// at `/` and each piece is percent-encoded as one segment: pass segments
/// unencoded, and put the query in [`Call::param`] rather than in the path.
/// A trailing `/` is kept; empty, `.` and `..` segments are refused.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// let org = api.raw().get("api/org").await?;               // serde_json::Value
/// let hits = api.raw().get("api/search").param("query", "cpu & mem").await?;
/// #[derive(serde::Deserialize)]
/// struct Org { id: i64, name: String }
/// let typed: Org = api.raw().get("api/org").json().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Raw<C> {
    client: C,
}

impl<C: Client> Raw<C> {
    pub(crate) fn new(client: C) -> Self {
        Raw { client }
    }

    /// A request with any method.
    pub fn request(&self, method: Method, path: &str) -> Call<C, RawRequest> {
        let request = Request {
            path: RawRequest::path(path),
            ..Request::new(method, ApiPath::root())
        };
        Call::new(&self.client, RawRequest { request })
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Call<C, RawRequest> {
        self.request(Method::GET, path)
    }

    /// `POST path`.
    pub fn post(&self, path: &str) -> Call<C, RawRequest> {
        self.request(Method::POST, path)
    }

    /// `PUT path`.
    pub fn put(&self, path: &str) -> Call<C, RawRequest> {
        self.request(Method::PUT, path)
    }

    /// `PATCH path`.
    pub fn patch(&self, path: &str) -> Call<C, RawRequest> {
        self.request(Method::PATCH, path)
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str) -> Call<C, RawRequest> {
        self.request(Method::DELETE, path)
    }
}

/// A request built through [`Raw`].
#[derive(Debug)]
pub struct RawRequest {
    request: Request,
}

impl RawRequest {
    fn path(path: &str) -> crate::Result<ApiPath> {
        let trimmed = path.strip_prefix('/').unwrap_or(path);
        if trimmed.contains(['?', '#']) {
            return Err(Error::invalid_argument(
                "path",
                "holds `?` or `#`: pass query pairs with `.param()`",
            ));
        }
        let (segments, trailing) = match trimmed.strip_suffix('/') {
            Some(inner) if !inner.is_empty() => (inner, true),
            _ => (trimmed, false),
        };
        let mut b = ApiPath::root();
        for segment in segments.split('/') {
            b = b.param("path", segment);
        }
        if trailing {
            b = b.trailing_slash();
        }
        b.finish()
    }
}

impl<C: Client> Call<C, RawRequest> {
    /// Adds a query pair (form-encoded; repeat for repeated keys).
    pub fn param(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.endpoint
            .request
            .query
            .push((key.into(), value.to_string()));
        self
    }

    /// Sets the JSON body.
    pub fn body(self, body: &(impl Serialize + ?Sized)) -> Self {
        self.map_request(|r| r.json(body))
    }

    /// Accepts a `text/*` answer as a JSON string (use with `.json::<String>()`).
    pub fn text(self) -> Self {
        self.map_request(Request::text)
    }

    fn map_request(mut self, f: impl FnOnce(Request) -> Request) -> Self {
        self.endpoint.request = f(self.endpoint.request);
        self
    }
}

impl Endpoint for RawRequest {
    type Output = Value;
    fn into_request(self) -> Request {
        self.request
    }
}
