//! Article metadata from its opening (title block and header lines) and its
//! body: title, lead-in and subtitle kept apart; `date` (when the text was
//! given or issued) and `published` (source line, newspaper credit, dateline,
//! issue), each with its printed form; source; speaker; kind; excerpt
//! citations; credits flagged; the outline of headings with levels.
//!
//! Key decisions:
//! - One meaning per field. `date` comes, in this order, from a date line
//!   under the title, a `——YYYY年M月D日在…上` subtitle, an adoption line, a
//!   letter's or document's signature date, a closing note (`※这是…2023年1月31日
//!   在…时讲话`, not a span), the news dateline, and only then from the
//!   publication. An excerpt collection is dated by its publication only (its
//!   span of excerpt dates is `span`).
//! - A missing year is filled only when the file makes it certain: from the
//!   publication date of the same text, or the pack's own date for a month at
//!   most three months before it; the printed form stays in `date_printed`.
//! - The speaker is read from evidence (a name line, the title's subject
//!   `习近平给…`, a byline, an interviewee, a signature, an issuing organ),
//!   never from a name merely mentioned in the title.

use crate::classify::{self, doc_number, is_person_name, name_line};
use crate::front::{Front, TocEntry};
use crate::layout::Block;
use crate::model::{Article, Citation, Flag, Kind, OutlineEntry, Paragraph};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
use tifa_text::chars::fold;
use tifa_text::date::{DateMatch, PartialDate, find_dates};
use tifa_text::normalize::normalize_line;
use tifa_text::outline::{MarkerKind, heading_marker, heading_text};

/// The parts of an article's opening, as the splitter found them.
#[derive(Clone, Debug, Default)]
pub struct Parts<'a> {
    pub label: Option<String>,
    pub lead_in: Option<String>,
    /// The main title, lines joined (see `title_and_subtitle`).
    pub title: String,
    pub subtitles: Vec<String>,
    pub date_lines: Vec<String>,
    pub adopted: Option<String>,
    pub names: Vec<String>,
    pub source_lines: Vec<String>,
    pub byline: Option<String>,
    pub doc_number: Option<String>,
    pub section: Option<String>,
    pub toc: Option<&'a TocEntry>,
    /// Running footers and credits printed inside the article's span.
    pub artifacts: Vec<String>,
    /// A news dateline printed before the text (新华社北京11月19日电).
    pub dateline: Option<String>,
    /// The publication date given with a record (a corpus's date field).
    pub record_published: Option<PartialDate>,
}

/// Fill every metadata field of `a` (whose paragraphs are set).
pub fn fill(a: &mut Article, p: &Parts, front: &Front) {
    a.title = if p.title.is_empty() {
        p.toc.map(|t| t.text.clone()).unwrap_or_default()
    } else {
        p.title.clone()
    };
    a.lead_in = p.lead_in.clone();
    a.subtitle = (!p.subtitles.is_empty()).then(|| p.subtitles.join(" / "));
    a.label = p.label.clone();
    a.section = p.section.clone();
    clean_credits(&mut a.paragraphs);
    // The news dateline is metadata: read it, then take it out of the text.
    let found = strip_datelines(&mut a.paragraphs);
    let closing = closing_name_date(&mut a.paragraphs);
    let owned;
    let p = if (p.dateline.is_none() && found.is_some()) || closing.is_some() {
        let mut q = p.clone();
        if q.dateline.is_none() {
            q.dateline = found;
        }
        // The title block printed after the text is header lines.
        if let Some((name, date)) = closing {
            q.names.push(name);
            q.date_lines.push(date);
        }
        owned = q;
        &owned
    } else {
        p
    };
    let excerpts = mark_citations(&mut a.paragraphs);
    a.span = excerpts;
    let body: Vec<String> = a.body().map(|q| q.text.clone()).collect();
    let all: Vec<&Paragraph> = a.paragraphs.iter().collect();
    a.doc_number = p
        .doc_number
        .as_deref()
        .and_then(doc_number)
        .or_else(|| body.iter().take(3).find_map(|q| doc_number(q)));
    a.kind = kind(a, p, &body);
    let published = published(p, &all, front);
    a.published = published.as_ref().and_then(|(d, _)| d.iso());
    a.published_printed = published
        .as_ref()
        .map(|(_, s)| s.clone())
        .filter(|s| Some(s) != a.published.as_ref());
    let (date, printed) = article_date(a, p, &all, &body, published.as_ref(), front);
    a.date = date.and_then(|d| d.iso());
    a.date_printed = printed.filter(|s| Some(s) != a.date.as_ref());
    a.source = source(p, &all, front);
    a.speaker = speaker(a, p, &all, &body);
    a.outline = outline(&body);
}

