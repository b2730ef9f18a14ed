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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;

    #[test]
    fn key_terms_split_on_slashes_and_hyphens_and_skip_short_words() {
        let terms: Vec<String> = key_terms("an ML train/test split-sample in 2 steps")
            .into_iter()
            .map(|(_, shown)| shown)
            .collect();
        // `ML` has two letters and no digit; `2` is a digit, so it counts.
        assert_eq!(terms, ["train", "test", "split", "sample", "2", "steps"]);
    }

    #[test]
    fn a_shared_prefix_is_the_same_word_only_when_it_covers_most_of_both() {
        assert!(same_word("manipulation", "manipulating"));
        // "mani" is 4 of 12 letters: a different word.
        assert!(!same_word("manipulation", "manifesto"));
    }

    #[test]
    fn key_points_give_the_share_met_as_the_score() {
        let points = [
            KeyPoint(vec!["gradient".into()]),
            KeyPoint(vec!["learning rate".into()]),
        ];
        let a = assess_card("follow the gradient", &points, "", "");
        assert_eq!((a.score, a.matched, a.terms), (0.5, 1, 2));
        assert_eq!(a.missing, ["learning rate"]);
        assert_eq!(a.met, ["gradient"]);
    }

    #[test]
    fn points_grade_at_each_boundary() {
        let grades: Vec<u8> = [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4), (5, 8), (0, 0)]
            .into_iter()
            .map(|(m, t)| points_grade(m, t).value())
            .collect();
        assert_eq!(grades, [1, 2, 3, 4, 5, 3, 1]);
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_fast_path_agrees_with_the_unicode_one(s in "[ -~\t\n]{0,60}") {
            let slow: String = s
                .nfkd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(normalize(&s), slow);
        }
    }

    #[test]
    fn normalization_folds_case_accents_and_punctuation() {
        assert_eq!(normalize("  Café-au-LAIT!! "), "cafe au lait");
        assert_eq!(normalize("ﬁne"), "fine");
    }

    #[test]
    fn exact_answers_score_five_and_empty_zero() {
        let a = assess("python", "Python");
        assert_eq!(a.suggested.value(), 5);
        assert_eq!(assess("", "Python").suggested.value(), 0);
        assert_eq!(assess("   ", "Python").score, 0.0);
    }

    #[test]
    fn typos_in_short_answers_keep_most_credit() {
        let a = assess("Kubernets", "Kubernetes");
        assert!(a.suggested.value() >= 4, "{a:?}");
    }

    #[test]
    fn missing_terms_are_listed_in_order() {
        let a = assess(
            "select and joins",
            "Learn basic SQL commands, SELECT queries, and simple joins.",
        );
        // The reference's filler (`Learn`, `basic`, `simple`) is no longer required.
        assert_eq!(a.missing, vec!["SQL", "commands", "queries"]);
        assert_eq!(a.matched, 2);
    }

    /// Real pairs from the built-in decks: a paraphrase holding the key terms must score
    /// higher than a fluent answer that misses them.
    #[test]
    fn paraphrases_with_key_terms_beat_answers_without_them() {
        let decks = crate::builtin::decks().unwrap();
        let card = |id: &str| {
            decks
                .iter()
                .flat_map(|d| &d.cards)
                .find(|c| c.guid == id)
                .cloned()
                .unwrap()
        };
        let cases = [
            (
                "sql/definition",
                "a standardized language for querying and manipulating relational databases",
                "a tool people use at work to store things",
            ),
            (
                "python/definition",
                "a readable, versatile high-level programming language with libraries like NumPy and Pandas for data science",
                "a snake that lives in the jungle and eats small animals",
            ),
            (
                "transfer-learning-techniques/definition",
                "reusing models pre-trained on large datasets so a related task needs less data and training time",
                "a way of moving files between computers",
            ),
            (
                "containerization-using-docker-kubernetes/usage",
                "models in Docker containers are scaled with Kubernetes for rollouts and updates without downtime",
                "you put the app somewhere and it runs",
            ),
            (
                "sql/beginner-step",
                "basic commands, select queries and simple joins",
                "learn about tables",
            ),
        ];
        for (id, good, bad) in cases {
            let c = card(id);
            let g = assess_in_context(good, &c.back, &c.front);
            let b = assess_in_context(bad, &c.back, &c.front);
            assert!(g.score > b.score, "{id}: {g:?} vs {b:?}");
            assert!(
                g.suggested.passed(),
                "{id}: a good paraphrase passes: {g:?}"
            );
            assert!(
                !b.suggested.passed(),
                "{id}: an answer without the key terms fails: {b:?}"
            );
        }
    }

    #[test]
    fn terms_the_question_gives_are_not_required() {
        let a = assess_in_context(
            "a readable language",
            "Python is a readable language.",
            "What is Python?",
        );
        assert_eq!(a.terms, 2);
        assert_eq!(a.suggested.value(), 5);
        assert!(a.missing.is_empty());
    }

    #[test]
    fn inflections_match() {
        assert!(same_word("manipulation", "manipulating"));
        assert!(same_word("models", "model"));
        assert!(!same_word("data", "date"));
    }
}
