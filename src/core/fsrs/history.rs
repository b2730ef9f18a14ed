//! A card's review history in FSRS's terms, built as fsrs-rs builds it from Anki's revlog:
//! each answer a rating and the whole days since the answer before it (0 for the first and
//! for same-day steps). Answers on schedule and their same-day repeats count; drills are
//! practice off the schedule (often picking an option among four) and do not.

use fsrs::{FSRS, FSRSItem, FSRSReview};

use crate::core::day::Day;
use crate::core::model::{CardId, ReviewMode};
use crate::core::schedule::{FsrsMemory, Quality};

use super::{own_memory, rating};

/// One logged answer, as the history needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedAnswer {
    pub card_id: CardId,
    /// UTC milliseconds.
    pub reviewed_at: i64,
    pub day: Day,
    pub quality: Quality,
    pub mode: ReviewMode,
}

/// Whether an answer in this mode is part of a card's memory history.
#[must_use]
pub fn counts(mode: ReviewMode) -> bool {
    matches!(mode, ReviewMode::Review | ReviewMode::Relearn)
}

/// The FSRS reviews of one card's answers (oldest first; answers that do not count are
/// left out). A day earlier than the one before (a clock that jumped back) counts as 0.
#[must_use]
pub fn reviews(answers: &[LoggedAnswer]) -> Vec<FSRSReview> {
    let mut last: Option<Day> = None;
    answers
        .iter()
        .filter(|a| counts(a.mode))
        .map(|a| {
            let delta = last.map_or(0, |d| (a.day - d).max(0));
            last = Some(a.day);
            FSRSReview {
                rating: rating(a.quality),
                delta_t: u32::try_from(delta).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

/// The memory state after a card's history, or `None` when it has no answer that counts.
#[must_use]
pub fn memory(model: &FSRS, answers: &[LoggedAnswer]) -> Option<FsrsMemory> {
    let reviews = reviews(answers);
    if reviews.is_empty() {
        return None;
    }
    model
        .memory_state(FSRSItem { reviews }, None)
        .ok()
        .map(own_memory)
}

/// The day of a card's last answer that counts.
#[must_use]
pub fn last_day(answers: &[LoggedAnswer]) -> Option<Day> {
    answers.iter().rev().find(|a| counts(a.mode)).map(|a| a.day)
}

/// One training or test item: a card's history up to an answer on a later day than the
/// one before it, the card, and when that answer was given (items are ordered by it).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub card_id: CardId,
    pub reviewed_at: i64,
    pub item: FSRSItem,
}

/// Every item of one card's answers (oldest first): one for each answer that counts and
/// falls on a later day than the answer before it, holding the history up to it.
#[must_use]
pub fn items(answers: &[LoggedAnswer]) -> Vec<Item> {
    let counted: Vec<&LoggedAnswer> = answers.iter().filter(|a| counts(a.mode)).collect();
    let all = reviews(answers);
    (1..all.len())
        .filter(|&i| all[i].delta_t > 0)
        .map(|i| Item {
            card_id: counted[i].card_id,
            reviewed_at: counted[i].reviewed_at,
            item: FSRSItem {
                reviews: all[..=i].to_vec(),
            },
        })
        .collect()
}

/// Every item of a whole log (any order of cards; each card's answers oldest first within
/// it), ordered by the time of the answer each item predicts, as a time-series split needs.
#[must_use]
pub fn all_items(log: &[LoggedAnswer]) -> Vec<Item> {
    let mut by_card: std::collections::BTreeMap<CardId, Vec<LoggedAnswer>> =
        std::collections::BTreeMap::new();
    for a in log {
        by_card.entry(a.card_id).or_default().push(*a);
    }
    let mut out: Vec<Item> = Vec::new();
    for answers in by_card.values_mut() {
        answers.sort_by_key(|a| a.reviewed_at);
        out.extend(items(answers));
    }
    out.sort_by_key(|i| (i.reviewed_at, i.card_id));
    out
}
