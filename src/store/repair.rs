//! `recall check --repair`: what is safe to do for a damaged database, always after a copy
//! of the damaged file. Wrong index entries are rebuilt from their tables (`REINDEX`), a
//! search index that disagrees with the cards from the cards (FTS5 'rebuild');
//! damage in a table is salvaged into a new file, row by row, keeping every row that can
//! still be read.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::damage::{self, integrity_findings, only_indexes_damaged, open_to_inspect};
use super::{Result, StoreError, migrate};

/// The tables of a recall database, parents before children (foreign keys).
const TABLES: &[&str] = &[
    "sync_device",
    "config",
    "decks",
    "cards",
    "card_state",
    "sm2_parked",
    "reviews",
    "level_events",
    "trash_cards",
    "trash_reviews",
    "trash_decks",
    "events",
    "sync_new_cards",
    "sync_journals",
];

/// What one table gave up to a salvage.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Salvaged {
    pub table: String,
    /// Rows copied into the new file.
    pub kept: u64,
    /// Rows read but left out because the row they belong to was lost (a review of a lost
    /// card); they stay in the copy of the damaged file.
    pub orphaned: u64,
    /// Whether part of the table could not be read at all.
    pub unreadable: bool,
}

/// What `--repair` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Repair {
    /// The database was sound; nothing was done.
    NothingToDo,
    /// Only indexes were wrong; they were rebuilt in place.
    Reindexed { backup: PathBuf },
    /// The tables were sound but the search index disagreed with them; it was rebuilt.
    SearchRebuilt { backup: PathBuf },
    /// The readable rows were copied into a new database, which replaced the damaged one.
    Salvaged {
        backup: PathBuf,
        tables: Vec<Salvaged>,
    },
}

