//! The events that sync carries (`core::sync`): this device's id and clock, and the events
//! made in Rust (undo, trash, restore, suspension, deck renames, settings). Answers and
//! cards make theirs by trigger (migration 11), so every path that writes them does.

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

/// The last clock reading this device made or saw.
pub(super) fn last_hlc(conn: &Connection) -> Result<Hlc> {
    Ok(Hlc(conn.query_row(
        "SELECT hlc FROM sync_device WHERE id = 1",
        [],
        |r| r.get(0),
    )?))
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
    let hlc = Hlc::tick(last_hlc(conn)?, now_ms);
    conn.prepare_cached("UPDATE sync_device SET hlc = ?1 WHERE id = 1")?
        .execute([hlc.0])?;
    let id = crate::core::sync::new_event_id(hlc, rand::random());
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
