-- Migration 10: a new card's first state is written once, already placed.
--
-- `card_state` carries a copy of its card's deck, stage, suspension and level flag
-- (migration 3). Until now the `card_state_placed` trigger filled them in after every
-- insert, so the first answer to a new card wrote its row twice and moved it in two
-- indexes (issue 19 measured 9.8 write-ahead-log frames per such answer against 8.2).
-- The answer path now inserts the row with its place read from `cards` in the same
-- statement; the trigger only places rows inserted without one (deck 0, the column's
-- default: no deck has id 0), as restoring from the trash or an import's first states do.

DROP TRIGGER card_state_placed;

CREATE TRIGGER card_state_placed AFTER INSERT ON card_state WHEN NEW.deck_id = 0 BEGIN
    UPDATE card_state SET (deck_id, stage, suspended, levelled) =
        (SELECT c.deck_id, c.stage, c.suspended, c.levelled FROM cards c WHERE c.id = NEW.card_id)
    WHERE card_id = NEW.card_id;
END;
