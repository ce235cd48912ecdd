//! From raw lines to blocks: marks page artifacts (page numbers, running
//! footers and credits), detects hard-wrapped layout, and joins lines into
//! blocks that remember their source line span.
//!
//! Key decision: this stage joins only what the *layout* proves belongs
//! together (consecutive lines, or full-width lines of a hard-wrapped text).
//! Joining across page breaks needs to know where articles start, so it is
//! done later, inside each article body (`split::join_page_breaks`).

use crate::classify::{self, ends_terminal, is_breaker};
use crate::formats::{Line, Style};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use tifa_text::normalize::normalize_line;
use tifa_text::width::display_width;

/// Why a line is not text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Artifact {
    PageNumber,
    /// Running header/footer or credit repeated next to page numbers.
    Footer,
    /// Image credit such as `@新华社` and logo text under it.
    Credit,
    /// A bare number on its own line away from any running header or
    /// footer: an item number (`05`) rather than a page's.
    ItemNumber,
}

/// Consecutive source lines joined into one piece of text.
#[derive(Clone, Debug)]
pub struct Block {
    pub text: String,
    /// 0-based first and last line index.
    pub first: usize,
    pub last: usize,
    /// Display width of the last source line.
    pub last_width: usize,
    /// Display width of the widest source line.
    pub max_width: usize,
    /// Blank lines right before the block (after any page artifact).
    pub blank_before: usize,
    /// A page ends between the previous block and this one: page artifacts
    /// (number, running header) lie between them, or the format says so.
    pub page_break: bool,
    /// How the block's first line was set.
    pub style: Style,
    /// An item number (`05`, not a page's) stands alone right above the block.
    pub numbered: bool,
}

/// How lines map to paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Hard-wrapped at a fixed width (in cells, two a character); `spaced`
    /// when a blank line follows every line, so a blank line is no break.
    Wrapped { width: usize, spaced: bool },
    /// Paragraphs separated by blank lines; consecutive lines are wrapped text.
    BlankSeparated,
    /// Every line is a paragraph (DOCX, HTML, most extractions).
    LinePerParagraph,
}

