//! Reading import files: whole files within a size bound, their first bytes for
//! detection, UTF-8 text with the bad byte named, and a count of the bytes a stream has
//! read, for progress.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::formats::{Problem, Problems};

/// Files read whole (all but streamed formats: CSV and TSV) larger than this are refused
/// before they are read: far beyond any real deck, and short of exhausting memory.
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// How much of a file is read to tell its format.
const SNIFF_BYTES: u64 = 64 << 10;

fn cannot_read(file: &str, e: &std::io::Error) -> Problem {
    Problem::new(file, None, format!("cannot read: {e}"))
}

/// An input opened once: its first bytes (enough to tell its format) and the rest still
/// to read. Opened once because a pipe or a FIFO (`recall import <(cmd)`) can be read only
/// once; sized by the bytes read, because a device or a pipe has no length to ask for.
pub(super) struct Opened {
    pub head: Vec<u8>,
    pub rest: std::fs::File,
    /// The length of a regular file; `None` for pipes, FIFOs and devices.
    pub size: Option<u64>,
}

impl Opened {
    /// The whole input from its start: the head already read, then the rest.
    pub(super) fn into_reader(self) -> impl Read {
        std::io::Cursor::new(self.head).chain(self.rest)
    }
}

/// Opens an input and reads its first bytes.
pub(super) fn open(path: &Path, file: &str) -> Result<Opened, Problems> {
    let cannot = |e: std::io::Error| Problems(vec![cannot_read(file, &e)]);
    let f = std::fs::File::open(path).map_err(cannot)?;
    let meta = f.metadata().map_err(cannot)?;
    if meta.is_dir() {
        return Err(Problems::one(file, None, "is a folder, not a deck file"));
    }
    let size = meta.is_file().then_some(meta.len());
    let mut head = Vec::new();
    let mut rest = f;
    (&mut rest)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    Ok(Opened { head, rest, size })
}

fn too_big(file: &str, size: u64) -> Problem {
    Problem::new(
        file,
        None,
        format!(
            "the file is {} MB{}; recall imports files of up to {} MB",
            size >> 20,
            if size > MAX_FILE_BYTES + 1 {
                ""
            } else {
                " or more"
            },
            MAX_FILE_BYTES >> 20
        ),
    )
}

/// Refuses a regular file over `MAX_FILE_BYTES` before any more of it is read.
pub(super) fn refuse_oversized(opened: &Opened, file: &str) -> Result<(), Problem> {
    match opened.size {
        Some(size) if size > MAX_FILE_BYTES => Err(too_big(file, size)),
        _ => Ok(()),
    }
}

/// Reads a whole input, refusing one over `MAX_FILE_BYTES`: a regular file before it is
/// read, anything else (a device, a pipe) once that many bytes have come.
pub(super) fn read_bounded(opened: Opened, file: &str) -> Result<Vec<u8>, Problem> {
    refuse_oversized(&opened, file)?;
    let mut bytes = Vec::new();
    opened
        .into_reader()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(file, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(file, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text, naming the first bad byte if it is not.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let file = path.display().to_string();
    let opened = open(path, &file).map_err(|Problems(mut ps)| ps.remove(0))?;
    decode_text(read_bounded(opened, &file)?, &file)
}

/// UTF-8 text from a file's bytes (a byte-order mark dropped), or where it is not.
pub(super) fn decode_text(bytes: Vec<u8>, file: &str) -> Result<String, Problem> {
    String::from_utf8(bytes)
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Problem::new(
                file,
                Some(line),
                format!("not UTF-8 text (bad byte at offset {at}); save the file as UTF-8"),
            )
        })
        .map(|s| s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s))
}

/// A reader that counts the bytes read through it, where another thread can see them.
pub(super) struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R> Counted<R> {
    pub(super) fn new(inner: R, read: Arc<AtomicU64>) -> Counted<R> {
        Counted { inner, read }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_its_byte_order_mark_and_bad_bytes_are_placed() {
        assert_eq!(decode_text(b"\xef\xbb\xbfhi".to_vec(), "f").unwrap(), "hi");
        let p = decode_text(b"a\nb\n\xffc".to_vec(), "f.txt").unwrap_err();
        assert_eq!(p.line, Some(3));
        assert!(p.message.contains("offset 4"), "{}", p.message);
    }

    #[test]
    fn counted_reads_are_seen_from_outside() {
        let read = Arc::new(AtomicU64::new(0));
        let mut r = Counted::new(&b"hello world"[..], Arc::clone(&read));
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!(read.load(Ordering::Relaxed), 11);
    }
}
