//! `api.organization()`, async and blocking: every method's request on the
//! wire (verb, raw path, query, JSON body), the decoded answer, and hostile
//! path values.

mod wire_common;

use grafana_client::models::{Message, OrgCreated, OrgDetails, OrgUser, Preferences};
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

fn org_details() -> Value {
    json!({
        "id": 1,
        "name": "Main Org.",
        "address": {
            "address1": "1 Main St", "address2": "", "city": "Springfield",
            "zipCode": "12345", "state": "", "country": "US", "county": "X"
        },
        "uid": "future-field"
    })
}

fn assert_org_details(o: &OrgDetails, served: &Value) {
    assert_eq!(o.id, 1);
    assert_eq!(o.name, "Main Org.");
    let a = o.address.as_ref().expect("address");
    assert_eq!(a.address1.as_deref(), Some("1 Main St"));
    assert_eq!(a.address2.as_deref(), Some(""));
    assert_eq!(a.city.as_deref(), Some("Springfield"));
    assert_eq!(a.zip_code.as_deref(), Some("12345"));
    assert_eq!(a.state.as_deref(), Some(""));
    assert_eq!(a.country.as_deref(), Some("US"));
    assert_eq!(a.extra.len(), 1);
    assert_eq!(a.extra["county"], "X");
    assert_eq!(o.extra.len(), 1);
    assert_eq!(o.extra["uid"], "future-field");
    assert_eq!(serde_json::to_value(o).unwrap(), *served, "lossless");
}

fn get_current_organization<M: Mode>() {
    let served = org_details();
    let o = check::<M, _>(
        served.clone(),
        |a| a.organization().get_current_organization(),
        "GET",
        "/api/org",
        None,
    );
    assert_org_details(&o, &served);

    // An answer without address decodes, and stays without one.
    let bare = json!({"id": 2, "name": "B"});
    let o = check::<M, _>(
        bare.clone(),
        |a| a.organization().get_current_organization(),
        "GET",
        "/api/org",
        None,
    );
    assert_eq!(o.address, None);
    assert_eq!(serde_json::to_value(&o).unwrap(), bare);
}

fn update_current_organization<M: Mode>() {
    check_message::<M, _>(
        |a| {
            a.organization()
                .update_current_organization(&json!({"name": "Renamed"}))
        },
        "PUT",
        "/api/org",
        Some(json!({"name": "Renamed"})),
    );
}

