//! `api.libraryelement()` on the wire, async and blocking: the exact request
//! of every method (with all options and with none, and what create/update
//! take from a given element), the `{"result": ...}` answers decoded
//! losslessly, hostile uids and names, and form-encoded query values.

mod wire_common;

use grafana_client::models::{LibraryElementDto, LibraryElementResponse};
use grafana_client::{Call, Client, Endpoint, Error, Result};
use serde_json::{json, Value};
use wire_common::*;
use wiremock::Request as Recorded;

/// Hostile path values and the one segment each must become.
const HOSTILE: &[(&str, &str)] = &[
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];
/// Path values no encoding makes safe.
const REFUSED: &[&str] = &["", ".", ".."];
/// A query value that a hand-built query string would break apart, and its form encoding.
const HOSTILE_QUERY: &str = "a&b=c #d+e";
const HOSTILE_FORM: &str = "a%26b%3Dc+%23d%2Be";

/// Sends one call against a server answering `served`; the decoded answer
/// and the one request that arrived.
fn exchange<M: Mode, E: Endpoint>(
    served: Value,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
) -> (E::Output, Recorded) {
    let env = Env::new();
    env.answer_json(200, served);
    let api = M::build(env.builder()).unwrap();
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{}: {e:?}", M::NAME));
    (out, env.only_request(M::NAME))
}

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

fn wrapped() -> Value {
    json!({"result": element(), "traceID": "t"})
}

fn check_element(e: &LibraryElementDto) {
    assert_eq!(e.id, Some(3));
    assert_eq!(e.org_id, Some(1));
    assert_eq!(e.folder_id, Some(0));
    assert_eq!(e.folder_uid.as_deref(), Some("team-a"));
    assert_eq!(e.uid.as_deref(), Some("lib-1"));
    assert_eq!(e.name.as_deref(), Some("Notes"));
    assert_eq!(e.kind, Some(LibraryElementDto::PANEL));
    assert_eq!(e.panel_type.as_deref(), Some("text"));
    assert_eq!(e.description.as_deref(), Some("d"));
    assert_eq!(e.model, Some(element()["model"].clone()));
    assert_eq!(e.version, Some(4));
    assert_eq!(e.schema_version, Some(39));
    assert_eq!(e.extra.len(), 1);
    assert_eq!(e.extra["extraTop"], "x");
    let meta = e.meta.as_ref().expect("meta");
    assert_eq!(meta.folder_name.as_deref(), Some("Team A"));
    assert_eq!(meta.folder_uid.as_deref(), Some("team-a"));
    assert_eq!(meta.connected_dashboards, Some(2));
    assert_eq!(meta.created.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(meta.updated.as_deref(), Some("2024-02-01T00:00:00Z"));
    let created_by = meta.created_by.as_ref().expect("createdBy");
    assert_eq!(created_by.id, Some(1));
    assert_eq!(created_by.name.as_deref(), Some("admin"));
    assert_eq!(created_by.avatar_url.as_deref(), Some("/avatar/46d2"));
    assert_eq!(created_by.extra["email"], "x@y");
    assert_eq!(meta.updated_by.as_ref().and_then(|u| u.id), Some(2));
    assert_eq!(meta.extra.len(), 1);
    assert_eq!(meta.extra["extraMeta"], 1);
}

fn check_wrapped(out: &LibraryElementResponse) {
    check_element(&out.result);
    assert_eq!(out.extra.len(), 1);
    assert_eq!(out.extra["traceID"], "t");
    assert_eq!(serde_json::to_value(out).unwrap(), wrapped(), "lossless");
}

// ------------------------------------------------------------ reads

fn get_library_element<M: Mode>() {
    let (out, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement().get_library_element("lib-1")
    });
    assert_request(&r, "GET", "/api/library-elements/lib-1", None, None, "get");
    check_wrapped(&out);
}

