//! Emulator tests: annotations (`/api/annotations*`), status codes, bodies
//! and messages of every route, Grafana 12 semantics.

use grafana_emulator::{Role, DEMO_OVERVIEW_UID};
use serde_json::{json, Value};

use grafana_emulator::Emulator;

use crate::common::{start, start_demo, start_with, Api, Auth};

fn viewer(api: &Api) -> Auth {
    api.emu.add_user("ann-viewer", "pw", 1, Role::Viewer);
    Auth::basic("ann-viewer", "pw")
}

fn editor(api: &Api) -> Auth {
    api.emu.add_user("ann-editor", "pw", 1, Role::Editor);
    Auth::basic("ann-editor", "pw")
}

async fn dashboard(api: &Api, uid: &str) -> i64 {
    let r = api
        .save_dashboard(json!({"uid": uid, "title": format!("Dash {uid}")}))
        .await;
    r["id"].as_i64().expect("dashboard id")
}

async fn add(api: &Api, auth: &Auth, body: Value) -> i64 {
    let r = api.post("/api/annotations", auth, &body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["message"], "Annotation added");
    r.json["id"].as_i64().expect("id")
}

async fn list(api: &Api, q: &str) -> Vec<i64> {
    let r = api.get(&format!("/api/annotations{q}"), &Auth::Admin).await;
    assert_eq!(r.status, 200, "{q}: {}", r.text);
    ids(&r.json)
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn create_dashboard_annotation_and_read_it_back() {
    let api = start().await;
    let dash_id = dashboard(&api, "ann-dash").await;
    let id = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "ann-dash", "panelId": 2, "time": 1_700_000_000_000_i64,
               "tags": [" deploy ", "env:prod", ""], "text": "Deployed", "data": {"k": 1}}),
    )
    .await;
    assert_eq!(id, 1);
    let r = api
        .get(&format!("/api/annotations/{id}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let a = &r.json;
    assert_eq!(a["id"], 1);
    assert_eq!(a["dashboardId"], dash_id);
    assert_eq!(a["dashboardUID"], "ann-dash");
    assert_eq!(a["panelId"], 2);
    assert_eq!(a["userId"], 1);
    assert_eq!(a["alertId"], 0);
    assert_eq!(a["time"], 1_700_000_000_000_i64);
    assert_eq!(a["timeEnd"], 1_700_000_000_000_i64, "a point: end = start");
    assert_eq!(a["text"], "Deployed");
    assert_eq!(
        a["tags"],
        json!(["deploy", "env:prod"]),
        "trimmed, empty dropped"
    );
    assert_eq!(a["login"], "admin");
    assert_eq!(a["email"], "admin@localhost");
    assert_eq!(a["avatarUrl"], "/avatar/46d229b033af06a191ff2267bca9ae56");
    assert_eq!(a["data"], json!({"k": 1}));
    assert_eq!(a["newState"], "");
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "alertId",
            "alertName",
            "dashboardId",
            "dashboardUID",
            "panelId",
            "userId",
            "newState",
            "prevState",
            "created",
            "updated",
            "time",
            "timeEnd",
            "text",
            "tags",
            "login",
            "email",
            "avatarUrl",
            "data"
        ]
    );
    // Created/updated are the (test) clock in milliseconds.
    let created = a["created"].as_i64().unwrap();
    assert!(created > 1_600_000_000_000 && created % 1000 == 0);
}

#[tokio::test]
async fn create_defaults_region_swap_and_org_annotation() {
    let api = start().await;
    // No time: now; no tags: []; no data: {}.
    let id = add(&api, &Auth::Admin, json!({"text": "org-wide"})).await;
    let a = api
        .get(&format!("/api/annotations/{id}"), &Auth::Admin)
        .await
        .json;
    assert_eq!(a["dashboardId"], 0);
    assert_eq!(a["dashboardUID"], "");
    assert_eq!(a["time"], a["created"]);
    assert_eq!(a["timeEnd"], a["created"]);
    assert_eq!(a["tags"], json!([]));
    assert_eq!(a["data"], json!({}));
    // A region given backwards is swapped.
    let id = add(
        &api,
        &Auth::Admin,
        json!({"text": "r", "time": 5000, "timeEnd": 2000}),
    )
    .await;
    let a = api
        .get(&format!("/api/annotations/{id}"), &Auth::Admin)
        .await
        .json;
    assert_eq!(
        (a["time"].as_i64(), a["timeEnd"].as_i64()),
        (Some(2000), Some(5000))
    );
    // An unknown dashboardUID is ignored: an organization annotation.
    let id = add(
        &api,
        &Auth::Admin,
        json!({"text": "x", "dashboardUID": "nope"}),
    )
    .await;
    let a = api
        .get(&format!("/api/annotations/{id}"), &Auth::Admin)
        .await
        .json;
    assert_eq!(a["dashboardId"], 0);
}

