//! `recall optimize`'s computation: FSRS-6 parameters fitted to the learner's own log (the
//! crate's optimizer), and an honest comparison on the same log with a time-series split —
//! the crate's `evaluate_with_time_series_splits` for the fitted model (each of 5 folds is
//! fitted on the earlier items and tested on the next segment), and the same test items,
//! weighted alike, for FSRS-6 with its default parameters and for SM-2.
//!
//! SM-2 predicts nothing itself; as srs-benchmark models it, its predicted recall after `t`
//! days of an interval `I` is `0.9^(t/I)` (the interval is where it expects 90%). `I` comes
//! from replaying recall's SM-2 over the card's earlier answers (the first answer of each
//! day, as SM-2 ignores same-day repeats), its predictions clipped to [0.0001, 0.9999] so
//! one long-overdue recall cannot dominate the log loss.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use fsrs::{
    CombinedProgressState, ComputeParametersInput, DEFAULT_PARAMETERS, FSRS, FSRSError, FSRSItem,
    compute_parameters, evaluate_with_time_series_splits,
};

use super::history::{LoggedAnswer, all_items, counts};
use super::{PARAMETER_COUNT, own_memory};
use crate::core::model::CardId;
use crate::core::schedule::CardState;
use crate::core::sm2;

/// Fewer items than this and the crate fits only the first four parameters (the initial
/// stabilities) or none: `recall optimize` refuses and says how many more it needs.
pub const MIN_ITEMS: usize = 64;

/// How many folds the time-series split makes (the crate's).
const SPLITS: usize = 5;

/// How well a model's predicted recall matched what happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Mean binary cross-entropy of predicted recall against recalled / forgotten.
    pub log_loss: f32,
    /// Root mean square of predicted minus actual recall over bins of interval, history
    /// length and lapses (srs-benchmark's RMSE (bins)).
    pub rmse_bins: f32,
}

/// The result of `recall optimize`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Answers in the log that count for FSRS (scheduled ones and their same-day repeats).
    pub reviews: usize,
    /// Cards with at least one item.
    pub cards: usize,
    /// Items: answers on a later day than the card's answer before, each predicted.
    pub items: usize,
    /// Items in the test segments all three models are measured on.
    pub tested: usize,
    pub sm2: Metrics,
    pub fsrs_default: Metrics,
    pub fsrs_optimized: Metrics,
    /// The parameters fitted on the whole log: what is stored.
    pub parameters: [f32; PARAMETER_COUNT],
}

impl Comparison {
    /// The one-line advice.
    #[must_use]
    pub fn recommendation(&self) -> &'static str {
        let best_fsrs = self.fsrs_optimized.log_loss.min(self.fsrs_default.log_loss);
        if best_fsrs < self.sm2.log_loss {
            if self.fsrs_optimized.log_loss <= self.fsrs_default.log_loss {
                "FSRS-6 with your parameters predicts your memory best: `recall config set scheduler fsrs`"
            } else {
                "FSRS-6 predicts your memory better than SM-2, but your log is too short to beat its default parameters yet: `recall config set scheduler fsrs`"
            }
        } else {
            "SM-2 predicts your memory as well as FSRS-6 on this log: keep SM-2, and optimise again when you have more reviews"
        }
    }
}

/// Why there is no comparison.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptimizeError {
    #[error(
        "not enough history to fit FSRS: it needs at least {MIN_ITEMS} answers given on a later day than the card's answer before (reviews, not first sightings or same-day repeats); this log has {have}, so {more} more"
    )]
    NotEnough { have: usize, more: usize },
    #[error("the FSRS optimizer failed: {0}")]
    Crate(String),
}

impl From<FSRSError> for OptimizeError {
    fn from(e: FSRSError) -> Self {
        OptimizeError::Crate(e.to_string())
    }
}

/// Where the work is, for a progress bar: the folds of the evaluation, then the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Evaluating,
    Fitting,
}

/// Everything the models are measured on: the items in time order with their card and
/// SM-2's predicted recall.
pub struct Dataset {
    pub items: Vec<FSRSItem>,
    pub card_ids: Vec<i64>,
    pub sm2_recall: Vec<f32>,
    pub reviews: usize,
    pub cards: usize,
}

