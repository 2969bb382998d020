//! Path parameters on the wire, async and blocking: hostile values stay inside
//! their one segment (or are refused with nothing sent), and sub-path
//! installations get `/grafana/api/...`.

mod wire_common;

use grafana_client::{Error, Result};
use serde_json::Value;
use wire_common::*;

/// A method with one path parameter: its name, the path before the
/// parameter, and how to call it.
struct PathOp<M: Mode> {
    name: &'static str,
    method: &'static str,
    prefix: &'static str,
    param: &'static str,
    run: fn(&Env, &M::Api, &str) -> Result<Value>,
}

#[allow(deprecated)] // deprecated methods (routes Grafana removed) stay covered
fn path_ops<M: Mode>() -> Vec<PathOp<M>> {
    fn v<T: serde::Serialize>(r: Result<T>) -> Result<Value> {
        r.map(|t| serde_json::to_value(t).unwrap())
    }
    vec![
        PathOp {
            name: "get_dashboard",
            method: "GET",
            prefix: "/api/dashboards/uid/",
            param: "dashboard_uid",
            run: |e, a, x| v(M::send(e, M::dashboard(a).get_dashboard(x))),
        },
        PathOp {
            name: "delete_dashboard",
            method: "DELETE",
            prefix: "/api/dashboards/uid/",
            param: "dashboard_uid",
            run: |e, a, x| v(M::send(e, M::dashboard(a).delete_dashboard(x))),
        },
        PathOp {
            name: "get_snapshot_by_key",
            method: "GET",
            prefix: "/api/snapshots/",
            param: "key",
            run: |e, a, x| v(M::send(e, M::snapshots(a).get_snapshot_by_key(x))),
        },
        PathOp {
            name: "delete_snapshot_by_key",
            method: "DELETE",
            prefix: "/api/snapshots/",
            param: "key",
            run: |e, a, x| v(M::send(e, M::snapshots(a).delete_snapshot_by_key(x))),
        },
        PathOp {
            name: "delete_snapshot_by_delete_key",
            method: "GET",
            prefix: "/api/snapshots-delete/",
            param: "delete_key",
            run: |e, a, x| v(M::send(e, M::snapshots(a).delete_snapshot_by_delete_key(x))),
        },
        PathOp {
            name: "get_dashboard_by_name",
            method: "GET",
            prefix: "/api/dashboards/db/",
            param: "dashboard_name",
            run: |e, a, x| v(M::send(e, M::dashboard(a).get_dashboard_by_name(x))),
        },
        PathOp {
            name: "get_folder",
            method: "GET",
            prefix: "/api/folders/",
            param: "uid",
            run: |e, a, x| v(M::send(e, grafana_client::Client::folder(a).get_folder(x))),
        },
        PathOp {
            name: "update_folder",
            method: "PUT",
            prefix: "/api/folders/",
            param: "uid",
            run: |e, a, x| {
                let call = grafana_client::Client::folder(a)
                    .update_folder(x)
                    .title("t");
                v(M::send(e, call))
            },
        },
        PathOp {
            name: "delete_folder",
            method: "DELETE",
            prefix: "/api/folders/",
            param: "uid",
            run: |e, a, x| {
                v(M::send(
                    e,
                    grafana_client::Client::folder(a).delete_folder(x),
                ))
            },
        },
        PathOp {
            name: "raw.get (one segment)",
            method: "GET",
            prefix: "/api/snapshots/",
            param: "path",
            // `/` splits a raw path, so only values without `/` are one segment here
            run: |e, a, x| M::send(e, M::raw(a).get(&format!("api/snapshots/{x}"))),
        },
    ]
}

/// Hostile values and the exact segment each must become.
const ENCODED: &[(&str, &str)] = &[
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
    ("%2F", "%252F"),
    ("a b", "a%20b"),
    ("+", "%2B"),
    ("ü/ö", "%C3%BC%2F%C3%B6"),
    ("..%2F", "..%252F"),
    ("%2e%2e", "%252e%252e"),
    ("...", "..."),
    ("a;b,c&d=e", "a%3Bb%2Cc%26d%3De"),
    ("\\..\\", "%5C..%5C"),
    ("AbC-1.2_3~", "AbC-1.2_3~"),
];

/// Values no encoding makes safe: refused, nothing sent.
const REFUSED: &[&str] = &["", ".", ".."];

fn hostile_values_stay_in_their_segment<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    for op in path_ops::<M>() {
        for (value, segment) in ENCODED {
            if op.param == "path" && (value.contains('/') || value.contains(['?', '#'])) {
                continue; // raw paths split at `/` and refuse `?`/`#` (tested below)
            }
            let ctx = format!("{} {value:?}", op.name);
            env.reset();
            env.answer_universal(); // catch-all: every request is recorded
            (op.run)(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            let path = format!("{}{segment}", op.prefix);
            assert_eq!(r.method.as_str(), op.method, "{ctx}");
            assert_eq!(r.url.path(), path, "{ctx}");
            assert_eq!(r.url.query(), None, "{ctx}: query");
            assert_eq!(
                r.url.path().matches('/').count(),
                op.prefix.matches('/').count(),
                "{ctx}: segment count"
            );
        }
    }
}

