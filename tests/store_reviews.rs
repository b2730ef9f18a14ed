//! The review log in the store, through the library's public API: recording an answer
//! (logged and applied in one durable transaction), undoing one (the log row gone, the
//! card's state exactly what it was), and the day's counts behind the daily limits.

use recall::core::model::{CardDraft, CardId, CardKind, DeckDraft, ReviewId, ReviewMode, Stage};
use recall::core::schedule::{CardState, Quality};
use recall::core::session::Answer;
use recall::core::sm2::{self, Sm2State};
use recall::store::{DayCounts, Origin, Store, StoreError};
use tempfile::TempDir;

const DAY: i64 = 20_000;
const AT: i64 = 1_728_000_000_000;

fn deck(name: &str, ids: &[&str]) -> DeckDraft {
    DeckDraft {
        name: name.into(),
        description: String::new(),
        cards: ids
            .iter()
            .map(|id| CardDraft {
                guid: (*id).into(),
                stage: Stage::Beginner,
                kind: CardKind::Basic,
                front: format!("{id}?"),
                back: format!("{id}!"),
                choices: vec![],
                tags: vec![],
                key_points: vec![],
                note: String::new(),
                sql: recall::core::model::SqlOptions::default(),
            })
            .collect(),
    }
}

/// A database on disk with decks A (a/1, a/2, a/3) and B (b/1).
fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("r.db")).unwrap();
    s.import(
        &[deck("A", &["a/1", "a/2", "a/3"]), deck("B", &["b/1"])],
        Origin::User,
        AT,
        false,
    )
    .unwrap();
    (dir, s)
}

fn id(s: &Store, guid: &str) -> CardId {
    s.card_by_guid(guid).unwrap().unwrap().id
}

fn state(s: &Store, guid: &str) -> Option<CardState> {
    s.card_by_guid(guid).unwrap().unwrap().state
}

/// An answer to `guid` as a session makes it: scheduled answers move the state on,
/// relearning repeats and drills leave it.
fn answer(s: &Store, guid: &str, q: u8, mode: ReviewMode, day: i64, at: i64) -> Answer {
    let card = s.card_by_guid(guid).unwrap().unwrap();
    let quality = Quality::new(q).unwrap();
    let next = match mode {
        ReviewMode::Review => Some(sm2::answer(card.state.as_ref(), quality, day, at)),
        _ => card.state,
    };
    Answer {
        card_id: card.id,
        deck_id: card.deck_id,
        quality,
        mode,
        day,
        reviewed_at: at,
        duration_ms: 1234,
        typed: Some(format!("typed {q}")),
        asked: recall::core::model::Asked::Typed,
        prev: card.state,
        next,
        over_time: false,
        again_today: false,
        repeat_limit: false,
    }
}

fn record(s: &mut Store, guid: &str, q: u8, mode: ReviewMode, day: i64, at: i64) -> ReviewId {
    let a = answer(s, guid, q, mode, day, at);
    s.record_answer(&a).unwrap()
}

#[test]
fn an_answer_is_logged_and_applied_and_survives_reopening() {
    let (dir, mut s) = store();
    let a = answer(&s, "a/1", 4, ReviewMode::Review, DAY, AT);
    let rid = s.record_answer(&a).unwrap();
    let expected: CardState = Sm2State {
        reps: 1,
        ef: 250,
        interval_days: 1,
        due_day: DAY + 1,
        lapses: 0,
        last_quality: 4,
        last_reviewed_at: AT,
    }
    .into();
    assert_eq!(a.next, Some(expected));
    assert_eq!(state(&s, "a/1"), Some(expected));
    let log = s.reviews_of(id(&s, "a/1")).unwrap();
    assert_eq!(log.len(), 1);
    let r = &log[0];
    assert_eq!(
        (r.id, r.card_id, r.reviewed_at, r.day, r.quality, r.mode),
        (rid, id(&s, "a/1"), AT, DAY, 4, ReviewMode::Review)
    );
    assert_eq!(
        (r.duration_ms, r.answer.as_deref()),
        (1234, Some("typed 4"))
    );
    assert_eq!(s.review_count().unwrap(), 1);
    assert_eq!(s.due_count(DAY, None).unwrap(), 0);
    assert_eq!(s.due_count(DAY + 1, None).unwrap(), 1);
    assert_eq!(s.next_due_day(None).unwrap(), Some(DAY + 1));
    drop(s);
    // Committed: another connection sees it all.
    let s = Store::open(&dir.path().join("r.db")).unwrap();
    assert_eq!(state(&s, "a/1"), Some(expected));
    assert_eq!(s.reviews_of(id(&s, "a/1")).unwrap()[0].id, rid);
}

