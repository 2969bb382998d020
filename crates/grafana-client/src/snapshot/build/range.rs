//! Time: Grafana's time strings (`now-6h`, `now/d`, epoch ms, ISO dates) and
//! the query interval Grafana derives from a range.
//!
//! Sources (facts only): `packages/grafana-data/src/datetime/datemath.ts`
//! (`parse`, `parseDateMath`) and `packages/grafana-data/src/datetime/rangeutil.ts`
//! (`calculateInterval`, `roundInterval`, `secondsToHms`, `intervalToMs`).
//! Calendar rounding (`/d`, `/w`, `/M`, `/y`) is done in UTC; Grafana's UI uses
//! the dashboard's time zone (the browser's by default). Weeks start on Monday
//! (ISO 8601; Grafana's default follows the browser locale).

/// An absolute time range in Unix milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimeRange {
    /// Start, Unix milliseconds.
    pub from_ms: i64,
    /// End, Unix milliseconds.
    pub to_ms: i64,
}

impl TimeRange {
    /// The length of the range in milliseconds (0 when `to` is before `from`).
    pub fn span_ms(&self) -> i64 {
        self.to_ms.saturating_sub(self.from_ms).max(0)
    }
}

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
/// Dates beyond ±10,000 years are refused (no overflow anywhere below).
const LIMIT_MS: i64 = 315_537_897_600_000;

/// Parses Grafana time strings: `now`, `now-6h`, `now-7d/d`, `now/w`, epoch
/// milliseconds (`"1714521600000"`), RFC 3339 / ISO dates (`2024-05-01`,
/// `2024-05-01T00:00:00Z`, `2024-05-01 06:00:00`, naive times are UTC) and the
/// anchored form `2024-05-01||+1d`. Rounding (`/d`) goes to the start of the
/// unit for `from` and to its last millisecond for `to`, as Grafana's
/// `dateMath.parse(text, roundUp)` does.
///
/// `Err` carries a message naming the bad value, also when `from` is after `to`.
pub fn parse_range(from: &str, to: &str, now_ms: i64) -> Result<TimeRange, String> {
    let from_ms = parse_time(from, now_ms, false)?;
    let to_ms = parse_time(to, now_ms, true)?;
    if from_ms > to_ms {
        return Err(format!("time range: from {from:?} is after to {to:?}"));
    }
    Ok(TimeRange { from_ms, to_ms })
}

/// One Grafana time string, `round_up` for the end of a range.
pub(crate) fn parse_time(text: &str, now_ms: i64, round_up: bool) -> Result<i64, String> {
    let bad = |why: &str| format!("invalid time {text:?}: {why}");
    let t = text.trim();
    if t.is_empty() {
        return Err(bad("empty"));
    }
    let (base, math) = if let Some(rest) = t.strip_prefix("now") {
        if !(-LIMIT_MS..=LIMIT_MS).contains(&now_ms) {
            return Err(bad("the current time is out of range"));
        }
        (now_ms, rest)
    } else if let Some((anchor, math)) = t.split_once("||") {
        (
            parse_absolute(anchor).ok_or_else(|| bad("not a date"))?,
            math,
        )
    } else {
        return parse_absolute(t).ok_or_else(|| {
            bad("expected now[-+N<unit>][/<unit>], epoch milliseconds or an ISO 8601 date")
        });
    };
    apply_math(base, math, round_up).map_err(|e| bad(&e))
}

/// Epoch milliseconds or an ISO 8601 / RFC 3339 date.
fn parse_absolute(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let v: i64 = s.parse().ok()?;
        return (v <= LIMIT_MS).then_some(v);
    }
    parse_iso(s)
}

fn apply_math(mut t: i64, math: &str, round_up: bool) -> Result<i64, String> {
    let b = math.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let op = b[i];
        i += 1;
        if !matches!(op, b'+' | b'-' | b'/') {
            return Err(format!("unexpected {:?} in date math", op as char));
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let num: i64 = if start == i {
            1
        } else {
            math.get(start..i)
                .and_then(|d| d.parse().ok())
                .filter(|n| *n <= 1_000_000_000)
                .ok_or("number too large")?
        };
        let unit = *b.get(i).ok_or("missing unit")?;
        i += 1;
        if op == b'/' {
            if num != 1 {
                return Err("rounding takes a single unit (e.g. /d)".into());
            }
            t = round(t, unit, round_up)?;
        } else {
            let n = if op == b'-' { -num } else { num };
            t = add(t, n, unit)?;
        }
        if !(-LIMIT_MS..=LIMIT_MS).contains(&t) {
            return Err("date out of range".into());
        }
    }
    Ok(t)
}

fn unit_ms(unit: u8) -> Option<i64> {
    Some(match unit {
        b's' => SECOND,
        b'm' => MINUTE,
        b'h' => HOUR,
        b'd' => DAY,
        b'w' => WEEK,
        _ => return None,
    })
}

