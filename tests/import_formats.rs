//! `recall import` of the formats users bring (Anki packages and text exports made by
//! the real Anki and genanki, CSV/TSV, Markdown) and `recall export`: counts checked
//! against what Anki reports, idempotent re-imports, progress kept, scheduling taken
//! over, bad files refused with the database untouched, and export round trips.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::Env;
use serde_json::Value;

const DAY1: &str = "2026-11-28T10:00:00Z";
const DAY2: &str = "2026-11-29T10:00:00Z";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture_str(name: &str) -> String {
    fixture(name).display().to_string()
}

fn expected(file: &str) -> Value {
    let text = std::fs::read_to_string(fixture(file)).expect("expected file");
    serde_json::from_str(&text).expect("expected JSON")
}

const ANKI_FIXTURES: &[&str] = &[
    "anki/current.apkg",
    "anki/legacy.apkg",
    "anki/genanki.apkg",
    "anki/notes-full.txt",
    "anki/notes-basic.txt",
];

const HAND_FIXTURES: &[&str] = &[
    "formats/vocab.csv",
    "formats/biology.tsv",
    "formats/capitals.md",
    "formats/old-anki-export.txt",
];

/// What the database holds of the user's (non-built-in) decks.
struct Counts {
    cards: i64,
    cloze: i64,
    typed: i64,
    notes: usize,
    decks: Vec<String>,
    tags: Vec<String>,
}

fn strings(env: &Env, sql: &str) -> Vec<String> {
    let conn = env.sql();
    let mut stmt = conn.prepare(sql).expect("query");
    stmt.query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .collect::<Result<Vec<_>, _>>()
        .expect("strings")
}

/// The note a card id belongs to: Anki card ids end in `/2` or `/c3` after the guid.
fn note_of(guid: &str) -> &str {
    match guid.rsplit_once('/') {
        Some((note, suffix))
            if suffix.trim_start_matches('c').parse::<u32>().is_ok() && !suffix.is_empty() =>
        {
            note
        }
        _ => guid,
    }
}

fn counts(env: &Env) -> Counts {
    const USER: &str = "FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.origin = 'user'";
    let guids = strings(env, &format!("SELECT c.guid {USER}"));
    let tags: BTreeSet<String> = strings(env, &format!("SELECT c.tags {USER}"))
        .iter()
        .flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    Counts {
        cards: env.count(&format!("SELECT count(*) {USER}")),
        cloze: env.count(&format!("SELECT count(*) {USER} AND c.kind = 'cloze'")),
        typed: env.count(&format!("SELECT count(*) {USER} AND c.kind = 'typed'")),
        notes: guids
            .iter()
            .map(|g| note_of(g))
            .collect::<BTreeSet<_>>()
            .len(),
        decks: strings(
            env,
            "SELECT DISTINCT d.name FROM decks d JOIN cards c ON c.deck_id = d.id
             WHERE d.origin = 'user' ORDER BY d.name",
        ),
        tags: tags.into_iter().collect(),
    }
}

