//! Tables: `Grid`, laid out to the screen's width (text shortened with `…`, optional
//! columns left out, ids and numbers never cut), and comfy-table's for result sets. No
//! borders, a rule under the header (Unicode when decoration is on, ASCII otherwise).

use std::io::{self, Write};

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};

use crate::core::text::{display_width, pad};

/// A table with a header row, fitted to `width` columns when given (a terminal);
/// without a width (a pipe) rows are never wrapped.
#[must_use]
pub fn table(header: &[&str], unicode: bool, width: Option<u16>) -> Table {
    let rule = if unicode { '─' } else { '-' };
    let mut t = Table::new();
    t.load_style(TableStyle::new().header_separator(LineStyle::none().fill(rule).junction(rule)));
    if let Some(w) = width {
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_width(w);
    }
    t.set_header(header.iter().copied());
    t
}

/// How a column of a [`Grid`] gives way when the screen is narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never shortened: ids, numbers, dates. Right-aligned when `right`.
    Whole { right: bool },
    /// Text shortened with `…` down to `min` columns.
    Text { min: usize },
}

/// A column: its header, how it fits, and when it may be left out on a narrow screen
/// (`drop`: lower goes first; `None`: always shown).
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub header: &'a str,
    pub fit: Fit,
    pub drop: Option<u8>,
}

impl<'a> Column<'a> {
    #[must_use]
    pub fn id(header: &'a str) -> Self {
        Column {
            header,
            fit: Fit::Whole { right: false },
            drop: None,
        }
    }

    #[must_use]
    pub fn number(header: &'a str) -> Self {
        Column {
            header,
            fit: Fit::Whole { right: true },
            drop: None,
        }
    }

    #[must_use]
    pub fn text(header: &'a str, min: usize) -> Self {
        Column {
            header,
            fit: Fit::Text { min },
            drop: None,
        }
    }

    /// This column may be left out when the screen is too narrow (lower `order` first).
    #[must_use]
    pub fn optional(self, order: u8) -> Self {
        Column {
            drop: Some(order),
            ..self
        }
    }
}

/// Gap between columns.
const GAP: usize = 2;

/// A table laid out to a width: text columns are shortened with `…` and optional
/// columns left out until the rows fit; ids and numbers are never cut. Cells are
/// printed as given (sanitise them first).
pub struct Grid<'a> {
    layout: Layout<'a>,
    rows: Vec<Vec<String>>,
}

impl<'a> Grid<'a> {
    #[must_use]
    pub fn new(columns: Vec<Column<'a>>) -> Self {
        Grid {
            layout: Layout::new(columns),
            rows: Vec::new(),
        }
    }

    /// Adds a row of one cell per column.
    pub fn row(&mut self, cells: Vec<String>) {
        self.layout.measure(&cells);
        self.rows.push(cells);
    }

    /// Each column's width when the table is laid out to `width`, `None` for a column
    /// left out.
    #[must_use]
    pub fn widths(&self, width: usize) -> Vec<Option<usize>> {
        self.layout.widths(width)
    }

    /// The header, a rule and the rows, laid out to `width`; `unicode` picks the rule.
    pub fn render(&self, w: &mut dyn Write, unicode: bool, width: usize) -> io::Result<()> {
        let widths = self.layout.widths(width);
        self.layout.header(w, unicode, &widths)?;
        for row in &self.rows {
            self.layout.line(w, row, &widths)?;
        }
        Ok(())
    }
}

/// A `Grid`'s layout without its rows: what each column needs, measured row by row. A
/// long listing is laid out in two passes over its rows (measure every row, then print
/// each), so it never holds them all.
pub struct Layout<'a> {
    columns: Vec<Column<'a>>,
    /// The widest cell of each column so far (its header to begin with).
    natural: Vec<usize>,
    /// Whether any cell of each column has text.
    filled: Vec<bool>,
}

impl<'a> Layout<'a> {
    #[must_use]
    pub fn new(columns: Vec<Column<'a>>) -> Self {
        Layout {
            natural: columns.iter().map(|c| display_width(c.header)).collect(),
            filled: vec![false; columns.len()],
            columns,
        }
    }

    /// Takes a row's cells into account.
    pub fn measure(&mut self, cells: &[String]) {
        for ((natural, filled), cell) in self.natural.iter_mut().zip(&mut self.filled).zip(cells) {
            *natural = (*natural).max(display_width(cell));
            *filled |= !cell.is_empty();
        }
    }

