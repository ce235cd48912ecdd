//! CJK line breaking with 避头尾 (kinsoku) and justification, over any
//! advance function (so it is tested without a font).
//!
//! Key decision: break opportunities are computed on *units* — one CJK
//! character, one Latin word/number run (`2024`, `GDP`, `5%`, `3.5`), or one
//! space — and a break between two units is forbidden when the next unit
//! starts with a closing mark (`，。）》”…—` …) or the previous one ends with
//! an opening mark (`（《“` …). Lines are filled greedily; when the unit that
//! overflows may not start a line, the breaker pulls the last allowed unit(s)
//! down with it (追い出し) instead of letting the line run over the measure,
//! so no line is overfull unless one unbreakable unit is wider than the line.
//! The slack of every line but a paragraph's last is later spread over its
//! inter-character gaps by [`stretch_gaps`].

use std::ops::Range;

use tifa_text::chars::{is_cjk, is_space};

/// Marks that may not begin a line (行首禁则).
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '…'
            | '—'
            | '％'
            | '%'
            | '·'
            | '．'
            | '～'
            | '々'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Marks that may not end a line (行尾禁则).
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '〈'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '('
            | '['
            | '{'
    )
}

/// A character typeset on the CJK grid (breakable on either side).
pub fn is_grid(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0x3040..=0x30FF | 0xFF01..=0xFF5E | 0x2E80..=0x2FDF)
}

/// One line: a byte range of the paragraph (trailing spaces excluded) and its
/// natural width.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub range: Range<usize>,
    pub width: f32,
    /// The paragraph's last line (left-aligned, not justified).
    pub last: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Grid,
    Word,
    Space,
}

#[derive(Debug, Clone)]
struct Unit {
    range: Range<usize>,
    kind: Kind,
    first: char,
    last: char,
    width: f32,
}

fn units(text: &str, advance: &dyn Fn(char) -> f32) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for (i, c) in text.char_indices() {
        let kind = if is_space(c) {
            Kind::Space
        } else if is_grid(c) {
            Kind::Grid
        } else {
            Kind::Word
        };
        let w = advance(c);
        if kind == Kind::Word
            && let Some(u) = out.last_mut()
            && u.kind == Kind::Word
        {
            u.range.end = i + c.len_utf8();
            u.last = c;
            u.width += w;
            continue;
        }
        out.push(Unit {
            range: i..i + c.len_utf8(),
            kind,
            first: c,
            last: c,
            width: w,
        });
    }
    out
}

/// May a line break between units `a` and `b` (adjacent)?
fn allowed(a: &Unit, b: &Unit) -> bool {
    if b.kind == Kind::Space {
        return false; // break after the space instead
    }
    if a.kind == Kind::Space {
        return !no_line_start(b.first);
    }
    !(no_line_start(b.first) || no_line_end(a.last))
}

