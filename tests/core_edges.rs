//! Edges of the core that the mutation run found untested, through the library's public
//! API: which wrong options a choice question draws (a similar length, a shared tag),
//! weakest-first drill selection by recent accuracy, a choice question with only two
//! options, grading an answer whose reference has no key terms, the median answer time
//! of an even number of answers, how a review asks a typed card, the grades' words, and
//! where a hint cuts a long answer.

use rand::SeedableRng;
use rand::rngs::StdRng;
use recall::core::choice::distractors;
use recall::core::drill::{Candidate, DrillMode, History, Order, select, style};
use recall::core::grade::assess;
use recall::core::model::{Card, CardId, CardKind, Stage};
use recall::core::report::{self, build};
use recall::core::session::{AskStyle, review_style};

fn card(id: i64, deck_id: i64, back: &str, tags: &[&str]) -> Card {
    Card {
        id: CardId(id),
        guid: format!("c/{id}"),
        deck_id,
        deck: format!("Deck {deck_id}"),
        stage: Stage::Beginner,
        kind: CardKind::Basic,
        front: format!("question {id}?"),
        back: back.to_string(),
        choices: vec![],
        tags: tags.iter().map(std::string::ToString::to_string).collect(),
        key_points: vec![],
        note: String::new(),
        sql: recall::core::model::SqlOptions::default(),
        suspended: false,
        state: None,
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn wrong_options_are_answers_of_a_similar_length() {
    let target = card(1, 1, "ten chars!", &[]);
    let mut pool = vec![
        card(2, 2, "abcdefghij", &[]),
        card(3, 2, "klmnopqrst", &[]),
        card(4, 3, "uvwxyzabcd", &[]),
    ];
    for i in 0..5 {
        let long = format!(
            "a much longer answer number {i} {}",
            "that goes on ".repeat(20)
        );
        pool.push(card(10 + i, 2 + i % 2, &long, &[]));
    }
    for seed in 0..24 {
        let picked = distractors(&target, &pool, &mut StdRng::seed_from_u64(seed));
        assert_eq!(
            sorted(picked),
            ["abcdefghij", "klmnopqrst", "uvwxyzabcd"],
            "seed {seed}: the three answers as long as the right one"
        );
    }
}

#[test]
fn wrong_options_vary_among_answers_of_a_comparable_length() {
    // Three answers as long as the right one, three a little longer (14 characters for
    // 10: comparable), three far longer: the draw varies over the first six, never the last.
    let target = card(1, 1, "ten chars!", &[]);
    let mut pool = Vec::new();
    for (i, b) in ["abcdefghij", "klmnopqrst", "uvwxyzabcd"]
        .iter()
        .enumerate()
    {
        pool.push(card(2 + i as i64, 2, b, &[]));
    }
    for (i, b) in ["fourteen chars", "fourteen other", "fourteen again"]
        .iter()
        .enumerate()
    {
        pool.push(card(10 + i as i64, 3, b, &[]));
    }
    for i in 0..3 {
        pool.push(card(
            20 + i,
            2,
            &format!("far {i} {}", "longer ".repeat(40)),
            &[],
        ));
    }
    let mut comparable_drawn = false;
    for seed in 0..24 {
        let picked = distractors(&target, &pool, &mut StdRng::seed_from_u64(seed));
        assert_eq!(picked.len(), 3);
        assert!(
            picked.iter().all(|p| !p.starts_with("far")),
            "seed {seed}: {picked:?}"
        );
        comparable_drawn |= picked.iter().any(|p| p.starts_with("fourteen"));
    }
    assert!(comparable_drawn, "answers a little longer are drawn too");
}

#[test]
fn wrong_options_come_from_the_same_stage_first() {
    let target = card(1, 1, "ten chars!", &[]);
    let mut pool = Vec::new();
    for (i, b) in [
        "abcdefghij",
        "klmnopqrst",
        "uvwxyzabcd",
        "0123456789",
        "9876543210",
    ]
    .iter()
    .enumerate()
    {
        let mut c = card(2 + i as i64, 2, b, &[]);
        if i >= 3 {
            c.stage = Stage::Advanced;
        }
        pool.push(c);
    }
    for seed in 0..24 {
        let picked = distractors(&target, &pool, &mut StdRng::seed_from_u64(seed));
        assert_eq!(
            sorted(picked),
            ["abcdefghij", "klmnopqrst", "uvwxyzabcd"],
            "seed {seed}: the Beginner answers, not the Advanced ones"
        );
    }
}

#[test]
fn wrong_options_sharing_a_tag_come_before_similar_lengths() {
    let target = card(1, 1, "ten chars!", &["sql"]);
    let mut pool = Vec::new();
    for i in 0..3 {
        let long = format!(
            "a tagged answer {i} {}",
            "of a very different length ".repeat(10)
        );
        pool.push(card(2 + i, 2, &long, &["sql", "other"]));
    }
    for (i, b) in ["abcdefghij", "klmnopqrst", "uvwxyzabcd", "0123456789"]
        .iter()
        .enumerate()
    {
        pool.push(card(10 + i as i64, 3, b, &["other"]));
    }
    for seed in 0..24 {
        let picked = distractors(&target, &pool, &mut StdRng::seed_from_u64(seed));
        assert!(
            picked.iter().all(|p| p.starts_with("a tagged answer")),
            "seed {seed}: {picked:?}"
        );
        assert_eq!(picked.len(), 3);
    }
}

fn candidate(id: i64, answers: u32, recent_passed: u32, recent: u32) -> Candidate {
    Candidate {
        card: card(id, 1, &format!("answer {id}"), &[]),
        history: History {
            answers,
            recent_passed,
            recent,
        },
    }
}

#[test]
fn weakest_first_puts_the_lower_recent_accuracy_first() {
    // Same state (none), both answered: 2 of 4 recent answers passed is weaker than 1 of 1.
    for seed in 0..16 {
        let cands = vec![candidate(1, 1, 1, 1), candidate(2, 4, 2, 4)];
        let picked = select(cands, 1, Order::Weakest, &mut StdRng::seed_from_u64(seed));
        assert_eq!(picked[0].card.id, CardId(2), "seed {seed}");
    }
    for seed in 0..16 {
        let cands = vec![
            candidate(1, 3, 3, 3),
            candidate(2, 5, 1, 5),
            candidate(3, 0, 0, 0),
        ];
        let order: Vec<i64> = select(cands, 3, Order::Weakest, &mut StdRng::seed_from_u64(seed))
            .iter()
            .map(|c| c.card.id.0)
            .collect();
        assert_eq!(order, [3, 2, 1], "never answered, then 20%, then 100%");
    }
}

#[test]
fn a_choice_question_with_two_options_is_still_a_choice() {
    let target = card(1, 1, "right", &[]);
    let pool = vec![target.clone(), card(2, 2, "wrong", &[])];
    let s = style(
        &target,
        DrillMode::Choice,
        &pool,
        &mut StdRng::seed_from_u64(1),
    );
    match s {
        AskStyle::Choice { options, correct } => {
            assert_eq!(sorted(options.clone()), ["right", "wrong"]);
            assert_eq!(options[correct], "right");
        }
        other => panic!("two options make a choice question: {other:?}"),
    }
    // One card alone has nothing to choose between: it is asked as a typed question.
    let alone = style(
        &target,
        DrillMode::Choice,
        std::slice::from_ref(&target),
        &mut StdRng::seed_from_u64(1),
    );
    assert_eq!(alone, AskStyle::Typed);
}

#[test]
fn an_answer_to_a_reference_without_key_terms_must_be_the_reference() {
    // `to be`: stopwords only, so no key terms to count.
    let wrong = assess("xyz", "to be");
    assert_eq!(wrong.terms, 0);
    assert!(wrong.score < 0.5, "{wrong:?}");
    assert!(!wrong.suggested.passed(), "{wrong:?}");
    let right = assess("To be!", "to be");
    assert_eq!((right.score, right.suggested.value()), (1.0, 5));
}

fn result(skill: &str, ms: i64) -> report::Result {
    report::Result {
        card: format!("{skill}/{ms}"),
        skill: skill.into(),
        stage: Stage::Beginner,
        question: "q".into(),
        expected: "a".into(),
        typed: None,
        quality: 4,
        duration_ms: ms,
        over_time: false,
    }
}

#[test]
fn the_median_of_an_even_number_of_answers_is_the_mean_of_the_middle_two() {
    let r = build(
        &[
            result("A", 4000),
            result("A", 1000),
            result("A", 3000),
            result("A", 9000),
            result("B", 5000),
        ],
        &[],
    );
    let median = |name: &str| {
        r.skills
            .iter()
            .find(|s| s.skill == name)
            .map(|s| s.median_ms)
            .unwrap()
    };
    assert_eq!(median("A"), 3500);
    assert_eq!(median("B"), 5000);
}

#[test]
fn a_review_asks_each_kind_of_card_its_own_way() {
    let mut c = card(1, 1, "answer", &[]);
    assert_eq!(review_style(&c, None), AskStyle::Flash);
    c.kind = CardKind::Typed;
    assert_eq!(review_style(&c, None), AskStyle::Typed);
    c.kind = CardKind::Cloze;
    c.front = "the [...] here".into();
    assert_eq!(
        review_style(&c, None),
        AskStyle::Cloze {
            text: "the [...] here".into(),
            answer: "answer".into()
        }
    );
    c.kind = CardKind::Choice;
    let options = vec!["answer".to_string(), "other".to_string()];
    assert_eq!(
        review_style(&c, Some((options.clone(), 0))),
        AskStyle::Choice {
            options,
            correct: 0
        }
    );
}

#[test]
fn each_grade_has_its_word_and_the_words_read_back() {
    use recall::core::schedule::Quality;
    use recall::core::session::parse_grade;
    let words: Vec<&str> = (0..=5).map(|q| Quality::new(q).unwrap().word()).collect();
    assert_eq!(
        words,
        ["blackout", "again", "wrong", "hard", "good", "easy"]
    );
    for (word, q) in [
        ("again", 1),
        ("hard", 3),
        ("good", 4),
        ("easy", 5),
        (" GOOD ", 4),
    ] {
        assert_eq!(parse_grade(word).map(Quality::value), Some(q), "{word}");
    }
    assert_eq!(parse_grade("6"), None);
    assert_eq!(
        parse_grade("wrong"),
        None,
        "Anki has no `wrong`: 2 is typed as a number"
    );
}

#[test]
fn a_hint_shows_twelve_words_and_marks_a_longer_answer_cut() {
    use recall::core::session::hint;
    let twelve = "one two three four five six seven eight nine ten eleven twelve";
    assert_eq!(
        hint(twelve, 1),
        "o__ t__ t____ f___ f___ s__ s____ e____ n___ t__ e_____ t_____"
    );
    assert_eq!(
        hint(&format!("{twelve} thirteen"), 2),
        "on_ tw_ th___ fo__ fi__ si_ se___ ei___ ni__ te_ el____ tw____ …"
    );
    assert_eq!(hint("C'est la vie.", 1), "C'___ l_ v__.");
}
