//! Charts drawn with text, fitted to a width: a column chart of one value per day and a
//! calendar heatmap. Unicode blocks in colour when the palette is on; plain ASCII otherwise.

use std::io::{self, Write};

use super::Palette;
use crate::core::day::{Day, day_to_date};
use crate::core::stats::calendar::{cell_day, month_labels, month_name, shade, weekday_name};
use crate::core::stats::scale::{bucket, column_layout, eighths, fill_of_row, whole_rows};

/// Rows of a column chart.
pub const CHART_ROWS: usize = 6;
/// Width of a weekday label and its space (`Mon `).
const DAY_LABEL: usize = 4;
/// Characters per heatmap week: the cell and a space.
const CELL: usize = 2;

/// The glyphs of one look: Unicode blocks, or ASCII.
struct Glyphs {
    eighths: [char; 9],
    shades: [char; 5],
    top: char,
    side: char,
    corner: char,
    rule: char,
}

const UNICODE: Glyphs = Glyphs {
    eighths: [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
    shades: ['·', '░', '▒', '▓', '█'],
    top: '┤',
    side: '│',
    corner: '└',
    rule: '─',
};

const ASCII: Glyphs = Glyphs {
    eighths: [' ', '#', '#', '#', '#', '#', '#', '#', '#'],
    shades: ['.', ':', '+', '*', '#'],
    top: '+',
    side: '|',
    corner: '+',
    rule: '-',
};

fn glyphs(p: &Palette) -> &'static Glyphs {
    if p.enabled { &UNICODE } else { &ASCII }
}

/// `Mar 7`.
#[must_use]
pub fn short_date(day: Day) -> String {
    day_to_date(day).format("%b %-d").to_string()
}

/// A column chart of `values`, one per day from `start`, `rows` rows tall, with the
/// largest value on the axis and the first and last dates under it. Days are summed
/// into wider bars' place when there are more days than columns. `width` ≥ 10.
pub fn day_columns(
    out: &mut dyn Write,
    start: Day,
    values: &[u32],
    p: &Palette,
    width: usize,
    rows: usize,
) -> io::Result<()> {
    let g = glyphs(p);
    let label_w = values.iter().max().unwrap_or(&0).to_string().len();
    let axis = label_w + 2;
    let layout = column_layout(values.len(), width.saturating_sub(axis));
    let bars = bucket(values, layout.days_per_bar);
    let max = bars.iter().copied().max().unwrap_or(0);
    let heights: Vec<usize> = bars.iter().map(|&v| eighths(v, max, rows)).collect();
    for row in (0..rows).rev() {
        let prefix = if row + 1 == rows {
            format!("{max:>label_w$} {}", g.top)
        } else {
            format!("{:label_w$} {}", "", g.side)
        };
        let mut line = p.dim(&prefix);
        let mut blank = String::new();
        for (i, &h) in heights.iter().enumerate() {
            let fill = if p.enabled {
                fill_of_row(h, row)
            } else if row < whole_rows(h) {
                8
            } else {
                0
            };
            let cell: String = std::iter::repeat_n(g.eighths[fill], layout.bar_width).collect();
            if fill == 0 {
                blank.push_str(&cell);
            } else {
                // Spaces are held back so a line never ends in blanks.
                line.push_str(&std::mem::take(&mut blank));
                // Today's bar (the first) carries the backlog: drawn apart.
                line.push_str(&if i == 0 {
                    p.yellow(&cell)
                } else {
                    p.cyan(&cell)
                });
            }
            blank.extend(std::iter::repeat_n(' ', layout.gap));
        }
        writeln!(out, "{line}")?;
    }
    let chart_w = layout.width(bars.len()).saturating_sub(layout.gap);
    let rule: String = std::iter::repeat_n(g.rule, chart_w).collect();
    writeln!(
        out,
        "{}",
        p.dim(&format!("{:>label_w$} {}{rule}", 0, g.corner))
    )?;
    let first = short_date(start);
    let last_day = start + values.len().max(1) as Day - 1;
    let last = short_date(last_day);
    let labels = if last_day > start && first.len() + 1 + last.len() <= chart_w {
        format!("{first}{last:>0$}", chart_w - first.len())
    } else {
        first
    };
    writeln!(out, "{:axis$}{}", "", p.dim(&labels))
}

/// How many weeks of the heatmap fit in `width` columns.
#[must_use]
pub fn heatmap_weeks(total: usize, width: usize) -> usize {
    total.min(width.saturating_sub(DAY_LABEL) / CELL).max(1)
}

