//! `api.alertingprovisioning()`, async and blocking: the exact request of
//! every method (verb, raw path, query, JSON body), the decoded answers
//! (typed fields, unknown fields in `extra`, lossless), and every path
//! parameter kept in its segment or refused unsent.

mod wire_common;

use grafana_client::elements::AlertingProvisioning;
use grafana_client::models::{
    AlertRuleGroup, ContactPoint, MuteTiming, NotificationPolicy, NotificationTemplate,
    ProvisionedAlertRule,
};
use grafana_client::{Call, Client, Endpoint, Result};
use serde::Serialize;
use serde_json::{json, Value};
use wire_common::*;
use wiremock::ResponseTemplate;

const BASE: &str = "/api/v1/provisioning";

fn ap<M: Mode>(api: &M::Api) -> AlertingProvisioning<M::Api> {
    Client::alertingprovisioning(api)
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
    let api = M::build(env.builder().auth(grafana_client::TokenAuth::new(TOKEN))).unwrap();
    let ctx = format!("{} {method} {path}", M::NAME);
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
    let r = env.only_request(&ctx);
    assert_request(&r, method, path, query, body, &ctx);
    assert_eq!(
        hdr(&r, "authorization").as_deref(),
        Some("Bearer glsa_SECRET_TOKEN_123"),
        "{ctx}"
    );
    out
}

fn lossless(model: &impl Serialize, served: &Value) {
    assert_eq!(&serde_json::to_value(model).unwrap(), served, "lossless");
}

// ---------------------------------------------------------------- documents

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
        "data": [{"refId": "C", "datasourceUid": "__expr__",
                  "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}],
        "labels": {"team": "sre"}
    })
}

fn assert_rule(r: &ProvisionedAlertRule, uid: &str) {
    assert_eq!(r.id, Some(12));
    assert_eq!(r.uid.as_deref(), Some(uid));
    assert_eq!(r.org_id, Some(1));
    assert_eq!(r.folder_uid.as_deref(), Some("ops"));
    assert_eq!(r.rule_group.as_deref(), Some("cpu"));
    assert_eq!(r.title.as_deref(), Some("High CPU"));
    assert_eq!(r.condition.as_deref(), Some("C"));
    let data = r.data.as_ref().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[1]["datasourceUid"], "__expr__");
    assert_eq!(r.updated.as_deref(), Some("2024-05-02T10:00:00Z"));
    assert_eq!(r.no_data_state.as_deref(), Some("NoData"));
    assert_eq!(r.exec_err_state.as_deref(), Some("Error"));
    assert_eq!(r.for_.as_deref(), Some("5m"));
    assert_eq!(r.keep_firing_for.as_deref(), Some("0s"));
    assert_eq!(r.annotations.as_ref().unwrap()["summary"], "CPU is high");
    assert_eq!(r.labels.as_ref().unwrap()["team"], "sre");
    assert_eq!(r.provenance.as_deref(), Some("api"));
    assert_eq!(r.is_paused, Some(false));
    assert_eq!(
        r.notification_settings.as_ref().unwrap()["receiver"],
        "ops mail"
    );
    assert_eq!(r.record, None);
    assert_eq!(r.extra.len(), 1, "{:?}", r.extra);
    assert_eq!(r.extra["missingSeriesEvalsToResolve"], 2);
}

fn served_group() -> Value {
    json!({
        "title": "cpu", "folderUid": "ops", "interval": 60,
        "rules": [served_rule("r1")],
        "provenance": "api"
    })
}

fn served_contact_point(uid: &str) -> Value {
    json!({
        "uid": uid, "name": "ops mail", "type": "email",
        "settings": {"addresses": "ops@example.com", "singleEmail": false},
        "disableResolveMessage": false, "provenance": "",
        "version": "a1b2"
    })
}

fn served_policy_tree() -> Value {
    json!({
        "receiver": "grafana-default-email",
        "group_by": ["grafana_folder", "alertname"],
        "group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h",
        "routes": [
            {"receiver": "ops mail", "object_matchers": [["team", "=", "sre"]],
             "continue": true, "mute_time_intervals": ["weekends"],
             "active_time_intervals": ["office"], "match": {"legacy": "yes"}}
        ],
        "provenance": "api",
        "matchers": null
    })
}

