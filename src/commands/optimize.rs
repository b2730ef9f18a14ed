//! `recall optimize`: fits FSRS-6 to the learner's own review log, stores the parameters
//! and shows how SM-2, FSRS-6 with default parameters and FSRS-6 with the fitted ones
//! predicted the later reviews.

use anyhow::{Result, anyhow};

use crate::cli::OptimizeArgs;
use crate::context::Ctx;
use crate::core::fsrs::evaluate;
use crate::ui;

pub fn run(ctx: &Ctx, args: &OptimizeArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let log = store.answer_log(None)?;
    let data = evaluate::dataset(&log);
    drop(log);
    let bar = ui::optimize::ProgressBar::default();
    let result = evaluate::optimize(&data, &mut |phase, done, total| {
        bar.update(phase, done, total);
    });
    bar.finish();
    let comparison = result.map_err(|e| anyhow!("{e}"))?;
    store.set_fsrs_parameters(&comparison.parameters)?;
    store.refresh_fsrs_memory()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        ui::optimize::json(&mut out, &comparison)?;
    } else {
        ui::optimize::report(&mut out, &comparison)?;
    }
    Ok(())
}
