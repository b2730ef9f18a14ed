//! Words as the grader compares them — case and accents folded, British spelling made
//! American, Snowball-stemmed — and answers cut into clauses.

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// One word of an answer or a key point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower case, accents removed: what typos are measured on.
    pub folded: String,
    /// The Snowball stem of the American spelling: `optimising` and `optimization` → `optim`.
    pub stem: String,
    /// `not`, `never`, `no`, `without`, `cannot`, `nor` (and `n't`, expanded to `not`).
    pub negation: bool,
}

impl Word {
    #[must_use]
    pub fn new(raw: &str) -> Word {
        let folded = fold(raw);
        let stem = STEMMER.stem(&american(&folded)).into_owned();
        let negation = NEGATIONS.contains(&folded.as_str());
        Word {
            folded,
            stem,
            negation,
        }
    }

    /// The same word: the same stem, or a typo (one edit, or two in a long word) of it.
    #[must_use]
    pub fn same(&self, other: &Word) -> bool {
        if self.stem == other.stem {
            return true;
        }
        let (a, b) = (self.folded.as_str(), other.folded.as_str());
        let shorter = a.chars().count().min(b.chars().count());
        // Short words are too close to each other (`where`/`there`) to forgive a typo.
        let allowed = match shorter {
            0..6 => 0,
            6..10 => 1,
            _ => 2,
        };
        allowed > 0 && a.chars().next() == b.chars().next() && strsim::osa_distance(a, b) <= allowed
    }
}

const NEGATIONS: &[&str] = &["cannot", "never", "no", "nor", "not", "without"];

/// Lower case without accents: `Café` → `cafe`.
fn fold(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.to_ascii_lowercase();
    }
    raw.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words spelled the British way, as the American ones they stem like.
const BRITISH: &[(&str, &str)] = &[
    ("analogue", "analog"),
    ("behaviour", "behavior"),
    ("catalogue", "catalog"),
    ("centre", "center"),
    ("colour", "color"),
    ("defence", "defense"),
    ("dialogue", "dialog"),
    ("favour", "favor"),
    ("fibre", "fiber"),
    ("flavour", "flavor"),
    ("grey", "gray"),
    ("honour", "honor"),
    ("labour", "labor"),
    ("licence", "license"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("neighbour", "neighbor"),
    ("programme", "program"),
];

/// Stems whose final `l` British spelling doubles before `-ing`/`-ed`/`-er` (`modelling`).
const DOUBLED_L: &[&str] = &[
    "cancel", "channel", "dial", "fuel", "label", "level", "marshal", "model", "pixel", "signal",
    "tunnel", "total", "travel",
];

/// The American spelling of a folded word: `optimise` → `optimize`, `colours` → `colors`,
/// `modelling` → `modeling`, `analyse` → `analyze`. Applied to both sides of every
/// comparison, so a rule that also rewrites an unrelated word (`rise` → `rize`) is harmless.
fn american(w: &str) -> Cow<'_, str> {
    for (gb, us) in BRITISH {
        if let Some(rest) = w.strip_prefix(gb) {
            return Cow::Owned(format!("{us}{rest}"));
        }
    }
    for stem in DOUBLED_L {
        if let Some(rest) = w.strip_prefix(stem)
            && let Some(tail) = rest.strip_prefix('l')
            && ["ing", "ed", "er", "ers"].contains(&tail)
        {
            return Cow::Owned(format!("{stem}{tail}"));
        }
    }
    if w.len() > 5 {
        for (gb, us) in [
            ("isation", "ization"),
            ("yse", "yze"),
            ("ys", "yz"),
            ("is", "iz"),
        ] {
            if let Some(at) = w.rfind(gb) {
                let tail = &w[at + gb.len()..];
                let fits = match gb {
                    "isation" => tail.is_empty() || tail == "s",
                    "yse" => ["", "s", "d", "r", "rs"].contains(&tail),
                    "ys" => tail == "ing",
                    _ => ["e", "es", "ed", "ing", "er", "ers"].contains(&tail),
                };
                if fits {
                    return Cow::Owned(format!("{}{us}{tail}", &w[..at]));
                }
            }
        }
    }
    Cow::Borrowed(w)
}

/// Words that start a new clause wherever they stand: the second half of a contrast.
const CONTRASTS: &[&str] = &["but", "whereas", "while", "whilst"];
/// Words that start a new clause after a comma (`…, and HAVING …`).
const CONJUNCTIONS: &[&str] = &["and", "but", "or", "so", "then", "whereas", "while", "yet"];
/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &["eg", "etc", "g", "ie", "vs"];

/// Contractions spelled out, so `doesn't` holds the negation `not`.
fn expand(text: &str) -> Cow<'_, str> {
    if !text.contains('\'') && !text.contains('’') {
        return Cow::Borrowed(text);
    }
    let t = text.replace('’', "'").to_lowercase();
    Cow::Owned(
        t.replace("can't", "can not")
            .replace("won't", "will not")
            .replace("n't", " not"),
    )
}

