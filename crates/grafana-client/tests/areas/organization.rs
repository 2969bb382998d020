//! Workflow: the `organization` element (the current org, creating and
//! finding orgs, org preferences), on both clients.

use grafana_client::models::Preferences;
use grafana_client::{BasicAuth, GrafanaApi};
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    current_org_lifecycle,
    current_org_members_lifecycle,
    org_preferences_lifecycle
);

/// Creates an org through `organization().create_organization` and returns its id.
fn new_org<C: Drive>(api: &C, name: &str) -> i64 {
    let created = api
        .run(api.organization().create_organization(name))
        .expect("org created");
    assert_eq!(created.message, "Organization created");
    assert!(created.org_id > 0);
    created.org_id
}

fn current_org_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let org = api.organization();

    let main = api
        .run(org.get_current_organization())
        .expect("current org");
    assert!(main.id > 0);
    assert!(!main.name.is_empty());
    let address = main.address.clone().expect("address object");
    assert!(address.city.is_some(), "address keys are always sent");

    // Create (an object's `name` is used), then act in the new org.
    let name = unique("wf-org");
    let id = new_org(&api, &name);
    let dup = api
        .run(org.create_organization(&json!({"name": name})))
        .unwrap_err();
    assert!(dup.is_conflict(), "{dup}");
    assert_eq!(
        dup.api().unwrap().message.as_deref(),
        Some("Organization name taken")
    );
    // A blank name is refused before sending.
    assert!(api.run(org.create_organization("  ")).is_err());

    let current = api
        .run(org.get_current_organization().org_id(id))
        .expect("current in new org");
    assert_eq!((current.id, current.name.as_str()), (id, name.as_str()));

    // Rename the current org.
    let renamed = format!("{name}-renamed");
    let msg = api
        .run(
            org.update_current_organization(&json!({"name": renamed}))
                .org_id(id),
        )
        .expect("renamed");
    assert_eq!(msg.message, "Organization updated");
    let found = api
        .run(org.find_organization(&renamed))
        .expect("found by name");
    assert_eq!(found.id, id);
    assert_eq!(found.name, renamed);
    // The main org's name is taken: 400.
    let taken = api
        .run(
            org.update_current_organization(&json!({"name": main.name}))
                .org_id(id),
        )
        .unwrap_err();
    assert_eq!(taken.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        taken.api().unwrap().message.as_deref(),
        Some("Organization name taken")
    );

    // Unknown names are 404.
    let missing = api
        .run(org.find_organization(&unique("no-such-org")))
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    assert_eq!(
        missing.api().unwrap().message.as_deref(),
        Some("Organization not found")
    );

    let gone = api
        .run(api.organizations().delete_organization(id))
        .expect("deleted");
    assert_eq!(gone.message, "Organization deleted");
}

fn current_org_members_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let org = api.organization();
    let id = new_org(&api, &unique("wf-members"));
    let login = unique("wf-member");
    let user_id = api
        .run(api.admin().create_user(&json!({
            "login": login, "email": format!("{login}@example.com"), "password": "member-pass"
        })))
        .expect("user created")
        .id;

    // Add to the current org (the new one).
    let added = api
        .run(
            org.add_user_current_organization(&json!({"loginOrEmail": login, "role": "Viewer"}))
                .org_id(id),
        )
        .expect("added");
    assert_eq!(added.message, "User added to organization");
    assert_eq!(added.extra.get("userId"), Some(&json!(user_id)));
    let again = api
        .run(
            org.add_user_current_organization(&json!({"loginOrEmail": login, "role": "Viewer"}))
                .org_id(id),
        )
        .unwrap_err();
    assert!(again.is_conflict(), "{again}");
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("User is already member of this organization")
    );
    let nobody = api
        .run(
            org.add_user_current_organization(
                &json!({"loginOrEmail": unique("ghost"), "role": "Viewer"}),
            )
            .org_id(id),
        )
        .unwrap_err();
    assert!(nobody.is_not_found(), "{nobody}");
    assert_eq!(
        nobody.api().unwrap().message.as_deref(),
        Some("User not found")
    );

    // List and change the role.
    let members = api
        .run(org.get_current_organization_users().org_id(id))
        .expect("members");
    let me = members
        .iter()
        .find(|m| m.user_id == user_id)
        .expect("listed");
    assert_eq!(me.login, login);
    assert_eq!(me.role.as_deref(), Some("Viewer"));
    assert_eq!(me.org_id, Some(id));
    assert_eq!(
        me.email.as_deref(),
        Some(format!("{login}@example.com").as_str())
    );
    let msg = api
        .run(
            org.update_user_current_organization(user_id, &json!({"role": "Editor"}))
                .org_id(id),
        )
        .expect("role changed");
    assert_eq!(msg.message, "Organization user updated");
    let members = api
        .run(org.get_current_organization_users().org_id(id))
        .expect("members");
    let me = members
        .iter()
        .find(|m| m.user_id == user_id)
        .expect("listed");
    assert_eq!(me.role.as_deref(), Some("Editor"));
    let bad = api
        .run(
            org.update_user_current_organization(user_id, &json!({"role": "Owner"}))
                .org_id(id),
        )
        .unwrap_err();
    assert_eq!(bad.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        bad.api().unwrap().message.as_deref(),
        Some("Invalid role specified")
    );

    // The member itself sees the org but cannot manage it.
    let member = C::build(
        GrafanaApi::builder()
            .url(&t.url)
            .auth(BasicAuth::new(&login, "member-pass")),
    );
    let seen = member
        .run(member.organization().get_current_organization().org_id(id))
        .expect("member reads its org");
    assert_eq!(seen.id, id);
    let denied = member
        .run(
            member
                .organization()
                .get_current_organization_users()
                .org_id(id),
        )
        .unwrap_err();
    assert!(denied.is_forbidden(), "{denied}");

    // Remove: the user still belongs to the main org, so is only removed.
    let msg = api
        .run(org.delete_user_current_organization(user_id).org_id(id))
        .expect("removed");
    assert_eq!(msg.message, "User removed from organization");
    let members = api
        .run(org.get_current_organization_users().org_id(id))
        .expect("members");
    assert!(members.iter().all(|m| m.user_id != user_id));

    api.run(api.admin().delete_user(user_id))
        .expect("user deleted");
    api.run(api.organizations().delete_organization(id))
        .expect("org deleted");
}

fn org_preferences_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let org = api.organization();
    let id = new_org(&api, &unique("wf-prefs"));

    let msg = api
        .run(
            org.update_preferences(&Preferences::new().theme("light").timezone("utc"))
                .org_id(id),
        )
        .expect("put");
    assert!(!msg.message.is_empty());
    let prefs = api.run(org.get_preferences().org_id(id)).expect("get");
    assert_eq!(prefs.theme.as_deref(), Some("light"));
    assert_eq!(prefs.timezone.as_deref(), Some("utc"));
    api.run(
        org.patch_preferences(&Preferences::new().week_start("monday"))
            .org_id(id),
    )
    .expect("patch");
    let prefs = api.run(org.get_preferences().org_id(id)).expect("get");
    assert_eq!(prefs.week_start.as_deref(), Some("monday"));
    assert_eq!(
        prefs.theme.as_deref(),
        Some("light"),
        "patch keeps the rest"
    );

    api.run(api.organizations().delete_organization(id))
        .expect("org deleted");
}
