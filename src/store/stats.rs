//! The queries behind `recall stats`: every figure is one SQL aggregate read from an index
//! (see `migrations/002_stats_indexes.sql`), so the cost follows the days and cards shown,
//! not the size of the review log. `deck_ids` restricts a figure to those decks' cards.

use rusqlite::params_from_iter;

use super::{Result, Store};
use crate::core::day::Day;
use crate::core::sm2::EF_START;
use crate::core::stats::{
    HardCard, LEECH_LAPSES, MATURE_DAYS, RetentionDay, RetentionWindow, Tally, TodayStats,
    fold_overdue, retention_windows,
};

/// `(?3,?4,…)`: numbered placeholders from `first`, so a list can follow numbered
/// parameters and appear more than once in a statement.
fn numbered(first: usize, n: usize) -> String {
    let list: Vec<String> = (first..first + n).map(|i| format!("?{i}")).collect();
    format!("({})", list.join(","))
}

/// A `--deck` restriction, as SQL conditions whose parameters follow `first - 1` others.
struct DeckFilter {
    list: Option<String>,
    ids: Vec<i64>,
}

impl DeckFilter {
    fn new(deck_ids: Option<&[i64]>, first: usize) -> DeckFilter {
        DeckFilter {
            list: deck_ids.map(|ids| numbered(first, ids.len())),
            ids: deck_ids.map(<[i64]>::to_vec).unwrap_or_default(),
        }
    }

    /// On a `reviews` row: its card is in the decks. The unary `+` keeps `SQLite` from
    /// looking the cards up through `reviews_card` and sorting their whole history: the
    /// day-ordered indexes are walked instead, testing each entry's card against the set,
    /// so a filtered figure costs at most one pass over the days it covers.
    fn on_reviews(&self) -> String {
        self.list
            .as_ref()
            .map(|l| format!(" AND +card_id IN (SELECT id FROM cards WHERE deck_id IN {l})"))
            .unwrap_or_default()
    }

    /// On a card state aliased `s` (which carries its card's deck, migration 3).
    fn on_states(&self) -> String {
        self.list
            .as_ref()
            .map(|l| format!(" AND s.deck_id IN {l}"))
            .unwrap_or_default()
    }

    /// On a card aliased `c`.
    fn on_cards(&self) -> String {
        self.list
            .as_ref()
            .map(|l| format!(" AND c.deck_id IN {l}"))
            .unwrap_or_default()
    }

    /// `fixed` parameters, then the deck ids.
    fn params(&self, fixed: &[i64]) -> Vec<i64> {
        fixed.iter().chain(&self.ids).copied().collect()
    }
}

/// Today's answers by kind: ?1 today.
fn today_sql(f: &DeckFilter) -> String {
    format!(
        "SELECT count(*), count(DISTINCT card_id),
                coalesce(sum(mode = 'review' AND prev_reps IS NOT NULL), 0),
                coalesce(sum(mode = 'review' AND prev_reps IS NULL), 0),
                coalesce(sum(mode = 'relearn'), 0),
                coalesce(sum(mode = 'drill'), 0),
                coalesce(sum(quality >= 3), 0),
                coalesce(sum(duration_ms), 0)
         FROM reviews WHERE day = ?1{}",
        f.on_reviews()
    )
}

/// The study days, by a recursive skip scan of `reviews_day`: ?1 today.
fn study_days_sql(f: &DeckFilter) -> String {
    let cond = f.on_reviews();
    format!(
        "WITH RECURSIVE d(day) AS (
            SELECT (SELECT day FROM reviews WHERE day <= ?1{cond} ORDER BY day DESC LIMIT 1)
            UNION ALL
            SELECT (SELECT day FROM reviews WHERE day < d.day{cond} ORDER BY day DESC LIMIT 1)
            FROM d WHERE d.day IS NOT NULL
         )
         SELECT day FROM d WHERE day IS NOT NULL"
    )
}

/// Answers per day: ?1 to ?2.
fn answers_sql(f: &DeckFilter) -> String {
    format!(
        "SELECT day, count(*) FROM reviews WHERE day BETWEEN ?1 AND ?2{} GROUP BY day",
        f.on_reviews()
    )
}

