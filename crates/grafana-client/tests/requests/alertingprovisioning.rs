//! `api.alertingprovisioning()`: every method's request (with and without
//! `X-Disable-Provenance`) and Grafana 11/12's answers decoded losslessly.

use grafana_client::models::ProvisionedAlertRule;
use grafana_client::Request;
use serde_json::{json, Value};

use crate::harness::*;

const P: &str = "api/v1/provisioning";

/// An alert rule as Grafana 11/12 returns it, with a field the model does
/// not name (`missingSeriesEvalsToResolve`).
fn served_rule(uid: &str) -> Value {
    json!({
        "id": 12, "uid": uid, "orgID": 1, "folderUID": "ops", "ruleGroup": "cpu",
        "title": "High CPU", "condition": "C",
        "data": [
            {"refId": "A", "queryType": "", "relativeTimeRange": {"from": 600, "to": 0},
             "datasourceUid": "prom",
             "model": {"expr": "avg(rate(node_cpu_seconds_total[5m]))", "refId": "A", "intervalMs": 1000}},
            {"refId": "C", "queryType": "", "relativeTimeRange": {"from": 0, "to": 0},
             "datasourceUid": "__expr__",
             "model": {"type": "threshold", "expression": "A", "refId": "C",
                       "conditions": [{"evaluator": {"params": [0.9], "type": "gt"}}]}}
        ],
        "updated": "2024-05-02T10:00:00Z", "noDataState": "NoData", "execErrState": "Error",
        "for": "5m", "keep_firing_for": "0s",
        "annotations": {"summary": "CPU is high", "runbook_url": "https://runbooks/cpu"},
        "labels": {"team": "sre"}, "provenance": "api", "isPaused": false,
        "notification_settings": {"receiver": "ops mail", "group_by": ["alertname"]},
        "missingSeriesEvalsToResolve": 2
    })
}

