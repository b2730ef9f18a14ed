//! The value types shared by every layer: cards, stages, kinds and review modes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::schedule::CardState;

/// A card's stage in its skill's learning path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Stage {
    Beginner = 1,
    Intermediate = 2,
    Advanced = 3,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Beginner, Stage::Intermediate, Stage::Advanced];

    #[must_use]
    pub fn number(self) -> u8 {
        self as u8
    }

    #[must_use]
    pub fn from_number(n: i64) -> Option<Stage> {
        match n {
            1 => Some(Stage::Beginner),
            2 => Some(Stage::Intermediate),
            3 => Some(Stage::Advanced),
            _ => None,
        }
    }

    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Stage::Beginner => "Beginner",
            Stage::Intermediate => "Intermediate",
            Stage::Advanced => "Advanced",
        }
    }
}

impl From<Stage> for u8 {
    fn from(s: Stage) -> u8 {
        s.number()
    }
}

impl TryFrom<u8> for Stage {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Stage::from_number(n.into()).ok_or_else(|| format!("stage must be 1, 2 or 3, not {n}"))
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Stage {
    type Err = String;
    /// Accepts the number or the word, in any case (`2`, `intermediate`).
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "1" | "beginner" => Ok(Stage::Beginner),
            "2" | "intermediate" => Ok(Stage::Intermediate),
            "3" | "advanced" => Ok(Stage::Advanced),
            other => Err(format!(
                "expected a stage (1, 2, 3 or beginner, intermediate, advanced), found `{other}`"
            )),
        }
    }
}

/// How a card is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// Front and back; the learner grades themself.
    Basic,
    /// The front holds `[...]` where a term was deleted; the back is the deleted term.
    Cloze,
    /// The back is the right option; `choices` holds the wrong ones.
    Choice,
    /// An answer is expected to be typed and is graded against the back.
    Typed,
    /// An exercise: the back is a reference query; an answer is a query, graded by running
    /// both on a sample database and comparing their results.
    Sql,
    /// An exercise: the front ends with a snippet of code, the back is exactly what it
    /// prints; an answer is compared with it line by line.
    Output,
}

impl CardKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Basic => "basic",
            CardKind::Cloze => "cloze",
            CardKind::Choice => "choice",
            CardKind::Typed => "typed",
            CardKind::Sql => "sql",
            CardKind::Output => "output",
        }
    }

    /// Whether answers are checked by running something rather than by comparing words.
    #[must_use]
    pub fn is_exercise(self) -> bool {
        matches!(self, CardKind::Sql | CardKind::Output)
    }
}

impl fmt::Display for CardKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CardKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "basic" => Ok(CardKind::Basic),
            "cloze" => Ok(CardKind::Cloze),
            "choice" => Ok(CardKind::Choice),
            "typed" => Ok(CardKind::Typed),
            "sql" => Ok(CardKind::Sql),
            "output" => Ok(CardKind::Output),
            other => Err(format!(
                "expected a card kind (basic, cloze, choice, typed, sql, output), found `{other}`"
            )),
        }
    }
}

/// Why an answer was given, as logged in `reviews.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewMode {
    /// A scheduled answer: SM-2 applies.
    Review,
    /// A same-day repeat of a card graded below 4 (SM-2 step 7): the schedule is unchanged.
    Relearn,
    /// Off-schedule practice.
    Drill,
}

impl ReviewMode {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewMode::Review => "review",
            ReviewMode::Relearn => "relearn",
            ReviewMode::Drill => "drill",
        }
    }
}

/// How an answer was given, as logged in `reviews.asked`: readiness weighs an answer by
/// how much it shows (`core::report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Asked {
    /// The answer revealed without typing, then graded by the learner.
    Flash,
    /// An answer typed in full and graded against the card.
    Typed,
    /// One option picked of several: a guess can be right.
    Choice,
    /// A blank filled in.
    Cloze,
}

impl Asked {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Asked::Flash => "flash",
            Asked::Typed => "typed",
            Asked::Choice => "choice",
            Asked::Cloze => "cloze",
        }
    }

    /// The stored name back; an unknown one (a newer recall's) counts as a flash answer,
    /// the weakest evidence but a choice.
    #[must_use]
    pub fn parse(s: &str) -> Asked {
        match s {
            "typed" => Asked::Typed,
            "choice" => Asked::Choice,
            "cloze" => Asked::Cloze,
            _ => Asked::Flash,
        }
    }
}

