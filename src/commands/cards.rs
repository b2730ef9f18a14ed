//! `recall cards`, `recall info` and `recall unsuspend`: cards with their state and history.

use std::io::Write;

use anyhow::{Result, bail};
use chrono::{DateTime, SecondsFormat, Utc};
use comfy_table::Cell;
use serde::Serialize;

use super::{print_json, select_decks, table_width};
use crate::context::Ctx;
use crate::cli::{CardsArgs, InfoArgs, UnsuspendArgs};
use crate::core::day::{Day, format_day, relative_day};
use crate::core::model::{Card, short_deck_name};
use crate::core::sm2;
use crate::core::text::{one_line, sanitize, truncate};
use crate::store::{CardFilter, ReviewRow, Store};
use crate::ui::table::table;

#[derive(Serialize)]
pub struct StateJson {
    pub reps: u32,
    pub ef: f64,
    pub interval_days: u32,
    pub due: String,
    pub lapses: u32,
}

#[derive(Serialize)]
pub struct CardJson {
    pub id: String,
    pub number: i64,
    pub deck: String,
    pub stage: u8,
    pub stage_name: &'static str,
    pub kind: &'static str,
    pub front: String,
    pub back: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    pub tags: Vec<String>,
    pub suspended: bool,
    pub mastered: bool,
    pub state: Option<StateJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<Vec<ReviewJson>>,
}

#[derive(Serialize)]
pub struct ReviewJson {
    pub reviewed_at: String,
    pub day: String,
    pub quality: u8,
    pub mode: &'static str,
    pub duration_ms: i64,
    pub answer: Option<String>,
}

pub fn card_json(c: &Card, reviews: Option<&[ReviewRow]>) -> CardJson {
    CardJson {
        id: c.guid.clone(),
        number: c.id,
        deck: c.deck.clone(),
        stage: c.stage.number(),
        stage_name: c.stage.name(),
        kind: c.kind.as_str(),
        front: c.front.clone(),
        back: c.back.clone(),
        choices: c.choices.clone(),
        tags: c.tags.clone(),
        suspended: c.suspended,
        mastered: c.state.is_some_and(|s| s.mastered),
        state: c.state.map(|s| StateJson {
            reps: s.reps,
            ef: sm2::ef_decimal(s.memory.ease),
            interval_days: s.interval_days,
            due: format_day(s.due_day),
            lapses: s.lapses,
        }),
        reviews: reviews.map(|rs| {
            rs.iter()
                .map(|r| ReviewJson {
                    reviewed_at: rfc3339(r.reviewed_at),
                    day: format_day(r.day),
                    quality: r.quality,
                    mode: r.mode.as_str(),
                    duration_ms: r.duration_ms,
                    answer: r.answer.clone(),
                })
                .collect()
        }),
    }
}

/// UTC milliseconds as RFC 3339.
pub fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn find(store: &Store, key: &str) -> Result<Card> {
    match store.find_card(key)? {
        Some(c) => Ok(c),
        None => bail!("no card `{key}`; `recall cards` lists them"),
    }
}

pub fn list(ctx: &Ctx, args: &CardsArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let today = ctx.today(&store.settings()?);
    let decks = select_decks(&store, args.deck.as_deref())?;
    let filter = CardFilter {
        deck_ids: decks.map(|d| d.ids),
        due_by: args.due.then_some(today),
        include_suspended: args.suspended,
        ..CardFilter::default()
    };
    let cards = store.cards(&filter)?;
    if args.json {
        let json: Vec<CardJson> = cards.iter().map(|c| card_json(c, None)).collect();
        return print_json(&json);
    }
    let mut out = std::io::stdout().lock();
    let mut t = table(
        &["Id", "Deck", "Stage", "Due", "Ivl", "EF", "Front"],
        ctx.palette.enabled,
        table_width(ctx.stdout_is_terminal),
    );
    for c in &cards {
        t.add_row(vec![
            Cell::new(sanitize(&c.guid)),
            Cell::new(sanitize(short_deck_name(&c.deck))),
            Cell::new(format!(
                "{}{}",
                c.stage,
                if c.state.is_some_and(|s| s.mastered) {
                    " ✓"
                } else {
                    ""
                }
            )),
            Cell::new(due_text(c, today)),
            Cell::new(
                c.state
                    .map(|s| format!("{}d", s.interval_days))
                    .unwrap_or_default(),
            ),
            Cell::new(
                c.state
                    .map(|s| format!("{:.2}", sm2::ef_decimal(s.memory.ease)))
                    .unwrap_or_default(),
            ),
            Cell::new(truncate(&one_line(&sanitize(&c.front)), 60)),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{} cards (✓ = mastered)", cards.len())?;
    Ok(())
}

fn due_text(c: &Card, today: Day) -> String {
    match (c.suspended, c.state) {
        (true, _) => "suspended".into(),
        (false, None) => "new".into(),
        (false, Some(s)) if s.due_day <= today => "due".into(),
        (false, Some(s)) => format_day(s.due_day),
    }
}

pub fn info(ctx: &Ctx, args: &InfoArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let today = ctx.today(&store.settings()?);
    let card = find(&store, &args.id)?;
    let reviews = store.reviews_of(card.id)?;
    if args.json {
        return print_json(&card_json(&card, Some(&reviews)));
    }
    let p = ctx.palette;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {}",
        p.bold(&sanitize(&card.guid)),
        p.dim(&format!("(#{})", card.id))
    )?;
    writeln!(out, "Deck:   {}", sanitize(&card.deck))?;
    writeln!(
        out,
        "Stage:  {} · {} card{}",
        card.stage,
        card.kind,
        if card.suspended { " · suspended" } else { "" }
    )?;
    writeln!(out, "Front:  {}", sanitize(&card.front))?;
    writeln!(out, "Back:   {}", sanitize(&card.back))?;
    if !card.choices.is_empty() {
        let wrong: Vec<String> = card.choices.iter().map(|c| sanitize(c)).collect();
        writeln!(out, "Wrong:  {}", wrong.join(" | "))?;
    }
    match card.state {
        None => writeln!(out, "State:  new (never answered)")?,
        Some(s) => {
            writeln!(
                out,
                "State:  {} · {} reps · EF {:.2} · interval {}d · {} lapses",
                if s.mastered { "mastered" } else { "learning" },
                s.reps,
                sm2::ef_decimal(s.memory.ease),
                s.interval_days,
                s.lapses
            )?;
            writeln!(
                out,
                "Due:    {} ({})",
                format_day(s.due_day),
                relative_day(s.due_day, today)
            )?;
        }
    }
    if reviews.is_empty() {
        return Ok(());
    }
    writeln!(out, "History:")?;
    for r in &reviews {
        writeln!(
            out,
            "  {}  {}  q={}  {:>5.1}s{}",
            rfc3339(r.reviewed_at),
            r.mode.as_str(),
            r.quality,
            r.duration_ms as f64 / 1000.0,
            r.answer
                .as_deref()
                .map(|a| format!("  “{}”", truncate(&one_line(&sanitize(a)), 40)))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

pub fn unsuspend(ctx: &Ctx, args: &UnsuspendArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let card = find(&store, &args.id)?;
    store.set_suspended(card.id, false)?;
    println!("{} is back in reviews.", sanitize(&card.guid));
    Ok(())
}
