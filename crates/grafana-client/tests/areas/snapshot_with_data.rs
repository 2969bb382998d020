//! Snapshots with data (`api.snapshots().share_dashboard(..)`): every panel
//! kind, variables, failures, the concurrency bound, a 200-panel dashboard,
//! the trimmed dashboard and what `GET /api/snapshots/{key}` returns.
//!
//! Against a real Grafana (`GRAFANA_URL`) the tests create their own TestData
//! data source; checks that need the emulator (deterministic random walks,
//! the demo seed, fault injection) say so.

use std::time::Duration;

use grafana_client::models::{LibraryElementDto, QueryRequest};
use grafana_client::snapshot::{ShareDashboard, SharedSnapshot, SnapshotBody, TimeRange};
use grafana_client::{Error, GrafanaApi, Result};
use grafana_emulator::Fault;
use serde_json::{json, Value};

use crate::support::{block_on, unique, Drive, Target};

/// 2024-05-01T00:00:00Z and six hours later, in epoch milliseconds.
const FROM: i64 = 1_714_521_600_000;
const TO: i64 = FROM + 6 * 3_600_000;
const FROM_S: &str = "1714521600000";
const TO_S: &str = "1714543200000";

/// Sends a share on whichever client it belongs to.
trait Share: Drive {
    fn share(&self, b: ShareDashboard<Self>) -> Result<SharedSnapshot>;
    fn build_only(&self, b: ShareDashboard<Self>) -> Result<SnapshotBody>;
}

impl Share for GrafanaApi {
    fn share(&self, b: ShareDashboard<Self>) -> Result<SharedSnapshot> {
        block_on(b.send())
    }
    fn build_only(&self, b: ShareDashboard<Self>) -> Result<SnapshotBody> {
        block_on(b.build())
    }
}

impl Share for grafana_client::blocking::GrafanaApi {
    fn share(&self, b: ShareDashboard<Self>) -> Result<SharedSnapshot> {
        b.send()
    }
    fn build_only(&self, b: ShareDashboard<Self>) -> Result<SnapshotBody> {
        b.build()
    }
}

both_clients!(
    demo_overview_carries_the_direct_query_frames,
    exact_csv_and_random_walk_frames,
    every_panel_kind,
    collapsed_rows_can_be_left_empty,
    variables_of_each_kind,
    trimmed_dashboard_fields,
    failing_queries_keep_the_other_data,
    fail_on_error_posts_nothing,
    slow_queries_respect_the_concurrency_bound,
    two_hundred_panels,
    single_panel_snapshot,
    without_data_posts_the_dashboard_as_it_is,
    bad_input_sends_nothing,
    built_body_is_accepted_by_snapshot_create,
);

// ---------------------------------------------------------------------------
// Helpers

fn setup<C: Share>() -> (Target, C, String) {
    let t = Target::new();
    let api = C::build(t.admin());
    let ds = testdata_uid(&t, &api);
    (t, api, ds)
}

/// The TestData data source's uid: the demo seed's, or one made for the run
/// on a real Grafana.
fn testdata_uid<C: Drive>(t: &Target, api: &C) -> String {
    if t.emu.is_some() {
        return "testdata".into();
    }
    let uid = unique("snap-td");
    api.run(api.datasource().create_datasource(&json!({
        "name": uid, "uid": uid, "type": "grafana-testdata-datasource", "access": "proxy"
    })))
    .expect("TestData data source created");
    uid
}

fn td(ds: &str) -> Value {
    json!({"type": "grafana-testdata-datasource", "uid": ds})
}

fn csv(ds: &str, ref_id: &str, input: &str, alias: &str) -> Value {
    json!({"refId": ref_id, "datasource": td(ds), "scenarioId": "csv_metric_values",
           "stringInput": input, "alias": alias})
}

fn walk(ds: &str, ref_id: &str) -> Value {
    json!({"refId": ref_id, "datasource": td(ds), "scenarioId": "random_walk", "seriesCount": 1})
}

fn panel(id: i64, title: &str, ds: &str, targets: Vec<Value>, y: i64) -> Value {
    json!({
        "id": id, "type": "timeseries", "title": title,
        "gridPos": {"h": 8, "w": 12, "x": 0, "y": y},
        "datasource": td(ds), "targets": targets,
        "maxDataPoints": 360, "interval": "1m",
    })
}

