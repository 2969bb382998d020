//! Emulator tests: `POST /api/ds/query` with TestData and the built-in
//! `grafana` data source — request parsing, defaults, frame shapes,
//! determinism, errors and the 400-on-any-error rule.

use grafana_emulator::Role;
use serde_json::{json, Value};

use crate::common::{start, start_demo, Api, Auth};

const FROM: i64 = 1_714_521_600_000;
const TO: i64 = FROM + 10_000;

/// Creates a TestData data source and returns its uid.
async fn testdata(api: &Api) -> String {
    let r = api
        .post(
            "/api/datasources",
            &Auth::Admin,
            &json!({"name": "TD", "type": "grafana-testdata-datasource", "access": "proxy"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["datasource"]["uid"].as_str().unwrap().to_string()
}

fn td(uid: &str, extra: Value) -> Value {
    let mut q =
        json!({"refId": "A", "datasource": {"type": "grafana-testdata-datasource", "uid": uid}});
    for (k, v) in extra.as_object().unwrap() {
        q[k] = v.clone();
    }
    q
}

async fn ds_query(api: &Api, auth: &Auth, queries: Vec<Value>) -> crate::common::Resp {
    api.post(
        "/api/ds/query",
        auth,
        &json!({"from": FROM.to_string(), "to": TO.to_string(), "queries": queries}),
    )
    .await
}

#[tokio::test]
async fn random_walk_frame_shape_and_defaults() {
    let api = start().await;
    let uid = testdata(&api).await;
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(&uid, json!({"scenarioId": "random_walk"}))],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let a = &r.json["results"]["A"];
    assert_eq!(a["status"], 200);
    let frames = a["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 1, "seriesCount defaults to 1");
    let f = &frames[0];
    assert_eq!(f["schema"]["refId"], "A");
    assert_eq!(
        f["schema"]["meta"],
        json!({"type": "timeseries-multi", "typeVersion": [0, 0], "custom": {"customStat": 10}})
    );
    assert_eq!(
        f["schema"]["fields"],
        json!([
            {"name": "time", "type": "time", "typeInfo": {"frame": "time.Time"}, "config": {"interval": 1000}},
            {"name": "A-series", "type": "number", "typeInfo": {"frame": "float64", "nullable": true}, "labels": {}}
        ])
    );
    // intervalMs defaults to 1000: 10 points over 10 s, from `from`.
    let times: Vec<i64> = f["data"]["values"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(times, (0..10).map(|i| FROM + i * 1000).collect::<Vec<_>>());
    let values = f["data"]["values"][1].as_array().unwrap();
    assert_eq!(values.len(), 10);
    // spread 1: each step moves at most 0.5.
    let vals: Vec<f64> = values.iter().map(|v| v.as_f64().unwrap()).collect();
    assert!(
        vals.windows(2).all(|w| (w[1] - w[0]).abs() <= 0.5 + 1e-9),
        "{vals:?}"
    );
    assert!((0.0..100.5).contains(&vals[0]), "start value in [0, 100)");
}

#[tokio::test]
async fn random_walk_is_deterministic_and_honours_options() {
    let api = start().await;
    let uid = testdata(&api).await;
    let q = td(
        &uid,
        json!({"scenarioId": "random_walk", "seriesCount": 3, "startValue": 50, "spread": 10,
               "min": 45, "max": 55, "intervalMs": 2000, "labels": "{host=\"h$seriesIndex\"}"}),
    );
    let a = ds_query(&api, &Auth::Admin, vec![q.clone()]).await;
    let b = ds_query(&api, &Auth::Admin, vec![q]).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json, b.json, "same request, same values");
    let frames = a.json["results"]["A"]["frames"].as_array().unwrap().clone();
    assert_eq!(frames.len(), 3);
    let names: Vec<&str> = frames
        .iter()
        .map(|f| f["schema"]["fields"][1]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A-series", "A-series1", "A-series2"]);
    assert_eq!(
        frames[2]["schema"]["fields"][1]["labels"],
        json!({"host": "h2"})
    );
    assert_eq!(
        frames[0]["schema"]["fields"][0]["config"],
        json!({"interval": 2000})
    );
    for f in &frames {
        let vals = f["data"]["values"][1].as_array().unwrap();
        assert_eq!(vals.len(), 5, "10 s in 2 s steps");
        assert_eq!(vals[0].as_f64(), Some(50.0), "startValue");
        assert!(vals
            .iter()
            .all(|v| (45.0..=55.0).contains(&v.as_f64().unwrap())));
    }
    assert_ne!(
        frames[0]["data"]["values"][1], frames[1]["data"]["values"][1],
        "series differ"
    );
    // Another refId or time range gives other values; alias names the series.
    let mut other = td(&uid, json!({"alias": "cpu", "startValue": 1}));
    other["refId"] = json!("B");
    let r = ds_query(&api, &Auth::Admin, vec![other]).await;
    let f = &r.json["results"]["B"]["frames"][0];
    assert_eq!(f["schema"]["refId"], "B");
    assert_eq!(f["schema"]["fields"][1]["name"], "cpu");
}

#[tokio::test]
async fn relative_time_range_and_multiple_queries() {
    let api = start().await;
    let uid = testdata(&api).await;
    let r = api
        .post(
            "/api/ds/query",
            &Auth::Admin,
            &json!({"from": "now-1m", "to": "now", "queries": [
                td(&uid, json!({"refId": "A", "intervalMs": 10000})),
                td(&uid, json!({"refId": "B", "scenarioId": "csv_metric_values", "stringInput": "1,null,3"})),
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let times = r.json["results"]["A"]["frames"][0]["data"]["values"][0]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(times.len(), 6, "one minute in 10 s steps");
    let first = times[0].as_i64().unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((now_ms - 60_000 - first).abs() < 600_000, "from = now-1m");
    let b = &r.json["results"]["B"]["frames"][0];
    let ts = b["data"]["values"][0].as_array().unwrap();
    assert_eq!(b["data"]["values"][1], json!([1, null, 3]));
    assert_eq!(
        ts[2].as_i64().unwrap() - ts[0].as_i64().unwrap(),
        60_000,
        "spread over the range"
    );
}

#[tokio::test]
async fn csv_metric_values_and_pulse() {
    let api = start().await;
    let uid = testdata(&api).await;
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(
            &uid,
            json!({"scenarioId": "csv_metric_values", "stringInput": "1,20,90"}),
        )],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let f = &r.json["results"]["A"]["frames"][0];
    assert_eq!(
        f["data"]["values"],
        json!([[FROM, FROM + 5000, TO], [1, 20, 90]])
    );
    assert_eq!(f["schema"]["fields"][1]["name"], "A-series");
    assert!(f["schema"].get("meta").is_none());
    // Empty input: one empty frame.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(&uid, json!({"scenarioId": "csv_metric_values"}))],
    )
    .await;
    let f = &r.json["results"]["A"]["frames"][0];
    assert_eq!(f["schema"]["fields"], json!([]));
    assert_eq!(f["data"]["values"], json!([]));
    // A value that is not a number: the scenario fails, the refId has no result.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(
            &uid,
            json!({"scenarioId": "csv_metric_values", "stringInput": "1,x"}),
        )],
    )
    .await;
    assert_eq!((r.status, r.json.clone()), (200, json!({"results": {}})));
    // Predictable pulse: aligned on the step, on for onCount steps.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(&uid, json!({"scenarioId": "predictable_pulse",
            "pulseWave": {"timeStep": 2, "onCount": 1, "offCount": 1, "onValue": 5, "offValue": "null"}}))],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let f = &r.json["results"]["A"]["frames"][0];
    assert_eq!(f["schema"]["name"], "A-series");
    assert_eq!(f["schema"]["fields"][1]["name"], "value");
    let times = f["data"]["values"][0].as_array().unwrap();
    assert_eq!(times.len(), 5);
    assert!(times.iter().all(|t| t.as_i64().unwrap() % 2000 == 0));
    let vals = f["data"]["values"][1].as_array().unwrap();
    // FROM is a multiple of 4000 (the cycle), so the first point is "on".
    assert_eq!(FROM % 4000, 0);
    assert_eq!(vals[0], json!(5));
    assert_eq!(vals[1], Value::Null);
}

