//! Workflow: the `dashboard` element — save, read, update, conflict, delete,
//! tags, home and permissions (by uid, by id and the generic forms).

use grafana_client::models::{Message, PermissionItem};
use grafana_client::ErrorKind;
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    dashboard_lifecycle,
    dashboard_tags_and_home,
    dashboard_permissions_by_uid_and_id,
    dashboard_removed_slug_lookup,
);

/// `(major, minor)` of the server the client talks to.
fn release<C: Drive>(api: &C) -> (u32, u32) {
    let v = api.version_of().expect("version");
    let mut parts = v.split(|c: char| !c.is_ascii_digit());
    let major = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    (major, minor)
}

fn dashboard_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("wf-dl");
    let tag = unique("tag");
    let created = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": "Lifecycle Dash", "tags": [tag], "panels": []},
            "message": "first",
        })))
        .unwrap();
    assert_eq!(created.status, "success");
    assert_eq!(created.uid, uid);
    assert_eq!(created.version, 1);
    assert_eq!(created.slug.as_deref(), Some("lifecycle-dash"));
    assert_eq!(created.url, format!("/d/{uid}/lifecycle-dash"));

    let got = api.run(api.dashboard().get_dashboard(&uid)).unwrap();
    assert_eq!(got.uid(), Some(uid.as_str()));
    assert_eq!(got.title(), Some("Lifecycle Dash"));
    assert_eq!(got.meta.kind.as_deref(), Some("db"));
    assert_eq!(got.meta.version, Some(1));
    assert_eq!(got.meta.folder_title.as_deref(), Some("General"));
    assert_eq!(got.meta.can_save, Some(true));
    assert_eq!(got.meta.url.as_deref(), Some(created.url.as_str()));

    // Saved back as fetched: version 2, same uid and folder.
    let mut edited = got.clone();
    edited.dashboard["title"] = "Lifecycle Dash v2".into();
    let saved = api.run(api.dashboard().update_dashboard(&edited)).unwrap();
    assert_eq!((saved.uid.as_str(), saved.version), (uid.as_str(), 2));

    // A stale version conflicts: 412 up to Grafana 12, 409 from 13.
    let stale = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": "Stale", "version": 1},
        })))
        .unwrap_err();
    if release(&api) >= (13, 0) {
        assert!(stale.is_conflict(), "{stale}");
        assert_eq!(
            stale.api().unwrap().message.as_deref(),
            Some("Dashboard already exists. Use overwrite flag to update.")
        );
    } else {
        assert!(stale.is_precondition_failed(), "{stale}");
        assert_eq!(
            stale.api().unwrap().status_text.as_deref(),
            Some("version-mismatch")
        );
    }

    // Validation errors carry Grafana's messages.
    let too_long = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"title": "x".repeat(5001)},
        })))
        .unwrap_err();
    assert_eq!(too_long.kind(), Some(ErrorKind::BadInput));
    if release(&api) < (13, 0) {
        let e = too_long.api().unwrap();
        assert_eq!(
            e.message.as_deref(),
            Some("Dashboard title cannot contain more than 5 000 characters")
        );
        assert_eq!(e.status_text.as_deref(), Some("title-too-long"));
    }
    let bad_uid = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"title": "t", "uid": "bad uid"},
        })))
        .unwrap_err();
    assert_eq!(
        bad_uid.api().unwrap().message.as_deref(),
        Some("uid contains illegal characters")
    );

    let deleted = api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
    assert_eq!(deleted.title, "Lifecycle Dash v2");
    assert_eq!(deleted.message, "Dashboard Lifecycle Dash v2 deleted");
    assert_eq!(deleted.uid.as_deref(), Some(uid.as_str()));
    let gone = api.run(api.dashboard().get_dashboard(&uid)).unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(
        gone.api().unwrap().message.as_deref(),
        Some("Dashboard not found")
    );
    let again = api.run(api.dashboard().delete_dashboard(&uid)).unwrap_err();
    assert!(again.is_not_found());
}

fn dashboard_tags_and_home<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let (a, b) = (unique("wf-tag-a"), unique("wf-tag-b"));
    let uids = [unique("wf-tags"), unique("wf-tags")];
    for (uid, tags) in uids.iter().zip([json!([a, b]), json!([b])]) {
        api.run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": uid, "tags": tags},
        })))
        .unwrap();
    }
    let tags = api.run(api.dashboard().get_dashboards_tags()).unwrap();
    let count = |term: &str| tags.iter().find(|t| t.term == term).map(|t| t.count);
    assert_eq!(count(&a), Some(1), "{tags:?}");
    assert_eq!(count(&b), Some(2), "{tags:?}");
    let terms: Vec<&str> = tags.iter().map(|t| t.term.as_str()).collect();
    let mut sorted = terms.clone();
    sorted.sort_unstable();
    assert_eq!(terms, sorted, "ordered by term");
    for uid in &uids {
        api.run(api.dashboard().delete_dashboard(uid)).unwrap();
    }
    let tags = api.run(api.dashboard().get_dashboards_tags()).unwrap();
    assert!(tags.iter().all(|t| t.term != a && t.term != b));

    // The home dashboard: Grafana's built-in one, unless a preference
    // redirects to another.
    let home = api.run(api.dashboard().get_home_dashboard()).unwrap();
    match &home.redirect_uri {
        Some(uri) => assert!(uri.starts_with("/d/"), "{uri}"),
        None => {
            let dash = home.dashboard.as_ref().expect("dashboard");
            assert!(dash["panels"].is_array());
            let meta = home.meta.as_ref().expect("meta");
            assert_eq!(meta.folder_title.as_deref(), Some("General"));
            assert_eq!(meta.can_edit, Some(true));
        }
    }
}