impl FromStr for ReviewMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "review" => Ok(ReviewMode::Review),
            "relearn" => Ok(ReviewMode::Relearn),
            "drill" => Ok(ReviewMode::Drill),
            other => Err(format!("unknown review mode `{other}`")),
        }
    }
}

/// The tag of cards about a guide's resources and roadmap rather than the skill itself:
/// they never count toward a skill's level and are never asked in a mock interview.
pub const RESOURCES_TAG: &str = "resources";

/// The tag of questions written the way interviews ask them.
pub const INTERVIEW_TAG: &str = "interview";

/// One idea a good answer must contain, as the phrasings that express it (the first is
/// the canonical one). Stored with the card for the typed-answer grader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyPoint(pub Vec<String>);

impl KeyPoint {
    #[must_use]
    pub fn phrasings(&self) -> &[String] {
        &self.0
    }
}

/// How a SQL exercise is checked, beyond its reference query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SqlOptions {
    /// Whether rows must come in the reference's order; `None` decides from the reference
    /// (ordered when it has a top-level `ORDER BY`).
    pub ordered: Option<bool>,
    /// The sample database it runs on; `None` is the default one (`shop`).
    pub db: Option<String>,
}

impl SqlOptions {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ordered.is_none() && self.db.is_none()
    }
}

/// A card as authored: what deck files hold and imports produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDraft {
    pub guid: String,
    pub stage: Stage,
    pub kind: CardKind,
    pub front: String,
    pub back: String,
    pub choices: Vec<String>,
    pub tags: Vec<String>,
    /// The ideas an answer must contain; empty when the card's author named none.
    pub key_points: Vec<KeyPoint>,
    /// Why the answer is what it is (the technique, the trap), shown after the answer;
    /// empty when there is none.
    pub note: String,
    /// A SQL exercise's options; empty for every other kind.
    pub sql: SqlOptions,
}

/// Whether cards with these tags count toward their skill's level.
#[must_use]
pub fn counts_toward_level(tags: &[String]) -> bool {
    !tags.iter().any(|t| t == RESOURCES_TAG)
}

impl CardDraft {
    /// The rules every format applies to a card's kind: a cloze marks its deletion with
    /// `[...]`, wrong options never include the right answer, exercises have no options,
    /// and only a SQL card names a sample database or an order. (A choice card may come
    /// without options: drills then draw them from comparable cards.)
    pub fn check_kind(&self) -> Result<(), String> {
        if self.kind == CardKind::Cloze && !self.front.contains(super::cloze::BLANK) {
            return Err("a cloze card's `front` must mark the deleted text with `[...]`".into());
        }
        if self.kind.is_exercise() && !self.choices.is_empty() {
            return Err(format!(
                "a `{}` card is answered by running it and has no `choices`",
                self.kind
            ));
        }
        if self.kind != CardKind::Sql && !self.sql.is_empty() {
            return Err(format!(
                "`ordered` and `db` belong to `sql` cards, not to a `{}` card",
                self.kind
            ));
        }
        if let Some(db) = &self.sql.db {
            if !super::exercise::SAMPLE_DATABASES.contains(&db.as_str()) {
                return Err(format!(
                    "`db`: no sample database `{db}` (known: {})",
                    super::exercise::SAMPLE_DATABASES.join(", ")
                ));
            }
        }
        if self
            .choices
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&self.back))
        {
            return Err("`choices` lists the right answer; it holds only the wrong options".into());
        }
        Ok(())
    }
}

/// A deck as authored: a name, a description and its cards in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckDraft {
    pub name: String,
    pub description: String,
    pub cards: Vec<CardDraft>,
}

/// A card's row id in the database (its stable id across databases is its guid). Its own
/// type, so that it is never confused with a deck's or a logged answer's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardId(pub i64);

impl std::fmt::Display for CardId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The row id of a logged answer: what `:undo` takes back. Its own type, so that it is
/// never passed where a card's row id is meant (both are integers in the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReviewId(pub i64);

/// One logged answer, as `recall export --reviews` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedReview {
    /// The card's stable id (its guid), not its row number, so that it names the same
    /// card in any database.
    pub card: String,
    /// UTC milliseconds.
    pub reviewed_at: i64,
    pub quality: u8,
    pub mode: ReviewMode,
    pub duration_ms: i64,
}

