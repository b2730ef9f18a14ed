//! The shipped exercises checked by running them, so that no answer in a deck is wrong:
//! every reference query runs on the sample database and returns rows; differently written
//! correct queries are accepted and plausible wrong ones rejected
//! (`tests/fixtures/exercises/sql_alternatives.toml`); every Python snippet prints exactly
//! its stored answer (run with `python3`, which CI has; recall itself never runs Python).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use recall::core::exercise::{QueryError, Verdict, compare, output, sql};
use recall::core::model::{CardDraft, CardKind};
use recall::formats::questions;
use recall::store::sandbox::{Limits, Sandbox, ensure_built};

const SQL_QUESTIONS: &str = "decks/sources/questions/03-sql.toml";
const PYTHON_QUESTIONS: &str = "decks/sources/questions/01-python.toml";
const ALTERNATIVES: &str = "tests/fixtures/exercises/sql_alternatives.toml";

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn cards(path: &str, kind: CardKind) -> Vec<CardDraft> {
    let set = questions::parse(&read(path), path).unwrap_or_else(|e| panic!("{e}"));
    set.cards.into_iter().filter(|c| c.kind == kind).collect()
}

fn shop() -> (tempfile::TempDir, Sandbox) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = ensure_built(dir.path(), "shop").expect("the shop builds");
    let sandbox = Sandbox::open(&path, Limits::DEFAULT).expect("the shop opens");
    (dir, sandbox)
}

fn ordered(card: &CardDraft) -> bool {
    card.sql
        .ordered
        .unwrap_or_else(|| sql::orders_rows(&card.back))
}

#[test]
fn every_reference_query_runs_on_the_sample_database_and_returns_rows() {
    let exercises = cards(SQL_QUESTIONS, CardKind::Sql);
    assert!(
        exercises.len() >= 30,
        "the SQL deck has {} exercises, expected at least 30",
        exercises.len()
    );
    let (_dir, mut shop) = shop();
    let mut problems = Vec::new();
    for card in &exercises {
        match shop.query(&card.back) {
            Ok(r) if r.rows.is_empty() => problems.push(format!("{}: no rows", card.guid)),
            Ok(r) if r.truncated => {
                problems.push(format!("{}: more than {} rows", card.guid, r.rows.len()));
            }
            Ok(_) => {}
            Err(e) => problems.push(format!("{}: {e}", card.guid)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn exercises_span_the_three_stages() {
    let exercises = cards(SQL_QUESTIONS, CardKind::Sql);
    let mut per_stage: BTreeMap<u8, usize> = BTreeMap::new();
    for c in &exercises {
        *per_stage.entry(c.stage.number()).or_default() += 1;
    }
    assert_eq!(per_stage.len(), 3, "{per_stage:?}");
    let outputs = cards(PYTHON_QUESTIONS, CardKind::Output);
    assert!(
        outputs.len() >= 20,
        "{} output cards, expected 20",
        outputs.len()
    );
}

#[derive(serde::Deserialize)]
struct Alternatives {
    exercise: Vec<Alternative>,
}

#[derive(serde::Deserialize)]
struct Alternative {
    id: String,
    #[serde(default)]
    accept: Vec<String>,
    #[serde(default)]
    reject: Vec<String>,
}

#[test]
fn other_correct_queries_are_accepted_and_plausible_wrong_ones_rejected() {
    let file: Alternatives = toml::from_str(&read(ALTERNATIVES)).expect("the fixture parses");
    assert!(
        file.exercise.len() >= 12,
        "{} exercises",
        file.exercise.len()
    );
    let exercises = cards(SQL_QUESTIONS, CardKind::Sql);
    let (_dir, mut shop) = shop();
    let mut problems = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for alt in &file.exercise {
        let Some(card) = exercises.iter().find(|c| c.guid == alt.id) else {
            problems.push(format!("{ALTERNATIVES}: no exercise `{}`", alt.id));
            continue;
        };
        let expected = match shop.query(&card.back) {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{}: the reference fails: {e}", alt.id));
                continue;
            }
        };
        for q in &alt.accept {
            match shop
                .query(q)
                .map(|got| compare(&expected, &got, ordered(card)))
            {
                Ok(Verdict::Right) => accepted += 1,
                Ok(Verdict::Wrong(d)) => {
                    problems.push(format!("{}: should be accepted ({d:?}): {q}", alt.id));
                }
                Err(e) => problems.push(format!("{}: should be accepted ({e}): {q}", alt.id)),
            }
        }
        for q in &alt.reject {
            match shop
                .query(q)
                .map(|got| compare(&expected, &got, ordered(card)))
            {
                Ok(Verdict::Right) => problems.push(format!("{}: should be rejected: {q}", alt.id)),
                Ok(Verdict::Wrong(_)) | Err(QueryError::Sqlite(_)) => rejected += 1,
                Err(e) => problems.push(format!(
                    "{}: rejected for the wrong reason ({e}): {q}",
                    alt.id
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        accepted >= 12 && rejected >= 12,
        "{accepted} accepted, {rejected} rejected"
    );
}

/// The raw `code` and `back` of each output card, as the question file writes them.
fn snippets() -> Vec<(String, String, String)> {
    let value: toml::Value = toml::from_str(&read(PYTHON_QUESTIONS)).expect("TOML");
    let Some(cards) = value.get("cards").and_then(toml::Value::as_array) else {
        panic!("{PYTHON_QUESTIONS}: no [[cards]]")
    };
    cards
        .iter()
        .filter(|c| c.get("kind").and_then(toml::Value::as_str) == Some("output"))
        .map(|c| {
            let field = |k: &str| {
                c.get(k)
                    .and_then(toml::Value::as_str)
                    .unwrap_or_else(|| panic!("an output card without `{k}`: {c}"))
                    .to_string()
            };
            (field("id"), field("code"), field("back"))
        })
        .collect()
}

#[test]
fn every_python_snippet_prints_exactly_its_answer() {
    let snippets = snippets();
    assert!(
        !snippets.is_empty(),
        "no output cards in {PYTHON_QUESTIONS}"
    );
    let mut problems = Vec::new();
    for (id, code, back) in &snippets {
        let run = Command::new("python3")
            .args(["-I", "-c", code])
            .env("PYTHONHASHSEED", "0")
            .output();
        let out = match run {
            Ok(out) => out,
            Err(e) => panic!(
                "this test runs every Python snippet of {PYTHON_QUESTIONS} with `python3`, which could not be started ({e}); install Python 3 (the standard library is enough)"
            ),
        };
        let printed = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            problems.push(format!(
                "{id}: python3 failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
            continue;
        }
        let check = output::check(back, &printed);
        if let Some(line) = check.first_difference {
            problems.push(format!(
                "{id}: line {}: the card says {:?}, python3 prints {:?}",
                line + 1,
                check.expected.get(line),
                check.got.get(line)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_output_answer_has_a_blank_line_inside() {
    // On a terminal an empty line ends an output answer, so no shipped answer may need one.
    for (id, _, back) in snippets() {
        let lines = output::lines(&back);
        assert!(
            lines.iter().all(|l| !l.is_empty()),
            "{id}: its output has an empty line, which cannot be typed at the prompt"
        );
    }
}