/// Title and extra subtitle parts from the title blocks: wrapped lines are
/// joined without a space, separately set lines with one; a TOC entry
/// printed as 主题——副题 tells which lines are the subtitle.
pub fn title_and_subtitle(blocks: &[&Block], toc: Option<&TocEntry>) -> (String, Vec<String>) {
    let mut subs = Vec::new();
    let mut main: Vec<&Block> = blocks.to_vec();
    // A TOC entry printed as 主题——副题 tells which title lines are the subtitle.
    if let Some(e) = toc.filter(|_| main.len() > 1)
        && let Some(first) = e.text.split("——").next().filter(|_| e.text.contains("——"))
    {
        let target: Vec<char> = fold(first).chars().collect();
        for n in 1..main.len() {
            let joined: Vec<char> = main[..n]
                .iter()
                .flat_map(|b| fold(&b.text).chars().collect::<Vec<_>>())
                .collect();
            if crate::split::dice(&joined, &target) >= 0.8 {
                subs.extend(main[n..].iter().map(|b| b.text.clone()));
                main.truncate(n);
                break;
            }
        }
    }
    let widest = main.iter().map(|b| b.max_width).max().unwrap_or(0);
    let mut title = String::new();
    for (k, b) in main.iter().enumerate() {
        if k > 0 {
            let prev = main[k - 1];
            // A line as wide as the widest is a wrap: join without a space.
            // Separately set lines (DOCX paragraphs, short lines) get one.
            if prev.last_width + 2 < widest || !prev.style.is_plain() {
                title.push(' ');
            }
        }
        title.push_str(&b.text);
    }
    (normalize_line(&title), subs)
}

static SOURCE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*(?:来\s*源|转\s*自|原\s*载|出\s*处|稿\s*源|选\s*自|摘\s*自)\s*[:：]\s*")
        .unwrap()
});
static ISSUE_SUFFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"出版$|[（(]\s*[）)]$").unwrap());

/// 新华网 from （来源：新华网，2024年5月27日）; 《求是》2024年第10期 from （来源：《求是》，2024年第 10期）.
pub fn source_from_line(line: &str) -> String {
    let mut s = SOURCE_PREFIX.replace(line, "").to_string();
    // The closing parenthesis of a line set in parentheses, or an unmatched one.
    if s.ends_with(['）', ')']) && (s.starts_with(['（', '(']) || !s.contains(['（', '('])) {
        s.pop();
    }
    for d in find_dates(&s).iter().rev() {
        s.replace_range(d.start..d.start + d.printed.len(), "");
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = ISSUE_SUFFIX.replace(&s, "").to_string();
    let s = s.replace(['（', '(', '）', ')'], "");
    s.trim_matches(['，', ',', '、', ' ']).replace('，', "")
}

static OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?\s*(?:据)?((?:本报|[\p{Han}]{1,10}?(?:社|报|网|台|电视台)))").unwrap()
});
static CREDIT_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^《\s*([\p{Han}]{2,10})\s*》").unwrap());

fn source(p: &Parts, all: &[&Paragraph], front: &Front) -> Option<String> {
    if let Some(l) = p.source_lines.iter().find(|l| classify::is_meta(l)) {
        return Some(source_from_line(l));
    }
    let mut outlets: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !outlets.contains(&s) {
            outlets.push(s);
        }
    };
    let dateline = p.dateline.as_deref().or_else(|| {
        all.iter()
            .map(|q| q.text.as_str())
            .find(|t| classify::is_dateline(t) || classify::is_dateline_alone(t))
    });
    if let Some(c) = dateline.and_then(|t| OUTLET.captures(t)) {
        push(c[1].to_string());
    }
    for t in p
        .source_lines
        .iter()
        .map(String::as_str)
        .chain(all.iter().rev().take(4).map(|q| q.text.as_str()))
    {
        if classify::is_news_credit(t)
            && let Some(c) = CREDIT_NAME.captures(t)
        {
            push(c[1].to_string());
        } else if classify::is_meta(t) {
            push(source_from_line(t));
        }
    }
    if !outlets.is_empty() {
        return Some(outlets.join("、"));
    }
    credits(&p.artifacts).or_else(|| front.source.clone())
}

fn credits(artifacts: &[String]) -> Option<String> {
    let names: Vec<String> = artifacts
        .iter()
        .filter(|a| classify::is_credit(a))
        .map(|a| a[a.char_indices().nth(1).map_or(1, |(i, _)| i)..].to_string())
        .collect();
    (!names.is_empty()).then(|| names.join("、"))
}

fn first_full(s: &str) -> Option<DateMatch> {
    find_dates(s)
        .into_iter()
        .find(|d| d.date.year.is_some() && d.date.month.is_some())
}

/// The publication date: a header source line, a trailing newspaper credit
/// or source line, the magazine issue date.
fn published(p: &Parts, all: &[&Paragraph], front: &Front) -> Option<(PartialDate, String)> {
    if let Some(d) = p.record_published {
        return Some((d, d.iso().unwrap_or_default()));
    }
    let tail = all.iter().rev().take(4).map(|q| q.text.as_str());
    for t in p.source_lines.iter().map(String::as_str).chain(tail) {
        if (classify::is_meta(t) || classify::is_news_credit(t))
            && let Some(m) = first_full(t)
        {
            return Some((m.date, m.printed));
        }
    }
    front.issue_date.map(|d| (d, d.iso().unwrap_or_default()))
}

static SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"月\s*(?:至|到|—|-|～|~)|期间|以来").unwrap());
static DAY_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^月\d\s])\s*(\d{1,2})\s*日(?:上午|下午|晚|早|凌晨|中午)").unwrap()
});

