//! `recall import` of native TOML decks: one transaction, progress kept across re-imports,
//! and bad files refused with file, line and key, leaving the database untouched.

mod common;

use common::{Env, deck_toml};

const DAY1: &str = "2026-11-27T10:00:00Z";

fn spanish(hola_back: &str) -> String {
    deck_toml(
        "Languages::Spanish",
        &[("es/hola", "hola", hola_back), ("es/gato", "gato", "cat")],
    )
}

#[test]
fn reimporting_an_edited_deck_updates_text_and_keeps_progress() {
    let env = Env::new();
    let file = env.write("es.toml", &spanish("hello"));
    let out = env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    assert!(
        out.contains("Languages::Spanish (new deck): 2 added"),
        "{out}"
    );
    // Answer the first card well: it gets an SM-2 state.
    env.ok(&["review", "--deck", "spanish"], DAY1, "\n5\n");
    let before = env.json(&["info", "es/hola", "--json"], DAY1);
    assert_eq!(before["state"]["reps"], 1);

    env.write("es.toml", &spanish("hello, hi"));
    let out = env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    assert!(out.contains("1 updated, 1 unchanged"), "{out}");
    let after = env.json(&["info", "es/hola", "--json"], DAY1);
    assert_eq!(after["back"], "hello, hi");
    assert_eq!(after["state"], before["state"], "progress is kept");
    assert_eq!(after["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(
        env.count("SELECT count(*) FROM cards WHERE guid LIKE 'es/%'"),
        2,
        "no duplicates"
    );
}

#[test]
fn a_card_dropped_from_the_file_is_kept_and_reported() {
    let env = Env::new();
    let file = env.write("es.toml", &spanish("hello"));
    env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    env.write(
        "es.toml",
        &deck_toml("Languages::Spanish", &[("es/hola", "hola", "hello")]),
    );
    let out = env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    assert!(
        out.contains("1 card of this deck is not in the file and was kept (`--prune` moves them to the trash): es/gato"),
        "{out}"
    );
    assert!(env.json(&["info", "es/gato", "--json"], DAY1)["front"] == "gato");
}

#[test]
fn dry_run_reports_without_writing() {
    let env = Env::new();
    let file = env.write("es.toml", &spanish("hello"));
    env.ok(&["decks"], DAY1, "");
    let out = env.ok(&["import", "--dry-run", file.to_str().unwrap()], DAY1, "");
    assert!(out.contains("Dry run") && out.contains("2 added"), "{out}");
    assert_eq!(
        env.count("SELECT count(*) FROM decks WHERE name = 'Languages::Spanish'"),
        0
    );
}

/// Imports `text` into a database that already exists and checks that it fails with
/// `expected` in the message, leaving the database file byte for byte as it was.
fn refused(text: &str, expected: &str) {
    let env = Env::new();
    env.ok(&["decks"], DAY1, "");
    let before = std::fs::read(&env.db).unwrap();
    let file = env.write("bad.toml", text);
    let err = env.fails(&["import", file.to_str().unwrap()], DAY1);
    assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        before,
        "the database is unchanged"
    );
}

#[test]
fn a_syntax_error_names_file_and_line() {
    refused(
        "name = \"X\"\n\n[[cards]]\nfront = \"unterminated\nback = \"b\"\n",
        "bad.toml:4: ",
    );
}

#[test]
fn a_card_without_front_is_refused() {
    refused(
        "name = \"X\"\n\n[[cards]]\nid = \"x/1\"\nback = \"b\"\n",
        "bad.toml:3: card has no `front`",
    );
}

#[test]
fn a_duplicate_id_is_refused() {
    let text = deck_toml("X", &[("x/1", "a", "b"), ("x/1", "c", "d")]);
    refused(
        &text,
        "bad.toml:8: duplicate card id `x/1` (first used on line 3)",
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let env = Env::new();
    env.ok(&["decks"], DAY1, "");
    let path = env.path().join("latin1.toml");
    std::fs::write(&path, b"name = \"caf\xe9\"\n").unwrap();
    let err = env.fails(&["import", path.to_str().unwrap()], DAY1);
    assert!(err.contains("latin1.toml:1: not UTF-8 text"), "{err}");
}

#[test]
fn several_files_are_one_transaction() {
    let env = Env::new();
    env.ok(&["decks"], DAY1, "");
    let good = env.write("good.toml", &spanish("hello"));
    let bad = env.write("bad.toml", "name = \"B\"\n[[cards]]\nfront = \"x\"\n");
    let err = env.fails(
        &["import", good.to_str().unwrap(), bad.to_str().unwrap()],
        DAY1,
    );
    assert!(err.contains("bad.toml:2: card has no `back`"), "{err}");
    assert_eq!(
        env.count("SELECT count(*) FROM decks WHERE name = 'Languages::Spanish'"),
        0
    );
    // The same id in two files of one import is refused too.
    let twin = env.write("twin.toml", &deck_toml("Other", &[("es/hola", "x", "y")]));
    let err = env.fails(
        &["import", good.to_str().unwrap(), twin.to_str().unwrap()],
        DAY1,
    );
    assert!(
        err.contains("twin.toml: card id `es/hola` is also in ") && err.contains("good.toml"),
        "{err}"
    );
}

#[test]
fn escape_sequences_in_card_text_never_reach_the_database() {
    let env = Env::new();
    let file = env.write(
        "evil.toml",
        "name = \"Evil\"\n[[cards]]\nid = \"e/1\"\nfront = \"\\u001b]0;owned\\u0007What\\u001b[2J?\"\nback = \"\\u202eok\"\n",
    );
    env.ok(&["import", file.to_str().unwrap()], DAY1, "");
    let card = env.json(&["info", "e/1", "--json"], DAY1);
    assert_eq!(card["front"], "What?");
    assert_eq!(card["back"], "ok");
}

#[test]
fn two_exports_of_one_deck_in_one_import_name_both_files() {
    const NOW: &str = DAY1;
    let env = Env::new();
    let deck = env.write("d.toml", &common::deck_toml("Twice", &[("t/1", "q", "a")]));
    env.ok(&["import", deck.to_str().unwrap()], NOW, "");
    let one = env.path().join("one.toml");
    let two = env.path().join("two.toml");
    env.ok(
        &["export", "--deck", "Twice", "-o", one.to_str().unwrap()],
        NOW,
        "",
    );
    std::fs::copy(&one, &two).unwrap();
    let err = env.fails(
        &["import", one.to_str().unwrap(), two.to_str().unwrap()],
        NOW,
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(
        err.contains("two.toml: card id `t/1` is also in ") && err.contains("one.toml;"),
        "{err}"
    );
}
