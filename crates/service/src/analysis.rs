//! 提法 analytics over the exact index: `trend`, `first`, `keywords`,
//! `newterms`, `collocates`, `diff`, `targets`.
//!
//! Key decisions that used to live in the CLI: `keywords` needs target
//! filters and takes as reference every other article, or those `vs` names (a
//! date range, article ids, or a query in the search language); neither
//! `keywords` nor `targets` folds 繁简 (`fold` is a usage error, never
//! ignored); `newterms` compares with everything before the period unless `vs`
//! is given; `diff` weighs formulations by their rarity in the library
//! (inverse document frequency over exact article counts) and, when both
//! articles are government work reports, sets their targets side by side;
//! `targets` reads only government work reports (title filter, never
//! 决议/决定), one per year.

use crate::error::{invalid, usage};
use crate::filter::{By, FilterSpec, date_range};
use crate::{ArticleId, Reader, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use tifa_analysis::{Change, CollocateSort, Method, NewTermsOptions, Stage};
use tifa_library::SearchFilter;
use utoipa::ToSchema;

/// Frequency of terms per period.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TrendRequest {
    pub terms: Vec<String>,
    pub by: By,
    /// Count each same-work group once (its earliest dated article).
    pub by_work: bool,
    pub filter: FilterSpec,
}

impl Default for TrendRequest {
    fn default() -> Self {
        TrendRequest {
            terms: Vec::new(),
            by: By::Year,
            by_work: false,
            filter: FilterSpec::default(),
        }
    }
}

/// A line of `trend --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TrendRow {
    pub term: String,
    /// Year, month or source.
    pub period: String,
    pub occurrences: usize,
    /// Characters of the period's text.
    pub chars: i64,
    /// Occurrences per 10,000 characters, rounded to 0.001.
    pub per_10k: f64,
}

/// Occurrences of each term per period, per 10,000 characters.
pub fn trend(r: &Reader<'_>, req: &TrendRequest) -> Result<Vec<TrendRow>> {
    r.answer(|| {
        let f = req.filter.resolve(r.library())?;
        let rows = tifa_analysis::trend(
            r.searcher()?,
            &req.terms,
            req.by.period(),
            req.by_work,
            req.filter.ignore_punct,
            &f,
        );
        Ok(rows
            .into_iter()
            .map(|t| TrendRow {
                term: t.term,
                period: t.period,
                occurrences: t.occurrences,
                chars: t.chars,
                per_10k: (t.per_10k * 1000.0).round() / 1000.0,
            })
            .collect())
    })
}

/// The trend chart as SVG (rounded rows drawn as given).
pub fn trend_svg(rows: &[TrendRow], terms: &[String], raw: bool) -> String {
    let rows: Vec<tifa_analysis::TrendRow> = rows
        .iter()
        .map(|r| tifa_analysis::TrendRow {
            term: r.term.clone(),
            period: r.period.clone(),
            occurrences: r.occurrences,
            chars: r.chars,
            per_10k: r.per_10k,
        })
        .collect();
    let title = format!(
        "{} — {}",
        terms.join("、"),
        if raw {
            "次数 occurrences"
        } else {
            "每万字 per 10,000 characters"
        }
    );
    tifa_analysis::plot(&rows, raw, &title)
}

/// First dated appearance of terms.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FirstRequest {
    pub terms: Vec<String>,
    pub filter: FilterSpec,
}

/// A line of `first --json`; only `term` and a null `date` when not found.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct FirstRow {
    pub term: String,
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub article: Option<ArticleId>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub paragraph: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sentence: Option<String>,
}

