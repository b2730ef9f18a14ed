//! `recall stats`: gathers the progress report from the store's aggregates and prints it
//! as a screen fitted to the terminal, or as JSON.

use anyhow::Result;

use super::{DeckSelection, print_json, screen_width, select_decks, skills::skills_from};
use crate::cli::StatsArgs;
use crate::context::Ctx;
use crate::core::day::Day;
use crate::core::decks::in_path;
use crate::core::fsrs::scheduler_stats;
use crate::core::schedule::Algorithm;
use crate::core::stats::calendar::grid_start;
use crate::core::stats::{
    DueOn, HARDEST_LIMIT, HEATMAP_WEEKS, LEECH_LAPSES, RETENTION_WINDOWS, Report, ReviewsOn, dense,
    longest_streak, streak,
};
use crate::store::{Store, card_counts};
use crate::ui::stats::render;

/// The width drawn at when standard output is not a terminal.
pub fn run(ctx: &Ctx, args: &StatsArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    let selection = select_decks(&store, args.deck.as_deref())?;
    let report = report(&store, today, selection.as_ref(), args.days)?;
    if args.json {
        return print_json(&report);
    }
    let width = screen_width(ctx.stdout_is_terminal);
    let mut out = std::io::stdout().lock();
    render(&mut out, &report, &ctx.palette, width)?;
    Ok(())
}

/// Every figure of the report for `today`, within the selected decks, with a due forecast
/// of `forecast_days` days.
pub fn report(
    store: &Store,
    today: Day,
    selection: Option<&DeckSelection>,
    forecast_days: u32,
) -> Result<Report> {
    let ids = selection.map(|s| s.ids.as_slice());
    let days = store.study_days(today, ids)?;
    let fsrs = match store.algorithm()? {
        Algorithm::Fsrs(config) => Some(config),
        Algorithm::Sm2 => None,
    };
    let scheduling = scheduler_stats(fsrs.as_ref(), &store.due_states(today, ids)?, today);

    let n = forecast_days.max(1);
    let due = store.due_per_day(today, today + i64::from(n) - 1, ids)?;
    let forecast = dense(today, n as usize, &due)
        .into_iter()
        .zip(today..)
        .map(|(due, date)| DueOn { date, due })
        .collect();

    let start = grid_start(today, HEATMAP_WEEKS);
    let answers = store.answers_per_day(start, today, ids)?;
    let heatmap = dense(start, (today - start + 1) as usize, &answers)
        .into_iter()
        .zip(start..)
        .map(|(reviews, date)| ReviewsOn { date, reviews })
        .collect();

    // One pass over the card indexes serves both the skills and the card counts.
    let counts = store.deck_counts(today, None)?;
    let skills = skills_from(store, store.deck_summaries_with(&counts)?)?
        .into_iter()
        .filter(|s| selection.is_none_or(|sel| in_path(&s.name, &sel.path)))
        .collect();

    Ok(Report {
        date: today,
        deck: selection.map(|s| s.path.clone()),
        today: store.today_stats(today, ids)?,
        streak_days: streak(&days, today),
        longest_streak_days: longest_streak(&days),
        study_days: days.len() as u32,
        cards: card_counts(&counts, ids),
        forecast,
        heatmap,
        retention: store.retention(today, &RETENTION_WINDOWS, ids)?,
        skills,
        hardest: store.hard_cards(0, Some(HARDEST_LIMIT), ids)?,
        leeches: store.hard_cards(LEECH_LAPSES, None, ids)?,
        scheduling,
    })
}
