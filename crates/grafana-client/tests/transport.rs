//! Transport-level behaviour that every call shares; the request each
//! endpoint builds is pinned without HTTP in `tests/requests/`.
//!
//! - On the wire, against a mock server, on both clients (`wire`):
//!   credentials of every kind, the org header, user agent, `Accept` and
//!   `Content-Type`, encoding, sub-path installations, version detection,
//!   answer forms (typed, `.json()`, `.value()`, text, `/api/ds/query`'s
//!   400), every error status and body shape, decode failures and the size
//!   cap, retries, timeouts, redirects, and secrets kept out of errors.
//! - Secrets never in `Debug`/`Display` of credentials, builders, clients,
//!   calls and configuration errors (`redaction`, no HTTP).
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

// ===========================================================================
// On the wire, against a mock server, on both clients: what only HTTP can
// show. Request shapes are pinned without HTTP in `tests/requests/`.

mod mock_server;

mod wire {
    use std::time::{Duration, Instant};

    use grafana_client::models::Message;
    use grafana_client::{
        Anonymous, BasicAuth, Client, ClientBuilder, Error, ErrorBody, ErrorKind, GrafanaApi,
        GrafanaVersion, HeaderAuth, RetryPolicy, TokenAuth, DEFAULT_USER_AGENT,
    };
    use http::StatusCode;
    use serde_json::{json, Value};
    use wiremock::matchers::{any, path};
    use wiremock::{Mock, Request as Recorded, ResponseTemplate};

    use crate::mock_server::*;

    type Probe<A> = fn(&Env, &A, Option<i64>) -> grafana_client::Result<Value>;

    /// One call per verb (with and without a body and a query), each with
    /// the method and path it must arrive with; the per-call org is applied
    /// when given.
    fn probes<M: Mode>() -> Vec<(&'static str, &'static str, &'static str, Probe<M::Api>)> {
        fn org<C: grafana_client::Client, E: grafana_client::Endpoint>(
            c: grafana_client::Call<C, E>,
            o: Option<i64>,
        ) -> grafana_client::Call<C, E> {
            match o {
                Some(o) => c.org_id(o),
                None => c,
            }
        }
        vec![
            ("health.check", "GET", "/api/health", |e, a, o| {
                M::send(e, org(a.health().check().value(), o))
            }),
            (
                "snapshots.create_new_snapshot",
                "POST",
                "/api/snapshots",
                |e, a, o| {
                    M::send(
                        e,
                        org(
                            a.snapshots()
                                .create_new_snapshot(&json!({"uid": "d1"}))
                                .name("n")
                                .value(),
                            o,
                        ),
                    )
                },
            ),
            (
                "folder.update_folder",
                "PUT",
                "/api/folders/f1",
                |e, a, o| M::send(e, org(a.folder().update_folder("f1").title("T").value(), o)),
            ),
            ("raw.patch", "PATCH", "/api/org/preferences", |e, a, o| {
                M::send(
                    e,
                    org(
                        a.raw()
                            .patch("api/org/preferences")
                            .param("a", 1)
                            .body(&json!({"theme": "dark"})),
                        o,
                    ),
                )
            }),
            (
                "dashboard.delete_dashboard",
                "DELETE",
                "/api/dashboards/uid/d1",
                |e, a, o| M::send(e, org(a.dashboard().delete_dashboard("d1").value(), o)),
            ),
            (
                "search.search_dashboards",
                "GET",
                "/api/search",
                |e, a, o| {
                    M::send(
                        e,
                        org(a.search().search_dashboards().query("cpu & mem").value(), o),
                    )
                },
            ),
        ]
    }

    /// Runs every probe on `api` against a server answering `{}`, returning
    /// the one request each sent.
    fn run_probes<M: Mode>(env: &Env, api: &M::Api, org: Option<i64>, ctx: &str) -> Vec<Recorded> {
        probes::<M>()
            .into_iter()
            .map(|(name, verb, p, run)| {
                env.answer_json(200, json!({}));
                run(env, api, org).unwrap_or_else(|e| panic!("{ctx} {name}: {e:?}"));
                let r = env.only_request(&format!("{ctx} {name}"));
                assert_eq!((r.method.as_str(), r.url.path()), (verb, p), "{ctx} {name}");
                r
            })
            .collect()
    }

    // ------------------------------------------------------ headers

