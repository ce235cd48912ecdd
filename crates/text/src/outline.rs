//! Outline heading markers at the start of a paragraph: 第X编/章/节/条,
//! 一、, （一）, 1., （1）, ①, 一是, 第一，, and a bare numeral line (一).
//!
//! Key decision: this module only recognises the *kind* of marker. The level
//! of a kind is assigned per article by order of first appearance (see
//! `tifa-ingest`), because Chinese documents nest the same markers in
//! different orders (一、 above （一） in one text, 第一章 above 一、 in another).

use regex::Regex;
use std::sync::LazyLock;

/// The kind of a heading marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// 第一编 / 第一部分
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条
    Article,
    /// 一、
    CnComma,
    /// （一）
    CnParen,
    /// 1. / 1、
    Arabic,
    /// （1）
    ArabicParen,
    /// ①
    Circled,
    /// 第一，/ 第一、
    Ordinal,
    /// 一是
    CnIs,
    /// 一 (a numeral alone on its line)
    Bare,
}

/// A marker found at the start of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadingMarker {
    pub kind: MarkerKind,
    pub number: u32,
    /// Byte length of the marker text.
    pub len: usize,
}

const CN: &str = "[一二三四五六七八九十百〇零两]";

static PATTERNS: LazyLock<Vec<(MarkerKind, Regex)>> = LazyLock::new(|| {
    let p = |kind, re: String| (kind, Regex::new(&re).unwrap());
    vec![
        p(
            MarkerKind::Part,
            format!(r"^第({CN}{{1,4}}|\d{{1,3}})(?:编|部分)"),
        ),
        p(
            MarkerKind::Chapter,
            format!(r"^第({CN}{{1,4}}|\d{{1,3}})章"),
        ),
        p(
            MarkerKind::Section,
            format!(r"^第({CN}{{1,4}}|\d{{1,3}})节"),
        ),
        p(
            MarkerKind::Article,
            format!(r"^第({CN}{{1,4}}|\d{{1,3}})条"),
        ),
        p(MarkerKind::Ordinal, format!(r"^第({CN}{{1,3}})[，、,]")),
        p(MarkerKind::CnComma, format!(r"^({CN}{{1,3}})[、．.]")),
        p(MarkerKind::CnParen, format!(r"^[（(]({CN}{{1,3}})[）)]")),
        p(MarkerKind::ArabicParen, r"^[（(](\d{1,3})[）)]".to_string()),
        p(
            MarkerKind::Arabic,
            r"^(\d{1,3})(?:[.．](?:[^\d]|$)|、)".to_string(),
        ),
        p(
            MarkerKind::Circled,
            r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])".to_string(),
        ),
        p(MarkerKind::CnIs, format!(r"^({CN}{{1,3}})是")),
        p(MarkerKind::Bare, format!(r"^({CN}{{1,4}})$")),
    ]
});

/// The heading marker that starts `para`, if any.
pub fn heading_marker(para: &str) -> Option<HeadingMarker> {
    for (kind, re) in PATTERNS.iter() {
        if let Some(c) = re.captures(para) {
            let n = c.get(1).unwrap().as_str();
            let number = if *kind == MarkerKind::Circled {
                "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
                    .chars()
                    .position(|x| n.starts_with(x))
                    .unwrap_or(0) as u32
                    + 1
            } else {
                match crate::chars::chinese_number(n) {
                    Some(v) => v,
                    None => continue,
                }
            };
            // An Arabic marker must be followed by text, not a unit (1.20 讲话, 2、3月).
            let len = if *kind == MarkerKind::Arabic {
                c.get(0)
                    .unwrap()
                    .as_str()
                    .trim_end_matches(|ch: char| !matches!(ch, '.' | '．' | '、'))
                    .len()
            } else {
                c.get(0).unwrap().len()
            };
            return Some(HeadingMarker {
                kind: *kind,
                number,
                len,
            });
        }
    }
    None
}

/// The heading text of a paragraph that starts with a marker: the paragraph
/// up to its first full stop, at most `max` characters.
pub fn heading_text(para: &str, max: usize) -> String {
    let end = para.find('。').unwrap_or(para.len());
    let head = &para[..end];
    if head.chars().count() > max {
        head.chars().take(max).collect::<String>() + "…"
    } else {
        head.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let k = |s| heading_marker(s).map(|m| (m.kind, m.number));
        assert_eq!(k("一、形势背景"), Some((MarkerKind::CnComma, 1)));
        assert_eq!(k("（十二）推动"), Some((MarkerKind::CnParen, 12)));
        assert_eq!(k("1.发挥课堂"), Some((MarkerKind::Arabic, 1)));
        assert_eq!(k("第三章 总则"), Some((MarkerKind::Chapter, 3)));
        assert_eq!(k("第十条 本办法"), Some((MarkerKind::Article, 10)));
        assert_eq!(k("一是打通"), Some((MarkerKind::CnIs, 1)));
        assert_eq!(k("第一，要"), Some((MarkerKind::Ordinal, 1)));
        assert_eq!(k("二十二"), Some((MarkerKind::Bare, 22)));
        assert_eq!(k("1.20 讲话"), None);
        assert_eq!(k("2022年是"), None);
        assert_eq!(
            heading_text("（一）指导思想。以习近平", 40),
            "（一）指导思想"
        );
    }
}
