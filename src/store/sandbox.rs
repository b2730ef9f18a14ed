//! The sample databases SQL exercises run on, and the sandbox a learner's SQL runs in.
//!
//! A sample database is built from its embedded script (`decks/sample/shop.sql`) into a
//! file beside the user's database (`samples/shop.db`) the first time it is needed, and
//! again when the script changes (its hash is kept in the file's `user_version`). It is
//! then only ever opened read-only, on its own connection (the user's database is never
//! attached to it), with: an authorizer that allows reading and nothing else (no writes,
//! no ATTACH/DETACH, no PRAGMA but a few that read the schema, no `load_extension`), a
//! progress handler that stops a statement after the time limit, a cap on the rows read,
//! and `SQLite`'s defensive mode.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::core::exercise::{QueryError, QueryRunner, ResultSet, Row, Value};

/// The shop: customers, products, orders… (see `decks/sample/README.md`).
const SHOP_SQL: &str = include_str!("../../decks/sample/shop.sql");

/// The script of each sample database, by name.
fn script(name: &str) -> Option<&'static str> {
    match name {
        "shop" => Some(SHOP_SQL),
        _ => None,
    }
}

/// How long a statement may run, and how many rows are read of its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub time: Duration,
    pub rows: usize,
}

impl Limits {
    /// About 2 s, and more rows than any exercise's answer has.
    pub const DEFAULT: Limits = Limits {
        time: Duration::from_secs(2),
        rows: 10_000,
    };
}

/// The folder beside the user's database where sample databases are built.
#[must_use]
pub fn samples_dir(user_db: &Path) -> PathBuf {
    user_db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("samples")
}

/// FNV-1a of a script, folded to the 31 bits `PRAGMA user_version` holds as a positive
/// number: a built file whose version differs was built from another script.
fn script_version(script: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in script.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ((h ^ (h >> 32)) & 0x7fff_ffff) as i64
}

