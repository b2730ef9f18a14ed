//! Full-text search of cards: the FTS5 index `cards_search` (migration 9, kept in step by
//! triggers) queried with a parsed `core::search::Query`, ranked by bm25, with a
//! highlighted excerpt of each hit; and the index's own check and rebuild for `recall check`.

use rusqlite::types::Value;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags, ToSql, params_from_iter};

use super::cards::{card_columns, card_from_row, placeholders};
use super::{Result, Store};
use crate::core::day::Day;
use crate::core::model::{Card, CardId};
use crate::core::search::{Part, Query, State, Term};
use crate::core::stats::LEECH_LAPSES;

/// Start and end of a highlighted match in an excerpt: private-use characters, which the
/// screen turns into colour (or drops) and never prints.
pub const MARK_START: char = '\u{e000}';
pub const MARK_END: char = '\u{e001}';

/// How many words an excerpt holds around the matches.
const EXCERPT_WORDS: i64 = 14;

/// bm25 weights of the columns front, back, tags, deck: a word in the question counts most.
const RANK: &str = "bm25(cards_search, 4.0, 2.0, 1.0, 1.0)";

/// A query with its `deck:` parts resolved to deck ids (one list per `deck:` part, in
/// the query's order), ready for the store.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    pub query: Query,
    pub decks: Vec<Vec<i64>>,
}

/// One card found, with an excerpt of the text that matched (`None` when the query has no
/// words: the screen shows the front).
#[derive(Debug, Clone)]
pub struct Hit {
    pub card: Card,
    pub excerpt: Option<String>,
}

/// The first hits of a search, best first, and how many there are in all.
#[derive(Debug, Clone)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One text term as an FTS5 string: always quoted, so its words are matched as a phrase and
/// nothing in it (`AND`, `NEAR`, `col:`, `^`) is read as FTS5 syntax.
fn fts_string(term: &Term) -> Option<String> {
    let Term::Text { text, prefix, .. } = term else {
        return None;
    };
    let quoted = format!("\"{}\"", text.replace('"', "\"\""));
    Some(if *prefix {
        format!("{quoted} *")
    } else {
        quoted
    })
}

/// The FTS5 expressions of a query: what must match (all its words), and what must not
/// (any excluded word).
fn match_expressions(q: &Query) -> (Option<String>, Option<String>) {
    let words: Vec<String> = q.words().filter_map(fts_string).collect();
    let excluded: Vec<String> = q.excluded_words().filter_map(fts_string).collect();
    let join = |v: Vec<String>, sep: &str| (!v.is_empty()).then(|| v.join(sep));
    (join(words, " AND "), join(excluded, " OR "))
}

/// `AND …` conditions for the filters of `m` on the columns of `c` (cards), `s`
/// (`card_state`, `LEFT JOIN`ed) and the excluded words. A condition that is unknown for a
/// card (no state) counts as false, so `-is:due` keeps new cards.
fn filter_sql(m: &Matching, today: Day, args: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    let mut decks = m.decks.iter();
    for Part { negated, term } in m.query.filters() {
        let cond = match term {
            Term::Deck(_) => {
                let ids = decks.next().map_or(&[][..], Vec::as_slice);
                if ids.is_empty() {
                    "0".to_string()
                } else {
                    args.extend(ids.iter().map(|&i| Value::Integer(i)));
                    format!("c.deck_id IN {}", placeholders(ids.len()))
                }
            }
            Term::Tag(tag) => {
                args.push(Value::Text(tag.to_lowercase()));
                "instr(' ' || lower(c.tags) || ' ', ' ' || ? || ' ') > 0".to_string()
            }
            Term::Is(State::New) => "s.card_id IS NULL".to_string(),
            Term::Is(State::Due) => {
                args.push(Value::Integer(today));
                "s.due_day <= ? AND c.suspended = 0".to_string()
            }
            Term::Is(State::Suspended) => "c.suspended = 1".to_string(),
            Term::Is(State::Leech) => format!("s.lapses >= {LEECH_LAPSES}"),
            Term::Stage(stage) => {
                args.push(Value::Integer(i64::from(stage.number())));
                "c.stage = ?".to_string()
            }
            Term::Kind(kind) => {
                args.push(Value::Text(kind.as_str().to_string()));
                "c.kind = ?".to_string()
            }
            Term::Text { .. } => continue,
        };
        let not = if *negated { "NOT " } else { "" };
        sql.push_str(&format!(" AND {not}coalesce(({cond}), 0)"));
    }
    sql
}

