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
        key: "history",
        default: "on",
        help: "keep what is typed in sessions (answers too) in recall_history.txt beside the database, for the arrow keys",
        kind: ValueKind::Switch,
    },
];

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
    }

    #[test]
    fn settings_fall_back_to_defaults() {
        let s = Settings::from_pairs([("new_per_day", "5"), ("rollover_hour", "garbage")]);
        assert_eq!(s.new_per_day, 5);
        assert_eq!(s.rollover_hour, 4);
        assert_eq!(s.reviews_per_day, 200);
        assert!(s.gating);
    }

    #[test]
    fn thresholds_must_keep_their_order() {
        let s = Settings::default();
        assert!(s.check_change("levels.fall_percent", "85").is_err());
        assert!(s.check_change("levels.rise_percent", "70").is_ok());
    }
}