/// The file of sample database `name` in `dir`, built (or rebuilt, when its script
/// changed) first if need be. The file is written beside its final name and renamed, so
/// another process never sees half of it.
pub fn ensure_built(dir: &Path, name: &str) -> Result<PathBuf, QueryError> {
    let script = script(name)
        .ok_or_else(|| QueryError::Unavailable(format!("there is no sample database `{name}`")))?;
    let path = dir.join(format!("{name}.db"));
    let version = script_version(script);
    if built_version(&path) == Some(version) {
        return Ok(path);
    }
    let unavailable = |what: &str, e: &dyn std::fmt::Display| {
        QueryError::Unavailable(format!(
            "cannot build the sample database {}: {what}: {e}",
            path.display()
        ))
    };
    fs::create_dir_all(dir).map_err(|e| unavailable("cannot create its folder", &e))?;
    let tmp = dir.join(format!(".{name}.db.{}.tmp", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let built = build(&tmp, script, version);
    if let Err(e) = built {
        let _ = fs::remove_file(&tmp);
        return Err(unavailable("its script failed", &e));
    }
    fs::rename(&tmp, &path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        unavailable("cannot move it into place", &e)
    })?;
    Ok(path)
}

/// The script version a built file records, if it is a readable database.
fn built_version(path: &Path) -> Option<i64> {
    if !path.is_file() {
        return None;
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ok()
}

fn build(path: &Path, script: &str, version: i64) -> rusqlite::Result<()> {
    // The script holds its own transaction; the file is renamed into place only once
    // it is whole, so no one sees it half built.
    let conn = Connection::open(path)?;
    conn.execute_batch(script)?;
    conn.pragma_update(None, "user_version", version)?;
    conn.close().map_err(|(_, e)| e)
}

/// What the authorizer refused first while a statement was prepared: the message a
/// learner sees instead of `SQLite`'s bare "not authorized".
type Refusal = Arc<Mutex<Option<String>>>;

/// A sample database opened read-only, behind the authorizer and the limits.
pub struct Sandbox {
    conn: Connection,
    limits: Limits,
    refusal: Refusal,
    /// Set when a statement starts; the progress handler stops it once past the limit.
    started: Arc<Mutex<Instant>>,
    timed_out: Arc<AtomicBool>,
}

impl Sandbox {
    /// Opens the built sample database at `path` read-only.
    pub fn open(path: &Path, limits: Limits) -> Result<Sandbox, QueryError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| {
            QueryError::Unavailable(format!(
                "cannot open the sample database {}: {e}",
                path.display()
            ))
        })?;
        let refusal = Refusal::default();
        let started = Arc::new(Mutex::new(Instant::now()));
        let timed_out = Arc::new(AtomicBool::new(false));
        guard(&mut conn, &refusal, &started, &timed_out, limits.time).map_err(|e| {
            QueryError::Unavailable(format!("cannot secure the sample database: {e}"))
        })?;
        Ok(Sandbox {
            conn,
            limits,
            refusal,
            started,
            timed_out,
        })
    }

    /// Runs one statement and reads up to the row limit of its result.
    pub fn query(&mut self, sql: &str) -> Result<ResultSet, QueryError> {
        self.query_limited(sql, self.limits.rows)
    }

    /// Like `query`, reading at most `max_rows` rows (then `truncated`).
    pub fn query_limited(&mut self, sql: &str, max_rows: usize) -> Result<ResultSet, QueryError> {
        *self
            .refusal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        self.timed_out.store(false, Ordering::Relaxed);
        *self
            .started
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
        let result = self.read(sql, max_rows);
        result.map_err(|e| match self.explain(e) {
            // DDL is refused when it first writes the schema table: name the statement.
            QueryError::Refused(m) if m == SCHEMA_WRITE => {
                QueryError::Refused(format!("{READ_ONLY}: {}", leading_words(sql, 3)))
            }
            other => other,
        })
    }

    fn read(&self, sql: &str, max_rows: usize) -> rusqlite::Result<ResultSet> {
        let mut stmt = self.conn.prepare(sql)?;
        let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
        let width = columns.len();
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        let mut truncated = false;
        while let Some(row) = rows.next()? {
            if out.len() == max_rows {
                truncated = true;
                break;
            }
            let mut values: Row = Vec::with_capacity(width);
            for i in 0..width {
                values.push(value(row.get_ref(i)?));
            }
            out.push(values);
        }
        Ok(ResultSet {
            columns,
            rows: out,
            truncated,
        })
    }

    /// A rusqlite error as the learner should read it.
    fn explain(&self, e: rusqlite::Error) -> QueryError {
        if self.timed_out.load(Ordering::Relaxed)
            || e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted)
        {
            return QueryError::TimedOut {
                limit_ms: u64::try_from(self.limits.time.as_millis()).unwrap_or(u64::MAX),
            };
        }
        let refused = self
            .refusal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        match (e, refused) {
            (_, Some(why)) => QueryError::Refused(why),
            (rusqlite::Error::MultipleStatement, _) => QueryError::Statement(
                "one statement at a time: end it with `;` and write nothing after it".into(),
            ),
            (rusqlite::Error::Empty, _) => {
                QueryError::Statement("there is no statement to run".into())
            }
            (
                rusqlite::Error::SqliteFailure(_, Some(msg))
                | rusqlite::Error::SqlInputError { msg, .. },
                _,
            ) => QueryError::Sqlite(msg),
            (e, _) => QueryError::Sqlite(e.to_string()),
        }
    }

    /// The names of the tables, in order.
    pub fn tables(&mut self) -> Result<Vec<String>, QueryError> {
        let r = self.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        Ok(r.rows
            .into_iter()
            .filter_map(|row| match row.into_iter().next() {
                Some(Value::Text(t)) => Some(t),
                _ => None,
            })
            .collect())
    }

    /// The `CREATE` statements of one table (and its indexes), or of every table.
    pub fn schema(&mut self, table: Option<&str>) -> Result<Vec<String>, QueryError> {
        let filter = match table {
            Some(t) => format!("AND tbl_name = '{}' COLLATE NOCASE", t.replace('\'', "''")),
            None => String::new(),
        };
        let r = self.query(&format!(
            "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' {filter}
             ORDER BY tbl_name, type DESC, name"
        ))?;
        Ok(r.rows
            .into_iter()
            .filter_map(|row| match row.into_iter().next() {
                Some(Value::Text(t)) => Some(format!("{t};")),
                _ => None,
            })
            .collect())
    }
}

