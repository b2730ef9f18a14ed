//! Whether two result sets are the same answer: the same number of columns, rows as
//! multisets (or in order when the exercise says so), column names ignored, numbers equal
//! within a small tolerance whatever their `SQLite` type, NULL equal to NULL, text exact.

use std::cmp::Ordering;

use super::{ResultSet, Row, Value};

/// Two numbers are equal within this fraction of the larger…
const RELATIVE: f64 = 1e-6;
/// …or within this much, for values near zero.
const ABSOLUTE: f64 = 1e-9;

/// The outcome of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Right,
    Wrong(Difference),
}

/// What differs, the first thing found in this order: the columns, the rows, their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Difference {
    Columns {
        expected: usize,
        got: usize,
    },
    /// Rows the answer lacks and rows it has too many of (each as often as it is missing
    /// or extra), in sorted order.
    Rows {
        missing: Vec<Row>,
        extra: Vec<Row>,
    },
    /// The answer returned more rows than the runner reads; the reference did not.
    TooManyRows {
        read: usize,
    },
    /// The same rows in another order, when order matters: the first position (0-based)
    /// where they differ.
    Order {
        first: usize,
    },
}

/// Compares an answer's result with the reference's.
#[must_use]
pub fn compare(expected: &ResultSet, got: &ResultSet, ordered: bool) -> Verdict {
    let (ec, gc) = (column_count(expected), column_count(got));
    if ec != gc {
        return Verdict::Wrong(Difference::Columns {
            expected: ec,
            got: gc,
        });
    }
    if got.truncated && !expected.truncated {
        return Verdict::Wrong(Difference::TooManyRows {
            read: got.rows.len(),
        });
    }
    let (missing, extra) = multiset_difference(&expected.rows, &got.rows);
    if !missing.is_empty() || !extra.is_empty() {
        return Verdict::Wrong(Difference::Rows { missing, extra });
    }
    if ordered {
        let first = expected
            .rows
            .iter()
            .zip(&got.rows)
            .position(|(e, g)| !same_row(e, g));
        if let Some(first) = first {
            return Verdict::Wrong(Difference::Order { first });
        }
    }
    Verdict::Right
}

/// The columns of a result: named, or counted from a row when the names are missing.
fn column_count(r: &ResultSet) -> usize {
    if r.columns.is_empty() {
        r.rows.first().map_or(0, Vec::len)
    } else {
        r.columns.len()
    }
}

/// Rows of `expected` not matched in `got`, and rows of `got` not matched in
/// `expected`, counting duplicates. Both are sorted, then walked together.
fn multiset_difference(expected: &[Row], got: &[Row]) -> (Vec<Row>, Vec<Row>) {
    let mut e: Vec<&Row> = expected.iter().collect();
    let mut g: Vec<&Row> = got.iter().collect();
    e.sort_by(|a, b| row_order(a, b));
    g.sort_by(|a, b| row_order(a, b));
    let (mut i, mut j) = (0, 0);
    let (mut missing, mut extra) = (Vec::new(), Vec::new());
    while i < e.len() && j < g.len() {
        if same_row(e[i], g[j]) {
            i += 1;
            j += 1;
        } else if row_order(e[i], g[j]) == Ordering::Less {
            missing.push(e[i].clone());
            i += 1;
        } else {
            extra.push(g[j].clone());
            j += 1;
        }
    }
    missing.extend(e[i..].iter().map(|r| (*r).clone()));
    extra.extend(g[j..].iter().map(|r| (*r).clone()));
    (missing, extra)
}

fn same_row(a: &Row, b: &Row) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
}

/// Equal as answers: numbers within tolerance (an integer and a real too), NULL and NULL,
/// text and blobs exactly.
#[must_use]
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => close(x, y),
        _ => match (a, b) {
            (Value::Null, Value::Null) => true,
            (Value::Text(x), Value::Text(y)) => x == y,
            (Value::Blob(x), Value::Blob(y)) => x == y,
            _ => false,
        },
    }
}

