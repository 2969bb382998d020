//! The one place that turns a [`Request`] into HTTP and its answer into a
//! value: [`Core`] owns the pooled HTTP client and the fixed settings, and
//! does URL building, headers, timeouts, retries, redirects, the body size
//! cap, tracing, decoding and the server-version cache.
//!
//! It sits above the request description (`request.rs`) and below both
//! clients: it knows neither the async nor the blocking client.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use http::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument as _;
use url::Url;

use crate::auth::Authenticator;
use crate::error::{Error, Result};
use crate::models::{BuildInfo, HealthResponse};
use crate::path::{encode_query, ApiPath};
use crate::request::Request;
use crate::response::{decode, RawResponse};
use crate::retry::{Outcome, RetryPolicy};
use crate::settings::{redact_url, Settings};
use crate::version::unfit_answer;

/// Header selecting the organization a request acts in.
pub const ORG_ID_HEADER: &str = "x-grafana-org-id";

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) org_id: Option<i64>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// A request ready for the wire: everything but the bytes on the socket.
#[derive(Debug)]
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
}

/// What every client shares: the pooled HTTP client and the fixed settings.
/// Cloned cheaply through an `Arc`.
///
/// `pub` only because the sealed `Client` trait returns it; it lives in a
/// private module and is not re-exported, so users can neither name nor
/// build it.
pub struct Core {
    http: reqwest::Client,
    base: Url,
    auth: Arc<dyn Authenticator>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// The server's version, once known.
    version: tokio::sync::OnceCell<String>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("base", &self.base.as_str())
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// The transport for these settings: checks the base URL, reads the
    /// CA and client-certificate files, builds the connection pool.
    pub(crate) fn new(b: &Settings) -> Result<Self> {
        let base = b.base_url()?;
        let mut http = reqwest::Client::builder()
            .user_agent(b.user_agent.clone())
            .connect_timeout(b.connect_timeout)
            .pool_max_idle_per_host(b.session_pool_size)
            .redirect(redirect_policy(b.follow_redirects));
        if !b.verify {
            http = http.tls_danger_accept_invalid_certs(true);
        }
        if let Some(path) = &b.ca_file {
            let pem = std::fs::read(path).map_err(|e| {
                Error::config(format!("cannot read CA file {}: {e}", path.display()))
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                Error::config(format!(
                    "CA file {} holds no usable PEM certificate: {e}",
                    path.display()
                ))
            })?;
            if certs.is_empty() {
                return Err(Error::config(format!(
                    "CA file {} holds no PEM certificate",
                    path.display()
                )));
            }
            http = http.tls_certs_merge(certs);
        }
        if let Some(path) = &b.client_cert {
            let pem = std::fs::read(path).map_err(|e| {
                Error::config(format!(
                    "cannot read client certificate {}: {e}",
                    path.display()
                ))
            })?;
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                Error::config(format!(
                    "client certificate {} needs a PEM certificate and private key: {e}",
                    path.display()
                ))
            })?;
            http = http.identity(identity);
        }
        match &b.proxy {
            Some(Some(url)) => {
                let proxy = reqwest::Proxy::all(url.as_str()).map_err(|_| {
                    Error::config(format!("proxy `{}` is not a URL", redact_url(url)))
                })?;
                http = http.proxy(proxy);
            }
            Some(None) => http = http.no_proxy(),
            None => {}
        }
        let http = http
            .build()
            .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Core {
            http,
            base,
            auth: b.auth.clone(),
            timeout: b.timeout,
            retry: b.retry.clone(),
            max_response_bytes: b.max_response_bytes,
            version: tokio::sync::OnceCell::new(),
        })
    }

    pub(crate) fn base_url(&self) -> &Url {
        &self.base
    }

    pub(crate) fn default_retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Sends a request and decodes its answer.
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        req: Request,
        opts: &CallOptions,
    ) -> Result<T> {
        let method = req.method.clone();
        let expect = req.expect;
        let resp = self.send(req, opts).await?;
        decode(&method, expect, resp)
    }

    /// `buildInfo` from `/api/frontend/settings`, fetched now; a non-empty
    /// version in it fills the version cache.
    pub(crate) async fn fetch_build_info(&self, opts: &CallOptions) -> Result<BuildInfo> {
        let settings: Value = self
            .execute(Request::get(ApiPath::api().lit("frontend/settings")), opts)
            .await?;
        let info = settings.get("buildInfo").cloned().ok_or_else(|| {
            unfit_answer(
                "/api/frontend/settings",
                ".",
                "the answer has no `buildInfo`".into(),
                &settings,
            )
        })?;
        let info: BuildInfo = serde_json::from_value(info).map_err(|e| {
            unfit_answer(
                "/api/frontend/settings",
                ".buildInfo",
                format!("`buildInfo` is not understood: {e}"),
                &settings,
            )
        })?;
        if !info.version.is_empty() {
            let _ = self.version.set(info.version.clone());
        }
        Ok(info)
    }

    /// The version, detected once per client (concurrent callers share the
    /// one request): `/api/frontend/settings`, or `/api/health` when that
    /// fails or hides the version. An empty version is never cached.
    pub(crate) async fn detect_version(&self, opts: &CallOptions) -> Result<String> {
        self.version
            .get_or_try_init(|| async {
                let first = match self.fetch_build_info(opts).await {
                    Ok(info) if !info.version.is_empty() => return Ok(info.version),
                    Ok(_) => None,
                    Err(e) => Some(e),
                };
                let health: HealthResponse = self
                    .execute(Request::get(ApiPath::api().lit("health")), opts)
                    .await?;
                match health.version.filter(|v| !v.is_empty()) {
                    Some(v) => Ok(v),
                    None => Err(first.unwrap_or_else(|| {
                        unfit_answer(
                            "/api/health",
                            ".version",
                            "the server does not tell its version (hidden in its settings \
                             and its health answer)"
                                .into(),
                            &Value::Null,
                        )
                    })),
                }
            })
            .await
            .cloned()
    }

    /// Builds the URL and the headers of a request, without sending it.
    ///
    /// Headers, from weakest to strongest: authentication, `Accept`, the
    /// body's `Content-Type` (or `Content-Length: 0` for a bodiless write),
    /// then the endpoint's own headers, which replace any of those they name
    /// (an endpoint that sends `application/merge-patch+json` gets exactly
    /// that), then the call's organization.
    fn prepare(&self, req: Request, opts: &CallOptions) -> Result<(Prepared, ApiPath)> {
        let Request {
            method,
            path,
            query,
            body,
            headers: extra_headers,
            ..
        } = req;
        let path = path?;
        let body = body.transpose()?;
        let url = self.url(path.encoded(), &query);
        let mut headers = HeaderMap::new();
        self.auth.apply(&mut headers)?;
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if body.is_some() {
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
        } else if expects_body(&method) {
            // Without a body reqwest sends neither `Content-Length` nor
            // `Transfer-Encoding`; RFC 9110 section 8.6 asks a client to send
            // `Content-Length: 0` on a bodiless request whose method carries
            // content, and proxies that enforce it answer 411 otherwise.
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        // The endpoint's headers replace the defaults of the same name; an
        // endpoint naming one header twice sends both values.
        let mut named = Vec::new();
        for (name, value) in extra_headers {
            if named.contains(&name) {
                headers.append(name, value);
            } else {
                headers.insert(name.clone(), value);
                named.push(name);
            }
        }
        if let Some(org) = opts.org_id {
            headers.insert(
                HeaderName::from_static(ORG_ID_HEADER),
                HeaderValue::from(org),
            );
        }
        Ok((
            Prepared {
                method,
                url,
                headers,
                body,
            },
            path,
        ))
    }

    /// Sends a request, retrying as the policy allows, and reads the whole body.
    /// Error statuses are returned as responses; the caller maps them.
    pub(crate) async fn send(&self, req: Request, opts: &CallOptions) -> Result<RawResponse> {
        let (
            Prepared {
                method,
                url,
                headers,
                body,
            },
            path,
        ) = self.prepare(req, opts)?;
        let shown_path = url.path().to_owned();
        let timeout = opts.timeout.unwrap_or(self.timeout);
        let policy = opts.retry.as_ref().unwrap_or(&self.retry);
        let span = tracing::debug_span!(
            "grafana_request",
            method = %method,
            path = path.template(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        async move {
            let mut retry = 0u32;
            loop {
                let started = Instant::now();
                let mut rb = self
                    .http
                    .request(method.clone(), url.clone())
                    .headers(headers.clone())
                    .timeout(timeout);
                if let Some(b) = &body {
                    rb = rb.body(b.clone());
                }
                let result = match rb.send().await {
                    Ok(resp) => self.read(resp, &method, &shown_path).await,
                    Err(e) => Err(classify(e, &method, &shown_path, started)),
                };
                let elapsed = started.elapsed();
                let outcome = match &result {
                    Ok(r) if r.status.is_success() => None,
                    Ok(r) => Some(Outcome::Status(
                        r.status,
                        r.headers
                            .get(http::header::RETRY_AFTER)
                            .and_then(|v| v.to_str().ok()),
                    )),
                    Err(Error::Connect { .. }) => Some(Outcome::ConnectFailed),
                    Err(Error::Timeout { .. }) => Some(Outcome::TimedOut),
                    Err(Error::Transport { .. }) => Some(Outcome::Broken),
                    Err(_) => None,
                };
                let wait =
                    outcome.and_then(|o| policy.decide(&method, retry, o, SystemTime::now()));
                match &result {
                    Ok(r) => tracing::debug!(
                        attempt = retry + 1,
                        status = r.status.as_u16(),
                        elapsed_ms = elapsed.as_millis() as u64,
                        retry_in_ms = wait.map(|w| w.as_millis() as u64),
                        "grafana response"
                    ),
                    Err(e) => tracing::debug!(
                        attempt = retry + 1,
                        error = %e,
                        elapsed_ms = elapsed.as_millis() as u64,
                        retry_in_ms = wait.map(|w| w.as_millis() as u64),
                        "grafana request failed"
                    ),
                }
                match wait {
                    Some(wait) => {
                        tokio::time::sleep(wait).await;
                        retry += 1;
                    }
                    None => {
                        let span = tracing::Span::current();
                        span.record("attempts", retry + 1);
                        if let Ok(r) = &result {
                            span.record("status", r.status.as_u16());
                        }
                        return result;
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    fn url(&self, encoded_path: &str, query: &[(String, String)]) -> Url {
        let mut url = self.base.clone();
        let full = format!("{}{}", self.base.path(), encoded_path);
        url.set_path(&full);
        if !query.is_empty() {
            url.set_query(Some(&encode_query(
                query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            )));
        }
        url
    }

    async fn read(
        &self,
        mut resp: reqwest::Response,
        method: &Method,
        path: &str,
    ) -> Result<RawResponse> {
        let limit = self.max_response_bytes;
        let too_large = || Error::ResponseTooLarge {
            method: method.clone(),
            path: path.to_owned(),
            limit,
        };
        let declared = resp
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let status = resp.status();
        let headers = std::mem::take(resp.headers_mut());
        let started = Instant::now();
        let mut buf = BytesMut::with_capacity(declared.unwrap_or(0) as usize);
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if buf.len() + chunk.len() > limit {
                        return Err(too_large());
                    }
                    buf.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(classify(e, method, path, started)),
            }
        }
        Ok(RawResponse {
            status,
            headers,
            body: buf.freeze(),
            path: path.to_owned(),
        })
    }
}

/// Methods whose requests carry content: a bodiless one says so with
/// `Content-Length: 0`. `GET`, `HEAD` and `DELETE` without a body go out
/// without the header.
fn expects_body(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PUT || *method == Method::PATCH
}

fn classify(e: reqwest::Error, method: &Method, path: &str, started: Instant) -> Error {
    let e = e.without_url();
    let (method, path) = (method.clone(), path.to_owned());
    if e.is_timeout() {
        Error::Timeout {
            method,
            path,
            elapsed: started.elapsed(),
        }
    } else if e.is_connect() {
        Error::Connect {
            method,
            path,
            source: Box::new(e),
        }
    } else {
        Error::Transport {
            method,
            path,
            source: Box::new(e),
        }
    }
}

/// Same-origin redirects only: credentials never travel to another origin.
fn redirect_policy(follow: bool) -> reqwest::redirect::Policy {
    if !follow {
        return reqwest::redirect::Policy::none();
    }
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::TokenAuth;
    use crate::path::ApiPath;

    fn core() -> Core {
        let settings = Settings {
            auth: Arc::new(TokenAuth::new("glsa_unit")),
            ..Settings::default()
        };
        Core::new(&settings).unwrap()
    }

    fn prepared(req: Request, opts: &CallOptions) -> Prepared {
        core().prepare(req, opts).unwrap().0
    }

    fn values<'a>(p: &'a Prepared, name: &str) -> Vec<&'a str> {
        p.headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    fn merge_patch() -> Request {
        Request::new(Method::PATCH, ApiPath::root().lit("apis/x/v1/things/a"))
            .json(&serde_json::json!({"spec": {"title": "T"}}))
            .header("content-type", "application/merge-patch+json")
    }

    #[test]
    fn an_endpoint_header_replaces_the_default_of_the_same_name() {
        let p = prepared(merge_patch(), &CallOptions::default());
        assert_eq!(p.method, Method::PATCH);
        assert_eq!(values(&p, "content-type"), ["application/merge-patch+json"]);
        assert_eq!(p.body.as_deref(), Some(&br#"{"spec":{"title":"T"}}"#[..]));
        // The defaults it does not name stay.
        assert_eq!(values(&p, "accept"), ["application/json"]);
        assert_eq!(values(&p, "authorization"), ["Bearer glsa_unit"]);
    }

    #[test]
    fn without_an_endpoint_header_the_defaults_apply() {
        let with_body = Request::post(ApiPath::api().lit("things")).json(&[1, 2]);
        let p = prepared(with_body, &CallOptions::default());
        assert_eq!(
            values(&p, "content-type"),
            ["application/json; charset=utf-8"]
        );
        assert!(values(&p, "content-length").is_empty());
        let bodiless = Request::post(ApiPath::api().lit("things"));
        let p = prepared(bodiless, &CallOptions::default());
        assert_eq!(values(&p, "content-length"), ["0"]);
        assert!(values(&p, "content-type").is_empty());
        let read = Request::get(ApiPath::api().lit("things"));
        let p = prepared(read, &CallOptions::default());
        assert!(values(&p, "content-length").is_empty());
        assert_eq!(p.url.as_str(), "http://localhost/api/things");
    }

    #[test]
    fn endpoint_headers_add_to_each_other_and_the_org_option_wins() {
        let req = Request::delete(ApiPath::api().lit("things"))
            .header("x-disable-provenance", "true")
            .header("x-extra", "a")
            .header("x-extra", "b")
            .header(ORG_ID_HEADER, "9");
        let opts = CallOptions {
            org_id: Some(3),
            ..CallOptions::default()
        };
        let p = prepared(req, &opts);
        assert_eq!(values(&p, "x-disable-provenance"), ["true"]);
        assert_eq!(values(&p, "x-extra"), ["a", "b"]);
        assert_eq!(values(&p, ORG_ID_HEADER), ["3"]);
        // Without a per-call org, the endpoint's value is sent as it is.
        let req = Request::get(ApiPath::api().lit("things")).header(ORG_ID_HEADER, "9");
        let p = prepared(req, &CallOptions::default());
        assert_eq!(values(&p, ORG_ID_HEADER), ["9"]);
    }

    #[test]
    fn argument_errors_stop_the_request_before_any_header_is_built() {
        let req = Request::get(ApiPath::api().lit("things").param("uid", ".."));
        let err = core().prepare(req, &CallOptions::default()).unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { name: "uid", .. }),
            "{err}"
        );
    }

    #[tokio::test]
    async fn the_endpoint_content_type_is_what_arrives() {
        use wiremock::matchers::{header, method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path("/apis/x/v1/things/a"))
            .and(header("content-type", "application/merge-patch+json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": 1})))
            .expect(1)
            .mount(&server)
            .await;
        let settings = Settings {
            url: Some(Ok(Url::parse(&format!("{}/", server.uri())).unwrap())),
            ..Settings::default()
        };
        let answer: Value = Core::new(&settings)
            .unwrap()
            .execute(merge_patch(), &CallOptions::default())
            .await
            .unwrap();
        assert_eq!(answer, serde_json::json!({"ok": 1}));
        let seen = server.received_requests().await.unwrap();
        let types: Vec<_> = seen[0].headers.get_all("content-type").iter().collect();
        assert_eq!(types, ["application/merge-patch+json"]);
    }
}
