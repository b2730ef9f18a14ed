//! The command-line frame: the built-in decks on a new database, help, completions, and
//! clear one-line errors with a non-zero exit for bad flags and bad database paths.

mod common;

use common::{Env, bare};

const NOW: &str = "2026-11-27T10:00:00Z";

#[test]
fn a_new_database_lists_the_fifteen_skills() {
    let env = Env::new();
    let decks = env.json(&["decks", "--json"], NOW);
    let decks = decks.as_array().expect("an array");
    assert_eq!(decks.len(), 15);
    for d in decks {
        let name = d["name"].as_str().unwrap();
        assert!(name.starts_with("AI/ML Engineer::"), "{name}");
        assert_eq!(
            name.matches("::").count(),
            3,
            "root, area, category, skill: {name}"
        );
        let cards = d["cards"].as_u64().unwrap();
        assert!(cards >= 9, "{name} has {cards} cards");
        assert_eq!(d["new"].as_u64(), Some(cards));
        assert_eq!(d["due"].as_u64(), Some(0));
    }
    let table = env.ok(&["decks"], NOW, "");
    for skill in [
        "Python",
        "SQL",
        "TensorFlow / PyTorch",
        "Articulating Technical Concepts",
    ] {
        assert!(table.contains(skill), "{skill} missing from\n{table}");
    }
    assert!(table.contains("15 decks"), "{table}");
}

#[test]
fn the_folder_of_the_database_is_created_on_first_use() {
    let env = Env::new();
    let nested = env.path().join("a/b/c/recall.db");
    bare()
        .arg("--db")
        .arg(&nested)
        .arg("decks")
        .assert()
        .success();
    assert!(nested.exists());
}

#[test]
fn every_subcommand_has_help() {
    let env = Env::new();
    for sub in [
        "review",
        "skills",
        "decks",
        "cards",
        "info",
        "import",
        "generate",
        "config",
        "unsuspend",
        "completions",
    ] {
        let out = env.cmd().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage: recall"), "{sub}: {text}");
    }
}

#[test]
fn completions_are_printed_for_a_shell() {
    let env = Env::new();
    let out = env.cmd().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("_recall()"));
}

#[test]
fn an_unwritable_database_path_is_one_clear_line() {
    let env = Env::new();
    let file = env.write("plain-file", "not a folder");
    let out = bare()
        .arg("--db")
        .arg(file.join("recall.db"))
        .arg("decks")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("recall: cannot create the folder for the database"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let env = Env::new();
    let junk = env.write("junk.db", &"this is not sqlite\n".repeat(200));
    let before = std::fs::read(&junk).unwrap();
    let out = bare().arg("--db").arg(&junk).arg("decks").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not a recall database"), "{err}");
    assert_eq!(std::fs::read(&junk).unwrap(), before);
}

#[test]
fn bad_flags_get_a_message_not_a_panic() {
    let env = Env::new();
    let err = env.fails(&["decks"], "last tuesday");
    assert!(err.contains("--now `last tuesday` is not a time"), "{err}");
    let out = env
        .cmd()
        .args(["--color", "sometimes", "decks"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = env.fails(&["review", "--deck", "cobol"], NOW);
    assert!(err.contains("no deck matches `cobol`"), "{err}");
    let err = env.fails(&["review", "--deck", "learning"], NOW);
    assert!(
        err.contains("matches several decks") && err.contains("Transfer Learning Techniques"),
        "{err}"
    );
    let err = env.fails(&["info", "no/such-card"], NOW);
    assert!(err.contains("no card `no/such-card`"), "{err}");
}

#[test]
fn colour_never_means_no_escape_bytes() {
    let env = Env::new();
    let out = env
        .cmd()
        .env_remove("NO_COLOR")
        .args(["--color", "never", "--now", NOW, "review"])
        .write_stdin("\n4\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b));
    let out = env
        .cmd()
        .env_remove("NO_COLOR")
        .args(["--color", "always", "--now", NOW, "review"])
        .write_stdin("\n4\n")
        .output()
        .unwrap();
    assert!(
        out.stdout.contains(&0x1b),
        "--color always colours even a pipe"
    );
}

#[test]
fn a_newer_binary_updates_built_in_text_and_keeps_progress() {
    let env = Env::new();
    env.ok(&["review", "--deck", "python"], NOW, "\n5\n:quit\n");
    let before = env.json(&["info", "python/definition", "--json"], NOW);
    // Pretend the database was filled by an older binary with other built-in text.
    let conn = env.sql();
    conn.execute(
        "UPDATE cards SET front = 'old text' WHERE guid = 'python/definition'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE config SET value = 'older' WHERE key = 'internal.builtin_hash'",
        [],
    )
    .unwrap();
    drop(conn);
    let after = env.json(&["info", "python/definition", "--json"], NOW);
    assert_eq!(
        after["front"],
        "What is Python, and why is it the usual language for machine learning?"
    );
    assert_eq!(after["state"], before["state"]);
    assert_eq!(after["reviews"], before["reviews"]);
    let built_in: usize = recall::builtin::decks()
        .unwrap()
        .iter()
        .map(|d| d.cards.len())
        .sum();
    assert!(built_in > 600, "{built_in}");
    assert_eq!(env.count("SELECT count(*) FROM cards"), built_in as i64);
}
