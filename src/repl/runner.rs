//! Runs a session: prompts, feeds lines to the state machine, and performs its effects —
//! each answer committed to the store before it is acknowledged and the next card shown.

use std::io::Write;

use anyhow::{Context as _, Result};

use super::lines::{LineSource, Read};
use crate::core::config::Settings;
use crate::core::day::Day;
use crate::core::exercise::output::unescape_line;
use crate::core::exercise::sql;
use crate::core::model::ReviewId;
use crate::core::session::{Answer, AskStyle, Effect, Phase, Progress, Session};
use crate::store::sandbox::SampleDatabases;
use crate::store::{LevelChange, LevelCheck, Store, StoreError};
use crate::ui::session as screen;
use crate::ui::{Palette, card};

/// How many more busy timeouts an answer waits for another writer before giving up
/// (with the default 10 s timeout, about a minute in all).
const BUSY_WAITS: u32 = 5;

/// What the session's owner wants beyond the defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hooks {
    /// Recompute skill levels after each answer that changed a schedule.
    pub levels: bool,
}

pub struct Runner<'a> {
    pub store: &'a mut Store,
    pub out: &'a mut dyn Write,
    pub palette: Palette,
    pub settings: Settings,
    pub today: Day,
    /// The clock, in UTC milliseconds.
    pub now: &'a dyn Fn() -> i64,
    pub hooks: Hooks,
    /// The screen's width: card text and messages are wrapped to it (80 unless set).
    pub width: usize,
    /// Each stored answer of the session and the level change it caused, for `:undo`.
    answers: Vec<(ReviewId, Option<LevelChange>)>,
    /// Level changes in the order they happened.
    pub level_changes: Vec<LevelChange>,
    /// The skills whose level this session has checked: each is checked at its first
    /// answer (a step a past day could not take may be due today), then only when an
    /// answer may change what the level counts.
    levels_checked: std::collections::HashSet<i64>,
    /// Where SQL exercises run: the sample databases beside the user's database, built
    /// and opened read-only on first use (never the user's database itself).
    samples: SampleDatabases,
}

