//! Workflow: the `organizations` element (server-admin org management), on
//! both clients.

use grafana_client::{BasicAuth, GrafanaApi};
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    orgs_lifecycle,
    org_members_lifecycle,
    switch_and_deprecated_preferences
);

fn new_org<C: Drive>(api: &C, name: &str) -> i64 {
    api.run(api.organization().create_organization(name))
        .expect("org created")
        .org_id
}

fn orgs_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let orgs = api.organizations();
    let name = unique("wf-orgs");
    let id = new_org(&api, &name);

    let list = api.run(orgs.list_organization()).expect("list");
    let entry = list.iter().find(|o| o.id == id).expect("new org listed");
    assert_eq!(entry.name, name);
    let mut names: Vec<&str> = list.iter().map(|o| o.name.as_str()).collect();
    let sorted = {
        let mut s = names.clone();
        s.sort();
        s
    };
    assert_eq!(names, sorted, "ordered by name");
    names.clear();

    let renamed = format!("{name}-b");
    let msg = api
        .run(orgs.update_organization(id, &json!({"name": renamed})))
        .expect("renamed");
    assert_eq!(msg.message, "Organization updated");
    let found = api
        .run(api.organization().find_organization(&renamed))
        .expect("found");
    assert_eq!(found.id, id);
    let clash = api
        .run(orgs.update_organization(id, &json!({"name": list[0].name})))
        .unwrap_err();
    assert_eq!(clash.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        clash.api().unwrap().message.as_deref(),
        Some("Organization name taken")
    );

    // Only a server admin lists orgs.
    let login = unique("wf-plain");
    let user_id = api
        .run(
            api.admin()
                .create_user(&json!({"login": login, "password": "plain-pass"})),
        )
        .expect("user")
        .id;
    let plain = C::build(
        GrafanaApi::builder()
            .url(&t.url)
            .auth(BasicAuth::new(&login, "plain-pass")),
    );
    let denied = plain
        .run(plain.organizations().list_organization())
        .unwrap_err();
    assert!(denied.is_forbidden(), "{denied}");
    let denied = plain
        .run(plain.organizations().delete_organization(id))
        .unwrap_err();
    assert!(denied.is_forbidden(), "{denied}");

    let msg = api.run(orgs.delete_organization(id)).expect("deleted");
    assert_eq!(msg.message, "Organization deleted");
    let again = api.run(orgs.delete_organization(id)).unwrap_err();
    assert!(again.is_not_found(), "{again}");
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("Failed to delete organization. ID not found")
    );
    assert!(api
        .run(orgs.list_organization())
        .expect("list")
        .iter()
        .all(|o| o.id != id));
    api.run(api.admin().delete_user(user_id))
        .expect("user deleted");
}

fn org_members_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let orgs = api.organizations();
    let id = new_org(&api, &unique("wf-orgusers"));
    let login = unique("wf-orguser");
    let user_id = api
        .run(
            api.admin()
                .create_user(&json!({"login": login, "password": "orguser-pass"})),
        )
        .expect("user")
        .id;

    let before = api.run(orgs.organization_user_list(id)).expect("members");
    assert!(
        before.iter().any(|m| m.role.as_deref() == Some("Admin")),
        "the creator is Admin"
    );
    let added = api
        .run(orgs.organization_user_add(id, &json!({"loginOrEmail": login, "role": "Editor"})))
        .expect("added");
    assert_eq!(added.message, "User added to organization");
    assert_eq!(added.extra.get("userId"), Some(&json!(user_id)));
    let dup = api
        .run(orgs.organization_user_add(id, &json!({"loginOrEmail": login, "role": "Editor"})))
        .unwrap_err();
    assert!(dup.is_conflict(), "{dup}");

    let members = api.run(orgs.organization_user_list(id)).expect("members");
    let m = members
        .iter()
        .find(|m| m.user_id == user_id)
        .expect("listed");
    assert_eq!(m.role.as_deref(), Some("Editor"));
    assert_eq!(m.login, login);

    let msg = api
        .run(orgs.organization_user_update(id, user_id, "Viewer"))
        .expect("updated");
    assert_eq!(msg.message, "Organization user updated");
    let members = api.run(orgs.organization_user_list(id)).expect("members");
    assert_eq!(
        members
            .iter()
            .find(|m| m.user_id == user_id)
            .unwrap()
            .role
            .as_deref(),
        Some("Viewer")
    );
    let bad = api
        .run(orgs.organization_user_update(id, user_id, "viewer"))
        .unwrap_err();
    assert_eq!(
        bad.api().unwrap().message.as_deref(),
        Some("Invalid role specified")
    );

    let msg = api
        .run(orgs.organization_user_delete(id, user_id))
        .expect("removed");
    assert_eq!(msg.message, "User removed from organization");
    assert!(api
        .run(orgs.organization_user_list(id))
        .expect("members")
        .iter()
        .all(|m| m.user_id != user_id));

    api.run(api.admin().delete_user(user_id))
        .expect("user deleted");
    api.run(orgs.delete_organization(id)).expect("org deleted");
}

#[allow(deprecated)]
fn switch_and_deprecated_preferences<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let orgs = api.organizations();
    let home = api
        .run(api.organization().get_current_organization())
        .expect("home")
        .id;
    let id = new_org(&api, &unique("wf-switch"));

    let msg = api.run(orgs.switch_organization(id)).expect("switched");
    assert_eq!(msg.message, "Active organization changed");
    assert_eq!(
        api.run(api.organization().get_current_organization())
            .expect("current")
            .id,
        id
    );
    // The deprecated preference calls act in the current (new) org.
    let msg = api
        .run(
            orgs.organization_preference_update()
                .theme("dark")
                .timezone("browser"),
        )
        .expect("prefs updated");
    assert!(!msg.message.is_empty());
    let prefs = api.run(orgs.organization_preference_get()).expect("prefs");
    assert_eq!(prefs.theme.as_deref(), Some("dark"));
    assert_eq!(prefs.timezone.as_deref(), Some("browser"));
    let home_prefs = api
        .run(api.organization().get_preferences().org_id(home))
        .expect("home prefs");
    assert_ne!(
        home_prefs.timezone.as_deref(),
        Some("browser"),
        "other org untouched"
    );

    let not_member = api
        .run(orgs.switch_organization(i64::from(i32::MAX)))
        .unwrap_err();
    assert!(not_member.is_unauthorized(), "{not_member}");
    assert_eq!(
        not_member.api().unwrap().message.as_deref(),
        Some("Not a valid organization")
    );

    api.run(orgs.switch_organization(home))
        .expect("switched back");
    api.run(orgs.delete_organization(id)).expect("org deleted");
}
