//! Workflow: the `folder` element — every method, on both clients: create
//! (with uid and parent), get by uid and id, list (parent, limit, page),
//! update with its version check, move, permissions (list, replace, one
//! user), delete with `force_delete_rules`, and Grafana's errors.

use grafana_client::models::Folder;
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    folder_crud_and_lookup,
    nested_folders_and_move,
    folder_permissions
);

#[allow(deprecated)] // new_uid: ignored by Grafana 12, checked to be harmless
fn folder_crud_and_lookup<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let folders = api.folder();
    let uid = unique("cf");
    let title = format!("Client folder {uid}");

    let created: Folder = api
        .run(folders.create_folder(&title).uid(&uid))
        .expect("created");
    assert_eq!(created.uid, uid);
    assert_eq!(created.title, title);
    assert_eq!(created.version, Some(1));
    let id = created.id.expect("a folder has an id");
    assert_eq!(created.extra["orgId"], 1);
    assert!(created.parent_uid.is_none());

    // Lookup by uid and by id.
    let by_uid = api.run(folders.get_folder(&uid)).unwrap();
    assert_eq!(by_uid.id, Some(id));
    let by_id = api.run(folders.get_folder_by_id(id)).unwrap();
    assert_eq!(by_id.uid, uid);
    let missing = api.run(folders.get_folder_by_id(i64::MAX)).unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    assert_eq!(
        missing.api().unwrap().message.as_deref(),
        Some("folder not found")
    );

    // Listing with paging: a page of one is one folder; ours is listed.
    let all = api.run(folders.get_all_folders().limit(1000)).unwrap();
    assert!(all.iter().any(|f| f.uid == uid), "{all:?}");
    let one = api.run(folders.get_all_folders().limit(1).page(1)).unwrap();
    assert_eq!(one.len(), 1);

    // Duplicate uid: 409.
    let dup = api
        .run(folders.create_folder("again").uid(&uid))
        .unwrap_err();
    assert!(dup.is_conflict(), "{dup}");

    // Update with the version read, then a stale version, then overwrite.
    // `new_uid` is sent, but Grafana 12 ignores a uid in the update body.
    let renamed = api
        .run(
            folders
                .update_folder(&uid)
                .title(format!("{title} v2"))
                .version(1)
                .new_uid(unique("ignored")),
        )
        .unwrap();
    assert_eq!(renamed.title, format!("{title} v2"));
    assert_eq!(renamed.uid, uid);
    assert_eq!(renamed.version, Some(2));
    let stale = api
        .run(folders.update_folder(&uid).title("stale").version(1))
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale}");
    assert_eq!(
        stale.api().unwrap().message.as_deref(),
        Some("the folder has been changed by someone else")
    );
    let forced = api
        .run(folders.update_folder(&uid).title("forced").overwrite(true))
        .unwrap();
    assert_eq!(forced.version, Some(3));

    // Delete (with force_delete_rules), then it is gone.
    let deleted = api
        .run(folders.delete_folder(&uid).force_delete_rules(true))
        .unwrap();
    assert_eq!(
        deleted.map(|m| m.message).as_deref(),
        Some("Folder deleted")
    );
    let gone = api.run(folders.get_folder(&uid)).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    let again = api.run(folders.delete_folder(&uid)).unwrap_err();
    assert!(again.is_not_found(), "{again}");
}

fn nested_folders_and_move<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let folders = api.folder();
    let top = unique("top");
    let mid = unique("mid");
    let other = unique("other");
    api.run(folders.create_folder("Top").uid(&top)).unwrap();
    api.run(folders.create_folder("Other").uid(&other)).unwrap();
    let child = api
        .run(folders.create_folder("Mid").uid(&mid).parent_uid(&top))
        .unwrap();
    assert_eq!(child.parent_uid.as_deref(), Some(top.as_str()));
    assert_eq!(child.extra["parents"][0]["uid"], top.as_str());

    let children = api.run(folders.get_all_folders().parent_uid(&top)).unwrap();
    assert_eq!(children.len(), 1);
    assert_eq!(children[0].uid, mid);
    assert_eq!(children[0].parent_uid.as_deref(), Some(top.as_str()));

    // Move below another folder, then to the root.
    let moved = api.run(folders.move_folder(&mid, &other)).unwrap();
    assert_eq!(moved.parent_uid.as_deref(), Some(other.as_str()));
    assert!(api
        .run(folders.get_all_folders().parent_uid(&top))
        .unwrap()
        .is_empty());
    let circular = api.run(folders.move_folder(&other, &mid)).unwrap_err();
    assert_eq!(circular.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        circular.api().unwrap().message_id.as_deref(),
        Some("folder.circular-reference")
    );
    let to_root = api.run(folders.move_folder(&mid, "")).unwrap();
    assert!(to_root.parent_uid.is_none());
    let roots = api.run(folders.get_all_folders()).unwrap();
    assert!(roots.iter().any(|f| f.uid == mid));

    for uid in [&top, &mid, &other] {
        api.run(folders.delete_folder(uid)).unwrap();
    }
}

