//! Just enough of SQL's lexical rules to read a statement's shape: strings, quoted names
//! and comments skipped, parentheses counted. Used to tell whether a reference query
//! orders its rows and whether a typed statement is finished.

/// What a scan of a statement found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Shape {
    /// Words outside strings, names and comments, upper-cased, with their nesting depth.
    words: Vec<(String, usize)>,
    /// The last character outside comments and whitespace, at depth 0 and outside a
    /// string (`None` when the text ends inside a string or comment).
    last: Option<char>,
    /// Whether the text ends inside a string, quoted name or block comment.
    open: bool,
}

fn scan(sql: &str) -> Shape {
    let chars: Vec<char> = sql.chars().collect();
    let mut shape = Shape::default();
    let mut depth: usize = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let Some(end) = skip_quoted(&chars, i + 1, close) else {
                    shape.open = true;
                    return shape;
                };
                shape.last = Some(close);
                i = end;
                continue;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let end = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == '*' && chars[j + 1] == '/');
                let Some(j) = end else {
                    shape.open = true;
                    return shape;
                };
                i = j + 2;
                continue;
            }
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                shape.words.push((word.to_ascii_uppercase(), depth));
                shape.last = chars.get(i - 1).copied();
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            shape.last = Some(c);
        }
        i += 1;
    }
    shape
}

/// The index after the closing quote of a string that starts at `from`; a doubled quote
/// inside is an escaped quote.
fn skip_quoted(chars: &[char], from: usize, close: char) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == close {
            if close != ']' && chars.get(i + 1) == Some(&close) {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// Whether the statement has an `ORDER BY` of its own (not one inside a subquery, a CTE
/// or a window's `OVER (…)`): then its rows come in a defined order worth checking.
#[must_use]
pub fn orders_rows(sql: &str) -> bool {
    scan(sql)
        .words
        .windows(2)
        .any(|w| w[0] == ("ORDER".to_string(), 0) && w[1] == ("BY".to_string(), 0))
}

/// Whether typed text is a finished statement: it ends with `;` outside any string,
/// quoted name or comment.
#[must_use]
pub fn is_complete(sql: &str) -> bool {
    let s = scan(sql);
    !s.open && s.last == Some(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_top_level_order_by_orders_the_rows() {
        assert!(orders_rows("SELECT * FROM t ORDER BY a;"));
        assert!(orders_rows("select a from t\norder\n  by a desc"));
        assert!(orders_rows(
            "SELECT a FROM t UNION SELECT b FROM u ORDER BY 1"
        ));
        assert!(orders_rows(
            "WITH x AS (SELECT 1 AS a) SELECT a FROM x ORDER BY a"
        ));
        // A doubled quote is a quote inside the string: the string `a'` ends after it.
        assert!(orders_rows("SELECT 'a''' FROM t ORDER BY 1"));
        // A single `-` is subtraction, not the start of a comment.
        assert!(orders_rows("SELECT a - 1 FROM t ORDER BY a"));
    }

    #[test]
    fn order_by_inside_parentheses_strings_or_comments_does_not() {
        assert!(!orders_rows("SELECT a FROM t"));
        assert!(!orders_rows("SELECT a, rank() OVER (ORDER BY b) FROM t"));
        assert!(!orders_rows(
            "WITH x AS (SELECT a FROM t ORDER BY a LIMIT 3) SELECT * FROM x"
        ));
        assert!(!orders_rows("SELECT 'ORDER BY a' FROM t"));
        assert!(!orders_rows("SELECT \"order\" FROM t -- ORDER BY a"));
        assert!(!orders_rows("SELECT a /* ORDER BY a */ FROM t"));
        // A block comment ends at `*/`, not at the first `*` or `/` inside it.
        assert!(!orders_rows("SELECT a /* 1/2 ORDER BY a */ FROM t"));
        assert!(!orders_rows("SELECT a /* 2 * ORDER BY a */ FROM t"));
        assert!(!orders_rows("SELECT [order] by_x FROM t"));
        assert!(!orders_rows("SELECT a FROM t GROUP BY a"));
    }

    #[test]
    fn a_statement_is_complete_at_a_semicolon_outside_strings_and_comments() {
        assert!(is_complete("SELECT 1;"));
        assert!(is_complete("SELECT 1;  \n"));
        assert!(is_complete("SELECT 1; -- done"));
        assert!(is_complete("SELECT 'it''s';"));
        assert!(!is_complete("SELECT 1"));
        assert!(!is_complete("SELECT ';"));
        assert!(!is_complete("SELECT 1 /* ; */"));
        assert!(!is_complete("SELECT 1 /* ;"));
        assert!(!is_complete("SELECT 'a;' || 'b'"));
        assert!(!is_complete(""));
    }
}
