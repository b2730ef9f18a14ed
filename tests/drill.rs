//! `recall drill` through the real binary in pipe mode: each question format, the schedule
//! left alone unless --reschedule, mock interviews, leeches and the report; and the quality
//! of choice questions over every built-in card.

mod common;

use common::{Env, deck_toml};
use rand::SeedableRng;
use rand::rngs::StdRng;
use recall::core::choice;
use recall::core::grade::normalize;
use recall::core::model::Card;
use serde_json::Value;

const NOW: &str = "2026-02-01T12:00:00Z";

fn capitals(env: &Env) {
    let text = r#"name = "Geo::Capitals"

[[cards]]
id = "geo/fr"
kind = "choice"
front = "Capital of France?"
back = "Paris"
choices = ["Lyon", "Marseille", "Nice"]

[[cards]]
id = "geo/de"
kind = "choice"
front = "Capital of Germany?"
back = "Berlin"
choices = ["Munich", "Hamburg", "Cologne"]
"#;
    let file = env.write("geo.toml", text);
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
}

/// The options printed for each question, in order: `(question, options)`.
fn options(out: &str) -> Vec<(String, Vec<String>)> {
    let mut qs: Vec<(String, Vec<String>)> = Vec::new();
    let lines: Vec<&str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with('[') && l.contains("] ") {
            qs.push((lines[i + 1].to_string(), Vec::new()));
        } else if let (Some(q), Some(rest)) = (qs.last_mut(), l.strip_prefix("  ")) {
            if let Some((n, text)) = rest.split_once(". ") {
                if n.parse::<usize>().is_ok() {
                    q.1.push(text.to_string());
                }
            }
        }
    }
    qs
}

fn report_json(out: &str) -> Value {
    let start = out.find("\n{\n").expect("a JSON report") + 1;
    serde_json::from_str(&out[start..]).expect("valid JSON")
}

#[test]
fn choice_answers_are_scored_by_the_option_number() {
    let env = Env::new();
    capitals(&env);
    let args = [
        "--seed",
        "7",
        "drill",
        "--skill",
        "capitals",
        "--mode",
        "choice",
        "--shuffle",
        "--json",
    ];
    // A first look (no answers) shows the seeded order of questions and options.
    let look = env.ok(&args, NOW, ":quit\n");
    let qs = options(&look);
    assert_eq!(
        qs.len(),
        1,
        "the session stops at the first question:\n{look}"
    );
    let first = &qs[0];
    let answer = if first.0.contains("France") {
        "Paris"
    } else {
        "Berlin"
    };
    let right = first.1.iter().position(|o| o == answer).unwrap() + 1;
    let wrong = if right == 1 { 2 } else { 1 };
    // The same seed gives the same drill: the right number for the first, a wrong one next.
    let out = env.ok(&args, NOW, &format!("{right}\n{wrong}\n\n"));
    assert_eq!(options(&out)[0], qs[0], "--seed repeats the drill");
    assert!(
        out.contains(&format!("✓ right: {right}. {answer}")),
        "{out}"
    );
    assert!(out.contains("✗ wrong: the answer is"), "{out}");
    let report = report_json(&out);
    assert_eq!(report["correct"], 1);
    assert_eq!(report["total"], 2);
    assert_eq!(report["missed"].as_array().unwrap().len(), 1);
}

