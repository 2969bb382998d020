//! `api.dashboard()`, `api.folder()` and `api.search()`: every method's
//! request, the bodies built from what the caller gives, the refusals, and
//! Grafana's answers decoded losslessly.

#![allow(deprecated)] // deprecated methods (routes Grafana removed) stay pinned

use grafana_client::models::DashboardWithMeta;
use serde_json::{json, Value};

use crate::harness::*;

fn fetched_dashboard() -> Value {
    json!({
        "dashboard": {"uid": "abc", "title": "Prod", "panels": [{"id": 1, "type": "graph"}], "schemaVersion": 39, "id": 12},
        "meta": {
            "type": "db", "slug": "prod", "url": "/d/abc/prod", "version": 4,
            "folderUid": "f1", "folderTitle": "Ops", "canSave": true, "canEdit": true,
            "provisioned": false, "created": "2024-01-01T00:00:00Z", "updated": "2024-02-01T00:00:00Z",
            "canAdmin": true, "folderId": 7
        },
        "extraTop": 1
    })
}

#[test]
fn dashboard_requests() {
    let d = api().dashboard();
    let db = "api/dashboards/db";
    let command = json!({"dashboard": {"uid": "abc", "title": "New", "id": null}, "folderUid": "f9", "overwrite": true, "message": "m"});
    // a fetched dashboard goes back whole, into its folder (meta.folderUid)
    let fetched: DashboardWithMeta = serde_json::from_value(fetched_dashboard()).expect("decodes");
    let mut fetched_body = fetched_dashboard();
    fetched_body["folderUid"] = json!("f1");
    // only meta.folderId: copied as folderId
    let by_id = json!({"dashboard": {"uid": "x"}, "meta": {"folderId": 3}});
    let mut by_id_body = by_id.clone();
    by_id_body["folderId"] = json!(3);
    // an explicit top-level folder wins over meta (folderId 0 included)
    let explicit = json!({"dashboard": {"uid": "x"}, "folderId": 0, "meta": {"folderUid": "f1"}});
    let one = json!({"userId": 4, "permission": 4});
    let items = json!({"items": [one.clone()]});
    let by_uid = "api/dashboards/uid/d1/permissions";
    check_all([
        ("get_dashboard", d.get_dashboard("abc").into_request(), req("GET", "api/dashboards/uid/abc")),
        ("update_dashboard", d.update_dashboard(&command).into_request(), req("POST", db).body(command.clone())),
        ("update_dashboard(fetched)", d.update_dashboard(&fetched).into_request(), req("POST", db).body(fetched_body)),
        ("update_dashboard(meta.folderId)", d.update_dashboard(&by_id).into_request(), req("POST", db).body(by_id_body)),
        ("update_dashboard(explicit folder)", d.update_dashboard(&explicit).into_request(), req("POST", db).body(explicit.clone())),
        ("delete_dashboard", d.delete_dashboard("abc").into_request(), req("DELETE", "api/dashboards/uid/abc")),
        ("get_dashboard_by_name", d.get_dashboard_by_name("my-dash").into_request(), req("GET", "api/dashboards/db/my-dash")),
        ("get_dashboards_tags", d.get_dashboards_tags().into_request(), req("GET", "api/dashboards/tags")),
        ("get_home_dashboard", d.get_home_dashboard().into_request(), req("GET", "api/dashboards/home")),
        ("get_permissions_by_id", d.get_permissions_by_id(7).into_request(), req("GET", "api/dashboards/id/7/permissions")),
        ("get_permissions_by_uid", d.get_permissions_by_uid("d1").into_request(), req("GET", by_uid)),
        ("get_permissions_generic(uid)", d.get_permissions_generic("d1", "uid").into_request(), req("GET", by_uid)),
        ("get_dashboard_permissions", d.get_dashboard_permissions(9).into_request(), req("GET", "api/dashboards/id/9/permissions")),
        // items: a list is wrapped, one object becomes a list, {"items"} is kept
        ("update_permissions_by_id", d.update_permissions_by_id(7, &json!([{"role": "Viewer", "permission": 1}])).into_request(),
            req("POST", "api/dashboards/id/7/permissions").body(json!({"items": [{"role": "Viewer", "permission": 1}]}))),
        ("update_permissions_by_uid(list)", d.update_permissions_by_uid("d1", &json!([one.clone()])).into_request(), req("POST", by_uid).body(items.clone())),
        ("update_permissions_by_uid(object)", d.update_permissions_by_uid("d1", &one).into_request(), req("POST", by_uid).body(items.clone())),
        ("update_permissions_by_uid(items)", d.update_permissions_by_uid("d1", &items).into_request(), req("POST", by_uid).body(items.clone())),
        ("update_permissions_generic", d.update_permissions_generic("d1", &one, "uid").into_request(), req("POST", by_uid).body(items.clone())),
        ("update_dashboard_permissions", d.update_dashboard_permissions(9, &one).into_request(), req("POST", "api/dashboards/id/9/permissions").body(items.clone())),
    ]);
    // refused before sending: an unknown id type, items that are not a list or object
    refused("get_permissions_generic(../admin)", d.get_permissions_generic("d1", "../admin").into_request(), "idtype");
    refused("update_permissions_generic(slug)", d.update_permissions_generic("d1", &one, "slug").into_request(), "idtype");
    refused("update_permissions_by_uid(\"View\")", d.update_permissions_by_uid("d1", &json!("View")).into_request(), "items");
}

