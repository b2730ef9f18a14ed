//! Markdown decks: `Q:`/`A:` cards, `C:` cloze lines (one card per `[deletion]`), and
//! `front :: back` lines; cards separated by blank lines or `---`; optional TOML front
//! matter between `+++` lines. A line that belongs to no card is an error.
//!
//! ```text
//! +++
//! name = "Geography::Capitals"      # else --deck, else the file's name
//! stage = 1                         # default stage of the cards
//! tags = ["geo"]                    # tags of every card
//! +++
//!
//! # Headings are titles for the reader and are ignored
//!
//! Q: What is the capital of Australia?
//! A: Canberra
//!    (continuation lines belong to the open question or answer)
//!
//! C: [Canberra] is the capital of [Australia].   <- two cards
//!
//! France :: Paris
//! ---
//! ```
//! In `C:` text, `[x](url)` is a link, not a deletion; `\[` and `\]` are literal brackets.
//! Fenced code blocks (between lines of three backticks) inside a question or answer are
//! kept whole.

use serde::Deserialize;

use super::spec::{Claim, FormatSpec, Head, ReadAs};
use super::{
    DeckSet, Options, Parsed, Problem, Problems, clean_text, deck_name, derived_guid, line_of,
};
use crate::core::model::{CardDraft, CardKind, Stage};
use crate::core::siblings::reverse_of;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    name: Option<String>,
    #[serde(default)]
    description: String,
    stage: Option<toml::Value>,
    #[serde(default)]
    tags: Vec<String>,
}

/// What a card block is collecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Question,
    Answer,
    Cloze,
}

/// A card being read: where it started and its parts so far.
#[derive(Debug)]
struct Open {
    line: usize,
    part: Part,
    question: String,
    answer: String,
    /// Inside a fence of three backticks: lines are kept as they are.
    fenced: bool,
}

/// The deck-wide settings of a file.
struct Settings {
    deck: String,
    stage: Stage,
    tags: Vec<String>,
}

/// Markdown decks, as an import format.
pub const FORMAT: FormatSpec = FormatSpec {
    name: "markdown",
    help: "Q:/A: pairs, C: lines with [deletions], `front :: back` lines\n(`front ::: back` adds the reverse), optional TOML front matter between +++ lines",
    extensions: &["md", "markdown"],
    sniff,
    read: ReadAs::Text(parse),
};

/// `Q:` or `C:` lines, or front matter opening the file.
fn sniff(head: &Head<'_>) -> Option<Claim> {
    let cards = head.text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("Q:") || l.starts_with("C:")
    });
    (cards || head.first_line().trim() == "+++").then_some(Claim::Looks(2))
}

/// Parses a Markdown deck.
pub fn parse(text: &str, file: &str, opts: &Options) -> Result<Parsed, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (settings, description, body_line) = front_matter(text, file, opts)?;
    let mut reader = Reader {
        file,
        settings,
        set: DeckSet::default(),
        problems: Vec::new(),
        open: None,
    };
    for (i, line) in text.lines().enumerate().skip(body_line) {
        reader.line(i + 1, line);
    }
    reader.close();
    if !reader.problems.is_empty() {
        return Err(Problems(reader.problems));
    }
    let mut decks = reader.set.into_decks();
    if decks.is_empty() {
        return Err(Problems::one(
            file,
            None,
            "the file has no cards (write `Q:`/`A:` pairs, `C:` lines or `front :: back`)",
        ));
    }
    for d in &mut decks {
        d.description.clone_from(&description);
    }
    Ok(Parsed::of_decks(decks))
}

/// The front matter's settings, the description, and the index of the first body line.
fn front_matter(
    text: &str,
    file: &str,
    opts: &Options,
) -> Result<(Settings, String, usize), Problems> {
    let mut settings = Settings {
        deck: opts.default_deck.clone(),
        stage: opts.stage,
        tags: Vec::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    if lines.first().map(|l| l.trim()) != Some("+++") {
        return Ok((settings, String::new(), 0));
    }
    let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "+++") else {
        return Err(Problems::one(
            file,
            Some(1),
            "the front matter opened by `+++` is never closed by another `+++` line",
        ));
    };
    let toml_text = lines[1..=end].join("\n");
    let fm: FrontMatter = toml::from_str(&toml_text).map_err(|e| {
        let line = e.span().map_or(2, |s| line_of(&toml_text, s.start) + 1);
        Problems::one(
            file,
            Some(line),
            format!("front matter: {}", e.message().trim()),
        )
    })?;
    if let Some(name) = fm.name.as_deref() {
        settings.deck = deck_name(name)
            .ok_or_else(|| Problems::one(file, Some(2), "front matter: `name` is empty"))?;
    }
    if let Some(stage) = fm.stage {
        let text = match &stage {
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        settings.stage = text
            .parse()
            .map_err(|e| Problems::one(file, Some(2), format!("front matter: `stage`: {e}")))?;
    }
    settings.tags = fm
        .tags
        .iter()
        .map(|t| clean_text(t))
        .filter(|t| !t.is_empty())
        .collect();
    Ok((settings, clean_text(&fm.description), end + 2))
}

struct Reader<'a> {
    file: &'a str,
    settings: Settings,
    set: DeckSet,
    problems: Vec<Problem>,
    open: Option<Open>,
}