    /// Each column's width when the rows measured are laid out to `width`, `None` for a
    /// column left out.
    #[must_use]
    pub fn widths(&self, width: usize) -> Vec<Option<usize>> {
        let mut widths: Vec<Option<usize>> = self
            .columns
            .iter()
            .zip(&self.natural)
            .zip(&self.filled)
            // An optional column with nothing in it (no card has an interval yet) is left out.
            .map(|((c, &n), &filled)| (c.drop.is_none() || filled).then_some(n))
            .collect();
        loop {
            let used = total(&widths);
            if used <= width {
                return widths;
            }
            if self.shrink_text(&mut widths, used - width) {
                continue;
            }
            // Nothing left to shorten: leave out the first optional column still shown.
            let next = self
                .columns
                .iter()
                .enumerate()
                .filter(|(i, c)| c.drop.is_some() && widths[*i].is_some())
                .min_by_key(|(_, c)| c.drop)
                .map(|(i, _)| i);
            match next {
                Some(i) => {
                    widths[i] = None;
                    // A column given back may let text columns grow again.
                    for (j, c) in self.columns.iter().enumerate() {
                        if let (Fit::Text { .. }, Some(_)) = (c.fit, widths[j]) {
                            widths[j] = Some(self.natural[j]);
                        }
                    }
                }
                // Ids and numbers alone are wider than the screen: they stay whole.
                None => return widths,
            }
        }
    }

    /// Takes up to `excess` columns from the widest text column above its minimum; false
    /// when every text column is at its minimum.
    fn shrink_text(&self, widths: &mut [Option<usize>], excess: usize) -> bool {
        let widest = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match (c.fit, widths[i]) {
                (Fit::Text { min }, Some(w)) if w > min => Some((i, w, min)),
                _ => None,
            })
            .max_by_key(|&(_, w, _)| w);
        let Some((i, w, min)) = widest else {
            return false;
        };
        widths[i] = Some(w - excess.min(w - min));
        true
    }

    /// The header and a rule under it; `unicode` picks the rule.
    pub fn header(
        &self,
        w: &mut dyn Write,
        unicode: bool,
        widths: &[Option<usize>],
    ) -> io::Result<()> {
        let header: Vec<String> = self.columns.iter().map(|c| c.header.to_string()).collect();
        self.line(w, &header, widths)?;
        let rule = if unicode { "─" } else { "-" };
        let rules: Vec<String> = widths.iter().map(|c| rule.repeat(c.unwrap_or(0))).collect();
        self.line(w, &rules, widths)
    }

    /// One row laid out to `widths`.
    pub fn line(
        &self,
        w: &mut dyn Write,
        cells: &[String],
        widths: &[Option<usize>],
    ) -> io::Result<()> {
        let mut out = String::new();
        let shown = self
            .columns
            .iter()
            .zip(cells)
            .zip(widths)
            .filter_map(|((c, cell), width)| width.map(|wd| (c, cell, wd)));
        for (n, (column, cell, width)) in shown.enumerate() {
            if n > 0 {
                out.push_str(&" ".repeat(GAP));
            }
            let cell = match column.fit {
                Fit::Whole { right: true } => {
                    let pad = width.saturating_sub(display_width(cell));
                    format!("{}{cell}", " ".repeat(pad))
                }
                Fit::Whole { right: false } => {
                    let pad = width.saturating_sub(display_width(cell));
                    format!("{cell}{}", " ".repeat(pad))
                }
                Fit::Text { .. } => pad(cell, width),
            };
            out.push_str(&cell);
        }
        writeln!(w, "{}", out.trim_end())
    }
}

fn total(widths: &[Option<usize>]) -> usize {
    let shown: Vec<usize> = widths.iter().flatten().copied().collect();
    shown.iter().sum::<usize>() + GAP * shown.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(g: &Grid<'_>, width: usize) -> String {
        let mut out = Vec::new();
        g.render(&mut out, false, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Grid<'static> {
        let mut g = Grid::new(vec![
            Column::id("Id"),
            Column::text("Deck", 4).optional(1),
            Column::number("Due"),
            Column::text("Front", 8),
        ]);
        g.row(vec![
            "python/definition".into(),
            "Python Programming".into(),
            "12".into(),
            "What is Python used for in data engineering?".into(),
        ]);
        g
    }

    #[test]
    fn a_wide_screen_shows_everything() {
        assert_eq!(
            render(&sample(), 120),
            "Id                 Deck                Due  Front\n\
             -----------------  ------------------  ---  --------------------------------------------\n\
             python/definition  Python Programming   12  What is Python used for in data engineering?\n"
        );
    }

    #[test]
    fn text_gives_way_first_then_optional_columns_ids_never() {
        // 17 + 2 + 18 + 2 + 3 + 2 + 44 = 88: the front loses 8 columns.
        let at80 = render(&sample(), 80);
        assert!(at80.lines().all(|l| l.chars().count() <= 80), "{at80}");
        assert!(at80.contains(
            "python/definition  Python Programming   12  What is Python used for in data eng…"
        ));
        // At 40 the front is at its minimum (8), the deck takes the rest:
        // 17 + 2 + 6 + 2 + 3 + 2 + 8 = 40.
        let at40 = render(&sample(), 40);
        assert!(
            at40.contains("python/definition  Pytho…   12  What is…"),
            "{at40}"
        );
        // At 30 the deck is left out: 17 + 2 + 3 + 2 + 8 = 32 > 30, yet the id stays whole.
        let at30 = render(&sample(), 30);
        assert!(at30.contains("python/definition   12  What is…"), "{at30}");
    }
}
