//! Which scheduler is in use and switching between them: FSRS's parameters, the answers a
//! card's memory is computed from, SM-2's schedule parked while FSRS runs. Every switch is
//! one transaction; the review log is read, never changed.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Result, Store, StoreError, state};
use crate::core::config::SchedulerName;
use crate::core::fsrs::history::LoggedAnswer;
use crate::core::fsrs::switch::{Source, adopt};
use crate::core::fsrs::{self, FsrsConfig, PARAMETER_COUNT};
use crate::core::model::{CardId, ReviewMode};
use crate::core::schedule::{Algorithm, CardState, Memory, Quality};
use crate::core::sm2;

/// The `config` key FSRS's fitted parameters are kept under (set by `recall optimize`).
const PARAMETERS_KEY: &str = "fsrs.parameters";

/// A scheduled answer as SM-2 replays it: study day, grade, UTC ms.
type Scheduled = (i64, Quality, i64);

/// What a switch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SwitchReport {
    /// Cards with a schedule, all of them switched.
    pub cards: usize,
    /// FSRS: memory computed from the card's own history.
    pub from_history: usize,
    /// FSRS: memory estimated from the SM-2 schedule (no history).
    pub from_sm2: usize,
    /// SM-2: scheduled answers given under FSRS that SM-2 replayed.
    pub replayed: usize,
    /// The setting already named this scheduler: nothing was changed.
    pub unchanged: bool,
}

/// The SM-2 columns of `sm2_parked` and `card_state`, in `state::from_row`'s order (less
/// FSRS's two).
const SM2_COLUMNS: &str = "reps, ef, interval_days, due_day, lapses, last_quality, last_reviewed_at, mastered, retained_days";

impl Store {
    /// FSRS's parameters (the fitted ones once `recall optimize` stored them) and the
    /// desired retention.
    pub fn fsrs_config(&self) -> Result<FsrsConfig> {
        let settings = self.settings()?;
        let parameters = self
            .config_value(PARAMETERS_KEY)?
            .and_then(|text| fsrs::parse_parameters(&text))
            .unwrap_or(::fsrs::DEFAULT_PARAMETERS);
        Ok(FsrsConfig {
            parameters,
            desired_retention: settings.desired_retention as f32 / 100.0,
        })
    }

    /// Whether FSRS's parameters are fitted ones.
    pub fn fsrs_fitted(&self) -> Result<bool> {
        Ok(self
            .config_value(PARAMETERS_KEY)?
            .and_then(|t| fsrs::parse_parameters(&t))
            .is_some())
    }

    /// Stores parameters `recall optimize` fitted.
    pub fn set_fsrs_parameters(&self, parameters: &[f32; PARAMETER_COUNT]) -> Result<()> {
        self.set_config(PARAMETERS_KEY, &fsrs::format_parameters(parameters))
    }

    /// The scheduler the settings name, ready to schedule.
    pub fn algorithm(&self) -> Result<Algorithm> {
        Ok(match self.settings()?.scheduler {
            SchedulerName::Sm2 => Algorithm::Sm2,
            SchedulerName::Fsrs => Algorithm::Fsrs(self.fsrs_config()?),
        })
    }

    /// The states of the cards due on `today` or before (not suspended), within
    /// `deck_ids` when given.
    pub fn due_states(&self, today: i64, deck_ids: Option<&[i64]>) -> Result<Vec<CardState>> {
        let (deck_sql, mut args) = super::reviews::deck_clause(deck_ids);
        args.insert(0, today);
        let sql = format!(
            "SELECT {} FROM card_state s INDEXED BY card_state_due
             WHERE s.due_day <= ? AND s.suspended = 0{deck_sql}",
            state::COLUMNS
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            state::from_row(r, 0)
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.extend(row?);
        }
        Ok(out)
    }

    /// Every logged answer (or those of one card), each card's oldest first.
    pub fn answer_log(&self, card: Option<CardId>) -> Result<Vec<LoggedAnswer>> {
        answer_log(&self.conn, card)
    }

    /// Under FSRS, every card's memory computed again from its history with the stored
    /// parameters (after `recall optimize`); due days stay as they are, and the new
    /// parameters schedule each card from its next answer. Nothing to do under SM-2.
    pub fn refresh_fsrs_memory(&mut self) -> Result<usize> {
        if self.settings()?.scheduler != SchedulerName::Fsrs {
            return Ok(0);
        }
        let config = self.fsrs_config()?;
        let model = config.model();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut by_card: HashMap<CardId, Vec<LoggedAnswer>> = HashMap::new();
        for a in answer_log(&tx, None)? {
            by_card.entry(a.card_id).or_default().push(a);
        }
        let mut changed = 0;
        for (id, s) in states(&tx)? {
            let answers = by_card.get(&id).map(Vec::as_slice).unwrap_or_default();
            let (adopted, _) = adopt(&config, &model, &s, answers);
            let next = CardState {
                memory: adopted.memory,
                mastered: adopted.mastered,
                ..s
            };
            if next != s {
                state::write(&tx, id, &next)?;
                changed += 1;
            }
        }
        super::sync::note_rebuilt(&tx)?;
        tx.commit()?;
        Ok(changed)
    }

    /// Switches every card to scheduler `to` and records the setting, in one transaction.
    pub fn switch_scheduler(&mut self, to: SchedulerName) -> Result<SwitchReport> {
        if self.settings()?.scheduler == to {
            return Ok(SwitchReport {
                unchanged: true,
                ..SwitchReport::default()
            });
        }
        let config = self.fsrs_config()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let report = match to {
            SchedulerName::Fsrs => to_fsrs(&tx, &config)?,
            SchedulerName::Sm2 => to_sm2(&tx)?,
        };
        tx.execute(
            "INSERT INTO config (key, value) VALUES ('scheduler', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [to.as_str()],
        )?;
        super::sync::note_rebuilt(&tx)?;
        tx.commit()?;
        Ok(report)
    }
}

