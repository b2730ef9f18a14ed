//! Markdown decks, as hashcards writes them (and recall's own additions): `Q:`/`A:`
//! cards, `C:` cloze cards (one card per `[deletion]`) and `front :: back` lines, with
//! optional TOML front matter between `---` (hashcards) or `+++` lines; recall's `K:` key
//! points and `N:` notes under an answer, and `SQL:` and `OUT:` exercises.
//!
//! ````text
//! ---
//! name = "Geography::Capitals"      # else --deck, else the file's name
//! stage = 1                         # default stage of the cards (recall's)
//! tags = ["geo"]                    # tags of every card (recall's)
//! ---
//!
//! # Headings are titles for the reader and are ignored
//!
//! Q: What is the capital of Australia?
//! A: Canberra
//!
//!    Fields run on over blank lines: lists, tables, `$$` blocks, paragraphs.
//! K: Canberra | the capital is Canberra      <- a key point, alternatives split by ` | `
//! K: not Sydney
//! ---
//! C:
//! [Canberra] is the capital of      <- two cards, siblings
//! [Australia].
//!
//! France :: Paris
//! ---
//!
//! SQL: Customers who never ordered: customer_id.   <- a SQL exercise (the answer is
//! A: SELECT customer_id FROM customers                  the reference query)
//!    WHERE customer_id NOT IN (SELECT customer_id FROM orders);
//! N: NOT EXISTS reads the same and is safe with NULLs.  <- a note shown after the answer
//!
//! OUT: What does this print?                        <- an output exercise: the snippet
//! ```python                                            in a fence under the question,
//! print(1 / 2)                                         the answer what it prints
//! ```
//! A: 0.5
//! ````
//!
//! The field parser. A card starts at `Q:`, `C:`, `SQL:` or `OUT:` (any case, at the start
//! of a line); a field's text starts after its marker or on the next line, and runs over
//! every line, blank lines included, until the next marker (`Q:`, `A:`, `N:`, `C:`,
//! `SQL:`, `OUT:`; a `K:` line is one key point of the answer and the answer goes on after
//! it), a `---` rule, or — after a blank
//! line — a heading or a `front :: back` line (with spaces around `::`), which end the card
//! and are read as themselves. Inside a fence of three backticks or tildes nothing ends a
//! field. A field's lines keep their relative indentation (the indentation they share is
//! removed) and its blank lines; blank lines around it go. Before the first card, only
//! headings, rules, blank lines and `front :: back` lines may stand: anything else belongs
//! to no card and is an error.
//!
//! In cloze text `[x](url)` and `![alt](path)` are a link and an image, not deletions; `\[`
//! and `\]` are literal brackets. Images, audio and video (`![](a.png)`, `![](b.mp3)`,
//! `@/` for the collection's root) become placeholders (`formats::md_text`). An `OUT:`
//! card's snippet is the fence in its question; a fenced answer keeps its lines as printed.
//!
//! Ids: a card's id comes from its deck and its front (`formats::derived_guid`); the
//! cards of one cloze with several deletions are siblings, `<deck>/<hash of the cloze
//! text>/c1`, `/c2`, … in the order of their deletions. Such cards had their own front's
//! id before; `Parsed::formerly` gives it, so cards imported then keep their progress.

use std::collections::HashMap;

use serde::Deserialize;

use super::md_text;
use super::spec::{Claim, FormatSpec, Head, ReadAs};
use super::{
    DeckSet, Options, Parsed, Problem, Problems, clean_text, deck_name, derived_guid, line_of,
    sibling_guid,
};
use crate::core::model::{CardDraft, CardKind, KeyPoint, SqlOptions, Stage};
use crate::core::siblings::reverse_of;

/// More deletions than this in one cloze is no real card: each makes a card holding the
/// whole text, so a hostile file of many tiny deletions would need memory squared.
pub const MAX_DELETIONS: usize = 500;

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
    Note,
    Cloze,
}

/// A field as written: the text after its marker, then its lines.
#[derive(Debug, Default)]
struct Field {
    first: String,
    lines: Vec<String>,
}

impl Field {
    fn new(first: &str) -> Field {
        Field {
            first: first.to_string(),
            lines: Vec::new(),
        }
    }

