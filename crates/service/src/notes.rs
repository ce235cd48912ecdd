//! 热词学习笔记 (`tifa notes TERM...`): for each term its exact counts, a
//! one-line trend by year, its first appearance and the defining passages
//! (sentences that contain it, from dated sources, each cited), written as
//! Markdown, HTML, DOCX or PDF.
//!
//! Key decision: passages are ordered by a documented key, not a learned
//! score — (1) authority of the source: Party congress reports, government
//! work reports and 习近平's texts first, then other documents and speeches,
//! then interviews and notes, then news and commentary; (2) how definitional
//! the sentence is: the term as subject (`TERM是…`, `TERM就是…`, `TERM，…`
//! at the start) over `…TERM是…` anywhere over the term early in the sentence;
//! (3) the earliest date; (4) the article's density of the term. Reprints
//! count once: one passage per same-work group, and a sentence once.
//! Counts, trend and first appearance are the existing `count`, `trend` and
//! `first` use cases, so the note agrees with them exactly.

use crate::analysis::{FirstRequest, FirstRow, TrendRequest, first, trend};
use crate::error::{invalid, usage};
use crate::filter::{By, FilterSpec};
use crate::query::{CountRequest, count};
use crate::{ArticleId, Reader, Result, ServiceError};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use tifa_analysis::{date_key, sentence_at};
use tifa_library::{Meta, parse_query};
use tifa_text::xml::escape;
use utoipa::ToSchema;

/// What to write notes on.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NotesRequest {
    pub terms: Vec<String>,
    /// Only articles matching this search query (the search language).
    pub from: Option<String>,
    /// Defining passages per term (default 5).
    pub per_term: usize,
    pub filter: FilterSpec,
}

impl Default for NotesRequest {
    fn default() -> Self {
        NotesRequest {
            terms: Vec::new(),
            from: None,
            per_term: 5,
            filter: FilterSpec::default(),
        }
    }
}

/// Occurrences of a term in one year.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct YearCount {
    pub year: String,
    pub occurrences: usize,
}

/// A sentence that contains the term, cited.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Passage {
    pub sentence: String,
    pub article: ArticleId,
    pub title: String,
    pub source: Option<String>,
    /// The passage's date (an excerpt's own citation date, else the article's).
    pub date: String,
    pub kind: String,
    pub speaker: Option<String>,
    /// Index among the article's body paragraphs (as in `show --json`).
    pub paragraph: usize,
    /// 0 = Party congress / government work report / 习近平, 1 = other
    /// documents and speeches, 2 = interviews and notes, 3 = news.
    pub authority: u8,
    /// 3 = the term as subject at the start, 2 = `TERM是` anywhere,
    /// 1 = the term in the first ten characters, 0 = otherwise.
    pub definitional: u8,
}

/// The note on one term.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TermNote {
    pub term: String,
    pub occurrences: usize,
    pub articles: usize,
    pub works: usize,
    /// Occurrences per year (years with the term only), oldest first.
    pub trend: Vec<YearCount>,
    /// The first dated appearance (`tifa first`).
    pub first: FirstRow,
    pub passages: Vec<Passage>,
}

/// 热词学习笔记: one note per term.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Notes {
    pub title: String,
    pub from: Option<String>,
    pub terms: Vec<TermNote>,
}

/// The authority tier of an article (0 = most authoritative).
pub fn authority(m: &Meta) -> u8 {
    let t = &m.title;
    if t.contains("政府工作报告")
        || t.contains("代表大会上的报告")
        || t.contains("代表大会的报告")
        || m.speaker.as_deref().is_some_and(|s| s.contains("习近平"))
    {
        return 0;
    }
    match m.kind.as_str() {
        "policy_document" | "speech" | "speech_excerpts" | "instruction" | "letter" => 1,
        "interview" | "notes" | "other" => 2,
        _ => 3,
    }
}

/// How definitional `sentence` is of `term` (see [`Passage::definitional`]).
pub fn definitional(sentence: &str, term: &str) -> u8 {
    let lead: &[char] = &['“', '‘', '「', '（', '(', '　', ' ', '—'];
    let s = sentence.trim_start_matches(lead);
    if let Some(rest) = s.strip_prefix(term)
        && [
            "是",
            "就是",
            "，",
            "是指",
            "，就是",
            "”是",
            "本质上是",
            "的本质",
        ]
        .iter()
        .any(|p| rest.starts_with(p))
    {
        return 3;
    }
    if sentence.contains(&format!("{term}是")) || sentence.contains(&format!("{term}就是")) {
        return 2;
    }
    match sentence.find(term) {
        Some(i) if sentence[..i].chars().count() < 10 => 1,
        _ => 0,
    }
}