impl QueryRunner for Sandbox {
    fn run(&mut self, _db: &str, sql: &str) -> Result<ResultSet, QueryError> {
        self.query(sql)
    }
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// Pragmas that only read the schema or a setting; those naming a table may take one.
const READ_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "collation_list",
    "function_list",
    "pragma_list",
    "foreign_keys",
    "encoding",
    "page_size",
    "page_count",
    "user_version",
    "schema_version",
];

/// Pragmas of `READ_PRAGMAS` whose argument is a table or an index, not a new value.
const PRAGMAS_WITH_A_NAME: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
];

const READ_ONLY: &str = "the sample database is read-only";

/// The refusal of a write to `SQLite`'s own schema table, which `CREATE`, `DROP` and
/// `ALTER` make before anything else; replaced by the statement's first words.
const SCHEMA_WRITE: &str = "the schema cannot be changed";

/// The first `n` words of a statement, on one line, for a message.
fn leading_words(sql: &str, n: usize) -> String {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ';' || c == '(')
        .filter(|w| !w.is_empty())
        .take(n)
        .collect();
    crate::core::text::sanitize(&words.join(" "))
}

/// Why an action is refused, or `None` when it only reads.
fn refusal(action: &AuthAction<'_>) -> Option<String> {
    let schema_table = |t: &str| t.starts_with("sqlite_");
    match *action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => None,
        AuthAction::Function { function_name } => function_name
            .eq_ignore_ascii_case("load_extension")
            .then(|| "load_extension is not allowed: the sandbox loads no extensions".to_string()),
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            let reads = READ_PRAGMAS.contains(&name.as_str())
                && (pragma_value.is_none() || PRAGMAS_WITH_A_NAME.contains(&name.as_str()));
            (!reads).then(|| {
                let shown = match pragma_value {
                    Some(v) => format!("PRAGMA {pragma_name} = {v}"),
                    None => format!("PRAGMA {pragma_name}"),
                };
                format!("{shown} is not allowed: only pragmas that read the schema (table_info, index_list, …)")
            })
        }
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Some(
            "ATTACH and DETACH are not allowed: the sandbox sees only the sample database"
                .to_string(),
        ),
        AuthAction::Insert { table_name }
        | AuthAction::Update { table_name, .. }
        | AuthAction::Delete { table_name }
            if schema_table(table_name) =>
        {
            Some(SCHEMA_WRITE.to_string())
        }
        AuthAction::Insert { table_name } => Some(format!("{READ_ONLY}: INSERT INTO {table_name}")),
        AuthAction::Update { table_name, .. } => Some(format!("{READ_ONLY}: UPDATE {table_name}")),
        AuthAction::Delete { table_name } => Some(format!("{READ_ONLY}: DELETE FROM {table_name}")),
        AuthAction::DropTable { table_name } | AuthAction::DropTempTable { table_name } => {
            Some(format!("{READ_ONLY}: DROP TABLE {table_name}"))
        }
        AuthAction::CreateTable { table_name } | AuthAction::CreateTempTable { table_name } => {
            Some(format!("{READ_ONLY}: CREATE TABLE {table_name}"))
        }
        AuthAction::AlterTable { table_name, .. } => {
            Some(format!("{READ_ONLY}: ALTER TABLE {table_name}"))
        }
        AuthAction::Transaction { .. } | AuthAction::Savepoint { .. } => {
            Some("transactions are not needed here: every statement only reads".to_string())
        }
        _ => Some(format!("{READ_ONLY}: it cannot be changed")),
    }
}

