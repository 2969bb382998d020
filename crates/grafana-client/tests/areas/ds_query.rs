//! Workflow: `POST /api/ds/query` (`datasource().ds_query`) with TestData and
//! the built-in `grafana` data source, the Python package's `smartquery`,
//! `health_check` and `health_inquiry`, and the query models on Grafana's
//! documented answer shapes.

use grafana_client::elements::{HealthCheck, HealthInquiry};
use grafana_client::models::DatasourceHealthResponse;
use grafana_client::models::{DataSource, QueryRequest, QueryResponse, SmartQueryResponse};
use grafana_client::{Call, Error, Result};
use serde_json::{json, Value};

use std::future::IntoFuture;

use crate::support::{block_on, unique, Drive, Target};

/// Sends the multi-request health helpers on either client.
trait Health: Drive {
    fn check(&self, call: Call<Self, HealthCheck>) -> Result<DatasourceHealthResponse>;
    fn inquire(&self, call: Call<Self, HealthInquiry>) -> Result<DatasourceHealthResponse>;
}

impl Health for grafana_client::GrafanaApi {
    fn check(&self, call: Call<Self, HealthCheck>) -> Result<DatasourceHealthResponse> {
        block_on(call.send())
    }
    fn inquire(&self, call: Call<Self, HealthInquiry>) -> Result<DatasourceHealthResponse> {
        block_on(call.into_future())
    }
}

impl Health for grafana_client::blocking::GrafanaApi {
    fn check(&self, call: Call<Self, HealthCheck>) -> Result<DatasourceHealthResponse> {
        call.send()
    }
    fn inquire(&self, call: Call<Self, HealthInquiry>) -> Result<DatasourceHealthResponse> {
        call.send()
    }
}

both_clients!(
    csv_metric_values_gives_exact_frames,
    random_walk_is_deterministic_per_request,
    series_count_time_range_and_interval_shape_the_frames,
    grafana_datasource_random_walk,
    a_failed_ref_id_is_an_answer_not_an_error,
    other_error_statuses_stay_errors,
    smartquery_goes_through_ds_query,
    health_check_probes_the_datasource,
    health_inquiry_asks_grafana_first_and_falls_back,
);

const FROM: i64 = 1_714_521_600_000;
const TD: &str = "grafana-testdata-datasource";

fn testdata(ref_id: &str, extra: Value) -> Value {
    let mut q = json!({"refId": ref_id, "datasource": {"type": TD, "uid": "testdata"}});
    if let (Value::Object(q), Value::Object(extra)) = (&mut q, extra) {
        q.extend(extra);
    }
    q
}

fn numbers(values: &[Value]) -> Vec<f64> {
    values.iter().filter_map(Value::as_f64).collect()
}

fn csv_metric_values_gives_exact_frames<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let request = QueryRequest::from_ms(FROM, FROM + 300_000).query(testdata(
        "A",
        json!({"scenarioId": "csv_metric_values", "stringInput": "1,20,90,30,5,0"}),
    ));
    let answer = api.run(api.datasource().ds_query(&request)).unwrap();
    assert!(answer.is_ok(), "{:?}", answer.errors());
    assert_eq!(answer.results.len(), 1);
    let result = answer.result("A").unwrap();
    assert_eq!(result.status, Some(200));
    assert_eq!(result.frames.len(), 1);
    let frame = &result.frames[0];
    assert_eq!(frame.len(), 6);
    let names: Vec<&str> = frame.columns().iter().map(|c| c.name).collect();
    assert_eq!(names, ["time", "A-series"]);
    assert_eq!(
        frame.schema.fields[0].type_.as_deref(),
        Some("time"),
        "{frame:?}"
    );
    assert_eq!(frame.schema.fields[1].type_.as_deref(), Some("number"));
    let times: Vec<i64> = frame
        .column("time")
        .unwrap()
        .values
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(times, (0..6).map(|i| FROM + i * 60_000).collect::<Vec<_>>());
    assert_eq!(
        frame.field_values_f64(1),
        Some(vec![
            Some(1.0),
            Some(20.0),
            Some(90.0),
            Some(30.0),
            Some(5.0),
            Some(0.0)
        ])
    );
    assert_eq!(frame.field_values_f64(2), None);
    assert!(frame.column("nope").is_none());
    let (ref_id, _) = answer.frames().next().unwrap();
    assert_eq!(ref_id, "A");
}

