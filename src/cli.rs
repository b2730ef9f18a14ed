//! The command line, as clap types only.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::drill::DrillMode;
use crate::core::model::Stage;
use crate::formats::{FormatChoice, spec};
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

    /// Colour in the output; `auto` honours `NO_COLOR` and uses colour only on a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Today's due cards and new cards, scheduled with SM-2 or FSRS-6 (the default command)
    Review(ReviewArgs),
    /// Interview-prep practice off the schedule: choice, typed, cloze or timed questions
    Drill(DrillArgs),
    /// Every skill with its level and progress toward the next
    Skills(SkillsArgs),
    /// Decks with their new, due and total card counts
    Decks(DecksArgs),
    /// Progress: today, streak, due forecast, review heatmap, retention, levels, hardest cards
    Stats(StatsArgs),
    /// Browse cards with their scheduling state; a search query narrows the list
    Cards(CardsArgs),
    /// Find cards by their text: words, "phrases", -word, deck:, tag:, is:, stage:, kind:
    Search(SearchArgs),
    /// One card: its state and its full review history
    Info(InfoArgs),
    /// Load decks from files or folders (TOML, CSV/TSV, Anki text or .apkg, Markdown,
    /// Obsidian notes); re-importing updates text and keeps progress
    Import(ImportArgs),
    /// Write decks (TOML or CSV) that import back to the same cards, or the review log
    Export(ExportArgs),
    /// Turn a skills guide (Markdown in the shape of the built-in one) into deck files
    Generate(GenerateArgs),
    /// Show or change settings: daily limits, rollover hour, level thresholds, scheduler
    Config(ConfigArgs),
    /// Add a card (or, with no text, write cards in $VISUAL/$EDITOR)
    Add(AddArgs),
    /// Edit a card, or a whole deck, as TOML in $VISUAL/$EDITOR; progress is kept
    Edit(EditArgs),
    /// Move cards, or a deck, to the trash (with their progress; `recall trash restore`
    /// brings them back)
    Delete(DeleteArgs),
    /// The deleted cards: list them, restore them, or empty the trash for good
    Trash(TrashArgs),
    /// Take cards out of reviews and drills until `recall unsuspend`
    Suspend(SuspendArgs),
    /// Bring suspended cards back into reviews
    Unsuspend(SuspendArgs),
    /// Manage decks: rename (sub-decks follow)
    Deck(DeckArgs),
    /// Create the database: with the built-in decks, or `--empty` for only your own
    Init(InitArgs),
    /// Fit FSRS-6 to your own review log and compare it with SM-2 on your later reviews
    Optimize(OptimizeArgs),
    /// Write a consistent copy of the database (safe while recall is in use)
    Backup(BackupArgs),
    /// Sync with your other devices through a folder (Syncthing, Dropbox, git, a share)
    Sync(SyncArgs),
    /// Check the database's integrity and count what it holds (writes only with --repair or --replay)
    Check(CheckArgs),
    /// Explore the sample database of the SQL exercises in a read-only SQL prompt
    Sandbox(SandboxArgs),
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
#[command(
    after_help = "Drill answers are logged (mode `drill`) but leave the schedule and the \
skill levels alone unless --reschedule is given. The report at the end scores each skill and \
stage and lists the slowest answers and the misses."
)]
pub struct DrillArgs {
    /// Only this skill (deck and its sub-decks; a full name or a unique part); repeatable
    #[arg(long = "skill", value_name = "SKILL")]
    pub skills: Vec<String>,
    /// Only cards of this stage: beginner, intermediate or advanced (or 1-3)
    #[arg(long, value_parser = parse_stage, value_name = "STAGE")]
    pub stage: Option<Stage>,
    /// Only cards with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only leeches: cards that lapsed 8 times or more
    #[arg(long)]
    pub leeches: bool,
    /// How many questions [default: 20, or 10 for --interview]
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// Weakest cards first: never answered, lowest EF, most lapses, lowest recent accuracy (the default)
    #[arg(long, conflicts_with = "shuffle")]
    pub weakest: bool,
    /// A random selection instead (fixed by --seed)
    #[arg(long)]
    pub shuffle: bool,
    /// flash (self-graded), typed (graded against the answer), choice (four options),
    /// cloze (fill the blank), or mixed: choice until a card is mastered, typed after
    #[arg(long, value_parser = parse_mode, default_value = "mixed", value_name = "MODE")]
    pub mode: DrillMode,
    /// Seconds per answer; a later answer counts as a miss [default for --interview: 90]
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: Option<u64>,
    /// Apply the answers to the schedule (and levels) like a review
    #[arg(long)]
    pub reschedule: bool,
    /// A mock interview: open typed answers across unlocked skills, timed (weakest
    /// questions first within a skill, or at random with --shuffle)
    #[arg(long, conflicts_with_all = ["mode", "leeches"])]
    pub interview: bool,
    /// Print the report as JSON too, after the text report
    #[arg(long)]
    pub json: bool,
}