/// The conditions of `m` for a card listing: filters, and the words through the index.
pub(super) fn listing_sql(m: &Matching, today: Day, args: &mut Vec<Value>) -> String {
    let (words, excluded) = match_expressions(&m.query);
    let mut sql = String::new();
    if let Some(w) = words {
        sql.push_str(" AND c.id IN (SELECT rowid FROM cards_search WHERE cards_search MATCH ?)");
        args.push(Value::Text(w));
    }
    if let Some(x) = excluded {
        sql.push_str(
            " AND c.id NOT IN (SELECT rowid FROM cards_search WHERE cards_search MATCH ?)",
        );
        args.push(Value::Text(x));
    }
    sql.push_str(&filter_sql(m, today, args));
    sql
}

impl Store {
    /// The cards matching `m`, best first (bm25 over front, back, tags and deck name; by
    /// deck and position when the query has no words), at most `limit` of them.
    pub fn search(&self, m: &Matching, today: Day, limit: usize) -> Result<Found> {
        let (words, excluded) = match_expressions(&m.query);
        let Some(words) = words else {
            return self.filtered(m, today, limit);
        };
        // The excluded words go into the one FTS5 expression, which the index answers
        // faster than a second lookup.
        let expr = match excluded {
            Some(x) => format!("({words}) NOT ({x})"),
            None => words,
        };
        let (total, cards) = if m.query.filters().next().is_none() {
            self.ranked_words(&expr, limit)?
        } else {
            self.ranked_filtered(m, &expr, today, limit)?
        };
        // Excerpts only for the hits shown: snippet() reads and tokenizes a card's text.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT snippet(cards_search, -1, '{MARK_START}', '{MARK_END}', '…', {EXCERPT_WORDS})
             FROM cards_search WHERE cards_search MATCH ?1 AND rowid = ?2"
        ))?;
        let mut hits = Vec::with_capacity(cards.len());
        for card in cards {
            let excerpt: Option<String> = stmt
                .query_row(rusqlite::params![expr, card.id], |r| r.get(0))
                .ok();
            hits.push(Hit { card, excerpt });
        }
        Ok(Found { total, hits })
    }

    /// Words alone: the index ranks and counts by itself, and only the cards shown are read.
    fn ranked_words(&self, expr: &str, limit: usize) -> Result<(usize, Vec<Card>)> {
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM cards_search WHERE cards_search MATCH ?1",
            [expr],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT rowid FROM cards_search WHERE cards_search MATCH ?1
             ORDER BY {RANK}, rowid LIMIT ?2"
        ))?;
        let ids = stmt
            .query_map(rusqlite::params![expr, limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<CardId>>>()?;
        let mut cards = self.cards_by_ids(&ids)?;
        cards.sort_by_key(|c| ids.iter().position(|&i| i == c.id));
        Ok((usize::try_from(total).unwrap_or(0), cards))
    }

    /// Words and filters: the matches joined with their cards and states, then ranked.
    fn ranked_filtered(
        &self,
        m: &Matching,
        expr: &str,
        today: Day,
        limit: usize,
    ) -> Result<(usize, Vec<Card>)> {
        let mut args = vec![Value::Text(expr.to_string())];
        let filters = filter_sql(m, today, &mut args);
        args.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT {}, count(*) OVER () FROM
               (SELECT rowid AS id, {RANK} AS score FROM cards_search WHERE cards_search MATCH ?) f
             CROSS JOIN cards c ON c.id = f.id
             JOIN decks d ON d.id = c.deck_id
             LEFT JOIN card_state s ON s.card_id = c.id
             WHERE 1{filters}
             ORDER BY f.score, c.id LIMIT ?",
            card_columns()
        );
        self.counted(&sql, &args)
    }

    /// A query of filters (and excluded words) only: every card that passes, in deck order.
    fn filtered(&self, m: &Matching, today: Day, limit: usize) -> Result<Found> {
        let mut args = Vec::new();
        let conditions = listing_sql(m, today, &mut args);
        args.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT {}, count(*) OVER () FROM cards c JOIN decks d ON d.id = c.deck_id
             LEFT JOIN card_state s ON s.card_id = c.id
             WHERE 1{conditions}
             ORDER BY d.name, c.stage, c.ord, c.id LIMIT ?",
            card_columns()
        );
        let (total, cards) = self.counted(&sql, &args)?;
        let hits = cards
            .into_iter()
            .map(|card| Hit {
                card,
                excerpt: None,
            })
            .collect();
        Ok(Found { total, hits })
    }

    /// Runs a card query whose last column is the count of all its rows before the LIMIT.
    fn counted(&self, sql: &str, args: &[Value]) -> Result<(usize, Vec<Card>)> {
        let width = card_columns().split(", ").count();
        let mut stmt = self.conn.prepare(sql)?;
        let mut total = 0;
        let rows = stmt.query_map(
            params_from_iter(args.iter().map(|a| a as &dyn ToSql)),
            |r| {
                total = r.get::<_, i64>(width)?;
                card_from_row(r)
            },
        );
        let cards = rows?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((usize::try_from(total).unwrap_or(0), cards))
    }
}

