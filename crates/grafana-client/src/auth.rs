//! How requests prove who they come from.
//!
//! Pick one of [`Anonymous`], [`TokenAuth`] (service-account token or API key,
//! sent as `Authorization: Bearer`), [`BasicAuth`] (login and password) or
//! [`HeaderAuth`] (any header, e.g. `X-WEBAUTH-USER` behind an auth proxy), or
//! implement [`Authenticator`] for anything else.
//!
//! Every secret is held in a [`secrecy::SecretString`] and the header values are
//! marked sensitive: `Debug` shows `[redacted]`, never the secret.
//!
//! ```
//! use grafana_client::{BasicAuth, HeaderAuth, TokenAuth};
//! let token = TokenAuth::new("glsa_example_token_1234");
//! assert!(!format!("{token:?}").contains("glsa_example"));
//! let basic = BasicAuth::new("admin", "s3cret");
//! assert!(!format!("{basic:?}").contains("s3cret"));
//! let proxy = HeaderAuth::new("X-WEBAUTH-USER", "alice").unwrap();
//! assert!(!format!("{proxy:?}").contains("alice"));
//! ```

use std::fmt;

use base64::Engine as _;
use http::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};

/// Adds credentials to every request a client sends.
///
/// Implement it for schemes the crate does not ship (signed headers, tokens
/// fetched from a vault). Mark secret header values with
/// [`HeaderValue::set_sensitive`], and keep secrets out of your `Debug` output.
///
/// ```
/// use grafana_client::{Authenticator, Result};
/// use http::{HeaderMap, HeaderValue};
///
/// #[derive(Debug)]
/// struct Tenant(&'static str);
///
/// impl Authenticator for Tenant {
///     fn apply(&self, headers: &mut HeaderMap) -> Result<()> {
///         headers.insert("x-scope-orgid", HeaderValue::from_static(self.0));
///         Ok(())
///     }
/// }
/// ```
pub trait Authenticator: fmt::Debug + Send + Sync + 'static {
    /// Adds this authenticator's headers to an outgoing request.
    fn apply(&self, headers: &mut HeaderMap) -> Result<()>;

    /// Names of the headers this authenticator sets. They are never sent to
    /// another origin on a redirect. Defaults to `Authorization`.
    fn header_names(&self) -> Vec<HeaderName> {
        vec![AUTHORIZATION]
    }
}

/// No credentials at all. Grafana answers 401 on most routes unless anonymous
/// access is enabled on the server.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

impl Authenticator for Anonymous {
    fn apply(&self, _headers: &mut HeaderMap) -> Result<()> {
        Ok(())
    }

    fn header_names(&self) -> Vec<HeaderName> {
        Vec::new()
    }
}

/// A service-account token (`glsa_…`) or legacy API key, sent as
/// `Authorization: Bearer <token>`.
#[derive(Clone)]
pub struct TokenAuth {
    token: SecretString,
    header: Option<HeaderValue>,
}

impl TokenAuth {
    /// Wraps a token. An empty token, or one that cannot be a header value
    /// (control characters, newlines), makes every request fail with
    /// [`Error::InvalidArgument`] instead of being sent.
    pub fn new(token: impl Into<String>) -> Self {
        let token = SecretString::from(token.into());
        let header = Some(token.expose_secret().trim())
            .filter(|t| !t.is_empty())
            .and_then(|t| sensitive_value(&format!("Bearer {t}")));
        TokenAuth { token, header }
    }

    /// The token itself, for callers that must hand it on.
    pub fn token(&self) -> &SecretString {
        &self.token
    }
}

impl fmt::Debug for TokenAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenAuth([redacted])")
    }
}

impl Authenticator for TokenAuth {
    fn apply(&self, headers: &mut HeaderMap) -> Result<()> {
        let value = self.header.clone().ok_or_else(|| {
            Error::invalid_argument(
                "token",
                "is empty or contains characters not allowed in a header",
            )
        })?;
        headers.insert(AUTHORIZATION, value);
        Ok(())
    }
}

/// Login (or email) and password, sent as `Authorization: Basic …` (UTF-8).
#[derive(Clone)]
pub struct BasicAuth {
    user: String,
    password: SecretString,
    header: HeaderValue,
}

