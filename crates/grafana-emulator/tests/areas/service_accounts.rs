//! Service accounts: every route, its status codes and bodies.

use grafana_emulator::Role;
use serde_json::json;

use crate::common::{start, Api, Auth};

async fn create(api: &Api, name: &str, role: &str) -> i64 {
    let r = api
        .post(
            "/api/serviceaccounts",
            &Auth::Admin,
            &json!({"name": name, "role": role}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json["id"].as_i64().unwrap()
}

async fn token(api: &Api, sa: i64, name: &str, ttl: i64) -> (i64, String) {
    let r = api
        .post(
            &format!("/api/serviceaccounts/{sa}/tokens"),
            &Auth::Admin,
            &json!({"name": name, "secondsToLive": ttl}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    (
        r.json["id"].as_i64().unwrap(),
        r.json["key"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn get_update_delete_lifecycle() {
    let api = start().await;
    let id = create(&api, "Deploy Bot", "Viewer").await;

    let r = api
        .get(&format!("/api/serviceaccounts/{id}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "uid",
            "name",
            "login",
            "orgId",
            "isDisabled",
            "createdAt",
            "updatedAt",
            "avatarUrl",
            "role",
            "teams"
        ],
        "tokens (0) and accessControl are omitempty"
    );
    assert_eq!(r.json["login"], "sa-1-deploy-bot");
    assert_eq!(r.json["role"], "Viewer");
    assert_eq!(r.json["teams"], json!([]));

    // accesscontrol=true adds the caller's permissions on the account.
    token(&api, id, "t-get", 0).await;
    let r = api
        .get(
            &format!("/api/serviceaccounts/{id}?accesscontrol=true"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["tokens"], 1);
    assert_eq!(r.json["accessControl"]["serviceaccounts:delete"], true);
    assert_eq!(r.json["accessControl"]["serviceaccounts:write"], true);

    let r = api
        .req(
            "PATCH",
            &format!("/api/serviceaccounts/{id}"),
            &Auth::Admin,
            Some(&json!({"name": "Release Bot", "role": "Editor", "isDisabled": true})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "message", "name", "serviceaccount"]);
    assert_eq!(r.json["message"], "Service account updated");
    assert_eq!(r.json["id"], id);
    assert_eq!(r.json["name"], "Release Bot");
    assert_eq!(r.json["serviceaccount"]["role"], "Editor");
    assert_eq!(r.json["serviceaccount"]["isDisabled"], true);
    assert_eq!(r.json["serviceaccount"]["login"], "sa-1-release-bot");

    // A partial update keeps the other fields.
    let r = api
        .req(
            "PATCH",
            &format!("/api/serviceaccounts/{id}"),
            &Auth::Admin,
            Some(&json!({"isDisabled": false})),
            &[],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["serviceaccount"]["role"], "Editor");
    assert_eq!(r.json["serviceaccount"]["name"], "Release Bot");
    assert_eq!(r.json["serviceaccount"]["isDisabled"], false);

    let r = api
        .delete(&format!("/api/serviceaccounts/{id}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({"message": "Service account deleted"}));
    let r = api
        .get(&format!("/api/serviceaccounts/{id}"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message": "service account not found", "messageId": "serviceaccounts.ErrNotFound", "statusCode": 404})
    );
    // Its tokens went with it.
    let r = api
        .get(&format!("/api/serviceaccounts/{id}/tokens"), &Auth::Admin)
        .await;
    assert_eq!(r.json, json!([]));
}

#[tokio::test]
async fn get_update_delete_errors() {
    let api = start().await;
    let id = create(&api, "errs", "Viewer").await;
    let other = create(&api, "taken", "Viewer").await;
    let r = api.get("/api/serviceaccounts/abc", &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Service Account ID is invalid");
    let r = api.delete("/api/serviceaccounts/abc", &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Service account ID is invalid");
    let r = api.delete("/api/serviceaccounts/999", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["messageId"], "serviceaccounts.ErrNotFound");

    let patch = |body: serde_json::Value, path: String| {
        let api = &api;
        async move {
            api.req("PATCH", &path, &Auth::Admin, Some(&body), &[])
                .await
        }
    };
    let r = patch(
        json!({"role": "Boss"}),
        format!("/api/serviceaccounts/{id}"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json, json!({"message": "Invalid role specified"}));
    let r = patch(json!({"name": 5}), format!("/api/serviceaccounts/{id}")).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Bad request data");
    let r = patch(json!({"name": "x"}), "/api/serviceaccounts/999".into()).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message": "Failed to retrieve service account"})
    );
    let r = patch(
        json!({"name": "taken"}),
        format!("/api/serviceaccounts/{id}"),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["messageId"], "serviceaccounts.ErrAlreadyExists");
    assert_ne!(id, other);

    // Another org's account is not found; non-admins are refused first.
    let org = api.emu.create_org("Other");
    let tok = Auth::token(&api.emu.create_service_account_token(org, Role::Admin));
    let r = api.get(&format!("/api/serviceaccounts/{id}"), &tok).await;
    assert_eq!(r.status, 404);
    let editor = Auth::token(&api.emu.create_service_account_token(1, Role::Editor));
    let r = api
        .get(&format!("/api/serviceaccounts/{id}"), &editor)
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("serviceaccounts:read"));
    let r = api.delete("/api/serviceaccounts/abc", &editor).await;
    assert_eq!(r.status, 403, "RBAC comes before the id check");
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("serviceaccounts:delete"));
    let r = api.get("/api/serviceaccounts/1", &Auth::None).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn tokens_list_delete_and_duplicates() {
    let api = start().await;
    let a = create(&api, "tok-a", "Viewer").await;
    let b = create(&api, "tok-b", "Viewer").await;
    let (t1, key1) = token(&api, a, "never", 0).await;
    let (t2, _) = token(&api, a, "soon", 3600).await;
    let (t3, _) = token(&api, a, "later", 30 * 86_400).await;
    assert!(t1 < t2 && t2 < t3);

    let r = api
        .get(&format!("/api/serviceaccounts/{a}/tokens"), &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    let list = r.json.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let keys: Vec<&String> = list[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "created",
            "lastUsedAt",
            "expiration",
            "secondsUntilExpiration",
            "hasExpired",
            "isRevoked"
        ]
    );
    assert_eq!(list[0]["name"], "never");
    assert_eq!(list[0]["expiration"], json!(null));
    assert_eq!(list[0]["secondsUntilExpiration"], 0.0);
    assert_eq!(list[1]["secondsUntilExpiration"], 3600.0);
    assert_eq!(list[1]["hasExpired"], false);
    assert_eq!(
        list[2]["secondsUntilExpiration"], 0.0,
        "only within seven days"
    );
    assert!(list[1]["expiration"].as_str().unwrap().ends_with('Z'));

    // Expiry on the test clock.
    api.emu
        .clock()
        .advance(std::time::Duration::from_secs(7200));
    let r = api
        .get(&format!("/api/serviceaccounts/{a}/tokens"), &Auth::Admin)
        .await;
    assert_eq!(r.json[1]["hasExpired"], true);
    assert_eq!(r.json[1]["secondsUntilExpiration"], 0.0);

    // Names are unique in the org, across accounts: 400 errutil.
    let r = api
        .post(
            &format!("/api/serviceaccounts/{b}/tokens"),
            &Auth::Admin,
            &json!({"name": "never"}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json,
        json!({
            "message": "service account token with given name already exists in the organization",
            "messageId": "serviceaccounts.ErrTokenAlreadyExists",
            "statusCode": 400
        })
    );
    let r = api
        .post(
            &format!("/api/serviceaccounts/{b}/tokens"),
            &Auth::Admin,
            &json!({"secondsToLive": 5}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Bad request data");

    // Delete: errors, then success, then the token no longer authenticates.
    let r = api
        .delete(
            &format!("/api/serviceaccounts/{a}/tokens/xyz"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Token ID is invalid");
    let r = api
        .delete(
            &format!("/api/serviceaccounts/{b}/tokens/{t1}"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 404, "the token belongs to another account");
    assert_eq!(r.json["messageId"], "serviceaccounts.ErrTokenNotFound");
    let r = api
        .delete("/api/serviceaccounts/999/tokens/1", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json["messageId"], "serviceaccounts.ErrNotFound");
    let r = api
        .get("/api/serviceaccounts/search", &Auth::token(&key1))
        .await;
    assert_eq!(r.status, 403, "a Viewer token authenticates");
    let r = api
        .delete(
            &format!("/api/serviceaccounts/{a}/tokens/{t1}"),
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!({"message": "Service account token deleted"}));
    let r = api
        .get("/api/serviceaccounts/search", &Auth::token(&key1))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json["messageId"], "api-key.invalid");

    // Listing an unknown account's tokens is an empty list, not a 404.
    let r = api
        .get("/api/serviceaccounts/999/tokens", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, json!([]));
    let r = api.get("/api/serviceaccounts/x/tokens", &Auth::Admin).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json["message"], "Service Account ID is invalid");
}

#[tokio::test]
async fn search_paging_and_filters() {
    let api = start().await;
    for i in 0..5 {
        create(&api, &format!("page-{i}"), "Viewer").await;
    }
    let dis = create(&api, "zz-disabled", "Viewer").await;
    api.req(
        "PATCH",
        &format!("/api/serviceaccounts/{dis}"),
        &Auth::Admin,
        Some(&json!({"isDisabled": true})),
        &[],
    )
    .await;
    let exp = create(&api, "zz-expired", "Viewer").await;
    token(&api, exp, "short", 10).await;
    api.emu.clock().advance(std::time::Duration::from_secs(60));

    let r = api
        .get(
            "/api/serviceaccounts/search?query=page&perpage=2&page=2",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["totalCount"], 5);
    assert_eq!(r.json["page"], 2);
    assert_eq!(r.json["perPage"], 2);
    let names: Vec<&str> = r.json["serviceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["page-2", "page-3"]);

    let r = api
        .get("/api/serviceaccounts/search?disabled=true", &Auth::Admin)
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["serviceAccounts"][0]["name"], "zz-disabled");
    let r = api
        .get(
            "/api/serviceaccounts/search?expiredTokens=true",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["totalCount"], 1);
    assert_eq!(r.json["serviceAccounts"][0]["name"], "zz-expired");
    let r = api
        .get(
            "/api/serviceaccounts/search?perpage=0&page=-3",
            &Auth::Admin,
        )
        .await;
    assert_eq!(r.json["perPage"], 1000);
    assert_eq!(r.json["page"], 1);
    assert_eq!(r.json["totalCount"], 7);
    let r = api
        .get(
            "/api/serviceaccounts/search?accesscontrol=true",
            &Auth::Admin,
        )
        .await;
    assert_eq!(
        r.json["serviceAccounts"][0]["accessControl"]["serviceaccounts:read"],
        true
    );
}
