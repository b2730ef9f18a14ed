//! `recall stats` through the real binary: histories built from scripted review sessions on
//! chosen days, checked figure by figure in the JSON (streak across the rollover hour,
//! gaps, retention split by maturity, the due forecast, hardest cards and leeches), and
//! the screen's plain and coloured forms.

mod common;

use chrono::{Days, NaiveDate};
use common::{Env, deck_toml};
use serde_json::Value;

fn import(env: &Env, name: &str, cards: &[(&str, &str, &str)]) {
    let file = env.write(&format!("{name}.toml"), &deck_toml(name, cards));
    env.ok(
        &["import", file.to_str().unwrap()],
        "2025-12-01T12:00:00Z",
        "",
    );
}

/// Runs a review session of `deck` at `now`, answering with `stdin`.
fn review(env: &Env, deck: &str, now: &str, stdin: &str) -> String {
    env.ok(&["review", "--deck", deck], now, stdin)
}

fn stats(env: &Env, now: &str, extra: &[&str]) -> Value {
    let mut args = vec!["stats", "--json"];
    args.extend(extra);
    env.json(&args, now)
}

/// `[answers, passed, percent]` of a tally, percent as -1 when null.
fn tally(v: &Value) -> [i64; 3] {
    [
        v["answers"].as_i64().unwrap(),
        v["passed"].as_i64().unwrap(),
        v["percent"].as_i64().unwrap_or(-1),
    ]
}

/// The answers counted on `date` in the heatmap.
fn heat(report: &Value, date: &str) -> i64 {
    report["heatmap"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == date)
        .map_or_else(
            || panic!("{date} not in the heatmap"),
            |d| d["reviews"].as_i64().unwrap(),
        )
}

#[test]
fn the_streak_counts_study_days_across_the_rollover_hour_and_breaks_on_a_gap() {
    let env = Env::new();
    let cards: Vec<(String, String)> = (1..=8)
        .map(|i| (format!("habit/{i}"), format!("fact {i}?")))
        .collect();
    let cards: Vec<(&str, &str, &str)> = cards
        .iter()
        .map(|(id, f)| (id.as_str(), f.as_str(), "yes"))
        .collect();
    import(&env, "Habit", &cards);
    let answer_one = |now: &str| {
        let out = review(&env, "habit", now, "\n5\n");
        assert_eq!(out.matches("recorded").count(), 1, "{out}");
    };
    answer_one("2026-03-01T12:00:00Z");
    // 02:00 is before the 4:00 rollover: this answer counts for March 2.
    answer_one("2026-03-03T02:00:00Z");
    answer_one("2026-03-03T12:00:00Z");

    let s = stats(&env, "2026-03-03T20:00:00Z", &[]);
    assert_eq!(s["date"], "2026-03-03");
    assert_eq!(
        s["streak_days"], 3,
        "March 1, 2 (at 02:00 on the 3rd) and 3"
    );
    assert_eq!(s["study_days"], 3);
    assert_eq!(heat(&s, "2026-03-01"), 1);
    assert_eq!(heat(&s, "2026-03-02"), 1, "the 02:00 answer");
    assert_eq!(heat(&s, "2026-03-03"), 1);
    assert_eq!(s["today"]["answers"], 1);

    // At 03:00 on the 4th it is still study day March 3.
    let night = stats(&env, "2026-03-04T03:00:00Z", &[]);
    assert_eq!(night["date"], "2026-03-03");
    assert_eq!(night["today"]["answers"], 1);
    assert_eq!(night["streak_days"], 3);
    // On the 4th, with nothing answered yet, the streak is still alive...
    let next = stats(&env, "2026-03-04T12:00:00Z", &[]);
    assert_eq!(next["today"]["answers"], 0);
    assert_eq!(next["streak_days"], 3);
    // ...and a whole day without an answer breaks it; the best run is kept.
    let broken = stats(&env, "2026-03-05T12:00:00Z", &[]);
    assert_eq!(broken["streak_days"], 0);
    assert_eq!(broken["longest_streak_days"], 3);
    answer_one("2026-03-05T12:00:00Z");
    let again = stats(&env, "2026-03-05T13:00:00Z", &[]);
    assert_eq!(again["streak_days"], 1);
    assert_eq!(again["longest_streak_days"], 3);
    assert_eq!(again["study_days"], 4);
    assert_eq!(heat(&again, "2026-03-04"), 0);

    // The rollover hour is a setting; history keeps the day each answer counted for.
    env.ok(
        &["config", "set", "rollover_hour", "0"],
        "2026-03-05T13:00:00Z",
        "",
    );
    let midnight = stats(&env, "2026-03-06T02:00:00Z", &[]);
    assert_eq!(midnight["date"], "2026-03-06");
    assert_eq!(midnight["streak_days"], 1, "March 5 is yesterday now");
    assert_eq!(heat(&midnight, "2026-03-02"), 1);
}

