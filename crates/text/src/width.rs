//! Display width of text in a terminal, where Han characters and full-width
//! punctuation take two columns, and padding that keeps CJK tables aligned.
//!
//! Key decision: width comes from `unicode-width` (East Asian Width), the
//! same table terminals use; truncation never splits a character.

use unicode_width::UnicodeWidthChar;

/// Columns the string takes in a terminal.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cut `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to `cols` columns (left-aligned).
pub fn pad(s: &str, cols: usize) -> String {
    let w = display_width(s);
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_double_width() {
        assert_eq!(display_width("中国a"), 5);
        assert_eq!(pad("中国", 6), "中国  ");
        assert_eq!(display_width(&truncate("中华人民共和国", 7)), 7);
    }
}
