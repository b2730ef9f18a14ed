//! Bounded fuzzing in `cargo test`: every parser gets arbitrary bytes and near-valid inputs
//! (real files with lines deleted, duplicated, truncated or sprinkled with junk) and must
//! return a value or a located error — never panic, never hang. The long runs are the
//! cargo-fuzz targets in fuzz/.

use proptest::prelude::*;
use recall::core::model::Stage;
use recall::formats::anki::text as anki_text;
use recall::formats::{Options, csv, guide, markdown, native, obsidian};

const GUIDE: &str = include_str!("../decks/sources/ai-ml-engineer-skills.md");
const DECK: &str = include_str!("../decks/ai-ml-engineer/03-sql.toml");
const CSV: &str = include_str!("fixtures/formats/vocab.csv");
const TSV: &str = include_str!("fixtures/formats/biology.tsv");
const MARKDOWN: &str = include_str!("fixtures/formats/capitals.md");
const HASHCARDS: &str = include_str!("fixtures/formats/hashcards/Chemistry.md");
const OBSIDIAN: &str = include_str!("fixtures/formats/vault/Biology/Cells.md");
const ANKI_TEXT: &str = include_str!("fixtures/anki/notes-full.txt");

fn opts() -> Options {
    Options {
        default_deck: "Fuzz".to_string(),
        stage: Stage::Beginner,
        with_scheduling: false,
        in_folder: false,
    }
}

/// Options for a note in a vault, its scheduling taken: every path of the parser.
fn vault_opts(in_folder: bool) -> Options {
    Options {
        with_scheduling: true,
        in_folder,
        ..opts()
    }
}

/// A text with one kind of damage applied at a position chosen by `at`.
fn damage(text: &str, kind: u8, at: usize, junk: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let i = at % lines.len().max(1);
    match kind % 5 {
        0 => lines
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n"),
        1 => {
            let mut v = lines.clone();
            v.insert(i, lines[i]);
            v.join("\n")
        }
        2 => {
            let cut = text
                .char_indices()
                .map(|(k, _)| k)
                .nth(at % text.chars().count().max(1))
                .unwrap_or(0);
            text[..cut].to_string()
        }
        3 => {
            let mut v: Vec<String> = lines.iter().map(std::string::ToString::to_string).collect();
            v[i] = format!("{junk}{}", v[i]);
            v.join("\n")
        }
        _ => {
            let mut v: Vec<String> = lines.iter().map(std::string::ToString::to_string).collect();
            v[i] = junk.to_string();
            v.join("\n")
        }
    }
}

fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("####".to_string()),
        Just("**Definition:**".to_string()),
        Just("[[cards]]".to_string()),
        Just("front = \"".to_string()),
        Just("stage = 99".to_string()),
        Just("1. Expert: x".to_string()),
        Just("\u{1b}[31m\u{202e}".to_string()),
        Just("- Books:".to_string()),
        Just("\"unterminated,".to_string()),
        Just("#separator:tab".to_string()),
        Just("#columns:Front\tBack".to_string()),
        Just("{{c1::x::".to_string()),
        Just("Q:".to_string()),
        Just("A: lonely".to_string()),
        Just("C: [a] [b".to_string()),
        Just("+++".to_string()),
        Just("<b><img src=\"x.png\">&amp;&#99999999;".to_string()),
        Just("---".to_string()),
        Just("```".to_string()),
        Just("?".to_string()),
        Just("??".to_string()),
        Just("a:::b".to_string()),
        Just("==x==^[h][^1] ==".to_string()),
        Just("#flashcards/a/ ".to_string()),
        Just("<!--SR:!2026-02-30,x,250!fsrs,1-->".to_string()),
        Just("<!-- open".to_string()),
        Just("![](@/a.mp3) ![[b.png|x]] [[c#d|]]".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn native_decks_never_panic_on_arbitrary_text(s in any::<String>()) {
        let _ = native::parse(&s, "x.toml");
    }

    #[test]
    fn native_decks_never_panic_on_damaged_files(kind in 0u8..5, at in 0usize..10_000, j in junk()) {
        match native::parse(&damage(DECK, kind, at, &j), "x.toml") {
            Ok(d) => prop_assert!(!d.cards.is_empty()),
            Err(e) => prop_assert!(e.0.iter().all(|p| p.file == "x.toml" && !p.message.is_empty())),
        }
    }

    #[test]
    fn guides_never_panic_on_arbitrary_text(s in any::<String>()) {
        let _ = guide::parse(&s, "g.md");
    }

    #[test]
    fn guides_never_panic_on_damaged_guides(kind in 0u8..5, at in 0usize..10_000, j in junk()) {
        match guide::parse(&damage(GUIDE, kind, at, &j), "g.md") {
            Ok(g) => {
                // A guide that still parses still makes decks with every card type.
                let decks = guide::decks(&g, "Root", &[]);
                prop_assert!(decks.iter().all(|(_, d)| d.cards.len() >= 9));
            }
            Err(e) => prop_assert!(e.0.iter().all(|p| p.line.is_some())),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Through the streaming reader `recall import` uses for `.csv` and `.tsv` files: each
    /// row is a card with its line, or a problem naming the file and saying what is wrong.
    #[test]
    fn csv_and_tsv_never_panic_on_damaged_files(kind in 0u8..5, at in 0usize..10_000, j in junk()) {
        for (text, file, sep) in [(CSV, "f.csv", b','), (TSV, "f.tsv", b'\t')] {
            let damaged = damage(text, kind, at, &j);
            let lines = damaged.lines().count().max(1);
            for row in csv::Rows::new(damaged.as_bytes(), file, sep, &opts()) {
                match row {
                    Ok((deck, card, line)) => {
                        prop_assert!(!deck.is_empty() && !card.guid.is_empty());
                        prop_assert!(!card.front.is_empty(), "{:?}", card);
                        prop_assert!((1..=lines).contains(&line), "line {} of {}", line, lines);
                    }
                    Err(p) => {
                        prop_assert_eq!(&p.file, file);
                        prop_assert!(!p.message.is_empty());
                        prop_assert!(p.line.is_none_or(|l| (1..=lines + 1).contains(&l)), "{}", p);
                    }
                }
            }
        }
    }

    #[test]
    fn anki_text_never_panics_on_damaged_exports(kind in 0u8..5, at in 0usize..10_000, j in junk()) {
        match anki_text::parse(&damage(ANKI_TEXT, kind, at, &j), "notes.txt", &opts()) {
            Ok(p) => prop_assert!(p.decks.iter().flat_map(|d| &d.cards).all(|c| !c.guid.is_empty())),
            Err(e) => prop_assert!(e.0.iter().all(|p| p.file == "notes.txt" && !p.message.is_empty())),
        }
    }

    #[test]
    fn markdown_never_panics_on_damaged_notes(kind in 0u8..5, at in 0usize..10_000, j in junk()) {
        match markdown::parse(&damage(MARKDOWN, kind, at, &j), "notes.md", &opts()) {
            Ok(_) => {}
            Err(e) => prop_assert!(e.0.iter().all(|p| p.file == "notes.md")),
        }
    }

    #[test]
    fn hashcards_decks_never_panic_when_damaged(kind in 0u8..5, at in 0usize..10_000, j in junk(), in_folder in any::<bool>()) {
        let text = damage(HASHCARDS, kind, at, &j);
        match markdown::parse(&text, "Chemistry.md", &vault_opts(in_folder)) {
            Ok(p) => prop_assert!(p.decks.iter().flat_map(|d| &d.cards).all(|c| !c.guid.is_empty() && !c.front.is_empty() && !c.back.is_empty())),
            Err(e) => prop_assert!(e.0.iter().all(|p| p.file == "Chemistry.md" && !p.message.is_empty())),
        }
    }

    #[test]
    fn obsidian_notes_never_panic_on_arbitrary_text(s in any::<String>()) {
        let _ = obsidian::parse(&s, "n.md", &vault_opts(false));
    }

    #[test]
    fn obsidian_notes_never_panic_when_damaged(kind in 0u8..5, at in 0usize..10_000, j in junk(), in_folder in any::<bool>()) {
        let text = damage(OBSIDIAN, kind, at, &j);
        match obsidian::parse(&text, "Cells.md", &vault_opts(in_folder)) {
            Ok(p) => {
                let cards: Vec<_> = p.decks.iter().flat_map(|d| &d.cards).collect();
                prop_assert!(cards.iter().all(|c| !c.guid.is_empty() && !c.front.is_empty() && !c.back.is_empty()));
                // Every state belongs to a card of the note.
                prop_assert!(p.states.keys().all(|g| cards.iter().any(|c| &c.guid == g)));
            }
            Err(e) => prop_assert!(e.0.iter().all(|p| p.file == "Cells.md" && !p.message.is_empty())),
        }
    }
}

#[test]
fn multi_megabyte_lines_parse() {
    let long = format!(
        "name = \"x\"\n[[cards]]\nfront = \"{}\"\nback = \"b\"\n",
        "a".repeat(5_000_000)
    );
    assert_eq!(
        native::parse(&long, "x").unwrap().cards[0].front.len(),
        5_000_000
    );
    let guide = format!(
        "## A\n### B\n#### C\n**Definition:** {}\n",
        "word ".repeat(1_000_000)
    );
    let err = guide::parse(&guide, "g").unwrap_err();
    assert!(
        err.to_string()
            .contains("skill `C` has no **Real-World Usage:**"),
        "{err}"
    );
}
