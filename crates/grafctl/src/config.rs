//! The configuration file: named contexts (where a Grafana is and how to
//! log in), and which one is current.
//!
//! ```toml
//! current_context = "prod"
//!
//! [contexts.prod]
//! url = "https://grafana.example.com"
//! token_command = "pass show grafana/prod"
//! org = 1
//!
//! [contexts.lab]
//! url = "https://lab.example.com:3000"
//! user = "admin"
//! password = "admin"
//! insecure_skip_verify = true
//! ```
//!
//! Location: `--config FILE`, else `$GRAFCTL_CONFIG`, else
//! `$XDG_CONFIG_HOME/grafctl/config.toml`, else `~/.config/grafctl/config.toml`
//! (`%APPDATA%\grafctl\config.toml` on Windows). The file is always written
//! with mode 0600 (a temporary file renamed over it).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::CliError;

/// The whole file.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The context used when `--context` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_context: Option<String>,
    /// The contexts by name.
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
}

/// One Grafana and how to reach it.
#[derive(Default, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Base URL, e.g. `https://grafana.example.com/grafana`.
    pub url: String,
    /// Service-account or API token (wins over user/password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// A shell command that prints the token on stdout (run at each use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_command: Option<String>,
    /// Basic-auth user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Basic-auth password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Organization id sent as `X-Grafana-Org-Id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<i64>,
    /// Skip TLS certificate verification.
    #[serde(default, skip_serializing_if = "is_false")]
    pub insecure_skip_verify: bool,
    /// Extra CA certificate (PEM) to trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// What stands in for a secret wherever a context is shown.
pub const MASK: &str = "********";

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("url", &self.url)
            .field("token", &self.token.as_ref().map(|_| MASK))
            .field("token_command", &self.token_command)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| MASK))
            .field("org", &self.org)
            .field("insecure_skip_verify", &self.insecure_skip_verify)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl Context {
    /// How this context logs in, without the secret: `token`,
    /// `token-command`, `basic (user)` or `anonymous`.
    pub fn auth_kind(&self) -> String {
        if self.token.is_some() {
            "token".into()
        } else if self.token_command.is_some() {
            "token-command".into()
        } else if let Some(user) = &self.user {
            format!("basic ({user})")
        } else {
            "anonymous".into()
        }
    }

    /// The context as a JSON object with every secret replaced by [`MASK`]
    /// (the token command is shown: it names where the secret lives, not
    /// the secret).
    pub fn masked(&self) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        out.insert("url".into(), self.url.clone().into());
        out.insert("auth".into(), self.auth_kind().into());
        if self.token.is_some() {
            out.insert("token".into(), MASK.into());
        }
        if let Some(cmd) = &self.token_command {
            out.insert("token_command".into(), cmd.clone().into());
        }
        if let Some(user) = &self.user {
            out.insert("user".into(), user.clone().into());
        }
        if self.password.is_some() {
            out.insert("password".into(), MASK.into());
        }
        if let Some(org) = self.org {
            out.insert("org".into(), org.into());
        }
        if self.insecure_skip_verify {
            out.insert("insecure_skip_verify".into(), true.into());
        }
        if let Some(ca) = &self.ca_file {
            out.insert("ca_file".into(), ca.display().to_string().into());
        }
        serde_json::Value::Object(out)
    }
}

/// Where the configuration file is: `explicit`, else `$GRAFCTL_CONFIG`,
/// else the XDG location.
pub fn config_path(explicit: Option<&Path>) -> Result<PathBuf, CliError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("GRAFCTL_CONFIG").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            if cfg!(windows) {
                std::env::var_os("APPDATA").map(PathBuf::from)
            } else {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".config"))
            }
        })
        .ok_or_else(|| {
            CliError::usage("cannot find a configuration directory")
                .hint("set HOME or XDG_CONFIG_HOME, or pass --config FILE")
        })?;
    Ok(base.join("grafctl").join("config.toml"))
}

