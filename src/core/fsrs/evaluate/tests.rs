use fsrs::{FSRS, FSRSReview};

use super::*;
use crate::core::fsrs::history::LoggedAnswer;
use crate::core::model::ReviewMode;
use crate::core::schedule::Quality;

fn review(rating: u32, delta_t: u32) -> FSRSReview {
    FSRSReview { rating, delta_t }
}

fn item(reviews: &[(u32, u32)]) -> FSRSItem {
    FSRSItem {
        reviews: reviews.iter().map(|&(r, d)| review(r, d)).collect(),
    }
}

fn answer(card: i64, day: i64, q: u8, mode: ReviewMode) -> LoggedAnswer {
    LoggedAnswer {
        card_id: CardId(card),
        reviewed_at: day * 86_400_000 + card,
        day,
        quality: Quality::new(q).unwrap(),
        mode,
    }
}

/// Good then Good 2 days later predicted at 0.8; Good then Again 2 days later at 0.6.
/// Log loss −(ln 0.8 + ln 0.4) / 2 = 0.569717; both in one bin (same interval, history
/// and lapses): mean predicted 0.7 against 0.5 recalled, RMSE 0.2.
#[test]
fn log_loss_and_rmse_bins_worked_by_hand() {
    let items = [item(&[(3, 0), (3, 2)]), item(&[(3, 0), (1, 2)])];
    let m = metrics(&items, &[0.8, 0.6], &[1.0, 1.0]);
    assert!((m.log_loss - 0.569_717).abs() < 1e-5, "{m:?}");
    assert!((m.rmse_bins - 0.2).abs() < 1e-6, "{m:?}");
    // In different bins (another interval) each is its own bin: √((0.2² + 0.6²) / 2).
    let apart = [item(&[(3, 0), (3, 2)]), item(&[(3, 0), (1, 30)])];
    let m = metrics(&apart, &[0.8, 0.6], &[1.0, 1.0]);
    assert!((m.rmse_bins - 0.447_214).abs() < 1e-5, "{m:?}");
}

/// Good on day 0, a fail on day 1 relearned the same day, a drill on day 5, Good on day
/// 10: SM-2 had set 1 day on day 0, so it predicted 0.9^(1/1) = 0.9 on day 1, and after
/// the fail 1 day again, so 0.9^(9/1) on day 10. The same-day repeat is not an answer SM-2
/// schedules from (FSRS's history keeps it, with 0 days elapsed); a drill is no answer.
#[test]
fn sm2_predicts_point_nine_to_the_power_of_elapsed_over_interval() {
    let log = [
        answer(7, 0, 4, ReviewMode::Review),
        answer(7, 1, 2, ReviewMode::Review),
        LoggedAnswer {
            reviewed_at: 86_400_000 + 60_000,
            ..answer(7, 1, 4, ReviewMode::Relearn)
        },
        answer(7, 5, 1, ReviewMode::Drill),
        answer(7, 10, 4, ReviewMode::Review),
    ];
    let data = dataset(&log);
    assert_eq!((data.reviews, data.cards, data.items.len()), (4, 1, 2));
    assert!((data.sm2_recall[0] - 0.9).abs() < 1e-6);
    // After the fail on day 1 SM-2 restarts at 1 day: 0.9^(9/1).
    assert!(
        (data.sm2_recall[1] - 0.9f32.powi(9)).abs() < 1e-6,
        "{:?}",
        data.sm2_recall
    );
    assert_eq!(
        data.items[1].reviews,
        [review(3, 0), review(1, 1), review(3, 0), review(3, 9)]
    );
}

/// Good on days 0, 1 and 10: SM-2 had set 6 days on day 1, so 0.9^(9/6) = 0.853815.
#[test]
fn sm2_interval_grows_as_sm2_grows_it() {
    let log = [
        answer(1, 0, 4, ReviewMode::Review),
        answer(1, 1, 4, ReviewMode::Review),
        answer(1, 10, 4, ReviewMode::Review),
    ];
    let data = dataset(&log);
    assert!(
        (data.sm2_recall[1] - 0.853_815).abs() < 1e-6,
        "{:?}",
        data.sm2_recall
    );
}

