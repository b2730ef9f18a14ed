//! Deck file formats: pure parsers and writers from text to `DeckDraft`s and back.

pub mod guide;
pub mod native;

use std::fmt;

/// One thing wrong with an input file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; `None` when the problem is about the file as a whole.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found in the inputs; reported together so one run shows them all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

/// At most this many problems are listed; the rest are counted.
pub const MAX_PROBLEMS_SHOWN: usize = 20;

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().take(MAX_PROBLEMS_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.0.len() > MAX_PROBLEMS_SHOWN {
            write!(
                f,
                "\n… and {} more problems",
                self.0.len() - MAX_PROBLEMS_SHOWN
            )?;
        }
        Ok(())
    }
}

impl Problems {
    pub fn one(file: &str, line: Option<usize>, message: impl Into<String>) -> Problems {
        Problems(vec![Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        }])
    }
}

/// The 1-based line of a byte offset in `text` (for a one-off lookup; see `Lines`).
pub fn line_of(text: &str, offset: usize) -> usize {
    Lines::new(text).line(offset)
}

/// Line numbers of byte offsets in one text, found by binary search over the line starts,
/// so that locating every card of a big file stays linear.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Lines { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// A lowercase ASCII slug: `TensorFlow / PyTorch` → `tensorflow-pytorch`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A card id for cards whose file gives none: the deck's slug and a stable hash of the
/// front, so re-importing the same file finds the same cards.
pub fn derived_guid(deck: &str, front: &str) -> String {
    // FNV-1a: tiny, stable across versions and platforms, which is all an id needs.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in crate::core::grade::normalize(front).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let prefix = slug(deck.rsplit("::").next().unwrap_or(deck));
    format!("{prefix}/{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_ascii() {
        assert_eq!(slug("TensorFlow / PyTorch"), "tensorflow-pytorch");
        assert_eq!(
            slug("Fine-Tuning Large Language Models (LLMs)"),
            "fine-tuning-large-language-models-llms"
        );
        assert_eq!(slug("  SQL  "), "sql");
    }

    #[test]
    fn derived_guids_ignore_case_and_spacing() {
        assert_eq!(
            derived_guid("A::Spanish", "Hola?"),
            derived_guid("A::Spanish", " hola ")
        );
        assert_ne!(
            derived_guid("A::Spanish", "Hola"),
            derived_guid("A::Spanish", "Adios")
        );
        assert!(derived_guid("A::Spanish", "x").starts_with("spanish/"));
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn long_problem_lists_are_cut() {
        let ps = Problems(
            (0..25)
                .map(|i| Problem {
                    file: "f".into(),
                    line: Some(i),
                    message: "m".into(),
                })
                .collect(),
        );
        let text = ps.to_string();
        assert_eq!(text.lines().count(), 21);
        assert!(text.ends_with("… and 5 more problems"));
    }
}
