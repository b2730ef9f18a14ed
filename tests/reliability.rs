//! Faults and hostile conditions: two processes on one database, damaged, newer, read-only
//! and full databases, card text that tries to take over the terminal, and clocks that jump.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Env, deck_toml, numbered_deck};

const NOW: &str = "2026-01-01T12:00:00Z";

fn recall(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recall"));
    c.arg("--db")
        .arg(db)
        .args(["--now", NOW])
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env_remove("RECALL_DB");
    c
}

fn deck_file(env: &Env, name: &str, prefix: &str, cards: usize) -> PathBuf {
    env.write(
        &format!("{prefix}.toml"),
        &numbered_deck(name, prefix, cards),
    )
}

// ---------------------------------------------------------------- concurrency

#[test]
fn an_import_runs_while_a_session_is_open() {
    let env = Env::new();
    let solo = deck_file(&env, "Solo", "solo", 3);
    env.ok(&["import", solo.to_str().unwrap()], NOW, "");
    let mut session = recall(&env.db)
        .args(["review", "--deck", "solo"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = session.stdin.take().unwrap();
    let mut out = BufReader::new(session.stdout.take().unwrap());
    stdin.write_all(b"\n5\n").unwrap();
    stdin.flush().unwrap();
    let mut line = String::new();
    while !line.contains("recorded") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "session ended early");
    }
    // The session waits at its prompt; another process imports meanwhile.
    let other = deck_file(&env, "Other", "other", 500);
    env.ok(&["import", other.to_str().unwrap()], NOW, "");
    stdin.write_all(b"\n4\n\n4\n").unwrap();
    drop(stdin);
    let status = session.wait().unwrap();
    assert!(status.success());
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 3);
    assert_eq!(
        env.count("SELECT count(*) FROM cards WHERE guid LIKE 'other/%'"),
        500
    );
}

#[test]
fn two_sessions_answer_at_once_and_both_succeed() {
    let env = Env::new();
    let a = deck_file(&env, "Alpha", "alpha", 40);
    let b = deck_file(&env, "Beta", "beta", 40);
    env.ok(
        &["import", a.to_str().unwrap(), b.to_str().unwrap()],
        NOW,
        "",
    );
    env.ok(&["config", "set", "new_per_day", "200"], NOW, "");
    let spawn = |deck: &str| {
        let mut c = recall(&env.db)
            .args(["review", "--deck", deck])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        c.stdin
            .take()
            .unwrap()
            .write_all("\n4\n".repeat(40).as_bytes())
            .unwrap();
        c
    };
    let (one, two) = (spawn("alpha"), spawn("beta"));
    for child in [one, two] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 80);
}

#[test]
fn a_writer_waits_for_a_lock_and_past_the_timeout_says_what_to_do() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    let file = deck_file(&env, "Late", "late", 10);
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Released within the wait: the import goes through.
    let child = recall(&env.db)
        .args(["import", file.to_str().unwrap()])
        .env("RECALL_BUSY_TIMEOUT_MS", "5000")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Held past the wait: one clear line and a non-zero exit.
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = recall(&env.db)
        .args(["import", file.to_str().unwrap()])
        .env("RECALL_BUSY_TIMEOUT_MS", "200")
        .output()
        .unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("the database is busy") && err.contains("let that process finish"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

// ---------------------------------------------------------------- bad databases

fn fails_untouched(db: &Path, args: &[&str], expected: &[&str]) {
    let before = std::fs::read(db).unwrap();
    let out = recall(db).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(expected.iter().any(|e| err.contains(e)), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        std::fs::read(db).unwrap(),
        before,
        "{args:?} changed the file"
    );
}

#[test]
fn a_corrupt_database_is_reported_and_left_alone() {
    let env = Env::new();
    env.ok(&["review", "--deck", "python"], NOW, "\n5\n\n5\n");
    let mut bytes = std::fs::read(&env.db).unwrap();
    assert!(bytes.len() > 16 * 4096);
    let end = bytes.len() - 4096;
    for b in &mut bytes[2 * 4096..end] {
        *b = 0xA5;
    }
    std::fs::write(&env.db, &bytes).unwrap();
    let damaged = ["damaged", "not a recall database"];
    for args in [
        &["decks"][..],
        &["review"],
        &["check"],
        &["info", "python/definition"],
    ] {
        fails_untouched(&env.db, args, &damaged);
    }
}

#[test]
fn a_database_from_a_newer_recall_is_refused() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    env.sql().pragma_update(None, "user_version", 99).unwrap();
    fails_untouched(
        &env.db,
        &["decks"],
        &["written by a newer recall (schema 99"],
    );
}

