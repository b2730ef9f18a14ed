//! Deck file formats: pure parsers and writers from text to `DeckDraft`s and back, what
//! they share (problems, card ids, the decks a file yields), and the list of the formats
//! `recall import` reads, which drives its `--format` values, detection and dispatch.

pub mod anki;
pub mod csv;
pub mod guide;
pub mod handover;
pub mod markdown;
pub mod md_text;
pub mod native;
pub mod obsidian;
pub mod questions;
pub mod review_log;
pub mod spec;

pub use spec::{FormatChoice, FormatSpec, by_name, detect};

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::core::model::{CardDraft, CardKind, DeckDraft, Stage};
use crate::core::schedule::CardState;
use crate::core::text::sanitize;

/// Every format `recall import` reads, in the order `--format` and `--help` list them.
/// A new format is a module declaring its `FormatSpec` (and its `pub mod` line above),
/// and one line here: the command line, detection and the import pipeline read this list.
pub static FORMATS: &[FormatSpec] = &[
    native::FORMAT,
    csv::CSV,
    csv::TSV,
    anki::text::FORMAT,
    markdown::FORMAT,
    obsidian::FORMAT,
    anki::apkg::FORMAT,
];

/// One thing wrong with an input file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; `None` when the problem is about the file as a whole.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found in the inputs; reported together so one run shows them all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

/// At most this many problems are listed; the rest are counted.
pub const MAX_PROBLEMS_SHOWN: usize = 20;

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().take(MAX_PROBLEMS_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.0.len() > MAX_PROBLEMS_SHOWN {
            write!(
                f,
                "\n… and {} more problems",
                self.0.len() - MAX_PROBLEMS_SHOWN
            )?;
        }
        Ok(())
    }
}

impl Problems {
    pub fn one(file: &str, line: Option<usize>, message: impl Into<String>) -> Problems {
        Problems(vec![Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        }])
    }
}

impl Problem {
    pub fn new(file: &str, line: Option<usize>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// A card's front, back or option longer than this is refused: no question is a megabyte
/// long, and such text would flood the terminal.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// How files are read: what the command line says about cards a file leaves open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The deck for cards whose file names none: `--deck`, else the file's name.
    pub default_deck: String,
    /// The stage for cards whose file gives none: `--stage`, else Beginner.
    pub stage: Stage,
    /// Take over the scheduling of reviewed cards (Anki packages, Obsidian notes).
    pub with_scheduling: bool,
    /// The file was found by walking a folder (`recall import DIR`): a file that starts no
    /// card (a README, a note without flashcards) yields nothing instead of an error.
    pub in_folder: bool,
}

/// Something an input holds that makes no card, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub deck: String,
    pub reason: String,
}

/// What one input file yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub decks: Vec<DeckDraft>,
    pub skipped: Vec<Skipped>,
    /// Initial scheduling states by card id (Anki packages with `--with-scheduling`).
    pub states: HashMap<String, CardState>,
    /// The id a card had before its format's ids changed, by its id now (Markdown cloze
    /// siblings were once told apart by their fronts): a stored card found only by its
    /// former id takes the new one, keeping its progress.
    pub formerly: HashMap<String, String>,
    /// Cards suspended where they come from (Anki, with `--with-scheduling`): they arrive
    /// suspended when they are new here.
    pub suspended: HashSet<String>,
    /// Answers logged where they come from (Anki's revlog, with `--with-scheduling`),
    /// oldest first; a learn, review or relearn answer is `review` here (the store makes a
    /// card's later answers on the same study day `relearn`), a filtered deck's `drill`.
    pub reviews: Vec<crate::core::model::LoggedReview>,
}

impl Parsed {
    #[must_use]
    pub fn of_decks(decks: Vec<DeckDraft>) -> Parsed {
        Parsed {
            decks,
            ..Parsed::default()
        }
    }

    #[must_use]
    pub fn card_count(&self) -> usize {
        self.decks.iter().map(|d| d.cards.len()).sum()
    }
}

