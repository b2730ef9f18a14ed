//! In-process benchmarks (divan): today's queue over a 100k-card collection, a durable
//! answer commit beside a bare durable `SQLite` commit, the pure core's hot functions, and
//! the Markdown and Obsidian parsers over most of a megabyte of cards.
//!
//! `cargo bench --bench engine`; whole-process figures come from `scripts/bench.sh`.

mod support;

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::Bencher;
use recall::core::day::Day;
use recall::core::model::{CardId, ReviewMode};
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
        prev: Some(prev),
        next: Some(next),
        over_time: false,
        again_today: false,
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
