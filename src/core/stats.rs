//! The figures behind progress: streaks, retention tallies and the value types of the
//! `recall stats` report, over plain values. Calendar and chart geometry live in the
//! `calendar` and `scale` submodules.

pub mod calendar;
pub mod scale;

use serde::{Serialize, Serializer};

use super::day::{Day, format_day};
use super::levels::SkillSummary;

/// A card whose interval is at least this many days is mature; below it, young (as Anki).
pub const MATURE_DAYS: u32 = 21;
/// A card that has lapsed this many times is a leech.
pub const LEECH_LAPSES: u32 = 8;
/// The windows retention is measured over, in study days ending today.
pub const RETENTION_WINDOWS: [u32; 3] = [7, 30, 365];
/// Days in the due forecast unless `--days` says otherwise.
pub const FORECAST_DAYS: u32 = 30;
/// Weeks (columns) in the review heatmap.
pub const HEATMAP_WEEKS: usize = 26;
/// How many of the hardest cards the report lists.
pub const HARDEST_LIMIT: usize = 10;

/// Consecutive study days with at least one review, ending today, or yesterday when
/// today has no review yet (the streak is still alive until the day ends).
/// `days` holds the days with reviews, in any order, duplicates allowed.
#[must_use]
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

/// The longest run of consecutive study days anywhere in `days` (any order, duplicates allowed).
#[must_use]
pub fn longest_streak(days: &[Day]) -> u32 {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let (mut best, mut run) = (0, 0);
    let mut prev: Option<Day> = None;
    for d in sorted {
        run = if prev == Some(d - 1) { run + 1 } else { 1 };
        best = best.max(run);
        prev = Some(d);
    }
    best
}

/// One value per day for `days` days from `from`, from `(day, value)` pairs that leave
/// out the empty days; pairs outside the range are ignored.
#[must_use]
pub fn dense(from: Day, days: usize, sparse: &[(Day, u32)]) -> Vec<u32> {
    let mut out = vec![0; days];
    for &(day, v) in sparse {
        if let Some(slot) = usize::try_from(day - from)
            .ok()
            .and_then(|i| out.get_mut(i))
        {
            *slot += v;
        }
    }
    out
}

/// Counts by day, ascending, with every day before `from` added into `from`.
#[must_use]
pub fn fold_overdue(days: Vec<(Day, u32)>, from: Day) -> Vec<(Day, u32)> {
    let overdue: u32 = days.iter().filter(|(d, _)| *d < from).map(|(_, n)| n).sum();
    let mut out: Vec<(Day, u32)> = days.into_iter().filter(|(d, _)| *d >= from).collect();
    match out.first_mut() {
        Some((d, n)) if *d == from => *n += overdue,
        _ if overdue > 0 => out.insert(0, (from, overdue)),
        _ => {}
    }
    out
}

/// A share as a whole percentage, `None` when there is nothing to divide.
#[must_use]
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 100.0).round() as u32)
}

/// Answers and how many of them passed (quality ≥ 3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub answers: u32,
    pub passed: u32,
    /// `passed / answers` as a whole percentage; null with no answers.
    pub percent: Option<u32>,
}

impl Tally {
    #[must_use]
    pub fn new(answers: u32, passed: u32) -> Tally {
        let passed = passed.min(answers);
        Tally {
            answers,
            passed,
            percent: percent(passed as usize, answers as usize),
        }
    }

    /// Two tallies together, e.g. young and mature into all.
    #[must_use]
    pub fn plus(self, other: Tally) -> Tally {
        Tally::new(self.answers + other.answers, self.passed + other.passed)
    }
}

/// Retention over the last `days` study days (today included): scheduled reviews of cards
/// that were not new, split by the card's interval before the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetentionWindow {
    pub days: u32,
    /// Interval before the answer under `MATURE_DAYS`.
    pub young: Tally,
    pub mature: Tally,
    pub all: Tally,
}

impl RetentionWindow {
    #[must_use]
    pub fn new(days: u32, young: Tally, mature: Tally) -> RetentionWindow {
        RetentionWindow {
            days,
            young,
            mature,
            all: young.plus(mature),
        }
    }
}

