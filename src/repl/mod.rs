//! The interactive loop: reads lines (rustyline on a terminal, plain lines from a pipe),
//! feeds them to `core::session`, and performs its effects through the store and `ui`.

pub mod lines;
pub mod runner;
pub mod sandbox;

pub use lines::{LineSource, Piped, Read, Terminal};
pub use runner::{Hooks, Runner};
