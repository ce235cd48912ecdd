//! Article metadata from its title block, header lines and body: title and
//! subtitle, source, date, speaker or author, document number, kind, and the
//! outline of headings with levels.
//!
//! Key decision on dates: the printed precision is kept, and a missing year
//! is filled only from the compilation's own date (cover or masthead) for a
//! month at most three months before it; the printed form is kept in
//! `date_printed`, so a reader can always see what the page said.

use crate::classify::{self, doc_number};
use crate::front::{Front, TocEntry};
use crate::layout::Block;
use crate::model::{Article, Kind, OutlineEntry};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
use tifa_text::chars::fold;
use tifa_text::date::{DateMatch, PartialDate, find_dates};
use tifa_text::normalize::normalize_line;
use tifa_text::outline::{MarkerKind, heading_marker, heading_text};

/// Lines between the title and the body.
#[derive(Clone, Debug, Default)]
pub struct Header {
    pub source_line: Option<String>,
    pub byline: Option<String>,
    pub subtitles: Vec<String>,
}

/// Fill every metadata field of `a` (whose paragraphs are set).
pub fn fill(
    a: &mut Article,
    title: &[&Block],
    toc: Option<&TocEntry>,
    header: &Header,
    artifacts: &[String],
    front: &Front,
) {
    let (t, mut subs) = title_and_subtitle(title, toc);
    subs.extend(header.subtitles.iter().cloned());
    a.title = t;
    a.subtitle = (!subs.is_empty()).then(|| subs.join(" / "));
    let body: Vec<String> = a.body().map(|p| p.text.clone()).collect();
    a.source = header
        .source_line
        .as_deref()
        .map(source_from_line)
        .or_else(|| {
            body.iter()
                .rev()
                .take(2)
                .find(|p| classify::is_meta(p))
                .map(|p| source_from_line(p))
        })
        .or_else(|| credits(artifacts))
        .or_else(|| front.source.clone());
    let (date, printed) = article_date(a, header, &body, artifacts, front);
    a.date = date.and_then(|d| d.iso());
    a.date_printed = printed.filter(|p| Some(p) != a.date.as_ref());
    a.doc_number = body.iter().take(3).find_map(|p| doc_number(p));
    a.speaker = speaker(
        &a.title,
        a.subtitle.as_deref(),
        header.byline.as_deref(),
        &body,
    );
    a.kind = kind(
        &a.title,
        a.subtitle.as_deref(),
        header.byline.is_some(),
        a.doc_number.is_some(),
        &body,
    );
    a.outline = outline(&body);
}

