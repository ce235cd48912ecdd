//! Page layout: the book's blocks flowed onto A4 pages on a 28-pt line grid
//! (GB/T 9704 margins), then the cover and a 目录 whose page numbers come from
//! that flow, then `— N —` folios.
//!
//! Key decision: two passes. The content is laid out first with page
//! indices relative to its own start; the TOC is laid out once to learn how
//! many pages it takes (its line breaks do not depend on the numbers, whose
//! column is reserved at a fixed width), then again with the real numbers.
//! Printed numbers are physical page numbers (the cover is page 1, unprinted),
//! so a viewer's page box shows the same number as the folio.

use std::ops::Range;

use crate::fonts::{Fonts, Style};
use crate::linebreak::{break_lines, stretch_gaps};
use crate::{Block, Book};

const MM: f32 = 72.0 / 25.4;
pub(crate) const PAGE_W: f32 = 210.0 * MM;
pub(crate) const PAGE_H: f32 = 297.0 * MM;
const TOP: f32 = 37.0 * MM;
const BOTTOM: f32 = PAGE_H - 35.0 * MM;
const LEFT: f32 = 28.0 * MM;
const RIGHT: f32 = PAGE_W - 26.0 * MM;
const TEXT_W: f32 = RIGHT - LEFT;
/// 3号 body text and its fixed line pitch.
const BODY: f32 = 16.0;
const PITCH: f32 = 28.0;
/// 2号 titles.
const TITLE: f32 = 22.0;
const TITLE_PITCH: f32 = 38.0;

/// Glyphs of one font at one size on one baseline.
pub(crate) struct Run {
    pub(crate) face: usize,
    pub(crate) size: f32,
    pub(crate) x: f32,
    pub(crate) y: f32,
    /// Glyph id, advance in pt (justification included), byte range in `text`.
    pub(crate) glyphs: Vec<(u16, f32, Range<usize>)>,
    pub(crate) text: String,
}

pub(crate) enum Op {
    Text(Run),
    /// A stroked rectangle (x, y, w, h), y down.
    Rect(f32, f32, f32, f32),
}

pub(crate) struct Page {
    pub(crate) ops: Vec<Op>,
    /// The printed folio, `None` on the cover.
    pub(crate) number: Option<usize>,
}

/// An outline/TOC entry: level 1 section, level 2 item.
pub(crate) struct Mark {
    pub(crate) level: u8,
    pub(crate) title: String,
    pub(crate) page: usize,
    pub(crate) y: f32,
}

pub(crate) struct Doc {
    pub(crate) pages: Vec<Page>,
    pub(crate) marks: Vec<Mark>,
}

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Justify,
    Center,
}

