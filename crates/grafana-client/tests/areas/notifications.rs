//! Workflow: the `notifications` element. Legacy alert notification
//! channels were removed from Grafana (11): every route answers 404.
#![allow(deprecated)]

use serde_json::json;

use crate::support::{Drive, Target};

both_clients!(legacy_notification_channels_are_gone);

fn legacy_notification_channels_are_gone<C: Drive>() {
    let t = Target::new();
    let api = C::build(t.admin());
    let n = api.notifications();
    let channel = json!({"name": "wf", "type": "email", "settings": {"addresses": "a@b.c"}});
    let errs = [
        api.run(n.get_channels()).map(|_| ()),
        api.run(n.lookup_channels()).map(|_| ()),
        api.run(n.get_channel_by_uid("abc")).map(|_| ()),
        api.run(n.get_channel_by_id(1)).map(|_| ()),
        api.run(n.create_channel(&channel)).map(|_| ()),
        api.run(n.update_channel_by_uid("abc", &channel))
            .map(|_| ()),
        api.run(n.update_channel_by_id(1, &channel)).map(|_| ()),
        api.run(n.delete_notification_by_uid("abc")).map(|_| ()),
        api.run(n.delete_notification_by_id(1)).map(|_| ()),
    ];
    for e in errs {
        let e = e.unwrap_err();
        assert!(e.is_not_found(), "{e}");
        assert_eq!(e.api().unwrap().message.as_deref(), Some("Not found"));
    }
}
