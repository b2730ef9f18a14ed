//! The subset of Anki's card template language that decks use: `{{Field}}`,
//! `{{FrontSide}}`, `{{#Field}}…{{/Field}}`, `{{^Field}}…{{/Field}}`, and the `cloze:`,
//! `text:`, `hint:` and `type:` filters. Renders to HTML; `html::to_text` finishes the job.

use super::{cloze, html};

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Text(String),
    /// `{{filter:…:Field}}`; filters apply right to left, as in Anki.
    Field {
        name: String,
        filters: Vec<String>,
    },
    /// `{{#Field}}` (or `{{^Field}}` when `negated`) … `{{/Field}}`.
    Section {
        name: String,
        negated: bool,
        body: Vec<Node>,
    },
}

/// What a card is rendered from.
pub struct Context<'a> {
    /// The note's fields by name, as HTML.
    pub fields: &'a [(String, String)],
    /// The cloze number this card asks for (card ordinal + 1) in a cloze note type.
    pub cloze: u32,
    /// The rendered question, on the answer side.
    pub front_side: Option<&'a str>,
    pub tags: &'a str,
    pub deck: &'a str,
    pub notetype: &'a str,
    pub card: &'a str,
}

/// A rendered side of a card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Whether any non-empty note field was shown. Anki makes no card whose question
    /// shows none ("empty front"), whatever fixed text the template adds.
    pub shows_content: bool,
    /// The field a `{{type:Field}}` asks to type, if any.
    pub typed_field: Option<String>,
    /// The field a `{{cloze:Field}}` renders, if any.
    pub cloze_field: Option<String>,
}

/// The largest nesting of sections a template may have.
const MAX_DEPTH: usize = 64;

impl Template {
    /// Parses a template; an unclosed or mismatched section is an error that names it.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut tokens = tokenize(text).into_iter();
        let nodes = build(&mut tokens, None, 0)?;
        Ok(Template { nodes })
    }

    /// The names of the fields used with the `cloze:` filter.
    #[must_use]
    pub fn cloze_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        collect_cloze_fields(&self.nodes, &mut out);
        out
    }

    #[must_use]
    pub fn render(&self, ctx: &Context<'_>) -> Rendered {
        let mut out = Rendered::default();
        render_nodes(&self.nodes, ctx, &mut out);
        out
    }
}

enum Token {
    Text(String),
    Tag(String),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        if start > 0 {
            tokens.push(Token::Text(rest[..start].to_string()));
        }
        tokens.push(Token::Tag(
            rest[start + 2..start + 2 + len].trim().to_string(),
        ));
        rest = &rest[start + 2 + len + 2..];
    }
    if !rest.is_empty() {
        tokens.push(Token::Text(rest.to_string()));
    }
    tokens
}

fn build(
    tokens: &mut impl Iterator<Item = Token>,
    open: Option<&str>,
    depth: usize,
) -> Result<Vec<Node>, String> {
    if depth > MAX_DEPTH {
        return Err(format!("sections are nested more than {MAX_DEPTH} deep"));
    }
    let mut nodes = Vec::new();
    while let Some(token) = tokens.next() {
        let tag = match token {
            Token::Text(t) => {
                nodes.push(Node::Text(t));
                continue;
            }
            Token::Tag(tag) => tag,
        };
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            return match open {
                Some(o) if o == name => Ok(nodes),
                Some(o) => Err(format!("`{{{{/{name}}}}}` closes `{{{{#{o}}}}}`")),
                None => Err(format!("`{{{{/{name}}}}}` closes nothing")),
            };
        }
        if let Some((negated, name)) = tag
            .strip_prefix('#')
            .map(|n| (false, n))
            .or_else(|| tag.strip_prefix('^').map(|n| (true, n)))
        {
            let name = name.trim().to_string();
            let body = build(tokens, Some(&name), depth + 1)?;
            nodes.push(Node::Section {
                name,
                negated,
                body,
            });
        } else if tag.starts_with('!') {
            // A comment.
        } else {
            let mut parts: Vec<String> = tag.split(':').map(|p| p.trim().to_string()).collect();
            let name = parts.pop().unwrap_or_default();
            nodes.push(Node::Field {
                name,
                filters: parts,
            });
        }
    }
    match open {
        Some(o) => Err(format!("`{{{{#{o}}}}}` is never closed")),
        None => Ok(nodes),
    }
}

