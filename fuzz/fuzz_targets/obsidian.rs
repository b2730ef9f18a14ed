//! Fuzzes the Obsidian note parser (::, :::, ?, ??, ==cloze==, deck tags, SR comments).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recall::core::model::Stage;
use recall::formats::{Options, obsidian};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let opts = Options { default_deck: "Fuzz".into(), stage: Stage::Beginner, with_scheduling: true, in_folder: false };
        let _ = obsidian::parse(text, "fuzz.md", &opts);
    }
});
