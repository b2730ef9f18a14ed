//! The native deck format (TOML): what `decks/` holds and what users write by hand.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::spec::{Claim, FormatSpec, Head, ReadAs};
use super::{Lines, Options, Parsed, Problem, Problems, derived_guid};
use crate::core::model::{CardDraft, CardKind, DeckDraft, KeyPoint, SqlOptions, Stage};
use crate::core::siblings::{check_reversible, fold_reverses, reverse_of};
use crate::core::text::sanitize;

/// A file: one deck (`name`, `cards`), or several as `[[decks]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    name: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    cards: Vec<Spanned<RawCard>>,
    #[serde(default)]
    decks: Vec<Spanned<RawDeck>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck {
    name: Option<Spanned<String>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    cards: Vec<Spanned<RawCard>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCard {
    id: Option<Spanned<String>>,
    stage: Option<Spanned<StageValue>>,
    kind: Option<Spanned<String>>,
    front: Option<Spanned<String>>,
    back: Option<Spanned<String>>,
    #[serde(default)]
    choices: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// Each key point as its phrasings: `[["WHERE filters rows", "…"], […]]`.
    #[serde(default)]
    key_points: Vec<Vec<String>>,
    /// A snippet shown under the question (an `output` card's program), verbatim.
    code: Option<String>,
    /// Why the answer is what it is, shown after it.
    note: Option<String>,
    /// A `sql` card: whether rows must come in the reference's order.
    ordered: Option<bool>,
    /// A `sql` card: the sample database it runs on.
    db: Option<String>,
    /// Also make the reverse card (back to front), with its own id and progress.
    reverse: Option<Spanned<bool>>,
}

impl RawCard {
    pub(super) fn has_id(&self) -> bool {
        self.id.is_some()
    }

    /// Where `reverse = true` is written, if it is.
    pub(super) fn reverse_at(&self) -> Option<usize> {
        self.reverse
            .as_ref()
            .filter(|r| *r.get_ref())
            .map(|r| r.span().start)
    }
}

/// `stage = 2` or `stage = "intermediate"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum StageValue {
    Number(i64),
    Word(String),
}

/// recall's own deck files, as an import format.
pub const FORMAT: FormatSpec = FormatSpec {
    name: "toml",
    help: "recall's own deck files (name, [[cards]] or [[decks]])",
    extensions: &["toml"],
    sniff,
    read: ReadAs::Text(read),
};

/// `[[cards]]` or `[[decks]]` tables anywhere in the first bytes.
fn sniff(head: &Head<'_>) -> Option<Claim> {
    (head.text.contains("[[cards]]") || head.text.contains("[[decks]]")).then_some(Claim::Looks(1))
}

/// An imported file: one deck or several, cards without a stage at `--stage`.
fn read(text: &str, file: &str, opts: &Options) -> Result<Parsed, Problems> {
    parse_decks(text, file, opts.stage).map(Parsed::of_decks)
}

/// Parses a one-deck file. `file` names it in messages. Text is sanitised: control
/// characters and escape sequences never reach the database.
pub fn parse(text: &str, file: &str) -> Result<DeckDraft, Problems> {
    let mut decks = parse_decks(text, file, Stage::Beginner)?;
    match decks.len() {
        1 => Ok(decks.remove(0)),
        n => Err(Problems::one(
            file,
            None,
            format!("expected one deck, found {n} `[[decks]]`"),
        )),
    }
}

/// Parses a file of one deck or of several (`[[decks]]`, as `recall export` writes
/// them); cards without a `stage` get `default_stage`. Card ids must be unique in the
/// whole file.
pub fn parse_decks(
    text: &str,
    file: &str,
    default_stage: Stage,
) -> Result<Vec<DeckDraft>, Problems> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| super::line_of(text, s.start));
        Problems::one(file, line, e.message().trim().to_string())
    })?;
    if raw.decks.is_empty() {
        let deck = RawDeck {
            name: raw.name,
            description: raw.description,
            cards: raw.cards,
        };
        return deck_of(
            &deck,
            1,
            &Lines::new(text),
            file,
            default_stage,
            &mut HashMap::new(),
        )
        .map(|d| vec![d]);
    }
    if raw.name.is_some() || !raw.cards.is_empty() {
        return Err(Problems::one(
            file,
            Some(1),
            "a file holds one deck (`name` and `[[cards]]`) or several (`[[decks]]`), not both",
        ));
    }
    let lines = Lines::new(text);
    let mut decks = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for d in &raw.decks {
        let line = lines.line(d.span().start);
        match deck_of(d.get_ref(), line, &lines, file, default_stage, &mut seen) {
            Ok(deck) => decks.push(deck),
            Err(Problems(ps)) => problems.extend(ps),
        }
    }
    if problems.is_empty() {
        Ok(decks)
    } else {
        Err(Problems(problems))
    }
}