/// Page artifacts by line index. `styled` lines come from a word processor,
/// whose page numbers and running headers live outside the body: there only
/// the printed form `— 12 —` counts as a page number (a bare `01` is a label).
/// Running heads are counted from `body` on: a title listed in the table of
/// contents is printed twice, but once is not on a body page.
pub fn artifacts(lines: &[Line], styled: bool, body: usize) -> Vec<Option<Artifact>> {
    let t: Vec<&str> = lines.iter().map(|l| l.text.trim()).collect();
    let mut out: Vec<Option<Artifact>> = t
        .iter()
        .map(|s| {
            let page = if styled {
                classify::is_dashed_page_number(s)
            } else {
                classify::is_page_number(s)
            };
            page.then_some(Artifact::PageNumber)
        })
        .collect();
    // A running head that carries the page number (`中共某某区委宣传部  12`,
    // `12 | 学习材料`): the same words on at least three pages with the
    // number changing, or on two when every one stands at a page break (a
    // form feed or a page number just before it).
    let numbered: Vec<Option<(&str, &str)>> = t.iter().map(|s| numbered_head(s)).collect();
    let mut heads: HashMap<&str, (HashSet<&str>, bool)> = HashMap::new();
    let mut prev_page = false;
    for (i, s) in t.iter().enumerate() {
        let at_break = prev_page || lines[i].style.page_break;
        if out[i].is_none()
            && let Some((head, number)) = numbered[i]
        {
            let e = heads.entry(head).or_insert_with(|| (HashSet::new(), true));
            e.0.insert(number);
            e.1 &= at_break;
        }
        if !s.is_empty() {
            prev_page = out[i].is_some();
        }
    }
    for (i, n) in numbered.iter().enumerate() {
        if let Some((head, _)) = n
            && heads
                .get(head)
                .is_some_and(|(n, at_break)| n.len() >= 3 || (n.len() == 2 && *at_break))
        {
            out[i] = Some(Artifact::PageNumber);
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in t.iter().skip(body) {
        if !s.is_empty() && display_width(s) <= 60 {
            *counts.entry(s).or_default() += 1;
        }
    }
    // Running headers and footers: short lines repeated next to page numbers
    // (within three text lines) in most of their occurrences, twice at least.
    let nonblank: Vec<usize> = (0..t.len()).filter(|&i| !t[i].is_empty()).collect();
    let mut near: HashMap<&str, usize> = HashMap::new();
    for (k, &i) in nonblank.iter().enumerate() {
        let s = t[i];
        // A speaker's name line repeats near page breaks in a pack of
        // speeches that each start a page; it is never a running header.
        // Nor is a title that items share (政府工作报告 of two years): what
        // follows it is a subtitle, a date or a name, not running text.
        let next = nonblank.get(k + 1).map_or("", |&j| t[j]);
        if i < body
            || out[i].is_some()
            || counts.get(s).copied().unwrap_or(0) < 2
            || classify::is_breaker(s)
            || classify::name_line(s).is_some()
            || next.starts_with("——")
            || classify::is_date_line(next)
            || classify::is_adopted_line(next)
            || classify::name_line(next).is_some()
        {
            continue;
        }
        let by_page = nonblank[k.saturating_sub(3)..(k + 4).min(nonblank.len())]
            .iter()
            .any(|&j| out[j] == Some(Artifact::PageNumber) || lines[j].style.page_break);
        if by_page {
            *near.entry(s).or_default() += 1;
        }
    }
    for (i, s) in t.iter().enumerate() {
        let n = near.get(s).copied().unwrap_or(0);
        let all = counts.get(s).copied().unwrap_or(0);
        if out[i].is_none() && n >= 2 && n * 10 >= all * 6 {
            out[i] = Some(Artifact::Footer);
        }
    }
    // A bare number with no running header or footer near it numbers an
    // item; so does every bare number where pages are numbered otherwise
    // (`第 3 页`, `— 3 —`).
    let pages: Vec<usize> = nonblank
        .iter()
        .copied()
        .filter(|&i| out[i] == Some(Artifact::PageNumber))
        .collect();
    let bare = pages
        .iter()
        .filter(|&&i| classify::is_bare_number(t[i]))
        .count();
    let pages_otherwise = bare * 2 < pages.len();
    for (k, &i) in nonblank.iter().enumerate() {
        if out[i] == Some(Artifact::PageNumber) && classify::is_bare_number(t[i]) && pages_otherwise
        {
            out[i] = Some(Artifact::ItemNumber);
            continue;
        }
        if out[i] == Some(Artifact::PageNumber) && classify::is_bare_number(t[i]) {
            let around = nonblank[k.saturating_sub(3)..(k + 4).min(nonblank.len())]
                .iter()
                .any(|&j| j != i && out[j].is_some());
            if !around {
                out[i] = Some(Artifact::ItemNumber);
            }
        }
    }
    // Image credits and the Latin logo lines right under them.
    for (k, &i) in nonblank.iter().enumerate() {
        if classify::is_credit(t[i]) && t[i].chars().count() <= 20 {
            out[i] = Some(Artifact::Credit);
            for &j in nonblank[k + 1..(k + 3).min(nonblank.len())].iter() {
                let s = t[j];
                if s.chars()
                    .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '\'' || c == '.')
                    && s.len() >= 3
                {
                    out[j] = Some(Artifact::Credit);
                }
            }
        }
    }
    out
}

/// A line's width for wrap detection: two cells a visible character,
/// whatever the character; spaces (typesetting spaces around digits) take
/// none. Packs are wrapped by character count (a line of 26 characters is
/// full whether or not it holds half-width digits), and a typeset line with
/// digits holds more characters, never fewer.
fn cells(s: &str) -> usize {
    s.chars()
        .filter(|c| !tifa_text::chars::is_space(*c))
        .count()
        * 2
}

/// Detect the layout of a run of lines.
pub fn detect_layout(lines: &[Line]) -> Layout {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| cells(l.text.trim()))
        .filter(|&w| w > 0)
        .collect();
    let blank = lines.iter().filter(|l| l.text.trim().is_empty()).count();
    let mut hist: HashMap<usize, usize> = HashMap::new();
    for &w in widths.iter().filter(|&&w| w >= 20) {
        *hist.entry(w).or_default() += 1;
    }
    if let Some((&mode, _)) = hist.iter().max_by_key(|(w, c)| (**c, **w)) {
        let near = widths
            .iter()
            .filter(|&&w| w + 6 >= mode && w <= mode + 2)
            .count();
        let text_lines = widths.iter().filter(|&&w| w >= 10).count().max(1);
        if mode <= 120 && near * 2 >= text_lines && near >= 10 {
            let nonblank = lines.len() - blank;
            return Layout::Wrapped {
                width: mode,
                spaced: blank * 10 >= nonblank * 7,
            };
        }
    }
    if blank * 5 >= lines.len() {
        Layout::BlankSeparated
    } else {
        Layout::LinePerParagraph
    }
}

