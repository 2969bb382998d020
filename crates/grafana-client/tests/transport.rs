//! Transport-level behaviour that every call shares.
//!
//! - Request framing, on both clients: a `POST`/`PUT`/`PATCH` without a body
//!   says `Content-Length: 0` (RFC 9110, section 8.6; proxies that enforce it
//!   answer 411 otherwise), one with a body says its length, and a bodiless
//!   `GET`/`HEAD`/`DELETE` sends neither `Content-Length` nor
//!   `Transfer-Encoding`. Checked with a raw TCP listener that records the
//!   request head exactly as it arrived.
//! - Where the blocking client works: inside `tokio::task::spawn_blocking`
//!   of either runtime flavour, on a plain thread, inside `Runtime::enter`
//!   and `block_in_place`; and the [`Error::Misuse`] it answers, without a
//!   panic and without sending anything, when called directly in async code.
//!   These run against the emulator, or a real Grafana when `GRAFANA_URL` is
//!   set.

#[macro_use]
mod support;

use std::io::{ErrorKind as IoErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use grafana_client::{Error, GrafanaApi, RetryPolicy};
use http::Method;
use serde_json::json;
use support::{Drive, Target};

both_clients!(
    bodiless_writes_send_content_length_zero,
    writes_with_a_body_send_the_body_length,
    bodiless_reads_and_deletes_send_no_length,
    bodiless_endpoint_methods_send_content_length_zero,
);

// ---------------------------------------------------------------------------
// A raw HTTP/1.1 listener that records each request head as it arrived.

/// One request as it arrived on the socket.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    /// Header names lowercased, values as sent, in arrival order.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    /// Every value of a header (names compared lowercased).
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Answers every request with `200 {"message":"ok"}` and closes the
/// connection, so that each request arrives on a fresh one.
struct RawServer {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RawServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (seen, stop) = (seen.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    serve(stream, &seen);
                }
            })
        };
        RawServer {
            addr,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn client<C: Drive>(&self) -> C {
        C::build(
            GrafanaApi::builder()
                .url(&self.url())
                .retry(RetryPolicy::none()),
        )
    }

    /// The requests seen since the last call.
    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().expect("lock"))
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request (head, and a body framed by `Content-Length` or chunked
/// encoding), records what arrived in `seen` and only then answers it, so a
/// client that has its answer finds its request recorded.
fn serve(mut stream: TcpStream, seen: &Mutex<Vec<Seen>>) -> Option<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == IoErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = buf[head_end + 4..].to_vec();
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    loop {
        let done = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => true,
        };
        if done {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == IoErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    seen.lock().ok()?.push(Seen {
        method: method.clone(),
        path,
        headers,
        body,
    });
    let answer = br#"{"message":"ok"}"#;
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        answer.len()
    )
    .into_bytes();
    if method != "HEAD" {
        response.extend_from_slice(answer);
    }
    let _ = stream.write_all(&response);
    let _ = stream.flush();
    Some(())
}

// ---------------------------------------------------------------------------
// Framing of bodiless and bodied requests, on both clients.

fn bodiless_writes_send_content_length_zero<C: Drive>() {
    let server = RawServer::start();
    let api: C = server.client();
    for method in [Method::POST, Method::PUT, Method::PATCH] {
        let answer = api
            .run(api.raw().request(method.clone(), "api/bodiless"))
            .unwrap();
        assert_eq!(answer, json!({"message": "ok"}));
        let seen = server.take();
        assert_eq!(seen.len(), 1, "{method}: {seen:?}");
        let r = &seen[0];
        assert_eq!(r.method, method.as_str());
        assert_eq!(r.path, "/api/bodiless");
        assert_eq!(r.all("content-length"), ["0"], "{method}: {r:?}");
        assert!(r.all("transfer-encoding").is_empty(), "{method}: {r:?}");
        assert!(r.all("content-type").is_empty(), "{method}: {r:?}");
        assert!(r.body.is_empty(), "{method}: {r:?}");
    }
}