/// One deck; `line` is where it starts, `seen` the card ids of the file so far.
fn deck_of(
    raw: &RawDeck,
    line: usize,
    lines: &Lines,
    file: &str,
    default_stage: Stage,
    seen: &mut HashMap<String, usize>,
) -> Result<DeckDraft, Problems> {
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String| {
        problems.push(Problem {
            file: file.to_string(),
            line: Some(line),
            message,
        });
    };
    let name = match &raw.name {
        Some(n) if !n.get_ref().trim().is_empty() => clean(n.get_ref()),
        Some(n) => {
            problem(lines.line(n.span().start), "`name` is empty".into());
            String::new()
        }
        None => {
            problem(
                line,
                "expected `name = \"Deck name\"` at the top of the deck".into(),
            );
            String::new()
        }
    };
    if raw.cards.is_empty() {
        problem(
            line,
            "the deck has no cards: add a `[[cards]]` table".into(),
        );
    }
    let mut cards: Vec<CardDraft> = Vec::with_capacity(raw.cards.len());
    for spanned in &raw.cards {
        let line = lines.line(spanned.span().start);
        match card(spanned.get_ref(), &name, lines, default_stage) {
            Ok(c) => {
                let reverse = match spanned.get_ref().reverse_at() {
                    None => None,
                    Some(at) => match check_reversible(&c) {
                        Ok(()) => Some(reverse_of(&c)),
                        Err(m) => {
                            problem(lines.line(at), m);
                            None
                        }
                    },
                };
                for c in std::iter::once(c).chain(reverse) {
                    if let Some(first) = seen.insert(c.guid.clone(), line) {
                        problem(
                            line,
                            format!(
                                "duplicate card id `{}` (first used on line {first})",
                                c.guid
                            ),
                        );
                    }
                    cards.push(c);
                }
            }
            Err((l, message)) => problem(l.unwrap_or(line), message),
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(DeckDraft {
        name,
        description: clean(raw.description.as_deref().unwrap_or("")),
        cards,
    })
}

fn clean(s: &str) -> String {
    sanitize(s).trim().to_string()
}

pub(super) type CardError = (Option<usize>, String);

/// One card of a deck named `deck`; errors carry the line when the format knows it.
pub(super) fn card(
    raw: &RawCard,
    deck: &str,
    lines: &Lines,
    default_stage: Stage,
) -> Result<CardDraft, CardError> {
    let at = |span: std::ops::Range<usize>| Some(lines.line(span.start));
    let required = |field: &Option<Spanned<String>>, key: &str| -> Result<String, CardError> {
        match field {
            Some(v) if !v.get_ref().trim().is_empty() => Ok(clean(v.get_ref())),
            Some(v) => Err((at(v.span()), format!("`{key}` is empty"))),
            None => Err((None, format!("card has no `{key}`"))),
        }
    };
    let front = match &raw.code {
        Some(code) => super::front_with_code(&required(&raw.front, "front")?, code),
        None => required(&raw.front, "front")?,
    };
    let back = required(&raw.back, "back")?;
    let stage = match &raw.stage {
        None => default_stage,
        Some(s) => match s.get_ref() {
            StageValue::Number(n) => Stage::from_number(*n)
                .ok_or_else(|| (at(s.span()), format!("`stage` must be 1, 2 or 3, not {n}")))?,
            StageValue::Word(w) => w
                .parse()
                .map_err(|e| (at(s.span()), format!("`stage`: {e}")))?,
        },
    };
    let kind = match &raw.kind {
        None => CardKind::Basic,
        Some(k) => k
            .get_ref()
            .parse()
            .map_err(|e| (at(k.span()), format!("`kind`: {e}")))?,
    };
    let back = match &raw.back {
        Some(b) if kind == CardKind::Output => super::clean_back(kind, b.get_ref()),
        _ => back,
    };
    let guid = match &raw.id {
        Some(id) if !id.get_ref().trim().is_empty() => clean(id.get_ref()),
        Some(id) => return Err((at(id.span()), "`id` is empty".into())),
        None => derived_guid(deck, &front),
    };
    let choices: Vec<String> = raw.choices.iter().map(|c| clean(c)).collect();
    let card = CardDraft {
        guid,
        stage,
        kind,
        front,
        back,
        choices,
        tags: raw
            .tags
            .iter()
            .map(|t| clean(t))
            .filter(|t| !t.is_empty())
            .collect(),
        key_points: key_points(&raw.key_points)?,
        note: clean(raw.note.as_deref().unwrap_or("")),
        sql: SqlOptions {
            ordered: raw.ordered,
            db: raw.db.as_deref().map(clean),
        },
    };
    card.check_kind().map_err(|m| (None, m))?;
    Ok(card)
}

/// Key points as written, cleaned; a point with no phrasing is an error.
fn key_points(raw: &[Vec<String>]) -> Result<Vec<KeyPoint>, CardError> {
    raw.iter()
        .enumerate()
        .map(|(i, phrasings)| {
            let cleaned: Vec<String> = phrasings
                .iter()
                .map(|p| clean(p))
                .filter(|p| !p.is_empty())
                .collect();
            if cleaned.is_empty() {
                Err((None, format!("key point {} has no phrasing", i + 1)))
            } else {
                Ok(KeyPoint(cleaned))
            }
        })
        .collect()
}

#[derive(Serialize)]
struct OutFile<'a> {
    decks: Vec<OutDeck<'a>>,
}

#[derive(Serialize)]
struct OutDeck<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    cards: Vec<OutCard<'a>>,
}

