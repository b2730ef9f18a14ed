//! Fitting a bar chart into a width and a height: how many days share a column, how wide
//! a bar is, and how tall, in eighths of a row (the resolution of Unicode block glyphs).

/// How a chart of one value per day is laid out across the available columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnLayout {
    /// Consecutive days summed into one bar.
    pub days_per_bar: usize,
    /// Characters per bar.
    pub bar_width: usize,
    /// Blank characters after each bar.
    pub gap: usize,
}

impl ColumnLayout {
    /// Characters taken by `bars` bars.
    #[must_use]
    pub fn width(&self, bars: usize) -> usize {
        bars * (self.bar_width + self.gap)
    }
}

/// The widest layout of `days` values in `available` characters: two-character bars with
/// a gap when they fit, then one-character bars with a gap, then without, and failing
/// that, several days summed per bar.
#[must_use]
pub fn column_layout(days: usize, available: usize) -> ColumnLayout {
    let days = days.max(1);
    let available = available.max(1);
    let fixed = |bar_width, gap| ColumnLayout {
        days_per_bar: 1,
        bar_width,
        gap,
    };
    if days * 3 <= available {
        fixed(2, 1)
    } else if days * 2 <= available {
        fixed(1, 1)
    } else if days <= available {
        fixed(1, 0)
    } else {
        ColumnLayout {
            days_per_bar: days.div_ceil(available),
            bar_width: 1,
            gap: 0,
        }
    }
}

/// Sums each run of `per` consecutive values (the last run may be shorter).
#[must_use]
pub fn bucket(values: &[u32], per: usize) -> Vec<u32> {
    values
        .chunks(per.max(1))
        .map(|c| c.iter().fold(0u32, |a, v| a.saturating_add(*v)))
        .collect()
}

/// A bar's height in eighths of a row, for a chart `rows` rows tall whose tallest bar is
/// `max`: proportional and rounded, but never zero for a value above zero, so a single
/// due card still shows.
#[must_use]
pub fn eighths(value: u32, max: u32, rows: usize) -> usize {
    if value == 0 || max == 0 {
        return 0;
    }
    let full = rows as u64 * 8;
    let e = (u64::from(value.min(max)) * full + u64::from(max) / 2) / u64::from(max);
    e.clamp(1, full) as usize
}

/// How much of row `row` (0 = bottom) a bar `eighths` tall fills, 0 to 8.
#[must_use]
pub fn fill_of_row(eighths: usize, row: usize) -> usize {
    eighths.saturating_sub(row * 8).min(8)
}

/// A height in whole rows for glyphs without eighths (ASCII): rounded to the nearest row,
/// but at least one row for any bar.
#[must_use]
pub fn whole_rows(eighths: usize) -> usize {
    if eighths == 0 {
        0
    } else {
        ((eighths + 4) / 8).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn thirty_days_take_the_widest_bars_that_fit() {
        let l = column_layout(30, 74);
        assert_eq!((l.days_per_bar, l.bar_width, l.gap), (1, 1, 1));
        let l = column_layout(30, 114);
        assert_eq!((l.days_per_bar, l.bar_width, l.gap), (1, 2, 1));
        let l = column_layout(30, 40);
        assert_eq!((l.days_per_bar, l.bar_width, l.gap), (1, 1, 0));
        let l = column_layout(365, 70);
        assert_eq!((l.days_per_bar, l.bar_width, l.gap), (6, 1, 0));
    }

    #[test]
    fn buckets_sum_runs_of_days() {
        assert_eq!(bucket(&[1, 2, 3, 4, 5], 2), vec![3, 7, 5]);
        assert_eq!(bucket(&[1, 2], 1), vec![1, 2]);
        assert_eq!(bucket(&[], 3), Vec::<u32>::new());
    }

    #[test]
    fn heights_scale_to_the_tallest_bar() {
        assert_eq!(eighths(10, 10, 6), 48);
        assert_eq!(eighths(5, 10, 6), 24);
        assert_eq!(eighths(1, 1000, 6), 1, "one card still shows");
        assert_eq!(eighths(0, 10, 6), 0);
        assert_eq!(fill_of_row(20, 0), 8);
        assert_eq!(fill_of_row(20, 2), 4);
        assert_eq!(fill_of_row(20, 3), 0);
        assert_eq!(whole_rows(20), 3, "2.5 rows round up");
        assert_eq!(whole_rows(19), 2);
        assert_eq!(whole_rows(1), 1);
        assert_eq!(whole_rows(48), 6);
    }

    proptest! {
        #[test]
        fn a_layout_fits_and_covers_every_day(days in 1usize..2000, available in 1usize..300) {
            let l = column_layout(days, available);
            let bars = days.div_ceil(l.days_per_bar);
            prop_assert!(l.width(bars) <= available.max(l.bar_width), "{l:?} for {days} in {available}");
            prop_assert!(bars * l.days_per_bar >= days);
            prop_assert!(l.bar_width >= 1);
        }

        #[test]
        fn buckets_keep_the_total(values in prop::collection::vec(0u32..1000, 0..200), per in 1usize..20) {
            let b = bucket(&values, per);
            prop_assert_eq!(b.iter().sum::<u32>(), values.iter().sum::<u32>());
            prop_assert_eq!(b.len(), values.len().div_ceil(per));
        }

        #[test]
        fn heights_are_monotone_and_bounded(a in 0u32..10_000, b in 0u32..10_000, max in 1u32..10_000, rows in 1usize..20) {
            let (lo, hi) = (a.min(b).min(max), a.max(b).min(max));
            prop_assert!(eighths(lo, max, rows) <= eighths(hi, max, rows));
            prop_assert!(eighths(hi, max, rows) <= rows * 8);
            prop_assert_eq!(eighths(max, max, rows), rows * 8);
            prop_assert_eq!(eighths(a, max, rows) == 0, a == 0);
            let e = eighths(a, max, rows);
            prop_assert_eq!(whole_rows(e) == 0, e == 0);
            prop_assert!(whole_rows(e) <= rows);
            let filled: usize = (0..rows).map(|r| fill_of_row(e, r)).sum();
            prop_assert_eq!(filled, e);
        }
    }
}
