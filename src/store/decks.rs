//! Deck queries: the list with counts, names, levels and level events.

use rusqlite::params;

use super::{Result, Store};
use crate::core::day::Day;

/// A deck with its card counts for a day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeckSummary {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub description: String,
    pub origin: String,
    pub level: u8,
    /// Every card of the deck, suspended ones included.
    pub cards: u32,
    /// Cards never answered (not suspended).
    pub new: u32,
    /// Cards due on or before the day (not suspended).
    pub due: u32,
    pub suspended: u32,
}

impl Store {
    /// Every deck, by name, with counts as of `today`.
    pub fn deck_summaries(&self, today: Day) -> Result<Vec<DeckSummary>> {
        // Both halves are counted from covering indexes (migration 3): the cards by deck
        // and suspension, and the seen ones with their due day.
        let mut stmt = self.conn.prepare_cached(
            "WITH cards_by_deck AS (
                 SELECT deck_id, count(*) AS cards, sum(suspended) AS suspended
                 FROM cards INDEXED BY cards_place GROUP BY deck_id),
             seen_by_deck AS (
                 SELECT deck_id, count(*) AS seen, sum(due_day <= ?1) AS due
                 FROM card_state INDEXED BY card_state_place WHERE suspended = 0
                 GROUP BY deck_id)
             SELECT d.id, d.name, d.description, d.origin, d.level,
                    coalesce(c.cards, 0),
                    coalesce(c.cards, 0) - coalesce(c.suspended, 0) - coalesce(s.seen, 0),
                    coalesce(s.due, 0),
                    coalesce(c.suspended, 0)
             FROM decks d
             LEFT JOIN cards_by_deck c ON c.deck_id = d.id
             LEFT JOIN seen_by_deck s ON s.deck_id = d.id
             ORDER BY d.name",
        )?;
        let rows = stmt.query_map([today], |r| {
            Ok(DeckSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                description: r.get(2)?,
                origin: r.get(3)?,
                level: r.get(4)?,
                cards: r.get(5)?,
                new: r.get(6)?,
                due: r.get(7)?,
                suspended: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// `(id, name)` of every deck, by name.
    pub fn deck_names(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM decks ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The ids of the decks at or under `path`.
    pub fn deck_ids_under(&self, path: &str) -> Result<Vec<i64>> {
        Ok(self
            .deck_names()?
            .into_iter()
            .filter(|(_, name)| crate::core::decks::in_path(name, path))
            .map(|(id, _)| id)
            .collect())
    }

    pub fn deck_level(&self, deck_id: i64) -> Result<u8> {
        Ok(self
            .conn
            .query_row("SELECT level FROM decks WHERE id = ?1", [deck_id], |r| {
                r.get(0)
            })?)
    }

    /// Sets a skill's level and logs the change, in one transaction.
    pub fn change_level(
        &mut self,
        deck_id: i64,
        from: u8,
        to: u8,
        at_ms: i64,
        cause: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE decks SET level = ?2 WHERE id = ?1",
            params![deck_id, to],
        )?;
        tx.execute(
            "INSERT INTO level_events (deck_id, at, from_level, to_level, cause) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![deck_id, at_ms, from, to, cause],
        )?;
        tx.commit()?;
        Ok(())
    }
}
