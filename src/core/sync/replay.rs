//! A card's schedule as a replay of its answers: the state before the first answer that
//! moved its schedule, then the scheduler applied to each such answer in clock order. Two
//! devices holding the same answers compute the same states.

use crate::core::day::Day;
use crate::core::schedule::{Algorithm, CardState, Quality, Scheduler};

/// One logged answer, as the replay needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The study day it counted for and when it was given.
    pub day: Day,
    pub at_ms: i64,
    pub quality: Quality,
    /// Whether it moved the schedule when it was given: scheduled answers did; drills
    /// without `--reschedule`, SM-2's same-day repeats and imported history did not.
    pub stepped: bool,
}

/// The state before and after each answer, in the order given, starting from `base`.
/// An answer that did not move the schedule leaves it as it was.
#[must_use]
pub fn replay(
    scheduler: &Algorithm,
    base: Option<CardState>,
    steps: &[Step],
) -> Vec<(Option<CardState>, Option<CardState>)> {
    let mut state = base;
    steps
        .iter()
        .map(|s| {
            let before = state;
            if s.stepped {
                let next = scheduler.next_states(before.as_ref(), s.day, s.at_ms);
                state = Some(next.after(s.quality));
            }
            (before, state)
        })
        .collect()
}

/// The state after all of `steps`.
#[must_use]
pub fn final_state(
    scheduler: &Algorithm,
    base: Option<CardState>,
    steps: &[Step],
) -> Option<CardState> {
    replay(scheduler, base, steps)
        .last()
        .map_or(base, |(_, after)| *after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(day: Day, q: u8) -> Step {
        Step {
            day,
            at_ms: day * 86_400_000 + 43_200_000,
            quality: Quality::new(q).unwrap(),
            stepped: true,
        }
    }

    #[test]
    fn sm2_replayed_gives_its_published_intervals() {
        // 5,5,5,5 → 1, 6, 17, 50 (DESIGN's vector), each answered on its due day.
        let mut steps = vec![step(100, 5)];
        let mut days = vec![];
        for _ in 0..3 {
            let s = final_state(&Algorithm::Sm2, None, &steps).unwrap();
            days.push(s.interval_days);
            steps.push(step(s.due_day, 5));
        }
        let last = final_state(&Algorithm::Sm2, None, &steps).unwrap();
        days.push(last.interval_days);
        assert_eq!(days, vec![1, 6, 17, 50]);
    }

    #[test]
    fn an_answer_that_did_not_step_leaves_the_state_and_is_logged_with_it() {
        let first = step(10, 4);
        let drill = Step {
            stepped: false,
            ..step(10, 0)
        };
        let pairs = replay(&Algorithm::Sm2, None, &[first, drill]);
        assert_eq!(pairs[0].0, None);
        assert_eq!(pairs[1].0, pairs[0].1);
        assert_eq!(pairs[1].1, pairs[0].1);
        assert_eq!(pairs[1].1.unwrap().reps, 1);
    }

    #[test]
    fn the_order_of_answers_decides_the_state() {
        let (a, b) = (step(10, 5), step(11, 1));
        let ab = final_state(&Algorithm::Sm2, None, &[a, b]).unwrap();
        let ba = final_state(&Algorithm::Sm2, None, &[b, a]).unwrap();
        assert_eq!(ab.reps, 1, "a fail last resets the repetitions");
        assert_eq!(ba.reps, 2, "a pass after the fail is its second repetition");
        assert_eq!(ab.lapses, 1, "a fail after a pass is a lapse");
        assert_eq!(ba.lapses, 0);
    }

    #[test]
    fn no_answers_leave_the_base() {
        let base = final_state(&Algorithm::Sm2, None, &[step(3, 4)]);
        assert_eq!(final_state(&Algorithm::Sm2, base, &[]), base);
        assert_eq!(final_state(&Algorithm::Sm2, None, &[]), None);
    }
}
