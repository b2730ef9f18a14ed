//! Siblings: cards made from one note or one sentence (a card and its reverse, an Anki
//! note's cards, a cloze note's deletions, the guide's cards of one definition), known by
//! their ids alone; reversed cards; and the order that keeps siblings apart.
//!
//! The convention (docs/ARCHITECTURE.md §5): a card id is a shared *base* and an optional
//! per-sibling *suffix*. Suffixes, tried in this order:
//!
//! - `/reverse`: the reverse of the card whose id is the rest (`es/hola/reverse`);
//! - `/cN` (N a number): deletion N of a cloze note (`anki:GUID/c2`, any format's);
//! - `/N` under `anki:` only: template N of an Anki note (`anki:GUID/2`; its first card
//!   is `anki:GUID` itself, the base);
//! - `/definition`, `/which-skill` and `/definition-cloze` of a guide card
//!   (`SKILL/definition`…): the definition of a skill asked three ways; the base is `SKILL`.
//!
//! Any other id is its own base: a card without siblings.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use super::model::{CardDraft, CardKind, SqlOptions};

/// The id suffix of a reversed card.
pub const REVERSE_SUFFIX: &str = "/reverse";

/// The guide's cards of one definition (`formats::guide`): `SKILL/definition`,
/// `SKILL/which-skill` and `SKILL/definition-cloze`.
const DEFINITION_SIBLINGS: [&str; 3] = ["definition", "which-skill", "definition-cloze"];

/// A card id split into the base it shares with its siblings and its own suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiblingKey<'a> {
    pub base: &'a str,
    pub suffix: &'a str,
}

/// The sibling key of a card id (see the module's convention). Pure: the id is all it
/// reads, so every layer agrees on who is whose sibling.
#[must_use]
pub fn sibling_key(guid: &str) -> SiblingKey<'_> {
    let base = base_of(guid);
    SiblingKey {
        base,
        suffix: &guid[base.len()..],
    }
}

/// The shared base of `guid`, a prefix of it.
fn base_of(guid: &str) -> &str {
    if let Some(forward) = guid.strip_suffix(REVERSE_SUFFIX).filter(|f| !f.is_empty()) {
        return base_of(forward);
    }
    let Some((head, last)) = guid.rsplit_once('/') else {
        return guid;
    };
    if head.is_empty() {
        return guid;
    }
    // At most three digits: a derived id's hash (16 hex digits) may be all digits, or `c`
    // and digits, and is never a sibling number.
    let numbered = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if last.strip_prefix('c').is_some_and(numbered) {
        return head;
    }
    if numbered(last) && head.starts_with("anki:") && !head.contains('/') {
        return head;
    }
    if DEFINITION_SIBLINGS.contains(&last) && !head.contains('/') {
        return head;
    }
    guid
}

/// The reverse of a card: back and front swapped, its id with `/reverse`, the same stage
/// and tags; no options or key points (they belong to the forward answer).
#[must_use]
pub fn reverse_of(card: &CardDraft) -> CardDraft {
    CardDraft {
        guid: format!("{}{REVERSE_SUFFIX}", card.guid),
        stage: card.stage,
        kind: card.kind,
        front: card.back.clone(),
        back: card.front.clone(),
        choices: Vec::new(),
        tags: card.tags.clone(),
        key_points: Vec::new(),
        // The note explains the pair, whichever way it is asked.
        note: card.note.clone(),
        sql: SqlOptions::default(),
    }
}

/// Whether a card can be reversed: only cards asked front to back (basic and typed); a
/// cloze or choice card's back is not a question.
pub fn check_reversible(card: &CardDraft) -> Result<(), String> {
    match card.kind {
        CardKind::Basic | CardKind::Typed => Ok(()),
        k => Err(format!(
            "`reverse` works on basic and typed cards, not on a {k} card"
        )),
    }
}

/// The cards of a deck as a file writes them: a card followed anywhere in the deck by its
/// exact reverse (`reverse_of`) is written once, marked `true`, and the reverse left out,
/// so that reading the file back makes both again. A reverse that was edited on its own
/// stays a card of its own.
#[must_use]
pub fn fold_reverses(cards: &[CardDraft]) -> Vec<(&CardDraft, bool)> {
    let by_id: HashMap<&str, &CardDraft> = cards.iter().map(|c| (c.guid.as_str(), c)).collect();
    let folded: HashSet<&str> = cards
        .iter()
        .filter(|c| {
            let reverse = format!("{}{REVERSE_SUFFIX}", c.guid);
            by_id
                .get(reverse.as_str())
                .is_some_and(|r| **r == reverse_of(c))
        })
        .map(|c| c.guid.as_str())
        .collect();
    cards
        .iter()
        .filter(|c| {
            c.guid
                .strip_suffix(REVERSE_SUFFIX)
                .is_none_or(|f| !folded.contains(f))
        })
        .map(|c| (c, folded.contains(c.guid.as_str())))
        .collect()
}