#[allow(deprecated)]
fn dashboard_permissions_by_uid_and_id<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let uid = unique("wf-perm");
    let saved = api
        .run(api.dashboard().update_dashboard(&json!({
            "dashboard": {"uid": uid, "title": "Permissions"},
        })))
        .unwrap();
    let id = saved.id.expect("id");

    // Defaults at the root: the creator is Admin, Editors edit, Viewers view.
    let list = api
        .run(api.dashboard().get_permissions_by_uid(&uid))
        .unwrap();
    let by_role = |list: &[PermissionItem], role: &str| {
        list.iter()
            .find(|p| p.role.as_deref() == Some(role))
            .and_then(|p| p.permission)
    };
    assert_eq!(by_role(&list, "Editor"), Some(2), "{list:?}");
    assert_eq!(by_role(&list, "Viewer"), Some(1), "{list:?}");
    assert!(list
        .iter()
        .any(|p| p.user_id.is_some_and(|u| u > 0) && p.permission == Some(4)));
    assert!(list
        .iter()
        .all(|p| p.extra.get("uid").and_then(|v| v.as_str()) == Some(uid.as_str())));

    // Replace by uid: Viewers may edit now, Editors are gone.
    let msg: Message = api
        .run(
            api.dashboard()
                .update_permissions_by_uid(&uid, &json!([{"role": "Viewer", "permission": 2}])),
        )
        .unwrap();
    assert_eq!(msg.message, "Dashboard permissions updated");
    let list = api.run(api.dashboard().get_permissions_by_id(id)).unwrap();
    assert_eq!(by_role(&list, "Viewer"), Some(2), "{list:?}");
    assert_eq!(by_role(&list, "Editor"), None, "{list:?}");
    assert_eq!(list[0].permission_name.as_deref(), Some("Edit"));

    // By id, with one object (sent as a one-item list).
    api.run(
        api.dashboard()
            .update_permissions_by_id(id, &json!({"role": "Editor", "permission": 1})),
    )
    .unwrap();
    let list = api
        .run(api.dashboard().get_permissions_generic(&uid, "uid"))
        .unwrap();
    assert_eq!(by_role(&list, "Editor"), Some(1), "{list:?}");
    assert_eq!(by_role(&list, "Viewer"), None, "{list:?}");

    // The generic and deprecated forms.
    api.run(api.dashboard().update_permissions_generic(
        &id.to_string(),
        &json!({"items": [{"role": "Viewer", "permission": 1}]}),
        "id",
    ))
    .unwrap();
    let list = api
        .run(
            api.dashboard()
                .get_permissions_generic(&id.to_string(), "id"),
        )
        .unwrap();
    assert_eq!(by_role(&list, "Viewer"), Some(1));
    api.run(
        api.dashboard()
            .update_dashboard_permissions(id, &json!([{"role": "Editor", "permission": 2}])),
    )
    .unwrap();
    let list = api
        .run(api.dashboard().get_dashboard_permissions(id))
        .unwrap();
    assert_eq!(by_role(&list, "Editor"), Some(2));
    assert_eq!(by_role(&list, "Viewer"), None);

    // Errors: refused unsent, and Grafana's own.
    let unsent = api
        .run(api.dashboard().get_permissions_generic(&uid, "slug"))
        .unwrap_err();
    assert!(unsent.status().is_none(), "{unsent}");
    let unsent = api
        .run(api.dashboard().update_permissions_by_uid(&uid, &json!("x")))
        .unwrap_err();
    assert!(unsent.status().is_none(), "{unsent}");
    let bad = api
        .run(api.dashboard().update_permissions_by_uid(
            &uid,
            &json!([{"userId": 1, "role": "Viewer", "permission": 1}]),
        ))
        .unwrap_err();
    assert_eq!(bad.kind(), Some(ErrorKind::BadInput));
    assert_eq!(
        bad.api().unwrap().message.as_deref(),
        Some("permissions cannot have both a user and team")
    );
    let missing = api
        .run(api.dashboard().get_permissions_by_uid(&unique("wf-nope")))
        .unwrap_err();
    assert!(missing.is_not_found());
    assert_eq!(
        missing.api().unwrap().message.as_deref(),
        Some("Dashboard not found")
    );

    api.run(api.dashboard().delete_dashboard(&uid)).unwrap();
}

/// `GET /api/dashboards/db/{slug}` is gone since Grafana 8: a 404.
#[allow(deprecated)]
fn dashboard_removed_slug_lookup<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let err = api
        .run(api.dashboard().get_dashboard_by_name("demo-overview"))
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
}
