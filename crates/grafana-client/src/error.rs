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

    /// `true` for a 409 whose Kubernetes `Status` says `AlreadyExists`: a
    /// create on `/apis` with a name that is taken. (It is also a
    /// [conflict](Self::is_conflict).)
    pub fn is_already_exists(&self) -> bool {
        self.api().and_then(ApiError::reason) == Some("AlreadyExists")
    }

    /// `true` for a 410 whose Kubernetes `Status` says `Expired` (or
    /// `Gone`): a `continue` token of an `/apis` list that the server no
    /// longer knows. Start the list again from the first page.
    pub fn is_expired(&self) -> bool {
        self.kind() == Some(ErrorKind::Expired)
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
    /// 410 with a Kubernetes `Status` whose reason is `Expired` or `Gone`
    /// (an `/apis` list's `continue` token expired). Other 410 answers are
    /// [`Client`](Self::Client).
    Expired,
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

/// A Kubernetes `Status` error body, as the `/apis` routes answer
/// (`k8s.io/apimachinery` `metav1.Status`): `reason`, `code`, `message` and
/// `details`. Every field is optional: whatever the server leaves out is `None`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiStatus {
    /// `Failure` (or `Success` for a delete's answer).
    #[serde(default)]
    pub status: Option<String>,
    /// Why: `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `BadRequest`,
    /// `Forbidden`, `Unauthorized`, `Expired`, `Gone`, `TooManyRequests`,
    /// `InternalError`, ...
    #[serde(default)]
    pub reason: Option<String>,
    /// The HTTP status code the server put in the body.
    #[serde(default)]
    pub code: Option<u16>,
    /// The human-readable message.
    #[serde(default)]
    pub message: Option<String>,
    /// The object concerned and, for `Invalid`, the fields at fault.
    #[serde(default)]
    pub details: Option<StatusDetails>,
}

/// `details` of a Kubernetes `Status`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StatusDetails {
    /// The object's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The API group.
    #[serde(default)]
    pub group: Option<String>,
    /// The **plural resource** (`dashboards`), by Kubernetes convention, not
    /// the Kind.
    #[serde(default)]
    pub kind: Option<String>,
    /// The object's internal uid.
    #[serde(default)]
    pub uid: Option<String>,
    /// The individual problems (for `Invalid`).
    #[serde(default)]
    pub causes: Vec<StatusCause>,
    /// Seconds to wait before retrying, when the server says.
    #[serde(default)]
    pub retry_after_seconds: Option<u64>,
}

/// One entry of `details.causes` of a Kubernetes `Status`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[non_exhaustive]
pub struct StatusCause {
    /// Machine-readable cause (`FieldValueInvalid`, ...).
    #[serde(default)]
    pub reason: Option<String>,
    /// The field at fault (`metadata.name`, `spec.title`, ...).
    #[serde(default)]
    pub field: Option<String>,
    /// What is wrong.
    #[serde(default)]
    pub message: Option<String>,
}

