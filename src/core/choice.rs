//! Multiple-choice questions: the right answer among wrong options, in a random order.

use rand::Rng;
use rand::seq::SliceRandom;

use super::grade::normalize;

/// How many options a question shows at most.
pub const OPTIONS: usize = 4;

/// The right answer and up to three distinct wrong options, shuffled; returns the options
/// and the index of the right one. Wrong options equal to the answer (after
/// normalisation) or to each other are dropped.
pub fn arrange<R: Rng + ?Sized>(
    right: &str,
    wrong: &[String],
    rng: &mut R,
) -> (Vec<String>, usize) {
    let mut seen = vec![normalize(right)];
    let mut options = vec![right.to_string()];
    for w in wrong {
        let n = normalize(w);
        if options.len() == OPTIONS || n.is_empty() || seen.contains(&n) {
            continue;
        }
        seen.push(n);
        options.push(w.clone());
    }
    let mut order: Vec<usize> = (0..options.len()).collect();
    order.shuffle(rng);
    let correct = order.iter().position(|&i| i == 0).unwrap_or(0);
    (
        order.into_iter().map(|i| options[i].clone()).collect(),
        correct,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn the_right_answer_is_where_it_says() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..50 {
            let wrong = vec![
                "b".to_string(),
                "c".to_string(),
                "d".to_string(),
                "e".to_string(),
            ];
            let (opts, i) = arrange("a", &wrong, &mut rng);
            assert_eq!(opts.len(), 4);
            assert_eq!(opts[i], "a");
        }
    }

    #[test]
    fn duplicates_of_the_answer_or_each_other_are_dropped() {
        let mut rng = StdRng::seed_from_u64(1);
        let wrong = vec!["A!".to_string(), "b".to_string(), "B".to_string()];
        let (opts, i) = arrange("a", &wrong, &mut rng);
        assert_eq!(opts.len(), 2);
        assert_eq!(opts[i], "a");
    }

    #[test]
    fn a_seed_fixes_the_order() {
        let wrong: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
        let a = arrange("r", &wrong, &mut StdRng::seed_from_u64(3));
        let b = arrange("r", &wrong, &mut StdRng::seed_from_u64(3));
        assert_eq!(a, b);
    }
}
