//! The composition root: builds the context from the command line and dispatches commands.

use anyhow::Result;

use crate::cli::{Cli, Command, ReviewArgs};
use crate::commands;
use crate::context::Ctx;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx::from_cli(&cli)?;
    let result = dispatch(&ctx, cli);
    if let Err(e) = &result {
        ctx.note_damage(e);
    }
    result
}

fn dispatch(ctx: &Ctx, cli: Cli) -> Result<()> {
    match cli.command {
        None => commands::review::run(ctx, &ReviewArgs::default()),
        Some(Command::Review(a)) => commands::review::run(ctx, &a),
        Some(Command::Drill(a)) => commands::drill::run(ctx, &a),
        Some(Command::Skills(a)) => commands::skills::run(ctx, &a),
        Some(Command::Decks(a)) => commands::decks::run(ctx, &a),
        Some(Command::Stats(a)) => commands::stats::run(ctx, &a),
        Some(Command::Cards(a)) => commands::cards::list(ctx, &a),
        Some(Command::Search(a)) => commands::search::run(ctx, &a),
        Some(Command::Info(a)) => commands::cards::info(ctx, &a),
        Some(Command::Unsuspend(a)) => commands::manage::suspend(ctx, &a, false),
        Some(Command::Suspend(a)) => commands::manage::suspend(ctx, &a, true),
        Some(Command::Add(a)) => commands::edit::add(ctx, &a),
        Some(Command::Edit(a)) => commands::edit::edit(ctx, &a),
        Some(Command::Delete(a)) => commands::manage::delete(ctx, &a),
        Some(Command::Trash(a)) => commands::manage::trash(ctx, &a),
        Some(Command::Deck(a)) => commands::manage::deck(ctx, &a),
        Some(Command::Init(a)) => commands::manage::init(ctx, &a),
        Some(Command::Backup(a)) => commands::maintenance::backup(ctx, &a),
        Some(Command::Sync(a)) => commands::sync::run(ctx, &a),
        Some(Command::Check(a)) => commands::maintenance::check(ctx, &a),
        Some(Command::Sandbox(a)) => commands::sandbox::run(ctx, &a),
        Some(Command::Import(a)) => commands::import::run(ctx, &a),
        Some(Command::Export(a)) => commands::export::run(ctx, &a),
        Some(Command::Generate(a)) => commands::generate::run(&a),
        Some(Command::Config(a)) => commands::config::run(ctx, &a),
        Some(Command::Optimize(a)) => commands::optimize::run(ctx, &a),
        Some(Command::Completions(a)) => commands::completions(&a),
    }
}
