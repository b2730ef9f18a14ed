//! Tables for listings, drawn with comfy-table: no borders, a rule under the header
//! (Unicode when decoration is on, ASCII otherwise).

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};

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