/// A typed answer's grade is suggested and given by the learner: Enter alone used to take
/// the suggestion (so Enter, Enter recorded a blackout); now it asks again.
#[test]
fn typed_answers_suggest_a_grade_the_learner_confirms_or_overrides() {
    let env = Env::new();
    let file = env.write(
        "t.toml",
        &deck_toml(
            "Typed",
            &[("t/1", "Container orchestrator by Google?", "Kubernetes")],
        ),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    let exact = env.ok(
        &["drill", "--skill", "typed", "--mode", "typed"],
        NOW,
        "kubernetes\n\n5\n",
    );
    assert!(exact.contains("suggested grade 5"), "{exact}");
    assert!(
        exact.contains("type a grade: 5 is suggested; 0-5, or again/hard/good/easy"),
        "{exact}"
    );
    assert!(exact.contains("recorded 5 (easy)"), "{exact}");
    let empty = env.ok(
        &["drill", "--skill", "typed", "--mode", "typed"],
        NOW,
        "\n\n",
    );
    assert!(
        empty.contains("type a grade: 0 is suggested") && !empty.contains("recorded"),
        "an empty answer suggests 0, and Enter records nothing:\n{empty}"
    );
    let overridden = env.ok(
        &["drill", "--skill", "typed", "--mode", "typed"],
        NOW,
        "kubernets\n3\n",
    );
    assert!(overridden.contains("recorded 3 (hard)"), "{overridden}");
}

#[test]
fn typed_drills_show_the_missing_key_terms() {
    let env = Env::new();
    let out = env.ok(
        &[
            "--seed",
            "1",
            "drill",
            "--skill",
            "sql",
            "--stage",
            "beginner",
            "--mode",
            "typed",
            "--count",
            "1",
            "--shuffle",
        ],
        NOW,
        "a standardized query language for relational databases\n3\n",
    );
    // Five of the eleven key terms (seven make full marks; `SQL` is in the question, and
    // `essential` is filler an answer need not repeat).
    assert!(
        out.contains("Your answer: 71% match · suggested grade 3 (hard)\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "\nmissing: Structured, programming, managing, manipulating, fetching, data\n"
        ),
        "{out}"
    );
    assert!(out.contains("recorded 3 (hard)"), "{out}");
}

#[test]
fn cloze_drills_blank_a_term_and_grade_the_fill() {
    let env = Env::new();
    let out = env.ok(
        &[
            "drill", "--skill", "python", "--tag", "cloze", "--mode", "cloze",
        ],
        NOW,
        "readability\n5\n",
    );
    assert!(
        out.contains(
            "Python is a high-level programming language known for its [...] and versatility."
        ),
        "{out}"
    );
    assert!(out.contains("recorded 5"), "{out}");
    // A basic card in cloze mode: its answer with a key term blanked.
    let out = env.ok(
        &[
            "drill", "--skill", "sql", "--tag", "usage", "--mode", "cloze",
        ],
        NOW,
        "wrangling\n4\n",
    );
    assert!(out.contains("[...]"), "{out}");
    assert!(
        out.contains("Where does SQL fit in an AI/ML workflow?"),
        "{out}"
    );
}

#[test]
fn a_drill_leaves_the_schedule_alone_unless_asked() {
    let env = Env::new();
    // Give the cards a schedule first.
    env.ok(
        &["review", "--deck", "python", "--new", "3"],
        NOW,
        &"\n5\n".repeat(3),
    );
    // The cards that review scheduled: every beginner card of the drill below is one.
    let cards = env.json(&["cards", "--deck", "python", "--json"], NOW);
    let ids: Vec<String> = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["state"].is_null())
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    let before: Vec<Value> = ids
        .iter()
        .map(|id| env.json(&["info", id, "--json"], NOW))
        .collect();
    env.ok(
        &[
            "drill", "--skill", "python", "--stage", "beginner", "--mode", "flash", "--count", "40",
        ],
        NOW,
        &"\n1\n".repeat(40),
    );
    for (id, b) in ids.iter().zip(&before) {
        let after = env.json(&["info", id, "--json"], NOW);
        assert_eq!(
            after["state"], b["state"],
            "{id}: the schedule is untouched"
        );
        let modes: Vec<&str> = after["reviews"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["mode"].as_str().unwrap())
            .collect();
        assert_eq!(
            modes.last(),
            Some(&"drill"),
            "{id}: the drill answer is logged"
        );
    }
    let skills = env.json(&["skills", "--json"], NOW);
    assert!(skills.as_array().unwrap().iter().all(|s| s["level"] == 0));

    env.ok(
        &[
            "drill",
            "--skill",
            "python",
            "--stage",
            "beginner",
            "--mode",
            "flash",
            "--reschedule",
            "--count",
            "40",
        ],
        NOW,
        &"\n1\n".repeat(40),
    );
    for (id, b) in ids.iter().zip(&before) {
        let after = env.json(&["info", id, "--json"], NOW);
        assert_ne!(
            after["state"], b["state"],
            "{id}: --reschedule applies the answer"
        );
        assert_eq!(after["state"]["interval_days"], 1);
    }
}