/// A name line and a parenthesised date line, in either order, as the last
/// two paragraphs of a text before any credits (`习近平` / `（2020年9月22日）`
/// printed after a speech): taken out of the text, to be read after the
/// title block's own name and date lines.
fn closing_name_date(paras: &mut Vec<Paragraph>) -> Option<(String, String)> {
    // Credits printed after the signature (新华社电, 《人民日报》…版) are
    // already flagged: look past them.
    let open: Vec<usize> = (0..paras.len())
        .rev()
        .filter(|&i| paras[i].flag.is_none())
        .take(3)
        .collect();
    let [b, a, _] = open[..] else {
        return None;
    };
    let (ta, tb) = (paras[a].text.as_str(), paras[b].text.as_str());
    // Parenthesised: a bare date under a name is a letter's signature.
    let dated = classify::is_date_line;
    let found = if name_line(ta).is_some() && dated(tb) {
        (ta.to_string(), tb.to_string())
    } else if name_line(tb).is_some() && dated(ta) {
        (tb.to_string(), ta.to_string())
    } else {
        return None;
    };
    paras.remove(b);
    paras.remove(a);
    Some(found)
}

/// A closing note that says when the text was given: ※这是…, （这是…）, 本文是….
fn closing_note(t: &str) -> bool {
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[※\s（(]*(?:这是|本文是|本文系|以上是).{0,80}?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{0,120}(?:讲话|发言|报告|谈话|文章|答问|演讲|批示|指示)").unwrap()
    });
    t.chars().count() <= 240 && NOTE.is_match(t)
}

fn article_date(
    a: &Article,
    p: &Parts,
    all: &[&Paragraph],
    body: &[String],
    published: Option<&(PartialDate, String)>,
    front: &Front,
) -> (Option<PartialDate>, Option<String>) {
    let found = |m: DateMatch| (Some(m.date), Some(m.printed));
    for l in &p.date_lines {
        if let Some(m) = first_full(l) {
            return found(m);
        }
    }
    for s in &p.subtitles {
        if let Some(m) = first_full(s) {
            return found(m);
        }
    }
    if let Some(m) = p.adopted.as_deref().and_then(first_full) {
        return found(m);
    }
    // A signature: a date alone on its line under a name or an organ.
    for w in all.windows(2) {
        let (prev, t) = (w[0].text.as_str(), w[1].text.as_str());
        let signer = name_line(prev).is_some()
            || (a.kind == Kind::PolicyDocument
                && prev.chars().count() <= 24
                && classify::is_title_like(prev));
        if signer
            && classify::is_date_only(t)
            && let Some(m) = first_full(t)
        {
            return found(m);
        }
    }
    for q in all.iter().rev().take(4) {
        let t = q.text.as_str();
        if closing_note(t)
            && !SPAN.is_match(t)
            && let Some(m) = first_full(t)
        {
            return found(m);
        }
    }
    if a.kind == Kind::SpeechExcerpts {
        return match published {
            Some((d, s)) if d.day.is_some() => (Some(*d), Some(s.clone())),
            _ => (None, None),
        };
    }
    // The news dateline: month and day, the year from the publication or the pack.
    let dateline = p.dateline.clone().or_else(|| {
        all.iter()
            .take(3)
            .find(|q| classify::is_dateline(&q.text))
            .map(|q| q.text.clone())
    });
    if let Some(first) = dateline
        && let Some(m) = find_dates(&first).into_iter().next()
        && let Some(d) = with_year(m.date, published.map(|x| x.0), front)
    {
        return (Some(d), Some(m.printed));
    }
    if let Some((d, s)) = published
        && d.month.is_some()
    {
        return (Some(*d), Some(s.clone()));
    }
    let lonely = body
        .iter()
        .chain(&p.artifacts)
        .find(|q| classify::is_date_only(q));
    if let Some(m) = lonely.and_then(|q| first_full(q)) {
        return found(m);
    }
    if let Some(d) = front.issue_date {
        return (Some(d), None);
    }
    if let Some(m) = first_full(&a.title) {
        return found(m);
    }
    // Month and day in the opening paragraphs: the year from the pack's date.
    for q in body.iter().take(3) {
        if let Some(m) = find_dates(q).into_iter().next() {
            if m.date.year.is_some() && m.date.month.is_some() {
                return found(m);
            }
            if let Some(d) = with_year(m.date, None, front) {
                return (Some(d), Some(m.printed));
            }
            break;
        }
    }
    (None, None)
}

/// A month-day date with its year, when certain: the year of the text's
/// publication (the same month or up to two months later), or of the pack's
/// own date for a month at most three months before it.
fn with_year(d: PartialDate, published: Option<PartialDate>, front: &Front) -> Option<PartialDate> {
    if d.year.is_some() {
        return Some(d);
    }
    let month = d.month?;
    let fits = |c: PartialDate, lag: u32| -> Option<i32> {
        let (cy, cm) = (c.year?, c.month?);
        if month <= cm && cm - month <= lag {
            Some(cy)
        } else if month > cm && cm + 12 - month <= lag {
            Some(cy - 1)
        } else {
            None
        }
    };
    let year = published
        .and_then(|p| fits(p, 2))
        .or_else(|| front.date.and_then(|c| fits(c, 2)))?;
    Some(PartialDate {
        year: Some(year),
        ..d
    })
}