impl ConfigFile {
    /// Reads the file; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<ConfigFile, CliError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => return Err(CliError::io(path, e)),
        };
        toml::from_str(&text).map_err(|e| {
            // toml's message quotes the offending line, which may hold a
            // secret: keep only its first line (the position and reason).
            let first = e.message().lines().next().unwrap_or("invalid TOML");
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!(" at line {line}")
                })
                .unwrap_or_default();
            CliError::usage(format!("{}{at}: {first}", path.display()))
                .hint("fix or remove the file; grafctl context add rewrites it")
        })
    }

    /// Writes the file with mode 0600, atomically.
    pub fn save(&self, path: &Path) -> Result<(), CliError> {
        let text = toml::to_string_pretty(self)
            .map_err(|e| CliError::general(format!("cannot encode the configuration: {e}")))?;
        crate::fsutil::write_atomic(path, text.as_bytes(), true)
    }

    /// The named context.
    pub fn get(&self, name: &str) -> Result<&Context, CliError> {
        self.contexts.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.contexts.keys().map(String::as_str).collect();
            CliError::usage(format!("no context named {name:?}")).hint(if known.is_empty() {
                "add one with grafctl context add NAME --url URL".to_string()
            } else {
                format!("known contexts: {}", known.join(", "))
            })
        })
    }
}

/// The connection settings a command runs with, after the file, the
/// environment and the flags are combined.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Name of the context (`env` when it came from the environment alone).
    pub name: String,
    /// The settings.
    pub context: Context,
    /// Which environment variables overrode the file.
    pub from_env: Vec<&'static str>,
}

/// Environment variables that override the file, read through `lookup`.
pub struct EnvOverrides {
    url: Option<String>,
    token: Option<String>,
    user: Option<String>,
    password: Option<String>,
    org: Option<String>,
}

impl EnvOverrides {
    /// Reads `GRAFANA_URL` (or `GRAFANA_SERVER`), `GRAFANA_TOKEN`,
    /// `GRAFANA_USER`, `GRAFANA_PASSWORD`, `GRAFANA_ORG_ID`; empty values
    /// count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| lookup(k).filter(|v| !v.is_empty());
        EnvOverrides {
            url: get("GRAFANA_URL").or_else(|| get("GRAFANA_SERVER")),
            token: get("GRAFANA_TOKEN"),
            user: get("GRAFANA_USER"),
            password: get("GRAFANA_PASSWORD"),
            org: get("GRAFANA_ORG_ID"),
        }
    }

    /// From the process environment.
    pub fn from_env() -> Self {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    fn is_empty(&self) -> bool {
        self.url.is_none()
            && self.token.is_none()
            && self.user.is_none()
            && self.password.is_none()
            && self.org.is_none()
    }
}

/// Picks the context: `explicit` (from `--context`) is taken from the file
/// as it is; otherwise the environment wins over the file's current context
/// (with `GRAFANA_URL` alone, no file is needed).
pub fn resolve(
    file: &ConfigFile,
    explicit: Option<&str>,
    env: &EnvOverrides,
) -> Result<Resolved, CliError> {
    if let Some(name) = explicit {
        return Ok(Resolved {
            name: name.to_string(),
            context: file.get(name)?.clone(),
            from_env: Vec::new(),
        });
    }
    let (name, mut ctx) = match (&env.url, &file.current_context) {
        // A URL from the environment starts a fresh context: credentials of
        // the file's context must not go to another server.
        (Some(_), _) => ("env".to_string(), Context::default()),
        (None, Some(cur)) => (cur.clone(), file.get(cur)?.clone()),
        (None, None) => {
            return Err(CliError::usage("no Grafana to talk to").hint(
                "set GRAFANA_URL (and GRAFANA_TOKEN), or add a context: grafctl context add NAME --url URL --token-stdin",
            ))
        }
    };
    let mut from_env = Vec::new();
    if env.is_empty() {
        return Ok(Resolved {
            name,
            context: ctx,
            from_env,
        });
    }
    if let Some(url) = &env.url {
        ctx.url = url.clone();
        from_env.push("GRAFANA_URL");
    }
    if let Some(token) = &env.token {
        ctx.token = Some(token.clone());
        ctx.token_command = None;
        from_env.push("GRAFANA_TOKEN");
    }
    if let Some(user) = &env.user {
        ctx.user = Some(user.clone());
        from_env.push("GRAFANA_USER");
    }
    if let Some(password) = &env.password {
        ctx.password = Some(password.clone());
        from_env.push("GRAFANA_PASSWORD");
    }
    if (env.user.is_some() || env.password.is_some()) && env.token.is_none() {
        ctx.token = None;
        ctx.token_command = None;
    }
    if let Some(org) = &env.org {
        let id = org.trim().parse::<i64>().map_err(|_| {
            CliError::usage(format!("GRAFANA_ORG_ID must be a number, not {org:?}"))
        })?;
        ctx.org = Some(id);
        from_env.push("GRAFANA_ORG_ID");
    }
    Ok(Resolved {
        name,
        context: ctx,
        from_env,
    })
}

