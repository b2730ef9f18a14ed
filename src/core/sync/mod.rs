//! Sync between devices, the pure part: events with global identity ordered by a hybrid
//! logical clock (`hlc`), a card's schedule as a replay of its answers (`replay`), and the
//! journal files' lines (`journal`). Nothing here touches a file or the database.

pub mod hlc;
pub mod journal;
pub mod replay;

use serde::{Deserialize, Serialize};

pub use hlc::Hlc;

/// What an event changes. Each kind has one rule for two devices' versions of it
/// (`store::sync` applies them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// An answer to a card: a fact, always kept (target: the card's id).
    Answer,
    /// Retracts one answer, named by its event id (`:undo`).
    Undo,
    /// A card's text, deck and options as added or edited: the later clock wins.
    Card,
    /// The card moved to the trash; `Restore` brings it back: the later clock wins.
    Trash,
    Restore,
    /// Suspended or not (`{"on": bool}`): the later clock wins.
    Suspend,
    /// A deck renamed (target: the old name, `{"to": name}`), applied in clock order.
    Rename,
    /// A setting (target: its key, `{"value": text}`): the later clock wins.
    Setting,
}

impl EventKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Answer => "answer",
            EventKind::Undo => "undo",
            EventKind::Card => "card",
            EventKind::Trash => "trash",
            EventKind::Restore => "restore",
            EventKind::Suspend => "suspend",
            EventKind::Rename => "rename",
            EventKind::Setting => "setting",
        }
    }

    /// Every kind.
    pub const ALL: [EventKind; 8] = [
        EventKind::Answer,
        EventKind::Undo,
        EventKind::Card,
        EventKind::Trash,
        EventKind::Restore,
        EventKind::Suspend,
        EventKind::Rename,
        EventKind::Setting,
    ];

    /// Parses the name `as_str` gives.
    #[must_use]
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds that decide one register together: the later event of either wins.
    #[must_use]
    pub fn register(self) -> &'static [EventKind] {
        match self {
            EventKind::Trash | EventKind::Restore => &[EventKind::Trash, EventKind::Restore],
            EventKind::Answer => &[EventKind::Answer],
            EventKind::Undo => &[EventKind::Undo],
            EventKind::Card => &[EventKind::Card],
            EventKind::Suspend => &[EventKind::Suspend],
            EventKind::Rename => &[EventKind::Rename],
            EventKind::Setting => &[EventKind::Setting],
        }
    }
}

/// One change to a learner's collection, as the journals carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Globally unique: the device's clock and random bits (or, for history from before
    /// sync, derived from the row it stands for, so copies of one database agree).
    pub id: String,
    pub hlc: Hlc,
    /// The device that made it.
    pub device: String,
    pub kind: EventKind,
    /// What it changes: a card's id, a deck's name or a setting's key.
    pub target: String,
    /// The kind's data (an answer's logged columns, a card's fields, …).
    pub body: serde_json::Value,
}

impl Event {
    /// Whether the body holds what its kind needs, with values the database accepts: a
    /// line that parses but lacks them is damaged, reported and skipped like one that
    /// does not parse, instead of failing every sync after it.
    pub fn check(&self) -> Result<(), String> {
        let b = &self.body;
        let text = |k: &str| b.get(k).and_then(serde_json::Value::as_str);
        let int = |k: &str| b.get(k).and_then(serde_json::Value::as_i64);
        let need = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!("a {} event needs {what}", self.kind.as_str()))
            }
        };
        match self.kind {
            EventKind::Answer => {
                need(
                    int("reviewed_at").is_some() && int("day").is_some(),
                    "its time and day",
                )?;
                need(
                    int("quality").is_some_and(|q| (0..=5).contains(&q)),
                    "a grade 0-5",
                )?;
                need(
                    text("mode")
                        .is_some_and(|m| m.parse::<crate::core::model::ReviewMode>().is_ok()),
                    "a mode (review, relearn, drill)",
                )?;
                need(
                    int("stepped").is_none_or(|s| s == 0 || s == 1),
                    "`stepped` 0 or 1",
                )
            }
            EventKind::Undo => need(text("answer").is_some(), "the answer it retracts"),
            EventKind::Card => {
                need(
                    text("deck").is_some() && text("front").is_some() && text("back").is_some(),
                    "a deck, a front and a back",
                )?;
                need(
                    text("kind").is_some_and(|k| k.parse::<crate::core::model::CardKind>().is_ok()),
                    "a card kind",
                )?;
                need(
                    int("stage").is_none_or(|s| (1..=3).contains(&s)),
                    "a stage 1-3",
                )
            }
            EventKind::Trash | EventKind::Restore => Ok(()),
            EventKind::Suspend => need(
                b.get("on").and_then(serde_json::Value::as_bool).is_some(),
                "`on`",
            ),
            EventKind::Rename => need(
                text("to").is_some_and(|t| !t.trim().is_empty()),
                "the new name",
            ),
            EventKind::Setting => need(text("value").is_some(), "a value"),
        }
    }
}

