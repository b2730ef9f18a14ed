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

/// The subcommands `recall --help` lists, each with the first line of its description.
fn listed_subcommands(help: &str) -> Vec<(String, String)> {
    let section = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .expect("a Commands section");
    section
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| {
            let l = l.trim();
            let (name, about) = l.split_once(' ').expect("a name and a description");
            (name.to_string(), about.trim().to_string())
        })
        .collect()
}

#[test]
fn every_subcommand_has_its_own_help() {
    let env = Env::new();
    let out = env.cmd().arg("--help").output().unwrap();
    let listed = listed_subcommands(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(listed.len(), 27, "{listed:?}");
    for (sub, about) in listed.iter().filter(|(s, _)| s != "help") {
        let out = env.cmd().args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        let text = String::from_utf8(out.stdout).unwrap();
        // Its description (as listed, up to where the listing wraps) comes first.
        let start: String = about.chars().take(40).collect();
        assert!(text.starts_with(&start), "{sub}: `{start}` in\n{text}");
        assert!(
            text.contains(&format!("Usage: recall {sub}")),
            "{sub}: {text}"
        );
    }
}

/// Every subcommand `recall --help` lists, run for real on one database, with what its
/// output says it did. A subcommand added to the CLI must be added here.
#[test]
#[allow(clippy::too_many_lines)] // one scenario over every subcommand, in order
fn every_subcommand_runs_and_says_what_it_did() {
    let env = Env::new();
    let help = env.ok(&["--help"], NOW, "");
    let mut listed: Vec<String> = listed_subcommands(&help)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    listed.sort();

    let words = env.write("words.csv", "front,back\nuno,one\ndos,two\n");
    let guide = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/decks/sources/ai-ml-engineer-skills.md"
    );
    let generated = env.path().join("generated");
    let backup = env.path().join("copy.db");
    let mut ran: Vec<&str> = Vec::new();
    let mut run = |sub: &'static str, args: &[&str], stdin: &str, expected: &[&str]| {
        let mut all = vec![sub];
        all.extend_from_slice(args);
        let out = env.ok(&all, NOW, stdin);
        for e in expected {
            assert!(out.contains(e), "recall {all:?}: `{e}` in\n{out}");
        }
        ran.push(sub);
        out
    };

    let out = run(
        "review",
        &[],
        "\n4\n:suspend\n:quit\n",
        &[
            "[1/20] Python · Beginner · basic · new",
            "✓ recorded 4 (good) · next review 2026-11-28 (tomorrow)",
            "suspended; `recall unsuspend python/q/list-vs-tuple` brings it back",
            "Session over: 1 card, 1 answer, 100% correct",
        ],
    );
    assert!(!out.contains("[3/"), "the session ended at :quit:\n{out}");
    run(
        "drill",
        &[
            "--skill", "sql", "--stage", "beginner", "--mode", "flash", "--count", "1",
        ],
        "\n5\n",
        &["[1/1] SQL · Beginner", "Drill report: 1/1 correct (100%)"],
    );
    run(
        "skills",
        &[],
        "",
        &["AI/ML Engineer › Core Technical Competencies › Programming & Frameworks"],
    );
    let cards = common::built_in_cards();
    let decks_line = format!("15 decks, {cards} cards, 0 due today.");
    run("decks", &[], "", &[decks_line.as_str()]);
    run(
        "stats",
        &[],
        "",
        &[
            "Progress  Fri 2026-11-27, all decks",
            "2 answers on 2 cards, 100% passed",
        ],
    );
    run(
        "cards",
        &["--deck", "sql"],
        "",
        &["sql/definition", "What is SQL?"],
    );
    run(
        "search",
        &[r#"deck:sql "what is sql""#],
        "",
        &["sql/definition  #", "    What is SQL?", "1 card matches."],
    );
    run(
        "info",
        &["python/definition"],
        "",
        &[
            "python/definition (#",
            "Front:  What is Python, and why is it the usual language for machine learning?",
        ],
    );
    run(
        "import",
        &[words.to_str().unwrap()],
        "",
        &["words (new deck): 2 added"],
    );
    run(
        "export",
        &["--deck", "words", "--format", "csv"],
        "",
        &["uno,one", "dos,two"],
    );
    run(
        "generate",
        &[guide, "-o", generated.to_str().unwrap()],
        "",
        &[format!("Wrote 15 deck files ({cards} cards, ").as_str()],
    );
    assert_eq!(
        std::fs::read_dir(&generated).unwrap().count(),
        15,
        "one file per skill"
    );
    run(
        "config",
        &["set", "new_per_day", "5"],
        "",
        &["new_per_day = 5"],
    );
    run(
        "unsuspend",
        &["python/q/list-vs-tuple"],
        "",
        &["python/q/list-vs-tuple is back in reviews."],
    );
    run(
        "backup",
        &[backup.to_str().unwrap()],
        "",
        &["Backed up", "copy.db"],
    );
    assert!(backup.is_file());
    let folder = env.path().join("sync");
    run(
        "sync",
        &[folder.to_str().unwrap(), "--device", "laptop"],
        "",
        &[
            "This device: laptop (",
            "0 other devices.",
            "In: nothing new.",
            "Out: 7 events went out to",
        ],
    );
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        1,
        "one journal"
    );
    let holds = format!(
        "Holds:        16 decks, {} cards (1 seen), 2 reviews",
        cards + 2
    );
    run("check", &[], "", &["Integrity:    ok", holds.as_str()]);
    // 40 cards answered Good on 2026-10-01, 10-03 and 10-09: 80 answers on a later day.
    let deck = env.write("o.toml", &common::numbered_deck("O", "o", 40));
    env.ok(&["import", deck.to_str().unwrap()], NOW, "");
    let mut log = String::from("card_id,review_time,quality,mode,duration_ms\n");
    for day in ["01", "03", "09"] {
        for card in 0..40 {
            log.push_str(&format!(
                "o/{card},2026-10-{day}T10:00:{:02}.000Z,4,review,3000\n",
                card % 60
            ));
        }
    }
    let log = env.write("log.csv", &log);
    env.ok(&["import", "--reviews", log.to_str().unwrap()], NOW, "");
    run(
        "optimize",
        &[],
        "",
        &[
            // The 120 imported, and the first session's review of a new card.
            "Fitted FSRS-6 to your log: 121 reviews, 80 of them (on 40 cards) answers on a later day than the one before.",
            "Tested on the later 67 of those",
            "Your parameters are stored; FSRS uses them from now on.",
        ],
    );
    run(
        "sandbox",
        &["--rows", "1"],
        "SELECT status, count(*) FROM orders\nGROUP BY status ORDER BY status;\n.quit\n",
        &[
            " status      count(*)",
            " cancelled",
            "… 4 more rows\n(5 rows)",
        ],
    );
    run(
        "completions",
        &["bash"],
        "",
        &["_recall()", "complete -F _recall"],
    );
    run(
        "help",
        &[],
        "",
        &["completions  Print a shell completion script"],
    );
    run(
        "add",
        &["--deck", "words", "--reverse", "tres", "three"],
        "",
        &["Added 2 cards to words: words/"],
    );
    run(
        "suspend",
        &["python/usage"],
        "",
        &["python/usage is suspended: it stays out of reviews and drills"],
    );
    run(
        "delete",
        &["--yes", "python/usage"],
        "",
        &["Moved 1 card to the trash"],
    );
    run("trash", &[], "", &["python/usage", "1 card in the trash"]);
    run(
        "deck",
        &["rename", "words", "Numbers"],
        "",
        &["Renamed words to Numbers."],
    );
    // The editor is a command that leaves the file as it was.
    let out = env
        .cmd()
        .env_remove("VISUAL")
        .env("EDITOR", "true")
        .args(["--now", NOW, "edit", "python/definition"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "The file was left as it was: nothing was changed.\n"
    );
    ran.push("edit");
    let fresh = Env::new();
    let out = fresh.ok(&["init", "--empty"], NOW, "");
    assert!(out.contains("without the built-in decks"), "{out}");
    ran.push("init");

    ran.sort_unstable();
    assert_eq!(ran, listed, "every listed subcommand ran");
    assert_eq!(
        env.json(&["config", "get", "new_per_day"], NOW),
        serde_json::json!(5)
    );
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

/// `recall … | head` closing the pipe early is not an error (README), so no subcommand
/// may panic when its standard output is closed. (`check`, `config`, `completions`,
/// `backup` and `unsuspend` once printed with `println!` and panicked on the broken pipe;
/// all output now goes through `ui`, whose write errors end the command quietly.)
#[test]
fn no_subcommand_panics_when_its_output_is_closed() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    let backup = env.path().join("b.db");
    let mut panicked = Vec::new();
    for args in [
        vec!["decks"],
        vec!["check"],
        vec!["config", "list"],
        vec!["config", "get", "new_per_day"],
        vec!["completions", "bash"],
        vec!["backup", backup.to_str().unwrap()],
        vec!["unsuspend", "python/definition"],
        vec!["stats"],
        vec!["cards"],
        vec!["config", "set", "scheduler", "fsrs"],
        vec!["info", "python/definition"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_recall"))
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(&env.db)
            .args(["--now", NOW])
            .args(&args)
            .stdin(std::process::Stdio::null())
            .stdout(writer)
            .output()
            .unwrap();
        if String::from_utf8_lossy(&out.stderr).contains("panicked") {
            panicked.push(args.join(" "));
        }
    }
    assert!(
        panicked.is_empty(),
        "panicked on a closed pipe: {panicked:?}"
    );
}
