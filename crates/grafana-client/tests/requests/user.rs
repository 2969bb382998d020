//! `api.user()`: every method's request (stars by id and by uid, passwords
//! kept out of `Debug`), Grafana's answers decoded losslessly, and hostile
//! dashboard uids.

#![allow(deprecated)] // the deprecated Python methods are pinned too

use grafana_client::models::{DashboardIdOrUid, Preferences};
use serde_json::{json, Value};

use crate::harness::*;

/// Every typed field set, and the body it makes.
fn all_preferences() -> (Preferences, Value) {
    let p = Preferences::new().theme("dark").home_dashboard_id(3).home_dashboard_uid("h").timezone("utc")
        .week_start("saturday").locale("de-DE").language("de-DE").regional_format("de");
    let body = json!({
        "theme": "dark", "homeDashboardId": 3, "homeDashboardUID": "h", "timezone": "utc",
        "weekStart": "saturday", "locale": "de-DE", "language": "de-DE", "regionalFormat": "de"
    });
    (p, body)
}

#[test]
fn requests() {
    let u = api().user();
    let (all, all_body) = all_preferences();
    let raw = json!({"theme": "dark", "weekStart": "monday"});
    let (stars, prefs) = ("api/user/stars/dashboard", "api/user/preferences");
    let owned = String::from("x y");
    check_all([
        ("get_actual_user", u.get_actual_user().into_request(), req("GET", "api/user")),
        // no `confirmNew`: Grafana's ChangeUserPasswordCommand has no such field
        ("change_actual_user_password", u.change_actual_user_password("old-s3cret", "new-s3cret").into_request(), req("PUT", "api/user/password").body(json!({"oldPassword": "old-s3cret", "newPassword": "new-s3cret"}))),
        ("switch_user_organisation", u.switch_user_organisation(7, 2).into_request(), req("POST", "api/users/7/using/2")),
        ("switch_actual_user_organisation", u.switch_actual_user_organisation(2).into_request(), req("POST", "api/user/using/2")),
        // the Python duplicate sends the same request
        ("organizations.switch_organization", api().organizations().switch_organization(2).into_request(), req("POST", "api/user/using/2")),
        ("get_actual_user_organisations", u.get_actual_user_organisations().into_request(), req("GET", "api/user/orgs")),
        ("get_actual_user_teams", u.get_actual_user_teams().into_request(), req("GET", "api/user/teams")),
        // a numeric id is version-aware (tests/areas/current_grafana.rs); without a lookup it is the id route
        ("star_dashboard(i32)", u.star_dashboard(17).into_request(), req("POST", &format!("{stars}/17"))),
        ("star_dashboard(i64)", u.star_dashboard(17_i64).into_request(), req("POST", &format!("{stars}/17"))),
        ("star_dashboard(Id)", u.star_dashboard(DashboardIdOrUid::Id(-3)).into_request(), req("POST", &format!("{stars}/-3"))),
        ("star_dashboard(uid)", u.star_dashboard("abc").into_request(), req("POST", &format!("{stars}/uid/abc"))),
        // a string is a uid, digits included (as in the Python package)
        ("star_dashboard(\"17\")", u.star_dashboard("17").into_request(), req("POST", &format!("{stars}/uid/17"))),
        ("star_dashboard(&String)", u.star_dashboard(&owned).into_request(), req("POST", &format!("{stars}/uid/x%20y"))),
        ("star_dashboard(String)", u.star_dashboard(owned.clone()).into_request(), req("POST", &format!("{stars}/uid/x%20y"))),
        ("star_dashboard(Uid)", u.star_dashboard(DashboardIdOrUid::Uid("x y".into())).into_request(), req("POST", &format!("{stars}/uid/x%20y"))),
        ("unstar_dashboard(id)", u.unstar_dashboard(17).into_request(), req("DELETE", &format!("{stars}/17"))),
        ("unstar_dashboard(uid)", u.unstar_dashboard("abc").into_request(), req("DELETE", &format!("{stars}/uid/abc"))),
        ("unstar_dashboard(\"17\")", u.unstar_dashboard("17").into_request(), req("DELETE", &format!("{stars}/uid/17"))),
        ("star_actual_user_dashboard", u.star_actual_user_dashboard(17).into_request(), req("POST", &format!("{stars}/17"))),
        ("unstar_actual_user_dashboard", u.unstar_actual_user_dashboard(17).into_request(), req("DELETE", &format!("{stars}/17"))),
        ("get_preferences", u.get_preferences().into_request(), req("GET", prefs)),
        ("update_preferences(all)", u.update_preferences(&all).into_request(), req("PUT", prefs).body(all_body.clone())),
        // nothing set: nothing sent, not six nulls
        ("update_preferences(none)", u.update_preferences(&Preferences::new()).into_request(), req("PUT", prefs).body(json!({}))),
        ("update_preferences(raw)", u.update_preferences(&raw).into_request(), req("PUT", prefs).body(raw.clone())),
        ("patch_preferences(all)", u.patch_preferences(&all).into_request(), req("PATCH", prefs).body(all_body)),
        ("patch_preferences(one)", u.patch_preferences(&Preferences::new().theme("light")).into_request(), req("PATCH", prefs).body(json!({"theme": "light"}))),
        ("patch_preferences(none)", u.patch_preferences(&Preferences::new()).into_request(), req("PATCH", prefs).body(json!({}))),
    ]);
    let call = u.change_actual_user_password("old-s3cret", "new-s3cret");
    let shown = format!("{call:?} {call:#?}");
    assert!(!shown.contains("old-s3cret") && !shown.contains("new-s3cret"), "{shown}");
}

