//! The sync property: two or three databases start equal, diverge offline — answers to
//! the same cards, undos, edits, deletions, restores, suspensions, settings, on clocks
//! that disagree by up to a day — and sync in random orders, some of them in between;
//! after every device has synced twice more, all hold identical card states, review
//! logs, cards, trash and settings, every answer given and not undone is present, and no
//! event was applied or written twice.

mod common;

use std::path::Path;

use proptest::prelude::*;
use recall::commands::sync::sync_folder;
use recall::core::model::{CardDraft, CardKind, DeckDraft, ReviewId, ReviewMode, Stage};
use recall::core::schedule::Quality;
use recall::core::session::Answer;
use recall::core::sm2;
use recall::store::{Origin, Store};

const CARDS: usize = 5;
const T0: i64 = 1_772_000_000_000;
const DAY_MS: i64 = 86_400_000;

fn card(i: usize, back: &str) -> CardDraft {
    CardDraft {
        guid: format!("p/{i}"),
        stage: Stage::Beginner,
        kind: CardKind::Basic,
        front: format!("question {i}"),
        back: back.to_string(),
        choices: vec![],
        tags: vec![],
        key_points: vec![],
        note: String::new(),
        sql: recall::core::model::SqlOptions::default(),
    }
}

fn deck(cards: Vec<CardDraft>) -> DeckDraft {
    DeckDraft {
        name: "P".into(),
        description: String::new(),
        cards,
    }
}

#[derive(Debug, Clone)]
enum Op {
    Answer { card: usize, q: u8, drill: bool },
    Undo,
    Edit { card: usize, text: u8 },
    Trash { card: usize },
    Restore { card: usize },
    Suspend { card: usize, on: bool },
    Setting { value: u8 },
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..CARDS, 0u8..=5, prop::bool::weighted(0.2))
            .prop_map(|(card, q, drill)| Op::Answer { card, q, drill }),
        1 => Just(Op::Undo),
        2 => (0..CARDS, 0u8..4).prop_map(|(card, text)| Op::Edit { card, text }),
        1 => (0..CARDS).prop_map(|card| Op::Trash { card }),
        1 => (0..CARDS).prop_map(|card| Op::Restore { card }),
        1 => (0..CARDS, any::<bool>()).prop_map(|(card, on)| Op::Suspend { card, on }),
        1 => (1u8..30).prop_map(|value| Op::Setting { value }),
        2 => Just(Op::Sync),
    ]
}

struct Device {
    store: Store,
    /// How far this device's clock is off (ms).
    skew: i64,
    /// This device's answers, newest last, with their event ids (what `:undo` takes back).
    answers: Vec<(ReviewId, String)>,
    /// Every answer this device gave, and those it undid.
    given: Vec<String>,
    undone: Vec<String>,
    path: std::path::PathBuf,
}

fn sync(d: &mut Device, folder: &Path) {
    let (_, refused) = sync_folder(&mut d.store, folder, false).expect("sync");
    assert!(refused.is_empty());
}

fn set_clock(d: &mut Device, now: i64) {
    let at = now + d.skew;
    d.store.set_clock(move || at);
}

fn answer(d: &mut Device, card: usize, q: u8, drill: bool, now: i64) {
    let Some(c) = d.store.card_by_guid(&format!("p/{card}")).unwrap() else {
        return;
    };
    let at = now + d.skew;
    let day = at.div_euclid(DAY_MS);
    let quality = Quality::new(q).unwrap();
    let next = if drill {
        c.state
    } else {
        Some(sm2::answer(c.state.as_ref(), quality, day, at))
    };
    let a = Answer {
        card_id: c.id,
        deck_id: c.deck_id,
        quality,
        mode: if drill {
            ReviewMode::Drill
        } else {
            ReviewMode::Review
        },
        day,
        reviewed_at: at,
        duration_ms: 1000,
        typed: None,
        asked: recall::core::model::Asked::Flash,
        prev: c.state,
        next,
        over_time: false,
        again_today: false,
        repeat_limit: false,
    };
    let id = d.store.record_answer(&a).unwrap();
    let uid = uid_of(&d.path, id);
    d.given.push(uid.clone());
    d.answers.push((id, uid));
}

