//! The settings users can change with `recall config`: their keys, defaults and validation.

use std::fmt;

/// One setting: its key, default and what it does.
pub struct KeyDef {
    pub key: &'static str,
    pub default: &'static str,
    pub help: &'static str,
    kind: ValueKind,
}

enum ValueKind {
    /// A whole number in an inclusive range.
    Count { min: u32, max: u32 },
    /// `on` or `off`.
    Switch,
    /// One of a few words.
    Choice(&'static [&'static str]),
    /// A probability in hundredths, written as a decimal (`0.90`), in an inclusive range.
    Hundredths { min: u32, max: u32 },
}

pub const KEYS: &[KeyDef] = &[
    KeyDef {
        key: "new_per_day",
        default: "20",
        help: "new cards introduced per day",
        kind: ValueKind::Count {
            min: 0,
            max: 100_000,
        },
    },
    KeyDef {
        key: "reviews_per_day",
        default: "200",
        help: "scheduled reviews per day",
        kind: ValueKind::Count {
            min: 0,
            max: 1_000_000,
        },
    },
    KeyDef {
        key: "repeats_per_card",
        default: "3",
        help: "times a card graded below 4 comes back in one session at most",
        kind: ValueKind::Count { min: 0, max: 20 },
    },
    KeyDef {
        key: "rollover_hour",
        default: "4",
        help: "local hour at which a new study day starts (0-23)",
        kind: ValueKind::Count { min: 0, max: 23 },
    },
    KeyDef {
        key: "levels.rise_percent",
        default: "80",
        help: "share of the next stage's cards mastered to rise a level",
        kind: ValueKind::Count { min: 1, max: 100 },
    },
    KeyDef {
        key: "levels.fall_percent",
        default: "60",
        help: "share of the current stage's cards mastered below which a level falls",
        kind: ValueKind::Count { min: 0, max: 100 },
    },
    KeyDef {
        key: "levels.gating",
        default: "on",
        help: "introduce a stage's new cards only once the level before it is reached",
        kind: ValueKind::Switch,
    },
    KeyDef {
        key: "bury_siblings",
        default: "on",
        help: "keep a card's siblings (its reverse, its note's other cards) out of the session it is in, unless nothing else is left",
        kind: ValueKind::Switch,
    },
    KeyDef {
        key: "builtin_decks",
        default: "on",
        help: "load and update the built-in decks (`recall init --empty` sets it off; turning it off keeps the decks loaded already)",
        kind: ValueKind::Switch,
    },
    KeyDef {
        key: "scheduler",
        default: "sm2",
        help: "sm2 or fsrs (FSRS-6); switching keeps every card's progress both ways",
        kind: ValueKind::Choice(&["sm2", "fsrs"]),
    },
    KeyDef {
        key: "desired_retention",
        default: "0.90",
        help: "FSRS: the chance of recall to schedule reviews at (0.70-0.97)",
        kind: ValueKind::Hundredths { min: 70, max: 97 },
    },
    KeyDef {
        key: "history",
        default: "on",
        help: "keep what is typed in sessions (answers too) in recall_history.txt beside the database, for the arrow keys",
        kind: ValueKind::Switch,
    },
];

/// The scheduler the `scheduler` setting names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SchedulerName {
    #[default]
    Sm2,
    Fsrs,
}

impl SchedulerName {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SchedulerName::Sm2 => "sm2",
            SchedulerName::Fsrs => "fsrs",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("unknown setting `{0}`; the settings are: {known}", known = key_names())]
    UnknownKey(String),
    #[error("`{key}` must be {expected}, not `{value}`")]
    BadValue {
        key: String,
        value: String,
        expected: String,
    },
    #[error("levels.fall_percent ({fall}) must be below levels.rise_percent ({rise})")]
    Thresholds { rise: u32, fall: u32 },
}

fn key_names() -> String {
    KEYS.iter().map(|k| k.key).collect::<Vec<_>>().join(", ")
}

pub fn key_def(key: &str) -> Result<&'static KeyDef, ConfigError> {
    KEYS.iter()
        .find(|k| k.key == key)
        .ok_or_else(|| ConfigError::UnknownKey(key.to_string()))
}

