//! The import pipeline: files in, one transaction out. Every file is prepared first —
//! its format told from `--format` or `formats::detect`, then parsed whole, or, for a
//! streamed format, kept to stream — collecting every problem of every file; then, if
//! there were none, all of it goes into the store in one import session, streamed files
//! row by row from a second thread. Progress goes to a `Progress` the caller provides
//! (the command's is `ui::import`'s bar); nothing here draws or prints.
//!
//! The formats themselves are `formats::FORMATS`; this module only reads their
//! `FormatSpec`s, so it needs no change for a new format.

mod files;
mod folders;
pub mod reviews;
mod sources;
mod stream;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Result, anyhow};

pub use files::{MAX_FILE_BYTES, read_text};
use sources::{Source, Stream, merged, prepare_all, skipped_by_deck};
use stream::stream_into;

use crate::core::day::Day;
use crate::core::model::Stage;
use crate::formats::{FormatChoice, Parsed, Problem, Problems};
use crate::store::{
    ImportOptions, ImportReport, Origin, ReviewImport, ReviewImportOptions, Store, StoreError,
};

/// The most problems gathered across all files before reading stops.
pub(crate) const MAX_PROBLEMS_ALL: usize = 200;

/// What to import, and how.
pub struct Request<'a> {
    /// Files, and folders of Markdown files (a hashcards collection, an Obsidian vault).
    pub files: &'a [PathBuf],
    pub format: FormatChoice,
    /// The deck for cards whose file names none (else the file's name).
    pub deck: Option<&'a str>,
    /// The stage for cards whose file gives none (else Beginner).
    pub stage: Option<Stage>,
    pub dry_run: bool,
    /// Take over the scheduling of reviewed cards (Anki packages, Obsidian notes).
    pub with_scheduling: bool,
    /// Move the cards of the files' decks that the files no longer hold to the trash.
    pub prune: bool,
    /// The time now, in Unix milliseconds.
    pub now_ms: &'a dyn Fn() -> i64,
    /// The study day now, given the rollover hour (a level moves one step a day at most).
    pub today: &'a dyn Fn(u32) -> Day,
    /// The study day of a time (UTC ms), given the rollover hour: imported answers'.
    pub day_of: &'a dyn Fn(i64, u32) -> Day,
}

/// Told how an import advances; called on the importing thread only.
pub trait Progress {
    /// Once every file is prepared: the cards read whole, and the bytes of the files
    /// that will be streamed.
    fn start(&self, cards: usize, stream_bytes: u64);
    /// `n` more done: cards written when no file streams, else bytes of streamed files read.
    fn advance(&self, n: u64);
    /// The import is over, whatever its outcome.
    fn finish(&self);
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug)]
pub struct Outcome {
    pub report: ImportReport,
    /// How many files were imported.
    pub files: usize,
    /// Files found in folders that hold no cards, skipped.
    pub empty_files: Vec<String>,
    /// The reasons cards were left out, by deck.
    pub skipped: BTreeMap<String, Vec<String>>,
    /// The answers of Anki's review log (`--with-scheduling`), when the package had some.
    pub reviews: Option<ReviewImport>,
}

/// Imports `req.files` in one transaction: all of them, or, if anything is wrong in any
/// of them, nothing, with every problem in the error. The database is opened with
/// `open_store` only once every file read whole is known to be good.
pub fn run(
    req: &Request<'_>,
    open_store: impl FnOnce() -> Result<Store>,
    progress: &dyn Progress,
) -> Result<Outcome> {
    let (mut sources, mut problems) = prepare_all(req);
    let parsed = merged(&mut sources, &mut problems);
    let streams: Vec<&Stream> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Stream(s) => Some(s),
            Source::Parsed(..) | Source::Empty(..) => None,
        })
        .collect();
    let files = Files {
        imported: sources
            .iter()
            .filter(|s| !matches!(s, Source::Empty(_)))
            .count(),
        empty: sources
            .iter()
            .filter_map(|s| match s {
                Source::Empty(file) => Some(file.clone()),
                _ => None,
            })
            .collect(),
    };
    progress.start(parsed.card_count(), streams.iter().map(|s| s.size).sum());
    let outcome = import(
        req, &parsed, &streams, problems, open_store, progress, files,
    );
    progress.finish();
    outcome
}

/// The files an import reads cards from, and those it skipped for having none.
struct Files {
    imported: usize,
    empty: Vec<String>,
}

pub(crate) fn refuse(problems: Vec<Problem>) -> anyhow::Error {
    anyhow!("nothing was imported:\n{}", Problems(problems))
}

