//! Any bytes, as the body of a 200 response, decoded into every model: an
//! error is fine, a panic is a bug.
#![no_main]

use grafana_client::models::*;
use grafana_client::response::fuzzing::decode_as;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // first byte picks the content type and expectation, the rest is the body
    let (ct, text, body) = match data.split_first() {
        Some((b, rest)) => match b % 4 {
            0 => (Some("application/json"), false, rest),
            1 => (Some("text/html; charset=utf-8"), false, rest),
            2 => (Some("text/plain"), true, rest),
            _ => (None, false, rest),
        },
        None => (None, false, data),
    };
    let _ = decode_as::<DashboardWithMeta>(200, ct, text, body);
    let _ = decode_as::<DashboardMeta>(200, ct, text, body);
    let _ = decode_as::<DashboardSaved>(200, ct, text, body);
    let _ = decode_as::<DashboardDeleted>(200, ct, text, body);
    let _ = decode_as::<SnapshotCreated>(200, ct, text, body);
    let _ = decode_as::<Vec<SnapshotListItem>>(200, ct, text, body);
    let _ = decode_as::<SnapshotWithMeta>(200, ct, text, body);
    let _ = decode_as::<SharingOptions>(200, ct, text, body);
    let _ = decode_as::<Message>(200, ct, text, body);
    let _ = decode_as::<HealthResponse>(200, ct, text, body);
    let _ = decode_as::<BuildInfo>(200, ct, text, body);
    let _ = decode_as::<serde_json::Value>(200, ct, text, body);
    let _ = decode_as::<String>(200, ct, text, body);
    if let Err(e) = decode_as::<()>(204, ct, text, body) {
        let _ = e.to_string();
    }
});
