//! Colour that can be switched off: `--color`, `NO_COLOR` and whether output is a terminal.

/// Wraps text in ANSI styles when colour is on; otherwise returns it unchanged, so that
/// output with colour off never holds an escape byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub enabled: bool,
}

impl Palette {
    pub const PLAIN: Palette = Palette { enabled: false };

    fn paint(&self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }

    #[must_use]
    pub fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    #[must_use]
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    #[must_use]
    pub fn green(&self, t: &str) -> String {
        self.paint("32", t)
    }
    #[must_use]
    pub fn red(&self, t: &str) -> String {
        self.paint("31", t)
    }
    #[must_use]
    pub fn yellow(&self, t: &str) -> String {
        self.paint("33", t)
    }
    #[must_use]
    pub fn cyan(&self, t: &str) -> String {
        self.paint("36", t)
    }
}

/// `--color` as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Colour for `auto` follows the terminal and the `NO_COLOR` convention.
#[must_use]
pub fn decide(choice: ColorChoice, is_terminal: bool, no_color: bool, dumb_term: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color && !dumb_term,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_output_has_no_escapes() {
        assert_eq!(Palette::PLAIN.bold("x"), "x");
        assert_eq!(Palette { enabled: true }.bold("x"), "\u{1b}[1mx\u{1b}[0m");
    }

    #[test]
    fn auto_follows_terminal_and_no_color() {
        assert!(decide(ColorChoice::Auto, true, false, false));
        assert!(!decide(ColorChoice::Auto, true, true, false));
        assert!(!decide(ColorChoice::Auto, false, false, false));
        assert!(decide(ColorChoice::Always, false, true, false));
    }
}
