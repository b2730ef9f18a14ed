//! `recall import --reviews`: review logs in, through the same rules as decks — every file
//! read and checked first (every problem of every file, with its line), then all of it in
//! one transaction, or nothing.

use anyhow::{Result, anyhow};

use super::files::read_text;
use super::{MAX_PROBLEMS_ALL, Request, refuse};
use crate::formats::review_log;
use crate::store::{ReviewImport, ReviewImportOptions, Store};

/// Imports the review logs `req.files` (answers to cards unknown here refused, or left
/// out with `skip_unknown`); answers the log already has are skipped.
pub fn run(
    req: &Request<'_>,
    skip_unknown: bool,
    open_store: impl FnOnce() -> Result<Store>,
) -> Result<ReviewImport> {
    let mut problems = Vec::new();
    let mut answers = Vec::new();
    for path in req.files {
        let file = path.display().to_string();
        match read_text(path)
            .map_err(|p| vec![p])
            .and_then(|t| review_log::parse(&t, &file))
        {
            Ok(rows) => answers.extend(rows),
            Err(found) => problems.extend(found),
        }
        if problems.len() >= MAX_PROBLEMS_ALL {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let mut store = open_store()?;
    let algorithm = store.algorithm()?;
    let rollover = store.settings()?.rollover_hour;
    let day_of = |ms: i64| (req.day_of)(ms, rollover);
    let opts = ReviewImportOptions {
        skip_unknown,
        same_day_relearn: false,
        day_of: &day_of,
        algorithm,
        schedule_new: true,
    };
    let fail = |e: crate::store::StoreError| anyhow!("nothing was imported: {e}");
    let mut session = store
        .begin_import(crate::store::ImportOptions::new(
            crate::store::Origin::User,
            (req.now_ms)(),
            req.dry_run,
        ))
        .map_err(fail)?;
    let report = session.reviews(&answers, &opts).map_err(fail)?;
    session.finish().map_err(fail)?;
    Ok(report)
}
