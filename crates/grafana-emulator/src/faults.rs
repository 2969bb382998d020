//! Fault injection: make chosen requests fail in the ways real networks,
//! proxies and overloaded servers fail.

use std::sync::Mutex;
use std::time::Duration;

/// What a fault does to a matching request. At most one kind per fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    /// No change to the response (a fault that only adds latency).
    None,
    /// Answer with this status instead of handling the request.
    Status {
        status: u16,
        retry_after: Option<String>,
        body: Option<String>,
    },
    /// Close the connection without sending any response.
    DropConnection,
    /// Handle the request, announce the full `Content-Length`, send about half
    /// of the body, then close the connection.
    TruncatedBody,
    /// 200, `Content-Type: application/json`, body that is not JSON.
    NonJsonBody,
    /// 200 `text/html` Grafana login page (what a reverse proxy or an expired
    /// SSO session returns).
    HtmlBody,
    /// 200, `Content-Type: application/json`, empty body.
    EmptyBody,
    /// 200 JSON body of exactly this many bytes.
    OversizedBody(usize),
    /// Handle the request and send the real body in small chunks with this
    /// delay between them.
    SlowDrip(Duration),
}

/// A fault to inject with [`EmulatorHandle::inject`](crate::EmulatorHandle::inject).
///
/// Build one with [`Fault::on`], pick at most one kind (the last kind set
/// wins), optionally add [`Fault::latency`] and [`Fault::times`]:
///
/// ```
/// use grafana_emulator::Fault;
/// use std::time::Duration;
///
/// // The next two snapshot reads answer 503 with a Retry-After header.
/// let f = Fault::on("GET", "/api/snapshots/*").times(2).status(503).retry_after("1");
/// // Every request to /api/health is delayed by 200 ms, until cleared.
/// let g = Fault::on("*", "/api/health").latency(Duration::from_millis(200));
/// # let _ = (f, g);
/// ```
///
/// **Matching.** `method` is `"*"` or an HTTP verb (compared
/// case-insensitively). `path` is a glob over the raw request path exactly as
/// received (still percent-encoded, without the query string): `*` matches one
/// or more characters within one path segment (never `/`), `**` matches any
/// run of characters including `/` (possibly empty); every other character
/// matches itself. When several injected faults match a request, the one
/// injected first wins and only its count is used up.
///
/// **Effects on state.** [`Fault::status`], [`Fault::drop_connection`],
/// [`Fault::non_json_body`], [`Fault::html_body`], [`Fault::empty_body`] and
/// [`Fault::oversized_body`] replace the request entirely: the emulator's
/// state does not change. [`Fault::truncated_body`] and [`Fault::slow_drip`]
/// handle the request for real (state changes) and only damage or slow the
/// response, like a network failure after the server did the work.
#[derive(Clone, Debug)]
pub struct Fault {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) kind: FaultKind,
    pub(crate) latency: Option<Duration>,
    pub(crate) times: Option<u64>,
}

impl Fault {
    /// A fault for requests whose method is `method` (`"*"` for any) and whose
    /// raw path matches the glob `path`. Without a kind it changes nothing;
    /// without [`Fault::times`] it applies until
    /// [`EmulatorHandle::clear_faults`](crate::EmulatorHandle::clear_faults).
    pub fn on(method: &str, path: &str) -> Self {
        Self {
            method: method.to_string(),
            path: path.to_string(),
            kind: FaultKind::None,
            latency: None,
            times: None,
        }
    }

    /// Applies to the next `n` matching requests only, then disappears.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers with `status` instead of handling the request. The body is
    /// `{"message":"<reason phrase>"}` unless [`Fault::body`] sets one.
    pub fn status(mut self, status: u16) -> Self {
        // Keep a Retry-After or body set earlier in the chain.
        let (retry_after, body) = match self.kind {
            FaultKind::Status {
                retry_after, body, ..
            } => (retry_after, body),
            _ => (None, None),
        };
        self.kind = FaultKind::Status {
            status,
            retry_after,
            body,
        };
        self
    }

    /// Adds a `Retry-After` header with this exact value to a
    /// [`Fault::status`] fault (turns the fault into a 503 status fault if no
    /// status was set).
    pub fn retry_after(mut self, value: &str) -> Self {
        self.kind = match self.kind {
            FaultKind::Status { status, body, .. } => FaultKind::Status {
                status,
                retry_after: Some(value.to_string()),
                body,
            },
            _ => FaultKind::Status {
                status: 503,
                retry_after: Some(value.to_string()),
                body: None,
            },
        };
        self
    }

    /// Sets the body of a [`Fault::status`] fault (turns the fault into a 500
    /// status fault if no status was set). Sent as `application/json` when it
    /// parses as JSON, otherwise as `text/plain; charset=utf-8`.
    pub fn body(mut self, body: &str) -> Self {
        self.kind = match self.kind {
            FaultKind::Status {
                status,
                retry_after,
                ..
            } => FaultKind::Status {
                status,
                retry_after,
                body: Some(body.to_string()),
            },
            _ => FaultKind::Status {
                status: 500,
                retry_after: None,
                body: Some(body.to_string()),
            },
        };
        self
    }

    /// Closes the connection without sending a response. The request is
    /// recorded with status `0`.
    pub fn drop_connection(mut self) -> Self {
        self.kind = FaultKind::DropConnection;
        self
    }

    /// Sends the real response's status and headers with the full
    /// `Content-Length`, but only about half of the body, then closes the
    /// connection.
    pub fn truncated_body(mut self) -> Self {
        self.kind = FaultKind::TruncatedBody;
        self
    }

