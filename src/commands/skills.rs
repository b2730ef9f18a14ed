//! `recall skills`: every skill's level and progress toward the next, grouped by area.

use std::io::Write;

use anyhow::{Result, bail};

use super::{print_json, select_decks};
use crate::context::{Ctx, local_time};
use crate::cli::SkillsArgs;
use crate::core::day::Day;
use crate::core::levels::{ADVANCED, Mastery, SkillSummary, StageSummary, level_name};
use crate::core::model::Stage;
use crate::core::text::sanitize;
use crate::store::{DeckSummary, Store, thresholds};

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
    let store = ctx.open_store()?;
    let today = ctx.today(&store.settings()?);
    if let Some(q) = &args.history {
        return history(ctx, &store, q);
    }
    let all = skills(&store, today)?;
    if args.json {
        return print_json(&all);
    }
    let mut out = std::io::stdout().lock();
    crate::ui::skills::render(&mut out, &all, &ctx.palette)?;
    Ok(())
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
            .map(|(_, n)| n.as_str())
            .unwrap_or("?");
        let events = store.level_events(id)?;
        writeln!(
            out,
            "{} — {}",
            ctx.palette.bold(&sanitize(name)),
            level_name(store.deck_level(id)?)
        )?;
        if events.is_empty() {
            writeln!(out, "  no level changes yet")?;
        }
        for e in events {
            let when = chrono::DateTime::from_timestamp_millis(e.at)
                .map(|t| local_time(t).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            writeln!(
                out,
                "  {when}  {} → {}  ({})",
                level_name(e.from),
                level_name(e.to),
                e.cause
            )?;
        }
    }
    Ok(())
}
