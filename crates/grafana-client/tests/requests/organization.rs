//! `api.organization()`: every method's request, organization names refused
//! before sending, preferences sent key for key, Grafana's answers decoded
//! losslessly, and hostile organization names.

use grafana_client::models::Preferences;
use serde_json::{json, Value};

use crate::harness::*;

/// Every typed field set, and the body it makes.
fn all_preferences() -> (Preferences, Value) {
    let mut p = Preferences::new().theme("light").home_dashboard_id(3).home_dashboard_uid("h").timezone("utc")
        .week_start("sunday").locale("en-US").language("en-US").regional_format("en");
    p.cookies = Some(vec!["analytics".into()]);
    let body = json!({
        "theme": "light", "homeDashboardId": 3, "homeDashboardUID": "h", "timezone": "utc",
        "weekStart": "sunday", "locale": "en-US", "language": "en-US", "regionalFormat": "en",
        "cookies": ["analytics"]
    });
    (p, body)
}

fn served_preferences() -> Value {
    json!({
        "theme": "dark", "homeDashboardId": 12, "homeDashboardUID": "home-uid",
        "timezone": "Europe/Paris", "weekStart": "monday", "locale": "fr-FR",
        "language": "fr-FR", "regionalFormat": "fr",
        "queryHistory": {"homeTab": "starred", "other": 1},
        "navbar": {"bookmarkUrls": ["/d/a"], "x": true},
        "cookiePreferences": {"analytics": {}},
        "futureField": [1]
    })
}

#[test]
fn requests() {
    let o = api().organization();
    let (all, all_body) = all_preferences();
    // a fetched Preferences goes back key for key
    let fetched: Preferences = serde_json::from_value(served_preferences()).expect("decodes");
    let raw = json!({"theme": "dark", "homeDashboardUID": "x"});
    let user = json!({"loginOrEmail": "ana@example.com", "role": "Viewer"});
    let prefs = "api/org/preferences";
    check_all([
        ("get_current_organization", o.get_current_organization().into_request(), req("GET", "api/org")),
        ("update_current_organization", o.update_current_organization(&json!({"name": "Renamed"})).into_request(), req("PUT", "api/org").body(json!({"name": "Renamed"}))),
        ("get_current_organization_users", o.get_current_organization_users().into_request(), req("GET", "api/org/users")),
        ("add_user_current_organization", o.add_user_current_organization(&user).into_request(), req("POST", "api/org/users").body(user.clone())),
        ("update_user_current_organization", o.update_user_current_organization(7, &json!({"role": "Editor"})).into_request(), req("PATCH", "api/org/users/7").body(json!({"role": "Editor"}))),
        ("delete_user_current_organization", o.delete_user_current_organization(7).into_request(), req("DELETE", "api/org/users/7")),
        ("delete_user_current_organization(-1)", o.delete_user_current_organization(-1).into_request(), req("DELETE", "api/org/users/-1")),
        ("create_organization(name)", o.create_organization("Team B").into_request(), req("POST", "api/orgs").body(json!({"name": "Team B"}))),
        // an object: its name only, as in the Python package
        ("create_organization(object)", o.create_organization(&json!({"name": "Team C", "other": 1})).into_request(), req("POST", "api/orgs").body(json!({"name": "Team C"}))),
        ("create_organization(String)", o.create_organization(&String::from("Team D")).into_request(), req("POST", "api/orgs").body(json!({"name": "Team D"}))),
        ("find_organization", o.find_organization("Main Org.").into_request(), req("GET", "api/orgs/name/Main%20Org.")),
        ("get_preferences", o.get_preferences().into_request(), req("GET", prefs)),
        ("update_preferences(all)", o.update_preferences(&all).into_request(), req("PUT", prefs).body(all_body.clone())),
        // nothing set: nothing sent, not nulls
        ("update_preferences(none)", o.update_preferences(&Preferences::new()).into_request(), req("PUT", prefs).body(json!({}))),
        ("update_preferences(raw)", o.update_preferences(&raw).into_request(), req("PUT", prefs).body(raw.clone())),
        ("update_preferences(fetched)", o.update_preferences(&fetched).into_request(), req("PUT", prefs).body(served_preferences())),
        ("patch_preferences(all)", o.patch_preferences(&all).into_request(), req("PATCH", prefs).body(all_body)),
        ("patch_preferences(one)", o.patch_preferences(&Preferences::new().week_start("monday")).into_request(), req("PATCH", prefs).body(json!({"weekStart": "monday"}))),
        ("patch_preferences(none)", o.patch_preferences(&Preferences::new()).into_request(), req("PATCH", prefs).body(json!({}))),
    ]);
    // blank names, no name, other kinds
    refused("create_organization(\"\")", o.create_organization("").into_request(), "organization");
    refused("create_organization(blank)", o.create_organization(" \t").into_request(), "organization");
    for bad in [json!({"name": " "}), json!({"title": "x"}), json!({"name": 5}), json!(5), json!(["a"])] {
        refused(&format!("create_organization({bad})"), o.create_organization(&bad).into_request(), "organization");
    }
}

fn org_details() -> Value {
    json!({
        "id": 1, "name": "Main Org.",
        "address": {"address1": "1 Main St", "address2": "", "city": "Springfield", "zipCode": "12345", "state": "", "country": "US", "county": "X"},
        "uid": "future-field"
    })
}

