//! `recall backup` and `recall check`: copies and health of the database.

use anyhow::{Result, bail};

use super::print_json;
use crate::cli::{BackupArgs, CheckArgs};
use crate::context::{Ctx, local_time};
use crate::store::{self, damage};
use crate::ui::{health, out};

pub fn backup(ctx: &Ctx, args: &BackupArgs) -> Result<()> {
    if let Some(finding) = damage::marked(&ctx.db_path()?) {
        bail!(
            "the database is damaged ({}); a backup reads every page and cannot copy it. `recall check --repair` keeps a byte-for-byte copy of the damaged file before it saves what can be read",
            crate::core::text::sanitize(&finding)
        );
    }
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
    let path = ctx.db_path()?;
    if args.repair {
        return repair(ctx, &path, args.json);
    }
    if args.replay {
        return replay(ctx);
    }
    let mut h = store::inspect(&path, args.full)?;
    if h.ok() && !args.full && damage::marked(&path).is_some() {
        // The mark may come from a full check (a wrong index, which the quick check does
        // not see): it is lifted only by the check that could have set it.
        h = store::inspect(&path, true)?;
    }
    if args.json {
        print_json(&h)?;
    } else {
        let mut w = std::io::stdout().lock();
        let width = super::screen_width(ctx.stdout_is_terminal);
        health::render(&mut w, &path, &h, store::SCHEMA_VERSION, width)?;
    }
    if h.ok() {
        // Sound again (a backup restored, a repair done): writes are allowed again.
        damage::clear(&path)?;
        let differ = h.replay_findings().len();
        if differ > 0 {
            bail!(
                "{differ} card{} a schedule that is not the replay of {} answers; `recall check --replay` replays {} (every answer is kept)",
                if differ == 1 { " has" } else { "s have" },
                if differ == 1 { "its" } else { "their" },
                if differ == 1 { "it" } else { "them" },
            );
        }
        return Ok(());
    }
    damage::mark(&path, &h.findings())?;
    bail!(
        "the database is damaged or inconsistent (above); until that is mended recall only reads it. `recall check --repair` saves what can be read (after a copy of the damaged file), or restore a backup"
    );
}

/// `--replay`: every card whose schedule is not the replay of its answers is replayed.
fn replay(ctx: &Ctx) -> Result<()> {
    let mut store = ctx.open_store()?;
    let n = store.replay_all_differing()?;
    out::line(format_args!(
        "Replayed {n} card{} from {} answers.",
        if n == 1 { "" } else { "s" },
        if n == 1 { "its" } else { "their" }
    ))?;
    Ok(())
}

fn repair(ctx: &Ctx, path: &std::path::Path, json: bool) -> Result<()> {
    let done = store::repair(path)?;
    if json {
        return print_json(&done);
    }
    let mut w = std::io::stdout().lock();
    health::render_repair(&mut w, &ctx.palette, path, &done)?;
    Ok(())
}