/// Repairs the database at `db`: a copy of the damaged file first, then `REINDEX` when only
/// indexes are wrong, else a salvage into a new file that takes the damaged one's place.
pub fn repair(db: &Path) -> Result<Repair> {
    let findings = {
        let conn = open_to_inspect(db)?;
        integrity_findings(&conn, true)
    };
    if findings == ["ok"] {
        if super::search::index_findings(db, true).is_empty() {
            damage::clear(db).map_err(io_error)?;
            return Ok(Repair::NothingToDo);
        }
        let backup = copy_damaged(db)?;
        let conn = Connection::open(db)?;
        super::search::rebuild_index(&conn)?;
        drop(conn);
        damage::clear(db).map_err(io_error)?;
        return Ok(Repair::SearchRebuilt { backup });
    }
    let backup = copy_damaged(db)?;
    if only_indexes_damaged(&findings) {
        let conn = Connection::open(db)?;
        conn.execute_batch("REINDEX")?;
        if integrity_findings(&conn, true) == ["ok"] {
            drop(conn);
            damage::clear(db).map_err(io_error)?;
            return Ok(Repair::Reindexed { backup });
        }
    }
    let tables = salvage(db)?;
    damage::clear(db).map_err(io_error)?;
    Ok(Repair::Salvaged { backup, tables })
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(io_error)`
fn io_error(e: std::io::Error) -> StoreError {
    StoreError::Io(e.to_string())
}

/// Copies the damaged file (and its write-ahead log, which holds recent commits) byte for
/// byte: `VACUUM INTO` cannot read a damaged file.
fn copy_damaged(db: &Path) -> Result<PathBuf> {
    let dest = super::backup_path(db, "damaged");
    fs::copy(db, &dest).map_err(io_error)?;
    let wal = with_suffix(db, "-wal");
    if wal.exists() {
        fs::copy(&wal, with_suffix(&dest, "-wal")).map_err(io_error)?;
    }
    Ok(dest)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies every readable row into a new database with the current schema, then puts it in
/// the damaged file's place (the caller has copied the damaged file already).
fn salvage(db: &Path) -> Result<Vec<Salvaged>> {
    let old = open_to_inspect(db)?;
    let version: i64 = old.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != migrate::SCHEMA_VERSION {
        return Err(StoreError::Invalid(format!(
            "the damaged database has schema {version} and this recall writes {}; salvage it with the recall that wrote it",
            migrate::SCHEMA_VERSION
        )));
    }
    let fresh = with_suffix(db, ".recovering");
    for leftover in [
        fresh.clone(),
        with_suffix(&fresh, "-wal"),
        with_suffix(&fresh, "-shm"),
    ] {
        let _ = fs::remove_file(leftover);
    }
    let mut new = Connection::open(&fresh)?;
    migrate::migrate(&mut new, &fresh)?;
    let mut report = Vec::new();
    {
        let tx = new.transaction()?;
        // The device keeps its id; its events are copied, not made again by the triggers
        // that record new cards and answers (they stay quiet while `applying` is 1).
        tx.execute("DELETE FROM sync_device", [])?;
        for table in TABLES {
            report.push(copy_table(&old, &tx, table)?);
            if *table == "sync_device" {
                tx.execute_batch(
                    "INSERT OR IGNORE INTO sync_device (id, device) VALUES (1, lower(hex(randomblob(8))));
                     UPDATE sync_device SET applying = 1;",
                )?;
            }
        }
        tx.execute("UPDATE sync_device SET applying = 0", [])?;
        drop_orphans(&tx, &mut report)?;
        tx.commit()?;
    }
    drop(new);
    drop(old);
    for stale in [with_suffix(db, "-wal"), with_suffix(db, "-shm")] {
        let _ = fs::remove_file(stale);
    }
    fs::rename(&fresh, db).map_err(io_error)?;
    Ok(report)
}

/// The table's rows in rowid order as far as a scan can read, then each further rowid
/// looked up alone, so the rows after a damaged page are still found.
fn copy_table(old: &Connection, new: &Connection, table: &str) -> Result<Salvaged> {
    let columns: Vec<String> = new
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let list = columns.join(", ");
    let marks = vec!["?"; columns.len()].join(", ");
    let mut insert = new.prepare(&format!(
        "INSERT OR IGNORE INTO {table} ({list}) VALUES ({marks})"
    ))?;
    let mut kept = 0u64;
    let mut insert_row = |row: &[Value]| -> Result<()> {
        kept += insert.execute(params_from_iter(row.iter()))? as u64;
        Ok(())
    };
    let (last, complete) = scan(old, table, &list, columns.len(), &mut insert_row);
    let mut unreadable = !complete;
    if !complete {
        let bound = highest_rowid(old, table).unwrap_or(last + 1_000_000);
        let mut probe = old.prepare(&format!(
            "SELECT rowid, {list} FROM {table} WHERE rowid = ?1"
        ))?;
        for rowid in last + 1..=bound {
            match probe.query_row([rowid], |r| read_row(r, columns.len())) {
                Ok((_, row)) => insert_row(&row)?,
                Err(rusqlite::Error::QueryReturnedNoRows) => {}
                Err(_) => unreadable = true,
            }
        }
    }
    Ok(Salvaged {
        table: table.to_string(),
        kept,
        orphaned: 0,
        unreadable,
    })
}

/// Reads rows in rowid order until the end or the first error: the last rowid read and
/// whether the scan reached the end.
fn scan(
    old: &Connection,
    table: &str,
    list: &str,
    width: usize,
    insert_row: &mut dyn FnMut(&[Value]) -> Result<()>,
) -> (i64, bool) {
    let mut last = 0;
    let Ok(mut stmt) = old.prepare(&format!("SELECT rowid, {list} FROM {table} ORDER BY rowid"))
    else {
        return (last, false);
    };
    let Ok(mut rows) = stmt.query([]) else {
        return (last, false);
    };
    loop {
        match rows.next() {
            Ok(Some(r)) => match read_row(r, width) {
                Ok((rowid, row)) => {
                    if insert_row(&row).is_err() {
                        return (last, false);
                    }
                    last = rowid;
                }
                Err(_) => return (last, false),
            },
            Ok(None) => return (last, true),
            Err(_) => return (last, false),
        }
    }
}

fn read_row(r: &rusqlite::Row<'_>, width: usize) -> rusqlite::Result<(i64, Vec<Value>)> {
    let rowid = r.get(0)?;
    let row = (1..=width)
        .map(|i| r.get(i))
        .collect::<rusqlite::Result<_>>()?;
    Ok((rowid, row))
}

/// The largest rowid, from the table's rightmost pages or `sqlite_sequence`.
fn highest_rowid(old: &Connection, table: &str) -> Option<i64> {
    old.query_row(&format!("SELECT max(rowid) FROM {table}"), [], |r| {
        r.get::<_, Option<i64>>(0)
    })
    .ok()
    .flatten()
}

/// Rows whose parent was lost (a card's state or reviews when the card's row could not be
/// read) cannot stay in a database with foreign keys; they are counted and left out.
fn drop_orphans(tx: &Connection, report: &mut [Salvaged]) -> Result<()> {
    // A lost deck orphans its cards, whose removal orphans their reviews: repeat until none.
    loop {
        let orphans: Vec<(String, i64)> = tx
            .prepare("SELECT \"table\", rowid FROM pragma_foreign_key_check")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut removed = 0;
        for (table, rowid) in orphans {
            let Some(s) = report.iter_mut().find(|s| s.table == table) else {
                continue;
            };
            removed += tx.execute(&format!("DELETE FROM {table} WHERE rowid = ?1"), [rowid])?;
            s.kept = s.kept.saturating_sub(1);
            s.orphaned += 1;
        }
        if removed == 0 {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A salvage copies only the tables it lists: a table added by a migration and missing
    /// here would be lost by `recall check --repair` (SM-2's parked schedule, say). The
    /// search index is no data of its own: the new file's triggers fill it from the cards.
    #[test]
    fn a_salvage_copies_every_table_of_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recall.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate::migrate(&mut conn, &path).unwrap();
        let mut tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cards_search%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut listed: Vec<String> = TABLES.iter().map(ToString::to_string).collect();
        tables.sort();
        listed.sort();
        assert_eq!(listed, tables);
    }
}
