//! Emulator tests: datasources (`/api/datasources*`, data source and plugin
//! health), status codes and bodies of every route, errors included.

use grafana_emulator::{Emulator, Role};
use serde_json::{json, Value};

use crate::common::{start, start_demo, start_with, Api, Auth};

fn prom(name: &str, uid: &str) -> Value {
    json!({
        "name": name,
        "type": "prometheus",
        "uid": uid,
        "url": "http://prom:9090",
        "access": "proxy",
        "jsonData": {"httpMethod": "POST"},
        "secureJsonData": {"password": "s3cret", "empty": ""}
    })
}

async fn create(api: &Api, body: &Value) -> Value {
    let r = api.post("/api/datasources", &Auth::Admin, body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

fn viewer(api: &Api) -> Auth {
    api.emu.add_user("vera", "pw", 1, Role::Viewer);
    Auth::basic("vera", "pw")
}

#[tokio::test]
async fn create_answers_grafana_body_and_hides_secrets() {
    let api = start().await;
    let r = api
        .post("/api/datasources", &Auth::Admin, &prom("Prom A", "prom-a"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // DynMap keys, sorted as Go writes them.
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["datasource", "id", "message", "name"]);
    assert_eq!(r.json["message"], "Datasource added");
    assert_eq!(r.json["name"], "Prom A");
    let ds = &r.json["datasource"];
    assert_eq!(ds["id"], r.json["id"]);
    assert_eq!(ds["uid"], "prom-a");
    assert_eq!(ds["orgId"], 1);
    assert_eq!(ds["type"], "prometheus");
    assert_eq!(ds["version"], 1);
    assert_eq!(ds["readOnly"], false);
    assert_eq!(
        ds["isDefault"], true,
        "the org's first data source is the default"
    );
    assert_eq!(ds["jsonData"], json!({"httpMethod": "POST"}));
    assert_eq!(ds["secureJsonFields"], json!({"password": true}));
    assert!(!r.text.contains("s3cret"), "secrets are never returned");
    assert!(ds.get("secureJsonData").is_none());
    assert!(ds.get("accessControl").is_none());
    let order: Vec<&String> = ds.as_object().unwrap().keys().collect();
    assert_eq!(order[..4], ["id", "uid", "orgId", "name"]);
    assert_eq!(order.last().unwrap().as_str(), "apiVersion");

    // The second one is not the default; a default one takes the flag over.
    let b = create(&api, &json!({"name": "B", "type": "loki"})).await;
    assert_eq!(b["datasource"]["isDefault"], false);
    assert_eq!(b["datasource"]["jsonData"], json!({}));
    let c = create(
        &api,
        &json!({"name": "C", "type": "loki", "isDefault": true}),
    )
    .await;
    assert_eq!(c["datasource"]["isDefault"], true);
    let a = api.get("/api/datasources/uid/prom-a", &Auth::Admin).await;
    assert_eq!(a.json["isDefault"], false);
    // Generated uid.
    let uid = b["datasource"]["uid"].as_str().unwrap();
    assert!(!uid.is_empty());
}

#[tokio::test]
async fn create_errors() {
    let api = start().await;
    create(&api, &prom("Same", "same-uid")).await;
    let r = api
        .post("/api/datasources", &Auth::Admin, &prom("Same", "other"))
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json,
        json!({"message": "data source with the same name already exists"})
    );
    let r = api
        .post("/api/datasources", &Auth::Admin, &prom("Other", "same-uid"))
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json,
        json!({"message": "data source with the same uid already exists"})
    );
    let r = api
        .post_raw("/api/datasources", &Auth::Admin, "{not json")
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message": "bad request data"}));
    let r = api
        .post("/api/datasources", &Auth::Admin, &json!({"name": 5}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "bad request data");
    let r = api
        .post(
            "/api/datasources",
            &Auth::Admin,
            &json!({"name": "x".repeat(191), "type": "loki"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message": "Invalid datasource name.", "messageId": "datasource.nameInvalid", "statusCode": 400})
    );
    let r = api
        .post(
            "/api/datasources",
            &Auth::Admin,
            &json!({"name": "u", "type": "loki", "url": "http://a\u{7f}b"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Validation error, invalid URL");
    // An empty name becomes the type, then type-1.
    let a = create(&api, &json!({"type": "loki"})).await;
    assert_eq!(a["name"], "loki");
    let b = create(&api, &json!({"type": "loki"})).await;
    assert_eq!(b["name"], "loki-1");
}

#[tokio::test]
async fn reads_by_id_uid_name_and_id_by_name() {
    let api = start().await;
    let saved = create(&api, &prom("Prom R", "prom-r")).await;
    let id = saved["id"].as_i64().unwrap();
    for path in [
        format!("/api/datasources/{id}"),
        "/api/datasources/uid/prom-r".to_string(),
        "/api/datasources/name/Prom%20R".to_string(),
    ] {
        let r = api.get(&path, &Auth::Admin).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        assert_eq!(r.json, saved["datasource"], "{path}");
    }
    let r = api.get("/api/datasources/id/Prom%20R", &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({"id": id})));

    // accesscontrol=true adds the caller's data-source actions.
    let r = api
        .get(
            "/api/datasources/uid/prom-r?accesscontrol=true",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["accessControl"]["datasources:write"], true);
    assert_eq!(r.json["accessControl"]["datasources:delete"], true);

    for path in [
        "/api/datasources/999",
        "/api/datasources/uid/nope",
        "/api/datasources/name/nope",
        "/api/datasources/id/nope",
    ] {
        let r = api.get(path, &Auth::Admin).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(
            r.json,
            json!({"message": "Data source not found"}),
            "{path}"
        );
    }
    let r = api.get("/api/datasources/abc", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid"}))
    );
}

#[tokio::test]
async fn list_sorted_case_insensitively_with_list_items() {
    let api = start().await;
    create(
        &api,
        &json!({"name": "beta", "type": "testdata", "uid": "b"}),
    )
    .await;
    create(
        &api,
        &json!({"name": "Alpha", "type": "prometheus", "uid": "a"}),
    )
    .await;
    create(
        &api,
        &json!({"name": "gamma", "type": "custom-thing", "uid": "g"}),
    )
    .await;
    let r = api.get("/api/datasources", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let items = r.json.as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Alpha", "beta", "gamma"]);
    // The alias is shown as the plugin id; the type name is the plugin's.
    assert_eq!(items[1]["type"], "grafana-testdata-datasource");
    assert_eq!(items[1]["typeName"], "TestData");
    assert_eq!(items[0]["typeName"], "Prometheus");
    // An unknown type keeps its id as the name, with the generic logo.
    assert_eq!(items[2]["typeName"], "custom-thing");
    assert_eq!(items[2]["typeLogoUrl"], "public/img/icn-datasource.svg");
    assert!(items[0].get("version").is_none());
    assert!(items[0].get("secureJsonFields").is_none());
    // Another org sees none of them.
    let org = api.emu.create_org("Other");
    let r = api
        .req(
            "GET",
            "/api/datasources",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &org.to_string())],
        )
        .await;
    assert_eq!(r.json, json!([]));
}

#[tokio::test]
async fn update_by_uid_and_id_with_versions_and_secrets() {
    let api = start().await;
    let saved = create(&api, &prom("Upd", "upd")).await;
    let id = saved["id"].as_i64().unwrap();
    let r = api
        .put(
            "/api/datasources/uid/upd",
            &Auth::Admin,
            &json!({"name": "Upd2", "type": "prometheus", "url": "http://p2:9090",
                    "access": "proxy", "version": 1, "secureJsonData": {"token": "t"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["datasource", "id", "message", "name"]);
    assert_eq!(r.json["message"], "Datasource updated");
    assert_eq!(r.json["id"], id);
    assert_eq!(r.json["name"], "Upd2");
    let ds = &r.json["datasource"];
    assert_eq!(ds["version"], 2);
    assert_eq!(ds["url"], "http://p2:9090");
    assert_eq!(ds["uid"], "upd", "an absent uid keeps the stored one");
    assert_eq!(ds["jsonData"], json!({}), "jsonData is replaced");
    assert_eq!(
        ds["secureJsonFields"],
        json!({"password": true, "token": true}),
        "old secrets are kept"
    );
    // A stale version is refused.
    let r = api
        .put(
            "/api/datasources/uid/upd",
            &Auth::Admin,
            &json!({"name": "Upd2", "type": "prometheus", "version": 1}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json["message"],
        "Datasource has already been updated by someone else. Please reload and try again"
    );
    // By id, without a version: the version becomes 1 (0 + 1).
    let r = api
        .put(
            &format!("/api/datasources/{id}"),
            &Auth::Admin,
            &json!({"type": "prometheus", "url": "http://p3"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["name"], "", "the answer names what was sent");
    assert_eq!(
        r.json["datasource"]["name"], "Upd2",
        "an empty name is kept"
    );
    assert_eq!(r.json["datasource"]["version"], 1);
    // Name conflicts.
    create(&api, &json!({"name": "Taken", "type": "loki"})).await;
    let r = api
        .put(
            "/api/datasources/uid/upd",
            &Auth::Admin,
            &json!({"name": "Taken", "type": "prometheus"}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json["message"],
        "Failed to update datasource: data source with the same name already exists"
    );
    // Errors.
    let r = api
        .put(
            "/api/datasources/uid/nope",
            &Auth::Admin,
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Data source not found"}))
    );
    let r = api
        .put("/api/datasources/999", &Auth::Admin, &json!({"name": "x"}))
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .put("/api/datasources/x", &Auth::Admin, &json!({"name": "x"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid"}))
    );
    let r = api
        .put(
            "/api/datasources/uid/upd",
            &Auth::Admin,
            &json!({"version": "one"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
}

#[tokio::test]
async fn delete_by_id_uid_and_name() {
    let api = start().await;
    let a = create(&api, &json!({"name": "A", "type": "loki", "uid": "a"})).await;
    let b = create(&api, &json!({"name": "B", "type": "loki", "uid": "b"})).await;
    let c = create(&api, &json!({"name": "C", "type": "loki", "uid": "c"})).await;
    let r = api
        .delete(&format!("/api/datasources/{}", a["id"]), &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Data source deleted"}))
    );
    let r = api.delete("/api/datasources/uid/b", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({"id": b["id"], "message": "Data source deleted"})
    );
    let r = api.delete("/api/datasources/name/C", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"id": c["id"], "message": "Data source deleted"})
    );
    assert_eq!(
        api.get("/api/datasources", &Auth::Admin).await.json,
        json!([])
    );
    for path in [
        "/api/datasources/uid/b",
        "/api/datasources/name/C",
        "/api/datasources/77",
    ] {
        let r = api.delete(path, &Auth::Admin).await;
        assert_eq!(
            (r.status, r.json.clone()),
            (404, json!({"message": "Data source not found"})),
            "{path}"
        );
    }
    let r = api.delete("/api/datasources/0", &Auth::Admin).await;
    assert_eq!(r.json, json!({"message": "Missing valid datasource id"}));
    let r = api.delete("/api/datasources/zz", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid"}))
    );
}

#[tokio::test]
async fn rbac_viewer_reads_admin_writes() {
    let api = start().await;
    create(&api, &prom("P", "p")).await;
    let v = viewer(&api);
    assert_eq!(api.get("/api/datasources", &v).await.status, 200);
    assert_eq!(api.get("/api/datasources/uid/p", &v).await.status, 200);
    assert_eq!(api.get("/api/datasources/id/P", &v).await.status, 200);
    let r = api.post("/api/datasources", &v, &prom("Q", "q")).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("Permissions needed: datasources:create"));
    let r = api.put("/api/datasources/uid/p", &v, &json!({})).await;
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("datasources:write"));
    let r = api.delete("/api/datasources/uid/p", &v).await;
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("datasources:delete"));
    let r = api.get("/api/datasources", &Auth::None).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (401, json!({"message": "Unauthorized"}))
    );
}

#[tokio::test]
async fn health_by_uid_and_id() {
    let api = start().await;
    let t = create(&api, &json!({"name": "T", "type": "testdata", "uid": "t"})).await;
    create(&api, &prom("P", "p")).await;
    create(&api, &json!({"name": "L", "type": "loki", "uid": "l"})).await;
    create(
        &api,
        &json!({"name": "X", "type": "no-such-plugin", "uid": "x"}),
    )
    .await;
    let r = api.get("/api/datasources/uid/t/health", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            200,
            json!({"message": "Data source is working", "status": "OK"})
        )
    );
    let r = api
        .get(
            &format!("/api/datasources/{}/health", t["id"]),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["status"], "OK");
    let r = api
        .req(
            "POST",
            "/api/datasources/uid/p/health",
            &Auth::Admin,
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json["message"],
        "Successfully queried the Prometheus API."
    );
    let r = api.get("/api/datasources/uid/l/health", &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["status"], "ERROR");
    let r = api.get("/api/datasources/uid/x/health", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            404,
            json!({"message": "Plugin not found", "messageId": "plugin.notRegistered", "statusCode": 404})
        )
    );
    let r = api
        .get("/api/datasources/uid/nope/health", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            500,
            json!({"message": "Unable to load datasource metadata"})
        )
    );
    let r = api
        .get("/api/datasources/uid/a.b/health", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "UID is invalid"}))
    );
    let r = api.get("/api/datasources/q/health", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid"}))
    );
    // Viewers may query, hence check health.
    let v = viewer(&api);
    assert_eq!(
        api.get("/api/datasources/uid/t/health", &v).await.status,
        200
    );
}

#[tokio::test]
async fn plugin_health() {
    let api = start().await;
    for id in ["grafana-testdata-datasource", "testdata"] {
        let r = api
            .get(&format!("/api/plugins/{id}/health"), &Auth::Admin)
            .await;
        assert_eq!(
            (r.status, r.json.clone()),
            (
                200,
                json!({"message": "Data source is working", "status": "OK"})
            ),
            "{id}"
        );
    }
    let r = api
        .get("/api/plugins/prometheus/health", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (500, json!({"message": "Plugin request failed"}))
    );
    let r = api.get("/api/plugins/nope/health", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["messageId"], "plugin.notRegistered");
    assert_eq!(
        api.get("/api/plugins/testdata/health", &Auth::None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn demo_seed_has_testdata_and_prometheus() {
    let api = start_demo().await;
    let r = api.get("/api/datasources/uid/testdata", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["name"], "TestData");
    assert_eq!(r.json["type"], "grafana-testdata-datasource");
    assert_eq!(r.json["isDefault"], true);
    let r = api
        .get("/api/datasources/uid/prometheus", &Auth::Admin)
        .await;
    assert_eq!(r.json["name"], "Prometheus");
    assert_eq!(r.json["url"], "http://localhost:9090");
    assert_eq!(r.json["isDefault"], false);
}

#[tokio::test]
async fn grafana_13_has_no_numeric_id_routes() {
    let api = start_with(Emulator::builder().version("13.0.0")).await;
    let saved = create(&api, &prom("P", "p")).await;
    let id = saved["id"].as_i64().unwrap();
    for (m, path) in [
        ("GET", format!("/api/datasources/{id}")),
        ("PUT", format!("/api/datasources/{id}")),
        ("DELETE", format!("/api/datasources/{id}")),
        ("GET", format!("/api/datasources/{id}/health")),
    ] {
        let r = api.req(m, &path, &Auth::Admin, Some(&json!({})), &[]).await;
        assert_eq!(
            (r.status, r.json.clone()),
            (404, json!({"message": "Not found"})),
            "{m} {path}"
        );
    }
    assert_eq!(
        api.get("/api/datasources/uid/p", &Auth::Admin).await.status,
        200
    );
    // 11.6 still has them.
    let old = start_with(Emulator::builder().version("11.6.0")).await;
    let saved = create(&old, &prom("P", "p")).await;
    let r = old
        .get(&format!("/api/datasources/{}", saved["id"]), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
}
