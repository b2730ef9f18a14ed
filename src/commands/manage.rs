//! Managing cards and decks: `recall delete`, `recall trash`, `recall suspend` and
//! `unsuspend`, `recall deck rename` and `recall init`.

use anyhow::{Result, bail};

use super::cards::find;
use super::{print_json, screen_width, select_decks};
use crate::cli::{DeckAction, DeckArgs, DeleteArgs, InitArgs, SuspendArgs, TrashAction, TrashArgs};
use crate::context::Ctx;
use crate::core::model::{Card, CardId};
use crate::core::text::sanitize;
use crate::store::Store;
use crate::ui::manage::{self as screen, cards, id_list};
use crate::ui::out;

/// The cards named on the command line, each found once; an unknown id stops everything
/// before anything changes.
fn find_all(store: &Store, keys: &[String]) -> Result<Vec<Card>> {
    let mut found: Vec<Card> = Vec::with_capacity(keys.len());
    for key in keys {
        let card = find(store, key)?;
        if !found.iter().any(|c| c.id == card.id) {
            found.push(card);
        }
    }
    Ok(found)
}

/// Asks on a terminal; refuses on a pipe unless `--yes` was given.
fn confirmed(ctx: &Ctx, yes: bool, question: &str) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !ctx.stdin_is_terminal {
        bail!("{question} Nothing was changed: pass --yes to go ahead without being asked");
    }
    let mut out = std::io::stdout().lock();
    Ok(screen::confirm(
        &mut out,
        &mut std::io::stdin().lock(),
        question,
    )?)
}

pub fn suspend(ctx: &Ctx, args: &SuspendArgs, suspend: bool) -> Result<()> {
    let store = ctx.open_store()?;
    for card in find_all(&store, &args.ids)? {
        let id = sanitize(&card.guid);
        match (suspend, card.suspended) {
            (true, true) => out::line(format_args!("{id} was suspended already."))?,
            (false, false) => out::line(format_args!(
                "{id} is not suspended; nothing changed (it is in reviews already)."
            ))?,
            (true, false) => {
                store.set_suspended(card.id, true)?;
                out::line(format_args!(
                    "{id} is suspended: it stays out of reviews and drills until `recall unsuspend {id}`."
                ))?;
            }
            (false, true) => {
                store.set_suspended(card.id, false)?;
                out::line(format_args!("{id} is back in reviews."))?;
            }
        }
    }
    Ok(())
}

pub fn delete(ctx: &Ctx, args: &DeleteArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let now = ctx.clock.now_ms();
    if let Some(query) = &args.deck {
        let Some(sel) = select_decks(&store, Some(query))? else {
            return Ok(());
        };
        let n = store.card_count_in(&sel.ids)?;
        // A path may name no deck of its own (`Lang` over `Lang::Spanish`).
        let own = store
            .deck_names()?
            .iter()
            .any(|(_, name)| *name == sel.path);
        let subs = sel.ids.len() - usize::from(own);
        let under = match subs {
            0 => String::new(),
            1 => " and its sub-deck".to_string(),
            n => format!(" and its {n} sub-decks"),
        };
        let question = format!(
            "Move the deck {}{under} with {} to the trash?",
            sel.path,
            cards(n)
        );
        if !confirmed(ctx, args.yes, &question)? {
            return Ok(out::line("Nothing was deleted.")?);
        }
        let moved = store.trash_decks(&sel.ids, now)?;
        out::line(format_args!(
            "Moved the deck {}{under} and {} to the trash; `recall trash restore --all` brings them back.",
            sanitize(&sel.path),
            cards(moved)
        ))?;
        return Ok(());
    }
    let found = find_all(&store, &args.ids)?;
    let answered = found.iter().filter(|c| c.state.is_some()).count();
    let progress = if answered > 0 {
        format!(" ({answered} with progress, kept with them)")
    } else {
        String::new()
    };
    let names: Vec<String> = found.iter().map(|c| c.guid.clone()).collect();
    let question = format!(
        "Move {}{progress} to the trash: {}?",
        cards(found.len()),
        id_list(&names)
    );
    if !confirmed(ctx, args.yes, &question)? {
        return Ok(out::line("Nothing was deleted.")?);
    }
    let ids: Vec<CardId> = found.iter().map(|c| c.id).collect();
    let moved = store.trash_cards(&ids, now)?;
    out::line(format_args!(
        "Moved {} to the trash; `recall trash restore ID…` brings {} back.",
        cards(moved),
        if moved == 1 { "it" } else { "them" }
    ))?;
    Ok(())
}

