//! `recall review`: today's queue as a REPL session, then its summary.

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::select_decks;
use crate::cli::ReviewArgs;
use crate::context::Ctx;
use crate::core::choice;
use crate::core::config::Settings;
use crate::core::day::Day;
use crate::core::model::{Card, CardId, ReviewMode};
use crate::core::queue::{self, DoneToday, ItemKind, QueueItem, QueueLimits};
use crate::core::schedule::Algorithm;
use crate::core::session::{Prompt, Session, SessionConfig, SessionKind, review_style};
use crate::core::siblings::{sibling_key, spread};
use crate::core::stats::streak;
use crate::repl::{Hooks, Runner};
use crate::store::Store;
use crate::ui::session::{self as screen, Summary};

pub fn run(ctx: &Ctx, args: &ReviewArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let settings = store.settings()?;
    let today = ctx.today(&settings);
    let decks = select_decks(&store, args.deck.as_deref())?;
    let deck_ids = decks.as_ref().map(|d| d.ids.as_slice());
    let algorithm = store.algorithm()?;
    let (items, answered) = todays_queue(&store, &settings, args, today, deck_ids, &algorithm)?;
    let mut out = std::io::stdout().lock();
    if items.is_empty() {
        screen::nothing_due(
            &mut out,
            store.next_due_day(deck_ids)?,
            today,
            super::screen_width(ctx.stdout_is_terminal),
        )?;
        return Ok(());
    }
    let mut prompts = prompts_for(ctx, &store, &items)?;
    if settings.bury_siblings {
        prompts = keep_siblings_apart(&store, prompts, &answered)?;
    }
    let config = SessionConfig {
        kind: SessionKind::Review,
        today,
        time_limit_ms: None,
        scheduler: algorithm,
        max_repeats: settings.max_repeats,
    };
    let mut session = Session::new(config, prompts);
    let mut input = ctx.line_source(settings.history)?;
    let now = || ctx.clock.now_ms();
    let hooks = Hooks { levels: true };
    let palette = ctx.session_palette();
    let width = super::screen_width(ctx.stdout_is_terminal);
    welcome_once(&store, &mut out, &palette, today, width)?;
    let mut runner = Runner::new(&mut store, &mut out, palette, settings, today, &now, hooks);
    runner.width = width;
    let progress = runner.run(&mut session, input.as_mut())?;
    let level_changes = std::mem::take(&mut runner.level_changes);
    drop(runner);
    let summary = Summary {
        progress: &progress,
        due_tomorrow: store.due_count(today + 1, deck_ids)?,
        streak: streak(&store.study_days(today, None)?, today),
        level_changes: &level_changes,
    };
    screen::summary(
        &mut out,
        &summary,
        super::screen_width(ctx.stdout_is_terminal),
    )?;
    Ok(())
}

/// Siblings (a card's reverse, its note's other cards: `core::siblings`) are not asked in
/// the same session while other cards are left: a card whose sibling comes earlier, or
/// was answered earlier today, moves after the cards that have none.
fn keep_siblings_apart(
    store: &Store,
    prompts: Vec<(Prompt, ReviewMode)>,
    answered_today: &[CardId],
) -> Result<Vec<(Prompt, ReviewMode)>> {
    let queued: HashSet<CardId> = prompts.iter().map(|(p, _)| p.card.id).collect();
    let earlier: Vec<CardId> = answered_today
        .iter()
        .filter(|id| !queued.contains(id))
        .copied()
        .collect();
    let shown: HashSet<String> = store
        .cards_by_ids(&earlier)?
        .iter()
        .map(|c| sibling_key(&c.guid).base.to_string())
        .collect();
    Ok(spread(
        prompts,
        |(p, _)| sibling_key(&p.card.guid).base.to_string(),
        &shown,
    ))
}

/// Today's cards within the daily limits, counting what was already done today, and the
/// cards answered earlier today.
fn todays_queue(
    store: &Store,
    settings: &Settings,
    args: &ReviewArgs,
    today: Day,
    deck_ids: Option<&[i64]>,
    algorithm: &Algorithm,
) -> Result<(Vec<QueueItem>, Vec<CardId>)> {
    let done = store.day_counts(today)?;
    let limits = QueueLimits {
        new_per_day: settings.new_per_day,
        reviews_per_day: settings.reviews_per_day,
        new_override: args.new,
        gating: settings.gating,
        max_repeats: settings.max_repeats,
    };
    let review_room = settings.reviews_per_day.saturating_sub(done.reviews) as usize;
    let new_room = args
        .new
        .unwrap_or(settings.new_per_day.saturating_sub(done.new)) as usize;
    let candidates =
        store.queue_candidates(today, deck_ids, review_room, new_room, settings.gating)?;
    let done = DoneToday {
        new: done.new,
        reviews: done.reviews,
    };
    let answered = candidates.relearn.iter().map(|a| a.id).collect();
    Ok((queue::build(&candidates, done, limits, algorithm), answered))
}

/// Each queued card with the way it is asked (choice options shuffled by `--seed`).
fn prompts_for(ctx: &Ctx, store: &Store, items: &[QueueItem]) -> Result<Vec<(Prompt, ReviewMode)>> {
    let mut rng = ctx.rng();
    let ids: Vec<CardId> = items.iter().map(|i| i.card_id).collect();
    let mut cards: HashMap<CardId, Card> = store
        .cards_by_ids(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut prompts = Vec::with_capacity(items.len());
    for item in items {
        let Some(card) = cards.remove(&item.card_id) else {
            continue;
        };
        let options = (!card.choices.is_empty())
            .then(|| choice::arrange(&card.back, &card.choices, &mut rng));
        let style = review_style(&card, options);
        let mode = match item.kind {
            ItemKind::Relearn => ReviewMode::Relearn,
            _ => ReviewMode::Review,
        };
        prompts.push((Prompt { card, style }, mode));
    }
    Ok(prompts)
}

/// Greets a user who has never answered a card (a new database, whatever is loaded): what
/// is loaded, how to answer, `:help`. Nothing is written, so a busy database cannot stop it.
fn welcome_once(
    store: &Store,
    out: &mut dyn std::io::Write,
    palette: &crate::ui::Palette,
    today: Day,
    width: usize,
) -> Result<()> {
    if store.review_count()? > 0 {
        return Ok(());
    }
    let decks = store.deck_summaries(today)?;
    let cards: u64 = decks.iter().map(|d| u64::from(d.cards)).sum();
    screen::welcome(out, palette, decks.len(), cards, width)?;
    Ok(())
}
