//! Redirects: followed within the origin, never to another origin, so
//! credentials never leave the server they were meant for.

use grafana_client::{ErrorKind, GrafanaApi, HeaderAuth, RetryPolicy, TokenAuth};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn redirect_to(location: &str) -> ResponseTemplate {
    ResponseTemplate::new(302).insert_header("location", location)
}

#[tokio::test]
async fn same_origin_redirects_are_followed_with_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/health"))
        .respond_with(redirect_to("/grafana/api/health"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/grafana/api/health"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"database": "ok"})),
        )
        .mount(&server)
        .await;
    let api = GrafanaApi::builder()
        .url(&server.uri())
        .auth(TokenAuth::new("glsa_same_origin"))
        .build()
        .unwrap();
    let health = api.health().check().await.unwrap();
    assert_eq!(health.database, "ok");
    let seen = server.received_requests().await.unwrap();
    assert_eq!(seen.len(), 2);
    for r in &seen {
        assert_eq!(r.headers["authorization"], "Bearer glsa_same_origin");
    }
}

#[tokio::test]
async fn cross_origin_redirects_are_not_followed() {
    let home = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to(&format!("{}/steal", elsewhere.uri())))
        .mount(&home)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"database": "ok"})),
        )
        .mount(&elsewhere)
        .await;
    for auth in [
        GrafanaApi::builder().auth(TokenAuth::new("glsa_must_not_travel")),
        GrafanaApi::builder().auth(HeaderAuth::new("X-WEBAUTH-USER", "must-not-travel").unwrap()),
    ] {
        let api = auth
            .url(&home.uri())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let err = api.health().check().await.unwrap_err();
        let e = err.api().expect("the redirect comes back as an answer");
        assert_eq!(e.status.as_u16(), 302);
        assert_eq!(e.kind(), ErrorKind::Unexpected);
    }
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "nothing, and no credential, reached the other origin"
    );
}

#[tokio::test]
async fn redirects_can_be_switched_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/health"))
        .respond_with(redirect_to("/login"))
        .mount(&server)
        .await;
    let api = GrafanaApi::builder()
        .url(&server.uri())
        .follow_redirects(false)
        .build()
        .unwrap();
    let err = api.health().check().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn redirect_loops_end() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to("/api/health"))
        .mount(&server)
        .await;
    let api = GrafanaApi::builder()
        .url(&server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = api.health().check().await.unwrap_err();
    assert!(
        matches!(err, grafana_client::Error::Transport { .. }),
        "{err:?}"
    );
    let n = server.received_requests().await.unwrap().len();
    assert!(n <= 12, "{n} requests");
}
