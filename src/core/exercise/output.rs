//! "What does this print?": a typed answer compared with the stored output line by line,
//! after trimming trailing spaces and the blank lines around it.

/// How a typed output compares with the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputCheck {
    pub expected: Vec<String>,
    pub got: Vec<String>,
    /// The first line (0-based) where they differ; `None` when they are the same.
    pub first_difference: Option<usize>,
}

impl OutputCheck {
    #[must_use]
    pub fn right(&self) -> bool {
        self.first_difference.is_none()
    }
}

/// Compares a typed answer with the expected output.
#[must_use]
pub fn check(expected: &str, typed: &str) -> OutputCheck {
    let expected = lines(expected);
    let got = lines(typed);
    let first_difference = if expected == got {
        None
    } else {
        Some(
            expected
                .iter()
                .zip(&got)
                .position(|(e, g)| e != g)
                .unwrap_or_else(|| expected.len().min(got.len())),
        )
    };
    OutputCheck {
        expected,
        got,
        first_difference,
    }
}

/// The lines of an output, each without trailing spaces, without the blank lines before
/// the first and after the last.
#[must_use]
pub fn lines(text: &str) -> Vec<String> {
    let all: Vec<&str> = text.lines().map(str::trim_end).collect();
    let start = all.iter().position(|l| !l.is_empty()).unwrap_or(all.len());
    let end = all
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    all[start..end].iter().map(|l| (*l).to_string()).collect()
}

/// An answer typed on one line (pipe mode) as the lines it stands for: `\n` separates
/// lines and `\\` is a backslash; any other backslash is kept as typed.
#[must_use]
pub fn unescape_line(typed: &str) -> String {
    let mut out = String::with_capacity(typed.len());
    let mut chars = typed.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\\') | None => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_spaces_and_surrounding_blank_lines_do_not_count() {
        let c = check("[1]\n[1, 2]", "\n[1]   \n[1, 2]\t\n\n");
        assert!(c.right(), "{c:?}");
        assert_eq!(c.got, ["[1]", "[1, 2]"]);
    }

    #[test]
    fn leading_spaces_blank_lines_inside_and_case_do_count() {
        assert_eq!(check("a\nb", " a\nb").first_difference, Some(0));
        assert_eq!(check("a\n\nb", "a\nb").first_difference, Some(1));
        assert_eq!(check("True", "true").first_difference, Some(0));
    }

    #[test]
    fn a_missing_or_extra_line_is_the_first_difference() {
        assert_eq!(check("1\n2\n3", "1\n2").first_difference, Some(2));
        assert_eq!(check("1", "1\n2").first_difference, Some(1));
        assert_eq!(check("1", "").first_difference, Some(0));
    }

    #[test]
    fn one_line_answers_spell_newlines_as_backslash_n() {
        assert_eq!(unescape_line(r"[1]\n[1, 2]"), "[1]\n[1, 2]");
        assert_eq!(unescape_line(r"'a\\nb'"), r"'a\nb'");
        assert_eq!(unescape_line(r"C:\temp\"), r"C:\temp\");
        assert!(check("0\n1", &unescape_line(r"0\n1")).right());
    }
}