fn random_walk_is_deterministic_per_request<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("TestData's random walk is random in Grafana")
        .is_none()
    {
        return;
    }
    let api = C::build(t.admin());
    let walk = |ref_id: &str| {
        let request = QueryRequest::from_ms(FROM, FROM + 3_600_000)
            .interval_ms(60_000)
            .query(testdata(ref_id, json!({"scenarioId": "random_walk"})));
        let answer = api.run(api.datasource().ds_query(&request)).unwrap();
        let frame = answer.result(ref_id).unwrap().frames[0].clone();
        frame.field_values_f64(1).unwrap()
    };
    let first = walk("A");
    assert_eq!(first.len(), 60);
    assert!(first.iter().all(Option::is_some));
    assert_eq!(walk("A"), first, "same request, same values");
    assert_ne!(walk("B"), first, "another refId walks elsewhere");
}

fn series_count_time_range_and_interval_shape_the_frames<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let request = QueryRequest::from_ms(FROM, FROM + 600_000)
        .query(testdata(
            "A",
            json!({"scenarioId": "random_walk", "seriesCount": 3}),
        ))
        .interval_ms(120_000)
        .max_data_points(5);
    // The defaults are filled into queries that do not set their own.
    assert_eq!(request.queries[0]["intervalMs"], 120_000);
    assert_eq!(request.queries[0]["maxDataPoints"], 5);
    let answer = api.run(api.datasource().ds_query(&request)).unwrap();
    let frames = &answer.result("A").unwrap().frames;
    let names: Vec<&str> = frames.iter().map(|f| f.columns()[1].name).collect();
    assert_eq!(names, ["A-series", "A-series1", "A-series2"]);
    for frame in frames {
        let times: Vec<i64> = frame.columns()[0]
            .values
            .iter()
            .filter_map(Value::as_i64)
            .collect();
        assert_eq!(
            times,
            [
                FROM,
                FROM + 120_000,
                FROM + 240_000,
                FROM + 360_000,
                FROM + 480_000
            ]
        );
    }
    // A query's own interval wins over the request's default.
    let own = QueryRequest::from_ms(FROM, FROM + 600_000)
        .interval_ms(120_000)
        .query(testdata(
            "A",
            json!({"scenarioId": "random_walk", "intervalMs": 300_000}),
        ));
    let answer = api.run(api.datasource().ds_query(&own)).unwrap();
    assert_eq!(answer.result("A").unwrap().frames[0].len(), 2);
}

fn grafana_datasource_random_walk<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let request = QueryRequest::from_ms(FROM, FROM + 300_000).query(json!({
        "refId": "G",
        "datasource": {"type": "datasource", "uid": "grafana"},
        "queryType": "randomWalk",
        "intervalMs": 60_000,
    }));
    let answer = api.run(api.datasource().ds_query(&request)).unwrap();
    assert!(answer.is_ok(), "{:?}", answer.errors());
    let frame = &answer.result("G").unwrap().frames[0];
    assert_eq!(frame.len(), 5);
    assert_eq!(
        numbers(frame.columns()[0].values),
        [0, 1, 2, 3, 4].map(|i| (FROM + i * 60_000) as f64).to_vec()
    );
    assert_eq!(frame.field_values_f64(1).unwrap().len(), 5);
}

fn a_failed_ref_id_is_an_answer_not_an_error<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let request = QueryRequest::from_ms(FROM, FROM + 300_000)
        .interval_ms(60_000)
        .query(testdata(
            "A",
            json!({"scenarioId": "random_walk_with_error"}),
        ))
        .query(testdata(
            "B",
            json!({"scenarioId": "csv_metric_values", "stringInput": "1,2"}),
        ));
    let answer = api.run(api.datasource().ds_query(&request)).unwrap();
    let message = "this is an error and it can include URLs http://grafana.com/";
    assert_eq!(answer.errors(), vec![("A", message)]);
    assert!(!answer.is_ok());
    let a = answer.result("A").unwrap();
    assert!(!a.is_ok());
    assert_eq!(a.error.as_deref(), Some(message));
    assert_eq!(a.error_source.as_deref(), Some("plugin"));
    // The failing refId keeps its frames, the other refId its data.
    assert_eq!(a.frames[0].len(), 5);
    let b = answer.result("B").unwrap();
    assert!(b.is_ok());
    assert_eq!(
        b.frames[0].field_values_f64(1),
        Some(vec![Some(1.0), Some(2.0)])
    );
    // On the wire it was Grafana's 400: a plain call of the route fails.
    let raw = api.run(api.raw().post("api/ds/query").body(&request));
    let err = raw.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
}

