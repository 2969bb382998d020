//! Workflow: the `health` element.

use grafana_emulator::Emulator;

use crate::support::{Drive, Target};

both_clients!(health_check, health_check_follows_the_version_profile);

fn health_check<C: Drive>() {
    let t = Target::new();
    // No credentials needed.
    let anon = C::build(grafana_client::GrafanaApi::builder().url(&t.url));
    let h = anon.run(anon.health().check()).unwrap();
    assert_eq!(h.database, "ok");
    let version = h.version.expect("version reported");
    assert!(version.split('.').count() >= 3, "{version}");
    assert!(h.commit.is_some());
    let api = C::build(t.admin());
    assert_eq!(api.version_of().unwrap(), version);
}

fn health_check_follows_the_version_profile<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("starts emulators with other Grafana versions")
        .is_none()
    {
        return;
    }
    for (given, full) in [("11.6", "11.6.0"), ("13.0", "13.0.0")] {
        let emu = Emulator::builder().version(given).start_blocking().unwrap();
        let api = C::build(grafana_client::GrafanaApi::builder().url(&emu.url()));
        let h = api.run(api.health().check()).unwrap();
        assert_eq!(h.version.as_deref(), Some(full));
    }
}
