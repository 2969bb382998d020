//! Plugins: list filters, settings, metrics, install/uninstall.

use grafana_emulator::{Emulator, Role};
use serde_json::json;

use crate::common::{start, start_with, Auth};

#[tokio::test]
async fn list_and_filters() {
    let api = start_with(Emulator::builder().plugin_admin_enabled(true)).await;
    let r = api.get("/api/plugins?embedded=0", &Auth::Admin).await;
    assert_eq!(r.status, 200);
    let list = r.json.as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"grafana-testdata-datasource"));
    assert!(ids.contains(&"timeseries"));
    let names: Vec<&str> = list.iter().map(|p| p["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name");
    let keys: Vec<&String> = list[0].as_object().unwrap().keys().take(3).collect();
    assert_eq!(keys, ["name", "type", "id"]);
    assert_eq!(list[0]["signature"], "internal");
    assert_eq!(list[0]["enabled"], true);

    let r = api.get("/api/plugins?type=datasource", &Auth::Admin).await;
    assert!(r
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["type"] == "datasource"));
    assert_eq!(r.json.as_array().unwrap().len(), 3);

    // Install one, then the core filters split them.
    let r = api
        .post(
            "/api/plugins/grafana-clock-panel/install",
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.text, "\"\"");
    let r = api.get("/api/plugins?core=0", &Auth::Admin).await;
    let ids: Vec<&str> = r
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["grafana-clock-panel"]);
    assert_eq!(r.json[0]["info"]["version"], "2.1.8");
    assert_eq!(r.json[0]["signature"], "valid");
    let r = api.get("/api/plugins?core=1", &Auth::Admin).await;
    assert!(r
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != "grafana-clock-panel"));
    // A Viewer sees only core plugins.
    let viewer = Auth::token(&api.emu.create_service_account_token(1, Role::Viewer));
    let r = api.get("/api/plugins", &viewer).await;
    assert_eq!(r.status, 200);
    assert!(r
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != "grafana-clock-panel"));
    let r = api.get("/api/plugins", &Auth::None).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn settings_and_metrics() {
    let api = start().await;
    let r = api
        .get("/api/plugins/prometheus/settings", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["id"], "prometheus");
    assert_eq!(r.json["type"], "datasource");
    assert_eq!(r.json["info"]["version"], "12.2.0");
    assert_eq!(r.json["secureJsonFields"], json!({}));
    let r = api.get("/api/plugins/nope/settings", &Auth::Admin).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json,
        json!({"message": "Plugin not found, no installed plugin with that id"})
    );

    let r = api
        .get("/api/plugins/prometheus/metrics", &Auth::Admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").as_deref(), Some("text/plain"));
    assert!(r.text.contains("# TYPE go_goroutines gauge"));
    assert!(r.text.contains("plugin_id=\"prometheus\""));
    let r = api
        .get("/api/plugins/timeseries/metrics", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404, "a panel has no backend");
    assert_eq!(
        r.json,
        json!({"message": "Plugin not found", "messageId": "plugin.notRegistered", "statusCode": 404})
    );
    let editor = Auth::token(&api.emu.create_service_account_token(1, Role::Editor));
    let r = api.get("/api/plugins/prometheus/metrics", &editor).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json, json!({"message": "Permission denied"}));
}

#[tokio::test]
async fn install_is_not_found_unless_plugin_admin_is_enabled() {
    let api = start().await;
    for path in [
        "/api/plugins/grafana-clock-panel/install",
        "/api/plugins/grafana-clock-panel/uninstall",
    ] {
        let r = api.post(path, &Auth::Admin, &json!({})).await;
        assert_eq!(r.status, 404);
        assert_eq!(r.json, json!({"message": "Not found"}));
    }
}

#[tokio::test]
async fn install_uninstall_lifecycle_and_errors() {
    let api = start_with(Emulator::builder().plugin_admin_enabled(true)).await;
    let url = |id: &str, what: &str| format!("/api/plugins/{id}/{what}");
    let r = api
        .post(
            &url("grafana-clock-panel", "install"),
            &Auth::Admin,
            &json!({"version": "2.1.5"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .get("/api/plugins/grafana-clock-panel/settings", &Auth::Admin)
        .await;
    assert_eq!(r.json["info"]["version"], "2.1.5");
    let r = api
        .post(
            &url("grafana-clock-panel", "install"),
            &Auth::Admin,
            &json!({"version": "2.1.5"}),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(r.json, json!({"message": "Plugin already installed"}));
    // Another version updates.
    let r = api
        .post(
            &url("grafana-clock-panel", "install"),
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = api
        .post(&url("prometheus", "install"), &Auth::Admin, &json!({}))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json,
        json!({"message": "Cannot install or change a Core plugin"})
    );
    let r = api
        .post(&url("no-such-plugin", "install"), &Auth::Admin, &json!({}))
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message": "Plugin not found"}));
    let r = api
        .post_raw(&url("grafana-clock-panel", "install"), &Auth::Admin, "{bad")
        .await;
    assert_eq!(r.status, 400);
    // Org admins who are not server admins are refused.
    let org_admin = Auth::token(&api.emu.create_service_account_token(1, Role::Admin));
    let r = api
        .post(
            &url("grafana-clock-panel", "uninstall"),
            &org_admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .ends_with("plugins:install"));

    let r = api
        .post(
            &url("grafana-clock-panel", "uninstall"),
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text, "\"\"");
    let r = api
        .post(
            &url("grafana-clock-panel", "uninstall"),
            &Auth::Admin,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json, json!({"message": "Plugin not installed"}));
    let r = api
        .post(&url("table", "uninstall"), &Auth::Admin, &json!({}))
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json, json!({"message": "Cannot uninstall a Core plugin"}));
    let r = api
        .get("/api/plugins/grafana-clock-panel/settings", &Auth::Admin)
        .await;
    assert_eq!(r.status, 404);
}
