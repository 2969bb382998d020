//! The one place that turns a [`Request`] into HTTP: URL, headers, timeouts,
//! retries, redirects, body size cap and tracing.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use http::{Method, StatusCode};
use tracing::Instrument as _;
use url::Url;

use crate::auth::Authenticator;
use crate::call::{CallOptions, Request};
use crate::config::ClientBuilder;
use crate::error::{Error, Result};
use crate::path::encode_query;
use crate::retry::{Outcome, RetryPolicy};

/// Header selecting the organization a request acts in.
pub const ORG_ID_HEADER: &str = "x-grafana-org-id";

/// A received response, body fully read (and capped).
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// Request path as sent (no query string), for errors.
    pub(crate) path: String,
}

/// What every client shares: the pooled HTTP client and the fixed settings.
/// Opaque to users; cloned cheaply through an `Arc`.
#[doc(hidden)]
pub struct Core {
    http: reqwest::Client,
    base: Url,
    auth: Arc<dyn Authenticator>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// The server's version, once known.
    pub(crate) version: tokio::sync::OnceCell<String>,
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
    pub(crate) fn new<T>(b: &ClientBuilder<T>) -> Result<Self> {
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
                    Error::config(format!(
                        "proxy `{}` is not a URL",
                        crate::config::redact_url(url)
                    ))
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

    /// Sends a request, retrying as the policy allows, and reads the whole body.
    /// Error statuses are returned as responses; the caller maps them.
    pub(crate) async fn send(&self, req: Request, opts: &CallOptions) -> Result<RawResponse> {
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
        let shown_path = url.path().to_owned();
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
        headers.extend(extra_headers.into_iter().map(|(k, v)| (Some(k), v)));
        if let Some(org) = opts.org_id {
            headers.insert(
                HeaderName::from_static(ORG_ID_HEADER),
                HeaderValue::from(org),
            );
        }
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
