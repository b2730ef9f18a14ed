-- Migration 4, the scheduler seam and levels that count the skill.
--
-- The scheduler seam. Whether a card counts as known is the judgement of the
-- scheduler that produced its state, stored beside it, so that deck counts and skill
-- levels never assume one scheduler's model (SM-2's `reps >= 2` was written into queries).

ALTER TABLE card_state ADD COLUMN mastered INTEGER NOT NULL DEFAULT 0 CHECK (mastered IN (0, 1));
UPDATE card_state SET mastered = (reps >= 2);

-- The review log keeps it before and after each answer, so `:undo` restores it exactly.
ALTER TABLE reviews ADD COLUMN prev_mastered INTEGER;
ALTER TABLE reviews ADD COLUMN new_mastered INTEGER;
UPDATE reviews SET prev_mastered = (prev_reps >= 2) WHERE prev_reps IS NOT NULL;
UPDATE reviews SET new_mastered = (new_reps >= 2) WHERE new_reps IS NOT NULL;

-- Key points (the ideas a good answer must contain, for the typed grader), and whether a
-- card counts toward its skill's level: cards about a guide's resources and roadmap
-- (tagged `resources`) do not. The flag is copied into `card_state` with the card's other
-- placement columns so level counts stay on the covering indexes.

ALTER TABLE cards ADD COLUMN key_points TEXT;
ALTER TABLE cards ADD COLUMN levelled INTEGER NOT NULL DEFAULT 1 CHECK (levelled IN (0, 1));
UPDATE cards SET levelled = 0 WHERE (' ' || tags || ' ') LIKE '% resources %';

ALTER TABLE card_state ADD COLUMN levelled INTEGER NOT NULL DEFAULT 1;
UPDATE card_state SET levelled =
    (SELECT c.levelled FROM cards c WHERE c.id = card_state.card_id);

DROP TRIGGER card_state_placed;
CREATE TRIGGER card_state_placed AFTER INSERT ON card_state BEGIN
    UPDATE card_state SET (deck_id, stage, suspended, levelled) =
        (SELECT c.deck_id, c.stage, c.suspended, c.levelled FROM cards c WHERE c.id = NEW.card_id)
    WHERE card_id = NEW.card_id;
END;

DROP TRIGGER card_moved;
CREATE TRIGGER card_moved AFTER UPDATE OF deck_id, stage, suspended, levelled ON cards BEGIN
    UPDATE card_state SET deck_id = NEW.deck_id, stage = NEW.stage,
                          suspended = NEW.suspended, levelled = NEW.levelled
    WHERE card_id = NEW.id;
END;

-- Deck and level counts (seen, mastered, young, mature cards per deck and stage, and
-- which count toward the level) read from the two covering indexes alone.
DROP INDEX cards_place;
CREATE INDEX cards_place ON cards(deck_id, stage, suspended, ord, levelled);
DROP INDEX card_state_place;
CREATE INDEX card_state_place
    ON card_state(deck_id, stage, suspended, mastered, due_day, interval_days, levelled);
