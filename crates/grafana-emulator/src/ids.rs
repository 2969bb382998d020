//! Generated and validated identifiers: uids and slugs.

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