/// Dates printed as a day only (`7日上午`) in the opening paragraph of an
/// undated article are resolved against the same event reported elsewhere
/// in the file: the words just before the day, found next to a date with a
/// month and the same day in another article. The year then follows the
/// usual rule (that date's own year, or the pack's date).
pub fn resolve_same_event(articles: &mut [Article], front: &Front) {
    for k in 0..articles.len() {
        if articles[k].date.is_some() {
            continue;
        }
        let Some(first) = articles[k].body().next().map(|p| p.text.clone()) else {
            continue;
        };
        let Some(c) = DAY_ONLY.captures(&first) else {
            continue;
        };
        let day: u32 = c[1].parse().unwrap_or(0);
        let before: String = fold(&first[..c.get(1).map_or(0, |m| m.start())]);
        let key: String = before
            .chars()
            .rev()
            .take(8)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if key.chars().count() < 8 {
            continue;
        }
        let mut hit: Option<PartialDate> = None;
        'search: for (j, other) in articles.iter().enumerate() {
            if j == k {
                continue;
            }
            for para in other.body() {
                if !fold(&para.text).contains(&key) {
                    continue;
                }
                if let Some(m) = find_dates(&para.text)
                    .into_iter()
                    .find(|m| m.date.day == Some(day) && m.date.month.is_some())
                {
                    hit = Some(m.date);
                    break 'search;
                }
            }
        }
        if let Some(d) = hit.and_then(|d| with_year(d, None, front)) {
            let a = &mut articles[k];
            a.date = d.iso();
            a.date_printed = Some(
                c[0].trim_start_matches(|ch: char| !ch.is_ascii_digit())
                    .to_string(),
            );
        }
    }
}

static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han}]{2,4}?)(?:给|对|在|致|向|：|:|同|关于|会见|主持|出席|考察|视察|签署|发表|寄语|回信|致信|强调|指出|深刻阐述|阐述|阐释|论述|的(?:讲话|贺信|回信))")
        .unwrap()
});
/// The author an excerpt's citation names: 习近平《论党的宣传思想工作》.
static CITED_AUTHOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{Han}]{2,4})[：:]?《").unwrap());
static JOB_NAME_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:部长|书记|主席|总理|院长|省长|市长|主任|局长|委员长|院士)([\p{Han}]{2,3}?)(?:在|出席|发表|作|：|:)").unwrap()
});
static INTERVIEWEE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^——(?:专)?访.*?([\p{Han}]{2,3})$").unwrap());
static TURN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([\p{Han}]{2,4})[：:]").unwrap());
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han} 、]{2,30}?)(?:联合)?(?:印发|发布|颁布|公布)").unwrap()
});
static ADOPTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"日\s*([\p{Han}]{4,40}?(?:会议|委员会|大会|全会))(?:第[一二三四五六七八九十\d]+次全体会议)?\s*(?:通过|批准)").unwrap()
});
/// The person a news report is about: 习近平 in `中共中央总书记、国家主席
/// 习近平1月18日给…回信`, `18日下午，习近平首先来到…`.
static NEWS_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[，,、]|总书记|主席|总理|委员长)([\p{Han}]{2,3}?)(?:\d{1,2}月\d{1,2}日)?(?:上午|下午|晚)?(?:近日|日前|首先|先后|专门|亲切)?(?:给|向|在|对|致|主持|出席|会见|来到|考察|视察|发表|作出|强调|指出|同)").unwrap()
});
static NOTE_SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"这是([\p{Han}]{2,3}?)(?:同志|总书记|主席|总理|委员长)").unwrap());

/// Speaker or author, from evidence.
fn speaker(a: &Article, p: &Parts, all: &[&Paragraph], body: &[String]) -> Option<String> {
    if let Some(n) = p.names.iter().find_map(|l| name_line(l)) {
        return Some(n);
    }
    for s in &p.subtitles {
        if let Some(c) = INTERVIEWEE.captures(s)
            && is_person_name(&c[1])
        {
            return Some(c[1].to_string());
        }
    }
    if a.kind == Kind::Interview
        && let Some(n) = interviewee(body)
    {
        return Some(n);
    }
    if let Some(b) = &p.byline {
        return Some(byline_names(b));
    }
    for t in p
        .lead_in
        .iter()
        .chain(std::iter::once(&a.title))
        .chain(&p.subtitles)
    {
        if let Some(c) = SUBJECT.captures(t)
            && is_person_name(&c[1])
        {
            return Some(c[1].to_string());
        }
    }
    let head = format!(
        "{} {} {}",
        p.lead_in.as_deref().unwrap_or(""),
        a.subtitle.as_deref().unwrap_or(""),
        a.title
    );
    // A name right after a post (教育部长怀进鹏在…) is a name whatever its surname.
    if let Some(c) = JOB_NAME_IN.captures(&head) {
        return Some(c[1].to_string());
    }
    if a.kind == Kind::SpeechExcerpts {
        let cited = all
            .iter()
            .filter(|q| q.flag == Some(Flag::Citation))
            .find_map(|q| {
                CITED_AUTHOR
                    .captures_iter(&q.text)
                    .map(|c| c[1].to_string())
                    .find(|n| is_person_name(n))
            });
        if cited.is_some() {
            return cited;
        }
    }
    // A signature: a name line followed by a date line.
    for w in all.windows(2) {
        if classify::is_date_only(&w[1].text)
            && let Some(n) = name_line(&w[0].text)
        {
            return Some(n);
        }
    }
    for q in all.iter().rev().take(4) {
        if closing_note(&q.text)
            && let Some(c) = NOTE_SUBJECT.captures(&q.text)
            && is_person_name(&c[1])
        {
            return Some(c[1].to_string());
        }
    }
    if matches!(
        a.kind,
        Kind::NewsReport | Kind::Instruction | Kind::Letter | Kind::Other
    ) {
        for q in body.iter().take(2) {
            if let Some(n) = NEWS_SUBJECT
                .captures_iter(q)
                .map(|c| c[1].to_string())
                .find(|n| is_person_name(n))
            {
                return Some(n);
            }
        }
    }
    if a.kind == Kind::PolicyDocument {
        if let Some(c) = p.adopted.as_deref().and_then(|t| ADOPTED_BY.captures(t)) {
            return Some(c[1].to_string());
        }
        if let Some(c) = ISSUER.captures(&a.title) {
            let who = c[1].trim();
            if !who.contains('等') {
                return Some(
                    who.split([' ', '、'])
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join("、"),
                );
            }
        }
        // The organ that signs the document: the line before its date.
        for w in body.windows(2) {
            if classify::is_date_only(&w[1])
                && w[0].chars().count() <= 16
                && classify::is_title_like(&w[0])
            {
                return Some(w[0].clone());
            }
        }
    }
    None
}