    /// Every kind of credentials, on every verb: the header each sends, and
    /// never credentials in the URL.
    fn credentials<M: Mode>() {
        let env = Env::new();
        type Setup = fn(ClientBuilder, u16) -> ClientBuilder;
        let kinds: [(&str, Setup, Option<&str>, Option<&str>); 6] = [
            (
                "token",
                |b, _| b.auth(TokenAuth::new(TOKEN)),
                Some(BEARER),
                None,
            ),
            (
                "basic",
                |b, _| b.auth(BasicAuth::new("admin", PASSWORD)),
                Some(BASIC_ADMIN),
                None,
            ),
            (
                "header",
                |b, _| b.auth(HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).expect("valid")),
                None,
                Some(HEADER_SECRET),
            ),
            ("anonymous", |b, _| b.auth(Anonymous), None, None),
            ("default", |b, _| b, None, None),
            (
                "url credentials",
                |b, port| b.url(&format!("http://admin:{PASSWORD}@127.0.0.1:{port}/")),
                Some(BASIC_ADMIN),
                None,
            ),
        ];
        for (kind, setup, authz, webauth) in kinds {
            let api = M::build(setup(env.builder(), env.port())).unwrap();
            for r in run_probes::<M>(&env, &api, None, kind) {
                assert_auth_org(&r, authz, None, kind);
                assert_eq!(hdr(&r, "x-webauth-user").as_deref(), webauth, "{kind}");
                assert_eq!((r.url.username(), r.url.password()), ("", None), "{kind}");
            }
        }
    }

    /// `X-Grafana-Org-Id`: from the builder (0 included), `with_org_id`
    /// (which leaves the original alone), and per call over either.
    fn org_header<M: Mode>() {
        let env = Env::new();
        let none = M::build(env.builder()).unwrap();
        let three = M::build(env.builder().organization_id(3)).unwrap();
        let five = M::with_org_id(&three, 5);
        assert_eq!(
            (
                M::organization_id(&none),
                M::organization_id(&three),
                M::organization_id(&five)
            ),
            (None, Some(3), Some(5))
        );
        let cases = [
            ("not set", &none, None, None),
            ("builder 3", &three, None, Some("3")),
            ("with_org_id(5)", &five, None, Some("5")),
            ("call .org_id(7) over 3", &three, Some(7), Some("7")),
            ("call .org_id(0) over none", &none, Some(0), Some("0")),
            (
                "call .org_id(8) over with_org_id",
                &five,
                Some(8),
                Some("8"),
            ),
            (
                "with_org_id(-1) over none",
                &M::with_org_id(&none, -1),
                None,
                Some("-1"),
            ),
            (
                "builder 0",
                &M::build(env.builder().organization_id(0)).unwrap(),
                None,
                Some("0"),
            ),
        ];
        for (case, api, per_call, want) in cases {
            for r in run_probes::<M>(&env, api, per_call, case) {
                assert_auth_org(&r, None, want, case);
            }
        }
        assert_eq!(
            M::organization_id(&three),
            Some(3),
            "the original is untouched"
        );
        // connect() and version() carry the client's org too
        env.answer_json(200, json!({"buildInfo": {"version": "12.2.0"}}));
        M::connect(&env, &five).unwrap();
        assert_auth_org(&env.only_request("connect"), None, Some("5"), "connect");
    }

    /// User agent, `Accept`, and a JSON `Content-Type` only with a body.
    fn user_agent_accept_content_type<M: Mode>() {
        assert_eq!(DEFAULT_USER_AGENT, UA);
        let env = Env::new();
        let api = M::build(env.builder()).unwrap();
        for r in run_probes::<M>(&env, &api, None, "default") {
            assert_eq!(hdr(&r, "user-agent").as_deref(), Some(UA));
            assert_eq!(hdr(&r, "accept").as_deref(), Some("application/json"));
            let body = !r.body.is_empty();
            assert_eq!(
                hdr(&r, "content-type").as_deref(),
                body.then_some(JSON_UTF8),
                "{} {}",
                r.method,
                r.url
            );
        }
        let api = M::build(env.builder().user_agent("my-bot/2.0")).unwrap();
        for r in run_probes::<M>(&env, &api, None, "custom") {
            assert_eq!(hdr(&r, "user-agent").as_deref(), Some("my-bot/2.0"));
        }
    }

    /// One hostile path value and query value, as they arrive.
    fn encoding_on_the_wire<M: Mode>() {
        let env = Env::new();
        let api = M::build(env.builder()).unwrap();
        env.answer_json(200, json!([]));
        M::send(
            &env,
            api.search()
                .search_dashboards()
                .query("a&b=c #d+e%_ü")
                .tag("a b"),
        )
        .unwrap();
        let r = env.only_request("search");
        assert_eq!(
            r.url.query(),
            Some("query=a%26b%3Dc+%23d%2Be%25_%C3%BC&tag=a+b")
        );
        env.answer_json(200, json!({}));
        M::send(
            &env,
            api.dashboard()
                .get_dashboard("../admin/users?x=1#f")
                .value(),
        )
        .unwrap();
        let r = env.only_request("get_dashboard");
        assert_eq!(
            (r.url.path(), r.url.query(), r.url.fragment()),
            (
                "/api/dashboards/uid/..%2Fadmin%2Fusers%3Fx%3D1%23f",
                None,
                None
            )
        );
    }

    /// Sub-path installations: every way to say `/grafana` sends below it.
    fn sub_path<M: Mode>() {
        let env = Env::new();
        let uri = env.uri();
        let clients = [
            M::build(env.builder().url_path_prefix("grafana")).unwrap(),
            M::build(env.builder().url_path_prefix("/grafana/")).unwrap(),
            M::from_url(&format!("{uri}/grafana")).unwrap(),
            M::from_url(&format!("{uri}/grafana/")).unwrap(),
            M::build(env.builder().url(&format!("{uri}/grafana"))).unwrap(),
        ];
        for api in &clients {
            assert_eq!(M::base_url(api), format!("{uri}/grafana/"));
            for (name, _, p, run) in probes::<M>() {
                env.answer_json(200, json!({}));
                run(&env, api, None).unwrap();
                assert_eq!(
                    env.only_request(name).url.path(),
                    format!("/grafana{p}"),
                    "{name}"
                );
            }
        }
        // errors name the full path
        env.answer_json(404, json!({"message": "Dashboard not found"}));
        let api = M::build(env.builder().url_path_prefix("a/b")).unwrap();
        let e = M::send(&env, api.dashboard().get_dashboard("x/y")).unwrap_err();
        assert_eq!(
            e.api().map(|a| a.path.as_str()),
            Some("/a/b/api/dashboards/uid/x%2Fy")
        );
    }

    // ------------------------------------------------ version and connect

    fn mount_path(env: &Env, p: &str, status: u16, body: Value) {
        env.mount(
            Mock::given(path(p)).respond_with(ResponseTemplate::new(status).set_body_json(body)),
        );
    }

    fn settings(version: &str) -> Value {
        json!({"appUrl": "http://localhost:3000/", "buildInfo": {"version": version, "commit": "abc123", "edition": "Open Source", "env": "production", "latestVersion": ""}})
    }

    /// connect() always asks and fills the cache; version()/get_version()
    /// ask once per client (clones share it); `/api/health` is the fallback
    /// when the settings are refused or carry no (or an empty) version.
    fn version_and_connect<M: Mode>() {
        let env = Env::new();
        mount_path(&env, "/api/frontend/settings", 200, settings("12.2.0"));
        let api = M::build(env.builder().auth(TokenAuth::new(TOKEN))).unwrap();
        let info = M::connect(&env, &api).unwrap();
        assert_eq!(
            (
                info.version.as_str(),
                info.commit.as_deref(),
                info.extra.len()
            ),
            ("12.2.0", Some("abc123"), 2)
        );
        assert_eq!(M::version(&env, &api).unwrap(), "12.2.0");
        assert_eq!(
            M::get_version(&env, &M::with_org_id(&api, 2)).unwrap(),
            GrafanaVersion::new(12, 2, 0)
        );
        let r = env.only_request("connect, then cached");
        assert_eq!(r.url.path(), "/api/frontend/settings");
        assert_auth_org(&r, Some(BEARER), None, "connect");
        M::connect(&env, &api).unwrap();
        assert_eq!(env.requests().len(), 2, "connect() always asks");

        let cases = [
            (
                "401 then health",
                401,
                json!({"message": "Unauthorized"}),
                "10.4.1",
                2,
            ),
            ("no buildInfo", 200, json!({"appUrl": "/"}), "9.5.2", 2),
            (
                "empty version (hide_version)",
                200,
                json!({"buildInfo": {"version": "", "commit": ""}}),
                "12.0.0",
                2,
            ),
            (
                "suffix",
                200,
                settings("11.3.0-75420.patch2-75797"),
                "11.3.0-75420.patch2-75797",
                1,
            ),
        ];
        for (case, status, answer, want, asked) in cases {
            env.reset();
            mount_path(&env, "/grafana/api/frontend/settings", status, answer);
            mount_path(
                &env,
                "/grafana/api/health",
                200,
                json!({"database": "ok", "version": want}),
            );
            let api = M::from_url(&format!("{}/grafana", env.uri())).unwrap();
            assert_eq!(M::version(&env, &api).unwrap(), want, "{case}");
            assert_eq!(M::version(&env, &api).unwrap(), want, "{case}: again");
            assert_eq!(
                M::get_version(&env, &api).unwrap().to_string(),
                want,
                "{case}"
            );
            assert_eq!(
                env.requests().len(),
                asked,
                "{case}: settings, then health, then nothing"
            );
        }
        // no buildInfo: connect() is a decode error of that answer
        env.reset();
        mount_path(&env, "/api/frontend/settings", 200, json!({"appUrl": "/"}));
        match M::connect(&env, &M::build(env.builder()).unwrap()) {
            Err(Error::Decode(d)) => assert!(
                d.path == "/api/frontend/settings" && d.reason.contains("buildInfo"),
                "{d}"
            ),
            other => panic!("{other:?}"),
        }
        // no version anywhere: the settings error is reported
        env.reset();
        mount_path(
            &env,
            "/api/frontend/settings",
            401,
            json!({"message": "Unauthorized"}),
        );
        mount_path(&env, "/api/health", 200, json!({"database": "ok"}));
        let api = M::build(env.builder()).unwrap();
        let e = M::version(&env, &api).unwrap_err();
        assert!(
            e.is_unauthorized() && e.api().is_some_and(|a| a.path == "/api/frontend/settings"),
            "{e:?}"
        );
        assert!(M::get_version(&env, &api).unwrap_err().is_unauthorized());
        // an unparsable version: version() gives it, get_version() refuses it
        env.reset();
        mount_path(
            &env,
            "/api/frontend/settings",
            200,
            settings("not-a-version"),
        );
        let api = M::build(env.builder()).unwrap();
        assert_eq!(M::version(&env, &api).unwrap(), "not-a-version");
        match M::get_version(&env, &api) {
            Err(Error::Decode(d)) => assert!(
                d.json_path == ".buildInfo.version" && d.reason.contains("not-a-version"),
                "{d}"
            ),
            other => panic!("{other:?}"),
        }
    }

    /// Concurrent first calls share one request to `/api/frontend/settings`.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_version_calls_ask_once() {
        let server = wiremock::MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"buildInfo": {"version": "12.2.0"}}))
                    .set_delay(Duration::from_millis(100)),
            )
            .mount(&server)
            .await;
        let api = GrafanaApi::builder()
            .url(&server.uri())
            .no_proxy()
            .build()
            .unwrap();
        let calls: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn({
                    let api = api.clone();
                    async move { api.version().await }
                })
            })
            .collect();
        for c in calls {
            assert_eq!(c.await.unwrap().unwrap(), "12.2.0");
        }
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }

    /// The async client `.await`ed directly in a tokio runtime.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn async_client_awaited_in_a_tokio_runtime() {
        let server = wiremock::MockServer::start().await;
        let created = json!({"key": "AbC123", "deleteKey": "D", "url": "u", "deleteUrl": "du"});
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(&created))
            .mount(&server)
            .await;
        let api = GrafanaApi::builder()
            .url(&server.uri())
            .no_proxy()
            .auth(TokenAuth::new(TOKEN))
            .build()
            .unwrap();
        let s = api
            .snapshots()
            .create_new_snapshot(&json!({"uid": "x"}))
            .expires(60)
            .await
            .unwrap();
        assert_eq!(s.key, "AbC123");
        assert_eq!(
            api.snapshots()
                .create_new_snapshot(&json!({"uid": "x"}))
                .send()
                .await
                .unwrap(),
            s
        );
        let bodies: Vec<Value> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| serde_json::from_slice(&r.body).unwrap())
            .collect();
        assert_eq!(
            bodies,
            [
                json!({"dashboard": {"uid": "x"}, "expires": 60}),
                json!({"dashboard": {"uid": "x"}})
            ]
        );
    }

    /// The blocking client refuses to run inside a runtime, and sends nothing.
    #[test]
    fn blocking_client_refuses_inside_a_runtime() {
        let env = Env::new();
        env.answer_json(200, json!({"database": "ok"}));
        let api = Blocking::build(env.builder()).unwrap();
        let result = env.rt.block_on(async { api.health().check().send() });
        assert!(
            matches!(&result, Err(Error::Misuse(m)) if m.contains("async runtime")),
            "{result:?}"
        );
        assert!(matches!(
            env.rt.block_on(async { api.version() }),
            Err(Error::Misuse(_))
        ));
        assert!(env.requests().is_empty());
        api.health().check().send().unwrap();
        assert_eq!(env.requests().len(), 1, "outside the runtime it works");
    }

    // --------------------------------------------------- answers

    /// The typed answer, `.json::<T>()` and `.value()` read the same bytes;
    /// a `text/*` answer of a text call is text; `/api/ds/query`'s 400 with
    /// `results` is an answer.
    fn answer_forms<M: Mode>() {
        let env = Env::new();
        let api = M::build(env.builder()).unwrap();
        let served = json!({"commit": "c0ffee", "database": "ok", "version": "12.2.0", "enterpriseCommit": "NA"});
        env.answer_json(200, served.clone());
        let typed = M::send(&env, api.health().check()).unwrap();
        assert_eq!(
            M::send(
                &env,
                api.health()
                    .check()
                    .json::<grafana_client::models::HealthResponse>()
            )
            .unwrap(),
            typed
        );
        assert_eq!(M::send(&env, api.health().check().value()).unwrap(), served);
        env.answer(ResponseTemplate::new(200).set_body_raw("pong\n", "text/plain; charset=utf-8"));
        assert_eq!(
            M::send(&env, api.raw().get("metrics").text().json::<String>()).unwrap(),
            "pong\n"
        );
        assert!(
            M::send(&env, api.raw().get("metrics")).is_err(),
            "text is not JSON without .text()"
        );
        let results =
            json!({"results": {"A": {"status": 400, "error": "bad query", "frames": []}}});
        env.answer_json(400, results.clone());
        let q: grafana_client::models::QueryRequest =
            serde_json::from_value(json!({"queries": [{"refId": "A"}]})).unwrap();
        let out = M::send(&env, api.datasource().ds_query(&q).value()).unwrap();
        assert_eq!(out, results);
        env.answer_json(400, json!({"message": "bad request"}));
        assert_eq!(
            M::send(&env, api.datasource().ds_query(&q))
                .unwrap_err()
                .status(),
            Some(StatusCode::BAD_REQUEST)
        );
    }

    // ------------------------------------------------------ errors

    const STATUSES: [u16; 12] = [400, 401, 403, 404, 409, 412, 422, 429, 500, 502, 503, 504];

    fn kind_of(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::BadInput,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            412 => ErrorKind::PreconditionFailed,
            422 => ErrorKind::Client,
            429 => ErrorKind::TooManyRequests,
            _ => ErrorKind::Server,
        }
    }

    /// (content type, body, message, messageId, status text, the kept body).
    type Shape = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        ErrorBody,
    );

    /// Grafana's error body shapes and what the error must read from them.
    fn shapes() -> Vec<Shape> {
        let rbac = "You'll need additional permissions to perform this action. Permissions needed: snapshots:delete";
        let j = |s: &str| ErrorBody::Json(serde_json::from_str(s).unwrap());
        let plain = r#"{"message":"Dashboard not found","traceID":""}"#;
        let errutil = r#"{"message":"Snapshot not found","messageId":"dashboardsnapshots.not-found","statusCode":404}"#;
        let mismatch = r#"{"status":"version-mismatch","message":"The dashboard has been changed by someone else"}"#;
        let access = r#"{"title":"Access denied","message":"You'll need additional permissions to perform this action. Permissions needed: snapshots:delete","accessErrorId":"ACE1234567890"}"#;
        let legacy = r#"{"error":"record not found"}"#;
        let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n";
        vec![
            (
                "application/json",
                plain,
                Some("Dashboard not found"),
                None,
                None,
                j(plain),
            ),
            (
                "application/json",
                errutil,
                Some("Snapshot not found"),
                Some("dashboardsnapshots.not-found"),
                None,
                j(errutil),
            ),
            (
                "application/json",
                mismatch,
                Some("The dashboard has been changed by someone else"),
                None,
                Some("version-mismatch"),
                j(mismatch),
            ),
            (
                "application/json",
                access,
                Some(rbac),
                None,
                None,
                j(access),
            ),
            (
                "application/json",
                legacy,
                Some("record not found"),
                None,
                None,
                j(legacy),
            ),
            (
                "text/html; charset=utf-8",
                html,
                Some("502 Bad Gateway nginx"),
                None,
                None,
                ErrorBody::Text(html.trim_end().to_owned()),
            ),
            ("application/json", "", None, None, None, ErrorBody::Empty),
        ]
    }

    /// Every status with every body shape, spread over the verbs, with the
    /// request id headers varied: the typed error reads all of it, is not
    /// retried (no retry policy), and its Display names it.
    fn error_answers<M: Mode>() {
        let env = Env::new();
        let api = M::build(env.builder()).unwrap();
        let probes = probes::<M>();
        for (i, status) in STATUSES.into_iter().enumerate() {
            for (j, (ct, body, message, message_id, status_text, kept)) in
                shapes().into_iter().enumerate()
            {
                let (name, verb, p, run) = probes[(i + j) % probes.len()];
                let mut t = ResponseTemplate::new(status)
                    .set_body_raw(body.as_bytes().to_vec(), ct)
                    .insert_header("retry-after", "0");
                let rid = match (i + j) % 4 {
                    0 => Some(("x-request-id", "req-1", "req-1")),
                    1 => Some(("x-grafana-request-id", "gr-2", "gr-2")),
                    2 => {
                        t = t.insert_header("x-grafana-request-id", "gr-3");
                        Some(("x-request-id", "req-3", "req-3"))
                    }
                    _ => None,
                };
                if let Some((k, v, _)) = rid {
                    t = t.insert_header(k, v);
                }
                env.answer(t);
                let ctx = format!("{name} {status} {body:?}");
                let err = run(&env, &api, None).expect_err(&ctx);
                env.only_request(&ctx);
                let e = err.api().unwrap_or_else(|| panic!("{ctx}: {err:?}"));
                assert_eq!(
                    (err.status(), err.kind(), e.kind()),
                    (
                        StatusCode::from_u16(status).ok(),
                        Some(kind_of(status)),
                        kind_of(status)
                    ),
                    "{ctx}"
                );
                assert_eq!(
                    (
                        e.message.as_deref(),
                        e.message_id.as_deref(),
                        e.status_text.as_deref()
                    ),
                    (message, message_id, status_text),
                    "{ctx}"
                );
                assert_eq!(e.body, kept, "{ctx}");
                assert_eq!(
                    (e.request_id.as_deref(), e.retry_after.as_deref()),
                    (rid.map(|r| r.2), Some("0")),
                    "{ctx}"
                );
                assert_eq!(
                    (e.method.as_str(), e.path.as_str()),
                    (verb, p),
                    "{ctx}: path without query"
                );
                let flags = [
                    err.is_not_found(),
                    err.is_unauthorized(),
                    err.is_forbidden(),
                    err.is_conflict(),
                    err.is_precondition_failed(),
                    err.is_timeout(),
                ];
                assert_eq!(
                    flags,
                    [
                        status == 404,
                        status == 401,
                        status == 403,
                        status == 409,
                        status == 412,
                        false
                    ],
                    "{ctx}"
                );
                let shown = err.to_string();
                for part in [verb, p, &status.to_string()]
                    .into_iter()
                    .chain(message)
                    .chain(rid.map(|r| r.2))
                {
                    assert!(shown.contains(part), "{ctx}: {part:?} not in {shown}");
                }
            }
        }
        // odd bodies never panic; a message is read only from a JSON object or text
        let odd: [(&str, &str, Option<&str>); 6] = [
            ("[1,2]", "application/json", None),
            ("\"just a string\"", "application/json", None),
            ("{\"message\": 5}", "application/json", None),
            (
                "{\"message\": \"trunc",
                "application/json",
                Some("{\"message\": \"trunc"),
            ),
            ("   \n\t ", "text/plain", None),
            (
                "\u{fffd}\u{0}binary",
                "application/octet-stream",
                Some("\u{fffd}\u{0}binary"),
            ),
        ];
        for (body, ct, message) in odd {
            env.answer(ResponseTemplate::new(500).set_body_raw(body.as_bytes().to_vec(), ct));
            let err = M::send(&env, api.health().check()).expect_err(body);
            assert_eq!(
                err.api().and_then(|e| e.message.as_deref()),
                message,
                "{body:?}"
            );
        }
        // a data source health check that fails is Grafana's 400 with status ERROR
        env.answer_json(
            400,
            json!({"status": "ERROR", "message": "dial tcp: connection refused"}),
        );
        let err = M::send(&env, api.datasource().health("prom")).unwrap_err();
        assert_eq!(
            (err.kind(), err.api().and_then(|e| e.status_text.as_deref())),
            (Some(ErrorKind::BadInput), Some("ERROR"))
        );
        env.answer_json(
            404,
            json!({"message": "Could not find annotation to update"}),
        );
        let err = M::send(
            &env,
            api.annotations().partial_update_annotation(1).text("t"),
        )
        .unwrap_err();
        assert!(
            err.is_not_found()
                && err.api().is_some_and(
                    |e| e.message.as_deref() == Some("Could not find annotation to update")
                )
        );
    }

    fn decode_error(err: &Error) -> &grafana_client::DecodeError {
        match err {
            Error::Decode(d) => d,
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    /// Answers that do not fit: where, why, with a snippet; and the empty
    /// answers that do (`()`, `Option`, `Value`).
    fn decode_failures<M: Mode>() {
        let env = Env::new();
        let api = M::build(env.builder()).unwrap();
        let sn = || api.snapshots();
        // empty 200 and 204
        for status in [200, 204] {
            env.answer(ResponseTemplate::new(status));
            let err = M::send(&env, sn().get_snapshot_by_key("k")).unwrap_err();
            let d = decode_error(&err);
            assert_eq!(
                (
                    d.status.as_u16(),
                    d.method.as_str(),
                    d.path.as_str(),
                    d.json_path.as_str(),
                    d.snippet.as_str()
                ),
                (status, "GET", "/api/snapshots/k", ".", "")
            );
            assert!(
                d.reason.contains("none")
                    && err.kind().is_none()
                    && err.to_string().contains("/api/snapshots/k"),
                "{err}"
            );
            assert_eq!(
                M::send(&env, sn().get_snapshot_by_key("k").value()).unwrap(),
                Value::Null
            );
            M::send(&env, sn().delete_snapshot_by_key("k").json::<()>()).unwrap();
            assert_eq!(
                M::send(
                    &env,
                    sn().delete_snapshot_by_key("k").json::<Option<Message>>()
                )
                .unwrap(),
                None
            );
            assert_eq!(
                M::send(&env, api.raw().delete("api/x")).unwrap(),
                Value::Null
            );
        }
        // an HTML login page with 200
        let page =
            "<!DOCTYPE html>\n<html><head><title>Grafana</title></head><body>Sign in</body></html>";
        env.answer(ResponseTemplate::new(200).set_body_raw(page, "text/html; charset=utf-8"));
        for err in [
            M::send(&env, api.dashboard().get_dashboard("abc")).unwrap_err(),
            M::send(&env, api.raw().get("api/org")).unwrap_err(),
        ] {
            let d = decode_error(&err);
            assert_eq!(
                (d.content_type.as_deref(), d.snippet.as_str()),
                (Some("text/html; charset=utf-8"), page)
            );
            assert!(
                d.reason.contains("text/html") && err.to_string().contains("<!DOCTYPE html>"),
                "{err}"
            );
        }
        // truncated, wrong types at nested fields, a required field missing, trailing garbage
        let created = r#"{"key":"k","deleteKey":"d","url":"u","deleteUrl":"#;
        env.answer(ResponseTemplate::new(200).set_body_raw(created, "application/json"));
        let err = M::send(&env, sn().create_new_snapshot(&json!({}))).unwrap_err();
        let d = decode_error(&err);
        assert_eq!(
            (
                d.json_path.as_str(),
                d.snippet.as_str(),
                d.method.as_str(),
                d.path.as_str()
            ),
            ("deleteUrl", created, "POST", "/api/snapshots")
        );
        assert!(d.reason.contains("EOF"), "{}", d.reason);
        env.answer_json(
            200,
            json!([{"id": 1, "name": "a", "key": "k"}, {"id": "two", "name": "b"}]),
        );
        let err = M::send(&env, sn().get_dashboard_snapshots()).unwrap_err();
        assert_eq!(decode_error(&err).json_path, "[1].id");
        assert!(
            decode_error(&err).reason.contains("invalid type")
                && err.to_string().contains("[1].id")
        );
        env.answer_json(200, json!({"dashboard": {}, "meta": {"version": "four"}}));
        assert_eq!(
            decode_error(&M::send(&env, api.dashboard().get_dashboard("u")).unwrap_err()).json_path,
            "meta.version"
        );
        env.answer_json(
            200,
            json!({"key": "k", "deleteKey": 5, "url": "u", "deleteUrl": "d"}),
        );
        assert_eq!(
            decode_error(&M::send(&env, sn().create_new_snapshot(&json!({}))).unwrap_err())
                .json_path,
            "deleteKey"
        );
        env.answer_json(200, json!({"key": "k", "url": "u", "deleteUrl": "d"}));
        assert!(
            decode_error(&M::send(&env, sn().create_new_snapshot(&json!({}))).unwrap_err())
                .reason
                .contains("deleteKey")
        );
        env.answer(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"message":"ok"} trailing"#, "application/json"),
        );
        assert!(
            decode_error(&M::send(&env, sn().delete_snapshot_by_key("k")).unwrap_err())
                .reason
                .contains("trailing")
        );
        decode_error(&M::send(&env, sn().delete_snapshot_by_key("k").value()).unwrap_err());
        env.answer(
            ResponseTemplate::new(200)
                .set_body_raw("{\"message\":\"ok\"}\n \r\n", "application/json"),
        );
        assert_eq!(
            M::send(&env, sn().delete_snapshot_by_key("k"))
                .unwrap()
                .message,
            "ok",
            "whitespace after the document is fine"
        );
        // the size cap
        env.answer(ResponseTemplate::new(200).set_body_raw(
            format!("{{\"message\":\"{}\"}}", "x".repeat(10_000)),
            "application/json",
        ));
        let api = M::build(env.builder().max_response_bytes(1_000)).unwrap();
        match M::send(&env, api.health().check()) {
            Err(Error::ResponseTooLarge { limit, path, .. }) => {
                assert_eq!((limit, path.as_str()), (1_000, "/api/health"))
            }
            other => panic!("{other:?}"),
        }
    }

    // ----------------------------------------------- retries and timeouts

    /// The default policy retries idempotent calls on 502/503/504 and 429
    /// (same body, same headers), never a POST/PATCH, never a 500/404/401/400;
    /// a per-call policy overrides the client's; Retry-After is honoured,
    /// and one too long to wait for ends the retries.
    fn retries<M: Mode>() {
        let env = Env::new();
        let api = M::build(
            env.builder()
                .retry(RetryPolicy::default())
                .organization_id(2),
        )
        .unwrap();
        let fail_then_ok = |status: u16, times: u64| {
            env.reset();
            env.mount(
                Mock::given(any())
                    .respond_with(ResponseTemplate::new(status).insert_header("retry-after", "0"))
                    .up_to_n_times(times)
                    .with_priority(1),
            );
            env.mount(
                Mock::given(any()).respond_with(
                    ResponseTemplate::new(200).set_body_json(json!({"database": "ok"})),
                ),
            );
        };
        fail_then_ok(503, 2);
        assert_eq!(M::send(&env, api.health().check()).unwrap().database, "ok");
        assert_eq!(env.requests().len(), 3, "two 503s, then the 200");
        fail_then_ok(502, 1);
        let body = json!({"theme": "dark"});
        M::send(
            &env,
            api.raw()
                .put("api/org/preferences")
                .param("x", "y")
                .body(&body),
        )
        .unwrap();
        let reqs = env.requests();
        assert_eq!(reqs.len(), 2);
        for r in &reqs {
            assert_eq!(
                (
                    r.method.as_str(),
                    r.url.query(),
                    serde_json::from_slice::<Value>(&r.body).unwrap()
                ),
                ("PUT", Some("x=y"), body.clone())
            );
            assert_auth_org(r, None, Some("2"), "retried PUT");
        }
        fail_then_ok(429, 1);
        M::send(&env, api.health().check()).unwrap();
        assert_eq!(
            env.requests().len(),
            2,
            "429 with Retry-After 0: retried at once"
        );
        for (status, send_post) in [
            (503, true),
            (503, false),
            (500, true),
            (404, true),
            (401, true),
            (400, true),
        ] {
            env.answer_json(status, json!({"message": "no"}));
            let err = if send_post {
                if status == 503 {
                    M::send(
                        &env,
                        api.snapshots().create_new_snapshot(&json!({"uid": "u"})),
                    )
                    .unwrap_err()
                } else {
                    M::send(&env, api.snapshots().get_snapshot_by_key("k")).unwrap_err()
                }
            } else {
                M::send(&env, api.raw().patch("api/x").body(&json!({}))).unwrap_err()
            };
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            env.only_request(&format!("{status}: not retried"));
        }
        // too long to wait for: given up at once, the header kept
        env.answer(
            ResponseTemplate::new(429)
                .set_body_json(json!({"message": "rate limited"}))
                .insert_header("retry-after", "3600"),
        );
        let started = Instant::now();
        let err = M::send(&env, api.health().check()).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(
            err.api().map(|e| (e.kind(), e.retry_after.as_deref())),
            Some((ErrorKind::TooManyRequests, Some("3600")))
        );
        env.only_request("Retry-After 3600");
        // the longest wait is the policy's: one second is too long for zero
        let strict = RetryPolicy::default().max_retry_after(Duration::ZERO);
        env.answer(ResponseTemplate::new(503).insert_header("retry-after", "1"));
        M::send(&env, api.health().check().retry(strict)).unwrap_err();
        env.only_request("Retry-After 1 over max_retry_after(0)");
        // a wait equal to the longest allowed is waited for
        let one = RetryPolicy::default().max_retry_after(Duration::from_secs(1));
        env.reset();
        env.mount(
            Mock::given(any())
                .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
                .up_to_n_times(1)
                .with_priority(1),
        );
        env.mount(
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"database": "ok"}))),
        );
        M::send(&env, api.health().check().retry(one)).unwrap();
        assert_eq!(
            env.requests().len(),
            2,
            "Retry-After 1 with max_retry_after(1 s)"
        );
        // without Retry-After the backoff is waited (full jitter: 10 waits
        // of up to 100 ms add up to less than 100 ms once in millions of runs)
        let backoff = RetryPolicy::default()
            .max_retries(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(100));
        env.answer(ResponseTemplate::new(503));
        let started = Instant::now();
        M::send(&env, api.health().check().retry(backoff)).unwrap_err();
        assert!(
            started.elapsed() >= Duration::from_millis(100),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            env.requests().len(),
            11,
            "the first attempt and max_retries(10)"
        );
        // per call: a client that never retries, a call that may retry twice
        let none = M::build(env.builder()).unwrap();
        let policy = RetryPolicy::default()
            .max_retries(2)
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(5));
        env.answer_json(503, json!({"message": "busy"}));
        M::send(&env, none.health().check().retry(policy.clone())).unwrap_err();
        assert_eq!(env.requests().len(), 3);
        env.answer_json(503, json!({"message": "busy"}));
        M::send(
            &env,
            none.snapshots()
                .create_new_snapshot(&json!({}))
                .retry(policy)
                .retry_non_idempotent(),
        )
        .unwrap_err();
        assert_eq!(
            env.requests().len(),
            3,
            "a POST retried when the call allows it"
        );
        // retry_non_idempotent() alone keeps the client's policy (here: none)
        env.answer_json(503, json!({"message": "busy"}));
        M::send(
            &env,
            none.snapshots()
                .create_new_snapshot(&json!({}))
                .retry_non_idempotent(),
        )
        .unwrap_err();
        env.only_request("the client's policy, which never retries");
    }

    fn timeouts_and_connection_errors<M: Mode>() {
        let env = Env::new();
        env.answer(
            ResponseTemplate::new(200)
                .set_body_json(json!({"database": "ok"}))
                .set_delay(Duration::from_millis(600)),
        );
        let api = M::build(env.builder()).unwrap();
        let started = Instant::now();
        let err = M::send(
            &env,
            api.health().check().timeout(Duration::from_millis(50)),
        )
        .unwrap_err();
        match &err {
            Error::Timeout {
                method,
                path,
                elapsed,
            } => {
                assert_eq!((method.as_str(), path.as_str()), ("GET", "/api/health"));
                assert!(
                    *elapsed >= Duration::from_millis(45) && *elapsed < Duration::from_millis(550),
                    "{elapsed:?}"
                );
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(
            err.is_timeout() && err.status().is_none() && err.to_string().contains("timed out"),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_millis(550));
        assert!(env.requests().len() <= 1, "not retried");
        // the client's timeout, and a longer per-call one that wins
        let api = M::build(env.builder().timeout(Duration::from_millis(50))).unwrap();
        assert!(M::send(&env, api.health().check())
            .unwrap_err()
            .is_timeout());
        assert_eq!(
            M::send(&env, api.health().check().timeout(Duration::from_secs(5)))
                .unwrap()
                .database,
            "ok"
        );
        // nothing listening
        let api = M::build(
            GrafanaApi::builder()
                .host("127.0.0.1")
                .port(closed_port())
                .no_proxy()
                .retry(RetryPolicy::none()),
        )
        .unwrap();
        let err = M::send(&env, api.snapshots().get_snapshot_by_key("k")).unwrap_err();
        match &err {
            Error::Connect { method, path, .. } => assert_eq!(
                (method.as_str(), path.as_str()),
                ("GET", "/api/snapshots/k")
            ),
            other => panic!("expected Connect, got {other:?}"),
        }
        assert_eq!((err.status(), err.kind()), (None, None));
    }

    // ------------------------------------------------------ redirects

    /// Same origin: followed, credentials and org kept (with
    /// `follow_redirects(false)` an error); another origin: never followed,
    /// so no credential of any kind reaches it; loops end.
    fn redirects<M: Mode>() {
        let env = Env::new();
        let to = |status: u16, location: &str| {
            ResponseTemplate::new(status).insert_header("location", location)
        };
        env.mount(Mock::given(path("/api/old")).respond_with(to(301, "/grafana/api/health")));
        env.mount(
            Mock::given(path("/grafana/api/health"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"database": "ok"}))),
        );
        let api = M::build(env.builder().auth(TokenAuth::new(TOKEN)).organization_id(2)).unwrap();
        assert_eq!(
            M::send(&env, api.raw().get("api/old")).unwrap(),
            json!({"database": "ok"})
        );
        let reqs = env.requests();
        assert_eq!(
            reqs.iter().map(|r| r.url.path()).collect::<Vec<_>>(),
            ["/api/old", "/grafana/api/health"]
        );
        for r in &reqs {
            assert_auth_org(r, Some(BEARER), Some("2"), "same-origin redirect");
        }
        let off = M::build(env.builder().follow_redirects(false)).unwrap();
        let err = M::send(&env, off.raw().get("api/old")).unwrap_err();
        assert_eq!(
            (err.status().map(|s| s.as_u16()), err.kind()),
            (Some(301), Some(ErrorKind::Unexpected))
        );
        assert_eq!(env.requests().len(), 3);

        let other = Env::new();
        other.answer_json(200, json!({"database": "ok"}));
        for (name, b) in crate::redaction::builders(env.port()) {
            if name == "proxy with password" || name == "builder.url credentials" {
                continue;
            }
            env.answer(to(302, &format!("{}/api/health", other.uri())));
            let err = M::send(&env, M::build(b).unwrap().health().check()).unwrap_err();
            assert_eq!(
                err.api().map(|e| (e.status.as_u16(), e.kind())),
                Some((302, ErrorKind::Unexpected)),
                "{name}"
            );
            crate::redaction::error_clean(&err, name);
            env.only_request(name);
        }
        assert!(
            other.requests().is_empty(),
            "nothing, and no credential, reached the other origin"
        );

        env.answer(to(302, "/api/health"));
        let err = M::send(&env, M::build(env.builder()).unwrap().health().check()).unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
        assert!(env.requests().len() <= 12, "the loop ends");
    }

    // --------------------------------------------- redaction on the wire

    /// The errors of failing calls never show a secret: a 401, a timeout,
    /// a refused connection, a token that cannot be a header (nothing sent),
    /// and a proxy that wants credentials (sent as `Proxy-Authorization`).
    fn failing_calls_are_redacted<M: Mode>() {
        use crate::redaction::{builders, debug_clean, error_clean, proxy_url, PROXY_BASIC};
        let env = Env::new();
        for (name, b) in builders(env.port()) {
            if name == "proxy with password" {
                continue;
            }
            let api = M::build(b).unwrap();
            env.answer(
                ResponseTemplate::new(401)
                    .set_body_json(
                        json!({"message": "invalid API key", "messageId": "auth.invalid"}),
                    )
                    .insert_header("x-request-id", "rid-1"),
            );
            let err = M::send(&env, api.dashboard().get_dashboard("abc")).unwrap_err();
            assert!(err.is_unauthorized(), "{name}: {err:?}");
            error_clean(&err, name);
            error_clean(&M::version(&env, &api).unwrap_err(), name);
            error_clean(&M::connect(&env, &api).unwrap_err(), name);
            env.answer(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"database": "ok"}))
                    .set_delay(Duration::from_millis(500)),
            );
            let err = M::send(
                &env,
                api.health().check().timeout(Duration::from_millis(30)),
            )
            .unwrap_err();
            assert!(err.is_timeout(), "{name}: {err:?}");
            error_clean(&err, name);
        }
        for (name, b) in builders(closed_port()) {
            let err = M::send(
                &env,
                M::build(b).unwrap().snapshots().get_snapshot_by_key("k"),
            )
            .unwrap_err();
            assert!(
                matches!(err, Error::Connect { .. } | Error::Transport { .. }),
                "{name}: {err:?}"
            );
            error_clean(&err, name);
        }
        env.reset();
        let api = M::build(
            env.builder()
                .auth(TokenAuth::new(format!("{TOKEN}\r\nX-Evil: 1"))),
        )
        .unwrap();
        let err = M::send(&env, api.health().check()).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
        error_clean(&err, "token with newline");
        debug_clean(&api, "token with newline");
        assert!(env.requests().is_empty(), "nothing sent");
        // the mock server plays the proxy
        env.answer(ResponseTemplate::new(407).set_body_string("proxy says no"));
        let api = M::build(
            GrafanaApi::builder()
                .host("grafana.invalid")
                .auth(TokenAuth::new(TOKEN))
                .proxy(proxy_url(env.port()))
                .retry(RetryPolicy::none()),
        )
        .unwrap();
        debug_clean(&api, "proxied client");
        let err = M::send(&env, api.health().check()).unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(407), "{err:?}");
        error_clean(&err, "proxied 407");
        let r = env.only_request("proxied");
        assert_eq!(r.url.as_str(), "http://grafana.invalid/api/health");
        assert_eq!(
            hdr(&r, "proxy-authorization"),
            Some(format!("Basic {PROXY_BASIC}"))
        );
        assert_eq!(hdr(&r, "authorization").as_deref(), Some(BEARER));
    }

    // ------------------------------------------------- limits at the edge

    /// Answers one connection with `body` and no `Content-Length`: the body
    /// ends where the connection does.
    fn undeclared_length(body: String) -> (u16, std::thread::JoinHandle<()>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let thread = std::thread::spawn(move || {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let (mut head, mut byte) = (Vec::new(), [0u8; 1]);
            while !head.ends_with(b"\r\n\r\n") && matches!(stream.read(&mut byte), Ok(1)) {
                head.push(byte[0]);
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{body}"
            );
            let _ = stream.write_all(answer.as_bytes());
        });
        (port, thread)
    }

    /// The size cap is inclusive: an answer of exactly `max_response_bytes`
    /// is read and one byte more is refused, whether its length is declared
    /// (`Content-Length`) or known only when the connection ends.
    fn size_cap_edges<M: Mode>() {
        let env = Env::new();
        let body = format!("{{\"message\":\"{}\"}}", "x".repeat(20));
        let n = body.len();
        let check =
            |got: grafana_client::Result<Value>, limit: usize, fits: bool, ctx: &str| match got {
                Ok(v) if fits => assert_eq!(v["message"], json!("x".repeat(20)), "{ctx}"),
                Err(Error::ResponseTooLarge { limit: l, .. }) if !fits => {
                    assert_eq!(l, limit, "{ctx}")
                }
                other => panic!("{ctx}, limit {limit}: {other:?}"),
            };
        env.answer(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"));
        for (limit, fits) in [(n, true), (n - 1, false)] {
            let api = M::build(env.builder().max_response_bytes(limit)).unwrap();
            check(
                M::send(&env, api.raw().get("api/x")),
                limit,
                fits,
                "declared",
            );
        }
        for (limit, fits) in [(n, true), (n - 1, false)] {
            let (port, server) = undeclared_length(body.clone());
            let api = M::build(env.builder().port(port).max_response_bytes(limit)).unwrap();
            check(
                M::send(&env, api.raw().get("api/x")),
                limit,
                fits,
                "undeclared",
            );
            server.join().expect("server thread");
        }
    }

    /// Ten same-origin redirects in a row are followed; an eleventh is an
    /// error, and nothing is asked after it.
    fn redirect_limit<M: Mode>() {
        let env = Env::new();
        let chain = |hops: usize| {
            env.reset();
            for i in 0..hops {
                env.mount(
                    Mock::given(path(format!("/api/r{i}"))).respond_with(
                        ResponseTemplate::new(302)
                            .insert_header("location", format!("/api/r{}", i + 1).as_str()),
                    ),
                );
            }
            env.mount(
                Mock::given(path(format!("/api/r{hops}")))
                    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"hops": hops}))),
            );
        };
        let api = M::build(env.builder()).unwrap();
        chain(10);
        assert_eq!(
            M::send(&env, api.raw().get("api/r0")).unwrap(),
            json!({"hops": 10})
        );
        assert_eq!(env.requests().len(), 11);
        chain(11);
        let err = M::send(&env, api.raw().get("api/r0")).unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
        assert_eq!(env.requests().len(), 11);
    }

    /// A sink for formatted traces.
    #[derive(Clone, Default)]
    struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The `grafana_request` span records the attempts a call took and its
    /// final status (async client: its span lives on the caller's thread).
    #[test]
    fn the_request_span_records_attempts_and_status() {
        let env = Env::new();
        env.mount(
            Mock::given(any())
                .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
                .up_to_n_times(2)
                .with_priority(1),
        );
        env.mount(
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"database": "ok"}))),
        );
        let api = env.builder().retry(RetryPolicy::default()).build().unwrap();
        let sink = Capture::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            env.rt
                .block_on(async { api.health().check().await })
                .unwrap();
        });
        let text = String::from_utf8(sink.0.lock().expect("lock").clone()).expect("utf-8");
        let close = text
            .lines()
            .find(|l| l.contains("grafana_request") && l.contains("close"))
            .unwrap_or_else(|| panic!("no span close in:\n{text}"));
        assert!(
            close.contains("status=200") && close.contains("attempts=3"),
            "{close}"
        );
        assert_eq!(env.requests().len(), 3);
    }

    // ------------------------------------------------------ paging

    /// `.all()` on either client: `.await` or `.send()`.
    trait WalkAll: Mode {
        fn all<P: grafana_client::Paged>(
            env: &Env,
            call: grafana_client::Call<Self::Api, grafana_client::AllPages<P>>,
        ) -> grafana_client::Result<Vec<P::Item>>;
    }

    impl WalkAll for Async {
        fn all<P: grafana_client::Paged>(
            env: &Env,
            call: grafana_client::Call<GrafanaApi, grafana_client::AllPages<P>>,
        ) -> grafana_client::Result<Vec<P::Item>> {
            env.rt.block_on(async move { call.await })
        }
    }

    impl WalkAll for Blocking {
        fn all<P: grafana_client::Paged>(
            _env: &Env,
            call: grafana_client::Call<
                grafana_client::blocking::GrafanaApi,
                grafana_client::AllPages<P>,
            >,
        ) -> grafana_client::Result<Vec<P::Item>> {
            call.send()
        }
    }

    /// Answers `GET <p>?page=1` and `?page=2` with items 1, 2 and 3 of a
    /// `totalCount: 3` search, the items under `key`.
    fn two_pages(env: &Env, p: &str, key: &str) {
        use wiremock::matchers::query_param;
        env.reset();
        for (page, ids) in [(1, &[1, 2][..]), (2, &[3][..])] {
            let items: Vec<Value> = ids
                .iter()
                .map(|id| json!({"id": id, "name": format!("n{id}")}))
                .collect();
            let mut body = json!({"totalCount": 3, "page": page, "perPage": 2});
            body[key] = Value::from(items);
            env.mount(
                Mock::given(path(p))
                    .and(query_param("page", page.to_string()))
                    .respond_with(ResponseTemplate::new(200).set_body_json(body)),
            );
        }
    }

    /// The query and org header of every request the server saw.
    fn pages_seen(env: &Env) -> Vec<(String, Option<String>)> {
        env.requests()
            .iter()
            .map(|r| {
                let query = r.url.query().unwrap_or_default().to_owned();
                (query, hdr(r, "x-grafana-org-id"))
            })
            .collect()
    }

    /// `.all()` over two pages collects every item, and a per-call org
    /// (set before or after `.all()`) goes with every page, over the
    /// client's own org.
    fn paged_walks<M: WalkAll>() {
        let env = Env::new();
        let api = M::build(env.builder().organization_id(2)).unwrap();
        let want = |org: &str| {
            let org = Some(org.to_owned());
            vec![
                ("page=1&perpage=2".to_owned(), org.clone()),
                ("page=2&perpage=2".to_owned(), org),
            ]
        };
        two_pages(&env, "/api/teams/search", "teams");
        let call = api.teams().search_teams().perpage(2).org_id(3).all();
        let teams = M::all(&env, call).unwrap();
        let got: Vec<_> = teams.iter().map(|t| (t.id, t.name.as_str())).collect();
        assert_eq!(got, [(1, "n1"), (2, "n2"), (3, "n3")], "teams");
        assert_eq!(pages_seen(&env), want("3"), "teams");
        // the client's org when the call sets none
        two_pages(&env, "/api/teams/search", "teams");
        let teams = M::all(&env, api.teams().search_teams().perpage(2).all()).unwrap();
        assert_eq!(teams.len(), 3, "teams, client org");
        assert_eq!(pages_seen(&env), want("2"), "teams, client org");
        two_pages(&env, "/api/serviceaccounts/search", "serviceAccounts");
        let call = api.serviceaccount().search_all().perpage(2).org_id(3);
        let accounts = M::all(&env, call).unwrap();
        let got: Vec<_> = accounts.iter().map(|a| (a.id, a.name.as_str())).collect();
        assert_eq!(got, [(1, "n1"), (2, "n2"), (3, "n3")], "service accounts");
        assert_eq!(pages_seen(&env), want("3"), "service accounts");
    }

    both!(
        credentials,
        org_header,
        user_agent_accept_content_type,
        encoding_on_the_wire,
        sub_path,
        version_and_connect,
        answer_forms,
        error_answers,
        decode_failures,
        retries,
        timeouts_and_connection_errors,
        redirects,
        failing_calls_are_redacted,
        paged_walks,
        size_cap_edges,
        redirect_limit,
    );
}