pub(super) fn answer_log(
    conn: &rusqlite::Connection,
    card: Option<CardId>,
) -> Result<Vec<LoggedAnswer>> {
    let mut sql = String::from("SELECT card_id, reviewed_at, day, quality, mode FROM reviews");
    if card.is_some() {
        sql.push_str(" WHERE card_id = ?1");
    }
    sql.push_str(" ORDER BY card_id, reviewed_at, id");
    let mut stmt = conn.prepare(&sql)?;
    let map = |r: &rusqlite::Row<'_>| {
        let mode: String = r.get(4)?;
        Ok((
            r.get::<_, CardId>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, u8>(3)?,
            mode,
        ))
    };
    let rows = match card {
        Some(id) => stmt
            .query_map([id], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        None => stmt
            .query_map([], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    rows.into_iter()
        .map(|(card_id, reviewed_at, day, quality, mode)| {
            let mode: ReviewMode = mode.parse().map_err(|e: String| StoreError::Invalid(e))?;
            Ok(LoggedAnswer {
                card_id,
                reviewed_at,
                day,
                quality: Quality::clamped(quality),
                mode,
            })
        })
        .collect()
}

/// Every card with a schedule, with its state.
fn states(conn: &rusqlite::Connection) -> Result<Vec<(CardId, CardState)>> {
    let sql = format!(
        "SELECT s.card_id, {} FROM card_state s ORDER BY s.card_id",
        state::COLUMNS
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, CardId>(0)?, state::from_row(r, 1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        if let (id, Some(s)) = row? {
            out.push((id, s));
        }
    }
    Ok(out)
}

/// Parks SM-2's schedule of every card, then gives every card its FSRS state.
fn to_fsrs(tx: &rusqlite::Transaction<'_>, config: &FsrsConfig) -> Result<SwitchReport> {
    tx.execute("DELETE FROM sm2_parked", [])?;
    tx.execute(
        &format!(
            "INSERT INTO sm2_parked (card_id, {SM2_COLUMNS})
             SELECT card_id, {SM2_COLUMNS} FROM card_state"
        ),
        [],
    )?;
    let model = config.model();
    let mut by_card: HashMap<CardId, Vec<LoggedAnswer>> = HashMap::new();
    for a in answer_log(tx, None)? {
        by_card.entry(a.card_id).or_default().push(a);
    }
    let mut report = SwitchReport::default();
    for (id, s) in states(tx)? {
        let answers = by_card.get(&id).map(Vec::as_slice).unwrap_or_default();
        let (next, source) = adopt(config, &model, &s, answers);
        report.cards += 1;
        match source {
            Source::History => report.from_history += 1,
            Source::Sm2 => report.from_sm2 += 1,
            Source::Unchanged => {}
        }
        state::write(tx, id, &next)?;
    }
    Ok(report)
}

/// The scheduled answers of each card after `since` UTC ms (per card), for SM-2 to replay:
/// the first showing of a card in a review session, and drills that rescheduled.
fn scheduled_answers(tx: &rusqlite::Transaction<'_>) -> Result<HashMap<CardId, Vec<Scheduled>>> {
    let mut stmt = tx.prepare(
        "SELECT card_id, day, quality, reviewed_at FROM reviews
         WHERE mode = 'review'
            OR (mode = 'drill' AND new_reps IS NOT NULL
                AND (prev_reps IS NULL OR new_reps IS NOT prev_reps
                     OR new_interval IS NOT prev_interval OR new_due_day IS NOT prev_due_day
                     OR new_stability IS NOT prev_stability))
         ORDER BY card_id, reviewed_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, CardId>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, u8>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out: HashMap<CardId, Vec<Scheduled>> = HashMap::new();
    for row in rows {
        let (id, day, q, at) = row?;
        out.entry(id)
            .or_default()
            .push((day, Quality::clamped(q), at));
    }
    Ok(out)
}

/// Puts SM-2's parked schedule back, brought up to date with the scheduled answers given
/// since, and empties the park.
fn to_sm2(tx: &rusqlite::Transaction<'_>) -> Result<SwitchReport> {
    let answers = scheduled_answers(tx)?;
    let mut report = SwitchReport::default();
    for (id, now) in states(tx)? {
        let parked = parked(tx, id)?;
        let since = parked.map_or(i64::MIN, |p| p.last_reviewed_at);
        let later: Vec<Scheduled> = answers
            .get(&id)
            .map(|a| a.iter().copied().filter(|&(_, _, at)| at > since).collect())
            .unwrap_or_default();
        report.cards += 1;
        report.replayed += later.len();
        let start = parked.map(|p| CardState {
            memory: Memory {
                ease: p.memory.ease,
                fsrs: now.memory.fsrs,
            },
            ..p
        });
        let Some(mut next) = sm2::replay(start, later) else {
            // Never answered on schedule and nothing parked: keep what it has.
            continue;
        };
        next.memory.fsrs = now.memory.fsrs;
        state::write(tx, id, &next)?;
    }
    tx.execute("DELETE FROM sm2_parked", [])?;
    Ok(report)
}

/// SM-2's parked schedule of a card.
fn parked(tx: &rusqlite::Transaction<'_>, id: CardId) -> Result<Option<CardState>> {
    let sql = format!("SELECT {SM2_COLUMNS}, NULL, NULL FROM sm2_parked WHERE card_id = ?1");
    Ok(tx
        .prepare_cached(&sql)?
        .query_row(params![id], |r| state::from_row(r, 0))
        .optional()?
        .flatten())
}
