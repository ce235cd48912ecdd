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
    r"^(?:学习|阅读|参考|专题)?材料\s*[一二三四五六七八九十百\d]+\s*[：:]?$"
);
re!(
    META,
    r"^[（(]?\s*(?:来\s*源|转\s*自|原\s*载|出\s*处|稿\s*源|选\s*自|摘\s*自)\s*[:：]"
);
re!(
    DATELINE,
    r"^(?:新华社|中新社|人民日报|新华网|央视网|人民网|光明日报|经济日报|本报)[^，。\s]{0,12}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)"
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
    r"^(?:[-—–－]\s*)?\d{1,3}(?:\s*[-—–－])?$|^第\s*\d{1,4}\s*页$|^\d{1,4}\s*/\s*\d{1,4}$"
);
re!(
    DATE_ONLY,
    r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:\s*(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日)?$"
);
re!(TOC_HEADING, r"^(?:目\s*录|目\s*次|CONTENTS|Contents)$");
re!(
    DOC_NUMBER,
    r"[\p{Han}]{1,12}[〔\[【［(（]\s*(?:19|20)\d{2}\s*[〕\]】］)）]\s*\d{1,4}\s*号"
);

/// 学习材料一, 材料3: a compilation's item label.
pub fn is_label(s: &str) -> bool {
    s.chars().count() <= 12 && LABEL.is_match(s)
}

/// （来源：新华网，2024年5月27日） and similar source lines.
pub fn is_meta(s: &str) -> bool {
    s.chars().count() <= 80 && META.is_match(s)
}

/// 新华社北京2月6日电: a news dateline at the start of a paragraph.
pub fn is_dateline(s: &str) -> bool {
    DATELINE.is_match(s)
}

/// 国务院研究室党组书记、主任 黄守宏; 本刊记者 翟 健; 浙江省温州市委宣传部.
pub fn is_byline(s: &str) -> bool {
    let n = s.chars().count();
    if n > 48 || s.contains('。') || s.contains('，') || s.contains('：') {
        return false;
    }
    BYLINE_JOB.is_match(s) || BYLINE_STAFF.is_match(s) || (n <= 22 && BYLINE_ORG.is_match(s))
}

/// A page number line: `12`, `- 12 -`, `第 3 页`, `3/40`.
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
    ) || s.starts_with("- ")
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
}
