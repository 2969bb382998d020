//! No secret ever shows in `Debug`, `Display`, errors or tracing output.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::Engine as _;
use grafana_client::{BasicAuth, ClientBuilder, GrafanaApi, HeaderAuth, RetryPolicy, TokenAuth};
use grafana_emulator::Emulator;
use support::block_on;

const TOKEN: &str = "glsa_SECRETTOKENabcdefghijklmnopqrstuv_0badc0de";
const PASSWORD: &str = "hunter2-pass";
const HEADER_VALUE: &str = "proxy-secret-value";
const PROXY_PASSWORD: &str = "proxypass99";

fn secrets() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("admin:{PASSWORD}"));
    vec![
        TOKEN.into(),
        "SECRETTOKEN".into(),
        PASSWORD.into(),
        HEADER_VALUE.into(),
        PROXY_PASSWORD.into(),
        basic,
    ]
}

fn assert_clean(what: &str, text: &str) {
    for s in secrets() {
        assert!(!text.contains(&s), "{what} leaks {s:?}:\n{text}");
    }
}

/// Everything written by the tracing subscriber of this test binary.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn captured() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let sink = Captured::default();
        let writer = sink.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        sink
    })
}

fn builders(url: &str) -> Vec<(&'static str, ClientBuilder)> {
    let base = || GrafanaApi::builder().url(url).retry(RetryPolicy::none());
    vec![
        ("token", base().auth(TokenAuth::new(TOKEN))),
        ("basic", base().auth(BasicAuth::new("admin", PASSWORD))),
        (
            "header",
            base().auth(HeaderAuth::new("X-WEBAUTH-USER", HEADER_VALUE).unwrap()),
        ),
        (
            "url",
            ClientBuilder::from_url(&url.replace("http://", &format!("http://admin:{PASSWORD}@")))
                .unwrap()
                .retry(RetryPolicy::none()),
        ),
        (
            "proxy",
            base()
                .auth(TokenAuth::new(TOKEN))
                .proxy(format!("http://user:{PROXY_PASSWORD}@127.0.0.1:9")),
        ),
    ]
}

#[test]
fn configs_auth_and_clients_do_not_show_secrets() {
    let url = "http://127.0.0.1:9";
    for (name, b) in builders(url) {
        assert_clean(name, &format!("{b:?}"));
        let api = b.clone().build().unwrap();
        assert_clean(name, &format!("{api:?}"));
        assert_clean(
            name,
            &format!("{:?}", b.clone().blocking().build().unwrap()),
        );
        let call = api.snapshots().get_snapshot_by_key("k");
        assert_clean(name, &format!("{call:?}"));
        let req = api
            .snapshots()
            .create_new_snapshot(&serde_json::json!({}))
            .into_request();
        assert_clean(name, &format!("{req:?}"));
        // bodies may hold passwords: Debug shows their size only
        let with_password = api
            .raw()
            .post("api/admin/users")
            .body(&serde_json::json!({"login": "x", "password": PASSWORD}));
        assert_clean(name, &format!("{with_password:?}"));
        assert_clean(name, &format!("{:?}", with_password.into_request()));
    }
    assert_clean("token", &format!("{:?}", TokenAuth::new(TOKEN)));
    assert_clean("basic", &format!("{:?}", BasicAuth::new("u", PASSWORD)));
    assert_clean(
        "header",
        &format!("{:?}", HeaderAuth::new("x-a", HEADER_VALUE).unwrap()),
    );
    // a token that cannot be a header: the error says so without the token
    let bad = TokenAuth::new(format!("{TOKEN}\nX-Evil: 1"));
    let api = GrafanaApi::builder().url(url).auth(bad).build().unwrap();
    let err = block_on(api.health().check().send()).unwrap_err();
    assert_clean("bad token error", &format!("{err} {err:?}"));
    // configuration errors
    let err = GrafanaApi::from_url(&format!("ftp://admin:{PASSWORD}@h/")).unwrap_err();
    assert_clean("config error", &format!("{err} {err:?}"));
    let err = GrafanaApi::builder()
        .proxy(format!("::not a url:{PROXY_PASSWORD}@"))
        .build()
        .unwrap_err();
    assert_clean("proxy error", &format!("{err} {err:?}"));
}

#[test]
fn failing_calls_and_their_traces_do_not_show_secrets() {
    let sink = captured();
    let emu = Emulator::builder().start_blocking().unwrap();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let mut errors = Vec::new();
    for target in [emu.url(), closed] {
        for (name, b) in builders(&target) {
            if name == "proxy" {
                continue; // nothing listens at the proxy: covered by connect errors
            }
            let api = b.build().unwrap();
            let calls = [
                block_on(api.dashboard().get_dashboard("demo").send()).map(|_| ()),
                block_on(api.snapshots().get_dashboard_snapshots().send()).map(|_| ()),
                block_on(
                    api.snapshots()
                        .get_snapshot_by_key("k")
                        .timeout(Duration::from_millis(1))
                        .send(),
                )
                .map(|_| ()),
            ];
            errors.extend(calls.into_iter().filter_map(Result::err));
        }
    }
    // and one call through the blocking client, with a 401
    let blocking = GrafanaApi::builder()
        .url(&emu.url())
        .auth(TokenAuth::new(TOKEN))
        .blocking()
        .build()
        .unwrap();
    errors.push(blocking.dashboard().get_dashboard("x").send().unwrap_err());

    assert!(errors.len() >= 8, "the calls failed as planned: {errors:?}");
    assert!(errors.iter().any(|e| e.is_unauthorized()));
    assert!(errors
        .iter()
        .any(|e| matches!(e, grafana_client::Error::Connect { .. })));
    for e in &errors {
        assert_clean("error", &format!("{e} / {e:?}"));
    }
    // the emulator saw the secrets (they were sent) ...
    let seen = emu.requests();
    assert!(seen
        .iter()
        .any(|r| r.header("authorization") == Some(&format!("Bearer {TOKEN}"))));
    // ... but the trace output holds none of them
    let traced = String::from_utf8_lossy(&sink.0.lock().unwrap()).into_owned();
    assert!(traced.contains("grafana_request"), "tracing was captured");
    assert_clean("tracing output", &traced);
}
