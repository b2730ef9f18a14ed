//! Synthetic collections and decks for the benchmarks: a recall database with N cards and M
//! reviews (realistic text lengths, a spread of due dates and history), or a TSV deck file.
//!
//! ```sh
//! cargo run --release --example synth -- db --cards 100000 --reviews 1000000 --out /tmp/100k.db
//! cargo run --release --example synth -- tsv --cards 100000 --out /tmp/100k.tsv
//! ```
//! The database is created through recall's own migrations, then filled directly with SQL in
//! one transaction (far faster than answering a million cards).

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
