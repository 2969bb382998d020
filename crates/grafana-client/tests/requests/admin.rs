//! `api.admin()`: every method's request, the user body refused before
//! sending, Grafana's answers decoded losslessly, and passwords kept out of
//! the calls' `Debug`.

#![allow(deprecated)] // pause_all_alerts: removed in Grafana 11, still pinned

use std::collections::HashMap;

use serde_json::json;

use crate::harness::*;

const PASSWORD: &str = "hunter2-pass";

#[test]
fn requests() {
    let a = api().admin();
    let user = json!({"name": "Ada", "email": "ada@example.com", "login": "ada", "password": PASSWORD, "orgId": 1});
    let perms = "api/admin/users/11/permissions";
    check_all([
        ("settings", a.settings().into_request(), req("GET", "api/admin/settings")),
        ("stats", a.stats().into_request(), req("GET", "api/admin/stats")),
        ("create_user", a.create_user(&user).into_request(), req("POST", "api/admin/users").body(user.clone())),
        ("delete_user", a.delete_user(11).into_request(), req("DELETE", "api/admin/users/11")),
        ("change_user_password", a.change_user_password(11, PASSWORD).into_request(), req("PUT", "api/admin/users/11/password").body(json!({"password": PASSWORD}))),
        ("change_user_permissions(true)", a.change_user_permissions(11, true).into_request(), req("PUT", perms).body(json!({"isGrafanaAdmin": true}))),
        ("change_user_permissions(false)", a.change_user_permissions(11, false).into_request(), req("PUT", perms).body(json!({"isGrafanaAdmin": false}))),
        ("pause_all_alerts(true)", a.pause_all_alerts(true).into_request(), req("POST", "api/admin/pause-all-alerts").body(json!({"paused": true}))),
        ("pause_all_alerts(false)", a.pause_all_alerts(false).into_request(), req("POST", "api/admin/pause-all-alerts").body(json!({"paused": false}))),
        ("set_user_enabled(true)", a.set_user_enabled(11, true).into_request(), req("POST", "api/admin/users/11/enable")),
        ("set_user_enabled(false)", a.set_user_enabled(11, false).into_request(), req("POST", "api/admin/users/11/disable")),
    ]);
    let bad: HashMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    refused("create_user(unserializable)", a.create_user(&bad).into_request(), "user");
}

#[test]
fn passwords_stay_out_of_debug() {
    let a = api().admin();
    let user = json!({"login": "ada", "email": "ada@example.com", "password": PASSWORD});
    let call = a.create_user(&user);
    let shown = format!("{call:?} {call:#?}");
    assert!(!shown.contains(PASSWORD) && shown.contains("ada@example.com") && shown.contains("[redacted]"), "{shown}");
    // any casing of the key
    let shown = format!("{:?}", a.create_user(&json!({"login": "ada", "Password": PASSWORD})));
    assert!(!shown.contains(PASSWORD), "{shown}");
    let call = a.change_user_password(11, PASSWORD);
    let shown = format!("{call:?} {call:#?}");
    assert!(!shown.contains(PASSWORD) && shown.contains("11"), "{shown}");
}

#[test]
fn decodes() {
    let a = api().admin();
    let settings = json!({
        "server": {"http_port": "3000", "root_url": "%(protocol)s://%(domain)s:%(http_port)s/"},
        "database": {"type": "sqlite3", "password": "************"},
        "security": {"admin_user": "admin"}
    });
    let stats = json!({
        "orgs": 1, "dashboards": 12, "snapshots": 2, "tags": 4, "datasources": 3, "playlists": 0,
        "stars": 5, "alerts": 7, "users": 9, "admins": 1, "editors": 2, "viewers": 6,
        "activeUsers": 4, "activeAdmins": 1, "activeEditors": 1, "activeViewers": 2,
        "activeSessions": 3, "dailyActiveUsers": 2, "monthlyActiveUsers": 4
    });
    let created = json!({"id": 11, "uid": "u11", "message": "User created"});
    let paused = json!({"alertsAffected": 4, "message": "alerts paused", "state": "Paused"});
    check_decodes([
        ("settings", lossless(a.settings(), settings.clone())),
        ("stats", lossless(a.stats(), stats.clone())),
        ("create_user", lossless(a.create_user(&json!({})), created.clone())),
        ("delete_user", lossless(a.delete_user(11), json!({"message": "User deleted"}))),
        ("change_user_password", lossless(a.change_user_password(11, "p"), json!({"message": "User password updated"}))),
        ("change_user_permissions", lossless(a.change_user_permissions(11, true), json!({"message": "User permissions updated"}))),
        ("pause_all_alerts", lossless(a.pause_all_alerts(true), paused.clone())),
        ("set_user_enabled", lossless(a.set_user_enabled(11, false), json!({"message": "User disabled"}))),
    ]);
    let s = answer(a.settings(), settings);
    assert_eq!((s.get("server", "http_port"), s.get("database", "type")), (Some("3000"), Some("sqlite3")));
    assert_eq!((s.get("database", "missing"), s.get("missing", "type"), s.extra.len()), (None, None, 3));
    let s = answer(a.stats(), stats);
    let typed = (s.users, s.active_users, s.orgs, s.dashboards, s.datasources, s.alerts, s.snapshots);
    assert_eq!(typed, (Some(9), Some(4), Some(1), Some(12), Some(3), Some(7), Some(2)));
    assert_eq!((s.extra.len(), &s.extra["monthlyActiveUsers"]), (12, &json!(4)));
    let c = answer(a.create_user(&json!({})), created);
    assert_eq!((c.id, c.uid.as_deref(), c.message.as_str(), c.extra.len()), (11, Some("u11"), "User created", 0));
    let m = answer(a.pause_all_alerts(true), paused);
    assert_eq!((m.message.as_str(), &m.extra["alertsAffected"], &m.extra["state"]), ("alerts paused", &json!(4), &json!("Paused")));
}
