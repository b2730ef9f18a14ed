//! Notes of the Obsidian spaced-repetition plugin (its default settings): flashcards
//! inside ordinary notes tagged `#flashcards`.
//!
//! ```text
//! ---
//! tags: [biology]                       <- YAML front matter: ignored, but for its tags
//! ---
//! #flashcards/biology/cells             <- the deck `biology::cells` for the cards after it
//!
//! Ordinary note text is ignored.
//!
//! Organelle that makes ATP::the mitochondrion
//! <!--SR:!2026-12-10,12,250-->           <- its schedule: due date, interval, ease × 100
//! Cell:::Zelle                          <- two sibling cards, one each way
//!
//! What does the [[Nucleus|nucleus]]     <- a front of several lines,
//! hold?
//! ?                                     <- `?` between them (`??`: two sibling cards)
//! The cell's DNA
//!
//! #flashcards/chemistry ==Water== boils at ==100 °C==^[temperature]   <- a card's own deck;
//! <!--SR:!2026-12-03,3,230!2026-12-05,5,250-->   one card per deletion, one entry each
//! ```
//!
//! How the plugin reads a note, and so how this module does:
//! - A card's text is a paragraph (lines up to a blank line). A line holding `::` or `:::`
//!   (not inside inline code) is a card by itself, with an `<!--SR:…-->` line right after
//!   it; a paragraph with a line that is just `?` or `??` is a card of several lines; any
//!   other paragraph with a `==highlight==` is a cloze. Other paragraphs are note text.
//!   Fenced code blocks are kept whole; HTML comments are skipped.
//! - Decks come from `#flashcards` tags: a tag at the start of a card's first line is that
//!   card's own; otherwise the last tag line before the card applies, else the tags of the
//!   front matter, else the note's first `#flashcards` tag. `#flashcards/a/b` is the deck
//!   `a::b`; a bare `#flashcards` is the default deck (`--deck`, or the file's name). A
//!   card tagged for several decks goes into the first. A note without a `#flashcards` tag
//!   holds no cards.
//! - Cloze deletions are `==text==`, with `^[hint]` after one to show a hint, and `[^n]` to
//!   ask deletions of the same number together. Wiki links show their text, embeds and
//!   images their placeholder (`formats::md_text`); block ids (` ^id`) are dropped.
//! - Scheduling comments hold one `!date,interval,ease` entry per card of the note, in
//!   order; with `--with-scheduling` each becomes the card's SM-2 state
//!   (`formats::handover`). Entries dated 2000-01-01 (the plugin's mark for a sibling not
//!   reviewed yet) and FSRS entries leave their card new.
//! - Ids: a card alone gets its id from its deck and front; the cards of one note (`:::`,
//!   `??`, a cloze's deletions) are siblings `<deck>/<hash of the question>/c1`, `/c2`, …
//!   (`formats::sibling_guid`); for `:::` and `??` the question is the first side.
//! - A card with an empty side (`Related::` with nothing after it, common in notes) is
//!   left out and reported, not an error; a scheduling comment that cannot be read is an
//!   error with `--with-scheduling`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::spec::{Claim, FormatSpec, Head, ReadAs};
use super::{
    DeckSet, Options, Parsed, Problem, Problems, Skipped, clean_text, deck_name, derived_guid,
    handover, md_text, sibling_guid,
};
use crate::core::cloze::BLANK;
use crate::core::day::date_to_day;
use crate::core::model::{CardDraft, CardKind, SqlOptions};
use crate::core::schedule::CardState;

/// Obsidian notes, as an import format.
pub const FORMAT: FormatSpec = FormatSpec {
    name: "obsidian",
    help: "Obsidian spaced-repetition notes (told by a #flashcards tag): front::back,\nfront:::back, ? or ?? between lines, ==cloze==, <!--SR:…--> schedules",
    extensions: &[],
    sniff,
    read: ReadAs::Text(parse),
};

/// The plugin's default flashcard tag.
const TAG: &str = "flashcards";

/// More deletions than this in one cloze is no real card (each makes a card holding the
/// whole text: a hostile file of many tiny deletions would need memory squared).
pub const MAX_DELETIONS: usize = super::markdown::MAX_DELETIONS;

/// The date the plugin writes for a sibling that was never reviewed.
const NOT_REVIEWED: &str = "2000-01-01";

