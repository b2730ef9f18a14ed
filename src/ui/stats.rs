//! The `recall stats` screen: today, streak, due forecast, heatmap, retention, skills and
//! the hardest cards, laid out within a given width from a `Report` alone (no clock, no
//! store), so it can be snapshot-tested at any width.

use std::io::{self, Write};

use super::Palette;
use super::card::duration;
use super::chart::{CHART_ROWS, day_columns, heatmap, short_date};
use super::session::count;
use super::skills::render_compact;
use super::wrap;
use crate::core::day::day_to_date;
use crate::core::levels::{SkillSummary, level_name};
use crate::core::stats::{HardCard, LEECH_LAPSES, MATURE_DAYS, Report, RetentionWindow, Tally};
use crate::core::text::{display_width, fit, one_line, sanitize};

/// Narrower terminals are drawn at this width.
pub const MIN_WIDTH: usize = 50;
/// The hardest cards shown on screen (`--json` lists more).
const HARDEST_SHOWN: usize = 5;
/// The skills shown on screen, furthest along first.
const SKILLS_SHOWN: usize = 15;
/// Width of the labels in the summary block (`Today     `).
const LABEL: usize = 10;

/// The whole screen, `width` columns wide (at least `MIN_WIDTH`).
pub fn render(out: &mut dyn Write, r: &Report, p: &Palette, width: usize) -> io::Result<()> {
    let width = width.max(MIN_WIDTH);
    let scope = match &r.deck {
        Some(d) => format!("deck {}", sanitize(d)),
        None => "all decks".to_string(),
    };
    let date = day_to_date(r.date).format("%a %Y-%m-%d");
    title(out, p, "Progress", &format!("{date}, {scope}"), width)?;
    writeln!(out)?;
    summary(out, r, p, width)?;
    writeln!(out)?;
    forecast(out, r, p, width)?;
    writeln!(out)?;
    activity(out, r, p, width)?;
    writeln!(out)?;
    retention(out, &r.retention, p, width)?;
    scheduling(out, r, width)?;
    writeln!(out)?;
    skills(out, r, p, width)?;
    writeln!(out)?;
    hardest(out, r, p, width)
}

/// `Title  detail`, the detail wrapped under itself (never cut: it holds numbers).
fn title(
    out: &mut dyn Write,
    p: &Palette,
    name: &str,
    detail: &str,
    width: usize,
) -> io::Result<()> {
    let label = format!("{}  ", p.bold(name));
    wrap::labelled(out, &label, display_width(name) + 2, detail, width)
}

/// A labelled line of the summary block.
fn labelled(
    out: &mut dyn Write,
    p: &Palette,
    label: &str,
    text: &str,
    width: usize,
) -> io::Result<()> {
    // Wrapped, not cut: these lines are mostly numbers.
    let label = p.bold(&format!("{label:<LABEL$}"));
    wrap::labelled(out, &label, LABEL, text, width)
}

fn summary(out: &mut dyn Write, r: &Report, p: &Palette, width: usize) -> io::Result<()> {
    let t = &r.today;
    let done = match Tally::new(t.answers, t.passed).percent {
        Some(pc) => format!(
            "{} on {}, {pc}% passed, {}",
            count(t.answers, "answer"),
            count(t.cards, "card"),
            duration(t.time_ms)
        ),
        None => "no answers yet".to_string(),
    };
    labelled(out, p, "Today", &done, width)?;
    let mut parts = vec![format!("{} reviewed", t.reviews), format!("{} new", t.new)];
    if t.relearns > 0 {
        parts.push(format!("{} relearned", t.relearns));
    }
    if t.drills > 0 {
        parts.push(format!("{} drilled", t.drills));
    }
    parts.push(format!("{} still due", t.due));
    labelled(out, p, "", &parts.join(", "), width)?;

    let mut streak = count(r.streak_days, "day");
    if r.streak_days > 0 && t.answers == 0 {
        streak.push_str(" (answer a card today to keep it)");
    }
    streak.push_str(&format!(
        ", best {}, {} in all",
        r.longest_streak_days,
        count(r.study_days, "study day")
    ));
    labelled(out, p, "Streak", &streak, width)?;

    let c = &r.cards;
    let cards = format!(
        "{} in all: {} new, {} young, {} mature, {} suspended",
        c.total, c.new, c.young, c.mature, c.suspended
    );
    labelled(out, p, "Cards", &cards, width)
}

