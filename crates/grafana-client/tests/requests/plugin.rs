//! `api.plugin()`: every method's request (metrics answered as text),
//! Grafana's answers decoded losslessly (the empty-string answers
//! included), and hostile plugin ids.

use serde_json::{json, Value};

use crate::harness::*;

#[test]
fn requests() {
    let p = api().plugin();
    let base = "api/plugins/grafana-clock-panel";
    check_all([
        ("list", p.list().into_request(), req("GET", "api/plugins").query(&[("embedded", "0")])),
        ("by_id", p.by_id("grafana-clock-panel").into_request(), req("GET", &format!("{base}/settings"))),
        ("health", p.health("grafana-clock-panel").into_request(), req("GET", &format!("{base}/health"))),
        ("metrics", p.metrics("grafana-clock-panel").into_request(), req("GET", &format!("{base}/metrics")).text()),
        ("install(version)", p.install("grafana-clock-panel").version("2.1.5").into_request(), req("POST", &format!("{base}/install")).body(json!({"version": "2.1.5"}))),
        // no `"version": null`: an empty object
        ("install", p.install("grafana-clock-panel").into_request(), req("POST", &format!("{base}/install")).body(json!({}))),
        ("uninstall", p.uninstall("grafana-clock-panel").into_request(), req("POST", &format!("{base}/uninstall"))),
    ]);
}

/// A list entry as Grafana 11 sends it, with unknown fields at both levels.
fn clock_panel() -> Value {
    json!({
        "name": "Clock", "type": "panel", "id": "grafana-clock-panel", "enabled": true, "pinned": false,
        "info": {
            "author": {"name": "Grafana Labs", "url": "https://grafana.com"},
            "description": "Clock panel", "links": [], "logos": {"small": "s.svg", "large": "l.svg"},
            "build": {}, "screenshots": null, "version": "2.1.5", "updated": "2024-03-01",
            "keywords": ["clock", "time"]
        },
        "dependencies": {"grafanaDependency": ">=9.0.0", "plugins": []},
        "latestVersion": "2.1.8", "hasUpdate": true, "defaultNavUrl": "", "category": "",
        "state": "", "signature": "valid", "signatureType": "grafana", "signatureOrg": "Grafana Labs",
        "accessControl": {}, "angularDetected": false
    })
}

#[test]
fn decodes() {
    let p = api().plugin();
    let list = json!([clock_panel(), {"id": "bare"}]);
    let mut settings = clock_panel();
    settings["jsonData"] = json!({});
    settings["module"] = json!("public/plugins/grafana-clock-panel/module.js");
    let health = json!({"status": "OK", "message": "Plugin is running", "details": {"v": 1}, "x": 2});
    check_decodes([
        ("list", lossless(p.list(), list.clone())),
        ("by_id", lossless(p.by_id("x"), settings.clone())),
        ("health", lossless(p.health("x"), health.clone())),
        // Grafana's answer to both: the JSON string ""
        ("install", lossless(p.install("x"), json!(""))),
        ("uninstall", lossless(p.uninstall("x"), json!(""))),
    ]);
    let out = answer(p.list(), list);
    let c = &out[0];
    assert_eq!((c.id.as_str(), c.name.as_deref(), c.plugin_type.as_deref(), c.enabled, c.pinned), ("grafana-clock-panel", Some("Clock"), Some("panel"), Some(true), Some(false)));
    assert_eq!((&c.dependencies, c.latest_version.as_deref(), c.has_update), (&Some(clock_panel()["dependencies"].clone()), Some("2.1.8"), Some(true)));
    assert_eq!((c.state.as_deref(), c.signature.as_deref(), &c.extra["signatureOrg"], c.extra.len()), (Some(""), Some("valid"), &json!("Grafana Labs"), 6));
    let info = c.info.as_ref().expect("info");
    assert_eq!((info.description.as_deref(), info.version.as_deref(), info.updated.as_deref()), (Some("Clock panel"), Some("2.1.5"), Some("2024-03-01")));
    assert_eq!((&info.keywords, &info.extra["author"]["name"], &info.extra["screenshots"], info.extra.len()), (&Some(vec!["clock".to_owned(), "time".to_owned()]), &json!("Grafana Labs"), &Value::Null, 5));
    assert_eq!((out[1].id.as_str(), &out[1].info), ("bare", &None));
    let s = answer(p.by_id("x"), settings.clone());
    assert_eq!((s.id.as_str(), &s.extra["module"]), ("grafana-clock-panel", &settings["module"]));
    let h = answer(p.health("x"), health);
    assert_eq!((h.status.as_str(), h.message.as_deref(), &h.details, h.extra.len()), ("OK", Some("Plugin is running"), &Some(json!({"v": 1})), 1));
}
