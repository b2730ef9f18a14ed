//! `recall export`: decks as TOML or CSV that import back to the same cards, or the
//! review log as CSV.

use anyhow::{Context as _, Result, anyhow};

use super::select_decks;
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Ctx;
use crate::formats::{csv, native};
use crate::ui::out;

const HEADER: &str = "Exported by `recall export`. `recall import` reads this file back to the same cards;\ncard ids keep progress across re-imports.";

pub fn run(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let (text, summary) = if args.reviews {
        let log = store.review_log()?;
        let n = log.len();
        (csv::write_reviews(&log)?, format!("{n} reviews"))
    } else {
        let selection = select_decks(&store, args.deck.as_deref())?;
        let decks = store.deck_drafts(selection.as_ref().map(|s| s.ids.as_slice()))?;
        if decks.is_empty() {
            return Err(anyhow!("there are no cards to export"));
        }
        let cards: usize = decks.iter().map(|d| d.cards.len()).sum();
        let text = match args.format {
            ExportFormat::Toml => native::write_decks(&decks, HEADER)?,
            ExportFormat::Csv => csv::write(&decks)?,
        };
        let count = crate::ui::session::count;
        (
            text,
            format!("{} in {}", count(cards, "card"), count(decks.len(), "deck")),
        )
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            out::line(format_args!("Wrote {summary} to {}", path.display()))?;
        }
        None => out::bytes(text.as_bytes())?,
    }
    Ok(())
}
