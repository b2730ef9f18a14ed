//! Cards on screen: `recall cards`' table, `recall info`'s page, and both as JSON.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::Palette;
use super::table::{Column, Layout};
use super::wrap;
use crate::core::day::{Day, format_day, relative_day};
use crate::core::model::{Card, CardKind, KeyPoint, short_deck_name};
use crate::core::sm2;
use crate::core::text::{display_width, fit, one_line, sanitize};
use crate::store::ReviewRow;

#[derive(Serialize)]
pub struct StateJson {
    pub reps: u32,
    pub ef: f64,
    pub interval_days: u32,
    pub due: String,
    pub lapses: u32,
    /// FSRS's view of the card (`recall info` under FSRS).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fsrs: Option<FsrsView>,
}

/// FSRS's memory of a card: stability (days until recall falls to 90%), difficulty (1-10)
/// and retrievability (the chance of recall today).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FsrsView {
    pub stability: f32,
    pub difficulty: f32,
    pub retrievability: f32,
}

#[derive(Serialize)]
pub struct CardJson {
    pub id: String,
    pub number: i64,
    pub deck: String,
    pub stage: u8,
    pub stage_name: &'static str,
    pub kind: &'static str,
    pub front: String,
    pub back: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub key_points: Vec<KeyPoint>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// A SQL card's: whether rows must come in order (absent: from the reference's ORDER BY).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered: Option<bool>,
    /// A SQL card's sample database (absent: the default one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db: Option<String>,
    pub suspended: bool,
    pub mastered: bool,
    pub state: Option<StateJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<Vec<ReviewJson>>,
}

#[derive(Serialize)]
pub struct ReviewJson {
    pub reviewed_at: String,
    pub day: String,
    pub quality: u8,
    pub mode: &'static str,
    pub duration_ms: i64,
    pub answer: Option<String>,
}

#[must_use]
pub fn card_json(c: &Card, reviews: Option<&[ReviewRow]>) -> CardJson {
    CardJson {
        id: c.guid.clone(),
        number: c.id.0,
        deck: c.deck.clone(),
        stage: c.stage.number(),
        stage_name: c.stage.name(),
        kind: c.kind.as_str(),
        front: c.front.clone(),
        back: c.back.clone(),
        choices: c.choices.clone(),
        tags: c.tags.clone(),
        key_points: c.key_points.clone(),
        note: c.note.clone(),
        ordered: c.sql.ordered,
        db: c.sql.db.clone(),
        suspended: c.suspended,
        mastered: c.state.is_some_and(|s| s.mastered),
        state: c.state.map(|s| StateJson {
            reps: s.reps,
            ef: sm2::ef_decimal(s.memory.ease),
            interval_days: s.interval_days,
            due: format_day(s.due_day),
            lapses: s.lapses,
            fsrs: None,
        }),
        reviews: reviews.map(|rs| {
            rs.iter()
                .map(|r| ReviewJson {
                    reviewed_at: rfc3339(r.reviewed_at),
                    day: format_day(r.day),
                    quality: r.quality,
                    mode: r.mode.as_str(),
                    duration_ms: r.duration_ms,
                    answer: r.answer.clone(),
                })
                .collect()
        }),
    }
}

/// UTC milliseconds as RFC 3339.
#[must_use]
pub fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The card listing's columns, fitted to the screen's width: the front and deck are
/// shortened, and on a narrow screen the EF, the interval, the deck and then the id
/// (`python/definition`) are left out; the number, which `recall info` takes as well, is
/// always there. Nothing that identifies a card, and no number, is ever cut.
#[must_use]
pub fn list_columns() -> Layout<'static> {
    Layout::new(vec![
        Column::number("No"),
        Column::id("Id").optional(4),
        Column::text("Deck", 6).optional(3),
        Column::id("St"),
        Column::id("Due"),
        Column::number("Ivl").optional(2),
        Column::number("EF").optional(1),
        Column::text("Front", 20),
    ])
}

/// A card's cells in the listing.
#[must_use]
pub fn list_row(c: &Card, today: Day) -> Vec<String> {
    let mastered = if c.state.is_some_and(|st| st.mastered) {
        " ✓"
    } else {
        ""
    };
    vec![
        c.id.0.to_string(),
        sanitize(&c.guid),
        sanitize(short_deck_name(&c.deck)),
        format!("{}{mastered}", c.stage.number()),
        due_text(c, today),
        c.state
            .map(|st| format!("{}d", st.interval_days))
            .unwrap_or_default(),
        c.state
            .map(|st| format!("{:.2}", sm2::ef_decimal(st.memory.ease)))
            .unwrap_or_default(),
        one_line(&sanitize(&c.front)),
    ]
}

/// The line under a listing of `n` cards (or in place of an empty one).
pub fn list_footer(w: &mut dyn Write, n: usize) -> io::Result<()> {
    if n == 0 {
        return writeln!(w, "No cards.");
    }
    let plural = if n == 1 { "" } else { "s" };
    writeln!(w, "{n} card{plural} (St = stage, ✓ = mastered)")
}

/// `new`, `due`, `suspended` or the day the card is due.
#[must_use]
pub fn due_text(c: &Card, today: Day) -> String {
    match (c.suspended, c.state) {
        (true, _) => "suspended".into(),
        (false, None) => "new".into(),
        (false, Some(s)) if s.due_day <= today => "due".into(),
        (false, Some(s)) => format_day(s.due_day),
    }
}

