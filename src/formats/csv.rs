//! CSV and TSV decks: positional `front, back[, tags]` rows, or columns named by a header
//! row (`front`, `back`, `tags`, `deck`, `stage`, `id`, `kind`, `choices`); standard
//! quoting. Also writes the CSV that `recall export --format csv` produces.

use super::{
    DeckSet, Options, Parsed, Problem, Problems, clean_text, deck_name, derived_guid, split_tags,
};
use crate::core::model::{CardDraft, CardKind, DeckDraft, LoggedReview, Stage};

/// The columns a header row may name, in the order `write` puts them.
const COLUMNS: &[&str] = &[
    "deck", "id", "stage", "kind", "front", "back", "choices", "tags",
];

/// How many problems one file may report before the rest are only counted; a file
/// that is wrong on every line needs one message, not 100,000.
const MAX_PROBLEMS: usize = 100;

/// Where each known column is in the rows.
#[derive(Debug, Default)]
struct Layout {
    front: usize,
    back: usize,
    tags: Option<usize>,
    deck: Option<usize>,
    stage: Option<usize>,
    id: Option<usize>,
    kind: Option<usize>,
    choices: Option<usize>,
    /// The header's width; `None` for positional rows.
    width: Option<usize>,
}

/// For a `.csv` file whose first line has no comma but semicolons (as spreadsheets
/// write in much of Europe): `;`. Otherwise `,`.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if !first.contains(',') && first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// The line where a quoted field opens that is never closed, if any. The `csv` crate
/// takes such a field to run to the end of the file; a user needs to hear about it.
pub fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut line, mut opened) = (1, 0);
    let (mut in_quotes, mut field_start) = (false, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => in_quotes = false,
                b'\n' => line += 1,
                _ => {}
            }
        } else if b == b'"' && field_start {
            in_quotes = true;
            opened = line;
            field_start = false;
        } else if b == delimiter {
            field_start = true;
        } else if b == b'\n' {
            line += 1;
            field_start = true;
        } else if b != b'\r' {
            field_start = false;
        }
        i += 1;
    }
    in_quotes.then_some(opened)
}

