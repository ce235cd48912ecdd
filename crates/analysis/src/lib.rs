//! 提法 analytics over the exact index: how often a formulation is used per
//! period (normalised by the amount of text of that period), where it first
//! appears, and the annual targets of government work reports.
//!
//! Key decision: every count comes from the exact index (no segmentation),
//! and `by_work` keeps one article per same-work group — the earliest dated —
//! so a text reprinted in five compilations weighs as one.

mod collate;
mod collocates;
mod diff;
mod first;
mod keywords;
mod newterms;
mod png;
mod quotes;
mod svg;
mod targets;
mod trend;

pub use collate::{Collation, Passage, ReadingKind, Row, Unit, collate};
pub use collocates::{Collocate, CollocateSort, collocates};
pub use diff::{
    AlignedRow, Change, Diff, Formulation, MIN_SIMILARITY, RowKind, Sentence, align, char_diff,
    diff, normalize, sentences, word_diff,
};
pub use first::{First, date_key, first, sentence_at};
pub use keywords::{
    GENERIC, Keyword, LEADING, Method, STOPLIST, TRAILING, bare, covered_shares, is_use, keywords,
    length_weight, log_likelihood,
};
pub use newterms::{
    EVENTS, GENERAL_FREQ, LAST_WORDS, MAX_LEN, NewTerm, NewTerms, NewTermsError, NewTermsOptions,
    OFFICES, Stage, discover, is_general_word, newterms,
};
pub use png::{PlotError, png};
pub use quotes::{DiffKind, Difference, Match, Span, SpanKind, close_enough, find, spans, weight};
pub use svg::plot;
pub use targets::{Target, targets};
pub use trend::{Periods, TrendRow, trend};

/// Of nested strings that occur equally often (新质 inside 新质生产力), keep
/// the longest: the shorter never occurs on its own, so it adds nothing.
/// `key` gives an item's text and count.
/// Linear in the items (each one's substrings are looked up), not quadratic.
fn drop_nested<T>(items: &mut Vec<T>, key: impl Fn(&T) -> (&str, usize)) {
    let count: std::collections::HashMap<String, usize> = items
        .iter()
        .map(|x| (key(x).0.to_string(), key(x).1))
        .collect();
    let mut nested: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (t, n) in &count {
        let at: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
        for (a, &i) in at.iter().enumerate() {
            for &j in &at[a + 1..] {
                let s = &t[i..j];
                if s.len() < t.len() && count.get(s) == Some(n) {
                    nested.insert(s.to_string());
                }
            }
        }
    }
    items.retain(|x| !nested.contains(key(x).0));
}

/// Overlapping occurrences of `needle` in `hay` (what the exact index counts).
fn occurrences(hay: &str, needle: &str) -> usize {
    hay.char_indices()
        .filter(|(i, _)| hay[*i..].starts_with(needle))
        .count()
}
