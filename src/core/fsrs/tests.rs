//! FSRS-6 through recall's scheduler seam, against the vectors fsrs-rs publishes for its
//! default parameters (its doc example for a new card, `test_memory_state`,
//! `test_next_interval` and `test_memory_from_sm2` in `src/inference.rs` of fsrs 6.6.2).

use super::history::{self, LoggedAnswer};
use super::switch::{Source, adopt};
use super::*;
use crate::core::model::{CardId, ReviewMode};
use crate::core::sm2;

fn q(n: u8) -> Quality {
    Quality::new(n).unwrap()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-4
}

#[test]
fn grades_map_to_ratings_again_hard_good_easy() {
    let ratings: Vec<u32> = Quality::ALL.iter().map(|&g| rating(g)).collect();
    assert_eq!(ratings, [1, 1, 1, 2, 3, 4]);
}

/// fsrs-rs's doc example: a new card with the default parameters at 0.9.
#[test]
fn a_new_cards_first_answers_match_the_crates_vectors() {
    let fsrs = FsrsConfig::default();
    let next = fsrs.next_states(None, 100, 7);
    let memory = |g: u8| next.after(q(g)).memory.fsrs.unwrap();
    let expected = [
        (1, 0.212, 6.4133),
        (3, 1.2931, 5.112_170_7),
        (4, 2.3065, 2.118_104),
        (5, 8.2956, 1.0),
    ];
    for (g, s, d) in expected {
        let m = memory(g);
        assert!(
            close(m.stability, s) && close(m.difficulty, d),
            "grade {g}: {m:?}"
        );
    }
    assert_eq!(memory(0), memory(2), "0, 1 and 2 are all Again");
    let intervals: Vec<u32> = Quality::ALL
        .iter()
        .map(|&g| next.after(g).interval_days)
        .collect();
    // 0.212 days is under a day: recall's shortest interval is one day.
    assert_eq!(intervals, [1, 1, 1, 1, 2, 8]);
    let good = next.after(q(4));
    assert_eq!(
        (good.due_day, good.reps, good.last_reviewed_at),
        (102, 1, 7)
    );
    assert_eq!(good.memory.ease, 250, "SM-2's easiness is carried");
}

/// fsrs-rs's `test_memory_state`: Again, then Good at 0, 1, 3, 8 and 21 days elapsed.
const LOG: [(i64, u8); 6] = [(0, 1), (0, 4), (1, 4), (4, 4), (12, 4), (33, 4)];

#[test]
fn a_history_of_answers_gives_the_crates_memory_state() {
    let fsrs = FsrsConfig::default();
    let mut state: Option<CardState> = None;
    for (day, g) in LOG {
        state = Some(
            fsrs.next_states(state.as_ref(), day, day * 1000)
                .after(q(g)),
        );
    }
    let m = state.unwrap().memory.fsrs.unwrap();
    assert!(close(m.stability, 53.62691), "{m:?}");
    assert!(close(m.difficulty, 6.357_486_7), "{m:?}");

    let answers: Vec<LoggedAnswer> = LOG
        .iter()
        .enumerate()
        .map(|(i, &(day, g))| LoggedAnswer {
            card_id: CardId(1),
            reviewed_at: i as i64,
            day,
            quality: q(g),
            mode: if i == 1 {
                ReviewMode::Relearn
            } else {
                ReviewMode::Review
            },
        })
        .collect();
    assert_eq!(history::memory(&fsrs.model(), &answers), Some(m));
    let deltas: Vec<u32> = history::reviews(&answers)
        .iter()
        .map(|r| r.delta_t)
        .collect();
    assert_eq!(deltas, [0, 0, 1, 3, 8, 21]);
    // A drill is practice off the schedule: it changes nothing.
    let mut with_drill = answers.clone();
    with_drill.insert(
        3,
        LoggedAnswer {
            mode: ReviewMode::Drill,
            quality: q(0),
            ..answers[3]
        },
    );
    assert_eq!(history::memory(&fsrs.model(), &with_drill), Some(m));
}

/// fsrs-rs's `test_next_interval`: stability 1 day at desired retention r.
#[test]
fn intervals_follow_the_desired_retention() {
    let model = FsrsConfig::default().model();
    let days: Vec<u32> = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97]
        .iter()
        .map(|&r| whole_days(model.next_interval(Some(1.0), r, 1)))
        .collect();
    assert_eq!(days, [387, 90, 27, 9, 3, 1, 1]);
    // The scheduler uses the setting: Good on a new card at 0.80 is 7.65 days, not 2.31.
    let at_80 = FsrsConfig {
        desired_retention: 0.8,
        ..FsrsConfig::default()
    };
    assert_eq!(at_80.next_states(None, 0, 0).after(q(4)).interval_days, 8);
    assert_eq!(whole_days(1e9), 36_500);
    assert_eq!(whole_days(f32::NAN), 1);
}

