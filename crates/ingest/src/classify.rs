//! Predicates on a single line or block of text: labels, source lines,
//! datelines, bylines, list markers, title-likeness, page artifacts.
//!
//! Key decision: each predicate looks at one piece of text only; decisions
//! that need context (is this title the start of an article?) live in
//! `split`, which combines them. That keeps every rule testable on a string.

use regex::Regex;
use std::sync::LazyLock;
use tifa_text::chars::{han_count, is_terminal};
use tifa_text::outline::heading_marker;

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| Regex::new($pat).unwrap());
    };
}

re!(
    LABEL,
    r"^(?:学习|阅读|参考|专题)?(?:材料|资料)\s*之?\s*[一二三四五六七八九十百\d０-９]+\s*[：:]?$|^[【\[]\s*(?:(?:学习|阅读|参考)?(?:材料|资料)\s*|专题\s*)?[一二三四五六七八九十百\d０-９]{1,3}\s*[】\]]$|^专题\s*[一二三四五六七八九十]{1,3}$|^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]$"
);
re!(
    PAREN_LABEL_PREFIX,
    r"^[（(][一二三四五六七八九十]{1,3}[）)][\s　]*"
);
re!(
    LABEL_PREFIX,
    r"^(?:学习|阅读|参考|专题)?(?:材料|资料)\s*之?\s*[一二三四五六七八九十百\d０-９]+\s*[：:、.．]?\s*|^[【\[]\s*(?:(?:学习|阅读|参考)?(?:材料|资料)\s*|专题\s*)?[一二三四五六七八九十百\d０-９]{1,3}\s*[】\]]\s*"
);
re!(NUMBER_LABEL, r"^[【\[]?[0０]?[\d０-９]{1,2}[】\]]?$");
re!(
    SECTION,
    r"^(?:专题|第)[一二三四五六七八九十\d]{1,3}(?:部分|专题|篇|单元|编)?[\s　：:、]+\S.{0,40}$|^【[^】]{2,20}】$"
);
re!(DASHED_PAGE, r"^[-—–－]+\s*\d{1,3}\s*[-—–－]+$");
re!(
    META,
    r"^[（(]?\s*(?:来\s*源|转\s*自|原\s*载|出\s*处|稿\s*源|选\s*自|摘\s*自)\s*[:：]"
);
re!(
    DATELINE,
    r"^[（(]?\s*(?:据)?(?:本报|本刊|[\p{Han}]{1,10}?(?:社|报|网|台|电视台|之声))[^，。\s]{0,12}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)|^[（(]?\s*(?:据)?[\p{Han}]{1,8}(?:社|报|网|台)(?:消息|电)[\s　：:]"
);
re!(
    DATELINE_ALONE,
    r"^[（(]\s*(?:据)?(?:本报|[\p{Han}]{1,10}?(?:社|报|网|台|电视台))[^，。]{0,12}?(?:\d{1,2}\s*月\s*\d{1,2}\s*日\s*)?(?:电|讯|消息)\s*[）)]$"
);
re!(
    NEWS_CREDIT,
    r"^《\s*[\p{Han}]{2,10}\s*》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:第?\s*\d{1,2}\s*版)?\s*[）)]$"
);
re!(
    DATE_LINE,
    r"^[（(]\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年[^）)]{1,12}?[月日]\s*(?:[，,、]\s*[\p{Han}]{1,10})?\s*[）)]$"
);
re!(
    ADOPTED,
    r"^[（(].{0,30}?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{2,60}(?:通过|批准|发布|印发|施行|公布|修订|修正)[^）)]{0,12}[）)]$"
);
re!(
    END_NOTE,
    r"^[（(]\s*(?:完|有删节|节选|摘编|本文刊载于.*|原载.*|记者[^）)]*|责任编辑.*|编辑[：:].*)\s*[）)]$|^[【\[]?责任编辑|^※|^\(?（?本文(?:刊载|原载|选自|摘自)"
);
re!(
    SALUTATION,
    r"^(?:尊敬的|各位|同志们|女士们|朋友们|亲爱的|同胞们|老师们|同学们|代表们|乡亲们|[^。！？，]{0,12}(?:先生|女士|阁下|主席|总统|总理|国王)[，,])[^。！？]{0,120}[：:]$"
);
re!(
    LEAD_IN,
    r"(?:强调|指出|表示|并发表重要讲话|发表重要讲话|作出重要指示|作出重要批示)[：:]?$|(?:讲话|演讲|致辞|发言)[：:]$"
);
re!(
    JOB_NAME,
    r"^(?:[\p{Han}、]{2,24}(?:总理|主席|书记|部长|委员长|院长|主任|省长|市长|局长|厅长|司长|署长|行长|会长|校长|院士|教授|研究员|副主席|副总理|国务委员|常委|委员|大使|秘书长|总书记))[\s　]*([\p{Han}][\p{Han}\s　]{1,6})$"
);
re!(
    BYLINE_JOB,
    r"(?:书记|主任|部长|局长|院士|记者|司长|巡视员|主席|委员|厅长|市长|省长|教授|研究员|院长|社长|总编|理事长|秘书长|县长|区长|署长|行长|会长|校长|总经理|董事长|处长)\S*\s+[\p{Han}·]{2,5}(?:\s+[\p{Han}·]{1,4})*$"
);
re!(
    BYLINE_ORG,
    r"^[\p{Han}]{2,16}(?:宣传部|组织部|委员会|办公厅|办公室|研究室|党组|党委|编辑部|理论学习中心组|讲师团)$"
);
re!(
    BYLINE_STAFF,
    r"^(?:本刊|本报)(?:记者|评论员|特约评论员|通讯员|编辑部)"
);
re!(
    PAGE_NUMBER,
    r"^(?:[-—–－]\s*)?\d{1,3}(?:\s*[-—–－])?$|^[·•・]\s*\d{1,3}\s*[·•・]$|^第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*[/／]\s*\d{1,4}$|^(?:Page|PAGE|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
);
re!(
    DATE_ONLY,
    r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:\s*(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日)?$"
);
re!(
    PUBLICATION,
    r"^[（(]?\s*《[^》]{2,16}》\s*[，,]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*第\s*\d{1,3}\s*期[^。]{0,24}$"
);
re!(
    TOC_HEADING,
    r"^(?:本期|本辑|本书|总)?\s*(?:目\s*录|目\s*次)$|^(?:CONTENTS|Contents)$"
);
re!(
    DOC_NUMBER,
    r"[\p{Han}]{1,12}[〔\[【［(（]\s*(?:19|20)\d{2}\s*[〕\]】］)）]\s*\d{1,4}\s*号"
);

