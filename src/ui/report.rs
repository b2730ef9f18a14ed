//! The drill report as text: overall and per-skill scores, per-stage accuracy, the slowest
//! answers and the misses with their right answers.

use std::io::{self, Write};

use super::Palette;
use super::card::duration;
use super::wrap;
use crate::core::model::short_deck_name;
use crate::core::readiness;
use crate::core::report::Report;
use crate::core::stats::{LEECH_LAPSES, percent};
use crate::core::text::{fit, one_line, sanitize};

pub use super::out::json;

/// Said when no card matches the drill's filters.
pub fn no_match(w: &mut dyn Write, leeches: bool) -> io::Result<()> {
    if leeches {
        writeln!(
            w,
            "No cards match this drill (no leeches: no card has lapsed {LEECH_LAPSES} times)."
        )
    } else {
        writeln!(w, "No cards match this drill.")
    }
}

pub fn time_limit(w: &mut dyn Write, secs: u64) -> io::Result<()> {
    writeln!(
        w,
        "{secs} seconds per answer; a later answer counts as a miss."
    )
}

/// The report, wrapped to `width` columns (questions shortened with `…`).
pub fn render(w: &mut dyn Write, p: &Palette, r: &Report, width: usize) -> io::Result<()> {
    writeln!(w)?;
    if r.total == 0 {
        return writeln!(w, "Drill ended: no questions answered.");
    }
    writeln!(
        w,
        "{} {}/{} correct ({}%)",
        p.bold("Drill report:"),
        r.correct,
        r.total,
        percent(r.correct, r.total).unwrap_or(0)
    )?;
    writeln!(w)?;
    for s in &r.skills {
        let line = format!(
            "{} — {}/{} correct, median {}",
            p.bold(&sanitize(short_deck_name(&s.skill))),
            s.correct,
            s.total,
            duration(s.median_ms),
        );
        wrap::labelled(w, "  ", 2, &line, width)?;
    }
    if !r.readiness.is_empty() {
        writeln!(w)?;
        let head = format!(
            "Readiness (answers of the last {} days; typed count most, picked options least):",
            readiness::WINDOW_DAYS
        );
        for line in wrap::lines(&head, width) {
            writeln!(w, "{}", p.dim(&line))?;
        }
        for v in &r.readiness {
            for (i, line) in wrap::lines(&sanitize(&v.text()), width - 4)
                .iter()
                .enumerate()
            {
                let line = match v.ready {
                    Some(true) => p.green(line),
                    Some(false) => p.yellow(line),
                    None => p.dim(line),
                };
                let indent = if i == 0 { "  " } else { "    " };
                writeln!(w, "{indent}{line}")?;
            }
        }
    }
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(name, s)| format!("{name} {}/{}", s.correct, s.total))
        .collect();
    writeln!(w)?;
    let label = format!("{} ", p.dim("By stage:"));
    wrap::labelled(w, &label, 10, &stages.join(" · "), width)?;
    if !r.slowest.is_empty() {
        writeln!(w, "{}", p.dim("Slowest:"))?;
        for s in &r.slowest {
            let room = width.saturating_sub(11).clamp(8, 70);
            writeln!(
                w,
                "  {:>7}  {}",
                duration(s.duration_ms),
                fit(&one_line(&sanitize(&s.question)), room)
            )?;
        }
    }
    if !r.missed.is_empty() {
        writeln!(w, "{}", p.dim("Missed:"))?;
        for m in &r.missed {
            let late = if m.over_time { " (over time)" } else { "" };
            let room = width.saturating_sub(4 + late.len()).clamp(8, 70);
            writeln!(
                w,
                "  {} {}{late}",
                p.red("✗"),
                fit(&one_line(&sanitize(&m.question)), room)
            )?;
            let room = width.saturating_sub(6).clamp(8, 120);
            writeln!(w, "    → {}", fit(&one_line(&sanitize(&m.answer)), room))?;
        }
    }
    Ok(())
}