fn parse_stage(s: &str) -> Result<Stage, String> {
    s.parse()
}

fn parse_mode(s: &str) -> Result<DrillMode, String> {
    s.parse()
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

/// The query language of `recall search` and `recall cards`, for their help.
const QUERY_HELP: &str = "A query is words that must all be found in a card's front, back, tags or \
deck name (`gradient descent`), \"a phrase\" (inside the shell's quotes: \
'\"learning rate\"'), -word to exclude (a query that starts with one goes after `--`), word* for a prefix, and filters: deck:NAME (a deck and \
its sub-decks; deck:\"Machine Learning\"), tag:T, is:new, is:due, is:suspended, is:leech, \
stage:1-3 (or beginner, intermediate, advanced), kind:basic|cloze|choice|typed|sql|output. \
Every part must hold; a filter can be negated too (-is:new). Words match whatever their \
case, accents or ending (`gradients` finds `gradient`).";

#[derive(Debug, Args)]
#[command(after_help = QUERY_HELP)]
pub struct SearchArgs {
    /// The query, best given as one argument: 'gradient -dropout "learning rate"'
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Show at most this many cards, best first
    #[arg(long, default_value_t = 20, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    /// Print JSON instead
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = QUERY_HELP)]
pub struct CardsArgs {
    /// Only cards matching this search query (as `recall search` takes it)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
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
#[command(
    after_help = "Needs at least 64 answers given on a later day than the card's answer before. \
                  The fitted parameters are stored and used by FSRS (`recall config set \
                  scheduler fsrs`). The comparison trains on earlier answers and tests on \
                  later ones: log loss and RMSE (bins), lower is better."
)]
pub struct OptimizeArgs {
    /// Print the figures as one JSON object: `reviews`, `cards`, and `sm2`, `fsrs_default`,
    /// `fsrs_optimized`, each `{log_loss, rmse_bins}`
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = format!("{}\n{IMPORT_IDS}", spec::help()))]
pub struct ImportArgs {
    /// Deck files to import, all in one transaction; a folder imports every Markdown file
    /// under it (a hashcards collection or an Obsidian vault; hidden folders skipped, files
    /// without cards skipped and counted)
    #[arg(required = true, value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// The deck for cards whose file does not name one: CSV/TSV without a `deck` column,
    /// Markdown without a front matter `name`, Anki text without `#deck:` or a deck
    /// column, Obsidian cards under a bare `#flashcards` tag. Cards whose file names their
    /// deck (TOML, .apkg, a deck column, `#flashcards/deck`) keep it.
    /// Without this option such cards go to a deck named after the file
    #[arg(long, value_name = "NAME")]
    pub deck: Option<String>,
    /// The file format; `auto` tells it from the file's extension and content
    #[arg(long, value_parser = import_format(), default_value = "auto", value_name = "FORMAT")]
    pub format: FormatChoice,
    /// The stage of cards whose file gives none: 1-3 or beginner, intermediate, advanced
    /// [default: beginner]
    #[arg(long, value_name = "STAGE", value_parser = parse_stage)]
    pub stage: Option<Stage>,
    /// Show what would change (added, updated, unchanged, skipped per deck) without
    /// writing anything
    #[arg(long)]
    pub dry_run: bool,
    /// For cards reviewed in Anki (.apkg) or in Obsidian (<!--SR:…--> comments): take
    /// over their interval, ease and due date as SM-2 state, and Anki's review log
    /// (revlog) as their answers. Cards that already have progress here keep it
    #[arg(long)]
    pub with_scheduling: bool,
    /// Move the cards of the files' decks that the files no longer hold to the trash
    /// (listed in the report; `--dry-run` shows them without moving them)
    #[arg(long)]
    pub prune: bool,
    /// The files are review logs (CSV: `card_id, review_time, quality, mode, duration_ms`, as
    /// `recall export --reviews` writes them), not decks. Answers already in the log are
    /// skipped, so importing twice adds nothing; the cards answered get a schedule from
    /// their history
    #[arg(long, conflicts_with_all = ["deck", "stage", "with_scheduling"])]
    pub reviews: bool,
    /// With --reviews: leave out answers to cards this database does not have, instead of
    /// refusing the whole import
    #[arg(long, requires = "reviews")]
    pub skip_unknown: bool,
}

