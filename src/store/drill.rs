//! What drills need from the store: candidate cards with their answer history, and the
//! skills' levels.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params_from_iter;

use super::cards::placeholders;
use super::{CardFilter, Result, Store};
use crate::core::day::Day;
use crate::core::drill::{Candidate, History};
use crate::core::model::{Asked, CardId, Stage};
use crate::core::readiness::Evidence;

/// How many of a card's latest answers make its recent accuracy.
const RECENT: i64 = 10;

impl Store {
    /// Every answer to the cards of `deck_ids` from study day `since` on, same-day
    /// repeats aside, as readiness weighs them: the deck, the card's stage, pass or miss
    /// (a late answer was logged as a miss) and how it was asked.
    pub fn recent_evidence(&self, deck_ids: &[i64], since: Day) -> Result<Vec<Evidence>> {
        let mut out = Vec::new();
        for chunk in deck_ids.chunks(500) {
            let sql = format!(
                "SELECT d.name, c.stage, r.quality >= 3, r.asked
                 FROM reviews r INDEXED BY reviews_day
                 CROSS JOIN cards c ON c.id = r.card_id
                 CROSS JOIN decks d ON d.id = c.deck_id
                 WHERE r.day >= ?1 AND r.mode IN ('review', 'drill') AND c.deck_id IN {}
                 ORDER BY r.id",
                placeholders(chunk.len())
            );
            let mut args: Vec<i64> = vec![since];
            args.extend(chunk);
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?;
            for row in rows {
                let (skill, stage, passed, asked) = row?;
                let Some(stage) = Stage::from_number(stage) else {
                    continue;
                };
                out.push(Evidence {
                    skill,
                    stage,
                    passed,
                    asked: Asked::parse(asked.as_deref().unwrap_or("flash")),
                });
            }
        }
        Ok(out)
    }

    /// Cards matching `filter`, each with its answer history (all modes).
    pub fn drill_candidates(&self, filter: &CardFilter) -> Result<Vec<Candidate>> {
        let cards = self.cards(filter)?;
        let ids: Vec<CardId> = cards.iter().map(|c| c.id).collect();
        let histories = self.histories(&ids)?;
        Ok(cards
            .into_iter()
            .map(|card| Candidate {
                history: histories.get(&card.id).copied().unwrap_or_default(),
                card,
            })
            .collect())
    }

    fn histories(&self, ids: &[CardId]) -> Result<HashMap<CardId, History>> {
        let mut out = HashMap::new();
        // Bounded batches keep the statement under SQLite's parameter limit.
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT card_id, max(n), sum(quality >= 3 AND rn <= ?1), sum(rn <= ?1)
                 FROM (SELECT card_id, quality,
                              row_number() OVER (PARTITION BY card_id ORDER BY id DESC) AS rn,
                              count(*) OVER (PARTITION BY card_id) AS n
                       FROM reviews WHERE card_id IN {})
                 GROUP BY card_id",
                placeholders(chunk.len())
            );
            // `?1` is the window size; the bare `?`s that follow number on from it.
            let mut args: Vec<i64> = vec![RECENT];
            args.extend(chunk.iter().map(|c| c.0));
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, CardId>(0)?,
                    History {
                        answers: r.get(1)?,
                        recent_passed: r.get(2)?,
                        recent: r.get(3)?,
                    },
                ))
            })?;
            for row in rows {
                let (id, h) = row?;
                out.insert(id, h);
            }
        }
        Ok(out)
    }

    /// Every deck's level, by deck id.
    pub fn deck_levels(&self) -> Result<BTreeMap<i64, u8>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, level FROM decks")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
