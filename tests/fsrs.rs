//! FSRS-6 beside SM-2 through the real binary: switching both ways on a database a month
//! of sessions filled (the `schema-6` upgrade fixture), answers under FSRS replayed by SM-2
//! on the way back, a review log carried to a fresh database, and `recall optimize` on a
//! simulated learner, its figures checked against the `fsrs` crate called directly.

mod common;

#[path = "../benches/support/learner.rs"]
mod learner;

use std::collections::BTreeMap;

use common::{Env, deck_toml};
use recall::core::fsrs::evaluate::{dataset, first_tested};
use recall::core::fsrs::history::LoggedAnswer;
use recall::core::model::{CardId, ReviewMode};
use recall::core::schedule::{CardState, Memory, Quality};
use recall::core::sm2;
use serde_json::Value;

/// The evening the schema-6 fixture was last observed.
const FIXTURE_NOW: &str = "2026-03-31T21:00:00Z";

/// SM-2's columns of every card's state, as stored, by card.
fn sm2_states(env: &Env) -> BTreeMap<i64, Vec<rusqlite::types::Value>> {
    let conn = env.sql();
    let mut stmt = conn
        .prepare(
            "SELECT card_id, reps, ef, interval_days, due_day, lapses, last_quality,
                    last_reviewed_at, mastered, retained_days
             FROM card_state ORDER BY card_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let values = (1..10)
            .map(|i| r.get::<_, rusqlite::types::Value>(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((r.get(0)?, values))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn fixture_copy() -> Env {
    let env = Env::new();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/upgrade/schema-6/recall.db"
        ),
        &env.db,
    )
    .unwrap();
    env
}

#[test]
fn switching_to_fsrs_and_back_leaves_every_sm2_state_byte_for_byte() {
    let env = fixture_copy();
    // The first command upgrades the database (migrations 7 and 8).
    let cards_before = env.ok(&["cards", "--suspended", "--json"], FIXTURE_NOW, "");
    let log_before = env.ok(&["export", "--reviews"], FIXTURE_NOW, "");
    let before = sm2_states(&env);
    assert_eq!(before.len(), 152, "the fixture's scheduled cards");

    let out = env.ok(&["config", "set", "scheduler", "fsrs"], FIXTURE_NOW, "");
    assert!(
        out.contains(
            "FSRS-6 now schedules 152 cards: 152 from their own review history, 0 estimated"
        ),
        "{out}"
    );
    assert_eq!(
        env.count(
            "SELECT count(*) FROM card_state WHERE stability > 0 AND difficulty BETWEEN 1 AND 10"
        ),
        152,
        "every card has an FSRS memory"
    );
    assert_eq!(env.count("SELECT count(*) FROM sm2_parked"), 152);
    assert_ne!(
        sm2_states(&env),
        before,
        "FSRS reschedules from its own memory"
    );
    let again = env.ok(&["config", "set", "scheduler", "fsrs"], FIXTURE_NOW, "");
    assert!(again.contains("already fsrs: nothing changed"), "{again}");

    let out = env.ok(&["config", "set", "scheduler", "sm2"], FIXTURE_NOW, "");
    assert!(out.contains("SM-2 schedules 152 cards again"), "{out}");
    assert!(
        out.contains("with 0 scheduled answers given since replayed"),
        "{out}"
    );
    assert_eq!(sm2_states(&env), before, "SM-2's state exactly as it was");
    assert_eq!(env.count("SELECT count(*) FROM sm2_parked"), 0);
    assert_eq!(
        env.ok(&["cards", "--suspended", "--json"], FIXTURE_NOW, ""),
        cards_before
    );
    assert_eq!(
        env.ok(&["export", "--reviews"], FIXTURE_NOW, ""),
        log_before
    );
    assert_eq!(
        env.ok(&["config", "get", "scheduler"], FIXTURE_NOW, ""),
        "sm2\n"
    );
}

/// A state as the store keeps it, read straight from the database.
fn state_of(env: &Env, card: i64) -> CardState {
    env.sql()
        .query_row(
            "SELECT reps, ef, interval_days, due_day, lapses, last_quality, last_reviewed_at,
                    mastered, retained_days FROM card_state WHERE card_id = ?1",
            [card],
            |r| {
                Ok(CardState {
                    reps: r.get(0)?,
                    memory: Memory::sm2(r.get(1)?),
                    interval_days: r.get(2)?,
                    due_day: r.get(3)?,
                    lapses: r.get(4)?,
                    last_quality: r.get(5)?,
                    last_reviewed_at: r.get(6)?,
                    mastered: r.get(7)?,
                    retained_days: r.get(8)?,
                })
            },
        )
        .unwrap()
}

#[test]
fn answers_given_under_fsrs_are_replayed_by_sm2_when_switching_back() {
    let env = Env::new();
    let cards: Vec<(String, String, String)> = (0..6)
        .map(|i| {
            (
                format!("d/{i}"),
                format!("Question {i}?"),
                format!("answer {i}"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = cards
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let file = env.write("d.toml", &deck_toml("D", &refs));
    env.ok(
        &["import", file.to_str().unwrap()],
        "2026-01-01T12:00:00Z",
        "",
    );
    // Day 1 under SM-2: every card Good.
    env.ok(
        &["review", "--deck", "D"],
        "2026-01-01T12:00:00Z",
        &"\n4\n".repeat(6),
    );
    let ids: Vec<i64> = {
        let conn = env.sql();
        let mut stmt = conn
            .prepare("SELECT id FROM cards WHERE guid LIKE 'd/%' ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(ids.len(), 6);
    let parked: BTreeMap<i64, CardState> = ids.iter().map(|&id| (id, state_of(&env, id))).collect();
    env.ok(
        &["config", "set", "scheduler", "fsrs"],
        "2026-01-01T13:00:00Z",
        "",
    );
    // Under FSRS every card (Good on a new card: 2.3 days) is due on day 3: two fail, the
    // others pass; the fails come back the same day and pass.
    let day3 = "2026-01-03T12:00:00Z";
    let input = "\n1\n\n4\n\n2\n\n5\n\n4\n\n3\n\n4\n\n4\n";
    env.ok(&["review", "--deck", "D"], day3, input);
    assert_eq!(
        env.count("SELECT count(*) FROM reviews WHERE day = 20456 AND mode = 'relearn'"),
        2
    );
    env.ok(&["config", "set", "scheduler", "sm2"], day3, "");
    // SM-2 replays the day-3 answer on schedule (not the same-day repeats) on each card's
    // parked state: Good on day 1 had set 1 day, so a pass now is SM-2's second (6 days).
    let conn = env.sql();
    for (id, start) in parked {
        let (day, q, at): (i64, u8, i64) = conn
            .query_row(
                "SELECT day, quality, reviewed_at FROM reviews
                 WHERE card_id = ?1 AND mode = 'review' ORDER BY id DESC LIMIT 1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(day, 20456);
        let expected = sm2::answer(Some(&start), Quality::new(q).unwrap(), day, at);
        let got = state_of(&env, id);
        assert_eq!(got, expected, "card {id}");
        let interval = if q >= 3 { 6 } else { 1 };
        assert_eq!(got.interval_days, interval, "card {id} graded {q}");
    }
}

/// A few days of sessions under FSRS with passes, fails and same-day repeats.
fn fsrs_history(env: &Env) {
    let cards: Vec<(String, String, String)> = (0..5)
        .map(|i| {
            (
                format!("h/{i}"),
                format!("Question {i}?"),
                format!("answer {i}"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str, &str)> = cards
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let file = env.write("h.toml", &deck_toml("H", &refs));
    env.ok(
        &["import", file.to_str().unwrap()],
        "2026-02-01T12:00:00Z",
        "",
    );
    env.ok(
        &["config", "set", "scheduler", "fsrs"],
        "2026-02-01T12:00:00Z",
        "",
    );
    let grades = ["4", "1", "5", "3", "2", "4", "4", "4", "4", "4"];
    for (i, day) in ["01", "02", "03", "05", "08", "12", "20"]
        .iter()
        .enumerate()
    {
        let mut input = String::new();
        for k in 0..12 {
            input.push('\n');
            input.push_str(grades[(i + k) % grades.len()]);
            input.push('\n');
        }
        env.ok(
            &["review", "--deck", "H"],
            &format!("2026-02-{day}T12:00:00Z"),
            &input,
        );
    }
}

fn fsrs_memory(env: &Env) -> BTreeMap<String, (f64, f64, i64)> {
    let conn = env.sql();
    let mut stmt = conn
        .prepare(
            "SELECT c.guid, s.stability, s.difficulty, s.due_day
             FROM card_state s JOIN cards c ON c.id = s.card_id ORDER BY c.guid",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_review_log_carried_to_a_fresh_database_gives_the_same_fsrs_memory() {
    let a = Env::new();
    fsrs_history(&a);
    let memory = fsrs_memory(&a);
    assert_eq!(memory.len(), 5);
    assert!(a.count("SELECT count(*) FROM reviews WHERE mode = 'relearn'") >= 3);
    let deck = a.ok(&["export", "--deck", "H"], "2026-02-21T12:00:00Z", "");
    let log = a.ok(&["export", "--reviews"], "2026-02-21T12:00:00Z", "");

    let b = Env::new();
    let now = "2026-02-21T12:00:00Z";
    let deck_file = b.write("h.toml", &deck);
    let log_file = b.write("log.csv", &log);
    b.ok(&["import", deck_file.to_str().unwrap()], now, "");
    b.ok(&["config", "set", "scheduler", "fsrs"], now, "");
    let answers = a.count("SELECT count(*) FROM reviews");
    let out = b.ok(
        &["import", "--reviews", log_file.to_str().unwrap()],
        now,
        "",
    );
    assert_eq!(
        out,
        format!(
            "Imported 1 review log in one transaction: {answers} answers added to 5 cards, 5 cards scheduled from their history\n"
        )
    );
    assert_eq!(
        fsrs_memory(&b),
        memory,
        "the same stability, difficulty and due day"
    );

    // Again: nothing added, nothing changed.
    let again = b.ok(
        &["import", "--reviews", log_file.to_str().unwrap()],
        now,
        "",
    );
    assert_eq!(
        again,
        format!(
            "Imported 1 review log in one transaction: no new answers, {answers} already in the log\n"
        )
    );
    assert_eq!(b.count("SELECT count(*) FROM reviews"), answers);
    assert_eq!(fsrs_memory(&b), memory);
}

#[test]
fn a_review_log_naming_unknown_cards_is_refused_whole_unless_told_to_skip_them() {
    let env = Env::new();
    let now = "2026-02-21T12:00:00Z";
    let file = env.write("d.toml", &deck_toml("D", &[("d/1", "Q?", "A")]));
    env.ok(&["import", file.to_str().unwrap()], now, "");
    let log = env.write(
        "log.csv",
        "card_id,review_time,quality,mode,duration_ms\n\
         d/1,2026-02-01T10:00:00.000Z,4,review,3000\n\
         gone/2,2026-02-01T10:01:00.000Z,4,review,3000\n\
         gone/1,2026-02-02T10:00:00.000Z,1,review,3000\n\
         gone/1,2026-02-02T10:05:00.000Z,4,relearn,3000\n",
    );
    let path = log.to_str().unwrap();
    let err = env.fails(&["import", "--reviews", path], now);
    assert_eq!(
        err,
        "recall: nothing was imported: the review log answers 2 cards this database does not have: gone/1, gone/2; import their decks first, or pass --skip-unknown to leave their answers out\n"
    );
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 0);
    let plan = env.ok(
        &["import", "--reviews", path, "--skip-unknown", "--dry-run"],
        now,
        "",
    );
    assert_eq!(
        plan,
        "Dry run of 1 review log, nothing was written; the import would give: 1 answers added to 1 cards, 3 to cards not in this database left out, 1 cards scheduled from their history\n"
    );
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 0);
    assert_eq!(env.count("SELECT count(*) FROM card_state"), 0);
    let out = env.ok(&["import", "--reviews", path, "--skip-unknown"], now, "");
    assert_eq!(
        out,
        "Imported 1 review log in one transaction: 1 answers added to 1 cards, 3 to cards not in this database left out, 1 cards scheduled from their history\n"
    );
    // SM-2 replayed over the card's one answer: Good on 2026-02-01 (day 20485), due a day later.
    let info = env.json(&["info", "d/1", "--json"], now);
    assert_eq!(info["state"]["due"], "2026-02-02");
    assert_eq!(info["reviews"][0]["quality"], 4);

    let bad = env.write(
        "bad.csv",
        "card_id,review_time,quality,mode,duration_ms\nd/1,2026-02-01,4,review,1\nd/1,2026-02-01T10:00:00Z,9,review,1\n",
    );
    let err = env.fails(&["import", "--reviews", bad.to_str().unwrap()], now);
    assert!(
        err.contains("bad.csv:2: `review_time` must be an RFC 3339 time"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:3: `quality` must be a grade from 0 to 5, not `9`"),
        "{err}"
    );
}

#[test]
fn anki_review_logs_come_in_with_scheduling() {
    let env = Env::new();
    let package = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/anki/current.apkg"
    );
    let out = env.ok(
        &["import", package, "--with-scheduling"],
        "2026-01-01T12:00:00Z",
        "",
    );
    assert!(
        out.contains("Anki's review log: 6 answers added to 5 cards"),
        "{out}"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM reviews WHERE prev_reps IS NULL"),
        6
    );
    let out = env.ok(
        &["import", package, "--with-scheduling"],
        "2026-01-01T12:00:00Z",
        "",
    );
    assert!(
        out.contains("Anki's review log: no new answers, 6 already in the log"),
        "{out}"
    );
    // Under FSRS the cards Anki scheduled get their memory from that log.
    let fsrs = Env::new();
    fsrs.ok(
        &["config", "set", "scheduler", "fsrs"],
        "2026-01-01T12:00:00Z",
        "",
    );
    let out = fsrs.ok(
        &["import", package, "--with-scheduling"],
        "2026-01-01T12:00:00Z",
        "",
    );
    assert!(
        out.contains("6 answers added to 5 cards, 5 cards scheduled from their history"),
        "{out}"
    );
    assert_eq!(
        fsrs.count("SELECT count(*) FROM card_state WHERE stability > 0"),
        env.count("SELECT count(*) FROM card_state")
    );
    let without = Env::new();
    let out = without.ok(&["import", package], "2026-01-01T12:00:00Z", "");
    assert!(!out.contains("review log"), "{out}");
    assert_eq!(without.count("SELECT count(*) FROM reviews"), 0);
}

#[test]
fn optimize_refuses_a_log_too_short_to_fit() {
    let env = Env::new();
    let now = "2026-01-01T12:00:00Z";
    let file = env.write("d.toml", &deck_toml("D", &[("d/1", "Q?", "A")]));
    env.ok(&["import", file.to_str().unwrap()], now, "");
    env.ok(&["review", "--deck", "D"], now, "\n4\n");
    let err = env.fails(&["optimize"], "2026-01-02T12:00:00Z");
    assert_eq!(
        err,
        "recall: not enough history to fit FSRS: it needs at least 64 answers given on a later day than the card's answer before (reviews, not first sightings or same-day repeats); this log has 0, so 64 more\n"
    );
    assert_eq!(
        env.count("SELECT count(*) FROM config WHERE key = 'fsrs.parameters'"),
        0
    );
}

fn metric(v: &Value, model: &str, what: &str) -> f64 {
    v[model][what]
        .as_f64()
        .unwrap_or_else(|| panic!("{model}.{what} in {v}"))
}

/// The simulated answers as the store logs them (card `sim/00041` is row 42).
fn as_logged(log: &[learner::Answer]) -> Vec<LoggedAnswer> {
    log.iter()
        .map(|a| LoggedAnswer {
            card_id: CardId(a.card[4..].parse::<i64>().unwrap() + 1),
            reviewed_at: a.at,
            // 10:00 UTC, after the 4:00 rollover: the UTC date.
            day: a.at.div_euclid(86_400_000),
            quality: Quality::new(a.quality).unwrap(),
            mode: if a.mode == "review" {
                ReviewMode::Review
            } else {
                ReviewMode::Relearn
            },
        })
        .collect()
}

/// FSRS-6's defaults on the test items: the crate's memory states and forgetting curve,
/// the log loss summed here in f64.
fn default_log_loss(tested: &[fsrs::FSRSItem]) -> f64 {
    let model = fsrs::FSRS::default();
    let decay = fsrs::DEFAULT_PARAMETERS[20];
    tested
        .iter()
        .map(|item| {
            let (current, history) = item.reviews.split_last().unwrap();
            let history = fsrs::FSRSItem {
                reviews: history.to_vec(),
            };
            let state = model.memory_state(history, None).unwrap();
            let p = f64::from(fsrs::current_retrievability(
                state,
                current.delta_t as f32,
                decay,
            ));
            if current.rating > 1 {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum::<f64>()
        / tested.len() as f64
}

/// A simulated learner who forgets faster than FSRS-6's defaults assume
/// (`benches/support/learner.rs`): fitted parameters must predict the later reviews
/// better than the defaults, and both better than SM-2; the figures are the crate's.
#[test]
fn optimize_fits_a_simulated_learner_better_than_the_defaults_and_the_figures_are_the_crates() {
    let (log, cards) = learner::simulate(4000, 12, 7);
    let env = Env::new();
    let now = "2027-06-01T12:00:00Z";
    let deck = env.write("deck.csv", &learner::deck(cards));
    let reviews = env.write("log.csv", &learner::csv(&log));
    env.ok(
        &["import", deck.to_str().unwrap(), "--deck", "Sim"],
        now,
        "",
    );
    env.ok(&["import", "--reviews", reviews.to_str().unwrap()], now, "");
    let v = env.json(&["optimize", "--json"], now);

    assert_eq!(v["reviews"].as_u64(), Some(log.len() as u64));
    let defaults = metric(&v, "fsrs_default", "log_loss");
    let fitted = metric(&v, "fsrs_optimized", "log_loss");
    let sm2 = metric(&v, "sm2", "log_loss");
    assert!(
        fitted < defaults,
        "fitted {fitted} should beat the defaults {defaults}"
    );
    assert!(defaults < sm2, "FSRS {defaults} should beat SM-2 {sm2}");
    assert!(metric(&v, "fsrs_optimized", "rmse_bins") < metric(&v, "fsrs_default", "rmse_bins"));

    // The same items, built from the same answers, given to the crate directly.
    let answers = as_logged(&log);
    let data = dataset(&answers);
    assert_eq!(v["cards"].as_u64(), Some(data.cards as u64));
    let input = fsrs::ComputeParametersInput {
        train_set: data.items.clone(),
        card_ids: Some(data.card_ids.clone()),
        ..fsrs::ComputeParametersInput::default()
    };
    let crate_eval = fsrs::evaluate_with_time_series_splits(input, |_| true).unwrap();
    assert!(
        (fitted - f64::from(crate_eval.log_loss)).abs() < 1e-6,
        "{fitted} vs {crate_eval:?}"
    );
    assert!(
        (metric(&v, "fsrs_optimized", "rmse_bins") - f64::from(crate_eval.rmse_bins)).abs() < 1e-5
    );

    let loss = default_log_loss(&data.items[first_tested(data.items.len())..]);
    assert!((defaults - loss).abs() < 1e-4, "{defaults} vs {loss}");

    // The fitted parameters are stored, and FSRS schedules with them.
    let stored: String = env
        .sql()
        .query_row(
            "SELECT value FROM config WHERE key = 'fsrs.parameters'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let stored: Vec<f64> = stored.split(',').map(|x| x.parse().unwrap()).collect();
    let fitted_parameters: Vec<f64> = v["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(stored.len(), 21);
    for (s, f) in stored.iter().zip(&fitted_parameters) {
        assert!((s - f).abs() < 1e-6, "{stored:?} vs {fitted_parameters:?}");
    }
    // Run twice, the same figures: nothing in the comparison is random (but the crate
    // sums its RMSE bins in a hash map's order, which may move the last bits).
    let second = env.json(&["optimize", "--json"], now);
    assert_eq!(second["sm2"], v["sm2"]);
    assert_eq!(second["fsrs_default"], v["fsrs_default"]);
    assert_eq!(
        second["fsrs_optimized"]["log_loss"],
        v["fsrs_optimized"]["log_loss"]
    );
    let rmse = |j: &Value| metric(j, "fsrs_optimized", "rmse_bins");
    assert!((rmse(&second) - rmse(&v)).abs() < 1e-6);
}

#[test]
fn the_scheduler_and_desired_retention_settings_are_checked() {
    let env = Env::new();
    let now = "2026-01-01T12:00:00Z";
    let err = env.fails(&["config", "set", "scheduler", "anki"], now);
    assert_eq!(
        err,
        "recall: `scheduler` must be one of sm2, fsrs, not `anki`\n"
    );
    let err = env.fails(&["config", "set", "desired_retention", "0.99"], now);
    assert_eq!(
        err,
        "recall: `desired_retention` must be a number from 0.70 to 0.97, not `0.99`\n"
    );
    assert_eq!(
        env.ok(&["config", "set", "desired_retention", ".85"], now, ""),
        "desired_retention = 0.85\n"
    );
    // A new card graded Good at 0.85: FSRS-6's 2.3065-day stability stretched to 85%.
    let file = env.write("d.toml", &deck_toml("D", &[("d/1", "Q?", "A")]));
    env.ok(&["import", file.to_str().unwrap()], now, "");
    env.ok(&["config", "set", "scheduler", "fsrs"], now, "");
    env.ok(&["review", "--deck", "D"], now, "\n4\n");
    let info = env.json(&["info", "d/1", "--json"], now);
    assert_eq!(info["state"]["interval_days"], 4);
    let fsrs = &info["state"]["fsrs"];
    assert!(
        (fsrs["stability"].as_f64().unwrap() - 2.3065).abs() < 1e-4,
        "{fsrs}"
    );
    assert!(
        (fsrs["retrievability"].as_f64().unwrap() - 1.0).abs() < 1e-6,
        "{fsrs}"
    );
}

#[test]
fn undo_under_fsrs_puts_back_the_memory_exactly() {
    let env = Env::new();
    let file = env.write("d.toml", &deck_toml("D", &[("d/1", "Q?", "A")]));
    env.ok(
        &["import", file.to_str().unwrap()],
        "2026-01-01T12:00:00Z",
        "",
    );
    env.ok(
        &["config", "set", "scheduler", "fsrs"],
        "2026-01-01T12:00:00Z",
        "",
    );
    env.ok(&["review", "--deck", "D"], "2026-01-01T12:00:00Z", "\n4\n");
    let before = fsrs_memory(&env);
    let stability = before["d/1"].0;
    assert!((stability - 2.3065).abs() < 1e-4, "{before:?}");
    // Due on day 3 (2.31 days); answered Easy, then undone.
    let out = env.ok(
        &["review", "--deck", "D"],
        "2026-01-03T12:00:00Z",
        "\n5\n:undo\n",
    );
    assert!(out.contains("undone"), "{out}");
    assert_eq!(fsrs_memory(&env), before);
    assert_eq!(env.count("SELECT count(*) FROM reviews"), 1);
}