impl Reader<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::new(self.file, Some(line), message));
    }

    fn line(&mut self, n: usize, line: &str) {
        if let Some(open) = self.open.as_mut().filter(|o| o.fenced) {
            open.fenced = !line.trim_start().starts_with("```");
            push_line(open, line);
            return;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || is_rule(trimmed) {
            self.close();
            return;
        }
        if let Some(rest) = marker(trimmed, "Q:") {
            self.close();
            self.open = Some(Open {
                line: n,
                part: Part::Question,
                question: rest.to_string(),
                answer: String::new(),
                fenced: false,
            });
        } else if let Some(rest) = marker(trimmed, "A:") {
            match self.open.as_mut() {
                Some(o) if o.part == Part::Question => {
                    o.part = Part::Answer;
                    o.answer = rest.to_string();
                }
                Some(o) if o.part == Part::Answer => {
                    let first = o.line;
                    self.problem(n, format!("a second `A:` for the question on line {first}"));
                }
                _ => self.problem(
                    n,
                    "`A:` without a `Q:` before it (an answer needs its question)",
                ),
            }
        } else if let Some(rest) = marker(trimmed, "C:") {
            self.close();
            self.open = Some(Open {
                line: n,
                part: Part::Cloze,
                question: rest.to_string(),
                answer: String::new(),
                fenced: false,
            });
        } else if let Some(open) = self.open.as_mut() {
            open.fenced = trimmed.starts_with("```");
            push_line(open, line);
        } else if trimmed.starts_with('#') {
            // A heading: a title for the reader.
        } else if let Some((front, back, reverse)) = split_pair(trimmed) {
            self.card(n, CardKind::Basic, front, back, reverse);
        } else {
            self.problem(
                n,
                "this line belongs to no card: start one with `Q:` or `C:`, or write `front :: back`",
            );
        }
    }

    /// Ends the open card, if any, and adds what it makes.
    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        match open.part {
            Part::Question => self.problem(open.line, "the question has no `A:` answer"),
            Part::Answer => {
                self.card(
                    open.line,
                    CardKind::Basic,
                    &open.question,
                    &open.answer,
                    false,
                );
            }
            Part::Cloze => self.cloze(open.line, &open.question),
        }
    }

    /// Adds a card, and its reverse (`front ::: back`) when `reverse`.
    fn card(&mut self, line: usize, kind: CardKind, front: &str, back: &str, reverse: bool) {
        let front = clean_text(front);
        let back = clean_text(back);
        if front.is_empty() {
            return self.problem(line, "the question is empty");
        }
        if back.is_empty() {
            return self.problem(line, "the answer is empty");
        }
        let deck = self.settings.deck.clone();
        let card = CardDraft {
            guid: derived_guid(&deck, &front),
            stage: self.settings.stage,
            kind,
            front,
            back,
            choices: Vec::new(),
            tags: self.settings.tags.clone(),
            key_points: Vec::new(),
        };
        let reversed = reverse.then(|| reverse_of(&card));
        for card in std::iter::once(card).chain(reversed) {
            if let Err(m) = self.set.add(&deck, card, &format!("line {line}")) {
                self.problem(line, m);
            }
        }
    }

    fn cloze(&mut self, line: usize, text: &str) {
        match deletions(text) {
            Ok(pieces) if pieces.iter().any(|p| p.deleted) => {
                for (front, back) in cloze_cards(&pieces) {
                    self.card(line, CardKind::Cloze, &front, &back, false);
                }
            }
            Ok(_) => self.problem(
                line,
                "a `C:` line needs at least one [deletion] in square brackets",
            ),
            Err(m) => self.problem(line, m),
        }
    }
}

