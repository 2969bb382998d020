//! Workflows end to end, on the async and the blocking client, against the
//! emulator — or a real Grafana when `GRAFANA_URL` is set (tests that need to
//! move the server's clock or read its request log are skipped there, with a
//! printed reason).

#[macro_use]
mod support;

use std::time::Duration;

use grafana_client::{Anonymous, BasicAuth, ErrorKind, GrafanaApi, TokenAuth};
use grafana_emulator::Role;
use serde_json::json;
use support::{create_dashboard, unique, Drive, Target};

both_clients!(
    snapshot_lifecycle,
    snapshot_with_given_keys_and_listing_filters,
    expired_snapshot_is_gone,
    snapshot_errors_carry_grafanas_messages,
    dashboard_create_update_conflict_delete,
    folder_lifecycle,
    org_isolation_through_the_org_header,
    token_basic_and_anonymous_auth,
    hostile_keys_touch_nothing_else,
    version_detection,
);

fn snapshot_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("wf-life");
    let dashboard = create_dashboard(&api, &uid, "Lifecycle");
    let name = format!("Shared Dashboard - {uid}");

    let snap = api
        .run(
            api.snapshots()
                .create_new_snapshot(&dashboard)
                .name(&name)
                .expires(7 * 86_400),
        )
        .unwrap();
    assert_eq!(snap.key.len(), 32, "generated keys are 32 characters");
    assert_eq!(snap.delete_key.len(), 32);
    assert!(
        snap.url
            .ends_with(&format!("dashboard/snapshot/{}", snap.key)),
        "{}",
        snap.url
    );
    assert!(snap
        .delete_url
        .ends_with(&format!("api/snapshots-delete/{}", snap.delete_key)));

    let listed = api
        .run(api.snapshots().get_dashboard_snapshots().query(&name))
        .unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].key, snap.key);
    assert_eq!(listed[0].name, name);
    assert!(!listed[0].external);

    let fetched = api
        .run(api.snapshots().get_snapshot_by_key(&snap.key))
        .unwrap();
    assert_eq!(fetched.dashboard["uid"], uid.as_str());
    assert_eq!(fetched.dashboard["title"], "Lifecycle");
    assert_eq!(fetched.meta.is_snapshot, Some(true));
    assert_eq!(fetched.meta.kind.as_deref(), Some("snapshot"));
    assert!(fetched.meta.expires.is_some());

    let deleted = api
        .run(
            api.snapshots()
                .delete_snapshot_by_delete_key(&snap.delete_key),
        )
        .unwrap();
    assert_eq!(
        deleted.message,
        "Snapshot deleted. It might take an hour before it's cleared from any CDN caches."
    );
    let gone = api
        .run(api.snapshots().get_snapshot_by_key(&snap.key))
        .unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    // deleting by delete key is not idempotent
    let again = api
        .run(
            api.snapshots()
                .delete_snapshot_by_delete_key(&snap.delete_key),
        )
        .unwrap_err();
    assert!(again.is_not_found(), "{again}");
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("Snapshot not found")
    );

    api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
}

fn snapshot_with_given_keys_and_listing_filters<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("wf-keys");
    let dashboard = create_dashboard(&api, &uid, "Keys");
    let key = unique("my-key");
    let delete_key = unique("my-delete-key");
    let created = api
        .run(
            api.snapshots()
                .create_new_snapshot(&dashboard)
                .name(format!("{uid} one"))
                .key(&key)
                .delete_key(&delete_key),
        )
        .unwrap();
    assert_eq!(created.key, key);
    assert_eq!(created.delete_key, delete_key);
    for n in ["two", "three"] {
        api.run(
            api.snapshots()
                .create_new_snapshot(&dashboard)
                .name(format!("{uid} {n}")),
        )
        .unwrap();
    }
    // `query` is SQL LIKE: exact unless it holds wildcards
    let exact = api
        .run(
            api.snapshots()
                .get_dashboard_snapshots()
                .query(format!("{uid} one")),
        )
        .unwrap();
    assert_eq!(exact.len(), 1);
    let like = api
        .run(
            api.snapshots()
                .get_dashboard_snapshots()
                .query(format!("{uid} %")),
        )
        .unwrap();
    assert_eq!(like.len(), 3);
    let limited = api
        .run(
            api.snapshots()
                .get_dashboard_snapshots()
                .query(format!("{uid} %"))
                .limit(2),
        )
        .unwrap();
    assert_eq!(limited.len(), 2);

    // a duplicate key is refused by the store
    let dup = api
        .run(api.snapshots().create_new_snapshot(&dashboard).key(&key))
        .unwrap_err();
    assert_eq!(dup.kind(), Some(ErrorKind::Server), "{dup}");

    let by_key = api
        .run(api.snapshots().delete_snapshot_by_key(&key))
        .unwrap();
    assert!(by_key.message.starts_with("Snapshot deleted."));
    assert!(by_key.id.is_some(), "delete by key answers with the id");
    for s in like.iter().filter(|s| s.key != key) {
        api.run(api.snapshots().delete_snapshot_by_key(&s.key))
            .unwrap();
    }
    api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
}

