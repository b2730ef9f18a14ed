//! The maths behind progress figures: streaks, retention and forecasts, over plain values.

use super::day::Day;

/// Consecutive study days with at least one review, ending today, or yesterday when
/// today has no review yet (the streak is still alive until the day ends).
/// `days` holds the days with reviews, in any order, duplicates allowed.
pub fn streak(days: &[Day], today: Day) -> u32 {
    let mut sorted: Vec<Day> = days.iter().copied().filter(|d| *d <= today).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut expected = match sorted.first() {
        Some(&d) if d == today || d == today - 1 => d,
        _ => return 0,
    };
    let mut n = 0;
    for d in sorted {
        if d != expected {
            break;
        }
        n += 1;
        expected -= 1;
    }
    n
}

/// A share as a whole percentage, `None` when there is nothing to divide.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 100.0).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        assert_eq!(streak(&[10, 9, 8, 6], 10), 3);
        assert_eq!(
            streak(&[9, 8], 10),
            2,
            "today not studied yet keeps the streak"
        );
        assert_eq!(streak(&[8, 7], 10), 0, "a missed day breaks it");
        assert_eq!(streak(&[], 10), 0);
        assert_eq!(streak(&[10, 10, 9, 9], 10), 2);
        assert_eq!(streak(&[11, 10], 10), 1, "future days are ignored");
    }

    #[test]
    fn percent_rounds() {
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(0, 0), None);
    }
}
