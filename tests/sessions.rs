//! Review-session wiring that the core's own tests cannot see: the daily review cap as
//! `recall review` applies it (across sessions of a day), and `:undo` taking back the
//! last answer, not another, in a piped session with several answers.

mod common;

use common::{Env, numbered_deck};
use serde_json::Value;

const DAY1: &str = "2026-02-02T12:00:00Z";
const DAY2: &str = "2026-02-03T12:00:00Z";
const DAY2_LATER: &str = "2026-02-03T18:00:00Z";

/// A deck of `n` cards, all answered with 5 on day 1: on day 2 every one is due.
fn due_deck(env: &Env, n: usize) {
    let file = env.write("cap.toml", &numbered_deck("Cap", "cap", n));
    env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    let out = env.ok(&["review", "--deck", "cap"], DAY1, &"\n5\n".repeat(n));
    assert_eq!(out.matches("recorded 5").count(), n, "{out}");
    let decks = env.json(&["decks", "--json"], DAY2);
    let cap = decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Cap")
        .unwrap();
    assert_eq!(cap["due"], n, "every card is due on day 2");
}

/// The `[1/N]` of a session's first card.
fn session_size(out: &str) -> usize {
    let start = out
        .find("[1/")
        .unwrap_or_else(|| panic!("no first card in:\n{out}"));
    let rest = &out[start + 3..];
    rest[..rest.find(']').unwrap()].parse().unwrap()
}

fn due_in_cap(env: &Env, now: &str) -> Value {
    let decks = env.json(&["decks", "--json"], now);
    decks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Cap")
        .unwrap()["due"]
        .clone()
}

#[test]
fn the_daily_review_cap_holds_across_the_sessions_of_a_day() {
    let env = Env::new();
    due_deck(&env, 7);
    env.ok(&["config", "set", "reviews_per_day", "4"], DAY1, "");
    assert_eq!(
        env.ok(&["config", "get", "reviews_per_day"], DAY1, "")
            .trim(),
        "4"
    );

    // Seven cards are due, four may be reviewed today: the session holds four.
    let first = env.ok(&["review", "--deck", "cap"], DAY2, "\n5\n\n5\n:quit\n");
    assert_eq!(session_size(&first), 4, "{first}");
    assert_eq!(first.matches("recorded 5").count(), 2, "{first}");

    // Two were done in the first session: a second one that day offers the two left.
    let second = env.ok(&["review", "--deck", "cap"], DAY2_LATER, &"\n5\n".repeat(7));
    assert_eq!(session_size(&second), 2, "{second}");
    assert_eq!(second.matches("recorded 5").count(), 2, "{second}");

    // The cap is reached: nothing more today, though three cards are still due.
    let third = env.ok(&["review", "--deck", "cap"], DAY2_LATER, "\n5\n");
    assert!(
        third.contains("Nothing is due today, and no new cards are left for today."),
        "{third}"
    );
    assert!(!third.contains("recorded"), "{third}");
    assert_eq!(due_in_cap(&env, DAY2_LATER), 3);
    assert_eq!(
        env.count("SELECT count(*) FROM reviews WHERE day = (SELECT max(day) FROM reviews)"),
        4
    );

    // A new study day brings a new allowance.
    let next = env.ok(
        &["review", "--deck", "cap"],
        "2026-02-04T12:00:00Z",
        ":quit\n",
    );
    assert_eq!(session_size(&next), 3, "{next}");
}

#[test]
fn a_zero_review_cap_leaves_only_new_cards() {
    let env = Env::new();
    due_deck(&env, 3);
    let more = env.write("more.toml", &numbered_deck("Cap", "cap-new", 2));
    env.ok(&["import", more.to_str().unwrap()], DAY1, "");
    env.ok(&["config", "set", "reviews_per_day", "0"], DAY1, "");
    let out = env.ok(&["review", "--deck", "cap"], DAY2, ":quit\n");
    assert_eq!(session_size(&out), 2, "only the two new cards:\n{out}");
    assert!(out.contains("· new"), "{out}");
    assert!(!out.contains("· review"), "{out}");
}

/// The fronts of the cards in the order a session asked them.
fn asked(out: &str) -> Vec<String> {
    let lines: Vec<&str> = out.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with('['))
        .map(|(i, _)| lines[i + 1].to_string())
        .collect()
}

fn id_of(front: &str) -> String {
    // `Cap question 3` is `cap/3`.
    format!("cap/{}", front.rsplit(' ').next().unwrap())
}

