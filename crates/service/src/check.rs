//! Proofreading quotations: `check` (every quoted span of a draft against
//! the library, with its verdict, differences, source, citation and whether
//! the prose names that source), `cite` (the sources of one sentence) and
//! `annotate` (the draft as DOCX with a Word comment on each quotation).
//!
//! Key decision: a verdict is a function of edit distance alone (0 = exact,
//! within `quotes::close_enough` = variant); which source is reported among
//! equally close passages is decided by the attribution — the passage whose
//! article agrees with what the prose just before the quote names (years,
//! 党的X大报告, 政府工作报告, a speaker the library knows, a 《title》) —
//! then by the earliest date, the original rather than a reprint. A
//! misattribution is the best source contradicting a claim of the prose.

use crate::{ArticleId, Reader, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use tifa_analysis::{DiffKind, Match, SpanKind};
use tifa_ingest::IngestError;
use tifa_ingest::draft::{Comment, Draft};
use tifa_library::{Meta, Searcher};
use tifa_text::chars::fold;
use utoipa::ToSchema;

/// Check the quotations of a draft.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CheckRequest {
    /// The draft's text.
    pub text: String,
    /// Quoted spans shorter than this (whitespace aside) are terms, skipped.
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
}

fn default_min_chars() -> usize {
    8
}

/// The verdict on one quoted span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Exact,
    Variant,
    NotFound,
    Skipped,
}

/// Where a quotation comes from.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SourceRef {
    pub article: ArticleId,
    pub title: String,
    pub date: Option<String>,
    pub speaker: Option<String>,
    /// Index of the paragraph in the article's body.
    pub paragraph: usize,
    /// The source passage.
    pub text: String,
}

/// One character-level difference, quotation against source.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct DifferenceRow {
    /// substitute, insert (only in the quotation), delete (only in the
    /// source), punctuation, omission (source text an ellipsis stands for).
    pub kind: String,
    pub quote: String,
    pub source: String,
}

/// Whether the prose before a quotation names its source rightly.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Attribution {
    /// ok, mismatch, or none (the prose names no source, or none was found).
    pub status: String,
    /// The clause before the quotation that names a source ("" when none does).
    pub draft_says: String,
}

/// One quoted span of a draft, as `check --json` prints it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct QuoteCheck {
    pub quote: String,
    /// Character offsets of the quoted text in the draft.
    pub start: usize,
    pub end: usize,
    pub verdict: Verdict,
    /// The source (for not_found: the nearest passage, if any).
    pub source: Option<SourceRef>,
    pub citation: String,
    pub differences: Vec<DifferenceRow>,
    pub attribution: Attribution,
}

/// Read a draft (`.txt`, `.md`, `.docx`).
pub fn read_draft(path: &Path) -> Result<Draft> {
    Ok(tifa_ingest::draft::read_draft(path)?)
}

/// What the prose before a quotation says its source is.
#[derive(Default)]
struct Claims {
    clause: String,
    years: Vec<String>,
    congress: Option<i32>,
    work_report: bool,
    speakers: Vec<String>,
    titles: Vec<String>,
}

impl Claims {
    fn read(clause: &str, speakers: &BTreeSet<String>) -> Claims {
        let chars: Vec<char> = clause.chars().collect();
        let mut years = Vec::new();
        for i in 0..chars.len().saturating_sub(4) {
            let y: String = chars[i..i + 4].iter().collect();
            let lone = i == 0 || !chars[i - 1].is_ascii_digit();
            if lone
                && chars[i + 4] == '年'
                && (y.starts_with("19") || y.starts_with("20"))
                && y.chars().all(|c| c.is_ascii_digit())
            {
                years.push(y);
            }
        }
        let mut titles = Vec::new();
        let mut rest = clause;
        while let Some(a) = rest.find('《') {
            let Some(b) = rest[a..].find('》') else {
                break;
            };
            let t = &rest[a + '《'.len_utf8()..a + b];
            if !fold(t).is_empty() {
                titles.push(t.to_string());
            }
            rest = &rest[a + b..];
        }
        Claims {
            clause: clause.to_string(),
            years,
            congress: tifa_text::calendar::meeting_year(clause),
            work_report: clause.contains("政府工作报告"),
            speakers: speakers
                .iter()
                .filter(|s| clause.contains(s.as_str()))
                .cloned()
                .collect(),
            titles,
        }
    }

