//! Library errors.

/// What went wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("数据库错误 database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("无法创建数据目录 cannot create data directory {path}: {source}")]
    DataDir {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Index(#[from] tifa_index::IndexError),
    #[error("查询语法错误 query syntax: {0}")]
    Query(String),
    #[error("查询中的日期无效 bad date in the query: “{term}”")]
    QueryDate {
        term: String,
        #[source]
        source: tifa_text::DateError,
    },
    #[error("词典词条无效 bad dictionary term “{0}”: 2–30 characters, no spaces or punctuation")]
    BadTerm(String),
    #[error("{field} 的值无效 bad value “{value}” for {field}: {reason}")]
    BadEdit {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error(
        "读取文章元数据失败 reading article metadata failed: {0}; `tifa verify` checks the library"
    )]
    MetadataRead(String),
    #[error("没有这篇文章 no article with id “{0}”")]
    NotFound(String),
    #[error(
        "编号前缀不唯一 ambiguous id prefix “{prefix}” matches {count} articles: {}{}; give more digits",
        examples.join(", "),
        if *count > examples.len() { ", …" } else { "" }
    )]
    AmbiguousId {
        prefix: String,
        count: usize,
        /// The first few matching ids, in id order.
        examples: Vec<String>,
    },
    #[error(
        "数据库版本 {found} 不受支持（需要 {expected}） unsupported library version {found} (expected {expected})"
    )]
    Version { found: i64, expected: i64 },
}