    /// The field's text: its lines without the indentation they all share, blank lines
    /// inside kept, blank lines around dropped.
    fn text(&self) -> String {
        let indent = self
            .lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut out = self.first.clone();
        for line in &self.lines {
            out.push('\n');
            // `indent` bytes are whitespace on every non-blank line; a blank line may be
            // shorter, or hold other whitespace.
            out.push_str(
                line.get(indent..)
                    .filter(|_| !line.trim().is_empty())
                    .unwrap_or(""),
            );
        }
        out.trim_matches(|c: char| c == '\n' || c.is_whitespace())
            .to_string()
    }
}

/// A card being read: where it started and its fields so far.
#[derive(Debug)]
struct Open {
    line: usize,
    part: Part,
    /// `basic` for `Q:`, `sql` for `SQL:`, `output` for `OUT:`, `cloze` for `C:`.
    kind: CardKind,
    question: Field,
    answer: Field,
    note: Field,
    /// `K:` lines under the answer: the ideas a typed answer is graded by.
    key_points: Vec<KeyPoint>,
    /// Inside a code fence: lines are kept as they are, and nothing ends the field.
    fence: Option<&'static str>,
    /// The line before was blank: a heading or a `front :: back` line ends the card.
    after_blank: bool,
}

impl Open {
    fn new(line: usize, part: Part, kind: CardKind, first: &str) -> Open {
        Open {
            line,
            part,
            kind,
            question: Field::new(first),
            answer: Field::default(),
            note: Field::default(),
            key_points: Vec::new(),
            fence: None,
            after_blank: false,
        }
    }

    fn push(&mut self, line: &str) {
        let field = match self.part {
            Part::Answer => &mut self.answer,
            Part::Note => &mut self.note,
            Part::Question | Part::Cloze => &mut self.question,
        };
        field.lines.push(line.trim_end().to_string());
    }
}

/// What a card's author wrote besides its question and answer.
#[derive(Default)]
struct Authored {
    note: String,
    key_points: Vec<KeyPoint>,
    /// `front ::: back`: the reverse card too.
    reverse: bool,
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
    help: "hashcards' format: Q:/A: cards, C: cloze text with [deletions], `front :: back`\nlines (`front ::: back` adds the reverse); TOML front matter between --- or +++ lines",
    extensions: &["md", "markdown"],
    sniff,
    read: ReadAs::Text(parse),
};

/// `Q:` or `C:` lines, or front matter opening the file.
fn sniff(head: &Head<'_>) -> Option<Claim> {
    let cards = head.text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("Q:") || l.starts_with("C:") || l.starts_with("SQL:")
    });
    (cards || head.first_line().trim() == "+++").then_some(Claim::Looks(2))
}

/// Parses a Markdown deck.
pub fn parse(text: &str, file: &str, opts: &Options) -> Result<Parsed, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (settings, description, body_line) = match front_matter(text, file, opts) {
        Ok(found) => found,
        // Stray notes in a folder (a README with YAML front matter) are no deck.
        Err(_) if opts.in_folder && !has_card_lines(text) => return Ok(Parsed::default()),
        Err(e) => return Err(e),
    };
    let mut reader = Reader {
        file,
        settings,
        set: DeckSet::default(),
        problems: Vec::new(),
        open: None,
        started: false,
        formerly: HashMap::new(),
    };
    for (i, line) in text.lines().enumerate().skip(body_line) {
        reader.line(i + 1, line);
    }
    reader.close();
    if opts.in_folder && !reader.started {
        return Ok(Parsed::default());
    }
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
    Ok(Parsed {
        formerly: reader.formerly,
        ..Parsed::of_decks(decks)
    })
}

/// Whether any line starts a card or a part of one: a marker or a `front :: back` line.
fn has_card_lines(text: &str) -> bool {
    text.lines().map(str::trim).any(|l| {
        ["Q:", "A:", "C:", "K:", "N:", "SQL:", "OUT:"]
            .iter()
            .any(|m| marker(l, m).is_some())
            || split_pair(l).is_some()
    })
}