fn served_mute_timing(name: &str) -> Value {
    json!({
        "name": name,
        "time_intervals": [{"times": [{"start_time": "00:00", "end_time": "08:00"}],
                            "weekdays": ["saturday", "sunday"], "location": "UTC"}],
        "version": "3f2a", "provenance": "api",
        "id": "d2Vla2VuZHM"
    })
}

fn served_template(name: &str) -> Value {
    json!({
        "name": name,
        "template": "{{ define \"ops.title\" }}[{{ .Status }}] {{ .CommonLabels.alertname }}{{ end }}",
        "version": "9c1d", "provenance": "",
        "uid": "b3BzLnRpdGxl"
    })
}

// ------------------------------------------------------------ alert rules

fn get_alertrules_all<M: Mode>() {
    let served = json!([served_rule("r1"), {"uid": "r2", "title": "Other", "unknownTop": [1]}]);
    let rules = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_alertrules_all(),
        "GET",
        "/api/v1/provisioning/alert-rules",
        None,
        None,
    );
    assert_eq!(rules.len(), 2);
    assert_rule(&rules[0], "r1");
    assert_eq!(rules[1].uid.as_deref(), Some("r2"));
    assert_eq!(rules[1].id, None);
    assert_eq!(rules[1].extra["unknownTop"], json!([1]));
    lossless(&rules, &served);
}

fn get_alertrule<M: Mode>() {
    let served = served_rule("bd7a1b2c");
    let rule = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_alertrule("bd7a1b2c"),
        "GET",
        "/api/v1/provisioning/alert-rules/bd7a1b2c",
        None,
        None,
    );
    assert_rule(&rule, "bd7a1b2c");
    lossless(&rule, &served);
}

fn create_alertrule<M: Mode>() {
    let served = served_rule("new1");
    let body = new_rule();
    let rule = exchange::<M, _>(
        answer(201, &served),
        |a| ap::<M>(a).create_alertrule(&body),
        "POST",
        "/api/v1/provisioning/alert-rules",
        None,
        Some(&body),
    );
    assert_rule(&rule, "new1");
    lossless(&rule, &served);
}

fn create_alertrule_from_a_model<M: Mode>() {
    // A typed rule (fetched, changed) goes out field for field, extra included.
    let mut rule: ProvisionedAlertRule = serde_json::from_value(served_rule("r1")).unwrap();
    rule.title = Some("Copy".into());
    rule.uid = None;
    let mut expected = served_rule("r1");
    expected["title"] = json!("Copy");
    expected.as_object_mut().unwrap().remove("uid");
    exchange::<M, _>(
        answer(201, &served_rule("r9")),
        |a| ap::<M>(a).create_alertrule(&rule),
        "POST",
        "/api/v1/provisioning/alert-rules",
        None,
        Some(&expected),
    );
}

fn update_alertrule<M: Mode>() {
    let served = served_rule("bd7a1b2c");
    let mut body = new_rule();
    body["isPaused"] = json!(true);
    let rule = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).update_alertrule("bd7a1b2c", &body),
        "PUT",
        "/api/v1/provisioning/alert-rules/bd7a1b2c",
        None,
        Some(&body),
    );
    assert_rule(&rule, "bd7a1b2c");
    lossless(&rule, &served);
}

fn delete_alertrule<M: Mode>() {
    let out = exchange::<M, _>(
        ResponseTemplate::new(204),
        |a| ap::<M>(a).delete_alertrule("bd7a1b2c"),
        "DELETE",
        "/api/v1/provisioning/alert-rules/bd7a1b2c",
        None,
        None,
    );
    assert_eq!(out, None);
}

fn get_rule_group<M: Mode>() {
    let served = served_group();
    let group = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_rule_group("ops", "cpu"),
        "GET",
        "/api/v1/provisioning/folder/ops/rule-groups/cpu",
        None,
        None,
    );
    assert_eq!(group.title.as_deref(), Some("cpu"));
    assert_eq!(group.folder_uid.as_deref(), Some("ops"));
    assert_eq!(group.interval, Some(60));
    let rules = group.rules.as_ref().unwrap();
    assert_eq!(rules.len(), 1);
    assert_rule(&rules[0], "r1");
    assert_eq!(group.extra.len(), 1);
    assert_eq!(group.extra["provenance"], "api");
    lossless(&group, &served);
}

fn update_rule_group<M: Mode>() {
    let served = served_group();
    let body = json!({"interval": 120, "rules": [new_rule()]});
    let group: AlertRuleGroup = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).update_rule_group("ops", "cpu", &body),
        "PUT",
        "/api/v1/provisioning/folder/ops/rule-groups/cpu",
        None,
        Some(&body),
    );
    assert_eq!(group.interval, Some(60));
    lossless(&group, &served);
}

