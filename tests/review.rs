//! Scripted review sessions through the real binary: SM-2 exactly as DESIGN §4, relearning
//! the same day, daily limits that carry across sessions, :undo, and the summary.

mod common;

use chrono::{Days, NaiveDate};
use common::{Env, deck_toml};
use serde_json::Value;

fn one_card(env: &Env) {
    let file = env.write(
        "one.toml",
        &deck_toml("Solo", &[("solo/1", "2 + 2?", "four")]),
    );
    env.ok(
        &["import", file.to_str().unwrap()],
        "2026-01-01T12:00:00Z",
        "",
    );
}

fn at(date: NaiveDate) -> String {
    format!("{date}T12:00:00Z")
}

/// Answers the one card with each grade on the day it falls due; returns its JSON after each.
fn answer_on_due_days(env: &Env, grades: &[u8]) -> Vec<Value> {
    let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut states = Vec::new();
    for g in grades {
        let out = env.ok(&["review", "--deck", "solo"], &at(day), &format!("\n{g}\n"));
        assert!(out.contains(&format!("recorded {g} ")), "{out}");
        let info = env.json(&["info", "solo/1", "--json"], &at(day));
        let due =
            NaiveDate::parse_from_str(info["state"]["due"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let interval = info["state"]["interval_days"].as_u64().unwrap();
        assert_eq!(
            due,
            day.checked_add_days(Days::new(interval)).unwrap(),
            "due = today + interval"
        );
        // The day before it is due, nothing is due.
        let before = due.pred_opt().unwrap();
        if before > day {
            let idle = env.ok(&["review", "--deck", "solo"], &at(before), "");
            assert!(idle.contains("Nothing is due today"), "{idle}");
        }
        day = due;
        states.push(info);
    }
    states
}

fn intervals(states: &[Value]) -> Vec<u64> {
    states
        .iter()
        .map(|s| s["state"]["interval_days"].as_u64().unwrap())
        .collect()
}

fn efs(states: &[Value]) -> Vec<f64> {
    states
        .iter()
        .map(|s| s["state"]["ef"].as_f64().unwrap())
        .collect()
}

#[test]
fn four_perfect_answers_follow_the_design_vector() {
    let env = Env::new();
    one_card(&env);
    let s = answer_on_due_days(&env, &[5, 5, 5, 5]);
    assert_eq!(intervals(&s), vec![1, 6, 17, 50]);
    assert_eq!(efs(&s), vec![2.6, 2.7, 2.8, 2.9]);
}

#[test]
fn a_four_after_four_fives_gives_145_days_not_146() {
    let env = Env::new();
    one_card(&env);
    let s = answer_on_due_days(&env, &[5, 5, 5, 5, 4]);
    assert_eq!(intervals(&s), vec![1, 6, 17, 50, 145]);
    assert_eq!(efs(&s)[4], 2.9);
}

#[test]
fn two_failures_then_passes_restart_the_intervals() {
    let env = Env::new();
    one_card(&env);
    let s = answer_on_due_days(&env, &[0, 0, 5, 5]);
    assert_eq!(intervals(&s), vec![1, 1, 6, 17]);
    assert_eq!(efs(&s), vec![2.5, 2.5, 2.6, 2.7]);
    assert_eq!(
        s[3]["state"]["lapses"], 0,
        "failing a card never passed is not a lapse"
    );
}

#[test]
fn a_lapse_is_counted_and_keeps_the_ef() {
    let env = Env::new();
    one_card(&env);
    let s = answer_on_due_days(&env, &[5, 5, 1, 4]);
    assert_eq!(intervals(&s), vec![1, 6, 1, 6]);
    assert_eq!(efs(&s), vec![2.6, 2.7, 2.7, 2.7]);
    assert_eq!(s[2]["state"]["lapses"], 1);
    assert_eq!(s[3]["state"]["reps"], 2);
    let modes: Vec<&str> = s[3]["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mode"].as_str().unwrap())
        .collect();
    assert_eq!(
        modes,
        vec!["review", "review", "review", "review"],
        "end of input ends the relearning"
    );
}

#[test]
fn ef_stops_at_its_floor() {
    let env = Env::new();
    one_card(&env);
    let s = answer_on_due_days(&env, &[3; 10]);
    let e = efs(&s);
    assert_eq!(e[0], 2.36);
    assert_eq!(e[7], 1.38);
    assert_eq!(&e[8..], &[1.3, 1.3]);
}

#[test]
fn a_low_grade_comes_back_as_relearn_without_changing_the_schedule() {
    let env = Env::new();
    one_card(&env);
    let now = "2026-01-01T12:00:00Z";
    let out = env.ok(&["review", "--deck", "solo"], now, "\n3\n\n2\n\n4\n");
    assert_eq!(
        out.matches("2 + 2?").count(),
        3,
        "asked three times:\n{out}"
    );
    assert!(out.contains("again later this session"), "{out}");
    let info = env.json(&["info", "solo/1", "--json"], now);
    let reviews: Vec<(u64, &str)> = info["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["quality"].as_u64().unwrap(), r["mode"].as_str().unwrap()))
        .collect();
    assert_eq!(reviews, vec![(3, "review"), (2, "relearn"), (4, "relearn")]);
    assert_eq!(
        info["state"]["ef"], 2.36,
        "only the first answer moved the EF"
    );
    assert_eq!(info["state"]["interval_days"], 1);
}

#[test]
fn unfinished_relearning_continues_in_the_next_session_that_day() {
    let env = Env::new();
    one_card(&env);
    let now = "2026-01-01T12:00:00Z";
    env.ok(&["review", "--deck", "solo"], now, "\n1\n");
    let out = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T18:00:00Z",
        "\n5\n",
    );
    assert!(
        out.contains("· again"),
        "shown as a relearning repeat:\n{out}"
    );
    let info = env.json(&["info", "solo/1", "--json"], now);
    assert_eq!(info["reviews"][1]["mode"], "relearn");
    let out = env.ok(&["review", "--deck", "solo"], "2026-01-01T19:00:00Z", "");
    assert!(out.contains("Nothing is due today"), "{out}");
}

#[test]
fn the_daily_new_limit_counts_earlier_sessions() {
    let env = Env::new();
    env.ok(
        &["config", "set", "new_per_day", "3"],
        "2026-01-01T12:00:00Z",
        "",
    );
    let first = env.ok(
        &["review", "--deck", "python"],
        "2026-01-01T12:00:00Z",
        "\n5\n\n5\n:quit\n",
    );
    assert!(first.contains("[1/3]"), "{first}");
    let second = env.ok(
        &["review", "--deck", "python"],
        "2026-01-01T13:00:00Z",
        "\n5\n",
    );
    assert!(
        second.contains("[1/1]"),
        "one new card left today:\n{second}"
    );
    let third = env.ok(&["review", "--deck", "python"], "2026-01-01T14:00:00Z", "");
    assert!(third.contains("Nothing is due today"), "{third}");
    // Before the rollover hour (4:00) it is still the same study day.
    let night = env.ok(&["review", "--deck", "python"], "2026-01-02T03:59:00Z", "");
    assert!(night.contains("Nothing is due"), "{night}");
    // The next study day: three cards are due and three new ones come, the day's limit.
    let morning = env.ok(
        &["review", "--deck", "python"],
        "2026-01-02T04:00:00Z",
        ":quit\n",
    );
    assert!(morning.contains("[1/6]"), "3 due + 3 new:\n{morning}");
    let more = env.ok(
        &["review", "--deck", "python", "--new", "5"],
        "2026-01-02T04:00:00Z",
        ":quit\n",
    );
    assert!(more.contains("[1/8]"), "--new overrides the limit:\n{more}");
}

#[test]
fn undo_in_a_piped_session_restores_the_card_exactly() {
    let env = Env::new();
    one_card(&env);
    let now = "2026-01-01T12:00:00Z";
    env.ok(&["review", "--deck", "solo"], now, "\n5\n");
    let before = env.json(&["info", "solo/1", "--json"], "2026-01-02T12:00:00Z");
    let out = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-02T12:00:00Z",
        "\n5\n:undo\n",
    );
    assert!(out.contains("undone"), "{out}");
    let after = env.json(&["info", "solo/1", "--json"], "2026-01-02T12:00:00Z");
    assert_eq!(after, before);
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 1);
}

