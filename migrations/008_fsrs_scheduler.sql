-- Migration 8: FSRS-6 beside SM-2.
--
-- `card_state` keeps the schedule of the scheduler in use (`config.scheduler`, SM-2 when
-- unset) in its shared columns (reps, interval_days, due_day, mastered, …) and each
-- model's memory in its own: SM-2's `ef`, FSRS's `stability` (days until recall falls to
-- 90%) and `difficulty` (1-10), NULL until FSRS has scheduled the card or a switch to FSRS
-- computed them from the card's history. The review log keeps them before and after each
-- answer, so `:undo` restores an FSRS state exactly.
ALTER TABLE card_state ADD COLUMN stability REAL;
ALTER TABLE card_state ADD COLUMN difficulty REAL;
ALTER TABLE reviews ADD COLUMN prev_stability REAL;
ALTER TABLE reviews ADD COLUMN prev_difficulty REAL;
ALTER TABLE reviews ADD COLUMN new_stability REAL;
ALTER TABLE reviews ADD COLUMN new_difficulty REAL;

-- SM-2's schedule of each card as it was when FSRS took over, byte for byte. Switching
-- back to SM-2 puts it back and replays SM-2 over the scheduled answers logged since (none
-- when nothing was answered meanwhile), then empties this table.
CREATE TABLE sm2_parked (
    card_id          INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,
    reps             INTEGER NOT NULL,
    ef               INTEGER NOT NULL,
    interval_days    INTEGER NOT NULL,
    due_day          INTEGER NOT NULL,
    lapses           INTEGER NOT NULL,
    last_quality     INTEGER NOT NULL,
    last_reviewed_at INTEGER NOT NULL,
    mastered         INTEGER NOT NULL,
    retained_days    INTEGER NOT NULL
) STRICT;

-- An imported review log (`recall import --reviews`, Anki's revlog) skips the answers the
-- log already has: looked up by card and time.
CREATE INDEX reviews_card_time ON reviews(card_id, reviewed_at);
