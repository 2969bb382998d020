//! `api.organizations()`: every method's request (preferences sending only
//! what is set) and Grafana's answers decoded losslessly.

#![allow(deprecated)] // the deprecated Python methods are pinned too

use serde_json::json;

use crate::harness::*;

#[test]
fn requests() {
    let o = api().organizations();
    let prefs = "api/org/preferences";
    check_all([
        ("list_organization", o.list_organization().into_request(), req("GET", "api/orgs")),
        ("update_organization", o.update_organization(2, &json!({"name": "Renamed"})).into_request(), req("PUT", "api/orgs/2").body(json!({"name": "Renamed"}))),
        ("delete_organization", o.delete_organization(2).into_request(), req("DELETE", "api/orgs/2")),
        ("switch_organization", o.switch_organization(2).into_request(), req("POST", "api/user/using/2")),
        ("organization_user_list", o.organization_user_list(2).into_request(), req("GET", "api/orgs/2/users")),
        ("organization_user_add", o.organization_user_add(2, &json!({"loginOrEmail": "ana", "role": "Viewer"})).into_request(), req("POST", "api/orgs/2/users").body(json!({"loginOrEmail": "ana", "role": "Viewer"}))),
        ("organization_user_update", o.organization_user_update(2, 7, "Editor").into_request(), req("PATCH", "api/orgs/2/users/7").body(json!({"role": "Editor"}))),
        // a role is a JSON string, whatever it holds
        ("organization_user_update(odd role)", o.organization_user_update(2, 7, "\"Admin\", \"x\": 1").into_request(), req("PATCH", "api/orgs/2/users/7").body(json!({"role": "\"Admin\", \"x\": 1"}))),
        ("organization_user_delete", o.organization_user_delete(2, 7).into_request(), req("DELETE", "api/orgs/2/users/7")),
        // ids are one segment each, negative ones included
        ("organization_user_delete(negative)", o.organization_user_delete(-2, -7).into_request(), req("DELETE", "api/orgs/-2/users/-7")),
        ("organization_preference_get", o.organization_preference_get().into_request(), req("GET", prefs)),
        // nothing set: nothing sent (the Python package sends theme "", homeDashboardId 0, timezone "utc")
        ("organization_preference_update(none)", o.organization_preference_update().into_request(), req("PUT", prefs).body(json!({}))),
        (
            "organization_preference_update(all)",
            o.organization_preference_update().theme("dark").home_dashboard_id(5).timezone("browser").into_request(),
            req("PUT", prefs).body(json!({"theme": "dark", "homeDashboardId": 5, "timezone": "browser"})),
        ),
        // set explicitly, empty and zero values are sent
        ("organization_preference_update(empty)", o.organization_preference_update().theme("").home_dashboard_id(0).into_request(), req("PUT", prefs).body(json!({"theme": "", "homeDashboardId": 0}))),
        ("organization_preference_update(timezone)", o.organization_preference_update().timezone("Europe/Paris").into_request(), req("PUT", prefs).body(json!({"timezone": "Europe/Paris"}))),
    ]);
}

#[test]
fn decodes() {
    let o = api().organizations();
    let message = json!({"message": "Organization updated", "id": 4, "orgId": 2});
    let orgs = json!([{"id": 1, "name": "Main Org."}, {"id": 2, "name": "Team B", "futureField": true}]);
    let users = json!([
        {
            "orgId": 2, "userId": 1, "uid": "u-admin", "email": "admin@localhost", "name": "",
            "avatarUrl": "/avatar/46d2", "login": "admin", "role": "Admin",
            "lastSeenAt": "2024-05-01T10:00:00Z", "lastSeenAtAge": "10m",
            "accessControl": null, "authLabels": ["OAuth"], "isDisabled": false,
            "isExternallySynced": false, "isProvisioned": false
        },
        {"orgId": 2, "userId": 7, "login": "ana", "role": "Viewer"}
    ]);
    let added = json!({"message": "User added to organization", "userId": 7});
    check_decodes([
        ("list_organization", lossless(o.list_organization(), orgs.clone())),
        ("update_organization", lossless(o.update_organization(2, &json!({})), message.clone())),
        ("delete_organization", lossless(o.delete_organization(2), message.clone())),
        ("switch_organization", lossless(o.switch_organization(2), message.clone())),
        ("organization_user_list", lossless(o.organization_user_list(2), users.clone())),
        ("organization_user_add", lossless(o.organization_user_add(2, &json!({})), added.clone())),
        ("organization_user_update", lossless(o.organization_user_update(2, 7, "Editor"), message.clone())),
        ("organization_user_delete", lossless(o.organization_user_delete(2, 7), message.clone())),
        ("organization_preference_update", lossless(o.organization_preference_update(), message)),
    ]);
    let orgs = answer(o.list_organization(), orgs);
    assert_eq!((orgs[0].id, orgs[0].name.as_str(), orgs[0].extra.len()), (1, "Main Org.", 0));
    assert_eq!((orgs[1].id, orgs[1].name.as_str(), orgs[1].extra.len(), &orgs[1].extra["futureField"]), (2, "Team B", 1, &json!(true)));
    let users = answer(o.organization_user_list(2), users);
    let u = &users[0];
    assert_eq!((u.org_id, u.user_id, u.uid.as_deref(), u.login.as_str(), u.email.as_deref(), u.role.as_deref()), (Some(2), 1, Some("u-admin"), "admin", Some("admin@localhost"), Some("Admin")));
    assert_eq!((u.avatar_url.as_deref(), u.last_seen_at_age.as_deref(), u.is_disabled, u.extra.len()), (Some("/avatar/46d2"), Some("10m"), Some(false), 4));
    assert_eq!((&u.extra["authLabels"], &u.extra["accessControl"]), (&json!(["OAuth"]), &json!(null)));
    assert_eq!((users[1].user_id, users[1].login.as_str(), users[1].role.as_deref()), (7, "ana", Some("Viewer")));
    let m = answer(o.organization_user_add(2, &json!({})), added);
    assert_eq!((m.message.as_str(), &m.extra["userId"]), ("User added to organization", &json!(7)));
    let served = json!({
        "theme": "", "homeDashboardId": 0, "homeDashboardUID": "", "timezone": "utc",
        "weekStart": "", "navbar": {"bookmarkUrls": null}, "queryHistory": {"homeTab": ""}, "futureField": 1
    });
    let p = answer(o.organization_preference_get(), served.clone());
    assert_eq!((p.theme.as_deref(), p.home_dashboard_id, p.home_dashboard_uid.as_deref(), p.timezone.as_deref(), p.week_start.as_deref()), (Some(""), Some(0), Some(""), Some("utc"), Some("")));
    assert_eq!((p.query_history.as_ref().unwrap().home_tab.as_deref(), &p.navbar.as_ref().unwrap().bookmark_urls), (Some(""), &None));
    assert_eq!((p.extra.len(), &p.extra["futureField"]), (1, &json!(1)));
    // the one documented loss: an explicit null comes back as an absent key
    let mut expected = served;
    expected["navbar"] = json!({});
    assert_eq!(serde_json::to_value(&p).unwrap(), expected);
}
