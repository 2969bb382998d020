//! `api.alerting()` (the Python package's deprecated Ruler-API class), async
//! and blocking: the exact request of every method, the decoded answers
//! (typed fields, unknown fields in `extra`, lossless), `update_alertrule`'s
//! refusal of rules without a uid, and every path parameter kept in its
//! segment or refused unsent.

#![allow(deprecated)]

mod wire_common;

use grafana_client::elements::Alerting;
use grafana_client::{Call, Client, Endpoint, Error};
use serde::Serialize;
use serde_json::{json, Value};
use wire_common::*;
use wiremock::ResponseTemplate;

const RULER: &str = "/api/ruler/grafana/api/v1/rules";

fn al<M: Mode>(api: &M::Api) -> Alerting<M::Api> {
    Client::alerting(api)
}

fn answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Serves `template`, sends the call made by `make`, checks that exactly one
/// request went out and that it is the expected one; returns the output.
fn exchange<M: Mode, E: Endpoint>(
    template: ResponseTemplate,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: Option<&Value>,
) -> E::Output {
    let env = Env::new();
    env.answer(template);
    let api = M::build(env.builder().organization_id(3)).unwrap();
    let ctx = format!("{} {method} {path}", M::NAME);
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
    let r = env.only_request(&ctx);
    assert_request(&r, method, path, query, body, &ctx);
    assert_auth_org(&r, None, Some("3"), &ctx);
    out
}

fn lossless(model: &impl Serialize, served: &Value) {
    assert_eq!(&serde_json::to_value(model).unwrap(), served, "lossless");
}

/// A Ruler-format rule group whose rules all carry their uid.
fn group_with_uids() -> Value {
    json!({
        "name": "cpu", "interval": "1m",
        "rules": [{
            "for": "5m", "labels": {"team": "sre"}, "annotations": {"summary": "CPU high"},
            "grafana_alert": {
                "uid": "bd7a1b2c", "title": "High CPU", "condition": "C",
                "no_data_state": "NoData", "exec_err_state": "Error",
                "data": [{"refId": "C", "datasourceUid": "__expr__",
                          "relativeTimeRange": {"from": 0, "to": 0},
                          "model": {"type": "math", "expression": "1 == 1"}}]
            }
        }]
    })
}

/// The same group as a caller creates it: no uids yet.
fn new_group() -> Value {
    let mut g = group_with_uids();
    g["rules"][0]["grafana_alert"]
        .as_object_mut()
        .unwrap()
        .remove("uid");
    g
}

fn get_alertrule<M: Mode>() {
    let mut served = group_with_uids();
    served["rules"][0]["grafana_alert"]["namespace_uid"] = json!("ops");
    served["source_tenants"] = json!(null);
    let g = exchange::<M, _>(
        answer(200, &served),
        |a| al::<M>(a).get_alertrule("ops", "cpu"),
        "GET",
        "/api/ruler/grafana/api/v1/rules/ops/cpu",
        None,
        None,
    );
    assert_eq!(g.name.as_deref(), Some("cpu"));
    assert_eq!(g.interval.as_deref(), Some("1m"));
    let rules = g.rules.as_ref().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0]["grafana_alert"]["uid"], "bd7a1b2c");
    assert_eq!(g.extra.len(), 1);
    assert_eq!(g.extra["source_tenants"], Value::Null);
    lossless(&g, &served);
}

fn prometheus_rules() -> Value {
    json!({
        "status": "success",
        "data": {
            "groups": [{
                "name": "cpu", "file": "Ops", "interval": 60,
                "lastEvaluation": "2024-05-02T10:00:00Z", "evaluationTime": 0.004,
                "rules": [{"state": "firing", "name": "High CPU", "health": "ok",
                           "type": "alerting", "alerts": [{"labels": {"team": "sre"}, "state": "Alerting"}]}]
            }],
            "totals": {"firing": 1}
        },
        "warnings": []
    })
}

fn get_managedalerts_all_without_options<M: Mode>() {
    let served = prometheus_rules();
    let p = exchange::<M, _>(
        answer(200, &served),
        |a| al::<M>(a).get_managedalerts_all(),
        "GET",
        "/api/prometheus/grafanacloud-prom/api/v1/rules",
        None,
        None,
    );
    assert_eq!(p.status, "success");
    assert_eq!(p.error, None);
    assert_eq!(p.error_type, None);
    let data = p.data.as_ref().unwrap();
    assert_eq!(data.groups.len(), 1);
    let g = &data.groups[0];
    assert_eq!(g.name, "cpu");
    assert_eq!(g.file.as_deref(), Some("Ops"));
    assert_eq!(g.rules[0]["state"], "firing");
    assert_eq!(g.extra["interval"], 60);
    assert_eq!(g.extra["evaluationTime"], 0.004);
    assert_eq!(data.extra["totals"], json!({"firing": 1}));
    assert_eq!(p.extra["warnings"], json!([]));
    lossless(&p, &served);
}

fn get_managedalerts_all_with_datasource<M: Mode>() {
    let served =
        json!({"status": "error", "errorType": "server_error", "error": "no rules", "data": null});
    let p = exchange::<M, _>(
        answer(200, &served),
        |a| al::<M>(a).get_managedalerts_all().datasource("grafana"),
        "GET",
        "/api/prometheus/grafana/api/v1/rules",
        None,
        None,
    );
    assert_eq!(p.status, "error");
    assert_eq!(p.error.as_deref(), Some("no rules"));
    assert_eq!(p.error_type.as_deref(), Some("server_error"));
    assert_eq!(p.data, None);
}

