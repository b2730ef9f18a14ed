//! The events that sync carries (`core::sync`): this device's id and clock, an answer's id
//! and clock (its log row is its event), the events made in Rust (undo, trash, restore,
//! suspension, deck renames, settings), and an import's new cards noted for the next sync.
//! Answers logged without an id and user cards changed get theirs by trigger (migration 11),
//! so every path that writes them does.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::core::sync::{EventKind, Hlc};

/// This database's device: its id and the name it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub name: String,
}

pub(super) fn device(conn: &Connection) -> Result<Device> {
    Ok(conn
        .prepare_cached("SELECT device, name FROM sync_device WHERE id = 1")?
        .query_row([], |r| {
            Ok(Device {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?)
}

/// The last clock reading this device made or saw: its stored clock, or its last answer's
/// (an answer does not write the stored clock: `mint_answer`).
pub(super) fn last_hlc(conn: &Connection) -> Result<Hlc> {
    let (stored, answered): (i64, Option<i64>) = conn
        .prepare_cached(
            "SELECT hlc, (SELECT hlc FROM reviews ORDER BY id DESC LIMIT 1)
             FROM sync_device WHERE id = 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Hlc(stored.max(answered.unwrap_or(0))))
}

/// Notes this device's clock as its last answer's when that is later: an answer does not
/// write the stored clock, and the log's last row stops being this device's last answer
/// once other rows are inserted (from sync, from the trash, from an imported log), so
/// every such write settles the clock first.
pub(super) fn settle_clock(conn: &Connection) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sync_device SET hlc = max(hlc,
           coalesce((SELECT hlc FROM reviews ORDER BY id DESC LIMIT 1), 0)) WHERE id = 1",
    )?
    .execute([])?;
    Ok(())
}

/// Moves this device's clock past `seen` (an event from another device).
pub(super) fn observe(conn: &Connection, seen: Hlc) -> Result<()> {
    conn.prepare_cached("UPDATE sync_device SET hlc = max(hlc, ?1) WHERE id = 1")?
        .execute([seen.0])?;
    Ok(())
}

/// Whether sync is applying other devices' events (this device's own are not recorded).
pub(super) fn set_applying(conn: &Connection, on: bool) -> Result<()> {
    conn.execute("UPDATE sync_device SET applying = ?1 WHERE id = 1", [on])?;
    Ok(())
}

/// A new clock reading and event id of this device, at wall-clock `now_ms` (after every
/// event it has made or seen), noted as its last.
fn mint(conn: &Connection, now_ms: i64) -> Result<(Hlc, String)> {
    let hlc = Hlc::tick(last_hlc(conn)?, now_ms);
    conn.prepare_cached("UPDATE sync_device SET hlc = ?1 WHERE id = 1")?
        .execute([hlc.0])?;
    Ok((hlc, crate::core::sync::new_event_id(hlc, rand::random())))
}

/// The clock reading and event id of a new answer, which writes its row with them: the
/// answer's row is its own event (migration 11), and its clock is found again as the last
/// row's, so an answer writes nothing but its row and its card's state.
pub(super) fn mint_answer(conn: &Connection, now_ms: i64) -> Result<(Hlc, String)> {
    let hlc = Hlc::tick(last_hlc(conn)?, now_ms);
    Ok((hlc, crate::core::sync::new_event_id(hlc, rand::random())))
}

/// Copies this device's answers to the cards `cards_sql` selects (a query of card ids,
/// with `?1` its one argument) that are not in its journal yet into `events`, before the
/// cards move to the trash (their rows leave `reviews`, where the journal reads answers).
pub(super) fn keep_unjournaled_answers(conn: &Connection, cards_sql: &str, arg: i64) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO events (id, hlc, device, kind, target, body)
         SELECT a.id, a.hlc, s.device, 'answer', a.target, a.body
         FROM reviews r JOIN answer_events a ON a.review_id = r.id, sync_device s
         WHERE r.card_id IN ({cards_sql}) AND r.hlc > s.answers_journaled_hlc
         ON CONFLICT DO NOTHING"
    ))?
    .execute([arg])?;
    Ok(())
}

