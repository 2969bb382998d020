//! The error type of every call: [`Error`], and the server's answer in [`ApiError`].

use std::fmt;
use std::time::Duration;

use http::{Method, StatusCode};
use serde_json::Value;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Largest number of body bytes kept in an error (as [`ApiError::body`] or a
/// [`DecodeError::snippet`]).
pub const BODY_SNIPPET_LIMIT: usize = 2048;

/// Everything that can go wrong when talking to Grafana.
///
/// Match on the variant, or ask [`Error::status`] / [`Error::is_not_found`] and
/// friends. Messages are lowercase and never contain a credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Grafana answered with a status that is not a success.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request did not complete within its timeout.
    #[error("{method} {path}: timed out after {elapsed:?}")]
    Timeout {
        /// HTTP method of the request.
        method: Method,
        /// Request path (without the query string).
        path: String,
        /// How long the request ran before it was given up.
        elapsed: Duration,
    },
    /// No connection could be made (refused, DNS failure, TLS handshake).
    #[error("{method} {path}: could not connect: {source}")]
    Connect {
        /// HTTP method of the request.
        method: Method,
        /// Request path (without the query string).
        path: String,
        /// The underlying error (the HTTP library's, kept out of this
        /// crate's API so that upgrading it is not a breaking change; walk
        /// [`std::error::Error::source`] for details).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Any other transport failure: the connection dropped, the body was cut short.
    #[error("{method} {path}: transport error: {source}")]
    Transport {
        /// HTTP method of the request.
        method: Method,
        /// Request path (without the query string).
        path: String,
        /// The underlying error (the HTTP library's, kept out of this
        /// crate's API; see [`Error::Connect`]).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The response body was larger than the configured limit.
    #[error("{method} {path}: response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// HTTP method of the request.
        method: Method,
        /// Request path (without the query string).
        path: String,
        /// The limit in bytes ([`crate::ClientBuilder::max_response_bytes`]).
        limit: usize,
    },
    /// A success response whose body is not what the endpoint returns.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// An argument was refused before any request was sent.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// Name of the argument.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The client configuration is not usable (bad URL, bad environment variable, bad file).
    #[error("configuration error: {0}")]
    Config(String),
    /// A snapshot with data was not posted because something failed while
    /// building it and
    /// [`fail_on_error(true)`](crate::snapshot::ShareDashboard::fail_on_error)
    /// was set. The report says which panels failed and why.
    #[error("snapshot not posted: {}", crate::snapshot::failure_summary(.0))]
    SnapshotQueries(Box<crate::snapshot::SnapshotReport>),
    /// The client was used where it cannot work, and nothing was sent: the
    /// blocking client called on a thread that is running async code (a
    /// tokio worker thread, a task, or the future of a runtime's `block_on`,
    /// such as the body of `#[tokio::main]`), where waiting would stall the
    /// runtime. Use the async client there, or move the call into
    /// `tokio::task::spawn_blocking`.
    #[error("misuse: {0}")]
    Misuse(String),
}

impl Error {
    /// The HTTP status of the response, when one arrived: the error status
    /// of an [`Error::Api`], or the (success) status of a body that could not
    /// be decoded ([`Error::Decode`]).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The server's error answer, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The class of the server's error answer, if this is one.
    pub fn kind(&self) -> Option<ErrorKind> {
        self.api().map(ApiError::kind)
    }

    /// `true` for a 404 answer.
    pub fn is_not_found(&self) -> bool {
        self.kind() == Some(ErrorKind::NotFound)
    }

    /// `true` for a 401 answer.
    pub fn is_unauthorized(&self) -> bool {
        self.kind() == Some(ErrorKind::Unauthorized)
    }

    /// `true` for a 403 answer.
    pub fn is_forbidden(&self) -> bool {
        self.kind() == Some(ErrorKind::Forbidden)
    }

    /// `true` for a 409 answer.
    pub fn is_conflict(&self) -> bool {
        self.kind() == Some(ErrorKind::Conflict)
    }

    /// `true` for a 412 answer (for example a dashboard version mismatch).
    pub fn is_precondition_failed(&self) -> bool {
        self.kind() == Some(ErrorKind::PreconditionFailed)
    }

    /// `true` when the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    pub(crate) fn config(msg: impl Into<String>) -> Self {
        Error::Config(msg.into())
    }

    pub(crate) fn misuse(msg: impl Into<String>) -> Self {
        Error::Misuse(msg.into())
    }

    pub(crate) fn invalid_argument(name: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}

/// The class of an error status, after the status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400: Grafana refused the request's content.
    BadInput,
    /// 401: no or wrong credentials.
    Unauthorized,
    /// 403: the credentials may not do this.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 409: conflicts with existing state.
    Conflict,
    /// 412: a precondition failed (version mismatch and similar).
    PreconditionFailed,
    /// 429: rate limited.
    TooManyRequests,
    /// Any other 4xx.
    Client,
    /// Any 5xx.
    Server,
    /// A status that is neither success nor error (1xx, or a 3xx redirect that was not followed).
    Unexpected,
}