fn push_line(open: &mut Open, line: &str) {
    let target = if open.part == Part::Answer {
        &mut open.answer
    } else {
        &mut open.question
    };
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(if open.fenced { line } else { line.trim() });
}

/// `---` (or a longer run of dashes) on its own: a separator between cards.
fn is_rule(line: &str) -> bool {
    line.len() >= 3 && line.bytes().all(|b| b == b'-')
}

/// The text after a `Q:`-style marker (any case), if the line starts with it.
fn marker<'a>(line: &'a str, m: &str) -> Option<&'a str> {
    let head = line.get(..m.len())?;
    head.eq_ignore_ascii_case(m).then(|| line[m.len()..].trim())
}

/// `front :: back`, or `front ::: back` for a card and its reverse (the form
/// obsidian-spaced-repetition uses): split at the first separator with spaces around it,
/// or else the first without. Returns the sides and whether the reverse is wanted.
fn split_pair(line: &str) -> Option<(&str, &str, bool)> {
    let at = |sep: &str, reverse: bool| line.split_once(sep).map(|(f, b)| (f, b, reverse));
    at(" ::: ", true)
        .or_else(|| at(" :: ", false))
        .or_else(|| at(":::", true))
        .or_else(|| at("::", false))
}

/// A run of cloze text: plain, or one deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    text: String,
    deleted: bool,
}

/// Splits cloze text into plain runs and `[deletions]`.
fn deletions(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some((_, '[' | ']'))) => {
                if let Some((_, b)) = chars.next() {
                    plain.push(b);
                }
            }
            '[' => {
                let rest = &text[i + 1..];
                let Some(end) = closing_bracket(rest) else {
                    return Err(
                        "a `[` is never closed by `]` (write `\\[` for a literal bracket)".into(),
                    );
                };
                let inner = unescape_brackets(&rest[..end]);
                let inner = inner.as_str();
                if inner.contains('[') && !rest[..end].contains("\\[") {
                    return Err("deletions cannot be nested: a `[` is open already".into());
                }
                let after = &rest[end + 1..];
                // `[text](url)` is a Markdown link, kept as written.
                if after.starts_with('(') {
                    plain.push('[');
                    continue;
                }
                if inner.trim().is_empty() || inner.trim() == "..." {
                    return Err(format!("the deletion `[{inner}]` is empty"));
                }
                if !plain.is_empty() {
                    pieces.push(Piece {
                        text: std::mem::take(&mut plain),
                        deleted: false,
                    });
                }
                pieces.push(Piece {
                    text: inner.trim().to_string(),
                    deleted: true,
                });
                // Skip the deletion's characters and its `]`.
                let stop = i + 1 + end;
                while chars.next_if(|&(j, _)| j <= stop).is_some() {}
            }
            _ => plain.push(c),
        }
    }
    if !plain.is_empty() {
        pieces.push(Piece {
            text: plain,
            deleted: false,
        });
    }
    Ok(pieces)
}

/// The byte offset of the first `]` not written as `\]`.
fn closing_bracket(rest: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            ']' if !escaped => return Some(i),
            '\\' if !escaped => escaped = true,
            _ => escaped = false,
        }
    }
    None
}

/// `\[` and `\]` inside a deletion are the brackets themselves.
fn unescape_brackets(s: &str) -> String {
    s.replace("\\[", "[").replace("\\]", "]")
}