/// What is wrong with the search index: its own structure is damaged, or (`against_cards`,
/// the full check: about 6 s at 1M cards against 2 s) it disagrees with the cards it
/// indexes.
/// Empty when sound, when the database has no index yet (an old schema), or when the file
/// cannot be opened for writing (FTS5 runs its check as an `INSERT` command, so it needs a
/// writable connection; it runs in a transaction that is rolled back and writes nothing).
#[must_use]
pub fn index_findings(path: &Path, against_cards: bool) -> Vec<String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return Vec::new();
    };
    let _ = conn.busy_timeout(super::BUSY_TIMEOUT);
    let exists = conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE name = 'cards_search'",
            [],
            |_| Ok(()),
        )
        .is_ok();
    if !exists || conn.execute_batch("BEGIN").is_err() {
        return Vec::new();
    }
    // With rank 1 the check also matches the index against the cards' text.
    let checked = conn.execute(
        "INSERT INTO cards_search(cards_search, rank) VALUES ('integrity-check', ?1)",
        [i64::from(against_cards)],
    );
    let _ = conn.execute_batch("ROLLBACK");
    match checked {
        Ok(_) => Vec::new(),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            ) =>
        {
            Vec::new()
        }
        Err(e) => vec![format!(
            "the search index does not match the cards ({e}); `recall check --repair` rebuilds it"
        )],
    }
}

