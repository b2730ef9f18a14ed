//! The leech boundary through the real binary: a card that lapsed 7 times is not a leech,
//! one that lapsed 8 times is — in `drill --leeches`, in `stats` (hardest cards, leeches,
//! the screen's line) and in the message a drill without leeches prints. The lapses come
//! from real piped sessions on the days the cards fall due.

mod common;

use chrono::{Days, NaiveDate};
use common::{Env, deck_toml};
use serde_json::Value;

/// Answers each card with its grades, each grade on the day the card falls due, the cards
/// interleaved day by day as a learner would meet them. Returns the last day studied.
fn study(env: &Env, plans: &[(&str, &str, Vec<u8>)], from: NaiveDate) -> NaiveDate {
    let mut due: Vec<NaiveDate> = vec![from; plans.len()];
    let mut next: Vec<usize> = vec![0; plans.len()];
    let mut last = from;
    loop {
        let Some(day) = (0..plans.len())
            .filter(|&i| next[i] < plans[i].2.len())
            .map(|i| due[i])
            .min()
        else {
            return last;
        };
        let now = format!("{day}T12:00:00Z");
        for (i, (deck, id, grades)) in plans.iter().enumerate() {
            if next[i] >= grades.len() || due[i] != day {
                continue;
            }
            let g = grades[next[i]];
            let out = env.ok(&["review", "--deck", deck], &now, &format!("\n{g}\n"));
            assert!(out.contains(&format!("recorded {g} ")), "{id}: {out}");
            let info = env.json(&["info", id, "--json"], &now);
            let interval = info["state"]["interval_days"].as_u64().unwrap();
            due[i] = day.checked_add_days(Days::new(interval)).unwrap();
            next[i] += 1;
        }
        last = day;
    }
}

/// Pass, then fail-and-pass `lapses` times: every fail after a pass is one lapse.
fn lapsing(lapses: usize) -> Vec<u8> {
    let mut g = vec![5];
    for _ in 0..lapses {
        g.extend([1, 5]);
    }
    g
}

fn lapses(env: &Env, id: &str, now: &str) -> u64 {
    env.json(&["info", id, "--json"], now)["state"]["lapses"]
        .as_u64()
        .unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn seven_lapses_is_not_a_leech_and_eight_is() {
    let env = Env::new();
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let day0 = format!("{start}T09:00:00Z");
    for (deck, id, front) in [
        ("Seven", "seven/1", "lapsed seven times?"),
        ("Eight", "eight/1", "lapsed eight times?"),
    ] {
        let file = env.write(
            &format!("{deck}.toml"),
            &deck_toml(deck, &[(id, front, "x")]),
        );
        env.ok(&["import", file.to_str().unwrap()], &day0, "");
    }
    // Both cards lapse seven times; the second then lapses once more, a week later.
    let day = study(
        &env,
        &[
            ("seven", "seven/1", lapsing(7)),
            ("eight", "eight/1", lapsing(7)),
        ],
        start,
    );
    let now = format!("{day}T20:00:00Z");
    assert_eq!(lapses(&env, "seven/1", &now), 7);
    assert_eq!(lapses(&env, "eight/1", &now), 7);

    // Seven lapses: no leech anywhere.
    let none = env.ok(&["drill", "--leeches"], &now, "");
    assert_eq!(
        none.trim(),
        "No cards match this drill (no leeches: no card has lapsed 8 times).",
    );
    let s = env.json(&["stats", "--json"], &now);
    assert_eq!(s["leeches"], Value::Array(vec![]), "{s}");
    let hardest: Vec<(String, u64, bool)> = s["hardest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["lapses"].as_u64().unwrap(),
                c["leech"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        hardest.iter().all(|(_, n, leech)| *n == 7 && !leech),
        "{hardest:?}"
    );
    let screen = env.ok(&["stats"], &now, "");
    assert!(
        screen.contains("No leeches (cards that lapsed 8 times or more)."),
        "{screen}"
    );

    // The eighth lapse makes a leech.
    let later = study(
        &env,
        &[("eight", "eight/1", vec![5, 1])],
        day.checked_add_days(Days::new(7)).unwrap(),
    );
    let now = format!("{later}T20:00:00Z");
    assert_eq!(lapses(&env, "eight/1", &now), 8);
    assert_eq!(lapses(&env, "seven/1", &now), 7);

    let s = env.json(&["stats", "--json"], &now);
    assert_eq!(ids(&s["leeches"]), ["eight/1"], "{s}");
    assert_eq!(s["leeches"][0]["lapses"], 8);
    assert_eq!(s["leeches"][0]["leech"], true);
    assert_eq!(ids(&s["hardest"]), ["eight/1", "seven/1"]);
    assert_eq!(s["hardest"][0]["leech"], true);
    assert_eq!(s["hardest"][1]["leech"], false);
    assert_eq!(s["hardest"][1]["lapses"], 7);
    let screen = env.ok(&["stats"], &now, "");
    assert!(
        screen.contains("1 leech (lapsed 8+ times): `recall drill --leeches` drills them."),
        "{screen}"
    );

    // `drill --leeches` drills the card with eight lapses and not the one with seven.
    let out = env.ok(
        &["drill", "--leeches", "--mode", "flash", "--json"],
        &now,
        "\n4\n\n4\n",
    );
    assert!(out.contains("lapsed eight times?"), "{out}");
    assert!(!out.contains("lapsed seven times?"), "{out}");
    let json = &out[out.find("\n{").expect("the JSON report") + 1..];
    let report: Value = serde_json::from_str(json).unwrap();
    assert_eq!(report["total"], 1, "{report}");
}