// --------------------------------------------------------- contact points

fn get_contactpoints_without_options<M: Mode>() {
    let served = json!([served_contact_point("cp1"), {"name": "hook", "type": "webhook", "settings": {"url": "http://x"}}]);
    let points = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_contactpoints(),
        "GET",
        "/api/v1/provisioning/contact-points",
        None,
        None,
    );
    assert_eq!(points.len(), 2);
    let p = &points[0];
    assert_eq!(p.uid.as_deref(), Some("cp1"));
    assert_eq!(p.name.as_deref(), Some("ops mail"));
    assert_eq!(p.kind.as_deref(), Some("email"));
    assert_eq!(p.settings.as_ref().unwrap()["addresses"], "ops@example.com");
    assert_eq!(p.disable_resolve_message, Some(false));
    assert_eq!(p.provenance.as_deref(), Some(""));
    assert_eq!(p.extra.len(), 1);
    assert_eq!(p.extra["version"], "a1b2");
    assert_eq!(points[1].uid, None);
    lossless(&points, &served);
}

fn get_contactpoints_with_name<M: Mode>() {
    let served = json!([served_contact_point("cp1")]);
    let points = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_contactpoints().name("ops mail & co"),
        "GET",
        "/api/v1/provisioning/contact-points",
        Some("name=ops+mail+%26+co"),
        None,
    );
    assert_eq!(points.len(), 1);
    lossless(&points, &served);
}

fn create_contactpoint<M: Mode>() {
    let served = served_contact_point("cp9");
    let body =
        json!({"name": "ops mail", "type": "email", "settings": {"addresses": "ops@example.com"}});
    let point: ContactPoint = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).create_contactpoint(&body),
        "POST",
        "/api/v1/provisioning/contact-points",
        None,
        Some(&body),
    );
    assert_eq!(point.uid.as_deref(), Some("cp9"));
    lossless(&point, &served);
}

fn update_contactpoint<M: Mode>() {
    let served = json!({"message": "contactpoint updated"});
    let body =
        json!({"name": "ops mail", "type": "email", "settings": {"addresses": "sre@example.com"}});
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).update_contactpoint("cp1", &body),
        "PUT",
        "/api/v1/provisioning/contact-points/cp1",
        None,
        Some(&body),
    );
    assert_eq!(m.message, "contactpoint updated");
    lossless(&m, &served);
}

fn delete_contactpoint<M: Mode>() {
    let served = json!({"message": "contactpoint deleted"});
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).delete_contactpoint("cp1"),
        "DELETE",
        "/api/v1/provisioning/contact-points/cp1",
        None,
        None,
    );
    assert_eq!(m.unwrap().message, "contactpoint deleted");
    let empty = exchange::<M, _>(
        ResponseTemplate::new(204),
        |a| ap::<M>(a).delete_contactpoint("cp1"),
        "DELETE",
        "/api/v1/provisioning/contact-points/cp1",
        None,
        None,
    );
    assert_eq!(empty, None);
}

// ------------------------------------------------------ notification policies

fn assert_tree(t: &NotificationPolicy) {
    assert_eq!(t.receiver.as_deref(), Some("grafana-default-email"));
    assert_eq!(
        t.group_by.as_deref(),
        Some(&["grafana_folder".to_owned(), "alertname".to_owned()][..])
    );
    assert_eq!(t.group_wait.as_deref(), Some("30s"));
    assert_eq!(t.group_interval.as_deref(), Some("5m"));
    assert_eq!(t.repeat_interval.as_deref(), Some("4h"));
    assert_eq!(t.provenance.as_deref(), Some("api"));
    let child = &t.routes.as_ref().unwrap()[0];
    assert_eq!(child.receiver.as_deref(), Some("ops mail"));
    assert_eq!(child.object_matchers, Some(json!([["team", "=", "sre"]])));
    assert_eq!(child.continue_, Some(true));
    assert_eq!(
        child.mute_time_intervals.as_deref(),
        Some(&["weekends".to_owned()][..])
    );
    assert_eq!(
        child.active_time_intervals.as_deref(),
        Some(&["office".to_owned()][..])
    );
    assert_eq!(child.extra["match"], json!({"legacy": "yes"}));
    assert_eq!(t.extra.len(), 1);
    assert_eq!(t.extra["matchers"], Value::Null);
}