/// A short line of words with a page number before or after it, apart by
/// spaces or a bar: the words and the number.
fn numbered_head(s: &str) -> Option<(&str, &str)> {
    if display_width(s) > 70 {
        return None;
    }
    let sep = |c: char| c.is_whitespace() || c == '|' || c == '｜';
    let number = |x: &str| (1..=3).contains(&x.len()) && x.chars().all(|c| c.is_ascii_digit());
    let (head, n) = match s.rsplit_once(sep) {
        Some((h, n)) if number(n) => (h.trim_end_matches(sep), n),
        _ => {
            let (n, h) = s.split_once(sep)?;
            if !number(n) {
                return None;
            }
            (h.trim_start_matches(sep), n)
        }
    };
    let han = head
        .chars()
        .filter(|&c| tifa_text::chars::is_han(c))
        .count();
    (han >= 4 && !head.ends_with(['。', '，', '；', '：'])).then_some((head, n))
}

/// Join the lines in `range` into blocks, skipping blank and artifact lines.
pub fn blocks(
    lines: &[Line],
    range: std::ops::Range<usize>,
    art: &[Option<Artifact>],
    layout: Layout,
) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut prev_line: Option<usize> = None; // last text line joined into `out.last()`
    let mut blank = 0usize;
    let mut page = false;
    let mut numbered = false;
    // Indented lines start paragraphs when some lines are indented and others not.
    let indented =
        |l: &str| l.starts_with('\u{3000}') || l.starts_with("  ") || l.starts_with('\t');
    let text_lines = range
        .clone()
        .filter(|&i| !lines[i].text.trim().is_empty())
        .count()
        .max(1);
    let indents = range.clone().filter(|&i| indented(&lines[i].text)).count();
    let indent_breaks = indents * 100 >= text_lines * 3 && indents * 10 <= text_lines * 9;
    for i in range {
        let raw = lines[i].text.trim();
        page |= lines[i].style.page_break;
        if let Some(a) = art[i] {
            // A running head between an item number and its title does
            // not undo the number.
            numbered |= a == Artifact::ItemNumber;
            page = a != Artifact::ItemNumber || page;
            blank = 0;
            continue;
        }
        if raw.is_empty() {
            blank += 1;
            continue;
        }
        let text = normalize_line(raw);
        if text.is_empty() {
            blank += 1;
            continue;
        }
        let style = lines[i].style;
        let width = cells(raw);
        let join = match (out.last(), prev_line) {
            _ if indent_breaks && indented(&lines[i].text) => false,
            (Some(b), Some(p)) => should_join(b, p, i, width, &text, layout),
            _ => false,
        };
        let (blank_before, page_break, after_number) = (blank, page, numbered);
        blank = 0;
        page = false;
        numbered = false;
        if join {
            let b = out.last_mut().expect("checked");
            let sep = if b.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                && text.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                " "
            } else {
                ""
            };
            b.text.push_str(sep);
            b.text.push_str(&text);
            b.text = normalize_line(&b.text);
            b.last = i;
            b.last_width = width;
            b.max_width = b.max_width.max(width);
        } else {
            out.push(Block {
                text,
                first: i,
                last: i,
                last_width: width,
                max_width: width,
                blank_before,
                page_break,
                style,
                numbered: after_number,
            });
        }
        prev_line = Some(i);
    }
    out
}

