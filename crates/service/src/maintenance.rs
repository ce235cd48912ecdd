//! Keeping the library: the user dictionary (`dict`), `reindex`, `verify`, and the
//! status a front end shows (article and work counts, generation).
//!
//! Key decision: no index segments words, so a dictionary change is one
//! transaction and takes effect at the next analysis; nothing is rebuilt.

use crate::{Reader, Result};
use serde::{Deserialize, Serialize};
use tifa_library::{Finding, Library, SearchFilter};
use utoipa::ToSchema;

/// The user dictionary, in order.
pub fn dictionary(lib: &Library) -> Result<Vec<String>> {
    Ok(lib.dictionary()?)
}

/// A dictionary change.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DictChange {
    /// Terms actually added or removed.
    pub changed: Vec<String>,
}

/// Add (`add = true`) or remove terms.
pub fn change_dictionary(lib: &mut Library, terms: &[String], add: bool) -> Result<DictChange> {
    let changed = if add {
        lib.add_words(terms)?
    } else {
        lib.remove_words(terms)?
    };
    Ok(DictChange { changed })
}

/// What `reindex` did.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Reindexed {
    /// Seconds to rebuild the exact index.
    pub seconds: f64,
    /// Live articles, all indexed.
    pub articles: usize,
}

/// Rebuild the exact index from the library.
pub fn reindex(lib: &mut Library) -> Result<Reindexed> {
    let t = std::time::Instant::now();
    lib.reindex()?;
    let seconds = t.elapsed().as_secs_f64();
    let articles = lib.searcher()?.accepted(&SearchFilter::default()).len();
    Ok(Reindexed { seconds, articles })
}

/// One finding of `verify`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct VerifyFinding {
    pub check: String,
    pub subject: String,
    pub problem: String,
    pub repair: String,
}

/// What `verify` looked at.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct VerifyChecked {
    pub articles: usize,
    pub segments: usize,
    pub segment_bytes: u64,
    /// A current catalog of plain counts was compared with the database.
    pub catalog: bool,
}

/// `verify --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct VerifyResult {
    pub ok: bool,
    pub problems: Vec<VerifyFinding>,
    pub warnings: Vec<VerifyFinding>,
    pub checked: VerifyChecked,
}

/// Check the library end to end (only reports).
pub fn verify(lib: &Library) -> Result<VerifyResult> {
    let r = lib.verify()?;
    let list = |v: &[Finding]| {
        v.iter()
            .map(|f| VerifyFinding {
                check: f.check.as_str().to_string(),
                subject: f.subject.clone(),
                problem: f.message.clone(),
                repair: f.repair.clone(),
            })
            .collect()
    };
    let c = r.checked;
    Ok(VerifyResult {
        ok: r.ok(),
        problems: list(&r.problems),
        warnings: list(&r.warnings),
        checked: VerifyChecked {
            articles: c.articles,
            segments: c.segments,
            segment_bytes: c.segment_bytes,
            catalog: c.catalog,
        },
    })
}

/// The library at a glance.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Status {
    pub articles: usize,
    /// Same-work groups count once.
    pub works: usize,
    /// Moves on with every committed change.
    pub generation: i64,
    /// Set by the server: mutating requests are refused.
    pub read_only: bool,
    pub version: String,
}

/// Articles, works and the generation.
pub fn status(r: &Reader<'_>) -> Result<Status> {
    r.answer(|| {
        let generation = r.library().generation()?;
        let s = r.searcher()?;
        let live = s.accepted(&SearchFilter::default());
        let works: std::collections::HashSet<i64> = live
            .iter()
            .filter_map(|id| s.meta(*id).map(|m| m.work))
            .collect();
        Ok(Status {
            articles: live.len(),
            works: works.len(),
            generation,
            read_only: false,
            version: env!("CARGO_PKG_VERSION").to_string(),
        })
    })
}
