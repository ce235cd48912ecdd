//! Text as XML (and HTML) character data, for every document tifa writes:
//! DOCX parts, SVG charts, HTML pages, TEI.
//!
//! Key decision: one escaper, strict enough for XML 1.0 — the five markup
//! characters escaped, and the control characters XML forbids left out (a
//! stray U+0001 from a converted PDF would otherwise make Word refuse the
//! whole file) — so no writer can forget a case.

/// `s` escaped as character data or an attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_escaped_and_forbidden_controls_dropped() {
        assert_eq!(
            escape("A&B <c> \"d\" 'e'\u{1}\t中"),
            "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;\t中"
        );
    }
}
