//! Snapshot API in depth (behavior.md §2 and the §2.13 checklist).

mod common;

use std::time::Duration;

use common::{raw_get, start_demo, start_with, Auth};
use grafana_emulator::{Emulator, Role, CLEANUP_INTERVAL_SECS};
use serde_json::{json, Value};

const DELETED: &str =
    "Snapshot deleted. It might take an hour before it's cleared from any CDN caches.";

fn snap_body(name: &str) -> Value {
    json!({"dashboard": {"uid": "demo-overview", "title": "Demo Overview", "panels": []}, "name": name})
}

fn is_alnum32(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[tokio::test]
async fn create_get_delete_roundtrip() {
    let api = start_demo().await;
    let r = api
        .post("/api/snapshots", &Auth::Admin, &snap_body("first"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let obj = r.json.as_object().unwrap();
    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["key", "deleteKey", "url", "deleteUrl"],
        "no id in 11+"
    );
    let key = obj["key"].as_str().unwrap().to_string();
    let del = obj["deleteKey"].as_str().unwrap().to_string();
    assert!(is_alnum32(&key) && is_alnum32(&del));
    assert_eq!(
        obj["url"],
        json!(format!("{}/dashboard/snapshot/{key}", api.emu.url()))
    );
    assert_eq!(
        obj["deleteUrl"],
        json!(format!("{}/api/snapshots-delete/{del}", api.emu.url()))
    );

    // Read without auth; Cache-Control header; meta and originalUrl.
    let r = api.get(&format!("/api/snapshots/{key}"), &Auth::None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control").unwrap(), "public, max-age=3600");
    assert_eq!(r.json["meta"]["type"], "snapshot");
    assert_eq!(r.json["meta"]["isSnapshot"], true);
    assert_eq!(r.json["meta"]["canSave"], false);
    assert_eq!(r.json["meta"]["version"], 0);
    assert!(r.json["meta"]["created"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        r.json["dashboard"]["snapshot"]["originalUrl"],
        "/d/demo-overview"
    );
    assert_eq!(r.json["dashboard"]["title"], "Demo Overview");
    let body_keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(body_keys, ["meta", "dashboard"]);

    // Delete by key.
    let r = api
        .delete(&format!("/api/snapshots/{key}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["message"], DELETED);
    assert!(r.json["id"].as_i64().unwrap() > 0);
    // Gone: errutil 404, and delete again 404.
    let r = api.get(&format!("/api/snapshots/{key}"), &Auth::None).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message":"Snapshot not found","messageId":"dashboardsnapshots.not-found","statusCode":404})
    );
    let r = api
        .delete(&format!("/api/snapshots/{key}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["messageId"], "dashboardsnapshots.not-found");
}

#[tokio::test]
async fn given_keys_verbatim_and_duplicates_500() {
    let api = start_demo().await;
    let mut b = snap_body("k");
    b["key"] = json!("my key/with odd chars");
    b["deleteKey"] = json!("del-1");
    let r = api.post("/api/snapshots", &Auth::Admin, &b).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["key"], "my key/with odd chars");
    assert_eq!(r.json["deleteKey"], "del-1");
    // Readable through the percent-encoded key (%2F stays in the segment).
    let r = api
        .get("/api/snapshots/my%20key%2Fwith%20odd%20chars", &Auth::None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Duplicate key → 500.
    let mut b2 = snap_body("k2");
    b2["key"] = json!("my key/with odd chars");
    let r = api.post("/api/snapshots", &Auth::Admin, &b2).await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json,
        json!({"message":"Failed to create snapshot","traceID":""})
    );
    // Duplicate deleteKey → 500.
    let mut b3 = snap_body("k3");
    b3["deleteKey"] = json!("del-1");
    let r = api.post("/api/snapshots", &Auth::Admin, &b3).await;
    assert_eq!(r.status, 500);
}

#[tokio::test]
async fn path_traversal_key_is_literal() {
    let api = start_demo().await;
    let (status, _, body) = raw_get(api.emu.addr(), "/api/snapshots/..%2Fadmin%2Fsettings").await;
    assert_eq!(status, 404);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["messageId"], "dashboardsnapshots.not-found");
    assert_eq!(
        api.emu.requests().last().unwrap().raw_path,
        "/api/snapshots/..%2Fadmin%2Fsettings"
    );
}

#[tokio::test]
async fn create_errors() {
    let api = start_demo().await;
    // Not signed in.
    let r = api
        .post("/api/snapshots", &Auth::None, &snap_body("x"))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json, json!({"message":"Unauthorized"}));
    // Bad JSON, missing dashboard, wrong field type.
    for raw in [
        "{",
        "",
        "[]",
        "{\"name\":\"x\"}",
        "{\"dashboard\":{},\"expires\":\"1\"}",
        "{\"dashboard\":null}",
    ] {
        let r = api.post_raw("/api/snapshots", &Auth::Admin, raw).await;
        assert_eq!(r.status, 400, "body {raw:?}");
        assert_eq!(r.json["message"], "bad request data");
    }
    // Dashboard uid missing / unknown.
    let r = api
        .post(
            "/api/snapshots",
            &Auth::Admin,
            &json!({"dashboard": {"title": "t"}}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "Unique identifier needed to be able to get a dashboard"
    );
    let r = api
        .post(
            "/api/snapshots",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "nope"}}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message":"Dashboard not found","traceID":""})
    );
    // Viewer may not create.
    let viewer = api.emu.create_service_account_token(1, Role::Viewer);
    let r = api
        .post("/api/snapshots", &Auth::token(&viewer), &snap_body("x"))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json, json!({"message":"forbidden"}));
    // Dashboard of another org is not found.
    let org2 = api.emu.create_org("Other");
    let editor2 = api.emu.create_service_account_token(org2, Role::Editor);
    let r = api
        .post("/api/snapshots", &Auth::token(&editor2), &snap_body("x"))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Dashboard not found");
}

#[tokio::test]
async fn defaults_name_and_expiry() {
    let api = start_demo().await;
    let r = api
        .post(
            "/api/snapshots",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "demo-overview"}, "expires": 0}),
        )
        .await;
    assert_eq!(r.status, 200);
    let list = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    let s = &list.json[0];
    assert_eq!(s["name"], "Unnamed snapshot");
    let created: i64 = s["created"].as_str().unwrap()[..4].parse().unwrap();
    let expires: i64 = s["expires"].as_str().unwrap()[..4].parse().unwrap();
    assert!(expires - created >= 49, "never = 50 years");
    let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "key",
            "orgId",
            "userId",
            "external",
            "externalUrl",
            "expires",
            "created",
            "updated"
        ]
    );
}