#[tokio::test]
async fn no_data_and_error_scenarios() {
    let api = start().await;
    let uid = testdata(&api).await;
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(&uid, json!({"scenarioId": "no_data_points"}))],
    )
    .await;
    assert_eq!((r.status, r.json.clone()), (200, json!({"results": {}})));
    // An error in one refId: HTTP 400, the other refId still answered.
    let mut ok = td(&uid, json!({}));
    ok["refId"] = json!("B");
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![
            td(&uid, json!({"scenarioId": "random_walk_with_error"})),
            ok,
        ],
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text);
    let a = &r.json["results"]["A"];
    assert_eq!(
        a["error"],
        "this is an error and it can include URLs http://grafana.com/"
    );
    assert_eq!(a["errorSource"], "plugin");
    assert_eq!(a["status"], 500);
    assert_eq!(
        a["frames"].as_array().unwrap().len(),
        1,
        "frames and an error"
    );
    assert_eq!(r.json["results"]["B"]["status"], 200);
    // server_error_500: a panic without input, CSV values with it.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(&uid, json!({"scenarioId": "server_error_500"}))],
    )
    .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json,
        json!({"message": "Internal Server Error - Check the Grafana server logs for the detailed error message.", "error": "Server Error"})
    );
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(
            &uid,
            json!({"scenarioId": "server_error_500", "stringInput": "7"}),
        )],
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json["results"]["A"]["frames"][0]["data"]["values"][1],
        json!([7])
    );
    // queryType names the scenario too.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![td(
            &uid,
            json!({"queryType": "no_data_points", "scenarioId": "random_walk"}),
        )],
    )
    .await;
    assert_eq!(r.json, json!({"results": {}}));
}