fn add(t: i64, n: i64, unit: u8) -> Result<i64, String> {
    if let Some(ms) = unit_ms(unit) {
        return n
            .checked_mul(ms)
            .and_then(|d| t.checked_add(d))
            .ok_or_else(|| "date out of range".into());
    }
    let months = match unit {
        b'M' => n,
        b'y' => n.checked_mul(12).ok_or("date out of range")?,
        _ => {
            return Err(format!(
                "unknown unit {:?} (use s m h d w M y)",
                unit as char
            ))
        }
    };
    let (days, ms_of_day) = (t.div_euclid(DAY), t.rem_euclid(DAY));
    let (y, m, d) = civil_from_days(days);
    let total = (y * 12 + (m as i64 - 1))
        .checked_add(months)
        .ok_or("date out of range")?;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    if !(-10_000..=10_000).contains(&ny) {
        return Err("date out of range".into());
    }
    // Like moment: the day is clamped to the target month's length.
    let nd = d.min(days_in_month(ny, nm));
    Ok(days_from_civil(ny, nm, nd) * DAY + ms_of_day)
}

fn round(t: i64, unit: u8, round_up: bool) -> Result<i64, String> {
    let start = match unit {
        b's' | b'm' | b'h' | b'd' => {
            let ms = unit_ms(unit).unwrap_or(DAY);
            t.div_euclid(ms) * ms
        }
        b'w' => {
            let days = t.div_euclid(DAY);
            // 1970-01-01 was a Thursday: Monday-based weekday is (days + 3) % 7.
            (days - (days + 3).rem_euclid(7)) * DAY
        }
        b'M' | b'y' => {
            let (y, m, _) = civil_from_days(t.div_euclid(DAY));
            let m = if unit == b'y' { 1 } else { m };
            days_from_civil(y, m, 1) * DAY
        }
        _ => {
            return Err(format!(
                "unknown unit {:?} (use s m h d w M y)",
                unit as char
            ))
        }
    };
    if !round_up {
        return Ok(start);
    }
    let next = match unit {
        b'M' => add(start, 1, b'M')?,
        b'y' => add(start, 12, b'M')?,
        b'w' => start + WEEK,
        _ => start + unit_ms(unit).unwrap_or(DAY),
    };
    Ok(next - 1)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of `days_from_civil`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:]MM]`; naive times are UTC.
fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let y = num(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let m = num(5, 2)? as u32;
    let d = num(8, 2)? as u32;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * DAY;
    let mut i = 10;
    if i == b.len() {
        return Some(ms);
    }
    if !matches!(b.get(i), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hh = num(i + 1, 2)?;
    if b.get(i + 3) != Some(&b':') {
        return None;
    }
    let mm = num(i + 4, 2)?;
    i += 6;
    let mut ss = 0;
    if b.get(i) == Some(&b':') {
        ss = num(i + 1, 2)?;
        i += 3;
    }
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    ms += hh * HOUR + mm * MINUTE + ss * SECOND;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = s.get(start..i)?;
        if frac.is_empty() {
            return None;
        }
        let mut millis = 0i64;
        for (k, c) in frac.bytes().take(3).enumerate() {
            millis += (c - b'0') as i64 * [100, 10, 1][k];
        }
        ms += millis;
    }
    match b.get(i) {
        None => Some(ms),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(ms),
        Some(sign @ (b'+' | b'-')) => {
            let oh = num(i + 1, 2)?;
            let om = match b.get(i + 3) {
                Some(b':') if b.len() == i + 6 => num(i + 4, 2)?,
                None => 0,
                Some(_) if b.len() == i + 5 => num(i + 3, 2)?,
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let off = oh * HOUR + om * MINUTE;
            Some(if *sign == b'+' { ms - off } else { ms + off })
        }
        _ => None,
    }
}

/// Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.fffZ` (JavaScript's
/// `Date.toISOString`).
pub fn to_iso(ms: i64) -> String {
    let ms = ms.clamp(-LIMIT_MS, LIMIT_MS);
    let (days, rem) = (ms.div_euclid(DAY), ms.rem_euclid(DAY));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / HOUR,
        rem % HOUR / MINUTE,
        rem % MINUTE / SECOND,
        rem % SECOND
    )
}

