-- Migration 3: each card's place (deck, stage, suspended) copied into card_state, kept in
-- step by triggers, so that per-deck counts (new, due, mastered by stage) are read from
-- two covering indexes instead of visiting a million card rows and their text.

ALTER TABLE card_state ADD COLUMN deck_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE card_state ADD COLUMN stage INTEGER NOT NULL DEFAULT 1;
ALTER TABLE card_state ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;

UPDATE card_state SET (deck_id, stage, suspended) =
    (SELECT c.deck_id, c.stage, c.suspended FROM cards c WHERE c.id = card_state.card_id);

-- A card's first state takes its place from the card.
CREATE TRIGGER card_state_placed AFTER INSERT ON card_state BEGIN
    UPDATE card_state SET (deck_id, stage, suspended) =
        (SELECT c.deck_id, c.stage, c.suspended FROM cards c WHERE c.id = NEW.card_id)
    WHERE card_id = NEW.card_id;
END;

-- A card moved to another deck or stage, suspended or brought back moves its state too.
CREATE TRIGGER card_moved AFTER UPDATE OF deck_id, stage, suspended ON cards BEGIN
    UPDATE card_state SET deck_id = NEW.deck_id, stage = NEW.stage, suspended = NEW.suspended
    WHERE card_id = NEW.id;
END;

-- Cards per deck, stage and suspension, counted from the index alone; with `ord` it also
-- lists a deck's cards in order, so it replaces the old (deck_id, stage, ord) index.
DROP INDEX cards_deck;
CREATE INDEX cards_place ON cards(deck_id, stage, suspended, ord);

-- Seen, mastered, young and mature cards per deck and stage, likewise.
CREATE INDEX card_state_place
    ON card_state(deck_id, stage, suspended, reps, due_day, interval_days);

-- Due cards in due order, with what the queue and the forecast filter on, so that neither
-- visits a card's row (and its text) to skip suspended cards or other decks.
DROP INDEX card_state_due;
CREATE INDEX card_state_due ON card_state(due_day, suspended, deck_id);
