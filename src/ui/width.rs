//! How wide the screen is: the terminal's width, 80 columns in a pipe, or `COLUMNS` when
//! set (what shells export, and how tests render every screen at a chosen width).

/// Columns when nothing says otherwise (a pipe, or a terminal that does not tell).
pub const DEFAULT: usize = 80;
/// Below this nothing can be laid out; a smaller `COLUMNS` is taken as this.
pub const MIN: usize = 20;

/// The width to lay screens out at. `COLUMNS` wins when it is a number (so a pipe can ask
/// for a width); else the terminal's width on a terminal, else 80.
#[must_use]
pub fn screen_width(is_terminal: bool) -> usize {
    if let Some(cols) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return cols.max(MIN);
    }
    if is_terminal && let Some((w, _)) = terminal_size::terminal_size() {
        return usize::from(w.0).max(MIN);
    }
    DEFAULT
}