fn string_list(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

fn import(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    env.ok(&all, DAY1, "")
}

#[test]
fn every_anki_fixture_matches_what_anki_reports() {
    let expected = expected("expected.json");
    for name in ANKI_FIXTURES {
        let env = Env::new();
        // Notes without a deck go where Anki's import dialog puts them by default.
        let out = import(&env, &["--deck", "Default", &fixture_str(name)]);
        let want = &expected["fixtures"][*name];
        let got = counts(&env);
        assert_eq!(
            got.cards,
            want["cards"].as_i64().unwrap(),
            "{name} cards\n{out}"
        );
        assert_eq!(
            got.cloze,
            want["cloze_cards"].as_i64().unwrap(),
            "{name} cloze cards"
        );
        assert_eq!(
            got.notes as i64,
            want["notes"].as_i64().unwrap(),
            "{name} notes"
        );
        assert_eq!(got.decks, string_list(&want["decks"]), "{name} decks");
        assert_eq!(got.tags, string_list(&want["tags"]), "{name} tags");
        if let Some(typed) = want["typed_cards"].as_i64() {
            assert_eq!(got.typed, typed, "{name} typed cards");
        }
    }
}

#[test]
fn the_hand_written_fixtures_give_their_counts() {
    let expected = expected("expected-hand.json");
    for name in HAND_FIXTURES {
        let env = Env::new();
        import(&env, &[&fixture_str(name)]);
        let want = &expected["fixtures"][*name];
        let got = counts(&env);
        assert_eq!(got.cards, want["cards"].as_i64().unwrap(), "{name} cards");
        assert_eq!(
            got.cloze,
            want["cloze_cards"].as_i64().unwrap(),
            "{name} cloze"
        );
        assert_eq!(got.decks, string_list(&want["decks"]), "{name} decks");
        assert_eq!(got.tags, string_list(&want["tags"]), "{name} tags");
    }
}

#[test]
fn anki_cards_are_rendered_as_plain_text() {
    let env = Env::new();
    import(&env, &[&fixture_str("anki/current.apkg")]);
    let card = |front: &str| -> Value {
        let rows = env.json(&["cards", "--json"], DAY1);
        rows.as_array()
            .unwrap()
            .iter()
            .find(|c| c["front"] == front)
            .cloned()
            .unwrap_or_else(|| panic!("no card with front {front:?}"))
    };
    assert_eq!(card("hola")["back"], "hello\nhi");
    assert_eq!(card("gato")["back"], "cat & kitten [image: gato.png]");
    assert_eq!(
        card("ser / estar")["back"],
        "to be\n(permanent / temporary)"
    );
    assert_eq!(card("France")["back"], "Paris [sound: paris.mp3]");
    assert_eq!(card("Paris [sound: paris.mp3]")["back"], "France");
    let typed = card("Translate: thank you");
    assert_eq!(
        (typed["kind"].as_str(), typed["back"].as_str()),
        (Some("typed"), Some("gracias"))
    );
    let cloze = card("H2O is [...] (hint: liquid)");
    assert_eq!(
        (cloze["kind"].as_str(), cloze["back"].as_str()),
        (Some("cloze"), Some("water"))
    );
    assert_eq!(
        card("[...] + [...] → NaCl; naïve café ☕ électron")["back"],
        "Na, Cl"
    );
    assert_eq!(card("Katze\nDie Katze schläft.")["back"], "cat");
    assert_eq!(card("dog (no example)")["back"], "Hund");
    assert_eq!(card("Japan")["tags"], serde_json::json!(["geo::asia"]));
}

#[test]
fn the_text_export_and_the_package_of_one_collection_share_card_ids() {
    let env = Env::new();
    import(&env, &[&fixture_str("anki/current.apkg")]);
    let out = import(&env, &[&fixture_str("anki/notes-full.txt")]);
    assert!(
        !out.contains("added"),
        "the same notes, the same cards:\n{out}"
    );
    assert!(out.contains("Geography: 6 unchanged"), "{out}");
}

/// Every card with its text, deck, tags and state, as a comparable dump.
fn dump(env: &Env) -> Vec<String> {
    strings(
        env,
        "SELECT c.guid || '|' || d.name || '|' || c.kind || '|' || c.stage || '|' || c.front
                || '|' || c.back || '|' || coalesce(c.choices, '') || '|' || c.tags
                || '|' || c.updated_at || '|' || coalesce(s.reps, '') || '|' || coalesce(s.ef, '')
                || '|' || coalesce(s.due_day, '')
         FROM cards c JOIN decks d ON d.id = c.deck_id LEFT JOIN card_state s ON s.card_id = c.id
         ORDER BY c.guid",
    )
}

#[test]
fn reimporting_every_fixture_changes_nothing() {
    for name in ANKI_FIXTURES.iter().chain(HAND_FIXTURES) {
        let env = Env::new();
        let path = fixture_str(name);
        import(&env, &[&path, "--with-scheduling"]);
        let before = dump(&env);
        let out = env.ok(&["import", &path, "--with-scheduling"], DAY2, "");
        assert!(
            !out.contains("added") && !out.contains("updated") && !out.contains("scheduling"),
            "{name}: a second import changed something:\n{out}"
        );
        assert!(out.contains("unchanged"), "{out}");
        assert_eq!(dump(&env), before, "{name}");
    }
}

fn card_id(entry: &Value) -> String {
    let guid = entry["guid"].as_str().unwrap();
    let ord = entry["ord"].as_u64().unwrap();
    match (entry["cloze"].as_bool().unwrap(), ord) {
        (true, n) => format!("anki:{guid}/c{}", n + 1),
        (false, 0) => format!("anki:{guid}"),
        (false, n) => format!("anki:{guid}/{}", n + 1),
    }
}

#[test]
fn with_scheduling_anki_reviews_become_sm2_state() {
    let reviewed = expected("expected.json")["reviewed"].clone();
    for package in ["anki/current.apkg", "anki/legacy.apkg"] {
        let env = Env::new();
        let out = import(&env, &[&fixture_str(package), "--with-scheduling"]);
        assert!(out.contains("with the file's scheduling"), "{out}");
        let entries = reviewed.as_array().unwrap();
        assert_eq!(
            env.count("SELECT count(*) FROM card_state") as usize,
            entries.len(),
            "{package}: only reviewed cards get a state"
        );
        for entry in entries {
            let id = card_id(entry);
            let info = env.json(&["info", &id, "--json"], DAY1);
            let state = &info["state"];
            assert_eq!(state["lapses"], entry["lapses"], "{package} {id}");
            let ef = (entry["factor"].as_i64().unwrap() / 10).max(130) as f64 / 100.0;
            assert_eq!(state["ef"].as_f64(), Some(ef), "{package} {id}");
            if let Some(2) = entry["type"].as_i64() {
                let ivl = entry["ivl"].as_i64().unwrap();
                assert_eq!(state["interval_days"].as_i64(), Some(ivl), "{package} {id}");
                assert_eq!(state["due"], entry["due_date"], "{package} {id}");
                let min_reps = if ivl >= 6 { 2 } else { 1 };
                assert!(
                    state["reps"].as_i64().unwrap() >= min_reps,
                    "{package} {id}"
                );
            } else {
                // Relearning: failed in Anki, so SM-2 starts it over.
                assert_eq!(state["reps"].as_i64(), Some(1), "{package} {id}");
                assert_eq!(state["interval_days"].as_i64(), Some(1), "{package} {id}");
            }
        }
    }
}

#[test]
fn without_the_flag_anki_cards_arrive_new() {
    let env = Env::new();
    import(&env, &[&fixture_str("anki/current.apkg")]);
    assert_eq!(env.count("SELECT count(*) FROM card_state"), 0);
}

#[test]
fn imported_scheduling_never_overwrites_progress_made_here() {
    let env = Env::new();
    let package = fixture_str("anki/current.apkg");
    import(&env, &[&package]);
    // Answer the first new card of the Spanish deck here.
    env.ok(
        &["review", "--deck", "Languages::Spanish", "--new", "1"],
        DAY1,
        "\n5\n",
    );
    let answered = env.count("SELECT count(*) FROM card_state");
    assert_eq!(answered, 1);
    let before = dump(&env);
    let guid = strings(
        &env,
        "SELECT c.guid FROM card_state s JOIN cards c ON c.id = s.card_id",
    );
    let out = import(&env, &[&package, "--with-scheduling"]);
    assert!(out.contains("with the file's scheduling"), "{out}");
    let after = dump(&env);
    let row = |d: &[String]| {
        d.iter()
            .find(|r| r.starts_with(&format!("{}|", guid[0])))
            .cloned()
    };
    assert_eq!(
        row(&after),
        row(&before),
        "the card answered here keeps its state"
    );
}

#[test]
fn progress_is_kept_when_an_edited_file_is_imported_again() {
    let env = Env::new();
    let csv = env.write(
        "words.csv",
        "front,back,id\nhola,hello,w/1\ngato,cat,w/2\nperro,dog,w/3\n",
    );
    import(&env, &[csv.to_str().unwrap()]);
    env.ok(&["review", "--deck", "words"], DAY1, "\n5\n\n4\n");
    let hola = env.json(&["info", "w/1", "--json"], DAY1);
    assert_eq!(hola["state"]["reps"], 1);
    env.write(
        "words.csv",
        "front,back,id\nhola,\"hello, hi\",w/1\ngato,cat,w/2\nperro,dog,w/3\npez,fish,w/4\n",
    );
    let out = import(&env, &[csv.to_str().unwrap()]);
    assert!(out.contains("1 added, 1 updated, 2 unchanged"), "{out}");
    let after = env.json(&["info", "w/1", "--json"], DAY1);
    assert_eq!(after["back"], "hello, hi");
    assert_eq!(after["state"], hola["state"]);
    assert_eq!(after["reviews"].as_array().unwrap().len(), 1);
    // Markdown cards have no ids in the file: theirs come from deck and front, so an
    // edited answer updates the same card.
    let md = env.write("geo.md", "Q: Capital of France?\nA: Paris\n");
    import(&env, &[md.to_str().unwrap()]);
    env.ok(&["review", "--deck", "geo"], DAY1, "\n5\n");
    let before = env.json(&["cards", "--deck", "geo", "--json"], DAY1);
    env.write("geo.md", "Q: Capital of France?\nA: Paris (since 508)\n");
    let out = import(&env, &[md.to_str().unwrap()]);
    assert!(out.contains("geo: 1 updated"), "{out}");
    let after = env.json(&["cards", "--deck", "geo", "--json"], DAY1);
    assert_eq!(after[0]["state"], before[0]["state"]);
    assert_eq!(after[0]["back"], "Paris (since 508)");
}

/// Runs an import that must fail on a database that exists, checks the message, and
/// that the database file is byte for byte what it was.
fn refused(env: &Env, args: &[&str], expected: &[&str]) {
    env.ok(&["decks"], DAY1, "");
    let before = std::fs::read(&env.db).unwrap();
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let err = env.fails(&all, DAY1);
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(
        std::fs::read(&env.db).unwrap(),
        before,
        "the database is unchanged"
    );
}

fn zip_file(env: &Env, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = env.path().join(name);
    let file = std::fs::File::create(&path).unwrap();
    let mut w = zip::ZipWriter::new(file);
    for (entry, data) in entries {
        w.start_file(*entry, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap();
    path
}

#[test]
fn a_truncated_package_is_refused() {
    let env = Env::new();
    let bytes = std::fs::read(fixture("anki/current.apkg")).unwrap();
    let path = env.path().join("cut.apkg");
    std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).unwrap();
    refused(
        &env,
        &[path.to_str().unwrap()],
        &["cut.apkg: not a readable zip archive", "truncated"],
    );
}

#[test]
fn a_zip_that_is_not_an_anki_package_is_refused() {
    let env = Env::new();
    let path = zip_file(
        &env,
        "photos.apkg",
        &[("holiday.jpg", b"\xff\xd8"), ("notes.txt", b"hi")],
    );
    refused(
        &env,
        &[path.to_str().unwrap()],
        &[
            "photos.apkg: this zip file is not an Anki package",
            "holiday.jpg, notes.txt",
        ],
    );
    let env = Env::new();
    let path = zip_file(&env, "fake.apkg", &[("collection.anki21", b"not sqlite")]);
    refused(
        &env,
        &[path.to_str().unwrap()],
        &["fake.apkg: the collection in the package cannot be read: it is not an SQLite database"],
    );
}

#[test]
fn a_csv_with_an_unterminated_quote_is_refused() {
    let env = Env::new();
    let path = env.write(
        "broken.csv",
        "front,back\nhola,hello\n\"gato,cat\nperro,dog\n",
    );
    refused(
        &env,
        &[path.to_str().unwrap()],
        &["broken.csv:3: a quoted field opens here and is never closed"],
    );
}

#[test]
fn a_markdown_answer_without_a_question_is_refused() {
    let env = Env::new();
    let path = env.write("deck.md", "Q: one\nA: 1\n---\nA: two\n");
    refused(
        &env,
        &[path.to_str().unwrap()],
        &["deck.md:4: `A:` without a `Q:` before it"],
    );
    // A blank line does not end a card (hashcards' fields run over blank lines).
    let path = env.write("deck.md", "Q: one\nA: 1\n\nA: two\n");
    refused(
        &env,
        &[path.to_str().unwrap()],
        &["deck.md:4: a second `A:` for the question on line 1"],
    );
}

#[test]
fn files_that_are_not_utf8_are_refused_in_every_text_format() {
    for name in ["latin1.csv", "latin1.md", "latin1.txt", "latin1.tsv"] {
        let env = Env::new();
        let path = env.path().join(name);
        std::fs::write(&path, b"front,back\ncaf\xe9,coffee\n").unwrap();
        refused(
            &env,
            &[path.to_str().unwrap()],
            &[&format!("{name}:2: not UTF-8 text (bad byte at offset 14)")],
        );
    }
}

#[test]
fn every_problem_of_every_file_is_reported_at_once() {
    let env = Env::new();
    let good = fixture_str("formats/vocab.csv");
    let csv = env.write("a.csv", "front,back\n,x\ny,\n");
    let md = env.write("b.md", "stray line\nQ: q\n");
    refused(
        &env,
        &[&good, csv.to_str().unwrap(), md.to_str().unwrap()],
        &[
            "a.csv:2: `front` is empty",
            "a.csv:3: `back` is empty",
            "b.md:1: this line belongs to no card",
            "b.md:2: the question has no `A:` answer",
        ],
    );
    assert_eq!(
        env.count("SELECT count(*) FROM decks WHERE origin = 'user'"),
        0
    );
}

#[test]
fn a_dry_run_of_a_package_writes_nothing() {
    let env = Env::new();
    env.ok(&["decks"], DAY1, "");
    let before = std::fs::read(&env.db).unwrap();
    let out = import(
        &env,
        &[
            "--dry-run",
            "--with-scheduling",
            &fixture_str("anki/current.apkg"),
        ],
    );
    assert!(
        out.starts_with("Dry run of 1 file: nothing was written"),
        "{out}"
    );
    assert!(
        out.contains("Geography (new deck): 6 added, 0 updated, 0 unchanged, 0 skipped"),
        "{out}"
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn deck_option_applies_only_to_cards_without_a_deck() {
    let env = Env::new();
    let plain = env.write("words.tsv", "hola\thello\n");
    import(
        &env,
        &[
            "--deck",
            "Languages :: Spanish",
            "--stage",
            "advanced",
            plain.to_str().unwrap(),
            &fixture_str("formats/vocab.csv"),
        ],
    );
    let decks = strings(
        &env,
        "SELECT name FROM decks WHERE origin = 'user' ORDER BY name",
    );
    assert_eq!(
        decks,
        ["Languages::Spanish", "Spanish::Basics", "Spanish::Phrases"]
    );
    assert_eq!(
        env.count("SELECT stage FROM cards WHERE front = 'hola' AND guid NOT LIKE 'es/%'"),
        3
    );
    // vocab.csv gives `hola` stage 1 itself.
    assert_eq!(
        env.count("SELECT stage FROM cards WHERE guid = 'es/hola'"),
        1
    );
}

#[test]
fn the_format_option_overrides_the_extension() {
    let env = Env::new();
    let path = env.write("cards.txt", "Q: two plus two?\nA: four\n");
    import(&env, &["--format", "markdown", path.to_str().unwrap()]);
    assert_eq!(
        env.count("SELECT count(*) FROM cards WHERE back = 'four'"),
        1
    );
    let err = env.fails(
        &["import", "--format", "apkg", path.to_str().unwrap()],
        DAY1,
    );
    assert!(
        err.contains("cards.txt: not a readable zip archive"),
        "{err}"
    );
}

#[test]
fn escape_sequences_in_imported_text_are_removed() {
    let env = Env::new();
    let path = env.write(
        "evil.csv",
        "front,back,id\n\"\u{1b}]0;pwned\u{7}What\u{1b}[2J?\",\"\u{202e}ok\",e/1\n",
    );
    import(&env, &[path.to_str().unwrap()]);
    let card = env.json(&["info", "e/1", "--json"], DAY1);
    assert_eq!(card["front"], "What?");
    assert_eq!(card["back"], "ok");
}

/// The user's cards as the database holds them, without row ids or times.
fn cards_of(env: &Env) -> Vec<String> {
    strings(
        env,
        "SELECT c.guid || '|' || d.name || '|' || d.description || '|' || c.kind || '|' || c.stage
                || '|' || c.front || '|' || c.back || '|' || coalesce(c.choices, '') || '|' || c.tags
         FROM cards c JOIN decks d ON d.id = c.deck_id ORDER BY c.guid",
    )
}

#[test]
fn exports_import_into_a_new_database_as_the_same_cards() {
    let source = Env::new();
    import(
        &source,
        &[
            &fixture_str("anki/current.apkg"),
            &fixture_str("formats/vocab.csv"),
            &fixture_str("formats/capitals.md"),
        ],
    );
    // A choice card, which no import format above makes.
    let choice = source.write(
        "choice.toml",
        "name = \"Quiz\"\n[[cards]]\nid = \"q/1\"\nkind = \"choice\"\nfront = \"2+2?\"\nback = \"4\"\nchoices = [\"3\", \"5\"]\nstage = 2\n",
    );
    import(&source, &[choice.to_str().unwrap()]);
    let want = cards_of(&source);
    for format in ["toml", "csv"] {
        let file = source.path().join(format!("all.{format}"));
        let out = source.ok(
            &["export", "--format", format, "-o", file.to_str().unwrap()],
            DAY1,
            "",
        );
        assert!(out.starts_with("Wrote "), "{out}");
        let target = Env::new();
        let out = import(&target, &[file.to_str().unwrap()]);
        assert!(!out.contains("updated"), "{out}");
        let got = cards_of(&target);
        if format == "toml" {
            assert_eq!(got, want, "{format}");
        } else {
            // CSV has no place for deck descriptions; every card is the same.
            let no_description = |rows: &[String]| -> Vec<String> {
                rows.iter()
                    .map(|r| {
                        let mut parts: Vec<&str> = r.split('|').collect();
                        parts[2] = "";
                        parts.join("|")
                    })
                    .collect()
            };
            assert_eq!(no_description(&got), no_description(&want), "{format}");
        }
    }
}

#[test]
fn one_deck_exports_alone_to_standard_output() {
    let env = Env::new();
    import(&env, &[&fixture_str("formats/capitals.md")]);
    let toml = env.ok(&["export", "--deck", "capitals"], DAY1, "");
    assert!(toml.contains("name = \"Geography::Capitals\""), "{toml}");
    assert!(
        toml.contains("description = \"Capitals of the world\""),
        "{toml}"
    );
    assert!(
        !toml.contains("[[decks]]") && !toml.contains("Python"),
        "{toml}"
    );
    let csv = env.ok(
        &["export", "--deck", "capitals", "--format", "csv"],
        DAY1,
        "",
    );
    let rows = csv
        .lines()
        .filter(|l| l.starts_with("Geography::Capitals,"))
        .count();
    assert_eq!(rows, 7, "{csv}");
    assert!(
        csv.starts_with(
            "deck,id,stage,kind,front,back,choices,tags,key_points,note,ordered,db,reverse\n"
        ),
        "{csv}"
    );
}

#[test]
fn the_review_log_exports_as_csv() {
    let env = Env::new();
    let csv = env.write("w.csv", "front,back,id\nhola,hello,w/1\ngato,cat,w/2\n");
    import(&env, &[csv.to_str().unwrap()]);
    env.ok(&["review", "--deck", "w"], DAY1, "\n5\n\n2\n\n4\n");
    let log = env.ok(&["export", "--reviews"], DAY1, "");
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines[0], "card_id,review_time,quality,mode,duration_ms");
    assert_eq!(lines.len(), 4, "{log}");
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(first[0], "w/1");
    assert!(
        first[1].starts_with("2026-11-28T10:00:") && first[1].ends_with('Z'),
        "{log}"
    );
    assert!(
        chrono::DateTime::parse_from_rfc3339(first[1]).is_ok(),
        "{log}"
    );
    assert_eq!(&first[2..4], ["5", "review"]);
    assert!(first[4].parse::<u64>().is_ok());
    assert_eq!(lines[2].split(',').nth(2), Some("2"));
    assert_eq!(
        &lines[3].split(',').collect::<Vec<_>>()[2..4],
        ["4", "relearn"]
    );
    let file = env.path().join("log.csv");
    let out = env.ok(
        &["export", "--reviews", "-o", file.to_str().unwrap()],
        DAY1,
        "",
    );
    assert!(out.contains("Wrote 3 reviews"), "{out}");
    assert_eq!(std::fs::read_to_string(file).unwrap(), log);
}

#[test]
fn help_explains_formats_and_the_deck_option() {
    let env = Env::new();
    let help = env.ok(&["import", "--help"], DAY1, "");
    for needle in [
        "anki-text",
        "markdown",
        "apkg",
        "--with-scheduling",
        "does not name one",
        "--dry-run",
    ] {
        assert!(help.contains(needle), "`{needle}` missing from:\n{help}");
    }
}

mod damaged_packages {
    use super::fixture;
    use proptest::prelude::*;
    use recall::core::model::Stage;
    use recall::formats::Options;
    use recall::formats::anki::apkg;
    use recall::store::anki::read_collection;

    fn collection(name: &str) -> Vec<u8> {
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        apkg::unpack(&bytes, name, apkg::MAX_UNPACKED_BYTES).expect("a good package")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A real collection with bytes changed anywhere: an error or cards, never a panic.
        #[test]
        fn damaged_collections_never_panic(
            current in any::<bool>(),
            flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
        ) {
            let mut db = collection(if current { "anki/current.apkg" } else { "anki/legacy.apkg" });
            for (at, byte) in flips {
                let i = at.index(db.len());
                db[i] = byte;
            }
            let opts = Options {
                default_deck: "x".into(),
                stage: Stage::Beginner,
                with_scheduling: true,
            in_folder: false,
            };
            match read_collection(db) {
                Ok(raw) => match apkg::cards(&raw, "d.apkg", &opts) {
                    Ok(p) => prop_assert!(p.decks.iter().flat_map(|d| &d.cards).all(|c| !c.guid.is_empty())),
                    Err(e) => prop_assert!(e.0.iter().all(|p| p.file == "d.apkg" && !p.message.is_empty()), "{}", e),
                },
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}

#[test]
fn an_imported_cloze_reveals_every_blank_and_no_hint() {
    let env = Env::new();
    import(&env, &[&fixture_str("anki/current.apkg")]);
    let out = env.ok(
        &["review", "--deck", "química", "--new", "3"],
        DAY1,
        "\n5\n\n5\n\n5\n",
    );
    let answers: Vec<&str> = out.lines().filter(|l| l.starts_with("Answer:")).collect();
    // The two deletions of the water note are siblings: the other note comes between them.
    assert_eq!(
        answers,
        [
            "Answer: H2O is water",
            "Answer: Na + Cl → NaCl; naïve café ☕ électron",
            "Answer: H2O is water",
        ],
        "{out}"
    );
}

/// The legacy package with the card of note `gato` suspended in Anki (queue -1).
fn package_with_a_suspended_card(env: &Env) -> PathBuf {
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(fixture("anki/legacy.apkg")).unwrap()).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::copy(&mut f, &mut bytes).unwrap();
        entries.push((f.name().unwrap().to_string(), bytes));
    }
    let db = env.path().join("collection.anki21");
    let (_, bytes) = entries
        .iter()
        .find(|(n, _)| n == "collection.anki21")
        .unwrap();
    std::fs::write(&db, bytes).unwrap();
    let changed = rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE cards SET queue = -1 WHERE nid = (SELECT id FROM notes WHERE flds LIKE 'gato%')",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let modified = std::fs::read(&db).unwrap();
    let named: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| {
            let data: &[u8] = if n == "collection.anki21" {
                &modified
            } else {
                b
            };
            (n.as_str(), data)
        })
        .collect();
    zip_file(env, "suspended.apkg", &named)
}

#[test]
fn cards_suspended_in_anki_arrive_suspended_with_their_scheduling() {
    let env = Env::new();
    let package = package_with_a_suspended_card(&env);
    let suspended = |env: &Env| {
        strings(
            env,
            "SELECT c.front FROM cards c JOIN decks d ON d.id = c.deck_id \
             WHERE c.suspended = 1 AND d.origin = 'user'",
        )
    };
    import(&env, &[package.to_str().unwrap()]);
    assert!(
        suspended(&env).is_empty(),
        "without --with-scheduling nothing is suspended"
    );

    let env = Env::new();
    import(&env, &[package.to_str().unwrap(), "--with-scheduling"]);
    assert_eq!(suspended(&env), ["gato"]);
    // Brought back here, it stays back on the next import.
    let id: String = strings(&env, "SELECT guid FROM cards WHERE suspended = 1").remove(0);
    env.ok(&["unsuspend", &id], DAY1, "");
    import(&env, &[package.to_str().unwrap(), "--with-scheduling"]);
    assert!(suspended(&env).is_empty());
}

#[test]
fn an_export_that_cannot_be_written_leaves_no_file() {
    let env = Env::new();
    import(&env, &[&fixture_str("formats/capitals.md")]);
    let dest = env.path().join("missing").join("out.toml");
    let err = env.fails(&["export", "-o", dest.to_str().unwrap()], DAY1);
    assert!(err.contains("cannot write"), "{err}");
    assert!(!env.path().join("missing").exists());
    // Written whole, under its own name only: no partial file is left beside it.
    let file = env.path().join("all.toml");
    env.ok(&["export", "-o", file.to_str().unwrap()], DAY1, "");
    let names: Vec<String> = std::fs::read_dir(env.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("all.toml"))
        .collect();
    assert_eq!(names, ["all.toml"]);
}