/// A `#flashcards` tag, in the note or its front matter, shows a note of the plugin in a
/// Markdown file (`.md`, over the Markdown format's claim) or a file without extension;
/// files named for another format (a CSV holding the word) are not looked at.
fn sniff(head: &Head<'_>) -> Option<Claim> {
    let claim = match head.extension.as_str() {
        "md" | "markdown" => Claim::Shown,
        "" => Claim::Looks(3),
        _ => return None,
    };
    let lines: Vec<&str> = head.text.lines().collect();
    let (body, fm_tags) = front_matter(&lines);
    // A hashcards card that mentions the tag (`A: #flashcards`) is no Obsidian note.
    let hashcards = |n: usize| {
        let l = lines[n].trim_start();
        ["Q:", "A:", "C:"].iter().any(|m| l.starts_with(m))
    };
    let shown = fm_tags.iter().any(|t| is_flashcards_tag(t))
        || flashcards_tags(&lines, body)
            .iter()
            .any(|(n, _)| !hashcards(*n));
    shown.then_some(claim)
}

/// The first `#flashcards` tag of every line from `body` on that has one, outside code
/// fences.
fn flashcards_tags<'a>(lines: &[&'a str], body: usize) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (n, line) in lines.iter().enumerate().skip(body) {
        if let Some(f) = fence {
            if line.trim_start().starts_with(f) {
                fence = None;
            }
            continue;
        }
        fence = fence_of(line);
        if let Some((_, tag)) = tags_in(line)
            .into_iter()
            .find(|(_, t)| is_flashcards_tag(t))
        {
            out.push((n, tag));
        }
    }
    out
}

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `front::back`
    Single,
    /// `front:::back`: two cards.
    SingleBoth,
    /// A `?` line between front and back.
    Multi,
    /// A `??` line: two cards.
    MultiBoth,
    Cloze,
}

/// The lines of one card's text, 0-based and inclusive.
#[derive(Debug, Clone, Copy)]
struct Block {
    kind: Kind,
    first: usize,
    last: usize,
}

/// Parses an Obsidian note.
pub fn parse(text: &str, file: &str, opts: &Options) -> Result<Parsed, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let (body, fm_tags) = front_matter(&lines);
    let blocks = blocks(&lines, body);
    let tagged = Decks::new(&lines, body, &fm_tags, &blocks, &opts.default_deck);
    let mut note = Note {
        file,
        opts,
        set: DeckSet::default(),
        problems: Vec::new(),
        skipped: Vec::new(),
        states: HashMap::new(),
    };
    if tagged.any {
        for block in &blocks {
            let lines = &lines[block.first..=block.last];
            note.card(block, lines, &tagged);
        }
    }
    if !note.problems.is_empty() {
        return Err(Problems(note.problems));
    }
    let decks = note.set.into_decks();
    if decks.is_empty() && note.skipped.is_empty() && !opts.in_folder {
        let why = if tagged.any {
            "the note has no flashcards (write `front::back`, `?` between lines, or ==cloze==)"
        } else {
            "the note has no #flashcards tag, so no flashcards (the plugin reads tagged notes only)"
        };
        return Err(Problems::one(
            file,
            None,
            format!("the file has no cards: {why}"),
        ));
    }
    Ok(Parsed {
        decks,
        skipped: note.skipped,
        states: note.states,
        ..Parsed::default()
    })
}

/// The index of the first line after the YAML front matter (0 if none), and the tags the
/// front matter lists (`tags: [a, b]`, `tags: a, b` or a `- a` list under `tags:`).
fn front_matter(lines: &[&str]) -> (usize, Vec<String>) {
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return (0, Vec::new());
    }
    let Some(end) = lines.iter().skip(1).position(|l| l.trim_end() == "---") else {
        return (0, Vec::new());
    };
    let yaml = &lines[1..=end];
    let mut tags = Vec::new();
    let mut in_list = false;
    for line in yaml {
        if let Some(value) = line
            .strip_prefix("tags:")
            .or_else(|| line.strip_prefix("tag:"))
        {
            let value = value.trim().trim_start_matches('[').trim_end_matches(']');
            in_list = value.is_empty();
            tags.extend(value.split([',', ' ']).filter_map(yaml_tag));
        } else if in_list && let Some(item) = line.trim_start().strip_prefix("- ") {
            tags.extend(yaml_tag(item));
        } else if !line.starts_with(' ') {
            in_list = false;
        }
    }
    (end + 2, tags)
}

/// A tag as YAML lists it: quotes and a leading `#` dropped.
fn yaml_tag(raw: &str) -> Option<String> {
    let t = raw.trim().trim_matches(['"', '\'']).trim_start_matches('#');
    (!t.is_empty()).then(|| t.to_string())
}

