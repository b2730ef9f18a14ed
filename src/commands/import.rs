//! `recall import`: parse every file first (collecting every problem), then apply them
//! all in one transaction.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{ImportArgs, ImportFormat};
use crate::context::Ctx;
use crate::core::model::{CardDraft, Stage};
use crate::core::text::sanitize;
use crate::formats::{
    self, Format, MAX_FIELD_BYTES, Options, Parsed, Problem, Problems, anki_text, apkg, csv,
    deck_name, markdown, native,
};
use crate::store::{ImportOptions, ImportReport, ImportSession, Origin, StoreError, anki};

/// Imports of at least this many cards, or streamed files of this many bytes, show a
/// progress bar (on a terminal).
const PROGRESS_FROM: usize = 2_000;
const PROGRESS_BYTES: u64 = 1 << 20;

/// Files read whole (all but CSV and TSV, which stream) larger than this are refused
/// before they are read: far beyond any real deck, and short of exhausting memory.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// Reads a whole file, refusing one over `MAX_FILE_BYTES` before reading it.
fn read_bounded(path: &Path, file: &str) -> Result<Vec<u8>, Problem> {
    let cannot = |e: std::io::Error| Problem::new(file, None, format!("cannot read: {e}"));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Problem::new(
            file,
            None,
            format!(
                "the file is {} MB; recall imports files of up to {} MB",
                size >> 20,
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    std::fs::read(path).map_err(cannot)
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
fn oversized_card(deck: &str, card: &CardDraft, file: &str) -> Option<Problem> {
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

/// Reads a file as UTF-8 text, naming the first bad byte if it is not.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let file = path.display().to_string();
    decode_text(read_bounded(path, &file)?, &file)
}

/// UTF-8 text from a file's bytes (a byte-order mark dropped), or where it is not.
fn decode_text(bytes: Vec<u8>, file: &str) -> Result<String, Problem> {
    String::from_utf8(bytes)
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Problem::new(
                file,
                Some(line),
                format!("not UTF-8 text (bad byte at offset {at}); save the file as UTF-8"),
            )
        })
        .map(|s| s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s))
}

fn format_of(arg: ImportFormat) -> Option<Format> {
    Some(match arg {
        ImportFormat::Auto => return None,
        ImportFormat::Toml => Format::Toml,
        ImportFormat::Csv => Format::Csv,
        ImportFormat::Tsv => Format::Tsv,
        ImportFormat::AnkiText => Format::AnkiText,
        ImportFormat::Markdown => Format::Markdown,
        ImportFormat::Apkg => Format::Apkg,
    })
}

/// The options for one file: `--deck`, or else the file's name, for cards without one.
fn options(path: &Path, args: &ImportArgs) -> Options {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let default_deck = args
        .deck
        .as_deref()
        .and_then(deck_name)
        .or_else(|| deck_name(stem))
        .unwrap_or_else(|| "Imported".to_string());
    Options {
        default_deck,
        stage: args.stage.unwrap_or(Stage::Beginner),
        with_scheduling: args.with_scheduling,
    }
}

/// How much of a file is read to tell its format.
const SNIFF_BYTES: u64 = 64 << 10;

/// A file to import: parsed whole, or — CSV and TSV, which can hold millions of rows —
/// streamed row by row into the import, so memory does not grow with the file.
enum Source {
    Parsed(Parsed),
    Stream {
        path: PathBuf,
        file: String,
        delimiter: u8,
        opts: Options,
        size: u64,
    },
}

/// Tells a file's format from `--format`, its name and its first bytes, then parses it
/// (or, for CSV and TSV, gets it ready to stream).
fn prepare(path: &Path, args: &ImportArgs) -> Result<Source, Problems> {
    let file = path.display().to_string();
    let cannot = |e: std::io::Error| Problems::one(&file, None, format!("cannot read: {e}"));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .map_err(cannot)?;
    let format = match format_of(args.format) {
        Some(f) => f,
        None => formats::detect(&file, &head).map_err(|m| Problems::one(&file, None, m))?,
    };
    let opts = options(path, args);
    let delimiter = match format {
        Format::Csv => csv::sniff_delimiter(&String::from_utf8_lossy(&head)),
        Format::Tsv => b'\t',
        _ => return parse_whole(path, &file, format, &opts).map(Source::Parsed),
    };
    Ok(Source::Stream {
        path: path.to_path_buf(),
        file,
        delimiter,
        opts,
        size,
    })
}

/// Reads and parses a whole file of a format that is not streamed.
fn parse_whole(
    path: &Path,
    file: &str,
    format: Format,
    opts: &Options,
) -> Result<Parsed, Problems> {
    let bytes = read_bounded(path, file).map_err(|p| Problems(vec![p]))?;
    let text = |bytes| decode_text(bytes, file).map_err(|p| Problems(vec![p]));
    let parsed = match format {
        Format::Apkg => parse_package(&bytes, file, opts),
        Format::Toml => native::parse_decks(&text(bytes)?, file, opts.stage).map(Parsed::of_decks),
        Format::Csv => {
            let text = text(bytes)?;
            csv::parse(&text, file, csv::sniff_delimiter(&text), opts)
        }
        Format::Tsv => csv::parse(&text(bytes)?, file, b'\t', opts),
        Format::AnkiText => anki_text::parse(&text(bytes)?, file, opts),
        Format::Markdown => markdown::parse(&text(bytes)?, file, opts),
    }?;
    let too_long = oversized(&parsed, file);
    if too_long.is_empty() {
        Ok(parsed)
    } else {
        Err(Problems(too_long))
    }
}

