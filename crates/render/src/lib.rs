//! Typesets a book (cover, 目录, sections, items, paragraphs) to PDF with
//! CJK line breaking, 避头尾 and justification, fonts embedded and subset.
//!
//! Key decision: the crate takes a plain, self-contained [`Book`] model
//! (study packs and 学习笔记 map onto it) and does its own layout on a fixed
//! 28-pt line grid in GB/T 9704 proportions; `krilla` only writes glyphs,
//! boxes and the outline, and subsets the fonts. The line breaker is
//! hand-written (see [`linebreak`]) because Chinese breaking is simple — any
//! two Han characters, words kept whole, a short list of marks that may not
//! start or end a line — and a general shaping/breaking stack would cost far
//! more to build than the rules themselves.

mod fonts;
mod layout;
pub mod linebreak;
mod pdf;

pub use fonts::{Fonts, Style};

/// A book to typeset.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub title: String,
    /// The issuing body (编印单位), on the cover.
    pub body: Option<String>,
    /// The date printed on the cover.
    pub date: Option<String>,
    /// The heading of the table of contents, e.g. "目　录".
    pub toc_title: String,
    pub blocks: Vec<Block>,
}

/// One block of the book's flow.
#[derive(Debug, Clone)]
pub enum Block {
    /// 专题: starts a new page, TOC level 1.
    Section { heading: String },
    /// An item's title block: new page, TOC level 2 ("label　title"); meta =
    /// source/date/speaker lines (楷体-style, centred).
    Item {
        label: Option<String>,
        title: String,
        lead_in: Option<String>,
        subtitle: Option<String>,
        meta: Vec<String>,
    },
    /// Outline heading inside an item, level 1..=4.
    Heading { level: u8, text: String },
    /// Body paragraph, 2-character first-line indent.
    Para(String),
    /// Flagged aside: boxed, smaller.
    Aside(String),
    /// Small note / source list line.
    Note(String),
}

/// Why a book could not be typeset.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "没有找到中文字体 no CJK font found: 请安装 install Debian's fonts-noto-cjk (apt install fonts-noto-cjk) or fonts-wqy-microhei"
    )]
    NoFont,
    #[error("PDF 写出失败 PDF could not be written: {0}")]
    Pdf(String),
}

/// Typeset `book` and return the PDF bytes.
pub fn render_pdf(book: &Book, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let doc = layout::layout(book, fonts);
    pdf::write(book, &doc, fonts)
}
