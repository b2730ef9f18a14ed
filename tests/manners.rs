//! The REPL's manners through piped sessions: the first session's welcome, bare `help`,
//! `undo` and `quit` at the grade prompt, `--interview --shuffle`, singular and plural, and
//! the `history` setting. Ctrl-C and Tab are in `terminal.rs` (they need a terminal).

mod common;

use common::{Env, deck_toml};

const NOW: &str = "2026-01-01T12:00:00Z";

fn with_deck(env: &Env) {
    let file = env.write(
        "solo.toml",
        &deck_toml(
            "Solo",
            &[
                ("solo/1", "2 + 2?", "four"),
                ("solo/2", "Capital of France?", "Paris"),
            ],
        ),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
}

#[test]
fn sessions_before_the_first_answer_say_what_is_loaded_and_how_to_answer() {
    let env = Env::new();
    let first = env.ok(&["review"], NOW, ":quit\n");
    let cards = common::built_in_cards();
    assert!(first.starts_with("Welcome to recall.\n"), "{first}");
    assert!(
        first.contains(&format!("Loaded: 15 decks with {cards} cards")),
        "{first}"
    );
    assert!(
        first.contains("type your answer, or press Enter"),
        "{first}"
    );
    assert!(first.contains(":help lists the commands"), "{first}");
    // Not answered yet: still a first run.
    let again = env.ok(&["review"], NOW, ":quit\n");
    assert!(again.starts_with("Welcome to recall.\n"), "{again}");
    env.ok(&["review"], NOW, "\n4\n:quit\n");
    let later = env.ok(&["review"], NOW, ":quit\n");
    assert!(!later.contains("Welcome"), "{later}");
}

#[test]
fn bare_help_undo_and_quit_work_at_the_grade_prompt() {
    let env = Env::new();
    with_deck(&env);
    // Reveal, `help`, grade 4; the second card: reveal, `undo` (takes back the first
    // grade: the first card again), reveal, 5, then `quit` at the next grade prompt.
    let out = env.ok(
        &["review", "--deck", "solo"],
        NOW,
        "\nhelp\n4\n\nundo\n\n5\n\nquit\n",
    );
    assert!(out.contains(":suspend  stop showing this card"), "{out}");
    assert!(out.contains("recorded 4 (good)"), "{out}");
    assert!(out.contains("undone"), "{out}");
    assert!(out.contains("recorded 5 (easy)"), "{out}");
    assert!(!out.contains("is not a grade"), "{out}");
    assert!(
        out.contains("Session over: 1 card, 1 answer, 100% correct"),
        "{out}"
    );
    // Only the regrade is kept; `quit` was not taken for an answer to the second card.
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 1);
    assert_eq!(env.count("SELECT quality FROM reviews"), 5);
    // At the question a bare word is an answer: `help` is typed, compared and revealed.
    let env = Env::new();
    with_deck(&env);
    let out = env.ok(&["review", "--deck", "solo"], NOW, "help\n1\n:quit\n");
    assert!(out.contains("Answer: four"), "{out}");
    assert!(out.contains("recorded 1 (again)"), "{out}");
}

/// The question after each `[n/N]` header of a session's output.
fn questions(out: &str) -> Vec<String> {
    let lines: Vec<&str> = out.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with('['))
        .filter_map(|(i, _)| lines.get(i + 1).map(|q| (*q).to_string()))
        .collect()
}

/// A three-question mock interview on a copy of `base`'s database, every answer wrong.
fn interview(base: &Env, seed: u64, shuffle: bool) -> Vec<String> {
    let env = Env::new();
    std::fs::copy(&base.db, &env.db).expect("copy the database");
    let seed = seed.to_string();
    let mut args = vec!["--seed", &seed, "drill", "--interview", "--count", "3"];
    if shuffle {
        args.push("--shuffle");
    }
    let out = env.ok(&args, NOW, "x\n0\nx\n0\nx\n0\n");
    assert!(out.contains("Drill report: 0/3 correct"), "{out}");
    questions(&out)
}

#[test]
fn an_interview_can_be_shuffled() {
    // After one interview the questions it asked are no longer the weakest (never answered
    // comes first), so weakest-first and a shuffle part ways.
    let base = Env::new();
    let first = base.ok(
        &["--seed", "1", "drill", "--interview", "--count", "3"],
        NOW,
        "x\n0\nx\n0\nx\n0\n",
    );
    assert_eq!(questions(&first).len(), 3);
    let weakest = interview(&base, 7, false);
    assert_eq!(weakest.len(), 3);
    assert_eq!(
        interview(&base, 7, false),
        weakest,
        "the same seed, the same interview"
    );
    for q in &questions(&first) {
        assert!(
            !weakest.contains(q),
            "weakest-first asks new questions first: {q}"
        );
    }
    // The same seed orders the skills alike; --shuffle must pick other questions for some.
    let differs = (2..=6).any(|seed| interview(&base, seed, true) != interview(&base, seed, false));
    assert!(differs, "--shuffle asks other questions than weakest-first");
}

#[test]
fn one_is_singular() {
    let env = Env::new();
    with_deck(&env);
    let out = env.ok(&["review", "--deck", "solo"], NOW, "\n5\n:stats\n:quit\n");
    assert!(out.contains("so far: 1 answer, 1 correct"), "{out}");
    assert!(out.contains("Session over: 1 card, 1 answer"), "{out}");
    let cards = env.ok(&["cards", "--deck", "solo", "four"], NOW, "");
    assert!(
        cards.ends_with("1 card (St = stage, ✓ = mastered)\n"),
        "{cards}"
    );
    let found = env.ok(&["search", "france"], NOW, "");
    assert!(found.ends_with("1 card matches.\n"), "{found}");
}

#[test]
fn history_is_a_setting() {
    let env = Env::new();
    assert_eq!(env.ok(&["config", "get", "history"], NOW, ""), "on\n");
    env.ok(&["config", "set", "history", "off"], NOW, "");
    assert_eq!(env.ok(&["config", "get", "history"], NOW, ""), "off\n");
    let err = env.fails(&["config", "set", "history", "maybe"], NOW);
    assert!(err.contains("`history` must be"), "{err}");
    let list = env.ok(&["config", "list"], NOW, "");
    assert!(list.contains("recall_history.txt"), "{list}");
}