pub fn org_users() -> Value {
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

pub fn assert_org_users(users: &[OrgUser], served: &Value) {
    assert_eq!(users.len(), 2);
    let u = &users[0];
    assert_eq!(u.org_id, Some(1));
    assert_eq!(u.user_id, 1);
    assert_eq!(u.uid.as_deref(), Some("u-admin"));
    assert_eq!(u.login, "admin");
    assert_eq!(u.email.as_deref(), Some("admin@localhost"));
    assert_eq!(u.name.as_deref(), Some(""));
    assert_eq!(u.role.as_deref(), Some("Admin"));
    assert_eq!(
        u.avatar_url.as_deref(),
        Some("/avatar/46d229b033af06a191ff2267bca9ae56")
    );
    assert_eq!(u.last_seen_at.as_deref(), Some("2024-05-01T10:00:00Z"));
    assert_eq!(u.last_seen_at_age.as_deref(), Some("10m"));
    assert_eq!(u.is_disabled, Some(false));
    assert_eq!(u.extra.len(), 4);
    assert_eq!(u.extra["accessControl"]["org.users:read"], true);
    assert_eq!(u.extra["isProvisioned"], false);
    let v = &users[1];
    assert_eq!((v.user_id, v.login.as_str()), (7, "ana"));
    assert_eq!(v.email, None);
    assert!(v.extra.is_empty());
    assert_eq!(serde_json::to_value(users).unwrap(), *served, "lossless");
}

fn get_current_organization_users<M: Mode>() {
    let served = org_users();
    let users = check::<M, _>(
        served.clone(),
        |a| a.organization().get_current_organization_users(),
        "GET",
        "/api/org/users",
        None,
    );
    assert_org_users(&users, &served);
}

fn add_user_current_organization<M: Mode>() {
    let user = json!({"loginOrEmail": "ana@example.com", "role": "Viewer"});
    let served = json!({"message": "User added to organization", "userId": 7});
    let out = check::<M, _>(
        served.clone(),
        |a| a.organization().add_user_current_organization(&user),
        "POST",
        "/api/org/users",
        Some(user.clone()),
    );
    assert_eq!(out.message, "User added to organization");
    assert_eq!(out.id, None);
    assert_eq!(out.extra["userId"], 7);
    assert_eq!(serde_json::to_value(&out).unwrap(), served);
}

fn update_user_current_organization<M: Mode>() {
    check_message::<M, _>(
        |a| {
            a.organization()
                .update_user_current_organization(7, &json!({"role": "Editor"}))
        },
        "PATCH",
        "/api/org/users/7",
        Some(json!({"role": "Editor"})),
    );
}

fn delete_user_current_organization<M: Mode>() {
    check_message::<M, _>(
        |a| a.organization().delete_user_current_organization(7),
        "DELETE",
        "/api/org/users/7",
        None,
    );
    check_message::<M, _>(
        |a| a.organization().delete_user_current_organization(-1),
        "DELETE",
        "/api/org/users/-1",
        None,
    );
}

fn create_organization<M: Mode>() {
    let served = json!({"orgId": 3, "message": "Organization created", "uid": "x"});
    let check_created = |out: OrgCreated| {
        assert_eq!(out.org_id, 3);
        assert_eq!(out.message, "Organization created");
        assert_eq!(out.extra.len(), 1);
        assert_eq!(serde_json::to_value(&out).unwrap(), served);
    };
    // A name.
    check_created(check::<M, _>(
        served.clone(),
        |a| a.organization().create_organization("Team B"),
        "POST",
        "/api/orgs",
        Some(json!({"name": "Team B"})),
    ));
    // An object: its name only, as in the Python package.
    check_created(check::<M, _>(
        served.clone(),
        |a| {
            a.organization()
                .create_organization(&json!({"name": "Team C", "other": 1}))
        },
        "POST",
        "/api/orgs",
        Some(json!({"name": "Team C"})),
    ));
    // A String.
    let owned = String::from("Team D");
    check_created(check::<M, _>(
        served.clone(),
        |a| a.organization().create_organization(&owned),
        "POST",
        "/api/orgs",
        Some(json!({"name": "Team D"})),
    ));
    // Refused unsent: blank names, no name, other kinds.
    refused::<M, _>(|a| a.organization().create_organization(""), "organization");
    refused::<M, _>(
        |a| a.organization().create_organization(" \t"),
        "organization",
    );
    refused::<M, _>(
        |a| a.organization().create_organization(&json!({"name": " "})),
        "organization",
    );
    refused::<M, _>(
        |a| a.organization().create_organization(&json!({"title": "x"})),
        "organization",
    );
    refused::<M, _>(
        |a| a.organization().create_organization(&json!({"name": 5})),
        "organization",
    );
    refused::<M, _>(|a| a.organization().create_organization(&5), "organization");
    refused::<M, _>(
        |a| a.organization().create_organization(&["a"]),
        "organization",
    );
}

fn find_organization<M: Mode>() {
    let served = org_details();
    let o = check::<M, _>(
        served.clone(),
        |a| a.organization().find_organization("Main Org."),
        "GET",
        "/api/orgs/name/Main%20Org.",
        None,
    );
    assert_org_details(&o, &served);
}

const HOSTILE: [(&str, &str); 4] = [
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];

fn find_organization_hostile<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, org_details());
    let api = M::build(env.builder()).unwrap();
    for (value, _) in HOSTILE {
        M::send(&env, api.organization().find_organization(value)).unwrap();
    }
    let reqs = env.requests();
    assert_eq!(reqs.len(), HOSTILE.len());
    for (r, (value, encoded)) in reqs.iter().zip(HOSTILE) {
        let path = format!("/api/orgs/name/{encoded}");
        assert_request(r, "GET", &path, None, None, value);
    }
    for value in ["", ".", ".."] {
        refused::<M, _>(|a| a.organization().find_organization(value), "org_name");
    }
}

