//! Importing decks: one transaction for everything, cards matched by guid so progress is kept.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::core::model::{CardDraft, DeckDraft};
use crate::core::sm2::Sm2State;

/// Where decks come from: the binary's built-in decks or the user's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    User,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::User => "user",
        }
    }
}

/// What an import did (or, in a dry run, would do) to one deck.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeckReport {
    pub name: String,
    /// The deck did not exist before.
    pub created: bool,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Cards that came from another deck (same id).
    pub moved: usize,
    /// Cards given their scheduling from the file (they had no progress yet).
    pub scheduled: usize,
    /// Ids of cards in the deck that the file no longer has; they are kept.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub decks: Vec<DeckReport>,
}

impl ImportReport {
    pub fn changed(&self) -> bool {
        self.decks
            .iter()
            .any(|d| d.created || d.added + d.updated + d.moved + d.scheduled > 0)
    }
}

/// How an import runs.
#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    pub origin: Origin,
    pub now_ms: i64,
    /// Roll everything back at the end: the report says what would have changed.
    pub dry_run: bool,
    /// Initial SM-2 states by card id (from an Anki package's scheduling); applied only
    /// to cards without a state, so progress made here is never overwritten.
    pub initial_states: Option<&'a HashMap<String, Sm2State>>,
    /// Called once per card, for a progress bar.
    pub progress: Option<&'a dyn Fn()>,
}

impl ImportOptions<'_> {
    pub fn new(origin: Origin, now_ms: i64, dry_run: bool) -> ImportOptions<'static> {
        ImportOptions {
            origin,
            now_ms,
            dry_run,
            initial_states: None,
            progress: None,
        }
    }
}

/// A stored card's authored fields, to tell an update from no change.
struct Stored {
    id: i64,
    deck_id: i64,
    stage: u8,
    kind: String,
    front: String,
    back: String,
    choices: Option<String>,
    tags: String,
    ord: i64,
}

/// Tags are stored space-separated, so spaces inside a tag become `_` (as in Anki).
fn tags_text(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn choices_text(choices: &[String]) -> Option<String> {
    (!choices.is_empty()).then(|| serde_json::to_string(choices).unwrap_or_default())
}

impl Store {
    /// Imports decks in one transaction: cards are matched by guid; new ones are added,
    /// changed ones updated in place (their progress kept), and cards missing from a
    /// file stay and are reported. With `dry_run` the transaction is rolled back.
    pub fn import(
        &mut self,
        decks: &[DeckDraft],
        origin: Origin,
        now_ms: i64,
        dry_run: bool,
    ) -> Result<ImportReport> {
        self.import_with(decks, &ImportOptions::new(origin, now_ms, dry_run))
    }

    /// `import` with every option: initial states and a progress callback.
    pub fn import_with(
        &mut self,
        decks: &[DeckDraft],
        opts: &ImportOptions<'_>,
    ) -> Result<ImportReport> {
        let mut seen = HashSet::new();
        for deck in decks {
            for card in &deck.cards {
                if !seen.insert(card.guid.as_str()) {
                    return Err(StoreError::Invalid(format!(
                        "card id `{}` appears twice in this import (in deck `{}`); ids must be unique",
                        card.guid, deck.name
                    )));
                }
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut report = ImportReport {
            dry_run: opts.dry_run,
            decks: Vec::new(),
        };
        for deck in decks {
            report.decks.push(import_deck(&tx, deck, opts)?);
        }
        if opts.dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(report)
    }
}

fn import_deck(
    tx: &Transaction<'_>,
    deck: &DeckDraft,
    opts: &ImportOptions<'_>,
) -> Result<DeckReport> {
    let now_ms = opts.now_ms;
    let mut report = DeckReport {
        name: deck.name.clone(),
        ..DeckReport::default()
    };
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM decks WHERE name = ?1", [&deck.name], |r| {
            r.get(0)
        })
        .optional()?;
    let deck_id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE decks SET description = ?2 WHERE id = ?1 AND description != ?2",
                params![id, deck.description],
            )?;
            id
        }
        None => {
            report.created = true;
            tx.execute(
                "INSERT INTO decks (name, description, origin, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![deck.name, deck.description, opts.origin.as_str(), now_ms],
            )?;
            tx.last_insert_rowid()
        }
    };
    let mut find = tx.prepare_cached(
        "SELECT id, deck_id, stage, kind, front, back, choices, tags, ord FROM cards WHERE guid = ?1",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO cards (guid, deck_id, stage, kind, front, back, choices, tags, ord, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE cards SET deck_id = ?2, stage = ?3, kind = ?4, front = ?5, back = ?6, choices = ?7,
                          tags = ?8, ord = ?9, updated_at = ?10
         WHERE id = ?1",
    )?;
    for (ord, card) in deck.cards.iter().enumerate() {
        let wanted = stored_form(card, deck_id, ord as i64);
        let found: Option<Stored> = find
            .query_row([&card.guid], |r| {
                Ok(Stored {
                    id: r.get(0)?,
                    deck_id: r.get(1)?,
                    stage: r.get(2)?,
                    kind: r.get(3)?,
                    front: r.get(4)?,
                    back: r.get(5)?,
                    choices: r.get(6)?,
                    tags: r.get(7)?,
                    ord: r.get(8)?,
                })
            })
            .optional()?;
        let id = match found {
            None => {
                insert.execute(params![
                    card.guid,
                    deck_id,
                    wanted.stage,
                    wanted.kind,
                    wanted.front,
                    wanted.back,
                    wanted.choices,
                    wanted.tags,
                    wanted.ord,
                    now_ms
                ])?;
                report.added += 1;
                tx.last_insert_rowid()
            }
            Some(old) if same_card(&old, &wanted) => {
                report.unchanged += 1;
                old.id
            }
            Some(old) => {
                if old.deck_id != deck_id {
                    report.moved += 1;
                } else {
                    report.updated += 1;
                }
                update.execute(params![
                    old.id,
                    deck_id,
                    wanted.stage,
                    wanted.kind,
                    wanted.front,
                    wanted.back,
                    wanted.choices,
                    wanted.tags,
                    wanted.ord,
                    now_ms
                ])?;
                old.id
            }
        };
        let initial = opts.initial_states.and_then(|m| m.get(&card.guid));
        if let Some(state) = initial {
            report.scheduled += initial_state(tx, id, state)?;
        }
        if let Some(tick) = opts.progress {
            tick();
        }
    }
    let in_file: HashSet<&str> = deck.cards.iter().map(|c| c.guid.as_str()).collect();
    let mut stmt =
        tx.prepare_cached("SELECT guid FROM cards WHERE deck_id = ?1 ORDER BY ord, id")?;
    let guids = stmt.query_map([deck_id], |r| r.get::<_, String>(0))?;
    for guid in guids {
        let guid = guid?;
        if !in_file.contains(guid.as_str()) {
            report.missing.push(guid);
        }
    }
    Ok(report)
}

