//! Card queries: single cards, filtered lists, today's queue candidates, suspension.

use rusqlite::{OptionalExtension, Row, ToSql, params_from_iter};

use super::decode::{DRAFT_COLUMNS, DRAFT_WIDTH, card_draft};
use super::{Result, Store, StoreError};
use crate::core::day::Day;
use crate::core::model::{Card, CardId, Stage};
use crate::core::queue::{AnsweredToday, Candidates, DueCard, NewCard};
use crate::core::schedule::Quality;

/// The card's columns: its place, then its authored fields (`DRAFT_COLUMNS`) from column
/// 5, then its state's (`state::COLUMNS`) after them.
pub(super) fn card_columns() -> String {
    format!(
        "c.id, c.guid, c.deck_id, d.name, c.suspended, {DRAFT_COLUMNS}, {}",
        super::state::COLUMNS
    )
}

const CARD_FROM: &str = "FROM cards c JOIN decks d ON d.id = c.deck_id
    LEFT JOIN card_state s ON s.card_id = c.id";

/// A card as `recall cards` lists it.
pub type CardRow = Card;

/// Which cards to list.
#[derive(Debug, Clone, Default)]
pub struct CardFilter {
    /// Only cards of these decks; `None` for all.
    pub deck_ids: Option<Vec<i64>>,
    /// Only cards due on or before this day.
    pub due_by: Option<Day>,
    /// The study day a search's `is:due` means.
    pub today: Day,
    pub tag: Option<String>,
    pub stage: Option<Stage>,
    /// Only cards with at least this many lapses (leeches).
    pub min_lapses: Option<u32>,
    pub include_suspended: bool,
    pub limit: Option<usize>,
    /// Only cards matching a search query (`recall cards QUERY`).
    pub matching: Option<super::search::Matching>,
}

fn conversion_error(col: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, message.into())
}

pub(super) fn card_from_row(r: &Row<'_>) -> rusqlite::Result<Card> {
    let draft = card_draft(r, 1, 5)?;
    let state = super::state::from_row(r, 5 + DRAFT_WIDTH)?;
    Ok(Card {
        id: r.get(0)?,
        guid: draft.guid,
        deck_id: r.get(2)?,
        deck: r.get(3)?,
        stage: draft.stage,
        kind: draft.kind,
        front: draft.front,
        back: draft.back,
        choices: draft.choices,
        tags: draft.tags,
        key_points: draft.key_points,
        note: draft.note,
        sql: draft.sql,
        suspended: r.get(4)?,
        state,
    })
}

/// `(?, ?, ?)` for `n` parameters.
pub(super) fn placeholders(n: usize) -> String {
    let mut s = "?,".repeat(n);
    s.pop();
    format!("({s})")
}