/// One card: its text, state and every answer, wrapped to `width` columns under labels.
pub fn info(
    w: &mut dyn Write,
    p: &Palette,
    card: &Card,
    reviews: &[ReviewRow],
    today: Day,
    fsrs: Option<FsrsView>,
    width: usize,
) -> io::Result<()> {
    // Every field after its label (eight columns, or one more than a longer label), wrapped
    // (never cut) to the width.
    let field = |w: &mut dyn Write, label: &str, text: &str| -> io::Result<()> {
        let cols = (label.len() + 1).max(8);
        wrap::labelled(w, &format!("{label:<cols$}"), cols, text, width)
    };
    let guid = sanitize(&card.guid);
    let number = p.dim(&format!("(#{})", card.id));
    if display_width(&guid) + 2 + card.id.to_string().len() + 2 <= width {
        writeln!(w, "{} {number}", p.bold(&guid))?;
    } else {
        // An id wider than the screen is broken only after its own `/`s, never mid-word.
        writeln!(w, "{number}")?;
        for part in id_lines(&guid, width) {
            writeln!(w, "{}", p.bold(&part))?;
        }
    }
    field(w, "Deck:", &sanitize(&card.deck))?;
    let suspended = if card.suspended { " · suspended" } else { "" };
    field(
        w,
        "Stage:",
        &format!("{} · {} card{suspended}", card.stage, card.kind),
    )?;
    if matches!(card.kind, CardKind::Sql | CardKind::Output) {
        // Code and program output are shown as written: a wrapped query or a wrapped line
        // of output would no longer be what runs or what prints.
        wrap::verbatim(w, "Front:   ", &sanitize(&card.front))?;
        wrap::verbatim(w, "Back:    ", &sanitize(&card.back))?;
    } else {
        field(w, "Front:", &sanitize(&card.front))?;
        field(w, "Back:", &sanitize(&card.back))?;
    }
    if !card.choices.is_empty() {
        let wrong: Vec<String> = card.choices.iter().map(|c| sanitize(c)).collect();
        field(w, "Wrong:", &wrong.join(" | "))?;
    }
    for (i, point) in card.key_points.iter().enumerate() {
        let label = if i == 0 { "Key:" } else { "" };
        let phrasings: Vec<String> = point.phrasings().iter().map(|p| sanitize(p)).collect();
        field(w, label, &phrasings.join(" | "))?;
    }
    if !card.note.is_empty() {
        field(w, "Note:", &sanitize(&card.note))?;
    }
    if let Some(db) = &card.sql.db {
        field(
            w,
            "Runs on:",
            &format!("the sample database `{}`", sanitize(db)),
        )?;
    }
    if let Some(ordered) = card.sql.ordered {
        let how = if ordered { "in order" } else { "in any order" };
        field(w, "Rows:", &format!("compared {how}"))?;
    }
    schedule_fields(w, &field, card, fsrs, today)?;
    if reviews.is_empty() {
        return Ok(());
    }
    writeln!(w, "History:")?;
    for r in reviews {
        let line = format!(
            "  {}  {}  q={}  {:>5.1}s",
            rfc3339(r.reviewed_at),
            r.mode.as_str(),
            r.quality,
            r.duration_ms as f64 / 1000.0,
        );
        // The answer takes what the line leaves (from 8 columns up); the rest is whole.
        let room = width.saturating_sub(display_width(&line) + 4);
        let answer = match r.answer.as_deref() {
            Some(a) if room >= 8 => format!("  “{}”", fit(&one_line(&sanitize(a)), room)),
            _ => String::new(),
        };
        writeln!(w, "{line}{answer}")?;
    }
    Ok(())
}

/// A card's schedule under `recall info`'s labels: its state, FSRS's memory under FSRS,
/// and when it is due.
fn schedule_fields(
    w: &mut dyn Write,
    field: &dyn Fn(&mut dyn Write, &str, &str) -> io::Result<()>,
    card: &Card,
    fsrs: Option<FsrsView>,
    today: Day,
) -> io::Result<()> {
    match card.state {
        None => field(w, "State:", "new (never answered)")?,
        Some(s) => {
            let lapses = if s.lapses == 1 { "lapse" } else { "lapses" };
            let reps = if s.reps == 1 { "rep" } else { "reps" };
            field(
                w,
                "State:",
                &format!(
                    "{} · {} {reps} · EF {:.2} · interval {}d · {} {lapses}",
                    if s.mastered { "mastered" } else { "learning" },
                    s.reps,
                    sm2::ef_decimal(s.memory.ease),
                    s.interval_days,
                    s.lapses
                ),
            )?;
            if let Some(f) = fsrs {
                field(
                    w,
                    "FSRS:",
                    &format!(
                        "stability {:.1}d · difficulty {:.1} · retrievability {:.0}% today",
                        f.stability,
                        f.difficulty,
                        f.retrievability * 100.0
                    ),
                )?;
            }
            field(
                w,
                "Due:",
                &format!(
                    "{} ({})",
                    format_day(s.due_day),
                    relative_day(s.due_day, today)
                ),
            )?;
        }
    }
    Ok(())
}

/// An id split after its `/`s into lines of at most `width` columns where it can be (a
/// part longer than the line stays whole).
fn id_lines(id: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for part in id.split_inclusive('/') {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && display_width(last) + display_width(part) > width {
            lines.push(part.to_string());
        } else {
            last.push_str(part);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::id_lines;

    #[test]
    fn long_ids_break_after_slashes() {
        assert_eq!(
            id_lines("traditional-machine-learning/q/gradient-boosting", 32),
            vec!["traditional-machine-learning/q/", "gradient-boosting"]
        );
        assert_eq!(id_lines("short/id", 32), vec!["short/id"]);
    }
}