fn expired_snapshot_is_gone<C: Drive>() {
    let t = Target::new();
    let Some(emu) = t.emulator_only("moving the server clock") else {
        return;
    };
    let api = C::build(t.admin());
    let dashboard = create_dashboard(&api, &unique("wf-exp"), "Expiry");
    let short = api
        .run(api.snapshots().create_new_snapshot(&dashboard).expires(60))
        .unwrap();
    let forever = api
        .run(api.snapshots().create_new_snapshot(&dashboard).expires(0))
        .unwrap();
    api.run(api.snapshots().get_snapshot_by_key(&short.key))
        .expect("readable before expiry");
    emu.clock().advance(Duration::from_secs(61));
    let err = api
        .run(api.snapshots().get_snapshot_by_key(&short.key))
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert_eq!(
        err.api().unwrap().message.as_deref(),
        Some("Dashboard snapshot not found")
    );
    // expires = 0 means 50 years
    emu.clock().advance(Duration::from_secs(10 * 365 * 86_400));
    api.run(api.snapshots().get_snapshot_by_key(&forever.key))
        .expect("a snapshot without expiry is still there");
}

fn snapshot_errors_carry_grafanas_messages<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let missing = api
        .run(api.snapshots().get_snapshot_by_key("no-such-snapshot-key"))
        .unwrap_err();
    let e = missing.api().expect("an API error");
    assert_eq!(e.status.as_u16(), 404);
    assert_eq!(e.message.as_deref(), Some("Snapshot not found"));
    assert_eq!(
        e.message_id.as_deref(),
        Some("dashboardsnapshots.not-found")
    );
    assert_eq!(e.path, "/api/snapshots/no-such-snapshot-key");

    let missing = api
        .run(
            api.snapshots()
                .delete_snapshot_by_key("no-such-snapshot-key"),
        )
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    // a dashboard without a uid, and one that does not exist
    let no_uid = api
        .run(api.snapshots().create_new_snapshot(&json!({"title": "x"})))
        .unwrap_err();
    assert_eq!(no_uid.kind(), Some(ErrorKind::BadInput), "{no_uid}");
    let unknown = api
        .run(
            api.snapshots()
                .create_new_snapshot(&json!({"uid": unique("nope"), "title": "x"})),
        )
        .unwrap_err();
    assert_eq!(unknown.kind(), Some(ErrorKind::BadInput));
    assert_eq!(
        unknown.api().unwrap().message.as_deref(),
        Some("Dashboard not found")
    );
    // refused before sending: nothing to look up
    let empty = api
        .run(api.snapshots().get_snapshot_by_key(""))
        .unwrap_err();
    assert!(
        matches!(
            empty,
            grafana_client::Error::InvalidArgument { name: "key", .. }
        ),
        "{empty}"
    );

    let options = api.run(api.snapshots().get_sharing_options()).unwrap();
    assert!(options.external_snapshot_url.is_some());
    assert!(options.external_enabled.is_some());
}