/// Builds the dataset from the whole log.
#[must_use]
pub fn dataset(log: &[LoggedAnswer]) -> Dataset {
    let sm2 = sm2_predictions(log);
    let items = all_items(log);
    let cards = items
        .iter()
        .map(|i| i.card_id)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let sm2_recall = items
        .iter()
        .map(|i| sm2.get(&(i.card_id, i.reviewed_at)).copied().unwrap_or(0.9))
        .collect();
    Dataset {
        card_ids: items.iter().map(|i| i.card_id.0).collect(),
        items: items.into_iter().map(|i| i.item).collect(),
        sm2_recall,
        reviews: log.iter().filter(|a| counts(a.mode)).count(),
        cards,
    }
}

/// SM-2's predicted recall for each answer on a later day than the one before, keyed by
/// card and time: `0.9^(t/I)` for the interval `I` SM-2 set at its last scheduled answer.
fn sm2_predictions(log: &[LoggedAnswer]) -> HashMap<(CardId, i64), f32> {
    let mut by_card: HashMap<CardId, Vec<&LoggedAnswer>> = HashMap::new();
    for a in log.iter().filter(|a| counts(a.mode)) {
        by_card.entry(a.card_id).or_default().push(a);
    }
    let mut out = HashMap::new();
    for answers in by_card.values_mut() {
        answers.sort_by_key(|a| a.reviewed_at);
        let mut state: Option<CardState> = None;
        let mut last_day = None;
        for a in answers.iter() {
            if last_day.is_some_and(|d| d >= a.day) {
                continue;
            }
            if let Some(s) = &state {
                let t = s.days_since_answer(a.day) as f32;
                let p = 0.9f32.powf(t / s.interval_days.max(1) as f32);
                out.insert((a.card_id, a.reviewed_at), p.clamp(0.0001, 0.9999));
            }
            state = Some(sm2::answer(state.as_ref(), a.quality, a.day, a.reviewed_at));
            last_day = Some(a.day);
        }
    }
    out
}

/// The crate's binning of an item for RMSE (bins): its elapsed days, how many answers on a
/// later day it has, and how many of those were lapses, each on a logarithmic scale
/// (srs-benchmark's published definition).
fn bin(item: &FSRSItem) -> (u32, u32, u32) {
    let Some((current, history)) = item.reviews.split_last() else {
        return (0, 0, 0);
    };
    let log_bin = |x: f64, base: f64, scale: f64| scale * base.powf(x.log(base).floor());
    let delta = f64::from(current.delta_t);
    let elapsed = (log_bin(delta, 3.62, 2.48) * 100.0).round() as u32;
    let long_term = item.reviews.iter().filter(|r| r.delta_t > 0).count() as f64;
    let length = log_bin(long_term + 1.0, 1.89, 1.99).round() as u32;
    let lapses = history
        .iter()
        .filter(|r| r.rating == 1 && r.delta_t > 0)
        .count();
    let lapse = if lapses == 0 {
        0
    } else {
        log_bin(lapses as f64, 1.73, 1.65).round() as u32
    };
    (elapsed, length, lapse)
}

/// Log loss and RMSE (bins) of `predictions` for `items`, each weighted (the evaluation
/// weighs every test item 1; the crate's `FSRS::evaluate` weighs recent ones more).
#[must_use]
pub fn metrics(items: &[FSRSItem], predictions: &[f32], weights: &[f32]) -> Metrics {
    #[derive(Default)]
    struct Bin {
        predicted: f32,
        actual: f32,
        count: f32,
        weight: f32,
    }
    // Ordered, so the sums run in one order and the figures are the same every run.
    let mut bins: BTreeMap<(u32, u32, u32), Bin> = BTreeMap::new();
    let (mut loss, mut weight_sum) = (0.0f32, 0.0f32);
    for ((item, &p), &w) in items.iter().zip(predictions).zip(weights) {
        let y = f32::from(item.reviews.last().is_some_and(|r| r.rating > 1));
        loss += (y * p.ln() + (1.0 - y) * (1.0 - p).ln()) * w;
        weight_sum += w;
        let b = bins.entry(bin(item)).or_default();
        b.predicted += p;
        b.actual += y;
        b.count += 1.0;
        b.weight += w;
    }
    let squares: f32 = bins
        .values()
        .map(|b| (b.predicted / b.count - b.actual / b.count).powi(2) * b.weight)
        .sum();
    let total: f32 = bins.values().map(|b| b.weight).sum();
    Metrics {
        log_loss: -loss / weight_sum,
        rmse_bins: (squares / total).sqrt(),
    }
}