/// Installs the authorizer, the time limit, size limits and defensive mode.
fn guard(
    conn: &mut Connection,
    refusal_cell: &Refusal,
    started: &Arc<Mutex<Instant>>,
    timed_out: &Arc<AtomicBool>,
    time: Duration,
) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    // A value or a statement of more than a few MB is not an answer to an exercise.
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, 10_000_000)?;
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 100_000)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    let cell = Arc::clone(refusal_cell);
    conn.authorizer(Some(move |ctx: AuthContext<'_>| {
        match refusal(&ctx.action) {
            None => Authorization::Allow,
            Some(why) => {
                let mut kept = cell
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                kept.get_or_insert(why);
                Authorization::Deny
            }
        }
    }))?;
    let started = Arc::clone(started);
    let flag = Arc::clone(timed_out);
    conn.progress_handler(
        10_000,
        Some(move || {
            let start = *started
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let over = start.elapsed() > time;
            if over {
                flag.store(true, Ordering::Relaxed);
            }
            over
        }),
    )
}

/// The sample databases of a session beside the user's database at `user_db`: each is
/// built and opened the first time an exercise needs it.
pub struct SampleDatabases {
    dir: PathBuf,
    limits: Limits,
    open: Vec<(String, Result<Sandbox, QueryError>)>,
}

impl SampleDatabases {
    #[must_use]
    pub fn beside(user_db: &Path) -> SampleDatabases {
        SampleDatabases {
            dir: samples_dir(user_db),
            limits: Limits::DEFAULT,
            open: Vec::new(),
        }
    }

    /// The sandbox of sample database `name`, built and opened on first use.
    pub fn sandbox(&mut self, name: &str) -> Result<&mut Sandbox, QueryError> {
        let at = if let Some(i) = self.open.iter().position(|(n, _)| n == name) {
            i
        } else {
            let opened = ensure_built(&self.dir, name).and_then(|p| Sandbox::open(&p, self.limits));
            self.open.push((name.to_string(), opened));
            self.open.len() - 1
        };
        match &mut self.open[at].1 {
            Ok(s) => Ok(s),
            Err(e) => Err(e.clone()),
        }
    }
}