fn org_users() -> Value {
    json!([
        {
            "orgId": 1, "userId": 1, "uid": "u-admin", "email": "admin@localhost", "name": "",
            "avatarUrl": "/avatar/46d229b033af06a191ff2267bca9ae56", "login": "admin",
            "role": "Admin", "lastSeenAt": "2024-05-01T10:00:00Z", "lastSeenAtAge": "10m",
            "accessControl": {"org.users:read": true}, "authLabels": [], "isDisabled": false,
            "isExternallySynced": false, "isProvisioned": false
        },
        {"orgId": 1, "userId": 7, "login": "ana", "role": "Viewer"}
    ])
}

#[test]
fn decodes() {
    let o = api().organization();
    let message = json!({"message": "Organization updated", "id": 4, "orgId": 2});
    let added = json!({"message": "User added to organization", "userId": 7});
    let created = json!({"orgId": 3, "message": "Organization created", "uid": "x"});
    check_decodes([
        ("get_current_organization", lossless(o.get_current_organization(), org_details())),
        // without address it stays without one
        ("get_current_organization(bare)", lossless(o.get_current_organization(), json!({"id": 2, "name": "B"}))),
        ("find_organization", lossless(o.find_organization("x"), org_details())),
        ("update_current_organization", lossless(o.update_current_organization(&json!({})), message.clone())),
        ("get_current_organization_users", lossless(o.get_current_organization_users(), org_users())),
        ("add_user_current_organization", lossless(o.add_user_current_organization(&json!({})), added.clone())),
        ("update_user_current_organization", lossless(o.update_user_current_organization(7, &json!({})), message.clone())),
        ("delete_user_current_organization", lossless(o.delete_user_current_organization(7), message.clone())),
        ("create_organization", lossless(o.create_organization("x"), created.clone())),
        ("get_preferences", lossless(o.get_preferences(), served_preferences())),
        ("update_preferences", lossless(o.update_preferences(&json!({})), message.clone())),
        ("patch_preferences", lossless(o.patch_preferences(&json!({})), message.clone())),
    ]);
    let m = answer(o.update_current_organization(&json!({})), message);
    assert_eq!((m.message.as_str(), m.id, m.extra.len(), &m.extra["orgId"]), ("Organization updated", Some(4), 1, &json!(2)));
    let d = answer(o.get_current_organization(), org_details());
    let a = d.address.as_ref().expect("address");
    assert_eq!((d.id, d.name.as_str(), d.extra.len(), &d.extra["uid"]), (1, "Main Org.", 1, &json!("future-field")));
    assert_eq!((a.address1.as_deref(), a.address2.as_deref(), a.city.as_deref(), a.zip_code.as_deref()), (Some("1 Main St"), Some(""), Some("Springfield"), Some("12345")));
    assert_eq!((a.state.as_deref(), a.country.as_deref(), a.extra.len(), &a.extra["county"]), (Some(""), Some("US"), 1, &json!("X")));
    assert_eq!(answer(o.get_current_organization(), json!({"id": 2, "name": "B"})).address, None);
    let users = answer(o.get_current_organization_users(), org_users());
    let u = &users[0];
    assert_eq!((u.org_id, u.user_id, u.uid.as_deref(), u.login.as_str(), u.email.as_deref(), u.name.as_deref()), (Some(1), 1, Some("u-admin"), "admin", Some("admin@localhost"), Some("")));
    assert_eq!((u.role.as_deref(), u.avatar_url.as_deref(), u.is_disabled), (Some("Admin"), Some("/avatar/46d229b033af06a191ff2267bca9ae56"), Some(false)));
    assert_eq!((u.last_seen_at.as_deref(), u.last_seen_at_age.as_deref()), (Some("2024-05-01T10:00:00Z"), Some("10m")));
    assert_eq!((u.extra.len(), &u.extra["accessControl"]["org.users:read"], &u.extra["isProvisioned"]), (4, &json!(true), &json!(false)));
    assert_eq!((users[1].user_id, users[1].login.as_str(), &users[1].email, users[1].extra.len()), (7, "ana", &None, 0));
    let m = answer(o.add_user_current_organization(&json!({})), added);
    assert_eq!((m.message.as_str(), m.id, &m.extra["userId"]), ("User added to organization", None, &json!(7)));
    let c = answer(o.create_organization("x"), created);
    assert_eq!((c.org_id, c.message.as_str(), c.extra.len()), (3, "Organization created", 1));
    let p = answer(o.get_preferences(), served_preferences());
    assert_eq!((p.theme.as_deref(), p.home_dashboard_id, p.home_dashboard_uid.as_deref(), p.timezone.as_deref()), (Some("dark"), Some(12), Some("home-uid"), Some("Europe/Paris")));
    assert_eq!((p.week_start.as_deref(), p.locale.as_deref(), p.language.as_deref(), p.regional_format.as_deref()), (Some("monday"), Some("fr-FR"), Some("fr-FR"), Some("fr")));
    let (qh, nb) = (p.query_history.as_ref().unwrap(), p.navbar.as_ref().unwrap());
    assert_eq!((qh.home_tab.as_deref(), &qh.extra["other"], nb.bookmark_urls.as_deref(), &nb.extra["x"]), (Some("starred"), &json!(1), Some(&["/d/a".to_string()][..]), &json!(true)));
    assert_eq!((&p.cookie_preferences, &p.cookies, p.extra.len(), &p.extra["futureField"]), (&Some(json!({"analytics": {}})), &None, 1, &json!([1])));
}