fn writes_with_a_body_send_the_body_length<C: Drive>() {
    let server = RawServer::start();
    let api: C = server.client();
    let body = json!({"name": "é", "n": 1});
    let expected = serde_json::to_vec(&body).unwrap();
    assert_eq!(expected.len(), 19, "é is two bytes");
    for method in [Method::POST, Method::PUT, Method::PATCH] {
        api.run(
            api.raw()
                .request(method.clone(), "api/with-body")
                .body(&body),
        )
        .unwrap();
        let seen = server.take();
        assert_eq!(seen.len(), 1, "{method}: {seen:?}");
        let r = &seen[0];
        assert_eq!(r.method, method.as_str());
        assert_eq!(r.all("content-length"), ["19"], "{method}: {r:?}");
        assert!(r.all("transfer-encoding").is_empty(), "{method}: {r:?}");
        assert_eq!(
            r.all("content-type"),
            ["application/json; charset=utf-8"],
            "{method}: {r:?}"
        );
        assert_eq!(r.body, expected, "{method}");
    }
}

fn bodiless_reads_and_deletes_send_no_length<C: Drive>() {
    let server = RawServer::start();
    let api: C = server.client();
    for method in [Method::GET, Method::HEAD, Method::DELETE] {
        // A HEAD answer has no body to decode; only the request matters here.
        let _ = api.run(api.raw().request(method.clone(), "api/no-body"));
        let seen = server.take();
        assert_eq!(seen.len(), 1, "{method}: {seen:?}");
        let r = &seen[0];
        assert_eq!(r.method, method.as_str());
        assert!(r.all("content-length").is_empty(), "{method}: {r:?}");
        assert!(r.all("transfer-encoding").is_empty(), "{method}: {r:?}");
        assert!(r.body.is_empty(), "{method}: {r:?}");
    }
}

/// Endpoint methods that write without a body (starring, switching
/// organization) go out with `Content-Length: 0` too.
fn bodiless_endpoint_methods_send_content_length_zero<C: Drive>() {
    let server = RawServer::start();
    let api: C = server.client();
    let message = api.run(api.user().star_dashboard("abc")).unwrap();
    assert_eq!(message.message, "ok");
    api.run(api.organizations().switch_organization(7)).unwrap();
    let seen = server.take();
    let framing: Vec<(&str, &str, Vec<&str>)> = seen
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str(), r.all("content-length")))
        .collect();
    assert_eq!(
        framing,
        [
            ("POST", "/api/user/stars/dashboard/uid/abc", vec!["0"]),
            ("POST", "/api/user/using/7", vec!["0"]),
        ]
    );
}

// ---------------------------------------------------------------------------
// Where the blocking client works, and where it is refused.

fn blocking_api(t: &Target) -> grafana_client::blocking::GrafanaApi {
    t.admin().blocking().build().expect("blocking client")
}

fn multi_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Number of requests the emulator has seen (`None` on a real Grafana).
fn request_count(t: &Target) -> Option<usize> {
    t.emu.as_ref().map(|emu| emu.requests().len())
}

/// The health answer, which is the same on the emulator and on Grafana.
fn health_of(api: &grafana_client::blocking::GrafanaApi) -> grafana_client::Result<String> {
    api.health().check().send().map(|h| h.database)
}

fn expect_misuse(result: grafana_client::Result<String>, place: &str) {
    match result {
        Err(Error::Misuse(m)) => {
            assert!(m.starts_with("the blocking client was called "), "{m}");
            assert!(m.contains(place), "{m}");
            assert!(
                m.ends_with(
                    "where waiting would stall the async runtime; use \
                     grafana_client::GrafanaApi there, or move the call into \
                     tokio::task::spawn_blocking"
                ),
                "{m}"
            );
            let shown = Error::Misuse(m.clone()).to_string();
            assert_eq!(shown, format!("misuse: {m}"));
        }
        other => panic!("expected Error::Misuse, got {other:?}"),
    }
}

fn works_inside_spawn_blocking(rt: tokio::runtime::Runtime) {
    let t = Target::new();
    let api = blocking_api(&t);
    let before = request_count(&t);
    let database = rt
        .block_on(async move {
            tokio::task::spawn_blocking(move || health_of(&api))
                .await
                .expect("no panic in spawn_blocking")
        })
        .unwrap();
    assert_eq!(database, "ok");
    if let Some(before) = before {
        assert_eq!(request_count(&t), Some(before + 1));
    }
}

