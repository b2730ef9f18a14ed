//! Query results and checked exercises: result sets as aligned tables with a row limit,
//! and what a SQL or output answer got right or wrong. Every value is sanitised.

use std::io::{self, Write};

use super::Palette;
use super::table::table;
use crate::core::exercise::output::OutputCheck;
use crate::core::exercise::{Check, Difference, QueryCheck, ResultSet, Row, Verdict};
use crate::core::text::sanitize;

/// How many rows of each result a checked answer shows.
const SHOWN_IN_CHECK: usize = 5;

/// A cell as shown: sanitised, on one line (a newline would break the table).
fn cell(v: &crate::core::exercise::Value) -> String {
    sanitize(&v.to_string())
        .replace('\n', "⏎")
        .replace('\t', " ")
}

/// A result as an aligned table of at most `max_rows` rows, then `… N more rows` when
/// there are more (`more than N` when the query had more than were read).
pub fn result_table(
    w: &mut dyn Write,
    p: &Palette,
    result: &ResultSet,
    max_rows: usize,
    indent: &str,
) -> io::Result<()> {
    let header: Vec<String> = result.columns.iter().map(|c| sanitize(c)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table(&header, p.enabled, None);
    for row in result.rows.iter().take(max_rows) {
        t.add_row(row.iter().map(cell).collect::<Vec<_>>());
    }
    for line in t.to_string().lines() {
        writeln!(w, "{indent}{}", line.trim_end())?;
    }
    let hidden = result.rows.len().saturating_sub(max_rows);
    match (hidden, result.truncated) {
        (0, false) => {}
        (n, false) => writeln!(w, "{indent}{}", p.dim(&format!("… {n} more {}", rows(n))))?,
        (n, true) => writeln!(
            w,
            "{indent}{}",
            p.dim(&format!("… more than {n} more rows (not all were read)"))
        )?,
    }
    Ok(())
}

fn rows(n: usize) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

/// `3 rows`, `1 row`, `more than 10000 rows`.
fn count(r: &ResultSet) -> String {
    let n = r.rows.len();
    if r.truncated {
        format!("more than {n} rows")
    } else {
        format!("{n} {}", rows(n))
    }
}

/// How a checked exercise went, printed before the reference answer; its verdict wrapped
/// to `width` (result tables are shown as they are).
pub fn check(w: &mut dyn Write, p: &Palette, check: &Check, width: usize) -> io::Result<()> {
    match check {
        Check::Query(q) => query(w, p, q),
        Check::Output(o) => output(w, p, o, width),
    }
}

fn query(w: &mut dyn Write, p: &Palette, q: &QueryCheck) -> io::Result<()> {
    let expected = match &q.expected {
        Ok(e) => e,
        Err(e) => {
            writeln!(
                w,
                "{} the reference query did not run ({}); grade yourself",
                p.yellow("?"),
                sanitize(&e.to_string())
            )?;
            return Ok(());
        }
    };
    let got = match &q.got {
        Ok(g) => g,
        Err(e) => {
            writeln!(w, "{} {}", p.red("✗ error:"), sanitize(&e.to_string()))?;
            return Ok(());
        }
    };
    match &q.verdict {
        Some(Verdict::Right) | None => {
            writeln!(
                w,
                "{} your query returns the same {}",
                p.green("✓ right:"),
                count(got)
            )?;
            return Ok(());
        }
        Some(Verdict::Wrong(d)) => {
            writeln!(w, "{} {}", p.red("✗ wrong:"), difference(d))?;
        }
    }
    writeln!(w, "{}", p.dim(&format!("expected ({}):", count(expected))))?;
    result_table(w, p, expected, SHOWN_IN_CHECK, "  ")?;
    writeln!(w, "{}", p.dim(&format!("got ({}):", count(got))))?;
    result_table(w, p, got, SHOWN_IN_CHECK, "  ")?;
    if let Some(Verdict::Wrong(Difference::Rows { missing, extra })) = &q.verdict {
        listed(w, p, "missing", missing, &expected.columns)?;
        listed(w, p, "extra", extra, &expected.columns)?;
    }
    Ok(())
}

/// What differs, in a line.
fn difference(d: &Difference) -> String {
    match d {
        Difference::Columns { expected, got } => format!(
            "{got} column{} where {expected} {} expected",
            if *got == 1 { "" } else { "s" },
            if *expected == 1 { "is" } else { "are" }
        ),
        Difference::Rows { missing, extra } => match (missing.len(), extra.len()) {
            (m, 0) => format!("{m} {} missing", rows(m)),
            (0, e) => format!("{e} extra {}", rows(e)),
            (m, e) => format!("{m} {} missing, {e} extra", rows(m)),
        },
        Difference::TooManyRows { read } => {
            format!("more than {read} rows (is a join or a filter missing?)")
        }
        Difference::Order { first } => format!(
            "the right rows in the wrong order (from row {}); check the ORDER BY",
            first + 1
        ),
    }
}

/// The first missing or extra rows, as a table.
fn listed(
    w: &mut dyn Write,
    p: &Palette,
    what: &str,
    list: &[Row],
    columns: &[String],
) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    writeln!(w, "{}", p.dim(&format!("{what} ({}):", list.len())))?;
    let set = ResultSet {
        columns: columns.to_vec(),
        rows: list.to_vec(),
        truncated: false,
    };
    result_table(w, p, &set, SHOWN_IN_CHECK, "  ")
}