fn other_error_statuses_stay_errors<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    // No queries: Grafana's errutil message.
    let empty = QueryRequest::new("now-1h", "now");
    let err = api.run(api.datasource().ds_query(&empty)).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.api().and_then(|e| e.message.as_deref()),
        Some("No queries found")
    );
    // An unknown data source.
    let unknown = QueryRequest::new("now-1h", "now").query(json!({
        "refId": "A", "datasource": {"type": TD, "uid": unique("no-such-ds")}
    }));
    let err = api.run(api.datasource().ds_query(&unknown)).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(
        err.api().and_then(|e| e.message.as_deref()),
        Some("Data source not found")
    );
    // A query that is not an object: refused, nothing sent.
    let bad = QueryRequest::new("now-1h", "now").query("up");
    assert_eq!(
        bad.invalid_reason(),
        Some("query 0 must be a JSON object, not a string")
    );
    let err = api.run(api.datasource().ds_query(&bad)).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "queries",
                ..
            }
        ),
        "{err}"
    );
    // TestData's server_error_500 without input panics in the plugin: 500.
    if t.emulator_only("Grafana's plugin recovery answer varies by version")
        .is_some()
    {
        let panic = QueryRequest::from_ms(FROM, FROM + 60_000)
            .query(testdata("A", json!({"scenarioId": "server_error_500"})));
        let err = api.run(api.datasource().ds_query(&panic)).unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err}");
    }
}

fn get_ds<C: Drive>(api: &C, uid: &str) -> DataSource {
    api.run(api.datasource().get_datasource_by_uid(uid))
        .unwrap_or_else(|e| panic!("data source {uid}: {e}"))
}

fn smartquery_goes_through_ds_query<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let td = get_ds(&api, "testdata");
    let answer = api
        .run(
            api.datasource()
                .smartquery(&td, "three values")
                .attr("scenarioId", "csv_metric_values")
                .attr("stringInput", "3,2,1")
                .time_from(FROM / 1000)
                .time_to(FROM / 1000 + 120),
        )
        .unwrap();
    let SmartQueryResponse::Query(q) = answer else {
        panic!("not a ds/query answer: {answer:?}")
    };
    let frame = &q.result("test").unwrap().frames[0];
    assert_eq!(
        frame.field_values_f64(1),
        Some(vec![Some(3.0), Some(2.0), Some(1.0)])
    );
    assert_eq!(
        numbers(frame.columns()[0].values),
        [FROM as f64, (FROM + 60_000) as f64, (FROM + 120_000) as f64]
    );
    // An empty expression is refused before sending.
    let err = api.run(api.datasource().smartquery(&td, "")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "expression",
                ..
            }
        ),
        "{err}"
    );
    // Prometheus gets its query fields; the emulator has no Prometheus to ask.
    if t.emulator_only("needs the emulator's demo Prometheus")
        .is_some()
    {
        let prom = get_ds(&api, "prometheus");
        let answer = api.run(api.datasource().smartquery(&prom, "1+1")).unwrap();
        let q = answer.as_query().expect("ds/query answer");
        assert_eq!(
            q.errors(),
            vec![(
                "test",
                "the Grafana emulator does not run queries of prometheus data sources"
            )]
        );
    }
}

fn health_check_probes_the_datasource<C: Health>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let td = get_ds(&api, "testdata");
    let h = api.check(api.datasource().health_check(&td)).unwrap();
    assert_eq!(
        (
            h.uid.as_str(),
            h.type_.as_deref(),
            h.success,
            h.status.as_str(),
            h.message.as_str()
        ),
        ("testdata", Some(TD), true, "OK", "Success")
    );
    assert!(h.duration.is_some_and(|d| d >= 0.0));
    assert_eq!(
        h.response.as_ref().and_then(|r| r.get("uid")),
        Some(&json!("testdata"))
    );
    if t.emulator_only("needs the emulator's demo Prometheus")
        .is_some()
    {
        let prom = get_ds(&api, "prometheus");
        let h = api.check(api.datasource().health_check(&prom)).unwrap();
        assert!(!h.success);
        assert_eq!(h.status, "ERROR");
        assert_eq!(
            h.message,
            "the Grafana emulator does not run queries of prometheus data sources"
        );
    }
    // A type without a probe, and direct access: refused, nothing sent.
    let mut odd = td.clone();
    odd.kind = "no-such-plugin".into();
    let err = api.check(api.datasource().health_check(&odd)).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
    let mut direct = td;
    direct.access = Some("direct".into());
    let err = api
        .check(api.datasource().health_check(&direct))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err}");
}