/// 学习材料一, 材料3: a compilation's item label.
pub fn is_label(s: &str) -> bool {
    s.chars().count() <= 12 && LABEL.is_match(s)
}

/// （来源：新华网，2024年5月27日） and similar source lines, and a bare
/// publication line `《求是》2020年第23期　2020年12月1日`.
pub fn is_meta(s: &str) -> bool {
    s.chars().count() <= 80 && (META.is_match(s) || PUBLICATION.is_match(s))
}

/// 新华社北京2月6日电: a news dateline at the start of a paragraph.
pub fn is_dateline(s: &str) -> bool {
    DATELINE.is_match(s)
}

/// The length in bytes of a dateline that opens a paragraph, with the
/// reporters' names that follow it (`新华社北京3月5日电（记者 张三）`).
pub fn dateline_prefix(s: &str) -> Option<usize> {
    static REPORTERS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*[（(]\s*记者[^）)]{1,40}[）)]").unwrap());
    let m = DATELINE.find(s)?;
    let mut end = m.end();
    if let Some(r) = REPORTERS.find(&s[end..]) {
        end += r.end();
    }
    Some(end)
}

/// 国务院研究室党组书记、主任 黄守宏; 本刊记者 翟 健; 浙江省温州市委宣传部.
pub fn is_byline(s: &str) -> bool {
    let n = s.chars().count();
    if n > 48 || s.contains('。') || s.contains('，') || s.contains('：') {
        return false;
    }
    BYLINE_JOB.is_match(s) || BYLINE_STAFF.is_match(s) || (n <= 22 && BYLINE_ORG.is_match(s))
}