#[test]
fn a_drill_or_relearning_answer_is_logged_without_touching_the_state() {
    let (_dir, mut s) = store();
    record(&mut s, "a/1", 5, ReviewMode::Drill, DAY, AT);
    assert_eq!(
        state(&s, "a/1"),
        None,
        "a drill does not schedule a new card"
    );
    record(&mut s, "a/2", 2, ReviewMode::Review, DAY, AT + 1);
    let after_fail = state(&s, "a/2");
    record(&mut s, "a/2", 5, ReviewMode::Relearn, DAY, AT + 2);
    assert_eq!(
        state(&s, "a/2"),
        after_fail,
        "a relearning repeat keeps the schedule"
    );
    let modes: Vec<ReviewMode> = s
        .reviews_of(id(&s, "a/2"))
        .unwrap()
        .iter()
        .map(|r| r.mode)
        .collect();
    assert_eq!(modes, [ReviewMode::Review, ReviewMode::Relearn]);
    assert_eq!(s.review_count().unwrap(), 3);
}

#[test]
fn undo_removes_the_answer_and_restores_the_exact_state_before_it() {
    let (_dir, mut s) = store();
    let first = record(&mut s, "a/1", 4, ReviewMode::Review, DAY, AT);
    let after_first = state(&s, "a/1");
    let second = record(
        &mut s,
        "a/1",
        5,
        ReviewMode::Review,
        DAY + 1,
        AT + 86_400_000,
    );
    assert_ne!(state(&s, "a/1"), after_first);
    record(
        &mut s,
        "a/2",
        4,
        ReviewMode::Review,
        DAY + 1,
        AT + 86_400_001,
    );
    let other = state(&s, "a/2");

    s.undo_review(second).unwrap();
    assert_eq!(
        state(&s, "a/1"),
        after_first,
        "back to the state after the first answer"
    );
    let log: Vec<ReviewId> = s
        .reviews_of(id(&s, "a/1"))
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(log, [first]);
    assert_eq!(state(&s, "a/2"), other, "other cards are left alone");
    assert_eq!(s.review_count().unwrap(), 2);

    // Undoing a new card's first answer makes it new again.
    s.undo_review(first).unwrap();
    assert_eq!(state(&s, "a/1"), None);
    assert!(s.reviews_of(id(&s, "a/1")).unwrap().is_empty());
    assert_eq!(s.next_due_day(None).unwrap(), other.map(|o| o.due_day));
}

#[test]
fn undoing_an_answer_that_left_the_schedule_alone_leaves_it_alone() {
    let (_dir, mut s) = store();
    record(&mut s, "a/1", 4, ReviewMode::Review, DAY, AT);
    let drill = record(&mut s, "a/1", 1, ReviewMode::Drill, DAY + 1, AT + 1);
    record(&mut s, "a/1", 5, ReviewMode::Review, DAY + 1, AT + 2);
    let now = state(&s, "a/1");
    s.undo_review(drill).unwrap();
    assert_eq!(state(&s, "a/1"), now, "the later answer's state stays");
    assert_eq!(s.reviews_of(id(&s, "a/1")).unwrap().len(), 2);
}

#[test]
fn undoing_an_answer_not_in_the_log_is_an_error() {
    let (_dir, mut s) = store();
    let rid = record(&mut s, "a/1", 4, ReviewMode::Review, DAY, AT);
    s.undo_review(rid).unwrap();
    let err = s.undo_review(rid).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("review {} is not in the log", rid.0)
    );
}

