//! Articles from corpus records (JSONL/CSV), cleaned like files: paragraphs
//! from blank lines and U+3000 indents (and, in text that lost both, from
//! the places a printed text always breaks: after the title block and a
//! salutation, before a heading 一、, a citation or the closing credits);
//! licence boilerplate, photo credits and captions removed; the title block
//! read with the same opening reader as files (`boundary::read_opening`),
//! also when it is glued to the text (`在…上的讲话（2018年2月12日）习近平同志们：`);
//! then the shared metadata rules (`meta::fill`), with the record's date
//! field as the *publication* date.
//!
//! Key decisions: a record gets a title only when it has one (a title field,
//! or a title line the opening reader accepts); a truncated first sentence is
//! never a title. In Wikisource content a blank line separates paragraphs and
//! a single newline is an artefact (it breaks lines around links).

use crate::boundary;
use crate::classify::{self, is_person_name};
use crate::formats::Line;
use crate::formats::table::Record;
use crate::front::Front;
use crate::layout::{self, Layout};
use crate::meta::{self, Parts};
use crate::model::{Article, Kind, Origin, Paragraph};
use regex::Regex;
use std::sync::LazyLock;
use tifa_text::calendar::meeting_year;
use tifa_text::chars::fold;
use tifa_text::date::{PartialDate, find_year};
use tifa_text::normalize::normalize_line;

static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\s*(?:\d{1,3}|[A-Za-z]{1,6}\s*\d{1,3})\s*\]").unwrap());
static PARA_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n\s*\n|\u{3000}{2,}|\r\n\s*\r\n").unwrap());
/// Places where glued text (no newlines, no indents) breaks a paragraph:
/// before a closing credit, a 新华社 dateline in parentheses, a ※ note, an
/// excerpt citation, and an outline heading after a sentence end.
static GLUED_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<at>",
        r"[（(]\s*(?:据)?新华社[^）)]{0,16}电\s*[）)]",
        r"|《\s*[\p{Han}]{2,10}\s*》\s*[（(]\s*\d{4}年",
        r"|※",
        r"|[（(]\s*\d{4}\s*年[^）)]{2,60}(?:讲话|答问|发言|谈话)\s*[）)]",
        r"|(?:[一二三四五六七八九十]{1,3}、)",
        r"|[\p{Han}]{2,3}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",
        r")"
    ))
    .unwrap()
});
/// A title block glued to the text: title, optional ——subtitle, then a date
/// line in parentheses or a ※ mark, then the speaker's name.
static GLUED_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<title>[^。！？：；]{4,80}?)",
        r"(?P<sub>——[^。！？（(]{4,80})?",
        r"(?:(?P<date>[（(]\s*\d{4}\s*年[^）)]{2,20}[）)])|※)",
        r"(?P<job>[\p{Han}]{2,16}(?:主席|总理|书记|委员长)\s*)?",
    ))
    .unwrap()
});
/// A title followed directly by its author's name and the text (《求是》 reprints).
static TITLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<title>[^。！？：；，、]{6,60}?)(?P<rest>[\p{Han}]{2,3}(?:\d|[我今同尊各女大]).*)$",
    )
    .unwrap()
});
/// A letter or message printed under its genre word: 贺信值此…, 回信乡亲们：….
static GENRE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(贺信|回信|贺电|复信|慰问信|致辞)(?:[\p{Han}“]).{0,200}").unwrap()
});
static DATELINE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:据)?((?:新华社|中新社|本报|[\p{Han}]{1,8}?(?:社|报|网|台))[\p{Han}]{0,6}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*电)\s*").unwrap()
});
/// Openings of a speech's text: a name followed by one of these is the
/// shorter name (李强同志们 is 李强 + 同志们).
const OPENERS: [&str; 8] = [
    "同志", "女士", "尊敬", "各位", "大家", "朋友", "同胞", "今天",
];

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

