//! Helpers for integration tests: a temporary database and the real `recall` binary,
//! with a fixed clock, no colour and UTC as the local time zone.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("recall.db");
        Env { dir, db }
    }

    /// `recall --db <temp>` with a clean environment.
    pub fn cmd(&self) -> Command {
        let mut c = bare();
        c.arg("--db").arg(&self.db);
        c
    }

    /// Runs `recall ARGS` at `now` with `stdin`, expecting success; returns stdout.
    pub fn ok(&self, args: &[&str], now: &str, stdin: &str) -> String {
        let out = self.run(args, now, stdin);
        assert!(
            out.status.success(),
            "recall {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    pub fn run(&self, args: &[&str], now: &str, stdin: &str) -> Output {
        self.cmd()
            .args(["--now", now])
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("recall runs")
    }

    /// Like `ok`, on the test clock: every reading of the clock is `step_ms` after the one
    /// before (`RECALL_CLOCK_STEP_MS`), so answer times are exact.
    pub fn ok_stepped(&self, args: &[&str], now: &str, stdin: &str, step_ms: u32) -> String {
        let out = self
            .cmd()
            .env("RECALL_CLOCK_STEP_MS", step_ms.to_string())
            .args(["--now", now])
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("recall runs");
        assert!(
            out.status.success(),
            "recall {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs a command that must fail; returns stderr.
    pub fn fails(&self, args: &[&str], now: &str) -> String {
        let out = self.run(args, now, "");
        assert!(
            !out.status.success(),
            "recall {args:?} should have failed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            out.stdout.is_empty() || !String::from_utf8_lossy(&out.stdout).contains("panicked")
        );
        let err = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert!(!err.contains("panicked"), "recall panicked: {err}");
        err
    }

    pub fn json(&self, args: &[&str], now: &str) -> Value {
        let out = self.ok(args, now, "");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}\n{out}"))
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write fixture");
        path
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The database, opened directly for checks the CLI does not show.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("open db")
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.sql()
            .query_row(sql, [], |r| r.get(0))
            .expect("count query")
    }
}

/// `recall` with a clean environment and no database flag.
pub fn bare() -> Command {
    let mut c = Command::cargo_bin("recall").expect("binary built");
    c.env_remove("RECALL_DB")
        .env_remove("RECALL_NOW")
        .env_remove("RECALL_SEED")
        .env_remove("RECALL_CLOCK_STEP_MS")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1");
    c
}

/// A one-deck TOML file with cards `(id, front, back)`.
pub fn deck_toml(name: &str, cards: &[(&str, &str, &str)]) -> String {
    let mut s = format!("name = {name:?}\n");
    for (id, front, back) in cards {
        s.push_str(&format!(
            "\n[[cards]]\nid = {id:?}\nfront = {front:?}\nback = {back:?}\n"
        ));
    }
    s
}

/// A deck of `cards` numbered cards with ids `prefix/0`, `prefix/1`, ….
pub fn numbered_deck(name: &str, prefix: &str, cards: usize) -> String {
    let list: Vec<(String, String, String)> = (0..cards)
        .map(|i| {
            (
                format!("{prefix}/{i}"),
                format!("{name} question {i}"),
                format!("answer {i}"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = list
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    deck_toml(name, &refs)
}

/// How many cards the built-in decks hold (what a fresh database starts with).
pub fn built_in_cards() -> i64 {
    let decks = recall::builtin::decks().expect("the built-in decks parse");
    decks.iter().map(|d| d.cards.len() as i64).sum()
}

/// Every row of a query, each as its values' debug forms joined by `|`: rows compared
/// whole across databases (the upgrade and sync tests).
pub fn rows_of(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).expect("rows");
    let width = stmt.column_count();
    stmt.query_map([], |r| {
        (0..width)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i)
                    .map(|v| format!("{v:?}"))
            })
            .collect::<rusqlite::Result<Vec<_>>>()
            .map(|v| v.join("|"))
    })
    .expect("query")
    .map(|r| r.expect("a row"))
    .collect()
}
