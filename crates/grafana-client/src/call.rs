//! Request descriptions ([`Request`], [`Endpoint`]) and the [`Call`] that sends
//! one, from the async client (`.await` / `.send().await`) or the blocking client
//! (`.send()`).
//!
//! Every API method is written once, as a function that returns a `Call`. The
//! client type parameter decides how it is sent; nothing else differs.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::path::{ApiPath, PathBuilder};
use crate::retry::RetryPolicy;
use crate::transport::Core;

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
/// JSON body. Produced by every [`Endpoint`]; see [`Call::into_request`].
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
/// The crate's methods return [`Call`]s over endpoint types; implement this
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
/// (see [`Call::json`]).
#[derive(Debug)]
pub struct As<E, U> {
    inner: E,
    _output: PhantomData<fn() -> U>,
}

impl<E: Endpoint, U: DeserializeOwned + Send + 'static> Endpoint for As<E, U> {
    type Output = U;
    fn into_request(self) -> Request {
        self.inner.into_request()
    }
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) org_id: Option<i64>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// A client a [`Call`] can be sent with: [`crate::GrafanaApi`] or
/// [`crate::blocking::GrafanaApi`].
///
/// Both clients have the element accessors as inherent methods; this trait
/// offers them too, for code that is generic over the client.
///
/// ```
/// use grafana_client::{Client, Call, Plain};
/// use grafana_client::models::SnapshotWithMeta;
///
/// fn snapshot_call<C: Client>(api: &C, key: &str) -> Call<C, Plain<SnapshotWithMeta>> {
///     api.snapshots().get_snapshot_by_key(key)
/// }
/// ```
pub trait Client: Clone + Send + Sync + 'static + sealed::Sealed {
    crate::elements::for_each_element!(trait_accessors);

    /// Requests to any path; see [`Raw`](crate::Raw).
    fn raw(&self) -> crate::Raw<Self> {
        crate::Raw::new(self.clone())
    }
}

/// Element accessors with a default body, for the [`Client`] trait.
macro_rules! trait_accessors {
    ($($name:ident => $ty:ident, $doc:literal;)*) => {
        $(
            #[doc = $doc]
            fn $name(&self) -> crate::elements::$ty<Self> {
                crate::elements::$ty::new(self.clone())
            }
        )*
    };
}
use trait_accessors;

pub(crate) mod sealed {
    use super::*;
    pub trait Sealed {
        fn core(&self) -> &Arc<Core>;
        fn default_org_id(&self) -> Option<i64>;
    }
}

/// One API call, ready to send: `.await` it (async client) or `.send()` it
/// (blocking client). Optional arguments are builder methods on it.
///
/// ```no_run
/// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
/// use std::time::Duration;
/// let snapshots = api
///     .snapshots()
///     .get_dashboard_snapshots()
///     .query("weekly")
///     .limit(10)
///     .org_id(2)
///     .timeout(Duration::from_secs(5))
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited or sent"]
pub struct Call<C, E> {
    pub(crate) client: C,
    pub(crate) endpoint: E,
    pub(crate) options: CallOptions,
}

impl<C: std::fmt::Debug, E: std::fmt::Debug> std::fmt::Debug for Call<C, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("client", &self.client)
            .field("endpoint", &self.endpoint)
            .field("options", &self.options)
            .finish()
    }
}

impl<C: Client, E> Call<C, E> {
    /// Acts in this organization (`X-Grafana-Org-Id`) for this call only.
    pub fn org_id(mut self, org_id: i64) -> Self {
        self.options.org_id = Some(org_id);
        self
    }

    /// Overrides the client's total timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry policy for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Allows retrying this call even though its method (POST, PATCH) is not
    /// idempotent. Only for calls that are safe to repeat.
    pub fn retry_non_idempotent(mut self) -> Self {
        let policy = self
            .options
            .retry
            .take()
            .unwrap_or_else(|| self.client.core().default_retry().clone());
        self.options.retry = Some(policy.retry_non_idempotent(true));
        self
    }
}

impl<C: Client, E: Endpoint> Call<C, E> {
    pub(crate) fn new(client: &C, endpoint: E) -> Self {
        Call {
            client: client.clone(),
            endpoint,
            options: CallOptions {
                org_id: client.default_org_id(),
                ..CallOptions::default()
            },
        }
    }

