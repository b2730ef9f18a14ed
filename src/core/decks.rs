//! Deck names: the `::` hierarchy and resolving what a user typed (`python`) to a deck path.

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeckMatchError {
    #[error("no deck matches `{query}`; `recall decks` lists them")]
    NotFound { query: String },
    #[error("`{query}` matches several decks; be more specific:\n  {}", candidates.join("\n  "))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
}

/// Every path a deck name implies: `A::B::C` gives `A`, `A::B` and `A::B::C`.
fn paths(name: &str) -> impl Iterator<Item = &str> {
    name.match_indices("::")
        .map(move |(i, _)| &name[..i])
        .chain(std::iter::once(name))
}

fn last_component(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

fn is_within(path: &str, ancestor: &str) -> bool {
    path.len() > ancestor.len()
        && path.starts_with(ancestor)
        && path[ancestor.len()..].starts_with("::")
}

/// Resolves a user's deck query to one deck path (a deck or a parent of decks).
///
/// A path matches when it equals the query (case-insensitively), when the query contains
/// `::` and the path ends with it, or when its last component contains the query. Matches
/// inside another match are dropped (`data` means the Data Engineering category, not also
/// its skills). One match left is the answer; several are ambiguous.
pub fn resolve<'a, I>(query: &str, deck_names: I) -> Result<String, DeckMatchError>
where
    I: IntoIterator<Item = &'a str>,
{
    let q = query.trim().to_lowercase();
    let names: Vec<&str> = deck_names.into_iter().collect();
    let all: BTreeSet<&str> = names.iter().flat_map(|n| paths(n)).collect();
    if let Some(exact) = all.iter().find(|p| p.to_lowercase() == q) {
        return Ok(exact.to_string());
    }
    let matched: Vec<&str> = all
        .iter()
        .copied()
        .filter(|p| {
            let lp = p.to_lowercase();
            if q.contains("::") {
                lp.ends_with(&q)
            } else {
                !q.is_empty() && last_component(&lp).contains(&q)
            }
        })
        .collect();
    let outermost: Vec<String> = matched
        .iter()
        .filter(|p| !matched.iter().any(|a| is_within(p, a)))
        .map(std::string::ToString::to_string)
        .collect();
    match outermost.len() {
        0 => Err(DeckMatchError::NotFound {
            query: query.to_string(),
        }),
        1 => Ok(outermost.into_iter().next().unwrap_or_default()),
        _ => Err(DeckMatchError::Ambiguous {
            query: query.to_string(),
            candidates: outermost,
        }),
    }
}

/// Whether deck `name` is `path` or one of its sub-decks.
#[must_use]
pub fn in_path(name: &str, path: &str) -> bool {
    name == path || is_within(name, path)
}

/// The name `name` takes when the deck `old` is renamed `new`: sub-decks follow
/// (`A::B::C` with `A::B` → `X` is `X::C`); `None` for a deck outside `old`.
#[must_use]
pub fn renamed(name: &str, old: &str, new: &str) -> Option<String> {
    if name == old {
        return Some(new.to_string());
    }
    let rest = name.strip_prefix(old)?.strip_prefix("::")?;
    Some(format!("{new}::{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_a_deck_takes_its_sub_decks_along() {
        assert_eq!(renamed("A::B", "A::B", "X").as_deref(), Some("X"));
        assert_eq!(renamed("A::B::C", "A::B", "X").as_deref(), Some("X::C"));
        assert_eq!(renamed("A::BC", "A::B", "X"), None);
        assert_eq!(renamed("A", "A::B", "X"), None);
    }

    const DECKS: &[&str] = &[
        "AI/ML Engineer::Core::Programming & Frameworks::Python",
        "AI/ML Engineer::Core::Programming & Frameworks::SQL",
        "AI/ML Engineer::Core::Data Engineering::Data Preprocessing",
        "AI/ML Engineer::Core::Data Engineering::Data Pipelines and Versioning",
        "AI/ML Engineer::Core::Model Development::Transfer Learning Techniques",
        "AI/ML Engineer::Core::Model Development::Traditional Machine Learning Algorithms",
        "Spanish",
    ];

    fn r(q: &str) -> Result<String, DeckMatchError> {
        resolve(q, DECKS.iter().copied())
    }

    #[test]
    fn a_unique_part_names_one_skill() {
        assert_eq!(r("python").unwrap(), DECKS[0]);
        assert_eq!(r("PyThOn").unwrap(), DECKS[0]);
        assert_eq!(r("spanish").unwrap(), "Spanish");
    }

    #[test]
    fn full_names_and_parents_resolve() {
        assert_eq!(r(DECKS[1]).unwrap(), DECKS[1]);
        assert_eq!(r("ai/ml engineer").unwrap(), "AI/ML Engineer");
        assert_eq!(r("programming & frameworks::sql").unwrap(), DECKS[1]);
    }

    #[test]
    fn a_parent_match_swallows_its_children() {
        assert_eq!(r("data").unwrap(), "AI/ML Engineer::Core::Data Engineering");
    }

    #[test]
    fn ambiguous_lists_candidates() {
        match r("learning") {
            Err(DeckMatchError::Ambiguous { candidates, .. }) => {
                assert_eq!(candidates.len(), 2);
            }
            other => panic!("expected ambiguity, got {other:?}"),
        }
        assert!(matches!(r("cobol"), Err(DeckMatchError::NotFound { .. })));
        assert!(matches!(r(""), Err(DeckMatchError::NotFound { .. })));
    }

    #[test]
    fn in_path_respects_component_boundaries() {
        assert!(in_path("A::B", "A"));
        assert!(in_path("A", "A"));
        assert!(!in_path("AB", "A"));
    }
}