impl<'a> Runner<'a> {
    pub fn new(
        store: &'a mut Store,
        out: &'a mut dyn Write,
        palette: Palette,
        settings: Settings,
        today: Day,
        now: &'a dyn Fn() -> i64,
        hooks: Hooks,
    ) -> Runner<'a> {
        let samples = SampleDatabases::beside(store.path());
        Runner {
            samples,
            store,
            out,
            palette,
            settings,
            today,
            now,
            hooks,
            width: crate::ui::width::DEFAULT,
            answers: Vec::new(),
            level_changes: Vec::new(),
            levels_checked: std::collections::HashSet::new(),
        }
    }

    /// Runs the session to its end (all cards, `:quit`, or end of input).
    pub fn run(&mut self, session: &mut Session, input: &mut dyn LineSource) -> Result<Progress> {
        let mut progress = Progress::default();
        let effects = session.start((self.now)());
        self.perform(effects, &mut progress)?;
        while !session.is_finished() {
            let prompt = if input.interactive() {
                prompt_for(session)
            } else {
                String::new()
            };
            let line = match input.read(&prompt).context("cannot read input")? {
                Read::Line(l) => Some(l),
                Read::Interrupted => {
                    // Ctrl-C on an empty line: the learner may be trying to leave.
                    screen::how_to_leave(self.out, &self.palette, self.width)?;
                    continue;
                }
                Read::Eof => None,
            };
            let line = match line {
                Some(first) => match whole_answer(session, input, first)? {
                    Some(answer) => Some(answer),
                    None => continue,
                },
                None => None,
            };
            let effects = session.handle_with(line.as_deref(), (self.now)(), &mut self.samples);
            self.perform(effects, &mut progress)?;
        }
        input.save();
        Ok(progress)
    }

    fn perform(&mut self, effects: Vec<Effect>, progress: &mut Progress) -> Result<()> {
        let p = self.palette;
        for effect in effects {
            match effect {
                Effect::Ask {
                    prompt,
                    mode,
                    position,
                    total,
                } => card::ask(self.out, &p, &prompt, mode, position, total, self.width)?,
                Effect::Reveal {
                    prompt,
                    typed,
                    assessment,
                    check,
                    suggestion,
                    over_time,
                } => card::reveal(
                    self.out,
                    &p,
                    &card::Revealed {
                        prompt: &prompt,
                        typed: typed.as_deref(),
                        assessment: assessment.as_ref(),
                        check: check.as_deref(),
                        suggestion,
                        over_time,
                        width: self.width,
                    },
                )?,
                Effect::Record(answer) => {
                    let (id, change) = self.record(&answer)?;
                    card::recorded(self.out, &p, &answer, self.today)?;
                    if let Some(change) = &change {
                        screen::level_changed(self.out, &p, change, self.width)?;
                        self.level_changes.push(change.clone());
                    }
                    self.answers.push((id, change));
                }
                Effect::Undo { .. } => {
                    let (id, change) = self.answers.pop().context("no stored answer to undo")?;
                    self.store
                        .undo_review(id)
                        .context("could not undo the answer")?;
                    screen::undone(self.out, &p, self.width)?;
                    if let Some(c) = change {
                        self.revert_level(&c)?;
                    }
                }
                Effect::Suspend { card_id } => {
                    self.store.set_suspended(card_id, true)?;
                    let guid = self
                        .store
                        .card(card_id)?
                        .map(|c| c.guid)
                        .unwrap_or_default();
                    screen::suspended(self.out, &guid, self.width)?;
                }
                Effect::Skipped { .. } => screen::skipped(self.out, &p)?,
                Effect::Hint(h) => screen::hint(self.out, &p, &h, self.width)?,
                Effect::Help => card::help(self.out, self.width)?,
                Effect::Stats(s) => screen::so_far(self.out, &s, self.width)?,
                Effect::Notice(m) => screen::notice(self.out, &p, &m, self.width)?,
                Effect::AllDone => screen::all_done(self.out, &p, self.width)?,
                Effect::Finished(s) => *progress = s,
            }
            self.out.flush()?;
        }
        Ok(())
    }

    /// Commits an answer, with the change of level it brings in the same transaction.
    /// Another process writing for longer than the busy timeout (a million-row import)
    /// makes this wait again, saying so, rather than end the session.
    fn record(&mut self, answer: &Answer) -> Result<(ReviewId, Option<LevelChange>)> {
        // Levels count cards retained past a bar, so within a study day an answer that
        // crosses no bar cannot change a level (and big decks are not recounted on every
        // answer); the first answer of a skill in the session checks it whatever it is.
        let first = !self.levels_checked.contains(&answer.deck_id);
        // A level change is logged at the time of the answer that made it.
        let check =
            (self.hooks.levels && (first || answer.changes_level_counts())).then_some(LevelCheck {
                settings: &self.settings,
                at_ms: answer.reviewed_at,
                today: self.today,
            });
        let mut waits = 0;
        loop {
            match self.store.record_answer_and_level(answer, check.as_ref()) {
                Ok(recorded) => {
                    if check.is_some() {
                        self.levels_checked.insert(answer.deck_id);
                    }
                    return Ok(recorded);
                }
                Err(StoreError::Busy) if waits < BUSY_WAITS => {
                    waits += 1;
                    screen::waiting_for_writer(self.out, &self.palette, self.width)?;
                    self.out.flush()?;
                }
                Err(e) => return Err(e).context("could not save the answer"),
            }
        }
    }

    /// Undoing the answer that changed a level changes it back (logged as an `undo` event,
    /// so the history keeps both), and the session no longer counts the change.
    fn revert_level(&mut self, c: &LevelChange) -> Result<()> {
        self.store
            .change_level(c.deck_id, c.to, c.from, (self.now)(), self.today, "undo")
            .context("could not restore the skill level")?;
        let back = LevelChange {
            from: c.to,
            to: c.from,
            unlocked: None,
            ..c.clone()
        };
        screen::level_changed(self.out, &self.palette, &back, self.width)?;
        if let Some(pos) = self.level_changes.iter().rposition(|x| x == c) {
            self.level_changes.remove(pos);
        }
        Ok(())
    }
}

/// An exercise's whole answer from its first line. On a terminal a query goes on until
/// it ends with `;` and an output until an empty line; from a pipe an answer is one line,
/// an output's lines written with `\n` between them. `None`: Ctrl-C dropped the answer.
fn whole_answer(
    session: &Session,
    input: &mut dyn LineSource,
    first: String,
) -> Result<Option<String>> {
    let style = match (session.phase(), session.current()) {
        (Phase::Question, Some(p)) if p.style.is_exercise() => &p.style,
        _ => return Ok(Some(first)),
    };
    let trimmed = first.trim();
    if trimmed.is_empty() || trimmed.starts_with(':') {
        return Ok(Some(first));
    }
    if !input.interactive() {
        return Ok(Some(match style {
            AskStyle::Output => unescape_line(&first),
            _ => first,
        }));
    }
    let mut answer = first;
    loop {
        let done = match style {
            AskStyle::Query { .. } => sql::is_complete(&answer),
            _ => answer.ends_with('\n'),
        };
        if done {
            return Ok(Some(answer));
        }
        match input.read("  ...> ").context("cannot read input")? {
            Read::Line(l) => {
                answer.push('\n');
                answer.push_str(&l);
            }
            Read::Interrupted => return Ok(None),
            Read::Eof => return Ok(Some(answer)),
        }
    }
}

fn prompt_for(session: &Session) -> String {
    match session.phase() {
        Phase::Grade { suggestion } => card::grade_prompt(*suggestion, &session.grade_preview()),
        Phase::Done => "done> ".to_string(),
        _ => match session.current().map(|p| &p.style) {
            Some(AskStyle::Choice { .. }) => "option> ".to_string(),
            Some(AskStyle::Flash) => "answer (Enter reveals)> ".to_string(),
            Some(AskStyle::Query { .. }) => "sql> ".to_string(),
            Some(AskStyle::Output) => "output> ".to_string(),
            _ => "answer> ".to_string(),
        },
    }
}