fn apply(d: &mut Device, op: &Op, now: i64, folder: &Path) {
    set_clock(d, now);
    let guid = |card: usize| format!("p/{card}");
    match op {
        Op::Answer { card, q, drill } => answer(d, *card, *q, *drill, now),
        Op::Undo => {
            // `:undo` takes back the answer just given; one a sync has since moved to the
            // trash with its card is gone (and its row number may be another answer's).
            if let Some((id, uid)) = d.answers.pop() {
                if uid_of(&d.path, id) == uid {
                    d.store.undo_review(id).unwrap();
                    d.undone.push(uid);
                }
            }
        }
        Op::Edit { card, text } => {
            let live = d.store.card_by_guid(&guid(*card)).unwrap().is_some();
            if live {
                let back = format!("answer {card} version {text}");
                d.store
                    .import(
                        &[deck(vec![card_with(*card, &back)])],
                        Origin::User,
                        now + d.skew,
                        false,
                    )
                    .unwrap();
            }
        }
        Op::Trash { card } => {
            if let Some(c) = d.store.card_by_guid(&guid(*card)).unwrap() {
                d.store.trash_cards(&[c.id], now + d.skew).unwrap();
            }
        }
        Op::Restore { card } => {
            let (ids, _) = d.store.find_in_trash(&[guid(*card)]).unwrap();
            if !ids.is_empty() {
                d.store.restore(Some(&ids)).unwrap();
            }
        }
        Op::Suspend { card, on } => {
            if let Some(c) = d.store.card_by_guid(&guid(*card)).unwrap() {
                d.store.set_suspended(c.id, *on).unwrap();
            }
        }
        Op::Setting { value } => d
            .store
            .set_config("new_per_day", &value.to_string())
            .unwrap(),
        Op::Sync => sync(d, folder),
    }
}

/// The event id of the answer in row `id`, or "" when there is none.
fn uid_of(path: &Path, id: ReviewId) -> String {
    rows(
        path,
        &format!("SELECT uid FROM reviews WHERE id = {}", id.0),
    )
    .pop()
    .unwrap_or_default()
}

fn card_with(i: usize, back: &str) -> CardDraft {
    card(i, back)
}

fn rows(path: &Path, sql: &str) -> Vec<String> {
    common::rows_of(&rusqlite::Connection::open(path).unwrap(), sql)
}

/// What every device must agree on.
fn snapshot(path: &Path) -> Vec<Vec<String>> {
    [
        "SELECT c.guid, s.reps, s.ef, s.interval_days, s.due_day, s.lapses, s.last_quality,
                s.last_reviewed_at, s.mastered, s.retained_days, s.suspended
         FROM card_state s JOIN cards c ON c.id = s.card_id ORDER BY c.guid",
        "SELECT r.uid, c.guid, r.hlc, r.reviewed_at, r.quality, r.mode, r.stepped,
                r.prev_reps, r.prev_ef, r.prev_due_day, r.new_reps, r.new_ef, r.new_due_day,
                r.new_lapses
         FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.uid",
        "SELECT c.guid, c.front, c.back, c.suspended FROM cards c ORDER BY c.guid",
        "SELECT guid FROM trash_cards ORDER BY guid",
        "SELECT id, kind, target FROM events WHERE kind <> 'answer' ORDER BY id",
        "SELECT id FROM (SELECT uid AS id FROM reviews
                         UNION SELECT id FROM events WHERE kind = 'answer'
                         UNION SELECT json_extract(review, '$.uid') FROM trash_reviews)
         WHERE id NOT IN (SELECT json_extract(body, '$.answer') FROM events WHERE kind = 'undo')
         ORDER BY 1",
        "SELECT key, value FROM config WHERE key = 'new_per_day'",
    ]
    .iter()
    .map(|sql| rows(path, sql))
    .collect()
}