pub fn served_preferences() -> Value {
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

pub fn assert_preferences(p: &Preferences, served: &Value) {
    assert_eq!(p.theme.as_deref(), Some("dark"));
    assert_eq!(p.home_dashboard_id, Some(12));
    assert_eq!(p.home_dashboard_uid.as_deref(), Some("home-uid"));
    assert_eq!(p.timezone.as_deref(), Some("Europe/Paris"));
    assert_eq!(p.week_start.as_deref(), Some("monday"));
    assert_eq!(p.locale.as_deref(), Some("fr-FR"));
    assert_eq!(p.language.as_deref(), Some("fr-FR"));
    assert_eq!(p.regional_format.as_deref(), Some("fr"));
    let qh = p.query_history.as_ref().unwrap();
    assert_eq!(qh.home_tab.as_deref(), Some("starred"));
    assert_eq!(qh.extra["other"], 1);
    let nb = p.navbar.as_ref().unwrap();
    assert_eq!(nb.bookmark_urls.as_deref(), Some(&["/d/a".to_string()][..]));
    assert_eq!(nb.extra["x"], true);
    assert_eq!(p.cookie_preferences, Some(json!({"analytics": {}})));
    assert_eq!(p.cookies, None);
    assert_eq!(p.extra.len(), 1);
    assert_eq!(p.extra["futureField"], json!([1]));
    assert_eq!(serde_json::to_value(p).unwrap(), *served, "lossless");
}

fn get_preferences<M: Mode>() {
    let served = served_preferences();
    let p = check::<M, _>(
        served.clone(),
        |a| a.organization().get_preferences(),
        "GET",
        "/api/org/preferences",
        None,
    );
    assert_preferences(&p, &served);
}

/// Every typed field set, as sent.
pub fn all_preferences() -> (Preferences, Value) {
    let mut p = Preferences::new()
        .theme("light")
        .home_dashboard_id(3)
        .home_dashboard_uid("h")
        .timezone("utc")
        .week_start("sunday")
        .locale("en-US")
        .language("en-US")
        .regional_format("en");
    p.cookies = Some(vec!["analytics".into()]);
    let body = json!({
        "theme": "light", "homeDashboardId": 3, "homeDashboardUID": "h", "timezone": "utc",
        "weekStart": "sunday", "locale": "en-US", "language": "en-US", "regionalFormat": "en",
        "cookies": ["analytics"]
    });
    (p, body)
}

fn update_preferences<M: Mode>() {
    let (all, body) = all_preferences();
    check_message::<M, _>(
        |a| a.organization().update_preferences(&all),
        "PUT",
        "/api/org/preferences",
        Some(body),
    );
    // Nothing set: nothing sent, not nulls.
    check_message::<M, _>(
        |a| a.organization().update_preferences(&Preferences::new()),
        "PUT",
        "/api/org/preferences",
        Some(json!({})),
    );
    // Any body, as it is.
    let raw = json!({"theme": "dark", "homeDashboardUID": "x"});
    check_message::<M, _>(
        |a| a.organization().update_preferences(&raw),
        "PUT",
        "/api/org/preferences",
        Some(raw.clone()),
    );
}

fn patch_preferences<M: Mode>() {
    let (all, body) = all_preferences();
    check_message::<M, _>(
        |a| a.organization().patch_preferences(&all),
        "PATCH",
        "/api/org/preferences",
        Some(body),
    );
    check_message::<M, _>(
        |a| {
            a.organization()
                .patch_preferences(&Preferences::new().week_start("monday"))
        },
        "PATCH",
        "/api/org/preferences",
        Some(json!({"weekStart": "monday"})),
    );
    check_message::<M, _>(
        |a| a.organization().patch_preferences(&Preferences::new()),
        "PATCH",
        "/api/org/preferences",
        Some(json!({})),
    );
}

/// A fetched [`Preferences`] goes back key for key.
fn preferences_round_trip<M: Mode>() {
    let served = served_preferences();
    let fetched: Preferences = serde_json::from_value(served.clone()).unwrap();
    check_message::<M, _>(
        |a| a.organization().update_preferences(&fetched),
        "PUT",
        "/api/org/preferences",
        Some(served),
    );
}

wire_common::both!(
    get_current_organization,
    update_current_organization,
    get_current_organization_users,
    add_user_current_organization,
    update_user_current_organization,
    delete_user_current_organization,
    create_organization,
    find_organization,
    find_organization_hostile,
    get_preferences,
    update_preferences,
    patch_preferences,
    preferences_round_trip,
);
