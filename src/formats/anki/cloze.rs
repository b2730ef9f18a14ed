//! Anki's cloze syntax (`{{c1::text}}`, `{{c2::text::hint}}`, nested, `{{c1,2::…}}`):
//! parsing, the card numbers a text makes, and each card's front and answer.

use std::collections::{BTreeSet, HashMap};

/// A piece of a cloze text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    Cloze {
        /// The cards this deletion belongs to (usually one).
        numbers: Vec<u32>,
        body: Vec<Node>,
        hint: Option<String>,
    },
}

/// How a deletion of the card being asked is shown on its front: the marker every cloze
/// in recall uses.
pub use crate::core::cloze::BLANK;

/// Parses a text; anything that is not a well-formed deletion is kept as text, as Anki does.
#[must_use]
pub fn parse(text: &str) -> Vec<Node> {
    let mut parser = Parser {
        s: text,
        tried: HashMap::new(),
        depth: 0,
        too_deep: false,
    };
    let (nodes, _) = parser.top_level();
    nodes
}

struct Parser<'a> {
    s: &'a str,
    /// Deletions already parsed, by where they start, so that no opening is parsed twice.
    tried: HashMap<usize, Option<(Node, usize)>>,
    depth: usize,
    /// Set when a deletion failed only because it was nested too deep: that result
    /// depends on where parsing started, so it is not remembered.
    too_deep: bool,
}

/// Deletions nested deeper than this are text (real cards nest two or three levels).
const MAX_DEPTH: usize = 32;

impl Parser<'_> {
    /// The whole text: failed openings are plain text.
    fn top_level(&mut self) -> (Vec<Node>, usize) {
        let mut out = Pieces::default();
        let mut pos = 0;
        while pos < self.s.len() {
            if let Some((node, end)) = self.deletion_at(pos) {
                out.node(node);
                pos = end;
            } else {
                pos = out.char(self.s, pos);
            }
        }
        (out.finish(), pos)
    }

    /// A deletion's body, from `pos` up to its `::` or `}}`; `None` when a nested
    /// opening is never closed, because then neither is this one (it would stop at the
    /// same place), which keeps parsing linear on hostile input.
    fn body(&mut self, mut pos: usize) -> Option<(Vec<Node>, usize)> {
        let mut out = Pieces::default();
        while pos < self.s.len() {
            let rest = &self.s[pos..];
            if rest.starts_with("}}") || rest.starts_with("::") {
                return Some((out.finish(), pos));
            }
            if opening(rest).is_some() {
                let (node, end) = self.deletion_at(pos)?;
                out.node(node);
                pos = end;
            } else {
                pos = out.char(self.s, pos);
            }
        }
        None
    }

    /// The deletion starting at `start` and where it ends; `None` when there is no
    /// opening there or it is never closed.
    fn deletion_at(&mut self, start: usize) -> Option<(Node, usize)> {
        if let Some(done) = self.tried.get(&start) {
            return done.clone();
        }
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        let outer_too_deep = std::mem::replace(&mut self.too_deep, false);
        self.depth += 1;
        let result = opening(&self.s[start..]).and_then(|(numbers, len)| {
            let (body, mut pos) = self.body(start + len)?;
            let mut hint = None;
            if let Some(after) = self.s[pos..].strip_prefix("::") {
                let end = after.find("}}")?;
                hint = Some(after[..end].to_string());
                pos += 2 + end;
            }
            self.s[pos..].starts_with("}}").then(|| {
                let node = Node::Cloze {
                    numbers,
                    body,
                    hint,
                };
                (node, pos + 2)
            })
        });
        self.depth -= 1;
        if !self.too_deep {
            self.tried.insert(start, result.clone());
        }
        self.too_deep |= outer_too_deep;
        result
    }
}

/// Nodes being collected, with the text run not yet closed.
#[derive(Default)]
struct Pieces {
    nodes: Vec<Node>,
    text: String,
}

impl Pieces {
    fn node(&mut self, node: Node) {
        if !self.text.is_empty() {
            self.nodes.push(Node::Text(std::mem::take(&mut self.text)));
        }
        self.nodes.push(node);
    }

    /// Takes the character at `pos` of `s` as text; returns the next position.
    fn char(&mut self, s: &str, pos: usize) -> usize {
        match s[pos..].chars().next() {
            Some(c) => {
                self.text.push(c);
                pos + c.len_utf8()
            }
            None => s.len(),
        }
    }

    fn finish(mut self) -> Vec<Node> {
        if !self.text.is_empty() {
            self.nodes.push(Node::Text(self.text));
        }
        self.nodes
    }
}

/// `{{c12::` or `{{c1,2::` at the start of `s`: the numbers and the opening's length.
fn opening(s: &str) -> Option<(Vec<u32>, usize)> {
    let rest = s.strip_prefix("{{c").or_else(|| s.strip_prefix("{{C"))?;
    let end = rest.find("::")?;
    let list = &rest[..end];
    if list.is_empty() || !list.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    let numbers: Vec<u32> = list
        .split(',')
        .filter(|n| !n.is_empty())
        .map(|n| n.parse::<u32>().ok().map(|n| n.max(1)))
        .collect::<Option<_>>()?;
    (!numbers.is_empty()).then_some((numbers, 3 + end + 2))
}

