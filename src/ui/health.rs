//! `recall check`'s screens: what the database holds, whether it is sound, and what a
//! repair did.

use std::io::{self, Write};
use std::path::Path;

use super::Palette;
use crate::core::text::sanitize;
use crate::store::{Health, Repair};

/// `schema_known` is the schema version this build writes.
/// Lines are wrapped to `width` under their labels.
pub fn render(
    w: &mut dyn Write,
    path: &Path,
    h: &Health,
    schema_known: i64,
    width: usize,
) -> io::Result<()> {
    super::wrap::labelled(
        w,
        "Database:     ",
        14,
        &sanitize(&path.display().to_string()),
        width,
    )?;
    writeln!(
        w,
        "Schema:       version {} (this recall writes {schema_known})",
        h.schema_version
    )?;
    if h.integrity == ["ok"] {
        writeln!(w, "Integrity:    ok")?;
    } else {
        let n = h.integrity.len();
        writeln!(
            w,
            "Integrity:    {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for finding in &h.integrity {
            super::wrap::labelled(w, "  ", 2, &sanitize(finding), width)?;
        }
    }
    let links = h.foreign_keys.as_deref().unwrap_or_default();
    if !links.is_empty() {
        writeln!(w, "Broken links: {}", links.len())?;
        for link in links {
            writeln!(w, "  {}", sanitize(link))?;
        }
    }
    for finding in h.search_index.iter().flatten() {
        super::wrap::labelled(w, "Search index: ", 14, &sanitize(finding), width)?;
    }
    let differs = h.replay_differs.as_deref().unwrap_or_default();
    if !differs.is_empty() {
        writeln!(
            w,
            "Replay:       {} card{} whose schedule is not the replay of its answers:",
            differs.len(),
            if differs.len() == 1 { "" } else { "s" }
        )?;
        for card in differs {
            super::wrap::labelled(w, "  ", 2, &sanitize(card), width)?;
        }
    }
    if h.foreign_keys.is_none() {
        super::wrap::labelled(
            w,
            "Quick check:  ",
            14,
            "every page read; `recall check --full` also checks every index, the links between tables, the search index and that every schedule is the replay of its answers",
            width,
        )?;
    }
    let n = |c: Option<i64>| c.map_or_else(|| "? (unreadable)".to_string(), |c| c.to_string());
    let holds = format!(
        "{} decks, {} cards ({} seen), {} reviews, {} level changes",
        n(h.decks),
        n(h.cards),
        n(h.cards_seen),
        n(h.reviews),
        n(h.level_events)
    );
    super::wrap::labelled(w, "Holds:        ", 14, &holds, width)
}

/// What `recall check --repair` did.
pub fn render_repair(w: &mut dyn Write, p: &Palette, path: &Path, done: &Repair) -> io::Result<()> {
    let db = sanitize(&path.display().to_string());
    match done {
        Repair::NothingToDo => writeln!(w, "{db} is sound; nothing to repair."),
        Repair::Reindexed { backup } => {
            writeln!(
                w,
                "Copied the damaged file to {}",
                sanitize(&backup.display().to_string())
            )?;
            writeln!(
                w,
                "{} rebuilt the indexes of {db} from its tables; nothing was lost.",
                p.green("✓")
            )
        }
        Repair::SearchRebuilt { backup } => {
            writeln!(
                w,
                "Copied the damaged file to {}",
                sanitize(&backup.display().to_string())
            )?;
            writeln!(
                w,
                "{} rebuilt the search index of {db} from its cards; nothing was lost.",
                p.green("✓")
            )
        }
        Repair::Salvaged { backup, tables } => {
            writeln!(
                w,
                "Copied the damaged file to {}",
                sanitize(&backup.display().to_string())
            )?;
            writeln!(
                w,
                "{} {db} now holds every row that could be read:",
                p.green("✓")
            )?;
            for t in tables {
                let mut line = format!("  {:<13} {:>8} kept", t.table, t.kept);
                if t.orphaned > 0 {
                    line.push_str(&format!(
                        ", {} left out (what they belong to was lost)",
                        t.orphaned
                    ));
                }
                if t.unreadable {
                    line.push_str(&format!(", {}", p.yellow("part unreadable")));
                }
                writeln!(w, "{line}")?;
            }
            writeln!(
                w,
                "Rows that were lost are in the copy above; run `recall check` to confirm."
            )
        }
    }
}
