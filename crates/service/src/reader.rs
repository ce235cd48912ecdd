//! A read view of the library: one connection for metadata, plus the exact
//! index (`Searcher`) and the segmenter, each opened at most once per view.
//!
//! Key decision: the indexes are `Arc`s that a long-lived front end (the
//! server) opens once per library generation and hands to every request's
//! `Reader`; the CLI lets a `Reader` open them on demand.

use crate::Result;
use std::cell::OnceCell;
use std::sync::Arc;
use tifa_index::Segmenter;
use tifa_library::{Library, Searcher};

/// A read view of one library.
pub struct Reader<'a> {
    lib: &'a Library,
    searcher: OnceCell<Arc<Searcher>>,
    segmenter: OnceCell<Arc<Segmenter>>,
}

impl<'a> Reader<'a> {
    /// A view that opens each index when first needed (the CLI).
    pub fn new(lib: &'a Library) -> Reader<'a> {
        Reader {
            lib,
            searcher: OnceCell::new(),
            segmenter: OnceCell::new(),
        }
    }

    /// A view over indexes opened earlier (the server). Those not given are
    /// opened on demand.
    pub fn with_indexes(
        lib: &'a Library,
        searcher: Option<Arc<Searcher>>,
        segmenter: Option<Arc<Segmenter>>,
    ) -> Reader<'a> {
        let r = Reader::new(lib);
        if let Some(s) = searcher {
            let _ = r.searcher.set(s);
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

    /// Whether the exact index is open already (then it answers, not the
    /// library's catalog).
    pub fn has_searcher(&self) -> bool {
        self.searcher.get().is_some()
    }

    /// The exact index with article metadata.
    pub fn searcher(&self) -> Result<&Searcher> {
        if let Some(s) = self.searcher.get() {
            return Ok(s);
        }
        let s = Arc::new(self.lib.searcher()?);
        Ok(self.searcher.get_or_init(|| s))
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