    /// Decodes the response as your own type instead of the crate's model.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// #[derive(serde::Deserialize)]
    /// struct JustTheUrl { url: String }
    /// let dash = serde_json::json!({"uid": "x", "title": "X"});
    /// let created: JustTheUrl = api.snapshots().create_new_snapshot(&dash).json().await?;
    /// # Ok(()) }
    /// ```
    pub fn json<U: DeserializeOwned + Send + 'static>(self) -> Call<C, As<E, U>> {
        Call {
            client: self.client,
            endpoint: As {
                inner: self.endpoint,
                _output: PhantomData,
            },
            options: self.options,
        }
    }

    /// Returns the response as untyped JSON.
    pub fn value(self) -> Call<C, As<E, Value>> {
        self.json()
    }

    /// The request this call would send, without sending it.
    pub fn into_request(self) -> Request {
        self.endpoint.into_request()
    }

    pub(crate) async fn run(self) -> Result<E::Output> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        client
            .core()
            .execute(endpoint.into_request(), &options)
            .await
    }
}

impl<E: Endpoint> Call<crate::GrafanaApi, E> {
    /// Sends the call (the same as `.await`ing it).
    pub async fn send(self) -> Result<E::Output> {
        self.run().await
    }
}

impl<E: Endpoint> IntoFuture for Call<crate::GrafanaApi, E> {
    type Output = Result<E::Output>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<E::Output>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

impl<E: Endpoint> Call<crate::blocking::GrafanaApi, E> {
    /// Sends the call and waits for the answer.
    ///
    /// Works on any thread that is not running async code, including the
    /// closure of `tokio::task::spawn_blocking`. On a thread that is (a tokio
    /// task, the future of `Runtime::block_on` or `#[tokio::main]`) it returns
    /// [`Error::Misuse`] and sends nothing: use the async client there. See
    /// [`crate::blocking`].
    pub fn send(self) -> Result<E::Output> {
        let client = self.client.clone();
        client.block_on(self.run())
    }
}

/// A call whose 404 is an answer, not an error; see [`Call::optional`].
#[derive(Debug)]
pub struct Optional<E> {
    inner: E,
}

impl<C: Client, E: Endpoint> Call<C, E> {
    /// Turns a 404 answer into `Ok(None)` (kube's `get_opt`): for reads of one
    /// object that may not exist. Every other error stays an error; a success
    /// is `Ok(Some(..))`.
    ///
    /// ```no_run
    /// # async fn run(api: grafana_client::GrafanaApi) -> grafana_client::Result<()> {
    /// match api.dashboard().get_dashboard("maybe-gone").optional().await? {
    ///     Some(dash) => println!("{}", dash.dashboard["title"]),
    ///     None => println!("no such dashboard"),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// The blocking client: `api.users().find_user("ana").optional().send()?`.
    pub fn optional(self) -> Call<C, Optional<E>> {
        Call {
            client: self.client,
            endpoint: Optional {
                inner: self.endpoint,
            },
            options: self.options,
        }
    }
}

impl<C: Client, E: Endpoint> Call<C, Optional<E>> {
    /// The request this call would send, without sending it.
    pub fn into_request(self) -> Request {
        self.endpoint.inner.into_request()
    }

    async fn run_optional(self) -> Result<Option<E::Output>> {
        let Call {
            client,
            endpoint,
            options,
        } = self;
        let inner = Call {
            client,
            endpoint: endpoint.inner,
            options,
        };
        match inner.run().await {
            Ok(output) => Ok(Some(output)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl<E: Endpoint> Call<crate::GrafanaApi, Optional<E>> {
    /// Sends the call (the same as `.await`ing it); a 404 is `Ok(None)`.
    pub async fn send(self) -> Result<Option<E::Output>> {
        self.run_optional().await
    }
}

impl<E: Endpoint> IntoFuture for Call<crate::GrafanaApi, Optional<E>> {
    type Output = Result<Option<E::Output>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run_optional())
    }
}

impl<E: Endpoint> Call<crate::blocking::GrafanaApi, Optional<E>> {
    /// Sends the call and waits for the answer; a 404 is `Ok(None)`. Works
    /// where [`Call::send`] works.
    pub fn send(self) -> Result<Option<E::Output>> {
        let client = self.client.clone();
        client.block_on(self.run_optional())
    }
}
