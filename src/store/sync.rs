//! Sync's side of the database (`recall sync`): one transaction in which other devices'
//! events are applied by their rules and the cards they touch replayed, this device's
//! events are handed out for its journal, and how far each journal was read is kept.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

use super::events::{self, Device};
use super::trash::{self, Columns, TrashSql};
use super::{Result, Store, StoreError, state};
use crate::core::schedule::{Algorithm, CardState, Quality};
use crate::core::sync::replay::{self, Step};
use crate::core::sync::{Event, EventKind, Hlc};

/// How far one journal file has been read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadPoint {
    pub offset: u64,
    pub lines: u64,
}

/// What applying a batch of events did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    /// New events, by kind.
    pub new: BTreeMap<String, usize>,
    /// Events this database had already (read twice, or its own).
    pub known: usize,
    /// Cards whose answers or state were recomputed.
    pub replayed: usize,
    /// Devices whose clock is ahead of this one's, with how far (ms).
    pub ahead: Vec<(String, i64)>,
}

impl Applied {
    #[must_use]
    pub fn new_count(&self) -> usize {
        self.new.values().sum()
    }
}

/// An open sync: everything happens in one write transaction, committed by `commit`
/// and rolled back when dropped without (a dry run, or a failure).
pub struct SyncTx<'s> {
    conn: &'s Connection,
    algorithm: Algorithm,
    now_ms: i64,
    open: bool,
    /// This device's id.
    own: String,
    /// The last event row before this sync: later ones came in with it.
    before: i64,
    /// What came in so far.
    applied: Applied,
    ahead: HashMap<String, i64>,
    /// The latest clock reading taken in.
    seen: Hlc,
    /// The last row of the log before this sync.
    last_review: i64,
    /// Whether any deck was ever renamed (else a card's deck needs no lookup of renames).
    renames: bool,
    /// Answers taken in (`temp.sync_answers`), before those already here are dropped, and
    /// their ids and cards (an answer in two journals is staged once).
    staged: usize,
    staged_ids: HashSet<(String, String)>,
}

impl Store {
    /// This database's device.
    pub fn device(&self) -> Result<Device> {
        events::device(&self.conn)
    }

    /// Names this device (shown in its journal's header and by `sync`).
    pub fn name_device(&self, name: &str) -> Result<()> {
        self.conn
            .execute("UPDATE sync_device SET name = ?1 WHERE id = 1", [name])?;
        Ok(())
    }

    /// Gives this database a new device id: for a copy of another device's database, so
    /// that the two write two journals. Its events not yet in a journal go out as the new
    /// device's.
    pub fn new_device_id(&self) -> Result<Device> {
        let tx = self.conn.unchecked_transaction()?;
        let old = events::device(&tx)?;
        tx.execute(
            "UPDATE sync_device SET device = lower(hex(randomblob(8))) WHERE id = 1",
            [],
        )?;
        let new = events::device(&tx)?;
        tx.execute(
            "UPDATE events SET device = ?1
             WHERE device = ?2 AND seq > (SELECT journaled_seq FROM sync_device)",
            params![new.id, old.id],
        )?;
        tx.commit()?;
        Ok(new)
    }

    /// Opens the sync transaction.
    pub fn begin_sync(&mut self) -> Result<SyncTx<'_>> {
        let algorithm = self.algorithm()?;
        let now_ms = self.now_ms();
        // A sync may write as much as a big import: the same larger page cache.
        self.conn
            .pragma_update(None, "cache_size", super::import::IMPORT_CACHE_KIB)?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        // From here a failure rolls back: the transaction is the `SyncTx`'s.
        let mut tx = SyncTx {
            conn: &self.conn,
            algorithm,
            now_ms,
            open: true,
            own: String::new(),
            before: 0,
            applied: Applied::default(),
            ahead: HashMap::new(),
            seen: Hlc::default(),
            renames: true,
            last_review: 0,
            staged: 0,
            staged_ids: HashSet::new(),
        };
        stage_table(tx.conn)?;
        events::settle_clock(tx.conn)?;
        // Imported cards get their events before anything is applied, so that a card's
        // text here is weighed against another device's.
        events::make_new_card_events(tx.conn)?;
        tx.own = events::device(tx.conn)?.id;
        tx.last_review =
            tx.conn
                .query_row("SELECT coalesce(max(id), 0) FROM reviews", [], |r| r.get(0))?;
        tx.before = tx
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
        Ok(tx)
    }

    /// Replays every card whose schedule is not the replay of its answers, in one
    /// transaction; returns how many.
    pub fn replay_all_differing(&mut self) -> Result<usize> {
        let algorithm = self.algorithm()?;
        self.write_tx(|s| {
            let mut n = 0;
            for guid in replay_differences(&s.conn, usize::MAX)? {
                n += usize::from(replay_card(&s.conn, &algorithm, &guid)?);
            }
            Ok(n)
        })
    }

    /// Cards whose scheduling state is not the end of their log's chain of answers: the
    /// state after the last answer that moved the schedule, each such answer starting
    /// from the state the one before it left. Returns the ids of at most `limit` cards.
    pub fn replay_differences(&self, limit: usize) -> Result<Vec<String>> {
        replay_differences(&self.conn, limit)
    }
}

