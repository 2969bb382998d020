//! Authentication bodies, role checks and org isolation (behavior.md §7, §8).

mod common;

use std::time::Duration;

use common::{start, start_demo, Auth};
use grafana_emulator::Role;
use serde_json::json;

#[tokio::test]
async fn anonymous_and_bad_credentials() {
    let api = start_demo().await;
    let r = api.get("/api/search", &Auth::None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json, json!({"message":"Unauthorized"}));
    let r = api.get("/api/search", &Auth::basic("admin", "wrong")).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json,
        json!({"message":"Invalid username or password","messageId":"password-auth.failed","statusCode":401,"traceID":""})
    );
    let r = api.get("/api/search", &Auth::basic("nobody", "x")).await;
    assert_eq!(r.json["messageId"], "password-auth.failed");
    for bad in [
        "glsa_notavalidtoken_00000000",
        "eyJrIjoiYWJjIn0=",
        "garbage",
    ] {
        let r = api.get("/api/search", &Auth::token(bad)).await;
        assert_eq!(r.status, 401);
        assert_eq!(
            r.json,
            json!({"message":"Invalid API key","messageId":"api-key.invalid","statusCode":401,"traceID":""})
        );
    }
    // Routes without auth still work with bad credentials.
    let r = api.get("/api/health", &Auth::token("garbage")).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn tokens_and_users_work() {
    let api = start_demo().await;
    let tok = api.emu.create_service_account_token(1, Role::Viewer);
    assert!(tok.starts_with("glsa_") && tok.len() == 46);
    assert_eq!(api.get("/api/search", &Auth::token(&tok)).await.status, 200);
    // (The demo seed has its own `viewer`, whose password add_user keeps.)
    api.emu.add_user("viewer2", "pw", 1, Role::Viewer);
    assert_eq!(
        api.get("/api/search", &Auth::basic("viewer2", "pw"))
            .await
            .status,
        200
    );
    // The email works as login.
    assert_eq!(
        api.get("/api/search", &Auth::basic("viewer2@localhost", "pw"))
            .await
            .status,
        200
    );
    let custom = start().await;
    assert_eq!(
        custom.get("/api/org", &Auth::Admin).await.json["name"],
        "Main Org."
    );
}

#[tokio::test]
async fn viewer_cannot_write() {
    let api = start_demo().await;
    let viewer = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api
        .post(
            "/api/dashboards/db",
            &viewer,
            &json!({"dashboard": {"title": "t"}}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json["message"],
        "You'll need additional permissions to perform this action. Permissions needed: any of dashboards:create, dashboards:write"
    );
    let r = api
        .post("/api/folders", &viewer, &json!({"title": "f"}))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    let r = api
        .delete("/api/dashboards/uid/demo-overview", &viewer)
        .await;
    assert_eq!(r.status, 403);
    // Reading is fine.
    let r = api.get("/api/dashboards/uid/demo-overview", &viewer).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["meta"]["canSave"], false);
}

#[tokio::test]
async fn org_header_selects_org_and_isolates_data() {
    let api = start_demo().await;
    let org2 = api.emu.create_org("Second");
    let h = org2.to_string();
    // Admin is Admin of new orgs; org 2 has no demo dashboards.
    let r = api
        .req(
            "GET",
            "/api/search",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!([]));
    let r = api
        .req(
            "GET",
            "/api/org",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.json["id"], org2);
    assert_eq!(r.json["name"], "Second");
    // Save in org 2, invisible from org 1.
    let body = json!({"dashboard": {"uid": "o2", "title": "Org two"}});
    let r = api
        .req(
            "POST",
            "/api/dashboards/db",
            &Auth::Admin,
            Some(&body),
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        api.get("/api/dashboards/uid/o2", &Auth::Admin).await.status,
        404
    );
    // targetOrgId wins over the header.
    let r = api
        .req(
            "GET",
            &format!("/api/dashboards/uid/o2?targetOrgId={org2}"),
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", "1")],
        )
        .await;
    assert_eq!(r.status, 200);
    // Garbage or non-positive header is ignored (default org).
    for bad in ["abc", "0", "-3", ""] {
        let r = api
            .req(
                "GET",
                "/api/dashboards/uid/demo-overview",
                &Auth::Admin,
                None,
                &[("X-Grafana-Org-Id", bad)],
            )
            .await;
        assert_eq!(r.status, 200, "header {bad:?}");
    }
}

#[tokio::test]
async fn token_for_other_org_is_rejected() {
    let api = start_demo().await;
    let tok = api.emu.create_service_account_token(1, Role::Admin);
    let r = api
        .req(
            "GET",
            "/api/search",
            &Auth::token(&tok),
            None,
            &[("X-Grafana-Org-Id", "2")],
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.json,
        json!({"message":"API key does not belong to the requested organization","messageId":"api-key.organization-mismatch","statusCode":401,"traceID":""})
    );
    let r = api
        .req(
            "GET",
            "/api/search",
            &Auth::token(&tok),
            None,
            &[("X-Grafana-Org-Id", "1")],
        )
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn user_outside_org_gets_403() {
    let api = start_demo().await;
    let org2 = api.emu.create_org("Second");
    api.emu.add_user("bob", "pw", 1, Role::Editor);
    let h = org2.to_string();
    let bob = Auth::basic("bob", "pw");
    let r = api
        .req(
            "GET",
            "/api/dashboards/uid/demo-overview",
            &bob,
            None,
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    let r = api
        .req(
            "GET",
            "/api/search",
            &bob,
            None,
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.json, json!([]));
    // `GET /api/org` is `authorize(orgs:read)`: no role in the org → the
    // RBAC 403 (fidelity audit O1), not a 404.
    let r = api
        .req("GET", "/api/org", &bob, None, &[("X-Grafana-Org-Id", &h)])
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["title"], "Access denied");
    // Membership added → works.
    api.emu.add_user("bob", "ignored", org2, Role::Viewer);
    let r = api
        .req(
            "GET",
            "/api/search",
            &bob,
            None,
            &[("X-Grafana-Org-Id", &h)],
        )
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn token_expiry_uses_test_clock() {
    let api = start_demo().await;
    let admin_tok = api.emu.create_service_account_token(1, Role::Admin);
    let sa = api
        .post(
            "/api/serviceaccounts",
            &Auth::token(&admin_tok),
            &json!({"name": "ci", "role": "Viewer"}),
        )
        .await;
    let id = sa.json["id"].as_i64().unwrap();
    let t = api
        .post(
            &format!("/api/serviceaccounts/{id}/tokens"),
            &Auth::Admin,
            &json!({"name": "short", "secondsToLive": 60}),
        )
        .await;
    let key = t.json["key"].as_str().unwrap().to_string();
    assert_eq!(api.get("/api/search", &Auth::token(&key)).await.status, 200);
    api.emu.clock().advance(Duration::from_secs(61));
    let r = api.get("/api/search", &Auth::token(&key)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json["messageId"], "api-key.expired");
    assert_eq!(r.json["message"], "Expired API key");
}

#[tokio::test]
async fn custom_admin_password() {
    let api =
        common::start_with(grafana_emulator::Emulator::builder().admin_password("s3cret")).await;
    assert_eq!(api.get("/api/org", &Auth::Admin).await.status, 401);
    assert_eq!(
        api.get("/api/org", &Auth::basic("admin", "s3cret"))
            .await
            .status,
        200
    );
}
