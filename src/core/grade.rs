//! Typed-answer grading: normalised text, key-term coverage and edit similarity, to a suggested grade.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::schedule::Quality;

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
    if s.is_ascii() {
        // The common case, without Unicode decomposition: an import normalises every front.
        let mut out = String::with_capacity(s.len());
        for word in s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
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

/// References this short are graded on the whole string as well as on terms,
/// so `Kubernets` still earns most of the credit for `Kubernetes`.
const SHORT_REFERENCE_WORDS: usize = 4;

/// Grades a typed answer against the reference answer.
#[must_use]
pub fn assess(answer: &str, reference: &str) -> Assessment {
    assess_in_context(answer, reference, "")
}

/// How many of `terms` key terms an answer must hold for full marks: nobody recites a long
/// definition word for word, so about 60% of a long answer's terms is all of it; short
/// answers need every term.
fn terms_for_full_marks(terms: usize) -> usize {
    if terms <= 3 {
        terms
    } else {
        (terms * 6).div_ceil(10).max(3)
    }
}

/// Grades a typed answer against the reference answer, asked by `question`: terms the
/// question already shows (the `Python` of `What is Python?`) are not required.
#[must_use]
pub fn assess_in_context(answer: &str, reference: &str, question: &str) -> Assessment {
    let norm_answer = normalize(answer);
    let norm_reference = normalize(reference);
    let given: Vec<String> = key_terms(question).into_iter().map(|(n, _)| n).collect();
    let terms: Vec<(String, String)> = key_terms(reference)
        .into_iter()
        .filter(|(n, _)| !given.iter().any(|g| same_word(g, n)))
        .collect();
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
        (matched as f64 / terms_for_full_marks(terms.len()) as f64).min(1.0)
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
mod tests {
    use super::*;

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
        assert_eq!(
            a.missing,
            vec!["Learn", "basic", "SQL", "commands", "queries", "simple"]
        );
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