/// The distinct card numbers of the deletions in `nodes` (nested ones included).
#[must_use]
pub fn numbers(nodes: &[Node]) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    collect_numbers(nodes, &mut out);
    out
}

fn collect_numbers(nodes: &[Node], out: &mut BTreeSet<u32>) {
    for node in nodes {
        if let Node::Cloze { numbers, body, .. } = node {
            out.extend(numbers);
            collect_numbers(body, out);
        }
    }
}

/// The front of card `n`: its deletions blanked (`[...]`, then the hint if any),
/// every other deletion shown as its text.
#[must_use]
pub fn front(nodes: &[Node], n: u32) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Cloze {
                numbers,
                body,
                hint,
            } => {
                if numbers.contains(&n) {
                    out.push_str(BLANK);
                    if let Some(h) = hint.as_deref().filter(|h| !h.trim().is_empty()) {
                        out.push_str(&format!(" (hint: {})", h.trim()));
                    }
                } else {
                    out.push_str(&front(body, n));
                }
            }
        }
    }
    out
}

/// The whole text with every deletion shown (Anki's answer side).
#[must_use]
pub fn reveal(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Cloze { body, .. } => out.push_str(&reveal(body)),
        }
    }
    out
}

/// What card `n` asks for: the text of each of its deletions, in order.
#[must_use]
pub fn answers(nodes: &[Node], n: u32) -> Vec<String> {
    let mut out = Vec::new();
    for node in nodes {
        if let Node::Cloze { numbers, body, .. } = node {
            if numbers.contains(&n) {
                out.push(reveal(body));
            } else {
                out.extend(answers(body, n));
            }
        }
    }
    out
}

/// Whether `text` holds at least one well-formed deletion.
#[must_use]
pub fn has_cloze(text: &str) -> bool {
    text.contains("{{c") || text.contains("{{C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_card_per_distinct_number() {
        let nodes = parse("{{c1::Na}} + {{c1::Cl}} → {{c2::NaCl}}; {{c3::électron}}");
        assert_eq!(numbers(&nodes).into_iter().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(front(&nodes, 1), "[...] + [...] → NaCl; électron");
        assert_eq!(answers(&nodes, 1), ["Na", "Cl"]);
        assert_eq!(front(&nodes, 2), "Na + Cl → [...]; électron");
        assert_eq!(answers(&nodes, 3), ["électron"]);
    }

    #[test]
    fn hints_follow_the_blank() {
        let nodes = parse("{{c1::H<sub>2</sub>O}} is {{c2::water::liquid}}");
        assert_eq!(front(&nodes, 2), "H<sub>2</sub>O is [...] (hint: liquid)");
        assert_eq!(answers(&nodes, 2), ["water"]);
        assert_eq!(front(&nodes, 1), "[...] is water");
        assert_eq!(reveal(&nodes), "H<sub>2</sub>O is water");
    }

    #[test]
    fn nested_deletions_show_inner_text_when_outer_is_asked() {
        let nodes = parse("{{c1::The {{c2::red}} fox}} jumps");
        assert_eq!(front(&nodes, 1), "[...] jumps");
        assert_eq!(answers(&nodes, 1), ["The red fox"]);
        assert_eq!(front(&nodes, 2), "The [...] fox jumps");
        assert_eq!(answers(&nodes, 2), ["red"]);
    }

    #[test]
    fn multi_number_deletions_belong_to_each_card() {
        let nodes = parse("{{c1,2::both}} and {{c2::two}}");
        assert_eq!(numbers(&nodes).len(), 2);
        assert_eq!(front(&nodes, 1), "[...] and two");
        assert_eq!(front(&nodes, 2), "[...] and [...]");
    }

    #[test]
    fn malformed_markup_is_text() {
        for text in ["{{c1::open", "{{cx::a}}", "{{c::a}}", "a }} b", "{{c1:a}}"] {
            let nodes = parse(text);
            assert!(numbers(&nodes).is_empty(), "{text}");
            assert_eq!(reveal(&nodes), text);
        }
        assert_eq!(numbers(&parse("{{c0::zero}}")).first(), Some(&1));
    }

    #[test]
    fn many_unclosed_openings_parse_quickly() {
        let text = "{{c1::".repeat(20_000) + &"x}}".repeat(3);
        let nodes = parse(&text);
        assert!(numbers(&nodes).len() <= 1);
        let deep = "{{c1::".repeat(40) + &"x}}".repeat(40);
        assert_eq!(numbers(&parse(&deep)).len(), 1);
        let fine = "{{c1::".repeat(3) + "x" + &"}}".repeat(3);
        assert_eq!(reveal(&parse(&fine)), "x");
    }

    proptest! {
        #[test]
        fn never_panics(s in "[{}c0-9:, a-zé]{0,40}") {
            let nodes = parse(&s);
            for n in numbers(&nodes) {
                let _ = front(&nodes, n);
                let _ = answers(&nodes, n);
            }
        }

        #[test]
        fn plain_text_is_kept(s in any::<String>()) {
            let nodes = parse(&s);
            if numbers(&nodes).is_empty() {
                prop_assert_eq!(reveal(&nodes), s);
            }
        }
    }
}
