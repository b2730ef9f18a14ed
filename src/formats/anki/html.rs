//! HTML (as Anki fields hold it) to plain terminal text: tags stripped, line breaks kept,
//! entities decoded, media references turned into visible placeholders.

/// Converts an HTML fragment to plain text. Whitespace collapses as a browser would
/// collapse it; `<br>` and block elements (`div`, `p`, `li`, …) become line breaks;
/// `<img>`, `<audio>`, `<video>` and Anki's `[sound:…]` become `[image: x.png]`-style
/// placeholders, so the card still says that something was there.
#[must_use]
pub fn to_text(html: &str) -> String {
    let mut out = Out::default();
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => rest = tag(rest, &mut out),
            Some(i) => {
                out.text(&rest[..i]);
                rest = &rest[i..];
            }
            None => {
                out.text(rest);
                rest = "";
            }
        }
    }
    media_placeholders(&tidy(&out.buf))
}

/// Plain text that may still hold Anki's `[sound:x.mp3]` references (an export without
/// HTML): only the references change.
#[must_use]
pub fn plain_with_media(text: &str) -> String {
    media_placeholders(text)
}

/// Whether `text` looks like HTML: a tag or an entity. Used when a file does not say.
#[must_use]
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'<' => bytes
            .get(i + 1)
            .is_some_and(|&n| n.is_ascii_alphabetic() || n == b'/'),
        b'&' => entity(&text[i..]).is_some(),
        _ => false,
    })
}

/// Escapes text so that `to_text` gives it back unchanged.
#[must_use]
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text being built, with the state that whitespace collapsing needs.
#[derive(Default)]
struct Out {
    buf: String,
    /// Inside `<pre>`: whitespace is kept as it is.
    pre: usize,
    /// Inside `<script>`, `<style>` and the like: nothing is shown.
    hidden: usize,
}

impl Out {
    fn text(&mut self, raw: &str) {
        if self.hidden > 0 {
            return;
        }
        let decoded = decode_entities(raw);
        if self.pre > 0 {
            self.buf.push_str(&decoded);
            return;
        }
        for c in decoded.chars() {
            if c.is_ascii_whitespace() {
                // Collapsible: one space at most, never at the start of a line.
                if !self.buf.is_empty() && !self.buf.ends_with([' ', '\n']) {
                    self.buf.push(' ');
                }
            } else {
                self.buf.push(c);
            }
        }
    }

    fn newline(&mut self) {
        if self.hidden == 0 {
            trim_trailing_spaces(&mut self.buf);
            self.buf.push('\n');
        }
    }

    /// A block boundary: a line break unless already at the start of a line.
    fn block(&mut self) {
        if self.hidden == 0 && !self.buf.is_empty() && !self.buf.ends_with('\n') {
            self.newline();
        }
    }

    fn push(&mut self, s: &str) {
        if self.hidden == 0 {
            self.buf.push_str(s);
        }
    }
}

fn trim_trailing_spaces(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "tr",
    "ul",
];

/// Elements whose content is never shown as text.
const HIDDEN: &[&str] = &["head", "script", "style", "template", "title"];

/// Handles the markup at the start of `s` (which starts with `<`); returns what follows.
fn tag<'a>(s: &'a str, out: &mut Out) -> &'a str {
    if let Some(body) = s.strip_prefix("<!--") {
        return match body.find("-->") {
            Some(end) => &body[end + 3..],
            None => "",
        };
    }
    let starts_tag = s[1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
    let Some(end) = starts_tag.then(|| tag_end(s)).flatten() else {
        // A lone `<` (as in `a < b`) is text.
        out.text("<");
        return &s[1..];
    };
    let inner = &s[1..end];
    let rest = &s[end + 1..];
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let attrs = &inner[name_end..];
    element(&name, attrs, closing, out);
    rest
}

