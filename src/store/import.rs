//! Importing decks: one transaction for everything, cards matched by guid so progress is kept.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use rusqlite::{Connection, OptionalExtension, Statement, ToSql, params};

use super::bulk_index::BulkIndex;
use super::events::BulkEvents;
use super::{Result, Store, StoreError};
use crate::core::model::{CardDraft, DeckDraft, KeyPoint, counts_toward_level};
use crate::core::schedule::CardState;

/// Where decks come from: the binary's built-in decks or the user's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    User,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::User => "user",
        }
    }
}

/// What an import did (or, in a dry run, would do) to one deck.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeckReport {
    pub name: String,
    /// The deck did not exist before.
    pub created: bool,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Cards that came from another deck (same id).
    pub moved: usize,
    /// Cards given their scheduling from the file (they had no progress yet).
    pub scheduled: usize,
    /// Ids of cards in the deck that the file no longer has; they are kept.
    pub missing: Vec<String>,
    /// With `prune`: the cards the file no longer has, moved to the trash instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pruned: Vec<String>,
    /// Cards of the file that are in the trash: left there (`recall trash restore`).
    #[serde(skip_serializing_if = "is_zero")]
    pub in_trash: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if takes a reference
fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub decks: Vec<DeckReport>,
}

/// How an import runs.
#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    pub origin: Origin,
    pub now_ms: i64,
    /// Roll everything back at the end: the report says what would have changed.
    pub dry_run: bool,
    /// Initial SM-2 states by card id (from an Anki package's scheduling); applied only
    /// to cards without a state, so progress made here is never overwritten.
    pub initial_states: Option<&'a HashMap<String, CardState>>,
    /// Former ids by card id (`formats::Parsed::formerly`): a card found by neither its
    /// id nor anything of this import takes its id from the stored card of its former id.
    pub former_ids: Option<&'a HashMap<String, String>>,
    /// Card ids suspended where they come from; applied only to cards this import adds,
    /// so a learner's own suspend or unsuspend here is never undone.
    pub initially_suspended: Option<&'a HashSet<String>>,
    /// Called once per card, for a progress bar.
    pub progress: Option<&'a dyn Fn()>,
    /// Keep stored cards where they are in their deck and add new ones at its end,
    /// instead of placing every card in file order (`recall add`, `recall edit`).
    pub keep_order: bool,
    /// Move the cards of the import's decks that it does not hold to the trash.
    pub prune: bool,
}

impl ImportOptions<'_> {
    #[must_use]
    pub fn new(origin: Origin, now_ms: i64, dry_run: bool) -> ImportOptions<'static> {
        ImportOptions {
            origin,
            now_ms,
            dry_run,
            initial_states: None,
            former_ids: None,
            initially_suspended: None,
            progress: None,
            keep_order: false,
            prune: false,
        }
    }
}

/// A stored card's authored fields, to tell an update from no change.
struct Stored {
    id: i64,
    deck_id: i64,
    stage: u8,
    kind: String,
    front: String,
    back: String,
    choices: Option<String>,
    tags: String,
    ord: i64,
    key_points: Option<String>,
    levelled: bool,
    note: String,
    ordered: Option<bool>,
    db: Option<String>,
}

