//! The quiz state machine: a line of input in, effects out. The REPL performs the effects
//! (committing grades, printing) in order; nothing here does I/O or reads a clock.

use std::collections::VecDeque;

use super::day::Day;
use super::exercise::{self, Check, NoRunner, Pace, QueryCheck, QueryRunner};
use super::grade::{self, Assessment};
use super::model::{Asked, Card, CardId, CardKind, ReviewMode};
use super::schedule::{self, Algorithm, CardState, Quality, Scheduler, comes_back_today};

mod commands;

pub use commands::{COMMANDS, bare, hint};

/// How a card is asked in this session.
#[derive(Debug, Clone, PartialEq)]
pub enum AskStyle {
    /// Front, reveal, self-grade; a typed answer, if any, is compared with the back.
    Flash,
    /// An answer must be typed; it is graded against the back.
    Typed,
    /// Numbered options, exactly one of them right; graded automatically.
    Choice {
        options: Vec<String>,
        correct: usize,
    },
    /// A text with `[...]` in place of `answer`, to be filled in.
    Cloze { text: String, answer: String },
    /// A SQL exercise: the answer is a query, run with the reference (the back) on the
    /// sample database `db`; rows must come in the reference's order when `ordered`.
    Query { db: String, ordered: bool },
    /// What a snippet prints: the answer is compared with the back line by line.
    Output,
}

impl AskStyle {
    /// Whether answers are checked by running something.
    #[must_use]
    pub fn is_exercise(&self) -> bool {
        matches!(self, AskStyle::Query { .. } | AskStyle::Output)
    }
}

/// How an exercise card is asked, whatever the session's mode: as the exercise it is.
#[must_use]
pub fn exercise_style(card: &Card) -> Option<AskStyle> {
    match card.kind {
        CardKind::Sql => Some(AskStyle::Query {
            db: card
                .sql
                .db
                .clone()
                .unwrap_or_else(|| exercise::DEFAULT_DATABASE.to_string()),
            ordered: card
                .sql
                .ordered
                .unwrap_or_else(|| exercise::sql::orders_rows(&card.back)),
        }),
        CardKind::Output => Some(AskStyle::Output),
        _ => None,
    }
}

/// A card and the way it is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub card: Card,
    pub style: AskStyle,
}

impl Prompt {
    /// The text the learner sees as the question.
    #[must_use]
    pub fn question(&self) -> &str {
        match &self.style {
            AskStyle::Cloze { text, .. } => text,
            _ => &self.card.front,
        }
    }

    /// The text an answer is graded against.
    #[must_use]
    pub fn expected(&self) -> &str {
        match &self.style {
            AskStyle::Cloze { answer, .. } => answer,
            _ => &self.card.back,
        }
    }
}

/// The default way to ask a card of each kind in a review.
#[must_use]
pub fn review_style(card: &Card, options: Option<(Vec<String>, usize)>) -> AskStyle {
    if let Some(style) = exercise_style(card) {
        return style;
    }
    match (card.kind, options) {
        (CardKind::Choice, Some((options, correct))) => AskStyle::Choice { options, correct },
        (CardKind::Typed, _) => AskStyle::Typed,
        (CardKind::Cloze, _) => AskStyle::Cloze {
            text: card.front.clone(),
            answer: card.back.clone(),
        },
        _ => AskStyle::Flash,
    }
}

/// What one grade would do, shown at the grade prompt before the learner picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradePreview {
    pub quality: Quality,
    /// The card's state after this grade.
    pub next: Option<CardState>,
    /// The card comes back later this session, and that repeat sets its interval (FSRS
    /// schedules same-day repeats; SM-2's interval is already set by this answer).
    pub settled_by_repeat: bool,
}

/// What kind of session this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// Scheduled review: SM-2 applies and cards graded below 4 come back (step 7).
    Review,
    /// Off-schedule practice, applied to the schedule only with `reschedule`.
    Drill { reschedule: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionConfig {
    pub kind: SessionKind,
    /// The study day that scheduled answers count for.
    pub today: Day,
    /// An answer given later than this after the card was shown counts as a miss.
    pub time_limit_ms: Option<i64>,
    /// Who decides the next state of a card after each grade.
    pub scheduler: Algorithm,
    /// How many times a card may come back in this session (`repeats_per_card`).
    pub max_repeats: u32,
}

/// A card's place in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pending {
    index: usize,
    mode: ReviewMode,
}

/// Where the session is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// The current card's question is shown; the next line is an answer or a command.
    Question,
    /// The answer is shown; the next line is a grade or a command.
    Grade {
        suggestion: Option<Quality>,
    },
    /// Every card is answered; a last `:undo` is still possible, anything else ends.
    Done,
    Finished,
}

/// One answer, as it must be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub card_id: CardId,
    pub deck_id: i64,
    pub quality: Quality,
    pub mode: ReviewMode,
    pub day: Day,
    pub reviewed_at: i64,
    pub duration_ms: i64,
    pub typed: Option<String>,
    /// How it was asked and given.
    pub asked: Asked,
    /// The state before; `None` for a new card.
    pub prev: Option<CardState>,
    /// The state after; equal to `prev` when the schedule is untouched.
    pub next: Option<CardState>,
    pub over_time: bool,
    /// Whether the card comes back later in this session.
    pub again_today: bool,
    /// The grade would bring the card back, but it has come back as often as a session
    /// allows (`SessionConfig::max_repeats`).
    pub repeat_limit: bool,
}

impl Answer {
    /// Whether the answer changed the card's schedule.
    #[must_use]
    pub fn rescheduled(&self) -> bool {
        self.prev != self.next
    }

    /// Whether the answer may have changed what skill levels count: how long the card is
    /// shown retained (`CardState::retained_days`) crossed a stage's mastery bar.
    #[must_use]
    pub fn changes_level_counts(&self) -> bool {
        crate::core::levels::crosses_a_mastery_bar(
            schedule::retained_days(self.prev.as_ref()),
            schedule::retained_days(self.next.as_ref()),
        )
    }
}

/// Counters of the session so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub answers: usize,
    pub correct: usize,
    pub cards: usize,
    pub remaining: usize,
    pub elapsed_ms: i64,
}

