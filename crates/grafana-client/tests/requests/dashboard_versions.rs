//! `api.dashboard_versions()`: every method by uid and by id, with all
//! options and none, the diff types refused before sending, both of
//! Grafana's list shapes decoded losslessly, `api_path`, and hostile uids.

#![allow(deprecated)] // the id routes are pinned too

use grafana_client::models::{DashboardRef, DashboardVersionList};
use grafana_client::Error;
use serde_json::{json, Value};

use crate::harness::*;

#[test]
fn requests() {
    let d = api().dashboard_versions();
    let (uid, id) = ("api/dashboards/uid/abc", "api/dashboards/id/12");
    let diff = "api/dashboards/calculate-diff";
    let diff_body = |new: (i64, i64), kind: &str| {
        json!({"base": {"dashboardId": 12, "version": 2}, "new": {"dashboardId": new.0, "version": new.1}, "diffType": kind})
    };
    check_all([
        ("get_dashboard_versions(uid, 0, 0)", d.get_dashboard_versions("abc").limit(0).start(0).into_request(), req("GET", &format!("{uid}/versions")).query(&[("limit", "0"), ("start", "0")]).ordered()),
        ("get_dashboard_versions(String)", d.get_dashboard_versions(String::from("abc")).into_request(), req("GET", &format!("{uid}/versions"))),
        ("get_dashboard_versions(id)", d.get_dashboard_versions(12).into_request(), req("GET", &format!("{id}/versions"))),
        ("get_dashboard_versions(DashboardRef)", d.get_dashboard_versions(DashboardRef::Uid("abc".into())).into_request(), req("GET", &format!("{uid}/versions"))),
        ("get_dashboard_versions_by_id", d.get_dashboard_versions_by_id(12).limit(10).start(20).into_request(), req("GET", &format!("{id}/versions")).query(&[("limit", "10"), ("start", "20")]).ordered()),
        ("get_dashboard_versions_by_uid", d.get_dashboard_versions_by_uid("abc").start(1).into_request(), req("GET", &format!("{uid}/versions")).query(&[("start", "1")])),
        ("get_dashboard_version(uid)", d.get_dashboard_version("abc", 3).into_request(), req("GET", &format!("{uid}/versions/3"))),
        ("get_dashboard_version(id)", d.get_dashboard_version(12, 0).into_request(), req("GET", &format!("{id}/versions/0"))),
        ("get_dashboard_version_by_id", d.get_dashboard_version_by_id(12, 3).into_request(), req("GET", &format!("{id}/versions/3"))),
        ("get_dashboard_version_by_uid", d.get_dashboard_version_by_uid("abc", 3).into_request(), req("GET", &format!("{uid}/versions/3"))),
        ("restore_dashboard(uid)", d.restore_dashboard("abc", 3).into_request(), req("POST", &format!("{uid}/restore")).body(json!({"version": 3}))),
        ("restore_dashboard(id)", d.restore_dashboard(12, 0).into_request(), req("POST", &format!("{id}/restore")).body(json!({"version": 0}))),
        ("restore_dashboard_by_id", d.restore_dashboard_by_id(12, 4).into_request(), req("POST", &format!("{id}/restore")).body(json!({"version": 4}))),
        ("restore_dashboard_by_uid", d.restore_dashboard_by_uid("abc", 5).into_request(), req("POST", &format!("{uid}/restore")).body(json!({"version": 5}))),
        ("calculate_diff", d.calculate_diff(12, 2, 0, 0).into_request(), req("POST", diff).body(diff_body((0, 0), "json")).text()),
        ("calculate_diff(basic)", d.calculate_diff(12, 2, 13, 3).diff_type("basic").into_request(), req("POST", diff).body(diff_body((13, 3), "basic")).text()),
    ]);
    for bad in ["delta", "", "JSON"] {
        refused(&format!("calculate_diff({bad:?})"), d.calculate_diff(1, 1, 1, 2).diff_type(bad).into_request(), "diff_type");
    }
}

/// The uid forms of the methods taking a uid or an id (`paths.rs` has the
/// `_by_uid` ones): a string is a uid, kept in its one segment.
#[test]
fn hostile_path_values() {
    let dv = || api().dashboard_versions();
    check_path_params(&[
        param("get_dashboard_versions", "dashboard_uid", "GET", "api/dashboards/uid/{}/versions", move |v| dv().get_dashboard_versions(v).into_request()),
        param("get_dashboard_version", "dashboard_uid", "GET", "api/dashboards/uid/{}/versions/3", move |v| dv().get_dashboard_version(v, 3).into_request()),
        param("restore_dashboard", "dashboard_uid", "POST", "api/dashboards/uid/{}/restore", move |v| dv().restore_dashboard(v, 3).into_request()),
    ]);
}

