//! The pure snapshot-building logic (`snapshot::build`): time ranges,
//! intervals, variable interpolation, the panel plan (rows, repeats, library
//! panels, data sources) and the trimmed snapshot dashboard, with exact
//! expected JSON; and a property test that any JSON plans and assembles
//! without panicking and keeps every panel.

use std::collections::{BTreeMap, HashMap};

use grafana_client::__snapshot_build::{
    assemble, interval_ms, library_panel_uids, parse_range, plan, DataSourceInfo, Plan,
    PlanOptions, TimeRange,
};
use proptest::prelude::*;
use serde_json::{json, Value};

/// 2024-05-01T00:00:00Z … 06:00:00Z.
const RANGE: TimeRange = TimeRange {
    from_ms: 1_714_521_600_000,
    to_ms: 1_714_543_200_000,
};

fn datasources() -> Vec<DataSourceInfo> {
    vec![
        DataSourceInfo {
            uid: "td".into(),
            name: "TestData".into(),
            type_: "grafana-testdata-datasource".into(),
            is_default: true,
        },
        DataSourceInfo {
            uid: "prom".into(),
            name: "Prometheus".into(),
            type_: "prometheus".into(),
            is_default: false,
        },
    ]
}

fn opts(include: bool) -> PlanOptions {
    PlanOptions {
        include_collapsed_rows: include,
        panel_id: None,
    }
}

fn plan_of(dash: &Value) -> Plan {
    plan_with(dash, &BTreeMap::new(), &opts(true))
}

fn plan_with(dash: &Value, overrides: &BTreeMap<String, Vec<String>>, o: &PlanOptions) -> Plan {
    plan(dash, &HashMap::new(), &datasources(), overrides, RANGE, o)
}

/// The panels' `gridPos` and ids, compactly.
fn layout(p: &Plan) -> Vec<Value> {
    p.panels
        .iter()
        .map(|pp| json!([pp.id, pp.panel["gridPos"]]))
        .collect()
}

// ---------------------------------------------------------------- time

#[test]
fn ranges_parse_like_grafana_datemath() {
    let now = 1_714_543_200_000; // 2024-05-01T06:00:00Z
    let cases = [
        ("now-6h", "now", 1_714_521_600_000, 1_714_543_200_000),
        ("now-7d", "now", 1_713_938_400_000, 1_714_543_200_000),
        ("now/d", "now/d", 1_714_521_600_000, 1_714_607_999_999),
        ("now-1d/d", "now-1d/d", 1_714_435_200_000, 1_714_521_599_999),
        ("now-1M", "now", 1_711_951_200_000, 1_714_543_200_000),
        ("now-1y/y", "now", 1_672_531_200_000, 1_714_543_200_000),
        (
            "1714521600000",
            "1714543200000",
            1_714_521_600_000,
            1_714_543_200_000,
        ),
        (
            "2024-05-01T00:00:00Z",
            "2024-05-01T08:00:00+02:00",
            1_714_521_600_000,
            1_714_543_200_000,
        ),
    ];
    for (from, to, f, t) in cases {
        assert_eq!(
            parse_range(from, to, now),
            Ok(TimeRange {
                from_ms: f,
                to_ms: t
            }),
            "{from} {to}"
        );
    }
    assert_eq!(
        parse_range("now-6q", "now", now),
        Err("invalid time \"now-6q\": unknown unit 'q' (use s m h d w M y)".to_string())
    );
    assert!(parse_range("now", "yesterday", now)
        .unwrap_err()
        .contains("\"yesterday\""));
}

#[test]
fn intervals_follow_round_interval() {
    // 6 h: / 960 px = 22.5 s → 20 s; / 360 = 60 s → 1 m; / 100 = 216 s → 5 m.
    assert_eq!(interval_ms(RANGE, 960, None), 20_000);
    assert_eq!(interval_ms(RANGE, 360, None), 60_000);
    assert_eq!(interval_ms(RANGE, 100, None), 300_000);
    assert_eq!(interval_ms(RANGE, 960, Some(60_000)), 60_000);
    assert_eq!(interval_ms(RANGE, 1_000_000, None), 20);
}

// ---------------------------------------------------------------- queries

#[test]
fn plain_panel_query_has_datasource_interval_and_points() {
    let dash = json!({"panels": [{
        "id": 1, "type": "timeseries", "title": "Walk",
        "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
        "datasource": {"type": "grafana-testdata-datasource", "uid": "td"},
        "targets": [{"refId": "A", "scenarioId": "random_walk", "seriesCount": 2}],
        "transformations": [{"id": "reduce"}]
    }]});
    let p = plan_of(&dash);
    assert_eq!(p.panels.len(), 1);
    assert_eq!(p.panels[0].id, Some(1));
    assert_eq!(p.panels[0].title, "Walk");
    assert_eq!(p.panels[0].panel, dash["panels"][0]);
    assert_eq!(
        p.panels[0].queries,
        vec![json!({
            "refId": "A", "scenarioId": "random_walk", "seriesCount": 2,
            "datasource": {"type": "grafana-testdata-datasource", "uid": "td"},
            "intervalMs": 20_000, "maxDataPoints": 960
        })]
    );
    assert!(p.skipped.is_empty());
}

