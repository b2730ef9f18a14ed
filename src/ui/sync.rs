//! What `recall sync` says: what came in (by kind and device), what went out, damaged
//! lines skipped and clocks that are off.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::store::Applied;

/// A journal line that is not an event.
#[derive(Debug, Clone, Serialize)]
pub struct Damaged {
    pub file: String,
    pub line: u64,
    pub why: String,
}

/// One sync, as the command saw it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub dry_run: bool,
    /// This device's id and name, and its journal.
    pub device: String,
    pub name: String,
    pub journal: String,
    /// Events read from each other device's journal (new or not).
    pub devices: BTreeMap<String, usize>,
    /// What the new events did.
    pub applied: Applied,
    /// This device's events written to its journal (or, in a dry run, to be written).
    pub sent: usize,
    pub damaged: Vec<Damaged>,
}

/// Kinds in the order the report names them, singular and plural.
const KINDS: [(&str, &str, &str); 8] = [
    ("answer", "answer", "answers"),
    ("undo", "undo", "undos"),
    ("card", "card added or edited", "cards added or edited"),
    ("trash", "card to the trash", "cards to the trash"),
    ("restore", "card restored", "cards restored"),
    ("suspend", "suspension", "suspensions"),
    ("rename", "deck renamed", "decks renamed"),
    ("setting", "setting", "settings"),
];

fn kinds(applied: &Applied) -> String {
    KINDS
        .iter()
        .filter_map(|(k, one, many)| {
            applied
                .new
                .get(*k)
                .map(|&n| format!("{n} {}", if n == 1 { one } else { many }))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn report(w: &mut dyn Write, r: &Report, width: usize) -> io::Result<()> {
    let (came, went) = if r.dry_run {
        ("would come in", "would go out")
    } else {
        ("came in", "went out")
    };
    let who = if r.name.is_empty() {
        r.device.clone()
    } else {
        format!("{} ({})", r.name, r.device)
    };
    let mut lines = vec![format!(
        "This device: {who}; {} other {}.",
        r.devices.len(),
        if r.devices.len() == 1 {
            "device"
        } else {
            "devices"
        }
    )];
    let new = r.applied.new_count();
    lines.push(if new == 0 {
        format!(
            "In: nothing new{}.",
            if r.dry_run { " would come in" } else { "" }
        )
    } else {
        format!(
            "In: {} {came} ({}); {} replayed.",
            plural(new, "event", "events"),
            kinds(&r.applied),
            plural(r.applied.replayed, "card", "cards")
        )
    });
    if r.applied.known > 0 {
        lines.push(format!(
            "Already here: {} (nothing applied twice).",
            plural(r.applied.known, "event", "events")
        ));
    }
    lines.push(format!(
        "Out: {} {went} to {}.",
        plural(r.sent, "event", "events"),
        r.journal
    ));
    for d in &r.damaged {
        lines.push(format!(
            "Skipped {} line {}: not an event ({}).",
            d.file, d.line, d.why
        ));
    }
    for (device, ms) in &r.applied.ahead {
        lines.push(format!(
            "The clock of device {device} is {} ahead of this one's; its events keep their order, but check that machine's clock.",
            ahead(*ms)
        ));
    }
    if r.dry_run {
        lines.push("Dry run: nothing was changed.".to_string());
    }
    for line in lines {
        super::wrap::block(w, &line, width)?;
    }
    Ok(())
}

fn ahead(ms: i64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        m if m < 120 => plural(m as usize, "minute", "minutes"),
        m if m < 48 * 60 => plural((m / 60) as usize, "hour", "hours"),
        m => plural((m / 1440) as usize, "day", "days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_report_says_what_came_in_and_went_out() {
        let mut applied = Applied::default();
        applied.new.insert("answer".into(), 3);
        applied.new.insert("undo".into(), 1);
        applied.replayed = 2;
        applied.known = 4;
        applied.ahead = vec![("ab12".into(), 3 * 3_600_000)];
        let r = Report {
            device: "cd34".into(),
            name: "laptop".into(),
            journal: "sync/cd34.jsonl".into(),
            devices: BTreeMap::from([("ab12".into(), 8)]),
            applied,
            sent: 1,
            damaged: vec![Damaged {
                file: "sync/ab12.jsonl".into(),
                line: 7,
                why: "EOF".into(),
            }],
            ..Report::default()
        };
        let mut out = Vec::new();
        report(&mut out, &r, 200).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "This device: laptop (cd34); 1 other device.\n\
             In: 4 events came in (3 answers, 1 undo); 2 cards replayed.\n\
             Already here: 4 events (nothing applied twice).\n\
             Out: 1 event went out to sync/cd34.jsonl.\n\
             Skipped sync/ab12.jsonl line 7: not an event (EOF).\n\
             The clock of device ab12 is 3 hours ahead of this one's; its events keep their order, but check that machine's clock.\n"
        );
    }
}
