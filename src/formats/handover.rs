//! SM-2 schedules handed over by other tools (Anki's packages, the Obsidian
//! spaced-repetition plugin's comments), for `recall import --with-scheduling`: the rules
//! every mapping onto recall's `Sm2State` shares, so each tool's module only reads its
//! own fields.
//!
//! - Ease: the tool's factor in hundredths, never below SM-2's floor (1.30); none is the
//!   starting 2.50.
//! - Interval: the tool's, in days, at least 1 and at most `MAX_INTERVAL_DAYS`.
//! - Reps (SM-2's count of recalls in a row) when the tool keeps no log: 1, or 2 for an
//!   interval of 6 days or more, which SM-2 reaches only on the second recall.
//! - The last grade, when the tool keeps none: 4 (a pass: the card was scheduled on).

use crate::core::day::Day;
use crate::core::sm2::{EF_FLOOR, EF_START, MAX_INTERVAL_DAYS, Sm2State};

/// The last grade of a card whose tool kept no log of its answers.
pub const QUALITY_WITHOUT_LOG: u8 = 4;

/// The easiness factor from a tool's ease in hundredths, if it gives one.
#[must_use]
pub fn ease(hundredths: Option<i64>) -> u32 {
    match hundredths {
        None => EF_START,
        Some(e) => u32::try_from(e.max(i64::from(EF_FLOOR))).unwrap_or(EF_START),
    }
}

/// An interval in days as SM-2 keeps it: 1 to `MAX_INTERVAL_DAYS`.
#[must_use]
pub fn interval(days: i64) -> u32 {
    u32::try_from(days.clamp(1, i64::from(MAX_INTERVAL_DAYS))).unwrap_or(1)
}

/// The fewest recalls in a row that SM-2 needs to reach `interval` days.
#[must_use]
pub fn min_reps(interval: u32) -> u32 {
    if interval >= 6 { 2 } else { 1 }
}

/// The state of a card a tool scheduled without keeping a log: due on `due_day` after
/// `interval_days`, with ease `ease_hundredths`. It was last reviewed when it was
/// scheduled, `interval` days before it is due (midnight UTC of that day).
#[must_use]
pub fn without_log(due_day: Day, interval_days: i64, ease_hundredths: i64) -> Sm2State {
    let interval_days = interval(interval_days);
    let reviewed_day = due_day - i64::from(interval_days);
    Sm2State {
        reps: min_reps(interval_days),
        ef: ease(Some(ease_hundredths)),
        interval_days,
        due_day,
        lapses: 0,
        last_quality: QUALITY_WITHOUT_LOG,
        last_reviewed_at: reviewed_day.saturating_mul(86_400_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ease_is_floored_and_defaults_to_the_start() {
        assert_eq!(ease(None), 250);
        assert_eq!(ease(Some(250)), 250);
        assert_eq!(ease(Some(131)), 131);
        assert_eq!(ease(Some(130)), 130);
        assert_eq!(ease(Some(129)), 130);
        assert_eq!(ease(Some(0)), 130);
        assert_eq!(
            ease(Some(i64::MAX)),
            250,
            "beyond u32: the start, not a wrap"
        );
    }

    #[test]
    fn intervals_stay_between_a_day_and_a_century() {
        assert_eq!(interval(0), 1);
        assert_eq!(interval(-3), 1);
        assert_eq!(interval(12), 12);
        assert_eq!(interval(36_500), 36_500);
        assert_eq!(interval(36_501), 36_500);
    }

    #[test]
    fn six_days_take_two_recalls() {
        assert_eq!(min_reps(5), 1);
        assert_eq!(min_reps(6), 2);
    }

    #[test]
    fn a_state_without_a_log_was_reviewed_one_interval_before_it_is_due() {
        // 2026-12-10 is day 20_797; twelve days before is 2026-11-28.
        let s = without_log(20_797, 12, 250);
        assert_eq!(
            (s.reps, s.ef, s.interval_days, s.due_day, s.lapses),
            (2, 250, 12, 20_797, 0)
        );
        assert_eq!(s.last_quality, 4);
        assert_eq!(s.last_reviewed_at, 20_785 * 86_400_000);
        assert_eq!(
            crate::core::day::format_day(20_785),
            "2026-11-28",
            "the day the card was scheduled"
        );
    }
}