fn health_inquiry_asks_grafana_first_and_falls_back<C: Health>() {
    let t = Target::new();
    let api = C::build(t.admin());
    // Grafana's own check.
    let h = api
        .inquire(api.datasource().health_inquiry("testdata"))
        .unwrap();
    assert_eq!(
        (
            h.success,
            h.status.as_str(),
            h.message.as_str(),
            h.type_.as_deref()
        ),
        (true, "OK", "Data source is working", Some(TD))
    );
    assert_eq!(
        h.response,
        Some(json!({"message": "Data source is working", "status": "OK"}))
    );
    // An unknown uid is a report, not an error.
    let missing = unique("missing");
    let h = api
        .inquire(api.datasource().health_inquiry(&missing))
        .unwrap();
    assert_eq!(
        (
            h.uid.as_str(),
            h.type_,
            h.success,
            h.status.as_str(),
            h.message.as_str(),
            h.duration
        ),
        (
            missing.as_str(),
            None,
            false,
            "ERROR",
            "Data source not found",
            None
        )
    );
    if t.emulator_only("uses plugin types the emulator has no backend for")
        .is_none()
    {
        return;
    }
    // A plugin whose check fails: Grafana's 400 is an ERROR report.
    let uid = unique("loki");
    api.run(api.datasource().create_datasource(&json!({
        "name": uid, "uid": uid, "type": "loki", "access": "proxy", "url": "http://loki:3100"
    })))
    .unwrap();
    let h = api.inquire(api.datasource().health_inquiry(&uid)).unwrap();
    assert_eq!(
        (h.success, h.status.as_str(), h.message.as_str()),
        (
            false,
            "ERROR",
            "the emulator has no backend for plugin type loki"
        )
    );
    api.run(api.datasource().delete_datasource_by_uid(&uid))
        .unwrap();
    // No plugin (404): the client-side check runs instead.
    let uid = unique("sun");
    api.run(api.datasource().create_datasource(&json!({
        "name": uid, "uid": uid, "type": "fetzerch-sunandmoon-datasource", "access": "proxy",
        "jsonData": {"latitude": 48.1, "longitude": 11.6}
    })))
    .unwrap();
    let h = api.inquire(api.datasource().health_inquiry(&uid)).unwrap();
    assert_eq!(
        (h.success, h.status.as_str(), h.message.as_str()),
        (true, "OK", "Success")
    );
    assert_eq!(
        h.response
            .as_ref()
            .and_then(|r| r.pointer("/jsonData/latitude")),
        Some(&json!(48.1))
    );
    api.run(api.datasource().delete_datasource_by_uid(&uid))
        .unwrap();
}

// ---------------------------------------------------------------------------
// Requests smartquery builds (nothing sent).

fn offline() -> grafana_client::blocking::GrafanaApi {
    grafana_client::GrafanaApi::builder()
        .url("http://127.0.0.1:9")
        .blocking()
        .build()
        .unwrap()
}

fn ds(v: Value) -> DataSource {
    serde_json::from_value(v).unwrap()
}

fn body(req: &grafana_client::Request) -> Value {
    serde_json::from_slice(req.body().expect("a body")).unwrap()
}

