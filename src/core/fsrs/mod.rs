//! FSRS-6 as recall's second scheduler, through the `fsrs` crate (a pure library): grades
//! mapped to FSRS ratings, the state after each grade, and the memory state a card's own
//! history gives (`history`), and the fit and comparison behind `recall optimize`
//! (`evaluate`).

pub mod evaluate;
pub mod history;
pub mod switch;

use fsrs::{DEFAULT_PARAMETERS, FSRS, ItemState, MemoryState};

use super::day::Day;
use super::schedule::{CardState, FsrsMemory, Memory, NextStates, Quality, Scheduler};
use super::sm2::{EF_START, MAX_INTERVAL_DAYS};

/// How many parameters FSRS-6 has.
pub const PARAMETER_COUNT: usize = 21;

/// The desired retention when none is set: recall 90% of cards when they come due.
pub const DEFAULT_DESIRED_RETENTION: f32 = 0.9;

/// The retention FSRS assumes an SM-2 schedule was kept at, when a card's state has to
/// be estimated from its SM-2 interval and easiness (`memory_state_from_sm2`).
const SM2_RETENTION: f32 = 0.9;

/// A card counts as known to FSRS once it is expected to be remembered at 90% for this
/// many days — SM-2's second interval, the point at which SM-2 calls a card known.
const MASTERED_STABILITY_DAYS: f32 = 6.0;

/// FSRS's parameters and the desired retention: everything the scheduler needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FsrsConfig {
    pub parameters: [f32; PARAMETER_COUNT],
    /// The probability of recall the intervals aim at when a card falls due (0.70–0.97).
    pub desired_retention: f32,
}

impl Default for FsrsConfig {
    fn default() -> Self {
        FsrsConfig {
            parameters: DEFAULT_PARAMETERS,
            desired_retention: DEFAULT_DESIRED_RETENTION,
        }
    }
}

impl FsrsConfig {
    /// The crate's model with these parameters; the defaults if the crate refuses them
    /// (they are checked when stored, so this is a last line of defence).
    #[must_use]
    pub fn model(&self) -> FSRS {
        FSRS::new(&self.parameters).unwrap_or_default()
    }
}

/// Parameters as stored (`fsrs.parameters`: 21 numbers separated by commas); `None` when
/// the text is not exactly 21 finite numbers or the crate refuses them.
#[must_use]
pub fn parse_parameters(text: &str) -> Option<[f32; PARAMETER_COUNT]> {
    let values: Vec<f32> = text
        .split(',')
        .map(|v| v.trim().parse::<f32>().ok().filter(|x| x.is_finite()))
        .collect::<Option<_>>()?;
    let parameters: [f32; PARAMETER_COUNT] = values.try_into().ok()?;
    FSRS::new(&parameters).ok().map(|_| parameters)
}

/// Parameters as stored, each written so that it reads back to the same `f32`.
#[must_use]
pub fn format_parameters(parameters: &[f32]) -> String {
    parameters
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// recall's grades as FSRS ratings: 0–2 Again (not recalled), 3 Hard, 4 Good, 5 Easy.
#[must_use]
pub fn rating(q: Quality) -> u32 {
    match q.value() {
        0..=2 => 1,
        3 => 2,
        4 => 3,
        _ => 4,
    }
}

/// An interval in whole days from FSRS's fractional one: rounded, at least one day (recall
/// schedules by study day; a same-day step is a repeat, not an interval) and at most the
/// hundred years SM-2 stops at.
#[must_use]
pub fn whole_days(interval: f32) -> u32 {
    if interval.is_nan() {
        return 1;
    }
    let days = interval.round().clamp(1.0, MAX_INTERVAL_DAYS as f32);
    days as u32
}

/// A card's memory state in the crate's terms.
fn crate_memory(m: FsrsMemory) -> MemoryState {
    MemoryState {
        stability: m.stability,
        difficulty: m.difficulty,
    }
}

fn own_memory(m: MemoryState) -> FsrsMemory {
    FsrsMemory {
        stability: m.stability,
        difficulty: m.difficulty,
    }
}

/// The memory state a card's SM-2 schedule implies (the crate's `memory_state_from_sm2`):
/// for a card with a state but no history to compute one from.
#[must_use]
pub fn memory_from_sm2(model: &FSRS, s: &CardState) -> Option<FsrsMemory> {
    let ease = s.memory.ease as f32 / 100.0;
    model
        .memory_state_from_sm2(ease, s.interval_days.max(1) as f32, SM2_RETENTION)
        .ok()
        .map(own_memory)
}

/// Whether FSRS judges a card with this memory known after a grade.
#[must_use]
pub fn mastered(memory: FsrsMemory, q: Quality) -> bool {
    q.passed() && memory.stability >= MASTERED_STABILITY_DAYS
}

/// The probability of recalling a card with this memory `days` after its last answer.
#[must_use]
pub fn retrievability(parameters: &[f32; PARAMETER_COUNT], memory: FsrsMemory, days: f32) -> f32 {
    let decay = parameters[20];
    fsrs::current_retrievability(crate_memory(memory), days.max(0.0), decay)
}

/// The chance a card with this state is recalled on `today`: FSRS's retrievability when
/// FSRS schedules and knows the card (`fsrs`), else SM-2's as srs-benchmark models it,
/// `0.9^(t/I)` for `t` days since its last scheduled answer and its interval `I`.
#[must_use]
pub fn predicted_recall(fsrs: Option<&FsrsConfig>, s: &CardState, today: Day) -> f32 {
    let days = s.days_since_answer(today) as f32;
    match (fsrs, s.memory.fsrs) {
        (Some(config), Some(memory)) => retrievability(&config.parameters, memory, days),
        _ => 0.9f32.powf(days / s.interval_days.max(1) as f32),
    }
}

/// What `recall stats` says of the scheduler: the predicted recall of today's due cards
/// and, under FSRS, the retention it aims at.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct SchedulerStats {
    /// `sm2` or `fsrs`.
    pub scheduler: &'static str,
    /// Cards due today or overdue (not suspended).
    pub due_cards: usize,
    /// Their mean predicted chance of recall now; null when none is due.
    pub predicted_retention_due: Option<f32>,
    /// FSRS: the desired retention its intervals aim at; null under SM-2.
    pub desired_retention: Option<f32>,
}

