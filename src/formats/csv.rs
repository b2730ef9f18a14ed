//! CSV and TSV decks: positional `front, back[, tags]` rows, or columns named by a header
//! row (`front`, `back`, `tags`, `deck`, `stage`, `id`, `kind`, `choices`, `key_points`,
//! and for exercise cards `note`, `ordered`, `db`);
//! standard quoting. Also writes the CSV that `recall export --format csv` produces.

use super::spec::{Claim, FormatSpec, Head, ReadAs};
use super::{
    DeckSet, MAX_FIELD_BYTES, Options, Parsed, Problem, Problems, Row, clean_back, clean_text,
    deck_name, derived_guid, split_tags,
};
use crate::core::model::{
    CardDraft, CardKind, DeckDraft, KeyPoint, LoggedReview, SqlOptions, Stage,
};
use crate::core::siblings::{check_reversible, fold_reverses, reverse_of};

/// The columns a header row may name, in the order `write` puts them.
const COLUMNS: &[&str] = &[
    "deck",
    "id",
    "stage",
    "kind",
    "front",
    "back",
    "choices",
    "tags",
    "key_points",
    "note",
    "ordered",
    "db",
    "reverse",
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
    key_points: Option<usize>,
    note: Option<usize>,
    ordered: Option<usize>,
    db: Option<usize>,
    /// `true`, `yes` or `1`: also the reverse card.
    reverse: Option<usize>,
    /// The header's width; `None` for positional rows.
    width: Option<usize>,
}

/// CSV decks, as an import format: streamed.
pub const CSV: FormatSpec = FormatSpec {
    name: "csv",
    help: "rows of front, back[, tags], or columns named by a header row:\nfront, back, tags, deck, stage, id, kind, choices, key_points, note, ordered, db, reverse",
    extensions: &["csv"],
    sniff: |_| None,
    read: ReadAs::Rows(|head, input, file, opts| {
        let delimiter = sniff_delimiter(&String::from_utf8_lossy(head));
        Box::new(Rows::new(input, file, delimiter, opts))
    }),
};

/// TSV decks, as an import format: streamed.
pub const TSV: FormatSpec = FormatSpec {
    name: "tsv",
    help: "",
    extensions: &["tsv", "tab"],
    sniff: sniff_tsv,
    read: ReadAs::Rows(|_, input, file, opts| Box::new(Rows::new(input, file, b'\t', opts))),
};

/// A tab in the first line: the weakest of looks, taken only when nothing else fits.
fn sniff_tsv(head: &Head<'_>) -> Option<Claim> {
    head.first_line().contains('\t').then_some(Claim::Looks(0))
}

/// For a `.csv` file whose first line has no comma but semicolons (as spreadsheets
/// write in much of Europe): `;`. Otherwise `,`.
#[must_use]
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if !first.contains(',') && first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// Where quoted fields open and close, fed the input a piece at a time: the `csv` crate
/// takes a quoted field that is never closed to run to the end of the file, and a user
/// needs to hear where it opened.
#[derive(Debug, Clone)]
pub struct Quotes {
    delimiter: u8,
    line: usize,
    opened: usize,
    in_quotes: bool,
    field_start: bool,
    /// The last byte was a `"` inside quotes: either the closing quote or half of `""`.
    pending_quote: bool,
    /// Bytes of the field being read, and where one first grew past `MAX_FIELD_BYTES`.
    field_len: usize,
    field_line: usize,
    too_long: Option<usize>,
}

