//! A readable, structural diff of two JSON documents.
//!
//! Each [`Change`] names the JSON path (`.panels[0].title`) and the old and
//! new value; objects are compared key by key (in sorted key order, so the
//! report does not depend on the order a server wrote the keys in), arrays
//! index by index.
//! [`render`] prints one line per change:
//!
//! ```text
//! ~ .title: "Old" -> "New"
//! + .tags[1]: "prod"
//! - .panels[3]: {"id":4,"type":"text"}
//! ```

use serde_json::{json, Value};

/// What happened at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only in the new document.
    Added,
    /// Only in the old document.
    Removed,
    /// In both, with different values.
    Changed,
}

/// One difference.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// JSON path from the root, e.g. `.panels[0].title`; empty for the root.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The old value (removed, changed).
    pub old: Option<Value>,
    /// The new value (added, changed).
    pub new: Option<Value>,
}

/// The differences from `old` to `new`, skipping object keys for which
/// `ignore(path, key)` is true (e.g. server-set `id`, `version`).
pub fn diff_with(old: &Value, new: &Value, ignore: &dyn Fn(&str, &str) -> bool) -> Vec<Change> {
    let mut out = Vec::new();
    walk(String::new(), old, new, ignore, &mut out);
    out
}

/// The differences from `old` to `new`.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    diff_with(old, new, &|_, _| false)
}

/// Appends `key` to a path: `.key`, or `["key"]` when it is not a plain name.
pub fn key_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_string()))
    }
}

fn walk(
    path: String,
    old: &Value,
    new: &Value,
    ignore: &dyn Fn(&str, &str) -> bool,
    out: &mut Vec<Change>,
) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            // keys in sorted order, so the report does not depend on the
            // order the server wrote them in
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                if ignore(&path, k) {
                    continue;
                }
                let p = key_path(&path, k);
                match (a.get(k), b.get(k)) {
                    (Some(va), Some(vb)) => walk(p, va, vb, ignore, out),
                    (Some(va), None) => out.push(Change {
                        path: p,
                        kind: ChangeKind::Removed,
                        old: Some(va.clone()),
                        new: None,
                    }),
                    (None, Some(vb)) => out.push(Change {
                        path: p,
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(vb.clone()),
                    }),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let p = format!("{path}[{i}]");
                match (a.get(i), b.get(i)) {
                    (Some(va), Some(vb)) => walk(p, va, vb, ignore, out),
                    (Some(va), None) => out.push(Change {
                        path: p,
                        kind: ChangeKind::Removed,
                        old: Some(va.clone()),
                        new: None,
                    }),
                    (None, Some(vb)) => out.push(Change {
                        path: p,
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(vb.clone()),
                    }),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a != b => out.push(Change {
            path,
            kind: ChangeKind::Changed,
            old: Some(a.clone()),
            new: Some(b.clone()),
        }),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 200 {
        let mut cut: String = s.chars().take(199).collect();
        cut.push('…');
        cut
    } else {
        s
    }
}

/// One line per change (`~`, `+`, `-`), values as compact JSON (long ones
/// cut at 200 characters), control characters escaped by JSON.
pub fn render(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let path = if c.path.is_empty() { "." } else { &c.path };
        let line = match c.kind {
            ChangeKind::Added => format!(
                "+ {path}: {}",
                short(c.new.as_ref().unwrap_or(&Value::Null))
            ),
            ChangeKind::Removed => format!(
                "- {path}: {}",
                short(c.old.as_ref().unwrap_or(&Value::Null))
            ),
            ChangeKind::Changed => format!(
                "~ {path}: {} -> {}",
                short(c.old.as_ref().unwrap_or(&Value::Null)),
                short(c.new.as_ref().unwrap_or(&Value::Null))
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The changes as JSON: `[{"path", "op": "add|remove|change", "old", "new"}]`.
pub fn to_json(changes: &[Change]) -> Value {
    Value::Array(
        changes
            .iter()
            .map(|c| {
                let op = match c.kind {
                    ChangeKind::Added => "add",
                    ChangeKind::Removed => "remove",
                    ChangeKind::Changed => "change",
                };
                let mut o = json!({ "path": c.path, "op": op });
                if let Some(v) = &c.old {
                    o["old"] = v.clone();
                }
                if let Some(v) = &c.new {
                    o["new"] = v.clone();
                }
                o
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_kind_with_paths() {
        let a = json!({"title": "Old", "tags": ["a"], "panels": [{"id": 1}, {"id": 2}], "x y": 1});
        let b = json!({"title": "New", "tags": ["a", "b"], "panels": [{"id": 1}], "x y": 2});
        let d = diff(&a, &b);
        assert_eq!(
            render(&d),
            "- .panels[1]: {\"id\":2}\n+ .tags[1]: \"b\"\n~ .title: \"Old\" -> \"New\"\n~ [\"x y\"]: 1 -> 2\n"
        );
    }

    #[test]
    fn ignore_skips_keys() {
        let a = json!({"id": 1, "version": 3, "title": "t"});
        let b = json!({"id": 9, "version": 4, "title": "t"});
        assert!(diff_with(&a, &b, &|p, k| p.is_empty()
            && (k == "id" || k == "version"))
        .is_empty());
        assert_eq!(diff(&a, &b).len(), 2);
    }

    #[test]
    fn json_form() {
        let d = diff(&json!({"a": 1}), &json!({"b": 2}));
        assert_eq!(
            to_json(&d),
            json!([{"path": ".a", "op": "remove", "old": 1}, {"path": ".b", "op": "add", "new": 2}])
        );
    }
}
