//! Anki's scheduling of a reviewed card mapped onto recall's SM-2 state, for
//! `recall import --with-scheduling`.
//!
//! The mapping (Anki's SM-2 variant keeps more state than SM-2 needs, and some other):
//! - Only cards Anki has graduated are mapped: review cards (type 2) and relearning
//!   cards (type 3). New and learning cards stay new in recall.
//! - EF = Anki's factor / 10 (2500 ‰ → 250 hundredths), never below 130; a card with no
//!   factor (0) gets the starting 250 (`formats::handover`, shared with Obsidian's).
//! - Interval = Anki's interval in days (at least 1, at most 100 years).
//! - Due day: review cards' `due` counts days from the collection's creation day
//!   (`col.crt`), so due day = that day + due. A card in a filtered deck uses its
//!   original due. Relearning cards (failed, not yet relearned) are due on the day Anki
//!   has them due, which for intraday relearning is the day of the timestamp.
//! - Reps (SM-2's count of successful recalls in a row): 1 for graduating, plus each
//!   passed review in the review log since the last lapse; at least 2 for a card whose
//!   interval is 6 days or more (SM-2 reaches 6 days only on the second recall), and 1
//!   for a relearning card (SM-2 resets to 1 after a failure).
//! - Lapses are Anki's; the last quality maps Anki's last button (again 1, hard 3,
//!   good 4, easy 5), or 4 for a review card without a log and 1 for a relearning one;
//!   the last review time is the last logged review, or the card's last change.

use super::rows::{RawCard, RawReview};
use crate::core::day::Day;
use crate::core::sm2::Sm2State;
use crate::formats::handover::{self, QUALITY_WITHOUT_LOG};

/// Anki's default rollover hour, which `crt` is set at.
const ROLLOVER_SECS: i64 = 4 * 3600;

/// The study day a collection's `crt` falls on. `crt` is the rollover hour (4:00) of the
/// creation day in the creator's time zone; rounding to the nearest UTC midnight after
/// removing the rollover gives that day for any zone within ±12 hours.
#[must_use]
pub fn day_zero(created_secs: i64) -> Day {
    (created_secs - ROLLOVER_SECS + 43_200).div_euclid(86_400)
}