/// The earliest dated occurrence of each term, with its sentence.
pub fn first(r: &Reader<'_>, req: &FirstRequest) -> Result<Vec<FirstRow>> {
    r.answer(|| {
        let f = req.filter.resolve(r.library())?;
        let s = r.searcher()?;
        Ok(req
            .terms
            .iter()
            .map(
                |term| match tifa_analysis::first(s, term, req.filter.ignore_punct, &f) {
                    Some(x) => FirstRow {
                        term: x.term,
                        date: Some(x.date),
                        article: Some(ArticleId(x.article.0)),
                        title: Some(x.title),
                        paragraph: Some(x.paragraph),
                        sentence: Some(x.sentence),
                    },
                    None => FirstRow {
                        term: term.clone(),
                        date: None,
                        article: None,
                        title: None,
                        paragraph: None,
                        sentence: None,
                    },
                },
            )
            .collect())
    })
}

/// Keyword scoring method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum KeywordMethod {
    /// Log-likelihood (G²) against the reference.
    #[default]
    Ll,
    Tfidf,
    Textrank,
}

/// Keywords of target articles against a reference set.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct KeywordsRequest {
    /// The target articles (at least one filter).
    pub filter: FilterSpec,
    /// Reference set: a date range (`..2023`), article ids (comma-separated)
    /// or a query (`title:政府工作报告 date:..2022`); default every other article.
    pub vs: Option<String>,
    pub method: KeywordMethod,
    pub limit: usize,
}

impl Default for KeywordsRequest {
    fn default() -> Self {
        KeywordsRequest {
            filter: FilterSpec::default(),
            vs: None,
            method: KeywordMethod::Ll,
            limit: 30,
        }
    }
}

/// A line of `keywords --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct KeywordRow {
    pub word: String,
    /// Ranking score: the method's score × length weight (formulations) ×
    /// 0.1 for generic policy words.
    pub score: f64,
    /// Log-likelihood keyness (G²) from `target`, `reference` and the sizes
    /// of the two sets.
    pub keyness: f64,
    /// Occurrences in the target.
    pub target: usize,
    /// Occurrences in the reference.
    pub reference: usize,
}

/// Keywords with the sizes of the two sets.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Keywords {
    pub target_articles: usize,
    pub reference_articles: usize,
    pub keywords: Vec<KeywordRow>,
}

/// Keywords of the target articles against the reference.
pub fn keywords(r: &Reader<'_>, req: &KeywordsRequest) -> Result<Keywords> {
    r.answer(|| {
        let lib = r.library();
        if req.filter.fold {
            usage!(
                "keywords 不支持繁简通检 --fold does not apply to keywords: counts are exact; fold the texts before ingesting instead"
            );
        }
        let f = req.filter.resolve(lib)?;
        if req.filter.is_empty() {
            usage!(
                "请选择目标文章 choose the target articles with --id, --date, --kind, --source or --speaker"
            );
        }
        let s = r.searcher()?;
        let target: HashSet<i64> = s.accepted(&f).into_iter().collect();
        if target.is_empty() {
            invalid!("没有符合条件的文章 no article matches the target filters");
        }
        let reference: HashSet<i64> = reference_set(r, req.vs.as_deref())?
            .into_iter()
            .filter(|id| !target.contains(id))
            .collect();
        if req.vs.is_some() && reference.is_empty() {
            usage!(
                "参照集为空 the reference --vs {} names no article besides the targets (a date range, article ids or a query)",
                req.vs.as_deref().unwrap_or("")
            );
        }
        // The texts in article order, so candidates never depend on hashing.
        let mut ids: Vec<i64> = target.iter().copied().collect();
        ids.sort_unstable();
        let mut texts = Vec::new();
        for id in ids {
            let m = s.meta(id).expect("accepted articles are live");
            texts.push(lib.body(&m.id)?.join("\n"));
        }
        let method = match req.method {
            KeywordMethod::Ll => Method::LogLikelihood,
            KeywordMethod::Tfidf => Method::TfIdf,
            KeywordMethod::Textrank => Method::TextRank,
        };
        let found = tifa_analysis::keywords(
            s,
            r.segmenter()?,
            &target,
            &texts,
            &reference,
            method,
            req.limit,
        );
        Ok(Keywords {
            target_articles: target.len(),
            reference_articles: reference.len(),
            keywords: found
                .into_iter()
                .map(|k| KeywordRow {
                    word: k.word,
                    score: k.score,
                    keyness: k.keyness,
                    target: k.target,
                    reference: k.reference,
                })
                .collect(),
        })
    })
}