impl SyncTx<'_> {
    pub fn device(&self) -> Result<Device> {
        events::device(self.conn)
    }

    /// How far each journal file was read.
    pub fn read_points(&self) -> Result<HashMap<String, ReadPoint>> {
        let mut stmt = self
            .conn
            .prepare("SELECT file, offset, lines FROM sync_journals")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                ReadPoint {
                    offset: r.get::<_, i64>(1)?.max(0) as u64,
                    lines: r.get::<_, i64>(2)?.max(0) as u64,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_read_point(&self, file: &str, device: &str, at: ReadPoint) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_journals (file, device, offset, lines) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (file) DO UPDATE SET device = excluded.device,
               offset = excluded.offset, lines = excluded.lines",
            params![file, device, at.offset as i64, at.lines as i64],
        )?;
        Ok(())
    }

    /// Takes in one event read from a journal: stored when it is new (counted as already
    /// here when not). Nothing is applied until `apply`, which takes every new event in
    /// clock order, so events may come in any order and a journal of any length is read a
    /// line at a time. An answer is staged with its columns read from its body once, and
    /// becomes an event only if its card is not here to log it (`stage_answer`).
    pub fn take_in(&mut self, e: &Event) -> Result<()> {
        if e.kind == EventKind::Answer {
            return self.stage_answer(e);
        }
        if !self.insert(e)? {
            self.applied.known += 1;
            return Ok(());
        }
        self.note_new(e.kind, &e.device, e.hlc, 1);
        Ok(())
    }

    /// Counts `n` new events of `kind`, the latest of them at `hlc` from `device`: the
    /// clock moves past them, and a device ahead of this one's wall clock is reported.
    fn note_new(&mut self, kind: EventKind, device: &str, hlc: Hlc, n: usize) {
        *self
            .applied
            .new
            .entry(kind.as_str().to_string())
            .or_default() += n;
        self.seen = self.seen.max(hlc);
        if let Some(by) = hlc.ahead_of(self.now_ms).filter(|_| device != self.own) {
            let worst = self.ahead.entry(device.to_string()).or_default();
            *worst = (*worst).max(by);
        }
    }

    /// Stages an answer in `temp.sync_answers`, its logged columns read from its body here
    /// (not by `json_extract` per column, a third of a sync's time): `apply` drops those
    /// already here and logs the others in one statement. An answer whose card is live is
    /// then its log row only — as this device's own answers are — and is kept as an event
    /// only while its card is not here (in the trash, or not yet come).
    fn stage_answer(&mut self, e: &Event) -> Result<()> {
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let cols = answer_columns();
            format!(
                "INSERT INTO temp.sync_answers (id, hlc, device, target, {})
                 VALUES ({})",
                cols.join(", "),
                numbered(1, 4 + cols.len())
            )
        });
        self.staged += 1;
        if !self.staged_ids.insert((e.id.clone(), e.target.clone())) {
            return Ok(());
        }
        let values = [
            Value::Text(e.id.clone()),
            Value::Integer(e.hlc.0),
            Value::Text(e.device.clone()),
            Value::Text(e.target.clone()),
        ]
        .into_iter()
        .chain(answer_columns().iter().map(|c| sql_value(e.body.get(c))));
        self.conn
            .prepare_cached(&SQL)?
            .execute(rusqlite::params_from_iter(values))?;
        Ok(())
    }

    /// Moves the staged answers into `temp.sync_new` (read in clock order by its index),
    /// each with its card as it stands after this sync's other events (a card may have
    /// come, gone to the trash or come back) and what undos say of it (an undo may be read
    /// after its answer), without those already here — in the log, in the trash with their
    /// card, held as events, or retracted by an undo that was here before this sync —
    /// counting them as known and the others as new. (Looking the card up as each answer
    /// is staged made `SQLite` prepare that statement again at every row.)
    fn settle_staged(&mut self) -> Result<()> {
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let cols = answer_columns().join(", ");
            format!(
                "INSERT INTO temp.sync_new (id, hlc, device, target, card_id, undo, {cols})
                 SELECT a.id, a.hlc, a.device, a.target,
                        (SELECT id FROM cards WHERE guid = a.target),
                        (SELECT max(CASE WHEN json_extract(u.body, '$.answer') IS NOT a.id
                                      THEN 0 WHEN u.seq <= ?1 THEN {UNDONE_BEFORE}
                                      ELSE {UNDONE_NOW} END)
                         FROM events u WHERE u.target = a.target AND u.kind = 'undo'),
                        {cols}
                 FROM temp.sync_answers a"
            )
        });
        if self.staged == 0 {
            return Ok(());
        }
        self.conn.execute(&SQL, [self.before])?;
        self.conn.execute("DELETE FROM temp.sync_answers", [])?;
        self.conn.execute(
            &format!(
                "DELETE FROM temp.sync_new AS s WHERE s.undo IS {UNDONE_BEFORE}
                   OR EXISTS (SELECT 1 FROM reviews r WHERE r.card_id = s.card_id
                              AND r.uid = s.id)
                   OR EXISTS (SELECT 1 FROM events e WHERE e.target = s.target
                              AND e.kind = 'answer' AND e.hlc = s.hlc AND e.id = s.id)
                   OR (s.card_id IS NULL AND EXISTS (
                     SELECT 1 FROM trash_cards t JOIN trash_reviews v ON v.trash_id = t.id
                     WHERE t.guid = s.target AND json_extract(v.review, '$.uid') = s.id))"
            ),
            [],
        )?;
        let latest: Vec<(String, i64, i64)> = self
            .conn
            .prepare("SELECT device, max(hlc), count(*) FROM temp.sync_new GROUP BY device")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let new: usize = latest.iter().map(|(_, _, n)| *n as usize).sum();
        self.applied.known += self.staged.saturating_sub(new);
        for (device, hlc, n) in latest {
            self.note_new(EventKind::Answer, &device, Hlc(hlc), n as usize);
        }
        Ok(())
    }

    /// Applies the events taken in, in clock order, by their rules: answers to live cards
    /// go into the log in one statement; every other event one at a time; then each card
    /// they touched is brought in line with its events and, where its answers no longer
    /// chain, replayed. New cards are indexed for search in one statement at the end.
    pub fn apply(&mut self) -> Result<Applied> {
        events::observe(self.conn, self.seen)?;
        events::set_applying(self.conn, true)?;
        self.renames = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM events WHERE kind = 'rename')",
            [],
            |r| r.get(0),
        )?;
        let last_card: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM cards", [], |r| r.get(0))?;
        let index = super::bulk_index::BulkIndex::begin(self.conn, last_card)?;
        let seqs: Vec<i64> = self
            .conn
            .prepare("SELECT seq FROM events WHERE seq > ?1 AND kind <> 'answer' ORDER BY hlc, id")?
            .query_map([self.before], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut touched = BTreeSet::new();
        for seq in seqs {
            let e = self
                .conn
                .prepare_cached(
                    "SELECT id, hlc, device, kind, target, body FROM events WHERE seq = ?1",
                )?
                .query_row([seq], |r| Ok(event_of(r)))??;
            self.apply_one(&e, &mut touched)?;
        }
        // Answers come after every other event, as their cards stand then: logged in one
        // statement (their order in the log is clock order either way).
        self.settle_staged()?;
        events::observe(self.conn, self.seen)?;
        keep_waiting_answers(self.conn)?;
        // Before the new answers are logged: the chain check reads the log as it was.
        let settled = settle_chaining(self.conn, &touched)?;
        let answered = log_new_answers(self.conn, self.before)?;
        if let Some(index) = index {
            index.finish(self.conn)?;
        }
        let mut replayed = BTreeSet::new();
        for guid in &touched {
            if reconcile(self.conn, &self.algorithm, guid)? {
                replayed.insert(guid);
            }
        }
        for guid in answered.iter().filter(|g| !settled.contains(*g)) {
            // A card touched otherwise was brought in line with all its events above.
            if settle_answered(self.conn, &self.algorithm, guid, touched.contains(guid))? {
                replayed.insert(guid);
            }
        }
        replayed.extend(settled.iter());
        self.applied.replayed = replayed.len();
        events::set_applying(self.conn, false)?;
        let mut out = std::mem::take(&mut self.applied);
        out.ahead = self.ahead.drain().collect();
        out.ahead.sort();
        Ok(out)
    }

    /// Stores an event; false when it was here already.
    fn insert(&self, e: &Event) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO events (id, hlc, device, kind, target, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                e.id,
                e.hlc.0,
                e.device,
                e.kind.as_str(),
                e.target,
                e.body.to_string()
            ])?;
        Ok(n == 1)
    }

    fn apply_one(&self, e: &Event, touched: &mut BTreeSet<String>) -> Result<()> {
        let at_ms = e.hlc.physical_ms();
        match e.kind {
            EventKind::Answer => {
                touched.insert(e.target.clone());
            }
            EventKind::Undo => {
                if e.body
                    .get("answer")
                    .and_then(serde_json::Value::as_str)
                    .is_none()
                {
                    return Err(damaged(e, "no `answer`"));
                }
                touched.insert(e.target.clone());
            }
            EventKind::Card => {
                if wins(self.conn, e)? {
                    apply_card(self.conn, &e.target, &e.body, e.hlc, self.renames)?;
                }
                // Answers that came before their card (an earlier sync) join its log now;
                // this sync's own answers go in with the others (`log_new_answers`).
                let waiting: bool = self
                    .conn
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM events WHERE target = ?1
                           AND kind IN ('answer', 'undo') AND seq <= ?2)",
                    )?
                    .query_row(params![e.target, self.before], |r| r.get(0))?;
                if waiting {
                    touched.insert(e.target.clone());
                }
            }
            EventKind::Trash | EventKind::Restore => {
                if wins(self.conn, e)? {
                    apply_trash(self.conn, &e.target, e.kind == EventKind::Trash, at_ms)?;
                }
                touched.insert(e.target.clone());
            }
            EventKind::Suspend => {
                if wins(self.conn, e)? {
                    let on = e.body.get("on").and_then(serde_json::Value::as_bool);
                    let on = on.ok_or_else(|| damaged(e, "no `on`"))?;
                    self.conn.execute(
                        "UPDATE cards SET suspended = ?2 WHERE guid = ?1",
                        params![e.target, on],
                    )?;
                }
            }
            EventKind::Rename => {
                let to = e.body.get("to").and_then(serde_json::Value::as_str);
                rename(
                    self.conn,
                    &e.target,
                    to.ok_or_else(|| damaged(e, "no `to`"))?,
                )?;
            }
            EventKind::Setting => {
                let value = e.body.get("value").and_then(serde_json::Value::as_str);
                let value = value.ok_or_else(|| damaged(e, "no `value`"))?;
                if crate::core::sync::synced_setting(&e.target) && wins(self.conn, e)? {
                    super::config::write(self.conn, &e.target, value)?;
                }
            }
        }
        Ok(())
    }

    /// Hands this device's events not yet in its journal to `write` — its changes from
    /// `events`, then its answers from the log (an answer's row is its event) — but those
    /// in `skip` (found in its journal by this sync: written by a sync killed before it
    /// could note it, or brought back for a database restored from a backup).
    pub fn each_unjournaled(
        &self,
        skip: &HashSet<String>,
        mut write: impl FnMut(&Event) -> Result<()>,
    ) -> Result<usize> {
        let mut n = 0;
        for sql in [
            // A card event whose body is the card's own text takes it from the card now
            // (none when the card has gone to the trash since: no device ever had it).
            "SELECT e.id, e.hlc, e.device, e.kind, e.target,
                    CASE WHEN e.body <> '' THEN e.body ELSE
                      (SELECT v.body FROM cards c JOIN card_events v ON v.card_id = c.id
                       WHERE c.guid = e.target)
                    END
             FROM events e, sync_device s
             WHERE e.seq > s.journaled_seq AND e.device = s.device ORDER BY e.seq",
            // This device's answers after the last written: not other devices' (they are
            // events too) and not its own kept as events while their card was trashed.
            "SELECT a.id, a.hlc, s.device, 'answer', a.target, a.body
             FROM reviews r JOIN answer_events a ON a.review_id = r.id, sync_device s
             WHERE r.id > s.answers_journaled_id AND r.hlc > s.answers_journaled_hlc
               AND r.id <= ?1
               AND NOT EXISTS (SELECT 1 FROM events e WHERE e.target = a.target
                               AND e.kind = 'answer' AND e.hlc = a.hlc AND e.id = a.id)
             ORDER BY r.hlc",
        ] {
            let mut stmt = self.conn.prepare(sql)?;
            // This device's answers are rows that were here before this sync: the rows it
            // put in are other devices' answers (or this device's, back from the trash,
            // which are events then).
            let mut rows = if stmt.parameter_count() == 1 {
                stmt.query([self.last_review])?
            } else {
                stmt.query([])?
            };
            while let Some(r) = rows.next()? {
                if r.get_ref(5)?.data_type() == rusqlite::types::Type::Null {
                    continue;
                }
                let e = event_of(r)?;
                if !skip.contains(&e.id) {
                    write(&e)?;
                    n += 1;
                }
            }
        }
        Ok(n)
    }

    /// Notes everything so far as in the journal (after it was written and synced).
    pub fn mark_journaled(&self) -> Result<()> {
        let last = events::last_hlc(self.conn)?;
        self.conn.execute(
            "UPDATE sync_device SET
                 journaled_seq = (SELECT coalesce(max(seq), 0) FROM events),
                 answers_journaled_id = (SELECT coalesce(max(id), 0) FROM reviews),
                 answers_journaled_hlc = ?1",
            [last.0],
        )?;
        Ok(())
    }

    pub fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

