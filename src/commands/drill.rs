//! `recall drill`: off-schedule practice in interview formats, then the drill report.

use std::io::Write;

use anyhow::Result;

use super::{print_json, select_decks};
use crate::context::Ctx;
use crate::cli::DrillArgs;
use crate::core::drill::{self, DrillMode, Order};
use crate::core::model::{Card, ReviewMode};
use crate::core::report;
use crate::core::schedule::Algorithm;
use crate::core::session::{Prompt, Session, SessionConfig, SessionKind};
use crate::repl::{Hooks, LineSource, Piped, Runner, Terminal};
use crate::store::{CardFilter, Store};

/// Lapses that make a card a leech (as in Anki).
pub const LEECH_LAPSES: u32 = 8;
const DEFAULT_COUNT: usize = 20;
const INTERVIEW_COUNT: usize = 10;
const INTERVIEW_SECONDS: u64 = 90;

pub fn run(ctx: &Ctx, args: &DrillArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let settings = store.settings()?;
    let today = ctx.today(&settings);
    let filter = CardFilter {
        deck_ids: skill_decks(&store, &args.skills)?,
        stage: args.stage,
        tag: args.tag.clone(),
        min_lapses: args.leeches.then_some(LEECH_LAPSES),
        ..CardFilter::default()
    };
    let candidates = store.drill_candidates(&filter)?;
    let mut out = std::io::stdout().lock();
    if candidates.is_empty() {
        writeln!(
            out,
            "No cards match this drill{}.",
            if args.leeches {
                " (no leeches: no card has lapsed 8 times)"
            } else {
                ""
            }
        )?;
        return Ok(());
    }
    let mut rng = ctx.rng();
    let (selected, mode, time_limit) = if args.interview {
        let count = args.count.unwrap_or(INTERVIEW_COUNT);
        let picked = drill::select_interview(candidates, &store.deck_levels()?, count, &mut rng);
        (
            picked,
            DrillMode::Typed,
            Some(args.time_limit.unwrap_or(INTERVIEW_SECONDS)),
        )
    } else {
        let order = if args.shuffle {
            Order::Shuffle
        } else {
            Order::Weakest
        };
        let picked = drill::select(
            candidates,
            args.count.unwrap_or(DEFAULT_COUNT),
            order,
            &mut rng,
        );
        (picked, args.mode, args.time_limit)
    };
    let pool = distractor_pool(&store, mode)?;
    let prompts: Vec<(Prompt, ReviewMode)> = selected
        .into_iter()
        .map(|c| {
            let style = drill::style(&c.card, mode, &pool, &mut rng);
            (
                Prompt {
                    card: c.card,
                    style,
                },
                ReviewMode::Drill,
            )
        })
        .collect();
    let config = SessionConfig {
        kind: SessionKind::Drill {
            reschedule: args.reschedule,
        },
        today,
        time_limit_ms: time_limit
            .map(|s| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX)),
        scheduler: Algorithm::Sm2,
    };
    let mut session = Session::new(config, prompts);
    let mut input: Box<dyn LineSource> = if ctx.stdin_is_terminal {
        Box::new(Terminal::new(ctx.history_path())?)
    } else {
        Box::new(Piped::new(std::io::stdin().lock()))
    };
    let palette = ctx.session_palette();
    let now = || ctx.clock.now_ms();
    if let Some(secs) = time_limit {
        writeln!(
            out,
            "{secs} seconds per answer; a later answer counts as a miss."
        )?;
    }
    let hooks = Hooks {
        levels: args.reschedule,
    };
    let mut runner = Runner::new(&mut store, &mut out, palette, settings, today, &now, hooks);
    runner.run(&mut session, input.as_mut())?;
    drop(runner);
    let report = report::build(&results(&session));
    crate::ui::report::render(&mut out, &palette, &report)?;
    if args.json {
        drop(out);
        print_json(&report)?;
    }
    Ok(())
}

/// The union of the decks named by `--skill` options; `None` when there are none.
fn skill_decks(store: &Store, skills: &[String]) -> Result<Option<Vec<i64>>> {
    if skills.is_empty() {
        return Ok(None);
    }
    let mut ids = Vec::new();
    for s in skills {
        if let Some(sel) = select_decks(store, Some(s))? {
            ids.extend(sel.ids);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(Some(ids))
}

/// Cards whose answers can serve as wrong options; only choice questions need them.
fn distractor_pool(store: &Store, mode: DrillMode) -> Result<Vec<Card>> {
    if matches!(mode, DrillMode::Choice | DrillMode::Mixed) {
        Ok(store.cards(&CardFilter::default())?)
    } else {
        Ok(Vec::new())
    }
}

fn results(session: &Session) -> Vec<report::Result> {
    session
        .results()
        .map(|(prompt, a)| report::Result {
            card: prompt.card.guid.clone(),
            skill: prompt.card.deck.clone(),
            stage: prompt.card.stage,
            question: prompt.card.front.clone(),
            expected: prompt.expected().to_string(),
            typed: a.typed.clone(),
            quality: a.quality.value(),
            duration_ms: a.duration_ms,
            over_time: a.over_time,
        })
        .collect()
}