    /// Answers 200 `application/json` with a body that is not JSON.
    pub fn non_json_body(mut self) -> Self {
        self.kind = FaultKind::NonJsonBody;
        self
    }

    /// Answers 200 `text/html; charset=UTF-8` with a Grafana-style login page.
    pub fn html_body(mut self) -> Self {
        self.kind = FaultKind::HtmlBody;
        self
    }

    /// Answers 200 `application/json` with an empty body.
    pub fn empty_body(mut self) -> Self {
        self.kind = FaultKind::EmptyBody;
        self
    }

    /// Answers 200 `application/json` with a valid JSON string of exactly
    /// `bytes` bytes (a run of `x` characters in quotes; shorter than 2 bytes
    /// gives bare `x`s, which is not JSON).
    pub fn oversized_body(mut self, bytes: usize) -> Self {
        self.kind = FaultKind::OversizedBody(bytes);
        self
    }

    /// Handles the request, then sends the real body in chunks of
    /// [`SLOW_DRIP_CHUNK`](crate::SLOW_DRIP_CHUNK) bytes with
    /// `chunk_delay` before each chunk.
    pub fn slow_drip(mut self, chunk_delay: Duration) -> Self {
        self.kind = FaultKind::SlowDrip(chunk_delay);
        self
    }

    /// Waits `latency` before doing anything else (can be combined with any
    /// kind).
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = Some(latency);
        self
    }

    fn matches(&self, method: &str, raw_path: &str) -> bool {
        (self.method == "*" || self.method.eq_ignore_ascii_case(method))
            && glob_match(self.path.as_bytes(), raw_path.as_bytes())
    }
}

/// Bytes per chunk sent by a [`Fault::slow_drip`] fault.
pub const SLOW_DRIP_CHUNK: usize = 16;

/// What the server should do for one request, taken from the first matching
/// fault.
#[derive(Clone, Debug)]
pub(crate) struct Applied {
    pub(crate) kind: FaultKind,
    pub(crate) latency: Option<Duration>,
}

/// The injected faults, in injection order.
#[derive(Debug, Default)]
pub(crate) struct FaultSet {
    faults: Mutex<Vec<Fault>>,
}

impl FaultSet {
    pub(crate) fn inject(&self, fault: Fault) {
        if fault.times == Some(0) {
            return;
        }
        self.lock().push(fault);
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    /// Finds the first matching fault, uses up one of its `times`, and
    /// returns what to do.
    pub(crate) fn take(&self, method: &str, raw_path: &str) -> Option<Applied> {
        let mut faults = self.lock();
        let idx = faults.iter().position(|f| f.matches(method, raw_path))?;
        let fault = &mut faults[idx];
        let applied = Applied {
            kind: fault.kind.clone(),
            latency: fault.latency,
        };
        if let Some(n) = fault.times.as_mut() {
            *n -= 1;
            if *n == 0 {
                faults.remove(idx);
            }
        }
        Some(applied)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Glob match: `**` = any bytes (including `/`, possibly none), `*` = one or
/// more bytes other than `/`, anything else literal.
fn glob_match(pat: &[u8], s: &[u8]) -> bool {
    if pat.is_empty() {
        return s.is_empty();
    }
    if pat.starts_with(b"**") {
        let rest = &pat[2..];
        return (0..=s.len()).any(|i| glob_match(rest, &s[i..]));
    }
    if pat[0] == b'*' {
        let rest = &pat[1..];
        let seg_len = s.iter().position(|&c| c == b'/').unwrap_or(s.len());
        return (1..=seg_len).any(|i| glob_match(rest, &s[i..]));
    }
    !s.is_empty() && s[0] == pat[0] && glob_match(&pat[1..], &s[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        glob_match(p.as_bytes(), s.as_bytes())
    }

    #[test]
    fn glob_semantics() {
        assert!(m("/api/snapshots/*", "/api/snapshots/abc"));
        assert!(!m("/api/snapshots/*", "/api/snapshots/"));
        assert!(!m("/api/snapshots/*", "/api/snapshots/a/b"));
        assert!(m("/api/snapshots/*", "/api/snapshots/..%2Fadmin"));
        assert!(m("/api/**", "/api/snapshots/a/b"));
        assert!(m("/api/**", "/api/"));
        assert!(m("**", "/anything"));
        assert!(m("/api/*/uid/*", "/api/dashboards/uid/x"));
        assert!(!m("/api/health", "/api/healthz"));
        assert!(m("/api/health", "/api/health"));
    }

    #[test]
    fn status_parts_in_any_order() {
        let f = Fault::on("*", "/x").retry_after("7").body("{}").status(429);
        assert_eq!(
            f.kind,
            FaultKind::Status {
                status: 429,
                retry_after: Some("7".into()),
                body: Some("{}".into())
            }
        );
    }

    #[test]
    fn times_are_used_up_in_order() {
        let set = FaultSet::default();
        set.inject(Fault::on("GET", "/a").times(1).status(500));
        set.inject(Fault::on("*", "/a").status(503));
        assert!(matches!(
            set.take("get", "/a").unwrap().kind,
            FaultKind::Status { status: 500, .. }
        ));
        for _ in 0..3 {
            assert!(matches!(
                set.take("POST", "/a").unwrap().kind,
                FaultKind::Status { status: 503, .. }
            ));
        }
        assert!(set.take("GET", "/b").is_none());
        set.clear();
        assert!(set.take("GET", "/a").is_none());
    }
}