/// `flashcards` or `flashcards/…`, in any case.
fn is_flashcards_tag(tag: &str) -> bool {
    let lower = tag.to_lowercase();
    lower == TAG || lower.starts_with("flashcards/")
}

/// The tags of a line, with their byte offsets: `#` after the start or a space, then
/// letters, digits, `_`, `-` or `/` (`#1` alone is no tag in Obsidian: it needs a letter).
fn tags_in(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices('#') {
        let before = line[..i].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace()) {
            continue;
        }
        let rest = &line[i + 1..];
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/')))
            .unwrap_or(rest.len());
        let tag = rest[..len].trim_end_matches('/');
        if tag.chars().any(char::is_alphabetic) {
            out.push((i, tag));
        }
    }
    out
}

/// A fence a line opens: three or more backticks or tildes.
fn fence_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = t.len() - t.trim_start_matches(c).len();
    (run >= 3).then(|| &t[..run])
}

/// The card texts of a note, found as the plugin finds them.
fn blocks(lines: &[&str], body: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut kind: Option<Kind> = None;
    let mut first = body;
    let mut has_text = false;
    let mut i = body;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if line.starts_with("<!--") && !line.starts_with("<!--SR:") {
            while i < lines.len() && !lines[i].contains("-->") {
                i += 1;
            }
            i += 1;
            if !has_text {
                first = i;
            }
            continue;
        }
        if trimmed.is_empty() {
            if let Some(k) = kind.take() {
                out.push(Block {
                    kind: k,
                    first,
                    last: i - 1,
                });
            }
            first = i + 1;
            has_text = false;
            i += 1;
            continue;
        }
        if let Some(k) = single_line_kind(line) {
            let mut last = i;
            if lines.get(i + 1).is_some_and(|l| l.starts_with("<!--SR:")) {
                last += 1;
            }
            out.push(Block {
                kind: k,
                first: i,
                last,
            });
            kind = None;
            i = last + 1;
            first = i;
            has_text = false;
            continue;
        }
        if trimmed == "?" || trimmed == "??" {
            if has_text {
                kind = Some(if trimmed == "?" {
                    Kind::Multi
                } else {
                    Kind::MultiBoth
                });
            }
        } else if let Some(fence) = fence_of(line) {
            while i + 1 < lines.len() && !lines[i + 1].trim_start().starts_with(fence) {
                i += 1;
            }
            i += 1;
        } else if kind.is_none() && !deletions(trimmed).is_empty() {
            kind = Some(Kind::Cloze);
        }
        has_text = true;
        i += 1;
    }
    if let Some(k) = kind {
        out.push(Block {
            kind: k,
            first,
            last: lines.len() - 1,
        });
    }
    out
}

/// `:::` or `::` in a line, not inside inline code: the line is a card.
fn single_line_kind(line: &str) -> Option<Kind> {
    [(":::", Kind::SingleBoth), ("::", Kind::Single)]
        .into_iter()
        .find(|(sep, _)| line.find(sep).is_some_and(|at| !in_inline_code(line, at)))
        .map(|(_, k)| k)
}

/// An odd number of backticks on both sides: inside inline code.
fn in_inline_code(line: &str, at: usize) -> bool {
    let before = line[..at].matches('`').count();
    let after = line[at..].matches('`').count();
    before % 2 == 1 && after % 2 == 1
}

/// The deck of every card: tags by line, as the plugin assigns them.
struct Decks<'a> {
    default: &'a str,
    /// Tag lines outside cards: (line, the first flashcards tag's deck path).
    lines: Vec<(usize, String)>,
    front_matter: Option<String>,
    first_anywhere: Option<String>,
    /// The note has a flashcards tag somewhere.
    any: bool,
}

impl<'a> Decks<'a> {
    fn new(
        lines: &[&str],
        body: usize,
        fm_tags: &[String],
        blocks: &[Block],
        default: &'a str,
    ) -> Decks<'a> {
        let mut in_card = vec![false; lines.len()];
        for b in blocks {
            in_card[b.first..=b.last].fill(true);
        }
        let tags = flashcards_tags(lines, body);
        let first_anywhere = tags.first().map(|(_, t)| (*t).to_string());
        let tag_lines = tags
            .into_iter()
            .filter(|(n, _)| !in_card[*n])
            .map(|(n, t)| (n, t.to_string()))
            .collect();
        let front_matter = fm_tags.iter().find(|t| is_flashcards_tag(t)).cloned();
        Decks {
            default,
            any: first_anywhere.is_some() || front_matter.is_some(),
            lines: tag_lines,
            front_matter,
            first_anywhere,
        }
    }

    /// The deck of a card starting on line `first` whose own tag (at the start of its
    /// text) is `own`.
    fn of(&self, first: usize, own: Option<&str>) -> String {
        let tag = own
            .or_else(|| {
                self.lines
                    .iter()
                    .rev()
                    .find(|(n, _)| *n < first)
                    .map(|(_, t)| t.as_str())
            })
            .or(self.front_matter.as_deref())
            .or(self.first_anywhere.as_deref())
            .unwrap_or(TAG);
        let path = tag.get(TAG.len()..).unwrap_or("").replace('/', "::");
        deck_name(&path).unwrap_or_else(|| self.default.to_string())
    }
}

