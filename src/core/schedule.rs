//! The scheduler seam: a card's scheduling state, the grades a learner gives, and the one
//! interface every scheduler implements. Nothing outside a scheduler's own module knows how
//! it computes intervals or what "known" means to it.

use std::fmt;

use super::day::Day;

/// An answer's grade, 0 (blackout) to 5 (perfect); 3 and above is a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quality(u8);

impl Quality {
    /// Every grade, lowest first.
    pub const ALL: [Quality; 6] = [
        Quality(0),
        Quality(1),
        Quality(2),
        Quality(3),
        Quality(4),
        Quality(5),
    ];

    #[must_use]
    pub fn new(q: u8) -> Option<Quality> {
        (q <= 5).then_some(Quality(q))
    }

    /// A quality from a number known to be in range; anything above 5 becomes 5.
    #[must_use]
    pub fn clamped(q: u8) -> Quality {
        Quality(q.min(5))
    }

    #[must_use]
    pub fn value(self) -> u8 {
        self.0
    }

    /// 3, 4 and 5 count as recalled.
    #[must_use]
    pub fn passed(self) -> bool {
        self.0 >= 3
    }

    /// The word an Anki user would use for this grade.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self.0 {
            0 => "blackout",
            1 => "again",
            2 => "wrong",
            3 => "hard",
            4 => "good",
            _ => "easy",
        }
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a scheduler keeps of its model of the learner's memory of a card. Every model's
/// part is kept under any scheduler (each answer carries the other model's part as it was),
/// so switching schedulers loses nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory {
    /// SM-2's easiness factor, in hundredths (250 = 2.50).
    pub ease: u32,
    /// FSRS's memory state; `None` until FSRS has scheduled the card or a switch to FSRS
    /// computed it from the card's history.
    pub fsrs: Option<FsrsMemory>,
}

impl Memory {
    /// SM-2's easiness alone (a card FSRS has not seen).
    #[must_use]
    pub fn sm2(ease: u32) -> Memory {
        Memory { ease, fsrs: None }
    }
}

/// FSRS's model of a card's memory: stability (days until recall falls to 90%) and
/// difficulty (1 to 10). Always finite: the `fsrs` crate validates every state it makes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FsrsMemory {
    pub stability: f32,
    pub difficulty: f32,
}

// Finite by construction (above), so equality is an equivalence and bits hash it.
impl Eq for FsrsMemory {}

impl std::hash::Hash for FsrsMemory {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.stability.to_bits().hash(state);
        self.difficulty.to_bits().hash(state);
    }
}

/// The scheduling state of a card that has been answered at least once on schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardState {
    /// Successful recalls in a row (1 after a failure, as the failure's own repetition).
    pub reps: u32,
    pub interval_days: u32,
    pub due_day: Day,
    pub lapses: u32,
    /// The grade of the last scheduled answer; a fail after a pass counts a lapse.
    pub last_quality: u8,
    /// UTC milliseconds of the last scheduled answer.
    pub last_reviewed_at: i64,
    /// Whether the scheduler that produced this state judges the card known: what skill
    /// levels and mastery counts read, so they never assume one scheduler's model.
    pub mastered: bool,
    /// Over how many days the card has been shown remembered: what skill levels read
    /// (`core::levels::retention_days_for`). Every scheduler sets the same observed fact —
    /// the days between the last successful scheduled answer and the one before it, and 0
    /// after a failure — never a model's estimate, so levels do not move when schedulers
    /// are switched or FSRS's parameters are refitted.
    pub retained_days: u32,
    pub memory: Memory,
}

impl CardState {
    /// The study day of the scheduled answer that produced this state (the day it set the
    /// interval from).
    #[must_use]
    pub fn answered_day(&self) -> Day {
        self.due_day - i64::from(self.interval_days)
    }

    /// Days from the scheduled answer that produced this state to `today`: how long the
    /// card was remembered when it is recalled today (0 if `today` is earlier).
    #[must_use]
    pub fn days_since_answer(&self, today: Day) -> u32 {
        u32::try_from((today - self.answered_day()).max(0)).unwrap_or(u32::MAX)
    }
}

/// The state each grade would lead to, computed at once so that a prompt can show the
/// interval behind every grade before the learner picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStates([CardState; 6]);

