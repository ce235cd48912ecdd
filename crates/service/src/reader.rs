//! A read view of the library: one connection for metadata, plus the exact
//! index (`Searcher`), the ranked index and the segmenter, each opened at
//! most once per view.
//!
//! Key decision: the indexes are `Arc`s that a long-lived front end (the
//! server) opens once per library generation and hands to every request's
//! `Reader`; the CLI lets a `Reader` open them on demand. A server-made view
//! opens the ranked index as it is (`Library::ranked_read`), so a read never
//! waits on the index writer; the CLI's views use `Library::ranked`, which
//! brings it up to date first unless the library was opened with `open_read`.

use crate::Result;
use std::cell::OnceCell;
use std::sync::Arc;
use tifa_index::{Ranked, Segmenter};
use tifa_library::{Library, Searcher};

/// A read view of one library.
pub struct Reader<'a> {
    lib: &'a Library,
    searcher: OnceCell<Arc<Searcher>>,
    ranked: OnceCell<Arc<Ranked>>,
    segmenter: OnceCell<Arc<Segmenter>>,
    sync_ranked: bool,
}

impl<'a> Reader<'a> {
    /// A view that opens each index when first needed, the ranked index with
    /// `Library::ranked` (the CLI).
    pub fn new(lib: &'a Library) -> Reader<'a> {
        Reader {
            lib,
            searcher: OnceCell::new(),
            ranked: OnceCell::new(),
            segmenter: OnceCell::new(),
            sync_ranked: true,
        }
    }

    /// A view over indexes opened earlier (the server). Those not given are
    /// opened on demand, the ranked index as it is, never synced.
    pub fn with_indexes(
        lib: &'a Library,
        searcher: Option<Arc<Searcher>>,
        ranked: Option<Arc<Ranked>>,
        segmenter: Option<Arc<Segmenter>>,
    ) -> Reader<'a> {
        let r = Reader {
            sync_ranked: false,
            ..Reader::new(lib)
        };
        if let Some(s) = searcher {
            let _ = r.searcher.set(s);
        }
        if let Some(x) = ranked {
            let _ = r.ranked.set(x);
        }
        if let Some(x) = segmenter {
            let _ = r.segmenter.set(x);
        }
        r
    }

    /// Run a use case on this view; when a metadata read behind its answer
    /// failed (a damaged database), report that instead of the answer.
    pub(crate) fn answer<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let out = f()?;
        if let Some(s) = self.searcher.get() {
            s.check()?;
        }
        Ok(out)
    }

    /// The library.
    pub fn library(&self) -> &'a Library {
        self.lib
    }

    /// The exact index with article metadata.
    pub fn searcher(&self) -> Result<&Searcher> {
        if let Some(s) = self.searcher.get() {
            return Ok(s);
        }
        let s = Arc::new(self.lib.searcher()?);
        Ok(self.searcher.get_or_init(|| s))
    }

    /// The ranked index.
    pub fn ranked(&self) -> Result<&Ranked> {
        if let Some(r) = self.ranked.get() {
            return Ok(r);
        }
        let r = if self.sync_ranked {
            self.lib.ranked()?
        } else {
            self.lib.ranked_read()?
        };
        Ok(self.ranked.get_or_init(|| Arc::new(r)))
    }

    /// jieba with the library's user dictionary.
    pub fn segmenter(&self) -> Result<&Segmenter> {
        if let Some(s) = self.segmenter.get() {
            return Ok(s);
        }
        let s = Arc::new(self.lib.segmenter()?);
        Ok(self.segmenter.get_or_init(|| s))
    }
}
