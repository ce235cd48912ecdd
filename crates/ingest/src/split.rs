//! The compilation splitter: runs the layout stage, lets `boundary` choose
//! where articles start, and assembles each article from its opening (label,
//! pull-quotes, lead-in, title, subtitles, header lines) and its body (flagged
//! asides, excerpt citations, paragraphs joined across page breaks).
//!
//! Key decision: the splitter never decides a boundary itself; it only turns
//! the openings chosen by `boundary` into articles, so every start is a
//! scored, explainable decision. Section headings (专题一 …) and a cover set
//! without prose belong to no article.

use crate::boundary::{self, HeaderLine, Opening};
use crate::classify::{self, ends_terminal, is_section_heading, is_title_like};
use crate::formats::Line;
use crate::front::{Front, TocEntry};
use crate::layout::{self, Artifact, Block, Layout};
use crate::meta::{self, Parts};
use crate::model::{Article, Flag, Origin, Paragraph};
use std::collections::HashMap;
use tifa_text::chars::{fold, is_continuation};
use tifa_text::normalize::normalize_line;

/// Split the lines of a document into articles. `styled` lines come from a
/// word processor (one paragraph each, page numbers outside the body).
pub fn split(lines: &[Line], styled: bool) -> (Vec<Article>, Front) {
    let mut front = crate::front::detect(lines);
    let body = front.body_start.min(lines.len());
    let art = layout::artifacts(lines, styled, body);
    let layout = if styled {
        Layout::LinePerParagraph
    } else {
        layout::detect_layout(&lines[body..])
    };
    let blocks = layout::blocks(lines, body..lines.len(), &art, layout);
    if blocks.is_empty() {
        return (Vec::new(), front);
    }
    let mut openings = boundary::segment(&blocks, &front.toc, styled);
    // A cover without a table of contents: short unpunctuated lines before
    // the first item (unit, pack name, issue, date) are front matter.
    if openings.len() >= 2 && is_cover(&blocks[..openings[1].start]) {
        let end = openings[1].start;
        front.absorb_cover(lines, blocks[0].first, blocks[end - 1].last);
        openings.remove(0);
    }
    let ctx = Ctx {
        lines,
        art: &art,
        front: &front,
    };
    let mut articles = Vec::new();
    let mut section: Option<String> = None;
    for (k, o) in openings.iter().enumerate() {
        let mut end = openings.get(k + 1).map_or(blocks.len(), |n| n.start);
        // Section headings at the end of a span head the next article.
        let mut next_section = None;
        // … and separators (★★★) between items belong to no article.
        while end > o.body.max(o.title.end) {
            let t = &blocks[end - 1].text;
            if is_section_heading(t) {
                next_section = Some(t.clone());
            } else if !classify::is_separator(t) {
                break;
            }
            end -= 1;
        }
        if o.start > 0 && section.is_none() && is_section_heading(&blocks[o.start - 1].text) {
            section = Some(blocks[o.start - 1].text.clone());
        }
        let toc = o.toc.map(|t| &front.toc[t]);
        articles.push(assemble(&ctx, &blocks, o, end, toc, section.take()));
        section = next_section;
    }
    (articles, front)
}

/// One candidate article start, for `explain`.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// 1-based first line of the opening.
    pub line: usize,
    pub title: String,
    pub score: f64,
    pub evidence: Vec<(&'static str, f64)>,
    pub chosen: bool,
}

/// Why the splitter starts articles where it does: every candidate opening
/// scoring above `floor`, with its evidence and whether it was chosen.
pub fn explain(lines: &[Line], styled: bool, floor: f64) -> Vec<Candidate> {
    let front = crate::front::detect(lines);
    let body = front.body_start.min(lines.len());
    let art = layout::artifacts(lines, styled, body);
    let layout = if styled {
        Layout::LinePerParagraph
    } else {
        layout::detect_layout(&lines[body..])
    };
    let blocks = layout::blocks(lines, body..lines.len(), &art, layout);
    let chosen: Vec<usize> = boundary::segment(&blocks, &front.toc, styled)
        .iter()
        .map(|o| o.start)
        .collect();
    boundary::candidates(&blocks, &front.toc, styled, floor)
        .into_iter()
        .map(|o| Candidate {
            line: blocks[o.start].first + 1,
            title: blocks[o.title.clone()]
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" / "),
            score: o.score,
            chosen: chosen.contains(&o.start),
            evidence: o.evidence,
        })
        .collect()
}

