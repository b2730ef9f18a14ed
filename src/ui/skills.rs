//! How skill levels look: the grouped listing of `recall skills` and the compact table of
//! `recall stats`, sharing one progress cell.

use std::io::{self, Write};

use super::Palette;
use super::bar::bar;
use crate::core::levels::{SkillSummary, level_name};
use crate::core::model::short_deck_name;
use crate::core::text::{display_width, fit, pad, sanitize};
use crate::store::LevelEvent;

/// Width of the widest level name, "Intermediate".
const LEVEL_WIDTH: usize = 12;
const BAR_WIDTH: usize = 10;

/// The bar toward the next level and its count: `███████░░░ 3/4`, or a full bar at the top.
fn progress(s: &SkillSummary, p: &Palette) -> (String, String) {
    match s.next_stage() {
        Some(next) => (
            bar(next.mastered, next.cards, BAR_WIDTH, p.enabled),
            format!("{}/{}", next.mastered, next.cards),
        ),
        None => (bar(1, 1, BAR_WIDTH, p.enabled), String::new()),
    }
}

/// What the bar measures: the next stage's name, or that every stage is done.
fn goal(s: &SkillSummary) -> &'static str {
    s.next_stage().map_or("all stages", |n| n.name)
}

/// Skills grouped under their parent path (area › category), each on one line fitted to
/// `width` columns (`Layout`), with the day of its last level change when there is room.
pub fn render(
    out: &mut dyn Write,
    all: &[SkillSummary],
    p: &Palette,
    width: usize,
) -> io::Result<()> {
    if all.is_empty() {
        return writeln!(out, "No skills yet: `recall import FILE` adds a deck.");
    }
    let layout = Layout::new(all, p, width);
    let mut group = None;
    for s in all {
        let parent = s.name.rsplit_once("::").map(|(g, _)| g.to_string());
        if parent != group {
            writeln!(out)?;
            if let Some(g) = &parent {
                let heading = fit(&sanitize(&g.replace("::", " › ")), width);
                writeln!(out, "{}", p.bold(&heading))?;
            }
            group = parent;
        }
        let row = layout.row(s, &sanitize(short_deck_name(&s.name)), p);
        let since = s
            .last_change
            .as_deref()
            .map(|d| format!(" · since {}", sanitize(d)))
            .unwrap_or_default();
        if layout.used + display_width(&since) <= width {
            writeln!(out, "{row}{}", p.dim(&since))?;
        } else {
            writeln!(out, "{row}")?;
        }
    }
    Ok(())
}

/// A skill's level and its changes; each event comes with its local time, formatted.
pub fn history(
    w: &mut dyn Write,
    p: &Palette,
    name: &str,
    level: u8,
    events: &[(String, LevelEvent)],
    width: usize,
) -> io::Result<()> {
    let head = format!("{} — {}", p.bold(&sanitize(name)), level_name(level));
    super::wrap::block(w, &head, width)?;
    if events.is_empty() {
        writeln!(w, "  no level changes yet")?;
    }
    for (when, e) in events {
        writeln!(
            w,
            "  {when}  {} → {}  ({})",
            level_name(e.from),
            level_name(e.to),
            sanitize(&e.cause)
        )?;
    }
    Ok(())
}

/// One line per skill, fitted to `width` columns: name, level, the bar toward the next
/// level with its count and goal, and the cards due. The goal is dropped when narrow.
pub fn render_compact(
    out: &mut dyn Write,
    all: &[SkillSummary],
    p: &Palette,
    width: usize,
) -> io::Result<()> {
    let layout = Layout::new(all, p, width);
    for s in all {
        let row = layout.row(s, &sanitize(short_deck_name(&s.name)), p);
        writeln!(out, "{row}")?;
    }
    if all.is_empty() {
        writeln!(out, "  {}", fit("No skills yet.", width.saturating_sub(2)))?;
    }
    Ok(())
}

/// The columns of a skill's line at a width: the name takes what the level, the bar, the
/// count and the cards due (never cut) leave, the goal ("Beginner") is dropped when narrow.
struct Layout {
    name_w: usize,
    count_w: usize,
    goal_w: Option<usize>,
    due_w: usize,
    /// The columns a line takes.
    used: usize,
}

impl Layout {
    fn new(all: &[SkillSummary], p: &Palette, width: usize) -> Layout {
        let names: Vec<String> = all
            .iter()
            .map(|s| sanitize(short_deck_name(&s.name)))
            .collect();
        let count_w = all
            .iter()
            .map(|s| progress(s, p).1.len())
            .max()
            .unwrap_or(0);
        let goal_w = all.iter().map(|s| goal(s).len()).max().unwrap_or(0);
        let due_w = all
            .iter()
            .map(|s| s.due.to_string().len())
            .max()
            .unwrap_or(1);
        // indent, gaps between five cells, the fixed cells and " due".
        let fixed = 2 + 2 + LEVEL_WIDTH + 2 + BAR_WIDTH + 1 + count_w + 2 + due_w + 4;
        let longest = names.iter().map(|n| display_width(n)).max().unwrap_or(0);
        let with_goal = width >= fixed + 1 + goal_w + longest.min(12);
        let rest = fixed + if with_goal { goal_w + 1 } else { 0 };
        let name_w = longest.min(36).min(width.saturating_sub(rest)).max(6);
        Layout {
            name_w,
            count_w,
            goal_w: with_goal.then_some(goal_w),
            due_w,
            used: rest + name_w,
        }
    }

    fn row(&self, s: &SkillSummary, name: &str, p: &Palette) -> String {
        let (bar, count) = progress(s, p);
        let goal = match self.goal_w {
            Some(goal_w) => format!(" {:<goal_w$}", goal(s)),
            None => String::new(),
        };
        let (count_w, due_w) = (self.count_w, self.due_w);
        format!(
            "  {}  {:<LEVEL_WIDTH$}  {} {count:<count_w$}{goal}  {:>due_w$} due",
            pad(name, self.name_w),
            level_name(s.level),
            p.green(&bar),
            s.due,
        )
    }
}
