//! HTML: visible text with one line per block element (p, div, li, h1–h6,
//! tr, br …); script, style and head are skipped; character references are
//! decoded.
//!
//! Key decisions: `tl` parses (fast, tolerant of broken markup) and leaves
//! text raw, entities included, so decoding is done here against the full
//! HTML5 list (`entities`). The tree is walked with an explicit stack: a
//! page nested 100,000 deep is read like any other, where recursion would
//! overflow the thread's stack and abort the process.

use crate::error::ProblemKind;

mod entities;
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "title",
    "dd",
    "dt",
    "hr",
    "td",
];

/// Lines of visible text of an HTML document.
pub fn lines(html: &str) -> Result<Vec<String>, ProblemKind> {
    let dom = tl::parse(html, tl::ParserOptions::default())
        .map_err(|e| ProblemKind::Html(e.to_string()))?;
    let out = walk(dom.children(), dom.parser());
    let lines: Vec<String> = out.into_iter().map(|l| decode_entities(&l)).collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(ProblemKind::NoText);
    }
    Ok(lines)
}

/// One step of the walk: visit a node, or close a block element.
enum Step {
    Enter(tl::NodeHandle),
    Leave,
}

/// The text of the tree below `top`, a new line at each block element's
/// start and end, in document order; iterative, so depth costs heap, not stack.
fn walk(top: &[tl::NodeHandle], parser: &tl::Parser) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut stack: Vec<Step> = top.iter().rev().map(|h| Step::Enter(*h)).collect();
    while let Some(step) = stack.pop() {
        let handle = match step {
            Step::Leave => {
                out.push(String::new());
                continue;
            }
            Step::Enter(h) => h,
        };
        match handle.get(parser) {
            None | Some(tl::Node::Comment(_)) => {}
            Some(tl::Node::Raw(bytes)) => {
                let text = bytes.as_utf8_str();
                let line = out.last_mut().expect("one line");
                for part in text.split(['\n', '\r']) {
                    line.push_str(part);
                }
            }
            Some(tl::Node::Tag(tag)) => {
                let name = tag.name().as_utf8_str().to_ascii_lowercase();
                if matches!(
                    name.as_str(),
                    "script" | "style" | "head" | "noscript" | "template"
                ) {
                    continue;
                }
                if BLOCK.contains(&name.as_str()) {
                    out.push(String::new());
                    stack.push(Step::Leave);
                }
                let children = tag.children();
                let first = stack.len();
                stack.extend(children.top().iter().map(|c| Step::Enter(*c)));
                stack[first..].reverse();
            }
        }
    }
    out
}

/// Decode character references: every HTML5 named reference (`&emsp;`,
/// `&lsaquo;`, `&nbsp;` …; the legacy ones such as `&nbsp` also without `;`
/// when no letter, digit or `=` follows), and numeric ones (`&#12290;`,
/// `&#x3000;`; 0x80–0x9F read as Windows-1252, as browsers do). Whitespace
/// references become the whitespace characters the normaliser folds
/// (`&emsp;` U+2003, `&nbsp;` U+00A0); references to control characters
/// other than tab, line feed and carriage return (which become spaces), to
/// surrogates or past U+10FFFF are dropped. Anything else is left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        match reference(rest) {
            Some((text, used)) => {
                out.push_str(&text);
                rest = &rest[used..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// The reference at the start of `s` (just after `&`): its text and the
/// bytes it used.
fn reference(s: &str) -> Option<(String, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let n = digits
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if n == 0 {
            return None;
        }
        let value =
            u32::from_str_radix(&digits[..n.min(8)], if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let value = if n > 8 { u32::MAX } else { value };
        let used = 1 + usize::from(hex) + n + usize::from(digits[n..].starts_with(';'));
        return Some((numeric(value).map(String::from).unwrap_or_default(), used));
    }
    let name_len = s
        .bytes()
        .take(40)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let name = &s[..name_len];
    if s[name_len..].starts_with(';')
        && let Ok(k) = entities::NAMED.binary_search_by(|(n, _)| n.cmp(&name))
    {
        return Some((entities::NAMED[k].1.to_string(), name_len + 1));
    }
    // A legacy name without its semicolon: the longest one the run starts with.
    let legacy = entities::LEGACY
        .iter()
        .filter(|l| name.starts_with(**l))
        .max_by_key(|l| l.len())?;
    let next = s[legacy.len()..].chars().next();
    if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '=') {
        return None;
    }
    let k = entities::NAMED
        .binary_search_by(|(n, _)| n.cmp(legacy))
        .ok()?;
    Some((entities::NAMED[k].1.to_string(), legacy.len()))
}

/// The character a numeric reference stands for, if it is one to keep.
fn numeric(v: u32) -> Option<char> {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = match v {
        0x80..=0x9F => CP1252[(v - 0x80) as usize],
        0x09 | 0x0A | 0x0D => 0x20,
        _ => v,
    };
    char::from_u32(v).filter(|c| !c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_entities() {
        let l = lines("<html><head><title>x</title><style>p{}</style></head><body><h1>标题</h1><p>第一段&ldquo;引&rdquo;</p><div>第二段<br>续</div><script>var a;</script></body></html>").unwrap();
        let l: Vec<_> = l.into_iter().filter(|s| !s.trim().is_empty()).collect();
        assert_eq!(l, vec!["标题", "第一段“引”", "第二段", "续"]);
    }

    #[test]
    fn references() {
        for (html, text) in [
            (
                "&emsp;&ensp;&thinsp;&nbsp;",
                "\u{2003}\u{2002}\u{2009}\u{a0}",
            ),
            ("&lsaquo;甲&rsaquo;&laquo;乙&raquo;", "‹甲›«乙»"),
            ("&ldquo;引&rdquo;&hellip;&mdash;&middot;", "“引”…—·"),
            ("&#12290;&#x3000;&#X4E2D;&#x4e2d", "。\u{3000}中中"),
            ("&#150;&#147;x&#148;", "–“x”"),
            ("&#0;&#xD800;&#1114112;&#99999999999;&#7;", ""),
            ("a&#10;b&#9;c", "a b c"),
            ("&amp;lt;&lt;&AMP;&amp", "&lt;<&&"),
            ("&nbsp中文&copy2024", "\u{a0}中文&copy2024"),
            ("a=1&copy=2&notit; &not x", "a=1&copy=2&notit; ¬ x"),
            ("&NotEqualTilde;&fjlig;", "≂\u{338}fj"),
            ("&nosuch; & &; &# &#x; AT&T", "&nosuch; & &; &# &#x; AT&T"),
        ] {
            assert_eq!(decode_entities(html), text, "{html}");
        }
    }

    #[test]
    fn deep_nesting_is_walked_without_recursion() {
        let depth = 200_000;
        let html = format!(
            "{}正文{}",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let l: Vec<_> = lines(&html)
            .unwrap()
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(l, vec!["正文"]);
    }
}
