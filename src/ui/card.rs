//! How a session looks: a card's header and question, the revealed answer, the grade's
//! acknowledgement, hints, help and the summary. All card text is sanitised here again.

use std::io::{self, Write};

use super::Palette;
use super::results;
use crate::core::day::{Day, format_day, relative_day};
use crate::core::exercise::Check;
use crate::core::grade::Assessment;
use crate::core::model::{ReviewMode, short_deck_name};
use crate::core::schedule::Quality;
use crate::core::session::Answer;
use crate::core::session::{AskStyle, COMMANDS, GradePreview, Prompt};
use crate::core::text::sanitize;

/// `[3/27] Python · Beginner · basic · new`, then the question.
pub fn ask(
    w: &mut dyn Write,
    p: &Palette,
    prompt: &Prompt,
    mode: ReviewMode,
    position: usize,
    total: usize,
) -> io::Result<()> {
    let card = &prompt.card;
    let status = match (mode, card.state.is_some()) {
        (ReviewMode::Relearn, _) => "again",
        (_, false) => "new",
        (_, true) => "review",
    };
    let style = match &prompt.style {
        AskStyle::Flash => card.kind.as_str(),
        AskStyle::Typed => "typed",
        AskStyle::Choice { .. } => "choice",
        AskStyle::Cloze { .. } => "cloze",
        AskStyle::Query { .. } => "sql",
        AskStyle::Output => "output",
    };
    writeln!(w)?;
    writeln!(
        w,
        "{} {} · {} · {} · {}",
        p.dim(&format!("[{position}/{total}]")),
        p.bold(&sanitize(short_deck_name(&card.deck))),
        card.stage,
        style,
        p.dim(status)
    )?;
    match &prompt.style {
        AskStyle::Cloze { text, .. } => writeln!(w, "{}", sanitize(text))?,
        AskStyle::Choice { options, .. } => {
            writeln!(w, "{}", sanitize(&card.front))?;
            for (i, o) in options.iter().enumerate() {
                writeln!(w, "  {}. {}", i + 1, sanitize(o))?;
            }
        }
        AskStyle::Query { db, .. } => {
            writeln!(w, "{}", sanitize(&card.front))?;
            writeln!(
                w,
                "{}",
                p.dim(&format!(
                    "(write a query on the sample database `{}`, ending with `;` · `recall sandbox` explores it)",
                    sanitize(db)
                ))
            )?;
        }
        AskStyle::Output => {
            writeln!(w, "{}", sanitize(&card.front))?;
            writeln!(
                w,
                "{}",
                p.dim("(type exactly what it prints; an empty line ends the answer, or one line with \\n between lines)")
            )?;
        }
        _ => writeln!(w, "{}", sanitize(&card.front))?,
    }
    Ok(())
}

/// A revealed answer: the question, what was typed and how it compared.
#[derive(Debug, Clone, Copy)]
pub struct Revealed<'a> {
    pub prompt: &'a Prompt,
    pub typed: Option<&'a str>,
    pub assessment: Option<&'a Assessment>,
    pub check: Option<&'a Check>,
    pub suggestion: Option<Quality>,
    pub over_time: bool,
}

/// The answer, and how the typed answer compared with it; then the card's note.
pub fn reveal(w: &mut dyn Write, p: &Palette, r: &Revealed<'_>) -> io::Result<()> {
    let Revealed {
        prompt,
        typed,
        assessment,
        check,
        suggestion,
        over_time,
    } = *r;
    if let Some(c) = check {
        results::check(w, p, c)?;
    }
    match &prompt.style {
        AskStyle::Choice { options, correct } => {
            let right = format!("{}. {}", correct + 1, sanitize(&options[*correct]));
            match assessment {
                Some(a) if a.score >= 1.0 && !over_time => {
                    writeln!(w, "{} {right}", p.green("✓ right:"))?;
                }
                _ => writeln!(w, "{} the answer is {right}", p.red("✗ wrong:"))?,
            }
        }
        AskStyle::Cloze { text, answer } => {
            let (text, answer) = (sanitize(text), sanitize(answer));
            match crate::core::cloze::fill(&text, &answer, |part| p.bold(part)) {
                Some(filled) => writeln!(w, "{} {filled}", p.cyan("Answer:"))?,
                None => writeln!(w, "{} {}", p.cyan("Answer:"), p.bold(&answer))?,
            }
        }
        AskStyle::Query { .. } => {
            writeln!(w, "{}", p.cyan("Reference query:"))?;
            for line in sanitize(&prompt.card.back).lines() {
                writeln!(w, "  {line}")?;
            }
        }
        AskStyle::Output => {
            writeln!(w, "{}", p.cyan("It prints:"))?;
            for line in sanitize(&prompt.card.back).lines() {
                writeln!(w, "  {line}")?;
            }
        }
        _ => writeln!(w, "{} {}", p.cyan("Answer:"), sanitize(&prompt.card.back))?,
    }
    if !prompt.card.note.is_empty() {
        writeln!(w, "{} {}", p.cyan("Note:"), sanitize(&prompt.card.note))?;
    }
    if let Some(q) = suggestion {
        writeln!(w, "suggested grade {q} ({})", q.word())?;
    }
    if over_time {
        writeln!(
            w,
            "{}",
            p.red("⏱ over time: counted as a miss, recorded as 0 (blackout)")
        )?;
    }
    if let (Some(a), Some(_), false) = (
        assessment,
        typed,
        matches!(prompt.style, AskStyle::Choice { .. }),
    ) {
        assessment_lines(w, p, a, over_time)?;
    }
    Ok(())
}

