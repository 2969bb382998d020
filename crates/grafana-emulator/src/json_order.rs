//! JSON written with keys in the order Go's `encoding/json` uses for maps.

use bytes::Bytes;
use serde_json::{Map, Value};

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

/// `value` serialized as compact JSON with every object's keys sorted
/// recursively, as Go's `encoding/json` writes a `map[string]any`.
pub(crate) fn sorted_json(value: &Value) -> Bytes {
    Bytes::from(serde_json::to_vec(&sort_keys(value)).unwrap_or_default())
}