/// A rule to create: what a caller writes.
fn new_rule() -> Value {
    json!({
        "title": "High CPU", "ruleGroup": "cpu", "folderUID": "ops", "orgID": 1,
        "condition": "C", "for": "5m", "noDataState": "NoData", "execErrState": "Error",
        "data": [{"refId": "C", "datasourceUid": "__expr__", "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}],
        "labels": {"team": "sre"}
    })
}

fn served_contact_point(uid: &str) -> Value {
    json!({"uid": uid, "name": "ops mail", "type": "email",
           "settings": {"addresses": "ops@example.com", "singleEmail": false},
           "disableResolveMessage": false, "provenance": "", "version": "a1b2"})
}

fn served_policy_tree() -> Value {
    json!({
        "receiver": "grafana-default-email", "group_by": ["grafana_folder", "alertname"],
        "group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h",
        "routes": [{"receiver": "ops mail", "object_matchers": [["team", "=", "sre"]],
                    "continue": true, "mute_time_intervals": ["weekends"],
                    "active_time_intervals": ["office"], "match": {"legacy": "yes"}}],
        "provenance": "api", "matchers": null
    })
}

fn served_mute_timing(name: &str) -> Value {
    json!({"name": name,
           "time_intervals": [{"times": [{"start_time": "00:00", "end_time": "08:00"}],
                               "weekdays": ["saturday", "sunday"], "location": "UTC"}],
           "version": "3f2a", "provenance": "api", "id": "d2Vla2VuZHM"})
}

fn served_template(name: &str) -> Value {
    json!({"name": name,
           "template": "{{ define \"ops.title\" }}[{{ .Status }}] {{ .CommonLabels.alertname }}{{ end }}",
           "version": "9c1d", "provenance": "", "uid": "b3BzLnRpdGxl"})
}

#[test]
fn requests() {
    let ap = api().alertingprovisioning();
    let body = new_rule();
    let mut paused = new_rule();
    paused["isPaused"] = json!(true);
    // A typed rule (fetched, changed) goes out field for field, extra included.
    let mut rule: ProvisionedAlertRule = serde_json::from_value(served_rule("r1")).expect("decodes");
    rule.title = Some("Copy".into());
    rule.uid = None;
    let mut rule_body = served_rule("r1");
    rule_body["title"] = json!("Copy");
    rule_body.as_object_mut().map(|o| o.remove("uid"));
    let group = json!({"interval": 120, "rules": [new_rule()]});
    let cp = json!({"name": "ops mail", "type": "email", "settings": {"addresses": "ops@example.com"}});
    let mt = json!({"name": "weekends", "time_intervals": [{"weekdays": ["saturday", "sunday"]}]});
    let mt2 = json!({"name": "weekends", "time_intervals": [{"weekdays": ["sunday"]}], "version": "3f2a"});
    let tpl = json!({"template": "{{ define \"ops.title\" }}x{{ end }}", "version": "9c1d"});
    let tree = served_policy_tree();
    check_all([
        ("get_alertrules_all", ap.get_alertrules_all().into_request(), req("GET", &format!("{P}/alert-rules"))),
        ("get_alertrule", ap.get_alertrule("bd7a1b2c").into_request(), req("GET", &format!("{P}/alert-rules/bd7a1b2c"))),
        ("create_alertrule", ap.create_alertrule(&body).into_request(), req("POST", &format!("{P}/alert-rules")).body(body.clone())),
        ("create_alertrule(model)", ap.create_alertrule(&rule).into_request(), req("POST", &format!("{P}/alert-rules")).body(rule_body)),
        ("update_alertrule", ap.update_alertrule("bd7a1b2c", &paused).into_request(), req("PUT", &format!("{P}/alert-rules/bd7a1b2c")).body(paused.clone())),
        ("delete_alertrule", ap.delete_alertrule("bd7a1b2c").into_request(), req("DELETE", &format!("{P}/alert-rules/bd7a1b2c"))),
        ("get_rule_group", ap.get_rule_group("ops", "cpu").into_request(), req("GET", &format!("{P}/folder/ops/rule-groups/cpu"))),
        ("update_rule_group", ap.update_rule_group("ops", "cpu", &group).into_request(), req("PUT", &format!("{P}/folder/ops/rule-groups/cpu")).body(group.clone())),
        ("get_contactpoints", ap.get_contactpoints().into_request(), req("GET", &format!("{P}/contact-points"))),
        ("get_contactpoints(name)", ap.get_contactpoints().name("ops mail & co").into_request(), req("GET", &format!("{P}/contact-points")).query(&[("name", "ops mail & co")])),
        ("create_contactpoint", ap.create_contactpoint(&cp).into_request(), req("POST", &format!("{P}/contact-points")).body(cp.clone())),
        ("update_contactpoint", ap.update_contactpoint("cp1", &cp).into_request(), req("PUT", &format!("{P}/contact-points/cp1")).body(cp.clone())),
        ("delete_contactpoint", ap.delete_contactpoint("cp1").into_request(), req("DELETE", &format!("{P}/contact-points/cp1"))),
        ("get_notification_policy_tree", ap.get_notification_policy_tree().into_request(), req("GET", &format!("{P}/policies"))),
        ("set_notification_policy_tree", ap.set_notification_policy_tree(&tree).into_request(), req("PUT", &format!("{P}/policies")).body(tree.clone())),
        ("delete_notification_policy_tree", ap.delete_notification_policy_tree().into_request(), req("DELETE", &format!("{P}/policies"))),
        ("get_mute_timings", ap.get_mute_timings().into_request(), req("GET", &format!("{P}/mute-timings"))),
        ("get_mute_timing", ap.get_mute_timing("weekends").into_request(), req("GET", &format!("{P}/mute-timings/weekends"))),
        ("create_mute_timing", ap.create_mute_timing(&mt).into_request(), req("POST", &format!("{P}/mute-timings")).body(mt.clone())),
        ("update_mute_timing", ap.update_mute_timing("weekends", &mt2).into_request(), req("PUT", &format!("{P}/mute-timings/weekends")).body(mt2.clone())),
        ("delete_mute_timing", ap.delete_mute_timing("weekends").into_request(), req("DELETE", &format!("{P}/mute-timings/weekends"))),
        ("get_templates", ap.get_templates().into_request(), req("GET", &format!("{P}/templates"))),
        ("get_template", ap.get_template("ops.title").into_request(), req("GET", &format!("{P}/templates/ops.title"))),
        ("create_or_update_template", ap.create_or_update_template("ops.title", &tpl).into_request(), req("PUT", &format!("{P}/templates/ops.title")).body(tpl.clone())),
        ("delete_template", ap.delete_template("ops.title").into_request(), req("DELETE", &format!("{P}/templates/ops.title"))),
    ]);
}

/// `disable_provenance(true)` adds `X-Disable-Provenance: true` to each of
/// the eight writes that have the option; `false` sends no such header.
#[test]
fn disable_provenance_header() {
    let ap = api().alertingprovisioning();
    let e = json!({});
    type Make<'a> = &'a dyn Fn(bool) -> Request;
    let writes: [(&str, &str, String, Make); 8] = [
        ("create_alertrule", "POST", format!("{P}/alert-rules"), &|d| ap.create_alertrule(&e).disable_provenance(d).into_request()),
        ("update_alertrule", "PUT", format!("{P}/alert-rules/u"), &|d| ap.update_alertrule("u", &e).disable_provenance(d).into_request()),
        ("update_rule_group", "PUT", format!("{P}/folder/f/rule-groups/g"), &|d| ap.update_rule_group("f", "g", &e).disable_provenance(d).into_request()),
        ("create_contactpoint", "POST", format!("{P}/contact-points"), &|d| ap.create_contactpoint(&e).disable_provenance(d).into_request()),
        ("update_contactpoint", "PUT", format!("{P}/contact-points/u"), &|d| ap.update_contactpoint("u", &e).disable_provenance(d).into_request()),
        ("set_notification_policy_tree", "PUT", format!("{P}/policies"), &|d| ap.set_notification_policy_tree(&e).disable_provenance(d).into_request()),
        ("create_mute_timing", "POST", format!("{P}/mute-timings"), &|d| ap.create_mute_timing(&e).disable_provenance(d).into_request()),
        ("create_or_update_template", "PUT", format!("{P}/templates/t"), &|d| ap.create_or_update_template("t", &e).disable_provenance(d).into_request()),
    ];
    for (name, verb, path, make) in writes {
        check(&format!("{name}(true)"), make(true), req(verb, &path).body(json!({})).header("X-Disable-Provenance", "true"));
        check(&format!("{name}(false)"), make(false), req(verb, &path).body(json!({})));
    }
}

#[test]
fn decodes() {
    let ap = api().alertingprovisioning();
    let e = json!({});
    check_decodes([
        ("get_alertrules_all", lossless(ap.get_alertrules_all(), json!([served_rule("r1"), {"uid": "r2", "title": "Other", "unknownTop": [1]}]))),
        ("get_alertrule", lossless(ap.get_alertrule("u"), served_rule("bd7a1b2c"))),
        ("create_alertrule", lossless(ap.create_alertrule(&e), served_rule("new1"))),
        ("delete_alertrule(204)", lossless(ap.delete_alertrule("u"), Value::Null)),
        ("get_rule_group", lossless(ap.get_rule_group("f", "g"), json!({"title": "cpu", "folderUid": "ops", "interval": 60, "rules": [served_rule("r1")], "provenance": "api"}))),
        ("get_contactpoints", lossless(ap.get_contactpoints(), json!([served_contact_point("cp1"), {"name": "hook", "type": "webhook", "settings": {"url": "http://x"}}]))),
        ("create_contactpoint", lossless(ap.create_contactpoint(&e), served_contact_point("cp9"))),
        ("update_contactpoint", lossless(ap.update_contactpoint("u", &e), json!({"message": "contactpoint updated"}))),
        ("delete_contactpoint", lossless(ap.delete_contactpoint("u"), json!({"message": "contactpoint deleted"}))),
        ("delete_contactpoint(204)", lossless(ap.delete_contactpoint("u"), Value::Null)),
        ("get_notification_policy_tree", lossless(ap.get_notification_policy_tree(), served_policy_tree())),
        ("set_notification_policy_tree", lossless(ap.set_notification_policy_tree(&e), json!({"message": "policies updated"}))),
        // recent Grafana answers the default tree, Grafana 9 a message
        ("delete_notification_policy_tree", lossless(ap.delete_notification_policy_tree(), json!({"receiver": "grafana-default-email", "group_by": ["grafana_folder", "alertname"]}))),
        ("delete_notification_policy_tree(9)", lossless(ap.delete_notification_policy_tree(), json!({"message": "policies resetted"}))),
        ("get_mute_timings", lossless(ap.get_mute_timings(), json!([served_mute_timing("weekends"), served_mute_timing("nights")]))),
        ("get_mute_timing", lossless(ap.get_mute_timing("w"), served_mute_timing("weekends"))),
        ("delete_mute_timing(204)", lossless(ap.delete_mute_timing("w"), Value::Null)),
        ("get_templates", lossless(ap.get_templates(), json!([served_template("ops.title")]))),
        ("create_or_update_template", lossless(ap.create_or_update_template("t", &e), served_template("ops.title"))),
        ("delete_template(204)", lossless(ap.delete_template("t"), Value::Null)),
    ]);
    let rule = answer(ap.get_alertrule("u"), served_rule("r1"));
    assert_eq!((rule.folder_uid.as_deref(), rule.extra.len()), (Some("ops"), 1));
}