impl Drop for SyncTx<'_> {
    fn drop(&mut self) {
        if self.open && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self
            .conn
            .pragma_update(None, "cache_size", super::import::DEFAULT_CACHE_KIB);
    }
}

/// The columns of an answer's body (migration 11's `answer_events`), as the log has them.
fn answer_columns() -> &'static [String] {
    static COLS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        [
            "reviewed_at",
            "day",
            "quality",
            "mode",
            "duration_ms",
            "answer",
            "asked",
            "stepped",
        ]
        .iter()
        .map(|c| (*c).to_string())
        .chain(
            [state::PREV_COLUMNS, state::NEW_COLUMNS]
                .iter()
                .flat_map(|cols| cols.split(','))
                .map(|c| c.trim().to_string()),
        )
        .collect()
    });
    &COLS
}

/// A JSON value as `json_extract` gives it: numbers as numbers, `true` as 1,
/// text as text, a missing key or `null` as NULL, an object or array as its JSON text.
fn sql_value(v: Option<&serde_json::Value>) -> Value {
    use serde_json::Value as J;
    match v {
        None | Some(J::Null) => Value::Null,
        Some(J::Bool(b)) => Value::Integer(i64::from(*b)),
        Some(J::Number(n)) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        Some(J::String(t)) => Value::Text(t.clone()),
        Some(other) => Value::Text(other.to_string()),
    }
}

