//! Regression tests for bugs found by the wire tests.

mod wire_common;

use grafana_client::GrafanaApi;
use serde_json::json;
use wire_common::*;

/// A scheme-less proxy URL `user:pass@host:port` (reqwest accepts it, adding
/// `http://`) once parsed as a URL with scheme `puser` and no password, so
/// the password was shown by `ClientBuilder`'s Debug.
#[test]
fn scheme_less_proxy_password_stays_hidden() {
    let b = GrafanaApi::builder().proxy(format!("puser:{PROXY_PASSWORD}@proxy.example:3128"));
    let shown = format!("{b:?}");
    // reqwest takes it as a proxy with credentials: the client builds
    b.clone()
        .build()
        .expect("reqwest accepts a scheme-less proxy URL");
    assert!(
        !shown.contains(PROXY_PASSWORD),
        "proxy password leaked: {shown}"
    );
    // same root cause in the build error of a proxy reqwest refuses
    let b = GrafanaApi::builder().proxy(format!("puser:{PROXY_PASSWORD}@ proxy"));
    let shown = format!("{b:?}");
    assert!(
        !shown.contains(PROXY_PASSWORD),
        "proxy password leaked: {shown}"
    );
    if let Err(e) = b.build() {
        assert!(
            !e.to_string().contains(PROXY_PASSWORD),
            "leaked in error: {e}"
        );
    }
}

/// When `/api/frontend/settings` answers an empty `buildInfo.version`
/// (Grafana hides it from anonymous callers with `hide_version`), the
/// `/api/health` fallback's version is the one cached, not the empty one.
fn empty_build_info_version_is_not_cached<M: Mode>() {
    let env = Env::new();
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path("/api/frontend/settings")).respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"buildInfo": {"version": "", "commit": ""}})),
        ),
    );
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path("/api/health")).respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"database": "ok", "version": "12.0.0"})),
        ),
    );
    let api = M::build(env.builder()).unwrap();
    assert_eq!(M::version(&env, &api).unwrap(), "12.0.0");
    assert_eq!(M::version(&env, &api).unwrap(), "12.0.0", "second call");
    assert_eq!(M::get_version(&env, &api).unwrap().major, 12);
}

wire_common::both!(empty_build_info_version_is_not_cached);

/// "Asked once per client, then cached": concurrent first calls share one
/// request to `/api/frontend/settings`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_version_calls_ask_once() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"buildInfo": {"version": "12.2.0"}}))
                .set_delay(std::time::Duration::from_millis(100)),
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
            let api = api.clone();
            tokio::spawn(async move { api.version().await })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap().unwrap(), "12.2.0");
    }
    let n = server.received_requests().await.unwrap().len();
    assert_eq!(n, 1, "version asked {n} times");
}