/// A compilation's item label followed by the title on the same line
/// (`学习材料一  习近平：…`, `材料３　…`): the label part's length in bytes.
pub fn label_prefix(s: &str) -> Option<usize> {
    LABEL_PREFIX
        .find(s)
        .filter(|m| m.end() < s.len())
        .map(|m| m.end())
}

/// `（三）　标题`: a parenthesised number opening a line, the form of an
/// item label in many packs but also of a second-level outline heading, so
/// only weak evidence: its length in bytes when text follows.
pub fn paren_label_prefix(s: &str) -> Option<usize> {
    PAREN_LABEL_PREFIX
        .find(s)
        .filter(|m| m.end() < s.len())
        .map(|m| m.end())
}

/// A zero-padded item number printed before a title (`06　政府工作报告`,
/// read as `06政府工作报告` once spaces are normalised): its length in bytes.
/// No title begins with a zero-padded number, so this is always a label.
pub fn padded_number(title: &str) -> Option<usize> {
    let b = title.as_bytes();
    if b.len() <= 2 || b[0] != b'0' || !(b'1'..=b'9').contains(&b[1]) {
        return None;
    }
    let rest = title[2..].trim_start();
    let c = rest.chars().next()?;
    (tifa_text::chars::is_han(c) || matches!(c, '“' | '《')).then_some(title.len() - rest.len())
}

/// `01`, `【3】`: a bare item number, a label only where page numbers cannot
/// be in the text (word-processor bodies).
pub fn is_number_label(s: &str) -> bool {
    NUMBER_LABEL.is_match(s)
}

/// A section heading between items: `专题一　…`, `第二部分 …`, `【专题二】`.
pub fn is_section_heading(s: &str) -> bool {
    s.chars().count() <= 48 && !s.contains('。') && SECTION.is_match(s)
}

/// A line that is never joined with its neighbours: a date, adoption or
/// name line, a closing mark, a separator, a standalone dateline, a
/// section heading, a byline, an item label with its title (材料２　…).
pub fn stands_alone(s: &str) -> bool {
    is_date_line(s)
        || is_date_only(s)
        || is_adopted_line(s)
        || is_end_marker(s)
        || is_separator(s)
        || is_dateline_line(s)
        || is_section_heading(s)
        || name_line(s).is_some()
        || is_person_byline(s)
        || label_prefix(s).is_some()
}

/// A byline naming people by post or as staff (`本刊记者 翟 健`), never a
/// wrapped line of text: an organ alone (…宣传部) may be one.
fn is_person_byline(s: &str) -> bool {
    is_byline(s) && (BYLINE_JOB.is_match(s) || BYLINE_STAFF.is_match(s))
}