fn forecast(out: &mut dyn Write, r: &Report, p: &Palette, width: usize) -> io::Result<()> {
    let days = r.forecast.len();
    let total: u32 = r.forecast.iter().map(|d| d.due).sum();
    let Some(busiest) = r
        .forecast
        .iter()
        .filter(|d| d.due > 0)
        .max_by_key(|d| (d.due, -d.date))
    else {
        return title(
            out,
            p,
            "Due forecast",
            &format!("nothing due in the next {}", count(days as u32, "day")),
            width,
        );
    };
    let today = r.forecast.first().map_or(0, |d| d.due);
    let detail = format!(
        "next {}: {}, today {today} with overdue, busiest {} ({})",
        count(days as u32, "day"),
        count(total, "card"),
        short_date(busiest.date),
        busiest.due
    );
    title(out, p, "Due forecast", &detail, width)?;
    let values: Vec<u32> = r.forecast.iter().map(|d| d.due).collect();
    day_columns(out, r.date, &values, p, width, CHART_ROWS)
}

fn activity(out: &mut dyn Write, r: &Report, p: &Palette, width: usize) -> io::Result<()> {
    let answers: u32 = r.heatmap.iter().map(|d| d.reviews).sum();
    let active = r.heatmap.iter().filter(|d| d.reviews > 0).count() as u32;
    let weeks = r.heatmap.len().div_ceil(7);
    let detail = format!(
        "last {weeks} weeks: {} on {}",
        count(answers, "answer"),
        count(active, "day")
    );
    title(out, p, "Reviews", &detail, width)?;
    let start = r.heatmap.first().map_or(r.date, |d| d.date);
    let counts: Vec<u32> = r.heatmap.iter().map(|d| d.reviews).collect();
    heatmap(out, start, &counts, r.date, p, width)
}

fn cell(t: &Tally, with_counts: bool) -> String {
    match (t.percent, with_counts) {
        (None, _) => "-".to_string(),
        (Some(pc), true) => format!("{pc}% {}/{}", t.passed, t.answers),
        (Some(pc), false) => format!("{pc}%"),
    }
}