fn run(devices: usize, skews: &[i64], ops: &[(usize, Op, i64)], final_order: &[usize]) {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("sync");
    std::fs::create_dir_all(&folder).unwrap();
    let mut all: Vec<Device> = (0..devices)
        .map(|i| {
            let path = root.path().join(format!("d{i}.db"));
            Device {
                store: Store::open(&path).unwrap(),
                skew: skews[i],
                answers: vec![],
                given: vec![],
                undone: vec![],
                path,
            }
        })
        .collect();
    set_clock(&mut all[0], T0);
    let cards = (0..CARDS)
        .map(|i| card(i, &format!("answer {i}")))
        .collect();
    all[0]
        .store
        .import(&[deck(cards)], Origin::User, T0, false)
        .unwrap();
    for d in &mut all {
        set_clock(d, T0);
        sync(d, &folder);
    }
    sync(&mut all[0], &folder);
    let mut now = T0;
    for (device, op, minutes) in ops {
        now += minutes * 60_000;
        let d = &mut all[device % devices];
        apply(d, op, now, &folder);
    }
    for round in 0..2 {
        for &i in final_order {
            let d = &mut all[i % devices];
            set_clock(d, now + i64::from(round));
            sync(d, &folder);
        }
        for d in &mut all {
            sync(d, &folder);
        }
    }
    assert_identical(&all);
    assert_nothing_lost(&all);
    assert_each_event_written_once(&folder);
}

/// Every device holds what the first one holds.
fn assert_identical(all: &[Device]) {
    let first = snapshot(&all[0].path);
    for d in &all[1..] {
        let other = snapshot(&d.path);
        let names = [
            "card states",
            "review logs",
            "cards",
            "trash",
            "events",
            "answers",
            "settings",
        ];
        for ((a, b), name) in first.iter().zip(&other).zip(names) {
            let only_a: Vec<_> = a.iter().filter(|r| !b.contains(r)).collect();
            let only_b: Vec<_> = b.iter().filter(|r| !a.contains(r)).collect();
            assert_eq!(
                a, b,
                "{name} differ\nonly in the first: {only_a:#?}\nonly in the other: {only_b:#?}\nevents: {:#?}",
                first[4]
            );
        }
    }
}

/// Every answer given and not undone is in its card's log, no undone one is, every event
/// is in a journal, and every state is the replay of its answers.
fn assert_nothing_lost(all: &[Device]) {
    for d in all {
        // Every answer given anywhere and not undone is here, in its card's log or in the
        // trash with its card (or held for it, trashed before it came), and nothing else.
        let mut expected: Vec<String> = all
            .iter()
            .flat_map(|d| d.given.iter())
            .filter(|id| !all.iter().any(|d| d.undone.contains(id)))
            .cloned()
            .collect();
        expected.sort();
        let held = rows(
            &d.path,
            "SELECT uid FROM reviews UNION SELECT json_extract(review, '$.uid') FROM trash_reviews
             UNION SELECT e.id FROM events e WHERE e.kind = 'answer'
               AND e.id NOT IN (SELECT json_extract(body, '$.answer') FROM events WHERE kind = 'undo')
             ORDER BY 1",
        );
        assert_eq!(held, expected, "every answer not undone, once");
        let missing = rows(
            &d.path,
            "SELECT e.id FROM events e WHERE e.kind = 'answer'
               AND e.id NOT IN (SELECT json_extract(body, '$.answer') FROM events WHERE kind = 'undo')
               AND e.id NOT IN (SELECT uid FROM reviews)
               AND e.target NOT IN (SELECT guid FROM trash_cards)",
        );
        assert!(
            missing.is_empty(),
            "answers missing from a live card's log: {missing:?}"
        );
        let undone_kept = rows(
            &d.path,
            "SELECT uid FROM reviews WHERE uid IN
               (SELECT json_extract(body, '$.answer') FROM events WHERE kind = 'undo')",
        );
        assert!(
            undone_kept.is_empty(),
            "undone answers kept: {undone_kept:?}"
        );
        let unjournaled = rows(
            &d.path,
            "SELECT e.id FROM events e, sync_device s
             WHERE e.seq > s.journaled_seq AND e.device = s.device
             UNION SELECT r.uid FROM reviews r, sync_device s
             WHERE r.id > s.answers_journaled_id AND r.hlc > s.answers_journaled_hlc
               AND r.uid NOT IN (SELECT id FROM events)",
        );
        assert!(unjournaled.is_empty());
        assert!(
            d.store.replay_differences(10).unwrap().is_empty(),
            "state = replay"
        );
    }
}

