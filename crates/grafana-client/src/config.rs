//! Client configuration: [`ClientBuilder`], and the `from_url` / `from_env`
//! shortcuts. The builder only fills a [`Settings`] value; each client's
//! `build()` (in `client.rs` and `blocking.rs`) turns it into a client.

use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::auth::{Authenticator, BasicAuth, TokenAuth};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::settings::{defaults, redact_url, Settings};

/// Builds a [`GrafanaApi`](crate::GrafanaApi) or a
/// [`blocking::GrafanaApi`](crate::blocking::GrafanaApi).
///
/// The names follow the Python package's `GrafanaApi(...)` keyword arguments
/// (`host`, `port`, `protocol`, `url_path_prefix`, `organization_id`, `verify`,
/// `timeout`, `user_agent`, `session_pool_size`). Problems are reported by
/// [`build`](ClientBuilder::build) as [`Error::Config`].
///
/// ```
/// use std::time::Duration;
/// use grafana_client::{GrafanaApi, TokenAuth};
///
/// let api = GrafanaApi::builder()
///     .protocol("https")
///     .host("grafana.example.com")
///     .url_path_prefix("grafana")
///     .auth(TokenAuth::new("glsa_example"))
///     .organization_id(2)
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// assert_eq!(api.base_url().as_str(), "https://grafana.example.com/grafana/");
/// # Ok::<(), grafana_client::Error>(())
/// ```
///
/// The type parameter is the client it builds: `ClientBuilder` (the default)
/// builds the async [`GrafanaApi`](crate::GrafanaApi); [`blocking`](ClientBuilder::blocking)
/// turns it into a builder of [`blocking::GrafanaApi`](crate::blocking::GrafanaApi).
#[must_use]
pub struct ClientBuilder<T = crate::GrafanaApi> {
    target: PhantomData<fn() -> T>,
    pub(crate) settings: Settings,
}

impl<T> Clone for ClientBuilder<T> {
    fn clone(&self) -> Self {
        ClientBuilder {
            target: PhantomData,
            settings: self.settings.clone(),
        }
    }
}

impl<T> Default for ClientBuilder<T> {
    fn default() -> Self {
        ClientBuilder {
            target: PhantomData,
            settings: Settings::default(),
        }
    }
}

impl ClientBuilder {
    /// A builder for `http://localhost/`, anonymous, with the defaults above.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder from a URL such as `https://user:pass@grafana.example.com/grafana/?verify=false`.
    ///
    /// - user and password (percent-decoded) become [`BasicAuth`];
    /// - the path becomes the sub-path, with or without a trailing slash;
    /// - `verify=false` (also `0`, `no`, `off`) turns off certificate checks;
    ///   any other query parameter is refused.
    ///
    /// ```
    /// let api = grafana_client::GrafanaApi::from_url("https://bot:p%40ss@h.example/grafana")?;
    /// assert_eq!(api.base_url().as_str(), "https://h.example/grafana/");
    /// # Ok::<(), grafana_client::Error>(())
    /// ```
    pub fn from_url(url: &str) -> Result<Self> {
        Self::default().apply_url(url)
    }

    /// A builder from the environment:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `GRAFANA_URL` | as [`from_url`](ClientBuilder::from_url); default [`defaults::URL`](crate::defaults::URL) |
    /// | `GRAFANA_TOKEN` | bearer token; overrides URL credentials; empty means none |
    /// | `GRAFANA_TIMEOUT` | total timeout in seconds (a positive number) |
    /// | `GRAFANA_ORG_ID` | organization id sent as `X-Grafana-Org-Id` |
    pub fn from_env() -> Result<Self> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }
}

impl<T> ClientBuilder<T> {
    /// The same settings, building another client type.
    pub(crate) fn retarget<U>(self) -> ClientBuilder<U> {
        ClientBuilder {
            target: PhantomData,
            settings: self.settings,
        }
    }

