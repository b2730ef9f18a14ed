//! Synthetic data for the benchmarks: recall databases with a realistic spread of text
//! lengths, due dates and review history, and TSV deck files. Shared by `examples/synth.rs`
//! and the benches in `benches/`.

#![allow(dead_code)]

use std::io::{BufWriter, Write};
use std::path::Path;

use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};
use rusqlite::params;

pub type Error = Box<dyn std::error::Error>;

/// The study day benchmarks take as today: 2026-11-27.
pub const TODAY: i64 = 20_784;

const WORDS: &[&str] = &[
    "model",
    "data",
    "training",
    "gradient",
    "tensor",
    "pipeline",
    "feature",
    "vector",
    "query",
    "index",
    "latency",
    "batch",
    "kernel",
    "deploy",
    "container",
    "metric",
    "loss",
    "layer",
    "token",
    "embedding",
    "cluster",
    "schema",
    "join",
    "regression",
    "classifier",
    "accuracy",
    "precision",
    "recall",
    "network",
    "weights",
    "optimizer",
    "learning",
    "rate",
    "dropout",
    "attention",
    "transformer",
    "inference",
    "serving",
    "monitoring",
    "drift",
    "version",
];

pub fn text<R: Rng>(rng: &mut R, min: usize, max: usize) -> String {
    let target = rng.random_range(min..=max);
    let mut s = String::with_capacity(target + 12);
    while s.len() < target {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(WORDS[rng.random_range(0..WORDS.len())]);
    }
    s
}

/// A TSV deck (`front, back, tags` with a header row) of `cards` lines.
pub fn tsv(cards: usize, out: &Path) -> Result<(), Error> {
    let mut rng = StdRng::seed_from_u64(42);
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    writeln!(w, "front\tback\ttags")?;
    for i in 0..cards {
        let front = format!("{} #{i}?", text(&mut rng, 20, 120));
        writeln!(
            w,
            "{front}\t{}\tsynthetic deck{}",
            text(&mut rng, 40, 400),
            i % 100
        )?;
    }
    w.flush()?;
    Ok(())
}

/// A recall database at `out` with `cards` cards (70% seen) and `reviews` reviews.
pub fn database(cards: usize, reviews: usize, today: i64, out: &Path) -> Result<String, Error> {
    let mut rng = StdRng::seed_from_u64(42);
    db(&mut rng, cards, reviews, today, out)
}

fn db(
    rng: &mut StdRng,
    cards: usize,
    reviews: usize,
    today: i64,
    out: &Path,
) -> Result<String, Error> {
    if out.exists() {
        return Err(format!("{} exists; remove it first", out.display()).into());
    }
    // recall's own migrations make the schema.
    drop(recall::store::Store::open(out)?);
    let mut conn = rusqlite::Connection::open(out)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    let tx = conn.transaction()?;
    let decks = (cards / 1000).clamp(1, 200);
    let now_ms = today * 86_400_000;
    for d in 0..decks {
        tx.execute(
            "INSERT INTO decks (id, name, description, origin, level, created_at) VALUES (?1, ?2, '', 'user', ?3, ?4)",
            params![d as i64 + 1000, format!("Synthetic::Deck {d:03}"), rng.random_range(0..=3), now_ms],
        )?;
    }
    let seen = cards * 7 / 10;
    {
        let mut card = tx.prepare("INSERT INTO cards (id, guid, deck_id, stage, kind, front, back, tags, ord, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'basic', ?5, ?6, ?7, ?8, ?9, ?9)")?;
        let mut state = tx.prepare("INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses, last_quality, last_reviewed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for i in 0..cards {
            let id = i as i64 + 1_000_000;
            let deck = (i % decks) as i64 + 1000;
            let front = format!("{} #{i}?", text(rng, 20, 120));
            card.execute(params![
                id,
                format!("synth/{i}"),
                deck,
                rng.random_range(1..=3),
                front,
                text(rng, 40, 400),
                format!("deck{}", i % decks),
                i as i64,
                now_ms
            ])?;
            if i < seen {
                let interval: i64 = rng.random_range(1..=365);
                // Due dates from a month overdue to a year ahead, most of them ahead.
                let due = today + rng.random_range(-30..=interval);
                state.execute(params![
                    id,
                    rng.random_range(1..=12),
                    rng.random_range(130..=300),
                    interval,
                    due,
                    rng.random_range(0..=5),
                    rng.random_range(0..=5),
                    now_ms - 86_400_000
                ])?;
            }
        }
        let mut review = tx.prepare(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms, prev_reps, prev_ef, prev_interval, prev_due_day, prev_lapses, prev_last_quality, prev_last_reviewed_at, new_reps, new_ef, new_interval, new_due_day, new_lapses)
             VALUES (?1, ?2, ?3, ?4, 'review', ?5, ?6, 250, ?7, ?3, 0, 4, ?2, ?8, 250, ?9, ?10, 0)",
        )?;
        for _ in 0..reviews {
            let card_id = rng.random_range(0..seen.max(1)) as i64 + 1_000_000;
            let day = today - rng.random_range(0..365);
            let at = day * 86_400_000 + rng.random_range(0..86_400_000);
            let quality: u8 = [0, 1, 2, 3, 3, 4, 4, 4, 5, 5][rng.random_range(0..10)];
            let prev_interval: i64 = rng.random_range(1..=120);
            let new_interval = if quality >= 3 { prev_interval * 2 } else { 1 };
            let reps = rng.random_range(1..=10);
            review.execute(params![
                card_id,
                at,
                day,
                quality,
                rng.random_range(1_000..30_000),
                reps,
                prev_interval,
                reps + 1,
                new_interval,
                day + new_interval
            ])?;
        }
    }
    tx.commit()?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(format!(
        "{}: {cards} cards ({seen} seen) in {decks} decks, {reviews} reviews",
        out.display()
    ))
}
