//! Anki notes to recall cards: a note type's templates render each note's cards as Anki
//! would (one per template whose front shows a field; one per cloze number), then the
//! HTML becomes terminal text. Shared by the .apkg and "Notes in Plain Text" imports.

use super::template::{Context, Template};
use super::{cloze, html};
use crate::core::model::CardKind;
use crate::core::text::sanitize;

/// A template's ordinal, name, question and answer formats.
pub type TemplateSource = (u32, String, String, String);

/// Normal note types have one card per template; cloze ones one per cloze number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotetypeKind {
    Normal,
    Cloze,
}

#[derive(Debug, Clone)]
pub struct CardTemplate {
    pub ord: u32,
    pub name: String,
    pub question: Template,
    pub answer: Template,
}

#[derive(Debug, Clone)]
pub struct Notetype {
    pub name: String,
    pub kind: NotetypeKind,
    pub fields: Vec<String>,
    pub templates: Vec<CardTemplate>,
}

/// One card a note makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCard {
    /// Anki's card ordinal: the template's, or the cloze number less one.
    pub ord: u32,
    pub kind: CardKind,
    pub front: String,
    pub back: String,
    /// What the note adds after the answer (a cloze note's "Back Extra"); `""` if nothing.
    pub note: String,
}

/// A note's cards, and the cards it could not make (with why).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteCards {
    pub cards: Vec<NoteCard>,
    pub left_out: Vec<String>,
}

/// The note being rendered.
pub struct NoteInput<'a> {
    /// Field values as HTML, in the note type's field order.
    pub fields: &'a [String],
    pub tags: &'a [String],
    pub deck: &'a str,
}

impl Notetype {
    /// Builds a note type from template sources; a template that does not parse is an
    /// error naming it.
    pub fn new(
        name: &str,
        kind: NotetypeKind,
        fields: Vec<String>,
        templates: &[TemplateSource],
    ) -> Result<Notetype, String> {
        let mut parsed = Vec::new();
        for (ord, tname, q, a) in templates {
            let question = Template::parse(q)
                .map_err(|e| format!("note type `{name}`, card `{tname}`, front template: {e}"))?;
            let answer = Template::parse(a)
                .map_err(|e| format!("note type `{name}`, card `{tname}`, back template: {e}"))?;
            parsed.push(CardTemplate {
                ord: *ord,
                name: tname.clone(),
                question,
                answer,
            });
        }
        Ok(Notetype {
            name: name.to_string(),
            kind,
            fields,
            templates: parsed,
        })
    }

    /// Renders every card of a note.
    #[must_use]
    pub fn cards(&self, note: &NoteInput<'_>) -> NoteCards {
        let named: Vec<(String, String)> = self
            .fields
            .iter()
            .enumerate()
            .map(|(i, name)| {
                (
                    name.clone(),
                    note.fields.get(i).cloned().unwrap_or_default(),
                )
            })
            .collect();
        let tags = note.tags.join(" ");
        match self.kind {
            NotetypeKind::Normal => self.normal_cards(&named, &tags, note.deck),
            NotetypeKind::Cloze => self.cloze_cards(&named, &tags, note.deck),
        }
    }

