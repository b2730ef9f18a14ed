//! `recall drill`: off-schedule practice in interview formats, then the drill report.

use anyhow::Result;
use rand::Rng;

use super::select_decks;
use crate::cli::DrillArgs;
use crate::context::Ctx;
use crate::core::drill::{self, Candidate, DrillMode, Order};
use crate::core::model::{Card, ReviewMode};
use crate::core::session::{Prompt, Session, SessionConfig, SessionKind};
use crate::core::stats::LEECH_LAPSES;
use crate::core::{readiness, report};
use crate::repl::{Hooks, Runner};
use crate::store::{CardFilter, Store};
use crate::ui::report as screen;

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
        screen::no_match(&mut out, args.leeches)?;
        return Ok(());
    }
    let mut rng = ctx.rng();
    let plan = plan(&store, args, candidates, &mut rng)?;
    let pool = distractor_pool(&store, plan.mode)?;
    let prompts: Vec<(Prompt, ReviewMode)> = plan
        .cards
        .into_iter()
        .map(|c| {
            let style = drill::style(&c.card, plan.mode, &pool, &mut rng);
            let prompt = Prompt {
                card: c.card,
                style,
            };
            (prompt, ReviewMode::Drill)
        })
        .collect();
    let config = SessionConfig {
        kind: SessionKind::Drill {
            reschedule: args.reschedule,
        },
        today,
        time_limit_ms: plan
            .time_limit
            .map(|s| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX)),
        scheduler: store.algorithm()?,
        max_repeats: settings.max_repeats,
    };
    let mut session = Session::new(config, prompts);
    let mut input = ctx.line_source(settings.history)?;
    let palette = ctx.session_palette();
    let now = || ctx.clock.now_ms();
    if let Some(secs) = plan.time_limit {
        screen::time_limit(&mut out, secs)?;
    }
    let hooks = Hooks {
        levels: args.reschedule,
    };
    let mut runner = Runner::new(&mut store, &mut out, palette, settings, today, &now, hooks);
    runner.width = super::screen_width(ctx.stdout_is_terminal);
    runner.run(&mut session, input.as_mut())?;
    drop(runner);
    let mut decks: Vec<i64> = session.results().map(|(p, _)| p.card.deck_id).collect();
    decks.sort_unstable();
    decks.dedup();
    let since = today - (readiness::WINDOW_DAYS - 1);
    let recent = store.recent_evidence(&decks, since)?;
    let report = report::build(&results(&session), &recent);
    screen::render(
        &mut out,
        &palette,
        &report,
        super::screen_width(ctx.stdout_is_terminal),
    )?;
    if args.json {
        screen::json(&mut out, &report)?;
    }
    Ok(())
}

/// Which cards a drill asks, how, and with what time limit.
struct Plan {
    cards: Vec<Candidate>,
    mode: DrillMode,
    time_limit: Option<u64>,
}

/// A mock interview picks open questions at the learner's levels, typed and timed; any
/// other drill takes the weakest cards (or a shuffle) in the chosen mode.
fn plan(
    store: &Store,
    args: &DrillArgs,
    candidates: Vec<Candidate>,
    rng: &mut impl Rng,
) -> Result<Plan> {
    let order = if args.shuffle {
        Order::Shuffle
    } else {
        Order::Weakest
    };
    if args.interview {
        let count = args.count.unwrap_or(INTERVIEW_COUNT);
        let levels = store.deck_levels()?;
        return Ok(Plan {
            cards: drill::select_interview(candidates, &levels, count, order, rng),
            mode: DrillMode::Typed,
            time_limit: Some(args.time_limit.unwrap_or(INTERVIEW_SECONDS)),
        });
    }
    let count = args.count.unwrap_or(DEFAULT_COUNT);
    let cards = if store.settings()?.bury_siblings {
        drill::select_apart(candidates, count, order, rng)
    } else {
        drill::select(candidates, count, order, rng)
    };
    Ok(Plan {
        cards,
        mode: args.mode,
        time_limit: args.time_limit,
    })
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
