//! Article segmentation as a scored decision. Every block is a candidate
//! article start; at each one an *opening* is read (label, pull-quotes,
//! lead-in, title lines, subtitles, header lines), its features add evidence
//! for or against a new article, and a global decode (dynamic programming
//! with a length prior) picks the set of starts with the best total.
//!
//! Key decision: no single trigger starts an article. A title-like line is
//! the *shape* of a start, and shapes are everywhere (section heads, interview
//! subheads, captions); only the evidence around it, printed by the genre's
//! conventions (see `../shared/GENRES.md`), decides. The weights are log-odds
//! style scores set by hand from those conventions, one per feature:
//!
//! | feature | weight | evidence |
//! |---|---|---|
//! | base | −4 | a title-shaped block alone is not an article start |
//! | `label` | +5 | an item label above the title or opening its first line (学习材料三, 材料３　标题, `01` in a DOCX) |
//! | `outline_label` | +2.5 | a parenthesised number opening the title line (（三）　标题), the form outline headings share |
//! | `item_number` | +3 | a bare number alone above the title, with no running header or footer near it |
//! | `toc` | +4 | the title matches an entry of the pack's table of contents (LCS-Dice ≥ 0.8) |
//! | `heading_style` | +5 | a DOCX Heading style at the level titles use (section headings aside) |
//! | `subheading_style` | +1 | a deeper Heading style |
//! | `bold_centred` | +2.5 | a DOCX title set bold and centred |
//! | `larger` | +1.5 | a DOCX title set ≥ 2 pt larger than the body text |
//! | `gap` | +4.5 / +2 | a run of blank lines ≥ 2 (≥ 1) above the usual gap, found before ≤ 5% of blocks (or two) |
//! | `page_start` | +1 | the block opens a page and the previous text did not stop mid-sentence |
//! | `after_end` | +2.5 | the previous block closes a text: （完）, （有删节）, （新华社…电）, a newspaper credit, ※这是…, （本文刊载于…） |
//! | `after_separator` | +3 | the previous line is a separator (★★★, ————) |
//! | `dateline_above` | +2 | a news dateline alone on the line above the title (新华社北京3月5日电) |
//! | `after_section` | +2 | the previous block is a section heading (专题一 …) |
//! | `mid_sentence` | −4 | the previous block stops mid-sentence (a page break inside a paragraph) |
//! | `pull_quote` | +1.5 | sentences above the title that recur in the text below |
//! | `lead_in` | +1 | a 引题 above the title (…时强调, …作出重要指示) |
//! | `subtitle` | +2 | a ——副题 under the title |
//! | `date_line` | +4 | （2024年3月5日）, （2020年6月17日，北京） under the title |
//! | `adopted_line` | +4 | （…年…月…日…会议通过） under the title |
//! | `name_line` | +1.5 | a speaker's name line (习近平, 国务院总理　李强) |
//! | `source_line` | +4.5 | 来源：…, 转自…, a newspaper credit under the title |
//! | `byline` | +2.5 | an author line with post or unit |
//! | `doc_number` | +3 | a document number line (国发〔2024〕1号) |
//! | (header total) | ≤ +6 | header lines together add at most 6 |
//! | `excerpt_body` | +2.5 | the text opens as excerpts: a number (一, ●) or a passage, and a citation within five blocks |
//! | `dateline_body` | +2 | the first paragraph opens with a news dateline (新华社北京3月5日电) |
//! | `salutation` | +1.5 | the first paragraph is a salutation (同志们：) |
//! | `named_above` | −3 | the title is a document named in 《》 in the text just above (an attachment, a released document) |
//! | `genre_title` | +1.5 | the title has a genre's form (在…上的讲话, …回信, 关于…的意见, …论述摘编, 姓名：…) |
//! | `quoted_title` | −1.5 | the whole title is in quotation marks (a subhead) |
//! | `question` | −2 | the title asks a question (an interview turn) |
//! | `colon_title` | −2 | the title ends in ： (it introduces the next line) |
//! | `long_title` | −2 | the title runs over 80 characters |
//! | `prose_title` | −2 | the first title line is a clause chain (two commas or more, over 30 characters) |
//!
//! The decode adds a length prior: an article with less than 30 characters
//! of body costs 1.5 (none at all costs 3), so weak evidence does not cut a
//! text into slivers while a labelled title-only item (a withheld text)
//! still stands.

use crate::classify::{
    self, ends_terminal, is_byline, is_label, is_meta, is_section_heading, is_title_like, name_line,
};
use crate::formats::Align;
use crate::front::TocEntry;
use crate::layout::Block;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;
use tifa_text::chars::{fold, is_continuation};

/// What a line between the title and the body says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderLine {
    /// （2024年3月5日）, or a bare date.
    Date,
    /// （…通过）: adoption or issue.
    Adopted,
    /// The speaker's name line.
    Name,
    /// 来源：… or a newspaper credit.
    Source,
    /// An author with post or unit.
    Byline,
    /// 国发〔2024〕1号.
    DocNumber,
}

