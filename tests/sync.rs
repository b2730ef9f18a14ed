//! `recall sync` through the binary: two devices sharing a folder diverge offline (the
//! same cards answered on both, an undo, an edit on each, a card deleted on one and
//! answered on the other, a suspension, a setting on each) and end identical; a sync
//! killed half-way and finished by the next; a torn line, a damaged line, a journal of a
//! newer format; git as the carrier; a restored backup catching up; and a month of a real
//! history (the upgrade fixture) replayed on a new device to the same schedules.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use common::Env;

const DAY1: &str = "2026-03-02T09:00:00Z";

/// Every answer a database holds: its log (a device's own answers are their own events),
/// the answers held as events (another device's, for a card in the trash here), and those
/// in the trash with their card.
const ANSWERS: &str = "SELECT uid AS id FROM reviews
     UNION SELECT id FROM events WHERE kind = 'answer'
     UNION SELECT json_extract(review, '$.uid') FROM trash_reviews";

/// `ANSWERS` counted.
fn answers_sql() -> String {
    format!("SELECT count(*) FROM ({ANSWERS})")
}

/// One device: its own database, and the shared folder.
struct Device {
    env: Env,
    folder: PathBuf,
}

impl Device {
    fn new(folder: &Path, name: &str) -> Device {
        let d = Device {
            env: Env::new(),
            folder: folder.to_path_buf(),
        };
        d.env.ok(&["init"], DAY1, "");
        d.sync_named(name, DAY1);
        d
    }

    fn ok(&self, args: &[&str], now: &str, stdin: &str) -> String {
        self.env.ok(args, now, stdin)
    }

    /// `recall sync`, its report's lines joined into one (the report is wrapped).
    fn sync(&self, now: &str) -> String {
        flat(&self.ok(&["sync", self.folder.to_str().unwrap()], now, ""))
    }

    fn sync_named(&self, name: &str, now: &str) -> String {
        self.ok(
            &["sync", self.folder.to_str().unwrap(), "--device", name],
            now,
            "",
        )
    }

    fn import(&self, name: &str, toml: &str, now: &str) {
        let file = self.env.write(name, toml);
        self.ok(&["import", file.to_str().unwrap()], now, "");
    }

    fn rows(&self, sql: &str) -> Vec<String> {
        common::rows_of(&self.env.sql(), sql)
    }

    /// What must be the same on every device after a sync.
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            states: self.rows(
                "SELECT c.guid, s.reps, s.ef, s.interval_days, s.due_day, s.lapses,
                        s.last_quality, s.last_reviewed_at, s.mastered, s.retained_days,
                        s.stability, s.difficulty, s.suspended
                 FROM card_state s JOIN cards c ON c.id = s.card_id ORDER BY c.guid",
            ),
            log: self.rows(
                "SELECT r.uid, c.guid, r.hlc, r.reviewed_at, r.day, r.quality, r.mode,
                        r.duration_ms, r.stepped, r.prev_reps, r.prev_ef, r.prev_due_day,
                        r.prev_lapses, r.new_reps, r.new_ef, r.new_interval, r.new_due_day,
                        r.new_lapses, r.new_retained_days
                 FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.uid",
            ),
            cards: self.rows(
                "SELECT c.guid, d.name, c.front, c.back, c.suspended, c.stage
                 FROM cards c JOIN decks d ON d.id = c.deck_id ORDER BY c.guid",
            ),
            trash: self.rows("SELECT guid FROM trash_cards ORDER BY guid"),
            answers: self.rows(&format!("{ANSWERS} ORDER BY 1")),
            settings: self.rows(
                "SELECT key, value FROM config
                 WHERE key NOT LIKE 'internal.%' AND key NOT IN ('scheduler', 'builtin_decks')
                 ORDER BY key",
            ),
        }
    }

    fn count(&self, sql: &str) -> i64 {
        self.env.count(sql)
    }
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, PartialEq)]
struct Snapshot {
    states: Vec<String>,
    log: Vec<String>,
    cards: Vec<String>,
    trash: Vec<String>,
    answers: Vec<String>,
    settings: Vec<String>,
}

