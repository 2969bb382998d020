//! Every `api.teams()` method on both clients: the exact request (verb, raw
//! path, query, JSON body), the decoded answer (fields, `extra`, lossless),
//! hostile query values, and the deprecated aliases.

mod wire_common;

use grafana_client::models::{Preferences, Team, TeamSearchResult};
use grafana_client::{Client, Error};
use serde_json::{json, Value};
use wire_common::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

// ------------------------------------------------------------ harness

// ------------------------------------------------------------ answers

fn team_json() -> Value {
    json!({
        "id": 5, "uid": "aeb2xk", "orgId": 1, "name": "SRE", "email": "sre@example.com",
        "avatarUrl": "/avatar/3f0e", "memberCount": 2, "permission": 0,
        "accessControl": {"teams:read": true}, "externalUID": "", "isProvisioned": false
    })
}

fn search_json() -> Value {
    json!({"totalCount": 3, "teams": [team_json()], "page": 2, "perPage": 1, "extraTop": "x"})
}

fn message(text: &str) -> Value {
    json!({ "message": text })
}

fn preferences_json() -> Value {
    json!({
        "theme": "dark", "homeDashboardId": 0, "homeDashboardUID": "home1", "timezone": "utc",
        "weekStart": "monday", "language": "en-US",
        "navbar": {"bookmarkUrls": []}, "queryHistory": {"homeTab": ""}, "teamOnly": 1
    })
}

// ------------------------------------------------------------ cases

fn search_teams_without_options<M: Mode>() {
    let served = search_json();
    let page = exchange::<M, _>(
        &served,
        |a| a.teams().search_teams(),
        expect("GET", "/api/teams/search", None, None),
        "search_teams()",
    );
    assert_eq!(page.total_count, Some(3));
    assert_eq!(page.page, Some(2));
    assert_eq!(page.per_page, Some(1));
    assert_eq!(page.teams.len(), 1);
    let team = &page.teams[0];
    assert_eq!(team.id, 5);
    assert_eq!(team.name, "SRE");
    assert_eq!(team.uid.as_deref(), Some("aeb2xk"));
    assert_eq!(team.org_id, Some(1));
    assert_eq!(team.email.as_deref(), Some("sre@example.com"));
    assert_eq!(team.avatar_url.as_deref(), Some("/avatar/3f0e"));
    assert_eq!(team.member_count, Some(2));
    assert_eq!(team.permission, Some(0));
    assert_eq!(team.extra.len(), 3);
    assert_eq!(team.extra["accessControl"]["teams:read"], true);
    assert_eq!(team.extra["isProvisioned"], false);
    assert_eq!(page.extra.len(), 1);
    assert_eq!(page.extra["extraTop"], "x");
}

fn search_teams_with_all_options<M: Mode>() {
    let served = search_json();
    exchange::<M, _>(
        &served,
        |a| {
            a.teams()
                .search_teams()
                .query("SRE team")
                .page(2)
                .perpage(50)
        },
        expect(
            "GET",
            "/api/teams/search",
            Some("query=SRE+team&page=2&perpage=50"),
            None,
        ),
        "search_teams(all)",
    );
    let query = format!("query={HOSTILE_QUERY_ENCODED}");
    exchange::<M, _>(
        &served,
        |a| a.teams().search_teams().query(HOSTILE_QUERY),
        expect("GET", "/api/teams/search", Some(&query), None),
        "search_teams(hostile query)",
    );
    // An answer with only teams decodes too (older Grafana).
    let bare = json!({"teams": []});
    let page: TeamSearchResult = exchange::<M, _>(
        &bare,
        |a| a.teams().search_teams().page(1),
        expect("GET", "/api/teams/search", Some("page=1"), None),
        "search_teams(page)",
    );
    assert_eq!(page.total_count, None);
    assert!(page.teams.is_empty());
}