/// Checks a value for a key and returns it in canonical form (`07` → `7`, `OFF` → `off`).
pub fn validate(key: &str, value: &str) -> Result<String, ConfigError> {
    let def = key_def(key)?;
    let bad = |expected: String| ConfigError::BadValue {
        key: key.to_string(),
        value: value.to_string(),
        expected,
    };
    let v = value.trim();
    match def.kind {
        ValueKind::Count { min, max } => {
            let expected = || format!("a whole number from {min} to {max}");
            let n: u32 = v.parse().map_err(|_| bad(expected()))?;
            if !(min..=max).contains(&n) {
                return Err(bad(expected()));
            }
            Ok(n.to_string())
        }
        ValueKind::Switch => match v.to_ascii_lowercase().as_str() {
            "on" | "true" | "yes" | "1" => Ok("on".to_string()),
            "off" | "false" | "no" | "0" => Ok("off".to_string()),
            _ => Err(bad("`on` or `off`".to_string())),
        },
        ValueKind::Choice(words) => {
            let lower = v.to_ascii_lowercase();
            words
                .iter()
                .find(|w| **w == lower)
                .map(|w| (*w).to_string())
                .ok_or_else(|| bad(format!("one of {}", words.join(", "))))
        }
        ValueKind::Hundredths { min, max } => {
            let expected = || format!("a number from 0.{min} to 0.{max}");
            let x: f64 = v.parse().map_err(|_| bad(expected()))?;
            let hundredths = (x * 100.0).round();
            if !x.is_finite() || (x * 100.0 - hundredths).abs() > 1e-6 {
                return Err(bad(format!("{} with at most two decimals", expected())));
            }
            if !(f64::from(min)..=f64::from(max)).contains(&hundredths) {
                return Err(bad(expected()));
            }
            Ok(format!("0.{:02}", hundredths as u32))
        }
    }
}

/// The settings in effect, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    /// How many times a card may come back in one session (SM-2 step 7's repeats).
    pub max_repeats: u32,
    pub rollover_hour: u32,
    pub level_rise_percent: u32,
    pub level_fall_percent: u32,
    pub gating: bool,
    pub bury_siblings: bool,
    pub builtin_decks: bool,
    pub scheduler: SchedulerName,
    /// FSRS's desired retention in hundredths (90 = 0.90).
    pub desired_retention: u32,
    /// Whether sessions keep what is typed in the history file.
    pub history: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_pairs(std::iter::empty::<(String, String)>())
    }
}

impl Settings {
    /// Builds settings from stored key/value pairs; missing or invalid values take the default,
    /// because a damaged setting must not lock the user out of their reviews.
    pub fn from_pairs<I, K, V>(pairs: I) -> Settings
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let stored: Vec<(K, V)> = pairs.into_iter().collect();
        let get = |key: &str| -> String {
            stored
                .iter()
                .find(|(k, _)| k.as_ref() == key)
                .and_then(|(_, v)| validate(key, v.as_ref()).ok())
                .unwrap_or_else(|| {
                    key_def(key)
                        .map(|d| d.default.to_string())
                        .unwrap_or_default()
                })
        };
        let num = |key: &str| get(key).parse::<u32>().unwrap_or(0);
        let mut s = Settings {
            new_per_day: num("new_per_day"),
            reviews_per_day: num("reviews_per_day"),
            max_repeats: num("repeats_per_card"),
            rollover_hour: num("rollover_hour"),
            level_rise_percent: num("levels.rise_percent"),
            level_fall_percent: num("levels.fall_percent"),
            gating: get("levels.gating") == "on",
            bury_siblings: get("bury_siblings") == "on",
            builtin_decks: get("builtin_decks") == "on",
            scheduler: if get("scheduler") == "fsrs" {
                SchedulerName::Fsrs
            } else {
                SchedulerName::Sm2
            },
            desired_retention: get("desired_retention")
                .trim_start_matches("0.")
                .parse()
                .unwrap_or(90),
            history: get("history") == "on",
        };
        if s.level_fall_percent >= s.level_rise_percent {
            s.level_rise_percent = 80;
            s.level_fall_percent = 60;
        }
        s
    }

    /// Checks a change against the other settings (the level thresholds must keep a gap).
    pub fn check_change(&self, key: &str, canonical: &str) -> Result<(), ConfigError> {
        let n = canonical.parse::<u32>().unwrap_or(0);
        let (rise, fall) = match key {
            "levels.rise_percent" => (n, self.level_fall_percent),
            "levels.fall_percent" => (self.level_rise_percent, n),
            _ => return Ok(()),
        };
        if fall >= rise {
            return Err(ConfigError::Thresholds { rise, fall });
        }
        Ok(())
    }
}

