//! The real terminal path, in a pseudo-terminal: rustyline prompts, typed answers, reveal,
//! grading, tab completion, Ctrl-C, `:undo` and Ctrl-D, then the database is checked.

mod common;

use std::process::Command;

use common::{Env, deck_toml};
use rexpect::session::{PtySession, spawn_command};

const NOW: &str = "2026-01-01T12:00:00Z";

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recall"));
    cmd.arg("--db")
        .arg(&env.db)
        .args(["--now", NOW])
        .args(args)
        .env_remove("RECALL_DB")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(cmd, Some(10_000)).expect("spawn recall in a pty")
}

#[test]
fn a_session_in_a_terminal_answers_undoes_and_ends_with_ctrl_d() {
    let env = Env::new();
    let file = env.write(
        "two.toml",
        &deck_toml(
            "Solo",
            &[
                ("solo/1", "2 + 2?", "four"),
                ("solo/2", "Capital of France?", "Paris"),
            ],
        ),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");

    let mut p = spawn(&env, &["review", "--deck", "solo"]);
    p.exp_string("[1/2] Solo").unwrap();
    p.exp_string("2 + 2?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    // Ctrl-C clears what was typed; the prompt stays on the same card.
    p.send("something wrong").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    // Tab completes a command.
    p.send(":he\t").unwrap();
    p.send_line("").unwrap();
    p.exp_string(":suspend").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    // A typed answer is compared and a grade suggested; Enter takes it.
    p.send_line("Four").unwrap();
    p.exp_string("100% match").unwrap();
    p.exp_string("suggested grade 5").unwrap();
    p.exp_string("grade 0-5 [5]>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("recorded 5 (easy)").unwrap();
    p.exp_string("Capital of France?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Answer: Paris").unwrap();
    p.exp_string("grade 0-5>").unwrap();
    p.send_line("hard").unwrap();
    p.exp_string("recorded 3 (hard)").unwrap();
    // Grade 3 brings it back later; undo takes that grade back instead.
    p.exp_string("Capital of France?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line(":undo").unwrap();
    p.exp_string("undone").unwrap();
    p.exp_string("[2/2] Solo").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("Session over: 1 cards, 1 answers, 100% correct")
        .unwrap();
    p.exp_eof().unwrap();

    let reviews = env.count("SELECT count(*) FROM reviews");
    assert_eq!(reviews, 1, "only the first card's grade is kept");
    let first = env.json(&["info", "solo/1", "--json"], NOW);
    assert_eq!(first["state"]["reps"], 1);
    assert_eq!(first["reviews"][0]["answer"], "Four");
    let second = env.json(&["info", "solo/2", "--json"], NOW);
    assert!(second["state"].is_null(), "the undone card is new again");
    assert!(
        env.path().join("recall_history.txt").exists(),
        "history is kept beside the database"
    );
}

#[test]
fn the_last_grade_can_be_undone_before_the_session_ends() {
    let env = Env::new();
    let file = env.write(
        "one.toml",
        &deck_toml("Solo", &[("solo/1", "2 + 2?", "four")]),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    let mut p = spawn(&env, &["review", "--deck", "solo"]);
    // rustyline discards type-ahead when it takes the terminal, so each line waits for its prompt.
    p.exp_string("2 + 2?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("grade 0-5>").unwrap();
    p.send_line("4").unwrap();
    p.exp_string("All cards done").unwrap();
    p.exp_string("done>").unwrap();
    p.send_line(":undo").unwrap();
    p.exp_string("2 + 2?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("grade 0-5>").unwrap();
    p.send_line("5").unwrap();
    p.exp_string("done>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Due tomorrow").unwrap();
    p.exp_eof().unwrap();
    let info = env.json(&["info", "solo/1", "--json"], NOW);
    let grades: Vec<u64> = info["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["quality"].as_u64().unwrap())
        .collect();
    assert_eq!(grades, vec![5]);
}

/// On a terminal, `recall delete` asks first: no keeps the card, yes moves it to the
/// trash; `recall trash empty` asks the same way.
#[test]
fn delete_asks_on_a_terminal_before_moving_cards_to_the_trash() {
    let env = Env::new();
    let file = env.write(
        "solo.toml",
        &deck_toml("Solo", &[("solo/1", "2 + 2?", "four")]),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");

    let mut p = spawn(&env, &["delete", "solo/1"]);
    p.exp_string("Move 1 card to the trash: solo/1? [y/N]")
        .unwrap();
    p.send_line("").unwrap();
    p.exp_string("Nothing was deleted.").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        env.count("SELECT count(*) FROM cards WHERE guid = 'solo/1'"),
        1
    );

    let mut p = spawn(&env, &["delete", "solo/1"]);
    p.exp_string("[y/N]").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("Moved 1 card to the trash").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(
        env.count("SELECT count(*) FROM trash_cards WHERE guid = 'solo/1'"),
        1
    );

    let mut p = spawn(&env, &["trash", "empty"]);
    p.exp_string("Delete 1 card and their review logs for good? This cannot be undone. [y/N]")
        .unwrap();
    p.send_line("yes").unwrap();
    p.exp_string("Deleted 1 card for good.").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(env.count("SELECT count(*) FROM trash_cards"), 0);
}
