//! Index errors.

/// What went wrong with an index file.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("索引文件读写失败 index file I/O on {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("索引文件损坏 corrupt index file {path}: {why}")]
    Corrupt {
        path: std::path::PathBuf,
        why: String,
    },
    #[error(
        "另一个 tifa 进程正在写入文库 another tifa process is writing this library ({0}); try again when it is done"
    )]
    Busy(std::path::PathBuf),
    #[error("段过大 segment too large: {0} bytes (at most 2 GiB of text per segment)")]
    TooLarge(usize),
}
