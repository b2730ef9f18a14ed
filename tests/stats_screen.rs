//! Snapshots of the `recall stats` screen, drawn from a fixed report (no clock, no
//! database) with colour off at 80 and 120 columns, plus the rules every width keeps:
//! no line wider than the terminal, no escape byte without colour, ASCII art without it.

use recall::core::day::{Day, date_to_day};
use recall::core::fsrs::SchedulerStats;
use recall::core::levels::{SkillSummary, StageSummary, level_name};
use recall::core::stats::calendar::grid_start;
use recall::core::stats::{
    CardCounts, DueOn, HEATMAP_WEEKS, HardCard, Report, RetentionWindow, ReviewsOn, Tally,
    TodayStats,
};
use recall::core::text::display_width;
use recall::ui::Palette;
use recall::ui::stats::{MIN_WIDTH, render};

fn today() -> Day {
    date_to_day(chrono::NaiveDate::from_ymd_opt(2026, 3, 19).unwrap()) // a Thursday
}

fn skill(name: &str, level: u8, stages: [(u32, u32); 3], due: u32) -> SkillSummary {
    let names = ["Beginner", "Intermediate", "Advanced"];
    SkillSummary {
        name: name.to_string(),
        level,
        level_name: level_name(level),
        due,
        new: 0,
        stages: stages
            .iter()
            .zip(names)
            .enumerate()
            .map(|(i, (&(cards, mastered), name))| StageSummary {
                stage: i as u8 + 1,
                name,
                cards,
                mastered,
            })
            .collect(),
        needed_to_rise: None,
        last_change: None,
    }
}

fn card(id: &str, deck: &str, front: &str, lapses: u32, ef: u32) -> HardCard {
    HardCard {
        id: id.into(),
        number: 40 + i64::from(lapses),
        deck: deck.into(),
        front: front.into(),
        lapses,
        ef,
        interval_days: 1,
        leech: lapses >= 8,
    }
}

/// A busy learner's report: every section has something to show.
#[allow(clippy::too_many_lines)] // a literal value, field by field
fn busy() -> Report {
    let today = today();
    let forecast = [
        7, 12, 9, 4, 15, 3, 0, 8, 11, 2, 6, 0, 5, 14, 1, 3, 0, 9, 4, 2, 7, 0, 1, 5, 3, 0, 2, 6, 0,
        4,
    ];
    let start = grid_start(today, HEATMAP_WEEKS);
    let heatmap = (start..=today)
        .enumerate()
        .map(|(i, date)| ReviewsOn {
            date,
            // Quiet weeks early on, busier lately, and a rest day every fifth day.
            reviews: if i % 5 == 3 || i < 20 {
                0
            } else {
                ((i * 37 + i * i / 7) % 41) as u32
            },
        })
        .collect();
    let hardest = vec![
        card(
            "spanish/subjunctive",
            "Languages::Spanish",
            "When does the subjunctive follow \"es posible que\"?",
            11,
            130,
        ),
        card(
            "jp/kanji-42",
            "Languages::Japanese",
            "「憂鬱」の読み方は？",
            8,
            142,
        ),
        card(
            "python/gil",
            "AI/ML Engineer::Python",
            "What does the global interpreter lock prevent, and why does it matter for CPU-bound threads in a data pipeline?",
            5,
            171,
        ),
        card(
            "sql/window",
            "AI/ML Engineer::SQL",
            "ROW_NUMBER vs RANK?",
            2,
            236,
        ),
        card("sql/cte", "AI/ML Engineer::SQL", "What is a CTE?", 0, 196),
        card(
            "sql/index",
            "AI/ML Engineer::SQL",
            "What is an index?",
            0,
            222,
        ),
    ];
    let leeches = hardest.iter().filter(|c| c.leech).cloned().collect();
    Report {
        date: today,
        deck: None,
        today: TodayStats {
            answers: 42,
            cards: 30,
            reviews: 25,
            new: 5,
            relearns: 10,
            drills: 2,
            passed: 36,
            time_ms: 754_000,
            due: 7,
        },
        streak_days: 12,
        longest_streak_days: 31,
        study_days: 140,
        cards: CardCounts {
            total: 176,
            new: 96,
            young: 52,
            mature: 24,
            suspended: 4,
        },
        forecast: forecast
            .iter()
            .zip(today..)
            .map(|(&due, date)| DueOn { date, due })
            .collect(),
        heatmap,
        retention: vec![
            RetentionWindow::new(7, Tally::new(40, 34), Tally::new(22, 20)),
            RetentionWindow::new(30, Tally::new(180, 150), Tally::new(90, 84)),
            RetentionWindow::new(365, Tally::new(2000, 1690), Tally::new(1200, 1130)),
        ],
        skills: vec![
            skill("AI/ML Engineer::Core::SQL", 1, [(4, 4), (4, 3), (4, 0)], 3),
            skill(
                "AI/ML Engineer::LLMs::Fine-Tuning Large Language Models (LLMs) for Domain-Specific Tasks",
                0,
                [(4, 1), (4, 0), (4, 0)],
                0,
            ),
            skill(
                "AI/ML Engineer::Core::Python",
                2,
                [(4, 4), (4, 4), (4, 1)],
                2,
            ),
            skill("Languages::日本語の語彙", 3, [(10, 10), (8, 8), (6, 6)], 12),
        ],
        hardest,
        leeches,
        // FSRS: 12 cards due, recalled at 84.6% on average; aiming at 90%.
        scheduling: SchedulerStats {
            scheduler: "fsrs",
            due_cards: 12,
            predicted_retention_due: Some(0.846),
            desired_retention: Some(0.9),
        },
    }
}

