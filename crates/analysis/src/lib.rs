//! 提法 analytics over the exact index: how often a formulation is used per
//! period (normalised by the amount of text of that period), where it first
//! appears, and the annual targets of government work reports.
//!
//! Key decision: every count comes from the exact index (no segmentation),
//! and `by_work` keeps one article per same-work group — the earliest dated —
//! so a text reprinted in five compilations weighs as one.

mod collocates;
mod diff;
mod first;
mod keywords;
mod svg;
mod targets;
mod trend;

pub use collocates::{Collocate, CollocateSort, collocates};
pub use diff::{AlignedParagraph, Change, Diff, Formulation, char_diff, diff};
pub use first::{First, date_key, first};
pub use keywords::{Keyword, Method, STOPLIST, keywords, log_likelihood};
pub use svg::plot;
pub use targets::{Target, targets};
pub use trend::{TrendRow, trend};
