//! `api.notifications()` (legacy alert notification channels, deprecated),
//! async and blocking: the exact request of every method, the decoded
//! answers (typed fields, unknown fields in `extra`, lossless), and every
//! path parameter kept in its segment or refused unsent.

#![allow(deprecated)]

mod wire_common;

use grafana_client::elements::Notifications;
use grafana_client::models::AlertNotification;
use grafana_client::{Call, Client, Endpoint, Error, Result};
use serde::Serialize;
use serde_json::{json, Value};
use wire_common::*;
use wiremock::ResponseTemplate;

fn nt<M: Mode>(api: &M::Api) -> Notifications<M::Api> {
    Client::notifications(api)
}

fn answer(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Serves `template`, sends the call made by `make`, checks that exactly one
/// request went out and that it is the expected one; returns the output.
fn exchange<M: Mode, E: Endpoint>(
    template: ResponseTemplate,
    make: impl FnOnce(&M::Api) -> Call<M::Api, E>,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> E::Output {
    let env = Env::new();
    env.answer(template);
    let api = M::build(env.builder()).unwrap();
    let ctx = format!("{} {method} {path}", M::NAME);
    let out = M::send(&env, make(&api)).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
    let r = env.only_request(&ctx);
    assert_request(&r, method, path, None, body, &ctx);
    out
}

fn lossless(model: &impl Serialize, served: &Value) {
    assert_eq!(&serde_json::to_value(model).unwrap(), served, "lossless");
}

/// A channel as Grafana 8–10 returns it, with a field the model does not name.
fn served_channel(id: i64, uid: &str) -> Value {
    json!({
        "id": id, "uid": uid, "name": "ops mail", "type": "email",
        "isDefault": false, "sendReminder": true, "disableResolveMessage": false,
        "frequency": "15m",
        "settings": {"addresses": "ops@example.com", "uploadImage": true},
        "secureFields": {"password": true},
        "created": "2023-01-02T03:04:05Z", "updated": "2023-02-03T04:05:06Z",
        "orgId": 1
    })
}

fn assert_channel(c: &AlertNotification, id: i64, uid: &str) {
    assert_eq!(c.id, Some(id));
    assert_eq!(c.uid.as_deref(), Some(uid));
    assert_eq!(c.name.as_deref(), Some("ops mail"));
    assert_eq!(c.kind.as_deref(), Some("email"));
    assert_eq!(c.is_default, Some(false));
    assert_eq!(c.send_reminder, Some(true));
    assert_eq!(c.disable_resolve_message, Some(false));
    assert_eq!(c.frequency.as_deref(), Some("15m"));
    assert_eq!(c.settings.as_ref().unwrap()["addresses"], "ops@example.com");
    assert_eq!(c.secure_fields, Some(json!({"password": true})));
    assert_eq!(c.created.as_deref(), Some("2023-01-02T03:04:05Z"));
    assert_eq!(c.updated.as_deref(), Some("2023-02-03T04:05:06Z"));
    assert_eq!(c.extra.len(), 1);
    assert_eq!(c.extra["orgId"], 1);
}

fn new_channel() -> Value {
    json!({"name": "ops mail", "type": "email", "isDefault": false,
           "settings": {"addresses": "ops@example.com"}, "secureSettings": {"password": "s3cret"}})
}

fn get_channels<M: Mode>() {
    let served = json!([served_channel(1, "ch1"), {"id": 2, "name": "hook", "type": "webhook"}]);
    let all = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).get_channels(),
        "GET",
        "/api/alert-notifications",
        None,
    );
    assert_eq!(all.len(), 2);
    assert_channel(&all[0], 1, "ch1");
    assert_eq!(all[1].uid, None);
    lossless(&all, &served);
}

fn lookup_channels<M: Mode>() {
    let served = json!([
        {"id": 1, "uid": "ch1", "name": "ops mail", "type": "email", "isDefault": true},
        {"id": 2, "uid": "ch2", "name": "hook", "type": "webhook", "isDefault": false, "x": 1}
    ]);
    let all = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).lookup_channels(),
        "GET",
        "/api/alert-notifications/lookup",
        None,
    );
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, Some(1));
    assert_eq!(all[0].uid.as_deref(), Some("ch1"));
    assert_eq!(all[0].name.as_deref(), Some("ops mail"));
    assert_eq!(all[0].kind.as_deref(), Some("email"));
    assert_eq!(all[0].is_default, Some(true));
    assert!(all[0].extra.is_empty());
    assert_eq!(all[1].extra["x"], 1);
    lossless(&all, &served);
}

fn get_channel_by_uid<M: Mode>() {
    let served = served_channel(1, "ch1");
    let c = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).get_channel_by_uid("ch1"),
        "GET",
        "/api/alert-notifications/uid/ch1",
        None,
    );
    assert_channel(&c, 1, "ch1");
    lossless(&c, &served);
}

fn get_channel_by_id<M: Mode>() {
    let served = served_channel(7, "ch7");
    let c = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).get_channel_by_id(7),
        "GET",
        "/api/alert-notifications/7",
        None,
    );
    assert_channel(&c, 7, "ch7");
    lossless(&c, &served);
}

