//! How a session looks: a card's header and question, the revealed answer, the grade's
//! acknowledgement, hints, help and the summary. All card text is sanitised here again.

use std::io::{self, Write};

use super::Palette;
use super::results;
use super::wrap;
use crate::core::day::{Day, format_day, relative_day};
use crate::core::exercise::Check;
use crate::core::grade::Assessment;
use crate::core::model::{ReviewMode, short_deck_name};
use crate::core::schedule::Quality;
use crate::core::session::Answer;
use crate::core::session::{AskStyle, COMMANDS, GradePreview, Prompt};
use crate::core::text::sanitize;

/// `[3/27] Python · Beginner · basic · new`, then the question.
/// Card text is wrapped at word boundaries to `width` columns, its indentation kept.
pub fn ask(
    w: &mut dyn Write,
    p: &Palette,
    prompt: &Prompt,
    mode: ReviewMode,
    position: usize,
    total: usize,
    width: usize,
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
    let header = format!(
        "{} {} · {} · {} · {}",
        p.dim(&format!("[{position}/{total}]")),
        p.bold(&sanitize(short_deck_name(&card.deck))),
        card.stage,
        style,
        p.dim(status)
    );
    wrap::block(w, &header, width)?;
    let front = sanitize(&card.front);
    match &prompt.style {
        AskStyle::Cloze { text, .. } => wrap::block(w, &sanitize(text), width)?,
        AskStyle::Choice { options, .. } => {
            wrap::block(w, &front, width)?;
            for (i, o) in options.iter().enumerate() {
                let label = format!("  {}. ", i + 1);
                let cols = label.len();
                wrap::labelled(w, &label, cols, &sanitize(o), width)?;
            }
        }
        AskStyle::Query { db, .. } => {
            wrap::block(w, &front, width)?;
            let how = format!(
                "(write a query on the sample database `{}`, ending with `;` · `recall sandbox` explores it)",
                sanitize(db)
            );
            dim_block(w, p, &how, width)?;
        }
        AskStyle::Output => {
            wrap::block(w, &front, width)?;
            dim_block(
                w,
                p,
                "(type exactly what it prints; an empty line ends the answer, or one line with \\n between lines)",
                width,
            )?;
        }
        _ => wrap::block(w, &front, width)?,
    }
    Ok(())
}

/// A dimmed note, wrapped.
fn dim_block(w: &mut dyn Write, p: &Palette, text: &str, width: usize) -> io::Result<()> {
    for line in wrap::lines(text, width) {
        writeln!(w, "{}", p.dim(&line))?;
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
    /// The screen's width, to wrap the answer and the note to.
    pub width: usize,
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
        width,
    } = *r;
    if let Some(c) = check {
        results::check(w, p, c, width)?;
    }
    match &prompt.style {
        AskStyle::Choice { options, correct } => {
            let right = format!("{}. {}", correct + 1, sanitize(&options[*correct]));
            match assessment {
                Some(a) if a.score >= 1.0 && !over_time => {
                    let label = format!("{} ", p.green("✓ right:"));
                    wrap::labelled(w, &label, 9, &right, width)?;
                }
                _ => {
                    let label = format!("{} ", p.red("✗ wrong:"));
                    wrap::labelled(w, &label, 9, &format!("the answer is {right}"), width)?;
                }
            }
        }
        AskStyle::Cloze { text, answer } => {
            let (text, answer) = (sanitize(text), sanitize(answer));
            match crate::core::cloze::fill(&text, &answer, |part| p.bold(part)) {
                Some(filled) => answer_line(w, p, &filled, width)?,
                None => answer_line(w, p, &p.bold(&answer), width)?,
            }
        }
        AskStyle::Query { .. } => {
            writeln!(w, "{}", p.cyan("Reference query:"))?;
            wrap::labelled(w, "  ", 2, &sanitize(&prompt.card.back), width)?;
        }
        AskStyle::Output => {
            writeln!(w, "{}", p.cyan("It prints:"))?;
            // What a program prints is shown as it is: wrapping would change the answer.
            for line in sanitize(&prompt.card.back).lines() {
                writeln!(w, "  {line}")?;
            }
        }
        _ => answer_line(w, p, &sanitize(&prompt.card.back), width)?,
    }
    if !prompt.card.note.is_empty() {
        let label = format!("{} ", p.cyan("Note:"));
        wrap::labelled(w, &label, 6, &sanitize(&prompt.card.note), width)?;
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
        assessment_lines(w, p, a, over_time, width)?;
    }
    Ok(())
}

/// `Answer: …`, wrapped under its label.
fn answer_line(w: &mut dyn Write, p: &Palette, text: &str, width: usize) -> io::Result<()> {
    let label = format!("{} ", p.cyan("Answer:"));
    wrap::labelled(w, &label, 8, text, width)
}

/// How the typed answer compared: the key points met and missed, or the key terms missing.
fn assessment_lines(
    w: &mut dyn Write,
    p: &Palette,
    a: &Assessment,
    over_time: bool,
    width: usize,
) -> io::Result<()> {
    let measure = if a.by_points {
        format!("{}/{} key points", a.matched, a.terms)
    } else {
        format!("{:.0}% match", a.score * 100.0)
    };
    // Over time the grade is not a suggestion: it is recorded, and the line above says so.
    let line = if over_time {
        format!("Your answer: {measure}")
    } else {
        format!(
            "Your answer: {measure} · suggested grade {} ({})",
            a.suggested,
            a.suggested.word()
        )
    };
    wrap::block(w, &line, width)?;
    if a.by_points {
        for m in &a.met {
            wrap::labelled(w, &format!("  {} ", p.green("✓")), 4, &sanitize(m), width)?;
        }
        for m in &a.missing {
            wrap::labelled(w, &format!("  {} ", p.red("✗")), 4, &sanitize(m), width)?;
        }
    } else if !a.missing.is_empty() && a.score < 1.0 {
        let shown: Vec<String> = a.missing.iter().take(8).map(|m| sanitize(m)).collect();
        let more = if a.missing.len() > 8 { ", …" } else { "" };
        let label = format!("{} ", p.dim("missing:"));
        wrap::labelled(w, &label, 9, &format!("{}{more}", shown.join(", ")), width)?;
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

pub fn help(w: &mut dyn Write, width: usize) -> io::Result<()> {
    wrap::block(
        w,
        "Type your answer (or just Enter to reveal), then a grade:",
        width,
    )?;
    wrap::labelled(
        w,
        "  ",
        2,
        "0-5, or again (1), hard (3), good (4), easy (5); a typed answer's grade is suggested, never taken by Enter alone.",
        width,
    )?;
    for (c, what) in COMMANDS {
        wrap::labelled(w, &format!("  {c:<9} "), 12, what, width)?;
    }
    wrap::labelled(
        w,
        "  ",
        2,
        "At the grade prompt help, undo and quit work without their colon. Tab completes commands and grade words. Ctrl-C clears the line; Ctrl-D ends the session.",
        width,
    )
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
