//! Anki's "Notes in Plain Text" exports: the `#key:value` header directives, `#`
//! comment lines, CSV-style quoting, and notes rendered through Anki's stock note types
//! (Basic, reversed, optional reversed, type-in-the-answer, Cloze).

use std::collections::HashMap;

use super::html;
use super::notes::{self, NoteInput, Notetype, NotetypeKind, card_guid, plain_to_html};
use crate::core::model::CardDraft;
use crate::formats::spec::{Claim, FormatSpec, Head, ReadAs};
use crate::formats::{
    DeckSet, Options, Parsed, Problem, Problems, Skipped, clean_text, csv, deck_name, derived_guid,
    split_tags,
};

/// Anki's "Notes in Plain Text" exports, as an import format.
pub const FORMAT: FormatSpec = FormatSpec {
    name: "anki-text",
    help: "Anki's \"Notes in Plain Text\" export (#separator:, #html:, #deck:, … headers)",
    extensions: &["txt"],
    sniff,
    read: ReadAs::Text(parse),
};

/// A file opening with one of Anki's header directives: an export even when saved as
/// `.csv` or `.tsv` (Anki's own export dialog offers those names), and the strongest of
/// looks in a file whose name says nothing.
fn sniff(head: &Head<'_>) -> Option<Claim> {
    if !head.text.lines().next().is_some_and(is_anki_directive) {
        return None;
    }
    Some(match head.extension.as_str() {
        "csv" | "tsv" => Claim::Shown,
        _ => Claim::Looks(3),
    })
}

/// The header lines of Anki's "Notes in Plain Text" exports.
const ANKI_DIRECTIVES: &[&str] = &[
    "separator",
    "html",
    "tags",
    "columns",
    "deck",
    "notetype",
    "guid column",
    "notetype column",
    "deck column",
    "tags column",
];

/// Whether `line` is one of Anki's `#key:value` header directives.
#[must_use]
pub fn is_anki_directive(line: &str) -> bool {
    line.strip_prefix('#')
        .and_then(|l| l.split_once(':'))
        .is_some_and(|(key, _)| ANKI_DIRECTIVES.contains(&key.trim().to_lowercase().as_str()))
}

/// What the header directives say.
#[derive(Debug, Default)]
struct Header {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    columns: Vec<String>,
    deck: Option<String>,
    notetype: Option<String>,
    /// 0-based column indexes.
    guid_column: Option<usize>,
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
}

/// Separators tried, in order of preference, when the file does not say: the one
/// that splits the most lines into the same number (two or more) of fields wins.
const CANDIDATES: &[u8] = b"\t|;,";

/// Parses an Anki text export.
pub fn parse(text: &str, file: &str, opts: &Options) -> Result<Parsed, Problems> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The CSV reader ends a record at a lone `\r` but counts lines by `\n` alone, so every
    // line number after one would be off (two notes "at line 10"): a lone `\r` is a line
    // break, and is counted as one.
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let text = text.as_ref();
    let (header, body_start) =
        read_header(text).map_err(|(line, m)| Problems::one(file, Some(line), m))?;
    let body = &text[body_start..];
    let first_line = text[..body_start].matches('\n').count() + 1;
    let separator = match header.separator {
        Some(s) => s,
        None => guess_separator(body).ok_or_else(|| {
            Problems::one(
                file,
                None,
                "cannot tell the field separator (no line splits into two or more fields \
                 by tab, `|`, `;` or `,`); add a `#separator:Tab` (or Comma, Semicolon, Pipe) line",
            )
        })?,
    };
    if let Some(line) = csv::unclosed_quote(body, separator) {
        return Err(Problems::one(
            file,
            Some(first_line + line - 1),
            "a quoted field opens here and is never closed (a `\"` is missing)",
        ));
    }
    let is_html = header.html.unwrap_or_else(|| html::looks_like_html(body));
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(body.as_bytes());
    let mut notes = Notes::new(&header, opts, is_html);
    let mut problems = Vec::new();
    for record in reader.records() {
        let line_of =
            |pos: Option<&::csv::Position>| pos.map(|p| first_line + p.line() as usize - 1);
        match record {
            Ok(r) => {
                let line = line_of(r.position()).unwrap_or(first_line);
                let cells: Vec<&str> = r.iter().collect();
                if cells.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if let Err(m) = notes.add(&cells, line) {
                    problems.push(Problem::new(file, Some(line), m));
                }
            }
            Err(e) => problems.push(Problem::new(
                file,
                line_of(e.position()),
                format!("cannot read the line: {e}"),
            )),
        }
        if problems.len() > 100 {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    notes.finish(file)
}

/// Reads the directive lines at the top; returns them and where the notes start.
fn read_header(text: &str) -> Result<(Header, usize), (usize, String)> {
    let mut h = Header::default();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if !is_anki_directive(trimmed) {
            break;
        }
        offset += line.len();
        let (key, value) = trimmed[1..].split_once(':').unwrap_or_default();
        directive(&mut h, &key.trim().to_lowercase(), value.trim()).map_err(|m| (i + 1, m))?;
    }
    // `#columns:` is split by the separator, which may come after it.
    if let Some(cols) = h.columns.first().cloned().filter(|_| h.columns.len() == 1) {
        let sep = h.separator.unwrap_or(b'\t') as char;
        h.columns = cols.split(sep).map(|c| c.trim().to_string()).collect();
    }
    Ok((h, offset))
}

