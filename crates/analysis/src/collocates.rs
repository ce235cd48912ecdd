//! Collocations of a term: words that occur within `window` characters of
//! its hits (same paragraph), scored by logDice and mutual information.
//!
//! Key decision: candidate words come from jieba on the context windows,
//! but every count is exact — co-occurrence is the number of times the word
//! occurs as a substring in the windows, and a word's frequency is its exact
//! occurrence count in the same articles — so nothing depends on how jieba
//! happened to cut a particular sentence.

use std::collections::HashMap;
use tifa_index::Segmenter;
use tifa_library::{SearchFilter, Searcher, SortKwic};

/// One collocate.
#[derive(Clone, Debug, PartialEq)]
pub struct Collocate {
    pub word: String,
    /// Occurrences within the windows.
    pub cooccurrences: usize,
    /// Occurrences in the articles searched.
    pub frequency: usize,
    pub log_dice: f64,
    pub mi: f64,
}

/// Order of collocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollocateSort {
    LogDice,
    Mi,
}

/// Collocates of `term` with at least `min` co-occurrences, best first.
pub fn collocates(
    s: &Searcher,
    seg: &Segmenter,
    term: &str,
    window: usize,
    min: usize,
    filter: &SearchFilter,
    sort: CollocateSort,
) -> Vec<Collocate> {
    let lines = s.kwic(term, false, filter, window, SortKwic::Position, 0);
    let hits = lines.len();
    if hits == 0 {
        return Vec::new();
    }
    // Candidates: words jieba finds in the windows, at least `min` times.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for l in &lines {
        for side in [&l.left, &l.right] {
            for w in seg.words(side) {
                if w.chars().count() >= 2 && w != term && !term.contains(w.as_str()) {
                    *seen.entry(w).or_default() += 1;
                }
            }
        }
    }
    let total: i64 = s
        .accepted(filter)
        .iter()
        .filter_map(|id| s.meta(*id))
        .map(|m| m.chars)
        .sum();
    let mut out = Vec::new();
    for word in seen.into_iter().filter(|(_, n)| *n >= min).map(|(w, _)| w) {
        let co: usize = lines
            .iter()
            .map(|l| crate::occurrences(&l.left, &word) + crate::occurrences(&l.right, &word))
            .sum();
        let freq = s.count(&word, false, filter).occurrences;
        if co < min || freq == 0 {
            continue;
        }
        let (fx, fy, fxy) = (freq as f64, hits as f64, co as f64);
        let log_dice = 14.0 + (2.0 * fxy / (fx + fy)).log2();
        let mi = (fxy * total as f64 / (fx * fy * 2.0 * window as f64)).log2();
        out.push(Collocate {
            word,
            cooccurrences: co,
            frequency: freq,
            log_dice,
            mi,
        });
    }
    let key = |c: &Collocate| match sort {
        CollocateSort::LogDice => c.log_dice,
        CollocateSort::Mi => c.mi,
    };
    out.sort_by(|a, b| key(b).total_cmp(&key(a)).then_with(|| a.word.cmp(&b.word)));
    out
}
