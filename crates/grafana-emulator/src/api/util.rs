//! Response builders for Grafana's error and success body shapes, and small
//! helpers shared by the API modules.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{json, Map, Value};

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

/// Parses a request body as a JSON object, as Go's binding of a struct would
/// accept it. `None` for an empty body, invalid JSON or a non-object.
pub(crate) fn parse_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// A field that Go would bind into a `string`: absent or `null` → `""`,
/// string → itself, anything else → binding error (`None`).
pub(crate) fn str_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => None,
    }
}

/// A field that Go would bind into an `int64`: absent or `null` → 0, an
/// integral number → itself, anything else → binding error (`None`).
pub(crate) fn int_field(obj: &Map<String, Value>, key: &str) -> Option<i64> {
    match obj.get(key) {
        None | Some(Value::Null) => Some(0),
        Some(Value::Number(n)) => n.as_i64(),
        Some(_) => None,
    }
}

/// A field that Go would bind into a `bool`: absent or `null` → false.
pub(crate) fn bool_field(obj: &Map<String, Value>, key: &str) -> Option<bool> {
    match obj.get(key) {
        None | Some(Value::Null) => Some(false),
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => None,
    }
}

/// Decoded query parameters in order (`+` is a space, `%XX` decoded, invalid
/// UTF-8 replaced).
pub(crate) fn parse_query(raw: Option<&str>) -> Vec<(String, String)> {
    let Some(raw) = raw else { return Vec::new() };
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let s = s.replace('+', " ");
    percent_encoding::percent_decode_str(&s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The query parameters of one request.
#[derive(Debug, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    /// First value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// `c.QueryInt64(name)` in Grafana: missing or unparsable → 0.
    pub(crate) fn int(&self, name: &str) -> i64 {
        self.get(name)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    }

    /// `c.QueryBool(name)`: `strconv.ParseBool` semantics, failure → false.
    pub(crate) fn bool(&self, name: &str) -> bool {
        matches!(
            self.get(name),
            Some("1" | "t" | "T" | "true" | "TRUE" | "True")
        )
    }
}

/// Grafana-style slug: lower-case ASCII letters and digits kept, every other
/// run of characters becomes one `-`, leading and trailing `-` removed.
/// (Grafana's `pkg/infra/slugify` transliterates some non-ASCII letters; the
/// emulator treats every non-ASCII character as a separator.)
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A new uid for a folder, dashboard or service account: 14 characters, a
/// letter first, then `[a-z0-9]` (the shape of Grafana's
/// `util.GenerateShortUID` output).
pub(crate) fn generate_uid() -> String {
    let mut s = String::with_capacity(14);
    s.push(fastrand::char('a'..='f'));
    for _ in 0..13 {
        let c = if fastrand::bool() {
            fastrand::char('a'..='z')
        } else {
            fastrand::char('0'..='9')
        };
        s.push(c);
    }
    s
}

/// Uid validation for folders and dashboards
/// (`pkg/util/shortid_generator.go` `IsValidShortUID`, `IsShortUIDTooLong`).
pub(crate) enum UidProblem {
    IllegalCharacters,
    TooLong,
}

pub(crate) fn check_uid(uid: &str) -> Result<(), UidProblem> {
    if !uid
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(UidProblem::IllegalCharacters);
    }
    if uid.len() > 40 {
        return Err(UidProblem::TooLong);
    }
    Ok(())
}

/// Recursively sorts object keys, as Go's `encoding/json` writes maps
/// (dashboard JSON is a `map[string]any` in Grafana).
pub(crate) fn sort_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let mut out = Map::with_capacity(m.len());
            for k in keys {
                out.insert(k.clone(), sort_keys(&m[k]));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Demo Overview"), "demo-overview");
        assert_eq!(slugify("  A -- b!! "), "a-b");
        assert_eq!(slugify("Ünïcode"), "n-code");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn query_decoding() {
        let q = Query(parse_query(Some(
            "tag=a&tag=b+c&limit=x&query=%25_&flag=true",
        )));
        assert_eq!(q.all("tag"), vec!["a", "b c"]);
        assert_eq!(q.int("limit"), 0);
        assert_eq!(q.get("query"), Some("%_"));
        assert!(q.bool("flag"));
        assert!(!q.bool("nope"));
    }

    #[test]
    fn uids() {
        let u = generate_uid();
        assert_eq!(u.len(), 14);
        assert!(check_uid(&u).is_ok());
        assert!(matches!(
            check_uid("a/b"),
            Err(UidProblem::IllegalCharacters)
        ));
        assert!(matches!(
            check_uid(&"a".repeat(41)),
            Err(UidProblem::TooLong)
        ));
    }
}
