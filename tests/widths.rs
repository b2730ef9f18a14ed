//! Every screen rendered through the real binary at 50, 80 and 120 columns (`COLUMNS`, the
//! width a pipe is laid out at): no line is wider than the terminal, and no card id or
//! number is cut.

mod common;

use common::Env;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const DAY1: &str = "2026-11-27T09:00:00Z";
const DAY2: &str = "2026-11-28T09:00:00Z";
const LATER: &str = "2026-12-03T09:00:00Z";
const WIDTHS: [usize; 3] = [50, 80, 120];

/// A database with history: two days of reviews (some failed, so cards lapse and come
/// back), a suspended card, and a drill.
fn with_history() -> Env {
    let env = Env::new();
    // Reveal and grade: good, again, easy, hard, … for twelve cards.
    let grades = ["4", "1", "5", "3", "2", "4", "5", "0", "4", "4", "1", "5"];
    let answers = |gs: &mut dyn Iterator<Item = &&str>| -> String {
        gs.map(|g| ["\n", g, "\n"].concat()).collect()
    };
    let mut day1 = answers(&mut grades.iter());
    day1.push_str(":suspend\n:quit\n");
    env.ok(&["review", "--new", "14"], DAY1, &day1);
    let day2 = answers(&mut grades.iter().rev());
    env.ok(&["review"], DAY2, &format!("{day2}:quit\n"));
    env.ok(
        &[
            "drill", "--mode", "flash", "--count", "3", "--skill", "python",
        ],
        DAY2,
        "\n5\n\n2\n\n4\n",
    );
    env
}

/// `recall ARGS` laid out at `cols` columns.
fn screen(env: &Env, cols: usize, args: &[&str], stdin: &str) -> String {
    let out = env
        .cmd()
        .env("COLUMNS", cols.to_string())
        .args(["--now", LATER])
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("recall runs");
    assert!(
        out.status.success(),
        "recall {args:?} at {cols}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// No line wider than `cols`, and no number cut short (`12…`).
fn fits(what: &str, text: &str, cols: usize) {
    for line in text.lines() {
        assert!(
            line.width() <= cols,
            "{what} at {cols} columns: a line of {}:\n{line}\n\n{text}",
            line.width()
        );
        let chars: Vec<char> = line.chars().collect();
        for pair in chars.windows(2) {
            assert!(
                !(pair[0].is_ascii_digit() && pair[1] == '…'),
                "{what} at {cols}: a number is cut in\n{line}"
            );
        }
    }
}

/// Whether `word` appears in `text` as a whole word (not inside a longer one).
fn whole(text: &str, word: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .any(|w| w == word)
}

#[test]
fn every_screen_fits_50_80_and_120_columns() {
    let env = with_history();
    let screens: Vec<(&str, Vec<&str>, &str)> = vec![
        ("skills", vec!["skills"], ""),
        ("skill history", vec!["skills", "--history", "python"], ""),
        ("decks", vec!["decks"], ""),
        ("stats", vec!["stats"], ""),
        ("stats of a deck", vec!["stats", "--deck", "python"], ""),
        ("config", vec!["config", "list"], ""),
        ("check", vec!["check"], ""),
        // A review's first card, its answer revealed, help, then the summary.
        ("review", vec!["review"], "\n:help\n:quit\n"),
        (
            "choice drill",
            vec![
                "drill", "--mode", "choice", "--count", "2", "--skill", "sql",
            ],
            "1\n2\n",
        ),
        (
            "typed drill",
            vec![
                "drill", "--mode", "typed", "--count", "1", "--skill", "python",
            ],
            "a language for data work\n3\n",
        ),
    ];
    for cols in WIDTHS {
        for (what, args, stdin) in &screens {
            // Drills pick cards at random: a few seeds, so the test sees the same cards on
            // every run and more than one card each time.
            for seed in ["1", "2", "3"] {
                let mut seeded = vec!["--seed", seed];
                seeded.extend(args.iter().copied());
                fits(what, &screen(&env, cols, &seeded, stdin), cols);
            }
        }
    }
}

#[test]
fn card_lists_fit_and_keep_ids_and_numbers_whole() {
    let env = with_history();
    for args in [
        vec!["cards"],
        vec!["cards", "--due"],
        vec!["cards", "--suspended"],
    ] {
        let mut json_args = args.clone();
        json_args.push("--json");
        let cards = env.json(&json_args, LATER);
        let cards = cards.as_array().expect("cards");
        assert!(!cards.is_empty(), "{args:?} lists cards");
        for cols in WIDTHS {
            let text = screen(&env, cols, &args, "");
            fits("cards", &text, cols);
            let with_ids = text.lines().next().unwrap_or_default().contains(" Id ");
            let rows: Vec<&str> = text.lines().skip(2).collect();
            for (card, row) in cards.iter().zip(&rows) {
                let number = card["number"].as_i64().unwrap().to_string();
                assert!(
                    row.trim_start().starts_with(&format!("{number} ")),
                    "{args:?} at {cols}: row of #{number}: {row}"
                );
                if with_ids {
                    let id = card["id"].as_str().unwrap();
                    assert!(whole(row, id), "{args:?} at {cols}: {id} cut in {row}");
                }
            }
        }
        // At 120 columns the ids are shown when the longest leaves the other columns
        // (number, stage, due date, 20 columns of front and the gaps: 44) their room.
        let longest = cards
            .iter()
            .map(|c| c["id"].as_str().unwrap().len())
            .max()
            .unwrap();
        let wide = screen(&env, 120, &args, "");
        let shown = wide.lines().next().unwrap().contains(" Id ");
        assert_eq!(shown, longest + 44 <= 120, "longest id {longest}:\n{wide}");
    }
}

#[test]
fn search_results_fit_and_keep_ids_and_numbers_whole() {
    let env = with_history();
    let found: Value = env.json(&["search", "--json", "--limit", "30", "data"], LATER);
    let hits = found["cards"].as_array().expect("cards");
    assert_eq!(hits.len(), 30);
    for cols in WIDTHS {
        let text = screen(&env, cols, &["search", "--limit", "30", "data"], "");
        fits("search", &text, cols);
        let heads: Vec<&str> = text.lines().step_by(2).take(30).collect();
        for (hit, head) in hits.iter().zip(&heads) {
            let number = format!("#{}", hit["number"]);
            assert!(whole(head, &number), "at {cols}: {number} in {head}");
            let id = hit["id"].as_str().unwrap();
            if id.len() + number.len() + 20 <= cols {
                assert!(head.starts_with(&format!("{id}  ")), "at {cols}: {head}");
            }
        }
    }
}

#[test]
fn a_card_page_wraps_its_text_and_keeps_its_id() {
    let env = with_history();
    let cards = env.json(&["cards", "--json"], LATER);
    let answered: Vec<&Value> = cards
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["state"].is_null())
        .collect();
    assert!(answered.len() >= 10);
    for card in answered {
        let id = card["id"].as_str().unwrap();
        let number = format!("#{}", card["number"]);
        for cols in WIDTHS {
            let text = screen(&env, cols, &["info", id], "");
            fits("info", &text, cols);
            assert!(text.contains(&number), "at {cols}: {number}\n{text}");
            if id.len() < cols {
                assert!(
                    text.lines().any(|l| whole(l, id)),
                    "at {cols}: {id}\n{text}"
                );
            }
            // The text is all there: wrapping moved words, it dropped none.
            let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let front: String = card["front"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                words.contains(&front),
                "at {cols}: the front of {id}\n{text}"
            );
        }
    }
}