impl Quotes {
    #[must_use]
    pub fn new(delimiter: u8) -> Quotes {
        Quotes {
            delimiter,
            line: 1,
            opened: 0,
            in_quotes: false,
            field_start: true,
            pending_quote: false,
            field_len: 0,
            field_line: 1,
            too_long: None,
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.field_start {
                self.field_len = 0;
                self.field_line = self.line;
            }
            self.field_len += 1;
            if self.field_len > MAX_FIELD_BYTES && self.too_long.is_none() {
                self.too_long = Some(self.field_line);
            }
            if self.pending_quote {
                self.pending_quote = false;
                if b == b'"' {
                    continue; // `""`: an escaped quote, still inside
                }
                self.in_quotes = false;
            }
            if self.in_quotes {
                match b {
                    b'"' => self.pending_quote = true,
                    b'\n' => self.line += 1,
                    _ => {}
                }
            } else if b == b'"' && self.field_start {
                self.in_quotes = true;
                self.opened = self.line;
                self.field_start = false;
            } else if b == self.delimiter {
                self.field_start = true;
            } else if b == b'\n' {
                self.line += 1;
                self.field_start = true;
            } else if b != b'\r' {
                self.field_start = false;
            }
        }
    }

    /// The line where a field longer than `MAX_FIELD_BYTES` starts, if one does.
    #[must_use]
    pub fn too_long(&self) -> Option<usize> {
        self.too_long
    }

    /// The line where a quoted field opened that the input never closed.
    #[must_use]
    pub fn unclosed(&self) -> Option<usize> {
        (self.in_quotes && !self.pending_quote).then_some(self.opened)
    }
}

/// The line where a quoted field opens that is never closed, if any.
#[must_use]
pub fn unclosed_quote(text: &str, delimiter: u8) -> Option<usize> {
    let mut q = Quotes::new(delimiter);
    q.feed(text.as_bytes());
    q.unclosed()
}

/// Input checked as it streams by: a leading byte-order mark dropped, UTF-8 validated
/// (reading stops at the first bad byte, which `bad` then names), quotes followed.
pub struct Checked<R> {
    inner: R,
    quotes: Quotes,
    /// Bytes of the file passed on so far (the mark included), and newlines among them.
    offset: u64,
    line: usize,
    /// The start of a UTF-8 sequence cut off by the end of the last read.
    partial: Vec<u8>,
    bad: Option<(u64, usize)>,
    /// Bytes handed to the reader (the mark left out), and whether the input has ended.
    passed: u64,
    eof: bool,
    /// The first bytes, read ahead to look for a byte-order mark; `None` once looked.
    head: Option<Vec<u8>>,
}

impl<R: std::io::Read> Checked<R> {
    pub fn new(inner: R, delimiter: u8) -> Checked<R> {
        Checked {
            inner,
            quotes: Quotes::new(delimiter),
            offset: 0,
            line: 1,
            partial: Vec::new(),
            bad: None,
            passed: 0,
            eof: false,
            head: None,
        }
    }

    /// The file offset and line of the first byte that is not UTF-8.
    pub fn bad(&self) -> Option<(u64, usize)> {
        self.bad
    }

    pub fn unclosed_quote(&self) -> Option<usize> {
        self.quotes.unclosed()
    }

    /// The first three bytes (fewer if the input is shorter), without a byte-order mark.
    fn read_head(&mut self) -> std::io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(3);
        let mut byte = [0u8; 1];
        while head.len() < 3 && self.inner.read(&mut byte)? == 1 {
            head.push(byte[0]);
        }
        if head == b"\xef\xbb\xbf" {
            head.clear();
            self.offset = 3;
        }
        Ok(head)
    }

    /// How many bytes of `chunk` are valid UTF-8, given what the last read left partial,
    /// and, if a byte is not, its offset in the file (`chunk` starts at `self.offset`).
    fn validate(&mut self, chunk: &[u8]) -> (usize, Option<u64>) {
        if self.partial.is_empty() {
            // The common case: nothing carried over, so the chunk is checked in place.
            return match std::str::from_utf8(chunk) {
                Ok(_) => (chunk.len(), None),
                Err(e) if e.error_len().is_none() && !chunk.is_empty() => {
                    self.partial = chunk[e.valid_up_to()..].to_vec();
                    (chunk.len(), None)
                }
                Err(e) => (e.valid_up_to(), Some(self.offset + e.valid_up_to() as u64)),
            };
        }
        // A character cut by the last read: complete it with this chunk's first bytes
        // (at most three more), then check the rest in place.
        let carried = self.partial.len();
        let start = self.offset - carried as u64;
        let mut joined = std::mem::take(&mut self.partial);
        let take = chunk.len().min(4 - carried.min(4));
        joined.extend_from_slice(&chunk[..take]);
        let used = match std::str::from_utf8(&joined) {
            Ok(_) => take,
            Err(e) if e.valid_up_to() >= carried => e.valid_up_to() - carried,
            Err(e) if e.error_len().is_none() && take == chunk.len() && !chunk.is_empty() => {
                self.partial = joined;
                return (chunk.len(), None);
            }
            Err(e) => return (0, Some(start + e.valid_up_to() as u64)),
        };
        let (rest, bad) = {
            let offset = self.offset;
            self.offset += used as u64;
            let r = self.validate(&chunk[used..]);
            self.offset = offset;
            r
        };
        (used + rest, bad)
    }
}

