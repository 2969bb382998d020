//! `api.plugin()` on the wire, async and blocking: the exact request of
//! every method, the decoded answers (JSON, text, and Grafana's empty
//! answers), the errors callers match on, and hostile plugin ids.

mod wire_common;

use grafana_client::models::Plugin;
use grafana_client::{Call, Client, Endpoint, Error, Result};
use serde_json::{json, Value};
use wire_common::*;
use wiremock::{Request as Recorded, ResponseTemplate};

/// Hostile path values and the one segment each must become.
const HOSTILE: &[(&str, &str)] = &[
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];
/// Path values no encoding makes safe.
const REFUSED: &[&str] = &["", ".", ".."];

/// Sends one call against a server answering with `template`; the decoded
/// answer and the one request that arrived.
fn exchange<M: Mode, E: Endpoint>(
    template: ResponseTemplate,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
) -> (E::Output, Recorded) {
    let env = Env::new();
    env.answer(template);
    let api = M::build(env.builder()).unwrap();
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{}: {e:?}", M::NAME));
    (out, env.only_request(M::NAME))
}

fn json_200(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A list entry as Grafana 11 sends it, with unknown fields at both levels.
fn clock_panel() -> Value {
    json!({
        "name": "Clock", "type": "panel", "id": "grafana-clock-panel", "enabled": true,
        "pinned": false,
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

fn check_clock(p: &Plugin) {
    assert_eq!(p.id, "grafana-clock-panel");
    assert_eq!(p.name.as_deref(), Some("Clock"));
    assert_eq!(p.plugin_type.as_deref(), Some("panel"));
    assert_eq!(p.enabled, Some(true));
    assert_eq!(p.pinned, Some(false));
    assert_eq!(p.dependencies, Some(clock_panel()["dependencies"].clone()));
    assert_eq!(p.latest_version.as_deref(), Some("2.1.8"));
    assert_eq!(p.has_update, Some(true));
    assert_eq!(p.state.as_deref(), Some(""));
    assert_eq!(p.signature.as_deref(), Some("valid"));
    let info = p.info.as_ref().expect("info");
    assert_eq!(info.description.as_deref(), Some("Clock panel"));
    assert_eq!(info.version.as_deref(), Some("2.1.5"));
    assert_eq!(info.updated.as_deref(), Some("2024-03-01"));
    assert_eq!(
        info.keywords,
        Some(vec!["clock".to_owned(), "time".to_owned()])
    );
    assert_eq!(info.extra["author"]["name"], "Grafana Labs");
    assert_eq!(info.extra["screenshots"], Value::Null);
    assert_eq!(info.extra.len(), 5);
    assert_eq!(p.extra["signatureOrg"], "Grafana Labs");
    assert_eq!(p.extra.len(), 6);
}

fn list<M: Mode>() {
    let served = json!([clock_panel(), {"id": "bare"}]);
    let (out, r) = exchange::<M, _>(json_200(served.clone()), |a| a.plugin().list());
    assert_request(&r, "GET", "/api/plugins", Some("embedded=0"), None, "list");
    assert_eq!(out.len(), 2);
    check_clock(&out[0]);
    assert_eq!(out[1].id, "bare");
    assert_eq!(out[1].info, None);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn by_id<M: Mode>() {
    let mut served = clock_panel();
    served["jsonData"] = json!({});
    served["module"] = json!("public/plugins/grafana-clock-panel/module.js");
    let (out, r) = exchange::<M, _>(json_200(served.clone()), |a| {
        a.plugin().by_id("grafana-clock-panel")
    });
    assert_request(
        &r,
        "GET",
        "/api/plugins/grafana-clock-panel/settings",
        None,
        None,
        "by_id",
    );
    assert_eq!(out.id, "grafana-clock-panel");
    assert_eq!(out.extra["module"], served["module"]);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn by_id_of_a_missing_plugin_is_not_found<M: Mode>() {
    let env = Env::new();
    env.answer_json(
        404,
        json!({"message": "Plugin not found, no installed plugin with that id"}),
    );
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, api.plugin().by_id("nope")).unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

fn health<M: Mode>() {
    let served =
        json!({"status": "OK", "message": "Plugin is running", "details": {"v": 1}, "x": 2});
    let (out, r) = exchange::<M, _>(json_200(served.clone()), |a| {
        a.plugin().health("grafana-clock-panel")
    });
    assert_request(
        &r,
        "GET",
        "/api/plugins/grafana-clock-panel/health",
        None,
        None,
        "health",
    );
    assert_eq!(out.status, "OK");
    assert_eq!(out.message.as_deref(), Some("Plugin is running"));
    assert_eq!(out.details, Some(json!({"v": 1})));
    assert_eq!(out.extra.len(), 1);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn unhealthy_plugin_is_an_api_error<M: Mode>() {
    let env = Env::new();
    env.answer_json(400, json!({"status": "ERROR", "message": "backend down"}));
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, api.plugin().health("p")).unwrap_err();
    let api_err = err.api().expect("an API error");
    assert_eq!(api_err.status.as_u16(), 400);
    assert_eq!(api_err.message.as_deref(), Some("backend down"));
}

fn metrics<M: Mode>() {
    let text = "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines 12\n";
    let template =
        ResponseTemplate::new(200).set_body_raw(text, "text/plain; version=0.0.4; charset=utf-8");
    let (out, r) = exchange::<M, _>(template, |a| a.plugin().metrics("grafana-clock-panel"));
    assert_request(
        &r,
        "GET",
        "/api/plugins/grafana-clock-panel/metrics",
        None,
        None,
        "metrics",
    );
    assert_eq!(out, text);
}

fn install_with_version<M: Mode>() {
    // Grafana's answer: the JSON string "".
    let (out, r) = exchange::<M, _>(json_200(json!("")), |a| {
        a.plugin().install("grafana-clock-panel").version("2.1.5")
    });
    assert_request(
        &r,
        "POST",
        "/api/plugins/grafana-clock-panel/install",
        None,
        Some(&json!({"version": "2.1.5"})),
        "install",
    );
    assert_eq!(out, json!(""));
}

fn install_without_version<M: Mode>() {
    // No `"version": null`: an empty object. Empty answers decode too.
    let (out, r) = exchange::<M, _>(ResponseTemplate::new(200), |a| {
        a.plugin().install("grafana-clock-panel")
    });
    assert_request(
        &r,
        "POST",
        "/api/plugins/grafana-clock-panel/install",
        None,
        Some(&json!({})),
        "install",
    );
    assert_eq!(out, Value::Null);
}

fn install_of_an_installed_plugin_is_a_conflict<M: Mode>() {
    let env = Env::new();
    env.answer_json(409, json!({"message": "Plugin already installed"}));
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, api.plugin().install("grafana-clock-panel")).unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(env.requests().len(), 1, "one request, no follow-up");
}

fn uninstall<M: Mode>() {
    let (out, r) = exchange::<M, _>(json_200(json!("")), |a| {
        a.plugin().uninstall("grafana-clock-panel")
    });
    assert_request(
        &r,
        "POST",
        "/api/plugins/grafana-clock-panel/uninstall",
        None,
        None,
        "uninstall",
    );
    assert_eq!(out, json!(""));
    let (out, _) = exchange::<M, _>(ResponseTemplate::new(204), |a| {
        a.plugin().uninstall("grafana-clock-panel")
    });
    assert_eq!(out, Value::Null);
}

// ------------------------------------------------------------ hostile ids

/// A plugin-id method: verb, the path after the id, and how to call it (the
/// answer, taken as plain JSON, is dropped).
type PathOp<M> = (
    &'static str,
    &'static str,
    fn(&Env, &<M as Mode>::Api, &str) -> Result<()>,
);

fn path_ops<M: Mode>() -> Vec<PathOp<M>> {
    vec![
        ("GET", "/settings", |e, a, x| {
            M::send(e, a.plugin().by_id(x).value()).map(drop)
        }),
        ("GET", "/health", |e, a, x| {
            M::send(e, a.plugin().health(x).value()).map(drop)
        }),
        ("GET", "/metrics", |e, a, x| {
            M::send(e, a.plugin().metrics(x).value()).map(drop)
        }),
        ("POST", "/install", |e, a, x| {
            M::send(e, a.plugin().install(x).version("1").value()).map(drop)
        }),
        ("POST", "/uninstall", |e, a, x| {
            M::send(e, a.plugin().uninstall(x).value()).map(drop)
        }),
    ]
}

fn hostile_ids_stay_in_their_segment<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    for (method, after, run) in path_ops::<M>() {
        for (value, segment) in HOSTILE {
            env.reset();
            env.answer_json(200, json!({}));
            let ctx = format!("{method} /api/plugins/{{plugin_id}}{after} {value:?}");
            run(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_eq!(r.method.as_str(), method, "{ctx}");
            assert_eq!(
                r.url.path(),
                format!("/api/plugins/{segment}{after}"),
                "{ctx}"
            );
            assert_eq!(r.url.query(), None, "{ctx}");
        }
    }
}

fn unsafe_ids_are_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    for (method, after, run) in path_ops::<M>() {
        for value in REFUSED {
            let ctx = format!("{method} /api/plugins/{{plugin_id}}{after} {value:?}");
            match run(&env, &api, value) {
                Err(Error::InvalidArgument { name, reason }) => {
                    assert_eq!(name, "plugin_id", "{ctx}");
                    assert!(!reason.is_empty(), "{ctx}");
                }
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    assert!(env.requests().is_empty(), "nothing may be sent");
}

wire_common::both!(
    list,
    by_id,
    by_id_of_a_missing_plugin_is_not_found,
    health,
    unhealthy_plugin_is_an_api_error,
    metrics,
    install_with_version,
    install_without_version,
    install_of_an_installed_plugin_is_a_conflict,
    uninstall,
    hostile_ids_stay_in_their_segment,
    unsafe_ids_are_refused_unsent,
);
