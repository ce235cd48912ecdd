//! The compilation splitter: finds where articles start in a run of blocks
//! and assembles each article (title block, header metadata, flagged asides,
//! body paragraphs joined across page breaks).
//!
//! Key decision: an article start needs positive evidence — an item label
//! (学习材料三), a table-of-contents entry found as a title, or a title block
//! followed by a source line, dateline or byline. Short unpunctuated lines
//! alone (infographic captions, section heads) never start an article, which
//! is what keeps precision high on compilations full of such lines.

use crate::classify::{self, ends_terminal, is_byline, is_label, is_meta, is_title_like};
use crate::front::{Front, TocEntry};
use crate::layout::{self, Artifact, Block};
use crate::meta::{self, Header};
use crate::model::{Article, Flag, Origin, Paragraph};
use std::collections::HashSet;
use std::ops::Range;
use tifa_text::chars::{fold, is_continuation};
use tifa_text::normalize::normalize_line;

/// A detected article start.
#[derive(Clone, Debug)]
struct Anchor {
    start: usize,
    title: Range<usize>,
    toc: Option<usize>,
}

/// Split the lines of a document into articles.
pub fn split(lines: &[String]) -> (Vec<Article>, Front) {
    let front = crate::front::detect(lines);
    let art = layout::artifacts(lines);
    let body = front.body_start.min(lines.len());
    let layout = layout::detect_layout(&lines[body..]);
    let blocks = layout::blocks(lines, body..lines.len(), &art, layout);
    if blocks.is_empty() {
        return (Vec::new(), front);
    }
    let anchors = find_anchors(&blocks, &front.toc);
    let mut spans: Vec<(usize, usize, Range<usize>, Option<usize>)> = Vec::new();
    let first = anchors.first().map_or(blocks.len(), |a| a.start);
    if blocks[..first].iter().any(|b| b.text.chars().count() >= 30) {
        let t = title_after(&blocks, 0, first);
        spans.push((0, first, t, None));
    }
    for (k, a) in anchors.iter().enumerate() {
        let end = anchors.get(k + 1).map_or(blocks.len(), |n| n.start);
        spans.push((a.start, end, a.title.clone(), a.toc));
    }
    let ctx = Ctx {
        lines,
        art: &art,
        front: &front,
    };
    let mut articles = Vec::new();
    for (k, (s, e, title, toc)) in spans.iter().enumerate() {
        let next_line = spans.get(k + 1).map_or(lines.len(), |n| blocks[n.0].first);
        let toc = toc.map(|t| &front.toc[t]);
        articles.push(assemble(
            &ctx,
            &blocks,
            *s..*e,
            title.clone(),
            toc,
            next_line,
        ));
    }
    (articles, front)
}

struct Ctx<'a> {
    lines: &'a [String],
    art: &'a [Option<Artifact>],
    front: &'a Front,
}

fn find_anchors(blocks: &[Block], toc: &[TocEntry]) -> Vec<Anchor> {
    let mut anchors = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if is_label(&b.text) {
            let t = title_after(blocks, i + 1, blocks.len());
            if !t.is_empty() {
                anchors.push(Anchor {
                    start: i,
                    title: t,
                    toc: None,
                });
            }
        } else if (is_meta(&b.text) || classify::is_dateline(&b.text) || is_byline(&b.text))
            && followed_by_body(blocks, i + 1)
        {
            let t = title_before(blocks, i);
            if !t.is_empty() {
                let start = if t.start > 0 && is_label(&blocks[t.start - 1].text) {
                    t.start - 1
                } else {
                    t.start
                };
                anchors.push(Anchor {
                    start,
                    title: t,
                    toc: None,
                });
            }
        }
    }
    anchors.extend(toc_anchors(blocks, toc));
    anchors.sort_by_key(|a| (a.title.start, a.start));
    let mut merged: Vec<Anchor> = Vec::new();
    for a in anchors {
        match merged.last_mut() {
            Some(m) if a.title.start < m.title.end || a.start < m.title.end => {
                m.start = m.start.min(a.start);
                if a.toc.is_some() {
                    m.toc = a.toc;
                }
                m.title = m.title.start.min(a.title.start)..m.title.end.max(a.title.end);
            }
            _ => merged.push(a),
        }
    }
    attach_pull_quotes(blocks, &mut merged);
    merged
}

/// A title-block member: title-like and not a byline.
fn titleish(b: &Block) -> bool {
    is_title_like(&b.text) && !is_byline(&b.text)
}

