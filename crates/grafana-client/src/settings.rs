//! The client's settings as plain data ([`Settings`]) and their defaults
//! ([`defaults`](crate::defaults)).
//!
//! [`ClientBuilder`](crate::ClientBuilder) fills a `Settings`; the transport
//! is built from one (`Core::new(&Settings)`). Nothing here knows which
//! client will be built, so one value serves the async and the blocking
//! client alike.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::{Anonymous, Authenticator};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;

/// Default values of the [`ClientBuilder`](crate::ClientBuilder) settings.
///
/// Each is also re-exported at the crate root under its historical name
/// (`grafana_client::DEFAULT_TIMEOUT` is `defaults::TIMEOUT`).
///
/// ```
/// use std::time::Duration;
/// assert_eq!(grafana_client::defaults::TIMEOUT, Duration::from_secs(30));
/// assert!(grafana_client::defaults::USER_AGENT.starts_with("grafana-client-rust/"));
/// ```
pub mod defaults {
    use std::time::Duration;

    /// URL used by [`ClientBuilder::from_env`](crate::ClientBuilder::from_env)
    /// when `GRAFANA_URL` is not set: a local Grafana with its out-of-the-box
    /// credentials.
    pub const URL: &str = "http://admin:admin@localhost:3000";

    /// Time allowed to open a connection.
    pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

    /// Total time one request attempt may take.
    pub const TIMEOUT: Duration = Duration::from_secs(30);

    /// Largest response body accepted, in bytes (64 MiB: large dashboards
    /// fit, a runaway body does not exhaust memory).
    pub const MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

    /// Idle connections kept per host.
    pub const POOL_SIZE: usize = 10;

    /// The `User-Agent` sent unless
    /// [`ClientBuilder::user_agent`](crate::ClientBuilder::user_agent) says
    /// otherwise.
    pub const USER_AGENT: &str = concat!("grafana-client-rust/", env!("CARGO_PKG_VERSION"));
}

/// Everything a client is built from. Plain data: cloning it is cheap (the
/// authenticator is shared), and its `Debug` hides secrets (the
/// authenticator redacts itself, proxy credentials are replaced).
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) protocol: String,
    pub(crate) host: String,
    pub(crate) port: Option<u16>,
    pub(crate) url_path_prefix: String,
    /// A whole base URL, when one was given; an invalid one keeps its error
    /// (already redacted) for `build()` to report.
    pub(crate) url: Option<std::result::Result<Url, String>>,
    pub(crate) auth: Arc<dyn Authenticator>,
    pub(crate) organization_id: Option<i64>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) verify: bool,
    pub(crate) ca_file: Option<PathBuf>,
    pub(crate) client_cert: Option<PathBuf>,
    /// `None`: the environment's proxy settings; `Some(None)`: no proxy.
    pub(crate) proxy: Option<Option<String>>,
    pub(crate) user_agent: String,
    pub(crate) session_pool_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    pub(crate) follow_redirects: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            protocol: "http".into(),
            host: "localhost".into(),
            port: None,
            url_path_prefix: String::new(),
            url: None,
            auth: Arc::new(Anonymous),
            organization_id: None,
            connect_timeout: defaults::CONNECT_TIMEOUT,
            timeout: defaults::TIMEOUT,
            verify: true,
            ca_file: None,
            client_cert: None,
            proxy: None,
            user_agent: defaults::USER_AGENT.into(),
            session_pool_size: defaults::POOL_SIZE,
            retry: RetryPolicy::default(),
            max_response_bytes: defaults::MAX_RESPONSE_BYTES,
            follow_redirects: true,
        }
    }
}