fn output(w: &mut dyn Write, p: &Palette, o: &OutputCheck, width: usize) -> io::Result<()> {
    let Some(line) = o.first_difference else {
        return writeln!(w, "{} the output is exactly that", p.green("✓ right:"));
    };
    let show = |l: Option<&String>| match l {
        Some(l) => format!("`{}`", sanitize(l)),
        None => "nothing".to_string(),
    };
    let verdict = format!(
        "{} line {}: expected {}, you wrote {}",
        p.red("✗ wrong at"),
        line + 1,
        show(o.expected.get(line)),
        show(o.got.get(line))
    );
    super::wrap::labelled(w, "", 0, &verdict, width)
}

/// The sandbox's greeting on a terminal.
pub fn sandbox_banner(w: &mut dyn Write, p: &Palette, name: &str) -> io::Result<()> {
    writeln!(
        w,
        "The sample database `{}`, read-only. End a statement with `;`.",
        sanitize(name)
    )?;
    writeln!(
        w,
        "{}",
        p.dim(".tables · .schema [TABLE] · .help · .quit (or :quit, Ctrl-D)")
    )
}

pub fn sandbox_help(w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "SQL statements end with `;` and may span lines; only reading is allowed."
    )?;
    writeln!(w, "  .tables          list the tables")?;
    writeln!(
        w,
        "  .schema [TABLE]  show how a table (or every table) is made"
    )?;
    writeln!(w, "  .help            this list")?;
    writeln!(
        w,
        "  .quit, :quit     leave (Ctrl-D too); Ctrl-C drops the statement being typed"
    )
}

/// A statement's result: its table and how many rows it has.
pub fn sandbox_result(
    w: &mut dyn Write,
    p: &Palette,
    r: &ResultSet,
    max_rows: usize,
) -> io::Result<()> {
    if r.columns.is_empty() {
        return writeln!(w, "{}", p.dim("(no result)"));
    }
    result_table(w, p, r, max_rows, "")?;
    writeln!(w, "{}", p.dim(&format!("({})", count(r))))
}

/// An error or refusal, on one line; the prompt goes on.
pub fn sandbox_error(
    w: &mut dyn Write,
    p: &Palette,
    e: &crate::core::exercise::QueryError,
) -> io::Result<()> {
    writeln!(
        w,
        "{} {}",
        p.red("error:"),
        sanitize(&e.to_string()).replace('\n', " ")
    )
}

