//! Emulator tests: server administration (`/api/admin/*`).

use crate::common::{start, start_demo, Auth};
use serde_json::json;

#[tokio::test]
async fn settings_and_stats() {
    let api = start_demo().await;
    let r = api.get("/api/admin/settings", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["server"]["root_url"], format!("{}/", api.emu.url()));
    assert_eq!(r.json["database"]["password"], "*********");
    assert_eq!(r.json["security"]["admin_password"], "*********");
    assert_eq!(r.json["users"]["auto_assign_org_role"], "Viewer");
    assert_eq!(r.json["snapshots"]["enabled"], "true");
    for (section, keys) in r.json.as_object().unwrap() {
        for (k, v) in keys.as_object().unwrap() {
            assert!(v.is_string(), "{section}.{k} is not a string");
        }
    }
    let r = api
        .get("/api/admin/settings", &Auth::basic("editor", "editor"))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("settings:read"));

    let r = api.get("/api/admin/stats", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let s = &r.json;
    assert_eq!(s["orgs"], 2);
    assert_eq!(s["users"], 3);
    assert_eq!(
        (
            s["admins"].clone(),
            s["editors"].clone(),
            s["viewers"].clone()
        ),
        (json!(1), json!(1), json!(1))
    );
    let dashboards = s["dashboards"].as_u64().unwrap();
    assert!(dashboards >= 2, "demo dashboards counted: {dashboards}");
    for key in [
        "snapshots",
        "tags",
        "datasources",
        "playlists",
        "stars",
        "alerts",
        "activeUsers",
        "dailyActiveUsers",
        "monthlyActiveUsers",
        "activeSessions",
    ] {
        assert!(s[key].is_u64(), "{key}");
    }
    // Counts follow the state.
    api.post(
        "/api/admin/users",
        &Auth::Admin,
        &json!({"login": "counted", "password": "pass1234"}),
    )
    .await;
    api.save_dashboard(json!({"uid": "stats-dash", "title": "Stats", "tags": ["stats-only-tag"]}))
        .await;
    let after = api.get("/api/admin/stats", &Auth::Admin).await.json;
    assert_eq!(after["users"], 4);
    assert_eq!(after["dashboards"].as_u64().unwrap(), dashboards + 1);
    assert_eq!(
        after["tags"].as_u64().unwrap(),
        s["tags"].as_u64().unwrap() + 1
    );
    assert_eq!(
        api.get("/api/admin/stats", &Auth::basic("viewer", "viewer"))
            .await
            .status,
        403
    );
    assert_eq!(api.get("/api/admin/stats", &Auth::None).await.status, 401);
}

