-- Migration 5: exercise cards, graded by running them. `cards.kind` admits `sql` (the back
-- is a reference query, run with the learner's on a sample database) and `output` (the
-- back is what the snippet in the front prints). Exercise cards carry a `note` shown after
-- the answer (any card may have one), and a SQL card its options: `ordered` (NULL: decided
-- from the reference's ORDER BY) and `db` (NULL: the default sample database).
--
-- A CHECK constraint cannot be altered in SQLite, so `cards` is rebuilt as SQLite documents
-- (https://www.sqlite.org/lang_altertable.html#otheralter): a new table, the rows copied
-- with their ids, the old one dropped, the new one renamed, then its indexes and trigger
-- made again. The migration runs with foreign keys off (src/store/migrate.rs) and is
-- checked with `PRAGMA foreign_key_check` before it commits; `card_state` and `reviews`
-- reference `cards` by name, so they point at the new table once it is renamed. The
-- `card_state_placed` trigger (on `card_state`) reads `cards`, so it is dropped while the
-- table is away and made again as migration 4 wrote it.

CREATE TABLE cards_new (
    id         INTEGER PRIMARY KEY,
    -- Stable identity: re-import and regeneration update text, never progress.
    guid       TEXT    NOT NULL UNIQUE,
    deck_id    INTEGER NOT NULL REFERENCES decks(id),
    stage      INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 3),
    kind       TEXT    NOT NULL DEFAULT 'basic'
               CHECK (kind IN ('basic', 'cloze', 'choice', 'typed', 'sql', 'output')),
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
    updated_at INTEGER NOT NULL,
    -- Key points as JSON: a list of key points, each a list of phrasings.
    key_points TEXT,
    -- 0 for cards tagged `resources`: they do not count toward the skill's level.
    levelled   INTEGER NOT NULL DEFAULT 1 CHECK (levelled IN (0, 1)),
    -- Why the answer is what it is, shown after it; '' when there is none.
    note       TEXT    NOT NULL DEFAULT '',
    -- A SQL card: whether rows must come in the reference's order (NULL: decided from it).
    ordered    INTEGER CHECK (ordered IN (0, 1)),
    -- A SQL card: the sample database it runs on (NULL: the default one).
    db         TEXT,
    CHECK (kind = 'sql' OR (ordered IS NULL AND db IS NULL))
) STRICT;

INSERT INTO cards_new (id, guid, deck_id, stage, kind, front, back, choices, tags, suspended,
                       ord, created_at, updated_at, key_points, levelled)
    SELECT id, guid, deck_id, stage, kind, front, back, choices, tags, suspended,
           ord, created_at, updated_at, key_points, levelled
    FROM cards;

DROP TRIGGER card_state_placed;
DROP TABLE cards;
ALTER TABLE cards_new RENAME TO cards;

CREATE INDEX cards_new_order ON cards(stage, deck_id, ord) WHERE suspended = 0;
CREATE INDEX cards_place ON cards(deck_id, stage, suspended, ord, levelled);

CREATE TRIGGER card_state_placed AFTER INSERT ON card_state BEGIN
    UPDATE card_state SET (deck_id, stage, suspended, levelled) =
        (SELECT c.deck_id, c.stage, c.suspended, c.levelled FROM cards c WHERE c.id = NEW.card_id)
    WHERE card_id = NEW.card_id;
END;

CREATE TRIGGER card_moved AFTER UPDATE OF deck_id, stage, suspended, levelled ON cards BEGIN
    UPDATE card_state SET deck_id = NEW.deck_id, stage = NEW.stage,
                          suspended = NEW.suspended, levelled = NEW.levelled
    WHERE card_id = NEW.id;
END;
