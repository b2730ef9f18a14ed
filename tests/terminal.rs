//! The real terminal path, in a pseudo-terminal: rustyline prompts, typed answers, reveal,
//! grading, tab completion, Ctrl-C, `:undo` and Ctrl-D, then the database is checked.

mod common;

use std::process::Command;

use common::{Env, deck_toml};
use rexpect::session::{PtySession, spawn_command};

const NOW: &str = "2026-01-01T12:00:00Z";

fn spawn(env: &Env, args: &[&str]) -> PtySession {
    spawn_at(env, NOW, args)
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
    // The suggestion is shown, not taken: Enter alone asks for a grade.
    expect_grade_prompt(&mut p, "grade 0-5 (suggested 5)", ["1d", "1d", "1d", "1d"]);
    p.send_line("").unwrap();
    p.exp_string("type a grade: 5 is suggested").unwrap();
    expect_grade_prompt(&mut p, "grade 0-5 (suggested 5)", ["1d", "1d", "1d", "1d"]);
    p.send_line("5").unwrap();
    p.exp_string("recorded 5 (easy)").unwrap();
    p.exp_string("Capital of France?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Answer: Paris").unwrap();
    expect_grade_prompt(&mut p, "grade 0-5", ["1d", "1d", "1d", "1d"]);
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
    p.exp_string("Session over: 1 card, 1 answer, 100% correct")
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
fn ctrl_c_on_an_empty_prompt_says_how_to_leave_and_tab_completes_grade_words() {
    let env = Env::new();
    let file = env.write(
        "one.toml",
        &deck_toml("Solo", &[("solo/1", "2 + 2?", "four")]),
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    env.ok(&["config", "set", "history", "off"], NOW, "");
    let mut p = spawn(&env, &["review", "--deck", "solo"]);
    p.exp_string("Welcome to recall.").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    // On an empty line Ctrl-C does not end the session: it says how to.
    p.send_control('c').unwrap();
    p.exp_string("To leave: :quit or Ctrl-D; every answer is already saved.")
        .unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    // The prompt shows each grade's interval (`grade 0-5 [again 1d · …]>`).
    p.exp_string("grade 0-5 [again").unwrap();
    p.exp_string("]> ").unwrap();
    // `ea` + Tab is `easy` at the grade prompt.
    p.send("ea\t").unwrap();
    p.send_line("").unwrap();
    p.exp_string("recorded 5 (easy)").unwrap();
    p.exp_string("done>").unwrap();
    p.send_line("").unwrap();
    p.exp_eof().unwrap();
    assert!(
        !env.path().join("recall_history.txt").exists(),
        "`history off` keeps no history file"
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
    expect_grade_prompt(&mut p, "grade 0-5", ["1d", "1d", "1d", "1d"]);
    p.send_line("4").unwrap();
    p.exp_string("All cards done").unwrap();
    p.exp_string("done>").unwrap();
    p.send_line(":undo").unwrap();
    p.exp_string("2 + 2?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    expect_grade_prompt(&mut p, "grade 0-5", ["1d", "1d", "1d", "1d"]);
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

#[test]
fn the_sandbox_in_a_terminal_runs_multi_line_queries_shows_schemas_and_survives_errors() {
    let env = Env::new();
    let mut p = spawn(&env, &["sandbox", "--rows", "2"]);
    p.exp_string("The sample database `shop`, read-only.")
        .unwrap();
    p.exp_string("shop>").unwrap();
    // A statement over three lines: the prompt waits for its `;`.
    p.send_line("SELECT customer_id").unwrap();
    p.exp_string("...>").unwrap();
    p.send_line("FROM customers").unwrap();
    p.exp_string("...>").unwrap();
    p.send_line("WHERE customer_id <= 3 ORDER BY customer_id;")
        .unwrap();
    p.exp_string(" customer_id").unwrap();
    p.exp_string(" 1").unwrap();
    p.exp_string(" 2").unwrap();
    p.exp_string(" 1 more row").unwrap();
    p.exp_string("(3 rows)").unwrap();
    p.exp_string("shop>").unwrap();
    p.send_line(".schema logins").unwrap();
    p.exp_string("CREATE TABLE logins").unwrap();
    p.exp_string("shop>").unwrap();
    p.send_line("SELECT * FROM nowhere;").unwrap();
    p.exp_string("error: SQLite: no such table: nowhere")
        .unwrap();
    p.exp_string("shop>").unwrap();
    p.send_line("DELETE FROM orders;").unwrap();
    p.exp_string("error: refused: the sample database is read-only: DELETE FROM orders")
        .unwrap();
    p.exp_string("shop>").unwrap();
    p.send_line("SELECT count(*) > 0 FROM orders;").unwrap();
    p.exp_string("(1 row)").unwrap();
    p.exp_string("shop>").unwrap();
    p.send_line(":quit").unwrap();
    p.exp_eof().unwrap();
    assert!(
        !env.db.exists(),
        "the sandbox never opens (or creates) the user's database"
    );
    assert!(env.path().join("samples").join("shop.db").is_file());
}

#[test]
fn exercise_answers_span_lines_on_a_terminal() {
    let env = Env::new();
    let file = env.write(
        "ex.toml",
        r#"name = "Ex"

[[cards]]
id = "ex/x/three"
kind = "sql"
front = "Customers 1 to 3: customer_id."
back = "SELECT customer_id FROM customers WHERE customer_id <= 3;"

[[cards]]
id = "ex/x/print"
kind = "output"
front = "What does this print?"
code = "print(1)\nprint(2)"
back = "1\n2"
"#,
    );
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    let mut p = spawn(&env, &["review", "--deck", "Ex"]);
    p.exp_string("Customers 1 to 3").unwrap();
    p.exp_string("sql>").unwrap();
    p.send_line("SELECT customer_id").unwrap();
    p.exp_string("...>").unwrap();
    p.send_line("FROM customers WHERE customer_id IN (1, 2, 3);")
        .unwrap();
    p.exp_string("right: your query returns the same 3 rows")
        .unwrap();
    expect_grade_prompt(&mut p, "grade 0-5 (suggested 5)", ["1d", "1d", "1d", "1d"]);
    p.send_line("5").unwrap();
    p.exp_string("print(2)").unwrap();
    p.exp_string("output>").unwrap();
    p.send_line("1").unwrap();
    p.exp_string("...>").unwrap();
    p.send_line("2").unwrap();
    p.exp_string("...>").unwrap();
    p.send_line("").unwrap();
    p.exp_string("right: the output is exactly that").unwrap();
    expect_grade_prompt(&mut p, "grade 0-5 (suggested 5)", ["1d", "1d", "1d", "1d"]);
    p.send_line("5").unwrap();
    p.exp_string("done>").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let answers: String = env
        .sql()
        .query_row("SELECT group_concat(answer, '|') FROM reviews", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        answers,
        "SELECT customer_id\nFROM customers WHERE customer_id IN (1, 2, 3);|1\n2"
    );
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

/// The grade prompt with what each grade would do: `grade 0-5 [again 1d · hard 6d · …]>`.
/// rexpect reads the output byte by byte as Latin-1, so the `·` between them is not matched.
fn expect_grade_prompt(p: &mut PtySession, head: &str, [again, hard, good, easy]: [&str; 4]) {
    p.exp_string(&format!("{head} [again {again} ")).unwrap();
    p.exp_string(&format!(" hard {hard} ")).unwrap();
    p.exp_string(&format!(" good {good} ")).unwrap();
    p.exp_string(&format!(" easy {easy}]> ")).unwrap();
}

fn spawn_at(env: &Env, now: &str, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recall"));
    cmd.arg("--db")
        .arg(&env.db)
        .args(["--now", now])
        .args(args)
        .env_remove("RECALL_DB")
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(cmd, Some(10_000)).expect("spawn recall in a pty")
}

/// SM-2 after one Good the day before: a fail is due tomorrow, a pass in 6 days (SM-2's
/// second interval). FSRS-6 on a new card: Again comes back this session, Hard, Good and
/// Easy take the default parameters' first stabilities (1.29, 2.31, 8.30 days) rounded.
#[test]
fn the_grade_prompt_shows_what_each_grade_would_do_under_sm2_and_fsrs() {
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
    env.ok(&["review", "--deck", "solo", "--new", "1"], NOW, "\n4\n");
    let day2 = "2026-01-02T12:00:00Z";

    let mut p = spawn_at(&env, day2, &["review", "--deck", "solo", "--new", "0"]);
    p.exp_string("2 + 2?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    expect_grade_prompt(&mut p, "grade 0-5", ["1d", "6d", "6d", "6d"]);
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();

    env.ok(&["config", "set", "scheduler", "fsrs"], day2, "");
    let mut p = spawn_at(&env, day2, &["review", "--deck", "solo"]);
    p.exp_string("Capital of France?").unwrap();
    p.exp_string("answer (Enter reveals)>").unwrap();
    p.send_line("").unwrap();
    expect_grade_prompt(&mut p, "grade 0-5", ["today", "1d", "2d", "8d"]);
    p.send_line("easy").unwrap();
    p.exp_string("recorded 5 (easy)").unwrap();
    p.exp_string("next review 2026-01-10 (in 8 days)").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}
