//! Review logs into the store (`recall import --reviews`, Anki's revlog with
//! `--with-scheduling`), inside an import session's one transaction: answers matched to
//! cards by their stable id, answers already in the log skipped (so importing twice adds
//! nothing), and every card that got answers given a schedule from its whole history.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{OptionalExtension, params};

use super::import::ImportSession;
use super::scheduler::answer_log;
use super::{Result, StoreError, state};
use crate::core::day::Day;
use crate::core::fsrs::switch::adopt;
use crate::core::model::{CardId, LoggedReview, ReviewMode};
use crate::core::schedule::{Algorithm, CardState};
use crate::core::sm2;

/// How many unknown card ids an error lists before it counts the rest.
const LISTED: usize = 10;

/// How a review log is imported.
pub struct ReviewImportOptions<'a> {
    /// Leave out answers to cards this database does not have, instead of refusing all.
    pub skip_unknown: bool,
    /// A card's later answers on the same study day become `relearn` (Anki's revlog
    /// does not say which were same-day steps); a CSV log keeps the modes it has.
    pub same_day_relearn: bool,
    /// The study day of a time (UTC ms), by the local calendar and the rollover hour.
    pub day_of: &'a dyn Fn(i64) -> Day,
    /// The scheduler in use: it schedules the cards that got answers.
    pub algorithm: Algorithm,
    /// Give cards without a schedule one from their answers (a CSV log); Anki's package
    /// says itself which cards are scheduled (`--with-scheduling`), and the cards it keeps
    /// in learning stay new.
    pub schedule_new: bool,
}

/// What importing a review log did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReviewImport {
    /// Answers added to the log.
    pub added: usize,
    /// Answers the log already had (same card, time and grade): left as they were.
    pub duplicates: usize,
    /// Answers to cards this database does not have, left out (`--skip-unknown`).
    pub unknown_skipped: usize,
    /// Cards that got answers.
    pub cards: usize,
    /// Of those, cards given a schedule from their history.
    pub rescheduled: usize,
}

impl ImportSession<'_, '_> {
    /// Adds `reviews` to the log (any order) and schedules the cards they answer.
    pub fn reviews(
        &mut self,
        reviews: &[LoggedReview],
        opts: &ReviewImportOptions<'_>,
    ) -> Result<ReviewImport> {
        let conn = self.connection();
        let ids = card_ids(conn, reviews)?;
        let mut report = ReviewImport::default();
        let unknown: BTreeSet<&str> = reviews
            .iter()
            .filter(|r| ids.get(r.card.as_str()).copied().flatten().is_none())
            .map(|r| r.card.as_str())
            .collect();
        if !unknown.is_empty() && !opts.skip_unknown {
            return Err(StoreError::Invalid(unknown_cards(&unknown)));
        }
        let mut known: Vec<(CardId, &LoggedReview)> = reviews
            .iter()
            .filter_map(|r| {
                ids.get(r.card.as_str())
                    .copied()
                    .flatten()
                    .map(|id| (id, r))
            })
            .collect();
        report.unknown_skipped = reviews.len() - known.len();
        known.sort_by_key(|(id, r)| (*id, r.reviewed_at));
        let mut touched: BTreeSet<CardId> = BTreeSet::new();
        let mut last: Option<(CardId, Day)> = None;
        let mut exists = conn.prepare_cached(
            "SELECT 1 FROM reviews WHERE card_id = ?1 AND reviewed_at = ?2 AND quality = ?3",
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO reviews (card_id, reviewed_at, day, quality, mode, duration_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (id, r) in known {
            let day = (opts.day_of)(r.reviewed_at);
            let mut mode = r.mode;
            if opts.same_day_relearn && mode != ReviewMode::Drill {
                if last == Some((id, day)) {
                    mode = ReviewMode::Relearn;
                }
                last = Some((id, day));
            }
            let seen = exists
                .query_row(params![id, r.reviewed_at, r.quality], |_| Ok(()))
                .optional()?
                .is_some();
            if seen {
                report.duplicates += 1;
                continue;
            }
            insert.execute(params![
                id,
                r.reviewed_at,
                day,
                r.quality,
                mode.as_str(),
                r.duration_ms
            ])?;
            report.added += 1;
            touched.insert(id);
        }
        report.cards = touched.len();
        for id in touched {
            report.rescheduled += usize::from(schedule_from_log(conn, id, opts)?);
        }
        Ok(report)
    }
}

/// The row id of every card the log names (`None`: not in this database).
fn card_ids<'r>(
    conn: &rusqlite::Connection,
    reviews: &'r [LoggedReview],
) -> Result<HashMap<&'r str, Option<CardId>>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM cards WHERE guid = ?1")?;
    let mut ids = HashMap::new();
    for r in reviews {
        if !ids.contains_key(r.card.as_str()) {
            let id: Option<CardId> = stmt.query_row([&r.card], |row| row.get(0)).optional()?;
            ids.insert(r.card.as_str(), id);
        }
    }
    Ok(ids)
}

fn unknown_cards(unknown: &BTreeSet<&str>) -> String {
    let listed: Vec<&str> = unknown.iter().take(LISTED).copied().collect();
    let more = unknown.len().saturating_sub(LISTED);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let (n, cards) = match unknown.len() {
        1 => (1, "card"),
        n => (n, "cards"),
    };
    format!(
        "the review log answers {n} {cards} this database does not have: {}{tail}; import their decks first, or pass --skip-unknown to leave their answers out",
        listed.join(", ")
    )
}

/// Gives a card that got answers its schedule from its whole log: under SM-2 a card
/// without a state gets SM-2 replayed over its scheduled answers (one that has a state
/// keeps it); under FSRS every such card gets its memory from its history and is due when
/// that memory says. A card without a state stays new unless `schedule_new`. Returns
/// whether the state changed.
fn schedule_from_log(
    conn: &rusqlite::Connection,
    id: CardId,
    opts: &ReviewImportOptions<'_>,
) -> Result<bool> {
    let now = current_state(conn, id)?;
    if now.is_none() && !opts.schedule_new {
        return Ok(false);
    }
    let answers = answer_log(conn, Some(id))?;
    let replayed = || {
        sm2::replay(
            None,
            answers
                .iter()
                .filter(|a| a.mode == ReviewMode::Review)
                .map(|a| (a.day, a.quality, a.reviewed_at)),
        )
    };
    let next: Option<CardState> = match &opts.algorithm {
        Algorithm::Sm2 => match now {
            Some(_) => None,
            None => replayed(),
        },
        Algorithm::Fsrs(config) => now
            .or_else(replayed)
            .map(|base| adopt(config, &config.model(), &base, &answers).0),
    };
    match next {
        Some(s) if Some(s) != now => {
            state::write(conn, id, &s)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn current_state(conn: &rusqlite::Connection, id: CardId) -> Result<Option<CardState>> {
    let sql = format!(
        "SELECT {} FROM card_state s WHERE s.card_id = ?1",
        state::COLUMNS
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| state::from_row(r, 0))
        .optional()?
        .flatten())
}