/// The reference articles `vs` names: every article when absent; a date
/// range (`..2023`); article ids or unique prefixes separated by commas or
/// spaces; otherwise a query in the search language (`title:政府工作报告 date:..2022`).
fn reference_set(r: &Reader<'_>, vs: Option<&str>) -> Result<HashSet<i64>> {
    let s = r.searcher()?;
    let Some(vs) = vs.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(s.accepted(&SearchFilter::default()).into_iter().collect());
    };
    // Digits, '-' and '..' only: a date range, parsed strictly (a bad one is
    // a date error, never a query).
    if vs.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && vs
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '.')
    {
        let range = date_range("vs", Some(vs))?.expect("a value was given");
        let f = SearchFilter::default().with_dates(Some(&range));
        return Ok(s.accepted(&f).into_iter().collect());
    }
    let tokens: Vec<&str> = vs
        .split([',', '，', ' ', '\u{3000}'])
        .filter(|t| !t.is_empty())
        .collect();
    let looks_like_ids = tokens
        .iter()
        .all(|t| t.len() >= 4 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    if looks_like_ids {
        let mut out = HashSet::new();
        for t in tokens {
            let row = r.library().get(t)?;
            let f = SearchFilter {
                ids: vec![row.id.0],
                ..Default::default()
            };
            out.extend(s.accepted(&f));
        }
        return Ok(out);
    }
    let expr = tifa_library::parse_query(vs)?;
    Ok(s.matching(&expr, false, &SearchFilter::default())?)
}

/// New formulations of a period.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewtermsRequest {
    /// The period studied (`2023`, `2022..2023`).
    pub period: String,
    /// Reference period; default everything before the period.
    pub vs: Option<String>,
    /// One text per same-work group (default): reprints and excerpts of a
    /// work count once. `false` counts every copy.
    pub by_work: bool,
    pub min_len: usize,
    pub max_len: usize,
    pub min_freq: usize,
    pub min_texts: usize,
    pub min_pmi: f64,
    pub min_entropy: f64,
    pub min_ratio: f64,
    /// Keep candidates that read as fragments (质量监) or prose (对疫情).
    pub keep_fragments: bool,
    pub limit: usize,
}

impl Default for NewtermsRequest {
    fn default() -> Self {
        NewtermsRequest {
            period: String::new(),
            vs: None,
            by_work: true,
            keep_fragments: false,
            min_len: 2,
            max_len: 10,
            min_freq: 5,
            min_texts: 2,
            min_pmi: 3.0,
            min_entropy: 1.0,
            min_ratio: 20.0,
            limit: 50,
        }
    }
}

/// Where a new term first appears.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NewtermFirst {
    pub date: String,
    pub article: ArticleId,
    pub title: String,
    pub paragraph: usize,
    pub sentence: String,
}

/// A line of `newterms --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NewtermRow {
    pub term: String,
    pub occurrences: usize,
    pub texts: usize,
    pub reference: usize,
    pub per_10k: f64,
    pub reference_per_10k: f64,
    pub pmi: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
    pub score: f64,
    pub first: Option<NewtermFirst>,
}

/// The new terms of a period with the sizes of the period and the reference.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Newterms {
    pub texts: usize,
    pub chars: usize,
    pub bytes: usize,
    /// The reference period as `FROM..TO` (either side may be empty), if any.
    pub reference_period: Option<String>,
    pub reference_texts: usize,
    pub reference_chars: usize,
    pub terms: Vec<NewtermRow>,
}

