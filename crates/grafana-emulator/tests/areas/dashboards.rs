//! Emulator tests: dashboards (save, get, delete, home, tags, permissions,
//! release differences). Sources: behavior.md §3, fidelity-audit.md D1–D6.

use crate::common::{start, start_demo, start_with, Auth};
use grafana_emulator::Emulator;
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
            json!({"message":"Dashboard title cannot contain more than 5 000 characters","status":"title-too-long"}),
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
            json!({"message":"Dashboard cannot be changed to a folder"}),
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

/// The meta of a stored dashboard on Grafana 12: `meta` before `dashboard`,
/// no `publicDashboardEnabled` (omitempty, never enabled), organization
/// annotation rights all false (audit D4); on 11.6 they follow the caller.
#[tokio::test]
async fn meta_by_release() {
    let api = start_demo().await;
    let r = api
        .get("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert!(r.text.starts_with("{\"meta\":"), "{}", &r.text[..40]);
    let meta = &r.json["meta"];
    assert!(meta.get("publicDashboardEnabled").is_none());
    assert!(meta.get("isStarred").is_none());
    assert_eq!(
        meta["annotationsPermissions"],
        json!({
            "dashboard": {"canAdd": true, "canEdit": true, "canDelete": true},
            "organization": {"canAdd": false, "canEdit": false, "canDelete": false}
        })
    );
    assert_eq!(meta["folderUid"], "demo-folder");
    assert_eq!(meta["folderTitle"], "Demo");
    assert_eq!(meta["createdBy"], "admin");

    let old = start_with(Emulator::builder().version("11.6.0").seed_demo()).await;
    let r = old
        .get("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert_eq!(
        r.json["meta"]["annotationsPermissions"]["organization"],
        json!({"canAdd": true, "canEdit": true, "canDelete": true})
    );
}

/// A service account's saves are recorded under its name from Grafana 12
/// (audit D5), under its login before.
#[tokio::test]
async fn service_account_saver_name() {
    for (version, expect) in [
        ("12.2.0", "emulator-sa-1"),
        ("11.6.0", "sa-1-emulator-sa-1"),
    ] {
        let api = start_with(Emulator::builder().version(version)).await;
        let token = api
            .emu
            .create_service_account_token(1, grafana_emulator::Role::Editor);
        let r = api
            .post(
                "/api/dashboards/db",
                &Auth::token(&token),
                &json!({"dashboard": {"uid": "by-sa", "title": "By SA"}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let r = api.get("/api/dashboards/uid/by-sa", &Auth::Admin).await;
        assert_eq!(r.json["meta"]["createdBy"], expect, "{version}");
        assert_eq!(r.json["meta"]["updatedBy"], expect, "{version}");
        let r = api
            .get("/api/dashboards/uid/by-sa/versions/1", &Auth::Admin)
            .await;
        assert_eq!(r.json["createdBy"], expect, "{version}");
    }
}

/// Grafana 13 saves through the k8s API: a conflict (or a missing version)
/// is 409, an empty title its own 400 (audit D6).
#[tokio::test]
async fn grafana_13_save_path() {
    let api = start_with(Emulator::builder().version("13.0.0")).await;
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "g13", "title": "G13"}}),
        )
        .await;
    assert_eq!((r.status, r.json["version"].clone()), (200, json!(1)));
    for body in [
        json!({"dashboard": {"uid": "g13", "title": "G13", "version": 7}}),
        json!({"dashboard": {"uid": "g13", "title": "G13"}}),
    ] {
        let r = api.post("/api/dashboards/db", &Auth::Admin, &body).await;
        assert_eq!(
            (r.status, r.json),
            (
                409,
                json!({"message": "Dashboard already exists. Use overwrite flag to update."})
            )
        );
    }
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"uid": "g13", "title": "G13", "version": 1}}),
        )
        .await;
    assert_eq!((r.status, r.json["version"].clone()), (200, json!(2)));
    let r = api
        .post(
            "/api/dashboards/db",
            &Auth::Admin,
            &json!({"dashboard": {"title": ""}}),
        )
        .await;
    assert_eq!(
        (r.status, r.json),
        (
            400,
            json!({"message": "Dashboard spec is missing required title property"})
        )
    );
}