fn assert_same(a: &Device, b: &Device) {
    let (sa, sb) = (a.snapshot(), b.snapshot());
    assert_eq!(sa.cards, sb.cards, "cards");
    assert_eq!(sa.trash, sb.trash, "trash");
    assert_eq!(sa.answers, sb.answers, "answer events");
    assert_eq!(sa.log, sb.log, "review logs");
    assert_eq!(sa.states, sb.states, "card states");
    assert_eq!(sa.settings, sb.settings, "settings");
}

fn words(back_of_w2: &str) -> String {
    common::deck_toml(
        "Words",
        &[
            ("w/1", "uno", "one"),
            ("w/2", "dos", back_of_w2),
            ("w/3", "tres", "three"),
            ("w/4", "cuatro", "four"),
        ],
    )
}

fn two_devices() -> (tempfile::TempDir, Device, Device) {
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("sync");
    let a = Device::new(&folder, "laptop");
    a.import("words.toml", &words("two"), DAY1);
    a.sync(DAY1);
    let b = Device::new(&folder, "desktop");
    (shared, a, b)
}

#[test]
fn a_new_device_gets_the_other_ones_cards() {
    let (_shared, a, b) = two_devices();
    assert_eq!(
        b.count("SELECT count(*) FROM cards WHERE guid LIKE 'w/%'"),
        4
    );
    assert_eq!(
        b.rows("SELECT name, origin FROM decks WHERE name = 'Words'"),
        ["Text(\"Words\")|Text(\"user\")"]
    );
    assert_same(&a, &b);
}