/// An Anki package: the zip and zstd here, the SQLite in the store, the cards in formats.
fn parse_package(bytes: &[u8], file: &str, opts: &Options) -> Result<Parsed, Problems> {
    let collection = apkg::unpack(bytes, file, apkg::MAX_UNPACKED_BYTES)?;
    let raw = anki::read_collection(collection).map_err(|e| {
        Problems::one(
            file,
            None,
            format!("the collection in the package cannot be read: {e}"),
        )
    })?;
    apkg::cards(&raw, file, opts)
}

/// Every file prepared, and every problem found on the way.
fn prepare_all(args: &ImportArgs) -> (Vec<Source>, Vec<Problem>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for path in &args.files {
        match prepare(path, args) {
            Ok(s) => sources.push(s),
            Err(Problems(ps)) => problems.extend(ps),
        }
    }
    (sources, problems)
}

/// What the whole-file sources hold, merged: decks of the same name joined.
fn merged(sources: &mut [Source]) -> Parsed {
    let mut all = Parsed::default();
    for s in sources.iter_mut() {
        if let Source::Parsed(p) = s {
            let p = std::mem::take(p);
            all.decks.extend(p.decks);
            all.skipped.extend(p.skipped);
            all.states.extend(p.states);
        }
    }
    all.decks = formats::merge_decks(all.decks);
    all
}

/// Rows handed from the parsing thread to the importing one at a time, and how many
/// such batches may wait: bounded, so memory stays flat however big the file.
const BATCH: usize = 512;
const BATCHES_IN_FLIGHT: usize = 8;

/// Streams one CSV or TSV file into the import (or, once a problem was found anywhere,
/// only reads on to report every problem); returns this file's problems. The file is
/// parsed on a second thread while this one writes to the database: the two halves of a
/// big import take about as long as each other.
fn stream_into(
    source: (&Path, &str, u8, &Options),
    mut session: Option<&mut ImportSession<'_, '_>>,
    bar: &ProgressBar,
    found: usize,
) -> Result<Vec<Problem>> {
    let (path, file, delimiter, opts) = source;
    let input = match std::fs::File::open(path) {
        Ok(f) => BufReader::with_capacity(1 << 16, bar.wrap_read(f)),
        Err(e) => return Ok(vec![Problem::new(file, None, format!("cannot read: {e}"))]),
    };
    let rows = csv::Rows::new(input, file, delimiter, opts);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<csv::Row>>(BATCHES_IN_FLIGHT);
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for row in rows {
                batch.push(row);
                // A closed channel means the importer stopped: so does the parser.
                if batch.len() == BATCH && tx.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
            }
            let _ = tx.send(batch);
        });
        let mut problems = Vec::new();
        for row in rx.iter().flatten() {
            if found + problems.len() >= MAX_PROBLEMS_ALL {
                break;
            }
            let (deck, card, line) = match row {
                Ok(r) => r,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            if let Some(p) = oversized_card(&deck, &card, file) {
                problems.push(Problem {
                    line: Some(line),
                    ..p
                });
                continue;
            }
            match session.as_deref_mut() {
                Some(s) if found + problems.len() == 0 => match s.card(&deck, &card) {
                    Ok(()) => {}
                    Err(StoreError::Invalid(m)) => problems.push(Problem::new(file, Some(line), m)),
                    Err(e) => return Err(anyhow!("nothing was imported: {e}")),
                },
                _ => {}
            }
        }
        Ok(problems)
    })
}

/// The most problems gathered across all files before reading stops.
const MAX_PROBLEMS_ALL: usize = 200;