fn get_team_by_name<M: Mode>() {
    let served = search_json();
    let page = exchange::<M, _>(
        &served,
        |a| a.teams().get_team_by_name("SRE"),
        expect("GET", "/api/teams/search", Some("name=SRE"), None),
        "get_team_by_name",
    );
    assert_eq!(page.teams[0].name, "SRE");
    let query = format!("name={HOSTILE_QUERY_ENCODED}");
    exchange::<M, _>(
        &served,
        |a| a.teams().get_team_by_name(HOSTILE_QUERY),
        expect("GET", "/api/teams/search", Some(&query), None),
        "get_team_by_name(hostile)",
    );
}

fn get_team<M: Mode>() {
    let served = team_json();
    let team = exchange::<M, _>(
        &served,
        |a| a.teams().get_team(5),
        expect("GET", "/api/teams/5", None, None),
        "get_team",
    );
    assert_eq!(team.id, 5);
    assert_eq!(team.name, "SRE");
    assert_eq!(team.extra["externalUID"], "");
    exchange::<M, _>(
        &served,
        |a| a.teams().get_team(-1),
        expect("GET", "/api/teams/-1", None, None),
        "get_team(-1)",
    );
}

fn add_team<M: Mode>() {
    let served = json!({"message": "Team created", "teamId": 9, "uid": "ff3k", "x": 1});
    let created = exchange::<M, _>(
        &served,
        |a| a.teams().add_team("SRE"),
        expect("POST", "/api/teams", None, Some(json!({"name": "SRE"}))),
        "add_team(name)",
    );
    assert_eq!(created.message, "Team created");
    assert_eq!(created.team_id, 9);
    assert_eq!(created.uid.as_deref(), Some("ff3k"));
    assert_eq!(created.extra["x"], 1);
    let team = json!({"name": "SRE", "email": "sre@example.com"});
    exchange::<M, _>(
        &served,
        |a| a.teams().add_team(&team),
        expect("POST", "/api/teams", None, Some(team.clone())),
        "add_team(object)",
    );
}

fn update_team<M: Mode>() {
    let served = message("Team updated");
    let body = json!({"name": "SRE 2", "email": "sre2@example.com"});
    let m = exchange::<M, _>(
        &served,
        |a| a.teams().update_team(5, &body),
        expect("PUT", "/api/teams/5", None, Some(body.clone())),
        "update_team",
    );
    assert_eq!(m.message, "Team updated");
}

fn delete_team<M: Mode>() {
    let served = message("Team deleted");
    let m = exchange::<M, _>(
        &served,
        |a| a.teams().delete_team(5),
        expect("DELETE", "/api/teams/5", None, None),
        "delete_team",
    );
    assert_eq!(m.message, "Team deleted");
}

fn get_team_members<M: Mode>() {
    let served = json!([{
        "orgId": 1, "teamId": 5, "teamUID": "aeb2xk", "userId": 7, "userUID": "u7",
        "auth_module": "", "email": "ada@example.com", "name": "Ada", "login": "ada",
        "avatarUrl": "/avatar/a", "labels": [], "permission": 4
    }]);
    let members = exchange::<M, _>(
        &served,
        |a| a.teams().get_team_members(5),
        expect("GET", "/api/teams/5/members", None, None),
        "get_team_members",
    );
    let m = &members[0];
    assert_eq!(m.user_id, 7);
    assert_eq!(m.team_id, Some(5));
    assert_eq!(m.org_id, Some(1));
    assert_eq!(m.user_uid.as_deref(), Some("u7"));
    assert_eq!(m.login.as_deref(), Some("ada"));
    assert_eq!(m.email.as_deref(), Some("ada@example.com"));
    assert_eq!(m.name.as_deref(), Some("Ada"));
    assert_eq!(m.avatar_url.as_deref(), Some("/avatar/a"));
    assert_eq!(m.permission, Some(4));
    assert_eq!(m.extra.len(), 3);
    assert_eq!(m.extra["teamUID"], "aeb2xk");
    assert_eq!(m.extra["auth_module"], "");
}

