//! Emulator tests: alerting provisioning (`/api/v1/provisioning/*`).

use serde_json::{json, Value};

use crate::common::{self, Api, Auth};

const P: &str = "/api/v1/provisioning";

async fn folder(api: &Api, uid: &str) {
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": uid, "title": format!("Folder {uid}")}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

fn rule(folder: &str, group: &str, title: &str) -> Value {
    json!({
        "title": title, "ruleGroup": group, "folderUID": folder, "condition": "A",
        "for": "5m", "noDataState": "OK", "execErrState": "Error",
        "labels": {"team": "ops"}, "annotations": {"summary": "s"},
        "data": [{"refId": "A", "datasourceUid": "__expr__",
                  "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}]
    })
}

async fn put_h(api: &Api, path: &str, body: &Value, h: &[(&str, &str)]) -> common::Resp {
    api.req("PUT", path, &Auth::Admin, Some(body), h).await
}

#[tokio::test]
async fn alert_rule_lifecycle_and_shapes() {
    let api = common::start().await;
    folder(&api, "af1").await;
    let r = api.get(&format!("{P}/alert-rules"), &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!([])));

    let r = api
        .post(
            &format!("{P}/alert-rules"),
            &Auth::Admin,
            &rule("af1", "g1", "High"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let uid = r.json["uid"].as_str().unwrap().to_string();
    assert_eq!(uid.len(), 14);
    assert_eq!(r.json["provenance"], "api");
    assert_eq!(r.json["orgID"], 1);
    assert_eq!(r.json["for"], "5m");
    assert_eq!(r.json["isPaused"], false);
    assert_eq!(r.json["data"][0]["queryType"], "");
    let keys: Vec<&str> = r
        .json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        &keys[..6],
        &["id", "uid", "orgID", "folderUID", "ruleGroup", "title"]
    );

    let r = api
        .get(&format!("{P}/alert-rules/{uid}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["title"], "High");
    assert_eq!(r.json["labels"]["team"], "ops");

    let mut upd = rule("af1", "g1", "Higher");
    upd["isPaused"] = json!(true);
    upd["for"] = json!("1h30m");
    let r = api
        .put(&format!("{P}/alert-rules/{uid}"), &Auth::Admin, &upd)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.json["title"].clone(), r.json["isPaused"].clone()),
        (json!("Higher"), json!(true))
    );
    assert_eq!(r.json["for"], "1h30m");
    assert_eq!(r.json["uid"], uid.as_str());

    let r = api.get(&format!("{P}/alert-rules"), &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);

    let r = api
        .delete(&format!("{P}/alert-rules/{uid}"), &Auth::Admin)
        .await;
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let r = api
        .get(&format!("{P}/alert-rules/{uid}"), &Auth::Admin)
        .await;
    assert_eq!((r.status, r.text.as_str()), (404, ""));
    let r = api
        .put(&format!("{P}/alert-rules/{uid}"), &Auth::Admin, &upd)
        .await;
    assert_eq!((r.status, r.text.as_str()), (404, ""));
    // Deleting an unknown rule is idempotent.
    let r = api
        .delete(&format!("{P}/alert-rules/{uid}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 204);
}

#[tokio::test]
async fn alert_rule_validation_messages() {
    let api = common::start().await;
    folder(&api, "av").await;
    let url = format!("{P}/alert-rules");
    let cases = [
        (rule("", "g", "t"), "invalid alert rule: folderUID must be set"),
        (rule("nope", "g", "t"), "invalid alert rule: folder does not exist"),
        (rule("av", "g", ""), "invalid alert rule: title is empty"),
        ({ let mut r = rule("av", "g", "t"); r["data"] = json!([]); r }, "invalid alert rule: no queries or expressions are found"),
        ({ let mut r = rule("av", "g", "t"); r["noDataState"] = json!("Nope"); r }, "invalid alert rule: unknown NoData state option Nope"),
        ({ let mut r = rule("av", "g", "t"); r["execErrState"] = json!("Bad"); r }, "invalid alert rule: unknown Error state option Bad"),
        ({ let mut r = rule("av", "g", "t"); r["uid"] = json!("a/b"); r }, "invalid alert rule: cannot create rule with UID 'a/b': uid contains illegal characters"),
    ];
    for (body, msg) in cases {
        let r = api.post(&url, &Auth::Admin, &body).await;
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(r.json, json!({"message": msg}));
    }
    let r = api.post_raw(&url, &Auth::Admin, "{\"for\": 5}").await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = api
        .post_raw(&url, &Auth::Admin, "{\"for\": \"5 minutes\"}")
        .await;
    assert_eq!(r.status, 400);
    // Unique title per folder.
    assert_eq!(
        api.post(&url, &Auth::Admin, &rule("av", "g", "dup"))
            .await
            .status,
        201
    );
    let r = api.post(&url, &Auth::Admin, &rule("av", "g2", "dup")).await;
    assert_eq!(r.status, 400);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .starts_with("a conflicting alert rule is found"));
    // A chosen uid, then the same uid again: 409.
    let mut b = rule("av", "g", "mine");
    b["uid"] = json!("my-rule");
    assert_eq!(
        api.post(&url, &Auth::Admin, &b).await.json["uid"],
        "my-rule"
    );
    b["title"] = json!("other");
    let r = api.post(&url, &Auth::Admin, &b).await;
    assert_eq!(
        (r.status, r.json["messageId"].clone()),
        (409, json!("alerting.alert-rule.conflict"))
    );
    // Anonymous callers are refused.
    assert_eq!(api.get(&url, &Auth::None).await.status, 401);
}

#[tokio::test]
async fn provenance_rules_of_alert_rules() {
    let api = common::start().await;
    folder(&api, "pv").await;
    let url = format!("{P}/alert-rules");
    let dis = [("X-Disable-Provenance", "true")];
    let r = api
        .req(
            "POST",
            &url,
            &Auth::Admin,
            Some(&rule("pv", "g", "free")),
            &dis,
        )
        .await;
    assert_eq!(r.status, 201);
    assert!(r.json.get("provenance").is_none(), "{}", r.json);
    let free = r.json["uid"].as_str().unwrap().to_string();
    // A rule without provenance may be taken over by the API.
    let r = put_h(
        &api,
        &format!("{url}/{free}"),
        &rule("pv", "g", "free"),
        &[],
    )
    .await;
    assert_eq!(
        (r.status, r.json["provenance"].clone()),
        (200, json!("api"))
    );

    let r = api
        .post(&url, &Auth::Admin, &rule("pv", "g", "owned"))
        .await;
    let owned = r.json["uid"].as_str().unwrap().to_string();
    let r = put_h(
        &api,
        &format!("{url}/{owned}"),
        &rule("pv", "g", "owned"),
        &dis,
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (500, json!({"message": "Internal Server Error"}))
    );
    let r = api
        .req(
            "DELETE",
            &format!("{url}/{owned}"),
            &Auth::Admin,
            None,
            &dis,
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json["message"],
        "cannot delete with provided provenance '', needs 'api'"
    );
    assert_eq!(r.json["messageId"], "alerting.provenanceMismatch");
    assert_eq!(r.json["statusCode"], 409);
    // A group write without provenance may change `api` rules.
    let r = put_h(
        &api,
        &format!("{P}/folder/pv/rule-groups/g"),
        &json!({"interval": 120, "rules": [rule("pv", "g", "owned")]}),
        &dis,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn rule_groups_replace_and_errors() {
    let api = common::start().await;
    folder(&api, "rg").await;
    let url = format!("{P}/alert-rules");
    let a = api
        .post(&url, &Auth::Admin, &rule("rg", "grp", "A"))
        .await
        .json;
    api.post(&url, &Auth::Admin, &rule("rg", "grp", "B")).await;
    let g = format!("{P}/folder/rg/rule-groups/grp");
    let r = api.get(&g, &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["title"], "grp");
    assert_eq!(r.json["folderUid"], "rg");
    assert_eq!(r.json["interval"], 60);
    assert_eq!(r.json["rules"].as_array().unwrap().len(), 2);

    // Keep A (by uid), drop B, add C; interval 30 s.
    let mut keep = rule("rg", "grp", "A");
    keep["uid"] = a["uid"].clone();
    let r = api
        .put(
            &g,
            &Auth::Admin,
            &json!({"interval": 30, "rules": [keep, rule("rg", "grp", "C")]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.json["title"].clone(), r.json["interval"].clone()),
        (json!("grp"), json!(30))
    );
    let r = api.get(&g, &Auth::Admin).await;
    let titles: Vec<&str> = r.json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["A", "C"]);
    assert_eq!(r.json["rules"][0]["uid"], a["uid"]);
    assert_eq!(r.json["interval"], 30);

    // Interval only: the rules stay.
    let r = api.put(&g, &Auth::Admin, &json!({"interval": 120})).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        api.get(&g, &Auth::Admin).await.json["rules"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let r = api.put(&g, &Auth::Admin, &json!({"interval": 15})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "invalid alert rule: interval (15s) should be non-zero and divided exactly by scheduler interval: 10"
    );
    let r = api
        .put(
            &format!("{P}/folder/missing/rule-groups/x"),
            &Auth::Admin,
            &json!({"interval": 60, "rules": []}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].clone()),
        (400, json!("invalid alert rule: folder does not exist"))
    );

    let missing = api
        .get(&format!("{P}/folder/rg/rule-groups/none"), &Auth::Admin)
        .await;
    assert_eq!(
        (missing.status, missing.json.clone()),
        (
            404,
            json!({"message": "Not found", "messageId": "alerting.alert-rule.notFound", "statusCode": 404})
        )
    );
    let r = api.delete(&g, &Auth::Admin).await;
    assert_eq!(r.status, 204);
    assert_eq!(api.get(&g, &Auth::Admin).await.status, 404);
    assert_eq!(api.delete(&g, &Auth::Admin).await.status, 404);
}

#[tokio::test]
async fn exports_in_json_and_yaml() {
    let api = common::start().await;
    folder(&api, "ex").await;
    let created = api
        .post(
            &format!("{P}/alert-rules"),
            &Auth::Admin,
            &rule("ex", "eg", "Exp"),
        )
        .await
        .json;
    let uid = created["uid"].as_str().unwrap();

    let r = api
        .get(&format!("{P}/alert-rules/export?format=json"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["apiVersion"], 1);
    let g = &r.json["groups"][0];
    assert_eq!(
        (g["orgId"].clone(), g["name"].clone(), g["folder"].clone()),
        (json!(1), json!("eg"), json!("Folder ex"))
    );
    assert_eq!(g["interval"], "1m");
    assert_eq!(g["rules"][0]["uid"], uid);
    assert_eq!(g["rules"][0]["for"], "5m");
    assert!(g["rules"][0].get("queryType").is_none());

    let r = api
        .get(&format!("{P}/alert-rules/{uid}/export"), &Auth::Admin)
        .await;
    assert_eq!(r.header("content-type").as_deref(), Some("text/yaml"));
    assert!(
        r.text
            .starts_with("apiVersion: 1\ngroups:\n  - orgId: 1\n    name: eg\n"),
        "{}",
        r.text
    );
    assert!(r.text.contains(&format!("uid: {uid}")));

    let r = api
        .get(
            &format!("{P}/folder/ex/rule-groups/eg/export?download=true&format=yaml"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/yaml")
    );
    assert_eq!(
        r.header("content-disposition").as_deref(),
        Some("attachment;filename=\"export.yaml\"")
    );
    let r = api
        .req(
            "GET",
            &format!("{P}/alert-rules/export"),
            &Auth::Admin,
            None,
            &[("Accept", "application/json")],
        )
        .await;
    assert_eq!(r.json["groups"][0]["name"], "eg");

    let r = api
        .get(
            &format!("{P}/alert-rules/export?ruleUid={uid}&group=eg"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        r.json["message"],
        "group and folder should not be specified when a single rule is requested"
    );
    let r = api
        .get(&format!("{P}/alert-rules/export?group=eg"), &Auth::Admin)
        .await;
    assert_eq!(
        r.json["message"],
        "group name must be specified together with a single folder_uid parameter. Got 0"
    );
    let r = api
        .get(
            &format!("{P}/alert-rules/export?folderUid=other"),
            &Auth::Admin,
        )
        .await;
    assert_eq!((r.status, r.text.as_str()), (404, ""));
    let r = api
        .get(&format!("{P}/alert-rules/nope/export"), &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json["message"].clone()),
        (404, json!("could not find alert rule"))
    );

    let r = api
        .get(
            &format!("{P}/contact-points/export?format=json"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["contactPoints"][0]["name"], "grafana-default-email");
    assert_eq!(r.json["contactPoints"][0]["receivers"][0]["type"], "email");
    let r = api
        .get(&format!("{P}/policies/export?format=json"), &Auth::Admin)
        .await;
    assert_eq!(r.json["policies"][0]["orgId"], 1);
    assert_eq!(r.json["policies"][0]["receiver"], "grafana-default-email");
    let r = api
        .get(
            &format!("{P}/mute-timings/export?format=json"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["muteTimes"], json!(null));
}

#[tokio::test]
async fn contact_points_lifecycle() {
    let api = common::start().await;
    let url = format!("{P}/contact-points");
    let r = api.get(&url, &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["name"], "grafana-default-email");
    assert_eq!(r.json[0]["settings"]["addresses"], "<example@email.com>");

    let body = json!({"name": "ops", "type": "slack", "settings": {"url": "https://hooks.example/x", "recipient": "#ops"}});
    let r = api.post(&url, &Auth::Admin, &body).await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.json["settings"]["url"], "[REDACTED]");
    assert_eq!(r.json["provenance"], "api");
    let uid = r.json["uid"].as_str().unwrap().to_string();
    let r = api.get(&format!("{url}?name=ops"), &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["uid"], uid.as_str());

    let upd = json!({"name": "ops", "type": "slack", "settings": {"url": "[REDACTED]", "recipient": "#ops2"}});
    let r = api.put(&format!("{url}/{uid}"), &Auth::Admin, &upd).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (202, json!({"message": "contactpoint updated"}))
    );
    let r = api
        .get(
            &format!("{url}/export?format=json&decrypt=true&name=ops"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        r.json["contactPoints"][0]["receivers"][0]["settings"]["url"],
        "https://hooks.example/x"
    );
    let r = api
        .req(
            "PUT",
            &format!("{url}/{uid}"),
            &Auth::Admin,
            Some(&upd),
            &[("X-Disable-Provenance", "1")],
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            500,
            json!({"message": "cannot change provenance from 'api' to ''"})
        )
    );
    let r = api.put(&format!("{url}/nope"), &Auth::Admin, &upd).await;
    assert_eq!(
        (r.status, r.json["message"].clone()),
        (
            404,
            json!("object not found: contact point with uid 'nope' not found")
        )
    );

    for (b, msg) in [
        (
            json!({"name": "x", "settings": {}}),
            "invalid object specification: type should not be an empty string",
        ),
        (
            json!({"name": "x", "type": "email"}),
            "invalid object specification: settings should not be empty",
        ),
        (
            json!({"name": "x", "type": "carrier-pigeon", "settings": {}}),
            "invalid object specification: unknown type 'carrier-pigeon'",
        ),
        (
            json!({"name": "x", "type": "email", "settings": {}}),
            "invalid object specification: could not find addresses in settings",
        ),
    ] {
        let r = api.post(&url, &Auth::Admin, &b).await;
        assert_eq!((r.status, r.json.clone()), (400, json!({"message": msg})));
    }

    // Referenced by the policy tree: 409.
    let r = api
        .put(
            &format!("{P}/policies"),
            &Auth::Admin,
            &json!({"receiver": "ops"}),
        )
        .await;
    assert_eq!(r.status, 202);
    let r = api.delete(&format!("{url}/{uid}"), &Auth::Admin).await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json["messageId"],
        "alerting.notifications.contact-points.referenced"
    );
    api.delete(&format!("{P}/policies"), &Auth::Admin).await;
    let r = api.delete(&format!("{url}/{uid}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (202, json!({"message": "contactpoint deleted"}))
    );
    assert_eq!(
        api.get(&format!("{url}?name=ops"), &Auth::Admin).await.json,
        json!([])
    );
}

#[tokio::test]
async fn policies_update_reset_and_validation() {
    let api = common::start().await;
    let url = format!("{P}/policies");
    let r = api.get(&url, &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"receiver": "grafana-default-email", "group_by": ["grafana_folder", "alertname"]})
    );
    let tree = json!({"receiver": "grafana-default-email", "group_by": ["alertname"],
        "routes": [{"receiver": "grafana-default-email", "object_matchers": [["team", "=", "ops"]]}]});
    let r = api.put(&url, &Auth::Admin, &tree).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (202, json!({"message": "policies updated"}))
    );
    let r = api.get(&url, &Auth::Admin).await;
    assert_eq!(r.json["provenance"], "api");
    assert_eq!(r.json["routes"][0]["object_matchers"][0][0], "team");

    // api → none is refused (relaxed provenance validation).
    let r = api
        .req(
            "PUT",
            &url,
            &Auth::Admin,
            Some(&tree),
            &[("X-Disable-Provenance", "true")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json["messageId"],
        "alerting.notifications.invalidProvenance"
    );
    assert_eq!(
        r.json["message"],
        "Resource with provenance status 'api' cannot be managed via API that handles resources with provenance status 'none'. You must use appropriate API to manage this resource"
    );

    let r = api
        .put(&url, &Auth::Admin, &json!({"receiver": "ghost"}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Invalid format of the submitted route: receiver 'ghost' does not exist. Correct the payload and try again.");
    assert_eq!(
        r.json["messageId"],
        "alerting.notifications.routes.invalidFormat"
    );
    let r = api.put(&url, &Auth::Admin, &json!({})).await;
    assert_eq!(
        r.json["extra"]["Error"],
        "root route must specify a default receiver"
    );

    let r = api.delete(&url, &Auth::Admin).await;
    assert_eq!(r.status, 202);
    assert_eq!(
        r.json,
        json!({"receiver": "grafana-default-email", "group_by": ["grafana_folder", "alertname"]})
    );
    assert!(api
        .get(&url, &Auth::Admin)
        .await
        .json
        .get("provenance")
        .is_none());
}

#[tokio::test]
async fn mute_timings_lifecycle() {
    let api = common::start().await;
    let url = format!("{P}/mute-timings");
    assert_eq!(api.get(&url, &Auth::Admin).await.json, json!([]));
    let body =
        json!({"name": "weekends", "time_intervals": [{"weekdays": ["saturday", "sunday"]}]});
    let r = api.post(&url, &Auth::Admin, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["name"], "weekends");
    assert_eq!(r.json["provenance"], "api");
    assert_eq!(r.json["version"].as_str().unwrap().len(), 16);
    let r = api.post(&url, &Auth::Admin, &body).await;
    assert_eq!(
        (r.status, r.json["messageId"].clone()),
        (
            400,
            json!("alerting.notifications.time-intervals.nameExists")
        )
    );
    let r = api
        .post(&url, &Auth::Admin, &json!({"time_intervals": []}))
        .await;
    assert_eq!(
        r.json["message"],
        "Time interval is in invalid format. Correct the payload and try again."
    );
    let r = api.post(&url, &Auth::Admin, &json!({"name": "bad", "time_intervals": [{"times": [{"start_time": "9am", "end_time": "10:00"}]}]})).await;
    assert_eq!(r.status, 400);

    let r = api.get(&format!("{url}/weekends"), &Auth::Admin).await;
    assert_eq!(r.json["time_intervals"][0]["weekdays"][1], "sunday");
    let r = api.get(&format!("{url}/nope"), &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"message": "Not found", "messageId": "alerting.notifications.time-intervals.notFound", "statusCode": 404})
    );

    let upd = json!({"time_intervals": [{"weekdays": ["saturday"]}]});
    let r = api
        .put(&format!("{url}/weekends"), &Auth::Admin, &upd)
        .await;
    assert_eq!((r.status, r.json["name"].clone()), (202, json!("weekends")));
    let r = api
        .put(
            &format!("{url}/weekends"),
            &Auth::Admin,
            &json!({"time_intervals": [], "version": "0000000000000000"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["messageId"].clone()),
        (409, json!("alerting.notifications.conflict"))
    );
    let r = api.put(&format!("{url}/nope"), &Auth::Admin, &upd).await;
    assert_eq!(r.status, 404);
    let r = api
        .req(
            "PUT",
            &format!("{url}/weekends"),
            &Auth::Admin,
            Some(&upd),
            &[("X-Disable-Provenance", "")],
        )
        .await;
    assert_eq!(r.status, 403);

    let r = api
        .get(&format!("{url}/weekends/export?format=json"), &Auth::Admin)
        .await;
    assert_eq!(r.json["muteTimes"][0]["name"], "weekends");
    assert_eq!(
        api.get(&format!("{url}/nope/export"), &Auth::Admin)
            .await
            .status,
        404
    );

    // Used by a route: 409.
    api.put(
        &format!("{P}/policies"),
        &Auth::Admin,
        &json!({"receiver": "grafana-default-email",
        "routes": [{"receiver": "grafana-default-email", "mute_time_intervals": ["weekends"]}]}),
    )
    .await;
    let r = api.delete(&format!("{url}/weekends"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["messageId"].clone()),
        (409, json!("alerting.notifications.time-intervals.used"))
    );
    api.delete(&format!("{P}/policies"), &Auth::Admin).await;
    let r = api.delete(&format!("{url}/weekends"), &Auth::Admin).await;
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    assert_eq!(
        api.delete(&format!("{url}/weekends"), &Auth::Admin)
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn templates_lifecycle() {
    let api = common::start().await;
    let url = format!("{P}/templates");
    assert_eq!(api.get(&url, &Auth::Admin).await.json, json!([]));
    let r = api
        .put(
            &format!("{url}/greeting"),
            &Auth::Admin,
            &json!({"template": "Hello {{ .Status }}"}),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.json["name"], "greeting");
    assert_eq!(
        r.json["template"],
        "{{ define \"greeting\" }}\n  Hello {{ .Status }}\n{{ end }}"
    );
    assert_eq!(r.json["provenance"], "api");
    let def = "{{ define \"x\" }}X{{ end }}";
    let r = api
        .put(
            &format!("{url}/greeting"),
            &Auth::Admin,
            &json!({"template": def}),
        )
        .await;
    assert_eq!(r.json["template"], def);
    let r = api.get(&format!("{url}/greeting"), &Auth::Admin).await;
    assert_eq!((r.status, r.json["template"].clone()), (200, json!(def)));
    assert_eq!(
        api.get(&url, &Auth::Admin)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let r = api
        .put(
            &format!("{url}/empty"),
            &Auth::Admin,
            &json!({"template": ""}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["messageId"],
        "alerting.notifications.templates.invalidFormat"
    );
    assert_eq!(r.json["extra"]["Error"], "template must have content");
    let r = api
        .put(
            &format!("{url}/greeting"),
            &Auth::Admin,
            &json!({"template": def, "version": "stale"}),
        )
        .await;
    assert_eq!(r.status, 409);
    let r = api
        .req(
            "DELETE",
            &format!("{url}/greeting"),
            &Auth::Admin,
            None,
            &[("X-Disable-Provenance", "true")],
        )
        .await;
    assert_eq!(r.status, 403);

    let r = api.get(&format!("{url}/nope"), &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"message": "Not found", "messageId": "alerting.notifications.templates.notFound", "statusCode": 404})
    );
    assert_eq!(
        api.delete(&format!("{url}/greeting"), &Auth::Admin)
            .await
            .status,
        204
    );
    assert_eq!(
        api.get(&format!("{url}/greeting"), &Auth::Admin)
            .await
            .status,
        404
    );
    assert_eq!(
        api.delete(&format!("{url}/greeting"), &Auth::Admin)
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn demo_seed_has_rule_contact_point_and_policy() {
    let api = common::start_demo().await;
    let r = api
        .get(&format!("{P}/alert-rules/demo-rule"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["folderUID"], "demo-folder");
    assert_eq!(r.json["ruleGroup"], "demo-group");
    assert_eq!(r.json["condition"], "B");
    assert_eq!(r.json["data"][0]["datasourceUid"], "testdata");
    assert_eq!(r.json["data"][1]["model"]["type"], "threshold");
    let r = api
        .get(
            &format!("{P}/contact-points?name=Demo%20email"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json[0]["type"], "email");
    let r = api.get(&format!("{P}/policies"), &Auth::Admin).await;
    assert_eq!(r.json["receiver"], "Demo email");
    // The demo contact point is in use by the policy.
    let r = api
        .delete(&format!("{P}/contact-points/demo-email"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 409);
}
