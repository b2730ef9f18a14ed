//! `recall import DIR` with Markdown decks as their tools write them: a hashcards
//! collection and an Obsidian vault (fixtures in tests/fixtures/formats/), imported
//! together through the binary — counts, decks, kinds, sibling groups and text; all or
//! nothing; idempotent; dry run; scheduling from the plugin's comments.

mod common;

use std::path::{Path, PathBuf};

use common::Env;

const DAY1: &str = "2026-12-01T10:00:00Z";
const DAY2: &str = "2026-12-02T10:00:00Z";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// Copies a fixture folder (hidden folders included) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// The two fixture folders, copied into the test's folder (so file names in messages are
/// short and edits never touch the repository).
fn both(env: &Env) -> (String, String) {
    let cards = env.path().join("cards");
    let vault = env.path().join("vault");
    copy_tree(&fixture("hashcards"), &cards);
    copy_tree(&fixture("vault"), &vault);
    (cards.display().to_string(), vault.display().to_string())
}

/// Rows of the user's cards: deck, kind, guid, front, back; in deck and file order.
fn cards(env: &Env) -> Vec<(String, String, String, String, String)> {
    let conn = env.sql();
    let mut stmt = conn
        .prepare(
            "SELECT d.name, c.kind, c.guid, c.front, c.back FROM cards c
             JOIN decks d ON d.id = c.deck_id WHERE d.origin = 'user'
             ORDER BY d.name, c.ord",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Every user card with its state, for before/after comparisons.
fn dump(env: &Env) -> Vec<String> {
    let conn = env.sql();
    let mut stmt = conn
        .prepare(
            "SELECT c.guid || '|' || d.name || '|' || c.front || '|' || c.back || '|'
                    || c.updated_at || '|' || coalesce(s.reps, '') || '|' || coalesce(s.due_day, '')
             FROM cards c JOIN decks d ON d.id = c.deck_id
             LEFT JOIN card_state s ON s.card_id = c.id
             WHERE d.origin = 'user' ORDER BY c.guid",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn user_cards(env: &Env) -> i64 {
    env.count(
        "SELECT count(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.origin = 'user'",
    )
}

#[test]
fn a_collection_and_a_vault_import_together() {
    let env = Env::new();
    let (cards_dir, vault) = both(&env);
    let out = env.ok(&["import", &cards_dir, &vault], DAY1, "");
    assert_eq!(
        out,
        format!(
            "Imported 4 files in one transaction:\n\
             \x20 Art History (new deck): 2 added\n\
             \x20 Chemistry (new deck): 7 added\n\
             \x20 biology::cells (new deck): 8 added\n\
             \x20 biology::genetics (new deck): 1 added\n\
             \x20 chemistry (new deck): 3 added\n\
             \x20 chemistry::acids (new deck): 1 added\n\
             \x20 2 files with no cards skipped: {cards_dir}/README.md, {vault}/Daily/2026-11-30.md\n"
        )
    );
    let all = cards(&env);
    assert_eq!(all.len(), 22);
    let per_deck =
        |deck: &str, kind: &str| all.iter().filter(|c| c.0 == deck && c.1 == kind).count();
    assert_eq!(
        [
            per_deck("Chemistry", "basic"),
            per_deck("Chemistry", "cloze"),
            per_deck("biology::cells", "basic"),
            per_deck("biology::cells", "cloze"),
            per_deck("biology::genetics", "cloze"),
        ],
        [3, 4, 6, 2, 1]
    );
    // Hidden folders (.obsidian, .trash) are never read.
    assert!(!all.iter().any(|c| c.4.contains("never imported")));
    // The Dataview field of an untagged vault note is no card.
    assert!(!all.iter().any(|c| c.3 == "Mood"));
    // Sibling groups: ids sharing a base before /c1, /c2.
    let mut groups: Vec<(String, usize)> = Vec::new();
    for (_, _, guid, _, _) in &all {
        if let Some((base, _)) = guid.rsplit_once("/c").filter(|(_, n)| n.len() == 1) {
            match groups.iter_mut().find(|(b, _)| b == base) {
                Some((_, n)) => *n += 1,
                None => groups.push((base.to_string(), 1)),
            }
        }
    }
    let sizes: Vec<usize> = groups.iter().map(|(_, n)| *n).collect();
    assert_eq!(sizes, [2, 2, 2, 2, 2], "{groups:?}");
    let text = |front_start: &str| {
        all.iter()
            .find(|c| c.3.starts_with(front_start))
            .map_or_else(
                || panic!("no card starting {front_start:?}"),
                |c| (c.3.clone(), c.4.clone()),
            )
    };
    assert_eq!(
        text("Which elements make up"),
        (
            "Which elements make up the platinum group?".into(),
            "- ruthenium\n- rhodium\n- palladium\n- osmium\n- iridium\n- platinum".into()
        )
    );
    assert_eq!(
        text("Who painted"),
        (
            "Who painted this?\n\n[image: images/the-siren.jpg]".into(),
            "John William Waterhouse".into()
        )
    );
    assert_eq!(
        text("Ribosomes build"),
        (
            "Ribosomes build proteins by reading [...] (hint: a kind of RNA).".into(),
            "messenger RNA".into()
        )
    );
}

#[test]
fn a_second_import_changes_nothing() {
    let env = Env::new();
    let (cards_dir, vault) = both(&env);
    env.ok(
        &["import", &cards_dir, &vault, "--with-scheduling"],
        DAY1,
        "",
    );
    let before = dump(&env);
    let out = env.ok(
        &["import", &cards_dir, &vault, "--with-scheduling"],
        DAY2,
        "",
    );
    assert!(
        !out.contains("added") && !out.contains("updated") && !out.contains("scheduling"),
        "{out}"
    );
    assert!(out.contains("  biology::cells: 8 unchanged\n"), "{out}");
    assert_eq!(dump(&env), before);
}

#[test]
fn one_bad_file_anywhere_imports_nothing() {
    let env = Env::new();
    let (cards_dir, vault) = both(&env);
    // A good import first: a failed one must leave it exactly as it was.
    env.ok(&["import", &cards_dir, &vault], DAY1, "");
    std::fs::write(
        env.path().join("vault/Chemistry.md"),
        "#flashcards/chemistry\nSymbol of gold::Au\n",
    )
    .unwrap();
    let before = dump(&env);
    std::fs::create_dir_all(env.path().join("cards/Deep/Er")).unwrap();
    std::fs::write(
        env.path().join("cards/Deep/Er/Broken.md"),
        "Q: A question without its answer\n\nQ: Next\nA: here\n",
    )
    .unwrap();
    std::fs::write(
        env.path().join("vault/Schedules.md"),
        "#flashcards\nTerm::definition\n<!--SR:!2026-02-30,3,250-->\n",
    )
    .unwrap();
    let err = env.fails(&["import", &cards_dir, &vault, "--with-scheduling"], DAY1);
    assert_eq!(
        err,
        format!(
            "recall: nothing was imported:\n\
             {cards_dir}/Deep/Er/Broken.md:1: the question has no `A:` answer\n\
             {vault}/Schedules.md:2: the scheduling comment entry `!2026-02-30,3,250` is not `!YYYY-MM-DD,interval,ease`\n"
        )
    );
    assert_eq!(
        dump(&env),
        before,
        "the good files' changes are not written either"
    );
    // Without --with-scheduling the comment is not read, and only the first file fails.
    let err = env.fails(&["import", &cards_dir, &vault], DAY1);
    assert!(!err.contains("Schedules.md"), "{err}");
    assert!(err.contains("Broken.md:1:"), "{err}");
    assert_eq!(dump(&env), before);
    assert_eq!(user_cards(&env), 22);
}

#[test]
fn a_dry_run_shows_the_plan_and_writes_nothing() {
    let env = Env::new();
    let (cards_dir, vault) = both(&env);
    let out = env.ok(
        &[
            "import",
            &cards_dir,
            &vault,
            "--dry-run",
            "--with-scheduling",
        ],
        DAY1,
        "",
    );
    assert!(
        out.starts_with(
            "Dry run of 4 files: nothing was written. The import would make these changes:\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "  biology::cells (new deck): 8 added, 0 updated, 0 unchanged, 0 skipped, 5 with the file's scheduling\n"
        ),
        "{out}"
    );
    assert!(out.contains("2 files with no cards skipped"), "{out}");
    assert_eq!(user_cards(&env), 0);
    assert_eq!(env.count("SELECT count(*) FROM card_state"), 0);
}

#[test]
fn scheduling_comments_become_sm2_state() {
    let env = Env::new();
    let (_, vault) = both(&env);
    let out = env.ok(&["import", &vault, "--with-scheduling"], DAY1, "");
    assert!(
        out.contains("8 added, 5 with the file's scheduling"),
        "{out}"
    );
    let conn = env.sql();
    let mut stmt = conn
        .prepare(
            "SELECT c.front, s.reps, s.ef, s.interval_days, s.due_day, s.lapses, s.mastered
             FROM card_state s JOIN cards c ON c.id = s.card_id ORDER BY c.ord",
        )
        .unwrap();
    let rows: Vec<(String, i64, i64, i64, i64, i64, bool)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // Study days since 1970-01-01: 2026-12-10 is 20_797.
    let row =
        |f: &str, reps, ef, ivl, due, mastered| (f.to_string(), reps, ef, ivl, due, 0, mastered);
    assert_eq!(
        rows,
        [
            row(
                "Organelle that makes most of a cell's ATP",
                2,
                250,
                12,
                20_797,
                true
            ),
            row("Cell membrane", 1, 270, 4, 20_791, false),
            row(
                "What does the nucleus of a eukaryotic cell hold?",
                2,
                290,
                30,
                20_807,
                true
            ),
            row(
                "[...] build proteins by reading messenger RNA.",
                1,
                230,
                3,
                20_790,
                false
            ),
            row(
                "Ribosomes build proteins by reading [...] (hint: a kind of RNA).",
                2,
                250,
                6,
                20_793,
                true
            ),
        ]
    );
    // The cards due by 2026-12-04 come up in a review that day, the reverse of `Cell
    // membrane` (never reviewed in Obsidian) among the new ones.
    let due = env.json(&["cards", "--due", "--json"], "2026-12-04T10:00:00Z");
    let fronts: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["front"].as_str())
        .filter(|f| !f.contains("AI") && f.len() < 60)
        .collect();
    assert!(fronts.contains(&"Cell membrane"), "{fronts:?}");
    assert!(
        fronts.contains(&"[...] build proteins by reading messenger RNA."),
        "{fronts:?}"
    );
    assert!(
        !fronts.contains(&"Organelle that makes most of a cell's ATP"),
        "{fronts:?}"
    );
}

#[test]
fn editing_a_note_updates_its_cards_instead_of_duplicating_them() {
    let env = Env::new();
    let (_, vault) = both(&env);
    env.ok(&["import", &vault], DAY1, "");
    let note = env.path().join("vault/Chemistry.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(
        &note,
        text.replace("Symbol of iron::Fe", "Symbol of iron::Fe (ferrum)"),
    )
    .unwrap();
    let out = env.ok(&["import", &vault], DAY2, "");
    assert!(
        out.contains("  chemistry: 1 updated, 2 unchanged\n"),
        "{out}"
    );
    assert_eq!(user_cards(&env), 13);
}

#[test]
fn a_folder_mixing_both_kinds_reads_each_file_as_its_tool_wrote_it() {
    let env = Env::new();
    let mixed = env.path().join("mixed");
    std::fs::create_dir_all(&mixed).unwrap();
    std::fs::copy(
        fixture("hashcards/Chemistry.md"),
        mixed.join("Chemistry.md"),
    )
    .unwrap();
    std::fs::copy(fixture("vault/Biology/Cells.md"), mixed.join("Cells.md")).unwrap();
    // No `.obsidian` folder: each file's format is told by its content (the tag).
    let out = env.ok(&["import", &mixed.display().to_string()], DAY1, "");
    assert!(
        out.starts_with("Imported 2 files in one transaction:\n"),
        "{out}"
    );
    assert!(out.contains("  Chemistry (new deck): 7 added\n"), "{out}");
    assert!(
        out.contains("  biology::cells (new deck): 8 added\n"),
        "{out}"
    );
}

#[test]
fn files_without_cards_are_errors_only_when_named() {
    let env = Env::new();
    let (cards_dir, vault) = both(&env);
    let readme = format!("{cards_dir}/README.md");
    let err = env.fails(&["import", &readme], DAY1);
    assert!(
        err.contains("README.md:3: this line belongs to no card"),
        "{err}"
    );
    let daily = format!("{vault}/Daily/2026-11-30.md");
    let err = env.fails(&["import", &daily, "--format", "obsidian"], DAY1);
    assert!(
        err.contains("2026-11-30.md: the file has no cards: the note has no #flashcards tag"),
        "{err}"
    );
    // A folder whose every file has no cards imports nothing and says why.
    let empty = env.path().join("notes");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(empty.join("a.md"), "# Just a note\n").unwrap();
    let err = env.fails(&["import", &empty.display().to_string()], DAY1);
    assert_eq!(
        err,
        "recall: nothing was imported: none of the 1 Markdown files found holds cards (Obsidian notes need a #flashcards tag)\n"
    );
    let err = env.fails(
        &["import", &env.path().join("nowhere").display().to_string()],
        DAY1,
    );
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn cloze_cards_imported_before_siblings_shared_an_id_keep_their_progress() {
    let env = Env::new();
    // What the release before wrote for a two-deletion `C:` line: one id per front.
    let old = |front: &str| recall::formats::derived_guid("Geography", front);
    let fronts = [
        "[...] is the capital of Australia.",
        "Canberra is the capital of [...].",
    ];
    let mut toml = String::from("name = \"Geography\"\n");
    for (front, back) in fronts.iter().zip(["Canberra", "Australia"]) {
        toml.push_str(&format!(
            "\n[[cards]]\nid = {:?}\nkind = \"cloze\"\nfront = {front:?}\nback = {back:?}\n",
            old(front)
        ));
    }
    let deck = env.write("geo.toml", &toml);
    env.ok(&["import", deck.to_str().unwrap()], DAY1, "");
    env.ok(
        &["review", "--deck", "Geography", "--new", "2"],
        DAY1,
        "\n5\n\n4\n",
    );
    assert_eq!(env.count("SELECT count(*) FROM card_state"), 2);
    let md = env.write(
        "geo.md",
        "---\nname = \"Geography\"\n---\nC: [Canberra] is the capital of [Australia].\n",
    );
    let out = env.ok(&["import", md.to_str().unwrap()], DAY2, "");
    assert_eq!(
        out,
        "Imported 1 file in one transaction:\n  Geography: 2 unchanged\n"
    );
    let guids: Vec<String> = cards(&env).into_iter().map(|c| c.2).collect();
    assert_eq!(guids.len(), 2);
    assert!(
        guids[0].ends_with("/c1") && guids[1].ends_with("/c2"),
        "{guids:?}"
    );
    assert_eq!(env.count("SELECT count(*) FROM card_state"), 2);
}

#[test]
fn imported_clozes_are_asked_with_their_hint_and_revealed_whole() {
    let env = Env::new();
    let (_, vault) = both(&env);
    env.ok(&["import", &vault], DAY1, "");
    // The note's first six cards, then its two cloze siblings.
    let out = env.ok(
        &["review", "--deck", "biology::cells", "--new", "8"],
        DAY1,
        &"\n5\n".repeat(8),
    );
    assert!(
        out.contains("Ribosomes build proteins by reading [...] (hint: a kind of RNA)."),
        "{out}"
    );
    let answers: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Answer: Ribosomes"))
        .collect();
    assert_eq!(
        answers,
        [
            "Answer: Ribosomes build proteins by reading messenger RNA.",
            "Answer: Ribosomes build proteins by reading messenger RNA.",
        ],
        "{out}"
    );
}
