//! What an import format is to the rest of recall: its `--format` name and help, how a
//! file shows it is of this format, and how its bytes become cards. Each format module
//! declares one `FormatSpec`; the list of them is `formats::FORMATS`, and everything that
//! depends on the set of formats (the command line, detection, dispatch) reads that list.

use std::fmt;
use std::str::FromStr;

use super::anki::rows::{CollectionError, RawCollection};
use super::{FORMATS, Options, Parsed, Problems, Row};

/// One import format.
#[derive(Clone, Copy)]
pub struct FormatSpec {
    /// Its `--format` value.
    pub name: &'static str,
    /// Its lines under "Formats:" in `recall import --help` (later lines are indented to
    /// match); empty for a format described with the one before it in the list (`tsv`
    /// with `csv`), whose name then joins that one's.
    pub help: &'static str,
    /// File name extensions that say the file is of this format, lowercase, the usual
    /// one first.
    pub extensions: &'static [&'static str],
    /// What the start of a file says about being of this format, beyond its extension.
    pub sniff: fn(&Head<'_>) -> Option<Claim>,
    /// How the file becomes cards.
    pub read: ReadAs,
}

/// How a format's files become cards.
#[derive(Clone, Copy)]
pub enum ReadAs {
    /// Read whole as UTF-8 text (a byte-order mark dropped): the text, the file's name
    /// for messages, the options.
    Text(fn(&str, &str, &Options) -> Result<Parsed, Problems>),
    /// Read whole as bytes, with what the parser needs from outside the pure parsers.
    Bytes(fn(&[u8], &str, &Options, &Deps) -> Result<Parsed, Problems>),
    /// Streamed card by card, so memory does not grow with the file (files of millions
    /// of rows): from the file's first bytes and the whole input, the rows.
    Rows(RowReader),
}

/// Opens a streamed format's rows: the first bytes of the file (to settle, say, a
/// delimiter), the input from its start, the file's name for messages, the options.
pub type RowReader = fn(
    &[u8],
    Box<dyn std::io::Read + Send>,
    &str,
    &Options,
) -> Box<dyn Iterator<Item = Row> + Send>;

/// What a format reading bytes may need that a pure parser cannot do itself, passed in
/// by the import pipeline: reading the `SQLite` database inside an Anki package is the
/// store's job.
pub struct Deps {
    pub read_collection: fn(Vec<u8>) -> Result<RawCollection, CollectionError>,
}

/// How sure detection is that a file is of a format; the surest claim wins, and of
/// equal claims the format listed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Claim {
    /// The content looks like this format, this strongly (higher is surer); counts only
    /// when no extension settles it.
    Looks(u8),
    /// The file's extension is one of the format's.
    Named,
    /// The content shows this format inside a file named for another, more general one
    /// (Anki's `#separator:` headers on a `.csv`).
    Shown,
    /// The content can be nothing else, whatever the name (a zip's signature).
    Certain,
}

/// The start of a file, as detection sees it.
pub struct Head<'a> {
    /// The file name's extension, lowercase; empty if none.
    pub extension: String,
    /// The first bytes.
    pub bytes: &'a [u8],
    /// Those bytes as text: up to the first that is not UTF-8, a byte-order mark dropped.
    pub text: &'a str,
}

impl<'a> Head<'a> {
    pub fn new(file_name: &str, bytes: &'a [u8]) -> Head<'a> {
        let extension = std::path::Path::new(file_name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        // `bytes` may be the first part of a file, cut inside a character.
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
        };
        Head {
            extension,
            bytes,
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
        }
    }

    /// The first line that is not blank ("" if none).
    #[must_use]
    pub fn first_line(&self) -> &'a str {
        self.text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
    }
}

impl FormatSpec {
    /// The format's claim on a file: its sniff, or its extension, whichever is surer.
    fn claim(&self, head: &Head<'_>) -> Option<Claim> {
        let named = self
            .extensions
            .contains(&head.extension.as_str())
            .then_some(Claim::Named);
        named.max((self.sniff)(head))
    }
}

impl fmt::Debug for FormatSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FormatSpec({})", self.name)
    }
}

impl PartialEq for FormatSpec {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for FormatSpec {}

/// The format of `name`.
#[must_use]
pub fn by_name(name: &str) -> Option<&'static FormatSpec> {
    FORMATS.iter().find(|f| f.name == name)
}

/// Tells a file's format from its name and first bytes: the format with the surest
/// claim (see `Claim`), the first listed of equals.
pub fn detect(file_name: &str, bytes: &[u8]) -> Result<&'static FormatSpec, String> {
    let head = Head::new(file_name, bytes);
    let mut best: Option<(Claim, &'static FormatSpec)> = None;
    for format in FORMATS {
        match (format.claim(&head), best) {
            (Some(c), Some((b, _))) if c <= b => {}
            (Some(c), _) => best = Some((c, format)),
            (None, _) => {}
        }
    }
    best.map(|(_, f)| f).ok_or_else(|| {
        let names: Vec<String> = FORMATS
            .iter()
            .filter_map(|f| f.extensions.first())
            .map(|e| format!(".{e}"))
            .collect();
        let (last, rest) = names.split_last().map_or(("", &[][..]), |(l, r)| (l, r));
        format!(
            "cannot tell the format of `{file_name}` from its name or content; \
             name it {} or {last}, or pass --format",
            rest.join(", ")
        )
    })
}

/// `--format` of `recall import`: one format for every file, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatChoice {
    /// Each file's format told from its name and content.
    Auto,
    Only(&'static FormatSpec),
}

