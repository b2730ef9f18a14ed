//! Fuzzes the review log parser (`recall import --reviews`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use recall::formats::review_log;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = review_log::parse(text, "fuzz.csv");
    }
});