    fn context<'a>(
        &'a self,
        fields: &'a [(String, String)],
        tags: &'a str,
        deck: &'a str,
        card: &'a str,
    ) -> Context<'a> {
        Context {
            fields,
            cloze: 1,
            front_side: None,
            tags,
            deck,
            notetype: &self.name,
            card,
        }
    }

    fn normal_cards(&self, fields: &[(String, String)], tags: &str, deck: &str) -> NoteCards {
        let mut out = NoteCards::default();
        for t in &self.templates {
            let mut ctx = self.context(fields, tags, deck, &t.name);
            let q = t.question.render(&ctx);
            if !q.shows_content {
                continue;
            }
            ctx.front_side = Some(&q.html);
            let a = t.answer.render(&ctx);
            let front = clean(&html::to_text(&q.html));
            let (kind, back) = match &q.typed_field {
                Some(f) => {
                    let value = lookup(fields, f).unwrap_or_default();
                    (CardKind::Typed, clean(&html::to_text(value)))
                }
                None => (
                    CardKind::Basic,
                    clean(&html::to_text(answer_part(&a.html, &q.html))),
                ),
            };
            push(&mut out, t.ord, kind, (front, back, String::new()), &t.name);
        }
        out
    }

    fn cloze_cards(&self, fields: &[(String, String)], tags: &str, deck: &str) -> NoteCards {
        let mut out = NoteCards::default();
        let Some(t) = self.templates.first() else {
            return out;
        };
        let mut cloze_fields = t.question.cloze_fields();
        if cloze_fields.is_empty() {
            cloze_fields.extend(self.fields.first().cloned());
        }
        let parsed: Vec<Vec<cloze::Node>> = cloze_fields
            .iter()
            .map(|f| cloze::parse(lookup(fields, f).unwrap_or_default()))
            .collect();
        let numbers: std::collections::BTreeSet<u32> = parsed
            .iter()
            .flat_map(|nodes| cloze::numbers(nodes))
            .collect();
        let extra = cloze_extra(fields);
        for n in numbers {
            let mut ctx = self.context(fields, tags, deck, &t.name);
            ctx.cloze = n;
            let q = t.question.render(&ctx);
            if !q.shows_content {
                continue;
            }
            let front = clean(&html::to_text(&q.html));
            let answers: Vec<String> = parsed
                .iter()
                .flat_map(|nodes| cloze::answers(nodes, n))
                .map(|a| clean(&html::to_text(&a)))
                .collect();
            let back = answers.join(", ");
            // A deletion hidden by the template's markup leaves no blank to fill in.
            let kind = if front.contains(cloze::BLANK) {
                CardKind::Cloze
            } else {
                CardKind::Basic
            };
            let sides = (front, back, extra.clone());
            push(&mut out, n - 1, kind, sides, &format!("cloze {n}"));
        }
        out
    }
}

/// A cloze note's "Back Extra" (older note types: "Extra"), shown after the answer: Anki's
/// cloze template puts it under the revealed text, which recall shows as the card's note.
fn cloze_extra(fields: &[(String, String)]) -> String {
    ["Back Extra", "Extra"]
        .iter()
        .find_map(|name| lookup(fields, name))
        .map(|v| clean(&html::to_text(v)))
        .unwrap_or_default()
}

/// Adds a card made of `(front, back, note)`, or says why it makes none.
fn push(
    out: &mut NoteCards,
    ord: u32,
    kind: CardKind,
    (front, back, note): (String, String, String),
    name: &str,
) {
    if front.is_empty() {
        out.left_out
            .push(format!("card `{name}` has an empty front"));
    } else if back.is_empty() {
        out.left_out
            .push(format!("card `{name}` has an empty answer"));
    } else {
        out.cards.push(NoteCard {
            ord,
            kind,
            front,
            back,
            note,
        });
    }
}

fn lookup<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(n, _)| n == name || n.to_lowercase() == name.to_lowercase())
        .map(|(_, v)| v.as_str())
}

fn clean(s: &str) -> String {
    sanitize(s).trim().to_string()
}

/// The part of a rendered answer that is the answer: after Anki's `<hr id=answer>`
/// marker, or after a repeated front; else all of it.
fn answer_part<'a>(answer: &'a str, question: &str) -> &'a str {
    let lower = answer.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<hr") {
        let start = from + i;
        let Some(len) = lower[start..].find('>') else {
            break;
        };
        let tag = &lower[start..start + len];
        if tag.contains("answer") {
            return &answer[start + len + 1..];
        }
        from = start + len;
    }
    answer.strip_prefix(question).unwrap_or(answer)
}

/// Plain text (an export without HTML) as HTML that renders back to the same text.
#[must_use]
pub fn plain_to_html(text: &str) -> String {
    html::escape(text).replace('\n', "<br>")
}

