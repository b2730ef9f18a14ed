//! The trash: deleted cards (with their scheduling and review log) and decks, kept until
//! `recall trash empty`. Trashed rows leave the live tables whole, so no other query
//! needs to know about the trash; each is kept as a JSON object of its columns, read
//! from the table's definition at the time, and written back column by column on restore.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{Result, Store, StoreError};
use crate::core::model::CardId;
use crate::core::sync::EventKind;

/// A card in the trash, as `recall trash` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TrashedCard {
    pub id: String,
    pub deck: String,
    pub front: String,
    /// UTC milliseconds.
    pub trashed_at: i64,
    /// Answers logged for it (kept with it).
    pub reviews: u32,
}

/// What a restore brought back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    pub ids: Vec<String>,
    /// Cards whose row number was taken by a newer card meanwhile, so they have a new one.
    pub renumbered: Vec<String>,
    /// Decks brought back with their cards.
    pub decks: Vec<String>,
}

/// The columns of `table`, as its definition has them now.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// `json_object('a', "a", 'b', "b", …)` over every column of `table`.
fn json_of(conn: &Connection, table: &str) -> Result<String> {
    json_of_alias(conn, table, "")
}

/// `json_of` with each column read through `alias` (`c.`).
fn json_of_alias(conn: &Connection, table: &str, alias: &str) -> Result<String> {
    let pairs: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("'{c}', {alias}\"{c}\""))
        .collect();
    Ok(format!("json_object({})", pairs.join(", ")))
}

/// The live tables' columns, read once per restore.
#[derive(Default)]
pub(super) struct Columns(HashMap<&'static str, Vec<String>>);

impl Columns {
    fn of(&mut self, conn: &Connection, table: &'static str) -> Result<&[String]> {
        if !self.0.contains_key(table) {
            self.0.insert(table, columns(conn, table)?);
        }
        Ok(self.0.get(table).map_or(&[], Vec::as_slice))
    }
}

/// Inserts a row kept as JSON into `table`: the columns the table has now, from the
/// object (a column the object lacks takes its default), with `overrides` replacing
/// values (a new row number, the deck it goes back to).
pub(super) fn insert_json(
    conn: &Connection,
    cols: &mut Columns,
    table: &'static str,
    json: &str,
    overrides: &[(&str, Value)],
) -> Result<()> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| StoreError::Invalid(format!("a row of the trash is damaged ({e})")))?;
    let mut names = Vec::new();
    let mut values = Vec::new();
    for column in cols.of(conn, table)? {
        if let Some((_, v)) = overrides.iter().find(|(n, _)| n == column) {
            names.push(format!("\"{column}\""));
            values.push(v.clone());
        } else if let Some(v) = object.get(column) {
            names.push(format!("\"{column}\""));
            values.push(sql_value(v));
        }
    }
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        super::cards::placeholders(values.len())
    );
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values.iter()))?;
    Ok(())
}

fn sql_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// The statements that copy a card's rows into the trash, made once for many cards from
/// the tables' columns as they are.
pub(super) struct TrashSql {
    card: String,
    state: String,
    reviews: String,
}

impl TrashSql {
    pub(super) fn new(conn: &Connection) -> Result<TrashSql> {
        Ok(TrashSql {
            card: format!(
                "SELECT c.guid, d.name, c.front, {}
                 FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ?1",
                json_of_alias(conn, "cards", "c.")?
            ),
            state: format!(
                "SELECT {} FROM card_state WHERE card_id = ?1",
                json_of(conn, "card_state")?
            ),
            reviews: format!(
                "INSERT INTO trash_reviews (trash_id, review_id, review)
                 SELECT ?1, id, {} FROM reviews WHERE card_id = ?2 ORDER BY id",
                json_of(conn, "reviews")?
            ),
        })
    }
}

