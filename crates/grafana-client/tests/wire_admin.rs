//! Every `api.admin()` method on both clients: the exact request (verb, raw
//! path, JSON body), the decoded answer (fields, `extra`, lossless), and
//! passwords kept out of the calls' `Debug`.

mod wire_common;

use grafana_client::{Client, Error};
use serde_json::{json, Value};
use wire_common::*;

// ------------------------------------------------------------ harness

// ------------------------------------------------------------ answers

fn message(text: &str) -> Value {
    json!({ "message": text })
}

fn settings_json() -> Value {
    json!({
        "server": {"http_port": "3000", "root_url": "%(protocol)s://%(domain)s:%(http_port)s/"},
        "database": {"type": "sqlite3", "password": "************"},
        "security": {"admin_user": "admin"}
    })
}

fn stats_json() -> Value {
    json!({
        "orgs": 1, "dashboards": 12, "snapshots": 2, "tags": 4, "datasources": 3, "playlists": 0,
        "stars": 5, "alerts": 7, "users": 9, "admins": 1, "editors": 2, "viewers": 6,
        "activeUsers": 4, "activeAdmins": 1, "activeEditors": 1, "activeViewers": 2,
        "activeSessions": 3, "dailyActiveUsers": 2, "monthlyActiveUsers": 4
    })
}

// ------------------------------------------------------------ cases

fn settings<M: Mode>() {
    let served = settings_json();
    let s = exchange::<M, _>(
        &served,
        |a| a.admin().settings(),
        expect("GET", "/api/admin/settings", None, None),
        "settings",
    );
    assert_eq!(s.get("server", "http_port"), Some("3000"));
    assert_eq!(s.get("database", "type"), Some("sqlite3"));
    assert_eq!(s.get("database", "missing"), None);
    assert_eq!(s.get("missing", "type"), None);
    assert_eq!(s.extra.len(), 3);
}

fn stats<M: Mode>() {
    let served = stats_json();
    let s = exchange::<M, _>(
        &served,
        |a| a.admin().stats(),
        expect("GET", "/api/admin/stats", None, None),
        "stats",
    );
    assert_eq!(s.users, Some(9));
    assert_eq!(s.active_users, Some(4));
    assert_eq!(s.orgs, Some(1));
    assert_eq!(s.dashboards, Some(12));
    assert_eq!(s.datasources, Some(3));
    assert_eq!(s.alerts, Some(7));
    assert_eq!(s.snapshots, Some(2));
    assert_eq!(s.extra["monthlyActiveUsers"], 4);
    assert_eq!(s.extra.len(), 12);
}

fn create_user<M: Mode>() {
    let served = json!({"id": 11, "uid": "u11", "message": "User created"});
    let user = json!({"name": "Ada", "email": "ada@example.com", "login": "ada", "password": PASSWORD, "orgId": 1});
    let created = exchange::<M, _>(
        &served,
        |a| a.admin().create_user(&user),
        expect("POST", "/api/admin/users", None, Some(user.clone())),
        "create_user",
    );
    assert_eq!(created.id, 11);
    assert_eq!(created.uid.as_deref(), Some("u11"));
    assert_eq!(created.message, "User created");
    assert!(created.extra.is_empty());

    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let call = api.admin().create_user(&user);
    let shown = format!("{call:?} {call:#?}");
    assert!(
        !shown.contains(PASSWORD),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("ada@example.com"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    // Any casing of the key is hidden.
    let odd = json!({"login": "ada", "Password": PASSWORD});
    let shown = format!("{:?}", api.admin().create_user(&odd));
    assert!(!shown.contains(PASSWORD), "{shown}");
}

fn delete_user<M: Mode>() {
    let served = message("User deleted");
    let m = exchange::<M, _>(
        &served,
        |a| a.admin().delete_user(11),
        expect("DELETE", "/api/admin/users/11", None, None),
        "delete_user",
    );
    assert_eq!(m.message, "User deleted");
}

fn change_user_password<M: Mode>() {
    let served = message("User password updated");
    let m = exchange::<M, _>(
        &served,
        |a| a.admin().change_user_password(11, PASSWORD),
        expect(
            "PUT",
            "/api/admin/users/11/password",
            None,
            Some(json!({"password": PASSWORD})),
        ),
        "change_user_password",
    );
    assert_eq!(m.message, "User password updated");

    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let call = api.admin().change_user_password(11, PASSWORD);
    let shown = format!("{call:?} {call:#?}");
    assert!(
        !shown.contains(PASSWORD),
        "Debug shows the password: {shown}"
    );
    assert!(shown.contains("11"), "{shown}");
}

fn change_user_permissions<M: Mode>() {
    let served = message("User permissions updated");
    for admin in [true, false] {
        exchange::<M, _>(
            &served,
            |a| a.admin().change_user_permissions(11, admin),
            expect(
                "PUT",
                "/api/admin/users/11/permissions",
                None,
                Some(json!({"isGrafanaAdmin": admin})),
            ),
            "change_user_permissions",
        );
    }
}

#[allow(deprecated)] // removed in Grafana 11; the request stays covered
fn pause_all_alerts<M: Mode>() {
    let served = json!({"alertsAffected": 4, "message": "alerts paused", "state": "Paused"});
    let m = exchange::<M, _>(
        &served,
        |a| a.admin().pause_all_alerts(true),
        expect(
            "POST",
            "/api/admin/pause-all-alerts",
            None,
            Some(json!({"paused": true})),
        ),
        "pause_all_alerts(true)",
    );
    assert_eq!(m.message, "alerts paused");
    assert_eq!(m.extra["alertsAffected"], 4);
    assert_eq!(m.extra["state"], "Paused");
    exchange::<M, _>(
        &served,
        |a| a.admin().pause_all_alerts(false),
        expect(
            "POST",
            "/api/admin/pause-all-alerts",
            None,
            Some(json!({"paused": false})),
        ),
        "pause_all_alerts(false)",
    );
}

fn set_user_enabled<M: Mode>() {
    let served = message("User enabled");
    exchange::<M, _>(
        &served,
        |a| a.admin().set_user_enabled(11, true),
        expect("POST", "/api/admin/users/11/enable", None, None),
        "set_user_enabled(true)",
    );
    let served = message("User disabled");
    exchange::<M, _>(
        &served,
        |a| a.admin().set_user_enabled(11, false),
        expect("POST", "/api/admin/users/11/disable", None, None),
        "set_user_enabled(false)",
    );
}

fn unserializable_user_is_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    let bad: std::collections::HashMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    match M::send(&env, api.admin().create_user(&bad)) {
        Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "user"),
        other => panic!("expected InvalidArgument, got {:?}", other.map(|_| ())),
    }
    assert!(env.requests().is_empty());
}

both!(
    settings,
    stats,
    create_user,
    delete_user,
    change_user_password,
    change_user_permissions,
    pause_all_alerts,
    set_user_enabled,
    unserializable_user_is_refused_unsent,
);