fn get_notification_policy_tree<M: Mode>() {
    let served = served_policy_tree();
    let tree = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_notification_policy_tree(),
        "GET",
        "/api/v1/provisioning/policies",
        None,
        None,
    );
    assert_tree(&tree);
    lossless(&tree, &served);
}

fn set_notification_policy_tree<M: Mode>() {
    let served = json!({"message": "policies updated"});
    let body = served_policy_tree();
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).set_notification_policy_tree(&body),
        "PUT",
        "/api/v1/provisioning/policies",
        None,
        Some(&body),
    );
    assert_eq!(m.message, "policies updated");
    assert_eq!(m.id, None);
    lossless(&m, &served);
}

fn delete_notification_policy_tree<M: Mode>() {
    // Recent Grafana: the default tree.
    let served =
        json!({"receiver": "grafana-default-email", "group_by": ["grafana_folder", "alertname"]});
    let tree = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).delete_notification_policy_tree(),
        "DELETE",
        "/api/v1/provisioning/policies",
        None,
        None,
    );
    assert_eq!(tree.receiver.as_deref(), Some("grafana-default-email"));
    assert!(tree.extra.is_empty());
    lossless(&tree, &served);
    // Grafana 9: a message.
    let older = json!({"message": "policies resetted"});
    let tree = exchange::<M, _>(
        answer(202, &older),
        |a| ap::<M>(a).delete_notification_policy_tree(),
        "DELETE",
        "/api/v1/provisioning/policies",
        None,
        None,
    );
    assert_eq!(tree.receiver, None);
    assert_eq!(tree.extra["message"], "policies resetted");
    lossless(&tree, &older);
}

// ---------------------------------------------------------- mute timings

fn assert_mute_timing(m: &MuteTiming, name: &str) {
    assert_eq!(m.name.as_deref(), Some(name));
    let intervals = m.time_intervals.as_ref().unwrap();
    assert_eq!(intervals[0]["weekdays"], json!(["saturday", "sunday"]));
    assert_eq!(m.version.as_deref(), Some("3f2a"));
    assert_eq!(m.provenance.as_deref(), Some("api"));
    assert_eq!(m.extra.len(), 1);
    assert_eq!(m.extra["id"], "d2Vla2VuZHM");
}

fn get_mute_timings<M: Mode>() {
    let served = json!([served_mute_timing("weekends"), served_mute_timing("nights")]);
    let all = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_mute_timings(),
        "GET",
        "/api/v1/provisioning/mute-timings",
        None,
        None,
    );
    assert_eq!(all.len(), 2);
    assert_mute_timing(&all[0], "weekends");
    assert_mute_timing(&all[1], "nights");
    lossless(&all, &served);
}

fn get_mute_timing<M: Mode>() {
    let served = served_mute_timing("weekends");
    let m = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_mute_timing("weekends"),
        "GET",
        "/api/v1/provisioning/mute-timings/weekends",
        None,
        None,
    );
    assert_mute_timing(&m, "weekends");
    lossless(&m, &served);
}

fn create_mute_timing<M: Mode>() {
    let served = served_mute_timing("weekends");
    let body =
        json!({"name": "weekends", "time_intervals": [{"weekdays": ["saturday", "sunday"]}]});
    let m = exchange::<M, _>(
        answer(201, &served),
        |a| ap::<M>(a).create_mute_timing(&body),
        "POST",
        "/api/v1/provisioning/mute-timings",
        None,
        Some(&body),
    );
    assert_mute_timing(&m, "weekends");
    lossless(&m, &served);
}

fn update_mute_timing<M: Mode>() {
    let served = served_mute_timing("weekends");
    let body = json!({"name": "weekends", "time_intervals": [{"weekdays": ["sunday"]}], "version": "3f2a"});
    let m = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).update_mute_timing("weekends", &body),
        "PUT",
        "/api/v1/provisioning/mute-timings/weekends",
        None,
        Some(&body),
    );
    assert_mute_timing(&m, "weekends");
    lossless(&m, &served);
}

fn delete_mute_timing<M: Mode>() {
    let out = exchange::<M, _>(
        ResponseTemplate::new(204),
        |a| ap::<M>(a).delete_mute_timing("weekends"),
        "DELETE",
        "/api/v1/provisioning/mute-timings/weekends",
        None,
        None,
    );
    assert_eq!(out, None);
}

