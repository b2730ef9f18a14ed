//! The SM-2 scheduler, exactly as DESIGN §4: integer easiness in hundredths, integer intervals.

use super::day::Day;
use super::schedule::{CardState, Memory, NextStates, Quality, Scheduler};

/// Easiness factor of a new card, in hundredths.
pub const EF_START: u32 = 250;
/// The easiness factor never drops below this, in hundredths.
pub const EF_FLOOR: u32 = 130;

/// SM-2 as DESIGN §4 gives it: the default scheduler.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sm2;

impl Scheduler for Sm2 {
    fn name(&self) -> &'static str {
        "sm2"
    }

    fn next_states(&self, prev: Option<&CardState>, today: Day, now_ms: i64) -> NextStates {
        NextStates::new(Quality::ALL.map(|q| answer(prev, q, today, now_ms)))
    }

    /// SM-2 step 7: below 4 the card is repeated later the same day.
    fn repeats_today(&self, q: Quality) -> bool {
        q.value() < 4
    }
}

/// A card's schedule in SM-2's own terms, as another SM-2 tool (Anki) hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sm2State {
    pub reps: u32,
    /// Easiness factor in hundredths.
    pub ef: u32,
    pub interval_days: u32,
    pub due_day: Day,
    pub lapses: u32,
    pub last_quality: u8,
    /// UTC milliseconds.
    pub last_reviewed_at: i64,
}

impl From<Sm2State> for CardState {
    /// The shared state, judged known as SM-2 judges it.
    fn from(s: Sm2State) -> CardState {
        CardState {
            reps: s.reps,
            interval_days: s.interval_days,
            due_day: s.due_day,
            lapses: s.lapses,
            last_quality: s.last_quality,
            last_reviewed_at: s.last_reviewed_at,
            mastered: mastered(s.reps),
            // Another tool's schedule shows no recall we saw: the next pass here counts.
            retained_days: 0,
            memory: Memory::sm2(s.ef),
        }
    }
}

/// A card is mastered once recalled on two separate days in a row.
fn mastered(reps: u32) -> bool {
    reps >= 2
}

/// The easiness factor as a decimal (2.5 for 250).
#[must_use]
pub fn ef_decimal(ef: u32) -> f64 {
    f64::from(ef) / 100.0
}

/// The easiness update of SM-2 for a pass, in hundredths:
/// `EF + 10 − (5−q)·(8 + (5−q)·2)`, floored at 1.30.
fn next_ef(ef: u32, q: Quality) -> u32 {
    let d = i64::from(5 - q.value());
    let ef = i64::from(ef) + 10 - d * (8 + d * 2);
    // The floor keeps the result in 130..; the conversion cannot fail after it.
    u32::try_from(ef.max(i64::from(EF_FLOOR))).unwrap_or(EF_FLOOR)
}

/// The longest interval: 100 years. SM-2 itself has no bound, and seventy answers of 5
/// in a row (drills with `--reschedule`) would push a due date past any calendar; Anki caps
/// its intervals the same way (its maximum interval setting).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// `ceil(interval · ef / 100)` in integers (floating point gets 146 for 50 × 2.90), at most
/// `MAX_INTERVAL_DAYS`.
fn grow_interval(interval: u32, ef: u32) -> u32 {
    let product = u64::from(interval) * u64::from(ef);
    let days = product.div_ceil(100).min(u64::from(MAX_INTERVAL_DAYS));
    u32::try_from(days).unwrap_or(MAX_INTERVAL_DAYS)
}

/// Applies one scheduled answer of quality `q` on study day `today` to a card's state
/// (`None` for a new card) and returns the new state.
#[must_use]
pub fn answer(prev: Option<&CardState>, q: Quality, today: Day, now_ms: i64) -> CardState {
    let ef = prev.map_or(EF_START, |s| s.memory.ease);
    // FSRS's part of the memory is kept as it was: switching back to FSRS recomputes it.
    let fsrs = prev.and_then(|s| s.memory.fsrs);
    let lapses = prev.map_or(0, |s| s.lapses);
    if !q.passed() {
        let had_passed = prev.is_some_and(|s| s.last_quality >= 3);
        return CardState {
            reps: 1,
            interval_days: 1,
            due_day: today + 1,
            lapses: lapses + u32::from(had_passed),
            last_quality: q.value(),
            last_reviewed_at: now_ms,
            mastered: mastered(1),
            retained_days: 0,
            memory: Memory { ease: ef, fsrs },
        };
    }
    let ef = next_ef(ef, q);
    let reps = prev.map_or(0, |s| s.reps) + 1;
    let interval_days = match reps {
        1 => 1,
        2 => 6,
        _ => grow_interval(prev.map_or(1, |s| s.interval_days), ef),
    };
    CardState {
        reps,
        interval_days,
        due_day: today + i64::from(interval_days),
        lapses,
        last_quality: q.value(),
        last_reviewed_at: now_ms,
        mastered: mastered(reps),
        retained_days: prev.map_or(0, |s| s.days_since_answer(today)),
        memory: Memory { ease: ef, fsrs },
    }
}