/// The opening block of a candidate article.
#[derive(Clone, Debug, Default)]
pub struct Opening {
    /// First block: the label, pull-quote, lead-in or title.
    pub start: usize,
    pub label: Option<usize>,
    /// An item label printed at the start of the lead-in's or title's first
    /// line (`材料２　标题`): that block and the label's length in bytes.
    pub label_inline: Option<(usize, usize)>,
    /// The label is a parenthesised number on the title line (（三）　标题),
    /// which outline headings print too.
    pub label_weak: bool,
    /// A news dateline printed alone above the title.
    pub dateline: Option<usize>,
    pub pull_quotes: Range<usize>,
    pub lead_in: Option<usize>,
    pub title: Range<usize>,
    pub subtitles: Vec<usize>,
    pub header: Vec<(usize, HeaderLine)>,
    /// First body block.
    pub body: usize,
    /// Index of the matched table-of-contents entry, and how well it matched.
    pub toc: Option<usize>,
    pub toc_score: f64,
    pub score: f64,
    /// Each feature that fired, with its weight.
    pub evidence: Vec<(&'static str, f64)>,
}

/// What the decode needs to know about the file as a whole.
struct Context<'a> {
    blocks: &'a [Block],
    toc: &'a [TocEntry],
    styled: bool,
    /// The usual blank run before a block (the median).
    usual_gap: usize,
    /// Share of blocks preceded by at least `g` blank lines, for each `g`.
    gap_share: Vec<f64>,
    /// The body text's font size (most common among long blocks), DOCX only.
    body_size: Option<u16>,
    /// The shallowest heading level used by titles (section headings aside).
    title_level: Option<u8>,
}

impl Context<'_> {
    fn text(&self, i: usize) -> &str {
        self.blocks.get(i).map_or("", |b| b.text.as_str())
    }

    /// A blank run of `g` lines is rare: at most 5% of blocks (or two) have one as long.
    fn rare_gap(&self, g: usize) -> bool {
        let n = self.blocks.len() as f64;
        let share = self.gap_share.get(g).copied().unwrap_or(0.0);
        share <= 0.05 || share * n <= 2.0
    }
}

/// Choose the article openings among `blocks`. The first block always
/// starts an article (the text before the first chosen opening is one).
pub fn segment(blocks: &[Block], toc: &[TocEntry], styled: bool) -> Vec<Opening> {
    if blocks.is_empty() {
        return Vec::new();
    }
    let ctx = context(blocks, toc, styled);
    let mut all: Vec<Opening> = (0..blocks.len()).filter_map(|i| opening(&ctx, i)).collect();
    one_title_per_entry(&mut all);
    let mut cands: Vec<Opening> = all.into_iter().filter(|o| o.score > 0.0).collect();
    let chosen = decode(&ctx, &mut cands);
    let mut out: Vec<Opening> = chosen.into_iter().map(|k| cands[k].clone()).collect();
    if out.first().is_none_or(|o| o.start > 0) {
        let first = opening(&ctx, 0).unwrap_or_else(|| Opening {
            body: 0,
            title: 0..0,
            pull_quotes: 0..0,
            ..Default::default()
        });
        // The text before the first opening is an article only if it has
        // some substance (not a stray caption).
        let end = out.first().map_or(blocks.len(), |o| o.start);
        let chars: usize = blocks[..end].iter().map(|b| b.text.chars().count()).sum();
        if chars >= 30 || out.is_empty() {
            let first = Opening {
                body: first.body.min(end),
                title: first.title.start.min(end)..first.title.end.min(end),
                ..first
            };
            out.insert(0, first);
        }
    }
    out
}

/// Every candidate opening with a score above `floor`, whether chosen or not,
/// and the chosen ones' starts: the evidence behind a split, for display.
pub fn candidates(blocks: &[Block], toc: &[TocEntry], styled: bool, floor: f64) -> Vec<Opening> {
    let ctx = context(blocks, toc, styled);
    (0..blocks.len())
        .filter_map(|i| opening(&ctx, i))
        .filter(|o| o.score > floor)
        .collect()
}

/// The opening at block `i` read on its own, with its score (a record's
/// header); `None` when no title can start there.
pub fn read_opening(blocks: &[Block], i: usize) -> Option<Opening> {
    if i >= blocks.len() {
        return None;
    }
    let ctx = context(blocks, &[], false);
    opening(&ctx, i)
}

/// A TOC entry names one article: only the title block that matches it best
/// (the first on ties) keeps the `toc` evidence.
fn one_title_per_entry(all: &mut [Opening]) {
    let mut best: std::collections::HashMap<usize, (f64, usize)> = Default::default();
    for o in all.iter() {
        if let Some(k) = o.toc {
            let e = best.entry(k).or_insert((o.toc_score, o.title.start));
            if o.toc_score > e.0 {
                *e = (o.toc_score, o.title.start);
            }
        }
    }
    for o in all.iter_mut() {
        if let Some(k) = o.toc
            && best[&k].1 != o.title.start
        {
            o.toc = None;
            o.evidence.retain(|e| e.0 != "toc");
            o.score = o.evidence.iter().map(|e| e.1).sum();
        }
    }
}