#[test]
fn blocking_client_works_inside_spawn_blocking_of_a_multi_thread_runtime() {
    works_inside_spawn_blocking(multi_thread());
}

#[test]
fn blocking_client_works_inside_spawn_blocking_of_a_current_thread_runtime() {
    works_inside_spawn_blocking(current_thread());
}

#[test]
fn blocking_client_works_on_a_plain_thread() {
    let t = Target::new();
    let api = blocking_api(&t);
    let database = std::thread::spawn(move || health_of(&api))
        .join()
        .expect("no panic")
        .unwrap();
    assert_eq!(database, "ok");
}

#[test]
fn blocking_client_works_inside_runtime_enter() {
    let t = Target::new();
    let api = blocking_api(&t);
    for rt in [multi_thread(), current_thread()] {
        let _entered = rt.enter();
        assert_eq!(health_of(&api).unwrap(), "ok");
    }
}

#[test]
fn blocking_client_works_inside_block_in_place() {
    let t = Target::new();
    let api = blocking_api(&t);
    let database = multi_thread()
        .block_on(async move {
            tokio::spawn(async move { tokio::task::block_in_place(|| health_of(&api)) })
                .await
                .expect("no panic in the task")
        })
        .unwrap();
    assert_eq!(database, "ok");
}

#[test]
fn blocking_client_works_from_many_spawn_blocking_threads_at_once() {
    let t = Target::new();
    let api = blocking_api(&t);
    let answers = multi_thread().block_on(async move {
        let calls: Vec<_> = (0..16)
            .map(|_| {
                let api = api.clone();
                tokio::task::spawn_blocking(move || health_of(&api))
            })
            .collect();
        let mut answers = Vec::new();
        for call in calls {
            answers.push(call.await.expect("no panic").unwrap());
        }
        answers
    });
    assert_eq!(answers, vec!["ok".to_owned(); 16]);
}

fn refused_inside_a_task(rt: tokio::runtime::Runtime) {
    let t = Target::new();
    let api = blocking_api(&t);
    let before = request_count(&t);
    let (result, budget_left) = rt.block_on(async move {
        tokio::spawn(async move {
            let result = health_of(&api);
            // The task goes on normally afterwards: the probe gave back the
            // budget it took, and async work still completes.
            let budget_left = tokio::task::coop::has_budget_remaining();
            tokio::time::sleep(Duration::from_millis(1)).await;
            // Dropping the last blocking client in async code is fine.
            drop(api);
            (result, budget_left)
        })
        .await
        .expect("no panic in the task")
    });
    expect_misuse(result, "on an async runtime's worker thread, ");
    assert!(budget_left);
    assert_eq!(request_count(&t), before, "nothing was sent");
}

#[test]
fn blocking_client_is_refused_inside_a_task_of_a_multi_thread_runtime() {
    refused_inside_a_task(multi_thread());
}

#[test]
fn blocking_client_is_refused_inside_a_task_of_a_current_thread_runtime() {
    refused_inside_a_task(current_thread());
}

#[test]
fn blocking_client_is_refused_in_the_future_of_block_on() {
    // What `#[tokio::main]` runs: the future of `Runtime::block_on`. On a
    // multi-thread runtime that thread is not a worker, yet it is async code.
    let t = Target::new();
    let api = blocking_api(&t);
    let before = request_count(&t);
    let result = multi_thread().block_on(async { health_of(&api) });
    expect_misuse(result, "inside a future polled by an async runtime, ");
    let result = current_thread().block_on(async { health_of(&api) });
    expect_misuse(result, "on an async runtime's worker thread, ");
    assert_eq!(request_count(&t), before, "nothing was sent");
    // And the same client works again once out of async code.
    assert_eq!(health_of(&api).unwrap(), "ok");
}

#[test]
fn blocking_client_does_not_panic_where_async_code_cannot_be_told_apart() {
    // A future opted out of tokio's budget on a multi-thread runtime's
    // `block_on` thread (not a worker) looks like a `spawn_blocking` thread.
    // Tokio would panic in `Runtime::block_on` there; the client's own
    // runtime answers instead, and only this future waits.
    let t = Target::new();
    let api = blocking_api(&t);
    let result =
        multi_thread().block_on(tokio::task::coop::unconstrained(async { health_of(&api) }));
    assert_eq!(result.unwrap(), "ok");
}
