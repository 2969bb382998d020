//! `api.snapshots()`: every method's request (each option alone, all
//! together, falsy values sent as given) and Grafana 8-12's answers.

use serde_json::{json, Value};

use crate::harness::*;

fn created_v11() -> Value {
    json!({"key": "AbC123", "deleteKey": "DeL456",
           "url": "http://localhost:3000/dashboard/snapshot/AbC123",
           "deleteUrl": "http://localhost:3000/api/snapshots-delete/DeL456"})
}

#[test]
fn requests() {
    let sn = api().snapshots();
    let dash = json!({"uid": "d1", "title": "T", "panels": []});
    let create = || sn.create_new_snapshot(&dash);
    let with = |extra: Value| {
        let mut body = extra;
        body["dashboard"] = dash.clone();
        req("POST", "api/snapshots").body(body)
    };
    let list = "api/dashboard/snapshots";
    check_all([
        // unset options are absent, not null
        ("create_new_snapshot", create().into_request(), with(json!({}))),
        (
            "create_new_snapshot(all options)",
            create().name("Weekly Report Snapshot").expires(86_400).external(true).key("myKey").delete_key("myDeleteKey").into_request(),
            with(json!({"name": "Weekly Report Snapshot", "expires": 86400, "external": true, "key": "myKey", "deleteKey": "myDeleteKey"})),
        ),
        ("create_new_snapshot(falsy)", create().name("").expires(0).external(false).into_request(), with(json!({"name": "", "expires": 0, "external": false}))),
        ("create_new_snapshot(name)", create().name("N").into_request(), with(json!({"name": "N"}))),
        ("create_new_snapshot(expires)", create().expires(-1).into_request(), with(json!({"expires": -1}))),
        ("create_new_snapshot(external)", create().external(true).into_request(), with(json!({"external": true}))),
        ("create_new_snapshot(key)", create().key("K").into_request(), with(json!({"key": "K"}))),
        ("create_new_snapshot(delete_key)", create().delete_key("D").into_request(), with(json!({"deleteKey": "D"}))),
        ("get_dashboard_snapshots", sn.get_dashboard_snapshots().into_request(), req("GET", list)),
        ("get_dashboard_snapshots(query)", sn.get_dashboard_snapshots().query("Weekly").into_request(), req("GET", list).query(&[("query", "Weekly")])),
        ("get_dashboard_snapshots(limit)", sn.get_dashboard_snapshots().limit(10).into_request(), req("GET", list).query(&[("limit", "10")])),
        // the order is fixed: query, limit
        ("get_dashboard_snapshots(both)", sn.get_dashboard_snapshots().limit(0).query("a&b=c #d+e%_ü").into_request(), req("GET", list).ordered().query(&[("query", "a&b=c #d+e%_ü"), ("limit", "0")])),
        ("get_snapshot_by_key", sn.get_snapshot_by_key("AbC123").into_request(), req("GET", "api/snapshots/AbC123")),
        ("delete_snapshot_by_key", sn.delete_snapshot_by_key("AbC123").into_request(), req("DELETE", "api/snapshots/AbC123")),
        // Grafana deletes by delete key with a GET
        ("delete_snapshot_by_delete_key", sn.delete_snapshot_by_delete_key("DeL456").into_request(), req("GET", "api/snapshots-delete/DeL456")),
        ("get_sharing_options", sn.get_sharing_options().into_request(), req("GET", "api/snapshot/shared-options")),
    ]);
}

#[test]
fn decodes() {
    let sn = api().snapshots();
    let d = json!({});
    let mut created_v10 = created_v11();
    created_v10["id"] = json!(7);
    created_v10["orgId"] = json!(1);
    check_decodes([
        ("create_new_snapshot(11)", lossless(sn.create_new_snapshot(&d), created_v11())),
        ("create_new_snapshot(8-10)", lossless(sn.create_new_snapshot(&d), created_v10)),
        ("get_dashboard_snapshots", fits(sn.get_dashboard_snapshots(), json!([
            {"id": 1, "name": "Weekly", "key": "k1", "orgId": 1, "userId": 2, "external": false,
             "externalUrl": "", "expires": "2025-01-01T00:00:00Z", "created": "2024-01-01T00:00:00Z",
             "updated": "2024-01-01T00:00:00Z", "dashboardId": 9},
            {"name": "Bare", "key": "k2"}
        ]))),
        ("get_snapshot_by_key", lossless(sn.get_snapshot_by_key("k"), json!({
            "meta": {"type": "snapshot", "isSnapshot": true, "created": "2024-01-01T00:00:00Z",
                     "expires": "2074-01-01T00:00:00Z", "canSave": false, "canEdit": false,
                     "canAdmin": false, "canStar": false, "slug": "", "url": "", "version": 0},
            "dashboard": {"uid": "d1", "title": "T", "snapshot": {"originalUrl": "/d/d1"}}
        }))),
        ("delete_snapshot_by_key", lossless(sn.delete_snapshot_by_key("k"), json!({"message": "Snapshot deleted. It might take an hour before it's cleared from any CDN caches.", "id": 42}))),
        ("delete_snapshot_by_delete_key", lossless(sn.delete_snapshot_by_delete_key("k"), json!({"message": "Snapshot deleted. It might take an hour before it's cleared from any CDN caches.", "traceID": ""}))),
        ("get_sharing_options", lossless(sn.get_sharing_options(), json!({
            "externalSnapshotURL": "https://snapshots.raintank.io",
            "externalSnapshotName": "Publish to snapshots.raintank.io",
            "externalEnabled": true, "snapshotEnabled": false, "future": {"x": 1}
        }))),
    ]);
    let list = answer(sn.get_dashboard_snapshots(), json!([{"name": "Bare", "key": "k2"}]));
    assert!(!list[0].external, "external defaults to false");
    let s = answer(sn.create_new_snapshot(&d), created_v11());
    assert_eq!((s.key.as_str(), s.delete_key.as_str(), s.id), ("AbC123", "DeL456", None));
}
