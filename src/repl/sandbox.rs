//! `recall sandbox`: a small SQL prompt on a sample database, read-only. Statements may
//! span lines and end with `;`; `.tables`, `.schema [TABLE]`, `.help` and `.quit` (or
//! `:quit`) at the start of a statement. Works the same from a pipe, for scripts.

use std::io::Write;

use anyhow::{Context as _, Result};

use super::lines::{LineSource, Read};
use crate::core::exercise::sql;
use crate::store::sandbox::Sandbox;
use crate::ui::{Palette, results};

/// What a sandbox session needs: the open sample database, where to write and how many
/// rows of a result to show.
pub struct Prompt<'a> {
    pub sandbox: &'a mut Sandbox,
    pub name: &'a str,
    pub out: &'a mut dyn Write,
    pub palette: Palette,
    pub max_rows: usize,
}

impl Prompt<'_> {
    /// Reads and runs statements until `.quit`, `:quit` or the end of input.
    pub fn run(&mut self, input: &mut dyn LineSource) -> Result<()> {
        if input.interactive() {
            results::sandbox_banner(self.out, &self.palette, self.name)?;
        }
        let mut statement = String::new();
        loop {
            let prompt = if statement.is_empty() {
                format!("{}> ", self.name)
            } else {
                "  ...> ".to_string()
            };
            let line = match input.read(&prompt).context("cannot read input")? {
                Read::Line(l) => l,
                Read::Interrupted => {
                    statement.clear();
                    continue;
                }
                Read::Eof => break,
            };
            if statement.is_empty() {
                let command = line.trim();
                if command.is_empty() {
                    continue;
                }
                if command.starts_with('.') || command.starts_with(':') {
                    if !self.command(command)? {
                        break;
                    }
                    self.out.flush()?;
                    continue;
                }
            } else {
                statement.push('\n');
            }
            statement.push_str(&line);
            if sql::is_complete(&statement) {
                self.statement(&statement)?;
                statement.clear();
            }
            self.out.flush()?;
        }
        if !statement.trim().is_empty() {
            results::sandbox_unfinished(self.out, &self.palette)?;
        }
        input.save();
        Ok(())
    }

    /// Runs a dot-command; `false` ends the session.
    fn command(&mut self, command: &str) -> Result<bool> {
        let mut words = command.split_whitespace();
        let name = words.next().unwrap_or_default();
        let arg = words.next();
        let (p, out) = (&self.palette, &mut *self.out);
        match name {
            ".quit" | ".exit" | ":quit" | ":q" | ".q" => return Ok(false),
            ".tables" => match self.sandbox.tables() {
                Ok(t) => results::sandbox_tables(out, &t)?,
                Err(e) => results::sandbox_error(out, p, &e)?,
            },
            ".schema" => match self.sandbox.schema(arg) {
                Ok(s) if s.is_empty() => results::sandbox_note(
                    out,
                    p,
                    &format!("no table `{}`; .tables lists them", arg.unwrap_or_default()),
                )?,
                Ok(s) => results::sandbox_schema(out, &s)?,
                Err(e) => results::sandbox_error(out, p, &e)?,
            },
            ".help" | ":help" => results::sandbox_help(out)?,
            other => results::sandbox_note(
                out,
                p,
                &format!("unknown command `{other}`; .help lists them"),
            )?,
        }
        Ok(true)
    }

    fn statement(&mut self, statement: &str) -> Result<()> {
        match self.sandbox.query(statement) {
            Ok(r) => results::sandbox_result(self.out, &self.palette, &r, self.max_rows)?,
            Err(e) => results::sandbox_error(self.out, &self.palette, &e)?,
        }
        Ok(())
    }
}
