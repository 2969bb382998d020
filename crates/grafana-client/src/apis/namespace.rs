//! Namespaces: how `/apis` names an organization.
//!
//! | Deployment | Namespace |
//! |---|---|
//! | org 1 | `default` (never `org-1`, which Grafana refuses) |
//! | org N ≥ 2 | `org-N` |
//! | Grafana Cloud | `stacks-<stack id>`, whatever the org |
//!
//! (Rules of grafana/authlib `types/namespace.go`, `ParseNamespace` and the
//! org formatter.) On Grafana Cloud the namespace is read from
//! `GET /bootdata` `settings.namespace`, as Grafana's own CLI does; see
//! [`Apis::detect`](super::Apis::detect).

use crate::error::{Error, Result};

/// The namespace of an organization: `default` for org 1, `org-N` for the
/// others; an id below 1 is refused.
///
/// ```
/// use grafana_client::apis::namespace_for_org;
/// assert_eq!(namespace_for_org(1).unwrap(), "default");
/// assert_eq!(namespace_for_org(7).unwrap(), "org-7");
/// assert!(namespace_for_org(0).is_err());
/// ```
pub fn namespace_for_org(org_id: i64) -> Result<String> {
    match org_id {
        1 => Ok("default".to_owned()),
        n if n >= 2 => Ok(format!("org-{n}")),
        n => Err(Error::invalid_argument(
            "org_id",
            format!("{n} is not an organization id (ids start at 1)"),
        )),
    }
}

/// What a namespace names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NamespaceOwner {
    /// An organization of a self-hosted Grafana.
    Org(i64),
    /// A Grafana Cloud stack (org 1 of it).
    Stack(i64),
}

/// Reads a namespace the way Grafana does: `default` is org 1, `org-N` org N
/// (`org-1`, `org-0` and non-numbers are refused), `stacks-N` stack N.
///
/// ```
/// use grafana_client::apis::{parse_namespace, NamespaceOwner};
/// assert_eq!(parse_namespace("default").unwrap(), NamespaceOwner::Org(1));
/// assert_eq!(parse_namespace("org-3").unwrap(), NamespaceOwner::Org(3));
/// assert_eq!(parse_namespace("stacks-42").unwrap(), NamespaceOwner::Stack(42));
/// assert!(parse_namespace("org-1").is_err());
/// ```
pub fn parse_namespace(namespace: &str) -> Result<NamespaceOwner> {
    let bad = |why: &str| Error::invalid_argument("namespace", format!("`{namespace}`: {why}"));
    if namespace == "default" {
        return Ok(NamespaceOwner::Org(1));
    }
    if let Some(n) = namespace.strip_prefix("org-") {
        return match n.parse::<i64>() {
            Ok(1) => Err(bad("use `default` rather than `org-1`")),
            Ok(id) if id >= 2 && !n.starts_with(['+', '0']) => Ok(NamespaceOwner::Org(id)),
            _ => Err(bad("invalid org id")),
        };
    }
    if let Some(n) = namespace.strip_prefix("stacks-") {
        return match n.parse::<i64>() {
            Ok(id) if id >= 1 && !n.starts_with('+') => Ok(NamespaceOwner::Stack(id)),
            _ => Err(bad("invalid stack id")),
        };
    }
    Err(bad("neither `default`, `org-<id>` nor `stacks-<id>`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_follow_grafana_rules() {
        assert_eq!(namespace_for_org(2).unwrap(), "org-2");
        assert!(namespace_for_org(-4).is_err());
        for bad in [
            "org-1", "org-0", "org-x", "org-", "org-+5", "org-05", "stacks-", "stacks-0",
            "stack-4", "", "Default",
        ] {
            assert!(parse_namespace(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_namespace("org-12").unwrap(), NamespaceOwner::Org(12));
        for id in [1, 2, 99] {
            let ns = namespace_for_org(id).unwrap();
            assert_eq!(parse_namespace(&ns).unwrap(), NamespaceOwner::Org(id));
        }
    }
}