/// A contribution-graph calendar: `counts[i]` answers on day `start + i` (start a Monday),
/// weeks as columns up to the week of `today`, weekdays as rows; only the latest weeks
/// that fit in `width` are drawn. Days after today are left blank.
pub fn heatmap(
    out: &mut dyn Write,
    start: Day,
    counts: &[u32],
    today: Day,
    p: &Palette,
    width: usize,
) -> io::Result<()> {
    let g = glyphs(p);
    let total_weeks = counts.len().div_ceil(7).max(1);
    let weeks = heatmap_weeks(total_weeks, width);
    let first = start + 7 * (total_weeks - weeks) as Day;
    let count = |day: Day| -> Option<u32> {
        let i = usize::try_from(day - start).ok()?;
        (day <= today).then(|| counts.get(i).copied().unwrap_or(0))
    };
    let max = (0..weeks * 7)
        .filter_map(|i| count(first + i as Day))
        .max()
        .unwrap_or(0);

    let mut months = String::new();
    for (col, m) in month_labels(first, weeks) {
        let at = col * CELL;
        months.extend(std::iter::repeat_n(' ', at.saturating_sub(months.len())));
        months.push_str(month_name(m));
    }
    writeln!(out, "{:DAY_LABEL$}{}", "", p.dim(&months))?;

    for row in 0..7 {
        let mut line = format!("{:<DAY_LABEL$}", weekday_name(row));
        line = p.dim(&line);
        for col in 0..weeks {
            let Some(n) = count(cell_day(first, col, row)) else {
                continue;
            };
            let s = shade(n, max);
            let glyph = g.shades[usize::from(s)].to_string();
            if col > 0 {
                line.push(' ');
            }
            line.push_str(&if s == 0 {
                p.dim(&glyph)
            } else {
                p.green(&glyph)
            });
        }
        writeln!(out, "{line}")?;
    }
    let scale: String = g
        .shades
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let busiest = if max > 0 {
        format!(", busiest day {max}")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{:DAY_LABEL$}{}",
        "",
        p.dim(&format!("less {scale} more{busiest}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::day::date_to_day;
    use chrono::NaiveDate;

    fn day(s: &str) -> Day {
        date_to_day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn columns_scale_to_the_largest_day() {
        let start = day("2026-03-20");
        let out = text(|o| day_columns(o, start, &[4, 0, 2, 1], &Palette::PLAIN, 40, 4));
        assert_eq!(
            out,
            "4 +##\n  |##\n  |##    ##\n  |##    ## ##\n0 +-----------\n   Mar 20\n"
        );
    }

    #[test]
    fn unicode_columns_use_eighth_blocks() {
        let out = text(|o| day_columns(o, 0, &[8, 3], &Palette { enabled: true }, 40, 1));
        // One row: 8 fills it, 3 is three eighths. Colour wraps each bar.
        assert!(out.contains("██"), "{out}");
        assert!(out.contains("▃▃"), "{out}");
    }

    #[test]
    fn too_many_days_are_summed_into_bars() {
        let values = vec![1; 100];
        let out = text(|o| day_columns(o, 0, &values, &Palette::PLAIN, 30, 2));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.iter().all(|l| l.len() <= 30), "{out}");
        // 100 days in 27 columns: 4 days a bar, 25 bars.
        assert!(lines[0].starts_with("4 +####"), "{out}");
    }

    #[test]
    fn the_heatmap_puts_weeks_in_columns_and_blanks_the_future() {
        let today = day("2026-03-19"); // Thursday
        let start = day("2026-03-02"); // three weeks: Mar 2, Mar 9, Mar 16
        let mut counts = vec![0; 18];
        counts[0] = 4; // Mon Mar 2
        counts[8] = 1; // Tue Mar 10
        counts[17] = 2; // Thu Mar 19, today
        let out = text(|o| heatmap(o, start, &counts, today, &Palette::PLAIN, 80));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "    Mar");
        assert_eq!(lines[1], "Mon # . .");
        assert_eq!(lines[2], "Tue . : .");
        assert_eq!(lines[4], "Thu . . +");
        assert_eq!(lines[5], "Fri . .", "Friday Mar 20 is still to come");
        assert_eq!(lines[8], "    less . : + * # more, busiest day 4");
    }

    #[test]
    fn a_narrow_heatmap_keeps_the_latest_weeks() {
        assert_eq!(heatmap_weeks(26, 80), 26);
        assert_eq!(heatmap_weeks(26, 40), 18);
        let today = day("2026-03-19");
        let start = day("2026-03-02");
        let mut counts = vec![0; 18];
        counts[17] = 1;
        let out = text(|o| heatmap(o, start, &counts, today, &Palette::PLAIN, 8));
        assert!(out.lines().nth(4).unwrap().ends_with("Thu . #"), "{out}");
    }
}