/// The person who answers in an interview: the most frequent `姓名：` turn
/// that is not the reporter's.
fn interviewee(body: &[String]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in body {
        if let Some(c) = TURN.captures(p) {
            let n = &c[1];
            if is_person_name(n) {
                *counts.entry(n.to_string()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| *c >= 2)
        .max_by_key(|(n, c)| (*c, n.clone()))
        .map(|(n, _)| n)
}

/// Names after the job title in a byline; names set with a space inside
/// (翟 健) are rejoined.
fn byline_names(b: &str) -> String {
    let parts: Vec<&str> = b.split_whitespace().collect();
    if parts.len() <= 1 {
        return b.to_string();
    }
    let mut names: Vec<String> = Vec::new();
    let mut glue = false;
    for p in &parts[1..] {
        if glue || p.chars().count() == 1 && names.last().is_some_and(|n| n.chars().count() == 1) {
            names.last_mut().expect("checked").push_str(p);
            glue = false;
        } else {
            glue = p.chars().count() == 1;
            names.push(p.to_string());
        }
    }
    names.join("、")
}

/// A named person's words reported: 习近平指出.
static REPORTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{Han}]{2,3}?)(?:指出|强调|表示|要求)").unwrap());
static THIRD_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Han}]{2,4}(?:指出|强调|表示|要求)").unwrap());

/// The article's kind, from its title block, header and body.
fn kind(a: &Article, p: &Parts, body: &[String]) -> Kind {
    let head = format!(
        "{} {} {}",
        p.lead_in.as_deref().unwrap_or(""),
        a.title,
        a.subtitle.as_deref().unwrap_or("")
    );
    let has = |words: &[&str]| words.iter().any(|w| head.contains(w));
    let turns = body
        .iter()
        .filter(|q| q.starts_with("记者：") || q.starts_with("问：") || q.starts_with("记者:"))
        .count();
    if has(&["——访", "专访", "访谈", "答记者问", "访问记"]) || turns >= 3 {
        return Kind::Interview;
    }
    if has(&["一图", "图解", "速览", "图说", "长图"]) {
        return Kind::Infographic;
    }
    if has(&["笔记", "热词", "学习心得"]) {
        return Kind::Notes;
    }
    if has(&["重要指示", "重要批示", "作出指示", "作出批示"]) {
        return Kind::Instruction;
    }
    if a.span.is_some() || has(&["重要论述", "论述摘编", "摘编", "语录", "金句"]) {
        return Kind::SpeechExcerpts;
    }
    if has(&["贺信", "回信", "复信", "致信", "贺电", "慰问信", "的一封信"]) {
        // The letter itself (a signature and its date, or the letter's
        // salutation), or only the news that reports it.
        let signed = body.windows(2).any(|w| {
            classify::is_date_only(&w[1])
                && (name_line(&w[0]).is_some() || w[0].ends_with("习近平"))
        });
        let letter_opens = body
            .iter()
            .take(3)
            .any(|q| q.ends_with(['：', ':']) && q.chars().count() <= 40);
        let news = body.first().is_some_and(|q| classify::is_dateline(q)) || p.dateline.is_some();
        return if signed || letter_opens || !news {
            Kind::Letter
        } else {
            Kind::NewsReport
        };
    }
    let bullets = body
        .iter()
        .filter(|q| classify::starts_with_bullet(q) && !q.starts_with("——"))
        .count();
    if body.len() >= 10 && bullets * 3 >= body.len() {
        return Kind::Infographic;
    }
    let third_person = body
        .iter()
        .take(12)
        .map(|q| THIRD_PERSON.find_iter(q).count())
        .sum::<usize>();
    let reported = p.dateline.is_some()
        || body.first().is_some_and(|q| {
            q.starts_with("近日") || q.starts_with("日前") || classify::is_dateline(q)
        });
    let doc = a.doc_number.is_some() || p.adopted.is_some();
    let policy = [
        "纲要", "意见", "通知", "方案", "规划", "条例", "办法", "决定", "决议", "规定", "规则",
        "细则", "公报", "准则",
    ];
    if doc || has(&policy) {
        let headings = body
            .iter()
            .filter(|q| {
                heading_marker(q).is_some_and(|m| {
                    matches!(
                        m.kind,
                        MarkerKind::CnComma | MarkerKind::Article | MarkerKind::Chapter
                    )
                })
            })
            .count();
        return if doc || headings >= 3 {
            Kind::PolicyDocument
        } else if reported || has(&["印发"]) {
            Kind::NewsReport
        } else {
            Kind::PolicyDocument
        };
    }
    let speech_header = !p.date_lines.is_empty() || !p.names.is_empty();
    let salutation = body.iter().take(2).any(|q| classify::is_salutation(q));
    let speech_title = has(&["讲话", "演讲", "致辞", "发言", "报告", "书面致辞"]);
    let note = body.iter().rev().take(4).any(|q| closing_note(q));
    // A speech speaks in the first person; a report names who spoke.
    let first_person = body
        .iter()
        .take(12)
        .map(|q| q.matches("我们").count() + q.matches("我").count())
        .sum::<usize>();
    let reported_speaker = body
        .iter()
        .take(12)
        .flat_map(|q| {
            REPORTED
                .captures_iter(q)
                .map(|c| c[1].to_string())
                .collect::<Vec<_>>()
        })
        .filter(|n| is_person_name(n))
        .count();
    if speech_header || salutation || note {
        return Kind::Speech;
    }
    // A signed article (byline) is an article, whatever its voice.
    if p.byline.is_some() {
        return Kind::Other;
    }
    if first_person >= 6 && reported_speaker < 2 && !reported {
        return Kind::Speech;
    }
    if speech_title {
        return if third_person >= 4 && !has(&["报告"]) {
            Kind::NewsReport
        } else {
            Kind::Speech
        };
    }
    if p.byline.is_some() {
        return Kind::Other;
    }
    // "陈敏尔：…" reports a speaker; "习近平：…" in 《求是》 prints the speech itself.
    if let Some(c) = TURN.captures(&a.title) {
        let name = &c[1];
        let reported = body
            .iter()
            .filter(|q| {
                ["指出", "强调", "表示", "要求"]
                    .iter()
                    .any(|v| q.contains(&format!("{name}{v}")))
            })
            .count();
        return if reported >= 2 {
            Kind::NewsReport
        } else {
            Kind::Speech
        };
    }
    if has(&[
        "强调", "指出", "考察", "会见", "主持", "出席", "召开", "举行", "印发",
    ]) || reported
        || third_person >= 4
    {
        return Kind::NewsReport;
    }
    Kind::Other
}

