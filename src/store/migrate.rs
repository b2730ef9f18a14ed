//! Schema migrations, numbered by `PRAGMA user_version`; each runs in one transaction.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// Migration N brings the schema from version N-1 to N.
const MIGRATIONS: &[&str] = &[
    include_str!("../../schema.sql"),
    include_str!("../../migrations/002_stats_indexes.sql"),
    include_str!("../../migrations/003_card_placement.sql"),
    include_str!("../../migrations/004_scheduler_seam_and_levels.sql"),
    include_str!("../../migrations/005_exercise_cards.sql"),
    include_str!("../../migrations/006_retention_levels.sql"),
    include_str!("../../migrations/007_trash.sql"),
    include_str!("../../migrations/008_fsrs_scheduler.sql"),
    include_str!("../../migrations/009_card_search.sql"),
    include_str!("../../migrations/010_state_placed_once.sql"),
    include_str!("../../migrations/011_sync_events.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    apply(conn, path, MIGRATIONS)
}

/// Brings the schema to `migrations.len()`, backing up an existing database first.
fn apply(conn: &mut Connection, path: &Path, migrations: &[&str]) -> Result<()> {
    let latest = migrations.len() as i64;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > latest {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found,
            known: latest,
        });
    }
    let on_disk = conn.path().is_some_and(|p| !p.is_empty());
    if on_disk && found > 0 && found < latest {
        // An upgrade rewrites the schema of years of history: keep a copy first.
        let dest = super::maintenance::backup_path(path, &format!("schema-{found}"));
        super::maintenance::vacuum_into(conn, &dest)?;
    }
    if found >= latest {
        return Ok(());
    }
    // A migration may rebuild a table that others reference (SQLite's way to change a
    // constraint): that needs foreign keys off, which can only be switched outside a
    // transaction. Each migration is checked with `foreign_key_check` before it commits,
    // and the setting is put back whatever happens.
    let enforced: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = run_each(conn, path, migrations, found);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}

