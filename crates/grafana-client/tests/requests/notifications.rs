//! `api.notifications()` (legacy alert notification channels, deprecated):
//! every method's request, Grafana 8–10's answers decoded losslessly, and
//! hostile uids.

#![allow(deprecated)]

use serde_json::{json, Value};

use crate::harness::*;

/// A channel as Grafana 8–10 returns it, with a field the model does not name.
fn channel(id: i64, uid: &str) -> Value {
    json!({
        "id": id, "uid": uid, "name": "ops mail", "type": "email",
        "isDefault": false, "sendReminder": true, "disableResolveMessage": false, "frequency": "15m",
        "settings": {"addresses": "ops@example.com", "uploadImage": true}, "secureFields": {"password": true},
        "created": "2023-01-02T03:04:05Z", "updated": "2023-02-03T04:05:06Z", "orgId": 1
    })
}

fn new_channel() -> Value {
    json!({"name": "ops mail", "type": "email", "isDefault": false,
           "settings": {"addresses": "ops@example.com"}, "secureSettings": {"password": "s3cret"}})
}

#[test]
fn requests() {
    let n = api().notifications();
    let (mut by_uid, mut by_id) = (new_channel(), new_channel());
    by_uid["uid"] = json!("ch1");
    by_id["id"] = json!(1);
    let base = "api/alert-notifications";
    check_all([
        ("get_channels", n.get_channels().into_request(), req("GET", base)),
        ("lookup_channels", n.lookup_channels().into_request(), req("GET", "api/alert-notifications/lookup")),
        ("get_channel_by_uid", n.get_channel_by_uid("ch1").into_request(), req("GET", "api/alert-notifications/uid/ch1")),
        ("get_channel_by_id", n.get_channel_by_id(7).into_request(), req("GET", "api/alert-notifications/7")),
        ("create_channel", n.create_channel(&new_channel()).into_request(), req("POST", base).body(new_channel())),
        ("update_channel_by_uid", n.update_channel_by_uid("ch1", &by_uid).into_request(), req("PUT", "api/alert-notifications/uid/ch1").body(by_uid.clone())),
        ("update_channel_by_id", n.update_channel_by_id(1, &by_id).into_request(), req("PUT", "api/alert-notifications/1").body(by_id.clone())),
        ("delete_notification_by_uid", n.delete_notification_by_uid("ch1").into_request(), req("DELETE", "api/alert-notifications/uid/ch1")),
        ("delete_notification_by_id(-4)", n.delete_notification_by_id(-4).into_request(), req("DELETE", "api/alert-notifications/-4")),
    ]);
}

#[test]
fn decodes() {
    let n = api().notifications();
    let list = json!([channel(1, "ch1"), {"id": 2, "name": "hook", "type": "webhook"}]);
    let lookup = json!([
        {"id": 1, "uid": "ch1", "name": "ops mail", "type": "email", "isDefault": true},
        {"id": 2, "uid": "ch2", "name": "hook", "type": "webhook", "isDefault": false, "x": 1}
    ]);
    check_decodes([
        ("get_channels", lossless(n.get_channels(), list.clone())),
        ("lookup_channels", lossless(n.lookup_channels(), lookup.clone())),
        ("get_channel_by_uid", lossless(n.get_channel_by_uid("ch1"), channel(1, "ch1"))),
        ("get_channel_by_id", lossless(n.get_channel_by_id(7), channel(7, "ch7"))),
        ("create_channel", lossless(n.create_channel(&new_channel()), channel(3, "new3"))),
        ("update_channel_by_uid", lossless(n.update_channel_by_uid("ch1", &new_channel()), channel(1, "ch1"))),
        ("update_channel_by_id", lossless(n.update_channel_by_id(1, &new_channel()), channel(1, "ch1"))),
        ("delete_notification_by_uid", lossless(n.delete_notification_by_uid("ch1"), json!({"message": "Notification deleted", "id": 1}))),
        ("delete_notification_by_id", lossless(n.delete_notification_by_id(1), json!({"message": "Notification deleted"}))),
    ]);
    let all = answer(n.get_channels(), list);
    let c = &all[0];
    assert_eq!((c.id, c.uid.as_deref(), c.name.as_deref(), c.kind.as_deref(), c.is_default, c.send_reminder), (Some(1), Some("ch1"), Some("ops mail"), Some("email"), Some(false), Some(true)));
    assert_eq!((c.disable_resolve_message, c.frequency.as_deref(), &c.settings.as_ref().unwrap()["addresses"]), (Some(false), Some("15m"), &json!("ops@example.com")));
    assert_eq!((&c.secure_fields, c.created.as_deref(), c.updated.as_deref()), (&Some(json!({"password": true})), Some("2023-01-02T03:04:05Z"), Some("2023-02-03T04:05:06Z")));
    assert_eq!((c.extra.len(), &c.extra["orgId"], all[1].uid.as_deref()), (1, &json!(1), None));
    let all = answer(n.lookup_channels(), lookup);
    assert_eq!((all[0].is_default, all[0].extra.len(), &all[1].extra["x"]), (Some(true), 0, &json!(1)));
    let m = answer(n.delete_notification_by_uid("ch1"), json!({"message": "Notification deleted", "id": 1}));
    assert_eq!((m.message.as_str(), m.id, m.extra.len()), ("Notification deleted", Some(1), 0));
}
