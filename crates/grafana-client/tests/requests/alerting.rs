//! `api.alerting()` (the Python package's deprecated Ruler-API class): every
//! method's request, `update_alertrule`'s refusal of rules without a uid,
//! and Grafana's answers decoded losslessly.

#![allow(deprecated)]

use serde_json::{json, Value};

use crate::harness::*;

const RULER: &str = "api/ruler/grafana/api/v1/rules";

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
    g["rules"][0]["grafana_alert"].as_object_mut().map(|o| o.remove("uid"));
    g
}

#[test]
fn requests() {
    let al = api().alerting();
    // An empty group (every rule identified, vacuously) is sent: it deletes
    // the group's rules, as Grafana documents.
    let empty = json!({"name": "cpu", "interval": "1m", "rules": []});
    check_all([
        ("get_alertrule", al.get_alertrule("ops", "cpu").into_request(), req("GET", &format!("{RULER}/ops/cpu"))),
        ("get_managedalerts_all", al.get_managedalerts_all().into_request(), req("GET", "api/prometheus/grafanacloud-prom/api/v1/rules")),
        ("get_managedalerts_all(datasource)", al.get_managedalerts_all().datasource("grafana").into_request(), req("GET", "api/prometheus/grafana/api/v1/rules")),
        ("create_alertrule", al.create_alertrule("ops", &new_group()).into_request(), req("POST", &format!("{RULER}/ops")).body(new_group())),
        ("update_alertrule", al.update_alertrule("ops", &group_with_uids()).into_request(), req("POST", &format!("{RULER}/ops")).body(group_with_uids())),
        ("update_alertrule(empty group)", al.update_alertrule("ops", &empty).into_request(), req("POST", &format!("{RULER}/ops")).body(empty.clone())),
        ("delete_alertrule", al.delete_alertrule("ops", "cpu").into_request(), req("DELETE", &format!("{RULER}/ops/cpu"))),
    ]);
}

#[test]
fn update_alertrule_refuses_rules_without_uid() {
    let al = api().alerting();
    let mut empty_uid = group_with_uids();
    empty_uid["rules"][0]["grafana_alert"]["uid"] = json!("");
    let mut second_new = group_with_uids();
    if let Some(rules) = second_new["rules"].as_array_mut() {
        rules.push(new_group()["rules"][0].clone());
    }
    let bad = [
        ("no uid", new_group()),
        ("empty uid", empty_uid),
        ("second rule new", second_new),
        ("no rules", json!({"name": "cpu", "interval": "1m"})),
        ("rules not a list", json!({"name": "cpu", "rules": {}})),
        ("not a group", json!([1, 2])),
    ];
    for (label, body) in bad {
        refused(label, al.update_alertrule("ops", &body).into_request(), "alertrule");
    }
}

#[test]
fn decodes() {
    let al = api().alerting();
    let mut served = group_with_uids();
    served["rules"][0]["grafana_alert"]["namespace_uid"] = json!("ops");
    served["source_tenants"] = json!(null);
    let e = json!({});
    check_decodes([
        ("get_alertrule", lossless(al.get_alertrule("f", "g"), served)),
        ("get_managedalerts_all", lossless(al.get_managedalerts_all(), json!({
            "status": "success",
            "data": {"groups": [{"name": "cpu", "file": "Ops", "interval": 60,
                                 "lastEvaluation": "2024-05-02T10:00:00Z", "evaluationTime": 0.004,
                                 "rules": [{"state": "firing", "name": "High CPU", "health": "ok",
                                            "type": "alerting", "alerts": [{"labels": {"team": "sre"}, "state": "Alerting"}]}]}],
                     "totals": {"firing": 1}},
            "warnings": []
        }))),
        ("get_managedalerts_all(error)", fits(al.get_managedalerts_all(), json!({"status": "error", "errorType": "server_error", "error": "no rules", "data": null}))),
        ("create_alertrule", lossless(al.create_alertrule("f", &e), json!({"message": "rule group updated successfully", "created": ["u1"]}))),
        ("update_alertrule", lossless(al.update_alertrule("f", &group_with_uids()), json!({"message": "rule group updated successfully", "updated": ["bd7a1b2c"]}))),
        ("delete_alertrule", lossless(al.delete_alertrule("f", "g"), json!({"message": "rules deleted"}))),
    ]);
}
