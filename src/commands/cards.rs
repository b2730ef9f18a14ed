//! `recall cards [QUERY]` and `recall info`: cards with their state and history.

use std::io::Write;

use anyhow::{Result, bail};

use super::{print_json, screen_width, select_decks};
use crate::cli::{CardsArgs, InfoArgs};
use crate::context::Ctx;
use crate::core::config::SchedulerName;
use crate::core::day::Day;
use crate::core::fsrs;
use crate::core::model::Card;
use crate::core::text::sanitize;
use crate::store::{CardFilter, Store};
use crate::ui::cards::{self, FsrsView, card_json};
use crate::ui::out::JsonList;

pub(super) fn find(store: &Store, key: &str) -> Result<Card> {
    match store.find_card(key)? {
        Some(c) => Ok(c),
        None => bail!("no card `{}`; `recall cards` lists them", sanitize(key)),
    }
}

pub fn list(ctx: &Ctx, args: &CardsArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    let decks = select_decks(&store, args.deck.as_deref())?;
    let matching = if args.query.is_empty() {
        None
    } else {
        Some(super::search::matching(&store, &args.query)?)
    };
    // A query about suspension shows suspended cards without --suspended.
    let asks_suspended = matching
        .as_ref()
        .is_some_and(|m| m.query.mentions_suspended());
    let filter = CardFilter {
        deck_ids: decks.map(|d| d.ids),
        due_by: args.due.then_some(today),
        today,
        include_suspended: args.suspended || asks_suspended,
        matching,
        ..CardFilter::default()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let mut list = JsonList::new(&mut out)?;
        store.each_card(&filter, |c| -> Result<()> {
            Ok(list.push(&card_json(&c, None))?)
        })?;
        list.finish()?;
        return Ok(out.flush()?);
    }
    // Two passes over one snapshot: the first measures the columns, the second prints.
    let width = screen_width(ctx.stdout_is_terminal);
    store.snapshot(|store| -> Result<()> {
        let mut layout = cards::list_columns();
        let mut n = 0;
        store.each_card(&filter, |c| {
            layout.measure(&cards::list_row(&c, today));
            n += 1;
            Ok::<_, anyhow::Error>(())
        })?;
        if n > 0 {
            let widths = layout.widths(width);
            layout.header(&mut out, ctx.palette.enabled, &widths)?;
            store.each_card(&filter, |c| -> Result<()> {
                Ok(layout.line(&mut out, &cards::list_row(&c, today), &widths)?)
            })?;
        }
        cards::list_footer(&mut out, n)?;
        Ok(())
    })?;
    Ok(out.flush()?)
}

pub fn info(ctx: &Ctx, args: &InfoArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    let card = find(&store, &args.id)?;
    let reviews = store.reviews_of(card.id)?;
    let fsrs = fsrs_view(&store, &card, today)?;
    if args.json {
        let mut json = card_json(&card, Some(&reviews));
        if let Some(state) = json.state.as_mut() {
            state.fsrs = fsrs;
        }
        return print_json(&json);
    }
    let mut w = std::io::stdout().lock();
    let width = screen_width(ctx.stdout_is_terminal);
    cards::info(&mut w, &ctx.palette, &card, &reviews, today, fsrs, width)?;
    Ok(())
}

/// FSRS's memory of the card, under FSRS: its state's stability and difficulty, and its
/// retrievability after the days since its last scheduled answer.
fn fsrs_view(store: &Store, card: &Card, today: Day) -> Result<Option<FsrsView>> {
    if store.settings()?.scheduler != SchedulerName::Fsrs {
        return Ok(None);
    }
    let config = store.fsrs_config()?;
    Ok(card.state.and_then(|s| {
        let m = s.memory.fsrs?;
        let days = s.days_since_answer(today) as f32;
        Some(FsrsView {
            stability: m.stability,
            difficulty: m.difficulty,
            retrievability: fsrs::retrievability(&config.parameters, m, days),
        })
    }))
}
