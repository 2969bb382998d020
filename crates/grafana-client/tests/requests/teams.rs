//! `api.teams()`: every method's request (searches with all options, none
//! and hostile values; the deprecated aliases), a team refused before
//! sending, and Grafana's answers decoded losslessly.

#![allow(deprecated)] // the deprecated aliases are pinned too

use std::collections::HashMap;

use grafana_client::models::Preferences;
use serde_json::{json, Value};

use crate::harness::*;
use crate::users::page_of;

const HOSTILE_QUERY: &str = "a&b=c #d+e";

#[test]
fn requests() {
    let t = api().teams();
    let team = json!({"name": "SRE", "email": "sre@example.com"});
    let update = json!({"name": "SRE 2", "email": "sre2@example.com"});
    let given = json!({"theme": "dark", "timezone": null, "weekStart": "monday", "navbar": {"bookmarkUrls": null}});
    // top-level nulls are left out, as the Python package does
    let sent = json!({"theme": "dark", "weekStart": "monday", "navbar": {"bookmarkUrls": null}});
    let (search, prefs, groups) = ("api/teams/search", "api/teams/5/preferences", "api/teams/5/groups");
    check_all([
        ("search_teams", t.search_teams().into_request(), req("GET", search)),
        ("search_teams(all options)", t.search_teams().query("SRE team").page(2).perpage(50).into_request(), req("GET", search).query(&[("query", "SRE team"), ("page", "2"), ("perpage", "50")]).ordered()),
        ("search_teams(hostile query)", t.search_teams().query(HOSTILE_QUERY).into_request(), req("GET", search).query(&[("query", HOSTILE_QUERY)])),
        ("search_teams(page)", t.search_teams().page(1).into_request(), req("GET", search).query(&[("page", "1")])),
        ("get_team_by_name", t.get_team_by_name("SRE").into_request(), req("GET", search).query(&[("name", "SRE")])),
        ("get_team_by_name(hostile)", t.get_team_by_name(HOSTILE_QUERY).into_request(), req("GET", search).query(&[("name", HOSTILE_QUERY)])),
        ("get_team", t.get_team(5).into_request(), req("GET", "api/teams/5")),
        ("get_team(-1)", t.get_team(-1).into_request(), req("GET", "api/teams/-1")),
        ("add_team(name)", t.add_team("SRE").into_request(), req("POST", "api/teams").body(json!({"name": "SRE"}))),
        ("add_team(object)", t.add_team(&team).into_request(), req("POST", "api/teams").body(team.clone())),
        ("update_team", t.update_team(5, &update).into_request(), req("PUT", "api/teams/5").body(update.clone())),
        ("delete_team", t.delete_team(5).into_request(), req("DELETE", "api/teams/5")),
        ("get_team_members", t.get_team_members(5).into_request(), req("GET", "api/teams/5/members")),
        ("add_team_member", t.add_team_member(5, 7).into_request(), req("POST", "api/teams/5/members").body(json!({"userId": 7}))),
        ("remove_team_member", t.remove_team_member(5, 7).into_request(), req("DELETE", "api/teams/5/members/7")),
        ("get_preferences", t.get_preferences(5).into_request(), req("GET", prefs)),
        ("get_team_preferences", t.get_team_preferences(5).into_request(), req("GET", prefs)),
        ("update_preferences(json)", t.update_preferences(5, &given).into_request(), req("PUT", prefs).body(sent)),
        ("update_preferences(model)", t.update_preferences(5, &Preferences::new().theme("light").home_dashboard_uid("h")).into_request(), req("PUT", prefs).body(json!({"theme": "light", "homeDashboardUID": "h"}))),
        ("update_team_preferences", t.update_team_preferences(5, &json!({"theme": "dark", "timezone": null})).into_request(), req("PUT", prefs).body(json!({"theme": "dark"}))),
        ("get_team_external_group", t.get_team_external_group(5).into_request(), req("GET", groups)),
        ("add_team_external_group", t.add_team_external_group(5, "cn=ops,ou=groups").into_request(), req("POST", groups).body(json!({"groupId": "cn=ops,ou=groups"}))),
        // the query form of Grafana 10.2+, not the pre-10.2 path form, and no version probe
        ("remove_team_external_group", t.remove_team_external_group(5, "cn=ops,ou=groups").into_request(), req("DELETE", groups).query(&[("groupId", "cn=ops,ou=groups")])),
        ("remove_team_external_group(hostile)", t.remove_team_external_group(5, HOSTILE_QUERY).into_request(), req("DELETE", groups).query(&[("groupId", HOSTILE_QUERY)])),
    ]);
    let bad: HashMap<(i32, i32), i32> = [((1, 2), 3)].into_iter().collect();
    refused("add_team(unserializable)", t.add_team(&bad).into_request(), "team");
}

fn team_json() -> Value {
    json!({
        "id": 5, "uid": "aeb2xk", "orgId": 1, "name": "SRE", "email": "sre@example.com",
        "avatarUrl": "/avatar/3f0e", "memberCount": 2, "permission": 0,
        "accessControl": {"teams:read": true}, "externalUID": "", "isProvisioned": false
    })
}

