//! Rendering to `impl Write`: colour, cards, tables, charts and summaries. Nothing here reads input.

pub mod bar;
pub mod card;
pub mod chart;
pub mod import;
pub mod report;
pub mod skills;
pub mod stats;
pub mod style;
pub mod table;

pub use style::Palette;
