//! Drills: which cards to practise (weakest first, or shuffled), and how to ask each one
//! (flash, typed, choice, cloze, or mixed by mastery).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;

use rand::Rng;
use rand::seq::SliceRandom;

use super::choice;
use super::cloze;
use super::model::{Card, CardKind, INTERVIEW_TAG, counts_toward_level};
use super::queue::stage_unlocked;
use super::session::{AskStyle, exercise_style};
use super::siblings::{sibling_key, spread};

/// How drill questions are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrillMode {
    Flash,
    Typed,
    Choice,
    Cloze,
    /// Choice for cards not yet mastered, typed for mastered ones.
    Mixed,
}

impl FromStr for DrillMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "flash" => Ok(DrillMode::Flash),
            "typed" => Ok(DrillMode::Typed),
            "choice" => Ok(DrillMode::Choice),
            "cloze" => Ok(DrillMode::Cloze),
            "mixed" => Ok(DrillMode::Mixed),
            other => Err(format!(
                "expected flash, typed, choice, cloze or mixed, found `{other}`"
            )),
        }
    }
}

/// A card's answers so far, from the review log (all modes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct History {
    pub answers: u32,
    /// Passed (q ≥ 3) among the most recent answers.
    pub recent_passed: u32,
    pub recent: u32,
}

