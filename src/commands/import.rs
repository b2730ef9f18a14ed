//! `recall import`: parse every file first, then apply them all in one transaction.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};

use crate::app::Ctx;
use crate::cli::ImportArgs;
use crate::core::model::DeckDraft;
use crate::core::text::sanitize;
use crate::formats::{Problem, Problems, native};
use crate::store::{ImportReport, Origin};

/// Reads a file as UTF-8 text, naming the first bad byte if it is not.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Problem {
        file: file.clone(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    String::from_utf8(bytes)
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Problem {
                file,
                line: Some(line),
                message: format!(
                    "not UTF-8 text (bad byte at offset {at}); save the file as UTF-8"
                ),
            }
        })
        .map(|s| s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s))
}

/// Parses every file, collecting every problem of every file.
fn parse_all(files: &[std::path::PathBuf]) -> Result<Vec<DeckDraft>, Problems> {
    let mut decks = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let text = match read_text(path) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        match native::parse(&text, &path.display().to_string()) {
            Ok(d) => decks.push(d),
            Err(Problems(ps)) => problems.extend(ps),
        }
    }
    if problems.is_empty() {
        Ok(decks)
    } else {
        Err(Problems(problems))
    }
}

pub fn run(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let decks = parse_all(&args.files).map_err(|e| anyhow!("nothing was imported:\n{e}"))?;
    let mut store = ctx.open_store()?;
    let report = store
        .import(&decks, Origin::User, ctx.clock.now_ms(), args.dry_run)
        .map_err(|e| anyhow!("nothing was imported: {e}"))?;
    if !args.dry_run {
        let settings = store.settings()?;
        // New cards change a skill's mastered share, so its level may fall.
        for name in report.decks.iter().map(|d| &d.name) {
            for id in store.deck_ids_under(name)? {
                store.update_level(id, &settings, ctx.clock.now_ms(), "import")?;
            }
        }
    }
    print_report(&mut std::io::stdout().lock(), &report, args.files.len())?;
    Ok(())
}

pub fn print_report(out: &mut dyn Write, r: &ImportReport, files: usize) -> std::io::Result<()> {
    let s = if files == 1 { "" } else { "s" };
    if r.dry_run {
        writeln!(
            out,
            "Dry run of {files} file{s}: nothing was written. The import would make these changes:"
        )?;
    } else {
        writeln!(out, "Imported {files} file{s} in one transaction:")?;
    }
    for d in &r.decks {
        let mut parts = Vec::new();
        for (n, what) in [
            (d.added, "added"),
            (d.updated, "updated"),
            (d.moved, "moved here from another deck"),
            (d.unchanged, "unchanged"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let new = if d.created { " (new deck)" } else { "" };
        writeln!(out, "  {}{new}: {}", sanitize(&d.name), parts.join(", "))?;
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
    Ok(())
}
