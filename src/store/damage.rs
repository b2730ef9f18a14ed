//! Damaged databases: the mark that keeps one read-only once damage is found, the full
//! list of findings behind `recall check`, and the safe repairs of `recall check --repair`.
//!
//! The rule: damage found by any command (`check`, or `SQLite` reporting a malformed file)
//! is written to a mark beside the database (`recall.db.damaged`). While the mark is there
//! recall opens the database read-only, so nothing is written over a damaged page; reads
//! that still work (decks, cards, export) go on. `recall check` clears the mark when the
//! file is sound again (a backup restored, a repair done).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError};

/// At most this many findings are listed; a badly damaged file can have thousands.
pub const MAX_FINDINGS: usize = 100;

/// `recall.db` → `recall.db.damaged`.
#[must_use]
pub fn mark_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".damaged");
    db.with_file_name(name)
}

/// The first finding recorded in the mark, when the database is marked damaged.
#[must_use]
pub fn marked(db: &Path) -> Option<String> {
    let text = fs::read_to_string(mark_path(db)).ok()?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    Some(first.trim().to_string())
}

/// Records that the database is damaged, with what was found (one finding a line).
pub fn mark(db: &Path, findings: &[String]) -> io::Result<()> {
    let mut text = findings.join("\n");
    text.push('\n');
    fs::write(mark_path(db), text)
}

/// Removes the mark: the database was found sound.
pub fn clear(db: &Path) -> io::Result<()> {
    match fs::remove_file(mark_path(db)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Every problem `PRAGMA integrity_check` (or, unless `full`, the faster `quick_check`,
/// which skips matching indexes against their tables) finds, up to [`MAX_FINDINGS`]; a
/// check that cannot even run is itself a finding. `["ok"]` when sound.
#[must_use]
pub fn integrity_findings(conn: &Connection, full: bool) -> Vec<String> {
    let pragma = if full {
        "integrity_check"
    } else {
        "quick_check"
    };
    let sql = format!("PRAGMA {pragma}({MAX_FINDINGS})");
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        // One unreadable row does not hide the others; a row may hold several lines,
        // under a `*** in database main ***` heading that says nothing here.
        Ok(rows
            .map(|r| r.unwrap_or_else(|e| format!("unreadable finding: {e}")))
            .flat_map(|r| r.lines().map(str::to_string).collect::<Vec<_>>())
            .filter(|l| !l.trim().is_empty() && !l.starts_with("*** in database"))
            .take(MAX_FINDINGS)
            .collect())
    };
    match run() {
        Ok(rows) if rows.is_empty() => vec!["ok".to_string()],
        Ok(rows) => name_trees(conn, rows),
        Err(e) => vec![format!("the check could not run: {e}")],
    }
}

/// `Tree 4 page 25 …` → `Tree 4 (table cards) page 25 …`: findings name the damaged table or
/// index by its root page, which means nothing to a reader.
fn name_trees(conn: &Connection, findings: Vec<String>) -> Vec<String> {
    let roots: Vec<(i64, String, String)> = conn
        .prepare("SELECT rootpage, type, name FROM sqlite_schema WHERE rootpage > 0")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect()
        })
        .unwrap_or_default();
    findings
        .into_iter()
        .map(|f| {
            let Some(rest) = f.strip_prefix("Tree ") else {
                return f;
            };
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let Some((_, kind, name)) = roots
                .iter()
                .find(|(root, _, _)| digits.parse::<i64>().is_ok_and(|d| d == *root))
            else {
                return f;
            };
            format!("Tree {digits} ({kind} {name}){}", &rest[digits.len()..])
        })
        .collect()
}

/// Only index entries are wrong (the tables are sound): `REINDEX` rebuilds them from the
/// tables, losing nothing.
#[must_use]
pub fn only_indexes_damaged(findings: &[String]) -> bool {
    !findings.is_empty()
        && findings != ["ok"]
        && findings.iter().all(|f| {
            f.contains("missing from index")
                || f.starts_with("wrong # of entries in index")
                || f.starts_with("non-unique entry in index")
        })
}

/// Opens a database only to look at it: never created, migrated or written.
pub fn open_to_inspect(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(StoreError::Invalid(format!(
            "there is no database at {}",
            path.display()
        )));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| super::open_error(path, e))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_name_the_damaged_table() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE cards (x INTEGER)")
            .unwrap();
        let root: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'cards'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let named = name_trees(
            &conn,
            vec![
                format!("Tree {root} page 25 cell 3: invalid page number 99"),
                "Tree 999 page 1: other".to_string(),
                "Page 7: never used".to_string(),
            ],
        );
        assert_eq!(
            named,
            [
                format!("Tree {root} (table cards) page 25 cell 3: invalid page number 99"),
                "Tree 999 page 1: other".to_string(),
                "Page 7: never used".to_string(),
            ]
        );
    }

    #[test]
    fn only_index_findings_can_be_reindexed() {
        let index = "row 5 missing from index cards_place".to_string();
        let table =
            "Tree 4 (table cards) page 25: btreeInitPage() returns error code 11".to_string();
        assert!(only_indexes_damaged(std::slice::from_ref(&index)));
        assert!(only_indexes_damaged(&[
            index.clone(),
            "wrong # of entries in index cards_place".to_string()
        ]));
        assert!(!only_indexes_damaged(&[index, table]));
        assert!(!only_indexes_damaged(&["ok".to_string()]));
        assert!(!only_indexes_damaged(&[]));
    }

    #[test]
    fn the_mark_is_written_read_and_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("recall.db");
        assert_eq!(marked(&db), None);
        mark(
            &db,
            &["Tree 4 page 25: bad".to_string(), "second".to_string()],
        )
        .unwrap();
        assert_eq!(mark_path(&db), dir.path().join("recall.db.damaged"));
        assert_eq!(marked(&db).as_deref(), Some("Tree 4 page 25: bad"));
        clear(&db).unwrap();
        clear(&db).unwrap();
        assert_eq!(marked(&db), None);
    }
}
