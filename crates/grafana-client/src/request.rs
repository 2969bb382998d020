//! Request descriptions: [`Request`] (method, encoded path, query, headers,
//! JSON body) and the [`Endpoint`] trait that produces one, with its two
//! ready-made implementations [`Plain`] and [`As`].
//!
//! This is the bottom layer of the client, in the position of kube-core's
//! `Request`: nothing here performs I/O or knows which client will send the
//! request. The transport ([`Core`](crate::transport)) turns a `Request` into
//! HTTP; the clients decide how the caller waits for it.

use std::marker::PhantomData;

use bytes::Bytes;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::path::{ApiPath, PathBuilder};

/// What a response body is expected to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// JSON (the default); an empty body decodes as `null`.
    Json,
    /// Text when the server says `text/*`, JSON otherwise.
    Text,
    /// JSON, and a 400 whose body has a `results` object is an answer, not
    /// an error: `/api/ds/query` reports per-refId failures that way
    /// (Grafana's `pkg/api/ds_query.go`, `toJsonStreamingResponse`).
    QueryResults,
}

/// A request, fully described but not sent: method, encoded path, query and
/// JSON body. Produced by every [`Endpoint`]; see
/// [`Call::into_request`](crate::Call::into_request).
///
/// Its `Debug` shows the body's size, not its content, which may hold
/// passwords.
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: Result<ApiPath>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Result<Bytes>>,
    pub(crate) headers: Vec<(http::HeaderName, http::HeaderValue)>,
    pub(crate) expect: Expect,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = match &self.body {
            None => "none".to_owned(),
            Some(Ok(b)) => format!("{} bytes of JSON", b.len()),
            Some(Err(e)) => format!("not serializable: {e}"),
        };
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &body)
            .field("headers", &headers)
            .finish()
    }
}

impl Request {
    pub(crate) fn new(method: Method, path: PathBuilder) -> Self {
        Request {
            method,
            path: path.finish(),
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            expect: Expect::Json,
        }
    }

    pub(crate) fn get(path: PathBuilder) -> Self {
        Self::new(Method::GET, path)
    }

    pub(crate) fn post(path: PathBuilder) -> Self {
        Self::new(Method::POST, path)
    }

    pub(crate) fn delete(path: PathBuilder) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Adds a query pair.
    pub(crate) fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Adds a query pair when the value is present.
    pub(crate) fn query_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Sets a JSON body.
    pub(crate) fn json(mut self, body: &(impl Serialize + ?Sized)) -> Self {
        self.body =
            Some(serde_json::to_vec(body).map(Bytes::from).map_err(|e| {
                Error::invalid_argument("body", format!("cannot be serialized: {e}"))
            }));
        self
    }

    /// Sets a JSON body, or keeps the error that preparing it gave.
    pub(crate) fn try_json(self, body: Result<impl Serialize>) -> Self {
        match body {
            Ok(body) => self.json(&body),
            Err(e) => Request {
                body: Some(Err(e)),
                ..self
            },
        }
    }

    /// Adds a header this endpoint needs (e.g. `X-Disable-Provenance`).
    pub(crate) fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((
            http::HeaderName::from_static(name),
            http::HeaderValue::from_static(value),
        ));
        self
    }

    /// Accepts a `text/*` response as text.
    pub(crate) fn text(mut self) -> Self {
        self.expect = Expect::Text;
        self
    }

    /// Accepts a 400 that carries per-refId `results` as the answer.
    pub(crate) fn query_results(mut self) -> Self {
        self.expect = Expect::QueryResults;
        self
    }

    /// HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Path relative to the base URL (`api/...`), or the argument error that
    /// will be returned instead of sending.
    pub fn path(&self) -> std::result::Result<&str, &Error> {
        self.path.as_ref().map(ApiPath::encoded)
    }

    /// Query pairs, unencoded.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Headers this endpoint adds to the client's (authentication and org
    /// headers are added when sending).
    pub fn headers(&self) -> &[(http::HeaderName, http::HeaderValue)] {
        &self.headers
    }

    /// JSON body bytes, if any.
    pub fn body(&self) -> Option<&[u8]> {
        match &self.body {
            Some(Ok(b)) => Some(b),
            _ => None,
        }
    }

    /// Whether a `text/*` answer is returned as text instead of being
    /// decoded as JSON.
    pub fn accepts_text(&self) -> bool {
        self.expect == Expect::Text
    }

    /// Whether a 400 that carries per-refId `results` is returned as the
    /// answer instead of an error (`/api/ds/query`).
    pub fn accepts_query_results(&self) -> bool {
        self.expect == Expect::QueryResults
    }
}

/// One API operation: how to build its request and what it returns.
///
/// The crate's methods return [`Call`](crate::Call)s over endpoint types; implement this
/// trait only to add operations of your own (or use [`crate::Raw`]).
pub trait Endpoint: Send + 'static {
    /// The decoded response.
    type Output: DeserializeOwned + Send + 'static;

    /// The request to send.
    fn into_request(self) -> Request;
}

/// An endpoint without optional arguments: a prepared request and its output type.
pub struct Plain<T> {
    request: Request,
    _output: PhantomData<fn() -> T>,
}

impl<T> Plain<T> {
    pub(crate) fn new(request: Request) -> Self {
        Plain {
            request,
            _output: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Plain<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Plain").field(&self.request).finish()
    }
}

impl<T: DeserializeOwned + Send + 'static> Endpoint for Plain<T> {
    type Output = T;
    fn into_request(self) -> Request {
        self.request
    }
}

/// An endpoint whose response is decoded as `U` instead of its own type
/// (see [`Call::json`](crate::Call::json)).
#[derive(Debug)]
pub struct As<E, U> {
    inner: E,
    _output: PhantomData<fn() -> U>,
}

impl<E, U> As<E, U> {
    /// `inner`'s request, its answer decoded as `U`.
    pub(crate) fn new(inner: E) -> Self {
        As {
            inner,
            _output: PhantomData,
        }
    }
}

impl<E: Endpoint, U: DeserializeOwned + Send + 'static> Endpoint for As<E, U> {
    type Output = U;
    fn into_request(self) -> Request {
        self.inner.into_request()
    }
}
