//! Front matter of a compilation: cover, masthead and table of contents.
//! Finds where the body starts, parses the TOC into entries (kept as
//! metadata and used to find untitled articles), and reads the compilation's
//! own date and, for a magazine, its name and issue.
//!
//! Key decision: the TOC ends at the first line that cannot be a TOC line
//! (a long paragraph, an item label, or the repeat of an entry already seen),
//! so no page numbers or sizes of a particular file are assumed.

use crate::classify;
use regex::Regex;
use std::sync::LazyLock;
use tifa_text::chars::fold;
use tifa_text::date::{PartialDate, find_dates};
use tifa_text::normalize::normalize_line;
use tifa_text::width::display_width;

/// One entry of a table of contents.
#[derive(Clone, Debug, PartialEq)]
pub struct TocEntry {
    /// Printed text, lines joined by a space, numbering removed.
    pub text: String,
    /// A section heading (专稿, 一、…专题学习) rather than an item.
    pub section: bool,
}

/// What the front matter says.
#[derive(Clone, Debug, Default)]
pub struct Front {
    /// 0-based index of the first body line.
    pub body_start: usize,
    /// 0-based first and last non-blank front-matter line.
    pub span: Option<(usize, usize)>,
    pub toc: Vec<TocEntry>,
    /// Date printed on the cover or masthead (publication date).
    pub date: Option<PartialDate>,
    /// For a magazine: 《name》YYYY年第N期.
    pub source: Option<String>,
    /// Publication date explicitly printed for an issue (…出版): it dates
    /// every article that prints no date of its own.
    pub issue_date: Option<PartialDate>,
}

static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:ISSN|CN\s*\d|定\s*价|主\s*管|主\s*办|出\s*版[:：]|邮发代号|社\s*长|总\s*编|编辑部|电\s*话|社\s*址|邮\s*编|网\s*址|发行|印\s*刷|广告)").unwrap()
});
static ISSUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年\s*第\s*(\d{1,3})\s*期").unwrap());
static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"出版$").unwrap());
static ENTRY_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}\s*[、.．]\s*|\d{1,3}\s+|[（(]?\d{1,3}[）)]\s*)").unwrap()
});
static TRAILING_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\s.…·．]+\d{1,3}$").unwrap());

/// Find the front matter in `lines`.
pub fn detect(lines: &[crate::formats::Line]) -> Front {
    let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    detect_text(&texts)
}

impl Front {
    /// Take lines `first..=last` (0-based), a cover set without prose that
    /// the splitter found before the first item, into the front matter.
    pub fn absorb_cover(&mut self, lines: &[crate::formats::Line], first: usize, last: usize) {
        let texts: Vec<String> = lines[first..=last].iter().map(|l| l.text.clone()).collect();
        let start = self.span.map_or(first, |(a, _)| a.min(first));
        self.span = Some((start, last.max(self.span.map_or(last, |(_, b)| b))));
        read_dates(&texts, self);
    }
}

fn detect_text(lines: &[String]) -> Front {
    let limit = (lines.len() * 2 / 5).clamp(60, 400).min(lines.len());
    let heading = (0..limit).find(|&i| classify::is_toc_heading(&lines[i]));
    let mut front = Front::default();
    let end = match heading {
        Some(h) => {
            let (last, toc) = parse_toc(lines, h + 1);
            front.toc = toc;
            Some(last.max(h))
        }
        None => masthead_end(lines),
    };
    let Some(end) = end else { return front };
    let first = (0..=end)
        .find(|&i| !lines[i].trim().is_empty())
        .unwrap_or(0);
    front.span = Some((first, end));
    front.body_start = end + 1;
    read_dates(&lines[first..=end], &mut front);
    front
}

/// Without a TOC: a cover (one character per line) or a masthead at the top.
fn masthead_end(lines: &[String]) -> Option<usize> {
    let head = lines.len().min(80);
    let mut last = None;
    let mut masthead = 0;
    let mut cover = 0;
    for (i, l) in lines[..head].iter().enumerate() {
        let t = l.trim();
        if MASTHEAD.is_match(t) {
            masthead += 1;
            last = Some(i);
        } else if t.chars().count() == 1 {
            cover += 1;
            last = Some(i);
        } else if !t.is_empty() && last.is_some() && classify::is_date_only(t) {
            last = Some(i);
        } else if display_width(t) > 80 {
            break;
        }
    }
    (masthead >= 2 || cover >= 4).then_some(last?).map(|l| {
        // Swallow a date line printed right under the cover.
        let mut end = l;
        for (j, line) in lines.iter().enumerate().skip(l + 1).take(4) {
            let t = line.trim();
            if classify::is_date_only(t) {
                end = j;
            } else if !t.is_empty() {
                break;
            }
        }
        end
    })
}