/// Saves a dashboard with these panels and variables; returns its uid.
fn save<C: Drive>(api: &C, title: &str, panels: Vec<Value>, variables: Vec<Value>) -> String {
    let uid = unique("snap");
    api.run(api.dashboard().update_dashboard(&json!({
        "dashboard": {
            "uid": uid, "title": title, "schemaVersion": 41,
            "time": {"from": "now-6h", "to": "now"},
            "links": [{"title": "Docs", "url": "https://example.com", "type": "link"}],
            "annotations": {"list": [
                {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                 "enable": true, "hide": true, "iconColor": "rgba(0, 211, 255, 1)",
                 "name": "Annotations & Alerts", "type": "dashboard",
                 "target": {"limit": 100, "matchAny": false, "tags": [], "type": "dashboard"}},
                {"datasource": td("x"), "enable": false, "iconColor": "red", "name": "Disabled"}
            ]},
            "templating": {"list": variables},
            "panels": panels,
        },
        "overwrite": true
    })))
    .expect("dashboard saved");
    uid
}

/// Every panel of the snapshot dashboard, rows' own panels included.
fn all_panels(dashboard: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    for p in dashboard["panels"].as_array().into_iter().flatten() {
        out.push(p);
        for q in p["panels"].as_array().into_iter().flatten() {
            out.push(q);
        }
    }
    out
}

fn by_title<'a>(dashboard: &'a Value, title: &str) -> &'a Value {
    all_panels(dashboard)
        .into_iter()
        .find(|p| p["title"] == title)
        .unwrap_or_else(|| panic!("no panel {title:?} in {dashboard:#}"))
}

/// The copy of repeated panel `title` whose `scopedVars` give `var` this value
/// (Grafana keeps the title as written and interpolates it when it shows it).
fn repeat_of<'a>(dashboard: &'a Value, title: &str, var: &str, value: &str) -> &'a Value {
    all_panels(dashboard)
        .into_iter()
        .find(|p| p["title"] == title && p["scopedVars"][var]["value"] == value)
        .unwrap_or_else(|| panic!("no {title:?} for {var}={value} in {dashboard:#}"))
}

