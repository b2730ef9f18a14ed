//! `recall search`'s screen: each card found with its id, place and state, and an excerpt
//! with the matched words highlighted (in colour only: without colour the excerpt is plain).

use std::io::{self, Write};

use serde::Serialize;

use super::Palette;
use super::cards::due_text;
use crate::core::day::Day;
use crate::core::model::short_deck_name;
use crate::core::text::{display_width, one_line, sanitize};
use crate::store::{Found, Hit, MARK_END, MARK_START};

/// Excerpts are indented under their card's line.
const INDENT: &str = "    ";

/// The hits, two lines each, fitted to `width` columns; then how many were found.
pub fn render(
    w: &mut dyn Write,
    p: &Palette,
    found: &Found,
    today: Day,
    width: usize,
) -> io::Result<()> {
    if found.hits.is_empty() {
        return writeln!(w, "No cards match.");
    }
    for hit in &found.hits {
        writeln!(w, "{}", head(p, hit, today, width))?;
        let excerpt = excerpt_text(hit);
        let room = width.saturating_sub(INDENT.len());
        writeln!(w, "{INDENT}{}", highlight(p, &fit_marked(&excerpt, room)))?;
    }
    let shown = found.hits.len();
    let total = found.total;
    let matched = if total == 1 {
        "1 card matches".to_string()
    } else {
        format!("{total} cards match")
    };
    let line = if shown < total {
        format!("{matched}; the first {shown} shown (--limit N shows more).")
    } else {
        format!("{matched}.")
    };
    super::wrap::block(w, &line, width)
}

/// `python/definition  #12  Python · 1 · due`: the id and number whole, the deck shortened
/// to what the line leaves. An id that leaves no room is left out (the number, which every
/// command takes as well, never is).
fn head(p: &Palette, hit: &Hit, today: Day, width: usize) -> String {
    let card = &hit.card;
    let id = sanitize(&card.guid);
    let number = format!("#{}", card.id.0);
    let tail = format!(" · {} · {}", card.stage.number(), due_text(card, today));
    let deck = sanitize(short_deck_name(&card.deck));
    let base = display_width(&number) + 2 + display_width(&tail);
    let with_id = base + display_width(&id) + 2;
    let (id, room) = if with_id + 4 <= width {
        (Some(id), width - with_id)
    } else {
        (None, width.saturating_sub(base))
    };
    let place = if room >= 4 {
        format!("{}{tail}", crate::core::text::fit(&deck, room))
    } else {
        tail.trim_start_matches(" · ").to_string()
    };
    match id {
        Some(id) => format!("{}  {}  {place}", p.bold(&id), p.dim(&number)),
        None => format!("{}  {place}", p.bold(&number)),
    }
}

/// The excerpt the index made, or the front when the query had no words; on one line.
fn excerpt_text(hit: &Hit) -> String {
    let text = hit.excerpt.as_deref().unwrap_or(&hit.card.front);
    one_line(&sanitize(text))
}

/// Shortens a marked excerpt to `cols` columns (markers take none), closing a highlight
/// the cut leaves open. When the first match lies beyond the first third of the line,
/// words before it are left out (`…` in their place), so the match stays in view.
#[must_use]
pub fn fit_marked(s: &str, cols: usize) -> String {
    if display_width(&unmarked(s)) <= cols {
        return s.to_string();
    }
    if let Some(at) = s.find(MARK_START) {
        if display_width(&unmarked(&s[..at])) > cols / 3 {
            // Drop whole words from the front until the match starts within the third.
            let keep_from = s[..at]
                .char_indices()
                .filter(|(_, c)| c.is_whitespace())
                .map(|(i, _)| i + 1)
                .find(|&i| display_width(&unmarked(&s[i..at])) < cols / 3)
                .unwrap_or(at);
            return fit_end(&format!("…{}", &s[keep_from..]), cols);
        }
    }
    fit_end(s, cols)
}

/// The text without its markers.
fn unmarked(s: &str) -> String {
    s.chars()
        .filter(|&c| c != MARK_START && c != MARK_END)
        .collect()
}

fn fit_end(s: &str, cols: usize) -> String {
    if display_width(&unmarked(s)) <= cols {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    let mut open = false;
    for c in s.chars() {
        match c {
            MARK_START => open = true,
            MARK_END => open = false,
            _ => {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if used + w + 1 > cols {
                    break;
                }
                used += w;
            }
        }
        out.push(c);
    }
    // As `text::fit`: no number left before the `…`.
    while out.ends_with(char::is_whitespace) {
        out.pop();
    }
    if unmarked(&out).ends_with(|c: char| c.is_ascii_digit())
        && let Some(space) = out.rfind(char::is_whitespace)
    {
        out.truncate(space);
        open = out.rfind(MARK_START) > out.rfind(MARK_END);
    }
    if open {
        out.push(MARK_END);
    }
    if cols > 0 {
        out.push('…');
    }
    out
}

/// Marked matches in colour; without colour the markers are dropped.
fn highlight(p: &Palette, s: &str) -> String {
    let mut out = String::new();
    let mut part = String::new();
    for c in s.chars() {
        match c {
            MARK_START => out.push_str(&std::mem::take(&mut part)),
            MARK_END => out.push_str(&p.yellow(&std::mem::take(&mut part))),
            c => part.push(c),
        }
    }
    out.push_str(&part);
    out
}

#[derive(Serialize)]
pub struct HitJson {
    pub id: String,
    pub number: i64,
    pub deck: String,
    pub stage: u8,
    pub kind: &'static str,
    pub state: String,
    pub front: String,
    /// The matching text around the words found, without markers.
    pub excerpt: String,
}

#[derive(Serialize)]
pub struct FoundJson {
    pub total: usize,
    pub cards: Vec<HitJson>,
}

#[must_use]
pub fn json(found: &Found, today: Day) -> FoundJson {
    FoundJson {
        total: found.total,
        cards: found
            .hits
            .iter()
            .map(|h| HitJson {
                id: h.card.guid.clone(),
                number: h.card.id.0,
                deck: h.card.deck.clone(),
                stage: h.card.stage.number(),
                kind: h.card.kind.as_str(),
                state: due_text(&h.card, today),
                front: h.card.front.clone(),
                excerpt: unmarked(&excerpt_text(h)),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_inside_a_highlight_closes_it() {
        let s = format!("a {MARK_START}gradient{MARK_END} step");
        assert_eq!(fit_marked(&s, 20), s);
        assert_eq!(fit_marked(&s, 6), format!("a {MARK_START}gra{MARK_END}…"));
    }

    #[test]
    fn a_late_match_is_brought_into_view() {
        let s = format!("one two three four five six {MARK_START}gradient{MARK_END} step by step");
        // 32 columns: the match must start within the first 10.
        assert_eq!(
            fit_marked(&s, 32),
            format!("…five six {MARK_START}gradient{MARK_END} step by step")
        );
    }

    #[test]
    fn highlights_are_colour_or_nothing() {
        let s = format!("a {MARK_START}b{MARK_END} c");
        assert_eq!(highlight(&Palette::PLAIN, &s), "a b c");
        let coloured = highlight(&Palette { enabled: true }, &s);
        assert!(coloured.contains("\u{1b}["), "{coloured:?}");
        assert!(!coloured.contains(MARK_START));
    }
}