pub fn sandbox_note(w: &mut dyn Write, p: &Palette, message: &str) -> io::Result<()> {
    writeln!(w, "{}", p.dim(&sanitize(message)))
}

pub fn sandbox_unfinished(w: &mut dyn Write, p: &Palette) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        p.dim("(the last statement had no `;` and was not run)")
    )
}

pub fn sandbox_tables(w: &mut dyn Write, tables: &[String]) -> io::Result<()> {
    let names: Vec<String> = tables.iter().map(|t| sanitize(t)).collect();
    writeln!(w, "{}", names.join("  "))
}

pub fn sandbox_schema(w: &mut dyn Write, statements: &[String]) -> io::Result<()> {
    for s in statements {
        writeln!(w, "{}", sanitize(s))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::exercise::Value::{Integer as I, Null, Text as T};
    use crate::core::exercise::{QueryError, compare, output};

    fn set(cols: &[&str], rows: Vec<Row>) -> ResultSet {
        ResultSet {
            columns: cols.iter().map(|c| (*c).to_string()).collect(),
            rows,
            truncated: false,
        }
    }

    fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tables_align_and_say_how_many_rows_are_hidden() {
        let r = set(
            &["id", "name"],
            vec![
                vec![I(1), T("Ada".into())],
                vec![I(22), Null],
                vec![I(3), T("a\nb".into())],
            ],
        );
        let t = text(|w| result_table(w, &Palette::PLAIN, &r, 2, ""));
        assert_eq!(
            t,
            " id   name\n-----------\n 1    Ada\n 22   NULL\n… 1 more row\n"
        );
    }

    #[test]
    fn a_wrong_query_shows_both_results_and_the_rows_that_differ() {
        let e = set(&["id"], vec![vec![I(1)], vec![I(2)]]);
        let g = set(&["customer_id"], vec![vec![I(2)], vec![I(3)]]);
        let q = QueryCheck {
            verdict: Some(compare(&e, &g, false)),
            expected: Ok(e),
            got: Ok(g),
        };
        let t = text(|w| check(w, &Palette::PLAIN, &Check::Query(q), 80));
        assert!(
            t.starts_with("✗ wrong: 1 row missing, 1 extra\nexpected (2 rows):\n"),
            "{t}"
        );
        assert!(
            t.ends_with("missing (1):\n   id\n  ----\n   1\nextra (1):\n   id\n  ----\n   3\n"),
            "{t}"
        );
    }

    #[test]
    fn errors_and_right_answers_are_one_line() {
        let e = set(&["n"], vec![vec![I(1)]]);
        let q = QueryCheck {
            expected: Ok(e.clone()),
            got: Err(QueryError::Sqlite("no such column: nme".into())),
            verdict: None,
        };
        assert_eq!(
            text(|w| check(w, &Palette::PLAIN, &Check::Query(q), 80)),
            "✗ error: SQLite: no such column: nme\n"
        );
        let q = QueryCheck {
            expected: Ok(e.clone()),
            got: Ok(e.clone()),
            verdict: Some(Verdict::Right),
        };
        assert_eq!(
            text(|w| check(w, &Palette::PLAIN, &Check::Query(q), 80)),
            "✓ right: your query returns the same 1 row\n"
        );
        assert_eq!(
            difference(&Difference::Columns {
                expected: 3,
                got: 1
            }),
            "1 column where 3 are expected"
        );
    }

    #[test]
    fn a_wrong_output_names_the_first_line_that_differs() {
        let o = output::check("[1]\n[1, 2]", "[1]\n[2]");
        assert_eq!(
            text(|w| check(w, &Palette::PLAIN, &Check::Output(o), 80)),
            "✗ wrong at line 2: expected `[1, 2]`, you wrote `[2]`\n"
        );
        let o = output::check("a\nb", "a");
        assert_eq!(
            text(|w| check(w, &Palette::PLAIN, &Check::Output(o), 80)),
            "✗ wrong at line 2: expected `b`, you wrote nothing\n"
        );
    }
}
