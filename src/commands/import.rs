//! `recall import`: the flags to an import request, the pipeline (`crate::import`) to
//! run it, and `ui::import` to show its progress and report.

use anyhow::Result;

use crate::cli::ImportArgs;
use crate::context::{Ctx, local_time};
use crate::core::day::study_day;
use crate::import::{self, Request};
use crate::ui;

pub fn run(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let request = Request {
        files: &args.files,
        format: args.format,
        deck: args.deck.as_deref(),
        stage: args.stage,
        dry_run: args.dry_run,
        with_scheduling: args.with_scheduling,
        prune: args.prune,
        now_ms: &|| ctx.clock.now_ms(),
        today: &|rollover| ctx.clock.today(rollover),
        day_of: &|ms, rollover| {
            let at = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
            study_day(local_time(at), rollover)
        },
    };
    if args.reviews {
        let report = import::reviews::run(&request, args.skip_unknown, || ctx.open_store())?;
        let files = args.files.len();
        ui::import::print_reviews(&mut std::io::stdout().lock(), files, args.dry_run, &report)?;
        return Ok(());
    }
    let progress = ui::import::ProgressBar::default();
    let outcome = import::run(&request, || ctx.open_store(), &progress)?;
    ui::import::print_report(&mut std::io::stdout().lock(), &outcome)?;
    Ok(())
}
