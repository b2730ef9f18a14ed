//! Upgrades of real databases: each fixture under tests/fixtures/upgrade/ is a database an
//! older release filled through its own command line (a month of sessions, lapses, level
//! changes, suspended cards, drills), with what that release showed of it. The current
//! binary opens a copy, migrates it, and must show the same: every deck's counts, every
//! card's state, the review log, levels and their history, stats, the due list and the
//! review queue. Fields are compared one by one for what the old release printed, so a
//! field added since does not matter, but a changed count or state does.
//!
//! Every new migration adds a fixture made by the release before it (docs/TESTING.md).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use common::{Env, rows_of};
use recall::store::SCHEMA_VERSION;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/upgrade");

struct Fixture {
    name: String,
    dir: PathBuf,
    meta: Value,
}

impl Fixture {
    fn version(&self) -> i64 {
        self.meta["schema_version"]
            .as_i64()
            .expect("schema_version")
    }

    fn observed(&self, set: &str, file: &str) -> String {
        let path = self.dir.join("observed").join(set).join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn observed_json(&self, set: &str, file: &str) -> Value {
        let text = self.observed(set, file);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}/{set}/{file}: {e}", self.name))
    }

    fn times(&self) -> Vec<(String, String)> {
        self.meta["observed_at"]
            .as_object()
            .expect("observed_at")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("a time").to_string()))
            .collect()
    }
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(FIXTURES).expect("tests/fixtures/upgrade") {
        let dir = entry.expect("a directory entry").path();
        let meta = dir.join("meta.json");
        if !meta.is_file() {
            continue;
        }
        let meta: Value = serde_json::from_str(&std::fs::read_to_string(&meta).expect("meta.json"))
            .expect("meta.json is JSON");
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        out.push(Fixture { name, dir, meta });
    }
    out.sort_by_key(Fixture::version);
    out
}

/// The fixture made by the release with schema `version`.
fn fixture(version: i64) -> Fixture {
    fixtures()
        .into_iter()
        .find(|f| f.version() == version)
        .unwrap_or_else(|| panic!("the schema-{version} fixture"))
}

/// A copy of the fixture's database in a temporary folder (the fixture stays untouched).
fn open_copy(f: &Fixture) -> Env {
    let env = Env::new();
    std::fs::copy(f.dir.join("recall.db"), &env.db).expect("copy the fixture");
    let found: i64 = env
        .sql()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    assert_eq!(
        found,
        f.version(),
        "{}: the database is its version",
        f.name
    );
    env
}

/// Differences between what the old release showed and what this binary shows.
struct Diffs {
    fixture: String,
    found: Vec<String>,
    /// Decks the built-in guide makes: their text may be refreshed by a newer binary.
    builtin: BTreeSet<String>,
    /// The fixture predates levels from retention (migration 6): what a stage counts as
    /// mastered changed by design, for every deck. The test below checks the new counts.
    retention_counts_new: bool,
}

/// Text fields of built-in cards and decks, which a newer binary updates by design.
const BUILTIN_TEXT: &[&str] = &["front", "back", "description", "choices", "tags"];

/// Per-stage counts of built-in skills, which a newer guide changes by design: it adds
/// questions, and since schema 4 cards tagged `resources` no longer count toward a level.
/// The level itself, and every card's own state, must still be what they were.
const BUILTIN_LEVEL_COUNTS: &[&str] = &["stages", "needed_to_rise"];

impl Diffs {
    /// Every field of `old`, recursively, must be in `new` with the same value; `new`
    /// may hold more fields. Arrays must have the same length.
    fn same(&mut self, what: &str, old: &Value, new: &Value) {
        match (old, new) {
            (Value::Object(o), Value::Object(n)) => {
                let named = |key: &str| {
                    o.get(key)
                        .and_then(Value::as_str)
                        .is_some_and(|d| self.builtin.contains(d))
                };
                let builtin = o.get("origin").and_then(Value::as_str) == Some("builtin")
                    || named("deck")
                    || named("name");
                for (k, v) in o {
                    if builtin
                        && (BUILTIN_TEXT.contains(&k.as_str())
                            || BUILTIN_LEVEL_COUNTS.contains(&k.as_str()))
                    {
                        continue;
                    }
                    if self.retention_counts_new && BUILTIN_LEVEL_COUNTS.contains(&k.as_str()) {
                        continue;
                    }
                    match n.get(k) {
                        Some(nv) => self.same(&format!("{what}.{k}"), v, nv),
                        None => self.found.push(format!("{what}.{k}: gone (was {v})")),
                    }
                }
            }
            (Value::Array(o), Value::Array(n)) if o.len() == n.len() => {
                for (i, (ov, nv)) in o.iter().zip(n).enumerate() {
                    self.same(&format!("{what}[{i}]"), ov, nv);
                }
            }
            (Value::Array(o), Value::Array(n)) => {
                self.found
                    .push(format!("{what}: {} entries, was {}", n.len(), o.len()));
            }
            (Value::Number(o), Value::Number(n)) if o.as_f64() == n.as_f64() => {}
            _ if old == new => {}
            _ => self.found.push(format!("{what}: {new}, was {old}")),
        }
    }