/// `GET /api/dashboards/home`: Grafana's built-in home dashboard when no
/// preference names one; Admins get the getting-started panel.
#[tokio::test]
async fn home_dashboard() {
    let api = start().await;
    let r = api.get("/api/dashboards/home", &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["dashboard"]["title"], "Home");
    assert!(r.json.get("redirectUri").is_none());
    let meta = &r.json["meta"];
    assert_eq!(meta["canEdit"], true);
    assert_eq!(meta["canSave"], false);
    assert_eq!(meta["folderTitle"], "General");
    assert_eq!(meta["annotationsPermissions"], serde_json::Value::Null);
    assert!(meta.get("type").is_none());
    let panels = r.json["dashboard"]["panels"].as_array().unwrap();
    assert!(panels
        .iter()
        .any(|p| p["type"] == "gettingstarted" && p["id"] == 123123));

    api.emu
        .add_user("viewer", "pw", 1, grafana_emulator::Role::Viewer);
    let r = api
        .get("/api/dashboards/home", &Auth::basic("viewer", "pw"))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["meta"]["canEdit"], false);
    let panels = r.json["dashboard"]["panels"].as_array().unwrap();
    assert!(panels.iter().all(|p| p["type"] != "gettingstarted"));

    let r = api.get("/api/dashboards/home", &Auth::None).await;
    assert_eq!(r.status, 401);
}

/// `GET /api/dashboards/tags`: terms with counts, sorted by term, per org.
#[tokio::test]
async fn tags_cloud() {
    let api = start().await;
    let r = api.get("/api/dashboards/tags", &Auth::Admin).await;
    assert_eq!((r.status, r.json), (200, json!([])));
    for (uid, tags) in [("t1", json!(["b", "a"])), ("t2", json!(["b", "c", "b"]))] {
        api.save_dashboard(json!({"uid": uid, "title": uid, "tags": tags}))
            .await;
    }
    let r = api.get("/api/dashboards/tags", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!([
            {"term": "a", "count": 1},
            {"term": "b", "count": 2},
            {"term": "c", "count": 1}
        ])
    );
    // Another org sees its own tags only.
    let org2 = api.emu.create_org("Other");
    let other = org2.to_string();
    let r = api
        .req(
            "GET",
            "/api/dashboards/tags",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &other)],
        )
        .await;
    assert_eq!((r.status, r.json), (200, json!([])));
    let r = api.get("/api/dashboards/tags", &Auth::None).await;
    assert_eq!(r.status, 401);
}

/// Demo tags: every seeded dashboard is tagged `demo`.
#[tokio::test]
async fn tags_of_the_demo_seed() {
    let api = start_demo().await;
    let r = api.get("/api/dashboards/tags", &Auth::Admin).await;
    let list = r.json.as_array().unwrap();
    let demo = list.iter().find(|t| t["term"] == "demo").unwrap();
    assert_eq!(demo["count"], 5, "{}", r.text);
    let terms: Vec<&str> = list.iter().map(|t| t["term"].as_str().unwrap()).collect();
    let mut sorted = terms.clone();
    sorted.sort();
    assert_eq!(terms, sorted);
}