#[test]
fn smartquery_requests_per_type() {
    let api = offline();
    let dsq = api.datasource();
    // Prometheus: query_factory's fields and defaults; instant: from = to.
    let prom = ds(json!({"id": 3, "uid": "p", "type": "prometheus", "access": "proxy"}));
    let req = dsq
        .smartquery(&prom, "up")
        .attr("instant", true)
        .attr("format", "nonsense")
        .time_to(1_000)
        .into_request();
    assert_eq!(req.path().unwrap(), "api/ds/query");
    assert_eq!(
        body(&req),
        json!({"from": "1000000", "to": "1000000", "queries": [{
            "datasource": {"type": "prometheus", "uid": "p"}, "datasourceId": 3, "expr": "up",
            "format": "time_series", "hide": false, "instant": true, "interval": "",
            "intervalMs": 30000, "legendFormat": "", "queryType": "timeSeriesQuery",
            "refId": "test", "requestId": "0test", "step": 300, "utcOffsetSec": 0
        }]})
    );
    // SQL: rawSql; refId has no default but the model's `test`.
    let pg = ds(json!({"uid": "pg", "type": "grafana-postgresql-datasource", "access": "proxy"}));
    let req = dsq
        .smartquery(&pg, "SELECT 1")
        .time_from(100)
        .time_to(400)
        .into_request();
    assert_eq!(
        body(&req),
        json!({"from": "100000", "to": "400000", "queries": [{
            "datasource": {"type": "grafana-postgresql-datasource", "uid": "pg"},
            "rawSql": "SELECT 1", "format": "time_series", "intervalMs": 30000,
            "maxDataPoints": 1441, "refId": "test"
        }]})
    );
    // InfluxQL: the proxy, by uid, epoch=ms, the database.
    let influx = ds(
        json!({"id": 4, "uid": "in/flux", "type": "influxdb", "access": "proxy", "database": "db 1"}),
    );
    let req = dsq.smartquery(&influx, "SHOW DATABASES").into_request();
    assert_eq!(
        req.path().unwrap(),
        "api/datasources/proxy/uid/in%2Fflux/query"
    );
    assert_eq!(
        req.query_pairs(),
        [
            ("epoch".to_owned(), "ms".to_owned()),
            ("db".to_owned(), "db 1".to_owned()),
            ("q".to_owned(), "SHOW DATABASES".to_owned())
        ]
    );
    // Flux goes through ds/query.
    let flux = ds(
        json!({"uid": "f", "type": "influxdb", "access": "proxy", "jsonData": {"version": "Flux"}}),
    );
    let req = dsq
        .smartquery(&flux, "buckets()")
        .time_to(10)
        .into_request();
    assert_eq!(body(&req)["queries"][0]["query"], "buckets()");
    assert_eq!(body(&req)["queries"][0]["maxDataPoints"], 1441);
    // Graphite: render with Graphite's time syntax.
    let graphite = ds(json!({"id": 5, "uid": "g", "type": "graphite", "access": "proxy"}));
    let req = dsq
        .smartquery(&graphite, "a.b")
        .attr("time_from", "-1h")
        .into_request();
    assert_eq!(req.path().unwrap(), "api/datasources/proxy/uid/g/render");
    assert_eq!(req.query_pairs()[1], ("from".to_owned(), "-1h".to_owned()));
    assert_eq!(req.query_pairs()[2], ("until".to_owned(), "now".to_owned()));
    // url:// expressions: a GET with each placeholder one encoded segment.
    let es = ds(
        json!({"id": 6, "uid": "e", "type": "elasticsearch", "access": "proxy", "database": "logs/*"}),
    );
    let req = dsq
        .smartquery(
            &es,
            "url:///datasources/proxy/{datasource_id}/{database_name}/_mapping?x=1",
        )
        .into_request();
    assert_eq!(req.method(), "GET");
    assert_eq!(
        req.path().unwrap(),
        "api/datasources/proxy/6/logs%2F%2A/_mapping"
    );
    assert_eq!(req.query_pairs(), [("x".to_owned(), "1".to_owned())]);
    let err = dsq
        .smartquery(&es, "url:///datasources/../admin")
        .into_request();
    assert!(err.path().is_err(), "dot segments are refused");
    // Direct access is refused.
    let direct = ds(json!({"uid": "d", "type": "prometheus", "access": "direct"}));
    let req = dsq.smartquery(&direct, "up").into_request();
    assert!(req.path().is_err());
}

// ---------------------------------------------------------------------------
// Decoding Grafana's documented answer shapes (nothing sent).

/// Decodes, checks a field, and serializes back key for key.
fn round_trip(text: &str) -> QueryResponse {
    let value: Value = serde_json::from_str(text).unwrap();
    let decoded: QueryResponse = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value, "lossless");
    decoded
}

