//! A database with one damaged page: found by `check` with every finding listed, never
//! written to afterwards, never half-copied by `backup`, and mended by `check --repair`.

mod common;

use std::path::{Path, PathBuf};

use common::Env;

const NOW: &str = "2026-01-01T12:00:00Z";

/// The database file and its write-ahead log, byte for byte.
fn files(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    (std::fs::read(db).unwrap(), std::fs::read(wal).ok())
}

/// Overwrites one leaf page of the `cards` table with junk (the first child of its root,
/// an interior page) and returns that page's number.
fn damage_a_page_of_cards(env: &Env) -> u32 {
    let root: u32 = {
        let conn = env.sql();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        conn.query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'cards'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut bytes = std::fs::read(&env.db).unwrap();
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => usize::from(n),
    };
    let page = |n: u32| (n as usize - 1) * page_size;
    let at = page(root);
    assert_eq!(bytes[at], 5, "the built-in cards need more than one page");
    let first_cell = usize::from(u16::from_be_bytes([bytes[at + 12], bytes[at + 13]]));
    let child = u32::from_be_bytes(
        bytes[at + first_cell..at + first_cell + 4]
            .try_into()
            .unwrap(),
    );
    let mut x: u32 = 12_345;
    for b in &mut bytes[page(child)..page(child) + page_size] {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        *b = (x >> 16) as u8;
    }
    std::fs::write(&env.db, &bytes).unwrap();
    child
}

fn run(env: &Env, args: &[&str], stdin: &str) -> (bool, String, String) {
    let out = env.run(args, NOW, stdin);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        err,
    )
}

#[test]
fn check_lists_every_finding_and_after_it_nothing_writes_to_the_file() {
    let env = Env::new();
    env.ok(&["review", "--deck", "sql"], NOW, "\n4\n\n4\n");
    let page = damage_a_page_of_cards(&env);

    let (ok, report, err) = run(&env, &["check"], "");
    assert!(!ok);
    assert!(
        report.contains(&format!("(table cards) page {page}")),
        "the finding names the table and the page: {report}"
    );
    assert!(report.contains("Integrity:    "), "{report}");
    assert!(!report.contains("Integrity:    ok"), "{report}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("recall check --repair"), "{err}");
    assert!(
        !err.contains("`recall check` shows"),
        "advice pointing at itself: {err}"
    );

    let deck = env.write(
        "extra.toml",
        &common::deck_toml("Extra", &[("e1", "Q", "A")]),
    );
    let before = files(&env.db);
    for (args, stdin) in [
        (vec!["config", "set", "new_per_day", "5"], ""),
        (vec!["import", deck.to_str().unwrap()], ""),
        (vec!["review", "--deck", "python"], "\n5\n"),
        (vec!["drill", "--skill", "python", "--count", "1"], "\n5\n"),
        (vec!["unsuspend", "python/definition"], ""),
    ] {
        let (ok, _, err) = run(&env, &args, stdin);
        assert!(!ok, "{args:?} must be refused");
        assert!(err.contains("is damaged"), "{args:?}: {err}");
        assert!(err.contains("recall check --repair"), "{args:?}: {err}");
        assert_eq!(
            files(&env.db),
            before,
            "{args:?} wrote to a damaged database"
        );
    }
    // What can still be read still is.
    let (ok, decks, err) = run(&env, &["decks"], "");
    assert!(ok, "{err}");
    assert!(decks.contains("15 decks"), "{decks}");
    assert_eq!(files(&env.db), before);
}

#[test]
fn a_failed_backup_leaves_no_file() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    damage_a_page_of_cards(&env);
    let dest = env.path().join("copy.db");
    for _ in 0..2 {
        // First on a database nobody has found damaged yet, then once it is marked.
        let (ok, _, err) = run(&env, &["backup", dest.to_str().unwrap()], "");
        assert!(!ok);
        assert!(err.contains("damaged"), "{err}");
        let left: Vec<_> = std::fs::read_dir(env.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("copy.db"))
            .collect();
        assert!(left.is_empty(), "a failed backup left {left:?}");
    }
}