impl ErrorKind {
    /// The kind for an HTTP status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ErrorKind::BadInput,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            412 => ErrorKind::PreconditionFailed,
            429 => ErrorKind::TooManyRequests,
            _ if status.is_client_error() => ErrorKind::Client,
            _ if status.is_server_error() => ErrorKind::Server,
            _ => ErrorKind::Unexpected,
        }
    }
}

/// The body of an error answer, as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// No body.
    Empty,
    /// A JSON body (Grafana's usual `{"message": ...}` shapes).
    Json(Value),
    /// Anything else (HTML from a proxy, plain text), cut to [`BODY_SNIPPET_LIMIT`] bytes.
    Text(String),
}

/// An error answer from Grafana: status, Grafana's message, and where it came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Grafana's `message` field, or the start of a text body.
    pub message: Option<String>,
    /// Grafana's `messageId` (typed errors, e.g. `dashboardsnapshots.not-found`).
    pub message_id: Option<String>,
    /// Grafana's `status` field (e.g. `version-mismatch` on a 412).
    pub status_text: Option<String>,
    /// The body, as JSON when it parsed, as capped text otherwise.
    pub body: ErrorBody,
    /// `x-request-id` or `x-grafana-request-id` response header, when present.
    pub request_id: Option<String>,
    /// `Retry-After` as sent, when present.
    pub retry_after: Option<String>,
    /// HTTP method of the request.
    pub method: Method,
    /// Request path, without the query string.
    pub path: String,
}

impl ApiError {
    /// The class of this error.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from_status(self.status)
    }

    /// Builds the error from a response; never fails, whatever the body.
    pub(crate) fn from_response(
        method: Method,
        path: String,
        status: StatusCode,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Self {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let request_id = header("x-request-id").or_else(|| header("x-grafana-request-id"));
        let retry_after = header("retry-after");
        let trimmed = body.trim_ascii();
        let (body, message, message_id, status_text) = if trimmed.is_empty() {
            (ErrorBody::Empty, None, None, None)
        } else {
            // Bodies past the snippet limit are kept as text only: an error
            // body is for reading, not for holding megabytes of JSON.
            let parsed = if trimmed.len() <= BODY_SNIPPET_LIMIT * 8 {
                serde_json::from_slice::<Value>(trimmed).ok()
            } else {
                None
            };
            match parsed {
                Some(json) => {
                    let field = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_owned);
                    let message = field("message").or_else(|| field("error"));
                    let message_id = field("messageId");
                    let status_text = field("status");
                    (ErrorBody::Json(json), message, message_id, status_text)
                }
                None => {
                    let text = snippet(trimmed);
                    let message = readable_text(&text);
                    (ErrorBody::Text(text), message, None, None)
                }
            }
        };
        ApiError {
            status,
            message,
            message_id,
            status_text,
            body,
            request_id,
            retry_after,
            method,
            path,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: grafana answered {}",
            self.method, self.path, self.status
        )?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A success response whose body could not be read as the expected type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// HTTP method of the request.
    pub method: Method,
    /// Request path, without the query string.
    pub path: String,
    /// Where in the JSON document decoding failed (`.` is the root).
    pub json_path: String,
    /// What went wrong.
    pub reason: String,
    /// `Content-Type` of the response, when present.
    pub content_type: Option<String>,
    /// The start of the body (at most [`BODY_SNIPPET_LIMIT`] bytes).
    pub snippet: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: could not decode the {} response at `{}`: {}",
            self.method, self.path, self.status, self.json_path, self.reason
        )?;
        let shown: String = self.snippet.chars().take(200).collect();
        write!(f, " (body starts: {shown:?})")
    }
}

