//! Articles from corpus records (JSONL/CSV): paragraph splitting of the
//! content field, removal of licence boilerplate, a light reading of the
//! header lines (title repeat, ——date line, byline), and metadata.
//!
//! Key decision: in record content a blank line separates paragraphs and a
//! single newline is an artefact (Wikisource breaks lines around links), and
//! runs of U+3000 mark paragraph indents inside a one-line record.

use crate::classify;
use crate::formats::table::Record;
use crate::meta;
use crate::model::{Article, Kind, Origin, Paragraph};
use regex::Regex;
use std::sync::LazyLock;
use tifa_text::calendar::meeting_year;
use tifa_text::chars::fold;
use tifa_text::date::{PartialDate, find_dates, find_year};
use tifa_text::normalize::normalize_line;

static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\s*(?:\d{1,3}|[A-Za-z]{1,6}\s*\d{1,3})\s*\]").unwrap());
static PARA_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n\s*\n|\u{3000}{2,}|\r\n\s*\r\n").unwrap());

/// One article per record.
pub fn articles(records: Vec<Record>) -> Vec<Article> {
    records.into_iter().filter_map(article).collect()
}

/// Paragraphs of a record's content, licence boilerplate removed.
pub fn paragraphs(content: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for chunk in PARA_BREAK.split(content) {
        let joined: String = chunk
            .lines()
            .map(|l| l.trim_matches([' ', '\t', '\r']))
            .collect::<Vec<_>>()
            .join("");
        let cleaned = FOOTNOTE.replace_all(&joined, "");
        let t = normalize_line(&cleaned);
        if !t.is_empty() {
            out.push(t);
        }
    }
    strip_licence(&mut out);
    out
}

/// Cut the trailing licence block (Wikisource's 公有领域 notes and the like).
fn strip_licence(paras: &mut Vec<String>) {
    let licence = |p: &str| {
        (p.contains("本作品")
            && ["公有领域", "著作权法", "版权", "许可协议"]
                .iter()
                .any(|k| p.contains(k)))
            || p.starts_with("Public domain")
            || p.starts_with("本模板")
            || p.contains("知识共享")
    };
    if let Some(i) =
        (1..paras.len()).find(|&i| licence(&paras[i]) && paras[i].chars().count() < 600)
    {
        paras.truncate(i);
    }
    while paras
        .last()
        .is_some_and(|p| matches!(p.as_str(), "false" | "true" | "↑") || p.chars().count() <= 1)
    {
        paras.pop();
    }
}

fn article(r: Record) -> Option<Article> {
    let mut paras = paragraphs(&r.content);
    if paras.is_empty() {
        return None;
    }
    let title = r
        .title
        .as_deref()
        .map(normalize_line)
        .filter(|t| !t.is_empty());
    // Header lines: a repeat of the title, a ——subtitle, a byline.
    let mut subtitle = None;
    let mut byline = None;
    let mut k = 0;
    while k < paras.len().min(6) {
        let p = &paras[k];
        let in_title = title.as_deref().is_some_and(|t| {
            let (f, ft) = (fold(p), fold(t));
            !f.is_empty() && f.chars().count() <= 40 && ft.contains(&f)
        });
        if in_title && subtitle.is_none() {
            k += 1;
        } else if p.starts_with("——") && p.chars().count() <= 60 {
            subtitle = Some(p.clone());
            k += 1;
        } else if classify::is_byline(p)
            || (p.chars().count() <= 12 && p.contains(' ') && k > 0 && classify::is_title_like(p))
        {
            byline = Some(p.clone());
            k += 1;
        } else {
            break;
        }
    }
    paras.drain(..k);
    if paras.is_empty() {
        return None;
    }
    let title = title.unwrap_or_else(|| {
        let first = &paras[0];
        let t = first.trim_end_matches(['：', ':']);
        if t.chars().count() <= 40 {
            t.to_string()
        } else {
            t.chars().take(30).collect::<String>() + "…"
        }
    });
    let head: Vec<&str> = subtitle
        .iter()
        .map(String::as_str)
        .chain(paras.iter().take(6).map(String::as_str))
        .collect();
    let (date, printed) = record_date(&r, &title, &head);
    let body = paras.clone();
    let kind = r.kind.as_deref().and_then(Kind::parse).unwrap_or_else(|| {
        if title.contains("决议") || title.contains("决定") {
            Kind::PolicyDocument
        } else {
            meta::kind(&title, subtitle.as_deref(), false, false, &body)
        }
    });
    let speaker = r
        .speaker
        .clone()
        .or_else(|| meta::speaker(&title, subtitle.as_deref(), byline.as_deref(), &body));
    let outline = meta::outline(&body);
    Some(Article {
        title,
        subtitle,
        source: r.source.clone(),
        date: date.and_then(|d| d.iso()),
        date_printed: printed,
        speaker,
        doc_number: body.iter().take(3).find_map(|p| classify::doc_number(p)),
        kind,
        paragraphs: paras
            .into_iter()
            .map(|text| Paragraph {
                text,
                first_line: 0,
                last_line: 0,
                flag: None,
            })
            .collect(),
        outline,
        origin: Origin::Record(r.number),
    })
}

