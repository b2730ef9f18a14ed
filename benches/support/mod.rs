//! Shared by the benches: synthetic databases and decks.

pub mod synth;