#[test]
#[allow(clippy::too_many_lines)] // one scenario, step by step
fn two_devices_that_diverge_offline_end_identical_and_lose_nothing() {
    let (_shared, a, b) = two_devices();
    let (t1, t2, t3) = (
        "2026-03-02T10:00:00Z",
        "2026-03-02T11:00:00Z",
        "2026-03-02T12:00:00Z",
    );
    // The same two new cards answered on both (w/1, w/2), with an undo on the laptop.
    let out = a.ok(
        &["review", "--deck", "Words", "--new", "2"],
        t1,
        "\n4\n\n5\n:undo\n\n3\n",
    );
    assert!(out.contains("undone"), "{out}");
    // The desktop answers w/3 too, after the laptop deleted it (below).
    b.ok(
        &["review", "--deck", "Words", "--new", "3"],
        t2,
        "\n1\n\n5\n\n4\n",
    );
    // An edit on each; the desktop's is later.
    a.import("words.toml", &words("two (laptop)"), t1);
    b.import("words.toml", &words("two (desktop)"), t2);
    // Deleted on the laptop before the desktop answered it.
    a.ok(&["delete", "w/3", "--yes"], t1, "");
    // A suspension, and a setting on each (the later wins).
    b.ok(&["suspend", "w/4"], t2, "");
    a.ok(&["config", "set", "new_per_day", "7"], t1, "");
    b.ok(&["config", "set", "new_per_day", "9"], t2, "");
    let given_a = a.count(&answers_sql());
    let given_b = b.count(&answers_sql());
    assert_eq!(
        (given_a, given_b),
        (2, 3),
        "answers given, the undone one gone"
    );
    assert_eq!(
        a.count("SELECT count(*) FROM events WHERE kind = 'undo'"),
        1
    );

    let out = a.sync(t3);
    assert!(out.contains("In: nothing new"), "{out}");
    let out = b.sync(t3);
    assert!(out.contains("1 other device"), "{out}");
    assert!(
        out.contains("2 answers, 1 undo, 1 card added or edited, 1 card to the trash"),
        "{out}"
    );
    let out = a.sync(t3);
    assert!(out.contains("3 answers"), "{out}");
    assert!(out.contains("1 suspension"), "{out}");
    assert_same(&a, &b);

    let both = [&a, &b];
    for d in both {
        // Every answer is kept but the undone one; none twice.
        assert_eq!(d.count(&answers_sql()), 5);
        assert_eq!(
            d.count("SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id WHERE c.guid IN ('w/1', 'w/2')"),
            4,
            "w/1 and w/2: the laptop's two answers but the undone one, and the desktop's two"
        );
        // The later edit wins; the earlier one stays in the card's history.
        assert_eq!(
            d.rows("SELECT back FROM cards WHERE guid = 'w/2'"),
            ["Text(\"two (desktop)\")"]
        );
        assert_eq!(
            d.count(
                "SELECT count(*) FROM events WHERE kind = 'card' AND target = 'w/2'
                     AND body LIKE '%two (laptop)%'"
            ),
            1
        );
        // Deleted on one, answered on the other: in the trash, the answer kept.
        assert_eq!(d.rows("SELECT guid FROM trash_cards"), ["Text(\"w/3\")"]);
        assert_eq!(
            d.count(&format!(
                "SELECT count(*) FROM ({ANSWERS}) WHERE id IN
                   (SELECT id FROM events WHERE target = 'w/3'
                    UNION SELECT json_extract(v.review, '$.uid') FROM trash_reviews v
                      JOIN trash_cards t ON t.id = v.trash_id WHERE t.guid = 'w/3')"
            )),
            1
        );
        assert_eq!(d.count("SELECT suspended FROM cards WHERE guid = 'w/4'"), 1);
        assert_eq!(
            d.rows("SELECT value FROM config WHERE key = 'new_per_day'"),
            ["Text(\"9\")"]
        );
        // The state is the replay of the merged answers: check finds nothing to replay.
        d.ok(&["check", "--full"], t3, "");
    }
    // w/1 was answered 4 on the laptop at 10:00 and 1 on the desktop at 11:00: in clock
    // order a pass then a fail, so one lapse and one repetition.
    let w1 = a.rows(
        "SELECT s.reps, s.lapses, s.last_quality FROM card_state s JOIN cards c
         ON c.id = s.card_id WHERE c.guid = 'w/1'",
    );
    assert_eq!(w1, ["Integer(1)|Integer(1)|Integer(1)"]);

    // Restored on the laptop: back on both, with the desktop's answer in its log.
    a.ok(&["trash", "restore", "w/3"], t3, "");
    a.sync(t3);
    b.sync(t3);
    assert_same(&a, &b);
    assert_eq!(
        b.count(
            "SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id WHERE c.guid = 'w/3'"
        ),
        1
    );
    assert_eq!(b.count("SELECT count(*) FROM trash_cards"), 0);

    // Syncing again changes nothing.
    let before = (a.snapshot(), b.snapshot());
    assert!(a.sync(t3).contains("In: nothing new"));
    assert!(b.sync(t3).contains("In: nothing new"));
    assert_eq!((a.snapshot(), b.snapshot()), before);
}

/// Two devices; A answers two new cards and writes them to its journal.
fn two_answers_on_a() -> (tempfile::TempDir, Device, Device) {
    let (shared, a, b) = two_devices();
    a.ok(
        &["review", "--deck", "Words", "--new", "2"],
        DAY1,
        "\n4\n\n4\n",
    );
    a.sync(DAY1);
    (shared, a, b)
}

#[test]
fn the_same_journal_read_twice_changes_nothing() {
    let (_shared, _a, b) = two_answers_on_a();
    b.sync(DAY1);
    let after_one = b.snapshot();
    // Forget how far the journals were read: everything is read again.
    b.env
        .sql()
        .execute("DELETE FROM sync_journals", [])
        .unwrap();
    let out = b.sync(DAY1);
    assert!(out.contains("In: nothing new"), "{out}");
    assert!(out.contains("Already here:"), "{out}");
    assert_eq!(b.snapshot(), after_one);
}

