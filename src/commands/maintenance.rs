//! `recall backup` and `recall check`: copies and health of the database.

use anyhow::{Result, bail};

use super::print_json;
use crate::context::{Ctx, local_time};
use crate::cli::{BackupArgs, CheckArgs};

pub fn backup(ctx: &Ctx, args: &BackupArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let dest = match &args.path {
        Some(p) => p.clone(),
        None => {
            let stamp = local_time(ctx.clock.now()).format("%Y%m%d-%H%M%S");
            ctx.db_path()?
                .with_file_name(format!("recall-backup-{stamp}.db"))
        }
    };
    store.backup(&dest)?;
    println!("Backed up {} to {}", store.path().display(), dest.display());
    Ok(())
}

pub fn check(ctx: &Ctx, args: &CheckArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let h = store.health()?;
    if args.json {
        print_json(&h)?;
    } else {
        println!("Database:     {}", store.path().display());
        println!(
            "Schema:       version {} (this recall writes {})",
            h.schema_version,
            crate::store::SCHEMA_VERSION
        );
        println!("Integrity:    {}", h.integrity.join("; "));
        if !h.foreign_keys.is_empty() {
            println!("Broken links: {}", h.foreign_keys.join("; "));
        }
        println!(
            "Holds:        {} decks, {} cards ({} seen), {} reviews, {} level changes",
            h.decks, h.cards, h.cards_seen, h.reviews, h.level_events
        );
    }
    if !h.ok() {
        bail!("the database has problems (above); restore a backup or export what you can");
    }
    Ok(())
}
