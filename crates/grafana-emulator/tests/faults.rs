//! Fault injection kinds, matching, counts and effects on state.

mod common;

use std::time::{Duration, Instant};

use common::{raw_get, start, start_demo, Auth};
use grafana_emulator::Fault;
use serde_json::json;

#[tokio::test]
async fn status_with_retry_after_times_two() {
    let api = start_demo().await;
    api.emu.inject(
        Fault::on("GET", "/api/snapshots/*")
            .times(2)
            .status(503)
            .retry_after("1"),
    );
    for _ in 0..2 {
        let r = api.get("/api/snapshots/abc", &Auth::None).await;
        assert_eq!(r.status, 503);
        assert_eq!(r.header("retry-after").unwrap(), "1");
        assert_eq!(r.json, json!({"message":"Service Unavailable"}));
    }
    let r = api.get("/api/snapshots/abc", &Auth::None).await;
    assert_eq!(r.status, 404, "fault used up");
    let statuses: Vec<u16> = api.emu.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [503, 503, 404]);
}

#[tokio::test]
async fn status_body_and_method_matching() {
    let api = start().await;
    api.emu.inject(
        Fault::on("POST", "/api/**")
            .status(429)
            .body("{\"message\":\"slow down\"}"),
    );
    api.emu.inject(
        Fault::on("*", "/api/folders")
            .status(500)
            .body("plain text"),
    );
    let r = api
        .post("/api/folders", &Auth::Admin, &json!({"title": "x"}))
        .await;
    assert_eq!(r.status, 429, "first injected wins");
    assert_eq!(r.json, json!({"message":"slow down"}));
    assert_eq!(r.header("content-type").unwrap(), "application/json");
    let r = api.get("/api/folders", &Auth::Admin).await;
    assert_eq!(r.status, 500);
    assert_eq!(r.text, "plain text");
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    // The rejected POST changed nothing.
    api.emu.clear_faults();
    assert_eq!(api.get("/api/folders", &Auth::Admin).await.json, json!([]));
}

#[tokio::test]
async fn drop_connection() {
    let api = start().await;
    api.emu
        .inject(Fault::on("*", "/api/health").times(1).drop_connection());
    let err = api
        .client
        .get(format!("{}/api/health", api.emu.url()))
        .send()
        .await;
    assert!(err.is_err(), "connection dropped: {err:?}");
    let (status, _, _) = raw_get(api.emu.addr(), "/api/health").await;
    assert_eq!(status, 200);
    let statuses: Vec<u16> = api.emu.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [0, 200]);
}

#[tokio::test]
async fn truncated_body_after_real_work() {
    let api = start_demo().await;
    api.emu.inject(
        Fault::on("POST", "/api/snapshots")
            .times(1)
            .truncated_body(),
    );
    let resp = api
        .client
        .post(format!("{}/api/snapshots", api.emu.url()))
        .basic_auth("admin", Some("admin"))
        .json(&json!({"dashboard": {"uid": "demo-overview"}, "name": "t"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let announced = resp.content_length().unwrap();
    assert!(announced > 100);
    assert!(resp.bytes().await.is_err(), "body cut short");
    // The snapshot was created anyway.
    let list = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    assert_eq!(list.json.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn body_replacements() {
    let api = start().await;
    api.emu
        .inject(Fault::on("GET", "/api/folders").times(1).non_json_body());
    api.emu
        .inject(Fault::on("GET", "/api/search").times(1).html_body());
    api.emu
        .inject(Fault::on("GET", "/api/org").times(1).empty_body());
    api.emu.inject(
        Fault::on("GET", "/api/frontend/settings")
            .times(1)
            .oversized_body(1 << 20),
    );
    let r = api.get("/api/folders", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").unwrap(), "application/json");
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
    let r = api.get("/api/search", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text.contains("<!DOCTYPE html>") && r.text.contains("Grafana"));
    let r = api.get("/api/org", &Auth::Admin).await;
    assert_eq!((r.status, r.text.as_str()), (200, ""));
    assert_eq!(r.header("content-type").unwrap(), "application/json");
    let r = api.get("/api/frontend/settings", &Auth::Admin).await;
    assert_eq!(r.text.len(), 1 << 20);
    assert!(r.json.is_string(), "valid JSON string");
    // All used up: real answers again, even without auth checks skipped.
    assert_eq!(api.get("/api/org", &Auth::Admin).await.json["id"], 1);
}

#[tokio::test]
async fn slow_drip_and_latency() {
    let api = start().await;
    let normal = api.get("/api/health", &Auth::None).await.text;
    api.emu.inject(
        Fault::on("GET", "/api/health")
            .times(1)
            .slow_drip(Duration::from_millis(20)),
    );
    let t = Instant::now();
    let r = api.get("/api/health", &Auth::None).await;
    let chunks = normal.len().div_ceil(grafana_emulator::SLOW_DRIP_CHUNK) as u32;
    assert!(t.elapsed() >= Duration::from_millis(20) * chunks);
    assert_eq!(r.text, normal, "real body, just slow");

    api.emu
        .inject(Fault::on("*", "/api/health").latency(Duration::from_millis(200)));
    for _ in 0..2 {
        let t = Instant::now();
        let r = api.get("/api/health", &Auth::None).await;
        assert_eq!(r.status, 200);
        assert!(t.elapsed() >= Duration::from_millis(200));
    }
    api.emu.clear_faults();
    let t = Instant::now();
    api.get("/api/health", &Auth::None).await;
    assert!(t.elapsed() < Duration::from_millis(200));
}

#[tokio::test]
async fn glob_matches_raw_encoded_path() {
    let api = start_demo().await;
    api.emu
        .inject(Fault::on("GET", "/api/dashboards/uid/demo%2Doverview").status(418));
    let (status, _, _) = raw_get(api.emu.addr(), "/api/dashboards/uid/demo%2Doverview").await;
    assert_eq!(status, 418);
    let (status, _, _) = raw_get(api.emu.addr(), "/api/dashboards/uid/demo-overview").await;
    assert_eq!(status, 200, "decoded form does not match the raw glob");
    // `*` needs at least one character and stays in one segment.
    api.emu
        .inject(Fault::on("GET", "/api/folders/*").status(500));
    assert_eq!(api.get("/api/folders", &Auth::Admin).await.status, 200);
    assert_eq!(api.get("/api/folders/x", &Auth::Admin).await.status, 500);
}
