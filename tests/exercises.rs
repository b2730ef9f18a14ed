//! Exercise cards through the real binary, in pipe mode: SQL answers run on the sample
//! database and compared with the reference, the sandbox's refusals and time limit, the
//! sample database and the user's database left untouched, output answers on one line.

mod common;

use common::Env;

const NOW: &str = "2026-12-01T10:00:00Z";

/// A deck of `n` SQL cards with the same task (so each is answered in turn, whatever the
/// drill's order) and one output card.
fn exercise_deck(n: usize) -> String {
    let mut s = String::from("name = \"Ex\"\n");
    for i in 0..n {
        s.push_str(&format!(
            r#"
[[cards]]
id = "ex/x/first-three-{i}"
kind = "sql"
front = "Customers 1 to 3 ({i}): customer_id, by customer_id."
back = """
SELECT customer_id
FROM customers
WHERE customer_id <= 3
ORDER BY customer_id;"""
note = "A filter on the key."
"#
        ));
    }
    s
}

fn env_with(deck: &str) -> Env {
    let env = Env::new();
    let file = env.write("ex.toml", deck);
    env.ok(&["import", file.to_str().unwrap()], NOW, "");
    env
}

/// A typed drill of the `Ex` deck, answered by `stdin`.
fn drill(env: &Env, count: usize, stdin: &str) -> String {
    env.ok(
        &[
            "drill",
            "--skill",
            "Ex",
            "--mode",
            "typed",
            "--count",
            &count.to_string(),
            "--seed",
            "1",
        ],
        NOW,
        stdin,
    )
}

#[test]
fn a_correct_query_written_differently_passes() {
    let env = env_with(&exercise_deck(1));
    let out = drill(
        &env,
        1,
        "select c.customer_id from customers as c where c.customer_id between 1 and 3 order by 1 asc;\n5\n",
    );
    assert!(
        out.contains("✓ right: your query returns the same 3 rows\nReference query:\n  SELECT customer_id\n  FROM customers\n  WHERE customer_id <= 3\n  ORDER BY customer_id;\nNote: A filter on the key.\nsuggested grade 5 (easy)\n✓ recorded 5 (easy)"),
        "{out}"
    );
}

