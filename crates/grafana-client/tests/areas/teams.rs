//! Workflow: the `teams` element (OSS routes; the external-group methods are
//! Grafana Enterprise and tested with the removed/Enterprise routes).

use grafana_client::models::Preferences;
use grafana_client::{BasicAuth, GrafanaApi};
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    team_lifecycle,
    team_members_lifecycle,
    team_preferences_lifecycle
);

/// A user made through the admin API (Viewer of the default org); returns
/// its id.
fn new_user<C: Drive>(api: &C, login: &str, password: &str) -> i64 {
    api.run(api.admin().create_user(&json!({
        "name": login,
        "email": format!("{login}@example.com"),
        "login": login,
        "password": password,
    })))
    .expect("user created")
    .id
}

fn team_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let teams = api.teams();
    let name = unique("team");

    // Create (a plain string is the name).
    let created = api.run(teams.add_team(name.as_str())).expect("created");
    assert_eq!(created.message, "Team created");
    assert!(created.team_id > 0);
    let uid = created.uid.clone().expect("uid");
    let id = created.team_id;

    // Duplicate name: 409 Team name taken.
    let err = api.run(teams.add_team(name.as_str())).unwrap_err();
    assert!(err.is_conflict(), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("Team name taken")
    );

    // Read.
    let team = api.run(teams.get_team(id)).expect("read");
    assert_eq!(team.name, name);
    assert_eq!(team.uid.as_deref(), Some(uid.as_str()));
    assert_eq!(team.email.as_deref(), Some(""));
    assert_eq!(team.member_count, Some(1), "the creator is a member");

    // Search: a page, by query, by exact name, and past the last page.
    let page = api
        .run(teams.search_teams().query(&name).perpage(10))
        .expect("search");
    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.per_page, Some(10));
    assert_eq!(page.teams[0].id, id);
    let by_name = api.run(teams.get_team_by_name(&name)).expect("by name");
    assert_eq!(by_name.teams.len(), 1);
    assert_eq!(by_name.teams[0].id, id);
    let none = api
        .run(teams.get_team_by_name(&name.to_uppercase()))
        .expect("by name");
    assert!(none.teams.is_empty(), "the name is matched exactly");
    let second = api
        .run(teams.search_teams().query(&name).perpage(1).page(2))
        .expect("second page");
    assert_eq!(second.page, Some(2));
    assert_eq!(second.total_count, Some(1));
    assert!(second.teams.is_empty(), "one team, one page");

    // Update.
    let renamed = unique("renamed");
    let msg = api
        .run(teams.update_team(id, &json!({"name": renamed, "email": "ops@example.com"})))
        .expect("updated");
    assert_eq!(msg.message, "Team updated");
    let team = api.run(teams.get_team(id)).expect("read");
    assert_eq!(team.name, renamed);
    assert_eq!(team.email.as_deref(), Some("ops@example.com"));

    // Delete, then 404s.
    let msg = api.run(teams.delete_team(id)).expect("deleted");
    assert_eq!(msg.message, "Team deleted");
    let err = api.run(teams.get_team(id)).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("Team not found")
    );
    let err = api.run(teams.delete_team(id)).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let err = api
        .run(teams.update_team(id, &json!({"name": "x"})))
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

fn team_members_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let teams = api.teams();
    let login = unique("member");
    let user_id = new_user(&api, &login, "member-pass");
    let id = api
        .run(teams.add_team(&json!({"name": unique("crew"), "email": "crew@example.com"})))
        .expect("created")
        .team_id;

    let msg = api
        .run(teams.add_team_member(id, user_id))
        .expect("member added");
    assert_eq!(msg.message, "Member added to Team");
    let err = api.run(teams.add_team_member(id, user_id)).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("User is already added to this team")
    );

    let members = api.run(teams.get_team_members(id)).expect("members");
    let m = members
        .iter()
        .find(|m| m.user_id == user_id)
        .expect("the new member is listed");
    assert_eq!(m.login.as_deref(), Some(login.as_str()));
    assert_eq!(
        m.email.as_deref(),
        Some(format!("{login}@example.com").as_str())
    );
    assert_eq!(m.team_id, Some(id));
    assert_eq!(m.permission, Some(0));

    // The member sees the team as theirs.
    let member = GrafanaApi::builder()
        .url(&t.url)
        .auth(BasicAuth::new(login.as_str(), "member-pass"));
    let member = C::build(member);
    let mine = member
        .run(member.user().get_actual_user_teams())
        .expect("teams");
    assert!(mine.iter().any(|t| t.id == id));

    let msg = api
        .run(teams.remove_team_member(id, user_id))
        .expect("member removed");
    assert_eq!(msg.message, "Team Member removed");
    let err = api.run(teams.remove_team_member(id, user_id)).unwrap_err();
    assert!(err.is_not_found(), "{err}");
    let members = api.run(teams.get_team_members(id)).expect("members");
    assert!(members.iter().all(|m| m.user_id != user_id));

    api.run(teams.delete_team(id)).expect("deleted");
    api.run(api.admin().delete_user(user_id))
        .expect("user deleted");
}

#[allow(deprecated)]
fn team_preferences_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let teams = api.teams();
    let id = api
        .run(teams.add_team(unique("prefs").as_str()))
        .expect("created")
        .team_id;

    let prefs = api.run(teams.get_preferences(id)).expect("prefs");
    assert_eq!(prefs, Preferences::default(), "nothing set yet");

    let msg = api
        .run(
            teams.update_preferences(
                id,
                &Preferences::new()
                    .theme("dark")
                    .timezone("utc")
                    .week_start("monday"),
            ),
        )
        .expect("updated");
    assert_eq!(msg.message, "Preferences updated");
    let prefs = api.run(teams.get_team_preferences(id)).expect("prefs");
    assert_eq!(prefs.theme.as_deref(), Some("dark"));
    assert_eq!(prefs.timezone.as_deref(), Some("utc"));
    assert_eq!(prefs.week_start.as_deref(), Some("monday"));

    // PUT replaces: what is not sent is reset.
    api.run(teams.update_team_preferences(id, &json!({"theme": "light"})))
        .expect("updated");
    let prefs = api.run(teams.get_preferences(id)).expect("prefs");
    assert_eq!(prefs.theme.as_deref(), Some("light"));
    assert_eq!(prefs.timezone, None);

    // Grafana's errors.
    let err = api
        .run(teams.update_preferences(id, &Preferences::new().theme("no-such-theme")))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.api().unwrap().message.as_deref(), Some("Invalid theme"));
    let err = api
        .run(teams.update_preferences(id, &Preferences::new().home_dashboard_uid(unique("none"))))
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("Dashboard not found")
    );

    api.run(teams.delete_team(id)).expect("deleted");
}
