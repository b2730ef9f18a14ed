//! Plain output: a line of text, JSON, or bytes as they are, on standard output. Commands
//! with no screen of their own say what they did through these.

use std::fmt::Display;
use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as pretty JSON followed by a newline.
pub fn json(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)
}

/// `json` on standard output.
pub fn print_json(value: &impl Serialize) -> io::Result<()> {
    json(&mut io::stdout().lock(), value)
}

/// One line on standard output.
pub fn line(text: impl Display) -> io::Result<()> {
    writeln!(io::stdout().lock(), "{text}")
}

/// Bytes on standard output, as they are (an export piped elsewhere).
pub fn bytes(data: &[u8]) -> io::Result<()> {
    io::stdout().lock().write_all(data)
}

/// `label` and its description wrapped beside it, or under it (indented) when the label
/// leaves the description too little room.
pub fn described(w: &mut dyn Write, label: &str, text: &str, width: usize) -> io::Result<()> {
    let cols = crate::core::text::display_width(label);
    if cols + 24 <= width {
        super::wrap::labelled(w, label, cols, text, width)
    } else {
        writeln!(w, "{}", label.trim_end())?;
        super::wrap::labelled(w, "    ", 4, text, width)
    }
}
