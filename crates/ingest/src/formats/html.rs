//! HTML: visible text with one line per block element (p, div, li, h1–h6,
//! tr, br …); script, style and head are skipped; entities are decoded.
//!
//! Key decision: `tl` parses (fast, tolerant of broken markup); entity
//! decoding is a small table here because `tl` leaves text raw.

use crate::error::ProblemKind;

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
    let parser = dom.parser();
    let mut out = vec![String::new()];
    for handle in dom.children() {
        walk(*handle, parser, &mut out);
    }
    let lines: Vec<String> = out.into_iter().map(|l| decode_entities(&l)).collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(ProblemKind::NoText);
    }
    Ok(lines)
}

fn walk(handle: tl::NodeHandle, parser: &tl::Parser, out: &mut Vec<String>) {
    let Some(node) = handle.get(parser) else {
        return;
    };
    match node {
        tl::Node::Raw(bytes) => {
            let text = bytes.as_utf8_str();
            let collapsed: String = text.split(['\n', '\r']).collect::<Vec<_>>().join("");
            out.last_mut().expect("one line").push_str(&collapsed);
        }
        tl::Node::Tag(tag) => {
            let name = tag.name().as_utf8_str().to_ascii_lowercase();
            if matches!(
                name.as_str(),
                "script" | "style" | "head" | "noscript" | "template"
            ) {
                return;
            }
            let block = BLOCK.contains(&name.as_str());
            if block {
                out.push(String::new());
            }
            for child in tag.children().top().iter() {
                walk(*child, parser, out);
            }
            if block {
                out.push(String::new());
            }
        }
        tl::Node::Comment(_) => {}
    }
}

/// Decode the named entities common in Chinese pages and numeric references.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{A0}'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                "lsquo" => Some('‘'),
                "rsquo" => Some('’'),
                "mdash" => Some('—'),
                "hellip" => Some('…'),
                "middot" => Some('·'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
}