impl QueryRunner for SampleDatabases {
    fn run(&mut self, db: &str, sql: &str) -> Result<ResultSet, QueryError> {
        self.sandbox(db)?.query(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> (tempfile::TempDir, Sandbox) {
        let dir = tempfile::tempdir().unwrap();
        let path = ensure_built(dir.path(), "shop").unwrap();
        let sandbox = Sandbox::open(&path, Limits::DEFAULT).unwrap();
        (dir, sandbox)
    }

    fn refused(s: &mut Sandbox, sql: &str) -> String {
        match s.query(sql) {
            Err(QueryError::Refused(m)) => m,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn the_shop_is_built_once_and_reads_like_any_database() {
        let (dir, mut s) = shop();
        let path = dir.path().join("shop.db");
        let built = fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(ensure_built(dir.path(), "shop").unwrap(), path);
        assert_eq!(
            fs::metadata(&path).unwrap().modified().unwrap(),
            built,
            "not rebuilt"
        );
        let tables = s.tables().unwrap();
        for t in [
            "categories",
            "customers",
            "logins",
            "order_items",
            "orders",
            "payments",
            "products",
            "reviews",
        ] {
            assert!(tables.iter().any(|x| x == t), "{t} in {tables:?}");
        }
        let r = s.query("SELECT count(*) > 0 FROM customers").unwrap();
        assert_eq!(r.rows, vec![vec![Value::Integer(1)]]);
        let schema = s.schema(Some("CUSTOMERS")).unwrap();
        assert!(
            schema[0].starts_with("CREATE TABLE customers"),
            "{schema:?}"
        );
    }

    #[test]
    fn a_file_built_from_another_script_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shop.db");
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE stale (x); PRAGMA user_version = 7;")
            .unwrap();
        drop(c);
        ensure_built(dir.path(), "shop").unwrap();
        let mut s = Sandbox::open(&path, Limits::DEFAULT).unwrap();
        assert!(!s.tables().unwrap().contains(&"stale".to_string()));
        assert_eq!(
            ensure_built(dir.path(), "bank").unwrap_err(),
            QueryError::Unavailable("there is no sample database `bank`".into())
        );
    }

    #[test]
    fn writes_attach_pragmas_and_extensions_are_refused_with_a_reason() {
        let (_dir, mut s) = shop();
        assert_eq!(
            refused(&mut s, "DROP TABLE customers;"),
            "the sample database is read-only: DROP TABLE customers"
        );
        assert_eq!(
            refused(&mut s, "UPDATE products SET price = 0;"),
            "the sample database is read-only: UPDATE products"
        );
        assert_eq!(
            refused(&mut s, "INSERT INTO categories (name) VALUES ('x')"),
            "the sample database is read-only: INSERT INTO categories"
        );
        assert_eq!(
            refused(&mut s, "CREATE TEMP TABLE t (x)"),
            "the sample database is read-only: CREATE TEMP TABLE"
        );
        assert_eq!(
            refused(&mut s, "ATTACH '/tmp/x.db' AS x;"),
            "ATTACH and DETACH are not allowed: the sandbox sees only the sample database"
        );
        assert_eq!(
            refused(&mut s, "PRAGMA writable_schema=1;"),
            "PRAGMA writable_schema = 1 is not allowed: only pragmas that read the schema (table_info, index_list, …)"
        );
        assert!(
            refused(&mut s, "PRAGMA journal_mode")
                .starts_with("PRAGMA journal_mode is not allowed")
        );
        assert_eq!(
            refused(&mut s, "SELECT load_extension('x')"),
            "load_extension is not allowed: the sandbox loads no extensions"
        );
        assert!(refused(&mut s, "BEGIN").starts_with("transactions are not needed"));
        let info = s.query("PRAGMA table_info(customers)").unwrap();
        assert!(info.rows.len() >= 7, "{info:?}");
        assert!(s.query("SELECT * FROM pragma_index_list('orders')").is_ok());
        let plan = s
            .query("EXPLAIN QUERY PLAN SELECT * FROM orders WHERE order_id = 1")
            .unwrap();
        assert!(!plan.rows.is_empty());
    }

    #[test]
    fn a_runaway_query_is_stopped_at_the_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = ensure_built(dir.path(), "shop").unwrap();
        let limits = Limits {
            time: Duration::from_millis(200),
            rows: 100,
        };
        let mut s = Sandbox::open(&path, limits).unwrap();
        let e = s
            .query("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r;")
            .unwrap_err();
        assert_eq!(e, QueryError::TimedOut { limit_ms: 200 });
        let r = s.query("SELECT 1").unwrap();
        assert_eq!(r.rows, vec![vec![Value::Integer(1)]], "the next query runs");
        let endless = s
            .query(
                "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r",
            )
            .unwrap();
        assert_eq!((endless.rows.len(), endless.truncated), (100, true));
    }

    #[test]
    fn errors_are_sqlites_own_words_and_one_statement_runs_at_a_time() {
        let (_dir, mut s) = shop();
        assert_eq!(
            s.query("SELECT nme FROM customers").unwrap_err(),
            QueryError::Sqlite("no such column: nme".into())
        );
        assert!(matches!(
            s.query("SELECT 1; SELECT 2;").unwrap_err(),
            QueryError::Statement(m) if m.starts_with("one statement at a time")
        ));
        assert!(matches!(
            s.query("SELECT 1; DROP TABLE customers;").unwrap_err(),
            QueryError::Refused(_) | QueryError::Statement(_)
        ));
        assert!(s.query("SELECT 1; -- done").is_ok());
        assert!(matches!(
            s.query("  -- nothing").unwrap_err(),
            QueryError::Statement(_)
        ));
    }
}