/// The frames embedded in a snapshot panel.
fn frames(panel: &Value) -> Vec<Value> {
    let targets = panel["targets"].as_array().cloned().unwrap_or_default();
    assert_eq!(targets.len(), 1, "one snapshot target: {panel:#}");
    assert_eq!(targets[0]["queryType"], "snapshot");
    assert_eq!(targets[0]["datasource"]["uid"], "grafana");
    targets[0]["snapshot"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The `data.values` columns of a frame.
fn columns(frame: &Value) -> Vec<Value> {
    frame["data"]["values"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Field names of a panel's frames (the value fields, after `time`).
fn value_names(panel: &Value) -> Vec<String> {
    frames(panel)
        .iter()
        .flat_map(|f| {
            f["schema"]["fields"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|f| f["type"] != "time")
        .map(|f| f["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A direct `/api/ds/query` answer's frames for one query, as JSON.
fn direct<C: Drive>(api: &C, query: Value) -> Vec<Value> {
    let mut request = QueryRequest::from_ms(FROM, TO);
    request.queries = vec![query];
    let answer = api
        .run(api.raw().post("api/ds/query").body(&request))
        .expect("direct query");
    answer["results"]["A"]["frames"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn share_range<C: Share>(api: &C, uid: &str) -> ShareDashboard<C> {
    api.snapshots()
        .share_dashboard(uid)
        .with_data()
        .time_range(FROM_S, TO_S)
}

fn delete<C: Drive>(api: &C, shared: &SharedSnapshot) {
    api.run(
        api.snapshots()
            .delete_snapshot_by_delete_key(&shared.snapshot.delete_key),
    )
    .expect("snapshot deleted");
}

// ---------------------------------------------------------------------------
// Tests

/// The demo dashboard: every panel carries the random walk a direct query
/// returns, and `GET /api/snapshots/{key}` gives the same frames back.
fn demo_overview_carries_the_direct_query_frames<C: Share>() {
    let t = Target::new();
    let Some(_) = t.emulator_only("the demo seed's dashboard and deterministic random walk") else {
        return;
    };
    let api = C::build(t.admin());
    let shared = api
        .share(share_range(&api, "demo-overview").expires(3600))
        .expect("shared");
    assert!(!shared.report.has_errors(), "{}", shared.report);
    assert!(shared.report.panels_without_data().is_empty());
    assert_eq!(shared.report.requests, 3);
    assert_eq!(
        shared.report.range,
        Some(TimeRange {
            from_ms: FROM,
            to_ms: TO
        })
    );
    let titles: Vec<&str> = shared
        .report
        .panels
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Requests per second", "Error rate", "Active users"]
    );

    let stored = api
        .run(api.snapshots().get_snapshot_by_key(&shared.snapshot.key))
        .expect("snapshot readable");
    assert_eq!(stored.dashboard["title"], "Demo Overview");
    for report in &shared.report.panels {
        let panel = by_title(&stored.dashboard, &report.title);
        let got = frames(panel);
        assert_eq!(report.queried, 1);
        assert_eq!(report.frames, got.len());
        assert_eq!(got.len(), 1, "{}", report.title);
        let interval = got[0]["schema"]["fields"][0]["config"]["interval"]
            .as_i64()
            .expect("the random walk's interval");
        let expected = direct(
            &api,
            json!({"refId": "A", "datasource": td("testdata"), "scenarioId": "random_walk",
                   "intervalMs": interval, "maxDataPoints": 1000}),
        );
        assert_eq!(got, expected, "panel {}", report.title);
        assert_eq!(report.rows, columns(&got[0])[0].as_array().unwrap().len());
    }
    delete(&api, &shared);
}

/// `csv_metric_values` frames are exact; the random walk of a panel with
/// `maxDataPoints` 360 over 6 h runs at Grafana's 1 m interval and equals a
/// direct query (emulator: deterministic).
fn exact_csv_and_random_walk_frames<C: Share>() {
    let (t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Exact frames",
        vec![panel(
            1,
            "Both",
            &ds,
            vec![walk(&ds, "A"), csv(&ds, "B", "1,20,90,30,5,0", "")],
            0,
        )],
        vec![],
    );
    let body = api.build_only(share_range(&api, &uid)).expect("built");
    let panel = by_title(&body.body["dashboard"], "Both");
    let got = frames(panel);
    assert_eq!(got.len(), 2);
    let csv_frame = got.iter().find(|f| f["schema"]["refId"] == "B").expect("B");
    let step = (TO - FROM) / 5;
    assert_eq!(
        columns(csv_frame),
        vec![
            json!([
                FROM,
                FROM + step,
                FROM + 2 * step,
                FROM + 3 * step,
                FROM + 4 * step,
                TO
            ]),
            json!([1, 20, 90, 30, 5, 0])
        ]
    );
    assert_eq!(csv_frame["schema"]["fields"][1]["name"], "B-series");
    let walk_frame = got.iter().find(|f| f["schema"]["refId"] == "A").expect("A");
    let times = columns(walk_frame)[0].as_array().cloned().unwrap();
    assert_eq!(times.len(), 360, "6 h at 1 m");
    assert_eq!(times[0], json!(FROM));
    assert_eq!(times[1], json!(FROM + 60_000));
    let report = &body.report.panels[0];
    assert_eq!((report.queried, report.frames, report.rows), (2, 2, 366));
    assert!(report.errors.is_empty());
    if t.emu.is_some() {
        let mut q = walk(&ds, "A");
        q["intervalMs"] = json!(60_000);
        q["maxDataPoints"] = json!(360);
        assert_eq!(*walk_frame, direct(&api, q)[0]);
    }
}

/// A dashboard with every panel kind: plain, mixed, `-- Dashboard --`, text,
/// repeated row, repeated panel, collapsed row, library panel.
fn every_panel_kind<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let lib_uid = unique("snap-lib");
    api.run(
        api.libraryelement()
            .create_library_element(&json!({
                "type": "timeseries", "title": "From the library",
                "datasource": td(&ds),
                "targets": [csv(&ds, "A", "4,5,6", "lib")],
            }))
            .name(&lib_uid)
            .kind(LibraryElementDto::PANEL)
            .uid(&lib_uid),
    )
    .expect("library panel created");
    let variables = vec![
        json!({"name": "dc", "type": "custom", "query": "x,y", "multi": true, "includeAll": true,
               "current": {"text": ["All"], "value": ["$__all"]},
               "options": [{"text": "All", "value": "$__all", "selected": true},
                           {"text": "x", "value": "x", "selected": false},
                           {"text": "y", "value": "y", "selected": false}]}),
        json!({"name": "host", "type": "custom", "query": "a,b,c", "multi": true,
               "current": {"text": ["a", "b"], "value": ["a", "b"]},
               "options": [{"text": "a", "value": "a", "selected": true},
                           {"text": "b", "value": "b", "selected": true},
                           {"text": "c", "value": "c", "selected": false}]}),
    ];
    let mut repeated = panel(
        7,
        "Host $host",
        &ds,
        vec![csv(&ds, "A", "1,2", "$host")],
        30,
    );
    repeated["repeat"] = json!("host");
    repeated["repeatDirection"] = json!("h");
    let panels = vec![
        panel(
            1,
            "Plain",
            &ds,
            vec![walk(&ds, "A"), csv(&ds, "B", "1,2,3", "plain")],
            0,
        ),
        json!({"id": 2, "type": "timeseries", "title": "Mixed",
               "gridPos": {"h": 8, "w": 12, "x": 12, "y": 0},
               "datasource": {"type": "datasource", "uid": "-- Mixed --"},
               "targets": [csv(&ds, "A", "3,4", "mixed"),
                           {"refId": "B", "datasource": {"type": "grafana", "uid": "grafana"},
                            "queryType": "randomWalk"}]}),
        json!({"id": 3, "type": "stat", "title": "Reuses Plain",
               "gridPos": {"h": 8, "w": 12, "x": 0, "y": 8},
               "datasource": {"type": "datasource", "uid": "-- Dashboard --"},
               "targets": [{"refId": "A", "panelId": 1,
                            "datasource": {"type": "datasource", "uid": "-- Dashboard --"}}]}),
        json!({"id": 4, "type": "text", "title": "Notes", "gridPos": {"h": 4, "w": 12, "x": 12, "y": 8},
               "options": {"content": "hello", "mode": "markdown"}}),
        json!({"id": 5, "type": "row", "title": "DC $dc", "repeat": "dc", "collapsed": false,
               "gridPos": {"h": 1, "w": 24, "x": 0, "y": 20}, "panels": []}),
        panel(6, "Load $dc", &ds, vec![csv(&ds, "A", "7,8", "$dc")], 21),
        json!({"id": 8, "type": "row", "title": "Next", "collapsed": false,
               "gridPos": {"h": 1, "w": 24, "x": 0, "y": 29}, "panels": []}),
        repeated,
        json!({"id": 9, "type": "row", "title": "Collapsed", "collapsed": true,
               "gridPos": {"h": 1, "w": 24, "x": 0, "y": 40},
               "panels": [panel(10, "Hidden", &ds, vec![csv(&ds, "A", "5,6", "hidden")], 41)]}),
        json!({"id": 11, "gridPos": {"h": 8, "w": 12, "x": 0, "y": 50},
               "libraryPanel": {"uid": lib_uid, "name": lib_uid}}),
    ];
    let uid = save(&api, "Every kind", panels, variables);
    let shared = api.share(share_range(&api, &uid)).expect("shared");
    let report = &shared.report;
    assert!(!report.has_errors(), "{report}");
    assert!(report.panels_without_data().is_empty(), "{report}");
    let stored = api
        .run(api.snapshots().get_snapshot_by_key(&shared.snapshot.key))
        .expect("readable")
        .dashboard;

    let plain = frames(by_title(&stored, "Plain"));
    assert_eq!(plain.len(), 2);
    assert_eq!(
        value_names(by_title(&stored, "Mixed")),
        ["mixed", "B-series"],
        "TestData and the grafana data source in one panel"
    );
    assert_eq!(frames(by_title(&stored, "Reuses Plain")), plain);
    let reuse = report
        .panels
        .iter()
        .find(|p| p.title == "Reuses Plain")
        .unwrap();
    assert_eq!(
        (reuse.queried, reuse.reused_from, reuse.frames),
        (0, Some(1), 2)
    );
    assert_eq!(
        value_names(repeat_of(&stored, "Load $dc", "dc", "x")),
        ["x"]
    );
    assert_eq!(
        value_names(repeat_of(&stored, "Load $dc", "dc", "y")),
        ["y"]
    );
    repeat_of(&stored, "DC $dc", "dc", "x");
    repeat_of(&stored, "DC $dc", "dc", "y");
    assert_eq!(
        value_names(repeat_of(&stored, "Host $host", "host", "a")),
        ["a"]
    );
    assert_eq!(
        value_names(repeat_of(&stored, "Host $host", "host", "b")),
        ["b"]
    );
    let hosts = all_panels(&stored)
        .iter()
        .filter(|p| p["title"] == "Host $host")
        .count();
    assert_eq!(hosts, 2, "one copy per selected host");
    let titles: Vec<&str> = report.panels.iter().map(|p| p.title.as_str()).collect();
    for t in [
        "Load x",
        "Load y",
        "Host a",
        "Host b",
        "Hidden",
        "From the library",
    ] {
        assert!(titles.contains(&t), "{t:?} not in the report: {titles:?}");
    }
    assert_eq!(value_names(by_title(&stored, "Hidden")), ["hidden"]);
    assert_eq!(
        columns(&frames(by_title(&stored, "Hidden"))[0])[1],
        json!([5, 6])
    );
    let lib = by_title(&stored, "From the library");
    assert_eq!(value_names(lib), ["lib"]);
    assert_eq!(columns(&frames(lib)[0])[1], json!([4, 5, 6]));
    assert!(by_title(&stored, "Notes")["targets"]
        .as_array()
        .is_none_or(|t| t.is_empty() || t[0]["snapshot"].as_array().is_none_or(Vec::is_empty)));
    let notes = report.panels.iter().find(|p| p.title == "Notes").unwrap();
    assert_eq!(notes.queried, 0);
    assert!(!notes.is_without_data());
    // One request per panel that has its own queries.
    let queried: Vec<&str> = report
        .panels
        .iter()
        .filter(|p| p.queried > 0)
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(report.requests, queried.len(), "{queried:?}");
    delete(&api, &shared);
    api.run(api.libraryelement().delete_library_element(&lib_uid))
        .ok();
}

/// `include_collapsed_rows(false)`: the collapsed row's panels stay without
/// data, as in Grafana's UI, and are not queried.
fn collapsed_rows_can_be_left_empty<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Collapsed",
        vec![
            panel(1, "Open", &ds, vec![csv(&ds, "A", "1,2", "open")], 0),
            json!({"id": 2, "type": "row", "title": "Row", "collapsed": true,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": 8},
                   "panels": [panel(3, "Inside", &ds, vec![csv(&ds, "A", "5,6", "in")], 9)]}),
        ],
        vec![],
    );
    let with = api.build_only(share_range(&api, &uid)).expect("built");
    assert_eq!(with.report.requests, 2);
    assert_eq!(
        value_names(by_title(&with.body["dashboard"], "Inside")),
        ["in"]
    );

    let without = api
        .build_only(share_range(&api, &uid).include_collapsed_rows(false))
        .expect("built");
    assert_eq!(without.report.requests, 1);
    let inside = without
        .report
        .panels
        .iter()
        .find(|p| p.id == Some(3))
        .expect("reported");
    assert_eq!((inside.queried, inside.frames), (0, 0));
    assert!(inside.skipped.is_some(), "{:?}", inside);
}

/// Variables: custom multi-value in every common format, constant,
/// textbox, interval, `$__interval`, `$__range`, and caller overrides.
fn variables_of_each_kind<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let variables = vec![
        json!({"name": "host", "type": "custom", "query": "a,b,c", "multi": true,
               "current": {"text": ["a", "b"], "value": ["a", "b"]},
               "options": [{"text": "a", "value": "a", "selected": true},
                           {"text": "b", "value": "b", "selected": true},
                           {"text": "c", "value": "c", "selected": false}]}),
        json!({"name": "const", "type": "constant", "query": "c1", "hide": 2,
               "current": {"text": "c1", "value": "c1"}, "options": [{"text": "c1", "value": "c1"}]}),
        json!({"name": "text", "type": "textbox", "query": "t1",
               "current": {"text": "t1", "value": "t1"}, "options": [{"text": "t1", "value": "t1"}]}),
        json!({"name": "iv", "type": "interval", "query": "1m,10m,1h", "auto": false,
               "current": {"text": "10m", "value": "10m"},
               "options": [{"text": "1m", "value": "1m", "selected": false},
                           {"text": "10m", "value": "10m", "selected": true},
                           {"text": "1h", "value": "1h", "selected": false}]}),
    ];
    let uid = save(
        &api,
        "Variables",
        vec![panel(
            1,
            "Vars",
            &ds,
            vec![
                csv(
                    &ds,
                    "A",
                    "1",
                    "${host:csv};${host:pipe};${host:regex};$host",
                ),
                csv(
                    &ds,
                    "B",
                    "1",
                    "$const;[[text]];${iv};$__interval;$__interval_ms;$__range",
                ),
            ],
            0,
        )],
        variables,
    );
    let body = api.build_only(share_range(&api, &uid)).expect("built");
    assert_eq!(
        value_names(by_title(&body.body["dashboard"], "Vars")),
        ["a,b;a|b;(a|b);{a,b}", "c1;t1;10m;1m;60000;21600s"]
    );
    let over = api
        .build_only(
            share_range(&api, &uid)
                .var("host", ["c"])
                .var("text", ["t2"]),
        )
        .expect("built");
    let dash = &over.body["dashboard"];
    assert_eq!(
        value_names(by_title(dash, "Vars")),
        ["c;c;c;c", "c1;t2;10m;1m;60000;21600s"]
    );
    let host = dash["templating"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "host")
        .unwrap();
    assert_eq!(host["current"]["value"], json!(["c"]));
}

/// The snapshot dashboard is trimmed as `trimDashboardForSnapshot` does.
fn trimmed_dashboard_fields<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let variables = vec![json!({
        "name": "host", "type": "custom", "query": "a,b", "refresh": 1,
        "current": {"text": "a", "value": "a"},
        "options": [{"text": "a", "value": "a", "selected": true},
                    {"text": "b", "value": "b", "selected": false}]})];
    let mut p = panel(1, "P", &ds, vec![csv(&ds, "A", "1,2", "")], 0);
    p["links"] = json!([{"title": "x", "url": "https://example.com"}]);
    p["transformations"] = json!([{"id": "reduce", "options": {"reducers": ["max"]}}]);
    let uid = save(&api, "Trimmed", vec![p], variables);
    api.run(
        api.annotations()
            .add_annotation()
            .dashboard_uid(&uid)
            .time_from(FROM + 3_600_000)
            .text("deploy"),
    )
    .expect("annotation added");

    let shared = api
        .share(share_range(&api, &uid).name("Trim check").expires(600))
        .expect("shared");
    assert_eq!(shared.report.annotations, 1);
    let d = api
        .run(api.snapshots().get_snapshot_by_key(&shared.snapshot.key))
        .expect("readable")
        .dashboard;
    assert_eq!(d["uid"], uid);
    assert_eq!(d["title"], "Trimmed");
    assert_eq!(
        d["time"],
        json!({"from": "2024-05-01T00:00:00.000Z", "to": "2024-05-01T06:00:00.000Z"})
    );
    assert_eq!(d["links"], json!([]));
    let vars = d["templating"]["list"].as_array().unwrap();
    assert_eq!(vars.len(), 1);
    assert_eq!(vars[0]["query"], "");
    assert_eq!(vars[0]["refresh"], 0);
    assert_eq!(vars[0]["options"], json!([vars[0]["current"]]));
    assert_eq!(vars[0]["current"]["value"], "a");
    let annotations = d["annotations"]["list"].as_array().unwrap();
    assert_eq!(
        annotations.len(),
        1,
        "only the enabled one: {annotations:#?}"
    );
    assert_eq!(annotations[0]["builtIn"], 1);
    let events = annotations[0]["snapshotData"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["text"], "deploy");
    let panel = by_title(&d, "P");
    assert_eq!(panel["links"], json!([]));
    assert_eq!(
        panel["datasource"],
        json!({"type": "grafana", "uid": "grafana"})
    );
    assert_eq!(
        panel["transformations"],
        json!([{"id": "reduce", "options": {"reducers": ["max"]}}])
    );
    assert_eq!(frames(panel)[0]["schema"]["refId"], "A");

    let listed = api
        .run(
            api.snapshots()
                .get_dashboard_snapshots()
                .query("Trim check"),
        )
        .expect("listed");
    assert!(listed.iter().any(|s| s.key == shared.snapshot.key));
    delete(&api, &shared);
}

/// A failing refId costs only its own data; a failing request costs its
/// panel's; both are reported and the snapshot is posted.
fn failing_queries_keep_the_other_data<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Failing",
        vec![
            panel(
                1,
                "Partly failing",
                &ds,
                vec![
                    csv(&ds, "A", "1,2", "ok"),
                    json!({"refId": "B", "datasource": td(&ds), "scenarioId": "random_walk_with_error"}),
                ],
                0,
            ),
            panel(
                2,
                "Server error",
                &ds,
                vec![
                    json!({"refId": "A", "datasource": td(&ds), "scenarioId": "server_error_500"}),
                ],
                8,
            ),
            panel(3, "Fine", &ds, vec![csv(&ds, "A", "3,4", "fine")], 16),
        ],
        vec![],
    );
    let shared = api.share(share_range(&api, &uid)).expect("posted anyway");
    let r = &shared.report;
    assert!(r.has_errors());
    let partly = r.panels.iter().find(|p| p.id == Some(1)).unwrap();
    assert_eq!(partly.errors.len(), 1, "{partly:?}");
    assert!(partly.errors[0].starts_with("refId B: "), "{partly:?}");
    assert!(partly.frames >= 1);
    let server = r.panels.iter().find(|p| p.id == Some(2)).unwrap();
    assert_eq!(server.errors.len(), 1, "{server:?}");
    assert_eq!((server.frames, server.rows), (0, 0));
    assert!(server.is_without_data());
    let fine = r.panels.iter().find(|p| p.id == Some(3)).unwrap();
    assert!(fine.errors.is_empty());
    assert_eq!(r.failed_panels().len(), 2);

    let d = api
        .run(api.snapshots().get_snapshot_by_key(&shared.snapshot.key))
        .expect("readable")
        .dashboard;
    assert!(value_names(by_title(&d, "Partly failing")).contains(&"ok".to_owned()));
    assert_eq!(value_names(by_title(&d, "Fine")), ["fine"]);
    assert!(frames(by_title(&d, "Server error")).is_empty());
    delete(&api, &shared);
}

/// `fail_on_error(true)`: an error, and no snapshot in the list.
fn fail_on_error_posts_nothing<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Fail fast",
        vec![
            panel(1, "Fine", &ds, vec![csv(&ds, "A", "1,2", "")], 0),
            panel(
                2,
                "Broken",
                &ds,
                vec![
                    json!({"refId": "A", "datasource": td(&ds), "scenarioId": "random_walk_with_error"}),
                ],
                8,
            ),
        ],
        vec![],
    );
    let name = unique("fail-fast");
    let err = api
        .share(share_range(&api, &uid).name(&name).fail_on_error(true))
        .unwrap_err();
    match &err {
        Error::SnapshotQueries(report) => {
            assert_eq!(report.failed_panels().len(), 1);
            assert_eq!(report.failed_panels()[0].id, Some(2));
        }
        other => panic!("expected SnapshotQueries, got {other:?}"),
    }
    assert!(err
        .to_string()
        .starts_with("snapshot not posted: 1 error(s) in 1 panel(s)"));
    let listed = api
        .run(api.snapshots().get_dashboard_snapshots().query(&name))
        .expect("listed");
    assert!(listed.is_empty(), "{listed:?}");
}

/// 8 panels, each request delayed 400 ms: with concurrency 2 the queries
/// take at least 4 rounds; with 8, about one.
fn slow_queries_respect_the_concurrency_bound<C: Share>() {
    let (t, api, ds) = setup::<C>();
    let Some(emu) = t.emulator_only("latency injection") else {
        return;
    };
    let panels = (1..=8)
        .map(|i| {
            panel(
                i,
                &format!("P{i}"),
                &ds,
                vec![csv(&ds, "A", "1,2", "")],
                i * 8,
            )
        })
        .collect();
    let uid = save(&api, "Slow", panels, vec![]);
    emu.inject(Fault::on("POST", "/api/ds/query").latency(Duration::from_millis(400)));
    let bounded = api
        .build_only(share_range(&api, &uid).concurrency(2))
        .expect("built");
    let wide = api
        .build_only(share_range(&api, &uid).concurrency(8))
        .expect("built");
    emu.clear_faults();
    assert_eq!(bounded.report.requests, 8);
    assert!(bounded.report.panels_without_data().is_empty());
    assert!(
        bounded.report.query_time >= Duration::from_millis(1600),
        "{:?}",
        bounded.report.query_time
    );
    assert!(
        wide.report.query_time < Duration::from_millis(1600),
        "{:?}",
        wide.report.query_time
    );
}

/// 200 panels: each gets its own data.
fn two_hundred_panels<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let panels = (1..=200)
        .map(|i| {
            panel(
                i,
                &format!("Panel {i}"),
                &ds,
                vec![csv(&ds, "A", &format!("{i},{}", i + 1), "")],
                i * 8,
            )
        })
        .collect();
    let uid = save(&api, "Two hundred", panels, vec![]);
    let shared = api
        .share(share_range(&api, &uid).concurrency(16))
        .expect("shared");
    let r = &shared.report;
    assert_eq!(r.panels.len(), 200);
    assert_eq!(r.requests, 200);
    assert_eq!((r.frames, r.rows), (200, 400));
    assert!(!r.has_errors());
    let d = api
        .run(api.snapshots().get_snapshot_by_key(&shared.snapshot.key))
        .expect("readable")
        .dashboard;
    assert_eq!(all_panels(&d).len(), 200);
    assert_eq!(
        columns(&frames(by_title(&d, "Panel 137"))[0])[1],
        json!([137, 138])
    );
    delete(&api, &shared);
}