/// `temp.sync_new.undo`: NULL when no undo names the answer's card, else the most any
/// does to the answer: 0 none retracts it, `UNDONE_NOW` one of this sync does,
/// `UNDONE_BEFORE` one that was here already does (the answer is known: not new).
const UNDONE_NOW: i64 = 1;
const UNDONE_BEFORE: i64 = 2;

/// The tables this sync's answers are staged in, emptied: `sync_answers` as read
/// (`SyncTx::stage_answer`), `sync_new` the new ones with their cards, indexed in clock order
/// (`SyncTx::settle_staged`). Their columns have no type, so each keeps the value its body
/// gave, as `json_extract` would.
fn stage_table(conn: &Connection) -> Result<()> {
    let cols = answer_columns().join(", ");
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE IF NOT EXISTS sync_answers (id, hlc, device, target, {cols});
         DELETE FROM temp.sync_answers;
         CREATE TEMP TABLE IF NOT EXISTS sync_new (id, hlc, device, target, card_id, undo, {cols});
         CREATE INDEX IF NOT EXISTS temp.sync_new_order ON sync_new (hlc, id);
         DELETE FROM temp.sync_new;"
    ))?;
    Ok(())
}

/// Keeps as events the staged answers whose card is not here after this sync's other
/// events (in the trash, or not come yet): they join its log when it comes back.
fn keep_waiting_answers(conn: &Connection) -> Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let body = answer_columns()
            .iter()
            .map(|c| format!("'{c}', s.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO events (id, hlc, device, kind, target, body)
             SELECT s.id, s.hlc, s.device, 'answer', s.target, json_object({body})
             FROM temp.sync_new s
             WHERE s.card_id IS NULL
             ORDER BY s.target, s.hlc, s.id
             ON CONFLICT DO NOTHING"
        )
    });
    conn.execute(&SQL, [])?;
    Ok(())
}

/// Puts the new answers into the logs of their cards when the card is here and the answer
/// is not undone, in one statement, in clock order; returns the cards whose schedules they
/// (or this sync's undos) may change.
fn log_new_answers(conn: &Connection, before: i64) -> Result<BTreeSet<String>> {
    let cols = answer_columns().join(", ");
    conn.execute(
        &format!(
            "INSERT INTO reviews (card_id, uid, hlc, {cols})
             SELECT card_id, id, hlc, {cols} FROM temp.sync_new
             WHERE card_id IS NOT NULL AND coalesce(undo, 0) = 0
             ORDER BY hlc, id"
        ),
        [],
    )?;
    // Answers that did not move the schedule (drills, imported history) change no state.
    let mut stmt = conn.prepare(
        "SELECT target FROM temp.sync_new WHERE stepped = 1
         UNION SELECT target FROM events WHERE seq > ?1 AND kind = 'undo'",
    )?;
    let rows = stmt.query_map([before], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `settle_answered` for every card in one pass, before the new answers are logged: a
/// card whose new answers that moved its schedule all come after those in its log, the
/// first starting from its stored state and each next from where the one before ended
/// (the common case: answers given there after the last sync), takes the state the last
/// one ended in. Cards with an undo among their events or touched otherwise are left to
/// `settle_answered`, as are those whose answers do not chain (replayed). Returns the
/// cards settled. (A card at a time cost 60 µs: 100,000 answers took 7 s.)
fn settle_chaining(conn: &Connection, touched: &BTreeSet<String>) -> Result<BTreeSet<String>> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let staged = |cols: &str| {
            cols.split(',')
                .map(|c| format!("a.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "SELECT a.rowid, a.card_id, a.target, a.hlc,
                    (SELECT max(r.hlc) FROM reviews r WHERE r.card_id = a.card_id
                       AND r.stepped = 1),
                    (a.prev_reps IS NOT NULL AND a.prev_mastered IS NULL)
                      OR a.new_reps IS NULL OR a.new_mastered IS NULL,
                    {}, {}, {}
             FROM temp.sync_new a LEFT JOIN card_state s ON s.card_id = a.card_id
             WHERE a.stepped = 1 AND a.card_id IS NOT NULL AND a.undo IS NULL
             ORDER BY a.hlc, a.id",
            staged(state::PREV_COLUMNS),
            // The state after it, as the log's (`NEW_AS_STATE`), from the staged row.
            NEW_AS_STATE.replace("r.", "a."),
            state::COLUMNS
        )
    });
    const PREV: usize = 6;
    // In clock order (`sync_new_order`), each card's answers in turn.
    let mut chains: HashMap<i64, Chaining> = HashMap::new();
    let mut stmt = conn.prepare(&SQL)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let card_id: i64 = r.get(1)?;
        let hlc: i64 = r.get(3)?;
        // A damaged answer's state is not read: its card is replayed (`settle_answered`).
        let unset: bool = r.get(5)?;
        let states = if unset {
            None
        } else {
            Some((
                state::from_row(r, PREV)?,
                state::from_row(r, PREV + state::PREV_COUNT)?,
            ))
        };
        if let Some(c) = chains.get_mut(&card_id) {
            c.ok &= states.is_some_and(|(prev, _)| prev == c.end);
            c.end = states.and_then(|(_, new)| new);
            c.last = r.get(0)?;
            continue;
        }
        let target: String = r.get(2)?;
        let logged_after = r.get::<_, Option<i64>>(4)?.is_some_and(|m| m >= hlc);
        let stored = state::from_row(r, PREV + 2 * state::PREV_COUNT)?;
        let chain = Chaining {
            card_id,
            ok: !logged_after
                && !touched.contains(&target)
                && states.is_some_and(|(prev, _)| prev == stored),
            target,
            end: states.and_then(|(_, new)| new),
            last: r.get(0)?,
        };
        chains.insert(card_id, chain);
    }
    let mut chains: Vec<Chaining> = chains
        .into_values()
        .filter(|c| c.ok && c.end.is_some())
        .collect();
    chains.sort_unstable_by_key(|c| c.card_id);
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS sync_settle (card_id INTEGER PRIMARY KEY, last INTEGER);
         DELETE FROM sync_settle;",
    )?;
    let mut add = conn.prepare("INSERT INTO sync_settle (card_id, last) VALUES (?1, ?2)")?;
    for c in &chains {
        add.execute([c.card_id, c.last])?;
    }
    conn.execute(
        "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses,
             last_quality, last_reviewed_at, mastered, retained_days, stability, difficulty,
             deck_id, stage, suspended, levelled)
         SELECT l.card_id, a.new_reps, a.new_ef, a.new_interval, a.new_due_day, a.new_lapses,
                a.quality, a.reviewed_at, a.new_mastered, coalesce(a.new_retained_days, 0),
                a.new_stability, a.new_difficulty, c.deck_id, c.stage, c.suspended, c.levelled
         FROM sync_settle l JOIN temp.sync_new a ON a.rowid = l.last
           JOIN cards c ON c.id = l.card_id
         WHERE true
         ON CONFLICT (card_id) DO UPDATE SET reps = excluded.reps, ef = excluded.ef,
           interval_days = excluded.interval_days, due_day = excluded.due_day,
           lapses = excluded.lapses, last_quality = excluded.last_quality,
           last_reviewed_at = excluded.last_reviewed_at, mastered = excluded.mastered,
           retained_days = excluded.retained_days, stability = excluded.stability,
           difficulty = excluded.difficulty",
        [],
    )?;
    Ok(chains.into_iter().map(|c| c.target).collect())
}