/// One card of a streamed file: its deck, the card and its line, or what is wrong.
pub type Row = Result<(String, CardDraft, usize), Problem>;

/// Collects cards into decks in the order they first appear, refusing a card id seen
/// before in the same file.
#[derive(Debug, Default)]
pub struct DeckSet {
    decks: Vec<DeckDraft>,
    by_name: HashMap<String, usize>,
    seen: HashMap<String, String>,
}

impl DeckSet {
    /// Adds a card; `at` says where it came from ("line 4", "note 1234"), for the
    /// message if its id was already used.
    pub fn add(&mut self, deck: &str, card: CardDraft, at: &str) -> Result<(), String> {
        if let Some(first) = self.seen.get(&card.guid) {
            return Err(format!(
                "duplicate card id `{}` (first used at {first})",
                card.guid
            ));
        }
        self.seen.insert(card.guid.clone(), at.to_string());
        let i = *self.by_name.entry(deck.to_string()).or_insert_with(|| {
            self.decks.push(DeckDraft {
                name: deck.to_string(),
                description: String::new(),
                cards: Vec::new(),
            });
            self.decks.len() - 1
        });
        self.decks[i].cards.push(card);
        Ok(())
    }

    #[must_use]
    pub fn into_decks(self) -> Vec<DeckDraft> {
        self.decks
    }
}

/// A deck name from a file: sanitised, each `::` level trimmed, empty levels dropped;
/// `None` if nothing is left.
pub fn deck_name(raw: &str) -> Option<String> {
    let clean = sanitize(raw);
    let levels: Vec<&str> = clean
        .split("::")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!levels.is_empty()).then(|| levels.join("::"))
}

/// Tags from a space-separated list (Anki's form), sanitised, empty ones dropped.
pub fn split_tags(raw: &str) -> Vec<String> {
    sanitize(raw)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Sanitised and trimmed card text.
#[must_use]
pub fn clean_text(s: &str) -> String {
    sanitize(s).trim().to_string()
}

/// An exercise's question with its snippet under it, after a blank line: the code as
/// written (sanitised, indentation kept), without the blank lines around it or spaces at
/// the ends of its lines. Deck files and exports carry the result as the card's front.
#[must_use]
pub fn front_with_code(front: &str, code: &str) -> String {
    let code = sanitize(code);
    let lines: Vec<&str> = code.lines().map(str::trim_end).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    let code = lines[start..end].join("\n");
    if code.is_empty() {
        front.to_string()
    } else {
        format!("{front}\n\n{code}")
    }
}

/// A card's answer as stored: trimmed, except an `output` card's, whose lines keep their
/// leading spaces (what a program prints is exact) and lose only trailing spaces and
/// the blank lines around them.
#[must_use]
pub fn clean_back(kind: CardKind, raw: &str) -> String {
    if kind == CardKind::Output {
        crate::core::exercise::output::lines(&sanitize(raw)).join("\n")
    } else {
        clean_text(raw)
    }
}

/// Joins decks of the same name (from several files) into one, keeping the order.
#[must_use]
pub fn merge_decks(decks: Vec<DeckDraft>) -> Vec<DeckDraft> {
    let mut out: Vec<DeckDraft> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for deck in decks {
        if let Some(&i) = index.get(&deck.name) {
            if out[i].description.is_empty() {
                out[i].description = deck.description;
            }
            out[i].cards.extend(deck.cards);
        } else {
            index.insert(deck.name.clone(), out.len());
            out.push(deck);
        }
    }
    out
}

/// The 1-based line of a byte offset in `text` (for a one-off lookup; see `Lines`).
#[must_use]
pub fn line_of(text: &str, offset: usize) -> usize {
    Lines::new(text).line(offset)
}

/// Line numbers of byte offsets in one text, found by binary search over the line starts,
/// so that locating every card of a big file stays linear.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    #[must_use]
    pub fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Lines { starts }
    }

    /// The 1-based line holding byte `offset`.
    #[must_use]
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// A lowercase ASCII slug: `TensorFlow / PyTorch` → `tensorflow-pytorch`.
#[must_use]
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A card id for cards whose file gives none: the deck's slug and a stable hash of the
/// front, so re-importing the same file finds the same cards.
#[must_use]
pub fn derived_guid(deck: &str, front: &str) -> String {
    // FNV-1a: tiny, stable across versions and platforms, which is all an id needs.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in crate::core::grade::normalize(front).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let prefix = slug(deck.rsplit("::").next().unwrap_or(deck));
    format!("{prefix}/{h:016x}")
}

