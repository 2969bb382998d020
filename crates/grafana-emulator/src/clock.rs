//! The test-controlled clock used for every timestamp the emulator writes.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A wall clock that tests can move forward.
///
/// [`Clock::now`] is the real system time plus an offset that only
/// [`Clock::advance`] changes. Every `created`, `updated` and `expires`
/// timestamp the emulator stores or reports, and every expiry decision
/// (snapshots, service-account tokens), reads this clock. Advancing it is how a
/// test makes a snapshot expire without waiting.
///
/// Cloning is cheap; clones share the same offset.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset: Arc<Mutex<Duration>>,
}

impl Clock {
    /// A clock that starts at the real time (offset zero).
    pub fn new() -> Self {
        Self::default()
    }

    /// The emulator's current time: system time plus the accumulated offset.
    pub fn now(&self) -> SystemTime {
        SystemTime::now() + self.offset()
    }

    /// Moves the clock forward by `by`. The offset only ever grows.
    pub fn advance(&self, by: Duration) {
        let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
        *offset = offset.saturating_add(by);
    }

    /// How far [`Clock::advance`] has moved the clock in total.
    pub fn offset(&self) -> Duration {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// [`Clock::now`] as whole seconds since the Unix epoch (what the emulator
    /// stores: Grafana's database keeps second precision).
    pub(crate) fn now_secs(&self) -> i64 {
        unix_secs(self.now())
    }
}

/// Seconds since the Unix epoch, negative before it.
pub(crate) fn unix_secs(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// Go's zero `time.Time` as Grafana serialises it (`0001-01-01T00:00:00Z`).
pub(crate) const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// Formats Unix seconds as RFC 3339 in UTC with second precision, the way Go's
/// `time.Time` JSON encoding writes a whole-second UTC time
/// (`2024-05-01T12:00:00Z`). Grafana writes the server's local zone; the
/// emulator always uses UTC.
pub(crate) fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        y,
        m,
        d,
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day)
/// (Howard Hinnant's public-domain `civil_from_days` algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn advance_accumulates() {
        let c = Clock::new();
        let before = c.now_secs();
        c.advance(Duration::from_secs(86_400));
        c.clone().advance(Duration::from_secs(86_400));
        assert_eq!(c.offset(), Duration::from_secs(2 * 86_400));
        assert!(c.now_secs() >= before + 2 * 86_400);
    }
}
