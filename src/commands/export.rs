//! `recall export`: decks as TOML or CSV that import back to the same cards, or the
//! review log as CSV. Decks are read and written one at a time into a buffered writer,
//! so memory holds one deck, not the collection; a file is written under a temporary
//! name and renamed when complete.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use super::select_decks;
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Ctx;
use crate::formats::{csv, native};
use crate::store::Store;
use crate::ui::out;
use crate::ui::session::count;

const HEADER: &str = "Exported by `recall export`. `recall import` reads this file back to the same cards;\ncard ids keep progress across re-imports.";

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let deck_ids = if args.reviews {
        Vec::new()
    } else {
        let selection = select_decks(&store, args.deck.as_deref())?;
        let ids = store.decks_with_cards(selection.as_ref().map(|s| s.ids.as_slice()))?;
        if ids.is_empty() {
            return Err(anyhow!("there are no cards to export"));
        }
        ids
    };
    let write = |w: &mut dyn Write| -> Result<String> {
        if args.reviews {
            let log = store.review_log()?;
            w.write_all(csv::write_reviews(&log)?.as_bytes())?;
            Ok(count(log.len(), "review"))
        } else {
            let cards = write_decks(&store, &deck_ids, args.format, w)?;
            Ok(format!(
                "{} in {}",
                count(cards, "card"),
                count(deck_ids.len(), "deck")
            ))
        }
    };
    if let Some(path) = &args.output {
        let summary = write_file(path, write)?;
        out::line(format_args!("Wrote {summary} to {}", path.display()))?;
    } else {
        let stdout = std::io::stdout();
        let mut w = BufWriter::new(stdout.lock());
        write(&mut w)?;
        w.flush()?;
    }
    Ok(())
}

/// Writes the decks one at a time; returns how many cards were written.
fn write_decks(
    store: &Store,
    deck_ids: &[i64],
    format: ExportFormat,
    w: &mut dyn Write,
) -> Result<usize> {
    let mut cards = 0;
    let mut each = |f: &mut dyn FnMut(&crate::core::model::DeckDraft) -> Result<()>| -> Result<()> {
        for &id in deck_ids {
            if let Some(deck) = store.deck_draft(id)? {
                cards += deck.cards.len();
                f(&deck)?;
            }
        }
        Ok(())
    };
    match format {
        ExportFormat::Toml if deck_ids.len() == 1 => {
            each(&mut |deck| Ok(w.write_all(native::write(deck, HEADER)?.as_bytes())?))?;
        }
        ExportFormat::Toml => {
            w.write_all(native::comments(HEADER).as_bytes())?;
            let mut first = true;
            each(&mut |deck| {
                w.write_all(native::write_one_of_many(deck, first)?.as_bytes())?;
                first = false;
                Ok(())
            })?;
        }
        ExportFormat::Csv => {
            let mut csv = csv::DeckWriter::new(&mut *w)?;
            each(&mut |deck| Ok(csv.deck(deck)?))?;
            csv.finish()?;
        }
    }
    Ok(cards)
}

/// Runs `write` into a temporary file beside `path`, then renames it: a failed export
/// leaves neither half a file nor a changed one.
fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<String>) -> Result<String> {
    let name = path
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let partial: PathBuf = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let result = (|| -> Result<String> {
        let file = std::fs::File::create(&partial)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut w = BufWriter::new(file);
        let summary = write(&mut w)?;
        w.into_inner()
            .map_err(std::io::IntoInnerError::into_error)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        std::fs::rename(&partial, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(summary)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