fn get_library_element_by_name<M: Mode>() {
    let served = json!({"result": [element(), {"uid": "lib-2", "name": "Notes"}]});
    let (out, r) = exchange::<M, _>(served.clone(), |a| {
        a.libraryelement().get_library_element_by_name("Notes")
    });
    assert_request(
        &r,
        "GET",
        "/api/library-elements/name/Notes",
        None,
        None,
        "by_name",
    );
    assert_eq!(out.result.len(), 2);
    check_element(&out.result[0]);
    assert_eq!(out.result[1].uid.as_deref(), Some("lib-2"));
    assert_eq!(out.result[1].meta, None);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn get_library_element_connections<M: Mode>() {
    let served = json!({"result": [{
        "id": 8, "kind": 1, "elementId": 3, "connectionId": 12, "connectionUid": "abc",
        "created": "2024-01-01T00:00:00Z", "createdBy": user(1), "future": null
    }]});
    let (out, r) = exchange::<M, _>(served.clone(), |a| {
        a.libraryelement().get_library_element_connections("lib-1")
    });
    assert_request(
        &r,
        "GET",
        "/api/library-elements/lib-1/connections/",
        None,
        None,
        "connections",
    );
    let c = &out.result[0];
    assert_eq!(c.id, Some(8));
    assert_eq!(c.kind, Some(1));
    assert_eq!(c.element_id, Some(3));
    assert_eq!(c.connection_id, Some(12));
    assert_eq!(c.connection_uid.as_deref(), Some("abc"));
    assert_eq!(c.created.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(
        c.created_by.as_ref().and_then(|u| u.name.as_deref()),
        Some("admin")
    );
    assert_eq!(c.extra.len(), 1);
    assert_eq!(c.extra["future"], Value::Null);
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn delete_library_element<M: Mode>() {
    let served = json!({"message": "Library element deleted", "id": 3});
    let (out, r) = exchange::<M, _>(served.clone(), |a| {
        a.libraryelement().delete_library_element("lib-1")
    });
    assert_request(
        &r,
        "DELETE",
        "/api/library-elements/lib-1",
        None,
        None,
        "delete",
    );
    assert_eq!(out.message, "Library element deleted");
    assert_eq!(out.id, Some(3));
    assert_eq!(serde_json::to_value(&out).unwrap(), served, "lossless");
}

fn search_page() -> Value {
    json!({"result": {"totalCount": 31, "page": 2, "perPage": 10, "elements": [element()], "more": true}})
}

fn list_library_elements_all_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(search_page(), |a| {
        a.libraryelement()
            .list_library_elements()
            .search_string(HOSTILE_QUERY)
            .kind(0)
            .sort_direction("alpha-desc")
            .type_filter("text,timeseries")
            .exclude_uid(HOSTILE_QUERY)
            .folder_filter("team-a,team-b")
            .per_page(0)
            .page(0)
    });
    let query = format!(
        "searchString={HOSTILE_FORM}&kind=0&sortDirection=alpha-desc&typeFilter=text%2Ctimeseries\
         &excludeUid={HOSTILE_FORM}&folderFilter=team-a%2Cteam-b&perPage=0&page=0"
    );
    assert_request(
        &r,
        "GET",
        "/api/library-elements",
        Some(&query),
        None,
        "list",
    );
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    assert_eq!(pairs[0], ("searchString".into(), HOSTILE_QUERY.into()));
    assert_eq!(pairs[4], ("excludeUid".into(), HOSTILE_QUERY.into()));
    assert_eq!(out.result.total_count, Some(31));
    assert_eq!(out.result.page, Some(2));
    assert_eq!(out.result.per_page, Some(10));
    assert_eq!(out.result.elements.len(), 1);
    check_element(&out.result.elements[0]);
    assert_eq!(out.result.extra["more"], true);
    assert_eq!(
        serde_json::to_value(&out).unwrap(),
        search_page(),
        "lossless"
    );
}

fn list_library_elements_no_options<M: Mode>() {
    let served = json!({"result": {"totalCount": 0, "page": 1, "perPage": 100, "elements": []}});
    let (out, r) = exchange::<M, _>(served, |a| a.libraryelement().list_library_elements());
    assert_request(&r, "GET", "/api/library-elements", None, None, "list");
    assert!(out.result.elements.is_empty());
}

// ------------------------------------------------------------ create

fn create_from_panel_json<M: Mode>() {
    let panel = json!({"type": "text", "title": "Notes", "options": {"content": "hi"}});
    let (out, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement().create_library_element(&panel)
    });
    // A bare panel: it is the model; nothing else derived; kind 1 by default.
    let body = json!({"model": panel, "kind": 1});
    assert_request(
        &r,
        "POST",
        "/api/library-elements",
        None,
        Some(&body),
        "create",
    );
    check_wrapped(&out);
}

fn create_with_all_options<M: Mode>() {
    let panel = json!({"type": "text", "title": "Notes"});
    let (_, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement()
            .create_library_element(&panel)
            .name("Named")
            .kind(LibraryElementDto::VARIABLE)
            .uid("lib-9")
            .folder_uid("team-b")
    });
    let body =
        json!({"folderUid": "team-b", "uid": "lib-9", "name": "Named", "model": panel, "kind": 2});
    assert_request(
        &r,
        "POST",
        "/api/library-elements",
        None,
        Some(&body),
        "create",
    );
}