/// Default permissions of a new dashboard, replace with POST, errors, and
/// the deprecated id forms.
#[tokio::test]
async fn permissions_lifecycle() {
    let api = start_demo().await;
    let saved = api
        .save_dashboard(json!({"uid": "perm", "title": "Perm Dash"}))
        .await;
    let id = saved["id"].as_i64().unwrap();
    let r = api
        .get("/api/dashboards/uid/perm/permissions", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 3, "{}", r.text);
    assert_eq!(list[0]["userId"], 1);
    assert_eq!(list[0]["userLogin"], "admin");
    assert_eq!(list[0]["permission"], 4);
    assert_eq!(list[0]["permissionName"], "Admin");
    assert_eq!(
        list[0]["userAvatarUrl"],
        "/avatar/46d229b033af06a191ff2267bca9ae56"
    );
    assert!(list[0].get("role").is_none());
    assert_eq!(list[1]["role"], "Editor");
    assert_eq!(list[1]["permissionName"], "Edit");
    assert_eq!(list[2]["role"], "Viewer");
    assert_eq!(list[2]["permission"], 1);
    for item in list {
        assert_eq!(item["dashboardId"], id);
        assert_eq!(item["uid"], "perm");
        assert_eq!(item["title"], "Perm Dash");
        assert_eq!(item["slug"], "perm-dash");
        assert_eq!(item["url"], "/d/perm/perm-dash");
        assert_eq!(item["isFolder"], false);
        assert_eq!(item["inherited"], false);
        assert!(item.get("folderUid").is_none());
    }
    // In a folder only the creator's entry is the dashboard's own.
    let r = api
        .get(
            "/api/dashboards/uid/demo-overview/permissions",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json.as_array().unwrap().len(), 1, "{}", r.text);
    assert_eq!(r.json[0]["folderUid"], "demo-folder");

    // POST replaces the list.
    let r = api
        .post(
            "/api/dashboards/uid/perm/permissions",
            &Auth::Admin,
            &json!({"items": [{"role": "Viewer", "permission": 2}, {"userId": 1, "permission": 4}]}),
        )
        .await;
    assert_eq!(
        (r.status, r.json),
        (200, json!({"message": "Dashboard permissions updated"}))
    );
    let r = api
        .get(
            &format!("/api/dashboards/id/{id}/permissions"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200);
    let got: Vec<(serde_json::Value, serde_json::Value, serde_json::Value)> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["role"].clone(),
                p["userId"].clone(),
                p["permission"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("Viewer"), json!(0), json!(2)),
            (serde_json::Value::Null, json!(1), json!(4))
        ]
    );
    // The id form of POST, with an empty list: nothing left.
    let r = api
        .post(
            &format!("/api/dashboards/id/{id}/permissions"),
            &Auth::Admin,
            &json!({"items": []}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .get("/api/dashboards/uid/perm/permissions", &Auth::Admin)
        .await;
    assert_eq!(r.json, json!([]));

    // Errors, in Grafana's order and words.
    let cases = [
        (
            "/api/dashboards/uid/perm/permissions",
            json!({"items": [{"userId": 1, "teamId": 2, "permission": 1}]}),
            400,
            json!({"message": "team and user permissions cannot have an associated role"}),
        ),
        (
            "/api/dashboards/uid/perm/permissions",
            json!({"items": [{"userId": 1, "role": "Viewer", "permission": 1}]}),
            400,
            json!({"message": "permissions cannot have both a user and team"}),
        ),
        (
            "/api/dashboards/uid/perm/permissions",
            json!({"items": "x"}),
            400,
            json!({"message": "bad request data", "traceID": ""}),
        ),
        (
            "/api/dashboards/uid/nope/permissions",
            json!({"items": []}),
            404,
            json!({"message": "Dashboard not found"}),
        ),
        (
            "/api/dashboards/id/abc/permissions",
            json!({"items": []}),
            400,
            json!({"message": "dashboardId is invalid"}),
        ),
        (
            "/api/dashboards/id/999999/permissions",
            json!({"items": []}),
            404,
            json!({"message": "Dashboard not found"}),
        ),
        (
            "/api/dashboards/uid/perm/permissions",
            json!({"items": [{"userId": 4242, "permission": 1}]}),
            500,
            json!({"message": "Failed to update permissions"}),
        ),
    ];
    for (path, body, status, expect) in cases {
        let r = api.post(path, &Auth::Admin, &body).await;
        assert_eq!((r.status, &r.json), (status, &expect), "{path} {body}");
    }
    let r = api
        .get("/api/dashboards/uid/nope/permissions", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json),
        (404, json!({"message": "Dashboard not found"}))
    );
    let r = api
        .get("/api/dashboards/id/x/permissions", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json),
        (400, json!({"message": "dashboardId is invalid"}))
    );

    // Editors hold no dashboards.permissions:* of their own.
    api.emu
        .add_user("ed", "pw", 1, grafana_emulator::Role::Editor);
    let r = api
        .get(
            "/api/dashboards/uid/perm/permissions",
            &Auth::basic("ed", "pw"),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("Permissions needed: dashboards.permissions:read"));
    let r = api
        .post(
            "/api/dashboards/uid/perm/permissions",
            &Auth::basic("ed", "pw"),
            &json!({"items": []}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = api
        .get("/api/dashboards/uid/perm/permissions", &Auth::None)
        .await;
    assert_eq!(r.status, 401);
}

/// The demo seed's dashboards: rows, library panel, templating, nested
/// folder, org 2 when seeded, all on TestData with a version 1.
#[tokio::test]
async fn demo_seed_dashboards() {
    let api = start_demo().await;
    let r = api.get("/api/dashboards/uid/demo-rows", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let panels = r.json["dashboard"]["panels"].as_array().unwrap();
    let collapsed = panels
        .iter()
        .find(|p| p["type"] == "row" && p["collapsed"] == true)
        .unwrap();
    assert_eq!(collapsed["panels"].as_array().unwrap().len(), 2);

    let r = api
        .get("/api/dashboards/uid/demo-library", &Auth::Admin)
        .await;
    assert_eq!(
        r.json["dashboard"]["panels"][0]["libraryPanel"],
        json!({"uid": "demo-library-panel", "name": "Demo library panel"})
    );

    let r = api
        .get("/api/dashboards/uid/demo-templating", &Auth::Admin)
        .await;
    assert_eq!(r.json["meta"]["folderUid"], "demo-nested");
    assert_eq!(r.json["meta"]["folderTitle"], "Demo Nested");
    let vars = r.json["dashboard"]["templating"]["list"]
        .as_array()
        .unwrap();
    let kinds: Vec<&str> = vars.iter().map(|v| v["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["custom", "query", "interval"]);
    assert_eq!(vars[0]["name"], "host");
    assert_eq!(vars[0]["multi"], true);
    assert_eq!(vars[0]["options"][0]["value"], "$__all");
    assert_eq!(vars[1]["datasource"]["uid"], "testdata");
    assert!(r.json["dashboard"]["panels"][0]["title"]
        .as_str()
        .unwrap()
        .contains("$host"));

    let r = api.get("/api/folders/demo-nested", &Auth::Admin).await;
    assert_eq!(r.status, 200, "{}", r.text);

    let r = api
        .get("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert_eq!(
        r.json["dashboard"]["panels"][0]["datasource"],
        json!({"type": "grafana-testdata-datasource", "uid": "testdata"})
    );
    assert_eq!(
        r.json["dashboard"]["panels"][0]["targets"][0]["scenarioId"],
        "random_walk"
    );
    for uid in [
        "demo-overview",
        "demo-latency",
        "demo-rows",
        "demo-library",
        "demo-templating",
    ] {
        let r = api
            .get(&format!("/api/dashboards/uid/{uid}/versions"), &Auth::Admin)
            .await;
        assert_eq!(r.status, 200, "{uid}");
        assert_eq!(r.json["versions"].as_array().unwrap().len(), 1, "{uid}");
        assert_eq!(r.json["versions"][0]["message"], "Initial save");
    }

    // Org 2, when the orgs area seeded "Demo Org 2".
    let r = api.get("/api/orgs/name/Demo%20Org%202", &Auth::Admin).await;
    if r.status == 200 {
        let org = r.json["id"].to_string();
        let r = api
            .req(
                "GET",
                "/api/dashboards/uid/demo-org2-overview",
                &Auth::Admin,
                None,
                &[("X-Grafana-Org-Id", &org)],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.json["meta"]["folderTitle"], "General");
    }
    let r = api
        .get("/api/dashboards/uid/demo-org2-overview", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404, "org 2's dashboard is not in org 1");
}

/// A home dashboard named in the preferences: `{"redirectUri"}`; the
/// user's preference overrides the org's; an unknown uid is refused by the
/// preferences area, and a deleted one falls back to the built-in home.
#[tokio::test]
async fn home_dashboard_from_preferences() {
    let api = start_demo().await;
    let r = api
        .req(
            "PATCH",
            "/api/org/preferences",
            &Auth::Admin,
            Some(&json!({"homeDashboardUID": "demo-latency"})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api.get("/api/dashboards/home", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json),
        (200, json!({"redirectUri": "/d/demo-latency/demo-latency"}))
    );
    let r = api
        .req(
            "PUT",
            "/api/user/preferences",
            &Auth::Admin,
            Some(&json!({"homeDashboardUID": "demo-overview"})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api.get("/api/dashboards/home", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"redirectUri": "/d/demo-overview/demo-overview"})
    );
    // The user's choice deleted: it still wins over the org's, and Grafana
    // falls back to the built-in home.
    api.delete("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    let r = api.get("/api/dashboards/home", &Auth::Admin).await;
    assert_eq!(r.json["dashboard"]["title"], "Home", "{}", r.text);
}

/// `meta.isStarred` appears once the caller starred the dashboard.
#[tokio::test]
async fn starred_meta() {
    let api = start_demo().await;
    let r = api
        .post(
            "/api/user/stars/dashboard/uid/demo-latency",
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api
        .get("/api/dashboards/uid/demo-latency", &Auth::Admin)
        .await;
    assert_eq!(r.json["meta"]["isStarred"], true);
    let r = api
        .get("/api/dashboards/uid/demo-overview", &Auth::Admin)
        .await;
    assert!(r.json["meta"].get("isStarred").is_none());
}
