//! Readers that turn one file's bytes into either lines of text (TXT, DOCX,
//! PDF, HTML) or records (JSONL, CSV).
//!
//! Key decision: every document format is reduced to *lines* before any
//! cleaning, so the compilation splitter and the line-number provenance work
//! the same for a TXT extraction, a DOCX (one line per body paragraph) and a
//! PDF text layer; only corpora of records bypass the splitter. A line keeps
//! how it was set (`Style`) where the format says so (DOCX styles, bold,
//! alignment, size; HTML headings), because typesetting is evidence of a
//! title; plain text carries the default style and is judged on its words.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod table;

/// Horizontal alignment of a paragraph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Unknown,
    Left,
    Center,
    Right,
    Justify,
}

/// How a line was set. Plain text has the default (nothing known).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// Heading level from a heading style or outline level (1 = top);
    /// 0 for the document Title style.
    pub heading: Option<u8>,
    /// Every character of the line is bold.
    pub bold: bool,
    /// Every character of the line is italic.
    pub italic: bool,
    pub align: Align,
    /// Largest font size on the line, in half-points (Word's unit).
    pub size: Option<u16>,
    /// The line starts a new page (page break before it).
    pub page_break: bool,
}

impl Style {
    /// True when nothing is known about the line's setting.
    pub fn is_plain(&self) -> bool {
        *self == Style::default()
    }
}

/// One source line: a line of a text file, a body paragraph of a DOCX.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub style: Style,
}

impl Line {
    /// A line of plain text (no style).
    pub fn plain(text: impl Into<String>) -> Line {
        Line {
            text: text.into(),
            style: Style::default(),
        }
    }

    /// A line of extracted plain text: a form feed (pdftotext's page
    /// separator) is a page break before the line, not text.
    pub fn extracted(text: &str) -> Line {
        let text = text.trim_end_matches('\r');
        if !text.contains('\u{c}') {
            return Line::plain(text);
        }
        Line {
            text: text.replace('\u{c}', ""),
            style: Style {
                page_break: true,
                ..Style::default()
            },
        }
    }
}