#[test]
fn max_data_points_and_min_interval_come_from_the_panel() {
    let dash = json!({"panels": [
        {"id": 1, "gridPos": {"w": 24}, "datasource": {"uid": "td"}, "targets": [{"refId": "A"}]},
        {"id": 2, "maxDataPoints": 360, "datasource": {"uid": "td"}, "targets": [{"refId": "A"}]},
        {"id": 3, "maxDataPoints": 360, "interval": "5m", "datasource": {"uid": "td"}, "targets": [{"refId": "A"}]},
        {"id": 4, "maxDataPoints": 360, "interval": "$iv", "datasource": {"uid": "td"}, "targets": [{"refId": "A"}]}
    ], "templating": {"list": [{"name": "iv", "type": "interval", "current": {"text": "10m", "value": "10m"}}]}});
    let p = plan_of(&dash);
    let got: Vec<(Value, Value)> = p
        .panels
        .iter()
        .map(|pp| {
            (
                pp.queries[0]["maxDataPoints"].clone(),
                pp.queries[0]["intervalMs"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (json!(1920), json!(10_000)),
            (json!(360), json!(60_000)),
            (json!(360), json!(300_000)),
            (json!(360), json!(600_000)),
        ]
    );
}

#[test]
fn data_sources_default_legacy_names_mixed_and_hidden_targets() {
    let dash = json!({"panels": [
        // No data source anywhere: the default one; refIds filled in.
        {"id": 1, "targets": [{"scenarioId": "a"}, {"refId": "A", "scenarioId": "b"}, {"scenarioId": "c"}]},
        // A legacy name.
        {"id": 2, "datasource": "Prometheus", "targets": [{"refId": "A", "expr": "up"}]},
        // Mixed: each target's own, the default for none; hidden ones skipped.
        {"id": 3, "datasource": {"type": "datasource", "uid": "-- Mixed --"}, "targets": [
            {"refId": "A", "datasource": {"type": "prometheus", "uid": "prom"}, "expr": "up"},
            {"refId": "B", "scenarioId": "random_walk"},
            {"refId": "C", "datasource": {"uid": "td"}, "hide": true}
        ]},
        // A non-mixed panel: its data source wins over stale target ones.
        {"id": 4, "datasource": {"uid": "prom"}, "targets": [{"refId": "A", "datasource": {"uid": "td"}, "expr": "up"}]},
        // Only hidden targets: reported.
        {"id": 5, "title": "Hidden", "datasource": {"uid": "td"}, "targets": [{"refId": "A", "hide": true}]},
        // Grafana's own data source and expressions.
        {"id": 6, "datasource": {"type": "datasource", "uid": "grafana"}, "targets": [
            {"refId": "A", "queryType": "randomWalk"},
            {"refId": "B", "datasource": {"type": "__expr__", "uid": "__expr__"}, "type": "math", "expression": "$A * 2"}
        ]}
    ]});
    let p = plan_of(&dash);
    let ds: Vec<Vec<(Value, Value)>> = p
        .panels
        .iter()
        .map(|pp| {
            pp.queries
                .iter()
                .map(|q| (q["refId"].clone(), q["datasource"].clone()))
                .collect()
        })
        .collect();
    let td = json!({"type": "grafana-testdata-datasource", "uid": "td"});
    let prom = json!({"type": "prometheus", "uid": "prom"});
    assert_eq!(
        ds,
        vec![
            vec![
                (json!("B"), td.clone()),
                (json!("A"), td.clone()),
                (json!("C"), td.clone())
            ],
            vec![(json!("A"), prom.clone())],
            vec![(json!("A"), prom.clone()), (json!("B"), td.clone())],
            vec![(json!("A"), prom.clone())],
            vec![],
            vec![
                (json!("A"), json!({"type": "grafana", "uid": "grafana"})),
                (json!("B"), json!({"type": "__expr__", "uid": "__expr__"})),
            ],
        ]
    );
    // `$A` of an expression is not a dashboard variable: left alone.
    assert_eq!(p.panels[5].queries[1]["expression"], "$A * 2");
    assert_eq!(
        p.skipped
            .iter()
            .map(|s| (s.panel_id, s.title.as_str(), s.reason.as_str()))
            .collect::<Vec<_>>(),
        vec![(Some(5), "Hidden", "every target is hidden")]
    );
}

#[test]
fn no_default_data_source_is_reported() {
    let dash = json!({"panels": [{"id": 1, "title": "T", "targets": [{"refId": "A"}]}]});
    let ds: Vec<DataSourceInfo> = datasources()
        .into_iter()
        .map(|d| DataSourceInfo {
            is_default: false,
            ..d
        })
        .collect();
    let p = plan(
        &dash,
        &HashMap::new(),
        &ds,
        &BTreeMap::new(),
        RANGE,
        &opts(true),
    );
    assert!(p.panels[0].queries.is_empty());
    assert_eq!(p.skipped.len(), 1);
    assert!(
        p.skipped[0].reason.starts_with("no data source"),
        "{}",
        p.skipped[0].reason
    );
}

#[test]
fn dashboard_data_source_reuses_the_source_panel() {
    let dash = json!({"panels": [
        {"id": 1, "datasource": {"uid": "td"}, "targets": [{"refId": "A", "scenarioId": "random_walk"}]},
        {"id": 2, "datasource": {"type": "datasource", "uid": "-- Dashboard --"}, "targets": [{"refId": "A", "panelId": 1}]},
        {"id": 3, "datasource": "-- Dashboard --", "targets": [{"refId": "A"}]}
    ]});
    let p = plan_of(&dash);
    assert_eq!(p.panels[1].reuse_panel, Some(1));
    assert!(p.panels[1].queries.is_empty());
    assert_eq!(p.panels[2].reuse_panel, None);
    assert_eq!(p.skipped.len(), 1);
    assert_eq!(p.skipped[0].panel_id, Some(3));

    let frame = json!({"schema": {"refId": "A", "fields": []}, "data": {"values": []}});
    let out = assemble(
        &dash,
        &p,
        &[vec![frame.clone()], vec![], vec![]],
        &[],
        RANGE,
        false,
    );
    assert_eq!(out["panels"][1]["targets"][0]["snapshot"], json!([frame]));
    assert_eq!(
        out["panels"][1]["datasource"],
        json!({"type": "grafana", "uid": "grafana"})
    );

    // Single-panel snapshot of the reusing panel: it runs the source's queries.
    let single = plan_with(
        &dash,
        &BTreeMap::new(),
        &PlanOptions {
            include_collapsed_rows: false,
            panel_id: Some(2),
        },
    );
    assert_eq!(single.panels.len(), 1);
    assert_eq!(single.panels[0].reuse_panel, None);
    assert_eq!(single.panels[0].queries, p.panels[0].queries);
    assert_eq!(
        single.panels[0].panel["gridPos"],
        json!({"x": 0, "y": 0, "w": 24, "h": 20})
    );
}

// ---------------------------------------------------------------- variables

fn var_dashboard(ds: &str, exprs: &[&str]) -> Value {
    let targets: Vec<Value> = exprs
        .iter()
        .enumerate()
        .map(|(i, e)| json!({"refId": format!("Q{i}"), "expr": e}))
        .collect();
    json!({
        "title": "Vars & co",
        "panels": [{"id": 1, "maxDataPoints": 360, "datasource": {"uid": ds}, "targets": targets}],
        "templating": {"list": [
            {"name": "job", "type": "custom", "multi": true, "includeAll": true,
             "query": "api : a,batch : b,c.d",
             "current": {"text": ["api", "batch"], "value": ["a", "b"]}},
            {"name": "one", "type": "custom", "query": "x.y,z", "current": {"text": "x.y", "value": "x.y"}},
            {"name": "anyall", "type": "query", "includeAll": true, "multi": true, "allValue": ".*",
             "current": {"text": "All", "value": "$__all"}, "options": []},
            {"name": "all", "type": "query", "includeAll": true, "multi": true,
             "current": {"text": ["All"], "value": ["$__all"]},
             "options": [{"text": "All", "value": "$__all"}, {"text": "n1", "value": "n1"}, {"text": "n2", "value": "n2"}]},
            {"name": "ds", "type": "datasource", "query": "prometheus", "current": {"text": "Prometheus", "value": "Prometheus"}},
            {"name": "k", "type": "constant", "query": "kval"},
            {"name": "box", "type": "textbox", "query": "typed", "current": {"value": "typed in"}},
            {"name": "quote", "type": "custom", "query": "it's", "current": {"text": "it's", "value": "it's"}}
        ]}
    })
}

fn interpolated(ds: &str, exprs: &[&str]) -> Vec<String> {
    let p = plan_of(&var_dashboard(ds, exprs));
    p.panels[0]
        .queries
        .iter()
        .map(|q| q["expr"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn variables_in_every_syntax_and_format() {
    let cases = [
        ("$job", "{a,b}"),
        ("${job}", "{a,b}"),
        ("[[job]]", "{a,b}"),
        ("[[job:csv]]", "a,b"),
        ("${job:csv}", "a,b"),
        ("${job:raw}", "a,b"),
        ("${job:pipe}", "a|b"),
        ("${job:regex}", "(a|b)"),
        ("${job:glob}", "{a,b}"),
        ("${job:json}", "[\"a\",\"b\"]"),
        ("${job:singlequote}", "'a','b'"),
        ("${job:doublequote}", "\"a\",\"b\""),
        ("${job:sqlstring}", "'a','b'"),
        ("${job:text}", "api + batch"),
        ("${job:queryparam}", "var-job=a&var-job=b"),
        ("${job:percentencode}", "%7Ba%2Cb%7D"),
        ("${job:lucene}", "(\"a\" OR \"b\")"),
        ("${job:distributed}", "a,job=b"),
        ("${job:nosuchformat}", "{a,b}"),
        ("$one", "x.y"),
        ("${one:regex}", "x\\.y"),
        ("${one:json}", "\"x.y\""),
        ("${one:lucene}", "x.y"),
        ("${quote:singlequote}", "'it\\'s'"),
        ("${quote:sqlstring}", "'it''s'"),
        ("$anyall", ".*"),
        ("${anyall:csv}", ".*"),
        ("$all", "{n1,n2}"),
        ("${all:pipe}", "n1|n2"),
        ("$ds", "prom"),
        ("$k", "kval"),
        ("$box", "typed in"),
        (
            "$nope and ${nope} and [[nope]]",
            "$nope and ${nope} and [[nope]]",
        ),
        ("$__interval", "1m"),
        ("$__interval_ms", "60000"),
        ("$__rate_interval", "1m"),
        ("$__range", "21600s"),
        ("$__range_s", "21600"),
        ("$__range_ms", "21600000"),
        ("$__from-$__to", "1714521600000-1714543200000"),
        ("${__from:date}", "2024-05-01T00:00:00.000Z"),
        ("${__to:date:iso}", "2024-05-01T06:00:00.000Z"),
        ("${__from:date:seconds}", "1714521600"),
        ("$__dashboard", "Vars & co"),
        ("rate(x[$__interval]) $job$one", "rate(x[1m]) {a,b}x.y"),
        (
            "$ ${ [[ ${job ${job.x} $$job",
            "$ ${ [[ ${job ${job.x} ${a,b}",
        ),
        // `\w` is ASCII in JavaScript: `$jobc` is the (unknown) name.
        ("ünï$jobcödé", "ünï$jobcödé"),
        ("ünï${job}cödé", "ünï{a,b}cödé"),
    ];
    let exprs: Vec<&str> = cases.iter().map(|(e, _)| *e).collect();
    let got = interpolated("td", &exprs);
    for ((expr, want), got) in cases.iter().zip(&got) {
        assert_eq!(got, want, "{expr}");
    }
}

#[test]
fn prometheus_formats_multi_values_as_an_escaped_regex() {
    let got = interpolated(
        "prom",
        &[
            "up{job=~\"$job\"}",
            "up{i=\"$one\"}",
            "$all",
            "$anyall",
            "$quote",
            "${job:csv}",
        ],
    );
    assert_eq!(
        got,
        vec![
            "up{job=~\"(a|b)\"}",
            "up{i=\"x.y\"}",
            "(n1|n2)",
            ".*",
            "it\\\\'s",
            "a,b"
        ]
    );
}

#[test]
fn caller_values_override_current_and_are_reported_as_used() {
    let dash = var_dashboard("prom", &["$job", "$one", "$extra"]);
    let overrides: BTreeMap<String, Vec<String>> = [
        ("job".to_string(), vec!["c.d".to_string()]),
        ("one".to_string(), vec!["z".to_string()]),
        ("extra".to_string(), vec!["e".to_string()]),
    ]
    .into();
    let p = plan_with(&dash, &overrides, &opts(true));
    let got: Vec<&str> = p.panels[0]
        .queries
        .iter()
        .map(|q| q["expr"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(got, vec!["c\\\\.d", "z", "e"]);
    assert_eq!(p.variables["job"], vec!["c.d"]);
    assert_eq!(p.variables["all"], vec!["$__all"]);
    assert_eq!(p.variables["box"], vec!["typed in"]);
    assert_eq!(p.variables["k"], vec!["kval"]);
}

#[test]
fn datasource_variable_selects_the_panel_data_source() {
    let dash = json!({
        "panels": [{"id": 1, "datasource": {"type": "prometheus", "uid": "${ds}"},
                    "targets": [{"refId": "A", "datasource": {"uid": "$ds"}, "expr": "up"}]}],
        "templating": {"list": [{"name": "ds", "type": "datasource", "query": "prometheus",
                                  "current": {"text": "Prometheus", "value": "prom"}}]}
    });
    let p = plan_of(&dash);
    assert_eq!(
        p.panels[0].queries[0]["datasource"],
        json!({"type": "prometheus", "uid": "prom"})
    );
}

// ---------------------------------------------------------------- panels

#[test]
fn collapsed_rows_are_expanded_and_queried_by_default() {
    let dash = json!({"panels": [
        {"id": 1, "type": "text", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 3}},
        {"id": 10, "type": "row", "title": "Open", "collapsed": false, "panels": [], "gridPos": {"x": 0, "y": 3, "w": 24, "h": 1}},
        {"id": 2, "datasource": {"uid": "td"}, "targets": [{"refId": "A"}], "gridPos": {"x": 0, "y": 4, "w": 12, "h": 8}},
        {"id": 20, "type": "row", "title": "Closed", "collapsed": true, "gridPos": {"x": 0, "y": 12, "w": 24, "h": 1},
         "panels": [
            {"id": 3, "title": "In row", "datasource": {"uid": "td"}, "targets": [{"refId": "A"}], "gridPos": {"x": 0, "y": 40, "w": 12, "h": 8}},
            {"id": 4, "type": "text", "gridPos": {"x": 12, "y": 40, "w": 12, "h": 8}}
         ]},
        {"id": 30, "type": "row", "title": "Last", "collapsed": false, "panels": [], "gridPos": {"x": 0, "y": 13, "w": 24, "h": 1}},
        {"id": 5, "datasource": {"uid": "td"}, "targets": [{"refId": "A"}], "gridPos": {"x": 0, "y": 14, "w": 24, "h": 8}}
    ]});
    let p = plan_of(&dash);
    assert_eq!(
        layout(&p),
        vec![
            json!([1, {"x": 0, "y": 0, "w": 24, "h": 3}]),
            json!([10, {"x": 0, "y": 3, "w": 24, "h": 1}]),
            json!([2, {"x": 0, "y": 4, "w": 12, "h": 8}]),
            json!([20, {"x": 0, "y": 12, "w": 24, "h": 1}]),
            json!([3, {"x": 0, "y": 13, "w": 12, "h": 8}]),
            json!([4, {"x": 12, "y": 13, "w": 12, "h": 8}]),
            json!([30, {"x": 0, "y": 21, "w": 24, "h": 1}]),
            json!([5, {"x": 0, "y": 22, "w": 24, "h": 8}]),
        ]
    );
    assert_eq!(p.panels[3].panel["collapsed"], false);
    assert_eq!(p.panels[3].panel["panels"], json!([]));
    let queried: Vec<Option<i64>> = p
        .panels
        .iter()
        .filter(|q| !q.queries.is_empty())
        .map(|q| q.id)
        .collect();
    assert_eq!(queried, vec![Some(2), Some(3), Some(5)]);
    assert!(p.skipped.is_empty());

    // Off: the row stays collapsed with its panels (and their live queries).
    let p = plan_with(&dash, &BTreeMap::new(), &opts(false));
    assert_eq!(p.panels.len(), 6);
    assert_eq!(p.panels[3].panel, dash["panels"][3]);
    assert_eq!(
        p.skipped
            .iter()
            .map(|s| (s.panel_id, s.title.as_str()))
            .collect::<Vec<_>>(),
        vec![(Some(3), "In row")]
    );
    assert_eq!(
        p.skipped[0].reason,
        "in a collapsed row (include_collapsed_rows is off)"
    );
}

#[test]
fn repeated_panels_get_scoped_vars_ids_and_positions() {
    let dash = json!({
        "panels": [
            {"id": 1, "title": "CPU $host", "repeat": "host", "repeatDirection": "h", "maxPerRow": 2,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 5},
             "datasource": {"uid": "td"}, "targets": [{"refId": "A", "alias": "$host"}]},
            {"id": 2, "title": "Below", "gridPos": {"x": 0, "y": 5, "w": 24, "h": 4},
             "datasource": {"uid": "td"}, "targets": [{"refId": "A", "alias": "$host"}]},
            {"id": 3, "title": "V $host", "repeat": "host", "repeatDirection": "v",
             "gridPos": {"x": 6, "y": 9, "w": 6, "h": 3},
             "datasource": {"uid": "td"}, "targets": [{"refId": "A", "alias": "$host"}]}
        ],
        "templating": {"list": [{"name": "host", "type": "custom", "multi": true, "includeAll": true,
                                  "query": "a,b,c", "current": {"text": ["All"], "value": ["$__all"]}}]}
    });
    let p = plan_of(&dash);
    assert_eq!(
        layout(&p),
        vec![
            json!([1, {"x": 0, "y": 0, "w": 12, "h": 5}]),
            json!([4, {"x": 12, "y": 0, "w": 12, "h": 5}]),
            json!([5, {"x": 0, "y": 5, "w": 12, "h": 5}]),
            json!([2, {"x": 0, "y": 10, "w": 24, "h": 4}]),
            json!([3, {"x": 6, "y": 14, "w": 6, "h": 3}]),
            json!([6, {"x": 6, "y": 17, "w": 6, "h": 3}]),
            json!([7, {"x": 6, "y": 20, "w": 6, "h": 3}]),
        ]
    );
    let titles: Vec<&str> = p.panels.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["CPU a", "CPU b", "CPU c", "Below", "V a", "V b", "V c"]
    );
    let aliases: Vec<&Value> = p.panels.iter().map(|q| &q.queries[0]["alias"]).collect();
    assert_eq!(aliases, vec!["a", "b", "c", "{a,b,c}", "a", "b", "c"]);
    assert_eq!(
        p.panels[1].panel["scopedVars"],
        json!({"host": {"text": "b", "value": "b"}})
    );
    for pp in &p.panels {
        assert!(pp.panel.get("repeat").is_none() && pp.panel.get("maxPerRow").is_none());
        // The panel keeps its raw title: the viewer interpolates it with scopedVars.
    }
    assert_eq!(p.panels[1].panel["title"], "CPU $host");
}

#[test]
fn repeated_rows_copy_their_panels() {
    let dash = json!({
        "panels": [
            {"id": 10, "type": "row", "title": "Host $host", "repeat": "host", "collapsed": false, "panels": [],
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}},
            {"id": 1, "title": "Load", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 6},
             "datasource": {"uid": "td"}, "targets": [{"refId": "A", "labels": "host=$host"}]},
            {"id": 20, "type": "row", "title": "Tail", "collapsed": true, "gridPos": {"x": 0, "y": 7, "w": 24, "h": 1},
             "panels": [{"id": 2, "title": "T", "gridPos": {"x": 0, "y": 8, "w": 12, "h": 6},
                         "datasource": {"uid": "td"}, "targets": [{"refId": "A", "labels": "host=$host"}]}]}
        ],
        "templating": {"list": [{"name": "host", "type": "custom", "multi": true,
                                  "query": "a,b", "current": {"text": ["a", "b"], "value": ["a", "b"]}}]}
    });
    let p = plan_of(&dash);
    assert_eq!(
        layout(&p),
        vec![
            json!([10, {"x": 0, "y": 0, "w": 24, "h": 1}]),
            json!([1, {"x": 0, "y": 1, "w": 12, "h": 6}]),
            json!([21, {"x": 0, "y": 7, "w": 24, "h": 1}]),
            json!([22, {"x": 0, "y": 8, "w": 12, "h": 6}]),
            json!([20, {"x": 0, "y": 14, "w": 24, "h": 1}]),
            json!([2, {"x": 0, "y": 15, "w": 12, "h": 6}]),
        ]
    );
    let labels: Vec<&Value> = p
        .panels
        .iter()
        .filter(|q| !q.queries.is_empty())
        .map(|q| &q.queries[0]["labels"])
        .collect();
    assert_eq!(labels, vec!["host=a", "host=b", "host={a,b}"]);
    let titles: Vec<&str> = p.panels.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Host a", "Load", "Host b", "Load", "Tail", "T"]
    );
    assert_eq!(
        p.panels[2].panel["scopedVars"],
        json!({"host": {"text": "b", "value": "b"}})
    );
    assert_eq!(
        p.panels[3].panel["scopedVars"],
        json!({"host": {"text": "b", "value": "b"}})
    );
    assert!(p.panels[0].panel.get("repeat").is_none());
}

#[test]
fn library_panels_are_inlined() {
    let dash = json!({"panels": [
        {"id": 7, "title": "Ref", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 4},
         "libraryPanel": {"uid": "lib1", "name": "Lib one"}},
        {"id": 8, "title": "Gone", "gridPos": {"x": 8, "y": 0, "w": 8, "h": 4},
         "libraryPanel": {"uid": "lib2", "name": "Lib two"}},
        {"id": 9, "type": "row", "collapsed": true, "panels": [{"id": 11, "libraryPanel": {"uid": "lib1"}}]}
    ]});
    assert_eq!(library_panel_uids(&dash), vec!["lib1", "lib2"]);
    let library: HashMap<String, Value> = [(
        "lib1".to_string(),
        json!({"id": 99, "type": "stat", "title": "Library stat", "gridPos": {"x": 5, "y": 5, "w": 5, "h": 5},
               "libraryPanel": {"uid": "lib1"},
               "datasource": {"uid": "td"}, "targets": [{"refId": "A", "scenarioId": "csv_metric_values"}]}),
    )]
    .into();
    let p = plan(
        &dash,
        &library,
        &datasources(),
        &BTreeMap::new(),
        RANGE,
        &opts(false),
    );
    assert_eq!(
        p.panels[0].panel,
        json!({"id": 7, "type": "stat", "title": "Library stat", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 4},
               "datasource": {"uid": "td"}, "targets": [{"refId": "A", "scenarioId": "csv_metric_values"}]})
    );
    assert_eq!(p.panels[0].queries.len(), 1);
    assert_eq!(p.panels[1].panel, dash["panels"][1]);
    assert_eq!(
        p.skipped
            .iter()
            .map(|s| (s.panel_id, s.reason.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (Some(8), "library panel \"lib2\" was not provided"),
            (
                Some(11),
                "in a collapsed row (include_collapsed_rows is off)"
            ),
        ]
    );
}

