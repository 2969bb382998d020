//! Emulator tests: library elements (`pkg/services/libraryelements`):
//! create, get by uid and by name, search with every parameter, patch with
//! its version check, connections computed from dashboards, delete and its
//! guard, and the errors with Grafana's messages.

use crate::common::{start, start_demo, Api, Auth};
use grafana_emulator::Role;
use serde_json::{json, Value};

async fn create(api: &Api, body: Value) -> Value {
    let r = api.post("/api/library-elements", &Auth::Admin, &body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["result"].clone()
}

async fn folder(api: &Api, uid: &str, title: &str) -> i64 {
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"uid": uid, "title": title}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["id"].as_i64().unwrap()
}

#[tokio::test]
async fn create_get_and_dto_shape() {
    let api = start().await;
    let fid = folder(&api, "lib-f", "Lib folder").await;
    let e = create(
        &api,
        json!({"uid": "p1", "name": "Panel one", "kind": 1, "folderUid": "lib-f",
               "model": {"type": "timeseries", "title": "T", "description": "about",
                         "libraryPanel": {"uid": "old", "name": "x"}}}),
    )
    .await;
    let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "orgId",
            "folderId",
            "folderUid",
            "uid",
            "name",
            "kind",
            "type",
            "description",
            "model",
            "version",
            "meta"
        ]
    );
    assert_eq!(e["uid"], "p1");
    assert_eq!(e["orgId"], 1);
    assert_eq!(e["folderId"], fid);
    assert_eq!(e["folderUid"], "lib-f");
    assert_eq!(e["kind"], 1);
    assert_eq!(e["type"], "timeseries");
    assert_eq!(e["description"], "about");
    assert_eq!(e["version"], 1);
    // The library panel's uid inside the model follows the element's.
    assert_eq!(e["model"]["libraryPanel"]["uid"], "p1");
    let meta = &e["meta"];
    assert_eq!(meta["folderName"], "Lib folder");
    assert_eq!(meta["folderUid"], "lib-f");
    assert_eq!(meta["connectedDashboards"], 0);
    assert_eq!(
        meta["createdBy"],
        json!({"id": 1, "name": "admin", "avatarUrl": "/avatar/46d229b033af06a191ff2267bca9ae56"})
    );
    assert_eq!(meta["updatedBy"]["name"], "admin");
    assert!(meta["created"].as_str().unwrap().ends_with('Z'));

    let r = api.get("/api/library-elements/p1", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["result"]["name"], "Panel one");
    assert_eq!(r.json["result"]["meta"]["folderName"], "Lib folder");

    // At the root: the answer of create names no folder, reads say "General".
    let root = create(
        &api,
        json!({"name": "Root var", "kind": 2, "model": {"query": "a,b"}}),
    )
    .await;
    assert_eq!(root["uid"].as_str().unwrap().len(), 14, "generated uid");
    assert_eq!(root["folderId"], 0);
    assert_eq!(root["folderUid"], "");
    assert_eq!(root["meta"]["folderName"], "");
    // A variable's model gets its name; type and description are synced in.
    assert_eq!(
        root["model"],
        json!({"description": "", "name": "Root var", "query": "a,b", "type": ""})
    );
    let r = api
        .get(
            &format!("/api/library-elements/{}", root["uid"].as_str().unwrap()),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["result"]["meta"]["folderName"], "General");
    assert_eq!(r.json["result"]["meta"]["folderUid"], "");

    let r = api.get("/api/library-elements/missing", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message": "library element could not be found"})
    );
}

