//! Every `api.rbac()` method on both clients: the exact request (verb, raw
//! path, JSON body), the decoded answer (fields, `extra`, lossless), and
//! hostile path values (role uids, data source uids, built-in roles) kept in
//! one segment or refused unsent.

mod wire_common;

use grafana_client::{Call, Client, Endpoint, Error};
use serde_json::{json, Value};
use wire_common::*;

// ------------------------------------------------------------ harness

/// Hostile path values and the one segment each must become.
const ENCODED: &[(&str, &str)] = &[
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];

/// Path values that no encoding makes safe: refused, nothing sent.
const REFUSED: &[&str] = &["", ".", ".."];

/// Checks one path parameter: every hostile value stays in its segment
/// (`path` builds the expected raw path from the encoded segment) and the
/// refused ones give `InvalidArgument` naming `param`, with nothing sent.
fn hostile_path<M, E>(
    served: &Value,
    call: impl Fn(&M::Api, &str) -> Call<M::Api, E>,
    method: &str,
    path: impl Fn(&str) -> String,
    body: Option<Value>,
    param: &str,
) where
    M: Mode,
    E: Endpoint,
{
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let segments = path("x").matches('/').count();
    for (value, segment) in ENCODED {
        let ctx = format!("{} {param}={value:?}", M::NAME);
        env.reset();
        env.answer_json(200, served.clone());
        M::send(&env, call(&api, value)).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
        let r = env.only_request(&ctx);
        let expected = path(segment);
        assert_request(&r, method, &expected, None, body.as_ref(), &ctx);
        assert_eq!(
            r.url.path().matches('/').count(),
            segments,
            "{ctx}: segments"
        );
    }
    env.reset();
    env.answer_json(200, served.clone());
    for value in REFUSED {
        let ctx = format!("{} {param}={value:?}", M::NAME);
        match M::send(&env, call(&api, value)) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, param, "{ctx}"),
            Err(other) => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            Ok(_) => panic!("{ctx}: expected InvalidArgument, got a response"),
        }
    }
    assert!(
        env.requests().is_empty(),
        "refused values must send nothing"
    );
}

// ------------------------------------------------------------ answers

fn role_json() -> Value {
    json!({
        "uid": "custom_reader", "name": "custom:dashboards:reader", "displayName": "Dashboard reader",
        "description": "Reads dashboards", "group": "Custom", "version": 3, "global": false,
        "hidden": false, "delegatable": true, "created": "2024-01-01T00:00:00Z",
        "permissions": [{"action": "dashboards:read", "scope": "dashboards:*", "updated": "2024-01-01T00:00:00Z"}]
    })
}

fn permissions_json() -> Value {
    json!([
        {"id": 1, "roleName": "managed:teams:3:permissions", "isManaged": true, "isInherited": false,
         "isServiceAccount": false, "teamId": 3, "team": "SRE", "teamUid": "t3",
         "teamAvatarUrl": "/avatar/t", "actions": ["datasources:query"], "permission": "Query"},
        {"id": 2, "roleName": "managed:builtins:viewer:permissions", "builtInRole": "Viewer",
         "actions": ["datasources:query"], "permission": "Query", "isManaged": true},
        {"id": 3, "userId": 7, "userLogin": "ada", "userUid": "u7", "permission": "Admin", "actions": []}
    ])
}

fn message(text: &str) -> Value {
    json!({ "message": text })
}

// ------------------------------------------------------------ cases

fn get_rbac_roles_all<M: Mode>() {
    let served = json!([role_json(), {"uid": "fixed_x", "name": "fixed:x:reader"}]);
    let roles = exchange::<M, _>(
        &served,
        |a| a.rbac().get_rbac_roles_all(),
        expect("GET", "/api/access-control/roles", None, None),
        "get_rbac_roles_all",
    );
    assert_eq!(roles.len(), 2);
    let r = &roles[0];
    assert_eq!(r.uid, "custom_reader");
    assert_eq!(r.name, "custom:dashboards:reader");
    assert_eq!(r.display_name.as_deref(), Some("Dashboard reader"));
    assert_eq!(r.description.as_deref(), Some("Reads dashboards"));
    assert_eq!(r.group.as_deref(), Some("Custom"));
    assert_eq!(r.version, Some(3));
    assert_eq!(r.global, Some(false));
    assert_eq!(r.hidden, Some(false));
    let perms = r.permissions.as_ref().unwrap();
    assert_eq!(perms[0].action, "dashboards:read");
    assert_eq!(perms[0].scope.as_deref(), Some("dashboards:*"));
    assert_eq!(perms[0].extra["updated"], "2024-01-01T00:00:00Z");
    assert_eq!(r.extra.len(), 2);
    assert_eq!(r.extra["delegatable"], true);
    assert_eq!(roles[1].permissions, None);
}