/// Blocks with no prose at all: every one short and without sentence punctuation.
fn is_cover(blocks: &[Block]) -> bool {
    !blocks.is_empty()
        && blocks
            .iter()
            .all(|b| b.text.chars().count() <= 40 && !b.text.contains(['。', '，', '；']))
}

struct Ctx<'a> {
    lines: &'a [Line],
    art: &'a [Option<Artifact>],
    front: &'a Front,
}

fn assemble(
    ctx: &Ctx,
    blocks: &[Block],
    o: &Opening,
    end: usize,
    toc: Option<&TocEntry>,
    section: Option<String>,
) -> Article {
    let end = end.max(o.start + 1).min(blocks.len());
    let body_start = o.body.min(end);
    let start_line = blocks[o.start].first;
    let end_line = blocks[end - 1].last;
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for b in &blocks[o.pull_quotes.clone()] {
        paragraphs.push(para(b, Some(Flag::PullQuote)));
    }
    let text = |i: usize| blocks[i].text.clone();
    // A label printed at the start of the first line (the lead-in's, else
    // the title's) is the label, not part of that line.
    let mut label = o.label.map(text);
    let mut lead_in = o.lead_in.map(text);
    let mut title_blocks: Vec<Block> =
        blocks[o.title.start.min(end)..o.title.end.min(end)].to_vec();
    let first = o.lead_in.unwrap_or(o.title.start);
    let line = match lead_in.as_mut() {
        Some(t) => Some(t),
        None => title_blocks.first_mut().map(|b| &mut b.text),
    };
    if label.is_none()
        && let Some(t) = line
        && let Some(n) = o
            .label_inline
            .filter(|&(i, _)| i == first)
            .map(|(_, n)| n)
            .or_else(|| classify::padded_number(t))
        && let Some((l, rest)) = t.split_at_checked(n)
    {
        label = Some(l.trim().to_string());
        *t = rest.trim_start().to_string();
    }
    let title_refs: Vec<&Block> = title_blocks.iter().collect();
    let (title, extra) = meta::title_and_subtitle(&title_refs, toc);
    let mut parts = Parts {
        label,
        dateline: o.dateline.map(text),
        lead_in,
        title,
        subtitles: extra
            .into_iter()
            .chain(o.subtitles.iter().filter(|&&i| i < end).map(|&i| text(i)))
            .collect(),
        section,
        toc,
        ..Default::default()
    };
    for &(i, h) in o.header.iter().filter(|(i, _)| *i < end) {
        let t = text(i);
        match h {
            HeaderLine::Date => parts.date_lines.push(t),
            HeaderLine::Adopted => parts.adopted = Some(t),
            HeaderLine::Name => parts.names.push(t),
            HeaderLine::Source => parts.source_lines.push(t),
            HeaderLine::Byline => parts.byline = Some(t),
            HeaderLine::DocNumber => parts.doc_number = Some(t),
        }
    }
    let body_blocks = &blocks[body_start..end];
    let flags = flag_asides(body_blocks);
    paragraphs.extend(join_page_breaks(body_blocks, &flags));
    // Lines printed on page artifacts inside the span (running footers, credits).
    parts.artifacts = (start_line..=end_line)
        .filter(|&l| ctx.art[l].is_some_and(|a| a != Artifact::PageNumber))
        .map(|l| ctx.lines[l].text.trim().to_string())
        .collect();
    let mut article = Article {
        origin: Origin::Lines {
            start: start_line + 1,
            end: end_line + 1,
        },
        paragraphs,
        ..Article::default()
    };
    meta::fill(&mut article, &parts, ctx.front);
    article
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

/// For each of `needles`, the share of its 4-grams (of the folded text)
/// that occur in `hay`. One pass over the hay, keeping only the needles'
/// grams: the hay may be a whole article, the needles a few lines.
pub(crate) fn containments<'a>(
    needles: &[&str],
    hay: impl IntoIterator<Item = &'a str>,
) -> Vec<f64> {
    let grams: Vec<Vec<[char; 4]>> = needles.iter().map(|n| grams(n)).collect();
    let mut found: HashMap<[char; 4], bool> = grams.iter().flatten().map(|g| (*g, false)).collect();
    if !found.is_empty() {
        for h in hay {
            let c: Vec<char> = fold(h).chars().collect();
            for w in c.windows(4) {
                if let Some(f) = found.get_mut(&[w[0], w[1], w[2], w[3]]) {
                    *f = true;
                }
            }
        }
    }
    grams
        .iter()
        .map(|g| {
            if g.is_empty() {
                return 0.0;
            }
            g.iter().filter(|x| found[*x]).count() as f64 / g.len() as f64
        })
        .collect()
}