/// FSRS's predicted recall for the last answer of each item, from the memory state of the
/// answers before it.
pub fn fsrs_predictions(
    model: &FSRS,
    parameters: &[f32; PARAMETER_COUNT],
    items: &[FSRSItem],
) -> Result<Vec<f32>, OptimizeError> {
    items
        .iter()
        .map(|item| {
            let Some((current, history)) = item.reviews.split_last() else {
                return Err(OptimizeError::Crate("an empty item".to_string()));
            };
            let memory = model.memory_state(
                FSRSItem {
                    reviews: history.to_vec(),
                },
                None,
            )?;
            Ok(super::retrievability(
                parameters,
                own_memory(memory),
                current.delta_t as f32,
            ))
        })
        .collect()
}

/// The index of the first test item of a time-series split of `n` items (the crate's: six
/// equal segments, the first only trained on).
#[must_use]
pub fn first_tested(n: usize) -> usize {
    n / (SPLITS + 1)
}

/// Fits FSRS-6 to the log and compares the three models; `progress` hears the phase and how
/// far it is (done, total).
pub fn optimize(
    data: &Dataset,
    progress: &mut dyn FnMut(Phase, usize, usize),
) -> Result<Comparison, OptimizeError> {
    let n = data.items.len();
    if n < MIN_ITEMS {
        return Err(OptimizeError::NotEnough {
            have: n,
            more: MIN_ITEMS - n,
        });
    }
    let start = first_tested(n);
    let tested = &data.items[start..];
    let ones = vec![1.0; tested.len()];
    let sm2 = metrics(tested, &data.sm2_recall[start..], &ones);
    let default_model = FSRS::default();
    let default_predictions = fsrs_predictions(&default_model, &DEFAULT_PARAMETERS, tested)?;
    let fsrs_default = metrics(tested, &default_predictions, &ones);

    let input = || ComputeParametersInput {
        train_set: data.items.clone(),
        card_ids: Some(data.card_ids.clone()),
        ..ComputeParametersInput::default()
    };
    let evaluation = evaluate_with_time_series_splits(input(), |p| {
        progress(Phase::Evaluating, p.current, p.total);
        true
    })?;
    let fitted = fit(input(), progress)?;
    Ok(Comparison {
        reviews: data.reviews,
        cards: data.cards,
        items: n,
        tested: tested.len(),
        sm2,
        fsrs_default,
        fsrs_optimized: Metrics {
            log_loss: evaluation.log_loss,
            rmse_bins: evaluation.rmse_bins,
        },
        parameters: fitted,
    })
}

/// The crate's optimizer on the whole log, its progress polled from this thread while it
/// runs on another.
fn fit(
    mut input: ComputeParametersInput,
    progress: &mut dyn FnMut(Phase, usize, usize),
) -> Result<[f32; PARAMETER_COUNT], OptimizeError> {
    let state = CombinedProgressState::new_shared();
    input.progress = Some(Arc::clone(&state));
    let parameters = std::thread::scope(|scope| {
        let worker = scope.spawn(move || compute_parameters(input));
        while !worker.is_finished() {
            if let Ok(s) = state.lock() {
                progress(Phase::Fitting, s.current(), s.total());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        worker
            .join()
            .map_err(|_| OptimizeError::Crate("the optimizer stopped".to_string()))
    })??;
    progress(Phase::Fitting, 1, 1);
    parameters
        .try_into()
        .map_err(|p: Vec<f32>| OptimizeError::Crate(format!("{} parameters, not 21", p.len())))
}

#[cfg(test)]
mod tests;