/// Grafana's `rangeutil.roundInterval`: a raw interval in ms rounded to a
/// "nice" step (10 ms … 1 y).
pub fn round_interval(interval: i64) -> i64 {
    const TABLE: [(i64, i64); 25] = [
        (15, 10),
        (35, 20),
        (75, 50),
        (150, 100),
        (350, 200),
        (750, 500),
        (1_500, 1_000),
        (3_500, 2_000),
        (7_500, 5_000),
        (12_500, 10_000),
        (17_500, 15_000),
        (25_000, 20_000),
        (45_000, 30_000),
        (90_000, 60_000),
        (450_000, 300_000),
        (1_050_000, 600_000),
        (2_100_000, 1_800_000),
        (5_400_000, 3_600_000),
        (9_000_000, 7_200_000),
        (16_200_000, 10_800_000),
        (32_400_000, 21_600_000),
        (86_400_000, 43_200_000),
        (604_800_000, 86_400_000),
        (1_814_400_000, 604_800_000),
        (3_628_800_000, 2_592_000_000),
    ];
    TABLE
        .iter()
        .find(|(below, _)| interval < *below)
        .map_or(31_536_000_000, |(_, v)| *v)
}

/// Grafana's `rangeutil.calculateInterval`: `roundInterval((to - from) /
/// maxDataPoints)`, at least `min_interval_ms` (at least 1 ms).
pub fn interval_ms(range: TimeRange, max_data_points: u32, min_interval_ms: Option<i64>) -> i64 {
    let points = i64::from(max_data_points.max(1));
    let raw = round_interval(range.span_ms() / points);
    raw.max(min_interval_ms.unwrap_or(1)).max(1)
}

/// Grafana's `rangeutil.secondsToHms` on milliseconds: the largest whole
/// unit, e.g. `1m`, `6h`, `500ms`.
pub fn seconds_to_hms(ms: i64) -> String {
    let ms = ms.max(0);
    let s = ms / SECOND;
    let parts = [
        (s / 31_536_000, "y"),
        (s % 31_536_000 / 86_400, "d"),
        (s % 86_400 / 3_600, "h"),
        (s % 3_600 / 60, "m"),
        (s % 60, "s"),
        (ms, "ms"),
    ];
    for (n, unit) in parts {
        if n > 0 {
            return format!("{n}{unit}");
        }
    }
    "less than a millisecond".to_string()
}