fn directive(h: &mut Header, key: &str, value: &str) -> Result<(), String> {
    let column = |v: &str| -> Result<Option<usize>, String> {
        match v.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Some(n - 1)),
            _ => Err(format!(
                "`#{key}:` expects a column number from 1, not `{v}`"
            )),
        }
    };
    match key {
        "separator" => h.separator = Some(separator(value)?),
        "html" => {
            h.html = Some(match value.to_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => return Err(format!("`#html:` expects true or false, not `{value}`")),
            });
        }
        "tags" => h.tags = split_tags(value),
        "columns" => h.columns = vec![value.to_string()],
        "deck" => h.deck = deck_name(value),
        "notetype" => h.notetype = Some(clean_text(value)).filter(|n| !n.is_empty()),
        "guid column" => h.guid_column = column(value)?,
        "notetype column" => h.notetype_column = column(value)?,
        "deck column" => h.deck_column = column(value)?,
        "tags column" => h.tags_column = column(value)?,
        _ => {}
    }
    Ok(())
}

/// `#separator:` takes a name (as Anki writes them) or the character itself.
fn separator(value: &str) -> Result<u8, String> {
    Ok(match value.to_lowercase().as_str() {
        "tab" | "\\t" => b'\t',
        "comma" | "," => b',',
        "semicolon" | ";" => b';',
        "pipe" | "|" => b'|',
        "colon" | ":" => b':',
        "space" | " " | "" => b' ',
        _ if value.len() == 1 && value.is_ascii() => value.as_bytes()[0],
        _ => {
            return Err(format!(
                "`#separator:` expects Tab, Comma, Semicolon, Pipe, Colon, Space or one character, not `{value}`"
            ));
        }
    })
}

/// The separator that splits the most lines into one shared field count (≥ 2); ties go
/// to the earlier candidate (tab before `|`, `;`, `,`), since commas are common in
/// text and tabs are not.
#[must_use]
pub fn guess_separator(body: &str) -> Option<u8> {
    let mut best: Option<(usize, u8)> = None;
    for &sep in CANDIDATES {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let reader = ::csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(body.as_bytes());
        for record in reader.into_records().take(1000).flatten() {
            if record.iter().any(|c| !c.trim().is_empty()) {
                *counts.entry(record.len()).or_default() += 1;
            }
        }
        let agreeing = counts
            .iter()
            .filter(|(width, _)| **width >= 2)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        if agreeing > 0 && best.is_none_or(|(n, _)| agreeing > n) {
            best = Some((agreeing, sep));
        }
    }
    best.map(|(_, sep)| sep)
}

/// Notes being turned into cards.
struct Notes<'a> {
    header: &'a Header,
    opts: &'a Options,
    html: bool,
    set: DeckSet,
    skipped: Vec<Skipped>,
    stock: HashMap<String, Option<Notetype>>,
}

