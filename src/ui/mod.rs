//! Rendering to `impl Write`: colour, cards, tables, charts and summaries. Nothing here reads input.

pub mod bar;
pub mod card;
pub mod cards;
pub mod chart;
pub mod decks;
pub mod editor;
pub mod health;
pub mod import;
pub mod manage;
pub mod optimize;
pub mod out;
pub mod report;
pub mod results;
pub mod search;
pub mod session;
pub mod skills;
pub mod stats;
pub mod style;
pub mod switch;
pub mod sync;
pub mod table;
pub mod width;
pub mod wrap;

pub use style::Palette;