/// Writes what was prepared in one import session, streaming the streamed files into it;
/// with problems already found, only reads the streamed files on, for theirs.
fn import(
    req: &Request<'_>,
    parsed: &Parsed,
    streams: &[&Stream],
    mut problems: Vec<Problem>,
    open_store: impl FnOnce() -> Result<Store>,
    progress: &dyn Progress,
    files: Files,
) -> Result<Outcome> {
    if !problems.is_empty() {
        // Nothing will be written, but every file is still read so one run shows all.
        for stream in streams {
            let found = problems.len();
            problems.extend(stream_into(stream, None, progress, found)?);
        }
        return Err(refuse(problems));
    }
    if files.imported == 0 && !files.empty.is_empty() {
        return Err(anyhow!(
            "nothing was imported: none of the {} Markdown files found holds cards \
             (Obsidian notes need a #flashcards tag)",
            files.empty.len()
        ));
    }
    let mut store = open_store()?;
    let algorithm = store.algorithm()?;
    let rollover = store.settings()?.rollover_hour;
    let tick = || progress.advance(1);
    let opts = ImportOptions {
        origin: Origin::User,
        now_ms: (req.now_ms)(),
        dry_run: req.dry_run,
        initial_states: Some(&parsed.states),
        former_ids: Some(&parsed.formerly),
        initially_suspended: Some(&parsed.suspended),
        progress: streams.is_empty().then_some(&tick as &dyn Fn()),
        keep_order: false,
        prune: req.prune,
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
    for stream in streams {
        let found = problems.len();
        problems.extend(stream_into(stream, Some(&mut session), progress, found)?);
    }
    if !problems.is_empty() {
        drop(session); // rolls the whole import back
        return Err(refuse(problems));
    }
    let reviews = if parsed.reviews.is_empty() {
        None
    } else {
        let day_of = |ms: i64| (req.day_of)(ms, rollover);
        let opts = ReviewImportOptions {
            // Every answer is to a card this import brought.
            skip_unknown: true,
            same_day_relearn: true,
            day_of: &day_of,
            algorithm,
            schedule_new: false,
        };
        Some(session.reviews(&parsed.reviews, &opts).map_err(fail)?)
    };
    let report = session.finish().map_err(fail)?;
    if !req.dry_run {
        update_levels(&mut store, &report, (req.now_ms)(), req.today)?;
    }
    Ok(Outcome {
        report,
        files: files.imported,
        empty_files: files.empty,
        skipped: skipped_by_deck(parsed),
        reviews,
    })
}

/// New cards change a skill's mastered share, so its level may fall; it may rise only
/// with mastered cards coming in (moved here, or scheduled by the import).
pub fn update_levels(
    store: &mut Store,
    report: &ImportReport,
    now_ms: i64,
    today: impl Fn(u32) -> Day,
) -> Result<()> {
    let settings = store.settings()?;
    let today = today(settings.rollover_hour);
    for d in &report.decks {
        for id in store.deck_ids_under(&d.name)? {
            if store.deck_level(id)? > 0 || d.moved > 0 || d.scheduled > 0 {
                store.update_level(id, &settings, now_ms, today, "import")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;

    /// Records what the pipeline tells its progress.
    #[derive(Default)]
    struct Recorded {
        started: RefCell<Option<(usize, u64)>>,
        advanced: Cell<u64>,
        finished: Cell<bool>,
    }

    impl Progress for Recorded {
        fn start(&self, cards: usize, stream_bytes: u64) {
            *self.started.borrow_mut() = Some((cards, stream_bytes));
        }
        fn advance(&self, n: u64) {
            self.advanced.set(self.advanced.get() + n);
        }
        fn finish(&self) {
            self.finished.set(true);
        }
    }

    fn request(files: &[PathBuf]) -> Request<'_> {
        Request {
            files,
            format: FormatChoice::Auto,
            deck: None,
            stage: None,
            dry_run: false,
            with_scheduling: false,
            prune: false,
            now_ms: &|| 1_000,
            today: &|_| 0,
            day_of: &|_, _| 0,
        }
    }

    #[test]
    fn whole_and_streamed_files_go_into_one_import() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("one.toml");
        std::fs::write(
            &toml,
            "name = \"A\"\n[[cards]]\nfront = \"f\"\nback = \"b\"\n",
        )
        .unwrap();
        let csv = dir.path().join("two.csv");
        let rows = "front,back\nx,y\nz,w\n";
        std::fs::write(&csv, rows).unwrap();
        let files = [toml, csv];
        let progress = Recorded::default();
        let outcome = run(&request(&files), || Ok(Store::open_in_memory()?), &progress).unwrap();
        let added: Vec<(&str, usize)> = outcome
            .report
            .decks
            .iter()
            .map(|d| (d.name.as_str(), d.added))
            .collect();
        assert_eq!(added, [("A", 1), ("two", 2)]);
        assert_eq!(outcome.files, 2);
        assert_eq!(*progress.started.borrow(), Some((1, rows.len() as u64)));
        // With a file streaming, progress is its bytes, not cards.
        assert_eq!(progress.advanced.get(), rows.len() as u64);
        assert!(progress.finished.get());
    }

    #[test]
    fn a_bad_file_imports_nothing_and_never_opens_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.md");
        std::fs::write(&good, "Q: a\nA: b\n").unwrap();
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "front,back\n\"open,b\n").unwrap();
        let unknown = dir.path().join("notes");
        std::fs::write(&unknown, "just words").unwrap();
        let files = [good, bad, unknown];
        let progress = Recorded::default();
        let err = run(
            &request(&files),
            || panic!("the store is opened only for good files"),
            &progress,
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("nothing was imported:\n"), "{err}");
        assert!(
            err.contains("bad.csv:2: a quoted field opens here"),
            "{err}"
        );
        assert!(err.contains("notes: cannot tell the format"), "{err}");
        assert!(progress.finished.get());
    }
}
