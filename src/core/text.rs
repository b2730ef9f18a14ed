//! Untrusted text made safe to print: escape sequences, control characters and bidi overrides removed.

/// Removes terminal escape sequences (CSI, OSC, DCS and the rest), C0/C1 control
/// characters other than newline and tab, and bidirectional overrides, so that card
/// text from a file can never move the cursor, retitle the window or reorder a line.
/// Carriage returns become newlines (a lone `\r` would overwrite the line).
#[must_use]
pub fn sanitize(input: &str) -> String {
    if input.chars().all(|c| !needs_cleaning(c)) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 introducers of the same sequences, as single code points.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if is_stripped(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn needs_cleaning(c: char) -> bool {
    c == '\u{1b}' || c == '\r' || is_stripped(c)
}

fn is_stripped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder
/// how the rest of the line is displayed (the "Trojan Source" trick).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: a CSI (`ESC [`), a string sequence (OSC `ESC ]`, DCS `ESC P`, SOS, PM,
/// APC) or a two-character sequence; all are dropped whole.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // nF sequences: intermediates 0x20–0x2F, then one final byte.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next();
        }
        _ => {}
    }
}

/// Parameters and intermediates (0x20–0x3F), then a final byte (0x40–0x7E).
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            // Malformed: stop at the first byte that cannot belong to the sequence.
            break;
        }
    }
}

/// Up to BEL, ST (`ESC \`) or the C1 ST; an unterminated string runs to the end of input.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// Collapses all runs of whitespace (newlines included) into single spaces.
#[must_use]
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Shortens to at most `max` characters, ending with `…` when cut.
#[must_use]
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The columns a string takes in a terminal (wide CJK characters take two).
#[must_use]
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Shortens to at most `cols` terminal columns, ending with `…` when cut. A number is
/// never left before the `…` (`in 20…` could be read as 20): the cut backs off to the
/// space before it, when there is one.
#[must_use]
pub fn fit(s: &str, cols: usize) -> String {
    if display_width(s) <= cols {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > cols {
            break;
        }
        out.push(c);
        used += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    if out.ends_with(|c: char| c.is_ascii_digit())
        && let Some(space) = out.rfind(char::is_whitespace)
    {
        out.truncate(space);
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
    }
    if cols > 0 {
        out.push('…');
    }
    out
}

/// `fit`, then padded with spaces to exactly `cols` columns.
#[must_use]
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = display_width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_colour_and_cursor_sequences() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m text"), "red text");
        assert_eq!(sanitize("a\u{1b}[2J\u{1b}[Hb"), "ab");
    }

    #[test]
    fn two_character_and_nf_sequences_take_only_their_own_characters() {
        // ESC 7 (save the cursor) is two characters; the `b` after it is text.
        assert_eq!(sanitize("a\u{1b}7bc"), "abc");
        // ESC ( B (a character set): an intermediate, then the final byte.
        assert_eq!(sanitize("a\u{1b}(Bbc"), "abc");
        assert_eq!(sanitize("a\u{1b} !Fbc"), "abc");
    }

    #[test]
    fn strips_osc_titles_and_hyperlinks() {
        assert_eq!(sanitize("\u{1b}]0;pwned\u{7}title"), "title");
        assert_eq!(
            sanitize("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\"),
            "link"
        );
    }

    #[test]
    fn strips_controls_and_bidi_but_keeps_text() {
        assert_eq!(sanitize("a\u{7}b\u{0}c\u{8}d"), "abcd");
        assert_eq!(sanitize("x\u{202e}gnp.exe"), "xgnp.exe");
        assert_eq!(
            sanitize("line1\r\nline2\rline3\ttab"),
            "line1\nline2\nline3\ttab"
        );
        assert_eq!(sanitize("naïve café — 日本語"), "naïve café — 日本語");
    }

    #[test]
    fn c1_csi_is_stripped() {
        assert_eq!(sanitize("a\u{9b}31mb"), "ab");
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("héllo world", 5), "héll…");
        assert_eq!(truncate("short", 10), "short");
    }

    #[test]
    fn fits_and_pads_by_terminal_columns() {
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(display_width(&fit("日本語テキスト", 7)), 7);
        assert_eq!(fit("short", 10), "short");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "");
        // A number is never shown cut.
        assert_eq!(fit("ratings from 1 to 500 stars", 19), "ratings from 1 to…");
        assert_eq!(fit("the year 2024", 11), "the year…");
        assert_eq!(fit("what does `-7 // 2` give", 14), "what does…");
    }

    proptest! {
        #[test]
        fn fit_never_exceeds_the_columns(s in "\\PC{0,40}", cols in 0usize..30) {
            prop_assert!(display_width(&fit(&s, cols)) <= cols);
            prop_assert_eq!(display_width(&pad(&s, cols)), cols);
        }

        #[test]
        fn output_never_holds_escape_or_controls(s in any::<String>()) {
            let clean = sanitize(&s);
            let bad = clean.chars().any(|c| c == '\u{1b}' || c == '\r'
                || (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c));
            prop_assert!(!bad, "{:?}", clean);
        }

        #[test]
        fn sanitize_is_idempotent(s in any::<String>()) {
            let once = sanitize(&s);
            prop_assert_eq!(sanitize(&once), once.clone());
        }
    }
}