impl<R: std::io::Read> std::io::Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Past a bad byte, or a field too long to be card text, nothing more is read: a
        // one-gigabyte cell must not be gathered into memory to be refused.
        if self.bad.is_some() || self.quotes.too_long().is_some() {
            return Ok(0);
        }
        if self.offset == 0 && self.passed == 0 && self.head.is_none() {
            self.head = Some(self.read_head()?);
        }
        let n = match self.head.as_mut().filter(|h| !h.is_empty()) {
            Some(head) => {
                let n = head.len().min(buf.len());
                buf[..n].copy_from_slice(&head[..n]);
                head.drain(..n);
                n
            }
            None => self.inner.read(buf)?,
        };
        self.eof |= n == 0;
        let (valid, bad) = self.validate(&buf[..n]);
        self.line += buf[..valid].iter().filter(|&&b| b == b'\n').count();
        self.quotes.feed(&buf[..valid]);
        self.offset += valid as u64;
        self.passed += valid as u64;
        if let Some(at) = bad {
            self.bad = Some((at, self.line));
        }
        Ok(valid)
    }
}

/// The rows of a CSV (`delimiter` `,` or `;`) or TSV (`\t`) deck, read as they stream in,
/// so that a file of a million rows never needs to be in memory at once. Rows that are
/// not cards (a header, blank lines) are passed over; after the last row come any
/// problems with the input as a whole (not UTF-8, an unclosed quote).
pub struct Rows<R: std::io::Read> {
    reader: ::csv::Reader<Checked<R>>,
    record: ::csv::StringRecord,
    layout: Option<Layout>,
    file: String,
    delimiter: u8,
    opts: Options,
    problems: usize,
    /// Cards handed out so far: a file with none is refused.
    cards: usize,
    /// The reverse of the card just handed out, handed out next.
    reverse: Option<Row>,
    done: bool,
}

impl<R: std::io::Read> Rows<R> {
    pub fn new(input: R, file: &str, delimiter: u8, opts: &Options) -> Rows<R> {
        let reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(Checked::new(input, delimiter));
        Rows {
            reader,
            record: ::csv::StringRecord::new(),
            layout: None,
            file: file.to_string(),
            delimiter,
            opts: opts.clone(),
            problems: 0,
            cards: 0,
            reverse: None,
            done: false,
        }
    }

    /// Counts a problem and hands it out as the iterator's next item.
    #[allow(clippy::unnecessary_wraps)] // `return self.problem(…)` from `next`
    fn problem(&mut self, line: Option<usize>, message: impl Into<String>) -> Option<Row> {
        self.problems += 1;
        Some(Err(Problem::new(&self.file, line, message)))
    }

    /// Whether the record just read ran into the end of the input inside quotes.
    fn swallowed_by_quote(&self) -> bool {
        let c = self.reader.get_ref();
        c.eof && c.unclosed_quote().is_some() && self.reader.position().byte() >= c.passed
    }

