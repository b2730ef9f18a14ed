//! The command line, as clap types only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::ui::style::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "recall",
    version,
    about = "Spaced-repetition flashcards and interview drills in the terminal",
    long_about = "recall keeps decks and every answer in SQLite, schedules reviews with SM-2, \
and raises a skill's level as recall of its cards improves. With no command it starts \
today's review.",
    after_help = "Start with `recall review`; `recall <command> --help` explains each command."
)]
pub struct Cli {
    /// The database file [default: the XDG data dir, e.g. ~/.local/share/recall/recall.db]
    #[arg(long, global = true, env = "RECALL_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// A fixed clock for tests and scripts: RFC 3339 (2026-11-27T09:00:00Z), or a date
    /// (2026-11-27, taken as noon local time)
    #[arg(long, global = true, env = "RECALL_NOW", value_name = "TIME")]
    pub now: Option<String>,

    /// Fixes every random choice (option order, drill selection)
    #[arg(long, global = true, env = "RECALL_SEED", value_name = "N")]
    pub seed: Option<u64>,

    /// Colour in the output; `auto` honours NO_COLOR and uses colour only on a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Today's due cards and new cards, scheduled with SM-2 (the default command)
    Review(ReviewArgs),
    /// Every skill with its level and progress toward the next
    Skills(SkillsArgs),
    /// Decks with their new, due and total card counts
    Decks(DecksArgs),
    /// Progress: today, streak, due forecast, review heatmap, retention, levels, hardest cards
    Stats(StatsArgs),
    /// Browse cards with their scheduling state
    Cards(CardsArgs),
    /// One card: its state and its full review history
    Info(InfoArgs),
    /// Load decks from files (native TOML); re-importing updates text and keeps progress
    Import(ImportArgs),
    /// Turn a skills guide (Markdown in the shape of the built-in one) into deck files
    Generate(GenerateArgs),
    /// Show or change settings: daily limits, rollover hour, level thresholds
    Config(ConfigArgs),
    /// Bring a suspended card back into reviews
    Unsuspend(UnsuspendArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args, Default)]
pub struct ReviewArgs {
    /// Only this deck and its sub-decks: a full name or a unique part of one (`python`)
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
    /// New cards in this session, instead of the daily limit less today's count
    #[arg(long, value_name = "N")]
    pub new: Option<u32>,
}

#[derive(Debug, Args)]
pub struct SkillsArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
    /// List a skill's level changes instead
    #[arg(long, value_name = "SKILL")]
    pub history: Option<String>,
}

#[derive(Debug, Args)]
pub struct DecksArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only this deck and its sub-decks: a full name or a unique part of one
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
    /// Days in the due forecast, from today
    #[arg(long, value_name = "N", default_value_t = crate::core::stats::FORECAST_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub days: u32,
    /// Print every figure as one JSON object instead of the screen
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// Only this deck and its sub-decks
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
    /// Only cards due today (or earlier)
    #[arg(long)]
    pub due: bool,
    /// Include suspended cards
    #[arg(long)]
    pub suspended: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The card's id (`python/definition`) or number
    pub id: String,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Deck files to import, all in one transaction
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show what would change without writing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The guide (Markdown: ## area, ### category, #### skill, bold-labelled sections)
    pub guide: PathBuf,
    /// The folder for the deck files (created if missing)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// The root deck name [default: from the guide's title]
    #[arg(long, value_name = "NAME")]
    pub root: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print one setting's value
    Get { key: String },
    /// Change a setting (checked before it is stored)
    Set {
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Every setting with its value and what it does
    List,
}

#[derive(Debug, Args)]
pub struct UnsuspendArgs {
    /// The card's id or number
    pub id: String,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}