fn collect_cloze_fields(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Field { name, filters }
                if filters.iter().any(|f| f == "cloze") && !out.contains(name) =>
            {
                out.push(name.clone());
            }
            Node::Section { body, .. } => collect_cloze_fields(body, out),
            _ => {}
        }
    }
}

/// A field's value by name: exact first, then ignoring case (Anki's names are unicase).
fn field<'a>(ctx: &'a Context<'_>, name: &str) -> Option<&'a str> {
    ctx.fields
        .iter()
        .find(|(n, _)| n == name)
        .or_else(|| {
            ctx.fields
                .iter()
                .find(|(n, _)| n.to_lowercase() == name.to_lowercase())
        })
        .map(|(_, v)| v.as_str())
}

/// The special fields Anki provides besides the note's own.
fn special<'a>(ctx: &'a Context<'_>, name: &str) -> Option<&'a str> {
    Some(match name {
        "FrontSide" => ctx.front_side.unwrap_or(""),
        "Tags" => ctx.tags,
        "Deck" => ctx.deck,
        "Subdeck" => ctx.deck.rsplit("::").next().unwrap_or(ctx.deck),
        "Type" => ctx.notetype,
        "Card" => ctx.card,
        "CardFlag" | "CardID" => "",
        _ => return None,
    })
}

/// Whether a field counts as empty: nothing but markup and whitespace.
#[must_use]
pub fn is_blank(value: &str) -> bool {
    html::to_text(value).trim().is_empty()
}

fn render_nodes(nodes: &[Node], ctx: &Context<'_>, out: &mut Rendered) {
    for node in nodes {
        match node {
            Node::Text(t) => out.html.push_str(t),
            Node::Section {
                name,
                negated,
                body,
            } => {
                let value = field(ctx, name).or_else(|| special(ctx, name));
                let present = value.is_some_and(|v| !is_blank(v));
                if present != *negated {
                    render_nodes(body, ctx, out);
                }
            }
            Node::Field { name, filters } => render_field(name, filters, ctx, out),
        }
    }
}