impl History {
    fn accuracy(&self) -> f64 {
        if self.recent == 0 {
            0.0
        } else {
            f64::from(self.recent_passed) / f64::from(self.recent)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub card: Card,
    pub history: History,
}

/// Weakest first: never answered, then lowest SM-2 ease, most lapses, lowest recent accuracy.
fn weaker(a: &Candidate, b: &Candidate) -> Ordering {
    let key = |c: &Candidate| {
        let s = c.card.state;
        (
            c.history.answers > 0,
            s.map_or(0, |s| s.memory.ease),
            std::cmp::Reverse(s.map_or(0, |s| s.lapses)),
        )
    };
    key(a)
        .cmp(&key(b))
        .then(a.history.accuracy().total_cmp(&b.history.accuracy()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Weakest,
    Shuffle,
}

/// Picks `count` cards. Ties in weakness are broken at random, so that `--seed` fixes the
/// selection and different seeds vary it.
pub fn select<R: Rng + ?Sized>(
    mut cands: Vec<Candidate>,
    count: usize,
    order: Order,
    rng: &mut R,
) -> Vec<Candidate> {
    cands.shuffle(rng);
    if order == Order::Weakest {
        cands.sort_by(weaker);
    }
    cands.truncate(count);
    cands
}

/// `select`, keeping siblings apart (`core::siblings`): a card whose sibling is picked
/// already gives its place to the next card that has none, and comes only when there
/// are not enough other cards, after them.
pub fn select_apart<R: Rng + ?Sized>(
    cands: Vec<Candidate>,
    count: usize,
    order: Order,
    rng: &mut R,
) -> Vec<Candidate> {
    let n = cands.len();
    let ordered = select(cands, n, order, rng);
    let mut apart = spread(
        ordered,
        |c| sibling_key(&c.card.guid).base.to_string(),
        &HashSet::new(),
    );
    apart.truncate(count);
    apart
}

/// Whether a card can be asked in a mock interview: questions written as interviews ask
/// them when the collection has any, otherwise any card about a skill — never one about
/// a guide's resources.
fn interview_material(cands: Vec<Candidate>) -> Vec<Candidate> {
    let has = |c: &Candidate, tag: &str| c.card.tags.iter().any(|t| t == tag);
    let (interview, rest): (Vec<Candidate>, Vec<Candidate>) =
        cands.into_iter().partition(|c| has(c, INTERVIEW_TAG));
    if !interview.is_empty() {
        return interview;
    }
    rest.into_iter()
        .filter(|c| counts_toward_level(&c.card.tags))
        .collect()
}

/// A mock interview's questions: interview questions (see `interview_material`) of the
/// stages each skill has unlocked, in `order` within a skill (weakest first, or shuffled),
/// taken from the skills in turn so that every skill is asked.
pub fn select_interview<R: Rng + ?Sized>(
    cands: Vec<Candidate>,
    levels: &BTreeMap<i64, u8>,
    count: usize,
    order: Order,
    rng: &mut R,
) -> Vec<Candidate> {
    let mut by_skill: BTreeMap<i64, Vec<Candidate>> = BTreeMap::new();
    for c in interview_material(cands) {
        let level = levels.get(&c.card.deck_id).copied().unwrap_or(0);
        if stage_unlocked(level, c.card.stage) {
            by_skill.entry(c.card.deck_id).or_default().push(c);
        }
    }
    let mut skills: Vec<Vec<Candidate>> = by_skill
        .into_values()
        .map(|cards| {
            let n = cards.len();
            // Reversed, so that pop() takes the first.
            let mut s = select(cards, n, order, rng);
            s.reverse();
            s
        })
        .collect();
    skills.shuffle(rng);
    let mut out = Vec::with_capacity(count);
    while out.len() < count && skills.iter().any(|s| !s.is_empty()) {
        for s in &mut skills {
            if out.len() == count {
                break;
            }
            if let Some(c) = s.pop() {
                out.push(c);
            }
        }
    }
    out
}

/// How to ask `card` in a drill of `mode`; `pool` supplies choice distractors. An
/// exercise is asked as the exercise it is in every mode: its answer is checked by running.
pub fn style<R: Rng + ?Sized>(
    card: &Card,
    mode: DrillMode,
    pool: &[Card],
    rng: &mut R,
) -> AskStyle {
    if let Some(style) = exercise_style(card) {
        return style;
    }
    let mode = match mode {
        DrillMode::Mixed if card.state.is_some_and(|s| s.mastered) => DrillMode::Typed,
        DrillMode::Mixed => DrillMode::Choice,
        m => m,
    };
    match mode {
        DrillMode::Flash => AskStyle::Flash,
        DrillMode::Typed => typed_style(card),
        DrillMode::Cloze => cloze_style(card),
        _ => {
            let (options, correct) = choice::question(card, pool, rng);
            if options.len() < 2 {
                // Nothing to choose between (a one-card collection): ask for the answer.
                typed_style(card)
            } else {
                AskStyle::Choice { options, correct }
            }
        }
    }
}

/// A typed question; a cloze card keeps its blank, since its answer is the deleted term.
fn typed_style(card: &Card) -> AskStyle {
    match card.kind {
        CardKind::Cloze => cloze_style(card),
        _ => AskStyle::Typed,
    }
}

/// A cloze card as written; any other card shows its front and its answer's first sentence
/// with a key term blanked (avoiding words the front already gives away).
fn cloze_style(card: &Card) -> AskStyle {
    if card.kind == CardKind::Cloze {
        return AskStyle::Cloze {
            text: card.front.clone(),
            answer: card.back.clone(),
        };
    }
    match cloze::make(&card.back, &cloze::words_of(&card.front)) {
        Some((blanked, term)) => AskStyle::Cloze {
            text: format!("{}\n{blanked}", card.front),
            answer: term,
        },
        // An answer too short to blank a word of is asked whole.
        None => AskStyle::Typed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::CardId;
    use crate::core::model::Stage;
    use crate::core::schedule::{CardState, Memory};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn cand(id: i64, state: Option<(u32, u32, u32)>, answers: u32, passed: u32) -> Candidate {
        Candidate {
            card: Card {
                id: CardId(id),
                guid: format!("c{id}"),
                deck_id: id % 3,
                deck: "D".into(),
                stage: Stage::Beginner,
                kind: CardKind::Basic,
                front: "What is a relational database?".into(),
                back: "A database organised into tables of rows and columns.".into(),
                choices: vec![],
                tags: vec![],
                key_points: vec![],
                note: String::new(),
                sql: crate::core::model::SqlOptions::default(),
                suspended: false,
                state: state.map(|(reps, ef, lapses)| CardState {
                    reps,
                    interval_days: 1,
                    due_day: 0,
                    lapses,
                    last_quality: 4,
                    last_reviewed_at: 0,
                    mastered: reps >= 2,
                    retained_days: 0,
                    memory: Memory::sm2(ef),
                }),
            },
            history: History {
                answers,
                recent_passed: passed,
                recent: answers.min(10),
            },
        }
    }

    fn ids(c: &[Candidate]) -> Vec<i64> {
        c.iter().map(|c| c.card.id.0).collect()
    }

    #[test]
    fn weakest_first() {
        let cands = vec![
            cand(1, Some((3, 250, 0)), 3, 3),
            cand(2, None, 0, 0),
            cand(3, Some((1, 180, 0)), 4, 2),
            cand(4, Some((1, 180, 2)), 4, 2),
            cand(5, Some((2, 250, 0)), 2, 0),
        ];
        let picked = select(cands, 4, Order::Weakest, &mut StdRng::seed_from_u64(1));
        assert_eq!(ids(&picked), vec![2, 4, 3, 5]);
    }

    #[test]
    fn siblings_give_their_place_to_other_cards_and_come_last() {
        let mut cands = vec![
            cand(1, None, 0, 0),
            cand(2, None, 0, 0),
            cand(3, Some((130, 0, 0)), 1, 0),
        ];
        cands[0].card.guid = "es/perro".into();
        cands[1].card.guid = "es/perro/reverse".into();
        cands[2].card.guid = "es/gato".into();
        let guids = |c: &[Candidate]| c.iter().map(|c| c.card.guid.clone()).collect::<Vec<_>>();
        let two = select_apart(
            cands.clone(),
            2,
            Order::Weakest,
            &mut StdRng::seed_from_u64(1),
        );
        let first = guids(&two)[0].clone();
        assert!(first.starts_with("es/perro"), "{first}");
        assert_eq!(guids(&two)[1], "es/gato", "the sibling gave its place");
        let all = select_apart(
            cands.clone(),
            3,
            Order::Weakest,
            &mut StdRng::seed_from_u64(1),
        );
        assert_eq!(guids(&all)[1], "es/gato");
        assert!(
            guids(&all)[2].starts_with("es/perro"),
            "the sibling comes last"
        );
        let plain = select(cands, 2, Order::Weakest, &mut StdRng::seed_from_u64(1));
        assert!(
            guids(&plain).iter().all(|g| g.starts_with("es/perro")),
            "select alone keeps weakest"
        );
    }

    #[test]
    fn a_seed_fixes_a_shuffled_selection() {
        let cands: Vec<Candidate> = (0..30).map(|i| cand(i, None, 0, 0)).collect();
        let a = select(
            cands.clone(),
            5,
            Order::Shuffle,
            &mut StdRng::seed_from_u64(4),
        );
        let b = select(
            cands.clone(),
            5,
            Order::Shuffle,
            &mut StdRng::seed_from_u64(4),
        );
        let c = select(cands, 5, Order::Shuffle, &mut StdRng::seed_from_u64(5));
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&c));
    }

    #[test]
    fn interviews_take_every_skill_in_turn_and_only_unlocked_stages() {
        let mut cands: Vec<Candidate> = (0..12).map(|i| cand(i, None, 0, 0)).collect();
        cands[0].card.stage = Stage::Advanced; // deck 0 at level 0: locked
        let levels = BTreeMap::from([(0, 0), (1, 0), (2, 2)]);
        let picked = select_interview(
            cands,
            &levels,
            6,
            Order::Weakest,
            &mut StdRng::seed_from_u64(3),
        );
        assert_eq!(picked.len(), 6);
        for deck in 0..3 {
            assert_eq!(
                picked.iter().filter(|c| c.card.deck_id == deck).count(),
                2,
                "deck {deck}"
            );
        }
        assert!(!picked.iter().any(|c| c.card.id == CardId(0)));
    }

    #[test]
    fn a_shuffled_interview_takes_questions_of_a_skill_in_any_order() {
        // Deck 0 alone (ids 0, 3, 6, …): never answered, so "weakest" keeps file order.
        let cands = || -> Vec<Candidate> { (0..10).map(|i| cand(i * 3, None, 0, 0)).collect() };
        let levels = BTreeMap::from([(0, 0)]);
        let weakest = select_interview(
            cands(),
            &levels,
            3,
            Order::Weakest,
            &mut StdRng::seed_from_u64(1),
        );
        let firsts: Vec<Vec<CardId>> = (0..8)
            .map(|seed| {
                let picked = select_interview(
                    cands(),
                    &levels,
                    3,
                    Order::Shuffle,
                    &mut StdRng::seed_from_u64(seed),
                );
                assert_eq!(picked.len(), 3);
                picked.iter().map(|c| c.card.id).collect()
            })
            .collect();
        let weakest: Vec<CardId> = weakest.iter().map(|c| c.card.id).collect();
        assert!(
            firsts.iter().any(|f| *f != weakest),
            "{firsts:?} vs {weakest:?}"
        );
        // The same seed, the same questions.
        let again = select_interview(
            cands(),
            &levels,
            3,
            Order::Shuffle,
            &mut StdRng::seed_from_u64(0),
        );
        assert_eq!(
            again.iter().map(|c| c.card.id).collect::<Vec<_>>(),
            firsts[0]
        );
    }

    fn tagged(mut c: Candidate, tags: &[&str]) -> Candidate {
        c.card.tags = tags.iter().map(std::string::ToString::to_string).collect();
        c
    }

    #[test]
    fn interviews_ask_interview_questions_when_there_are_any() {
        let cands = vec![
            tagged(cand(1, None, 0, 0), &["interview", "joins"]),
            tagged(cand(2, None, 0, 0), &["definition"]),
            tagged(cand(3, None, 0, 0), &["resources", "book"]),
            tagged(cand(4, None, 0, 0), &["interview"]),
        ];
        let levels = BTreeMap::new();
        let picked = select_interview(
            cands,
            &levels,
            10,
            Order::Weakest,
            &mut StdRng::seed_from_u64(1),
        );
        let mut got = ids(&picked);
        got.sort_unstable();
        assert_eq!(got, [1, 4]);
    }

    #[test]
    fn without_interview_questions_any_card_but_resources_is_asked() {
        let cands = vec![
            tagged(cand(1, None, 0, 0), &["definition"]),
            tagged(cand(2, None, 0, 0), &["resources", "course"]),
            cand(3, None, 0, 0),
        ];
        let levels = BTreeMap::new();
        let picked = select_interview(
            cands,
            &levels,
            10,
            Order::Weakest,
            &mut StdRng::seed_from_u64(1),
        );
        let mut got = ids(&picked);
        got.sort_unstable();
        assert_eq!(got, [1, 3]);
    }

    #[test]
    fn mixed_mode_follows_mastery() {
        let pool: Vec<Card> = (0..6)
            .map(|i| {
                let mut c = cand(i, None, 0, 0).card;
                c.back = format!("answer number {i}");
                c
            })
            .collect();
        let mut rng = StdRng::seed_from_u64(1);
        let new = cand(10, None, 0, 0).card;
        assert!(matches!(
            style(&new, DrillMode::Mixed, &pool, &mut rng),
            AskStyle::Choice { .. }
        ));
        let mastered = cand(11, Some((2, 250, 0)), 2, 2).card;
        assert_eq!(
            style(&mastered, DrillMode::Mixed, &pool, &mut rng),
            AskStyle::Typed
        );
    }

    #[test]
    fn cloze_blanks_a_term_the_front_does_not_give_away() {
        let c = cand(1, None, 0, 0).card;
        match style(&c, DrillMode::Cloze, &[], &mut StdRng::seed_from_u64(1)) {
            AskStyle::Cloze { text, answer } => {
                assert_eq!(answer, "organised");
                assert!(
                    text.ends_with("A database [...] into tables of rows and columns."),
                    "{text}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn modes_parse() {
        assert_eq!("Typed".parse::<DrillMode>(), Ok(DrillMode::Typed));
        assert!("quiz".parse::<DrillMode>().is_err());
    }
}