/// How the typed answer compared: the key points met and missed, or the key terms missing.
fn assessment_lines(
    w: &mut dyn Write,
    p: &Palette,
    a: &Assessment,
    over_time: bool,
) -> io::Result<()> {
    let measure = if a.by_points {
        format!("{}/{} key points", a.matched, a.terms)
    } else {
        format!("{:.0}% match", a.score * 100.0)
    };
    // Over time the grade is not a suggestion: it is recorded, and the line above says so.
    if over_time {
        writeln!(w, "Your answer: {measure}")?;
    } else {
        writeln!(
            w,
            "Your answer: {measure} · suggested grade {} ({})",
            a.suggested,
            a.suggested.word()
        )?;
    }
    if a.by_points {
        for m in &a.met {
            writeln!(w, "  {} {}", p.green("✓"), sanitize(m))?;
        }
        for m in &a.missing {
            writeln!(w, "  {} {}", p.red("✗"), sanitize(m))?;
        }
    } else if !a.missing.is_empty() && a.score < 1.0 {
        let shown: Vec<String> = a.missing.iter().take(8).map(|m| sanitize(m)).collect();
        let more = if a.missing.len() > 8 { ", …" } else { "" };
        writeln!(w, "{} {}{more}", p.dim("missing:"), shown.join(", "))?;
    }
    Ok(())
}

/// The prompt text for a grade: the suggestion is shown, never taken by Enter alone, and
/// what Again, Hard, Good and Easy would do (`again today · hard 2d · good 4d · easy 9d`)
/// when the answer sets the schedule.
#[must_use]
pub fn grade_prompt(suggestion: Option<Quality>, preview: &[GradePreview]) -> String {
    let grades = if preview.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = preview
            .iter()
            .map(|p| {
                let when = match p.next {
                    _ if p.settled_by_repeat => "today".to_string(),
                    Some(s) => interval(s.interval_days),
                    None => "new".to_string(),
                };
                format!("{} {when}", p.quality.word())
            })
            .collect();
        format!(" [{}]", parts.join(" · "))
    };
    match suggestion {
        Some(q) => format!("grade 0-5 (suggested {q}){grades}> "),
        None => format!("grade 0-5{grades}> "),
    }
}

/// An interval as Anki shows one: days under a month, then months, then years.
#[must_use]
pub fn interval(days: u32) -> String {
    match days {
        0..30 => format!("{days}d"),
        30..365 => format!("{:.1}mo", f64::from(days) / 30.4),
        _ => format!("{:.1}y", f64::from(days) / 365.0),
    }
}

/// Acknowledges a committed answer; printed only after the commit.
pub fn recorded(w: &mut dyn Write, p: &Palette, answer: &Answer, today: Day) -> io::Result<()> {
    let quality = answer.quality;
    let grade = format!("{quality} ({})", quality.word());
    let mark = if quality.passed() {
        p.green("✓")
    } else {
        p.red("✗")
    };
    let relearn = answer.mode == ReviewMode::Relearn;
    let next = match (answer.rescheduled(), answer.next.map(|s| s.due_day)) {
        (true, Some(d)) => format!("next review {} ({})", format_day(d), relative_day(d, today)),
        _ if relearn && answer.again_today => "again later this session".to_string(),
        _ if answer.repeat_limit => {
            "repeated as often as a session allows: no more today; it returns when due".to_string()
        }
        _ if relearn && answer.quality.passed() => {
            "a pass: done for this session; schedule unchanged".to_string()
        }
        _ if relearn => "relearned; schedule unchanged".to_string(),
        _ => "schedule unchanged".to_string(),
    };
    let again = if answer.mode == ReviewMode::Review && answer.again_today {
        "; again later this session"
    } else {
        ""
    };
    writeln!(w, "{mark} recorded {grade} · {next}{again}")
}

pub fn help(w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "Type your answer (or just Enter to reveal), then a grade:"
    )?;
    writeln!(
        w,
        "  0-5, or again (1), hard (3), good (4), easy (5); a typed answer's grade is suggested, never taken by Enter alone."
    )?;
    for (c, what) in COMMANDS {
        writeln!(w, "  {c:<9} {what}")?;
    }
    writeln!(w, "  Ctrl-C clears the line; Ctrl-D ends the session.")
}

/// `4m 12s`, `35s`, `1h 03m`.
#[must_use]
pub fn duration(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::CardId;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(35_400), "35s");
        assert_eq!(duration(252_000), "4m 12s");
        assert_eq!(duration(3_780_000), "1h 03m");
    }

    /// A scheduled answer of grade `q` that moved the card to `due`.
    fn answer(q: u8, due: Day, again_today: bool) -> Answer {
        let next = crate::core::sm2::answer(None, Quality::clamped(q), due - 1, 0);
        Answer {
            card_id: CardId(1),
            deck_id: 1,
            quality: Quality::clamped(q),
            mode: ReviewMode::Review,
            day: 100,
            reviewed_at: 0,
            duration_ms: 0,
            typed: None,
            asked: crate::core::model::Asked::Flash,
            prev: None,
            next: Some(crate::core::schedule::CardState {
                due_day: due,
                ..next
            }),
            over_time: false,
            again_today,
            repeat_limit: false,
        }
    }

    #[test]
    fn acknowledgements_name_the_next_review() {
        let mut out = Vec::new();
        recorded(&mut out, &Palette::PLAIN, &answer(4, 106, false), 100).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "✓ recorded 4 (good) · next review 1970-04-17 (in 6 days)\n"
        );
        let mut out = Vec::new();
        recorded(&mut out, &Palette::PLAIN, &answer(2, 101, true), 100).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("(tomorrow); again later this session\n")
        );
    }
}