fn context<'a>(blocks: &'a [Block], toc: &'a [TocEntry], styled: bool) -> Context<'a> {
    let mut gaps: Vec<usize> = blocks.iter().map(|b| b.blank_before).collect();
    gaps.sort_unstable();
    let usual_gap = gaps[gaps.len() / 2];
    let max = *gaps.last().unwrap_or(&0);
    let n = blocks.len() as f64;
    let gap_share = (0..=max + 1)
        .map(|g| gaps.iter().filter(|&&x| x >= g).count() as f64 / n)
        .collect();
    let mut sizes: std::collections::HashMap<u16, usize> = Default::default();
    for b in blocks.iter().filter(|b| b.text.chars().count() >= 40) {
        if let Some(s) = b.style.size {
            *sizes.entry(s).or_default() += 1;
        }
    }
    let body_size = sizes
        .into_iter()
        .max_by_key(|&(s, c)| (c, s))
        .map(|(s, _)| s);
    let title_level = blocks
        .iter()
        .filter(|b| !is_section_heading(&b.text))
        .filter_map(|b| b.style.heading)
        .filter(|&h| h >= 1)
        .min();
    Context {
        blocks,
        toc,
        styled,
        usual_gap,
        gap_share,
        body_size,
        title_level,
    }
}

/// A block that can be a line of a title.
fn title_line(ctx: &Context, i: usize) -> bool {
    ctx.blocks
        .get(i)
        .is_some_and(|b| title_text(ctx, i, &b.text))
}

/// Block `i` can be a line of a title when it reads `t` (its text with an
/// inline label taken out).
fn title_text(ctx: &Context, i: usize, t: &str) -> bool {
    let b = &ctx.blocks[i];
    is_title_like(t)
        && !crate::meta::is_citation(t)
        && !TURN.is_match(t)
        && !t.starts_with("——")
        && !is_section_heading(t)
        && header_kind(t).is_none()
        && b.style.heading != Some(0)
}

/// Two title lines are set alike (always true for plain text).
fn same_setting(ctx: &Context, a: usize, b: usize) -> bool {
    let (x, y) = (&ctx.blocks[a].style, &ctx.blocks[b].style);
    if !ctx.styled {
        return true;
    }
    x.heading == y.heading && x.bold == y.bold && x.align == y.align
}

/// A ——副题 line.
fn subtitle(t: &str) -> bool {
    t.starts_with("——")
        && t.chars().count() <= 60
        && !t.contains('。')
        && !t.starts_with("——《")
        && !t.ends_with(['，', '；', '、'])
}

/// A ——subtitle that ends where such subtitles end: `——在…上的讲话`
/// (not `——在…上`, which a wrap has cut), `——2024年3月5日在…会议上`, `——访…`.
fn subtitle_complete(t: &str) -> bool {
    static SPEECH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:讲话|报告|发言|致辞|演讲|贺信|回信|答问|问答|贺词|书面致辞|（[^）]*）|\))$")
            .unwrap()
    });
    static DATED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:上|时|中|期间|讲话|报告|发言|致辞|演讲)$").unwrap());
    if t.starts_with("——在") {
        SPEECH.is_match(t)
    } else if t.contains('年') && t.contains('在') {
        DATED.is_match(t)
    } else {
        true
    }
}

fn header_kind(t: &str) -> Option<HeaderLine> {
    if classify::is_date_line(t) || classify::is_date_only(t) {
        Some(HeaderLine::Date)
    } else if classify::is_adopted_line(t) {
        Some(HeaderLine::Adopted)
    } else if is_meta(t) || classify::is_news_credit(t) {
        Some(HeaderLine::Source)
    } else if is_byline(t) {
        Some(HeaderLine::Byline)
    } else if name_line(t).is_some() {
        Some(HeaderLine::Name)
    } else if classify::doc_number(t).is_some_and(|d| d.chars().count() + 2 >= t.chars().count()) {
        Some(HeaderLine::DocNumber)
    } else {
        None
    }
}

/// A sentence that could be a pull-quote printed above a title.
fn quote_like(t: &str) -> bool {
    t.chars().count() >= 15
        && !is_title_like(t)
        && !classify::is_breaker(t)
        && !classify::is_end_marker(t)
        && !classify::is_date_line(t)
        && !mid_sentence(t)
}

/// Share of the 4-grams of `blocks[r]` that recur in the next blocks after `from`.
fn recurs(ctx: &Context, r: Range<usize>, from: usize) -> bool {
    let end = (from + 120).min(ctx.blocks.len());
    let needles: Vec<&str> = r.map(|i| ctx.blocks[i].text.as_str()).collect();
    let hay = ctx.blocks[from..end].iter().map(|b| b.text.as_str());
    crate::split::containments(&needles, hay)
        .into_iter()
        .all(|c| c >= 0.6)
}

