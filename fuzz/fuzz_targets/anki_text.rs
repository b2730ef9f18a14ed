//! Fuzzes the Anki "Notes in Plain Text" parser (headers, cloze notes, HTML).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recall::core::model::Stage;
use recall::formats::Options;
use recall::formats::anki::text as anki_text;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let opts = Options { default_deck: "Fuzz".into(), stage: Stage::Beginner, with_scheduling: false, in_folder: false };
        let _ = anki_text::parse(text, "fuzz.txt", &opts);
    }
});