/// Grafana's `rangeutil.intervalToMs` for interval strings such as `10s`,
/// `1m`, `500ms`, `>15s` (the `>` of a minimum interval is ignored). `None`
/// for anything else (e.g. an uninterpolated `$var`).
pub fn interval_str_to_ms(s: &str) -> Option<i64> {
    let s = s.trim().trim_start_matches('>').trim();
    let digits = s
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let (num, unit) = s.split_at(digits);
    let n: f64 = num.parse().ok()?;
    let unit_ms = match unit.trim() {
        "ms" => 1.0,
        "s" | "" => 1_000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        "d" => 86_400_000.0,
        "w" => 604_800_000.0,
        "M" => 2_592_000_000.0,
        "y" => 31_536_000_000.0,
        _ => return None,
    };
    let v = n * unit_ms;
    (0.0..1e15).contains(&v).then_some(v as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2024-05-15T12:34:56.789Z, a Wednesday.
    const NOW: i64 = 1_715_776_496_789;

    fn t(s: &str, up: bool) -> String {
        to_iso(parse_time(s, NOW, up).unwrap())
    }

    #[test]
    fn relative_and_rounded() {
        assert_eq!(t("now", false), "2024-05-15T12:34:56.789Z");
        assert_eq!(t("now-6h", false), "2024-05-15T06:34:56.789Z");
        assert_eq!(t("now-7d", false), "2024-05-08T12:34:56.789Z");
        assert_eq!(t("now-30s", false), "2024-05-15T12:34:26.789Z");
        assert_eq!(t("now-15m", false), "2024-05-15T12:19:56.789Z");
        assert_eq!(t("now+1w", false), "2024-05-22T12:34:56.789Z");
        assert_eq!(t("now-1M", false), "2024-04-15T12:34:56.789Z");
        assert_eq!(t("now-1y", false), "2023-05-15T12:34:56.789Z");
        assert_eq!(t("now-h", false), "2024-05-15T11:34:56.789Z");
        assert_eq!(t("now/d", false), "2024-05-15T00:00:00.000Z");
        assert_eq!(t("now/d", true), "2024-05-15T23:59:59.999Z");
        assert_eq!(t("now-1d/d", false), "2024-05-14T00:00:00.000Z");
        assert_eq!(t("now-1d/d", true), "2024-05-14T23:59:59.999Z");
        assert_eq!(t("now/w", false), "2024-05-13T00:00:00.000Z");
        assert_eq!(t("now/w", true), "2024-05-19T23:59:59.999Z");
        assert_eq!(t("now/M", false), "2024-05-01T00:00:00.000Z");
        assert_eq!(t("now/M", true), "2024-05-31T23:59:59.999Z");
        assert_eq!(t("now/y", false), "2024-01-01T00:00:00.000Z");
        assert_eq!(t("now/y", true), "2024-12-31T23:59:59.999Z");
        assert_eq!(t("now/h", false), "2024-05-15T12:00:00.000Z");
        assert_eq!(t("now-1d-2h", false), "2024-05-14T10:34:56.789Z");
    }

    #[test]
    fn month_arithmetic_clamps_the_day() {
        let mar31 = parse_time("2024-03-31T10:00:00Z", 0, false).unwrap();
        assert_eq!(
            to_iso(add(mar31, -1, b'M').unwrap()),
            "2024-02-29T10:00:00.000Z"
        );
        assert_eq!(
            to_iso(add(mar31, -13, b'M').unwrap()),
            "2023-02-28T10:00:00.000Z"
        );
        assert_eq!(t("2024-01-31||+1M", false), "2024-02-29T00:00:00.000Z");
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(t("1714521600000", false), "2024-05-01T00:00:00.000Z");
        assert_eq!(t("2024-05-01", false), "2024-05-01T00:00:00.000Z");
        assert_eq!(t("2024-05-01T06:00:00Z", false), "2024-05-01T06:00:00.000Z");
        assert_eq!(
            t("2024-05-01T06:00:00.5Z", false),
            "2024-05-01T06:00:00.500Z"
        );
        assert_eq!(t("2024-05-01 06:00", false), "2024-05-01T06:00:00.000Z");
        assert_eq!(
            t("2024-05-01T08:00:00+02:00", false),
            "2024-05-01T06:00:00.000Z"
        );
        assert_eq!(
            t("2024-05-01T01:30:00-0430", false),
            "2024-05-01T06:00:00.000Z"
        );
        assert_eq!(
            t("1969-12-31T23:59:59.999Z", false),
            "1969-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn bad_values_are_named() {
        for bad in [
            "",
            "then",
            "now-",
            "now-6x",
            "now/2d",
            "now*1h",
            "2024-13-01",
            "2024-02-30",
            "2024-05-01T25:00",
            "now-99999999999999999d",
            "99999999999999999999",
            "2024-05-01Tfoo",
            "now-1000000000y",
        ] {
            let e = parse_range(bad, "now", NOW).unwrap_err();
            assert!(e.contains(&format!("{bad:?}")), "{bad}: {e}");
        }
        let e = parse_range("now", "now-1h", NOW).unwrap_err();
        assert_eq!(e, "time range: from \"now\" is after to \"now-1h\"");
        assert!(parse_range("now-1h", "now", i64::MAX).is_err());
    }

    #[test]
    fn round_interval_table() {
        let cases = [
            (0, 10),
            (14, 10),
            (15, 20),
            (100, 100),
            (1_499, 1_000),
            (1_500, 2_000),
            (10_000, 10_000),
            (20_000, 20_000),
            (60_000, 60_000),
            (89_999, 60_000),
            (90_000, 300_000),
            (500_000, 600_000),
            (3_000_000, 3_600_000),
            (86_399_999, 43_200_000),
            (86_400_000, 86_400_000),
            (700_000_000, 604_800_000),
            (2_000_000_000, 2_592_000_000),
            (9_000_000_000, 31_536_000_000),
        ];
        for (raw, want) in cases {
            assert_eq!(round_interval(raw), want, "{raw}");
        }
    }

    #[test]
    fn intervals_from_range() {
        let six_h = TimeRange {
            from_ms: 0,
            to_ms: 6 * HOUR,
        };
        // 21,600,000 / 360 = 60,000 → 1m; / 1000 = 21,600 → 20s; / 1920 = 11,250 → 10s.
        assert_eq!(interval_ms(six_h, 360, None), 60_000);
        assert_eq!(interval_ms(six_h, 1_000, None), 20_000);
        assert_eq!(interval_ms(six_h, 1_920, None), 10_000);
        assert_eq!(interval_ms(six_h, 1_920, Some(30_000)), 30_000);
        // 0 points counts as 1 (JavaScript would divide by zero).
        assert_eq!(interval_ms(six_h, 0, None), 21_600_000);
        assert_eq!(
            interval_ms(
                TimeRange {
                    from_ms: 5,
                    to_ms: 5
                },
                100,
                None
            ),
            10
        );
        assert_eq!(seconds_to_hms(60_000), "1m");
        assert_eq!(seconds_to_hms(21_600_000), "6h");
        assert_eq!(seconds_to_hms(500), "500ms");
        assert_eq!(seconds_to_hms(90_000), "1m");
        assert_eq!(seconds_to_hms(0), "less than a millisecond");
        assert_eq!(interval_str_to_ms("10s"), Some(10_000));
        assert_eq!(interval_str_to_ms(">1m"), Some(60_000));
        assert_eq!(interval_str_to_ms("250ms"), Some(250));
        assert_eq!(interval_str_to_ms("$iv"), None);
    }
}
