//! Skill levels in the store: per-stage mastery, applying `core::levels`, and level events.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::core::config::Settings;
use crate::core::day::Day;
use crate::core::levels::{self, Mastery, Thresholds};
use crate::core::model::Stage;

/// A level change, as shown in the session and stored in `level_events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub deck_id: i64,
    pub deck: String,
    pub from: u8,
    pub to: u8,
    /// The stage whose new cards the change unlocked, and how many there are.
    pub unlocked: Option<(Stage, u32)>,
}

/// What the level rule needs after an answer: the settings, the time and the study day.
#[derive(Debug, Clone, Copy)]
pub struct LevelCheck<'a> {
    pub settings: &'a Settings,
    pub at_ms: i64,
    pub today: Day,
}

/// One stored level event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LevelEvent {
    pub at: i64,
    pub from: u8,
    pub to: u8,
    pub cause: String,
}

#[must_use]
pub fn thresholds(s: &Settings) -> Thresholds {
    Thresholds {
        rise_percent: s.level_rise_percent,
        fall_percent: s.level_fall_percent,
    }
}

impl Store {
    /// Cards (not suspended) and mastered cards of each stage of a deck.
    pub fn mastery(&self, deck_id: i64) -> Result<Mastery> {
        // The due figure is not needed here; any day will do.
        Ok(self
            .deck_counts(0, Some(deck_id))?
            .remove(&deck_id)
            .unwrap_or_default()
            .mastery)
    }

    /// Applies the level rule to a deck on study day `today` and stores any change with
    /// its cause, in one transaction.
    pub fn update_level(
        &mut self,
        deck_id: i64,
        settings: &Settings,
        at_ms: i64,
        today: Day,
        cause: &str,
    ) -> Result<Option<LevelChange>> {
        let check = LevelCheck {
            settings,
            at_ms,
            today,
        };
        self.write_tx(|s| s.level_step(deck_id, &check, cause))
    }

    /// `update_level` in the caller's transaction.
    pub(super) fn level_step(
        &self,
        deck_id: i64,
        check: &LevelCheck<'_>,
        cause: &str,
    ) -> Result<Option<LevelChange>> {
        let (deck, from): (String, u8) = self.conn.query_row(
            "SELECT name, level FROM decks WHERE id = ?1",
            [deck_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let day_start = self
            .level_at_day_start(deck_id, check.today)?
            .unwrap_or(from);
        let to = levels::next_level_today(
            from,
            day_start,
            &self.mastery(deck_id)?,
            thresholds(check.settings),
        );
        if to == from {
            return Ok(None);
        }
        self.write_level(deck_id, (from, to), check.at_ms, check.today, cause)?;
        let unlocked = match (to > from, levels::unlocked_by(to)) {
            (true, Some(stage)) => Some((stage, self.new_cards_of_stage(deck_id, stage)?)),
            _ => None,
        };
        Ok(Some(LevelChange {
            deck_id,
            deck,
            from,
            to,
            unlocked,
        }))
    }

    /// The level a deck had when study day `day` began: the first change that day came
    /// from it. `None` when its level has not changed that day.
    fn level_at_day_start(&self, deck_id: i64, day: Day) -> Result<Option<u8>> {
        Ok(self
            .conn
            .query_row(
                "SELECT from_level FROM level_events WHERE deck_id = ?1 AND day = ?2
                 ORDER BY id LIMIT 1",
                params![deck_id, day],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn new_cards_of_stage(&self, deck_id: i64, stage: Stage) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM cards c WHERE c.deck_id = ?1 AND c.stage = ?2 AND c.suspended = 0
               AND NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id)",
            params![deck_id, stage.number()],
            |r| r.get(0),
        )?)
    }

    /// The time of each deck's latest level change, by deck id.
    pub fn last_level_changes(&self) -> Result<std::collections::HashMap<i64, i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT deck_id, max(at) FROM level_events GROUP BY deck_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A deck's level events, oldest first.
    pub fn level_events(&self, deck_id: i64) -> Result<Vec<LevelEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, from_level, to_level, cause FROM level_events WHERE deck_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([deck_id], |r| {
            Ok(LevelEvent {
                at: r.get(0)?,
                from: r.get(1)?,
                to: r.get(2)?,
                cause: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
