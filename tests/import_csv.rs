//! CSV and TSV through `recall import`: the path the command line takes for `.csv` and
//! `.tsv` files is the streaming reader (`formats::csv::Rows`, on a second thread), not
//! `formats::csv::parse`, so the parser's cases are checked again here, end to end:
//! positional rows, quoting, headers in any order, separators, every problem with its
//! line, and a CSV export that imports back to the same cards.

mod common;

use std::path::Path;

use common::Env;
use serde_json::Value;

const NOW: &str = "2026-03-01T12:00:00Z";

fn import(env: &Env, file: &Path) -> String {
    env.ok(&["import", file.to_str().unwrap()], NOW, "")
}

fn cards(env: &Env, deck: &str) -> Vec<Value> {
    env.json(&["cards", "--deck", deck, "--json"], NOW)
        .as_array()
        .unwrap()
        .clone()
}

fn text(c: &Value, k: &str) -> String {
    c[k].as_str().unwrap().to_string()
}

#[test]
fn positional_rows_with_optional_tags_go_to_a_deck_named_after_the_file() {
    let env = Env::new();
    let f = env.write("vocab.csv", "hola,hello\ngato,cat,animals es::nouns\n");
    let out = import(&env, &f);
    assert!(out.contains("vocab (new deck): 2 added"), "{out}");
    let c = cards(&env, "vocab");
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["deck"], "vocab");
    assert_eq!(
        (text(&c[0], "front"), text(&c[0], "back")),
        ("hola".into(), "hello".into())
    );
    assert_eq!(c[0]["tags"], serde_json::json!([]));
    assert_eq!(c[1]["tags"], serde_json::json!(["animals", "es::nouns"]));
    assert!(text(&c[0], "id").starts_with("vocab/"), "{}", c[0]["id"]);
    assert_eq!(c[0]["stage"], 1);
    assert_eq!(c[0]["kind"], "basic");
}

#[test]
fn quoted_fields_hold_separators_quotes_newlines_and_a_bom_is_ignored() {
    let env = Env::new();
    let f = env.write(
        "quotes.csv",
        "\u{feff}front,back\n\"a, b\",\"say \"\"hi\"\"\"\n\"multi\nline\",x\ncafé,日本語\n",
    );
    import(&env, &f);
    let c = cards(&env, "quotes");
    let pairs: Vec<(String, String)> = c
        .iter()
        .map(|c| (text(c, "front"), text(c, "back")))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a, b".into(), "say \"hi\"".into()),
            ("multi\nline".into(), "x".into()),
            ("café".into(), "日本語".into()),
        ]
    );
}

#[test]
fn header_columns_in_any_order_and_the_semicolon_separator() {
    let env = Env::new();
    let f = env.write(
        "lang.csv",
        "Tags;Back;Deck;Front;Stage;ID\nx y;hello;Lang::ES;hola;2;es/1\n",
    );
    let out = import(&env, &f);
    assert!(out.contains("Lang::ES (new deck): 1 added"), "{out}");
    let c = env.json(&["info", "es/1", "--json"], NOW);
    assert_eq!(c["deck"], "Lang::ES");
    assert_eq!(
        (text(&c, "front"), text(&c, "back")),
        ("hola".into(), "hello".into())
    );
    assert_eq!(c["stage"], 2);
    assert_eq!(c["tags"], serde_json::json!(["x", "y"]));
}

#[test]
fn tsv_keeps_commas_and_a_csv_without_commas_is_read_with_semicolons() {
    let env = Env::new();
    let tsv = env.write("tabs.tsv", "a\tb, c\nd\te\n");
    import(&env, &tsv);
    let c = cards(&env, "tabs");
    assert_eq!(text(&c[0], "back"), "b, c");
    assert_eq!(c.len(), 2);
    let semi = env.write("semi.csv", "front;back\na;b\n");
    import(&env, &semi);
    let c = cards(&env, "semi");
    assert_eq!(
        (text(&c[0], "front"), text(&c[0], "back")),
        ("a".into(), "b".into())
    );
}

#[test]
fn choice_cards_and_their_options_come_from_columns() {
    let env = Env::new();
    let f = env.write(
        "quiz.csv",
        "deck,id,stage,kind,front,back,choices,tags\n\
         A,a/1,3,choice,\"Pick, one\",right,\"wrong\nalso wrong\",t1 t2\n\
         B,b/1,1,cloze,x [...] z,y,,\n",
    );
    import(&env, &f);
    let a = env.json(&["info", "a/1", "--json"], NOW);
    assert_eq!(a["kind"], "choice");
    assert_eq!(a["stage"], 3);
    assert_eq!(a["choices"], serde_json::json!(["wrong", "also wrong"]));
    assert_eq!(a["tags"], serde_json::json!(["t1", "t2"]));
    let b = env.json(&["info", "b/1", "--json"], NOW);
    assert_eq!(b["kind"], "cloze");
    assert_eq!(b["deck"], "B");
}

