//! Errors and outcomes of a command, and the exit codes they map to.
//!
//! | code | meaning |
//! |---:|---|
//! | 0 | success |
//! | 1 | error (not found, Grafana refused, file problem, ...) |
//! | 2 | usage error (bad flag or argument, missing configuration) |
//! | 3 | authentication or authorization failed (401/403) |
//! | 4 | partial failure: some items failed, the others were done |

use std::fmt;

use grafana_client::Error as ApiErr;

/// What kind of failure, and so which exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Exit code 1.
    General,
    /// Exit code 2.
    Usage,
    /// Exit code 3.
    Auth,
    /// Exit code 4.
    Partial,
}

impl ErrorKind {
    /// The process exit code of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::General => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Auth => 3,
            ErrorKind::Partial => 4,
        }
    }
}

/// A command's failure: a one-line message and, where it helps, what to do.
///
/// Never holds a secret: messages are built from Grafana's answers (which
/// carry none of ours) and from names, not from credentials.
#[derive(Debug, Clone)]
pub struct CliError {
    /// Which exit code.
    pub kind: ErrorKind,
    /// What went wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl CliError {
    /// An error (exit code 1).
    pub fn general(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::General,
            message: message.into(),
            hint: None,
        }
    }

    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::Usage,
            message: message.into(),
            hint: None,
        }
    }

    /// An authentication or permission error (exit code 3).
    pub fn auth(message: impl Into<String>) -> Self {
        CliError {
            kind: ErrorKind::Auth,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what the user can do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Prefixes the message with what was being done (`"dashboard abc: "`).
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.kind.exit_code()
    }

    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, err: std::io::Error) -> Self {
        CliError::general(format!("{}: {err}", path.display()))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

impl From<ApiErr> for CliError {
    fn from(err: ApiErr) -> Self {
        let status = err.status().map(|s| s.as_u16());
        let message = match &err {
            ApiErr::Api(api) => {
                let said = api
                    .message
                    .as_deref()
                    .filter(|m| !m.is_empty())
                    .unwrap_or("no message");
                format!(
                    "Grafana answered {} to {} {}: {said}",
                    api.status.as_u16(),
                    api.method,
                    api.path
                )
            }
            other => other.to_string(),
        };
        match status {
            Some(401) => CliError::auth(message)
                .hint("check the context's token or user and password: grafctl context show"),
            Some(403) => CliError::auth(message)
                .hint("the credentials lack the permission; use an Admin token or another org"),
            Some(404) => CliError::general(message).hint("check the uid, key or name"),
            Some(409) | Some(412) => CliError::general(message)
                .hint("it changed or exists already; use --overwrite to replace it"),
            _ => match &err {
                ApiErr::Connect { .. } | ApiErr::Timeout { .. } => CliError::general(message)
                    .hint("check the context's url and that Grafana is reachable"),
                ApiErr::InvalidArgument { .. } => CliError::usage(message),
                ApiErr::Config(_) => CliError::usage(message),
                _ => CliError::general(message),
            },
        }
    }
}

/// What a command did: the items that failed while others succeeded.
///
/// Non-empty `failures` end the run with exit code 4, after the failures
/// are listed on stderr.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// One line per failed item: what it was and why.
    pub failures: Vec<String>,
}

impl Outcome {
    /// Nothing failed.
    pub fn ok() -> Self {
        Outcome::default()
    }

    /// Records one failed item.
    pub fn fail(&mut self, what: impl fmt::Display, err: impl fmt::Display) {
        self.failures.push(format!("{what}: {err}"));
    }

    /// Whether nothing failed.
    pub fn is_ok(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Ends a run over many items (`done` succeeded, `failures` did not, each
/// with what it was): an auth failure is an auth error (exit 3, not 4); a
/// single item that failed alone is that item's error (exit 1); nothing
/// done at all is an error listing the failures (exit 1); otherwise the
/// failures are a partial outcome (exit 4).
pub fn conclude(done: usize, failures: Vec<(String, CliError)>) -> Result<Outcome, CliError> {
    if let Some((what, e)) = failures.iter().find(|(_, e)| e.kind == ErrorKind::Auth) {
        return Err(e.clone().context(what));
    }
    if done == 0 && failures.len() == 1 {
        if let Some((_, e)) = failures.into_iter().next() {
            return Err(e);
        }
        return Ok(Outcome::ok());
    }
    let mut out = Outcome::ok();
    for (what, e) in failures {
        out.fail(what, e);
    }
    if done == 0 && !out.is_ok() {
        return Err(CliError::general(format!(
            "all {} failed: {}",
            out.failures.len(),
            out.failures.join("; ")
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_documented_values() {
        assert_eq!(ErrorKind::General.exit_code(), 1);
        assert_eq!(ErrorKind::Usage.exit_code(), 2);
        assert_eq!(ErrorKind::Auth.exit_code(), 3);
        assert_eq!(ErrorKind::Partial.exit_code(), 4);
    }

    #[test]
    fn conclude_picks_the_exit_code() {
        let nf = || CliError::general("not found");
        assert_eq!(
            conclude(0, vec![("a".into(), nf())])
                .unwrap_err()
                .exit_code(),
            1
        );
        let two = conclude(0, vec![("a".into(), nf()), ("b".into(), nf())]);
        assert_eq!(two.unwrap_err().exit_code(), 1);
        let partial = conclude(3, vec![("a".into(), nf())]).unwrap();
        assert_eq!(partial.failures, vec!["a: not found".to_string()]);
        let auth = conclude(3, vec![("a".into(), CliError::auth("401"))]);
        assert_eq!(auth.unwrap_err().exit_code(), 3);
        assert!(conclude(2, vec![]).unwrap().is_ok());
    }

    #[test]
    fn display_is_one_line_with_hint() {
        let e = CliError::general("dashboard x not found").hint("check the uid");
        assert_eq!(e.to_string(), "dashboard x not found (check the uid)");
        let e = e.context("export");
        assert_eq!(
            e.to_string(),
            "export: dashboard x not found (check the uid)"
        );
    }
}
