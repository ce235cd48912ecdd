//! The search query language and its evaluation.
//!
//! Syntax: words and "quoted phrases" (any substring of the text), `AND`
//! (also implied between terms), `OR`, `NOT` (or a leading `-`), parentheses,
//! and field terms `title:` `source:` `kind:` `speaker:` `date:2020..2024`
//! (Chinese 标题: 来源: 类型: 讲话人: 日期: also work). A `date:` range is
//! checked as it is parsed (`DateRange`): `date:abc` is an error, not an
//! empty result.
//!
//! Key decision: which articles match is decided on the exact index (every
//! article containing a term as a substring matches, whatever jieba makes of
//! it); BM25 only orders them, computed from the same exact counts (the
//! query's terms as substrings, not jieba tokens), so ranking never needs an
//! index of its own.

use crate::error::LibraryError;
use crate::search::{Hit, KwicLine, Meta, SearchFilter, Searcher};
use std::collections::{HashMap, HashSet};
use tifa_text::DateRange;

/// A field a term can be restricted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryField {
    Title,
    Source,
    Kind,
    Speaker,
    Date,
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// Substring of the body text.
    Term(String),
    Field(QueryField, String),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Word(String, bool),
}

fn lex(q: &str) -> Result<Vec<Tok>, LibraryError> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '\u{3000}' {
            chars.next();
        } else if c == '(' || c == '（' {
            chars.next();
            out.push(Tok::Open);
        } else if c == ')' || c == '）' {
            chars.next();
            out.push(Tok::Close);
        } else {
            let mut w = String::new();
            let mut quoted = false;
            while let Some(&c) = chars.peek() {
                if c == '"' || c == '“' || c == '”' {
                    chars.next();
                    quoted = true;
                    let close = |x: char| x == '"' || x == '”';
                    let mut closed = false;
                    for x in chars.by_ref() {
                        if close(x) {
                            closed = true;
                            break;
                        }
                        w.push(x);
                    }
                    if !closed {
                        return Err(LibraryError::Query(format!(
                            "引号未闭合 unclosed quote in “{q}”"
                        )));
                    }
                } else if c.is_whitespace()
                    || c == '\u{3000}'
                    || c == '('
                    || c == ')'
                    || c == '（'
                    || c == '）'
                {
                    break;
                } else {
                    w.push(c);
                    chars.next();
                }
            }
            out.push(match (w.as_str(), quoted) {
                ("AND", false) => Tok::And,
                ("OR", false) => Tok::Or,
                ("NOT", false) => Tok::Not,
                _ => Tok::Word(w, quoted),
            });
        }
    }
    Ok(out)
}

/// Parse a query.
pub fn parse(q: &str) -> Result<Expr, LibraryError> {
    let toks = lex(q)?;
    let mut p = Parser { toks, at: 0 };
    let e = p.or()?;
    if p.at < p.toks.len() {
        return Err(LibraryError::Query(format!(
            "多余的右括号 unexpected “)” in “{q}”"
        )));
    }
    Ok(e)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn or(&mut self) -> Result<Expr, LibraryError> {
        let mut v = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Expr::Or(v)
        })
    }

    fn and(&mut self) -> Result<Expr, LibraryError> {
        let mut v = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Tok::And) => self.at += 1,
                Some(Tok::Word(..) | Tok::Not | Tok::Open) => {}
                _ => break,
            }
            v.push(self.unary()?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Expr::And(v)
        })
    }

    fn unary(&mut self) -> Result<Expr, LibraryError> {
        match self.toks.get(self.at).cloned() {
            Some(Tok::Not) => {
                self.at += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some(Tok::Open) => {
                self.at += 1;
                let e = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(LibraryError::Query("缺少右括号 missing “)”".into()));
                }
                self.at += 1;
                Ok(e)
            }
            Some(Tok::Word(w, quoted)) => {
                self.at += 1;
                leaf(&w, quoted)
            }
            _ => Err(LibraryError::Query(
                "查询不完整 incomplete query: a term is missing".into(),
            )),
        }
    }
}

