//! Small statistics and formatting helpers: median and spread of a series,
//! ratio formatting, and the interleaving order of contenders per round.

/// Median and spread (min–max) of one series of measurements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Median (mean of the two middle values for an even count).
    pub median: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Number of measurements.
    pub n: usize,
}

impl Summary {
    /// Summarizes `values`; `None` when empty or when a value is not finite.
    pub fn of(values: &[f64]) -> Option<Summary> {
        if values.is_empty() || values.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Some(Summary {
            median,
            min: v[0],
            max: v[n - 1],
            n,
        })
    }
}

/// The order contenders run in during `round` (0-based): the list rotated
/// left by `round`, so every contender takes every position in turn
/// (round 0: A B C D, round 1: B C D A, …).
pub fn rotation<T: Clone>(items: &[T], round: usize) -> Vec<T> {
    if items.is_empty() {
        return Vec::new();
    }
    let k = round % items.len();
    items[k..]
        .iter()
        .chain(items[..k].iter())
        .cloned()
        .collect()
}

/// A ratio as shown in the tables: two decimals and `×` (`1.03×`), or `–`
/// when it cannot be computed.
pub fn fmt_ratio(ratio: Option<f64>) -> String {
    match ratio {
        Some(r) if r.is_finite() => {
            if r >= 100.0 {
                format!("{r:.0}×")
            } else if r >= 10.0 {
                format!("{r:.1}×")
            } else {
                format!("{r:.2}×")
            }
        }
        _ => "–".to_string(),
    }
}

/// A value with three significant digits, at most (e.g. `12.3`, `0.456`, `1234`).
pub fn fmt_num(x: f64) -> String {
    let a = x.abs();
    if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 10.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

/// `a / b` when both are usable numbers and `b` is not zero.
pub fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b != 0.0 && a.is_finite() && b.is_finite() => Some(a / b),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_spread_odd_and_even() {
        let s = Summary::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.n), (3.0, 1.0, 5.0, 3));
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert_eq!((s.min, s.max), (1.0, 4.0));
        assert_eq!(Summary::of(&[7.0]).unwrap().median, 7.0);
        assert!(Summary::of(&[]).is_none());
        assert!(Summary::of(&[1.0, f64::NAN]).is_none());
    }

    #[test]
    fn rotation_gives_every_position_to_every_contender() {
        let items = ["A", "B", "C", "D"];
        assert_eq!(rotation(&items, 0), ["A", "B", "C", "D"]);
        assert_eq!(rotation(&items, 1), ["B", "C", "D", "A"]);
        assert_eq!(rotation(&items, 5), ["B", "C", "D", "A"]);
        for pos in 0..items.len() {
            let mut seen: Vec<&str> = (0..items.len()).map(|r| rotation(&items, r)[pos]).collect();
            seen.sort();
            assert_eq!(seen, ["A", "B", "C", "D"]);
        }
        assert!(rotation::<u8>(&[], 3).is_empty());
    }

    #[test]
    fn ratios_format() {
        assert_eq!(fmt_ratio(Some(1.034)), "1.03×");
        assert_eq!(fmt_ratio(Some(17.26)), "17.3×");
        assert_eq!(fmt_ratio(Some(123.4)), "123×");
        assert_eq!(fmt_ratio(None), "–");
        assert_eq!(fmt_ratio(Some(f64::INFINITY)), "–");
        assert_eq!(ratio(Some(3.0), Some(2.0)), Some(1.5));
        assert_eq!(ratio(Some(3.0), Some(0.0)), None);
        assert_eq!(ratio(None, Some(1.0)), None);
        assert_eq!(fmt_num(1234.5), "1234");
        assert_eq!(fmt_num(12.345), "12.35");
        assert_eq!(fmt_num(0.4567), "0.457");
    }
}
