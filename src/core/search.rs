//! The search query language of `recall search` and `recall cards QUERY`, in the manner of
//! Anki's browser: words, `"phrases"`, `-word` to exclude, `word*` for a prefix, and the
//! filters `deck:NAME`, `tag:T`, `is:new|due|suspended|leech`, `stage:N` and `kind:K`
//! (each can be negated with `-`). Every part must hold; parsing is pure and the store
//! turns a `Query` into SQL.

use std::fmt;

use crate::core::model::{CardKind, Stage};

/// What `is:` can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Never answered on schedule.
    New,
    /// Due today or earlier, and not suspended.
    Due,
    Suspended,
    /// Lapsed `LEECH_LAPSES` times or more.
    Leech,
}

/// One part of a query, before its sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Words to find in a card's front, back, tags or deck name: one word, or several in a
    /// row when `phrase`. `prefix`: the last word may go on (`optim*`).
    Text {
        text: String,
        phrase: bool,
        prefix: bool,
    },
    /// A deck and its sub-decks: a full name or a unique part of one.
    Deck(String),
    /// Cards carrying this tag (whole tag, any case).
    Tag(String),
    Is(State),
    Stage(Stage),
    Kind(CardKind),
}

/// A term and whether it excludes (`-word`, `-is:new`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub negated: bool,
    pub term: Term,
}

/// A parsed query: every part must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub parts: Vec<Part>,
}

impl Query {
    /// The text terms that must be found.
    pub fn words(&self) -> impl Iterator<Item = &Term> {
        self.texts(false)
    }

    /// The text terms that must not be found.
    pub fn excluded_words(&self) -> impl Iterator<Item = &Term> {
        self.texts(true)
    }

    fn texts(&self, negated: bool) -> impl Iterator<Item = &Term> {
        self.parts
            .iter()
            .filter(move |p| p.negated == negated && matches!(p.term, Term::Text { .. }))
            .map(|p| &p.term)
    }

    /// The parts that are filters (not text), with their signs.
    pub fn filters(&self) -> impl Iterator<Item = &Part> {
        self.parts
            .iter()
            .filter(|p| !matches!(p.term, Term::Text { .. }))
    }

    /// Whether the query asks about suspension (so a listing must not hide suspended cards).
    #[must_use]
    pub fn mentions_suspended(&self) -> bool {
        self.parts
            .iter()
            .any(|p| p.term == Term::Is(State::Suspended))
    }
}

/// Why a query cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    Empty,
    UnclosedQuote,
    /// A filter with nothing after its colon (`deck:`).
    MissingValue(&'static str),
    UnknownState(String),
    BadStage(String),
    BadKind(String),
    /// A word of only punctuation, which the index never holds.
    NothingToFind(String),
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str(
                "an empty search: give words, \"a phrase\", -word, or a filter (deck:, tag:, is:, stage:, kind:)",
            ),
            QueryError::UnclosedQuote => f.write_str("a quote is not closed: end the phrase with \""),
            QueryError::MissingValue(name) => write!(f, "`{name}:` needs a value after the colon"),
            QueryError::UnknownState(v) => write!(
                f,
                "unknown `is:{v}`; expected is:new, is:due, is:suspended or is:leech"
            ),
            QueryError::BadStage(e) | QueryError::BadKind(e) => f.write_str(e),
            QueryError::NothingToFind(w) => write!(
                f,
                "`{w}` has no letters or digits to search for; put it in a phrase with words"
            ),
        }
    }
}

impl std::error::Error for QueryError {}

/// The filter names, as typed before the colon.
const FILTERS: &[&str] = &["deck", "tag", "is", "stage", "kind"];

/// Parses a query. Words are separated by spaces; a double quote starts a phrase (also
/// after `-` or a filter's colon: `deck:"Machine Learning"`); a leading `-` excludes.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut parts = Vec::new();
    for (raw, quoted) in tokens(input)? {
        let (negated, raw) = match raw.strip_prefix('-') {
            Some(rest) if !rest.is_empty() || quoted => (true, rest.to_string()),
            _ => (false, raw),
        };
        let term = term(&raw, quoted)?;
        parts.push(Part { negated, term });
    }
    if parts.is_empty() {
        return Err(QueryError::Empty);
    }
    Ok(Query { parts })
}

