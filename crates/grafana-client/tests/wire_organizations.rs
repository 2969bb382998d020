//! `api.organizations()`, async and blocking: every method's request on the
//! wire (verb, raw path, query, JSON body) and the decoded answer.

#![allow(deprecated)] // the deprecated Python methods are tested too

mod wire_common;

use grafana_client::models::{Message, Org, OrgUser, Preferences};
use grafana_client::{Call, Client, Endpoint};
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

fn list_organization<M: Mode>() {
    let served = json!([
        {"id": 1, "name": "Main Org."},
        {"id": 2, "name": "Team B", "futureField": true}
    ]);
    let orgs: Vec<Org> = check::<M, _>(
        served.clone(),
        |a| a.organizations().list_organization(),
        "GET",
        "/api/orgs",
        None,
    );
    assert_eq!(orgs.len(), 2);
    assert_eq!((orgs[0].id, orgs[0].name.as_str()), (1, "Main Org."));
    assert!(orgs[0].extra.is_empty());
    assert_eq!((orgs[1].id, orgs[1].name.as_str()), (2, "Team B"));
    assert_eq!(orgs[1].extra.len(), 1);
    assert_eq!(orgs[1].extra["futureField"], true);
    assert_eq!(serde_json::to_value(&orgs).unwrap(), served, "lossless");
}

fn update_organization<M: Mode>() {
    check_message::<M, _>(
        |a| {
            a.organizations()
                .update_organization(2, &json!({"name": "Renamed"}))
        },
        "PUT",
        "/api/orgs/2",
        Some(json!({"name": "Renamed"})),
    );
}

fn delete_organization<M: Mode>() {
    check_message::<M, _>(
        |a| a.organizations().delete_organization(2),
        "DELETE",
        "/api/orgs/2",
        None,
    );
}

fn switch_organization<M: Mode>() {
    check_message::<M, _>(
        |a| a.organizations().switch_organization(2),
        "POST",
        "/api/user/using/2",
        None,
    );
}

fn org_users() -> Value {
    json!([
        {
            "orgId": 2, "userId": 1, "uid": "u-admin", "email": "admin@localhost", "name": "",
            "avatarUrl": "/avatar/46d2", "login": "admin", "role": "Admin",
            "lastSeenAt": "2024-05-01T10:00:00Z", "lastSeenAtAge": "10m",
            "accessControl": null, "authLabels": ["OAuth"], "isDisabled": false,
            "isExternallySynced": false, "isProvisioned": false
        },
        {"orgId": 2, "userId": 7, "login": "ana", "role": "Viewer"}
    ])
}

fn organization_user_list<M: Mode>() {
    let served = org_users();
    let users: Vec<OrgUser> = check::<M, _>(
        served.clone(),
        |a| a.organizations().organization_user_list(2),
        "GET",
        "/api/orgs/2/users",
        None,
    );
    assert_eq!(users.len(), 2);
    let u = &users[0];
    assert_eq!(u.org_id, Some(2));
    assert_eq!(u.user_id, 1);
    assert_eq!(u.uid.as_deref(), Some("u-admin"));
    assert_eq!(u.login, "admin");
    assert_eq!(u.email.as_deref(), Some("admin@localhost"));
    assert_eq!(u.role.as_deref(), Some("Admin"));
    assert_eq!(u.avatar_url.as_deref(), Some("/avatar/46d2"));
    assert_eq!(u.last_seen_at_age.as_deref(), Some("10m"));
    assert_eq!(u.is_disabled, Some(false));
    assert_eq!(u.extra.len(), 4);
    assert_eq!(u.extra["authLabels"], json!(["OAuth"]));
    assert_eq!(u.extra["accessControl"], Value::Null);
    assert_eq!((users[1].user_id, users[1].login.as_str()), (7, "ana"));
    assert_eq!(users[1].role.as_deref(), Some("Viewer"));
    assert_eq!(serde_json::to_value(&users).unwrap(), served, "lossless");
}

fn organization_user_add<M: Mode>() {
    let user = json!({"loginOrEmail": "ana", "role": "Viewer"});
    let served = json!({"message": "User added to organization", "userId": 7});
    let out = check::<M, _>(
        served.clone(),
        |a| a.organizations().organization_user_add(2, &user),
        "POST",
        "/api/orgs/2/users",
        Some(user.clone()),
    );
    assert_eq!(out.message, "User added to organization");
    assert_eq!(out.extra["userId"], 7);
    assert_eq!(serde_json::to_value(&out).unwrap(), served);
}

