//! Study days: the local calendar shifted by the rollover hour, numbered from 1970-01-01.

use chrono::{Days, NaiveDate, NaiveDateTime, TimeDelta};

/// A study day: days since 1970-01-01 of the rollover-shifted local calendar.
pub type Day = i64;

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 is a valid date");

/// The study day a local wall-clock time belongs to: before the rollover hour
/// (default 4:00, as Anki) it still counts as the previous day.
#[must_use]
pub fn study_day(local: NaiveDateTime, rollover_hour: u32) -> Day {
    let shifted = local - TimeDelta::hours(i64::from(rollover_hour));
    date_to_day(shifted.date())
}

#[must_use]
pub fn date_to_day(date: NaiveDate) -> Day {
    (date - EPOCH).num_days()
}

/// The calendar date of a study day; days outside chrono's range clamp to its ends.
#[must_use]
pub fn day_to_date(day: Day) -> NaiveDate {
    if day >= 0 {
        EPOCH
            .checked_add_days(Days::new(day.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        EPOCH
            .checked_sub_days(Days::new(day.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// `2026-11-27`.
#[must_use]
pub fn format_day(day: Day) -> String {
    day_to_date(day).format("%Y-%m-%d").to_string()
}

/// "today", "tomorrow", "in 6 days", "2 days ago".
#[must_use]
pub fn relative_day(day: Day, today: Day) -> String {
    match day - today {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn before_the_rollover_hour_is_still_yesterday() {
        let d = study_day(at("2026-11-27 03:59"), 4);
        assert_eq!(format_day(d), "2026-11-26");
        assert_eq!(
            format_day(study_day(at("2026-11-27 04:00"), 4)),
            "2026-11-27"
        );
        assert_eq!(
            format_day(study_day(at("2026-11-27 00:30"), 0)),
            "2026-11-27"
        );
    }

    #[test]
    fn days_round_trip_through_dates() {
        for d in [-1000, -1, 0, 1, 20_000, 100_000] {
            assert_eq!(date_to_day(day_to_date(d)), d);
        }
        assert_eq!(format_day(0), "1970-01-01");
    }

    #[test]
    fn relative_days_read_naturally() {
        assert_eq!(relative_day(10, 10), "today");
        assert_eq!(relative_day(11, 10), "tomorrow");
        assert_eq!(relative_day(16, 10), "in 6 days");
        assert_eq!(relative_day(8, 10), "2 days ago");
    }
}
