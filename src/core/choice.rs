//! Multiple-choice questions: the right answer among wrong options, in a random order.

use rand::Rng;
use rand::seq::SliceRandom;

use super::grade::normalize;
use super::model::Card;

/// How many options a question shows at most.
pub const OPTIONS: usize = 4;

/// What makes two options the same: their words, ignoring case and punctuation; an
/// option that is all punctuation (code such as `''`) is compared as written.
fn option_key(s: &str) -> String {
    let words = normalize(s);
    if words.is_empty() {
        s.trim().to_string()
    } else {
        words
    }
}

/// The right answer and up to three distinct wrong options, shuffled; returns the options
/// and the index of the right one. Wrong options equal to the answer (after
/// normalisation) or to each other are dropped.
pub fn arrange<R: Rng + ?Sized>(
    right: &str,
    wrong: &[String],
    rng: &mut R,
) -> (Vec<String>, usize) {
    let mut seen = vec![option_key(right)];
    let mut options = vec![right.to_string()];
    for w in wrong {
        let n = option_key(w);
        if options.len() == OPTIONS || n.is_empty() || seen.contains(&n) {
            continue;
        }
        seen.push(n);
        options.push(w.clone());
    }
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.shuffle(rng);
    let correct = order.iter().position(|&i| i == 0).unwrap_or(0);
    (
        order.into_iter().map(|i| options[i].clone()).collect(),
        correct,
    )
}

/// How many of the best-matching answers a question's distractors are drawn from, so that
/// they vary between drills but stay comparable.
const SHORTLIST: usize = 8;

/// How much less comparable than the weakest needed distractor a shortlisted one may be.
const MARGIN: f64 = 0.5;

/// How well `other`'s back would pass for an answer to `target`: a shared tag counts most,
/// then the same stage, then a similar length.
fn resemblance(target: &Card, other: &Card) -> f64 {
    let shared_tag = target.tags.iter().any(|t| other.tags.contains(t));
    let (a, b) = (
        target.back.chars().count().max(1) as f64,
        other.back.chars().count().max(1) as f64,
    );
    let length = 1.0 - ((a / b).ln().abs() / 3.0).min(1.0);
    2.0 * f64::from(u8::from(shared_tag))
        + f64::from(u8::from(target.stage == other.stage))
        + length
}

/// Whether two cards hold the same type of answer: the same tags, in any order (a course
/// for a course, never a course for a certification).
fn same_type(a: &Card, b: &Card) -> bool {
    !a.tags.is_empty() && tag_set(a) == tag_set(b)
}

fn tag_set(c: &Card) -> Vec<&str> {
    let mut t: Vec<&str> = c.tags.iter().map(String::as_str).collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// The cards whose answers are of `target`'s type, when there are enough of them with
/// distinct answers to fill a question; otherwise the whole pool, ranked by resemblance.
/// An exercise's answer (a query, a program's output) is never an option.
fn of_same_type<'p>(target: &Card, pool: &'p [Card]) -> Vec<&'p Card> {
    let mut answers = vec![normalize(&target.back)];
    let worded = || pool.iter().filter(|c| !c.kind.is_exercise());
    let typed: Vec<&Card> = worded()
        .filter(|c| c.id != target.id && same_type(target, c))
        .collect();
    for c in &typed {
        let n = normalize(&c.back);
        if !n.is_empty() && !answers.contains(&n) {
            answers.push(n);
        }
    }
    if answers.len() >= OPTIONS {
        typed
    } else {
        worded().collect()
    }
}

