//! Where input lines come from: rustyline with completion and history on a terminal,
//! or a plain reader when stdin is a pipe, so that whole sessions can be scripted.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{DefaultHistory, History};
use rustyline::validate::Validator;
use rustyline::{
    Cmd, ConditionalEventHandler, Context, Editor, Event, EventContext, EventHandler, Helper,
    KeyEvent, Movement, RepeatCount,
};

use crate::core::session::COMMANDS;

/// One read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    Line(String),
    /// Ctrl-C: the line was cleared.
    Interrupted,
    /// Ctrl-D or the end of the piped input.
    Eof,
}

pub trait LineSource {
    fn read(&mut self, prompt: &str) -> io::Result<Read>;
    /// Whether prompts are shown (false for a pipe: the output is then a plain log).
    fn interactive(&self) -> bool;
    /// Keeps the history for the next session, when there is one.
    fn save(&mut self) {}
}

/// Grade words the grade prompt completes, with the commands that work there bare.
const GRADE_WORDS: &[&str] = &["again", "hard", "good", "easy", "help", "undo", "quit"];

/// Completes `:` commands anywhere, and grade words at the grade prompt (`grading`, set
/// by the prompt being read).
struct CommandHelper {
    grading: Arc<AtomicBool>,
}

impl Completer for CommandHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let typed = &line[..pos];
        if typed.contains(' ') {
            return Ok((pos, Vec::new()));
        }
        if typed.starts_with(':') {
            let found = COMMANDS
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| c.starts_with(typed))
                .map(str::to_string)
                .collect();
            return Ok((0, found));
        }
        if self.grading.load(Ordering::Relaxed) && !typed.is_empty() {
            let lower = typed.to_ascii_lowercase();
            let found = GRADE_WORDS
                .iter()
                .filter(|w| w.starts_with(&lower))
                .map(|w| (*w).to_string())
                .collect();
            return Ok((0, found));
        }
        Ok((pos, Vec::new()))
    }
}

/// Ctrl-C clears a line with text in it; on an empty line it interrupts, so the session can
/// say how to leave (rustyline would otherwise interrupt either way).
struct ClearOrInterrupt;

impl ConditionalEventHandler for ClearOrInterrupt {
    fn handle(
        &self,
        _evt: &Event,
        _n: RepeatCount,
        _positive: bool,
        ctx: &EventContext,
    ) -> Option<Cmd> {
        if ctx.line().is_empty() {
            Some(Cmd::Interrupt)
        } else {
            Some(Cmd::Kill(Movement::WholeLine))
        }
    }
}

impl Hinter for CommandHelper {
    type Hint = String;
}

impl Highlighter for CommandHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for CommandHelper {}
impl Helper for CommandHelper {}

/// rustyline on a terminal, with completion and, unless switched off, a history file.
pub struct Terminal {
    editor: Editor<CommandHelper, DefaultHistory>,
    history: Option<PathBuf>,
    grading: Arc<AtomicBool>,
}

impl Terminal {
    /// `history`: the file that keeps typed lines between sessions (`None`: none kept).
    pub fn new(history: Option<PathBuf>) -> io::Result<Terminal> {
        let mut editor =
            Editor::<CommandHelper, DefaultHistory>::new().map_err(io::Error::other)?;
        let grading = Arc::new(AtomicBool::new(false));
        editor.set_helper(Some(CommandHelper {
            grading: Arc::clone(&grading),
        }));
        editor.bind_sequence(
            KeyEvent::ctrl('C'),
            EventHandler::Conditional(Box::new(ClearOrInterrupt)),
        );
        if let Some(path) = &history {
            // A missing or unreadable history file only means no history yet.
            let _ = editor.load_history(path);
        }
        Ok(Terminal {
            editor,
            history,
            grading,
        })
    }
}

impl LineSource for Terminal {
    fn read(&mut self, prompt: &str) -> io::Result<Read> {
        self.grading
            .store(prompt.starts_with("grade"), Ordering::Relaxed);
        match self.editor.readline(prompt) {
            Ok(line) => {
                // Commands and answers are both worth recalling with the arrow keys (the
                // history is kept in memory for the session even when no file is).
                if !line.trim().is_empty() {
                    let _ = self.editor.add_history_entry(line.as_str());
                }
                Ok(Read::Line(line))
            }
            Err(ReadlineError::Interrupted) => Ok(Read::Interrupted),
            Err(ReadlineError::Eof) => Ok(Read::Eof),
            Err(ReadlineError::Io(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }

    fn interactive(&self) -> bool {
        true
    }

    fn save(&mut self) {
        if let Some(path) = &self.history {
            let history = self.editor.history_mut();
            let _ = history.set_max_len(1000);
            // Losing history is not worth failing a session over.
            let _ = self.editor.save_history(path);
        }
    }
}

/// Plain lines from any reader (stdin when it is a pipe).
pub struct Piped<R: BufRead> {
    reader: R,
}

impl<R: BufRead> Piped<R> {
    pub fn new(reader: R) -> Piped<R> {
        Piped { reader }
    }
}

impl<R: BufRead> LineSource for Piped<R> {
    fn read(&mut self, _prompt: &str) -> io::Result<Read> {
        let mut buf = Vec::new();
        if self.reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(Read::Eof);
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        Ok(Read::Line(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn interactive(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_lines_lose_their_line_endings() {
        let mut p = Piped::new(&b"a\r\n\nb"[..]);
        assert_eq!(p.read("").unwrap(), Read::Line("a".into()));
        assert_eq!(p.read("").unwrap(), Read::Line(String::new()));
        assert_eq!(p.read("").unwrap(), Read::Line("b".into()));
        assert_eq!(p.read("").unwrap(), Read::Eof);
    }

    #[test]
    fn completion_offers_matching_commands() {
        let h = CommandHelper {
            grading: Arc::new(AtomicBool::new(false)),
        };
        let hist = DefaultHistory::new();
        let ctx = Context::new(&hist);
        let (start, found) = h.complete(":s", 2, &ctx).unwrap();
        assert_eq!(start, 0);
        assert_eq!(found, vec![":skip", ":suspend", ":stats"]);
        assert!(h.complete("python", 6, &ctx).unwrap().1.is_empty());
        // Grade words only at the grade prompt: elsewhere `ha` is the start of an answer.
        assert!(h.complete("ha", 2, &ctx).unwrap().1.is_empty());
        h.grading.store(true, Ordering::Relaxed);
        assert_eq!(
            h.complete("ha", 2, &ctx).unwrap(),
            (0, vec!["hard".to_string()])
        );
        assert_eq!(h.complete("E", 1, &ctx).unwrap().1, vec!["easy"]);
        assert!(h.complete("good job", 8, &ctx).unwrap().1.is_empty());
    }
}