static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^——\s*(?:《|摘自|选自|引自)",
        r"|^[（(]\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{0,80}(?:讲话|谈话|发言|答问|报告|演讲|致辞|贺信|回信|信|批示|指示|文章|时|上)\s*[）)]$",
        r"|^[（(]\s*(?:摘自|选自|引自|见)[^）)]{2,80}[）)]$",
        r"|^《[^》]{2,60}》[，,].{0,40}出版社.{0,20}年版",
    ))
    .unwrap()
});

/// An excerpt's citation line.
pub fn is_citation(t: &str) -> bool {
    t.chars().count() <= 200 && CITATION.is_match(t)
}

/// Where a citation printed at the end of an excerpt's paragraph starts
/// (`…的伟大胜利。——《在…上的讲话》（2020年1月8日）`, `…。（2014年2月27日在…时的讲话）`).
pub fn citation_tail(t: &str) -> Option<usize> {
    let at = t
        .rfind("——")
        .filter(|&i| i > 0)
        .or_else(|| t.rfind(['（', '(']).filter(|&i| i > 0))?;
    let before = t[..at].trim_end();
    (before.ends_with(['。', '！', '？', '”']) && is_citation(&t[at..])).then_some(at)
}

/// In a collection of excerpts (two citations or more), flag each citation
/// and attach it to the excerpt paragraphs before it (back to the previous
/// citation or excerpt number). Returns the span of the citation dates.
fn mark_citations(paras: &mut [Paragraph]) -> Option<(String, String)> {
    let cites: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].flag.is_none() && is_citation(&paras[i].text))
        .collect();
    let tails: Vec<(usize, usize)> = (0..paras.len())
        .filter(|&i| paras[i].flag.is_none())
        .filter_map(|i| citation_tail(&paras[i].text).map(|at| (i, at)))
        .collect();
    if cites.len() + tails.len() < 2 {
        return None;
    }
    let mut dates: Vec<String> = Vec::new();
    // Citations printed at the end of their excerpt: cut off as metadata.
    for &(i, at) in &tails {
        let text = paras[i].text[at..].trim().to_string();
        let date = find_dates(&text)
            .into_iter()
            .find(|d| d.date.year.is_some())
            .and_then(|d| d.date.iso());
        if let Some(d) = &date {
            dates.push(d.clone());
        }
        paras[i].text = paras[i].text[..at].trim_end().to_string();
        paras[i].cite = Some(Citation { text, date });
    }
    let mut from = 0;
    for &c in &cites {
        let text = paras[c].text.clone();
        let date = find_dates(&text)
            .into_iter()
            .find(|d| d.date.year.is_some())
            .and_then(|d| d.date.iso());
        if let Some(d) = &date {
            dates.push(d.clone());
        }
        paras[c].flag = Some(Flag::Citation);
        let cite = Citation { text, date };
        // The excerpt: body paragraphs back to the previous citation, a
        // numbering line or a heading (which stay uncited).
        let mut k = c;
        while k > from {
            k -= 1;
            let t = &paras[k].text;
            if paras[k].flag.is_some() {
                continue;
            }
            if heading_marker(t).is_some_and(|m| m.kind == MarkerKind::Bare)
                || classify::is_title_like(t)
            {
                break;
            }
            paras[k].cite = Some(cite.clone());
        }
        from = c + 1;
    }
    dates.sort();
    Some((dates.first()?.clone(), dates.last()?.clone()))
}

