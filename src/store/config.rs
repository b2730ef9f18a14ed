//! The `config` table: settings as validated key/value text.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::core::config::Settings;

impl Store {
    pub fn config_pairs(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM config ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings::from_pairs(self.config_pairs()?))
    }

    pub fn config_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM config WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores a value; callers validate it first. A setting every device shares
    /// (`core::sync::synced_setting`) is an event for sync: the later one wins.
    pub fn set_config(&self, key: &str, value: &str) -> Result<()> {
        let now_ms = self.now_ms();
        let tx = self.conn.unchecked_transaction()?;
        write(&tx, key, value)?;
        if crate::core::sync::synced_setting(key) {
            super::events::record(
                &tx,
                crate::core::sync::EventKind::Setting,
                key,
                &serde_json::json!({ "value": value }),
                now_ms,
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Sets `key` to `value` in the caller's transaction.
pub(super) fn write(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO config (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

/// A stored setting read without opening the database as a store: nothing is created,
/// migrated or written (for `recall sandbox`, which never touches the user's database).
/// `None` when there is no database, no such setting, or it cannot be read.
#[must_use]
pub fn peek_config(db: &std::path::Path, key: &str) -> Option<String> {
    if !db.is_file() {
        return None;
    }
    let conn = super::damage::open_to_inspect(db).ok()?;
    conn.query_row("SELECT value FROM config WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn a_setting_is_peeked_without_opening_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("recall.db");
        assert_eq!(peek_config(&db, "history"), None, "no database");
        assert!(!db.exists(), "and none is made");
        Store::open(&db)
            .unwrap()
            .set_config("history", "off")
            .unwrap();
        assert_eq!(peek_config(&db, "history").as_deref(), Some("off"));
        assert_eq!(peek_config(&db, "no_such_key"), None);
    }
}
