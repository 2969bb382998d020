//! `labelSelector` and `fieldSelector` of `/apis` lists.
//!
//! Label selectors follow Kubernetes' syntax (`k8s.io/apimachinery
//! pkg/labels/selector.go`): comma-separated requirements `k`, `!k`, `k=v`,
//! `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`. Field selectors support
//! `metadata.name` only, the one field of Grafana's generic attribute set
//! (`pkg/apiserver/registry/generic/strategy.go` `GetAttrs`).
//!
//! The label `grafana.app/get-history` selects a dashboard's history
//! instead of matching labels (`apis.md` §5): from Grafana 12 `=true` with
//! `fieldSelector=metadata.name=<name>` (the documented form,
//! `resource-history.md`); before, `=<name>` without a field selector (the
//! older `GetHistoryRequest`, which refused field selectors next to it).

use serde_json::Value;

/// The history label.
const HISTORY: &str = "grafana.app/get-history";

#[derive(Debug, Clone, PartialEq)]
enum Op {
    Exists,
    NotExists,
    In(Vec<String>),
    NotIn(Vec<String>),
}

/// A parsed label selector (all requirements must match).
#[derive(Debug, Clone, Default)]
pub(crate) struct LabelSelector {
    reqs: Vec<(String, Op)>,
}

impl LabelSelector {
    /// Parses a selector; `Err` describes the first bad requirement.
    pub(crate) fn parse(s: &str) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in split_top(s) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            reqs.push(parse_requirement(part)?);
        }
        Ok(Self { reqs })
    }

    /// Whether the object's `metadata.labels` satisfy every requirement.
    pub(crate) fn matches(&self, obj: &Value) -> bool {
        let labels = obj.pointer("/metadata/labels").and_then(Value::as_object);
        self.reqs.iter().all(|(k, op)| {
            let v = labels.and_then(|l| l.get(k)).and_then(Value::as_str);
            match op {
                Op::Exists => v.is_some(),
                Op::NotExists => v.is_none(),
                Op::In(vals) => v.is_some_and(|v| vals.iter().any(|x| x == v)),
                Op::NotIn(vals) => v.is_none_or(|v| !vals.iter().any(|x| x == v)),
            }
        })
    }

    /// `Some` when the selector asks for history: the dashboard's name, or
    /// why the request is malformed. `field_name` is the `metadata.name`
    /// of the field selector; `release` picks the form (see the module
    /// docs).
    pub(crate) fn history_target(
        &self,
        field_name: Option<&str>,
        release: (u32, u32),
    ) -> Option<Result<String, String>> {
        let (_, op) = self.reqs.iter().find(|(k, _)| k == HISTORY)?;
        if self.reqs.len() > 1 {
            return Some(Err(format!("{HISTORY} must be the only label selector")));
        }
        let value = match op {
            Op::In(v) if v.len() == 1 => v[0].clone(),
            _ => return Some(Err(format!("{HISTORY} requires a single value"))),
        };
        Some(if release >= (12, 0) {
            match (value.as_str(), field_name) {
                ("true", Some(name)) => Ok(name.to_string()),
                _ => Err(format!(
                    "{HISTORY}=true requires fieldSelector=metadata.name=<name>"
                )),
            }
        } else {
            match field_name {
                None => Ok(value),
                Some(_) => Err(format!(
                    "{HISTORY} can not be combined with a field selector"
                )),
            }
        })
    }
}

/// Splits on commas outside parentheses.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn valid_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 316
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn parse_requirement(part: &str) -> Result<(String, Op), String> {
    let key_err = |k: &str| format!("{k:?}: invalid label key");
    if let Some(k) = part.strip_prefix('!') {
        let k = k.trim();
        return if valid_key(k) {
            Ok((k.to_string(), Op::NotExists))
        } else {
            Err(key_err(k))
        };
    }
    for (sep, neg) in [("!=", true), ("==", false), ("=", false)] {
        if let Some((k, v)) = part.split_once(sep) {
            let k = k.trim();
            if !valid_key(k) {
                return Err(key_err(k));
            }
            let vals = vec![v.trim().to_string()];
            return Ok((
                k.to_string(),
                if neg { Op::NotIn(vals) } else { Op::In(vals) },
            ));
        }
    }
    for (word, neg) in [(" notin ", true), (" in ", false)] {
        if let Some((k, rest)) = part.split_once(word) {
            let k = k.trim();
            if !valid_key(k) {
                return Err(key_err(k));
            }
            let rest = rest.trim();
            let inner = rest
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(|| format!("{part:?}: expected a parenthesised value list"))?;
            let vals: Vec<String> = inner
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect();
            return Ok((
                k.to_string(),
                if neg { Op::NotIn(vals) } else { Op::In(vals) },
            ));
        }
    }
    if valid_key(part) {
        Ok((part.to_string(), Op::Exists))
    } else {
        Err(key_err(part))
    }
}

/// The `metadata.name` a field selector asks for (`None`: no selector);
/// `Err` for any other field, as Grafana's generic attribute set has only
/// this one.
pub(crate) fn field_name(s: &str) -> Result<Option<String>, String> {
    let mut name = None;
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once("==")
            .or_else(|| part.split_once('='))
            .ok_or_else(|| format!("invalid selector: '{part}'; can't understand '{part}'"))?;
        let k = k.trim().trim_end_matches('!');
        if k != "metadata.name" || part.contains("!=") {
            return Err(format!("field label not supported: {}", k.trim()));
        }
        name = Some(v.trim().to_string());
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_selectors() {
        let obj = json!({"metadata": {"labels": {"team": "a", "tier": "web"}}});
        let ok = |s: &str| LabelSelector::parse(s).unwrap().matches(&obj);
        assert!(ok("team=a"));
        assert!(ok("team==a,tier"));
        assert!(ok("team in (a, b),!missing"));
        assert!(!ok("team notin (a)"));
        assert!(!ok("team!=a"));
        assert!(ok("other!=x"));
        assert!(!ok("missing"));
        assert!(ok(""));
        assert!(LabelSelector::parse("bad key=1").is_err());
    }

    #[test]
    fn history_forms() {
        let sel = LabelSelector::parse("grafana.app/get-history=true").unwrap();
        assert_eq!(
            sel.history_target(Some("d1"), (12, 2)),
            Some(Ok("d1".into()))
        );
        assert!(sel.history_target(None, (13, 0)).unwrap().is_err());
        let old = LabelSelector::parse("grafana.app/get-history=d1").unwrap();
        assert_eq!(old.history_target(None, (11, 6)), Some(Ok("d1".into())));
        assert!(old.history_target(Some("d1"), (11, 6)).unwrap().is_err());
        assert!(old.history_target(None, (12, 0)).unwrap().is_err());
        let mixed = LabelSelector::parse("grafana.app/get-history=true,a=b").unwrap();
        assert!(mixed.history_target(Some("d1"), (12, 2)).unwrap().is_err());
        assert!(LabelSelector::parse("a=b")
            .unwrap()
            .history_target(None, (12, 2))
            .is_none());
    }

    #[test]
    fn field_selectors() {
        assert_eq!(field_name("").unwrap(), None);
        assert_eq!(field_name("metadata.name=x").unwrap(), Some("x".into()));
        assert_eq!(field_name("metadata.name==x").unwrap(), Some("x".into()));
        assert_eq!(
            field_name("spec.title=x").unwrap_err(),
            "field label not supported: spec.title"
        );
        assert!(field_name("metadata.name!=x").is_err());
    }
}
