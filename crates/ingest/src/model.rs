//! The structured result of ingesting one file: a `Document` holding
//! `Article`s, each with metadata, an outline and paragraphs that remember
//! the source lines (or record) they came from.
//!
//! Key decision: flagged paragraphs (pull-quotes, sidebars, boxes, summary
//! bullets) stay in the article with a `Flag`, so they can be shown, but every
//! consumer that counts text uses only `body()`, which skips them.

/// Kind of an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// A speech, report or address as given (讲话, 致辞, 政府工作报告).
    Speech,
    /// A collection of excerpts, each with its citation (论述摘编).
    SpeechExcerpts,
    /// News (消息, 通讯) reporting an event in the third person.
    NewsReport,
    /// A document's own text: notice, opinion, plan, regulation, resolution.
    PolicyDocument,
    /// Questions and answers (访谈); the interviewee is the speaker.
    Interview,
    Infographic,
    /// Study notes (学习笔记, 热词).
    Notes,
    /// An instruction (重要指示/批示) and the news that reports it.
    Instruction,
    /// A letter (回信, 贺信, 致信) and the news that reports it.
    Letter,
    #[default]
    Other,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Speech,
        Kind::SpeechExcerpts,
        Kind::NewsReport,
        Kind::PolicyDocument,
        Kind::Interview,
        Kind::Infographic,
        Kind::Notes,
        Kind::Instruction,
        Kind::Letter,
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
            Kind::Letter => "letter",
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
    /// The citation of an excerpt (——《…》（2014年2月27日））: metadata of
    /// the excerpt it follows, not text.
    Citation,
    /// A credit or closing line printed around the text: a photo credit,
    /// （完）, （新华社…电）, 《人民日报》（…版）, a trailing 来源 line, ※这是….
    Credit,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::PullQuote => "pull_quote",
            Flag::Sidebar => "sidebar",
            Flag::Box => "box",
            Flag::SummaryBullet => "summary_bullet",
            Flag::Citation => "citation",
            Flag::Credit => "credit",
        }
    }
}

/// Where an excerpt comes from: its citation as printed and the date in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub text: String,
    /// ISO date of the cited speech or text, with the precision printed.
    pub date: Option<String>,
}

/// One clean paragraph and where it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// 1-based first and last source line (0 for records).
    pub first_line: usize,
    pub last_line: usize,
    pub flag: Option<Flag>,
    /// For an excerpt in a collection: the citation that follows it.
    pub cite: Option<Citation>,
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

impl Default for Origin {
    fn default() -> Self {
        Origin::Lines { start: 0, end: 0 }
    }
}

/// One article with its metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// The main title (主题), without lead-in or subtitle.
    pub title: String,
    /// The lead-in (引题) printed above the title: 习近平在…时强调.
    pub lead_in: Option<String>,
    /// Subtitles (副题) printed under the title, joined by ` / `.
    pub subtitle: Option<String>,
    /// The item label as printed (学习材料三).
    pub label: Option<String>,
    /// The pack's section (专题) the item belongs to.
    pub section: Option<String>,
    pub source: Option<String>,
    /// When the text was given or issued: ISO `YYYY-MM-DD`, `YYYY-MM` or
    /// `YYYY` (the precision printed).
    pub date: Option<String>,
    /// The date as printed, when it differs from the ISO form.
    pub date_printed: Option<String>,
    /// When it was published (source line, newspaper credit, dateline, issue).
    pub published: Option<String>,
    pub published_printed: Option<String>,
    /// For an excerpt collection: the earliest and latest citation dates.
    pub span: Option<(String, String)>,
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