/// SM-2's state after replaying scheduled answers (study day, grade, UTC ms; oldest first)
/// from `start` (`None`: a new card): how switching back to SM-2 brings a card's SM-2
/// schedule up to date with the answers given under another scheduler.
#[must_use]
pub fn replay(
    start: Option<CardState>,
    answers: impl IntoIterator<Item = (Day, Quality, i64)>,
) -> Option<CardState> {
    answers.into_iter().fold(start, |state, (day, q, at)| {
        Some(answer(state.as_ref(), q, day, at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(n: u8) -> Quality {
        Quality::new(n).unwrap()
    }

    /// Answers each grade on the day the card falls due; returns (interval, ef) after each.
    fn run(grades: &[u8]) -> Vec<(u32, u32)> {
        let mut state: Option<CardState> = None;
        let mut today = 0;
        let mut out = Vec::new();
        for &g in grades {
            let next = answer(state.as_ref(), q(g), today, 0);
            out.push((next.interval_days, next.memory.ease));
            today = next.due_day;
            state = Some(next);
        }
        out
    }

    #[test]
    fn four_perfect_answers() {
        assert_eq!(
            run(&[5, 5, 5, 5]),
            vec![(1, 260), (6, 270), (17, 280), (50, 290)]
        );
    }

    #[test]
    fn integer_arithmetic_gets_145_not_146() {
        let r = run(&[5, 5, 5, 5, 4]);
        assert_eq!(r[4], (145, 290));
    }

    #[test]
    fn failures_restart_without_touching_ef() {
        let r = run(&[0, 0, 5, 5]);
        let intervals: Vec<u32> = r.iter().map(|x| x.0).collect();
        assert_eq!(intervals, vec![1, 1, 6, 17]);
        assert_eq!(r[1].1, 250);
    }

    #[test]
    fn quality_three_lowers_ef_by_fourteen() {
        assert_eq!(run(&[3])[0], (1, 236));
    }

    #[test]
    fn ef_stops_at_the_floor() {
        let r = run(&[3; 12]);
        assert_eq!(r.last().unwrap().1, 130);
        // 250 - 14*8 = 138, then 124 floored to 130.
        assert_eq!(r[7].1, 138);
        assert_eq!(r[8].1, 130);
    }

    #[test]
    fn a_fail_after_a_pass_is_one_lapse() {
        let mut s = answer(None, q(0), 0, 0);
        assert_eq!(s.lapses, 0, "failing a new card is not a lapse");
        s = answer(Some(&s), q(4), 1, 0);
        s = answer(Some(&s), q(1), 2, 0);
        assert_eq!(s.lapses, 1);
        s = answer(Some(&s), q(2), 3, 0);
        assert_eq!(
            s.lapses, 1,
            "failing again while relearning is not another lapse"
        );
        assert_eq!((s.reps, s.interval_days, s.due_day), (1, 1, 4));
    }

    #[test]
    fn next_states_give_every_grade_at_once() {
        let first = answer(None, q(4), 10, 0);
        let all = Sm2.next_states(Some(&first), 11, 7);
        let intervals: Vec<u32> = Quality::ALL
            .iter()
            .map(|&g| all.after(g).interval_days)
            .collect();
        assert_eq!(intervals, [1, 1, 1, 6, 6, 6]);
        assert_eq!(all.after(q(5)), answer(Some(&first), q(5), 11, 7));
        assert!(all.after(q(4)).mastered, "two recalls on separate days");
        assert!(!all.after(q(2)).mastered);
        assert!(!first.mastered);
    }

    #[test]
    fn grades_below_four_repeat_the_same_day() {
        let repeats: Vec<bool> = Quality::ALL.iter().map(|&g| Sm2.repeats_today(g)).collect();
        assert_eq!(repeats, [true, true, true, true, false, false]);
    }

    /// Always 4, on the day due: days 0, 1, 7, 22, 60 — each pass records the gap since the
    /// answer before it; a failure forgets it.
    #[test]
    fn a_pass_records_how_long_the_card_was_remembered() {
        let mut state: Option<CardState> = None;
        let mut seen = Vec::new();
        for _ in 0..5 {
            let today = state.map_or(0, |s| s.due_day);
            let next = answer(state.as_ref(), q(4), today, 0);
            seen.push((today, next.retained_days));
            state = Some(next);
        }
        assert_eq!(seen, vec![(0, 0), (1, 1), (7, 6), (22, 15), (60, 38)]);
        let late = answer(state.as_ref(), q(4), 60 + 95 + 10, 0);
        assert_eq!(late.retained_days, 105, "a late pass counts the whole gap");
        assert_eq!(answer(state.as_ref(), q(2), 160, 0).retained_days, 0);
    }

    #[test]
    fn intervals_stop_at_a_hundred_years() {
        let mut state: Option<CardState> = None;
        let mut day = 0;
        for _ in 0..70 {
            let next = answer(state.as_ref(), Quality::new(5).unwrap(), day, 0);
            day = next.due_day;
            state = Some(next);
        }
        let last = state.unwrap();
        assert_eq!(last.interval_days, 36_500);
        assert!(last.due_day < 70 * 36_500, "{}", last.due_day);
        assert_eq!(grow_interval(36_000, 130), 36_500);
        assert_eq!(grow_interval(28_000, 130), 36_400);
    }

    #[test]
    fn due_day_is_today_plus_interval() {
        let s = answer(None, q(5), 100, 0);
        let s = answer(Some(&s), q(5), 101, 0);
        assert_eq!(s.due_day, 107);
    }

    fn arb_state() -> impl Strategy<Value = CardState> {
        // Only states SM-2 can reach: reps 1 has interval 1, reps 2 has 6, later ones more.
        (1u32..20, 130u32..400, 6u32..5000, 0u32..10, 0u8..=5).prop_map(
            |(reps, ef, longer, lapses, last_quality)| CardState {
                reps,
                interval_days: match reps {
                    1 => 1,
                    2 => 6,
                    _ => longer,
                },
                due_day: 1000,
                lapses,
                last_quality,
                last_reviewed_at: 0,
                mastered: reps >= 2,
                retained_days: 0,
                memory: Memory::sm2(ef),
            },
        )
    }

    proptest! {
        #[test]
        fn ef_never_below_the_floor(s in arb_state(), g in 0u8..=5) {
            prop_assert!(answer(Some(&s), q(g), 1000, 0).memory.ease >= EF_FLOOR);
        }

        #[test]
        fn failing_keeps_ef_and_resets_interval(s in arb_state(), g in 0u8..3) {
            let n = answer(Some(&s), q(g), 1000, 0);
            prop_assert_eq!(n.memory.ease, s.memory.ease);
            prop_assert_eq!(n.interval_days, 1);
            prop_assert_eq!(n.reps, 1);
        }

        #[test]
        fn good_answers_never_shrink_the_interval(s in arb_state(), g in 4u8..=5) {
            let n = answer(Some(&s), q(g), 1000, 0);
            prop_assert!(n.interval_days >= s.interval_days, "{:?} -> {:?}", s, n);
            prop_assert!(n.due_day > 1000);
        }

        #[test]
        fn any_sequence_keeps_the_invariants(grades in prop::collection::vec(0u8..=5, 1..40)) {
            let mut state: Option<CardState> = None;
            let mut today = 0;
            for g in grades {
                let n = answer(state.as_ref(), q(g), today, 0);
                prop_assert!(n.memory.ease >= EF_FLOOR && n.interval_days >= 1);
                prop_assert_eq!(n.due_day, today + i64::from(n.interval_days));
                if let (true, Some(prev)) = (g >= 4, state) {
                    prop_assert!(n.interval_days >= prev.interval_days);
                }
                today = n.due_day;
                state = Some(n);
            }
        }
    }
}