impl fmt::Display for KeyDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (default {}): {}", self.key, self.default, self.help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_refuses_bad_values_with_the_range() {
        let err = validate("rollover_hour", "25").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`rollover_hour` must be a whole number from 0 to 23, not `25`"
        );
        assert!(validate("new_per_day", "-1").is_err());
        assert!(matches!(
            validate("bogus", "1"),
            Err(ConfigError::UnknownKey(_))
        ));
        assert_eq!(validate("new_per_day", "07").unwrap(), "7");
        assert_eq!(validate("levels.gating", "OFF").unwrap(), "off");
        assert_eq!(validate("scheduler", "FSRS").unwrap(), "fsrs");
        assert_eq!(
            validate("scheduler", "anki").unwrap_err().to_string(),
            "`scheduler` must be one of sm2, fsrs, not `anki`"
        );
    }

    #[test]
    fn desired_retention_is_a_probability_from_070_to_097() {
        assert_eq!(validate("desired_retention", "0.9").unwrap(), "0.90");
        assert_eq!(validate("desired_retention", ".85").unwrap(), "0.85");
        assert_eq!(validate("desired_retention", "0.70").unwrap(), "0.70");
        assert_eq!(validate("desired_retention", "0.97").unwrap(), "0.97");
        assert_eq!(
            validate("desired_retention", "0.98")
                .unwrap_err()
                .to_string(),
            "`desired_retention` must be a number from 0.70 to 0.97, not `0.98`"
        );
        assert!(validate("desired_retention", "0.69").is_err());
        assert!(validate("desired_retention", "0.905").is_err());
        assert!(validate("desired_retention", "NaN").is_err());
        assert!(validate("desired_retention", "90").is_err());
        let s = Settings::from_pairs([("desired_retention", "0.85"), ("scheduler", "fsrs")]);
        assert_eq!(
            (s.desired_retention, s.scheduler),
            (85, SchedulerName::Fsrs)
        );
        assert_eq!(Settings::default().desired_retention, 90);
        assert_eq!(Settings::default().scheduler, SchedulerName::Sm2);
    }

    #[test]
    fn settings_fall_back_to_defaults() {
        let s = Settings::from_pairs([("new_per_day", "5"), ("rollover_hour", "garbage")]);
        assert_eq!(s.new_per_day, 5);
        assert_eq!(s.rollover_hour, 4);
        assert_eq!(s.reviews_per_day, 200);
        assert!(s.gating);
        assert!(s.bury_siblings && s.builtin_decks);
        let off = Settings::from_pairs([("bury_siblings", "off"), ("builtin_decks", "no")]);
        assert!(!off.bury_siblings && !off.builtin_decks);
    }

    #[test]
    fn thresholds_must_keep_their_order() {
        let s = Settings::default();
        assert!(s.check_change("levels.fall_percent", "85").is_err());
        assert!(s.check_change("levels.rise_percent", "70").is_ok());
        // The default fall is 60: a rise of 60 leaves no gap, 61 does.
        assert_eq!(
            s.check_change("levels.rise_percent", "60").unwrap_err(),
            ConfigError::Thresholds { rise: 60, fall: 60 }
        );
        assert!(s.check_change("levels.rise_percent", "61").is_ok());
        assert!(s.check_change("new_per_day", "0").is_ok());
    }

    #[test]
    fn switches_take_the_usual_words_for_on_and_off() {
        for on in ["on", "TRUE", "yes", "1", " Yes "] {
            assert_eq!(validate("history", on).unwrap(), "on", "{on}");
        }
        for off in ["off", "False", "no", "0"] {
            assert_eq!(validate("history", off).unwrap(), "off", "{off}");
        }
        assert_eq!(
            validate("history", "maybe").unwrap_err().to_string(),
            "`history` must be `on` or `off`, not `maybe`"
        );
    }
}