/// Rebuilds the search index from the cards.
pub(super) fn rebuild_index(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO cards_search(cards_search) VALUES ('rebuild')",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::search::parse;

    fn matching(q: &str) -> Matching {
        Matching {
            query: parse(q).unwrap(),
            decks: Vec::new(),
        }
    }

    #[test]
    fn words_are_quoted_so_nothing_is_fts_syntax() {
        let (w, x) = match_expressions(&matching(r#"NEAR "a b c" col:x optim* -AND"#).query);
        assert_eq!(
            w.as_deref(),
            Some(r#""NEAR" AND "a b c" AND "col:x" AND "optim" *"#)
        );
        assert_eq!(x.as_deref(), Some(r#""AND""#));
        let quote = Term::Text {
            text: r#"say "hi""#.into(),
            phrase: true,
            prefix: false,
        };
        assert_eq!(fts_string(&quote).as_deref(), Some(r#""say ""hi""""#));
    }

    #[test]
    fn negated_filters_keep_cards_the_filter_knows_nothing_about() {
        let mut args = Vec::new();
        let sql = filter_sql(&matching("-is:due tag:ML"), 100, &mut args);
        assert_eq!(
            sql,
            " AND NOT coalesce((s.due_day <= ? AND c.suspended = 0), 0) \
             AND coalesce((instr(' ' || lower(c.tags) || ' ', ' ' || ? || ' ') > 0), 0)"
        );
        assert_eq!(args, vec![Value::Integer(100), Value::Text("ml".into())]);
    }

    fn store_with_card(front: &str, back: &str) -> Store {
        let store = Store::open_in_memory().unwrap();
        store
            .conn
            .execute_batch(&format!(
                "INSERT INTO decks (id, name, created_at) VALUES (1, 'Alpha::Beta', 0);
                 INSERT INTO cards (id, guid, deck_id, front, back, tags, created_at, updated_at)
                 VALUES (7, 'a/one', 1, '{front}', '{back}', 'ml', 0, 0);"
            ))
            .unwrap();
        store
    }

    fn found(store: &Store, q: &str) -> Vec<i64> {
        let m = matching(q);
        let hits = store.search(&m, 100, 10).unwrap().hits;
        hits.iter().map(|h| h.card.id.0).collect()
    }

    #[test]
    fn the_index_follows_a_deck_rename_and_a_deleted_card() {
        let store = store_with_card("what is a tensor", "an array");
        assert_eq!(found(&store, "beta"), vec![7]);
        store
            .conn
            .execute("UPDATE decks SET name = 'Alpha::Gamma' WHERE id = 1", [])
            .unwrap();
        assert_eq!(found(&store, "beta"), Vec::<i64>::new());
        assert_eq!(found(&store, "gamma tensor"), vec![7]);
        store
            .conn
            .execute("DELETE FROM cards WHERE id = 7", [])
            .unwrap();
        assert_eq!(found(&store, "tensor"), Vec::<i64>::new());
        let conn = &store.conn;
        conn.execute(
            "INSERT INTO cards_search(cards_search, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
    }

    #[test]
    fn an_excerpt_marks_the_words_found() {
        let store = store_with_card("what is a tensor", "a typed multidimensional array");
        let hits = store.search(&matching("arrays"), 100, 10).unwrap().hits;
        assert_eq!(
            hits[0].excerpt.as_deref(),
            Some("a typed multidimensional \u{e000}array\u{e001}")
        );
    }

    proptest::proptest! {
        /// Whatever a card's text becomes, the next search finds it by its new words and
        /// no longer by the words it lost.
        #[test]
        fn a_changed_text_is_found_by_the_next_search(
            old in "[a-m]{3,9}",
            new in "[n-z]{3,9}",
            column in 0usize..3,
        ) {
            // The words around them mix both halves of the alphabet, so neither is one of them.
            let store = store_with_card(&format!("front {old}"), &format!("verso {old}"));
            store.conn.execute("UPDATE cards SET tags = ?1 WHERE id = 7", [format!("tag {old}")]).unwrap();
            proptest::prop_assert_eq!(found(&store, &old), vec![7]);
            let col = ["front", "back", "tags"][column];
            // Every column loses the old word; one of them gains the new one.
            store.conn.execute_batch(
                "UPDATE cards SET front = 'front', back = 'verso', tags = 'tag' WHERE id = 7",
            ).unwrap();
            store.conn.execute(
                &format!("UPDATE cards SET {col} = {col} || ' ' || ?1 WHERE id = 7"),
                [&new],
            ).unwrap();
            proptest::prop_assert_eq!(found(&store, &new), vec![7]);
            proptest::prop_assert_eq!(found(&store, &old), Vec::<i64>::new());
        }
    }
}
