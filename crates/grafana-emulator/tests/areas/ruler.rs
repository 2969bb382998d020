//! Emulator tests: the Ruler and Prometheus-rules routes.

use serde_json::{json, Value};

use crate::common::{self, Auth};

const R: &str = "/api/ruler/grafana/api/v1/rules";

fn group(name: &str, rules: Vec<Value>) -> Value {
    json!({"name": name, "interval": "1m", "rules": rules})
}

fn node(title: &str, uid: Option<&str>) -> Value {
    let mut ga = json!({"title": title, "condition": "A", "no_data_state": "OK", "exec_err_state": "Error",
        "data": [{"refId": "A", "datasourceUid": "__expr__", "relativeTimeRange": {"from": 0, "to": 0},
                  "model": {"type": "math", "expression": "1 == 1"}}]});
    if let Some(u) = uid {
        ga["uid"] = json!(u);
    }
    json!({"for": "5m", "labels": {"sev": "high"}, "grafana_alert": ga})
}

#[tokio::test]
async fn ruler_group_lifecycle() {
    let api = common::start().await;
    let f = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "rf", "title": "Ruler F"}),
        )
        .await;
    assert_eq!(f.status, 200);
    assert_eq!(api.get(R, &Auth::Admin).await.json, json!({}));

    let r = api
        .post(
            &format!("{R}/rf"),
            &Auth::Admin,
            &group("g1", vec![node("one", None), node("two", None)]),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.text);
    assert_eq!(r.json["message"], "rule group updated successfully");
    assert_eq!(r.json["created"].as_array().unwrap().len(), 2);

    let r = api.get(&format!("{R}/rf/g1"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        (r.json["name"].clone(), r.json["interval"].clone()),
        (json!("g1"), json!("1m"))
    );
    let ga = &r.json["rules"][0]["grafana_alert"];
    assert_eq!(
        (
            ga["title"].clone(),
            ga["namespace_uid"].clone(),
            ga["rule_group"].clone()
        ),
        (json!("one"), json!("rf"), json!("g1"))
    );
    assert_eq!(ga["intervalSeconds"], 60);
    assert_eq!(r.json["rules"][0]["for"], "5m");
    let uid_one = ga["uid"].as_str().unwrap().to_string();

    let r = api.get(R, &Auth::Admin).await;
    assert_eq!(r.json["Ruler F"][0]["name"], "g1");
    let r = api.get(&format!("{R}/rf"), &Auth::Admin).await;
    assert_eq!(r.json["Ruler F"][0]["rules"].as_array().unwrap().len(), 2);

    // The same rules again: no changes.
    let r = api.get(&format!("{R}/rf/g1"), &Auth::Admin).await;
    let uid_two = r.json["rules"][1]["grafana_alert"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let same = group(
        "g1",
        vec![node("one", Some(&uid_one)), node("two", Some(&uid_two))],
    );
    let r = api.post(&format!("{R}/rf"), &Auth::Admin, &same).await;
    assert_eq!(
        r.json,
        json!({"message": "no changes detected in the rule group"})
    );
    // Update one, drop the other.
    let r = api
        .post(
            &format!("{R}/rf"),
            &Auth::Admin,
            &group("g1", vec![node("uno", Some(&uid_one))]),
        )
        .await;
    assert_eq!(r.json["updated"], json!([uid_one]));
    assert_eq!(r.json["deleted"], json!([uid_two]));
    // The same rule through the provisioning API.
    let p = api
        .get(
            &format!("/api/v1/provisioning/alert-rules/{uid_one}"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(p.json["title"], "uno");

    let r = api
        .post(
            &format!("{R}/rf"),
            &Auth::Admin,
            &group("g1", vec![node("x", Some("ghost"))]),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .post(&format!("{R}/missing"), &Auth::Admin, &group("g1", vec![]))
        .await;
    assert_eq!(
        (r.status, r.json["message"].clone()),
        (404, json!("folder not found"))
    );
    let r = api
        .post(&format!("{R}/rf"), &Auth::Admin, &group("", vec![]))
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            &format!("{R}/rf"),
            &Auth::Admin,
            &json!({"name": "g", "rules": [{"expr": "up"}]}),
        )
        .await;
    assert_eq!(
        r.json["message"],
        "invalid rule specification at index [0]: not Grafana managed alert rule"
    );

    let r = api.delete(&format!("{R}/rf/g1"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (202, json!({"message": "rules deleted"}))
    );
    let r = api.get(&format!("{R}/rf/g1"), &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        api.delete(&format!("{R}/rf/g1"), &Auth::Admin).await.status,
        404
    );
    assert_eq!(
        api.delete(&format!("{R}/rf"), &Auth::Admin).await.status,
        202
    );
    assert_eq!(api.get(R, &Auth::None).await.status, 401);
}

#[tokio::test]
async fn prometheus_rules_of_the_demo() {
    let api = common::start_demo().await;
    let r = api
        .get("/api/prometheus/grafana/api/v1/rules", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["status"], "success");
    let g = &r.json["data"]["groups"][0];
    assert_eq!(
        (g["name"].clone(), g["file"].clone(), g["folderUid"].clone()),
        (json!("demo-group"), json!("Demo"), json!("demo-folder"))
    );
    assert_eq!(g["rules"][0]["name"], "Demo high value");
    assert_eq!(g["rules"][0]["state"], "inactive");
    assert_eq!(g["rules"][0]["health"], "ok");
    assert_eq!(g["rules"][0]["duration"], 300);
    let r = api
        .get(
            "/api/prometheus/grafana/api/v1/rules?rule_group=other",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["data"]["groups"], json!([]));
    let r = api
        .get(
            "/api/prometheus/grafanacloud-prom/api/v1/rules",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .get(&format!("{R}/demo-folder/demo-group"), &Auth::Admin)
        .await;
    assert_eq!(r.json["rules"][0]["grafana_alert"]["uid"], "demo-rule");
}
