//! Character classes for Chinese text: Han ideographs, CJK punctuation and
//! the "terminal" marks that can end a sentence or paragraph.
//!
//! Key decision: classes are explicit ranges rather than Unicode property
//! tables, which keeps this crate free of large dependencies and makes the
//! paragraph rules in `tifa-ingest` easy to read.

/// A Han ideograph (CJK Unified Ideographs and extension A, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// CJK or full-width punctuation, brackets and quotes.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '•' | '─')
}

/// Any punctuation, ASCII or CJK.
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || is_cjk_punct(c)
        || matches!(c, '■' | '◆' | '★' | '☆' | '●' | '▲' | '※')
}

/// Han ideograph or CJK punctuation: a character after which a space is a
/// typesetting artefact rather than a word separator.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Marks that end a sentence, so a paragraph ending with one is complete.
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '’' | '」' | '』' | '）' | ')' | '；' | '：'
    )
}

/// Marks that show a sentence goes on: a paragraph ending with one was cut.
pub fn is_continuation(c: char) -> bool {
    matches!(c, '，' | '、' | ',' | '“' | '‘' | '《' | '（' | '(' | '—')
}

/// Whitespace including the full-width space U+3000, em space U+2003 and NBSP.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{2003}' | '\u{00A0}' | '\u{FEFF}')
}

/// The text with all whitespace and punctuation removed: the form used to
/// compare titles and to match table-of-contents entries.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|&c| !is_space(c) && !is_punct(c))
        .collect()
}

/// Count of Han characters.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Map a Chinese numeral (一 … 九十九, 〇, 两) or ASCII digits to a number.
pub fn chinese_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
            .or(if c == '零' {
                Some(0)
            } else if c == '两' {
                Some(2)
            } else {
                None
            })
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        [h, '百'] => Some(digit(*h)? * 100),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(chinese_number("十四"), Some(14));
        assert_eq!(chinese_number("二十二"), Some(22));
        assert_eq!(chinese_number("三十"), Some(30));
        assert_eq!(chinese_number("12"), Some(12));
        assert_eq!(chinese_number("甲"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("开局之年“第一课” 习近平"), "开局之年第一课习近平");
    }
}