/// Everything the REPL must do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Show a card's question.
    Ask {
        prompt: Box<Prompt>,
        mode: ReviewMode,
        position: usize,
        total: usize,
    },
    /// Show the answer, and how the typed answer compares.
    Reveal {
        prompt: Box<Prompt>,
        typed: Option<String>,
        assessment: Option<Assessment>,
        /// An exercise's answer, checked by running it.
        check: Option<Box<Check>>,
        /// The grade an exercise's answer suggests (a typed answer's is in `assessment`).
        suggestion: Option<Quality>,
        over_time: bool,
    },
    /// Commit this answer durably, then acknowledge it.
    Record(Box<Answer>),
    /// Delete the last stored answer and put the card's state back to `restore`.
    Undo {
        card_id: CardId,
        restore: Option<CardState>,
    },
    Suspend {
        card_id: CardId,
    },
    Skipped {
        card_id: CardId,
    },
    Hint(String),
    Help,
    Stats(Progress),
    /// A short message about the last input (a bad grade, an unknown command).
    Notice(String),
    /// The last card is answered; the next line ends the session unless it is `:undo`.
    AllDone,
    Finished(Progress),
}

/// What was answered, kept for `:undo` and the end-of-session report.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub answer: Answer,
    index: usize,
    requeued: bool,
}

/// Cards graded below 4 come back after this many other cards (or at the end).
const RELEARN_GAP: usize = 4;

/// The quiz state machine.
#[derive(Debug, Clone)]
pub struct Session {
    config: SessionConfig,
    prompts: Vec<Prompt>,
    queue: VecDeque<Pending>,
    current: Option<Pending>,
    phase: Phase,
    shown_at: i64,
    started_at: i64,
    typed: Option<String>,
    over_time: bool,
    hint_level: usize,
    answered: Vec<Answered>,
}

impl Session {
    /// A session over `prompts`, asked in order; `modes` says which are relearning repeats.
    #[must_use]
    pub fn new(config: SessionConfig, prompts: Vec<(Prompt, ReviewMode)>) -> Session {
        let queue = prompts
            .iter()
            .enumerate()
            .map(|(index, (_, mode))| Pending { index, mode: *mode })
            .collect();
        Session {
            config,
            prompts: prompts.into_iter().map(|(p, _)| p).collect(),
            queue,
            current: None,
            phase: Phase::Question,
            shown_at: 0,
            started_at: 0,
            typed: None,
            over_time: false,
            hint_level: 0,
            answered: Vec::new(),
        }
    }