/// Reads a note's cards.
struct Note<'a> {
    file: &'a str,
    opts: &'a Options,
    set: DeckSet,
    problems: Vec<Problem>,
    skipped: Vec<Skipped>,
    states: HashMap<String, CardState>,
}

/// One card to be: its front and back, and its kind.
struct Side {
    front: String,
    back: String,
    kind: CardKind,
}

impl Note<'_> {
    fn card(&mut self, block: &Block, lines: &[&str], decks: &Decks<'_>) {
        let line = block.first + 1;
        let raw: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
        let raw = raw.join("\n");
        let raw = without_comments(&raw);
        let (text, schedule) = take_schedules(&raw);
        let (own, text) = own_tag(&text);
        let text = strip_block_id(text.trim_end());
        let deck = decks.of(block.first, own);
        if block.kind == Kind::Cloze && deletions(text).len() > MAX_DELETIONS {
            let m = format!("a cloze may have at most {MAX_DELETIONS} deletions");
            self.problems.push(Problem::new(self.file, Some(line), m));
            return;
        }
        let (question, sides) = match block.kind {
            Kind::Single | Kind::SingleBoth => {
                let sep = if block.kind == Kind::Single {
                    "::"
                } else {
                    ":::"
                };
                let (a, b) = text.split_once(sep).unwrap_or((text, ""));
                let (a, b) = (shown(a), shown(b));
                let mut sides = vec![Side::basic(&a, &b)];
                if block.kind == Kind::SingleBoth {
                    sides.push(Side::basic(&b, &a));
                }
                (a, sides)
            }
            Kind::Multi | Kind::MultiBoth => {
                let sep = if block.kind == Kind::Multi { "?" } else { "??" };
                let parts: Vec<&str> = text.split('\n').collect();
                let at = parts
                    .iter()
                    .position(|l| l.trim() == sep)
                    .unwrap_or(parts.len());
                let a = shown(&parts[..at].join("\n"));
                let b = shown(&parts.get(at + 1..).unwrap_or(&[]).join("\n"));
                let mut sides = vec![Side::basic(&a, &b)];
                if block.kind == Kind::MultiBoth {
                    sides.push(Side::basic(&b, &a));
                }
                (a, sides)
            }
            Kind::Cloze => (clean_text(text), cloze_sides(text)),
        };
        if let Some(empty) = sides
            .iter()
            .find(|s| s.front.is_empty() || s.back.is_empty())
        {
            let which = if empty.front.is_empty() {
                "front"
            } else {
                "back"
            };
            self.skipped.push(Skipped {
                deck,
                reason: format!(
                    "{}:{line}: a card with an empty {which} was left out",
                    self.file
                ),
            });
            return;
        }
        let entries = match schedule.map(entries).transpose() {
            Ok(e) => e.unwrap_or_default(),
            Err(m) if self.opts.with_scheduling => {
                self.problems.push(Problem::new(self.file, Some(line), m));
                return;
            }
            Err(_) => Vec::new(),
        };
        let siblings = sides.len() > 1;
        for (k, side) in sides.into_iter().enumerate() {
            let guid = if siblings {
                sibling_guid(&deck, &question, k)
            } else {
                derived_guid(&deck, &side.front)
            };
            if self.opts.with_scheduling
                && let Some(Some(state)) = entries.get(k)
            {
                self.states.insert(guid.clone(), (*state).into());
            }
            let card = CardDraft {
                guid,
                stage: self.opts.stage,
                kind: side.kind,
                front: side.front,
                back: side.back,
                choices: Vec::new(),
                tags: Vec::new(),
                key_points: Vec::new(),
                note: String::new(),
                sql: SqlOptions::default(),
            };
            if let Err(m) = self.set.add(&deck, card, &format!("line {line}")) {
                self.problems.push(Problem::new(self.file, Some(line), m));
            }
        }
    }
}

impl Side {
    fn basic(front: &str, back: &str) -> Side {
        Side {
            front: front.to_string(),
            back: back.to_string(),
            kind: CardKind::Basic,
        }
    }
}

