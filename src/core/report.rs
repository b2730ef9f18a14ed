//! The drill report: scores per skill and stage, the slowest answers and the misses,
//! computed from the drill's answers, and a readiness verdict per skill and stage asked,
//! computed from every answer of the last 30 days (`readiness`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::Stage;
use super::readiness::verdicts;
pub use super::readiness::{Evidence, Verdict};

/// One answered drill question.
#[derive(Debug, Clone, PartialEq)]
pub struct Result {
    pub card: String,
    pub skill: String,
    pub stage: Stage,
    pub question: String,
    pub expected: String,
    pub typed: Option<String>,
    pub quality: u8,
    pub duration_ms: i64,
    pub over_time: bool,
}

impl Result {
    /// A pass (q ≥ 3) in time.
    #[must_use]
    pub fn correct(&self) -> bool {
        self.quality >= 3 && !self.over_time
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub correct: usize,
    pub total: usize,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillReport {
    pub skill: String,
    pub correct: usize,
    pub total: usize,
    pub median_ms: i64,
    /// The highest stage asked.
    pub stage: &'static str,
    /// The verdict at the highest stage asked, in words.
    pub readiness: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub card: String,
    pub skill: String,
    pub question: String,
    pub answer: String,
    pub typed: Option<String>,
    pub over_time: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slow {
    pub card: String,
    pub question: String,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub correct: usize,
    pub total: usize,
    pub skills: Vec<SkillReport>,
    /// Accuracy per stage name, for the stages asked.
    pub stages: BTreeMap<&'static str, Score>,
    pub slowest: Vec<Slow>,
    pub missed: Vec<Miss>,
    /// A verdict for each skill and stage asked, from the recent answers.
    pub readiness: Vec<Verdict>,
}

/// How many of the slowest answers the report lists.
const SLOWEST: usize = 3;

fn median(mut v: Vec<i64>) -> i64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

/// The report of a drill's `results`, with readiness judged from `recent`: every
/// answer of the last `readiness::WINDOW_DAYS` days (this drill's included).
#[must_use]
pub fn build(results: &[Result], recent: &[Evidence]) -> Report {
    let mut skills: BTreeMap<&str, (Score, Vec<i64>, Stage)> = BTreeMap::new();
    let mut stages: BTreeMap<&'static str, Score> = BTreeMap::new();
    let mut total = Score {
        correct: 0,
        total: 0,
    };
    for r in results {
        let ok = r.correct();
        total.add(ok);
        let entry = skills.entry(r.skill.as_str()).or_insert((
            Score {
                correct: 0,
                total: 0,
            },
            Vec::new(),
            r.stage,
        ));
        entry.0.add(ok);
        entry.1.push(r.duration_ms);
        entry.2 = entry.2.max(r.stage);
        stages
            .entry(r.stage.name())
            .or_insert(Score {
                correct: 0,
                total: 0,
            })
            .add(ok);
    }
    let asked: Vec<(String, Stage)> = {
        let mut v: Vec<(String, Stage)> =
            results.iter().map(|r| (r.skill.clone(), r.stage)).collect();
        v.sort();
        v.dedup();
        v
    };
    let readiness = verdicts(&asked, recent);
    let verdict_at = |skill: &str, stage: Stage| {
        readiness
            .iter()
            .find(|v| v.skill == skill && v.stage == stage)
            .map(Verdict::text)
            .unwrap_or_default()
    };
    let mut by_time: Vec<&Result> = results.iter().collect();
    by_time.sort_by_key(|r| std::cmp::Reverse(r.duration_ms));
    Report {
        correct: total.correct,
        total: total.total,
        skills: skills
            .into_iter()
            .map(|(skill, (score, times, stage))| SkillReport {
                skill: skill.to_string(),
                correct: score.correct,
                total: score.total,
                median_ms: median(times),
                stage: stage.name(),
                readiness: verdict_at(skill, stage),
            })
            .collect(),
        stages,
        slowest: by_time
            .into_iter()
            .take(SLOWEST)
            .map(|r| Slow {
                card: r.card.clone(),
                question: r.question.clone(),
                duration_ms: r.duration_ms,
            })
            .collect(),
        missed: results
            .iter()
            .filter(|r| !r.correct())
            .map(|r| Miss {
                card: r.card.clone(),
                skill: r.skill.clone(),
                question: r.question.clone(),
                answer: r.expected.clone(),
                typed: r.typed.clone(),
                over_time: r.over_time,
            })
            .collect(),
        readiness,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(skill: &str, stage: Stage, quality: u8, ms: i64) -> Result {
        Result {
            card: format!("{skill}/{ms}"),
            skill: skill.into(),
            stage,
            question: "q".into(),
            expected: "a".into(),
            typed: None,
            quality,
            duration_ms: ms,
            over_time: false,
        }
    }

    #[test]
    fn scores_per_skill_and_stage() {
        let results = vec![
            r("SQL", Stage::Beginner, 5, 4_000),
            r("SQL", Stage::Intermediate, 4, 12_000),
            r("SQL", Stage::Intermediate, 1, 20_000),
            r("Python", Stage::Beginner, 5, 8_000),
        ];
        let rep = build(&results, &[]);
        assert_eq!((rep.correct, rep.total), (3, 4));
        let sql = rep.skills.iter().find(|s| s.skill == "SQL").unwrap();
        assert_eq!((sql.correct, sql.total, sql.median_ms), (2, 3, 12_000));
        assert_eq!(sql.stage, "Intermediate");
        assert_eq!(
            sql.readiness,
            "SQL Intermediate: no answers in 30 days — 5 more for a verdict"
        );
        assert_eq!(
            rep.stages["Intermediate"],
            Score {
                correct: 1,
                total: 2
            }
        );
        assert_eq!(rep.slowest[0].duration_ms, 20_000);
        assert_eq!(rep.missed.len(), 1);
        assert_eq!(rep.readiness.len(), 3, "SQL at two stages, Python at one");
    }

    #[test]
    fn over_time_is_a_miss() {
        let mut late = r("SQL", Stage::Advanced, 5, 100_000);
        late.over_time = true;
        let rep = build(&[late], &[]);
        assert_eq!(rep.correct, 0);
        assert!(rep.missed[0].over_time);
    }
}