#[test]
fn a_wrong_query_fails_with_the_difference_then_the_reference() {
    let env = env_with(&exercise_deck(2));
    let out = drill(
        &env,
        2,
        "SELECT customer_id FROM customers WHERE customer_id < 3 ORDER BY customer_id;\n1\n\
         SELECT customer_id FROM customers WHERE customer_id <= 3 ORDER BY customer_id DESC;\n1\n",
    );
    assert!(
        out.contains(
            "✗ wrong: 1 row missing\nexpected (3 rows):\n   customer_id\n  -------------\n   1\n   2\n   3\ngot (2 rows):\n   customer_id\n  -------------\n   1\n   2\nmissing (1):\n   customer_id\n  -------------\n   3\nReference query:\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "✗ wrong: the right rows in the wrong order (from row 1); check the ORDER BY\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("suggested grade 1 (again)\n✗ recorded 1 (again)"),
        "{out}"
    );
}

fn file_bytes(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_learners_sql_never_changes_anything_and_the_session_goes_on() {
    let env = env_with(&exercise_deck(7));
    // Build the sample database first, to compare its bytes after the session.
    env.ok(&["sandbox"], NOW, ".quit\n");
    let shop = env.path().join("samples").join("shop.db");
    let before = file_bytes(&shop);
    let schema = |env: &Env| -> Vec<String> {
        let c = env.sql();
        let mut stmt = c
            .prepare("SELECT name FROM sqlite_schema ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let user_schema = schema(&env);
    let cards = env.count("SELECT count(*) FROM cards");
    let attached = env.path().join("stolen.db");
    let answers = format!(
        "DROP TABLE customers;\n1\n\
         UPDATE products SET price = 0;\n1\n\
         ATTACH '{}' AS x;\n1\n\
         PRAGMA writable_schema=1;\n1\n\
         WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r;\n1\n\
         SELECT count(*) FROM cards;\n1\n\
         SELECT customer_id FROM customers WHERE customer_id IN (3, 2, 1) ORDER BY customer_id;\n5\n",
        attached.display()
    );
    let out = drill(&env, 7, &answers);
    for line in [
        "✗ error: refused: the sample database is read-only: DROP TABLE customers\n",
        "✗ error: refused: the sample database is read-only: UPDATE products\n",
        "✗ error: refused: ATTACH and DETACH are not allowed: the sandbox sees only the sample database\n",
        "✗ error: refused: PRAGMA writable_schema = 1 is not allowed: only pragmas that read the schema (table_info, index_list, …)\n",
        "✗ error: stopped: the query ran for more than 2.0 s (a runaway recursion or a huge join?)\n",
        // The user's database holds `cards`; the sandbox does not even see it.
        "✗ error: SQLite: no such table: cards\n",
        "✓ right: your query returns the same 3 rows\n",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    assert!(out.contains("Drill report: 1/7 correct"), "{out}");
    assert_eq!(
        file_bytes(&shop),
        before,
        "the sample database is byte for byte the same"
    );
    assert!(!attached.exists(), "ATTACH created no file");
    assert_eq!(schema(&env), user_schema, "the user's tables are unchanged");
    assert_eq!(env.count("SELECT count(*) FROM cards"), cards);
    let logged: Vec<String> = {
        let c = env.sql();
        let mut stmt = c.prepare("SELECT answer FROM reviews ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(logged.len(), 7, "every answer is logged, as text");
    assert_eq!(logged[0], "DROP TABLE customers;");
}

#[test]
fn a_damaged_sample_database_file_is_rebuilt() {
    let env = env_with(&exercise_deck(1));
    let samples = env.path().join("samples");
    std::fs::create_dir_all(&samples).unwrap();
    std::fs::write(samples.join("shop.db"), b"not a database").unwrap();
    let out = drill(&env, 1, "SELECT 1, 2, 3;\n1\n");
    assert!(
        out.contains("✗ wrong: 3 columns where 1 is expected\n"),
        "the damaged file was rebuilt: {out}"
    );
}

#[test]
fn output_answers_are_one_line_in_pipe_mode_with_backslash_n_between_lines() {
    let deck = r#"name = "Ex"

[[cards]]
id = "ex/x/loop"
kind = "output"
front = "What does this print?"
code = """
for i in range(2):
    print(i, end='  \\n')
"""
back = """
0
1"""
note = "print adds its `end` after each value."
"#;
    let env = env_with(deck);
    let out = drill(&env, 1, "0  \\n1\n5\n");
    assert!(
        out.contains("What does this print?\n\nfor i in range(2):\n    print(i, end='  \\n')\n"),
        "the code is shown as written: {out}"
    );
    assert!(
        out.contains("✓ right: the output is exactly that\nIt prints:\n  0\n  1\nNote: print adds its `end` after each value.\nsuggested grade 5 (easy)\n"),
        "{out}"
    );
    let out = drill(&env, 1, "0\\n2\n4\n");
    assert!(
        out.contains("✗ wrong at line 2: expected `1`, you wrote `2`\n"),
        "{out}"
    );
    assert!(
        out.contains("✓ recorded 4 (good)"),
        "a grade typed over the suggestion: {out}"
    );
}

#[test]
fn reviews_ask_exercises_and_levels_count_them() {
    let env = env_with(&exercise_deck(1));
    let right = "SELECT customer_id FROM customers WHERE customer_id < 4 ORDER BY 1;\n5\n";
    let out = env.ok(&["review", "--deck", "Ex"], NOW, right);
    assert!(out.contains("[1/1] Ex · Beginner · sql · new"), "{out}");
    assert!(
        out.contains("✓ recorded 5 (easy) · next review 2026-12-02 (tomorrow)"),
        "{out}"
    );
    // Right answers on each due day: the card is retained once one comes after a real
    // interval (17 days: 1, 6, then 6 × 2.8), which makes the skill's only Beginner card count.
    for day in ["2026-12-02", "2026-12-08", "2026-12-25"] {
        let out = env.ok(
            &["review", "--deck", "Ex"],
            &format!("{day}T10:00:00Z"),
            right,
        );
        assert!(
            out.contains("[1/1] Ex · Beginner · sql · review"),
            "{day}: {out}"
        );
    }
    let info = env.ok(&["info", "ex/x/first-three-0"], NOW, "");
    assert!(info.contains("Stage:  Beginner · sql card\n"), "{info}");
    assert!(info.contains("Note:   A filter on the key.\n"), "{info}");
    assert!(
        info.contains("Back:    SELECT customer_id\n         FROM customers\n         WHERE customer_id <= 3\n"),
        "the reference query as written, line by line: {info}"
    );
    let skills = env.json(&["skills", "--json"], NOW);
    let ex = skills
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.ends_with("Ex")))
        .expect("the Ex skill");
    assert_eq!(ex["stages"][0]["cards"], 1, "{ex}");
    assert_eq!(ex["stages"][0]["mastered"], 1, "{ex}");
    assert_eq!(ex["level_name"], "Beginner", "{ex}");
}

#[test]
fn exercise_cards_export_and_import_back_the_same() {
    let env = env_with(&exercise_deck(1));
    let csv = env.ok(&["export", "--deck", "Ex", "--format", "csv"], NOW, "");
    assert!(
        csv.starts_with(
            "deck,id,stage,kind,front,back,choices,tags,key_points,note,ordered,db,reverse\n"
        ),
        "{csv}"
    );
    assert!(csv.contains(",sql,"), "{csv}");
    let toml = env.ok(&["export", "--deck", "Ex"], NOW, "");
    let again = Env::new();
    let file = again.write("back.toml", &toml);
    again.ok(&["import", file.to_str().unwrap()], NOW, "");
    let a = env.json(&["info", "ex/x/first-three-0", "--json"], NOW);
    let b = again.json(&["info", "ex/x/first-three-0", "--json"], NOW);
    for field in ["kind", "front", "back", "note"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    assert_eq!(b["note"], "A filter on the key.");
}
