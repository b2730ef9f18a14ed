//! The key-term grader, for cards without key points: the meaningful words of the
//! reference, each looked for in the answer's clause that best covers the reference
//! clause it comes from, so the words of one idea must come together.

use super::words::{Word, clauses, normalize};
use super::{Assessment, grade_for, key_terms};

/// Words a reference wraps its ideas in ("gain expertise in complex queries"): an
/// answer need not repeat them.
const FILLER: &[&str] = &[
    "ability",
    "able",
    "advanced",
    "basic",
    "basics",
    "complex",
    "concept",
    "concepts",
    "different",
    "effective",
    "effectively",
    "essential",
    "experience",
    "expertise",
    "familiar",
    "familiarity",
    "gain",
    "important",
    "key",
    "knowledge",
    "learn",
    "master",
    "proficiency",
    "proficient",
    "simple",
    "skill",
    "skills",
    "solid",
    "strong",
    "understand",
    "understanding",
    "various",
];

/// References this short are graded on the whole string as well as on terms,
/// so `Kubernets` still earns most of the credit for `Kubernetes`.
const SHORT_REFERENCE_WORDS: usize = 4;

/// A key term of the reference.
struct Term {
    word: Word,
    shown: String,
    /// The reference clause it belongs to.
    clause: usize,
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

/// The reference's key terms, less filler and what the question already says.
fn terms_of(reference: &str, question: &str) -> Vec<Term> {
    let given: Vec<Word> = key_terms(question)
        .iter()
        .map(|(n, _)| Word::new(n))
        .collect();
    let ref_clauses = clauses(reference);
    key_terms(reference)
        .into_iter()
        .filter(|(n, _)| !FILLER.contains(&n.as_str()))
        .map(|(n, shown)| (Word::new(&n), shown))
        .filter(|(w, _)| !given.iter().any(|g| g.same(w)))
        .map(|(word, shown)| Term {
            clause: ref_clauses
                .iter()
                .position(|c| c.iter().any(|w| w.same(&word)))
                .unwrap_or(0),
            word,
            shown,
        })
        .collect()
}

pub fn assess(answer: &str, reference: &str, question: &str) -> Assessment {
    let terms = terms_of(reference, question);
    let answer_clauses = clauses(answer);
    let found = found_terms(&terms, &answer_clauses);
    let matched = found.iter().filter(|f| **f).count();
    let missing = terms
        .iter()
        .zip(&found)
        .filter(|(_, f)| !**f)
        .map(|(t, _)| t.shown.clone())
        .collect();
    let norm_answer = normalize(answer);
    let norm_reference = normalize(reference);
    let mut score = if norm_answer.is_empty() {
        0.0
    } else if terms.is_empty() {
        f64::from(u8::from(norm_answer == norm_reference))
    } else {
        (matched as f64 / terms_for_full_marks(terms.len()) as f64).min(1.0)
    };
    if !norm_answer.is_empty() && norm_reference.split(' ').count() <= SHORT_REFERENCE_WORDS {
        score = score.max(best_window(&answer_clauses, &norm_reference));
    }
    Assessment {
        score,
        suggested: grade_for(score),
        missing,
        met: Vec::new(),
        matched,
        terms: terms.len(),
        by_points: false,
    }
}

/// Which terms the answer holds: for each clause of the reference, its terms found in
/// the one answer clause that holds most of them.
fn found_terms(terms: &[Term], answer: &[Vec<Word>]) -> Vec<bool> {
    let mut found = vec![false; terms.len()];
    let last = terms.iter().map(|t| t.clause).max().unwrap_or(0);
    for c in 0..=last {
        let hits = |clause: &[Word]| -> Vec<bool> {
            terms
                .iter()
                .map(|t| t.clause == c && clause.iter().any(|w| w.same(&t.word)))
                .collect()
        };
        let best = answer
            .iter()
            .map(|a| hits(a))
            .max_by_key(|h| h.iter().filter(|x| **x).count());
        if let Some(best) = best {
            for (f, h) in found.iter_mut().zip(best) {
                *f |= h;
            }
        }
    }
    found
}

/// The closest run of as many answer words as the reference has, within one clause, to
/// a short reference (so extra words around the answer cost nothing).
fn best_window(answer: &[Vec<Word>], norm_reference: &str) -> f64 {
    let n = norm_reference.split(' ').count();
    answer
        .iter()
        .flat_map(|clause| {
            let words: Vec<&str> = clause.iter().map(|w| w.folded.as_str()).collect();
            let k = n.min(words.len());
            (0..=words.len() - k)
                .map(move |i| words[i..i + k].join(" "))
                .collect::<Vec<_>>()
        })
        .map(|w| strsim::normalized_levenshtein(&w, norm_reference))
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_answers_need_about_sixty_percent_of_their_terms() {
        let needed: Vec<usize> = [1, 3, 4, 5, 6, 10, 20]
            .into_iter()
            .map(terms_for_full_marks)
            .collect();
        assert_eq!(needed, [1, 3, 3, 3, 4, 6, 12]);
    }

    #[test]
    fn a_reference_without_key_terms_needs_the_same_words() {
        // "to be" has no key term (both words are short): only the same words pass.
        assert_eq!(crate::core::grade::assess("To be!", "to be").score, 1.0);
        let other = crate::core::grade::assess("it is", "to be");
        assert!(
            other.score < 0.5 && other.suggested.value() < 3,
            "{other:?}"
        );
    }
}