/// Two cards in "Old" answered 5 on each due day until their interval is 50 days, then one
/// passes and one fails as mature cards; one card in "Fresh" stays young, with a relearning
/// repeat and a lapse.
fn retention_history(env: &Env) {
    import(
        env,
        "Old",
        &[("old/1", "one?", "1"), ("old/2", "two?", "2")],
    );
    import(env, "Fresh", &[("fresh/1", "three?", "3")]);
    let both = "\n5\n\n5\n";
    // New (not counted), then young reviews at intervals 1, 6 and 17 days.
    for (day, expect) in [
        ("2026-01-01", 2),
        ("2026-01-02", 2),
        ("2026-01-08", 2),
        ("2026-01-25", 2),
    ] {
        let out = review(env, "old", &format!("{day}T12:00:00Z"), both);
        assert_eq!(out.matches("recorded").count(), expect, "{day}: {out}");
    }
    // Fresh: new on Feb 20; young passes on Feb 21 and 27 (the 3 brings a relearning repeat,
    // answered 4, which retention leaves out); a young lapse on Mar 15, a pass on Mar 16.
    review(env, "fresh", "2026-02-20T12:00:00Z", "\n5\n");
    review(env, "fresh", "2026-02-21T12:00:00Z", "\n5\n");
    let out = review(env, "fresh", "2026-02-27T12:00:00Z", "\n3\n\n4\n");
    assert_eq!(out.matches("recorded").count(), 2, "{out}");
    review(env, "fresh", "2026-03-15T12:00:00Z", "\n2\n");
    review(env, "fresh", "2026-03-16T12:00:00Z", "\n4\n");
    // Old: both due again on Mar 16 after 50 days: mature now. One passes, one fails.
    let out = review(env, "old", "2026-03-16T13:00:00Z", "\n5\n\n1\n");
    assert_eq!(out.matches("recorded").count(), 2, "{out}");
}

#[test]
fn retention_splits_young_and_mature_reviews_over_three_windows() {
    let env = Env::new();
    retention_history(&env);
    let s = stats(&env, "2026-03-17T20:00:00Z", &[]);
    let r = s["retention"].as_array().unwrap();
    let days: Vec<i64> = r.iter().map(|w| w["days"].as_i64().unwrap()).collect();
    assert_eq!(days, vec![7, 30, 365]);
    // Mar 11–17: Fresh's lapse and pass; Old's mature pass and fail.
    assert_eq!(tally(&r[0]["young"]), [2, 1, 50]);
    assert_eq!(tally(&r[0]["mature"]), [2, 1, 50]);
    assert_eq!(tally(&r[0]["all"]), [4, 2, 50]);
    // Feb 16–Mar 17 adds Fresh's passes of Feb 21 and 27 (not its relearning repeat).
    assert_eq!(tally(&r[1]["young"]), [4, 3, 75]);
    assert_eq!(tally(&r[1]["mature"]), [2, 1, 50]);
    assert_eq!(tally(&r[1]["all"]), [6, 4, 67]);
    // The year adds Old's six young passes of January; first answers of new cards never count.
    assert_eq!(tally(&r[2]["young"]), [10, 9, 90]);
    assert_eq!(tally(&r[2]["mature"]), [2, 1, 50]);
    assert_eq!(tally(&r[2]["all"]), [12, 10, 83]);

    // Within one deck only its cards count.
    let fresh = stats(&env, "2026-03-17T20:00:00Z", &["--deck", "fresh"]);
    assert_eq!(fresh["deck"], "Fresh");
    assert_eq!(tally(&fresh["retention"][2]["young"]), [4, 3, 75]);
    assert_eq!(tally(&fresh["retention"][2]["mature"]), [0, 0, -1]);
    assert_eq!(fresh["study_days"], 5);
    assert_eq!(fresh["skills"].as_array().unwrap().len(), 1);
    assert_eq!(fresh["skills"][0]["name"], "Fresh");

    // Months later the mature answers have left the 30-day window but not the year's.
    let later = stats(&env, "2026-05-01T12:00:00Z", &[]);
    assert_eq!(tally(&later["retention"][1]["all"]), [0, 0, -1]);
    assert_eq!(tally(&later["retention"][2]["mature"]), [2, 1, 50]);
    assert_eq!(
        later["cards"]["mature"], 1,
        "the passed card's interval is 150 days"
    );
}