/// Retention tallies per day: ?1 to ?2, ?3 mature days.
fn retention_sql(f: &DeckFilter) -> String {
    format!(
        "SELECT day, count(*), coalesce(sum(quality >= 3), 0),
                coalesce(sum(prev_interval >= ?3), 0),
                coalesce(sum(prev_interval >= ?3 AND quality >= 3), 0)
         FROM reviews
         WHERE mode = 'review' AND prev_reps IS NOT NULL AND day BETWEEN ?1 AND ?2{}
         GROUP BY day",
        f.on_reviews()
    )
}

/// Hard cards in index order: ?1 least lapses, ?2 starting ease, ?3 limit.
fn hard_cards_sql(f: &DeckFilter) -> String {
    format!(
        "SELECT c.guid, d.name, c.front, s.lapses, s.ef, s.interval_days, c.id
         FROM card_state s
         JOIN cards c ON c.id = s.card_id
         JOIN decks d ON d.id = c.deck_id
         WHERE s.lapses >= ?1 AND (s.lapses > 0 OR s.ef < ?2) AND c.suspended = 0{}
         ORDER BY s.lapses DESC, s.ef, s.card_id
         LIMIT ?3",
        f.on_cards()
    )
}

impl Store {
    /// What was done on `today`, and the cards still due.
    pub fn today_stats(&self, today: Day, deck_ids: Option<&[i64]>) -> Result<TodayStats> {
        let f = DeckFilter::new(deck_ids, 2);
        let sql = today_sql(&f);
        let mut t = self
            .conn
            .query_row(&sql, params_from_iter(f.params(&[today])), |r| {
                Ok(TodayStats {
                    answers: r.get(0)?,
                    cards: r.get(1)?,
                    reviews: r.get(2)?,
                    new: r.get(3)?,
                    relearns: r.get(4)?,
                    drills: r.get(5)?,
                    passed: r.get(6)?,
                    time_ms: r.get(7)?,
                    due: 0,
                })
            })?;
        t.due = self.due_count(today, deck_ids)?;
        Ok(t)
    }

