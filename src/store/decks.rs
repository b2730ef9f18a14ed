//! Deck queries: the list with counts, names, levels and level events.

use std::collections::HashMap;

use rusqlite::params;

use super::{Result, Store};
use crate::core::day::Day;
use crate::core::levels::{self, Mastery};
use crate::core::model::Stage;
use crate::core::stats::{CardCounts, MATURE_DAYS};

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
    /// Cards and mastered cards of each stage (suspended ones left out), for levels.
    #[serde(skip)]
    pub mastery: Mastery,
}

/// Cards by state over the decks `ids` (all when `None`), from their counts.
#[must_use]
pub fn card_counts(counts: &HashMap<i64, DeckCounts>, ids: Option<&[i64]>) -> CardCounts {
    let mut t = CardCounts::default();
    for (id, c) in counts {
        if ids.is_some_and(|ids| !ids.contains(id)) {
            continue;
        }
        t.total += c.cards;
        t.suspended += c.suspended;
        t.new += c.cards.saturating_sub(c.suspended).saturating_sub(c.seen);
        t.young += c.young;
        t.mature += c.seen.saturating_sub(c.young);
    }
    t
}

/// A deck's counts as `deck_counts` finds them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckCounts {
    pub cards: u32,
    pub suspended: u32,
    /// Cards answered at least once, not suspended.
    pub seen: u32,
    /// Of those, due on or before the day asked.
    pub due: u32,
    /// Of those, with an interval under `MATURE_DAYS` (the rest are mature).
    pub young: u32,
    pub mastery: Mastery,
}

impl Store {
    /// Every deck, by name, with counts as of `today`.
    pub fn deck_summaries(&self, today: Day) -> Result<Vec<DeckSummary>> {
        self.deck_summaries_with(&self.deck_counts(today, None)?)
    }

    /// Every deck, by name, with the counts given (from `deck_counts`).
    pub fn deck_summaries_with(
        &self,
        counts: &HashMap<i64, DeckCounts>,
    ) -> Result<Vec<DeckSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, description, origin, level FROM decks ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, description, origin, level) = row?;
            let c = counts.get(&id).copied().unwrap_or_default();
            out.push(DeckSummary {
                id,
                name,
                description,
                origin,
                level,
                cards: c.cards,
                new: c.cards.saturating_sub(c.suspended).saturating_sub(c.seen),
                due: c.due,
                suspended: c.suspended,
                mastery: c.mastery,
            });
        }
        Ok(out)
    }

    /// Counts by deck (one deck, or all): cards, suspended, seen and due ones, and the
    /// per-stage mastery behind levels (only cards that count toward a level). One pass over each of two covering indexes
    /// (migration 3): no card row, and none of its text, is read.
    pub fn deck_counts(&self, today: Day, deck: Option<i64>) -> Result<HashMap<i64, DeckCounts>> {
        let filter = if deck.is_some() {
            "AND deck_id = ?2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT deck_id, stage, 0, count(*), sum(suspended), sum(levelled AND NOT suspended), 0
             FROM cards INDEXED BY cards_place WHERE 1 {filter}
             GROUP BY deck_id, stage
             UNION ALL
             SELECT deck_id, stage, 1, count(*),
                    sum(levelled AND retained_days >= CASE stage WHEN 3 THEN ?5 ELSE ?4 END),
                    sum(due_day <= ?1),
                    sum(interval_days < ?3)
             FROM card_state INDEXED BY card_state_place WHERE suspended = 0 {filter}
             GROUP BY deck_id, stage"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        // ?2 is the deck when one is asked for; a placeholder keeps the numbering.
        let args = [
            today,
            deck.unwrap_or(0),
            i64::from(MATURE_DAYS),
            i64::from(levels::retention_days_for(Stage::Beginner)),
            i64::from(levels::retention_days_for(Stage::Advanced)),
        ];
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, u32>(4)?,
                r.get::<_, u32>(5)?,
                r.get::<_, u32>(6)?,
            ))
        })?;
        let mut all: HashMap<i64, DeckCounts> = HashMap::new();
        for row in rows {
            // Cards: (count, suspended, counting toward the level); states: (count,
            // mastered and counting toward the level, due, young).
            let (deck, stage, states, n, a, b, young) = row?;
            let c = all.entry(deck).or_default();
            let slot = usize::try_from(stage - 1)
                .ok()
                .and_then(|i| c.mastery.get_mut(i));
            if states == 0 {
                c.cards += n;
                c.suspended += a;
                if let Some(s) = slot {
                    s.cards += b;
                }
            } else {
                c.seen += n;
                c.due += b;
                c.young += young;
                if let Some(s) = slot {
                    s.mastered += a;
                }
            }
        }
        Ok(all)
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
        day: Day,
        cause: &str,
    ) -> Result<()> {
        self.write_tx(|s| s.write_level(deck_id, (from, to), at_ms, day, cause))
    }

    /// Sets a skill's level and logs the change, in the caller's transaction.
    pub(super) fn write_level(
        &self,
        deck_id: i64,
        (from, to): (u8, u8),
        at_ms: i64,
        day: Day,
        cause: &str,
    ) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE decks SET level = ?2 WHERE id = ?1")?
            .execute(params![deck_id, to])?;
        self.conn
            .prepare_cached(
                "INSERT INTO level_events (deck_id, at, from_level, to_level, cause, day)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![deck_id, at_ms, from, to, cause, day])?;
        Ok(())
    }
}