    #[must_use]
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.phase == Phase::Finished
    }

    /// The prompt being asked, if any.
    #[must_use]
    pub fn current(&self) -> Option<&Prompt> {
        self.current.map(|p| &self.prompts[p.index])
    }

    /// Every answer given, in order (undone ones removed).
    pub fn answered(&self) -> impl Iterator<Item = &Answer> {
        self.answered.iter().map(|a| &a.answer)
    }

    /// Every answer with the question it answered, in order (undone ones removed).
    pub fn results(&self) -> impl Iterator<Item = (&Prompt, &Answer)> {
        self.answered
            .iter()
            .map(|a| (&self.prompts[a.index], &a.answer))
    }

    /// Shows the first card (or finishes at once when there is none).
    pub fn start(&mut self, now_ms: i64) -> Vec<Effect> {
        self.started_at = now_ms;
        let mut effects = Vec::new();
        self.advance(now_ms, &mut effects);
        effects
    }

    /// Handles one line of input (`None` is end of input), in a session without a sample
    /// database (SQL answers are then not checked).
    pub fn handle(&mut self, line: Option<&str>, now_ms: i64) -> Vec<Effect> {
        self.handle_with(line, now_ms, &mut NoRunner)
    }

    /// Handles one answer or command (`None` is end of input); SQL answers run on `runner`.
    pub fn handle_with(
        &mut self,
        line: Option<&str>,
        now_ms: i64,
        runner: &mut dyn QueryRunner,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        let Some(line) = line else {
            self.finish(now_ms, &mut effects);
            return effects;
        };
        if self.is_finished() {
            return effects;
        }
        let raw = line;
        let line = line.trim();
        if line.starts_with(':') {
            self.command(line, now_ms, &mut effects);
            return effects;
        }
        // Where no answer is expected, `help`, `undo` and `quit` are the commands.
        if matches!(self.phase, Phase::Grade { .. } | Phase::Done)
            && let Some(command) = commands::bare(line)
        {
            self.command(command, now_ms, &mut effects);
            return effects;
        }
        // What a program prints may start with spaces: an output answer keeps them.
        let output = self
            .current()
            .is_some_and(|p| p.style == AskStyle::Output && !line.is_empty());
        let answer = if output { raw.trim_end() } else { line };
        match self.phase.clone() {
            Phase::Question => self.answer(answer, now_ms, &mut effects, runner),
            Phase::Grade { suggestion } => self.grade(line, suggestion, now_ms, &mut effects),
            Phase::Done => self.finish(now_ms, &mut effects),
            Phase::Finished => {}
        }
        effects
    }

    #[must_use]
    pub fn progress(&self, now_ms: i64) -> Progress {
        let mut cards: Vec<CardId> = self.answered.iter().map(|a| a.answer.card_id).collect();
        cards.sort_unstable();
        cards.dedup();
        Progress {
            answers: self.answered.len(),
            correct: self
                .answered
                .iter()
                .filter(|a| a.answer.quality.passed())
                .count(),
            cards: cards.len(),
            remaining: self.queue.len() + usize::from(self.current.is_some()),
            elapsed_ms: now_ms - self.started_at,
        }
    }

    fn advance(&mut self, now_ms: i64, effects: &mut Vec<Effect>) {
        self.typed = None;
        self.over_time = false;
        self.hint_level = 0;
        match self.queue.pop_front() {
            Some(next) => {
                self.current = Some(next);
                self.phase = Phase::Question;
                self.shown_at = now_ms;
                effects.push(self.ask_effect());
            }
            None if self.answered.is_empty() => {
                self.current = None;
                self.finish(now_ms, effects);
            }
            None => {
                self.current = None;
                self.phase = Phase::Done;
                effects.push(Effect::AllDone);
            }
        }
    }

    fn ask_effect(&self) -> Effect {
        let current = self.current.unwrap_or(Pending {
            index: 0,
            mode: ReviewMode::Review,
        });
        Effect::Ask {
            prompt: Box::new(self.prompts[current.index].clone()),
            mode: current.mode,
            position: self.answered.len() + 1,
            total: self.answered.len() + 1 + self.queue.len(),
        }
    }

    fn finish(&mut self, now_ms: i64, effects: &mut Vec<Effect>) {
        if self.phase != Phase::Finished {
            self.phase = Phase::Finished;
            effects.push(Effect::Finished(self.progress(now_ms)));
        }
    }

    /// A line at the question prompt: the typed answer (empty reveals).
    fn answer(
        &mut self,
        line: &str,
        now_ms: i64,
        effects: &mut Vec<Effect>,
        runner: &mut dyn QueryRunner,
    ) {
        let Some(current) = self.current else { return };
        let prompt = self.prompts[current.index].clone();
        self.over_time = self
            .config
            .time_limit_ms
            .is_some_and(|limit| now_ms - self.shown_at > limit);
        let typed = (!line.is_empty()).then(|| line.to_string());
        let assessment = match (&prompt.style, &typed) {
            (AskStyle::Choice { options, correct }, Some(t)) => {
                if let Some(pick) = choice_pick(t, options) {
                    Some(choice_assessment(pick == *correct))
                } else {
                    effects.push(Effect::Notice(format!(
                        "type the number of an option, 1 to {}",
                        options.len()
                    )));
                    return;
                }
            }
            (AskStyle::Flash, None) | (AskStyle::Query { .. } | AskStyle::Output, _) => None,
            (style, t) => {
                // A cloze is graded on its blank alone; the card's key points are about
                // the whole answer.
                let points = match style {
                    AskStyle::Cloze { .. } => &[][..],
                    _ => &prompt.card.key_points[..],
                };
                let a = grade::assess_card(
                    t.as_deref().unwrap_or(""),
                    points,
                    prompt.expected(),
                    prompt.question(),
                );
                Some(a.with_hints(self.hint_level))
            }
        };
        // A late answer is a miss whatever it holds, and the reveal says so: the
        // suggestion shown is the grade recorded.
        let assessment = assessment.map(|mut a| {
            if self.over_time {
                a.suggested = Quality::clamped(0);
            }
            a
        });
        let check = typed
            .as_deref()
            .and_then(|t| check_exercise(&prompt, t, runner));
        let mut suggestion = assessment.as_ref().map(|a| a.suggested);
        let exercise = pace(&prompt.style).is_some();
        if let Some(pace) = pace(&prompt.style) {
            let right = match (&check, &typed) {
                (Some(c), _) => c.right(),
                (None, None) => Some(false),
                (None, Some(_)) => None,
            };
            let elapsed = now_ms - self.shown_at;
            suggestion = exercise::suggested_grade(right, self.hint_level, elapsed, pace);
        }
        if self.over_time {
            suggestion = Quality::new(0);
        }
        self.typed.clone_from(&typed);
        effects.push(Effect::Reveal {
            prompt: Box::new(prompt.clone()),
            typed,
            assessment,
            check: check.map(Box::new),
            suggestion: suggestion.filter(|_| exercise),
            over_time: self.over_time,
        });
        // A picked option grades itself, and so does a late answer; an empty line at a
        // choice question reveals the answer and leaves the grade to the learner.
        let auto = (matches!(prompt.style, AskStyle::Choice { .. }) && self.typed.is_some())
            || self.over_time;
        match (auto, suggestion) {
            (true, Some(q)) => self.record(q, now_ms, effects),
            _ => self.phase = Phase::Grade { suggestion },
        }
    }

    /// A line at the grade prompt.
    fn grade(
        &mut self,
        line: &str,
        suggestion: Option<Quality>,
        now_ms: i64,
        effects: &mut Vec<Effect>,
    ) {
        // No grade is taken by default, on any kind of card: Enter alone asks again (a
        // default let Enter, Enter record a blackout, or an unearned 5).
        match parse_grade(line) {
            Some(q) => self.record(q, now_ms, effects),
            None if line.is_empty() => effects.push(Effect::Notice(match suggestion {
                Some(q) => format!("type a grade: {q} is suggested; 0-5, or again/hard/good/easy"),
                None => "grade the answer: 0-5, or again/hard/good/easy".to_string(),
            })),
            None => effects.push(Effect::Notice(format!(
                "`{line}` is not a grade: type 0-5, or again/hard/good/easy"
            ))),
        }
    }

    /// Whether answering the current card `quality` brings it back later this session,
    /// and whether only the session's repeat limit keeps it from coming back.
    fn comes_back(&self, current: Pending, quality: Quality) -> (bool, bool) {
        if self.config.kind != SessionKind::Review {
            return (false, false);
        }
        let in_repeat = current.mode == ReviewMode::Relearn;
        let repeats_done = self.repeats_of(current.index);
        let scheduler = &self.config.scheduler;
        let unlimited = comes_back_today(scheduler, quality, in_repeat, 0, u32::MAX);
        let again = comes_back_today(
            scheduler,
            quality,
            in_repeat,
            repeats_done,
            self.config.max_repeats,
        );
        (again, unlimited && !again)
    }

    /// What Again (1), Hard (3), Good (4) and Easy (5) would do to the card at the grade
    /// prompt: its state after each, and whether it comes back later this session. Empty
    /// when no grade changes the schedule (a drill, an SM-2 same-day repeat). The states
    /// are those of an answer at the time the card was shown (no clock is read).
    #[must_use]
    pub fn grade_preview(&self) -> Vec<GradePreview> {
        let now_ms = self.shown_at;
        let (Phase::Grade { .. }, Some(current)) = (&self.phase, self.current) else {
            return Vec::new();
        };
        let prev = self.prompts[current.index].card.state;
        let previews: Vec<GradePreview> = [1, 3, 4, 5]
            .map(Quality::clamped)
            .into_iter()
            .map(|quality| GradePreview {
                quality,
                next: self.next_state(current, quality, now_ms),
                settled_by_repeat: self.comes_back(current, quality).0
                    && self.config.scheduler.schedules_repeats(),
            })
            .collect();
        if previews.iter().all(|p| p.next == prev) {
            return Vec::new();
        }
        previews
    }

    fn record(&mut self, quality: Quality, now_ms: i64, effects: &mut Vec<Effect>) {
        let Some(current) = self.current else { return };
        let next = self.next_state(current, quality, now_ms);
        let (again_today, repeat_limit) = self.comes_back(current, quality);
        let mut answer = self.answer_for(current, quality, next, again_today, now_ms);
        answer.repeat_limit = repeat_limit;
        self.prompts[current.index].card.state = next;
        if again_today {
            let at = RELEARN_GAP.min(self.queue.len());
            let relearn = Pending {
                index: current.index,
                mode: ReviewMode::Relearn,
            };
            self.queue.insert(at, relearn);
        }
        effects.push(Effect::Record(Box::new(answer.clone())));
        self.answered.push(Answered {
            answer,
            index: current.index,
            requeued: again_today,
        });
        self.advance(now_ms, effects);
    }

    /// How many times the card at `index` has come back in this session so far (the
    /// showing being answered included, when it is a repeat).
    fn repeats_of(&self, index: usize) -> u32 {
        let earlier = self
            .answered
            .iter()
            .filter(|a| a.index == index && a.answer.mode == ReviewMode::Relearn)
            .count();
        let now = self
            .current
            .is_some_and(|c| c.index == index && c.mode == ReviewMode::Relearn);
        u32::try_from(earlier + usize::from(now)).unwrap_or(u32::MAX)
    }

    /// The card's state after this grade: the scheduler's for a scheduled answer (and for
    /// a same-day repeat when the scheduler schedules those), the state before for drills
    /// that leave the schedule alone.
    fn next_state(&self, current: Pending, quality: Quality, now_ms: i64) -> Option<CardState> {
        let prev = self.prompts[current.index].card.state;
        let schedules = match (self.config.kind, current.mode) {
            // SM-2 leaves the schedule alone in a same-day repeat; FSRS learns from it.
            (_, ReviewMode::Relearn) => self.config.scheduler.schedules_repeats(),
            (SessionKind::Review, _) => true,
            (SessionKind::Drill { reschedule }, _) => reschedule,
        };
        if !schedules {
            return prev;
        }
        let states = self
            .config
            .scheduler
            .next_states(prev.as_ref(), self.config.today, now_ms);
        Some(states.after(quality))
    }

    /// The answer to store, taking the typed text with it.
    fn answer_for(
        &mut self,
        current: Pending,
        quality: Quality,
        next: Option<CardState>,
        again_today: bool,
        now_ms: i64,
    ) -> Answer {
        let prompt = &self.prompts[current.index];
        let asked = match (&prompt.style, &self.typed) {
            (AskStyle::Choice { .. }, Some(_)) => Asked::Choice,
            (AskStyle::Cloze { .. }, Some(_)) => Asked::Cloze,
            (_, Some(_)) => Asked::Typed,
            (_, None) => Asked::Flash,
        };
        let card = &prompt.card;
        Answer {
            card_id: card.id,
            deck_id: card.deck_id,
            quality,
            mode: current.mode,
            day: self.config.today,
            reviewed_at: now_ms,
            duration_ms: (now_ms - self.shown_at).max(0),
            typed: self.typed.take(),
            asked,
            prev: card.state,
            next,
            over_time: self.over_time,
            again_today,
            repeat_limit: false,
        }
    }
}