/// Whether a setting is the same on every device (sync carries it). Not carried: internal
/// keys, the scheduler and its fitted parameters (switching a scheduler rewrites every
/// card's schedule; each device switches its own), whether the built-in decks are loaded,
/// and the answer history file.
#[must_use]
pub fn synced_setting(key: &str) -> bool {
    !(key.starts_with("internal.")
        || key.starts_with("fsrs.")
        || matches!(key, "scheduler" | "builtin_decks" | "history"))
}

/// A new event id: the clock in hex, then 64 random bits, so ids sort roughly by time and
/// two devices never make the same one.
#[must_use]
pub fn new_event_id(hlc: Hlc, random: u64) -> String {
    format!("{:016x}{random:016x}", hlc.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_name() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert_eq!(EventKind::parse("answers"), None);
    }

    #[test]
    fn trash_and_restore_share_one_register() {
        assert_eq!(
            EventKind::Restore.register(),
            &[EventKind::Trash, EventKind::Restore]
        );
        assert_eq!(EventKind::Suspend.register(), &[EventKind::Suspend]);
    }

    #[test]
    fn the_scheduler_and_internal_keys_stay_on_their_device() {
        assert!(synced_setting("new_per_day"));
        assert!(synced_setting("desired_retention"));
        for key in [
            "scheduler",
            "fsrs.parameters",
            "internal.builtin_hash",
            "history",
            "builtin_decks",
        ] {
            assert!(!synced_setting(key), "{key}");
        }
    }

    fn event(kind: EventKind, body: serde_json::Value) -> Event {
        Event {
            id: "x".into(),
            hlc: Hlc(1),
            device: "d".into(),
            kind,
            target: "t".into(),
            body,
        }
    }

    /// Each field a kind needs, taken away alone from a body that passes, fails the check.
    #[test]
    fn each_needed_field_alone_is_checked() {
        let answer = serde_json::json!({"reviewed_at": 1, "day": 1, "quality": 4,
                                        "mode": "review", "stepped": 1});
        let card = serde_json::json!({"deck": "D", "front": "f", "back": "b",
                                      "kind": "basic", "stage": 1});
        for (kind, full) in [(EventKind::Answer, answer), (EventKind::Card, card)] {
            assert_eq!(event(kind, full.clone()).check(), Ok(()));
            for key in full.as_object().unwrap().keys() {
                let mut less = full.clone();
                less.as_object_mut().unwrap().remove(key);
                let optional = matches!(key.as_str(), "stepped" | "stage");
                assert_eq!(
                    event(kind, less).check().is_ok(),
                    optional,
                    "{kind:?} without {key}"
                );
            }
        }
        let rename = |to: &str| event(EventKind::Rename, serde_json::json!({"to": to}));
        assert_eq!(rename("New name").check(), Ok(()));
        assert!(rename("  ").check().is_err());
        assert!(rename("").check().is_err());
    }

    #[test]
    fn ids_are_the_clock_then_random_bits() {
        let id = new_event_id(Hlc(0x1234), 0xabcd);
        assert_eq!(id, "0000000000001234000000000000abcd");
        assert!(new_event_id(Hlc(1), u64::MAX) < new_event_id(Hlc(2), 0));
    }
}
