//! Secrets never show in `Debug` or `Display`: credentials, configs, clients,
//! calls, and the errors of failing calls (async and blocking).

mod wire_common;

use std::time::Duration;

use grafana_client::{
    blocking, BasicAuth, ClientBuilder, Error, GrafanaApi, HeaderAuth, RetryPolicy, TokenAuth,
};
use serde_json::json;
use wire_common::*;
use wiremock::ResponseTemplate;

/// `base64("puser:proxy-pass-777")`.
const PROXY_BASIC: &str = "cHVzZXI6cHJveHktcGFzcy03Nzc=";

/// Fails when any secret (or its base64 form) appears in `text`.
fn assert_clean(text: &str, ctx: &str) {
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

fn debug_clean(value: &impl std::fmt::Debug, ctx: &str) {
    assert_clean(&format!("{value:?}"), ctx);
    assert_clean(&format!("{value:#?}"), ctx);
}

fn error_clean(err: &Error, ctx: &str) {
    debug_clean(err, ctx);
    assert_clean(&err.to_string(), ctx);
    // and every error in the source chain
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        assert_clean(&s.to_string(), ctx);
        assert_clean(&format!("{s:?}"), ctx);
        source = s.source();
    }
}

fn proxy_url(port: u16) -> String {
    format!("http://puser:{PROXY_PASSWORD}@127.0.0.1:{port}")
}

/// Builders holding every kind of secret.
fn builders(port: u16) -> Vec<(&'static str, ClientBuilder)> {
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
                .auth(HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).unwrap()),
        ),
        (
            "url credentials",
            ClientBuilder::from_url(&format!("http://admin:{PASSWORD}@127.0.0.1:{port}/"))
                .unwrap()
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
    let header = HeaderAuth::new("X-WEBAUTH-USER", HEADER_SECRET).unwrap();
    debug_clean(&header, "HeaderAuth");
    assert!(format!("{header:?}").contains("x-webauth-user"));
    // a value that cannot be a header: the error does not repeat it
    let err = HeaderAuth::new("X-Key", format!("{HEADER_SECRET}\r\nX-Evil: 1")).unwrap_err();
    error_clean(&err, "HeaderAuth error");
}

#[test]
fn builders_and_clients_are_redacted() {
    for (name, b) in builders(closed_port()) {
        debug_clean(&b, name);
        debug_clean(&b.clone().blocking(), name);
        let api = b.clone().build().unwrap();
        debug_clean(&api, name);
        debug_clean(&api.with_org_id(3), name);
        let bapi = b.blocking().build().unwrap();
        debug_clean(&bapi, name);
        debug_clean(bapi.as_async(), name);
        assert_clean(api.base_url().as_str(), name);
        assert_clean(bapi.base_url().as_str(), name);
    }
}

#[test]
fn calls_are_redacted() {
    for (name, b) in builders(closed_port()) {
        let api = b.clone().build().unwrap();
        let bapi = b.blocking().build().unwrap();
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
        let err = ClientBuilder::from_url(url).unwrap_err();
        error_clean(&err, url);
        let err = GrafanaApi::from_url(url).unwrap_err();
        error_clean(&err, url);
        let err = blocking::GrafanaApi::from_url(url).unwrap_err();
        error_clean(&err, url);
        // through builder.url(): the error surfaces at build()
        let b = GrafanaApi::builder().url(url);
        debug_clean(&b, url);
        let err = b.build().unwrap_err();
        error_clean(&err, url);
    }
    // a proxy that is not a URL
    for proxy in [
        format!("http://puser:{PROXY_PASSWORD}@[bad"),
        format!("http://puser:{PROXY_PASSWORD}@proxy host:3128"),
        format!("socks9://puser:{PROXY_PASSWORD}@proxy:3128"),
    ] {
        let b = GrafanaApi::builder().proxy(proxy.clone());
        debug_clean(&b, &proxy);
        if let Err(err) = b.build() {
            error_clean(&err, &proxy);
        }
    }
}

// ------------------------------------------------------- failing calls

fn server_401_error<M: Mode>() {
    let env = Env::new();
    env.answer(
        ResponseTemplate::new(401)
            .set_body_json(json!({"message": "invalid API key", "messageId": "auth.invalid"}))
            .insert_header("x-request-id", "rid-1"),
    );
    for (name, b) in builders(env.port()) {
        if name == "proxy with password" {
            continue; // covered by proxied_calls below
        }
        let api = M::build(b).unwrap();
        let err = M::send(&env, M::dashboard(&api).get_dashboard("abc")).unwrap_err();
        assert!(err.is_unauthorized(), "{name}: {err:?}");
        error_clean(&err, name);
        let err = M::version(&env, &api).unwrap_err();
        error_clean(&err, name);
        let err = M::connect(&env, &api).unwrap_err();
        error_clean(&err, name);
    }
}