    /// Host name or IP address (default `localhost`).
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.settings.host = host.into();
        self
    }

    /// TCP port (default: the protocol's).
    pub fn port(mut self, port: u16) -> Self {
        self.settings.port = Some(port);
        self
    }

    /// `http` (default) or `https`.
    pub fn protocol(mut self, protocol: impl Into<String>) -> Self {
        self.settings.protocol = protocol.into();
        self
    }

    /// Sub-path Grafana is served under, e.g. `grafana` or `/grafana/` for
    /// `https://host/grafana/api/...`. Slashes around it do not matter.
    pub fn url_path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.settings.url_path_prefix = prefix.into();
        self
    }

    /// The whole base URL at once (`https://host:3000/grafana/`); replaces
    /// protocol, host, port and prefix. Credentials and `?verify=` in it are
    /// applied as by [`from_url`](ClientBuilder::from_url).
    pub fn url(self, url: &str) -> Self {
        match self.clone().apply_url(url) {
            Ok(b) => b,
            Err(e) => {
                let mut b = self;
                b.settings.url = Some(Err(e.to_string()));
                b
            }
        }
    }

    /// Credentials: [`TokenAuth`], [`BasicAuth`], [`HeaderAuth`](crate::HeaderAuth),
    /// [`Anonymous`](crate::Anonymous) or your own [`Authenticator`].
    pub fn auth(mut self, auth: impl Authenticator) -> Self {
        self.settings.auth = Arc::new(auth);
        self
    }

    /// Sends `X-Grafana-Org-Id: <id>` with every request (0 included).
    pub fn organization_id(mut self, id: i64) -> Self {
        self.settings.organization_id = Some(id);
        self
    }

    /// Total time one request attempt may take (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// Time allowed to open a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Verify the server's TLS certificate (default `true`). `false` accepts
    /// any certificate: only for testing.
    pub fn verify(mut self, verify: bool) -> Self {
        self.settings.verify = verify;
        self
    }

    /// Trust the CA certificates in this PEM file in addition to the system's.
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings.ca_file = Some(path.into());
        self
    }

    /// Present this client certificate (one PEM file holding the certificate
    /// chain and the private key) for mutual TLS.
    pub fn client_cert(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings.client_cert = Some(path.into());
        self
    }

    /// Send every request through this proxy. Without it, `HTTP_PROXY`,
    /// `HTTPS_PROXY` and `NO_PROXY` from the environment apply.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.settings.proxy = Some(Some(url.into()));
        self
    }

    /// Use no proxy at all, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.settings.proxy = Some(None);
        self
    }

    /// `User-Agent` header (default `grafana-client-rust/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.settings.user_agent = agent.into();
        self
    }

    /// Idle connections kept open per host (default 10).
    pub fn session_pool_size(mut self, size: usize) -> Self {
        self.settings.session_pool_size = size;
        self
    }

    /// Retry policy for every call (see [`RetryPolicy`]); calls may override it.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Largest response body accepted, in bytes (default 64 MiB). A larger
    /// body fails with [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.settings.max_response_bytes = limit;
        self
    }

    /// Follow same-origin redirects (default `true`). Redirects to another
    /// origin are never followed, so credentials never leave the origin.
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.settings.follow_redirects = follow;
        self
    }

    fn apply_url(mut self, url: &str) -> Result<Self> {
        let mut parsed = Url::parse(url.trim())
            .map_err(|e| Error::config(format!("`{}` is not a URL: {e}", redact_url(url))))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "URL scheme must be http or https, not `{}`",
                parsed.scheme()
            )));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(Error::config("URL has no host"));
        }
        if !parsed.username().is_empty() {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .map(|c| c.into_owned())
                    .map_err(|_| Error::config("URL credentials are not valid UTF-8"))
            };
            let user = decode(parsed.username())?;
            let password = decode(parsed.password().unwrap_or(""))?;
            self.settings.auth = Arc::new(BasicAuth::new(user, password));
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
        }
        for (key, value) in parsed.query_pairs() {
            match key.as_ref() {
                "verify" => {
                    self.settings.verify = parse_bool(&value).ok_or_else(|| {
                        Error::config(format!(
                            "URL parameter `verify` must be true or false, not `{value}`"
                        ))
                    })?
                }
                other => {
                    return Err(Error::config(format!(
                        "URL parameter `{other}` is not understood (only `verify` is)"
                    )))
                }
            }
        }
        parsed.set_query(None);
        parsed.set_fragment(None);
        if !parsed.path().ends_with('/') {
            let path = format!("{}/", parsed.path());
            parsed.set_path(&path);
        }
        self.settings.url = Some(Ok(parsed));
        Ok(self)
    }

    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let url = get("GRAFANA_URL").filter(|u| !u.trim().is_empty());
        let mut b = Self::default()
            .apply_url(url.as_deref().unwrap_or(defaults::URL))
            .map_err(|e| Error::config(format!("GRAFANA_URL: {}", strip_prefix(&e))))?;
        if let Some(token) = get("GRAFANA_TOKEN").filter(|t| !t.trim().is_empty()) {
            b.settings.auth = Arc::new(TokenAuth::new(token.trim()));
        }
        if let Some(raw) = get("GRAFANA_TIMEOUT").filter(|t| !t.trim().is_empty()) {
            let secs: f64 = raw.trim().parse().map_err(|_| {
                Error::config(format!(
                    "GRAFANA_TIMEOUT: `{raw}` is not a number of seconds"
                ))
            })?;
            if !(secs.is_finite() && secs > 0.0 && secs < 1e9) {
                return Err(Error::config(format!(
                    "GRAFANA_TIMEOUT: `{raw}` must be a positive number of seconds"
                )));
            }
            b.settings.timeout = Duration::from_secs_f64(secs);
        }
        if let Some(raw) = get("GRAFANA_ORG_ID").filter(|t| !t.trim().is_empty()) {
            let id: i64 = raw
                .trim()
                .parse()
                .map_err(|_| Error::config(format!("GRAFANA_ORG_ID: `{raw}` is not an integer")))?;
            b.settings.organization_id = Some(id);
        }
        Ok(b)
    }
}