/// The answers retention counts on one day, young and mature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionDay {
    pub day: Day,
    pub young: Tally,
    pub mature: Tally,
}

/// Retention over the last `days` study days ending `today` (today included), for each
/// of `windows`, summed from per-day tallies; days after today or before a window are left
/// out of it.
#[must_use]
pub fn retention_windows(
    today: Day,
    windows: &[u32],
    days: &[RetentionDay],
) -> Vec<RetentionWindow> {
    windows
        .iter()
        .map(|&w| {
            let first = today - i64::from(w) + 1;
            let (young, mature) = days
                .iter()
                .filter(|d| (first..=today).contains(&d.day))
                .fold((Tally::default(), Tally::default()), |(y, m), d| {
                    (y.plus(d.young), m.plus(d.mature))
                });
            RetentionWindow::new(w, young, mature)
        })
        .collect()
}

/// What was done today (the current study day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TodayStats {
    /// Every answer logged today: reviews, relearning repeats and drills.
    pub answers: u32,
    /// Distinct cards answered.
    pub cards: u32,
    /// Scheduled reviews of cards seen before (what the daily review limit counts).
    pub reviews: u32,
    /// New cards introduced (their first scheduled answer).
    pub new: u32,
    /// Same-session repeats of cards graded below 4.
    pub relearns: u32,
    pub drills: u32,
    /// Answers graded 3 or more.
    pub passed: u32,
    /// Time spent answering, as measured from each question to its grade.
    pub time_ms: i64,
    /// Cards (not suspended) due today or overdue and not yet answered.
    pub due: u32,
}

/// Cards by state. Suspended cards are counted only under `suspended`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CardCounts {
    pub total: u32,
    /// Never answered.
    pub new: u32,
    /// Answered, interval under `MATURE_DAYS`.
    pub young: u32,
    pub mature: u32,
    pub suspended: u32,
}

/// Cards due on one day of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DueOn {
    #[serde(serialize_with = "as_date")]
    pub date: Day,
    pub due: u32,
}

/// Answers logged on one day of the heatmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReviewsOn {
    #[serde(serialize_with = "as_date")]
    pub date: Day,
    pub reviews: u32,
}

/// A card that keeps being forgotten.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HardCard {
    /// The card's stable id (`python/definition`), for `recall info`.
    pub id: String,
    /// The card's number, which `recall info` takes too (shown when the id is too long).
    pub number: i64,
    pub deck: String,
    /// Raw card text: sanitise before printing.
    pub front: String,
    pub lapses: u32,
    /// Easiness factor in hundredths; shown as a decimal (2.50).
    #[serde(serialize_with = "as_decimal")]
    pub ef: u32,
    pub interval_days: u32,
    pub leech: bool,
}

/// Everything `recall stats` shows; `--json` prints it as is.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Today's study day.
    #[serde(serialize_with = "as_date")]
    pub date: Day,
    /// The deck path `--deck` selected; null for all decks.
    pub deck: Option<String>,
    pub today: TodayStats,
    pub streak_days: u32,
    pub longest_streak_days: u32,
    /// Days with at least one answer, ever.
    pub study_days: u32,
    pub cards: CardCounts,
    /// From today (overdue cards included) for `--days` days.
    pub forecast: Vec<DueOn>,
    /// Every day of the heatmap's 26 weeks, Monday first, up to today.
    pub heatmap: Vec<ReviewsOn>,
    pub retention: Vec<RetentionWindow>,
    pub skills: Vec<SkillSummary>,
    /// Most lapses first, then lowest EF; only cards that lapsed or lost ease.
    pub hardest: Vec<HardCard>,
    /// Every card with at least `LEECH_LAPSES` lapses, worst first.
    pub leeches: Vec<HardCard>,
    /// The scheduler in use and how well today's due cards are expected to be recalled.
    pub scheduling: super::fsrs::SchedulerStats,
}

fn as_date<S: Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_day(*day))
}