impl Store {
    pub fn card(&self, id: CardId) -> Result<Option<Card>> {
        let sql = format!("SELECT {} {CARD_FROM} WHERE c.id = ?1", card_columns());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row([id], card_from_row).optional()?)
    }

    pub fn card_by_guid(&self, guid: &str) -> Result<Option<Card>> {
        let sql = format!("SELECT {} {CARD_FROM} WHERE c.guid = ?1", card_columns());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row([guid], card_from_row).optional()?)
    }

    /// A card by its id (`python/definition`) or its number.
    pub fn find_card(&self, key: &str) -> Result<Option<Card>> {
        if let Some(card) = self.card_by_guid(key)? {
            return Ok(Some(card));
        }
        match key.parse::<i64>() {
            Ok(n) => self.card(CardId(n)),
            Err(_) => Ok(None),
        }
    }

    /// Cards matching `filter`, by deck, stage and position.
    pub fn cards(&self, filter: &CardFilter) -> Result<Vec<Card>> {
        let mut found = Vec::new();
        self.each_card(filter, |c| {
            found.push(c);
            Ok::<_, StoreError>(())
        })?;
        Ok(found)
    }

    /// `cards`, one at a time: `f` sees each card as it is read, so a listing of a
    /// million cards never holds them all.
    pub fn each_card<E: From<StoreError>>(
        &self,
        filter: &CardFilter,
        mut f: impl FnMut(Card) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut sql = format!("SELECT {} {CARD_FROM} WHERE 1", card_columns());
        let mut args: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(ids) = &filter.deck_ids {
            sql.push_str(&format!(" AND c.deck_id IN {}", placeholders(ids.len())));
            args.extend(ids.iter().map(|&i| Box::new(i) as Box<dyn ToSql>));
        }
        if let Some(day) = filter.due_by {
            sql.push_str(" AND s.due_day <= ?");
            args.push(Box::new(day));
        }
        if let Some(tag) = &filter.tag {
            sql.push_str(" AND (' ' || c.tags || ' ') LIKE ('% ' || ? || ' %')");
            args.push(Box::new(tag.clone()));
        }
        if let Some(stage) = filter.stage {
            sql.push_str(" AND c.stage = ?");
            args.push(Box::new(stage.number()));
        }
        if let Some(n) = filter.min_lapses {
            sql.push_str(" AND s.lapses >= ?");
            args.push(Box::new(n));
        }
        if !filter.include_suspended {
            sql.push_str(" AND c.suspended = 0");
        }
        if let Some(m) = &filter.matching {
            let mut values = Vec::new();
            sql.push_str(&super::search::listing_sql(m, filter.today, &mut values));
            args.extend(values.into_iter().map(|v| Box::new(v) as Box<dyn ToSql>));
        }
        sql.push_str(" ORDER BY d.name, c.stage, c.ord, c.id");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), card_from_row)
            .map_err(StoreError::from)?;
        for card in rows {
            f(card.map_err(StoreError::from)?)?;
        }
        Ok(())
    }

    /// Runs `f` on one snapshot of the database: reads that take several passes (a
    /// listing measured, then printed) see the same rows even while another process writes.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn.execute_batch("BEGIN").map_err(StoreError::from)?;
        let out = f(self);
        // Nothing was written: ending the read transaction cannot lose anything.
        let _ = self.conn.execute_batch("COMMIT");
        out
    }

    /// Today's candidates for the review queue, at most `max_reviews` due and `max_new` new.
    pub fn queue_candidates(
        &self,
        today: Day,
        deck_ids: Option<&[i64]>,
        max_reviews: usize,
        max_new: usize,
        gating: bool,
    ) -> Result<Candidates> {
        let (deck_sql, deck_args): (String, Vec<i64>) = match deck_ids {
            Some(ids) => (
                format!(" AND c.deck_id IN {}", placeholders(ids.len())),
                ids.to_vec(),
            ),
            None => (String::new(), Vec::new()),
        };
        let relearn = self.relearn_pending(today, &deck_sql, &deck_args)?;
        let due_sql = format!(
            "SELECT s.card_id, s.due_day FROM card_state s INDEXED BY card_state_due
             WHERE s.due_day <= ? AND s.suspended = 0{}
             ORDER BY s.due_day, s.card_id LIMIT ?",
            // A state carries its card's deck (migration 3): no card row is read.
            deck_sql.replace("c.deck_id", "s.deck_id")
        );
        let mut args: Vec<i64> = vec![today];
        args.extend(&deck_args);
        args.push(max_reviews as i64);
        let mut stmt = self.conn.prepare_cached(&due_sql)?;
        let due = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(DueCard {
                    id: r.get(0)?,
                    due_day: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The gate is core::queue::stage_unlocked; it is repeated here in SQL only so
        // that the LIMIT counts unlocked cards, and the core applies it again.
        let gate = if gating {
            " AND c.stage <= d.level + 1"
        } else {
            ""
        };
        let new_sql = format!(
            "SELECT c.id, c.stage, d.level FROM cards c INDEXED BY cards_new_order
             CROSS JOIN decks d ON d.id = c.deck_id
             WHERE c.suspended = 0 AND NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id)
             {deck_sql}{gate}
             ORDER BY c.stage, c.deck_id, c.ord, c.id LIMIT ?"
        );
        let mut args: Vec<i64> = deck_args.clone();
        args.push(max_new as i64);
        let mut stmt = self.conn.prepare_cached(&new_sql)?;
        let new = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                let stage: i64 = r.get(1)?;
                Ok(NewCard {
                    id: r.get(0)?,
                    stage: Stage::from_number(stage)
                        .ok_or_else(|| conversion_error(1, format!("bad stage {stage}")))?,
                    deck_level: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Candidates { relearn, due, new })
    }

    /// Cards answered on schedule today with the grade and mode of their last answer and
    /// their repeats, in the order of those answers; the scheduler decides which come back (`core::queue`).
    fn relearn_pending(
        &self,
        today: Day,
        deck_sql: &str,
        deck_args: &[i64],
    ) -> Result<Vec<AnsweredToday>> {
        // SQLite takes a bare column of a max() aggregate from the row holding the maximum:
        // `quality` is the quality of each card's last answer of the day.
        let sql = format!(
            "SELECT last.card_id, last.quality, last.mode = 'relearn', last.repeats FROM
               (SELECT card_id, quality, mode, max(id) AS last_id,
                       sum(mode = 'relearn') AS repeats FROM reviews
                WHERE day = ? AND mode IN ('review', 'relearn') GROUP BY card_id) AS last
             CROSS JOIN cards c ON c.id = last.card_id
             WHERE c.suspended = 0{deck_sql}
             ORDER BY last.last_id"
        );
        let mut args = vec![today];
        args.extend(deck_args);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
            Ok(AnsweredToday {
                id: r.get(0)?,
                last: Quality::clamped(r.get(1)?),
                last_was_repeat: r.get(2)?,
                repeats: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Several cards by number, in a few queries rather than one per card.
    pub fn cards_by_ids(&self, ids: &[CardId]) -> Result<Vec<Card>> {
        let mut cards = Vec::with_capacity(ids.len());
        // Batches keep each statement under SQLite's limit on parameters.
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT {} {CARD_FROM} WHERE c.id IN {}",
                card_columns(),
                placeholders(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(chunk.iter()), card_from_row)?;
            for card in rows {
                cards.push(card?);
            }
        }
        Ok(cards)
    }

    /// Suspends or unsuspends a card (an event for sync: the later one wins).
    pub fn set_suspended(&self, card_id: CardId, suspended: bool) -> Result<()> {
        let now_ms = self.now_ms();
        let tx = self.conn.unchecked_transaction()?;
        let guid: Option<String> = tx
            .query_row(
                "UPDATE cards SET suspended = ?2 WHERE id = ?1 RETURNING guid",
                rusqlite::params![card_id, suspended],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(guid) = guid {
            super::events::record(
                &tx,
                crate::core::sync::EventKind::Suspend,
                &guid,
                &serde_json::json!({ "on": suspended }),
                now_ms,
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