/// Gives a card its first state; a card that already has one keeps it. Returns 1 if
/// the state was written.
fn initial_state(tx: &Transaction<'_>, card_id: i64, s: &Sm2State) -> Result<usize> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses, last_quality, last_reviewed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (card_id) DO NOTHING",
    )?;
    Ok(stmt.execute(params![
        card_id,
        s.reps,
        s.ef,
        s.interval_days,
        s.due_day,
        s.lapses,
        s.last_quality,
        s.last_reviewed_at
    ])?)
}

/// Equal in everything an import can change (the row id aside).
fn same_card(a: &Stored, b: &Stored) -> bool {
    (
        a.deck_id, a.stage, &a.kind, &a.front, &a.back, &a.choices, &a.tags, a.ord,
    ) == (
        b.deck_id, b.stage, &b.kind, &b.front, &b.back, &b.choices, &b.tags, b.ord,
    )
}

fn stored_form(card: &CardDraft, deck_id: i64, ord: i64) -> Stored {
    Stored {
        id: 0,
        deck_id,
        stage: card.stage.number(),
        kind: card.kind.as_str().to_string(),
        front: card.front.clone(),
        back: card.back.clone(),
        choices: choices_text(&card.choices),
        tags: tags_text(&card.tags),
        ord,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{CardKind, Stage};

    fn deck(back: &str) -> Vec<DeckDraft> {
        vec![DeckDraft {
            name: "D".into(),
            description: String::new(),
            cards: vec![CardDraft {
                guid: "d/1".into(),
                stage: Stage::Beginner,
                kind: CardKind::Basic,
                front: "f".into(),
                back: back.into(),
                choices: vec![],
                tags: vec![],
            }],
        }]
    }

    fn state(interval_days: u32) -> Sm2State {
        Sm2State {
            reps: 2,
            ef: 240,
            interval_days,
            due_day: 20_100,
            lapses: 1,
            last_quality: 4,
            last_reviewed_at: 5,
        }
    }

    fn import(
        store: &mut Store,
        back: &str,
        states: &HashMap<String, Sm2State>,
        dry: bool,
    ) -> ImportReport {
        let opts = ImportOptions {
            initial_states: Some(states),
            ..ImportOptions::new(Origin::User, 1, dry)
        };
        store.import_with(&deck(back), &opts).unwrap()
    }

    fn stored(store: &Store) -> Option<Sm2State> {
        store.card_by_guid("d/1").unwrap().and_then(|c| c.state)
    }

    #[test]
    fn initial_states_apply_once_and_never_overwrite() {
        let mut store = Store::open_in_memory().unwrap();
        let mut states = HashMap::new();
        states.insert("d/1".to_string(), state(8));
        let dry = import(&mut store, "b", &states, true);
        assert_eq!(dry.decks[0].scheduled, 1);
        assert_eq!(stored(&store), None, "a dry run writes no state");
        let r = import(&mut store, "b", &states, false);
        assert_eq!((r.decks[0].added, r.decks[0].scheduled), (1, 1));
        assert_eq!(stored(&store), Some(state(8)));
        states.insert("d/1".to_string(), state(99));
        let r = import(&mut store, "b2", &states, false);
        assert_eq!((r.decks[0].updated, r.decks[0].scheduled), (1, 0));
        assert_eq!(
            stored(&store),
            Some(state(8)),
            "progress is never overwritten"
        );
    }

    #[test]
    fn progress_is_reported_per_card() {
        let mut store = Store::open_in_memory().unwrap();
        let ticks = std::cell::Cell::new(0);
        let tick = || ticks.set(ticks.get() + 1);
        let opts = ImportOptions {
            progress: Some(&tick),
            ..ImportOptions::new(Origin::User, 1, false)
        };
        store.import_with(&deck("b"), &opts).unwrap();
        assert_eq!(ticks.get(), 1);
    }
}
