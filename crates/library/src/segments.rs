//! Exact-index segments on disk: each batch of additions writes one segment
//! file under `segments/` and records it in the `segments` table inside the
//! batch's transaction; too many segments, or too much removed text, are
//! merged into one.
//!
//! Key decision: the SQLite table is the manifest. A segment file is live
//! exactly when a committed row names it, so a crash can only leave an
//! unreferenced file (deleted on the next open), never a half-indexed library.

use crate::error::LibraryError;
use crate::store::Library;
use rusqlite::{Transaction, params};
use std::path::{Path, PathBuf};
use tifa_index::{Segment, SegmentBuilder};

/// Merge when there are more segments than this.
const MAX_SEGMENTS: i64 = 64;
/// Segment size when rebuilding everything.
const REBUILD_CHUNK: usize = 256 << 20;

/// Remove the files in `dir` that `leftover` names and that are older than
/// an hour: a younger one may belong to a concurrent writer that has not
/// committed (or renamed it) yet.
pub(crate) fn remove_leftovers(dir: &Path, leftover: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if old && leftover(&name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

pub(crate) fn seg_dir(dir: &Path) -> PathBuf {
    dir.join("segments")
}

fn index_err(e: tifa_index::IndexError) -> LibraryError {
    LibraryError::Index(e)
}

/// A segment file written but not yet recorded.
pub(crate) struct SegFile {
    pub path: PathBuf,
    articles: i64,
    bytes: i64,
}

/// A batch starts its first new segment when the current one holds this
/// much text: segments build in parallel with parsing, and copies of a text
/// in different segments spare the suffix sort its slowest case (long
/// repeats).
const CHUNK: usize = 8 << 20;

/// Text of the `k`-th segment a batch writes before starting the next one:
/// 8, 16, 32, then 64 MiB. Key decision: a small add still gets a small
/// segment written early, while a large one ends with few segments (every
/// read command opens each one; 1 GB makes 19, not 128 that would force a
/// merge inside the add). With at most two builds in flight, each needing
/// about five times its text, the exact index of a batch holds at most
/// about 0.7 GB at once however large the add.
pub(crate) fn chunk(k: usize) -> usize {
    CHUNK << k.min(3)
}

/// Builds of one batch that may run at once.
pub(crate) const IN_FLIGHT: usize = 2;

/// Write `builder` as a new segment file (no database access: runs on any thread).
pub(crate) fn build_file(dir: &Path, builder: SegmentBuilder) -> Result<SegFile, LibraryError> {
    let sd = seg_dir(dir);
    std::fs::create_dir_all(&sd).map_err(|e| LibraryError::DataDir {
        path: sd.clone(),
        source: e,
    })?;
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = sd.join(format!("seg-{nanos:x}-{}-{seq}.tsa", std::process::id()));
    let bytes = builder.len() as i64;
    builder.write(&path).map_err(index_err)?;
    let articles = Segment::open(&path).map_err(index_err)?.articles() as i64;
    Ok(SegFile {
        path,
        articles,
        bytes,
    })
}

/// Build a segment file on a background thread.
pub(crate) fn spawn_build(
    dir: &Path,
    builder: SegmentBuilder,
) -> std::thread::JoinHandle<Result<SegFile, LibraryError>> {
    let dir = dir.to_path_buf();
    std::thread::spawn(move || build_file(&dir, builder))
}

/// Record written segment files in the manifest.
pub(crate) fn record(tx: &Transaction, files: &[SegFile]) -> Result<(), LibraryError> {
    for f in files {
        let name = f
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        tx.execute(
            "INSERT INTO segments (file, articles, bytes) VALUES (?, ?, ?)",
            params![name, f.articles, f.bytes],
        )?;
    }
    Ok(())
}

/// Wait for `handles` and add the files they wrote to `written`. If a
/// build failed, every file in `written` and every file the other builds
/// wrote is deleted, and the error returned.
pub(crate) fn join(
    written: &mut Vec<SegFile>,
    handles: Vec<std::thread::JoinHandle<Result<SegFile, LibraryError>>>,
) -> Result<(), LibraryError> {
    let mut failure = None;
    for h in handles {
        match h.join() {
            Ok(Ok(f)) => written.push(f),
            Ok(Err(e)) => failure = Some(e),
            Err(_) => failure = Some(LibraryError::Query("segment build thread panicked".into())),
        }
    }
    match failure {
        None => Ok(()),
        Some(e) => {
            delete_files(&written.drain(..).map(|f| f.path).collect::<Vec<_>>());
            Err(e)
        }
    }
}

/// Merge all segments into one when there are too many or when removed
/// articles make up most of them. Returns the files to delete after commit.
pub(crate) fn compact_if_needed(
    tx: &Transaction,
    dir: &Path,
) -> Result<Vec<PathBuf>, LibraryError> {
    let (n, indexed): (i64, i64) = tx.query_row(
        "SELECT COUNT(*), COALESCE(SUM(articles), 0) FROM segments",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let live: i64 = tx.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
    if n > MAX_SEGMENTS || indexed > 2 * live {
        rebuild(tx, dir)
    } else {
        Ok(Vec::new())
    }
}

/// Replace every segment by one built from all live articles.
pub(crate) fn rebuild(tx: &Transaction, dir: &Path) -> Result<Vec<PathBuf>, LibraryError> {
    let old: Vec<PathBuf> = tx
        .prepare("SELECT file FROM segments")?
        .query_map([], |r| r.get::<_, String>(0))?
        .map(|f| f.map(|f| seg_dir(dir).join(f)))
        .collect::<Result<_, _>>()?;
    tx.execute("DELETE FROM segments", [])?;
    let mut builder = SegmentBuilder::new();
    let mut handles = Vec::new();
    let mut written: Vec<SegFile> = Vec::new();
    // Only articles that hold their text: verbatim reprints point to one of them.
    let mut st = tx.prepare(
        "SELECT p.article, p.text FROM paragraphs p JOIN articles a ON a.id = p.article
         WHERE p.flag IS NULL AND a.same_text_as IS NULL ORDER BY p.article, p.seq",
    )?;
    let mut rows = st.query([])?;
    let mut current: Option<(i64, Vec<String>)> = None;
    let mut flush =
        |id: i64, paras: Vec<String>, builder: &mut SegmentBuilder| -> Result<(), LibraryError> {
            builder.add(id as u64, &paras);
            if builder.len() >= REBUILD_CHUNK {
                // Each build needs about five times its text in memory.
                if handles.len() == IN_FLIGHT {
                    join(&mut written, std::mem::take(&mut handles))?;
                }
                handles.push(spawn_build(dir, std::mem::take(builder)));
            }
            Ok(())
        };
    while let Some(r) = rows.next()? {
        let (a, t): (i64, String) = (r.get(0)?, r.get(1)?);
        match &mut current {
            Some((id, paras)) if *id == a => paras.push(t),
            _ => {
                if let Some((id, paras)) = current.take() {
                    flush(id, paras, &mut builder)?;
                }
                current = Some((a, vec![t]));
            }
        }
    }
    if let Some((id, paras)) = current {
        flush(id, paras, &mut builder)?;
    }
    if !builder.is_empty() {
        handles.push(spawn_build(dir, builder));
    }
    join(&mut written, handles)?;
    record(tx, &written)?;
    Ok(old)
}

/// Delete segment files that are no longer referenced.
pub(crate) fn delete_files(paths: &[PathBuf]) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

impl Library {
    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Open every live segment of the exact index.
    pub fn segments(&self) -> Result<Vec<Segment>, LibraryError> {
        let files: Vec<String> = self
            .conn()?
            .prepare("SELECT file FROM segments ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        files
            .iter()
            .map(|f| Segment::open(&seg_dir(&self.dir).join(f)).map_err(index_err))
            .collect()
    }

    /// Rebuild the exact index from the library (after a crash, a version
    /// upgrade, or on request with `tifa reindex`).
    pub fn reindex(&mut self) -> Result<(), LibraryError> {
        let _catalog = crate::catalog::WriteGuard::take(&self.dir);
        let tx = crate::store::conn_mut(&mut self.conn, &self.dir)?
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let old = rebuild(&tx, &self.dir)?;
        tx.commit()?;
        delete_files(&old);
        Ok(())
    }

    /// Remove segment files no committed row refers to, left by a killed
    /// process (see `remove_leftovers`).
    pub(crate) fn remove_orphan_segments(&self) -> Result<(), LibraryError> {
        let live: Vec<String> = self
            .conn()?
            .prepare("SELECT file FROM segments")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        remove_leftovers(&seg_dir(&self.dir), |name| !live.iter().any(|l| l == name));
        Ok(())
    }
}
