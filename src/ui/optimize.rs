//! `recall optimize`'s output: a progress bar on standard error while the optimizer runs,
//! then the three models' figures side by side, or the same as JSON.

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::core::fsrs::evaluate::{Comparison, Metrics, Phase};

/// The optimizer's progress on standard error (hidden when it is not a terminal).
pub struct ProgressBar {
    bar: indicatif::ProgressBar,
}

impl Default for ProgressBar {
    fn default() -> Self {
        let bar = if io::stderr().is_terminal() {
            let bar =
                indicatif::ProgressBar::with_draw_target(Some(1), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{msg:<28} {bar:30} {percent:>3}%") {
                bar.set_style(style);
            }
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        ProgressBar { bar }
    }
}

impl ProgressBar {
    pub fn update(&self, phase: Phase, done: usize, total: usize) {
        self.bar.set_message(match phase {
            Phase::Evaluating => "testing on later reviews",
            Phase::Fitting => "fitting your parameters",
        });
        self.bar.set_length(total.max(1) as u64);
        self.bar.set_position(done as u64);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[derive(Serialize)]
struct MetricsJson {
    log_loss: f32,
    rmse_bins: f32,
}

impl From<Metrics> for MetricsJson {
    fn from(m: Metrics) -> Self {
        MetricsJson {
            log_loss: m.log_loss,
            rmse_bins: m.rmse_bins,
        }
    }
}

#[derive(Serialize)]
struct ComparisonJson<'a> {
    reviews: usize,
    cards: usize,
    items: usize,
    tested: usize,
    sm2: MetricsJson,
    fsrs_default: MetricsJson,
    fsrs_optimized: MetricsJson,
    parameters: &'a [f32],
    recommendation: &'static str,
}

pub fn json(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    super::out::json(
        w,
        &ComparisonJson {
            reviews: c.reviews,
            cards: c.cards,
            items: c.items,
            tested: c.tested,
            sm2: c.sm2.into(),
            fsrs_default: c.fsrs_default.into(),
            fsrs_optimized: c.fsrs_optimized.into(),
            parameters: &c.parameters,
            recommendation: c.recommendation(),
        },
    )
}

pub fn report(w: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    writeln!(
        w,
        "Fitted FSRS-6 to your log: {} reviews, {} of them (on {} cards) answers on a later day than the one before.",
        c.reviews, c.items, c.cards
    )?;
    writeln!(
        w,
        "Tested on the later {} of those, each fold trained only on the answers before it (5 time-ordered folds):",
        c.tested
    )?;
    writeln!(w)?;
    writeln!(
        w,
        "  {:<26} {:>9} {:>12}",
        "model", "log loss", "RMSE (bins)"
    )?;
    for (name, m) in [
        ("SM-2 (0.9^(t/interval))", c.sm2),
        ("FSRS-6, default parameters", c.fsrs_default),
        ("FSRS-6, your parameters", c.fsrs_optimized),
    ] {
        writeln!(
            w,
            "  {name:<26} {:>9.4} {:>11.2}%",
            m.log_loss,
            m.rmse_bins * 100.0
        )?;
    }
    writeln!(w)?;
    writeln!(w, "Lower is better for both. {}", c.recommendation())?;
    writeln!(w, "Your parameters are stored; FSRS uses them from now on.")
}
