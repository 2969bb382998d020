//! Service-account routes (minimal).

mod common;

use common::{start, Auth};
use grafana_emulator::Role;
use serde_json::json;

#[tokio::test]
async fn create_account_and_token() {
    let api = start().await;
    let r = api
        .post(
            "/api/serviceaccounts",
            &Auth::Admin,
            &json!({"name": "CI bot", "role": "Editor"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["name"], "CI bot");
    assert_eq!(r.json["login"], "sa-1-ci-bot");
    assert_eq!(r.json["role"], "Editor");
    assert_eq!(r.json["orgId"], 1);
    assert_eq!(r.json["isDisabled"], false);
    let id = r.json["id"].as_i64().unwrap();

    let r = api
        .post(
            &format!("/api/serviceaccounts/{id}/tokens"),
            &Auth::Admin,
            &json!({"name": "t1"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "name", "key"]);
    let token = r.json["key"].as_str().unwrap().to_string();
    assert!(token.starts_with("glsa_"));
    // The token acts as an Editor.
    let r = api
        .post(
            "/api/folders",
            &Auth::token(&token),
            &json!({"title": "by bot"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["createdBy"], "sa-1-ci-bot");
    // Duplicate token name.
    let r = api
        .post(
            &format!("/api/serviceaccounts/{id}/tokens"),
            &Auth::Admin,
            &json!({"name": "t1"}),
        )
        .await;
    assert_eq!(r.status, 400, "ErrDuplicateToken is a BadRequest");
    assert_eq!(r.json["messageId"], "serviceaccounts.ErrTokenAlreadyExists");

    let r = api
        .get("/api/serviceaccounts/search?query=ci", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["serviceAccounts"][0]["tokens"], 1);
    assert_eq!(r.json["page"], 1);
}

#[tokio::test]
async fn errors() {
    let api = start().await;
    let editor = Auth::token(&api.emu.create_service_account_token(1, Role::Editor));
    let r = api
        .post("/api/serviceaccounts", &editor, &json!({"name": "x"}))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json["message"],
        "You'll need additional permissions to perform this action. Permissions needed: serviceaccounts:create"
    );
    let r = api
        .post(
            "/api/serviceaccounts",
            &Auth::Admin,
            &json!({"role": "Viewer"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message":"Bad request data"}));
    let r = api
        .post(
            "/api/serviceaccounts",
            &Auth::Admin,
            &json!({"name": "x", "role": "Boss"}),
        )
        .await;
    assert_eq!(r.status, 400);
    api.post(
        "/api/serviceaccounts",
        &Auth::Admin,
        &json!({"name": "dup"}),
    )
    .await;
    let r = api
        .post(
            "/api/serviceaccounts",
            &Auth::Admin,
            &json!({"name": "dup"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            "/api/serviceaccounts/abc/tokens",
            &Auth::Admin,
            &json!({"name": "t"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = api
        .post(
            "/api/serviceaccounts/999/tokens",
            &Auth::Admin,
            &json!({"name": "t"}),
        )
        .await;
    assert_eq!(r.status, 404);
}
