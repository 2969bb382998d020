//! Emulator tests: users, server-admin side (`/api/users*`).

use crate::common::{start_demo, Auth};
use serde_json::{json, Value};

fn logins(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn search_lists_pages_and_filters() {
    let api = start_demo().await;
    let r = api.get("/api/users", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(logins(&r.json), ["admin", "editor", "viewer"]);
    let admin = &r.json[0];
    assert_eq!(admin["id"], 1);
    assert_eq!(admin["isAdmin"], true);
    assert_eq!(admin["isDisabled"], false);
    assert_eq!(admin["email"], "admin@localhost");
    assert_eq!(admin["lastSeenAtAge"], "10y");
    assert_eq!(admin["authLabels"], Value::Null);
    assert_eq!(admin["uid"].as_str().unwrap().len(), 14);
    for key in ["name", "avatarUrl", "lastSeenAt", "isProvisioned"] {
        assert!(admin.get(key).is_some(), "{key}");
    }
    assert_eq!(r.json[1]["isAdmin"], false);

    assert_eq!(
        logins(&api.get("/api/users?query=VIEW", &Auth::Admin).await.json),
        ["viewer"]
    );
    assert_eq!(
        logins(
            &api.get("/api/users?perpage=2&page=2", &Auth::Admin)
                .await
                .json
        ),
        ["viewer"]
    );
    assert_eq!(
        api.get("/api/users?perpage=2&page=3", &Auth::Admin)
            .await
            .json,
        json!([])
    );
    // page 0 is page 1
    assert_eq!(
        logins(
            &api.get("/api/users?perpage=1&page=0", &Auth::Admin)
                .await
                .json
        ),
        ["admin"]
    );

    let r = api.get("/api/users/search?perpage=2", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 3);
    assert_eq!(r.json["page"], 1);
    assert_eq!(r.json["perPage"], 2);
    assert_eq!(logins(&r.json["users"]), ["admin", "editor"]);
    let r = api
        .get("/api/users/search?query=nobody", &Auth::Admin)
        .await;
    assert_eq!(
        r.json,
        json!({"totalCount": 0, "users": [], "page": 1, "perPage": 1000})
    );

    // Server admin only, even for an org Admin.
    let r = api
        .get("/api/users", &Auth::basic("editor", "editor"))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"].as_str().unwrap().ends_with("users:read"));
    let tok = api
        .emu
        .create_service_account_token(1, grafana_emulator::Role::Admin);
    assert_eq!(
        api.get("/api/users/search", &Auth::token(&tok))
            .await
            .status,
        403
    );
    assert_eq!(api.get("/api/users", &Auth::None).await.status, 401);
}

#[tokio::test]
async fn get_lookup_update_and_orgs() {
    let api = start_demo().await;
    let r = api.get("/api/users/2", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let p = &r.json;
    assert_eq!(p["id"], 2);
    assert_eq!(p["login"], "editor");
    assert_eq!(p["email"], "editor@localhost");
    assert_eq!(p["orgId"], 1);
    assert_eq!(p["isGrafanaAdmin"], false);
    assert_eq!(p["authLabels"], json!([]));
    assert_eq!(p["theme"], "");
    for key in [
        "uid",
        "name",
        "isDisabled",
        "isExternal",
        "createdAt",
        "updatedAt",
        "avatarUrl",
    ] {
        assert!(p.get(key).is_some(), "{key}");
    }
    let uid = p["uid"].clone();
    let r = api.get("/api/users/99", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "user not found"}))
    );
    let r = api.get("/api/users/abc", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid"}))
    );

    // Lookup by login, then by email; the handler leaves uid empty.
    let r = api
        .get("/api/users/lookup?loginOrEmail=editor", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["id"], 2);
    assert_eq!(r.json["uid"], "");
    assert_eq!(r.json["authLabels"], Value::Null);
    let r = api
        .get(
            "/api/users/lookup?loginOrEmail=viewer%40localhost",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["login"], "viewer");
    let r = api
        .get("/api/users/lookup?loginOrEmail=ghost", &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "user not found"}))
    );
    assert_eq!(api.get("/api/users/lookup", &Auth::Admin).await.status, 404);

    // Update: empty fields keep their value; login falls back to the email.
    let r = api
        .put(
            "/api/users/2",
            &Auth::Admin,
            &json!({"name": "Ed", "email": " ed@example.com ", "login": "ed", "theme": "light"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User updated"}))
    );
    let r = api.get("/api/users/2", &Auth::Admin).await;
    assert_eq!(
        (
            r.json["name"].clone(),
            r.json["email"].clone(),
            r.json["login"].clone(),
            r.json["theme"].clone()
        ),
        (
            json!("Ed"),
            json!("ed@example.com"),
            json!("ed"),
            json!("light")
        )
    );
    assert_eq!(r.json["uid"], uid, "uid is stable");
    // The new login signs in.
    assert_eq!(
        api.get("/api/org", &Auth::basic("ed", "editor"))
            .await
            .status,
        200
    );
    let r = api
        .put(
            "/api/users/2",
            &Auth::Admin,
            &json!({"email": "only@example.com"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        api.get("/api/users/2", &Auth::Admin).await.json["login"],
        "only@example.com"
    );
    let r = api
        .put("/api/users/2", &Auth::Admin, &json!({"name": "No login"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "Need to specify either username or email", "messageId": "user.empty-username-and-email", "statusCode": 400})
        )
    );
    let r = api
        .put("/api/users/2", &Auth::Admin, &json!({"login": "Viewer"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            409,
            json!({"message": "Update would result in user login conflict"})
        )
    );
    let r = api
        .put("/api/users/99", &Auth::Admin, &json!({"login": "x"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (500, json!({"message": "Failed to update user"}))
    );
    let r = api
        .put("/api/users/2", &Auth::Admin, &json!({"login": 1}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    assert_eq!(
        api.put(
            "/api/users/2",
            &Auth::basic("viewer", "viewer"),
            &json!({"login": "x"})
        )
        .await
        .status,
        403
    );

    // Orgs of a user, by org name; unknown user → [].
    let r = api.get("/api/users/2/orgs", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!([{"orgId": 2, "name": "Demo Org 2", "role": "Viewer"}, {"orgId": 1, "name": "Main Org.", "role": "Editor"}])
    );
    assert_eq!(
        api.get("/api/users/99/orgs", &Auth::Admin).await.json,
        json!([])
    );
    assert_eq!(api.get("/api/users/x/orgs", &Auth::Admin).await.status, 400);
    assert_eq!(
        api.get("/api/users/2/orgs", &Auth::basic("viewer", "viewer"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn teams_and_active_org() {
    let api = start_demo().await;
    let r = api.get("/api/users/99/teams", &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!([])));
    let r = api
        .post(
            "/api/teams",
            &Auth::Admin,
            &json!({"name": "users-area-team"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let team = r.json["teamId"].as_i64().unwrap();
    let r = api
        .post(
            &format!("/api/teams/{team}/members"),
            &Auth::Admin,
            &json!({"userId": 3}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api.get("/api/users/3/teams", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let names: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"users-area-team"), "{names:?}");
    assert_eq!(
        api.get("/api/users/3/teams", &Auth::basic("editor", "editor"))
            .await
            .status,
        403
    );

    // Switch editor's active org to org 2 (a member there).
    let r = api
        .post("/api/users/2/using/2", &Auth::Admin, &json!(null))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Active organization changed"}))
    );
    assert_eq!(api.get("/api/users/2", &Auth::Admin).await.json["orgId"], 2);
    assert_eq!(
        api.get("/api/org", &Auth::basic("editor", "editor"))
            .await
            .json["id"],
        2
    );
    let r = api
        .post("/api/users/3/using/2", &Auth::Admin, &json!(null))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (401, json!({"message": "Not a valid organization"}))
    );
    let r = api
        .post("/api/users/3/using/x", &Auth::Admin, &json!(null))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "orgId is invalid"}))
    );
    assert_eq!(
        api.post(
            "/api/users/3/using/1",
            &Auth::basic("editor", "editor"),
            &json!(null)
        )
        .await
        .status,
        403
    );
}
