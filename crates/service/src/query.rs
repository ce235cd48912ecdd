//! Exact queries: `count`, `kwic` and `search`.
//!
//! Key decision: counts and KWIC lines come from the exact index only (recall
//! 1.0); ranked search uses BM25 to order, never to decide what matches. A
//! count of every article (no filter, folding or `--by`) takes live articles
//! and works from the library's catalog when it is current, so it opens no
//! SQLite connection; any other count opens the searcher.
//! KWIC pages (`offset`, `limit`) over every hit, found once: in library
//! order only the page's lines are built, other orders build every line and
//! sort them.

use crate::filter::{By, FilterSpec};
use crate::{ArticleId, Reader, Result};
use serde::{Deserialize, Serialize};
use tifa_library::{SortKwic, parse_query};
use utoipa::ToSchema;

/// Count terms.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CountRequest {
    pub terms: Vec<String>,
    /// Break down by year, month or source.
    pub by: Option<By>,
    pub filter: FilterSpec,
}

/// A line of `count --json`: one term (and period or source with `by`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CountRow {
    pub term: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub year: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    pub occurrences: usize,
    pub articles: usize,
    /// Same-work articles count once.
    pub works: usize,
}

impl CountRow {
    /// The row of `term` over every accepted article.
    fn of(term: &str, c: tifa_library::Counts) -> CountRow {
        CountRow {
            term: term.to_string(),
            year: None,
            month: None,
            source: None,
            occurrences: c.occurrences,
            articles: c.articles,
            works: c.works,
        }
    }

    /// The period or source of a broken-down row.
    pub fn group(&self) -> Option<&str> {
        self.year
            .as_deref()
            .or(self.month.as_deref())
            .or(self.source.as_deref())
    }
}

/// Exact occurrences, articles and works of each term.
pub fn count(r: &Reader<'_>, req: &CountRequest) -> Result<Vec<CountRow>> {
    let plain =
        req.by.is_none() && req.filter.is_empty() && !req.filter.ignore_punct && !req.filter.fold;
    // A count of every article needs no metadata: the catalog, when current.
    if plain
        && !r.has_searcher()
        && let Some(c) = r.library().counter()
    {
        return Ok(req
            .terms
            .iter()
            .map(|term| CountRow::of(term, c.count(term)))
            .collect());
    }
    r.answer(|| {
        let f = req.filter.resolve(r.library())?;
        let s = r.searcher()?;
        let ip = req.filter.ignore_punct;
        let mut rows = Vec::new();
        for term in &req.terms {
            let row = |group: Option<String>, c: tifa_library::Counts| {
                let mut row = CountRow::of(term, c);
                match req.by {
                    Some(By::Year) => row.year = group,
                    Some(By::Month) => row.month = group,
                    Some(By::Source) => row.source = group,
                    None => {}
                }
                row
            };
            match req.by {
                None => rows.push(row(None, s.count(term, ip, &f))),
                Some(by) => rows.extend(
                    s.count_by(term, ip, &f, by.period())
                        .into_iter()
                        .map(|(k, c)| row(Some(k), c)),
                ),
            }
        }
        Ok(rows)
    })
}

/// Order of KWIC lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// Library order.
    #[default]
    Position,
    /// By the left context, nearest character first.
    Left,
    /// By the right context.
    Right,
    /// By date.
    Date,
}

/// Keyword in context.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct KwicRequest {
    pub term: String,
    /// Characters of context on each side (default 20).
    pub width: usize,
    pub sort: KwicSort,
    /// Lines to skip.
    pub offset: usize,
    /// Lines to return; 0 = every line.
    pub limit: usize,
    pub filter: FilterSpec,
}

impl Default for KwicRequest {
    fn default() -> Self {
        KwicRequest {
            term: String::new(),
            width: 20,
            sort: KwicSort::Position,
            offset: 0,
            limit: 0,
            filter: FilterSpec::default(),
        }
    }
}