pub fn run(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let (mut sources, mut problems) = prepare_all(args);
    let parsed = merged(&mut sources);
    let streams: Vec<(&Path, &str, u8, &Options, u64)> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Stream {
                path,
                file,
                delimiter,
                opts,
                size,
            } => Some((path.as_path(), file.as_str(), *delimiter, opts, *size)),
            Source::Parsed(_) => None,
        })
        .collect();
    let refuse = |problems: Vec<Problem>| anyhow!("nothing was imported:\n{}", Problems(problems));
    let bar = progress_bar(parsed.card_count(), streams.iter().map(|s| s.4).sum());
    if !problems.is_empty() {
        // Nothing will be written, but every file is still read so one run shows all.
        for (path, file, delimiter, opts, _) in &streams {
            let found = problems.len();
            problems.extend(stream_into(
                (path, file, *delimiter, opts),
                None,
                &bar,
                found,
            )?);
        }
        bar.finish_and_clear();
        return Err(refuse(problems));
    }
    let mut store = ctx.open_store()?;
    let tick = || bar.inc(1);
    let opts = ImportOptions {
        origin: Origin::User,
        now_ms: ctx.clock.now_ms(),
        dry_run: args.dry_run,
        initial_states: Some(&parsed.states),
        progress: streams.is_empty().then_some(&tick as &dyn Fn()),
    };
    let fail = |e: StoreError| anyhow!("nothing was imported: {e}");
    let mut session = store.begin_import(opts).map_err(fail)?;
    for deck in &parsed.decks {
        session
            .deck(&deck.name, Some(&deck.description))
            .map_err(fail)?;
        for card in &deck.cards {
            session.card(&deck.name, card).map_err(fail)?;
        }
    }
    for (path, file, delimiter, opts, _) in &streams {
        let found = problems.len();
        problems.extend(stream_into(
            (path, file, *delimiter, opts),
            Some(&mut session),
            &bar,
            found,
        )?);
    }
    bar.finish_and_clear();
    if !problems.is_empty() {
        drop(session); // rolls the whole import back
        return Err(refuse(problems));
    }
    let report = session.finish().map_err(fail)?;
    if !args.dry_run {
        let settings = store.settings()?;
        // New cards change a skill's mastered share, so its level may fall; it may rise
        // only with mastered cards coming in (moved here, or scheduled by the import).
        for d in &report.decks {
            for id in store.deck_ids_under(&d.name)? {
                if store.deck_level(id)? > 0 || d.moved > 0 || d.scheduled > 0 {
                    store.update_level(id, &settings, ctx.clock.now_ms(), "import")?;
                }
            }
        }
    }
    let skipped = skipped_by_deck(&parsed);
    print_report(
        &mut std::io::stdout().lock(),
        &report,
        args.files.len(),
        &skipped,
    )?;
    Ok(())
}

/// A bar on standard error for big imports, hidden when that is not a terminal: over
/// the bytes of streamed files when there are any, else over the cards.
fn progress_bar(cards: usize, stream_bytes: u64) -> ProgressBar {
    let big = cards >= PROGRESS_FROM || stream_bytes >= PROGRESS_BYTES;
    if !big || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (len, template) = if stream_bytes > 0 {
        (stream_bytes, "importing {bar:30} {bytes}/{total_bytes}")
    } else {
        (cards as u64, "importing {bar:30} {pos}/{len} cards")
    };
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// The reasons cards were left out, by deck.
fn skipped_by_deck(parsed: &Parsed) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &parsed.skipped {
        out.entry(s.deck.clone())
            .or_default()
            .push(s.reason.clone());
    }
    out
}

pub fn print_report(
    out: &mut dyn Write,
    r: &ImportReport,
    files: usize,
    skipped: &BTreeMap<String, Vec<String>>,
) -> std::io::Result<()> {
    let s = if files == 1 { "" } else { "s" };
    if r.dry_run {
        writeln!(
            out,
            "Dry run of {files} file{s}: nothing was written. The import would make these changes:"
        )?;
    } else {
        writeln!(out, "Imported {files} file{s} in one transaction:")?;
    }
    let mut reported: HashSet<&str> = HashSet::new();
    for d in &r.decks {
        reported.insert(&d.name);
        let left_out = skipped.get(&d.name).map_or(&[][..], Vec::as_slice);
        let mut parts = Vec::new();
        for (n, what) in [
            (d.added, "added"),
            (d.updated, "updated"),
            (d.moved, "moved here from another deck"),
            (d.unchanged, "unchanged"),
            (left_out.len(), "skipped"),
        ] {
            // A dry run is a plan: it shows every count, zeros included.
            if n > 0 || (r.dry_run && what != "moved here from another deck") {
                parts.push(format!("{n} {what}"));
            }
        }
        if d.scheduled > 0 {
            parts.push(format!("{} with Anki's scheduling", d.scheduled));
        }
        let new = if d.created { " (new deck)" } else { "" };
        writeln!(out, "  {}{new}: {}", sanitize(&d.name), parts.join(", "))?;
        print_skipped(out, left_out)?;
        if !d.missing.is_empty() {
            let shown: Vec<String> = d.missing.iter().take(5).map(|g| sanitize(g)).collect();
            let more = if d.missing.len() > 5 {
                format!(" and {} more", d.missing.len() - 5)
            } else {
                String::new()
            };
            writeln!(
                out,
                "    {} card(s) of this deck are not in the file and were kept: {}{more}",
                d.missing.len(),
                shown.join(", ")
            )?;
        }
    }
    // Decks whose every note was skipped have no line above.
    for (deck, reasons) in skipped {
        if !reported.contains(deck.as_str()) {
            writeln!(out, "  {}: {} skipped", sanitize(deck), reasons.len())?;
            print_skipped(out, reasons)?;
        }
    }
    Ok(())
}

fn print_skipped(out: &mut dyn Write, reasons: &[String]) -> std::io::Result<()> {
    for reason in reasons.iter().take(5) {
        writeln!(out, "    skipped {}", sanitize(reason))?;
    }
    if reasons.len() > 5 {
        writeln!(out, "    … and {} more skipped", reasons.len() - 5)?;
    }
    Ok(())
}