#[test]
fn check_and_backup_report_and_copy() {
    let env = Env::new();
    env.ok(&["review", "--deck", "sql"], NOW, "\n5\n");
    let out = env.ok(&["check"], NOW, "");
    assert!(out.contains("Integrity:    ok"), "{out}");
    assert!(
        out.contains(&format!(
            "15 decks, {} cards (1 seen), 1 reviews",
            common::built_in_cards()
        )),
        "{out}"
    );
    let copy = env.path().join("copy.db");
    env.ok(&["backup", copy.to_str().unwrap()], NOW, "");
    let backup = recall(&copy)
        .args(["info", "sql/definition", "--json"])
        .output()
        .unwrap();
    let info: serde_json::Value = serde_json::from_slice(&backup.stdout).unwrap();
    assert_eq!(
        info["reviews"].as_array().unwrap().len(),
        1,
        "the copy holds the history"
    );
    let err = env.fails(&["backup", copy.to_str().unwrap()], NOW);
    assert!(err.contains("already exists"), "{err}");
    let out = env.ok(&["backup"], NOW, "");
    assert!(out.contains("recall-backup-20260101-120000.db"), "{out}");
}

/// A tmpfs mounted at `dir` (root only); unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, options: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn remount_read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_cleanly_and_keeps_the_database() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    let big = deck_file(&env, "Big", "big", 3000);
    let size = std::fs::metadata(&env.db).unwrap().len();
    let dir = env.path().join("small");
    // A small file system when root can mount one; otherwise a file-size limit (`ulimit -f`).
    let (db, out, _mount) =
        if let Some(m) = Tmpfs::mount(&dir, &format!("size={}k", size / 1024 + 96)) {
            let db = dir.join("recall.db");
            std::fs::copy(&env.db, &db).unwrap();
            let out = recall(&db)
                .args(["import", big.to_str().unwrap()])
                .output()
                .unwrap();
            (db, out, Some(m))
        } else {
            let out = Command::new("prlimit")
                .arg(format!("--fsize={}", size + 64 * 1024))
                .arg(env!("CARGO_BIN_EXE_recall"))
                .arg("--db")
                .arg(&env.db)
                .args(["import", big.to_str().unwrap()])
                .output()
                .unwrap();
            (env.db.clone(), out, None)
        };
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("the disk is full") || err.contains("cannot read or write the database file"),
        "{err}"
    );
    let check = recall(&db).arg("check").output().unwrap();
    let report = String::from_utf8(check.stdout).unwrap();
    assert!(report.contains("Integrity:    ok"), "{report}");
    assert!(
        report.contains(&format!("{} cards", common::built_in_cards())),
        "nothing of the import is left: {report}"
    );
}

#[test]
#[allow(unsafe_code)] // one libc call: whether this test runs as root
fn a_read_only_database_is_one_clear_line() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    let dir = env.path().join("ro");
    let Some(mount) = Tmpfs::mount(&dir, "size=4m") else {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } == 0 {
            // Root ignores permissions, and this machine lets no one mount: nothing here
            // can make a file read-only, so there is nothing to test.
            eprintln!("skipped: running as root where tmpfs cannot be mounted");
            return;
        }
        // Not root: plain permissions are enough.
        let mut perms = std::fs::metadata(&env.db).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&env.db, perms).unwrap();
        let err = env.fails(&["decks"], NOW);
        assert!(
            err.contains("cannot be opened for writing") || err.contains("read-only"),
            "{err}"
        );
        return;
    };
    let db = dir.join("recall.db");
    std::fs::copy(&env.db, &db).unwrap();
    assert!(mount.remount_read_only());
    fails_untouched(
        &db,
        &["review"],
        &["cannot be opened for writing", "read-only"],
    );
}

// ---------------------------------------------------------------- hostile text