    /// After the last record: what the input as a whole got wrong.
    fn end(&mut self) -> Option<Row> {
        self.done = true;
        let checked = self.reader.get_ref();
        if let Some(line) = checked.quotes.too_long() {
            let m = format!(
                "a field longer than {} MB starts here; a card's text may be at most that",
                MAX_FIELD_BYTES >> 20
            );
            return self.problem(Some(line), m);
        }
        if let Some((offset, line)) = checked.bad() {
            let m = format!("not UTF-8 text (bad byte at offset {offset}); save the file as UTF-8");
            return self.problem(Some(line), m);
        }
        if let Some(line) = checked.unclosed_quote() {
            return self.problem(
                Some(line),
                "a quoted field opens here and is never closed (a `\"` is missing)",
            );
        }
        if self.cards == 0 && self.problems == 0 {
            return self.problem(None, "the file has no cards");
        }
        None
    }
}

impl<R: std::io::Read> Iterator for Rows<R> {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        if let Some(reverse) = self.reverse.take() {
            return Some(reverse);
        }
        loop {
            if self.done {
                return None;
            }
            if self.problems >= MAX_PROBLEMS {
                self.done = true;
                return Some(Err(Problem::new(
                    &self.file,
                    None,
                    "too many problems; stopped here",
                )));
            }
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return self.end(),
                Ok(true) => {}
                Err(e) => {
                    if self.reader.get_ref().bad().is_some() {
                        return self.end();
                    }
                    let line = e.position().map(|p| p.line() as usize);
                    return self.problem(line, format!("cannot read the row: {e}"));
                }
            }
            // A quote never closed swallows the rest of the file into one last record:
            // that record is no row of the file, only the quote is worth reporting.
            if self.swallowed_by_quote() || self.reader.get_ref().quotes.too_long().is_some() {
                return self.end();
            }
            let line = self.record.position().map_or(0, |p| p.line() as usize);
            // Input stops at a byte that is not UTF-8, so the row holding it is cut short:
            // only the bad byte is worth reporting, not the cut row's missing fields.
            if self
                .reader
                .get_ref()
                .bad()
                .is_some_and(|(_, at)| line >= at)
            {
                return self.end();
            }
            let cells: Vec<&str> = self.record.iter().collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let layout = match &self.layout {
                Some(l) => l,
                None => match header(&cells) {
                    Ok(Some(l)) => {
                        self.layout = Some(l);
                        continue;
                    }
                    Ok(None) => self.layout.insert(Layout {
                        back: 1,
                        tags: Some(2),
                        ..Layout::default()
                    }),
                    Err(m) => {
                        // A header naming unknown columns makes every row unreadable.
                        self.done = true;
                        self.problems += 1;
                        return Some(Err(Problem::new(&self.file, Some(line), m)));
                    }
                },
            };
            return match row(&cells, layout, &self.opts, self.delimiter) {
                Ok((deck, card, reverse)) => {
                    self.cards += 1;
                    if reverse {
                        self.reverse = Some(Ok((deck.clone(), reverse_of(&card), line)));
                    }
                    Some(Ok((deck, card, line)))
                }
                Err(m) => self.problem(Some(line), m),
            };
        }
    }
}

/// Parses a whole CSV (`delimiter` `,` or `;`) or TSV (`\t`) deck file held in memory.
pub fn parse(text: &str, file: &str, delimiter: u8, opts: &Options) -> Result<Parsed, Problems> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut set = DeckSet::default();
    for r in Rows::new(text.as_bytes(), file, delimiter, opts) {
        match r {
            Ok((deck, card, line)) => {
                if let Err(m) = set.add(&deck, card, &format!("line {line}")) {
                    problems.push(Problem::new(file, Some(line), m));
                }
            }
            Err(p) => problems.push(p),
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
        key_points: find("key_points"),
        note: find("note"),
        ordered: find("ordered"),
        db: find("db"),
        reverse: find("reverse"),
        width: Some(names.len()),
    }))
}