/// Article ids matching the `--from` query.
fn from_ids(r: &Reader<'_>, q: &str, filter: &FilterSpec) -> Result<Vec<String>> {
    let expr = parse_query(q)?;
    let f = filter.resolve(r.library())?;
    let works = r.searcher()?.search(&expr, filter.ignore_punct, &f, 10)?;
    let ids: Vec<String> = works
        .into_iter()
        .flat_map(|w| w.articles)
        .map(|a| a.meta.id.0)
        .collect();
    if ids.is_empty() {
        invalid!("没有文章符合 no article matches --from “{q}”");
    }
    Ok(ids)
}

/// Notes on every term of the request.
pub fn notes(r: &Reader<'_>, req: &NotesRequest) -> Result<Notes> {
    if req.terms.iter().all(|t| t.trim().is_empty()) {
        usage!("请给出至少一个词语 give at least one term");
    }
    let mut filter = req.filter.clone();
    if let Some(q) = req.from.as_deref().filter(|q| !q.trim().is_empty()) {
        let ids = from_ids(r, q, &req.filter)?;
        if filter.ids.is_empty() {
            filter.ids = ids;
        } else {
            let keep: HashSet<String> = ids.into_iter().collect();
            filter
                .ids
                .retain(|i| keep.iter().any(|k| k.starts_with(i.as_str())));
            if filter.ids.is_empty() {
                invalid!("没有文章符合 no article matches --from “{q}”");
            }
        }
    }
    let terms: Vec<String> = req
        .terms
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let counts = count(
        r,
        &CountRequest {
            terms: terms.clone(),
            by: None,
            filter: filter.clone(),
        },
    )?;
    let trends = trend(
        r,
        &TrendRequest {
            terms: terms.clone(),
            by: By::Year,
            by_work: false,
            filter: filter.clone(),
        },
    )?;
    let firsts = first(
        r,
        &FirstRequest {
            terms: terms.clone(),
            filter: filter.clone(),
        },
    )?;
    let mut out = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        let c = counts.iter().find(|c| &c.term == term);
        out.push(TermNote {
            term: term.clone(),
            occurrences: c.map_or(0, |c| c.occurrences),
            articles: c.map_or(0, |c| c.articles),
            works: c.map_or(0, |c| c.works),
            trend: trends
                .iter()
                .filter(|t| &t.term == term && t.occurrences > 0)
                .map(|t| YearCount {
                    year: t.period.clone(),
                    occurrences: t.occurrences,
                })
                .collect(),
            first: firsts[i].clone(),
            passages: passages(r, term, &filter, req.per_term)?,
        });
    }
    Ok(Notes {
        title: format!("热词学习笔记：{}", terms.join("、")),
        from: req.from.clone(),
        terms: out,
    })
}

/// The defining passages of `term`, best first (see the module doc).
fn passages(r: &Reader<'_>, term: &str, filter: &FilterSpec, n: usize) -> Result<Vec<Passage>> {
    let s = r.searcher()?;
    let f = filter.resolve(r.library())?;
    let hits = s.hits(term, filter.ignore_punct, &f);
    let mut per_article: HashMap<i64, usize> = HashMap::new();
    for h in &hits {
        *per_article.entry(h.article).or_default() += 1;
    }
    // Best candidate per same-work group, keyed for sorting.
    type Key = (
        u8,
        std::cmp::Reverse<u8>,
        (u32, u32, u32),
        i64,
        String,
        usize,
    );
    let mut best: HashMap<i64, (Key, Passage)> = HashMap::new();
    let mut seen_para: HashSet<(i64, usize, usize)> = HashSet::new();
    for h in &hits {
        let Some(m) = s.meta(h.article) else { continue };
        let Some(date) = s.hit_date(h).map(str::to_string) else {
            continue;
        };
        let (para, at) = s.paragraph_text(h);
        let paragraph = s.paragraph_index(h);
        let sentence = sentence_at(&para, at);
        if !sentence.contains(term) {
            continue; // a hit across punctuation (ignore_punct) may not be quotable
        }
        if !seen_para.insert((h.article, paragraph, at.min(para.len()))) {
            continue;
        }
        let def = definitional(&sentence, term);
        let auth = authority(m);
        // Fewer characters per hit = denser use of the term.
        let density = m.chars / per_article.get(&h.article).copied().unwrap_or(1).max(1) as i64;
        let key: Key = (
            auth,
            std::cmp::Reverse(def),
            date_key(&date),
            density,
            m.id.0.clone(),
            paragraph,
        );
        let cand = Passage {
            sentence,
            article: ArticleId(m.id.0.clone()),
            title: m.title.clone(),
            source: m.source.clone(),
            date,
            kind: m.kind.clone(),
            speaker: m.speaker.clone(),
            paragraph,
            authority: auth,
            definitional: def,
        };
        match best.get(&m.work) {
            Some((k, _)) if *k <= key => {}
            _ => {
                best.insert(m.work, (key, cand));
            }
        }
    }
    let mut all: Vec<(Key, Passage)> = best.into_values().collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sentences = HashSet::new();
    Ok(all
        .into_iter()
        .map(|(_, p)| p)
        .filter(|p| sentences.insert(p.sentence.clone()))
        .take(if n == 0 { usize::MAX } else { n })
        .collect())
}

