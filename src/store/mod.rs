//! The `SQLite` store: the only module that names rusqlite. Opening, migrating, and the
//! queries behind decks, cards, reviews, levels and settings; the read-only sandbox of SQL
//! exercises (`sandbox`).

pub mod anki;
mod bulk_index;
mod cards;
mod config;
pub mod damage;
mod decks;
mod decode;
mod drill;
mod events;
mod export;
mod ids;
mod import;
mod levels;
mod maintenance;
mod migrate;
mod repair;
mod review_import;
mod reviews;
pub mod sandbox;
mod scheduler;
mod search;
mod state;
mod stats;
mod sync;
mod trash;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use cards::{CardFilter, CardRow};
pub use config::peek_config;
pub use decks::{DeckCounts, DeckSummary, card_counts};
pub use decode::DamagedCard;
pub use events::Device;
pub use import::{DeckReport, ImportOptions, ImportReport, ImportSession, Origin};
pub use levels::{LevelChange, LevelCheck, LevelEvent, thresholds};
pub use maintenance::{Health, backup_path, inspect};
pub use migrate::SCHEMA_VERSION;
pub use repair::{Repair, Salvaged, repair};
pub use review_import::{ReviewImport, ReviewImportOptions};
pub use reviews::{DayCounts, ReviewRow};
pub use scheduler::SwitchReport;
pub use search::{Found, Hit, MARK_END, MARK_START, Matching};
pub use sync::{Applied, ReadPoint, SyncTx};
pub use trash::{Restored, TrashedCard};

/// How long a command waits, by default, for another recall process to finish writing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the folder for the database {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("{path} is not a recall database (the file is not SQLite, or is damaged)")]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} was written by a newer recall (schema {found}, this one knows {known}); upgrade recall to open it"
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "the database is busy: another recall process kept it locked past the wait; let that process finish (or end its session), then try again"
    )]
    Busy,
    #[error("the database or its folder is read-only; recall needs to write to it")]
    ReadOnly,
    #[error("the disk is full: the change was not saved, and the database is as it was")]
    Full,
    #[error(
        "the database file is damaged ({0}); from now on recall only reads it: `recall check` lists what is wrong, `recall check --repair` saves what can be read (after a copy), or restore a backup (recall writes `*.bak` copies beside the database before upgrades)"
    )]
    Corrupt(String),
    #[error(
        "{path} is damaged ({finding}), so recall only reads it and changes nothing; `recall check` lists what is wrong, `recall check --repair` saves what can be read (after a copy), or restore a backup"
    )]
    MarkedDamaged { path: PathBuf, finding: String },
    #[error(
        "{path} is an empty file, not a recall database; remove it (recall then creates a new database there) or pass another --db"
    )]
    EmptyFile { path: PathBuf },
    #[error("cannot read or write the database file: {0}; the disk may be full, failing or gone")]
    Io(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
    #[error(
        "the database holds a card recall cannot read: {0}; fix that card's row in the database (it was changed outside recall), or restore a backup"
    )]
    Damaged(DamagedCard),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let Some(card) = decode::damaged_card(&e) {
            return StoreError::Damaged(card.clone());
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DiskFull) => StoreError::Full,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                StoreError::Corrupt(e.to_string())
            }
            Some(ErrorCode::SystemIoFailure) => StoreError::Io(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open recall database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The wall clock of the events this store records (`set_clock`: `--now` in tests).
    clock: Box<dyn Fn() -> i64>,
}

/// UTC milliseconds now.
fn wall_clock_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    /// Sets the clock the store's events are stamped with (the command's clock).
    pub fn set_clock(&mut self, clock: impl Fn() -> i64 + 'static) {
        self.clock = Box::new(clock);
    }

    /// The store's clock, in UTC milliseconds.
    fn now_ms(&self) -> i64 {
        (self.clock)()
    }

    /// Runs `f` in one write transaction (taken at once, so it never fails half-way on
    /// a lock): committed when `f` succeeds, rolled back when it or the commit fails.
    fn write_tx<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let done = f(self).and_then(|v| {
            self.conn.execute_batch("COMMIT")?;
            Ok(v)
        });
        if done.is_err() && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        done
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, BUSY_TIMEOUT)
    }

    /// Like `open`, waiting up to `busy_timeout` for other processes' writes. A database
    /// marked damaged is refused: nothing may be written to it.
    pub fn open_with(path: &Path, busy_timeout: Duration) -> Result<Store> {
        if let Some(finding) = damage::marked(path) {
            return Err(StoreError::MarkedDamaged {
                path: path.to_path_buf(),
                finding,
            });
        }
        // SQLite would take an empty file for a new database, and a mistyped path to an
        // empty file would silently become one.
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
            return Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            clock: Box::new(wall_clock_ms),
        };
        store
            .configure(busy_timeout)
            .map_err(|e| classify(path, e))?;
        // A write-protected file is opened read-only without a word: say so now, before a
        // session asks its first card, not when the first answer cannot be saved.
        if store.conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnly);
        }
        migrate::migrate(&mut store.conn, path)?;
        Ok(store)
    }

    /// Opens a database marked damaged for reading only: no migration, no writes.
    pub fn open_damaged(path: &Path) -> Result<Store> {
        let conn = damage::open_to_inspect(path)?;
        conn.pragma_update(None, "query_only", true)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version != SCHEMA_VERSION {
            return Err(StoreError::MarkedDamaged {
                path: path.to_path_buf(),
                finding: format!(
                    "and written with schema {version}, which this recall reads only after an upgrade"
                ),
            });
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            clock: Box::new(wall_clock_ms),
        })
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrate::migrate(&mut conn, Path::new(":memory:"))?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
            clock: Box::new(wall_clock_ms),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self, busy_timeout: Duration) -> rusqlite::Result<()> {
        self.conn.busy_timeout(busy_timeout)?;
        // rusqlite keeps 16 prepared statements by default; a sync's loop over cards uses
        // more than that, and each one pushed out was parsed again for every card.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Reading the header first turns "not a database" into an error here, not later.
        self.conn
            .query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))?;
        self.conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        // Every answer is durable once acknowledged: FULL syncs the WAL at each commit.
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        Ok(())
    }
}

fn open_error(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::CannotOpen) => StoreError::Open {
            path: path.to_path_buf(),
            message: why_cannot_open(path),
        },
        _ => classify(path, e),
    }
}

/// `SQLite` only says it cannot open; the file system says why. recall needs to write the
/// file and, for its write-ahead log, to create files beside it.
fn why_cannot_open(path: &Path) -> String {
    use std::fs::OpenOptions;
    if path.exists() {
        if let Err(e) = OpenOptions::new().append(true).open(path) {
            return format!("it cannot be opened for writing ({e}); recall needs to write to it");
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let probe = dir.join(format!(".recall-probe-{}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&probe) {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) => {
                return format!(
                    "its folder {} does not allow new files ({e}); recall keeps its write-ahead log beside the database",
                    dir.display()
                );
            }
        }
    }
    "the file cannot be created or opened (check the path and its permissions)".to_string()
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::CannotOpen) => open_error(path, e),
        _ => StoreError::from(e),
    }
}