/// Tags are stored space-separated, so spaces inside a tag become `_` (as in Anki).
fn tags_text(tags: &[String]) -> String {
    tags.iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn choices_text(choices: &[String]) -> Option<String> {
    (!choices.is_empty()).then(|| serde_json::to_string(choices).unwrap_or_default())
}

fn key_points_text(points: &[KeyPoint]) -> Option<String> {
    (!points.is_empty()).then(|| serde_json::to_string(points).unwrap_or_default())
}

impl Store {
    /// Imports decks in one transaction: cards are matched by guid; new ones are added,
    /// changed ones updated in place (their progress kept), and cards missing from a
    /// file stay and are reported. With `dry_run` the transaction is rolled back.
    pub fn import(
        &mut self,
        decks: &[DeckDraft],
        origin: Origin,
        now_ms: i64,
        dry_run: bool,
    ) -> Result<ImportReport> {
        self.import_with(decks, &ImportOptions::new(origin, now_ms, dry_run))
    }

    /// `import` with every option: initial states and a progress callback.
    pub fn import_with(
        &mut self,
        decks: &[DeckDraft],
        opts: &ImportOptions<'_>,
    ) -> Result<ImportReport> {
        let mut session = self.begin_import(*opts)?;
        for deck in decks {
            session.deck(&deck.name, Some(&deck.description))?;
            for card in &deck.cards {
                session.card(&deck.name, card)?;
            }
        }
        session.finish()
    }

    /// Starts an import that takes cards one at a time (a file streamed row by row), all
    /// in one transaction: `finish` commits it (or, for a dry run, rolls it back) and
    /// reports; dropping the session without `finish` rolls everything back.
    pub fn begin_import<'o>(&mut self, opts: ImportOptions<'o>) -> Result<ImportSession<'_, 'o>> {
        // A big import rewrites many pages at once; the default 2 MB cache would reread
        // them from the write-ahead log over and over. The cache only grows as it is used.
        self.conn
            .pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        // A dry run plans from reads alone: it takes no write lock and inserts nothing.
        let ((bulk, bulk_events), last_before) = if opts.dry_run {
            self.conn.execute_batch("BEGIN")?;
            ((None, None), None)
        } else {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            super::events::settle_clock(&self.conn)?;
            let last: i64 =
                self.conn
                    .query_row("SELECT coalesce(max(id), 0) FROM cards", [], |r| r.get(0))?;
            let index = BulkIndex::begin(&self.conn, last)?;
            let events = BulkEvents::begin(&self.conn, last, opts.now_ms)?;
            ((index, events), Some(last))
        };
        let trashed = self
            .conn
            .prepare("SELECT guid FROM trash_cards")?
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|g| g.map(|g| id_hash(&g)))
            .collect::<rusqlite::Result<_>>()?;
        Ok(ImportSession {
            trashed,
            statements: Statements::prepare(&self.conn)?,
            conn: &self.conn,
            bulk,
            bulk_events,
            last_before,
            open: true,
            opts,
            decks: Vec::new(),
            by_name: HashMap::new(),
            seen: HashMap::default(),
            adopted: HashSet::default(),
        })
    }
}

/// The page cache of an import, in KiB (negative: `SQLite`'s unit for a size in KiB).
pub(super) const IMPORT_CACHE_KIB: i64 = -32_768;
/// `SQLite`'s default cache, restored after an import.
pub(super) const DEFAULT_CACHE_KIB: i64 = -2_000;

/// A deck as the import goes: its row, what happened to it, and its next position.
struct DeckState {
    id: i64,
    report: DeckReport,
    next_ord: i64,
    /// Cards of this import that ended up in this deck.
    in_file: i64,
}

/// An import in progress: one transaction, cards added one at a time.
pub struct ImportSession<'c, 'o> {
    conn: &'c Connection,
    statements: Statements<'c>,
    /// The search index of the cards this import adds, written at its end.
    bulk: Option<BulkIndex>,
    /// The card events' trigger set aside likewise (`store::events::BulkEvents`).
    bulk_events: Option<BulkEvents>,
    /// The transaction is still open (neither committed nor rolled back).
    open: bool,
    opts: ImportOptions<'o>,
    decks: Vec<DeckState>,
    by_name: HashMap<String, usize>,
    /// The largest card number before the import (`None` in a dry run): the cards it
    /// inserts have larger ones, so the database itself tells a card inserted by this
    /// import — found again by its id, a duplicate — from one stored before.
    last_before: Option<i64>,
    /// A hash of card ids of the import and the deck each went to: those matched to a
    /// stored card or found in the trash (in a dry run, every card). 16 bytes a card
    /// instead of the ids themselves; a new deck's cards, all inserted, need none.
    seen: HashMap<u64, usize, BuildHasherDefault<Prehashed>>,
    /// A hash of every card id in the trash: such cards stay there until restored
    /// (`store::trash`), so no import brings them back. Checked in memory, so that an
    /// import costs the same whatever the trash holds.
    trashed: HashSet<u64, BuildHasherDefault<Prehashed>>,
    /// In a dry run, the stored cards that cards of the import would take over by their
    /// former id (`adopt` renames them in a real import).
    adopted: HashSet<u64, BuildHasherDefault<Prehashed>>,
}

/// The statements every card runs, prepared once per import.
struct Statements<'c> {
    insert: Statement<'c>,
    find: Statement<'c>,
    update: Statement<'c>,
}

