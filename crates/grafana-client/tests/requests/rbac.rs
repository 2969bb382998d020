//! `api.rbac()`: every method's request (role uids in a body sent as they
//! are), a role refused before sending, Grafana's answers decoded
//! losslessly, and hostile role uids, data source uids and built-in roles.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::harness::*;

#[test]
fn requests() {
    let r = api().rbac();
    let role = json!({
        "uid": "custom_reader", "name": "custom:dashboards:reader", "global": false, "version": 1,
        "permissions": [{"action": "dashboards:read", "scope": "dashboards:*"}]
    });
    let (roles, ds) = ("api/access-control/teams/3/roles", "api/access-control/datasources/prom-1");
    let none: [&str; 0] = [];
    check_all([
        ("get_rbac_roles_all", r.get_rbac_roles_all().into_request(), req("GET", "api/access-control/roles")),
        ("create_rbac_role", r.create_rbac_role(&role).into_request(), req("POST", "api/access-control/roles").body(role.clone())),
        ("add_rbac_role_team", r.add_rbac_role_team(3, "custom_reader").into_request(), req("POST", roles).body(json!({"roleUid": "custom_reader"}))),
        // a role uid in a body is data: sent as it is
        ("add_rbac_role_team(odd uid)", r.add_rbac_role_team(3, "../x").into_request(), req("POST", roles).body(json!({"roleUid": "../x"}))),
        ("add_rbac_roles_team", r.add_rbac_roles_team(3, &["a", "b"]).into_request(), req("PUT", roles).body(json!({"roleUids": ["a", "b"]}))),
        ("add_rbac_roles_team(owned)", r.add_rbac_roles_team(3, &[String::from("c")]).into_request(), req("PUT", roles).body(json!({"roleUids": ["c"]}))),
        ("add_rbac_roles_team(empty)", r.add_rbac_roles_team(3, &none).into_request(), req("PUT", roles).body(json!({"roleUids": []}))),
        ("remove_rbac_role_team", r.remove_rbac_role_team(3, "custom_reader").into_request(), req("DELETE", "api/access-control/teams/3/roles/custom_reader")),
        ("get_rbac_datasources", r.get_rbac_datasources("prom-1").into_request(), req("GET", ds)),
        ("set_rbac_datasources_builtin_roles", r.set_rbac_datasources_builtin_roles("prom-1", "Viewer", "Query").into_request(), req("POST", &format!("{ds}/builtInRoles/Viewer")).body(json!({"permission": "Query"}))),
        ("set_rbac_datasources_builtin_roles(remove)", r.set_rbac_datasources_builtin_roles("prom-1", "Editor", "").into_request(), req("POST", &format!("{ds}/builtInRoles/Editor")).body(json!({"permission": ""}))),
        ("set_rbac_datasources_teams", r.set_rbac_datasources_teams("prom-1", 3, "Edit").into_request(), req("POST", &format!("{ds}/teams/3")).body(json!({"permission": "Edit"}))),
    ]);
    let bad: HashMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    refused("create_rbac_role(unserializable)", r.create_rbac_role(&bad).into_request(), "body");
}

fn role_json() -> Value {
    json!({
        "uid": "custom_reader", "name": "custom:dashboards:reader", "displayName": "Dashboard reader",
        "description": "Reads dashboards", "group": "Custom", "version": 3, "global": false,
        "hidden": false, "delegatable": true, "created": "2024-01-01T00:00:00Z",
        "permissions": [{"action": "dashboards:read", "scope": "dashboards:*", "updated": "2024-01-01T00:00:00Z"}]
    })
}

#[test]
fn decodes() {
    let r = api().rbac();
    let roles = json!([role_json(), {"uid": "fixed_x", "name": "fixed:x:reader"}]);
    let perms = json!([
        {"id": 1, "roleName": "managed:teams:3:permissions", "isManaged": true, "isInherited": false,
         "isServiceAccount": false, "teamId": 3, "team": "SRE", "teamUid": "t3",
         "teamAvatarUrl": "/avatar/t", "actions": ["datasources:query"], "permission": "Query"},
        {"id": 2, "roleName": "managed:builtins:viewer:permissions", "builtInRole": "Viewer",
         "actions": ["datasources:query"], "permission": "Query", "isManaged": true},
        {"id": 3, "userId": 7, "userLogin": "ada", "userUid": "u7", "permission": "Admin", "actions": []}
    ]);
    check_decodes([
        ("get_rbac_roles_all", lossless(r.get_rbac_roles_all(), roles.clone())),
        ("create_rbac_role", lossless(r.create_rbac_role(&json!({})), role_json())),
        ("add_rbac_role_team", lossless(r.add_rbac_role_team(3, "x"), json!({"message": "Role added to the team."}))),
        ("add_rbac_roles_team", lossless(r.add_rbac_roles_team(3, &["x"]), json!({"message": "Team roles have been updated."}))),
        ("remove_rbac_role_team", lossless(r.remove_rbac_role_team(3, "x"), json!({"message": "Role removed from team."}))),
        ("get_rbac_datasources", lossless(r.get_rbac_datasources("x"), perms.clone())),
        ("set_rbac_datasources_builtin_roles", lossless(r.set_rbac_datasources_builtin_roles("x", "Viewer", "Query"), json!({"message": "Permission updated"}))),
        ("set_rbac_datasources_teams", lossless(r.set_rbac_datasources_teams("x", 3, "Edit"), json!({"message": "Permission updated"}))),
    ]);
    let roles = answer(r.get_rbac_roles_all(), roles);
    let x = &roles[0];
    assert_eq!((x.uid.as_str(), x.name.as_str(), x.display_name.as_deref(), x.description.as_deref(), x.group.as_deref()), ("custom_reader", "custom:dashboards:reader", Some("Dashboard reader"), Some("Reads dashboards"), Some("Custom")));
    assert_eq!((x.version, x.global, x.hidden, x.extra.len(), &x.extra["delegatable"]), (Some(3), Some(false), Some(false), 2, &json!(true)));
    let p = &x.permissions.as_ref().unwrap()[0];
    assert_eq!((p.action.as_str(), p.scope.as_deref(), &p.extra["updated"]), ("dashboards:read", Some("dashboards:*"), &json!("2024-01-01T00:00:00Z")));
    assert_eq!(roles[1].permissions, None);
    let perms = answer(r.get_rbac_datasources("x"), perms);
    let t = &perms[0];
    assert_eq!((t.id, t.role_name.as_deref(), t.team_id, t.team.as_deref(), t.permission.as_deref(), t.is_managed), (Some(1), Some("managed:teams:3:permissions"), Some(3), Some("SRE"), Some("Query"), Some(true)));
    assert_eq!((t.actions.as_deref(), t.user_id, t.extra.len(), &t.extra["teamUid"]), (Some(&["datasources:query".to_string()][..]), None, 4, &json!("t3")));
    assert_eq!((perms[1].built_in_role.as_deref(), perms[2].user_id, perms[2].user_login.as_deref(), &perms[2].extra["userUid"]), (Some("Viewer"), Some(7), Some("ada"), &json!("u7")));
}
