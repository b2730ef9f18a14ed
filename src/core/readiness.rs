//! Interview readiness with evidence: a verdict for a skill at a stage only from enough
//! recent answers, stated with its uncertainty — the Wilson lower bound of the share
//! right, each answer weighted by how much it shows.
//!
//! The rules, and why:
//! - only the last `WINDOW_DAYS` (30) days count: readiness is about now;
//! - at least `MIN_ANSWERS` (5) answers at the stage, else no verdict, only how many more;
//! - a typed answer weighs 1, a blank filled in or a self-graded reveal 0.75 (a term, or
//!   the learner's own word), a picked option 0.5 (one in four is right by guessing);
//! - a right answer over the time limit is logged as a miss, so it counts as one;
//! - same-day repeats do not count: the answer had just been shown;
//! - ready when the share right is, with 95% confidence (one-sided, z = 1.645), at least
//!   `READY_SHARE` (70%): 9/9 typed answers, or 14/15, or 20/20 picked options.

use serde::Serialize;

use super::model::{Asked, Stage};

/// Answers older than this many days do not count.
pub const WINDOW_DAYS: i64 = 30;
/// Fewer answers than this at a stage give no verdict.
pub const MIN_ANSWERS: usize = 5;
/// The lower bound of the share right that a ready verdict needs.
pub const READY_SHARE: f64 = 0.7;
/// One-sided 95% confidence.
const Z: f64 = 1.645;

/// One recent answer (not a same-day repeat).
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub skill: String,
    pub stage: Stage,
    /// A pass (q ≥ 3); an answer over the time limit was logged as a miss.
    pub passed: bool,
    pub asked: Asked,
}

/// How much an answer asked this way shows.
#[must_use]
pub fn weight(asked: Asked) -> f64 {
    match asked {
        Asked::Typed => 1.0,
        Asked::Cloze | Asked::Flash => 0.75,
        Asked::Choice => 0.5,
    }
}

/// The lower bound of the Wilson score interval for `right` of `n` (weighted counts).
#[must_use]
pub fn wilson_lower(right: f64, n: f64) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    let p = right / n;
    let z2 = Z * Z;
    let centre = p + z2 / (2.0 * n);
    let margin = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - margin) / (1.0 + z2 / n)).max(0.0)
}

/// The verdict for one skill at one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub skill: String,
    #[serde(serialize_with = "stage_name")]
    pub stage: Stage,
    /// Answers in the window, and how many were right.
    pub answers: usize,
    pub right: usize,
    /// The share right, at least, with 95% confidence; `None` below `MIN_ANSWERS`.
    pub likely_at_least: Option<f64>,
    pub ready: Option<bool>,
    /// Answers still needed for a verdict.
    pub needed: usize,
}

fn stage_name<S: serde::Serializer>(stage: &Stage, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(stage.name())
}

impl Verdict {
    /// `SQL Intermediate: 7/9 right, likely ≥ 50% — not ready yet`.
    #[must_use]
    pub fn text(&self) -> String {
        let name = super::model::short_deck_name(&self.skill);
        let head = format!("{name} {}", self.stage);
        if let (Some(bound), Some(ready)) = (self.likely_at_least, self.ready) {
            return format!(
                "{head}: {}/{} right, likely ≥ {:.0}% — {}",
                self.right,
                self.answers,
                (bound * 100.0).floor(),
                if ready { "ready" } else { "not ready yet" }
            );
        }
        let answers = match self.answers {
            0 => "no answers".to_string(),
            1 => "1 answer".to_string(),
            n => format!("{n} answers"),
        };
        format!(
            "{head}: {answers} in {WINDOW_DAYS} days — {} more for a verdict",
            self.needed
        )
    }
}

/// A verdict for each `(skill, stage)` asked, from the recent answers.
#[must_use]
pub fn verdicts(asked: &[(String, Stage)], recent: &[Evidence]) -> Vec<Verdict> {
    asked
        .iter()
        .map(|(skill, stage)| verdict(skill, *stage, recent))
        .collect()
}

