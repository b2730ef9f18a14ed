//! Durability: a review session killed with SIGKILL loses no answer it acknowledged, and the
//! database stays intact.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{Env, deck_toml};

const NOW: &str = "2026-01-01T12:00:00Z";

fn setup(cards: usize) -> Env {
    let env = Env::new();
    let list: Vec<(String, String, String)> = (0..cards)
        .map(|i| {
            (
                format!("crash/{i}"),
                format!("question {i}"),
                format!("answer {i}"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = list
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let file = env.write("crash.toml", &deck_toml("Crash", &refs));
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    env.ok(
        &["config", "set", "new_per_day", &cards.to_string()],
        NOW,
        "",
    );
    env
}

/// A piped review session, and a channel that receives one message per acknowledged answer.
fn start(env: &Env) -> (Child, mpsc::Receiver<()>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_recall"))
        .arg("--db")
        .arg(&env.db)
        .args(["--now", NOW, "review", "--deck", "crash"])
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
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

fn integrity_ok(env: &Env) {
    let result: String = env
        .sql()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(result, "ok");
}

#[test]
fn killing_after_n_acknowledged_answers_keeps_exactly_n() {
    let env = setup(20);
    let (mut child, acks) = start(&env);
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
    integrity_ok(&env);
}

#[test]
fn killing_mid_stream_never_loses_an_acknowledged_answer() {
    for trial in 0..8 {
        let env = setup(40);
        let (mut child, acks) = start(&env);
        let stdin = child.stdin.as_mut().unwrap();
        // Send every answer at once, then kill after a varying number of acknowledgements,
        // while later answers are still being written.
        let sent = 40;
        stdin.write_all("\n4\n".repeat(sent).as_bytes()).unwrap();
        stdin.flush().unwrap();
        let wait_for = 1 + trial * 3;
        for _ in 0..wait_for {
            acks.recv_timeout(Duration::from_secs(10))
                .expect("answer acknowledged");
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let acked = wait_for + acks.try_iter().count();
        let rows = env.count("SELECT count(*) FROM reviews") as usize;
        assert!(
            rows >= acked,
            "trial {trial}: {acked} acknowledged but {rows} stored"
        );
        assert!(rows <= sent);
        assert_eq!(env.count("SELECT count(*) FROM card_state") as usize, rows);
        integrity_ok(&env);
    }
}