#[test]
fn typed_answers_get_a_similarity_and_a_suggested_grade() {
    let env = Env::new();
    one_card(&env);
    let out = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        "Four\n\n4\n",
    );
    assert!(
        out.contains("100% match · suggested grade 5 (easy)"),
        "{out}"
    );
    // Enter alone no longer takes the suggestion: it asks, and the learner's grade counts.
    assert!(
        out.contains("type a grade: 5 is suggested"),
        "Enter asks again:\n{out}"
    );
    assert!(out.contains("recorded 4 (good)"), "{out}");
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 1);
}

#[test]
fn without_a_suggestion_enter_asks_again_and_bad_grades_are_refused() {
    let env = Env::new();
    one_card(&env);
    let out = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        "\n\nseven\n9\ngood\n",
    );
    assert!(out.contains("grade the answer: 0-5"), "{out}");
    assert!(out.contains("`seven` is not a grade"), "{out}");
    assert!(out.contains("`9` is not a grade"), "{out}");
    assert!(out.contains("recorded 4 (good)"), "{out}");
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 1);
}

#[test]
fn the_summary_counts_the_session_and_the_streak() {
    let env = Env::new();
    one_card(&env);
    env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        "\n5\n",
    );
    let out = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-02T12:00:00Z",
        "\n5\n",
    );
    assert!(
        out.contains("Session over: 1 card, 1 answer, 100% correct"),
        "{out}"
    );
    assert!(out.contains("Due tomorrow: 0 · Streak: 2 days"), "{out}");
}

