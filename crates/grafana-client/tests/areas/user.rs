//! Workflow: the `user` element (the signed-in user), each body on both
//! clients, with users made through the admin API.

use grafana_client::models::Preferences;
use grafana_client::{BasicAuth, GrafanaApi};
use serde_json::json;

use crate::support::{create_dashboard, unique, Drive, Target};

both_clients!(
    profile_and_password_lifecycle,
    organisations_lifecycle,
    stars_lifecycle,
    preferences_lifecycle
);

/// A user made through the admin API (Viewer of the default org) and a
/// client signed in as that user.
fn new_user<C: Drive>(t: &Target, api: &C, password: &str) -> (i64, String, C) {
    let login = unique("user");
    let id = api
        .run(api.admin().create_user(&json!({
            "name": format!("Name of {login}"),
            "email": format!("{login}@example.com"),
            "login": login,
            "password": password,
        })))
        .expect("user created")
        .id;
    (id, login.clone(), signed_in::<C>(t, &login, password))
}

fn signed_in<C: Drive>(t: &Target, login: &str, password: &str) -> C {
    C::build(
        GrafanaApi::builder()
            .url(&t.url)
            .auth(BasicAuth::new(login, password)),
    )
}

fn profile_and_password_lifecycle<C: Drive>() {
    let t = Target::new();
    let admin = C::build(t.admin());
    let me = admin.run(admin.user().get_actual_user()).expect("profile");
    assert!(me.is_grafana_admin.unwrap_or(false));

    let (id, login, user) = new_user(&t, &admin, "first-pass");
    let me = user.run(user.user().get_actual_user()).expect("profile");
    assert_eq!(me.id, id);
    assert_eq!(me.login, login);
    assert_eq!(
        me.email.as_deref(),
        Some(format!("{login}@example.com").as_str())
    );
    assert_eq!(
        me.name.as_deref(),
        Some(format!("Name of {login}").as_str())
    );
    assert_eq!(me.is_grafana_admin, Some(false));
    assert_eq!(me.is_disabled, Some(false));
    assert!(me
        .avatar_url
        .as_deref()
        .unwrap_or("")
        .starts_with("/avatar/"));

    // Wrong old password, then a too-short new one: Grafana's 400s.
    let err = user
        .run(
            user.user()
                .change_actual_user_password("wrong", "second-pass"),
        )
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("Invalid old password")
    );
    let err = user
        .run(user.user().change_actual_user_password("first-pass", "abc"))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("New password is too short")
    );
    let msg = user
        .run(
            user.user()
                .change_actual_user_password("first-pass", "second-pass"),
        )
        .expect("password changed");
    assert_eq!(msg.message, "User password changed");
    let err = user.run(user.user().get_actual_user()).unwrap_err();
    assert!(
        err.is_unauthorized(),
        "the old password no longer works: {err}"
    );
    let user = signed_in::<C>(&t, &login, "second-pass");
    assert_eq!(
        user.run(user.user().get_actual_user()).expect("profile").id,
        id
    );

    admin
        .run(admin.admin().delete_user(id))
        .expect("user deleted");
}

fn organisations_lifecycle<C: Drive>() {
    let t = Target::new();
    let admin = C::build(t.admin());
    let (id, login, user) = new_user(&t, &admin, "orgs-pass");
    let orgs = user
        .run(user.user().get_actual_user_organisations())
        .expect("orgs");
    assert_eq!(orgs.len(), 1);
    let home = orgs[0].org_id;
    assert_eq!(orgs[0].role.as_deref(), Some("Viewer"));

    // A second org the user is added to as Editor.
    let org_name = unique("org");
    let org = admin
        .run(admin.organization().create_organization(org_name.as_str()))
        .expect("org created")
        .org_id;
    admin
        .run(
            admin
                .organizations()
                .organization_user_add(org, &json!({"loginOrEmail": login, "role": "Editor"})),
        )
        .expect("user added to org");
    let orgs = user
        .run(user.user().get_actual_user_organisations())
        .expect("orgs");
    let added = orgs.iter().find(|o| o.org_id == org).expect("listed");
    assert_eq!(added.name, org_name);
    assert_eq!(added.role.as_deref(), Some("Editor"));

    // The user switches to it, then the admin switches them back.
    let msg = user
        .run(user.user().switch_actual_user_organisation(org))
        .expect("switched");
    assert_eq!(msg.message, "Active organization changed");
    let me = user.run(user.user().get_actual_user()).expect("profile");
    assert_eq!(me.org_id, Some(org));
    assert!(user
        .run(user.user().get_actual_user_teams())
        .expect("teams")
        .is_empty());
    let msg = admin
        .run(admin.user().switch_user_organisation(id, home))
        .expect("switched by admin");
    assert_eq!(msg.message, "Active organization changed");
    let me = user.run(user.user().get_actual_user()).expect("profile");
    assert_eq!(me.org_id, Some(home));

    // Not a member: 401 Not a valid organization.
    let other = admin
        .run(
            admin
                .organization()
                .create_organization(unique("other").as_str()),
        )
        .expect("org created")
        .org_id;
    let err = user
        .run(user.user().switch_actual_user_organisation(other))
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("Not a valid organization")
    );

    // Teams of the current org.
    let team = admin
        .run(admin.teams().add_team(unique("mine").as_str()))
        .expect("team")
        .team_id;
    admin
        .run(admin.teams().add_team_member(team, id))
        .expect("member");
    let teams = user
        .run(user.user().get_actual_user_teams())
        .expect("teams");
    assert_eq!(teams.iter().map(|t| t.id).collect::<Vec<_>>(), [team]);

    admin
        .run(admin.teams().delete_team(team))
        .expect("team deleted");
    admin
        .run(admin.organizations().delete_organization(org))
        .expect("org deleted");
    admin
        .run(admin.organizations().delete_organization(other))
        .expect("org deleted");
    admin
        .run(admin.admin().delete_user(id))
        .expect("user deleted");
}

