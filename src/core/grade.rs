//! Typed-answer grading: normalised text, key-term coverage and edit similarity, to a suggested grade.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::sm2::Quality;

/// How a typed answer compares with the reference answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// 0.0 (nothing) to 1.0 (the reference, up to case, punctuation and accents).
    pub score: f64,
    pub suggested: Quality,
    /// Key terms of the reference that the answer lacks, in the reference's order.
    pub missing: Vec<String>,
    /// Number of the reference's key terms the answer holds, out of `terms`.
    pub matched: usize,
    pub terms: usize,
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

/// Case, accents, punctuation and spacing removed: `Café-au-lait!` → `cafe au lait`.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// The words of a reference answer that carry its meaning, deduplicated, with the
/// original spelling kept for display.
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

/// References this short are graded on the whole string as well as on terms,
/// so `Kubernets` still earns most of the credit for `Kubernetes`.
const SHORT_REFERENCE_WORDS: usize = 4;

/// Grades a typed answer against the reference answer.
pub fn assess(answer: &str, reference: &str) -> Assessment {
    let norm_answer = normalize(answer);
    let norm_reference = normalize(reference);
    let terms = key_terms(reference);
    if norm_answer.is_empty() {
        return Assessment {
            score: 0.0,
            suggested: grade_for(0.0),
            missing: terms.into_iter().map(|(_, shown)| shown).collect(),
            matched: 0,
            terms: 0,
        };
    }
    let answer_words: Vec<&str> = norm_answer.split(' ').collect();
    let mut missing = Vec::new();
    let mut matched = 0;
    for (norm, shown) in &terms {
        if answer_words.iter().any(|w| same_word(norm, w)) {
            matched += 1;
        } else {
            missing.push(shown.clone());
        }
    }
    let coverage = if terms.is_empty() {
        f64::from(u8::from(norm_answer == norm_reference))
    } else {
        matched as f64 / terms.len() as f64
    };
    let mut score = coverage;
    if norm_reference.split(' ').count() <= SHORT_REFERENCE_WORDS {
        score = score.max(strsim::normalized_levenshtein(
            &norm_answer,
            &norm_reference,
        ));
    }
    if norm_answer == norm_reference {
        score = 1.0;
    }
    Assessment {
        score,
        suggested: grade_for(score),
        missing,
        matched,
        terms: terms.len(),
    }
}

/// The grade a score suggests: all of it 5, most of it 4, half of it a bare pass.
pub fn grade_for(score: f64) -> Quality {
    let q = if score >= 0.95 {
        5
    } else if score >= 0.75 {
        4
    } else if score >= 0.5 {
        3
    } else if score >= 0.3 {
        2
    } else if score > 0.0 {
        1
    } else {
        0
    };
    Quality::clamped(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
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
        assert_eq!(
            a.missing,
            vec!["Learn", "basic", "SQL", "commands", "queries", "simple"]
        );
        assert_eq!(a.matched, 2);
    }

    #[test]
    fn inflections_match() {
        assert!(same_word("manipulation", "manipulating"));
        assert!(same_word("models", "model"));
        assert!(!same_word("data", "date"));
    }
}