#[derive(Serialize)]
struct OutCard<'a> {
    id: &'a str,
    stage: u8,
    kind: &'a str,
    front: &'a str,
    back: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    reverse: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    choices: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "<[KeyPoint]>::is_empty")]
    key_points: &'a [KeyPoint],
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ordered: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    db: Option<&'a str>,
}

/// Writes a deck in the native format; `parse` reads it back to the same deck.
pub fn write(deck: &DeckDraft, header: &str) -> Result<String, toml::ser::Error> {
    let body = toml::to_string(&out_deck(deck))?;
    Ok(format!("{}{body}", comments(header)))
}

/// Writes decks in the native format: one deck as `write` does, several as
/// `[[decks]]`; `parse_decks` reads either back to the same decks.
pub fn write_decks(decks: &[DeckDraft], header: &str) -> Result<String, toml::ser::Error> {
    if let [deck] = decks {
        return write(deck, header);
    }
    let mut out = comments(header);
    for (i, deck) in decks.iter().enumerate() {
        out.push_str(&write_one_of_many(deck, i == 0)?);
    }
    Ok(out)
}

/// One deck of a file of several, as its `[[decks]]` table (after a blank line unless it
/// is the `first`): a file is its header (`comments`) then these, one deck at a time, so
/// an export never holds more than one deck's text.
pub fn write_one_of_many(deck: &DeckDraft, first: bool) -> Result<String, toml::ser::Error> {
    let table = toml::to_string(&OutFile {
        decks: vec![out_deck(deck)],
    })?;
    Ok(if first { table } else { format!("\n{table}") })
}

/// A file's header, as TOML comments.
#[must_use]
pub fn comments(header: &str) -> String {
    let mut out = String::with_capacity(header.len() + 16);
    for l in header.lines() {
        out.push_str("# ");
        out.push_str(l);
        out.push('\n');
    }
    out
}