// ---------------------------------------------------------- templates

fn assert_template(t: &NotificationTemplate, name: &str) {
    assert_eq!(t.name.as_deref(), Some(name));
    assert!(t
        .template
        .as_deref()
        .unwrap()
        .starts_with("{{ define \"ops.title\" }}"));
    assert_eq!(t.version.as_deref(), Some("9c1d"));
    assert_eq!(t.provenance.as_deref(), Some(""));
    assert_eq!(t.extra.len(), 1);
    assert_eq!(t.extra["uid"], "b3BzLnRpdGxl");
}

fn get_templates<M: Mode>() {
    let served = json!([served_template("ops.title")]);
    let all = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_templates(),
        "GET",
        "/api/v1/provisioning/templates",
        None,
        None,
    );
    assert_eq!(all.len(), 1);
    assert_template(&all[0], "ops.title");
    lossless(&all, &served);
}

fn get_template<M: Mode>() {
    let served = served_template("ops.title");
    let t = exchange::<M, _>(
        answer(200, &served),
        |a| ap::<M>(a).get_template("ops.title"),
        "GET",
        "/api/v1/provisioning/templates/ops.title",
        None,
        None,
    );
    assert_template(&t, "ops.title");
    lossless(&t, &served);
}

fn create_or_update_template<M: Mode>() {
    let served = served_template("ops.title");
    let body = json!({"template": "{{ define \"ops.title\" }}x{{ end }}", "version": "9c1d"});
    let t = exchange::<M, _>(
        answer(202, &served),
        |a| ap::<M>(a).create_or_update_template("ops.title", &body),
        "PUT",
        "/api/v1/provisioning/templates/ops.title",
        None,
        Some(&body),
    );
    assert_template(&t, "ops.title");
    lossless(&t, &served);
}

fn delete_template<M: Mode>() {
    let out = exchange::<M, _>(
        ResponseTemplate::new(204),
        |a| ap::<M>(a).delete_template("ops.title"),
        "DELETE",
        "/api/v1/provisioning/templates/ops.title",
        None,
        None,
    );
    assert_eq!(out, None);
}

// ---------------------------------------------------------- path parameters