    fn any(&self) -> bool {
        !self.years.is_empty()
            || self.congress.is_some()
            || self.work_report
            || !self.speakers.is_empty()
            || !self.titles.is_empty()
    }

    /// Claims the source agrees with, and claims it contradicts.
    fn score(&self, m: &Meta, date: Option<&str>) -> (usize, usize) {
        let mut ok = 0;
        let mut bad = 0;
        let mut tally = |b: bool| if b { ok += 1 } else { bad += 1 };
        let date = date.unwrap_or("");
        for y in &self.years {
            tally(date.starts_with(y.as_str()));
        }
        if let Some(c) = self.congress {
            let year = tifa_text::calendar::meeting_year(&m.title);
            tally(year == Some(c) || date.starts_with(&c.to_string()));
        }
        if self.work_report {
            tally(m.title.contains("政府工作报告"));
        }
        for s in &self.speakers {
            tally(m.speaker.as_deref() == Some(s.as_str()) || m.title.contains(s.as_str()));
        }
        let title = fold(&m.title);
        for t in &self.titles {
            let t = fold(t);
            tally(!t.is_empty() && (title.contains(&t) || t.contains(&title)));
        }
        (ok, bad)
    }
}

/// The clause just before a quotation: back to the end of the previous
/// sentence or quotation, at most 60 characters.
fn clause_before(chars: &[char], start: usize) -> String {
    let open = start.saturating_sub(1);
    let mut a = open;
    while a > 0 && open - a < 60 {
        if matches!(
            chars[a - 1],
            '。' | '！' | '？' | '；' | '\n' | '”' | '」' | '』'
        ) {
            break;
        }
        a -= 1;
    }
    chars[a..open].iter().collect::<String>().trim().to_string()
}

/// Speakers named in the library's metadata (2 to 8 characters).
fn speakers(s: &Searcher) -> BTreeSet<String> {
    s.metas()
        .filter_map(|(_, m)| m.speaker.clone())
        .filter(|x| (2..=8).contains(&x.chars().count()))
        .collect()
}

/// A citation: `习近平：《题目》（2023年2月23日），新华社`; a title's own
/// 《》 become 〈〉.
pub fn citation(m: &Meta, date: Option<&str>) -> String {
    let title = m.title.replace('《', "〈").replace('》', "〉");
    let mut c = String::new();
    if let Some(sp) = &m.speaker {
        c.push_str(sp);
        c.push('：');
    }
    c.push_str(&format!("《{title}》"));
    if let Some(d) = date {
        let parts: Vec<&str> = d.split('-').collect();
        let unit = ["年", "月", "日"];
        let cn: String = parts
            .iter()
            .zip(unit)
            .map(|(p, u)| format!("{}{u}", p.trim_start_matches('0')))
            .collect();
        c.push_str(&format!("（{cn}）"));
    }
    if let Some(src) = &m.source {
        c.push('，');
        c.push_str(src);
    }
    c
}

fn kind(k: &DiffKind) -> &'static str {
    match k {
        DiffKind::Substitute => "substitute",
        DiffKind::Insert => "insert",
        DiffKind::Delete => "delete",
        DiffKind::Punctuation => "punctuation",
        DiffKind::Omission => "omission",
    }
}

