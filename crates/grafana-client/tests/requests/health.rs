//! `api.health()`.

use serde_json::json;

use crate::harness::*;

#[test]
fn requests() {
    let api = api();
    check_all([(
        "health.check",
        api.health().check().into_request(),
        req("GET", "api/health"),
    )]);
}

#[test]
fn decodes() {
    let api = api();
    check_decodes([(
        "health.check",
        lossless(
            api.health().check(),
            json!({"commit": "c0ffee", "database": "ok", "version": "12.2.0", "enterpriseCommit": "NA"}),
        ),
    )]);
}