/// fsrs-rs's `test_memory_from_sm2`: EF 2.5, 10 days at 90% → stability 10, difficulty 6.914.
#[test]
fn a_card_without_history_is_estimated_from_its_sm2_schedule() {
    let s = CardState {
        reps: 3,
        interval_days: 10,
        due_day: 110,
        lapses: 0,
        last_quality: 4,
        last_reviewed_at: 0,
        // SM-2's word; FSRS's estimate decides after the switch.
        mastered: false,
        retained_days: 6,
        memory: Memory::sm2(250),
    };
    let config = FsrsConfig::default();
    let model = config.model();
    let m = memory_from_sm2(&model, &s).unwrap();
    assert!(
        close(m.stability, 10.0) && close(m.difficulty, 6.914_056_3),
        "{m:?}"
    );
    let (adopted, source) = adopt(&config, &model, &s, &[]);
    assert_eq!(source, Source::Sm2);
    assert_eq!(
        (
            adopted.due_day,
            adopted.interval_days,
            adopted.reps,
            adopted.retained_days
        ),
        (110, 10, 3, 6),
        "an estimate keeps the SM-2 due day"
    );
    assert!(adopted.mastered, "stability 10 days is known");
    assert_eq!(
        adopted.memory.ease, 250,
        "SM-2's ease is kept for a switch back"
    );
    let kept = adopted.memory.fsrs.expect("the estimate is stored");
    assert!(
        close(kept.stability, 10.0) && close(kept.difficulty, 6.914_056_3),
        "{kept:?}"
    );
}

#[test]
fn switching_a_card_with_history_reschedules_it_from_its_last_answer() {
    let config = FsrsConfig::default();
    let model = config.model();
    let answers: Vec<LoggedAnswer> = [(100, 4), (101, 4), (107, 3)]
        .iter()
        .enumerate()
        .map(|(i, &(day, g))| LoggedAnswer {
            card_id: CardId(9),
            reviewed_at: i as i64,
            day,
            quality: q(g),
            mode: ReviewMode::Review,
        })
        .collect();
    let mut sm2_state = None;
    for a in &answers {
        sm2_state = Some(sm2::answer(
            sm2_state.as_ref(),
            a.quality,
            a.day,
            a.reviewed_at,
        ));
    }
    // Whether a card is known is FSRS's to say after the switch, not SM-2's.
    let sm2_state = CardState {
        mastered: false,
        ..sm2_state.unwrap()
    };
    let (adopted, source) = adopt(&config, &model, &sm2_state, &answers);
    assert_eq!(source, Source::History);
    let m = adopted.memory.fsrs.unwrap();
    assert!(m.stability >= 6.0 && adopted.mastered, "{m:?}");
    assert_eq!(adopted.due_day, 107 + i64::from(adopted.interval_days));
    assert_eq!(
        adopted.interval_days,
        whole_days(m.stability),
        "at 0.9 the interval is the stability"
    );
    assert_eq!(
        (
            adopted.reps,
            adopted.lapses,
            adopted.last_quality,
            adopted.retained_days,
            adopted.memory.ease
        ),
        (
            sm2_state.reps,
            sm2_state.lapses,
            3,
            sm2_state.retained_days,
            sm2_state.memory.ease
        )
    );
}

#[test]
fn again_repeats_today_and_the_repeat_is_scheduled() {
    let fsrs = FsrsConfig::default();
    let repeats: Vec<bool> = Quality::ALL
        .iter()
        .map(|&g| fsrs.repeats_today(g))
        .collect();
    assert_eq!(repeats, [true, true, true, false, false, false]);
    assert!(fsrs.schedules_repeats());
    // Good after Again the same day: the short-term stability of fsrs-rs's vector
    // (Again 0.212 → Good at 0 days elapsed).
    let again = fsrs.next_states(None, 5, 0).after(q(1));
    let repeat = fsrs.next_states(Some(&again), 5, 1).after(q(4));
    assert_eq!(repeat.retained_days, 0, "remembered for no days yet");
    assert!(repeat.memory.fsrs.unwrap().stability > 0.212);
    assert_eq!(repeat.lapses, 0, "failing a new card is not a lapse");
}

#[test]
fn retained_days_is_the_same_observed_gap_as_sm2s() {
    // Grade 4 on days 0, 1, 7, 22: SM-2 records 0, 1, 6, 15 days retained; FSRS, answered
    // on the same days, records the same, so skill levels read the same.
    let fsrs = FsrsConfig::default();
    let mut f: Option<CardState> = None;
    let mut s: Option<CardState> = None;
    let mut seen = Vec::new();
    for day in [0, 1, 7, 22] {
        let nf = fsrs.next_states(f.as_ref(), day, 0).after(q(4));
        let ns = sm2::answer(s.as_ref(), q(4), day, 0);
        seen.push((nf.retained_days, ns.retained_days));
        f = Some(nf);
        s = Some(ns);
    }
    assert_eq!(seen, [(0, 0), (1, 1), (6, 6), (15, 15)]);
    let failed = fsrs.next_states(f.as_ref(), 60, 0).after(q(2));
    assert_eq!(
        (failed.retained_days, failed.lapses, failed.reps),
        (0, 1, 1)
    );
}

#[test]
fn parameters_round_trip_as_text() {
    let text = format_parameters(&fsrs::DEFAULT_PARAMETERS);
    assert_eq!(parse_parameters(&text), Some(fsrs::DEFAULT_PARAMETERS));
    assert!(text.starts_with("0.212,1.2931,2.3065,8.2956,"), "{text}");
    assert_eq!(parse_parameters("1,2,3"), None);
    assert_eq!(parse_parameters(&format!("{text},1")), None);
    assert_eq!(parse_parameters(&text.replace("0.212", "NaN")), None);
}
