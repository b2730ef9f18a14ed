//! Plain output: a line of text, JSON, or bytes as they are, on standard output. Commands
//! with no screen of their own say what they did through these.

use std::fmt::Display;
use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as pretty JSON followed by a newline.
pub fn json(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    writeln!(w)
}

/// A JSON array written an element at a time, byte for byte as `json` writes the whole
/// array: a listing of a million cards never holds them all.
pub struct JsonList<'w> {
    w: &'w mut dyn Write,
    count: usize,
    buf: Vec<u8>,
}

impl<'w> JsonList<'w> {
    pub fn new(w: &'w mut dyn Write) -> io::Result<Self> {
        w.write_all(b"[")?;
        Ok(JsonList {
            w,
            count: 0,
            buf: Vec::new(),
        })
    }

    /// The next element, indented one level as in a pretty-printed array.
    pub fn push(&mut self, value: &impl Serialize) -> io::Result<()> {
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, value)?;
        self.w
            .write_all(if self.count == 0 { b"\n  " } else { b",\n  " })?;
        // JSON text has no raw line breaks inside strings, so every one is layout.
        for (i, line) in self.buf.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                self.w.write_all(b"\n  ")?;
            }
            self.w.write_all(line)?;
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the array and ends the line.
    pub fn finish(self) -> io::Result<()> {
        if self.count > 0 {
            self.w.write_all(b"\n")?;
        }
        self.w.write_all(b"]\n")
    }
}

/// `json` on standard output.
pub fn print_json(value: &impl Serialize) -> io::Result<()> {
    json(&mut io::stdout().lock(), value)
}

/// One line on standard output.
pub fn line(text: impl Display) -> io::Result<()> {
    writeln!(io::stdout().lock(), "{text}")
}

/// Bytes on standard output, as they are (an export piped elsewhere).
pub fn bytes(data: &[u8]) -> io::Result<()> {
    io::stdout().lock().write_all(data)
}

/// `label` and its description wrapped beside it, or under it (indented) when the label
/// leaves the description too little room.
pub fn described(w: &mut dyn Write, label: &str, text: &str, width: usize) -> io::Result<()> {
    let cols = crate::core::text::display_width(label);
    if cols + 24 <= width {
        super::wrap::labelled(w, label, cols, text, width)
    } else {
        writeln!(w, "{}", label.trim_end())?;
        super::wrap::labelled(w, "    ", 4, text, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_written_element_by_element_is_the_pretty_array_byte_for_byte() {
        let items = [
            serde_json::json!({"a": 1, "b": [1, 2], "c": {"d": "x\ny"}, "e": []}),
            serde_json::json!({"a": 2, "b": [], "c": null, "e": [{"f": true}]}),
            serde_json::json!("text"),
        ];
        for n in 0..=items.len() {
            let mut whole = Vec::new();
            json(&mut whole, &items[..n].to_vec()).unwrap();
            let mut streamed = Vec::new();
            let mut list = JsonList::new(&mut streamed).unwrap();
            for item in &items[..n] {
                list.push(item).unwrap();
            }
            list.finish().unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{n} elements"
            );
        }
    }
}