/// New formulations of a period; `stage` reports progress.
pub fn newterms(r: &Reader<'_>, req: &NewtermsRequest, stage: &dyn Fn(Stage)) -> Result<Newterms> {
    r.answer(|| {
        let period = date_range("period", Some(&req.period))?;
        let vs = date_range("vs", req.vs.as_deref())?;
        let period = SearchFilter::default().with_dates(period.as_ref());
        let reference = match vs {
            Some(r) => Some(SearchFilter::default().with_dates(Some(&r))),
            None => period.from.as_deref().map(|f| SearchFilter {
                to: Some(day_before(f)),
                ..Default::default()
            }),
        };
        let opts = NewTermsOptions {
            min_len: req.min_len,
            max_len: req.max_len,
            min_freq: req.min_freq,
            min_texts: req.min_texts,
            min_pmi: req.min_pmi,
            min_entropy: req.min_entropy,
            min_ratio: req.min_ratio,
            limit: req.limit,
            keep_fragments: req.keep_fragments,
        };
        if opts.min_len > opts.max_len || opts.min_len < 2 || opts.max_len > 10 {
            usage!("字数范围 bad lengths: need 2 ≤ --min-len ≤ --max-len ≤ 10");
        }
        let found = tifa_analysis::newterms(
            r.searcher()?,
            r.segmenter()?,
            &period,
            reference.as_ref(),
            req.by_work,
            &opts,
            stage,
        )?;
        if found.texts == 0 {
            invalid!(
                "考察期没有文章 no dated article in the period {}",
                req.period
            );
        }
        Ok(Newterms {
            texts: found.texts,
            chars: found.chars,
            bytes: found.bytes,
            reference_period: reference.as_ref().map(|r| {
                format!(
                    "{}..{}",
                    r.from.as_deref().unwrap_or(""),
                    r.to.as_deref().unwrap_or("")
                )
            }),
            reference_texts: found.reference_texts,
            reference_chars: found.reference_chars,
            terms: found
                .terms
                .into_iter()
                .map(|t| NewtermRow {
                    term: t.term,
                    occurrences: t.occurrences,
                    texts: t.texts,
                    reference: t.reference,
                    per_10k: t.per_10k,
                    reference_per_10k: t.reference_per_10k,
                    pmi: t.pmi,
                    left_entropy: t.left_entropy,
                    right_entropy: t.right_entropy,
                    score: t.score,
                    first: t.first.map(|f| NewtermFirst {
                        date: f.date,
                        article: ArticleId(f.article.0),
                        title: f.title,
                        paragraph: f.paragraph,
                        sentence: f.sentence,
                    }),
                })
                .collect(),
        })
    })
}

/// The latest date before `from`, at its precision: 2023 → 2022,
/// 2023-01 → 2022-12, 2023-03-05 → 2023-03-04, 2023-03-01 → 2023-02.
fn day_before(from: &str) -> String {
    let p: Vec<u32> = from.split('-').filter_map(|x| x.parse().ok()).collect();
    match p.as_slice() {
        [y, 1] => format!("{}-12", y.saturating_sub(1)),
        [y, m] => format!("{y}-{:02}", m - 1),
        [y, 1, 1] => format!("{}-12", y.saturating_sub(1)),
        [y, m, 1] => format!("{y}-{:02}", m - 1),
        [y, m, d] => format!("{y}-{m:02}-{:02}", d - 1),
        [y, ..] => y.saturating_sub(1).to_string(),
        [] => "0000".to_string(),
    }
}

/// Collocate order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CollocateOrder {
    #[default]
    Logdice,
    Mi,
}

/// Words near a term.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CollocatesRequest {
    pub term: String,
    /// Characters on each side (same paragraph).
    pub window: usize,
    /// Minimum co-occurrences.
    pub min: usize,
    pub sort: CollocateOrder,
    /// 0 = all.
    pub limit: usize,
    pub filter: FilterSpec,
}

impl Default for CollocatesRequest {
    fn default() -> Self {
        CollocatesRequest {
            term: String::new(),
            window: 10,
            min: 3,
            sort: CollocateOrder::Logdice,
            limit: 30,
            filter: FilterSpec::default(),
        }
    }
}

/// A line of `collocates --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CollocateRow {
    pub word: String,
    pub cooccurrences: usize,
    pub frequency: usize,
    pub log_dice: f64,
    pub mi: f64,
}

