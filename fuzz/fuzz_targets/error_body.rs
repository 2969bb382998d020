//! Any bytes as the body of an error response: parsed into an `ApiError`
//! (message, messageId, status) without panicking, and displayable.
#![no_main]

use grafana_client::response::fuzzing::decode_as;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.split_first() {
        Some((b, rest)) => (400 + u16::from(*b) % 200, rest),
        None => (500, data),
    };
    match decode_as::<serde_json::Value>(status, Some("application/json"), false, body) {
        Err(e) => {
            let api = e.api().expect("an error status is an API error");
            assert_eq!(api.status.as_u16(), status);
            let _ = (e.to_string(), format!("{e:?}"), api.kind());
        }
        Ok(_) => panic!("an error status decoded as success"),
    }
});
