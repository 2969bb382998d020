//! Workflow: methods whose route Grafana removed or keeps for Enterprise answer as open-source Grafana does.
#![allow(deprecated)]

use grafana_client::{BasicAuth, GrafanaApi};
use grafana_emulator::Emulator;
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    removed_routes_are_not_found,
    enterprise_routes_on_oss_and_enterprise
);

fn assert_not_found(e: grafana_client::Error) {
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.api().unwrap().message.as_deref(), Some("Not found"));
}

fn removed_routes_are_not_found<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    assert_not_found(
        api.run(api.dashboard().get_dashboard_by_name(&unique("slug")))
            .unwrap_err(),
    );
    assert_not_found(api.run(api.admin().pause_all_alerts(true)).unwrap_err());
    // Stars by id: on Grafana 12 the client looks the uid up first; no
    // dashboard has this id, so the id route is sent and Grafana's 404 comes
    // back (tests/areas/current_grafana.rs covers an id that exists).
    let no_such_id = 987_654_321_i64;
    let user = api.user();
    assert_not_found(api.run_star(user.star_dashboard(no_such_id)).unwrap_err());
    assert_not_found(api.run_star(user.unstar_dashboard(no_such_id)).unwrap_err());
    assert_not_found(
        api.run_star(user.star_actual_user_dashboard(no_such_id))
            .unwrap_err(),
    );
    assert_not_found(
        api.run_star(user.unstar_actual_user_dashboard(no_such_id))
            .unwrap_err(),
    );
    let ds = api.datasource();
    assert_not_found(api.run(ds.enable_datasource_permissions(1)).unwrap_err());
    assert_not_found(api.run(ds.disable_datasource_permissions(1)).unwrap_err());
    assert_not_found(api.run(ds.remove_datasource_permissions(1, 2)).unwrap_err());
}

fn enterprise_routes_on_oss_and_enterprise<C: Drive>() {
    let t = Target::new();
    if t.emulator_only("a real server may be Enterprise").is_none() {
        return;
    }
    let api = C::build(t.admin());
    let group = "cn=ops,dc=example,dc=org";
    assert_not_found(api.run(api.teams().get_team_external_group(1)).unwrap_err());
    assert_not_found(
        api.run(api.teams().add_team_external_group(1, group))
            .unwrap_err(),
    );
    assert_not_found(
        api.run(api.teams().remove_team_external_group(1, group))
            .unwrap_err(),
    );
    assert_not_found(
        api.run(api.datasource().get_datasource_permissions("ds"))
            .unwrap_err(),
    );
    assert_not_found(
        api.run(
            api.datasource()
                .add_datasource_permissions("ds", &json!({"teamId": 1, "permission": "Query"})),
        )
        .unwrap_err(),
    );

    let emu = Emulator::builder()
        .enterprise(true)
        .start_blocking()
        .unwrap();
    let api = C::build(
        GrafanaApi::builder()
            .url(&emu.url())
            .auth(BasicAuth::new("admin", "admin")),
    );
    let m = api
        .run(api.teams().add_team_external_group(2, group))
        .unwrap();
    assert_eq!(m.message, "Group added to Team");
    let groups = api.run(api.teams().get_team_external_group(2)).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group_id, group);
    assert_eq!(groups[0].team_id, Some(2));
    let m = api
        .run(api.teams().remove_team_external_group(2, group))
        .unwrap();
    assert_eq!(m.message, "Team Group removed");
    assert!(api
        .run(api.teams().get_team_external_group(2))
        .unwrap()
        .is_empty());

    let m = api
        .run(
            api.datasource()
                .add_datasource_permissions("ds", &json!({"teamId": 3, "permission": "Query"})),
        )
        .unwrap();
    assert_eq!(m.message, "Permissions updated");
    let perms = api
        .run(api.datasource().get_datasource_permissions("ds"))
        .unwrap();
    assert!(perms.iter().any(|p| p.team_id == Some(3)));
    // Removed routes stay removed on Enterprise 12.
    assert_not_found(api.run(api.admin().pause_all_alerts(false)).unwrap_err());
}