impl<'c> Statements<'c> {
    fn prepare(conn: &'c Connection) -> Result<Statements<'c>> {
        Ok(Statements {
            // Cards whose id is taken already are not inserted; they take `find`.
            insert: conn.prepare(
                "INSERT INTO cards (guid, deck_id, stage, kind, front, back, choices, tags, ord,
                                    key_points, levelled, note, ordered, db, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?11, ?12, ?13, ?14, ?15, ?10, ?10)
                 ON CONFLICT (guid) DO NOTHING",
            )?,
            find: conn.prepare(
                "SELECT id, deck_id, stage, kind, front, back, choices, tags, ord, key_points, levelled,
                        note, ordered, db
                 FROM cards WHERE guid = ?1",
            )?,
            update: conn.prepare(
                "UPDATE cards SET deck_id = ?2, stage = ?3, kind = ?4, front = ?5, back = ?6, choices = ?7,
                                  tags = ?8, ord = ?9, updated_at = ?10, key_points = ?11,
                                  levelled = ?12, note = ?13, ordered = ?14, db = ?15
                 WHERE id = ?1",
            )?,
        })
    }
}

/// A hasher for keys that are hashes already (`id_hash`): it passes them through.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A 64-bit hash of a card id (FNV-1a): collisions are astronomically rare, and at worst
/// report a duplicate that is not one.
fn id_hash(guid: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in guid.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl<'c> ImportSession<'c, '_> {
    /// The connection the session's transaction is open on (the review log's import
    /// writes in the same transaction).
    pub(super) fn connection(&self) -> &'c Connection {
        self.conn
    }

    /// Makes sure a deck exists (created if needed); a given description replaces the
    /// stored one. Returns its index in the session.
    pub fn deck(&mut self, name: &str, description: Option<&str>) -> Result<usize> {
        if let Some(&i) = self.by_name.get(name) {
            return Ok(i);
        }
        let mut report = DeckReport {
            name: name.to_string(),
            ..DeckReport::default()
        };
        let existing: Option<i64> = self
            .conn
            .query_row("SELECT id FROM decks WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        let id = if let Some(id) = existing {
            if let (Some(d), false) = (description, self.opts.dry_run) {
                self.conn.execute(
                    "UPDATE decks SET description = ?2 WHERE id = ?1 AND description != ?2",
                    params![id, d],
                )?;
            }
            id
        } else if self.opts.dry_run {
            report.created = true;
            // Planned, not made: a number no deck has, so every card counts as added or
            // moved here.
            -1 - i64::try_from(self.decks.len()).unwrap_or(0)
        } else {
            report.created = true;
            self.conn.execute(
                "INSERT INTO decks (name, description, origin, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![
                    name,
                    description.unwrap_or(""),
                    self.opts.origin.as_str(),
                    self.opts.now_ms
                ],
            )?;
            self.conn.last_insert_rowid()
        };
        // Kept in place, new cards go after the deck's last card.
        let next_ord = if self.opts.keep_order {
            self.conn.query_row(
                "SELECT coalesce(max(ord) + 1, 0) FROM cards WHERE deck_id = ?1",
                [id],
                |r| r.get(0),
            )?
        } else {
            0
        };
        self.decks.push(DeckState {
            id,
            report,
            next_ord,
            in_file: 0,
        });
        self.by_name.insert(name.to_string(), self.decks.len() - 1);
        Ok(self.decks.len() - 1)
    }

    /// Adds or updates one card in `deck` (created if needed), in file order.
    pub fn card(&mut self, deck: &str, card: &CardDraft) -> Result<()> {
        let d = self.deck(deck, None)?;
        let h = id_hash(&card.guid);
        if self.seen.contains_key(&h) {
            return Err(twice(&card.guid, deck));
        }
        if self.opts.dry_run {
            self.seen.insert(h, d);
        }
        if self.trashed.contains(&h) && self.in_trash(&card.guid)? {
            self.seen.insert(h, d);
            self.decks[d].report.in_trash += 1;
            return Ok(());
        }
        let former = self.opts.former_ids.and_then(|m| m.get(&card.guid));
        if let (Some(former), false) = (former, self.opts.dry_run) {
            self.adopt(&card.guid, former)?;
        }
        let state = &mut self.decks[d];
        let wanted = Wanted::of(card, state.id, state.next_ord);
        let placed = if self.opts.dry_run {
            let former = former.filter(|f| !self.seen.contains_key(&id_hash(f)));
            let mut plan = Plan {
                st: &mut self.statements,
                adopted: &mut self.adopted,
                opts: self.opts,
            };
            plan.card(card, former, wanted, &mut state.report)?
        } else {
            let placed = upsert(
                self.conn,
                &mut self.statements,
                card,
                wanted,
                self.opts,
                &mut state.report,
            )?;
            if let Some(Placed {
                id: Some(id),
                added: false,
            }) = placed
            {
                if self.last_before.is_some_and(|last| id > last) {
                    return Err(twice(&card.guid, deck));
                }
                self.seen.insert(h, d);
            }
            placed
        };
        let Some(placed) = placed else {
            state.report.in_trash += 1;
            return Ok(());
        };
        if placed.added || !self.opts.keep_order {
            state.next_ord += 1;
        }
        state.in_file += 1;
        if let Some(s) = self.opts.initial_states.and_then(|m| m.get(&card.guid)) {
            let scheduled = match placed.id {
                Some(id) if self.opts.dry_run => usize::from(!self.has_state(id)?),
                Some(id) => super::state::write_first(self.conn, id, s)?,
                None => 1,
            };
            self.decks[d].report.scheduled += scheduled;
        }
        if let (true, Some(id)) = (placed.added, placed.id) {
            if self
                .opts
                .initially_suspended
                .is_some_and(|s| s.contains(&card.guid))
            {
                self.conn
                    .execute("UPDATE cards SET suspended = 1 WHERE id = ?1", [id])?;
            }
        }
        if let Some(tick) = self.opts.progress {
            tick();
        }
        Ok(())
    }

    /// Whether a stored card has been answered (it has a scheduling state).
    fn has_state(&self, id: i64) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM card_state WHERE card_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Gives the stored card of id `former` the id `guid`, unless a card has `guid`
    /// already or this import has a card of id `former` too (it stays that one's).
    fn adopt(&self, guid: &str, former: &str) -> Result<()> {
        if self.seen.contains_key(&id_hash(former)) {
            return Ok(());
        }
        // A card of id `former` inserted by this import has a number above `last_before`.
        self.conn.execute(
            "UPDATE cards SET guid = ?1 WHERE guid = ?2 AND id <= ?3
               AND NOT EXISTS (SELECT 1 FROM cards WHERE guid = ?1)",
            params![guid, former, self.last_before.unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Reports each deck's cards the import did not mention (they are kept), then commits,
    /// or rolls back for a dry run.
    pub fn finish(mut self) -> Result<ImportReport> {
        if let Some(bulk) = self.bulk.take() {
            bulk.finish(self.conn)?;
        }
        if let Some(events) = self.bulk_events.take() {
            events.finish(self.conn)?;
        }
        for i in 0..self.decks.len() {
            let missing = self.missing(i)?;
            if self.opts.prune && self.opts.dry_run {
                self.decks[i].report.pruned = missing;
            } else if self.opts.prune && !missing.is_empty() {
                let sql = super::trash::TrashSql::new(self.conn)?;
                for guid in &missing {
                    let id: i64 = self.conn.query_row(
                        "SELECT id FROM cards WHERE guid = ?1",
                        [guid],
                        |r| r.get(0),
                    )?;
                    super::trash::trash_card(self.conn, &sql, id, self.opts.now_ms)?;
                }
                self.decks[i].report.pruned = missing;
            } else {
                self.decks[i].report.missing = missing;
            }
            // A deck this import created and left empty (its cards are all in the trash:
            // a deleted built-in deck, say) is not brought back empty.
            let deck = &self.decks[i];
            if deck.report.created && deck.in_file == 0 && !self.opts.dry_run {
                self.conn
                    .execute("DELETE FROM decks WHERE id = ?1", [deck.id])?;
            }
        }

        let report = ImportReport {
            dry_run: self.opts.dry_run,
            decks: std::mem::take(&mut self.decks)
                .into_iter()
                .map(|d| d.report)
                .collect(),
        };
        self.conn.execute_batch(if self.opts.dry_run {
            "ROLLBACK"
        } else {
            "COMMIT"
        })?;

        self.open = false;
        Ok(report)
    }

    /// Whether a card id is in the trash (its hash was: hashes may collide).
    fn in_trash(&self, guid: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM trash_cards WHERE guid = ?1)",
            [guid],
            |r| r.get(0),
        )?)
    }

    /// The ids of a deck's cards that this import did not mention.
    fn missing(&self, i: usize) -> Result<Vec<String>> {
        let deck = &self.decks[i];
        // Only if the deck holds more cards than the import put in it are some missing,
        // and only then are its ids worth reading back.
        let in_deck: i64 = self.conn.query_row(
            "SELECT count(*) FROM cards WHERE deck_id = ?1",
            [deck.id],
            |r| r.get(0),
        )?;
        // A dry run added and moved nothing: those cards of the file are not in the deck.
        let planned = if self.opts.dry_run {
            deck.report.added + deck.report.moved
        } else {
            0
        };
        if in_deck <= deck.in_file - i64::try_from(planned).unwrap_or(0) {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, guid FROM cards WHERE deck_id = ?1 ORDER BY ord, id")?;
        let rows = stmt.query_map([deck.id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut missing = Vec::new();
        for row in rows {
            let (id, guid) = row?;
            // Inserted by this import (so mentioned by it), in this deck.
            if self.last_before.is_some_and(|last| id > last) {
                continue;
            }
            // In a dry run a card the file puts in another deck is still in this one.
            let h = id_hash(&guid);
            let mentioned = matches!(self.seen.get(&h), Some(&j) if j == i || self.opts.dry_run)
                || self.adopted.contains(&h);
            if !mentioned {
                missing.push(guid);
            }
        }
        Ok(missing)
    }
}

impl Drop for ImportSession<'_, '_> {
    fn drop(&mut self) {
        // An import given up half-way (a bad row, an error) leaves no trace.
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self
            .conn
            .pragma_update(None, "cache_size", DEFAULT_CACHE_KIB);
    }
}

/// The error of a card id given twice.
fn twice(guid: &str, deck: &str) -> StoreError {
    StoreError::Invalid(format!(
        "card id `{guid}` appears twice in this import (in deck `{deck}`); ids must be unique"
    ))
}

/// Where a card of the import went: its number (unknown for a card a dry run would add),
/// and whether it is new.
struct Placed {
    id: Option<i64>,
    added: bool,
}

/// Inserts a card, or updates the stored card with its id; `None` for a card in the trash
/// (left there).
fn upsert(
    conn: &Connection,
    st: &mut Statements<'_>,
    card: &CardDraft,
    mut w: Wanted<'_>,
    opts: ImportOptions<'_>,
    report: &mut DeckReport,
) -> Result<Option<Placed>> {
    let now_ms = opts.now_ms;
    // Most cards of an import are new: inserting straight away saves a lookup each.
    let inserted = st.insert.execute(w.params(&card.guid, &now_ms))?;
    if inserted == 1 {
        report.added += 1;
        return Ok(Some(Placed {
            id: Some(conn.last_insert_rowid()),
            added: true,
        }));
    }
    let Some(old) = find(st, &card.guid)? else {
        return Ok(None);
    };
    if compare(&old, &mut w, opts, report) {
        st.update.execute(w.params(&old.id, &now_ms))?;
    }
    Ok(Some(Placed {
        id: Some(old.id),
        added: false,
    }))
}

/// What `upsert` would do, from reads alone (a dry run).
struct Plan<'p, 'c, 'o> {
    st: &'p mut Statements<'c>,
    adopted: &'p mut HashSet<u64, BuildHasherDefault<Prehashed>>,
    opts: ImportOptions<'o>,
}

impl Plan<'_, '_, '_> {
    /// The stored card is looked up by its id, or by its former id when it would take the
    /// new one (`adopt`); a stored card taken over that way no longer has its old id, so
    /// a card of the import with that id would be added.
    fn card(
        &mut self,
        card: &CardDraft,
        former: Option<&String>,
        mut w: Wanted<'_>,
        report: &mut DeckReport,
    ) -> Result<Option<Placed>> {
        let mut old =
            find(self.st, &card.guid)?.filter(|_| !self.adopted.contains(&id_hash(&card.guid)));
        // A stored card is taken over once: the first card naming it renames it.
        let former = former.filter(|f| !self.adopted.contains(&id_hash(f)));
        if let (None, Some(former)) = (&old, former) {
            old = find(self.st, former)?;
            if old.is_some() {
                self.adopted.insert(id_hash(former));
            }
        }
        let Some(old) = old else {
            report.added += 1;
            return Ok(Some(Placed {
                id: None,
                added: true,
            }));
        };
        compare(&old, &mut w, self.opts, report);
        Ok(Some(Placed {
            id: Some(old.id),
            added: false,
        }))
    }
}

