//! Typed errors for reading a file: each variant names one problem a user
//! can act on, and the path is attached by the caller (`IngestError`).

use std::path::PathBuf;

/// What went wrong with one input file.
#[derive(Debug, thiserror::Error)]
pub enum ProblemKind {
    #[error("无法读取 cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("空文件 empty file")]
    Empty,
    #[error("二进制文件，不是文本 binary file, not text")]
    Binary,
    #[error("编码错误 invalid bytes for {encoding} at byte {offset}")]
    InvalidBytes {
        encoding: &'static str,
        offset: usize,
    },
    #[error("DOCX 文件损坏或被截断 truncated or corrupt DOCX: {0}")]
    Docx(String),
    #[error("HTML 无法解析 unreadable HTML: {0}")]
    Html(String),
    #[error("PDF 无法解析 unreadable PDF: {0}")]
    Pdf(String),
    #[error("PDF 没有文字层（扫描件？）PDF has no text layer (scanned?)")]
    PdfNoText,
    #[error("第 {line} 行不是有效的 JSON invalid JSON on line {line}: {message}")]
    Json { line: usize, message: String },
    #[error("CSV 无法解析 invalid CSV: {0}")]
    Csv(String),
    #[error("找不到正文字段 no content field: tried {tried}; use --field content=NAME")]
    NoContentField { tried: String },
    #[error("不支持的文件类型 unsupported file type “.{0}”")]
    Unsupported(String),
    #[error("没有可识别的文字 no readable text")]
    NoText,
}

/// A problem with a named file. Its message already says the problem, so
/// the problem is not also its cause (a chain would print it twice).
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct IngestError {
    pub path: PathBuf,
    pub kind: ProblemKind,
}

impl IngestError {
    pub fn new(path: impl Into<PathBuf>, kind: ProblemKind) -> Self {
        IngestError {
            path: path.into(),
            kind,
        }
    }
}
