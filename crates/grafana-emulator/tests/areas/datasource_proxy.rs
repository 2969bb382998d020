//! Emulator tests: the data-source proxy and its built-in Prometheus-like
//! backend (`/api/datasources/proxy/{id|uid/{uid}}/api/v1/...`).

use grafana_emulator::{Emulator, Role};
use serde_json::{json, Value};

use crate::common::{start_demo, start_with, Api, Auth};

const UID: &str = "/api/datasources/proxy/uid/prometheus";

async fn post_form(api: &Api, path: &str, form: &str) -> crate::common::Resp {
    // `Api::req` sends JSON bodies only; a form body is built directly.
    let resp = api
        .client
        .post(format!("{}{}", api.emu.url(), path))
        .basic_auth("admin", Some("admin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    crate::common::Resp {
        status,
        headers,
        text,
        json,
    }
}

#[tokio::test]
async fn instant_query_vector_and_scalar() {
    let api = start_demo().await;
    let r = api
        .get(
            &format!("{UID}/api/v1/query?query=up&time=1700000000"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["status"], "success");
    assert_eq!(r.json["data"]["resultType"], "vector");
    let result = r.json["data"]["result"].as_array().unwrap();
    assert_eq!(result.len(), 2);
    assert_eq!(
        result[0],
        json!({"metric": {"__name__": "up", "instance": "localhost:3000", "job": "grafana"},
               "value": [1700000000, "1"]})
    );
    // A label filter and an RFC 3339 time; POST with the query string.
    let r = api
        .req(
            "POST",
            &format!("{UID}/api/v1/query?query=http_requests_total%7Bcode%3D%22200%22%7D&time=2023-11-14T22:13:20.5Z"),
            &Auth::Admin,
            None,
            &[],
        )
        .await;
    let result = r.json["data"]["result"].as_array().unwrap();
    assert_eq!(result.len(), 1);
    assert_eq!(result[0]["metric"]["handler"], "/api/health");
    assert_eq!(result[0]["value"], json!([1700000000.5, "339999999"]));
    // A form body, as the Python client sends it.
    let r = post_form(&api, &format!("{UID}/api/v1/query"), "query=1%2B0&time=10").await;
    assert_eq!(r.status, 400, "only numbers and selectors are served");
    let r = post_form(&api, &format!("{UID}/api/v1/query"), "query=42&time=10").await;
    assert_eq!(
        r.json,
        json!({"status": "success", "data": {"resultType": "scalar", "result": [10, "42"]}})
    );
    // A selector without matches.
    let r = api
        .get(
            &format!("{UID}/api/v1/query?query=nothing_here"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["data"]["result"], json!([]));
}

#[tokio::test]
async fn query_errors_are_prometheus_bad_data() {
    let api = start_demo().await;
    for (q, needle) in [
        ("", "no expression found in input"),
        ("sum(up)", "parse error"),
        ("%7Bjob%3D%22%22%7D", "at least one non-empty matcher"),
        ("up%7Bjob%3D%22x", "unterminated quoted string"),
    ] {
        let r = api
            .get(&format!("{UID}/api/v1/query?query={q}"), &Auth::Admin)
            .await;
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.json["status"], "error");
        assert_eq!(r.json["errorType"], "bad_data");
        let msg = r.json["error"].as_str().unwrap();
        assert!(msg.starts_with("invalid parameter \"query\": 1:"), "{msg}");
        assert!(msg.contains(needle), "{q}: {msg}");
    }
    let r = api
        .get(
            &format!("{UID}/api/v1/query?query=up&time=yesterday"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        r.json["error"],
        "invalid parameter \"time\": cannot parse \"yesterday\" to a valid timestamp"
    );
}

#[tokio::test]
async fn range_query_matrix_and_errors() {
    let api = start_demo().await;
    let r = api
        .get(
            &format!("{UID}/api/v1/query_range?query=up%7Bjob%3D%22grafana%22%7D&start=1000&end=1060&step=30s"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["data"]["resultType"], "matrix");
    assert_eq!(
        r.json["data"]["result"],
        json!([{"metric": {"__name__": "up", "instance": "localhost:3000", "job": "grafana"},
                "values": [[1000, "1"], [1030, "1"], [1060, "1"]]}])
    );
    for (qs, err) in [
        ("query=up&end=10&step=1", "invalid parameter \"start\": cannot parse \"\" to a valid timestamp"),
        ("query=up&start=10&end=5&step=1", "invalid parameter \"end\": end timestamp must not be before start time"),
        ("query=up&start=1&end=5", "invalid parameter \"step\": cannot parse \"\" to a valid duration"),
        ("query=up&start=1&end=5&step=0", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"),
        ("query=up&start=0&end=100000&step=1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"),
    ] {
        let r = api
            .get(&format!("{UID}/api/v1/query_range?{qs}"), &Auth::Admin)
            .await;
        assert_eq!(r.status, 400, "{qs}");
        assert_eq!(
            r.json,
            json!({"status": "error", "errorType": "bad_data", "error": err}),
            "{qs}"
        );
    }
}

#[tokio::test]
async fn extreme_range_parameters_do_not_break_the_backend() {
    let api = start_demo().await;
    let r = api
        .get(
            &format!("{UID}/api/v1/query_range?query=up&start=-1e300&end=1e300&step=1e300"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json["data"]["result"][0]["values"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = api
        .get(
            &format!("{UID}/api/v1/query_range?query=up&start=-1e300&end=1e300&step=1"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .get(
            &format!("{UID}/api/v1/query?query=up&time=2023-11-14T22:13:20%2B%C3%A9:00"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn series_labels_and_values() {
    let api = start_demo().await;
    let r = api
        .req(
            "POST",
            &format!("{UID}/api/v1/series?match%5B%5D=up&match%5B%5D=http_requests_total%7Bcode%3D~%225..%7C500%22%7D"),
            &Auth::Admin,
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let data = r.json["data"].as_array().unwrap();
    assert_eq!(data.len(), 3);
    assert_eq!(data[2]["code"], "500");
    let r = api.get(&format!("{UID}/api/v1/series"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"status": "error", "errorType": "bad_data", "error": "no match[] parameter provided"})
        )
    );
    let r = api.get(&format!("{UID}/api/v1/labels"), &Auth::Admin).await;
    let names = r.json["data"].as_array().unwrap();
    assert_eq!(names[0], "__name__");
    assert!(names.contains(&json!("job")));
    let r = api
        .get(&format!("{UID}/api/v1/label/job/values"), &Auth::Admin)
        .await;
    assert_eq!(
        r.json,
        json!({"status": "success", "data": ["grafana", "prometheus"]})
    );
    let r = api
        .get(&format!("{UID}/api/v1/label/nope/values"), &Auth::Admin)
        .await;
    assert_eq!(r.json["data"], json!([]));
    let r = api
        .get(&format!("{UID}/api/v1/status/buildinfo"), &Auth::Admin)
        .await;
    assert_eq!(r.json["status"], "success");
    assert!(r.json["data"]["version"].is_string());
}

#[tokio::test]
async fn proxy_by_id_and_grafana_errors() {
    let api = start_demo().await;
    let prom = api
        .get("/api/datasources/uid/prometheus", &Auth::Admin)
        .await;
    let id = prom.json["id"].as_i64().unwrap();
    let r = api
        .get(
            &format!("/api/datasources/proxy/{id}/api/v1/query?query=up"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["data"]["result"].as_array().unwrap().len(), 2);

    let r = api
        .get(
            "/api/datasources/proxy/uid/missing/api/v1/query?query=up",
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            404,
            json!({"message": "Unable to find datasource", "traceID": ""})
        )
    );
    let r = api
        .get(
            "/api/datasources/proxy/uid/bad.uid/api/v1/query",
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "UID is invalid"}))
    );
    let r = api
        .get("/api/datasources/proxy/abc/api/v1/query", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid", "traceID": ""}))
    );
    let r = api
        .get("/api/datasources/proxy/999/api/v1/query", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    // TestData has no URL to proxy to: the reverse proxy's 502.
    let r = api
        .get(
            "/api/datasources/proxy/uid/testdata/api/v1/query",
            &Auth::Admin,
        )
        .await;
    assert_eq!((r.status, r.text.as_str()), (502, ""));
    // An uninstalled plugin type.
    api.post(
        "/api/datasources",
        &Auth::Admin,
        &json!({"name": "Odd", "type": "odd-plugin", "uid": "odd"}),
    )
    .await;
    let r = api
        .get("/api/datasources/proxy/uid/odd/api/v1/query", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Unable to find datasource plugin"}))
    );
    // Viewers hold datasources:query; anonymous callers do not.
    api.emu.add_user("v", "pw", 1, Role::Viewer);
    let r = api
        .get(
            &format!("{UID}/api/v1/query?query=up"),
            &Auth::basic("v", "pw"),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .get(&format!("{UID}/api/v1/query?query=up"), &Auth::None)
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn grafana_13_has_no_proxy_by_id() {
    let api = start_with(Emulator::builder().version("13.0.0").seed_demo()).await;
    let r = api
        .get(
            "/api/datasources/proxy/2/api/v1/query?query=up",
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Not found"}))
    );
    let r = api
        .get(&format!("{UID}/api/v1/query?query=up"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
}