fn source_of(s: &Searcher, m: &Match) -> Option<(SourceRef, String)> {
    let meta = s.meta(m.hit.article)?;
    let date = s.hit_date(&m.hit);
    Some((
        SourceRef {
            article: (&meta.id).into(),
            title: meta.title.clone(),
            date: date.map(str::to_string),
            speaker: meta.speaker.clone(),
            paragraph: s.paragraph_index(&m.hit),
            text: m.passage.clone(),
        },
        citation(meta, date),
    ))
}

fn differences(m: &Match) -> Vec<DifferenceRow> {
    m.differences
        .iter()
        .map(|d| DifferenceRow {
            kind: kind(&d.kind).to_string(),
            quote: d.quote.clone(),
            source: d.source.clone(),
        })
        .collect()
}

fn date_key(s: &Searcher, m: &Match) -> (u32, u32, u32) {
    s.hit_date(&m.hit)
        .map_or((u32::MAX, 13, 32), tifa_analysis::date_key)
}

/// Every quoted span of the draft, in draft order.
pub fn check(r: &Reader<'_>, req: &CheckRequest) -> Result<Vec<QuoteCheck>> {
    r.answer(|| {
        let s = r.searcher()?;
        let chars: Vec<char> = req.text.chars().collect();
        let mut known: Option<BTreeSet<String>> = None;
        let mut out = Vec::new();
        for span in tifa_analysis::spans(&req.text) {
            let mut row = QuoteCheck {
                quote: span.text.clone(),
                start: span.start,
                end: span.end,
                verdict: Verdict::Skipped,
                source: None,
                citation: String::new(),
                differences: Vec::new(),
                attribution: Attribution {
                    status: "none".into(),
                    draft_says: String::new(),
                },
            };
            if span.kind == SpanKind::Title || tifa_analysis::weight(&span.text) < req.min_chars {
                out.push(row);
                continue;
            }
            let known = known.get_or_insert_with(|| speakers(s));
            let claims = Claims::read(&clause_before(&chars, span.start), known);
            let matches = tifa_analysis::find(s, &span.text);
            let best = matches.iter().min_by_key(|m| {
                let (ok, bad) = s
                    .meta(m.hit.article)
                    .map_or((0, 0), |meta| claims.score(meta, s.hit_date(&m.hit)));
                (m.edits, bad, std::cmp::Reverse(ok), date_key(s, m))
            });
            row.verdict = Verdict::NotFound;
            if let Some(m) = best {
                if let Some((src, cite)) = source_of(s, m) {
                    row.source = Some(src);
                    row.citation = cite;
                }
                row.differences = differences(m);
                if m.edits == 0 && m.differences.is_empty() {
                    row.verdict = Verdict::Exact;
                } else if tifa_analysis::close_enough(&span.text, m.edits) {
                    row.verdict = Verdict::Variant;
                }
                if claims.any() {
                    row.attribution.draft_says = claims.clause.clone();
                    if row.verdict != Verdict::NotFound {
                        let (_, bad) = s
                            .meta(m.hit.article)
                            .map_or((0, 0), |meta| claims.score(meta, s.hit_date(&m.hit)));
                        row.attribution.status = if bad > 0 { "mismatch" } else { "ok" }.into();
                    }
                }
            } else if claims.any() {
                row.attribution.draft_says = claims.clause.clone();
            }
            out.push(row);
        }
        Ok(out)
    })
}

/// The sources of a sentence.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CiteRequest {
    pub text: String,
}

/// One article a sentence occurs in (or nearly: a variant).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CiteRow {
    pub verdict: Verdict,
    pub source: SourceRef,
    pub citation: String,
    pub differences: Vec<DifferenceRow>,
}

/// Shorter text is a term, not a sentence to cite.
const CITE_MIN: usize = 4;

