//! Keeping the ranked (tantivy) index in step with the library.
//!
//! Key decision: one reconciliation path serves `add`, `rm` and recovery.
//! The library's generation moves on with every committed change; when the
//! ranked index's payload names another generation, the documents it lacks
//! are added and the ones the library no longer has are deleted, then it is
//! committed with the current generation. A process killed anywhere leaves
//! either the old or the new state, and the next sync finishes the job.

use crate::error::LibraryError;
use crate::store::Library;
use std::collections::HashSet;
use tifa_index::{Ranked, Segmentation};

/// What a sync did.
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncReport {
    pub added: usize,
    pub deleted: usize,
    pub seconds: f64,
}

impl Library {
    /// The library generation (moves on with every committed change).
    pub fn generation(&self) -> Result<i64, LibraryError> {
        Ok(self.conn()?.query_row(
            "SELECT value FROM state WHERE key = 'generation'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Open the ranked index, bringing it up to date first if it is stale.
    /// Every write syncs it, so a read finds it stale only after a crash, a
    /// deleted `ranked/` or while a write is under way. A library opened
    /// with `open_read` then tries the sync, and when another process holds
    /// tantivy's writer lock (the write under way, which syncs it next) it
    /// ranks with what the index has: the exact index still decides what
    /// matches, only the order can lag.
    pub fn ranked(&self) -> Result<Ranked, LibraryError> {
        let r = self.open_ranked()?;
        match self.sync(&r, |_, _| {}) {
            Err(LibraryError::Index(tifa_index::IndexError::Busy(_))) if self.read_only => {}
            other => {
                other?;
            }
        }
        Ok(r)
    }

    /// Open the ranked index as it is, without bringing it up to date: for
    /// readers that must not take the index writer's lock (the server). A
    /// stale index only orders results differently; what matches is exact.
    pub fn ranked_read(&self) -> Result<Ranked, LibraryError> {
        self.open_ranked()
    }

    fn open_ranked(&self) -> Result<Ranked, LibraryError> {
        Ok(Ranked::open(
            &self.dir.join("ranked"),
            Segmentation::Search,
            self.segmenter()?,
        )?)
    }

    /// Bring the ranked index to the library's generation; `progress(done, total)`.
    pub fn sync_ranked(
        &self,
        progress: impl FnMut(usize, usize),
    ) -> Result<SyncReport, LibraryError> {
        self.sync(&self.open_ranked()?, progress)
    }

    fn sync(
        &self,
        r: &Ranked,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<SyncReport, LibraryError> {
        let t = std::time::Instant::now();
        // The payload names the library generation and the dictionary version.
        let dictionary = self.dictionary_version()?.to_string();
        let payload = format!("{}/{dictionary}", self.generation()?);
        let found = r.payload();
        if found.as_deref() == Some(payload.as_str()) {
            return Ok(SyncReport::default());
        }
        let same_words = found
            .as_deref()
            .and_then(|p| p.split_once('/'))
            .is_some_and(|(_, d)| d == dictionary);
        // Documents tokenised with another dictionary are all redone.
        let indexed: Vec<u64> = r.keys()?;
        let have: HashSet<u64> = if same_words {
            indexed.iter().copied().collect()
        } else {
            HashSet::new()
        };
        let live: Vec<(i64, String)> = self
            .conn()?
            .prepare("SELECT id, title FROM articles WHERE same_text_as IS NULL ORDER BY id")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let live_keys: HashSet<u64> = live.iter().map(|(id, _)| *id as u64).collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        // A reader does not wait for a write under way (which syncs next).
        let mut w = if self.read_only {
            r.writer_now(threads)?
        } else {
            r.writer(threads)?
        };
        let mut report = SyncReport::default();
        for k in indexed
            .iter()
            .filter(|k| !have.contains(k) || !live_keys.contains(k))
        {
            w.delete(*k);
            report.deleted += 1;
        }
        let missing: Vec<&(i64, String)> = live
            .iter()
            .filter(|(id, _)| !have.contains(&(*id as u64)))
            .collect();
        let mut body = self.conn()?.prepare(
            "SELECT text FROM paragraphs WHERE article = ? AND flag IS NULL ORDER BY seq",
        )?;
        for (i, (id, title)) in missing.iter().enumerate() {
            let text: Vec<String> = body
                .query_map([id], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            w.add(*id as u64, title, &text.join("\n"))?;
            report.added += 1;
            progress(i + 1, missing.len());
        }
        w.commit(&payload)?;
        report.seconds = t.elapsed().as_secs_f64();
        Ok(report)
    }
}