fn grams(s: &str) -> Vec<[char; 4]> {
    let c: Vec<char> = fold(s).chars().collect();
    c.windows(4).map(|w| [w[0], w[1], w[2], w[3]]).collect()
}

fn para(b: &Block, flag: Option<Flag>) -> Paragraph {
    Paragraph {
        text: b.text.clone(),
        first_line: b.first + 1,
        last_line: b.last + 1,
        flag,
        cite: None,
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
    // ■ bullets that repeat the body (most articles have none: no pass at all).
    let bullets: Vec<usize> = (0..blocks.len())
        .filter(|&i| flags[i].is_none() && blocks[i].text.starts_with('■'))
        .collect();
    if !bullets.is_empty() {
        let needles: Vec<&str> = bullets.iter().map(|&i| blocks[i].text.as_str()).collect();
        let hay = blocks
            .iter()
            .zip(&flags)
            .filter(|(b, f)| f.is_none() && !b.text.starts_with('■'))
            .map(|(b, _)| b.text.as_str());
        for (&i, c) in bullets.iter().zip(containments(&needles, hay)) {
            if c >= 0.5 {
                flags[i] = Some(Flag::SummaryBullet);
            }
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
    if ends_terminal(prev)
        || classify::is_breaker(next)
        || is_title_like(next)
        || crate::meta::is_citation(prev)
        || classify::is_end_marker(next)
    {
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

    fn lines(s: &str) -> Vec<Line> {
        s.lines().map(Line::plain).collect()
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
        let (arts, _) = split(&lines(&text), false);
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
        assert_eq!(
            b.origin,
            Origin::Lines { start: 11, end: 23 },
            "the page number after the text belongs to no article"
        );
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
    fn labels_on_the_title_line_and_a_toc_that_ends_where_labels_repeat() {
        let text = format!(
            "目录\n\n材料1　某某在全国会议上的讲话\n材料2　第二篇的标题\n\n\n\
             材料1　某某在全国某某工作会议上强调\n推进某项工作高质量发展\n\n{BODY}\n\n{BODY}\n\n◆◆◆\n\n\
             材料2　第二篇的标题\n——访某某研究院院士王某某\n本刊记者 张 三 李四\n\
             来源：《某某学习》2022年第2期，2022年4月\n15日出版\n\n{BODY}\n\n{BODY}\n\n◆◆◆\n\n\
             03　在某某座谈会上的讲话\n\n{BODY}\n\n{BODY}\n\n张某某\n\n（2020年11月24日）\n\n\
             （新华社北京11月24日电）\n\n《人民日报》（2020年11月25日02版）\n"
        );
        let (arts, _) = split(&lines(&text), false);
        assert_eq!(arts.len(), 3, "{arts:#?}");
        let a = &arts[0];
        assert_eq!(
            a.label.as_deref(),
            Some("材料1"),
            "the TOC ended at the repeated label"
        );
        assert_eq!(a.lead_in.as_deref(), Some("某某在全国某某工作会议上强调"));
        assert_eq!(a.title, "推进某项工作高质量发展");
        let b = &arts[1];
        assert_eq!(
            (b.label.as_deref(), b.title.as_str()),
            (Some("材料2"), "第二篇的标题")
        );
        assert_eq!(
            b.subtitle.as_deref(),
            Some("——访某某研究院院士王某某"),
            "the byline is not a subtitle"
        );
        assert_eq!(
            b.speaker.as_deref(),
            Some("王某某"),
            "the interviewee, not the reporter"
        );
        assert_eq!(
            b.date.as_deref(),
            Some("2022-04-15"),
            "the wrapped source line is rejoined"
        );
        let c = &arts[2];
        assert_eq!(
            (c.label.as_deref(), c.title.as_str()),
            (Some("03"), "在某某座谈会上的讲话")
        );
        assert_eq!(
            c.speaker.as_deref(),
            Some("张某某"),
            "the name printed after the text"
        );
        assert_eq!(
            c.date.as_deref(),
            Some("2020-11-24"),
            "the date printed after the text, not the paper's"
        );
        assert!(
            !c.text().contains("张某某"),
            "the closing name and date are metadata"
        );
    }

    #[test]
    fn parenthesised_and_bracketed_labels() {
        // （一） before the title, a TOC whose first entry the first title
        // repeats, and an outline heading （一） inside a text that stays.
        let text = format!(
            "目录\n\n某某在全国会议上的讲话……1\n关于某项工作的决定……5\n\n\n\
             （一）　某某在全国会议上的讲话\n（2020年1月8日）\n\n{BODY}\n\n（一）坚持稳中求进\n\n{BODY}\n\n-3-\n\n\n\
             （二）　关于某项工作的决定\n（2021年3月11日某某会议通过）\n\n{BODY}\n"
        );
        let (arts, _) = split(&lines(&text), false);
        assert_eq!(arts.len(), 2, "{arts:#?}");
        assert_eq!(
            (arts[0].label.as_deref(), arts[0].title.as_str()),
            (Some("（一）"), "某某在全国会议上的讲话"),
            "the TOC ends where the first title is printed again"
        );
        assert!(arts[0].text().contains("坚持稳中求进"));
        assert_eq!(arts[1].label.as_deref(), Some("（二）"));
        assert_eq!(arts[1].date.as_deref(), Some("2021-03-11"));
        // Labels alone on their line: （三） and 【专题四】.
        let text = format!(
            "（三）\n\n某某给某某学校师生的回信\n\n{BODY}\n\n\n\n\n\n\
             【专题四】\n某某在座谈会上的讲话\n（2022年5月1日）\n\n{BODY}\n"
        );
        let (arts, _) = split(&lines(&text), false);
        assert_eq!(arts.len(), 2, "{arts:#?}");
        assert_eq!(arts[0].label.as_deref(), Some("（三）"));
        assert_eq!(
            (arts[1].label.as_deref(), arts[1].title.as_str()),
            (Some("【专题四】"), "某某在座谈会上的讲话")
        );
    }

    #[test]
    fn single_document_without_anchors() {
        let text = format!(
            "关于某项工作的报告\n\n{BODY}\n\n一、总体要求\n\n{BODY}\n\n（一）基本原则\n\n{BODY}\n"
        );
        let (arts, _) = split(&lines(&text), false);
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, "关于某项工作的报告");
        let levels: Vec<u8> = arts[0].outline.iter().map(|o| o.level).collect();
        assert_eq!(levels, vec![1, 2]);
        assert_eq!(arts[0].outline[1].paragraph, 3);
    }
}