/// Every article holding the sentence or a close variant of it, earliest
/// first (undated last); exact occurrences only when there are any.
pub fn cite(r: &Reader<'_>, req: &CiteRequest) -> Result<Vec<CiteRow>> {
    if tifa_analysis::weight(&req.text) < CITE_MIN {
        crate::error::usage!(
            "句子太短 give a sentence of at least {CITE_MIN} characters (for a term: tifa count / kwic)"
        );
    }
    r.answer(|| {
        let s = r.searcher()?;
        let mut matches: Vec<Match> = tifa_analysis::find(s, &req.text)
            .into_iter()
            .filter(|m| tifa_analysis::close_enough(&req.text, m.edits))
            .collect();
        let best = matches.iter().map(|m| m.edits).min().unwrap_or(0);
        if best == 0 {
            matches.retain(|m| m.edits == 0);
        }
        matches.sort_by_key(|m| (date_key(s, m), m.edits, m.hit.article));
        let mut seen = std::collections::HashSet::new();
        Ok(matches
            .iter()
            .filter(|m| seen.insert(m.hit.article))
            .filter_map(|m| {
                let (source, citation) = source_of(s, m)?;
                Some(CiteRow {
                    verdict: if m.edits == 0 && m.differences.is_empty() {
                        Verdict::Exact
                    } else {
                        Verdict::Variant
                    },
                    source,
                    citation,
                    differences: differences(m),
                })
            })
            .collect())
    })
}

/// The Chinese and English name of a verdict.
pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Exact => "一致 exact",
        Verdict::Variant => "有出入 variant",
        Verdict::NotFound => "未找到 not_found",
        Verdict::Skipped => "略过 skipped",
    }
}

/// A difference as one line: `改 substitute：钻 ← 专`.
pub fn difference_line(d: &DifferenceRow) -> String {
    let label = match d.kind.as_str() {
        "substitute" => "改",
        "insert" => "增",
        "delete" => "漏",
        "punctuation" => "标点",
        _ => "省略",
    };
    format!("{label} {}：“{}” ← 原文 “{}”", d.kind, d.quote, d.source)
}

/// The draft as DOCX (a copy of a DOCX draft, a new one for a text draft)
/// with a comment on each checked quotation: verdict, differences,
/// citation, attribution. `path` names the draft in errors.
pub fn annotate(path: &Path, draft: &Draft, checks: &[QuoteCheck]) -> Result<Vec<u8>> {
    let err = |k| IngestError::new(path, k);
    let docx = match &draft.docx {
        Some(d) => d.clone(),
        None => tifa_ingest::draft::text_to_docx(&draft.text).map_err(err)?,
    };
    let comments: Vec<Comment> = checks
        .iter()
        .filter(|c| c.verdict != Verdict::Skipped)
        .map(|c| {
            let mut lines = vec![format!("tifa 核对 {}", verdict_label(c.verdict))];
            lines.extend(c.differences.iter().map(difference_line));
            if let Some(src) = &c.source {
                if c.verdict == Verdict::NotFound {
                    lines.push(format!("最接近 nearest：{}", src.text));
                }
                lines.push(format!("出处 source：{}", c.citation));
            }
            if c.attribution.status == "mismatch" {
                lines.push(format!(
                    "出处不符 attribution mismatch：文中说 “{}”",
                    c.attribution.draft_says
                ));
            }
            Comment {
                start: c.start,
                end: c.end,
                text: lines.join("\n"),
            }
        })
        .collect();
    Ok(tifa_ingest::draft::annotate(&docx, &comments, "tifa").map_err(err)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_of_a_clause() {
        let sp: BTreeSet<String> = ["张三".to_string()].into();
        let c = Claims::read("张三在2023年《某某方案》中和党的十九大报告提出", &sp);
        assert_eq!(c.years, vec!["2023"]);
        assert_eq!(c.congress, Some(2017));
        assert_eq!(c.speakers, vec!["张三"]);
        assert_eq!(c.titles, vec!["某某方案"]);
        assert!(!Claims::read("充分肯定60年来的成效，指出", &sp).any());
        let chars: Vec<char> = "前文。他在会上说：“甲乙”".chars().collect();
        assert_eq!(clause_before(&chars, 10), "他在会上说：");
    }
}
