//! `api.libraryelement()`: every method's request with all options and
//! none, what create/update take from a given element, models refused
//! before sending, the `{"result": ..}` answers decoded losslessly, and
//! hostile uids and names.

use grafana_client::models::LibraryElementDto;
use serde_json::{json, Value};

use crate::harness::*;

/// A query value a hand-built query string would break apart.
const HOSTILE_QUERY: &str = "a&b=c #d+e";

fn user(id: i64) -> Value {
    json!({"id": id, "name": "admin", "avatarUrl": "/avatar/46d2", "email": "x@y"})
}

/// An element as Grafana 11 returns it, with a field unknown at every level.
fn element() -> Value {
    json!({
        "id": 3, "orgId": 1, "folderId": 0, "folderUid": "team-a", "uid": "lib-1",
        "name": "Notes", "kind": 1, "type": "text", "description": "d",
        "model": {"type": "text", "title": "Notes", "uid": "lib-1", "options": {"content": "hi"}},
        "version": 4, "schemaVersion": 39,
        "meta": {
            "folderName": "Team A", "folderUid": "team-a", "connectedDashboards": 2,
            "created": "2024-01-01T00:00:00Z", "updated": "2024-02-01T00:00:00Z",
            "createdBy": user(1), "updatedBy": user(2), "extraMeta": 1
        },
        "extraTop": "x"
    })
}

#[test]
fn requests() {
    let l = api().libraryelement();
    let panel = json!({"type": "text", "title": "Notes", "options": {"content": "hi"}});
    let fetched: LibraryElementDto = serde_json::from_value(element()).expect("decodes");
    let model = element()["model"].clone();
    let (list, one) = ("api/library-elements", "api/library-elements/lib-1");
    check_all([
        ("get_library_element", l.get_library_element("lib-1").into_request(), req("GET", one)),
        ("get_library_element_by_name", l.get_library_element_by_name("Notes").into_request(), req("GET", "api/library-elements/name/Notes")),
        ("get_library_element_connections", l.get_library_element_connections("lib-1").into_request(), req("GET", "api/library-elements/lib-1/connections/")),
        ("delete_library_element", l.delete_library_element("lib-1").into_request(), req("DELETE", one)),
        ("list_library_elements", l.list_library_elements().into_request(), req("GET", list)),
        (
            "list_library_elements(all options)",
            l.list_library_elements().search_string(HOSTILE_QUERY).kind(0).sort_direction("alpha-desc").type_filter("text,timeseries")
                .exclude_uid(HOSTILE_QUERY).folder_filter("team-a,team-b").per_page(0).page(0).into_request(),
            req("GET", list).ordered().query(&[("searchString", HOSTILE_QUERY), ("kind", "0"), ("sortDirection", "alpha-desc"), ("typeFilter", "text,timeseries"),
                ("excludeUid", HOSTILE_QUERY), ("folderFilter", "team-a,team-b"), ("perPage", "0"), ("page", "0")]),
        ),
        ("list_library_elements(folder uids)", l.list_library_elements().folder_filter_uids("general,team-a").into_request(), req("GET", list).query(&[("folderFilterUIDs", "general,team-a")])),
        // a bare panel is the model; nothing else derived; kind 1 by default
        ("create(panel)", l.create_library_element(&panel).into_request(), req("POST", list).body(json!({"model": panel, "kind": 1}))),
        (
            "create(all options)",
            l.create_library_element(&json!({"type": "text"})).name("Named").kind(LibraryElementDto::VARIABLE).uid("lib-9").folder_uid("team-b").into_request(),
            req("POST", list).body(json!({"folderUid": "team-b", "uid": "lib-9", "name": "Named", "model": {"type": "text"}, "kind": 2})),
        ),
        // unset options come from the element: folder from meta, uid and name from the model, kind from the element
        ("create(fetched)", l.create_library_element(&fetched).into_request(), req("POST", list).body(json!({"folderUid": "team-a", "uid": "lib-1", "name": "Notes", "model": model, "kind": 1}))),
        // explicit options win, the kind included
        (
            "create(fetched, options)",
            l.create_library_element(&fetched).name("Copy").uid("lib-copy").folder_uid("").kind(2).into_request(),
            req("POST", list).body(json!({"folderUid": "", "uid": "lib-copy", "name": "Copy", "model": model, "kind": 2})),
        ),
        ("update(version 0)", l.update_library_element("lib-1", &panel, 0).into_request(), req("PATCH", one).body(json!({"uid": "lib-1", "model": panel, "kind": 1, "version": 0}))),
        (
            "update(fetched)",
            l.update_library_element("lib-1", &fetched, 4).into_request(),
            req("PATCH", one).body(json!({"folderUid": "team-a", "uid": "lib-1", "name": "Notes", "model": model, "kind": 1, "version": 4})),
        ),
        (
            "update(fetched, options)",
            l.update_library_element("lib-1", &fetched, 4).name("Renamed").kind(2).folder_uid("team-b").into_request(),
            req("PATCH", one).body(json!({"folderUid": "team-b", "uid": "lib-1", "name": "Renamed", "model": model, "kind": 2, "version": 4})),
        ),
    ]);
    for bad in [json!([1, 2]), json!("panel"), json!(null)] {
        refused(&format!("create({bad})"), l.create_library_element(&bad).into_request(), "model");
        refused(&format!("update({bad})"), l.update_library_element("lib-1", &bad, 1).into_request(), "model");
    }
}

