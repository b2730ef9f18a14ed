-- Migration 9 (search): a full-text index of every card's front, back, tags and deck name,
-- for `recall search` and `recall cards QUERY` (SQLite's FTS5, compiled into the bundled
-- SQLite).
--
-- The index stores no copy of the text: its content is the view `cards_search_source`
-- (each card with its deck's name), read back for excerpts and by the 'rebuild' command
-- that `recall check --repair` runs when the index and the cards disagree. Triggers keep
-- it in step: an external-content index must be told the old text of a row it drops, so
-- each trigger passes the row's old values with 'delete' before the new ones.
--
-- Words are matched without accents and by their Porter stem ("gradients" finds
-- "gradient"); a migration that rebuilds `cards` must make these triggers again.

CREATE VIEW cards_search_source AS
    SELECT c.id AS id, c.front AS front, c.back AS back, c.tags AS tags, d.name AS deck
    FROM cards c JOIN decks d ON d.id = c.deck_id;

CREATE VIRTUAL TABLE cards_search USING fts5(
    front, back, tags, deck,
    content = 'cards_search_source',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER cards_search_added AFTER INSERT ON cards BEGIN
    INSERT INTO cards_search(rowid, front, back, tags, deck)
    VALUES (NEW.id, NEW.front, NEW.back, NEW.tags,
            (SELECT name FROM decks WHERE id = NEW.deck_id));
END;

CREATE TRIGGER cards_search_removed AFTER DELETE ON cards BEGIN
    INSERT INTO cards_search(cards_search, rowid, front, back, tags, deck)
    VALUES ('delete', OLD.id, OLD.front, OLD.back, OLD.tags,
            (SELECT name FROM decks WHERE id = OLD.deck_id));
END;

CREATE TRIGGER cards_search_changed AFTER UPDATE OF front, back, tags, deck_id ON cards BEGIN
    INSERT INTO cards_search(cards_search, rowid, front, back, tags, deck)
    VALUES ('delete', OLD.id, OLD.front, OLD.back, OLD.tags,
            (SELECT name FROM decks WHERE id = OLD.deck_id));
    INSERT INTO cards_search(rowid, front, back, tags, deck)
    VALUES (NEW.id, NEW.front, NEW.back, NEW.tags,
            (SELECT name FROM decks WHERE id = NEW.deck_id));
END;

CREATE TRIGGER cards_search_deck_renamed AFTER UPDATE OF name ON decks BEGIN
    INSERT INTO cards_search(cards_search, rowid, front, back, tags, deck)
    SELECT 'delete', c.id, c.front, c.back, c.tags, OLD.name FROM cards c WHERE c.deck_id = OLD.id;
    INSERT INTO cards_search(rowid, front, back, tags, deck)
    SELECT c.id, c.front, c.back, c.tags, NEW.name FROM cards c WHERE c.deck_id = NEW.id;
END;

-- Index the cards already there.
INSERT INTO cards_search(cards_search) VALUES ('rebuild');
