//! Exercise cards, graded by running them: result sets as values, the runner a session
//! asks for them (implemented by the store's sandbox), and the grade a checked answer
//! suggests. Comparison lives in `compare` (SQL) and `output` (what a snippet prints).

pub mod compare;
pub mod output;
pub mod sql;

use std::fmt;

use super::schedule::Quality;

pub use compare::{Difference, Verdict, compare};

/// The sample databases a SQL card can name; the first is the default.
pub const SAMPLE_DATABASES: &[&str] = &["shop"];

/// The database a SQL card runs on when it names none.
pub const DEFAULT_DATABASE: &str = "shop";

/// One value of a result, as `SQLite` types it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl fmt::Display for Value {
    /// How a value is shown in a result table: NULL spelled out, reals without noise
    /// (`2.5`, `0.1`, not `0.1000000000000000055`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) if r.is_finite() && r.fract() == 0.0 && r.abs() < 1e15 => {
                write!(f, "{r:.1}")
            }
            Value::Real(r) => write!(f, "{r}"),
            Value::Text(t) => f.write_str(t),
            Value::Blob(b) => write!(f, "<{} bytes>", b.len()),
        }
    }
}

/// One row of a result.
pub type Row = Vec<Value>;

/// What a query returned: its column names and rows, cut at the runner's row limit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// Whether the query had more rows than the limit (they were not read).
    pub truncated: bool,
}

/// Why a query gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// `SQLite` refused or failed the statement; its own message.
    Sqlite(String),
    /// The sandbox refused what the statement tried to do (a write, ATTACH, a PRAGMA…).
    Refused(String),
    /// The statement ran past the time limit and was stopped.
    TimedOut { limit_ms: u64 },
    /// Nothing to run: no statement, or more than one.
    Statement(String),
    /// The sample database could not be opened or built.
    Unavailable(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Sqlite(m) => write!(f, "SQLite: {m}"),
            QueryError::Refused(m) => write!(f, "refused: {m}"),
            QueryError::TimedOut { limit_ms } => write!(
                f,
                "stopped: the query ran for more than {:.1} s (a runaway recursion or a huge join?)",
                *limit_ms as f64 / 1000.0
            ),
            QueryError::Statement(m) | QueryError::Unavailable(m) => f.write_str(m),
        }
    }
}

/// Runs read-only queries on a sample database. The store's sandbox implements it; the
/// session state machine only sees this, so its tests use a fake.
pub trait QueryRunner {
    /// Runs one statement on the sample database `db` and returns its result.
    fn run(&mut self, db: &str, sql: &str) -> Result<ResultSet, QueryError>;
}

/// A runner for sessions that have no sample database: every query is refused.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRunner;

impl QueryRunner for NoRunner {
    fn run(&mut self, _db: &str, _sql: &str) -> Result<ResultSet, QueryError> {
        Err(QueryError::Unavailable(
            "no sample database in this session".to_string(),
        ))
    }
}

/// How a SQL answer fared: both results (or why there was none) and the verdict when
/// both ran.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryCheck {
    pub expected: Result<ResultSet, QueryError>,
    pub got: Result<ResultSet, QueryError>,
    pub verdict: Option<Verdict>,
}

impl QueryCheck {
    /// Runs the reference and the answer on `db` and compares them.
    pub fn run(
        runner: &mut dyn QueryRunner,
        db: &str,
        reference: &str,
        answer: &str,
        ordered: bool,
    ) -> QueryCheck {
        let expected = runner.run(db, reference);
        let got = runner.run(db, answer);
        let verdict = match (&expected, &got) {
            (Ok(e), Ok(g)) => Some(compare(e, g, ordered)),
            _ => None,
        };
        QueryCheck {
            expected,
            got,
            verdict,
        }
    }

    /// Right, wrong, or unknown (the reference itself did not run: the card is broken
    /// or the sample database is missing, so the learner grades).
    #[must_use]
    pub fn right(&self) -> Option<bool> {
        match (&self.expected, &self.verdict) {
            (Err(_), _) => None,
            (Ok(_), Some(v)) => Some(*v == Verdict::Right),
            (Ok(_), None) => Some(false),
        }
    }
}

/// The result of checking an exercise's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Query(QueryCheck),
    Output(output::OutputCheck),
}

impl Check {
    /// Whether the answer is right; `None` when it could not be told.
    #[must_use]
    pub fn right(&self) -> Option<bool> {
        match self {
            Check::Query(q) => q.right(),
            Check::Output(o) => Some(o.right()),
        }
    }
}