impl ApiStatus {
    /// The `Status` in a JSON body: an object with `"kind": "Status"`.
    /// Fields of the wrong type are dropped rather than failing.
    pub(crate) fn from_json(json: &Value) -> Option<Self> {
        if json.get("kind").and_then(Value::as_str) != Some("Status") {
            return None;
        }
        let text = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_owned);
        let details = json.get("details").filter(|d| d.is_object()).map(|d| {
            let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_owned);
            StatusDetails {
                name: text("name"),
                group: text("group"),
                kind: text("kind"),
                uid: text("uid"),
                causes: d
                    .get("causes")
                    .and_then(Value::as_array)
                    .map(|causes| {
                        causes
                            .iter()
                            .map(|c| {
                                let text =
                                    |k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
                                StatusCause {
                                    reason: text("reason"),
                                    field: text("field"),
                                    message: text("message"),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                retry_after_seconds: d.get("retryAfterSeconds").and_then(Value::as_u64),
            }
        });
        Some(ApiStatus {
            status: text("status"),
            reason: text("reason"),
            code: json
                .get("code")
                .and_then(Value::as_u64)
                .and_then(|c| u16::try_from(c).ok()),
            message: text("message"),
            details,
        })
    }
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
    /// The Kubernetes `Status` of an `/apis` answer (`reason`, `code`,
    /// `details.causes`); `None` for Grafana's own `{"message": ...}` bodies.
    pub api_status: Option<ApiStatus>,
}

impl ApiError {
    /// The class of this error: by status code, except that a 410 whose
    /// Kubernetes `Status` says `Expired` or `Gone` is [`ErrorKind::Expired`].
    pub fn kind(&self) -> ErrorKind {
        if self.status == StatusCode::GONE && matches!(self.reason(), Some("Expired" | "Gone")) {
            return ErrorKind::Expired;
        }
        ErrorKind::from_status(self.status)
    }

    /// The Kubernetes `Status` reason (`Conflict`, `AlreadyExists`,
    /// `Invalid`, `Expired`, ...), for `/apis` answers.
    pub fn reason(&self) -> Option<&str> {
        self.api_status.as_ref()?.reason.as_deref()
    }

    /// The fields at fault of a Kubernetes `Invalid` answer
    /// (`details.causes`); empty otherwise.
    pub fn causes(&self) -> &[StatusCause] {
        self.api_status
            .as_ref()
            .and_then(|s| s.details.as_ref())
            .map_or(&[], |d| d.causes.as_slice())
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
        let mut api_status = None;
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
                    api_status = ApiStatus::from_json(&json);
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
            api_status,
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
        let causes = self.causes();
        if !causes.is_empty() {
            let shown: Vec<String> = causes
                .iter()
                .map(|c| match (&c.field, &c.message) {
                    (Some(field), Some(m)) => format!("{field}: {m}"),
                    (None, Some(m)) => m.clone(),
                    (Some(field), None) => field.clone(),
                    (None, None) => c.reason.clone().unwrap_or_default(),
                })
                .collect();
            write!(f, " ({})", shown.join("; "))?;
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
    fn kubernetes_status_bodies_are_parsed() {
        let conflict = r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
            "message":"Operation cannot be fulfilled on dashboards.dashboard.grafana.app \"abc\": the object has been modified; please apply your changes to the latest version and try again",
            "reason":"Conflict","details":{"name":"abc","group":"dashboard.grafana.app","kind":"dashboards"},"code":409}"#;
        let e = api(409, conflict);
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert_eq!(e.reason(), Some("Conflict"));
        let status = e.api_status.clone().unwrap();
        assert_eq!(status.code, Some(409));
        assert_eq!(status.status.as_deref(), Some("Failure"));
        let details = status.details.unwrap();
        assert_eq!(details.name.as_deref(), Some("abc"));
        assert_eq!(details.group.as_deref(), Some("dashboard.grafana.app"));
        assert_eq!(details.kind.as_deref(), Some("dashboards"));
        assert!(e
            .message
            .as_deref()
            .unwrap()
            .starts_with("Operation cannot be fulfilled"));
        let err = Error::from(e);
        assert!(err.is_conflict());
        assert!(!err.is_already_exists());

        let exists = api(
            409,
            r#"{"kind":"Status","status":"Failure","reason":"AlreadyExists","code":409,"message":"dashboards \"x\" already exists"}"#,
        );
        let err = Error::from(exists);
        assert!(err.is_conflict() && err.is_already_exists());

        let invalid = api(
            422,
            r#"{"kind":"Status","reason":"Invalid","code":422,"message":"bad","details":{"causes":[{"reason":"FieldValueRequired","field":"spec.title","message":"required"},{"message":"second"},7]}}"#,
        );
        assert_eq!(invalid.causes().len(), 3);
        assert_eq!(invalid.causes()[0].field.as_deref(), Some("spec.title"));
        assert_eq!(
            invalid.causes()[0].reason.as_deref(),
            Some("FieldValueRequired")
        );
        assert_eq!(invalid.causes()[2], StatusCause::default());
        assert_eq!(
            invalid.to_string(),
            "GET /api/x: grafana answered 422 Unprocessable Entity: bad (spec.title: required; second; )"
        );

        let expired = api(
            410,
            r#"{"kind":"Status","reason":"Expired","code":410,"message":"continue token expired"}"#,
        );
        assert_eq!(expired.kind(), ErrorKind::Expired);
        assert!(Error::from(expired).is_expired());
        let gone = api(410, r#"{"kind":"Status","reason":"Gone","code":410}"#);
        assert_eq!(gone.kind(), ErrorKind::Expired);
        // A 410 of the legacy API (a removed route) stays a client error.
        let removed = api(410, r#"{"message":"this route was removed"}"#);
        assert_eq!(removed.kind(), ErrorKind::Client);
        assert_eq!(removed.api_status, None);
        // Wrongly typed fields are dropped, never a failure.
        let odd = api(
            500,
            r#"{"kind":"Status","reason":5,"code":"x","details":{"causes":"no"}}"#,
        );
        let status = odd.api_status.unwrap();
        assert_eq!(status.reason, None);
        assert_eq!(status.code, None);
        assert!(status.details.unwrap().causes.is_empty());
        // Legacy bodies on /apis still give their message.
        let legacy = api(401, r#"{"message":"Unauthorized"}"#);
        assert_eq!(legacy.message.as_deref(), Some("Unauthorized"));
        assert_eq!(legacy.reason(), None);
    }

    #[test]
    fn snippet_never_splits_into_invalid_text() {
        let body = "é".repeat(BODY_SNIPPET_LIMIT);
        let s = snippet(body.as_bytes());
        assert!(s.len() <= BODY_SNIPPET_LIMIT + 3);
    }
}
