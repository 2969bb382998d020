//! `grafctl sync`: plan without --yes, apply with it, data-source uids
//! remapped in dashboards, library panels and alert rules.

use grafana_emulator::Emulator;
use serde_json::{json, Value};

use crate::backup::{add_context, client};
use crate::common::{run, Env};

/// Every data-source uid referenced in `v`.
fn ds_uids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                match (k.as_str(), c) {
                    ("datasource", Value::Object(d)) => {
                        if let Some(Value::String(u)) = d.get("uid") {
                            out.push(u.clone());
                        }
                    }
                    ("datasourceUid", Value::String(u)) => out.push(u.clone()),
                    _ => ds_uids(c, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|c| ds_uids(c, out)),
        _ => {}
    }
}

fn target_with_testdata_as(uid: &str) -> Env {
    let b = Env::with(Emulator::builder());
    client(&b.url())
        .raw()
        .post("api/datasources")
        .body(
            &json!({"name": "TestData", "type": "grafana-testdata-datasource", "uid": uid,
            "access": "proxy"}),
        )
        .send()
        .expect("datasource");
    b
}

#[test]
fn sync_plans_then_applies_with_datasources_remapped_by_name() {
    let a = Env::new();
    let b = target_with_testdata_as("td-b");
    add_context(&a, "src", &a.url());
    add_context(&a, "dst", &b.url());
    // without --yes (and no terminal): the plan, nothing applied
    b.emu.clear_requests();
    let (code, out, err) = run(a.bare().args([
        "sync",
        "--from",
        "src",
        "--to",
        "dst",
        "--map-datasources-by-name",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("dashboards      create  demo-overview"),
        "{out}"
    );
    assert!(err.contains("data source testdata -> td-b"), "{err}");
    assert!(
        err.contains("nothing applied (pass --yes to apply)"),
        "{err}"
    );
    assert!(b.emu.requests().iter().all(|r| r.method == "GET"));
    // with --yes
    let (code, out, err) = run(a.bare().args([
        "-o",
        "json",
        "sync",
        "--from",
        "src",
        "--to",
        "dst",
        "--map-datasources-by-name",
        "--yes",
    ]));
    assert_eq!(code, 0, "{err}");
    let steps: Value = serde_json::from_str(&out).expect("json");
    let created: Vec<&str> = steps
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["action"] == "create")
        .filter_map(|s| s["key"].as_str())
        .collect();
    assert_eq!(
        created,
        [
            "demo-folder",
            "demo-nested",
            "demo-library-panel",
            "demo-latency",
            "demo-library",
            "demo-overview",
            "demo-rows",
            "demo-templating",
            "demo-rule"
        ]
    );
    let api = client(&b.url());
    let mut uids = Vec::new();
    for uid in [
        "demo-overview",
        "demo-templating",
        "demo-rows",
        "demo-library",
    ] {
        let d = serde_json::to_value(api.dashboard().get_dashboard(uid).send().expect("get"))
            .expect("json");
        ds_uids(&d, &mut uids);
    }
    let lib = api
        .raw()
        .get("api/library-elements/demo-library-panel")
        .send()
        .expect("lib");
    ds_uids(&lib, &mut uids);
    let rule = api
        .raw()
        .get("api/v1/provisioning/alert-rules/demo-rule")
        .send()
        .expect("rule");
    ds_uids(&rule, &mut uids);
    assert!(uids.len() >= 8, "{uids:?}");
    assert!(uids.contains(&"td-b".to_string()));
    assert!(!uids.contains(&"testdata".to_string()), "{uids:?}");
    assert_eq!(rule["data"][0]["datasourceUid"], "td-b");
    // run again: all unchanged (the remapped copies equal the remapped source)
    let (code, out, err) = run(a.bare().args([
        "-o",
        "json",
        "sync",
        "--from",
        "src",
        "--to",
        "dst",
        "--map-datasources-by-name",
    ]));
    assert_eq!(code, 0, "{err}");
    let again: Value = serde_json::from_str(&out).expect("json");
    assert!(
        again
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["action"] == "unchanged"),
        "{again:#}"
    );
}

#[test]
fn sync_some_folders_with_an_explicit_map() {
    let a = Env::new();
    client(&a.url())
        .raw()
        .post("api/dashboards/db")
        .body(&json!({"dashboard": {"uid": "at-root", "title": "At root"}}))
        .send()
        .expect("dashboard");
    let b = target_with_testdata_as("other");
    add_context(&a, "src", &a.url());
    add_context(&a, "dst", &b.url());
    let (code, out, err) = run(a.bare().args([
        "-o",
        "json",
        "sync",
        "--from",
        "src",
        "--to",
        "dst",
        "--folder",
        "demo-folder",
        "--folder",
        "demo-nested",
        "--components",
        "folders,dashboards",
        "--map-datasource",
        "testdata=other",
        "--yes",
    ]));
    assert_eq!(code, 0, "{err}");
    let steps: Value = serde_json::from_str(&out).expect("json");
    let keys: Vec<&str> = steps
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["key"].as_str())
        .collect();
    // not the dashboard at the root, nor library panels or alert rules
    assert_eq!(
        keys,
        [
            "demo-folder",
            "demo-nested",
            "demo-latency",
            "demo-library",
            "demo-overview",
            "demo-rows",
            "demo-templating"
        ],
        "{steps:#}"
    );
    let d = client(&b.url())
        .raw()
        .get("api/dashboards/uid/demo-templating")
        .send()
        .expect("copied");
    let mut uids = Vec::new();
    ds_uids(&d, &mut uids);
    // Grafana's built-in annotation source stays as it is
    assert_eq!(
        uids,
        ["-- Grafana --", "other", "other", "other", "other", "other"]
    );
    let (code, _, err) = run(a.bare().args([
        "sync",
        "--from",
        "src",
        "--to",
        "dst",
        "--map-datasource",
        "nope",
    ]));
    assert_eq!(code, 2, "{err}");
}