fn retention(
    out: &mut dyn Write,
    windows: &[RetentionWindow],
    p: &Palette,
    width: usize,
) -> io::Result<()> {
    title(
        out,
        p,
        "Retention",
        "scheduled reviews of cards seen before; passed = grade 3 or more",
        width,
    )?;
    let label_w = windows
        .iter()
        .map(|w| format!("last {} days", w.days).len())
        .max()
        .unwrap_or(0);
    let cells = |with: bool| -> Vec<[String; 3]> {
        windows
            .iter()
            .map(|w| {
                [
                    cell(&w.young, with),
                    cell(&w.mature, with),
                    cell(&w.all, with),
                ]
            })
            .collect()
    };
    let cell_w = |rows: &[[String; 3]]| {
        rows.iter()
            .flatten()
            .map(String::len)
            .max()
            .unwrap_or(0)
            .max(6)
    };
    let mut rows = cells(true);
    if 2 + label_w + 3 * (2 + cell_w(&rows)) > width {
        rows = cells(false);
    }
    let w = cell_w(&rows);
    let head = format!(
        "  {:label_w$}  {:<w$}  {:<w$}  {}",
        "", "young", "mature", "all"
    );
    writeln!(out, "{}", p.dim(head.trim_end()))?;
    for (win, row) in windows.iter().zip(&rows) {
        let label = format!("last {} days", win.days);
        let line = format!(
            "  {label:<label_w$}  {:<w$}  {:<w$}  {}",
            row[0], row[1], row[2]
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    let note = format!(
        "  young: interval before the answer under {MATURE_DAYS} days; mature: {MATURE_DAYS} or more"
    );
    for line in wrap::lines(&note, width) {
        writeln!(out, "{}", p.dim(&line))?;
    }
    Ok(())
}

/// The scheduler's line: today's due cards' predicted recall, and under FSRS the retention
/// it aims at against the one measured over the widest window.
fn scheduling(out: &mut dyn Write, r: &Report, width: usize) -> io::Result<()> {
    let s = &r.scheduling;
    let name = if s.desired_retention.is_some() {
        "FSRS-6"
    } else {
        "SM-2"
    };
    let due = match s.predicted_retention_due {
        Some(pr) => format!(
            "  {name}: {} cards due now, predicted recall {:.0}%",
            s.due_cards,
            pr * 100.0
        ),
        None => format!("  {name}: no card due now"),
    };
    writeln!(out, "{}", fit(&due, width))?;
    if let Some(desired) = s.desired_retention {
        // The month's retention: recent enough to reflect the current schedule.
        let measured = r
            .retention
            .iter()
            .find(|w| w.days == 30)
            .and_then(|w| w.all.percent);
        let truth = measured.map_or("no reviews to measure yet".to_string(), |pc| {
            format!("true retention {pc}% over the last 30 days")
        });
        let line = format!("  desired retention {:.0}%, {truth}", desired * 100.0);
        writeln!(out, "{}", fit(&line, width))?;
    }
    Ok(())
}

fn skills(out: &mut dyn Write, r: &Report, p: &Palette, width: usize) -> io::Result<()> {
    let mut per_level = [0u32; 4];
    for s in &r.skills {
        per_level[usize::from(s.level.min(3))] += 1;
    }
    let levels: Vec<String> = per_level
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(l, n)| format!("{n} {}", level_name(l as u8)))
        .collect();
    let detail = if levels.is_empty() {
        "no skills yet".to_string()
    } else {
        format!(
            "{}: {}",
            count(r.skills.len() as u32, "skill"),
            levels.join(", ")
        )
    };
    title(out, p, "Skills", &detail, width)?;
    let shown = by_progress(&r.skills);
    render_compact(out, &shown[..shown.len().min(SKILLS_SHOWN)], p, width)?;
    if shown.len() > SKILLS_SHOWN {
        let more = format!(
            "  and {} more: `recall skills` lists them all",
            shown.len() - SKILLS_SHOWN
        );
        for line in wrap::lines(&more, width) {
            writeln!(out, "{}", p.dim(&line))?;
        }
    }
    Ok(())
}

/// Skills furthest along first: by level, then by the share of the next stage mastered,
/// then by name; untouched skills sink to the end, where a long list is cut.
fn by_progress(skills: &[SkillSummary]) -> Vec<SkillSummary> {
    let share = |s: &SkillSummary| match s.next_stage() {
        Some(n) if n.cards > 0 => (u64::from(n.mastered), u64::from(n.cards)),
        Some(_) => (0, 1),
        None => (1, 1),
    };
    let mut sorted = skills.to_vec();
    sorted.sort_by(|a, b| {
        let ((an, ad), (bn, bd)) = (share(a), share(b));
        b.level
            .cmp(&a.level)
            .then((bn * ad).cmp(&(an * bd)))
            .then_with(|| a.name.cmp(&b.name))
    });
    sorted
}

/// `lapses  ease  leech  id  front`: the id whole (or the card's number when the ids
/// would leave the front no room), the front cut to fit.
fn hard_line(c: &HardCard, p: &Palette, id: &str, id_w: usize, width: usize) -> String {
    let tag = if c.leech {
        p.red("leech")
    } else {
        "     ".to_string()
    };
    let room = width.saturating_sub(23 + id_w + 2);
    let front = fit(&one_line(&sanitize(&c.front)), room);
    let gap = " ".repeat(id_w.saturating_sub(display_width(id)));
    let line = format!(
        "  {:>6}  {:>4.2}  {tag}  {id}{gap}  {front}",
        c.lapses,
        f64::from(c.ef) / 100.0,
    );
    line.trim_end().to_string()
}

fn hardest(out: &mut dyn Write, r: &Report, p: &Palette, width: usize) -> io::Result<()> {
    title(
        out,
        p,
        "Hardest cards",
        "most lapses, then lowest ease",
        width,
    )?;
    if r.hardest.is_empty() {
        writeln!(out, "  None yet: no card has lapsed or lost ease.")?;
    } else {
        writeln!(out, "{}", p.dim("  lapses  ease         card"))?;
        let shown = &r.hardest[..r.hardest.len().min(HARDEST_SHOWN)];
        // Ids are never cut: when they would take more than a third of the line, the
        // cards' numbers (which `recall info` takes too) stand in for them.
        let ids: Vec<String> = shown.iter().map(|c| sanitize(&c.id)).collect();
        let longest = ids.iter().map(|i| display_width(i)).max().unwrap_or(0);
        let ids: Vec<String> = if longest <= width / 3 {
            ids
        } else {
            shown.iter().map(|c| format!("#{}", c.number)).collect()
        };
        let id_w = ids.iter().map(|i| display_width(i)).max().unwrap_or(0);
        for (c, id) in shown.iter().zip(&ids) {
            writeln!(out, "{}", hard_line(c, p, id, id_w, width))?;
        }
    }
    let leeches = r.leeches.len() as u32;
    let line = if leeches == 0 {
        format!("No leeches (cards that lapsed {LEECH_LAPSES} times or more).")
    } else {
        format!(
            "{leeches} {} (lapsed {LEECH_LAPSES}+ times): `recall drill --leeches` drills them.",
            if leeches == 1 { "leech" } else { "leeches" }
        )
    };
    for line in wrap::lines(&line, width - 2) {
        match leeches {
            0 => writeln!(out, "  {line}")?,
            _ => writeln!(out, "  {}", p.red(&line))?,
        }
    }
    Ok(())
}