fn create_rbac_role<M: Mode>() {
    let served = role_json();
    let body = json!({
        "uid": "custom_reader", "name": "custom:dashboards:reader", "global": false, "version": 1,
        "permissions": [{"action": "dashboards:read", "scope": "dashboards:*"}]
    });
    let role = exchange::<M, _>(
        &served,
        |a| a.rbac().create_rbac_role(&body),
        expect(
            "POST",
            "/api/access-control/roles",
            None,
            Some(body.clone()),
        ),
        "create_rbac_role",
    );
    assert_eq!(role.uid, "custom_reader");
}

fn add_rbac_role_team<M: Mode>() {
    let served = message("Role added to the team.");
    let m = exchange::<M, _>(
        &served,
        |a| a.rbac().add_rbac_role_team(3, "custom_reader"),
        expect(
            "POST",
            "/api/access-control/teams/3/roles",
            None,
            Some(json!({"roleUid": "custom_reader"})),
        ),
        "add_rbac_role_team",
    );
    assert_eq!(m.message, "Role added to the team.");
    // A role uid in the body is data: sent as it is.
    exchange::<M, _>(
        &served,
        |a| a.rbac().add_rbac_role_team(3, "../x"),
        expect(
            "POST",
            "/api/access-control/teams/3/roles",
            None,
            Some(json!({"roleUid": "../x"})),
        ),
        "add_rbac_role_team(odd uid)",
    );
}

fn add_rbac_roles_team<M: Mode>() {
    let served = message("Team roles have been updated.");
    exchange::<M, _>(
        &served,
        |a| a.rbac().add_rbac_roles_team(3, &["a", "b"]),
        expect(
            "PUT",
            "/api/access-control/teams/3/roles",
            None,
            Some(json!({"roleUids": ["a", "b"]})),
        ),
        "add_rbac_roles_team",
    );
    let owned: Vec<String> = vec!["c".into()];
    exchange::<M, _>(
        &served,
        |a| a.rbac().add_rbac_roles_team(3, &owned),
        expect(
            "PUT",
            "/api/access-control/teams/3/roles",
            None,
            Some(json!({"roleUids": ["c"]})),
        ),
        "add_rbac_roles_team(owned)",
    );
    let none: [&str; 0] = [];
    exchange::<M, _>(
        &served,
        |a| a.rbac().add_rbac_roles_team(3, &none),
        expect(
            "PUT",
            "/api/access-control/teams/3/roles",
            None,
            Some(json!({"roleUids": []})),
        ),
        "add_rbac_roles_team(empty)",
    );
}

fn remove_rbac_role_team<M: Mode>() {
    let served = message("Role removed from team.");
    exchange::<M, _>(
        &served,
        |a| a.rbac().remove_rbac_role_team(3, "custom_reader"),
        expect(
            "DELETE",
            "/api/access-control/teams/3/roles/custom_reader",
            None,
            None,
        ),
        "remove_rbac_role_team",
    );
    hostile_path::<M, _>(
        &served,
        |a, x| a.rbac().remove_rbac_role_team(3, x),
        "DELETE",
        |seg| format!("/api/access-control/teams/3/roles/{seg}"),
        None,
        "role_uid",
    );
}

