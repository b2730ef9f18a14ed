//! The `:` commands a learner can type at either prompt of a session: help, hints,
//! skipping, suspending, undo, figures so far, quitting.

use super::{AskStyle, Effect, Pending, Phase, Session};
use crate::core::model::ReviewMode;

/// Commands that can be typed at either prompt.
pub const COMMANDS: &[(&str, &str)] = &[
    (":help", "list these commands"),
    (
        ":hint",
        "show the first letters of the answer (again for more)",
    ),
    (":skip", "leave this card for another session"),
    (":undo", "take back the last grade"),
    (":suspend", "stop showing this card until it is unsuspended"),
    (":stats", "this session's figures so far"),
    (":quit", "end the session (Ctrl-D too)"),
];

/// The commands that may be typed without their colon where no answer is expected (the
/// grade prompt, the end of a session): `help`, `undo`, `quit` (and `exit`), any case.
#[must_use]
pub fn bare(line: &str) -> Option<&'static str> {
    match line.trim().to_ascii_lowercase().as_str() {
        "help" | "?" => Some(":help"),
        "undo" => Some(":undo"),
        "quit" | "exit" => Some(":quit"),
        _ => None,
    }
}

impl Session {
    pub(super) fn command(&mut self, line: &str, now_ms: i64, effects: &mut Vec<Effect>) {
        let word = line.split_whitespace().next().unwrap_or(line);
        let matches: Vec<&str> = COMMANDS
            .iter()
            .map(|(c, _)| *c)
            .filter(|c| c.starts_with(word))
            .collect();
        let command = match (matches.as_slice(), word) {
            (_, ":q") => ":quit",
            ([one], _) => one,
            _ => {
                effects.push(Effect::Notice(format!(
                    "unknown command `{word}`; :help lists them"
                )));
                return;
            }
        };
        match command {
            ":help" => effects.push(Effect::Help),
            ":hint" => self.hint(effects),
            ":skip" => self.drop_current(now_ms, effects, false),
            ":suspend" => self.drop_current(now_ms, effects, true),
            ":undo" => self.undo(now_ms, effects),
            ":stats" => effects.push(Effect::Stats(self.progress(now_ms))),
            _ => self.finish(now_ms, effects),
        }
    }

    fn hint(&mut self, effects: &mut Vec<Effect>) {
        let Some(prompt) = self.current() else { return };
        if self.phase != Phase::Question {
            effects.push(Effect::Notice("the answer is already shown".to_string()));
            return;
        }
        let text = match &prompt.style {
            AskStyle::Choice { .. } => {
                effects.push(Effect::Notice("no hints for a choice question".to_string()));
                return;
            }
            _ => prompt.expected().to_string(),
        };
        self.hint_level += 1;
        effects.push(Effect::Hint(hint(&text, self.hint_level)));
    }

    fn drop_current(&mut self, now_ms: i64, effects: &mut Vec<Effect>, suspend: bool) {
        let Some(current) = self.current else { return };
        let card_id = self.prompts[current.index].card.id;
        if suspend {
            self.queue.retain(|p| p.index != current.index);
            effects.push(Effect::Suspend { card_id });
        } else {
            effects.push(Effect::Skipped { card_id });
        }
        self.advance(now_ms, effects);
    }

    fn undo(&mut self, now_ms: i64, effects: &mut Vec<Effect>) {
        let Some(last) = self.answered.pop() else {
            effects.push(Effect::Notice(
                "nothing to undo in this session".to_string(),
            ));
            return;
        };
        if let Some(current) = self.current.take() {
            self.queue.push_front(current);
        }
        if last.requeued {
            let pos = self
                .queue
                .iter()
                .position(|p| p.index == last.index && p.mode == ReviewMode::Relearn);
            if let Some(pos) = pos {
                self.queue.remove(pos);
            }
        }
        self.prompts[last.index].card.state = last.answer.prev;
        effects.push(Effect::Undo {
            card_id: last.answer.card_id,
            restore: last.answer.prev,
        });
        self.queue.push_front(Pending {
            index: last.index,
            mode: last.answer.mode,
        });
        self.advance(now_ms, effects);
    }
}

/// The first `level` letters of each word, the rest as underscores; long answers are cut.
#[must_use]
pub fn hint(answer: &str, level: usize) -> String {
    const MAX_WORDS: usize = 12;
    let words: Vec<&str> = answer.split_whitespace().collect();
    let mut out: Vec<String> = words
        .iter()
        .take(MAX_WORDS)
        .map(|w| {
            let mut shown = 0;
            w.chars()
                .map(|c| {
                    if !c.is_alphanumeric() {
                        c
                    } else if shown < level {
                        shown += 1;
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        })
        .collect();
    if words.len() > MAX_WORDS {
        out.push("…".to_string());
    }
    out.join(" ")
}