/// Orders `items` so that siblings are apart: each item keeps its place unless a sibling
/// came before it (earlier in `items`, or in `shown`: groups already seen today), in
/// which case it moves after every item that has none, and so on round by round. Nothing
/// is dropped: when only siblings are left they still come, last. Stable otherwise.
pub fn spread<T, K: Eq + Hash>(items: Vec<T>, key: impl Fn(&T) -> K, shown: &HashSet<K>) -> Vec<T> {
    let mut seen: HashMap<K, usize> = HashMap::new();
    let mut ranked: Vec<(usize, usize, T)> = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let k = key(&item);
            let before = usize::from(shown.contains(&k));
            let n = seen.entry(k).or_insert(0);
            let round = *n + before;
            *n += 1;
            (round, i, item)
        })
        .collect();
    ranked.sort_by_key(|(round, i, _)| (*round, *i));
    ranked.into_iter().map(|(_, _, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_and_other_ids_are_groups_of_their_own() {
        let base = |g| sibling_key(g).base;
        assert_eq!(base("bio/00ab/c1"), "bio/00ab");
        assert_eq!(base("bio/00ab/c12"), "bio/00ab");
        assert_eq!(base("anki:g2/c3"), "anki:g2");
        assert_eq!(base("anki:g1/2"), "anki:g1");
        assert_eq!(base("anki:g1"), "anki:g1");
        // A derived id's hash is 16 hex digits, never a sibling suffix, even all digits
        // or starting with `c`.
        assert_eq!(base("bio/1234567890123456"), "bio/1234567890123456");
        assert_eq!(base("bio/c234567890123456"), "bio/c234567890123456");
        assert_eq!(base("spanish/12"), "spanish/12");
        assert_eq!(base("x/c1000"), "x/c1000");
        assert_eq!(base("/c1"), "/c1");
        assert_eq!(base("plain"), "plain");
    }
    use crate::core::model::Stage;

    fn key(guid: &str) -> (&str, &str) {
        let k = sibling_key(guid);
        (k.base, k.suffix)
    }

    #[test]
    fn ids_split_into_a_shared_base_and_a_suffix() {
        assert_eq!(key("es/hola"), ("es/hola", ""));
        assert_eq!(key("es/hola/reverse"), ("es/hola", "/reverse"));
        assert_eq!(key("anki:Ab1"), ("anki:Ab1", ""));
        assert_eq!(key("anki:Ab1/2"), ("anki:Ab1", "/2"));
        assert_eq!(key("anki:Ab1/c3"), ("anki:Ab1", "/c3"));
        assert_eq!(key("anki:Ab1/c3/reverse"), ("anki:Ab1", "/c3/reverse"));
        assert_eq!(key("notes/c12"), ("notes", "/c12"));
        // Numbers are template numbers only in Anki's ids: chapter/12 is a card of its own.
        assert_eq!(key("chapter/12"), ("chapter/12", ""));
        assert_eq!(key("notes/cat"), ("notes/cat", ""));
        assert_eq!(key("notes/c"), ("notes/c", ""));
        assert_eq!(key("/reverse"), ("/reverse", ""));
        assert_eq!(key("/c1"), ("/c1", ""));
        assert_eq!(key("plain"), ("plain", ""));
        assert_eq!(key("python/definition"), ("python", "/definition"));
    }

    #[test]
    fn the_guide_cards_of_one_definition_are_one_group() {
        let group = |g| sibling_key(g).base;
        assert_eq!(group("python/definition"), "python");
        assert_eq!(group("python/which-skill"), "python");
        assert_eq!(group("python/definition-cloze"), "python");
        assert_eq!(group("python/usage"), "python/usage");
        assert_eq!(group("python/q/generators"), "python/q/generators");
        assert_eq!(group("a/b/which-skill"), "a/b/which-skill");
        assert_eq!(group("anki:G/c2"), "anki:G");
        assert_eq!(group("es/hola/reverse"), "es/hola");
    }

    fn draft(guid: &str, front: &str, back: &str) -> CardDraft {
        CardDraft {
            guid: guid.into(),
            stage: Stage::Intermediate,
            kind: CardKind::Basic,
            front: front.into(),
            back: back.into(),
            choices: vec![],
            tags: vec!["t".into()],
            key_points: vec![],
            note: String::new(),
            sql: crate::core::model::SqlOptions::default(),
        }
    }

    #[test]
    fn a_reverse_swaps_the_sides_and_keeps_stage_and_tags() {
        let r = reverse_of(&draft("es/hola", "hola", "hello"));
        assert_eq!(r.guid, "es/hola/reverse");
        assert_eq!((r.front.as_str(), r.back.as_str()), ("hello", "hola"));
        assert_eq!(r.stage, Stage::Intermediate);
        assert_eq!(r.tags, vec!["t"]);
        let mut cloze = draft("x", "[...] is", "it");
        cloze.kind = CardKind::Cloze;
        assert_eq!(
            check_reversible(&cloze).unwrap_err(),
            "`reverse` works on basic and typed cards, not on a cloze card"
        );
    }

    #[test]
    fn exact_reverses_fold_into_their_card_and_edited_ones_stay() {
        let a = draft("a", "1", "one");
        let b = draft("b", "2", "two");
        let mut b_rev = reverse_of(&b);
        b_rev.back = "2 (edited)".into();
        let cards = vec![a.clone(), reverse_of(&a), b.clone(), b_rev.clone()];
        let folded: Vec<(&str, bool)> = fold_reverses(&cards)
            .into_iter()
            .map(|(c, r)| (c.guid.as_str(), r))
            .collect();
        assert_eq!(
            folded,
            vec![("a", true), ("b", false), ("b/reverse", false)]
        );
    }

    #[test]
    fn siblings_move_after_everything_else_and_are_never_dropped() {
        let items = vec!["a", "a/reverse", "b", "c/c1", "c/c2", "d", "a/c9"];
        let shown = HashSet::from(["d"]);
        let out = spread(items, |s| sibling_key(s).base, &shown);
        assert_eq!(
            out,
            vec!["a", "b", "c/c1", "a/reverse", "c/c2", "d", "a/c9"]
        );
        let only_siblings = spread(
            vec!["x/c1", "x/c2"],
            |s| sibling_key(s).base,
            &HashSet::new(),
        );
        assert_eq!(only_siblings, vec!["x/c1", "x/c2"]);
    }
}