fn organization_user_update<M: Mode>() {
    check_message::<M, _>(
        |a| a.organizations().organization_user_update(2, 7, "Editor"),
        "PATCH",
        "/api/orgs/2/users/7",
        Some(json!({"role": "Editor"})),
    );
    // A role is a JSON string, whatever it holds.
    check_message::<M, _>(
        |a| {
            a.organizations()
                .organization_user_update(2, 7, "\"Admin\", \"x\": 1")
        },
        "PATCH",
        "/api/orgs/2/users/7",
        Some(json!({"role": "\"Admin\", \"x\": 1"})),
    );
}

fn organization_user_delete<M: Mode>() {
    check_message::<M, _>(
        |a| a.organizations().organization_user_delete(2, 7),
        "DELETE",
        "/api/orgs/2/users/7",
        None,
    );
}

fn organization_preference_get<M: Mode>() {
    let served = json!({
        "theme": "", "homeDashboardId": 0, "homeDashboardUID": "", "timezone": "utc",
        "weekStart": "", "navbar": {"bookmarkUrls": null}, "queryHistory": {"homeTab": ""},
        "futureField": 1
    });
    let p: Preferences = check::<M, _>(
        served.clone(),
        |a| a.organizations().organization_preference_get(),
        "GET",
        "/api/org/preferences",
        None,
    );
    assert_eq!(p.theme.as_deref(), Some(""));
    assert_eq!(p.home_dashboard_id, Some(0));
    assert_eq!(p.home_dashboard_uid.as_deref(), Some(""));
    assert_eq!(p.timezone.as_deref(), Some("utc"));
    assert_eq!(p.week_start.as_deref(), Some(""));
    assert_eq!(
        p.query_history.as_ref().unwrap().home_tab.as_deref(),
        Some("")
    );
    assert_eq!(p.navbar.as_ref().unwrap().bookmark_urls, None);
    assert_eq!(p.extra.len(), 1);
    assert_eq!(p.extra["futureField"], 1);
    // The one documented loss: an explicit null comes back as an absent key.
    let mut expected = served;
    expected["navbar"] = json!({});
    assert_eq!(serde_json::to_value(&p).unwrap(), expected);
}

fn organization_preference_update_none<M: Mode>() {
    // Nothing set: nothing sent (the Python package sends theme "",
    // homeDashboardId 0 and timezone "utc").
    check_message::<M, _>(
        |a| a.organizations().organization_preference_update(),
        "PUT",
        "/api/org/preferences",
        Some(json!({})),
    );
}

fn organization_preference_update_all<M: Mode>() {
    check_message::<M, _>(
        |a| {
            a.organizations()
                .organization_preference_update()
                .theme("dark")
                .home_dashboard_id(5)
                .timezone("browser")
        },
        "PUT",
        "/api/org/preferences",
        Some(json!({"theme": "dark", "homeDashboardId": 5, "timezone": "browser"})),
    );
    // Set explicitly, empty and zero values are sent.
    check_message::<M, _>(
        |a| {
            a.organizations()
                .organization_preference_update()
                .theme("")
                .home_dashboard_id(0)
        },
        "PUT",
        "/api/org/preferences",
        Some(json!({"theme": "", "homeDashboardId": 0})),
    );
    check_message::<M, _>(
        |a| {
            a.organizations()
                .organization_preference_update()
                .timezone("Europe/Paris")
        },
        "PUT",
        "/api/org/preferences",
        Some(json!({"timezone": "Europe/Paris"})),
    );
}

/// Ids are one segment each, negative ones included; nothing is refused.
fn negative_ids<M: Mode>() {
    check_message::<M, _>(
        |a| a.organizations().organization_user_delete(-2, -7),
        "DELETE",
        "/api/orgs/-2/users/-7",
        None,
    );
}

wire_common::both!(
    list_organization,
    update_organization,
    delete_organization,
    switch_organization,
    organization_user_list,
    organization_user_add,
    organization_user_update,
    organization_user_delete,
    organization_preference_get,
    organization_preference_update_none,
    organization_preference_update_all,
    negative_ids,
);