/// The end of `recall import --help`, after the formats.
const IMPORT_IDS: &str =
    "A card's id comes from the file (TOML id, CSV id column, Anki guid) or else from its
deck and front, so re-importing a file updates its cards instead of duplicating them.
Cards made from one note (a cloze's deletions, a `:::` card's two ways) share the
note's id with /c1, /c2, … after it.";

/// `--format` of `recall import`: `auto` or a name from `formats::FORMATS`.
fn import_format() -> impl TypedValueParser<Value = FormatChoice> {
    PossibleValuesParser::new(FormatChoice::names()).try_map(|name| name.parse::<FormatChoice>())
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Only this deck and its sub-decks: a full name or a unique part of one
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
    /// `toml` (recall's deck format) or `csv` (one row per card, with a header row)
    #[arg(long, value_enum, default_value_t = ExportFormat::Toml, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Write the review log instead, as CSV: `card_id`, `review_time` (RFC 3339 UTC),
    /// quality, mode, `duration_ms`
    #[arg(long, conflicts_with_all = ["deck", "format"])]
    pub reviews: bool,
    /// The file to write [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--format` of `recall export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Toml,
    Csv,
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
    /// A folder of question files (`*.toml`, one per skill) to merge into the skills'
    /// decks [default: `questions/` beside the guide, when it exists]
    #[arg(long, value_name = "DIR")]
    pub questions: Option<PathBuf>,
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
pub struct SuspendArgs {
    /// The cards' ids or numbers
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "With FRONT and BACK the card is added at once; without them $VISUAL \
(or $EDITOR) opens a TOML template of one card, where more `[[cards]]` may be added. The \
cards are checked like an import; a card with the same id as another is refused."
)]
pub struct AddArgs {
    /// The deck (created if new): its full name, `::` between levels
    #[arg(long, value_name = "DECK")]
    pub deck: String,
    /// basic, typed, choice or cloze (a cloze front marks its blank with `[...]`)
    #[arg(long, default_value = "basic", value_name = "KIND")]
    pub kind: String,
    /// beginner, intermediate or advanced (or 1-3) [default: beginner]
    #[arg(long, value_parser = parse_stage, value_name = "STAGE")]
    pub stage: Option<Stage>,
    /// A tag; repeatable
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Also add the reverse card (back to front), with its own id and progress
    #[arg(long)]
    pub reverse: bool,
    /// The card's id [default: made from the deck and the front]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// The question
    #[arg(requires = "back")]
    pub front: Option<String>,
    /// The answer
    pub back: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "The file is checked like an import when the editor closes: on a \
problem, its lines are shown and the editor can be reopened, or the edit given up with \
nothing saved. Changing a card's text keeps its progress; changing its `id` makes it a \
new card. Cards taken out of the file are kept (`recall delete` moves them to the trash)."
)]
pub struct EditArgs {
    /// The card's id or number
    #[arg(
        required_unless_present = "deck",
        conflicts_with = "deck",
        value_name = "ID"
    )]
    pub id: Option<String>,
    /// Edit every card of this deck and its sub-decks instead
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The cards' ids or numbers
    #[arg(
        required_unless_present = "deck",
        conflicts_with = "deck",
        value_name = "ID"
    )]
    pub ids: Vec<String>,
    /// Delete this deck, its sub-decks and all their cards instead
    #[arg(long, value_name = "DECK")]
    pub deck: Option<String>,
    /// Do not ask (needed when standard input is not a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct TrashArgs {
    #[command(subcommand)]
    pub action: Option<TrashAction>,
    /// Print the list as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TrashAction {
    /// Bring cards back exactly as they were: progress, review log, suspension, deck, place
    Restore {
        /// The cards' ids (or the numbers they had)
        #[arg(
            required_unless_present = "all",
            conflicts_with = "all",
            value_name = "ID"
        )]
        ids: Vec<String>,
        /// Every card in the trash
        #[arg(long)]
        all: bool,
    },
    /// Delete the cards in the trash for good, with their review logs
    Empty {
        /// Only cards deleted more than this many days ago
        #[arg(long, value_name = "DAYS")]
        older_than: Option<u32>,
        /// Do not ask (needed when standard input is not a terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct DeckArgs {
    #[command(subcommand)]
    pub action: DeckAction,
}