/// Split glued text at the breaks every printed text has (see `GLUED_BREAK`).
fn split_glued(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in GLUED_BREAK.find_iter(p) {
        let at = m.start();
        let after_sentence = p[..at]
            .trim_end()
            .chars()
            .last()
            .is_some_and(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | '）' | ')'));
        // A dateline in parentheses stands between texts wherever it is.
        let dateline = classify::is_dateline_alone(m.as_str());
        if dateline && at > start {
            out.push(p[start..at].trim().to_string());
            out.push(m.as_str().trim().to_string());
            start = m.end();
            continue;
        }
        if at > start && after_sentence {
            out.push(p[start..at].trim().to_string());
            start = at;
        }
    }
    out.push(p[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    // A signature glued to its date (习近平2020年8月17日) is two lines.
    let mut signed = Vec::with_capacity(out.len());
    for piece in out {
        match SIGNATURE.captures(&piece) {
            Some(c) if is_person_name(&c[1]) => {
                signed.push(c[1].to_string());
                signed.push(c[2].to_string());
            }
            _ => signed.push(piece),
        }
    }
    signed
}

static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han}]{2,3})(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$").unwrap()
});

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

/// The name at the start of `s` (2 or 3 characters), and the rest.
fn leading_name(s: &str) -> Option<(String, &str)> {
    let chars: Vec<(usize, char)> = s.char_indices().take(4).collect();
    let cut = |n: usize| chars.get(n).map_or(s.len(), |c| c.0);
    let three = &s[..cut(3)];
    let two = &s[..cut(2)];
    let after_two = &s[cut(2)..];
    if is_person_name(two) && OPENERS.iter().any(|o| after_two.starts_with(o)) {
        return Some((two.to_string(), after_two));
    }
    if chars.len() >= 3 && is_person_name(three) {
        return Some((three.to_string(), &s[cut(3)..]));
    }
    is_person_name(two).then(|| (two.to_string(), after_two))
}

/// What a glued first paragraph holds before the text.
#[derive(Default)]
struct Head {
    title: Option<String>,
    subtitle: Option<String>,
    date_line: Option<String>,
    name: Option<String>,
    dateline: Option<String>,
}

/// Read a title block glued to the start of the first paragraph; returns
/// the head and the remaining text.
fn glued_head(first: &str) -> (Head, String) {
    let mut head = Head::default();
    let mut rest = first.to_string();
    if let Some(c) = DATELINE_HEAD.captures(&rest) {
        head.dateline = Some(c[1].to_string());
        rest = rest[c.get(0).expect("match").end()..].to_string();
    }
    if let Some(c) = GLUED_HEAD.captures(&rest) {
        let after = &rest[c.get(0).expect("match").end()..];
        if let Some((name, body)) = leading_name(after) {
            head.title = Some(c["title"].trim().to_string());
            head.subtitle = c.name("sub").map(|m| m.as_str().trim().to_string());
            head.date_line = c.name("date").map(|m| m.as_str().to_string());
            head.name = Some(name);
            rest = body.to_string();
            return (head, rest);
        }
    }
    if let Some(c) = TITLE_NAME.captures(&rest)
        && let Some((name, body)) = leading_name(&c["rest"])
        && c["title"].contains(' ')
    {
        head.title = Some(c["title"].trim().to_string());
        head.name = Some(name);
        rest = body.to_string();
        return (head, rest);
    }
    if let Some(c) = GENRE_HEAD.captures(&rest) {
        let word = c[1].to_string();
        rest = rest[word.len()..].to_string();
        head.title = Some(word);
    }
    (head, rest)
}

