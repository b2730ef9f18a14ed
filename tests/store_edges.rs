//! Store behaviour the mutation run of src/store found untested, through the real binary:
//! a card re-imported into another deck moves there with its progress, and a mock
//! interview asks each skill the stages its level has unlocked.

mod common;

use common::{Env, deck_toml};
use serde_json::Value;

const DAY1: &str = "2026-04-01T12:00:00Z";
const DAY2: &str = "2026-04-02T12:00:00Z";
/// A week after `DAY2`: cards answered then are recalled after a real interval.
const DAY9: &str = "2026-04-09T12:00:00Z";

#[test]
fn a_card_imported_into_another_deck_moves_there_with_its_progress() {
    let env = Env::new();
    let a = env.write(
        "a.toml",
        &deck_toml("Alpha", &[("m/1", "one?", "1"), ("m/2", "two?", "2")]),
    );
    env.ok(&["import", a.to_str().unwrap()], DAY1, "");
    env.ok(&["review", "--deck", "alpha"], DAY1, "\n5\n\n5\n");
    let before = env.json(&["info", "m/1", "--json"], DAY1);
    assert_eq!(before["deck"], "Alpha");

    let b = env.write("b.toml", &deck_toml("Beta", &[("m/1", "one?", "1")]));
    let out = env.ok(&["import", b.to_str().unwrap()], DAY2, "");
    assert!(
        out.contains("Beta (new deck): 1 moved here from another deck"),
        "{out}"
    );
    let after = env.json(&["info", "m/1", "--json"], DAY2);
    assert_eq!(after["deck"], "Beta");
    assert_eq!(
        after["state"], before["state"],
        "the progress moves with it"
    );
    assert_eq!(after["reviews"], before["reviews"]);
    let decks = env.json(&["decks", "--json"], DAY2);
    let cards = |name: &str| -> Value {
        decks
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .map_or(Value::Null, |d| d["cards"].clone())
    };
    assert_eq!((cards("Alpha"), cards("Beta")), (1.into(), 1.into()));
    // Importing the same file again changes nothing.
    let again = env.ok(&["import", b.to_str().unwrap()], DAY2, "");
    assert!(again.contains("Beta: 1 unchanged"), "{again}");
}

#[test]
fn a_mock_interview_asks_a_skill_the_stages_its_level_unlocked() {
    let env = Env::new();
    let mut toml = String::from("name = \"Chem\"\n");
    for (id, stage) in [("c/1", 1), ("c/2", 1), ("c/3", 2), ("c/4", 2), ("c/5", 3)] {
        toml.push_str(&format!(
            "\n[[cards]]\nid = {id:?}\nstage = {stage}\nfront = \"{id}?\"\nback = \"{id}!\"\n"
        ));
    }
    let file = env.write("chem.toml", &toml);
    env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    // Both Beginner cards recalled a week after their second day: retained, so Chem rises
    // to Beginner and its Intermediate cards unlock (the Advanced one stays locked).
    for now in [DAY1, DAY2, DAY9] {
        let out = env.ok(&["review", "--deck", "chem"], now, &"\n5\n".repeat(2));
        assert_eq!(out.matches("recorded 5").count(), 2, "{out}");
    }
    let skills = env.json(&["skills", "--json"], DAY9);
    let chem = skills
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Chem")
        .unwrap();
    assert_eq!(chem["level_name"], "Beginner", "{chem}");

    let out = env.ok(
        &[
            "--seed",
            "3",
            "drill",
            "--interview",
            "--skill",
            "chem",
            "--count",
            "5",
            "--json",
        ],
        DAY9,
        &"\n0\n".repeat(5),
    );
    let report: Value = serde_json::from_str(&out[out.find("\n{\n").unwrap() + 1..]).unwrap();
    let stages: Vec<&String> = report["stages"].as_object().unwrap().keys().collect();
    assert_eq!(stages, ["Beginner", "Intermediate"], "{report}");
    assert_eq!(
        report["total"], 4,
        "the Advanced card is not asked: {report}"
    );
}