/// The SM-2 state for `card`, given its review log (oldest first); `None` for cards
/// that Anki has not graduated.
#[must_use]
pub fn sm2_state(card: &RawCard, reviews: &[RawReview], day_zero: Day) -> Option<Sm2State> {
    let relearning = match card.kind {
        2 => false,
        3 => true,
        _ => return None,
    };
    let due = if card.original_deck_id != 0 && card.original_due != 0 {
        card.original_due
    } else {
        card.due
    };
    // Intraday (re)learning cards (queue 1) hold a timestamp; the others a day number.
    let due_day = if card.queue == 1 || due > 1_000_000_000 {
        (due - ROLLOVER_SECS).div_euclid(86_400)
    } else {
        day_zero + due
    };
    // Anki keeps the factor in thousandths, 0 for none.
    let ef = handover::ease((card.factor != 0).then_some(card.factor / 10));
    let interval = handover::interval(card.interval);
    let last = reviews.iter().rev().find(|r| r.ease > 0);
    let reps = if relearning {
        1
    } else {
        let since_lapse = reviews
            .iter()
            .rev()
            .take_while(|r| !(r.kind == 1 && r.ease == 1) && r.kind != 2)
            .filter(|r| r.kind == 1 && r.ease > 1)
            .count();
        u32::try_from(1 + since_lapse)
            .unwrap_or(u32::MAX)
            .max(handover::min_reps(interval))
    };
    let last_quality = match last.map(|r| r.ease) {
        Some(1) => 1,
        Some(2) => 3,
        Some(3) => 4,
        Some(4) => 5,
        _ if relearning => 1,
        _ => QUALITY_WITHOUT_LOG,
    };
    Some(Sm2State {
        reps,
        ef,
        interval_days: if relearning { 1 } else { interval },
        due_day,
        lapses: u32::try_from(card.lapses).unwrap_or(0),
        last_quality,
        last_reviewed_at: last.map_or(card.modified_secs.saturating_mul(1000), |r| r.id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(kind: i64, queue: i64, due: i64, interval: i64, factor: i64) -> RawCard {
        RawCard {
            id: 1,
            note_id: 1,
            deck_id: 1,
            ord: 0,
            modified_secs: 1_700_000_000,
            kind,
            queue,
            due,
            interval,
            factor,
            reps: 3,
            lapses: 0,
            original_deck_id: 0,
            original_due: 0,
        }
    }

    fn review(id: i64, ease: i64, kind: i64) -> RawReview {
        RawReview {
            id,
            card_id: 1,
            ease,
            kind,
            duration_ms: 0,
        }
    }

    #[test]
    fn the_creation_day_is_found_in_any_nearby_zone() {
        // 2026-11-27 04:00 in UTC (the fixtures' collection), in UTC+9 and in UTC-8.
        let utc = 1_795_752_000;
        let day = day_zero(utc);
        assert_eq!(crate::core::day::format_day(day), "2026-11-27");
        assert_eq!(day_zero(utc - 9 * 3600), day);
        assert_eq!(day_zero(utc + 8 * 3600), day);
    }

    #[test]
    fn review_cards_keep_interval_ease_and_due_date() {
        let s = sm2_state(&card(2, 2, 34, 30, 2500), &[review(5, 4, 0)], 20_000).unwrap();
        assert_eq!(s.ef, 250);
        assert_eq!(s.interval_days, 30);
        assert_eq!(s.due_day, 20_034);
        assert_eq!(
            s.reps, 2,
            "an interval of 30 days means at least two recalls"
        );
        assert_eq!(s.last_quality, 5);
        assert_eq!(s.last_reviewed_at, 5);
    }

    #[test]
    fn reps_count_passes_since_the_last_lapse() {
        let log = [
            review(1, 3, 0),
            review(2, 3, 1),
            review(3, 1, 1),
            review(4, 3, 2),
            review(5, 3, 1),
            review(6, 2, 1),
        ];
        let s = sm2_state(&card(2, 2, 10, 3, 2100), &log, 0).unwrap();
        assert_eq!(s.reps, 3);
        assert_eq!(s.ef, 210);
        assert_eq!(s.last_quality, 3);
    }

    #[test]
    fn ease_is_floored_and_new_cards_are_not_mapped() {
        assert_eq!(sm2_state(&card(2, 2, 1, 1, 1000), &[], 0).unwrap().ef, 130);
        assert_eq!(sm2_state(&card(2, 2, 1, 1, 0), &[], 0).unwrap().ef, 250);
        assert!(sm2_state(&card(0, 0, 1, 0, 0), &[], 0).is_none());
        assert!(sm2_state(&card(1, 1, 1_795_000_000, 0, 0), &[], 0).is_none());
    }

    #[test]
    fn relearning_cards_restart_and_are_due_when_anki_has_them() {
        let mut c = card(3, 1, 1_795_790_000, 1, 2300);
        c.lapses = 1;
        let s = sm2_state(&c, &[review(9, 4, 0), review(10, 1, 1)], 0).unwrap();
        assert_eq!(
            (s.reps, s.interval_days, s.lapses, s.last_quality),
            (1, 1, 1, 1)
        );
        assert_eq!(crate::core::day::format_day(s.due_day), "2026-11-27");
    }

    #[test]
    fn filtered_decks_use_the_original_due() {
        let mut c = card(2, 2, -100_000, 8, 2500);
        c.original_deck_id = 7;
        c.original_due = 50;
        assert_eq!(sm2_state(&c, &[], 100).unwrap().due_day, 150);
    }

    #[test]
    fn without_a_log_the_last_change_stands_in() {
        let s = sm2_state(&card(2, 2, 1, 2, 2500), &[], 0).unwrap();
        assert_eq!(s.last_reviewed_at, 1_700_000_000_000);
        assert_eq!((s.reps, s.last_quality), (1, 4));
    }
}
