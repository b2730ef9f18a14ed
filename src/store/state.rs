//! The store's mapping of a card's scheduling state: `card_state` rows and the state kept
//! before and after each answer in `reviews`. The one place that knows those columns.

use rusqlite::types::Value;
use rusqlite::{Connection, Row, Statement, params};

use crate::core::model::CardId;
use crate::core::schedule::{CardState, FsrsMemory, Memory};

/// The columns of `card_state` (aliased `s`) that `from_row` reads, in its order.
pub(super) const COLUMNS: &str = "s.reps, s.ef, s.interval_days, s.due_day, s.lapses, s.last_quality, s.last_reviewed_at, s.mastered, s.retained_days, s.stability, s.difficulty";

/// The state in the eleven columns from `first` on (as `COLUMNS` lists them, or a review's
/// `prev_`/`new_` columns); `None` when the card has none (never answered).
pub(super) fn from_row(r: &Row<'_>, first: usize) -> rusqlite::Result<Option<CardState>> {
    let Some(reps) = r.get::<_, Option<u32>>(first)? else {
        return Ok(None);
    };
    Ok(Some(CardState {
        reps,
        memory: Memory {
            ease: r.get(first + 1)?,
            fsrs: fsrs_memory(r.get(first + 9)?, r.get(first + 10)?),
        },
        interval_days: r.get(first + 2)?,
        due_day: r.get(first + 3)?,
        lapses: r.get(first + 4)?,
        last_quality: r.get(first + 5)?,
        last_reviewed_at: r.get(first + 6)?,
        mastered: r.get(first + 7)?,
        // Answers logged before migration 6 may have none: nothing was shown retained.
        retained_days: r.get::<_, Option<u32>>(first + 8)?.unwrap_or(0),
    }))
}

/// FSRS's memory from its two columns: both finite, or none (a damaged value is not a
/// state FSRS could go on from; a switch to FSRS computes it again).
fn fsrs_memory(stability: Option<f64>, difficulty: Option<f64>) -> Option<FsrsMemory> {
    match (stability, difficulty) {
        (Some(s), Some(d)) if s.is_finite() && d.is_finite() && s > 0.0 => Some(FsrsMemory {
            stability: s as f32,
            difficulty: d as f32,
        }),
        _ => None,
    }
}

/// `card_state`'s columns, in the order `values` gives them.
const WRITE_COLUMNS: &str = "card_id, reps, ef, interval_days, due_day, lapses, last_quality,
    last_reviewed_at, mastered, retained_days, stability, difficulty";

/// Sets a card's state, replacing the one it had.
pub(super) fn write(conn: &Connection, card_id: CardId, s: &CardState) -> rusqlite::Result<()> {
    // A first state is inserted already placed (its card's deck, stage, suspension and
    // level flag), so the row is written once (migration 10); a later one keeps its place.
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO card_state ({WRITE_COLUMNS}, deck_id, stage, suspended, levelled)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                c.deck_id, c.stage, c.suspended, c.levelled
         FROM cards c WHERE c.id = ?1
         ON CONFLICT (card_id) DO UPDATE SET reps = excluded.reps, ef = excluded.ef,
           interval_days = excluded.interval_days, due_day = excluded.due_day,
           lapses = excluded.lapses, last_quality = excluded.last_quality,
           last_reviewed_at = excluded.last_reviewed_at, mastered = excluded.mastered,
           retained_days = excluded.retained_days, stability = excluded.stability,
           difficulty = excluded.difficulty"
    ))?;
    execute(&mut stmt, card_id.0, s)?;
    Ok(())
}

/// Runs an insert of `card_state`'s columns, in their order, for `s`.
fn execute(stmt: &mut Statement<'_>, card_id: i64, s: &CardState) -> rusqlite::Result<usize> {
    let [
        reps,
        ef,
        interval,
        due,
        lapses,
        quality,
        at,
        mastered,
        retained,
        stability,
        difficulty,
    ] = prev_values(Some(s));
    stmt.execute(params![
        card_id, reps, ef, interval, due, lapses, quality, at, mastered, retained, stability,
        difficulty
    ])
}

/// Gives a card its first state; a card that already has one keeps it. Returns 1 if the
/// state was written.
pub(super) fn write_first(
    conn: &Connection,
    card_id: i64,
    s: &CardState,
) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(&format!(
        "INSERT INTO card_state ({WRITE_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (card_id) DO NOTHING"
    ))?;
    execute(&mut stmt, card_id, s)
}

/// The review log's columns for the state before an answer, in `from_row`'s order.
pub(super) const PREV_COLUMNS: &str =
    "prev_reps, prev_ef, prev_interval, prev_due_day, prev_lapses,
    prev_last_quality, prev_last_reviewed_at, prev_mastered, prev_retained_days,
    prev_stability, prev_difficulty";

/// The review log's columns for the state after an answer. The log has no `new_` copy of
/// the last grade and time: they are the answer's own.
pub(super) const NEW_COLUMNS: &str = "new_reps, new_ef, new_interval, new_due_day, new_lapses,
    new_mastered, new_retained_days, new_stability, new_difficulty";

/// How many values `prev_values` and `new_values` give.
pub(super) const PREV_COUNT: usize = 11;
pub(super) const NEW_COUNT: usize = 9;

/// Values for `PREV_COLUMNS`.
pub(super) fn prev_values(s: Option<&CardState>) -> [Value; PREV_COUNT] {
    let int = |f: fn(&CardState) -> i64| s.map_or(Value::Null, |s| Value::Integer(f(s)));
    let real = |f: fn(&FsrsMemory) -> f32| {
        s.and_then(|s| s.memory.fsrs)
            .map_or(Value::Null, |m| Value::Real(f64::from(f(&m))))
    };
    [
        int(|s| s.reps.into()),
        int(|s| s.memory.ease.into()),
        int(|s| s.interval_days.into()),
        int(|s| s.due_day),
        int(|s| s.lapses.into()),
        int(|s| s.last_quality.into()),
        int(|s| s.last_reviewed_at),
        int(|s| s.mastered.into()),
        int(|s| s.retained_days.into()),
        real(|m| m.stability),
        real(|m| m.difficulty),
    ]
}

/// Values for `NEW_COLUMNS`.
pub(super) fn new_values(s: Option<&CardState>) -> [Value; NEW_COUNT] {
    let [
        reps,
        ease,
        interval,
        due,
        lapses,
        _,
        _,
        mastered,
        retained,
        stability,
        difficulty,
    ] = prev_values(s);
    [
        reps, ease, interval, due, lapses, mastered, retained, stability, difficulty,
    ]
}
