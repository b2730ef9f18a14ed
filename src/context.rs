//! What a command needs from the outside world: the database path, the clock, the seed,
//! colour and whether the ends of the pipe are terminals. Made once by `app` from the
//! command line and handed to every command.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::builtin;
use crate::cli::Cli;
use crate::core::config::Settings;
use crate::core::day::{Day, study_day};
use crate::repl::{LineSource, Piped, Terminal};
use crate::store::{Origin, Store, StoreError, damage};
use crate::ui::Palette;
use crate::ui::style;

/// The config key remembering which built-in decks a database holds.
const BUILTIN_KEY: &str = "internal.builtin_hash";

/// The clock: real time, or `--now` advancing with real time from when the command started
/// (so answers in one session keep their order and durations).
#[derive(Debug, Clone)]
pub struct Clock {
    fixed: Option<DateTime<Utc>>,
    started: Instant,
    /// For tests (`RECALL_CLOCK_STEP_MS` with `--now`): each reading is this much later than
    /// the one before, instead of following real time, so answer durations are exact.
    step_ms: Option<i64>,
    readings: Arc<AtomicI64>,
}

impl Clock {
    #[must_use]
    pub fn real() -> Clock {
        Clock {
            fixed: None,
            started: Instant::now(),
            step_ms: None,
            readings: Arc::default(),
        }
    }

    #[must_use]
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Some(at),
            started: Instant::now(),
            step_ms: None,
            readings: Arc::default(),
        }
    }

    /// This clock without its steps, reading on its own: for the store's event stamps, so
    /// that they never move a stepped test clock's readings.
    #[must_use]
    pub fn without_steps(&self) -> Clock {
        Clock {
            step_ms: None,
            readings: Arc::default(),
            ..self.clone()
        }
    }

    /// A test clock: `at`, then `step_ms` later at each reading.
    #[must_use]
    pub fn stepped(at: DateTime<Utc>, step_ms: i64) -> Clock {
        Clock {
            step_ms: Some(step_ms),
            ..Clock::fixed(at)
        }
    }

    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        match (self.fixed, self.step_ms) {
            (Some(t), Some(step)) => {
                let n = self.readings.fetch_add(1, Ordering::Relaxed);
                t + TimeDelta::milliseconds(n.saturating_mul(step))
            }
            (Some(t), None) => t + self.started.elapsed(),
            (None, _) => Utc::now(),
        }
    }

    #[must_use]
    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// The study day now, in the local time zone (`TZ`), shifted by the rollover hour.
    #[must_use]
    pub fn today(&self, rollover_hour: u32) -> Day {
        study_day(local_time(self.now()), rollover_hour)
    }
}

#[must_use]
pub fn local_time(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

/// `--now`: RFC 3339, a local date-time without offset, or a date (noon local time).
pub fn parse_now(s: &str) -> Result<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(12, 0, 0))
        })
        .ok_or_else(|| anyhow!("--now `{s}` is not a time: use RFC 3339 (2026-11-27T09:00:00Z) or a date (2026-11-27)"))?;
    Local
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| anyhow!("--now `{s}` does not exist in the local time zone"))
}

/// Everything a command needs from the outside world.
pub struct Ctx {
    db: Option<PathBuf>,
    pub clock: Clock,
    pub seed: Option<u64>,
    /// Colour for standard output.
    pub palette: Palette,
    color: style::ColorChoice,
    pub stdin_is_terminal: bool,
    pub stdout_is_terminal: bool,
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Result<Ctx> {
        let clock = match &cli.now {
            Some(s) => {
                let at = parse_now(s)?;
                match clock_step()? {
                    Some(step) => Clock::stepped(at, step),
                    None => Clock::fixed(at),
                }
            }
            None => Clock::real(),
        };
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let enabled = style::decide(cli.color, stdout_is_terminal, no_color, dumb);
        Ok(Ctx {
            db: cli.db.clone(),
            clock,
            seed: cli.seed,
            palette: Palette { enabled },
            color: cli.color,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_is_terminal,
        })
    }

