//! In-process benchmarks (divan): today's queue over a 100k-card collection, a durable
//! answer commit beside a bare durable `SQLite` commit, the pure core's hot functions,
//! grading a SQL answer of every shipped exercise on the sample database, and the Markdown
//! and Obsidian parsers over most of a megabyte of cards.
//!
//! `cargo bench --bench engine`; whole-process figures come from `scripts/bench.sh`.

mod support;

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use recall::core::day::Day;
use recall::core::model::{CardId, KeyPoint, ReviewMode};
use recall::core::queue::{self, DoneToday, QueueLimits};
use recall::core::schedule::{CardState, Quality};
use recall::core::session::Answer;
use recall::core::sm2::{self, Sm2, Sm2State};
use recall::core::{grade, text};
use recall::formats::{self, Options};
use recall::store::Store;
use support::synth;

fn main() {
    divan::main();
}

/// A 100k-card collection with 100k reviews, built once per run.
static DB_100K: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("100k.db");
    synth::database(100_000, 100_000, synth::TODAY, &path).expect("synthetic database");
    (dir, path)
});

const LIMITS: QueueLimits = QueueLimits {
    new_per_day: 20,
    reviews_per_day: 200,
    new_override: None,
    gating: true,
    max_repeats: 3,
};

/// What `recall review` does before its first card: today's candidates and the queue.
#[divan::bench]
fn queue_100k(bencher: Bencher) {
    let store = Store::open(&DB_100K.1).expect("open");
    bencher.bench_local(|| {
        let done = store.day_counts(synth::TODAY).expect("counts");
        let c = store
            .queue_candidates(synth::TODAY, None, 200, 20, true)
            .expect("candidates");
        queue::build(
            &c,
            DoneToday {
                new: done.new,
                reviews: done.reviews,
            },
            LIMITS,
            &Sm2,
        )
    });
}

fn answer_for(card_id: CardId, deck_id: i64, today: Day) -> Answer {
    let prev: CardState = Sm2State {
        reps: 3,
        ef: 250,
        interval_days: 10,
        due_day: today,
        lapses: 0,
        last_quality: 4,
        last_reviewed_at: 0,
    }
    .into();
    let next = sm2::answer(Some(&prev), Quality::clamped(4), today, 1);
    Answer {
        card_id,
        deck_id,
        quality: Quality::clamped(4),
        mode: ReviewMode::Review,
        day: today,
        reviewed_at: 1,
        duration_ms: 3_000,
        typed: Some("an answer".into()),
        asked: recall::core::model::Asked::Typed,
        prev: Some(prev),
        next: Some(next),
        over_time: false,
        again_today: false,
        repeat_limit: false,
    }
}

/// One answer committed durably (review row and new state, `synchronous=FULL`).
#[divan::bench(sample_count = 300)]
fn answer_commit_100k(bencher: Bencher) {
    let mut store = Store::open(&DB_100K.1).expect("open");
    let card = store.card(CardId(1_000_000)).expect("query").expect("card");
    let answer = answer_for(card.id, card.deck_id, synth::TODAY);
    bencher.bench_local(|| store.record_answer(&answer).expect("commit"));
}

/// The floor: one row inserted and committed durably in WAL mode on the same disk.
#[divan::bench(sample_count = 300)]
fn bare_durable_commit(bencher: Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = rusqlite::Connection::open(dir.path().join("bare.db")).expect("open");
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE t (id INTEGER PRIMARY KEY, card INTEGER, quality INTEGER, at INTEGER);",
    )
    .expect("setup");
    bencher.bench_local(|| {
        conn.execute("INSERT INTO t (card, quality, at) VALUES (1, 4, 1)", [])
            .expect("insert")
    });
}

#[divan::bench]
fn sm2_answer() -> CardState {
    let s = sm2::answer(None, Quality::clamped(5), 0, 0);
    sm2::answer(divan::black_box(Some(&s)), Quality::clamped(4), 1, 0)
}

#[divan::bench]
fn grade_typed_definition() -> grade::Assessment {
    grade::assess_in_context(
        divan::black_box(
            "a standardized language for querying and manipulating relational databases",
        ),
        "SQL (Structured Query Language) is a standardized programming language for managing and manipulating relational databases, essential for fetching and managing data.",
        "What is SQL?",
    )
}

/// A typed answer to a question-bank card graded by its key points (the WHERE/HAVING
/// card: two points, two phrasings each), every word stemmed and compared per clause.
#[divan::bench]
fn grade_typed_key_points() -> grade::Assessment {
    let points = [
        KeyPoint(vec![
            "aggregates not allowed in WHERE".into(),
            "WHERE runs before grouping".into(),
        ]),
        KeyPoint(vec![
            "use HAVING COUNT(*) > 5".into(),
            "HAVING filters groups after aggregation".into(),
        ]),
    ];
    grade::assess_card(
        divan::black_box(
            "WHERE is evaluated before the rows are grouped, so COUNT(*) doesn't exist there yet; \
             move the condition to HAVING, which filters the groups after aggregation.",
        ),
        &points,
        "WHERE filters individual rows before grouping, so aggregates such as COUNT(*) do not exist there yet.",
        "In SQL, why is `SELECT dept FROM emp WHERE COUNT(*) > 5 GROUP BY dept` rejected?",
    )
}

