//! The session's running messages (undo, suspend, hints, progress, level changes) and its
//! closing summary.

use std::io::{self, Write};

use super::Palette;
use super::card::duration;
use crate::core::day::{Day, format_day, relative_day};
use crate::core::levels::level_name;
use crate::core::model::short_deck_name;
use crate::core::session::Progress;
use crate::core::stats::percent;
use crate::core::text::sanitize;
use crate::store::LevelChange;

pub fn undone(w: &mut dyn Write, p: &Palette) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        p.yellow("↶ undone: the card's previous state is restored")
    )
}

pub fn suspended(w: &mut dyn Write, guid: &str) -> io::Result<()> {
    writeln!(
        w,
        "suspended; `recall unsuspend {}` brings it back",
        sanitize(guid)
    )
}

pub fn skipped(w: &mut dyn Write, p: &Palette) -> io::Result<()> {
    writeln!(w, "{}", p.dim("skipped"))
}

pub fn hint(w: &mut dyn Write, p: &Palette, hint: &str) -> io::Result<()> {
    writeln!(w, "{} {}", p.dim("hint:"), sanitize(hint))
}

pub fn so_far(w: &mut dyn Write, s: &Progress) -> io::Result<()> {
    writeln!(
        w,
        "so far: {} answers, {} correct, {} to go, {}",
        s.answers,
        s.correct,
        s.remaining,
        duration(s.elapsed_ms)
    )
}

pub fn notice(w: &mut dyn Write, p: &Palette, message: &str) -> io::Result<()> {
    writeln!(w, "{}", p.yellow(message))
}

pub fn all_done(w: &mut dyn Write, p: &Palette) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        p.green("All cards done. Enter ends the session; :undo takes back the last grade.")
    )
}

pub fn waiting_for_writer(w: &mut dyn Write, p: &Palette) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        p.yellow(
            "the database is busy: another recall is writing (an import?); waiting to save this answer…"
        )
    )
}

pub fn level_changed(w: &mut dyn Write, p: &Palette, c: &LevelChange) -> io::Result<()> {
    writeln!(w, "{}", p.bold(&level_line(c)))
}

/// `Python: Novice → Beginner — 4 new Intermediate cards unlocked`.
#[must_use]
pub fn level_line(c: &LevelChange) -> String {
    let name = sanitize(short_deck_name(&c.deck));
    let arrow = format!("{name}: {} → {}", level_name(c.from), level_name(c.to));
    match c.unlocked {
        Some((stage, n)) if n > 0 => {
            let s = if n == 1 { "" } else { "s" };
            format!("{arrow} — {n} new {stage} card{s} unlocked")
        }
        _ if c.to > c.from => format!("{arrow} — level up"),
        _ => format!("{arrow} — keep reviewing to win it back"),
    }
}

/// What the end of a review session reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary<'a> {
    pub progress: &'a Progress,
    pub due_tomorrow: u32,
    pub streak: u32,
    pub level_changes: &'a [LevelChange],
}

pub fn summary(w: &mut dyn Write, s: &Summary<'_>) -> io::Result<()> {
    writeln!(w)?;
    match s.progress.answers {
        0 => writeln!(w, "Session ended: no cards answered.")?,
        n => writeln!(
            w,
            "Session over: {} cards, {n} answers, {}% correct, {}.",
            s.progress.cards,
            percent(s.progress.correct, n).unwrap_or(0),
            duration(s.progress.elapsed_ms)
        )?,
    }
    let plural = if s.streak == 1 { "" } else { "s" };
    writeln!(
        w,
        "Due tomorrow: {} · Streak: {} day{plural}",
        s.due_tomorrow, s.streak
    )?;
    if !s.level_changes.is_empty() {
        writeln!(w, "Level changes:")?;
        for c in s.level_changes {
            writeln!(w, "  {}", level_line(c))?;
        }
    }
    Ok(())
}

/// Said instead of a session when there is nothing to review; `next_due` is the next day
/// a card falls due, if any.
pub fn nothing_due(w: &mut dyn Write, next_due: Option<Day>, today: Day) -> io::Result<()> {
    writeln!(
        w,
        "Nothing is due today, and no new cards are left for today."
    )?;
    if let Some(d) = next_due.filter(|&d| d > today) {
        writeln!(
            w,
            "The next card is due {} ({}).",
            format_day(d),
            relative_day(d, today)
        )?;
    }
    writeln!(
        w,
        "To practise anyway: `recall drill` (your schedule is left alone)."
    )
}