impl<'a> Notes<'a> {
    fn new(header: &'a Header, opts: &'a Options, html: bool) -> Notes<'a> {
        Notes {
            header,
            opts,
            html,
            set: DeckSet::default(),
            skipped: Vec::new(),
            stock: HashMap::new(),
        }
    }

    fn add(&mut self, cells: &[&str], line: usize) -> Result<(), String> {
        let h = self.header;
        let special = [
            h.guid_column,
            h.notetype_column,
            h.deck_column,
            h.tags_column,
        ];
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |c| c.trim());
        let fields: Vec<String> = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| !special.contains(&Some(*i)))
            .map(|(_, c)| self.field_html(c))
            .collect();
        let field_names: Vec<String> = h
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !special.contains(&Some(*i)))
            .map(|(_, c)| c.clone())
            .collect();
        let deck = deck_name(cell(h.deck_column))
            .or_else(|| h.deck.clone())
            .unwrap_or_else(|| self.opts.default_deck.clone());
        let mut tags = h.tags.clone();
        tags.extend(split_tags(cell(h.tags_column)));
        let type_name = match cell(h.notetype_column) {
            "" => h.notetype.clone(),
            n => Some(clean_text(n)),
        };
        let notetype = self.notetype(type_name.as_deref(), &field_names, &fields);
        let fields = by_name(&notetype, &field_names, fields);
        let made = notetype.cards(&NoteInput {
            fields: &fields,
            tags: &tags,
            deck: &deck,
        });
        if made.cards.is_empty() && made.left_out.is_empty() {
            return Err(format!(
                "this note makes no card: the {} field is empty",
                if notetype.kind == NotetypeKind::Cloze {
                    "cloze text has no {{c1::…}} deletion, or its first"
                } else {
                    "first"
                }
            ));
        }
        for reason in made.left_out {
            self.skipped.push(Skipped {
                deck: deck.clone(),
                reason: format!("line {line}: {reason}"),
            });
        }
        let guid = Some(clean_text(cell(h.guid_column))).filter(|g| !g.is_empty());
        for card in made.cards {
            let id = match &guid {
                Some(g) => card_guid(g, notetype.kind, card.ord),
                None => derived_guid(&deck, &card.front),
            };
            let draft = CardDraft {
                guid: id,
                stage: self.opts.stage,
                kind: card.kind,
                front: card.front,
                back: card.back,
                choices: Vec::new(),
                tags: tags.clone(),
                key_points: Vec::new(),
                note: card.note,
                sql: crate::core::model::SqlOptions::default(),
            };
            self.set.add(&deck, draft, &format!("line {line}"))?;
        }
        Ok(())
    }

    fn field_html(&self, cell: &str) -> String {
        if self.html {
            cell.to_string()
        } else {
            plain_to_html(cell)
        }
    }

    /// The named stock note type; otherwise (unknown or unnamed) one inferred from the
    /// fields: cloze if the first field has deletions, else first field asks.
    fn notetype(&mut self, name: Option<&str>, columns: &[String], fields: &[String]) -> Notetype {
        if let Some(name) = name {
            let found = self
                .stock
                .entry(name.to_string())
                .or_insert_with(|| notes::stock(name));
            if let Some(nt) = found {
                return nt.clone();
            }
        }
        let names: Vec<String> = (0..fields.len().max(2))
            .map(|i| {
                columns
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("Field {}", i + 1))
            })
            .collect();
        let first = fields.first().map_or("", String::as_str);
        notes::generic(name.unwrap_or("Basic"), &names, first)
    }

    fn finish(self, file: &str) -> Result<Parsed, Problems> {
        let decks = self.set.into_decks();
        if decks.is_empty() && self.skipped.is_empty() {
            return Err(Problems::one(file, None, "the file has no notes"));
        }
        Ok(Parsed {
            decks,
            skipped: self.skipped,
            ..Parsed::default()
        })
    }
}