/// Anki's stock note types, for "Notes in Plain Text" files, which name a note type
/// but do not carry its templates.
#[must_use]
pub fn stock(name: &str) -> Option<Notetype> {
    const BACK: &str = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";
    const REVERSE_BACK: &str = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}";
    let s = |x: &str| x.to_string();
    let (kind, fields, templates): (_, Vec<String>, Vec<TemplateSource>) =
        match name.to_lowercase().as_str() {
            "basic" => (
                NotetypeKind::Normal,
                vec![s("Front"), s("Back")],
                vec![(0, s("Card 1"), s("{{Front}}"), s(BACK))],
            ),
            "basic (and reversed card)" => (
                NotetypeKind::Normal,
                vec![s("Front"), s("Back")],
                vec![
                    (0, s("Card 1"), s("{{Front}}"), s(BACK)),
                    (1, s("Card 2"), s("{{Back}}"), s(REVERSE_BACK)),
                ],
            ),
            "basic (optional reversed card)" => (
                NotetypeKind::Normal,
                vec![s("Front"), s("Back"), s("Add Reverse")],
                vec![
                    (0, s("Card 1"), s("{{Front}}"), s(BACK)),
                    (
                        1,
                        s("Card 2"),
                        s("{{#Add Reverse}}{{Back}}{{/Add Reverse}}"),
                        s(REVERSE_BACK),
                    ),
                ],
            ),
            "basic (type in the answer)" => (
                NotetypeKind::Normal,
                vec![s("Front"), s("Back")],
                vec![(
                    0,
                    s("Card 1"),
                    s("{{Front}}\n\n{{type:Back}}"),
                    s("{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"),
                )],
            ),
            "cloze" => (
                NotetypeKind::Cloze,
                vec![s("Text"), s("Back Extra")],
                vec![(
                    0,
                    s("Cloze"),
                    s("{{cloze:Text}}"),
                    s("{{cloze:Text}}<br>\n{{Back Extra}}"),
                )],
            ),
            _ => return None,
        };
    Notetype::new(name, kind, fields, &templates).ok()
}

/// A note type for notes whose type is unknown: cloze if the first field has cloze
/// deletions, else the first field asks and the others (non-empty ones) answer.
#[must_use]
pub fn generic(name: &str, field_names: &[String], first_field: &str) -> Notetype {
    let fields: Vec<String> = field_names.to_vec();
    let first = fields.first().cloned().unwrap_or_else(|| "Field 1".into());
    let (kind, q) = if cloze::has_cloze(first_field) {
        (NotetypeKind::Cloze, format!("{{{{cloze:{first}}}}}"))
    } else {
        (NotetypeKind::Normal, format!("{{{{{first}}}}}"))
    };
    let rest: Vec<String> = fields
        .iter()
        .skip(1)
        .map(|f| format!("{{{{{f}}}}}"))
        .collect();
    let a = format!("<hr id=answer>{}", rest.join("<br>"));
    Notetype::new(name, kind, fields, &[(0, "Card 1".into(), q, a)]).unwrap_or(Notetype {
        name: name.to_string(),
        kind,
        fields: field_names.to_vec(),
        templates: Vec::new(),
    })
}

