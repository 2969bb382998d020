//! Workflow: the `alertingprovisioning` element (alert rules, rule groups,
//! contact points, the policy tree, mute timings, templates), with
//! Grafana's provenance rules.

use grafana_client::models::ProvisionedAlertRule;
use serde_json::{json, Value};

use crate::support::{unique, Drive, Target};

both_clients!(
    alert_rules_and_groups_lifecycle,
    provenance_and_disable_provenance,
    contact_points_and_policy_tree,
    mute_timings_and_templates,
);

fn rule(folder: &str, group: &str, title: &str) -> Value {
    json!({
        "title": title, "ruleGroup": group, "folderUID": folder, "condition": "A",
        "for": "5m", "noDataState": "OK", "execErrState": "Error", "labels": {"team": "ops"},
        "data": [{"refId": "A", "datasourceUid": "__expr__",
                  "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}]
    })
}

fn folder<C: Drive>(api: &C) -> String {
    let uid = unique("apf");
    api.run(
        api.folder()
            .create_folder(&format!("Alerting {uid}"))
            .uid(&uid),
    )
    .expect("folder created");
    uid
}

fn alert_rules_and_groups_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let p = api.alertingprovisioning();
    let f = folder(&api);
    let group = unique("grp");

    let created = api
        .run(p.create_alertrule(&rule(&f, &group, "High load")))
        .unwrap();
    let uid = created.uid.clone().expect("a uid");
    assert_eq!(created.provenance.as_deref(), Some("api"));
    assert_eq!(created.folder_uid.as_deref(), Some(f.as_str()));
    assert_eq!(created.for_.as_deref(), Some("5m"));

    let mut fetched: ProvisionedAlertRule = api.run(p.get_alertrule(&uid)).unwrap();
    assert_eq!(fetched.title.as_deref(), Some("High load"));
    assert_eq!(fetched.labels.as_ref().unwrap()["team"], "ops");
    assert!(api
        .run(p.get_alertrules_all())
        .unwrap()
        .iter()
        .any(|r| r.uid.as_deref() == Some(uid.as_str())));

    fetched.is_paused = Some(true);
    fetched.title = Some("Higher load".into());
    let updated = api.run(p.update_alertrule(&uid, &fetched)).unwrap();
    assert_eq!(updated.is_paused, Some(true));
    assert_eq!(updated.title.as_deref(), Some("Higher load"));

    let second = api
        .run(p.create_alertrule(&rule(&f, &group, "Second")))
        .unwrap();
    let g = api.run(p.get_rule_group(&f, &group)).unwrap();
    assert_eq!(g.title.as_deref(), Some(group.as_str()));
    assert_eq!(g.interval, Some(60));
    assert_eq!(g.rules.as_ref().unwrap().len(), 2);

    // Replace the group: keep the first rule, drop the second, 2 minutes.
    let mut keep = rule(&f, &group, "Higher load");
    keep["uid"] = json!(uid);
    let replaced = api
        .run(p.update_rule_group(&f, &group, &json!({"interval": 120, "rules": [keep]})))
        .unwrap();
    assert_eq!(replaced.interval, Some(120));
    let g = api.run(p.get_rule_group(&f, &group)).unwrap();
    assert_eq!(g.rules.as_ref().unwrap().len(), 1);
    let err = api
        .run(p.get_alertrule(second.uid.as_deref().unwrap()))
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");

    // Grafana's validation messages.
    let err = api
        .run(p.create_alertrule(&rule("no-such-folder-xyz", &group, "x")))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.api().and_then(|a| a.message.as_deref()),
        Some("invalid alert rule: folder does not exist")
    );
    let err = api
        .run(p.update_rule_group(&f, &group, &json!({"interval": 15})))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));

    assert_eq!(api.run(p.delete_alertrule(&uid)).unwrap(), None);
    assert!(api.run(p.get_alertrule(&uid)).unwrap_err().is_not_found());
    assert!(api
        .run(p.get_rule_group(&f, &group))
        .unwrap_err()
        .is_not_found());
    api.run(api.folder().delete_folder(&f)).ok();
}