fn article(r: Record) -> Option<Article> {
    let mut paras = paragraphs(&r.content);
    if paras.is_empty() {
        return None;
    }
    let record_title = r
        .title
        .as_deref()
        .map(normalize_line)
        .filter(|t| !t.is_empty());
    let (head, rest) = glued_head(&paras[0]);
    let glued = head.title.is_some() || head.dateline.is_some();
    if glued {
        paras[0] = rest;
    }
    // Text that lost its paragraph marks: break it where printed texts break
    // (`paragraphs` normalised the rest already).
    if paras.len() == 1 || glued {
        let mut split: Vec<String> = Vec::new();
        for p in paras {
            split.extend(split_glued(&p).iter().map(|p| normalize_line(p)));
        }
        paras = split;
    }
    let mut paragraphs: Vec<Paragraph> = paras
        .into_iter()
        .filter(|t| !t.is_empty())
        .map(|text| Paragraph {
            text,
            ..Default::default()
        })
        .collect();
    // Photo captions and credits first: a caption may sit before the salutation.
    meta::clean_credits(&mut paragraphs);
    split_salutation(&mut paragraphs);
    if paragraphs.is_empty() {
        return None;
    }
    let mut parts = Parts {
        record_published: r.date.as_deref().and_then(PartialDate::parse),
        dateline: head.dateline.clone(),
        ..Default::default()
    };
    if let Some(t) = head.title {
        parts.title = normalize_line(&t);
        parts
            .subtitles
            .extend(head.subtitle.map(|s| normalize_line(&s)));
        parts.date_lines.extend(head.date_line);
        parts.names.extend(head.name);
    } else {
        // Header paragraphs: the same opening reader as files.
        let lines: Vec<Line> = paragraphs
            .iter()
            .take(8)
            .map(|p| Line::plain(p.text.clone()))
            .collect();
        let art = vec![None; lines.len()];
        let blocks = layout::blocks(&lines, 0..lines.len(), &art, Layout::LinePerParagraph);
        if let Some(o) = boundary::read_opening(&blocks, 0) {
            let title = blocks[o.title.clone()]
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let repeats_title = record_title
                .as_deref()
                .is_some_and(|rt| fold(rt).contains(&fold(&title)));
            if o.score > 0.0 || repeats_title {
                parts.title = title;
                parts.lead_in = o.lead_in.map(|i| blocks[i].text.clone());
                parts.subtitles = o
                    .subtitles
                    .iter()
                    .map(|&i| blocks[i].text.clone())
                    .collect();
                for &(i, h) in &o.header {
                    let t = blocks[i].text.clone();
                    match h {
                        boundary::HeaderLine::Date => parts.date_lines.push(t),
                        boundary::HeaderLine::Adopted => parts.adopted = Some(t),
                        boundary::HeaderLine::Name => parts.names.push(t),
                        boundary::HeaderLine::Source => parts.source_lines.push(t),
                        boundary::HeaderLine::Byline => parts.byline = Some(t),
                        boundary::HeaderLine::DocNumber => parts.doc_number = Some(t),
                    }
                }
                // One block per paragraph: the body starts at paragraph `o.body`.
                paragraphs.drain(..o.body.min(paragraphs.len()));
            }
        }
    }
    if let Some(t) = &record_title {
        // The record's own title wins; a printed title that differs is a subtitle.
        if !parts.title.is_empty()
            && fold(&parts.title) != fold(t)
            && !fold(t).contains(&fold(&parts.title))
        {
            parts.subtitles.insert(0, parts.title.clone());
        }
        parts.title = t.clone();
    }
    if paragraphs.is_empty() {
        return None;
    }
    let mut a = Article {
        paragraphs,
        origin: Origin::Record(r.number),
        ..Default::default()
    };
    meta::fill(&mut a, &parts, &Front::default());
    if let Some(k) = r.kind.as_deref().and_then(Kind::parse) {
        a.kind = k;
    } else if a.title.contains("决议") || a.title.contains("决定") {
        a.kind = Kind::PolicyDocument;
    }
    if let Some(s) = r.speaker.clone() {
        a.speaker = Some(s);
    }
    if let Some(s) = r.source.clone() {
        a.source = Some(s);
    }
    if a.date.is_none() || r.year.is_some() {
        let (date, printed) = record_year(&r, &a, &parts);
        if date.is_some() {
            a.date = date.and_then(|d| d.iso());
            a.date_printed = printed.filter(|p| Some(p) != a.date.as_ref());
        }
    }
    Some(a)
}