#[test]
fn single_panel_mode_keeps_one_panel_even_from_a_collapsed_row() {
    let dash = json!({"panels": [
        {"id": 1, "datasource": {"uid": "td"}, "targets": [{"refId": "A"}], "gridPos": {"x": 0, "y": 0, "w": 6, "h": 6}},
        {"id": 2, "type": "row", "collapsed": true, "gridPos": {"x": 0, "y": 6, "w": 24, "h": 1},
         "panels": [{"id": 3, "datasource": {"uid": "td"}, "targets": [{"refId": "A"}], "gridPos": {"x": 0, "y": 7, "w": 6, "h": 6}}]}
    ]});
    let o = PlanOptions {
        include_collapsed_rows: false,
        panel_id: Some(3),
    };
    let p = plan_with(&dash, &BTreeMap::new(), &o);
    assert_eq!(
        layout(&p),
        vec![json!([3, {"x": 0, "y": 0, "w": 24, "h": 20}])]
    );
    // The UI's data was loaded at the panel's size in the dashboard (w 6).
    assert_eq!(p.panels[0].queries[0]["maxDataPoints"], 480);
    let o = PlanOptions {
        include_collapsed_rows: true,
        panel_id: Some(42),
    };
    let p = plan_with(&dash, &BTreeMap::new(), &o);
    assert!(p.panels.is_empty());
    assert_eq!(p.skipped[0].reason, "panel 42 is not in the dashboard");
}

