//! Keeping a database healthy: backups with `VACUUM INTO`, and the checks behind `recall check`.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Result, Store, StoreError};

/// What `recall check` reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Health {
    /// `["ok"]`, or every problem `PRAGMA integrity_check` found.
    pub integrity: Vec<String>,
    /// Rows whose foreign key points nowhere, as `table(rowid) -> parent`.
    pub foreign_keys: Vec<String>,
    pub schema_version: i64,
    pub decks: i64,
    pub cards: i64,
    pub cards_seen: i64,
    pub reviews: i64,
    pub level_events: i64,
}

impl Health {
    #[must_use]
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"] && self.foreign_keys.is_empty()
    }
}

/// Writes a consistent copy of the database to `dest` (which must not exist yet).
pub(super) fn vacuum_into(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(StoreError::Invalid(format!(
            "{} already exists; choose another path for the backup",
            dest.display()
        )));
    }
    let dest_text = dest
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", dest.display())))?;
    conn.execute("VACUUM INTO ?1", [dest_text])?;
    Ok(())
}

/// `recall.db` → `recall.db.<tag>.bak`, or `recall.db.<tag>.2.bak` if that exists already.
#[must_use]
pub fn backup_path(db: &Path, tag: &str) -> PathBuf {
    let name = db
        .file_name()
        .map_or_else(|| "recall.db".into(), |n| n.to_string_lossy().into_owned());
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(".{n}")
        };
        let candidate = db.with_file_name(format!("{name}.{tag}{suffix}.bak"));
        if !candidate.exists() {
            return candidate;
        }
        n += 1;
    }
}

impl Store {
    /// A consistent copy of the whole database at `dest`, safe while others read it.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        vacuum_into(&self.conn, dest)
    }

    /// Integrity, foreign keys and row counts.
    pub fn health(&self) -> Result<Health> {
        let integrity = self.integrity_check()?;
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let foreign_keys = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{}({}) -> {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get::<_, String>(2)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(Health {
            integrity,
            foreign_keys,
            schema_version: self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?,
            decks: count("decks")?,
            cards: count("cards")?,
            cards_seen: count("card_state")?,
            reviews: count("reviews")?,
            level_events: count("level_events")?,
        })
    }
}