#[test]
fn a_journal_and_its_copy_read_in_one_sync_give_each_answer_once() {
    // A sync engine's conflict copy: the same events in two files of one sync.
    let (_shared, a, b) = two_answers_on_a();
    let copy = a.folder.join("copy-of-a.jsonl");
    std::fs::copy(journal_of(&a), &copy).unwrap();
    let out = b.sync(DAY1);
    assert!(out.contains("Already here:"), "{out}");
    assert_eq!(b.count(&answers_sql()), a.count(&answers_sql()));
    assert_eq!(b.count(&answers_sql()), 2);
    assert_same(&a, &b);
}

#[test]
fn a_dry_run_says_what_would_happen_and_changes_nothing() {
    let (shared, a, b) = two_devices();
    a.ok(
        &["review", "--deck", "Words", "--new", "2"],
        DAY1,
        "\n4\n\n4\n",
    );
    let journal_before = std::fs::read_dir(shared.path().join("sync"))
        .unwrap()
        .count();
    let out = flat(&a.ok(&["sync", a.folder.to_str().unwrap(), "--dry-run"], DAY1, ""));
    assert!(out.contains("Out: 2 events would go out"), "{out}");
    assert!(out.contains("Dry run: nothing was changed."), "{out}");
    a.sync(DAY1);
    let before = b.snapshot();
    let out = flat(&b.ok(&["sync", b.folder.to_str().unwrap(), "--dry-run"], DAY1, ""));
    assert!(
        out.contains("In: 2 events would come in (2 answers); 2 cards replayed."),
        "{out}"
    );
    assert_eq!(b.snapshot(), before);
    assert_eq!(
        std::fs::read_dir(shared.path().join("sync"))
            .unwrap()
            .count(),
        journal_before
    );
    let report = b.env.json(
        &["sync", b.folder.to_str().unwrap(), "--dry-run", "--json"],
        DAY1,
    );
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["applied"]["new"]["answer"], 2);
}

/// The journal file of a device.
fn journal_of(d: &Device) -> PathBuf {
    let id = d.rows("SELECT device FROM sync_device").remove(0);
    let id = id.trim_start_matches("Text(\"").trim_end_matches("\")");
    d.folder.join(format!("{id}.jsonl"))
}

#[test]
fn a_torn_last_line_waits_and_a_damaged_line_is_reported_and_skipped() {
    let (_shared, a, b) = two_answers_on_a();
    let path = journal_of(&a);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let last = lines.pop().unwrap().to_string();
    let second_last = lines.pop().unwrap().to_string();
    // The last answer torn half-way, and a line before it damaged.
    let torn = format!(
        "{}\n{{\"id\": \x1b[31mbroken\n{second_last}\n{}",
        lines.join("\n"),
        &last[..last.len() / 2]
    );
    std::fs::write(&path, &torn).unwrap();
    let damaged_line = lines.len() + 1;
    let out = b.sync(DAY1);
    assert!(out.contains("In: 1 event came in (1 answer)"), "{out}");
    assert!(
        out.contains(&format!("line {damaged_line}: not an event")),
        "{out}"
    );
    assert!(
        !out.contains('\x1b'),
        "text from the file is shown without escapes"
    );
    // The torn line completed: it comes in at the next sync, and nothing twice.
    std::fs::write(&path, format!("{torn}{}\n", &last[last.len() / 2..])).unwrap();
    let out = b.sync(DAY1);
    assert!(out.contains("In: 1 event came in (1 answer)"), "{out}");
    assert!(
        !out.contains("not an event"),
        "a damaged line is reported once: {out}"
    );
    assert_eq!(b.count(&answers_sql()), 2);
}

