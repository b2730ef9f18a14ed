//! Today's session queue: unfinished relearning, then due cards oldest first, then new cards,
//! within the daily limits less what was already done today.

use super::day::Day;
use super::model::{CardId, Stage};
use super::schedule::{Quality, Scheduler, comes_back_today};

/// A card due for review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueCard {
    pub id: CardId,
    pub due_day: Day,
}

/// A card never answered, in the order it should be introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewCard {
    pub id: CardId,
    pub stage: Stage,
    /// The level of the card's skill, 0 (Novice) to 3.
    pub deck_level: u8,
}

/// A card answered on schedule today, with the grade of its last answer of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnsweredToday {
    pub id: CardId,
    pub last: Quality,
    /// Whether that last answer was a same-day repeat (mode `relearn`).
    pub last_was_repeat: bool,
    /// How many same-day repeats of the card were answered today.
    pub repeats: u32,
}

/// What the store found for today.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Cards answered today (reviews and same-day repeats), in the order of their last
    /// answer; those whose last grade the scheduler repeats the same day come back.
    pub relearn: Vec<AnsweredToday>,
    pub due: Vec<DueCard>,
    pub new: Vec<NewCard>,
}

/// Counts of what the day's earlier sessions already did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DoneToday {
    pub new: u32,
    pub reviews: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueLimits {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// `--new N`: this many new cards in this session, whatever was done today.
    pub new_override: Option<u32>,
    /// Introduce a stage's new cards only once the skill has reached the stage before it.
    pub gating: bool,
    /// How many times a card may come back the same day (`repeats_per_card`).
    pub max_repeats: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Relearn,
    Review,
    New,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueItem {
    pub card_id: CardId,
    pub kind: ItemKind,
}

/// Whether new cards of `stage` may be introduced to a skill at `level` (DESIGN §5).
#[must_use]
pub fn stage_unlocked(level: u8, stage: Stage) -> bool {
    stage.number() <= level + 1
}

/// Builds the session queue from today's candidates.
#[must_use]
pub fn build(
    c: &Candidates,
    done: DoneToday,
    limits: QueueLimits,
    scheduler: &dyn Scheduler,
) -> Vec<QueueItem> {
    let mut due = c.due.clone();
    due.sort_by_key(|d| (d.due_day, d.id));
    let review_room = limits.reviews_per_day.saturating_sub(done.reviews) as usize;
    let new_room = match limits.new_override {
        Some(n) => n as usize,
        None => limits.new_per_day.saturating_sub(done.new) as usize,
    };
    let relearn = c
        .relearn
        .iter()
        // The session's rule (`schedule::comes_back_today`), over the whole day.
        .filter(|a| {
            comes_back_today(
                scheduler,
                a.last,
                a.last_was_repeat,
                a.repeats,
                limits.max_repeats,
            )
        })
        .map(|a| QueueItem {
            card_id: a.id,
            kind: ItemKind::Relearn,
        });
    let reviews = due.iter().take(review_room).map(|d| QueueItem {
        card_id: d.id,
        kind: ItemKind::Review,
    });
    let new = c
        .new
        .iter()
        .filter(|n| !limits.gating || stage_unlocked(n.deck_level, n.stage))
        .take(new_room)
        .map(|n| QueueItem {
            card_id: n.id,
            kind: ItemKind::New,
        });
    relearn.chain(reviews).chain(new).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sm2::Sm2;

    fn limits(new: u32, reviews: u32) -> QueueLimits {
        QueueLimits {
            new_per_day: new,
            reviews_per_day: reviews,
            new_override: None,
            gating: true,
            max_repeats: 3,
        }
    }

    fn new_card(id: i64, stage: Stage, level: u8) -> NewCard {
        NewCard {
            id: CardId(id),
            stage,
            deck_level: level,
        }
    }

    fn today(id: i64, q: u8, last_was_repeat: bool, repeats: u32) -> AnsweredToday {
        AnsweredToday {
            id: CardId(id),
            last: Quality::clamped(q),
            last_was_repeat,
            repeats,
        }
    }

    #[test]
    fn earlier_repeats_come_back_as_a_session_would_bring_them() {
        let c = Candidates {
            relearn: vec![
                today(1, 3, false, 0), // hard on schedule: repeat it
                today(2, 3, true, 1),  // hard in a repeat: a pass, done
                today(3, 1, true, 2),  // failed twice over: once more
                today(4, 1, true, 3),  // three repeats already: no more today
                today(5, 4, false, 0), // good: done
            ],
            ..Candidates::default()
        };
        assert_eq!(
            ids(&build(&c, DoneToday::default(), limits(0, 0), &Sm2)),
            vec![1, 3]
        );
    }

    fn ids(q: &[QueueItem]) -> Vec<i64> {
        q.iter().map(|i| i.card_id.0).collect()
    }

    #[test]
    fn oldest_due_first_then_new() {
        let c = Candidates {
            relearn: vec![],
            due: vec![
                DueCard {
                    id: CardId(1),
                    due_day: 10,
                },
                DueCard {
                    id: CardId(2),
                    due_day: 8,
                },
                DueCard {
                    id: CardId(3),
                    due_day: 9,
                },
            ],
            new: vec![
                new_card(7, Stage::Beginner, 0),
                new_card(8, Stage::Beginner, 0),
            ],
        };
        let q = build(&c, DoneToday::default(), limits(20, 200), &Sm2);
        assert_eq!(ids(&q), vec![2, 3, 1, 7, 8]);
        assert_eq!(q[3].kind, ItemKind::New);
    }

    #[test]
    fn limits_count_what_was_done_today() {
        let c = Candidates {
            relearn: vec![today(9, 3, false, 0), today(10, 4, false, 0)],
            due: (1..=5)
                .map(|id| DueCard {
                    id: CardId(id),
                    due_day: 0,
                })
                .collect(),
            new: (10..20)
                .map(|id| new_card(id, Stage::Beginner, 0))
                .collect(),
        };
        let done = DoneToday {
            new: 18,
            reviews: 197,
        };
        let q = build(&c, done, limits(20, 200), &Sm2);
        assert_eq!(ids(&q), vec![9, 1, 2, 3, 10, 11]);
        let over = DoneToday {
            new: 25,
            reviews: 250,
        };
        assert_eq!(ids(&build(&c, over, limits(20, 200), &Sm2)), vec![9]);
    }

    #[test]
    fn new_override_ignores_the_daily_count() {
        let c = Candidates {
            new: (1..10).map(|id| new_card(id, Stage::Beginner, 0)).collect(),
            ..Candidates::default()
        };
        let mut l = limits(20, 200);
        l.new_override = Some(3);
        let q = build(
            &c,
            DoneToday {
                new: 20,
                reviews: 0,
            },
            l,
            &Sm2,
        );
        assert_eq!(ids(&q), vec![1, 2, 3]);
    }

    #[test]
    fn gating_holds_back_later_stages() {
        let c = Candidates {
            new: vec![
                new_card(1, Stage::Beginner, 0),
                new_card(2, Stage::Intermediate, 0),
                new_card(3, Stage::Intermediate, 1),
                new_card(4, Stage::Advanced, 1),
            ],
            ..Candidates::default()
        };
        assert_eq!(
            ids(&build(&c, DoneToday::default(), limits(20, 200), &Sm2)),
            vec![1, 3]
        );
        let mut off = limits(20, 200);
        off.gating = false;
        assert_eq!(
            ids(&build(&c, DoneToday::default(), off, &Sm2)),
            vec![1, 2, 3, 4]
        );
    }
}
