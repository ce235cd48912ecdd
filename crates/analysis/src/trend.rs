//! Trends: occurrences of terms per year, month or source, per 10,000
//! characters of that period's text.

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
pub(crate) fn counted(
    s: &Searcher,
    filter: &SearchFilter,
    by: Period,
    by_work: bool,
) -> HashMap<i64, String> {
    let mut chosen: HashMap<i64, (i64, &Meta)> = HashMap::new(); // work -> article
    let mut out = HashMap::new();
    for id in s.accepted(filter) {
        let Some(m) = s.meta(id) else { continue };
        if by.of(m).is_none() {
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
            out.insert(id, by.of(m).expect("checked"));
        }
    }
    for (id, m) in chosen.into_values() {
        out.insert(id, by.of(m).expect("checked"));
    }
    out
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
    let arts = counted(s, filter, by, by_work);
    let mut chars: BTreeMap<&str, i64> = BTreeMap::new();
    for (id, p) in &arts {
        *chars.entry(p.as_str()).or_default() += s.meta(*id).map_or(0, |m| m.chars);
    }
    let mut rows = Vec::new();
    for t in terms {
        let mut occ: HashMap<&str, usize> = HashMap::new();
        for (id, (n, _)) in s.articles_with(t, ignore_punct, filter) {
            if let Some(p) = arts.get(&id) {
                *occ.entry(p.as_str()).or_default() += n;
            }
        }
        for (p, c) in &chars {
            let n = occ.get(p).copied().unwrap_or(0);
            let per_10k = if *c > 0 {
                n as f64 * 10_000.0 / *c as f64
            } else {
                0.0
            };
            rows.push(TrendRow {
                term: t.clone(),
                period: p.to_string(),
                occurrences: n,
                chars: *c,
                per_10k,
            });
        }
    }
    rows
}
