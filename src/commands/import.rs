//! `recall import`: parse every file first (collecting every problem), then apply them
//! all in one transaction.

use std::collections::{BTreeMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::app::Ctx;
use crate::cli::{ImportArgs, ImportFormat};
use crate::core::model::Stage;
use crate::core::text::sanitize;
use crate::formats::{
    self, Format, Options, Parsed, Problem, Problems, anki_text, apkg, csv, deck_name, markdown,
    native,
};
use crate::store::{ImportOptions, ImportReport, Origin, anki};

/// Imports of at least this many cards show a progress bar (on a terminal).
const PROGRESS_FROM: usize = 2_000;

/// Files larger than this are refused before they are read: far beyond any real deck, and
/// short of exhausting memory.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// A card's front, back or option longer than this is refused: no question is a megabyte
/// long, and such text would flood the terminal.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

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
    let mut problems = Vec::new();
    for deck in &parsed.decks {
        for card in &deck.cards {
            let fields = [("front", &card.front), ("back", &card.back)];
            let long = fields
                .into_iter()
                .chain(card.choices.iter().map(|c| ("an option", c)))
                .find(|(_, text)| text.len() > MAX_FIELD_BYTES);
            if let Some((what, text)) = long {
                problems.push(Problem::new(
                    file,
                    None,
                    format!(
                        "card `{}` in deck `{}`: {what} is {:.1} MB; a card's text may be at most {} MB",
                        sanitize(&card.guid),
                        sanitize(&deck.name),
                        text.len() as f64 / f64::from(1u32 << 20),
                        MAX_FIELD_BYTES >> 20
                    ),
                ));
            }
        }
    }
    problems
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

/// Reads and parses one file in the format asked for, or the one it is in.
fn parse_file(path: &Path, args: &ImportArgs) -> Result<Parsed, Problems> {
    let file = path.display().to_string();
    let bytes = read_bounded(path, &file).map_err(|p| Problems(vec![p]))?;
    let format = match format_of(args.format) {
        Some(f) => f,
        None => formats::detect(&file, &bytes).map_err(|m| Problems::one(&file, None, m))?,
    };
    let opts = options(path, args);
    let text = |bytes| decode_text(bytes, &file).map_err(|p| Problems(vec![p]));
    let parsed = match format {
        Format::Apkg => parse_package(&bytes, &file, &opts),
        Format::Toml => native::parse_decks(&text(bytes)?, &file, opts.stage).map(Parsed::of_decks),
        Format::Csv => {
            let text = text(bytes)?;
            csv::parse(&text, &file, csv::sniff_delimiter(&text), &opts)
        }
        Format::Tsv => csv::parse(&text(bytes)?, &file, b'\t', &opts),
        Format::AnkiText => anki_text::parse(&text(bytes)?, &file, &opts),
        Format::Markdown => markdown::parse(&text(bytes)?, &file, &opts),
    }?;
    let too_long = oversized(&parsed, &file);
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

/// Everything the files hold, or every problem of every file.
fn parse_all(args: &ImportArgs) -> Result<Parsed, Problems> {
    let mut all = Parsed::default();
    let mut problems = Vec::new();
    for path in &args.files {
        match parse_file(path, args) {
            Ok(p) => {
                all.decks.extend(p.decks);
                all.skipped.extend(p.skipped);
                all.states.extend(p.states);
            }
            Err(Problems(ps)) => problems.extend(ps),
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    all.decks = formats::merge_decks(all.decks);
    Ok(all)
}

pub fn run(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let parsed = parse_all(args).map_err(|e| anyhow!("nothing was imported:\n{e}"))?;
    let mut store = ctx.open_store()?;
    let bar = progress_bar(parsed.card_count());
    let tick = || bar.inc(1);
    let opts = ImportOptions {
        origin: Origin::User,
        now_ms: ctx.clock.now_ms(),
        dry_run: args.dry_run,
        initial_states: Some(&parsed.states),
        progress: Some(&tick),
    };
    let report = store
        .import_with(&parsed.decks, &opts)
        .map_err(|e| anyhow!("nothing was imported: {e}"))?;
    bar.finish_and_clear();
    if !args.dry_run {
        let settings = store.settings()?;
        // New cards change a skill's mastered share, so its level may fall.
        for name in report.decks.iter().map(|d| &d.name) {
            for id in store.deck_ids_under(name)? {
                store.update_level(id, &settings, ctx.clock.now_ms(), "import")?;
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

/// A bar on standard error for big imports, hidden when that is not a terminal.
fn progress_bar(cards: usize) -> ProgressBar {
    if cards < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(cards as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("importing {bar:30} {pos}/{len} cards") {
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