#[test]
fn decodes() {
    let u = api().user();
    let me = json!({
        "id": 1, "uid": "u-admin", "email": "admin@localhost", "name": "Admin", "login": "admin",
        "theme": "dark", "orgId": 1, "isGrafanaAdmin": true, "isDisabled": false,
        "isExternal": false, "isExternallySynced": false, "isGrafanaAdminExternallySynced": false,
        "authLabels": [], "updatedAt": "2024-05-01T10:00:00Z", "createdAt": "2024-01-01T00:00:00Z",
        "avatarUrl": "/avatar/46d2", "isProvisioned": false
    });
    let message = json!({"message": "Organization updated", "id": 4, "orgId": 2});
    let orgs = json!([{"orgId": 1, "name": "Main Org.", "role": "Admin"}, {"orgId": 2, "name": "Team B", "role": "Viewer", "futureField": 1}]);
    let teams = json!([
        {"id": 3, "uid": "t-ops", "orgId": 1, "name": "Ops", "email": "ops@example.com", "avatarUrl": "/avatar/ops",
         "memberCount": 4, "permission": 0, "accessControl": null, "isProvisioned": false, "externalUID": ""},
        {"id": 4, "name": "Dev"}
    ]);
    let prefs = json!({
        "theme": "light", "homeDashboardUID": "home", "timezone": "browser", "weekStart": "",
        "language": "en-US", "regionalFormat": "", "navbar": {"bookmarkUrls": []},
        "queryHistory": {"homeTab": "query"}, "cookiePreferences": {}, "futureField": "x"
    });
    check_decodes([
        ("get_actual_user", lossless(u.get_actual_user(), me.clone())),
        ("change_actual_user_password", lossless(u.change_actual_user_password("a", "b"), message.clone())),
        ("switch_user_organisation", lossless(u.switch_user_organisation(7, 2), message.clone())),
        ("switch_actual_user_organisation", lossless(u.switch_actual_user_organisation(2), message.clone())),
        ("get_actual_user_organisations", lossless(u.get_actual_user_organisations(), orgs.clone())),
        ("get_actual_user_teams", lossless(u.get_actual_user_teams(), teams.clone())),
        ("star_dashboard", lossless(u.star_dashboard("abc"), message.clone())),
        ("unstar_dashboard", lossless(u.unstar_dashboard("abc"), message.clone())),
        ("get_preferences", lossless(u.get_preferences(), prefs.clone())),
        ("update_preferences", lossless(u.update_preferences(&json!({})), message.clone())),
        ("patch_preferences", lossless(u.patch_preferences(&json!({})), message)),
    ]);
    let x = answer(u.get_actual_user(), me);
    assert_eq!((x.id, x.uid.as_deref(), x.login.as_str(), x.email.as_deref(), x.name.as_deref(), x.theme.as_deref(), x.org_id), (1, Some("u-admin"), "admin", Some("admin@localhost"), Some("Admin"), Some("dark"), Some(1)));
    assert_eq!((x.is_grafana_admin, x.is_disabled, x.is_external, x.avatar_url.as_deref()), (Some(true), Some(false), Some(false), Some("/avatar/46d2")));
    assert_eq!((x.created_at.as_deref(), x.updated_at.as_deref()), (Some("2024-01-01T00:00:00Z"), Some("2024-05-01T10:00:00Z")));
    assert_eq!((x.extra.len(), &x.extra["authLabels"], &x.extra["isGrafanaAdminExternallySynced"]), (4, &json!([]), &json!(false)));
    let o = answer(u.get_actual_user_organisations(), orgs);
    assert_eq!((o[0].org_id, o[0].name.as_str(), o[0].role.as_deref(), o[0].extra.len()), (1, "Main Org.", Some("Admin"), 0));
    assert_eq!((o[1].org_id, o[1].role.as_deref(), &o[1].extra["futureField"]), (2, Some("Viewer"), &json!(1)));
    let t = answer(u.get_actual_user_teams(), teams);
    assert_eq!((t[0].id, t[0].uid.as_deref(), t[0].org_id, t[0].name.as_str(), t[0].email.as_deref(), t[0].avatar_url.as_deref()), (3, Some("t-ops"), Some(1), "Ops", Some("ops@example.com"), Some("/avatar/ops")));
    assert_eq!((t[0].member_count, t[0].permission, t[0].extra.len(), &t[0].extra["externalUID"]), (Some(4), Some(0), 3, &json!("")));
    assert_eq!((t[1].id, t[1].name.as_str(), t[1].extra.len()), (4, "Dev", 0));
    let p = answer(u.get_preferences(), prefs);
    assert_eq!((p.theme.as_deref(), p.home_dashboard_id, p.home_dashboard_uid.as_deref(), p.timezone.as_deref(), p.week_start.as_deref()), (Some("light"), None, Some("home"), Some("browser"), Some("")));
    assert_eq!((p.language.as_deref(), p.regional_format.as_deref(), &p.navbar.as_ref().unwrap().bookmark_urls), (Some("en-US"), Some(""), &Some(vec![])));
    assert_eq!((p.query_history.as_ref().unwrap().home_tab.as_deref(), &p.cookie_preferences, p.extra.len(), &p.extra["futureField"]), (Some("query"), &Some(json!({})), 1, &json!("x")));
}