#[tokio::test]
async fn create_errors() {
    let api = start().await;
    dashboard(&api, "ann-err").await;
    let r = api
        .post("/api/annotations", &Auth::Admin, &json!({"time": 1}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "Failed to save annotation"}))
    );
    let r = api
        .post_raw("/api/annotations", &Auth::Admin, "{nope")
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = api
        .post(
            "/api/annotations",
            &Auth::Admin,
            &json!({"text": "t", "panelId": "x"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            "/api/annotations",
            &Auth::Admin,
            &json!({"text": "t", "dashboardId": 9999}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Dashboard not found"}))
    );
    let r = api
        .post("/api/annotations", &Auth::None, &json!({"text": "t"}))
        .await;
    assert_eq!(r.status, 401);
    // Viewers: dashboard annotations need dashboard edit rights; organization
    // annotations need the organization scope.
    let v = viewer(&api);
    for body in [
        json!({"text": "t", "dashboardUID": "ann-err"}),
        json!({"text": "t"}),
    ] {
        let r = api.post("/api/annotations", &v, &body).await;
        assert_eq!(
            (r.status, r.json.clone()),
            (403, json!({"message": "Access denied to this dashboard"}))
        );
    }
    // Editors may do both.
    let e = editor(&api);
    add(&api, &e, json!({"text": "t", "dashboardUID": "ann-err"})).await;
    add(&api, &e, json!({"text": "t"})).await;
}

#[tokio::test]
async fn graphite_annotations() {
    let api = start().await;
    let r = api
        .post(
            "/api/annotations/graphite",
            &Auth::Admin,
            &json!({"what": "Deploy", "tags": "a b", "when": 1_700_000_000, "data": "details"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json,
        json!({"id": 1, "message": "Graphite annotation added"})
    );
    let a = api.get("/api/annotations/1", &Auth::Admin).await.json;
    assert_eq!(a["text"], "Deploy\ndetails");
    assert_eq!(a["tags"], json!(["a", "b"]));
    assert_eq!(a["time"], 1_700_000_000_000_i64);
    assert_eq!(a["dashboardId"], 0);
    // Array tags; no `when`: now.
    let r = api
        .post(
            "/api/annotations/graphite",
            &Auth::Admin,
            &json!({"what": "W", "tags": ["x"]}),
        )
        .await;
    assert_eq!(r.json["id"], 2);
    let a = api.get("/api/annotations/2", &Auth::Admin).await.json;
    assert_eq!(a["time"], a["created"]);
    assert_eq!(a["text"], "W");
    let failed = json!({"message": "Failed to save Graphite annotation"});
    for body in [
        json!({"tags": "a"}),
        json!({"what": "W"}),
        json!({"what": "W", "tags": [1]}),
        json!({"what": "W", "tags": {"a": 1}}),
    ] {
        let r = api
            .post("/api/annotations/graphite", &Auth::Admin, &body)
            .await;
        assert_eq!((r.status, r.json.clone()), (400, failed.clone()), "{body}");
    }
    let r = api
        .post(
            "/api/annotations/graphite",
            &Auth::Admin,
            &json!({"what": "W", "when": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let v = viewer(&api);
    let r = api
        .post(
            "/api/annotations/graphite",
            &v,
            &json!({"what": "W", "tags": []}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("Permissions needed: annotations:create"));
}

#[tokio::test]
async fn find_filters() {
    let api = start().await;
    let d1 = dashboard(&api, "f-one").await;
    dashboard(&api, "f-two").await;
    let e = editor(&api);
    let a1 = add(&api, &Auth::Admin, json!({"dashboardUID": "f-one", "panelId": 1, "time": 1000, "tags": ["a", "k:v"], "text": "1"})).await;
    let a2 = add(&api, &Auth::Admin, json!({"dashboardUID": "f-one", "panelId": 2, "time": 3000, "timeEnd": 5000, "tags": ["b"], "text": "2"})).await;
    let a3 = add(
        &api,
        &e,
        json!({"dashboardUID": "f-two", "time": 2000, "tags": ["a", "b"], "text": "3"}),
    )
    .await;
    let a4 = add(&api, &Auth::Admin, json!({"time": 4000, "text": "org"})).await;

    // Newest end first.
    assert_eq!(list(&api, "").await, vec![a2, a4, a3, a1]);
    assert_eq!(list(&api, "?dashboardUID=f-one").await, vec![a2, a1]);
    assert_eq!(
        list(&api, &format!("?dashboardId={d1}")).await,
        vec![a2, a1]
    );
    assert_eq!(list(&api, "?dashboardUID=f-one&panelId=1").await, vec![a1]);
    assert_eq!(list(&api, "?from=1500&to=3500").await, vec![a2, a3]);
    assert_eq!(
        list(&api, "?from=1500").await.len(),
        4,
        "needs both from and to"
    );
    assert_eq!(list(&api, "?tags=a").await, vec![a3, a1]);
    assert_eq!(list(&api, "?tags=a&tags=b").await, vec![a3]);
    assert_eq!(
        list(&api, "?tags=a&tags=b&matchAny=true").await,
        vec![a2, a3, a1]
    );
    assert_eq!(list(&api, "?tags=k:v").await, vec![a1]);
    assert_eq!(
        list(&api, "?tags=k").await,
        vec![a1],
        "a key alone matches any value"
    );
    assert_eq!(list(&api, "?type=annotation&limit=2").await, vec![a2, a4]);
    assert!(list(&api, "?type=alert").await.is_empty());
    assert!(list(&api, "?alertId=3").await.is_empty());
    assert_eq!(list(&api, "?userId=1").await, vec![a2, a4, a1]);
    let r = api
        .get("/api/annotations?dashboardUID=missing", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "Invalid dashboard UID in annotation request"})
        )
    );
    // Readable by a Viewer; not anonymously.
    let v = viewer(&api);
    assert_eq!(api.get("/api/annotations", &v).await.status, 200);
    assert_eq!(api.get("/api/annotations", &Auth::None).await.status, 401);
    // Deleting the dashboard hides its annotations.
    let r = api.delete("/api/dashboards/uid/f-two", &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(list(&api, "").await, vec![a2, a4, a1]);
    assert_eq!(
        api.get(&format!("/api/annotations/{a3}"), &Auth::Admin)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn default_limit_is_100() {
    let api = start().await;
    for i in 0..105 {
        add(
            &api,
            &Auth::Admin,
            json!({"text": format!("n{i}"), "time": 1000 + i}),
        )
        .await;
    }
    let r = api.get("/api/annotations", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 100);
    let r = api.get("/api/annotations?limit=105", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 105);
}

#[tokio::test]
async fn get_by_id_errors() {
    let api = start().await;
    let r = api.get("/api/annotations/abc", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "annotationId is invalid"}))
    );
    let r = api.get("/api/annotations/42", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Annotation not found"}))
    );
    // Another org's annotation is invisible.
    add(&api, &Auth::Admin, json!({"text": "t"})).await;
    let org2 = api.emu.create_org("Other");
    let tok = api.emu.create_service_account_token(org2, Role::Admin);
    let r = api.get("/api/annotations/1", &Auth::token(&tok)).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn put_replaces_and_patch_merges() {
    let api = start().await;
    dashboard(&api, "upd").await;
    let id = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "upd", "time": 1000, "timeEnd": 2000, "tags": ["a"], "text": "orig", "data": {"x": 1}}),
    )
    .await;
    let path = format!("/api/annotations/{id}");
    // PATCH: only what is given.
    let r = api
        .req(
            "PATCH",
            &path,
            &Auth::Admin,
            Some(&json!({"text": "patched"})),
            &[],
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Annotation patched"}))
    );
    let a = api.get(&path, &Auth::Admin).await.json;
    assert_eq!(
        (
            a["text"].clone(),
            a["tags"].clone(),
            a["time"].clone(),
            a["timeEnd"].clone(),
            a["data"].clone()
        ),
        (
            json!("patched"),
            json!(["a"]),
            json!(1000),
            json!(2000),
            json!({"x": 1})
        )
    );
    let r = api
        .req(
            "PATCH",
            &path,
            &Auth::Admin,
            Some(&json!({"tags": ["b", "c"], "timeEnd": 3000})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    let a = api.get(&path, &Auth::Admin).await.json;
    assert_eq!(
        (a["tags"].clone(), a["timeEnd"].clone()),
        (json!(["b", "c"]), json!(3000))
    );
    // PUT: the text is replaced (emptied when absent), tags become null when
    // absent, times kept when 0; data kept.
    let r = api.put(&path, &Auth::Admin, &json!({"time": 1500})).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Annotation updated"}))
    );
    let a = api.get(&path, &Auth::Admin).await.json;
    assert_eq!(a["text"], "");
    assert_eq!(a["tags"], Value::Null);
    assert_eq!(
        (a["time"].clone(), a["timeEnd"].clone()),
        (json!(1500), json!(3000))
    );
    assert_eq!(a["data"], json!({"x": 1}));
    // The old tag links stay for the tag filter (only given tags replace them).
    let r = api.get("/api/annotations?tags=b", &Auth::Admin).await;
    assert_eq!(ids(&r.json), vec![id]);
    // A start after the end is swapped.
    let r = api
        .put(
            &path,
            &Auth::Admin,
            &json!({"time": 9000, "text": "t", "tags": ["z"]}),
        )
        .await;
    assert_eq!(r.status, 200);
    let a = api.get(&path, &Auth::Admin).await.json;
    assert_eq!(
        (a["time"].clone(), a["timeEnd"].clone()),
        (json!(3000), json!(9000))
    );
    assert_eq!(a["tags"], json!(["z"]));
    assert!(a["updated"].as_i64().unwrap() >= a["created"].as_i64().unwrap());
}

#[tokio::test]
async fn update_and_delete_errors_and_permissions() {
    let api = start().await;
    dashboard(&api, "perm").await;
    let dash_ann = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "perm", "text": "d"}),
    )
    .await;
    let org_ann = add(&api, &Auth::Admin, json!({"text": "o"})).await;
    for method in ["PUT", "PATCH"] {
        let r = api
            .req(
                method,
                "/api/annotations/x",
                &Auth::Admin,
                Some(&json!({})),
                &[],
            )
            .await;
        assert_eq!(
            (r.status, r.json.clone()),
            (400, json!({"message": "annotationId is invalid"}))
        );
        let r = api
            .req(
                method,
                "/api/annotations/99",
                &Auth::Admin,
                Some(&json!({})),
                &[],
            )
            .await;
        assert_eq!(
            (r.status, r.json.clone()),
            (404, json!({"message": "Annotation not found"}))
        );
        let r = api
            .req(
                method,
                &format!("/api/annotations/{org_ann}"),
                &Auth::Admin,
                Some(&json!({"text": 5})),
                &[],
            )
            .await;
        assert_eq!(
            (r.status, r.json.clone()),
            (400, json!({"message": "bad request data"}))
        );
    }
    let r = api.delete("/api/annotations/x", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "annotationId is invalid"}))
    );
    let r = api.delete("/api/annotations/99", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Annotation not found"}))
    );

    let v = viewer(&api);
    // Dashboard annotation: the handler's dashboard check.
    let r = api
        .put(
            &format!("/api/annotations/{dash_ann}"),
            &v,
            &json!({"text": "v"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (403, json!({"message": "Access denied to this dashboard"}))
    );
    let r = api
        .delete(&format!("/api/annotations/{dash_ann}"), &v)
        .await;
    assert_eq!(r.status, 403);
    // Organization annotation: the RBAC middleware.
    let r = api
        .put(
            &format!("/api/annotations/{org_ann}"),
            &v,
            &json!({"text": "v"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("annotations:write"));
    let r = api.delete(&format!("/api/annotations/{org_ann}"), &v).await;
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("annotations:delete"));

    let e = editor(&api);
    let r = api
        .delete(&format!("/api/annotations/{dash_ann}"), &e)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Annotation deleted"}))
    );
    let r = api
        .delete(&format!("/api/annotations/{dash_ann}"), &e)
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn mass_delete() {
    let api = start().await;
    let d = dashboard(&api, "mass").await;
    let p1a = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "mass", "panelId": 1, "text": "a"}),
    )
    .await;
    let p1b = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "mass", "panelId": 1, "text": "b"}),
    )
    .await;
    let p2 = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "mass", "panelId": 2, "text": "c"}),
    )
    .await;
    let org = add(&api, &Auth::Admin, json!({"text": "o"})).await;
    let url = "/api/annotations/mass-delete";
    for body in [
        json!({"dashboardUID": "mass"}),
        json!({"panelId": 1}),
        json!({"dashboardId": d}),
    ] {
        let r = api.post(url, &Auth::Admin, &body).await;
        assert_eq!(
            (r.status, r.json.clone()),
            (400, json!({"message": "bad request data"})),
            "{body}"
        );
    }
    let r = api
        .post(url, &Auth::Admin, &json!({"annotationId": 77}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Annotation not found"}))
    );
    let v = viewer(&api);
    let r = api
        .post(url, &v, &json!({"dashboardUID": "mass", "panelId": 1}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (403, json!({"message": "Access denied to this dashboard"}))
    );
    let r = api
        .post(
            url,
            &Auth::Admin,
            &json!({"dashboardUID": "mass", "panelId": 1}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Annotations deleted"}))
    );
    let r = api.get("/api/annotations", &Auth::Admin).await;
    let left = ids(&r.json);
    assert!(!left.contains(&p1a) && !left.contains(&p1b));
    assert!(left.contains(&p2) && left.contains(&org));
    let r = api
        .post(url, &Auth::Admin, &json!({"annotationId": p2}))
        .await;
    assert_eq!(r.status, 200);
    // Both zero: the organization annotations without a panel.
    let r = api.post(url, &Auth::Admin, &json!({})).await;
    assert_eq!(r.status, 200);
    assert!(api
        .get("/api/annotations", &Auth::Admin)
        .await
        .json
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn tags_listing() {
    let api = start().await;
    add(
        &api,
        &Auth::Admin,
        json!({"text": "1", "tags": ["deploy", "env:prod"]}),
    )
    .await;
    add(
        &api,
        &Auth::Admin,
        json!({"text": "2", "tags": ["deploy", "env:dev", "env:dev"]}),
    )
    .await;
    let r = api.get("/api/annotations/tags", &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json,
        json!({"result": {"tags": [
            {"tag": "deploy", "count": 2},
            {"tag": "env:dev", "count": 1},
            {"tag": "env:prod", "count": 1}
        ]}})
    );
    let r = api.get("/api/annotations/tags?tag=PRO", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"result": {"tags": [{"tag": "env:prod", "count": 1}]}})
    );
    let r = api.get("/api/annotations/tags?limit=1", &Auth::Admin).await;
    assert_eq!(r.json["result"]["tags"].as_array().unwrap().len(), 1);
    assert_eq!(
        api.get("/api/annotations/tags", &Auth::None).await.status,
        401
    );
}

#[tokio::test]
async fn demo_seed_has_three_annotations() {
    let api = start_demo().await;
    let r = api
        .get(
            &format!("/api/annotations?dashboardUID={DEMO_OVERVIEW_UID}"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().any(|a| a["time"] != a["timeEnd"]), "one region");
    let all = api
        .get("/api/annotations?type=annotation", &Auth::Admin)
        .await
        .json;
    assert_eq!(all.as_array().unwrap().len(), 3);
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["dashboardId"] == 0 && a["text"] == "Maintenance window"));
}

#[tokio::test]
async fn grafana_13_viewers_lose_dashboard_annotation_writes() {
    let api = start_with(Emulator::builder().version("13.0.0")).await;
    dashboard(&api, "v13").await;
    let id = add(
        &api,
        &Auth::Admin,
        json!({"dashboardUID": "v13", "text": "d"}),
    )
    .await;
    let v = viewer(&api);
    let r = api
        .post(
            "/api/annotations",
            &v,
            &json!({"dashboardUID": "v13", "text": "t"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("annotations:create"));
    let r = api.delete(&format!("/api/annotations/{id}"), &v).await;
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("annotations:delete"));
    let r = api
        .post(
            "/api/annotations/mass-delete",
            &v,
            &json!({"annotationId": id}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    // Reading is unchanged.
    assert_eq!(
        api.get(&format!("/api/annotations/{id}"), &v).await.status,
        200
    );
}