/// Collocates of a term by logDice or MI.
pub fn collocates(r: &Reader<'_>, req: &CollocatesRequest) -> Result<Vec<CollocateRow>> {
    r.answer(|| {
        let f = req.filter.resolve(r.library())?;
        let sort = match req.sort {
            CollocateOrder::Logdice => CollocateSort::LogDice,
            CollocateOrder::Mi => CollocateSort::Mi,
        };
        let mut found = tifa_analysis::collocates(
            r.searcher()?,
            r.segmenter()?,
            &req.term,
            req.window,
            req.min,
            &f,
            sort,
        );
        if req.limit > 0 {
            found.truncate(req.limit);
        }
        Ok(found
            .into_iter()
            .map(|c| CollocateRow {
                word: c.word,
                cooccurrences: c.cooccurrences,
                frequency: c.frequency,
                log_dice: c.log_dice,
                mi: c.mi,
            })
            .collect())
    })
}

/// Compare two articles.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DiffRequest {
    pub a: String,
    pub b: String,
    /// Formulations listed per side (default 30); 0 = all.
    pub limit: usize,
}

impl Default for DiffRequest {
    fn default() -> Self {
        DiffRequest {
            a: String::new(),
            b: String::new(),
            limit: 30,
        }
    }
}

/// A word-level change inside an aligned sentence pair.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum DiffOp {
    Equal(String),
    Insert(String),
    Delete(String),
}

/// What happened to a sentence from A to B.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// The same sentence (outline markers aside), in order.
    Same,
    /// Rewritten in place.
    Changed,
    /// Paired with a sentence at another position (maybe rewritten too).
    Moved,
    /// Only in B.
    Added,
    /// Only in A.
    Dropped,
}

/// One aligned row: a sentence of A and one of B (either may be missing).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffRow {
    pub kind: RowKind,
    /// Sentence index in A (`a_sentences` order).
    pub a: Option<usize>,
    /// Sentence index in B.
    pub b: Option<usize>,
    /// Paragraph of A's sentence in A's body.
    pub a_paragraph: Option<usize>,
    /// Paragraph of B's sentence in B's body.
    pub b_paragraph: Option<usize>,
    /// Character-bigram Dice of the two sentences, outline markers removed.
    pub similarity: f64,
    /// Word-level changes: equal + delete rebuild A's sentence, equal + insert B's.
    pub changes: Vec<DiffOp>,
}

/// A formulation added or dropped, weighted by count × length weight × idf,
/// with the first sentence that uses it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffFormulation {
    pub formulation: String,
    pub count: usize,
    pub weight: f64,
    pub context: String,
}

/// One indicator of two work reports' targets, side by side.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffTarget {
    /// One of [`INDICATORS`].
    pub indicator: String,
    /// As printed in A, if A states it.
    pub a: Option<String>,
    /// As printed in B, if B states it.
    pub b: Option<String>,
}

/// Article metadata shown beside a diff.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffSide {
    pub id: ArticleId,
    pub title: String,
    pub date: Option<String>,
}

/// `diff --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DiffResult {
    pub a: ArticleId,
    pub b: ArticleId,
    /// Sentences: how many of each kind of row.
    pub same: usize,
    pub changed: usize,
    pub moved: usize,
    pub added_sentences: usize,
    pub dropped_sentences: usize,
    /// Aligned rows in B's order, dropped sentences where they stood in A.
    pub rows: Vec<DiffRow>,
    pub added: Vec<DiffFormulation>,
    pub dropped: Vec<DiffFormulation>,
    /// When both are government work reports: the targets side by side.
    pub targets: Vec<DiffTarget>,
    /// Titles and dates (not in the CLI's JSON).
    #[serde(skip)]
    pub sides: Option<(DiffSide, DiffSide)>,
}