#[test]
fn repair_keeps_a_copy_and_saves_every_readable_row() {
    let env = Env::new();
    env.ok(&["review", "--deck", "sql"], NOW, "\n4\n\n4\n\n4\n");
    let cards = common::built_in_cards();
    damage_a_page_of_cards(&env);
    let damaged = std::fs::read(&env.db).unwrap();
    run(&env, &["check"], "");

    let (ok, out, err) = run(&env, &["check", "--repair"], "");
    assert!(ok, "{err}");
    assert!(out.contains("Copied the damaged file to"), "{out}");
    let copy = env.path().join("recall.db.damaged.bak");
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        damaged,
        "the copy is the damaged file"
    );

    let (ok, report, err) = run(&env, &["check"], "");
    assert!(ok, "{report}{err}");
    assert!(report.contains("Integrity:    ok"), "{report}");
    let kept = env.count("SELECT count(*) FROM cards");
    assert!(kept < cards, "a damaged page of cards was lost: {kept}");
    assert!(
        kept > cards - 40,
        "only one page of cards was lost: {kept} of {cards}"
    );
    // The three answers survive unless their card was on the lost page.
    let reviews = env.count("SELECT count(*) FROM reviews");
    let orphans = (3 - reviews) as usize;
    assert!(
        orphans == 0 || out.contains("left out"),
        "reviews of lost cards are reported: {out}"
    );
    // And the database takes answers again.
    env.ok(&["review", "--deck", "python"], NOW, "\n5\n");
}

/// Changes one letter of a card id inside the unique index on `cards.guid` (its leftmost
/// leaf), keeping the index in order: the table is sound, one index entry is wrong.
fn damage_an_index_entry(env: &Env) {
    let root: u32 = {
        let conn = env.sql();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        conn.query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_cards_1'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut bytes = std::fs::read(&env.db).unwrap();
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    let mut page = root as usize;
    // Down the leftmost children of interior index pages (type 2) to a leaf (type 10).
    while bytes[(page - 1) * page_size] == 2 {
        let at = (page - 1) * page_size;
        let cell = usize::from(u16::from_be_bytes([bytes[at + 12], bytes[at + 13]]));
        page = u32::from_be_bytes(bytes[at + cell..at + cell + 4].try_into().unwrap()) as usize;
    }
    let at = (page - 1) * page_size;
    let leaf = &bytes[at..at + page_size];
    let found = leaf
        .windows(11)
        .position(|w| w == b"/definition")
        .expect("a definition card's id in the first leaf");
    bytes[at + found + 10] = b'z';
    std::fs::write(&env.db, &bytes).unwrap();
}

#[test]
fn a_wrong_index_is_seen_by_the_full_check_and_rebuilt_losing_nothing() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    let cards = common::built_in_cards();
    damage_an_index_entry(&env);
    let (ok, report, _) = run(&env, &["check", "--full"], "");
    assert!(!ok);
    assert!(
        report.contains("missing from index sqlite_autoindex_cards_1"),
        "{report}"
    );
    // The quick check cannot see it, and does not lift the mark the full check set.
    let (ok, _, err) = run(&env, &["check"], "");
    assert!(!ok, "{err}");
    let (ok, out, err) = run(&env, &["check", "--repair"], "");
    assert!(ok, "{err}");
    assert!(out.contains("rebuilt the indexes"), "{out}");
    let (ok, report, err) = run(&env, &["check", "--full"], "");
    assert!(ok, "{report}{err}");
    assert_eq!(env.count("SELECT count(*) FROM cards"), cards);
    env.ok(&["config", "set", "new_per_day", "5"], NOW, "");
}

#[test]
fn check_never_creates_or_migrates_a_database() {
    let env = Env::new();
    let (ok, _, err) = run(&env, &["check"], "");
    assert!(!ok);
    assert!(err.contains("there is no database at"), "{err}");
    assert!(!env.db.exists(), "check created a database");
}

#[test]
fn a_broken_link_is_left_to_the_full_check_which_lists_it() {
    let env = Env::new();
    env.ok(&["review"], NOW, "\n4\n");
    // A review whose card is gone (written with foreign keys off, as a faulty tool might).
    {
        let conn = env.sql();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE reviews SET card_id = 999999;",
        )
        .unwrap();
    }
    // The quick check reads every page and says what it left to --full.
    let (ok, quick, err) = run(&env, &["check"], "");
    assert!(ok, "{quick}{err}");
    assert!(quick.contains("Quick check:"), "{quick}");
    assert!(quick.contains("`recall check --full`"), "{quick}");
    let json = env.json(&["check", "--json"], NOW);
    assert_eq!(
        (&json["foreign_keys"], &json["search_index"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );
    let (ok, full, _) = run(&env, &["check", "--full"], "");
    assert!(!ok);
    assert!(full.contains("Broken links: 1"), "{full}");
    assert!(full.contains("reviews(1) -> cards"), "{full}");
    assert!(!full.contains("Quick check:"), "{full}");
}
