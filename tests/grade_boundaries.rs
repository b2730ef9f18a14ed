//! Typed-answer grading at its exact boundaries, through the library's public API: the
//! score at which each grade starts (0.95, 0.75, 0.5 — the pass —, 0.3, anything above 0),
//! and the share of a long answer's key terms that earns full marks.

use recall::core::grade::{assess, grade_for, same_word};

/// The largest f64 below `x`.
fn below(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

fn grade(score: f64) -> u8 {
    grade_for(score).value()
}

#[test]
fn each_grade_starts_at_its_score() {
    for (from, g) in [(0.95, 5), (0.75, 4), (0.5, 3), (0.3, 2)] {
        assert_eq!(grade(from), g, "a score of {from} suggests {g}");
        assert_eq!(
            grade(below(from)),
            g - 1,
            "just under {from} suggests {}",
            g - 1
        );
    }
    assert_eq!(grade(1.0), 5);
    assert_eq!(grade(f64::MIN_POSITIVE), 1, "any match at all is a 1");
    assert_eq!(grade(0.0), 0);
}

#[test]
fn half_of_the_answer_is_a_bare_pass() {
    assert!(grade_for(0.5).passed(), "0.5 passes");
    assert_eq!(grade(0.5), 3);
    assert!(!grade_for(below(0.5)).passed(), "just under 0.5 fails");
    assert_eq!(grade(below(0.5)), 2);
}

/// Distinct words that no two of which `same_word` takes for each other.
const WORDS: &[&str] = &[
    "apple",
    "bridge",
    "cactus",
    "dolphin",
    "engine",
    "falcon",
    "glacier",
    "harbor",
    "island",
    "jungle",
    "kettle",
    "lantern",
    "meadow",
    "nickel",
    "orchid",
    "pepper",
    "quartz",
    "rocket",
    "saddle",
    "timber",
    "umbrella",
    "velvet",
    "walnut",
    "xylophone",
    "yogurt",
    "zebra",
    "anchor",
    "blossom",
    "canyon",
    "desert",
    "ember",
    "fossil",
    "granite",
];

#[test]
fn the_words_used_below_are_all_different_terms() {
    for (i, a) in WORDS.iter().enumerate() {
        for b in &WORDS[i + 1..] {
            assert!(!same_word(a, b), "{a} and {b}");
        }
    }
}

/// A reference answer of `terms` key terms, and an answer giving the first `given`.
fn graded(terms: usize, given: usize) -> (f64, u8, usize) {
    let reference = WORDS[..terms].join(" ");
    let answer = WORDS[..given].join(" ");
    let a = assess(&answer, &reference);
    assert_eq!(a.terms, terms, "{reference}");
    assert_eq!(a.matched, given);
    (a.score, a.suggested.value(), a.missing.len())
}

#[test]
fn typed_answers_cross_each_boundary_with_one_key_term() {
    // Six terms: four of them are full marks (60%, rounded up, at least 3).
    assert_eq!(graded(6, 4), (1.0, 5, 2));
    assert_eq!(graded(6, 3), (0.75, 4, 3));
    assert_eq!(graded(6, 2), (0.5, 3, 4), "half of what is needed passes");
    assert_eq!(graded(6, 1), (0.25, 1, 5));
    // Ten terms (six for full marks) and sixteen (ten): the 0.3 line.
    assert_eq!(graded(10, 3).1, 3);
    assert_eq!(graded(16, 3), (0.3, 2, 13));
    assert_eq!(graded(16, 2).1, 1);
    // Thirty-three terms (twenty for full marks): the 0.95 line.
    assert_eq!(graded(33, 19), (0.95, 5, 14));
    assert_eq!(graded(33, 18), (0.9, 4, 15));
}

#[test]
fn short_references_need_every_term_for_full_marks() {
    // Up to three terms all are needed; from four, 60% (at least three).
    assert_eq!(graded(5, 3).1, 5, "five terms: three are enough");
    assert_eq!(graded(4, 3).1, 5, "four terms: three are enough");
    let (score, g, _) = graded(3, 2);
    assert!((score - 2.0 / 3.0).abs() < 1e-12, "{score}");
    assert_eq!(g, 3);
    assert_eq!(graded(3, 3).1, 5);
}