/// Title blocks from `from` on: one title-like block, preceded by lead-ins
/// (ending in ：) and followed by —— subtitles.
fn title_after(blocks: &[Block], from: usize, end: usize) -> Range<usize> {
    let mut j = from;
    while j < end && j < from + 4 && titleish(&blocks[j]) {
        j += 1;
        if !blocks[j - 1].text.ends_with(['：', ':']) {
            break;
        }
    }
    while j > from
        && j < end
        && blocks[j].text.starts_with("——")
        && blocks[j].text.chars().count() <= 40
    {
        j += 1;
    }
    from..j
}

/// Title blocks right before `at` (a source line, dateline or byline).
fn title_before(blocks: &[Block], at: usize) -> Range<usize> {
    let mut j = at;
    while j > 0 && at - j < 4 {
        let b = &blocks[j - 1];
        let sub = b.text.starts_with("——") && b.text.chars().count() <= 40;
        if !(titleish(b) || sub) {
            break;
        }
        j -= 1;
    }
    // The block before the title must close something: a sentence, a label, a line of metadata.
    let closed = j == 0 || {
        let p = &blocks[j - 1].text;
        ends_terminal(p) || is_label(p) || is_meta(p) || classify::is_date_only(p)
    };
    if closed && j < at && !blocks[j].text.starts_with("——") {
        j..at
    } else {
        at..at
    }
}

fn followed_by_body(blocks: &[Block], from: usize) -> bool {
    blocks[from..]
        .iter()
        .take(3)
        .any(|b| b.text.chars().count() >= 30 && !is_title_like(&b.text))
}

fn toc_anchors(blocks: &[Block], toc: &[TocEntry]) -> Vec<Anchor> {
    let folded: Vec<Vec<char>> = blocks
        .iter()
        .map(|b| fold(&b.text).chars().collect())
        .collect();
    let ok: Vec<bool> = blocks.iter().map(titleish).collect();
    let mut out = Vec::new();
    let mut cursor = 0;
    for (e, entry) in toc.iter().enumerate() {
        if entry.section {
            continue;
        }
        let full: Vec<char> = fold(&entry.text).chars().collect();
        if full.len() < 4 {
            continue;
        }
        let parts: Vec<Vec<char>> = std::iter::once(full.clone())
            .chain(
                entry
                    .text
                    .split("——")
                    .map(|p| fold(p).chars().collect::<Vec<char>>())
                    .filter(|p| p.len() >= 4),
            )
            .collect();
        let found = (cursor..blocks.len()).find_map(|i| {
            let mut best: Option<(f64, usize)> = None;
            let mut window: Vec<char> = Vec::new();
            for k in 0..3 {
                if i + k >= blocks.len() || !ok[i + k] {
                    break;
                }
                window.extend(&folded[i + k]);
                let mut score = parts.iter().map(|p| dice(&window, p)).fold(0.0, f64::max);
                if full.starts_with(&window) && window.len() * 10 >= full.len() * 7 {
                    score = score.max(0.9);
                }
                if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
                    best = Some((score, k + 1));
                }
            }
            best.map(|(_, k)| (i, k))
        });
        if let Some((i, mut k)) = found {
            // 主题——副题 in the TOC: the subtitle is printed on the next title line.
            if entry.text.contains("——") && i + k < blocks.len() && ok[i + k] {
                k += 1;
            }
            out.push(Anchor {
                start: i,
                title: i..i + k,
                toc: Some(e),
            });
            cursor = i + k;
        }
    }
    out
}

/// Dice coefficient over the longest common subsequence.
pub(crate) fn dice(a: &[char], b: &[char]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0u16; b.len() + 1];
    let mut cur = vec![0u16; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    2.0 * prev[b.len()] as f64 / (a.len() + b.len()) as f64
}

fn grams(s: &str) -> Vec<[char; 4]> {
    let c: Vec<char> = fold(s).chars().collect();
    c.windows(4).map(|w| [w[0], w[1], w[2], w[3]]).collect()
}

/// Share of `needle`'s 4-grams found in `hay`.
pub(crate) fn containment(needle: &str, hay: &HashSet<[char; 4]>) -> f64 {
    let g = grams(needle);
    if g.is_empty() {
        return 0.0;
    }
    g.iter().filter(|x| hay.contains(*x)).count() as f64 / g.len() as f64
}

