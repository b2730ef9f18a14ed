//! Anki packages (.apkg, .colpkg): unpacking the collection from the zip in memory (with
//! a limit against zip bombs), having its `SQLite` read into rows (by the reader the
//! pipeline passes in: `store::anki`'s, so this module stays pure), and turning the rows
//! into decks of cards and, with `--with-scheduling`, SM-2 states.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use serde::Deserialize;

use super::notes::{NoteInput, Notetype, NotetypeKind, TemplateSource, card_guid};
use super::protobuf;
use super::rows::{RawCard, RawCollection, RawNote, RawReview};
use super::schedule::{day_zero, sm2_state};
use crate::core::model::{CardDraft, LoggedReview, ReviewMode};
use crate::formats::spec::{Claim, Deps, FormatSpec, Head, ReadAs};
use crate::formats::{DeckSet, Options, Parsed, Problem, Problems, Skipped, deck_name};

/// Anki packages, as an import format.
pub const FORMAT: FormatSpec = FormatSpec {
    name: "apkg",
    help: "Anki packages (.apkg/.colpkg, legacy and current)",
    extensions: &["apkg", "colpkg"],
    sniff,
    read: ReadAs::Bytes(parse),
};

/// A zip is a package whatever its name: no other format is a zip.
fn sniff(head: &Head<'_>) -> Option<Claim> {
    (head.bytes.starts_with(b"PK\x03\x04") || head.bytes.starts_with(b"PK\x05\x06"))
        .then_some(Claim::Certain)
}

/// A package's bytes to cards: the zip and zstd here, the `SQLite` through
/// `deps.read_collection`, the cards from its rows.
pub fn parse(bytes: &[u8], file: &str, opts: &Options, deps: &Deps) -> Result<Parsed, Problems> {
    let collection = unpack(bytes, file, MAX_UNPACKED_BYTES)?;
    let rows = (deps.read_collection)(collection).map_err(|e| {
        Problems::one(
            file,
            None,
            format!("the collection in the package cannot be read: {e}"),
        )
    })?;
    cards(&rows, file, opts)
}

/// The most an unpacked collection may weigh. Real collections are far smaller (a deck
/// of 30,000 notes is about 50 MiB); past this the package is damaged or hostile.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;

/// The collection files a package may hold, best first: a current export also holds a
/// legacy `collection.anki2` that only says "please update Anki".
const COLLECTIONS: &[&str] = &[
    "collection.anki21b",
    "collection.anki21",
    "collection.anki2",
];

/// Takes the collection database out of a package: the bytes of the `SQLite` file.
pub fn unpack(bytes: &[u8], file: &str, max_bytes: u64) -> Result<Vec<u8>, Problems> {
    let fail = |m: String| Problems::one(file, None, m);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        fail(format!(
            "not a readable zip archive ({e}); an Anki package is a zip file, and this one \
             is truncated, damaged, or not a package"
        ))
    })?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let Some(name) = COLLECTIONS.iter().find(|c| names.iter().any(|n| n == *c)) else {
        return Err(fail(format!(
            "this zip file is not an Anki package: it holds no collection ({}); it holds {}",
            COLLECTIONS.join(", "),
            summary(&names)
        )));
    };
    let mut entry = zip
        .by_name(name)
        .map_err(|e| fail(format!("cannot open {name} in the package: {e}")))?;
    let too_big = || {
        fail(format!(
            "{name} unpacks to more than {} MiB; refusing it (a damaged package, or a zip bomb)",
            max_bytes >> 20
        ))
    };
    if entry.size() > max_bytes {
        return Err(too_big());
    }
    let mut data = Vec::new();
    (&mut entry)
        .take(max_bytes + 1)
        .read_to_end(&mut data)
        .map_err(|e| {
            fail(format!(
                "cannot unpack {name}: {e}; the package is damaged or truncated"
            ))
        })?;
    if data.len() as u64 > max_bytes {
        return Err(too_big());
    }
    if *name == "collection.anki21b" {
        data = unzstd(&data, name, max_bytes).map_err(fail)?;
    }
    Ok(data)
}