fn add_team_member<M: Mode>() {
    let served = message("Member added to Team");
    let m = exchange::<M, _>(
        &served,
        |a| a.teams().add_team_member(5, 7),
        expect(
            "POST",
            "/api/teams/5/members",
            None,
            Some(json!({"userId": 7})),
        ),
        "add_team_member",
    );
    assert_eq!(m.message, "Member added to Team");
}

fn remove_team_member<M: Mode>() {
    let served = message("Team Member removed");
    exchange::<M, _>(
        &served,
        |a| a.teams().remove_team_member(5, 7),
        expect("DELETE", "/api/teams/5/members/7", None, None),
        "remove_team_member",
    );
}

fn get_preferences<M: Mode>() {
    let served = preferences_json();
    let p = exchange::<M, _>(
        &served,
        |a| a.teams().get_preferences(5),
        expect("GET", "/api/teams/5/preferences", None, None),
        "get_preferences",
    );
    assert_eq!(p.theme.as_deref(), Some("dark"));
    assert_eq!(p.home_dashboard_id, Some(0));
    assert_eq!(p.home_dashboard_uid.as_deref(), Some("home1"));
    assert_eq!(p.timezone.as_deref(), Some("utc"));
    assert_eq!(p.week_start.as_deref(), Some("monday"));
    assert_eq!(p.language.as_deref(), Some("en-US"));
    let history = p.query_history.as_ref().unwrap();
    assert_eq!(history.home_tab.as_deref(), Some(""));
    assert_eq!(
        p.navbar.as_ref().unwrap().bookmark_urls.as_deref(),
        Some(&[][..])
    );
    assert_eq!(p.extra.len(), 1);
    assert_eq!(p.extra["teamOnly"], 1);
}

#[allow(deprecated)]
fn get_team_preferences_is_deprecated_get_preferences<M: Mode>() {
    let served = preferences_json();
    let p = exchange::<M, _>(
        &served,
        |a| a.teams().get_team_preferences(5),
        expect("GET", "/api/teams/5/preferences", None, None),
        "get_team_preferences",
    );
    assert_eq!(p.theme.as_deref(), Some("dark"));
}

fn update_preferences<M: Mode>() {
    let served = message("Preferences updated");
    let given = json!({"theme": "dark", "timezone": null, "weekStart": "monday", "navbar": {"bookmarkUrls": null}});
    let sent = json!({"theme": "dark", "weekStart": "monday", "navbar": {"bookmarkUrls": null}});
    let m = exchange::<M, _>(
        &served,
        |a| a.teams().update_preferences(5, &given),
        expect("PUT", "/api/teams/5/preferences", None, Some(sent)),
        "update_preferences(json)",
    );
    assert_eq!(m.message, "Preferences updated");
    let typed = Preferences::new().theme("light").home_dashboard_uid("h");
    exchange::<M, _>(
        &served,
        |a| a.teams().update_preferences(5, &typed),
        expect(
            "PUT",
            "/api/teams/5/preferences",
            None,
            Some(json!({"theme": "light", "homeDashboardUID": "h"})),
        ),
        "update_preferences(model)",
    );
}

#[allow(deprecated)]
fn update_team_preferences_is_deprecated_update_preferences<M: Mode>() {
    let served = message("Preferences updated");
    let given = json!({"theme": "dark", "timezone": null});
    exchange::<M, _>(
        &served,
        |a| a.teams().update_team_preferences(5, &given),
        expect(
            "PUT",
            "/api/teams/5/preferences",
            None,
            Some(json!({"theme": "dark"})),
        ),
        "update_team_preferences",
    );
}

fn get_team_external_group<M: Mode>() {
    let served = json!([{"orgId": 1, "teamId": 5, "groupId": "cn=ops,ou=groups,dc=example,dc=org", "uid": "g1"}]);
    let groups = exchange::<M, _>(
        &served,
        |a| a.teams().get_team_external_group(5),
        expect("GET", "/api/teams/5/groups", None, None),
        "get_team_external_group",
    );
    assert_eq!(groups[0].group_id, "cn=ops,ou=groups,dc=example,dc=org");
    assert_eq!(groups[0].team_id, Some(5));
    assert_eq!(groups[0].org_id, Some(1));
    assert_eq!(groups[0].extra["uid"], "g1");
}