    /// Every study day up to `today` with at least one answer, newest first. Walks the
    /// distinct days of the `reviews_day` index one seek each (a skip scan), so the cost
    /// follows the number of study days, not of answers.
    pub fn study_days(&self, today: Day, deck_ids: Option<&[i64]>) -> Result<Vec<Day>> {
        let f = DeckFilter::new(deck_ids, 2);
        let sql = study_days_sql(&f);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(f.params(&[today])), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Answers logged on each day from `from` to `to`; days without answers are left out.
    pub fn answers_per_day(
        &self,
        from: Day,
        to: Day,
        deck_ids: Option<&[i64]>,
    ) -> Result<Vec<(Day, u32)>> {
        let f = DeckFilter::new(deck_ids, 3);
        let sql = answers_sql(&f);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(f.params(&[from, to])), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Cards (not suspended) due on each day from `from` to `to`, with every overdue card
    /// counted on `from`; days with none are left out.
    pub fn due_per_day(
        &self,
        from: Day,
        to: Day,
        deck_ids: Option<&[i64]>,
    ) -> Result<Vec<(Day, u32)>> {
        let f = DeckFilter::new(deck_ids, 2);
        // Grouped by the due day itself, in index order (no sort); the overdue days are
        // folded into `from` afterwards.
        let sql = format!(
            "SELECT s.due_day, count(*)
             FROM card_state s INDEXED BY card_state_due
             WHERE s.due_day <= ?1 AND s.suspended = 0{}
             GROUP BY s.due_day",
            f.on_states()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(f.params(&[to])), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        let days = rows.collect::<rusqlite::Result<Vec<(Day, u32)>>>()?;
        Ok(fold_overdue(days, from))
    }

    /// Retention over each window of `windows` study days ending `today`: scheduled
    /// (`review` mode) answers of cards that were not new, passed at quality ≥ 3, young
    /// or mature by the interval before the answer. Relearning repeats, drills and first
    /// answers of new cards do not count. One pass over the widest window, grouped by day
    /// in index order (no sort); the windows are summed from the days in `core::stats`.
    pub fn retention(
        &self,
        today: Day,
        windows: &[u32],
        deck_ids: Option<&[i64]>,
    ) -> Result<Vec<RetentionWindow>> {
        let widest = windows.iter().copied().max().unwrap_or(1);
        let f = DeckFilter::new(deck_ids, 4);
        let sql = retention_sql(&f);
        let fixed = [today - i64::from(widest) + 1, today, i64::from(MATURE_DAYS)];
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(f.params(&fixed)), |r| {
            let (all, passed, mature, mature_passed): (u32, u32, u32, u32) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            Ok(RetentionDay {
                day: r.get(0)?,
                young: Tally::new(
                    all.saturating_sub(mature),
                    passed.saturating_sub(mature_passed),
                ),
                mature: Tally::new(mature, mature_passed),
            })
        })?;
        let days = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(retention_windows(today, windows, &days))
    }

    /// Cards (not suspended) that lapsed at least `min_lapses` times, or lost ease, most
    /// lapses first, then lowest EF; at most `limit` of them (`None` for all).
    pub fn hard_cards(
        &self,
        min_lapses: u32,
        limit: Option<usize>,
        deck_ids: Option<&[i64]>,
    ) -> Result<Vec<HardCard>> {
        let f = DeckFilter::new(deck_ids, 4);
        let sql = hard_cards_sql(&f);
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let fixed = [i64::from(min_lapses), i64::from(EF_START), limit];
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(f.params(&fixed)), |r| {
            let lapses: u32 = r.get(3)?;
            Ok(HardCard {
                id: r.get(0)?,
                deck: r.get(1)?,
                front: r.get(2)?,
                lapses,
                ef: r.get(4)?,
                interval_days: r.get(5)?,
                number: r.get(6)?,
                leech: lapses >= LEECH_LAPSES,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    /// A store with decks 1 and 2, cards 1–3 in deck 1 and card 4 in deck 2.
    fn store() -> Store {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO decks (id, name, created_at) VALUES (1, 'A', 0), (2, 'B', 0);
                 INSERT INTO cards (id, guid, deck_id, front, back, created_at, updated_at) VALUES
                   (1, 'a/1', 1, 'one', '1', 0, 0), (2, 'a/2', 1, 'two', '2', 0, 0),
                   (3, 'a/3', 1, 'three', '3', 0, 0), (4, 'b/1', 2, 'four', '4', 0, 0);",
            )
            .unwrap();
        s
    }

    /// Logs an answer; `prev_interval` None means the card was new.
    fn answer(s: &Store, card: i64, day: Day, q: u8, mode: &str, prev_interval: Option<u32>) {
        s.conn
            .execute(
                "INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms,
                                      prev_reps, prev_interval)
                 VALUES (?1, ?2, ?2, ?3, ?4, 1000, ?5, ?6)",
                params![card, day, q, mode, prev_interval.map(|_| 1), prev_interval],
            )
            .unwrap();
    }

    fn state(s: &Store, card: i64, lapses: u32, ef: u32, interval: u32, due: Day) {
        s.conn
            .execute(
                "INSERT INTO card_state (card_id, reps, ef, interval_days, due_day, lapses, last_quality, last_reviewed_at)
                 VALUES (?1, 2, ?2, ?3, ?4, ?5, 4, 0)",
                params![card, ef, interval, due, lapses],
            )
            .unwrap();
    }

    fn counts(w: &RetentionWindow) -> [(u32, u32); 3] {
        [
            (w.young.answers, w.young.passed),
            (w.mature.answers, w.mature.passed),
            (w.all.answers, w.all.passed),
        ]
    }

    #[test]
    fn retention_is_mature_from_21_days_and_windows_include_today() {
        let s = store();
        let today = 100;
        answer(&s, 1, today, 4, "review", Some(20)); // young pass
        answer(&s, 1, today, 2, "review", Some(21)); // mature fail
        answer(&s, 2, today - 6, 3, "review", Some(21)); // mature pass, in the 7 days
        answer(&s, 2, today - 7, 0, "review", Some(1)); // young fail, the 8th day back
        answer(&s, 3, today - 364, 5, "review", Some(30)); // in the year
        answer(&s, 3, today - 365, 5, "review", Some(30)); // just outside
        answer(&s, 3, today + 1, 5, "review", Some(30)); // after today: not yet
        answer(&s, 3, today, 1, "relearn", Some(1)); // relearning repeat
        answer(&s, 3, today, 5, "drill", Some(1)); // drill
        answer(&s, 4, today, 5, "review", None); // a new card's first answer
        let r = s.retention(today, &[7, 30, 365], None).unwrap();
        assert_eq!(counts(&r[0]), [(1, 1), (2, 1), (3, 2)]);
        assert_eq!(counts(&r[1]), [(2, 1), (2, 1), (4, 2)]);
        assert_eq!(counts(&r[2]), [(2, 1), (3, 2), (5, 3)]);
        assert_eq!(r[0].young.percent, Some(100));
        let b = s.retention(today, &[7], Some(&[2])).unwrap();
        assert_eq!(
            counts(&b[0]),
            [(0, 0), (0, 0), (0, 0)],
            "deck B has no reviews"
        );
        assert_eq!(b[0].all.percent, None);
    }

    #[test]
    fn study_days_skip_through_the_index_newest_first() {
        let s = store();
        for (card, day) in [(1, 10), (1, 10), (2, 11), (4, 13), (1, 15), (4, 20)] {
            answer(&s, card, day, 4, "review", Some(1));
        }
        assert_eq!(s.study_days(15, None).unwrap(), vec![15, 13, 11, 10]);
        assert_eq!(s.study_days(15, Some(&[1])).unwrap(), vec![15, 11, 10]);
        assert_eq!(s.study_days(9, None).unwrap(), Vec::<Day>::new());
        assert_eq!(s.study_days(100, Some(&[2])).unwrap(), vec![20, 13]);
    }

    #[test]
    fn today_counts_every_kind_of_answer() {
        let s = store();
        answer(&s, 1, 5, 4, "review", Some(1));
        answer(&s, 1, 5, 2, "relearn", Some(1));
        answer(&s, 2, 5, 5, "review", None);
        answer(&s, 4, 5, 1, "drill", Some(3));
        answer(&s, 4, 4, 5, "review", Some(3));
        state(&s, 3, 0, 250, 1, 5);
        state(&s, 4, 0, 250, 1, 2);
        let t = s.today_stats(5, None).unwrap();
        assert_eq!(
            (
                t.answers, t.cards, t.reviews, t.new, t.relearns, t.drills, t.passed
            ),
            (4, 3, 1, 1, 1, 1, 2)
        );
        assert_eq!(t.time_ms, 4000);
        assert_eq!(t.due, 2);
        let a = s.today_stats(5, Some(&[1])).unwrap();
        assert_eq!((a.answers, a.cards, a.drills, a.due), (3, 2, 0, 1));
    }

    #[test]
    fn forecast_and_heatmap_group_by_day() {
        let s = store();
        state(&s, 1, 0, 250, 1, 3); // overdue
        state(&s, 2, 0, 250, 1, 10);
        state(&s, 3, 0, 250, 1, 12);
        state(&s, 4, 0, 250, 1, 12);
        s.conn
            .execute("UPDATE cards SET suspended = 1 WHERE id = 3", [])
            .unwrap();
        assert_eq!(s.due_per_day(10, 12, None).unwrap(), vec![(10, 2), (12, 1)]);
        assert_eq!(s.due_per_day(10, 11, Some(&[1])).unwrap(), vec![(10, 2)]);
        answer(&s, 1, 7, 4, "review", Some(1));
        answer(&s, 1, 7, 4, "relearn", Some(1));
        answer(&s, 4, 9, 4, "drill", Some(1));
        answer(&s, 4, 12, 4, "review", Some(1));
        assert_eq!(
            s.answers_per_day(7, 11, None).unwrap(),
            vec![(7, 2), (9, 1)]
        );
        assert_eq!(
            s.answers_per_day(7, 12, Some(&[2])).unwrap(),
            vec![(9, 1), (12, 1)]
        );
    }

    #[test]
    fn hard_cards_order_by_lapses_then_ease_and_leave_out_easy_and_suspended() {
        let s = store();
        state(&s, 1, 7, 200, 1, 0);
        state(&s, 2, 2, 150, 1, 0);
        state(&s, 3, 8, 250, 1, 0);
        state(&s, 4, 0, 260, 1, 0);
        let ids = |v: Vec<HardCard>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(
            ids(s.hard_cards(0, None, None).unwrap()),
            ["a/3", "a/1", "a/2"]
        );
        assert_eq!(ids(s.hard_cards(0, Some(1), None).unwrap()), ["a/3"]);
        assert!(!s.hard_cards(0, None, None).unwrap()[1].leech, "7 lapses");
        let leeches = s.hard_cards(8, None, None).unwrap();
        let flags: Vec<_> = leeches.iter().map(|c| (c.id.as_str(), c.leech)).collect();
        assert_eq!(flags, [("a/3", true)], "8 lapses make a leech");
        s.conn
            .execute("UPDATE cards SET suspended = 1 WHERE id = 3", [])
            .unwrap();
        assert!(s.hard_cards(8, None, None).unwrap().is_empty());
        assert!(s.hard_cards(0, None, Some(&[2])).unwrap().is_empty());
    }

    /// The details of `SQLite`'s plan for `sql`, every parameter bound to 0.
    fn plan(s: &Store, sql: &str) -> String {
        let mut stmt = s
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let zeros = vec![0i64; stmt.parameter_count()];
        let rows = stmt
            .query_map(params_from_iter(zeros), |r| r.get::<_, String>(3))
            .unwrap();
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
            .join("\n")
    }

    #[test]
    fn review_figures_walk_day_ordered_indexes_with_or_without_a_deck() {
        // The speed of stats rests on these plans: reviews are read through an index by
        // day, never scanned whole, looked up card by card, or sorted.
        let s = store();
        for ids in [None, Some(&[1i64, 2][..])] {
            let f = DeckFilter::new(ids, 4);
            for (name, sql, index) in [
                ("today", today_sql(&f), "reviews_day"),
                (
                    "study days",
                    study_days_sql(&f),
                    "COVERING INDEX reviews_day",
                ),
                ("heatmap", answers_sql(&f), "COVERING INDEX reviews_day"),
                ("retention", retention_sql(&f), "reviews_retention"),
            ] {
                let p = plan(&s, &sql);
                assert!(p.contains(index), "{name} ({ids:?}) uses {index}:\n{p}");
                assert!(!p.contains("SCAN reviews"), "{name} ({ids:?}):\n{p}");
                assert!(!p.contains("reviews_card"), "{name} ({ids:?}):\n{p}");
                assert!(!p.contains("TEMP B-TREE FOR ORDER BY"), "{name}:\n{p}");
                assert!(!p.contains("TEMP B-TREE FOR GROUP BY"), "{name}:\n{p}");
            }
        }
        let p = plan(&s, &hard_cards_sql(&DeckFilter::new(None, 4)));
        assert!(p.contains("card_state_hard"), "{p}");
        assert!(
            !p.contains("TEMP B-TREE"),
            "hardest cards read in index order:\n{p}"
        );
    }

    #[test]
    fn card_counts_split_new_young_mature_and_suspended() {
        let s = store();
        state(&s, 1, 0, 250, 20, 0);
        state(&s, 2, 0, 250, 21, 0);
        s.conn
            .execute("UPDATE cards SET suspended = 1 WHERE id = 4", [])
            .unwrap();
        let c = super::super::decks::card_counts(&s.deck_counts(0, None).unwrap(), None);
        assert_eq!(
            (c.total, c.new, c.young, c.mature, c.suspended),
            (4, 1, 1, 1, 1)
        );
        let a = super::super::decks::card_counts(&s.deck_counts(0, None).unwrap(), Some(&[1]));
        assert_eq!((a.total, a.new, a.suspended), (3, 1, 0));
    }
}