fn summary(names: &[String]) -> String {
    if names.is_empty() {
        return "nothing".into();
    }
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = if names.len() > 5 {
        format!(" and {} more", names.len() - 5)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

/// `collection.anki21b` is a zstd stream (stored, not deflated, in the zip).
fn unzstd(data: &[u8], name: &str, max_bytes: u64) -> Result<Vec<u8>, String> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(data)
        .map_err(|e| format!("{name} is not valid zstd data ({e}); the package is damaged"))?;
    let mut out = Vec::new();
    decoder
        .take(max_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress {name}: {e}; the package is damaged"))?;
    if out.len() as u64 > max_bytes {
        return Err(format!(
            "{name} decompresses to more than {} MiB; refusing it (a damaged package, or a zip bomb)",
            max_bytes >> 20
        ));
    }
    Ok(out)
}

/// Legacy `col.models` entries.
#[derive(Deserialize)]
struct LegacyNotetype {
    #[serde(default)]
    name: String,
    #[serde(default, rename = "type")]
    kind: i64,
    #[serde(default)]
    flds: Vec<LegacyField>,
    #[serde(default)]
    tmpls: Vec<LegacyTemplate>,
}

#[derive(Deserialize)]
struct LegacyField {
    name: String,
    #[serde(default)]
    ord: Option<i64>,
}

#[derive(Deserialize)]
struct LegacyTemplate {
    #[serde(default)]
    name: String,
    #[serde(default)]
    ord: Option<i64>,
    #[serde(default)]
    qfmt: String,
    #[serde(default)]
    afmt: String,
}

#[derive(Deserialize)]
struct LegacyDeck {
    #[serde(default)]
    name: String,
}

/// Turns a collection into decks of cards (and, with `--with-scheduling`, states).
/// One revlog entry as an answer here: Anki's buttons as grades (again 1, hard 3, good 4,
/// easy 5, as `schedule` maps them), a filtered deck's answers as drills; manual changes
/// and reschedulings (no button) are not answers.
fn logged_review(guid: &str, r: &RawReview) -> Option<LoggedReview> {
    let quality = match r.ease {
        1 => 1,
        2 => 3,
        3 => 4,
        4 => 5,
        _ => return None,
    };
    let mode = match r.kind {
        0..=2 => ReviewMode::Review,
        3 => ReviewMode::Drill,
        _ => return None,
    };
    Some(LoggedReview {
        card: guid.to_string(),
        reviewed_at: r.id,
        quality,
        mode,
        duration_ms: r.duration_ms,
    })
}

pub fn cards(col: &RawCollection, file: &str, opts: &Options) -> Result<Parsed, Problems> {
    let problem = |m: String| Problem::new(file, None, m);
    let mut problems = Vec::new();
    let Notetypes {
        usable: notetypes,
        broken,
        errors,
    } = notetypes(col);
    problems.extend(errors.into_iter().map(problem));
    let decks = decks(col).map_err(|e| Problems(vec![problem(e)]))?;
    let mut card_rows: HashMap<(i64, i64), &RawCard> = HashMap::new();
    for c in &col.cards {
        card_rows.entry((c.note_id, c.ord)).or_insert(c);
    }
    let mut reviews: HashMap<i64, Vec<RawReview>> = HashMap::new();
    for r in &col.revlog {
        reviews.entry(r.card_id).or_default().push(r.clone());
    }
    let zero = day_zero(col.created_secs);
    let mut set = DeckSet::default();
    let mut out = Parsed::default();
    for note in &col.notes {
        let at = format!("note {}", note.id);
        let Some(nt) = notetypes.get(&note.notetype_id) else {
            // A note of a broken note type (or of unreadable note types): that error
            // says it all.
            let unreadable = notetypes.is_empty() && !problems.is_empty();
            if !broken.contains(&note.notetype_id) && !unreadable {
                problems.push(problem(format!(
                    "{at}: its note type {} is not in the package",
                    note.notetype_id
                )));
            }
            continue;
        };
        let home = note_deck(note, &card_rows, &decks, opts);
        if is_image_occlusion(nt) {
            out.skipped.push(Skipped {
                deck: home,
                reason: format!("{at}: image occlusion notes need their images"),
            });
            continue;
        }
        let fields: Vec<String> = note.fields.split('\u{1f}').map(str::to_string).collect();
        let tags = crate::formats::split_tags(&note.tags);
        let made = nt.cards(&NoteInput {
            fields: &fields,
            tags: &tags,
            deck: &home,
        });
        for reason in made.left_out {
            out.skipped.push(Skipped {
                deck: home.clone(),
                reason: format!("{at}: {reason}"),
            });
        }
        for card in made.cards {
            let row = card_rows.get(&(note.id, i64::from(card.ord))).copied();
            let deck = row
                .and_then(|r| decks.get(&home_deck_id(r)))
                .cloned()
                .unwrap_or_else(|| home.clone());
            let guid = card_guid(&clean_guid(&note.guid), nt.kind, card.ord);
            if let (true, Some(r)) = (opts.with_scheduling, row) {
                let log = reviews.get(&r.id).map(Vec::as_slice).unwrap_or_default();
                if let Some(state) = sm2_state(r, log, zero) {
                    out.states.insert(guid.clone(), state.into());
                }
                out.reviews
                    .extend(log.iter().filter_map(|rev| logged_review(&guid, rev)));
                // Anki's queue -1: suspended by the learner.
                if r.queue == -1 {
                    out.suspended.insert(guid.clone());
                }
            }
            let draft = CardDraft {
                guid,
                stage: opts.stage,
                kind: card.kind,
                front: card.front,
                back: card.back,
                choices: Vec::new(),
                tags: tags.clone(),
                key_points: Vec::new(),
                note: card.note,
                sql: crate::core::model::SqlOptions::default(),
            };
            if let Err(e) = set.add(&deck, draft, &at) {
                problems.push(problem(format!("{at}: {e}")));
            }
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    out.decks = set.into_decks();
    Ok(out)
}

/// A note's guid as part of a card id: sanitised (guids are free text in Anki).
fn clean_guid(guid: &str) -> String {
    crate::formats::clean_text(guid)
}

fn home_deck_id(card: &RawCard) -> i64 {
    if card.original_deck_id != 0 {
        card.original_deck_id
    } else {
        card.deck_id
    }
}

/// The deck of a note's first card: where cards without a row of their own go.
fn note_deck(
    note: &RawNote,
    rows: &HashMap<(i64, i64), &RawCard>,
    decks: &HashMap<i64, String>,
    opts: &Options,
) -> String {
    (0..64)
        .find_map(|ord| rows.get(&(note.id, ord)))
        .and_then(|r| decks.get(&home_deck_id(r)))
        .cloned()
        .unwrap_or_else(|| opts.default_deck.clone())
}

/// Anki's image occlusion note type (its one field is named after it).
fn is_image_occlusion(nt: &Notetype) -> bool {
    nt.name.eq_ignore_ascii_case("Image Occlusion")
        || nt
            .fields
            .iter()
            .any(|f| f.eq_ignore_ascii_case("Image Occlusion"))
}

/// A collection's note types by id: those that can be used, the ids of those that
/// cannot, and why.
#[derive(Default)]
struct Notetypes {
    usable: HashMap<i64, Notetype>,
    broken: std::collections::HashSet<i64>,
    errors: Vec<String>,
}

impl Notetypes {
    fn add(&mut self, id: i64, made: Result<Notetype, String>) {
        match made {
            Ok(n) => {
                self.usable.insert(id, n);
            }
            Err(e) => self.fail(id, e),
        }
    }

    fn fail(&mut self, id: i64, error: String) {
        self.broken.insert(id);
        self.errors.push(error);
    }
}

/// From schema 18's tables, or the legacy JSON.
fn notetypes(col: &RawCollection) -> Notetypes {
    if col.notetypes.is_empty() {
        legacy_notetypes(&col.legacy_notetypes)
    } else {
        schema18_notetypes(col)
    }
}

fn schema18_notetypes(col: &RawCollection) -> Notetypes {
    let mut out = Notetypes::default();
    for nt in &col.notetypes {
        let kind = match protobuf::uint(&nt.config, 1) {
            Some(1) => NotetypeKind::Cloze,
            Some(_) => NotetypeKind::Normal,
            None => {
                out.fail(
                    nt.id,
                    format!("note type `{}` has a damaged configuration", nt.name),
                );
                continue;
            }
        };
        let fields: Vec<String> = col
            .fields
            .iter()
            .filter(|f| f.notetype_id == nt.id)
            .map(|f| f.name.clone())
            .collect();
        let mut templates = Vec::new();
        let mut damaged = None;
        for t in col.templates.iter().filter(|t| t.notetype_id == nt.id) {
            // Field 1 is the question format, 2 the answer format (proto3 leaves empty
            // strings out, so a missing one is empty).
            match protobuf::fields(&t.config) {
                Some(_) => templates.push((
                    u32::try_from(t.ord).unwrap_or(0),
                    t.name.clone(),
                    protobuf::string(&t.config, 1).unwrap_or_default(),
                    protobuf::string(&t.config, 2).unwrap_or_default(),
                )),
                None => {
                    damaged = Some(format!(
                        "note type `{}`, card `{}`: the template is damaged",
                        nt.name, t.name
                    ));
                }
            }
        }
        match damaged {
            Some(e) => out.fail(nt.id, e),
            None => out.add(nt.id, Notetype::new(&nt.name, kind, fields, &templates)),
        }
    }
    out
}

fn legacy_notetypes(json: &str) -> Notetypes {
    let mut out = Notetypes::default();
    let raw: HashMap<String, LegacyNotetype> = match serde_json::from_str(json) {
        Ok(r) => r,
        Err(e) => {
            out.errors
                .push(format!("the note types cannot be read: {e}"));
            return out;
        }
    };
    for (id, nt) in raw {
        let Ok(id) = id.parse::<i64>() else {
            out.errors
                .push(format!("note type `{}` has a bad id `{id}`", nt.name));
            continue;
        };
        let mut flds = nt.flds;
        flds.sort_by_key(|f| f.ord);
        let kind = if nt.kind == 1 {
            NotetypeKind::Cloze
        } else {
            NotetypeKind::Normal
        };
        let templates: Vec<TemplateSource> = nt
            .tmpls
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let ord = t.ord.and_then(|o| u32::try_from(o).ok());
                (ord.unwrap_or(i as u32), t.name, t.qfmt, t.afmt)
            })
            .collect();
        let fields = flds.into_iter().map(|f| f.name).collect();
        out.add(id, Notetype::new(&nt.name, kind, fields, &templates));
    }
    out
}

/// Deck names by id, with Anki's levels joined by `::`.
fn decks(col: &RawCollection) -> Result<HashMap<i64, String>, String> {
    let mut out = HashMap::new();
    if col.decks.is_empty() {
        let raw: HashMap<String, LegacyDeck> = serde_json::from_str(&col.legacy_decks)
            .map_err(|e| format!("the decks cannot be read: {e}"))?;
        for (id, deck) in raw {
            if let (Ok(id), Some(name)) = (id.parse::<i64>(), deck_name(&deck.name)) {
                out.insert(id, name);
            }
        }
    } else {
        for deck in &col.decks {
            if let Some(name) = deck_name(&deck.name.replace('\u{1f}', "::")) {
                out.insert(deck.id, name);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{CardKind, Stage};
    use crate::formats::anki::rows::{CollectionError, RawCard, RawNote};
    use std::io::Write;

    fn opts() -> Options {
        Options {
            default_deck: "Imported".into(),
            stage: Stage::Beginner,
            with_scheduling: true,
            in_folder: false,
        }
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    fn message(r: Result<Vec<u8>, Problems>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn the_best_collection_is_taken() {
        let z = zip_of(&[("collection.anki2", b"old"), ("collection.anki21", b"new")]);
        assert_eq!(unpack(&z, "x.apkg", 1000).unwrap(), b"new");
    }

    #[test]
    fn a_zip_without_a_collection_is_not_a_package() {
        let z = zip_of(&[("readme.txt", b"hi"), ("media", b"{}")]);
        let m = message(unpack(&z, "x.apkg", 1000));
        assert!(
            m.starts_with("x.apkg: this zip file is not an Anki package"),
            "{m}"
        );
        assert!(m.contains("readme.txt, media"), "{m}");
    }

    #[test]
    fn truncated_and_foreign_files_are_named() {
        let z = zip_of(&[("collection.anki21", &[7u8; 4000])]);
        let m = message(unpack(&z[..z.len() / 2], "t.apkg", 1 << 20));
        assert!(m.contains("truncated"), "{m}");
        let m = message(unpack(b"SQLite format 3\0", "t.apkg", 1 << 20));
        assert!(m.contains("not a readable zip archive"), "{m}");
    }

    #[test]
    fn oversized_collections_are_refused() {
        let z = zip_of(&[("collection.anki21", &[0u8; 5000])]);
        let m = message(unpack(&z, "bomb.apkg", 4096));
        assert!(m.contains("zip bomb"), "{m}");
    }

    #[test]
    fn zstd_collections_are_decoded_and_bad_ones_refused() {
        let z = zip_of(&[("collection.anki21b", b"not zstd at all")]);
        let m = message(unpack(&z, "z.apkg", 1 << 20));
        assert!(m.contains("not valid zstd data"), "{m}");
    }

    fn legacy_collection() -> RawCollection {
        let models = r#"{"1": {"name": "Basic", "type": 0,
            "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
            "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}",
                       "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}]},
            "2": {"name": "Cloze", "type": 1,
            "flds": [{"name": "Text", "ord": 0}],
            "tmpls": [{"name": "Cloze", "ord": 0, "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}]}}"#;
        let decks = r#"{"1": {"name": "Default"}, "10": {"name": "A::B"}}"#;
        let card = |id, nid, ord| RawCard {
            id,
            note_id: nid,
            deck_id: 10,
            ord,
            modified_secs: 0,
            kind: 0,
            queue: 0,
            due: 1,
            interval: 0,
            factor: 0,
            reps: 0,
            lapses: 0,
            original_deck_id: 0,
            original_due: 0,
        };
        let mut reviewed = card(3, 200, 1);
        reviewed.kind = 2;
        reviewed.queue = 2;
        reviewed.due = 10;
        reviewed.interval = 7;
        reviewed.factor = 2300;
        RawCollection {
            version: 11,
            created_secs: 86_400 * 20_000 + 4 * 3600,
            legacy_notetypes: models.into(),
            legacy_decks: decks.into(),
            notes: vec![
                RawNote {
                    id: 100,
                    guid: "g1".into(),
                    notetype_id: 1,
                    tags: " t::x y ".into(),
                    fields: "<b>q</b>\u{1f}a".into(),
                },
                RawNote {
                    id: 200,
                    guid: "g2".into(),
                    notetype_id: 2,
                    tags: String::new(),
                    fields: "{{c1::x}} {{c2::y}}".into(),
                },
            ],
            cards: vec![card(1, 100, 0), card(2, 200, 0), reviewed],
            ..RawCollection::default()
        }
    }

    #[test]
    fn legacy_collections_make_cards_with_decks_tags_and_ids() {
        let p = cards(&legacy_collection(), "l.apkg", &opts()).unwrap();
        assert_eq!(p.decks.len(), 1);
        let d = &p.decks[0];
        assert_eq!(d.name, "A::B");
        assert_eq!(d.cards.len(), 3);
        assert_eq!(d.cards[0].guid, "anki:g1");
        assert_eq!(d.cards[0].front, "q");
        assert_eq!(d.cards[0].tags, ["t::x", "y"]);
        assert_eq!(d.cards[1].guid, "anki:g2/c1");
        assert_eq!(d.cards[1].kind, CardKind::Cloze);
        assert_eq!(d.cards[2].front, "x [...]");
        let s = p.states.get("anki:g2/c2").unwrap();
        assert_eq!(
            (s.interval_days, s.memory.ease, s.due_day, s.reps),
            (7, 230, 20_010, 2)
        );
        assert_eq!(p.states.len(), 1);
    }

    #[test]
    fn scheduling_is_taken_only_when_asked() {
        let mut o = opts();
        o.with_scheduling = false;
        assert!(
            cards(&legacy_collection(), "l", &o)
                .unwrap()
                .states
                .is_empty()
        );
    }

    #[test]
    fn a_note_of_a_missing_type_is_named() {
        let mut col = legacy_collection();
        col.notes[1].notetype_id = 99;
        let m = cards(&col, "l.apkg", &opts()).unwrap_err().to_string();
        assert_eq!(
            m,
            "l.apkg: note 200: its note type 99 is not in the package"
        );
    }

    #[test]
    fn a_broken_template_is_named() {
        let mut col = legacy_collection();
        col.legacy_notetypes = col.legacy_notetypes.replace("{{Front}}\"", "{{#Front}}\"");
        let m = cards(&col, "l.apkg", &opts()).unwrap_err().to_string();
        assert!(
            m.contains("note type `Basic`, card `Card 1`, front template"),
            "{m}"
        );
    }

    proptest::proptest! {
        #[test]
        fn unpacking_arbitrary_bytes_never_panics(b in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = unpack(&b, "p.apkg", 1 << 20);
            let mut zipped = b"PK\x03\x04".to_vec();
            zipped.extend(&b);
            let _ = unpack(&zipped, "p.apkg", 1 << 20);
        }

        #[test]
        fn damaged_zips_never_panic(cut in 0usize..400, flip in 0usize..400) {
            let mut z = zip_of(&[("collection.anki21b", b"(\xb5/\xfd\x00\x58\x61\x00\x00"), ("media", b"{}")]);
            if let Some(b) = z.get_mut(flip) {
                *b ^= 0x5a;
            }
            z.truncate(cut.min(z.len()));
            let _ = unpack(&z, "p.apkg", 1 << 20);
        }
    }

    #[test]
    fn a_package_goes_through_the_injected_reader_to_cards() {
        #[allow(clippy::needless_pass_by_value, clippy::unnecessary_wraps)] // the reader's type
        fn reader(bytes: Vec<u8>) -> Result<RawCollection, CollectionError> {
            assert_eq!(bytes, b"the sqlite");
            Ok(legacy_collection())
        }
        #[allow(clippy::needless_pass_by_value, clippy::unnecessary_wraps)] // the reader's type
        fn failing(_: Vec<u8>) -> Result<RawCollection, CollectionError> {
            Err(CollectionError("it is not an Anki collection".into()))
        }
        let z = zip_of(&[("collection.anki21", b"the sqlite")]);
        let deps = Deps {
            read_collection: reader,
        };
        let p = parse(&z, "p.apkg", &opts(), &deps).unwrap();
        assert_eq!(p.card_count(), 3);
        assert_eq!(p.states.len(), 1);
        let deps = Deps {
            read_collection: failing,
        };
        let m = parse(&z, "p.apkg", &opts(), &deps).unwrap_err().to_string();
        assert_eq!(
            m,
            "p.apkg: the collection in the package cannot be read: it is not an Anki collection"
        );
    }

    #[test]
    fn damaged_json_is_an_error() {
        let mut col = legacy_collection();
        col.legacy_decks = "{".into();
        assert!(cards(&col, "l", &opts()).is_err());
    }
}