/// Puts fields in the note type's order when `#columns:` names them; otherwise they
/// are taken in file order.
fn by_name(nt: &Notetype, names: &[String], fields: Vec<String>) -> Vec<String> {
    let named = names
        .iter()
        .filter(|n| nt.fields.iter().any(|f| f.eq_ignore_ascii_case(n)))
        .count();
    if named == 0 {
        return fields;
    }
    nt.fields
        .iter()
        .map(|f| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(f))
                .and_then(|i| fields.get(i).cloned())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{CardKind, Stage};
    use proptest::prelude::*;

    fn opts() -> Options {
        Options {
            default_deck: "notes".into(),
            stage: Stage::Beginner,
            with_scheduling: false,
            in_folder: false,
        }
    }

    fn ok(text: &str) -> Parsed {
        parse(text, "n.txt", &opts()).unwrap()
    }

    fn err(text: &str) -> String {
        parse(text, "n.txt", &opts()).unwrap_err().to_string()
    }

    const FULL: &str = "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n\
g1\tBasic\tLang::ES\t<b>hola</b>\thello<br>hi\tes::greet\n\
g2\tBasic (and reversed card)\tGeo\tJapan\t東京\tgeo\n\
\"#g3\"\tCloze\tChem\t{{c1::H<sub>2</sub>O}} is {{c2::water::liquid}}\textra\tchem\n";

    #[test]
    fn a_lone_carriage_return_is_a_line_break_with_its_own_line_number() {
        let text = "#separator:tab\n#guid column:1\ng1\tq1\ta1\ng2\tq2\ta2\rg1\tq3\ta3\n";
        assert_eq!(
            err(text),
            "n.txt:5: duplicate card id `anki:g1` (first used at line 3)"
        );
    }

    #[test]
    fn a_full_export_makes_cards_by_note_type() {
        let p = ok(FULL);
        let names: Vec<&str> = p.decks.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Lang::ES", "Geo", "Chem"]);
        let es = &p.decks[0].cards[0];
        assert_eq!(
            (es.guid.as_str(), es.front.as_str(), es.back.as_str()),
            ("anki:g1", "hola", "hello\nhi")
        );
        assert_eq!(es.tags, ["es::greet"]);
        assert_eq!(p.decks[1].cards.len(), 2);
        assert_eq!(p.decks[1].cards[1].guid, "anki:g2/2");
        let chem = &p.decks[2].cards;
        assert_eq!(chem.len(), 2);
        assert_eq!(chem[1].guid, "anki:#g3/c2");
        assert_eq!(chem[1].kind, CardKind::Cloze);
        assert_eq!(chem[1].front, "H2O is [...] (hint: liquid)");
        // The cloze note's Back Extra comes along as the cards' note; basic cards have none.
        assert_eq!(
            (chem[0].note.as_str(), chem[1].note.as_str()),
            ("extra", "extra")
        );
        assert_eq!(es.note, "");
    }

    #[test]
    fn global_deck_notetype_and_tags() {
        let p = ok(
            "#separator:Semicolon\n#deck:Spanish::Verbs\n#notetype:Basic (type in the answer)\n#tags:verbs es\n# a comment\nto be;ser\n",
        );
        let c = &p.decks[0].cards[0];
        assert_eq!(p.decks[0].name, "Spanish::Verbs");
        assert_eq!(c.kind, CardKind::Typed);
        assert_eq!(c.tags, ["verbs", "es"]);
        assert!(c.guid.starts_with("verbs/"));
    }

    #[test]
    fn the_separator_is_the_most_consistent_one() {
        // The first character a naive guess sees is a comma; the semicolon is what
        // splits every line the same way.
        let body = "hola, amigo;hello, friend\ngato;cat\nperro;dog, hound\n";
        assert_eq!(guess_separator(body), Some(b';'));
        assert_eq!(guess_separator("a\tb, c\nd\te\n"), Some(b'\t'));
        assert_eq!(guess_separator("a,b\nc,d\n"), Some(b','));
        assert_eq!(guess_separator("no separators\nat all\n"), None);
        assert_eq!(separator("Tab"), Ok(b'\t'));
        assert_eq!(separator("X"), Ok(b'X'));
        assert!(separator("two").is_err());
        let p = ok(body);
        assert_eq!(p.decks[0].cards[0].front, "hola, amigo");
        assert_eq!(p.decks[0].cards[2].back, "dog, hound");
    }

    #[test]
    fn without_html_text_is_literal_and_media_is_shown() {
        let p = ok("#separator:tab\n#html:false\na < b\tx [sound:y.mp3]\n");
        let c = &p.decks[0].cards[0];
        assert_eq!(
            (c.front.as_str(), c.back.as_str()),
            ("a < b", "x [sound: y.mp3]")
        );
    }

    #[test]
    fn cloze_notes_are_recognised_without_a_notetype() {
        let p = ok("#separator:tab\n{{c1::Paris}} is in {{c2::France}}\t\n");
        assert_eq!(p.decks[0].cards.len(), 2);
        assert_eq!(p.decks[0].cards[0].kind, CardKind::Cloze);
    }

    #[test]
    fn columns_name_fields() {
        let p = ok("#separator:,\n#columns:Back,Front\n#notetype:Basic\nhello,hola\n");
        let c = &p.decks[0].cards[0];
        assert_eq!((c.front.as_str(), c.back.as_str()), ("hola", "hello"));
    }

    #[test]
    fn problems_are_located() {
        assert_eq!(
            err("#separator:tab\n#html:maybe\n"),
            "n.txt:2: `#html:` expects true or false, not `maybe`"
        );
        assert_eq!(
            err("#separator:tab\n#html:true\na\tb\n\"open\tx\n"),
            "n.txt:4: a quoted field opens here and is never closed (a `\"` is missing)"
        );
        assert_eq!(
            err("#separator:tab\na\tb\n\tc\n"),
            "n.txt:3: this note makes no card: the first field is empty"
        );
        assert!(err("just one field\nper line\n").contains("#separator"));
        assert_eq!(err("#separator:tab\n"), "n.txt: the file has no notes");
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = parse(&s, "p.txt", &opts());
        }

        #[test]
        fn header_like_input_never_panics(s in "(#[a-z ]{0,12}:[a-zA-Z0-9,;\t]{0,6}\n){0,4}[a-z\t,;{}:\"c1]{0,40}") {
            let _ = parse(&s, "p.txt", &opts());
        }
    }
}