#[cfg(test)]
mod citation_tests {
    use super::*;

    #[test]
    fn citations_at_the_end_of_excerpts() {
        let mut paras: Vec<Paragraph> = [
            "●第一段摘录的内容。——《在某会议上的讲话》（2020年1月8日）",
            "●第二段摘录。（2020年11月24日在某大会上的讲话）",
        ]
        .iter()
        .map(|t| Paragraph {
            text: t.to_string(),
            ..Default::default()
        })
        .collect();
        let span = mark_citations(&mut paras).unwrap();
        assert_eq!(span, ("2020-01-08".into(), "2020-11-24".into()));
        assert_eq!(paras[0].text, "●第一段摘录的内容。");
        assert_eq!(
            paras[1].cite.as_ref().unwrap().date.as_deref(),
            Some("2020-11-24")
        );
    }
}

static PHOTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:[\p{Han}]{1,8}(?:社|报|网|台))?(?:记者|发|通讯员|摄影|摄)\s*[\p{Han}·]{2,4}(?:[\s、]+[\p{Han}·]{2,4}){0,3}\s*[/／]\s*摄\s*").unwrap()
});
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日|这是|图为|上图|下图)|[\p{Han}]{2,3}(?:在|来到|考察|出席|主持|看望|会见|同|参观|察看|了解)[^。！？]{0,60}[。！？]?$|拍摄").unwrap()
});

/// Photo credits (`新华社记者 鞠鹏/摄`, `新华社发 陈钟昊/摄`) and the caption
/// sentence before each (third person, or opening with a date: `2020年6月2日，
/// …在…主持召开座谈会。`) cut out of a paragraph, where a page layout glued
/// them into the text. The text after a credit starts a new paragraph.
/// Returns the pieces of text and what was cut.
pub fn cut_photo_credits(text: &str) -> (Vec<String>, Vec<String>) {
    let mut pieces = Vec::new();
    let mut cut = Vec::new();
    let mut rest = text;
    while let Some(m) = PHOTO.find(rest) {
        let before = &rest[..m.start()];
        // The caption: the last sentence before the credit, if it reads as one.
        let sent_start = before
            .trim_end()
            .trim_end_matches(['。', '！', '？'])
            .rfind(['。', '！', '？', '：'])
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let sentence = before[sent_start..].trim();
        let (mut keep, mut caption) = if !sentence.is_empty() && CAPTION.is_match(sentence) {
            (&before[..sent_start], &before[sent_start..])
        } else {
            (before, "")
        };
        // A caption of two sentences: a dated one before the third-person one.
        if !caption.is_empty() {
            let k = keep.trim_end().trim_end_matches(['。', '！', '？']);
            let s2 = k
                .rfind(['。', '！', '？', '：'])
                .map_or(0, |i| i + k[i..].chars().next().map_or(1, char::len_utf8));
            let prev = keep[s2..].trim();
            if !prev.is_empty() && CAPTION.is_match(prev) && prev.chars().count() <= 80 {
                caption = &before[s2..];
                keep = &before[..s2];
            }
        }
        let caption = caption.trim();
        if !keep.trim().is_empty() {
            pieces.push(keep.trim().to_string());
        }
        cut.push(
            format!("{caption} {}", m.as_str().trim())
                .trim()
                .to_string(),
        );
        rest = &rest[m.end()..];
    }
    if !rest.trim().is_empty() {
        pieces.push(rest.trim().to_string());
    }
    (pieces, cut)
}

/// Credits are printed around the text, not part of it: photo captions and
/// credits (also when glued into a paragraph; see `cut_photo_credits`), and
/// the closing lines of a reprint — `（完）`, `（新华社北京7月21日电）`,
/// `《人民日报》（…版）`, a trailing `来源：…`, `※这是…` — which are flagged.
pub fn clean_credits(paras: &mut Vec<Paragraph>) {
    let mut out: Vec<Paragraph> = Vec::with_capacity(paras.len());
    for p in paras.drain(..) {
        // Every credit ends in `/摄`: most paragraphs have no slash at all.
        let slash = p.text.contains('/') || p.text.contains('／');
        if p.flag.is_some() || !slash || !PHOTO.is_match(&p.text) {
            out.push(p);
            continue;
        }
        let (pieces, cut) = cut_photo_credits(&p.text);
        for c in cut {
            out.push(Paragraph {
                text: c,
                flag: Some(Flag::Credit),
                ..p.clone()
            });
        }
        for t in pieces {
            out.push(Paragraph {
                text: t,
                ..p.clone()
            });
        }
    }
    *paras = out;
    for p in paras.iter_mut().rev() {
        if p.flag.is_some() {
            continue;
        }
        let t = p.text.as_str();
        if classify::is_end_marker(t) || classify::is_meta(t) || closing_note(t) {
            p.flag = Some(Flag::Credit);
        } else {
            break;
        }
    }
}

