//! Streaming a file into the import: its rows parsed on a second thread while this one
//! writes them, in bounded batches, so memory stays flat however big the file.

use std::io::BufReader;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Result, anyhow};

use super::files::Counted;
use super::sources::{Stream, oversized_card};
use super::{MAX_PROBLEMS_ALL, Progress};
use crate::formats::{Problem, Row};
use crate::store::{ImportSession, StoreError};

/// Rows handed from the parsing thread to the importing one at a time, and how many
/// such batches may wait: bounded, so memory stays flat however big the file.
const BATCH: usize = 512;
const BATCHES_IN_FLIGHT: usize = 8;

/// Streams one file into the import (or, once a problem was found anywhere — `found`
/// so far, or no session — only reads on to report every problem); returns this file's
/// problems. The file is parsed on a second thread while this one writes to the
/// database: the two halves of a big import take about as long as each other.
pub(super) fn stream_into(
    stream: &Stream,
    mut session: Option<&mut ImportSession<'_, '_>>,
    progress: &dyn Progress,
    found: usize,
) -> Result<Vec<Problem>> {
    let file = stream.file.as_str();
    let read = Arc::new(AtomicU64::new(0));
    let Some(opened) = stream.input.borrow_mut().take() else {
        return Ok(vec![Problem::new(file, None, "was already read")]);
    };
    let input = BufReader::with_capacity(
        1 << 16,
        Counted::new(opened.into_reader(), Arc::clone(&read)),
    );
    let rows = (stream.rows)(&stream.head, Box::new(input), file, &stream.opts);
    let mut shown = 0;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(BATCHES_IN_FLIGHT);
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for row in rows {
                batch.push(row);
                // A closed channel means the importer stopped: so does the parser.
                if batch.len() == BATCH && tx.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
            }
            let _ = tx.send(batch);
        });
        let mut problems = Vec::new();
        'rows: for batch in &rx {
            let now = read.load(Ordering::Relaxed);
            progress.advance(now - shown);
            shown = now;
            for row in batch {
                if found + problems.len() >= MAX_PROBLEMS_ALL {
                    break 'rows;
                }
                let (deck, card, line) = match row {
                    Ok(r) => r,
                    Err(p) => {
                        problems.push(p);
                        continue;
                    }
                };
                if let Some(p) = oversized_card(&deck, &card, file) {
                    problems.push(Problem {
                        line: Some(line),
                        ..p
                    });
                    continue;
                }
                match session.as_deref_mut() {
                    Some(s) if found + problems.len() == 0 => match s.card(&deck, &card) {
                        Ok(()) => {}
                        Err(StoreError::Invalid(m)) => {
                            problems.push(Problem::new(file, Some(line), m));
                        }
                        Err(e) => return Err(anyhow!("nothing was imported: {e}")),
                    },
                    _ => {}
                }
            }
        }
        Ok(problems)
    })
}
