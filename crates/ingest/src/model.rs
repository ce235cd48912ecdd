//! The structured result of ingesting one file: a `Document` holding
//! `Article`s, each with metadata, an outline and paragraphs that remember
//! the source lines (or record) they came from.
//!
//! Key decision: flagged paragraphs (pull-quotes, sidebars, boxes, summary
//! bullets) stay in the article with a `Flag`, so they can be shown, but every
//! consumer that counts text uses only `body()`, which skips them.

/// Kind of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Speech,
    SpeechExcerpts,
    NewsReport,
    PolicyDocument,
    Interview,
    Infographic,
    Notes,
    Instruction,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Speech,
        Kind::SpeechExcerpts,
        Kind::NewsReport,
        Kind::PolicyDocument,
        Kind::Interview,
        Kind::Infographic,
        Kind::Notes,
        Kind::Instruction,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Speech => "speech",
            Kind::SpeechExcerpts => "speech_excerpts",
            Kind::NewsReport => "news_report",
            Kind::PolicyDocument => "policy_document",
            Kind::Interview => "interview",
            Kind::Infographic => "infographic",
            Kind::Notes => "notes",
            Kind::Instruction => "instruction",
            Kind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a paragraph is not counted as body text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// A quotation printed above the title and repeated in the body.
    PullQuote,
    /// A 链接 sidebar inserted into the text.
    Sidebar,
    /// A 专栏 box.
    Box,
    /// A ■ summary bullet that repeats the body.
    SummaryBullet,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::PullQuote => "pull_quote",
            Flag::Sidebar => "sidebar",
            Flag::Box => "box",
            Flag::SummaryBullet => "summary_bullet",
        }
    }
}

/// One clean paragraph and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// 1-based first and last source line (0 for records).
    pub first_line: usize,
    pub last_line: usize,
    pub flag: Option<Flag>,
}

/// One outline heading.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub text: String,
    /// Index into the article's body paragraphs.
    pub paragraph: usize,
}

/// Where an article sits in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// 1-based inclusive line span, title block included.
    Lines { start: usize, end: usize },
    /// 1-based record number in a JSONL/CSV corpus.
    Record(usize),
}

/// One article with its metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub title: String,
    pub subtitle: Option<String>,
    pub source: Option<String>,
    /// ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: Option<String>,
    /// The date as printed, when it differs from the ISO form.
    pub date_printed: Option<String>,
    pub speaker: Option<String>,
    /// Document number such as 教思政函〔2023〕4号.
    pub doc_number: Option<String>,
    pub kind: Kind,
    pub paragraphs: Vec<Paragraph>,
    pub outline: Vec<OutlineEntry>,
    pub origin: Origin,
}

impl Article {
    /// Paragraphs that count as the article's text (not flagged).
    pub fn body(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs.iter().filter(|p| p.flag.is_none())
    }

    /// Body text, paragraphs joined by `\n`.
    pub fn text(&self) -> String {
        self.body()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The input formats tifa reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Pdf,
    Html,
    Jsonl,
    Csv,
}

impl Format {
    /// The format for a file name, by extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "md" | "text" => Format::Text,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Everything ingested from one file.
#[derive(Clone, Debug)]
pub struct Document {
    /// File name without directories.
    pub file_name: String,
    pub sha256: String,
    pub format: Format,
    /// Detected text encoding, for text-based formats.
    pub encoding: Option<&'static str>,
    pub articles: Vec<Article>,
    /// 1-based line span of the cover, masthead and table of contents.
    pub front_matter: Option<(usize, usize)>,
    /// Entries of the table of contents, as printed.
    pub toc: Vec<String>,
}