/// Runs an exercise's answer: a query on the sample database, or the typed output
/// compared with the stored one. `None` for a card that is not an exercise.
fn check_exercise(prompt: &Prompt, typed: &str, runner: &mut dyn QueryRunner) -> Option<Check> {
    match &prompt.style {
        AskStyle::Query { db, ordered } => Some(Check::Query(QueryCheck::run(
            runner,
            db,
            &prompt.card.back,
            typed,
            *ordered,
        ))),
        AskStyle::Output => Some(Check::Output(exercise::output::check(
            &prompt.card.back,
            typed,
        ))),
        _ => None,
    }
}

/// How long an exercise's answer may take before its grade is lowered.
fn pace(style: &AskStyle) -> Option<Pace> {
    match style {
        AskStyle::Query { .. } => Some(Pace::QUERY),
        AskStyle::Output => Some(Pace::OUTPUT),
        _ => None,
    }
}

/// `0`–`5`, or Anki's words: again 1, hard 3, good 4, easy 5.
pub fn parse_grade(s: &str) -> Option<Quality> {
    match s.trim().to_ascii_lowercase().as_str() {
        "again" => Quality::new(1),
        "hard" => Quality::new(3),
        "good" => Quality::new(4),
        "easy" => Quality::new(5),
        n => n.parse::<u8>().ok().and_then(Quality::new),
    }
}

/// The option a choice answer picks: its number, or its text typed out.
fn choice_pick(typed: &str, options: &[String]) -> Option<usize> {
    if let Ok(n) = typed.trim().parse::<usize>() {
        return (1..=options.len()).contains(&n).then(|| n - 1);
    }
    let t = grade::normalize(typed);
    options.iter().position(|o| grade::normalize(o) == t)
}