/// The metrics agree with the crate's own `FSRS::evaluate` when weighted as it weighs
/// (recent items more: 0.25 + 0.75·(i/(n−1))³), on a log of many cards.
#[test]
fn metrics_match_the_crates_evaluation() {
    let mut log = Vec::new();
    for card in 0..40 {
        let mut day = card % 5;
        for (i, gap) in [1, 3, 7, 15, 30].iter().enumerate() {
            let q = if (card + i as i64) % 4 == 0 { 2 } else { 4 };
            log.push(answer(card, day, q, ReviewMode::Review));
            day += gap + card % 3;
        }
    }
    let data = dataset(&log);
    let n = data.items.len();
    assert_eq!(n, 160, "4 items for each of 40 cards");
    let model = FSRS::default();
    let predictions = fsrs_predictions(&model, &DEFAULT_PARAMETERS, &data.items).unwrap();
    let weights: Vec<f32> = (0..n)
        .map(|i| 0.25 + 0.75 * (i as f32 / (n - 1) as f32).powi(3))
        .collect();
    let ours = metrics(&data.items, &predictions, &weights);
    let crate_eval = model.evaluate(data.items.clone(), |_| true).unwrap();
    assert!(
        (ours.log_loss - crate_eval.log_loss).abs() < 1e-5,
        "{ours:?} {crate_eval:?}"
    );
    assert!(
        (ours.rmse_bins - crate_eval.rmse_bins).abs() < 1e-5,
        "{ours:?} {crate_eval:?}"
    );
}

#[test]
fn too_short_a_log_is_refused_with_how_many_more() {
    let log: Vec<LoggedAnswer> = (0..10)
        .flat_map(|card| {
            [
                answer(card, 0, 4, ReviewMode::Review),
                answer(card, 3, 4, ReviewMode::Review),
            ]
        })
        .collect();
    let err = optimize(&dataset(&log), &mut |_, _, _| {}).unwrap_err();
    assert_eq!(err, OptimizeError::NotEnough { have: 10, more: 54 });
    assert!(err.to_string().contains("at least 64 answers"), "{err}");
    assert!(
        err.to_string().contains("this log has 10, so 54 more"),
        "{err}"
    );
}

#[test]
fn the_test_segments_start_after_the_first_sixth() {
    assert_eq!(first_tested(64), 10);
    assert_eq!(first_tested(600), 100);
}

#[test]
fn the_recommendation_follows_the_lowest_log_loss_with_ties_to_the_simpler_choice() {
    let with = |sm2: f32, default: f32, optimized: f32| Comparison {
        reviews: 0,
        cards: 0,
        items: 0,
        tested: 0,
        sm2: Metrics {
            log_loss: sm2,
            rmse_bins: 0.0,
        },
        fsrs_default: Metrics {
            log_loss: default,
            rmse_bins: 0.0,
        },
        fsrs_optimized: Metrics {
            log_loss: optimized,
            rmse_bins: 0.0,
        },
        parameters: [0.0; PARAMETER_COUNT],
    };
    let advice = |c: Comparison| {
        c.recommendation()
            .split(':')
            .next()
            .unwrap_or("")
            .to_string()
    };
    let yours = "FSRS-6 with your parameters predicts your memory best";
    let defaults = "FSRS-6 predicts your memory better than SM-2, but your log is too short to beat its default parameters yet";
    let keep = "SM-2 predicts your memory as well as FSRS-6 on this log";
    assert_eq!(advice(with(0.5, 0.4, 0.3)), yours);
    // Fitted parameters that only equal the defaults are still the user's own.
    assert_eq!(advice(with(0.5, 0.4, 0.4)), yours);
    assert_eq!(advice(with(0.5, 0.3, 0.4)), defaults);
    // A tie with SM-2 keeps SM-2: switching must buy something.
    assert_eq!(advice(with(0.4, 0.4, 0.45)), keep);
    assert_eq!(advice(with(0.3, 0.4, 0.4)), keep);
}
