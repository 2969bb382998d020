//! Emulator tests: the current org (`/api/org*`) and the server-admin org
//! routes (`/api/orgs*`).

use crate::common::{start, start_demo, Api, Auth};
use serde_json::{json, Value};

async fn patch(api: &Api, path: &str, auth: &Auth, body: &Value) -> crate::common::Resp {
    api.req("PATCH", path, auth, Some(body), &[]).await
}

fn with_org(org: i64) -> String {
    org.to_string()
}

#[tokio::test]
async fn current_org_read_rename_and_address() {
    let api = start_demo().await;
    let r = api.get("/api/org", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json,
        json!({"id": 1, "name": "Main Org.", "address": {"address1": "", "address2": "", "city": "", "zipCode": "", "state": "", "country": ""}})
    );
    // Every basic role reads its org.
    let r = api.get("/api/org", &Auth::basic("viewer", "viewer")).await;
    assert_eq!((r.status, r.json["id"].clone()), (200, json!(1)));

    let r = api
        .put("/api/org", &Auth::Admin, &json!({"name": "Renamed"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Organization updated"}))
    );
    assert_eq!(
        api.get("/api/org", &Auth::Admin).await.json["name"],
        "Renamed"
    );
    // Taken by org 2 → 400 (updateOrgHelper).
    let r = api
        .put("/api/org", &Auth::Admin, &json!({"name": "Demo Org 2"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "Organization name taken"}))
    );
    // Own name again is fine; a missing name is a binding error.
    assert_eq!(
        api.put("/api/org", &Auth::Admin, &json!({"name": "Renamed"}))
            .await
            .status,
        200
    );
    let r = api.put("/api/org", &Auth::Admin, &json!({})).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = api.put("/api/org", &Auth::Admin, &json!({"name": 5})).await;
    assert_eq!(r.status, 400);

    // Address: Go binds keys case-insensitively (`zipcode` is the form's key).
    let r = api
        .put(
            "/api/org/address",
            &Auth::Admin,
            &json!({"address1": "1 Main St", "city": "Oslo", "zipcode": "0150", "country": "NO"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Address updated"}))
    );
    let r = api.get("/api/org", &Auth::Admin).await;
    assert_eq!(
        r.json["address"],
        json!({"address1": "1 Main St", "address2": "", "city": "Oslo", "zipCode": "0150", "state": "", "country": "NO"})
    );

    // Writing needs orgs:write (Admin).
    let r = api
        .put(
            "/api/org",
            &Auth::basic("editor", "editor"),
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json["message"],
        "You'll need additional permissions to perform this action. Permissions needed: orgs:write"
    );
    let r = api
        .put(
            "/api/org/address",
            &Auth::basic("viewer", "viewer"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(api.get("/api/org", &Auth::None).await.status, 401);
}

#[tokio::test]
async fn current_org_outside_membership_is_rbac_403() {
    // Fidelity audit O1: org -1, no role → orgs:read denied.
    let api = start_demo().await;
    let r = api
        .req(
            "GET",
            "/api/org",
            &Auth::basic("viewer", "viewer"),
            None,
            &[("X-Grafana-Org-Id", "2")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    assert!(r.json["message"].as_str().unwrap().ends_with("orgs:read"));
    // editor is a Viewer of org 2.
    let r = api
        .req(
            "GET",
            "/api/org",
            &Auth::basic("editor", "editor"),
            None,
            &[("X-Grafana-Org-Id", "2")],
        )
        .await;
    assert_eq!(
        (r.status, r.json["name"].clone()),
        (200, json!("Demo Org 2"))
    );
}

#[tokio::test]
async fn current_org_users_lifecycle() {
    let api = start_demo().await;
    let r = api.get("/api/org/users", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let logins: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    assert_eq!(logins, ["admin", "editor", "viewer"], "ordered by login");
    let admin = &r.json[0];
    assert_eq!(admin["orgId"], 1);
    assert_eq!(admin["userId"], 1);
    assert_eq!(admin["role"], "Admin");
    assert_eq!(admin["email"], "admin@localhost");
    assert_eq!(admin["lastSeenAtAge"], "10y");
    assert_eq!(admin["isDisabled"], false);
    assert_eq!(admin["authLabels"], Value::Null);
    assert!(admin["avatarUrl"].as_str().unwrap().starts_with("/avatar/"));
    assert_eq!(
        admin["avatarUrl"].as_str().unwrap().len(),
        "/avatar/".len() + 32
    );
    for key in [
        "uid",
        "name",
        "lastSeenAt",
        "isExternallySynced",
        "isProvisioned",
    ] {
        assert!(admin.get(key).is_some(), "{key} missing");
    }
    // query and limit
    let r = api.get("/api/org/users?query=VIEW", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    let r = api.get("/api/org/users?limit=2", &Auth::Admin).await;
    assert_eq!(r.json.as_array().unwrap().len(), 2);
    // Paged search.
    let r = api
        .get("/api/org/users/search?perpage=2&page=2", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 3);
    assert_eq!(r.json["page"], 2);
    assert_eq!(r.json["perPage"], 2);
    assert_eq!(r.json["orgUsers"][0]["login"], "viewer");
    // Lookup.
    let r = api
        .get("/api/org/users/lookup?query=edit", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json.as_array().unwrap().len(), 1);
    assert_eq!(r.json[0]["login"], "editor");
    assert!(r.json[0].get("userId").is_some() && r.json[0].get("avatarUrl").is_some());
    let r = api
        .get("/api/org/users/lookup", &Auth::basic("viewer", "viewer"))
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .contains("any of org.users:read"));

    // Add a user that exists only in org 2.
    let bob = api
        .emu
        .add_user("bob", "pw", 2, grafana_emulator::Role::Editor);
    let r = api
        .post(
            "/api/org/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "bob@localhost", "role": "Editor"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            200,
            json!({"message": "User added to organization", "userId": bob})
        )
    );
    let r = api
        .post(
            "/api/org/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "bob", "role": "Viewer"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            409,
            json!({"message": "User is already member of this organization", "userId": bob})
        )
    );
    let r = api
        .post(
            "/api/org/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "nobody", "role": "Viewer"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "User not found"}))
    );
    let r = api
        .post(
            "/api/org/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "bob", "role": "Boss"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "Invalid role specified"}))
    );
    let r = api
        .post(
            "/api/org/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "bob"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = api
        .post(
            "/api/org/users",
            &Auth::basic("editor", "editor"),
            &json!({"loginOrEmail": "bob", "role": "Viewer"}),
        )
        .await;
    assert_eq!(r.status, 403);

    // Role change.
    let path = format!("/api/org/users/{bob}");
    let r = patch(&api, &path, &Auth::Admin, &json!({"role": "Admin"})).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Organization user updated"}))
    );
    let r = api.get("/api/org/users?query=bob", &Auth::Admin).await;
    assert_eq!(r.json[0]["role"], "Admin");
    let r = patch(&api, &path, &Auth::Admin, &json!({"role": "None"})).await;
    assert_eq!(r.status, 200);
    let r = api.get("/api/org/users?query=bob", &Auth::Admin).await;
    assert_eq!(r.json[0]["role"], "None");
    // Bob with the None role reads nothing in org 1.
    let r = api
        .req(
            "GET",
            "/api/org",
            &Auth::basic("bob", "pw"),
            None,
            &[("X-Grafana-Org-Id", "1")],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = patch(
        &api,
        "/api/org/users/abc",
        &Auth::Admin,
        &json!({"role": "Viewer"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "userId is invalid"}))
    );
    let r = patch(
        &api,
        "/api/org/users/999",
        &Auth::Admin,
        &json!({"role": "Viewer"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (500, json!({"message": "Failed update org user"}))
    );
    // The only Admin cannot be demoted or removed.
    let r = patch(
        &api,
        "/api/org/users/1",
        &Auth::Admin,
        &json!({"role": "Editor"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "Cannot change role so that there is no organization admin left"})
        )
    );
    let r = api.delete("/api/org/users/1", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "Cannot remove last organization admin"})
        )
    );

    // Bob still belongs to org 2: removed, not deleted.
    let r = api.delete(&path, &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User removed from organization"}))
    );
    assert_eq!(
        api.get("/api/org/users?query=bob", &Auth::Admin).await.json,
        json!([])
    );
    // viewer belongs only to org 1: removing deletes the user.
    let r = api.delete("/api/org/users/3", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User deleted"}))
    );
    assert_eq!(api.get("/api/users/3", &Auth::Admin).await.status, 404);
    let r = api.delete("/api/org/users/3", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            500,
            json!({"message": "Failed to remove user from organization"})
        )
    );
    assert_eq!(
        api.delete("/api/org/users/x", &Auth::Admin).await.status,
        400
    );
}

#[tokio::test]
async fn orgs_create_search_get_update_delete() {
    let api = start_demo().await;
    let r = api
        .post("/api/orgs", &Auth::Admin, &json!({"name": "Gamma"}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["message"], "Organization created");
    let id = r.json["orgId"].as_i64().unwrap();
    assert_eq!(id, 3);
    let r = api
        .post("/api/orgs", &Auth::Admin, &json!({"name": "Gamma"}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (409, json!({"message": "Organization name taken"}))
    );
    let r = api
        .post("/api/orgs", &Auth::Admin, &json!({"name": ""}))
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    // Only a Grafana Admin creates orgs (allow_org_create is off).
    let r = api
        .post(
            "/api/orgs",
            &Auth::basic("editor", "editor"),
            &json!({"name": "Nope"}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"].as_str().unwrap().ends_with("orgs:create"));
    // The creator is Admin of the new org.
    let r = api
        .get(&format!("/api/orgs/{id}/users"), &Auth::Admin)
        .await;
    assert_eq!(r.json[0]["login"], "admin");
    assert_eq!(r.json[0]["role"], "Admin");

    let r = api.get("/api/orgs", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!([{"id": 2, "name": "Demo Org 2"}, {"id": 3, "name": "Gamma"}, {"id": 1, "name": "Main Org."}])
    );
    let r = api.get("/api/orgs?query=gam", &Auth::Admin).await;
    assert_eq!(r.json, json!([{"id": 3, "name": "Gamma"}]));
    let r = api.get("/api/orgs?name=Main%20Org.", &Auth::Admin).await;
    assert_eq!(r.json, json!([{"id": 1, "name": "Main Org."}]));
    let r = api.get("/api/orgs?perpage=1&page=2", &Auth::Admin).await;
    assert_eq!(r.json, json!([{"id": 3, "name": "Gamma"}]));
    let r = api.get("/api/orgs", &Auth::basic("editor", "editor")).await;
    assert_eq!(r.status, 403);

    let r = api.get(&format!("/api/orgs/{id}"), &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["name"], "Gamma");
    assert_eq!(r.json["address"]["city"], "");
    let r = api.get("/api/orgs/99", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Organization not found"}))
    );
    let r = api.get("/api/orgs/abc", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "orgId is invalid"}))
    );
    // A member reads its own org through this route (orgs:read in that org) …
    let r = api
        .get("/api/orgs/1", &Auth::basic("viewer", "viewer"))
        .await;
    assert_eq!(r.status, 200);
    // … but not another org.
    let r = api
        .get(&format!("/api/orgs/{id}"), &Auth::basic("viewer", "viewer"))
        .await;
    assert_eq!(r.status, 403);

    let r = api.get("/api/orgs/name/Gamma", &Auth::Admin).await;
    assert_eq!((r.status, r.json["id"].clone()), (200, json!(id)));
    let r = api.get("/api/orgs/name/Demo%20Org%202", &Auth::Admin).await;
    assert_eq!(r.json["id"], 2);
    let r = api.get("/api/orgs/name/Nope", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (404, json!({"message": "Organization not found"}))
    );
    assert_eq!(
        api.get("/api/orgs/name/Gamma", &Auth::basic("viewer", "viewer"))
            .await
            .status,
        403
    );

    let r = api
        .put(
            &format!("/api/orgs/{id}"),
            &Auth::Admin,
            &json!({"name": "Delta"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Organization updated"}))
    );
    let r = api
        .put(
            &format!("/api/orgs/{id}"),
            &Auth::Admin,
            &json!({"name": "Main Org."}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "Organization name taken"}))
    );
    let r = api
        .put(
            &format!("/api/orgs/{id}/address"),
            &Auth::Admin,
            &json!({"address2": "Floor 2", "state": "CA"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Address updated"}))
    );
    let r = api.get(&format!("/api/orgs/{id}"), &Auth::Admin).await;
    assert_eq!(r.json["name"], "Delta");
    assert_eq!(r.json["address"]["address2"], "Floor 2");
    assert_eq!(r.json["address"]["state"], "CA");
    assert_eq!(
        api.put(
            "/api/orgs/1",
            &Auth::basic("editor", "editor"),
            &json!({"name": "x"})
        )
        .await
        .status,
        403
    );

    // Delete: not the org the caller acts in; the org's data goes with it.
    let h = with_org(id);
    let r = api
        .req(
            "POST",
            "/api/dashboards/db",
            &Auth::Admin,
            Some(&json!({"dashboard": {"uid": "in-delta", "title": "In delta"}})),
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .req(
            "DELETE",
            &format!("/api/orgs/{id}"),
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            400,
            json!({"message": "Can not delete org for current user"})
        )
    );
    let r = api
        .delete(&format!("/api/orgs/{id}"), &Auth::basic("editor", "editor"))
        .await;
    assert_eq!(r.status, 403);
    let r = api.delete(&format!("/api/orgs/{id}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Organization deleted"}))
    );
    let r = api.delete(&format!("/api/orgs/{id}"), &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            404,
            json!({"message": "Failed to delete organization. ID not found"})
        )
    );
    assert_eq!(
        api.get(&format!("/api/orgs/{id}"), &Auth::Admin)
            .await
            .status,
        404
    );
    let r = api.get("/api/user/orgs", &Auth::Admin).await;
    assert!(r
        .json
        .as_array()
        .map(|a| a.iter().all(|o| o["orgId"] != id))
        .unwrap_or(true));
    assert_eq!(api.delete("/api/orgs/x", &Auth::Admin).await.status, 400);
}

#[tokio::test]
async fn orgs_users_lifecycle() {
    let api = start_demo().await;
    let r = api.get("/api/orgs/2/users", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let pairs: Vec<(String, String)> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["login"].as_str().unwrap().into(),
                u["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("admin".into(), "Admin".into()),
            ("editor".into(), "Viewer".into())
        ]
    );
    assert_eq!(r.json[1]["orgId"], 2);
    // Unknown org: an empty list.
    assert_eq!(
        api.get("/api/orgs/77/users", &Auth::Admin).await.json,
        json!([])
    );
    let r = api
        .get("/api/orgs/2/users/search?query=edit", &Auth::Admin)
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["orgUsers"][0]["login"], "editor");
    // Viewer of org 1 cannot list org 2's users.
    assert_eq!(
        api.get("/api/orgs/2/users", &Auth::basic("viewer", "viewer"))
            .await
            .status,
        403
    );

    let r = api
        .post(
            "/api/orgs/2/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "viewer", "role": "Editor"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            200,
            json!({"message": "User added to organization", "userId": 3})
        )
    );
    let r = api
        .post(
            "/api/orgs/2/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "viewer", "role": "Editor"}),
        )
        .await;
    assert_eq!(r.status, 409);
    let r = api
        .post(
            "/api/orgs/77/users",
            &Auth::Admin,
            &json!({"loginOrEmail": "viewer", "role": "Editor"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (
            500,
            json!({"message": "Could not add user to organization"})
        )
    );
    let r = api.get("/api/users/3/orgs", &Auth::Admin).await;
    assert_eq!(
        r.json,
        json!([{"orgId": 2, "name": "Demo Org 2", "role": "Editor"}, {"orgId": 1, "name": "Main Org.", "role": "Viewer"}])
    );

    let r = patch(
        &api,
        "/api/orgs/2/users/3",
        &Auth::Admin,
        &json!({"role": "Admin"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "Organization user updated"}))
    );
    let r = patch(
        &api,
        "/api/orgs/2/users/3",
        &Auth::Admin,
        &json!({"role": ""}),
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "bad request data"}))
    );
    let r = patch(
        &api,
        "/api/orgs/2/users/x",
        &Auth::Admin,
        &json!({"role": "Viewer"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json.clone()),
        (400, json!({"message": "userId is invalid"}))
    );
    // Two Admins now: the built-in admin can be demoted in org 2.
    assert_eq!(
        patch(
            &api,
            "/api/orgs/2/users/1",
            &Auth::Admin,
            &json!({"role": "Viewer"})
        )
        .await
        .status,
        200
    );
    let r = patch(
        &api,
        "/api/orgs/2/users/3",
        &Auth::Admin,
        &json!({"role": "Viewer"}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        patch(
            &api,
            "/api/orgs/2/users/1",
            &Auth::Admin,
            &json!({"role": "Admin"})
        )
        .await
        .status,
        200
    );

    // Removing through /api/orgs never deletes the user.
    let r = api.delete("/api/orgs/2/users/3", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User removed from organization"}))
    );
    let r = api.delete("/api/orgs/1/users/3", &Auth::Admin).await;
    assert_eq!(
        (r.status, r.json.clone()),
        (200, json!({"message": "User removed from organization"}))
    );
    let r = api.get("/api/users/3", &Auth::Admin).await;
    assert_eq!(r.status, 200, "orphaned user is kept");
    assert_eq!(
        api.get("/api/users/3/orgs", &Auth::Admin).await.json,
        json!([])
    );
    let r = api.delete("/api/orgs/2/users/999", &Auth::Admin).await;
    assert_eq!(r.status, 500);
    assert_eq!(
        api.delete("/api/orgs/2/users/1", &Auth::basic("editor", "editor"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn org_routes_need_sign_in() {
    let api = start().await;
    for (m, p) in [
        ("GET", "/api/org"),
        ("GET", "/api/org/users"),
        ("GET", "/api/orgs"),
        ("POST", "/api/orgs"),
        ("GET", "/api/orgs/1"),
        ("GET", "/api/orgs/name/x"),
        ("DELETE", "/api/orgs/1/users/1"),
    ] {
        let r = api.req(m, p, &Auth::None, Some(&json!({})), &[]).await;
        assert_eq!(
            (r.status, r.json.clone()),
            (401, json!({"message": "Unauthorized"})),
            "{m} {p}"
        );
    }
}