fn folder_permissions<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let folders = api.folder();
    let uid = unique("pf");
    api.run(folders.create_folder("Permissions").uid(&uid))
        .unwrap();
    let login = unique("perm-user");
    let user_id = api
        .run(api.admin().create_user(&json!({
            "name": login, "email": format!("{login}@example.com"),
            "login": login, "password": "pw-123456",
        })))
        .expect("user created")
        .id;

    // Defaults of a new root folder: Editor Edit and Viewer View.
    let initial = api.run(folders.get_folder_permissions(&uid)).unwrap();
    let role_of = |p: &grafana_client::models::PermissionItem| p.role.clone();
    assert!(initial
        .iter()
        .any(|p| role_of(p).as_deref() == Some("Editor") && p.permission == Some(2)));
    assert!(initial
        .iter()
        .any(|p| role_of(p).as_deref() == Some("Viewer")
            && p.permission_name.as_deref() == Some("View")));

    // Replace: one role, one user.
    let updated = api
        .run(folders.update_folder_permissions(
            &uid,
            &json!([{"role": "Viewer", "permission": 1}, {"userId": user_id, "permission": 2}]),
        ))
        .unwrap();
    assert_eq!(updated.message, "Folder permissions updated");
    let now = api.run(folders.get_folder_permissions(&uid)).unwrap();
    assert_eq!(now.len(), 2, "{now:?}");
    let user_entry = now.iter().find(|p| p.user_id == Some(user_id)).unwrap();
    assert_eq!(user_entry.permission_name.as_deref(), Some("Edit"));
    assert_eq!(user_entry.extra["userLogin"], login.as_str());

    // One user through the access-control API.
    let set = api
        .run(folders.update_folder_permissions_for_user(
            &uid,
            user_id,
            &json!({"permission": "Admin"}),
        ))
        .unwrap();
    assert_eq!(set.message, "Permission updated");
    let now = api.run(folders.get_folder_permissions(&uid)).unwrap();
    let user_entry = now.iter().find(|p| p.user_id == Some(user_id)).unwrap();
    assert_eq!(user_entry.permission, Some(4));
    let removed = api
        .run(folders.update_folder_permissions_for_user(&uid, user_id, &json!({"permission": ""})))
        .unwrap();
    assert_eq!(removed.message, "Permission removed");
    let now = api.run(folders.get_folder_permissions(&uid)).unwrap();
    assert!(now.iter().all(|p| p.user_id != Some(user_id)), "{now:?}");

    // Errors with Grafana's messages.
    let both = api
        .run(folders.update_folder_permissions(
            &uid,
            &json!({"items": [{"userId": user_id, "role": "Viewer", "permission": 1}]}),
        ))
        .unwrap_err();
    assert_eq!(both.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        both.api().unwrap().message.as_deref(),
        Some("permissions cannot have both a user and team")
    );
    let bad = api
        .run(folders.update_folder_permissions_for_user(
            &uid,
            user_id,
            &json!({"permission": "Owner"}),
        ))
        .unwrap_err();
    assert_eq!(
        bad.api().unwrap().message.as_deref(),
        Some("failed to set user permission")
    );
    let missing = api
        .run(folders.get_folder_permissions(&unique("nope")))
        .unwrap_err();
    assert!(missing.is_not_found(), "{missing}");

    api.run(folders.delete_folder(&uid)).unwrap();
}
