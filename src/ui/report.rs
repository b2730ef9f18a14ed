//! The drill report as text: overall and per-skill scores, per-stage accuracy, the slowest
//! answers and the misses with their right answers.

use std::io::{self, Write};

use super::Palette;
use super::card::duration;
use crate::core::model::short_deck_name;
use crate::core::readiness;
use crate::core::report::Report;
use crate::core::stats::{LEECH_LAPSES, percent};
use crate::core::text::{one_line, sanitize, truncate};

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

pub fn render(w: &mut dyn Write, p: &Palette, r: &Report) -> io::Result<()> {
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
        writeln!(
            w,
            "  {} — {}/{} correct, median {}",
            p.bold(&sanitize(short_deck_name(&s.skill))),
            s.correct,
            s.total,
            duration(s.median_ms),
        )?;
    }
    if !r.readiness.is_empty() {
        writeln!(
            w,
            "\n{} {}",
            p.dim("Readiness"),
            p.dim(&format!(
                "(answers of the last {} days; typed count most, picked options least):",
                readiness::WINDOW_DAYS
            ))
        )?;
        for v in &r.readiness {
            let line = sanitize(&v.text());
            let line = match v.ready {
                Some(true) => p.green(&line),
                Some(false) => p.yellow(&line),
                None => p.dim(&line),
            };
            writeln!(w, "  {line}")?;
        }
    }
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(name, s)| format!("{name} {}/{}", s.correct, s.total))
        .collect();
    writeln!(w, "\n{} {}", p.dim("By stage:"), stages.join(" · "))?;
    if !r.slowest.is_empty() {
        writeln!(w, "{}", p.dim("Slowest:"))?;
        for s in &r.slowest {
            writeln!(
                w,
                "  {:>7}  {}",
                duration(s.duration_ms),
                truncate(&one_line(&sanitize(&s.question)), 70)
            )?;
        }
    }
    if !r.missed.is_empty() {
        writeln!(w, "{}", p.dim("Missed:"))?;
        for m in &r.missed {
            let late = if m.over_time { " (over time)" } else { "" };
            writeln!(
                w,
                "  {} {}{late}",
                p.red("✗"),
                truncate(&one_line(&sanitize(&m.question)), 70)
            )?;
            writeln!(
                w,
                "    → {}",
                truncate(&one_line(&sanitize(&m.answer)), 120)
            )?;
        }
    }
    Ok(())
}