/// The stored card with id `guid`.
fn find(st: &mut Statements<'_>, guid: &str) -> Result<Option<Stored>> {
    Ok(st
        .find
        .query_row([guid], |r| {
            Ok(Stored {
                id: r.get(0)?,
                deck_id: r.get(1)?,
                stage: r.get(2)?,
                kind: r.get(3)?,
                front: r.get(4)?,
                back: r.get(5)?,
                choices: r.get(6)?,
                tags: r.get(7)?,
                ord: r.get(8)?,
                key_points: r.get(9)?,
                levelled: r.get(10)?,
                note: r.get(11)?,
                ordered: r.get(12)?,
                db: r.get(13)?,
            })
        })
        .optional()?)
}

/// Counts a stored card as unchanged, updated or moved; true when it needs writing.
fn compare(
    old: &Stored,
    w: &mut Wanted<'_>,
    opts: ImportOptions<'_>,
    report: &mut DeckReport,
) -> bool {
    if opts.keep_order && old.deck_id == w.deck_id {
        w.ord = old.ord;
    }
    if w.matches(old) {
        report.unchanged += 1;
        return false;
    }
    if old.deck_id == w.deck_id {
        report.updated += 1;
    } else {
        report.moved += 1;
    }
    true
}

/// A card as it should be stored, borrowing its texts from the draft.
struct Wanted<'a> {
    deck_id: i64,
    stage: u8,
    kind: &'static str,
    front: &'a str,
    back: &'a str,
    choices: Option<String>,
    tags: String,
    ord: i64,
    key_points: Option<String>,
    levelled: bool,
    note: &'a str,
    ordered: Option<bool>,
    db: Option<&'a str>,
}