fn create_from_a_fetched_element<M: Mode>() {
    // What the options leave unset comes from the element: folder from meta,
    // uid and name from the model, kind from the element.
    let fetched: LibraryElementDto = serde_json::from_value(element()).unwrap();
    let (_, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement().create_library_element(&fetched)
    });
    let body = json!({
        "folderUid": "team-a", "uid": "lib-1", "name": "Notes",
        "model": element()["model"], "kind": 1
    });
    assert_request(
        &r,
        "POST",
        "/api/library-elements",
        None,
        Some(&body),
        "create",
    );

    // Explicit options win, the kind included.
    let (_, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement()
            .create_library_element(&fetched)
            .name("Copy")
            .uid("lib-copy")
            .folder_uid("")
            .kind(2)
    });
    let body = json!({
        "folderUid": "", "uid": "lib-copy", "name": "Copy", "model": element()["model"], "kind": 2
    });
    assert_request(
        &r,
        "POST",
        "/api/library-elements",
        None,
        Some(&body),
        "create copy",
    );
}

fn create_refuses_a_non_object_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, wrapped());
    let api = M::build(env.builder()).unwrap();
    for bad in [json!([1, 2]), json!("panel"), json!(null)] {
        let create = api.libraryelement().create_library_element(&bad);
        match M::send(&env, create) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "model"),
            other => panic!("{bad}: {other:?}"),
        }
        let update = api
            .libraryelement()
            .update_library_element("lib-1", &bad, 1);
        match M::send(&env, update) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "model"),
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert!(env.requests().is_empty());
}

// ------------------------------------------------------------ update

fn update_with_version_zero_and_no_options<M: Mode>() {
    let panel = json!({"type": "text", "title": "Notes v2"});
    let (out, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement()
            .update_library_element("lib-1", &panel, 0)
    });
    let body = json!({"uid": "lib-1", "model": panel, "kind": 1, "version": 0});
    assert_request(
        &r,
        "PATCH",
        "/api/library-elements/lib-1",
        None,
        Some(&body),
        "update",
    );
    check_wrapped(&out);
}

fn update_with_all_options_and_an_element<M: Mode>() {
    let fetched: LibraryElementDto = serde_json::from_value(element()).unwrap();
    let (_, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement()
            .update_library_element("lib-1", &fetched, 4)
    });
    let body = json!({
        "folderUid": "team-a", "uid": "lib-1", "name": "Notes", "model": element()["model"],
        "kind": 1, "version": 4
    });
    assert_request(
        &r,
        "PATCH",
        "/api/library-elements/lib-1",
        None,
        Some(&body),
        "update",
    );

    let (_, r) = exchange::<M, _>(wrapped(), |a| {
        a.libraryelement()
            .update_library_element("lib-1", &fetched, 4)
            .name("Renamed")
            .kind(2)
            .folder_uid("team-b")
    });
    let body = json!({
        "folderUid": "team-b", "uid": "lib-1", "name": "Renamed", "model": element()["model"],
        "kind": 2, "version": 4
    });
    assert_request(
        &r,
        "PATCH",
        "/api/library-elements/lib-1",
        None,
        Some(&body),
        "update",
    );
}

