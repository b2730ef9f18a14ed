//! Markdown decks: `Q:`/`A:` cards (with `K:` key points under the answer), `C:` cloze lines (one card per `[deletion]`), and
//! `front :: back` lines; cards separated by blank lines or `---`; optional TOML front
//! matter between `+++` lines. A line that belongs to no card is an error.
//!
//! ````text
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
//! K: Canberra | the capital is Canberra      <- a key point, alternatives split by ` | `
//! K: not Sydney
//!
//! C: [Canberra] is the capital of [Australia].   <- two cards
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
//! In `C:` text, `[x](url)` is a link, not a deletion; `\[` and `\]` are literal brackets.
//! Fenced code blocks (between lines of three backticks) inside a question or answer are
//! kept whole.

use serde::Deserialize;

use super::spec::{Claim, FormatSpec, Head, ReadAs};
use super::{
    DeckSet, Options, Parsed, Problem, Problems, clean_text, deck_name, derived_guid, line_of,
};
use crate::core::model::{CardDraft, CardKind, KeyPoint, SqlOptions, Stage};

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

/// A card being read: where it started and its parts so far.
#[derive(Debug)]
struct Open {
    line: usize,
    part: Part,
    question: String,
    answer: String,
    note: String,
    /// `basic` for `Q:`, `sql` for `SQL:`, `output` for `OUT:`.
    kind: CardKind,
    /// Inside a fence of three backticks: lines are kept as they are.
    fenced: bool,
    /// `K:` lines under the answer: the ideas a typed answer is graded by.
    key_points: Vec<KeyPoint>,
}

/// What a card's author wrote besides its question and answer.
struct Authored<'a> {
    note: &'a str,
    key_points: Vec<KeyPoint>,
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
    help: "Q:/A: pairs, C: lines with [deletions], `front :: back` lines,\noptional TOML front matter between +++ lines",
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
        if let Some((kind, rest)) = question_marker(trimmed) {
            self.close();
            self.open = Some(Open {
                line: n,
                part: Part::Question,
                question: rest.to_string(),
                answer: String::new(),
                note: String::new(),
                kind,
                fenced: false,
                key_points: Vec::new(),
            });
        } else if let Some(rest) = marker(trimmed, "N:") {
            match self.open.as_mut() {
                Some(o) if o.part == Part::Answer => {
                    o.part = Part::Note;
                    o.note = rest.to_string();
                }
                _ => self.problem(n, "`N:` (a note) belongs after a card's `A:` answer"),
            }
        } else if let Some(rest) = marker(trimmed, "A:") {
            match self.open.as_mut() {
                Some(o) if o.part == Part::Question => {
                    o.part = Part::Answer;
                    o.answer = rest.to_string();
                }
                Some(o) if matches!(o.part, Part::Answer | Part::Note) => {
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
                note: String::new(),
                kind: CardKind::Cloze,
                fenced: false,
                key_points: Vec::new(),
            });
        } else if let Some(rest) = marker(trimmed, "K:") {
            self.key_point(n, rest);
        } else if let Some(open) = self.open.as_mut() {
            open.fenced = trimmed.starts_with("```");
            push_line(open, line);
        } else if trimmed.starts_with('#') {
            // A heading: a title for the reader.
        } else if let Some((front, back)) = split_pair(trimmed) {
            self.card(n, CardKind::Basic, front, back);
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
            Part::Answer | Part::Note => self.exercise_or_card(open),
            Part::Cloze => self.cloze(open.line, &open.question),
        }
    }

    /// A `Q:`, `SQL:` or `OUT:` block: an output card's snippet comes from the fence in its
    /// question, and a fenced answer keeps its lines as printed.
    fn exercise_or_card(&mut self, open: Open) {
        let (question, answer) = if open.kind == CardKind::Output {
            let (text, code) = split_fence(&open.question);
            let answer = split_fence(&open.answer);
            let answer = if answer.0.is_empty() {
                answer.1
            } else {
                open.answer.clone()
            };
            (super::front_with_code(&clean_text(&text), &code), answer)
        } else {
            (open.question.clone(), open.answer.clone())
        };
        let authored = Authored {
            note: &open.note,
            key_points: open.key_points,
        };
        self.add(open.line, open.kind, &question, &answer, authored);
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

    fn card(&mut self, line: usize, kind: CardKind, front: &str, back: &str) {
        let authored = Authored {
            note: "",
            key_points: Vec::new(),
        };
        self.add(line, kind, front, back, authored);
    }

    fn add(&mut self, line: usize, kind: CardKind, front: &str, back: &str, authored: Authored) {
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
            guid: derived_guid(&deck, &front),
            stage: self.settings.stage,
            kind,
            front,
            back,
            choices: Vec::new(),
            tags: self.settings.tags.clone(),
            key_points: authored.key_points,
            note: clean_text(authored.note),
            sql: SqlOptions::default(),
        };
        if let Err(m) = card.check_kind() {
            return self.problem(line, m);
        }
        if let Err(m) = self.set.add(&deck, card, &format!("line {line}")) {
            self.problem(line, m);
        }
    }

    fn cloze(&mut self, line: usize, text: &str) {
        match deletions(text) {
            Ok(pieces) if pieces.iter().any(|p| p.deleted) => {
                for (front, back) in cloze_cards(&pieces) {
                    self.card(line, CardKind::Cloze, &front, &back);
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
    let target = match open.part {
        Part::Answer => &mut open.answer,
        Part::Note => &mut open.note,
        Part::Question | Part::Cloze => &mut open.question,
    };
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(if open.fenced { line } else { line.trim() });
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

/// `front :: back`: split at the first ` :: ` (with spaces), or else the first `::`.
fn split_pair(line: &str) -> Option<(&str, &str)> {
    line.split_once(" :: ").or_else(|| line.split_once("::"))
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
