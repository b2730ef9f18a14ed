//! Rendering to `impl Write`: colour, cards, tables and summaries. Nothing here reads input.

pub mod bar;
pub mod card;
pub mod report;
pub mod style;
pub mod table;

pub use style::Palette;