impl FormatChoice {
    /// Every value `--format` takes: `auto`, then the formats' names.
    pub fn names() -> impl Iterator<Item = &'static str> {
        std::iter::once("auto").chain(FORMATS.iter().map(|f| f.name))
    }
}

impl FromStr for FormatChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<FormatChoice, String> {
        match s {
            "auto" => Ok(FormatChoice::Auto),
            _ => by_name(s)
                .map(FormatChoice::Only)
                .ok_or_else(|| format!("`{s}` is not an import format")),
        }
    }
}

/// The formats' part of `recall import --help`.
#[must_use]
pub fn help() -> String {
    let mut out = String::from("Formats:");
    for (i, format) in FORMATS.iter().enumerate() {
        if format.help.is_empty() {
            continue;
        }
        // The formats after this one that it describes too.
        let label = std::iter::once(format.name)
            .chain(
                FORMATS[i + 1..]
                    .iter()
                    .take_while(|f| f.help.is_empty())
                    .map(|f| f.name),
            )
            .collect::<Vec<_>>()
            .join(", ");
        for (n, line) in format.help.lines().enumerate() {
            let label = if n == 0 { label.as_str() } else { "" };
            out.push_str(&format!("\n  {label:<10} {line}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(file: &str, bytes: &[u8]) -> Result<&'static str, String> {
        detect(file, bytes).map(|f| f.name)
    }

    #[test]
    fn formats_are_told_by_name_then_content() {
        assert_eq!(name("a.apkg", b"x"), Ok("apkg"));
        assert_eq!(name("a.bin", b"PK\x03\x04rest"), Ok("apkg"));
        assert_eq!(name("a.TOML", b""), Ok("toml"));
        assert_eq!(name("a.csv", b"front,back\n"), Ok("csv"));
        assert_eq!(
            name("a.csv", b"\xef\xbb\xbf#separator:Comma\na,b\n"),
            Ok("anki-text")
        );
        assert_eq!(name("a.tsv", b"a\tb\n"), Ok("tsv"));
        assert_eq!(name("a.txt", b"a\tb\n"), Ok("anki-text"));
        assert_eq!(name("a.md", b""), Ok("markdown"));
        assert_eq!(name("notes", b"Q: a\nA: b\n"), Ok("markdown"));
        assert_eq!(name("deck", b"#html:true\na\tb"), Ok("anki-text"));
        assert_eq!(name("deck", b"name = \"x\"\n[[cards]]\n"), Ok("toml"));
        assert_eq!(name("data", b"a\tb\n"), Ok("tsv"));
        let err = name("data", b"just words").unwrap_err();
        assert!(err.contains("--format"), "{err}");
    }

    #[test]
    fn the_name_wins_over_a_look_but_not_over_a_zip() {
        // A TOML file may open with a comment that reads like an Anki header.
        assert_eq!(name("a.toml", b"#deck: Spanish\n[[cards]]\n"), Ok("toml"));
        assert_eq!(name("a.md", b"#deck: x\nQ: a\n"), Ok("markdown"));
        assert_eq!(name("a.tab", b"#separator:tab\na\tb\n"), Ok("tsv"));
        assert_eq!(name("a.txt", b"PK\x05\x06"), Ok("apkg"));
        // The strongest look wins when the name says nothing.
        assert_eq!(name("x", b"#separator:tab\nQ: a\tb\n"), Ok("anki-text"));
        assert_eq!(name("x", b"Q:\ta\n[[cards]]\n"), Ok("markdown"));
        assert_eq!(name("x", b"+++\n[[cards]]\n"), Ok("markdown"));
        assert_eq!(name("x", b"a\tb\n[[cards]]\n"), Ok("toml"));
    }

    #[test]
    fn a_file_of_no_known_format_is_told_what_names_work() {
        let err = name("data", b"just words").unwrap_err();
        assert!(
            err.starts_with(
                "cannot tell the format of `data` from its name or content; \
                 name it .toml, .csv, .tsv, .txt, .md"
            ),
            "{err}"
        );
        assert!(
            err.ends_with(", or pass --format") && err.contains(" or ."),
            "{err}"
        );
        // Formats told by content alone (Obsidian notes are `.md`) add no name.
        for ext in FORMATS.iter().filter_map(|f| f.extensions.first()) {
            assert!(err.contains(&format!(".{ext}")), "{err}");
        }
        assert_eq!(err.matches(".md").count(), 1, "{err}");
    }

    #[test]
    fn every_format_has_a_unique_name_and_a_choice() {
        let names: Vec<&str> = FormatChoice::names().collect();
        assert_eq!(names[0], "auto");
        // Today's names keep their order in --format's list (a new one may go anywhere).
        let known = ["toml", "csv", "tsv", "anki-text", "markdown", "apkg"];
        let listed: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| known.contains(n))
            .collect();
        assert_eq!(listed, known);
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for n in &names[1..] {
            assert_eq!(
                n.parse::<FormatChoice>(),
                Ok(FormatChoice::Only(by_name(n).unwrap()))
            );
        }
        assert_eq!("auto".parse::<FormatChoice>(), Ok(FormatChoice::Auto));
        assert!("docx".parse::<FormatChoice>().is_err());
    }

    #[test]
    fn the_help_lists_every_format() {
        let help = help();
        assert!(
            help.starts_with("Formats:\n  toml       recall's own deck files"),
            "{help}"
        );
        assert!(
            help.contains("\n  csv, tsv   rows of front, back[, tags]"),
            "{help}"
        );
        assert!(
            help.contains("\n             front, back, tags, deck"),
            "{help}"
        );
        assert!(help.contains("\n  apkg       Anki packages"), "{help}");
    }
}
