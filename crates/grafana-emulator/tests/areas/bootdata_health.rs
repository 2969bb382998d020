//! `/api/health`, `/api/frontend/settings`, `/bootdata` and the version
//! profiles.

use grafana_emulator::{Emulator, Role};
use serde_json::json;

use crate::common::{start, start_with, Auth};

#[tokio::test]
async fn health_has_grafana_12_key_order_and_no_auth() {
    let api = start().await;
    let r = api.get("/api/health", &Auth::None).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/json; charset=UTF-8")
    );
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["database", "version", "commit"]);
    assert!(r.text.contains("\n  \"database\": \"ok\""), "{}", r.text);
    assert_eq!(r.json["version"], "12.2.0");
    // Bad credentials do not matter.
    let r = api.get("/api/health", &Auth::basic("admin", "wrong")).await;
    assert_eq!(r.status, 200);
    let r = api.req("HEAD", "/api/health", &Auth::None, None, &[]).await;
    assert_eq!(r.status, 200);
    let r = api.post("/api/health", &Auth::Admin, &json!({})).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message": "Not found"}));
}

#[tokio::test]
async fn enterprise_health_adds_enterprise_commit() {
    let api = start_with(Emulator::builder().enterprise(true)).await;
    let r = api.get("/api/health", &Auth::None).await;
    let keys: Vec<&String> = r.json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["database", "version", "commit", "enterpriseCommit"]);
    let r = api.get("/api/frontend/settings", &Auth::Admin).await;
    assert_eq!(r.json["buildInfo"]["edition"], "Enterprise");
}

#[tokio::test]
async fn version_profiles_are_reported_everywhere() {
    for (given, full, major) in [
        ("11.6", "11.6.0", 11),
        ("13.0", "13.0.0", 13),
        ("12.x", "12.2.0", 12),
    ] {
        let api = start_with(Emulator::builder().version(given)).await;
        assert_eq!(api.emu.settings().version, full);
        let r = api.get("/api/health", &Auth::None).await;
        assert_eq!(r.json["version"], full);
        let r = api.get("/api/frontend/settings", &Auth::Admin).await;
        assert_eq!(r.json["buildInfo"]["version"], full);
        assert!(r.json["buildInfo"]["versionString"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Grafana v{major}.")));
        let r = api.get("/bootdata", &Auth::None).await;
        assert_eq!(r.json["settings"]["buildInfo"]["version"], full);
    }
}

#[tokio::test]
async fn frontend_settings_need_sign_in_and_name_the_namespace() {
    let api = start().await;
    let r = api.get("/api/frontend/settings", &Auth::None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json, json!({"message": "Unauthorized"}));
    let r = api
        .get("/api/frontend/settings", &Auth::basic("admin", "bad"))
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json["messageId"], "password-auth.failed");
    let r = api.get("/api/frontend/settings", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["namespace"], "default");
    assert_eq!(r.json["appUrl"], format!("{}/", api.emu.url()));
    assert_eq!(r.json["buildInfo"]["edition"], "Open Source");
    assert_eq!(r.json["pluginAdminEnabled"], false);
    let org = api.emu.create_org("Second");
    let tok = Auth::token(&api.emu.create_service_account_token(org, Role::Viewer));
    let r = api.get("/api/frontend/settings", &tok).await;
    assert_eq!(r.json["namespace"], format!("org-{org}"));
}

#[tokio::test]
async fn bootdata_needs_no_auth_and_describes_the_caller() {
    let api = start().await;
    let r = api.get("/bootdata", &Auth::None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["user"]["isSignedIn"], false);
    assert_eq!(r.json["user"]["id"], 0);
    assert_eq!(r.json["settings"]["namespace"], "default");
    assert!(r.json["navTree"].as_array().unwrap().len() >= 3);
    let r = api.get("/bootdata", &Auth::Admin).await;
    assert_eq!(r.json["user"]["isSignedIn"], true);
    assert_eq!(r.json["user"]["login"], "admin");
    assert_eq!(r.json["user"]["orgName"], "Main Org.");
    assert_eq!(r.json["user"]["orgRole"], "Admin");
    assert_eq!(r.json["user"]["isGrafanaAdmin"], true);
    let org = api.emu.create_org("Boot");
    let r = api
        .req(
            "GET",
            "/bootdata",
            &Auth::Admin,
            None,
            &[("X-Grafana-Org-Id", &org.to_string())],
        )
        .await;
    assert_eq!(r.json["settings"]["namespace"], format!("org-{org}"));
    assert_eq!(r.json["user"]["orgId"], org);
    // Wrong credentials: still answered, as anonymous.
    let r = api.get("/bootdata", &Auth::basic("admin", "nope")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["user"]["isSignedIn"], false);
}