/// Read the opening at block `i` and score it; `None` when no title can start there.
fn opening(ctx: &Context, i: usize) -> Option<Opening> {
    let n = ctx.blocks.len();
    let mut o = Opening {
        start: i,
        ..Default::default()
    };
    let mut j = i;
    let t0 = ctx.text(j);
    if is_label(t0) || (ctx.styled && classify::is_number_label(t0)) {
        o.label = Some(j);
        j += 1;
    } else if let Some(n) = classify::label_prefix(t0).or_else(|| classify::padded_number(t0)) {
        o.label_inline = Some((j, n));
    } else if let Some(n) = classify::paren_label_prefix(t0)
        && title_text(ctx, j, t0[n..].trim_start())
    {
        o.label_inline = Some((j, n));
        o.label_weak = true;
    }
    if classify::is_dateline_line(ctx.text(j)) {
        o.dateline = Some(j);
        j += 1;
    }
    let pq = j;
    while j < n && j < pq + 3 && quote_like(ctx.text(j)) {
        j += 1;
    }
    if j > pq && title_line(ctx, j) && recurs(ctx, pq..j, j) {
        o.pull_quotes = pq..j;
    } else {
        j = pq;
        o.pull_quotes = pq..pq;
    }
    let inline = o.label_inline;
    let after_label = |j: usize| match inline {
        Some((i, n)) if i == j => ctx.text(j)[n..].trim_start(),
        _ => ctx.text(j),
    };
    let title_line = |ctx: &Context, j: usize| j < n && title_text(ctx, j, after_label(j));
    if title_line(ctx, j) && classify::is_lead_in(after_label(j)) && title_line(ctx, j + 1) {
        o.lead_in = Some(j);
        j += 1;
    }
    let first = j;
    while j < first + 3 && title_line(ctx, j) && same_setting(ctx, first, j) {
        // A rare blank run ends the title: what follows is set apart.
        if j > first
            && ctx.blocks[j].blank_before > ctx.usual_gap
            && ctx.rare_gap(ctx.blocks[j].blank_before)
        {
            break;
        }
        // A plain-text title wraps within its first lines; a line after a
        // sentence-final title line is body.
        if j > first && ctx.text(j - 1).ends_with(['！', '？', '!', '?', '：', ':']) {
            break;
        }
        // A line ending in a colon opens the text (回信…：), it is not a title line.
        if j > first && ctx.text(j).ends_with(['：', ':']) {
            break;
        }
        j += 1;
    }
    if j == first {
        return None;
    }
    // The table of contents names the title: lines after the part it names
    // are text, unless header lines (date, name, source) follow the whole
    // run, which shows the run is the title block (the TOC shortened it).
    let header_follows = subtitle(ctx.text(j)) || header_kind(ctx.text(j)).is_some();
    if j - first > 1
        && !header_follows
        && let Some(n) = toc_lines(ctx, first, j)
    {
        j = first + n;
    }
    o.title = first..j;
    for _ in 0..8 {
        let t = ctx.text(j);
        if j >= n {
            break;
        }
        if subtitle(t) {
            o.subtitles.push(j);
            // A subtitle wrapped mid-phrase (——在…代表大会 / 上的报告).
            if !subtitle_complete(t)
                && title_line(ctx, j + 1)
                && ctx.text(j + 1).chars().count() <= 12
            {
                j += 1;
                o.subtitles.push(j);
            }
        } else if let Some(h) = header_kind(t) {
            o.header.push((j, h));
        } else {
            break;
        }
        j += 1;
    }
    o.body = j;
    score(ctx, &mut o);
    Some(o)
}

/// A turn in an interview or a Q&A (记者：…, 问：…), never a title.
static TURN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:记者|本刊记者|主持人|问|答|编者|编者按)\s*[：:]").unwrap());

static GENRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^在.{2,50}(?:上|时|之际|仪式|大会|会议|座谈会|论坛|峰会)的(?:重要|主旨|书面)?(?:讲话|致辞|演讲|发言|报告)",
        r"|(?:讲话|致辞|演讲|发言|贺信|贺电|回信|复信|重要指示|重要批示|报告|答记者问)(?:（(?:节选|摘编|摘要|全文)）)?$",
        r"|(?:印发|发布|颁布|公布)",
        r"|(?:关于|《).{2,60}(?:通知|意见|决定|决议|规定|办法|条例|纲要|方案|规划|公报|细则|准则|建议)",
        r"|(?:通知|意见|决定|决议|规定|办法|条例|纲要|方案|规划|公报|细则|准则)$",
        r"|(?:论述摘编|重要论述|论述选编|语录|金句)",
        r"|(?:学习笔记|热词|一图|图解|速览|图说)",
        r"|^[\p{Han}]{2,4}[：:]",
        r"|(?:强调|指出|表示)[\s：:]",
        r"|政府工作报告",
    ))
    .unwrap()
});

