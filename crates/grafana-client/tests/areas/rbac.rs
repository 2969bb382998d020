//! Workflow: the `rbac` element (Grafana Enterprise routes).

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;
use serde_json::json;

use crate::support::{Drive, Target};

both_clients!(rbac_is_not_found_on_oss, rbac_on_enterprise);

fn rbac_is_not_found_on_oss<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("a real server may be Enterprise").is_none() {
        return;
    }
    let api = C::build(t.admin());
    let r = api.rbac();
    let errs = [
        api.run(r.get_rbac_roles_all()).map(|_| ()),
        api.run(r.create_rbac_role(&json!({"name": "x"})))
            .map(|_| ()),
        api.run(r.add_rbac_role_team(1, "x")).map(|_| ()),
        api.run(r.add_rbac_roles_team(1, &["x"])).map(|_| ()),
        api.run(r.remove_rbac_role_team(1, "x")).map(|_| ()),
        api.run(r.get_rbac_datasources("ds")).map(|_| ()),
        api.run(r.set_rbac_datasources_builtin_roles("ds", "Viewer", "Query"))
            .map(|_| ()),
        api.run(r.set_rbac_datasources_teams("ds", 1, "Query"))
            .map(|_| ()),
    ];
    for e in errs {
        let e = e.unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert_eq!(e.api().unwrap().message.as_deref(), Some("Not found"));
    }
}

fn rbac_on_enterprise<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("needs the emulator's enterprise profile")
        .is_none()
    {
        return;
    }
    let emu = Emulator::builder()
        .enterprise(true)
        .start_blocking()
        .unwrap();
    let api = C::build(
        GrafanaApi::builder()
            .url(&emu.url())
            .auth(BasicAuth::new("admin", "admin")),
    );
    let r = api.rbac();
    assert!(api.run(r.get_rbac_roles_all()).unwrap().is_empty());
    let role = api
        .run(r.create_rbac_role(&json!({"uid": "wf-role", "name": "custom:wf", "permissions": [{"action": "dashboards:read", "scope": "dashboards:*"}]})))
        .unwrap();
    assert_eq!(role.uid, "wf-role");
    assert_eq!(role.permissions.as_ref().map(Vec::len), Some(1));
    let all = api.run(r.get_rbac_roles_all()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "custom:wf");
    let dup = api
        .run(r.create_rbac_role(&json!({"uid": "wf-role", "name": "again"})))
        .unwrap_err();
    assert!(dup.is_conflict(), "{dup}");

    let m = api.run(r.add_rbac_role_team(5, "wf-role")).unwrap();
    assert_eq!(m.message, "Role added to the team.");
    let m = api.run(r.add_rbac_roles_team(5, &["wf-role"])).unwrap();
    assert_eq!(m.message, "Team roles have been updated.");
    let m = api.run(r.remove_rbac_role_team(5, "wf-role")).unwrap();
    assert_eq!(m.message, "Role removed from team.");
    let missing = api.run(r.add_rbac_role_team(5, "nope")).unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    let perms = api.run(r.get_rbac_datasources("wf-ds")).unwrap();
    assert_eq!(perms.len(), 3);
    let m = api
        .run(r.set_rbac_datasources_builtin_roles("wf-ds", "Viewer", ""))
        .unwrap();
    assert_eq!(m.message, "Permission updated");
    let m = api
        .run(r.set_rbac_datasources_teams("wf-ds", 8, "Edit"))
        .unwrap();
    assert_eq!(m.message, "Permission updated");
    let perms = api.run(r.get_rbac_datasources("wf-ds")).unwrap();
    assert_eq!(perms.len(), 3);
    let team = perms.iter().find(|p| p.team_id == Some(8)).unwrap();
    assert_eq!(team.permission.as_deref(), Some("Edit"));
    assert!(perms
        .iter()
        .all(|p| p.built_in_role.as_deref() != Some("Viewer")));
    let bad = api
        .run(r.set_rbac_datasources_teams("wf-ds", 8, "Owner"))
        .unwrap_err();
    assert_eq!(bad.status().map(|s| s.as_u16()), Some(400));
}