/// The clauses of a text, each a list of words. A clause ends at `;`, `?`, `!`, a line
/// break, a full stop before a space (not `e.g.`, `df.head`, `2.5`), a comma before a
/// conjunction, and before `while`/`whereas`/`but`: so "WHERE filters rows; HAVING
/// filters groups" is two clauses, and a point's words must come together in one.
#[must_use]
pub fn clauses(text: &str) -> Vec<Vec<Word>> {
    let text = expand(text);
    let mut out: Vec<Vec<Word>> = vec![Vec::new()];
    let mut word = String::new();
    let mut comma = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        let last = flush(&mut word, &mut out, &mut comma);
        match c {
            ';' | '\n' | '?' | '!' => cut(&mut out),
            '.' if chars.peek().is_none_or(|n| n.is_whitespace())
                && !last.as_deref().is_some_and(|l| ABBREVIATIONS.contains(&l)) =>
            {
                cut(&mut out);
            }
            ',' => comma = true,
            _ => {}
        }
    }
    flush(&mut word, &mut out, &mut comma);
    out.retain(|c| !c.is_empty());
    out
}

/// Starts a new clause unless the current one is still empty.
fn cut(out: &mut Vec<Vec<Word>>) {
    if out.last().is_some_and(|c| !c.is_empty()) {
        out.push(Vec::new());
    }
}

/// Ends the word being read: a clause-starting conjunction cuts the clause (and is
/// dropped), anything else joins it. Returns the word's folded form.
fn flush(word: &mut String, out: &mut Vec<Vec<Word>>, comma: &mut bool) -> Option<String> {
    if word.is_empty() {
        return None;
    }
    let w = Word::new(word);
    word.clear();
    let starts_clause = CONTRASTS.contains(&w.folded.as_str())
        || (*comma && CONJUNCTIONS.contains(&w.folded.as_str()));
    *comma = false;
    let folded = w.folded.clone();
    if starts_clause {
        cut(out);
    } else if let Some(clause) = out.last_mut() {
        clause.push(w);
    }
    Some(folded)
}

/// Case, accents, punctuation and spacing removed: `Café-au-lait!` → `cafe au lait`.
pub fn normalize(s: &str) -> String {
    if s.is_ascii() {
        // The common case, without Unicode decomposition: an import normalises every front.
        let mut out = String::with_capacity(s.len());
        for word in s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    let folded: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<Vec<String>> {
        clauses(text)
            .into_iter()
            .map(|c| c.into_iter().map(|w| w.stem).collect())
            .collect()
    }

    #[test]
    fn british_and_american_spellings_stem_alike() {
        for (gb, us) in [
            ("optimising", "optimization"),
            ("optimise", "optimize"),
            ("normalisation", "normalization"),
            ("analyse", "analyze"),
            ("analysing", "analyzing"),
            ("modelling", "modeling"),
            ("labelled", "labeled"),
            ("colours", "colors"),
            ("behaviour", "behavior"),
            ("regularised", "regularized"),
            ("catalogue", "catalog"),
        ] {
            assert_eq!(Word::new(gb).stem, Word::new(us).stem, "{gb} / {us}");
        }
        assert_ne!(Word::new("rise").stem, Word::new("rice").stem);
    }

    #[test]
    fn case_and_accents_fold() {
        assert!(Word::new("Café").same(&Word::new("cafe")));
        assert!(Word::new("NAÏVE").same(&Word::new("naive")));
    }

    #[test]
    fn typos_are_forgiven_only_in_longer_words() {
        assert!(Word::new("aggregaton").same(&Word::new("aggregation")));
        assert!(Word::new("recieve").same(&Word::new("receive")));
        assert!(!Word::new("where").same(&Word::new("there")));
        assert!(!Word::new("data").same(&Word::new("date")));
        // A typo keeps the first letter and changes little: sharing a first letter is
        // not enough.
        assert!(!Word::new("gradient").same(&Word::new("generator")));
    }

    #[test]
    fn clauses_split_at_semicolons_stops_and_contrasts() {
        assert_eq!(
            stems("WHERE filters rows; HAVING filters groups"),
            vec![
                vec!["where", "filter", "row"],
                vec!["have", "filter", "group"]
            ]
        );
        assert_eq!(
            stems("a before b, while c after d. e.g. x"),
            vec![
                vec!["a", "befor", "b"],
                vec!["c", "after", "d"],
                vec!["e", "g", "x"]
            ]
        );
        assert_eq!(stems("2.5 and df.head, and y").len(), 2);
        assert_eq!(
            stems("rows, columns and tables"),
            vec![vec!["row", "column", "and", "tabl"]]
        );
    }

    #[test]
    fn contractions_hold_their_negation() {
        let c = clauses("It doesn't scale");
        assert!(c[0].iter().any(|w| w.negation));
        assert!(clauses("it won't")[0].iter().any(|w| w.negation));
    }
}
