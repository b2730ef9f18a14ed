//! A simulated learner, for `recall optimize`'s tests and benchmarks: a review log whose
//! answers follow a known memory model that is NOT FSRS-6's default one, so that fitting
//! parameters to it must pay off.
//!
//! - The learner's true memory is FSRS-6 with `TRUE_PARAMETERS`: the default parameters
//!   with the four initial stabilities halved and the growth of stability after a
//!   success (w8) at 70% — someone who forgets faster than the average Anki user.
//! - Cards are scheduled as recall's FSRS does with the default parameters at 0.90: the
//!   next review is the interval of the scheduler's memory state, in whole days, plus a
//!   delay of 0-2 days (a learner is not always on time).
//! - At each review the card is recalled with the true retrievability; a recalled card is
//!   graded Hard (3) 15%, Good (4) 75% or Easy (5) 10% of the time, a forgotten one Again
//!   (1), and then relearned the same day 10 minutes later with Good (mode `relearn`).
//! - `new_per_day` new cards a day until the log has `reviews` answers. Every answer has
//!   its own millisecond (10:00 UTC on its day plus one second per card), seeded.

#![allow(dead_code)]

use fsrs::{DEFAULT_PARAMETERS, FSRS, MemoryState};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// The simulated learner's true FSRS-6 parameters.
#[must_use]
pub fn true_parameters() -> [f32; 21] {
    let mut w = DEFAULT_PARAMETERS;
    for s in &mut w[..4] {
        *s *= 0.5;
    }
    w[8] *= 0.7;
    w
}

/// One simulated answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The card's stable id: `sim/00042`.
    pub card: String,
    /// UTC milliseconds.
    pub at: i64,
    pub quality: u8,
    /// `review` or `relearn`.
    pub mode: &'static str,
    pub duration_ms: i64,
}

struct Card {
    due: i64,
    last: i64,
    truth: Option<MemoryState>,
    model: Option<MemoryState>,
}

/// The first day of the log: 2025-01-01, as days since 1970-01-01.
pub const FIRST_DAY: i64 = 20_089;

fn rating_of(q: u8) -> usize {
    match q {
        0..=2 => 0,
        3 => 1,
        4 => 2,
        _ => 3,
    }
}

fn pick(states: &fsrs::NextStates, q: u8) -> MemoryState {
    match rating_of(q) {
        0 => states.again.memory,
        1 => states.hard.memory,
        2 => states.good.memory,
        _ => states.easy.memory,
    }
}

/// A log of at least `reviews` answers (oldest first) and the number of cards it answers.
#[must_use]
pub fn simulate(reviews: usize, new_per_day: usize, seed: u64) -> (Vec<Answer>, usize) {
    let truth = FSRS::new(&true_parameters()).expect("valid parameters");
    let scheduler = FSRS::default();
    let decay = true_parameters()[20];
    let mut rng = StdRng::seed_from_u64(seed);
    let mut cards: Vec<Card> = Vec::new();
    let mut log = Vec::with_capacity(reviews + reviews / 4);
    let mut day = 0i64;
    while log.len() < reviews {
        for _ in 0..new_per_day {
            cards.push(Card {
                due: day,
                last: day,
                truth: None,
                model: None,
            });
        }
        for (i, card) in cards.iter_mut().enumerate() {
            if card.due != day || log.len() >= reviews {
                continue;
            }
            let elapsed = u32::try_from(day - card.last).unwrap_or(0);
            let recalled = match card.truth {
                None => rng.random::<f32>() < 0.7,
                Some(m) => {
                    let r = fsrs::current_retrievability(m, elapsed as f32, decay);
                    rng.random::<f32>() < r
                }
            };
            let quality = if recalled {
                match rng.random_range(0..100) {
                    0..15 => 3,
                    15..90 => 4,
                    _ => 5,
                }
            } else {
                1
            };
            let at = (FIRST_DAY + day) * 86_400_000 + 36_000_000 + i as i64 * 1000;
            let name = format!("sim/{i:05}");
            let mut answer = |q: u8, at: i64, mode: &'static str, elapsed: u32, card: &mut Card| {
                let t = truth.next_states(card.truth, 0.9, elapsed).expect("states");
                let s = scheduler
                    .next_states(card.model, 0.9, elapsed)
                    .expect("states");
                card.truth = Some(pick(&t, q));
                card.model = Some(pick(&s, q));
                log.push(Answer {
                    card: name.clone(),
                    at,
                    quality: q,
                    mode,
                    duration_ms: 4000,
                });
            };
            answer(quality, at, "review", elapsed, card);
            if !recalled {
                answer(4, at + 600_000, "relearn", 0, card);
            }
            let stability = card.model.map_or(1.0, |m| m.stability);
            let interval = scheduler
                .next_interval(Some(stability), 0.9, 3)
                .round()
                .max(1.0);
            card.last = day;
            card.due = day + interval as i64 + rng.random_range(0..3);
        }
        day += 1;
    }
    log.sort_by_key(|a| a.at);
    let answered = cards.len();
    (log, answered)
}

/// The log as `recall import --reviews` reads it.
#[must_use]
pub fn csv(log: &[Answer]) -> String {
    let mut out = String::from("card_id,review_time,quality,mode,duration_ms\n");
    for a in log {
        let time = chrono::DateTime::from_timestamp_millis(a.at)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{time},{},{},{}\n",
            a.card, a.quality, a.mode, a.duration_ms
        ));
    }
    out
}

/// A CSV deck of the simulated cards (`id,front,back`), so their answers have cards.
#[must_use]
pub fn deck(cards: usize) -> String {
    let mut out = String::from("id,front,back\n");
    for i in 0..cards {
        out.push_str(&format!("sim/{i:05},Question {i},Answer {i}\n"));
    }
    out
}