// ===========================================================================
// Secrets never show in `Debug` or `Display`: credentials, builders,
// clients, calls and configuration errors (no HTTP needed).

mod redaction {
    use std::time::Duration;

    use grafana_client::{
        blocking, BasicAuth, ClientBuilder, Error, GrafanaApi, HeaderAuth, RetryPolicy, TokenAuth,
    };
    use serde_json::json;

    use crate::mock_server::*;

    /// `base64("puser:proxy-pass-777")`.
    pub const PROXY_BASIC: &str = "cHVzZXI6cHJveHktcGFzcy03Nzc=";

    /// Fails when any secret (or its base64 form) appears in `text`.
    pub fn assert_clean(text: &str, ctx: &str) {
        for secret in [
            TOKEN,
            "SECRET_TOKEN",
            PASSWORD,
            "hunter2",
            HEADER_SECRET,
            PROXY_PASSWORD,
            "proxy-pass",
            "YWRtaW46aHVudGVyMi1wYXNz",
            PROXY_BASIC,
        ] {
            assert!(
                !text.contains(secret),
                "{ctx}: secret {secret:?} leaked in:\n{text}"
            );
        }
    }

    pub fn debug_clean(value: &impl std::fmt::Debug, ctx: &str) {
        assert_clean(&format!("{value:?}"), ctx);
        assert_clean(&format!("{value:#?}"), ctx);
    }

