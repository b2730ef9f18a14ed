//! The quality bar of the built-in decks: every skill has interview questions at every
//! stage, each question has key points, no question repeats another or talks about "the
//! guide", choice questions are fair, and a mock interview asks only interview questions.

mod common;

use std::collections::{BTreeMap, HashMap};

use common::Env;
use recall::core::grade::normalize;
use recall::core::model::{CardDraft, CardKind, DeckDraft, Stage};
use serde_json::Value;

const NOW: &str = "2026-12-02T09:00:00Z";

fn decks() -> Vec<DeckDraft> {
    recall::builtin::decks().expect("the built-in decks parse")
}

fn is_interview(c: &CardDraft) -> bool {
    c.tags.iter().any(|t| t == "interview")
}

#[test]
fn every_skill_has_interview_questions_at_every_stage() {
    let decks = decks();
    assert_eq!(decks.len(), 15);
    for deck in &decks {
        let questions: Vec<&CardDraft> = deck.cards.iter().filter(|c| is_interview(c)).collect();
        assert!(questions.len() >= 25, "{}: {}", deck.name, questions.len());
        for stage in Stage::ALL {
            let n = questions.iter().filter(|c| c.stage == stage).count();
            assert!(n >= 8, "{}: {n} {stage} questions", deck.name);
        }
    }
}

#[test]
fn every_question_has_two_to_five_key_points_with_real_phrasings() {
    // Exercises are graded by running them (tests/exercise_content.rs), not by key points.
    for c in decks()
        .iter()
        .flat_map(|d| &d.cards)
        .filter(|c| is_interview(c) && !c.kind.is_exercise())
    {
        assert!(
            (2..=5).contains(&c.key_points.len()),
            "{}: {} key points",
            c.guid,
            c.key_points.len()
        );
        for p in &c.key_points {
            assert!(
                (1..=4).contains(&p.phrasings().len()),
                "{}: {:?}",
                c.guid,
                p
            );
            assert!(p.phrasings().iter().all(|s| !s.trim().is_empty()));
        }
        assert!(!c.tags.iter().any(|t| t == "resources"), "{}", c.guid);
    }
}

#[test]
fn exercises_are_where_they_belong_and_carry_no_key_points() {
    let decks = decks();
    let mut per_kind: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for deck in &decks {
        for c in deck.cards.iter().filter(|c| c.kind.is_exercise()) {
            let skill = deck
                .name
                .rsplit("::")
                .next()
                .unwrap_or_default()
                .to_string();
            *per_kind.entry((skill, c.kind.as_str())).or_default() += 1;
            assert!(
                c.guid.contains("/x/"),
                "{}: an exercise's id is <skill>/x/<slug>",
                c.guid
            );
            assert!(
                c.key_points.is_empty() && c.choices.is_empty(),
                "{}",
                c.guid
            );
            assert!(
                c.tags.iter().any(|t| t == "exercise"),
                "{}: tagged exercise",
                c.guid
            );
            assert!(
                !c.note.is_empty(),
                "{}: every shipped exercise explains itself",
                c.guid
            );
        }
    }
    let count = |skill: &str, kind: &str| per_kind.get(&(skill.to_string(), kind)).copied();
    assert!(count("SQL", "sql").is_some_and(|n| n >= 30), "{per_kind:?}");
    assert!(
        count("Python", "output").is_some_and(|n| n >= 20),
        "{per_kind:?}"
    );
    assert_eq!(
        per_kind.len(),
        2,
        "exercises only in SQL and Python: {per_kind:?}"
    );
}

#[test]
fn no_card_talks_about_the_guide_and_no_two_fronts_are_near_duplicates() {
    let mut seen: HashMap<String, String> = HashMap::new();
    for c in decks().iter().flat_map(|d| &d.cards) {
        assert!(
            !c.front.to_lowercase().contains("the guide"),
            "{}: {}",
            c.guid,
            c.front
        );
        if is_interview(c) {
            assert!(!c.back.to_lowercase().contains("the guide"), "{}", c.guid);
        }
        if let Some(first) = seen.insert(normalize(&c.front), c.guid.clone()) {
            panic!("{} repeats the front of {first}: {}", c.guid, c.front);
        }
    }
}

#[test]
fn authored_choice_questions_have_three_distinct_wrong_options() {
    let choice = decks()
        .into_iter()
        .flat_map(|d| d.cards)
        .filter(|c| c.kind == CardKind::Choice && is_interview(c))
        .collect::<Vec<_>>();
    assert!(choice.len() >= 15, "{}", choice.len());
    for c in &choice {
        let mut options: Vec<String> = c.choices.iter().map(|o| o.trim().to_lowercase()).collect();
        options.push(c.back.trim().to_lowercase());
        options.sort();
        options.dedup();
        assert_eq!(options.len(), 4, "{}: {:?} / {}", c.guid, c.choices, c.back);
    }
}

#[test]
fn a_fresh_database_lists_the_interview_questions_of_every_skill() {
    let env = Env::new();
    let cards = env.json(&["cards", "--json"], NOW);
    let mut per_skill: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for c in cards.as_array().unwrap() {
        let tags: Vec<&str> = c["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        if tags.contains(&"interview") {
            let stage = c["stage"].as_u64().unwrap() as usize;
            per_skill
                .entry(c["deck"].as_str().unwrap().to_string())
                .or_default()[stage - 1] += 1;
        }
    }
    assert_eq!(per_skill.len(), 15, "{per_skill:?}");
    for (skill, stages) in &per_skill {
        assert!(stages.iter().all(|&n| n >= 8), "{skill}: {stages:?}");
        assert!(stages.iter().sum::<usize>() >= 25, "{skill}: {stages:?}");
    }
    let sql = env.json(&["cards", "--deck", "sql", "--json"], NOW);
    let sql_interview = sql
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "interview")
        })
        .count();
    assert!(sql_interview >= 25, "{sql_interview}");

    // Key points are stored with the card and shown with it.
    let card = env.json(&["info", "sql/q/inner-vs-left-join", "--json"], NOW);
    let points = card["key_points"].as_array().expect("key points");
    assert_eq!(points.len(), 3, "{card}");
    assert_eq!(points[0][0], "INNER keeps only matching rows");
    let page = env.ok(&["info", "sql/q/inner-vs-left-join"], NOW, "");
    assert!(
        page.contains("Key:    INNER keeps only matching rows | only rows matched in both tables"),
        "{page}"
    );
}

#[test]
fn a_mock_interview_asks_only_interview_questions_whatever_the_seed() {
    let env = Env::new();
    let questions: Vec<String> = decks()
        .iter()
        .flat_map(|d| &d.cards)
        .filter(|c| is_interview(c))
        .map(|c| c.guid.clone())
        .collect();
    let mut asked = 0;
    for seed in 0..12 {
        let out = env.ok(
            &[
                "--seed",
                &seed.to_string(),
                "drill",
                "--interview",
                "--json",
            ],
            NOW,
            &"\n0\n".repeat(10),
        );
        let start = out.find("\n{\n").expect("a JSON report") + 1;
        let report: Value = serde_json::from_str(&out[start..]).expect("valid JSON");
        let missed = report["missed"].as_array().unwrap();
        assert_eq!(missed.len(), 10, "every answer graded 0 is a miss");
        for m in missed {
            let id = m["card"].as_str().unwrap();
            assert!(questions.iter().any(|q| q == id), "seed {seed}: asked {id}");
            asked += 1;
        }
    }
    assert_eq!(asked, 120);
}
