//! The review log: committing answers durably, undoing the last one, and the day's counts.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, TransactionBehavior, params_from_iter};

use super::levels::{LevelChange, LevelCheck};
use super::{Result, Store, StoreError, state};
use crate::core::day::Day;
use crate::core::model::{CardId, ReviewId, ReviewMode};
use crate::core::session::Answer;
use crate::core::sync::EventKind;

/// What was already done on a study day, for the daily limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// New cards introduced (first scheduled answer).
    pub new: u32,
    /// Scheduled reviews of cards seen before.
    pub reviews: u32,
}

/// One logged answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub card_id: CardId,
    pub reviewed_at: i64,
    pub day: Day,
    pub quality: u8,
    pub mode: ReviewMode,
    pub duration_ms: i64,
    pub answer: Option<String>,
}

impl Store {
    /// Logs an answer and applies its new state, in one durable transaction; returns the
    /// review's id. When this returns, the answer survives a crash or power cut.
    pub fn record_answer(&mut self, a: &Answer) -> Result<ReviewId> {
        Ok(self.record_answer_and_level(a, None)?.0)
    }

    /// `record_answer`, and with `level` the level rule applied to the card's skill in the
    /// same transaction: one commit (one sync to disk) for the answer and the change of
    /// level it brings.
    pub fn record_answer_and_level(
        &mut self,
        a: &Answer,
        level: Option<&LevelCheck<'_>>,
    ) -> Result<(ReviewId, Option<LevelChange>)> {
        self.write_tx(|s| {
            let id = s.log_answer(a)?;
            let change = match level {
                Some(check) => s.level_step(a.deck_id, check, "answer")?,
                None => None,
            };
            Ok((id, change))
        })
    }