/// Moves one card, its state and its review log to the trash (inside the caller's
/// transaction).
pub(super) fn trash_card(conn: &Connection, sql: &TrashSql, id: i64, now_ms: i64) -> Result<()> {
    let (guid, deck, front, card): (String, String, String, String) = conn
        .prepare_cached(&sql.card)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    let state: Option<String> = conn
        .prepare_cached(&sql.state)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    conn.prepare_cached(
        "INSERT INTO trash_cards (card_id, guid, deck, front, trashed_at, card, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![id, guid, deck, front, now_ms, card, state])?;
    let trash_id = conn.last_insert_rowid();
    super::events::keep_unjournaled_answers(conn, "?1", id)?;
    conn.prepare_cached(&sql.reviews)?
        .execute(params![trash_id, id])?;
    super::events::record(
        conn,
        EventKind::Trash,
        &guid,
        &serde_json::json!({}),
        now_ms,
    )?;
    for delete in [
        "DELETE FROM reviews WHERE card_id = ?1",
        "DELETE FROM card_state WHERE card_id = ?1",
        "DELETE FROM cards WHERE id = ?1",
    ] {
        conn.prepare_cached(delete)?.execute([id])?;
    }
    Ok(())
}

/// Moves every card of a deck to the trash as `trash_card` does, a statement for all of
/// them at a time (a deck of 100,000 cards in about a second, not a card at a time).
fn trash_deck_cards(conn: &Connection, deck: i64, now_ms: i64) -> Result<usize> {
    super::events::record_for_deck(conn, EventKind::Trash, deck, now_ms)?;
    super::events::keep_unjournaled_answers(conn, "SELECT id FROM cards WHERE deck_id = ?1", deck)?;
    let moved = conn.execute(
        &format!(
            "INSERT INTO trash_cards (card_id, guid, deck, front, trashed_at, card, state)
             SELECT c.id, c.guid, d.name, c.front, ?2, {},
                    (SELECT {} FROM card_state s WHERE s.card_id = c.id)
             FROM cards c JOIN decks d ON d.id = c.deck_id
             WHERE c.deck_id = ?1 ORDER BY c.ord, c.id",
            json_of_alias(conn, "cards", "c.")?,
            json_of_alias(conn, "card_state", "s.")?
        ),
        params![deck, now_ms],
    )?;
    conn.execute(
        &format!(
            "INSERT INTO trash_reviews (trash_id, review_id, review)
             SELECT t.id, r.id, {}
             FROM cards c JOIN trash_cards t ON t.guid = c.guid
             JOIN reviews r ON r.card_id = c.id
             WHERE c.deck_id = ?1 ORDER BY r.id",
            json_of_alias(conn, "reviews", "r.")?
        ),
        [deck],
    )?;
    for delete in [
        "DELETE FROM reviews WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?1)",
        "DELETE FROM card_state WHERE card_id IN (SELECT id FROM cards WHERE deck_id = ?1)",
        "DELETE FROM cards WHERE deck_id = ?1",
    ] {
        conn.execute(delete, [deck])?;
    }
    Ok(moved)
}

/// Moves a deck that has no cards left, with its level history, to the trash.
fn trash_empty_deck(conn: &Connection, deck_id: i64, now_ms: i64) -> Result<bool> {
    let cards: i64 = conn.query_row(
        "SELECT count(*) FROM cards WHERE deck_id = ?1",
        [deck_id],
        |r| r.get(0),
    )?;
    if cards > 0 {
        return Ok(false);
    }
    let (name, deck): (String, String) = conn.query_row(
        &format!(
            "SELECT name, {} FROM decks WHERE id = ?1",
            json_of(conn, "decks")?
        ),
        [deck_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let events: String = conn.query_row(
        &format!(
            "SELECT json_group_array(json(e)) FROM
               (SELECT {} AS e FROM level_events WHERE deck_id = ?1 ORDER BY id)",
            json_of(conn, "level_events")?
        ),
        [deck_id],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO trash_decks (name, deck_id, trashed_at, deck, level_events)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, deck_id, now_ms, deck, events],
    )?;
    conn.execute("DELETE FROM level_events WHERE deck_id = ?1", [deck_id])?;
    conn.execute("DELETE FROM decks WHERE id = ?1", [deck_id])?;
    Ok(true)
}

/// Whether row `id` of `table` is free.
fn free(conn: &Connection, table: &str, id: i64) -> Result<bool> {
    let taken: Option<i64> = conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(taken.is_none())
}

/// The deck a restored card goes back to: its own row when it is still there, else one
/// of the same name, else the deck from the trash (with its level history), else a new
/// deck of that name. Returns the deck's id and whether it came from the trash.
fn deck_for(conn: &Connection, cols: &mut Columns, name: &str, old_id: i64) -> Result<(i64, bool)> {
    let by_id: Option<String> = conn
        .query_row("SELECT name FROM decks WHERE id = ?1", [old_id], |r| {
            r.get(0)
        })
        .optional()?;
    if by_id.as_deref() == Some(name) {
        return Ok((old_id, false));
    }
    let by_name: Option<i64> = conn
        .query_row("SELECT id FROM decks WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    if let Some(id) = by_name {
        return Ok((id, false));
    }
    let trashed: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT deck_id, deck, level_events FROM trash_decks WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((deck_id, deck, events)) = trashed else {
        conn.execute(
            "INSERT INTO decks (name, created_at) VALUES (?1, 0)",
            [name],
        )?;
        return Ok((conn.last_insert_rowid(), false));
    };
    let id = if free(conn, "decks", deck_id)? {
        Value::Integer(deck_id)
    } else {
        Value::Null
    };
    insert_json(conn, cols, "decks", &deck, &[("id", id)])?;
    let new_id = conn.last_insert_rowid();
    let events: Vec<serde_json::Value> = serde_json::from_str(&events)
        .map_err(|e| StoreError::Invalid(format!("a deck in the trash is damaged ({e})")))?;
    for e in events {
        let event_id = e.get("id").and_then(serde_json::Value::as_i64).unwrap_or(0);
        let id = if free(conn, "level_events", event_id)? {
            Value::Integer(event_id)
        } else {
            Value::Null
        };
        insert_json(
            conn,
            cols,
            "level_events",
            &e.to_string(),
            &[("id", id), ("deck_id", Value::Integer(new_id))],
        )?;
    }
    conn.execute("DELETE FROM trash_decks WHERE name = ?1", [name])?;
    Ok((new_id, true))
}

/// Brings one trashed card back with its state and review log. Returns whether it got a
/// new row number and the deck it brought back from the trash, if any.
pub(super) fn restore_card(
    conn: &Connection,
    cols: &mut Columns,
    trash_id: i64,
    now_ms: i64,
) -> Result<(String, bool, Option<String>)> {
    let (card_id, guid, deck, card, state): (i64, String, String, String, Option<String>) = conn
        .query_row(
            "SELECT card_id, guid, deck, card, state FROM trash_cards WHERE id = ?1",
            [trash_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
    let live: Option<i64> = conn
        .query_row("SELECT id FROM cards WHERE guid = ?1", [&guid], |r| {
            r.get(0)
        })
        .optional()?;
    if live.is_some() {
        return Err(StoreError::Invalid(format!(
            "a card `{guid}` exists again (added after this one was deleted); delete it first or leave this one in the trash"
        )));
    }
    let old_deck: i64 = serde_json::from_str::<serde_json::Value>(&card)
        .ok()
        .and_then(|v| v.get("deck_id").and_then(serde_json::Value::as_i64))
        .unwrap_or(0);
    let (deck_id, deck_back) = deck_for(conn, cols, &deck, old_deck)?;
    let renumbered = !free(conn, "cards", card_id)?;
    let id = if renumbered {
        Value::Null
    } else {
        Value::Integer(card_id)
    };
    insert_json(
        conn,
        cols,
        "cards",
        &card,
        &[("id", id), ("deck_id", Value::Integer(deck_id))],
    )?;
    let new_id = conn.last_insert_rowid();
    if let Some(state) = state {
        insert_json(
            conn,
            cols,
            "card_state",
            &state,
            &[("card_id", Value::Integer(new_id))],
        )?;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT review_id, review FROM trash_reviews WHERE trash_id = ?1 ORDER BY review_id",
    )?;
    let reviews = stmt
        .query_map([trash_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (review_id, review) in reviews {
        let id = if free(conn, "reviews", review_id)? {
            Value::Integer(review_id)
        } else {
            Value::Null
        };
        insert_json(
            conn,
            cols,
            "reviews",
            &review,
            &[("id", id), ("card_id", Value::Integer(new_id))],
        )?;
    }
    conn.execute("DELETE FROM trash_reviews WHERE trash_id = ?1", [trash_id])?;
    conn.execute("DELETE FROM trash_cards WHERE id = ?1", [trash_id])?;
    super::events::record(
        conn,
        EventKind::Restore,
        &guid,
        &serde_json::json!({}),
        now_ms,
    )?;
    Ok((guid, renumbered, deck_back.then_some(deck)))
}

impl Store {
    /// Moves cards to the trash, in one transaction. Returns how many moved.
    pub fn trash_cards(&mut self, ids: &[CardId], now_ms: i64) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let sql = TrashSql::new(&tx)?;
        for id in ids {
            trash_card(&tx, &sql, id.0, now_ms)?;
        }
        tx.commit()?;
        Ok(ids.len())
    }

    /// Moves every card of the decks `deck_ids` to the trash, then the decks themselves
    /// (with their level history), in one transaction. Returns the cards moved.
    pub fn trash_decks(&mut self, deck_ids: &[i64], now_ms: i64) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut moved = 0;
        for &deck in deck_ids {
            moved += trash_deck_cards(&tx, deck, now_ms)?;
            trash_empty_deck(&tx, deck, now_ms)?;
        }
        tx.commit()?;
        Ok(moved)
    }

    /// How many cards the decks `deck_ids` hold.
    pub fn card_count_in(&self, deck_ids: &[i64]) -> Result<usize> {
        let sql = format!(
            "SELECT count(*) FROM cards WHERE deck_id IN {}",
            super::cards::placeholders(deck_ids.len())
        );
        let n: i64 = self
            .conn
            .query_row(&sql, params_from_iter(deck_ids.iter()), |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The cards in the trash, most recently deleted first.
    pub fn trash(&self) -> Result<Vec<TrashedCard>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.guid, t.deck, t.front, t.trashed_at,
                    (SELECT count(*) FROM trash_reviews r WHERE r.trash_id = t.id)
             FROM trash_cards t ORDER BY t.trashed_at DESC, t.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TrashedCard {
                id: r.get(0)?,
                deck: r.get(1)?,
                front: r.get(2)?,
                trashed_at: r.get(3)?,
                reviews: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Trashed cards by id (their stable id, or the row number they had); the ids not in
    /// the trash come back as the error's list.
    pub fn find_in_trash(&self, keys: &[String]) -> Result<(Vec<i64>, Vec<String>)> {
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for key in keys {
            let by_guid: Option<i64> = self
                .conn
                .query_row("SELECT id FROM trash_cards WHERE guid = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            let by_number = || -> Result<Option<i64>> {
                let Ok(n) = key.parse::<i64>() else {
                    return Ok(None);
                };
                Ok(self
                    .conn
                    .query_row(
                        "SELECT id FROM trash_cards WHERE card_id = ?1 ORDER BY id DESC",
                        [n],
                        |r| r.get(0),
                    )
                    .optional()?)
            };
            match by_guid.map_or_else(by_number, |id| Ok(Some(id)))? {
                Some(id) if !found.contains(&id) => found.push(id),
                Some(_) => {}
                None => missing.push(key.clone()),
            }
        }
        Ok((found, missing))
    }

    /// Brings trashed cards back exactly as they were (scheduling, review log, suspension,
    /// deck, position), in one transaction: `None` brings back every one.
    pub fn restore(&mut self, trash_ids: Option<&[i64]>) -> Result<Restored> {
        let now_ms = self.now_ms();
        let algorithm = self.algorithm()?;
        let tx = self.conn.transaction()?;
        super::events::settle_clock(&tx)?;
        let ids: Vec<i64> = match trash_ids {
            Some(ids) => ids.to_vec(),
            None => tx
                .prepare("SELECT id FROM trash_cards ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        };
        let mut out = Restored::default();
        let mut cols = Columns::default();
        for id in ids {
            let (guid, renumbered, deck) = restore_card(&tx, &mut cols, id, now_ms)?;
            // Text edited and answers given on another device while the card was in the
            // trash here come with it.
            super::sync::put_winning_state(&tx, &guid)?;
            super::sync::reconcile(&tx, &algorithm, &guid)?;
            if renumbered {
                out.renumbered.push(guid.clone());
            }
            out.decks.extend(deck);
            out.ids.push(guid);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Deletes for good the cards trashed before `before_ms` (all when `None`), with
    /// their review logs, and the trashed decks none of the remaining cards belongs to.
    /// Returns how many cards were deleted.
    pub fn empty_trash(&mut self, before_ms: Option<i64>) -> Result<usize> {
        let cutoff = before_ms.unwrap_or(i64::MAX);
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM trash_reviews WHERE trash_id IN
               (SELECT id FROM trash_cards WHERE trashed_at < ?1)",
            [cutoff],
        )?;
        let n = tx.execute("DELETE FROM trash_cards WHERE trashed_at < ?1", [cutoff])?;
        tx.execute(
            "DELETE FROM trash_decks WHERE trashed_at < ?1
               AND name NOT IN (SELECT deck FROM trash_cards)",
            [cutoff],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Renames a deck and the decks under it (`A::B` → `C` makes `A::B::D` `C::D`), in
    /// one transaction; trashed cards of those decks follow, so they go back to the
    /// renamed deck. Returns the renamed decks' old and new names.
    pub fn rename_deck(&mut self, old: &str, new: &str) -> Result<Vec<(String, String)>> {
        let now_ms = self.now_ms();
        let tx = self.conn.transaction()?;
        let names: Vec<(i64, String)> = tx
            .prepare("SELECT id, name FROM decks ORDER BY name")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let taken: HashMap<&str, i64> = names.iter().map(|(i, n)| (n.as_str(), *i)).collect();
        let mut renamed = Vec::new();
        for (id, name) in &names {
            let Some(to) = crate::core::decks::renamed(name, old, new) else {
                continue;
            };
            if taken.get(to.as_str()).is_some_and(|other| other != id)
                && crate::core::decks::renamed(&to, old, new).is_none()
            {
                return Err(StoreError::Invalid(format!(
                    "a deck `{to}` exists already; rename or delete it first"
                )));
            }
            renamed.push((*id, name.clone(), to));
        }
        // Two steps, so that no name is briefly held by two decks (`A` → `A::X` and such).
        for (id, _, _) in &renamed {
            tx.execute(
                "UPDATE decks SET name = '\u{1}renaming ' || id WHERE id = ?1",
                [id],
            )?;
        }
        for (id, from, to) in &renamed {
            tx.execute("UPDATE decks SET name = ?2 WHERE id = ?1", params![id, to])?;
            super::events::record(
                &tx,
                EventKind::Rename,
                from,
                &serde_json::json!({ "to": to }),
                now_ms,
            )?;
            tx.execute(
                "UPDATE trash_cards SET deck = ?2 WHERE deck = ?1",
                params![from, to],
            )?;
        }
        tx.commit()?;
        Ok(renamed.into_iter().map(|(_, f, t)| (f, t)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{CardDraft, CardKind, DeckDraft, Stage};
    use crate::store::Origin;

    fn store_with(guids: &[&str]) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let cards = guids
            .iter()
            .map(|g| CardDraft {
                guid: (*g).to_string(),
                stage: Stage::Beginner,
                kind: CardKind::Basic,
                front: format!("front of {g}"),
                back: "b".into(),
                choices: vec![],
                tags: vec![],
                key_points: vec![],
                note: String::new(),
                sql: crate::core::model::SqlOptions::default(),
            })
            .collect();
        let deck = DeckDraft {
            name: "D".into(),
            description: String::new(),
            cards,
        };
        store.import(&[deck], Origin::User, 1, false).unwrap();
        store
    }

    fn id(store: &Store, guid: &str) -> CardId {
        store.card_by_guid(guid).unwrap().unwrap().id
    }

    #[test]
    fn a_column_added_after_a_card_was_trashed_takes_its_default_and_one_before_is_kept() {
        let mut store = store_with(&["a", "b"]);
        // A later migration (say, a `later` text) adds a column; a card that has it set
        // keeps it through the trash, a card trashed before it existed gets its default.
        let a = id(&store, "a");
        store.trash_cards(&[a], 5).unwrap();
        store
            .conn
            .execute_batch("ALTER TABLE cards ADD COLUMN later TEXT NOT NULL DEFAULT 'none'")
            .unwrap();
        store
            .conn
            .execute("UPDATE cards SET later = 'mine' WHERE guid = 'b'", [])
            .unwrap();
        let b = id(&store, "b");
        store.trash_cards(&[b], 6).unwrap();
        let restored = store.restore(None).unwrap();
        assert_eq!(restored.ids, ["a", "b"]);
        let notes: Vec<(String, String)> = store
            .conn
            .prepare("SELECT guid, later FROM cards ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            notes,
            [
                ("a".to_string(), "none".to_string()),
                ("b".into(), "mine".into())
            ]
        );
        assert_eq!((id(&store, "a"), id(&store, "b")), (a, b), "numbers kept");
    }

    #[test]
    fn the_trash_lists_newest_first_and_finds_cards_by_id_or_old_number() {
        let mut store = store_with(&["a", "b", "c"]);
        let (a, b) = (id(&store, "a"), id(&store, "b"));
        store.trash_cards(&[a], 10).unwrap();
        store.trash_cards(&[b], 20).unwrap();
        let listed: Vec<(String, i64)> = store
            .trash()
            .unwrap()
            .into_iter()
            .map(|t| (t.id, t.trashed_at))
            .collect();
        assert_eq!(listed, [("b".to_string(), 20), ("a".to_string(), 10)]);
        let keys = ["a".to_string(), b.0.to_string(), "zz".to_string()];
        let (found, missing) = store.find_in_trash(&keys).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(missing, ["zz"]);
        assert_eq!(store.empty_trash(Some(11)).unwrap(), 1, "only a is older");
        assert_eq!(store.empty_trash(Some(11)).unwrap(), 0);
        assert_eq!(store.empty_trash(None).unwrap(), 1);
    }
}
