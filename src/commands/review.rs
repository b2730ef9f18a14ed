//! `recall review`: today's queue as a REPL session, then its summary.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;

use super::select_decks;
use crate::context::Ctx;
use crate::cli::ReviewArgs;
use crate::core::choice;
use crate::core::day::{format_day, relative_day};
use crate::core::model::{Card, ReviewMode};
use crate::core::queue::{self, DoneToday, ItemKind, QueueLimits};
use crate::core::schedule::Algorithm;
use crate::core::session::{Prompt, Session, SessionConfig, SessionKind, review_style};
use crate::core::stats::{percent, streak};
use crate::repl::{Hooks, LineSource, Piped, Runner, Terminal};
use crate::store::Store;
use crate::ui::card::duration;

pub fn run(ctx: &Ctx, args: &ReviewArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let settings = store.settings()?;
    let today = ctx.today(&settings);
    let decks = select_decks(&store, args.deck.as_deref())?;
    let deck_ids = decks.as_ref().map(|d| d.ids.as_slice());
    let done = store.day_counts(today)?;
    let limits = QueueLimits {
        new_per_day: settings.new_per_day,
        reviews_per_day: settings.reviews_per_day,
        new_override: args.new,
        gating: settings.gating,
    };
    let review_room = settings.reviews_per_day.saturating_sub(done.reviews) as usize;
    let new_room = args
        .new
        .unwrap_or(settings.new_per_day.saturating_sub(done.new)) as usize;
    let candidates =
        store.queue_candidates(today, deck_ids, review_room, new_room, settings.gating)?;
    let items = queue::build(
        &candidates,
        DoneToday {
            new: done.new,
            reviews: done.reviews,
        },
        limits,
    );
    let mut out = std::io::stdout().lock();
    if items.is_empty() {
        return nothing_due(&store, &mut out, today, deck_ids);
    }
    let mut rng = ctx.rng();
    let ids: Vec<i64> = items.iter().map(|i| i.card_id).collect();
    let mut cards: HashMap<i64, Card> = store
        .cards_by_ids(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut prompts = Vec::with_capacity(items.len());
    for item in &items {
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
    let config = SessionConfig {
        kind: SessionKind::Review,
        today,
        time_limit_ms: None,
        scheduler: Algorithm::Sm2,
    };
    let mut session = Session::new(config, prompts);
    let mut input: Box<dyn LineSource> = if ctx.stdin_is_terminal {
        Box::new(Terminal::new(ctx.history_path())?)
    } else {
        Box::new(Piped::new(std::io::stdin().lock()))
    };
    let now = || ctx.clock.now_ms();
    let mut runner = Runner::new(
        &mut store,
        &mut out,
        ctx.session_palette(),
        settings,
        today,
        &now,
        Hooks { levels: true },
    );
    let progress = runner.run(&mut session, input.as_mut())?;
    let changes = std::mem::take(&mut runner.level_changes);
    drop(runner);
    let tomorrow = store.due_count(today + 1, deck_ids)?;
    let days = store.study_days(today, None)?;
    writeln!(out)?;
    match progress.answers {
        0 => writeln!(out, "Session ended: no cards answered.")?,
        n => writeln!(
            out,
            "Session over: {} cards, {n} answers, {}% correct, {}.",
            progress.cards,
            percent(progress.correct, n).unwrap_or(0),
            duration(progress.elapsed_ms)
        )?,
    }
    let st = streak(&days, today);
    writeln!(
        out,
        "Due tomorrow: {tomorrow} · Streak: {st} day{}",
        if st == 1 { "" } else { "s" }
    )?;
    if !changes.is_empty() {
        writeln!(out, "Level changes:")?;
        for c in &changes {
            writeln!(out, "  {}", crate::repl::runner::level_line(c))?;
        }
    }
    Ok(())
}

fn nothing_due(
    store: &Store,
    out: &mut dyn Write,
    today: i64,
    deck_ids: Option<&[i64]>,
) -> Result<()> {
    writeln!(
        out,
        "Nothing is due today, and no new cards are left for today."
    )?;
    match store.next_due_day(deck_ids)? {
        Some(d) if d > today => writeln!(
            out,
            "The next card is due {} ({}).",
            format_day(d),
            relative_day(d, today)
        )?,
        _ => {}
    }
    writeln!(
        out,
        "To practise anyway: `recall drill` (your schedule is left alone)."
    )?;
    Ok(())
}
