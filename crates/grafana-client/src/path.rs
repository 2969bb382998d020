//! The one place where caller values become URL path segments and query strings.
//!
//! Every path parameter is percent-encoded as a single segment: everything but
//! RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is escaped, so `/`,
//! `?`, `#`, `%`, `+` and spaces stay inside their segment. Values that no
//! encoding can make safe (empty, `.` and `..`, which servers and proxies remove
//! as dot segments even when written `%2E%2E`) are refused before any request
//! is sent. Query values are form-encoded.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};

/// Everything except unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path below the API root (`api/...`), built from literal parts and
/// encoded parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiPath {
    encoded: String,
    template: String,
}

impl ApiPath {
    /// Starts at `api/`.
    pub(crate) fn api() -> PathBuilder {
        PathBuilder {
            path: ApiPath {
                encoded: String::from("api"),
                template: String::from("/api"),
            },
            error: None,
        }
    }

    /// Starts at the base URL itself (for raw requests).
    pub(crate) fn root() -> PathBuilder {
        PathBuilder {
            path: ApiPath {
                encoded: String::new(),
                template: String::new(),
            },
            error: None,
        }
    }

    /// The encoded path, relative to the base URL (`api/snapshots/a%2Fb`).
    pub fn encoded(&self) -> &str {
        &self.encoded
    }

    /// The path with parameter names instead of values (`/api/snapshots/{key}`),
    /// used in tracing so that values such as delete keys are not logged.
    pub fn template(&self) -> &str {
        &self.template
    }
}

/// Builds an [`ApiPath`]; the first bad parameter is kept and reported by
/// [`finish`](PathBuilder::finish).
#[derive(Debug)]
pub(crate) struct PathBuilder {
    path: ApiPath,
    error: Option<Error>,
}

impl PathBuilder {
    /// Appends literal segments, written by this crate (`"dashboards/uid"`).
    pub(crate) fn lit(mut self, literal: &'static str) -> Self {
        self.sep();
        self.path.encoded.push_str(literal);
        self.path.template.push('/');
        self.path.template.push_str(literal);
        self
    }

    /// Appends one caller-supplied value as exactly one segment.
    pub(crate) fn param(mut self, name: &'static str, value: impl AsRef<str>) -> Self {
        let value = value.as_ref();
        if self.error.is_none() {
            if let Err(e) = check_segment(name, value) {
                self.error = Some(e);
            }
        }
        self.sep();
        self.path
            .encoded
            .extend(utf8_percent_encode(value, SEGMENT));
        self.path.template.push_str("/{");
        self.path.template.push_str(name);
        self.path.template.push('}');
        self
    }

    /// Records an argument problem found while building the path; it is
    /// reported instead of sending.
    pub(crate) fn invalid(mut self, name: &'static str, reason: String) -> Self {
        if self.error.is_none() {
            self.error = Some(Error::invalid_argument(name, reason));
        }
        self
    }

    /// Ends the path with `/` (for routes that are spelled that way).
    pub(crate) fn trailing_slash(mut self) -> Self {
        self.path.encoded.push('/');
        self.path.template.push('/');
        self
    }

    fn sep(&mut self) {
        if !self.path.encoded.is_empty() {
            self.path.encoded.push('/');
        }
    }

    pub(crate) fn finish(self) -> Result<ApiPath> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.path),
        }
    }
}

/// Refuses values that cannot be one segment whatever the encoding.
pub(crate) fn check_segment(name: &'static str, value: &str) -> Result<()> {
    match value {
        "" => Err(Error::invalid_argument(name, "must not be empty")),
        "." | ".." => Err(Error::invalid_argument(
            name,
            format!("`{value}` cannot be used as a path segment"),
        )),
        _ => Ok(()),
    }
}

/// Encodes a value as one path segment (no checks).
pub fn encode_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Form-encodes query pairs (`a=b&c=d%26e`), spaces as `+`.
pub(crate) fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    ser.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str) -> Result<ApiPath> {
        ApiPath::api().lit("snapshots").param("key", value).finish()
    }

    #[test]
    fn hostile_values_stay_in_their_segment() {
        let cases = [
            ("../admin/settings", "api/snapshots/..%2Fadmin%2Fsettings"),
            ("a/b", "api/snapshots/a%2Fb"),
            ("a?b=c", "api/snapshots/a%3Fb%3Dc"),
            ("a#f", "api/snapshots/a%23f"),
            ("%2F", "api/snapshots/%252F"),
            ("a b", "api/snapshots/a%20b"),
            ("+", "api/snapshots/%2B"),
            ("ü", "api/snapshots/%C3%BC"),
            ("...", "api/snapshots/..."),
            ("a.b-c_d~e", "api/snapshots/a.b-c_d~e"),
            ("%2e%2e", "api/snapshots/%252e%252e"),
            ("\\..", "api/snapshots/%5C.."),
        ];
        for (value, expected) in cases {
            let p = one(value).unwrap();
            assert_eq!(p.encoded(), expected, "{value:?}");
            assert_eq!(p.encoded().matches('/').count(), 2, "{value:?}");
            assert_eq!(p.template(), "/api/snapshots/{key}");
        }
    }

    #[test]
    fn unsafe_segments_are_refused() {
        for value in ["", ".", ".."] {
            match one(value) {
                Err(Error::InvalidArgument { name: "key", .. }) => {}
                other => panic!("{value:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn query_values_are_form_encoded() {
        assert_eq!(
            encode_query([("query", "a&b=c #d+e"), ("limit", "5")]),
            "query=a%26b%3Dc+%23d%2Be&limit=5"
        );
    }
}
