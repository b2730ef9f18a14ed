//! Progress bars: Unicode blocks, or plain ASCII when colour and decoration are off.

/// A bar `width` cells wide, filled to `part/whole`.
#[must_use]
pub fn bar(part: u32, whole: u32, width: usize, unicode: bool) -> String {
    let filled = if whole == 0 {
        0
    } else {
        ((u64::from(part.min(whole)) * width as u64 + u64::from(whole) / 2) / u64::from(whole))
            as usize
    };
    let (on, off) = if unicode { ('█', '░') } else { ('#', '-') };
    let mut s: String = std::iter::repeat_n(on, filled).collect();
    s.extend(std::iter::repeat_n(off, width - filled));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(3, 4, 8, false), "######--");
        assert_eq!(bar(0, 0, 4, true), "░░░░");
        assert_eq!(bar(9, 4, 4, true), "████");
    }
}