/// `.panel(id)`: only that panel, full width.
fn single_panel_snapshot<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Single",
        vec![
            panel(1, "One", &ds, vec![csv(&ds, "A", "1,2", "")], 0),
            panel(2, "Two", &ds, vec![csv(&ds, "A", "3,4", "two")], 8),
        ],
        vec![],
    );
    let body = api
        .build_only(share_range(&api, &uid).panel(2))
        .expect("built");
    let panels = body.body["dashboard"]["panels"].as_array().unwrap();
    assert_eq!(panels.len(), 1);
    assert_eq!(panels[0]["title"], "Two");
    assert_eq!(
        panels[0]["gridPos"],
        json!({"x": 0, "y": 0, "w": 24, "h": 20})
    );
    assert_eq!(value_names(&panels[0]), ["two"]);
    assert_eq!(body.report.requests, 1);
}

/// Without `.with_data()` the dashboard is posted as it is.
fn without_data_posts_the_dashboard_as_it_is<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Plain share",
        vec![panel(1, "One", &ds, vec![csv(&ds, "A", "1,2", "")], 0)],
        vec![],
    );
    let saved = api
        .run(api.dashboard().get_dashboard(&uid))
        .expect("readable")
        .dashboard;
    let body = api
        .build_only(api.snapshots().share_dashboard_json(&saved).expires(60))
        .expect("built");
    assert_eq!(
        body.body,
        json!({"dashboard": saved, "name": "Plain share", "expires": 60})
    );
    assert_eq!(body.report.requests, 0);
    assert!(!body.report.with_data);
    let shared = api
        .share(api.snapshots().share_dashboard(&uid).name("plain"))
        .expect("posted");
    assert!(shared.snapshot.url.contains(&shared.snapshot.key));
    delete(&api, &shared);
}

