//! Fuzzes the skills-guide parser and the deck generator behind `recall generate`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(guide) = recall::formats::guide::parse(text, "fuzz.md") {
            let _ = recall::formats::guide::decks(&guide, "Fuzz");
        }
    }
});
