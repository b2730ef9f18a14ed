//! The journal files in a sync folder: reading one past the point read last time (whole
//! lines only: a torn last line waits for the next sync), and appending this device's
//! events with a sync to disk. Line formats are `core::sync::journal`'s.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::core::sync::Event;
use crate::core::sync::journal::{self, Header, HeaderError};
use crate::core::text::sanitize;
use crate::store::ReadPoint;

/// What reading one journal gave besides its events.
#[derive(Debug, Default)]
pub struct Batch {
    /// The device its header names (`None` when the header was read before).
    pub header: Option<Header>,
    /// Lines that are not events: line number and why, already fit to print.
    pub damaged: Vec<(u64, String)>,
    /// Where the next read starts.
    pub next: ReadPoint,
}

/// Why a journal was not read at all.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error(
        "{file} was written by a newer recall (journal format {found}; this one reads {known}): upgrade recall here to read it; its events were left for then"
    )]
    Newer {
        file: String,
        found: u32,
        known: u32,
    },
    #[error("{file} is not a recall journal ({why}); it was left alone")]
    NotAJournal { file: String, why: String },
    #[error("cannot read {file}: {error}")]
    Io { file: String, error: io::Error },
}

/// The journal files of a folder (`*.jsonl`), by name.
pub fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// A file's name, fit to print.
#[must_use]
pub fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string())
}

/// Reads the whole lines of `path` after `from` (from the start when the file is shorter
/// than that: it was replaced, and events already here are recognised by their ids), one
/// at a time: each event is handed to `each` as it is read, so a journal of any length
/// takes the memory of one line. A line without its newline yet is left for next time.
pub fn read<E>(
    path: &Path,
    from: ReadPoint,
    mut each: impl FnMut(Event) -> Result<(), E>,
) -> Result<Result<Batch, E>, Refused> {
    let io = |error| Refused::Io {
        file: shown(path),
        error,
    };
    let mut file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let from = if len < from.offset {
        ReadPoint::default()
    } else {
        from
    };
    file.seek(SeekFrom::Start(from.offset)).map_err(io)?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut out = Batch {
        next: from,
        ..Batch::default()
    };
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(io)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break; // the end, or a line still being written
        }
        out.next.offset += n as u64;
        out.next.lines += 1;
        let text = String::from_utf8_lossy(&line[..n - 1]);
        if out.next.lines == 1 {
            out.header = Some(header(path, &text)?);
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        match journal::parse_event(&text) {
            Ok(e) => {
                if let Err(e) = each(e) {
                    return Ok(Err(e));
                }
            }
            Err(why) => out.damaged.push((out.next.lines, sanitize(&why))),
        }
    }
    Ok(Ok(out))
}

fn header(path: &Path, line: &str) -> Result<Header, Refused> {
    Header::parse(line).map_err(|e| match e {
        HeaderError::Newer(found) => Refused::Newer {
            file: shown(path),
            found,
            known: journal::FORMAT_VERSION,
        },
        HeaderError::NotAJournal(why) => Refused::NotAJournal {
            file: shown(path),
            why: sanitize(&why),
        },
    })
}

/// Appends events to this device's journal and syncs it to disk before returning: a
/// header first when the file is new, and a line torn by a crash cut off (this device is
/// the file's only writer, and an event whose line was torn was never marked written).
/// `events` is handed a writer for each event in turn. Returns the file's new length and
/// how many lines it gained.
pub fn append(
    path: &Path,
    header: &Header,
    events: impl FnOnce(&mut dyn FnMut(&Event) -> io::Result<()>) -> io::Result<()>,
) -> io::Result<(u64, u64)> {
    let created = !path.exists();
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    let whole = whole_length(&mut file)?;
    file.set_len(whole)?;
    file.seek(SeekFrom::Start(whole))?;
    let mut lines = 0;
    {
        let mut w = BufWriter::new(&mut file);
        if whole == 0 {
            w.write_all(header.line().as_bytes())?;
            lines += 1;
        }
        events(&mut |e: &Event| {
            lines += 1;
            w.write_all(journal::event_line(e).as_bytes())
        })?;
        w.flush()?;
    }
    file.sync_all()?;
    if created {
        if let Some(dir) = path.parent() {
            // The new file's name is durable only once its folder is synced.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
    }
    Ok((file.metadata()?.len(), lines))
}

/// The length of the file's whole lines.
fn whole_length(file: &mut File) -> io::Result<u64> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(0);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last)?;
    if last[0] == b'\n' {
        return Ok(len);
    }
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_end(&mut bytes)?;
    Ok(journal::complete_len(&bytes) as u64)
}
