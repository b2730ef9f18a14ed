//! The import's output: a progress bar on standard error while a big import runs, and
//! the report of what it did, per deck.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressDrawTarget, ProgressStyle};

use crate::core::text::sanitize;
use crate::import::{Outcome, Progress};
use crate::store::ReviewImport;

/// Imports of at least this many cards, or streamed files of this many bytes, show a
/// progress bar (on a terminal).
const PROGRESS_FROM: usize = 2_000;
const PROGRESS_BYTES: u64 = 1 << 20;

/// The import's progress bar on standard error: drawn for big imports, and only when
/// standard error is a terminal.
#[derive(Default)]
pub struct ProgressBar {
    bar: OnceCell<indicatif::ProgressBar>,
}

impl Progress for ProgressBar {
    fn start(&self, cards: usize, stream_bytes: u64) {
        let _ = self.bar.set(progress_bar(cards, stream_bytes));
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.bar.get() {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// A bar for big imports, hidden when standard error is not a terminal: over the bytes
/// of streamed files when there are any, else over the cards.
fn progress_bar(cards: usize, stream_bytes: u64) -> indicatif::ProgressBar {
    let big = cards >= PROGRESS_FROM || stream_bytes >= PROGRESS_BYTES;
    if !big || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let (len, template) = if stream_bytes > 0 {
        (stream_bytes, "importing {bar:30} {bytes}/{total_bytes}")
    } else {
        (cards as u64, "importing {bar:30} {pos}/{len} cards")
    };
    let bar = indicatif::ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// "1 card", "2 cards".
fn cards(n: usize) -> String {
    super::session::count(n, "card")
}

/// What the import did to each deck (or, in a dry run, would do), with what was skipped
/// and the cards a file no longer has.
pub fn print_report(out: &mut dyn Write, outcome: &Outcome) -> io::Result<()> {
    let (r, files, skipped) = (&outcome.report, outcome.files, &outcome.skipped);
    let s = if files == 1 { "" } else { "s" };
    if r.dry_run {
        writeln!(
            out,
            "Dry run of {files} file{s}: nothing was written. The import would make these changes:"
        )?;
    } else {
        writeln!(out, "Imported {files} file{s} in one transaction:")?;
    }
    let mut reported: HashSet<&str> = HashSet::new();
    for d in &r.decks {
        reported.insert(&d.name);
        let left_out = skipped.get(&d.name).map_or(&[][..], Vec::as_slice);
        let mut parts = Vec::new();
        for (n, what) in [
            (d.added, "added"),
            (d.updated, "updated"),
            (d.moved, "moved here from another deck"),
            (d.unchanged, "unchanged"),
            (left_out.len(), "skipped"),
        ] {
            // A dry run is a plan: it shows every count, zeros included.
            if n > 0 || (r.dry_run && what != "moved here from another deck") {
                parts.push(format!("{n} {what}"));
            }
        }
        if d.scheduled > 0 {
            parts.push(format!("{} with the file's scheduling", d.scheduled));
        }
        let new = if d.created { " (new deck)" } else { "" };
        writeln!(out, "  {}{new}: {}", sanitize(&d.name), parts.join(", "))?;
        print_skipped(out, left_out)?;
        if d.in_trash > 0 {
            writeln!(
                out,
                "    {} in the trash, left there (`recall trash restore` brings {} back)",
                cards(d.in_trash),
                if d.in_trash == 1 { "it" } else { "them" }
            )?;
        }
        if !d.missing.is_empty() {
            let shown: Vec<String> = d.missing.iter().take(5).map(|g| sanitize(g)).collect();
            let more = if d.missing.len() > 5 {
                format!(" and {} more", d.missing.len() - 5)
            } else {
                String::new()
            };
            let (verb, were) = if d.missing.len() == 1 {
                ("is", "was")
            } else {
                ("are", "were")
            };
            writeln!(
                out,
                "    {} of this deck {verb} not in the file and {were} kept (`--prune` moves them to the trash): {}{more}",
                cards(d.missing.len()),
                shown.join(", ")
            )?;
        }
        if !d.pruned.is_empty() {
            let went = if r.dry_run { "would go" } else { "went" };
            writeln!(
                out,
                "    {} of this deck {} not in the file and {went} to the trash:",
                cards(d.pruned.len()),
                if d.pruned.len() == 1 { "is" } else { "are" }
            )?;
            for guid in &d.pruned {
                writeln!(out, "      {}", sanitize(guid))?;
            }
        }
    }
    // Decks whose every note was skipped have no line above.
    for (deck, reasons) in skipped {
        if !reported.contains(deck.as_str()) {
            writeln!(out, "  {}: {} skipped", sanitize(deck), reasons.len())?;
            print_skipped(out, reasons)?;
        }
    }
    if let Some(reviews) = &outcome.reviews {
        write!(out, "  Anki's review log: ")?;
        review_counts(out, reviews)?;
    }
    print_empty_files(out, &outcome.empty_files)
}

/// Files of a folder that hold no cards: counted, the first few named.
fn print_empty_files(out: &mut dyn Write, files: &[String]) -> io::Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let s = if files.len() == 1 { "" } else { "s" };
    let shown: Vec<String> = files.iter().take(5).map(|f| sanitize(f)).collect();
    let more = if files.len() > 5 {
        format!(" and {} more", files.len() - 5)
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {} file{s} with no cards skipped: {}{more}",
        files.len(),
        shown.join(", ")
    )
}

/// One line of what a review log import did.
pub fn review_counts(out: &mut dyn Write, r: &ReviewImport) -> io::Result<()> {
    let mut parts = vec![if r.added > 0 {
        format!("{} answers added to {} cards", r.added, r.cards)
    } else {
        "no new answers".to_string()
    }];
    if r.duplicates > 0 {
        parts.push(format!("{} already in the log", r.duplicates));
    }
    if r.unknown_skipped > 0 {
        parts.push(format!(
            "{} to cards not in this database left out",
            r.unknown_skipped
        ));
    }
    if r.rescheduled > 0 {
        parts.push(format!(
            "{} cards scheduled from their history",
            r.rescheduled
        ));
    }
    writeln!(out, "{}", parts.join(", "))
}

/// What `recall import --reviews` did.
pub fn print_reviews(
    out: &mut dyn Write,
    files: usize,
    dry_run: bool,
    r: &ReviewImport,
) -> io::Result<()> {
    let s = if files == 1 { "" } else { "s" };
    if dry_run {
        write!(
            out,
            "Dry run of {files} review log{s}, nothing was written; the import would give: "
        )?;
    } else {
        write!(out, "Imported {files} review log{s} in one transaction: ")?;
    }
    review_counts(out, r)
}

fn print_skipped(out: &mut dyn Write, reasons: &[String]) -> io::Result<()> {
    for reason in reasons.iter().take(5) {
        writeln!(out, "    skipped {}", sanitize(reason))?;
    }
    if reasons.len() > 5 {
        writeln!(out, "    … and {} more skipped", reasons.len() - 5)?;
    }
    Ok(())
}
