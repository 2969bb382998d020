//! `grafctl snapshot share|list|get|delete`.

use serde_json::Value;

use crate::common::{run, Env};

#[test]
fn share_with_data_list_get_delete() {
    let env = Env::new();
    let shared = env.json(&[
        "snapshot",
        "share",
        "demo-templating",
        "--with-data",
        "--from",
        "now-1h",
        "--to",
        "now",
        "--var",
        "host=a",
        "--var",
        "host=b",
        "--expires",
        "7d",
        "--name",
        "Shared from CLI",
    ]);
    let key = shared["key"].as_str().unwrap().to_string();
    let delete_key = shared["deleteKey"].as_str().unwrap().to_string();
    assert!(!key.is_empty() && !delete_key.is_empty() && key != delete_key);
    assert!(
        shared["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/dashboard/snapshot/{key}")),
        "{shared}"
    );
    assert_eq!(shared["withData"], true);
    assert!(shared["rows"].as_u64().unwrap() > 0, "{shared}");
    assert_eq!(shared["panelsWithoutData"], serde_json::json!([]));

    let list = env.json(&["snapshot", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Shared from CLI"]);
    let (code, out, _) = run(env.cmd().args(["snapshot", "list"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("KEY") && out.contains("Shared from CLI"),
        "{out}"
    );

    let got = env.json(&["snapshot", "get", &key]);
    assert_eq!(got["dashboard"]["title"], "Demo Templating");
    // the data is in the snapshot: the panel repeated for host=a and host=b
    // carries its frames
    let panels = got["dashboard"]["panels"].as_array().unwrap();
    let repeated: Vec<&Value> = panels
        .iter()
        .filter(|p| p["title"] == "Load on $host")
        .collect();
    assert_eq!(repeated.len(), 2, "{got}");
    for (p, host) in repeated.iter().zip(["a", "b"]) {
        assert_eq!(p["scopedVars"]["host"]["value"], host);
        assert_eq!(p["targets"][0]["queryType"], "snapshot");
        let frames = p["targets"][0]["snapshot"].as_array().unwrap();
        assert_eq!(frames[0]["schema"]["fields"][1]["name"], host);
    }

    let (code, _, err) = run(env
        .cmd()
        .args(["snapshot", "delete", "--delete-key", &delete_key]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(env.cmd().args(["snapshot", "get", &key]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("404"), "{err}");
}

#[test]
fn share_without_data_and_delete_by_key() {
    let env = Env::new();
    let (code, out, err) = run(env.cmd().args(["snapshot", "share", "demo-latency"]));
    assert_eq!(code, 0, "{err}");
    // table form: one field per line
    let key_line = out
        .lines()
        .find(|l| l.starts_with("key "))
        .expect("key line");
    let key = key_line.split_whitespace().nth(1).unwrap().to_string();
    assert!(out.lines().any(|l| l.starts_with("deleteKey ")), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("withData") && l.ends_with("false")),
        "{out}"
    );
    let (code, _, err) = run(env.cmd().args(["snapshot", "delete", &key]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(env.json(&["snapshot", "list"]), serde_json::json!([]));
    // sharing a missing dashboard
    let (code, _, err) = run(env.cmd().args(["snapshot", "share", "no-such-dash"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("dashboard no-such-dash"), "{err}");
}

#[test]
fn failed_panel_queries_are_a_partial_failure() {
    let env = Env::new();
    // the first /api/ds/query fails (500 is not retried): one panel has no data
    env.emu.inject(
        grafana_emulator::Fault::on("POST", "/api/ds/query")
            .times(1)
            .status(500),
    );
    let (code, out, err) = run(env.cmd().args([
        "-o",
        "json",
        "--jobs",
        "1",
        "snapshot",
        "share",
        "demo-latency",
        "--with-data",
    ]));
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains("1 failed:") && err.contains("panel \"p50 latency\" (1)"),
        "{err}"
    );
    let shared: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shared["panelsWithoutData"],
        serde_json::json!(["p50 latency"])
    );
    assert_eq!(env.json(&["snapshot", "list"]).as_array().unwrap().len(), 1);

    // --strict: nothing is posted
    env.emu.inject(
        grafana_emulator::Fault::on("POST", "/api/ds/query")
            .times(1)
            .status(500),
    );
    let (code, _, err) = run(env.cmd().args([
        "--jobs",
        "1",
        "snapshot",
        "share",
        "demo-latency",
        "--with-data",
        "--strict",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("snapshot not posted"), "{err}");
    assert_eq!(env.json(&["snapshot", "list"]).as_array().unwrap().len(), 1);
}