fn out_deck(deck: &DeckDraft) -> OutDeck<'_> {
    OutDeck {
        name: &deck.name,
        description: &deck.description,
        // A card and its exact reverse are written once, with `reverse = true`.
        cards: fold_reverses(&deck.cards)
            .into_iter()
            .map(|(c, reverse)| OutCard {
                id: &c.guid,
                stage: c.stage.number(),
                kind: c.kind.as_str(),
                front: &c.front,
                back: &c.back,
                reverse,
                choices: &c.choices,
                tags: &c.tags,
                key_points: &c.key_points,
                note: &c.note,
                ordered: c.sql.ordered,
                db: c.sql.db.as_deref(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "Lang::Spanish"
description = "basics"

[[cards]]
id = "es/hola"
front = "hola"
back = "hello"

[[cards]]
stage = "intermediate"
kind = "choice"
front = "gato?"
back = "cat"
choices = ["dog", "bird"]
tags = ["animals"]
"#;

    fn messages(text: &str) -> Vec<String> {
        parse(text, "d.toml")
            .unwrap_err()
            .0
            .iter()
            .map(std::string::ToString::to_string)
            .collect()
    }

    #[test]
    fn parses_cards_with_defaults() {
        let d = parse(GOOD, "d.toml").unwrap();
        assert_eq!(d.name, "Lang::Spanish");
        assert_eq!(d.cards.len(), 2);
        assert_eq!(d.cards[0].stage, Stage::Beginner);
        assert_eq!(d.cards[0].kind, CardKind::Basic);
        assert_eq!(d.cards[1].stage, Stage::Intermediate);
        assert_eq!(d.cards[1].choices, vec!["dog", "bird"]);
        assert!(d.cards[1].guid.starts_with("spanish/"));
    }

    #[test]
    fn round_trips_through_write() {
        let d = parse(GOOD, "d.toml").unwrap();
        let text = write(&d, "generated").unwrap();
        assert!(text.starts_with("# generated\n"));
        assert_eq!(parse(&text, "x.toml").unwrap(), d);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let m = messages("name = \"x\"\n[[cards]]\nfront = \"a\nback = \"b\"\n");
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("d.toml:3: "), "{m:?}");
    }

    #[test]
    fn a_card_without_front_is_named() {
        let m = messages("name = \"x\"\n\n[[cards]]\nid = \"a\"\nback = \"b\"\n");
        assert_eq!(m, vec!["d.toml:3: card has no `front`"]);
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let m = messages(
            "name = \"x\"\n[[cards]]\nid = \"a\"\nfront = \"1\"\nback = \"1\"\n[[cards]]\nid = \"a\"\nfront = \"2\"\nback = \"2\"\n",
        );
        assert_eq!(
            m,
            vec!["d.toml:6: duplicate card id `a` (first used on line 2)"]
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        let m = messages("name = \"x\"\n[[cards]]\nfornt = \"a\"\nback = \"b\"\n");
        assert!(m[0].starts_with("d.toml:3: unknown field `fornt`"), "{m:?}");
        let m = messages("name = \"x\"\n[[cards]]\nfront = \"a\"\nback = \"b\"\nstage = 7\n");
        assert_eq!(m, vec!["d.toml:5: `stage` must be 1, 2 or 3, not 7"]);
        let m = messages("[[cards]]\nfront = \"a\"\nback = \"b\"\n");
        assert!(m[0].contains("expected `name"));
    }

    #[test]
    fn several_decks_round_trip_and_share_one_id_space() {
        let a = parse(GOOD, "d.toml").unwrap();
        let mut b = a.clone();
        b.name = "Lang::French".into();
        for c in &mut b.cards {
            c.guid = format!("fr-{}", c.guid);
        }
        let text = write_decks(&[a.clone(), b.clone()], "two").unwrap();
        assert!(text.contains("[[decks]]"), "{text}");
        // Written a deck at a time (as `recall export` streams it), the file is the one
        // the whole collection serialised at once gives, byte for byte.
        let whole = toml::to_string(&OutFile {
            decks: vec![out_deck(&a), out_deck(&b)],
        })
        .unwrap();
        assert_eq!(text, format!("# two\n{whole}"));
        assert_eq!(
            parse_decks(&text, "x", Stage::Beginner).unwrap(),
            vec![a.clone(), b]
        );
        let twice = write_decks(&[a.clone(), a], "").unwrap();
        let m = parse_decks(&twice, "t.toml", Stage::Beginner)
            .unwrap_err()
            .to_string();
        assert!(m.contains("duplicate card id `es/hola`"), "{m}");
        let m = parse("name = \"x\"\n[[decks]]\nname = \"y\"\n", "m.toml")
            .unwrap_err()
            .to_string();
        assert!(m.contains("not both"), "{m}");
    }

    #[test]
    fn the_default_stage_applies_to_cards_without_one() {
        let d = parse_decks(GOOD, "d.toml", Stage::Advanced).unwrap();
        assert_eq!(d[0].cards[0].stage, Stage::Advanced);
        assert_eq!(d[0].cards[1].stage, Stage::Intermediate);
    }

    #[test]
    fn exercise_cards_keep_their_code_note_and_options_through_write() {
        let text = r#"
name = "SQL"

[[cards]]
id = "sql/x/top"
kind = "sql"
front = "Top customers"
back = """
SELECT customer_id
FROM customers
ORDER BY customer_id;"""
ordered = false
db = "shop"
note = "Ties by id."

[[cards]]
id = "py/x/loop"
kind = "output"
front = "What does this print?"
code = """

for i in range(2):
    print(" ", i)   
"""
back = """
  0
  1   
"""
"#;
        let d = parse(text, "x.toml").unwrap();
        let sql = &d.cards[0];
        assert_eq!(sql.kind, CardKind::Sql);
        assert_eq!(
            sql.back,
            "SELECT customer_id\nFROM customers\nORDER BY customer_id;"
        );
        assert_eq!(sql.note, "Ties by id.");
        assert_eq!(
            sql.sql,
            SqlOptions {
                ordered: Some(false),
                db: Some("shop".into())
            }
        );
        let out = &d.cards[1];
        assert_eq!(
            out.front,
            "What does this print?\n\nfor i in range(2):\n    print(\" \", i)"
        );
        assert_eq!(
            out.back, "  0\n  1",
            "what a program prints keeps its indentation"
        );
        let written = write(&d, "").unwrap();
        assert!(
            !written.contains("code"),
            "the code is in the front: {written}"
        );
        assert_eq!(parse(&written, "y.toml").unwrap(), d);
    }

    #[test]
    fn sql_options_on_other_kinds_and_unknown_databases_are_refused() {
        let m = messages("name = \"x\"\n[[cards]]\nfront = \"a\"\nback = \"b\"\nordered = true\n");
        assert_eq!(
            m,
            vec!["d.toml:2: `ordered` and `db` belong to `sql` cards, not to a `basic` card"]
        );
        let m = messages(
            "name = \"x\"\n[[cards]]\nkind = \"sql\"\nfront = \"a\"\nback = \"SELECT 1;\"\ndb = \"bank\"\n",
        );
        assert_eq!(
            m,
            vec!["d.toml:2: `db`: no sample database `bank` (known: shop)"]
        );
    }

    #[test]
    fn reverse_makes_a_second_card_and_writes_back_as_one() {
        let text = "name = \"Lang::Spanish\"\n[[cards]]\nid = \"es/perro\"\nfront = \"perro\"\nback = \"dog\"\nreverse = true\ntags = [\"animals\"]\n";
        let d = parse(text, "d.toml").unwrap();
        let cards: Vec<(&str, &str, &str)> = d
            .cards
            .iter()
            .map(|c| (c.guid.as_str(), c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            cards,
            vec![
                ("es/perro", "perro", "dog"),
                ("es/perro/reverse", "dog", "perro")
            ]
        );
        assert_eq!(d.cards[1].tags, vec!["animals"]);
        let written = write(&d, "").unwrap();
        assert_eq!(written.matches("[[cards]]").count(), 1, "{written}");
        assert!(written.contains("reverse = true"), "{written}");
        assert_eq!(parse(&written, "x.toml").unwrap(), d);
        let m = messages(
            "name = \"x\"\n[[cards]]\nkind = \"cloze\"\nfront = \"[...] b\"\nback = \"a\"\nreverse = true\n",
        );
        assert_eq!(
            m,
            vec!["d.toml:6: `reverse` works on basic and typed cards, not on a cloze card"]
        );
        let m = messages(
            "name = \"x\"\n[[cards]]\nid = \"a/reverse\"\nfront = \"1\"\nback = \"2\"\n[[cards]]\nid = \"a\"\nfront = \"2\"\nback = \"1\"\nreverse = true\n",
        );
        assert_eq!(
            m,
            vec!["d.toml:6: duplicate card id `a/reverse` (first used on line 2)"]
        );
    }

    #[test]
    fn escape_sequences_are_removed() {
        let d = parse(
            "name = \"x\"\n[[cards]]\nfront = \"\\u001b[31mred\"\nback = \"b\"\n",
            "f",
        )
        .unwrap();
        assert_eq!(d.cards[0].front, "red");
    }
}