fn path_params<M: Mode>() -> Vec<PathParam<M>> {
    vec![
        PathParam {
            method_name: "get_alertrule",
            param: "alertrule_uid",
            verb: "GET",
            path: |s| format!("{BASE}/alert-rules/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).get_alertrule(v).value()),
        },
        PathParam {
            method_name: "update_alertrule",
            param: "alertrule_uid",
            verb: "PUT",
            path: |s| format!("{BASE}/alert-rules/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).update_alertrule(v, &new_rule()).value()),
        },
        PathParam {
            method_name: "delete_alertrule",
            param: "alertrule_uid",
            verb: "DELETE",
            path: |s| format!("{BASE}/alert-rules/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).delete_alertrule(v).value()),
        },
        PathParam {
            method_name: "get_rule_group (folder)",
            param: "folder_uid",
            verb: "GET",
            path: |s| format!("{BASE}/folder/{s}/rule-groups/cpu"),
            send: |e, a, v| M::send(e, ap::<M>(a).get_rule_group(v, "cpu").value()),
        },
        PathParam {
            method_name: "get_rule_group (group)",
            param: "group_uid",
            verb: "GET",
            path: |s| format!("{BASE}/folder/ops/rule-groups/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).get_rule_group("ops", v).value()),
        },
        PathParam {
            method_name: "update_rule_group (folder)",
            param: "folder_uid",
            verb: "PUT",
            path: |s| format!("{BASE}/folder/{s}/rule-groups/cpu"),
            send: |e, a, v| {
                M::send(
                    e,
                    ap::<M>(a).update_rule_group(v, "cpu", &json!({})).value(),
                )
            },
        },
        PathParam {
            method_name: "update_rule_group (group)",
            param: "group_uid",
            verb: "PUT",
            path: |s| format!("{BASE}/folder/ops/rule-groups/{s}"),
            send: |e, a, v| {
                M::send(
                    e,
                    ap::<M>(a).update_rule_group("ops", v, &json!({})).value(),
                )
            },
        },
        PathParam {
            method_name: "update_contactpoint",
            param: "contactpoint_uid",
            verb: "PUT",
            path: |s| format!("{BASE}/contact-points/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).update_contactpoint(v, &json!({})).value()),
        },
        PathParam {
            method_name: "delete_contactpoint",
            param: "contactpoint_uid",
            verb: "DELETE",
            path: |s| format!("{BASE}/contact-points/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).delete_contactpoint(v).value()),
        },
        PathParam {
            method_name: "get_mute_timing",
            param: "mutetiming_name",
            verb: "GET",
            path: |s| format!("{BASE}/mute-timings/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).get_mute_timing(v).value()),
        },
        PathParam {
            method_name: "update_mute_timing",
            param: "mutetiming_name",
            verb: "PUT",
            path: |s| format!("{BASE}/mute-timings/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).update_mute_timing(v, &json!({})).value()),
        },
        PathParam {
            method_name: "delete_mute_timing",
            param: "mutetiming_name",
            verb: "DELETE",
            path: |s| format!("{BASE}/mute-timings/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).delete_mute_timing(v).value()),
        },
        PathParam {
            method_name: "get_template",
            param: "template_name",
            verb: "GET",
            path: |s| format!("{BASE}/templates/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).get_template(v).value()),
        },
        PathParam {
            method_name: "create_or_update_template",
            param: "template_name",
            verb: "PUT",
            path: |s| format!("{BASE}/templates/{s}"),
            send: |e, a, v| {
                M::send(
                    e,
                    ap::<M>(a)
                        .create_or_update_template(v, &json!({"template": "t"}))
                        .value(),
                )
            },
        },
        PathParam {
            method_name: "delete_template",
            param: "template_name",
            verb: "DELETE",
            path: |s| format!("{BASE}/templates/{s}"),
            send: |e, a, v| M::send(e, ap::<M>(a).delete_template(v).value()),
        },
    ]
}

fn hostile_values_stay_in_one_segment<M: Mode>() {
    check_hostile_params(path_params::<M>(), 15);
}

fn unsafe_values_are_refused_unsent<M: Mode>() {
    check_refused_params(path_params::<M>());
}

/// `disable_provenance(true)` adds `X-Disable-Provenance: true` to each of the
/// eight writes that have the option; without it (or with `false`) no such
/// header is sent.
fn disable_provenance_header<M: Mode>() {
    type Make<A> = fn(&Env, &A, bool) -> Result<Value>;
    fn v<T: Serialize>(r: Result<T>) -> Result<Value> {
        r.map(|t| serde_json::to_value(t).unwrap())
    }
    let env = Env::new();
    env.answer(answer(200, &json!({"message": "ok"})));
    let api = M::build(env.builder()).unwrap();
    let writes: Vec<(&str, Make<M::Api>)> = vec![
        ("create_alertrule", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .create_alertrule(&json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("update_alertrule", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .update_alertrule("u", &json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("update_rule_group", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .update_rule_group("f", "g", &json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("create_contactpoint", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .create_contactpoint(&json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("update_contactpoint", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .update_contactpoint("u", &json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("set_notification_policy_tree", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .set_notification_policy_tree(&json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("create_mute_timing", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .create_mute_timing(&json!({}))
                    .disable_provenance(d),
            ))
        }),
        ("create_or_update_template", |e, a, d| {
            v(M::send(
                e,
                ap::<M>(a)
                    .create_or_update_template("t", &json!({}))
                    .disable_provenance(d),
            ))
        }),
    ];
    for (name, make) in writes {
        for disable in [true, false] {
            env.reset();
            env.answer(answer(200, &json!({"message": "ok"})));
            let _ = make(&env, &api, disable);
            let r = env.only_request(name);
            assert_eq!(
                hdr(&r, "x-disable-provenance").as_deref(),
                disable.then_some("true"),
                "{name} disable_provenance({disable})"
            );
        }
    }
}

wire_common::both!(
    get_alertrules_all,
    get_alertrule,
    create_alertrule,
    create_alertrule_from_a_model,
    update_alertrule,
    delete_alertrule,
    get_rule_group,
    update_rule_group,
    get_contactpoints_without_options,
    get_contactpoints_with_name,
    create_contactpoint,
    update_contactpoint,
    delete_contactpoint,
    get_notification_policy_tree,
    set_notification_policy_tree,
    delete_notification_policy_tree,
    get_mute_timings,
    get_mute_timing,
    create_mute_timing,
    update_mute_timing,
    delete_mute_timing,
    get_templates,
    get_template,
    create_or_update_template,
    delete_template,
    hostile_values_stay_in_one_segment,
    unsafe_values_are_refused_unsent,
    disable_provenance_header,
);