fn dashboard_create_update_conflict_delete<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("wf-dash");
    let created = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": "Versions", "panels": [], "x-custom": {"kept": [1, 2]}},
        })))
        .unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(created.status, "success");

    let mut fetched = api.run(api.dashboard().get_dashboard(&uid)).unwrap();
    assert_eq!(
        fetched.dashboard["x-custom"],
        json!({"kept": [1, 2]}),
        "unknown keys survive"
    );
    assert_eq!(fetched.meta.version, Some(1));

    // fetched, modified and saved back: version 2, nothing lost
    fetched.dashboard["title"] = "Versions v2".into();
    let saved = api.run(api.dashboard().update_dashboard(&fetched)).unwrap();
    assert_eq!(saved.version, 2);
    let v2 = api.run(api.dashboard().get_dashboard(&uid)).unwrap();
    assert_eq!(v2.dashboard["title"], "Versions v2");
    assert_eq!(v2.dashboard["x-custom"], json!({"kept": [1, 2]}));

    // saving the stale version 1 again conflicts
    let stale = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": "Stale", "version": 1},
        })))
        .unwrap_err();
    let e = stale.api().unwrap();
    let major: u32 = api
        .version_of()
        .unwrap()
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major >= 13 {
        // Grafana 13 saves through its /apis storage: a stale version is a
        // 409 conflict there (saveDashboardViaK8s).
        assert!(stale.is_conflict(), "{stale}");
        assert_eq!(
            e.message.as_deref(),
            Some("Dashboard already exists. Use overwrite flag to update.")
        );
    } else {
        assert!(stale.is_precondition_failed(), "{stale}");
        assert_eq!(e.status_text.as_deref(), Some("version-mismatch"));
        assert_eq!(
            e.message.as_deref(),
            Some("The dashboard has been changed by someone else")
        );
    }
    // overwrite wins
    let forced = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": "Forced", "version": 1},
            "overwrite": true,
        })))
        .unwrap();
    assert_eq!(forced.version, 3);

    let deleted = api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
    assert_eq!(deleted.title, "Forced");
    assert_eq!(deleted.message, "Dashboard Forced deleted");
    let again = api.run(api.dashboard().delete_dashboard(&uid)).unwrap_err();
    assert!(again.is_not_found());
    assert_eq!(
        again.api().unwrap().message.as_deref(),
        Some("Dashboard not found")
    );
}

fn folder_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("wf-folder");
    let title = format!("Folder {uid}");
    let created = api
        .run(api.folder().create_folder(&title).uid(&uid))
        .unwrap();
    assert_eq!(created.uid, uid);
    assert_eq!(created.title, title);
    let version = created.version.expect("a folder has a version");

    let listed = api.run(api.folder().get_all_folders()).unwrap();
    assert!(listed.iter().any(|f| f.uid == uid), "{listed:?}");
    let fetched = api.run(api.folder().get_folder(&uid)).unwrap();
    assert_eq!(fetched.title, title);

    // a dashboard saved into the folder is found there
    let dash_uid = unique("wf-in-folder");
    api.run(api.dashboard().update_dashboard(&json!({
        "dashboard": {"uid": dash_uid, "title": "In a folder"},
        "folderUid": uid,
    })))
    .unwrap();
    let in_folder = api
        .run(
            api.search()
                .search_dashboards()
                .folder_uids([uid.as_str()])
                .type_("dash-db"),
        )
        .unwrap();
    assert_eq!(in_folder.len(), 1, "{in_folder:?}");
    assert_eq!(in_folder[0].uid, dash_uid);
    assert_eq!(in_folder[0].folder_uid.as_deref(), Some(uid.as_str()));

    let renamed = api
        .run(
            api.folder()
                .update_folder(&uid)
                .title(format!("{title} v2"))
                .version(version),
        )
        .unwrap();
    assert_eq!(renamed.title, format!("{title} v2"));
    let stale = api
        .run(
            api.folder()
                .update_folder(&uid)
                .title("stale")
                .version(version),
        )
        .unwrap_err();
    assert!(
        stale.is_precondition_failed() || stale.is_conflict(),
        "{stale}"
    );
    api.run(
        api.folder()
            .update_folder(&uid)
            .title("forced")
            .overwrite(true),
    )
    .unwrap();

    let deleted = api.run(api.folder().delete_folder(&uid)).unwrap();
    assert!(deleted.is_none_or(|m| m.message.contains("deleted")));
    let gone = api.run(api.folder().get_folder(&uid)).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert_eq!(
        gone.api().unwrap().message.as_deref(),
        Some("folder not found")
    );
    let dash_gone = api
        .run(api.dashboard().get_dashboard(&dash_uid))
        .unwrap_err();
    assert!(
        dash_gone.is_not_found(),
        "deleting a folder deletes its dashboards"
    );
}