    /// Lists keyed by a field, compared entry by entry, and in the same order (built-in
    /// cards aside: a newer guide may reorder its own deck files).
    fn same_list(&mut self, what: &str, key: &str, old: &Value, new: &Value) {
        let index = |v: &Value| -> Vec<(String, Value)> {
            v.as_array()
                .unwrap_or_else(|| panic!("{what}: a list"))
                .iter()
                .map(|e| (e[key].as_str().expect("a key").to_string(), e.clone()))
                .collect()
        };
        let (old, new) = (index(old), index(new));
        let new_map: HashMap<&str, &Value> = new.iter().map(|(k, v)| (k.as_str(), v)).collect();
        for (k, v) in &old {
            match new_map.get(k.as_str()) {
                Some(n) => self.same(&format!("{what}[{k}]"), v, n),
                None => self.found.push(format!("{what}[{k}]: gone")),
            }
        }
        let ordered = |e: &Value| {
            !e.get("deck")
                .and_then(Value::as_str)
                .is_some_and(|d| self.builtin.contains(d))
        };
        let old_keys: BTreeSet<&str> = old
            .iter()
            .filter(|(_, e)| ordered(e))
            .map(|(k, _)| k.as_str())
            .collect();
        let order: Vec<&str> = new
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| old_keys.contains(k))
            .collect();
        let old_order: Vec<&str> = old
            .iter()
            .filter(|(_, e)| ordered(e))
            .map(|(k, _)| k.as_str())
            .collect();
        if order != old_order && order.len() == old_order.len() {
            self.found.push(format!("{what}: listed in another order"));
        }
    }

    /// Fails with the differences: the first few of each observation.
    fn check(self) {
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        let mut lines = Vec::new();
        for f in &self.found {
            let group = f.split(['[', '.']).next().unwrap_or(f);
            let n = shown.entry(group).or_insert(0);
            *n += 1;
            if *n <= 3 {
                lines.push(f.as_str());
            }
        }
        assert!(
            self.found.is_empty(),
            "{}: {} differences after the upgrade; the first of each kind:\n  {}",
            self.fixture,
            self.found.len(),
            lines.join("\n  ")
        );
    }
}

/// Rows of a CSV text as column → value maps.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().expect("a header row").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("a CSV row");
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// CSV rows compared column by column, for the columns the old release wrote.
fn same_csv(d: &mut Diffs, what: &str, old: &str, new: &str) {
    let (old, new) = (csv_rows(old), csv_rows(new));
    if old.len() != new.len() {
        d.found
            .push(format!("{what}: {} rows, was {}", new.len(), old.len()));
        return;
    }
    for (i, (o, n)) in old.iter().zip(&new).enumerate() {
        for (col, v) in o {
            if n.get(col) != Some(v) {
                d.found.push(format!(
                    "{what} row {}: {col} = {:?}, was {v:?}",
                    i + 1,
                    n.get(col)
                ));
            }
        }
    }
}

/// Cards this binary lists that the old release did not: only new cards of built-in decks
/// (a newer guide) may appear. Returns how many per deck and stage.
fn added_cards(d: &mut Diffs, old: &Value, new: &Value) -> BTreeMap<(String, u64), u64> {
    let old_ids: BTreeSet<&str> = old
        .as_array()
        .expect("cards")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    let mut added = BTreeMap::new();
    for c in new.as_array().expect("cards") {
        let id = c["id"].as_str().expect("an id");
        if old_ids.contains(id) {
            continue;
        }
        let deck = c["deck"].as_str().expect("a deck").to_string();
        if !d.builtin.contains(&deck) || !c["state"].is_null() {
            d.found
                .push(format!("cards[{id}]: appeared after the upgrade: {c}"));
        }
        *added
            .entry((deck, c["stage"].as_u64().expect("a stage")))
            .or_insert(0) += 1;
    }
    added
}

/// What the old release showed, with counts raised by cards a newer guide added.
fn with_added(mut old: Value, added: &BTreeMap<(String, u64), u64>, field: &str) -> Value {
    let in_deck = |deck: &str, stage: Option<u64>| -> u64 {
        added
            .iter()
            .filter(|((d, s), _)| d == deck && stage.is_none_or(|st| st == *s))
            .map(|(_, n)| n)
            .sum()
    };
    let bump = |v: Option<&mut Value>, by: u64| {
        if let Some(v) = v
            && let Some(n) = v.as_u64()
        {
            *v = Value::from(n + by);
        }
    };
    for entry in old.as_array_mut().into_iter().flatten() {
        let name = entry["name"].as_str().unwrap_or_default().to_string();
        let n = in_deck(&name, None);
        bump(entry.get_mut(field), n);
        bump(entry.get_mut("new"), n);
        let stages = entry.get_mut("stages").and_then(Value::as_array_mut);
        for st in stages.into_iter().flatten() {
            let n = in_deck(&name, st["stage"].as_u64());
            bump(st.get_mut("cards"), n);
        }
    }
    old
}

