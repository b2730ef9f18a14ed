//! `recall cards [QUERY]`, `recall info` and `recall unsuspend`: cards with their state and
//! history.

use anyhow::{Result, bail};

use super::{print_json, screen_width, select_decks};
use crate::cli::{CardsArgs, InfoArgs, UnsuspendArgs};
use crate::context::Ctx;
use crate::core::model::Card;
use crate::core::text::sanitize;
use crate::store::{CardFilter, Store};
use crate::ui::cards::{self, CardJson, card_json};
use crate::ui::out;

fn find(store: &Store, key: &str) -> Result<Card> {
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
    let found = store.cards(&filter)?;
    if args.json {
        let json: Vec<CardJson> = found.iter().map(|c| card_json(c, None)).collect();
        return print_json(&json);
    }
    let width = screen_width(ctx.stdout_is_terminal);
    let mut w = std::io::stdout().lock();
    cards::list(&mut w, &ctx.palette, &found, today, width)?;
    Ok(())
}

pub fn info(ctx: &Ctx, args: &InfoArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    let card = find(&store, &args.id)?;
    let reviews = store.reviews_of(card.id)?;
    if args.json {
        return print_json(&card_json(&card, Some(&reviews)));
    }
    let mut w = std::io::stdout().lock();
    let width = screen_width(ctx.stdout_is_terminal);
    cards::info(&mut w, &ctx.palette, &card, &reviews, today, width)?;
    Ok(())
}

pub fn unsuspend(ctx: &Ctx, args: &UnsuspendArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let card = find(&store, &args.id)?;
    store.set_suspended(card.id, false)?;
    out::line(format_args!("{} is back in reviews.", sanitize(&card.guid)))?;
    Ok(())
}