fn as_decimal<S: Serializer>(hundredths: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(f64::from(*hundredths) / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn longest_streak_finds_the_best_run() {
        assert_eq!(longest_streak(&[]), 0);
        assert_eq!(longest_streak(&[5]), 1);
        assert_eq!(longest_streak(&[1, 2, 3, 7, 8, 20, 21, 22, 23]), 4);
        assert_eq!(longest_streak(&[3, 2, 2, 1]), 3, "order and duplicates");
    }

    #[test]
    fn dense_fills_the_empty_days() {
        assert_eq!(
            dense(10, 4, &[(11, 3), (13, 1), (9, 7), (14, 2)]),
            vec![0, 3, 0, 1]
        );
        assert_eq!(dense(0, 0, &[(0, 1)]), Vec::<u32>::new());
    }

    #[test]
    fn overdue_days_fold_into_the_first() {
        assert_eq!(
            fold_overdue(vec![(3, 1), (5, 2), (7, 4)], 5),
            vec![(5, 3), (7, 4)]
        );
        assert_eq!(fold_overdue(vec![(3, 1), (7, 4)], 5), vec![(5, 1), (7, 4)]);
        assert_eq!(fold_overdue(vec![(7, 4)], 5), vec![(7, 4)]);
        assert_eq!(fold_overdue(vec![], 5), vec![]);
    }

    #[test]
    fn percent_rounds() {
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn tallies_add_and_know_their_share() {
        let t = Tally::new(4, 3).plus(Tally::new(0, 0));
        assert_eq!(t, Tally::new(4, 3));
        assert_eq!(t.percent, Some(75));
        assert_eq!(Tally::new(0, 0).percent, None);
        let w = RetentionWindow::new(7, Tally::new(3, 1), Tally::new(1, 1));
        assert_eq!(w.all, Tally::new(4, 2));
    }

    #[test]
    fn retention_windows_end_today_and_include_it() {
        let day = |day, y: (u32, u32), m: (u32, u32)| RetentionDay {
            day,
            young: Tally::new(y.0, y.1),
            mature: Tally::new(m.0, m.1),
        };
        let days = [
            day(100, (2, 1), (1, 1)),
            day(94, (1, 1), (0, 0)),
            day(93, (4, 0), (0, 0)),
            day(101, (9, 9), (9, 9)),
        ];
        let w = retention_windows(100, &[1, 7, 8], &days);
        assert_eq!(w[0].all, Tally::new(3, 2));
        assert_eq!(w[1].young, Tally::new(3, 2), "day 94 is the 7th day back");
        assert_eq!(w[2].young, Tally::new(7, 2));
        assert_eq!(w[2].mature, Tally::new(1, 1), "the future is left out");
        assert_eq!(w[2].days, 8);
    }

    #[test]
    fn report_json_names_days_as_dates_and_ease_as_decimals() {
        let card = HardCard {
            id: "a/1".into(),
            number: 1,
            deck: "A".into(),
            front: "q".into(),
            lapses: 8,
            ef: 130,
            interval_days: 1,
            leech: true,
        };
        let v = serde_json::to_value(&card).unwrap();
        assert_eq!(v["ef"], 1.3);
        let v = serde_json::to_value(DueOn { date: 0, due: 2 }).unwrap();
        assert_eq!(v, serde_json::json!({"date": "1970-01-01", "due": 2}));
    }

    proptest! {
        #[test]
        fn the_current_streak_never_beats_the_longest(days in prop::collection::vec(0i64..60, 0..40), today in 0i64..70) {
            let past: Vec<Day> = days.iter().copied().filter(|d| *d <= today).collect();
            prop_assert!(streak(&days, today) <= longest_streak(&past));
        }

        #[test]
        fn a_streak_is_exactly_its_run_of_days(start in 0i64..1000, len in 1u32..50, gap in 2i64..10) {
            // A run of `len` days ending today, then a gap, then older days: only the run counts.
            let today = start + i64::from(len) - 1;
            let mut days: Vec<Day> = (start..=today).collect();
            days.extend([start - gap, start - gap - 1]);
            prop_assert_eq!(streak(&days, today), len);
            prop_assert_eq!(streak(&days, today + 1), len, "alive until tomorrow ends");
            prop_assert_eq!(streak(&days, today + 2), 0, "a missed day breaks it");
        }
    }
}
