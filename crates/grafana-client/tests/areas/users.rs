//! Workflow: the `users` element (server-admin user reads and updates), on
//! both clients.

use grafana_client::{BasicAuth, GrafanaApi};
use serde_json::json;

use crate::support::{block_on, unique, Drive, Target};

both_clients!(users_lifecycle, users_search_pages);

fn users_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let users = api.users();
    let login = unique("wf-user");
    let email = format!("{login}@example.com");
    let id = api
        .run(api.admin().create_user(
            &json!({"name": "Wf User", "login": login, "email": email, "password": "user-pass"}),
        ))
        .expect("created")
        .id;

    let profile = api.run(users.get_user(id)).expect("profile");
    assert_eq!(profile.id, id);
    assert_eq!(profile.login, login);
    assert_eq!(profile.email.as_deref(), Some(email.as_str()));
    assert_eq!(profile.name.as_deref(), Some("Wf User"));
    assert_eq!(profile.is_grafana_admin, Some(false));
    assert_eq!(profile.is_disabled, Some(false));
    assert!(profile.created_at.is_some() && profile.avatar_url.is_some());

    let by_login = api.run(users.find_user(&login)).expect("by login");
    assert_eq!(by_login.id, id);
    let by_email = api.run(users.find_user(&email)).expect("by email");
    assert_eq!(by_email.id, id);
    let missing = api.run(users.find_user(&unique("ghost"))).unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    assert_eq!(
        missing.api().unwrap().message.as_deref(),
        Some("user not found")
    );
    let missing = api.run(users.get_user(i64::from(i32::MAX))).unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    let new_login = format!("{login}-b");
    let msg = api
        .run(users.update_user(
            id,
            &json!({"name": "Renamed", "login": new_login, "email": email, "theme": "light"}),
        ))
        .expect("updated");
    assert_eq!(msg.message, "User updated");
    let profile = api.run(users.get_user(id)).expect("profile");
    assert_eq!(profile.login, new_login);
    assert_eq!(profile.name.as_deref(), Some("Renamed"));
    let conflict = api
        .run(users.update_user(id, &json!({"login": "admin", "email": email})))
        .unwrap_err();
    assert!(conflict.is_conflict(), "{conflict}");
    assert_eq!(
        conflict.api().unwrap().message.as_deref(),
        Some("Update would result in user login conflict")
    );

    // Orgs: the main org, as Viewer (auto-assigned), plus an added org.
    let orgs = api.run(users.get_user_organisations(id)).expect("orgs");
    assert_eq!(orgs.len(), 1, "{orgs:?}");
    assert_eq!(orgs[0].role.as_deref(), Some("Viewer"));
    let org = api
        .run(
            api.organization()
                .create_organization(unique("wf-user-org").as_str()),
        )
        .expect("org")
        .org_id;
    api.run(
        api.organizations()
            .organization_user_add(org, &json!({"loginOrEmail": new_login, "role": "Editor"})),
    )
    .expect("added");
    let orgs = api.run(users.get_user_organisations(id)).expect("orgs");
    let extra = orgs
        .iter()
        .find(|o| o.org_id == org)
        .expect("new org listed");
    assert_eq!(extra.role.as_deref(), Some("Editor"));

    // Teams (of the caller's current org).
    assert!(api.run(users.get_user_teams(id)).expect("teams").is_empty());
    let team = api
        .run(api.teams().add_team(unique("wf-user-team").as_str()))
        .expect("team");
    api.run(api.teams().add_team_member(team.team_id, id))
        .expect("member");
    let teams = api.run(users.get_user_teams(id)).expect("teams");
    assert_eq!(teams.len(), 1);
    assert_eq!(teams[0].id, team.team_id);

    api.run(api.teams().delete_team(team.team_id))
        .expect("team deleted");
    api.run(api.organizations().delete_organization(org))
        .expect("org deleted");
    api.run(api.admin().delete_user(id)).expect("user deleted");
}

fn users_search_pages<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let users = api.users();
    let prefix = unique("wf-search");
    let mut ids = Vec::new();
    for i in 0..3 {
        let login = format!("{prefix}-{i}");
        ids.push(
            api.run(
                api.admin()
                    .create_user(&json!({"login": login, "password": "search-pass"})),
            )
            .expect("created")
            .id,
        );
    }
    let hits = api
        .run(users.search_users().query(&prefix))
        .expect("search");
    let logins: Vec<&str> = hits.iter().map(|h| h.login.as_str()).collect();
    assert_eq!(
        logins,
        [
            format!("{prefix}-0"),
            format!("{prefix}-1"),
            format!("{prefix}-2")
        ]
    );
    assert_eq!(hits[0].is_admin, Some(false));
    let page2 = api
        .run(users.search_users().query(&prefix).perpage(2).page(2))
        .expect("page 2");
    assert_eq!(page2.len(), 1);
    assert_eq!(page2[0].login, format!("{prefix}-2"));
    // `.all()` walks the pages (its own send on each client).
    let all_async = {
        let a = GrafanaApi::builder().url(&t.url);
        let a = match &t.emu {
            Some(_) => a
                .auth(BasicAuth::new("admin", "admin"))
                .build()
                .expect("client"),
            None => grafana_client::ClientBuilder::from_env()
                .expect("env")
                .build()
                .expect("client"),
        };
        block_on(
            a.users()
                .search_users()
                .query(&prefix)
                .perpage(1)
                .all()
                .send(),
        )
        .expect("all pages")
    };
    let all_blocking = t
        .admin()
        .blocking()
        .build()
        .expect("blocking client")
        .users()
        .search_users()
        .query(&prefix)
        .perpage(1)
        .all()
        .send()
        .expect("all pages");
    assert_eq!(all_async.len(), 3);
    assert_eq!(all_async, all_blocking);
    let everyone = api.run(users.search_users()).expect("first page");
    assert!(everyone
        .iter()
        .any(|u| u.login == "admin" || u.is_admin == Some(true)));

    for id in ids {
        api.run(api.admin().delete_user(id)).expect("deleted");
    }
    assert!(api
        .run(users.search_users().query(&prefix))
        .expect("search")
        .is_empty());
}
