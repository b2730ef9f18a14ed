//! Managing cards through the real binary: add, edit in the editor (a script set in
//! `$EDITOR`), delete to the trash and restore, trash empty, import --prune, suspend,
//! deck rename, init --empty and the built-in decks in the trash.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Output;

use common::{Env, deck_toml};
use serde_json::Value;

const NOW: &str = "2026-12-01T10:00:00Z";
const LATER: &str = "2026-12-20T10:00:00Z";

/// A database without the built-in decks.
fn empty_env() -> Env {
    let env = Env::new();
    let out = env.ok(&["init", "--empty"], NOW, "");
    assert!(out.contains("without the built-in decks"), "{out}");
    env
}

/// A shell script used as `$EDITOR`: it is given the file's path as `$1`.
fn editor(env: &Env, name: &str, body: &str) -> PathBuf {
    let path = env.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// `recall ARGS` with `$EDITOR` set to `script` (and `$VISUAL` unset), `stdin` piped.
fn with_editor(env: &Env, script: &PathBuf, args: &[&str], stdin: &str) -> Output {
    env.cmd()
        .env_remove("VISUAL")
        .env("EDITOR", script)
        .args(["--now", NOW])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut all = vec!["cards", "--suspended", "--json"];
    all.extend_from_slice(args);
    env.json(&all, NOW)
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// Spanish with three cards, the first answered twice (so it has progress and a log).
fn spanish(env: &Env) {
    let file = env.write(
        "es.toml",
        &deck_toml(
            "Lang::Spanish",
            &[
                ("es/hola", "hola", "hello"),
                ("es/gato", "gato", "cat"),
                ("es/perro", "perro", "dog"),
            ],
        ),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    env.ok(&["review", "--new", "1"], NOW, "\n2\n\n4\n");
}

#[test]
fn add_takes_a_card_from_the_command_line_with_its_reverse() {
    let env = empty_env();
    let out = env.ok(
        &[
            "add",
            "--deck",
            "Lang::Spanish",
            "--id",
            "es/perro",
            "--stage",
            "2",
            "--tag",
            "animals",
            "--reverse",
            "perro",
            "dog",
        ],
        NOW,
        "",
    );
    assert_eq!(
        out,
        "Added 2 cards to Lang::Spanish: es/perro, es/perro/reverse\n"
    );
    let reverse = env.json(&["info", "es/perro/reverse", "--json"], NOW);
    assert_eq!(reverse["front"], "dog");
    assert_eq!(reverse["back"], "perro");
    assert_eq!(reverse["stage"], 2);
    assert_eq!(reverse["tags"], serde_json::json!(["animals"]));
    // The same id again is refused, and nothing changes.
    let err = env.fails(
        &[
            "add",
            "--deck",
            "Lang::Spanish",
            "--id",
            "es/perro",
            "x",
            "y",
        ],
        NOW,
    );
    assert!(err.contains("a card `es/perro` exists already"), "{err}");
    assert_eq!(
        env.json(&["info", "es/perro", "--json"], NOW)["back"],
        "dog"
    );
    // A cloze card has no reverse.
    let err = env.fails(
        &[
            "add",
            "--deck",
            "D",
            "--kind",
            "cloze",
            "--reverse",
            "[...] is red",
            "Mars",
        ],
        NOW,
    );
    assert!(
        err.contains("`reverse` works on basic and typed cards, not on a cloze card"),
        "{err}"
    );
    // New cards go after the deck's last card: the order new cards come in.
    env.ok(
        &[
            "add",
            "--deck",
            "Lang::Spanish",
            "--id",
            "es/gato",
            "gato",
            "cat",
        ],
        NOW,
        "",
    );
    assert_eq!(
        ids(&env, &["--deck", "spanish"]),
        ["es/gato", "es/perro", "es/perro/reverse"],
        "ordered by stage, then position"
    );
    let pos: i64 = env
        .sql()
        .query_row("SELECT ord FROM cards WHERE guid = 'es/gato'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(pos, 2);
}

#[test]
fn add_without_text_opens_the_editor_on_a_template() {
    let env = empty_env();
    let script = editor(
        &env,
        "fill.sh",
        r#"sed -i 's/^front = ""/front = "la casa"/; s/^back = ""/back = "the house"/' "$1""#,
    );
    let out = with_editor(
        &env,
        &script,
        &["add", "--deck", "Lang::Spanish", "--tag", "home"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("Added 1 card to Lang::Spanish: spanish/"),
        "{}",
        text(&out.stdout)
    );
    let cards = env.json(&["cards", "--json"], NOW);
    assert_eq!(cards[0]["front"], "la casa");
    assert_eq!(cards[0]["tags"], serde_json::json!(["home"]));
    // An editor that leaves the template as it is adds nothing.
    let keep = editor(&env, "keep.sh", "true");
    let out = with_editor(&env, &keep, &["add", "--deck", "Other"], "");
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "The file was left as it was: nothing was added.\n"
    );
    assert_eq!(env.count("SELECT count(*) FROM cards"), 1);
}

#[test]
fn edit_changes_text_and_keeps_progress() {
    let env = empty_env();
    spanish(&env);
    let before = env.json(&["info", "es/hola", "--json"], NOW);
    assert_eq!(before["reviews"].as_array().unwrap().len(), 2);
    let script = editor(
        &env,
        "edit.sh",
        r#"sed -i 's/^back = "hello"/back = "hello, hi"/' "$1""#,
    );
    let out = with_editor(&env, &script, &["edit", "es/hola"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Saved: 1 card changed; progress is kept.\n"
    );
    let after = env.json(&["info", "es/hola", "--json"], NOW);
    assert_eq!(after["back"], "hello, hi");
    assert_eq!(after["state"], before["state"]);
    assert_eq!(after["reviews"], before["reviews"]);
    assert_eq!(after["number"], before["number"]);
    // Its place among the deck's new cards is kept too.
    let order: Vec<i64> = env
        .sql()
        .prepare("SELECT ord FROM cards ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(order, [0, 1, 2]);
}

#[test]
fn editing_a_card_shows_its_reverse_as_reverse_true() {
    let env = empty_env();
    env.ok(
        &[
            "add",
            "--deck",
            "V",
            "--id",
            "v/perro",
            "--reverse",
            "perro",
            "dog",
        ],
        NOW,
        "",
    );
    // The file holds one card marked `reverse = true`; taking the mark out keeps the
    // reverse card, and says so.
    let script = editor(
        &env,
        "unrev.sh",
        r#"grep -c '^reverse = true$' "$1" > "$(dirname "$0")/marks"
sed -i '/^reverse = true$/d; s/^back = "dog"/back = "a dog"/' "$1""#,
    );
    let out = with_editor(&env, &script, &["edit", "v/perro"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(env.path().join("marks")).unwrap(),
        "1\n"
    );
    assert_eq!(
        text(&out.stdout),
        "Saved: 1 card changed; progress is kept.\nNot in the file and kept: v/perro/reverse (`recall delete ID…` moves cards to the trash).\n"
    );
    assert_eq!(
        env.json(&["info", "v/perro/reverse", "--json"], NOW)["front"],
        "dog"
    );
}

#[test]
fn edit_of_a_deck_can_add_a_reverse_and_reports_cards_taken_out() {
    let env = empty_env();
    spanish(&env);
    // Mark the cat card reversible and delete the dog card's table from the file.
    let script = editor(
        &env,
        "deck.sh",
        r#"sed -i 's/^back = "cat"/back = "cat"\nreverse = true/' "$1"
python3 - "$1" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
i = s.index('[[cards]]\nid = "es/perro"')
open(p, 'w').write(s[:i])
EOF"#,
    );
    let out = with_editor(&env, &script, &["edit", "--deck", "spanish"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Saved: 0 cards changed, 1 added; progress is kept.\nNot in the file and kept: es/perro (`recall delete ID…` moves cards to the trash).\n"
    );
    assert_eq!(
        ids(&env, &[]),
        ["es/hola", "es/gato", "es/perro", "es/gato/reverse"]
    );
}

#[test]
fn a_failed_edit_leaves_the_database_byte_for_byte_unchanged() {
    let env = empty_env();
    spanish(&env);
    let bytes = std::fs::read(&env.db).unwrap();
    let script = editor(
        &env,
        "bad.sh",
        r#"sed -i 's/^back = "hello"/back = /' "$1""#,
    );
    // Standard input ends at once: the question to reopen the editor gets no answer.
    let out = with_editor(&env, &script, &["edit", "es/hola"], "");
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("edited.toml:"), "{err}");
    assert!(
        err.contains("the edit was given up: nothing was saved"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        bytes,
        "the database is as it was"
    );
    // A bad value names its line; declining to reopen gives up too.
    let stage = editor(&env, "stage.sh", r#"sed -i 's/^stage = 1/stage = 7/' "$1""#);
    let out = with_editor(&env, &stage, &["edit", "es/hola"], "n\n");
    let err = text(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("`stage` must be 1, 2 or 3, not 7"), "{err}");
    let line = err
        .lines()
        .find(|l| l.contains("not 7"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap();
    assert!(line.parse::<usize>().is_ok(), "a line number: {err}");
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
    // An editor that exits with an error saves nothing either.
    let fail = editor(&env, "fail.sh", "exit 3");
    let out = with_editor(&env, &fail, &["edit", "es/hola"], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("exited with exit status: 3; nothing was saved"));
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
    // Unchanged: nothing changes.
    let keep = editor(&env, "keep.sh", "true");
    let out = with_editor(&env, &keep, &["edit", "--deck", "spanish"], "");
    assert_eq!(
        text(&out.stdout),
        "The file was left as it was: nothing was changed.\n"
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
}

#[test]
fn a_bad_edit_can_be_reopened_and_fixed() {
    let env = empty_env();
    spanish(&env);
    // First run: break the file; second run (the file as left): fix it differently.
    let script = editor(
        &env,
        "twice.sh",
        &format!(
            r#"if [ -e "{marker}" ]; then
  sed -i 's/^back = $/back = "hi there"/' "$1"
else
  touch "{marker}"
  sed -i 's/^back = "hello"/back = /' "$1"
fi"#,
            marker = env.path().join("ran-once").display()
        ),
    );
    let out = with_editor(&env, &script, &["edit", "es/hola"], "y\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Reopen the editor to fix it? [y/N]"));
    assert_eq!(
        env.json(&["info", "es/hola", "--json"], NOW)["back"],
        "hi there"
    );
}

#[test]
fn delete_then_restore_gives_back_exactly_what_was_there() {
    let env = empty_env();
    spanish(&env);
    env.ok(&["suspend", "es/gato"], NOW, "");
    let hola = env.json(&["info", "es/hola", "--json"], NOW);
    let gato = env.json(&["info", "es/gato", "--json"], NOW);
    let decks = env.json(&["decks", "--json"], NOW);
    // On a pipe, without --yes, nothing is deleted.
    let err = env.fails(&["delete", "es/hola", "es/gato"], NOW);
    assert!(
        err.contains("Move 2 cards (1 with progress, kept with them) to the trash: es/hola, es/gato? Nothing was changed: pass --yes"),
        "{err}"
    );
    assert_eq!(env.count("SELECT count(*) FROM trash_cards"), 0);
    let out = env.ok(&["delete", "--yes", "es/hola", "es/gato"], NOW, "");
    assert_eq!(
        out,
        "Moved 2 cards to the trash; `recall trash restore ID…` brings them back.\n"
    );
    assert_eq!(ids(&env, &[]), ["es/perro"]);
    assert_eq!(
        env.count("SELECT count(*) FROM reviews"),
        0,
        "the log went with the card"
    );
    let err = env.fails(&["info", "es/hola"], NOW);
    assert!(err.contains("no card `es/hola`"), "{err}");
    let listed = env.ok(&["trash"], NOW, "");
    assert!(listed.contains("es/hola "), "{listed}");
    assert!(listed.contains("2 cards in the trash"), "{listed}");
    let json = env.json(&["trash", "--json"], NOW);
    assert_eq!(
        json[0]["reviews"].as_u64().unwrap() + json[1]["reviews"].as_u64().unwrap(),
        2
    );
    let out = env.ok(&["trash", "restore", "es/hola", "2"], NOW, "");
    assert_eq!(
        out,
        "Restored 2 cards, with their progress: es/hola, es/gato\n"
    );
    assert_eq!(env.json(&["info", "es/hola", "--json"], NOW), hola);
    assert_eq!(env.json(&["info", "es/gato", "--json"], NOW), gato);
    assert_eq!(env.json(&["decks", "--json"], NOW), decks);
    assert_eq!(env.ok(&["trash"], NOW, ""), "The trash is empty.\n");
    let err = env.fails(&["trash", "restore", "es/nope"], NOW);
    assert!(err.contains("not in the trash: es/nope"), "{err}");
}

#[test]
fn a_deleted_deck_and_its_level_history_come_back_whole() {
    let env = empty_env();
    spanish(&env);
    env.sql()
        .execute_batch(
            "UPDATE decks SET level = 1 WHERE name = 'Lang::Spanish';
             INSERT INTO level_events (deck_id, at, from_level, to_level, cause)
               SELECT id, 5, 0, 1, 'answer' FROM decks WHERE name = 'Lang::Spanish';",
        )
        .unwrap();
    let decks = env.json(&["decks", "--json"], NOW);
    let history = env.ok(&["skills", "--history", "spanish"], NOW, "");
    let out = env.ok(&["delete", "--deck", "spanish", "--yes"], NOW, "");
    assert_eq!(
        out,
        "Moved the deck Lang::Spanish and 3 cards to the trash; `recall trash restore --all` brings them back.\n"
    );
    assert_eq!(env.count("SELECT count(*) FROM decks"), 0);
    assert_eq!(env.count("SELECT count(*) FROM level_events"), 0);
    // A path over decks, with no deck of its own: every deck under it is a sub-deck.
    env.ok(
        &["add", "--deck", "Lang::French", "bonjour", "hello"],
        NOW,
        "",
    );
    env.ok(
        &["add", "--deck", "Lang::German", "hallo", "hello"],
        NOW,
        "",
    );
    let out = env.ok(&["delete", "--deck", "lang", "--yes"], NOW, "");
    assert_eq!(
        out,
        "Moved the deck Lang and its 2 sub-decks and 2 cards to the trash; `recall trash restore --all` brings them back.\n"
    );
    let out = env.ok(&["trash", "restore", "--all"], NOW, "");
    assert!(
        out.contains("3 decks are back: Lang::Spanish, Lang::French, Lang::German"),
        "{out}"
    );
    env.ok(&["delete", "--deck", "french", "--yes"], NOW, "");
    env.ok(&["delete", "--deck", "german", "--yes"], NOW, "");
    assert_eq!(env.json(&["decks", "--json"], NOW), decks);
    assert_eq!(
        env.ok(&["skills", "--history", "spanish"], NOW, ""),
        history
    );
    assert_eq!(ids(&env, &[]), ["es/hola", "es/gato", "es/perro"]);
}

#[test]
fn a_restored_card_whose_number_was_taken_gets_a_new_one() {
    let env = empty_env();
    spanish(&env);
    env.ok(&["delete", "--yes", "es/perro"], NOW, "");
    // es/perro had number 3; the next card added takes it.
    env.ok(
        &[
            "add",
            "--deck",
            "Lang::Spanish",
            "--id",
            "es/oso",
            "oso",
            "bear",
        ],
        NOW,
        "",
    );
    assert_eq!(env.json(&["info", "es/oso", "--json"], NOW)["number"], 3);
    let out = env.ok(&["trash", "restore", "es/perro"], NOW, "");
    assert!(
        out.contains("A newer card took the number of es/perro, so it has a new number"),
        "{out}"
    );
    assert_eq!(env.json(&["info", "es/perro", "--json"], NOW)["number"], 4);
    // An id that exists again cannot be restored over it.
    env.ok(&["delete", "--yes", "es/oso"], NOW, "");
    env.sql()
        .execute(
            "INSERT INTO cards (guid, deck_id, front, back, created_at, updated_at)
             SELECT 'es/oso', deck_id, 'x', 'y', 0, 0 FROM cards LIMIT 1",
            [],
        )
        .unwrap();
    let err = env.fails(&["trash", "restore", "--all"], NOW);
    assert!(err.contains("a card `es/oso` exists again"), "{err}");
}

#[test]
fn emptying_the_trash_is_the_only_way_a_card_is_gone_for_good() {
    let env = empty_env();
    spanish(&env);
    // A clock that stands still (step 0): the boundary below is exact, not a race
    // between two commands' real start times.
    env.ok_stepped(&["delete", "--yes", "es/hola"], NOW, "", 0);
    env.ok_stepped(&["delete", "--yes", "es/gato"], LATER, "", 0);
    let err = env.fails(&["trash", "empty"], LATER);
    assert!(err.contains("pass --yes"), "{err}");
    assert_eq!(env.count("SELECT count(*) FROM trash_cards"), 2);
    // Trashed 19 days before LATER, and 0 days before.
    let out = env.ok_stepped(
        &["trash", "empty", "--older-than", "20", "--yes"],
        LATER,
        "",
        0,
    );
    assert_eq!(out, "Nothing in the trash to delete.\n");
    let out = env.ok_stepped(
        &["trash", "empty", "--older-than", "19", "--yes"],
        LATER,
        "",
        0,
    );
    assert_eq!(
        out, "Nothing in the trash to delete.\n",
        "exactly 19 days is not older"
    );
    let out = env.ok_stepped(
        &["trash", "empty", "--older-than", "18", "--yes"],
        LATER,
        "",
        0,
    );
    assert_eq!(out, "Deleted 1 card for good.\n");
    assert_eq!(
        env.count("SELECT count(*) FROM trash_reviews"),
        0,
        "es/hola's log went with it"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM trash_cards WHERE guid = 'es/gato'"),
        1
    );
    let out = env.ok(&["trash", "empty", "--yes"], LATER, "");
    assert_eq!(out, "Deleted 1 card for good.\n");
    assert_eq!(env.count("SELECT count(*) FROM cards"), 1);
}

#[test]
fn import_prune_moves_cards_the_file_dropped_to_the_trash() {
    let env = empty_env();
    spanish(&env);
    let file = env.write(
        "es.toml",
        &deck_toml(
            "Lang::Spanish",
            &[("es/hola", "hola", "hello"), ("es/gato", "gato", "cat")],
        ),
    );
    let path = file.to_str().unwrap();
    let dry = env.ok(&["import", path, "--prune", "--dry-run"], NOW, "");
    assert!(
        dry.contains(
            "1 card of this deck is not in the file and would go to the trash:\n      es/perro\n"
        ),
        "{dry}"
    );
    assert_eq!(env.count("SELECT count(*) FROM trash_cards"), 0);
    let out = env.ok(&["import", path, "--prune"], NOW, "");
    assert!(
        out.contains(
            "1 card of this deck is not in the file and went to the trash:\n      es/perro\n"
        ),
        "{out}"
    );
    assert_eq!(ids(&env, &[]), ["es/hola", "es/gato"]);
    // Importing a file that holds a trashed card leaves it in the trash.
    let all = env.write(
        "all.toml",
        &deck_toml("Lang::Spanish", &[("es/perro", "perro", "dog")]),
    );
    let out = env.ok(&["import", all.to_str().unwrap()], NOW, "");
    assert!(out.contains("1 card in the trash, left there"), "{out}");
    assert_eq!(
        env.count("SELECT count(*) FROM cards WHERE guid = 'es/perro'"),
        0
    );
}

#[test]
fn suspend_and_unsuspend_say_what_they_did() {
    let env = empty_env();
    spanish(&env);
    let out = env.ok(&["unsuspend", "es/hola"], NOW, "");
    assert_eq!(
        out,
        "es/hola is not suspended; nothing changed (it is in reviews already).\n"
    );
    let out = env.ok(&["suspend", "es/hola", "es/gato"], NOW, "");
    assert_eq!(
        out,
        "es/hola is suspended: it stays out of reviews and drills until `recall unsuspend es/hola`.\n\
         es/gato is suspended: it stays out of reviews and drills until `recall unsuspend es/gato`.\n"
    );
    assert_eq!(
        env.ok(&["suspend", "es/hola"], NOW, ""),
        "es/hola was suspended already.\n"
    );
    assert_eq!(ids(&env, &[]).len(), 3);
    assert_eq!(
        env.json(&["cards", "--json"], NOW)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let err = env.fails(&["suspend", "es/gato", "es/nope"], NOW);
    assert!(err.contains("no card `es/nope`"), "{err}");
    assert_eq!(
        env.ok(&["unsuspend", "es/hola"], NOW, ""),
        "es/hola is back in reviews.\n"
    );
}

#[test]
fn renaming_a_deck_takes_its_sub_decks_and_trashed_cards_along() {
    let env = empty_env();
    spanish(&env);
    env.ok(
        &[
            "add",
            "--deck",
            "Lang::Spanish::Verbs",
            "--id",
            "es/ser",
            "ser",
            "to be",
        ],
        NOW,
        "",
    );
    env.ok(&["delete", "--yes", "es/hola"], NOW, "");
    let out = env.ok(
        &["deck", "rename", "Lang::Spanish", "Languages::Español"],
        NOW,
        "",
    );
    assert_eq!(
        out,
        "Renamed Lang::Spanish and its sub-deck to Languages::Español.\n"
    );
    let names: Vec<String> = env
        .json(&["decks", "--json"], NOW)
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Languages::Español", "Languages::Español::Verbs"]);
    env.ok(&["trash", "restore", "es/hola"], NOW, "");
    assert_eq!(
        env.json(&["info", "es/hola", "--json"], NOW)["deck"],
        "Languages::Español"
    );
    env.ok(&["add", "--deck", "Other", "o", "p"], NOW, "");
    let err = env.fails(
        &["deck", "rename", "Other", "Languages::Español::Verbs"],
        NOW,
    );
    assert!(
        err.contains("a deck `Languages::Español::Verbs` exists already"),
        "{err}"
    );
}

#[test]
fn init_empty_is_remembered_and_init_never_overwrites() {
    let env = empty_env();
    assert_eq!(env.count("SELECT count(*) FROM cards"), 0);
    // A later run loads no built-in deck.
    let out = env.ok(&["decks"], NOW, "");
    assert!(out.contains("No decks yet"), "{out}");
    assert_eq!(
        env.ok(&["config", "get", "builtin_decks"], NOW, ""),
        "off\n"
    );
    let err = env.fails(&["init"], NOW);
    assert!(err.contains("a database exists already"), "{err}");
    let full = Env::new();
    let out = full.ok(&["init"], NOW, "");
    assert!(out.contains("with the built-in decks"), "{out}");
    assert_eq!(
        full.count("SELECT count(*) FROM cards"),
        common::built_in_cards()
    );
}

#[test]
fn a_deleted_built_in_deck_is_not_brought_back_by_the_next_update() {
    let env = Env::new();
    env.ok(&["init"], NOW, "");
    let python = env.count(
        "SELECT count(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.name LIKE '%::Python'",
    );
    assert!(python > 40, "the built-in Python deck: {python} cards");
    let out = env.ok(&["delete", "--deck", "python", "--yes"], NOW, "");
    assert!(
        out.starts_with(&format!(
            "Moved the deck AI/ML Engineer::Core Technical Competencies::Programming & Frameworks::Python and {python} cards to the trash"
        )),
        "{out}"
    );
    let trashed = env.count("SELECT count(*) FROM trash_cards");
    assert_eq!(trashed, python);
    // A newer binary's built-in decks: the loader runs again.
    env.sql()
        .execute(
            "UPDATE config SET value = 'older' WHERE key = 'internal.builtin_hash'",
            [],
        )
        .unwrap();
    env.ok(&["decks"], NOW, "");
    assert_eq!(
        env.count("SELECT value = 'older' FROM config WHERE key = 'internal.builtin_hash'"),
        0
    );
    assert_eq!(
        env.count("SELECT count(*) FROM decks WHERE name LIKE '%::Python'"),
        0
    );
    assert_eq!(
        env.count("SELECT count(*) FROM cards WHERE guid LIKE 'python/%'"),
        0
    );
    assert_eq!(env.count("SELECT count(*) FROM trash_cards"), trashed);
    env.ok(&["trash", "restore", "--all"], NOW, "");
    assert_eq!(
        env.count("SELECT count(*) FROM cards"),
        common::built_in_cards()
    );
}

fn session_fronts(out: &str) -> Vec<String> {
    // Each card is shown as `[n/N] deck · …` then its front on the next line.
    let lines: Vec<&str> = out.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with('['))
        .filter_map(|(i, _)| lines.get(i + 1).map(|s| s.trim().to_string()))
        .collect()
}

#[test]
fn siblings_are_not_asked_in_one_session_while_other_cards_are_left() {
    let env = empty_env();
    let file = env.write("v.md", "perro ::: dog\ngato :: cat\nsol :: sun\n");
    env.ok(
        &["import", file.to_str().unwrap(), "--deck", "Vocab"],
        NOW,
        "",
    );
    let out = env.ok(&["review"], NOW, "\n4\n\n4\n\n4\n\n4\n");
    assert_eq!(session_fronts(&out), ["perro", "gato", "sol", "dog"]);
    // Off: file order.
    let env = empty_env();
    env.ok(&["config", "set", "bury_siblings", "off"], NOW, "");
    let file = env.write("v.md", "perro ::: dog\ngato :: cat\nsol :: sun\n");
    env.ok(
        &["import", file.to_str().unwrap(), "--deck", "Vocab"],
        NOW,
        "",
    );
    let out = env.ok(&["review"], NOW, "\n4\n\n4\n\n4\n\n4\n");
    assert_eq!(session_fronts(&out), ["perro", "dog", "gato", "sol"]);
}

#[test]
fn a_sibling_answered_earlier_today_waits_for_the_other_cards() {
    let env = empty_env();
    let file = env.write("v.md", "perro ::: dog\ngato :: cat\n");
    env.ok(
        &["import", file.to_str().unwrap(), "--deck", "Vocab"],
        NOW,
        "",
    );
    let first = env.ok(&["review", "--new", "1"], NOW, "\n4\n");
    assert_eq!(session_fronts(&first), ["perro"]);
    let second = env.ok(&["review", "--new", "2"], NOW, "\n4\n\n4\n");
    assert_eq!(session_fronts(&second), ["gato", "dog"]);
}

#[test]
fn a_drill_takes_other_cards_before_a_sibling() {
    let env = empty_env();
    let file = env.write("v.md", "perro ::: dog\ngato :: cat\n");
    env.ok(
        &["import", file.to_str().unwrap(), "--deck", "Vocab"],
        NOW,
        "",
    );
    let out = env.ok(
        &["--seed", "1", "drill", "--mode", "flash", "--count", "2"],
        NOW,
        "\n4\n\n4\n",
    );
    let fronts = session_fronts(&out);
    assert_eq!(fronts.len(), 2, "{out}");
    assert!(fronts.contains(&"gato".to_string()), "{fronts:?}");
}

#[test]
fn reversed_cards_export_as_one_and_import_back_to_the_same_cards() {
    let env = empty_env();
    env.ok(
        &[
            "add",
            "--deck",
            "Vocab",
            "--id",
            "v/perro",
            "--reverse",
            "perro",
            "dog",
        ],
        NOW,
        "",
    );
    env.ok(
        &["add", "--deck", "Vocab", "--id", "v/gato", "gato", "cat"],
        NOW,
        "",
    );
    let before: Value = env.json(&["cards", "--json"], NOW);
    for format in ["toml", "csv"] {
        let out = env.ok(&["export", "--format", format], NOW, "");
        assert_eq!(out.matches("v/perro").count(), 1, "{out}");
        assert!(out.contains("true"), "{out}");
        let file = env.write(&format!("x.{format}"), &out);
        let other = empty_env();
        other.ok(&["import", file.to_str().unwrap()], NOW, "");
        assert_eq!(other.json(&["cards", "--json"], NOW), before, "{format}");
    }
}