/// Every line followed by one blank line (a double-spaced print): then a
/// single blank line does not separate anything.
fn double_spaced(lines: &[String]) -> bool {
    let (mut text, mut single) = (0usize, 0usize);
    for i in 0..lines.len().saturating_sub(2) {
        if lines[i].trim().is_empty() {
            continue;
        }
        text += 1;
        if lines[i + 1].trim().is_empty() && !lines[i + 2].trim().is_empty() {
            single += 1;
        }
    }
    text >= 20 && single * 10 >= text * 7
}

/// Parse TOC lines from `start`; returns the last TOC line and the entries.
fn parse_toc(lines: &[String], start: usize) -> (usize, Vec<TocEntry>) {
    let mut entries: Vec<TocEntry> = Vec::new();
    let mut last = start.saturating_sub(1);
    let mut seen: Vec<String> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let spacing = usize::from(double_spaced(lines));
    let mut any_numbered = false;
    // The widest line of the list (up to the first prose), the measure of a
    // full line.
    let widest = lines
        .iter()
        .skip(start)
        .take(80)
        .map(|l| l.trim())
        .take_while(|t| !t.contains('。'))
        .filter(|t| !t.contains('|'))
        .map(display_width)
        .filter(|&w| w <= 160)
        .max()
        .unwrap_or(0);
    for (i, raw) in lines.iter().enumerate().skip(start) {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let table_row = t.contains('|');
        if !table_row && (t.contains('。') || display_width(t) > 160) {
            break;
        }
        if classify::is_label(t) {
            // A bare label ends the TOC (the first item's), unless it is a
            // group head (【专题一】) seen for the first time.
            let label = fold(t);
            if !classify::is_section_heading(t) || labels.contains(&label) {
                break;
            }
            labels.push(label);
        }
        let cleaned: String = t.replace(['|', '｜'], " ");
        let cleaned = cleaned
            .trim()
            .trim_matches(|c: char| c == '-' || c == ' ')
            .trim();
        if cleaned.is_empty() || cleaned.chars().all(|c| matches!(c, '-' | ' ' | ':' | '.')) {
            last = i;
            continue;
        }
        // The header row of a TOC printed as a table.
        if cleaned.split_whitespace().all(|w| {
            matches!(
                w,
                "序号" | "篇目" | "标题" | "题目" | "页码" | "作者" | "来源" | "页" | "编号"
            )
        }) {
            last = i;
            continue;
        }
        // An entry may print the item's label before its title (学习材料一  …).
        let (labelled, cleaned) = match classify::label_prefix(cleaned) {
            Some(n) => {
                // Labels count up: a label seen before is the first item's.
                let label = fold(&cleaned[..n]);
                if labels.contains(&label) {
                    break;
                }
                labels.push(label);
                (true, cleaned[n..].trim())
            }
            None => (false, cleaned),
        };
        let numbered = labelled || ENTRY_START.is_match(cleaned) || TRAILING_PAGE.is_match(cleaned);
        let body = ENTRY_START.replace(cleaned, "");
        let body = TRAILING_PAGE.replace(&body, "");
        let body = normalize_line(body.trim_start_matches(['.', '…', '·', ' ']).trim());
        let body = body
            .trim_start_matches(['.', '…', '·', ' '])
            .trim()
            .to_string();
        let f = fold(&body);
        // The body repeats an entry, or the first line of one (a title
        // printed over two lines, after its label or outline number), set
        // apart from the list or followed by what follows a title (a date,
        // a name, text): the TOC is over. A list may name two items alike
        // (政府工作报告 of two years) on adjacent lines.
        let bare_entry = classify::paren_label_prefix(&body).map_or(f, |n| fold(&body[n..]));
        let bare = bare_entry.as_str();
        let n = bare.chars().count();
        let adjacent = last + 1 + spacing >= i;
        let next_listed = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .is_some_and(|l| {
                classify::is_title_like(l)
                    && !l.starts_with("——")
                    && classify::name_line(l).is_none()
            });
        if n >= 6
            && !(adjacent && next_listed)
            && seen
                .iter()
                .any(|s| s == bare || (n >= 8 && s.starts_with(bare)))
        {
            break;
        }
        let section = !numbered
            && (tifa_text::outline::heading_marker(&body).is_some()
                || classify::is_section_heading(&body)
                || (body.chars().count() <= 8 && !body.chars().any(|c| c.is_ascii_digit())));
        let follows = !numbered && !section && entries.last().is_some_and(|e| !e.section);
        // A title continues on the next line only; an unnumbered line after a
        // gap, in a TOC whose entries are numbered, is past its end (a
        // running header, the first item).
        if follows && !adjacent && !entries.is_empty() {
            break;
        }
        // In a list that numbers its entries an unnumbered line goes on with
        // the title above (titles break at phrases, tables inside cells). In
        // a list without numbers it goes on with a title that filled its
        // line; after a short one it is the next entry.
        let prev = lines[last].trim();
        let continues = follows && (any_numbered || display_width(prev) + 4 >= widest);
        any_numbered |= numbered || table_row;
        if continues {
            let e = entries.last_mut().expect("checked");
            e.text.push(' ');
            e.text.push_str(&body);
        } else if !body.is_empty() {
            entries.push(TocEntry {
                text: body.clone(),
                section,
            });
        }
        seen.push(bare_entry);
        last = i;
    }
    (last, entries)
}

