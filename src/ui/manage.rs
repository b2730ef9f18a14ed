//! Managing cards on screen: the trash listing and the question asked before deleting.

use std::io::{self, BufRead, Write};

use chrono::DateTime;

use super::Palette;
use super::table::{Column, Grid};
use crate::core::text::{one_line, sanitize};
use crate::store::TrashedCard;

/// "1 card", "3 cards".
#[must_use]
pub fn cards(n: usize) -> String {
    super::session::count(n, "card")
}

/// Card ids for a message, sanitised: up to ten, then how many more.
#[must_use]
pub fn id_list(ids: &[String]) -> String {
    const SHOWN: usize = 10;
    let mut list: Vec<String> = ids.iter().take(SHOWN).map(|g| sanitize(g)).collect();
    if ids.len() > SHOWN {
        list.push(format!("and {} more", ids.len() - SHOWN));
    }
    list.join(", ")
}

/// Asks a yes/no question on the terminal; only `y` or `yes` is a yes (Enter is no).
pub fn confirm(w: &mut dyn Write, input: &mut dyn BufRead, question: &str) -> io::Result<bool> {
    write!(w, "{} [y/N] ", sanitize(question))?;
    w.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Shows what is wrong with an edited file and asks whether to reopen the editor on it
/// (`y`); no, or the end of the input, gives up.
pub fn ask_reopen(w: &mut dyn Write, input: &mut dyn BufRead, problem: &str) -> io::Result<bool> {
    writeln!(w, "{}", sanitize(problem))?;
    if input.fill_buf()?.is_empty() {
        return Ok(false);
    }
    confirm(w, input, "Reopen the editor to fix it?")
}

/// The trash, most recently deleted first, fitted to `width` columns: the deck and the
/// front are shortened (then left out) before an id or a number is cut.
pub fn trash(
    w: &mut dyn Write,
    p: &Palette,
    cards_in: &[TrashedCard],
    width: usize,
) -> io::Result<()> {
    if cards_in.is_empty() {
        return writeln!(w, "The trash is empty.");
    }
    let mut t = Grid::new(vec![
        Column::id("id"),
        Column::text("deck", 6).optional(2),
        Column::id("deleted").optional(1),
        Column::number("answers"),
        Column::text("front", 12),
    ]);
    for c in cards_in {
        let when = DateTime::from_timestamp_millis(c.trashed_at)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        t.row(vec![
            sanitize(&c.id),
            sanitize(crate::core::model::short_deck_name(&c.deck)),
            when,
            c.reviews.to_string(),
            one_line(&sanitize(&c.front)),
        ]);
    }
    t.render(w, p.enabled, width)?;
    let summary = format!(
        "{} in the trash; `recall trash restore ID…` (or `--all`) brings them back, `recall trash empty` deletes them for good",
        cards(cards_in.len())
    );
    super::wrap::block(w, &summary, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_id_lists_are_cut_after_ten() {
        let ids: Vec<String> = (1..=12).map(|i| format!("c{i}")).collect();
        assert_eq!(
            id_list(&ids),
            "c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, and 2 more"
        );
        assert_eq!(id_list(&ids[..2]), "c1, c2");
        assert_eq!(cards(1), "1 card");
        assert_eq!(cards(0), "0 cards");
    }

    #[test]
    fn only_yes_reopens_the_editor() {
        let ask = |input: &str| {
            let mut w = Vec::new();
            let yes = ask_reopen(&mut w, &mut input.as_bytes(), "f:2: bad \u{1b}[31m").unwrap();
            (yes, String::from_utf8(w).unwrap())
        };
        assert_eq!(
            ask("y\n"),
            (
                true,
                "f:2: bad \nReopen the editor to fix it? [y/N] ".to_string()
            )
        );
        assert!(!ask("\n").0);
        assert!(!ask("no\n").0);
        assert_eq!(
            ask(""),
            (false, "f:2: bad \n".to_string()),
            "no input gives up"
        );
    }
}