/// Blocks printed above a title and repeated in its article are pull-quotes:
/// the article starts at them.
fn attach_pull_quotes(blocks: &[Block], anchors: &mut [Anchor]) {
    for k in 0..anchors.len() {
        let floor = if k == 0 { 0 } else { anchors[k - 1].title.end };
        let body_end = anchors.get(k + 1).map_or(blocks.len(), |n| n.start);
        let a = &anchors[k];
        if a.start == 0 || a.start <= floor {
            continue;
        }
        let hay: HashSet<[char; 4]> = blocks[a.title.end..body_end]
            .iter()
            .flat_map(|b| grams(&b.text))
            .collect();
        let mut s = a.start;
        while s > floor && a.start - s < 6 {
            let b = &blocks[s - 1];
            if b.text.chars().count() < 15
                || is_title_like(&b.text)
                || containment(&b.text, &hay) < 0.6
            {
                break;
            }
            s -= 1;
        }
        anchors[k].start = s;
    }
}

fn assemble(
    ctx: &Ctx,
    blocks: &[Block],
    span: Range<usize>,
    title: Range<usize>,
    toc: Option<&TocEntry>,
    next_line: usize,
) -> Article {
    let start_line = blocks[span.start].first;
    let end_line = (start_line..next_line)
        .rev()
        .find(|&i| !ctx.lines[i].trim().is_empty())
        .unwrap_or(start_line);
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    // Blocks before the title: a label, or pull-quotes.
    for b in &blocks[span.start..title.start.max(span.start)] {
        if !is_label(&b.text) {
            paragraphs.push(para(b, Some(Flag::PullQuote)));
        }
    }
    let title_blocks: Vec<&Block> = blocks[title.clone()].iter().collect();
    // Header metadata right after the title.
    let mut header = Header::default();
    let mut i = title.end.max(span.start);
    while i < span.end {
        let t = &blocks[i].text;
        if is_meta(t) && header.source_line.is_none() {
            header.source_line = Some(t.clone());
        } else if is_byline(t) && header.byline.is_none() {
            header.byline = Some(t.clone());
        } else if t.starts_with("——")
            && t.chars().count() <= 40
            && header.byline.is_none()
            && header.source_line.is_none()
        {
            header.subtitles.push(t.clone());
        } else {
            break;
        }
        i += 1;
    }
    let body_blocks = &blocks[i..span.end];
    let flags = flag_asides(body_blocks);
    paragraphs.extend(join_page_breaks(body_blocks, &flags));
    // Dates printed on page artifacts inside the span (running footers, credits).
    let mut artifacts: Vec<String> = Vec::new();
    for l in start_line..=end_line {
        if ctx.art[l].is_some_and(|a| a != Artifact::PageNumber) {
            artifacts.push(ctx.lines[l].trim().to_string());
        }
    }
    let mut article = Article {
        title: String::new(),
        subtitle: None,
        source: None,
        date: None,
        date_printed: None,
        speaker: None,
        doc_number: None,
        kind: crate::model::Kind::Other,
        paragraphs,
        outline: Vec::new(),
        origin: Origin::Lines {
            start: start_line + 1,
            end: end_line + 1,
        },
    };
    meta::fill(
        &mut article,
        &title_blocks,
        toc,
        &header,
        &artifacts,
        ctx.front,
    );
    article
}

fn para(b: &Block, flag: Option<Flag>) -> Paragraph {
    Paragraph {
        text: b.text.clone(),
        first_line: b.first + 1,
        last_line: b.last + 1,
        flag,
    }
}

/// Flags for 链接 sidebars, 专栏 boxes and ■ summary bullets that repeat the body.
fn flag_asides(blocks: &[Block]) -> Vec<Option<Flag>> {
    let mut flags = vec![None; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        let t = &blocks[i].text;
        let (flag, mut j) = if t.starts_with("链接") {
            let lone = t
                .trim_start_matches("链接")
                .trim_start_matches(['：', ':'])
                .trim()
                .is_empty();
            (Flag::Sidebar, if lone { i + 2 } else { i + 1 })
        } else if t.starts_with("专栏")
            && t.chars().nth(2).is_some_and(|c| {
                c.is_ascii_digit() || c == ' ' || "一二三四五六七八九十".contains(c)
            })
        {
            (Flag::Box, i + 1)
        } else {
            i += 1;
            continue;
        };
        j = j.min(blocks.len());
        // Attribution lines (——…) and a title continuation after them belong to the aside.
        while j < blocks.len() && blocks[j].text.starts_with("——") {
            j += 1;
            if flag == Flag::Sidebar
                && j < blocks.len()
                && blocks[j].text.starts_with('《')
                && blocks[j].text.chars().count() <= 40
            {
                j += 1;
            }
        }
        for f in &mut flags[i..j] {
            *f = Some(flag);
        }
        i = j;
    }
    let hay: HashSet<[char; 4]> = blocks
        .iter()
        .zip(&flags)
        .filter(|(b, f)| f.is_none() && !b.text.starts_with('■'))
        .flat_map(|(b, _)| grams(&b.text))
        .collect();
    for (b, f) in blocks.iter().zip(flags.iter_mut()) {
        if f.is_none() && b.text.starts_with('■') && containment(&b.text, &hay) >= 0.5 {
            *f = Some(Flag::SummaryBullet);
        }
    }
    flags
}

