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
mod newterms;
mod png;
mod svg;
mod targets;
mod trend;

pub use collocates::{Collocate, CollocateSort, collocates};
pub use diff::{AlignedParagraph, Change, Diff, Formulation, char_diff, diff};
pub use first::{First, date_key, first};
pub use keywords::{Keyword, Method, STOPLIST, keywords, log_likelihood};
pub use newterms::{MAX_LEN, NewTerm, NewTerms, NewTermsOptions, discover, newterms};
pub use png::{PlotError, png};
pub use svg::plot;
pub use targets::{Target, targets};
pub use trend::{TrendRow, trend};

/// Of nested strings that occur equally often (新质 inside 新质生产力), keep
/// the longest: the shorter never occurs on its own, so it adds nothing.
/// `key` gives an item's text and count.
fn drop_nested<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (&str, usize)) {
    let all: Vec<(String, usize)> = items
        .iter()
        .map(|x| (key(x).0.to_string(), key(x).1))
        .collect();
    items.retain(|x| {
        let (text, n) = key(x);
        !all.iter()
            .any(|(t, m)| t != text && *m == n && t.contains(text))
    });
}

/// Overlapping occurrences of `needle` in `hay` (what the exact index counts).
fn occurrences(hay: &str, needle: &str) -> usize {
    hay.char_indices()
        .filter(|(i, _)| hay[*i..].starts_with(needle))
        .count()
}
