//! Markdown text as a terminal card shows it, shared by the Markdown and Obsidian formats:
//! images, audio and video written as Markdown images (`![alt](path)`) or Obsidian embeds
//! (`![[file]]`) become the placeholders every format uses (`[image: path]`,
//! `[sound: path]`, `[video: path]`), and Obsidian's `[[wiki links]]` become their text.
//! Lines inside fenced code blocks are left as they are.

/// Extensions of sound files; `VIDEO` of video files; anything else is an image.
const SOUND: &[&str] = &["mp3", "ogg", "oga", "wav", "m4a", "flac", "opus", "aac"];
const VIDEO: &[&str] = &["mp4", "webm", "mov", "mkv", "ogv", "m4v"];

/// The placeholder of a media file: `[image: a.png]`, `[sound: b.mp3]`, `[video: c.mp4]`.
/// A path starting with `@/` (hashcards: from the collection's root) is shown without it.
#[must_use]
pub fn placeholder(path: &str) -> String {
    let path = path.trim();
    let path = path.strip_prefix("@/").unwrap_or(path).replace("%20", " ");
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = if SOUND.contains(&ext.as_str()) {
        "sound"
    } else if VIDEO.contains(&ext.as_str()) {
        "video"
    } else {
        "image"
    };
    format!("[{kind}: {path}]")
}

/// Markdown images as placeholders, outside code fences.
#[must_use]
pub fn media(text: &str) -> String {
    by_line_outside_fences(text, images_in_line)
}

/// Markdown images as placeholders, then Obsidian embeds as placeholders and wiki links as
/// their text, outside code fences.
#[must_use]
pub fn obsidian(text: &str) -> String {
    by_line_outside_fences(text, |line| wiki_links(&images_in_line(line)))
}

/// Applies `f` to every line that is not inside (or opening or closing) a code fence.
fn by_line_outside_fences(text: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fenced = false;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            out.push_str(line);
        } else if fenced {
            out.push_str(line);
        } else {
            out.push_str(&f(line));
        }
    }
    out
}

/// `![alt](path)` and `![alt](<path with spaces> "title")` in one line.
fn images_in_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("![") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        if let Some((path, used)) = image_end(after) {
            out.push_str(&placeholder(path));
            rest = &after[used..];
        } else {
            out.push_str("![");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// After `![`: the image's path and how many bytes the rest of the image takes
/// (`alt](path "title")`); `None` if this is no image.
fn image_end(after: &str) -> Option<(&str, usize)> {
    // Obsidian's `![[embed]]` is not a Markdown image.
    if after.starts_with('[') {
        return None;
    }
    let close = after.find("](")?;
    if after[..close].contains(']') {
        return None;
    }
    let target_start = close + 2;
    let target = &after[target_start..];
    let end = target.find(')')?;
    let inside = target[..end].trim();
    let path = if let Some(angled) = inside.strip_prefix('<') {
        angled.split_once('>').map_or(angled, |(p, _)| p)
    } else {
        inside
            .split_once(char::is_whitespace)
            .map_or(inside, |(p, _)| p)
    };
    (!path.trim().is_empty()).then_some((path, target_start + end + 1))
}

/// `![[embed]]` as a placeholder, `[[target|alias]]` as the alias, `[[note#part]]` as
/// `note > part`, `[[target]]` as the target.
fn wiki_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("[[") {
        let Some(len) = rest[at + 2..].find("]]") else {
            break;
        };
        let inner = &rest[at + 2..at + 2 + len];
        let embed = rest[..at].ends_with('!');
        out.push_str(&rest[..if embed { at - 1 } else { at }]);
        let (target, alias) = match inner.split_once('|') {
            Some((t, a)) => (t.trim(), Some(a.trim())),
            None => (inner.trim(), None),
        };
        if embed {
            out.push_str(&placeholder(target));
        } else if let Some(alias) = alias.filter(|a| !a.is_empty()) {
            out.push_str(alias);
        } else {
            let shown: Vec<&str> = target
                .split('#')
                .map(|p| p.trim_start_matches('^').trim())
                .filter(|p| !p.is_empty())
                .collect();
            out.push_str(&shown.join(" > "));
        }
        rest = &rest[at + 2 + len + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_sound_and_video_become_placeholders() {
        assert_eq!(
            media("Identify:\n![](art/siren.jpg)"),
            "Identify:\n[image: art/siren.jpg]"
        );
        assert_eq!(
            media("Say it: ![](audio/parande.mp3) now"),
            "Say it: [sound: audio/parande.mp3] now"
        );
        assert_eq!(media("![clip](@/films/a.MP4)"), "[video: films/a.MP4]");
        assert_eq!(
            media("![a](<my pics/x.png> \"title\") and ![b](y%20z.png 'alt')"),
            "[image: my pics/x.png] and [image: y z.png]"
        );
    }

    #[test]
    fn links_code_and_broken_images_stay_text() {
        assert_eq!(media("[docs](http://x.org)"), "[docs](http://x.org)");
        assert_eq!(media("Wow! [x] ![unclosed"), "Wow! [x] ![unclosed");
        assert_eq!(media("![]()"), "![]()");
        assert_eq!(
            media("```\n![](a.png)\n```\n![](b.png)"),
            "```\n![](a.png)\n```\n[image: b.png]"
        );
    }

    #[test]
    fn wiki_links_show_their_text_and_embeds_their_file() {
        assert_eq!(
            obsidian("See [[Mitochondria]] and [[Cell|the cell]]."),
            "See Mitochondria and the cell."
        );
        assert_eq!(obsidian("[[Krebs cycle#Steps]]"), "Krebs cycle > Steps");
        assert_eq!(obsidian("[[Note#^block1]]"), "Note > block1");
        assert_eq!(
            obsidian("![[diagram.png]] ![[call.ogg|300]]"),
            "[image: diagram.png] [sound: call.ogg]"
        );
        assert_eq!(obsidian("[[open"), "[[open");
        assert_eq!(obsidian("![](x.png) [[y]]"), "[image: x.png] y");
    }
}