/// Three wrong options for `target`, drawn from the backs of comparable cards of other
/// skills (decks), never equal to the right answer or to each other. Answers of the same
/// type (the same tags) are taken when there are enough; when other skills cannot supply
/// them (a one-deck collection), other cards of the same deck are used.
pub fn distractors<R: Rng + ?Sized>(target: &Card, pool: &[Card], rng: &mut R) -> Vec<String> {
    let pool = of_same_type(target, pool);
    let right = normalize(&target.back);
    let mut picked: Vec<String> = Vec::new();
    let mut seen = vec![right];
    for same_deck in [false, true] {
        let mut ranked: Vec<(f64, &Card)> = pool
            .iter()
            .filter(|c| c.id != target.id && (c.deck_id == target.deck_id) == same_deck)
            .map(|&c| (resemblance(target, c), c))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
        let mut shortlist: Vec<(f64, &Card)> = Vec::new();
        for (score, c) in ranked {
            let n = normalize(&c.back);
            if n.is_empty() || seen.contains(&n) {
                continue;
            }
            seen.push(n);
            shortlist.push((score, c));
            if shortlist.len() == SHORTLIST {
                break;
            }
        }
        // Only answers nearly as comparable as the third best: variety without giveaways.
        let needed = OPTIONS - 1 - picked.len();
        if let Some(&(floor, _)) = shortlist.get(needed.saturating_sub(1)) {
            shortlist.retain(|(score, _)| *score >= floor - MARGIN);
        }
        let mut shortlist: Vec<&Card> = shortlist.into_iter().map(|(_, c)| c).collect();
        shortlist.shuffle(rng);
        picked.extend(
            shortlist
                .iter()
                .take(OPTIONS - 1 - picked.len())
                .map(|c| c.back.clone()),
        );
        if picked.len() == OPTIONS - 1 {
            break;
        }
    }
    picked
}

