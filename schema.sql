-- recall's SQLite schema, migration 1. Applied by src/store/migrate.rs, which
-- records the schema version in PRAGMA user_version. Later changes are new
-- numbered migrations, never edits of this file.

-- A deck is a skill. Names are hierarchical with '::'.
CREATE TABLE decks (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    -- 'builtin' for the decks embedded in the binary, 'user' otherwise.
    origin      TEXT    NOT NULL DEFAULT 'user' CHECK (origin IN ('builtin', 'user')),
    -- The skill level: 0 Novice, 1 Beginner, 2 Intermediate, 3 Advanced.
    level       INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE cards (
    id         INTEGER PRIMARY KEY,
    -- Stable identity: re-import and regeneration update text, never progress.
    guid       TEXT    NOT NULL UNIQUE,
    deck_id    INTEGER NOT NULL REFERENCES decks(id),
    stage      INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 3),
    kind       TEXT    NOT NULL DEFAULT 'basic' CHECK (kind IN ('basic', 'cloze', 'choice', 'typed')),
    front      TEXT    NOT NULL,
    back       TEXT    NOT NULL,
    -- Wrong options of a choice card, as a JSON array of strings.
    choices    TEXT,
    -- Space-separated tags.
    tags       TEXT    NOT NULL DEFAULT '',
    suspended  INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    -- Position in its deck file: the order new cards are introduced in.
    ord        INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX cards_deck ON cards(deck_id, stage, ord);
CREATE INDEX cards_new_order ON cards(stage, deck_id, ord) WHERE suspended = 0;

-- SM-2 state of every card that has been answered at least once; no row = new card.
CREATE TABLE card_state (
    card_id          INTEGER PRIMARY KEY REFERENCES cards(id),
    reps             INTEGER NOT NULL,
    -- Easiness factor in hundredths: 250 = 2.50, never below 130.
    ef               INTEGER NOT NULL,
    interval_days    INTEGER NOT NULL,
    -- Study day (days since 1970-01-01 of the rollover-shifted local calendar).
    due_day          INTEGER NOT NULL,
    lapses           INTEGER NOT NULL,
    -- Quality of the last scheduled answer: a fail after a pass is a lapse.
    last_quality     INTEGER NOT NULL,
    last_reviewed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX card_state_due ON card_state(due_day);

-- Append-only log of every answer, with the state before and after it, so that
-- :undo restores exactly and history can be replayed.
CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    card_id       INTEGER NOT NULL REFERENCES cards(id),
    -- UTC milliseconds.
    reviewed_at   INTEGER NOT NULL,
    -- The study day the answer counted for.
    day           INTEGER NOT NULL,
    quality       INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 5),
    mode          TEXT    NOT NULL CHECK (mode IN ('review', 'relearn', 'drill')),
    duration_ms   INTEGER NOT NULL,
    answer        TEXT,
    -- State before the answer; prev_reps IS NULL means the card was new.
    prev_reps     INTEGER,
    prev_ef       INTEGER,
    prev_interval INTEGER,
    prev_due_day  INTEGER,
    prev_lapses   INTEGER,
    prev_last_quality INTEGER,
    prev_last_reviewed_at INTEGER,
    -- State after the answer (equal to the state before for relearn and drill).
    new_reps      INTEGER,
    new_ef        INTEGER,
    new_interval  INTEGER,
    new_due_day   INTEGER,
    new_lapses    INTEGER
) STRICT;

CREATE INDEX reviews_card ON reviews(card_id, id);
CREATE INDEX reviews_day ON reviews(day, mode);

CREATE TABLE level_events (
    id         INTEGER PRIMARY KEY,
    deck_id    INTEGER NOT NULL REFERENCES decks(id),
    at         INTEGER NOT NULL,
    from_level INTEGER NOT NULL CHECK (from_level BETWEEN 0 AND 3),
    to_level   INTEGER NOT NULL CHECK (to_level BETWEEN 0 AND 3),
    cause      TEXT    NOT NULL
) STRICT;

CREATE INDEX level_events_deck ON level_events(deck_id, id);

CREATE TABLE config (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