/// Date of a record: the date field; else a full date in the header that
/// agrees with the year field, or the year field; else a date printed in a
/// header line such as （2023年3月13日…通过） or ——2024年3月5日在…; else
/// the year of the congress or NPC session the title names.
fn record_date(r: &Record, title: &str, head: &[&str]) -> (Option<PartialDate>, Option<String>) {
    if let Some(d) = r.date.as_deref().and_then(PartialDate::parse) {
        return (Some(d), None);
    }
    let dated = |p: &&str| {
        find_dates(p)
            .into_iter()
            .find(|d| d.date.year.is_some() && d.date.month.is_some())
    };
    if let Some(y) = r.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok()) {
        return match head
            .iter()
            .filter_map(dated)
            .find(|d| d.date.year == Some(y))
        {
            Some(d) => (Some(d.date), Some(d.printed)),
            None => (
                Some(PartialDate {
                    year: Some(y),
                    ..Default::default()
                }),
                None,
            ),
        };
    }
    let header_line = |p: &&&str| p.starts_with(['（', '(']) || p.starts_with("——");
    if let Some(d) = head.iter().filter(header_line).find_map(dated) {
        return (Some(d.date), Some(d.printed));
    }
    let year = meeting_year(title)
        .or_else(|| head.first().and_then(|p| meeting_year(p)))
        .or_else(|| find_year(title));
    (
        year.map(|y| PartialDate {
            year: Some(y),
            ..Default::default()
        }),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wikisource_content() {
        let c = "政府工作报告\n\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n国务院总理\u{3000}\n李\u{3000}强\n\n各位代表：\n\n现在，我代表国务院，向大会报告\n政府工作\n。[\n1\n]\n\n正文二。\n\n正文三。\n\n正文四。\n\n本作品来自中华人民共和国国务院的决定。依据《\n中华人民共和国著作权法\n》第五条，属于\n公有领域\n。\n\nPublic domain\n\nfalse";
        let r = Record {
            number: 1,
            content: c.into(),
            title: Some("2024年中华人民共和国国务院政府工作报告".into()),
            year: Some("2024".into()),
            ..Default::default()
        };
        let a = article(r).unwrap();
        assert_eq!(a.date.as_deref(), Some("2024-03-05"));
        assert_eq!(
            a.speaker.as_deref(),
            Some("李强"),
            "{:?}",
            a.paragraphs.iter().take(3).collect::<Vec<_>>()
        );
        assert_eq!(a.paragraphs[0].text, "各位代表：");
        assert_eq!(
            a.paragraphs[1].text,
            "现在，我代表国务院，向大会报告政府工作。"
        );
        assert!(
            a.paragraphs
                .iter()
                .all(|p| !p.text.contains("公有领域") && !p.text.contains("Public"))
        );
    }
}
