-- Migration 6: levels from retention over time, at most one level step a study day, and
-- how each answer was asked (readiness weighs a typed answer above a picked option).
--
-- `retained_days`: over how many days a card has been shown remembered — the scheduler's
-- judgement, stored with its state like `mastered` (SM-2: the days between the last
-- successful scheduled answer and the scheduled answer before it; 0 after a failure).
-- A stage counts toward a level by the share of its cards retained long enough.

ALTER TABLE card_state ADD COLUMN retained_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN prev_retained_days INTEGER;
ALTER TABLE reviews ADD COLUMN new_retained_days INTEGER;

-- Backfill from the log. A scheduled answer changed the card's state (or gave a new card
-- its first). A pass after an earlier scheduled answer retained the card from the day of
-- that answer (the day it fell due less its interval) to the day of this one.
UPDATE reviews SET new_retained_days = CASE
        WHEN quality >= 3 AND prev_reps IS NOT NULL
            THEN max(0, day - (prev_due_day - prev_interval))
        ELSE 0
    END
WHERE new_reps IS NOT NULL
  AND (prev_reps IS NULL OR new_reps IS NOT prev_reps OR new_ef IS NOT prev_ef
       OR new_interval IS NOT prev_interval OR new_due_day IS NOT prev_due_day
       OR new_lapses IS NOT prev_lapses);

-- The state before an answer is the state after the card's latest scheduled answer before it.
UPDATE reviews SET prev_retained_days = coalesce(
        (SELECT r.new_retained_days FROM reviews r
         WHERE r.card_id = reviews.card_id AND r.id < reviews.id
           AND r.new_retained_days IS NOT NULL
         ORDER BY r.id DESC LIMIT 1), 0)
WHERE prev_reps IS NOT NULL;

-- Same-day repeats and drills left the schedule, and so the retention, as it was.
UPDATE reviews SET new_retained_days = prev_retained_days
WHERE new_reps IS NOT NULL AND new_retained_days IS NULL;

UPDATE card_state SET retained_days = coalesce(
    (SELECT r.new_retained_days FROM reviews r
     WHERE r.card_id = card_state.card_id AND r.new_retained_days IS NOT NULL
     ORDER BY r.id DESC LIMIT 1), 0);

-- Level counts read the covering index alone: retention joins it (`mastered` stays, the
-- scheduler's plain "known", for `:undo` and exports of the state).
DROP INDEX card_state_place;
CREATE INDEX card_state_place
    ON card_state(deck_id, stage, suspended, mastered, due_day, interval_days, levelled,
                  retained_days);

-- The study day of each level change, so a level moves at most one step a day. Earlier
-- changes take the day of the answer logged just before them (what caused them).
ALTER TABLE level_events ADD COLUMN day INTEGER;
UPDATE level_events SET day =
    (SELECT r.day FROM reviews r WHERE r.reviewed_at <= level_events.at
     ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1);

-- How each answer was asked: flash (revealed, self-graded), typed, choice or cloze.
-- Earlier answers are judged from what was logged: no text is a flash answer; a lone
-- option number to a card with options, or any answer to a choice card, a choice; an
-- answer to a cloze card a cloze; other text typed.
ALTER TABLE reviews ADD COLUMN asked TEXT;
UPDATE reviews SET asked = CASE
        WHEN answer IS NULL OR answer = '' THEN 'flash'
        WHEN (SELECT c.kind FROM cards c WHERE c.id = reviews.card_id) = 'choice' THEN 'choice'
        WHEN answer GLOB '[1-9]' AND mode = 'drill' THEN 'choice'
        WHEN (SELECT c.kind FROM cards c WHERE c.id = reviews.card_id) = 'cloze' THEN 'cloze'
        ELSE 'typed'
    END;
