//! Response builders for Grafana's success and error body shapes
//! (`pkg/api/response/response.go`, `pkg/services/contexthandler/model/model.go`,
//! `pkg/apimachinery/errutil`).

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::role::Evaluator;

/// A JSON response with `Content-Type: application/json`.
pub(crate) fn json(status: u16, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    raw(status, "application/json", bytes)
}

/// A response with this exact content type and body.
pub(crate) fn raw(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
    raw_bytes(status, content_type, Bytes::from(body))
}

/// [`raw`] with a shared body (no copy: e.g. bytes cached in the state).
pub(crate) fn raw_bytes(status: u16, content_type: &'static str, body: Bytes) -> Response {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// `{"message": msg}`: `c.JsonApiErr(status, msg, nil)`, `response.Error(status,
/// msg, _)` and `response.Success(msg)` (`pkg/api/response/response.go`).
pub(crate) fn message(status: u16, msg: &str) -> Response {
    json(status, &json!({ "message": msg }))
}

/// `{"message": msg, "traceID": ""}`: `c.JsonApiErr(status, msg, err)` with a
/// non-nil error in Grafana 10+ (`pkg/services/contexthandler/model/model.go`);
/// the emulator has no tracing, so the id is empty.
pub(crate) fn message_with_trace(status: u16, msg: &str) -> Response {
    json(status, &json!({ "message": msg, "traceID": "" }))
}

/// An `errutil` error through `response.Err`:
/// `{"message", "messageId", "statusCode"}`.
pub(crate) fn errutil(status: u16, msg: &str, message_id: &str) -> Response {
    json(
        status,
        &json!({ "message": msg, "messageId": message_id, "statusCode": status }),
    )
}

/// An `errutil` error through `c.WriteErrOrFallback` (authentication
/// failures): `{"message", "messageId", "statusCode", "traceID"}`.
pub(crate) fn auth_error(status: u16, msg: &str, message_id: &str) -> Response {
    json(
        status,
        &json!({
            "message": msg,
            "messageId": message_id,
            "statusCode": status,
            "traceID": ""
        }),
    )
}

/// 401 `{"message":"Unauthorized"}` for an anonymous caller on a protected
/// route (`pkg/middleware/auth.go` `notAuthorized`).
pub(crate) fn unauthorized() -> Response {
    message(401, "Unauthorized")
}

/// 403 RBAC denial (`pkg/services/accesscontrol/middleware.go`): `title`,
/// `message` naming the evaluator, and `accessErrorId` = `"ACE"` + 10 random
/// digits.
pub(crate) fn rbac_denied(ev: Evaluator) -> Response {
    let id: String = (0..10).map(|_| fastrand::digit(10)).collect();
    json(
        403,
        &json!({
            "title": "Access denied",
            "message": format!(
                "You'll need additional permissions to perform this action. Permissions needed: {}",
                ev.describe()
            ),
            "accessErrorId": format!("ACE{id}"),
        }),
    )
}

/// 404 `{"message":"Not found"}`: Grafana's `NotFoundHandler` for an unknown
/// `/api` route (`pkg/api/index.go`). Grafana's router (`pkg/web/router.go`)
/// has no 405: a known path with another method is also this 404.
pub(crate) fn not_found_route() -> Response {
    message(404, "Not found")
}