pub fn trash(ctx: &Ctx, args: &TrashArgs) -> Result<()> {
    match &args.action {
        None => {
            let store = ctx.open_store_to_read()?;
            let list = store.trash()?;
            if args.json {
                return print_json(&list);
            }
            let mut w = std::io::stdout().lock();
            screen::trash(
                &mut w,
                &ctx.palette,
                &list,
                screen_width(ctx.stdout_is_terminal),
            )?;
            Ok(())
        }
        Some(TrashAction::Restore { ids, all }) => restore(ctx, ids, *all),
        Some(TrashAction::Empty { older_than, yes }) => empty(ctx, *older_than, *yes),
    }
}

fn restore(ctx: &Ctx, keys: &[String], all: bool) -> Result<()> {
    let mut store = ctx.open_store()?;
    let restored = if all {
        store.restore(None)?
    } else {
        let (found, missing) = store.find_in_trash(keys)?;
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|m| sanitize(m)).collect();
            bail!(
                "not in the trash: {}; `recall trash` lists what is there (nothing was restored)",
                names.join(", ")
            );
        }
        store.restore(Some(&found))?
    };
    if restored.ids.is_empty() {
        return Ok(out::line("The trash is empty; nothing to restore.")?);
    }
    out::line(format_args!(
        "Restored {}, with their progress: {}",
        cards(restored.ids.len()),
        id_list(&restored.ids)
    ))?;
    match restored.decks.as_slice() {
        [] => {}
        [deck] => out::line(format_args!("The deck {} is back.", sanitize(deck)))?,
        decks => out::line(format_args!(
            "{} decks are back: {}",
            decks.len(),
            id_list(decks)
        ))?,
    }
    if !restored.renumbered.is_empty() {
        out::line(format_args!(
            "A newer card took the number of {}, so {} a new number (the id is the same).",
            id_list(&restored.renumbered),
            if restored.renumbered.len() == 1 {
                "it has"
            } else {
                "they have"
            }
        ))?;
    }
    Ok(())
}

fn empty(ctx: &Ctx, older_than: Option<u32>, yes: bool) -> Result<()> {
    let mut store = ctx.open_store()?;
    let now = ctx.clock.now_ms();
    let before = older_than.map(|days| now - i64::from(days) * 86_400_000);
    let doomed = store
        .trash()?
        .iter()
        .filter(|c| before.is_none_or(|b| c.trashed_at < b))
        .count();
    if doomed == 0 {
        return Ok(out::line("Nothing in the trash to delete.")?);
    }
    let question = format!(
        "Delete {} and their review logs for good? This cannot be undone.",
        cards(doomed)
    );
    if !confirmed(ctx, yes, &question)? {
        return Ok(out::line("Nothing was deleted.")?);
    }
    let n = store.empty_trash(before)?;
    out::line(format_args!("Deleted {} for good.", cards(n)))?;
    Ok(())
}

pub fn deck(ctx: &Ctx, args: &DeckArgs) -> Result<()> {
    match &args.action {
        DeckAction::Rename { old, new } => {
            let mut store = ctx.open_store()?;
            let Some(sel) = select_decks(&store, Some(old))? else {
                return Ok(());
            };
            let Some(to) = crate::formats::deck_name(new) else {
                bail!("the new name is empty");
            };
            let renamed = store.rename_deck(&sel.path, &to)?;
            let subs = renamed.len().saturating_sub(1);
            let under = match subs {
                0 => String::new(),
                1 => " and its sub-deck".to_string(),
                n => format!(" and its {n} sub-decks"),
            };
            out::line(format_args!(
                "Renamed {}{under} to {}.",
                sanitize(&sel.path),
                sanitize(&to)
            ))?;
            Ok(())
        }
    }
}

pub fn init(ctx: &Ctx, args: &InitArgs) -> Result<()> {
    let store = ctx.create_store(args.empty)?;
    let path = sanitize(&store.path().display().to_string());
    if args.empty {
        out::line(format_args!(
            "Created {path} without the built-in decks (the setting builtin_decks is off); `recall import FILE` or `recall add` puts your own cards in."
        ))?;
    } else {
        let decks = store.deck_names()?.len();
        out::line(format_args!(
            "Created {path} with the built-in decks ({decks} decks); `recall review` starts."
        ))?;
    }
    Ok(())
}