/// One card's new answers as `settle_chaining` walks them.
struct Chaining {
    card_id: i64,
    target: String,
    /// Whether they chain from the stored state, after every answer in the log.
    ok: bool,
    /// The state the last one ended in, and its staged row.
    end: Option<CardState>,
    last: i64,
}

/// A logged answer that moved the schedule, with its card's stored state.
struct Chained {
    hlc: i64,
    uid: String,
    prev: Option<CardState>,
    new: Option<CardState>,
    stored: Option<CardState>,
}

/// A card that got answers from another device: when its answers that moved the schedule
/// still chain — the first starts from the card's state before any answer, each next from
/// where the one before ended (the common case: answers given there after the last sync)
/// — its state is where the last ends; otherwise it is replayed. Returns whether its state
/// was written.
fn settle_answered(
    conn: &Connection,
    algorithm: &Algorithm,
    guid: &str,
    touched: bool,
) -> Result<bool> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT r.hlc, r.uid, {}, {NEW_AS_STATE}, {}
             FROM reviews r LEFT JOIN card_state s ON s.card_id = r.card_id
             WHERE r.card_id = ?1 AND r.stepped = 1",
            state::PREV_COLUMNS,
            state::COLUMNS
        )
    });
    let Some(card_id) = live_card(conn, guid)? else {
        return Ok(false);
    };
    let mut rows: Vec<Chained> = conn
        .prepare_cached(&SQL)?
        .query_map([card_id], |r| {
            Ok(Chained {
                hlc: r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                uid: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                prev: state::from_row(r, 2)?,
                new: state::from_row(r, 2 + state::PREV_COUNT)?,
                stored: state::from_row(r, 2 + 2 * state::PREV_COUNT)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by(|a, b| (a.hlc, &a.uid).cmp(&(b.hlc, &b.uid)));
    // The state before any answer is the first logged answer's, unless an answer before
    // it is not in the log: undone, or waiting for a card that was not here (then the
    // card came with a card event or a restore, and was `touched`).
    let undone: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM events WHERE target = ?1 AND kind = 'undo')")?
        .query_row([guid], |r| r.get(0))?;
    if rows.is_empty() && !undone && !touched {
        return Ok(false); // no answer of it ever moved its schedule
    }
    let base = match rows.first() {
        Some(first) if !undone && !touched => first.prev,
        _ => match base_state(conn, guid, card_id)? {
            Some(Base(base)) => base,
            None => return Ok(false),
        },
    };
    let mut end = base;
    let chains = rows.iter().all(|r| {
        let ok = r.prev == end;
        end = r.new;
        ok
    });
    if !chains {
        replay_log(conn, algorithm, card_id, guid)?;
        return Ok(true);
    }
    let stored = rows.first().and_then(|r| r.stored);
    if stored == end {
        return Ok(false);
    }
    match end {
        Some(s) => state::write(conn, crate::core::model::CardId(card_id), &s)?,
        None => {
            conn.execute("DELETE FROM card_state WHERE card_id = ?1", [card_id])?;
        }
    }
    Ok(true)
}

/// An event from a row of `id, hlc, device, kind, target, body`.
fn event_of(r: &rusqlite::Row<'_>) -> Result<Event> {
    let kind: String = r.get(3)?;
    let body: String = r.get(5)?;
    Ok(Event {
        id: r.get(0)?,
        hlc: Hlc(r.get(1)?),
        device: r.get(2)?,
        kind: EventKind::parse(&kind)
            .ok_or_else(|| StoreError::Invalid(format!("an event of kind `{kind}`")))?,
        target: r.get(4)?,
        body: serde_json::from_str(&body)
            .map_err(|e| StoreError::Invalid(format!("an event's body is damaged ({e})")))?,
    })
}

fn damaged(e: &Event, what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "event {} ({}) is damaged: {what}",
        e.id,
        e.kind.as_str()
    ))
}

/// Whether `e` is the latest event of its register for its target (clock, then id).
fn wins(conn: &Connection, e: &Event) -> Result<bool> {
    let kinds = e.kind.register();
    let (a, b) = (kinds[0].as_str(), kinds[kinds.len() - 1].as_str());
    let later: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM events WHERE target = ?1 AND kind IN (?2, ?3)
               AND (hlc > ?4 OR (hlc = ?4 AND id > ?5)))",
        )?
        .query_row(params![e.target, a, b, e.hlc.0, e.id], |r| r.get(0))?;
    Ok(!later)
}