#[test]
fn a_mock_interview_is_timed_typed_and_spans_skills() {
    let env = Env::new();
    let out = env.ok(
        &[
            "--seed",
            "2",
            "drill",
            "--interview",
            "--count",
            "5",
            "--json",
        ],
        NOW,
        &"\n0\n".repeat(5),
    );
    assert!(out.contains("90 seconds per answer"), "{out}");
    assert!(!out.contains("  1. "), "open answers, no options:\n{out}");
    let report = report_json(&out);
    assert_eq!(report["total"], 5);
    assert_eq!(
        report["skills"].as_array().unwrap().len(),
        5,
        "five questions, five skills"
    );
    assert_eq!(
        report["stages"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        vec!["Beginner"],
        "Novice skills: Beginner questions only"
    );
}

#[test]
fn the_report_scores_skills_and_stages() {
    let env = Env::new();
    let out = env.ok(
        &[
            "drill", "--skill", "sql", "--stage", "beginner", "--mode", "flash", "--count", "2",
        ],
        NOW,
        "\n5\n\n1\n",
    );
    assert!(out.contains("Drill report: 1/2 correct (50%)"), "{out}");
    assert!(out.contains("SQL — 1/2 correct, median"), "{out}");
    assert!(
        out.contains("SQL Beginner: 2 answers in 30 days — 3 more for a verdict"),
        "{out}"
    );
    assert!(out.contains("By stage: Beginner 1/2"), "{out}");
    assert!(out.contains("Missed:"), "{out}");
}

#[test]
fn leeches_are_drilled_on_their_own() {
    let env = Env::new();
    let none = env.ok(&["drill", "--leeches"], NOW, "");
    assert!(none.contains("no leeches"), "{none}");
    env.ok(&["review", "--deck", "sql"], NOW, "\n5\n:quit\n");
    env.sql()
        .execute("UPDATE card_state SET lapses = 9 WHERE card_id = (SELECT id FROM cards WHERE guid = 'sql/definition')", [])
        .unwrap();
    let out = env.ok(&["drill", "--leeches", "--mode", "flash"], NOW, "\n4\n");
    assert!(out.contains("What is SQL?"), "{out}");
    assert!(out.contains("Drill report: 1/1"), "{out}");
}

#[test]
fn bad_drill_options_are_refused() {
    let env = Env::new();
    let err = env.fails(&["drill", "--mode", "quiz"], NOW);
    assert!(
        err.contains("expected flash, typed, choice, cloze or mixed"),
        "{err}"
    );
    let err = env.fails(&["drill", "--stage", "expert"], NOW);
    assert!(err.contains("expected a stage"), "{err}");
    let err = env.fails(&["drill", "--time-limit", "0"], NOW);
    assert!(err.contains("--time-limit"), "{err}");
    let err = env.fails(&["drill", "--skill", "cobol"], NOW);
    assert!(err.contains("no deck matches `cobol`"), "{err}");
}

/// Over every built-in card: a choice question has four distinct options, exactly one of
/// which is the right answer.
#[test]
fn every_built_in_choice_question_has_four_options_and_one_answer() {
    let decks = recall::builtin::decks().unwrap();
    let mut pool: Vec<Card> = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        for c in &deck.cards {
            pool.push(Card {
                id: recall::core::model::CardId(pool.len() as i64),
                guid: c.guid.clone(),
                deck_id: d as i64,
                deck: deck.name.clone(),
                stage: c.stage,
                kind: c.kind,
                front: c.front.clone(),
                back: c.back.clone(),
                choices: c.choices.clone(),
                tags: c.tags.clone(),
                key_points: c.key_points.clone(),
                note: c.note.clone(),
                sql: c.sql.clone(),
                suspended: false,
                state: None,
            });
        }
    }
    let mut rng = StdRng::seed_from_u64(11);
    for card in &pool {
        for _ in 0..5 {
            let (opts, right) = choice::question(card, &pool, &mut rng);
            assert_eq!(opts.len(), 4, "{}: {opts:?}", card.guid);
            let norm: Vec<String> = opts.iter().map(|o| normalize(o)).collect();
            let mut distinct = norm.clone();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), 4, "{}: options repeat: {opts:?}", card.guid);
            let answer = normalize(&card.back);
            assert_eq!(
                norm.iter().filter(|o| **o == answer).count(),
                1,
                "{}",
                card.guid
            );
            assert_eq!(norm[right], answer, "{}", card.guid);
        }
    }
}

/// Readiness needs evidence: three right answers give no verdict, only how many more are
/// needed; twenty typed answers, two of them wrong, give one with its bound.
#[test]
fn readiness_needs_five_answers_and_states_its_bound() {
    let env = Env::new();
    let file = env.write("q.toml", &common::numbered_deck("Quiz", "q", 20));
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    let drill = |count: usize, input: &str| {
        let n = count.to_string();
        env.ok(
            &[
                "drill", "--skill", "quiz", "--mode", "typed", "--count", &n, "--json",
            ],
            NOW,
            input,
        )
    };
    let three = drill(3, &"my answer\n5\n".repeat(3));
    assert!(three.contains("Drill report: 3/3 correct"), "{three}");
    assert!(
        three.contains("Quiz Beginner: 3 answers in 30 days — 2 more for a verdict"),
        "{three}"
    );
    assert!(
        !three.contains("— ready") && !three.contains("not ready"),
        "no verdict from three answers:\n{three}"
    );
    let v = &report_json(&three)["readiness"][0];
    assert_eq!(
        (v["ready"].clone(), v["needed"].clone()),
        (Value::Null, 2.into())
    );

    // A month later the three have left the window: twenty fresh answers, 18 right.
    let later = "2026-03-15T12:00:00Z";
    let input = format!(
        "{}{}",
        "my answer\n5\n".repeat(18),
        "no idea\n1\n".repeat(2)
    );
    let out = env.ok(
        &[
            "drill", "--skill", "quiz", "--mode", "typed", "--count", "20", "--json",
        ],
        later,
        &input,
    );
    // Wilson, z = 1.645: p = .9, n = 20 → (.9 + .0677 − .1294) / 1.1353 = .738.
    assert!(
        out.contains("Quiz Beginner: 18/20 right, likely ≥ 73% — ready"),
        "{out}"
    );
    let v = &report_json(&out)["readiness"][0];
    assert_eq!(v["answers"], 20);
    assert_eq!(v["ready"], true);
    let bound = v["likely_at_least"].as_f64().unwrap();
    assert!((bound - 0.738).abs() < 0.001, "{bound}");
}
