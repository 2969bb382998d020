//! Request recording.

mod common;

use common::{raw_http, start, start_with, Auth};
use grafana_emulator::{Emulator, DEFAULT_MAX_RECORDED_BODY, DEFAULT_MAX_RECORDED_REQUESTS};
use serde_json::json;

#[tokio::test]
async fn records_method_path_query_headers_body_status() {
    let api = start().await;
    api.post("/api/folders", &Auth::Admin, &json!({"title": "rec"}))
        .await;
    api.req(
        "GET",
        "/api/search?query=a%20b&tag=x",
        &Auth::None,
        None,
        &[("X-Grafana-Org-Id", "1")],
    )
    .await;
    let reqs = api.emu.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].raw_path, "/api/folders");
    assert_eq!(reqs[0].raw_query, None);
    assert_eq!(reqs[0].status, 200);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&reqs[0].body).unwrap(),
        json!({"title": "rec"})
    );
    assert!(reqs[0]
        .header("authorization")
        .unwrap()
        .starts_with("Basic "));
    assert_eq!(reqs[1].raw_query.as_deref(), Some("query=a%20b&tag=x"));
    assert_eq!(reqs[1].header("X-Grafana-Org-Id"), Some("1"));
    assert_eq!(reqs[1].status, 401);
    api.emu.clear_requests();
    assert!(api.emu.requests().is_empty());
}

#[tokio::test]
async fn raw_path_is_exactly_as_sent() {
    let api = start().await;
    let path = "/api/snapshots/%2e%2e%2F..%2fadmin%20x";
    let (status, _, _) = raw_http(
        api.emu.addr(),
        &format!("GET {path}?a=%2F HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 404);
    let r = &api.emu.requests()[0];
    assert_eq!(r.raw_path, path);
    assert_eq!(r.raw_query.as_deref(), Some("a=%2F"));
}

#[tokio::test]
async fn log_keeps_the_most_recent_requests() {
    let api = start_with(Emulator::builder().max_recorded_requests(3)).await;
    for i in 0..5 {
        api.get(&format!("/api/health?n={i}"), &Auth::None).await;
    }
    let queries: Vec<String> = api
        .emu
        .requests()
        .into_iter()
        .map(|r| {
            assert_eq!(r.status, 200);
            r.raw_query.unwrap()
        })
        .collect();
    assert_eq!(queries, ["n=2", "n=3", "n=4"]);
    api.emu.clear_requests();
    api.get("/api/health?n=5", &Auth::None).await;
    assert_eq!(api.emu.requests().len(), 1);
}

#[tokio::test]
async fn long_bodies_are_recorded_cut_and_handled_whole() {
    let api = start_with(Emulator::builder().max_recorded_body(16)).await;
    let title = "a folder with a title longer than sixteen bytes";
    let r = api
        .post("/api/folders", &Auth::Admin, &json!({"title": title}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["title"], title);
    let short = api.post_raw("/api/folders", &Auth::Admin, "{}").await;
    assert_eq!(short.status, 400);
    let reqs = api.emu.requests();
    assert_eq!(reqs[0].body, br#"{"title":"a fold"#);
    assert!(reqs[0].body_truncated);
    assert_eq!(reqs[1].body, b"{}");
    assert!(!reqs[1].body_truncated);
}

#[tokio::test]
async fn recording_can_be_turned_off() {
    let api = start_with(Emulator::builder().record_requests(false)).await;
    let r = api.get("/api/health", &Auth::None).await;
    assert_eq!(r.status, 200);
    assert!(api.emu.requests().is_empty());
}

#[test]
fn defaults_are_documented_values() {
    assert_eq!(DEFAULT_MAX_RECORDED_REQUESTS, 10_000);
    assert_eq!(DEFAULT_MAX_RECORDED_BODY, 64 * 1024);
}
