//! Levels from retention over time, through the real binary: a learner who answers every
//! due card of one skill with 4 (good), every day from day 1, and what the skill's level
//! does — the figures the README gives. Then one session of failures.

mod common;

use chrono::{Duration, NaiveDate};
use common::Env;

/// Study day `n` (day 1 is 2026-01-01), at noon UTC.
fn day(n: i64) -> String {
    let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(n - 1);
    format!("{d}T12:00:00Z")
}

fn python_level(env: &Env, now: &str) -> u64 {
    let skills = env.json(&["skills", "--json"], now);
    skills
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.ends_with("Python")))
        .and_then(|s| s["level"].as_u64())
        .expect("Python is a skill")
}

/// Every card of the session revealed and graded `grade`: each takes two lines (an empty
/// answer, then the grade), whatever its kind; enough for every repeat of every card.
fn answer_all(grade: u8) -> String {
    format!("\n{grade}\n").repeat(1_000)
}

#[test]
fn good_answers_on_every_due_day_reach_advanced_in_months_not_days() {
    let env = Env::new();
    let mut changes: Vec<(i64, String)> = Vec::new();
    let mut answered_days = 0;
    for n in 1..=120 {
        let out = env.ok(&["review", "--deck", "python"], &day(n), &answer_all(4));
        if out.contains("recorded") {
            answered_days += 1;
        }
        assert!(!out.contains("recorded 1"), "{out}");
        for line in out.lines().filter(|l| l.starts_with("Python: ")) {
            changes.push((n, line.to_string()));
        }
    }
    let rises: Vec<(i64, &str)> = changes
        .iter()
        .map(|(n, l)| (*n, l.split(" — ").next().unwrap()))
        .collect();
    // SM-2 at grade 4 brings a card back after 1, 6, 15 and 38 days. A card counts once
    // recalled after 7 days or more (21 for Advanced): its fourth answer, 22 days after
    // its first (its fifth, 60 days after, for Advanced). Each stage's new cards come the
    // day after the level before it is reached.
    assert_eq!(
        rises,
        vec![
            (23, "Python: Novice → Beginner"),
            (46, "Python: Beginner → Intermediate"),
            (107, "Python: Intermediate → Advanced"),
        ],
        "{changes:?}"
    );
    assert!(
        answered_days < 40,
        "only due days have answers: {answered_days}"
    );
    assert_eq!(
        python_level(&env, &day(120)),
        3,
        "no level falls with good answers"
    );

    // Months later everything is due: one session failing every card (each comes back
    // three times, failed again) lowers the level one step, not three.
    let late = day(400);
    let out = env.ok(&["review", "--deck", "python"], &late, &answer_all(1));
    let falls: Vec<&str> = out.lines().filter(|l| l.starts_with("Python: ")).collect();
    assert_eq!(
        falls,
        vec!["Python: Advanced → Intermediate — keep reviewing to win it back"],
        "{out}"
    );
    assert_eq!(python_level(&env, &late), 2);
}
