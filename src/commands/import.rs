//! `recall import`: the flags to an import request, the pipeline (`crate::import`) to
//! run it, and `ui::import` to show its progress and report.

use anyhow::Result;

use crate::cli::ImportArgs;
use crate::context::Ctx;
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
    };
    let progress = ui::import::ProgressBar::default();
    let outcome = import::run(&request, || ctx.open_store(), &progress)?;
    ui::import::print_report(&mut std::io::stdout().lock(), &outcome)?;
    Ok(())
}
