//! Line normalisation: the one place where conversion residue from PDF/DOCX
//! extraction and typesetting spaces are repaired.
//!
//! Key decision: repairs are conservative and local. A space is removed only
//! where Chinese typesetting makes it meaningless (between a Han character and
//! a digit, Latin letter or CJK punctuation); a space between two Han
//! characters is kept as one, because headlines use it to separate phrases.

use crate::chars::{is_cjk, is_cjk_punct, is_han, is_space};
use regex::Regex;
use std::sync::LazyLock;

static BOLD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\*\*([^*]*)\*\*").unwrap());
static SUBSCRIPT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[_^]\{([^{}]{1,12})\}").unwrap());
static AND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han}[”」》）]?)[ \u{3000}]+and[ \u{3000}]+([“「《（]?\p{Han})").unwrap()
});
static HALF_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*([一二三四五六七八九十百〇零]{1,4}|\d{1,3})\s*\)").unwrap());

/// Normalise one line or paragraph: drop zero-width characters, turn
/// U+3000 / U+2003 / NBSP / tabs into spaces, full-width digits and Latin
/// letters into ASCII, trim, repair `**bold**`,
/// `PM_{2.5}`, " and " for 和, half-width `(十二)` and ASCII `,;:` between
/// Han characters, and remove typesetting spaces (`2024年 5月 27日` →
/// `2024年5月27日`).
pub fn normalize_line(s: &str) -> String {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => {}
            _ if is_space(c) && c != '\n' => t.push(' '),
            // Full-width digits and Latin letters read as their ASCII forms.
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                t.push(char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c))
            }
            _ => t.push(c),
        }
    }
    if t.contains("**") {
        t = BOLD.replace_all(&t, "$1").into_owned();
        t = t.replace("**", "");
    }
    if t.contains('{') {
        t = SUBSCRIPT.replace_all(&t, "$1").into_owned();
    }
    if t.contains(" and ") || t.contains("\u{3000}and") {
        // Applied twice so that overlapping matches (甲 and 乙 and 丙) are all repaired.
        t = AND.replace_all(&t, "${1}和${2}").into_owned();
        t = AND.replace_all(&t, "${1}和${2}").into_owned();
    }
    if t.contains('(') {
        t = HALF_PAREN.replace_all(&t, "（$1）").into_owned();
    }
    // Most lines of Chinese text have neither ASCII punctuation nor spaces:
    // those passes are skipped for them.
    if t.bytes()
        .any(|b| matches!(b, b',' | b';' | b':' | b'?' | b'!'))
    {
        t = full_width_between_han(&t);
    }
    let trimmed = t.trim();
    if trimmed.contains(' ') {
        collapse_spaces(trimmed)
    } else if trimmed.len() == t.len() {
        t
    } else {
        trimmed.to_string()
    }
}

/// ASCII `,` `;` `:` `?` `!` directly after a Han character and before a
/// non-digit become their full-width forms (`发展,推动` → `发展，推动`).
fn full_width_between_han(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev_han = match i {
            0 => false,
            _ if matches!(chars[i - 1], ')' | '"') => i > 1 && is_cjk(chars[i - 2]),
            _ => is_cjk(chars[i - 1]),
        };
        let next = chars.get(i + 1).copied();
        let next_ok = next.is_none_or(|n| !n.is_ascii_digit());
        let mapped = match c {
            ',' if prev_han && next_ok => '，',
            ';' if prev_han && next_ok => '；',
            ':' if prev_han && next_ok => '：',
            '?' if prev_han => '？',
            '!' if prev_han => '！',
            _ => c,
        };
        out.push(mapped);
    }
    out
}

/// Collapse runs of spaces to one, and drop a run entirely where it sits
/// next to CJK punctuation or between a Han character and a non-Han one.
fn collapse_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != ' ' {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let left = out.chars().last();
        let right = chars.get(j).copied();
        if let (Some(l), Some(r)) = (left, right) {
            let drop = is_cjk_punct(l)
                || is_cjk_punct(r)
                || (is_cjk(l) && !is_han(r))
                || (is_cjk(r) && !is_han(l));
            if !drop {
                out.push(' ');
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_spacing() {
        assert_eq!(
            normalize_line("（来源：新华网，2024年 5月 27日）"),
            "（来源：新华网，2024年5月27日）"
        );
        assert_eq!(normalize_line("到 2025 年，基本形成"), "到2025年，基本形成");
        assert_eq!(normalize_line("\u{3000}\u{3000}正文"), "正文");
    }

    #[test]
    fn residue() {
        assert_eq!(
            normalize_line("——**关键基础材料**。推进"),
            "——关键基础材料。推进"
        );
        assert_eq!(normalize_line("细颗粒物 (PM_{2.5})"), "细颗粒物(PM2.5)");
        assert_eq!(
            normalize_line("重点行业 and 重点产品"),
            "重点行业和重点产品"
        );
        assert_eq!(normalize_line("思想 and 党的十九大"), "思想和党的十九大");
        assert_eq!(normalize_line("(十二) 推动工业品"), "（十二）推动工业品");
        assert_eq!(normalize_line("《报告》),以习近平"), "《报告》)，以习近平");
        assert_eq!(normalize_line("PEOPLE'S DAILY"), "PEOPLE'S DAILY");
    }

    #[test]
    fn headline_spaces_kept() {
        assert_eq!(
            normalize_line("坚持稳字当头  稳中求进"),
            "坚持稳字当头 稳中求进"
        );
        assert_eq!(
            normalize_line("发表重要讲话： 正确理解"),
            "发表重要讲话：正确理解"
        );
    }
}