fn provenance_and_disable_provenance<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let p = api.alertingprovisioning();
    let f = folder(&api);
    let group = unique("prov");

    // Without provenance: editable in the UI, and updatable either way.
    let free = api
        .run(
            p.create_alertrule(&rule(&f, &group, "Free"))
                .disable_provenance(true),
        )
        .unwrap();
    assert_eq!(free.provenance, None);
    let free_uid = free.uid.clone().unwrap();
    let again = api
        .run(
            p.update_alertrule(&free_uid, &rule(&f, &group, "Free"))
                .disable_provenance(true),
        )
        .unwrap();
    assert_eq!(again.provenance, None);

    // Provenance `api`: an update without provenance is refused (Grafana's
    // plain error, a 500), and so is a delete (409, provenance mismatch).
    let owned = api
        .run(p.create_alertrule(&rule(&f, &group, "Owned")))
        .unwrap();
    let owned_uid = owned.uid.clone().unwrap();
    let err = api
        .run(
            p.update_alertrule(&owned_uid, &rule(&f, &group, "Owned"))
                .disable_provenance(true),
        )
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err}");
    let still = api.run(p.get_alertrule(&owned_uid)).unwrap();
    assert_eq!(still.provenance.as_deref(), Some("api"));

    // A group write without provenance may change `api` rules.
    let mut keep = rule(&f, &group, "Owned");
    keep["uid"] = json!(owned_uid);
    let mut keep_free = rule(&f, &group, "Free");
    keep_free["uid"] = json!(free_uid);
    api.run(
        p.update_rule_group(
            &f,
            &group,
            &json!({"interval": 60, "rules": [keep, keep_free]}),
        )
        .disable_provenance(true),
    )
    .unwrap();
    assert_eq!(
        api.run(p.get_alertrule(&owned_uid)).unwrap().provenance,
        None
    );

    // Templates: `api` → none is refused with Grafana's 403.
    let name = unique("tpl");
    api.run(
        p.create_or_update_template(&name, &json!({"template": "{{ define \"x\" }}x{{ end }}"})),
    )
    .unwrap();
    let err = api
        .run(
            p.create_or_update_template(
                &name,
                &json!({"template": "{{ define \"x\" }}y{{ end }}"}),
            )
            .disable_provenance(true),
        )
        .unwrap_err();
    assert!(err.is_forbidden(), "{err}");
    assert_eq!(
        err.api().and_then(|a| a.message_id.as_deref()),
        Some("alerting.notifications.invalidProvenance")
    );
    api.run(p.delete_template(&name)).unwrap();
    api.run(p.delete_alertrule(&owned_uid)).unwrap();
    api.run(p.delete_alertrule(&free_uid)).unwrap();
    api.run(api.folder().delete_folder(&f)).ok();
}