impl Settings {
    /// The base URL these settings point at (always ending in `/`).
    pub(crate) fn base_url(&self) -> Result<Url> {
        if let Some(url) = &self.url {
            return url.clone().map_err(Error::Config);
        }
        if !matches!(self.protocol.as_str(), "http" | "https") {
            return Err(Error::config(format!(
                "protocol must be http or https, not `{}`",
                self.protocol
            )));
        }
        if self.host.is_empty() || self.host.contains(['/', '?', '#', '@']) {
            return Err(Error::config(format!(
                "host `{}` is not a host name",
                self.host
            )));
        }
        let prefix = self.url_path_prefix.trim_matches('/');
        let mut url = Url::parse(&format!("{}://{}/", self.protocol, self.host))
            .map_err(|e| Error::config(format!("host `{}` is not valid: {e}", self.host)))?;
        url.set_port(self.port)
            .map_err(|_| Error::config("port cannot be set on this URL"))?;
        if !prefix.is_empty() {
            let mut segments = url
                .path_segments_mut()
                .map_err(|_| Error::config("URL cannot have a path"))?;
            segments.clear();
            for seg in prefix.split('/') {
                if seg.is_empty() || seg == "." || seg == ".." {
                    return Err(Error::config(format!(
                        "url_path_prefix `{}` has an empty or dot segment",
                        self.url_path_prefix
                    )));
                }
                segments.push(seg);
            }
            segments.push("");
        }
        Ok(url)
    }

    /// Writes the fields under `name` (the builder shows itself this way).
    pub(crate) fn debug_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = match &self.url {
            Some(Ok(u)) => Some(u.as_str().to_owned()),
            Some(Err(e)) => Some(format!("<invalid: {e}>")),
            None => None,
        };
        f.debug_struct(name)
            .field("protocol", &self.protocol)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("url_path_prefix", &self.url_path_prefix)
            .field("url", &url)
            .field("auth", &self.auth)
            .field("organization_id", &self.organization_id)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("verify", &self.verify)
            .field("ca_file", &self.ca_file)
            .field("client_cert", &self.client_cert)
            .field(
                "proxy",
                &self.proxy.as_ref().map(|p| p.as_deref().map(redact_url)),
            )
            .field("user_agent", &self.user_agent)
            .field("session_pool_size", &self.session_pool_size)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("follow_redirects", &self.follow_redirects)
            .finish()
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.debug_as("Settings", f)
    }
}

/// A URL with its user information (credentials) replaced, for messages.
/// Works on text that is not a URL too (`user:pass@proxy:3128`): whatever
/// stands before the last `@` of the authority is hidden.
pub(crate) fn redact_url(raw: &str) -> String {
    let (scheme, rest) = match raw.find("://") {
        Some(i) => raw.split_at(i + 3),
        None => ("", raw),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}[redacted]@{}", &rest[at + 1..]),
        None => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{BasicAuth, TokenAuth};

    #[test]
    fn defaults_are_the_documented_ones() {
        let s = Settings::default();
        assert_eq!(s.base_url().unwrap().as_str(), "http://localhost/");
        assert_eq!(s.timeout, Duration::from_secs(30));
        assert_eq!(s.connect_timeout, Duration::from_secs(5));
        assert_eq!(s.max_response_bytes, 64 * 1024 * 1024);
        assert_eq!(s.session_pool_size, 10);
        assert!(s.verify && s.follow_redirects);
        assert_eq!(format!("{:?}", s.auth), "Anonymous");
    }

    #[test]
    fn a_clone_shares_the_authenticator_and_copies_the_rest() {
        let mut s = Settings {
            auth: Arc::new(TokenAuth::new("glsa_secret")),
            ..Settings::default()
        };
        let c = s.clone();
        assert!(Arc::ptr_eq(&s.auth, &c.auth));
        s.host = "other".into();
        assert_eq!(c.host, "localhost");
    }

    #[test]
    fn debug_hides_every_secret() {
        let s = Settings {
            auth: Arc::new(BasicAuth::new("bot", "hunter2-pass")),
            proxy: Some(Some("http://pu:proxy-pass-9@proxy:3128".into())),
            ..Settings::default()
        };
        let dbg = format!("{s:?}");
        assert!(dbg.starts_with("Settings {"), "{dbg}");
        assert!(!dbg.contains("hunter2-pass"), "{dbg}");
        assert!(!dbg.contains("proxy-pass-9"), "{dbg}");
        assert!(dbg.contains("proxy:3128") && dbg.contains("bot"), "{dbg}");
    }
}