fn timeout_error<M: Mode>() {
    let env = Env::new();
    env.answer(
        ResponseTemplate::new(200)
            .set_body_json(json!({"database": "ok"}))
            .set_delay(Duration::from_millis(500)),
    );
    for (name, b) in builders(env.port()) {
        if name == "proxy with password" {
            continue;
        }
        let api = M::build(b).unwrap();
        let err = M::send(
            &env,
            M::health(&api).check().timeout(Duration::from_millis(30)),
        )
        .unwrap_err();
        assert!(err.is_timeout(), "{name}: {err:?}");
        error_clean(&err, name);
    }
}

fn connection_refused_error<M: Mode>() {
    let env = Env::new();
    for (name, b) in builders(closed_port()) {
        let api = M::build(b).unwrap();
        let err = M::send(&env, M::snapshots(&api).get_snapshot_by_key("k")).unwrap_err();
        assert!(
            matches!(err, Error::Connect { .. } | Error::Transport { .. }),
            "{name}: {err:?}"
        );
        error_clean(&err, name);
    }
}

fn invalid_token_error<M: Mode>() {
    let env = Env::new();
    env.answer_universal();
    let api = M::build(
        env.builder()
            .auth(TokenAuth::new(format!("{TOKEN}\r\nX-Evil: 1"))),
    )
    .unwrap();
    let err = M::send(&env, M::health(&api).check()).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    error_clean(&err, "token with newline");
    debug_clean(&api, "token with newline");
    assert!(env.requests().is_empty(), "nothing sent");
}

/// Through a proxy that needs credentials: they travel as
/// `Proxy-Authorization`, never in the URL, and never in an error.
fn proxied_calls<M: Mode>() {
    let env = Env::new(); // plays the proxy
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
    let err = M::send(&env, M::health(&api).check()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(407), "{err:?}");
    error_clean(&err, "proxied 407");
    let r = env.only_request("proxied");
    assert_eq!(r.url.as_str(), "http://grafana.invalid/api/health");
    assert_eq!(
        hdr(&r, "proxy-authorization").as_deref(),
        Some(format!("Basic {PROXY_BASIC}").as_str())
    );
    assert_eq!(
        hdr(&r, "authorization").as_deref(),
        Some("Bearer glsa_SECRET_TOKEN_123")
    );
}

/// A redirect to another origin is not followed: the credentials (any
/// kind, custom headers included) never reach it.
fn credentials_never_follow_a_redirect_to_another_origin<M: Mode>() {
    let other = Env::new();
    other.answer_universal();
    let env = Env::new();
    env.answer(
        ResponseTemplate::new(302)
            .insert_header("location", format!("{}/api/health", other.uri()).as_str()),
    );
    for (name, b) in builders(env.port()) {
        if name == "proxy with password" || name == "builder.url credentials" {
            continue;
        }
        env.reset();
        env.answer(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/api/health", other.uri()).as_str()),
        );
        let api = M::build(b).unwrap();
        let err = M::send(&env, M::health(&api).check()).unwrap_err();
        let e = err.api().unwrap_or_else(|| panic!("{name}: {err:?}"));
        assert_eq!(e.status.as_u16(), 302, "{name}");
        assert_eq!(e.kind(), grafana_client::ErrorKind::Unexpected, "{name}");
        error_clean(&err, name);
        env.only_request(name);
        assert!(
            other.requests().is_empty(),
            "{name}: the other origin was reached"
        );
    }
}

/// A same-origin redirect is followed, credentials and org kept; with
/// `follow_redirects(false)` it is an error.
fn same_origin_redirects<M: Mode>() {
    let env = Env::new();
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path("/api/old"))
            .respond_with(ResponseTemplate::new(301).insert_header("location", "/api/health")),
    );
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path("/api/health"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"database": "ok"}))),
    );
    let api = M::build(env.builder().auth(TokenAuth::new(TOKEN)).organization_id(2)).unwrap();
    let v = M::send(&env, M::raw(&api).get("api/old")).unwrap();
    assert_eq!(v, json!({"database": "ok"}));
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].url.path(), "/api/health");
    for r in &reqs {
        assert_auth_org(
            r,
            Some("Bearer glsa_SECRET_TOKEN_123"),
            Some("2"),
            "redirect",
        );
    }
    let api = M::build(env.builder().follow_redirects(false)).unwrap();
    let err = M::send(&env, M::raw(&api).get("api/old")).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(301));
    assert_eq!(err.kind(), Some(grafana_client::ErrorKind::Unexpected));
    assert_eq!(env.requests().len(), 3);
}

wire_common::both!(
    server_401_error,
    timeout_error,
    connection_refused_error,
    invalid_token_error,
    proxied_calls,
    credentials_never_follow_a_redirect_to_another_origin,
    same_origin_redirects,
);
