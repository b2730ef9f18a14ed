//! `recall search` and `recall cards QUERY` over the built-in decks: a word, a phrase, an
//! exclusion, each filter, the errors, and the index rebuilt by `check --repair`.

mod common;

use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-27T09:00:00Z";

/// The ids `recall search QUERY --json` finds, best first, and the total.
fn search(env: &Env, query: &str) -> (u64, Vec<String>) {
    // `--` first: a query may start with `-`.
    let v = env.json(&["search", "--limit", "1000", "--json", "--", query], NOW);
    let ids = v["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    (v["total"].as_u64().unwrap(), ids)
}

/// A card's searchable text, lowercased, straight from the database.
fn text_of(env: &Env, id: &str) -> String {
    env.sql()
        .query_row(
            "SELECT lower(c.front || ' ' || c.back || ' ' || c.tags || ' ' || d.name)
             FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.guid = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

fn ready() -> Env {
    let env = Env::new();
    env.ok(&["decks"], NOW, "");
    env
}

#[test]
fn a_word_finds_its_cards_best_first_whatever_its_ending() {
    let env = ready();
    // `bagging` is in the front of the first; the second says "bagged" (same stem).
    let (total, ids) = search(&env, "bagging");
    assert_eq!(total, 2);
    assert_eq!(
        ids,
        [
            "traditional-machine-learning-algorithms/q/bagging-vs-boosting",
            "traditional-machine-learning-algorithms/q/oob-score"
        ]
    );
    // Case and accents do not matter.
    assert_eq!(search(&env, "BÁGGING").1, ids);
}

#[test]
fn a_phrase_needs_its_words_together() {
    let env = ready();
    let (total, ids) = search(&env, r#""learning rate""#);
    assert!(total >= 10, "{total}");
    assert_eq!(ids.len() as u64, total);
    for id in &ids {
        let text = text_of(&env, id);
        assert!(text.contains("learning rate"), "{id}: {text}");
    }
    // This card has both words, but never side by side.
    let apart = "traditional-machine-learning-algorithms/q/accuracy-imbalanced";
    let text = text_of(&env, apart);
    assert!(text.contains("learning") && text.contains("rate") && !text.contains("learning rate"));
    assert!(!ids.iter().any(|i| i == apart));
    assert!(search(&env, "learning rate").1.iter().any(|i| i == apart));
}

#[test]
fn an_exclusion_drops_cards_with_the_word() {
    let env = ready();
    let (total, ids) = search(&env, "bagging -boosting");
    assert_eq!(total, 1);
    assert_eq!(ids, ["traditional-machine-learning-algorithms/q/oob-score"]);
    // Exclusions alone: everything but the cards with the word.
    let all = common::built_in_cards() as u64;
    let with = search(&env, "boosting").0;
    assert_eq!(search(&env, "-boosting").0, all - with);
}

#[test]
fn deck_tag_stage_and_kind_filters() {
    let env = ready();
    let (total, ids) = search(&env, "deck:docker dockerfile");
    assert_eq!(total, 4);
    assert!(
        ids.iter()
            .all(|i| i.starts_with("containerization-using-docker-kubernetes/")),
        "{ids:?}"
    );
    let count = |sql: &str| env.count(sql) as u64;
    assert_eq!(
        search(&env, "tag:resources").0,
        count("SELECT count(*) FROM cards WHERE ' ' || tags || ' ' LIKE '% resources %'")
    );
    assert_eq!(search(&env, "tag:resources").0, 116);
    // A tag is matched whole: `resource` is not `resources`.
    assert_eq!(search(&env, "tag:resource").0, 0);
    assert_eq!(search(&env, "stage:3").0, 246);
    assert_eq!(search(&env, "stage:advanced").0, 246);
    assert_eq!(
        search(&env, "kind:output").0,
        count("SELECT count(*) FROM cards WHERE kind = 'output'")
    );
    let (_, sql_join) = search(&env, "kind:sql join");
    assert!(
        sql_join.iter().all(|i| i.starts_with("sql/x/")),
        "{sql_join:?}"
    );
    assert_eq!(search(&env, "stage:3 kind:cloze").0, 0);
    // A negated filter: everything outside the deck.
    let docker = search(&env, "deck:docker").0;
    assert_eq!(
        search(&env, "-deck:docker").0,
        common::built_in_cards() as u64 - docker
    );
}

#[test]
fn state_filters_follow_reviews_suspensions_and_lapses() {
    let env = ready();
    let all = common::built_in_cards() as u64;
    assert_eq!(search(&env, "is:new").0, all);
    assert_eq!(search(&env, "is:due").0, 0);
    // One answer (the first card of the review), one suspension (the second).
    let out = env.ok(&["review"], NOW, "\n2\n:suspend\n:quit\n");
    assert!(out.contains("recall unsuspend python/"), "{out}");
    assert_eq!(search(&env, "is:new").0, all - 1);
    assert_eq!(search(&env, "-is:new").1, ["python/definition"]);
    let suspended = search(&env, "is:suspended").1;
    assert_eq!(suspended.len(), 1);
    assert_ne!(suspended[0], "python/definition");
    // Graded 2, the card is due tomorrow.
    assert_eq!(search(&env, "is:due").0, 0);
    let tomorrow = env.json(&["search", "is:due", "--json"], "2026-11-28T09:00:00Z");
    assert_eq!(tomorrow["cards"][0]["id"], "python/definition");
    // 7 lapses is not a leech, 8 is.
    let conn = env.sql();
    let set = |n: i64| {
        conn.execute(
            "UPDATE card_state SET lapses = ?1 WHERE card_id =
                (SELECT id FROM cards WHERE guid = 'python/definition')",
            [n],
        )
        .unwrap();
    };
    set(7);
    assert_eq!(search(&env, "is:leech").0, 0);
    set(8);
    assert_eq!(search(&env, "is:leech").1, ["python/definition"]);
}

#[test]
fn cards_takes_the_same_query_beside_its_flags() {
    let env = ready();
    let out = env.ok(&["cards", "bagging -boosting"], NOW, "");
    assert!(out.contains("1 card (St = stage"), "{out}");
    assert!(out.contains("306  "), "{out}");
    assert!(out.contains("In a random forest"), "{out}");
    let json = env.json(&["cards", "bagging", "--json"], NOW);
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // `recall cards` keeps its own order: by deck, stage and position.
    assert_eq!(ids.len(), 2);
    // is:suspended shows suspended cards without --suspended.
    env.ok(&["review"], NOW, ":suspend\n:quit\n");
    let suspended = env.json(&["cards", "is:suspended", "--json"], NOW);
    assert_eq!(suspended.as_array().unwrap().len(), 1);
    assert_eq!(suspended[0]["suspended"], Value::Bool(true));
    // --deck and a query together.
    let both = env.json(&["cards", "--deck", "sql", "join", "--json"], NOW);
    assert!(
        both.as_array()
            .unwrap()
            .iter()
            .all(|c| c["deck"].as_str().unwrap().ends_with("::SQL")),
        "{both}"
    );
}

#[test]
fn the_screen_shows_the_id_the_number_and_an_excerpt() {
    let env = ready();
    let out = env.ok(&["search", r#"deck:sql "what is sql""#], NOW, "");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("sql/definition  #"), "{out}");
    assert!(lines[0].ends_with("  SQL · 1 · new"), "{out}");
    assert_eq!(lines[1], "    What is SQL?");
    assert_eq!(lines[2], "1 card matches.");
    // Without colour the excerpt carries no marks; with it the match is highlighted.
    let coloured = env
        .cmd()
        .args(["--now", NOW, "--color", "always", "search", "bagging"])
        .output()
        .unwrap();
    let coloured = String::from_utf8(coloured.stdout).unwrap();
    assert!(
        coloured.contains("\u{1b}[33mbagging\u{1b}[0m")
            || coloured.contains("\u{1b}[33mBagging\u{1b}[0m"),
        "{coloured}"
    );
    assert!(!out.contains('\u{e000}') && !coloured.contains('\u{e000}'));
    let more = env.ok(&["search", "gradient", "--limit", "2"], NOW, "");
    assert!(
        more.ends_with("the first 2 shown (--limit N shows more).\n"),
        "{more}"
    );
}

#[test]
fn a_query_that_cannot_be_read_says_why() {
    let env = ready();
    let err = env.fails(&["search", r#""open phrase"#], NOW);
    assert!(err.contains("a quote is not closed"), "{err}");
    let err = env.fails(&["search", "deck:nosuch"], NOW);
    assert!(
        err.contains("deck:nosuch: no deck matches `nosuch`"),
        "{err}"
    );
    let err = env.fails(&["search", "is:mature"], NOW);
    assert!(err.contains("unknown `is:mature`"), "{err}");
    let err = env.fails(&["search", "stage:9"], NOW);
    assert!(err.contains("found `9`"), "{err}");
    let err = env.fails(&["cards", "..."], NOW);
    assert!(err.contains("`...` has no letters or digits"), "{err}");
    // FTS5's own syntax is plain text here: no error, and no match for the operators.
    let (total, _) = search(&env, "NEAR(bagging boosting) AND");
    assert_eq!(total, 0);
}

#[test]
fn check_finds_a_search_index_out_of_step_and_repair_rebuilds_it() {
    let env = ready();
    // Tell the index a card's text was different from what it indexed: its entries no
    // longer match the card.
    env.sql()
        .execute_batch(
            "INSERT INTO cards_search(cards_search, rowid, front, back, tags, deck)
             SELECT 'delete', c.id, 'nothing like it', c.back, c.tags, d.name
             FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.guid = 'sql/definition'",
        )
        .unwrap();
    // The full check reads the cards and compares.
    let out = env.run(&["check", "--full"], NOW, "");
    assert!(!out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Search index: the search index does not match the cards"),
        "{stdout}"
    );
    let repaired = env.ok(&["check", "--repair"], NOW, "");
    assert!(
        repaired.contains("rebuilt the search index of"),
        "{repaired}"
    );
    env.ok(&["check"], NOW, "");
    assert_eq!(
        search(&env, r#"deck:sql "what is sql""#).1,
        ["sql/definition"]
    );

    // A card changed behind the index's back (its trigger gone for a moment): the index is
    // sound in itself, so the quick check (the index's own structure) passes and only the
    // full check, which reads the cards, finds it.
    env.sql()
        .execute_batch(
            "DROP TRIGGER cards_search_changed;
             UPDATE cards SET front = 'What is a zeppelin?' WHERE guid = 'sql/definition';",
        )
        .unwrap();
    assert_eq!(search(&env, "zeppelin").0, 0, "the index does not know yet");
    env.ok(&["check"], NOW, "");
    let out = env.run(&["check", "--full"], NOW, "");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("Search index: "), "{stdout}");
    env.ok(&["check", "--repair"], NOW, "");
    assert_eq!(search(&env, "zeppelin").1, ["sql/definition"]);
}