/// Parses a CSV (`delimiter` `,` or `;`) or TSV (`\t`) deck file.
pub fn parse(text: &str, file: &str, delimiter: u8, opts: &Options) -> Result<Parsed, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(line) = unclosed_quote(text, delimiter) {
        return Err(Problems::one(
            file,
            Some(line),
            "a quoted field opens here and is never closed (a `\"` is missing)",
        ));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut problems: Vec<Problem> = Vec::new();
    let mut set = DeckSet::default();
    let mut layout: Option<Layout> = None;
    for record in reader.records() {
        if problems.len() >= MAX_PROBLEMS {
            problems.push(Problem::new(file, None, "too many problems; stopped here"));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.push(Problem::new(
                    file,
                    line,
                    format!("cannot read the row: {e}"),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells: Vec<&str> = record.iter().collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let layout = match &layout {
            Some(l) => l,
            None => match header(&cells) {
                Ok(Some(l)) => {
                    layout = Some(l);
                    continue;
                }
                Ok(None) => layout.insert(Layout {
                    back: 1,
                    tags: Some(2),
                    ..Layout::default()
                }),
                Err(m) => return Err(Problems::one(file, Some(line), m)),
            },
        };
        let at = format!("line {line}");
        match row(&cells, layout, opts, delimiter) {
            Ok((deck, card)) => {
                if let Err(m) = set.add(&deck, card, &at) {
                    problems.push(Problem::new(file, Some(line), m));
                }
            }
            Err(m) => problems.push(Problem::new(file, Some(line), m)),
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let decks = set.into_decks();
    if decks.is_empty() {
        return Err(Problems::one(file, None, "the file has no cards"));
    }
    Ok(Parsed::of_decks(decks))
}

/// The layout a header row names, `None` if the row is not a header (it names neither
/// `front` nor `back`), or an error for a header with an unknown column.
fn header(cells: &[&str]) -> Result<Option<Layout>, String> {
    let names: Vec<String> = cells.iter().map(|c| c.trim().to_lowercase()).collect();
    let canonical = |n: &str| match n {
        "question" => "front".to_string(),
        "answer" => "back".to_string(),
        other => other.to_string(),
    };
    let names: Vec<String> = names.iter().map(|n| canonical(n)).collect();
    let find = |key: &str| names.iter().position(|n| n == key);
    let (Some(front), Some(back)) = (find("front"), find("back")) else {
        return Ok(None);
    };
    for (i, n) in names.iter().enumerate() {
        if !COLUMNS.contains(&n.as_str()) {
            return Err(format!(
                "unknown column `{}` in the header row; the columns are {}",
                cells[i].trim(),
                COLUMNS.join(", ")
            ));
        }
        if names[..i].contains(n) {
            return Err(format!("the header row names `{n}` twice"));
        }
    }
    Ok(Some(Layout {
        front,
        back,
        tags: find("tags"),
        deck: find("deck"),
        stage: find("stage"),
        id: find("id"),
        kind: find("kind"),
        choices: find("choices"),
        width: Some(names.len()),
    }))
}

fn row(
    cells: &[&str],
    layout: &Layout,
    opts: &Options,
    delimiter: u8,
) -> Result<(String, CardDraft), String> {
    let sep = match delimiter {
        b'\t' => "tab".to_string(),
        d => format!("`{}`", d as char),
    };
    match layout.width {
        Some(w) if cells.len() != w => {
            return Err(format!(
                "{} fields, but the header row names {w} columns (separator: {sep})",
                cells.len()
            ));
        }
        None if cells.len() < 2 => {
            return Err(format!(
                "expected at least 2 fields (front, back), found 1; the separator is {sep}"
            ));
        }
        None if cells.len() > 3 && cells[3..].iter().any(|c| !c.trim().is_empty()) => {
            return Err(format!(
                "expected front, back and optional tags, found {} fields; \
                 add a header row to name more columns",
                cells.len()
            ));
        }
        _ => {}
    }
    let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |c| c.trim());
    let front = clean_text(cell(Some(layout.front)));
    let back = clean_text(cell(Some(layout.back)));
    if front.is_empty() {
        return Err("`front` is empty".into());
    }
    if back.is_empty() {
        return Err("`back` is empty".into());
    }
    let deck = deck_name(cell(layout.deck)).unwrap_or_else(|| opts.default_deck.clone());
    let stage = match cell(layout.stage) {
        "" => opts.stage,
        s => s.parse::<Stage>().map_err(|e| format!("`stage`: {e}"))?,
    };
    let kind = match cell(layout.kind) {
        "" => CardKind::Basic,
        k => k.parse::<CardKind>().map_err(|e| format!("`kind`: {e}"))?,
    };
    let choices: Vec<String> = cell(layout.choices)
        .lines()
        .map(clean_text)
        .filter(|c| !c.is_empty())
        .collect();
    check_kind(kind, &front, &back, &choices)?;
    let guid = match clean_text(cell(layout.id)) {
        id if id.is_empty() => derived_guid(&deck, &front),
        id => id,
    };
    let card = CardDraft {
        guid,
        stage,
        kind,
        front,
        back,
        choices,
        tags: split_tags(cell(layout.tags)),
    };
    Ok((deck, card))
}

/// The same rules the native format applies to each kind.
fn check_kind(kind: CardKind, front: &str, back: &str, choices: &[String]) -> Result<(), String> {
    match kind {
        CardKind::Cloze if !front.contains("[...]") => {
            Err("a cloze card's `front` must mark the deleted text with `[...]`".into())
        }
        CardKind::Choice if choices.is_empty() => {
            Err("a choice card needs `choices` (the wrong options, one per line)".into())
        }
        _ if choices.iter().any(|c| c.eq_ignore_ascii_case(back)) => {
            Err("`choices` lists the right answer; it holds only the wrong options".into())
        }
        _ => Ok(()),
    }
}

/// Writes decks as CSV with a header row naming every column, so that importing it
/// gives the same cards: choices one per line, tags separated by spaces.
pub fn write(decks: &[DeckDraft]) -> Result<String, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for deck in decks {
        for c in &deck.cards {
            let stage = c.stage.number().to_string();
            w.write_record([
                deck.name.as_str(),
                &c.guid,
                &stage,
                c.kind.as_str(),
                &c.front,
                &c.back,
                &c.choices.join("\n"),
                &c.tags.join(" "),
            ])?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes the review log: `card_id, review_time, quality, mode, duration_ms`, the time
/// in RFC 3339 UTC with milliseconds.
pub fn write_reviews(reviews: &[LoggedReview]) -> Result<String, ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["card_id", "review_time", "quality", "mode", "duration_ms"])?;
    for r in reviews {
        let time = chrono::DateTime::from_timestamp_millis(r.reviewed_at)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default();
        w.write_record([
            r.card.as_str(),
            &time,
            &r.quality.to_string(),
            r.mode.as_str(),
            &r.duration_ms.to_string(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn opts() -> Options {
        Options {
            default_deck: "vocab".into(),
            stage: Stage::Beginner,
            with_scheduling: false,
        }
    }

    fn ok(text: &str, d: u8) -> Vec<DeckDraft> {
        parse(text, "f.csv", d, &opts()).unwrap().decks
    }

    fn err(text: &str, d: u8) -> String {
        parse(text, "f.csv", d, &opts()).unwrap_err().to_string()
    }

    #[test]
    fn positional_rows_with_optional_tags() {
        let d = ok("hola,hello\ngato,cat,animals es::nouns\n", b',');
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].name, "vocab");
        assert_eq!(d[0].cards[1].tags, ["animals", "es::nouns"]);
        assert!(d[0].cards[0].guid.starts_with("vocab/"));
    }

    #[test]
    fn quoting_holds_separators_quotes_and_newlines() {
        let text = "\u{feff}front,back\n\"a, b\",\"say \"\"hi\"\"\"\n\"multi\nline\",x\n";
        let d = ok(text, b',');
        assert_eq!(d[0].cards[0].front, "a, b");
        assert_eq!(d[0].cards[0].back, "say \"hi\"");
        assert_eq!(d[0].cards[1].front, "multi\nline");
    }

    #[test]
    fn header_columns_in_any_order() {
        let text = "Tags;Back;Deck;Front;Stage;ID\nx y;hello;Lang::ES;hola;2;es/1\n";
        let d = ok(text, b';');
        assert_eq!(d[0].name, "Lang::ES");
        let c = &d[0].cards[0];
        assert_eq!(
            (c.front.as_str(), c.back.as_str(), c.guid.as_str()),
            ("hola", "hello", "es/1")
        );
        assert_eq!(c.stage, Stage::Intermediate);
        assert_eq!(c.tags, ["x", "y"]);
    }

    #[test]
    fn tsv_and_the_semicolon_sniff() {
        assert_eq!(ok("a\tb, c\n", b'\t')[0].cards[0].back, "b, c");
        assert_eq!(sniff_delimiter("front;back\na;b"), b';');
        assert_eq!(sniff_delimiter("a, b;c\n"), b',');
    }

    #[test]
    fn problems_name_the_line_and_what_was_expected() {
        assert_eq!(
            err("a,b\n\"open,x\nmore\n", b','),
            "f.csv:2: a quoted field opens here and is never closed (a `\"` is missing)"
        );
        assert_eq!(
            err("a,b\nonly\n", b','),
            "f.csv:2: expected at least 2 fields (front, back), found 1; the separator is `,`"
        );
        assert_eq!(err("a,\n", b','), "f.csv:1: `back` is empty");
        assert_eq!(
            err("front,back,notes\na,b,c\n", b','),
            "f.csv:1: unknown column `notes` in the header row; the columns are deck, id, stage, kind, front, back, choices, tags"
        );
        assert_eq!(
            err("front,back\na,b,c\n", b','),
            "f.csv:2: 3 fields, but the header row names 2 columns (separator: `,`)"
        );
        assert_eq!(
            err("front,back,stage\na,b,9\n", b','),
            "f.csv:2: `stage`: expected a stage (1, 2, 3 or beginner, intermediate, advanced), found `9`"
        );
        assert_eq!(
            err("a,b\na,c\n", b','),
            format!(
                "f.csv:2: duplicate card id `{}` (first used at line 1)",
                derived_guid("vocab", "a")
            )
        );
        assert_eq!(err("", b','), "f.csv: the file has no cards");
    }

    #[test]
    fn written_csv_reads_back_to_the_same_cards() {
        let d = ok(
            "deck,id,stage,kind,front,back,choices,tags\n\
             A,a/1,3,choice,\"Pick, one\",right,\"wrong\nalso wrong\",t1 t2\n\
             B,b/1,1,cloze,x [...] z,y,,\n",
            b',',
        );
        let text = write(&d).unwrap();
        assert_eq!(ok(&text, b','), d);
        assert_eq!(d[0].cards[0].choices, ["wrong", "also wrong"]);
    }

    #[test]
    fn the_review_log_has_rfc3339_utc_times() {
        let text = write_reviews(&[LoggedReview {
            card: "es/hola".into(),
            reviewed_at: 1_795_860_000_123,
            quality: 4,
            mode: crate::core::model::ReviewMode::Relearn,
            duration_ms: 5300,
        }])
        .unwrap();
        assert_eq!(
            text,
            "card_id,review_time,quality,mode,duration_ms\nes/hola,2026-11-28T10:00:00.123Z,4,relearn,5300\n"
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>(), tab in any::<bool>()) {
            let d = if tab { b'\t' } else { b',' };
            let _ = parse(&s, "p.csv", d, &opts());
            let _ = unclosed_quote(&s, d);
        }

        #[test]
        fn quoted_cells_round_trip(front in "[^\u{0}-\u{1f}\u{7f}-\u{9f}]{1,20}", back in "[a-z ,;\"\n]{1,20}") {
            let front = front.trim().to_string();
            let back = back.trim().to_string();
            prop_assume!(!front.is_empty() && !back.is_empty());
            let deck = DeckDraft {
                name: "D".into(),
                description: String::new(),
                cards: vec![CardDraft {
                    guid: "d/1".into(),
                    stage: Stage::Beginner,
                    kind: CardKind::Basic,
                    front: crate::core::text::sanitize(&front).trim().to_string(),
                    back: back.clone(),
                    choices: vec![],
                    tags: vec![],
                }],
            };
            prop_assume!(!deck.cards[0].front.is_empty());
            let text = write(std::slice::from_ref(&deck)).unwrap();
            let read = parse(&text, "r.csv", b',', &opts()).unwrap().decks;
            prop_assert_eq!(read, vec![deck]);
        }
    }
}
