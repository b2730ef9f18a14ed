//! `recall backup` and `recall check`: copies and health of the database.

use anyhow::{Result, bail};

use super::print_json;
use crate::cli::{BackupArgs, CheckArgs};
use crate::context::{Ctx, local_time};
use crate::ui::{health, out};

pub fn backup(ctx: &Ctx, args: &BackupArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let dest = if let Some(p) = &args.path {
        p.clone()
    } else {
        let stamp = local_time(ctx.clock.now()).format("%Y%m%d-%H%M%S");
        ctx.db_path()?
            .with_file_name(format!("recall-backup-{stamp}.db"))
    };
    store.backup(&dest)?;
    out::line(format_args!(
        "Backed up {} to {}",
        store.path().display(),
        dest.display()
    ))?;
    Ok(())
}

pub fn check(ctx: &Ctx, args: &CheckArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let h = store.health()?;
    if args.json {
        print_json(&h)?;
    } else {
        let mut w = std::io::stdout().lock();
        health::render(&mut w, store.path(), &h, crate::store::SCHEMA_VERSION)?;
    }
    if !h.ok() {
        bail!("the database has problems (above); restore a backup or export what you can");
    }
    Ok(())
}
