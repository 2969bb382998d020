//! Files: safe names from titles and uids, atomic writes, stable JSON.
//!
//! - [`safe_segment`] turns any string (a title, a uid, an org name) into one
//!   path segment that is valid on Linux, macOS and Windows: no separators,
//!   no dots (so no `.`/`..` and no hidden files), no control characters, no
//!   reserved device names (`CON`, `NUL`, `COM1`, ...), at most a given
//!   number of bytes.
//! - [`object_file_name`] names the file of one object from its title and
//!   uid; names of different uids never collide (a short hash of the uid is
//!   added when the uid had to be changed to be safe). The name is not meant
//!   to be parsed back: the uid is kept inside the file.
//! - [`write_atomic`] writes to a temporary name in the same directory and
//!   renames it over the target, so an interrupted run never leaves a
//!   half-written file.
//! - [`stable_json`] renders JSON with sorted keys, two-space indentation and
//!   a trailing newline, so that the same object always gives the same bytes
//!   (git-friendly).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

use crate::error::CliError;

/// Longest title part of a file name, in bytes.
pub const MAX_TITLE_BYTES: usize = 80;
/// Longest uid part of a file name, in bytes (before the hash).
pub const MAX_UID_BYTES: usize = 60;

const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// One safe path segment from `input`, at most `max_bytes` long (at least
/// 1): letters and digits (any script) and `_` are kept; every run of other
/// characters (separators, dots, spaces, `-`, control characters, emoji)
/// becomes one `-`, and none is left at either end; an empty result is `_`;
/// a Windows device name gets a leading `_`.
///
/// ```text
/// "../../etc/passwd" -> "etc-passwd"      "CON" -> "_CON"
/// "Ünïcode dash 🚀"  -> "Ünïcode-dash"     ""    -> "_"
/// ```
pub fn safe_segment(input: &str, max_bytes: usize) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut cut = out.trim_matches('-');
    let max = max_bytes.max(1);
    if cut.len() > max {
        let mut end = max;
        while !cut.is_char_boundary(end) {
            end -= 1;
        }
        cut = cut[..end].trim_end_matches('-');
    }
    let mut out = if cut.is_empty() {
        "_".to_string()
    } else {
        cut.to_string()
    };
    if RESERVED.contains(&out.to_ascii_lowercase().as_str()) {
        out.insert(0, '_');
    }
    out
}

/// FNV-1a, 64 bits: a stable, dependency-free fingerprint for names.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The uid part of a file name: the uid itself when it is already safe
/// (ASCII letters, digits, `_`, `-`, not too long), else its safe form plus
/// `-` and 8 hex digits of its hash, so two different uids never share a
/// name.
pub fn safe_uid(uid: &str) -> String {
    let plain = !uid.is_empty()
        && uid.len() <= MAX_UID_BYTES
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !uid.starts_with('-')
        && !RESERVED.contains(&uid.to_ascii_lowercase().as_str());
    if plain {
        return uid.to_string();
    }
    let hash = fnv1a(uid.as_bytes()) as u32;
    format!("{}-{hash:08x}", safe_segment(uid, MAX_UID_BYTES))
}

/// `<title>--<uid>.json`, both parts made safe ([`safe_segment`],
/// [`safe_uid`]); at most about 160 bytes, far below every file system's
/// limit.
pub fn object_file_name(title: &str, uid: &str, ext: &str) -> String {
    let title = safe_segment(title, MAX_TITLE_BYTES);
    format!("{title}--{}.{ext}", safe_uid(uid))
}

/// `value` with every object's keys sorted, recursively.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::with_capacity(map.len());
            for k in keys {
                out.insert(k.clone(), sorted(&map[k]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A view of a [`Value`] that serializes every object's keys in sorted
/// order, recursively, without copying the value.
struct SortedView<'a>(&'a Value);

impl serde::Serialize for SortedView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let mut m = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, &SortedView(v))?;
                }
                m.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&SortedView(v))?;
                }
                seq.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Pretty JSON with sorted keys and a trailing newline, as bytes: the same