/// The first line of a review session's screen: `[1/N] …`, or that nothing is due.
fn first_screen(text: &str) -> String {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

#[allow(clippy::too_many_lines)] // every observation of a fixture, one after another
fn check_fixture(f: &Fixture) {
    let env = open_copy(f);
    let later = f.meta["observed_at"]["later"]
        .as_str()
        .expect("a `later` time")
        .to_string();
    let first = f.times()[0].1.clone();
    let old_decks = f.observed_json(&f.times()[0].0, "decks.json");
    let builtin = old_decks
        .as_array()
        .expect("decks")
        .iter()
        .filter(|d| d["origin"] == "builtin")
        .filter_map(|d| d["name"].as_str().map(str::to_string))
        .collect();
    let mut d = Diffs {
        fixture: f.name.clone(),
        found: Vec::new(),
        builtin,
        retention_counts_new: !has_retention(&f.dir.join("recall.db")),
    };

    // The first command migrates, keeping a copy of the database as it was.
    let old_cards = f.observed_json("all", "cards.json");
    let new_cards = env.json(&["cards", "--suspended", "--json"], &first);
    if f.version() < SCHEMA_VERSION {
        let backup = env
            .path()
            .join(format!("recall.db.schema-{}.bak", f.version()));
        assert!(backup.is_file(), "{}: a backup before the upgrade", f.name);
    }
    let added = added_cards(&mut d, &old_cards, &new_cards);
    d.same_list("cards", "id", &old_cards, &new_cards);
    for (set, now) in f.times() {
        let what = |file: &str| format!("{set}: {file}");
        let old = with_added(f.observed_json(&set, "decks.json"), &added, "cards");
        d.same_list(
            &what("decks"),
            "name",
            &old,
            &env.json(&["decks", "--json"], &now),
        );
        let old = f.observed_json(&set, "due.json");
        d.same_list(
            &what("cards --due"),
            "id",
            &old,
            &env.json(&["cards", "--due", "--json"], &now),
        );
        let old = with_added(f.observed_json(&set, "skills.json"), &added, "cards");
        d.same_list(
            &what("skills"),
            "name",
            &old,
            &env.json(&["skills", "--json"], &now),
        );
        let total_added: u64 = added.values().sum();
        for (file, args) in [
            ("stats.json", vec!["stats", "--json"]),
            (
                "stats-spanish.json",
                vec!["stats", "--deck", "spanish", "--json"],
            ),
        ] {
            let mut old = f.observed_json(&set, file);
            if file == "stats.json" && total_added > 0 {
                for k in ["total", "new"] {
                    let n = old["cards"][k].as_u64().unwrap_or(0);
                    old["cards"][k] = Value::from(n + total_added);
                }
                old["skills"] = with_added(old["skills"].take(), &added, "cards");
            }
            d.same(&what(file), &old, &env.json(&args, &now));
        }
        if total_added == 0 {
            let old = first_screen(&f.observed(&set, "review.txt"));
            let new = first_screen(&env.ok(&["review"], &now, ":quit\n"));
            if old != new {
                d.found
                    .push(format!("{set}: review starts with `{new}`, was `{old}`"));
            }
        }
    }
    same_csv(
        &mut d,
        "export --reviews",
        &f.observed("all", "reviews.csv"),
        &env.ok(&["export", "--reviews"], &later, ""),
    );
    same_csv(
        &mut d,
        "export --deck spanish",
        &f.observed("all", "export-spanish.csv"),
        &env.ok(
            &["export", "--deck", "spanish", "--format", "csv"],
            &later,
            "",
        ),
    );
    let history = f.observed_json("all", "skill-history.json");
    for (skill, old) in history.as_object().expect("history") {
        let new = env.ok(&["skills", "--history", skill], &later, "");
        // Word by word: the text is the same, its lines are the screen's (wrapped to the
        // width since issue 17; the old release never wrapped).
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        if words(old.as_str().expect("text")) != words(&new) {
            d.found
                .push(format!("skills --history {skill}:\n{new}was\n{old}"));
        }
    }
    for (id, old) in f
        .observed_json("all", "info.json")
        .as_object()
        .expect("info")
    {
        let new = env.json(&["info", id, "--json"], &later);
        d.same(&format!("info {id}"), old, &new);
    }
    let mut check = f.observed_json("all", "check.json");
    check["schema_version"] = Value::from(SCHEMA_VERSION);
    let total_added: u64 = added.values().sum();
    let cards = check["cards"].as_u64().unwrap_or(0);
    check["cards"] = Value::from(cards + total_added);
    // The releases that made the fixtures checked links between tables (and, from
    // schema 9, the search index) in the plain check; since issue 19 the quick check
    // leaves those to `--full`, so the full check is the one to compare with.
    d.same(
        "check",
        &check,
        &env.json(&["check", "--full", "--json"], &later),
    );

    d.check();
}

/// A fixture's database, read from a copy: `SQLite` in WAL mode writes `-shm` and `-wal`
/// files beside any database it opens, and tests never write into the repository.
fn read_copy(db: &std::path::Path) -> (tempfile::TempDir, rusqlite::Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("recall.db");
    std::fs::copy(db, &copy).expect("copy the fixture");
    let conn = rusqlite::Connection::open(&copy).expect("open the copy");
    (dir, conn)
}

/// Whether a database already keeps how long each card was retained.
fn has_retention(db: &std::path::Path) -> bool {
    let (_dir, conn) = read_copy(db);
    let mut stmt = conn
        .prepare("SELECT 1 FROM pragma_table_info('card_state') WHERE name = 'retained_days'")
        .expect("table_info");
    stmt.exists([]).expect("table_info")
}

/// One logged answer of a fixture, as the old release wrote it.
struct Logged {
    card: i64,
    day: i64,
    quality: u8,
    at: i64,
    new_card: bool,
    /// The answer changed the card's schedule (a review, or a drill with --reschedule).
    scheduled: bool,
    new_interval: Option<u32>,
    new_due: Option<i64>,
}

/// Every card's retention as SM-2 computes it, replaying the fixture's log answer by answer
/// (the migration instead reads it off the logged states in SQL).
fn replayed_retention(db: &std::path::Path) -> BTreeMap<i64, u32> {
    use recall::core::schedule::{CardState, Quality};
    let (_dir, conn) = read_copy(db);
    let mut stmt = conn
        .prepare(
            "SELECT card_id, day, quality, reviewed_at, prev_reps IS NULL,
                    new_reps IS NOT NULL AND (prev_reps IS NULL OR new_reps IS NOT prev_reps
                      OR new_ef IS NOT prev_ef OR new_interval IS NOT prev_interval
                      OR new_due_day IS NOT prev_due_day OR new_lapses IS NOT prev_lapses),
                    new_interval, new_due_day
             FROM reviews ORDER BY id",
        )
        .expect("the log");
    let rows = stmt
        .query_map([], |r| {
            Ok(Logged {
                card: r.get(0)?,
                day: r.get(1)?,
                quality: r.get(2)?,
                at: r.get(3)?,
                new_card: r.get(4)?,
                scheduled: r.get(5)?,
                new_interval: r.get(6)?,
                new_due: r.get(7)?,
            })
        })
        .expect("the log");
    let mut states: BTreeMap<i64, CardState> = BTreeMap::new();
    for row in rows {
        let row = row.expect("a row");
        if !row.scheduled {
            continue;
        }
        let prev = if row.new_card {
            None
        } else {
            states.get(&row.card)
        };
        let next = recall::core::sm2::answer(prev, Quality::clamped(row.quality), row.day, row.at);
        // The replay is faithful: it lands where the old release did.
        assert_eq!(
            (Some(next.interval_days), Some(next.due_day)),
            (row.new_interval, row.new_due),
            "card {} on day {}",
            row.card,
            row.day
        );
        states.insert(row.card, next);
    }
    states
        .into_iter()
        .map(|(card, s)| (card, s.retained_days))
        .collect()
}

/// Right after the upgrade, every card's retention is what SM-2 gives replaying its
/// answers, and `skills` counts, per stage, the cards retained long enough for it (7
/// days; 21 for Advanced) — the level figures are real from the first command on.
#[test]
fn retention_and_level_counts_are_right_straight_after_the_upgrade() {
    let mut checked = 0;
    for f in fixtures() {
        let db = f.dir.join("recall.db");
        if has_retention(&db) {
            continue;
        }
        let replayed = replayed_retention(&db);
        let env = open_copy(&f);
        let later = f.meta["observed_at"]["later"]
            .as_str()
            .expect("later")
            .to_string();
        let skills = env.json(&["skills", "--json"], &later);
        let conn = env.sql();
        let mut stmt = conn
            .prepare(
                "SELECT s.card_id, s.retained_days, d.name, c.stage, c.levelled AND NOT c.suspended
                 FROM card_state s JOIN cards c ON c.id = s.card_id JOIN decks d ON d.id = c.deck_id",
            )
            .expect("states");
        let mut counts: BTreeMap<(String, u8), u64> = BTreeMap::new();
        let mut retained_cards = 0;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u8>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })
            .expect("states");
        for row in rows {
            let (card, days, deck, stage, counts_toward) = row.expect("a state");
            assert_eq!(
                Some(&days),
                replayed.get(&card),
                "{}: card {card}'s retention",
                f.name
            );
            let needed = if stage == 3 { 21 } else { 7 };
            if counts_toward && days >= needed {
                *counts.entry((deck, stage)).or_default() += 1;
            }
            retained_cards += u64::from(days > 0);
        }
        assert!(
            retained_cards >= 20,
            "{}: a real history ({retained_cards} retained)",
            f.name
        );
        for skill in skills.as_array().expect("skills") {
            let name = skill["name"].as_str().expect("a name");
            for st in skill["stages"].as_array().expect("stages") {
                let stage = st["stage"].as_u64().expect("a stage") as u8;
                let expected = counts.get(&(name.to_string(), stage)).copied().unwrap_or(0);
                assert_eq!(st["mastered"], expected, "{}: {name} stage {stage}", f.name);
            }
        }
        checked += 1;
    }
    assert!(checked >= 1, "no fixture from before retention");
}