// ---------------------------------------------------------------- assemble

#[test]
fn assemble_trims_like_trim_dashboard_for_snapshot() {
    let dash = json!({
        "uid": "abc", "title": "T", "refresh": "5s",
        "time": {"from": "now-6h", "to": "now"},
        "links": [{"title": "docs", "url": "https://example.com"}],
        "annotations": {"list": [
            {"name": "Annotations & Alerts", "enable": true, "builtIn": 1, "type": "dashboard", "hide": true,
             "iconColor": "rgba(0, 211, 255, 1)", "datasource": {"type": "grafana", "uid": "-- Grafana --"},
             "target": {"limit": 100}},
            {"name": "Deploys", "enable": true, "iconColor": "red", "datasource": {"uid": "prom"}, "expr": "deploys"},
            {"name": "Off", "enable": false}
        ]},
        "templating": {"list": [
            {"name": "host", "type": "query", "query": "label_values(host)", "refresh": 1, "multi": true,
             "current": {"text": ["a"], "value": ["a"]},
             "options": [{"text": "A host", "value": "a"}, {"text": "b", "value": "b"}]},
            {"name": "k", "type": "constant", "query": "kval"}
        ]},
        "panels": [
            {"id": 1, "type": "timeseries", "title": "CPU", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "links": [{"url": "x"}], "datasource": {"uid": "td"},
             "targets": [{"refId": "A", "alias": "$host"}], "transformations": [{"id": "reduce"}]},
            {"id": 2, "type": "text", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8}, "options": {"content": "hi"}}
        ]
    });
    let overrides: BTreeMap<String, Vec<String>> =
        [("host".to_string(), vec!["a".to_string(), "b".to_string()])].into();
    let p = plan_with(&dash, &overrides, &opts(true));
    assert_eq!(p.panels[0].queries[0]["alias"], "{a,b}");
    let frame = json!({"schema": {"refId": "A", "fields": [{"name": "time", "type": "time", "config": {}}]},
                       "data": {"values": [[1_714_521_600_000_i64]]}});
    let event = json!({"id": 1, "time": 1_714_521_600_000_i64, "text": "deploy"});
    let out = assemble(
        &dash,
        &p,
        &[vec![frame.clone()], vec![]],
        std::slice::from_ref(&event),
        RANGE,
        false,
    );
    let grafana = json!({"type": "grafana", "uid": "grafana"});
    assert_eq!(
        out,
        json!({
            "uid": "abc", "title": "T", "refresh": "5s",
            "time": {"from": "2024-05-01T00:00:00.000Z", "to": "2024-05-01T06:00:00.000Z"},
            "links": [],
            "annotations": {"list": [
                {"name": "Annotations & Alerts", "enable": true, "builtIn": 1, "type": "dashboard", "hide": true,
                 "iconColor": "rgba(0, 211, 255, 1)", "snapshotData": [event]},
                {"name": "Deploys", "enable": true, "iconColor": "red", "snapshotData": []}
            ]},
            "templating": {"list": [
                {"name": "host", "type": "query", "query": "", "refresh": 0, "multi": true,
                 "current": {"text": ["A host", "b"], "value": ["a", "b"]},
                 "options": [{"text": ["A host", "b"], "value": ["a", "b"]}]},
                {"name": "k", "type": "constant", "query": "",
                 "current": {"text": "kval", "value": "kval"}}
            ]},
            "panels": [
                {"id": 1, "type": "timeseries", "title": "CPU", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
                 "links": [], "datasource": grafana.clone(),
                 "targets": [{"refId": "A", "datasource": grafana.clone(), "queryType": "snapshot", "snapshot": [frame]}],
                 "transformations": [{"id": "reduce"}]},
                {"id": 2, "type": "text", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8}, "options": {"content": "hi"}}
            ]
        })
    );
    // Single panel: the gridPos of a whole-width panel.
    let one = plan_with(
        &dash,
        &BTreeMap::new(),
        &PlanOptions {
            include_collapsed_rows: true,
            panel_id: Some(1),
        },
    );
    let out = assemble(&dash, &one, &[vec![]], &[], RANGE, true);
    assert_eq!(out["panels"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        out["panels"][0]["gridPos"],
        json!({"x": 0, "y": 0, "w": 24, "h": 20})
    );
    assert_eq!(out["panels"][0]["targets"][0]["snapshot"], json!([]));
}