#[test]
fn documented_answers_decode_losslessly() {
    // The shape of Grafana's docs / TestData golden files.
    let ok = round_trip(
        r#"{"results":{"A":{"status":200,"frames":[{"schema":{"refId":"A","meta":{"type":"timeseries-multi","custom":{"customStat":10}},
        "fields":[{"name":"time","type":"time","typeInfo":{"frame":"time.Time"},"config":{"interval":60000}},
                  {"name":"A-series","type":"number","typeInfo":{"frame":"float64","nullable":true},"labels":{"host":"a"}}]},
        "data":{"values":[[1714521600000,1714521660000],[42.1,null]]}}]}}}"#,
    );
    let frame = &ok.results["A"].frames[0];
    assert_eq!(frame.ref_id(), Some("A"));
    assert_eq!(frame.schema.fields[1].labels.as_ref().unwrap()["host"], "a");
    assert_eq!(frame.field_values_f64(1), Some(vec![Some(42.1), None]));
    assert_eq!(
        frame.field_values_f64(0).unwrap()[1],
        Some(1_714_521_660_000.0)
    );
    assert_eq!(frame.columns()[1].field.type_.as_deref(), Some("number"));
    // The error form.
    let failed = round_trip(
        r#"{"results":{"A":{"error":"boom","errorSource":"plugin","status":500,"frames":[]}}}"#,
    );
    assert_eq!(failed.errors(), vec![("A", "boom")]);
    // NaN and infinities travel as `entities`; strings are not numbers.
    let special = round_trip(
        r#"{"results":{"A":{"frames":[{"schema":{"fields":[{"name":"v","type":"number"},{"name":"s","type":"string"}]},
        "data":{"values":[[1,null,null,4],["x","y","z","w"]],"entities":[{"NaN":[1],"Inf":[2],"NegInf":[9]},null]}}],"status":200}},"extra":1}"#,
    );
    let frame = &special.results["A"].frames[0];
    let v = frame.field_values_f64(0).unwrap();
    assert_eq!(v[0], Some(1.0));
    assert!(v[1].is_some_and(f64::is_nan));
    assert_eq!(v[2], Some(f64::INFINITY));
    assert_eq!(v[3], Some(4.0));
    assert_eq!(frame.field_values_f64(1), None);
    assert_eq!(special.extra["extra"], 1);
    // A frame whose data has fewer columns than fields.
    let short = round_trip(
        r#"{"results":{"A":{"frames":[{"schema":{"fields":[{"name":"a"},{"name":"b"}]},"data":{"values":[[1,2,3]]}}]}}}"#,
    );
    let frame = &short.results["A"].frames[0];
    assert_eq!(frame.len(), 3);
    assert!(frame.columns()[1].values.is_empty());
    assert_eq!(frame.field_values_f64(1), None);
    // Hostile shapes are decode errors, never panics.
    for bad in [
        r#"{"results":[]}"#,
        r#"{"results":{"A":{"frames":{}}}}"#,
        "[1]",
    ] {
        assert!(serde_json::from_str::<QueryResponse>(bad).is_err(), "{bad}");
    }
    // smartquery's answer: results object -> Query, anything else -> Other.
    let sq: SmartQueryResponse = serde_json::from_str(r#"{"results":{"test":{}}}"#).unwrap();
    assert!(sq.as_query().is_some());
    let sq: SmartQueryResponse =
        serde_json::from_str(r#"{"results":[{"statement_id":0}]}"#).unwrap();
    assert_eq!(
        sq,
        SmartQueryResponse::Other(json!({"results": [{"statement_id": 0}]}))
    );
}

#[test]
fn request_serializes_as_grafana_reads_it() {
    let request = QueryRequest::new("now-6h", "now")
        .debug(true)
        .query(json!({"refId": "A", "maxDataPoints": 10}))
        .max_data_points(360);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"from": "now-6h", "to": "now", "debug": true,
               "queries": [{"refId": "A", "maxDataPoints": 10}]})
    );
    let back: QueryRequest =
        serde_json::from_value(serde_json::to_value(&request).unwrap()).unwrap();
    assert_eq!(back.queries, request.queries);
    let api = offline();
    let req = api.datasource().ds_query(&request).into_request();
    assert_eq!(req.method(), "POST");
    assert_eq!(req.path().unwrap(), "api/ds/query");
    assert_eq!(body(&req)["queries"][0]["refId"], "A");
}