fn score(ctx: &Context, o: &mut Opening) {
    let mut ev: Vec<(&'static str, f64)> = vec![("base", -4.0)];
    let mut add = |name, w| ev.push((name, w));
    if o.label_weak {
        add("outline_label", 2.5);
    } else if o.label.is_some() || o.label_inline.is_some() {
        add("label", 5.0);
    } else if ctx.blocks[o.start].numbered {
        add("item_number", 3.0);
    }
    if o.dateline.is_some() {
        add("dateline_above", 2.0);
    }
    let title: String = o
        .title
        .clone()
        .map(|i| match o.label_inline {
            Some((b, n)) if b == i => ctx.text(i)[n..].trim_start(),
            _ => ctx.text(i),
        })
        .collect::<Vec<_>>()
        .join(" ");
    let sub: String = o
        .subtitles
        .iter()
        .map(|&i| ctx.text(i))
        .collect::<Vec<_>>()
        .join(" ");
    if let Some((k, s)) = toc_match(ctx, &title, &sub, o.lead_in.map(|i| ctx.text(i))) {
        o.toc = Some(k);
        o.toc_score = s;
        add("toc", 4.0);
    }
    if named_above(ctx, o.start, &title) {
        add("named_above", -3.0);
    }
    if ctx.styled {
        let st = ctx.blocks[o.title.start].style;
        if st.heading.is_some_and(|h| h >= 1) && st.heading == ctx.title_level {
            add("heading_style", 5.0);
        } else if st.heading.is_some_and(|h| h >= 1) {
            add("subheading_style", 1.0);
        } else if st.bold && st.align == Align::Center {
            add("bold_centred", 2.5);
        }
        if let (Some(s), Some(body)) = (st.size, ctx.body_size)
            && s >= body + 4
        {
            add("larger", 1.5);
        }
    }
    let b = &ctx.blocks[o.start];
    let g = b.blank_before.saturating_sub(ctx.usual_gap);
    if g >= 1 && ctx.rare_gap(b.blank_before) {
        add("gap", if g >= 2 { 4.5 } else { 2.0 });
    }
    if o.start > 0 {
        let prev = ctx.text(o.start - 1);
        if classify::is_separator(prev) {
            add("after_separator", 3.0);
        } else if classify::is_end_marker(prev) || prev.starts_with("※") {
            add("after_end", 2.5);
        } else if is_section_heading(prev) {
            add("after_section", 2.0);
        } else if mid_sentence(prev) {
            add("mid_sentence", -4.0);
        } else if b.page_break {
            add("page_start", 1.0);
        }
    }
    if !o.pull_quotes.is_empty() {
        add("pull_quote", 1.5);
    }
    if o.lead_in.is_some() {
        add("lead_in", 1.0);
    }
    if !o.subtitles.is_empty() {
        add("subtitle", 2.0);
    }
    let mut header = 0.0;
    let mut seen: Vec<HeaderLine> = Vec::new();
    for &(_, h) in &o.header {
        if seen.contains(&h) {
            continue;
        }
        seen.push(h);
        let (name, w) = match h {
            HeaderLine::Date => ("date_line", 4.0),
            HeaderLine::Adopted => ("adopted_line", 4.0),
            HeaderLine::Name => ("name_line", 1.5),
            HeaderLine::Source => ("source_line", 4.5),
            HeaderLine::Byline => ("byline", 2.5),
            HeaderLine::DocNumber => ("doc_number", 3.0),
        };
        let w = f64::min(w, 6.0 - header);
        if w > 0.0 {
            header += w;
            add(name, w);
        }
    }
    let first_body = ctx.text(o.body);
    if excerpt_body(ctx, o.body) {
        add("excerpt_body", 2.5);
    } else if classify::is_dateline(first_body) {
        add("dateline_body", 2.0);
    } else if classify::is_salutation(first_body) {
        add("salutation", 1.5);
    }
    // Wrapped title lines run on without a space.
    let squeezed: String = title.chars().filter(|c| *c != ' ').collect();
    let sub_squeezed: String = sub.chars().filter(|c| *c != ' ').collect();
    let full = format!("{squeezed} {sub_squeezed}");
    if GENRE.is_match(&title) || GENRE.is_match(&squeezed) || GENRE.is_match(&full) {
        add("genre_title", 1.5);
    }
    let t = title.trim();
    let first = ctx.text(o.title.start);
    if (first.starts_with('“') && first.ends_with('”'))
        || (first.starts_with('"') && first.ends_with('"'))
    {
        add("quoted_title", -1.5);
    }
    if t.contains(['？', '?']) {
        add("question", -2.0);
    }
    if t.ends_with(['：', ':']) {
        add("colon_title", -2.0);
    }
    if t.chars().count() > 80 {
        add("long_title", -2.0);
    }
    let commas = first.matches(['，', '、', '；']).count();
    if commas >= 2 && first.chars().count() > 30 {
        add("prose_title", -2.0);
    }
    o.score = ev.iter().map(|(_, w)| w).sum();
    o.evidence = ev;
}

/// The body opens as a collection of excerpts: an excerpt number (一, ●)
/// or an excerpt, with a citation within the next few blocks.
fn excerpt_body(ctx: &Context, body: usize) -> bool {
    let first = ctx.text(body);
    let numbered = tifa_text::outline::heading_marker(first)
        .is_some_and(|m| m.kind == tifa_text::MarkerKind::Bare)
        || first.starts_with(['●', '◆', '■', '▲', '★']);
    let cited = (body..(body + 5).min(ctx.blocks.len()))
        .any(|i| crate::meta::is_citation(ctx.text(i)) || ends_with_citation(ctx.text(i)));
    (numbered || first.chars().count() >= 30) && cited
}

/// A paragraph that ends with its excerpt's citation (…。——《…》（2020年1月8日））.
fn ends_with_citation(t: &str) -> bool {
    crate::meta::citation_tail(t).is_some()
}

/// The text stops mid-sentence: it ends with a comma-like mark, or with a
/// character of running text in a block long enough to be prose.
fn mid_sentence(t: &str) -> bool {
    let Some(last) = t.chars().last() else {
        return false;
    };
    if ends_terminal(t)
        || is_meta(t)
        || classify::is_end_marker(t)
        || classify::is_date_only(t)
        || classify::is_date_line(t)
        || is_label(t)
        || is_byline(t)
        || classify::starts_with_bullet(t)
        || name_line(t).is_some()
    {
        return false;
    }
    let n = t.chars().count();
    is_continuation(last)
        || (n >= 15 && t.contains(['，', '、', '；']))
        || (n >= 30 && !is_title_like(t))
}

/// The TOC entry that names this title (LCS-Dice ≥ 0.8 against the entry,
/// its main title part, or the title with its subtitle or lead-in).
fn toc_match(ctx: &Context, title: &str, sub: &str, lead: Option<&str>) -> Option<(usize, f64)> {
    if ctx.toc.is_empty() {
        return None;
    }
    let t: Vec<char> = fold(title).chars().collect();
    if t.len() < 4 {
        return None;
    }
    let mut forms = vec![t.clone()];
    if !sub.is_empty() {
        forms.push(fold(&format!("{title}{sub}")).chars().collect());
    }
    if let Some(l) = lead {
        forms.push(fold(&format!("{l}{title}")).chars().collect());
    }
    let mut best: Option<(f64, usize)> = None;
    for (k, e) in ctx.toc.iter().enumerate() {
        if e.section {
            continue;
        }
        let full: Vec<char> = fold(&e.text).chars().collect();
        let main: Vec<char> = fold(e.text.split("——").next().unwrap_or(""))
            .chars()
            .collect();
        for f in &forms {
            let s = toc_score(f, &full).max(crate::split::dice(f, &main));
            if s >= 0.8 && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, k));
            }
        }
    }
    best.map(|(s, k)| (k, s))
}