fn create_alertrule<M: Mode>() {
    let served = json!({"message": "rule group updated successfully", "created": ["u1"]});
    let body = new_group();
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| al::<M>(a).create_alertrule("ops", &body),
        "POST",
        "/api/ruler/grafana/api/v1/rules/ops",
        None,
        Some(&body),
    );
    assert_eq!(m.message, "rule group updated successfully");
    assert_eq!(m.extra["created"], json!(["u1"]));
    lossless(&m, &served);
}

fn update_alertrule<M: Mode>() {
    let served = json!({"message": "rule group updated successfully", "updated": ["bd7a1b2c"]});
    let body = group_with_uids();
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| al::<M>(a).update_alertrule("ops", &body),
        "POST",
        "/api/ruler/grafana/api/v1/rules/ops",
        None,
        Some(&body),
    );
    assert_eq!(m.message, "rule group updated successfully");
    assert_eq!(m.extra["updated"], json!(["bd7a1b2c"]));
    lossless(&m, &served);
}

fn update_alertrule_refuses_rules_without_uid<M: Mode>() {
    let env = Env::new();
    env.answer_json(202, json!({"message": "x"}));
    let api = M::build(env.builder()).unwrap();
    let mut empty_uid = group_with_uids();
    empty_uid["rules"][0]["grafana_alert"]["uid"] = json!("");
    let mut second_new = group_with_uids();
    second_new["rules"]
        .as_array_mut()
        .unwrap()
        .push(new_group()["rules"][0].clone());
    let bad = [
        ("no uid", new_group()),
        ("empty uid", empty_uid),
        ("second rule new", second_new),
        ("no rules", json!({"name": "cpu", "interval": "1m"})),
        ("rules not a list", json!({"name": "cpu", "rules": {}})),
        ("not a group", json!([1, 2])),
    ];
    for (ctx, body) in bad {
        match M::send(&env, al::<M>(&api).update_alertrule("ops", &body)) {
            Err(Error::InvalidArgument { name, reason }) => {
                assert_eq!(name, "alertrule", "{ctx}");
                assert!(!reason.is_empty(), "{ctx}");
            }
            other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
        }
    }
    assert!(env.requests().is_empty(), "nothing may be sent");
    // An empty group (every rule identified, vacuously) is sent: it deletes
    // the group's rules, as Grafana documents.
    let empty = json!({"name": "cpu", "interval": "1m", "rules": []});
    M::send(&env, al::<M>(&api).update_alertrule("ops", &empty)).unwrap();
    let r = env.only_request("empty group");
    assert_request(
        &r,
        "POST",
        &format!("{RULER}/ops"),
        None,
        Some(&empty),
        "empty group",
    );
}

fn delete_alertrule<M: Mode>() {
    let served = json!({"message": "rules deleted"});
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| al::<M>(a).delete_alertrule("ops", "cpu"),
        "DELETE",
        "/api/ruler/grafana/api/v1/rules/ops/cpu",
        None,
        None,
    );
    assert_eq!(m.message, "rules deleted");
    assert!(m.extra.is_empty());
    lossless(&m, &served);
}

// ---------------------------------------------------------- path parameters

fn path_params<M: Mode>() -> Vec<PathParam<M>> {
    vec![
        PathParam {
            method_name: "get_alertrule (folder)",
            param: "folder_name",
            verb: "GET",
            path: |s| format!("{RULER}/{s}/cpu"),
            send: |e, a, v| M::send(e, al::<M>(a).get_alertrule(v, "cpu").value()),
        },
        PathParam {
            method_name: "get_alertrule (group)",
            param: "alertrule_name",
            verb: "GET",
            path: |s| format!("{RULER}/ops/{s}"),
            send: |e, a, v| M::send(e, al::<M>(a).get_alertrule("ops", v).value()),
        },
        PathParam {
            method_name: "get_managedalerts_all (datasource)",
            param: "datasource",
            verb: "GET",
            path: |s| format!("/api/prometheus/{s}/api/v1/rules"),
            send: |e, a, v| M::send(e, al::<M>(a).get_managedalerts_all().datasource(v).value()),
        },
        PathParam {
            method_name: "create_alertrule",
            param: "folder_name",
            verb: "POST",
            path: |s| format!("{RULER}/{s}"),
            send: |e, a, v| M::send(e, al::<M>(a).create_alertrule(v, &new_group()).value()),
        },
        PathParam {
            method_name: "update_alertrule",
            param: "folder_name",
            verb: "POST",
            path: |s| format!("{RULER}/{s}"),
            send: |e, a, v| {
                M::send(
                    e,
                    al::<M>(a).update_alertrule(v, &group_with_uids()).value(),
                )
            },
        },
        PathParam {
            method_name: "delete_alertrule (folder)",
            param: "folder_name",
            verb: "DELETE",
            path: |s| format!("{RULER}/{s}/cpu"),
            send: |e, a, v| M::send(e, al::<M>(a).delete_alertrule(v, "cpu").value()),
        },
        PathParam {
            method_name: "delete_alertrule (group)",
            param: "alertrule_name",
            verb: "DELETE",
            path: |s| format!("{RULER}/ops/{s}"),
            send: |e, a, v| M::send(e, al::<M>(a).delete_alertrule("ops", v).value()),
        },
    ]
}

fn hostile_values_stay_in_one_segment<M: Mode>() {
    check_hostile_params(path_params::<M>(), 7);
}

fn unsafe_values_are_refused_unsent<M: Mode>() {
    check_refused_params(path_params::<M>());
}

wire_common::both!(
    get_alertrule,
    get_managedalerts_all_without_options,
    get_managedalerts_all_with_datasource,
    create_alertrule,
    update_alertrule,
    update_alertrule_refuses_rules_without_uid,
    delete_alertrule,
    hostile_values_stay_in_one_segment,
    unsafe_values_are_refused_unsent,
);
