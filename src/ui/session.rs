//! The session's running messages (undo, suspend, hints, progress, level changes) and its
//! closing summary.

use std::io::{self, Write};

use super::Palette;
use super::card::duration;
use super::wrap;
use crate::core::day::{Day, format_day, relative_day};
use crate::core::levels::level_name;
use crate::core::model::short_deck_name;
use crate::core::session::Progress;
use crate::core::stats::percent;
use crate::core::text::sanitize;
use crate::store::LevelChange;

/// A message wrapped to `width`, each line in the colour `paint` gives it.
fn say(
    w: &mut dyn Write,
    paint: impl Fn(&str) -> String,
    text: &str,
    width: usize,
) -> io::Result<()> {
    for line in wrap::lines(text, width) {
        writeln!(w, "{}", paint(&line))?;
    }
    Ok(())
}

pub fn undone(w: &mut dyn Write, p: &Palette, width: usize) -> io::Result<()> {
    say(
        w,
        |t| p.yellow(t),
        "↶ undone: the card's previous state is restored",
        width,
    )
}

pub fn suspended(w: &mut dyn Write, guid: &str, width: usize) -> io::Result<()> {
    let text = format!(
        "suspended; `recall unsuspend {}` brings it back",
        sanitize(guid)
    );
    say(w, str::to_string, &text, width)
}

/// Said on Ctrl-C at an empty prompt.
pub fn how_to_leave(w: &mut dyn Write, p: &Palette, width: usize) -> io::Result<()> {
    say(
        w,
        |t| p.dim(t),
        "(To leave: :quit or Ctrl-D; every answer is already saved.)",
        width,
    )
}

/// The first session's greeting: what is loaded, how to answer, where help is.
pub fn welcome(
    w: &mut dyn Write,
    p: &Palette,
    decks: usize,
    cards: u64,
    width: usize,
) -> io::Result<()> {
    say(w, |t| p.bold(t), "Welcome to recall.", width)?;
    let loaded = format!(
        "Loaded: {} with {} (`recall decks` and `recall skills` list them; `recall import` adds your own).",
        count(decks, "deck"),
        count(cards, "card")
    );
    say(w, str::to_string, &loaded, width)?;
    say(
        w,
        str::to_string,
        "Each card shows a question: type your answer, or press Enter to see it; then grade how well you knew it, 0-5 (or again, hard, good, easy). Cards come back when they are due.",
        width,
    )?;
    say(
        w,
        str::to_string,
        ":help lists the commands (:hint, :skip, :undo, …); :quit or Ctrl-D ends the session, and every answer is saved as you go.",
        width,
    )
}

pub fn skipped(w: &mut dyn Write, p: &Palette) -> io::Result<()> {
    writeln!(w, "{}", p.dim("skipped"))
}

pub fn hint(w: &mut dyn Write, p: &Palette, hint: &str, width: usize) -> io::Result<()> {
    let label = format!("{} ", p.dim("hint:"));
    wrap::labelled(w, &label, 6, &sanitize(hint), width)
}

pub fn so_far(w: &mut dyn Write, s: &Progress, width: usize) -> io::Result<()> {
    let text = format!(
        "so far: {}, {} correct, {} to go, {}",
        count(s.answers, "answer"),
        s.correct,
        s.remaining,
        duration(s.elapsed_ms)
    );
    say(w, str::to_string, &text, width)
}

pub fn notice(w: &mut dyn Write, p: &Palette, message: &str, width: usize) -> io::Result<()> {
    say(w, |t| p.yellow(t), message, width)
}

pub fn all_done(w: &mut dyn Write, p: &Palette, width: usize) -> io::Result<()> {
    say(
        w,
        |t| p.green(t),
        "All cards done. Enter ends the session; :undo takes back the last grade.",
        width,
    )
}

pub fn waiting_for_writer(w: &mut dyn Write, p: &Palette, width: usize) -> io::Result<()> {
    say(
        w,
        |t| p.yellow(t),
        "the database is busy: another recall is writing (an import?); waiting to save this answer…",
        width,
    )
}

pub fn level_changed(
    w: &mut dyn Write,
    p: &Palette,
    c: &LevelChange,
    width: usize,
) -> io::Result<()> {
    say(w, |t| p.bold(t), &level_line(c), width)
}

/// `1 card`, `2 cards`.
#[must_use]
pub fn count(n: impl TryInto<u64>, word: &str) -> String {
    match n.try_into().unwrap_or(u64::MAX) {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
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

pub fn summary(w: &mut dyn Write, s: &Summary<'_>, width: usize) -> io::Result<()> {
    writeln!(w)?;
    let over = match s.progress.answers {
        0 => "Session ended: no cards answered.".to_string(),
        n => format!(
            "Session over: {}, {}, {}% correct, {}.",
            count(s.progress.cards, "card"),
            count(n, "answer"),
            percent(s.progress.correct, n).unwrap_or(0),
            duration(s.progress.elapsed_ms)
        ),
    };
    say(w, str::to_string, &over, width)?;
    let line = format!(
        "Due tomorrow: {} · Streak: {}",
        s.due_tomorrow,
        count(s.streak, "day")
    );
    say(w, str::to_string, &line, width)?;
    if !s.level_changes.is_empty() {
        writeln!(w, "Level changes:")?;
        for c in s.level_changes {
            wrap::labelled(w, "  ", 2, &level_line(c), width)?;
        }
    }
    Ok(())
}

/// Said instead of a session when there is nothing to review; `next_due` is the next day
/// a card falls due, if any.
pub fn nothing_due(
    w: &mut dyn Write,
    next_due: Option<Day>,
    today: Day,
    width: usize,
) -> io::Result<()> {
    let plain = str::to_string;
    say(
        w,
        plain,
        "Nothing is due today, and no new cards are left for today.",
        width,
    )?;
    if let Some(d) = next_due.filter(|&d| d > today) {
        let next = format!(
            "The next card is due {} ({}).",
            format_day(d),
            relative_day(d, today)
        );
        say(w, plain, &next, width)?;
    }
    say(
        w,
        plain,
        "To practise anyway: `recall drill` (your schedule is left alone).",
        width,
    )
}
