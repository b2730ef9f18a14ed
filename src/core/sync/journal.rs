//! The journal files' lines: a header naming the format version and the device, then one
//! event per line (JSON Lines). A line is complete only once its newline is written, so a
//! reader takes whole lines and leaves a torn last one for the next sync.

use serde::{Deserialize, Serialize};

use super::Event;

/// The journal format this recall writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub recall_journal: u32,
    pub device: String,
    #[serde(default)]
    pub name: String,
}

/// Why a first line is not a header recall can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// Not a recall journal's first line.
    NotAJournal(String),
    /// Written by a newer recall, in a format this one does not know.
    Newer(u32),
}

impl Header {
    #[must_use]
    pub fn new(device: &str, name: &str) -> Header {
        Header {
            recall_journal: FORMAT_VERSION,
            device: device.to_string(),
            name: name.to_string(),
        }
    }

    /// The header as one line, newline included.
    #[must_use]
    pub fn line(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn parse(line: &str) -> Result<Header, HeaderError> {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| HeaderError::NotAJournal(format!("not JSON ({e})")))?;
        let version = value
            .get("recall_journal")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| HeaderError::NotAJournal("no `recall_journal` version".into()))?;
        let version = u32::try_from(version).unwrap_or(u32::MAX);
        if version > FORMAT_VERSION {
            return Err(HeaderError::Newer(version));
        }
        serde_json::from_value(value).map_err(|e| HeaderError::NotAJournal(e.to_string()))
    }
}

/// One event as one line, newline included.
#[must_use]
pub fn event_line(e: &Event) -> String {
    let mut s = serde_json::to_string(e).unwrap_or_default();
    s.push('\n');
    s
}

/// Reads one event line; the error says what is wrong with it.
pub fn parse_event(line: &str) -> Result<Event, String> {
    let e: Event = serde_json::from_str(line).map_err(|e| e.to_string())?;
    if e.id.is_empty() || e.device.is_empty() || e.target.is_empty() {
        return Err("an event needs an id, a device and a target".into());
    }
    e.check()?;
    Ok(e)
}

/// How many bytes of `bytes` are whole lines (up to and including the last newline).
#[must_use]
pub fn complete_len(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::sync::{EventKind, Hlc};

    fn event() -> Event {
        Event {
            id: "e1".into(),
            hlc: Hlc(42),
            device: "d1".into(),
            kind: EventKind::Suspend,
            target: "card-1".into(),
            body: serde_json::json!({"on": true}),
        }
    }

    #[test]
    fn an_event_line_reads_back_as_the_event() {
        let line = event_line(&event());
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
        assert_eq!(parse_event(line.trim_end()).unwrap(), event());
    }

    #[test]
    fn a_header_reads_back_and_a_newer_format_is_refused() {
        let h = Header::new("abc", "laptop");
        assert_eq!(Header::parse(h.line().trim_end()).unwrap(), h);
        assert_eq!(
            Header::parse(r#"{"recall_journal":2,"device":"x"}"#),
            Err(HeaderError::Newer(2))
        );
        assert!(matches!(
            Header::parse(r#"{"id":"e1"}"#),
            Err(HeaderError::NotAJournal(_))
        ));
    }

    #[test]
    fn damaged_lines_say_what_is_wrong() {
        assert!(parse_event("{\"id\":").unwrap_err().contains("EOF"));
        let empty = r#"{"id":"","hlc":1,"device":"d","kind":"undo","target":"t","body":{}}"#;
        assert!(parse_event(empty).unwrap_err().contains("needs an id"));
        // Each of the three empty alone.
        for (device, target) in [("", "t"), ("d", "")] {
            let line = format!(
                r#"{{"id":"x","hlc":1,"device":"{device}","kind":"trash","target":"{target}","body":{{}}}}"#
            );
            assert!(
                parse_event(&line)
                    .unwrap_err()
                    .contains("a device and a target")
            );
        }
        let whole = r#"{"id":"x","hlc":1,"device":"d","kind":"trash","target":"t","body":{}}"#;
        assert!(parse_event(whole).is_ok());
        assert!(
            parse_event(r#"{"id":"x","hlc":1,"device":"d","kind":"dance","target":"t","body":{}}"#)
                .is_err()
        );
    }

    #[test]
    fn an_event_whose_body_the_database_would_refuse_is_damaged() {
        let line = |kind: &str, body: &str| {
            format!(
                r#"{{"id":"x","hlc":1,"device":"d","kind":"{kind}","target":"t","body":{body}}}"#
            )
        };
        assert!(
            parse_event(&line("undo", "{}"))
                .unwrap_err()
                .contains("the answer it retracts")
        );
        assert!(
            parse_event(&line(
                "answer",
                r#"{"reviewed_at":1,"day":1,"quality":9,"mode":"review"}"#
            ))
            .unwrap_err()
            .contains("a grade 0-5")
        );
        assert!(
            parse_event(&line(
                "card",
                r#"{"deck":"D","front":"f","back":"b","kind":"poem"}"#
            ))
            .unwrap_err()
            .contains("a card kind")
        );
        assert!(parse_event(&line("suspend", r#"{"on":"yes"}"#)).is_err());
        assert!(
            parse_event(&line(
                "card",
                r#"{"deck":"D","front":"f","back":"b","kind":"basic","stage":2}"#
            ))
            .is_ok()
        );
        assert!(
            parse_event(&line(
                "answer",
                r#"{"reviewed_at":1,"day":1,"quality":4,"mode":"drill","stepped":0}"#
            ))
            .is_ok()
        );
    }

    #[test]
    fn only_whole_lines_count() {
        assert_eq!(complete_len(b""), 0);
        assert_eq!(complete_len(b"{\"a\":1}\n{\"b\""), 8);
        assert_eq!(complete_len(b"a\nb\n"), 4);
    }
}