fn org_isolation_through_the_org_header<C: Drive>() {
    let t = Target::new();
    let Some(emu) = t.emulator_only("creating organizations") else {
        return;
    };
    let other = emu.create_org(&unique("Other Org"));
    let api = C::build(t.admin());
    let uid = unique("wf-org");
    create_dashboard(&api, &uid, "Org one only");

    // the same admin, acting in the other org, does not see it
    let there = api
        .run(api.dashboard().get_dashboard(&uid).org_id(other))
        .unwrap_err();
    assert!(there.is_not_found(), "{there}");
    let scoped = C::build(t.admin().organization_id(other));
    let there = scoped
        .run(scoped.dashboard().get_dashboard(&uid))
        .unwrap_err();
    assert!(there.is_not_found(), "{there}");
    // a dashboard of the same uid can exist there independently
    create_dashboard(&scoped, &uid, "Org two copy");
    let one = api.run(api.dashboard().get_dashboard(&uid)).unwrap();
    let two = scoped.run(scoped.dashboard().get_dashboard(&uid)).unwrap();
    assert_eq!(one.title(), Some("Org one only"));
    assert_eq!(two.title(), Some("Org two copy"));

    // a token belongs to one org: asking for another is refused
    let token = emu.create_service_account_token(1, Role::Admin);
    let bot = C::build(
        GrafanaApi::builder()
            .url(&t.url)
            .auth(TokenAuth::new(token)),
    );
    let refused = bot
        .run(bot.dashboard().get_dashboard(&uid).org_id(other))
        .unwrap_err();
    assert!(refused.is_unauthorized(), "{refused}");
    assert_eq!(
        refused.api().unwrap().message_id.as_deref(),
        Some("api-key.organization-mismatch")
    );
    let sent: Vec<_> = emu
        .requests()
        .into_iter()
        .filter(|r| r.raw_path == format!("/api/dashboards/uid/{uid}"))
        .filter_map(|r| r.header("x-grafana-org-id").map(str::to_owned))
        .collect();
    assert!(sent.contains(&other.to_string()), "{sent:?}");
}

fn token_basic_and_anonymous_auth<C: Drive>() {
    let t = Target::new();
    let Some(emu) = t.emulator_only("issuing service-account tokens") else {
        return;
    };
    let uid = unique("wf-auth");
    let admin = C::build(t.admin());
    let dashboard = create_dashboard(&admin, &uid, "Auth");
    let builder = || GrafanaApi::builder().url(&t.url);

    let editor = C::build(builder().auth(TokenAuth::new(
        emu.create_service_account_token(1, Role::Editor),
    )));
    let snap = editor
        .run(editor.snapshots().create_new_snapshot(&dashboard))
        .expect("an Editor token may create snapshots");

    let viewer = C::build(builder().auth(TokenAuth::new(
        emu.create_service_account_token(1, Role::Viewer),
    )));
    let denied = viewer
        .run(viewer.snapshots().create_new_snapshot(&dashboard))
        .unwrap_err();
    assert!(denied.is_forbidden(), "a Viewer may not create: {denied}");
    viewer
        .run(viewer.snapshots().get_dashboard_snapshots())
        .expect("a Viewer may list");

    let anonymous = C::build(builder().auth(Anonymous));
    let refused = anonymous
        .run(anonymous.snapshots().get_dashboard_snapshots())
        .unwrap_err();
    assert!(refused.is_unauthorized(), "{refused}");
    assert_eq!(
        refused.api().unwrap().message.as_deref(),
        Some("Unauthorized")
    );
    // reading a snapshot by key needs no credentials
    anonymous
        .run(anonymous.snapshots().get_snapshot_by_key(&snap.key))
        .expect("anyone holding the key may read");
    anonymous
        .run(anonymous.health().check())
        .expect("health is public");

    let wrong = C::build(builder().auth(BasicAuth::new("admin", "wrong-password")));
    let err = wrong
        .run(wrong.dashboard().get_dashboard(&uid))
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err}");
    assert!(!err.to_string().contains("wrong-password"));

    let bogus = C::build(builder().auth(TokenAuth::new("glsa_not_a_real_token_00000000")));
    let err = bogus
        .run(bogus.dashboard().get_dashboard(&uid))
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err}");
    assert!(!format!("{err:?}").contains("glsa_not_a_real"));
}

