//! Workflow: the `alerting` element (Ruler API and Prometheus-format rules).
#![allow(deprecated)]

use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(ruler_group_lifecycle, managed_alerts_in_prometheus_format);

fn node(title: &str, uid: Option<&str>) -> serde_json::Value {
    let mut ga = json!({"title": title, "condition": "A", "no_data_state": "OK", "exec_err_state": "Error",
        "data": [{"refId": "A", "datasourceUid": "__expr__", "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}]});
    if let Some(u) = uid {
        ga["uid"] = json!(u);
    }
    json!({"for": "5m", "labels": {"team": "ops"}, "grafana_alert": ga})
}

fn ruler_group_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let a = api.alerting();
    let f = unique("rul");
    api.run(api.folder().create_folder(&format!("Ruler {f}")).uid(&f))
        .unwrap();
    let group = unique("g");

    let msg = api
        .run(a.create_alertrule(
            &f,
            &json!({"name": group, "interval": "1m", "rules": [node("one", None)]}),
        ))
        .unwrap();
    assert_eq!(msg.message, "rule group updated successfully");
    let got = api.run(a.get_alertrule(&f, &group)).unwrap();
    assert_eq!(got.name.as_deref(), Some(group.as_str()));
    assert_eq!(got.interval.as_deref(), Some("1m"));
    let rules = got.rules.unwrap();
    assert_eq!(rules[0]["grafana_alert"]["title"], "one");
    let uid = rules[0]["grafana_alert"]["uid"]
        .as_str()
        .unwrap()
        .to_string();

    let msg = api
        .run(a.update_alertrule(
            &f,
            &json!({"name": group, "interval": "1m", "rules": [node("uno", Some(&uid))]}),
        ))
        .unwrap();
    assert_eq!(msg.message, "rule group updated successfully");
    let got = api.run(a.get_alertrule(&f, &group)).unwrap();
    assert_eq!(got.rules.unwrap()[0]["grafana_alert"]["title"], "uno");
    // A rule without a uid is refused before anything is sent.
    let err = api
        .run(a.update_alertrule(&f, &json!({"name": group, "rules": [node("new", None)]})))
        .unwrap_err();
    assert!(err.status().is_none(), "{err}");

    // The same rule through the provisioning API.
    let p = api
        .run(api.alertingprovisioning().get_alertrule(&uid))
        .unwrap();
    assert_eq!(p.title.as_deref(), Some("uno"));

    let msg = api.run(a.delete_alertrule(&f, &group)).unwrap();
    assert_eq!(msg.message, "rules deleted");
    let err = api.run(a.get_alertrule(&f, &group)).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    api.run(api.folder().delete_folder(&f)).ok();
}

fn managed_alerts_in_prometheus_format<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let rules = api
        .run(api.alerting().get_managedalerts_all().datasource("grafana"))
        .unwrap();
    assert_eq!(rules.status, "success");
    if t.emulator_only("the demo seed's alert rule").is_some() {
        let groups = rules.data.unwrap().groups;
        let demo = groups
            .iter()
            .find(|g| g.name == "demo-group")
            .expect("demo group");
        assert_eq!(demo.file.as_deref(), Some("Demo"));
        assert_eq!(demo.rules[0]["name"], "Demo high value");
        assert_eq!(demo.rules[0]["state"], "inactive");
    }
    // The Python package's default data source does not exist here.
    let err = api.run(api.alerting().get_managedalerts_all()).unwrap_err();
    assert!(err.is_not_found(), "{err}");
}