/// One hit with its context (a line of `kwic --json`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct KwicLine {
    pub article: ArticleId,
    pub title: String,
    pub date: Option<String>,
    /// Index among the article's body paragraphs.
    pub paragraph: usize,
    pub left: String,
    pub hit: String,
    pub right: String,
}

/// A page of KWIC lines.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct KwicPage {
    /// Every hit of the term under the filter.
    pub total: usize,
    pub offset: usize,
    pub hits: Vec<KwicLine>,
}

impl From<tifa_library::KwicLine> for KwicLine {
    fn from(l: tifa_library::KwicLine) -> Self {
        KwicLine {
            article: ArticleId(l.article.0),
            title: l.title,
            date: l.date,
            paragraph: l.paragraph,
            left: l.left,
            hit: l.hit,
            right: l.right,
        }
    }
}

impl KwicLine {
    /// The header row of the CSV form (`tifa kwic --csv`, the API's `format=csv`).
    pub const CSV_HEADER: &'static str = "article,title,date,paragraph,left,hit,right\n";

    /// The line as a CSV row (with its newline), cells quoted when needed.
    pub fn csv_row(&self) -> String {
        let cell = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut row = [
            self.article.0.as_str(),
            &self.title,
            self.date.as_deref().unwrap_or(""),
            &self.paragraph.to_string(),
            &self.left,
            &self.hit,
            &self.right,
        ]
        .map(cell)
        .join(",");
        row.push('\n');
        row
    }
}

/// Every KWIC line of the request (from `offset`, at most `limit`, 0 = all)
/// handed to `each` in order until it returns false. In library order one
/// line is built at a time, never all in memory (a streamed export); other
/// orders need every line built before the first is known.
pub fn kwic_each(
    r: &Reader<'_>,
    req: &KwicRequest,
    mut each: impl FnMut(KwicLine) -> bool,
) -> Result<()> {
    if req.sort != KwicSort::Position {
        for l in kwic(r, req)?.hits {
            if !each(l) {
                break;
            }
        }
        return Ok(());
    }
    r.answer(|| {
        let f = req.filter.resolve(r.library())?;
        let s = r.searcher()?;
        let mut hits = s.hits(&req.term, req.filter.ignore_punct, &f);
        hits.sort_by_key(|h| (h.segment, h.pos));
        let take = if req.limit == 0 {
            usize::MAX
        } else {
            req.limit
        };
        for h in hits.iter().skip(req.offset).take(take) {
            if !each(s.kwic_line(h, req.width).into()) {
                break;
            }
        }
        Ok(())
    })
}

/// The page `offset..offset+limit` of the term's KWIC lines in `sort` order.
pub fn kwic(r: &Reader<'_>, req: &KwicRequest) -> Result<KwicPage> {
    r.answer(|| {
        let f = req.filter.resolve(r.library())?;
        let s = r.searcher()?;
        let ip = req.filter.ignore_punct;
        let sort = match req.sort {
            KwicSort::Position => SortKwic::Position,
            KwicSort::Left => SortKwic::Left,
            KwicSort::Right => SortKwic::Right,
            KwicSort::Date => SortKwic::Date,
        };
        let convert = KwicLine::from;
        if req.sort != KwicSort::Position {
            // Other orders sort every line.
            let lines = s.kwic(&req.term, ip, &f, req.width, sort, 0);
            let total = lines.len();
            let take = if req.limit == 0 { total } else { req.limit };
            return Ok(KwicPage {
                total,
                offset: req.offset,
                hits: lines
                    .into_iter()
                    .skip(req.offset)
                    .take(take)
                    .map(convert)
                    .collect(),
            });
        }
        // Library order: find every hit once, build only the page's lines.
        let mut hits = s.hits(&req.term, ip, &f);
        let total = hits.len();
        let end = if req.limit == 0 {
            total
        } else {
            req.offset.saturating_add(req.limit).min(total)
        };
        if end > 0 && end < total {
            // The first `end` hits in library order without sorting every hit.
            hits.select_nth_unstable_by_key(end - 1, |h| (h.segment, h.pos));
            hits.truncate(end);
        }
        hits.sort_by_key(|h| (h.segment, h.pos));
        let page = hits.get(req.offset.min(end)..end).unwrap_or(&[]);
        Ok(KwicPage {
            total,
            offset: req.offset,
            hits: page
                .iter()
                .map(|h| convert(s.kwic_line(h, req.width)))
                .collect(),
        })
    })
}