#[divan::bench]
fn sanitize_hostile_kilobyte() -> String {
    let nasty = "\u{1b}]0;t\u{7}\u{1b}[31mred\u{1b}[0m plain words \u{202e} ".repeat(20);
    text::sanitize(divan::black_box(&nasty))
}

/// The options a folder import parses with.
fn parse_options() -> Options {
    Options {
        default_deck: "Bench".into(),
        stage: recall::core::model::Stage::Beginner,
        with_scheduling: true,
        in_folder: true,
    }
}

/// 630 KB of hashcards cards (12,000): 4,000 blocks of a list answer, a table answer and a
/// two-deletion cloze over two paragraphs.
static HASHCARDS_MB: LazyLock<String> = LazyLock::new(|| {
    use std::fmt::Write;
    (0..4_000).fold(String::new(), |mut out, i| {
        let _ = write!(
            out,
                "Q: Question {i} about the platinum group?\nA:\n\n- ruthenium {i}\n- rhodium\n\n\
                 | a | b |\n|---|---|\n| {i} | x |\n\nC:\nThe [answer {i}] spans\n\n[two] paragraphs.\n---\n"
        );
        out
    })
});

/// 890 KB of Obsidian notes (24,000 cards in 20 decks): tag lines, note text, `::`, `:::`,
/// `?` cards and two-deletion clozes, with scheduling comments.
static OBSIDIAN_MB: LazyLock<String> = LazyLock::new(|| {
    use std::fmt::Write;
    (0..4_000).fold(String::new(), |mut out, i| {
        let _ = write!(
            out,
                "#flashcards/bench/d{}\nNote text {i} with a [[link]].\n\nFront {i}::Back\n\
                 <!--SR:!2026-12-10,12,250-->\nSide {i}:::Other\n\nWhat is {i}?\n?\nAnswer\n\n\
                 ==Cloze {i}== with ==two==^[hint]\n<!--SR:!2026-12-03,3,230!2026-12-06,6,250-->\n\n",
            i % 20
        );
        out
    })
});

#[divan::bench]
fn parse_hashcards_megabyte() -> usize {
    let text = divan::black_box(HASHCARDS_MB.as_str());
    formats::markdown::parse(text, "bench.md", &parse_options()).map_or(0, |p| p.card_count())
}

#[divan::bench]
fn parse_obsidian_megabyte() -> usize {
    let text = divan::black_box(OBSIDIAN_MB.as_str());
    formats::obsidian::parse(text, "bench.md", &parse_options()).map_or(0, |p| p.card_count())
}

/// The SQL exercises of the built-in decks: id, reference query, whether order counts.
static EXERCISES: LazyLock<Vec<(String, String, bool)>> = LazyLock::new(|| {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/decks/sources/questions/03-sql.toml"
    );
    let text = std::fs::read_to_string(path).expect("the SQL question file");
    let set = recall::formats::questions::parse(&text, path).expect("it parses");
    set.cards
        .into_iter()
        .filter(|c| c.kind == recall::core::model::CardKind::Sql)
        .map(|c| {
            let ordered = c
                .sql
                .ordered
                .unwrap_or_else(|| recall::core::exercise::sql::orders_rows(&c.back));
            (c.guid, c.back, ordered)
        })
        .collect()
});

/// The sample shop database, built once per run.
static SHOP: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = recall::store::sandbox::ensure_built(dir.path(), "shop").expect("the shop");
    (dir, path)
});

fn exercise_ids() -> Vec<&'static str> {
    EXERCISES.iter().map(|(id, _, _)| id.as_str()).collect()
}

/// Grading one SQL answer as a session does: the reference and the answer (here the
/// reference again, the slowest right answer) run in the sandbox, then compared.
#[divan::bench(args = exercise_ids())]
fn grade_sql_answer(bencher: Bencher, id: &str) {
    use recall::core::exercise::QueryCheck;
    use recall::store::sandbox::{Limits, Sandbox};
    let (_, reference, ordered) = EXERCISES
        .iter()
        .find(|(i, _, _)| i == id)
        .expect("an exercise");
    let mut sandbox = Sandbox::open(&SHOP.1, Limits::DEFAULT).expect("the sandbox");
    bencher.bench_local(|| {
        let check = QueryCheck::run(&mut sandbox, "shop", reference, reference, *ordered);
        assert_eq!(check.right(), Some(true));
        check
    });
}
