//! The trash: deleted cards (with their scheduling and review log) and decks, kept until
//! `recall trash empty`. Trashed rows leave the live tables whole, so no other query
//! needs to know about the trash; each is kept as a JSON object of its columns, read
//! from the table's definition at the time, and written back column by column on restore.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::{Result, Store, StoreError};
use crate::core::model::CardId;

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
    let pairs: Vec<String> = columns(conn, table)?
        .iter()
        .map(|c| format!("'{c}', \"{c}\""))
        .collect();
    Ok(format!("json_object({})", pairs.join(", ")))
}

/// Inserts a row kept as JSON into `table`: the columns the table has now, from the
/// object (a column the object lacks takes its default), with `overrides` replacing
/// values (a new row number, the deck it goes back to).
fn insert_json(
    conn: &Connection,
    table: &str,
    json: &str,
    overrides: &[(&str, Value)],
) -> Result<()> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| StoreError::Invalid(format!("a row of the trash is damaged ({e})")))?;
    let mut names = Vec::new();
    let mut values = Vec::new();
    for column in columns(conn, table)? {
        if let Some((_, v)) = overrides.iter().find(|(n, _)| *n == column) {
            names.push(format!("\"{column}\""));
            values.push(v.clone());
        } else if let Some(v) = object.get(&column) {
            names.push(format!("\"{column}\""));
            values.push(sql_value(v));
        }
    }
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {}",
        names.join(", "),
        super::cards::placeholders(values.len())
    );
    conn.execute(&sql, params_from_iter(values.iter()))?;
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

/// Moves one card, its state and its review log to the trash (inside the caller's
/// transaction).
pub(super) fn trash_card(conn: &Connection, id: i64, now_ms: i64) -> Result<()> {
    let card_json = json_of(conn, "cards")?;
    let (guid, deck, front, card): (String, String, String, String) = conn.query_row(
        &format!(
            "SELECT c.guid, d.name, c.front, (SELECT {card_json} FROM cards WHERE id = c.id)
             FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ?1"
        ),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let state: Option<String> = conn
        .query_row(
            &format!(
                "SELECT {} FROM card_state WHERE card_id = ?1",
                json_of(conn, "card_state")?
            ),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    conn.execute(
        "INSERT INTO trash_cards (card_id, guid, deck, front, trashed_at, card, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, guid, deck, front, now_ms, card, state],
    )?;
    let trash_id = conn.last_insert_rowid();
    conn.execute(
        &format!(
            "INSERT INTO trash_reviews (trash_id, review_id, review)
             SELECT ?1, id, {} FROM reviews WHERE card_id = ?2 ORDER BY id",
            json_of(conn, "reviews")?
        ),
        params![trash_id, id],
    )?;
    conn.execute("DELETE FROM reviews WHERE card_id = ?1", [id])?;
    conn.execute("DELETE FROM card_state WHERE card_id = ?1", [id])?;
    conn.execute("DELETE FROM cards WHERE id = ?1", [id])?;
    Ok(())
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
        .query_row(&format!("SELECT 1 FROM {table} WHERE id = ?1"), [id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(taken.is_none())
}

/// The deck a restored card goes back to: its own row when it is still there, else one
/// of the same name, else the deck from the trash (with its level history), else a new
/// deck of that name. Returns the deck's id and whether it came from the trash.
fn deck_for(conn: &Connection, name: &str, old_id: i64) -> Result<(i64, bool)> {
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
    insert_json(conn, "decks", &deck, &[("id", id)])?;
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
fn restore_card(conn: &Connection, trash_id: i64) -> Result<(String, bool, Option<String>)> {
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
    let (deck_id, deck_back) = deck_for(conn, &deck, old_deck)?;
    let renumbered = !free(conn, "cards", card_id)?;
    let id = if renumbered {
        Value::Null
    } else {
        Value::Integer(card_id)
    };
    insert_json(
        conn,
        "cards",
        &card,
        &[("id", id), ("deck_id", Value::Integer(deck_id))],
    )?;
    let new_id = conn.last_insert_rowid();
    if let Some(state) = state {
        insert_json(
            conn,
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
            "reviews",
            &review,
            &[("id", id), ("card_id", Value::Integer(new_id))],
        )?;
    }
    conn.execute("DELETE FROM trash_reviews WHERE trash_id = ?1", [trash_id])?;
    conn.execute("DELETE FROM trash_cards WHERE id = ?1", [trash_id])?;
    Ok((guid, renumbered, deck_back.then_some(deck)))
}

impl Store {
    /// Moves cards to the trash, in one transaction. Returns how many moved.
    pub fn trash_cards(&mut self, ids: &[CardId], now_ms: i64) -> Result<usize> {
        let tx = self.conn.transaction()?;
        for id in ids {
            trash_card(&tx, id.0, now_ms)?;
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
            let ids: Vec<i64> = tx
                .prepare_cached("SELECT id FROM cards WHERE deck_id = ?1 ORDER BY ord, id")?
                .query_map([deck], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in &ids {
                trash_card(&tx, *id, now_ms)?;
            }
            moved += ids.len();
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
        let tx = self.conn.transaction()?;
        let ids: Vec<i64> = match trash_ids {
            Some(ids) => ids.to_vec(),
            None => tx
                .prepare("SELECT id FROM trash_cards ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?,
        };
        let mut out = Restored::default();
        for id in ids {
            let (guid, renumbered, deck) = restore_card(&tx, id)?;
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
            tx.execute(
                "UPDATE trash_cards SET deck = ?2 WHERE deck = ?1",
                params![from, to],
            )?;
        }
        tx.commit()?;
        Ok(renamed.into_iter().map(|(_, f, t)| (f, t)).collect())
    }
}
