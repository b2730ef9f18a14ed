//! Anki's formats: packages (`.apkg`, `.colpkg`) and "Notes in Plain Text" exports, and
//! what they share — note types and their templates, cloze deletions, HTML fields, and
//! Anki's scheduling mapped onto SM-2. Pure: the `SQLite` inside a package is read by
//! `store::anki` into the plain rows of `rows`, through the reader the pipeline passes in.

pub mod apkg;
pub mod cloze;
pub mod html;
pub mod notes;
pub mod protobuf;
pub mod rows;
pub mod schedule;
pub mod template;
pub mod text;