#[allow(deprecated)]
fn stars_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("star");
    let dash = create_dashboard(&api, &uid, &unique("Starred"));
    let dash_id = dash["id"].as_i64().expect("dashboard id");

    let msg = api
        .run(api.user().star_dashboard(uid.as_str()))
        .expect("starred");
    assert_eq!(msg.message, "Dashboard starred!");
    let msg = api
        .run(api.user().unstar_dashboard(uid.as_str()))
        .expect("unstarred");
    assert_eq!(msg.message, "Dashboard unstarred");
    let major: u32 = api
        .version_of()
        .expect("version")
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    let missing = api.run(api.user().star_dashboard(unique("missing")));
    if major < 13 {
        // Grafana 12 looks the dashboard up first.
        let err = missing.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert_eq!(
            err.api().unwrap().message.as_deref(),
            Some("Dashboard not found")
        );
    } else {
        // Grafana 13 stores stars as a resource, without that check.
        assert_eq!(missing.expect("starred").message, "Dashboard starred!");
    }

    // The numeric-id routes are not registered by Grafana 12: there the
    // client looks the uid up and uses the uid route. (The emulator answers
    // the router's 404 to the id routes for every release it plays.)
    let by_id = api.run_star(api.user().star_actual_user_dashboard(dash_id));
    let unstar_by_id = api.run_star(api.user().unstar_actual_user_dashboard(dash_id));
    if major >= 12 {
        assert_eq!(by_id.expect("starred by id").message, "Dashboard starred!");
        assert_eq!(
            unstar_by_id.expect("unstarred by id").message,
            "Dashboard unstarred"
        );
    } else if t.emu.is_some() {
        assert!(by_id.unwrap_err().is_not_found());
        assert!(unstar_by_id.unwrap_err().is_not_found());
    }
    api.run(api.dashboard().delete_dashboard(&uid))
        .expect("deleted");
}

fn preferences_lifecycle<C: Drive>() {
    let t = Target::new();
    let admin = C::build(t.admin());
    let (id, _login, user) = new_user(&t, &admin, "prefs-pass");
    let me = user.user();
    assert_eq!(
        user.run(me.get_preferences()).expect("prefs"),
        Preferences::default()
    );

    let msg = user
        .run(
            me.update_preferences(
                &Preferences::new()
                    .theme("dark")
                    .timezone("browser")
                    .week_start("sunday"),
            ),
        )
        .expect("updated");
    assert_eq!(msg.message, "Preferences updated");
    let prefs = user.run(me.get_preferences()).expect("prefs");
    assert_eq!(prefs.theme.as_deref(), Some("dark"));
    assert_eq!(prefs.timezone.as_deref(), Some("browser"));

    // PATCH keeps what it does not name.
    user.run(me.patch_preferences(&json!({"timezone": "utc"})))
        .expect("patched");
    let prefs = user.run(me.get_preferences()).expect("prefs");
    assert_eq!(prefs.theme.as_deref(), Some("dark"));
    assert_eq!(prefs.timezone.as_deref(), Some("utc"));
    assert_eq!(prefs.week_start.as_deref(), Some("sunday"));

    // PUT replaces.
    user.run(me.update_preferences(&Preferences::new().week_start("monday")))
        .expect("updated");
    let prefs = user.run(me.get_preferences()).expect("prefs");
    assert_eq!(prefs.theme, None);
    assert_eq!(prefs.week_start.as_deref(), Some("monday"));

    let err = user
        .run(me.patch_preferences(&Preferences::new().theme("plaid")))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.api().unwrap().message.as_deref(), Some("Invalid theme"));

    // The admin's own preferences are separate.
    assert_ne!(
        admin
            .run(admin.user().get_preferences())
            .expect("prefs")
            .week_start
            .as_deref(),
        Some("monday")
    );
    admin
        .run(admin.admin().delete_user(id))
        .expect("user deleted");
}