fn hostile_keys_touch_nothing_else<C: Drive>() {
    let t = Target::new();
    let Some(emu) = t.emulator_only("reading the server's request log") else {
        return;
    };
    let api = C::build(t.admin());
    let uid = unique("wf-hostile");
    let dashboard = create_dashboard(&api, &uid, "Hostile");
    // a snapshot whose key is the hostile value's traversal target must survive
    let victim = api
        .run(
            api.snapshots()
                .create_new_snapshot(&dashboard)
                .key("victim"),
        )
        .unwrap();
    emu.clear_requests();
    let hostile = [
        "../admin/settings".to_owned(),
        "../victim".to_owned(),
        format!("../../dashboards/uid/{uid}"),
        "a/b".to_owned(),
        "a?b=c".to_owned(),
        "a#f".to_owned(),
        "%2F".to_owned(),
        "..%2Fvictim".to_owned(),
        "a b".to_owned(),
        "+".to_owned(),
        "ü".to_owned(),
    ];
    for key in &hostile {
        let get = api
            .run(api.snapshots().get_snapshot_by_key(key))
            .unwrap_err();
        assert!(get.is_not_found(), "{key}: {get}");
        let del = api
            .run(api.snapshots().delete_snapshot_by_key(key))
            .unwrap_err();
        assert!(del.is_not_found(), "{key}: {del}");
        let del = api
            .run(api.snapshots().delete_snapshot_by_delete_key(key))
            .unwrap_err();
        assert!(del.is_not_found(), "{key}: {del}");
        let del = api.run(api.dashboard().delete_dashboard(key)).unwrap_err();
        assert!(del.is_not_found(), "{key}: {del}");
    }
    for key in ["", ".", ".."] {
        let err = api
            .run(api.snapshots().delete_snapshot_by_key(key))
            .unwrap_err();
        assert!(
            matches!(err, grafana_client::Error::InvalidArgument { .. }),
            "{err}"
        );
    }
    let served = emu.requests();
    assert_eq!(served.len(), hostile.len() * 4, "refused keys send nothing");
    for r in &served {
        let allowed = [
            "/api/snapshots/",
            "/api/snapshots-delete/",
            "/api/dashboards/uid/",
        ];
        let prefix = allowed
            .iter()
            .find(|p| r.raw_path.starts_with(**p))
            .unwrap_or_else(|| panic!("request outside the snapshot routes: {}", r.raw_path));
        let rest = &r.raw_path[prefix.len()..];
        assert!(
            !rest.contains('/'),
            "key spilled into more segments: {}",
            r.raw_path
        );
        assert_eq!(
            r.raw_query, None,
            "nothing leaked into the query: {}",
            r.raw_path
        );
        assert_ne!(r.status, 200, "{} succeeded", r.raw_path);
    }
    // the would-be targets are untouched
    api.run(api.snapshots().get_snapshot_by_key(&victim.key))
        .unwrap();
    api.run(api.dashboard().get_dashboard(&uid)).unwrap();
}

fn version_detection<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let info = api.version_of().unwrap();
    let parsed: grafana_client::GrafanaVersion = info.parse().unwrap();
    assert!(parsed.major >= 8, "{parsed}");
    if let Some(emu) = &t.emu {
        emu.clear_requests();
        api.version_of().unwrap();
        assert!(
            emu.requests().is_empty(),
            "the version is cached per client"
        );
    }
}

#[test]
fn blocking_client_refuses_to_run_inside_a_runtime() {
    let t = Target::new();
    let api = t.admin().blocking().build().unwrap();
    let err = support::block_on(async { api.health().check().send() }).unwrap_err();
    assert!(matches!(err, grafana_client::Error::Misuse(_)), "{err}");
    assert!(err.to_string().contains("async runtime"), "{err}");
    // and it still works outside
    api.health().check().send().unwrap();
}

#[test]
fn clients_share_one_emulator_across_threads() {
    let t = Target::new();
    let api = t.admin().blocking().build().unwrap();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let api = api.clone();
            std::thread::spawn(move || {
                for _ in 0..20 {
                    api.health().check().send().unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}