fn run_each(conn: &mut Connection, path: &Path, migrations: &[&str], found: i64) -> Result<()> {
    for (i, sql) in migrations.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while this one waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(StoreError::Invalid(format!(
                "upgrading {} to schema {} would leave {broken} rows pointing at rows that do not exist; nothing was changed",
                path.display(),
                i + 1
            )));
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_latest_schema_and_stays_there() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new("m")).unwrap();
        migrate(&mut conn, Path::new("m")).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        // decks, cards, card_state, reviews, level_events, config, the trash's three tables
        // (migration 7), sm2_parked (migration 8), the search index (migration 9: its
        // virtual table and FTS5's four) and sync's events, device, journals and new cards (11).
        assert_eq!(tables, 10 + 5 + 4);
    }

    #[test]
    fn upgrading_an_existing_database_backs_it_up_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let mut conn = Connection::open(&path).unwrap();
        apply(
            &mut conn,
            &path,
            &["CREATE TABLE a (x INTEGER) STRICT; INSERT INTO a VALUES (7);"],
        )
        .unwrap();
        apply(
            &mut conn,
            &path,
            &[
                "CREATE TABLE a (x INTEGER) STRICT;",
                "ALTER TABLE a ADD COLUMN y TEXT;",
            ],
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2);
        let backup = Connection::open(dir.path().join("r.db.schema-1.bak")).unwrap();
        let old: (i64, i64) = backup
            .query_row(
                "SELECT x, (SELECT user_version FROM pragma_user_version) FROM a",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(old, (7, 1), "the backup is the database before the upgrade");
    }

    #[test]
    fn a_failed_migration_leaves_the_old_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(
            &mut conn,
            Path::new(":memory:"),
            &["CREATE TABLE a (x INTEGER) STRICT;"],
        )
        .unwrap();
        let err = apply(
            &mut conn,
            Path::new(":memory:"),
            &[
                "CREATE TABLE a (x INTEGER) STRICT;",
                "CREATE TABLE b (y); BROKEN SQL;",
            ],
        );
        assert!(err.is_err());
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        let b: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b, 0, "the migration's transaction rolled back whole");
    }

    #[test]
    fn a_version_1_database_gains_the_stats_indexes_and_keeps_its_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO decks (id, name, created_at) VALUES (1, 'D', 0);
             INSERT INTO cards (id, guid, deck_id, front, back, created_at, updated_at)
               VALUES (1, 'g', 1, 'f', 'b', 0, 0);
             INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms)
               VALUES (1, 0, 5, 4, 'review', 10);",
        )
        .unwrap();
        migrate(&mut conn, Path::new("m")).unwrap();
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for name in ["card_state_hard", "reviews_day", "reviews_retention"] {
            assert!(indexes.iter().any(|i| i == name), "{name} in {indexes:?}");
        }
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM reviews WHERE day = 5", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_migration_that_breaks_a_foreign_key_is_rolled_back_and_keys_stay_on() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let first = "CREATE TABLE p (id INTEGER PRIMARY KEY) STRICT;
                     CREATE TABLE c (p INTEGER REFERENCES p(id)) STRICT;
                     INSERT INTO p VALUES (1); INSERT INTO c VALUES (1);";
        apply(&mut conn, Path::new(":memory:"), &[first]).unwrap();
        let err = apply(&mut conn, Path::new("x.db"), &[first, "DELETE FROM p;"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "upgrading x.db to schema 2 would leave 1 rows pointing at rows that do not exist; nothing was changed"
        );
        let parents: i64 = conn
            .query_row("SELECT count(*) FROM p", [], |r| r.get(0))
            .unwrap();
        assert_eq!(parents, 1);
        let on: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(on, "foreign keys are enforced again after the migration");
    }

    #[test]
    fn migration_5_widens_the_kinds_and_keeps_every_row_index_and_trigger() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        apply(&mut conn, Path::new(":memory:"), &MIGRATIONS[..4]).unwrap();
        conn.execute_batch(
            "INSERT INTO decks (id, name, created_at) VALUES (1, 'D', 0), (2, 'E', 0);
             INSERT INTO cards (id, guid, deck_id, kind, front, back, key_points, levelled,
                                suspended, created_at, updated_at)
               VALUES (7, 'g', 1, 'typed', 'f', 'b', '[[\"k\"]]', 0, 1, 3, 4);
             INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses,
                                     last_quality, last_reviewed_at)
               VALUES (7, 2, 250, 6, 10, 0, 4, 5);
             INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms)
               VALUES (7, 0, 5, 4, 'review', 10);",
        )
        .unwrap();
        let schema = |conn: &Connection| -> Vec<String> {
            conn.prepare(
                "SELECT type || ' ' || name FROM sqlite_schema
                 WHERE name NOT LIKE 'sqlite_%' ORDER BY 1",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        let before = schema(&conn);
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        // Later migrations may add tables, indexes or triggers (migration 7: the trash; 8: `sm2_parked`; 9: the search index,
        // `reviews_card_time`); none may lose one.
        let after = schema(&conn);
        for object in &before {
            assert!(after.contains(object), "{object} is there again");
        }
        let row: (String, String, i64, i64, i64, String, Option<i64>) = conn
            .query_row(
                "SELECT kind, key_points, levelled, suspended, created_at, note, ordered
                 FROM cards WHERE id = 7",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            row,
            (
                "typed".into(),
                "[[\"k\"]]".into(),
                0,
                1,
                3,
                String::new(),
                None
            )
        );
        conn.execute_batch(
            "INSERT INTO cards (id, guid, deck_id, kind, front, back, ordered, db, created_at, updated_at)
               VALUES (8, 's', 1, 'sql', 'q', 'SELECT 1;', 1, 'shop', 0, 0);
             UPDATE cards SET deck_id = 2 WHERE id = 7;",
        )
        .unwrap();
        let moved: i64 = conn
            .query_row(
                "SELECT deck_id FROM card_state WHERE card_id = 7",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(moved, 2, "the card_moved trigger works on the new table");
        let orphan = conn.execute(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms)
             VALUES (99, 0, 5, 4, 'review', 10)",
            [],
        );
        assert!(orphan.is_err(), "reviews still reference cards");
        let bad = conn.execute(
            "INSERT INTO cards (guid, deck_id, kind, front, back, ordered, created_at, updated_at)
             VALUES ('b', 1, 'basic', 'q', 'a', 1, 0, 0)",
            [],
        );
        assert!(bad.is_err(), "only a sql card has SQL options");
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn, Path::new("x.db")).unwrap_err();
        assert!(err.to_string().contains("newer recall"), "{err}");
    }
}
