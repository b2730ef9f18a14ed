//! One module per subcommand: glue between the CLI, the store, the core and the UI.

pub mod cards;
pub mod config;
pub mod decks;
pub mod drill;
pub mod edit;
pub mod export;
pub mod generate;
pub mod import;
pub mod maintenance;
pub mod manage;
pub mod optimize;
pub mod review;
pub mod sandbox;
pub mod search;
pub mod skills;
pub mod stats;
pub mod sync;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::core::decks::resolve;
use crate::store::Store;

/// A deck selection: the path the user's query resolved to and the ids of its decks.
pub struct DeckSelection {
    pub path: String,
    pub ids: Vec<i64>,
}

/// Resolves `--deck`/`--skill` to decks; `None` means all decks.
pub fn select_decks(store: &Store, query: Option<&str>) -> Result<Option<DeckSelection>> {
    let Some(query) = query else { return Ok(None) };
    let names = store.deck_names()?;
    let path = resolve(query, names.iter().map(|(_, n)| n.as_str()))?;
    let ids = store.deck_ids_under(&path)?;
    Ok(Some(DeckSelection { path, ids }))
}

/// Writes JSON followed by a newline on standard output.
pub fn print_json(value: &impl serde::Serialize) -> Result<()> {
    Ok(crate::ui::out::print_json(value)?)
}

pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "recall", &mut script);
    Ok(crate::ui::out::bytes(&script)?)
}

/// The width to lay screens out at (`ui::width`): the terminal's, `COLUMNS`, or 80.
#[must_use]
pub fn screen_width(is_terminal: bool) -> usize {
    crate::ui::width::screen_width(is_terminal)
}