#[test]
fn the_forecast_counts_cards_per_day_with_overdue_ones_today() {
    let env = Env::new();
    let cards: Vec<(String, String)> = (1..=5)
        .map(|i| (format!("plan/{i}"), format!("step {i}?")))
        .collect();
    let cards: Vec<(&str, &str, &str)> = cards
        .iter()
        .map(|(id, f)| (id.as_str(), f.as_str(), "ok"))
        .collect();
    import(&env, "Plan", &cards);
    // Day 1: five new cards, all due on day 2.
    review(&env, "plan", "2026-04-01T12:00:00Z", &"\n5\n".repeat(5));
    // Day 2: three answered again (due in 6 days, April 8), one suspended, one left overdue.
    let out = review(
        &env,
        "plan",
        "2026-04-02T12:00:00Z",
        "\n5\n\n5\n\n5\n:suspend\n",
    );
    assert_eq!(out.matches("recorded").count(), 3, "{out}");

    let s = stats(&env, "2026-04-04T12:00:00Z", &[]);
    let forecast = s["forecast"].as_array().unwrap();
    assert_eq!(forecast.len(), 30);
    assert_eq!(
        forecast[0],
        serde_json::json!({"date": "2026-04-04", "due": 1})
    );
    assert_eq!(
        forecast[4],
        serde_json::json!({"date": "2026-04-08", "due": 3})
    );
    assert_eq!(forecast[29]["date"], "2026-05-03");
    let total: i64 = forecast.iter().map(|d| d["due"].as_i64().unwrap()).sum();
    assert_eq!(total, 4, "the suspended card is out of the forecast");
    assert_eq!(s["today"]["due"], 1);
    assert_eq!(s["cards"]["suspended"], 1);

    let short = stats(&env, "2026-04-04T12:00:00Z", &["--days", "3"]);
    let dues: Vec<i64> = short["forecast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["due"].as_i64().unwrap())
        .collect();
    assert_eq!(dues, vec![1, 0, 0]);

    // On April 8 the three come due and the overdue one is still there.
    let later = stats(&env, "2026-04-08T12:00:00Z", &["--days", "1"]);
    assert_eq!(later["forecast"][0]["due"], 4);
}

#[test]
fn today_counts_reviews_new_cards_relearning_and_cards() {
    let env = Env::new();
    import(
        &env,
        "Day",
        &[
            ("day/1", "a?", "a"),
            ("day/2", "b?", "b"),
            ("day/3", "c?", "c"),
        ],
    );
    review(&env, "day", "2026-05-01T12:00:00Z", "\n5\n\n5\n");
    // May 2: two due reviews (one failed, then relearned) and one new card, on the test
    // clock: one second per reading, two readings per answer (reveal, grade); checking a
    // skill's level reads no clock (a change is logged at its answer's time).
    let out = env.ok_stepped(
        &["review", "--deck", "day"],
        "2026-05-02T12:00:00Z",
        "\n2\n\n5\n\n5\n\n4\n",
        1000,
    );
    assert_eq!(out.matches("recorded").count(), 4, "{out}");
    let t = &stats(&env, "2026-05-02T20:00:00Z", &[])["today"];
    assert_eq!(t["answers"], 4);
    assert_eq!(t["cards"], 3);
    assert_eq!(t["reviews"], 2);
    assert_eq!(t["new"], 1);
    assert_eq!(t["relearns"], 1);
    assert_eq!(t["drills"], 0);
    assert_eq!(t["passed"], 3);
    assert_eq!(t["time_ms"], 2000 + 2000 + 2000 + 2000);
    let log = env.ok(&["export", "--reviews"], "2026-05-02T20:00:00Z", "");
    let logged: i64 = log
        .lines()
        .filter(|l| l.contains(",2026-05-02T"))
        .map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        t["time_ms"], logged,
        "the sum of the day's answer times:\n{log}"
    );
    assert_eq!(t["due"], 0);
}

/// Answers the one card of `deck` with each grade on the day it falls due, from Jan 1.
fn answer_on_due_days(env: &Env, deck: &str, id: &str, grades: &[u8]) {
    let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for g in grades {
        let now = format!("{day}T12:00:00Z");
        let out = review(env, deck, &now, &format!("\n{g}\n"));
        assert!(out.contains(&format!("recorded {g} ")), "{out}");
        let info = env.json(&["info", id, "--json"], &now);
        let interval = info["state"]["interval_days"].as_u64().unwrap();
        day = day.checked_add_days(Days::new(interval)).unwrap();
    }
}