fn row(
    cells: &[&str],
    layout: &Layout,
    opts: &Options,
    delimiter: u8,
) -> Result<(String, CardDraft, bool), String> {
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
    let guid = match clean_text(cell(layout.id)) {
        id if id.is_empty() => derived_guid(&deck, &front),
        id => id,
    };
    let back = match cells.get(layout.back) {
        Some(raw) if kind == CardKind::Output => clean_back(kind, raw),
        _ => back,
    };
    let ordered = match cell(layout.ordered).to_ascii_lowercase().as_str() {
        "" => None,
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        other => {
            return Err(format!(
                "`ordered`: expected true or false, found `{other}`"
            ));
        }
    };
    let db = Some(clean_text(cell(layout.db))).filter(|d| !d.is_empty());
    let card = CardDraft {
        guid,
        stage,
        kind,
        front,
        back,
        choices,
        tags: split_tags(cell(layout.tags)),
        key_points: key_points(cell(layout.key_points)),
        note: clean_text(cell(layout.note)),
        sql: SqlOptions { ordered, db },
    };
    card.check_kind()?;
    let reverse = match cell(layout.reverse).to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "0" => false,
        "true" | "yes" | "1" => true,
        other => return Err(format!("`reverse` must be true or false, not `{other}`")),
    };
    if reverse {
        check_reversible(&card)?;
    }
    Ok((deck, card, reverse))
}

/// Key points one per line, each as its phrasings separated by ` | ` (a `|` without
/// spaces around it, as in `P(y|X)`, stays text).
fn key_points(cell: &str) -> Vec<KeyPoint> {
    cell.lines()
        .map(|line| {
            let phrasings: Vec<String> = line
                .split(" | ")
                .map(clean_text)
                .filter(|p| !p.is_empty())
                .collect();
            KeyPoint(phrasings)
        })
        .filter(|p| !p.0.is_empty())
        .collect()
}

