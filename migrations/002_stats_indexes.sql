-- Migration 2: indexes for `recall stats`, so that every figure it shows is an aggregate
-- read from an index, without visiting table rows, even with a million reviews.

-- Answers per day (heatmap, streak, today) and per day and card for `--deck`: the old
-- (day, mode) index extended with card_id, so filtering by deck needs no table lookup.
DROP INDEX reviews_day;
CREATE INDEX reviews_day ON reviews(day, mode, card_id);

-- Retention: scheduled reviews of cards seen before, with the interval before the answer
-- (young or mature) and the grade, covered. `mode` and `prev_reps` are in the key too,
-- only so that SQLite counts the index as covering the query that names them.
CREATE INDEX reviews_retention ON reviews(day, prev_interval, quality, card_id, mode, prev_reps)
    WHERE mode = 'review' AND prev_reps IS NOT NULL;

-- Hardest cards and leeches: most lapses first, then lowest ease, read in index order.
CREATE INDEX card_state_hard ON card_state(lapses DESC, ef);
