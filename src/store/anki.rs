//! Reading the `SQLite` collection inside an Anki package: opened from memory, read-only,
//! never written next to the user's files, into the plain rows of `formats::anki::rows`.
//! The import pipeline hands `read_collection` to the .apkg format.

use std::cmp::Ordering;

use rusqlite::{Connection, MAIN_DB, OpenFlags, Row};

use crate::formats::anki::rows::{
    CollectionError, RawCard, RawCollection, RawDeck, RawField, RawNote, RawNotetype, RawReview,
    RawTemplate,
};

/// Reads a collection from the bytes of `collection.anki21b` (decompressed),
/// `collection.anki21` or `collection.anki2`.
pub fn read_collection(mut bytes: Vec<u8>) -> Result<RawCollection, CollectionError> {
    if !bytes.starts_with(b"SQLite format 3\0") || bytes.len() < 100 {
        return Err(CollectionError(
            "it is not an SQLite database, so not an Anki collection".into(),
        ));
    }
    // Current exports are in WAL mode (header bytes 18 and 19 are 2), which an
    // in-memory database cannot open; the file is complete, so read it as a
    // rollback-journal database instead.
    bytes[18] = 1;
    bytes[19] = 1;
    let conn = open(&bytes).map_err(|e| CollectionError(format!("SQLite cannot open it: {e}")))?;
    read(&conn).map_err(|e| CollectionError(describe(&e)))
}

fn open(bytes: &[u8]) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Anki declares its name columns `COLLATE unicase`; SQLite refuses to use such a
    // table until a collation of that name exists.
    conn.create_collation("unicase", unicase)?;
    conn.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), true)?;
    // The file is untrusted: no functions with side effects from its schema.
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))?;
    Ok(conn)
}

/// Case-insensitive comparison, as Anki's `unicase` (close enough for reading).
fn unicase(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

fn describe(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("no such table") => {
            format!("it is not an Anki collection ({msg})")
        }
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::NotADatabase
                || f.code == rusqlite::ErrorCode::DatabaseCorrupt =>
        {
            "the collection database is damaged or truncated".into()
        }
        other => format!("cannot read the collection: {other}"),
    }
}

fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn all<T>(
    conn: &Connection,
    sql: &str,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], map)?;
    rows.collect()
}

fn read(conn: &Connection) -> rusqlite::Result<RawCollection> {
    let (version, created_secs, legacy_notetypes, legacy_decks) =
        conn.query_row("SELECT ver, crt, models, decks FROM col LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let mut col = RawCollection {
        version,
        created_secs,
        legacy_notetypes,
        legacy_decks,
        ..RawCollection::default()
    };
    if has_table(conn, "notetypes")? {
        read_schema18(conn, &mut col)?;
    }
    col.notes = all(
        conn,
        "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id",
        |r| {
            Ok(RawNote {
                id: r.get(0)?,
                guid: r.get(1)?,
                notetype_id: r.get(2)?,
                tags: r.get(3)?,
                fields: r.get(4)?,
            })
        },
    )?;
    col.cards = all(
        conn,
        "SELECT id, nid, did, ord, mod, type, queue, due, ivl, factor, reps, lapses, odid, odue
         FROM cards ORDER BY nid, ord, id",
        |r| {
            Ok(RawCard {
                id: r.get(0)?,
                note_id: r.get(1)?,
                deck_id: r.get(2)?,
                ord: r.get(3)?,
                modified_secs: r.get(4)?,
                kind: r.get(5)?,
                queue: r.get(6)?,
                due: r.get(7)?,
                interval: r.get(8)?,
                factor: r.get(9)?,
                reps: r.get(10)?,
                lapses: r.get(11)?,
                original_deck_id: r.get(12)?,
                original_due: r.get(13)?,
            })
        },
    )?;
    if has_table(conn, "revlog")? {
        col.revlog = all(
            conn,
            "SELECT id, cid, ease, type, time FROM revlog ORDER BY cid, id",
            |r| {
                Ok(RawReview {
                    id: r.get(0)?,
                    card_id: r.get(1)?,
                    ease: r.get(2)?,
                    kind: r.get(3)?,
                    duration_ms: r.get::<_, Option<i64>>(4)?.unwrap_or(0).max(0),
                })
            },
        )?;
    }
    Ok(col)
}

/// Schema 18 keeps note types, fields, templates and decks in tables of their own.
fn read_schema18(conn: &Connection, col: &mut RawCollection) -> rusqlite::Result<()> {
    col.notetypes = all(
        conn,
        "SELECT id, name, config FROM notetypes ORDER BY id",
        |r| {
            Ok(RawNotetype {
                id: r.get(0)?,
                name: r.get(1)?,
                config: r.get(2)?,
            })
        },
    )?;
    col.fields = all(
        conn,
        "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord",
        |r| {
            Ok(RawField {
                notetype_id: r.get(0)?,
                ord: r.get(1)?,
                name: r.get(2)?,
            })
        },
    )?;
    col.templates = all(
        conn,
        "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord",
        |r| {
            Ok(RawTemplate {
                notetype_id: r.get(0)?,
                ord: r.get(1)?,
                name: r.get(2)?,
                config: r.get(3)?,
            })
        },
    )?;
    col.decks = all(conn, "SELECT id, name FROM decks ORDER BY id", |r| {
        Ok(RawDeck {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_are_not_sqlite_are_refused() {
        let err = read_collection(b"PK\x03\x04 not a database".to_vec()).unwrap_err();
        assert!(err.0.contains("not an SQLite database"), "{err}");
    }

    #[test]
    fn an_sqlite_file_without_anki_tables_is_named() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let bytes = conn.serialize(MAIN_DB).unwrap().to_vec();
        let err = read_collection(bytes).unwrap_err();
        assert!(err.0.contains("not an Anki collection"), "{err}");
    }

    #[test]
    fn a_collection_with_other_columns_is_not_called_foreign() {
        // Anki's tables are there but `col` lacks `crt`: SQLite's own words are passed
        // on, since "not an Anki collection" would send the user looking for another file.
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE col (ver, models, decks); INSERT INTO col VALUES (11, '{}', '{}');",
        )
        .unwrap();
        let bytes = conn.serialize(MAIN_DB).unwrap().to_vec();
        let err = read_collection(bytes).unwrap_err();
        let says = "cannot read the collection: no such column: crt";
        assert!(err.0.starts_with(says), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_after_an_sqlite_header_never_panic(
            b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048)
        ) {
            let mut bytes = b"SQLite format 3\0".to_vec();
            bytes.extend(&b);
            let _ = read_collection(bytes);
        }
    }

    #[test]
    fn a_truncated_database_is_an_error_not_a_panic() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE col (ver, crt, models, decks);
             INSERT INTO col VALUES (11, 0, '{}', '{}');
             CREATE TABLE notes (id, guid, mid, tags, flds);
             CREATE TABLE cards (id, nid, did, ord, mod, type, queue, due, ivl, factor, reps, lapses, odid, odue);",
        )
        .unwrap();
        let mut bytes = conn.serialize(MAIN_DB).unwrap().to_vec();
        bytes.truncate(bytes.len() / 2 + 10);
        assert!(read_collection(bytes).is_err());
    }
}