/// A number alone on its line (`12`, `05`), without the dashes or words of
/// a printed page number.
pub fn is_bare_number(s: &str) -> bool {
    let t = s.trim();
    (1..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
}

/// A separator line between items: `★★★`, `＊ ＊ ＊`, `————`, `※※※` (symbols only).
pub fn is_separator(s: &str) -> bool {
    let t: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    t.len() >= 3
        && t.iter().all(|c| {
            matches!(
                c,
                '★' | '☆'
                    | '*'
                    | '＊'
                    | '※'
                    | '—'
                    | '-'
                    | '─'
                    | '━'
                    | '='
                    | '＝'
                    | '~'
                    | '～'
                    | '·'
                    | '•'
                    | '◆'
                    | '◇'
                    | '●'
                    | '○'
                    | '■'
                    | '□'
                    | '▲'
                    | '#'
                    | '＃'
            )
        })
}

/// A news dateline alone on its line, without parentheses: printed above
/// a released text's title (新华社北京11月19日电).
pub fn is_dateline_line(s: &str) -> bool {
    s.chars().count() <= 24 && !s.starts_with(['（', '(']) && is_dateline(s) && {
        let t = s.trim_end();
        t.ends_with('电') || t.ends_with('讯') || t.ends_with("消息")
    }
}

/// `— 12 —`: a page number as printed by GB/T 9704 (dashes on both sides).
pub fn is_dashed_page_number(s: &str) -> bool {
    DASHED_PAGE.is_match(s)
}

/// `（新华社北京7月21日电）` on a line of its own: the end of a reprinted text.
pub fn is_dateline_alone(s: &str) -> bool {
    s.chars().count() <= 40 && DATELINE_ALONE.is_match(s)
}

/// `《 人民日报 》（ 2020年07月22日 02 版）`: a newspaper credit line.
pub fn is_news_credit(s: &str) -> bool {
    NEWS_CREDIT.is_match(s)
}

/// `（2020年1月8日）`, `（2020年11月17日，北京）`: a date line under a title.
pub fn is_date_line(s: &str) -> bool {
    s.chars().count() <= 32 && DATE_LINE.is_match(s)
}

/// `（2023年3月13日第十四届全国人民代表大会第一次会议通过）`: the line that dates
/// a document by its adoption, issue or entry into force.
pub fn is_adopted_line(s: &str) -> bool {
    s.chars().count() <= 100 && ADOPTED.is_match(s)
}

/// Closing lines: `（完）`, `（有删节）`, `（本文刊载于…）`, `责任编辑：…`, `※这是…`.
pub fn is_end_note(s: &str) -> bool {
    s.chars().count() <= 160 && END_NOTE.is_match(s)
}

/// A line that ends a text in a compilation: an end note, a standalone
/// dateline, a newspaper credit.
pub fn is_end_marker(s: &str) -> bool {
    is_end_note(s) || is_dateline_alone(s) || is_news_credit(s)
}

/// `同志们：`, `尊敬的…，女士们，先生们：`: a speech's salutation (body, not title).
pub fn is_salutation(s: &str) -> bool {
    SALUTATION.is_match(s)
}

/// A 引题 (lead-in) such as `习近平在…时强调`: a title line that ends in a
/// reporting verb and names who spoke.
pub fn is_lead_in(s: &str) -> bool {
    let n = s.chars().count();
    let body = s.trim_end_matches(['：', ':']);
    (6..=40).contains(&n) && LEAD_IN.is_match(s) && !s.contains('。') && !body.contains(['：', ':'])
}

/// Common Chinese surnames (single and compound), for name lines. Characters
/// that also begin everyday words (和, 于, 全, 安 …) are left out, so a short
/// phrase is not taken for a name.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝封匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝郜阚帅屠豆朴练廉禹井祖漆巴卿狄晁芮扈阙浦邸雍辜裘亓邰赫逯茹慕嵇湛戎茅揭习鄂凤诸乜郦荀钮谈籍阎";
const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "端木", "澹台",
];