#[test]
fn a_journal_of_a_newer_format_is_refused_with_a_clear_line_and_the_rest_is_read() {
    let (_shared, a, b) = two_devices();
    a.ok(&["review", "--deck", "Words", "--new", "1"], DAY1, "\n4\n");
    a.sync(DAY1);
    std::fs::write(
        a.folder.join("future.jsonl"),
        "{\"recall_journal\":2,\"device\":\"future\"}\n{\"anything\":1}\n",
    )
    .unwrap();
    let out = b.env.run(&["sync", b.folder.to_str().unwrap()], DAY1, "");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let err = flat(&err);
    assert!(
        err.contains(
            "future.jsonl was written by a newer recall (journal format 2; this one reads 1)"
        ),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 answer"));
    assert_eq!(b.count(&answers_sql()), 1);
}

#[test]
fn a_sync_killed_half_way_is_finished_by_the_next_with_nothing_twice() {
    let (_shared, a, b) = two_devices();
    for (i, day) in [
        "2026-03-02T10:00:00Z",
        "2026-03-03T10:00:00Z",
        "2026-03-05T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        a.ok(
            &["review", "--deck", "Words", "--new", "4"],
            day,
            &"\n4\n".repeat(4 + i),
        );
        b.ok(
            &["review", "--deck", "Words", "--new", "4"],
            day,
            &"\n3\n".repeat(4 + i),
        );
    }
    a.sync("2026-03-06T10:00:00Z");
    let a_own = a.count(&answers_sql());
    // Kill B's sync at several moments; each later sync must end where an unbroken one does.
    let reference = {
        let c = Device {
            env: Env::new(),
            folder: b.folder.clone(),
        };
        std::fs::copy(&b.env.db, &c.env.db).unwrap();
        c
    };
    let mut killed = 0;
    for delay_ms in [0u64, 5, 15, 40, 80] {
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("recall"))
            .args([
                "--db",
                b.env.db.to_str().unwrap(),
                "--now",
                "2026-03-06T11:00:00Z",
            ])
            .args(["sync", b.folder.to_str().unwrap()])
            .env("TZ", "UTC")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            let _ = child.kill();
            killed += 1;
        }
        let _ = child.wait();
    }
    b.sync("2026-03-06T11:00:00Z");
    a.sync("2026-03-06T11:00:00Z");
    b.sync("2026-03-06T11:00:00Z");
    assert_same(&a, &b);
    // B's own journal holds each of its events once.
    let journal = std::fs::read_to_string(journal_of(&b)).unwrap();
    let mut ids: Vec<&str> = journal
        .lines()
        .skip(1)
        .filter_map(|l| l.split("\"id\":\"").nth(1))
        .map(|s| &s[..32.min(s.len())])
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "no event written twice");
    assert_eq!(
        b.count(&answers_sql()),
        reference.count(&answers_sql()) + a_own,
        "B's answers and A's, each once"
    );
    // The kills land at random points; at least the first must have found it running.
    assert!(killed >= 1, "no sync was interrupted");
}

#[test]
fn a_database_restored_from_a_backup_catches_up_from_the_journals() {
    let (_shared, a, b) = two_devices();
    let backup = a.env.path().join("backup.db");
    a.ok(&["backup", backup.to_str().unwrap()], DAY1, "");
    a.ok(
        &["review", "--deck", "Words", "--new", "2"],
        DAY1,
        "\n4\n\n5\n",
    );
    a.sync(DAY1);
    b.sync(DAY1);
    let wanted = a.snapshot();
    // The laptop's disk dies; its backup from before those answers comes back.
    std::fs::copy(&backup, &a.env.db).unwrap();
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", a.env.db.display()));
    }
    assert_eq!(a.count("SELECT count(*) FROM reviews"), 0);
    let out = a.sync(DAY1);
    assert!(out.contains("2 answers"), "{out}");
    assert_eq!(a.snapshot(), wanted);
    assert_same(&a, &b);
}

