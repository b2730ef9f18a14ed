//! Fuzzes the .apkg path end to end: zip and zstd unpacking (with a small size limit),
//! reading the collection's SQLite, and rendering its notes into cards.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recall::core::model::Stage;
use recall::formats::Options;
use recall::formats::anki::apkg;

fuzz_target!(|data: &[u8]| {
    let Ok(collection) = apkg::unpack(data, "fuzz.apkg", 16 << 20) else { return };
    let Ok(raw) = recall::store::anki::read_collection(collection) else { return };
    let opts = Options { default_deck: "Fuzz".into(), stage: Stage::Beginner, with_scheduling: true, in_folder: false };
    let _ = apkg::cards(&raw, "fuzz.apkg", &opts);
});
