//! `api.annotations()` on the wire, async and blocking: the exact request of
//! every method (with all options and with none), the decoded answers, and
//! query values that must arrive form-encoded.

mod wire_common;

use grafana_client::models::{Annotation, Message};
use grafana_client::{Call, Client, Endpoint};
use serde_json::{json, Value};
use wire_common::*;
use wiremock::Request as Recorded;

/// A query value that a hand-built query string would break apart.
const HOSTILE: &str = "a&b=c #d+e";
/// The same value, form-encoded as one value.
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

fn message() -> Value {
    json!({"message": "Annotation added", "id": 42, "traceID": "t1"})
}

fn assert_message(m: &Message) {
    assert_eq!(m.message, "Annotation added");
    assert_eq!(m.id, Some(42));
    assert_eq!(m.extra.len(), 1);
    assert_eq!(m.extra["traceID"], "t1");
    assert_eq!(serde_json::to_value(m).unwrap(), message(), "lossless");
}

fn served_annotations() -> Value {
    json!([
        {
            "id": 1, "alertId": 0, "alertName": "", "dashboardId": 12, "dashboardUID": "abc",
            "panelId": 3, "userId": 1, "newState": "", "prevState": "",
            "created": 1700000000100_i64, "updated": 1700000000200_i64,
            "time": 1700000000000_i64, "timeEnd": 1700000060000_i64,
            "text": "Deployed", "tags": ["deploy", "prod"], "login": "admin",
            "email": "admin@localhost", "avatarUrl": "/avatar/46d2", "data": {"k": "v"},
            "dashboardTitle": "Prod"
        },
        {"id": 2, "text": "bare"}
    ])
}

fn find_annotations_all_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(served_annotations(), |a| {
        a.annotations()
            .find_annotations()
            .time_from(0)
            .time_to(1_700_000_000_000)
            .alert_id(0)
            .dashboard_id(0)
            .dashboard_uid(HOSTILE)
            .panel_id(0)
            .user_id(0)
            .ann_type("annotation")
            .tags([HOSTILE])
            .tags(vec![String::from("prod")])
            .limit(0)
    });
    let query = format!(
        "from=0&to=1700000000000&alertId=0&dashboardId=0&dashboardUID={HOSTILE_FORM}\
         &panelId=0&userId=0&type=annotation&tags={HOSTILE_FORM}&tags=prod&limit=0"
    );
    assert_request(
        &r,
        "GET",
        "/api/annotations",
        Some(&query),
        None,
        "find_annotations",
    );
    let pairs: Vec<(String, String)> = r.url.query_pairs().into_owned().collect();
    assert_eq!(pairs[4], ("dashboardUID".into(), HOSTILE.into()));
    assert_eq!(pairs[8], ("tags".into(), HOSTILE.into()));

    assert_eq!(out.len(), 2);
    let a = &out[0];
    assert_eq!(a.id, Some(1));
    assert_eq!(a.alert_id, Some(0));
    assert_eq!(a.alert_name.as_deref(), Some(""));
    assert_eq!(a.dashboard_id, Some(12));
    assert_eq!(a.dashboard_uid.as_deref(), Some("abc"));
    assert_eq!(a.panel_id, Some(3));
    assert_eq!(a.user_id, Some(1));
    assert_eq!(a.new_state.as_deref(), Some(""));
    assert_eq!(a.prev_state.as_deref(), Some(""));
    assert_eq!(a.created, Some(1_700_000_000_100));
    assert_eq!(a.updated, Some(1_700_000_000_200));
    assert_eq!(a.time, Some(1_700_000_000_000));
    assert_eq!(a.time_end, Some(1_700_000_060_000));
    assert_eq!(a.text.as_deref(), Some("Deployed"));
    assert_eq!(
        a.tags.as_deref(),
        Some(&["deploy".to_owned(), "prod".to_owned()][..])
    );
    assert_eq!(a.login.as_deref(), Some("admin"));
    assert_eq!(a.email.as_deref(), Some("admin@localhost"));
    assert_eq!(a.avatar_url.as_deref(), Some("/avatar/46d2"));
    assert_eq!(a.data, Some(json!({"k": "v"})));
    assert_eq!(a.extra.len(), 1);
    assert_eq!(a.extra["dashboardTitle"], "Prod");
    assert_eq!(out[1].text.as_deref(), Some("bare"));
    assert_eq!(out[1].tags, None);
    assert_eq!(
        serde_json::to_value(&out).unwrap(),
        served_annotations(),
        "lossless"
    );
}

fn find_annotations_no_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(json!([]), |a| a.annotations().find_annotations());
    assert_request(
        &r,
        "GET",
        "/api/annotations",
        None,
        None,
        "find_annotations",
    );
    assert!(out.is_empty());
}

#[allow(deprecated)]
fn get_annotation_is_find_annotations<M: Mode>() {
    let (out, r) = exchange::<M, _>(served_annotations(), |a| {
        a.annotations()
            .get_annotation()
            .dashboard_uid("abc")
            .limit(5)
    });
    assert_request(
        &r,
        "GET",
        "/api/annotations",
        Some("dashboardUID=abc&limit=5"),
        None,
        "get_annotation",
    );
    let typed: Vec<Annotation> = serde_json::from_value(served_annotations()).unwrap();
    assert_eq!(out, typed);
}