fn contact_points_and_policy_tree<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let p = api.alertingprovisioning();
    let name = unique("cp");

    let cp = api
        .run(p.create_contactpoint(&json!({
            "name": name, "type": "slack",
            "settings": {"url": "https://hooks.example/services/x", "recipient": "#ops"}
        })))
        .unwrap();
    let uid = cp.uid.clone().unwrap();
    assert_eq!(cp.settings.as_ref().unwrap()["url"], "[REDACTED]");
    assert_eq!(cp.provenance.as_deref(), Some("api"));
    let listed = api.run(p.get_contactpoints().name(&name)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind.as_deref(), Some("slack"));
    assert!(!api.run(p.get_contactpoints()).unwrap().is_empty());

    let msg = api
        .run(p.update_contactpoint(
            &uid,
            &json!({
                "name": name, "type": "slack",
                "settings": {"url": "[REDACTED]", "recipient": "#ops-2"}
            }),
        ))
        .unwrap();
    assert_eq!(msg.message, "contactpoint updated");
    let err = api
        .run(p.create_contactpoint(&json!({"name": name, "type": "email", "settings": {}})))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));

    // The policy tree routes to it; the contact point is then in use.
    let before = api.run(p.get_notification_policy_tree()).unwrap();
    let tree = json!({"receiver": name, "group_by": ["alertname"],
        "routes": [{"receiver": name, "object_matchers": [["team", "=", "ops"]]}]});
    let msg = api.run(p.set_notification_policy_tree(&tree)).unwrap();
    assert_eq!(msg.message, "policies updated");
    let now = api.run(p.get_notification_policy_tree()).unwrap();
    assert_eq!(now.receiver.as_deref(), Some(name.as_str()));
    assert_eq!(now.routes.as_ref().unwrap().len(), 1);
    assert_eq!(now.provenance.as_deref(), Some("api"));
    let err = api.run(p.delete_contactpoint(&uid)).unwrap_err();
    assert!(err.is_conflict(), "{err}");
    let err = api
        .run(p.set_notification_policy_tree(&json!({"receiver": unique("ghost")})))
        .unwrap_err();
    assert_eq!(
        err.api().and_then(|a| a.message_id.as_deref()),
        Some("alerting.notifications.routes.invalidFormat")
    );

    // Reset, then the contact point can go.
    let reset = api.run(p.delete_notification_policy_tree()).unwrap();
    assert!(reset.receiver.is_some());
    assert_ne!(reset.receiver.as_deref(), Some(name.as_str()));
    let deleted = api.run(p.delete_contactpoint(&uid)).unwrap();
    assert_eq!(
        deleted.map(|m| m.message).as_deref(),
        Some("contactpoint deleted")
    );
    assert!(api
        .run(p.get_contactpoints().name(&name))
        .unwrap()
        .is_empty());
    if let Some(receiver) = before.receiver.clone() {
        if receiver != reset.receiver.unwrap_or_default() {
            // Put the original tree back on a real server.
            let mut tree = serde_json::to_value(&before).unwrap();
            tree["receiver"] = json!(receiver);
            api.run(p.set_notification_policy_tree(&tree)).ok();
        }
    }
}

fn mute_timings_and_templates<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let p = api.alertingprovisioning();
    let name = unique("mt");

    let created = api
        .run(p.create_mute_timing(
            &json!({"name": name, "time_intervals": [{"weekdays": ["saturday", "sunday"]}]}),
        ))
        .unwrap();
    assert_eq!(created.name.as_deref(), Some(name.as_str()));
    assert_eq!(created.provenance.as_deref(), Some("api"));
    let fetched = api.run(p.get_mute_timing(&name)).unwrap();
    assert_eq!(
        fetched.time_intervals.as_ref().unwrap()[0]["weekdays"][0],
        "saturday"
    );
    assert!(api
        .run(p.get_mute_timings())
        .unwrap()
        .iter()
        .any(|m| m.name.as_deref() == Some(name.as_str())));
    let updated = api
        .run(p.update_mute_timing(
            &name,
            &json!({"name": name, "time_intervals": [{"weekdays": ["monday"]}]}),
        ))
        .unwrap();
    assert_eq!(updated.time_intervals.unwrap()[0]["weekdays"][0], "monday");
    let err = api
        .run(p.create_mute_timing(&json!({"name": name, "time_intervals": []})))
        .unwrap_err();
    assert_eq!(
        err.api().and_then(|a| a.message_id.as_deref()),
        Some("alerting.notifications.time-intervals.nameExists")
    );
    assert_eq!(api.run(p.delete_mute_timing(&name)).unwrap(), None);
    let err = api.run(p.get_mute_timing(&name)).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.api().and_then(|a| a.message_id.as_deref()),
        Some("alerting.notifications.time-intervals.notFound")
    );

    let tname = unique("tpl");
    let tpl = api
        .run(p.create_or_update_template(&tname, &json!({"template": "Hello {{ .Status }}"})))
        .unwrap();
    assert_eq!(
        tpl.template.as_deref(),
        Some(
            format!("{{{{ define \"{tname}\" }}}}\n  Hello {{{{ .Status }}}}\n{{{{ end }}}}")
                .as_str()
        )
    );
    let got = api.run(p.get_template(&tname)).unwrap();
    assert_eq!(got.name.as_deref(), Some(tname.as_str()));
    assert!(api
        .run(p.get_templates())
        .unwrap()
        .iter()
        .any(|x| x.name.as_deref() == Some(tname.as_str())));
    assert_eq!(api.run(p.delete_template(&tname)).unwrap(), None);
    let err = api.run(p.get_template(&tname)).unwrap_err();
    assert!(err.is_not_found());
}