/// Note text as a card shows it: links as their text, media as placeholders, sanitised.
fn shown(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim_end).collect();
    clean_text(&md_text::obsidian(&lines.join("\n")))
}

/// The text without HTML comments other than scheduling comments (the plugin skips them).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<!--") {
        if rest[at..].starts_with("<!--SR:") {
            out.push_str(&rest[..at + 4]);
            rest = &rest[at + 4..];
            continue;
        }
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("-->")
            .map_or("", |end| &rest[at + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The text without its scheduling comments, and the first comment's entries.
fn take_schedules(text: &str) -> (String, Option<&str>) {
    let mut out = String::with_capacity(text.len());
    let mut first = None;
    let mut rest = text;
    while let Some(at) = rest.find("<!--SR:") {
        let Some(len) = rest[at..].find("-->") else {
            break;
        };
        first.get_or_insert(&rest[at + "<!--SR:".len()..at + len]);
        out.push_str(rest[..at].trim_end_matches([' ', '\t']));
        rest = &rest[at + len + 3..];
    }
    out.push_str(rest);
    (out, first)
}

/// A `#flashcards` tag at the start of a card's text (its own deck), and the text after
/// the tags there.
fn own_tag(text: &str) -> (Option<&str>, &str) {
    let mut rest = text.trim_start();
    let mut own = None;
    while rest.starts_with('#') {
        let Some(&(0, tag)) = tags_in(rest).first() else {
            break;
        };
        if is_flashcards_tag(tag) {
            own.get_or_insert(tag);
        }
        rest = rest[1 + tag.len()..].trim_start();
    }
    if own.is_some() {
        (own, rest)
    } else {
        (None, text)
    }
}

/// Drops an Obsidian block id (` ^id` at the very end).
fn strip_block_id(text: &str) -> &str {
    if let Some((before, id)) = text.rsplit_once(" ^")
        && !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return before.trim_end();
    }
    text
}

/// One `!date,interval,ease` entry per card: the state it gives, or `None` for a card
/// the plugin has not reviewed (its 2000-01-01 mark, or an FSRS entry).
fn entries(comment: &str) -> Result<Vec<Option<crate::core::sm2::Sm2State>>, String> {
    let bad = |e: &str| {
        format!(
            "the scheduling comment entry `!{}` is not `!YYYY-MM-DD,interval,ease`",
            clean_text(e)
        )
    };
    comment
        .split('!')
        .skip(1)
        .map(|entry| {
            let fields: Vec<&str> = entry.split(',').map(str::trim).collect();
            if fields.first() == Some(&"fsrs") {
                return Ok(None);
            }
            let [date, interval, ease, ..] = fields[..] else {
                return Err(bad(entry));
            };
            if date == NOT_REVIEWED {
                return Ok(None);
            }
            let date = ["%Y-%m-%d", "%d-%m-%Y", "%a %b %d %Y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(date, f).ok())
                .ok_or_else(|| bad(entry))?;
            let interval: i64 = interval.parse().map_err(|_| bad(entry))?;
            let ease: i64 = ease.parse().map_err(|_| bad(entry))?;
            Ok(Some(handover::without_log(
                date_to_day(date),
                interval,
                ease,
            )))
        })
        .collect()
}

/// A deletion of a cloze: where it is in the text, its answer, hint and group.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Deletion {
    start: usize,
    end: usize,
    answer: String,
    hint: Option<String>,
    /// `[^n]` after it: deletions of one number are asked together.
    group: Option<String>,
}

/// The `==deletions==` of a text (`^[hint]` and `[^n]` after one belong to it).
fn deletions(text: &str) -> Vec<Deletion> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("==").map(|i| from + i) {
        let inner_start = open + 2;
        let Some(len) = text[inner_start..].find("==") else {
            break;
        };
        let inner = &text[inner_start..inner_start + len];
        let mut end = inner_start + len + 2;
        if inner.trim().is_empty() {
            from = end;
            continue;
        }
        let mut hint = None;
        if let Some(after) = text[end..].strip_prefix("^[")
            && let Some(close) = after.find(']')
        {
            hint = Some(after[..close].trim().to_string());
            end += 2 + close + 1;
        }
        let mut group = None;
        if let Some(after) = text[end..].strip_prefix("[^")
            && let Some(close) = after.find(']')
            && close > 0
        {
            group = Some(after[..close].to_string());
            end += 2 + close + 1;
        }
        out.push(Deletion {
            start: open,
            end,
            answer: inner.to_string(),
            hint,
            group,
        });
        from = end;
    }
    out
}