fn get_rbac_datasources<M: Mode>() {
    let served = permissions_json();
    let perms = exchange::<M, _>(
        &served,
        |a| a.rbac().get_rbac_datasources("prom-1"),
        expect("GET", "/api/access-control/datasources/prom-1", None, None),
        "get_rbac_datasources",
    );
    assert_eq!(perms.len(), 3);
    let team = &perms[0];
    assert_eq!(team.id, Some(1));
    assert_eq!(
        team.role_name.as_deref(),
        Some("managed:teams:3:permissions")
    );
    assert_eq!(team.team_id, Some(3));
    assert_eq!(team.team.as_deref(), Some("SRE"));
    assert_eq!(
        team.actions.as_deref(),
        Some(&["datasources:query".to_string()][..])
    );
    assert_eq!(team.permission.as_deref(), Some("Query"));
    assert_eq!(team.is_managed, Some(true));
    assert_eq!(team.user_id, None);
    assert_eq!(team.extra.len(), 4);
    assert_eq!(team.extra["teamUid"], "t3");
    assert_eq!(perms[1].built_in_role.as_deref(), Some("Viewer"));
    assert_eq!(perms[2].user_id, Some(7));
    assert_eq!(perms[2].user_login.as_deref(), Some("ada"));
    assert_eq!(perms[2].extra["userUid"], "u7");
    hostile_path::<M, _>(
        &json!([]),
        |a, x| a.rbac().get_rbac_datasources(x),
        "GET",
        |seg| format!("/api/access-control/datasources/{seg}"),
        None,
        "datasource_uid",
    );
}

fn set_rbac_datasources_builtin_roles<M: Mode>() {
    let served = message("Permission updated");
    let m = exchange::<M, _>(
        &served,
        |a| {
            a.rbac()
                .set_rbac_datasources_builtin_roles("prom-1", "Viewer", "Query")
        },
        expect(
            "POST",
            "/api/access-control/datasources/prom-1/builtInRoles/Viewer",
            None,
            Some(json!({"permission": "Query"})),
        ),
        "set_rbac_datasources_builtin_roles",
    );
    assert_eq!(m.message, "Permission updated");
    exchange::<M, _>(
        &served,
        |a| {
            a.rbac()
                .set_rbac_datasources_builtin_roles("prom-1", "Editor", "")
        },
        expect(
            "POST",
            "/api/access-control/datasources/prom-1/builtInRoles/Editor",
            None,
            Some(json!({"permission": ""})),
        ),
        "set_rbac_datasources_builtin_roles(remove)",
    );
    hostile_path::<M, _>(
        &served,
        |a, x| {
            a.rbac()
                .set_rbac_datasources_builtin_roles(x, "Viewer", "Query")
        },
        "POST",
        |seg| format!("/api/access-control/datasources/{seg}/builtInRoles/Viewer"),
        Some(json!({"permission": "Query"})),
        "datasource_uid",
    );
    hostile_path::<M, _>(
        &served,
        |a, x| {
            a.rbac()
                .set_rbac_datasources_builtin_roles("prom-1", x, "Query")
        },
        "POST",
        |seg| format!("/api/access-control/datasources/prom-1/builtInRoles/{seg}"),
        Some(json!({"permission": "Query"})),
        "builtin_role",
    );
}

fn set_rbac_datasources_teams<M: Mode>() {
    let served = message("Permission updated");
    exchange::<M, _>(
        &served,
        |a| a.rbac().set_rbac_datasources_teams("prom-1", 3, "Edit"),
        expect(
            "POST",
            "/api/access-control/datasources/prom-1/teams/3",
            None,
            Some(json!({"permission": "Edit"})),
        ),
        "set_rbac_datasources_teams",
    );
    hostile_path::<M, _>(
        &served,
        |a, x| a.rbac().set_rbac_datasources_teams(x, 3, ""),
        "POST",
        |seg| format!("/api/access-control/datasources/{seg}/teams/3"),
        Some(json!({"permission": ""})),
        "datasource_uid",
    );
}

fn unserializable_role_is_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    let bad: std::collections::HashMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    match M::send(&env, api.rbac().create_rbac_role(&bad)) {
        Err(Error::InvalidArgument { .. }) => {}
        other => panic!("expected InvalidArgument, got {:?}", other.map(|_| ())),
    }
    assert!(env.requests().is_empty());
}

both!(
    get_rbac_roles_all,
    create_rbac_role,
    add_rbac_role_team,
    add_rbac_roles_team,
    remove_rbac_role_team,
    get_rbac_datasources,
    set_rbac_datasources_builtin_roles,
    set_rbac_datasources_teams,
    unserializable_role_is_refused_unsent,
);
