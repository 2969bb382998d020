//! Workflow: the `plugin` element.

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;

use crate::support::{Drive, Target};

both_clients!(plugin_list_settings_metrics, plugin_install_uninstall);

fn plugin_list_settings_metrics<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let list = api.run(api.plugin().list()).unwrap();
    let prom = list
        .iter()
        .find(|p| p.id == "prometheus")
        .expect("prometheus is a core plugin");
    assert_eq!(prom.plugin_type.as_deref(), Some("datasource"));
    assert!(list
        .iter()
        .any(|p| p.plugin_type.as_deref() == Some("panel")));

    let one = api.run(api.plugin().by_id("prometheus")).unwrap();
    assert_eq!(one.id, "prometheus");
    assert_eq!(one.name.as_deref(), Some("Prometheus"));
    let missing = api
        .run(api.plugin().by_id("no-such-plugin-xyz"))
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    assert_eq!(
        missing.api().unwrap().message.as_deref(),
        Some("Plugin not found, no installed plugin with that id")
    );

    let text = api.run(api.plugin().metrics("prometheus")).unwrap();
    assert!(text.contains("# TYPE"), "{text}");
    let none = api
        .run(api.plugin().metrics("no-such-plugin-xyz"))
        .unwrap_err();
    assert!(none.is_not_found(), "{none}");
}

fn plugin_install_uninstall<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    if t.emulator_only("installs plugins from a catalogue")
        .is_some()
    {
        // Off by default: Grafana does not even register the routes.
        let off = api
            .run(api.plugin().install("grafana-clock-panel"))
            .unwrap_err();
        assert!(off.is_not_found(), "{off}");
        let off = api
            .run(api.plugin().uninstall("grafana-clock-panel"))
            .unwrap_err();
        assert!(off.is_not_found(), "{off}");
    } else {
        return;
    }
    let emu = Emulator::builder()
        .plugin_admin_enabled(true)
        .start_blocking()
        .unwrap();
    let api = C::build(
        GrafanaApi::builder()
            .url(&emu.url())
            .auth(BasicAuth::new("admin", "admin")),
    );
    let done = api
        .run(api.plugin().install("grafana-clock-panel").version("2.1.5"))
        .unwrap();
    assert_eq!(done, serde_json::json!(""));
    let p = api.run(api.plugin().by_id("grafana-clock-panel")).unwrap();
    assert_eq!(p.info.unwrap().version.as_deref(), Some("2.1.5"));
    let again = api
        .run(api.plugin().install("grafana-clock-panel").version("2.1.5"))
        .unwrap_err();
    assert!(again.is_conflict(), "{again}");
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("Plugin already installed")
    );
    let core = api.run(api.plugin().install("prometheus")).unwrap_err();
    assert!(core.is_forbidden(), "{core}");
    api.run(api.plugin().uninstall("grafana-clock-panel"))
        .unwrap();
    let gone = api
        .run(api.plugin().uninstall("grafana-clock-panel"))
        .unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert_eq!(
        gone.api().unwrap().message.as_deref(),
        Some("Plugin not installed")
    );
}
