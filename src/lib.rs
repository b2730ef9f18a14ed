//! recall: a spaced-repetition flashcard and quiz engine for the terminal.
//!
//! `core` is pure (no I/O, no clock, no randomness of its own); `formats` parse and write
//! deck files; `store` is the only module that touches `SQLite`; `import` runs imports
//! (files, formats and one store transaction); `repl` and `ui` own the terminal;
//! `commands` glue them together behind the `cli`, with what they need from the outside
//! world in `context`; `app` builds the context and dispatches. `journal` reads and
//! appends the sync folder's journal files.

pub mod app;
pub mod builtin;
pub mod cli;
pub mod commands;
pub mod context;
pub mod core;
pub mod formats;
pub mod import;
pub mod journal;
pub mod repl;
pub mod store;
pub mod ui;
