//! Time limits that fire: `drill --time-limit` and `drill --interview`, on the test clock
//! (`RECALL_CLOCK_STEP_MS`: every reading of the clock is one step after the one before).
//!
//! In a piped session the clock is read once per line, so an answer typed straight away
//! takes one step, and one typed after a `:hint` takes two. With a step of 3 s and a limit
//! of 5 s the first is in time and the second over it.

mod common;

use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-27T10:00:00Z";

/// A database with the built-in decks loaded, so the drill's own process reads the clock
/// only for its day and its session.
fn env() -> Env {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    env
}

fn report_json(out: &str) -> Value {
    let start = out.find("\n{\n").expect("a JSON report") + 1;
    serde_json::from_str(&out[start..]).expect("valid JSON")
}

/// (quality, duration in ms) of each drill answer in the review log, in order.
fn logged(env: &Env) -> Vec<(i64, i64)> {
    let conn = env.sql();
    let mut stmt = conn
        .prepare("SELECT quality, duration_ms FROM reviews WHERE mode = 'drill' ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn over_time_misses(report: &Value) -> usize {
    report["missed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["over_time"] == true)
        .count()
}

const FLASH: &[&str] = &[
    "drill", "--skill", "sql", "--stage", "beginner", "--mode", "flash", "--count", "3", "--json",
];

#[test]
fn a_late_answer_in_a_timed_drill_is_a_miss() {
    let env = env();
    let mut args = FLASH.to_vec();
    args.extend(["--time-limit", "5"]);
    // In time (3 s), after a hint (6 s: over, graded 0 at once), in time again.
    let out = env.ok_stepped(&args, NOW, "\n4\n:hint\n\n\n4\n", 3000);
    assert!(
        out.contains("5 seconds per answer; a later answer counts as a miss."),
        "{out}"
    );
    assert_eq!(
        out.matches("over time: counted as a miss").count(),
        1,
        "{out}"
    );
    let report = report_json(&out);
    assert_eq!(
        (report["total"].as_u64(), report["correct"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(over_time_misses(&report), 1, "{report}");
    // Logged: the late answer as a 0; each answer took two readings of the clock in all
    // (shown, answered, graded), 6 s.
    assert_eq!(logged(&env), vec![(4, 6000), (0, 6000), (4, 6000)]);
}

#[test]
fn without_a_limit_the_same_answers_are_in_time() {
    let env = env();
    let out = env.ok_stepped(FLASH, NOW, "\n4\n:hint\n\n4\n\n4\n", 3000);
    assert!(!out.contains("seconds per answer"), "{out}");
    assert!(!out.contains("over time"), "{out}");
    let report = report_json(&out);
    assert_eq!(report["correct"], 3, "{report}");
    assert_eq!(logged(&env), vec![(4, 6000), (4, 9000), (4, 6000)]);
}

#[test]
fn an_answer_at_exactly_the_limit_is_in_time_and_one_millisecond_more_is_not() {
    let mut args = FLASH.to_vec();
    args.extend(["--time-limit", "5"]);
    // After a hint: two steps. 2 × 2500 ms is the limit itself; 2 × 2501 ms is over it.
    let env = env();
    let out = env.ok_stepped(&args, NOW, ":hint\n\n4\n", 2500);
    assert!(!out.contains("over time"), "{out}");
    assert_eq!(logged(&env), vec![(4, 7500)]);
    let env = self::env();
    let out = env.ok_stepped(&args, NOW, ":hint\n\n", 2501);
    assert_eq!(
        out.matches("over time: counted as a miss").count(),
        1,
        "{out}"
    );
    assert_eq!(logged(&env)[0].0, 0);
}

#[test]
fn a_mock_interview_times_each_answer_at_90_seconds() {
    let env = env();
    let args = [
        "--seed",
        "2",
        "drill",
        "--interview",
        "--count",
        "2",
        "--json",
    ];
    // One minute for the first answer (in time), graded 2, two after a hint for the
    // second (over).
    let input = "a tool for data work\n2\n:hint\na tool for data work\n";
    let out = env.ok_stepped(&args, NOW, input, 60_000);
    assert!(out.contains("90 seconds per answer"), "{out}");
    assert_eq!(
        out.matches("over time: counted as a miss").count(),
        1,
        "{out}"
    );
    let report = report_json(&out);
    assert_eq!(report["total"], 2);
    assert_eq!(over_time_misses(&report), 1, "{report}");
    let log = logged(&env);
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].0, 0, "the late answer counts as 0: {log:?}");
}

#[test]
fn a_mock_interview_takes_its_time_limit_from_the_option() {
    let env = env();
    let args = [
        "--seed",
        "2",
        "drill",
        "--interview",
        "--count",
        "2",
        "--time-limit",
        "150",
        "--json",
    ];
    let input = "a tool for data work\n\n:hint\na tool for data work\n\n";
    let out = env.ok_stepped(&args, NOW, input, 60_000);
    assert!(out.contains("150 seconds per answer"), "{out}");
    assert!(
        !out.contains("over time"),
        "two minutes is within 150 s:\n{out}"
    );
    assert_eq!(over_time_misses(&report_json(&out)), 0);
}
