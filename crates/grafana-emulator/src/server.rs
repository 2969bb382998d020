//! The HTTP server: accept loop, per-request pipeline (record → fault →
//! handle → damage), and shutdown.
//!
//! Connections are served by hyper (HTTP/1.1 and HTTP/2 with prior
//! knowledge) directly rather than `axum::serve`, because a dropped-connection
//! fault needs the service to fail so that hyper closes the socket without
//! writing anything.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::api;
use crate::app::App;
use crate::faults::{FaultKind, SLOW_DRIP_CHUNK};
use crate::recording::RecordedRequest;

/// Largest request body the emulator reads (bigger bodies are cut here).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Error returned by the service to make hyper drop the connection.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// Accepts connections until `shutdown` turns true, then stops accepting and
/// closes open connections.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = shutdown.changed() => break,
        };
        let (stream, _peer) = match accepted {
            Ok(x) => x,
            Err(_) => {
                // Out of file descriptors or similar: back off briefly.
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let app = app.clone();
                async move { handle(app, req).await }
            });
            let builder = auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                _ = conn_shutdown.changed() => {}
            }
        });
    }
}

/// Binds `addr`.
pub(crate) async fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// The per-request pipeline.
async fn handle(app: Arc<App>, req: Request<Incoming>) -> Result<Response, DropConnection> {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(Body::new(body), MAX_BODY)
        .await
        .unwrap_or_default();
    let method = parts.method.as_str();
    let raw_path = parts.uri.path();
    let raw_query = parts.uri.query();
    let seq = if app.recorder.enabled() {
        app.recorder
            .start(record(&parts, &body, app.recorder.body_limit()))
    } else {
        u64::MAX
    };

    let fault = app.faults.take(method, raw_path);
    if let Some(lat) = fault.as_ref().and_then(|f| f.latency) {
        tokio::time::sleep(lat).await;
    }
    let kind = fault.map_or(FaultKind::None, |f| f.kind);
    let real = || api::dispatch(&app, method, raw_path, raw_query, &parts.headers, &body);
    let response = match kind {
        FaultKind::DropConnection => {
            app.recorder.finish(seq, 0);
            return Err(DropConnection);
        }
        FaultKind::None => real(),
        FaultKind::Status {
            status,
            retry_after,
            body,
        } => status_fault(status, retry_after.as_deref(), body),
        FaultKind::NonJsonBody => api::respond::raw(
            200,
            "application/json",
            b"this is not JSON {\"message\":".to_vec(),
        ),
        FaultKind::HtmlBody => {
            api::respond::raw(200, "text/html; charset=UTF-8", LOGIN_PAGE.to_vec())
        }
        FaultKind::EmptyBody => api::respond::raw(200, "application/json", Vec::new()),
        FaultKind::OversizedBody(n) => api::respond::raw(200, "application/json", oversized(n)),
        FaultKind::TruncatedBody => truncate(real()).await,
        FaultKind::SlowDrip(delay) => slow_drip(real(), delay).await,
    };
    app.recorder.finish(seq, response.status().as_u16());
    Ok(response)
}

/// The log entry of a request (status `0` until it is answered), with at
/// most `body_limit` bytes of its body.
fn record(parts: &axum::http::request::Parts, body: &[u8], body_limit: usize) -> RecordedRequest {
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    RecordedRequest {
        method: parts.method.as_str().to_string(),
        raw_path: parts.uri.path().to_string(),
        raw_query: parts.uri.query().map(str::to_string),
        headers,
        body: body[..body.len().min(body_limit)].to_vec(),
        body_truncated: body.len() > body_limit,
        status: 0,
    }
}

fn status_fault(status: u16, retry_after: Option<&str>, body: Option<String>) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = match body {
        Some(b) if serde_json::from_str::<serde_json::Value>(&b).is_ok() => {
            api::respond::raw(status, "application/json", b.into_bytes())
        }
        Some(b) => api::respond::raw(status, "text/plain; charset=utf-8", b.into_bytes()),
        None => api::respond::message(status, code.canonical_reason().unwrap_or("Error")),
    };
    *resp.status_mut() = code;
    if let Some(v) = retry_after.and_then(|v| HeaderValue::from_str(v).ok()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// A JSON string of exactly `n` bytes (or bare `x`s when `n < 2`).
fn oversized(n: usize) -> Vec<u8> {
    if n < 2 {
        return vec![b'x'; n];
    }
    let mut v = Vec::with_capacity(n);
    v.push(b'"');
    v.resize(n - 1, b'x');
    v.push(b'"');
    v
}

/// Reads a response body fully (our own bodies are in memory).
async fn body_bytes(resp: Response) -> (axum::http::response::Parts, Bytes) {
    let (parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    (parts, bytes)
}

/// Keeps status and headers, announces the full length, sends half the body
/// and then fails the body stream so hyper closes the connection.
async fn truncate(resp: Response) -> Response {
    let (mut parts, bytes) = body_bytes(resp).await;
    let full = bytes.len();
    let half = bytes.slice(..full / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
    // Yield the half, then pause (so hyper flushes the head and the half to
    // the socket), then fail the stream, which makes hyper abort the
    // connection.
    let stream = futures_util::stream::unfold(Some(half), |state| async move {
        match state {
            Some(half) => Some((Ok(half), None)),
            None => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                let err = io::Error::new(
                    io::ErrorKind::ConnectionAborted,
                    "truncated by injected fault",
                );
                Some((Err(err), None))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Sends the body in [`SLOW_DRIP_CHUNK`]-byte chunks, sleeping `delay` before
/// each.
async fn slow_drip(resp: Response, delay: Duration) -> Response {
    let (mut parts, bytes) = body_bytes(resp).await;
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    let stream = futures_util::stream::unfold(bytes, move |rest| async move {
        if rest.is_empty() {
            return None;
        }
        tokio::time::sleep(delay).await;
        let n = rest.len().min(SLOW_DRIP_CHUNK);
        let chunk = rest.slice(..n);
        let rest = rest.slice(n..);
        Some((Ok::<Bytes, Infallible>(chunk), rest))
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// What a Grafana behind an expired SSO session or a misrouted proxy returns:
/// the login page, 200, HTML.
const LOGIN_PAGE: &[u8] = br#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Grafana</title>
    <base href="/" />
  </head>
  <body class="theme-dark app-grafana">
    <div class="preloader"><div class="preloader__text">Loading Grafana</div></div>
    <script>window.grafanaBootData = {"user":{"isSignedIn":false}};</script>
    <form action="/login" method="post"><input name="user" /><input name="password" type="password" /></form>
  </body>
</html>
"#;