fn leaf(w: &str, quoted: bool) -> Result<Expr, LibraryError> {
    if !quoted {
        if let Some(rest) = w.strip_prefix('-').filter(|r| !r.is_empty()) {
            return Ok(Expr::Not(Box::new(leaf(rest, false)?)));
        }
        if let Some((f, v)) = w.split_once([':', '：']) {
            let field = match f {
                "title" | "标题" => Some(QueryField::Title),
                "source" | "来源" => Some(QueryField::Source),
                "kind" | "类型" => Some(QueryField::Kind),
                "speaker" | "讲话人" | "作者" => Some(QueryField::Speaker),
                "date" | "日期" => Some(QueryField::Date),
                _ => None,
            };
            if let Some(field) = field.filter(|_| !v.is_empty()) {
                let v = v.trim_matches(['"', '“', '”']).to_string();
                if field == QueryField::Date {
                    let range = DateRange::parse(&v).map_err(|e| LibraryError::QueryDate {
                        term: w.to_string(),
                        source: e,
                    })?;
                    return Ok(Expr::Field(field, range.to_string()));
                }
                return Ok(Expr::Field(field, v));
            }
        }
    }
    Ok(Expr::Term(w.to_string()))
}

impl Expr {
    /// Body terms not under a NOT: what is ranked and highlighted.
    pub fn positive_terms(&self) -> Vec<String> {
        match self {
            Expr::Term(t) => vec![t.clone()],
            Expr::Field(..) | Expr::Not(_) => Vec::new(),
            Expr::And(v) | Expr::Or(v) => v.iter().flat_map(|e| e.positive_terms()).collect(),
        }
    }
}

/// One article in a result.
#[derive(Clone, Debug)]
pub struct ArticleResult {
    pub meta: Meta,
    pub score: f32,
    /// Exact hits of the positive terms.
    pub hits: usize,
    pub snippet: Option<KwicLine>,
}

/// One work (same-work group) in a result, best article first.
#[derive(Clone, Debug)]
pub struct WorkResult {
    pub score: f32,
    pub articles: Vec<ArticleResult>,
}

/// Per term: article → (occurrences, first hit).
type TermHits = HashMap<String, HashMap<i64, (usize, Hit)>>;

