//! Emulator tests: folders (behavior.md §4, fidelity audit F1–F4): CRUD,
//! lookup by id, nesting (parents, move, depth), permissions, the delete
//! guards and `permission=Edit`.

use crate::common::{start, start_demo, Auth};
use grafana_emulator::Role;
use serde_json::{json, Value};

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
    // `DeleteFolder` answers only a message (fidelity audit F1).
    assert_eq!(r.json, json!({"message": "Folder deleted"}));
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

async fn folder(api: &crate::common::Api, uid: &str, title: &str, parent: Option<&str>) -> Value {
    let mut body = json!({"uid": uid, "title": title});
    if let Some(p) = parent {
        body["parentUid"] = json!(p);
    }
    let r = api.post("/api/folders", &Auth::Admin, &body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json
}

#[tokio::test]
async fn get_by_id() {
    let api = start().await;
    let f = folder(&api, "byid", "By id", None).await;
    let id = f["id"].as_i64().unwrap();
    let r = api
        .get(&format!("/api/folders/id/{id}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["uid"], "byid");
    assert_eq!(r.json["title"], "By id");
    assert!(r.json.get("parents").is_none(), "no parents at the root");
    let r = api.get("/api/folders/id/999999", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message":"folder not found","status":"not-found"})
    );
    let r = api.get("/api/folders/id/abc", &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message": "id is invalid"}));
    assert_eq!(api.get("/api/folders/id/1", &Auth::None).await.status, 401);
}

#[tokio::test]
async fn nesting_parents_move_and_depth() {
    let api = start().await;
    folder(&api, "l1", "Level 1", None).await;
    folder(&api, "l2", "Level 2", Some("l1")).await;
    let l3 = folder(&api, "l3", "Level 3", Some("l2")).await;
    assert_eq!(l3["parentUid"], "l2");
    let parents: Vec<&str> = l3["parents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["uid"].as_str().unwrap())
        .collect();
    assert_eq!(parents, ["l1", "l2"], "root first");
    assert_eq!(l3["parents"][1]["parentUid"], "l1");
    assert!(l3["parents"][0].get("parents").is_none());
    folder(&api, "l4", "Level 4", Some("l3")).await;
    // A fifth level is refused (`MaxNestedFolderDepth` = 4).
    let r = api
        .post(
            "/api/folders",
            &Auth::Admin,
            &json!({"title": "L5", "parentUid": "l4"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message":"Maximum nested folder depth reached","messageId":"folder.maximum-depth-reached","statusCode":400})
    );

    // Move l3 (with l4 below it) to the root.
    let r = api
        .post(
            "/api/folders/l3/move",
            &Auth::Admin,
            &json!({"parentUid": ""}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["uid"], "l3");
    assert!(r.json.get("parentUid").is_none());
    assert!(r.json.get("parents").is_none());
    let r = api.get("/api/folders", &Auth::Admin).await;
    let roots: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["uid"].as_str().unwrap())
        .collect();
    assert_eq!(roots, ["l1", "l3"]);
    let r = api.get("/api/folders/l4", &Auth::Admin).await;
    assert_eq!(r.json["parents"][0]["uid"], "l3");

    // Into its own subtree: circular.
    let r = api
        .post(
            "/api/folders/l3/move",
            &Auth::Admin,
            &json!({"parentUid": "l4"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message":"Circular reference detected","messageId":"folder.circular-reference","statusCode":400})
    );
    let r = api
        .post(
            "/api/folders/l3/move",
            &Auth::Admin,
            &json!({"parentUid": "l3"}),
        )
        .await;
    assert_eq!(r.json["messageId"], "folder.circular-reference");
    // l3+l4 below l2 (level 2) would reach level 4: allowed; below l4's
    // former depth it would not.
    let r = api
        .post(
            "/api/folders/l3/move",
            &Auth::Admin,
            &json!({"parentUid": "l2"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["parentUid"], "l2");
    folder(&api, "m1", "M1", None).await;
    folder(&api, "m2", "M2", Some("m1")).await;
    let r = api
        .post(
            "/api/folders/m1/move",
            &Auth::Admin,
            &json!({"parentUid": "l3"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["messageId"], "folder.maximum-depth-reached");
    // Unknown folder or parent, bad body, viewer.
    let r = api
        .post(
            "/api/folders/nope/move",
            &Auth::Admin,
            &json!({"parentUid": ""}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .post(
            "/api/folders/m1/move",
            &Auth::Admin,
            &json!({"parentUid": "nope"}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["message"], "folder not found");
    let r = api
        .post_raw("/api/folders/m1/move", &Auth::Admin, "[1]")
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "bad request data");
    let viewer = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api
        .post("/api/folders/m1/move", &viewer, &json!({"parentUid": ""}))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("folders:write"));
    // Deleting the top deletes the whole subtree.
    assert_eq!(
        api.delete("/api/folders/l1", &Auth::Admin).await.status,
        200
    );
    for uid in ["l1", "l2", "l3", "l4"] {
        assert_eq!(
            api.get(&format!("/api/folders/{uid}"), &Auth::Admin)
                .await
                .status,
            404
        );
    }
}

#[tokio::test]
async fn permissions_default_replace_and_per_user() {
    let api = start().await;
    let f = folder(&api, "perm", "Perm", None).await;
    let r = api.get("/api/folders/perm/permissions", &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let items = r.json.as_array().unwrap();
    assert_eq!(items.len(), 3, "{items:?}");
    // The creator gets Admin, Editor Edit and Viewer View (root folder).
    assert_eq!(items[0]["userId"], 1);
    assert_eq!(items[0]["userLogin"], "admin");
    assert_eq!(items[0]["userEmail"], "admin@localhost");
    assert_eq!(
        items[0]["userAvatarUrl"],
        "/avatar/46d229b033af06a191ff2267bca9ae56"
    );
    assert_eq!(items[0]["permission"], 4);
    assert_eq!(items[0]["permissionName"], "Admin");
    assert!(items[0].get("role").is_none());
    assert_eq!(items[1]["role"], "Editor");
    assert_eq!(items[1]["permission"], 2);
    assert_eq!(items[1]["permissionName"], "Edit");
    assert_eq!(items[2]["role"], "Viewer");
    assert_eq!(items[2]["permissionName"], "View");
    assert_eq!(items[2]["userId"], 0);
    assert_eq!(items[2]["folderId"], f["id"]);
    assert_eq!(items[2]["uid"], "perm");
    assert_eq!(items[2]["title"], "Perm");
    assert_eq!(items[2]["isFolder"], true);
    assert_eq!(items[2]["inherited"], false);
    assert_eq!(items[2]["url"], "/dashboards/f/perm/perm");
    assert!(
        items[2].get("folderUid").is_none(),
        "parent uid omitted at the root"
    );

    // A nested folder has only the creator's Admin.
    folder(&api, "perm-child", "Child", Some("perm")).await;
    let r = api
        .get("/api/folders/perm-child/permissions", &Auth::Admin)
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["folderUid"], "perm");

    // POST replaces everything.
    let bob = api.emu.add_user("bob", "pw", 1, Role::Viewer);
    let r = api
        .post(
            "/api/folders/perm/permissions",
            &Auth::Admin,
            &json!({"items": [{"role": "Viewer", "permission": 2}, {"userId": bob, "permission": 4}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"message": "Folder permissions updated"}));
    let r = api.get("/api/folders/perm/permissions", &Auth::Admin).await;
    let got: Vec<(Value, Value, Value)> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["role"].clone(),
                p["userLogin"].clone(),
                p["permission"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (json!("Viewer"), json!(""), json!(2)),
            (Value::Null, json!("bob"), json!(4))
        ]
    );

    // Per-user permission through the resource-permissions API.
    let path = format!("/api/access-control/folders/perm/users/{bob}");
    let r = api
        .post(&path, &Auth::Admin, &json!({"permission": "View"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"message": "Permission updated"}));
    let r = api.get("/api/folders/perm/permissions", &Auth::Admin).await;
    assert_eq!(r.json[1]["permissionName"], "View");
    let r = api
        .post(&path, &Auth::Admin, &json!({"permission": ""}))
        .await;
    assert_eq!(r.json, json!({"message": "Permission removed"}));
    let r = api.get("/api/folders/perm/permissions", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    let r = api
        .post(&path, &Auth::Admin, &json!({"permission": "Owner"}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message": "failed to set user permission"}));
    let r = api
        .post(
            "/api/access-control/folders/perm/users/9999",
            &Auth::Admin,
            &json!({"permission": "View"}),
        )
        .await;
    assert_eq!(r.json, json!({"message": "failed to set user permission"}));
    let r = api
        .post(
            "/api/access-control/folders/nope/users/1",
            &Auth::Admin,
            &json!({"permission": "View"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            "/api/access-control/folders/perm/users/x",
            &Auth::Admin,
            &json!({"permission": "View"}),
        )
        .await;
    assert_eq!(r.json, json!({"message": "userID is invalid"}));
    let r = api.post_raw(&path, &Auth::Admin, "{").await;
    assert_eq!(r.json["message"], "bad request data");
}

#[tokio::test]
async fn permission_errors() {
    let api = start().await;
    folder(&api, "pe", "PE", None).await;
    let post = |body: Value| {
        let api = &api;
        async move {
            api.post("/api/folders/pe/permissions", &Auth::Admin, &body)
                .await
        }
    };
    let r = post(json!({"items": [{"userId": 1, "teamId": 2, "permission": 1}]})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message": "team and user permissions cannot have an associated role"})
    );
    let r = post(json!({"items": [{"userId": 1, "role": "Viewer", "permission": 1}]})).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({"message": "permissions cannot have both a user and team"})
    );
    let r = post(json!({"items": [{"role": "Viewer", "permission": 3}]})).await;
    assert_eq!(r.status, 500);
    assert_eq!(r.json, json!({"message": "Failed to create permission"}));
    let r = post(json!({"items": [{"userId": 4242, "permission": 1}]})).await;
    assert_eq!(r.status, 500);
    let r = post(json!({"items": [{"role": "Boss", "permission": 1}]})).await;
    assert_eq!(r.status, 500);
    let r = post(json!({"items": "x"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "bad request data");
    let r = api
        .post(
            "/api/folders/nope/permissions",
            &Auth::Admin,
            &json!({"items": []}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        api.get("/api/folders/nope/permissions", &Auth::Admin)
            .await
            .status,
        404
    );
    // An empty list removes every permission.
    assert_eq!(post(json!({"items": []})).await.status, 200);
    let r = api.get("/api/folders/pe/permissions", &Auth::Admin).await;
    assert_eq!(r.json, json!([]));
    // Editors may not read or change permissions.
    let editor = Auth::token(&api.emu.create_service_account_token(1, Role::Editor));
    let r = api.get("/api/folders/pe/permissions", &editor).await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("folders.permissions:read"));
    let r = api
        .post(
            "/api/folders/pe/permissions",
            &editor,
            &json!({"items": []}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = api
        .post(
            "/api/access-control/folders/pe/users/1",
            &editor,
            &json!({"permission": "View"}),
        )
        .await;
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("folders.permissions:write"));
}

#[tokio::test]
async fn list_with_edit_permission() {
    let api = start().await;
    folder(&api, "e1", "E1", None).await;
    api.emu.add_user("vera", "pw", 1, Role::Viewer);
    api.emu.add_user("ed", "pw", 1, Role::Editor);
    let vera = Auth::basic("vera", "pw");
    let ed = Auth::basic("ed", "pw");
    assert_eq!(
        api.get("/api/folders", &vera)
            .await
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.get("/api/folders?permission=Edit", &vera).await.json,
        json!([])
    );
    assert_eq!(
        api.get("/api/folders?permission=Edit", &ed).await.json[0]["uid"],
        "e1"
    );
    assert_eq!(
        api.get("/api/folders?permission=View", &vera).await.json[0]["uid"],
        "e1"
    );
    let r = api.get("/api/folders/e1", &vera).await;
    assert_eq!(r.json["canEdit"], false);
    assert_eq!(r.json["canAdmin"], false);
}

#[tokio::test]
async fn delete_guarded_by_connected_library_elements() {
    let api = start_demo().await;
    // The demo folder holds the demo library panel; connect it to a dashboard.
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "uses-lib", "title": "Uses lib", "panels": [
                {"id": 1, "libraryPanel": {"uid": "demo-library-panel", "name": "Demo library panel"}}
            ]}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api
        .delete(
            "/api/folders/demo-folder?forceDeleteRules=false",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json,
        json!({"message": "Folder could not be deleted because it contains library elements in use"})
    );
    assert_eq!(
        api.get("/api/folders/demo-folder", &Auth::Admin)
            .await
            .status,
        200
    );
    // Once no dashboard uses it (the demo data may have more users), the
    // folder and its library elements go.
    let conns = api
        .get(
            "/api/library-elements/demo-library-panel/connections",
            &Auth::Admin,
        )
        .await;
    for c in conns.json["result"].as_array().unwrap() {
        let uid = c["connectionUid"].as_str().unwrap();
        let r = api
            .delete(&format!("/api/dashboards/uid/{uid}"), &Auth::Admin)
            .await;
        assert_eq!(r.status, 200);
    }
    let r = api
        .delete(
            "/api/folders/demo-folder?forceDeleteRules=true",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"message": "Folder deleted"}));
    let r = api
        .get("/api/library-elements/demo-library-panel", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .get("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404, "dashboards in the folder are deleted");
}

#[tokio::test]
async fn delete_with_alert_rules_needs_force_delete_rules() {
    // The demo alert rule `demo-rule` lives in `demo-folder`, whose subtree
    // also holds `demo-nested`. The folder's library panel is connected to
    // the `demo-library` dashboard, a guard checked first: disconnect it.
    let api = start_demo().await;
    let r = api
        .delete("/api/dashboards/uid/demo-library", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api.delete("/api/folders/demo-folder", &Auth::Admin).await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(
        r.json,
        json!({"message": "folder cannot be deleted: folder contains alert rules"})
    );
    let r = api
        .get("/api/v1/provisioning/alert-rules/demo-rule", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "a refused delete keeps the rule");

    let r = api
        .delete(
            "/api/folders/demo-folder?forceDeleteRules=true",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json, json!({"message": "Folder deleted"}));
    let r = api
        .get("/api/v1/provisioning/alert-rules/demo-rule", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404, "the rule went with its folder");
    let r = api.get("/api/folders/demo-nested", &Auth::Admin).await;
    assert_eq!(r.status, 404, "subfolders are deleted too");
}
