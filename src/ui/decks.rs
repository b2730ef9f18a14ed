//! `recall decks`' screen: the deck tree with new, due and total counts.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::Palette;
use super::table::{Column, Grid};
use crate::core::decks::in_path;
use crate::core::text::sanitize;
use crate::store::DeckSummary;

/// The tree as a table fitted to `width` columns (deck names shortened, counts whole),
/// then the totals.
pub fn render(
    w: &mut dyn Write,
    p: &Palette,
    decks: &[DeckSummary],
    width: usize,
) -> io::Result<()> {
    if decks.is_empty() {
        return writeln!(w, "No decks yet: `recall import FILE` adds one.");
    }
    let mut t = Grid::new(vec![
        Column::text("Deck", 8),
        Column::number("New"),
        Column::number("Due"),
        Column::number("Cards"),
    ]);
    for row in tree(decks) {
        let label = format!("{}{}", "  ".repeat(row.depth), sanitize(&row.label));
        t.row(vec![
            label,
            row.new.to_string(),
            row.due.to_string(),
            row.cards.to_string(),
        ]);
    }
    t.render(w, p.enabled, width)?;
    let total: u32 = decks.iter().map(|d| d.cards).sum();
    let due: u32 = decks.iter().map(|d| d.due).sum();
    let n = decks.len();
    writeln!(
        w,
        "{n} {}, {total} {}, {due} due today.",
        if n == 1 { "deck" } else { "decks" },
        if total == 1 { "card" } else { "cards" }
    )
}

/// One line of the deck tree: a deck or a parent path, with the counts of all beneath it.
#[derive(Debug, PartialEq, Eq)]
pub struct TreeRow {
    pub depth: usize,
    pub label: String,
    pub new: u32,
    pub due: u32,
    pub cards: u32,
}

/// Decks as an indented tree, parents summing their sub-decks, in name order.
#[must_use]
pub fn tree(decks: &[DeckSummary]) -> Vec<TreeRow> {
    // Keyed by components, so `A::X` sorts under `A` even when a sibling is named `A B`.
    let mut paths: BTreeSet<Vec<&str>> = BTreeSet::new();
    for d in decks {
        let parts: Vec<&str> = d.name.split("::").collect();
        for depth in 0..parts.len() {
            paths.insert(parts[..=depth].to_vec());
        }
    }
    paths
        .into_iter()
        .map(|parts| {
            let depth = parts.len() - 1;
            let path = parts.join("::");
            let under = decks.iter().filter(|d| in_path(&d.name, &path));
            let (mut new, mut due, mut cards) = (0, 0, 0);
            for d in under {
                new += d.new;
                due += d.due;
                cards += d.cards;
            }
            let label = path.rsplit("::").next().unwrap_or(&path).to_string();
            TreeRow {
                depth,
                label,
                new,
                due,
                cards,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(name: &str, new: u32, due: u32, cards: u32) -> DeckSummary {
        DeckSummary {
            id: 0,
            name: name.into(),
            description: String::new(),
            origin: "user".into(),
            level: 0,
            cards,
            new,
            due,
            suspended: 0,
            mastery: Default::default(),
        }
    }

    #[test]
    fn parents_sum_their_children() {
        let rows = tree(&[
            deck("A::X", 1, 2, 3),
            deck("A::Y", 10, 20, 30),
            deck("A B", 0, 0, 1),
        ]);
        let got: Vec<(usize, &str, u32)> = rows
            .iter()
            .map(|r| (r.depth, r.label.as_str(), r.cards))
            .collect();
        assert_eq!(
            got,
            vec![(0, "A", 33), (1, "X", 3), (1, "Y", 30), (0, "A B", 1)]
        );
        assert_eq!(rows[0].due, 22);
    }
}
