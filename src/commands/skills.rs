//! `recall skills`: every skill's level and progress toward the next, grouped by area.

use std::io::Write;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{print_json, select_decks};
use crate::app::{Ctx, local_time};
use crate::cli::SkillsArgs;
use crate::core::day::Day;
use crate::core::levels::{ADVANCED, Mastery, level_name};
use crate::core::model::Stage;
use crate::core::text::sanitize;
use crate::store::{DeckSummary, Store, thresholds};
use crate::ui::Palette;
use crate::ui::bar::bar;

#[derive(Serialize)]
pub struct StageJson {
    pub stage: u8,
    pub name: &'static str,
    pub cards: u32,
    pub mastered: u32,
}

#[derive(Serialize)]
pub struct SkillJson {
    pub name: String,
    pub level: u8,
    pub level_name: &'static str,
    pub due: u32,
    pub new: u32,
    pub stages: Vec<StageJson>,
    /// Mastered cards still needed in the next stage to rise; null at Advanced.
    pub needed_to_rise: Option<u32>,
    pub last_change: Option<String>,
}

/// Every deck with cards, as a skill.
pub fn skills(store: &Store, today: Day) -> Result<Vec<SkillJson>> {
    let settings = store.settings()?;
    let t = thresholds(&settings);
    let mastery = store.all_mastery()?;
    let changes = store.last_level_changes()?;
    let decks: Vec<DeckSummary> = store.deck_summaries(today)?;
    Ok(decks
        .into_iter()
        .filter(|d| d.cards > 0)
        .map(|d| {
            let m: Mastery = mastery.get(&d.id).copied().unwrap_or_default();
            let needed =
                (d.level < ADVANCED).then(|| m[usize::from(d.level)].needed_for(t.rise_percent));
            SkillJson {
                name: d.name,
                level: d.level,
                level_name: level_name(d.level),
                due: d.due,
                new: d.new,
                stages: Stage::ALL
                    .iter()
                    .map(|s| {
                        let c = m[usize::from(s.number() - 1)];
                        StageJson {
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
    render(&mut out, &all, &ctx.palette)?;
    Ok(())
}

/// Skills grouped under their parent path (area › category), each with a progress bar.
pub fn render(out: &mut dyn Write, all: &[SkillJson], p: &Palette) -> std::io::Result<()> {
    if all.is_empty() {
        return writeln!(out, "No skills yet: `recall import FILE` adds a deck.");
    }
    let name_width = all
        .iter()
        .map(|s| short(&s.name).chars().count())
        .max()
        .unwrap_or(10)
        .min(36);
    let mut group = None;
    for s in all {
        let parent = s.name.rsplit_once("::").map(|(g, _)| g.to_string());
        if parent != group {
            writeln!(out)?;
            if let Some(g) = &parent {
                writeln!(out, "{}", p.bold(&sanitize(&g.replace("::", " › "))))?;
            }
            group = parent;
        }
        let progress = match (s.level < ADVANCED).then(|| &s.stages[usize::from(s.level)]) {
            Some(next) => format!(
                "{} {}/{} {}",
                bar(next.mastered, next.cards, 10, p.enabled),
                next.mastered,
                next.cards,
                next.name
            ),
            None => format!("{} all stages", bar(1, 1, 10, p.enabled)),
        };
        let name = crate::core::text::truncate(&sanitize(short(&s.name)), name_width);
        let since = s
            .last_change
            .as_deref()
            .map(|d| format!(" · since {d}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {name:<name_width$}  {:<12}  {progress:<30}  {} due{}",
            level_name(s.level),
            s.due,
            p.dim(&since)
        )?;
    }
    Ok(())
}

fn short(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
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