struct Flow<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    cur: Vec<Op>,
    y: f32,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a Fonts) -> Self {
        Flow {
            fonts,
            pages: Vec::new(),
            cur: Vec::new(),
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        let ops = std::mem::take(&mut self.cur);
        self.pages.push(ops);
        self.y = TOP;
    }

    /// Start a new page unless the current one is still blank.
    fn fresh_page(&mut self) {
        if !self.cur.is_empty() || self.y > TOP {
            self.new_page();
        }
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        if !self.cur.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        self.pages
    }

    /// Draw `line` starting at `x` on `baseline`, adding `extra` pt after
    /// each char whose index is in `gaps`. Returns the x after the line.
    #[allow(clippy::too_many_arguments)]
    fn draw(
        &mut self,
        line: &str,
        style: Style,
        size: f32,
        x: f32,
        baseline: f32,
        gaps: &[usize],
        extra: f32,
    ) -> f32 {
        let mut cx = x;
        let mut run: Option<Run> = None;
        for (ci, c) in line.chars().enumerate() {
            let (face, gid, adv) = self.fonts.glyph(style, c);
            let mut adv = adv * size;
            if gaps.binary_search(&ci).is_ok() {
                adv += extra;
            }
            if run.as_ref().is_some_and(|r| r.face != face)
                && let Some(r) = run.take()
            {
                self.cur.push(Op::Text(r));
            }
            let r = run.get_or_insert_with(|| Run {
                face,
                size,
                x: cx,
                y: baseline,
                glyphs: Vec::new(),
                text: String::new(),
            });
            let start = r.text.len();
            r.text.push(c);
            r.glyphs.push((gid, adv, start..start + c.len_utf8()));
            cx += adv;
        }
        if let Some(r) = run {
            self.cur.push(Op::Text(r));
        }
        cx
    }

    fn lines(
        &self,
        text: &str,
        style: Style,
        size: f32,
        first: f32,
        width: f32,
    ) -> Vec<crate::linebreak::Line> {
        let fonts = self.fonts;
        let adv = move |c: char| fonts.advance(style, c) * size;
        break_lines(text, first, width, &adv)
    }

    /// A line (or balanced lines) centred across the text block at the
    /// body's pitch: cover lines, lead-ins, subtitles, meta lines.
    fn centred(&mut self, text: &str, style: Style, size: f32) -> (usize, f32) {
        self.para(text, style, size, PITCH, LEFT, TEXT_W, 0.0, Align::Center)
    }

    /// Flow a paragraph; returns the page index and y of its first line.
    #[allow(clippy::too_many_arguments)]
    fn para(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        pitch: f32,
        x0: f32,
        width: f32,
        indent: f32,
        align: Align,
    ) -> (usize, f32) {
        let mut lines = self.lines(text, style, size, width - indent, width);
        if align == Align::Center && lines.len() > 1 {
            // Balance a centred title: the narrowest measure that keeps the
            // same number of lines, so no last line holds a lone character.
            let (mut lo, mut hi) = (width / lines.len() as f32, width);
            for _ in 0..12 {
                let mid = (lo + hi) / 2.0;
                if self.lines(text, style, size, mid, mid).len() > lines.len() {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            lines = self.lines(text, style, size, hi, hi);
        }
        let mut first = None;
        for (i, l) in lines.iter().enumerate() {
            if self.y + pitch > BOTTOM + 0.5 {
                self.new_page();
            }
            if first.is_none() {
                first = Some((self.pages.len(), self.y));
            }
            let baseline = self.y + pitch / 2.0 + 0.36 * size;
            let s = &text[l.range.clone()];
            let lead = if i == 0 { indent } else { 0.0 };
            let avail = width - lead;
            match align {
                Align::Center => {
                    let x = x0 + (width - l.width).max(0.0) / 2.0;
                    self.draw(s, style, size, x, baseline, &[], 0.0);
                }
                Align::Justify => {
                    let (gaps, extra) = justify(s, avail - l.width, l.last);
                    self.draw(s, style, size, x0 + lead, baseline, &gaps, extra);
                }
            }
            self.y += pitch;
        }
        first.unwrap_or((self.pages.len(), self.y))
    }

    /// Move to a new page when `lines` lines of `pitch` plus one body line
    /// would not fit (keeps a heading with what follows it).
    fn keep_with_next(&mut self, height: f32) {
        if (!self.cur.is_empty()) && self.y + height + PITCH > BOTTOM + 0.5 {
            self.new_page();
        }
    }
}

fn heading_style(fonts: &Fonts, level: u8) -> Style {
    match level {
        0 | 1 => Style::Sans,
        2 if fonts.has_kai() => Style::Kai,
        2 | 3 => Style::SerifBold,
        _ => Style::Serif,
    }
}

/// Lay out the body: returns its pages and the TOC/outline marks (pages
/// relative to the first body page).
fn content(book: &Book, fonts: &Fonts) -> (Vec<Vec<Op>>, Vec<Mark>) {
    let mut f = Flow::new(fonts);
    let mut marks = Vec::new();
    for block in &book.blocks {
        match block {
            Block::Section { heading } => {
                f.fresh_page();
                f.y += 2.0 * PITCH;
                let (page, y) = f.para(
                    heading,
                    Style::SansBold,
                    TITLE,
                    TITLE_PITCH + 4.0,
                    LEFT,
                    TEXT_W,
                    0.0,
                    Align::Center,
                );
                f.y += PITCH;
                marks.push(Mark {
                    level: 1,
                    title: heading.clone(),
                    page,
                    y,
                });
            }
            Block::Item {
                label,
                title,
                lead_in,
                subtitle,
                meta,
            } => {
                f.fresh_page();
                let top = (f.pages.len(), f.y);
                if let Some(l) = label {
                    f.centred(l, Style::Sans, BODY);
                }
                if let Some(l) = lead_in {
                    f.centred(l, Style::Serif, BODY);
                }
                f.para(
                    title,
                    Style::SerifBold,
                    TITLE,
                    TITLE_PITCH,
                    LEFT,
                    TEXT_W,
                    0.0,
                    Align::Center,
                );
                if let Some(s) = subtitle {
                    f.para(s, Style::Kai, BODY, PITCH, LEFT, TEXT_W, 0.0, Align::Center);
                }
                for m in meta {
                    f.para(m, Style::Kai, BODY, PITCH, LEFT, TEXT_W, 0.0, Align::Center);
                }
                f.y += PITCH;
                let toc = match label {
                    Some(l) if !l.is_empty() => format!("{l}\u{3000}{title}"),
                    _ => title.clone(),
                };
                marks.push(Mark {
                    level: 2,
                    title: toc,
                    page: top.0,
                    y: top.1,
                });
            }
            Block::Heading { level, text } => {
                let style = heading_style(fonts, *level);
                let n = f
                    .lines(text, style, BODY, TEXT_W - 2.0 * BODY, TEXT_W)
                    .len();
                f.keep_with_next(n as f32 * PITCH);
                f.para(
                    text,
                    style,
                    BODY,
                    PITCH,
                    LEFT,
                    TEXT_W,
                    2.0 * BODY,
                    Align::Justify,
                );
            }
            Block::Para(text) => {
                if !text.trim().is_empty() {
                    f.para(
                        text,
                        Style::Serif,
                        BODY,
                        PITCH,
                        LEFT,
                        TEXT_W,
                        2.0 * BODY,
                        Align::Justify,
                    );
                }
            }
            Block::Aside(text) => {
                let (size, pitch, pad) = (14.0, 24.0, 8.0);
                if f.y + 2.0 * pad + pitch > BOTTOM {
                    f.new_page();
                }
                let mut top = f.y;
                f.y += pad;
                let lines = f.lines(
                    text,
                    Style::Serif,
                    size,
                    TEXT_W - 2.0 * pad - 2.0 * size,
                    TEXT_W - 2.0 * pad,
                );
                for (i, l) in lines.iter().enumerate() {
                    if f.y + pitch > BOTTOM + 0.5 {
                        f.cur.push(Op::Rect(LEFT, top, TEXT_W, f.y - top));
                        f.new_page();
                        top = f.y;
                    }
                    let s = &text[l.range.clone()];
                    let lead = if i == 0 { 2.0 * size } else { 0.0 };
                    let (gaps, extra) = justify(s, TEXT_W - 2.0 * pad - lead - l.width, l.last);
                    let baseline = f.y + pitch / 2.0 + 0.36 * size;
                    f.draw(
                        s,
                        Style::Serif,
                        size,
                        LEFT + pad + lead,
                        baseline,
                        &gaps,
                        extra,
                    );
                    f.y += pitch;
                }
                f.y += pad;
                f.cur.push(Op::Rect(LEFT, top, TEXT_W, f.y - top));
                f.y += pad;
            }
            Block::Note(text) => {
                f.para(
                    text,
                    Style::Serif,
                    12.0,
                    20.0,
                    LEFT,
                    TEXT_W,
                    0.0,
                    Align::Justify,
                );
            }
        }
    }
    (f.finish(), marks)
}

/// Lay out the table of contents; `offset` turns relative mark pages into
/// printed numbers (`None`: measuring pass with placeholder numbers).
fn toc(book: &Book, fonts: &Fonts, marks: &[Mark], offset: Option<usize>) -> Vec<Vec<Op>> {
    let mut f = Flow::new(fonts);
    f.para(
        &book.toc_title,
        Style::SansBold,
        TITLE,
        TITLE_PITCH,
        LEFT,
        TEXT_W,
        0.0,
        Align::Center,
    );
    f.y += PITCH / 2.0;
    let digit = fonts.advance(Style::Serif, '0') * BODY;
    let reserve = 4.0 * digit + BODY;
    for m in marks {
        let (style, indent) = if m.level == 1 {
            (Style::Sans, 0.0)
        } else {
            (Style::Serif, 2.0 * BODY)
        };
        let x0 = LEFT + indent;
        let width = TEXT_W - indent - reserve;
        let lines = f.lines(&m.title, style, BODY, width, width);
        for l in &lines {
            if f.y + PITCH > BOTTOM + 0.5 {
                f.new_page();
            }
            let baseline = f.y + PITCH / 2.0 + 0.36 * BODY;
            let s = &m.title[l.range.clone()];
            let end = f.draw(s, style, BODY, x0, baseline, &[], 0.0);
            if l.last {
                let num = match offset {
                    Some(o) => (m.page + o + 1).to_string(),
                    None => "000".to_string(),
                };
                let nw: f32 = num
                    .chars()
                    .map(|c| fonts.advance(Style::Serif, c) * BODY)
                    .sum();
                let nx = RIGHT - nw;
                // Leader dots on a fixed 8-pt grid so columns line up.
                let step = 8.0;
                let mut dx = ((end + 4.0) / step).ceil() * step;
                let mut dots = String::new();
                let start = dx;
                while dx + step <= nx - 4.0 {
                    dots.push('.');
                    dx += step;
                }
                if !dots.is_empty() {
                    let gaps: Vec<usize> = (0..dots.len()).collect();
                    let dot = fonts.advance(Style::Serif, '.') * BODY;
                    f.draw(
                        &dots,
                        Style::Serif,
                        BODY,
                        start,
                        baseline,
                        &gaps,
                        step - dot,
                    );
                }
                f.draw(&num, Style::Serif, BODY, nx, baseline, &[], 0.0);
            }
            f.y += PITCH;
        }
    }
    f.finish()
}

fn cover(book: &Book, fonts: &Fonts) -> Vec<Op> {
    let mut f = Flow::new(fonts);
    f.y = TOP + 4.0 * PITCH;
    f.para(
        &book.title,
        Style::SerifBold,
        TITLE + 4.0,
        TITLE_PITCH + 8.0,
        LEFT,
        TEXT_W,
        0.0,
        Align::Center,
    );
    f.y = f.y.max(TOP + 15.0 * PITCH);
    for line in [&book.body, &book.date].into_iter().flatten() {
        f.centred(line, Style::Serif, BODY);
    }
    f.finish().into_iter().next().unwrap_or_default()
}

fn folio(fonts: &Fonts, n: usize) -> Vec<Op> {
    let text = format!("— {n} —");
    let size = 14.0;
    let w: f32 = text
        .chars()
        .map(|c| fonts.advance(Style::Serif, c) * size)
        .sum();
    let mut f = Flow::new(fonts);
    f.draw(
        &text,
        Style::Serif,
        size,
        (PAGE_W - w) / 2.0,
        BOTTOM + 7.0 * MM + size * 0.7,
        &[],
        0.0,
    );
    f.cur
}

pub(crate) fn layout(book: &Book, fonts: &Fonts) -> Doc {
    let (body, mut marks) = content(book, fonts);
    let toc_pages = if marks.is_empty() {
        Vec::new()
    } else {
        let n = toc(book, fonts, &marks, None).len();
        toc(book, fonts, &marks, Some(1 + n))
    };
    let offset = 1 + toc_pages.len();
    let mut pages = vec![Page {
        ops: cover(book, fonts),
        number: None,
    }];
    for ops in toc_pages.into_iter().chain(body) {
        pages.push(Page {
            ops,
            number: Some(pages.len() + 1),
        });
    }
    for p in pages.iter_mut() {
        if let Some(n) = p.number {
            p.ops.extend(folio(fonts, n));
        }
    }
    for m in marks.iter_mut() {
        m.page += offset;
    }
    Doc { pages, marks }
}

/// Where and by how much a line of width short of the measure by `slack`
/// stretches: its CJK gaps share the slack equally; a paragraph's last line,
/// and a line with no slack, stay as set.
fn justify(line: &str, slack: f32, last: bool) -> (Vec<usize>, f32) {
    let gaps = if last || slack <= 0.0 {
        Vec::new()
    } else {
        stretch_gaps(line)
    };
    let extra = if gaps.is_empty() {
        0.0
    } else {
        slack / gaps.len() as f32
    };
    (gaps, extra)
}