/// Splits on whitespace outside quotes. Each token keeps its text without the quotes and
/// whether a quote was in it (a phrase, or a filter's quoted value).
fn tokens(input: &str) -> Result<Vec<(String, bool)>, QueryError> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut in_quote = false;
    let mut started = false;
    for c in input.chars() {
        match c {
            '"' => {
                in_quote = !in_quote;
                quoted = true;
                started = true;
            }
            c if c.is_whitespace() && !in_quote => {
                if started {
                    out.push((std::mem::take(&mut current), quoted));
                }
                quoted = false;
                started = false;
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if in_quote {
        return Err(QueryError::UnclosedQuote);
    }
    if started {
        out.push((current, quoted));
    }
    Ok(out)
}

fn term(raw: &str, quoted: bool) -> Result<Term, QueryError> {
    if let Some((name, value)) = raw.split_once(':') {
        let lower = name.to_ascii_lowercase();
        if let Some(&filter) = FILTERS.iter().find(|f| **f == lower) {
            return filter_term(filter, value.trim());
        }
    }
    let (text, prefix) = match raw.strip_suffix('*') {
        Some(stem) if !quoted && !stem.is_empty() => (stem.to_string(), true),
        _ => (raw.to_string(), false),
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Err(QueryError::NothingToFind(raw.to_string()));
    }
    let phrase = quoted && text.split_whitespace().nth(1).is_some();
    Ok(Term::Text {
        text,
        phrase,
        prefix,
    })
}

fn filter_term(filter: &'static str, value: &str) -> Result<Term, QueryError> {
    if value.is_empty() {
        return Err(QueryError::MissingValue(filter));
    }
    Ok(match filter {
        "deck" => Term::Deck(value.to_string()),
        "tag" => Term::Tag(value.to_string()),
        "is" => Term::Is(match value.to_ascii_lowercase().as_str() {
            "new" => State::New,
            "due" => State::Due,
            "suspended" => State::Suspended,
            "leech" => State::Leech,
            _ => return Err(QueryError::UnknownState(value.to_string())),
        }),
        "stage" => Term::Stage(value.parse().map_err(QueryError::BadStage)?),
        _ => Term::Kind(value.parse().map_err(QueryError::BadKind)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Term {
        Term::Text {
            text: t.into(),
            phrase: false,
            prefix: false,
        }
    }

    fn yes(term: Term) -> Part {
        Part {
            negated: false,
            term,
        }
    }

    fn no(term: Term) -> Part {
        Part {
            negated: true,
            term,
        }
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse(r#"gradient "learning rate" -dropout optim*"#).unwrap();
        assert_eq!(
            q.parts,
            vec![
                yes(text("gradient")),
                yes(Term::Text {
                    text: "learning rate".into(),
                    phrase: true,
                    prefix: false
                }),
                no(text("dropout")),
                yes(Term::Text {
                    text: "optim".into(),
                    phrase: false,
                    prefix: true
                }),
            ]
        );
        assert_eq!(q.words().count(), 3);
        assert_eq!(q.excluded_words().count(), 1);
    }

    #[test]
    fn filters_take_quoted_values_and_signs() {
        let q = parse(
            r#"deck:"Machine Learning" -tag:Resources is:DUE stage:2 kind:cloze -is:suspended"#,
        )
        .unwrap();
        assert_eq!(
            q.parts,
            vec![
                yes(Term::Deck("Machine Learning".into())),
                no(Term::Tag("Resources".into())),
                yes(Term::Is(State::Due)),
                yes(Term::Stage(Stage::Intermediate)),
                yes(Term::Kind(CardKind::Cloze)),
                no(Term::Is(State::Suspended)),
            ]
        );
        assert!(q.mentions_suspended());
        assert_eq!(q.filters().count(), 6);
    }

    #[test]
    fn an_unknown_prefix_is_text() {
        let q = parse("std::vector").unwrap();
        assert_eq!(q.parts, vec![yes(text("std::vector"))]);
    }

    #[test]
    fn a_quoted_single_word_is_not_a_phrase_nor_a_prefix() {
        let q = parse(r#""optim*""#).unwrap();
        assert_eq!(q.parts, vec![yes(text("optim*"))]);
    }

    #[test]
    fn bad_queries_say_what_is_wrong() {
        assert_eq!(parse("   "), Err(QueryError::Empty));
        assert_eq!(parse(r#""open phrase"#), Err(QueryError::UnclosedQuote));
        assert_eq!(parse("deck:"), Err(QueryError::MissingValue("deck")));
        assert_eq!(
            parse("is:mature"),
            Err(QueryError::UnknownState("mature".into()))
        );
        assert_eq!(
            parse("stage:4").unwrap_err().to_string(),
            "expected a stage (1, 2, 3 or beginner, intermediate, advanced), found `4`"
        );
        assert!(matches!(parse("kind:essay"), Err(QueryError::BadKind(_))));
        assert_eq!(parse("-- ..."), Err(QueryError::NothingToFind("-".into())));
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion_of_nothing() {
        assert_eq!(parse("-"), Err(QueryError::NothingToFind("-".into())));
    }
}
