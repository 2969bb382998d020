//! Emulator tests: the signed-in user (`/api/user*`), user and org
//! preferences.

use grafana_emulator::{Emulator, Role, DEMO_LATENCY_UID, DEMO_OVERVIEW_UID};
use serde_json::json;

use crate::common::{start, start_demo, start_with, Auth};

#[tokio::test]
async fn get_user_profile() {
    let api = start().await;
    let r = api.get("/api/user", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let u = &r.json;
    assert_eq!(u["id"], 1);
    assert_eq!(u["login"], "admin");
    assert_eq!(u["email"], "admin@localhost");
    assert_eq!(u["name"], "admin");
    assert_eq!(u["orgId"], 1);
    assert_eq!(u["isGrafanaAdmin"], true);
    assert_eq!(u["isDisabled"], false);
    assert_eq!(u["isExternal"], false);
    assert_eq!(u["isExternallySynced"], false);
    assert_eq!(u["isGrafanaAdminExternallySynced"], false);
    assert_eq!(u["isProvisioned"], false);
    assert_eq!(u["authLabels"], json!([]));
    assert_eq!(u["theme"], "");
    // md5("admin@localhost")
    assert_eq!(u["avatarUrl"], "/avatar/46d229b033af06a191ff2267bca9ae56");
    assert_eq!(u["uid"].as_str().unwrap().len(), 14);
    assert!(u["createdAt"].as_str().unwrap().ends_with('Z'));
    let r = api.get("/api/user", &Auth::None).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (401, Some("Unauthorized"))
    );
    let r = api.get("/api/user", &Auth::basic("admin", "wrong")).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn service_account_answers() {
    let api = start().await;
    let tok = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api.get("/api/user", &tok).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["id"], 0);
    assert!(r.json["uid"]
        .as_str()
        .unwrap()
        .starts_with("service-account:"));
    assert_eq!(r.json["orgId"], 1);
    assert!(r.json["login"].as_str().unwrap().starts_with("sa-1-"));
    // User-only handlers answer 304 "Endpoint only available for users".
    for (m, p) in [
        ("GET", "/api/user/orgs"),
        ("GET", "/api/user/teams"),
        ("POST", "/api/user/using/1"),
    ] {
        let r = api.req(m, p, &tok, None, &[]).await;
        assert_eq!(r.status, 304, "{m} {p}");
    }
    let r = api
        .put("/api/user", &tok, &json!({"name": "x", "login": "y"}))
        .await;
    assert_eq!(r.status, 304);
    // Preferences are the account's own.
    let r = api
        .req(
            "PATCH",
            "/api/user/preferences",
            &tok,
            Some(&json!({"theme": "dark"})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api.get("/api/user/preferences", &tok).await;
    assert_eq!(r.json, json!({"theme": "dark"}));
    let r = api.get("/api/user/preferences", &Auth::Admin).await;
    assert_eq!(r.json, json!({}));
}

#[tokio::test]
async fn update_signed_in_user() {
    let api = start().await;
    api.emu.add_user("bob", "pw-bob", 1, Role::Viewer);
    api.emu.add_user("carol", "pw", 1, Role::Viewer);
    let bob = Auth::basic("bob", "pw-bob");
    let r = api
        .put(
            "/api/user",
            &bob,
            &json!({"name": "Bob B", "email": " bob@example.com ", "login": "bobby", "theme": "dark"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("User updated"))
    );
    let bob = Auth::basic("bobby", "pw-bob");
    let r = api.get("/api/user", &bob).await;
    assert_eq!(r.json["name"], "Bob B");
    assert_eq!(r.json["email"], "bob@example.com");
    assert_eq!(r.json["login"], "bobby");
    assert_eq!(r.json["theme"], "dark");
    let r = api.put("/api/user", &bob, &json!({"name": "x"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["messageId"], "user.empty-username-and-email");
    assert_eq!(
        r.json["message"],
        "Need to specify either username or email"
    );
    let r = api.put("/api/user", &bob, &json!({"login": "carol"})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (409, Some("Update would result in user login conflict"))
    );
    let r = api
        .put(
            "/api/user",
            &bob,
            &json!({"login": "bobby", "email": "carol@localhost"}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.json["messageId"], "user.email-conflict");
    let r = api.put("/api/user", &bob, &json!({"name": 3})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("bad request data"))
    );
}

#[tokio::test]
async fn orgs_teams_and_switching() {
    let api = start().await;
    let org2 = api.emu.create_org("Zeta Org");
    let org3 = api.emu.create_org("Alpha Org");
    let uid = api.emu.add_user("dora", "pw", 1, Role::Viewer);
    api.emu.add_user("dora", "pw", org2, Role::Editor);
    let dora = Auth::basic("dora", "pw");
    let r = api.get("/api/user/orgs", &dora).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!([
            {"orgId": 1, "name": "Main Org.", "role": "Viewer"},
            {"orgId": org2, "name": "Zeta Org", "role": "Editor"},
        ])
    );
    let r = api.get("/api/user/orgs", &Auth::Admin).await;
    let names: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Alpha Org", "Main Org.", "Zeta Org"],
        "ordered by name"
    );

    // Teams of the current org.
    let r = api.get("/api/user/teams", &dora).await;
    assert_eq!((r.status, r.json.clone()), (200, json!([])));
    let t = api
        .post("/api/teams", &Auth::Admin, &json!({"name": "D-team"}))
        .await;
    let team = t.json["teamId"].as_i64().unwrap();
    api.post(
        &format!("/api/teams/{team}/members"),
        &Auth::Admin,
        &json!({"userId": uid}),
    )
    .await;
    let r = api.get("/api/user/teams", &dora).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["name"], "D-team");
    assert_eq!(r.json[0]["memberCount"], 2);
    assert_eq!(r.json[0]["permission"], 0);

    // Switching the current org.
    let r = api
        .post(&format!("/api/user/using/{org2}"), &dora, &json!({}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Active organization changed"))
    );
    let r = api.get("/api/user", &dora).await;
    assert_eq!(r.json["orgId"], org2);
    let r = api.get("/api/org", &dora).await;
    assert_eq!(r.json["id"], org2, "requests without an org act in it");
    let r = api.get("/api/user/teams", &dora).await;
    assert_eq!(r.json, json!([]), "no team in that org");
    let r = api
        .post(&format!("/api/user/using/{org3}"), &dora, &json!({}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (401, Some("Not a valid organization"))
    );
    let r = api.post("/api/user/using/abc", &dora, &json!({})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("id is invalid"))
    );
}

#[tokio::test]
async fn change_password() {
    let api = start().await;
    api.emu.add_user("eve", "old-pass", 1, Role::Viewer);
    let eve = Auth::basic("eve", "old-pass");
    let r = api
        .put(
            "/api/user/password",
            &eve,
            &json!({"oldPassword": "nope", "newPassword": "brand-new"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Invalid old password");
    assert_eq!(r.json["messageId"], "user.password-missmatch");
    let r = api
        .put(
            "/api/user/password",
            &eve,
            &json!({"oldPassword": "old-pass", "newPassword": "abcd"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "New password is too short");
    assert_eq!(r.json["messageId"], "password-policy-too-short");
    let r = api
        .put(
            "/api/user/password",
            &eve,
            &json!({"oldPassword": "old-pass", "newPassword": "brand-new"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("User password changed"))
    );
    assert_eq!(api.get("/api/user", &eve).await.status, 401);
    assert_eq!(
        api.get("/api/user", &Auth::basic("eve", "brand-new"))
            .await
            .status,
        200
    );
    let r = api.put("/api/user/password", &Auth::None, &json!({})).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn stars_lifecycle() {
    let api = start_demo().await;
    let r = api.get("/api/user/stars", &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!([])));
    let p = format!("/api/user/stars/dashboard/uid/{DEMO_OVERVIEW_UID}");
    let r = api.post(&p, &Auth::Admin, &json!({})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Dashboard starred!"))
    );
    let r = api.post(&p, &Auth::Admin, &json!({})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (500, Some("Failed to star dashboard"))
    );
    let r = api
        .post(
            &format!("/api/user/stars/dashboard/uid/{DEMO_LATENCY_UID}"),
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api.get("/api/user/stars", &Auth::Admin).await;
    assert_eq!(r.json, json!([DEMO_LATENCY_UID, DEMO_OVERVIEW_UID]));
    let r = api
        .post(
            "/api/user/stars/dashboard/uid/missing",
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Dashboard not found"))
    );
    let r = api.delete(&p, &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Dashboard unstarred"))
    );
    let r = api.delete(&p, &Auth::Admin).await;
    assert_eq!(r.status, 200, "unstarring twice is fine");
    let r = api.get("/api/user/stars", &Auth::Admin).await;
    assert_eq!(r.json, json!([DEMO_LATENCY_UID]));
    let r = api.post(&p, &Auth::None, &json!({})).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn stars_in_grafana_13_skip_the_dashboard_check() {
    let api = start_with(Emulator::builder().version("13.0.0")).await;
    let p = "/api/user/stars/dashboard/uid/not-there";
    assert_eq!(api.post(p, &Auth::Admin, &json!({})).await.status, 200);
    assert_eq!(api.post(p, &Auth::Admin, &json!({})).await.status, 200);
}

#[tokio::test]
async fn user_preferences_put_patch() {
    let api = start_demo().await;
    let r = api.get("/api/user/preferences", &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({})));
    let r = api
        .put(
            "/api/user/preferences",
            &Auth::Admin,
            &json!({"theme": "dark", "timezone": "browser", "weekStart": "sunday",
                    "language": "en-US", "homeDashboardUID": DEMO_OVERVIEW_UID,
                    "queryHistory": {"homeTab": "starred"},
                    "navbar": {"bookmarkUrls": ["/d/x"]}, "cookies": ["analytics"]}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Preferences updated"))
    );
    let r = api.get("/api/user/preferences", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"homeDashboardUID": DEMO_OVERVIEW_UID, "timezone": "browser",
               "weekStart": "sunday", "theme": "dark", "language": "en-US",
               "queryHistory": {"homeTab": "starred"},
               "navbar": {"bookmarkUrls": ["/d/x"]}})
    );
    // PATCH merges.
    let r = api
        .req(
            "PATCH",
            "/api/user/preferences",
            &Auth::Admin,
            Some(&json!({"timezone": "utc", "homeDashboardUID": ""})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api.get("/api/user/preferences", &Auth::Admin).await;
    assert_eq!(r.json["timezone"], "utc");
    assert_eq!(r.json["theme"], "dark");
    assert!(r.json.get("homeDashboardUID").is_none(), "cleared");
    // PATCH by id sets the uid too.
    let r = api
        .get(
            &format!("/api/dashboards/uid/{DEMO_LATENCY_UID}"),
            &Auth::Admin,
        )
        .await;
    if r.status == 200 {
        let dash_id = r.json["dashboard"]["id"].as_i64().unwrap();
        let r = api
            .req(
                "PATCH",
                "/api/user/preferences",
                &Auth::Admin,
                Some(&json!({"homeDashboardId": dash_id})),
                &[],
            )
            .await;
        assert_eq!(r.status, 200);
        let r = api.get("/api/user/preferences", &Auth::Admin).await;
        assert_eq!(r.json["homeDashboardUID"], DEMO_LATENCY_UID);
    }
    // Errors.
    let r = api
        .req(
            "PATCH",
            "/api/user/preferences",
            &Auth::Admin,
            Some(&json!({"theme": ""})),
            &[],
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("Invalid theme"))
    );
    let r = api
        .put(
            "/api/user/preferences",
            &Auth::Admin,
            &json!({"cookies": ["tasty"]}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["messageId"], "preferences.unknownCookieType");
    let r = api
        .put(
            "/api/user/preferences",
            &Auth::Admin,
            &json!({"homeDashboardId": 424242}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Dashboard not found"))
    );
    let r = api
        .put(
            "/api/user/preferences",
            &Auth::Admin,
            &json!({"weekStart": 1}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("bad request data"))
    );
    let r = api.get("/api/user/preferences", &Auth::None).await;
    assert_eq!(r.status, 401);
    // PUT resets what it does not send.
    let r = api
        .put("/api/user/preferences", &Auth::Admin, &json!({}))
        .await;
    assert_eq!(r.status, 200);
    let r = api.get("/api/user/preferences", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"queryHistory": {"homeTab": "starred"}, "navbar": {"bookmarkUrls": ["/d/x"]}})
    );
}

#[tokio::test]
async fn org_preferences() {
    let api = start().await;
    api.emu.add_user("ed", "pw", 1, Role::Editor);
    let r = api.get("/api/org/preferences", &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({})));
    let r = api
        .put(
            "/api/org/preferences",
            &Auth::Admin,
            &json!({"theme": "light", "weekStart": "saturday"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Preferences updated"))
    );
    let r = api
        .req(
            "PATCH",
            "/api/org/preferences",
            &Auth::Admin,
            Some(&json!({"timezone": "utc"})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api.get("/api/org/preferences", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"timezone": "utc", "weekStart": "saturday", "theme": "light"})
    );
    // The org's preferences are not the admin's own.
    let r = api.get("/api/user/preferences", &Auth::Admin).await;
    assert_eq!(r.json, json!({}));
    let ed = Auth::basic("ed", "pw");
    let r = api.get("/api/org/preferences", &ed).await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("orgs.preferences:read"));
    let r = api.put("/api/org/preferences", &ed, &json!({})).await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("orgs.preferences:write"));
}