#[tokio::test]
async fn grafana_data_source() {
    let api = start().await;
    let q = json!({"refId": "G", "datasource": {"type": "grafana", "uid": "grafana"}, "queryType": "randomWalk"});
    let r = ds_query(&api, &Auth::Admin, vec![q.clone()]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let f = &r.json["results"]["G"]["frames"][0];
    assert_eq!(f["schema"]["fields"][1]["name"], "G-series");
    assert_eq!(f["data"]["values"][0].as_array().unwrap().len(), 10);
    assert_eq!(r.json, ds_query(&api, &Auth::Admin, vec![q]).await.json);
    // The pre-8.3 string form; an unemulated query type is a refId error.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![json!({"refId": "A", "datasource": "grafana", "queryType": "list"})],
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["results"]["A"]["error"], "unknown query type");
}

#[tokio::test]
async fn request_errors() {
    let api = start().await;
    let uid = testdata(&api).await;
    let r = api
        .post(
            "/api/ds/query",
            &Auth::Admin,
            &json!({"from": "now-1h", "to": "now", "queries": []}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "No queries found", "messageId": "query.noQueries", "statusCode": 400})
        )
    );
    let r = api
        .post(
            "/api/ds/query",
            &Auth::Admin,
            &json!({"queries": [{"refId": "A"}]}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["messageId"], "query.invalidDatasourceId");
    assert_eq!(
        r.json["message"],
        "Query does not contain a valid data source identifier"
    );
    let r = api
        .post(
            "/api/ds/query",
            &Auth::Admin,
            &json!({"queries": [{"datasource": {"uid": "missing"}}]}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Data source not found"}))
    );
    let r = api
        .post(
            "/api/ds/query",
            &Auth::Admin,
            &json!({"queries": [{"datasourceId": 999}]}),
        )
        .await;
    assert_eq!(r.status, 404);
    for bad in [
        json!({"from": 1, "queries": [td(&uid, json!({}))]}),
        json!({"queries": {}}),
        json!([]),
    ] {
        let r = api.post("/api/ds/query", &Auth::Admin, &bad).await;
        assert_eq!(
            (r.status, r.json.clone()),
            (400, json!({"message": "bad request data"})),
            "{bad}"
        );
    }
    let r = api.post_raw("/api/ds/query", &Auth::Admin, "{").await;
    assert_eq!(r.status, 400);
    // Permissions: Viewers query, anonymous callers do not, no-role callers get RBAC 403.
    api.emu.add_user("dsq-viewer", "pw", 1, Role::Viewer);
    let r = ds_query(
        &api,
        &Auth::basic("dsq-viewer", "pw"),
        vec![td(&uid, json!({}))],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = ds_query(&api, &Auth::None, vec![td(&uid, json!({}))]).await;
    assert_eq!(r.status, 401);
    let org2 = api.emu.create_org("Q2");
    let tok = api.emu.create_service_account_token(org2, Role::Viewer);
    let r = ds_query(&api, &Auth::token(&tok), vec![td(&uid, json!({}))]).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Data source not found"})),
        "another org's data source"
    );
}

#[tokio::test]
async fn demo_data_sources() {
    let api = start_demo().await;
    let r = ds_query(&api, &Auth::Admin, vec![td("testdata", json!({}))]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json["results"]["A"]["frames"][0]["data"]["values"][0]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    // A data source of another type is not queried by the emulator.
    let r = ds_query(
        &api,
        &Auth::Admin,
        vec![json!({"refId": "P", "datasource": {"type": "prometheus", "uid": "prometheus"}, "expr": "up"})],
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["results"]["P"]["status"], 500);
    assert_eq!(r.json["results"]["P"]["errorSource"], "downstream");
}