fn create_channel<M: Mode>() {
    let served = served_channel(3, "new3");
    let body = new_channel();
    let c = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).create_channel(&body),
        "POST",
        "/api/alert-notifications",
        Some(&body),
    );
    assert_channel(&c, 3, "new3");
    lossless(&c, &served);
}

fn update_channel_by_uid<M: Mode>() {
    let served = served_channel(1, "ch1");
    let mut body = new_channel();
    body["uid"] = json!("ch1");
    let c = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).update_channel_by_uid("ch1", &body),
        "PUT",
        "/api/alert-notifications/uid/ch1",
        Some(&body),
    );
    assert_channel(&c, 1, "ch1");
    lossless(&c, &served);
}

fn update_channel_by_id<M: Mode>() {
    let served = served_channel(1, "ch1");
    let mut body = new_channel();
    body["id"] = json!(1);
    let c = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).update_channel_by_id(1, &body),
        "PUT",
        "/api/alert-notifications/1",
        Some(&body),
    );
    assert_channel(&c, 1, "ch1");
    lossless(&c, &served);
}

fn delete_notification_by_uid<M: Mode>() {
    let served = json!({"message": "Notification deleted", "id": 1});
    let m = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).delete_notification_by_uid("ch1"),
        "DELETE",
        "/api/alert-notifications/uid/ch1",
        None,
    );
    assert_eq!(m.message, "Notification deleted");
    assert_eq!(m.id, Some(1));
    assert!(m.extra.is_empty());
    lossless(&m, &served);
}

fn delete_notification_by_id<M: Mode>() {
    let served = json!({"message": "Notification deleted"});
    let m = exchange::<M, _>(
        answer(200, &served),
        |a| nt::<M>(a).delete_notification_by_id(-4),
        "DELETE",
        "/api/alert-notifications/-4",
        None,
    );
    assert_eq!(m.message, "Notification deleted");
    assert_eq!(m.id, None);
    lossless(&m, &served);
}

// ---------------------------------------------------------- path parameters

/// Hostile values and the one segment each must become.
const HOSTILE: [(&str, &str); 4] = [
    ("../admin/settings", "..%2Fadmin%2Fsettings"),
    ("a/b", "a%2Fb"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#f", "a%23f"),
];

/// One string path parameter of one method (ids are `i64`: nothing to
/// escape).
struct PathParam<M: Mode> {
    method_name: &'static str,
    param: &'static str,
    verb: &'static str,
    send: fn(&Env, &M::Api, &str) -> Result<Value>,
}

fn path_params<M: Mode>() -> Vec<PathParam<M>> {
    vec![
        PathParam {
            method_name: "get_channel_by_uid",
            param: "channel_uid",
            verb: "GET",
            send: |e, a, v| M::send(e, nt::<M>(a).get_channel_by_uid(v).value()),
        },
        PathParam {
            method_name: "update_channel_by_uid",
            param: "uid",
            verb: "PUT",
            send: |e, a, v| {
                M::send(
                    e,
                    nt::<M>(a).update_channel_by_uid(v, &new_channel()).value(),
                )
            },
        },
        PathParam {
            method_name: "delete_notification_by_uid",
            param: "notification_uid",
            verb: "DELETE",
            send: |e, a, v| M::send(e, nt::<M>(a).delete_notification_by_uid(v).value()),
        },
    ]
}

fn hostile_values_stay_in_one_segment<M: Mode>() {
    let params = path_params::<M>();
    assert_eq!(params.len(), 3, "every string path parameter of the area");
    for p in params {
        let env = Env::new();
        env.answer_json(200, json!({}));
        let api = M::build(env.builder()).unwrap();
        for (value, _) in HOSTILE {
            let ctx = format!("{} {value:?}", p.method_name);
            (p.send)(&env, &api, value).unwrap_or_else(|e| panic!("{ctx}: {e:?}"));
        }
        let reqs = env.requests();
        assert_eq!(reqs.len(), HOSTILE.len(), "{}", p.method_name);
        for (r, (value, segment)) in reqs.iter().zip(HOSTILE) {
            let ctx = format!("{} {value:?}", p.method_name);
            assert_eq!(r.method.as_str(), p.verb, "{ctx}");
            assert_eq!(
                r.url.path(),
                format!("/api/alert-notifications/uid/{segment}"),
                "{ctx}"
            );
            assert_eq!(r.url.query(), None, "{ctx}");
            assert_eq!(r.url.fragment(), None, "{ctx}");
        }
    }
}

fn unsafe_values_are_refused_unsent<M: Mode>() {
    let env = Env::new();
    env.answer_json(200, json!({}));
    let api = M::build(env.builder()).unwrap();
    for p in path_params::<M>() {
        for value in ["", ".", ".."] {
            let ctx = format!("{} {value:?}", p.method_name);
            match (p.send)(&env, &api, value) {
                Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, p.param, "{ctx}"),
                other => panic!("{ctx}: expected InvalidArgument, got {other:?}"),
            }
        }
    }
    assert!(env.requests().is_empty(), "nothing may be sent");
}

wire_common::both!(
    get_channels,
    lookup_channels,
    get_channel_by_uid,
    get_channel_by_id,
    create_channel,
    update_channel_by_uid,
    update_channel_by_id,
    delete_notification_by_uid,
    delete_notification_by_id,
    hostile_values_stay_in_one_segment,
    unsafe_values_are_refused_unsent,
);