#[derive(Debug, Subcommand)]
pub enum DeckAction {
    /// Rename a deck; its sub-decks follow (`A::B` → `C` makes `A::B::D` `C::D`)
    Rename {
        /// The deck: a full name or a unique part of one
        old: String,
        /// Its new full name
        new: String,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Without the built-in decks, now and later (the setting `builtin_decks` off)
    #[arg(long)]
    pub empty: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Each database is a device that appends its own changes (answers, undos, \
                  cards added or edited, the trash, suspensions, deck renames, settings) to \
                  its own journal DIR/<device>.jsonl and reads the other devices' journals, \
                  so the folder's sync engine never sees two writers of one file. Answers \
                  are all kept; for text, the trash, suspension and settings the later \
                  change wins. Run it on each device, as often as you like."
)]
pub struct SyncArgs {
    /// The sync folder (created if missing)
    pub dir: PathBuf,
    /// Name this device (shown in its journal and in other devices' reports)
    #[arg(long, value_name = "NAME")]
    pub device: Option<String>,
    /// This database was copied from another device's: give it a device id of its own first
    #[arg(long)]
    pub new_device: bool,
    /// Show what would come in and go out, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write it [default: recall-backup-<date>-<time>.db beside the database]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
    /// Also match every index against its table (slower: about ten times the quick check)
    #[arg(long)]
    pub full: bool,
    /// Repair a damaged database, after copying it: rebuild wrong indexes, or copy every
    /// readable row into a new file that takes the damaged one's place
    #[arg(long, conflicts_with = "full")]
    pub repair: bool,
    /// Replay every card whose schedule is not the replay of its answers (the answers are
    /// kept; the schedules are computed again from them)
    #[arg(long, conflicts_with_all = ["full", "repair"])]
    pub replay: bool,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The sample database to open
    #[arg(long, default_value = "shop", value_name = "NAME",
          value_parser = PossibleValuesParser::new(crate::core::exercise::SAMPLE_DATABASES.iter().copied()))]
    pub sample: String,
    /// Rows of a result to show (the rest are counted)
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub rows: usize,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}