/// What changed from article `a` to article `b`.
pub fn diff(r: &Reader<'_>, req: &DiffRequest) -> Result<DiffResult> {
    r.answer(|| {
        let lib = r.library();
        let ra = lib.get(&req.a)?;
        let a = lib.body(&ra.id)?;
        let rb = lib.get(&req.b)?;
        let b = lib.body(&rb.id)?;
        // Weigh formulations by their rarity in the library (inverse document frequency).
        let searcher = r.searcher()?;
        let all = SearchFilter::default();
        let n = searcher.accepted(&all).len() as f64;
        let idf =
            |t: &str| ((1.0 + n) / (1.0 + searcher.count(t, false, &all).articles as f64)).ln();
        let mut d = tifa_analysis::diff(&a, &b, r.segmenter()?, &idf);
        if req.limit > 0 {
            d.added.truncate(req.limit);
            d.dropped.truncate(req.limit);
        }
        let forms = |v: Vec<tifa_analysis::Formulation>| {
            v.into_iter()
                .map(|f| DiffFormulation {
                    formulation: f.text,
                    count: f.count,
                    weight: f.weight,
                    context: f.context,
                })
                .collect()
        };
        let side = |r: &tifa_library::ArticleRow| DiffSide {
            id: ArticleId::from(&r.id),
            title: r.title.clone(),
            date: r.date.clone(),
        };
        let report =
            |t: &str| t.contains("政府工作报告") && !t.contains("决议") && !t.contains("决定");
        let targets = if report(&ra.title) && report(&rb.title) {
            let (ta, tb) = (
                tifa_analysis::targets(&a.join("\n")),
                tifa_analysis::targets(&b.join("\n")),
            );
            let value = |ts: &[tifa_analysis::Target], i: &str| {
                ts.iter()
                    .find(|t| t.indicator == i)
                    .map(|t| t.value.clone())
            };
            INDICATORS
                .iter()
                .filter_map(|i| {
                    let (x, y) = (value(&ta, i), value(&tb, i));
                    (x.is_some() || y.is_some()).then(|| DiffTarget {
                        indicator: i.to_string(),
                        a: x,
                        b: y,
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let rows: Vec<DiffRow> = d
            .rows
            .into_iter()
            .map(|p| DiffRow {
                kind: match p.kind {
                    tifa_analysis::RowKind::Same => RowKind::Same,
                    tifa_analysis::RowKind::Changed => RowKind::Changed,
                    tifa_analysis::RowKind::Moved => RowKind::Moved,
                    tifa_analysis::RowKind::Added => RowKind::Added,
                    tifa_analysis::RowKind::Dropped => RowKind::Dropped,
                },
                a: p.a,
                b: p.b,
                a_paragraph: p.a.map(|i| d.a[i].paragraph),
                b_paragraph: p.b.map(|j| d.b[j].paragraph),
                similarity: (p.similarity * 1000.0).round() / 1000.0,
                changes: p
                    .changes
                    .into_iter()
                    .map(|c| match c {
                        Change::Equal(t) => DiffOp::Equal(t),
                        Change::Insert(t) => DiffOp::Insert(t),
                        Change::Delete(t) => DiffOp::Delete(t),
                    })
                    .collect(),
            })
            .collect();
        let count = |k: RowKind| rows.iter().filter(|r| r.kind == k).count();
        Ok(DiffResult {
            a: ArticleId::from(&ra.id),
            b: ArticleId::from(&rb.id),
            same: count(RowKind::Same),
            changed: count(RowKind::Changed),
            moved: count(RowKind::Moved),
            added_sentences: count(RowKind::Added),
            dropped_sentences: count(RowKind::Dropped),
            rows,
            added: forms(d.added),
            dropped: forms(d.dropped),
            targets,
            sides: Some((side(&ra), side(&rb))),
        })
    })
}

/// The indicator's name in a table: 中文 English.
pub fn indicator_label(i: &str) -> &'static str {
    match i {
        "gdp_growth" => "GDP增长 GDP growth",
        "cpi" => "CPI 居民消费价格",
        "retail_prices" => "零售物价 retail prices",
        "unemployment_surveyed" => "调查失业率 surveyed unemployment",
        "unemployment_registered" => "登记失业率 registered unemployment",
        "new_urban_jobs" => "城镇新增就业 new urban jobs",
        "deficit_ratio" => "赤字率 deficit ratio",
        "grain_output" => "粮食产量 grain output",
        "energy_intensity" => "能耗强度 energy intensity",
        "m2_growth" => "M2增长 M2 growth",
        "special_bonds" => "专项债券 special bonds",
        _ => "其他 other",
    }
}

/// The indicators `targets` reads, in table order.
pub const INDICATORS: [&str; 11] = [
    "gdp_growth",
    "cpi",
    "retail_prices",
    "unemployment_surveyed",
    "unemployment_registered",
    "new_urban_jobs",
    "deficit_ratio",
    "grain_output",
    "energy_intensity",
    "m2_growth",
    "special_bonds",
];

/// Annual targets of the government work reports.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TargetsRequest {
    /// Reports are articles whose title contains this.
    pub title: String,
    pub filter: FilterSpec,
}

impl Default for TargetsRequest {
    fn default() -> Self {
        TargetsRequest {
            title: "政府工作报告".into(),
            filter: FilterSpec::default(),
        }
    }
}

/// One element of `targets --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TargetRow {
    pub year: i64,
    /// One of [`INDICATORS`].
    pub indicator: String,
    /// As printed (full-width digits made ASCII): `7%左右`, `3%以内`, `百分之八至九`.
    pub value: String,
    /// Numeric lower bound of `value` in `unit` (absent for `3%以内`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_min: Option<f64>,
    /// Numeric upper bound of `value` in `unit` (absent for `1200万人以上`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    /// `%`, `万人`, `万亿斤`, `亿公斤`, `亿元`…
    pub unit: String,
    /// The clause that states the target.
    pub sentence: String,
    /// The report it is read from.
    pub article: ArticleId,
    /// Index of the sentence's paragraph in the report's body.
    pub paragraph: usize,
}

/// The targets of each year's report (the first report of a year with any).
pub fn targets(r: &Reader<'_>, req: &TargetsRequest) -> Result<Vec<TargetRow>> {
    r.answer(|| {
        let lib = r.library();
        if req.filter.fold {
            usage!(
                "targets 不支持繁简通检 --fold does not apply to targets: the reports are read as printed"
            );
        }
        let f = req.filter.resolve(lib)?;
        let searcher = r.searcher()?;
        let mut by_year: BTreeMap<i64, (ArticleId, Vec<tifa_analysis::Target>)> = BTreeMap::new();
        for id in searcher.accepted(&f) {
            let Some(m) = searcher.meta(id) else { continue };
            let year = m
                .date
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse::<i64>().ok());
            let (Some(year), true) = (
                year,
                m.title.contains(&req.title)
                    && !m.title.contains("决议")
                    && !m.title.contains("决定"),
            ) else {
                continue;
            };
            let found = tifa_analysis::targets(&lib.body(&m.id)?.join("\n"));
            if !found.is_empty() {
                by_year
                    .entry(year)
                    .or_insert((ArticleId::from(&m.id), found));
            }
        }
        Ok(by_year
            .into_iter()
            .flat_map(|(year, (article, ts))| {
                ts.into_iter().map(move |t| TargetRow {
                    year,
                    indicator: t.indicator.to_string(),
                    value: t.value,
                    value_min: t.min,
                    value_max: t.max,
                    unit: t.unit,
                    sentence: t.sentence,
                    article: article.clone(),
                    paragraph: t.paragraph,
                })
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::day_before;

    #[test]
    fn the_date_before() {
        assert_eq!(day_before("2023"), "2022");
        assert_eq!(day_before("2023-01"), "2022-12");
        assert_eq!(day_before("2023-03"), "2023-02");
        assert_eq!(day_before("2023-03-05"), "2023-03-04");
        assert_eq!(day_before("2023-03-01"), "2023-02");
        assert_eq!(day_before("2023-01-01"), "2022-12");
    }
}
