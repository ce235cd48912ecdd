//! From raw lines to blocks: marks page artifacts (page numbers, running
//! footers and credits), detects hard-wrapped layout, and joins lines into
//! blocks that remember their source line span.
//!
//! Key decision: this stage joins only what the *layout* proves belongs
//! together (consecutive lines, or full-width lines of a hard-wrapped text).
//! Joining across page breaks needs to know where articles start, so it is
//! done later, inside each article body (`split::join_page_breaks`).

use crate::classify::{self, ends_terminal, is_breaker};
use std::collections::HashMap;
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
}

/// How lines map to paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Hard-wrapped at a fixed width (in display columns).
    Wrapped(usize),
    /// Paragraphs separated by blank lines; consecutive lines are wrapped text.
    BlankSeparated,
    /// Every line is a paragraph (DOCX, HTML, most extractions).
    LinePerParagraph,
}

/// Page artifacts by line index.
pub fn artifacts(lines: &[String]) -> Vec<Option<Artifact>> {
    let t: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let mut out: Vec<Option<Artifact>> = t
        .iter()
        .map(|s| classify::is_page_number(s).then_some(Artifact::PageNumber))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &t {
        if !s.is_empty() && display_width(s) <= 30 {
            *counts.entry(s).or_default() += 1;
        }
    }
    // Running footers: short repeated lines within three text lines of a page number.
    let nonblank: Vec<usize> = (0..t.len()).filter(|&i| !t[i].is_empty()).collect();
    let mut footer_text: Vec<&str> = Vec::new();
    for (k, &i) in nonblank.iter().enumerate() {
        if out[i] != Some(Artifact::PageNumber) {
            continue;
        }
        for &j in nonblank[k.saturating_sub(3)..(k + 4).min(nonblank.len())].iter() {
            let s = t[j];
            if out[j].is_none()
                && counts.get(s).copied().unwrap_or(0) >= 2
                && !classify::is_breaker(s)
            {
                footer_text.push(s);
            }
        }
    }
    for (i, s) in t.iter().enumerate() {
        if out[i].is_none() && footer_text.contains(s) {
            out[i] = Some(Artifact::Footer);
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

/// Detect the layout of a run of lines.
pub fn detect_layout(lines: &[String]) -> Layout {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| display_width(l.trim()))
        .filter(|&w| w > 0)
        .collect();
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
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
            return Layout::Wrapped(mode);
        }
    }
    if blank * 5 >= lines.len() {
        Layout::BlankSeparated
    } else {
        Layout::LinePerParagraph
    }
}

/// Join the lines in `range` into blocks, skipping blank and artifact lines.
pub fn blocks(
    lines: &[String],
    range: std::ops::Range<usize>,
    art: &[Option<Artifact>],
    layout: Layout,
) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut prev_line: Option<usize> = None; // last text line joined into `out.last()`
    for i in range {
        let raw = lines[i].trim();
        if raw.is_empty() || art[i].is_some() {
            continue;
        }
        let text = normalize_line(raw);
        if text.is_empty() {
            continue;
        }
        let width = display_width(raw);
        let join = match (out.last(), prev_line) {
            (Some(b), Some(p)) => should_join(b, p, i, width, &text, layout),
            _ => false,
        };
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
            });
        }
        prev_line = Some(i);
    }
    out
}

fn should_join(b: &Block, prev: usize, i: usize, width: usize, text: &str, layout: Layout) -> bool {
    if is_breaker(text) || single_line_block(&b.text) {
        return false;
    }
    let consecutive = prev + 1 == i;
    match layout {
        Layout::Wrapped(w) => {
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
fn single_line_block(s: &str) -> bool {
    classify::is_label(s) || classify::is_meta(s) || classify::is_date_only(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn footers_and_page_numbers() {
        let l = lines(
            "正文一。\n中共无锡市委讲师团\n2023年2月\n\n02\n正文二。\n中共无锡市委讲师团\n2023年2月\n",
        );
        let a = artifacts(&l);
        assert_eq!(a[1], Some(Artifact::Footer));
        assert_eq!(a[4], Some(Artifact::PageNumber));
        assert_eq!(a[6], Some(Artifact::Footer));
        assert_eq!(a[0], None);
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
        assert_eq!(layout, Layout::Wrapped(56));
        let b = blocks(&l, 0..l.len(), &artifacts(&l), layout);
        assert_eq!(b.len(), 12);
        assert!(b[0].text.ends_with("短行结束。"));
    }
}
