//! Skill levels through the real binary: Python rises from Novice to Beginner over simulated
//! days, unlocks its Intermediate cards only then, falls back after lapses, and follows the
//! thresholds in `config`.

mod common;

use common::Env;
use serde_json::Value;

/// Python's four Beginner cards, in queue order, each answered right: the definition
/// (reveal, 5), the which-skill choice (typed option), the cloze (typed term, Enter takes
/// the suggested 5) and the Beginner step (reveal, 5).
const ALL_RIGHT: &str = "\n5\nPython\nreadability\n\n\n5\n";

fn day(n: u32) -> String {
    format!("2026-03-{n:02}T12:00:00Z")
}

fn python(env: &Env, now: &str) -> Value {
    let skills = env.json(&["skills", "--json"], now);
    skills
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().unwrap().ends_with("::Python"))
        .cloned()
        .expect("Python is a skill")
}

#[test]
fn python_rises_from_novice_to_beginner_and_unlocks_intermediate_cards() {
    let env = Env::new();
    let first = env.ok(&["review", "--deck", "python"], &day(1), ALL_RIGHT);
    assert_eq!(first.matches("recorded").count(), 4, "{first}");
    assert!(
        !first.contains("Intermediate ·"),
        "no Intermediate card while Novice:\n{first}"
    );
    assert!(
        !first.contains("→"),
        "no level change after one day:\n{first}"
    );
    assert_eq!(python(&env, &day(1))["level"], 0);

    // Day 2: the four cards are due again; recalled a second day in a row they are mastered,
    // and the fourth mastered card (4/4 ≥ 80%) raises the level.
    let second = env.ok(&["review", "--deck", "python"], &day(2), ALL_RIGHT);
    assert!(!second.contains("Intermediate ·"), "{second}");
    let levelled = second
        .lines()
        .position(|l| l == "Python: Novice → Beginner — 4 new Intermediate cards unlocked")
        .unwrap_or_else(|| panic!("level-up line missing:\n{second}"));
    let lines: Vec<&str> = second.lines().collect();
    let last_record = lines.iter().rposition(|l| l.contains("recorded")).unwrap();
    assert_eq!(
        levelled,
        last_record + 1,
        "shown right after the grade that caused it"
    );
    assert!(
        second.contains("Level changes:\n  Python: Novice → Beginner"),
        "{second}"
    );

    let p = python(&env, &day(2));
    assert_eq!(p["level"], 1);
    assert_eq!(p["level_name"], "Beginner");
    assert_eq!(p["stages"][0]["mastered"], 4);
    assert_eq!(p["stages"][1]["cards"], 4);
    assert_eq!(p["last_change"], "2026-03-02");

    // Day 3: nothing is due, but the Intermediate cards now come in as new cards.
    let third = env.ok(&["review", "--deck", "python"], &day(3), ":quit\n");
    assert!(
        third.contains("[1/4] Python · Intermediate · basic · new"),
        "{third}"
    );
    let cards = env.json(&["info", "python/usage", "--json"], &day(3));
    assert_eq!(cards["stage"], 2);
    assert_eq!(cards["mastered"], false);
}

#[test]
fn lapses_that_drop_mastery_below_sixty_percent_lower_the_level() {
    let env = Env::new();
    env.ok(&["review", "--deck", "python"], &day(1), ALL_RIGHT);
    env.ok(&["review", "--deck", "python"], &day(2), ALL_RIGHT);
    assert_eq!(python(&env, &day(2))["level"], 1);
    // Day 8: all four are due. Failing the definition leaves 3/4 = 75% (still Beginner);
    // failing the choice too leaves 2/4 = 50%, under 60%.
    let out = env.ok(
        &["review", "--deck", "python"],
        &day(8),
        "\n1\nSQL\n:quit\n",
    );
    let changes: Vec<&str> = out.lines().filter(|l| l.starts_with("Python: ")).collect();
    assert_eq!(
        changes,
        vec!["Python: Beginner → Novice — keep reviewing to win it back"],
        "{out}"
    );
    assert_eq!(python(&env, &day(8))["level"], 0);
    let history = env.ok(&["skills", "--history", "python"], &day(8), "");
    assert!(history.contains("Novice → Beginner  (answer)"), "{history}");
    assert!(history.contains("Beginner → Novice  (answer)"), "{history}");
    assert_eq!(env.count("SELECT count(*) FROM level_events"), 2);
}

#[test]
fn the_thresholds_come_from_config() {
    // With the default 80%, three mastered cards of four (75%) are not enough.
    let strict = Env::new();
    strict.ok(&["review", "--deck", "python"], &day(1), ALL_RIGHT);
    strict.ok(
        &["review", "--deck", "python"],
        &day(2),
        "\n5\nPython\nreadability\n\n:quit\n",
    );
    assert_eq!(python(&strict, &day(2))["level"], 0);
    assert_eq!(python(&strict, &day(2))["needed_to_rise"], 1);

    // At 70% they are.
    let lenient = Env::new();
    lenient.ok(&["config", "set", "levels.rise_percent", "70"], &day(1), "");
    lenient.ok(&["review", "--deck", "python"], &day(1), ALL_RIGHT);
    let out = lenient.ok(
        &["review", "--deck", "python"],
        &day(2),
        "\n5\nPython\nreadability\n\n:quit\n",
    );
    assert!(out.contains("Python: Novice → Beginner"), "{out}");
    assert_eq!(python(&lenient, &day(2))["level"], 1);

    // A fall threshold at or above the rise threshold would make levels flap: refused.
    let err = lenient.fails(&["config", "set", "levels.fall_percent", "75"], &day(2));
    assert!(
        err.contains("must be below levels.rise_percent (70)"),
        "{err}"
    );
}

#[test]
fn undoing_the_answer_that_raised_a_level_lowers_it_again() {
    let env = Env::new();
    env.ok(&["review", "--deck", "python"], &day(1), ALL_RIGHT);
    let out = env.ok(
        &["review", "--deck", "python"],
        &day(2),
        &format!("{ALL_RIGHT}:undo\n"),
    );
    assert!(out.contains("Python: Novice → Beginner"), "{out}");
    assert!(out.contains("Python: Beginner → Novice"), "{out}");
    assert!(
        !out.contains("Level changes:"),
        "an undone change is not a change of the session:\n{out}"
    );
    assert_eq!(python(&env, &day(2))["level"], 0);
    let history = env.ok(&["skills", "--history", "python"], &day(2), "");
    assert!(history.contains("Novice → Beginner  (answer)"), "{history}");
    assert!(
        history.contains("Beginner → Novice  (undo)"),
        "the log keeps both:\n{history}"
    );
}
