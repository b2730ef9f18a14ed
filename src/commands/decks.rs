//! `recall decks`: the deck tree with new, due and total counts.

use anyhow::Result;

use super::{print_json, screen_width};
use crate::cli::DecksArgs;
use crate::context::Ctx;
use crate::ui::decks;

pub fn run(ctx: &Ctx, args: &DecksArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    let summaries = store.deck_summaries(today)?;
    if args.json {
        return print_json(&summaries);
    }
    let width = screen_width(ctx.stdout_is_terminal);
    let mut out = std::io::stdout().lock();
    decks::render(&mut out, &ctx.palette, &summaries, width)?;
    Ok(())
}