fn add_team_external_group<M: Mode>() {
    let served = message("Group added to Team");
    exchange::<M, _>(
        &served,
        |a| a.teams().add_team_external_group(5, "cn=ops,ou=groups"),
        expect(
            "POST",
            "/api/teams/5/groups",
            None,
            Some(json!({"groupId": "cn=ops,ou=groups"})),
        ),
        "add_team_external_group",
    );
}

fn remove_team_external_group<M: Mode>() {
    let served = message("Team Group removed");
    let m = exchange::<M, _>(
        &served,
        |a| a.teams().remove_team_external_group(5, "cn=ops,ou=groups"),
        expect(
            "DELETE",
            "/api/teams/5/groups",
            Some("groupId=cn%3Dops%2Cou%3Dgroups"),
            None,
        ),
        "remove_team_external_group",
    );
    assert_eq!(m.message, "Team Group removed");
    let query = format!("groupId={HOSTILE_QUERY_ENCODED}");
    exchange::<M, _>(
        &served,
        |a| a.teams().remove_team_external_group(5, HOSTILE_QUERY),
        expect("DELETE", "/api/teams/5/groups", Some(&query), None),
        "remove_team_external_group(hostile)",
    );
    // Not the pre-10.2 form, and no version probe: exactly one request above.
}

fn unserializable_team_is_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    let bad: std::collections::HashMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    match M::send(&env, api.teams().add_team(&bad)) {
        Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "team"),
        other => panic!("expected InvalidArgument, got {:?}", other.map(|_| ())),
    }
    assert!(env.requests().is_empty());
}

/// A server with three teams in two pages for `.all()`: a full page, then a short one.
fn two_pages() -> Env {
    let env = Env::new();
    let page =
        |n: u32, teams: Value| {
            Mock::given(method("GET"))
                .and(path("/api/teams/search"))
                .and(query_param("page", n.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(
                    json!({"totalCount": 3, "teams": teams, "page": n, "perPage": 2}),
                ))
        };
    env.mount(page(
        1,
        json!([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]),
    ));
    env.mount(page(2, json!([{"id": 3, "name": "c"}])));
    env
}

/// `.all()` asked page after page, with the query kept and encoded, and
/// stopped once `totalCount` teams were in.
fn assert_two_pages(env: &Env, all: &[Team]) {
    let ids: Vec<i64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    let reqs = env.requests();
    assert_eq!(reqs.len(), 2);
    for (i, r) in reqs.iter().enumerate() {
        let query = format!("query={HOSTILE_QUERY_ENCODED}&page={}&perpage=2", i + 1);
        assert_request(r, "GET", "/api/teams/search", Some(&query), None, "all()");
    }
}

#[test]
fn search_teams_all_pages_async() {
    let env = two_pages();
    let api = Async::build(env.builder()).unwrap();
    let call = api
        .teams()
        .search_teams()
        .query(HOSTILE_QUERY)
        .perpage(2)
        .all();
    let all = env.rt.block_on(async { call.await }).unwrap();
    assert_two_pages(&env, &all);
}

#[test]
fn search_teams_all_pages_blocking() {
    let env = two_pages();
    let api = Blocking::build(env.builder()).unwrap();
    let all = api
        .teams()
        .search_teams()
        .query(HOSTILE_QUERY)
        .perpage(2)
        .all()
        .send()
        .unwrap();
    assert_two_pages(&env, &all);
}

both!(
    search_teams_without_options,
    search_teams_with_all_options,
    get_team_by_name,
    get_team,
    add_team,
    update_team,
    delete_team,
    get_team_members,
    add_team_member,
    remove_team_member,
    get_preferences,
    get_team_preferences_is_deprecated_get_preferences,
    update_preferences,
    update_team_preferences_is_deprecated_update_preferences,
    get_team_external_group,
    add_team_external_group,
    remove_team_external_group,
    unserializable_team_is_refused_unsent,
);