/// A right choice is a good recall (4), a wrong one a failure (1).
fn choice_assessment(right: bool) -> Assessment {
    let score = if right { 1.0 } else { 0.0 };
    Assessment {
        score,
        suggested: Quality::clamped(if right { 4 } else { 1 }),
        missing: Vec::new(),
        met: Vec::new(),
        matched: usize::from(right),
        terms: 1,
        by_points: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Stage;

    fn card(id: i64, kind: CardKind, back: &str) -> Card {
        Card {
            id: CardId(id),
            guid: format!("c{id}"),
            deck_id: 1,
            deck: "D".into(),
            stage: Stage::Beginner,
            kind,
            front: format!("front {id}"),
            back: back.into(),
            choices: vec![],
            tags: vec![],
            key_points: vec![],
            note: String::new(),
            sql: crate::core::model::SqlOptions::default(),
            suspended: false,
            state: None,
        }
    }

    fn review(cards: Vec<Card>) -> Session {
        let prompts = cards
            .into_iter()
            .map(|c| {
                let style = review_style(&c, None);
                (Prompt { card: c, style }, ReviewMode::Review)
            })
            .collect();
        Session::new(
            SessionConfig {
                kind: SessionKind::Review,
                today: 100,
                time_limit_ms: None,
                scheduler: Algorithm::Sm2,
                max_repeats: 3,
            },
            prompts,
        )
    }

    fn records(effects: &[Effect]) -> Vec<&Answer> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Record(a) => Some(a.as_ref()),
                _ => None,
            })
            .collect()
    }

    fn asked(effects: &[Effect]) -> Option<(i64, ReviewMode, usize, usize)> {
        effects.iter().find_map(|e| match e {
            Effect::Ask {
                prompt,
                mode,
                position,
                total,
            } => Some((prompt.card.id.0, *mode, *position, *total)),
            _ => None,
        })
    }

    #[test]
    fn bare_help_undo_and_quit_are_commands_at_the_grade_prompt_only() {
        let mut s = review(vec![
            card(1, CardKind::Basic, "one"),
            card(2, CardKind::Basic, "two"),
        ]);
        s.start(0);
        // At the question `help` is an answer: it is revealed, not obeyed.
        let e = s.handle(Some("help"), 10);
        assert!(matches!(e[0], Effect::Reveal { .. }), "{e:?}");
        let e = s.handle(Some("Help"), 20);
        assert!(matches!(e[..], [Effect::Help]), "{e:?}");
        assert!(matches!(s.phase(), Phase::Grade { .. }));
        let e = s.handle(Some("good"), 30);
        assert!(matches!(e[0], Effect::Record(_)), "{e:?}");
        s.handle(Some(""), 40);
        let e = s.handle(Some("undo"), 50);
        assert!(e.iter().any(|x| matches!(x, Effect::Undo { .. })), "{e:?}");
        s.handle(Some(""), 60);
        let e = s.handle(Some(" QUIT "), 70);
        assert!(e.iter().any(|x| matches!(x, Effect::Finished(_))), "{e:?}");
        assert!(s.is_finished());
    }

    #[test]
    fn reveal_then_grade_records_sm2_and_moves_on() {
        let mut s = review(vec![
            card(1, CardKind::Basic, "one"),
            card(2, CardKind::Basic, "two"),
        ]);
        assert_eq!(asked(&s.start(0)), Some((1, ReviewMode::Review, 1, 2)));
        let e = s.handle(Some(""), 10);
        assert!(matches!(
            e[0],
            Effect::Reveal {
                assessment: None,
                ..
            }
        ));
        assert_eq!(s.phase(), &Phase::Grade { suggestion: None });
        let e = s.handle(Some(""), 20);
        assert!(
            matches!(e[0], Effect::Notice(_)),
            "no suggestion: ask again"
        );
        let e = s.handle(Some("good"), 30);
        let r = records(&e);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].quality.value(), 4);
        assert_eq!(r[0].duration_ms, 30);
        assert_eq!(r[0].next.unwrap().due_day, 101);
        assert!(matches!(e.last(), Some(Effect::Ask { .. })));
        assert_eq!(asked(&e), Some((2, ReviewMode::Review, 2, 2)));
    }

    /// Enter alone used to take the suggestion; now no reveal has a default grade, so
    /// Enter, Enter cannot record a blackout (a cloze) or an unearned 5.
    #[test]
    fn typed_answers_suggest_a_grade_that_enter_alone_does_not_take() {
        let mut s = review(vec![card(1, CardKind::Basic, "Kubernetes")]);
        s.start(0);
        let e = s.handle(Some("kubernetes"), 5);
        match &e[0] {
            Effect::Reveal {
                assessment: Some(a),
                ..
            } => assert_eq!(a.suggested.value(), 5),
            other => panic!("{other:?}"),
        }
        let e = s.handle(Some(""), 6);
        assert!(records(&e).is_empty());
        assert!(matches!(&e[0], Effect::Notice(m) if m.contains("5 is suggested")));
        let e = s.handle(Some("5"), 7);
        assert_eq!(records(&e)[0].quality.value(), 5);
        assert_eq!(e.last(), Some(&Effect::AllDone));
        let e = s.handle(Some(""), 8);
        assert!(matches!(e.last(), Some(Effect::Finished(_))));
    }

    #[test]
    fn an_empty_cloze_reveal_has_no_default_either() {
        let mut c = card(1, CardKind::Cloze, "Canberra");
        c.front = "The capital of Australia is [...].".into();
        let mut s = review(vec![c]);
        s.start(0);
        s.handle(Some(""), 1);
        let e = s.handle(Some(""), 2);
        assert!(records(&e).is_empty(), "Enter, Enter records nothing");
        assert_eq!(records(&s.handle(Some("4"), 3))[0].quality.value(), 4);
    }

    #[test]
    fn hints_cap_the_suggestion() {
        let mut s = review(vec![card(1, CardKind::Typed, "Kubernetes")]);
        s.start(0);
        s.handle(Some(":hint"), 1);
        let e = s.handle(Some("Kubernetes"), 2);
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(3)
            },
            "{e:?}"
        );
        let mut s = review(vec![card(1, CardKind::Typed, "Kubernetes")]);
        s.start(0);
        s.handle(Some(":hint"), 1);
        s.handle(Some(":hint"), 1);
        s.handle(Some("Kubernetes"), 2);
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(2)
            }
        );
    }

    /// Shows of card 1 when every showing of it is answered `grade` (others 5).
    fn showings(grade: &str, max_repeats: u32) -> (usize, Vec<Answer>) {
        let mut s = review(vec![
            card(1, CardKind::Basic, "x"),
            card(2, CardKind::Basic, "y"),
        ]);
        s.config.max_repeats = max_repeats;
        let mut e = s.start(0);
        let mut shown = 0;
        for t in 1..100 {
            match asked(&e) {
                Some((1, ..)) => {
                    shown += 1;
                    s.handle(Some(""), t);
                    e = s.handle(Some(grade), t);
                }
                Some(_) => {
                    s.handle(Some(""), t);
                    e = s.handle(Some("5"), t);
                }
                None => break,
            }
        }
        let answers = s
            .answered()
            .filter(|a| a.card_id == CardId(1))
            .cloned()
            .collect();
        (shown, answers)
    }

    #[test]
    fn hard_in_a_repeat_is_a_pass_that_ends_the_repeats() {
        let (shown, answers) = showings("3", 3);
        assert_eq!(shown, 2, "the scheduled answer, then one repeat");
        assert!(answers[0].again_today);
        assert_eq!(answers[1].mode, ReviewMode::Relearn);
        assert!(!answers[1].again_today && !answers[1].repeat_limit);
    }

    #[test]
    fn a_card_comes_back_at_most_the_configured_times() {
        let (shown, answers) = showings("1", 3);
        assert_eq!(shown, 4, "the scheduled answer and three repeats");
        assert!(answers[3].repeat_limit, "the last says why it stops");
        assert!(!answers[3].again_today);
        let (shown, answers) = showings("again", 1);
        assert_eq!(shown, 2);
        assert!(answers[1].repeat_limit);
        let (shown, answers) = showings("0", 0);
        assert_eq!(shown, 1);
        assert!(answers[0].repeat_limit);
    }

    #[test]
    fn low_grades_come_back_as_relearn_until_four() {
        let mut s = review(vec![card(1, CardKind::Basic, "x")]);
        s.start(0);
        s.handle(Some(""), 1);
        let e = s.handle(Some("3"), 2);
        let first = records(&e)[0].next.unwrap();
        assert_eq!(asked(&e), Some((1, ReviewMode::Relearn, 2, 2)));
        s.handle(Some(""), 3);
        let e = s.handle(Some("2"), 4);
        let r = records(&e)[0];
        assert_eq!(r.mode, ReviewMode::Relearn);
        assert_eq!(r.next, Some(first), "relearn leaves the schedule alone");
        assert!(!r.rescheduled());
        assert_eq!(asked(&e), Some((1, ReviewMode::Relearn, 3, 3)));
        s.handle(Some(""), 5);
        let e = s.handle(Some("4"), 6);
        assert_eq!(e.last(), Some(&Effect::AllDone));
        let e = s.handle(None, 7);
        assert!(matches!(e.last(), Some(Effect::Finished(p)) if p.answers == 3 && p.cards == 1));
    }

    #[test]
    fn undo_restores_state_and_asks_again() {
        let mut s = review(vec![
            card(1, CardKind::Basic, "x"),
            card(2, CardKind::Basic, "y"),
        ]);
        s.start(0);
        s.handle(Some(""), 1);
        s.handle(Some("1"), 2); // card 1 requeued, card 2 asked
        let e = s.handle(Some(":undo"), 3);
        assert_eq!(
            e[0],
            Effect::Undo {
                card_id: CardId(1),
                restore: None
            }
        );
        assert_eq!(asked(&e), Some((1, ReviewMode::Review, 1, 2)));
        assert_eq!(s.current().unwrap().card.state, None);
        s.handle(Some(""), 4);
        let e = s.handle(Some("5"), 5);
        assert_eq!(records(&e)[0].prev, None);
        assert_eq!(
            asked(&e),
            Some((2, ReviewMode::Review, 2, 2)),
            "no relearn left behind"
        );
    }

    #[test]
    fn undo_takes_back_the_relearn_of_the_undone_card_only() {
        let mut s = review(vec![
            card(1, CardKind::Basic, "x"),
            card(2, CardKind::Basic, "y"),
            card(3, CardKind::Basic, "z"),
        ]);
        s.start(0);
        let mut t = 0;
        let mut say = |s: &mut Session, line: &str| {
            t += 1;
            asked(&s.handle(Some(line), t)).map(|(id, mode, _, _)| (id, mode))
        };
        for _ in 0..2 {
            say(&mut s, "");
            say(&mut s, "1"); // failed: a relearn queued at the end
        }
        assert_eq!(say(&mut s, ":undo"), Some((2, ReviewMode::Review)));
        say(&mut s, "");
        assert_eq!(say(&mut s, "5"), Some((3, ReviewMode::Review)));
        say(&mut s, "");
        assert_eq!(
            say(&mut s, "5"),
            Some((1, ReviewMode::Relearn)),
            "card 1's relearn is still queued"
        );
        say(&mut s, "");
        t += 1;
        let e = s.handle(Some("5"), t);
        assert_eq!(e.last(), Some(&Effect::AllDone), "card 2's relearn is gone");
    }

    #[test]
    fn the_last_grade_can_still_be_undone() {
        let mut s = review(vec![card(1, CardKind::Basic, "x")]);
        s.start(0);
        s.handle(Some(""), 1);
        assert_eq!(
            s.handle(Some("2"), 2).last(),
            Some(&Effect::Ask {
                prompt: Box::new(s.current().unwrap().clone()),
                mode: ReviewMode::Relearn,
                position: 2,
                total: 2,
            })
        );
        s.handle(Some(""), 3);
        assert_eq!(s.handle(Some("5"), 4).last(), Some(&Effect::AllDone));
        let e = s.handle(Some(":undo"), 5);
        assert!(matches!(
            e[0],
            Effect::Undo {
                card_id: CardId(1),
                ..
            }
        ));
        assert_eq!(asked(&e), Some((1, ReviewMode::Relearn, 2, 2)));
        assert!(
            s.handle(Some(":hint"), 6)
                .iter()
                .all(|e| matches!(e, Effect::Hint(_)))
        );
    }

    #[test]
    fn undo_with_nothing_answered_says_so() {
        let mut s = review(vec![card(1, CardKind::Basic, "x")]);
        s.start(0);
        assert!(matches!(&s.handle(Some(":undo"), 1)[0], Effect::Notice(_)));
    }

    #[test]
    fn commands_skip_suspend_and_quit() {
        let mut s = review(vec![
            card(1, CardKind::Basic, "x"),
            card(2, CardKind::Basic, "y"),
            card(3, CardKind::Basic, "z"),
        ]);
        s.start(0);
        let e = s.handle(Some(":skip"), 1);
        assert_eq!(e[0], Effect::Skipped { card_id: CardId(1) });
        let e = s.handle(Some(":sus"), 2);
        assert_eq!(e[0], Effect::Suspend { card_id: CardId(2) });
        let e = s.handle(Some(":q"), 3);
        assert!(matches!(
            e[0],
            Effect::Finished(Progress {
                answers: 0,
                remaining: 1,
                ..
            })
        ));
        assert!(s.handle(Some("5"), 4).is_empty());
    }

    #[test]
    fn unknown_and_ambiguous_commands_are_refused() {
        let mut s = review(vec![card(1, CardKind::Basic, "x")]);
        s.start(0);
        assert!(matches!(
            &s.handle(Some(":frobnicate"), 1)[0],
            Effect::Notice(_)
        ));
        assert!(
            matches!(&s.handle(Some(":s"), 1)[0], Effect::Notice(_)),
            ":s is ambiguous"
        );
    }

    #[test]
    fn bad_grades_are_refused_without_recording() {
        let mut s = review(vec![card(1, CardKind::Basic, "x")]);
        s.start(0);
        s.handle(Some(""), 1);
        let e = s.handle(Some("7"), 2);
        assert!(matches!(&e[0], Effect::Notice(m) if m.contains("not a grade")));
        assert!(records(&e).is_empty());
    }

    #[test]
    fn end_of_input_finishes_cleanly() {
        let mut s = review(vec![card(1, CardKind::Basic, "x")]);
        s.start(0);
        assert!(matches!(&s.handle(None, 1)[0], Effect::Finished(_)));
    }

    #[test]
    fn hints_reveal_more_each_time() {
        let mut s = review(vec![card(1, CardKind::Basic, "Data pipeline")]);
        s.start(0);
        assert_eq!(
            s.handle(Some(":hint"), 1),
            vec![Effect::Hint("D___ p_______".into())]
        );
        assert_eq!(
            s.handle(Some(":hint"), 1),
            vec![Effect::Hint("Da__ pi______".into())]
        );
    }

    #[test]
    fn choice_answers_grade_themselves() {
        let c = card(1, CardKind::Choice, "right");
        let style = review_style(&c, Some((vec!["wrong".into(), "right".into()], 1)));
        let mut s = Session::new(
            SessionConfig {
                kind: SessionKind::Drill { reschedule: false },
                today: 0,
                time_limit_ms: None,
                scheduler: Algorithm::Sm2,
                max_repeats: 3,
            },
            vec![(Prompt { card: c, style }, ReviewMode::Drill)],
        );
        s.start(0);
        assert!(matches!(&s.handle(Some("9"), 1)[0], Effect::Notice(_)));
        let e = s.handle(Some("2"), 2);
        let r = records(&e)[0];
        assert!(r.quality.passed());
        assert_eq!(r.next, None, "a drill leaves the schedule alone");
    }

    #[test]
    fn a_late_answer_counts_as_a_miss() {
        let mut s = review(vec![card(1, CardKind::Typed, "exact")]);
        s.config.time_limit_ms = Some(1_000);
        s.start(0);
        let e = s.handle(Some("exact"), 1_001);
        assert!(matches!(
            &e[0],
            Effect::Reveal {
                over_time: true,
                ..
            }
        ));
        let r = records(&e)[0];
        assert_eq!(r.quality.value(), 0);
        assert!(r.over_time);
        // What the reveal says is what was recorded.
        assert!(matches!(
            &e[0],
            Effect::Reveal {
                assessment: Some(a),
                ..
            } if a.suggested.value() == 0
        ));
    }

    #[test]
    fn a_timed_drill_counts_a_late_right_choice_as_a_miss() {
        let c = card(1, CardKind::Choice, "right");
        let style = review_style(&c, Some((vec!["wrong".into(), "right".into()], 1)));
        let drill = |limit| {
            let mut s = Session::new(
                SessionConfig {
                    kind: SessionKind::Drill { reschedule: false },
                    today: 0,
                    time_limit_ms: Some(limit),
                    scheduler: Algorithm::Sm2,
                    max_repeats: 3,
                },
                vec![(
                    Prompt {
                        card: c.clone(),
                        style: style.clone(),
                    },
                    ReviewMode::Drill,
                )],
            );
            s.start(10_000);
            s
        };
        let mut in_time = drill(30_000);
        let e = in_time.handle(Some("2"), 40_000);
        assert!(records(&e)[0].quality.passed());
        let mut late = drill(30_000);
        let e = late.handle(Some("2"), 40_001);
        assert!(matches!(
            &e[0],
            Effect::Reveal {
                over_time: true,
                ..
            }
        ));
        let r = records(&e)[0];
        assert_eq!(
            (r.quality.value(), r.over_time, r.duration_ms),
            (0, true, 30_001)
        );
    }

    /// A fake sample database: a query's text is its result (one row per `,`-separated
    /// item), `boom` fails as `SQLite` would.
    struct FakeDb {
        ran: Vec<(String, String)>,
    }

    impl QueryRunner for FakeDb {
        fn run(
            &mut self,
            db: &str,
            sql: &str,
        ) -> Result<exercise::ResultSet, exercise::QueryError> {
            self.ran.push((db.to_string(), sql.to_string()));
            if sql.contains("boom") {
                return Err(exercise::QueryError::Sqlite(
                    "near \"boom\": syntax error".into(),
                ));
            }
            Ok(exercise::ResultSet {
                columns: vec!["v".into()],
                rows: sql
                    .trim_end_matches(';')
                    .split(',')
                    .map(|v| vec![exercise::Value::Text(v.trim().to_string())])
                    .collect(),
                truncated: false,
            })
        }
    }

    fn exercise_session(kind: CardKind, back: &str) -> Session {
        let mut c = card(1, kind, back);
        c.sql.db = (kind == CardKind::Sql).then(|| "shop".to_string());
        review(vec![c])
    }

    fn revealed(effects: &[Effect]) -> Option<&Check> {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::Reveal { check, .. } => Some(check.as_deref()),
                _ => None,
            })
            .flatten()
    }

    #[test]
    fn a_right_query_runs_both_on_the_sample_database_and_suggests_five() {
        let mut s = exercise_session(CardKind::Sql, "b, a;");
        let mut db = FakeDb { ran: vec![] };
        s.start(0);
        let e = s.handle_with(Some("a,b;"), 10_000, &mut db);
        assert_eq!(
            db.ran,
            [
                ("shop".to_string(), "b, a;".to_string()),
                ("shop".to_string(), "a,b;".to_string())
            ]
        );
        assert_eq!(revealed(&e).and_then(Check::right), Some(true));
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(5)
            }
        );
        // Enter alone takes no grade, on an exercise as on any card.
        assert!(matches!(s.handle(Some(""), 10_500)[0], Effect::Notice(_)));
        let e = s.handle(Some("5"), 11_000);
        assert_eq!(records(&e)[0].quality.value(), 5);
        assert_eq!(records(&e)[0].typed.as_deref(), Some("a,b;"));
    }

    #[test]
    fn a_wrong_or_failing_query_suggests_one_and_the_session_goes_on() {
        let mut s = exercise_session(CardKind::Sql, "a, b;");
        let mut db = FakeDb { ran: vec![] };
        s.start(0);
        let e = s.handle_with(Some("a;"), 1_000, &mut db);
        assert_eq!(revealed(&e).and_then(Check::right), Some(false));
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(1)
            }
        );
        let mut s = exercise_session(CardKind::Sql, "a, b;");
        s.start(0);
        let e = s.handle_with(Some("boom;"), 1_000, &mut db);
        match revealed(&e) {
            Some(Check::Query(q)) => {
                assert_eq!(
                    q.got,
                    Err(exercise::QueryError::Sqlite(
                        "near \"boom\": syntax error".into()
                    ))
                );
                assert_eq!(q.right(), Some(false));
            }
            other => panic!("{other:?}"),
        }
        let e = s.handle(Some("1"), 2_000);
        assert_eq!(records(&e)[0].quality.value(), 1);
    }

    #[test]
    fn hints_and_a_slow_answer_lower_a_right_query() {
        let mut s = exercise_session(CardKind::Sql, "a;");
        let mut db = FakeDb { ran: vec![] };
        s.start(0);
        s.handle(Some(":hint"), 1);
        s.handle_with(Some("a;"), 120_001, &mut db);
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(3)
            },
            "one hint and over two minutes"
        );
    }

    #[test]
    fn a_broken_reference_leaves_the_grade_to_the_learner() {
        let mut s = exercise_session(CardKind::Sql, "boom;");
        let mut db = FakeDb { ran: vec![] };
        s.start(0);
        s.handle_with(Some("a;"), 1, &mut db);
        assert_eq!(s.phase(), &Phase::Grade { suggestion: None });
    }

    #[test]
    fn output_answers_are_compared_line_by_line_without_a_database() {
        let mut s = exercise_session(CardKind::Output, "[1]\n[1, 2]");
        s.start(0);
        let e = s.handle(Some("[1]  \n[1, 2]\n"), 1_000);
        assert_eq!(revealed(&e).and_then(Check::right), Some(true));
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(5)
            }
        );
        let mut s = exercise_session(CardKind::Output, "[1]\n[1, 2]");
        s.start(0);
        s.handle(Some("[1]\n[2]"), 1_000);
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(1)
            }
        );
    }

    #[test]
    fn an_output_answer_keeps_its_leading_spaces() {
        let mut s = exercise_session(CardKind::Output, "  0\n  1");
        s.start(0);
        let e = s.handle(Some("  0\n  1\n"), 1_000);
        assert_eq!(revealed(&e).and_then(Check::right), Some(true));
        let mut s = exercise_session(CardKind::Output, "  0\n  1");
        s.start(0);
        let e = s.handle(Some("0\n1"), 1_000);
        assert_eq!(revealed(&e).and_then(Check::right), Some(false));
    }

    #[test]
    fn an_empty_answer_to_an_exercise_reveals_it_and_suggests_one() {
        let mut s = exercise_session(CardKind::Sql, "a;");
        s.start(0);
        let e = s.handle(Some(""), 1);
        assert_eq!(revealed(&e), None);
        assert_eq!(
            s.phase(),
            &Phase::Grade {
                suggestion: Quality::new(1)
            }
        );
    }

    #[test]
    fn sql_cards_are_ordered_when_the_reference_orders_or_the_card_says_so() {
        let mut c = card(1, CardKind::Sql, "SELECT a FROM t ORDER BY a;");
        assert_eq!(
            review_style(&c, None),
            AskStyle::Query {
                db: "shop".into(),
                ordered: true
            }
        );
        c.back = "SELECT a, rank() OVER (ORDER BY a) FROM t;".into();
        assert_eq!(
            exercise_style(&c),
            Some(AskStyle::Query {
                db: "shop".into(),
                ordered: false
            })
        );
        c.sql.ordered = Some(true);
        assert_eq!(
            exercise_style(&c),
            Some(AskStyle::Query {
                db: "shop".into(),
                ordered: true
            })
        );
        assert_eq!(exercise_style(&card(2, CardKind::Typed, "x")), None);
    }

    #[test]
    fn grades_parse_numbers_and_words() {
        assert_eq!(parse_grade("again").map(Quality::value), Some(1));
        assert_eq!(parse_grade(" Easy ").map(Quality::value), Some(5));
        assert_eq!(parse_grade("0").map(Quality::value), Some(0));
        assert_eq!(parse_grade("6"), None);
        assert_eq!(parse_grade("-1"), None);
    }

    #[test]
    fn a_choice_is_picked_by_its_number_or_its_text() {
        let options: Vec<String> = ["London", "Paris", "Rome"].map(String::from).to_vec();
        assert_eq!(choice_pick("2", &options), Some(1));
        assert_eq!(choice_pick(" paris. ", &options), Some(1));
        assert_eq!(choice_pick("ROME", &options), Some(2));
        assert_eq!(choice_pick("4", &options), None);
        assert_eq!(choice_pick("0", &options), None);
        assert_eq!(choice_pick("Madrid", &options), None);
    }
}
