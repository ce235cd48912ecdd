//! Trends: occurrences of terms per year, month or source, per 10,000
//! characters of that period's text.
//!
//! Key decision: the period of every counted article is worked out once
//! (`Periods`), then each term costs one pass over its per-text counts from
//! the exact index — no per-article metadata lookups on the hot path.

use std::collections::{BTreeMap, HashMap};
use tifa_library::{Meta, Period, SearchFilter, Searcher};

/// Occurrences of a term in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub term: String,
    pub period: String,
    pub occurrences: usize,
    /// Characters of text of the period (articles counted).
    pub chars: i64,
    pub per_10k: f64,
}

/// The articles that count: all accepted ones with a period, or with
/// `by_work` one per work (the earliest dated, then the smallest key).
pub(crate) fn counted<'s>(
    s: &'s Searcher,
    filter: &SearchFilter,
    by: Period,
    by_work: bool,
) -> HashMap<i64, &'s str> {
    let mut chosen: HashMap<i64, (i64, &Meta)> = HashMap::new(); // work -> article
    let mut out = HashMap::new();
    for id in s.accepted(filter) {
        let Some(m) = s.meta(id) else { continue };
        let Some(p) = by.of(m) else { continue };
        if by_work {
            let better =
                |cur: &(i64, &Meta)| (m.date.as_deref(), id) < (cur.1.date.as_deref(), cur.0);
            match chosen.get(&m.work) {
                Some(cur) if !better(cur) => {}
                _ => {
                    chosen.insert(m.work, (id, m));
                }
            }
        } else {
            out.insert(id, p);
        }
    }
    for (id, m) in chosen.into_values() {
        out.insert(id, by.of(m).expect("checked"));
    }
    out
}

/// The periods of the counted articles, with their amount of text.
pub struct Periods<'s> {
    /// Period names in order, and characters of text of each.
    names: Vec<&'s str>,
    chars: Vec<i64>,
    /// Counted article → period index.
    article: HashMap<i64, usize>,
    /// Indexed text (holder key) → period index of each counted article sharing it.
    text: HashMap<i64, Vec<usize>>,
}

impl<'s> Periods<'s> {
    /// Periods of the articles `filter` accepts (one per work with `by_work`).
    pub fn new(s: &'s Searcher, filter: &SearchFilter, by: Period, by_work: bool) -> Periods<'s> {
        let arts = counted(s, filter, by, by_work);
        let mut chars: BTreeMap<&str, i64> = BTreeMap::new();
        for (id, p) in &arts {
            *chars.entry(p).or_default() += s.meta(*id).map_or(0, |m| m.chars);
        }
        let index: HashMap<&str, usize> = chars.keys().enumerate().map(|(i, p)| (*p, i)).collect();
        let article: HashMap<i64, usize> = arts.iter().map(|(id, p)| (*id, index[p])).collect();
        let mut text: HashMap<i64, Vec<usize>> = HashMap::new();
        for (id, p) in &article {
            text.entry(s.holder(*id)).or_default().push(*p);
        }
        Periods {
            names: chars.keys().copied().collect(),
            chars: chars.into_values().collect(),
            article,
            text,
        }
    }

    /// Rows of `term` for every period that has text, in period order.
    pub fn rows(&self, s: &Searcher, term: &str, ignore_punct: bool) -> Vec<TrendRow> {
        let mut occ = vec![0usize; self.names.len()];
        if ignore_punct {
            for (id, (n, _)) in s.articles_with(term, true, &SearchFilter::default()) {
                if let Some(p) = self.article.get(&id) {
                    occ[*p] += n;
                }
            }
        } else {
            s.counts_by_text(term, |holder, n| {
                for p in self.text.get(&holder).into_iter().flatten() {
                    occ[*p] += n;
                }
            });
        }
        self.names
            .iter()
            .zip(&self.chars)
            .zip(occ)
            .map(|((p, c), n)| TrendRow {
                term: term.to_string(),
                period: p.to_string(),
                occurrences: n,
                chars: *c,
                per_10k: if *c > 0 {
                    n as f64 * 10_000.0 / *c as f64
                } else {
                    0.0
                },
            })
            .collect()
    }
}

/// Rows for every term and every period that has text, in period order.
pub fn trend(
    s: &Searcher,
    terms: &[String],
    by: Period,
    by_work: bool,
    ignore_punct: bool,
    filter: &SearchFilter,
) -> Vec<TrendRow> {
    let periods = Periods::new(s, filter, by, by_work);
    terms
        .iter()
        .flat_map(|t| periods.rows(s, t, ignore_punct))
        .collect()
}