/// The scheduler's figures from the states of today's due cards.
#[must_use]
pub fn scheduler_stats(fsrs: Option<&FsrsConfig>, due: &[CardState], today: Day) -> SchedulerStats {
    let total: f32 = due.iter().map(|s| predicted_recall(fsrs, s, today)).sum();
    SchedulerStats {
        scheduler: if fsrs.is_some() { "fsrs" } else { "sm2" },
        due_cards: due.len(),
        predicted_retention_due: (!due.is_empty()).then(|| total / due.len() as f32),
        desired_retention: fsrs.map(|c| c.desired_retention),
    }
}

impl FsrsConfig {
    /// The crate's four next states for a card: its memory (from its state, or estimated
    /// from its SM-2 schedule when FSRS has not seen it) after the days since its last
    /// scheduled answer. A new card has none.
    fn crate_next_states(
        &self,
        model: &FSRS,
        prev: Option<&CardState>,
        today: Day,
    ) -> fsrs::NextStates {
        let memory = prev.and_then(|s| s.memory.fsrs.or_else(|| memory_from_sm2(model, s)));
        let elapsed = prev.map_or(0, |s| s.days_since_answer(today));
        model
            .next_states(memory.map(crate_memory), self.desired_retention, elapsed)
            .or_else(|_| model.next_states(None, self.desired_retention, 0))
            .unwrap_or_else(|_| fallback_states())
    }
}

/// Never reached with the crate's checked parameters: the first-answer states of the
/// default parameters, so a scheduler always answers.
fn fallback_states() -> fsrs::NextStates {
    let state = |i: usize, difficulty: f32| ItemState {
        memory: MemoryState {
            stability: DEFAULT_PARAMETERS[i],
            difficulty,
        },
        interval: DEFAULT_PARAMETERS[i],
    };
    fsrs::NextStates {
        again: state(0, 6.4133),
        hard: state(1, 5.1122),
        good: state(2, 2.1181),
        easy: state(3, 1.0),
    }
}

/// The card's state after a scheduled answer `q` that the crate's `item` describes.
fn state_after(
    prev: Option<&CardState>,
    q: Quality,
    item: &ItemState,
    today: Day,
    now_ms: i64,
) -> CardState {
    let memory = own_memory(item.memory);
    let interval_days = whole_days(item.interval);
    let lapses = prev.map_or(0, |s| s.lapses);
    let had_passed = prev.is_some_and(|s| s.last_quality >= 3);
    let (reps, lapses, retained_days) = if q.passed() {
        let reps = prev.map_or(0, |s| s.reps) + 1;
        (reps, lapses, prev.map_or(0, |s| s.days_since_answer(today)))
    } else {
        (1, lapses + u32::from(had_passed), 0)
    };
    CardState {
        reps,
        interval_days,
        due_day: today + i64::from(interval_days),
        lapses,
        last_quality: q.value(),
        last_reviewed_at: now_ms,
        mastered: mastered(memory, q),
        retained_days,
        memory: Memory {
            ease: prev.map_or(EF_START, |s| s.memory.ease),
            fsrs: Some(memory),
        },
    }
}

impl Scheduler for FsrsConfig {
    fn name(&self) -> &'static str {
        "fsrs"
    }

    fn next_states(&self, prev: Option<&CardState>, today: Day, now_ms: i64) -> NextStates {
        let model = self.model();
        let states = self.crate_next_states(&model, prev, today);
        NextStates::new(Quality::ALL.map(|q| {
            let item = match rating(q) {
                1 => &states.again,
                2 => &states.hard,
                3 => &states.good,
                _ => &states.easy,
            };
            state_after(prev, q, item, today, now_ms)
        }))
    }

    /// Again brings the card back the same day: FSRS's relearning step.
    fn repeats_today(&self, q: Quality) -> bool {
        !q.passed()
    }

    /// Same-day answers feed FSRS-6's short-term stability (elapsed 0 days).
    fn schedules_repeats(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests;
