-- Migration 11: sync between devices (`recall sync DIR`).
--
-- Everything that changes a learner's collection becomes an event with a globally unique
-- id and a hybrid logical clock (high bits: milliseconds; low 16: a counter), kept in
-- `events`. Each database is a device (`sync_device`, made here with a random id) that
-- appends its own events to its own journal in the sync folder and reads the others'
-- (`sync_journals`: how far each file has been read).
--
-- A session's answer gets its event id and clock from `store::reviews` (the row is written
-- once); any other answer (an imported review log) and every card of the user's get
-- theirs by trigger, whatever path wrote them (an import, `add`, `edit`; an import sets
-- the card trigger aside and notes its new cards in `sync_new_cards`, `store::events`);
-- undo, trash, restore, suspension, deck renames and settings make theirs in
-- `store::events`. While `sync` applies other devices' events, `sync_device.applying` is 1
-- and the triggers stay quiet.
--
-- History from before this migration gets event ids made from the rows they stand for,
-- so two copies of one database give the same ids and nothing is counted twice.

CREATE TABLE sync_device (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    -- This database's device id (random, made once) and the name `--device` gave it.
    device   TEXT    NOT NULL,
    name     TEXT    NOT NULL DEFAULT '',
    -- The last clock reading this device made or saw.
    hlc      INTEGER NOT NULL DEFAULT 0,
    applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    -- This device's events up to this `events.seq` are in its journal; those after it
    -- are not yet (the others' events are in theirs). Its answers up to this review row
    -- and clock reading likewise (an answer in a later row with a later clock is not).
    journaled_seq INTEGER NOT NULL DEFAULT 0,
    answers_journaled_id INTEGER NOT NULL DEFAULT 0,
    answers_journaled_hlc INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO sync_device (id, device) VALUES (1, lower(hex(randomblob(8))));

CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,
    id        TEXT    NOT NULL,
    hlc       INTEGER NOT NULL,
    device    TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN
                ('answer', 'undo', 'card', 'trash', 'restore', 'suspend', 'rename', 'setting')),
    -- A card's id (guid), a deck's name or a setting's key.
    target    TEXT    NOT NULL,
    body      TEXT    NOT NULL
) STRICT;

-- One index serves the lookups of a target's events of a kind in clock order (most of
-- them from the index alone) and the refusal of an event twice (an id belongs to one
-- target, kind and clock reading).
CREATE UNIQUE INDEX events_key ON events(target, kind, hlc, id);

-- Cards a big import added (row numbers after `after_id` up to `last_id`, the first at
-- clock `hlc`, each next one tick later): their events are made by the next sync, before
-- it applies anything (`store::events::BulkEvents`): an event a card written at the
-- import doubled its time.
CREATE TABLE sync_new_cards (
    after_id INTEGER NOT NULL,
    last_id  INTEGER NOT NULL,
    hlc      INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_journals (
    -- The journal's file name in the sync folder, the device it belongs to, and how many
    -- bytes and lines of it (whole lines only) have been read.
    file   TEXT    PRIMARY KEY,
    device TEXT    NOT NULL,
    offset INTEGER NOT NULL,
    lines  INTEGER NOT NULL
) STRICT;

-- Each answer's event id and clock, and whether it moved the schedule when it was given
-- (what a replay steps through): scheduled answers did, drills without `--reschedule`,
-- SM-2's same-day repeats and imported history did not.
ALTER TABLE reviews ADD COLUMN uid TEXT;
ALTER TABLE reviews ADD COLUMN hlc INTEGER;
ALTER TABLE reviews ADD COLUMN stepped INTEGER NOT NULL DEFAULT 0;

-- The log's order is its row order; the clock keeps it even where `--now` went back.
UPDATE reviews SET hlc = h.hlc
FROM (SELECT id, max(reviewed_at) OVER (ORDER BY id) * 65536 + (id % 65536) AS hlc
      FROM reviews) AS h
WHERE h.id = reviews.id;

UPDATE reviews SET
    uid = 'h' || id || '-' || reviewed_at || '-' || card_id,
    -- A scheduled answer (mode review with a state after it) always moved the schedule,
    -- even where it left every logged column as it was (a second fail the same day).
    stepped = (new_reps IS NOT NULL AND mode = 'review') OR (new_reps IS NOT prev_reps OR new_ef IS NOT prev_ef
               OR new_interval IS NOT prev_interval OR new_due_day IS NOT prev_due_day
               OR new_lapses IS NOT prev_lapses OR new_mastered IS NOT prev_mastered
               OR new_retained_days IS NOT prev_retained_days
               OR new_stability IS NOT prev_stability
               OR new_difficulty IS NOT prev_difficulty);

UPDATE sync_device SET hlc = coalesce((SELECT max(hlc) FROM reviews), 0);

-- This device's answers are their own events: `reviews.uid` and `hlc` are the event's
-- id and clock, and this view gives the event's body — the logged columns (the states
-- before and after included), by the card's id. `store::sync` inserts a row from exactly
-- these keys, and writes this device's answers to its journal from this view, so that an
-- answer costs no second row. `events` holds other devices' answers (and this device's
-- while their card is in the trash).
CREATE VIEW answer_events AS
SELECT r.id AS review_id, r.uid AS id, r.hlc AS hlc,
       (SELECT guid FROM cards WHERE id = r.card_id) AS target,
       json_object('reviewed_at', r.reviewed_at, 'day', r.day, 'quality', r.quality,
         'mode', r.mode, 'duration_ms', r.duration_ms, 'answer', r.answer, 'asked', r.asked,
         'stepped', r.stepped,
         'prev_reps', r.prev_reps, 'prev_ef', r.prev_ef, 'prev_interval', r.prev_interval,
         'prev_due_day', r.prev_due_day, 'prev_lapses', r.prev_lapses,
         'prev_last_quality', r.prev_last_quality,
         'prev_last_reviewed_at', r.prev_last_reviewed_at, 'prev_mastered', r.prev_mastered,
         'prev_retained_days', r.prev_retained_days, 'prev_stability', r.prev_stability,
         'prev_difficulty', r.prev_difficulty,
         'new_reps', r.new_reps, 'new_ef', r.new_ef, 'new_interval', r.new_interval,
         'new_due_day', r.new_due_day, 'new_lapses', r.new_lapses,
         'new_mastered', r.new_mastered, 'new_retained_days', r.new_retained_days,
         'new_stability', r.new_stability, 'new_difficulty', r.new_difficulty) AS body
