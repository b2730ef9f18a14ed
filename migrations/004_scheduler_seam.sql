-- Migration 4: the scheduler seam. Whether a card counts as known is the judgement of the
-- scheduler that produced its state, stored beside it, so that deck counts and skill
-- levels never assume one scheduler's model (SM-2's `reps >= 2` was written into queries).

ALTER TABLE card_state ADD COLUMN mastered INTEGER NOT NULL DEFAULT 0 CHECK (mastered IN (0, 1));
UPDATE card_state SET mastered = (reps >= 2);

-- The review log keeps it before and after each answer, so `:undo` restores it exactly.
ALTER TABLE reviews ADD COLUMN prev_mastered INTEGER;
ALTER TABLE reviews ADD COLUMN new_mastered INTEGER;
UPDATE reviews SET prev_mastered = (prev_reps >= 2) WHERE prev_reps IS NOT NULL;
UPDATE reviews SET new_mastered = (new_reps >= 2) WHERE new_reps IS NOT NULL;

-- Seen, mastered, young and mature cards per deck and stage, counted from the index alone.
DROP INDEX card_state_place;
CREATE INDEX card_state_place
    ON card_state(deck_id, stage, suspended, mastered, due_day, interval_days);