/// The options of a choice question for `target`: its authored wrong options first,
/// topped up with distractors from `pool`; returns the shuffled options and the right index.
pub fn question<R: Rng + ?Sized>(
    target: &Card,
    pool: &[Card],
    rng: &mut R,
) -> (Vec<String>, usize) {
    let mut wrong: Vec<String> = target.choices.clone();
    wrong.shuffle(rng);
    if wrong.len() < OPTIONS - 1 {
        wrong.extend(distractors(target, pool, rng));
    }
    arrange(&target.back, &wrong, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::CardId;
    use crate::core::model::{CardKind, Stage};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn card(id: i64, deck_id: i64, back: &str, tags: &[&str]) -> Card {
        Card {
            id: CardId(id),
            guid: format!("c{id}"),
            deck_id,
            deck: format!("D{deck_id}"),
            stage: Stage::Beginner,
            kind: CardKind::Basic,
            front: "q".into(),
            back: back.into(),
            choices: vec![],
            tags: tags.iter().map(std::string::ToString::to_string).collect(),
            key_points: vec![],
            note: String::new(),
            sql: crate::core::model::SqlOptions::default(),
            suspended: false,
            state: None,
        }
    }

    #[test]
    fn resemblance_weighs_tag_then_stage_then_length() {
        let target = card(1, 1, "ten chars.", &["book"]);
        let close = |o: &Card| (resemblance(&target, o) * 1000.0).round() / 1000.0;
        // Same tag (2) + same stage (1) + lengths 10 and 20: 1 - ln(2)/3 = 0.769.
        assert_eq!(close(&card(2, 2, "twenty characters...", &["book"])), 3.769);
        // Beyond e^3 (about 20) times the other's length, lengths are as unlike as they get.
        assert_eq!(close(&card(3, 2, &"x".repeat(300), &["book"])), 3.0);
        let mut other_stage = card(4, 2, "ten chars.", &[]);
        other_stage.stage = Stage::Advanced;
        assert_eq!(close(&other_stage), 1.0);
    }

    #[test]
    fn distractors_come_from_other_skills_and_never_repeat_the_answer() {
        let target = card(1, 1, "Learning SQL by Alan Beaulieu", &["book"]);
        let pool = vec![
            target.clone(),
            card(2, 1, "Same deck book", &["book"]),
            card(3, 2, "Docker Deep Dive by Nigel Poulton", &["book"]),
            card(4, 3, "learning sql by alan beaulieu", &["book"]),
            card(5, 4, "Made to Stick by Chip Heath", &["book"]),
            card(6, 5, "Python for Data Analysis by Wes McKinney", &["book"]),
            card(
                7,
                6,
                "A very long answer about something else entirely, with many words",
                &["usage"],
            ),
        ];
        let mut rng = StdRng::seed_from_u64(9);
        let d = distractors(&target, &pool, &mut rng);
        assert_eq!(d.len(), 3);
        let mut sorted = d.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            vec![
                "Docker Deep Dive by Nigel Poulton",
                "Made to Stick by Chip Heath",
                "Python for Data Analysis by Wes McKinney",
            ],
            "other skills' books, not the same deck, not the answer in other case"
        );
    }

    #[test]
    fn a_certification_is_never_offered_a_course() {
        let target = card(1, 1, "AWS ML Specialty", &["resources", "certification"]);
        let mut pool = vec![target.clone()];
        for (i, back) in ["CKA", "Azure AI Engineer", "TensorFlow Developer"]
            .iter()
            .enumerate()
        {
            let id = 10 + i as i64;
            pool.push(card(id, id, back, &["certification", "resources"]));
        }
        for id in 20..30 {
            pool.push(card(
                id,
                id,
                &format!("Course {id}"),
                &["resources", "course"],
            ));
        }
        for seed in 0..20 {
            let d = distractors(&target, &pool, &mut StdRng::seed_from_u64(seed));
            assert_eq!(d.len(), 3);
            assert!(d.iter().all(|o| !o.starts_with("Course")), "{d:?}");
        }
    }

    #[test]
    fn too_few_of_a_type_fall_back_to_the_closest() {
        let target = card(1, 1, "CKA", &["resources", "certification"]);
        let pool = vec![
            target.clone(),
            card(2, 2, "Azure AI Engineer", &["resources", "certification"]),
            card(3, 3, "Course A", &["resources", "course"]),
            card(4, 4, "Course B", &["resources", "course"]),
        ];
        let d = distractors(&target, &pool, &mut StdRng::seed_from_u64(1));
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.contains(&"Azure AI Engineer".to_string()));
    }

    #[test]
    fn a_one_deck_collection_falls_back_to_its_own_cards() {
        let target = card(1, 1, "uno", &[]);
        let pool = vec![
            target.clone(),
            card(2, 1, "dos", &[]),
            card(3, 1, "tres", &[]),
            card(4, 1, "DOS", &[]),
        ];
        let d = distractors(&target, &pool, &mut StdRng::seed_from_u64(1));
        let mut sorted = d.clone();
        sorted.sort();
        assert_eq!(sorted, vec!["dos", "tres"]);
    }

    #[test]
    fn questions_keep_authored_options() {
        let mut target = card(1, 1, "Python", &[]);
        target.choices = vec!["SQL".into(), "Rust".into(), "Go".into()];
        let (opts, i) = question(&target, &[], &mut StdRng::seed_from_u64(2));
        assert_eq!(opts.len(), 4);
        assert_eq!(opts[i], "Python");
        assert!(opts.contains(&"Rust".to_string()));
    }

    #[test]
    fn the_right_answer_is_where_it_says() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..50 {
            let wrong = vec![
                "b".to_string(),
                "c".to_string(),
                "d".to_string(),
                "e".to_string(),
            ];
            let (opts, i) = arrange("a", &wrong, &mut rng);
            assert_eq!(opts.len(), 4);
            assert_eq!(opts[i], "a");
        }
    }

    #[test]
    fn duplicates_of_the_answer_or_each_other_are_dropped() {
        let mut rng = StdRng::seed_from_u64(1);
        let wrong = vec!["A!".to_string(), "b".to_string(), "B".to_string()];
        let (opts, i) = arrange("a", &wrong, &mut rng);
        assert_eq!(opts.len(), 2);
        assert_eq!(opts[i], "a");
    }

    #[test]
    fn code_options_that_are_all_punctuation_are_kept() {
        let wrong: Vec<String> = ["`0.0`", "`''`", "`None`", "  "]
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let (opts, i) = arrange("`[0]`", &wrong, &mut StdRng::seed_from_u64(4));
        assert_eq!(opts.len(), 4, "{opts:?}");
        assert!(opts.contains(&"`''`".to_string()));
        assert_eq!(opts[i], "`[0]`");
    }

    #[test]
    fn a_seed_fixes_the_order() {
        let wrong: Vec<String> = ["x", "y", "z"]
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let a = arrange("r", &wrong, &mut StdRng::seed_from_u64(3));
        let b = arrange("r", &wrong, &mut StdRng::seed_from_u64(3));
        assert_eq!(a, b);
    }
}
