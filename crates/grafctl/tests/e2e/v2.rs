//! v1/v2 transparency on Grafana 13: a v2 dashboard is read through /apis,
//! exported as its v2 object and written back as v2.

use serde_json::{json, Value};

use crate::common::{file_names, run, Env};

fn v2_file(name: &str, title: &str) -> Value {
    json!({
        "apiVersion": "dashboard.grafana.app/v2",
        "kind": "Dashboard",
        "metadata": {"name": name, "annotations": {"grafana.app/folder": "demo-folder"}},
        "spec": {
            "title": title,
            "elements": {
                "panel-1": {"kind": "Panel", "spec": {
                    "id": 1, "title": "Random walk", "description": "", "links": [],
                    "data": {"kind": "QueryGroup", "spec": {
                        "queries": [{"kind": "PanelQuery", "spec": {
                            "refId": "A", "hidden": false,
                            "query": {"kind": "grafana-testdata-datasource",
                                      "spec": {"scenarioId": "random_walk"}},
                            "datasource": {"type": "grafana-testdata-datasource", "uid": "testdata"}}}],
                        "transformations": [], "queryOptions": {}}},
                    "vizConfig": {"kind": "timeseries", "spec": {"options": {}, "fieldConfig": {"defaults": {}, "overrides": []}}}}}
            },
            "layout": {"kind": "GridLayout", "spec": {"items": [
                {"kind": "GridLayoutItem", "spec": {"x": 0, "y": 0, "width": 12, "height": 8,
                  "element": {"kind": "ElementReference", "name": "panel-1"}}}]}}
        }
    })
}

fn grafana13() -> Env {
    Env::with(
        grafana_emulator::Emulator::builder()
            .version("13.0.0")
            .seed_demo(),
    )
}

#[test]
fn v2_dashboards_read_export_and_write_back_as_v2() {
    let src = grafana13();
    let input = src.dir("in").join("v2.json");
    std::fs::write(&input, v2_file("board-v2", "Board V2").to_string()).unwrap();
    let out = src
        .cmd()
        .args(["-o", "json", "dashboard", "import"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["status"], "created");
    assert_eq!(rows[0]["apiVersion"], "dashboard.grafana.app/v2");

    // the legacy API refuses it (406); get reads it through /apis
    let got = src.json(&["dashboard", "get", "board-v2"]);
    assert_eq!(got["apiVersion"], "dashboard.grafana.app/v2");
    assert_eq!(got["spec"]["title"], "Board V2");
    assert_eq!(
        got["metadata"]["annotations"]["grafana.app/folder"],
        "demo-folder"
    );

    // export: v2 object without server bookkeeping
    let dir = src.dir("export");
    let (code, _, err) = run(src
        .cmd()
        .args(["dashboard", "export", "board-v2", "demo-overview", "--dir"])
        .arg(&dir));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        file_names(&dir),
        vec![
            "Board-V2--board-v2.json",
            "Demo-Overview--demo-overview.json"
        ]
    );
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("Board-V2--board-v2.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["apiVersion"], "dashboard.grafana.app/v2");
    assert_eq!(doc["metadata"]["name"], "board-v2");
    assert_eq!(doc["metadata"]["generation"], 1);
    assert!(doc["metadata"].get("resourceVersion").is_none(), "{doc}");
    assert!(doc.get("status").is_none(), "{doc}");
    assert_eq!(
        doc["spec"]["elements"]["panel-1"]["spec"]["title"],
        "Random walk"
    );

    // into a fresh Grafana 13: written back as v2, the classic one as classic
    let dst = grafana13();
    let (code, _, err) = run(dst.cmd().args(["dashboard", "import"]).arg(&dir));
    assert_eq!(code, 0, "{err}");
    let back = dst.json(&["dashboard", "get", "board-v2"]);
    assert_eq!(back["apiVersion"], "dashboard.grafana.app/v2");
    assert_eq!(back["spec"], got["spec"]);
    assert_eq!(
        dst.json(&["dashboard", "get", "demo-overview"])["dashboard"]["title"],
        "Demo Overview"
    );
    // the same file again: its generation matches, so it updates
    let (code, _, err) = run(dst
        .cmd()
        .args(["dashboard", "import"])
        .arg(dir.join("Board-V2--board-v2.json")));
    assert_eq!(code, 0, "{err}");

    // find and replace reach into the v2 spec and save it as v2
    let hits = src.json(&["find", "Random walk", "--kinds", "dashboards"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["uid"], "board-v2");
    assert_eq!(hits[0]["path"], ".elements.panel-1.spec.title");
    let (code, _, err) = run(src.cmd().args([
        "replace",
        "Random walk",
        "Walk",
        "--kinds",
        "dashboards",
        "--yes",
    ]));
    assert_eq!(code, 0, "{err}");
    let after = src.json(&["dashboard", "get", "board-v2"]);
    assert_eq!(after["apiVersion"], "dashboard.grafana.app/v2");
    assert_eq!(
        after["spec"]["elements"]["panel-1"]["spec"]["title"],
        "Walk"
    );
}