#[test]
fn nothing_due_says_when_and_points_to_drill() {
    let env = Env::new();
    one_card(&env);
    env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        "\n5\n",
    );
    let out = env.ok(&["review", "--deck", "solo"], "2026-01-01T13:00:00Z", "");
    assert!(
        out.contains("The next card is due 2026-01-02 (tomorrow)"),
        "{out}"
    );
    assert!(out.contains("recall drill"), "{out}");
}

#[test]
fn suspend_takes_a_card_out_until_unsuspended() {
    let env = Env::new();
    one_card(&env);
    let now = "2026-01-01T12:00:00Z";
    let out = env.ok(&["review", "--deck", "solo"], now, ":suspend\n");
    assert!(out.contains("recall unsuspend solo/1"), "{out}");
    assert!(
        env.ok(&["review", "--deck", "solo"], now, "")
            .contains("Nothing is due")
    );
    env.ok(&["unsuspend", "solo/1"], now, "");
    assert!(
        env.ok(&["review", "--deck", "solo"], now, ":quit\n")
            .contains("[1/1]")
    );
}

#[test]
fn config_refuses_bad_values() {
    let env = Env::new();
    let now = "2026-01-01T12:00:00Z";
    let err = env.fails(&["config", "set", "rollover_hour", "25"], now);
    assert!(
        err.contains("`rollover_hour` must be a whole number from 0 to 23, not `25`"),
        "{err}"
    );
    let err = env.fails(&["config", "set", "new_per_day", "-1"], now);
    assert!(
        err.contains("`new_per_day` must be a whole number"),
        "{err}"
    );
    let err = env.fails(&["config", "set", "colour", "blue"], now);
    assert!(err.contains("unknown setting `colour`"), "{err}");
    env.ok(&["config", "set", "reviews_per_day", "50"], now, "");
    assert_eq!(
        env.ok(&["config", "get", "reviews_per_day"], now, "")
            .trim(),
        "50"
    );
    let list = env.ok(&["config", "list"], now, "");
    assert!(
        list.contains("reviews_per_day") && list.contains("rollover_hour"),
        "{list}"
    );
}

#[test]
fn cards_lists_states_and_due_filters() {
    let env = Env::new();
    one_card(&env);
    env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        "\n5\n",
    );
    let cards = env.json(
        &["cards", "--deck", "solo", "--json"],
        "2026-01-01T12:00:00Z",
    );
    assert_eq!(cards[0]["state"]["due"], "2026-01-02");
    let due_today = env.json(&["cards", "--due", "--json"], "2026-01-01T12:00:00Z");
    assert_eq!(due_today.as_array().unwrap().len(), 0);
    let due_tomorrow = env.json(&["cards", "--due", "--json"], "2026-01-02T12:00:00Z");
    assert_eq!(due_tomorrow[0]["id"], "solo/1");
}

/// The issue's `[829/832] … again`: grading every repeat 3 (hard) used to bring a card
/// back forever. A pass in a repeat ends the repeats, and a card comes back at most three
/// times in a session whatever its grades; the session says which.
#[test]
fn same_day_repeats_end() {
    let env = Env::new();
    one_card(&env);
    let shows = |out: &str| out.matches("2 + 2?").count();
    let hard = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        &"\n3\n".repeat(50),
    );
    assert_eq!(shows(&hard), 2, "asked, then repeated once:\n{hard}");
    assert!(
        hard.contains("recorded 3 (hard) · a pass: done for this session"),
        "{hard}"
    );
    assert!(hard.contains("Session over: 1 card, 2 answers"), "{hard}");

    let env = Env::new();
    one_card(&env);
    let failed = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        &"\n1\n".repeat(50),
    );
    assert!(shows(&failed) <= 4, "{failed}");
    assert_eq!(shows(&failed), 4, "asked, then three repeats:\n{failed}");
    assert!(
        failed.contains("repeated as often as a session allows: no more today"),
        "{failed}"
    );
    // A later session the same day does not bring it back either.
    let again = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T18:00:00Z",
        "\n1\n",
    );
    assert!(again.contains("Nothing is due today"), "{again}");

    // The limit is a setting.
    let env = Env::new();
    one_card(&env);
    env.ok(
        &["config", "set", "repeats_per_card", "1"],
        "2026-01-01T12:00:00Z",
        "",
    );
    let once = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-01T12:00:00Z",
        &"\n1\n".repeat(50),
    );
    assert_eq!(shows(&once), 2, "{once}");
}
