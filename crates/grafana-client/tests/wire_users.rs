//! `api.users()`, async and blocking: every method's request on the wire
//! (verb, raw path, query, JSON body) and the decoded answer.

mod wire_common;

use grafana_client::models::{Message, UserSearchHit};
use grafana_client::{Call, Client, Endpoint};
use serde_json::{json, Value};
use wire_common::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// Serves `served` to one call and checks its one request (with its query
/// string); returns the answer.
fn check_q<M: Mode, E: Endpoint>(
    served: Value,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: Option<Value>,
) -> E::Output {
    let env = Env::new();
    env.answer_json(200, served);
    let api = M::build(env.builder()).unwrap();
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let req = env.only_request(path);
    assert_request(&req, method, path, query, body.as_ref(), M::NAME);
    out
}

fn user_profile() -> Value {
    json!({
        "id": 7, "uid": "u-ana", "email": "ana@example.com", "name": "Ana", "login": "ana",
        "theme": "", "orgId": 2, "isGrafanaAdmin": false, "isDisabled": true,
        "isExternal": true, "authLabels": ["OAuth"], "updatedAt": "2024-05-01T10:00:00Z",
        "createdAt": "2024-01-01T00:00:00Z", "avatarUrl": "/avatar/ana"
    })
}

fn assert_profile(u: &grafana_client::models::UserProfile, served: &Value) {
    assert_eq!(u.id, 7);
    assert_eq!(u.uid.as_deref(), Some("u-ana"));
    assert_eq!(u.login, "ana");
    assert_eq!(u.email.as_deref(), Some("ana@example.com"));
    assert_eq!(u.name.as_deref(), Some("Ana"));
    assert_eq!(u.theme.as_deref(), Some(""));
    assert_eq!(u.org_id, Some(2));
    assert_eq!(u.is_grafana_admin, Some(false));
    assert_eq!(u.is_disabled, Some(true));
    assert_eq!(u.is_external, Some(true));
    assert_eq!(u.avatar_url.as_deref(), Some("/avatar/ana"));
    assert_eq!(u.extra.len(), 1);
    assert_eq!(u.extra["authLabels"], json!(["OAuth"]));
    assert_eq!(serde_json::to_value(u).unwrap(), *served, "lossless");
}

fn get_user<M: Mode>() {
    let served = user_profile();
    let u = check_q::<M, _>(
        served.clone(),
        |a| a.users().get_user(7),
        "GET",
        "/api/users/7",
        None,
        None,
    );
    assert_profile(&u, &served);
}

fn find_user<M: Mode>() {
    let served = user_profile();
    let u = check_q::<M, _>(
        served.clone(),
        |a| a.users().find_user("ana"),
        "GET",
        "/api/users/lookup",
        Some("loginOrEmail=ana"),
        None,
    );
    assert_profile(&u, &served);
}

/// Values stay inside the one query value, form-encoded.
fn find_user_hostile<M: Mode>() {
    let cases = [
        (
            "ana+tag@example.com",
            "loginOrEmail=ana%2Btag%40example.com",
        ),
        ("a&b=c", "loginOrEmail=a%26b%3Dc"),
        ("a#f", "loginOrEmail=a%23f"),
        ("../admin/settings", "loginOrEmail=..%2Fadmin%2Fsettings"),
        ("a b", "loginOrEmail=a+b"),
        ("", "loginOrEmail="),
    ];
    let env = Env::new();
    env.answer_json(200, user_profile());
    let api = M::build(env.builder()).unwrap();
    for (value, _) in cases {
        M::send(&env, api.users().find_user(value)).unwrap();
    }
    let reqs = env.requests();
    assert_eq!(reqs.len(), cases.len());
    for (r, (value, query)) in reqs.iter().zip(cases) {
        assert_request(r, "GET", "/api/users/lookup", Some(query), None, value);
    }
}

