//! `recall check`'s screen: what the database holds and whether it is sound.

use std::io::{self, Write};
use std::path::Path;

use crate::store::Health;

/// `schema_known` is the schema version this build writes.
pub fn render(w: &mut dyn Write, path: &Path, h: &Health, schema_known: i64) -> io::Result<()> {
    writeln!(w, "Database:     {}", path.display())?;
    writeln!(
        w,
        "Schema:       version {} (this recall writes {schema_known})",
        h.schema_version
    )?;
    writeln!(w, "Integrity:    {}", h.integrity.join("; "))?;
    if !h.foreign_keys.is_empty() {
        writeln!(w, "Broken links: {}", h.foreign_keys.join("; "))?;
    }
    writeln!(
        w,
        "Holds:        {} decks, {} cards ({} seen), {} reviews, {} level changes",
        h.decks, h.cards, h.cards_seen, h.reviews, h.level_events
    )
}