#[test]
fn folder_and_search_requests() {
    let f = api().folder();
    let s = api().search();
    let perms = "api/folders/f1/permissions";
    let items = json!([{"teamId": 2, "permission": 2}]);
    let wrapped = json!({"items": items.clone()});
    check_all([
        ("get_all_folders", f.get_all_folders().into_request(), req("GET", "api/folders")),
        ("get_all_folders(options)", f.get_all_folders().parent_uid("p 1").limit(10).page(2).into_request(),
            req("GET", "api/folders").ordered().query(&[("parentUid", "p 1"), ("limit", "10"), ("page", "2")])),
        ("get_folder", f.get_folder("f1").into_request(), req("GET", "api/folders/f1")),
        ("get_folder_by_id", f.get_folder_by_id(7).into_request(), req("GET", "api/folders/id/7")),
        // only the options that are set are sent
        ("create_folder", f.create_folder("Only title").into_request(), req("POST", "api/folders").body(json!({"title": "Only title"}))),
        ("create_folder(options)", f.create_folder("T").uid("f1").parent_uid("p1").into_request(), req("POST", "api/folders").body(json!({"title": "T", "uid": "f1", "parentUid": "p1"}))),
        ("update_folder(all)", f.update_folder("f1").title("T2").version(0).overwrite(true).new_uid("f2").into_request(),
            req("PUT", "api/folders/f1").body(json!({"uid": "f2", "title": "T2", "version": 0, "overwrite": true}))),
        ("update_folder(version 0)", f.update_folder("f1").version(0).into_request(), req("PUT", "api/folders/f1").body(json!({"version": 0}))),
        ("update_folder(title \"\")", f.update_folder("f1").title("").into_request(), req("PUT", "api/folders/f1").body(json!({"title": ""}))),
        ("update_folder(overwrite false)", f.update_folder("f1").overwrite(false).into_request(), req("PUT", "api/folders/f1").body(json!({}))),
        ("move_folder", f.move_folder("f1", "p2").into_request(), req("POST", "api/folders/f1/move").body(json!({"parentUid": "p2"}))),
        // forceDeleteRules only when asked
        ("delete_folder", f.delete_folder("f1").into_request(), req("DELETE", "api/folders/f1")),
        ("delete_folder(force)", f.delete_folder("f1").force_delete_rules(true).into_request(), req("DELETE", "api/folders/f1").query(&[("forceDeleteRules", "true")])),
        ("get_folder_permissions", f.get_folder_permissions("f1").into_request(), req("GET", perms)),
        ("update_folder_permissions(list)", f.update_folder_permissions("f1", &items).into_request(), req("POST", perms).body(wrapped.clone())),
        ("update_folder_permissions(items)", f.update_folder_permissions("f1", &wrapped).into_request(), req("POST", perms).body(wrapped.clone())),
        ("update_folder_permissions_for_user", f.update_folder_permissions_for_user("f1", 42, &json!({"permission": "View"})).into_request(),
            req("POST", "api/access-control/folders/f1/users/42").body(json!({"permission": "View"}))),
        ("search_dashboards", s.search_dashboards().into_request(), req("GET", "api/search")),
        (
            "search_dashboards(all options)",
            s.search_dashboards().query("cpu & mem").tag("prod").tag("a b").type_("dash-db").dashboard_uids(["u1", "u/2"]).dashboard_ids([1, 2])
                .folder_uids(["", "f1"]).folder_ids([0]).starred(true).limit(50).page(2).into_request(),
            req("GET", "api/search").ordered().query(&[
                ("query", "cpu & mem"), ("tag", "prod"), ("tag", "a b"), ("type", "dash-db"), ("dashboardIds", "1"), ("dashboardIds", "2"),
                ("dashboardUIDs", "u1"), ("dashboardUIDs", "u/2"), ("folderIds", "0"), ("folderUIDs", ""), ("folderUIDs", "f1"),
                ("starred", "true"), ("limit", "50"), ("page", "2"),
            ]),
        ),
        ("search_dashboards(starred false)", s.search_dashboards().starred(false).page(1).into_request(), req("GET", "api/search").query(&[("page", "1")])),
    ]);
}