#[test]
fn decodes() {
    let l = api().libraryelement();
    let wrapped = json!({"result": element(), "traceID": "t"});
    let by_name = json!({"result": [element(), {"uid": "lib-2", "name": "Notes"}]});
    let connections = json!({"result": [{
        "id": 8, "kind": 1, "elementId": 3, "connectionId": 12, "connectionUid": "abc",
        "created": "2024-01-01T00:00:00Z", "createdBy": user(1), "future": null
    }]});
    let page = json!({"result": {"totalCount": 31, "page": 2, "perPage": 10, "elements": [element()], "more": true}});
    check_decodes([
        ("get_library_element", lossless(l.get_library_element("x"), wrapped.clone())),
        ("create_library_element", lossless(l.create_library_element(&json!({})), wrapped.clone())),
        ("update_library_element", lossless(l.update_library_element("x", &json!({}), 1), wrapped.clone())),
        ("get_library_element_by_name", lossless(l.get_library_element_by_name("x"), by_name.clone())),
        ("get_library_element_connections", lossless(l.get_library_element_connections("x"), connections.clone())),
        ("delete_library_element", lossless(l.delete_library_element("x"), json!({"message": "Library element deleted", "id": 3}))),
        ("list_library_elements", lossless(l.list_library_elements(), page.clone())),
        ("list_library_elements(empty)", lossless(l.list_library_elements(), json!({"result": {"totalCount": 0, "page": 1, "perPage": 100, "elements": []}}))),
    ]);
    let out = answer(l.get_library_element("x"), wrapped);
    assert_eq!((out.extra.len(), &out.extra["traceID"]), (1, &json!("t")));
    let e = &out.result;
    assert_eq!((e.id, e.org_id, e.folder_id, e.folder_uid.as_deref(), e.uid.as_deref(), e.name.as_deref()), (Some(3), Some(1), Some(0), Some("team-a"), Some("lib-1"), Some("Notes")));
    assert_eq!((e.kind, e.panel_type.as_deref(), e.description.as_deref(), e.version, e.schema_version), (Some(LibraryElementDto::PANEL), Some("text"), Some("d"), Some(4), Some(39)));
    assert_eq!((&e.model, e.extra.len(), &e.extra["extraTop"]), (&Some(element()["model"].clone()), 1, &json!("x")));
    let meta = e.meta.as_ref().expect("meta");
    assert_eq!((meta.folder_name.as_deref(), meta.folder_uid.as_deref(), meta.connected_dashboards), (Some("Team A"), Some("team-a"), Some(2)));
    assert_eq!((meta.created.as_deref(), meta.updated.as_deref()), (Some("2024-01-01T00:00:00Z"), Some("2024-02-01T00:00:00Z")));
    let by = meta.created_by.as_ref().expect("createdBy");
    assert_eq!((by.id, by.name.as_deref(), by.avatar_url.as_deref(), &by.extra["email"]), (Some(1), Some("admin"), Some("/avatar/46d2"), &json!("x@y")));
    assert_eq!((meta.updated_by.as_ref().and_then(|u| u.id), meta.extra.len(), &meta.extra["extraMeta"]), (Some(2), 1, &json!(1)));
    let out = answer(l.get_library_element_by_name("x"), by_name);
    assert_eq!((out.result.len(), out.result[1].uid.as_deref(), &out.result[1].meta), (2, Some("lib-2"), &None));
    let c = &answer(l.get_library_element_connections("x"), connections).result[0];
    assert_eq!((c.id, c.kind, c.element_id, c.connection_id, c.connection_uid.as_deref(), c.created.as_deref()), (Some(8), Some(1), Some(3), Some(12), Some("abc"), Some("2024-01-01T00:00:00Z")));
    assert_eq!((c.created_by.as_ref().and_then(|u| u.name.as_deref()), c.extra.len(), &c.extra["future"]), (Some("admin"), 1, &Value::Null));
    let m = answer(l.delete_library_element("x"), json!({"message": "Library element deleted", "id": 3}));
    assert_eq!((m.message.as_str(), m.id), ("Library element deleted", Some(3)));
    let r = answer(l.list_library_elements(), page).result;
    assert_eq!((r.total_count, r.page, r.per_page, r.elements.len(), &r.extra["more"]), (Some(31), Some(2), Some(10), 1, &json!(true)));
}
