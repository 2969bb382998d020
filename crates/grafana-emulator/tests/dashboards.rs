//! Dashboard routes (behavior.md §3).

mod common;

use common::{start, start_demo, Auth};
use serde_json::json;

#[tokio::test]
async fn create_update_versions_and_412() {
    let api = start().await;
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "svc", "title": "My Service", "tags": ["b", "a"]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json["id"].as_i64().unwrap();
    assert_eq!(
        r.json,
        json!({"folderUid": "", "id": id, "slug": "my-service", "status": "success",
               "uid": "svc", "url": "/d/svc/my-service", "version": 1})
    );
    // Same uid without version → 412.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "svc", "title": "x"}}),
        )
        .await;
    assert_eq!(r.status, 412);
    assert_eq!(
        r.json,
        json!({"message":"The dashboard has been changed by someone else","status":"version-mismatch"})
    );
    // With the right version → 2.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "svc", "title": "My Service", "version": 1}, "message": "v2"}),
        )
        .await;
    assert_eq!(r.json["version"], 2);
    assert_eq!(r.json["id"], id);
    // Overwrite ignores the version.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "svc", "title": "Renamed"}, "overwrite": true}),
        )
        .await;
    assert_eq!(r.json["version"], 3);
    assert_eq!(r.json["slug"], "renamed");
    // Update by id keeps the uid.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"id": id, "title": "By id", "version": 3}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["uid"], "svc");
    assert_eq!(r.json["version"], 4);
    // Unknown id → 404 not-found.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"id": 9999, "title": "x"}}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message":"Dashboard not found","status":"not-found"})
    );

    // GET: dashboard + meta.
    let r = api.get("/api/dashboards/uid/svc", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["dashboard"]["version"], 4);
    assert_eq!(r.json["dashboard"]["id"], id);
    assert_eq!(r.json["dashboard"]["uid"], "svc");
    let meta = &r.json["meta"];
    assert_eq!(meta["type"], "db");
    assert_eq!(meta["slug"], "by-id");
    assert_eq!(meta["url"], "/d/svc/by-id");
    assert_eq!(meta["folderTitle"], "General");
    assert_eq!(meta["folderUid"], "");
    assert_eq!(meta["version"], 4);
    assert_eq!(meta["createdBy"], "admin");
    assert_eq!(meta["isFolder"], false);
    assert_eq!(meta["canSave"], true);
    assert!(meta["created"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn generated_uid_and_folder() {
    let api = start_demo().await;
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"title": "New one", "id": null}, "folderUid": "demo-folder"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["folderUid"], "demo-folder");
    let uid = r.json["uid"].as_str().unwrap();
    assert_eq!(uid.len(), 14);
    let r = api
        .get(&format!("/api/dashboards/uid/{uid}"), &Auth::Admin)
        .await;
    assert_eq!(r.json["meta"]["folderUid"], "demo-folder");
    assert_eq!(r.json["meta"]["folderTitle"], "Demo");
    assert_eq!(
        r.json["meta"]["folderUrl"],
        "/dashboards/f/demo-folder/demo"
    );
    assert!(r.json["meta"]["folderId"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn validation_errors() {
    let api = start_demo().await;
    let cases = [
        (
            json!({"dashboard": {"title": ""}}),
            400,
            json!({"message":"Dashboard title cannot be empty","status":"empty-name"}),
        ),
        (
            json!({"dashboard": {}}),
            400,
            json!({"message":"Dashboard title cannot be empty","status":"empty-name"}),
        ),
        (
            json!({"dashboard": {"title": "x".repeat(5001)}}),
            400,
            json!({"message":"Dashboard title cannot contain more than 5 000 characters"}),
        ),
        (
            json!({"dashboard": {"title": "t", "uid": "bad uid"}}),
            400,
            json!({"message":"uid contains illegal characters"}),
        ),
        (
            json!({"dashboard": {"title": "t", "uid": "u".repeat(41)}}),
            400,
            json!({"message":"uid too long, max 40 characters"}),
        ),
        (
            json!({"dashboard": {"title": "t"}, "message": "m".repeat(501)}),
            400,
            json!({"message":"message too long, max 500 characters"}),
        ),
        (
            json!({"dashboard": {"title": "t"}, "folderUid": "nope"}),
            400,
            json!({"message":"folder not found"}),
        ),
        (
            json!({"dashboard": {"title": "t", "uid": "demo-folder"}}),
            400,
            json!({"message":"A dashboard with the same uid already exists"}),
        ),
        (
            json!({"title": "no dashboard"}),
            400,
            json!({"message":"bad request data"}),
        ),
        (
            json!({"dashboard": {"title": "t"}, "overwrite": "yes"}),
            400,
            json!({"message":"bad request data"}),
        ),
    ];
    for (body, status, expect) in cases {
        let r = api.post("/api/dashboards/db", &Auth::Admin, &body).await;
        assert_eq!((r.status, &r.json), (status, &expect), "{body}");
    }
    let r = api
        .post_raw("/api/dashboards/db", &Auth::Admin, "not json")
        .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn get_and_delete() {
    let api = start_demo().await;
    let r = api.get("/api/dashboards/uid/missing", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message":"Dashboard not found"}));
    assert_eq!(
        api.get("/api/dashboards/uid/demo-overview", &Auth::None)
            .await
            .status,
        401
    );
    let r = api
        .delete("/api/dashboards/uid/demo-folder", &Auth::Admin)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "Use folders endpoint for deleting folders."
    );
    let r = api
        .delete("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({"message":"Dashboard Demo Overview deleted","title":"Demo Overview","uid":"demo-overview"})
    );
    let r = api
        .delete("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message":"Dashboard not found"}));
}