/// Title and subtitle parts from the title blocks.
pub fn title_and_subtitle(blocks: &[&Block], toc: Option<&TocEntry>) -> (String, Vec<String>) {
    let mut subs = Vec::new();
    let mut main: Vec<&Block> = Vec::new();
    for (k, b) in blocks.iter().enumerate() {
        let lead_in = b.text.ends_with(['：', ':']) && k + 1 < blocks.len();
        if b.text.starts_with("——") || (lead_in && main.is_empty()) {
            subs.push(b.text.clone());
        } else {
            main.push(b);
        }
    }
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
            if prev.last_width + 2 < widest {
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

/// 新华网 from （来源：新华网，2024年5月27日）; 《求是》2024年第10期 from （来源：《求是》，2024年第 10期）.
pub fn source_from_line(line: &str) -> String {
    let mut s = SOURCE_PREFIX.replace(line, "").to_string();
    if s.ends_with(['）', ')']) {
        s.pop();
    }
    for d in find_dates(&s).iter().rev() {
        s.replace_range(d.start..d.start + d.printed.len(), "");
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    s.trim_matches(['，', ',', '、', ' ']).replace('，', "")
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

fn article_date(
    a: &Article,
    header: &Header,
    body: &[String],
    artifacts: &[String],
    front: &Front,
) -> (Option<PartialDate>, Option<String>) {
    let found = |m: DateMatch| (Some(m.date), Some(m.printed));
    if let Some(m) = header.source_line.as_deref().and_then(first_full) {
        return found(m);
    }
    let lonely = body
        .iter()
        .chain(artifacts)
        .find(|p| classify::is_date_only(p));
    if let Some(m) = lonely.and_then(|p| first_full(p)) {
        return found(m);
    }
    if let Some(d) = front.issue_date {
        return (Some(d), None);
    }
    // A closing note: "※这是…2023年1月31日在…时讲话的主要部分".
    for p in body.iter().rev().take(2) {
        if (p.contains("讲话") || p.contains("这是") || p.contains("发表"))
            && let Some(m) = find_dates(p)
                .into_iter()
                .find(|d| d.date.day.is_some() && d.date.year.is_some())
        {
            return found(m);
        }
    }
    for p in std::iter::once(&a.title).chain(body.iter().take(3)) {
        if let Some(m) = first_full(p) {
            return found(m);
        }
    }
    // Month and day only: the year comes from the compilation's own date.
    if let Some(cd) = front.date.filter(|d| d.year.is_some() && d.month.is_some()) {
        for p in body.iter().take(3) {
            if let Some(m) = find_dates(p).into_iter().find(|d| d.date.year.is_none()) {
                let (cm, mm) = (cd.month.unwrap_or(12), m.date.month.unwrap_or(13));
                if mm <= cm && cm - mm <= 2 {
                    let date = PartialDate {
                        year: cd.year,
                        ..m.date
                    };
                    return (Some(date), Some(m.printed));
                }
                break;
            }
        }
    }
    (None, None)
}

static NAME_COLON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han}]{2,4})[：:]").unwrap());
static ISSUER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han} ]{2,24}?)(?:联合)?(?:印发|发布|颁布|公布)").unwrap());
static JOB_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:部长|书记|主席|总理|院长|省长|市长|主任|局长|委员长)([\p{Han}]{2,3}?)(?:在|出席|发表|作|：)").unwrap()
});
static THIRD_PERSON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{Han}]{2,4}(?:指出|强调|表示|要求)").unwrap());

/// Speaker or author.
pub fn speaker(
    title: &str,
    subtitle: Option<&str>,
    byline: Option<&str>,
    body: &[String],
) -> Option<String> {
    if let Some(b) = byline {
        let parts: Vec<&str> = b.split_whitespace().collect();
        if parts.len() <= 1 {
            return Some(b.to_string());
        }
        // Names after the job title; names set with a space inside (翟 健) are rejoined.
        let mut names: Vec<String> = Vec::new();
        let mut glue = false;
        for p in &parts[1..] {
            if glue
                || p.chars().count() == 1 && names.last().is_some_and(|n| n.chars().count() == 1)
            {
                names.last_mut().expect("checked").push_str(p);
                glue = false;
            } else {
                glue = p.chars().count() == 1;
                names.push(p.to_string());
            }
        }
        return Some(names.join("、"));
    }
    let head = format!("{} {}", subtitle.unwrap_or(""), title);
    if head.contains("习近平") {
        return Some("习近平".into());
    }
    if let Some(c) = NAME_COLON.captures(title) {
        return Some(c[1].to_string());
    }
    if let Some(c) = JOB_NAME.captures(&head) {
        return Some(c[1].to_string());
    }
    if let Some(c) = ISSUER.captures(title) {
        let who = c[1].trim();
        let who = if who.contains(' ') {
            who.split_whitespace().collect::<Vec<_>>().join("、")
        } else {
            who.to_string()
        };
        if !who.contains("等") {
            return Some(who);
        }
    }
    // A notice signed by an office: the line before the date at its foot.
    body.windows(2)
        .find(|w| {
            classify::is_date_only(&w[1])
                && w[0].chars().count() <= 16
                && classify::is_title_like(&w[0])
        })
        .map(|w| w[0].clone())
}