FROM reviews r;

-- A card's event body: its text, options and deck by name (suspension is an event of its
-- own). The one definition, read by the history below, the card triggers and the journal's
-- writer (`store::sync`, for an import's cards, whose bodies are read when written).
CREATE VIEW card_events AS
SELECT c.id AS card_id, c.guid AS target, d.origin AS origin,
       json_object('deck', d.name, 'stage', c.stage, 'kind', c.kind, 'front', c.front,
         'back', c.back, 'choices', c.choices, 'tags', c.tags, 'ord', c.ord,
         'key_points', c.key_points, 'levelled', c.levelled, 'note', c.note,
         'ordered', c.ordered, 'db', c.db) AS body
FROM cards c JOIN decks d ON d.id = c.deck_id;

-- The user's own cards (the built-in decks come with every recall).
INSERT INTO events (id, hlc, device, kind, target, body)
SELECT 'c' || c.id || '-' || c.updated_at, c.updated_at * 65536,
       (SELECT device FROM sync_device), 'card', c.guid, v.body
FROM cards c JOIN card_events v ON v.card_id = c.id
WHERE v.origin = 'user'
ORDER BY c.id;

-- What is in the trash stays there on every device.
INSERT INTO events (id, hlc, device, kind, target, body)
SELECT 't' || t.id || '-' || t.trashed_at, t.trashed_at * 65536,
       (SELECT device FROM sync_device), 'trash', t.guid, '{}'
FROM trash_cards t
ORDER BY t.id;

UPDATE sync_device SET hlc = max(hlc, coalesce((SELECT max(hlc) FROM events), 0));

-- An answer logged without an event id (an imported review log) gets its clock and id.
-- A session's answer comes with both (`store::reviews`), an answer from sync or back from
-- the trash with its own.
CREATE TRIGGER reviews_minted AFTER INSERT ON reviews WHEN NEW.uid IS NULL BEGIN
    UPDATE sync_device SET hlc = max(hlc + 1, NEW.reviewed_at * 65536);
    UPDATE reviews SET
        hlc = (SELECT hlc FROM sync_device),
        uid = printf('%016x', (SELECT hlc FROM sync_device)) || lower(hex(randomblob(8)))
    WHERE id = NEW.id;
END;

-- A new answer takes the largest row number plus one, so once the log's last rows are
-- deleted (an undo, a card moved to the trash) the next answer may take a number that was
-- written to the journal already: the mark falls back to the largest number left.
CREATE TRIGGER reviews_numbers_freed AFTER DELETE ON reviews BEGIN
    UPDATE sync_device SET answers_journaled_id = coalesce((SELECT max(id) FROM reviews), 0)
    WHERE answers_journaled_id > coalesce((SELECT max(id) FROM reviews), 0);
END;

-- A card of the user's added or changed here (not by sync, not back from the trash).
CREATE TRIGGER cards_event_added AFTER INSERT ON cards
WHEN (SELECT applying FROM sync_device) = 0
  AND (SELECT origin FROM decks WHERE id = NEW.deck_id) = 'user'
  AND NOT EXISTS (SELECT 1 FROM trash_cards WHERE guid = NEW.guid)
BEGIN
    UPDATE sync_device SET hlc = max(hlc + 1, NEW.updated_at * 65536);
    INSERT INTO events (id, hlc, device, kind, target, body)
    SELECT printf('%016x', s.hlc) || lower(hex(randomblob(8))), s.hlc, s.device, 'card',
           NEW.guid, v.body
    FROM sync_device s, card_events v WHERE v.card_id = NEW.id;
END;

CREATE TRIGGER cards_event_changed AFTER UPDATE OF
    guid, deck_id, stage, kind, front, back, choices, tags, ord, key_points, levelled, note,
    ordered, db ON cards
WHEN (SELECT applying FROM sync_device) = 0
  AND (SELECT origin FROM decks WHERE id = NEW.deck_id) = 'user'
  AND (NEW.guid IS NOT OLD.guid OR NEW.deck_id IS NOT OLD.deck_id
       OR NEW.stage IS NOT OLD.stage OR NEW.kind IS NOT OLD.kind
       OR NEW.front IS NOT OLD.front OR NEW.back IS NOT OLD.back
       OR NEW.choices IS NOT OLD.choices OR NEW.tags IS NOT OLD.tags
       OR NEW.ord IS NOT OLD.ord OR NEW.key_points IS NOT OLD.key_points
       OR NEW.levelled IS NOT OLD.levelled OR NEW.note IS NOT OLD.note
       OR NEW.ordered IS NOT OLD.ordered OR NEW.db IS NOT OLD.db)
BEGIN
    UPDATE sync_device SET hlc = max(hlc + 1, NEW.updated_at * 65536);
    INSERT INTO events (id, hlc, device, kind, target, body)
    SELECT printf('%016x', s.hlc) || lower(hex(randomblob(8))), s.hlc, s.device, 'card',
           NEW.guid, v.body
    FROM sync_device s, card_events v WHERE v.card_id = NEW.id;
END;
