//! Fuzzes the CSV/TSV parser with both separators.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recall::core::model::Stage;
use recall::formats::{Options, csv};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let opts = Options { default_deck: "Fuzz".into(), stage: Stage::Beginner, with_scheduling: false, in_folder: false };
        let _ = csv::parse(text, "fuzz.csv", csv::sniff_delimiter(text), &opts);
        let _ = csv::parse(text, "fuzz.tsv", b'\t', &opts);
    }
});
