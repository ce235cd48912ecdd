//! Index errors: each variant says which index file or directory failed,
//! what was being done, and what went wrong, so a user can tell a busy
//! library from a full disk from a damaged index (repaired by `tifa
//! reindex`, which rebuilds the exact index from the library).

use std::path::PathBuf;
use std::sync::Arc;

/// The repair named at the end of the messages of damaged index files.
pub const REPAIR: &str = "; 修复 repair: tifa reindex";

/// What went wrong with an index file.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("索引文件读写失败 index file I/O on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("索引文件缺失 missing index file {}{}", .0.display(), REPAIR)]
    Missing(PathBuf),
    #[error("索引文件损坏 corrupt index file {path}: {why}{}", REPAIR)]
    Corrupt { path: PathBuf, why: String },
    #[error(
        "索引文件被截断 truncated index file {path}: {found} bytes where {expected} are needed{}",
        REPAIR
    )]
    Truncated {
        path: PathBuf,
        expected: u64,
        found: u64,
    },
    #[error(
        "索引文件校验和不符 checksum mismatch in index file {path}: its contents changed after it was written{}",
        REPAIR
    )]
    Checksum { path: PathBuf },
    #[error(
        "索引文件版本不受支持 index file {path} has format “{found}”, which this tifa cannot read{}",
        REPAIR
    )]
    Version { path: PathBuf, found: String },
    #[error("段过大 segment too large: {0} bytes (at most 2 GiB of text per segment)")]
    TooLarge(usize),
    #[error("tantivy 索引出错 tantivy index {path}: cannot {action}: {problem}{}", problem.repair())]
    Ranked {
        path: PathBuf,
        action: RankedAction,
        problem: RankedProblem,
    },
}

/// What the tantivy baseline index was doing when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankedAction {
    Create,
    Open,
    Search,
    Write,
    Commit,
}

impl std::fmt::Display for RankedAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RankedAction::Create => "create it",
            RankedAction::Open => "open it",
            RankedAction::Search => "search it",
            RankedAction::Write => "write to it",
            RankedAction::Commit => "commit",
        })
    }
}

/// What went wrong inside the tantivy baseline index.
#[derive(Debug, thiserror::Error)]
pub enum RankedProblem {
    #[error("读写失败 I/O error: {0}")]
    Io(#[source] Arc<std::io::Error>),
    #[error("文件缺失或无法打开 a file is missing or cannot be opened: {0}")]
    Open(String),
    #[error("数据损坏 corrupt data: {0}")]
    Corrupt(String),
    #[error("结构不符 schema mismatch: {0}")]
    Schema(String),
    #[error("版本不兼容 written by an incompatible version: {0}")]
    Incompatible(String),
    #[error("已被锁定 locked by another process: {0}")]
    Locked(String),
    #[error("内部错误 {0}")]
    Other(String),
}

impl RankedProblem {
    /// The repair hint for problems that rebuilding the index fixes.
    fn repair(&self) -> &'static str {
        match self {
            RankedProblem::Open(_)
            | RankedProblem::Corrupt(_)
            | RankedProblem::Schema(_)
            | RankedProblem::Incompatible(_) => REPAIR,
            _ => "",
        }
    }

    /// Classify a tantivy error.
    pub fn of(e: tantivy::TantivyError) -> RankedProblem {
        use tantivy::TantivyError as T;
        use tantivy::directory::error::OpenReadError;
        match e {
            T::IoError(io) => RankedProblem::Io(io),
            T::OpenReadError(OpenReadError::IncompatibleIndex(i)) | T::IncompatibleIndex(i) => {
                RankedProblem::Incompatible(format!("{i:?}"))
            }
            T::OpenReadError(e) => RankedProblem::Open(e.to_string()),
            T::OpenWriteError(e) => RankedProblem::Open(e.to_string()),
            T::OpenDirectoryError(e) => RankedProblem::Open(e.to_string()),
            T::DataCorruption(d) => RankedProblem::Corrupt(format!("{d:?}")),
            T::LockFailure(l, msg) => {
                RankedProblem::Locked(msg.unwrap_or_else(|| format!("{l:?}")))
            }
            T::SchemaError(s) | T::FieldNotFound(s) => RankedProblem::Schema(s),
            e => RankedProblem::Other(e.to_string()),
        }
    }
}