fn update_user<M: Mode>() {
    let user =
        json!({"email": "ana@example.org", "name": "Ana B.", "login": "ana", "theme": "light"});
    let served = json!({"message": "User updated", "id": 7, "futureField": 1});
    let out: Message = check_q::<M, _>(
        served.clone(),
        |a| a.users().update_user(7, &user),
        "PUT",
        "/api/users/7",
        None,
        Some(user.clone()),
    );
    assert_eq!(out.message, "User updated");
    assert_eq!(out.id, Some(7));
    assert_eq!(out.extra.len(), 1);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn get_user_organisations<M: Mode>() {
    let served = json!([
        {"orgId": 1, "name": "Main Org.", "role": "Admin"},
        {"orgId": 2, "name": "Team B", "role": "Viewer", "futureField": 1}
    ]);
    let orgs = check_q::<M, _>(
        served.clone(),
        |a| a.users().get_user_organisations(7),
        "GET",
        "/api/users/7/orgs",
        None,
        None,
    );
    assert_eq!(orgs.len(), 2);
    assert_eq!((orgs[0].org_id, orgs[0].name.as_str()), (1, "Main Org."));
    assert_eq!(orgs[0].role.as_deref(), Some("Admin"));
    assert!(orgs[0].extra.is_empty());
    assert_eq!(orgs[1].extra["futureField"], 1);
    assert_eq!(serde_json::to_value(&orgs).unwrap(), served, "lossless");
}

fn get_user_teams<M: Mode>() {
    let served = json!([
        {
            "id": 3, "uid": "t-ops", "orgId": 1, "name": "Ops", "email": "",
            "avatarUrl": "/avatar/ops", "memberCount": 4, "permission": 4,
            "accessControl": null, "isProvisioned": false
        }
    ]);
    let teams = check_q::<M, _>(
        served.clone(),
        |a| a.users().get_user_teams(7),
        "GET",
        "/api/users/7/teams",
        None,
        None,
    );
    assert_eq!(teams.len(), 1);
    let t = &teams[0];
    assert_eq!((t.id, t.name.as_str()), (3, "Ops"));
    assert_eq!(t.uid.as_deref(), Some("t-ops"));
    assert_eq!(t.org_id, Some(1));
    assert_eq!(t.email.as_deref(), Some(""));
    assert_eq!(t.member_count, Some(4));
    assert_eq!(t.permission, Some(4));
    assert_eq!(t.extra.len(), 2);
    assert_eq!(t.extra["isProvisioned"], false);
    assert_eq!(serde_json::to_value(&teams).unwrap(), served, "lossless");
}

fn search_hits() -> Value {
    json!([
        {
            "id": 1, "uid": "u-admin", "name": "Admin", "login": "admin", "email": "admin@localhost",
            "avatarUrl": "/avatar/46d2", "isAdmin": true, "isDisabled": false,
            "lastSeenAt": "2024-05-01T10:00:00Z", "lastSeenAtAge": "10m", "authLabels": [],
            "isProvisioned": false
        },
        {"id": 7, "login": "ana"}
    ])
}

fn assert_hits(hits: &[UserSearchHit], served: &Value) {
    assert_eq!(hits.len(), 2);
    let h = &hits[0];
    assert_eq!(h.id, 1);
    assert_eq!(h.uid.as_deref(), Some("u-admin"));
    assert_eq!(h.login, "admin");
    assert_eq!(h.name.as_deref(), Some("Admin"));
    assert_eq!(h.email.as_deref(), Some("admin@localhost"));
    assert_eq!(h.is_admin, Some(true));
    assert_eq!(h.is_disabled, Some(false));
    assert_eq!(h.last_seen_at.as_deref(), Some("2024-05-01T10:00:00Z"));
    assert_eq!(h.last_seen_at_age.as_deref(), Some("10m"));
    assert_eq!(h.extra.len(), 3);
    assert_eq!(h.extra["avatarUrl"], "/avatar/46d2");
    assert_eq!((hits[1].id, hits[1].login.as_str()), (7, "ana"));
    assert!(hits[1].extra.is_empty());
    assert_eq!(serde_json::to_value(hits).unwrap(), *served, "lossless");
}

fn search_users_none<M: Mode>() {
    // One request, no paging parameters (the Python helper pages through
    // everything; this asks for one page).
    let served = search_hits();
    let hits = check_q::<M, _>(
        served.clone(),
        |a| a.users().search_users(),
        "GET",
        "/api/users",
        None,
        None,
    );
    assert_hits(&hits, &served);
}

fn search_users_all_options<M: Mode>() {
    let served = search_hits();
    let hits = check_q::<M, _>(
        served.clone(),
        |a| {
            a.users()
                .search_users()
                .query("ana & bob#x")
                .page(3)
                .perpage(50)
        },
        "GET",
        "/api/users",
        Some("query=ana+%26+bob%23x&page=3&perpage=50"),
        None,
    );
    assert_hits(&hits, &served);
    // Zero and empty values are sent when set (the Python package drops them).
    check_q::<M, _>(
        json!([]),
        |a| a.users().search_users().query("").page(0).perpage(0),
        "GET",
        "/api/users",
        Some("query=&page=0&perpage=0"),
        None,
    );
}

/// A server with two pages of users for `.all()`: a full one, then a short one.
fn two_pages() -> Env {
    let env = Env::new();
    let page = |n: u32, body: Value| {
        Mock::given(method("GET"))
            .and(path("/api/users"))
            .and(query_param("page", n.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
    };
    env.mount(page(
        1,
        json!([{"id": 1, "login": "a"}, {"id": 2, "login": "b"}]),
    ));
    env.mount(page(2, json!([{"id": 3, "login": "c"}])));
    env
}

/// `.all()` asked page after page, stopping at the first short page.
fn assert_two_pages(env: &Env, all: &[UserSearchHit]) {
    let ids: Vec<i64> = all.iter().map(|h| h.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    assert_request(
        &reqs[0],
        "GET",
        "/api/users",
        Some("query=x&page=1&perpage=2"),
        None,
        "page 1",
    );
    assert_request(
        &reqs[1],
        "GET",
        "/api/users",
        Some("query=x&page=2&perpage=2"),
        None,
        "page 2",
    );
}

#[test]
fn search_users_all_pages_async() {
    let env = two_pages();
    let api = Async::build(env.builder()).unwrap();
    let call = api.users().search_users().query("x").perpage(2).all();
    let all = env.rt.block_on(async { call.await }).unwrap();
    assert_two_pages(&env, &all);
}

#[test]
fn search_users_all_pages_blocking() {
    let env = two_pages();
    let api = Blocking::build(env.builder()).unwrap();
    let all = api
        .users()
        .search_users()
        .query("x")
        .perpage(2)
        .all()
        .send()
        .unwrap();
    assert_two_pages(&env, &all);
}

wire_common::both!(
    get_user,
    find_user,
    find_user_hostile,
    update_user,
    get_user_organisations,
    get_user_teams,
    search_users_none,
    search_users_all_options,
);