impl BasicAuth {
    /// Builds basic credentials.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        let user = user.into();
        let password = SecretString::from(password.into());
        let raw = format!("{user}:{}", password.expose_secret());
        let encoded = base64::engine::general_purpose::STANDARD.encode(raw.as_bytes());
        let header = sensitive_value(&format!("Basic {encoded}"))
            .expect("base64 output is always a valid header value");
        BasicAuth {
            user,
            password,
            header,
        }
    }

    /// The login name.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The password.
    pub fn password(&self) -> &SecretString {
        &self.password
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("user", &self.user)
            .field("password", &"[redacted]")
            .finish()
    }
}

impl Authenticator for BasicAuth {
    fn apply(&self, headers: &mut HeaderMap) -> Result<()> {
        headers.insert(AUTHORIZATION, self.header.clone());
        Ok(())
    }
}

/// Any header with a secret value, for Grafana behind an auth proxy
/// (`X-WEBAUTH-USER`) or a gateway that wants its own key.
#[derive(Clone)]
pub struct HeaderAuth {
    name: HeaderName,
    value: HeaderValue,
}

impl HeaderAuth {
    /// Builds the header; fails when the name or value cannot be a header.
    pub fn new(name: impl AsRef<str>, value: impl Into<String>) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_ref().as_bytes()).map_err(|_| {
            Error::invalid_argument("name", format!("`{}` is not a header name", name.as_ref()))
        })?;
        let value = sensitive_value(&value.into()).ok_or_else(|| {
            Error::invalid_argument("value", "contains characters not allowed in a header")
        })?;
        Ok(HeaderAuth { name, value })
    }

    /// The header name.
    pub fn name(&self) -> &HeaderName {
        &self.name
    }
}

impl fmt::Debug for HeaderAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderAuth")
            .field("name", &self.name)
            .field("value", &"[redacted]")
            .finish()
    }
}

impl Authenticator for HeaderAuth {
    fn apply(&self, headers: &mut HeaderMap) -> Result<()> {
        headers.insert(self.name.clone(), self.value.clone());
        Ok(())
    }

    fn header_names(&self) -> Vec<HeaderName> {
        vec![self.name.clone()]
    }
}

fn sensitive_value(s: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(s).ok()?;
    v.set_sensitive(true);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(auth: &dyn Authenticator) -> HeaderMap {
        let mut h = HeaderMap::new();
        auth.apply(&mut h).unwrap();
        h
    }

    #[test]
    fn token_is_bearer_and_redacted() {
        let t = TokenAuth::new("glsa_abc");
        assert_eq!(applied(&t)[AUTHORIZATION], "Bearer glsa_abc");
        assert!(applied(&t)[AUTHORIZATION].is_sensitive());
        assert!(!format!("{t:?}").contains("glsa_abc"));
    }

    #[test]
    fn basic_is_utf8_base64() {
        let b = BasicAuth::new("admin", "pässwörd");
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("admin:pässwörd".as_bytes())
        );
        assert_eq!(applied(&b)[AUTHORIZATION], expected.as_str());
        assert!(!format!("{b:?}").contains("pässwörd"));
    }

    #[test]
    fn header_auth_sets_its_header_only() {
        let h = HeaderAuth::new("X-WEBAUTH-USER", "alice").unwrap();
        let m = applied(&h);
        assert_eq!(m["x-webauth-user"], "alice");
        assert!(m.get(AUTHORIZATION).is_none());
        assert!(!format!("{h:?}").contains("alice"));
        assert!(HeaderAuth::new("bad name", "x").is_err());
        assert!(HeaderAuth::new("x-ok", "line\nbreak").is_err());
    }

    #[test]
    fn token_with_newline_fails_without_panicking() {
        let t = TokenAuth::new("abc\r\nX-Evil: 1");
        let mut h = HeaderMap::new();
        assert!(matches!(
            t.apply(&mut h),
            Err(Error::InvalidArgument { .. })
        ));
    }

    #[test]
    fn empty_token_is_refused_not_sent_as_bare_bearer() {
        for t in ["", "  "] {
            let mut h = HeaderMap::new();
            assert!(TokenAuth::new(t).apply(&mut h).is_err(), "{t:?}");
            assert!(h.is_empty());
        }
    }

    #[test]
    fn anonymous_sets_nothing() {
        assert!(applied(&Anonymous).is_empty());
    }
}
