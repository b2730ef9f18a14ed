//! Reading a card's authored columns back into a card: the one decoder of every query
//! that returns cards (`recall cards`, reviews, drills, export), so a damaged value is
//! an error that names the card, never a card quietly missing its options.

use rusqlite::Row;
use rusqlite::types::Type;

use crate::core::model::{CardDraft, SqlOptions, Stage};

/// A stored card that cannot be read back; the message names the card and the fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("card `{guid}`: {fault}")]
pub struct DamagedCard {
    pub guid: String,
    pub fault: String,
}

/// The authored columns `card_draft` reads from `at` on, in its order (`cards` as `c`).
pub(super) const DRAFT_COLUMNS: &str =
    "c.stage, c.kind, c.front, c.back, c.choices, c.tags, c.key_points, c.note, c.ordered, c.db";

/// How many columns `DRAFT_COLUMNS` names.
pub(super) const DRAFT_WIDTH: usize = 10;

/// A card's authored fields from a row: its id (`guid`) at column `guid_at`, then
/// `DRAFT_COLUMNS` in the `DRAFT_WIDTH` columns from `at`.
pub(super) fn card_draft(r: &Row<'_>, guid_at: usize, at: usize) -> rusqlite::Result<CardDraft> {
    let guid: String = r.get(guid_at)?;
    let damaged = |column: usize, fault: String| {
        let guid = guid.clone();
        rusqlite::Error::FromSqlConversionFailure(
            column,
            Type::Text,
            Box::new(DamagedCard { guid, fault }),
        )
    };
    let stage: i64 = r.get(at)?;
    let stage = Stage::from_number(stage)
        .ok_or_else(|| damaged(at, format!("its stage is {stage}, not 1, 2 or 3")))?;
    let kind: String = r.get(at + 1)?;
    let kind = kind.parse().map_err(|e| damaged(at + 1, e))?;
    let choices = match r.get::<_, Option<String>>(at + 4)? {
        None => Vec::new(),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            damaged(
                at + 4,
                format!("its options are not a JSON list of strings ({e})"),
            )
        })?,
    };
    let tags: String = r.get(at + 5)?;
    let key_points = match r.get::<_, Option<String>>(at + 6)? {
        None => Vec::new(),
        Some(json) => serde_json::from_str(&json).map_err(|e| {
            damaged(
                at + 6,
                format!("its key points are not a JSON list of lists of strings ({e})"),
            )
        })?,
    };
    Ok(CardDraft {
        stage,
        kind,
        front: r.get(at + 2)?,
        back: r.get(at + 3)?,
        choices,
        tags: tags.split_whitespace().map(str::to_string).collect(),
        key_points,
        note: r.get(at + 7)?,
        sql: SqlOptions {
            ordered: r.get(at + 8)?,
            db: r.get(at + 9)?,
        },
        guid,
    })
}

/// The damaged card an error is about, if it is one.
pub(super) fn damaged_card(e: &rusqlite::Error) -> Option<&DamagedCard> {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.downcast_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::core::model::{CardDraft, CardKind, DeckDraft, KeyPoint, Stage};
    use crate::store::{CardFilter, Origin, Store, StoreError};

    fn store_with_a_choice_card() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let card = CardDraft {
            guid: "d/pick".into(),
            stage: Stage::Intermediate,
            kind: CardKind::Choice,
            front: "Pick".into(),
            back: "a".into(),
            choices: vec!["b".into(), "c".into()],
            tags: vec!["t1".into(), "t2".into()],
            key_points: vec![KeyPoint(vec!["a first".into(), "a".into()])],
            note: String::new(),
            sql: crate::core::model::SqlOptions::default(),
        };
        let deck = DeckDraft {
            name: "D".into(),
            description: String::new(),
            cards: vec![card],
        };
        store.import(&[deck], Origin::User, 1, false).unwrap();
        store
    }

    #[test]
    fn every_query_reads_a_card_the_same_way() {
        let store = store_with_a_choice_card();
        let card = store.card_by_guid("d/pick").unwrap().unwrap();
        let listed = store.cards(&CardFilter::default()).unwrap();
        let listed = listed.iter().find(|c| c.guid == "d/pick").unwrap();
        let drafts = store.deck_drafts(None).unwrap();
        let draft = drafts
            .iter()
            .flat_map(|d| &d.cards)
            .find(|c| c.guid == "d/pick")
            .unwrap();
        assert_eq!(draft.choices, ["b", "c"]);
        assert_eq!(draft.tags, ["t1", "t2"]);
        assert_eq!(
            (draft.stage, draft.kind),
            (Stage::Intermediate, CardKind::Choice)
        );
        for c in [&card, listed] {
            assert_eq!(
                (
                    &c.guid, c.stage, c.kind, &c.front, &c.back, &c.choices, &c.tags
                ),
                (
                    &draft.guid,
                    draft.stage,
                    draft.kind,
                    &draft.front,
                    &draft.back,
                    &draft.choices,
                    &draft.tags
                )
            );
        }
    }

    #[test]
    fn damaged_choices_are_an_error_naming_the_card() {
        let store = store_with_a_choice_card();
        store
            .conn
            .execute(
                "UPDATE cards SET choices = '[\"b\", ' WHERE guid = 'd/pick'",
                [],
            )
            .unwrap();
        let errors = [
            store.card_by_guid("d/pick").unwrap_err(),
            store.cards(&CardFilter::default()).unwrap_err(),
            store.deck_drafts(None).unwrap_err(),
        ];
        for e in errors {
            assert!(matches!(e, StoreError::Damaged(_)), "{e:?}");
            let m = e.to_string();
            assert!(
                m.contains("card `d/pick`: its options are not a JSON list"),
                "{m}"
            );
        }
    }

    #[test]
    fn options_that_are_json_but_not_a_list_of_strings_are_damaged_too() {
        let store = store_with_a_choice_card();
        store
            .conn
            .execute(
                "UPDATE cards SET choices = '{\"b\": 1}' WHERE guid = 'd/pick'",
                [],
            )
            .unwrap();
        let m = store.deck_drafts(None).unwrap_err().to_string();
        assert!(m.contains("card `d/pick`"), "{m}");
    }
}