/// The id of sibling `k` (from 0) of the cards one note makes (a cloze's deletions, the
/// two ways of a reversible card): the note's id from its deck and its question text, then
/// `/c1`, `/c2`, … (`core::siblings::sibling_key` reads the group back).
#[must_use]
pub fn sibling_guid(deck: &str, note: &str, k: usize) -> String {
    format!("{}/c{}", derived_guid(deck, note), k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_share_their_notes_id() {
        let a = sibling_guid("Bio", "[Paris] is in [France]", 0);
        let b = sibling_guid("Bio", "[Paris] is in [France]", 1);
        let base = derived_guid("Bio", "[Paris] is in [France]");
        assert_eq!(a, format!("{base}/c1"));
        assert_eq!(b, format!("{base}/c2"));
        assert_eq!(crate::core::siblings::sibling_key(&a).base, base);
        assert_eq!(crate::core::siblings::sibling_key(&b).base, base);
        assert_eq!(crate::core::siblings::sibling_key(&base).base, base);
    }

    #[test]
    fn slugs_are_stable_ascii() {
        assert_eq!(slug("TensorFlow / PyTorch"), "tensorflow-pytorch");
        assert_eq!(
            slug("Fine-Tuning Large Language Models (LLMs)"),
            "fine-tuning-large-language-models-llms"
        );
        assert_eq!(slug("  SQL  "), "sql");
    }

    #[test]
    fn derived_guids_ignore_case_and_spacing() {
        assert_eq!(
            derived_guid("A::Spanish", "Hola?"),
            derived_guid("A::Spanish", " hola ")
        );
        assert_ne!(
            derived_guid("A::Spanish", "Hola"),
            derived_guid("A::Spanish", "Adios")
        );
        assert!(derived_guid("A::Spanish", "x").starts_with("spanish/"));
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }

    #[test]
    fn deck_names_are_tidied() {
        assert_eq!(deck_name(" A :: B ::"), Some("A::B".into()));
        assert_eq!(deck_name("\u{1b}[31mRed"), Some("Red".into()));
        assert_eq!(deck_name(" :: "), None);
    }

    #[test]
    fn a_deck_set_groups_cards_and_refuses_repeated_ids() {
        let card = |guid: &str| CardDraft {
            guid: guid.into(),
            stage: Stage::Beginner,
            kind: crate::core::model::CardKind::Basic,
            front: "f".into(),
            back: "b".into(),
            choices: vec![],
            tags: vec![],
            key_points: vec![],
            note: String::new(),
            sql: crate::core::model::SqlOptions::default(),
        };
        let mut set = DeckSet::default();
        set.add("A", card("1"), "line 1").unwrap();
        set.add("B", card("2"), "line 2").unwrap();
        set.add("A", card("3"), "line 3").unwrap();
        let err = set.add("B", card("1"), "line 4").unwrap_err();
        assert_eq!(err, "duplicate card id `1` (first used at line 1)");
        let decks = set.into_decks();
        assert_eq!(decks.len(), 2);
        assert_eq!(decks[0].cards.len(), 2);
        let merged = merge_decks(vec![decks[0].clone(), decks[1].clone(), decks[0].clone()]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].cards.len(), 4);
    }

    #[test]
    fn long_problem_lists_are_cut() {
        let ps = Problems(
            (0..25)
                .map(|i| Problem {
                    file: "f".into(),
                    line: Some(i),
                    message: "m".into(),
                })
                .collect(),
        );
        let text = ps.to_string();
        assert_eq!(text.lines().count(), 21);
        assert!(text.ends_with("… and 5 more problems"));
    }
}
