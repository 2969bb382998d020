//! `api.user()`, async and blocking: every method's request on the wire
//! (verb, raw path, query, JSON body), the decoded answer, and hostile path
//! values.

#![allow(deprecated)] // the deprecated Python methods are tested too

mod wire_common;

use grafana_client::elements::StarDashboard;
use grafana_client::models::{DashboardIdOrUid, Message, Preferences, UserOrg, UserTeam};
use grafana_client::{Call, Client, Endpoint, Error};
use serde_json::{json, Value};
use wire_common::*;

/// Serves `served` to one call and checks its one request; returns the answer.
fn check<M: Mode, E: Endpoint>(
    served: Value,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> E::Output {
    let env = Env::new();
    env.answer_json(200, served);
    let api = M::build(env.builder()).unwrap();
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let req = env.only_request(path);
    assert_request(&req, method, path, None, body.as_ref(), M::NAME);
    out
}

/// A call that must be refused before anything is sent.
fn refused<M: Mode, E: Endpoint>(
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    argument: &str,
) -> String {
    let env = Env::new();
    env.answer_json(200, json!({"message": "ok"}));
    let api = M::build(env.builder()).unwrap();
    let err = M::send(&env, make(&api)).err().expect("refused");
    assert!(env.requests().is_empty(), "nothing may be sent");
    match err {
        Error::InvalidArgument { name, reason } => {
            assert_eq!(name, argument);
            reason
        }
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

/// Answers `{"message": …}` and checks the decoded [`Message`].
fn check_message<M: Mode, E: Endpoint<Output = Message>>(
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    method: &str,
    path: &str,
    body: Option<Value>,
) {
    let served = json!({"message": "Organization updated", "id": 4, "orgId": 2});
    let out = check::<M, E>(served.clone(), make, method, path, body);
    assert_eq!(out.message, "Organization updated");
    assert_eq!(out.id, Some(4));
    assert_eq!(out.extra.len(), 1);
    assert_eq!(out.extra["orgId"], 2);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn get_actual_user<M: Mode>() {
    let served = json!({
        "id": 1, "uid": "u-admin", "email": "admin@localhost", "name": "Admin", "login": "admin",
        "theme": "dark", "orgId": 1, "isGrafanaAdmin": true, "isDisabled": false,
        "isExternal": false, "isExternallySynced": false, "isGrafanaAdminExternallySynced": false,
        "authLabels": [], "updatedAt": "2024-05-01T10:00:00Z", "createdAt": "2024-01-01T00:00:00Z",
        "avatarUrl": "/avatar/46d2", "isProvisioned": false
    });
    let u = check::<M, _>(
        served.clone(),
        |a| a.user().get_actual_user(),
        "GET",
        "/api/user",
        None,
    );
    assert_eq!(u.id, 1);
    assert_eq!(u.uid.as_deref(), Some("u-admin"));
    assert_eq!(u.login, "admin");
    assert_eq!(u.email.as_deref(), Some("admin@localhost"));
    assert_eq!(u.name.as_deref(), Some("Admin"));
    assert_eq!(u.theme.as_deref(), Some("dark"));
    assert_eq!(u.org_id, Some(1));
    assert_eq!(u.is_grafana_admin, Some(true));
    assert_eq!(u.is_disabled, Some(false));
    assert_eq!(u.is_external, Some(false));
    assert_eq!(u.avatar_url.as_deref(), Some("/avatar/46d2"));
    assert_eq!(u.created_at.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(u.updated_at.as_deref(), Some("2024-05-01T10:00:00Z"));
    assert_eq!(u.extra.len(), 4);
    assert_eq!(u.extra["authLabels"], json!([]));
    assert_eq!(u.extra["isGrafanaAdminExternallySynced"], false);
    assert_eq!(serde_json::to_value(&u).unwrap(), served, "lossless");
}

fn change_actual_user_password<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let call = api
        .user()
        .change_actual_user_password("old-s3cret", "new-s3cret");
    let shown = format!("{call:?}");
    assert!(
        !shown.contains("old-s3cret") && !shown.contains("new-s3cret"),
        "{shown}"
    );
    drop(call);
    check_message::<M, _>(
        |a| {
            a.user()
                .change_actual_user_password("old-s3cret", "new-s3cret")
        },
        "PUT",
        "/api/user/password",
        Some(
            // No `confirmNew`: Grafana's ChangeUserPasswordCommand has no such field.
            json!({"oldPassword": "old-s3cret", "newPassword": "new-s3cret"}),
        ),
    );
}

fn switch_user_organisation<M: Mode>() {
    check_message::<M, _>(
        |a| a.user().switch_user_organisation(7, 2),
        "POST",
        "/api/users/7/using/2",
        None,
    );
}

fn switch_actual_user_organisation<M: Mode>() {
    check_message::<M, _>(
        |a| a.user().switch_actual_user_organisation(2),
        "POST",
        "/api/user/using/2",
        None,
    );
    // The Python duplicate sends the same request.
    check_message::<M, _>(
        |a| a.organizations().switch_organization(2),
        "POST",
        "/api/user/using/2",
        None,
    );
}

pub fn assert_user_orgs(orgs: &[UserOrg], served: &Value) {
    assert_eq!(orgs.len(), 2);
    assert_eq!(orgs[0].org_id, 1);
    assert_eq!(orgs[0].name, "Main Org.");
    assert_eq!(orgs[0].role.as_deref(), Some("Admin"));
    assert!(orgs[0].extra.is_empty());
    assert_eq!(orgs[1].org_id, 2);
    assert_eq!(orgs[1].role.as_deref(), Some("Viewer"));
    assert_eq!(orgs[1].extra["futureField"], 1);
    assert_eq!(serde_json::to_value(orgs).unwrap(), *served, "lossless");
}

pub fn user_orgs() -> Value {
    json!([
        {"orgId": 1, "name": "Main Org.", "role": "Admin"},
        {"orgId": 2, "name": "Team B", "role": "Viewer", "futureField": 1}
    ])
}

fn get_actual_user_organisations<M: Mode>() {
    let served = user_orgs();
    let orgs = check::<M, _>(
        served.clone(),
        |a| a.user().get_actual_user_organisations(),
        "GET",
        "/api/user/orgs",
        None,
    );
    assert_user_orgs(&orgs, &served);
}

pub fn user_teams() -> Value {
    json!([
        {
            "id": 3, "uid": "t-ops", "orgId": 1, "name": "Ops", "email": "ops@example.com",
            "avatarUrl": "/avatar/ops", "memberCount": 4, "permission": 0,
            "accessControl": null, "isProvisioned": false, "externalUID": ""
        },
        {"id": 4, "name": "Dev"}
    ])
}

pub fn assert_user_teams(teams: &[UserTeam], served: &Value) {
    assert_eq!(teams.len(), 2);
    let t = &teams[0];
    assert_eq!(t.id, 3);
    assert_eq!(t.uid.as_deref(), Some("t-ops"));
    assert_eq!(t.org_id, Some(1));
    assert_eq!(t.name, "Ops");
    assert_eq!(t.email.as_deref(), Some("ops@example.com"));
    assert_eq!(t.avatar_url.as_deref(), Some("/avatar/ops"));
    assert_eq!(t.member_count, Some(4));
    assert_eq!(t.permission, Some(0));
    assert_eq!(t.extra.len(), 3);
    assert_eq!(t.extra["externalUID"], "");
    assert_eq!((teams[1].id, teams[1].name.as_str()), (4, "Dev"));
    assert!(teams[1].extra.is_empty());
    assert_eq!(serde_json::to_value(teams).unwrap(), *served, "lossless");
}

fn get_actual_user_teams<M: Mode>() {
    let served = user_teams();
    let teams = check::<M, _>(
        served.clone(),
        |a| a.user().get_actual_user_teams(),
        "GET",
        "/api/user/teams",
        None,
    );
    assert_user_teams(&teams, &served);
}

fn star_dashboard<M: Mode>() {
    let base = "/api/user/stars/dashboard";
    id_route::<M>(|a| a.user().star_dashboard(17), "POST", "17");
    id_route::<M>(|a| a.user().star_dashboard(17_i64), "POST", "17");
    check_message::<M, _>(
        |a| a.user().star_dashboard("abc"),
        "POST",
        &format!("{base}/uid/abc"),
        None,
    );
    // A string is a uid, digits included (as in the Python package).
    check_message::<M, _>(
        |a| a.user().star_dashboard("17"),
        "POST",
        &format!("{base}/uid/17"),
        None,
    );
    let owned = String::from("x y");
    check_message::<M, _>(
        |a| a.user().star_dashboard(&owned),
        "POST",
        &format!("{base}/uid/x%20y"),
        None,
    );
    check_message::<M, _>(
        |a| a.user().star_dashboard(owned.clone()),
        "POST",
        &format!("{base}/uid/x%20y"),
        None,
    );
    id_route::<M>(
        |a| a.user().star_dashboard(DashboardIdOrUid::Id(-3)),
        "POST",
        "-3",
    );
    id_route::<M>(
        |a| a.user().star_dashboard(DashboardIdOrUid::Uid("x y".into())),
        "POST",
        "uid/x%20y",
    );
}

fn unstar_dashboard<M: Mode>() {
    let base = "/api/user/stars/dashboard";
    id_route::<M>(|a| a.user().unstar_dashboard(17), "DELETE", "17");
    check_message::<M, _>(
        |a| a.user().unstar_dashboard("abc"),
        "DELETE",
        &format!("{base}/uid/abc"),
        None,
    );
    check_message::<M, _>(
        |a| a.user().unstar_dashboard("17"),
        "DELETE",
        &format!("{base}/uid/17"),
        None,
    );
}

fn star_actual_user_dashboard<M: Mode>() {
    id_route::<M>(|a| a.user().star_actual_user_dashboard(17), "POST", "17");
}

fn unstar_actual_user_dashboard<M: Mode>() {
    id_route::<M>(
        |a| a.user().unstar_actual_user_dashboard(17),
        "DELETE",
        "17",
    );
}

/// A numeric id makes a version-aware call (`tests/areas/current_grafana.rs`
/// checks the routes each version gets); the request it sends when no lookup
/// is needed, as to Grafana 11, is the id route. Nothing is sent here.
fn id_route<M: Mode>(
    make: impl FnOnce(&M::Api) -> Call<M::Api, StarDashboard>,
    method: &str,
    tail: &str,
) {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    let req = make(&api).into_request();
    assert_eq!(req.method().as_str(), method);
    assert_eq!(
        req.path().unwrap(),
        format!("api/user/stars/dashboard/{tail}")
    );
    assert!(req.body().is_none());
    assert!(req.query_pairs().is_empty());
    assert!(env.requests().is_empty(), "nothing is sent");
}

const HOSTILE: [(&str, &str); 4] = [
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];

fn star_hostile_uids<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({"message": "ok"}));
    let api = M::build(env.builder()).unwrap();
    for (value, _) in HOSTILE {
        M::send(&env, api.user().star_dashboard(value)).unwrap();
        M::send(&env, api.user().unstar_dashboard(value)).unwrap();
    }
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2 * HOSTILE.len());
    for (pair, (value, encoded)) in reqs.chunks(2).zip(HOSTILE) {
        let path = format!("/api/user/stars/dashboard/uid/{encoded}");
        assert_request(&pair[0], "POST", &path, None, None, value);
        assert_request(&pair[1], "DELETE", &path, None, None, value);
    }
    for value in ["", ".", ".."] {
        refused::<M, _>(|a| a.user().star_dashboard(value), "dashboard_uid");
        refused::<M, _>(|a| a.user().unstar_dashboard(value), "dashboard_uid");
    }
}

fn get_preferences<M: Mode>() {
    let served = json!({
        "theme": "light", "homeDashboardUID": "home", "timezone": "browser", "weekStart": "",
        "language": "en-US", "regionalFormat": "", "navbar": {"bookmarkUrls": []},
        "queryHistory": {"homeTab": "query"}, "cookiePreferences": {}, "futureField": "x"
    });
    let p = check::<M, _>(
        served.clone(),
        |a| a.user().get_preferences(),
        "GET",
        "/api/user/preferences",
        None,
    );
    assert_eq!(p.theme.as_deref(), Some("light"));
    assert_eq!(p.home_dashboard_id, None);
    assert_eq!(p.home_dashboard_uid.as_deref(), Some("home"));
    assert_eq!(p.timezone.as_deref(), Some("browser"));
    assert_eq!(p.week_start.as_deref(), Some(""));
    assert_eq!(p.language.as_deref(), Some("en-US"));
    assert_eq!(p.regional_format.as_deref(), Some(""));
    assert_eq!(p.navbar.as_ref().unwrap().bookmark_urls, Some(vec![]));
    assert_eq!(
        p.query_history.as_ref().unwrap().home_tab.as_deref(),
        Some("query")
    );
    assert_eq!(p.cookie_preferences, Some(json!({})));
    assert_eq!(p.extra.len(), 1);
    assert_eq!(p.extra["futureField"], "x");
    assert_eq!(serde_json::to_value(&p).unwrap(), served, "lossless");
}

fn all_preferences() -> (Preferences, Value) {
    let p = Preferences::new()
        .theme("dark")
        .home_dashboard_id(3)
        .home_dashboard_uid("h")
        .timezone("utc")
        .week_start("saturday")
        .locale("de-DE")
        .language("de-DE")
        .regional_format("de");
    let body = json!({
        "theme": "dark", "homeDashboardId": 3, "homeDashboardUID": "h", "timezone": "utc",
        "weekStart": "saturday", "locale": "de-DE", "language": "de-DE", "regionalFormat": "de"
    });
    (p, body)
}

fn update_preferences<M: Mode>() {
    let (all, body) = all_preferences();
    check_message::<M, _>(
        |a| a.user().update_preferences(&all),
        "PUT",
        "/api/user/preferences",
        Some(body),
    );
    // Nothing set: nothing sent, not six nulls.
    check_message::<M, _>(
        |a| a.user().update_preferences(&Preferences::new()),
        "PUT",
        "/api/user/preferences",
        Some(json!({})),
    );
    // A mapping, as it is.
    let raw = json!({"theme": "dark", "weekStart": "monday"});
    check_message::<M, _>(
        |a| a.user().update_preferences(&raw),
        "PUT",
        "/api/user/preferences",
        Some(raw.clone()),
    );
}

fn patch_preferences<M: Mode>() {
    let (all, body) = all_preferences();
    check_message::<M, _>(
        |a| a.user().patch_preferences(&all),
        "PATCH",
        "/api/user/preferences",
        Some(body),
    );
    check_message::<M, _>(
        |a| {
            a.user()
                .patch_preferences(&Preferences::new().theme("light"))
        },
        "PATCH",
        "/api/user/preferences",
        Some(json!({"theme": "light"})),
    );
    check_message::<M, _>(
        |a| a.user().patch_preferences(&Preferences::new()),
        "PATCH",
        "/api/user/preferences",
        Some(json!({})),
    );
}

wire_common::both!(
    get_actual_user,
    change_actual_user_password,
    switch_user_organisation,
    switch_actual_user_organisation,
    get_actual_user_organisations,
    get_actual_user_teams,
    star_dashboard,
    unstar_dashboard,
    star_actual_user_dashboard,
    unstar_actual_user_dashboard,
    star_hostile_uids,
    get_preferences,
    update_preferences,
    patch_preferences,
);
