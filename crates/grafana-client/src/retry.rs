//! When a failed attempt is tried again, and after how long.
//!
//! [`RetryPolicy`] is a pure decision: given the method, the attempt number and
//! what happened, it says whether to try again and how long to wait first. The
//! transport supplies the sleeping; nothing here does I/O.

use std::time::{Duration, SystemTime};

use http::{Method, StatusCode};

/// What one attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// The connection could not be made.
    ConnectFailed,
    /// The attempt timed out.
    TimedOut,
    /// The connection broke after the request may have been seen by the server.
    Broken,
    /// The server answered with this status (and maybe a `Retry-After`).
    Status(StatusCode, Option<&'a str>),
}

/// Retry policy: which failures are tried again, how often, and how long to wait.
///
/// By default idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried
/// up to 3 times on connect errors, timeouts, broken connections, 429, 502, 503
/// and 504, with exponential backoff and full jitter (100 ms base, 5 s cap).
/// `Retry-After` (seconds or HTTP date) is honoured up to 30 s. POST and PATCH
/// are retried only when a call opts in ([`Call::retry_non_idempotent`](crate::Call::retry_non_idempotent)).
///
/// ```
/// use std::time::Duration;
/// use grafana_client::RetryPolicy;
/// let patient = RetryPolicy::default().max_retries(5).max_backoff(Duration::from_secs(10));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How many times a failed attempt may be repeated (0 = never).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff ceiling; it doubles with each retry.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The largest backoff ceiling.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// The longest `Retry-After` honoured; a longer one ends the retries and
    /// the error is returned.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Retry POST and PATCH too. Only for requests that are safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// The wait before the next attempt, or `None` to give up.
    /// `retry` counts retries already made (0 before the first retry).
    pub(crate) fn decide(
        &self,
        method: &Method,
        retry: u32,
        outcome: Outcome<'_>,
        now: SystemTime,
    ) -> Option<Duration> {
        if retry >= self.max_retries {
            return None;
        }
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        let allowed = idempotent || self.non_idempotent;
        match outcome {
            Outcome::ConnectFailed | Outcome::TimedOut | Outcome::Broken if allowed => {
                Some(self.backoff(retry))
            }
            Outcome::Status(status, retry_after) if allowed => match status.as_u16() {
                429 | 502 | 503 | 504 => {
                    match retry_after.and_then(|v| parse_retry_after(v, now)) {
                        Some(wait) if wait > self.max_retry_after => None,
                        Some(wait) => Some(wait),
                        None => Some(self.backoff(retry)),
                    }
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Full jitter: a uniform wait between 0 and min(cap, base * 2^retry).
    fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// `Retry-After` as a wait: delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    fn status(code: u16) -> Outcome<'static> {
        Outcome::Status(StatusCode::from_u16(code).unwrap(), None)
    }

    #[test]
    fn idempotent_methods_retry_on_transient_statuses() {
        let p = RetryPolicy::default();
        for m in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            for code in [429, 502, 503, 504] {
                assert!(p.decide(&m, 0, status(code), now()).is_some(), "{m} {code}");
            }
            for code in [400, 401, 403, 404, 409, 412, 500, 501] {
                assert!(p.decide(&m, 0, status(code), now()).is_none(), "{m} {code}");
            }
        }
    }

    #[test]
    fn post_is_not_retried_unless_asked() {
        let p = RetryPolicy::default();
        assert!(p.decide(&Method::POST, 0, status(503), now()).is_none());
        assert!(p
            .decide(&Method::POST, 0, Outcome::TimedOut, now())
            .is_none());
        assert!(p
            .decide(&Method::PATCH, 0, Outcome::Broken, now())
            .is_none());
        let p = p.retry_non_idempotent(true);
        assert!(p.decide(&Method::POST, 0, status(503), now()).is_some());
    }

    #[test]
    fn attempts_are_capped() {
        let p = RetryPolicy::default().max_retries(2);
        assert!(p.decide(&Method::GET, 1, status(503), now()).is_some());
        assert!(p.decide(&Method::GET, 2, status(503), now()).is_none());
        assert!(RetryPolicy::none()
            .decide(&Method::GET, 0, Outcome::ConnectFailed, now())
            .is_none());
    }

    #[test]
    fn backoff_is_jittered_below_a_growing_cap() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350))
            .max_retries(50);
        for retry in 0..40 {
            let cap = Duration::from_millis(100)
                .saturating_mul(1 << retry.min(20))
                .min(Duration::from_millis(350));
            for _ in 0..20 {
                let d = p
                    .decide(&Method::GET, retry, Outcome::TimedOut, now())
                    .unwrap();
                assert!(d <= cap, "retry {retry}: {d:?} > {cap:?}");
            }
        }
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let p = RetryPolicy::default();
        let ra = |v: &'static str| Outcome::Status(StatusCode::TOO_MANY_REQUESTS, Some(v));
        assert_eq!(
            p.decide(&Method::GET, 0, ra("2"), now()),
            Some(Duration::from_secs(2))
        );
        let date = httpdate::fmt_http_date(now() + Duration::from_secs(7));
        let date: &'static str = Box::leak(date.into_boxed_str());
        assert_eq!(
            p.decide(&Method::GET, 0, ra(date), now()),
            Some(Duration::from_secs(7))
        );
        // a date in the past means: now
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(60));
        let past: &'static str = Box::leak(past.into_boxed_str());
        assert_eq!(
            p.decide(&Method::GET, 0, ra(past), now()),
            Some(Duration::ZERO)
        );
        // beyond the cap: give up rather than hang
        assert_eq!(p.decide(&Method::GET, 0, ra("3600"), now()), None);
        // garbage: ordinary backoff
        assert!(
            p.decide(&Method::GET, 0, ra("soon"), now()).unwrap() <= Duration::from_millis(100)
        );
    }
}