#[test]
fn a_clock_far_ahead_keeps_its_own_order_and_is_reported() {
    let (_shared, a, b) = two_devices();
    // The desktop's clock says a year later; then it is put right and answers again.
    b.ok(
        &["review", "--deck", "Words", "--new", "1"],
        "2027-03-02T09:00:00Z",
        "\n1\n",
    );
    b.ok(
        &["review", "--deck", "Words", "--new", "1"],
        "2026-03-02T09:30:00Z",
        "\n5\n",
    );
    let order = b.rows("SELECT quality FROM reviews ORDER BY hlc");
    assert_eq!(
        order,
        ["Integer(1)", "Integer(5)"],
        "its own order, not the clock's"
    );
    b.sync("2026-03-02T09:31:00Z");
    let out = a.sync("2026-03-02T09:32:00Z");
    assert!(out.contains("ahead of this one's"), "{out}");
    assert!(
        out.contains("365 days") || out.contains("364 days"),
        "{out}"
    );
    // A's next answer sorts after everything it has seen.
    a.ok(
        &["review", "--deck", "Words", "--new", "1"],
        "2026-03-02T09:40:00Z",
        "\n4\n",
    );
    let last = a.rows("SELECT quality FROM reviews ORDER BY hlc DESC LIMIT 1");
    assert_eq!(last, ["Integer(4)"]);
}