/// Runs `command` with the shell and returns its trimmed stdout (the token).
pub fn run_token_command(command: &str) -> Result<String, CliError> {
    let output = if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", command])
            .output()
    } else {
        std::process::Command::new("sh")
            .args(["-c", command])
            .output()
    }
    .map_err(|e| CliError::general(format!("token_command could not start: {e}")))?;
    if !output.status.success() {
        // stderr is the command's own message; stdout may be a secret.
        let err = String::from_utf8_lossy(&output.stderr);
        let first = err.lines().next().unwrap_or("").trim();
        return Err(CliError::auth(format!(
            "token_command failed ({}){}{first}",
            output.status,
            if first.is_empty() { "" } else { ": " }
        )));
    }
    let token = String::from_utf8(output.stdout)
        .map_err(|_| CliError::auth("token_command printed something that is not UTF-8"))?;
    let token = token.trim().to_string();
    if token.is_empty() {
        return Err(CliError::auth("token_command printed no token"));
    }
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> ConfigFile {
        let mut f = ConfigFile {
            current_context: Some("prod".into()),
            ..Default::default()
        };
        f.contexts.insert(
            "prod".into(),
            Context {
                url: "https://prod.example".into(),
                token: Some("s3cret-token".into()),
                org: Some(2),
                ..Default::default()
            },
        );
        f
    }

    fn env(pairs: &[(&str, &str)]) -> EnvOverrides {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EnvOverrides::from_lookup(move |k| {
            pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn current_context_without_env() {
        let r = resolve(&file(), None, &env(&[])).unwrap();
        assert_eq!(r.name, "prod");
        assert_eq!(r.context.url, "https://prod.example");
        assert!(r.from_env.is_empty());
    }

    #[test]
    fn env_url_starts_fresh_without_file_credentials() {
        let r = resolve(&file(), None, &env(&[("GRAFANA_SERVER", "http://x")])).unwrap();
        assert_eq!(r.name, "env");
        assert_eq!(r.context.url, "http://x");
        assert_eq!(r.context.token, None);
        assert_eq!(r.context.org, None);
    }

    #[test]
    fn env_token_overrides_current_context() {
        let r = resolve(&file(), None, &env(&[("GRAFANA_TOKEN", "t2")])).unwrap();
        assert_eq!(r.name, "prod");
        assert_eq!(r.context.token.as_deref(), Some("t2"));
        assert_eq!(r.from_env, vec!["GRAFANA_TOKEN"]);
    }

    #[test]
    fn explicit_context_ignores_env() {
        let r = resolve(&file(), Some("prod"), &env(&[("GRAFANA_URL", "http://x")])).unwrap();
        assert_eq!(r.context.url, "https://prod.example");
    }

    #[test]
    fn bad_org_is_usage_error() {
        let e = resolve(&file(), None, &env(&[("GRAFANA_ORG_ID", "two")])).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn debug_and_masked_hide_secrets() {
        let ctx = Context {
            url: "u".into(),
            token: Some("s3cret-token".into()),
            password: Some("pw-s3cret".into()),
            user: Some("bob".into()),
            ..Default::default()
        };
        let dbg = format!("{ctx:?}");
        assert!(!dbg.contains("s3cret"), "{dbg}");
        let shown = ctx.masked().to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains(MASK));
    }

    #[test]
    fn round_trips_through_toml() {
        let f = file();
        let text = toml::to_string_pretty(&f).unwrap();
        let back: ConfigFile = toml::from_str(&text).unwrap();
        assert_eq!(back, f);
    }
}
