//! Workflow: the `admin` element (server settings and stats, user
//! administration), on both clients.

use grafana_client::{BasicAuth, GrafanaApi};
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(settings_and_stats, admin_user_lifecycle);

#[allow(deprecated)] // pause_all_alerts: removed in Grafana 11, checked to answer 404
fn settings_and_stats<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let settings = api.run(api.admin().settings()).expect("settings");
    assert!(settings.get("server", "root_url").is_some());
    assert!(settings.get("database", "type").is_some());
    if let Some(pw) = settings.get("security", "admin_password") {
        assert!(pw.chars().all(|c| c == '*'), "secrets are masked: {pw}");
    }

    let before = api.run(api.admin().stats()).expect("stats");
    assert!(before.orgs.unwrap_or(0) >= 1);
    assert!(before.users.unwrap_or(0) >= 1);
    assert!(before.dashboards.is_some() && before.datasources.is_some());
    assert!(before.extra.contains_key("admins"));
    let login = unique("wf-stats");
    let id = api
        .run(
            api.admin()
                .create_user(&json!({"login": login, "password": "stats-pass"})),
        )
        .expect("user")
        .id;
    let after = api.run(api.admin().stats()).expect("stats");
    if t.emulator_only("a real server's counts may move under other clients")
        .is_some()
    {
        assert_eq!(after.users, before.users.map(|n| n + 1));
    }
    api.run(api.admin().delete_user(id)).expect("deleted");

    // Org Viewers get the RBAC denial.
    let viewer_login = unique("wf-stats-viewer");
    let vid = api
        .run(
            api.admin()
                .create_user(&json!({"login": viewer_login, "password": "viewer-pass"})),
        )
        .expect("user")
        .id;
    let viewer = C::build(
        GrafanaApi::builder()
            .url(&t.url)
            .auth(BasicAuth::new(&viewer_login, "viewer-pass")),
    );
    let denied = viewer.run(viewer.admin().stats()).unwrap_err();
    assert!(denied.is_forbidden(), "{denied}");
    let denied = viewer.run(viewer.admin().settings()).unwrap_err();
    assert!(denied.is_forbidden(), "{denied}");
    api.run(api.admin().delete_user(vid)).expect("deleted");

    // Legacy alerting's pause-all is gone from Grafana 11+.
    let gone = api.run(api.admin().pause_all_alerts(true)).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
}

fn admin_user_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let admin = api.admin();
    let login = unique("wf-admin-user");
    let as_user = |password: &str| {
        C::build(
            GrafanaApi::builder()
                .url(&t.url)
                .auth(BasicAuth::new(&login, password)),
        )
    };

    let created = api
        .run(admin.create_user(&json!({"name": "Ada", "login": login, "email": format!("{login}@example.com"), "password": "first-pass"})))
        .expect("created");
    assert_eq!(created.message, "User created");
    assert!(created.id > 0);
    assert!(created.uid.as_deref().is_some_and(|u| !u.is_empty()));
    let id = created.id;
    let user = as_user("first-pass");
    assert_eq!(
        user.run(user.user().get_actual_user())
            .expect("signed in")
            .login,
        login
    );

    let dup = api
        .run(admin.create_user(&json!({"login": login, "password": "first-pass"})))
        .unwrap_err();
    assert!(dup.is_precondition_failed(), "{dup}");
    let short = api
        .run(admin.create_user(&json!({"login": unique("wf-short"), "password": "abc"})))
        .unwrap_err();
    assert_eq!(short.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        short.api().unwrap().message.as_deref(),
        Some("New password is too short")
    );

    // Password.
    let msg = api
        .run(admin.change_user_password(id, "second-pass"))
        .expect("password");
    assert_eq!(msg.message, "User password updated");
    let old = as_user("first-pass");
    assert!(old
        .run(old.user().get_actual_user())
        .unwrap_err()
        .is_unauthorized());
    let user = as_user("second-pass");
    assert!(user.run(user.user().get_actual_user()).is_ok());

    // Server admin on and off.
    let msg = api
        .run(admin.change_user_permissions(id, true))
        .expect("permissions");
    assert_eq!(msg.message, "User permissions updated");
    assert!(user.run(user.admin().stats()).is_ok(), "now a server admin");
    assert_eq!(
        api.run(api.users().get_user(id)).unwrap().is_grafana_admin,
        Some(true)
    );
    api.run(admin.change_user_permissions(id, false))
        .expect("permissions");
    assert!(user.run(user.admin().stats()).unwrap_err().is_forbidden());

    // Disable, enable.
    let msg = api
        .run(admin.set_user_enabled(id, false))
        .expect("disabled");
    assert_eq!(msg.message, "User disabled");
    let refused = user.run(user.user().get_actual_user()).unwrap_err();
    assert!(refused.is_unauthorized(), "{refused}");
    assert_eq!(
        api.run(api.users().get_user(id)).unwrap().is_disabled,
        Some(true)
    );
    let msg = api.run(admin.set_user_enabled(id, true)).expect("enabled");
    assert_eq!(msg.message, "User enabled");
    assert!(user.run(user.user().get_actual_user()).is_ok());
    let missing = api
        .run(admin.set_user_enabled(i64::from(i32::MAX), false))
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    // Delete.
    let msg = api.run(admin.delete_user(id)).expect("deleted");
    assert_eq!(msg.message, "User deleted");
    assert!(api
        .run(api.users().get_user(id))
        .unwrap_err()
        .is_not_found());
    let again = api.run(admin.delete_user(id)).unwrap_err();
    assert!(again.is_not_found(), "{again}");
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("user not found")
    );
}