/// A new user's report: nothing answered, nothing due.
fn empty() -> Report {
    let today = today();
    let start = grid_start(today, HEATMAP_WEEKS);
    Report {
        date: today,
        deck: Some("Languages::Spanish".into()),
        today: TodayStats::default(),
        streak_days: 0,
        longest_streak_days: 0,
        study_days: 0,
        cards: CardCounts {
            total: 12,
            new: 12,
            ..CardCounts::default()
        },
        forecast: (today..today + 30)
            .map(|date| DueOn { date, due: 0 })
            .collect(),
        heatmap: (start..=today)
            .map(|date| ReviewsOn { date, reviews: 0 })
            .collect(),
        retention: [7, 30, 365]
            .map(|d| RetentionWindow::new(d, Tally::default(), Tally::default()))
            .to_vec(),
        skills: vec![skill("Languages::Spanish", 0, [(12, 0), (0, 0), (0, 0)], 0)],
        hardest: vec![],
        leeches: vec![],
        scheduling: SchedulerStats {
            scheduler: "sm2",
            due_cards: 0,
            predicted_retention_due: None,
            desired_retention: None,
        },
    }
}

fn draw(r: &Report, p: Palette, width: usize) -> String {
    let mut out = Vec::new();
    render(&mut out, r, &p, width).unwrap();
    String::from_utf8(out).unwrap()
}

/// Text with the palette's escape sequences (`ESC [ … m`) removed.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_screen_at_80_columns() {
    insta::assert_snapshot!("busy_80", draw(&busy(), Palette::PLAIN, 80));
}

#[test]
fn the_screen_at_120_columns() {
    insta::assert_snapshot!("busy_120", draw(&busy(), Palette::PLAIN, 120));
}

#[test]
fn a_new_users_screen() {
    insta::assert_snapshot!("empty_80", draw(&empty(), Palette::PLAIN, 80));
}

#[test]
fn no_line_is_wider_than_the_terminal_at_any_width() {
    for width in MIN_WIDTH..=200 {
        for r in [busy(), empty()] {
            for p in [Palette::PLAIN, Palette { enabled: true }] {
                let text = strip_ansi(&draw(&r, p, width));
                for line in text.lines() {
                    assert!(
                        display_width(line) <= width,
                        "{} columns at width {width} (colour {}): {line:?}",
                        display_width(line),
                        p.enabled
                    );
                }
            }
        }
    }
}

#[test]
fn narrower_terminals_get_the_minimum_width() {
    assert_eq!(
        draw(&busy(), Palette::PLAIN, 20),
        draw(&busy(), Palette::PLAIN, MIN_WIDTH)
    );
}

#[test]
fn without_colour_the_art_is_ascii_and_there_is_no_escape_byte() {
    let r = busy();
    let plain = draw(&r, Palette::PLAIN, 100);
    assert!(!plain.contains('\u{1b}'));
    // Only card and deck text may be non-ASCII, and the `…` that shortens it.
    let mut user: String = r.hardest.iter().map(|c| c.front.clone()).collect();
    user.extend(r.skills.iter().map(|s| s.name.clone()));
    user.push('…');
    for line in plain.lines() {
        assert!(
            line.chars().all(|c| c.is_ascii() || user.contains(c)),
            "{line:?}"
        );
    }
    let colour = draw(&r, Palette { enabled: true }, 100);
    assert!(colour.contains('\u{1b}'));
    assert!(colour.contains('█') && colour.contains('▒') && colour.contains('┤'));
    assert_eq!(
        strip_ansi(&colour).lines().count(),
        plain.lines().count(),
        "the same layout in both looks"
    );
}

#[test]
fn card_text_cannot_inject_escapes() {
    let mut r = busy();
    r.hardest[0].front = "evil \u{1b}[2J\u{1b}]0;title\u{7} text".into();
    r.skills[0].name = "X::\u{1b}[31mred".into();
    let plain = draw(&r, Palette::PLAIN, 80);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(plain.contains("evil text"), "{plain}");
}