#[test]
fn every_fixture_shows_the_same_after_the_upgrade() {
    let all = fixtures();
    assert!(!all.is_empty(), "no fixtures in {FIXTURES}");
    for f in &all {
        check_fixture(f);
    }
}

#[test]
fn the_newest_migration_has_a_fixture_from_the_release_before_it() {
    let versions: Vec<i64> = fixtures().iter().map(Fixture::version).collect();
    for v in [SCHEMA_VERSION - 1, SCHEMA_VERSION] {
        assert!(
            versions.contains(&v),
            "no upgrade fixture of schema {v} (fixtures: {versions:?}); \
             tests/fixtures/upgrade/make.sh makes one, see docs/TESTING.md"
        );
    }
}

#[test]
fn the_fixtures_hold_a_real_history() {
    // What makes an upgrade test worth running: cards in every state, a long log, levels.
    for f in fixtures() {
        let c = &f.meta["counts"];
        let at_least = |k: &str, n: i64| {
            let got = c[k].as_i64().unwrap_or(0);
            assert!(got >= n, "{}: {k} = {got}, expected at least {n}", f.name);
        };
        at_least("reviews", 300);
        // Levels from retention (schema 6 on) take weeks of good answers to move: a month of
        // random grades changes one, where the cheaper levels before changed five or more.
        let changes = if has_retention(&f.dir.join("recall.db")) {
            1
        } else {
            5
        };
        at_least("level_events", changes);
        at_least("lapsed cards", 10);
        at_least("suspended cards", 1);
        at_least("drill answers", 5);
        at_least("decks", 17);
        let later = f.observed_json("later", "decks.json");
        let due: u64 = later
            .as_array()
            .expect("decks")
            .iter()
            .filter_map(|d| d["due"].as_u64())
            .sum();
        assert!(due >= 10, "{}: {due} cards due when observed", f.name);
        let cards = f.observed_json("all", "cards.json");
        let states: BTreeSet<&str> = cards
            .as_array()
            .expect("cards")
            .iter()
            .map(|c| match &c["state"] {
                Value::Null => "new",
                s if s["reps"] == 1 => "learning",
                _ => "review",
            })
            .collect();
        assert_eq!(states.len(), 3, "{}: {states:?}", f.name);
    }
}