#[test]
fn escape_sequences_in_stored_text_never_reach_the_terminal() {
    let env = Env::new();
    let file = env.write("x.toml", &deck_toml("Evil", &[("evil/1", "front", "back")]));
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    // Text written by something other than recall's importer, straight into the database.
    let nasty = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[31mred\u{1b}[0m\u{202e}txt.exe\u{9b}1m\r\u{8}";
    let long = "x".repeat(200_000);
    env.sql()
        .execute(
            "UPDATE cards SET front = ?1, back = ?2, tags = ?1 WHERE guid = 'evil/1'",
            [format!("Q {nasty} {long}"), format!("A {nasty}")],
        )
        .unwrap();
    env.sql()
        .execute(
            "UPDATE decks SET name = ?1 WHERE name = 'Evil'",
            [format!("Evil{nasty}")],
        )
        .unwrap();
    for (args, stdin) in [
        (
            &["--color", "never", "review", "--deck", "evil"][..],
            "typed \u{1b}[5m\n\n",
        ),
        (
            &[
                "--color", "never", "drill", "--skill", "evil", "--mode", "typed",
            ][..],
            "\u{1b}[31m\n0\n",
        ),
        (&["--color", "never", "cards"][..], ""),
        (&["--color", "never", "info", "evil/1"][..], ""),
        (&["--color", "never", "decks"][..], ""),
        (&["--color", "never", "skills"][..], ""),
    ] {
        let out = env
            .cmd()
            .env_remove("NO_COLOR")
            .args(["--now", NOW])
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for bad in [0x1b_u8, 0x07, 0x08, b'\r'] {
            assert!(!out.stdout.contains(&bad), "{args:?} printed byte {bad:#x}");
        }
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{9b}'),
            "{args:?}"
        );
    }
}

// ---------------------------------------------------------------- time

// Time zones as POSIX rules, so that the tests need no tz database on the machine.
const NEW_YORK: &str = "EST5EDT,M3.2.0,M11.1.0";
const LONDON: &str = "GMT0BST,M3.5.0/1,M10.5.0";
const TOKYO: &str = "JST-9";

fn one_card(env: &Env) {
    let file = env.write(
        "one.toml",
        &deck_toml("Solo", &[("solo/1", "2 + 2?", "four")]),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
}

fn due_of(env: &Env, now: &str) -> String {
    env.json(&["info", "solo/1", "--json"], now)["state"]["due"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_clock_moving_backwards_breaks_nothing() {
    let env = Env::new();
    one_card(&env);
    env.ok(
        &["review", "--deck", "solo"],
        "2026-01-10T12:00:00Z",
        "\n5\n",
    );
    env.ok(
        &["review", "--deck", "solo"],
        "2026-01-11T12:00:00Z",
        "\n5\n",
    );
    assert_eq!(due_of(&env, "2026-01-11T12:00:00Z"), "2026-01-17");
    // The clock is set back a week: the card is not due, its state is kept.
    let out = env.ok(&["review", "--deck", "solo"], "2026-01-04T12:00:00Z", "");
    assert!(
        out.contains("Nothing is due today") && out.contains("2026-01-17 (in 13 days)"),
        "{out}"
    );
    // Back to the right time it comes due on its day, once.
    assert!(
        env.ok(&["review", "--deck", "solo"], "2026-01-16T12:00:00Z", "")
            .contains("Nothing is due")
    );
    let out = env.ok(
        &["review", "--deck", "solo"],
        "2026-01-17T12:00:00Z",
        "\n5\n",
    );
    assert!(out.contains("recorded 5"), "{out}");
    assert_eq!(due_of(&env, "2026-01-17T12:00:00Z"), "2026-02-03");
}

#[test]
fn study_days_follow_the_local_zone_and_the_rollover_hour() {
    let env = Env::new();
    one_card(&env);
    let ny = |now: &str, stdin: &str| {
        let out = env
            .cmd()
            .env("TZ", NEW_YORK)
            .args(["--now", now, "review", "--deck", "solo"])
            .write_stdin(stdin.to_string())
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    // 06:30 UTC on 10 March is 02:30 in New York: before the 4:00 rollover, still 9 March.
    ny("2026-03-10T06:30:00Z", "\n5\n");
    let info = env.json(&["info", "solo/1", "--json"], NOW);
    assert_eq!(info["reviews"][0]["day"], "2026-03-09");
    assert_eq!(info["state"]["due"], "2026-03-10");
    // The same evening in New York (10 March) it is due.
    assert!(ny("2026-03-10T22:00:00Z", "\n5\n").contains("recorded 5"));
    // With the rollover at midnight, 02:30 on 12 March counts for 12 March.
    env.ok(&["config", "set", "rollover_hour", "0"], NOW, "");
    let out = env
        .cmd()
        .env("TZ", NEW_YORK)
        .args([
            "--now",
            "2026-03-12T06:30:00Z",
            "drill",
            "--skill",
            "solo",
            "--mode",
            "flash",
        ])
        .write_stdin("\n4\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let info = env.json(&["info", "solo/1", "--json"], NOW);
    assert_eq!(info["reviews"][2]["day"], "2026-03-12");
}

#[test]
fn a_dst_change_neither_skips_nor_repeats_a_day() {
    let env = Env::new();
    one_card(&env);
    // US clocks spring forward at 02:00 on 8 March 2026 and fall back on 1 November.
    let run = |tz: &str, now: &str, stdin: &str| {
        let out = env
            .cmd()
            .env("TZ", tz)
            .args(["--now", now, "review", "--deck", "solo"])
            .write_stdin(stdin.to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // Answered at 12:00 local on 7 March (17:00 UTC): due 8 March.
    run(NEW_YORK, "2026-03-07T17:00:00Z", "\n5\n");
    assert!(
        run(NEW_YORK, "2026-03-08T07:30:00Z", "").contains("Nothing is due"),
        "03:30 EDT on the 8th is still the 7th"
    );
    assert!(
        run(NEW_YORK, "2026-03-08T08:00:00Z", "\n5\n").contains("recorded 5"),
        "04:00 EDT on the 8th is the 8th"
    );
    let info = env.json(&["info", "solo/1", "--json"], NOW);
    let days: Vec<&str> = info["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, vec!["2026-03-07", "2026-03-08"]);
}

#[test]
fn travelling_east_makes_cards_due_by_the_new_local_day() {
    let env = Env::new();
    one_card(&env);
    // Answered at 20:00 in London on 1 March: due 2 March.
    let out = env
        .cmd()
        .env("TZ", LONDON)
        .args(["--now", "2026-03-01T20:00:00Z", "review", "--deck", "solo"])
        .write_stdin("\n5\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    // Two hours later in Tokyo it is already 07:00 on 2 March there: due.
    let out = env
        .cmd()
        .env("TZ", TOKYO)
        .args(["--now", "2026-03-01T22:00:00Z", "review", "--deck", "solo"])
        .write_stdin("\n5\n")
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("recorded 5")
    );
}

// ---------------------------------------------------------------- oversized inputs

#[test]
fn oversized_files_and_fields_are_refused_with_a_message() {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    // A 600 MB deck file read whole (sparse: no disk is used) is refused before it is read.
    let huge = env.path().join("huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(600 << 20)
        .unwrap();
    let err = env.fails(&["import", huge.to_str().unwrap()], NOW);
    assert!(
        err.contains("huge.toml: the file is 600 MB; recall imports files of up to 512 MB"),
        "{err}"
    );
    // CSV streams, so its size is no limit, but a 600 MB cell is refused once it passes
    // 1 MB, without reading the rest.
    let cell = env.path().join("cell.csv");
    let mut f = std::fs::File::create(&cell).unwrap();
    f.write_all(b"front,back\nshort,\"").unwrap();
    f.set_len(600 << 20).unwrap();
    let err = env.fails(&["import", cell.to_str().unwrap()], NOW);
    assert!(
        err.contains("cell.csv:2: a field longer than 1 MB starts here"),
        "{err}"
    );
    // A 2 MB field in a Markdown file, which is read whole.
    let field = env.write(
        "field.md",
        &format!("Q: short\nA: {}\n", "y".repeat(2 << 20)),
    );
    let err = env.fails(&["import", field.to_str().unwrap()], NOW);
    assert!(
        err.contains("back is 2.0 MB; a card's text may be at most 1 MB"),
        "{err}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM cards"),
        common::built_in_cards(),
        "nothing was imported"
    );
}

#[test]
fn an_answer_waits_out_a_long_writer_and_is_saved() {
    let env = Env::new();
    let solo = deck_file(&env, "Solo", "solo", 1);
    env.ok(&["import", solo.to_str().unwrap()], NOW, "");
    // Another writer (say, a huge import) holds the lock for longer than one busy timeout.
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut session = recall(&env.db)
        .args(["review", "--deck", "solo"])
        .env("RECALL_BUSY_TIMEOUT_MS", "150")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    session.stdin.as_mut().unwrap().write_all(b"\n5\n").unwrap();
    // Longer than one wait (150 ms), shorter than all of them (6 × 150 ms).
    std::thread::sleep(Duration::from_millis(600));
    holder.execute_batch("COMMIT").unwrap();
    drop(session.stdin.take());
    let out = session.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("the database is busy: another recall is writing"),
        "{text}"
    );
    assert!(text.contains("recorded 5"), "{text}");
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 1);
}