#[test]
fn decodes() {
    let t = api().teams();
    let search = json!({"totalCount": 3, "teams": [team_json()], "page": 2, "perPage": 1, "extraTop": "x"});
    let created = json!({"message": "Team created", "teamId": 9, "uid": "ff3k", "x": 1});
    let members = json!([{
        "orgId": 1, "teamId": 5, "teamUID": "aeb2xk", "userId": 7, "userUID": "u7",
        "auth_module": "", "email": "ada@example.com", "name": "Ada", "login": "ada",
        "avatarUrl": "/avatar/a", "labels": [], "permission": 4
    }]);
    let prefs = json!({
        "theme": "dark", "homeDashboardId": 0, "homeDashboardUID": "home1", "timezone": "utc",
        "weekStart": "monday", "language": "en-US",
        "navbar": {"bookmarkUrls": []}, "queryHistory": {"homeTab": ""}, "teamOnly": 1
    });
    let groups = json!([{"orgId": 1, "teamId": 5, "groupId": "cn=ops,ou=groups,dc=example,dc=org", "uid": "g1"}]);
    let msg = |m: &str| json!({ "message": m });
    check_decodes([
        ("search_teams", lossless(t.search_teams(), search.clone())),
        ("search_teams(bare)", lossless(t.search_teams(), json!({"teams": []}))),
        ("get_team_by_name", lossless(t.get_team_by_name("x"), search.clone())),
        ("get_team", lossless(t.get_team(5), team_json())),
        ("add_team", lossless(t.add_team("x"), created.clone())),
        ("update_team", lossless(t.update_team(5, &json!({})), msg("Team updated"))),
        ("delete_team", lossless(t.delete_team(5), msg("Team deleted"))),
        ("get_team_members", lossless(t.get_team_members(5), members.clone())),
        ("add_team_member", lossless(t.add_team_member(5, 7), msg("Member added to Team"))),
        ("remove_team_member", lossless(t.remove_team_member(5, 7), msg("Team Member removed"))),
        ("get_preferences", lossless(t.get_preferences(5), prefs.clone())),
        ("get_team_preferences", lossless(t.get_team_preferences(5), prefs.clone())),
        ("update_preferences", lossless(t.update_preferences(5, &json!({})), msg("Preferences updated"))),
        ("get_team_external_group", lossless(t.get_team_external_group(5), groups.clone())),
        ("add_team_external_group", lossless(t.add_team_external_group(5, "g"), msg("Group added to Team"))),
        ("remove_team_external_group", lossless(t.remove_team_external_group(5, "g"), msg("Team Group removed"))),
    ]);
    let page = answer(t.search_teams(), search.clone());
    assert_eq!((page.total_count, page.page, page.per_page, page.teams.len(), page.extra.len(), &page.extra["extraTop"]), (Some(3), Some(2), Some(1), 1, 1, &json!("x")));
    let x = &page.teams[0];
    assert_eq!((x.id, x.name.as_str(), x.uid.as_deref(), x.org_id, x.email.as_deref(), x.avatar_url.as_deref()), (5, "SRE", Some("aeb2xk"), Some(1), Some("sre@example.com"), Some("/avatar/3f0e")));
    assert_eq!((x.member_count, x.permission, x.extra.len(), &x.extra["accessControl"]["teams:read"], &x.extra["externalUID"]), (Some(2), Some(0), 3, &json!(true), &json!("")));
    let walked = page_of(t.search_teams(), search);
    assert_eq!((walked.items.len(), walked.total), (1, Some(3)));
    assert_eq!(answer(t.search_teams(), json!({"teams": []})).total_count, None);
    let c = answer(t.add_team("x"), created);
    assert_eq!((c.message.as_str(), c.team_id, c.uid.as_deref(), &c.extra["x"]), ("Team created", 9, Some("ff3k"), &json!(1)));
    let m = &answer(t.get_team_members(5), members)[0];
    assert_eq!((m.user_id, m.team_id, m.org_id, m.user_uid.as_deref(), m.login.as_deref(), m.email.as_deref()), (7, Some(5), Some(1), Some("u7"), Some("ada"), Some("ada@example.com")));
    assert_eq!((m.name.as_deref(), m.avatar_url.as_deref(), m.permission, m.extra.len(), &m.extra["teamUID"], &m.extra["auth_module"]), (Some("Ada"), Some("/avatar/a"), Some(4), 3, &json!("aeb2xk"), &json!("")));
    let p = answer(t.get_preferences(5), prefs);
    assert_eq!((p.theme.as_deref(), p.home_dashboard_id, p.home_dashboard_uid.as_deref(), p.timezone.as_deref(), p.week_start.as_deref(), p.language.as_deref()), (Some("dark"), Some(0), Some("home1"), Some("utc"), Some("monday"), Some("en-US")));
    assert_eq!((p.query_history.as_ref().unwrap().home_tab.as_deref(), p.navbar.as_ref().unwrap().bookmark_urls.as_deref()), (Some(""), Some(&[][..])));
    assert_eq!((p.extra.len(), &p.extra["teamOnly"]), (1, &json!(1)));
    let g = &answer(t.get_team_external_group(5), groups)[0];
    assert_eq!((g.group_id.as_str(), g.team_id, g.org_id, &g.extra["uid"]), ("cn=ops,ou=groups,dc=example,dc=org", Some(5), Some(1), &json!("g1")));
}
