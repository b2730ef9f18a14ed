//! The store's mapping of a card's scheduling state: `card_state` rows and the state kept
//! before and after each answer in `reviews`. The one place that knows those columns.

use rusqlite::{Connection, Row, Statement, params};

use crate::core::model::CardId;
use crate::core::schedule::{CardState, Memory};

/// The columns of `card_state` (aliased `s`) that `from_row` reads, in its order.
pub(super) const COLUMNS: &str = "s.reps, s.ef, s.interval_days, s.due_day, s.lapses, s.last_quality, s.last_reviewed_at, s.mastered, s.retained_days";

/// The state in the nine columns from `first` on (as `COLUMNS` lists them, or a review's
/// `prev_`/`new_` columns); `None` when the card has none (never answered).
pub(super) fn from_row(r: &Row<'_>, first: usize) -> rusqlite::Result<Option<CardState>> {
    let Some(reps) = r.get::<_, Option<u32>>(first)? else {
        return Ok(None);
    };
    Ok(Some(CardState {
        reps,
        memory: Memory {
            ease: r.get(first + 1)?,
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

/// Sets a card's state, replacing the one it had.
pub(super) fn write(conn: &Connection, card_id: CardId, s: &CardState) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses, last_quality,
                                 last_reviewed_at, mastered, retained_days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (card_id) DO UPDATE SET reps = excluded.reps, ef = excluded.ef,
           interval_days = excluded.interval_days, due_day = excluded.due_day,
           lapses = excluded.lapses, last_quality = excluded.last_quality,
           last_reviewed_at = excluded.last_reviewed_at, mastered = excluded.mastered,
           retained_days = excluded.retained_days",
    )?;
    execute(&mut stmt, card_id.0, s)?;
    Ok(())
}

/// Runs an insert of `card_state`'s ten columns, in their order, for `s`.
fn execute(stmt: &mut Statement<'_>, card_id: i64, s: &CardState) -> rusqlite::Result<usize> {
    stmt.execute(params![
        card_id,
        s.reps,
        s.memory.ease,
        s.interval_days,
        s.due_day,
        s.lapses,
        s.last_quality,
        s.last_reviewed_at,
        s.mastered,
        s.retained_days
    ])
}

/// Gives a card its first state; a card that already has one keeps it. Returns 1 if the
/// state was written.
pub(super) fn write_first(
    conn: &Connection,
    card_id: i64,
    s: &CardState,
) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses, last_quality,
                                 last_reviewed_at, mastered, retained_days)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (card_id) DO NOTHING",
    )?;
    execute(&mut stmt, card_id, s)
}

/// The review log's columns for the state before an answer, in `from_row`'s order.
pub(super) const PREV_COLUMNS: &str =
    "prev_reps, prev_ef, prev_interval, prev_due_day, prev_lapses,
    prev_last_quality, prev_last_reviewed_at, prev_mastered, prev_retained_days";

/// The review log's columns for the state after an answer. The log has no `new_` copy of
/// the last grade and time: they are the answer's own.
pub(super) const NEW_COLUMNS: &str =
    "new_reps, new_ef, new_interval, new_due_day, new_lapses, new_mastered, new_retained_days";

/// Values for `PREV_COLUMNS`.
pub(super) fn prev_values(s: Option<&CardState>) -> [rusqlite::types::Value; 9] {
    use rusqlite::types::Value;
    let int = |f: fn(&CardState) -> i64| s.map_or(Value::Null, |s| Value::Integer(f(s)));
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
    ]
}

/// Values for `NEW_COLUMNS`.
pub(super) fn new_values(s: Option<&CardState>) -> [rusqlite::types::Value; 7] {
    let [reps, ease, interval, due, lapses, _, _, mastered, retained] = prev_values(s);
    [reps, ease, interval, due, lapses, mastered, retained]
}