fn git(dir: &Path, args: &[&str]) {
    let out = StdCommand::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=recall",
            "-c",
            "user.email=recall@example.org",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn git_carries_the_journals_between_two_clones() {
    let root = tempfile::tempdir().unwrap();
    let origin = root.path().join("origin.git");
    git(
        root.path(),
        &[
            "init",
            "--bare",
            "-q",
            "-b",
            "main",
            origin.to_str().unwrap(),
        ],
    );
    let (laptop, desktop) = (root.path().join("laptop"), root.path().join("desktop"));
    for clone in [&laptop, &desktop] {
        git(
            root.path(),
            &[
                "clone",
                "-q",
                origin.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
    }
    let a = Device::new(&laptop, "laptop");
    a.import("words.toml", &words("two"), DAY1);
    a.ok(
        &["review", "--deck", "Words", "--new", "2"],
        DAY1,
        "\n4\n\n2\n",
    );
    a.sync(DAY1);
    git(&laptop, &["add", "-A"]);
    git(&laptop, &["commit", "-q", "-m", "laptop"]);
    git(&laptop, &["push", "-q", "origin", "HEAD:main"]);

    let b = Device::new(&desktop, "desktop");
    git(&desktop, &["pull", "-q", "origin", "main"]);
    let out = b.sync(DAY1);
    assert!(out.contains("2 answers"), "{out}");
    b.ok(
        &["review", "--deck", "Words", "--new", "2"],
        "2026-03-03T09:00:00Z",
        "\n5\n\n5\n",
    );
    b.sync("2026-03-03T09:00:00Z");
    git(&desktop, &["add", "-A"]);
    git(&desktop, &["commit", "-q", "-m", "desktop"]);
    git(&desktop, &["push", "-q", "origin", "HEAD:main"]);

    // Each device writes only its own file: the pull merges without a conflict.
    a.ok(
        &["review", "--deck", "Words", "--new", "1"],
        "2026-03-03T10:00:00Z",
        "\n4\n",
    );
    a.sync("2026-03-03T10:00:00Z");
    git(&laptop, &["add", "-A"]);
    git(&laptop, &["commit", "-q", "-m", "laptop again"]);
    git(&laptop, &["pull", "-q", "--no-rebase", "origin", "main"]);
    a.sync("2026-03-03T10:01:00Z");
    git(&laptop, &["add", "-A"]);
    git(
        &laptop,
        &["commit", "-q", "--allow-empty", "-m", "laptop synced"],
    );
    git(&laptop, &["push", "-q", "origin", "HEAD:main"]);
    git(&desktop, &["pull", "-q", "--no-rebase", "origin", "main"]);
    b.sync("2026-03-03T10:02:00Z");
    assert_same(&a, &b);
    assert_eq!(a.count(&answers_sql()), 5);
}

#[test]
fn a_months_history_from_before_sync_replays_to_the_same_schedules_on_a_new_device() {
    // The upgrade fixture of schema 10: a month of sessions, relearning, drills (some
    // rescheduled), an undo, suspensions, user decks. Upgraded, its history becomes
    // events; a fresh device that reads them replays every card.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade/schema-10");
    let shared = tempfile::tempdir().unwrap();
    let folder = shared.path().join("sync");
    let old = Device {
        env: Env::new(),
        folder: folder.clone(),
    };
    std::fs::copy(fixture.join("recall.db"), &old.env.db).unwrap();
    let later = "2026-12-01T09:00:00Z";
    old.ok(&["check", "--full"], later, "");
    old.sync(later);
    let new = Device {
        env: Env::new(),
        folder,
    };
    new.ok(&["init"], later, "");
    let out = new.sync(later);
    assert!(out.contains("809 answers"), "{out}");
    assert!(out.contains("21 cards added or edited"), "{out}");
    let (a, b) = (old.snapshot(), new.snapshot());
    assert_eq!(a.answers.len(), 809);
    assert_eq!(a.states.len(), 153);
    // The suspended card's suspension was not an event before sync; all else is equal.
    let unsuspended = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.rsplit_once('|').unwrap().0.to_string())
            .collect()
    };
    assert_eq!(
        unsuspended(&a.states),
        unsuspended(&b.states),
        "card states"
    );
    assert_eq!(a.log, b.log, "review logs");
    new.ok(&["check", "--full"], later, "");
}

/// The log itself broken in its middle (an answer's state before is not the state the
/// answer before it left), while the schedule still matches the last answer.
#[test]
fn a_log_whose_answers_do_not_chain_is_found_and_replayed() {
    let (_shared, a, _b) = two_devices();
    a.ok(&["review", "--deck", "Words", "--new", "1"], DAY1, "\n4\n");
    a.ok(
        &["review", "--deck", "Words", "--new", "0"],
        "2026-03-03T09:00:00Z",
        "\n4\n",
    );
    let log = a.snapshot().log;
    a.env
        .sql()
        .execute(
            "UPDATE reviews SET prev_interval = prev_interval + 5
             WHERE id = (SELECT max(id) FROM reviews)",
            [],
        )
        .unwrap();
    let out = a.env.run(&["check", "--full"], DAY1, "");
    assert!(!out.status.success(), "a broken chain is found");
    assert!(String::from_utf8_lossy(&out.stdout).contains("w/1"));
    assert_eq!(
        a.ok(&["check", "--replay"], DAY1, ""),
        "Replayed 1 card from its answers.\n"
    );
    assert_eq!(a.snapshot().log, log, "the log its answers give");
    a.ok(&["check", "--full"], DAY1, "");
}

#[test]
fn a_schedule_that_is_not_the_replay_of_its_answers_is_found_and_replayed() {
    let (_shared, a, _b) = two_devices();
    a.ok(
        &["review", "--deck", "Words", "--new", "2"],
        DAY1,
        "\n4\n\n5\n",
    );
    let before = a.snapshot().states;
    a.env
        .sql()
        .execute(
            "UPDATE card_state SET due_day = due_day + 30 WHERE card_id =
               (SELECT id FROM cards WHERE guid = 'w/2')",
            [],
        )
        .unwrap();
    assert!(
        a.ok(&["check"], DAY1, "").contains("Integrity:    ok"),
        "the quick check reads pages only"
    );
    let out = a.env.run(&["check", "--full"], DAY1, "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("w/2"));
    assert!(
        flat(&String::from_utf8_lossy(&out.stderr))
            .contains("1 card has a schedule that is not the replay of its answers; `recall check --replay` replays it"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = a.ok(&["check", "--replay"], DAY1, "");
    assert_eq!(out, "Replayed 1 card from its answers.\n");
    assert_eq!(a.snapshot().states, before, "the schedule its answers give");
    a.ok(&["check", "--full"], DAY1, "");
    // Not damage: the database is still written to.
    a.ok(&["review", "--deck", "Words", "--new", "1"], DAY1, "\n3\n");
}