#[tokio::test]
async fn create_errors() {
    let api = start().await;
    create(
        &api,
        json!({"uid": "dup", "name": "Dup", "kind": 1, "model": {}}),
    )
    .await;
    let post = |body: Value| {
        let api = &api;
        async move { api.post("/api/library-elements", &Auth::Admin, &body).await }
    };
    let exists = json!({"message": "library element with that name or UID already exists"});
    let r = post(json!({"uid": "dup", "name": "Other", "kind": 1, "model": {}})).await;
    assert_eq!((r.status, &r.json), (400, &exists));
    let r = post(json!({"name": "Dup", "kind": 1, "model": {}})).await;
    assert_eq!((r.status, &r.json), (400, &exists));
    // Same name, other kind: allowed.
    assert_eq!(
        post(json!({"name": "Dup", "kind": 2, "model": {}}))
            .await
            .status,
        200
    );
    let r = post(json!({"uid": "a/b", "name": "x", "kind": 1, "model": {}})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message": "uid contains illegal characters"})
    );
    let r = post(json!({"uid": "a".repeat(41), "name": "x", "kind": 1, "model": {}})).await;
    assert_eq!(
        r.json,
        json!({"message": "uid too long, max 40 characters"})
    );
    // kind is required.
    let r = post(json!({"name": "x", "model": {}})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message": "bad request data"}));
    let r = post(json!({"name": "x", "kind": 3, "model": {}})).await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json,
        json!({"message": "Failed to create library element"})
    );
    let r = post(json!({"name": "x", "kind": 1})).await;
    assert_eq!(r.status, 500, "no model");
    let r = post(json!({"name": "x", "kind": 1, "model": {"type": 5}})).await;
    assert_eq!(r.status, 500);
    let r = post(json!({"name": "x", "kind": 1, "model": {}, "folderUid": "nope"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message": "failed to get folder"}));
    let r = api
        .post_raw("/api/library-elements", &Auth::Admin, "{bad")
        .await;
    assert_eq!(r.json["message"], "bad request data");
    // Viewers may read but not create.
    let viewer = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api
        .post(
            "/api/library-elements",
            &viewer,
            &json!({"name": "v", "kind": 1, "model": {}}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("library.panels:create"));
    assert_eq!(
        api.get("/api/library-elements/dup", &viewer).await.status,
        200
    );
    assert_eq!(
        api.get("/api/library-elements", &Auth::None).await.status,
        401
    );
}

#[tokio::test]
async fn by_name() {
    let api = start().await;
    folder(&api, "n-f", "N").await;
    create(&api, json!({"name": "Same", "kind": 1, "model": {}})).await;
    create(
        &api,
        json!({"name": "Same", "kind": 1, "model": {}, "folderUid": "n-f"}),
    )
    .await;
    let r = api
        .get("/api/library-elements/name/Same", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    let folders: Vec<&str> = r.json["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["meta"]["folderName"].as_str().unwrap())
        .collect();
    assert_eq!(folders, ["General", "N"]);
    let r = api
        .get("/api/library-elements/name/Nobody", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message": "library element could not be found"})
    );
}

#[tokio::test]
async fn search_parameters() {
    let api = start().await;
    let fa = folder(&api, "fa", "Folder A").await;
    for (uid, name, kind, typ, folder, desc) in [
        ("s1", "alpha", 1, "timeseries", "", ""),
        ("s2", "Bravo", 1, "text", "fa", "has NEEDLE"),
        ("s3", "charlie", 2, "", "fa", ""),
        ("s4", "delta", 1, "stat", "", ""),
    ] {
        create(
            &api,
            json!({"uid": uid, "name": name, "kind": kind, "folderUid": folder,
                   "model": {"type": typ, "description": desc}}),
        )
        .await;
    }
    let uids = |v: &Value| -> Vec<String> {
        v["result"]["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["uid"].as_str().unwrap().to_string())
            .collect()
    };
    let get = |q: String| {
        let api = &api;
        async move {
            api.get(&format!("/api/library-elements?{q}"), &Auth::Admin)
                .await
        }
    };
    let r = get(String::new()).await;
    assert_eq!(r.status, 200);
    // Byte order of names (`ORDER BY name`): upper case first.
    assert_eq!(uids(&r.json), ["s2", "s1", "s3", "s4"]);
    assert_eq!(r.json["result"]["totalCount"], 4);
    assert_eq!(r.json["result"]["page"], 1);
    assert_eq!(r.json["result"]["perPage"], 100);
    let r = get("sortDirection=alpha-desc".into()).await;
    assert_eq!(uids(&r.json), ["s4", "s3", "s1", "s2"]);
    let r = get("searchString=needle".into()).await;
    assert_eq!(uids(&r.json), ["s2"], "matches the description");
    let r = get("searchString=AL".into()).await;
    assert_eq!(uids(&r.json), ["s1"]);
    // kind=1 filters panels; kind=2 filters nothing (`writeKindSQL`).
    assert_eq!(uids(&get("kind=1".into()).await.json), ["s2", "s1", "s4"]);
    assert_eq!(uids(&get("kind=2".into()).await.json).len(), 4);
    assert_eq!(
        uids(&get("typeFilter=stat,text".into()).await.json),
        ["s2", "s4"]
    );
    assert_eq!(
        uids(&get("excludeUid=s1".into()).await.json),
        ["s2", "s3", "s4"]
    );
    assert_eq!(
        uids(&get(format!("folderFilter={fa}")).await.json),
        ["s2", "s3"]
    );
    assert_eq!(
        uids(&get(format!("folderFilter=0,{fa}")).await.json).len(),
        4
    );
    assert_eq!(
        uids(&get("folderFilterUIDs=fa".into()).await.json),
        ["s2", "s3"]
    );
    assert_eq!(
        uids(&get("folderFilterUIDs=general".into()).await.json),
        ["s1", "s4"]
    );
    let r = get("perPage=3&page=2".into()).await;
    assert_eq!(uids(&r.json), ["s4"]);
    assert_eq!(r.json["result"]["totalCount"], 4);
    assert_eq!(r.json["result"]["page"], 2);
    assert_eq!(r.json["result"]["perPage"], 3);
    // Both folder filters, or a non-numeric folder id: Grafana's 500.
    let r = get(format!("folderFilter={fa}&folderFilterUIDs=fa")).await;
    assert_eq!(r.status, 500);
    assert_eq!(r.json, json!({"message": "Failed to get library elements"}));
    assert_eq!(get("folderFilter=x".into()).await.status, 500);
}

#[tokio::test]
async fn patch_versions_and_errors() {
    let api = start().await;
    folder(&api, "pf", "PF").await;
    create(
        &api,
        json!({"uid": "u1", "name": "One", "kind": 1, "model": {"type": "text"}}),
    )
    .await;
    create(
        &api,
        json!({"uid": "u2", "name": "Two", "kind": 1, "model": {}}),
    )
    .await;
    let patch = |uid: &str, body: Value| {
        let api = &api;
        let path = format!("/api/library-elements/{uid}");
        async move {
            api.req("PATCH", &path, &Auth::Admin, Some(&body), &[])
                .await
        }
    };
    let r = patch(
        "u1",
        json!({"version": 1, "kind": 1, "name": "One v2", "folderUid": "pf",
               "model": {"type": "stat", "title": "new"}}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let e = &r.json["result"];
    assert_eq!(e["version"], 2);
    assert_eq!(e["name"], "One v2");
    assert_eq!(e["type"], "stat");
    assert_eq!(e["folderUid"], "pf");
    assert_eq!(e["meta"]["folderName"], "PF");
    assert_eq!(e["model"]["title"], "new");
    // No name, no model, no folder: kept.
    let r = patch("u1", json!({"version": 2, "kind": 1})).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["result"]["name"], "One v2");
    assert_eq!(r.json["result"]["model"]["title"], "new");
    assert_eq!(r.json["result"]["folderUid"], "pf");
    assert_eq!(r.json["result"]["version"], 3);
    // Stale version.
    let r = patch("u1", json!({"version": 1, "kind": 1, "name": "x"})).await;
    assert_eq!(r.status, 412);
    assert_eq!(
        r.json,
        json!({"message": "the library element has been changed by someone else"})
    );
    // Moving back to the root; a new uid.
    let r = patch(
        "u1",
        json!({"version": 3, "kind": 1, "folderUid": "", "uid": "u1-new"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["result"]["uid"], "u1-new");
    assert_eq!(r.json["result"]["folderUid"], "");
    assert_eq!(
        api.get("/api/library-elements/u1", &Auth::Admin)
            .await
            .status,
        404
    );
    let r = patch("u1-new", json!({"version": 4, "kind": 1, "uid": "u2"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json["message"],
        "library element with that name or UID already exists"
    );
    let r = patch("u1-new", json!({"version": 4, "kind": 1, "name": "Two"})).await;
    assert_eq!(r.status, 400, "name taken in the same folder");
    let r = patch("u1-new", json!({"version": 4, "kind": 1, "uid": "bad uid"})).await;
    assert_eq!(r.json["message"], "uid contains illegal characters");
    let r = patch("missing", json!({"version": 1, "kind": 1})).await;
    assert_eq!(r.status, 404);
    let r = patch("u2", json!({"kind": 1})).await;
    assert_eq!(r.status, 400, "version is required");
    assert_eq!(r.json["message"], "bad request data");
    let r = patch("u2", json!({"version": 1, "kind": 1, "folderUid": "nope"})).await;
    assert_eq!(r.json, json!({"message": "failed to get folder"}));
    let viewer = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api
        .req(
            "PATCH",
            "/api/library-elements/u2",
            &viewer,
            Some(&json!({"version": 1, "kind": 1})),
            &[],
        )
        .await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn connections_and_delete() {
    let api = start_demo().await;
    let r = api
        .get("/api/library-elements/demo-library-panel", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "demo library panel is seeded");
    let e = r.json["result"].clone();
    assert_eq!(e["name"], "Demo library panel");
    assert_eq!(e["type"], "timeseries");
    assert_eq!(e["folderUid"], "demo-folder");
    let conns = "/api/library-elements/demo-library-panel/connections/";
    let r = api.get(conns, &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let before = r.json["result"].as_array().unwrap().len();
    // A dashboard with the panel inside a row connects it.
    let saved = api
        .save_dashboard(json!({"uid": "conn-d", "title": "Conn", "panels": [
            {"id": 1, "type": "row", "panels": [
                {"id": 2, "libraryPanel": {"uid": "demo-library-panel", "name": "Demo library panel"}}
            ]}
        ]}))
        .await;
    let r = api.get(conns, &Auth::Admin).await;
    let list = r.json["result"].as_array().unwrap();
    assert_eq!(list.len(), before + 1);
    let c = list
        .iter()
        .find(|c| c["connectionUid"] == "conn-d")
        .unwrap();
    assert_eq!(c["kind"], 1);
    assert_eq!(c["elementId"], e["id"]);
    assert_eq!(c["connectionId"], saved["id"]);
    assert_eq!(c["createdBy"]["name"], "admin");
    let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "kind",
            "elementId",
            "connectionId",
            "connectionUid",
            "created",
            "createdBy"
        ]
    );
    let r = api
        .get("/api/library-elements/demo-library-panel", &Auth::Admin)
        .await;
    assert_eq!(
        r.json["result"]["meta"]["connectedDashboards"],
        before as i64 + 1
    );
    // Connected: delete refused.
    let r = api
        .delete("/api/library-elements/demo-library-panel", &Auth::Admin)
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json,
        json!({"message": "the library element has connections"})
    );
    // Disconnect every dashboard, then delete.
    for d in api.get(conns, &Auth::Admin).await.json["result"]
        .as_array()
        .unwrap()
    {
        let uid = d["connectionUid"].as_str().unwrap();
        let r = api
            .delete(&format!("/api/dashboards/uid/{uid}"), &Auth::Admin)
            .await;
        assert_eq!(r.status, 200);
    }
    let r = api
        .delete("/api/library-elements/demo-library-panel", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json,
        json!({"id": e["id"], "message": "Library element deleted"})
    );
    let r = api
        .delete("/api/library-elements/demo-library-panel", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    let r = api.get(conns, &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message": "library element could not be found"})
    );
}

#[tokio::test]
async fn elements_are_org_scoped() {
    let api = start().await;
    create(
        &api,
        json!({"uid": "org1", "name": "Org one", "kind": 1, "model": {}}),
    )
    .await;
    let org2 = api.emu.create_org("Other");
    let r = api
        .req(
            "GET",
            "/api/library-elements/org1",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &org2.to_string())],
        )
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .req(
            "GET",
            "/api/library-elements",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &org2.to_string())],
        )
        .await;
    assert_eq!(r.json["result"]["totalCount"], 0);
}