impl Searcher {
    /// The accepted articles, read on first use.
    fn universe<'u>(
        &self,
        u: &'u std::cell::OnceCell<HashSet<i64>>,
        filter: &SearchFilter,
    ) -> &'u HashSet<i64> {
        u.get_or_init(|| self.accepted(filter).into_iter().collect())
    }

    /// Evaluate `e`; each term's per-article hits are kept in `terms`, so
    /// ranking and snippets reuse them instead of searching again.
    fn eval(
        &self,
        e: &Expr,
        ip: bool,
        filter: &SearchFilter,
        universe: &std::cell::OnceCell<HashSet<i64>>,
        terms: &mut TermHits,
    ) -> Result<HashSet<i64>, LibraryError> {
        Ok(match e {
            Expr::Term(t) => terms
                .entry(t.clone())
                .or_insert_with(|| self.articles_with(t, ip, filter))
                .keys()
                .copied()
                .collect(),
            Expr::Field(f, v) => {
                let test = |m: &Meta| -> bool {
                    let has =
                        |s: &Option<String>| s.as_deref().is_some_and(|s| s.contains(v.as_str()));
                    match f {
                        QueryField::Title => m.title.contains(v.as_str()),
                        QueryField::Source => has(&m.source),
                        QueryField::Kind => m.kind == *v,
                        QueryField::Speaker => has(&m.speaker),
                        // Checked by `parse`: a range that does not parse matches nothing.
                        QueryField::Date => DateRange::parse(v)
                            .is_ok_and(|r| SearchFilter::default().with_dates(Some(&r)).accepts(m)),
                    }
                };
                self.universe(universe, filter)
                    .iter()
                    .copied()
                    .filter(|id| self.meta(*id).is_some_and(test))
                    .collect()
            }
            Expr::And(v) => {
                let mut acc: Option<HashSet<i64>> = None;
                for x in v {
                    let s = self.eval(x, ip, filter, universe, terms)?;
                    acc = Some(match acc {
                        None => s,
                        Some(a) => a.intersection(&s).copied().collect(),
                    });
                }
                acc.unwrap_or_default()
            }
            Expr::Or(v) => {
                let mut acc = HashSet::new();
                for x in v {
                    acc.extend(self.eval(x, ip, filter, universe, terms)?);
                }
                acc
            }
            Expr::Not(x) => {
                let s = self.eval(x, ip, filter, universe, terms)?;
                self.universe(universe, filter)
                    .difference(&s)
                    .copied()
                    .collect()
            }
        })
    }

    /// The accepted articles that match `e` (exact matching only, no ranking).
    pub fn matching(
        &self,
        e: &Expr,
        ignore_punct: bool,
        filter: &SearchFilter,
    ) -> Result<HashSet<i64>, LibraryError> {
        let universe = std::cell::OnceCell::new();
        self.eval(e, ignore_punct, filter, &universe, &mut TermHits::new())
    }

    /// Run a query: exact matching, BM25 ranking, grouping by work. The
    /// ranking counts the query's positive terms as the exact index does
    /// (`tifa_index::bm25`): occurrences per article, texts containing the
    /// term among those searched, lengths in characters, title hits.
    pub fn search(
        &self,
        e: &Expr,
        ignore_punct: bool,
        filter: &SearchFilter,
        width: usize,
    ) -> Result<Vec<WorkResult>, LibraryError> {
        // Every accepted article: read only for a field or a NOT.
        let universe = std::cell::OnceCell::new();
        let mut term_hits = TermHits::new();
        let matched = self.eval(e, ignore_punct, filter, &universe, &mut term_hits)?;
        let terms = e.positive_terms();
        let collection = self.collection(filter)?;
        let mut bm25: HashMap<i64, f32> = HashMap::new();
        let mut hits: HashMap<i64, usize> = HashMap::new();
        let mut first: HashMap<i64, Hit> = HashMap::new();
        for t in &terms {
            let found = &term_hits[t];
            let df = found
                .keys()
                .map(|a| self.holder(*a))
                .collect::<HashSet<i64>>()
                .len();
            let idf = collection.idf(df);
            for (article, (n, h)) in found {
                if !matched.contains(article) {
                    continue;
                }
                *hits.entry(*article).or_default() += n;
                first.entry(*article).or_insert(*h);
                if let Some(m) = self.meta(*article) {
                    let title = m.title.matches(t.as_str()).count();
                    *bm25.entry(*article).or_default() +=
                        collection.score(idf, *n, m.chars.max(0) as usize, title);
                }
            }
        }
        let mut works: HashMap<i64, WorkResult> = HashMap::new();
        for id in matched {
            let Some(meta) = self.meta(id) else { continue };
            let n = hits.get(&id).copied().unwrap_or(0);
            let score = bm25.get(&id).copied().unwrap_or(0.0);
            let snippet = first.get(&id).map(|h| self.kwic_line(h, width));
            let w = works.entry(meta.work).or_insert(WorkResult {
                score: 0.0,
                articles: Vec::new(),
            });
            w.score = w.score.max(score);
            w.articles.push(ArticleResult {
                meta: meta.clone(),
                score,
                hits: n,
                snippet,
            });
        }
        let mut out: Vec<WorkResult> = works.into_values().collect();
        for w in &mut out {
            w.articles.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.meta.id.cmp(&b.meta.id))
            });
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.articles[0].meta.id.cmp(&b.articles[0].meta.id))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        use Expr::*;
        assert_eq!(parse("质量发展").unwrap(), Term("质量发展".into()));
        assert_eq!(
            parse("a b").unwrap(),
            And(vec![Term("a".into()), Term("b".into())])
        );
        assert_eq!(
            parse("a OR b NOT c").unwrap(),
            Or(vec![
                Term("a".into()),
                And(vec![Term("b".into()), Not(Box::new(Term("c".into())))])
            ])
        );
        assert_eq!(
            parse("\"大众创业 万众创新\" -试点").unwrap(),
            And(vec![
                Term("大众创业 万众创新".into()),
                Not(Box::new(Term("试点".into())))
            ])
        );
        assert_eq!(
            parse("title:纲要 date:2020..2024").unwrap(),
            And(vec![
                Field(QueryField::Title, "纲要".into()),
                Field(QueryField::Date, "2020..2024".into())
            ])
        );
        assert_eq!(
            parse("(a OR b) c").unwrap(),
            And(vec![
                Or(vec![Term("a".into()), Term("b".into())]),
                Term("c".into())
            ])
        );
        assert!(parse("(a").is_err() && parse("\"a").is_err() && parse("a OR").is_err());
        assert_eq!(
            parse("日期：2024-3..").unwrap(),
            Field(QueryField::Date, "2024-03..".into())
        );
        for bad in [
            "date:abc",
            "a date:2024-13",
            "-date:2025..2020",
            "date:2023-02-29",
        ] {
            assert!(
                matches!(parse(bad), Err(LibraryError::QueryDate { .. })),
                "{bad}"
            );
        }
    }
}
