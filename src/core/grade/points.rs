//! Grading by key points: a point is met when all the content words of one of its
//! phrasings come together in one clause of the answer, and no negation there turns
//! one of them around.

use super::words::{Word, clauses};
use crate::core::model::KeyPoint;

/// Words a phrasing can do without: articles, copulas and prepositions that carry no
/// idea. Much shorter than the key-term grader's list: `before`, `after`, `where`, `only`,
/// `all` are what a point is about.
const FILLER: &[&str] = &[
    "a", "an", "are", "as", "at", "be", "by", "for", "in", "is", "it", "its", "of", "on", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "were", "yet",
];

/// A key point's phrasing, ready to match.
#[derive(Debug, Clone)]
struct Phrasing {
    words: Vec<Word>,
    /// The phrasing itself says `not …`: the clause must deny it too.
    negated: bool,
}

impl Phrasing {
    fn new(text: &str) -> Phrasing {
        let all: Vec<Word> = clauses(text).into_iter().flatten().collect();
        let negated = all.iter().any(|w| w.negation);
        let words = all
            .into_iter()
            .filter(|w| !w.negation && !FILLER.contains(&w.folded.as_str()))
            .collect();
        Phrasing { words, negated }
    }

    /// Whether this clause of an answer states the phrasing.
    fn met_in(&self, clause: &[Word]) -> bool {
        if self.words.is_empty() {
            return false;
        }
        // Each word of the phrasing needs its own word in the clause: `LEFT keeps all
        // left-table rows` is not met by `INNER keeps all left-table rows`.
        let mut positions: Vec<usize> = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let free = (0..clause.len()).find(|&i| !positions.contains(&i) && clause[i].same(w));
            match free {
                Some(at) => positions.push(at),
                None => return false,
            }
        }
        let negations = clause.iter().enumerate().filter(|(_, w)| w.negation);
        if self.negated {
            return negations.count() > 0;
        }
        // A negation denies the words just after it (`does not filter groups`).
        !negations
            .into_iter()
            .any(|(n, _)| positions.iter().any(|&p| p > n && p <= n + NEGATION_REACH))
    }
}

/// How many words after a negation it reaches: `does not always filter`.
const NEGATION_REACH: usize = 3;

/// A key point with every phrasing prepared.
#[derive(Debug, Clone)]
pub struct Point {
    phrasings: Vec<Phrasing>,
}

impl Point {
    #[must_use]
    pub fn new(point: &KeyPoint) -> Point {
        Point {
            phrasings: point.phrasings().iter().map(|p| Phrasing::new(p)).collect(),
        }
    }

    /// Whether any clause states any phrasing of the point.
    #[must_use]
    pub fn met(&self, answer: &[Vec<Word>]) -> bool {
        self.phrasings
            .iter()
            .any(|p| answer.iter().any(|clause| p.met_in(clause)))
    }
}

/// Which of `points` the answer meets, in order.
#[must_use]
pub fn met(answer: &str, points: &[KeyPoint]) -> Vec<bool> {
    let clauses = clauses(answer);
    points.iter().map(|p| Point::new(p).met(&clauses)).collect()
}
