//! Words in running text: finding a telling term to blank out (`[...]`) and masking words
//! that would give an answer away.

use super::grade::{self, normalize};

/// The marker that stands for deleted text.
pub const BLANK: &str = "[...]";

/// The cloze text with its blanks filled in by the answer, for the reveal: one blank takes
/// the whole answer; several take its `, `-separated parts in order (the form a card with
/// one deletion in several places is imported in, `Na, Cl`). A ` (hint: …)` after a blank
/// goes: the answer replaces it. `None` when the answer does not split into one part per
/// blank. `mark` dresses each filled part (bold on a terminal).
#[must_use]
pub fn fill(text: &str, answer: &str, mark: impl Fn(&str) -> String) -> Option<String> {
    let blanks = text.matches(BLANK).count();
    let parts: Vec<&str> = match blanks {
        0 => return None,
        1 => vec![answer],
        n => {
            let parts: Vec<&str> = answer.split(", ").collect();
            if parts.len() != n {
                return None;
            }
            parts
        }
    };
    let mut out = String::with_capacity(text.len() + answer.len());
    let mut rest = text;
    for part in parts {
        let at = rest.find(BLANK)?;
        out.push_str(&rest[..at]);
        out.push_str(&mark(part));
        rest = &rest[at + BLANK.len()..];
        if let Some(after) = rest.strip_prefix(" (hint: ")
            && let Some(end) = after.find(')')
        {
            rest = &after[end + 1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Rewrites the alphanumeric core of each space-separated word, keeping the punctuation
/// around it (`(TFX),` → `(___),`). `f` returns the replacement, or `None` to keep the word.
pub fn map_words(text: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    text.split(' ')
        .map(|token| {
            let start = token
                .find(|c: char| c.is_alphanumeric())
                .unwrap_or(token.len());
            let end = token
                .rfind(|c: char| c.is_alphanumeric())
                .map_or(start, |i| {
                    i + token[i..].chars().next().map_or(1, char::len_utf8)
                });
            if start >= end {
                return token.to_string();
            }
            match f(&token[start..end]) {
                Some(r) => format!("{}{}{}", &token[..start], r, &token[end..]),
                None => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Up to and including the first `. `, or the whole text.
#[must_use]
pub fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    }
}

/// The meaningful words of a name, normalised (`TensorFlow / PyTorch` → tensorflow, pytorch).
#[must_use]
pub fn words_of(name: &str) -> Vec<String> {
    grade::key_terms(name)
        .into_iter()
        .map(|(norm, _)| norm)
        .collect()
}

/// Whether a word (or every part of a hyphenated word) is one of `words`, allowing
/// inflections (`models` for `model`).
pub fn is_one_of(word: &str, words: &[String]) -> bool {
    let matches = |w: &str| words.iter().any(|n| grade::same_word(n, w));
    let whole = normalize(word).replace(' ', "");
    let parts: Vec<String> = word
        .split('-')
        .map(normalize)
        .filter(|p| !p.is_empty())
        .collect();
    !whole.is_empty() && (matches(&whole) || parts.iter().all(|p| matches(p)))
}

/// `text` with every one of `words` replaced by `___`.
#[must_use]
pub fn mask(text: &str, words: &[String]) -> String {
    map_words(text, |w| is_one_of(w, words).then(|| "___".to_string()))
}

/// A cloze of the text's first sentence: its most telling word, replaced by `[...]`;
/// returns the sentence and the deleted word. Candidates are words of five letters or more
/// that are not among `avoid`, not the sentence's first word and not adverbs; longer is
/// better, and `-ing` forms count for less. Ties go to the earlier word.
#[must_use]
pub fn make(text: &str, avoid: &[String]) -> Option<(String, String)> {
    let sentence = first_sentence(text);
    let mut best: Option<(usize, String)> = None;
    let mut first = true;
    map_words(sentence, |w| {
        let n = normalize(w);
        let fit = !first
            && n.chars().count() >= 5
            && !n.contains(' ')
            && !n.ends_with("ly")
            && grade::key_terms(w).len() == 1
            && !is_one_of(w, avoid);
        first = false;
        let score = n
            .chars()
            .count()
            .saturating_sub(if n.ends_with("ing") { 3 } else { 0 });
        if fit && best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, w.to_string()));
        }
        None
    });
    let (_, term) = best?;
    let mut done = false;
    let text = map_words(sentence, |w| {
        (!done && w == term).then(|| {
            done = true;
            BLANK.to_string()
        })
    });
    Some((text, term))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_each_part_in_its_blank_and_drops_hints() {
        let plain = |s: &str| format!("*{s}*");
        assert_eq!(
            fill("[...] + [...] → NaCl", "Na, Cl", plain).as_deref(),
            Some("*Na* + *Cl* → NaCl")
        );
        assert_eq!(
            fill("H2O is [...] (hint: liquid).", "water", plain).as_deref(),
            Some("H2O is *water*.")
        );
        assert_eq!(
            fill("[...] (hint: formula) is water.", "H2O", plain).as_deref(),
            Some("*H2O* is water.")
        );
        assert_eq!(
            fill("one [...] only", "a, b", plain).as_deref(),
            Some("one *a, b* only")
        );
        assert_eq!(fill("[...] and [...]", "a, b, c", plain), None);
        assert_eq!(fill("no blank", "x", plain), None);
    }

    #[test]
    fn words_keep_their_punctuation() {
        assert_eq!(
            map_words("(TFX), ok.", |w| (w == "TFX").then(|| "___".into())),
            "(___), ok."
        );
    }

    #[test]
    fn masks_names_with_inflections() {
        let words = words_of("Model Monitoring");
        assert_eq!(mask("Models need monitoring.", &words), "___ need ___.");
    }

    #[test]
    fn cloze_prefers_long_nouns_over_adverbs_and_gerunds() {
        let (text, term) = make(
            "Transfer learning leverages models significantly reducing requirements. More.",
            &[],
        )
        .unwrap();
        assert_eq!(term, "requirements");
        assert_eq!(
            text,
            "Transfer learning leverages models significantly reducing [...]."
        );
        assert_eq!(make("Tiny.", &[]), None);
    }

    #[test]
    fn cloze_avoids_the_given_words() {
        let (_, term) = make("SQL manages relational databases", &words_of("relational")).unwrap();
        assert_eq!(term, "databases");
    }
}
