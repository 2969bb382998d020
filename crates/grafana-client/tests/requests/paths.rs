//! Every caller value that becomes a path segment, for every method of the
//! client that takes one: each [`HOSTILE`] value stays inside its one
//! segment, and each [`REFUSED`] value is refused naming the parameter,
//! before anything is sent.

#![allow(deprecated)] // deprecated methods take path values too

use serde_json::json;

use crate::harness::*;

/// Every string path parameter of the client (integer ids cannot carry a
/// separator). Keep it complete: a new method with a string path value
/// gets a row here.
fn rows() -> Vec<PathParam> {
    let e = json!({});
    vec![
        // dashboard, folder, snapshots
        param("dashboard.get_dashboard", "dashboard_uid", "GET", "api/dashboards/uid/{}", |v| api().dashboard().get_dashboard(v).into_request()),
        param("dashboard.delete_dashboard", "dashboard_uid", "DELETE", "api/dashboards/uid/{}", |v| api().dashboard().delete_dashboard(v).into_request()),
        param("dashboard.get_dashboard_by_name", "dashboard_name", "GET", "api/dashboards/db/{}", |v| api().dashboard().get_dashboard_by_name(v).into_request()),
        param("dashboard.get_permissions_by_uid", "identifier", "GET", "api/dashboards/uid/{}/permissions", |v| api().dashboard().get_permissions_by_uid(v).into_request()),
        param("dashboard.update_permissions_by_uid", "identifier", "POST", "api/dashboards/uid/{}/permissions", |v| api().dashboard().update_permissions_by_uid(v, &json!([])).into_request()),
        param("folder.get_folder", "uid", "GET", "api/folders/{}", |v| api().folder().get_folder(v).into_request()),
        param("folder.update_folder", "uid", "PUT", "api/folders/{}", |v| api().folder().update_folder(v).title("t").into_request()),
        param("folder.move_folder", "uid", "POST", "api/folders/{}/move", |v| api().folder().move_folder(v, "p").into_request()),
        param("folder.delete_folder", "uid", "DELETE", "api/folders/{}", |v| api().folder().delete_folder(v).into_request()),
        param("folder.get_folder_permissions", "uid", "GET", "api/folders/{}/permissions", |v| api().folder().get_folder_permissions(v).into_request()),
        param("folder.update_folder_permissions", "uid", "POST", "api/folders/{}/permissions", |v| api().folder().update_folder_permissions(v, &json!([])).into_request()),
        param("folder.update_folder_permissions_for_user", "uid", "POST", "api/access-control/folders/{}/users/1", |v| api().folder().update_folder_permissions_for_user(v, 1, &json!({})).into_request()),
        param("snapshots.get_snapshot_by_key", "key", "GET", "api/snapshots/{}", |v| api().snapshots().get_snapshot_by_key(v).into_request()),
        param("snapshots.delete_snapshot_by_key", "key", "DELETE", "api/snapshots/{}", |v| api().snapshots().delete_snapshot_by_key(v).into_request()),
        param("snapshots.delete_snapshot_by_delete_key", "delete_key", "GET", "api/snapshots-delete/{}", |v| api().snapshots().delete_snapshot_by_delete_key(v).into_request()),
        // datasource
        param("datasource.health", "datasource_uid", "GET", "api/datasources/uid/{}/health", |v| api().datasource().health(v).into_request()),
        param("datasource.find_datasource", "datasource_name", "GET", "api/datasources/name/{}", |v| api().datasource().find_datasource(v).into_request()),
        param("datasource.get_datasource_by_name", "datasource_name", "GET", "api/datasources/name/{}", |v| api().datasource().get_datasource_by_name(v).into_request()),
        param("datasource.get_datasource_by_uid", "datasource_uid", "GET", "api/datasources/uid/{}", |v| api().datasource().get_datasource_by_uid(v).into_request()),
        param("datasource.get_datasource_id_by_name", "datasource_name", "GET", "api/datasources/id/{}", |v| api().datasource().get_datasource_id_by_name(v).into_request()),
        param("datasource.get(Uid)", "datasource_uid", "GET", "api/datasources/uid/{}", |v| api().datasource().get(&grafana_client::models::DatasourceIdentifier::Uid(v.into())).into_request()),
        param("datasource.get(Name)", "datasource_name", "GET", "api/datasources/name/{}", |v| api().datasource().get(&grafana_client::models::DatasourceIdentifier::Name(v.into())).into_request()),
        param("datasource.update_datasource_by_uid", "datasource_uid", "PUT", "api/datasources/uid/{}", |v| api().datasource().update_datasource_by_uid(v, &json!({})).into_request()),
        param("datasource.delete_datasource_by_name", "datasource_name", "DELETE", "api/datasources/name/{}", |v| api().datasource().delete_datasource_by_name(v).into_request()),
        param("datasource.delete_datasource_by_uid", "datasource_uid", "DELETE", "api/datasources/uid/{}", |v| api().datasource().delete_datasource_by_uid(v).into_request()),
        param("datasource.get_datasource_permissions", "datasource_uid", "GET", "api/access-control/datasources/{}", |v| api().datasource().get_datasource_permissions(v).into_request()),
        param("datasource.add_datasource_permissions", "datasource_uid", "POST", "api/access-control/datasources/{}", |v| api().datasource().add_datasource_permissions(v, &json!([])).into_request()),
        param("datasource.query(uid)", "datasource_uid", "POST", "api/datasources/proxy/uid/{}/api/v1/query", |v| api().datasource().query().datasource_uid(v).into_request()),
        param("datasource.query(access)", "access", "POST", "api/datasources/{}/3/api/v1/query", |v| api().datasource().query().datasource_id(3).access(v).into_request()),
        param("datasource.query_range(uid)", "datasource_uid", "POST", "api/datasources/proxy/uid/{}/api/v1/query_range", |v| api().datasource().query_range().datasource_uid(v).into_request()),
        param("datasource.query_range(access)", "access", "POST", "api/datasources/{}/uid/u1/api/v1/query_range", |v| api().datasource().query_range().datasource_uid("u1").access(v).into_request()),
        param("datasource.series(uid)", "datasource_uid", "POST", "api/datasources/proxy/uid/{}/api/v1/series", |v| api().datasource().series().datasource_uid(v).into_request()),
        param("datasource.series(access)", "access", "POST", "api/datasources/{}/3/api/v1/series", |v| api().datasource().series().datasource_id(3).access(v).into_request()),
        param("datasource.get_datasource_proxy_data(uid)", "datasource_uid", "POST", "api/datasources/proxy/uid/{}/api/v1/query", |v| api().datasource().get_datasource_proxy_data().datasource_uid(v).into_request()),
        param("datasource.get_datasource_proxy_data(access)", "access", "POST", "api/datasources/{}/3/api/v1/query_range", |v| api().datasource().get_datasource_proxy_data().datasource_id(3).query_type("query_range").access(v).into_request()),
        param("datasource.get_datasource_proxy_data(version)", "version", "POST", "api/datasources/proxy/3/api/{}/query", |v| api().datasource().get_datasource_proxy_data().datasource_id(3).version(v).into_request()),
        // alerting (Ruler API) and alerting provisioning
        param("alerting.get_alertrule(folder)", "folder_name", "GET", "api/ruler/grafana/api/v1/rules/{}/cpu", |v| api().alerting().get_alertrule(v, "cpu").into_request()),
        param("alerting.get_alertrule(group)", "alertrule_name", "GET", "api/ruler/grafana/api/v1/rules/ops/{}", |v| api().alerting().get_alertrule("ops", v).into_request()),
        param("alerting.get_managedalerts_all(datasource)", "datasource", "GET", "api/prometheus/{}/api/v1/rules", |v| api().alerting().get_managedalerts_all().datasource(v).into_request()),
        param("alerting.create_alertrule", "folder_name", "POST", "api/ruler/grafana/api/v1/rules/{}", |v| api().alerting().create_alertrule(v, &json!({})).into_request()),
        param("alerting.update_alertrule", "folder_name", "POST", "api/ruler/grafana/api/v1/rules/{}", |v| api().alerting().update_alertrule(v, &json!({"rules": []})).into_request()),
        param("alerting.delete_alertrule(folder)", "folder_name", "DELETE", "api/ruler/grafana/api/v1/rules/{}/cpu", |v| api().alerting().delete_alertrule(v, "cpu").into_request()),
        param("alerting.delete_alertrule(group)", "alertrule_name", "DELETE", "api/ruler/grafana/api/v1/rules/ops/{}", |v| api().alerting().delete_alertrule("ops", v).into_request()),
        param("alertingprovisioning.get_alertrule", "alertrule_uid", "GET", "api/v1/provisioning/alert-rules/{}", |v| api().alertingprovisioning().get_alertrule(v).into_request()),
        param("alertingprovisioning.update_alertrule", "alertrule_uid", "PUT", "api/v1/provisioning/alert-rules/{}", move |v| api().alertingprovisioning().update_alertrule(v, &e).into_request()),
        param("alertingprovisioning.delete_alertrule", "alertrule_uid", "DELETE", "api/v1/provisioning/alert-rules/{}", |v| api().alertingprovisioning().delete_alertrule(v).into_request()),
        param("alertingprovisioning.get_rule_group(folder)", "folder_uid", "GET", "api/v1/provisioning/folder/{}/rule-groups/cpu", |v| api().alertingprovisioning().get_rule_group(v, "cpu").into_request()),
        param("alertingprovisioning.get_rule_group(group)", "group_uid", "GET", "api/v1/provisioning/folder/ops/rule-groups/{}", |v| api().alertingprovisioning().get_rule_group("ops", v).into_request()),
        param("alertingprovisioning.update_rule_group(folder)", "folder_uid", "PUT", "api/v1/provisioning/folder/{}/rule-groups/cpu", |v| api().alertingprovisioning().update_rule_group(v, "cpu", &json!({})).into_request()),
        param("alertingprovisioning.update_rule_group(group)", "group_uid", "PUT", "api/v1/provisioning/folder/ops/rule-groups/{}", |v| api().alertingprovisioning().update_rule_group("ops", v, &json!({})).into_request()),
        param("alertingprovisioning.update_contactpoint", "contactpoint_uid", "PUT", "api/v1/provisioning/contact-points/{}", |v| api().alertingprovisioning().update_contactpoint(v, &json!({})).into_request()),
        param("alertingprovisioning.delete_contactpoint", "contactpoint_uid", "DELETE", "api/v1/provisioning/contact-points/{}", |v| api().alertingprovisioning().delete_contactpoint(v).into_request()),
        param("alertingprovisioning.get_mute_timing", "mutetiming_name", "GET", "api/v1/provisioning/mute-timings/{}", |v| api().alertingprovisioning().get_mute_timing(v).into_request()),
        param("alertingprovisioning.update_mute_timing", "mutetiming_name", "PUT", "api/v1/provisioning/mute-timings/{}", |v| api().alertingprovisioning().update_mute_timing(v, &json!({})).into_request()),
        param("alertingprovisioning.delete_mute_timing", "mutetiming_name", "DELETE", "api/v1/provisioning/mute-timings/{}", |v| api().alertingprovisioning().delete_mute_timing(v).into_request()),
        param("alertingprovisioning.get_template", "template_name", "GET", "api/v1/provisioning/templates/{}", |v| api().alertingprovisioning().get_template(v).into_request()),
        param("alertingprovisioning.create_or_update_template", "template_name", "PUT", "api/v1/provisioning/templates/{}", |v| api().alertingprovisioning().create_or_update_template(v, &json!({})).into_request()),
        param("alertingprovisioning.delete_template", "template_name", "DELETE", "api/v1/provisioning/templates/{}", |v| api().alertingprovisioning().delete_template(v).into_request()),
        // library elements, notification channels, organization, plugins, rbac
        param("libraryelement.get_library_element", "element_uid", "GET", "api/library-elements/{}", |v| api().libraryelement().get_library_element(v).into_request()),
        param("libraryelement.get_library_element_by_name", "element_name", "GET", "api/library-elements/name/{}", |v| api().libraryelement().get_library_element_by_name(v).into_request()),
        param("libraryelement.get_library_element_connections", "element_uid", "GET", "api/library-elements/{}/connections/", |v| api().libraryelement().get_library_element_connections(v).into_request()),
        param("libraryelement.update_library_element", "uid", "PATCH", "api/library-elements/{}", |v| api().libraryelement().update_library_element(v, &json!({}), 1).into_request()),
        param("libraryelement.delete_library_element", "element_uid", "DELETE", "api/library-elements/{}", |v| api().libraryelement().delete_library_element(v).into_request()),
        param("notifications.get_channel_by_uid", "channel_uid", "GET", "api/alert-notifications/uid/{}", |v| api().notifications().get_channel_by_uid(v).into_request()),
        param("notifications.update_channel_by_uid", "uid", "PUT", "api/alert-notifications/uid/{}", |v| api().notifications().update_channel_by_uid(v, &json!({})).into_request()),
        param("notifications.delete_notification_by_uid", "notification_uid", "DELETE", "api/alert-notifications/uid/{}", |v| api().notifications().delete_notification_by_uid(v).into_request()),
        param("organization.find_organization", "org_name", "GET", "api/orgs/name/{}", |v| api().organization().find_organization(v).into_request()),
        param("plugin.by_id", "plugin_id", "GET", "api/plugins/{}/settings", |v| api().plugin().by_id(v).into_request()),
        param("plugin.health", "plugin_id", "GET", "api/plugins/{}/health", |v| api().plugin().health(v).into_request()),
        param("plugin.metrics", "plugin_id", "GET", "api/plugins/{}/metrics", |v| api().plugin().metrics(v).into_request()),
        param("plugin.install", "plugin_id", "POST", "api/plugins/{}/install", |v| api().plugin().install(v).into_request()),
        param("plugin.uninstall", "plugin_id", "POST", "api/plugins/{}/uninstall", |v| api().plugin().uninstall(v).into_request()),
        param("rbac.remove_rbac_role_team", "role_uid", "DELETE", "api/access-control/teams/1/roles/{}", |v| api().rbac().remove_rbac_role_team(1, v).into_request()),
        param("rbac.get_rbac_datasources", "datasource_uid", "GET", "api/access-control/datasources/{}", |v| api().rbac().get_rbac_datasources(v).into_request()),
        param("rbac.set_rbac_datasources_builtin_roles(datasource)", "datasource_uid", "POST", "api/access-control/datasources/{}/builtInRoles/Viewer", |v| api().rbac().set_rbac_datasources_builtin_roles(v, "Viewer", "Query").into_request()),
        param("rbac.set_rbac_datasources_builtin_roles(role)", "builtin_role", "POST", "api/access-control/datasources/u/builtInRoles/{}", |v| api().rbac().set_rbac_datasources_builtin_roles("u", v, "Query").into_request()),
        param("rbac.set_rbac_datasources_teams", "datasource_uid", "POST", "api/access-control/datasources/{}/teams/1", |v| api().rbac().set_rbac_datasources_teams(v, 1, "Query").into_request()),
        // dashboard versions and stars by uid
        param("dashboard_versions.get_dashboard_versions_by_uid", "dashboard_uid", "GET", "api/dashboards/uid/{}/versions", |v| api().dashboard_versions().get_dashboard_versions_by_uid(v).into_request()),
        param("dashboard_versions.get_dashboard_version_by_uid", "dashboard_uid", "GET", "api/dashboards/uid/{}/versions/2", |v| api().dashboard_versions().get_dashboard_version_by_uid(v, 2).into_request()),
        param("dashboard_versions.restore_dashboard_by_uid", "dashboard_uid", "POST", "api/dashboards/uid/{}/restore", |v| api().dashboard_versions().restore_dashboard_by_uid(v, 2).into_request()),
        param("user.star_dashboard(uid)", "dashboard_uid", "POST", "api/user/stars/dashboard/uid/{}", |v| api().user().star_dashboard(v).into_request()),
        param("user.unstar_dashboard(uid)", "dashboard_uid", "DELETE", "api/user/stars/dashboard/uid/{}", |v| api().user().unstar_dashboard(v).into_request()),
    ]
}

/// The public `encode_segment` gives the same one segment for each value.
#[test]
fn encode_segment_matches_the_table() {
    for (value, segment) in HOSTILE {
        assert_eq!(grafana_client::encode_segment(value), *segment, "{value:?}");
    }
}

#[test]
fn hostile_values_stay_in_their_segment() {
    let rows = rows();
    assert_eq!(rows.len(), 82, "every string path parameter of the client");
    check_path_params(&rows);
}

/// Raw paths are split at `/` and each part encoded; the hostile values
/// without a `/`, `?` or `#` stay one segment there too.
#[test]
fn raw_path_segments() {
    for (value, segment) in HOSTILE.iter().filter(|(v, _)| !v.contains(['/', '?', '#'])) {
        check(&format!("raw {value:?}"), api().raw().get(&format!("api/snapshots/{value}")).into_request(), req("GET", &format!("api/snapshots/{segment}")));
    }
}