/// bytes as `serde_json::to_string_pretty(&sorted(value))` plus `\n`, but
/// keys are sorted while writing, so the value is never copied.
pub fn stable_json_bytes(value: &Value) -> Vec<u8> {
    use serde::Serialize;
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    if SortedView(value).serialize(&mut ser).is_err() {
        // only a non-string map key can fail, and a Value has none
        out.clear();
        out.extend_from_slice(b"null");
    }
    out.push(b'\n');
    out
}

/// Pretty JSON with sorted keys and a trailing newline.
pub fn stable_json(value: &Value) -> String {
    // the serializer writes only valid UTF-8
    String::from_utf8(stable_json_bytes(value)).unwrap_or_else(|_| "null\n".into())
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically: parent directories are created, the
/// data goes to a temporary file next to it (mode 0600 when `private`,
/// else 0644, on Unix), is flushed to disk, then renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| CliError::io(&dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| CliError::usage(format!("{} is not a file name", path.display())))?;
    let tmp = dir.join(format!(
        ".{name}.tmp.{}.{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| -> std::io::Result<()> {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(if private { 0o600 } else { 0o644 });
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(CliError::io(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_safe() {
        assert_eq!(safe_segment("../../etc/passwd", 80), "etc-passwd");
        assert_eq!(safe_segment("..", 80), "_");
        assert_eq!(safe_segment("", 80), "_");
        assert_eq!(safe_segment(".hidden", 80), "hidden");
        assert_eq!(safe_segment("CON", 80), "_CON");
        assert_eq!(safe_segment("a\\b:c*d?e\"f<g>h|i", 80), "a-b-c-d-e-f-g-h-i");
        assert_eq!(safe_segment("Ünïcode dash 🚀", 80), "Ünïcode-dash");
        assert_eq!(safe_segment("tab\tnew\nline\0nul", 80), "tab-new-line-nul");
        assert_eq!(
            safe_segment("日本語のダッシュボード", 80),
            "日本語のダッシュボード"
        );
        let long = "x".repeat(500);
        assert_eq!(safe_segment(&long, 80).len(), 80);
        // cut on a char boundary
        let s = safe_segment(&"é".repeat(100), 81);
        assert_eq!(s.len(), 80);
    }

    #[test]
    fn uids_keep_plain_and_hash_others() {
        assert_eq!(safe_uid("demo-overview_1"), "demo-overview_1");
        let a = safe_uid("a/b");
        let b = safe_uid("a-b");
        let c = safe_uid("a.b");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("a-b-"), "{a}");
        assert_eq!(a.len(), "a-b-".len() + 8);
        assert!(safe_uid("..").starts_with("_-"));
        assert!(safe_uid("nul").starts_with("_nul-"));
    }

    #[test]
    fn object_names() {
        assert_eq!(
            object_file_name("CPU / Memory", "demo-overview", "json"),
            "CPU-Memory--demo-overview.json"
        );
        let n = object_file_name("../../x", "../y", "json");
        assert!(!n.contains('/') && !n.starts_with('.'), "{n}");
    }

    #[test]
    fn stable_json_sorts_and_ends_with_newline() {
        let v: Value =
            serde_json::from_str(r#"{"b":1,"a":{"d":[{"z":1,"y":2}],"c":null}}"#).unwrap();
        assert_eq!(
            stable_json(&v),
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
    }

    #[test]
    fn stable_json_matches_a_sorted_copy() {
        let v: Value = serde_json::from_str(
            r#"{"z":[{"b":[],"a":{}},1.5,"\u00e9\n"],"A":{"y":true,"x":[3,2,{"q":null,"p":-1}]},"m":{}}"#,
        )
        .unwrap();
        let mut want = serde_json::to_string_pretty(&sorted(&v)).unwrap();
        want.push('\n');
        assert_eq!(stable_json(&v), want);
        assert_eq!(stable_json_bytes(&v), want.into_bytes());
        assert_eq!(stable_json(&Value::Null), "null\n");
    }

    #[test]
    fn atomic_write_private_mode() {
        let dir = std::env::temp_dir().join(format!("grafctl-fsutil-{}", std::process::id()));
        let p = dir.join("sub").join("f.json");
        write_atomic(&p, b"one", true).unwrap();
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp."))
            .collect();
        assert!(leftovers.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
