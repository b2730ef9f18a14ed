//! Keeping a database healthy: backups with `VACUUM INTO`, and the checks behind `recall check`.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{Result, Store, StoreError};

/// What `recall check` reports. A count is `None` when the table could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Health {
    /// `["ok"]`, or every problem the integrity check found (up to a hundred).
    pub integrity: Vec<String>,
    /// Rows whose foreign key points nowhere, as `table(rowid) -> parent`; `None` when
    /// not checked (the quick check leaves it to `--full`).
    pub foreign_keys: Option<Vec<String>>,
    /// What is wrong with the search index (empty when it matches the cards); `None` when
    /// not checked.
    pub search_index: Option<Vec<String>>,
    /// Cards whose scheduling state is not the replay of their answers (`store::sync`),
    /// by id; `None` when not checked (the quick check, a damaged file, or a schema
    /// before sync).
    pub replay_differs: Option<Vec<String>>,
    pub schema_version: i64,
    pub decks: Option<i64>,
    pub cards: Option<i64>,
    pub cards_seen: Option<i64>,
    pub reviews: Option<i64>,
    pub level_events: Option<i64>,
}

impl Health {
    /// Cards whose schedule is not the replay of their answers: not damage (every row
    /// reads), a state to put right with `recall check --replay`.
    #[must_use]
    pub fn replay_findings(&self) -> &[String] {
        self.replay_differs.as_deref().unwrap_or_default()
    }

    /// Whether the file is sound (it may still hold schedules to replay).
    #[must_use]
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"]
            && self.foreign_keys.iter().all(Vec::is_empty)
            && self.search_index.iter().all(Vec::is_empty)
            && [
                self.decks,
                self.cards,
                self.cards_seen,
                self.reviews,
                self.level_events,
            ]
            .iter()
            .all(Option::is_some)
    }

    /// Every finding, for the mark a damaged database carries.
    #[must_use]
    pub fn findings(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .integrity
            .iter()
            .filter(|f| *f != "ok")
            .cloned()
            .collect();
        all.extend(
            self.foreign_keys
                .iter()
                .flatten()
                .map(|f| format!("broken link {f}")),
        );
        all.extend(self.search_index.iter().flatten().cloned());
        if all.is_empty() && !self.ok() {
            all.push("a table cannot be read".to_string());
        }
        all
    }
}

/// Looks at the database at `path` without creating, migrating or writing it, and counts
/// its rows. The quick check (`full` false) reads every page once (`quick_check`: 2–3 s at
/// a million cards); the full one also matches every index against its table
/// (`integrity_check`), every row against the rows it points to (`foreign_key_check`) and
/// the search index against the cards — each of those as long again or longer. Whatever
/// cannot be read is a finding, not an error, so a damaged file gets a full report.
pub fn inspect(path: &Path, full: bool) -> Result<Health> {
    let conn = super::damage::open_to_inspect(path)?;
    let integrity = super::damage::integrity_findings(&conn, full);
    let foreign_keys = full.then(|| foreign_key_findings(&conn));
    // The search index is checked only when the tables are sound: it is read from them.
    let search_index = full.then(|| {
        if integrity == ["ok"] {
            super::search::index_findings(path, true)
        } else {
            Vec::new()
        }
    });
    let count = |table: &str| -> Option<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .ok()
    };
    let schema_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // State = replay (sync's promise) is checked once the log has its clocks (schema 11),
    // by the full check: it reads every scheduled answer in card and clock order (about
    // 3 s more at a million answers, as long as the quick check).
    let replay_differs = (full && integrity == ["ok"] && schema_version >= 11)
        .then(|| super::sync::replay_differences(&conn, super::damage::MAX_FINDINGS).ok())
        .flatten();
    Ok(Health {
        integrity,
        foreign_keys,
        search_index,
        replay_differs,
        schema_version,
        decks: count("decks"),
        cards: count("cards"),
        cards_seen: count("card_state"),
        reviews: count("reviews"),
        level_events: count("level_events"),
    })
}

fn foreign_key_findings(conn: &Connection) -> Vec<String> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        stmt.query_map([], |r| {
            Ok(format!(
                "{}({}) -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?
        .take(super::damage::MAX_FINDINGS)
        .collect()
    };
    run().unwrap_or_else(|e| vec![format!("the foreign-key check could not run: {e}")])
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
    // Written under a temporary name and renamed only when complete: a failed copy (a
    // damaged page, a full disk) must not leave a file that looks like a backup.
    let partial = PathBuf::from(format!("{dest_text}.partial-{}", std::process::id()));
    let partial_text = partial.to_string_lossy().into_owned();
    let _ = std::fs::remove_file(&partial);
    if let Err(e) = conn.execute("VACUUM INTO ?1", [&partial_text]) {
        let _ = std::fs::remove_file(&partial);
        return Err(e.into());
    }
    std::fs::rename(&partial, dest).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        StoreError::Io(format!("cannot name the backup {}: {e}", dest.display()))
    })
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(integrity: &[&str], links: Option<&[&str]>, index: Option<&[&str]>) -> Health {
        let texts = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        Health {
            integrity: texts(integrity),
            foreign_keys: links.map(texts),
            search_index: index.map(texts),
            replay_differs: None,
            schema_version: 10,
            decks: Some(1),
            cards: Some(2),
            cards_seen: Some(1),
            reviews: Some(3),
            level_events: Some(0),
        }
    }

    #[test]
    fn the_mark_lists_every_finding_and_an_unchecked_part_is_no_finding() {
        let quick = health(&["ok"], None, None);
        assert!(quick.ok());
        assert_eq!(quick.findings(), Vec::<String>::new());
        let bad = health(
            &["row 3 missing from index cards_place"],
            Some(&["reviews(7) -> cards"]),
            Some(&["the search index does not match the cards"]),
        );
        assert!(!bad.ok());
        assert_eq!(
            bad.findings(),
            [
                "row 3 missing from index cards_place",
                "broken link reviews(7) -> cards",
                "the search index does not match the cards",
            ]
        );
        let unreadable = Health {
            reviews: None,
            ..health(&["ok"], Some(&[]), Some(&[]))
        };
        assert!(!unreadable.ok());
        assert_eq!(unreadable.findings(), ["a table cannot be read"]);
    }
}