fn verdict(skill: &str, stage: Stage, recent: &[Evidence]) -> Verdict {
    let here: Vec<&Evidence> = recent
        .iter()
        .filter(|e| e.skill == skill && e.stage == stage)
        .collect();
    let answers = here.len();
    let right = here.iter().filter(|e| e.passed).count();
    let (mut n, mut ok) = (0.0, 0.0);
    for e in &here {
        n += weight(e.asked);
        if e.passed {
            ok += weight(e.asked);
        }
    }
    let judged = answers >= MIN_ANSWERS;
    let bound = judged.then(|| wilson_lower(ok, n));
    Verdict {
        skill: skill.to_string(),
        stage,
        answers,
        right,
        likely_at_least: bound,
        ready: bound.map(|b| b >= READY_SHARE),
        needed: MIN_ANSWERS.saturating_sub(answers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(passed: bool, asked: Asked) -> Evidence {
        Evidence {
            skill: "AI::SQL".into(),
            stage: Stage::Intermediate,
            passed,
            asked,
        }
    }

    fn judge(e: &[Evidence]) -> Verdict {
        verdict("AI::SQL", Stage::Intermediate, e)
    }

    #[test]
    fn wilson_bounds_worked_by_hand() {
        // 7/9: p = .778, centre (.778 + .1503)/1.3007 = .7137, margin .2099 → .504.
        assert!((wilson_lower(7.0, 9.0) - 0.504).abs() < 0.001);
        // All right: n / (n + z²).
        assert!((wilson_lower(20.0, 20.0) - 20.0 / (20.0 + 1.645 * 1.645)).abs() < 1e-9);
        assert_eq!(wilson_lower(0.0, 5.0), 0.0);
        assert_eq!(wilson_lower(0.0, 0.0), 0.0);
    }

    #[test]
    fn below_five_answers_there_is_no_verdict_only_how_many_more() {
        let v = judge(&vec![ev(true, Asked::Typed); 3]);
        assert_eq!((v.ready, v.needed), (None, 2));
        assert_eq!(
            v.text(),
            "SQL Intermediate: 3 answers in 30 days — 2 more for a verdict"
        );
        assert_eq!(
            judge(&[]).text(),
            "SQL Intermediate: no answers in 30 days — 5 more for a verdict"
        );
    }

    #[test]
    fn the_verdict_states_its_bound() {
        let mut e = vec![ev(true, Asked::Typed); 7];
        e.extend([ev(false, Asked::Typed), ev(false, Asked::Typed)]);
        assert_eq!(
            judge(&e).text(),
            "SQL Intermediate: 7/9 right, likely ≥ 50% — not ready yet"
        );
        let v = judge(&vec![ev(true, Asked::Typed); 9]);
        assert_eq!(
            v.text(),
            "SQL Intermediate: 9/9 right, likely ≥ 76% — ready"
        );
    }

    #[test]
    fn picked_options_count_less_than_typed_answers() {
        // Nine right picks weigh 4.5 answers: 4.5 / (4.5 + z²) = 62%, not ready.
        let v = judge(&vec![ev(true, Asked::Choice); 9]);
        assert_eq!(v.ready, Some(false));
        assert_eq!(
            v.text(),
            "SQL Intermediate: 9/9 right, likely ≥ 62% — not ready yet"
        );
        assert_eq!(judge(&vec![ev(true, Asked::Choice); 20]).ready, Some(true));
        assert_eq!(judge(&vec![ev(true, Asked::Flash); 9]).ready, Some(true));
    }

    #[test]
    fn other_skills_and_stages_are_not_evidence() {
        let mut other = ev(true, Asked::Typed);
        other.stage = Stage::Advanced;
        let v = judge(&[
            other.clone(),
            other.clone(),
            other.clone(),
            other.clone(),
            other,
        ]);
        assert_eq!(v.answers, 0);
    }
}