// ---------------------------------------------------------------- properties

/// Panels in a panel list, counting the panels of rows (recursively).
fn count_panels(list: &Value, depth: usize) -> usize {
    list.as_array().map_or(0, |ps| {
        ps.iter()
            .map(|p| {
                let nested = if depth < 16 && p.get("type").and_then(Value::as_str) == Some("row") {
                    p.get("panels").map_or(0, |n| count_panels(n, depth + 1))
                } else {
                    0
                };
                1 + nested
            })
            .sum()
    })
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        prop_oneof![
            ".{0,10}",
            Just("$__all".to_string()),
            Just("${v:regex}".to_string()),
            Just("[[v]]".to_string()),
            Just("-- Dashboard --".to_string()),
            Just("-- Mixed --".to_string()),
            Just("row".to_string()),
            Just("td".to_string()),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    "[a-z]{1,6}",
                    Just("type".to_string()),
                    Just("panels".to_string()),
                    Just("targets".to_string()),
                    Just("datasource".to_string()),
                    Just("uid".to_string()),
                    Just("gridPos".to_string()),
                    Just("collapsed".to_string()),
                    Just("libraryPanel".to_string()),
                    Just("panelId".to_string()),
                    Just("hide".to_string()),
                    Just("current".to_string()),
                    Just("value".to_string()),
                    Just("options".to_string()),
                    Just("list".to_string()),
                    Just("y".to_string()),
                    Just("h".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A dashboard-ish value: a `panels` list of panels and rows made of
/// arbitrary JSON, arbitrary `templating` and `annotations`.
fn any_dashboard() -> impl Strategy<Value = Value> {
    let panel = prop_oneof![
        any_json(),
        (any_json(), any_json(), any_json(), any::<bool>()).prop_map(|(ds, targets, grid, row)| {
            json!({"id": 1, "type": if row { "row" } else { "timeseries" },
                   "datasource": ds, "targets": targets, "gridPos": grid, "collapsed": row,
                   "panels": if row { json!([{"id": 2, "targets": [{"refId": "A"}]}, 5]) } else { json!(null) }})
        }),
    ];
    (
        proptest::collection::vec(panel, 0..8),
        any_json(),
        any_json(),
        any::<bool>(),
    )
        .prop_map(|(panels, templating, annotations, raw)| {
            if raw {
                json!({"panels": panels, "templating": templating, "annotations": annotations})
            } else {
                json!({"panels": panels, "templating": {"list": templating},
                       "annotations": {"list": annotations}})
            }
        })
}

fn has_repeat(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.contains_key("repeat") || o.values().any(has_repeat),
        Value::Array(a) => a.iter().any(has_repeat),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn any_json_plans_and_assembles_keeping_every_panel(
        dash in prop_oneof![any_json(), any_dashboard()],
        include in any::<bool>(),
        panel_id in proptest::option::of(0i64..4),
        from in any::<i64>(),
        span in any::<i64>(),
        overrides in proptest::collection::btree_map("[a-z]{1,3}", proptest::collection::vec(".{0,4}", 0..3), 0..3),
    ) {
        let range = TimeRange { from_ms: from, to_ms: from.saturating_add(span) };
        let o = PlanOptions { include_collapsed_rows: include, panel_id };
        let lib: HashMap<String, Value> = library_panel_uids(&dash)
            .into_iter()
            .map(|u| (u, json!({"type": "stat", "targets": [{"refId": "A"}]})))
            .collect();
        let p = plan(&dash, &lib, &datasources(), &overrides, range, &o);
        let frames: Vec<Vec<Value>> = p.panels.iter().map(|_| vec![json!({"schema": {}})]).collect();
        let single = panel_id.is_some();
        let out = assemble(&dash, &p, &frames, &[json!({})], range, single);
        // Missing frames and events are fine too.
        let _ = assemble(&dash, &p, &[], &[], range, single);
        prop_assert!(out.is_object());
        let before = count_panels(dash.get("panels").unwrap_or(&Value::Null), 0);
        let after = count_panels(&out["panels"], 0);
        if single {
            prop_assert!(after <= 1 + count_panels(&out["panels"][0]["panels"], 1));
        } else if has_repeat(&dash) || !overrides.is_empty() {
            prop_assert!(after >= before, "{} panels in, {} out", before, after);
        } else {
            prop_assert_eq!(after, before);
        }
        for pp in &p.panels {
            for q in &pp.queries {
                prop_assert!(q["refId"].is_string());
                prop_assert!(q["datasource"]["uid"].is_string());
                prop_assert!(q["intervalMs"].as_i64().is_some_and(|i| i >= 1));
            }
        }
    }

    #[test]
    fn parse_range_never_panics(from in ".{0,24}", to in ".{0,24}", now in any::<i64>()) {
        if let Ok(r) = parse_range(&from, &to, now) {
            prop_assert!(r.from_ms <= r.to_ms);
        }
    }

    #[test]
    fn date_math_never_panics(
        a in prop_oneof![Just("now".to_string()), "[0-9]{1,14}", Just("2024-02-29T12:00:00Z||".to_string())],
        ops in proptest::collection::vec(("[-+/]", 0u64..100_000, "[smhdwMyq]"), 0..4),
        now in any::<i64>(),
    ) {
        let text = ops.iter().fold(a, |s, (op, n, u)| format!("{s}{op}{n}{u}"));
        let _ = parse_range(&text, "now", now);
        let _ = parse_range("now-1y", &text, now);
    }
}
