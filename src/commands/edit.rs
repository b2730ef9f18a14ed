//! `recall add` and `recall edit`: cards written on the command line or in the user's
//! editor as TOML, checked like an import, and saved in one transaction (an import that
//! keeps every stored card in its place), or not at all.

use std::collections::HashSet;

use anyhow::{Result, anyhow, bail};

use super::cards::find;
use super::select_decks;
use crate::cli::{AddArgs, EditArgs};
use crate::context::Ctx;
use crate::core::model::{CardDraft, CardKind, DeckDraft, SqlOptions, Stage};
use crate::core::siblings::{REVERSE_SUFFIX, check_reversible, reverse_of};
use crate::core::text::sanitize;
use crate::formats::{clean_text, deck_name, derived_guid, native};
use crate::store::{ImportOptions, ImportReport, Origin, Store};
use crate::ui::editor;
use crate::ui::manage::{ask_reopen, cards};
use crate::ui::out;

/// What the edited file is called in messages.
const FILE: &str = "edited.toml";

const ADD_HEADER: &str = "A new card: fill in `front` and `back`, save and close the editor.
Copy the [[cards]] table for more cards. Optional: id, stage (1-3), kind (basic, typed,
choice with `choices`, cloze with `[...]` in the front), tags, reverse = true.
Leave the file as it is to add nothing.";

const EDIT_HEADER: &str =
    "Edit, save and close the editor; changing a card's text keeps its progress.
Changing its `id` makes it a new card; a card taken out of the file is kept (`recall delete`).
Leave the file as it is to change nothing.";

pub fn add(ctx: &Ctx, args: &AddArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let deck = deck_name(&args.deck).ok_or_else(|| anyhow!("--deck is empty"))?;
    let kind: CardKind = args
        .kind
        .parse()
        .map_err(|e: String| anyhow!("--kind: {e}"))?;
    let stage = args.stage.unwrap_or(Stage::Beginner);
    let tags: Vec<String> = args
        .tags
        .iter()
        .map(|t| clean_text(t))
        .filter(|t| !t.is_empty())
        .collect();
    let (Some(front), Some(back)) = (&args.front, &args.back) else {
        let template = template(&deck, kind, stage, &tags, args.reverse);
        return edit_until_saved(&mut store, ctx, &template, Mode::Add, &[]);
    };
    let card = draft(&deck, args.id.as_deref(), kind, stage, tags, front, back)?;
    let mut cards = vec![card];
    if args.reverse {
        check_reversible(&cards[0]).map_err(|m| anyhow!(m))?;
        cards.push(reverse_of(&cards[0]));
    }
    let decks = [DeckDraft {
        name: deck,
        description: String::new(),
        cards,
    }];
    save(&mut store, ctx, &decks, Mode::Add, &[])
}

/// A card from the command line, checked as an import checks one.
fn draft(
    deck: &str,
    id: Option<&str>,
    kind: CardKind,
    stage: Stage,
    tags: Vec<String>,
    front: &str,
    back: &str,
) -> Result<CardDraft> {
    let front = clean_text(front);
    let back = clean_text(back);
    if front.is_empty() || back.is_empty() {
        bail!("the card's front and back must not be empty");
    }
    let guid = match id.map(clean_text) {
        Some(id) if id.is_empty() => bail!("--id is empty"),
        Some(id) => id,
        None => derived_guid(deck, &front),
    };
    let card = CardDraft {
        guid,
        stage,
        kind,
        front,
        back,
        choices: Vec::new(),
        tags,
        key_points: Vec::new(),
        note: String::new(),
        sql: SqlOptions::default(),
    };
    card.check_kind().map_err(|m| anyhow!(m))?;
    Ok(card)
}

/// The TOML template of one new card.
fn template(deck: &str, kind: CardKind, stage: Stage, tags: &[String], reverse: bool) -> String {
    let mut text = String::new();
    for line in ADD_HEADER.lines() {
        text.push_str(&format!("# {line}\n"));
    }
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    text.push_str(&format!("name = {}\n\n[[cards]]\n", quoted(deck)));
    text.push_str("front = \"\"\nback = \"\"\n");
    if kind != CardKind::Basic {
        text.push_str(&format!("kind = \"{kind}\"\n"));
    }
    if stage != Stage::Beginner {
        text.push_str(&format!("stage = {}\n", stage.number()));
    }
    if !tags.is_empty() {
        let list: Vec<String> = tags.iter().map(|t| quoted(t)).collect();
        text.push_str(&format!("tags = [{}]\n", list.join(", ")));
    }
    if reverse {
        text.push_str("reverse = true\n");
    }
    text
}

pub fn edit(ctx: &Ctx, args: &EditArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let decks = match (&args.id, &args.deck) {
        (Some(id), _) => {
            let card = find(&store, id)?;
            let mut decks = store.deck_drafts(Some(&[card.deck_id]))?;
            // The card, and its reverse so that the file says `reverse = true`.
            let reverse = format!("{}{REVERSE_SUFFIX}", card.guid);
            for d in &mut decks {
                d.cards.retain(|c| c.guid == card.guid || c.guid == reverse);
            }
            decks
        }
        (None, deck) => {
            let Some(sel) = select_decks(&store, deck.as_deref())? else {
                bail!("name a card, or a deck with --deck");
            };
            store.deck_drafts(Some(&sel.ids))?
        }
    };
    if decks.iter().all(|d| d.cards.is_empty()) {
        bail!("there are no cards to edit");
    }
    let text = native::write_decks(&decks, EDIT_HEADER)?;
    let ids: Vec<String> = decks
        .iter()
        .flat_map(|d| &d.cards)
        .map(|c| c.guid.clone())
        .collect();
    edit_until_saved(&mut store, ctx, &text, Mode::Edit, &ids)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Add,
    Edit,
}