/// How long a right answer may take before its grade is lowered, by kind: writing a
/// query takes longer than reading a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub expected_ms: i64,
}

impl Pace {
    pub const QUERY: Pace = Pace {
        expected_ms: 120_000,
    };
    pub const OUTPUT: Pace = Pace {
        expected_ms: 45_000,
    };
}

/// The grade a checked answer suggests. Right: 5, one less for any hint and one less
/// again for two or more, one less when slower than the pace and one more less past
/// twice it, never below 3 (it was right). Wrong: 1. Unchecked (`None`): no suggestion.
#[must_use]
pub fn suggested_grade(
    right: Option<bool>,
    hints: usize,
    elapsed_ms: i64,
    pace: Pace,
) -> Option<Quality> {
    if !right? {
        return Quality::new(1);
    }
    let hint_cost = hints.min(2) as u8;
    let time_cost = if elapsed_ms > 2 * pace.expected_ms {
        2
    } else {
        u8::from(elapsed_ms > pace.expected_ms)
    };
    Quality::new(5u8.saturating_sub(hint_cost + time_cost).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grade(right: Option<bool>, hints: usize, ms: i64) -> Option<u8> {
        suggested_grade(right, hints, ms, Pace::QUERY).map(Quality::value)
    }

    #[test]
    fn a_quick_right_answer_without_hints_is_a_five() {
        assert_eq!(grade(Some(true), 0, 30_000), Some(5));
        assert_eq!(
            grade(Some(true), 0, 120_000),
            Some(5),
            "at the pace exactly"
        );
    }

    #[test]
    fn hints_and_time_lower_a_right_answer_but_never_below_three() {
        assert_eq!(grade(Some(true), 1, 1_000), Some(4));
        assert_eq!(grade(Some(true), 2, 1_000), Some(3));
        assert_eq!(grade(Some(true), 5, 1_000), Some(3));
        assert_eq!(grade(Some(true), 0, 120_001), Some(4));
        assert_eq!(grade(Some(true), 0, 240_000), Some(4));
        assert_eq!(grade(Some(true), 0, 240_001), Some(3));
        assert_eq!(grade(Some(true), 2, 240_001), Some(3));
        assert_eq!(
            suggested_grade(Some(true), 0, 45_001, Pace::OUTPUT).map(Quality::value),
            Some(4)
        );
    }

    #[test]
    fn wrong_is_one_and_unknown_leaves_the_grade_to_the_learner() {
        assert_eq!(grade(Some(false), 0, 1), Some(1));
        assert_eq!(grade(None, 0, 1), None);
    }

    #[test]
    fn values_show_as_a_table_cell_would() {
        assert_eq!(Value::Null.to_string(), "NULL");
        assert_eq!(Value::Real(2.0).to_string(), "2.0");
        assert_eq!(Value::Real(0.1).to_string(), "0.1");
        assert_eq!(Value::Real(1234.56).to_string(), "1234.56");
        assert_eq!(Value::Integer(-3).to_string(), "-3");
        assert_eq!(Value::Blob(vec![1, 2]).to_string(), "<2 bytes>");
    }

    struct Fake;
    impl QueryRunner for Fake {
        fn run(&mut self, _db: &str, sql: &str) -> Result<ResultSet, QueryError> {
            match sql {
                "bad" => Err(QueryError::Sqlite("no such table: x".into())),
                n => Ok(ResultSet {
                    columns: vec!["n".into()],
                    rows: vec![vec![Value::Integer(n.len() as i64)]],
                    truncated: false,
                }),
            }
        }
    }

    #[test]
    fn a_query_check_runs_both_and_tells_right_wrong_or_unknown() {
        let check = |reference: &str, answer: &str| {
            QueryCheck::run(&mut Fake, "shop", reference, answer, false).right()
        };
        assert_eq!(check("abc", "xyz"), Some(true));
        assert_eq!(check("abc", "xy"), Some(false));
        assert_eq!(check("abc", "bad"), Some(false), "an error is wrong");
        assert_eq!(
            check("bad", "abc"),
            None,
            "a broken reference decides nothing"
        );
        assert_eq!(
            NoRunner.run("shop", "SELECT 1"),
            Err(QueryError::Unavailable(
                "no sample database in this session".into()
            ))
        );
    }
}