/// The article's kind, from its title, header and body.
pub fn kind(
    title: &str,
    subtitle: Option<&str>,
    byline: bool,
    doc_no: bool,
    body: &[String],
) -> Kind {
    let head = format!("{} {}", title, subtitle.unwrap_or(""));
    let has = |words: &[&str]| words.iter().any(|w| head.contains(w));
    let third_person = body
        .iter()
        .take(12)
        .map(|p| THIRD_PERSON.find_iter(p).count())
        .sum::<usize>();
    let bullets = body
        .iter()
        .filter(|p| classify::starts_with_bullet(p) && !p.starts_with("——"))
        .count();
    if has(&["——访", "专访", "访谈", "答记者问", "访问记"]) {
        return Kind::Interview;
    }
    if has(&["一图", "图解", "速览", "图说", "长图"]) {
        return Kind::Infographic;
    }
    if has(&["笔记", "热词", "学习心得", "读书笔记"]) {
        return Kind::Notes;
    }
    if has(&["重要指示", "重要批示", "作出指示", "作出批示"]) {
        return Kind::Instruction;
    }
    let notes = body.iter().filter(|p| {
        p.starts_with("——《")
            || (p.starts_with("（") && p.contains("讲话") && p.chars().count() < 60)
    });
    if has(&["重要论述", "论述摘编", "摘编", "语录", "金句"]) || notes.count() >= 4 {
        return Kind::SpeechExcerpts;
    }
    if body.len() >= 10 && bullets * 3 >= body.len() {
        return Kind::Infographic;
    }
    let policy = [
        "纲要", "意见", "通知", "方案", "规划", "条例", "办法", "决定", "决议", "规定", "规则",
        "细则", "公报",
    ];
    if has(&policy) || doc_no {
        let headings = body
            .iter()
            .filter(|p| heading_marker(p).is_some_and(|m| m.kind == MarkerKind::CnComma))
            .count();
        let reported = body.first().is_some_and(|p| {
            p.starts_with("近日") || p.starts_with("日前") || classify::is_dateline(p)
        });
        return if doc_no || headings >= 3 {
            Kind::PolicyDocument
        } else if reported || has(&["印发"]) {
            Kind::NewsReport
        } else {
            Kind::PolicyDocument
        };
    }
    if has(&[
        "讲话",
        "演讲",
        "致辞",
        "报告",
        "发言",
        "贺信",
        "回信",
        "书面致辞",
    ]) {
        return if third_person >= 4 && !has(&["报告"]) {
            Kind::NewsReport
        } else {
            Kind::Speech
        };
    }
    if byline {
        return Kind::Other;
    }
    // "陈敏尔：…" reports a speaker; "习近平：…" in 《求是》 prints the speech itself.
    if let Some(c) = NAME_COLON.captures(title) {
        let name = &c[1];
        let reported = body
            .iter()
            .filter(|p| {
                ["指出", "强调", "表示", "要求"]
                    .iter()
                    .any(|v| p.contains(&format!("{name}{v}")))
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
    ]) || body.first().is_some_and(|p| classify::is_dateline(p))
        || third_person >= 4
    {
        return Kind::NewsReport;
    }
    Kind::Other
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
    }

    #[test]
    fn speakers() {
        assert_eq!(
            speaker("陈敏尔：全面学习贯彻", None, None, &[]).as_deref(),
            Some("陈敏尔")
        );
        assert_eq!(
            speaker("中共中央 国务院印发《质量强国建设纲要》", None, None, &[]).as_deref(),
            Some("中共中央、国务院")
        );
        assert_eq!(
            speaker(
                "数字变革与教育未来",
                Some("教育部长怀进鹏在世界数字教育大会上的主旨演讲："),
                None,
                &[]
            )
            .as_deref(),
            Some("怀进鹏")
        );
        assert_eq!(
            speaker("x", None, Some("科技部党组书记、部长 王志刚"), &[]).as_deref(),
            Some("王志刚")
        );
    }
}
