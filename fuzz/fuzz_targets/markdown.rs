//! Fuzzes the Markdown deck parser (Q:/A:, C: clozes, front::back, front matter).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recall::core::model::Stage;
use recall::formats::{Options, markdown};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let opts = Options { default_deck: "Fuzz".into(), stage: Stage::Beginner, with_scheduling: false, in_folder: false };
        let _ = markdown::parse(text, "fuzz.md", &opts);
    }
});