/// Datelines are apparatus: a paragraph that is only a dateline
/// (`（新华社北京7月8日电）`) is flagged, and the dateline that opens one of
/// the first paragraphs (`新华社北京3月5日电（记者 张三）…`) is cut from its
/// text. Returns the first dateline found.
fn strip_datelines(paras: &mut [Paragraph]) -> Option<String> {
    let mut first = None;
    for (k, p) in paras.iter_mut().enumerate() {
        if p.flag.is_some() {
            continue;
        }
        if classify::is_dateline_alone(&p.text) || classify::is_dateline_line(&p.text) {
            first.get_or_insert_with(|| p.text.clone());
            p.flag = Some(Flag::Credit);
        } else if k < 4
            && let Some(end) = classify::dateline_prefix(&p.text)
        {
            first.get_or_insert_with(|| p.text[..end].trim().to_string());
            let rest = p.text[end..].trim().to_string();
            if rest.is_empty() {
                p.flag = Some(Flag::Credit);
            } else {
                p.text = rest;
            }
        }
    }
    first
}

/// Outline of body paragraphs that start with a heading marker; levels by
/// order of first appearance of each marker kind.
pub fn outline(body: &[String]) -> Vec<OutlineEntry> {
    let mut levels: HashMap<MarkerKind, u8> = HashMap::new();
    let mut out = Vec::new();
    for (i, p) in body.iter().enumerate() {
        let Some(m) = heading_marker(p) else { continue };
        let next = levels.len() as u8 + 1;
        let level = *levels.entry(m.kind).or_insert(next);
        out.push(OutlineEntry {
            level,
            text: heading_text(p, 40),
            paragraph: i,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        assert_eq!(
            source_from_line("（来源：新华网，2024年5月27日）"),
            "新华网"
        );
        assert_eq!(
            source_from_line("（来源：《求是》，2024年第10期）"),
            "《求是》2024年第10期"
        );
        assert_eq!(
            source_from_line("来源：人民日报、新华社"),
            "人民日报、新华社"
        );
        assert_eq!(
            source_from_line("来源：《求是》2020年第18期（2020年9月16日）"),
            "《求是》2020年第18期"
        );
    }

    #[test]
    fn citations_attach_to_excerpts() {
        let mut paras: Vec<Paragraph> = [
            "一",
            "第一段摘录的内容。",
            "——《在某会议上的讲话》（2014年2月27日）",
            "二",
            "第二段摘录。",
            "第二段续。",
            "（2016年4月19日在座谈会上的讲话）",
        ]
        .iter()
        .map(|t| Paragraph {
            text: t.to_string(),
            ..Default::default()
        })
        .collect();
        let span = mark_citations(&mut paras).unwrap();
        assert_eq!(span, ("2014-02-27".into(), "2016-04-19".into()));
        assert_eq!(
            paras[1].cite.as_ref().unwrap().date.as_deref(),
            Some("2014-02-27")
        );
        assert_eq!(paras[2].flag, Some(Flag::Citation));
        assert!(paras[3].cite.is_none());
        assert_eq!(
            paras[4].cite.as_ref().unwrap().date.as_deref(),
            Some("2016-04-19")
        );
        assert_eq!(
            paras[5].cite.as_ref().unwrap().date.as_deref(),
            Some("2016-04-19")
        );
    }

    #[test]
    fn credits_are_flagged_or_cut() {
        let mut paras: Vec<Paragraph> = [
            "新华社记者 张三/摄要全面改善人居环境。",
            "正文结束。",
            "（新华社北京7月21日电）",
            "《 人民日报 》（ 2020年07月22日 02 版）",
        ]
        .iter()
        .map(|t| Paragraph {
            text: t.to_string(),
            ..Default::default()
        })
        .collect();
        clean_credits(&mut paras);
        assert_eq!(paras[0].flag, Some(Flag::Credit));
        assert_eq!(paras[1].text, "要全面改善人居环境。");
        assert_eq!(paras[2].flag, None);
        assert_eq!(paras[3].flag, Some(Flag::Credit));
        assert_eq!(paras[4].flag, Some(Flag::Credit));
        let (pieces, cut) = cut_photo_credits(
            "我们要坚持下去。2020年6月2日，某某在北京主持召开座谈会并发表讲话。 新华社记者 张三/摄第一，改革完善体系。",
        );
        assert_eq!(pieces, vec!["我们要坚持下去。", "第一，改革完善体系。"]);
        assert_eq!(cut.len(), 1);
        assert!(cut[0].starts_with("2020年6月2日") && cut[0].ends_with("/摄"));
    }

    #[test]
    fn years_only_when_certain() {
        let front = Front {
            date: Some(PartialDate {
                year: Some(2023),
                month: Some(3),
                day: None,
            }),
            ..Default::default()
        };
        let md = PartialDate {
            year: None,
            month: Some(2),
            day: Some(23),
        };
        assert_eq!(
            with_year(md, None, &front).unwrap().iso().unwrap(),
            "2023-02-23"
        );
        let july = PartialDate {
            year: None,
            month: Some(7),
            day: Some(1),
        };
        assert!(with_year(july, None, &front).is_none());
        let published = PartialDate {
            year: Some(2021),
            month: Some(1),
            day: Some(2),
        };
        let dec = PartialDate {
            year: None,
            month: Some(12),
            day: Some(31),
        };
        assert_eq!(
            with_year(dec, Some(published), &front)
                .unwrap()
                .iso()
                .unwrap(),
            "2020-12-31"
        );
    }
}