/// Records an event of this device at wall-clock `now_ms`, unless sync is applying other
/// devices' events (then the change is theirs, already recorded).
pub(super) fn record(
    conn: &Connection,
    kind: EventKind,
    target: &str,
    body: &serde_json::Value,
    now_ms: i64,
) -> Result<()> {
    let applying: bool = conn
        .prepare_cached("SELECT applying FROM sync_device WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(true);
    if applying {
        return Ok(());
    }
    let (hlc, id) = mint(conn, now_ms)?;
    conn.prepare_cached(
        "INSERT INTO events (id, hlc, device, kind, target, body)
         SELECT ?1, ?2, device, ?3, ?4, ?5 FROM sync_device WHERE id = 1",
    )?
    .execute(params![id, hlc.0, kind.as_str(), target, body.to_string()])?;
    Ok(())
}

/// `kind` (no body) for every card of deck `deck_id`, at one clock reading (a deck moved
/// to the trash: one statement, not one per card).
pub(super) fn record_for_deck(
    conn: &Connection,
    kind: EventKind,
    deck_id: i64,
    now_ms: i64,
) -> Result<()> {
    let hlc = Hlc::tick(last_hlc(conn)?, now_ms);
    let n = conn.execute(
        "INSERT INTO events (id, hlc, device, kind, target, body)
         SELECT printf('%016x', ?1) || lower(hex(randomblob(8))), ?1, s.device, ?2, c.guid, '{}'
         FROM cards c, sync_device s WHERE c.deck_id = ?3 AND s.applying = 0",
        params![hlc.0, kind.as_str(), deck_id],
    )?;
    if n > 0 {
        conn.execute("UPDATE sync_device SET hlc = ?1 WHERE id = 1", [hlc.0])?;
    }
    Ok(())
}

/// The body of a card event whose text is the card's own, read from `cards` (and its deck)
/// when the event goes into the journal: the events of an import's new cards.
pub(super) const UNWRITTEN_BODY: &str = "";

/// Makes the events of the cards imports added since the last sync (`sync_new_cards`):
/// one for each card still here of a user deck, its body left to the journal's writer
/// (`UNWRITTEN_BODY`). Rows go in by card id, the order of the events' index.
pub(super) fn make_new_card_events(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO events (id, hlc, device, kind, target, body)
         SELECT printf('%016x', n.hlc + c.id - n.after_id - 1) || lower(hex(randomblob(8))),
                n.hlc + c.id - n.after_id - 1, s.device, 'card', c.guid, ''
         FROM sync_new_cards n JOIN cards c ON c.id > n.after_id AND c.id <= n.last_id
           JOIN decks d ON d.id = c.deck_id, sync_device s
         WHERE d.origin = 'user'
         ORDER BY c.guid
         ON CONFLICT DO NOTHING",
        [],
    )?;
    conn.execute("DELETE FROM sync_new_cards", [])?;
    Ok(())
}

/// The card trigger set aside for an import, whose new cards are noted at its end and get
/// their events at the next sync (as the search index is written at the end,
/// `store::bulk_index`): a trigger a row tripled the time of a 100,000-card import.
pub(super) struct BulkEvents {
    trigger_sql: String,
    last_before: i64,
    now_ms: i64,
}

impl BulkEvents {
    /// Sets the trigger aside (inside the import's transaction); `None` without one.
    pub(super) fn begin(
        conn: &Connection,
        last_before: i64,
        now_ms: i64,
    ) -> Result<Option<BulkEvents>> {
        let Some(trigger_sql) = super::bulk_index::set_aside(conn, "cards_event_added")? else {
            return Ok(None);
        };
        Ok(Some(BulkEvents {
            trigger_sql,
            last_before,
            now_ms,
        }))
    }

    /// Notes the cards the import inserted (`sync_new_cards`: their events are made by the
    /// next sync, `make_new_card_events`), each with a clock reading of its own in card
    /// order, and puts the trigger back.
    pub(super) fn finish(self, conn: &Connection) -> Result<()> {
        let last: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM cards", [], |r| r.get(0))?;
        if last > self.last_before {
            let base = Hlc::tick(last_hlc(conn)?, self.now_ms);
            conn.execute(
                "INSERT INTO sync_new_cards (after_id, last_id, hlc) VALUES (?1, ?2, ?3)",
                params![self.last_before, last, base.0],
            )?;
            conn.execute(
                "UPDATE sync_device SET hlc = max(hlc, ?1) WHERE id = 1",
                [base.0 + last - self.last_before - 1],
            )?;
        }
        conn.execute_batch(&self.trigger_sql)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// An empty store with one user deck, id 1.
    fn store_with_deck() -> Store {
        let store = Store::open_in_memory().unwrap();
        store
            .conn
            .execute(
                "INSERT INTO decks (id, name, created_at) VALUES (1, 'Bulk', 0)",
                [],
            )
            .unwrap();
        store
    }

    fn add_cards(conn: &Connection, from: i64, to: i64) {
        for id in from..=to {
            conn.execute(
                "INSERT INTO cards (id, guid, deck_id, front, back, created_at, updated_at)
                 VALUES (?1, 'bulk/' || ?1, 1, 'q', 'a', 0, 0)",
                [id],
            )
            .unwrap();
        }
    }

    #[test]
    fn a_deck_event_moves_the_clock_to_its_reading() {
        let store = store_with_deck();
        let conn = &store.conn;
        add_cards(conn, 1, 3);
        let far_ahead = 9_000_000_000_000;
        record_for_deck(conn, EventKind::Trash, 1, far_ahead).unwrap();
        let (events, reading): (i64, i64) = conn
            .query_row(
                "SELECT count(*), max(hlc) FROM events WHERE kind = 'trash'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(events, 3);
        assert!(reading >= far_ahead);
        // The next event must come after these, whatever the wall clock says.
        assert_eq!(last_hlc(conn).unwrap().0, reading);
    }

    #[test]
    fn a_bulk_import_notes_its_cards_and_leaves_the_clock_at_the_last_ones_reading() {
        let store = store_with_deck();
        let conn = &store.conn;
        add_cards(conn, 1, 2);
        let bulk = BulkEvents::begin(conn, 2, 5_000_000).unwrap().unwrap();
        add_cards(conn, 3, 12);
        bulk.finish(conn).unwrap();
        let (after, last, hlc): (i64, i64, i64) = conn
            .query_row(
                "SELECT after_id, last_id, hlc FROM sync_new_cards",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((after, last), (2, 12));
        assert!(hlc >= 5_000_000, "read from the clock: {hlc}");
        // Ten cards take the ten readings from `hlc` on; the clock stands at the last.
        let clock: i64 = conn
            .query_row("SELECT hlc FROM sync_device", [], |r| r.get(0))
            .unwrap();
        assert_eq!(clock, hlc + 9);
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events WHERE kind = 'card'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            events, 2,
            "only the cards added before, through the trigger"
        );
    }
}