#[test]
fn hardest_cards_and_leeches_come_worst_first() {
    let env = Env::new();
    import(
        &env,
        "Leech",
        &[("leech/1", "the one that never sticks?", "x")],
    );
    import(&env, "Slip", &[("slip/1", "slipped once?", "y")]);
    import(&env, "Ease", &[("ease/1", "always hard?", "z")]);
    import(&env, "Easy", &[("easy/1", "always easy?", "w")]);
    // Pass, fail, pass, fail…: every fail after a pass is a lapse, eight in all.
    let mut flaky = vec![5];
    for _ in 0..8 {
        flaky.extend([1, 5]);
    }
    answer_on_due_days(&env, "leech", "leech/1", &flaky);
    answer_on_due_days(&env, "slip", "slip/1", &[5, 5, 1, 5]);
    answer_on_due_days(&env, "ease", "ease/1", &[3, 3]);
    answer_on_due_days(&env, "easy", "easy/1", &[5, 5]);

    let s = stats(&env, "2026-06-01T12:00:00Z", &[]);
    let hardest: Vec<(&str, i64, f64, bool)> = s["hardest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["lapses"].as_i64().unwrap(),
                c["ef"].as_f64().unwrap(),
                c["leech"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hardest,
        vec![
            ("leech/1", 8, 3.4, true),
            ("slip/1", 1, 2.8, false),
            ("ease/1", 0, 2.22, false),
        ],
        "the easy card is not hard"
    );
    let leeches = s["leeches"].as_array().unwrap();
    assert_eq!(leeches.len(), 1);
    assert_eq!(leeches[0]["id"], "leech/1");
    assert_eq!(leeches[0]["deck"], "Leech");
    assert_eq!(leeches[0]["front"], "the one that never sticks?");

    let screen = env.ok(&["stats"], "2026-06-01T12:00:00Z", "");
    assert!(
        screen.contains("1 leech (lapsed 8+ times): `recall drill --leeches` drills them."),
        "{screen}"
    );
    assert!(
        screen.contains("leech/1  the one that never sticks?"),
        "{screen}"
    );

    // Suspending the leech takes it out of both lists.
    env.sql()
        .execute("UPDATE cards SET suspended = 1 WHERE guid = 'leech/1'", [])
        .unwrap();
    let s = stats(&env, "2026-06-01T12:00:00Z", &[]);
    assert_eq!(s["leeches"].as_array().unwrap().len(), 0);
    assert_eq!(s["hardest"][0]["id"], "slip/1");
}

#[test]
fn the_heatmap_covers_26_weeks_of_days_ending_today() {
    let env = Env::new();
    let s = stats(&env, "2026-03-19T12:00:00Z", &[]); // a Thursday
    let heatmap = s["heatmap"].as_array().unwrap();
    assert_eq!(
        heatmap.len(),
        25 * 7 + 4,
        "25 full weeks and Monday to Thursday"
    );
    assert_eq!(heatmap[0]["date"], "2025-09-22", "a Monday");
    assert_eq!(heatmap[heatmap.len() - 1]["date"], "2026-03-19");
    assert!(heatmap.iter().all(|d| d["reviews"] == 0));
    assert_eq!(s["streak_days"], 0);
    assert_eq!(s["today"]["answers"], 0);
    assert_eq!(tally(&s["retention"][0]["all"]), [0, 0, -1]);
    assert_eq!(
        s["skills"].as_array().unwrap().len(),
        15,
        "the built-in skills"
    );
}

#[test]
fn the_screen_is_plain_ascii_art_without_colour_and_fits_80_columns() {
    let env = Env::new();
    retention_history(&env);
    let now = "2026-03-17T20:00:00Z";
    let plain = env.ok(&["stats"], now, "");
    assert!(!plain.contains('\u{1b}'), "no escape byte:\n{plain}");
    for section in [
        "Today",
        "Streak",
        "Due forecast",
        "Reviews",
        "Retention",
        "Skills",
        "Hardest cards",
    ] {
        assert!(
            plain.lines().any(|l| l.starts_with(section)),
            "{section}:\n{plain}"
        );
    }
    assert!(
        plain.contains(
            "Streak    2 days (answer a card today to keep it), best 2, 9 study days in all"
        ),
        "{plain}"
    );
    assert!(
        plain.contains("\n  last 7 days    50% 1/2    50% 1/2    50% 2/4\n"),
        "{plain}"
    );
    assert!(!plain.contains('█') && !plain.contains('░'), "{plain}");
    for line in plain.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    let never = env.ok(&["--color", "never", "stats"], now, "");
    assert_eq!(never, plain);

    let mut coloured = env.cmd();
    coloured
        .env_remove("NO_COLOR")
        .args(["--now", now, "--color", "always", "stats"]);
    let out = coloured.output().unwrap();
    let colour = String::from_utf8(out.stdout).unwrap();
    assert!(colour.contains('\u{1b}'), "{colour}");
    assert!(colour.contains('█'), "Unicode blocks:\n{colour}");
}

#[test]
fn bad_flags_and_unknown_decks_are_one_line_errors() {
    let env = Env::new();
    let err = env.fails(&["stats", "--days", "0"], "2026-03-01T12:00:00Z");
    assert!(err.contains("--days"), "{err}");
    let err = env.fails(&["stats", "--deck", "no such deck"], "2026-03-01T12:00:00Z");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("recall: "), "{err}");
}