/// The title is a document named in 《》 just above it: the text it
/// belongs to introduces it (a notice and its attachment, a news item and
/// the document it releases).
fn named_above(ctx: &Context, start: usize, title: &str) -> bool {
    let t = fold(title);
    if t.chars().count() < 6 {
        return false;
    }
    ctx.blocks[start.saturating_sub(12)..start].iter().any(|b| {
        let mut rest = b.text.as_str();
        while let Some(i) = rest.find('《') {
            let after = &rest[i + '《'.len_utf8()..];
            let Some(j) = after.find('》') else { break };
            if fold(&after[..j]) == t {
                return true;
            }
            rest = &after[j..];
        }
        false
    })
}

/// How many of the title lines `first..end` the best-matching TOC entry
/// names, when that is fewer than all of them and the entry has no ——副题.
fn toc_lines(ctx: &Context, first: usize, end: usize) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for n in 1..=(end - first) {
        let t: String = (first..first + n).map(|i| ctx.text(i)).collect();
        let f: Vec<char> = fold(&t).chars().collect();
        for e in ctx
            .toc
            .iter()
            .filter(|e| !e.section && !e.text.contains("——"))
        {
            let d = toc_score(&f, &fold(&e.text).chars().collect::<Vec<_>>());
            if d >= 0.8 && best.is_none_or(|(b, _)| d > b) {
                best = Some((d, n));
            }
        }
    }
    best.map(|(_, n)| n).filter(|&n| n < end - first)
}

/// How well a folded title matches a folded TOC entry: LCS-Dice, or 0.85
/// when one is the other with a prefix (习近平：…) or a tail (the author).
fn toc_score(f: &[char], entry: &[char]) -> f64 {
    let mut s = crate::split::dice(f, entry);
    if entry.len() >= 6 && (f.ends_with(entry) || entry.ends_with(f)) {
        s = s.max(0.85);
    }
    if f.len() >= 6 && entry.starts_with(f) && f.len() * 10 >= entry.len() * 6 {
        s = s.max(0.85);
    }
    s
}

/// Body characters between an opening and the next start.
fn body_chars(ctx: &Context, from: usize, to: usize) -> usize {
    ctx.blocks[from.min(to)..to]
        .iter()
        .map(|b| b.text.chars().count())
        .sum()
}

fn length_prior(ctx: &Context, o: &Opening, next: usize) -> f64 {
    match body_chars(ctx, o.body, next) {
        0 => -3.0,
        c if c < 30 => -1.5,
        _ => 0.0,
    }
}

