//! Plain values read from an Anki collection: the rows `store::anki` reads from the
//! `SQLite` inside an .apkg and `apkg` turns into cards. No I/O here.

/// Why a collection could not be read; the message says it in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CollectionError(pub String);

/// The parts of a collection an import needs, as the collection holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawCollection {
    /// `col.ver`: 11 for legacy collections, 18 for current ones.
    pub version: i64,
    /// `col.crt`: when the collection was created (Unix seconds, at the day's rollover);
    /// review cards' `due` counts days from this day.
    pub created_secs: i64,
    /// `col.models`: note types as JSON in legacy collections (`{}` in current ones).
    pub legacy_notetypes: String,
    /// `col.decks`: decks as JSON in legacy collections.
    pub legacy_decks: String,
    /// Schema 18's tables (empty in legacy collections).
    pub notetypes: Vec<RawNotetype>,
    pub fields: Vec<RawField>,
    pub templates: Vec<RawTemplate>,
    pub decks: Vec<RawDeck>,
    pub notes: Vec<RawNote>,
    pub cards: Vec<RawCard>,
    pub revlog: Vec<RawReview>,
}

/// A row of `notetypes`: `config` is a protobuf message (field 1: kind, 1 = cloze).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawNotetype {
    pub id: i64,
    pub name: String,
    pub config: Vec<u8>,
}

/// A row of `fields`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawField {
    pub notetype_id: i64,
    pub ord: i64,
    pub name: String,
}

/// A row of `templates`: `config` is a protobuf message (1: question, 2: answer format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTemplate {
    pub notetype_id: i64,
    pub ord: i64,
    pub name: String,
    pub config: Vec<u8>,
}

/// A row of `decks`: the name's levels are separated by U+001F.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDeck {
    pub id: i64,
    pub name: String,
}

/// A row of `notes`: `fields` separated by U+001F, `tags` by spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawNote {
    pub id: i64,
    pub guid: String,
    pub notetype_id: i64,
    pub tags: String,
    pub fields: String,
}

/// A row of `cards`, with the scheduling columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCard {
    pub id: i64,
    pub note_id: i64,
    pub deck_id: i64,
    pub ord: i64,
    /// Last modified, Unix seconds.
    pub modified_secs: i64,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// -3..=-1 buried or suspended, 0 new, 1 learning, 2 review, 3 day learning.
    pub queue: i64,
    /// Review cards: a day number counted from the collection's creation day; learning
    /// cards in queue 1: a Unix timestamp in seconds.
    pub due: i64,
    /// Days, for review cards.
    pub interval: i64,
    /// Ease in permille (2500 = 250%).
    pub factor: i64,
    pub reps: i64,
    pub lapses: i64,
    /// In a filtered deck: the home deck and due (0 otherwise).
    pub original_deck_id: i64,
    pub original_due: i64,
}

/// A row of `revlog`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawReview {
    /// When, in Unix milliseconds.
    pub id: i64,
    pub card_id: i64,
    /// 1 again, 2 hard, 3 good, 4 easy (0: a manual change).
    pub ease: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
    /// How long the answer took, in milliseconds (Anki's `time`).
    pub duration_ms: i64,
}