impl<T> fmt::Debug for ClientBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.settings.debug_as("ClientBuilder", f)
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "t" | "y" => Some(true),
        "0" | "false" | "no" | "off" | "f" | "n" => Some(false),
        _ => None,
    }
}

fn strip_prefix(e: &Error) -> String {
    match e {
        Error::Config(m) => m.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> Result<ClientBuilder> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ClientBuilder::from_lookup(|k| map.get(k).cloned())
    }

    fn auth_dbg<T>(b: &ClientBuilder<T>) -> String {
        format!("{:?}", b.settings.auth)
    }

    #[test]
    fn builder_base_urls() {
        let b = ClientBuilder::new();
        assert_eq!(b.settings.base_url().unwrap().as_str(), "http://localhost/");
        let b = ClientBuilder::new()
            .protocol("https")
            .host("g.example")
            .port(8443)
            .url_path_prefix("grafana");
        assert_eq!(
            b.settings.base_url().unwrap().as_str(),
            "https://g.example:8443/grafana/"
        );
        for p in ["/grafana/", "grafana/", "/grafana", "grafana"] {
            let b = ClientBuilder::new().url_path_prefix(p);
            assert_eq!(
                b.settings.base_url().unwrap().path(),
                "/grafana/",
                "prefix {p:?}"
            );
        }
        let b = ClientBuilder::new().url_path_prefix("a/b");
        assert_eq!(b.settings.base_url().unwrap().path(), "/a/b/");
    }

    #[test]
    fn builder_rejects_bad_parts() {
        assert!(ClientBuilder::new()
            .protocol("ftp")
            .settings
            .base_url()
            .is_err());
        assert!(ClientBuilder::new().host("").settings.base_url().is_err());
        assert!(ClientBuilder::new()
            .host("a/b")
            .settings
            .base_url()
            .is_err());
        assert!(ClientBuilder::new()
            .host("u@h")
            .settings
            .base_url()
            .is_err());
        assert!(ClientBuilder::new()
            .url_path_prefix("a/../b")
            .settings
            .base_url()
            .is_err());
    }

    #[test]
    fn from_url_sub_paths() {
        for (url, path) in [
            ("https://h/grafana/", "/grafana/"),
            ("https://h/grafana", "/grafana/"),
            ("https://h", "/"),
            ("https://h/", "/"),
            ("http://h:3000/a/b", "/a/b/"),
        ] {
            let b = ClientBuilder::from_url(url).unwrap();
            assert_eq!(b.settings.base_url().unwrap().path(), path, "{url}");
        }
    }

    #[test]
    fn from_url_credentials_are_decoded_and_removed() {
        let b = ClientBuilder::from_url("http://bot%20one:p%40ss%3Aw@h:3000/").unwrap();
        let url = b.settings.base_url().unwrap();
        assert_eq!(url.as_str(), "http://h:3000/");
        let dbg = auth_dbg(&b);
        assert!(dbg.contains("bot one"), "{dbg}");
        assert!(!dbg.contains("p@ss"), "{dbg}");
        assert!(!format!("{b:?}").contains("p%40ss"));
    }

    #[test]
    fn from_url_verify() {
        assert!(
            !ClientBuilder::from_url("https://h/?verify=false")
                .unwrap()
                .settings
                .verify
        );
        assert!(
            !ClientBuilder::from_url("https://h/?verify=0")
                .unwrap()
                .settings
                .verify
        );
        assert!(
            ClientBuilder::from_url("https://h/?verify=true")
                .unwrap()
                .settings
                .verify
        );
        let e = ClientBuilder::from_url("https://h/?verify=maybe").unwrap_err();
        assert!(e.to_string().contains("verify"), "{e}");
        let e = ClientBuilder::from_url("https://h/?token=abc").unwrap_err();
        assert!(e.to_string().contains("`token`"), "{e}");
    }

    #[test]
    fn from_url_errors_never_show_passwords() {
        let e = ClientBuilder::from_url("ftp://u:hunter2@h/").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let e = ClientBuilder::from_url("http://u:hunter2@[bad/").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn from_env_defaults_to_local_admin() {
        let b = env(&[]).unwrap();
        assert_eq!(
            b.settings.base_url().unwrap().as_str(),
            "http://localhost:3000/"
        );
        assert!(auth_dbg(&b).contains("admin"));
        assert_eq!(b.settings.timeout, defaults::TIMEOUT);
    }

    #[test]
    fn from_env_token_overrides_url_credentials_and_empty_token_is_none() {
        let b = env(&[
            ("GRAFANA_URL", "http://u:p@h/"),
            ("GRAFANA_TOKEN", "glsa_x"),
        ])
        .unwrap();
        assert!(auth_dbg(&b).starts_with("TokenAuth"));
        let b = env(&[("GRAFANA_URL", "http://u:p@h/"), ("GRAFANA_TOKEN", "")]).unwrap();
        assert!(auth_dbg(&b).starts_with("BasicAuth"));
        let b = env(&[("GRAFANA_URL", "http://h/"), ("GRAFANA_TOKEN", "  ")]).unwrap();
        assert_eq!(auth_dbg(&b), "Anonymous");
    }

    #[test]
    fn from_env_bad_values_name_the_variable() {
        let e = env(&[("GRAFANA_TIMEOUT", "soon")]).unwrap_err().to_string();
        assert!(e.contains("GRAFANA_TIMEOUT") && e.contains("soon"), "{e}");
        for bad in ["-1", "0", "NaN", "inf"] {
            let e = env(&[("GRAFANA_TIMEOUT", bad)]).unwrap_err().to_string();
            assert!(
                e.contains("GRAFANA_TIMEOUT") && e.contains("positive"),
                "{e}"
            );
        }
        let b = env(&[("GRAFANA_TIMEOUT", "2.5")]).unwrap();
        assert_eq!(b.settings.timeout, Duration::from_millis(2500));
        let e = env(&[("GRAFANA_URL", "not a url")])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("configuration error: GRAFANA_URL:"), "{e}");
        let e = env(&[("GRAFANA_ORG_ID", "main")]).unwrap_err().to_string();
        assert!(e.contains("GRAFANA_ORG_ID"), "{e}");
        let b = env(&[("GRAFANA_ORG_ID", "0")]).unwrap();
        assert_eq!(b.settings.organization_id, Some(0));
    }

    #[test]
    fn redact_url_hides_user_information() {
        for (raw, shown) in [
            ("http://u:p@h:1/x", "http://[redacted]@h:1/x"),
            ("u:p@h:3128", "[redacted]@h:3128"),
            ("http://h/a@b", "http://h/a@b"),
            ("socks5://u@h", "socks5://[redacted]@h"),
            ("http://h", "http://h"),
            ("::x:p@", "[redacted]@"),
        ] {
            assert_eq!(redact_url(raw), shown, "{raw}");
        }
    }

    #[test]
    fn debug_redacts_proxy_password() {
        let b = ClientBuilder::new().proxy("puser:proxy-pass-777@proxy.example:3128");
        assert!(!format!("{b:?}").contains("proxy-pass-777"));
        let b = ClientBuilder::new().proxy("http://u:hunter2@proxy:3128");
        let dbg = format!("{b:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("proxy:3128"), "{dbg}");
    }
}