/// A personal name: a surname and one or two more Han characters (or a
/// compound surname and one or two).
pub fn is_person_name(name: &str) -> bool {
    let n = name.chars().count();
    if COMPOUND_SURNAMES.iter().any(|c| name.starts_with(c)) {
        return (3..=4).contains(&n) && name.chars().all(tifa_text::chars::is_han);
    }
    (2..=3).contains(&n)
        && name.chars().all(tifa_text::chars::is_han)
        && name.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// The name on a name line: `习近平`, `习 近 平`, `国务院总理　李强`,
/// `中华人民共和国主席 习近平`.
pub fn name_line(s: &str) -> Option<String> {
    let s = s.trim();
    if s.chars().count() > 40 {
        return None;
    }
    let squeezed: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let spaced_ok = {
        // Either no spaces, or one character between spaces (习 近 平).
        let parts: Vec<&str> = s
            .split([' ', '\u{3000}'])
            .filter(|p| !p.is_empty())
            .collect();
        parts.len() == 1 || parts.iter().all(|p| p.chars().count() == 1)
    };
    if spaced_ok && is_person_name(&squeezed) {
        return Some(squeezed);
    }
    if let Some(c) = JOB_NAME.captures(s) {
        let name: String = c[1]
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect();
        if is_person_name(&name) {
            return Some(name);
        }
    }
    None
}
pub fn is_page_number(s: &str) -> bool {
    PAGE_NUMBER.is_match(s)
}

/// A line that is only a date (`2023年3月3日`, `2023 年 3 月`).
pub fn is_date_only(s: &str) -> bool {
    DATE_ONLY.is_match(s.trim())
}

/// 目录 / 目 录 / CONTENTS.
pub fn is_toc_heading(s: &str) -> bool {
    TOC_HEADING.is_match(s.trim())
}

/// An image credit: `@新华社`.
pub fn is_credit(s: &str) -> bool {
    s.starts_with('@') || s.starts_with('＠')
}

/// The document number in `s`, e.g. 教思政函〔2023〕4号.
pub fn doc_number(s: &str) -> Option<String> {
    DOC_NUMBER
        .find(s)
        .map(|m| m.as_str().split_whitespace().collect())
}

/// A bullet or list marker that always starts a new paragraph.
pub fn starts_with_bullet(s: &str) -> bool {
    let Some(c) = s.chars().next() else {
        return false;
    };
    matches!(
        c,
        '◆' | '◇'
            | '☞'
            | '➤'
            | '➢'
            | '→'
            | '➔'
            | '●'
            | '■'
            | '□'
            | '★'
            | '☆'
            | '▲'
            | '△'
            | '•'
            | '·'
            | '※'
            | '▶'
            | '►'
            | '✓'
            | '√'
    ) || (s.starts_with('-') && !s[1..].starts_with(|c: char| c.is_ascii_digit() || c == '-'))
        || s.starts_with("——")
        || s.starts_with("链接")
        || s.starts_with("专栏")
}

/// A line that starts a new paragraph whatever came before it.
pub fn is_breaker(s: &str) -> bool {
    starts_with_bullet(s)
        || heading_marker(s).is_some()
        || is_meta(s)
        || is_label(s)
        || is_dateline(s)
}

/// Short, unpunctuated text that can be (part of) a title.
pub fn is_title_like(s: &str) -> bool {
    let n = s.chars().count();
    if n == 0 || n > 64 || han_count(s) == 0 {
        return false;
    }
    if s.contains('。')
        || s.ends_with(['，', '、', '；', ',', ';'])
        || (s.ends_with('：') && s.contains('，'))
    {
        return false;
    }
    if is_meta(s) || is_label(s) || is_date_only(s) || is_page_number(s) || is_credit(s) {
        return false;
    }
    if is_date_line(s)
        || is_adopted_line(s)
        || is_end_marker(s)
        || is_salutation(s)
        || is_dateline(s)
    {
        return false;
    }
    if starts_with_bullet(s) {
        return false;
    }
    heading_marker(s).is_none()
}

/// The text ends a sentence.
pub fn ends_terminal(s: &str) -> bool {
    s.chars().last().is_some_and(is_terminal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert!(is_label("学习材料十四"));
        assert!(!is_label("学习材料的通知"));
        assert!(is_meta("（来源：新华网，2024年5月27日）"));
        assert!(is_dateline("新华社北京2月6日电 近日，中共中央"));
        assert!(is_byline("国务院研究室党组书记、主任 黄守宏"));
        assert!(is_byline("本刊记者 翟 健 林晓楠"));
        assert!(is_byline("浙江省温州市委宣传部"));
        assert!(!is_byline("坚持稳字当头 稳中求进 推动经济社会高质量发展"));
        assert!(is_page_number("02") && is_page_number("- 3 -") && !is_page_number("2023"));
        for p in ["·12·", "第12页 共40页", "12／40", "12/40", "Page 3 of 40"] {
            assert!(is_page_number(p), "{p}");
        }
        assert_eq!(padded_number("06政府工作报告"), Some(2));
        assert_eq!(padded_number("2023年政府工作报告"), None);
        assert_eq!(padded_number("06"), None);
        assert!(
            is_date_only("2023年2月")
                && is_date_only("2023 年 3 月")
                && !is_date_only("2023年2月7日上午")
        );
        assert!(is_title_like("开局之年“第一课”"));
        assert!(!is_title_like("一、形势背景"));
        assert_eq!(
            doc_number("教思政函〔2023〕4号").as_deref(),
            Some("教思政函〔2023〕4号")
        );
    }

    #[test]
    fn genre_lines() {
        assert_eq!(name_line("习 近 平").as_deref(), Some("习近平"));
        assert_eq!(name_line("国务院总理　李克强").as_deref(), Some("李克强"));
        assert_eq!(
            name_line("中华人民共和国主席 习近平").as_deref(),
            Some("习近平")
        );
        assert_eq!(name_line("总体要求"), None, "a heading is not a name");
        assert!(is_dateline("本报北京3月5日电（记者 张三）"));
        assert!(is_dateline("人民网北京3月5日电"));
        assert!(is_dateline("央视网消息：近日"));
        assert!(is_dateline_alone("（新华社深圳10月14日电）"));
        assert!(
            is_dateline_line("新华社北京11月19日电")
                && !is_dateline_line("（新华社北京11月19日电）")
        );
        assert!(
            is_date_line("（2020年6月17日，北京）") && is_date_line("（二〇二〇年六月十七日）")
        );
        assert!(!is_date_line("（2014年2月27日在某地考察时的讲话）"));
        assert!(is_adopted_line(
            "（2023年3月13日第十四届全国人民代表大会第一次会议通过）"
        ));
        assert!(
            is_end_marker("（完）")
                && is_end_marker("（有删节）")
                && is_end_marker("（本文刊载于《求是》2024年第10期）")
        );
        assert!(is_news_credit("《 人民日报 》（ 2020年07月22日 02 版）"));
        assert!(is_separator("★ ★ ★") && is_separator("————") && !is_separator("★ 重大成果 ★"));
        assert!(is_section_heading("专题一　坚持人民至上") && is_section_heading("【专题二】"));
        assert!(!is_section_heading("第一，加强组织领导。"));
        assert!(
            is_lead_in("习近平近日作出重要指示强调")
                && is_lead_in("教育部长某某在大会上的主旨演讲：")
        );
        assert!(!is_lead_in("习近平：新发展阶段贯彻新发展理念必然要求"));
        assert!(
            is_salutation("尊敬的普京总统，尊敬的各位同事：")
                && is_salutation("主席先生，各位同事：")
        );
        assert!(is_label("学习材料３") && is_label("学习资料之一") && is_label("【1】"));
        assert!(is_label("（十二）") && is_label("【专题三】") && !is_label("（一）坚持原则"));
        assert_eq!(
            paren_label_prefix("（三）　某某的讲话"),
            Some("（三）　".len())
        );
        assert_eq!(paren_label_prefix("（三）"), None);
        assert_eq!(
            label_prefix("学习材料一  习近平：在大会上的讲话"),
            Some("学习材料一  ".len())
        );
        assert!(stands_alone("习近平") && !stands_alone("正文的一行"));
    }
}
