//! Prose fitted to the screen: card text, notes and messages wrapped at word boundaries
//! (`textwrap`), each line of the text on its own and keeping its indentation, so a list
//! or a code line stays indented when it wraps.

use std::io::{self, Write};

use crate::core::text::display_width;

/// `text` (already sanitised) as lines of at most `width` columns. Each of its lines is
/// wrapped on its own; a wrapped line keeps the leading spaces of the line it came from.
/// A word longer than the line is broken (a URL), never dropped.
#[must_use]
pub fn lines(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.lines() {
        let body = line.trim_start();
        if body.is_empty() {
            out.push(String::new());
            continue;
        }
        let indent = &line[..line.len() - body.len()];
        // Tabs would be measured as nothing and shown as up to eight columns.
        let indent = indent.replace('\t', "    ");
        let room = width.saturating_sub(display_width(&indent)).max(8);
        let options = textwrap::Options::new(room).break_words(true);
        for piece in textwrap::wrap(body.trim_end(), options) {
            out.push(format!("{indent}{piece}"));
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Writes `text` wrapped to `width`, after `label` on the first line (`label_cols` its
/// width in columns, colour codes aside) and under it, indented by as much, on the others.
pub fn labelled(
    w: &mut dyn Write,
    label: &str,
    label_cols: usize,
    text: &str,
    width: usize,
) -> io::Result<()> {
    let indent = " ".repeat(label_cols);
    for (i, line) in lines(text, width.saturating_sub(label_cols))
        .iter()
        .enumerate()
    {
        let lead = if i == 0 { label } else { indent.as_str() };
        let line = format!("{lead}{line}");
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes `text` unwrapped after `label`, its other lines indented under the label: for
/// code and program output, whose lines mean what they say only as written.
pub fn verbatim(w: &mut dyn Write, label: &str, text: &str) -> io::Result<()> {
    let indent = " ".repeat(display_width(label));
    for (i, line) in text.lines().enumerate() {
        let lead = if i == 0 { label } else { indent.as_str() };
        writeln!(w, "{}", format!("{lead}{line}").trim_end())?;
    }
    Ok(())
}

/// Writes `text` wrapped to `width`, flush left.
pub fn block(w: &mut dyn Write, text: &str, width: usize) -> io::Result<()> {
    labelled(w, "", 0, text, width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_keeps_every_line_as_written() {
        let mut out = Vec::new();
        let query = "SELECT c.customer_id, c.name FROM customers c WHERE NOT EXISTS (SELECT 1)\n  FROM orders;";
        verbatim(&mut out, "Back:    ", query).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Back:    SELECT c.customer_id, c.name FROM customers c WHERE NOT EXISTS (SELECT 1)\n           FROM orders;\n"
        );
    }

    #[test]
    fn words_are_never_cut_and_indentation_is_kept() {
        let text = "A high-level programming language for general-purpose work\n  - an indented list item that goes on and on";
        assert_eq!(
            lines(text, 30),
            vec![
                "A high-level programming",
                "language for general-purpose",
                "work",
                "  - an indented list item that",
                "  goes on and on",
            ]
        );
    }

    #[test]
    fn a_label_hangs_over_the_wrapped_lines() {
        let mut out = Vec::new();
        labelled(&mut out, "Answer: ", 8, "one two three four five six", 20).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Answer: one two\n        three four\n        five six\n"
        );
    }

    #[test]
    fn blank_lines_stay() {
        assert_eq!(lines("a\n\nb", 10), vec!["a", "", "b"]);
    }

    #[test]
    fn colour_codes_take_no_room() {
        let red = "\u{1b}[31m";
        let reset = "\u{1b}[0m";
        let text = format!("{red}aaaa{reset} bbbb cccc");
        let got = lines(&text, 9);
        assert_eq!(
            got,
            vec![format!("{red}aaaa{reset} bbbb"), "cccc".to_string()]
        );
    }
}