impl std::error::Error for DecodeError {}

/// The readable part of a text or HTML body: tags dropped, whitespace
/// collapsed, at most 200 characters. `None` when nothing readable is left.
fn readable_text(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut in_tag = false;
    let mut space = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                space = true;
            }
            _ if in_tag => {}
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
        if out.chars().count() >= 200 {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The first [`BODY_SNIPPET_LIMIT`] bytes of a body, as text.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(BODY_SNIPPET_LIMIT)];
    String::from_utf8_lossy(cut).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> ApiError {
        ApiError::from_response(
            Method::GET,
            "/api/x".into(),
            StatusCode::from_u16(status).unwrap(),
            &http::HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn every_status_maps_to_its_kind() {
        let cases = [
            (400, ErrorKind::BadInput),
            (401, ErrorKind::Unauthorized),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (405, ErrorKind::Client),
            (409, ErrorKind::Conflict),
            (412, ErrorKind::PreconditionFailed),
            (422, ErrorKind::Client),
            (429, ErrorKind::TooManyRequests),
            (500, ErrorKind::Server),
            (502, ErrorKind::Server),
            (503, ErrorKind::Server),
            (504, ErrorKind::Server),
            (599, ErrorKind::Server),
            (302, ErrorKind::Unexpected),
            (101, ErrorKind::Unexpected),
        ];
        for (status, kind) in cases {
            assert_eq!(api(status, "").kind(), kind, "status {status}");
        }
    }

    #[test]
    fn grafana_body_shapes_are_read() {
        let e = api(
            404,
            r#"{"message":"Snapshot not found","messageId":"dashboardsnapshots.not-found","statusCode":404}"#,
        );
        assert_eq!(e.message.as_deref(), Some("Snapshot not found"));
        assert_eq!(
            e.message_id.as_deref(),
            Some("dashboardsnapshots.not-found")
        );
        let e = api(
            412,
            r#"{"status":"version-mismatch","message":"The dashboard has been changed by someone else"}"#,
        );
        assert_eq!(e.status_text.as_deref(), Some("version-mismatch"));
        assert!(e.to_string().contains("The dashboard has been changed"));
        let e = api(
            502,
            "<html><head><title>502</title></head>\n<body><h1>Bad gateway</h1></body></html>",
        );
        assert!(matches!(e.body, ErrorBody::Text(_)));
        assert_eq!(e.message.as_deref(), Some("502 Bad gateway"));
        let e = api(503, "upstream connect error\nreset reason: overflow");
        assert_eq!(
            e.message.as_deref(),
            Some("upstream connect error reset reason: overflow")
        );
        assert_eq!(api(500, "<html></html>").message, None);
        let e = api(500, "");
        assert_eq!(e.body, ErrorBody::Empty);
        assert_eq!(e.message, None);
    }

    #[test]
    fn huge_text_bodies_are_capped() {
        let body = "x".repeat(BODY_SNIPPET_LIMIT * 4);
        match api(500, &body).body {
            ErrorBody::Text(t) => assert_eq!(t.len(), BODY_SNIPPET_LIMIT),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn snippet_never_splits_into_invalid_text() {
        let body = "é".repeat(BODY_SNIPPET_LIMIT);
        let s = snippet(body.as_bytes());
        assert!(s.len() <= BODY_SNIPPET_LIMIT + 3);
    }
}
