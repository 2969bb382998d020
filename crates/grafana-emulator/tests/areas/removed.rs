//! Removed routes (404 everywhere) and Enterprise-only routes (404 on OSS,
//! served with `enterprise(true)`).

use grafana_emulator::{Emulator, Role};
use serde_json::json;

use crate::common::{start, start_with, Auth};

const REMOVED: &[(&str, &str)] = &[
    ("GET", "/api/dashboards/db/some-slug"),
    ("POST", "/api/admin/pause-all-alerts"),
    ("GET", "/api/alert-notifications"),
    ("GET", "/api/alert-notifications/lookup"),
    ("GET", "/api/alert-notifications/1"),
    ("GET", "/api/alert-notifications/uid/abc"),
    ("POST", "/api/alert-notifications"),
    ("PUT", "/api/alert-notifications/uid/abc"),
    ("DELETE", "/api/alert-notifications/1"),
    ("POST", "/api/user/stars/dashboard/1"),
    ("DELETE", "/api/user/stars/dashboard/1"),
    ("POST", "/api/datasources/1/enable-permissions"),
    ("POST", "/api/datasources/1/disable-permissions"),
    ("DELETE", "/api/datasources/1/permissions/2"),
    ("GET", "/api/auth/keys"),
    ("POST", "/api/auth/keys"),
];

const ENTERPRISE: &[(&str, &str)] = &[
    ("GET", "/api/access-control/roles"),
    ("POST", "/api/access-control/roles"),
    ("GET", "/api/access-control/teams/1/roles"),
    ("POST", "/api/access-control/teams/1/roles"),
    ("PUT", "/api/access-control/teams/1/roles"),
    ("DELETE", "/api/access-control/teams/1/roles/r1"),
    ("GET", "/api/teams/1/groups"),
    ("POST", "/api/teams/1/groups"),
    ("DELETE", "/api/teams/1/groups?groupId=g"),
    ("GET", "/api/access-control/datasources/ds1"),
    ("POST", "/api/access-control/datasources/ds1"),
    (
        "POST",
        "/api/access-control/datasources/ds1/builtInRoles/Viewer",
    ),
    ("POST", "/api/access-control/datasources/ds1/teams/1"),
    ("POST", "/api/access-control/datasources/ds1/users/1"),
];

#[tokio::test]
async fn removed_and_enterprise_routes_are_not_found_on_oss() {
    let api = start().await;
    for (m, p) in REMOVED.iter().chain(ENTERPRISE) {
        let r = api.req(m, p, &Auth::Admin, Some(&json!({})), &[]).await;
        assert_eq!(r.status, 404, "{m} {p}: {}", r.text);
        assert_eq!(r.json, json!({"message": "Not found"}), "{m} {p}");
    }
}

#[tokio::test]
async fn removed_routes_stay_removed_with_enterprise() {
    let api = start_with(Emulator::builder().enterprise(true)).await;
    for (m, p) in REMOVED {
        let r = api.req(m, p, &Auth::Admin, Some(&json!({})), &[]).await;
        assert_eq!(r.status, 404, "{m} {p}");
        assert_eq!(r.json, json!({"message": "Not found"}));
    }
}