impl NextStates {
    #[must_use]
    pub fn new(states: [CardState; 6]) -> NextStates {
        NextStates(states)
    }

    #[must_use]
    pub fn after(&self, q: Quality) -> CardState {
        self.0[usize::from(q.value())]
    }
}

/// A spaced-repetition scheduler: how a card's state changes with each grade, and which
/// answers bring a card back later the same day.
pub trait Scheduler {
    /// The name the configuration and the screens use (`sm2`).
    fn name(&self) -> &'static str;

    /// The state after each grade for a scheduled answer on study day `today` at `now_ms`
    /// (`prev` is `None` for a new card).
    fn next_states(&self, prev: Option<&CardState>, today: Day, now_ms: i64) -> NextStates;

    /// Whether an answer of this grade brings the card back later in the same session.
    fn repeats_today(&self, q: Quality) -> bool;

    /// Whether the same-day repeats themselves are scheduled answers (FSRS's short-term
    /// memory model learns from them); SM-2 leaves the schedule alone in a repeat.
    fn schedules_repeats(&self) -> bool {
        false
    }
}

/// The schedulers recall has, as a value a session can carry and the configuration can name.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Algorithm {
    /// SM-2, exactly (DESIGN §4): the default.
    #[default]
    Sm2,
    /// FSRS-6 with the learner's parameters and desired retention.
    Fsrs(super::fsrs::FsrsConfig),
}

// The FSRS configuration holds finite numbers only (validated where it is read).
impl Eq for Algorithm {}

impl Algorithm {
    fn scheduler(&self) -> &dyn Scheduler {
        match self {
            Algorithm::Sm2 => &super::sm2::Sm2,
            Algorithm::Fsrs(config) => config,
        }
    }
}

impl Scheduler for Algorithm {
    fn name(&self) -> &'static str {
        self.scheduler().name()
    }

    fn next_states(&self, prev: Option<&CardState>, today: Day, now_ms: i64) -> NextStates {
        self.scheduler().next_states(prev, today, now_ms)
    }

    fn repeats_today(&self, q: Quality) -> bool {
        self.scheduler().repeats_today(q)
    }

    fn schedules_repeats(&self) -> bool {
        self.scheduler().schedules_repeats()
    }
}

/// How many times a card may come back in one session (`repeats_per_card`, default 3).
pub const DEFAULT_MAX_REPEATS: u32 = 3;

/// Whether a card just answered `q` comes back later the same day. The scheduler says
/// which grades repeat (SM-2 step 7: below 4), but the repeats end: a pass in a same-day
/// repeat (`in_repeat`) ends them — the scheduled answer has already set the card's
/// interval — and no card comes back more than `max_repeats` times (`repeats_done` so far),
/// whatever its grades.
#[must_use]
pub fn comes_back_today(
    scheduler: &dyn Scheduler,
    q: Quality,
    in_repeat: bool,
    repeats_done: u32,
    max_repeats: u32,
) -> bool {
    scheduler.repeats_today(q) && !(in_repeat && q.passed()) && repeats_done < max_repeats
}

/// Over how many days a card with this state (`None`: never answered) was shown retained.
#[must_use]
pub fn retained_days(state: Option<&CardState>) -> u32 {
    state.map_or(0, |s| s.retained_days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_zero_to_five_and_pass_from_three() {
        assert_eq!(Quality::new(6), None);
        assert_eq!(Quality::clamped(9).value(), 5);
        let passed: Vec<bool> = Quality::ALL.iter().map(|q| q.passed()).collect();
        assert_eq!(passed, [false, false, false, true, true, true]);
        assert_eq!(Quality::clamped(3).word(), "hard");
    }

    #[test]
    fn same_day_repeats_end_on_a_pass_or_at_the_limit() {
        let s = Algorithm::Sm2;
        let q = Quality::clamped;
        assert!(
            comes_back_today(&s, q(3), false, 0, 3),
            "hard on schedule repeats"
        );
        assert!(
            !comes_back_today(&s, q(3), true, 1, 3),
            "hard in a repeat is a pass"
        );
        assert!(comes_back_today(&s, q(2), true, 2, 3));
        assert!(
            !comes_back_today(&s, q(1), true, 3, 3),
            "three repeats at most"
        );
        assert!(!comes_back_today(&s, q(4), false, 0, 3));
        assert!(!comes_back_today(&s, q(0), false, 0, 0));
    }
}