#[tokio::test]
async fn expiry_follows_test_clock() {
    let api = start_demo().await;
    let mut b = snap_body("short");
    b["expires"] = json!(60);
    let key = api.post("/api/snapshots", &Auth::Admin, &b).await.json["key"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/snapshots/{key}");
    assert_eq!(api.get(&path, &Auth::None).await.status, 200);
    api.emu.clock().advance(Duration::from_secs(61));
    let r = api.get(&path, &Auth::None).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message":"Dashboard snapshot not found"}));
    // Still listed until the cleanup would have run.
    let list = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    assert_eq!(list.json.as_array().unwrap().len(), 1);
    api.emu
        .clock()
        .advance(Duration::from_secs(CLEANUP_INTERVAL_SECS as u64));
    let list = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    assert_eq!(list.json, json!([]));
    let r = api.get(&path, &Auth::None).await;
    assert_eq!(r.json["messageId"], "dashboardsnapshots.not-found");
    // Eight days later a 7-day snapshot is gone too.
    let mut b = snap_body("week");
    b["expires"] = json!(7 * 86400);
    let key = api.post("/api/snapshots", &Auth::Admin, &b).await.json["key"]
        .as_str()
        .unwrap()
        .to_string();
    api.emu.clock().advance(Duration::from_secs(8 * 86400));
    assert_eq!(
        api.get(&format!("/api/snapshots/{key}"), &Auth::None)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn delete_by_delete_key() {
    let api = start_demo().await;
    let r = api
        .post("/api/snapshots", &Auth::Admin, &snap_body("d"))
        .await;
    let key = r.json["key"].as_str().unwrap().to_string();
    let del = r.json["deleteKey"].as_str().unwrap().to_string();
    // Needs a signed-in caller (not public mode).
    let r = api
        .get(&format!("/api/snapshots-delete/{del}"), &Auth::None)
        .await;
    assert_eq!(r.status, 401);
    // Any org's signed-in caller may use it.
    let org2 = api.emu.create_org("Other");
    let viewer2 = api.emu.create_service_account_token(org2, Role::Viewer);
    let r = api
        .get(
            &format!("/api/snapshots-delete/{del}"),
            &Auth::token(&viewer2),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({"message": DELETED}));
    assert_eq!(
        api.get(&format!("/api/snapshots/{key}"), &Auth::None)
            .await
            .status,
        404
    );
    let r = api
        .get(&format!("/api/snapshots-delete/{del}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message":"Snapshot not found"}));
}

#[tokio::test]
async fn delete_by_key_permissions_and_org() {
    let api = start_demo().await;
    let key = api
        .post("/api/snapshots", &Auth::Admin, &snap_body("o"))
        .await
        .json["key"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/snapshots/{key}");
    // Anonymous → 401; Viewer → RBAC 403.
    assert_eq!(api.delete(&path, &Auth::None).await.status, 401);
    let viewer = api.emu.create_service_account_token(1, Role::Viewer);
    let r = api.delete(&path, &Auth::token(&viewer)).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    assert_eq!(
        r.json["message"],
        "You'll need additional permissions to perform this action. Permissions needed: snapshots:delete"
    );
    let ace = r.json["accessErrorId"].as_str().unwrap();
    assert!(
        ace.starts_with("ACE") && ace.len() == 13 && ace[3..].bytes().all(|b| b.is_ascii_digit())
    );
    // Editor of another org → 401 OrgID mismatch.
    let org2 = api.emu.create_org("Other");
    let editor2 = api.emu.create_service_account_token(org2, Role::Editor);
    let r = api.delete(&path, &Auth::token(&editor2)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json, json!({"message":"OrgID mismatch"}));
    // Editor of the org → 200.
    let editor = api.emu.create_service_account_token(1, Role::Editor);
    assert_eq!(api.delete(&path, &Auth::token(&editor)).await.status, 200);
}

#[tokio::test]
async fn list_visibility_query_and_limit() {
    let api = start_demo().await;
    let editor = api.emu.create_service_account_token(1, Role::Editor);
    let viewer = api.emu.create_service_account_token(1, Role::Viewer);
    for name in ["alpha", "Alpha two", "beta", "a_c", "abc"] {
        let r = api
            .post("/api/snapshots", &Auth::Admin, &snap_body(name))
            .await;
        assert_eq!(r.status, 200);
    }
    let r = api
        .post(
            "/api/snapshots",
            &Auth::token(&editor),
            &snap_body("editor's"),
        )
        .await;
    assert_eq!(r.status, 200);
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    // Admin sees the whole org in id order.
    let all = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    assert_eq!(
        names(&all.json),
        ["alpha", "Alpha two", "beta", "a_c", "abc", "editor's"]
    );
    // Others see only their own.
    let r = api
        .get("/api/dashboard/snapshots", &Auth::token(&editor))
        .await;
    assert_eq!(names(&r.json), ["editor's"]);
    let r = api
        .get("/api/dashboard/snapshots", &Auth::token(&viewer))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!([]));
    // Exact LIKE semantics.
    let q = |query: &str| format!("/api/dashboard/snapshots?query={query}");
    assert_eq!(
        names(&api.get(&q("alpha"), &Auth::Admin).await.json),
        ["alpha"]
    );
    assert_eq!(
        names(&api.get(&q("ALPHA"), &Auth::Admin).await.json),
        ["alpha"]
    );
    assert_eq!(
        names(&api.get(&q("alpha%25"), &Auth::Admin).await.json),
        ["alpha", "Alpha two"]
    );
    assert_eq!(
        names(&api.get(&q("a_c"), &Auth::Admin).await.json),
        ["a_c", "abc"]
    );
    assert_eq!(
        names(&api.get(&q("alp"), &Auth::Admin).await.json),
        Vec::<String>::new()
    );
    // Limit.
    let r = api
        .get("/api/dashboard/snapshots?limit=2", &Auth::Admin)
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 2);
    let r = api
        .get("/api/dashboard/snapshots?limit=abc", &Auth::Admin)
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 6);
    // Other org sees nothing.
    let org2 = api.emu.create_org("Other");
    let admin2 = api.emu.create_service_account_token(org2, Role::Admin);
    let r = api
        .get("/api/dashboard/snapshots", &Auth::token(&admin2))
        .await;
    assert_eq!(r.json, json!([]));
    // Anonymous 401.
    assert_eq!(
        api.get("/api/dashboard/snapshots", &Auth::None)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn shared_options() {
    let api = start_demo().await;
    assert_eq!(
        api.get("/api/snapshot/shared-options", &Auth::None)
            .await
            .status,
        401
    );
    let r = api.get("/api/snapshot/shared-options", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({
            "externalEnabled": true,
            "externalSnapshotName": "Publish to snapshots.raintank.io",
            "externalSnapshotURL": "https://snapshots.raintank.io",
            "snapshotEnabled": true
        })
    );
}

#[tokio::test]
async fn disabled_snapshots() {
    let api = start_with(Emulator::builder().seed_demo().snapshots_enabled(false)).await;
    let disabled = json!({"message":"Dashboard Snapshots are disabled"});
    let r = api
        .post("/api/snapshots", &Auth::Admin, &snap_body("x"))
        .await;
    assert_eq!((r.status, &r.json), (403, &disabled));
    for path in [
        "/api/snapshots/abc",
        "/api/snapshots-delete/abc",
        "/api/dashboard/snapshots",
    ] {
        let r = api.get(path, &Auth::Admin).await;
        assert_eq!((r.status, &r.json), (403, &disabled), "{path}");
    }
    let r = api.delete("/api/snapshots/abc", &Auth::Admin).await;
    assert_eq!((r.status, &r.json), (403, &disabled));
    // shared-options is not gated.
    let r = api.get("/api/snapshot/shared-options", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["snapshotEnabled"], false);
}

#[tokio::test]
async fn external_snapshots() {
    let api = start_demo().await;
    let mut b = snap_body("ext");
    b["external"] = json!(true);
    let r = api.post("/api/snapshots", &Auth::Admin, &b).await;
    assert_eq!(r.status, 200);
    let key = r.json["key"].as_str().unwrap().to_string();
    assert_eq!(
        r.json["url"],
        json!(format!(
            "https://snapshots.raintank.io/dashboard/snapshot/{key}"
        ))
    );
    assert!(r.json["deleteUrl"]
        .as_str()
        .unwrap()
        .starts_with(&api.emu.url()));
    let list = api.get("/api/dashboard/snapshots", &Auth::Admin).await;
    assert_eq!(list.json[0]["external"], true);
    assert_eq!(list.json[0]["externalUrl"], r.json["url"]);
    let got = api.get(&format!("/api/snapshots/{key}"), &Auth::None).await;
    assert_eq!(got.json["dashboard"], json!({}));

    let api = start_with(
        Emulator::builder()
            .seed_demo()
            .external_snapshots_enabled(false),
    )
    .await;
    let r = api.post("/api/snapshots", &Auth::Admin, &b).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json,
        json!({"message":"External dashboard creation is disabled"})
    );
    let r = api.get("/api/snapshot/shared-options", &Auth::Admin).await;
    assert_eq!(r.json["externalEnabled"], false);
}

#[tokio::test]
async fn public_mode_allows_anonymous_create_and_delete_key() {
    let api = start_with(Emulator::builder().snapshots_public_mode(true)).await;
    let r = api
        .post(
            "/api/snapshots",
            &Auth::None,
            &json!({"dashboard": {"title": "anything"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let del = r.json["deleteKey"].as_str().unwrap().to_string();
    let r = api
        .get(&format!("/api/snapshots-delete/{del}"), &Auth::None)
        .await;
    assert_eq!(r.status, 200);
}