#[tokio::test]
async fn create_user_and_errors() {
    let api = start().await;
    let r = api
        .post("/api/admin/users", &Auth::Admin, &json!({"name": "Ada", "email": "ada@example.com", "login": "ada", "password": "s3cret-pass"}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["message"], "User created");
    let id = r.json["id"].as_i64().unwrap();
    let uid = r.json["uid"].as_str().unwrap().to_string();
    let p = api
        .get(&format!("/api/users/{id}"), &Auth::Admin)
        .await
        .json;
    assert_eq!(
        (p["login"].clone(), p["name"].clone(), p["uid"].clone()),
        (json!("ada"), json!("Ada"), json!(uid))
    );
    // Auto-assigned to org 1 as Viewer.
    let r = api
        .get(&format!("/api/users/{id}/orgs"), &Auth::Admin)
        .await;
    assert_eq!(
        r.json,
        json!([{"orgId": 1, "name": "Main Org.", "role": "Viewer"}])
    );
    assert_eq!(
        api.get("/api/org", &Auth::basic("ada", "s3cret-pass"))
            .await
            .status,
        200
    );

    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"email": "ADA@example.com", "login": "ada2", "password": "s3cret-pass"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            412,
            json!({"message": "User with email 'ADA@example.com' or username 'ada2' already exists"})
        )
    );
    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"login": "short", "password": "abc"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "New password is too short", "messageId": "password.password-policy-too-short", "statusCode": 400})
        )
    );
    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"login": "nopass"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"password": "longenough"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["messageId"], "user.empty-username-and-email");
    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"login": "lost", "password": "longenough", "orgId": 42}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "organization not found"}))
    );

    // Only the login given: the email is the login.
    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"login": "solo", "password": "longenough"}),
        )
        .await;
    let solo = r.json["id"].as_i64().unwrap();
    assert_eq!(
        api.get(&format!("/api/users/{solo}"), &Auth::Admin)
            .await
            .json["email"],
        "solo"
    );
    // Another org, given.
    let org = api
        .post("/api/orgs", &Auth::Admin, &json!({"name": "Other"}))
        .await
        .json["orgId"]
        .as_i64()
        .unwrap();
    let r = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"login": "elsewhere", "password": "longenough", "orgId": org}),
        )
        .await;
    let other = r.json["id"].as_i64().unwrap();
    let r = api
        .get(&format!("/api/users/{other}/orgs"), &Auth::Admin)
        .await;
    assert_eq!(
        r.json,
        json!([{"orgId": org, "name": "Other", "role": "Viewer"}])
    );

    let r = api
        .post(
            "/api/admin/users",
            &Auth::basic("ada", "s3cret-pass"),
            &json!({"login": "x", "password": "longenough"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("users:create"));
}

#[tokio::test]
async fn password_permissions_disable_logout_delete() {
    let api = start().await;
    let id = api
        .post(
            "/api/admin/users",
            &Auth::Admin,
            &json!({"login": "bo", "password": "first-pass"}),
        )
        .await
        .json["id"]
        .as_i64()
        .unwrap();
    let bo = |p: &str| Auth::basic("bo", p);

    // Password.
    let path = format!("/api/admin/users/{id}/password");
    let r = api
        .put(&path, &Auth::Admin, &json!({"password": "second-pass"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User password updated"}))
    );
    assert_eq!(api.get("/api/org", &bo("first-pass")).await.status, 401);
    assert_eq!(api.get("/api/org", &bo("second-pass")).await.status, 200);
    let r = api
        .put(&path, &Auth::Admin, &json!({"password": "ab"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (500, json!({"message": "Failed to update user password"}))
    );
    let r = api.put(&path, &Auth::Admin, &json!({})).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = api
        .put(
            "/api/admin/users/99/password",
            &Auth::Admin,
            &json!({"password": "whatever"}),
        )
        .await;
    assert_eq!(r.status, 500);
    let r = api
        .put(
            "/api/admin/users/x/password",
            &Auth::Admin,
            &json!({"password": "whatever"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "id is invalid"}))
    );
    assert_eq!(
        api.put(&path, &bo("second-pass"), &json!({"password": "mine-now"}))
            .await
            .status,
        403
    );

    // Permissions: bo becomes a server admin and can use admin routes.
    let perm = format!("/api/admin/users/{id}/permissions");
    let r = api
        .put(&perm, &Auth::Admin, &json!({"isGrafanaAdmin": true}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User permissions updated"}))
    );
    assert_eq!(
        api.get("/api/admin/stats", &bo("second-pass")).await.status,
        200
    );
    assert_eq!(
        api.get(&format!("/api/users/{id}"), &Auth::Admin)
            .await
            .json["isGrafanaAdmin"],
        true
    );
    assert_eq!(
        api.put(&perm, &Auth::Admin, &json!({"isGrafanaAdmin": false}))
            .await
            .status,
        200
    );
    assert_eq!(
        api.get("/api/admin/stats", &bo("second-pass")).await.status,
        403
    );
    // The last server admin stays one.
    let r = api
        .put(
            "/api/admin/users/1/permissions",
            &Auth::Admin,
            &json!({"isGrafanaAdmin": false}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "cannot remove last grafana admin"}))
    );
    let r = api
        .put(
            "/api/admin/users/99/permissions",
            &Auth::Admin,
            &json!({"isGrafanaAdmin": true}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (500, json!({"message": "Failed to update user permissions"}))
    );

    // Disable: basic auth is refused with identity.disabled; enable restores it.
    let r = api
        .post(
            &format!("/api/admin/users/{id}/disable"),
            &Auth::Admin,
            &json!(null),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User disabled"}))
    );
    let r = api.get("/api/org", &bo("second-pass")).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            401,
            json!({"message": "Unauthorized", "messageId": "identity.disabled", "statusCode": 401, "traceID": ""})
        )
    );
    assert_eq!(
        api.get(&format!("/api/users/{id}"), &Auth::Admin)
            .await
            .json["isDisabled"],
        true
    );
    let r = api.get("/api/users?query=bo", &Auth::Admin).await;
    assert_eq!(r.json[0]["isDisabled"], true);
    let r = api
        .post(
            &format!("/api/admin/users/{id}/enable"),
            &Auth::Admin,
            &json!(null),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User enabled"}))
    );
    assert_eq!(api.get("/api/org", &bo("second-pass")).await.status, 200);
    for action in ["disable", "enable"] {
        let r = api
            .post(
                &format!("/api/admin/users/99/{action}"),
                &Auth::Admin,
                &json!(null),
            )
            .await;
        assert_eq!(
            (r.status, r.json.clone()),
            (404, json!({"message": "user not found"}))
        );
    }

    // Logout, sessions.
    let r = api
        .post(
            &format!("/api/admin/users/{id}/logout"),
            &Auth::Admin,
            &json!(null),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User logged out"}))
    );
    let r = api
        .post("/api/admin/users/1/logout", &Auth::Admin, &json!(null))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "You cannot logout yourself"}))
    );
    let r = api
        .post("/api/admin/users/99/logout", &Auth::Admin, &json!(null))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "User not found"}))
    );
    let r = api
        .get(&format!("/api/admin/users/{id}/auth-tokens"), &Auth::Admin)
        .await;
    assert_eq!((r.status, r.json.clone()), (200, json!([])));
    let r = api
        .post(
            &format!("/api/admin/users/{id}/revoke-auth-token"),
            &Auth::Admin,
            &json!({"authTokenId": 1}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "User auth token not found"}))
    );
    let r = api
        .post(
            &format!("/api/admin/users/{id}/revoke-auth-token"),
            &Auth::Admin,
            &json!({"authTokenId": "x"}),
        )
        .await;
    assert_eq!(r.status, 400);

    // Delete.
    let r = api
        .delete(
            &format!("/api/admin/users/{id}"),
            &Auth::basic("bo", "second-pass"),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = api
        .delete(&format!("/api/admin/users/{id}"), &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User deleted"}))
    );
    assert_eq!(
        api.get(&format!("/api/users/{id}"), &Auth::Admin)
            .await
            .status,
        404
    );
    assert_eq!(api.get("/api/org", &bo("second-pass")).await.status, 401);
    let r = api
        .delete(&format!("/api/admin/users/{id}"), &Auth::Admin)
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "user not found"}))
    );
    assert_eq!(
        api.delete("/api/admin/users/x", &Auth::Admin).await.status,
        400
    );
}
