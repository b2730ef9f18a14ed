//! The review heatmap's calendar: weeks as columns (Monday first), weekdays as rows,
//! month labels over the columns, and the shade of a day from its count.

use chrono::Datelike;

use crate::core::day::{Day, day_to_date};

/// Shades above zero; a day's shade is 0 (no answers) to `SHADES`.
pub const SHADES: u8 = 4;

/// The weekday of a study day, 0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday).
#[must_use]
pub fn weekday(day: Day) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// The Monday of the week holding `day`.
#[must_use]
pub fn week_start(day: Day) -> Day {
    day - weekday(day) as Day
}

/// The first day (a Monday) of a `weeks`-week grid whose last column holds `today`.
#[must_use]
pub fn grid_start(today: Day, weeks: usize) -> Day {
    week_start(today) - 7 * (weeks.max(1) as Day - 1)
}

/// The day in column `week`, row `weekday` of a grid starting at `start`.
#[must_use]
pub fn cell_day(start: Day, week: usize, weekday: usize) -> Day {
    start + 7 * week as Day + weekday as Day
}

/// How dark a day with `count` answers is drawn when the busiest day shown has `max`:
/// 0 only for no answers, `SHADES` for the busiest, in equal steps of `max / SHADES`.
#[must_use]
pub fn shade(count: u32, max: u32) -> u8 {
    if count == 0 || max == 0 {
        return 0;
    }
    let steps = (u64::from(count.min(max)) * u64::from(SHADES)).div_ceil(u64::from(max));
    steps.clamp(1, u64::from(SHADES)) as u8
}

/// Month labels for `columns` week columns from `start`: `(column, month 1–12)` where a
/// column's Monday falls in a new month. A label needs two columns, so the first
/// column's month is dropped when the next month begins right after it.
#[must_use]
pub fn month_labels(start: Day, columns: usize) -> Vec<(usize, u32)> {
    let month = |col: usize| day_to_date(cell_day(start, col, 0)).month();
    let mut labels: Vec<(usize, u32)> = (0..columns)
        .filter(|&c| c == 0 || month(c) != month(c - 1))
        .map(|c| (c, month(c)))
        .collect();
    if labels.len() > 1 && labels[1].0 < 2 {
        labels.remove(0);
    }
    labels
}

/// The three-letter name of a month (1–12).
#[must_use]
pub fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// The three-letter name of a weekday, 0 = Monday.
#[must_use]
pub fn weekday_name(weekday: usize) -> &'static str {
    const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    NAMES[weekday.min(6)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::day::{date_to_day, format_day};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn day(s: &str) -> Day {
        date_to_day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn weekdays_follow_the_calendar() {
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
        assert_eq!(weekday(day("2026-03-16")), 0, "a Monday");
        assert_eq!(weekday(day("2026-03-22")), 6, "a Sunday");
        assert_eq!(weekday(-1), 2, "before 1970 too");
        assert_eq!(format_day(week_start(day("2026-03-19"))), "2026-03-16");
    }

    #[test]
    fn the_grid_ends_with_the_week_of_today() {
        let today = day("2026-03-19"); // a Thursday
        let start = grid_start(today, 26);
        assert_eq!(format_day(start), "2025-09-22");
        assert_eq!(weekday(start), 0);
        assert_eq!(cell_day(start, 25, 3), today);
        assert_eq!(grid_start(today, 1), day("2026-03-16"));
    }

    #[test]
    fn shades_step_up_to_the_busiest_day() {
        let got: Vec<u8> = (0..=8).map(|c| shade(c, 8)).collect();
        assert_eq!(got, vec![0, 1, 1, 2, 2, 3, 3, 4, 4]);
        assert_eq!(shade(1, 100), 1, "any answer shows");
        assert_eq!(shade(0, 0), 0);
        assert_eq!(shade(5, 3), 4, "counts above the max are the max");
    }

    #[test]
    fn months_are_labelled_where_they_begin() {
        let start = day("2025-09-22");
        let labels: Vec<(usize, &str)> = month_labels(start, 26)
            .into_iter()
            .map(|(c, m)| (c, month_name(m)))
            .collect();
        // Mondays: Sep 22, Sep 29, Oct 6 (column 2), Nov 3 (6), Dec 1 (10), Jan 5 (15),
        // Feb 2 (19), Mar 2 (23).
        assert_eq!(
            labels,
            vec![
                (0, "Sep"),
                (2, "Oct"),
                (6, "Nov"),
                (10, "Dec"),
                (15, "Jan"),
                (19, "Feb"),
                (23, "Mar")
            ]
        );
        // Starting the week before a month begins leaves no room for the first label.
        let tight = month_labels(day("2025-09-29"), 4);
        assert_eq!(tight, vec![(1, 10)]);
    }

    proptest! {
        #[test]
        fn every_day_of_the_grid_is_in_one_cell(today in -1000i64..30_000, weeks in 1usize..60) {
            let start = grid_start(today, weeks);
            prop_assert_eq!(weekday(start), 0);
            let mut expected = start;
            for w in 0..weeks {
                for d in 0..7 {
                    let cell = cell_day(start, w, d);
                    prop_assert_eq!(cell, expected);
                    prop_assert_eq!(weekday(cell), d);
                    expected += 1;
                }
            }
            prop_assert!(today >= start && today < expected && expected - today <= 7);
        }

        #[test]
        fn shade_is_monotone_and_zero_only_for_nothing(a in 0u32..1000, b in 0u32..1000, max in 1u32..1000) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(shade(lo, max) <= shade(hi, max));
            prop_assert_eq!(shade(a, max) == 0, a == 0);
            prop_assert!(shade(a, max) <= SHADES);
            prop_assert_eq!(shade(max, max), SHADES);
        }

        #[test]
        fn month_labels_never_touch(start in 0i64..30_000, columns in 1usize..60) {
            let labels = month_labels(week_start(start), columns);
            for pair in labels.windows(2) {
                prop_assert!(pair[1].0 >= pair[0].0 + 2);
            }
            prop_assert!(labels.iter().all(|(c, _)| *c < columns));
        }
    }
}