impl<'a> Wanted<'a> {
    /// The values of the insert and update statements: the card's key (its guid, or its
    /// row id), then the card, its time of change at ?10, key points, level flag, note
    /// and SQL options.
    fn params(&'a self, key: &'a dyn ToSql, now_ms: &'a i64) -> [&'a dyn ToSql; 15] {
        [
            key,
            &self.deck_id,
            &self.stage,
            &self.kind,
            &self.front,
            &self.back,
            &self.choices,
            &self.tags,
            &self.ord,
            now_ms,
            &self.key_points,
            &self.levelled,
            &self.note,
            &self.ordered,
            &self.db,
        ]
    }

    fn of(card: &CardDraft, deck_id: i64, ord: i64) -> Wanted<'_> {
        Wanted {
            deck_id,
            stage: card.stage.number(),
            kind: card.kind.as_str(),
            front: &card.front,
            back: &card.back,
            choices: choices_text(&card.choices),
            tags: tags_text(&card.tags),
            ord,
            key_points: key_points_text(&card.key_points),
            levelled: counts_toward_level(&card.tags),
            note: &card.note,
            ordered: card.sql.ordered,
            db: card.sql.db.as_deref(),
        }
    }

    /// Equal in everything an import can change (the row id aside).
    fn matches(&self, s: &Stored) -> bool {
        (
            self.deck_id,
            self.stage,
            self.kind,
            self.front,
            self.back,
            &self.choices,
            &self.tags,
            self.ord,
            &self.key_points,
            self.levelled,
        ) == (
            s.deck_id,
            s.stage,
            s.kind.as_str(),
            s.front.as_str(),
            s.back.as_str(),
            &s.choices,
            &s.tags,
            s.ord,
            &s.key_points,
            s.levelled,
        ) && (self.note, self.ordered, self.db) == (s.note.as_str(), s.ordered, s.db.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{CardId, CardKind, Stage};

    fn deck(back: &str) -> Vec<DeckDraft> {
        vec![DeckDraft {
            name: "D".into(),
            description: String::new(),
            cards: vec![CardDraft {
                guid: "d/1".into(),
                stage: Stage::Beginner,
                kind: CardKind::Basic,
                front: "f".into(),
                back: back.into(),
                choices: vec![],
                tags: vec![],
                key_points: vec![],
                note: String::new(),
                sql: crate::core::model::SqlOptions::default(),
            }],
        }]
    }

    fn state(interval_days: u32) -> CardState {
        CardState {
            reps: 2,
            interval_days,
            due_day: 20_100,
            lapses: 1,
            last_quality: 4,
            last_reviewed_at: 5,
            mastered: true,
            retained_days: 0,
            memory: crate::core::schedule::Memory::sm2(240),
        }
    }

    fn import(
        store: &mut Store,
        back: &str,
        states: &HashMap<String, CardState>,
        dry: bool,
    ) -> ImportReport {
        let opts = ImportOptions {
            initial_states: Some(states),
            initially_suspended: None,
            ..ImportOptions::new(Origin::User, 1, dry)
        };
        store.import_with(&deck(back), &opts).unwrap()
    }

    fn stored(store: &Store) -> Option<CardState> {
        store.card_by_guid("d/1").unwrap().and_then(|c| c.state)
    }

    #[test]
    fn initial_states_apply_once_and_never_overwrite() {
        let mut store = Store::open_in_memory().unwrap();
        let mut states = HashMap::new();
        states.insert("d/1".to_string(), state(8));
        let dry = import(&mut store, "b", &states, true);
        assert_eq!(dry.decks[0].scheduled, 1);
        assert_eq!(stored(&store), None, "a dry run writes no state");
        let r = import(&mut store, "b", &states, false);
        assert_eq!((r.decks[0].added, r.decks[0].scheduled), (1, 1));
        assert_eq!(stored(&store), Some(state(8)));
        states.insert("d/1".to_string(), state(99));
        let r = import(&mut store, "b2", &states, false);
        assert_eq!((r.decks[0].updated, r.decks[0].scheduled), (1, 0));
        assert_eq!(
            stored(&store),
            Some(state(8)),
            "progress is never overwritten"
        );
    }

    #[test]
    fn a_card_known_by_its_former_id_takes_the_new_one_with_its_progress() {
        let mut store = Store::open_in_memory().unwrap();
        let mut states = HashMap::new();
        states.insert("d/1".to_string(), state(8));
        import(&mut store, "b", &states, false);
        let mut renamed = deck("b");
        renamed[0].cards[0].guid = "d/1/c1".into();
        let mut formerly = HashMap::new();
        formerly.insert("d/1/c1".to_string(), "d/1".to_string());
        let opts = ImportOptions {
            former_ids: Some(&formerly),
            ..ImportOptions::new(Origin::User, 2, false)
        };
        let r = store.import_with(&renamed, &opts).unwrap();
        assert_eq!((r.decks[0].added, r.decks[0].unchanged), (0, 1));
        assert!(store.card_by_guid("d/1").unwrap().is_none());
        let card = store.card_by_guid("d/1/c1").unwrap().unwrap();
        assert_eq!(card.state, Some(state(8)));
        // Once adopted, the former id is not looked for again; a card that has the new id
        // already is never given another's.
        import(&mut store, "b", &HashMap::new(), false);
        let r = store.import_with(&renamed, &opts).unwrap();
        assert_eq!((r.decks[0].added, r.decks[0].unchanged), (0, 1));
        assert!(store.card_by_guid("d/1").unwrap().is_some());
    }

    #[test]
    fn progress_is_reported_per_card() {
        let mut store = Store::open_in_memory().unwrap();
        let ticks = std::cell::Cell::new(0);
        let tick = || ticks.set(ticks.get() + 1);
        let opts = ImportOptions {
            progress: Some(&tick),
            ..ImportOptions::new(Origin::User, 1, false)
        };
        store.import_with(&deck("b"), &opts).unwrap();
        assert_eq!(ticks.get(), 1);
    }

    #[test]
    fn an_id_twice_is_refused_whether_the_card_is_new_stored_or_in_the_trash() {
        let mut store = Store::open_in_memory().unwrap();
        let one = |id: u8| DeckDraft {
            name: "A".into(),
            description: String::new(),
            cards: vec![random_card(id, 0, 0)],
        };
        store
            .import(&[one(1), one(2)], Origin::User, 1, false)
            .unwrap();
        let trashed = store.card_by_guid("g/2").unwrap().unwrap().id;
        store.trash_cards(&[trashed], 2).unwrap();
        // g/3 is new, g/1 stored, g/2 in the trash: each given twice, for real and dry.
        for id in [3, 1, 2] {
            for dry in [false, true] {
                let twice = [one(id), one(id)];
                let err = store.import(&twice, Origin::User, 3, dry).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    format!(
                        "card id `g/{id}` appears twice in this import (in deck `A`); ids must be unique"
                    ),
                    "dry run: {dry}"
                );
            }
        }
        // Nothing of the refused imports stayed.
        assert!(store.card_by_guid("g/3").unwrap().is_none());
    }

    #[test]
    fn a_card_new_in_this_import_is_never_taken_over_by_a_former_id() {
        let mut store = Store::open_in_memory().unwrap();
        // g/5 is added by this import; g/6 then names g/5 as its former id: g/5 stays.
        let mut formerly = HashMap::new();
        formerly.insert("g/6".to_string(), "g/5".to_string());
        let decks = [DeckDraft {
            name: "A".into(),
            description: String::new(),
            cards: vec![random_card(5, 0, 0), random_card(6, 0, 0)],
        }];
        let opts = |dry_run| ImportOptions {
            former_ids: Some(&formerly),
            ..ImportOptions::new(Origin::User, 1, dry_run)
        };
        let planned = store.import_with(&decks, &opts(true)).unwrap();
        let done = store.import_with(&decks, &opts(false)).unwrap();
        assert_eq!(planned.decks, done.decks);
        assert_eq!(done.decks[0].added, 2);
        assert!(store.card_by_guid("g/5").unwrap().is_some());
        assert!(store.card_by_guid("g/6").unwrap().is_some());
    }

    /// A card of a random import: an id out of a small pool (so imports meet stored cards),
    /// a deck out of three, a text out of two (so some are changed).
    fn random_card(id: u8, text: u8, stage: u8) -> CardDraft {
        CardDraft {
            guid: format!("g/{id}"),
            stage: if stage == 0 {
                Stage::Beginner
            } else {
                Stage::Advanced
            },
            front: format!("front {id}"),
            back: format!("back {text}"),
            ..deck("b")[0].cards[0].clone()
        }
    }

    fn random_import(cards: &[(u8, u8, u8, u8)]) -> Vec<DeckDraft> {
        let mut decks: Vec<DeckDraft> = ["A", "B", "C"]
            .iter()
            .map(|n| DeckDraft {
                name: (*n).to_string(),
                description: String::new(),
                cards: Vec::new(),
            })
            .collect();
        let mut seen = HashSet::new();
        for &(id, deck, text, stage) in cards {
            if seen.insert(id) {
                decks[usize::from(deck % 3)]
                    .cards
                    .push(random_card(id, text, stage));
            }
        }
        decks.retain(|d| !d.cards.is_empty());
        decks
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// A dry run plans from reads alone, and its plan is what the import then does:
        /// the same counts, missing and pruned cards, moves, adoptions and schedules.
        #[test]
        fn a_dry_run_reports_exactly_what_the_import_then_does(
            first in proptest::collection::vec((0u8..40, 0u8..3, 0u8..2, 0u8..2), 0..30),
            second in proptest::collection::vec((0u8..40, 0u8..3, 0u8..2, 0u8..2), 0..30),
            trashed in proptest::collection::vec(0u8..40, 0..3),
            renamed in proptest::collection::vec((0u8..40, 40u8..45), 0..3),
            keep_order: bool,
            prune: bool,
        ) {
            let mut store = Store::open_in_memory().unwrap();
            // Some stored cards come with a state (answered), so a second import's state
            // for them is not applied, and a dry run must say so too.
            let answered: HashMap<String, CardState> = first
                .iter()
                .step_by(2)
                .map(|(id, _, _, _)| (format!("g/{id}"), state(3)))
                .collect();
            let first_opts = ImportOptions {
                initial_states: Some(&answered),
                ..ImportOptions::new(Origin::User, 1, false)
            };
            store.import_with(&random_import(&first), &first_opts).unwrap();
            let ids: Vec<CardId> = trashed
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter_map(|t| store.card_by_guid(&format!("g/{t}")).unwrap().map(|c| c.id))
                .collect();
            store.trash_cards(&ids, 2).unwrap();
            // Cards that come back under a new id (40–44) name their stored id as former.
            let formerly: HashMap<String, String> = renamed
                .iter()
                .map(|(old, new)| (format!("g/{new}"), format!("g/{old}")))
                .collect();
            let mut states = HashMap::new();
            for (id, _, _, _) in second.iter().step_by(3) {
                states.insert(format!("g/{id}"), state(5));
            }
            let mut decks = random_import(&second);
            for (_, new) in &renamed {
                if let Some(d) = decks.first_mut() {
                    if !d.cards.iter().any(|c| c.guid == format!("g/{new}")) {
                        d.cards.push(random_card(*new, 0, 0));
                    }
                }
            }
            let opts = |dry_run| ImportOptions {
                initial_states: Some(&states),
                former_ids: Some(&formerly),
                keep_order,
                prune,
                ..ImportOptions::new(Origin::User, 3, dry_run)
            };
            let planned = store.import_with(&decks, &opts(true));
            let done = store.import_with(&decks, &opts(false));
            match (planned, done) {
                (Ok(planned), Ok(done)) => {
                    proptest::prop_assert!(planned.dry_run);
                    proptest::prop_assert_eq!(planned.decks, done.decks);
                }
                (Err(p), Err(d)) => proptest::prop_assert_eq!(p.to_string(), d.to_string()),
                (p, d) => proptest::prop_assert!(false, "dry run {p:?}, import {d:?}"),
            }
        }
    }
}