#[test]
fn day_counts_count_first_answers_and_reviews_on_schedule_only() {
    let (_dir, mut s) = store();
    assert_eq!(s.day_counts(DAY).unwrap(), DayCounts::default());
    // Day 1: three new cards, one failed and repeated, one drilled.
    record(&mut s, "a/1", 4, ReviewMode::Review, DAY, AT);
    record(&mut s, "a/2", 2, ReviewMode::Review, DAY, AT + 1);
    record(&mut s, "a/2", 4, ReviewMode::Relearn, DAY, AT + 2);
    record(&mut s, "b/1", 5, ReviewMode::Review, DAY, AT + 3);
    record(&mut s, "a/3", 5, ReviewMode::Drill, DAY, AT + 4);
    assert_eq!(s.day_counts(DAY).unwrap(), DayCounts { new: 3, reviews: 0 });
    // Day 2: two reviews of cards seen before, a drill of one, and one new card.
    record(&mut s, "a/1", 5, ReviewMode::Review, DAY + 1, AT + 10);
    record(&mut s, "a/2", 3, ReviewMode::Review, DAY + 1, AT + 11);
    record(&mut s, "b/1", 1, ReviewMode::Drill, DAY + 1, AT + 12);
    record(&mut s, "a/3", 4, ReviewMode::Review, DAY + 1, AT + 13);
    assert_eq!(
        s.day_counts(DAY + 1).unwrap(),
        DayCounts { new: 1, reviews: 2 }
    );
    assert_eq!(
        s.day_counts(DAY).unwrap(),
        DayCounts { new: 3, reviews: 0 },
        "the day before is unchanged"
    );
    assert_eq!(s.day_counts(DAY + 2).unwrap(), DayCounts::default());
}

#[test]
fn due_counts_leave_out_suspended_cards_and_other_decks() {
    let (_dir, mut s) = store();
    for g in ["a/1", "a/2", "a/3", "b/1"] {
        record(&mut s, g, 4, ReviewMode::Review, DAY, AT);
    }
    let a = s.deck_ids_under("A").unwrap();
    let b = s.deck_ids_under("B").unwrap();
    assert_eq!(s.due_count(DAY + 1, None).unwrap(), 4);
    assert_eq!(s.due_count(DAY + 1, Some(&a)).unwrap(), 3);
    assert_eq!(s.due_count(DAY + 1, Some(&b)).unwrap(), 1);
    s.set_suspended(id(&s, "a/2"), true).unwrap();
    assert_eq!(s.due_count(DAY + 1, Some(&a)).unwrap(), 2);
    assert_eq!(
        s.due_count(DAY + 30, None).unwrap(),
        3,
        "overdue cards count"
    );
    s.set_suspended(id(&s, "b/1"), true).unwrap();
    assert_eq!(s.next_due_day(Some(&b)).unwrap(), None);
    assert_eq!(s.next_due_day(Some(&a)).unwrap(), Some(DAY + 1));
}

#[test]
fn an_answer_and_the_level_step_it_brings_are_one_transaction() {
    let (_dir, mut s) = store();
    let settings = recall::core::config::Settings::default();
    let check = recall::store::LevelCheck {
        settings: &settings,
        at_ms: AT,
        today: DAY,
    };
    // A level rule that cannot run (the answer names a deck that does not exist) takes
    // the answer back with it: nothing is logged, the state is untouched.
    let mut a = answer(&s, "a/1", 4, ReviewMode::Review, DAY, AT);
    a.deck_id = 999;
    assert!(s.record_answer_and_level(&a, Some(&check)).is_err());
    assert_eq!(s.review_count().unwrap(), 0);
    assert_eq!(state(&s, "a/1"), None);
    // With the card's own deck the answer is logged, its first state placed in its deck
    // (counted there at once), and no level moves for one answer.
    let a = answer(&s, "a/1", 4, ReviewMode::Review, DAY, AT);
    let (rid, change) = s.record_answer_and_level(&a, Some(&check)).unwrap();
    assert_eq!(change, None);
    assert_eq!(s.reviews_of(id(&s, "a/1")).unwrap()[0].id, rid);
    assert_eq!(s.due_count(DAY + 1, Some(&[a.deck_id])).unwrap(), 1);
    assert_eq!(s.due_count(DAY + 1, Some(&[a.deck_id + 1])).unwrap(), 0);
}
