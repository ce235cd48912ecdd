//! Trends: occurrences of terms per year, month or source, per 10,000
//! characters of that period's text.
//!
//! Key decision: the period of every counted article is worked out once
//! (`Periods`), then each term costs one pass over its per-text counts from
//! the exact index — no per-article metadata lookups on the hot path. The
//! excerpts of a collection are dated by their own citations: their text
//! and their hits count in their own periods (a few articles, counted hit
//! by hit).

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

/// The articles that count: all accepted ones with a period (or, by date,
/// with excerpts dated by their citations), or with `by_work` one per work
/// (the earliest dated, then the smallest key). Each with its own period.
pub(crate) fn counted<'s>(
    s: &'s Searcher,
    filter: &SearchFilter,
    by: Period,
    by_work: bool,
) -> HashMap<i64, Option<&'s str>> {
    let mut chosen: HashMap<i64, (i64, &Meta)> = HashMap::new(); // work -> article
    let mut out = HashMap::new();
    for id in s.accepted(filter) {
        let Some(m) = s.meta(id) else { continue };
        let p = by.of(m);
        if p.is_none() && !(by.by_date() && s.cited(id).is_some()) {
            continue;
        }
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
        out.insert(id, by.of(m));
    }
    out
}

/// The periods of the counted articles, with their amount of text.
pub struct Periods<'s> {
    /// Period names in order, and characters of text of each.
    names: Vec<&'s str>,
    chars: Vec<i64>,
    /// Counted article → period index (articles without dated excerpts).
    article: HashMap<i64, usize>,
    /// Indexed text (holder key) → period index of each such article sharing it.
    text: HashMap<i64, Vec<usize>>,
    /// Counted articles with dated excerpts: the article's own period and
    /// each dated excerpt's (body paragraph → period index).
    excerpts: HashMap<i64, (Option<usize>, HashMap<usize, usize>)>,
}

impl<'s> Periods<'s> {
    /// Periods of the articles `filter` accepts (one per work with `by_work`).
    /// The text of an excerpt dated by its citation counts in its own period.
    pub fn new(s: &'s Searcher, filter: &SearchFilter, by: Period, by_work: bool) -> Periods<'s> {
        let arts = counted(s, filter, by, by_work);
        let excerpts_of = |id: i64| s.cited(id).filter(|_| by.by_date());
        let mut chars: BTreeMap<&str, i64> = BTreeMap::new();
        for (id, p) in &arts {
            let total = s.meta(*id).map_or(0, |m| m.chars);
            match excerpts_of(*id) {
                Some(cited) => {
                    let mut own = total;
                    for c in cited {
                        if let Some(q) = by.of_date(&c.date) {
                            *chars.entry(q).or_default() += c.chars;
                            own -= c.chars;
                        }
                    }
                    if let Some(p) = p {
                        *chars.entry(p).or_default() += own.max(0);
                    }
                }
                None => {
                    if let Some(p) = p {
                        *chars.entry(p).or_default() += total;
                    }
                }
            }
        }
        let index: HashMap<&str, usize> = chars.keys().enumerate().map(|(i, p)| (*p, i)).collect();
        let mut article = HashMap::new();
        let mut excerpts = HashMap::new();
        for (id, p) in &arts {
            let own = p.map(|p| index[p]);
            match excerpts_of(*id) {
                Some(cited) => {
                    let by_para = cited
                        .iter()
                        .filter_map(|c| by.of_date(&c.date).map(|q| (c.paragraph, index[q])))
                        .collect();
                    excerpts.insert(*id, (own, by_para));
                }
                None => {
                    if let Some(o) = own {
                        article.insert(*id, o);
                    }
                }
            }
        }
        let mut text: HashMap<i64, Vec<usize>> = HashMap::new();
        for (id, p) in &article {
            text.entry(s.holder(*id)).or_default().push(*p);
        }
        Periods {
            names: chars.keys().copied().collect(),
            chars: chars.into_values().collect(),
            article,
            text,
            excerpts,
        }
    }

    /// Rows of `term` for every period that has text, in period order.
    pub fn rows(&self, s: &Searcher, term: &str, ignore_punct: bool, fold: bool) -> Vec<TrendRow> {
        let mut occ = vec![0usize; self.names.len()];
        if ignore_punct || fold {
            let every = SearchFilter {
                fold,
                ..Default::default()
            };
            for (id, (n, _)) in s.articles_with(term, ignore_punct, &every) {
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
        // Excerpts: each hit in the period of its own paragraph.
        for (id, (own, by_para)) in &self.excerpts {
            for h in s.hits_in(term, ignore_punct, fold, *id) {
                let p = by_para.get(&s.paragraph_index(&h)).copied().or(*own);
                if let Some(p) = p {
                    occ[p] += 1;
                }
            }
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
        .flat_map(|t| periods.rows(s, t, ignore_punct, filter.fold))
        .collect()
}
