//! Data-source uid remapping, for copying objects between instances whose
//! data sources have other uids.
//!
//! Every place a data source is referenced is rewritten: `"datasource":
//! "<uid or name>"` and `"datasource": {"uid": ...}` anywhere in a document
//! (dashboard panels, their targets, rows' panels, templating variables,
//! annotation queries, library panel models) and `"datasourceUid"` (alert
//! rule queries).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::CliError;

/// Old uid → new uid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remap {
    map: BTreeMap<String, String>,
}

impl Remap {
    /// A remap from `old=new` pairs (`--map-datasource`).
    pub fn from_pairs(pairs: &[String]) -> Result<Remap, CliError> {
        let mut map = BTreeMap::new();
        for p in pairs {
            let (old, new) = p
                .split_once('=')
                .filter(|(o, n)| !o.is_empty() && !n.is_empty())
                .ok_or_else(|| {
                    CliError::usage(format!("--map-datasource {p:?}: expected OLD=NEW"))
                })?;
            map.insert(old.to_string(), new.to_string());
        }
        Ok(Remap { map })
    }

    /// Adds `old` → `new` (an explicit pair wins over one added later).
    pub fn add(&mut self, old: &str, new: &str) {
        self.map
            .entry(old.to_string())
            .or_insert_with(|| new.to_string());
    }

    /// Whether there is nothing to remap.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The pairs, sorted by old uid.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    fn swap(&self, s: &mut String) -> bool {
        match self.map.get(s.as_str()) {
            Some(new) if new != s => {
                *s = new.clone();
                true
            }
            _ => false,
        }
    }

    /// Rewrites every data-source reference in `doc`; returns how many.
    pub fn apply(&self, doc: &mut Value) -> usize {
        if self.map.is_empty() {
            return 0;
        }
        let mut n = 0;
        self.walk(doc, &mut n);
        n
    }

    fn walk(&self, v: &mut Value, n: &mut usize) {
        match v {
            Value::Object(m) => {
                for (k, child) in m.iter_mut() {
                    match (k.as_str(), &mut *child) {
                        ("datasource", Value::String(s)) | ("datasourceUid", Value::String(s)) => {
                            if self.swap(s) {
                                *n += 1;
                            }
                        }
                        ("datasource", Value::Object(ds)) => {
                            if let Some(Value::String(uid)) = ds.get_mut("uid") {
                                if self.swap(uid) {
                                    *n += 1;
                                }
                            }
                        }
                        _ => self.walk(child, n),
                    }
                }
            }
            Value::Array(items) => {
                for i in items {
                    self.walk(i, n);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrites_every_reference() {
        let r = Remap::from_pairs(&["old=new".into(), "Old Name=new".into()]).unwrap();
        let mut d = json!({
            "panels": [
                {"datasource": {"type": "x", "uid": "old"},
                 "targets": [{"datasource": {"uid": "old"}}, {"datasource": {"uid": "other"}}]},
                {"type": "row", "panels": [{"datasource": "Old Name"}]}
            ],
            "templating": {"list": [{"datasource": {"uid": "old"}}]},
            "annotations": {"list": [{"datasource": {"uid": "old"}}]},
            "data": [{"datasourceUid": "old"}]
        });
        assert_eq!(r.apply(&mut d), 6);
        assert_eq!(d["panels"][0]["targets"][1]["datasource"]["uid"], "other");
        assert_eq!(d["panels"][1]["panels"][0]["datasource"], "new");
        assert_eq!(d["data"][0]["datasourceUid"], "new");
        assert!(Remap::from_pairs(&["nope".into()]).is_err());
    }
}
