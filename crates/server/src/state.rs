//! What every request shares: the data directory, the long-lived indexes
//! (reopened when the library generation or the dictionary moves), the
//! writer `Library` behind a mutex, and the access rules (read-only, token,
//! allowed host names).
//!
//! Key decision: each read opens its own read-only SQLite connection (cheap,
//! never waits for a writer) and borrows the shared indexes; only the
//! indexes are long-lived, because they are what is expensive to open.

use crate::error::ApiError;
use crate::{Config, ServerError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tifa_index::Segmenter;
use tifa_library::{Library, Searcher};
use tifa_service::Reader;

/// Indexes of one library generation.
struct Indexes {
    generation: i64,
    dictionary: i64,
    searcher: Arc<Searcher>,
    segmenter: Option<Arc<Segmenter>>,
}

/// Which shared indexes a read needs besides the exact one.
#[derive(Clone, Copy, Default)]
pub struct Needs {
    pub segmenter: bool,
}

/// Shared server state.
pub struct Shared {
    pub dir: PathBuf,
    pub read_only: bool,
    pub token: Option<String>,
    /// Host header values answered (loopback only; empty = any).
    pub hosts: Vec<String>,
    writer: Mutex<Option<Library>>,
    indexes: Mutex<Option<Indexes>>,
    uploads: AtomicU64,
    /// Uploads run in the background (`background=true`).
    pub jobs: crate::jobs::Jobs,
}

pub type State = Arc<Shared>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in one request must not take the server down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Open the library in `config.data` (created if missing, unless
    /// read-only and already there).
    pub fn open(config: &Config, bound: SocketAddr) -> Result<State, ServerError> {
        let lib_err = |source| ServerError::Library {
            path: config.data.display().to_string(),
            source,
        };
        let writer = if config.read_only {
            // Creates the library if it does not exist yet, writes nothing else.
            Library::open_read(&config.data).map_err(lib_err)?;
            None
        } else {
            Some(Library::open(&config.data).map_err(lib_err)?)
        };
        let hosts = if bound.ip().is_loopback() {
            let p = bound.port();
            vec![
                format!("127.0.0.1:{p}"),
                format!("localhost:{p}"),
                format!("[::1]:{p}"),
                bound.to_string(),
            ]
        } else {
            Vec::new()
        };
        Ok(Arc::new(Shared {
            dir: config.data.clone(),
            read_only: config.read_only,
            token: config.token.as_ref().map(|t| t.trim().to_string()),
            hosts,
            writer: Mutex::new(writer),
            indexes: Mutex::new(None),
            uploads: AtomicU64::new(0),
            jobs: Default::default(),
        }))
    }

    /// Run `f` on a read view with the shared indexes (blocking).
    pub fn read<T>(
        &self,
        needs: Needs,
        f: impl FnOnce(&Reader<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let lib = Library::open_read(&self.dir)?;
        let generation = lib.generation()?;
        let dictionary = lib.dictionary_version()?;
        let (searcher, segmenter) = {
            let mut slot = lock(&self.indexes);
            let fresh = slot
                .as_ref()
                .is_some_and(|x| x.generation == generation && x.dictionary == dictionary);
            if !fresh {
                *slot = Some(Indexes {
                    generation,
                    dictionary,
                    searcher: Arc::new(lib.searcher()?),
                    segmenter: None,
                });
            }
            let x = slot.as_mut().expect("indexes just set");
            if needs.segmenter && x.segmenter.is_none() {
                x.segmenter = Some(Arc::new(lib.segmenter()?));
            }
            (x.searcher.clone(), x.segmenter.clone())
        };
        let reader = Reader::with_indexes(&lib, Some(searcher), segmenter);
        f(&reader)
    }

    /// Run `f` on a plain read-only library (blocking).
    pub fn library<T>(
        &self,
        f: impl FnOnce(&Library) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let lib = Library::open_read(&self.dir)?;
        f(&lib)
    }

    /// Run `f` with the writer library, one write at a time (blocking). The
    /// shared indexes are dropped afterwards, so the next read sees the change.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut w = lock(&self.writer);
        let Some(lib) = w.as_mut() else {
            return Err(read_only());
        };
        let out = f(lib);
        *lock(&self.indexes) = None;
        out
    }

    /// A fresh, empty staging folder for one upload, inside the data directory.
    pub fn staging_dir(&self) -> Result<Staging, ApiError> {
        let n = self.uploads.fetch_add(1, Ordering::SeqCst);
        let dir = self.dir.join(format!(".upload-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| ApiError::internal(format!("暂存目录 staging folder: {e}")))?;
        Ok(Staging(dir))
    }
}

/// The 403 of a read-only server.
pub fn read_only() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::FORBIDDEN,
        "read_only",
        "只读模式，不能修改文库 the server is read-only (--read-only): the library cannot be changed",
    )
}

/// An upload's staging folder, removed when dropped.
pub struct Staging(PathBuf);

impl Staging {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