/// The card id of an Anki note's card: `anki:GUID` for the first template (so a note
/// that gains a template keeps its first card), `anki:GUID/2`… for the others, and
/// `anki:GUID/c1`… for cloze numbers.
#[must_use]
pub fn card_guid(note_guid: &str, kind: NotetypeKind, ord: u32) -> String {
    match (kind, ord) {
        (NotetypeKind::Cloze, n) => format!("anki:{note_guid}/c{}", n + 1),
        (NotetypeKind::Normal, 0) => format!("anki:{note_guid}"),
        (NotetypeKind::Normal, n) => format!("anki:{note_guid}/{}", n + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(nt: &Notetype, fields: &[&str]) -> NoteCards {
        let fields: Vec<String> = fields
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        nt.cards(&NoteInput {
            fields: &fields,
            tags: &["a::b".to_string()],
            deck: "D",
        })
    }

    #[test]
    fn basic_and_reversed_makes_two_cards() {
        let nt = stock("Basic (and reversed card)").unwrap();
        let c = cards(&nt, &["Japan", "東京 (Tokyo)"]).cards;
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].front.as_str(), c[0].back.as_str()),
            ("Japan", "東京 (Tokyo)")
        );
        assert_eq!(
            (c[1].front.as_str(), c[1].back.as_str()),
            ("東京 (Tokyo)", "Japan")
        );
        assert_eq!(c[1].ord, 1);
    }

    #[test]
    fn optional_reverse_needs_its_field() {
        let nt = stock("Basic (optional reversed card)").unwrap();
        assert_eq!(cards(&nt, &["perro", "dog", ""]).cards.len(), 1);
        assert_eq!(cards(&nt, &["rojo", "red", "y"]).cards.len(), 2);
    }

    #[test]
    fn type_in_the_answer_is_a_typed_card() {
        let nt = stock("Basic (type in the answer)").unwrap();
        let c = cards(&nt, &["Translate: thank you", "gracias"]).cards;
        assert_eq!(c[0].kind, CardKind::Typed);
        assert_eq!(c[0].front, "Translate: thank you");
        assert_eq!(c[0].back, "gracias");
    }

    #[test]
    fn cloze_notes_make_one_card_per_number() {
        let nt = stock("Cloze").unwrap();
        let c = cards(
            &nt,
            &["{{c1::H<sub>2</sub>O}} is {{c2::water::liquid}}", "extra"],
        )
        .cards;
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].kind, CardKind::Cloze);
        assert_eq!(c[0].front, "[...] is water");
        assert_eq!(c[0].back, "H2O");
        assert_eq!(c[1].front, "H2O is [...] (hint: liquid)");
        assert_eq!(c[1].back, "water");
        assert_eq!(c[1].ord, 1);
        let c = cards(&nt, &["{{c1::Na}} + {{c1::Cl}}", ""]).cards;
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].back, "Na, Cl");
    }

    #[test]
    fn html_becomes_text_and_the_answer_is_split_at_the_marker() {
        let nt = stock("Basic").unwrap();
        let c = cards(
            &nt,
            &["<b>hola</b>", "hello<br>hi &amp; <img src=\"x.png\">"],
        )
        .cards;
        assert_eq!(c[0].front, "hola");
        assert_eq!(c[0].back, "hello\nhi & [image: x.png]");
    }

    #[test]
    fn empty_fronts_make_no_card_and_empty_answers_are_reported() {
        let nt = stock("Basic").unwrap();
        assert!(cards(&nt, &["", "x"]).cards.is_empty());
        let r = cards(&nt, &["q", " <br> "]);
        assert!(r.cards.is_empty());
        assert_eq!(r.left_out, ["card `Card 1` has an empty answer"]);
    }

    #[test]
    fn custom_templates_with_sections_and_hints() {
        let nt = Notetype::new(
            "Vocab",
            NotetypeKind::Normal,
            vec!["Word".into(), "Meaning".into(), "Example".into()],
            &[
                (
                    0,
                    "Recognize".into(),
                    "{{Word}}{{#Example}}<br><i>{{Example}}</i>{{/Example}}".into(),
                    "{{FrontSide}}\n\n<hr id=answer>\n\n{{Meaning}}".into(),
                ),
                (
                    1,
                    "Recall".into(),
                    "{{Meaning}}{{^Example}} (no example){{/Example}}".into(),
                    "{{FrontSide}}<hr id=answer>{{Word}}<br>{{hint:Example}}".into(),
                ),
            ],
        )
        .unwrap();
        let c = cards(&nt, &["Katze", "cat", "Die Katze schläft."]).cards;
        assert_eq!(c[0].front, "Katze\nDie Katze schläft.");
        assert_eq!(c[0].back, "cat");
        assert_eq!(c[1].front, "cat");
        assert_eq!(c[1].back, "Katze\n(hint: Die Katze schläft.)");
        let c = cards(&nt, &["Hund", "dog", ""]).cards;
        assert_eq!(c[1].front, "dog (no example)");
        assert_eq!(c[1].back, "Hund");
    }

    #[test]
    fn answers_without_a_marker_drop_the_repeated_front() {
        assert_eq!(answer_part("Q<br>A", "Q"), "<br>A");
        assert_eq!(answer_part("Q<HR ID=\"answer\">A", "Q"), "A");
        assert_eq!(answer_part("only answer", "Q"), "only answer");
        assert_eq!(answer_part("Q<hr>A", "Z"), "Q<hr>A");
    }

    #[test]
    fn unknown_note_types_fall_back_to_field_order() {
        let names = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        let nt = generic("Mine", &names, "q");
        let c = cards(&nt, &["q", "a", "more"]).cards;
        assert_eq!((c[0].front.as_str(), c[0].back.as_str()), ("q", "a\nmore"));
        let nt = generic("Mine", &names, "{{c1::x}} y");
        let c = cards(&nt, &["{{c1::x}} y", "", ""]).cards;
        assert_eq!(c[0].kind, CardKind::Cloze);
        assert_eq!(c[0].back, "x");
    }

    #[test]
    fn card_ids_follow_the_note() {
        assert_eq!(card_guid("abc", NotetypeKind::Normal, 0), "anki:abc");
        assert_eq!(card_guid("abc", NotetypeKind::Normal, 1), "anki:abc/2");
        assert_eq!(card_guid("abc", NotetypeKind::Cloze, 2), "anki:abc/c3");
    }

    #[test]
    fn plain_text_keeps_its_brackets_and_lines() {
        let nt = stock("Basic").unwrap();
        let c = cards(&nt, &[&plain_to_html("a < b"), &plain_to_html("x\ny")]).cards;
        assert_eq!(c[0].front, "a < b");
        assert_eq!(c[0].back, "x\ny");
    }
}