/// The index of the `>` that ends the tag at the start of `s`, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn element(name: &str, attrs: &str, closing: bool, out: &mut Out) {
    if HIDDEN.contains(&name) {
        if closing {
            out.hidden = out.hidden.saturating_sub(1);
        } else {
            out.hidden += 1;
        }
        return;
    }
    match name {
        "br" => out.newline(),
        "hr" => {
            out.block();
            out.newline();
        }
        "pre" => {
            out.block();
            out.pre = if closing {
                out.pre.saturating_sub(1)
            } else {
                out.pre + 1
            };
        }
        "li" if !closing => {
            out.block();
            out.push("• ");
        }
        "td" | "th" if !closing && !out.buf.is_empty() && !out.buf.ends_with('\n') => {
            trim_trailing_spaces(&mut out.buf);
            out.push(" | ");
        }
        "img" if !closing => match attribute(attrs, "src") {
            Some(src) => out.push(&format!("[image: {}]", media_name(&src))),
            None => out.push("[image]"),
        },
        "audio" | "video" | "source" if !closing => {
            if let Some(src) = attribute(attrs, "src") {
                let kind = if name == "video" { "video" } else { "sound" };
                out.push(&format!("[{kind}: {}]", media_name(&src)));
            }
        }
        _ if BLOCKS.contains(&name) || name == "li" => out.block(),
        _ => {}
    }
}

/// A media file name as a placeholder shows it: decoded, without control characters.
fn media_name(src: &str) -> String {
    decode_entities(src.trim())
}

/// The value of attribute `key` in a tag's attribute text (quoted or bare).
fn attribute(attrs: &str, key: &str) -> Option<String> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=/>".contains(&bytes[i]) {
            i += 1;
        }
        let name = &attrs[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let q = bytes[i];
                let start = i + 1;
                let end = attrs[start..]
                    .bytes()
                    .position(|b| b == q)
                    .map_or(attrs.len(), |p| start + p);
                value = &attrs[start..end];
                i = end + 1;
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[start..i];
            }
        }
        if name.eq_ignore_ascii_case(key) {
            return Some(value.to_string());
        }
        if name.is_empty() {
            i += 1;
        }
    }
    None
}

/// Decodes `&amp;`, `&#233;`, `&#xE9;` and the named entities cards commonly use;
/// anything else stays as written.
#[must_use]
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some((c, len)) = entity(rest) {
            out.push(c);
            rest = &rest[len..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity at the start of `s` stands for, and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code).filter(|&c| c != '\0')?
    } else {
        named_entity(body)?
    };
    Some((c, end + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        // A non-breaking space is shown, and graded, as a space.
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "shy" | "zwj" | "zwnj" | "lrm" | "rlm" => '\u{200b}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "minus" => '−',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "rarr" => '→',
        "larr" => '←',
        "harr" => '↔',
        "uarr" => '↑',
        "darr" => '↓',
        "rArr" => '⇒',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "sect" => '§',
        "para" => '¶',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "micro" => 'µ',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "lambda" => 'λ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "Delta" => 'Δ',
        "Sigma" => 'Σ',
        "infin" => '∞',
        "sum" => '∑',
        "radic" => '√',
        "iexcl" => '¡',
        "iquest" => '¿',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "Uuml" => 'Ü',
        "Ouml" => 'Ö',
        "Auml" => 'Ä',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "agrave" => 'à',
        "ecirc" => 'ê',
        _ => return None,
    })
}

