//! Reading decks and the review log out for `recall export`.

use std::collections::HashMap;

use super::cards::placeholders;
use super::decode::{DRAFT_COLUMNS, card_draft};
use super::{Result, Store};
use crate::core::model::{DeckDraft, LoggedReview};

fn bad(col: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, message.into())
}

impl Store {
    /// The decks (all, or those in `deck_ids`) as drafts, cards in their deck order,
    /// suspended ones included: what importing must recreate.
    pub fn deck_drafts(&self, deck_ids: Option<&[i64]>) -> Result<Vec<DeckDraft>> {
        let mut sql = format!(
            "SELECT d.name, d.description, c.guid, {DRAFT_COLUMNS}
             FROM cards c JOIN decks d ON d.id = c.deck_id"
        );
        if let Some(ids) = deck_ids {
            sql.push_str(&format!(" WHERE c.deck_id IN {}", placeholders(ids.len())));
        }
        sql.push_str(" ORDER BY d.name, c.ord, c.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let params = rusqlite::params_from_iter(deck_ids.unwrap_or_default().iter());
        let rows = stmt.query_map(params, |r| {
            let card = card_draft(r, 2, 3)?;
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, card))
        })?;
        let mut decks: Vec<DeckDraft> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let (name, description, card) = row?;
            let i = *index.entry(name.clone()).or_insert_with(|| {
                decks.push(DeckDraft {
                    name,
                    description,
                    cards: Vec::new(),
                });
                decks.len() - 1
            });
            decks[i].cards.push(card);
        }
        Ok(decks)
    }

    /// The decks that hold cards (all, or those in `deck_ids`), by name: what an export
    /// writes, one deck at a time (`deck_draft`).
    pub fn decks_with_cards(&self, deck_ids: Option<&[i64]>) -> Result<Vec<i64>> {
        let mut sql = "SELECT d.id FROM decks d
             WHERE EXISTS (SELECT 1 FROM cards c WHERE c.deck_id = d.id)"
            .to_string();
        if let Some(ids) = deck_ids {
            sql.push_str(&format!(" AND d.id IN {}", placeholders(ids.len())));
        }
        sql.push_str(" ORDER BY d.name");
        let mut stmt = self.conn.prepare(&sql)?;
        let params = rusqlite::params_from_iter(deck_ids.unwrap_or_default().iter());
        let ids = stmt.query_map(params, |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One deck as a draft, as `deck_drafts` gives it (`None` when it has no cards).
    pub fn deck_draft(&self, deck_id: i64) -> Result<Option<DeckDraft>> {
        Ok(self.deck_drafts(Some(&[deck_id]))?.pop())
    }

    /// Every logged answer, oldest first.
    pub fn review_log(&self) -> Result<Vec<LoggedReview>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.guid, r.reviewed_at, r.quality, r.mode, r.duration_ms
             FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let mode: String = r.get(3)?;
            Ok(LoggedReview {
                card: r.get(0)?,
                reviewed_at: r.get(1)?,
                quality: r.get(2)?,
                mode: mode.parse().map_err(|e| bad(3, e))?,
                duration_ms: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