/// Imports a file that must be refused; returns the error with the file's path shortened
/// to its name, and checks that nothing was written.
fn refused(env: &Env, name: &str, content: &str) -> String {
    env.ok(&["decks"], NOW, "");
    let before = env.count("SELECT count(*) FROM cards");
    let f = env.write(name, content);
    let err = env.fails(&["import", f.to_str().unwrap()], NOW);
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(env.count("SELECT count(*) FROM cards"), before, "{err}");
    err.replace(&format!("{}", f.display()), name)
}

#[test]
fn each_problem_names_its_line_and_what_was_expected() {
    let env = Env::new();
    for (content, expected) in [
        (
            "a,b\n\"open,x\nmore\n",
            "f.csv:2: a quoted field opens here and is never closed (a `\"` is missing)",
        ),
        (
            "a,b\nonly\n",
            "f.csv:2: expected at least 2 fields (front, back), found 1; the separator is `,`",
        ),
        ("a,\n", "f.csv:1: `back` is empty"),
        (
            "front,back,notes\na,b,c\n",
            "f.csv:1: unknown column `notes` in the header row; the columns are deck, id, stage, kind, front, back, choices, tags",
        ),
        (
            "front,back\na,b,c\n",
            "f.csv:2: 3 fields, but the header row names 2 columns (separator: `,`)",
        ),
        (
            "front,back,stage\na,b,9\n",
            "f.csv:2: `stage`: expected a stage (1, 2, 3 or beginner, intermediate, advanced), found `9`",
        ),
    ] {
        let err = refused(&env, "f.csv", content);
        assert!(
            err.contains(expected),
            "{content:?}: expected\n{expected}\nin\n{err}"
        );
    }
    // The same front twice makes the same derived id: refused at the second row (the
    // streamed import names the row; the whole-file parser also named the first use).
    let err = refused(&env, "f.csv", "a,b\na,c\n");
    assert!(err.contains("f.csv:2: card id `f/"), "{err}");
    assert!(
        err.contains("appears twice in this import (in deck `f`); ids must be unique"),
        "{err}"
    );
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let env = Env::new();
    let err = refused(
        &env,
        "many.tsv",
        "front\tback\nok\tfine\nonly\nx\t\nalso\tgood\n",
    );
    assert!(
        err.contains("many.tsv:3: 1 fields, but the header row names 2 columns (separator: tab)"),
        "{err}"
    );
    assert!(err.contains("many.tsv:4: `back` is empty"), "{err}");
}

#[test]
fn a_csv_export_imports_back_to_the_same_cards() {
    let env = Env::new();
    let f = env.write(
        "quiz.csv",
        "deck,id,stage,kind,front,back,choices,tags\n\
         A::Sub,a/1,3,choice,\"Pick, one\",right,\"wrong\nalso \"\"wrong\"\"\",t1 t2\n\
         A::Sub,a/2,2,basic,\"multi\nline\",\"x, y\",,\n\
         B,b/1,1,cloze,x [...] z,y,,t3\n",
    );
    import(&env, &f);
    let exported = env.ok(&["export", "--format", "csv", "--deck", "A"], NOW, "");
    let again = Env::new();
    let back = again.write("back.csv", &exported);
    import(&again, &back);
    let strip = |mut v: Vec<Value>| {
        for c in &mut v {
            c.as_object_mut().unwrap().remove("number");
        }
        v
    };
    assert_eq!(
        strip(cards(&again, "A")),
        strip(cards(&env, "A")),
        "{exported}"
    );
    assert_eq!(cards(&again, "A").len(), 2);
}

/// A file without cards is refused ("the file has no cards"), as the other formats do,
/// through the streaming path the command line takes for `.csv` and `.tsv` too.
#[test]
fn a_file_without_cards_is_refused() {
    let env = Env::new();
    for (name, header) in [
        ("empty.csv", "front,back\n"),
        ("empty.tsv", "front\tback\n"),
    ] {
        let err = refused(&env, name, "");
        assert!(
            err.contains(&format!("{name}: the file has no cards")),
            "{err}"
        );
        let err = refused(&env, name, header);
        assert!(err.contains("the file has no cards"), "{err}");
    }
}
