//! Workflow: the `libraryelement` element — every method, on both clients:
//! create (options and model-derived fields), get by uid and by name, list
//! with every option, update with its version check, connections from a
//! dashboard, delete and its guard, and Grafana's errors.

use grafana_client::models::LibraryElementDto;
use serde_json::json;

use crate::support::{unique, Drive, Target};

both_clients!(
    library_element_lifecycle,
    library_element_search_and_connections
);

fn library_element_lifecycle<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let lib = api.libraryelement();
    let folder_uid = unique("lf");
    api.run(
        api.folder()
            .create_folder("Library folder")
            .uid(&folder_uid),
    )
    .unwrap();
    let uid = unique("le");
    let name = format!("Panel {uid}");

    // Create with explicit options.
    let panel = json!({"type": "text", "title": "Notes", "options": {"content": "hi"}});
    let created = api
        .run(
            lib.create_library_element(&panel)
                .name(&name)
                .kind(LibraryElementDto::PANEL)
                .uid(&uid)
                .folder_uid(&folder_uid),
        )
        .expect("created")
        .result;
    assert_eq!(created.uid.as_deref(), Some(uid.as_str()));
    assert_eq!(created.name.as_deref(), Some(name.as_str()));
    assert_eq!(created.kind, Some(1));
    assert_eq!(created.panel_type.as_deref(), Some("text"));
    assert_eq!(created.version, Some(1));
    assert_eq!(created.folder_uid.as_deref(), Some(folder_uid.as_str()));
    let meta = created.meta.clone().expect("meta");
    assert_eq!(meta.folder_name.as_deref(), Some("Library folder"));
    assert_eq!(meta.connected_dashboards, Some(0));
    assert_eq!(
        meta.created_by.and_then(|u| u.name).as_deref(),
        Some("admin")
    );

    // Get by uid and by name.
    let got = api.run(lib.get_library_element(&uid)).unwrap().result;
    assert_eq!(got.model.as_ref().unwrap()["options"]["content"], "hi");
    let by_name = api.run(lib.get_library_element_by_name(&name)).unwrap();
    assert_eq!(by_name.result.len(), 1);
    assert_eq!(by_name.result[0].uid.as_deref(), Some(uid.as_str()));

    // Duplicate uid: 400 with Grafana's message.
    let dup = api
        .run(
            lib.create_library_element(&panel)
                .name(unique("other"))
                .uid(&uid),
        )
        .unwrap_err();
    assert_eq!(dup.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        dup.api().unwrap().message.as_deref(),
        Some("library element with that name or UID already exists")
    );

    // Update: new model, name, folder back to the root; the version goes up.
    let mut changed = got.clone();
    changed.model = Some(json!({"type": "text", "title": "Notes v2"}));
    let renamed = format!("{name} v2");
    let updated = api
        .run(
            lib.update_library_element(&uid, &changed, 1)
                .name(&renamed)
                .kind(LibraryElementDto::PANEL)
                .folder_uid(""),
        )
        .unwrap()
        .result;
    assert_eq!(updated.version, Some(2));
    assert_eq!(updated.name.as_deref(), Some(renamed.as_str()));
    assert_eq!(updated.model.as_ref().unwrap()["title"], "Notes v2");
    assert_eq!(updated.folder_uid.as_deref(), Some(""));
    let stale = api
        .run(lib.update_library_element(&uid, &changed, 1))
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale}");
    assert_eq!(
        stale.api().unwrap().message.as_deref(),
        Some("the library element has been changed by someone else")
    );

    // A variable, with the model-derived name (its `title`) and kind.
    let var_uid = unique("lv");
    let variable = api
        .run(lib.create_library_element(&json!({
            "kind": LibraryElementDto::VARIABLE,
            "model": {"title": format!("var {var_uid}"), "query": "a,b", "uid": var_uid},
        })))
        .unwrap()
        .result;
    assert_eq!(variable.kind, Some(2));
    assert_eq!(variable.uid.as_deref(), Some(var_uid.as_str()));
    assert_eq!(variable.name, Some(format!("var {var_uid}")));

    // Delete both; then 404.
    for u in [&uid, &var_uid] {
        let deleted = api.run(lib.delete_library_element(u)).unwrap();
        assert_eq!(deleted.message, "Library element deleted");
        assert!(deleted.id.is_some());
    }
    let gone = api.run(lib.get_library_element(&uid)).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert_eq!(
        gone.api().unwrap().message.as_deref(),
        Some("library element could not be found")
    );
    let none = api
        .run(lib.get_library_element_by_name(&renamed))
        .unwrap_err();
    assert!(none.is_not_found(), "{none}");
    api.run(api.folder().delete_folder(&folder_uid)).unwrap();
}

