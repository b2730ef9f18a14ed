//! `recall skills`: every skill's level and progress toward the next, grouped by area.

use anyhow::{Result, bail};

use super::{print_json, screen_width, select_decks};
use crate::cli::SkillsArgs;
use crate::context::{Ctx, local_time};
use crate::core::day::Day;
use crate::core::levels::{ADVANCED, Mastery, SkillSummary, StageSummary, level_name};
use crate::core::model::Stage;
use crate::store::{DeckSummary, LevelEvent, Store, thresholds};

/// Every deck with cards, as a skill.
pub fn skills(store: &Store, today: Day) -> Result<Vec<SkillSummary>> {
    skills_from(store, store.deck_summaries(today)?)
}

/// Skills from deck summaries already read.
pub fn skills_from(store: &Store, decks: Vec<DeckSummary>) -> Result<Vec<SkillSummary>> {
    let settings = store.settings()?;
    let t = thresholds(&settings);
    let changes = store.last_level_changes()?;
    Ok(decks
        .into_iter()
        .filter(|d| d.cards > 0)
        .map(|d| {
            let m: Mastery = d.mastery;
            let needed =
                (d.level < ADVANCED).then(|| m[usize::from(d.level)].needed_for(t.rise_percent));
            SkillSummary {
                name: d.name,
                level: d.level,
                level_name: level_name(d.level),
                due: d.due,
                new: d.new,
                stages: Stage::ALL
                    .iter()
                    .map(|s| {
                        let c = m[usize::from(s.number() - 1)];
                        StageSummary {
                            stage: s.number(),
                            name: s.name(),
                            cards: c.cards,
                            mastered: c.mastered,
                        }
                    })
                    .collect(),
                needed_to_rise: needed,
                last_change: changes.get(&d.id).and_then(|&ms| {
                    chrono::DateTime::from_timestamp_millis(ms)
                        .map(|t| local_time(t).format("%Y-%m-%d").to_string())
                }),
            }
        })
        .collect())
}

pub fn run(ctx: &Ctx, args: &SkillsArgs) -> Result<()> {
    let store = ctx.open_store_to_read()?;
    let today = ctx.today(&store.settings()?);
    if let Some(q) = &args.history {
        return history(ctx, &store, q);
    }
    let all = skills(&store, today)?;
    if args.json {
        return print_json(&all);
    }
    let mut out = std::io::stdout().lock();
    crate::ui::skills::render(
        &mut out,
        &all,
        &ctx.palette,
        screen_width(ctx.stdout_is_terminal),
    )?;
    Ok(())
}

/// `2026-11-27 09:30` in the local time zone.
fn local_stamp(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms)
        .map(|t| local_time(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn history(ctx: &Ctx, store: &Store, query: &str) -> Result<()> {
    let Some(sel) = select_decks(store, Some(query))? else {
        bail!("no skill given")
    };
    let names = store.deck_names()?;
    let mut out = std::io::stdout().lock();
    for id in sel.ids {
        let name = names
            .iter()
            .find(|(i, _)| *i == id)
            .map_or("?", |(_, n)| n.as_str());
        let level = store.deck_level(id)?;
        let events: Vec<(String, LevelEvent)> = store
            .level_events(id)?
            .into_iter()
            .map(|e| (local_stamp(e.at), e))
            .collect();
        crate::ui::skills::history(
            &mut out,
            &ctx.palette,
            name,
            level,
            &events,
            screen_width(ctx.stdout_is_terminal),
        )?;
    }
    Ok(())
}