/// Ranked search.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SearchRequest {
    /// The query language: words, `"phrases"`, `OR`, `NOT`/`-word`, `( )`,
    /// `title:` `source:` `kind:` `speaker:` `date:2020..2024`.
    pub query: String,
    /// Works to return; 0 = all.
    pub limit: usize,
    /// Works to skip.
    pub offset: usize,
    /// Characters of snippet context on each side.
    pub width: usize,
    pub filter: FilterSpec,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            limit: 20,
            offset: 0,
            width: 30,
            filter: FilterSpec::default(),
        }
    }
}

/// A highlighted snippet: the first hit with its context.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Snippet {
    pub paragraph: usize,
    pub left: String,
    pub hit: String,
    pub right: String,
}

/// One article of a work in a search result.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchArticle {
    pub id: ArticleId,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub kind: String,
    /// BM25 score.
    pub score: f32,
    /// Exact hits of the positive terms.
    pub hits: usize,
    pub snippet: Option<Snippet>,
}

/// One work (same-work group), best article first (a line of `search --json`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchWork {
    /// 1-based rank among all works.
    pub rank: usize,
    pub score: f32,
    pub articles: Vec<SearchArticle>,
}

/// A page of search results with the exact totals.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchPage {
    /// Exact hits of the positive terms in every matching article.
    pub occurrences: usize,
    /// Every matching article.
    pub articles: usize,
    /// Every matching work.
    pub works: usize,
    pub offset: usize,
    pub results: Vec<SearchWork>,
}

/// Every article containing the query (exact), ranked by BM25, grouped by work.
pub fn search(r: &Reader<'_>, req: &SearchRequest) -> Result<SearchPage> {
    r.answer(|| {
        let expr = parse_query(&req.query)?;
        let f = req.filter.resolve(r.library())?;
        let results = r
            .searcher()?
            .search(&expr, req.filter.ignore_punct, &f, req.width)?;
        let articles = results.iter().map(|w| w.articles.len()).sum();
        let occurrences = results
            .iter()
            .flat_map(|w| &w.articles)
            .map(|a| a.hits)
            .sum();
        let works = results.len();
        let take = if req.limit == 0 { works } else { req.limit };
        let page = results
            .into_iter()
            .enumerate()
            .skip(req.offset)
            .take(take)
            .map(|(rank, w)| SearchWork {
                rank: rank + 1,
                score: w.score,
                articles: w
                    .articles
                    .into_iter()
                    .map(|a| SearchArticle {
                        id: ArticleId(a.meta.id.0),
                        title: a.meta.title,
                        date: a.meta.date,
                        source: a.meta.source,
                        kind: a.meta.kind,
                        score: a.score,
                        hits: a.hits,
                        snippet: a.snippet.map(|k| Snippet {
                            paragraph: k.paragraph,
                            left: k.left,
                            hit: k.hit,
                            right: k.right,
                        }),
                    })
                    .collect(),
            })
            .collect();
        Ok(SearchPage {
            occurrences,
            articles,
            works,
            offset: req.offset,
            results: page,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        let l = KwicLine {
            article: ArticleId("ab12".into()),
            title: "say \"hi\"".into(),
            date: None,
            paragraph: 3,
            left: "a,b".into(),
            hit: "词".into(),
            right: "x\ry".into(),
        };
        assert_eq!(
            l.csv_row(),
            "ab12,\"say \"\"hi\"\"\",,3,\"a,b\",词,\"x\ry\"\n"
        );
    }
}
