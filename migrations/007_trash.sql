-- Migration 7, the trash.
--
-- `recall delete` moves cards here and `recall trash restore` moves them back; only
-- `recall trash empty` deletes for good. Trashed rows leave the live tables (`cards`,
-- `card_state`, `reviews`; a deleted deck's row and its `level_events`), so every other
-- query stays as it is and never sees them. Each row is kept as a JSON object of its
-- columns, read from the table's own definition when it is trashed (store/trash.rs), so
-- a column a later migration adds is kept too; its ids are kept beside it and taken back
-- on restore when they are still free.

CREATE TABLE trash_cards (
    id         INTEGER PRIMARY KEY,
    -- The card's row id in `cards`, and its stable id (no live card has it: imports
    -- and `recall add` leave a trashed id alone until it is restored or emptied).
    card_id    INTEGER NOT NULL,
    guid       TEXT    NOT NULL UNIQUE,
    -- Its deck's name, and its front, for `recall trash` to list without decoding.
    deck       TEXT    NOT NULL,
    front      TEXT    NOT NULL,
    -- UTC milliseconds.
    trashed_at INTEGER NOT NULL,
    -- The `cards` row and the `card_state` row (NULL for a card never answered).
    card       TEXT    NOT NULL,
    state      TEXT
) STRICT;

CREATE INDEX trash_cards_time ON trash_cards(trashed_at);

-- The review log of trashed cards, one row per answer, in the order they were logged.
CREATE TABLE trash_reviews (
    id        INTEGER PRIMARY KEY,
    trash_id  INTEGER NOT NULL REFERENCES trash_cards(id),
    review_id INTEGER NOT NULL,
    review    TEXT    NOT NULL
) STRICT;

CREATE INDEX trash_reviews_card ON trash_reviews(trash_id, review_id);

-- Decks deleted whole (`recall delete --deck`): the `decks` row and its level history,
-- brought back with the first of its cards restored.
CREATE TABLE trash_decks (
    name         TEXT    PRIMARY KEY,
    deck_id      INTEGER NOT NULL,
    trashed_at   INTEGER NOT NULL,
    deck         TEXT    NOT NULL,
    -- A JSON array of its `level_events` rows.
    level_events TEXT    NOT NULL
) STRICT;
