//! Grafana's version as a comparable value ([`GrafanaVersion`]), and the
//! decode error of a server answer whose version does not fit. Detection
//! (asking the server, caching) is the transport's (`Core::detect_version`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use crate::error::{snippet, DecodeError, Error, Result};

/// A Grafana version such as `12.2.0`, `11.3.0-75420.patch2-75797` or
/// `12.4.0+security-01`, ordered by its numbers first and its suffix second.
///
/// ```
/// use grafana_client::GrafanaVersion;
/// let v: GrafanaVersion = "11.3.0-75420.patch2-75797".parse()?;
/// assert_eq!((v.major, v.minor, v.patch), (11, 3, 0));
/// assert!(v >= GrafanaVersion::new(11, 3, 0));
/// assert!(v < "12.4.0+security-01".parse()?);
/// assert_eq!(v.to_string(), "11.3.0-75420.patch2-75797");
/// # Ok::<(), grafana_client::Error>(())
/// ```
#[derive(Debug, Clone, Eq)]
pub struct GrafanaVersion {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Patch version.
    pub patch: u64,
    /// Everything after the numbers (`-75420.patch2-75797`, `+security-01`), or empty.
    pub suffix: String,
}

impl GrafanaVersion {
    /// A plain `major.minor.patch` version.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        GrafanaVersion {
            major,
            minor,
            patch,
            suffix: String::new(),
        }
    }

    /// `true` when this version is at least `major.minor.patch`, whatever the suffix.
    pub fn at_least(&self, major: u64, minor: u64, patch: u64) -> bool {
        (self.major, self.minor, self.patch) >= (major, minor, patch)
    }
}

impl FromStr for GrafanaVersion {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let raw = s.trim();
        let body = raw.strip_prefix(['v', 'V']).unwrap_or(raw);
        let end = body
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(body.len());
        let (numbers, suffix) = body.split_at(end);
        let numbers = numbers.trim_end_matches('.');
        let bad = || Error::InvalidArgument {
            name: "version",
            reason: format!("`{raw}` is not a Grafana version"),
        };
        let mut parts = numbers.split('.');
        let mut next = |required: bool| -> Result<u64> {
            match parts.next() {
                Some(p) => p.parse().map_err(|_| bad()),
                None if required => Err(bad()),
                None => Ok(0),
            }
        };
        let (major, minor, patch) = (next(true)?, next(false)?, next(false)?);
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(GrafanaVersion {
            major,
            minor,
            patch,
            suffix: suffix.to_owned(),
        })
    }
}

impl fmt::Display for GrafanaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}{}",
            self.major, self.minor, self.patch, self.suffix
        )
    }
}

impl PartialEq for GrafanaVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl PartialOrd for GrafanaVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for GrafanaVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch, &self.suffix).cmp(&(
            other.major,
            other.minor,
            other.patch,
            &other.suffix,
        ))
    }
}

/// A success answer that does not fit what version detection needs: a
/// [`Error::Decode`], like any answer that does not decode (it is the
/// server's answer, not the caller's configuration, that is wrong).
pub(crate) fn unfit_answer(path: &str, json_path: &str, reason: String, body: &Value) -> Error {
    DecodeError {
        status: http::StatusCode::OK,
        method: http::Method::GET,
        path: path.to_owned(),
        json_path: json_path.to_owned(),
        reason,
        content_type: Some("application/json".into()),
        snippet: snippet(&serde_json::to_vec(body).unwrap_or_default()),
    }
    .into()
}

/// A version string the server sent, parsed; one that does not parse is a
/// decode error of the answer it came in, not a caller's mistake.
pub(crate) fn parse_server_version(raw: &str) -> Result<GrafanaVersion> {
    raw.parse().map_err(|_| {
        unfit_answer(
            "/api/frontend/settings",
            ".buildInfo.version",
            format!("`{raw}` is not a Grafana version"),
            &Value::String(raw.to_owned()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> GrafanaVersion {
        s.parse().unwrap()
    }

    #[test]
    fn parses_grafana_build_strings() {
        assert_eq!(v("12.2.0"), GrafanaVersion::new(12, 2, 0));
        let p = v("11.3.0-75420.patch2-75797");
        assert_eq!((p.major, p.minor, p.patch), (11, 3, 0));
        assert_eq!(p.suffix, "-75420.patch2-75797");
        let s = v("12.4.0+security-01");
        assert_eq!(s.suffix, "+security-01");
        assert_eq!(v("v10.4"), GrafanaVersion::new(10, 4, 0));
        assert_eq!(v("9"), GrafanaVersion::new(9, 0, 0));
        assert_eq!(v("12.0.0-pre").to_string(), "12.0.0-pre");
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["", "x", "1.2.3.4", ".1", "abc1.2", "1..2"] {
            assert!(bad.parse::<GrafanaVersion>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn orders_by_numbers_then_suffix() {
        assert!(v("9.5.20") < v("10.0.0"));
        assert!(v("11.3.0") < v("11.3.0-75420.patch2"));
        assert!(v("11.3.0-75420.patch2") < v("11.3.1"));
        assert!(v("12.4.0+security-01").at_least(12, 4, 0));
        assert!(!v("12.3.9").at_least(12, 4, 0));
    }
}