fn should_join(b: &Block, prev: usize, i: usize, width: usize, text: &str, layout: Layout) -> bool {
    // A source line wrapped inside its date (`…2022年4月` / `15日出版`).
    if classify::is_meta(&b.text) && i <= prev + 2 && date_continues(&b.text, text) {
        return true;
    }
    // A dated note wrapped inside its parenthesis (`（2022年3月11日第…会议` /
    // `通过）`, an excerpt's `（2022年10月16日在…全` / `国代表大会上的报告）`).
    if i <= prev + 2
        && open_dated(&b.text)
        && text.contains(['）', ')'])
        && text.chars().count() <= 40
    {
        return true;
    }
    // Any short line's closing part (`《人民日报》（2020年10月18日01` / `版）`).
    if i <= prev + 2
        && unclosed(&b.text)
        && b.text.chars().count() <= 40
        && text.chars().count() <= 6
        && text.ends_with(['）', ')'])
        && !text.contains(['（', '('])
    {
        return true;
    }
    if single_line_block(&b.text) {
        return false;
    }
    // A dated parenthesis under a title (`（2022年3月11日…通过）`) or after
    // an excerpt's last sentence (its citation) is its own line, even when
    // the line above is full.
    let dated = open_dated(text) || classify::is_date_line(text) || classify::is_adopted_line(text);
    if dated && (classify::is_title_like(&b.text) || ends_terminal(&b.text)) {
        return false;
    }
    // An open source line takes its closing part (`6日）`) from the next line.
    if classify::is_meta(&b.text) {
        return prev + 1 == i;
    }
    // A closing note (※这是…) may wrap; every other line that stands alone is complete.
    let open_note = b.text.starts_with('※') && !ends_terminal(&b.text);
    if is_breaker(text)
        || classify::stands_alone(text)
        || (classify::stands_alone(&b.text) && !open_note)
    {
        return false;
    }
    let consecutive = prev + 1 == i;
    match layout {
        Layout::Wrapped { spaced: false, .. } if !consecutive => false,
        Layout::Wrapped { width: w, .. } => {
            if b.last_width + 5 < w || b.last_width > w + 4 || width > w + 4 {
                return consecutive && b.last_width > w + 4 && !ends_terminal(&b.text);
            }
            // A full line that ends a sentence, followed by an indented line, ends the paragraph.
            !(ends_terminal(&b.text) && width + 3 <= w)
        }
        Layout::BlankSeparated => consecutive && !ends_terminal(&b.text),
        Layout::LinePerParagraph => false,
    }
}

/// Blocks that are complete on one line: labels, source lines, dates, credits.
/// A source line whose parenthesis is still open goes on on the next line.
/// `head` ends inside a date (`2022年`, `2022年4月`) and `next` completes it
/// (`4月15日`, `15日出版`).
fn date_continues(head: &str, next: &str) -> bool {
    static TAIL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?\s*$").unwrap());
    static HEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}\s*[月日]").unwrap());
    TAIL.is_match(head) && HEAD.is_match(next) && next.chars().count() <= 20
}