#[test]
fn undo_takes_back_the_last_of_several_answers_and_only_it() {
    let env = Env::new();
    due_deck(&env, 3);
    let before: Vec<Value> = (0..3)
        .map(|i| env.json(&["info", &format!("cap/{i}"), "--json"], DAY2))
        .collect();

    // Day 2: three answers (5, 4, 5), then :undo, then :quit at the card asked again.
    let out = env.ok(
        &["review", "--deck", "cap"],
        DAY2,
        "\n5\n\n4\n\n5\n:undo\n:quit\n",
    );
    assert_eq!(out.matches("undone").count(), 1, "{out}");
    let order: Vec<String> = asked(&out).iter().map(|f| id_of(f)).collect();
    assert_eq!(
        order.len(),
        4,
        "three cards, then the undone one again: {order:?}"
    );
    assert_eq!(order[3], order[2], "the undone card is asked again");

    // The last answer is gone: its card is exactly as before the session.
    let last = &order[2];
    let idx = |id: &str| id.rsplit('/').next().unwrap().parse::<usize>().unwrap();
    let after_last = env.json(&["info", last, "--json"], DAY2);
    assert_eq!(after_last, before[idx(last)], "{last} restored exactly");

    // The earlier answers stay, with their grades and new schedules.
    for (id, grade) in [(&order[0], 5), (&order[1], 4)] {
        let info = env.json(&["info", id, "--json"], DAY2);
        let reviews = info["reviews"].as_array().unwrap();
        assert_eq!(reviews.len(), 2, "{id}: day 1 and day 2");
        assert_eq!(reviews[1]["quality"], grade, "{id}");
        assert_eq!(reviews[1]["day"], "2026-02-03", "{id}");
        assert_ne!(info["state"], before[idx(id)]["state"], "{id} rescheduled");
        assert_eq!(info["state"]["reps"], 2, "{id}");
        assert_eq!(info["state"]["interval_days"], 6, "{id}");
    }

    // The log: day 1's three answers and the two kept, in order.
    let log = env.ok(&["export", "--reviews"], DAY2, "");
    let rows: Vec<(String, String)> = log
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[2].to_string())
        })
        .collect();
    assert_eq!(rows.len(), 5, "{log}");
    assert_eq!(
        rows[3..],
        [
            (order[0].clone(), "5".into()),
            (order[1].clone(), "4".into())
        ],
        "{log}"
    );
}

#[test]
fn two_undos_take_back_the_last_two_answers_in_turn() {
    let env = Env::new();
    due_deck(&env, 3);
    let out = env.ok(
        &["review", "--deck", "cap"],
        DAY2,
        "\n5\n\n4\n\n3\n:undo\n:undo\n:quit\n",
    );
    assert_eq!(out.matches("undone").count(), 2, "{out}");
    let order: Vec<String> = asked(&out).iter().map(|f| id_of(f)).collect();
    // Asked: a, b, c, c to relearn (graded 3), c again (first undo), b again (second).
    assert_eq!(order.len(), 6, "{order:?}");
    assert_eq!(
        (&order[3], &order[4], &order[5]),
        (&order[2], &order[2], &order[1]),
        "{out}"
    );
    let today: Vec<(String, i64)> = {
        let conn = env.sql();
        let mut stmt = conn
            .prepare(
                "SELECT c.guid, r.quality FROM reviews r JOIN cards c ON c.id = r.card_id
                 WHERE r.day = (SELECT max(day) FROM reviews) ORDER BY r.id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(
        today,
        vec![(order[0].clone(), 5)],
        "only the first answer is left"
    );
    // The relearning repeat the grade 3 asked for went with it.
    assert_eq!(
        env.count("SELECT count(*) FROM reviews WHERE mode = 'relearn'"),
        0
    );
}

#[test]
fn the_summary_times_the_session_from_its_first_card() {
    let env = Env::new();
    let file = env.write("two.toml", &numbered_deck("Two", "two", 2));
    env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    // On the test clock, one second per reading: the day is read at 0 s, the first card
    // shown at 1 s, each line read a second after the last: `:stats` at 4 s, the end of
    // the input at 7 s.
    let out = env.ok_stepped(
        &["review", "--deck", "two"],
        DAY1,
        "\n5\n:stats\n\n5\n",
        1000,
    );
    assert!(
        out.contains("so far: 1 answer, 1 correct, 1 to go, 3s"),
        "{out}"
    );
    assert!(
        out.contains("Session over: 2 cards, 2 answers, 100% correct, 6s."),
        "{out}"
    );
}
