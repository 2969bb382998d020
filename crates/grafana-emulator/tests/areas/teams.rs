//! Emulator tests: teams (`/api/teams*`) and team preferences.

use grafana_emulator::Role;
use serde_json::json;

use crate::common::{start, start_demo, start_with, Api, Auth};

async fn create_team(api: &Api, name: &str) -> i64 {
    let r = api
        .post(
            "/api/teams",
            &Auth::Admin,
            &json!({"name": name, "email": "t@example.com"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["teamId"].as_i64().unwrap()
}

#[tokio::test]
async fn create_get_update_delete() {
    let api = start().await;
    let r = api
        .post(
            "/api/teams",
            &Auth::Admin,
            &json!({"name": "SRE", "email": "sre@example.com"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["message"], "Team created");
    let id = r.json["teamId"].as_i64().unwrap();
    let uid = r.json["uid"].as_str().unwrap().to_string();
    assert_eq!(uid.len(), 14);

    let r = api.get(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let t = &r.json;
    assert_eq!(t["id"], id);
    assert_eq!(t["uid"], uid.as_str());
    assert_eq!(t["orgId"], 1);
    assert_eq!(t["name"], "SRE");
    assert_eq!(t["email"], "sre@example.com");
    assert_eq!(t["memberCount"], 1, "the creating admin is a member");
    assert_eq!(t["permission"], 4, "as team admin");
    assert_eq!(t["isProvisioned"], false);
    assert_eq!(t["externalUID"], "");
    assert!(t["accessControl"].is_null());
    assert!(t["avatarUrl"].as_str().unwrap().starts_with("/avatar/"));

    // By uid (MiddlewareTeamUIDResolver).
    let r = api.get(&format!("/api/teams/{uid}"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["id"], id);
    let r = api.get("/api/teams/nosuchuid", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Not found"))
    );

    // accesscontrol metadata on request.
    let r = api
        .get(&format!("/api/teams/{id}?accesscontrol=true"), &Auth::Admin)
        .await;
    assert_eq!(r.json["accessControl"]["teams:write"], true);

    // Update: empty name keeps the name, email is always replaced; keys are
    // case-insensitive as Go binds them.
    let r = api
        .put(
            &format!("/api/teams/{id}"),
            &Auth::Admin,
            &json!({"Email": ""}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Team updated"))
    );
    let r = api.get(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(r.json["name"], "SRE");
    assert_eq!(r.json["email"], "");
    let r = api
        .put(
            &format!("/api/teams/{id}"),
            &Auth::Admin,
            &json!({"name": "SRE 2", "email": "x@y.z"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api.get(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(r.json["name"], "SRE 2");

    let r = api.delete(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Team deleted"))
    );
    let r = api.get(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Team not found"))
    );
    let r = api.delete(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Team not found"))
    );
    let r = api
        .put(
            &format!("/api/teams/{id}"),
            &Auth::Admin,
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Team not found"))
    );
}

#[tokio::test]
async fn create_and_update_errors() {
    let api = start().await;
    let r = api
        .post("/api/teams", &Auth::Admin, &json!({"email": "a@b"}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("bad request data"))
    );
    let r = api
        .post("/api/teams", &Auth::Admin, &json!({"name": 5}))
        .await;
    assert_eq!(r.status, 400);
    let r = api.post_raw("/api/teams", &Auth::Admin, "{not json").await;
    assert_eq!(r.status, 400);
    let a = create_team(&api, "A").await;
    create_team(&api, "B").await;
    let r = api
        .post("/api/teams", &Auth::Admin, &json!({"name": "A"}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (409, Some("Team name taken"))
    );
    let r = api
        .put(
            &format!("/api/teams/{a}"),
            &Auth::Admin,
            &json!({"name": "B"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("Team name taken"))
    );
    let r = api.get("/api/teams/99", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    let r = api
        .post("/api/teams", &Auth::None, &json!({"name": "C"}))
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn rbac_viewer_and_team_admin() {
    let api = start().await;
    api.emu.add_user("ed", "pw-ed", 1, Role::Editor);
    let viewer = api.emu.add_user("vi", "pw-vi", 1, Role::Viewer);
    let ed = Auth::basic("ed", "pw-ed");
    let vi = Auth::basic("vi", "pw-vi");
    let r = api.post("/api/teams", &ed, &json!({"name": "E"})).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("teams:create"));
    let r = api.get("/api/teams/search", &vi).await;
    assert_eq!(r.status, 403, "no team to read");
    let id = create_team(&api, "Ops").await;
    let r = api.get(&format!("/api/teams/{id}"), &vi).await;
    assert_eq!(r.status, 403);
    // A member may read the team and find it in the search, not change it.
    let r = api
        .post(
            &format!("/api/teams/{id}/members"),
            &Auth::Admin,
            &json!({"userId": viewer}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = api.get(&format!("/api/teams/{id}"), &vi).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["permission"], 0);
    let r = api.get("/api/teams/search", &vi).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 1);
    let r = api
        .put(&format!("/api/teams/{id}"), &vi, &json!({"name": "x"}))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"].as_str().unwrap().ends_with("teams:write"));
    // Made team admin, the member may update the team.
    let r = api
        .put(
            &format!("/api/teams/{id}/members/{viewer}"),
            &Auth::Admin,
            &json!({"permission": 4}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Team member updated"))
    );
    let r = api
        .put(&format!("/api/teams/{id}"), &vi, &json!({"name": "Ops2"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn search_filters_and_paging() {
    let api = start().await;
    for n in ["beta", "Alpha", "gamma"] {
        create_team(&api, n).await;
    }
    let r = api.get("/api/teams/search", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 3);
    assert_eq!(r.json["page"], 1);
    assert_eq!(r.json["perPage"], 1000);
    let names: Vec<&str> = r.json["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alpha", "beta", "gamma"]);
    let r = api
        .get("/api/teams/search?perpage=2&page=2", &Auth::Admin)
        .await;
    assert_eq!(r.json["totalCount"], 3);
    assert_eq!(r.json["perPage"], 2);
    assert_eq!(r.json["teams"].as_array().unwrap().len(), 1);
    let r = api.get("/api/teams/search?query=ALP", &Auth::Admin).await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["teams"][0]["name"], "Alpha");
    let r = api.get("/api/teams/search?name=alpha", &Auth::Admin).await;
    assert_eq!(r.json["totalCount"], 0, "name is exact");
    let r = api.get("/api/teams/search?name=beta", &Auth::Admin).await;
    assert_eq!(r.json["totalCount"], 1);
    let r = api
        .get("/api/teams/search?sort=name-desc", &Auth::Admin)
        .await;
    assert_eq!(r.json["teams"][0]["name"], "gamma");
    let r = api.get("/api/teams/search", &Auth::None).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn members_lifecycle() {
    let api = start().await;
    let u = api.emu.add_user("member1", "pw", 1, Role::Viewer);
    let other_org = api.emu.create_org("Other");
    let stranger = api.emu.add_user("stranger", "pw", other_org, Role::Viewer);
    let id = create_team(&api, "Team M").await;
    let path = format!("/api/teams/{id}/members");
    let r = api.post(&path, &Auth::Admin, &json!({"userId": u})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Member added to Team"))
    );
    let r = api.post(&path, &Auth::Admin, &json!({"userId": u})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("User is already added to this team"))
    );
    let r = api.post(&path, &Auth::Admin, &json!({})).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("bad request data"))
    );
    let r = api
        .post(&path, &Auth::Admin, &json!({"userId": stranger}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (500, Some("Failed to add Member to Team"))
    );

    let r = api.get(&path, &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let list = r.json.as_array().unwrap();
    let logins: Vec<&str> = list.iter().map(|m| m["login"].as_str().unwrap()).collect();
    assert_eq!(logins, ["admin", "member1"]);
    let m = &list[1];
    assert_eq!(m["userId"], u);
    assert_eq!(m["teamId"], id);
    assert_eq!(m["orgId"], 1);
    assert_eq!(m["email"], "member1@localhost");
    assert_eq!(m["permission"], 0);
    assert_eq!(m["labels"], json!([]));
    assert_eq!(m["auth_module"], "");
    assert_eq!(list[0]["permission"], 4);
    let r = api.get(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(r.json["memberCount"], 2);

    let r = api.delete(&format!("{path}/{u}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Team Member removed"))
    );
    let r = api.delete(&format!("{path}/{u}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Team member not found"))
    );
    let r = api.delete(&format!("{path}/abc"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("userId is invalid"))
    );
    let r = api.delete("/api/teams/999/members/1", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Team not found"))
    );
    let r = api
        .put(
            &format!("{path}/{u}"),
            &Auth::Admin,
            &json!({"permission": 4}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Team member not found."))
    );
    let r = api.get("/api/teams/999/members", &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!([])));
}

#[tokio::test]
async fn team_preferences() {
    let api = start_demo().await;
    let id = create_team(&api, "Prefs").await;
    let path = format!("/api/teams/{id}/preferences");
    let r = api.get(&path, &Auth::Admin).await;
    assert_eq!((r.status, r.json.clone()), (200, json!({})));
    let r = api
        .put(
            &path,
            &Auth::Admin,
            &json!({"theme": "dark", "timezone": "utc", "weekStart": "monday",
                    "homeDashboardUID": "demo-overview"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (200, Some("Preferences updated"))
    );
    let r = api.get(&path, &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!({"homeDashboardUID": "demo-overview", "timezone": "utc",
               "weekStart": "monday", "theme": "dark"})
    );
    // PUT replaces: what is not sent is reset.
    let r = api
        .put(&path, &Auth::Admin, &json!({"theme": "light"}))
        .await;
    assert_eq!(r.status, 200);
    let r = api.get(&path, &Auth::Admin).await;
    assert_eq!(r.json, json!({"theme": "light"}));
    let r = api
        .put(&path, &Auth::Admin, &json!({"theme": "pink"}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (400, Some("Invalid theme"))
    );
    let r = api
        .put(&path, &Auth::Admin, &json!({"homeDashboardUID": "nope"}))
        .await;
    assert_eq!(
        (r.status, r.json["message"].as_str()),
        (404, Some("Dashboard not found"))
    );
    let r = api.get("/api/teams/x-y/preferences", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    // A viewer holds no teams:read on a team they are not in.
    api.emu.add_user("v2", "pw", 1, Role::Viewer);
    let r = api.get(&path, &Auth::basic("v2", "pw")).await;
    assert_eq!(r.status, 403);
}

#[tokio::test]
async fn demo_team_is_seeded() {
    let api = start_demo().await;
    let r = api
        .get("/api/teams/search?name=Demo%20Team", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 1);
    let id = r.json["teams"][0]["id"].as_i64().unwrap();
    let r = api
        .get(&format!("/api/teams/{id}/members"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    // The demo users that the users area seeds.
    let logins: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["editor", "viewer"]);
}

#[tokio::test]
async fn service_account_creates_team_without_membership() {
    let api = start_with(grafana_emulator::Emulator::builder()).await;
    let token = api.emu.create_service_account_token(1, Role::Admin);
    let r = api
        .post(
            "/api/teams",
            &Auth::token(&token),
            &json!({"name": "ByToken"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json["teamId"].as_i64().unwrap();
    let r = api.get(&format!("/api/teams/{id}"), &Auth::Admin).await;
    assert_eq!(r.json["memberCount"], 0);
}