/// Break `text` into lines of at most `first_width` (first line) and `width`
/// (the others), measuring each character with `advance`.
pub fn break_lines(
    text: &str,
    first_width: f32,
    width: f32,
    advance: &dyn Fn(char) -> f32,
) -> Vec<Line> {
    let us = units(text, advance);
    let n = us.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n && us[start].kind == Kind::Space {
        start += 1;
    }
    while start < n {
        let avail = if lines.is_empty() { first_width } else { width };
        let mut used = 0.0f32;
        let mut last_break: Option<usize> = None;
        let mut end = n;
        let mut k = start;
        while k < n {
            let u = &us[k];
            if k > start && u.kind != Kind::Space && used + u.width > avail + 0.01 {
                end = last_break.unwrap_or(k);
                break;
            }
            used += u.width;
            if k + 1 < n && allowed(u, &us[k + 1]) {
                last_break = Some(k + 1);
            }
            k += 1;
        }
        // Trim trailing spaces from the line.
        let mut stop = end;
        while stop > start && us[stop - 1].kind == Kind::Space {
            stop -= 1;
        }
        let w: f32 = us[start..stop].iter().map(|u| u.width).sum();
        if stop > start {
            lines.push(Line {
                range: us[start].range.start..us[stop - 1].range.end,
                width: w,
                last: false,
            });
        }
        start = end;
        while start < n && us[start].kind == Kind::Space {
            start += 1;
        }
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}

/// Indices (in chars of `line`) of the gaps that take justification slack:
/// gap `i` lies after char `i`. Gaps beside a CJK character stretch; a line
/// without any (all Latin) stretches at its spaces instead.
pub fn stretch_gaps(line: &str) -> Vec<usize> {
    let cs: Vec<char> = line.chars().collect();
    let mut gaps = Vec::new();
    for i in 0..cs.len().saturating_sub(1) {
        let (a, b) = (cs[i], cs[i + 1]);
        if is_space(a) || is_space(b) {
            continue;
        }
        if is_grid(a) || is_grid(b) {
            gaps.push(i);
        }
    }
    if gaps.is_empty() {
        for (i, c) in cs.iter().enumerate().take(cs.len().saturating_sub(1)) {
            if is_space(*c) {
                gaps.push(i);
            }
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Full-width characters are 1.0 wide, everything else 0.5.
    fn adv(c: char) -> f32 {
        if is_grid(c) { 1.0 } else { 0.5 }
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        break_lines(text, width, width, &adv)
            .into_iter()
            .map(|l| text[l.range].to_string())
            .collect()
    }

    fn check_no_overfull(text: &str, width: f32) {
        for l in break_lines(text, width, width, &adv) {
            assert!(
                l.width <= width + 0.01,
                "overfull {:?} in {text}",
                &text[l.range]
            );
        }
    }

    #[test]
    fn breaks_between_cjk_characters() {
        assert_eq!(lines("甲乙丙丁戊己庚辛", 3.0), ["甲乙丙", "丁戊己", "庚辛"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Width 3: 「甲乙丙」 fills the line and 「，」 would start the next;
        // 丙 is pulled down with it.
        let got = lines("甲乙丙，丁戊己。庚辛", 3.0);
        assert_eq!(got, ["甲乙", "丙，丁", "戊己。", "庚辛"]);
        for l in &got {
            assert!(!no_line_start(l.chars().next().unwrap()), "{got:?}");
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let got = lines("甲乙《丙丁》戊", 3.0);
        for l in &got {
            assert!(!no_line_end(l.chars().last().unwrap()), "{got:?}");
        }
        assert_eq!(got.concat(), "甲乙《丙丁》戊");
    }

    #[test]
    fn double_marks_stay_together() {
        let got = lines("甲乙丙——丁戊……己", 4.0);
        for l in &got {
            assert!(!l.starts_with('—') && !l.starts_with('…'), "{got:?}");
        }
        assert_eq!(got.concat(), "甲乙丙——丁戊……己");
    }

    #[test]
    fn latin_words_and_numbers_are_kept_whole() {
        let text = "增长5%左右，GDP达到2024亿元，比上年增长3.5个百分点";
        for w in [3.0, 4.0, 5.5, 7.0] {
            let got = lines(text, w);
            assert_eq!(got.concat(), text);
            let joined = got.join("|");
            for word in ["5%", "GDP", "2024", "3.5"] {
                assert!(
                    got.iter().any(|l| l.contains(word)),
                    "{word} split at width {w}: {joined}"
                );
            }
            check_no_overfull(text, w);
        }
    }

    #[test]
    fn spaces_break_latin_text_and_are_trimmed() {
        assert_eq!(
            lines("the quick brown fox", 3.0),
            ["the", "quick", "brown", "fox"]
        );
        assert_eq!(
            lines("the quick brown fox", 5.0),
            ["the quick", "brown fox"]
        );
    }

    #[test]
    fn an_unbreakable_word_wider_than_the_line_stands_alone() {
        let got = lines("甲ABCDEFGHIJ乙", 2.0);
        assert_eq!(got, ["甲", "ABCDEFGHIJ", "乙"]);
    }

    #[test]
    fn never_overfull_on_mixed_text() {
        let text = "（一）坚持稳中求进工作总基调。“十四五”时期，要以推动高质量发展为主题，\
                    GDP年均增长保持在合理区间，2025年达到目标——全面建成《规划》所列的任务。";
        for w in [2.0, 3.0, 4.0, 5.0, 8.0, 13.0, 27.0] {
            check_no_overfull(text, w);
            let got = lines(text, w);
            assert_eq!(got.concat(), text);
            // Below 4 characters a run like （一） cannot fit: the breaker
            // must then break inside it rather than overfill the line.
            for l in got.iter().filter(|_| w >= 4.0) {
                let first = l.chars().next().unwrap();
                let last = l.chars().last().unwrap();
                assert!(!no_line_start(first), "{w}: {got:?}");
                assert!(!no_line_end(last), "{w}: {got:?}");
            }
        }
    }

    #[test]
    fn first_line_may_be_narrower() {
        let ls = break_lines("甲乙丙丁戊己", 2.0, 4.0, &adv);
        let got: Vec<&str> = ls
            .iter()
            .map(|l| &"甲乙丙丁戊己"[l.range.clone()])
            .collect();
        assert_eq!(got, ["甲乙", "丙丁戊己"]);
        assert!(ls[1].last && !ls[0].last);
    }

    #[test]
    fn stretch_gaps_are_between_cjk_characters() {
        assert_eq!(stretch_gaps("甲乙丙"), [0, 1]);
        // Inside "GDP" no gap stretches; beside it both do.
        assert_eq!(stretch_gaps("甲GDP乙"), [0, 3]);
        assert_eq!(stretch_gaps("ab cd ef"), [2, 5]);
    }
}
