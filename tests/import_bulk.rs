//! The bulk-import path (issue 19): a 10,000-row file imported into a new deck gives exactly
//! what it gave before that path existed — the same card numbers, ids, texts and counts —
//! and is found by search; a dry run plans from reads and writes nothing.
//!
//! The expected figures below were read from the release before the bulk path (d831cda),
//! with this same file: a digest of `cards --json` and its first and last cards literally.

mod common;

use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-27T09:00:00Z";
const ROWS: usize = 10_000;

/// A deterministic 10,000-row TSV with a header: varied lengths, accents and CJK, quotes,
/// commas, a few rows with tags, and one unique word per row so search can find each.
fn tsv() -> String {
    const WORDS: [&str; 12] = [
        "gradient",
        "café",
        "naïve",
        "\"quoted\"",
        "loss, total",
        "日本語",
        "vector",
        "drift",
        "bias",
        "variance",
        "épocas",
        "attention",
    ];
    let mut s = String::from("front\tback\ttags\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..ROWS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let pick = |k: u64| WORDS[usize::try_from((x >> k) % 12).unwrap_or(0)];
        let front = format!("{} {} uniq{i:05}?", pick(3), pick(9));
        let back = (0..=(x % 9))
            .map(|k| pick(11 + k * 4))
            .collect::<Vec<_>>()
            .join(" ");
        let tags = if i % 7 == 0 { "bulk ml::basics" } else { "" };
        s.push_str(&format!("{front}\t{back}\t{tags}\n"));
    }
    s
}

/// FNV-1a, 64 bits: enough to tell two listings apart, and written out so the expected
/// value can be read from any release.
fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn imported() -> (Env, String) {
    let env = Env::new();
    let file = env.dir.path().join("bulk.tsv");
    std::fs::write(&file, tsv()).expect("write the file");
    let out = env.ok(
        &[
            "import",
            file.to_str().expect("utf-8 path"),
            "--deck",
            "Bulk",
        ],
        NOW,
        "",
    );
    (env, out)
}

#[test]
fn ten_thousand_rows_give_what_they_gave_before_the_bulk_path() {
    let (env, report) = imported();
    assert_eq!(
        report.trim(),
        "Imported 1 file in one transaction:\n  Bulk (new deck): 10000 added"
    );

    let listing = env.ok(&["cards", "--deck", "Bulk", "--json"], NOW, "");
    let cards: Vec<Value> = serde_json::from_str(&listing).expect("json");
    assert_eq!(cards.len(), ROWS);
    assert_eq!(
        cards[0].to_string(),
        r#"{"back":"café épocas épocas attention","deck":"Bulk","front":"日本語 vector uniq00000?","id":"bulk/99f72536e72f491d","kind":"basic","mastered":false,"number":744,"stage":1,"stage_name":"Beginner","state":null,"suspended":false,"tags":["bulk","ml::basics"]}"#
    );
    assert_eq!(
        cards[ROWS - 1].to_string(),
        r#"{"back":"drift","deck":"Bulk","front":"quoted 日本語 uniq09999?","id":"bulk/ddea0390f8ec7e06","kind":"basic","mastered":false,"number":10743,"stage":1,"stage_name":"Beginner","state":null,"suspended":false,"tags":[]}"#
    );
    assert_eq!(
        digest(listing.as_bytes()),
        9_510_186_577_888_474_661,
        "cards --json differs"
    );

    let decks: Value = serde_json::from_str(&env.ok(&["decks", "--json"], NOW, "")).expect("json");
    let bulk = decks
        .as_array()
        .and_then(|d| d.iter().find(|d| d["name"] == "Bulk"))
        .expect("the Bulk deck is listed");
    assert_eq!(
        (&bulk["cards"], &bulk["new"], &bulk["due"]),
        (&Value::from(10_000), &Value::from(10_000), &Value::from(0))
    );
}

#[test]
fn every_card_of_a_bulk_import_is_found_by_search() {
    let (env, _) = imported();
    for (word, number) in [
        ("uniq00000", 744),
        ("uniq05000", 5744),
        ("uniq09999", 10_743),
    ] {
        let found: Value =
            serde_json::from_str(&env.ok(&["cards", word, "--json"], NOW, "")).expect("json");
        let numbers: Vec<&Value> = found
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| &c["number"])
            .collect();
        assert_eq!(numbers, [&Value::from(number)], "searching {word}");
    }
    // The index agrees with the cards, entry for entry.
    let check: Value =
        serde_json::from_str(&env.ok(&["check", "--full", "--json"], NOW, "")).expect("json");
    assert_eq!(check["search_index"], Value::Array(vec![]), "{check}");
}

#[test]
fn a_dry_run_reports_the_same_counts_and_writes_nothing() {
    let (env, _) = imported();
    let file = env.dir.path().join("changed.tsv");
    // 100 rows changed, 20 rows dropped, 30 rows new.
    let text = tsv();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in lines.iter_mut().skip(1).step_by(100) {
        line.push_str(" extra");
    }
    lines.truncate(lines.len() - 20);
    for i in 0..30 {
        lines.push(format!("brand new {i}\tanswer {i}\t"));
    }
    std::fs::write(&file, lines.join("\n") + "\n").expect("write");
    let before = std::fs::read(&env.db).expect("read db");
    let path = file.to_str().expect("utf-8 path");
    let planned = env.ok(&["import", path, "--deck", "Bulk", "--dry-run"], NOW, "");
    assert_eq!(
        std::fs::read(&env.db).expect("read db"),
        before,
        "a dry run wrote"
    );
    let done = env.ok(&["import", path, "--deck", "Bulk"], NOW, "");
    assert_eq!(
        first_line_after_header(&planned),
        "Bulk: 30 added, 100 updated, 9880 unchanged, 0 skipped"
    );
    assert_eq!(
        first_line_after_header(&done),
        "Bulk: 30 added, 100 updated, 9880 unchanged"
    );
    for report in [&planned, &done] {
        assert!(
            report.contains("20 cards of this deck are not in the file and were kept"),
            "{report}"
        );
    }
}

/// The report's line for the deck (a dry run shows its zeros too).
fn first_line_after_header(report: &str) -> &str {
    report.lines().nth(1).unwrap_or_default().trim()
}