    /// The error, and every error in its source chain.
    pub fn error_clean(err: &Error, ctx: &str) {
        debug_clean(err, ctx);
        assert_clean(&err.to_string(), ctx);
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            assert_clean(&s.to_string(), ctx);
            assert_clean(&format!("{s:?}"), ctx);
            source = s.source();
        }
    }

    pub fn proxy_url(port: u16) -> String {
        format!("http://puser:{PROXY_PASSWORD}@127.0.0.1:{port}")
    }

    /// Builders holding every kind of secret.
    pub fn builders(port: u16) -> Vec<(&'static str, ClientBuilder)> {
        let base = || {
            GrafanaApi::builder()
                .host("127.0.0.1")
                .port(port)
                .retry(RetryPolicy::none())
        };
        vec![
            ("token", base().no_proxy().auth(TokenAuth::new(TOKEN))),
            (
                "basic",
                base().no_proxy().auth(BasicAuth::new("admin", PASSWORD)),
            ),
            (
                "header",
                base()
                    .no_proxy()
                    .auth(HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).expect("valid")),
            ),
            (
                "url credentials",
                ClientBuilder::from_url(&format!("http://admin:{PASSWORD}@127.0.0.1:{port}/"))
                    .expect("valid")
                    .no_proxy()
                    .retry(RetryPolicy::none()),
            ),
            (
                "builder.url credentials",
                base()
                    .no_proxy()
                    .url(&format!("http://admin:{PASSWORD}@127.0.0.1:{port}/grafana")),
            ),
            (
                "proxy with password",
                base()
                    .auth(TokenAuth::new(TOKEN))
                    .proxy(proxy_url(closed_port())),
            ),
        ]
    }

    #[test]
    fn credentials_are_redacted() {
        let token = TokenAuth::new(TOKEN);
        debug_clean(&token, "TokenAuth");
        debug_clean(token.token(), "TokenAuth::token");
        assert!(format!("{token:?}").contains("redacted"));
        let basic = BasicAuth::new("admin", PASSWORD);
        debug_clean(&basic, "BasicAuth");
        debug_clean(basic.password(), "BasicAuth::password");
        assert!(
            format!("{basic:?}").contains("admin"),
            "the user is not a secret"
        );
        let header = HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).expect("valid");
        debug_clean(&header, "HeaderAuth");
        assert!(format!("{header:?}").contains("x-webauth-user"));
        // a value that cannot be a header: the error does not repeat it
        error_clean(
            &HeaderAuth::new("X-Key", format!("{HEADER_SECRET}\r\nX-Evil: 1")).unwrap_err(),
            "HeaderAuth error",
        );
    }

    #[test]
    fn builders_clients_and_calls_are_redacted() {
        for (name, b) in builders(closed_port()) {
            debug_clean(&b, name);
            debug_clean(&b.clone().blocking(), name);
            let api = b.clone().build().unwrap();
            let bapi = b.blocking().build().unwrap();
            debug_clean(&api, name);
            assert!(
                format!("{api:?}").contains("127.0.0.1"),
                "{name}: the Debug shows the base URL"
            );
            debug_clean(&api.with_org_id(3), name);
            debug_clean(&bapi, name);
            debug_clean(bapi.as_async(), name);
            assert_clean(api.base_url().as_str(), name);
            assert_clean(bapi.base_url().as_str(), name);
            let dash = json!({"uid": "u"});
            debug_clean(&api.snapshots().get_snapshot_by_key("k"), name);
            debug_clean(
                &api.snapshots()
                    .create_new_snapshot(&dash)
                    .name("n")
                    .key("k")
                    .org_id(2),
                name,
            );
            debug_clean(&api.dashboard().update_dashboard(&dash), name);
            debug_clean(
                &api.raw().post("api/x").param("a", "b").body(&dash).value(),
                name,
            );
            debug_clean(&api.health().check().timeout(Duration::from_secs(1)), name);
            debug_clean(&bapi.snapshots().get_dashboard_snapshots().limit(1), name);
            debug_clean(&bapi.dashboard().delete_dashboard("u"), name);
            debug_clean(&bapi.raw().get("api/x"), name);
            debug_clean(&api.snapshots(), name);
            debug_clean(&bapi.raw(), name);
            debug_clean(&api.raw().get("api/x").into_request(), name);
        }
    }

    #[test]
    fn configuration_errors_are_redacted() {
        let urls = [
            format!("ftp://admin:{PASSWORD}@h/"),
            format!("http://admin:{PASSWORD}@[bad/"),
            format!("http://admin:{PASSWORD}@h:99999/"),
            format!("http://admin:{PASSWORD}@h/?token=x"),
            format!("http://admin:{PASSWORD}@h/?verify=maybe"),
            format!("admin:{PASSWORD}@h"),
            format!("http://admin:{PASSWORD}@/"),
        ];
        for url in &urls {
            error_clean(&ClientBuilder::from_url(url).unwrap_err(), url);
            error_clean(&GrafanaApi::from_url(url).unwrap_err(), url);
            error_clean(&blocking::GrafanaApi::from_url(url).unwrap_err(), url);
            let b = GrafanaApi::builder().url(url);
            debug_clean(&b, url);
            error_clean(&b.build().unwrap_err(), url);
        }
        for proxy in [
            format!("http://puser:{PROXY_PASSWORD}@[bad"),
            format!("http://puser:{PROXY_PASSWORD}@proxy host:3128"),
            format!("socks9://puser:{PROXY_PASSWORD}@proxy:3128"),
            // scheme-less: reqwest adds `http://`; it was once parsed with
            // scheme `puser` and no password, and shown
            format!("puser:{PROXY_PASSWORD}@proxy.example:3128"),
            format!("puser:{PROXY_PASSWORD}@ proxy"),
        ] {
            let b = GrafanaApi::builder().proxy(proxy.clone());
            debug_clean(&b, &proxy);
            if let Err(err) = b.build() {
                error_clean(&err, &proxy);
            }
        }
        GrafanaApi::builder()
            .proxy(format!("puser:{PROXY_PASSWORD}@proxy.example:3128"))
            .build()
            .expect("reqwest accepts a scheme-less proxy URL");
    }
}
