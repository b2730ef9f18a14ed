//! Durability under SIGKILL: review sessions and imports killed at many random points lose no
//! acknowledged answer, leave imports all-or-nothing, and keep the database intact.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Env, numbered_deck};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const NOW: &str = "2026-01-01T12:00:00Z";

fn setup(cards: usize) -> Env {
    let env = Env::new();
    let file = env.write("crash.toml", &numbered_deck("Crash", "crash", cards));
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    env.ok(
        &["config", "set", "new_per_day", &cards.to_string()],
        NOW,
        "",
    );
    env
}

fn recall(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_recall"));
    c.arg("--db")
        .arg(db)
        .args(["--now", NOW])
        .args(args)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env_remove("RECALL_DB");
    c
}

/// A piped review session, and a channel that receives one message per acknowledged answer.
fn start_review(db: &Path) -> (Child, mpsc::Receiver<()>) {
    let mut child = recall(db, &["review", "--deck", "crash"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn recall");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.contains("recorded ") && tx.send(()).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn killing_after_n_acknowledged_answers_keeps_exactly_n() {
    let env = setup(20);
    let (mut child, acks) = start_review(&env.db);
    let stdin = child.stdin.as_mut().unwrap();
    let n = 7;
    for _ in 0..n {
        stdin.write_all(b"\n4\n").unwrap();
        stdin.flush().unwrap();
        acks.recv_timeout(Duration::from_secs(10))
            .expect("answer acknowledged");
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(env.count("SELECT count(*) FROM reviews"), n);
    assert_eq!(env.count("SELECT count(*) FROM card_state"), n);
    assert_eq!(integrity(&env.db), "ok");
}

/// 100 trials: 60 review sessions and 40 imports, each killed after a random delay.
#[test]
fn a_hundred_random_kills_lose_nothing_acknowledged() {
    let mut rng = StdRng::seed_from_u64(2026);
    let template = setup(60);
    let bulk = template.write("bulk.toml", &numbered_deck("Bulk", "bulk", 3000));
    for trial in 0..100 {
        let db = template.path().join(format!("trial-{trial}.db"));
        std::fs::copy(&template.db, &db).unwrap();
        // From before the process has started to after it has finished (imports take ~100 ms
        // in a debug build; 60 durable answers about as long).
        let delay = Duration::from_micros(rng.random_range(0..150_000));
        if trial < 60 {
            review_trial(&db, delay, trial);
        } else {
            import_trial(&db, &bulk, delay, trial);
        }
        assert_eq!(integrity(&db), "ok", "trial {trial}");
        std::fs::remove_file(&db).ok();
    }
}

fn review_trial(db: &Path, delay: Duration, trial: usize) {
    let (mut child, acks) = start_review(db);
    let sent = 60;
    let stdin = child.stdin.as_mut().unwrap();
    // Answers stream in while the process is killed at a random moment.
    stdin.write_all("\n4\n".repeat(sent).as_bytes()).unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(delay);
    child.kill().unwrap();
    child.wait().unwrap();
    let acked = acks.try_iter().count();
    let rows = count(db, "SELECT count(*) FROM reviews") as usize;
    assert!(
        rows >= acked,
        "trial {trial}: {acked} acknowledged, {rows} stored"
    );
    assert!(rows <= sent, "trial {trial}");
    assert_eq!(
        count(db, "SELECT count(*) FROM card_state") as usize,
        rows,
        "trial {trial}: every stored answer has its state"
    );
}

fn import_trial(db: &Path, file: &Path, delay: Duration, trial: usize) {
    let mut child = recall(db, &["import", file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let cards = count(db, "SELECT count(*) FROM cards WHERE guid LIKE 'bulk/%'");
    let decks = count(db, "SELECT count(*) FROM decks WHERE name = 'Bulk'");
    assert!(
        (cards, decks) == (0, 0) || (cards, decks) == (3000, 1),
        "trial {trial}: a killed import left {cards} cards and {decks} decks"
    );
    if status.success() {
        assert_eq!(cards, 3000, "trial {trial}: a finished import is all there");
    }
}
