//! Request recording.

mod common;

use common::{raw_http, start, Auth};
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
