//! The review log as CSV, as `recall export --reviews` writes it and `recall import
//! --reviews` reads it back: `card_id, review_time, quality, mode, duration_ms`, a header
//! row naming the columns (in any order; other columns are ignored). `card_id` is the
//! card's stable id (its guid), `review_time` RFC 3339 (`2026-11-28T10:00:00.123Z`; any
//! offset), `quality` 0-5, `mode` review, relearn or drill, `duration_ms` a whole number.

use std::str::FromStr;

use super::Problem;
use crate::core::model::{LoggedReview, ReviewMode};
use crate::core::text::sanitize;

/// The columns, as the export names them.
pub const COLUMNS: [&str; 5] = ["card_id", "review_time", "quality", "mode", "duration_ms"];

/// Stop listing problems after this many (the file is refused anyway).
const MAX_PROBLEMS: usize = 50;

/// Every answer of a review log, or every problem with its line.
pub fn parse(text: &str, file: &str) -> Result<Vec<LoggedReview>, Vec<Problem>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![Problem::new(file, Some(1), sanitize(&e.to_string()))]),
    };
    let mut index = [0usize; 5];
    let mut missing = Vec::new();
    for (i, name) in COLUMNS.iter().enumerate() {
        match header.iter().position(|h| h.trim() == *name) {
            Some(at) => index[i] = at,
            None => missing.push(*name),
        }
    }
    if !missing.is_empty() {
        return Err(vec![Problem::new(
            file,
            Some(1),
            format!(
                "a review log needs the columns {} (as `recall export --reviews` writes them); missing: {}",
                COLUMNS.join(", "),
                missing.join(", ")
            ),
        )]);
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.push(Problem::new(file, line, sanitize(&e.to_string())));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| record.get(index[i]).unwrap_or("").trim();
        match row([field(0), field(1), field(2), field(3), field(4)]) {
            Ok(r) => out.push(r),
            Err(message) => problems.push(Problem::new(file, Some(line), message)),
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// One row's answer, or what is wrong with it.
fn row([card, time, quality, mode, duration]: [&str; 5]) -> Result<LoggedReview, String> {
    if card.is_empty() {
        return Err("`card_id` is empty".to_string());
    }
    let reviewed_at = chrono::DateTime::parse_from_rfc3339(time)
        .map_err(|_| {
            format!(
                "`review_time` must be an RFC 3339 time such as 2026-11-28T10:00:00.123Z, not `{}`",
                sanitize(time)
            )
        })?
        .timestamp_millis();
    let quality = quality
        .parse::<u8>()
        .ok()
        .filter(|q| *q <= 5)
        .ok_or_else(|| {
            format!(
                "`quality` must be a grade from 0 to 5, not `{}`",
                sanitize(quality)
            )
        })?;
    let mode = ReviewMode::from_str(mode).map_err(|_| {
        format!(
            "`mode` must be review, relearn or drill, not `{}`",
            sanitize(mode)
        )
    })?;
    let duration_ms = duration
        .parse::<i64>()
        .ok()
        .filter(|d| *d >= 0)
        .ok_or_else(|| {
            format!(
                "`duration_ms` must be a whole number of milliseconds, not `{}`",
                sanitize(duration)
            )
        })?;
    Ok(LoggedReview {
        card: sanitize(card),
        reviewed_at,
        quality,
        mode,
        duration_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_export_writes() {
        let text = "card_id,review_time,quality,mode,duration_ms\nes/hola,2026-11-28T10:00:00.123Z,4,relearn,5300\n";
        let rows = parse(text, "log.csv").unwrap();
        assert_eq!(
            rows,
            [LoggedReview {
                card: "es/hola".to_string(),
                reviewed_at: 1_795_860_000_123,
                quality: 4,
                mode: ReviewMode::Relearn,
                duration_ms: 5300,
            }]
        );
        let written = crate::formats::csv::write_reviews(&rows).unwrap();
        assert_eq!(parse(&written, "again.csv").unwrap(), rows);
    }

    #[test]
    fn columns_may_come_in_any_order_and_an_offset_is_honoured() {
        let text = "mode,quality,card_id,duration_ms,review_time,extra\ndrill,0,a,1,2026-11-28T12:00:00+02:00,x\n";
        let rows = parse(text, "f").unwrap();
        assert_eq!(rows[0].reviewed_at, 1_795_860_000_000);
        assert_eq!((rows[0].mode, rows[0].quality), (ReviewMode::Drill, 0));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "card_id,review_time,quality,mode,duration_ms\n\
                    a,yesterday,4,review,1\n\
                    b,2026-11-28T10:00:00Z,6,review,1\n\
                    c,2026-11-28T10:00:00Z,4,cram,1\n\
                    d,2026-11-28T10:00:00Z,4,review,-5\n\
                    ,2026-11-28T10:00:00Z,4,review,5\n";
        let problems: Vec<String> = parse(text, "log.csv")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "log.csv:2: `review_time` must be an RFC 3339 time such as 2026-11-28T10:00:00.123Z, not `yesterday`",
                "log.csv:3: `quality` must be a grade from 0 to 5, not `6`",
                "log.csv:4: `mode` must be review, relearn or drill, not `cram`",
                "log.csv:5: `duration_ms` must be a whole number of milliseconds, not `-5`",
                "log.csv:6: `card_id` is empty",
            ]
        );
    }

    #[test]
    fn a_deck_file_is_not_a_review_log() {
        let err = parse("front,back\nq,a\n", "deck.csv").unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "deck.csv:1: a review log needs the columns card_id, review_time, quality, mode, duration_ms (as `recall export --reviews` writes them); missing: card_id, review_time, quality, mode, duration_ms"
        );
    }

    proptest::proptest! {
        /// Any text: answers, or problems each naming the file, never a panic.
        #[test]
        fn any_text_gives_answers_or_located_problems(text in ".{0,400}") {
            if let Err(problems) = parse(&text, "f.csv") {
                proptest::prop_assert!(!problems.is_empty());
                for p in problems {
                    proptest::prop_assert_eq!(p.file, "f.csv");
                    proptest::prop_assert!(!p.message.contains('\x1b'), "{}", p.message);
                }
            }
        }

        /// A header, then rows of near-valid fields.
        #[test]
        fn near_valid_rows_never_panic(rows in proptest::collection::vec(
            ("[a-z/]{0,6}", "(2026-11-28T10:00:00Z|20x|)", "-?[0-9]{0,2}", "(review|drill|x)", "-?[0-9]{0,3}"),
            0..8,
        )) {
            let mut text = String::from("card_id,review_time,quality,mode,duration_ms\n");
            for (c, t, q, m, d) in &rows {
                text.push_str(&format!("{c},{t},{q},{m},{d}\n"));
            }
            match parse(&text, "f.csv") {
                Ok(answers) => proptest::prop_assert_eq!(answers.len(), rows.len()),
                Err(problems) => proptest::prop_assert!(problems.iter().all(|p| p.line.is_some())),
            }
        }
    }

    #[test]
    fn escape_sequences_never_reach_a_message() {
        let text = "card_id,review_time,quality,mode,duration_ms\na,\u{1b}[2Jx,4,review,1\n";
        let err = parse(text, "f").unwrap_err();
        assert!(!err[0].message.contains('\u{1b}'), "{}", err[0].message);
    }
}