fn library_element_search_and_connections<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let lib = api.libraryelement();
    let tag = unique("ls");
    let folder_uid = unique("lsf");
    let folder = api
        .run(api.folder().create_folder("Search lib").uid(&folder_uid))
        .unwrap();
    let folder_id = folder.id.unwrap();
    let mut uids = Vec::new();
    for (title, typ, in_folder) in [
        ("a", "text", false),
        ("b", "stat", true),
        ("c", "text", true),
    ] {
        let uid = unique("lse");
        let mut call = lib
            .create_library_element(&json!({"type": typ, "title": title, "description": tag}))
            .name(format!("{title} {tag}"))
            .uid(&uid);
        if in_folder {
            call = call.folder_uid(&folder_uid);
        }
        api.run(call).unwrap();
        uids.push(uid);
    }

    // searchString matches the description; sorted by name.
    let found = api
        .run(lib.list_library_elements().search_string(&tag))
        .unwrap()
        .result;
    assert_eq!(found.total_count, Some(3));
    let names: Vec<String> = found
        .elements
        .iter()
        .filter_map(|e| e.name.clone())
        .collect();
    assert_eq!(
        names,
        [format!("a {tag}"), format!("b {tag}"), format!("c {tag}")]
    );
    let desc = api
        .run(
            lib.list_library_elements()
                .search_string(&tag)
                .sort_direction("alpha-desc"),
        )
        .unwrap()
        .result;
    assert_eq!(desc.elements[0].uid.as_deref(), Some(uids[2].as_str()));
    let typed = api
        .run(
            lib.list_library_elements()
                .search_string(&tag)
                .kind(1)
                .type_filter("stat"),
        )
        .unwrap()
        .result;
    assert_eq!(typed.elements.len(), 1);
    assert_eq!(typed.elements[0].uid.as_deref(), Some(uids[1].as_str()));
    let excluded = api
        .run(
            lib.list_library_elements()
                .search_string(&tag)
                .exclude_uid(&uids[0]),
        )
        .unwrap()
        .result;
    assert_eq!(excluded.elements.len(), 2);
    let in_folder = api
        .run(
            lib.list_library_elements()
                .search_string(&tag)
                .folder_filter(folder_id.to_string()),
        )
        .unwrap()
        .result;
    assert_eq!(in_folder.elements.len(), 2);
    let by_folder_uid = api
        .run(
            lib.list_library_elements()
                .search_string(&tag)
                .folder_filter_uids(folder_uid.as_str()),
        )
        .unwrap()
        .result;
    assert_eq!(by_folder_uid.elements.len(), 2);
    let both = api
        .run(
            lib.list_library_elements()
                .folder_filter(folder_id.to_string())
                .folder_filter_uids(folder_uid.as_str()),
        )
        .unwrap_err();
    assert_eq!(both.status().map(|s| s.as_u16()), Some(500));
    let page = api
        .run(
            lib.list_library_elements()
                .search_string(&tag)
                .per_page(2)
                .page(2),
        )
        .unwrap()
        .result;
    assert_eq!(page.elements.len(), 1);
    assert_eq!(
        (page.page, page.per_page, page.total_count),
        (Some(2), Some(2), Some(3))
    );

    // A dashboard that uses the first element is a connection.
    let dash_uid = unique("lsd");
    api.run(api.dashboard().update_dashboard(&json!({"dashboard": {
        "uid": dash_uid, "title": format!("Uses {tag}"),
        "panels": [{"id": 1, "gridPos": {"h": 8, "w": 12, "x": 0, "y": 0},
                    "libraryPanel": {"uid": uids[0], "name": format!("a {tag}")}}],
    }})))
    .unwrap();
    let conns = api
        .run(lib.get_library_element_connections(&uids[0]))
        .unwrap()
        .result;
    assert_eq!(conns.len(), 1, "{conns:?}");
    assert_eq!(conns[0].connection_uid.as_deref(), Some(dash_uid.as_str()));
    assert_eq!(conns[0].kind, Some(1));
    let refused = api.run(lib.delete_library_element(&uids[0])).unwrap_err();
    assert!(refused.is_forbidden(), "{refused}");
    assert_eq!(
        refused.api().unwrap().message.as_deref(),
        Some("the library element has connections")
    );
    // The folder holds connected elements? No: uids[0] is at the root, so the
    // folder may go; its two elements go with it.
    api.run(api.dashboard().delete_dashboard(&dash_uid))
        .unwrap();
    assert!(api
        .run(lib.get_library_element_connections(&uids[0]))
        .unwrap()
        .result
        .is_empty());
    api.run(lib.delete_library_element(&uids[0])).unwrap();
    api.run(api.folder().delete_folder(&folder_uid)).unwrap();
    let gone = api.run(lib.get_library_element(&uids[1])).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
}