fn close(x: f64, y: f64) -> bool {
    if x == y {
        return true;
    }
    let diff = (x - y).abs();
    diff <= ABSOLUTE || diff <= RELATIVE * x.abs().max(y.abs())
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Real(r) => Some(*r),
        _ => None,
    }
}

/// A total order for sorting: NULL, then numbers by value, then text, then blobs (`SQLite`'s
/// own order of types), so values that are the same answer sort next to each other.
fn value_order(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Blob(x), Value::Blob(y)) => x.cmp(y),
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => rank(a).cmp(&rank(b)),
        },
    }
}

fn row_order(a: &Row, b: &Row) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        if same_value(x, y) {
            continue;
        }
        let o = value_order(x, y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::{Integer as I, Null, Real as R, Text as T};

    fn set(rows: Vec<Row>) -> ResultSet {
        let n = rows.first().map_or(0, Vec::len);
        ResultSet {
            columns: (0..n).map(|i| format!("c{i}")).collect(),
            rows,
            truncated: false,
        }
    }

    fn t(s: &str) -> Value {
        T(s.to_string())
    }

    #[test]
    fn the_same_rows_in_another_order_are_right_unless_order_matters() {
        let e = set(vec![vec![I(1), t("a")], vec![I(2), t("b")]]);
        let g = set(vec![vec![I(2), t("b")], vec![I(1), t("a")]]);
        assert_eq!(compare(&e, &g, false), Verdict::Right);
        assert_eq!(
            compare(&e, &g, true),
            Verdict::Wrong(Difference::Order { first: 0 })
        );
        assert_eq!(compare(&e, &e, true), Verdict::Right);
    }

    #[test]
    fn column_names_are_ignored_but_their_number_is_not() {
        let e = set(vec![vec![I(1), t("a")]]);
        let mut renamed = e.clone();
        renamed.columns = vec!["id".into(), "name".into()];
        assert_eq!(compare(&e, &renamed, false), Verdict::Right);
        let narrow = set(vec![vec![I(1)]]);
        assert_eq!(
            compare(&e, &narrow, false),
            Verdict::Wrong(Difference::Columns {
                expected: 2,
                got: 1
            })
        );
        let mut empty_wide = set(vec![]);
        empty_wide.columns = vec!["a".into(), "b".into(), "c".into()];
        assert_eq!(
            compare(&e, &empty_wide, false),
            Verdict::Wrong(Difference::Columns {
                expected: 2,
                got: 3
            }),
            "an empty result still has its columns"
        );
    }

    #[test]
    fn duplicates_count_as_a_multiset() {
        let e = set(vec![vec![t("x")], vec![t("x")], vec![t("y")]]);
        let g = set(vec![vec![t("x")], vec![t("y")], vec![t("y")]]);
        assert_eq!(
            compare(&e, &g, false),
            Verdict::Wrong(Difference::Rows {
                missing: vec![vec![t("x")]],
                extra: vec![vec![t("y")]],
            })
        );
        let distinct = set(vec![vec![t("x")], vec![t("y")]]);
        assert_eq!(
            compare(&e, &distinct, false),
            Verdict::Wrong(Difference::Rows {
                missing: vec![vec![t("x")]],
                extra: vec![],
            }),
            "DISTINCT where the reference keeps duplicates"
        );
    }

    #[test]
    fn numbers_are_equal_within_tolerance_whatever_their_type() {
        let e = set(vec![vec![R(1234.5)], vec![I(3)], vec![R(0.0)]]);
        let g = set(vec![vec![R(1_234.500_000_1)], vec![R(3.0)], vec![R(1e-10)]]);
        assert_eq!(compare(&e, &g, true), Verdict::Right);
        let off = set(vec![vec![R(1234.51)], vec![I(3)], vec![R(0.0)]]);
        assert_eq!(
            compare(&e, &off, true),
            Verdict::Wrong(Difference::Rows {
                missing: vec![vec![R(1234.5)]],
                extra: vec![vec![R(1234.51)]],
            })
        );
        assert!(same_value(&R(0.1 + 0.2), &R(0.3)));
        assert!(
            !same_value(&R(1e-8), &R(0.0)),
            "1e-8 is beyond 1e-9 absolute"
        );
        assert!(same_value(&I(1_000_000_000), &R(1_000_000_999.0)));
        assert!(!same_value(&I(1_000_000_000), &R(1_000_002_000.0)));
    }

    #[test]
    fn null_equals_null_and_nothing_else() {
        assert!(same_value(&Null, &Null));
        assert!(!same_value(&Null, &I(0)));
        assert!(!same_value(&Null, &t("")));
        let e = set(vec![vec![t("a"), Null], vec![t("b"), I(2)]]);
        let g = set(vec![vec![t("b"), I(2)], vec![t("a"), Null]]);
        assert_eq!(compare(&e, &g, false), Verdict::Right);
        let zero = set(vec![vec![t("b"), I(2)], vec![t("a"), I(0)]]);
        assert!(matches!(
            compare(&e, &zero, false),
            Verdict::Wrong(Difference::Rows { .. })
        ));
    }

    #[test]
    fn text_is_exact_and_never_a_number() {
        assert!(!same_value(&t("Paris"), &t("paris")));
        assert!(!same_value(&t("2025"), &I(2025)));
        assert!(!same_value(&t("a "), &t("a")));
    }

    #[test]
    fn an_answer_cut_at_the_row_limit_is_too_many_rows() {
        let e = set(vec![vec![I(1)]]);
        let mut g = set(vec![vec![I(1)], vec![I(2)]]);
        g.truncated = true;
        assert_eq!(
            compare(&e, &g, false),
            Verdict::Wrong(Difference::TooManyRows { read: 2 })
        );
    }

    #[test]
    fn missing_and_extra_rows_are_listed_sorted() {
        let e = set(vec![vec![I(3)], vec![I(1)], vec![I(2)]]);
        let g = set(vec![vec![I(4)], vec![I(2)], vec![Null]]);
        assert_eq!(
            compare(&e, &g, false),
            Verdict::Wrong(Difference::Rows {
                missing: vec![vec![I(1)], vec![I(3)]],
                extra: vec![vec![Null], vec![I(4)]],
            })
        );
        let empty = set(vec![]);
        let mut none = empty.clone();
        none.columns = vec!["x".into()];
        assert_eq!(
            compare(&e, &none, false),
            Verdict::Wrong(Difference::Rows {
                missing: vec![vec![I(1)], vec![I(2)], vec![I(3)]],
                extra: vec![],
            })
        );
    }

    #[test]
    fn order_differences_name_the_first_position() {
        let e = set(vec![vec![I(1)], vec![I(2)], vec![I(3)]]);
        let g = set(vec![vec![I(1)], vec![I(3)], vec![I(2)]]);
        assert_eq!(
            compare(&e, &g, true),
            Verdict::Wrong(Difference::Order { first: 1 })
        );
    }

    proptest::proptest! {
        #[test]
        fn any_permutation_is_right_unordered(
            rows in proptest::collection::vec((0i64..5, proptest::option::of(0i64..3)), 0..12),
            seed in 0u64..1000,
        ) {
            use rand::SeedableRng;
            use rand::seq::SliceRandom;
            let rows: Vec<Row> = rows
                .into_iter()
                .map(|(a, b)| vec![I(a), b.map_or(Null, |b| R(b as f64 / 3.0))])
                .collect();
            let mut shuffled = rows.clone();
            shuffled.shuffle(&mut rand::rngs::StdRng::seed_from_u64(seed));
            let mut e = set(rows);
            e.columns = vec!["a".into(), "b".into()];
            let mut g = set(shuffled);
            g.columns = vec!["x".into(), "y".into()];
            proptest::prop_assert_eq!(compare(&e, &g, false), Verdict::Right);
        }
    }
}
