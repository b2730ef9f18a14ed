//! Switching a card to FSRS: its memory state from its own history (the crate's memory
//! states over its answers), or estimated from its SM-2 schedule when it has none
//! (`memory_state_from_sm2`, e.g. a card brought from Anki without its review log).
//! Switching back to SM-2 is `sm2::replay` from the SM-2 state parked at the switch.

use fsrs::FSRS;

use super::history::{self, LoggedAnswer};
use super::{FsrsConfig, mastered, memory_from_sm2, whole_days};
use crate::core::schedule::{CardState, Memory, Quality};

/// Where a card's FSRS memory came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Its own review history.
    History,
    /// Its SM-2 interval and easiness (no history that counts).
    Sm2,
    /// Neither could give one (never happens with the crate's checked parameters): the
    /// card keeps its schedule, and FSRS estimates its memory at its next answer.
    Unchanged,
}

/// A card's state under FSRS, from its state under SM-2 and its answers (oldest first).
/// With a history, the card falls due when FSRS's interval for its memory, counted from its
/// last answer, ends; from an SM-2 estimate it keeps its due day (the estimate is the
/// memory that SM-2 interval implies). Grades, times, lapses and retention are kept.
#[must_use]
pub fn adopt(
    config: &FsrsConfig,
    model: &FSRS,
    s: &CardState,
    answers: &[LoggedAnswer],
) -> (CardState, Source) {
    let last = Quality::clamped(s.last_quality);
    if let (Some(memory), Some(day)) = (history::memory(model, answers), history::last_day(answers))
    {
        let interval = model.next_interval(Some(memory.stability), config.desired_retention, 3);
        let interval_days = whole_days(interval);
        let state = CardState {
            interval_days,
            due_day: day + i64::from(interval_days),
            mastered: mastered(memory, last),
            memory: Memory {
                ease: s.memory.ease,
                fsrs: Some(memory),
            },
            ..*s
        };
        return (state, Source::History);
    }
    match memory_from_sm2(model, s) {
        Some(memory) => (
            CardState {
                mastered: mastered(memory, last),
                memory: Memory {
                    ease: s.memory.ease,
                    fsrs: Some(memory),
                },
                ..*s
            },
            Source::Sm2,
        ),
        None => (*s, Source::Unchanged),
    }
}