fn render_field(name: &str, filters: &[String], ctx: &Context<'_>, out: &mut Rendered) {
    let own = field(ctx, name);
    let Some(value) = own.or_else(|| special(ctx, name)) else {
        // An unknown field renders as nothing, as in Anki (which shows a warning).
        return;
    };
    let mut text = value.to_string();
    let mut shows = own.is_some() && !is_blank(value);
    for filter in filters.iter().rev() {
        match filter.as_str() {
            "cloze" => {
                out.cloze_field.get_or_insert_with(|| name.to_string());
                let nodes = cloze::parse(&text);
                shows = cloze::numbers(&nodes).contains(&ctx.cloze);
                text = if ctx.front_side.is_some() {
                    cloze::reveal(&nodes)
                } else {
                    cloze::front(&nodes, ctx.cloze)
                };
            }
            "text" => text = html::escape(&html::to_text(&text)),
            "hint" if !is_blank(&text) => text = format!("(hint: {text})"),
            "type" => {
                if !filters.iter().any(|f| f == "cloze") {
                    out.typed_field.get_or_insert_with(|| name.to_string());
                }
                // The answer box: nothing to show; the answer side shows the field.
                if ctx.front_side.is_none() {
                    text.clear();
                }
            }
            // Text-to-speech reads the field aloud: nothing to show in a terminal.
            f if f.starts_with("tts") => text.clear(),
            // Other filters (furigana, kana, …) change presentation only.
            _ => {}
        }
    }
    out.shows_content |= shows;
    out.html.push_str(&text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn ctx<'a>(fields: &'a [(String, String)], front: Option<&'a str>) -> Context<'a> {
        Context {
            fields,
            cloze: 1,
            front_side: front,
            tags: "t1 t2",
            deck: "A::B",
            notetype: "Basic",
            card: "Card 1",
        }
    }

    fn render(t: &str, f: &[(String, String)], front: Option<&str>) -> Rendered {
        Template::parse(t).unwrap().render(&ctx(f, front))
    }

    #[test]
    fn fields_and_front_side() {
        let f = fields(&[("Front", "hola"), ("Back", "hello")]);
        let q = render("{{Front}}", &f, None);
        assert_eq!(q.html, "hola");
        assert!(q.shows_content);
        let a = render("{{FrontSide}}<hr id=answer>{{ Back }}", &f, Some(&q.html));
        assert_eq!(a.html, "hola<hr id=answer>hello");
    }

    #[test]
    fn sections_follow_field_emptiness() {
        let t = "{{Word}}{{#Example}}: {{Example}}{{/Example}}{{^Example}} (none){{/Example}}";
        let with = fields(&[("Word", "Katze"), ("Example", "Die Katze")]);
        assert_eq!(render(t, &with, None).html, "Katze: Die Katze");
        let without = fields(&[("Word", "Hund"), ("Example", "<br> ")]);
        assert_eq!(render(t, &without, None).html, "Hund (none)");
    }

    #[test]
    fn a_front_showing_no_field_is_empty() {
        let f = fields(&[("Front", "x"), ("Add Reverse", "")]);
        let r = render("{{#Add Reverse}}{{Front}}{{/Add Reverse}}", &f, None);
        assert!(!r.shows_content);
        let r = render("Question: {{Add Reverse}}", &f, None);
        assert!(!r.shows_content, "fixed text alone is not content");
        assert!(render("{{Tags}}", &f, None).html == "t1 t2");
        assert!(!render("{{Tags}}", &f, None).shows_content);
    }

    #[test]
    fn filters() {
        let f = fields(&[
            ("Text", "{{c1::Paris}} in {{c2::France::country}}"),
            ("B", "<b>x</b> &lt;"),
        ]);
        let mut c = ctx(&f, None);
        c.cloze = 2;
        let t = Template::parse("{{cloze:Text}}").unwrap();
        let r = t.render(&c);
        assert_eq!(r.html, "Paris in [...] (hint: country)");
        assert!(r.shows_content);
        assert_eq!(r.cloze_field.as_deref(), Some("Text"));
        c.cloze = 3;
        assert!(!t.render(&c).shows_content, "no c3: no card");
        assert_eq!(render("{{text:B}}", &f, None).html, "x &lt;");
        assert_eq!(render("{{hint:B}}", &f, None).html, "(hint: <b>x</b> &lt;)");
        let typed = render("{{Text}}{{type:B}}", &f, None);
        assert_eq!(typed.typed_field.as_deref(), Some("B"));
        assert!(!typed.html.contains('x'));
        assert_eq!(render("{{tts en_US:B}}", &f, None).html, "");
        assert_eq!(render("{{furigana:B}}", &f, None).html, "<b>x</b> &lt;");
    }

    #[test]
    fn bad_sections_are_named() {
        assert_eq!(
            Template::parse("{{#A}}x").unwrap_err(),
            "`{{#A}}` is never closed"
        );
        assert_eq!(
            Template::parse("{{#A}}x{{/B}}").unwrap_err(),
            "`{{/B}}` closes `{{#A}}`"
        );
        assert!(Template::parse("{{/A}}").is_err());
        assert!(Template::parse(&"{{#A}}".repeat(100)).is_err());
    }

    #[test]
    fn unknown_fields_and_stray_braces() {
        let f = fields(&[("A", "a")]);
        assert_eq!(render("{{Nope}}-{{A}}", &f, None).html, "-a");
        assert_eq!(render("{{A}} {{ unclosed", &f, None).html, "a {{ unclosed");
    }

    proptest! {
        #[test]
        fn never_panics(t in "[{}#^/:a-zA-Z ]{0,40}") {
            if let Ok(tpl) = Template::parse(&t) {
                let f = fields(&[("a", "x"), ("A", "{{c1::y}}")]);
                let _ = tpl.render(&ctx(&f, None));
                let _ = tpl.render(&ctx(&f, Some("q")));
            }
        }
    }
}
