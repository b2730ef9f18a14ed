//! The built-in decks, generated from decks/sources/ by `recall generate` and embedded at build time.

use crate::core::model::DeckDraft;
use crate::formats::{Problems, native};

include!(concat!(env!("OUT_DIR"), "/builtin_decks.rs"));

/// The source guide the built-in decks are generated from.
pub const GUIDE: &str = include_str!("../decks/sources/ai-ml-engineer-skills.md");

/// Parses the embedded deck files.
pub fn decks() -> Result<Vec<DeckDraft>, Problems> {
    FILES
        .iter()
        .map(|(name, text)| native::parse(text, &format!("decks/ai-ml-engineer/{name}")))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_built_in_deck_parses() {
        let decks = super::decks().unwrap();
        assert_eq!(decks.len(), 15);
        assert!(decks.iter().all(|d| d.cards.len() >= 9));
    }
}