/// Trims line ends, drops zero-width characters, and keeps at most one blank line in a
/// row. (Collapsing never leaves a space at a line's start; `<pre>` indentation stays.)
fn tidy(s: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in s.split('\n') {
        let line: String = line.chars().filter(|&c| c != '\u{200b}').collect();
        let line = line.trim_end();
        if line.is_empty() && lines.last().is_none_or(std::string::String::is_empty) {
            continue;
        }
        lines.push(line.to_string());
    }
    while lines.last().is_some_and(std::string::String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// Anki's `[sound:x.mp3]` becomes `[sound: x.mp3]`: visible, and plainly not playable here.
fn media_placeholders(s: &str) -> String {
    if !s.contains("[sound:") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[sound:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 7..];
        if let Some(end) = after.find(']') {
            out.push_str(&format!("[sound: {}]", after[..end].trim()));
            rest = &after[end + 1..];
        } else {
            out.push_str(&rest[i..]);
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tags_are_stripped_and_breaks_kept() {
        assert_eq!(to_text("<b>hola</b>"), "hola");
        assert_eq!(to_text("hello<br>hi"), "hello\nhi");
        assert_eq!(to_text("hello<br/>hi<BR />there"), "hello\nhi\nthere");
        assert_eq!(
            to_text("<div>to be</div><div>(permanent&nbsp;/ temporary)</div>"),
            "to be\n(permanent / temporary)"
        );
        assert_eq!(to_text("<p>one</p><p>two</p>"), "one\ntwo");
    }

    #[test]
    fn source_whitespace_collapses_like_a_browser() {
        assert_eq!(to_text("  a \n\n  b\t c  "), "a b c");
        assert_eq!(to_text("<div>\n  a\n</div>\n<div> b </div>"), "a\nb");
        assert_eq!(to_text("<pre>x  =\n  1</pre>"), "x  =\n  1");
        assert_eq!(to_text("a<br><br><br><br>b"), "a\n\nb");
    }

    #[test]
    fn entities_are_decoded_once() {
        assert_eq!(to_text("cat &amp; kitten"), "cat & kitten");
        assert_eq!(to_text("&lt;b&gt; is a tag"), "<b> is a tag");
        assert_eq!(to_text("caf&#233; &#x2615; &eacute;"), "café ☕ é");
        assert_eq!(to_text("&amp;lt;"), "&lt;");
        assert_eq!(to_text("AT&T &unknown; & more"), "AT&T &unknown; & more");
        assert_eq!(to_text("&#0; &#xD800; x"), "&#0; &#xD800; x");
    }

    #[test]
    fn media_becomes_placeholders() {
        assert_eq!(
            to_text(r#"cat <img src="gato.png">"#),
            "cat [image: gato.png]"
        );
        assert_eq!(to_text("<img src='a b.jpg' alt=x>"), "[image: a b.jpg]");
        assert_eq!(to_text("<img src=bare.gif>"), "[image: bare.gif]");
        assert_eq!(
            to_text("Paris [sound:paris.mp3]"),
            "Paris [sound: paris.mp3]"
        );
        assert_eq!(to_text(r#"<audio src="x.ogg"></audio>"#), "[sound: x.ogg]");
        assert_eq!(plain_with_media("a [sound:b.mp3]"), "a [sound: b.mp3]");
        assert_eq!(plain_with_media("[sound:unclosed"), "[sound:unclosed");
    }

    #[test]
    fn scripts_styles_and_comments_vanish() {
        assert_eq!(
            to_text("<style>.card{color:red}</style>x<script>alert(1)</script>y<!-- z -->"),
            "xy"
        );
    }

    #[test]
    fn lists_and_tables_stay_readable() {
        assert_eq!(to_text("<ul><li>one</li><li>two</li></ul>"), "• one\n• two");
        assert_eq!(
            to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "a | b\nc"
        );
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(to_text("x <unterminated"), "x <unterminated");
        assert_eq!(to_text(r#"<a title="1 > 0">link</a>"#), "link");
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html("a<br>b"));
        assert!(looks_like_html("a &amp; b"));
        assert!(!looks_like_html("a < b & c"));
    }

    #[test]
    fn escaped_text_survives_conversion() {
        let s = "if a < b && c > d";
        assert_eq!(to_text(&escape(s)), s);
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = to_text(&s);
            let _ = looks_like_html(&s);
        }

        #[test]
        fn markup_like_input_never_panics(s in "[<>/a-z =\"'&;#x0-9!-]{0,60}") {
            let _ = to_text(&s);
        }
    }
}