    /// `--db`, `RECALL_DB`, or `recall.db` in the XDG data dir.
    pub fn db_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            let text = p.to_string_lossy();
            if text.trim().is_empty() || text == ":memory:" || text.starts_with("file:") {
                bail!(
                    "--db `{}` is not a file: recall keeps every answer in a database file; pass a path (or leave --db out for the default)",
                    crate::core::text::sanitize(&text)
                );
            }
            return Ok(p.clone());
        }
        let dirs = directories::ProjectDirs::from("", "", "recall").context(
            "cannot find a home folder for the database; pass --db PATH or set RECALL_DB",
        )?;
        Ok(dirs.data_dir().join("recall.db"))
    }

    /// Opens the database, creating it and loading the built-in decks on first use, and
    /// updating their text (never progress) when this binary's built-in decks are newer.
    pub fn open_store(&self) -> Result<Store> {
        let mut store = self.open_plain()?;
        // Cards of the built-in decks that are in the trash stay there: an import leaves
        // trashed ids alone (store::trash).
        if store.settings()?.builtin_decks
            && store.config_value(BUILTIN_KEY)?.as_deref() != Some(builtin::HASH)
        {
            let decks =
                builtin::decks().map_err(|e| anyhow!("the built-in decks are damaged:\n{e}"))?;
            store.import(&decks, Origin::Builtin, self.clock.now_ms(), false)?;
            store.set_config(BUILTIN_KEY, builtin::HASH)?;
        }
        Ok(store)
    }

    /// Opens (creating, migrating) the database, its events stamped with this clock.
    fn open_plain(&self) -> Result<Store> {
        let mut store = Store::open_with(&self.db_path()?, busy_timeout()?)?;
        let clock = self.clock.without_steps();
        store.set_clock(move || clock.now_ms());
        Ok(store)
    }

    /// Creates a new database: with the built-in decks, or (`empty`) without them and
    /// with `builtin_decks` off, so that later runs do not load them either. An existing
    /// database is refused.
    pub fn create_store(&self, empty: bool) -> Result<Store> {
        let path = self.db_path()?;
        if path.exists() {
            bail!(
                "a database exists already at {}; `recall config set builtin_decks off` stops loading the built-in decks, and `recall delete --deck NAME` moves one to the trash",
                crate::core::text::sanitize(&path.display().to_string())
            );
        }
        if empty {
            let store = self.open_plain()?;
            store.set_config("builtin_decks", "off")?;
            return Ok(store);
        }
        self.open_store()
    }

    /// Opens the database for a command that only reads it: a database marked damaged is
    /// opened read-only, so what can still be read (decks, cards, an export) is not lost.
    pub fn open_store_to_read(&self) -> Result<Store> {
        let path = self.db_path()?;
        if damage::marked(&path).is_some() {
            return Ok(Store::open_damaged(&path)?);
        }
        self.open_store()
    }

    /// After a command failed: if the database turned out damaged, marks it so that later
    /// commands only read it (`store::damage`).
    pub fn note_damage(&self, error: &anyhow::Error) {
        let corrupt = error
            .chain()
            .find_map(|c| match c.downcast_ref::<StoreError>() {
                Some(StoreError::Corrupt(what)) => Some(what.clone()),
                _ => None,
            });
        if let (Some(what), Ok(path)) = (corrupt, self.db_path())
            && path.is_file()
            && damage::marked(&path).is_none()
        {
            // Best effort: the command has failed already and says why.
            let _ = damage::mark(&path, &[what]);
        }
    }

    /// Colour for a REPL session: a scripted session (stdin not a terminal) is a plain
    /// log unless `--color always` asks otherwise.
    #[must_use]
    pub fn session_palette(&self) -> Palette {
        match (self.color, self.stdin_is_terminal) {
            (style::ColorChoice::Auto, false) => Palette::PLAIN,
            _ => self.palette,
        }
    }

    #[must_use]
    pub fn today(&self, settings: &Settings) -> Day {
        self.clock.today(settings.rollover_hour)
    }

    /// A generator fixed by `--seed`, or seeded from the OS.
    #[must_use]
    pub fn rng(&self) -> StdRng {
        match self.seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => rand::make_rng(),
        }
    }

    /// Where a session reads its lines: the terminal (rustyline, with the history file
    /// when `keep_history`, the `history` setting), or the pipe, line by line.
    pub fn line_source(&self, keep_history: bool) -> Result<Box<dyn LineSource>> {
        Ok(if self.stdin_is_terminal {
            let history = if keep_history {
                self.history_path()
            } else {
                None
            };
            Box::new(Terminal::new(history)?)
        } else {
            Box::new(Piped::new(std::io::stdin().lock()))
        })
    }

    /// Where the REPL keeps its history: beside the database.
    #[must_use]
    pub fn history_path(&self) -> Option<PathBuf> {
        let db = self.db_path().ok()?;
        Some(db.with_file_name("recall_history.txt"))
    }
}

/// How long to wait for another recall process: `RECALL_BUSY_TIMEOUT_MS`, or 10 s.
fn busy_timeout() -> Result<std::time::Duration> {
    match std::env::var("RECALL_BUSY_TIMEOUT_MS") {
        Err(_) => Ok(crate::store::BUSY_TIMEOUT),
        Ok(v) => v
            .trim()
            .parse::<u64>()
            .map(std::time::Duration::from_millis)
            .map_err(|_| {
                anyhow!("RECALL_BUSY_TIMEOUT_MS must be a whole number of milliseconds, not `{v}`")
            }),
    }
}

/// The test clock's step: `RECALL_CLOCK_STEP_MS` (read only with `--now`; see
/// docs/TESTING.md), so that a session's answer times, and time limits, are exact.
fn clock_step() -> Result<Option<i64>> {
    match std::env::var("RECALL_CLOCK_STEP_MS") {
        Err(_) => Ok(None),
        Ok(v) => v
            .trim()
            .parse::<u32>()
            .map(|n| Some(i64::from(n)))
            .map_err(|_| {
                anyhow!("RECALL_CLOCK_STEP_MS must be a whole number of milliseconds, not `{v}`")
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_accepts_rfc3339_and_dates() {
        let t = parse_now("2026-11-27T09:30:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-27T09:30:00+00:00");
        assert!(parse_now("2026-11-27").is_ok());
        assert!(parse_now("2026-11-27T09:30").is_ok());
        let err = parse_now("yesterday").unwrap_err().to_string();
        assert!(err.contains("RFC 3339"), "{err}");
    }
}
