//! The pure core: scheduling, levels, queues, sessions, grading (exercises included) and the maths behind stats.
//! Nothing here reads files, the database, the terminal or the clock.

pub mod choice;
pub mod cloze;
pub mod config;
pub mod day;
pub mod decks;
pub mod drill;
pub mod exercise;
pub mod fsrs;
pub mod grade;
pub mod levels;
pub mod model;
pub mod queue;
pub mod readiness;
pub mod report;
pub mod schedule;
pub mod search;
pub mod session;
pub mod siblings;
pub mod sm2;
pub mod stats;
pub mod sync;
pub mod text;
