//! Folder routes (behavior.md §4).

mod common;

use common::{start, Auth};
use serde_json::json;

#[tokio::test]
async fn folder_lifecycle() {
    let api = start().await;
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "ops", "title": "Ops"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["uid"], "ops");
    assert_eq!(r.json["title"], "Ops");
    assert_eq!(r.json["version"], 1);
    assert_eq!(r.json["orgId"], 1);
    assert_eq!(r.json["url"], "/dashboards/f/ops/ops");
    assert_eq!(r.json["createdBy"], "admin");
    assert_eq!(r.json["canAdmin"], true);
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(&keys[..4], ["id", "uid", "orgId", "title"]);

    // Generated uid.
    let r = api
        .post("/api/folders", &Auth::Admin, &json!({"title": "Auto"}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["uid"].as_str().unwrap().len(), 14);

    // List ordered by title.
    let r = api.get("/api/folders", &Auth::Admin).await;
    let titles: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Auto", "Ops"]);
    assert_eq!(
        r.json[1],
        json!({"id": r.json[1]["id"], "uid": "ops", "title": "Ops"})
    );
    let r = api.get("/api/folders?limit=1&page=2", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["title"], "Ops");

    // Get, update with version, conflict.
    let r = api.get("/api/folders/ops", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let r = api
        .put(
            "/api/folders/ops",
            &Auth::Admin,
            &json!({"title": "Operations", "version": 1}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["version"], 2);
    assert_eq!(r.json["title"], "Operations");
    let r = api
        .put(
            "/api/folders/ops",
            &Auth::Admin,
            &json!({"title": "Again", "version": 1}),
        )
        .await;
    assert_eq!(r.status, 412);
    assert_eq!(
        r.json,
        json!({"message":"the folder has been changed by someone else","status":"version-mismatch"})
    );
    let r = api
        .put(
            "/api/folders/ops",
            &Auth::Admin,
            &json!({"title": "Forced", "overwrite": true}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["version"], 3);

    // Delete removes the folder and its dashboards.
    api.save_dashboard(json!({"uid": "in-ops", "title": "In ops"}))
        .await;
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "in-ops", "title": "In ops", "version": 1}, "folderUid": "ops"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api.delete("/api/folders/ops", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["message"], "Folder Forced deleted");
    assert_eq!(r.json["title"], "Forced");
    assert!(r.json["id"].is_i64());
    assert_eq!(
        api.get("/api/dashboards/uid/in-ops", &Auth::Admin)
            .await
            .status,
        404
    );
    let r = api.get("/api/folders/ops", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message":"folder not found","status":"not-found"})
    );
    assert_eq!(
        api.delete("/api/folders/ops", &Auth::Admin).await.status,
        404
    );
}

#[tokio::test]
async fn folder_errors() {
    let api = start().await;
    let r = api
        .post("/api/folders", &Auth::Admin, &json!({"title": "  "}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message":"folder title cannot be empty"}));
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "a/b", "title": "x"}),
        )
        .await;
    assert_eq!(r.json, json!({"message":"uid contains illegal characters"}));
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "a".repeat(41), "title": "x"}),
        )
        .await;
    assert_eq!(r.json, json!({"message":"uid too long, max 40 characters"}));
    api.post(
        "/api/folders",
        &Auth::Admin,
        &json!({"uid": "dup", "title": "x"}),
    )
    .await;
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "dup", "title": "y"}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json,
        json!({"message":"a folder/dashboard with the same uid already exists"})
    );
    // A dashboard uid also collides.
    api.save_dashboard(json!({"uid": "dash", "title": "d"}))
        .await;
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "dash", "title": "y"}),
        )
        .await;
    assert_eq!(r.status, 409);
    let r = api.post_raw("/api/folders", &Auth::Admin, "{nope").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "bad request data");
    let r = api
        .put(
            "/api/folders/missing",
            &Auth::Admin,
            &json!({"title": "x", "version": 1}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .put(
            "/api/folders/dup",
            &Auth::Admin,
            &json!({"title": "", "version": 1}),
        )
        .await;
    assert_eq!(r.status, 400);
    // Unauthenticated.
    assert_eq!(api.get("/api/folders", &Auth::None).await.status, 401);
}

#[tokio::test]
async fn nested_parent_uid() {
    let api = start().await;
    api.post(
        "/api/folders",
        &Auth::Admin,
        &json!({"uid": "p", "title": "Parent"}),
    )
    .await;
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": "c", "title": "Child", "parentUid": "p"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["parentUid"], "p");
    let r = api.get("/api/folders", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    let r = api.get("/api/folders?parentUid=p", &Auth::Admin).await;
    assert_eq!(r.json[0]["uid"], "c");
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"title": "Orphan", "parentUid": "zzz"}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(api.delete("/api/folders/p", &Auth::Admin).await.status, 200);
    assert_eq!(api.get("/api/folders/c", &Auth::Admin).await.status, 404);
}