#[tokio::test]
async fn enterprise_roles_and_team_assignments() {
    let api = start_with(Emulator::builder().enterprise(true)).await;
    let r = api.get("/api/access-control/roles", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!([]));
    let r = api
        .post(
            "/api/access-control/roles",
            &Auth::Admin,
            &json!({"uid": "custom-reader", "name": "custom:reader", "displayName": "Reader",
                    "permissions": [{"action": "dashboards:read", "scope": "dashboards:*"}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["uid"], "custom-reader");
    assert_eq!(r.json["version"], 1);
    assert_eq!(r.json["permissions"][0]["action"], "dashboards:read");
    let r = api
        .post(
            "/api/access-control/roles",
            &Auth::Admin,
            &json!({"uid": "custom-reader", "name": "x"}),
        )
        .await;
    assert_eq!(r.status, 409);
    let r = api
        .post(
            "/api/access-control/roles",
            &Auth::Admin,
            &json!({"uid": "u"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api.get("/api/access-control/roles", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);

    let r = api
        .post(
            "/api/access-control/teams/7/roles",
            &Auth::Admin,
            &json!({"roleUid": "custom-reader"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({"message": "Role added to the team."}));
    let r = api
        .post(
            "/api/access-control/teams/7/roles",
            &Auth::Admin,
            &json!({"roleUid": "missing"}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = api
        .get("/api/access-control/teams/7/roles", &Auth::Admin)
        .await;
    assert_eq!(r.json[0]["uid"], "custom-reader");
    let r = api
        .put(
            "/api/access-control/teams/7/roles",
            &Auth::Admin,
            &json!({"roleUids": []}),
        )
        .await;
    assert_eq!(r.json, json!({"message": "Team roles have been updated."}));
    let r = api
        .get("/api/access-control/teams/7/roles", &Auth::Admin)
        .await;
    assert_eq!(r.json, json!([]));
    let r = api
        .delete(
            "/api/access-control/teams/7/roles/custom-reader",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json, json!({"message": "Role removed from team."}));
    let r = api
        .get("/api/access-control/teams/x/roles", &Auth::Admin)
        .await;
    assert_eq!(r.status, 400);
    let viewer = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api.get("/api/access-control/roles", &viewer).await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"].as_str().unwrap().ends_with("roles:read"));
}

#[tokio::test]
async fn enterprise_team_groups() {
    let api = start_with(Emulator::builder().enterprise(true)).await;
    let group = "cn=ops,ou=groups,dc=example,dc=org";
    let r = api
        .post(
            "/api/teams/3/groups",
            &Auth::Admin,
            &json!({"groupId": group}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({"message": "Group added to Team"}));
    let r = api
        .post(
            "/api/teams/3/groups",
            &Auth::Admin,
            &json!({"groupId": group}),
        )
        .await;
    assert_eq!(r.status, 409);
    let r = api.get("/api/teams/3/groups", &Auth::Admin).await;
    assert_eq!(r.json, json!([{"orgId": 1, "teamId": 3, "groupId": group}]));
    let r = api
        .delete(
            "/api/teams/3/groups?groupId=cn%3Dops%2Cou%3Dgroups%2Cdc%3Dexample%2Cdc%3Dorg",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({"message": "Team Group removed"}));
    let r = api
        .delete("/api/teams/3/groups?groupId=x", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    let r = api.delete("/api/teams/3/groups", &Auth::Admin).await;
    assert_eq!(r.status, 400);
    let r = api.get("/api/teams/3/groups", &Auth::Admin).await;
    assert_eq!(r.json, json!([]));
}

#[tokio::test]
async fn enterprise_datasource_permissions() {
    let api = start_with(Emulator::builder().enterprise(true)).await;
    let r = api
        .get("/api/access-control/datasources/ds1", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json.as_array().unwrap().len(),
        3,
        "defaults: Admin, Editor, Viewer"
    );
    let r = api
        .post(
            "/api/access-control/datasources/ds1/builtInRoles/Viewer",
            &Auth::Admin,
            &json!({"permission": ""}),
        )
        .await;
    assert_eq!(r.json, json!({"message": "Permission updated"}));
    let r = api
        .post(
            "/api/access-control/datasources/ds1/teams/4",
            &Auth::Admin,
            &json!({"permission": "Edit"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .post(
            "/api/access-control/datasources/ds1/users/9",
            &Auth::Admin,
            &json!({"permission": "Query"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .post(
            "/api/access-control/datasources/ds1",
            &Auth::Admin,
            &json!({"permissions": [{"builtInRole": "Editor", "permission": "Edit"}]}),
        )
        .await;
    assert_eq!(r.json, json!({"message": "Permissions updated"}));
    let r = api
        .get("/api/access-control/datasources/ds1", &Auth::Admin)
        .await;
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert!(list.iter().all(|p| p["builtInRole"] != "Viewer"));
    let team = list.iter().find(|p| p["teamId"] == 4).unwrap();
    assert_eq!(team["permission"], "Edit");
    assert!(team["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("datasources:write")));
    let editor = list.iter().find(|p| p["builtInRole"] == "Editor").unwrap();
    assert_eq!(editor["permission"], "Edit");
    let r = api
        .post(
            "/api/access-control/datasources/ds1/teams/4",
            &Auth::Admin,
            &json!({"permission": "Owner"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            "/api/access-control/datasources/ds1/builtInRoles/Boss",
            &Auth::Admin,
            &json!({"permission": "Query"}),
        )
        .await;
    assert_eq!(r.status, 400);
}