/// A salutation glued to the text (`同志们：今天…`) opens its own paragraph.
fn split_salutation(paras: &mut Vec<Paragraph>) {
    let Some(k) = paras.iter().position(|p| p.flag.is_none()) else {
        return;
    };
    let t = paras[k].text.clone();
    let Some((i, c)) = t.char_indices().find(|&(_, c)| c == '：' || c == ':') else {
        return;
    };
    let cut = i + c.len_utf8();
    if cut < t.len() && classify::is_salutation(&t[..cut]) {
        paras[k].text = t[cut..].to_string();
        paras.insert(
            k,
            Paragraph {
                text: t[..cut].to_string(),
                ..Default::default()
            },
        );
    }
}

/// With a year field (a corpus of annual reports): a date in the header
/// that agrees with the year, else the year; without one and without any
/// other date: the year of the congress or NPC session the title names.
fn record_year(r: &Record, a: &Article, p: &Parts) -> (Option<PartialDate>, Option<String>) {
    let header: Vec<&str> = p
        .date_lines
        .iter()
        .chain(&p.subtitles)
        .chain(p.adopted.iter())
        .map(String::as_str)
        .collect();
    let dated = |t: &&str| {
        tifa_text::date::find_dates(t)
            .into_iter()
            .find(|d| d.date.year.is_some() && d.date.month.is_some())
    };
    if let Some(y) = r.year.as_deref().and_then(|y| y.trim().parse::<i32>().ok()) {
        if let Some(d) = a
            .date
            .as_deref()
            .and_then(PartialDate::parse)
            .filter(|d| d.year == Some(y))
        {
            return (Some(d), a.date_printed.clone());
        }
        return match header
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
    let first = a.body().next().map(|q| q.text.as_str()).unwrap_or("");
    let year = meeting_year(&a.title)
        .or_else(|| a.subtitle.as_deref().and_then(meeting_year))
        .or_else(|| meeting_year(first))
        .or_else(|| find_year(&a.title));
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
        assert_eq!(a.kind, Kind::Speech);
    }

    #[test]
    fn glued_speech_head() {
        let c = "在某某座谈会上的讲话（2018年2月12日）张三同志们：今天我们开会。第一件事情是这样的。（新华社北京2月12日电）《 人民日报 》（ 2020年04月30日 02 版）";
        let r = Record {
            number: 1,
            content: c.into(),
            date: Some("2020-04-30".into()),
            ..Default::default()
        };
        let a = article(r).unwrap();
        assert_eq!(a.title, "在某某座谈会上的讲话");
        assert_eq!(a.speaker.as_deref(), Some("张三"));
        assert_eq!(a.date.as_deref(), Some("2018-02-12"));
        assert_eq!(a.published.as_deref(), Some("2020-04-30"));
        assert_eq!(a.paragraphs[0].text, "同志们：");
        let body: Vec<&str> = a.body().map(|p| p.text.as_str()).collect();
        assert_eq!(body, vec!["同志们：", "今天我们开会。第一件事情是这样的。"]);
    }

    #[test]
    fn untitled_records_stay_untitled() {
        let r = Record {
            number: 1,
            content: "尊敬的主席先生，各位同事：\u{3000}\u{3000}大家好！我们今天在这里开会。"
                .into(),
            date: Some("2020-03-27".into()),
            ..Default::default()
        };
        let a = article(r).unwrap();
        assert_eq!(a.title, "");
        assert_eq!(a.paragraphs[0].text, "尊敬的主席先生，各位同事：");
        let r = Record {
            number: 2,
            content: "贺信值此大会召开之际，我代表党中央表示祝贺！".into(),
            ..Default::default()
        };
        let a = article(r).unwrap();
        assert_eq!(a.title, "贺信");
        assert_eq!(a.kind, Kind::Letter);
    }

    #[test]
    fn photo_captions_are_not_text() {
        let r = Record {
            number: 1,
            content: "2020年9月8日，大会在北京隆重举行。 新华社记者 姚大伟/摄同志们，朋友们：今天我们隆重集会。".into(),
            ..Default::default()
        };
        let a = article(r).unwrap();
        let text = a.text();
        assert!(
            !text.contains("/摄") && !text.contains("隆重举行"),
            "{text}"
        );
        assert!(text.starts_with("同志们，朋友们："));
    }
}