/// Every journal holds each event once.
fn assert_each_event_written_once(folder: &Path) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut ids: Vec<String> = text
            .lines()
            .skip(1)
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "an event written twice:\n{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn devices_that_diverge_and_sync_in_any_order_end_identical(
        devices in 2usize..=3,
        skews in prop::collection::vec(-DAY_MS..DAY_MS, 3),
        ops in prop::collection::vec((0usize..3, op(), 0i64..600), 1..40),
        final_order in prop::collection::vec(0usize..3, 1..6),
    ) {
        run(devices, &skews, &ops, &final_order);
    }
}

#[test]
fn an_undo_after_two_answers_to_one_card() {
    let ops = vec![
        (
            0,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            48,
        ),
        (
            0,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            0,
        ),
        (
            0,
            Op::Answer {
                card: 3,
                q: 0,
                drill: false,
            },
            0,
        ),
        (
            1,
            Op::Answer {
                card: 2,
                q: 0,
                drill: false,
            },
            0,
        ),
        (
            1,
            Op::Answer {
                card: 2,
                q: 0,
                drill: false,
            },
            1,
        ),
        (1, Op::Undo, 0),
    ];
    run(2, &[0, 0, 0], &ops, &[0]);
}

#[test]
fn an_undo_of_an_answer_to_a_card_trashed_meanwhile() {
    let ops = vec![
        (
            1,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            0,
        ),
        (1, Op::Trash { card: 4 }, 0),
        (
            0,
            Op::Answer {
                card: 4,
                q: 0,
                drill: false,
            },
            0,
        ),
        (1, Op::Sync, 0),
        (0, Op::Sync, 0),
        (
            1,
            Op::Answer {
                card: 0,
                q: 0,
                drill: true,
            },
            0,
        ),
        (
            1,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            0,
        ),
        (0, Op::Undo, 0),
    ];
    run(3, &[0, 0, 0], &ops, &[0]);
}

#[test]
fn a_card_trashed_after_another_device_answered_it() {
    let ops = vec![
        (
            0,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            0,
        ),
        (
            2,
            Op::Answer {
                card: 2,
                q: 0,
                drill: false,
            },
            1,
        ),
        (0, Op::Sync, 0),
        (2, Op::Sync, 0),
        (0, Op::Trash { card: 2 }, 0),
    ];
    run(3, &[0, 0, 0], &ops, &[0]);
}

#[test]
fn answers_journaled_then_trashed_with_their_card() {
    let ops = vec![
        (
            0,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            0,
        ),
        (
            0,
            Op::Answer {
                card: 0,
                q: 0,
                drill: false,
            },
            0,
        ),
        (0, Op::Restore { card: 0 }, 0),
        (0, Op::Sync, 0),
        (0, Op::Trash { card: 0 }, 0),
        (
            0,
            Op::Answer {
                card: 1,
                q: 0,
                drill: false,
            },
            0,
        ),
    ];
    run(3, &[0, 0, 0], &ops, &[0]);
}
