//! `recall sync DIR`: reads every other device's journal in DIR past the point read last
//! time (and this device's own, to catch up after a restored backup), applies the new
//! events and replays the cards they touch, then appends this device's new events to its
//! own journal — all in one transaction, committed after the journal is on disk.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::cli::SyncArgs;
use crate::context::Ctx;
use crate::core::sync::journal::Header;
use crate::core::text::sanitize;
use crate::journal::{self, Refused};
use crate::store::{Store, StoreError, SyncTx};
use crate::ui;
use crate::ui::sync::{Damaged, Report};

pub fn run(ctx: &Ctx, args: &SyncArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    prepare_device(&store, args)?;
    let dir = &args.dir;
    if args.dry_run {
        if !dir.is_dir() {
            bail!("{} is not a folder", journal::shown(dir));
        }
    } else {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the sync folder {}", journal::shown(dir)))?;
    }
    let (report, refused) = sync_folder(&mut store, dir, args.dry_run)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        ui::out::json(&mut out, &report)?;
    } else {
        ui::sync::report(
            &mut out,
            &report,
            ui::width::screen_width(ctx.stdout_is_terminal),
        )?;
    }
    if !refused.is_empty() {
        bail!(
            "{}",
            refused
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    Ok(())
}

/// `--new-device` and `--device NAME`.
fn prepare_device(store: &Store, args: &SyncArgs) -> Result<()> {
    if args.new_device && !args.dry_run {
        store.new_device_id()?;
    }
    if let Some(name) = &args.device {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 || sanitize(name) != name {
            bail!("--device needs a name of 1 to 64 printable characters");
        }
        if !args.dry_run {
            store.name_device(name)?;
        }
    }
    Ok(())
}

/// The sync itself, through folder `dir` (which must exist); returns its report and the
/// journals refused.
pub fn sync_folder(store: &mut Store, dir: &Path, dry_run: bool) -> Result<(Report, Vec<Refused>)> {
    let mut tx = store.begin_sync()?;
    let me = tx.device()?;
    let own = format!("{}.jsonl", me.id);
    let points = tx.read_points()?;
    let mut report = Report {
        dry_run,
        device: me.id.clone(),
        name: me.name.clone(),
        journal: journal::shown(&dir.join(&own)),
        ..Report::default()
    };
    let mut refused = Vec::new();
    let mut own_point = points.get(&own).copied().unwrap_or_default();
    // This device's events found in its own journal: there already, not written again.
    let mut in_own = std::collections::HashSet::new();
    let files = journal::list(dir)
        .with_context(|| format!("cannot list the sync folder {}", journal::shown(dir)))?;
    for path in files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_own = file == own;
        let from = points.get(&file).copied().unwrap_or_default();
        let mut read_here = 0;
        let read = journal::read(&path, from, |e| {
            read_here += 1;
            if is_own {
                in_own.insert(e.id.clone());
            }
            tx.take_in(&e)
        });
        let read = match read {
            Ok(read) => read?,
            Err(e) => {
                refused.push(e);
                continue;
            }
        };
        let device = read.header.as_ref().map_or_else(
            || file.trim_end_matches(".jsonl").to_string(),
            |h| h.device.clone(),
        );
        if !is_own && read_here > 0 {
            *report.devices.entry(device.clone()).or_default() += read_here;
        }
        report
            .damaged
            .extend(read.damaged.iter().map(|(line, why)| Damaged {
                file: journal::shown(&path),
                line: *line,
                why: why.clone(),
            }));
        if is_own {
            own_point = read.next;
        } else {
            tx.set_read_point(&file, &device, read.next)?;
        }
    }
    report.applied = tx.apply()?;
    report.sent = if dry_run {
        tx.each_unjournaled(&in_own, |_| Ok(()))?
    } else {
        let sent = write_own(&tx, &dir.join(&own), &me, own_point, &in_own)?;
        tx.commit()?;
        sent
    };
    Ok((report, refused))
}

/// Appends this device's new events to its journal, syncs it to disk, and only then marks
/// them written (a crash in between leaves them to be found in the journal next time).
fn write_own(
    tx: &SyncTx<'_>,
    path: &Path,
    me: &crate::store::Device,
    from: crate::store::ReadPoint,
    skip: &std::collections::HashSet<String>,
) -> Result<usize> {
    let header = Header::new(&me.id, &me.name);
    let mut sent = 0;
    let mut failed: Option<StoreError> = None;
    let (len, lines) = journal::append(path, &header, |write| {
        let r = tx.each_unjournaled(skip, |e| {
            sent += 1;
            write(e).map_err(|io| StoreError::Io(io.to_string()))
        });
        if let Err(e) = r {
            let text = e.to_string();
            failed = Some(e);
            return Err(std::io::Error::other(text));
        }
        Ok(())
    })
    .with_context(|| format!("cannot write the journal {}", journal::shown(path)))?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    tx.mark_journaled()?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tx.set_read_point(
        &file,
        &me.id,
        crate::store::ReadPoint {
            offset: len,
            lines: from.lines + lines,
        },
    )?;
    Ok(sent)
}