/// One card per deletion (or per group of deletions): those asked blanked (with their
/// hint), the others shown; the answer is the asked text (`, `-joined for a group).
fn cloze_sides(text: &str) -> Vec<Side> {
    let dels = deletions(text);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, d) in dels.iter().enumerate() {
        match d.group.as_deref() {
            Some(g) => {
                let at = *by_name.entry(g).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[at].push(i);
            }
            None => groups.push(vec![i]),
        }
    }
    groups
        .iter()
        .map(|asked| {
            let mut front = String::new();
            let mut at = 0;
            for (i, d) in dels.iter().enumerate() {
                front.push_str(&text[at..d.start]);
                if asked.contains(&i) {
                    front.push_str(BLANK);
                    if let Some(h) = d.hint.as_deref().filter(|h| !h.is_empty()) {
                        front.push_str(&format!(" (hint: {h})"));
                    }
                } else {
                    front.push_str(&d.answer);
                }
                at = d.end;
            }
            front.push_str(&text[at..]);
            let answers: Vec<String> = asked.iter().map(|&i| shown(&dels[i].answer)).collect();
            Side {
                front: shown(&front),
                back: answers.join(", "),
                kind: CardKind::Cloze,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Stage;
    use proptest::prelude::*;

    fn opts(with_scheduling: bool) -> Options {
        Options {
            default_deck: "biology".into(),
            stage: Stage::Beginner,
            with_scheduling,
            in_folder: false,
        }
    }

    fn cards(text: &str) -> Vec<(String, CardDraft)> {
        parse(text, "n.md", &opts(false))
            .unwrap()
            .decks
            .into_iter()
            .flat_map(|d| {
                let name = d.name;
                d.cards.into_iter().map(move |c| (name.clone(), c))
            })
            .collect()
    }

    fn sides(text: &str) -> Vec<(String, String, String)> {
        cards(text)
            .into_iter()
            .map(|(d, c)| (d, c.front, c.back))
            .collect()
    }

    fn t(d: &str, f: &str, b: &str) -> (String, String, String) {
        (d.into(), f.into(), b.into())
    }

    #[test]
    fn single_line_cards_and_their_reverse() {
        let c = sides("#flashcards\nATP maker::mitochondrion\nCell:::Zelle\n");
        assert_eq!(
            c,
            [
                t("biology", "ATP maker", "mitochondrion"),
                t("biology", "Cell", "Zelle"),
                t("biology", "Zelle", "Cell"),
            ]
        );
        // `::` inside inline code is no separator.
        assert!(
            parse(
                "#flashcards\nUse `std::vector` here\n",
                "n.md",
                &opts(false)
            )
            .is_err()
        );
    }

    #[test]
    fn multi_line_cards_split_at_their_question_mark_line() {
        let c = sides(
            "#flashcards\n\nWhat does the [[Nucleus|nucleus]]\nhold?\n?\nThe cell's DNA\n- in chromosomes\n\nfront\n??\nback\n",
        );
        assert_eq!(
            c,
            [
                t(
                    "biology",
                    "What does the nucleus\nhold?",
                    "The cell's DNA\n- in chromosomes"
                ),
                t("biology", "front", "back"),
                t("biology", "back", "front"),
            ]
        );
    }

    #[test]
    fn clozes_make_one_card_per_deletion_with_hints_and_groups() {
        let c = sides("#flashcards\n==Water== boils at ==100 °C==^[temperature] at sea level\n");
        assert_eq!(
            c,
            [
                t("biology", "[...] boils at 100 °C at sea level", "Water"),
                t(
                    "biology",
                    "Water boils at [...] (hint: temperature) at sea level",
                    "100 °C"
                ),
            ]
        );
        let c = sides("#flashcards\n==A==[^1] and ==B==[^2] and ==C==[^1]\n");
        assert_eq!(
            c,
            [
                t("biology", "[...] and B and [...]", "A, C"),
                t("biology", "A and [...] and C", "B"),
            ]
        );
    }

    #[test]
    fn tags_name_decks_until_the_next_and_a_cards_own_tag_is_its_alone() {
        let c = sides(
            "#flashcards/deckA\nQ1::A1\nQ2::A2\n\n#flashcards/deckB Q4::A4\n\nQ6::A6\n\n#flashcards/sci/chem\nQ7::A7\n",
        );
        assert_eq!(
            c,
            [
                t("deckA", "Q1", "A1"),
                t("deckA", "Q2", "A2"),
                t("deckA", "Q6", "A6"),
                t("deckB", "Q4", "A4"),
                t("sci::chem", "Q7", "A7"),
            ]
        );
        // Front matter tags apply before any tag line; several tags: the first.
        let c = sides(
            "---\ntags:\n  - flashcards/fm\n  - other\n---\nQ::A\n#flashcards/x #flashcards/y\nR::B\n",
        );
        assert_eq!(c, [t("fm", "Q", "A"), t("x", "R", "B")]);
    }

    #[test]
    fn notes_without_the_tag_or_cards_say_so() {
        let e = parse("Q::A\n", "n.md", &opts(false))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "n.md: the file has no cards: the note has no #flashcards tag, so no flashcards (the plugin reads tagged notes only)"
        );
        let e = parse("#flashcards\njust a note\n", "n.md", &opts(false))
            .unwrap_err()
            .to_string();
        assert!(e.contains("the note has no flashcards"), "{e}");
        let folder = Options {
            in_folder: true,
            ..opts(false)
        };
        assert_eq!(parse("Q::A\n", "n.md", &folder).unwrap().card_count(), 0);
    }

    #[test]
    fn empty_sides_are_left_out_and_reported() {
        let p = parse("#flashcards\nRelated::\nok::fine\n", "n.md", &opts(false)).unwrap();
        assert_eq!(p.card_count(), 1);
        assert_eq!(
            p.skipped,
            [Skipped {
                deck: "biology".into(),
                reason: "n.md:2: a card with an empty back was left out".into()
            }]
        );
    }

    #[test]
    fn schedules_map_per_sibling() {
        let text = "#flashcards\nCell:::Zelle\n<!--SR:!2026-12-10,12,250!2000-01-01,1,250-->\nATP::mito <!--SR:!2026-12-03,3,120-->\n";
        let p = parse(text, "n.md", &opts(true)).unwrap();
        let c = &p.decks[0].cards;
        assert_eq!(c.len(), 3);
        assert!(c[0].guid.ends_with("/c1") && c[1].guid.ends_with("/c2"));
        assert_eq!(c[2].back, "mito");
        assert_eq!(p.states.len(), 2, "the sibling dated 2000-01-01 stays new");
        let s = p.states[&c[0].guid];
        assert_eq!(
            (s.reps, s.memory.ease, s.interval_days, s.due_day),
            (2, 250, 12, 20_797)
        );
        let s = p.states[&c[2].guid];
        assert_eq!((s.reps, s.memory.ease, s.interval_days), (1, 130, 3));
        // Without --with-scheduling nothing is taken, and a bad comment is no error.
        let p = parse(text, "n.md", &opts(false)).unwrap();
        assert!(p.states.is_empty());
        let bad = "#flashcards\nA::B\n<!--SR:!2026-13-40,3,250-->\n";
        assert!(parse(bad, "n.md", &opts(false)).is_ok());
        assert_eq!(
            parse(bad, "n.md", &opts(true)).unwrap_err().to_string(),
            "n.md:2: the scheduling comment entry `!2026-13-40,3,250` is not `!YYYY-MM-DD,interval,ease`"
        );
    }

    #[test]
    fn code_comments_and_block_ids() {
        let c = sides(
            "#flashcards\n<!-- hidden::card\n-->\nWhat prints? <!-- aside -->\n```\na::b\n\n```\n?\n`a::b` ^abc-1\n",
        );
        assert_eq!(
            c,
            [t("biology", "What prints?\n```\na::b\n\n```", "`a::b`")]
        );
    }

    #[test]
    fn the_tag_shows_the_format() {
        let head = |t: &'static str| Head::new("n.md", t.as_bytes());
        assert_eq!(sniff(&head("# T\n#flashcards/bio\n")), Some(Claim::Shown));
        assert_eq!(
            sniff(&head("---\ntags: [flashcards]\n---\n")),
            Some(Claim::Shown)
        );
        assert_eq!(sniff(&head("a#flashcards #flashcardsx\n")), None);
        assert_eq!(sniff(&head("Q: a\nA: b\n")), None);
        assert_eq!(
            sniff(&head("Q: Which tag marks cards?\nA: #flashcards\n")),
            None
        );
        assert_eq!(sniff(&head("```\n#flashcards\n```\n")), None);
        let named = |name: &str| sniff(&Head::new(name, b"#flashcards\na::b\n"));
        assert_eq!(named("notes"), Some(Claim::Looks(3)));
        assert_eq!(named("notes.MARKDOWN"), Some(Claim::Shown));
        assert_eq!(named("rows.csv"), None);
        let many = format!("#flashcards\n\n{}\n", "==a== ".repeat(MAX_DELETIONS + 1));
        assert_eq!(
            parse(&many, "n.md", &opts(false)).unwrap_err().to_string(),
            format!("n.md:3: a cloze may have at most {MAX_DELETIONS} deletions")
        );
    }

    const CELLS: &str = include_str!("../../tests/fixtures/formats/vault/Biology/Cells.md");
    const CHEMISTRY: &str = include_str!("../../tests/fixtures/formats/vault/Chemistry.md");

    #[test]
    fn a_vault_note_makes_every_kind_of_card() {
        let p = parse(CELLS, "Cells.md", &opts(true)).unwrap();
        let shown: Vec<(&str, CardKind, &str, &str)> = p
            .decks
            .iter()
            .flat_map(|d| {
                d.cards
                    .iter()
                    .map(|c| (d.name.as_str(), c.kind, c.front.as_str(), c.back.as_str()))
            })
            .collect();
        let basic = CardKind::Basic;
        let cloze = CardKind::Cloze;
        assert_eq!(
            shown,
            [
                (
                    "biology::cells",
                    basic,
                    "Organelle that makes most of a cell's ATP",
                    "the mitochondrion"
                ),
                ("biology::cells", basic, "Cell membrane", "Zellmembran"),
                ("biology::cells", basic, "Zellmembran", "Cell membrane"),
                (
                    "biology::cells",
                    basic,
                    "What does the nucleus of a eukaryotic cell hold?",
                    "Most of the cell's DNA,\norganised as chromosomes"
                ),
                (
                    "biology::cells",
                    basic,
                    "Prokaryote",
                    "A single-celled organism without a nucleus"
                ),
                (
                    "biology::cells",
                    basic,
                    "A single-celled organism without a nucleus",
                    "Prokaryote"
                ),
                (
                    "biology::cells",
                    cloze,
                    "[...] build proteins by reading messenger RNA.",
                    "Ribosomes"
                ),
                (
                    "biology::cells",
                    cloze,
                    "Ribosomes build proteins by reading [...] (hint: a kind of RNA).",
                    "messenger RNA"
                ),
                (
                    "biology::genetics",
                    cloze,
                    "A cell copies its DNA in the [...] of the cell cycle.",
                    "S phase"
                ),
            ]
        );
        // Siblings: `:::`, `??` and the two deletions, each pair one group.
        let c = &p.decks[0].cards;
        let group = |i: usize| crate::core::siblings::sibling_key(&c[i].guid).base;
        assert_eq!(group(1), group(2));
        assert_eq!(group(4), group(5));
        assert_eq!(group(6), group(7));
        assert_ne!(group(1), group(4));
        assert_eq!(
            c[1].guid,
            sibling_guid("biology::cells", "Cell membrane", 0)
        );
        assert_eq!(c[0].guid, derived_guid("biology::cells", &c[0].front));
        // Five of the six entries are reviews; the sibling dated 2000-01-01 is new.
        let due: Vec<(String, u32, u32, u32)> = c
            .iter()
            .filter_map(|card| p.states.get(&card.guid))
            .map(|s| {
                (
                    crate::core::day::format_day(s.due_day),
                    s.interval_days,
                    s.memory.ease,
                    s.reps,
                )
            })
            .collect();
        let d = |date: &str, i, e, r| (date.to_string(), i, e, r);
        assert_eq!(
            due,
            [
                d("2026-12-10", 12, 250, 2),
                d("2026-12-04", 4, 270, 1),
                d("2026-12-20", 30, 290, 2),
                d("2026-12-03", 3, 230, 1),
                d("2026-12-06", 6, 250, 2),
            ]
        );
        assert_eq!(p.states.len(), 5);
    }

    #[test]
    fn deck_tags_apply_until_the_next_and_card_tags_to_their_card() {
        let p = parse(CHEMISTRY, "Chemistry.md", &opts(false)).unwrap();
        let decks: Vec<(&str, Vec<&str>)> = p
            .decks
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.cards.iter().map(|c| c.back.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            decks,
            [
                ("chemistry", vec!["Na", "K", "Fe"]),
                ("chemistry::acids", vec!["7"])
            ]
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = parse(&s, "p.md", &opts(true));
        }

        #[test]
        fn note_like_input_never_panics(s in "((#flashcards(/[a-z]{0,3})?|\\?\\??|:::?|==|\\^\\[|\\[\\^|<!--SR:!|-->|---|```|[a-z0-9 ,!-]{0,10})\n?){0,12}") {
            let _ = parse(&s, "p.md", &opts(true));
        }
    }
}