/// Body paragraphs: a block that stops mid-sentence is continued by the next
/// unflagged block (a page break or an inserted sidebar cut it).
fn join_page_breaks(blocks: &[Block], flags: &[Option<Flag>]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open: Option<usize> = None; // index in `out` of the last body paragraph
    for (b, f) in blocks.iter().zip(flags) {
        if f.is_some() {
            out.push(para(b, *f));
            continue;
        }
        if let Some(k) = open
            && continues(&out[k].text, &b.text)
        {
            let p = &mut out[k];
            p.text = normalize_line(&format!("{}{}", p.text, b.text));
            p.last_line = b.last + 1;
            continue;
        }
        out.push(para(b, None));
        open = Some(out.len() - 1);
    }
    // Keep flagged asides after the paragraph they interrupted.
    out
}

fn continues(prev: &str, next: &str) -> bool {
    if ends_terminal(prev) || classify::is_breaker(next) || is_title_like(next) {
        return false;
    }
    let last = prev.chars().last().unwrap_or(' ');
    is_continuation(last)
        || prev.contains('。')
        || (prev.chars().count() >= 60 && prev.contains('，'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    const BODY: &str = "这是一段足够长的正文，用来说明文章的主要内容。它包含多个句子，也包含逗号。";

    #[test]
    fn labels_pull_quotes_sidebars_and_bullets() {
        let text = format!(
            "学习材料一\n\n第一篇的标题\n\n{BODY}\n\n■ 发展是第一要务，创新是第一动力\n\n正文说明发展是第一要务，创新是第一动力，这一点需要反复强调。\n\n\
             坚持以人民为中心的发展思想，不断增强人民群众获得感。\n\n第二篇的标题\n\n（来源：新华网，2024年 5月 27日）\n\n\
             {BODY}我们必须坚持以人民为中心的发展思想，不断增强人民群众获得感，这是\n\n链接 这是插入的资料，与正文无关。\n\n\
             ——摘自某文件\n\n根本目的。{BODY}\n\n12\n"
        );
        let (arts, _) = split(&lines(&text));
        assert_eq!(arts.len(), 2, "{arts:#?}");
        assert_eq!(arts[0].title, "第一篇的标题");
        assert_eq!(
            arts[0]
                .paragraphs
                .iter()
                .filter(|p| p.flag == Some(Flag::SummaryBullet))
                .count(),
            1
        );
        let b = &arts[1];
        assert_eq!(b.title, "第二篇的标题");
        assert_eq!(b.source.as_deref(), Some("新华网"));
        assert_eq!(b.date.as_deref(), Some("2024-05-27"));
        assert_eq!(b.paragraphs[0].flag, Some(Flag::PullQuote));
        assert_eq!(b.origin, Origin::Lines { start: 11, end: 25 });
        let body: Vec<&Paragraph> = b.body().collect();
        assert_eq!(
            body.len(),
            1,
            "sidebar cut the sentence, which is rejoined: {body:#?}"
        );
        assert!(body[0].text.contains("这是根本目的。"));
        assert_eq!(
            b.paragraphs
                .iter()
                .filter(|p| p.flag == Some(Flag::Sidebar))
                .count(),
            2
        );
        assert!(!b.text().contains("12"), "page number dropped");
        assert_eq!(b.kind, Kind::Other);
    }

    #[test]
    fn single_document_without_anchors() {
        let text = format!(
            "关于某项工作的报告\n\n{BODY}\n\n一、总体要求\n\n{BODY}\n\n（一）基本原则\n\n{BODY}\n"
        );
        let (arts, _) = split(&lines(&text));
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, "关于某项工作的报告");
        let levels: Vec<u8> = arts[0].outline.iter().map(|o| o.level).collect();
        assert_eq!(levels, vec![1, 2]);
        assert_eq!(arts[0].outline[1].paragraph, 3);
    }
}
