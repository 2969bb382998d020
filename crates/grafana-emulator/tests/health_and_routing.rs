//! Health, frontend settings, unknown routes, methods and raw paths.

mod common;

use common::{raw_get, raw_http, start, start_with, Auth};
use grafana_emulator::Emulator;
use serde_json::json;

#[tokio::test]
async fn health_is_public_and_pretty() {
    let api = start_with(Emulator::builder().version("11.6.1")).await;
    let r = api.get("/api/health", &Auth::None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type").unwrap(),
        "application/json; charset=UTF-8"
    );
    assert_eq!(
        r.text,
        "{\n  \"database\": \"ok\",\n  \"version\": \"11.6.1\",\n  \"commit\": \"0000000000000000000000000000000000000000\"\n}"
    );
    // Org header is ignored, HEAD works without a body.
    let r = api
        .req(
            "HEAD",
            "/api/health",
            &Auth::None,
            None,
            &[("X-Grafana-Org-Id", "99")],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text, "");
    // Other methods are the API 404.
    let r = api.req("POST", "/api/health", &Auth::None, None, &[]).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn frontend_settings_need_auth() {
    let api = start_with(Emulator::builder().version("12.1.0")).await;
    assert_eq!(
        api.get("/api/frontend/settings", &Auth::None).await.status,
        401
    );
    let r = api.get("/api/frontend/settings", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["buildInfo"]["version"], "12.1.0");
    assert_eq!(r.json["buildInfo"]["edition"], "Open Source");
    assert!(r.json["buildInfo"]["commit"].is_string());
}

#[tokio::test]
async fn unknown_routes_and_methods_are_404() {
    let api = start().await;
    for (m, p) in [
        ("GET", "/api/nope"),
        ("GET", "/api/dashboards/uid"),
        ("PATCH", "/api/folders"),
        ("PUT", "/api/snapshots/abc"),
        ("GET", "/api/snapshots"),
    ] {
        let r = api.req(m, p, &Auth::Admin, None, &[]).await;
        assert_eq!(r.status, 404, "{m} {p}");
        assert_eq!(r.json, json!({"message":"Not found"}), "{m} {p}");
    }
    // Unknown API routes do not require auth to 404.
    assert_eq!(api.get("/api/nope", &Auth::None).await.status, 404);
    // Outside /api: HTML 404.
    let r = api.get("/nothing-here", &Auth::None).await;
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn trailing_slash_and_raw_paths() {
    let api = common::start_demo().await;
    assert_eq!(api.get("/api/folders/", &Auth::Admin).await.status, 200);
    let (status, _, _) = raw_get(api.emu.addr(), "/api/dashboards/uid/demo%2Doverview").await;
    assert_eq!(status, 200, "percent-decoded per segment");
    let (status, _, _) = raw_get(api.emu.addr(), "/api/dashboards/uid/demo-overview%2Fx").await;
    assert_eq!(status, 404);
    let recorded: Vec<String> = api
        .emu
        .requests()
        .iter()
        .map(|r| r.raw_path.clone())
        .collect();
    assert!(recorded.contains(&"/api/dashboards/uid/demo%2Doverview".to_string()));
    assert!(recorded.contains(&"/api/dashboards/uid/demo-overview%2Fx".to_string()));
}

#[tokio::test]
async fn http_keep_alive_serves_several_requests() {
    let api = start().await;
    let (status, _, body) = raw_http(
        api.emu.addr(),
        "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("HTTP/1.1 200"),
        "second response on same connection"
    );
    assert_eq!(api.emu.requests().len(), 2);
}