fn unsafe_values_are_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_universal();
    let api = M::build(env.builder()).unwrap();
    for op in path_ops::<M>() {
        for value in REFUSED {
            if op.param == "path" && value.is_empty() {
                continue; // a raw path may end in `/` (tested below)
            }
            let ctx = format!("{} {value:?}", op.name);
            match (op.run)(&env, &api, value) {
                Err(Error::InvalidArgument { name, reason }) => {
                    assert_eq!(name, op.param, "{ctx}");
                    assert!(!reason.is_empty(), "{ctx}");
                }
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    assert!(
        env.requests().is_empty(),
        "nothing may reach the server: {:?}",
        env.requests()
            .iter()
            .map(|r| r.url.to_string())
            .collect::<Vec<_>>()
    );
}

fn raw_paths_are_split_and_encoded<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let cases = [
        ("api/org", "/api/org"),
        ("/api/org", "/api/org"),
        ("api/a b/ü", "/api/a%20b/%C3%BC"),
        ("api/%2F/+", "/api/%252F/%2B"),
        ("api/...", "/api/..."),
        ("api/search", "/api/search"),
        ("api/serviceaccounts/", "/api/serviceaccounts/"),
    ];
    for (raw, path) in cases {
        env.reset();
        env.answer_universal();
        M::send(&env, M::raw(&api).get(raw)).unwrap_or_else(|e| panic!("{raw:?}: {e:?}"));
        let r = env.only_request(raw);
        assert_eq!(r.url.path(), path, "{raw:?}");
        assert_eq!(r.url.query(), None, "{raw:?}");
    }
    env.reset();
    env.answer_universal();
    for raw in [
        "",
        "/",
        "api/../admin",
        "api/./org",
        "api//org",
        "api/org//",
        "..",
        "api/org?x=1",
        "api/org#f",
    ] {
        let r = M::send(&env, M::raw(&api).delete(raw));
        assert!(
            matches!(r, Err(Error::InvalidArgument { name: "path", .. })),
            "{raw:?}: {r:?}"
        );
    }
    assert!(env.requests().is_empty());
}

// ------------------------------------------------------------------ sub-path

fn sub_path_clients<M: Mode>() {
    let env = Env::new();
    let uri = env.uri();
    let clients: Vec<(&str, M::Api)> = vec![
        (
            "url_path_prefix(grafana)",
            M::build(env.builder().url_path_prefix("grafana")).unwrap(),
        ),
        (
            "url_path_prefix(/grafana/)",
            M::build(env.builder().url_path_prefix("/grafana/")).unwrap(),
        ),
        (
            "from_url(.../grafana)",
            M::from_url(&format!("{uri}/grafana")).unwrap(),
        ),
        (
            "from_url(.../grafana/)",
            M::from_url(&format!("{uri}/grafana/")).unwrap(),
        ),
        (
            "builder.url(.../grafana)",
            M::build(env.builder().url(&format!("{uri}/grafana"))).unwrap(),
        ),
    ];
    for (how, api) in &clients {
        assert_eq!(M::base_url(api), format!("{uri}/grafana/"), "{how}");
    }
    for op in ops::<M>() {
        for (how, _) in &clients {
            // fresh clients: version() caches per client
            let api = match *how {
                "url_path_prefix(grafana)" => M::build(env.builder().url_path_prefix("grafana")),
                "url_path_prefix(/grafana/)" => {
                    M::build(env.builder().url_path_prefix("/grafana/"))
                }
                "from_url(.../grafana)" => M::from_url(&format!("{uri}/grafana")),
                "from_url(.../grafana/)" => M::from_url(&format!("{uri}/grafana/")),
                _ => M::build(env.builder().url(&format!("{uri}/grafana"))),
            }
            .unwrap();
            env.reset();
            env.answer_universal();
            let ctx = format!("{how} / {}", op.name);
            (op.run)(&env, &api, Opts::default()).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_op_request(&r, &op, "/grafana/", &ctx);
        }
    }
}

fn nested_sub_path_and_errors_name_it<M: Mode>() {
    let env = Env::new();
    env.answer_json(404, serde_json::json!({"message": "Dashboard not found"}));
    let api = M::build(env.builder().url_path_prefix("a/b")).unwrap();
    let e = M::send(&env, M::dashboard(&api).get_dashboard("x/y")).unwrap_err();
    let api_err = e.api().expect("api error");
    assert_eq!(api_err.path, "/a/b/api/dashboards/uid/x%2Fy");
    assert_eq!(api_err.method, http::Method::GET);
    let r = env.only_request("nested");
    assert_eq!(r.url.path(), "/a/b/api/dashboards/uid/x%2Fy");
}

fn version_probe_under_sub_path<M: Mode>() {
    let env = Env::new();
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path("/grafana/api/frontend/settings"))
            .respond_with(wiremock::ResponseTemplate::new(401)),
    );
    env.mount(
        wiremock::Mock::given(wiremock::matchers::path("/grafana/api/health")).respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"database": "ok", "version": "12.0.1"})),
        ),
    );
    let api = M::from_url(&format!("{}/grafana", env.uri())).unwrap();
    assert_eq!(M::version(&env, &api).unwrap(), "12.0.1");
    let paths: Vec<String> = env
        .requests()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        ["/grafana/api/frontend/settings", "/grafana/api/health"]
    );
}

wire_common::both!(
    hostile_values_stay_in_their_segment,
    unsafe_values_are_refused_unsent,
    raw_paths_are_split_and_encoded,
    sub_path_clients,
    nested_sub_path_and_errors_name_it,
    version_probe_under_sub_path,
);
