//! The hybrid logical clock: milliseconds of the device's clock in the high bits and a
//! counter in the low 16, so a device's events are ordered as it made them even when its
//! clock goes back, and an event seen from another device is never followed by an older one.

use serde::{Deserialize, Serialize};

/// A hybrid logical clock reading.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Hlc(pub i64);

/// Bits of the counter under the milliseconds.
const COUNTER_BITS: u32 = 16;

/// How far a clock may be from ours before sync says so: five minutes.
pub const SKEW_REPORTED_MS: i64 = 5 * 60 * 1000;

impl Hlc {
    /// The clock reading at `ms` milliseconds with counter 0.
    #[must_use]
    pub fn at_ms(ms: i64) -> Hlc {
        Hlc(ms.max(0).saturating_mul(1 << COUNTER_BITS))
    }

    /// The milliseconds part.
    #[must_use]
    pub fn physical_ms(self) -> i64 {
        self.0 >> COUNTER_BITS
    }

    /// The reading for a new local event: after `last` (every event this device has made
    /// or seen), and at the wall clock `now_ms` when that is later.
    #[must_use]
    pub fn tick(last: Hlc, now_ms: i64) -> Hlc {
        Hlc((last.0.saturating_add(1)).max(Hlc::at_ms(now_ms).0))
    }

    /// The last reading after seeing `remote`: later events of this device sort after it.
    #[must_use]
    pub fn observe(last: Hlc, remote: Hlc) -> Hlc {
        last.max(remote)
    }

    /// How many milliseconds this reading is ahead of the wall clock `now_ms`, when that is
    /// more than `SKEW_REPORTED_MS` (a device whose clock is wrong).
    #[must_use]
    pub fn ahead_of(self, now_ms: i64) -> Option<i64> {
        let ahead = self.physical_ms() - now_ms;
        (ahead > SKEW_REPORTED_MS).then_some(ahead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_follows_the_wall_clock_when_it_moves_forward() {
        let last = Hlc::at_ms(1_000);
        assert_eq!(Hlc::tick(last, 2_000), Hlc::at_ms(2_000));
        assert_eq!(Hlc::tick(last, 2_000).physical_ms(), 2_000);
    }

    #[test]
    fn a_clock_that_goes_back_still_orders_events_after_the_last() {
        let last = Hlc::at_ms(5_000);
        let next = Hlc::tick(last, 1_000);
        assert_eq!(next, Hlc(last.0 + 1));
        assert!(Hlc::tick(next, 1_000) > next);
        // The same millisecond twice: the counter tells them apart.
        assert_eq!(Hlc::tick(Hlc::at_ms(7), 7), Hlc(Hlc::at_ms(7).0 + 1));
    }

    #[test]
    fn an_event_seen_from_a_clock_far_ahead_moves_ours_past_it() {
        let ours = Hlc::at_ms(1_000);
        let theirs = Hlc::at_ms(9_000_000);
        let last = Hlc::observe(ours, theirs);
        assert!(Hlc::tick(last, 1_001) > theirs);
        assert_eq!(Hlc::observe(theirs, ours), theirs);
    }

    #[test]
    fn skew_is_reported_past_five_minutes_only() {
        let now = 10_000_000;
        assert_eq!(Hlc::at_ms(now + 300_000).ahead_of(now), None);
        assert_eq!(Hlc::at_ms(now + 300_001).ahead_of(now), Some(300_001));
    }

    #[test]
    fn negative_times_are_clamped_to_zero() {
        assert_eq!(Hlc::at_ms(-5), Hlc(0));
    }
}
