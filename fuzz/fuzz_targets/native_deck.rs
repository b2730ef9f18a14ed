//! Fuzzes the native TOML deck parser: any input gives decks or located problems, no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = recall::formats::native::parse(text, "fuzz.toml");
    }
});