fn stale_version_is_a_precondition_failure<M: Mode>() {
    let env = Env::new();
    env.answer_json(
        412,
        json!({"message": "the library element has been changed by someone else"}),
    );
    let api = M::build(env.builder()).unwrap();
    let call = api
        .libraryelement()
        .update_library_element("lib-1", &json!({}), 1);
    let err = M::send(&env, call).unwrap_err();
    assert!(err.is_precondition_failed(), "{err:?}");
}

// ------------------------------------------------------------ hostile paths

/// A path-taking method: verb, the path around the value, the parameter's
/// name, and how to call it (the answer, taken as plain JSON, is dropped).
type PathOp<M> = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    fn(&Env, &<M as Mode>::Api, &str) -> Result<()>,
);

fn path_ops<M: Mode>() -> Vec<PathOp<M>> {
    vec![
        (
            "GET",
            "/api/library-elements/",
            "",
            "element_uid",
            |e, a, x| M::send(e, a.libraryelement().get_library_element(x).value()).map(drop),
        ),
        (
            "GET",
            "/api/library-elements/name/",
            "",
            "element_name",
            |e, a, x| {
                M::send(e, a.libraryelement().get_library_element_by_name(x).value()).map(drop)
            },
        ),
        (
            "GET",
            "/api/library-elements/",
            "/connections/",
            "element_uid",
            |e, a, x| {
                M::send(
                    e,
                    a.libraryelement()
                        .get_library_element_connections(x)
                        .value(),
                )
                .map(drop)
            },
        ),
        (
            "DELETE",
            "/api/library-elements/",
            "",
            "element_uid",
            |e, a, x| M::send(e, a.libraryelement().delete_library_element(x).value()).map(drop),
        ),
        ("PATCH", "/api/library-elements/", "", "uid", |e, a, x| {
            let call = a.libraryelement().update_library_element(x, &json!({}), 1);
            M::send(e, call.value()).map(drop)
        }),
    ]
}

fn hostile_values_stay_in_their_segment<M: Mode>() {
    let env = Env::new();
    let api = M::build(env.builder()).unwrap();
    for (method, before, after, param, run) in path_ops::<M>() {
        for (value, segment) in HOSTILE {
            env.reset();
            env.answer_json(200, json!({"result": [], "message": "ok"}));
            let ctx = format!("{method} {before}{{{param}}}{after} {value:?}");
            run(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
            let r = env.only_request(&ctx);
            assert_eq!(r.method.as_str(), method, "{ctx}");
            assert_eq!(r.url.path(), format!("{before}{segment}{after}"), "{ctx}");
            assert_eq!(r.url.query(), None, "{ctx}");
        }
    }
}

fn unsafe_values_are_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({"result": []}));
    let api = M::build(env.builder()).unwrap();
    for (method, before, after, param, run) in path_ops::<M>() {
        for value in REFUSED {
            let ctx = format!("{method} {before}{{{param}}}{after} {value:?}");
            match run(&env, &api, value) {
                Err(Error::InvalidArgument { name, reason }) => {
                    assert_eq!(name, param, "{ctx}");
                    assert!(!reason.is_empty(), "{ctx}");
                }
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    assert!(env.requests().is_empty(), "nothing may be sent");
}

wire_common::both!(
    get_library_element,
    get_library_element_by_name,
    get_library_element_connections,
    delete_library_element,
    list_library_elements_all_options,
    list_library_elements_no_options,
    create_from_panel_json,
    create_with_all_options,
    create_from_a_fetched_element,
    create_refuses_a_non_object_unsent,
    update_with_version_zero_and_no_options,
    update_with_all_options_and_an_element,
    stale_version_is_a_precondition_failure,
    hostile_values_stay_in_their_segment,
    unsafe_values_are_refused_unsent,
);