    /// The review row and the card's new state, in the caller's transaction.
    fn log_answer(&self, a: &Answer) -> Result<ReviewId> {
        let (p, n) = (a.prev.as_ref(), a.next.as_ref());
        let sql = format!(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms, answer,
                asked, stepped, uid, hlc, {}, {})
             VALUES {}",
            state::PREV_COLUMNS,
            state::NEW_COLUMNS,
            super::cards::placeholders(11 + state::PREV_COUNT + state::NEW_COUNT)
        );
        // The answer's event id and clock, written with its row (sync, `store::events`).
        let (hlc, uid) = super::events::mint_answer(&self.conn, a.reviewed_at)?;
        let head: [Value; 11] = [
            a.card_id.0.into(),
            a.reviewed_at.into(),
            a.day.into(),
            i64::from(a.quality.value()).into(),
            a.mode.as_str().to_string().into(),
            a.duration_ms.into(),
            a.typed.clone().into(),
            a.asked.as_str().to_string().into(),
            // What a replay steps through (`core::sync::replay`).
            i64::from(a.rescheduled()).into(),
            uid.into(),
            hlc.0.into(),
        ];
        let values = head
            .into_iter()
            .chain(state::prev_values(p))
            .chain(state::new_values(n));
        self.conn
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        let id = ReviewId(self.conn.last_insert_rowid());
        if let (true, Some(next)) = (a.rescheduled(), n) {
            state::write(&self.conn, a.card_id, next)?;
        }
        Ok(id)
    }

    /// Deletes review `id` and puts its card's state back to what it was before it.
    /// Used by `:undo`, the one place history is removed, at the user's request; the
    /// undo is an event that retracts the answer on every device.
    pub fn undo_review(&mut self, id: ReviewId) -> Result<()> {
        let now_ms = self.now_ms();
        let algorithm = self.algorithm()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let sql = format!(
            "SELECT card_id,
                    stepped = 1 OR new_reps IS NOT prev_reps OR new_ef IS NOT prev_ef
                      OR new_interval IS NOT prev_interval OR new_due_day IS NOT prev_due_day
                      OR new_lapses IS NOT prev_lapses OR new_mastered IS NOT prev_mastered
                      OR new_retained_days IS NOT prev_retained_days
                      OR new_stability IS NOT prev_stability
                      OR new_difficulty IS NOT prev_difficulty,
                    {}
             FROM reviews WHERE id = ?1",
            state::PREV_COLUMNS
        );
        let row = tx
            .query_row(&sql, [id.0], |r| {
                Ok((
                    r.get::<_, CardId>(0)?,
                    r.get::<_, bool>(1)?,
                    state::from_row(r, 2)?,
                ))
            })
            .optional()?;
        let Some((card_id, changed, prev)) = row else {
            return Err(StoreError::Invalid(format!(
                "review {} is not in the log",
                id.0
            )));
        };
        let (uid, hlc, guid, later): (String, i64, String, bool) = tx.query_row(
            "SELECT r.uid, r.hlc, c.guid, EXISTS (SELECT 1 FROM reviews l
                 WHERE l.card_id = r.card_id AND l.stepped = 1 AND (l.hlc, l.uid) > (r.hlc, r.uid))
             FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        // The undo carries the answer it retracts: a device that never got the answer
        // still learns the state it started from (`store::sync`'s replay base).
        let answer: String = tx.query_row(
            "SELECT body FROM answer_events WHERE review_id = ?1",
            [id.0],
            |r| r.get(0),
        )?;
        let answer: serde_json::Value = serde_json::from_str(&answer)
            .map_err(|e| StoreError::Invalid(format!("review {} cannot be read ({e})", id.0)))?;
        super::events::record(
            &tx,
            EventKind::Undo,
            &guid,
            &serde_json::json!({ "answer": uid, "hlc": hlc, "logged": answer }),
            now_ms,
        )?;
        tx.execute("DELETE FROM reviews WHERE id = ?1", [id.0])?;
        match (changed, prev) {
            (false, _) => {}
            // Another device's answer (brought by sync) came after it: replay the rest.
            (true, _) if later => super::sync::replay_after_undo(&tx, &algorithm, card_id, &guid)?,
            (true, Some(prev)) => state::write(&tx, card_id, &prev)?,
            (true, None) => {
                tx.execute("DELETE FROM card_state WHERE card_id = ?1", [card_id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// New cards introduced and reviews done on `day`.
    pub fn day_counts(&self, day: Day) -> Result<DayCounts> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(sum(prev_reps IS NULL), 0), coalesce(sum(prev_reps IS NOT NULL), 0)
             FROM reviews WHERE day = ?1 AND mode = 'review'",
        )?;
        Ok(stmt.query_row([day], |r| {
            Ok(DayCounts {
                new: r.get(0)?,
                reviews: r.get(1)?,
            })
        })?)
    }

    /// A card's answers, oldest first.
    pub fn reviews_of(&self, card_id: CardId) -> Result<Vec<ReviewRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, card_id, reviewed_at, day, quality, mode, duration_ms, answer
             FROM reviews WHERE card_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([card_id], |r| {
            let mode: String = r.get(5)?;
            Ok(ReviewRow {
                id: ReviewId(r.get(0)?),
                card_id: r.get(1)?,
                reviewed_at: r.get(2)?,
                day: r.get(3)?,
                quality: r.get(4)?,
                mode: mode.parse().map_err(|e: String| {
                    rusqlite::Error::FromSqlConversionFailure(
                        5,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?,
                duration_ms: r.get(6)?,
                answer: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Cards (not suspended) due on or before `day`, within `deck_ids` when given.
    pub fn due_count(&self, day: Day, deck_ids: Option<&[i64]>) -> Result<u32> {
        let (deck_sql, mut args) = deck_clause(deck_ids);
        args.insert(0, day);
        let sql = format!(
            "SELECT count(*) FROM card_state s INDEXED BY card_state_due
             WHERE s.due_day <= ? AND s.suspended = 0{deck_sql}"
        );
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
    }

    /// The earliest due day of any card (not suspended), within `deck_ids` when given.
    pub fn next_due_day(&self, deck_ids: Option<&[i64]>) -> Result<Option<Day>> {
        let (deck_sql, args) = deck_clause(deck_ids);
        let sql = format!(
            "SELECT min(s.due_day) FROM card_state s INDEXED BY card_state_due
             WHERE s.suspended = 0{deck_sql}"
        );
        Ok(self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args.iter()), |r| r.get(0))?)
    }

    /// Number of answers logged in all.
    pub fn review_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))?)
    }
}

/// `AND s.deck_id IN (…)` on a card state (which carries its card's deck, migration 3).
pub(super) fn deck_clause(deck_ids: Option<&[i64]>) -> (String, Vec<i64>) {
    match deck_ids {
        Some(ids) => (
            format!(
                " AND s.deck_id IN {}",
                super::cards::placeholders(ids.len())
            ),
            ids.to_vec(),
        ),
        None => (String::new(), Vec::new()),
    }
}