/// Rows of every table, and the names of every index and trigger, of a database.
/// Objects migration 11 (sync) added, for tests of the migrations before it that open
/// the database with the current recall (which runs migration 11 too).
const SYNC_OBJECTS: &[&str] = &[
    "events",
    "sync_device",
    "sync_journals",
    "sync_new_cards",
    "index events_key",
    "view answer_events",
    "view card_events",
    "trigger reviews_minted",
    "trigger reviews_numbers_freed",
    "trigger cards_event_added",
    "trigger cards_event_changed",
];

fn without_sync(
    (mut rows, others): (BTreeMap<String, i64>, Vec<String>),
) -> (BTreeMap<String, i64>, Vec<String>) {
    rows.retain(|name, _| !SYNC_OBJECTS.contains(&name.as_str()));
    let others = others
        .into_iter()
        .filter(|o| !SYNC_OBJECTS.contains(&o.as_str()))
        .collect();
    (rows, others)
}

fn inventory(conn: &rusqlite::Connection) -> (BTreeMap<String, i64>, Vec<String>) {
    let names: Vec<(String, String)> = conn
        .prepare(
            "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .expect("schema")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("schema rows")
        .map(|r| r.expect("a schema row"))
        .collect();
    let mut rows = BTreeMap::new();
    let mut others = Vec::new();
    for (kind, name) in names {
        if kind == "table" {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get(0)
                })
                .expect("count");
            rows.insert(name, n);
        } else {
            others.push(format!("{kind} {name}"));
        }
    }
    (rows, others)
}