fn trend_line(t: &TermNote) -> String {
    if t.trend.is_empty() {
        return "—".to_string();
    }
    t.trend
        .iter()
        .map(|y| format!("{} {}", y.year, y.occurrences))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn counts_line(t: &TermNote) -> String {
    format!(
        "{} 次 occurrences · {} 篇 articles · {} 部 works",
        t.occurrences, t.articles, t.works
    )
}

fn citation(p: &Passage) -> String {
    let mut c = format!("《{}》", p.title);
    if let Some(s) = &p.source {
        let _ = write!(c, "，{s}");
    }
    let _ = write!(c, "，{}（{} ¶{}）", p.date, p.article, p.paragraph);
    c
}

fn first_line(f: &FirstRow) -> Option<(String, String)> {
    Some((
        format!(
            "{}《{}》（{} ¶{}）",
            f.date.as_deref()?,
            f.title.as_deref()?,
            f.article.as_ref()?,
            f.paragraph?
        ),
        f.sentence.clone()?,
    ))
}

/// The notes as Markdown: `#` title, `##` per term, `###` subsections.
pub fn markdown(n: &Notes) -> String {
    let mut s = format!("# {}\n\n", n.title);
    if let Some(q) = &n.from {
        let _ = writeln!(s, "范围 scope: `{q}`\n");
    }
    for t in &n.terms {
        let _ = writeln!(s, "## {}\n", t.term);
        let _ = writeln!(s, "{}\n", counts_line(t));
        let _ = writeln!(s, "### 年度走势 Trend by year\n\n{}\n", trend_line(t));
        let _ = writeln!(s, "### 首次出现 First appearance\n");
        match first_line(&t.first) {
            Some((cite, sentence)) => {
                let _ = writeln!(s, "> {sentence}\n\n{cite}\n");
            }
            None => s.push_str("未见于有日期的文章 not found in any dated article\n\n"),
        }
        let _ = writeln!(s, "### 权威表述 Defining passages\n");
        if t.passages.is_empty() {
            s.push_str("（无 none）\n\n");
        }
        for (i, p) in t.passages.iter().enumerate() {
            let _ = writeln!(s, "{}. {}\n   —— {}\n", i + 1, p.sentence, citation(p));
        }
    }
    s
}

fn h(s: &str) -> String {
    escape(s)
}

/// The notes as one self-contained, printable HTML file.
pub fn html(n: &Notes) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:\"Noto Serif CJK SC\",\"Songti SC\",serif;max-width:46em;margin:2em auto;line-height:1.8;padding:0 1em}}\
         h1{{text-align:center}}h2{{font-family:\"Noto Sans CJK SC\",sans-serif;border-bottom:1px solid #999}}\
         blockquote{{margin:0 0 .3em;padding-left:1em;border-left:3px solid #c00}}.cite{{color:#555;font-size:.9em;margin:0 0 1em 1em}}\
         @media print{{body{{margin:0}}}}</style></head><body>",
        h(&n.title)
    );
    let _ = write!(s, "<h1>{}</h1>", h(&n.title));
    if let Some(q) = &n.from {
        let _ = write!(s, "<p>范围 scope: <code>{}</code></p>", h(q));
    }
    for t in &n.terms {
        let _ = write!(
            s,
            "<section><h2>{}</h2><p class=\"counts\">{}</p><h3>年度走势 Trend by year</h3><p class=\"trend\">{}</p><h3>首次出现 First appearance</h3>",
            h(&t.term),
            h(&counts_line(t)),
            h(&trend_line(t))
        );
        match first_line(&t.first) {
            Some((cite, sentence)) => {
                let _ = write!(
                    s,
                    "<blockquote>{}</blockquote><p class=\"cite\">{}</p>",
                    h(&sentence),
                    h(&cite)
                );
            }
            None => s.push_str("<p>未见于有日期的文章 not found in any dated article</p>"),
        }
        s.push_str("<h3>权威表述 Defining passages</h3><ol class=\"passages\">");
        for p in &t.passages {
            let _ = write!(
                s,
                "<li><blockquote>{}</blockquote><p class=\"cite\">—— {}</p></li>",
                h(&p.sentence),
                h(&citation(p))
            );
        }
        s.push_str("</ol></section>");
    }
    s.push_str("</body></html>\n");
    s
}