fn read_dates(lines: &[String], front: &mut Front) {
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if let Some(c) = ISSUE.captures(t) {
            if front.source.is_none() {
                let name = lines[..i].iter().rev().map(|l| l.trim()).find(|l| {
                    !l.is_empty()
                        && l.chars().count() <= 20
                        && !l.chars().any(|c| c.is_ascii_digit())
                });
                front.source = name.map(|n| format!("《{}》{}年第{}期", fold(n), &c[1], &c[2]));
            }
            if front.date.is_none() {
                front.date = c[1].parse().ok().map(|y| PartialDate {
                    year: Some(y),
                    ..Default::default()
                });
            }
        }
        if let Some(d) = find_dates(t).into_iter().find(|d| d.date.year.is_some()) {
            let better = front.date.is_none_or(|old| old.month.is_none());
            if PUBLISHED.is_match(t) {
                front.issue_date = Some(d.date);
                front.date = Some(d.date);
            } else if better && (classify::is_date_only(t) || t.chars().count() <= 24) {
                front.date = Some(d.date);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_and_cover() {
        let text = "天津学院\n\n党\n委\n中\n心\n\n2023 年 3 月\n\n目录\n\n一、专题学习\n\n1、习近平在研讨班开班式上发表重要讲话\n\n2、开局之年第一课——习近平总书记深刻阐释\n\n学习材料一\n\n习近平在研讨班开班式上发表重要讲话\n";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let f = detect_text(&lines);
        assert_eq!(f.body_start, 16);
        assert_eq!(f.toc.len(), 3);
        assert!(f.toc[0].section && !f.toc[1].section);
        assert_eq!(f.toc[2].text, "开局之年第一课——习近平总书记深刻阐释");
        assert_eq!(f.date.unwrap().iso().unwrap(), "2023-03");
    }

    #[test]
    fn unnumbered_entries_one_per_line_and_wrapped_titles() {
        // Without numbers: a short line is an entry of its own, a line that
        // filled the width goes on on the next.
        let text = "目录\n\n政府工作报告\n某某给某某学校师生的回信\n在某某纪念大会暨某某表彰大会上发表的重要讲话全文\n暨某某工作会议精神传达提纲\n\n\n政府工作报告\n——2024年3月5日\n";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let f = detect_text(&lines);
        let toc: Vec<&str> = f.toc.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            toc,
            [
                "政府工作报告",
                "某某给某某学校师生的回信",
                "在某某纪念大会暨某某表彰大会上发表的重要讲话全文 暨某某工作会议精神传达提纲"
            ]
        );
        assert_eq!(f.body_start, 6);
    }

    #[test]
    fn magazine() {
        let text = "党委中心组学习\n\n2022年第2期 总第52期\n2022年4月15日出版\n\nISSN 2095 - 3534\n定 价：36元\n\n目 录\n\n| 5 | 坚持稳字当头 稳中求进\n推动经济社会高质量发展 | 黄守宏 |\n";
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let f = detect_text(&lines);
        assert_eq!(f.source.as_deref(), Some("《党委中心组学习》2022年第2期"));
        assert_eq!(f.issue_date.unwrap().iso().unwrap(), "2022-04-15");
        assert_eq!(
            f.toc[0].text,
            "坚持稳字当头 稳中求进 推动经济社会高质量发展 黄守宏"
        );
    }
}