/// `api_path` encodes like the requests and refuses the same values.
#[test]
fn api_path() {
    let d = api().dashboard_versions();
    assert_eq!((d.api_path("abc").unwrap(), d.api_path(12).unwrap()), ("/dashboards/uid/abc".into(), "/dashboards/id/12".into()));
    for (value, segment) in HOSTILE {
        assert_eq!(d.api_path(*value).unwrap(), format!("/dashboards/uid/{segment}"), "{value:?}");
    }
    for value in REFUSED {
        assert!(matches!(d.api_path(*value), Err(Error::InvalidArgument { name, .. }) if name == "dashboard_uid"), "{value:?}");
    }
}

fn old_list() -> Value {
    json!([
        {"id": 5, "dashboardId": 12, "uid": "abc", "parentVersion": 2, "restoredFrom": 0, "version": 3,
         "created": "2024-02-01T00:00:00Z", "createdBy": "admin", "message": "tweak", "extraKey": true},
        {"id": 4, "dashboardId": 12, "version": 2}
    ])
}

fn paged_list() -> Value {
    json!({
        "continueToken": "next-page",
        "versions": [{"id": 5, "dashboardId": 12, "uid": "abc", "version": 3, "createdBy": "admin"}],
        "pageInfo": 1
    })
}

fn one_version() -> Value {
    json!({
        "id": 5, "dashboardId": 12, "uid": "abc", "parentVersion": 2, "restoredFrom": 0, "version": 3,
        "created": "2024-02-01T00:00:00Z", "createdBy": "admin", "message": "",
        "data": {"uid": "abc", "title": "Prod", "panels": [], "version": 3},
        "apiVersion": "v1"
    })
}

fn saved() -> Value {
    json!({"id": 12, "uid": "abc", "url": "/d/abc/prod", "status": "success", "version": 6, "slug": "prod", "title": "Prod"})
}

#[test]
fn decodes() {
    let d = api().dashboard_versions();
    check_decodes([
        ("get_dashboard_versions(list)", lossless(d.get_dashboard_versions("abc"), old_list())),
        ("get_dashboard_versions(page)", lossless(d.get_dashboard_versions(12), paged_list())),
        ("get_dashboard_version", lossless(d.get_dashboard_version("abc", 3), one_version())),
        ("get_dashboard_version_by_id", lossless(d.get_dashboard_version_by_id(12, 3), one_version())),
        ("restore_dashboard", lossless(d.restore_dashboard("abc", 3), saved())),
        ("restore_dashboard_by_id", lossless(d.restore_dashboard_by_id(12, 3), saved())),
    ]);
    let out = answer(d.get_dashboard_versions("abc"), old_list());
    let DashboardVersionList::List(list) = &out else { panic!("a bare list decodes as List: {out:?}") };
    let v = &list[0];
    assert_eq!((v.id, v.dashboard_id, v.uid.as_deref(), v.parent_version, v.restored_from, v.version), (Some(5), Some(12), Some("abc"), Some(2), Some(0), Some(3)));
    assert_eq!((v.created.as_deref(), v.created_by.as_deref(), v.message.as_deref()), (Some("2024-02-01T00:00:00Z"), Some("admin"), Some("tweak")));
    assert_eq!((&v.data, v.extra.len(), &v.extra["extraKey"]), (&None, 1, &json!(true)));
    assert_eq!((out.versions().len(), out.continue_token()), (2, None));
    let out = answer(d.get_dashboard_versions("abc"), paged_list());
    let DashboardVersionList::Page(page) = &out else { panic!("an object decodes as Page: {out:?}") };
    assert_eq!((page.continue_token.as_deref(), page.extra.len(), &page.extra["pageInfo"]), (Some("next-page"), 1, &json!(1)));
    assert_eq!((out.continue_token(), out.versions()[0].created_by.as_deref()), (Some("next-page"), Some("admin")));
    assert_eq!(out.into_versions().len(), 1);
    let v = answer(d.get_dashboard_version("abc", 3), one_version());
    assert_eq!((v.version, v.message.as_deref(), &v.data), (Some(3), Some(""), &Some(one_version()["data"].clone())));
    assert_eq!((v.extra.len(), &v.extra["apiVersion"]), (1, &json!("v1")));
    let s = answer(d.restore_dashboard(12, 3), saved());
    assert_eq!((s.id, s.uid.as_str(), s.status.as_str(), s.version, s.slug.as_deref()), (Some(12), "abc", "success", 6, Some("prod")));
    assert_eq!(s.extra["title"], "Prod");
}
