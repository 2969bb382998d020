//! `api.users()`: every method's request (lookups and searches with
//! hostile, empty and zero values; each page a walk asks for) and Grafana's
//! answers decoded losslessly.

use grafana_client::{Call, Client, Page, Paged};
use serde_json::{json, Value};

use crate::harness::*;

/// What a walk over the pages (`.all()`, streams) reads from one answer of
/// the call's search: its items and total.
pub(crate) fn page_of<C: Client, P: Paged>(call: Call<C, P>, json: Value) -> Page<P::Item> {
    P::page(answer(call, json))
}

#[test]
fn requests() {
    let u = api().users();
    let user = json!({"email": "ana@example.org", "name": "Ana B.", "login": "ana", "theme": "light"});
    let lookup = |value: &str| req("GET", "api/users/lookup").query(&[("loginOrEmail", value)]);
    let search = |q: &[(&str, &str)]| req("GET", "api/users").query(q).ordered();
    check_all([
        ("get_user", u.get_user(7).into_request(), req("GET", "api/users/7")),
        ("find_user", u.find_user("ana").into_request(), lookup("ana")),
        // values stay inside the one query value
        ("find_user(+@)", u.find_user("ana+tag@example.com").into_request(), lookup("ana+tag@example.com")),
        ("find_user(&=)", u.find_user("a&b=c").into_request(), lookup("a&b=c")),
        ("find_user(#)", u.find_user("a#f").into_request(), lookup("a#f")),
        ("find_user(../)", u.find_user("../admin/settings").into_request(), lookup("../admin/settings")),
        ("find_user(space)", u.find_user("a b").into_request(), lookup("a b")),
        ("find_user(empty)", u.find_user("").into_request(), lookup("")),
        ("update_user", u.update_user(7, &user).into_request(), req("PUT", "api/users/7").body(user.clone())),
        ("get_user_organisations", u.get_user_organisations(7).into_request(), req("GET", "api/users/7/orgs")),
        ("get_user_teams", u.get_user_teams(7).into_request(), req("GET", "api/users/7/teams")),
        // one page, no paging parameters (the Python helper pages through everything)
        ("search_users", u.search_users().into_request(), search(&[])),
        ("search_users(all options)", u.search_users().query("ana & bob#x").page(3).perpage(50).into_request(), search(&[("query", "ana & bob#x"), ("page", "3"), ("perpage", "50")])),
        // zero and empty values are sent when set (the Python package drops them)
        ("search_users(zero)", u.search_users().query("").page(0).perpage(0).into_request(), search(&[("query", ""), ("page", "0"), ("perpage", "0")])),
        // the pages `.all()` asks for: the query kept, the page counted from 1
        ("search_users(page 1)", u.search_users().query("x").perpage(2).page(1).into_request(), search(&[("query", "x"), ("page", "1"), ("perpage", "2")])),
        ("search_users(page 2)", u.search_users().query("x").perpage(2).page(2).into_request(), search(&[("query", "x"), ("page", "2"), ("perpage", "2")])),
    ]);
}

#[test]
fn decodes() {
    let u = api().users();
    let profile = json!({
        "id": 7, "uid": "u-ana", "email": "ana@example.com", "name": "Ana", "login": "ana",
        "theme": "", "orgId": 2, "isGrafanaAdmin": false, "isDisabled": true,
        "isExternal": true, "authLabels": ["OAuth"], "updatedAt": "2024-05-01T10:00:00Z",
        "createdAt": "2024-01-01T00:00:00Z", "avatarUrl": "/avatar/ana"
    });
    let updated = json!({"message": "User updated", "id": 7, "futureField": 1});
    let orgs = json!([{"orgId": 1, "name": "Main Org.", "role": "Admin"}, {"orgId": 2, "name": "Team B", "role": "Viewer", "futureField": 1}]);
    let teams = json!([{
        "id": 3, "uid": "t-ops", "orgId": 1, "name": "Ops", "email": "", "avatarUrl": "/avatar/ops",
        "memberCount": 4, "permission": 4, "accessControl": null, "isProvisioned": false
    }]);
    let hits = json!([
        {
            "id": 1, "uid": "u-admin", "name": "Admin", "login": "admin", "email": "admin@localhost",
            "avatarUrl": "/avatar/46d2", "isAdmin": true, "isDisabled": false,
            "lastSeenAt": "2024-05-01T10:00:00Z", "lastSeenAtAge": "10m", "authLabels": [], "isProvisioned": false
        },
        {"id": 7, "login": "ana"}
    ]);
    check_decodes([
        ("get_user", lossless(u.get_user(7), profile.clone())),
        ("find_user", lossless(u.find_user("ana"), profile.clone())),
        ("update_user", lossless(u.update_user(7, &json!({})), updated.clone())),
        ("get_user_organisations", lossless(u.get_user_organisations(7), orgs.clone())),
        ("get_user_teams", lossless(u.get_user_teams(7), teams.clone())),
        ("search_users", lossless(u.search_users(), hits.clone())),
        ("search_users(empty)", lossless(u.search_users(), json!([]))),
    ]);
    let p = answer(u.find_user("ana"), profile);
    assert_eq!((p.id, p.uid.as_deref(), p.login.as_str(), p.email.as_deref(), p.name.as_deref(), p.theme.as_deref(), p.org_id), (7, Some("u-ana"), "ana", Some("ana@example.com"), Some("Ana"), Some(""), Some(2)));
    assert_eq!((p.is_grafana_admin, p.is_disabled, p.is_external, p.avatar_url.as_deref(), p.extra.len(), &p.extra["authLabels"]), (Some(false), Some(true), Some(true), Some("/avatar/ana"), 1, &json!(["OAuth"])));
    let m = answer(u.update_user(7, &json!({})), updated);
    assert_eq!((m.message.as_str(), m.id, m.extra.len()), ("User updated", Some(7), 1));
    let o = answer(u.get_user_organisations(7), orgs);
    assert_eq!((o[0].org_id, o[0].name.as_str(), o[0].role.as_deref(), o[0].extra.len(), &o[1].extra["futureField"]), (1, "Main Org.", Some("Admin"), 0, &json!(1)));
    let t = &answer(u.get_user_teams(7), teams)[0];
    assert_eq!((t.id, t.name.as_str(), t.uid.as_deref(), t.org_id, t.email.as_deref(), t.member_count, t.permission), (3, "Ops", Some("t-ops"), Some(1), Some(""), Some(4), Some(4)));
    assert_eq!((t.extra.len(), &t.extra["isProvisioned"]), (2, &json!(false)));
    let h = answer(u.search_users(), hits.clone());
    assert_eq!((h[0].id, h[0].uid.as_deref(), h[0].login.as_str(), h[0].name.as_deref(), h[0].email.as_deref(), h[0].is_admin, h[0].is_disabled), (1, Some("u-admin"), "admin", Some("Admin"), Some("admin@localhost"), Some(true), Some(false)));
    assert_eq!((h[0].last_seen_at.as_deref(), h[0].last_seen_at_age.as_deref(), h[0].extra.len(), &h[0].extra["avatarUrl"]), (Some("2024-05-01T10:00:00Z"), Some("10m"), 3, &json!("/avatar/46d2")));
    assert_eq!((h[1].id, h[1].login.as_str(), h[1].extra.len()), (7, "ana", 0));
    // a bare list has no total: the walk stops at a short page
    let page = page_of(u.search_users(), hits);
    assert_eq!((page.items.len(), page.total), (2, None));
}