/// Writes decks as CSV with a header row naming every column, so that importing it
/// gives the same cards: choices one per line, tags separated by spaces, key points one
/// per line with their phrasings separated by ` | `.
pub fn write(decks: &[DeckDraft]) -> Result<String, ::csv::Error> {
    let mut w = DeckWriter::new(Vec::new())?;
    for deck in decks {
        w.deck(deck)?;
    }
    let bytes = w.finish()?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes CSV decks to `W` one deck at a time (the header row first), so an export holds
/// one deck in memory, not the collection.
pub struct DeckWriter<W: std::io::Write> {
    w: ::csv::Writer<W>,
}

impl<W: std::io::Write> DeckWriter<W> {
    pub fn new(out: W) -> Result<Self, ::csv::Error> {
        let mut w = ::csv::Writer::from_writer(out);
        w.write_record(COLUMNS)?;
        Ok(DeckWriter { w })
    }

    /// The deck's cards, a row each (a card and its exact reverse are one row).
    pub fn deck(&mut self, deck: &DeckDraft) -> Result<(), ::csv::Error> {
        write_rows(&mut self.w, deck)
    }

    /// Flushes and gives the writer back.
    pub fn finish(self) -> Result<W, ::csv::Error> {
        self.w
            .into_inner()
            .map_err(|e| ::csv::Error::from(e.into_error()))
    }
}

fn write_rows<W: std::io::Write>(
    w: &mut ::csv::Writer<W>,
    deck: &DeckDraft,
) -> Result<(), ::csv::Error> {
    {
        // A card and its exact reverse are one row, with `reverse` true.
        for (c, reverse) in fold_reverses(&deck.cards) {
            let stage = c.stage.number().to_string();
            let ordered = c
                .sql
                .ordered
                .map_or("", |o| if o { "true" } else { "false" });
            w.write_record([
                deck.name.as_str(),
                &c.guid,
                &stage,
                c.kind.as_str(),
                &c.front,
                &c.back,
                &c.choices.join("\n"),
                &c.tags.join(" "),
                &c.key_points
                    .iter()
                    .map(|p| p.0.join(" | "))
                    .collect::<Vec<_>>()
                    .join("\n"),
                &c.note,
                ordered,
                c.sql.db.as_deref().unwrap_or(""),
                if reverse { "true" } else { "" },
            ])?;
        }
    }
    Ok(())
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
    let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
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
            in_folder: false,
        }
    }

    /// A reader that hands out one byte at a time, as a slow pipe might.
    struct Trickle<'a>(&'a [u8]);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.split_first() {
                Some((b, rest)) if !buf.is_empty() => {
                    buf[0] = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn stream(bytes: &[u8]) -> Vec<Row> {
        Rows::new(Trickle(bytes), "s.csv", b',', &opts()).collect()
    }

    #[test]
    fn streamed_rows_survive_split_characters_and_a_byte_order_mark() {
        let rows =
            stream("\u{feff}front,back\ncafé,naïve \"x\"\n\"multi\nline\",日本語\n".as_bytes());
        let cards: Vec<(String, String, usize)> = rows
            .into_iter()
            .map(|r| r.map(|(_, c, line)| (c.front, c.back, line)).unwrap())
            .collect();
        assert_eq!(
            cards,
            vec![
                ("café".into(), "naïve \"x\"".into(), 2),
                ("multi\nline".into(), "日本語".into(), 3),
            ]
        );
    }

    #[test]
    fn streamed_input_that_is_not_utf8_stops_at_the_bad_byte() {
        let mut bytes = b"front,back\nok,fine\nbad,".to_vec();
        bytes.push(0xe9);
        bytes.extend_from_slice(b"t\nafter,more\n");
        let rows = stream(&bytes);
        let problems: Vec<String> = rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            vec!["s.csv:3: not UTF-8 text (bad byte at offset 23); save the file as UTF-8"]
        );
        // The row cut short by the bad byte has no other problem to report.
        let rows = stream(b"front,back\nq1,a1\nq2,\xff\xfe bad\nq3,a3\n");
        let problems: Vec<String> = rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            vec!["s.csv:3: not UTF-8 text (bad byte at offset 20); save the file as UTF-8"]
        );
        // A file that ends inside a multi-byte character is named too.
        let rows = stream(b"front,back\nx,\xe6\x97");
        assert!(rows.iter().any(|r| r.as_ref().is_err_and(|p| {
            p.message
                .starts_with("not UTF-8 text (bad byte at offset 13)")
        })));
    }

    #[test]
    fn a_quote_left_open_is_the_only_problem_reported() {
        let rows = stream(b"front,back\na,b\n\"open,c\nd,e\n");
        let problems: Vec<String> = rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(std::string::ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            vec!["s.csv:3: a quoted field opens here and is never closed (a `\"` is missing)"]
        );
        assert_eq!(rows.iter().filter(|r| r.is_ok()).count(), 1);
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
            "f.csv:1: unknown column `notes` in the header row; the columns are deck, id, stage, kind, front, back, choices, tags, key_points, note, ordered, db, reverse"
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
            "deck,id,stage,kind,front,back,choices,tags,key_points\n\
             A,a/1,3,choice,\"Pick, one\",right,\"wrong\nalso wrong\",t1 t2,\"right one | the right\nP(y|X) changes\"\n\
             B,b/1,1,cloze,x [...] z,y,,,\n",
            b',',
        );
        let text = write(&d).unwrap();
        assert_eq!(ok(&text, b','), d);
        assert_eq!(d[0].cards[0].choices, ["wrong", "also wrong"]);
        let points: Vec<&[String]> = d[0].cards[0]
            .key_points
            .iter()
            .map(crate::core::model::KeyPoint::phrasings)
            .collect();
        assert_eq!(
            points,
            [&["right one", "the right"][..], &["P(y|X) changes"][..]]
        );
    }

    #[test]
    fn exercise_cards_round_trip_with_their_note_and_options() {
        let d = ok(
            "id,kind,front,back,note,ordered,db\n\
             s/1,sql,Top 3?,\"SELECT 1\nORDER BY 1;\",Ties by id.,false,shop\n\
             p/1,output,\"What prints?\n\nprint(' x')\",\"\n x  \n\",,,\n",
            b',',
        );
        let sql = &d[0].cards[0];
        assert_eq!(sql.kind, CardKind::Sql);
        assert_eq!(sql.note, "Ties by id.");
        assert_eq!(
            sql.sql,
            SqlOptions {
                ordered: Some(false),
                db: Some("shop".into())
            }
        );
        let out = &d[0].cards[1];
        assert_eq!(out.back, " x", "an output keeps its leading space");
        assert_eq!(out.sql, SqlOptions::default());
        let text = write(&d).unwrap();
        assert_eq!(ok(&text, b','), d);
        assert_eq!(
            err("kind,front,back,ordered\nsql,q,SELECT 1;,maybe\n", b','),
            "f.csv:2: `ordered`: expected true or false, found `maybe`"
        );
    }

    #[test]
    fn a_reverse_column_makes_the_reverse_card_and_writes_back_as_one_row() {
        let d = ok(
            "id,front,back,tags,reverse\nes/perro,perro,dog,animals,true\nes/gato,gato,cat,,\n",
            b',',
        );
        let cards: Vec<(&str, &str, &str)> = d[0]
            .cards
            .iter()
            .map(|c| (c.guid.as_str(), c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            cards,
            vec![
                ("es/perro", "perro", "dog"),
                ("es/perro/reverse", "dog", "perro"),
                ("es/gato", "gato", "cat"),
            ]
        );
        let text = write(&d).unwrap();
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.contains(",true\n"), "{text}");
        assert_eq!(ok(&text, b','), d);
        assert_eq!(
            err("front,back,reverse\na,b,maybe\n", b','),
            "f.csv:2: `reverse` must be true or false, not `maybe`"
        );
        assert_eq!(
            err("front,back,kind,reverse\n[...] b,a,cloze,yes\n", b','),
            "f.csv:2: `reverse` works on basic and typed cards, not on a cloze card"
        );
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

    /// A reader that hands out its bytes in chunks of the given sizes, cycling.
    struct Chunks<'a> {
        bytes: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl std::io::Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let size = self.sizes[self.next % self.sizes.len()].max(1);
            self.next += 1;
            let n = size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    proptest! {
        #[test]
        fn checked_input_finds_the_first_bad_byte_however_it_is_split(
            text in "[a-zé日\n,]{0,40}",
            junk in proptest::option::of((0usize..60, 0x80u8..=0xff)),
            sizes in proptest::collection::vec(1usize..7, 1..5),
        ) {
            use std::io::Read;
            let mut bytes = text.into_bytes();
            if let Some((at, b)) = junk {
                let at = at.min(bytes.len());
                bytes.insert(at, b);
            }
            let expected = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to() as u64);
            let mut checked = Checked::new(Chunks { bytes: &bytes, sizes, next: 0 }, b',');
            let mut out = Vec::new();
            checked.read_to_end(&mut out).unwrap();
            prop_assert_eq!(checked.bad().map(|(at, _)| at), expected);
            // Everything valid is passed on; of what follows, at most the start of a
            // character cut by a read (which the reader then refuses as not UTF-8).
            let valid = expected.map_or(bytes.len(), |e| e as usize);
            prop_assert!(out.len() >= valid && out.len() <= valid + 3);
            prop_assert_eq!(&out[..], &bytes[..out.len()]);
        }

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
                    key_points: vec![],
                    note: String::new(),
                    sql: crate::core::model::SqlOptions::default(),
                }],
            };
            prop_assume!(!deck.cards[0].front.is_empty());
            let text = write(std::slice::from_ref(&deck)).unwrap();
            let read = parse(&text, "r.csv", b',', &opts()).unwrap().decks;
            prop_assert_eq!(read, vec![deck]);
        }
    }
}