/// Opens the editor until the file is saved or the user gives up. The file is checked
/// like an import (its problems with their lines), then saved in one transaction; any
/// problem reopens the editor on the file as it was left, or gives up with nothing saved.
/// A file left as it was changes nothing.
/// `in_file` are the ids of the cards the file held to begin with.
fn edit_until_saved(
    store: &mut Store,
    ctx: &Ctx,
    start: &str,
    mode: Mode,
    in_file: &[String],
) -> Result<()> {
    let mut text = start.to_string();
    loop {
        let edited = editor::edit(&text)?;
        if edited == start {
            let what = if mode == Mode::Add {
                "nothing was added"
            } else {
                "nothing was changed"
            };
            out::line(format_args!("The file was left as it was: {what}."))?;
            return Ok(());
        }
        let problem = match native::parse_decks(&edited, FILE, Stage::Beginner) {
            Err(problems) => problems.to_string(),
            Ok(decks) => match save(store, ctx, &decks, mode, in_file) {
                Ok(()) => return Ok(()),
                Err(e) => e.to_string(),
            },
        };
        if !reopen(&problem)? {
            bail!("the edit was given up: nothing was saved");
        }
        text = edited;
    }
}

/// Shows what is wrong and asks whether to reopen the editor.
fn reopen(problem: &str) -> Result<bool> {
    Ok(ask_reopen(
        &mut std::io::stderr().lock(),
        &mut std::io::stdin().lock(),
        problem,
    )?)
}

/// What only the database can tell before saving: a new card's id taken (by a card, or
/// one in the trash).
fn check(store: &Store, decks: &[DeckDraft], mode: Mode) -> std::result::Result<(), String> {
    if mode != Mode::Add {
        return Ok(());
    }
    for card in decks.iter().flat_map(|d| &d.cards) {
        let taken = store.card_by_guid(&card.guid).map_err(|e| e.to_string())?;
        if taken.is_some() {
            return Err(format!(
                "{FILE}: a card `{}` exists already (`recall edit {}` changes it); give the new card another `id`",
                card.guid, card.guid
            ));
        }
        let (trashed, _) = store
            .find_in_trash(std::slice::from_ref(&card.guid))
            .map_err(|e| e.to_string())?;
        if !trashed.is_empty() {
            return Err(format!(
                "{FILE}: a card `{}` is in the trash (`recall trash restore {}` brings it back); give the new card another `id`",
                card.guid, card.guid
            ));
        }
    }
    Ok(())
}

/// Saves cards in one transaction, stored ones kept in their place, and says what
/// changed; `in_file` are the cards the edited file held at first (those taken out of it
/// are kept, and named).
fn save(
    store: &mut Store,
    ctx: &Ctx,
    decks: &[DeckDraft],
    mode: Mode,
    in_file: &[String],
) -> Result<()> {
    if let Err(m) = check(store, decks, mode) {
        bail!("{m}");
    }
    let now = ctx.clock.now_ms();
    let opts = ImportOptions {
        keep_order: true,
        ..ImportOptions::new(Origin::User, now, false)
    };
    let report = store
        .import_with(decks, &opts)
        .map_err(|e| anyhow!("{e}"))?;
    let clock = &ctx.clock;
    crate::import::update_levels(store, &report, now, |rollover| clock.today(rollover))?;
    tell(&report, decks, mode, in_file)
}

fn tell(report: &ImportReport, decks: &[DeckDraft], mode: Mode, in_file: &[String]) -> Result<()> {
    let sum =
        |f: fn(&crate::store::DeckReport) -> usize| -> usize { report.decks.iter().map(f).sum() };
    let (added, updated, moved) = (sum(|d| d.added), sum(|d| d.updated), sum(|d| d.moved));
    if mode == Mode::Add {
        let ids: Vec<String> = decks
            .iter()
            .flat_map(|d| &d.cards)
            .map(|c| sanitize(&c.guid))
            .collect();
        let names: Vec<String> = report.decks.iter().map(|d| sanitize(&d.name)).collect();
        out::line(format_args!(
            "Added {} to {}: {}",
            cards(added),
            names.join(", "),
            ids.join(", ")
        ))?;
        return Ok(());
    }
    if added + updated + moved == 0 {
        out::line("No card changed.")?;
    } else {
        let mut parts = vec![format!("{} changed", cards(updated))];
        if moved > 0 {
            parts.push(format!("{moved} moved to another deck"));
        }
        if added > 0 {
            parts.push(format!("{added} added"));
        }
        out::line(format_args!(
            "Saved: {}; progress is kept.",
            parts.join(", ")
        ))?;
    }
    let now_in_file: HashSet<&str> = decks
        .iter()
        .flat_map(|d| &d.cards)
        .map(|c| c.guid.as_str())
        .collect();
    let kept: Vec<String> = in_file
        .iter()
        .filter(|g| !now_in_file.contains(g.as_str()))
        .map(|g| sanitize(g))
        .collect();
    if !kept.is_empty() {
        out::line(format_args!(
            "Not in the file and kept: {} (`recall delete ID…` moves cards to the trash).",
            kept.join(", ")
        ))?;
    }
    Ok(())
}