/// The front matter's settings, the description, and the index of the first body line.
/// Front matter is TOML between `+++` lines, or between `---` lines as hashcards writes it.
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
    let Some(fence) = lines
        .first()
        .map(|l| l.trim())
        .filter(|l| *l == "+++" || *l == "---")
    else {
        return Ok((settings, String::new(), 0));
    };
    let Some(end) = lines.iter().skip(1).position(|l| l.trim() == fence) else {
        return Err(Problems::one(
            file,
            Some(1),
            format!(
                "the front matter opened by `{fence}` is never closed by another `{fence}` line"
            ),
        ));
    };
    let toml_text = lines[1..=end].join("\n");
    let fm: FrontMatter = toml::from_str(&toml_text).map_err(|e| {
        let line = e.span().map_or(2, |s| line_of(&toml_text, s.start) + 1);
        let yaml = if fence == "---" {
            " (front matter is TOML, as in hashcards: `name = \"Deck\"`)"
        } else {
            ""
        };
        Problems::one(
            file,
            Some(line),
            format!("front matter: {}{yaml}", e.message().trim()),
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
    /// A card was started somewhere in the file.
    started: bool,
    /// Cloze siblings' ids before they shared their cloze's id: deck and front.
    formerly: HashMap<String, String>,
}

impl Reader<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems
            .push(Problem::new(self.file, Some(line), message));
    }

    fn line(&mut self, n: usize, line: &str) {
        if let Some(open) = self.open.as_mut().filter(|o| o.fence.is_some()) {
            if open.fence.is_some_and(|f| line.trim_start().starts_with(f)) {
                open.fence = None;
            }
            open.push(line);
            return;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(open) = self.open.as_mut() {
                open.after_blank = true;
                open.push("");
            }
            return;
        }
        if is_rule(trimmed) {
            self.close();
            return;
        }
        if self.markers(n, trimmed) {
            return;
        }
        if let Some(open) = self.open.as_mut() {
            let ends_card = open.after_blank && (is_heading(trimmed) || trimmed.contains(" :: "));
            if !ends_card {
                open.fence = fence(trimmed);
                open.after_blank = false;
                open.push(line);
                return;
            }
            self.close();
        }
        if trimmed.starts_with('#') {
            // A heading: a title for the reader.
        } else if let Some((front, back, reverse)) = split_pair(trimmed) {
            self.started = true;
            let authored = Authored {
                reverse,
                ..Authored::default()
            };
            self.add(n, CardKind::Basic, front, back, authored, None);
        } else {
            self.problem(
                n,
                "this line belongs to no card: start one with `Q:` or `C:`, or write `front :: back`",
            );
        }
    }

    /// Handles a marker line (`Q:`, `SQL:`, `OUT:`, `A:`, `K:`, `N:`, `C:`); false if the
    /// line is none of them.
    fn markers(&mut self, n: usize, trimmed: &str) -> bool {
        if let Some((kind, rest)) = question_marker(trimmed) {
            self.close();
            self.started = true;
            self.open = Some(Open::new(n, Part::Question, kind, rest));
        } else if let Some(rest) = marker(trimmed, "N:") {
            self.started = true;
            match self.open.as_mut() {
                Some(o) if o.part == Part::Answer => {
                    o.part = Part::Note;
                    o.note = Field::new(rest);
                    o.after_blank = false;
                }
                _ => self.problem(n, "`N:` (a note) belongs after a card's `A:` answer"),
            }
        } else if let Some(rest) = marker(trimmed, "A:") {
            self.started = true;
            match self.open.as_mut() {
                Some(o) if o.part == Part::Question => {
                    o.part = Part::Answer;
                    o.answer = Field::new(rest);
                    o.after_blank = false;
                }
                Some(o) if matches!(o.part, Part::Answer | Part::Note) => {
                    let first = o.line;
                    self.problem(n, format!("a second `A:` for the question on line {first}"));
                }
                Some(o) => {
                    let first = o.line;
                    self.problem(
                        n,
                        format!(
                            "`A:` inside the cloze card of line {first} (a `C:` card has no answer)"
                        ),
                    );
                }
                None => self.problem(
                    n,
                    "`A:` without a `Q:` before it (an answer needs its question)",
                ),
            }
        } else if let Some(rest) = marker(trimmed, "C:") {
            self.close();
            self.started = true;
            self.open = Some(Open::new(n, Part::Cloze, CardKind::Cloze, rest));
        } else if let Some(rest) = marker(trimmed, "K:") {
            self.started = true;
            self.key_point(n, rest);
        } else {
            return false;
        }
        true
    }

    /// Ends the open card, if any, and adds what it makes.
    fn close(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        match open.part {
            Part::Question => self.problem(open.line, "the question has no `A:` answer"),
            Part::Answer | Part::Note => self.exercise_or_card(open),
            Part::Cloze => self.cloze(open.line, &clean_text(&open.question.text())),
        }
    }

    /// A `Q:`, `SQL:` or `OUT:` block: an output card's snippet comes from the fence in its
    /// question, and a fenced answer keeps its lines as printed; a `Q:` card's media
    /// become placeholders.
    fn exercise_or_card(&mut self, open: Open) {
        let (question, answer) = (open.question.text(), open.answer.text());
        let (question, answer) = match open.kind {
            CardKind::Output => {
                let (text, code) = split_fence(&question);
                let (outside, fenced) = split_fence(&answer);
                let answer = if outside.is_empty() { fenced } else { answer };
                let text = md_text::media(&clean_text(&text));
                (super::front_with_code(&text, &code), answer)
            }
            CardKind::Basic => (md_text::media(&question), md_text::media(&answer)),
            _ => (md_text::media(&question), answer),
        };
        let authored = Authored {
            note: open.note.text(),
            key_points: open.key_points,
            reverse: false,
        };
        self.add(open.line, open.kind, &question, &answer, authored, None);
    }

    /// A `K:` line: one key point of the open answer, its phrasings split at ` | `.
    fn key_point(&mut self, line: usize, text: &str) {
        // Padded, so a bare `|` at either end separates too.
        let phrasings: Vec<String> = format!(" {text} ")
            .split(" | ")
            .map(clean_text)
            .filter(|p| !p.is_empty())
            .collect();
        match self.open.as_mut() {
            Some(o) if o.part == Part::Answer && !phrasings.is_empty() => {
                o.key_points.push(KeyPoint(phrasings));
            }
            Some(o) if o.part == Part::Answer => {
                self.problem(
                    line,
                    "the key point is empty (write `K: a point | another phrasing`)",
                );
            }
            _ => self.problem(
                line,
                "`K:` (a key point) belongs under the `A:` answer of a `Q:` card",
            ),
        }
    }

    /// Adds a card; its id is `guid`, or else derived from its deck and front.
    fn add(
        &mut self,
        line: usize,
        kind: CardKind,
        front: &str,
        back: &str,
        authored: Authored,
        guid: Option<String>,
    ) {
        let front = clean_text(front);
        let back = super::clean_back(kind, back);
        if front.is_empty() {
            return self.problem(line, "the question is empty");
        }
        if back.is_empty() {
            return self.problem(line, "the answer is empty");
        }
        let deck = self.settings.deck.clone();
        let card = CardDraft {
            guid: guid.unwrap_or_else(|| derived_guid(&deck, &front)),
            stage: self.settings.stage,
            kind,
            front,
            back,
            choices: Vec::new(),
            tags: self.settings.tags.clone(),
            key_points: authored.key_points,
            note: clean_text(&authored.note),
            sql: SqlOptions::default(),
        };
        if let Err(m) = card.check_kind() {
            return self.problem(line, m);
        }
        let reversed = authored.reverse.then(|| reverse_of(&card));
        for card in std::iter::once(card).chain(reversed) {
            if let Err(m) = self.set.add(&deck, card, &format!("line {line}")) {
                self.problem(line, m);
            }
        }
    }

    /// One card per deletion; several are siblings of one id.
    fn cloze(&mut self, line: usize, text: &str) {
        match deletions(text) {
            Ok(pieces) if pieces.iter().filter(|p| p.deleted).count() > MAX_DELETIONS => {
                self.problem(
                    line,
                    format!("a cloze may have at most {MAX_DELETIONS} deletions"),
                );
            }
            Ok(pieces) if pieces.iter().any(|p| p.deleted) => {
                let cards = cloze_cards(&pieces);
                let siblings = cards.len() > 1;
                for (k, (front, back)) in cards.into_iter().enumerate() {
                    let guid = siblings.then(|| sibling_guid(&self.settings.deck, text, k));
                    if let Some(g) = &guid {
                        let before = derived_guid(&self.settings.deck, &front);
                        self.formerly.insert(g.clone(), before);
                    }
                    let (front, back) = (md_text::media(&front), md_text::media(&back));
                    let authored = Authored::default();
                    self.add(line, CardKind::Cloze, &front, &back, authored, guid);
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

/// The fence a line opens (three backticks or tildes), if it opens one.
fn fence(trimmed: &str) -> Option<&'static str> {
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// A Markdown heading: one to six `#` and a space (or nothing else).
fn is_heading(trimmed: &str) -> bool {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && trimmed[hashes..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// `Q:`, `SQL:` or `OUT:` (any case), with the kind of card it opens.
fn question_marker(line: &str) -> Option<(CardKind, &str)> {
    [
        ("Q:", CardKind::Basic),
        ("SQL:", CardKind::Sql),
        ("OUT:", CardKind::Output),
    ]
    .into_iter()
    .find_map(|(m, kind)| marker(line, m).map(|rest| (kind, rest)))
}

/// Text and the first fenced block in it: the text outside the fence, and the fence's
/// lines (without its two lines of three backticks) as they are.
fn split_fence(text: &str) -> (String, String) {
    let mut outside = Vec::new();
    let mut code = Vec::new();
    let mut state = 0; // 0 before the fence, 1 inside, 2 after
    for line in text.lines() {
        let is_fence = line.trim_start().starts_with("```");
        match (state, is_fence) {
            (0 | 1, true) => state += 1,
            (1, false) => code.push(line),
            _ => outside.push(line),
        }
    }
    (outside.join("\n").trim().to_string(), code.join("\n"))
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
            in_folder: false,
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
    fn key_points_follow_the_answer() {
        let c = ok(
            "Q: WHERE or HAVING?\nA: WHERE filters rows;\nHAVING filters groups\nK: WHERE filters rows before grouping | WHERE runs first\nK:  HAVING filters groups \n",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].back, "WHERE filters rows;\nHAVING filters groups");
        assert_eq!(
            c[0].key_points,
            vec![
                KeyPoint(vec![
                    "WHERE filters rows before grouping".into(),
                    "WHERE runs first".into()
                ]),
                KeyPoint(vec!["HAVING filters groups".into()]),
            ]
        );
        assert_eq!(
            err("Q: a\nK: too early\nA: b\n"),
            "n.md:2: `K:` (a key point) belongs under the `A:` answer of a `Q:` card"
        );
        assert_eq!(
            err("Q: a\nA: b\nK:  | \n"),
            "n.md:3: the key point is empty (write `K: a point | another phrasing`)"
        );
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
    fn sql_and_output_exercises_with_notes() {
        let c = ok("SQL: Customers who never ordered: customer_id.\n\
             A: SELECT customer_id FROM customers\n\
             \x20  WHERE customer_id NOT IN (SELECT customer_id FROM orders);\n\
             N: NOT EXISTS is safe with NULLs.\n\
             \n\
             OUT: What does this print?\n\
             ```python\n\
             for i in range(2):\n\
             \x20   print(' ' * i, i)\n\
             ```\n\
             A:\n\
             ```\n\
             \x200\n\
             \x20 1\n\
             ```\n");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].kind, CardKind::Sql);
        assert_eq!(
            c[0].back,
            "SELECT customer_id FROM customers\nWHERE customer_id NOT IN (SELECT customer_id FROM orders);"
        );
        assert_eq!(c[0].note, "NOT EXISTS is safe with NULLs.");
        assert_eq!(c[1].kind, CardKind::Output);
        assert_eq!(
            c[1].front,
            "What does this print?\n\nfor i in range(2):\n    print(' ' * i, i)"
        );
        assert_eq!(c[1].back, " 0\n  1");
        assert!(
            err("Q: a\nN: why\n")
                .starts_with("n.md:2: `N:` (a note) belongs after a card's `A:` answer\n")
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
        // Text after a card belongs to its answer (hashcards' fields run over blank
        // lines); text before the first card belongs to none.
        assert_eq!(
            err("Some notes\n\nQ: a\nA: b\n\njust text\n"),
            "n.md:1: this line belongs to no card: start one with `Q:` or `C:`, or write `front :: back`"
        );
        assert_eq!(
            err("Q: a\nA: b\n---\njust text\n"),
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

    const CHEMISTRY: &str = include_str!("../../tests/fixtures/formats/hashcards/Chemistry.md");
    const PAINTINGS: &str = include_str!("../../tests/fixtures/formats/hashcards/Art/Paintings.md");

    #[test]
    fn a_hashcards_deck_keeps_lists_tables_and_latex() {
        let c = ok(CHEMISTRY);
        let shown: Vec<(CardKind, &str)> = c.iter().map(|c| (c.kind, c.back.as_str())).collect();
        assert_eq!(
            shown,
            [
                (
                    CardKind::Basic,
                    "- ruthenium\n- rhodium\n- palladium\n- osmium\n- iridium\n- platinum"
                ),
                (CardKind::Basic, "18 g/mol"),
                (CardKind::Cloze, "amount of substance"),
                (CardKind::Cloze, "6.022 × 10^23"),
                (
                    CardKind::Basic,
                    "| state  | fixed shape | fixed volume |\n\
                     |--------|-------------|--------------|\n\
                     | solid  | yes         | yes          |\n\
                     | liquid | no          | yes          |\n\
                     | gas    | no          | no           |"
                ),
                (CardKind::Cloze, "sodium chloride"),
                (CardKind::Cloze, "NaCl"),
            ]
        );
        // A cloze over paragraphs and a `$$` block: one card per deletion, siblings.
        assert_eq!(
            c[2].front,
            "The [...] of a sample is its number of entities divided by the\n\
             Avogadro constant:\n\n$$\nn = \\frac{N}{N_A}\n$$\n\n\
             where $N_A$ is about 6.022 × 10^23 per mole."
        );
        let base = c[2].guid.strip_suffix("/c1").unwrap();
        assert_eq!(c[3].guid, format!("{base}/c2"));
        assert_eq!(
            crate::core::siblings::sibling_key(&c[5].guid).base,
            crate::core::siblings::sibling_key(&c[6].guid).base
        );
        assert_ne!(
            crate::core::siblings::sibling_key(&c[2].guid).base,
            crate::core::siblings::sibling_key(&c[5].guid).base
        );
        // Links and escaped brackets stay text.
        assert_eq!(
            c[6].front,
            "Table salt is sodium chloride, written [...]; see [1] and [the IUPAC page](https://iupac.org)."
        );
        // A card alone keeps the id it always had: deck and front.
        assert_eq!(c[1].guid, derived_guid("notes", &c[1].front));
    }

    #[test]
    fn dash_front_matter_names_the_deck_and_media_become_placeholders() {
        let p = parse(PAINTINGS, "Paintings.md", &opts()).unwrap();
        assert_eq!(p.decks.len(), 1);
        assert_eq!(p.decks[0].name, "Art History");
        let c = &p.decks[0].cards;
        assert_eq!(
            (c[0].front.as_str(), c[0].back.as_str()),
            (
                "Who painted this?\n\n[image: images/the-siren.jpg]",
                "John William Waterhouse"
            )
        );
        assert_eq!(
            c[1].front,
            "Which composer wrote the piece in this recording?\n[sound: audio/clair-de-lune.mp3]"
        );
        assert_eq!(
            err("---\nname: Medicine\n---\nQ: a\nA: b\n"),
            "n.md:2: front matter: key with no value, expected `=` (front matter is TOML, as in hashcards: `name = \"Deck\"`)"
        );
        assert_eq!(
            err("---\nname = \"x\"\n"),
            "n.md:1: the front matter opened by `---` is never closed by another `---` line"
        );
    }

    #[test]
    fn a_cloze_may_start_on_the_next_line_and_fields_end_where_hashcards_ends_them() {
        let c = ok(
            "C:\nBetter [late]\n\nthan [never]\n---\nQ: q\nA: a\n\n  indented\n    more\n\n## Next\nQ: r\nA:\n\n```\nQ: not a marker\n\n```\nParis :: France\n\nRome :: Italy\n",
        );
        let shown: Vec<(&str, &str)> = c
            .iter()
            .map(|c| (c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Better [...]\n\nthan never", "late"),
                ("Better late\n\nthan [...]", "never"),
                ("q", "a\n\nindented\n  more"),
                ("r", "```\nQ: not a marker\n\n```\nParis :: France"),
                ("Rome", "Italy"),
            ]
        );
        assert_eq!(
            err("C: [a] b\nA: c\n"),
            "n.md:2: `A:` inside the cloze card of line 1 (a `C:` card has no answer)"
        );
    }

    #[test]
    fn a_cloze_of_too_many_deletions_is_refused() {
        let at_most = format!("C: {}\n", "[a] ".repeat(MAX_DELETIONS));
        assert_eq!(ok(&at_most).len(), MAX_DELETIONS);
        let over = format!("C: {}\n", "[a] ".repeat(MAX_DELETIONS + 1));
        assert_eq!(
            err(&over),
            format!("n.md:1: a cloze may have at most {MAX_DELETIONS} deletions")
        );
    }

    #[test]
    fn in_a_folder_a_file_without_cards_is_nothing() {
        let folder = Options {
            in_folder: true,
            ..opts()
        };
        let none = |t: &str| parse(t, "README.md", &folder).unwrap().card_count();
        assert_eq!(none("# Read me\n\nThese decks are for hashcards.\n"), 0);
        assert_eq!(none("---\ntitle: YAML\n---\nJust a note.\n"), 0);
        // With cards, its problems are problems.
        assert!(parse("Stray\nQ: a\nA: b\n", "x.md", &folder).is_err());
        // Named on its own, a file without cards is refused.
        assert!(err("# Read me\n\nNo cards.\n").contains("belongs to no card"));
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