/// A line that opens a parenthesis with a date and leaves it open.
fn open_dated(s: &str) -> bool {
    static DATED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[（(]\s*\d{4}\s*年").unwrap());
    DATED.is_match(s) && unclosed(s)
}

/// More parentheses opened than closed.
fn unclosed(s: &str) -> bool {
    s.matches(['（', '(']).count() > s.matches(['）', ')']).count()
}

fn single_line_block(s: &str) -> bool {
    classify::is_label(s) || (classify::is_meta(s) && !unclosed(s)) || classify::is_date_only(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<Line> {
        s.lines().map(Line::plain).collect()
    }

    #[test]
    fn footers_and_page_numbers() {
        let l = lines(
            "正文一。\n中共无锡市委讲师团\n2023年2月\n\n02\n正文二。\n中共无锡市委讲师团\n2023年2月\n",
        );
        let a = artifacts(&l, false, 0);
        assert_eq!(a[1], Some(Artifact::Footer));
        assert_eq!(a[4], Some(Artifact::PageNumber));
        assert_eq!(a[6], Some(Artifact::Footer));
        assert_eq!(a[0], None);
    }

    #[test]
    fn dated_parentheses_item_numbers_and_titles_that_repeat() {
        // A full-width title with its dated note wrapped under it; an
        // excerpt's citation wrapped inside its parenthesis; the title of
        // two items (not a running head though printed twice by page
        // numbers).
        let text = "\u{c}5  某某学习资料汇编\n\n01\n\n政府工作报告\n\n——2022年3月5日在某某会议上\n\n\
                    某某的决议很长很长很长很长很长很长很长很长\n\n（2022年3月11日第十三届全国\n\n代表大会通过）\n\n\
                    正文很长很长很长很长很长很长很长很长很长。\n\n（2022 年 10 月 16 日在中国共产党第二十次全\n\n国代表大会上的报告）\n\n\
                    \u{c}6  某某学习资料汇编\n\n02\n\n政府工作报告\n\n——2023年3月5日在某某会议上\n\n\u{c}7  某某学习资料汇编\n";
        let l: Vec<Line> = text.lines().map(Line::extracted).collect();
        let a = artifacts(&l, false, 0);
        let b = blocks(
            &l,
            0..l.len(),
            &a,
            Layout::Wrapped {
                width: 44,
                spaced: true,
            },
        );
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts.iter().filter(|t| **t == "政府工作报告").count(),
            2,
            "{texts:#?}"
        );
        assert!(
            texts.contains(&"（2022年3月11日第十三届全国代表大会通过）"),
            "{texts:#?}"
        );
        assert!(
            texts.contains(&"某某的决议很长很长很长很长很长很长很长很长"),
            "{texts:#?}"
        );
        assert!(
            texts.contains(&"（2022年10月16日在中国共产党第二十次全国代表大会上的报告）"),
            "{texts:#?}"
        );
        let l = lines("正文的最后一句话。\n《人民日报》（2020年10月18日01\n版）\n");
        let b = blocks(
            &l,
            0..l.len(),
            &artifacts(&l, false, 0),
            Layout::LinePerParagraph,
        );
        assert_eq!(b.last().unwrap().text, "《人民日报》（2020年10月18日01版）");
    }

    #[test]
    fn form_feeds_and_running_heads_with_page_numbers() {
        let mut text = String::new();
        for p in 1..=8 {
            let head = if p % 2 == 0 {
                format!("某某学习资料汇编　{p}")
            } else {
                format!("{p}　理论学习中心组")
            };
            text.push_str(&format!(
                "\u{c}{head}\n\n正文第{p}页的内容，没有结束\n\n{p}/8\n"
            ));
        }
        let l: Vec<Line> = text.lines().map(Line::extracted).collect();
        let a = artifacts(&l, false, 0);
        for (i, line) in l.iter().enumerate() {
            let t = line.text.trim();
            let page_line = t.contains("资料汇编") || t.contains("中心组") || t.ends_with("/8");
            assert_eq!(a[i].is_some(), page_line, "line {i}: {t}");
        }
        let b = blocks(&l, 0..l.len(), &a, Layout::BlankSeparated);
        assert!(b.iter().skip(1).all(|b| b.page_break), "{b:#?}");
    }

    #[test]
    fn wrapped_paragraphs() {
        let mut text = String::new();
        for _ in 0..12 {
            text.push_str("一二三四五六七八九十一二三四五六七八九十一二三四五六\n\n");
            text.push_str("一二三四五六七八九十一二三四五六七八九十一二三四五六七八\n\n");
            text.push_str("短行结束。\n\n");
        }
        let l = lines(&text);
        let layout = detect_layout(&l);
        assert_eq!(
            layout,
            Layout::Wrapped {
                width: 56,
                spaced: true
            }
        );
        let b = blocks(&l, 0..l.len(), &artifacts(&l, false, 0), layout);
        assert_eq!(b.len(), 12);
        assert!(b[0].text.ends_with("短行结束。"));
    }
}