/// One `(front, back)` per deletion: that deletion blanked, the others shown.
fn cloze_cards(pieces: &[Piece]) -> Vec<(String, String)> {
    pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.deleted)
        .map(|(k, asked)| {
            let front: String = pieces
                .iter()
                .enumerate()
                .map(|(j, p)| if j == k { "[...]" } else { p.text.as_str() })
                .collect();
            (front, asked.text.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn opts() -> Options {
        Options {
            default_deck: "notes".into(),
            stage: Stage::Beginner,
            with_scheduling: false,
        }
    }

    fn ok(text: &str) -> Vec<CardDraft> {
        let p = parse(text, "n.md", &opts()).unwrap();
        p.decks.into_iter().flat_map(|d| d.cards).collect()
    }

    fn err(text: &str) -> String {
        parse(text, "n.md", &opts()).unwrap_err().to_string()
    }

    #[test]
    fn questions_answers_and_continuations() {
        let c = ok(
            "# Title\n\nQ: What is\n  the capital?\nA: Canberra\n(since 1913)\n---\nQ: two\nA: 2\n",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].front, "What is\nthe capital?");
        assert_eq!(c[0].back, "Canberra\n(since 1913)");
        assert_eq!(c[1].front, "two");
    }

    #[test]
    fn cloze_lines_make_one_card_per_deletion() {
        let c = ok("C: [Canberra] is the capital of [Australia].\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].kind, CardKind::Cloze);
        assert_eq!(c[0].front, "[...] is the capital of Australia.");
        assert_eq!(c[0].back, "Canberra");
        assert_eq!(c[1].front, "Canberra is the capital of [...].");
        let c = ok("C: The \\[escaped\\] and [real \\] thing] end\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].front, "The [escaped] and [...] end");
        assert_eq!(c[0].back, "real ] thing");
        let c = ok("C: See [docs](http://x) about \\[brackets\\] and [this].\n");
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].front,
            "See [docs](http://x) about [brackets] and [...]."
        );
    }

    #[test]
    fn single_line_pairs() {
        let c = ok("France :: Paris\nstd::vector :: a growable array\nhola::hello\n");
        assert_eq!(c.len(), 3);
        assert_eq!(
            (c[1].front.as_str(), c[1].back.as_str()),
            ("std::vector", "a growable array")
        );
        assert_eq!(c[2].back, "hello");
    }

    #[test]
    fn triple_colons_make_a_card_and_its_reverse() {
        let c = ok("perro ::: dog
std::vector ::: a growable array
gato:::cat
");
        let sides: Vec<(&str, &str)> = c
            .iter()
            .map(|c| (c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            sides,
            vec![
                ("perro", "dog"),
                ("dog", "perro"),
                ("std::vector", "a growable array"),
                ("a growable array", "std::vector"),
                ("gato", "cat"),
                ("cat", "gato"),
            ]
        );
        assert_eq!(c[1].guid, format!("{}/reverse", c[0].guid));
    }

    #[test]
    fn front_matter_names_the_deck() {
        let p = parse(
            "+++\nname = \"Geo::Capitals\"\nstage = \"advanced\"\ntags = [\"geo\"]\n+++\nQ: a\nA: b\n",
            "n.md",
            &opts(),
        )
        .unwrap();
        assert_eq!(p.decks[0].name, "Geo::Capitals");
        assert_eq!(p.decks[0].cards[0].stage, Stage::Advanced);
        assert_eq!(p.decks[0].cards[0].tags, ["geo"]);
        assert_eq!(
            err("+++\nnmae = \"x\"\n+++\nQ: a\nA: b\n")
                .lines()
                .next()
                .unwrap_or(""),
            "n.md:2: front matter: unknown field `nmae`, expected one of `name`, `description`, `stage`, `tags`"
        );
    }

    #[test]
    fn code_fences_keep_blank_lines() {
        let c = ok("Q: Output?\n```\nprint(1)\n\nprint(2)\n```\nA: 1 and 2\n");
        assert_eq!(c[0].front, "Output?\n```\nprint(1)\n\nprint(2)\n```");
    }

    #[test]
    fn stray_and_incomplete_lines_are_located() {
        assert_eq!(
            err("A: orphan\n"),
            "n.md:1: `A:` without a `Q:` before it (an answer needs its question)"
        );
        assert_eq!(
            err("Q: a\nA: b\n\njust text\n"),
            "n.md:4: this line belongs to no card: start one with `Q:` or `C:`, or write `front :: back`"
        );
        assert_eq!(
            err("Q: lonely\n\nQ: x\nA: y\n"),
            "n.md:1: the question has no `A:` answer"
        );
        assert_eq!(
            err("C: no deletions\n"),
            "n.md:1: a `C:` line needs at least one [deletion] in square brackets"
        );
        assert_eq!(
            err("C: open [bracket\n"),
            "n.md:1: a `[` is never closed by `]` (write `\\[` for a literal bracket)"
        );
        assert_eq!(
            err("Q: a\nA: b\nA: c\n"),
            "n.md:3: a second `A:` for the question on line 1"
        );
        assert_eq!(
            err("+++\nname = \"x\"\n"),
            "n.md:1: the front matter opened by `+++` is never closed by another `+++` line"
        );
        assert!(err("\n\n").contains("no cards"));
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = parse(&s, "p.md", &opts());
        }

        #[test]
        fn markdown_like_input_never_panics(s in "((Q:|A:|C:|---|\\+\\+\\+|```|[a-z \\[\\]\\\\():]{0,12})\n){0,8}") {
            let _ = parse(&s, "p.md", &opts());
        }
    }
}