/// A bad range or a model that is not an object: an argument error, nothing
/// queried or posted.
fn bad_input_sends_nothing<C: Share>() {
    let (t, api, _ds) = setup::<C>();
    let before = t.emu.as_ref().map(|e| e.requests().len());
    let err = api
        .share(
            api.snapshots()
                .share_dashboard_json(&json!({"uid": "x", "title": "X", "panels": []}))
                .with_data()
                .time_range("yesterday", "now"),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "time_range",
                ..
            }
        ),
        "{err:?}"
    );
    let err = api
        .share(
            api.snapshots()
                .share_dashboard_json(&json!([1, 2]))
                .with_data(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                name: "dashboard",
                ..
            }
        ),
        "{err:?}"
    );
    if let (Some(emu), Some(before)) = (&t.emu, before) {
        assert_eq!(emu.requests().len(), before, "nothing was sent");
    }
    let missing = api
        .share(
            api.snapshots()
                .share_dashboard(&unique("missing"))
                .with_data(),
        )
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
}

/// The body from `build()` is what `POST /api/snapshots` accepts.
fn built_body_is_accepted_by_snapshot_create<C: Share>() {
    let (_t, api, ds) = setup::<C>();
    let uid = save(
        &api,
        "Built",
        vec![panel(1, "One", &ds, vec![csv(&ds, "A", "1,2", "one")], 0)],
        vec![],
    );
    let body = api
        .build_only(share_range(&api, &uid).name("built").expires(300))
        .expect("built");
    assert_eq!(body.body["name"], "built");
    assert_eq!(body.body["expires"], 300);
    let created = api
        .run(api.raw().post("api/snapshots").body(&body.body))
        .expect("accepted");
    let key = created["key"].as_str().expect("key").to_owned();
    let stored = api
        .run(api.snapshots().get_snapshot_by_key(&key))
        .expect("readable")
        .dashboard;
    assert_eq!(
        frames(by_title(&stored, "One")),
        frames(by_title(&body.body["dashboard"], "One"))
    );
    api.run(api.snapshots().delete_snapshot_by_key(&key))
        .expect("deleted");
}
