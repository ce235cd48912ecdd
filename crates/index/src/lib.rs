//! Indexes over article text: an exact substring index (suffix array
//! segments) that finds every occurrence of any string; BM25 relevance
//! computed from its counts (`bm25`); and (see `ranked`) a word-segmented
//! tantivy + jieba index, the baseline `tifa bench` measures against.
//!
//! Key decision: exact search does not segment words at all. Segmenting
//! indexes lose hits inside longer words (质量发展 in 高质量发展); a suffix
//! array answers any substring with recall 1.0 in O(m log n), and its range
//! size is the occurrence count. Why hand-written: no maintained crate offers
//! a memory-mapped, on-disk suffix array with article and paragraph mapping;
//! construction itself uses libdivsufsort (the `cdivsufsort` crate).

pub mod bm25;
mod error;
pub mod ranked;
pub mod segment;

pub use bm25::Bm25;
pub use error::{IndexError, REPAIR, RankedAction, RankedProblem};
pub use ranked::{Ranked, RankedWriter, Segmentation, Segmenter};
pub use segment::{Hit, Integrity, Segment, SegmentBuilder};