/// A stored card with its deck and scheduling state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: CardId,
    pub guid: String,
    pub deck_id: i64,
    pub deck: String,
    pub stage: Stage,
    pub kind: CardKind,
    pub front: String,
    pub back: String,
    pub choices: Vec<String>,
    pub tags: Vec<String>,
    pub key_points: Vec<KeyPoint>,
    pub note: String,
    pub sql: SqlOptions,
    pub suspended: bool,
    /// None for a card never answered on schedule.
    pub state: Option<CardState>,
}

/// The short last component of a `::` deck name.
#[must_use]
pub fn short_deck_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_parse_from_numbers_and_words() {
        assert_eq!("2".parse::<Stage>(), Ok(Stage::Intermediate));
        assert_eq!("Advanced".parse::<Stage>(), Ok(Stage::Advanced));
        assert!("4".parse::<Stage>().is_err());
    }

    #[test]
    fn stages_are_stored_as_their_numbers() {
        assert_eq!(serde_json::to_string(&Stage::Advanced).unwrap(), "3");
        assert_eq!(serde_json::to_string(&Stage::Beginner).unwrap(), "1");
        assert_eq!(
            serde_json::from_str::<Stage>("2").unwrap(),
            Stage::Intermediate
        );
        assert!(serde_json::from_str::<Stage>("0").is_err());
    }

    #[test]
    fn kinds_are_checked_the_same_in_every_format() {
        let card = |kind, front: &str, choices: &[&str]| CardDraft {
            guid: "g".into(),
            stage: Stage::Beginner,
            kind,
            front: front.into(),
            back: "Paris".into(),
            choices: choices
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            tags: vec![],
            key_points: vec![],
            note: String::new(),
            sql: SqlOptions::default(),
        };
        assert!(
            card(CardKind::Cloze, "[...] is in France", &[])
                .check_kind()
                .is_ok()
        );
        assert!(card(CardKind::Cloze, "no blank", &[]).check_kind().is_err());
        assert!(
            card(CardKind::Choice, "Capital?", &["paris"])
                .check_kind()
                .is_err()
        );
        assert!(
            card(CardKind::Choice, "Capital?", &[]).check_kind().is_ok(),
            "options optional"
        );
        assert!(card(CardKind::Sql, "Top 3?", &[]).check_kind().is_ok());
        let e = card(CardKind::Output, "What prints?", &["x"])
            .check_kind()
            .unwrap_err();
        assert_eq!(
            e,
            "a `output` card is answered by running it and has no `choices`"
        );
        let mut basic = card(CardKind::Basic, "q", &[]);
        basic.sql.ordered = Some(true);
        assert_eq!(
            basic.check_kind().unwrap_err(),
            "`ordered` and `db` belong to `sql` cards, not to a `basic` card"
        );
        let mut sql = card(CardKind::Sql, "q", &[]);
        sql.sql.db = Some("shop".into());
        assert!(sql.check_kind().is_ok());
        sql.sql.db = Some("bank".into());
        assert_eq!(
            sql.check_kind().unwrap_err(),
            "`db`: no sample database `bank` (known: shop)"
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [
            CardKind::Basic,
            CardKind::Cloze,
            CardKind::Choice,
            CardKind::Typed,
            CardKind::Sql,
            CardKind::Output,
        ] {
            assert_eq!(kind.as_str().parse::<CardKind>(), Ok(kind));
        }
        assert!(CardKind::Sql.is_exercise() && CardKind::Output.is_exercise());
        assert!(!CardKind::Typed.is_exercise());
    }

    #[test]
    fn resources_cards_do_not_count_toward_levels() {
        let tags = |t: &[&str]| {
            t.iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert!(!counts_toward_level(&tags(&["resources", "book"])));
        assert!(counts_toward_level(&tags(&["interview", "joins"])));
        assert!(counts_toward_level(&tags(&["resourceful"])));
        assert!(counts_toward_level(&[]));
    }

    #[test]
    fn short_name_is_the_last_component() {
        assert_eq!(short_deck_name("A::B::Python"), "Python");
        assert_eq!(short_deck_name("Solo"), "Solo");
    }
}