/// The notes as a DOCX (WordprocessingML, East-Asian font slots set).
pub fn docx(n: &Notes) -> Result<Vec<u8>> {
    fn para(xml: &mut String, text: &str, size: usize, bold: bool, font: &str, indent: bool) {
        let b = if bold { "<w:b/>" } else { "" };
        let ind = if indent {
            r#"<w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>"#
        } else {
            ""
        };
        let _ = write!(
            xml,
            r#"<w:p>{ind}<w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>{b}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            escape(text)
        );
    }
    const SONG: &str = "宋体";
    const HEI: &str = "黑体";
    const KAI: &str = "楷体";
    let mut x = String::new();
    para(&mut x, &n.title, 44, true, SONG, false);
    if let Some(q) = &n.from {
        para(&mut x, &format!("范围 scope: {q}"), 24, false, KAI, false);
    }
    for t in &n.terms {
        para(&mut x, &t.term, 32, true, HEI, false);
        para(&mut x, &counts_line(t), 24, false, SONG, false);
        para(&mut x, "年度走势 Trend by year", 28, true, KAI, false);
        para(&mut x, &trend_line(t), 24, false, SONG, false);
        para(&mut x, "首次出现 First appearance", 28, true, KAI, false);
        match first_line(&t.first) {
            Some((cite, sentence)) => {
                para(&mut x, &sentence, 32, false, SONG, true);
                para(&mut x, &cite, 24, false, KAI, false);
            }
            None => para(
                &mut x,
                "未见于有日期的文章 not found in any dated article",
                24,
                false,
                SONG,
                false,
            ),
        }
        para(&mut x, "权威表述 Defining passages", 28, true, KAI, false);
        for (i, p) in t.passages.iter().enumerate() {
            para(
                &mut x,
                &format!("{}. {}", i + 1, p.sentence),
                32,
                false,
                SONG,
                true,
            );
            para(
                &mut x,
                &format!("—— {}", citation(p)),
                24,
                false,
                KAI,
                false,
            );
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{x}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let bytes = (|| -> std::io::Result<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in [
            ("[Content_Types].xml", crate::docx::CONTENT_TYPES),
            ("_rels/.rels", crate::docx::RELS),
            ("word/document.xml", document.as_str()),
        ] {
            zip.start_file(name, opts)?;
            zip.write_all(text.as_bytes())?;
        }
        Ok(zip.finish()?.into_inner())
    })();
    bytes.map_err(|e| ServiceError::Io {
        path: "notes.docx".into(),
        source: e,
    })
}

/// The notes as a book for the PDF typesetter: one item per term.
pub fn book(n: &Notes) -> tifa_render::Book {
    use tifa_render::Block;
    let mut blocks = Vec::new();
    for t in &n.terms {
        blocks.push(Block::Item {
            label: None,
            title: t.term.clone(),
            lead_in: None,
            subtitle: None,
            meta: vec![counts_line(t)],
        });
        blocks.push(Block::Heading {
            level: 1,
            text: "一、年度走势".into(),
        });
        blocks.push(Block::Para(trend_line(t)));
        blocks.push(Block::Heading {
            level: 1,
            text: "二、首次出现".into(),
        });
        match first_line(&t.first) {
            Some((cite, sentence)) => {
                blocks.push(Block::Para(sentence));
                blocks.push(Block::Note(cite));
            }
            None => blocks.push(Block::Para("未见于有日期的文章。".into())),
        }
        blocks.push(Block::Heading {
            level: 1,
            text: "三、权威表述".into(),
        });
        for (i, p) in t.passages.iter().enumerate() {
            blocks.push(Block::Para(format!("{}. {}", i + 1, p.sentence)));
            blocks.push(Block::Note(format!("—— {}", citation(p))));
        }
    }
    tifa_render::Book {
        title: n.title.clone(),
        body: n.from.as_ref().map(|q| format!("范围：{q}")),
        date: None,
        toc_title: "目\u{3000}录".into(),
        blocks,
    }
}

/// The notes as PDF, typeset with the system's CJK fonts.
pub fn pdf(n: &Notes) -> Result<Vec<u8>> {
    crate::typeset::pdf(&book(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitional_ranks_the_term_as_subject_first() {
        assert_eq!(definitional("甲乙是丙丁的核心。", "甲乙"), 3);
        assert_eq!(definitional("“甲乙”是丙丁。", "甲乙"), 3);
        assert_eq!(definitional("甲乙，就是丙丁。", "甲乙"), 3);
        assert_eq!(definitional("我们说甲乙就是丙丁。", "甲乙"), 2);
        assert_eq!(definitional("要推动甲乙发展。", "甲乙"), 1);
        assert_eq!(
            definitional("一二三四五六七八九十一二要推动甲乙。", "甲乙"),
            0
        );
    }
}
