//! Synthetic collections and decks for the benchmarks: a recall database with N cards and M
//! reviews (realistic text lengths, a spread of due dates and history), or a TSV deck file.
//!
//! ```sh
//! cargo run --release --example synth -- db --cards 100000 --reviews 1000000 --out /tmp/100k.db
//! cargo run --release --example synth -- tsv --cards 100000 --out /tmp/100k.tsv
//! cargo run --release --example synth -- log --reviews 100000 --out /tmp/log100k
//! ```
//! `log` writes a simulated learner's review log (`benches/support/learner.rs` says how it
//! is simulated) as `log.csv`, with `deck.csv` holding its cards, for `recall optimize`.
//! The database is created through recall's own migrations, then filled directly with SQL in
//! one transaction (far faster than answering a million cards).

#[path = "../benches/support/learner.rs"]
mod learner;
#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// A recall database.
    Db {
        #[arg(long)]
        cards: usize,
        #[arg(long, default_value_t = 0)]
        reviews: usize,
        /// The study day taken as today (days since 1970-01-01; default 2026-11-27).
        #[arg(long, default_value_t = synth::TODAY)]
        today: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// A simulated learner's review log (log.csv) and its cards (deck.csv) in a folder.
    Log {
        #[arg(long)]
        reviews: usize,
        /// New cards a day (default: one for every 400 reviews asked for, at least 10).
        #[arg(long)]
        new_per_day: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// A tab-separated deck: front, back, tags.
    Tsv {
        #[arg(long)]
        cards: usize,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> Result<(), synth::Error> {
    match Args::parse().what {
        What::Tsv { cards, out } => synth::tsv(cards, &out),
        What::Log {
            reviews,
            new_per_day,
            seed,
            out,
        } => {
            let per_day = new_per_day.unwrap_or((reviews / 400).max(10));
            let (log, cards) = learner::simulate(reviews, per_day, seed);
            std::fs::create_dir_all(&out)?;
            std::fs::write(out.join("log.csv"), learner::csv(&log))?;
            std::fs::write(out.join("deck.csv"), learner::deck(cards))?;
            println!(
                "{} answers to {cards} cards in {}",
                log.len(),
                out.display()
            );
            Ok(())
        }
        What::Db {
            cards,
            reviews,
            today,
            out,
        } => {
            println!("{}", synth::database(cards, reviews, today, &out)?);
            Ok(())
        }
    }
}
