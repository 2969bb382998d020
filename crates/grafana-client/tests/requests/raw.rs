//! `api.raw()`: every verb with query pairs and a body, path splitting and
//! encoding, and the paths it refuses.

use serde_json::json;

use crate::harness::*;

#[test]
fn requests() {
    let raw = api().raw();
    let body = json!({"name": "Main Org.", "nested": {"list": [1, 2, null]}});
    let q = [("query", "cpu & mem"), ("tag", "a"), ("tag", "b/c"), ("n", "5")];
    let full = |c: grafana_client::Call<grafana_client::GrafanaApi, grafana_client::RawRequest>| {
        c.param("query", "cpu & mem").param("tag", "a").param("tag", "b/c").param("n", 5).body(&body).into_request()
    };
    check_all([
        ("get(params, body)", full(raw.get("api/org")), req("GET", "api/org").ordered().query(&q).body(body.clone())),
        ("post(params, body)", full(raw.post("api/org")), req("POST", "api/org").ordered().query(&q).body(body.clone())),
        ("put(params, body)", full(raw.put("api/org")), req("PUT", "api/org").ordered().query(&q).body(body.clone())),
        ("patch(params, body)", full(raw.patch("api/org")), req("PATCH", "api/org").ordered().query(&q).body(body.clone())),
        ("delete(params, body)", full(raw.delete("api/org")), req("DELETE", "api/org").ordered().query(&q).body(body.clone())),
        ("get(/api/org)", raw.get("/api/org").into_request(), req("GET", "api/org")),
        ("delete(/api/org)", raw.delete("/api/org").into_request(), req("DELETE", "api/org")),
        ("request(PATCH)", raw.request(http::Method::PATCH, "api/org").into_request(), req("PATCH", "api/org")),
        ("get(text)", raw.get("metrics").text().into_request(), req("GET", "metrics").text()),
        ("get(a b/ü)", raw.get("api/a b/ü").into_request(), req("GET", "api/a%20b/%C3%BC")),
        ("get(%2F/+)", raw.get("api/%2F/+").into_request(), req("GET", "api/%252F/%2B")),
        ("get(...)", raw.get("api/...").into_request(), req("GET", "api/...")),
        ("get(trailing /)", raw.get("api/serviceaccounts/").into_request(), req("GET", "api/serviceaccounts/")),
    ]);
    for bad in ["", "/", "api/../admin", "api/./org", "api//org", "api/org//", "..", "api/org?x=1", "api/org#f"] {
        refused(&format!("raw {bad:?}"), raw.delete(bad).into_request(), "path");
    }
}