/// Dynamic programming over candidate openings: the best-scoring sequence
/// in which each opening starts at or after the previous one's body, with
/// the length prior of each article. Returns indices into `cands`.
fn decode(ctx: &Context, cands: &mut [Opening]) -> Vec<usize> {
    cands.sort_by_key(|o| o.start);
    let n = cands.len();
    let end = ctx.blocks.len();
    // best[k]: best total of a sequence ending with cands[k] (its own article not yet priced).
    let mut best = vec![f64::NEG_INFINITY; n];
    let mut back: Vec<Option<usize>> = vec![None; n];
    for k in 0..n {
        let mut b = cands[k].score;
        let mut from = None;
        for m in 0..k {
            if cands[m].body > cands[k].start || cands[m].start >= cands[k].start {
                continue;
            }
            let v = best[m] + length_prior(ctx, &cands[m], cands[k].start) + cands[k].score;
            if v > b {
                b = v;
                from = Some(m);
            }
        }
        best[k] = b;
        back[k] = from;
    }
    let mut last: Option<usize> = None;
    let mut top = 0.0;
    for k in 0..n {
        let v = best[k] + length_prior(ctx, &cands[k], end);
        if v > top {
            top = v;
            last = Some(k);
        }
    }
    let mut out = Vec::new();
    while let Some(k) = last {
        out.push(k);
        last = back[k];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{Line, Style};
    use crate::layout;

    const BODY: &str =
        "这是一段足够长的正文，用来说明文章的主要内容。它包含多个句子，也包含逗号和句号。";

    fn blocks(text: &str) -> Vec<Block> {
        let lines: Vec<Line> = text.lines().map(Line::plain).collect();
        let art = layout::artifacts(&lines, false, 0);
        layout::blocks(
            &lines,
            0..lines.len(),
            &art,
            layout::Layout::LinePerParagraph,
        )
    }

    fn starts(text: &str) -> Vec<String> {
        let b = blocks(text);
        segment(&b, &[], false)
            .iter()
            .map(|o| b[o.title.start].text.clone())
            .collect()
    }

    fn evidence(text: &str, at: &str) -> Vec<&'static str> {
        let b = blocks(text);
        let ctx = context(&b, &[], false);
        let i = b.iter().position(|x| x.text == at).unwrap();
        opening(&ctx, i)
            .map(|o| o.evidence.iter().map(|e| e.0).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_title_alone_is_not_a_start() {
        let t =
            format!("第一篇的标题\n（2020年1月8日）\n{BODY}\n{BODY}\n小标题一行\n{BODY}\n{BODY}\n");
        assert_eq!(starts(&t), vec!["第一篇的标题"]);
    }

    #[test]
    fn speech_title_block() {
        let t = format!(
            "{BODY}\n{BODY}\n（完）\n在某某座谈会上的讲话\n（2020年7月21日）\n习 近 平\n同志们：\n{BODY}\n"
        );
        assert_eq!(starts(&t)[1], "在某某座谈会上的讲话");
        let ev = evidence(&t, "在某某座谈会上的讲话");
        for f in [
            "after_end",
            "date_line",
            "name_line",
            "salutation",
            "genre_title",
        ] {
            assert!(ev.contains(&f), "{f} in {ev:?}");
        }
    }

    #[test]
    fn blank_runs_separate_articles_when_rare() {
        let mut t = String::new();
        for k in 0..2 {
            t.push_str(&format!("题目第{k}号文章\n"));
            for _ in 0..25 {
                t.push_str(BODY);
                t.push('\n');
            }
            t.push_str("\n\n\n\n");
        }
        assert_eq!(starts(&t).len(), 2);
        assert!(evidence(&t, "题目第1号文章").contains(&"gap"));
    }

    #[test]
    fn a_title_cannot_interrupt_a_sentence() {
        let t = format!(
            "{BODY}\n这一句话在这里被分页打断了，下一页接着写的是\n\n\n\n看起来像标题的一行\n（2020年1月8日）\n{BODY}\n"
        );
        assert!(evidence(&t, "看起来像标题的一行").contains(&"mid_sentence"));
    }

    #[test]
    fn government_report_title_block() {
        let t = format!(
            "政府工作报告\n——2023年3月5日在第十四届全国人民代表大会第一次会议上\n国务院总理　李克强\n各位代表：\n{BODY}\n"
        );
        let ev = evidence(&t, "政府工作报告");
        for f in ["subtitle", "name_line", "genre_title"] {
            assert!(ev.contains(&f), "{f} in {ev:?}");
        }
    }

    #[test]
    fn subheads_and_questions_are_not_starts() {
        let t = format!(
            "访谈的标题\n——访某某院士\n{BODY}\n“数字经济事关发展大局”\n记者：如何理解这件事？\n{BODY}\n为什么这样做？\n{BODY}\n"
        );
        assert_eq!(starts(&t), vec!["访谈的标题"]);
        assert!(evidence(&t, "“数字经济事关发展大局”").contains(&"quoted_title"));
    }

    #[test]
    fn docx_style_evidence() {
        let heading = Style {
            heading: Some(2),
            ..Default::default()
        };
        let lines = vec![
            Line {
                text: "第一个标题".into(),
                style: heading,
            },
            Line::plain(BODY),
            Line::plain(BODY),
            Line {
                text: "第二个标题".into(),
                style: heading,
            },
            Line::plain(BODY),
        ];
        let art = layout::artifacts(&lines, true, 0);
        let b = layout::blocks(
            &lines,
            0..lines.len(),
            &art,
            layout::Layout::LinePerParagraph,
        );
        let o = segment(&b, &[], true);
        assert_eq!(o.len(), 2);
        assert!(o[1].evidence.iter().any(|e| e.0 == "heading_style"));
    }

    #[test]
    fn toc_entries_name_titles() {
        let b = blocks(&format!("{BODY}\n{BODY}\n\n\n\n开局之年“第一课”\n{BODY}\n"));
        let toc = vec![TocEntry {
            text: "开局之年第一课——习近平深刻阐释".into(),
            section: false,
        }];
        let o = segment(&b, &toc, false);
        assert_eq!(o.len(), 2);
        assert_eq!(o[1].toc, Some(0));
    }

    /// Every text feature fires on a constructed opening (the DOCX style
    /// features are tested in `docx_style_evidence`).
    #[test]
    fn each_feature_fires() {
        let b = BODY;
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "label",
                format!("{b}\n学习材料三\n某某标题\n{b}\n"),
                "学习材料三",
            ),
            ("label", format!("{b}\n【2】\n某某标题\n{b}\n"), "【2】"),
            (
                "after_separator",
                format!("{b}\n★★★\n某某标题\n{b}\n"),
                "某某标题",
            ),
            (
                "after_section",
                format!("{b}\n专题二　坚持人民至上\n某某标题\n{b}\n"),
                "某某标题",
            ),
            (
                "after_end",
                format!("{b}\n（新华社北京7月21日电）\n某某标题\n{b}\n"),
                "某某标题",
            ),
            (
                "after_end",
                format!("{b}\n《 人民日报 》（ 2020年07月22日 02 版）\n某某标题\n{b}\n"),
                "某某标题",
            ),
            (
                "dateline_above",
                format!("{b}\n新华社北京11月19日电\n某某标题\n{b}\n"),
                "新华社北京11月19日电",
            ),
            (
                "pull_quote",
                format!(
                    "{b}\n发展是第一要务，创新是第一动力，必须坚持下去。\n某某标题\n{b}发展是第一要务，创新是第一动力，必须坚持下去。\n"
                ),
                "发展是第一要务，创新是第一动力，必须坚持下去。",
            ),
            (
                "lead_in",
                format!("{b}\n习近平在某地考察时强调\n某某标题\n{b}\n"),
                "习近平在某地考察时强调",
            ),
            (
                "adopted_line",
                format!(
                    "{b}\n关于某事项的决议\n（2023年3月13日第十四届全国人民代表大会第一次会议通过）\n{b}\n"
                ),
                "关于某事项的决议",
            ),
            (
                "source_line",
                format!("{b}\n某某标题\n（来源：新华网，2024年5月27日）\n{b}\n"),
                "某某标题",
            ),
            (
                "byline",
                format!("{b}\n某某标题\n国务院研究室党组书记、主任 黄守宏\n{b}\n"),
                "某某标题",
            ),
            (
                "doc_number",
                format!("{b}\n关于某事项的通知\n教思政函〔2023〕4号\n{b}\n"),
                "关于某事项的通知",
            ),
            (
                "dateline_body",
                format!("{b}\n某某标题\n新华社北京3月5日电　{b}\n"),
                "某某标题",
            ),
            (
                "excerpt_body",
                format!(
                    "{b}\n关于某事的重要论述摘编\n一\n{b}\n——《在某会议上的讲话》（2014年2月27日）\n"
                ),
                "关于某事的重要论述摘编",
            ),
            (
                "colon_title",
                format!("{b}\n下面讲几点意见：\n{b}\n"),
                "下面讲几点意见：",
            ),
            (
                "prose_title",
                format!(
                    "{b}\n要坚持稳字当头、稳中求进，保持政策连续性针对性，加强各类政策协调配合\n{b}\n"
                ),
                "要坚持稳字当头、稳中求进，保持政策连续性针对性，加强各类政策协调配合",
            ),
            (
                "named_above",
                format!(
                    "现将《关于某事项的实施方案》印发给你们，请认真贯彻落实。\n关于某事项的实施方案\n{b}\n"
                ),
                "关于某事项的实施方案",
            ),
        ];
        for (feature, text, at) in cases {
            let ev = evidence(&text, at);
            assert!(ev.contains(&feature), "{feature} at {at:?}: {ev:?}");
        }
    }

    #[test]
    fn item_numbers_and_page_starts() {
        // A bare number with no running header near it numbers the item.
        let t = format!("{BODY}\n\n05\n\n某某标题\n{BODY}\n");
        assert!(evidence(&t, "某某标题").contains(&"item_number"));
        // Between a running header and a page number it is a page's.
        let t = format!("{BODY}\n单位学习资料\n12\n某某标题\n{BODY}\n单位学习资料\n13\n{BODY}\n");
        let ev = evidence(&t, "某某标题");
        assert!(
            !ev.contains(&"item_number") && ev.contains(&"page_start"),
            "{ev:?}"
        );
    }

    #[test]
    fn a_wrapped_subtitle_is_read_whole() {
        let t = format!(
            "某某标题\n——在中国共产党第二十次全国代表大会\n上的报告\n（2022年10月16日）\n{BODY}\n"
        );
        let b = blocks(&t);
        let o = read_opening(&b, 0).unwrap();
        assert_eq!(o.subtitles.len(), 2);
        assert_eq!(o.header.len(), 1);
    }
}