/// The id of deck `name`, made (a user deck) when there is none.
fn deck_named(conn: &Connection, name: &str, now_ms: i64) -> Result<i64> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM decks WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    if let Some(id) = id {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO decks (name, origin, created_at) VALUES (?1, 'user', ?2)",
        params![name, now_ms],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Puts a card's winning text and options in place: added when new, updated when live;
/// a card in the trash keeps its own until it is restored (then `reconcile` puts them).
fn apply_card(
    conn: &Connection,
    guid: &str,
    body: &serde_json::Value,
    hlc: Hlc,
    renames: bool,
) -> Result<()> {
    let at_ms = hlc.physical_ms();
    if in_trash(conn, guid)? {
        return Ok(());
    }
    let text = |k: &str| body.get(k).and_then(serde_json::Value::as_str);
    let int = |k: &str| body.get(k).and_then(serde_json::Value::as_i64);
    let (Some(deck), Some(front), Some(back), Some(kind)) =
        (text("deck"), text("front"), text("back"), text("kind"))
    else {
        return Err(StoreError::Invalid(format!(
            "the card event of `{guid}` lacks its deck, front, back or kind"
        )));
    };
    let deck = if renames {
        renamed_since(conn, deck, hlc)?
    } else {
        deck.to_string()
    };
    let deck_id = deck_named(conn, &deck, at_ms)?;
    conn.prepare_cached(
        "INSERT INTO cards (guid, deck_id, stage, kind, front, back, choices, tags, ord,
             key_points, levelled, note, ordered, db, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
         ON CONFLICT (guid) DO UPDATE SET deck_id = excluded.deck_id, stage = excluded.stage,
           kind = excluded.kind, front = excluded.front, back = excluded.back,
           choices = excluded.choices, tags = excluded.tags, ord = excluded.ord,
           key_points = excluded.key_points, levelled = excluded.levelled,
           note = excluded.note, ordered = excluded.ordered, db = excluded.db,
           updated_at = excluded.updated_at",
    )?
    .execute(params![
        guid,
        deck_id,
        int("stage").unwrap_or(1),
        kind,
        front,
        back,
        text("choices"),
        text("tags").unwrap_or(""),
        int("ord").unwrap_or(0),
        text("key_points"),
        int("levelled").unwrap_or(1),
        text("note").unwrap_or(""),
        body.get("ordered").and_then(serde_json::Value::as_i64),
        text("db"),
        at_ms,
    ])?;
    Ok(())
}

/// What deck `name` is called now: renamed by the deck renames after `since`, in order
/// (a card's text written before its deck was renamed goes to the renamed deck).
fn renamed_since(conn: &Connection, name: &str, since: Hlc) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT hlc, json_extract(body, '$.to') FROM events
         WHERE target = ?1 AND kind = 'rename' AND hlc > ?2 ORDER BY hlc, id LIMIT 1",
    )?;
    let (mut name, mut since) = (name.to_string(), since);
    // Each step moves forward in time, so this ends; the bound guards a damaged log.
    for _ in 0..1000 {
        let next: Option<(i64, Option<String>)> = stmt
            .query_row(params![name, since.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match next {
            Some((hlc, Some(to))) => {
                name = to;
                since = Hlc(hlc);
            }
            _ => break,
        }
    }
    Ok(name)
}

fn in_trash(conn: &Connection, guid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM trash_cards WHERE guid = ?1)")?
        .query_row([guid], |r| r.get(0))?)
}

fn live_card(conn: &Connection, guid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cards WHERE guid = ?1")?
        .query_row([guid], |r| r.get(0))
        .optional()?)
}

/// Moves a card to the trash or back, as the winning event says.
fn apply_trash(conn: &Connection, guid: &str, trashed: bool, at_ms: i64) -> Result<()> {
    match (trashed, live_card(conn, guid)?) {
        (true, Some(id)) => trash::trash_card(conn, &TrashSql::new(conn)?, id, at_ms),
        (false, None) => {
            let trash_id: Option<i64> = conn
                .query_row("SELECT id FROM trash_cards WHERE guid = ?1", [guid], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(trash_id) = trash_id {
                trash::restore_card(conn, &mut Columns::default(), trash_id, at_ms)?;
                put_winning_state(conn, guid)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A deck renamed elsewhere: renamed here when it exists and the new name is free.
fn rename(conn: &Connection, from: &str, to: &str) -> Result<()> {
    let free: bool = conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM decks WHERE name = ?1)",
        [to],
        |r| r.get(0),
    )?;
    if free {
        conn.execute(
            "UPDATE decks SET name = ?2 WHERE name = ?1",
            params![from, to],
        )?;
        conn.execute(
            "UPDATE trash_cards SET deck = ?2 WHERE deck = ?1",
            params![from, to],
        )?;
    }
    Ok(())
}

/// One of a card's logged answers, as the replay reads and rewrites it.
struct Logged {
    row: i64,
    uid: String,
    hlc: Hlc,
    step: Step,
}

/// A card's answers held as events (other devices', and this device's while the card was
/// in the trash), but those an undo retracted.
fn wanted_answers(conn: &Connection, guid: &str) -> Result<Vec<(String, Hlc, String)>> {
    let undone = undone(conn, guid)?;
    let mut stmt = conn
        .prepare_cached("SELECT id, hlc, body FROM events WHERE target = ?1 AND kind = 'answer'")?;
    let rows = stmt.query_map([guid], |r| Ok((r.get(0)?, Hlc(r.get(1)?), r.get(2)?)))?;
    let all: Vec<(String, Hlc, String)> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(all
        .into_iter()
        .filter(|(id, _, _)| !undone.contains(id))
        .collect())
}

/// The ids of a card's answers that undos retracted.
fn undone(conn: &Connection, guid: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT json_extract(body, '$.answer') FROM events WHERE target = ?1 AND kind = 'undo'",
    )?;
    let rows = stmt.query_map([guid], |r| r.get::<_, Option<String>>(0))?;
    Ok(rows
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}

fn logged(conn: &Connection, card_id: i64) -> Result<Vec<Logged>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, uid, hlc, day, reviewed_at, quality, stepped FROM reviews WHERE card_id = ?1",
    )?;
    let rows = stmt.query_map([card_id], |r| {
        let q: u8 = r.get(5)?;
        Ok(Logged {
            row: r.get(0)?,
            uid: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            hlc: Hlc(r.get::<_, Option<i64>>(2)?.unwrap_or(0)),
            step: Step {
                day: r.get(3)?,
                at_ms: r.get(4)?,
                quality: Quality::clamped(q),
                stepped: r.get(6)?,
            },
        })
    })?;
    let mut all: Vec<Logged> = rows.collect::<rusqlite::Result<_>>()?;
    all.sort_by(|a, b| (a.hlc, &a.uid).cmp(&(b.hlc, &b.uid)));
    Ok(all)
}

/// Brings a live card's log in line with its events (answers added, retracted ones
/// removed) and, when that changed anything, replays its schedule from the state before
/// the first answer that moved it. Returns whether the card was replayed.
pub(super) fn reconcile(conn: &Connection, algorithm: &Algorithm, guid: &str) -> Result<bool> {
    let Some(card_id) = live_card(conn, guid)? else {
        // In the trash (or not here): its answers wait, but none that an undo retracted.
        conn.prepare_cached(
            "DELETE FROM trash_reviews
             WHERE trash_id IN (SELECT id FROM trash_cards WHERE guid = ?1)
               AND json_extract(review, '$.uid') IN
                   (SELECT json_extract(body, '$.answer') FROM events
                    WHERE target = ?1 AND kind = 'undo')",
        )?
        .execute([guid])?;
        return Ok(false);
    };
    // The log holds this device's answers and those of the events already put in; it
    // lacks the events' others and must lose what an undo retracted.
    let any: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM events WHERE target = ?1 AND kind IN ('answer', 'undo'))",
        )?
        .query_row([guid], |r| r.get(0))?;
    if !any {
        return Ok(false);
    }
    let wanted = wanted_answers(conn, guid)?;
    let undone = undone(conn, guid)?;
    let before = logged(conn, card_id)?;
    let have: HashSet<&str> = before.iter().map(|l| l.uid.as_str()).collect();
    let missing: Vec<_> = wanted
        .iter()
        .filter(|(id, _, _)| !have.contains(id.as_str()))
        .collect();
    let retracted: Vec<&Logged> = before.iter().filter(|l| undone.contains(&l.uid)).collect();
    if missing.is_empty() && retracted.is_empty() {
        return Ok(false);
    }
    for l in &retracted {
        conn.execute("DELETE FROM reviews WHERE id = ?1", [l.row])?;
    }
    let mut cols = Columns::default();
    for (id, hlc, body) in &missing {
        trash::insert_json(
            conn,
            &mut cols,
            "reviews",
            body,
            &[
                ("card_id", Value::Integer(card_id)),
                ("uid", Value::Text(id.clone())),
                ("hlc", Value::Integer(hlc.0)),
            ],
        )?;
    }
    replay_log(conn, algorithm, card_id, guid)?;
    Ok(true)
}