#[test]
fn migration_5_rebuilds_cards_on_schema_4_keeping_every_row_state_and_review() {
    let f = fixture(4);
    let env = open_copy(&f);
    let (rows_before, schema_before) = inventory(&env.sql());
    let exact: Vec<(i64, String, String, String, String)> = {
        let c = env.sql();
        let mut stmt = c
            .prepare("SELECT id, guid, kind, front, back FROM cards ORDER BY id")
            .expect("cards");
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .map(|r| r.expect("a card"))
        .collect()
    };
    // A read that migrates: the built-in decks are then refreshed, which is checked
    // elsewhere; here only the migration, so the database is opened by the store alone.
    drop(recall::store::Store::open(&env.db).expect("the store migrates schema 4"));
    let conn = env.sql();
    let (rows_after, schema_after) = inventory(&conn);
    // Later migrations may add tables, indexes or triggers; none may lose any.
    for (table, n) in &rows_before {
        assert_eq!(rows_after.get(table), Some(n), "{table} keeps its rows");
    }
    for object in &schema_before {
        assert!(schema_after.contains(object), "{object} is there again");
    }
    let after: Vec<(i64, String, String, String, String)> = {
        let mut stmt = conn
            .prepare("SELECT id, guid, kind, front, back FROM cards ORDER BY id")
            .expect("cards");
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("rows")
        .map(|r| r.expect("a card"))
        .collect()
    };
    assert_eq!(after, exact, "every card keeps its id and text");
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign key check");
    assert_eq!(orphans, 0);
    let placed: i64 = conn
        .query_row(
            "SELECT count(*) FROM card_state s JOIN cards c ON c.id = s.card_id
             WHERE s.deck_id = c.deck_id AND s.stage = c.stage AND s.suspended = c.suspended
               AND s.levelled = c.levelled",
            [],
            |r| r.get(0),
        )
        .expect("placement");
    assert_eq!(
        placed, rows_before["card_state"],
        "every state still matches its card"
    );
    let notes: i64 = conn
        .query_row(
            "SELECT count(*) FROM cards WHERE note = '' AND ordered IS NULL AND db IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("new columns");
    assert_eq!(notes, rows_before["cards"], "the new columns start empty");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
}

/// Migration 7 (the trash) on the database the release before it (schema 6) filled: a card with a
/// long history, and a whole deck with its level history, go to the trash and come back
/// exactly as they were.
#[test]
fn cards_of_an_upgraded_database_can_be_deleted_and_restored() {
    let f = fixture(6);
    let env = open_copy(&f);
    let at = "2026-03-31T21:00:00Z";
    let reviews = env.count("SELECT count(*) FROM reviews");
    assert!(reviews >= 300, "a real history: {reviews} answers");
    // The card answered most often, and a deck with level changes.
    let conn = env.sql();
    let (card, answers): (String, i64) = conn
        .query_row(
            "SELECT c.guid, count(*) FROM reviews r JOIN cards c ON c.id = r.card_id
             GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let deck: String = conn
        .query_row(
            "SELECT d.name FROM level_events e JOIN decks d ON d.id = e.deck_id
             GROUP BY d.id ORDER BY count(*) DESC, d.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    assert!(answers >= 5, "{card}: {answers} answers");
    let info = env.json(&["info", &card, "--json"], at);
    let decks = env.json(&["decks", "--json"], at);
    let history = env.ok(&["skills", "--history", &deck], at, "");
    let log = env.ok(&["export", "--reviews"], at, "");
    env.ok(&["delete", "--yes", &card], at, "");
    assert_eq!(env.count("SELECT count(*) FROM reviews"), reviews - answers);
    env.ok(&["trash", "restore", &card], at, "");
    assert_eq!(env.json(&["info", &card, "--json"], at), info);
    env.ok(&["delete", "--yes", "--deck", &deck], at, "");
    assert!(
        env.fails(&["skills", "--history", &deck], at)
            .contains(&deck[..4])
    );
    env.ok(&["trash", "restore", "--all"], at, "");
    assert_eq!(env.json(&["decks", "--json"], at), decks);
    assert_eq!(env.ok(&["skills", "--history", &deck], at, ""), history);
    assert_eq!(env.ok(&["export", "--reviews"], at, ""), log);
    assert_eq!(env.count("SELECT count(*) FROM trash_cards"), 0);
}

#[test]
fn migration_8_on_schema_6_adds_fsrs_memory_empty_and_keeps_every_state_and_answer() {
    let f = fixture(6);
    let env = open_copy(&f);
    let states = "SELECT card_id, reps, ef, interval_days, due_day, lapses, last_quality,
                         last_reviewed_at, mastered, retained_days, deck_id, stage, suspended,
                         levelled FROM card_state ORDER BY card_id";
    let answers = "SELECT id, card_id, reviewed_at, day, quality, mode, duration_ms, answer,
                          asked, prev_reps, prev_ef, prev_interval, prev_due_day, new_reps,
                          new_ef, new_interval, new_due_day, new_retained_days
                   FROM reviews ORDER BY id";
    let (states_before, answers_before) = {
        let c = env.sql();
        (rows_of(&c, states), rows_of(&c, answers))
    };
    assert_eq!((states_before.len(), answers_before.len()), (152, 808));
    drop(recall::store::Store::open(&env.db).expect("the store migrates schema 6"));
    let conn = env.sql();
    assert_eq!(rows_of(&conn, states), states_before);
    assert_eq!(rows_of(&conn, answers), answers_before);
    let empty = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
    assert_eq!(
        empty(
            "SELECT count(*) FROM card_state WHERE stability IS NOT NULL OR difficulty IS NOT NULL"
        ),
        0,
        "no FSRS memory until a switch computes it"
    );
    assert_eq!(
        empty(
            "SELECT count(*) FROM reviews WHERE prev_stability IS NOT NULL
               OR new_stability IS NOT NULL OR prev_difficulty IS NOT NULL
               OR new_difficulty IS NOT NULL"
        ),
        0
    );
    assert_eq!(empty("SELECT count(*) FROM sm2_parked"), 0);
    assert_eq!(
        empty("SELECT count(*) FROM sqlite_master WHERE name = 'reviews_card_time'"),
        1
    );
    assert_eq!(empty("PRAGMA user_version"), SCHEMA_VERSION);
}

#[test]
fn migration_9_indexes_every_card_of_schema_6_for_search() {
    let f = fixture(6);
    let env = open_copy(&f);
    let (rows_before, schema_before) = inventory(&env.sql());
    drop(recall::store::Store::open(&env.db).expect("the store migrates schema 6"));
    let conn = env.sql();
    let (rows_after, schema_after) = inventory(&conn);
    for (table, n) in &rows_before {
        assert_eq!(rows_after.get(table), Some(n), "{table} keeps its rows");
    }
    for object in &schema_before {
        assert!(schema_after.contains(object), "{object} is there again");
    }
    // One index entry per card, and the index matches the cards' text word for word.
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM cards_search_docsize", [], |r| {
            r.get(0)
        })
        .expect("docsize");
    assert_eq!(indexed, rows_before["cards"]);
    conn.execute(
        "INSERT INTO cards_search(cards_search, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the index matches the cards");
    drop(conn);
    // The user's own decks are found through the binary: a CSV card by its back, a
    // Markdown card by its deck and a word, a phrase with an accent folded away.
    let later = f.meta["observed_at"]["later"].as_str().expect("a time");
    let found = |q: &str| -> Vec<String> {
        let v = env.json(&["search", "--json", "--limit", "50", "--", q], later);
        v["cards"]
            .as_array()
            .expect("cards")
            .iter()
            .map(|c| c["front"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found("deck:spanish goodbye"), ["adiós"]);
    assert_eq!(found("adios"), ["adiós"]);
    assert_eq!(found(r#""thanks friend""#), ["gracias, amigo"]);
    assert_eq!(
        found("deck:capitals germany"),
        ["What is the capital of Germany?"]
    );
    // The suspended card of the fixture is found by is:suspended, the lapsed ones by state.
    let suspended = env.json(&["search", "--json", "is:suspended"], later);
    assert_eq!(suspended["total"], 1, "{suspended}");
    let check = env.json(&["check", "--full", "--json"], later);
    assert_eq!(check["search_index"], serde_json::json!([]), "{check}");
}

#[test]
fn migration_10_on_schema_9_places_first_states_once_and_keeps_every_row() {
    let f = fixture(9);
    let env = open_copy(&f);
    let states = "SELECT * FROM card_state ORDER BY card_id";
    let (rows_before, schema_before) = inventory(&env.sql());
    let states_before = rows_of(&env.sql(), states);
    drop(recall::store::Store::open(&env.db).expect("the store migrates schema 9"));
    let conn = env.sql();
    let (rows_after, schema_after) = without_sync(inventory(&conn));
    assert_eq!(rows_after, rows_before, "every table keeps its rows");
    assert_eq!(
        schema_after, schema_before,
        "the same tables, indexes and triggers"
    );
    assert_eq!(
        rows_of(&conn, states),
        states_before,
        "every state as it was"
    );
    let misplaced = "SELECT count(*) FROM card_state s JOIN cards c ON c.id = s.card_id
                     WHERE (s.deck_id, s.stage, s.suspended, s.levelled)
                        IS NOT (c.deck_id, c.stage, c.suspended, c.levelled)";
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
    assert_eq!(count(misplaced), 0);
    // A row inserted without its place (deck 0) is still placed by the trigger, as the
    // trash's restore and an import's first states insert them.
    let (card, deck): (i64, i64) = conn
        .query_row(
            "SELECT id, deck_id FROM cards c
             WHERE NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id) LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a new card");
    conn.execute(
        "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses,
                                 last_quality, last_reviewed_at)
         VALUES (?1, 1, 250, 1, 20000, 0, 4, 0)",
        [card],
    )
    .expect("insert a state without its place");
    let placed: i64 = conn
        .query_row(
            "SELECT deck_id FROM card_state WHERE card_id = ?1",
            [card],
            |r| r.get(0),
        )
        .expect("placed");
    assert_eq!(placed, deck);
    assert_eq!(count(misplaced), 0);
    assert_eq!(count("PRAGMA user_version"), SCHEMA_VERSION);
}

#[test]
fn migration_11_on_schema_10_gives_the_history_event_ids_and_keeps_every_row() {
    let f = fixture(10);
    let env = open_copy(&f);
    let old_reviews = "SELECT id, card_id, reviewed_at, day, quality, mode, duration_ms, answer,
                              prev_reps, prev_ef, prev_due_day, new_reps, new_ef, new_due_day
                       FROM reviews ORDER BY id";
    let states = "SELECT * FROM card_state ORDER BY card_id";
    let (rows_before, schema_before) = inventory(&env.sql());
    let reviews_before = rows_of(&env.sql(), old_reviews);
    let states_before = rows_of(&env.sql(), states);
    drop(recall::store::Store::open(&env.db).expect("the store migrates schema 10"));
    let conn = env.sql();
    assert_eq!(
        without_sync(inventory(&conn)),
        (rows_before, schema_before),
        "every table keeps its rows; only sync's objects are new"
    );
    assert_eq!(
        rows_of(&conn, old_reviews),
        reviews_before,
        "every answer as it was"
    );
    assert_eq!(
        rows_of(&conn, states),
        states_before,
        "every state as it was"
    );
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    // Every answer has an event id and a clock, in the log's order; its row is its event
    // (the body the journal carries is the view's, from the row).
    let reviews = count("SELECT count(*) FROM reviews");
    assert_eq!(reviews, 809);
    assert_eq!(
        count("SELECT count(DISTINCT uid) FROM reviews WHERE hlc IS NOT NULL"),
        reviews
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM reviews a JOIN reviews b ON b.id = a.id + 1 WHERE b.hlc <= a.hlc"
        ),
        0,
        "clocks rise with the log"
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM answer_events e JOIN reviews r ON r.id = e.review_id
               JOIN cards c ON c.id = r.card_id
               WHERE e.id = r.uid AND e.target = c.guid
                 AND json_extract(e.body, '$.quality') = r.quality
                 AND json_extract(e.body, '$.prev_reps') IS r.prev_reps
                 AND json_extract(e.body, '$.new_due_day') IS r.new_due_day
                 AND json_extract(e.body, '$.stepped') = r.stepped"
        ),
        reviews
    );
    assert_eq!(
        count("SELECT count(*) FROM events WHERE kind = 'answer'"),
        0
    );
    // The scheduled answers moved the schedule; SM-2's same-day repeats and plain drills not.
    assert_eq!(
        rows_of(
            &conn,
            "SELECT mode, stepped, count(*) FROM reviews GROUP BY 1, 2 ORDER BY 1, 2"
        ),
        [
            "Text(\"drill\")|Integer(0)|Integer(11)",
            "Text(\"drill\")|Integer(1)|Integer(3)",
            "Text(\"relearn\")|Integer(0)|Integer(234)",
            "Text(\"review\")|Integer(1)|Integer(561)",
        ]
    );
    // The user's own cards (the CSV and Markdown decks) are events; built-in ones are not.
    assert_eq!(
        count("SELECT count(*) FROM events WHERE kind = 'card'"),
        count(
            "SELECT count(*) FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.origin = 'user'"
        )
    );
    assert_eq!(
        count(
            "SELECT journaled_seq + answers_journaled_id + answers_journaled_hlc FROM sync_device"
        ),
        0,
        "the whole history goes out with the first sync"
    );
    assert_eq!(count("SELECT length(device) FROM sync_device"), 16);
    // State = replay: the month's history checks out.
    let check = env.json(&["check", "--full", "--json"], "2026-12-01T09:00:00Z");
    assert_eq!(check["replay_differs"], serde_json::json!([]), "{check}");
    // A second copy upgraded gives the same ids to the same history, and its own device.
    let other = open_copy(&f);
    drop(recall::store::Store::open(&other.db).expect("migrates"));
    let ids = "SELECT id, hlc, kind, target, body FROM events ORDER BY id";
    assert_eq!(rows_of(&other.sql(), ids), rows_of(&conn, ids));
    let answers = "SELECT uid, hlc FROM reviews ORDER BY id";
    assert_eq!(rows_of(&other.sql(), answers), rows_of(&conn, answers));
    assert_ne!(
        rows_of(&other.sql(), "SELECT device FROM sync_device"),
        rows_of(&conn, "SELECT device FROM sync_device")
    );
}
