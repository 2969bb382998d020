//! `api.annotations()`: every method's request, each option alone and all
//! together (zero and empty values are sent, unset ones are not), and
//! Grafana's answers decoded losslessly.

#![allow(deprecated)]

use serde_json::json;

use crate::harness::*;

/// A value full of query and path separators.
const H: &str = "a&b=c #d+e";

#[test]
fn requests() {
    let an = api().annotations();
    check_all([
        (
            "find_annotations(all options)",
            an.find_annotations().time_from(0).time_to(1_700_000_000_000).alert_id(0).dashboard_id(0).dashboard_uid(H)
                .panel_id(0).user_id(0).ann_type("annotation").tags([H]).tags(vec![String::from("prod")]).limit(0).into_request(),
            req("GET", "api/annotations").ordered().query(&[
                ("from", "0"), ("to", "1700000000000"), ("alertId", "0"), ("dashboardId", "0"), ("dashboardUID", H),
                ("panelId", "0"), ("userId", "0"), ("type", "annotation"), ("tags", H), ("tags", "prod"), ("limit", "0"),
            ]),
        ),
        ("find_annotations", an.find_annotations().into_request(), req("GET", "api/annotations")),
        ("get_annotation", an.get_annotation().dashboard_uid("abc").limit(5).into_request(), req("GET", "api/annotations").query(&[("dashboardUID", "abc"), ("limit", "5")])),
        (
            "add_annotation(all options)",
            an.add_annotation().dashboard_id(0).dashboard_uid(H).panel_id(0).time_from(0).time_to(1_700_000_060_000).tags(["deploy", H]).text("Deployed").into_request(),
            req("POST", "api/annotations").body(json!({"dashboardId": 0, "dashboardUID": H, "panelId": 0, "time": 0,
                "timeEnd": 1700000060000_i64, "tags": ["deploy", H], "text": "Deployed"})),
        ),
        ("add_annotation", an.add_annotation().into_request(), req("POST", "api/annotations").body(json!({}))),
        // an empty tag list is a value: sent as []
        ("add_annotation(tags [])", an.add_annotation().tags(Vec::<String>::new()).text("t").into_request(), req("POST", "api/annotations").body(json!({"tags": [], "text": "t"}))),
        (
            "add_annotation_graphite(all options)",
            an.add_annotation_graphite().what("Deploy").tags(["deploy", "prod"]).when(0).data(H).into_request(),
            req("POST", "api/annotations/graphite").body(json!({"what": "Deploy", "tags": ["deploy", "prod"], "when": 0, "data": H})),
        ),
        ("add_annotation_graphite", an.add_annotation_graphite().into_request(), req("POST", "api/annotations/graphite").body(json!({}))),
        (
            "update_annotation(all options)",
            an.update_annotation(7).time_from(0).time_to(0).tags([H]).text("").into_request(),
            req("PUT", "api/annotations/7").body(json!({"time": 0, "timeEnd": 0, "tags": [H], "text": ""})),
        ),
        ("update_annotation", an.update_annotation(0).into_request(), req("PUT", "api/annotations/0").body(json!({}))),
        (
            "partial_update_annotation(all options)",
            an.partial_update_annotation(-3).time_from(1).time_to(2).tags(["x"]).text("t").into_request(),
            req("PATCH", "api/annotations/-3").body(json!({"time": 1, "timeEnd": 2, "tags": ["x"], "text": "t"})),
        ),
        ("partial_update_annotation(text)", an.partial_update_annotation(7).text("only text").into_request(), req("PATCH", "api/annotations/7").body(json!({"text": "only text"}))),
        ("partial_update_annotation", an.partial_update_annotation(7).into_request(), req("PATCH", "api/annotations/7").body(json!({}))),
        ("delete_annotations_by_id", an.delete_annotations_by_id(9_007_199_254_740_993).into_request(), req("DELETE", "api/annotations/9007199254740993")),
    ]);
}

#[test]
fn decodes() {
    let an = api().annotations();
    let message = json!({"message": "Annotation added", "id": 42, "traceID": "t1"});
    check_decodes([
        ("find_annotations", lossless(an.find_annotations(), json!([
            {"id": 1, "alertId": 0, "alertName": "", "dashboardId": 12, "dashboardUID": "abc",
             "panelId": 3, "userId": 1, "newState": "", "prevState": "",
             "created": 1700000000100_i64, "updated": 1700000000200_i64,
             "time": 1700000000000_i64, "timeEnd": 1700000060000_i64,
             "text": "Deployed", "tags": ["deploy", "prod"], "login": "admin",
             "email": "admin@localhost", "avatarUrl": "/avatar/46d2", "data": {"k": "v"},
             "dashboardTitle": "Prod"},
            {"id": 2, "text": "bare"}
        ]))),
        ("find_annotations([])", lossless(an.find_annotations(), json!([]))),
        ("add_annotation", lossless(an.add_annotation(), message.clone())),
        ("add_annotation_graphite", lossless(an.add_annotation_graphite(), message)),
        ("update_annotation", lossless(an.update_annotation(7), json!({"message": "Annotation updated"}))),
        ("partial_update_annotation", lossless(an.partial_update_annotation(7), json!({"message": "Annotation updated"}))),
        ("delete_annotations_by_id", lossless(an.delete_annotations_by_id(9), json!({"message": "Annotation deleted"}))),
    ]);
}
