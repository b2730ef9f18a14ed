//! Typed-answer grading, to a suggested grade: by the card's key points when it has them
//! (`points`), else by the key terms of the reference answer, clause by clause (`terms`).
//! Words are compared folded and stemmed (`words`). Pure and fast: no allocation beyond
//! the answer's words, well under a millisecond an answer (`benches/engine.rs`).

mod points;
mod terms;
mod words;

pub use points::met as points_met;
pub use words::normalize;

use super::model::KeyPoint;
use super::schedule::Quality;

/// How a typed answer compares with what a good answer holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// 0.0 (nothing) to 1.0 (every key point, or every key term that full marks need).
    pub score: f64,
    pub suggested: Quality,
    /// Key points (by their first phrasing) or key terms the answer lacks, in order.
    pub missing: Vec<String>,
    /// Key points the answer meets, by their first phrasing (empty when graded by terms).
    pub met: Vec<String>,
    /// Number of key points (or terms) the answer holds, out of `terms`.
    pub matched: usize,
    pub terms: usize,
    /// Whether the card's key points graded it (else the reference's key terms).
    pub by_points: bool,
}

impl Assessment {
    /// The same assessment with its suggestion capped by the hints taken: one hint at
    /// most 3 (hard), two or more at most 2 — a hinted answer was not recalled unaided.
    #[must_use]
    pub fn with_hints(mut self, hints: usize) -> Assessment {
        let cap = match hints {
            0 => 5,
            1 => 3,
            _ => 2,
        };
        self.suggested = Quality::clamped(self.suggested.value().min(cap));
        self
    }
}

/// Words too common to show that an answer knows anything.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "but",
    "by",
    "can",
    "could",
    "do",
    "does",
    "e",
    "each",
    "eg",
    "etc",
    "for",
    "from",
    "g",
    "had",
    "has",
    "have",
    "how",
    "ie",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "like",
    "may",
    "more",
    "most",
    "much",
    "must",
    "not",
    "of",
    "on",
    "or",
    "other",
    "over",
    "same",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "up",
    "use",
    "used",
    "using",
    "very",
    "was",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
];

fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// The words of a reference answer that carry its meaning, deduplicated, with the
/// original spelling kept for display.
#[must_use]
pub fn key_terms(reference: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for raw in reference.split(|c: char| c.is_whitespace() || c == '/' || c == '-') {
        let shown = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let norm = normalize(shown).replace(' ', "");
        let meaningful = norm.chars().count() >= 3 || norm.chars().any(|c| c.is_ascii_digit());
        if norm.is_empty() || !meaningful || is_stopword(&norm) {
            continue;
        }
        if !out.iter().any(|(n, _)| *n == norm) {
            out.push((norm, shown.to_string()));
        }
    }
    out
}

/// Two words name the same thing when equal, when one inflects the other (a shared
/// prefix covering most of both: `manipulation`/`manipulating`), or when a long word
/// differs by a typo.
#[must_use]
pub fn same_word(term: &str, word: &str) -> bool {
    if term == word {
        return true;
    }
    let (tl, wl) = (term.chars().count(), word.chars().count());
    let common = term
        .chars()
        .zip(word.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let shorter = tl.min(wl);
    if shorter >= 4 && common >= 4 && common * 10 >= tl.max(wl) * 6 {
        return true;
    }
    tl >= 5 && strsim::normalized_levenshtein(term, word) >= 0.8
}

/// Grades a typed answer against the reference answer alone.
#[must_use]
pub fn assess(answer: &str, reference: &str) -> Assessment {
    assess_in_context(answer, reference, "")
}

/// Grades a typed answer against the reference answer, asked by `question`: terms the
/// question already shows (the `Python` of `What is Python?`) are not required.
#[must_use]
pub fn assess_in_context(answer: &str, reference: &str, question: &str) -> Assessment {
    terms::assess(answer, reference, question)
}

/// Grades a typed answer to a card: by its key points when it has any, else by the key
/// terms of `reference` (asked by `question`).
#[must_use]
pub fn assess_card(
    answer: &str,
    key_points: &[KeyPoint],
    reference: &str,
    question: &str,
) -> Assessment {
    if key_points.is_empty() {
        return assess_in_context(answer, reference, question);
    }
    let met = points_met(answer, key_points);
    let shown = |p: &KeyPoint| p.phrasings().first().cloned().unwrap_or_default();
    let matched = met.iter().filter(|m| **m).count();
    let total = key_points.len();
    let score = matched as f64 / total as f64;
    let suggested = if normalize(answer).is_empty() {
        Quality::clamped(0)
    } else {
        points_grade(matched, total)
    };
    Assessment {
        score,
        suggested,
        missing: key_points
            .iter()
            .zip(&met)
            .filter(|(_, m)| !**m)
            .map(|(p, _)| shown(p))
            .collect(),
        met: key_points
            .iter()
            .zip(&met)
            .filter(|(_, m)| **m)
            .map(|(p, _)| shown(p))
            .collect(),
        matched,
        terms: total,
        by_points: true,
    }
}

/// The grade `matched` of `total` key points suggest: 5 only for every one; three
/// quarters 4; half a bare pass (3); fewer a fail that was close (2) or not (1).
#[must_use]
pub fn points_grade(matched: usize, total: usize) -> Quality {
    let q = if total == 0 || matched == 0 {
        1
    } else if matched >= total {
        5
    } else if matched * 4 >= total * 3 {
        4
    } else if matched * 2 >= total {
        3
    } else {
        2
    };
    Quality::clamped(q)
}

/// The grade a key-term score suggests: all of it 5, most of it 4, half of it a bare pass.
#[must_use]
pub fn grade_for(score: f64) -> Quality {
    let q = if score >= 0.95 {
        5
    } else if score >= 0.75 {
        4
    } else if score >= 0.5 {
        3
    } else if score >= 0.3 {
        2
    } else {
        u8::from(score > 0.0)
    };
    Quality::clamped(q)
}

#[cfg(test)]
mod bank_tests;