fn add_annotation_all_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(message(), |a| {
        a.annotations()
            .add_annotation()
            .dashboard_id(0)
            .dashboard_uid(HOSTILE)
            .panel_id(0)
            .time_from(0)
            .time_to(1_700_000_060_000)
            .tags(["deploy", HOSTILE])
            .text("Deployed")
    });
    let body = json!({
        "dashboardId": 0, "dashboardUID": HOSTILE, "panelId": 0, "time": 0,
        "timeEnd": 1700000060000_i64, "tags": ["deploy", HOSTILE], "text": "Deployed"
    });
    assert_request(
        &r,
        "POST",
        "/api/annotations",
        None,
        Some(&body),
        "add_annotation",
    );
    assert_message(&out);
}

fn add_annotation_no_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(message(), |a| a.annotations().add_annotation());
    assert_request(
        &r,
        "POST",
        "/api/annotations",
        None,
        Some(&json!({})),
        "add_annotation",
    );
    assert_message(&out);
    // An empty tag list is a value: sent as [].
    let (_, r) = exchange::<M, _>(message(), |a| {
        a.annotations()
            .add_annotation()
            .tags(Vec::<String>::new())
            .text("t")
    });
    let body = json!({"tags": [], "text": "t"});
    assert_request(
        &r,
        "POST",
        "/api/annotations",
        None,
        Some(&body),
        "add_annotation []",
    );
}

fn add_annotation_graphite_all_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(message(), |a| {
        a.annotations()
            .add_annotation_graphite()
            .what("Deploy")
            .tags(["deploy", "prod"])
            .when(0)
            .data(HOSTILE)
    });
    let body = json!({"what": "Deploy", "tags": ["deploy", "prod"], "when": 0, "data": HOSTILE});
    assert_request(
        &r,
        "POST",
        "/api/annotations/graphite",
        None,
        Some(&body),
        "add_annotation_graphite",
    );
    assert_message(&out);
}

fn add_annotation_graphite_no_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(message(), |a| a.annotations().add_annotation_graphite());
    assert_request(
        &r,
        "POST",
        "/api/annotations/graphite",
        None,
        Some(&json!({})),
        "add_annotation_graphite",
    );
    assert_message(&out);
}

fn updated() -> Value {
    json!({"message": "Annotation updated"})
}

fn update_annotation_all_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(updated(), |a| {
        a.annotations()
            .update_annotation(7)
            .time_from(0)
            .time_to(0)
            .tags([HOSTILE])
            .text("")
    });
    let body = json!({"time": 0, "timeEnd": 0, "tags": [HOSTILE], "text": ""});
    assert_request(
        &r,
        "PUT",
        "/api/annotations/7",
        None,
        Some(&body),
        "update_annotation",
    );
    assert_eq!(out.message, "Annotation updated");
    assert_eq!(out.id, None);
    assert_eq!(serde_json::to_value(&out).unwrap(), updated());
}

fn update_annotation_no_options<M: Mode>() {
    let (_, r) = exchange::<M, _>(updated(), |a| a.annotations().update_annotation(0));
    assert_request(
        &r,
        "PUT",
        "/api/annotations/0",
        None,
        Some(&json!({})),
        "update_annotation",
    );
}

fn partial_update_annotation_all_options<M: Mode>() {
    let (out, r) = exchange::<M, _>(updated(), |a| {
        a.annotations()
            .partial_update_annotation(-3)
            .time_from(1)
            .time_to(2)
            .tags(["x"])
            .text("t")
    });
    let body = json!({"time": 1, "timeEnd": 2, "tags": ["x"], "text": "t"});
    assert_request(
        &r,
        "PATCH",
        "/api/annotations/-3",
        None,
        Some(&body),
        "partial_update_annotation",
    );
    assert_eq!(out.message, "Annotation updated");
}

fn partial_update_annotation_sends_only_what_is_set<M: Mode>() {
    let (_, r) = exchange::<M, _>(updated(), |a| {
        a.annotations()
            .partial_update_annotation(7)
            .text("only text")
    });
    let body = json!({"text": "only text"});
    assert_request(
        &r,
        "PATCH",
        "/api/annotations/7",
        None,
        Some(&body),
        "patch text",
    );
    let (_, r) = exchange::<M, _>(updated(), |a| a.annotations().partial_update_annotation(7));
    assert_request(
        &r,
        "PATCH",
        "/api/annotations/7",
        None,
        Some(&json!({})),
        "patch none",
    );
}

fn delete_annotations_by_id<M: Mode>() {
    let served = json!({"message": "Annotation deleted"});
    let (out, r) = exchange::<M, _>(served.clone(), |a| {
        a.annotations()
            .delete_annotations_by_id(9_007_199_254_740_993)
    });
    assert_request(
        &r,
        "DELETE",
        "/api/annotations/9007199254740993",
        None,
        None,
        "delete_annotations_by_id",
    );
    assert_eq!(out.message, "Annotation deleted");
    assert!(out.extra.is_empty());
    assert_eq!(serde_json::to_value(&out).unwrap(), served);
}

fn errors_come_back_as_api_errors<M: Mode>() {
    let env = Env::new();
    env.answer_json(
        404,
        json!({"message": "Could not find annotation to update"}),
    );
    let api = M::build(env.builder()).unwrap();
    let err = M::send(
        &env,
        api.annotations().partial_update_annotation(1).text("t"),
    )
    .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

wire_common::both!(
    find_annotations_all_options,
    find_annotations_no_options,
    get_annotation_is_find_annotations,
    add_annotation_all_options,
    add_annotation_no_options,
    add_annotation_graphite_all_options,
    add_annotation_graphite_no_options,
    update_annotation_all_options,
    update_annotation_no_options,
    partial_update_annotation_all_options,
    partial_update_annotation_sends_only_what_is_set,
    delete_annotations_by_id,
    errors_come_back_as_api_errors,
);
