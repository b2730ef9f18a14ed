//! Each file made ready to import: its format told (or taken from `--format`), then
//! parsed whole, or — a streamed format — kept ready to stream.

use std::collections::{BTreeMap, HashMap};

use super::Request;
use super::files::{Opened, decode_text, open, read_bounded, refuse_oversized};
use super::folders::{self, Input};
use crate::core::model::{CardDraft, Stage};
use crate::core::text::sanitize;
use crate::formats::spec::{Deps, ReadAs, RowReader};
use crate::formats::{
    self, FormatChoice, MAX_FIELD_BYTES, Options, Parsed, Problem, Problems, deck_name,
};
use crate::store;

/// What formats need from outside the pure parsers: the store reads Anki's `SQLite`.
const DEPS: Deps = Deps {
    read_collection: store::anki::read_collection,
};

/// A file to import: parsed whole, or streamed row by row into the import, so memory
/// does not grow with the file (CSV and TSV, which can hold millions of rows).
pub(super) enum Source {
    /// A file read whole and parsed, with its name.
    Parsed(String, Parsed),
    Stream(Stream),
    /// A file found in a folder that holds no cards (a README, an untagged note): skipped.
    Empty(String),
}

/// A file to stream, and how.
pub(super) struct Stream {
    /// The input, opened once; taken when it is streamed.
    pub input: std::cell::RefCell<Option<Opened>>,
    pub file: String,
    /// The file's first bytes, for its format to settle how to read the rest.
    pub head: Vec<u8>,
    pub rows: RowReader,
    pub opts: Options,
    /// For progress: the file's length, or 0 when it has none (a pipe).
    pub size: u64,
}

/// Every file prepared (folders expanded into their Markdown files), and every problem
/// found on the way.
pub(super) fn prepare_all(req: &Request<'_>) -> (Vec<Source>, Vec<Problem>) {
    let (inputs, mut problems) = folders::expand(req.files);
    let mut sources = Vec::new();
    for input in &inputs {
        match prepare(input, req) {
            Ok(s) => sources.push(s),
            Err(Problems(ps)) => problems.extend(ps),
        }
    }
    (sources, problems)
}

/// Tells a file's format from `--format`, its name and its first bytes (every file of an
/// Obsidian vault is a note), then parses it (or, for a streamed format, gets it ready to
/// stream).
fn prepare(input: &Input, req: &Request<'_>) -> Result<Source, Problems> {
    let path = input.path.as_path();
    let file = path.display().to_string();
    let opened = open(path, &file)?;
    let format = match req.format {
        FormatChoice::Only(f) => f,
        FormatChoice::Auto if input.in_vault => &formats::obsidian::FORMAT,
        FormatChoice::Auto => {
            formats::detect(&file, &opened.head).map_err(|m| Problems::one(&file, None, m))?
        }
    };
    let opts = options(input, req);
    let one = |p: Problem| Problems(vec![p]);
    let parsed = match format.read {
        ReadAs::Rows(rows) => {
            return Ok(Source::Stream(Stream {
                file,
                head: opened.head.clone(),
                size: opened.size.unwrap_or(0),
                input: std::cell::RefCell::new(Some(opened)),
                rows,
                opts,
            }));
        }
        ReadAs::Text(parse) => {
            // Text never holds NUL: refuse binary data (or a device like /dev/zero) from
            // its first bytes, before reading up to the size bound.
            refuse_oversized(&opened, &file).map_err(one)?;
            if let Some(at) = opened.head.iter().position(|&b| b == 0) {
                return Err(Problems::one(
                    &file,
                    None,
                    format!("not text: a NUL byte at offset {at}; is this the right file?"),
                ));
            }
            let text =
                decode_text(read_bounded(opened, &file).map_err(one)?, &file).map_err(one)?;
            parse(&text, &file, &opts)
        }
        ReadAs::Bytes(parse) => parse(
            &read_bounded(opened, &file).map_err(one)?,
            &file,
            &opts,
            &DEPS,
        ),
    }?;
    if input.in_folder && parsed.card_count() == 0 && parsed.skipped.is_empty() {
        return Ok(Source::Empty(file));
    }
    let too_long = oversized(&parsed, &file);
    if too_long.is_empty() {
        Ok(Source::Parsed(file, parsed))
    } else {
        Err(Problems(too_long))
    }
}

/// The options for one file: `--deck`, or else the file's name, for cards without one.
fn options(input: &Input, req: &Request<'_>) -> Options {
    let stem = input
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    let default_deck = req
        .deck
        .and_then(deck_name)
        .or_else(|| deck_name(stem))
        .unwrap_or_else(|| "Imported".to_string());
    Options {
        default_deck,
        stage: req.stage.unwrap_or(Stage::Beginner),
        with_scheduling: req.with_scheduling,
        in_folder: input.in_folder,
    }
}

/// Cards with a field over `MAX_FIELD_BYTES`, as problems of `file`.
fn oversized(parsed: &Parsed, file: &str) -> Vec<Problem> {
    parsed
        .decks
        .iter()
        .flat_map(|deck| deck.cards.iter().map(move |c| (deck, c)))
        .filter_map(|(deck, card)| oversized_card(&deck.name, card, file))
        .collect()
}

/// A problem if one of the card's texts is over `MAX_FIELD_BYTES`.
pub(super) fn oversized_card(deck: &str, card: &CardDraft, file: &str) -> Option<Problem> {
    let fields = [("front", &card.front), ("back", &card.back)];
    let (what, text) = fields
        .into_iter()
        .chain(card.choices.iter().map(|c| ("an option", c)))
        .find(|(_, text)| text.len() > MAX_FIELD_BYTES)?;
    Some(Problem::new(
        file,
        None,
        format!(
            "card `{}` in deck `{}`: {what} is {:.1} MB; a card's text may be at most {} MB",
            sanitize(&card.guid),
            sanitize(deck),
            text.len() as f64 / f64::from(1u32 << 20),
            MAX_FIELD_BYTES >> 20
        ),
    ))
}

/// What the whole-file sources hold, merged: decks of the same name joined. A card id in
/// two files (two exports of one deck, say) is a problem naming both.
pub(super) fn merged(sources: &mut [Source], problems: &mut Vec<Problem>) -> Parsed {
    let mut all = Parsed::default();
    let mut first_file: HashMap<String, String> = HashMap::new();
    for s in sources.iter_mut() {
        if let Source::Parsed(file, p) = s {
            for card in p.decks.iter().flat_map(|d| &d.cards) {
                match first_file.get(&card.guid) {
                    Some(other) if other != file => problems.push(Problem::new(
                        file,
                        None,
                        format!(
                            "card id `{}` is also in {}; import one of the two files, or give the cards different ids",
                            sanitize(&card.guid),
                            sanitize(other)
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        first_file.insert(card.guid.clone(), file.clone());
                    }
                }
                if problems.len() >= super::MAX_PROBLEMS_ALL {
                    break;
                }
            }
            let p = std::mem::take(p);
            all.decks.extend(p.decks);
            all.skipped.extend(p.skipped);
            all.states.extend(p.states);
            all.formerly.extend(p.formerly);
            all.suspended.extend(p.suspended);
            all.reviews.extend(p.reviews);
        }
    }
    all.decks = formats::merge_decks(all.decks);
    all
}

/// The reasons cards were left out, by deck.
pub(super) fn skipped_by_deck(parsed: &Parsed) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &parsed.skipped {
        out.entry(s.deck.clone())
            .or_default()
            .push(s.reason.clone());
    }
    out
}
