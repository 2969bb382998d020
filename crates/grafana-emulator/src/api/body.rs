//! Request bodies as Go's JSON binding reads them: a field that is absent or
//! `null` is its type's zero value, a field of the wrong type is a binding
//! error, which handlers answer with 400 `bad request data`
//! (`pkg/web/binding.go` `Bind`).

use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::{Map, Value};

/// Deserializes a request body into `T` as Grafana's `web.Bind` does; `Err`
/// is Grafana's 400 `{"message":"bad request data"}` (with `traceID`, as
/// `c.JsonApiErr(400, "bad request data", err)` writes it).
///
/// Use `#[serde(default, deserialize_with = "nullable")]` on fields that Go
/// would bind to a zero value when the JSON says `null`.
#[allow(clippy::result_large_err)] // see crate::api
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, axum::response::Response> {
    serde_json::from_slice(body)
        .map_err(|_| crate::api::respond::message_with_trace(400, "bad request data"))
}

/// A field Go binds into a plain (non-pointer) type: `null` is the zero
/// value (`T::default()`), like an absent field.
pub(crate) fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
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