/// Puts a live card's winning text, options and suspension in place: a card back from the
/// trash may have been edited or suspended on another device meanwhile. Not a change of
/// this device's, so no event is recorded for it.
pub(super) fn put_winning_state(conn: &Connection, guid: &str) -> Result<()> {
    put_winning_text(conn, guid)?;
    put_winning_suspension(conn, guid)
}

fn put_winning_text(conn: &Connection, guid: &str) -> Result<()> {
    let latest: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT hlc, body FROM events WHERE target = ?1 AND kind = 'card'
             ORDER BY hlc DESC, id DESC LIMIT 1",
        )?
        .query_row([guid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((hlc, body)) = latest.filter(|(_, b)| b != events::UNWRITTEN_BODY) else {
        // None, or this device's own text (the card's already).
        return Ok(());
    };
    let body: serde_json::Value = serde_json::from_str(&body)
        .map_err(|e| StoreError::Invalid(format!("the card event of `{guid}` is damaged ({e})")))?;
    let applying: bool = conn.query_row("SELECT applying FROM sync_device", [], |r| r.get(0))?;
    events::set_applying(conn, true)?;
    apply_card(conn, guid, &body, Hlc(hlc), true)?;
    events::set_applying(conn, applying)?;
    Ok(())
}

/// Puts a live card's winning suspension in place (one given on another device while it
/// was in the trash here).
fn put_winning_suspension(conn: &Connection, guid: &str) -> Result<()> {
    let on: Option<Option<bool>> = conn
        .prepare_cached(
            "SELECT json_extract(body, '$.on') FROM events WHERE target = ?1 AND kind = 'suspend'
             ORDER BY hlc DESC, id DESC LIMIT 1",
        )?
        .query_row([guid], |r| r.get(0))
        .optional()?;
    if let Some(Some(on)) = on {
        conn.execute(
            "UPDATE cards SET suspended = ?2 WHERE guid = ?1",
            params![guid, on],
        )?;
    }
    Ok(())
}

/// After an undo of an answer that other answers followed: the card replayed without it.
pub(super) fn replay_after_undo(
    conn: &Connection,
    algorithm: &Algorithm,
    card_id: crate::core::model::CardId,
    guid: &str,
) -> Result<()> {
    replay_log(conn, algorithm, card_id.0, guid)
}

/// Replays one card's schedule from its log as it stands; false for a card not live.
fn replay_card(conn: &Connection, algorithm: &Algorithm, guid: &str) -> Result<bool> {
    let Some(card_id) = live_card(conn, guid)? else {
        return Ok(false);
    };
    replay_log(conn, algorithm, card_id, guid)?;
    Ok(true)
}

/// The card's state before any answer moved its schedule: the state logged before the
/// first such answer in clock order of all its answers — in its log, held as events, or
/// retracted by an undo (an answer given after one later undone started from a state the
/// undo took back). `None` when no answer ever moved it.
fn base_state(conn: &Connection, guid: &str, card_id: i64) -> Result<Option<Base>> {
    static SQL: std::sync::LazyLock<[String; 3]> = std::sync::LazyLock::new(|| {
        let from_json = |prefix: &str| -> String {
            state::PREV_COLUMNS
                .split(',')
                .map(|c| format!("json_extract(body, '$.{prefix}{}')", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // Each source's first in clock order (the indexes give that order), then the
        // first of the three.
        [
            format!(
                "SELECT hlc, id, {} FROM events WHERE target = ?1 AND kind = 'answer'
                   AND json_extract(body, '$.stepped') = 1 ORDER BY hlc, id LIMIT 1",
                from_json("")
            ),
            format!(
                "SELECT json_extract(body, '$.hlc') AS h, json_extract(body, '$.answer') AS a, {}
                 FROM events WHERE target = ?1 AND kind = 'undo'
                   AND json_extract(body, '$.logged.stepped') = 1 ORDER BY h, a LIMIT 1",
                from_json("logged.")
            ),
            format!(
                "SELECT hlc, uid, {} FROM reviews WHERE card_id = ?1 AND stepped = 1
                 ORDER BY hlc, uid LIMIT 1",
                state::PREV_COLUMNS
            ),
        ]
    });
    let sources = [
        (&SQL[0], Value::Text(guid.to_string())),
        (&SQL[1], Value::Text(guid.to_string())),
        (&SQL[2], Value::Integer(card_id)),
    ];
    let mut first: Option<(i64, String, Base)> = None;
    for (sql, arg) in sources {
        let found = conn
            .prepare_cached(sql)?
            .query_row([arg], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    Base(state::from_row(r, 2)?),
                ))
            })
            .optional()?;
        if let Some(f) = found {
            if first.as_ref().is_none_or(|b| (f.0, &f.1) < (b.0, &b.1)) {
                first = Some(f);
            }
        }
    }
    Ok(first.map(|(_, _, b)| b))
}

/// A card's state before any answer moved its schedule (`None`: it was new).
struct Base(Option<CardState>);

/// Replays a card's schedule over its log, from the state before any answer moved it.
fn replay_log(conn: &Connection, algorithm: &Algorithm, card_id: i64, guid: &str) -> Result<()> {
    let Some(Base(base)) = base_state(conn, guid, card_id)? else {
        return Ok(());
    };
    // Only the answers that moved the schedule are steps of the replay; the others keep
    // the states they were logged with (the same on every device: their event's).
    let stepped: Vec<Logged> = logged(conn, card_id)?
        .into_iter()
        .filter(|l| l.step.stepped)
        .collect();
    let steps: Vec<Step> = stepped.iter().map(|l| l.step).collect();
    let states = replay::replay(algorithm, base, &steps);
    for (l, (prev, next)) in stepped.iter().zip(&states) {
        rewrite(conn, l.row, prev.as_ref(), next.as_ref())?;
    }
    match replay::final_state(algorithm, base, &steps) {
        Some(s) => state::write(conn, crate::core::model::CardId(card_id), &s)?,
        None => {
            conn.execute("DELETE FROM card_state WHERE card_id = ?1", [card_id])?;
        }
    }
    Ok(())
}

/// Sets a logged answer's state before and after.
fn rewrite(
    conn: &Connection,
    row: i64,
    prev: Option<&CardState>,
    next: Option<&CardState>,
) -> Result<()> {
    let sql = format!(
        "UPDATE reviews SET ({}) = ({}), ({}) = ({}) WHERE id = ?{}",
        state::PREV_COLUMNS,
        numbered(1, state::PREV_COUNT),
        state::NEW_COLUMNS,
        numbered(1 + state::PREV_COUNT, state::NEW_COUNT),
        1 + state::PREV_COUNT + state::NEW_COUNT
    );
    let values: Vec<Value> = state::prev_values(prev)
        .into_iter()
        .chain(state::new_values(next))
        .chain([Value::Integer(row)])
        .collect();
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// `?first, ?first+1, …` (`count` of them).
fn numbered(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The log's state after an answer, in `state::from_row`'s order: its `new_` columns,
/// with the answer's own grade and time as the last grade and time.
const NEW_AS_STATE: &str = "r.new_reps, r.new_ef, r.new_interval, r.new_due_day, r.new_lapses,
    r.quality, r.reviewed_at, r.new_mastered, r.new_retained_days, r.new_stability,
    r.new_difficulty";

/// The config key holding the clock reading at which every card's state was last rebuilt
/// without an answer (a scheduler switch, FSRS's refit): chains of answers restart there.
pub(super) const REBUILT_KEY: &str = "internal.states_rebuilt_hlc";

/// Records that every card's state was rebuilt now (in the caller's transaction).
pub(super) fn note_rebuilt(conn: &Connection) -> Result<()> {
    // Past every event so far: the answers before it are the old chains'.
    let hlc = events::last_hlc(conn)?.0 + 1;
    super::config::write(conn, REBUILT_KEY, &hlc.to_string())
}

/// One card's chain as `replay_differences` walks it.
struct Chain {
    card_id: i64,
    guid: String,
    last_new: Option<CardState>,
    last_hlc: i64,
    stored: Option<CardState>,
    broken: bool,
}

/// See `Store::replay_differences`.
pub(super) fn replay_differences(conn: &Connection, limit: usize) -> Result<Vec<String>> {
    let rebuilt: i64 = conn
        .query_row(
            "SELECT value FROM config WHERE key = ?1",
            [REBUILT_KEY],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut stmt = conn.prepare(&format!(
        "SELECT c.guid, r.card_id, r.hlc, {}, {NEW_AS_STATE}, {}
         FROM reviews r JOIN cards c ON c.id = r.card_id
         LEFT JOIN card_state s ON s.card_id = r.card_id
         WHERE r.stepped = 1
         ORDER BY r.card_id, r.hlc, r.uid",
        state::PREV_COLUMNS,
        state::COLUMNS
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut chain: Option<Chain> = None;
    let close = |c: Option<Chain>, out: &mut Vec<String>| {
        if let Some(c) = c {
            if c.broken || (c.last_hlc >= rebuilt && c.last_new != c.stored) {
                out.push(c.guid);
            }
        }
    };
    while let Some(r) = rows.next()? {
        let card_id: i64 = r.get(1)?;
        let hlc: i64 = r.get::<_, Option<i64>>(2)?.unwrap_or(0);
        let prev = state::from_row(r, 3)?;
        let new = state::from_row(r, 3 + state::PREV_COUNT)?;
        match &mut chain {
            Some(c) if c.card_id == card_id => {
                let restarted = c.last_hlc < rebuilt && hlc >= rebuilt;
                c.broken |= !restarted && c.last_new != prev;
                c.last_new = new;
                c.last_hlc = hlc;
            }
            _ => {
                close(chain.take(), &mut out);
                if out.len() >= limit {
                    return Ok(out);
                }
                chain = Some(Chain {
                    card_id,
                    guid: r.get(0)?,
                    last_new: new,
                    last_hlc: hlc,
                    stored: state::from_row(r, 3 + 2 * state::PREV_COUNT)?,
                    broken: false,
                });
            }
        }
    }
    close(chain, &mut out);
    out.truncate(limit);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_sync_dropped_before_its_commit_rolls_back_and_gives_the_cache_back() {
        let mut store = Store::open_in_memory().unwrap();
        let cache = read(&store.conn, "PRAGMA cache_size");
        let hlc = read(&store.conn, "SELECT hlc FROM sync_device");
        {
            let tx = store.begin_sync().unwrap();
            tx.conn
                .execute("UPDATE sync_device SET hlc = hlc + 1000", [])
                .unwrap();
            let bigger = read(tx.conn, "PRAGMA cache_size");
            assert_eq!(bigger, crate::store::import::IMPORT_CACHE_KIB);
        }
        assert!(store.conn.is_autocommit(), "the transaction is closed");
        assert_eq!(read(&store.conn, "PRAGMA cache_size"), cache);
        assert_eq!(read(&store.conn, "SELECT hlc FROM sync_device"), hlc);
        store.begin_sync().unwrap().commit().unwrap();
    }
}
