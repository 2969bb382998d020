//! `grafctl find` and `grafctl replace`.

use serde_json::Value;

use crate::common::{run, Env};

#[test]
fn find_across_kinds_reports_paths() {
    let env = Env::new();
    let hits = env.json(&["find", "^testdata$"]);
    let hits = hits.as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert!(
        kinds.contains("dashboard") && kinds.contains("library-panel"),
        "{kinds:?}"
    );
    assert!(
        hits.iter().any(|h| h["kind"] == "dashboard"
            && h["uid"] == "demo-overview"
            && h["title"] == "Demo Overview"
            && h["path"] == ".panels[0].datasource.uid"
            && h["value"] == "testdata"),
        "{hits:?}"
    );
    // a data source's own uid is identity, not a match
    assert!(!hits.iter().any(|h| h["kind"] == "datasource"), "{hits:?}");

    let only = env.json(&["find", "Demo high", "--kinds", "alert-rules"]);
    assert_eq!(only.as_array().unwrap().len(), 1, "{only}");
    assert_eq!(only[0]["uid"], "demo-rule");
    assert_eq!(only[0]["path"], ".title");

    let ci = env.json(&["find", "-i", "DEMO LATENCY", "--kinds", "dashboards"]);
    assert_eq!(ci[0]["uid"], "demo-latency");

    let (code, out, err) = run(env
        .cmd()
        .args(["find", "p99 latency", "--kinds", "dashboards"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("KIND"), "{out}");
    assert!(
        out.contains("dashboard  demo-latency  Demo Latency  .panels[1].title  p99 latency"),
        "{out}"
    );

    let (code, out, err) = run(env.cmd().args(["find", "nothing-matches-this-xyz"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("no match"), "{err}");
}

#[test]
fn replace_shows_diff_dry_run_then_applies() {
    let env = Env::new();
    let before = env.json(&["dashboard", "get", "demo-latency"]);

    let (code, out, err) = run(env.cmd().args([
        "replace",
        "p(\\d\\d) latency",
        "P$1 Latency",
        "--kinds",
        "dashboards",
        "--dry-run",
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "dashboard demo-latency (Demo Latency): 2 change(s)\n\
         ~ .panels[0].title: \"p50 latency\" -> \"P50 Latency\"\n\
         ~ .panels[1].title: \"p99 latency\" -> \"P99 Latency\"\n"
    );
    assert!(err.contains("dry run: nothing saved"), "{err}");
    assert_eq!(env.json(&["dashboard", "get", "demo-latency"]), before);

    // without --yes and without a terminal: refused, nothing saved
    let (code, _, err) = run(env.cmd().args([
        "replace",
        "p(\\d\\d) latency",
        "P$1 Latency",
        "--kinds",
        "dashboards",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.json(&["dashboard", "get", "demo-latency"]), before);

    let plan = env.json(&[
        "replace",
        "p(\\d\\d) latency",
        "P$1 Latency",
        "--kinds",
        "dashboards",
        "--yes",
    ]);
    assert_eq!(plan[0]["uid"], "demo-latency");
    assert_eq!(plan[0]["changes"].as_array().unwrap().len(), 2);
    let after = env.json(&["dashboard", "get", "demo-latency"]);
    assert_eq!(after["dashboard"]["panels"][1]["title"], "P99 Latency");
    assert_eq!(after["meta"]["folderUid"], "demo-folder");
    assert_eq!(
        after["meta"]["version"],
        before["meta"]["version"].as_i64().unwrap() + 1
    );
    assert_eq!(
        env.json(&["find", "p99 latency", "--kinds", "dashboards"]),
        Value::Array(vec![])
    );
}

#[test]
fn replace_data_source_uid_in_library_panels_and_alert_rules() {
    let env = Env::new();
    let hits = env.json(&[
        "find",
        "^testdata$",
        "--kinds",
        "library-panels,alert-rules",
    ]);
    let n = hits.as_array().unwrap().len();
    assert!(n >= 1, "{hits}");
    let (code, _, err) = run(env.cmd().args([
        "replace",
        "^testdata$",
        "testdata-2",
        "--kinds",
        "library-panels",
        "--yes",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("saved 1 object(s)"), "{err}");
    let moved = env.json(&["find", "^testdata-2$", "--kinds", "library-panels"]);
    assert_eq!(moved[0]["uid"], "demo-library-panel");
    assert_eq!(
        env.json(&["find", "^testdata$", "--kinds", "library-panels"]),
        Value::Array(vec![])
    );
}