#[test]
fn decodes() {
    let (d, f, s) = (api().dashboard(), api().folder(), api().search());
    let e = json!({});
    check_decodes([
        ("get_dashboard", lossless(d.get_dashboard("u"), fetched_dashboard())),
        ("update_dashboard", lossless(d.update_dashboard(&e), json!({"id": 12, "uid": "abc", "url": "/d/abc/new", "status": "success", "version": 5, "slug": "new", "folderUid": "f9", "extraField": true}))),
        // Grafana 11+: uid, no id; older: id, no uid, unknown fields kept
        ("delete_dashboard(11)", lossless(d.delete_dashboard("u"), json!({"title": "Prod", "message": "Dashboard Prod deleted", "uid": "abc"}))),
        ("delete_dashboard(old)", lossless(d.delete_dashboard("u"), json!({"title": "Prod", "message": "Dashboard Prod deleted", "id": 3, "x": [1]}))),
        ("get_dashboards_tags", lossless(d.get_dashboards_tags(), json!([{"term": "prod", "count": 3}]))),
        ("get_home_dashboard", lossless(d.get_home_dashboard(), json!({"redirectUri": "/d/home/home"}))),
        ("get_folder", lossless(f.get_folder("u"), json!({"id": 7, "uid": "f1", "orgId": 1, "title": "Ops", "url": "/dashboards/f/f1/ops", "version": 3, "parentUid": "p1", "canSave": true, "parents": []}))),
        ("get_all_folders", lossless(f.get_all_folders(), json!([{"id": 1, "uid": "a", "title": "A"}, {"id": 2, "uid": "b", "title": "B", "parentUid": "a"}]))),
        ("get_folder_permissions", lossless(f.get_folder_permissions("u"), json!([{"role": "Viewer", "permission": 1, "permissionName": "View", "inherited": false}]))),
        ("delete_folder", lossless(f.delete_folder("u"), json!({"title": "Ops", "message": "Folder Ops deleted", "id": 7}))),
        // Grafana 9 and older: an empty 200
        ("delete_folder(empty)", lossless(f.delete_folder("u"), Value::Null)),
        ("search_dashboards", lossless(s.search_dashboards(), json!([
            {"id": 3, "uid": "abc", "title": "Prod", "uri": "db/prod", "url": "/d/abc/prod", "slug": "",
             "type": "dash-db", "tags": ["prod", "a b"], "isStarred": true, "folderUid": "f1",
             "folderTitle": "Ops", "folderId": 7, "sortMeta": 0},
            {"uid": "f1", "title": "Ops", "type": "dash-folder"}
        ]))),
    ]);
    let dash = answer(d.get_dashboard("u"), fetched_dashboard());
    assert_eq!((dash.meta.kind.as_deref(), dash.meta.extra.len(), dash.extra.len()), (Some("db"), 2, 1));
}
