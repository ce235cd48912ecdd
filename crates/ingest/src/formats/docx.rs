//! DOCX: one line per body paragraph of `word/document.xml`, with how it was
//! set (heading style, bold, italic, alignment, font size, page break),
//! read with `zip` and `quick-xml`; styles are resolved through
//! `word/styles.xml` (`basedOn` chains and document defaults).
//!
//! Key decision: line N is the N-th paragraph that is a direct child of
//! `w:body` (paragraphs inside a content control `w:sdt` count in document
//! order; a table counts one line per row), so provenance line numbers are
//! the body's `w:p` numbering. A soft line break (`w:br`) inside a paragraph
//! becomes a space, and a text box's paragraphs stay inside the paragraph
//! that anchors them, so neither shifts the numbering.

use super::{Align, Line, Style};
use crate::error::ProblemKind;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Lines of text of a DOCX file.
pub fn lines(bytes: &[u8]) -> Result<Vec<Line>, ProblemKind> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ProblemKind::Docx(e.to_string()))?;
    let xml = read_part(&mut zip, "word/document.xml")?
        .ok_or_else(|| ProblemKind::Docx("no word/document.xml".into()))?;
    let styles = match read_part(&mut zip, "word/styles.xml")? {
        Some(s) => Styles::parse(&s)?,
        None => Styles::default(),
    };
    let out = body_lines(&xml, &styles)?;
    if out.iter().all(|l| l.text.trim().is_empty()) {
        return Err(ProblemKind::NoText);
    }
    Ok(out)
}

/// One part of a DOCX package as text; `None` when the package has no such part.
pub(crate) fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ProblemKind> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ProblemKind::Docx(format!("{name}: {e}"))),
    };
    let mut s = String::new();
    f.read_to_string(&mut s)
        .map_err(|e| ProblemKind::Docx(format!("{name}: {e}")))?;
    Ok(Some(s))
}

fn xml_err(reader: &quick_xml::Reader<&[u8]>, e: impl std::fmt::Display) -> ProblemKind {
    ProblemKind::Docx(format!(
        "XML error at byte {}: {e}",
        reader.error_position()
    ))
}

/// The value of attribute `w:val` (or `key`) of an element.
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A toggle property such as `<w:b/>` or `<w:b w:val="0"/>`.
fn toggle(e: &BytesStart) -> bool {
    !matches!(
        attr(e, "w:val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn align(v: &str) -> Align {
    match v {
        "center" => Align::Center,
        "right" | "end" => Align::Right,
        "left" | "start" => Align::Left,
        "both" | "distribute" | "justify" => Align::Justify,
        _ => Align::Unknown,
    }
}

/// Properties a style sets (each optional: unset means inherited).
#[derive(Clone, Debug, Default)]
struct StyleProps {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    align: Option<Align>,
    bold: Option<bool>,
    italic: Option<bool>,
    size: Option<u16>,
}

/// Paragraph and character styles of a document.
#[derive(Clone, Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleProps>,
    default_size: Option<u16>,
    default_paragraph: Option<String>,
}

impl Styles {
    fn parse(xml: &str) -> Result<Styles, ProblemKind> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut s = Styles::default();
        let mut cur: Option<(String, StyleProps)> = None;
        let mut in_defaults = false;
        let mut in_ppr_default = false;
        loop {
            let ev = reader.read_event().map_err(|e| xml_err(&reader, e))?;
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.name();
                    match name.as_ref() {
                        "w:docDefaults" => in_defaults = true,
                        "w:pPrDefault" => in_ppr_default = true,
                        "w:style" => {
                            let id = attr(&e, "w:styleId").unwrap_or_default();
                            if attr(&e, "w:default").as_deref() == Some("1")
                                && attr(&e, "w:type").as_deref() == Some("paragraph")
                            {
                                s.default_paragraph = Some(id.clone());
                            }
                            cur = Some((id, StyleProps::default()));
                        }
                        "w:sz" if in_defaults && !in_ppr_default => {
                            s.default_size = attr(&e, "w:val").and_then(|v| v.parse().ok());
                        }
                        _ => {
                            if let Some((_, p)) = cur.as_mut() {
                                match name.as_ref() {
                                    "w:name" => p.name = attr(&e, "w:val").unwrap_or_default(),
                                    "w:basedOn" => p.based_on = attr(&e, "w:val"),
                                    "w:outlineLvl" => {
                                        p.outline = attr(&e, "w:val").and_then(|v| v.parse().ok())
                                    }
                                    "w:jc" => p.align = attr(&e, "w:val").map(|v| align(&v)),
                                    "w:b" => p.bold = Some(toggle(&e)),
                                    "w:i" => p.italic = Some(toggle(&e)),
                                    "w:sz" => {
                                        p.size = attr(&e, "w:val").and_then(|v| v.parse().ok())
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                Event::End(e) => match e.name().as_ref() {
                    "w:docDefaults" => in_defaults = false,
                    "w:pPrDefault" => in_ppr_default = false,
                    "w:style" => {
                        if let Some((id, p)) = cur.take() {
                            s.by_id.insert(id, p);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(s)
    }

    /// A property resolved along the `basedOn` chain (at most 16 links, so a
    /// cyclic chain in a damaged file cannot loop).
    fn resolve<T: Copy>(&self, id: &str, get: impl Fn(&StyleProps) -> Option<T>) -> Option<T> {
        let mut cur = Some(id.to_string());
        for _ in 0..16 {
            let p = self.by_id.get(cur.as_deref()?)?;
            if let Some(v) = get(p) {
                return Some(v);
            }
            cur = p.based_on.clone();
        }
        None
    }

    /// Heading level of a paragraph style: 0 for Title, N for "heading N"
    /// (any language's name with a trailing digit and an outline level).
    fn heading(&self, id: &str) -> Option<u8> {
        let p = self.by_id.get(id)?;
        let name = p.name.to_lowercase();
        if name == "title" || name == "标题" || id == "Title" {
            return Some(0);
        }
        if let Some(n) = name
            .strip_prefix("heading ")
            .or_else(|| name.strip_prefix("标题 "))
            .and_then(|n| n.trim().parse::<u8>().ok())
        {
            return Some(n);
        }
        self.resolve(id, |p| p.outline)
            .filter(|&o| o < 9)
            .map(|o| o + 1)
    }
}

/// Run properties being read.
#[derive(Clone, Copy, Debug, Default)]
struct RunProps {
    bold: Option<bool>,
    italic: Option<bool>,
    size: Option<u16>,
    style_bold: Option<bool>,
    style_italic: Option<bool>,
    style_size: Option<u16>,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style_id: Option<String>,
    align: Option<Align>,
    outline: Option<u8>,
    page_break: bool,
    /// Characters of visible text, and how many of them are bold / italic.
    chars: usize,
    bold_chars: usize,
    italic_chars: usize,
    size: Option<u16>,
}

fn body_lines(xml: &str, styles: &Styles) -> Result<Vec<Line>, ProblemKind> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<Line> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    // Depth of the outermost open paragraph, and the paragraph itself.
    let mut para_depth: Option<usize> = None;
    let mut para = Para::default();
    let mut run = RunProps::default();
    let mut in_text = false;
    let mut in_rpr = false;
    let mut in_ppr = false;
    // A table row being read: its cells' text.
    let mut row: Option<Vec<String>> = None;
    let mut table_depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| xml_err(&reader, e))?;
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.name().as_ref().to_string();
            match name.as_str() {
                "w:tbl" => table_depth += 1,
                "w:tr" if table_depth == 1 && para_depth.is_none() => row = Some(Vec::new()),
                "w:p" if para_depth.is_none() && empty => match row.as_mut() {
                    Some(cells) => cells.push(String::new()),
                    None if table_depth == 0 => out.push(Line::plain("")),
                    None => {}
                },
                "w:p" if para_depth.is_none() => {
                    para_depth = Some(stack.len());
                    para = Para::default();
                }
                "w:p" if !empty => para.text.push(' '), // a text box's paragraph inside ours
                "w:pPr" if !empty && para_depth == Some(stack.len().saturating_sub(1)) => {
                    in_ppr = true
                }
                "w:r" => run = RunProps::default(),
                "w:rPr" if !empty && !in_ppr => in_rpr = true,
                "w:t" => in_text = !empty,
                "w:tab" if para_depth.is_some() && !in_ppr => para.text.push('\t'),
                "w:br" | "w:cr" if para_depth.is_some() && !in_ppr => {
                    if attr(&e, "w:type").as_deref() == Some("page") {
                        if para.text.trim().is_empty() {
                            para.page_break = true;
                        } else {
                            para.text.push(' ');
                        }
                    } else {
                        para.text.push(' ');
                    }
                }
                "w:pageBreakBefore" if in_ppr => para.page_break = toggle(&e),
                "w:pStyle" if in_ppr => para.style_id = attr(&e, "w:val"),
                "w:jc" if in_ppr => para.align = attr(&e, "w:val").map(|v| align(&v)),
                "w:outlineLvl" if in_ppr => {
                    para.outline = attr(&e, "w:val").and_then(|v| v.parse().ok())
                }
                "w:rStyle" if in_rpr => {
                    if let Some(id) = attr(&e, "w:val") {
                        run.style_bold = styles.resolve(&id, |p| p.bold);
                        run.style_italic = styles.resolve(&id, |p| p.italic);
                        run.style_size = styles.resolve(&id, |p| p.size);
                    }
                }
                "w:b" if in_rpr => run.bold = Some(toggle(&e)),
                "w:i" if in_rpr => run.italic = Some(toggle(&e)),
                "w:sz" if in_rpr => run.size = attr(&e, "w:val").and_then(|v| v.parse().ok()),
                _ => {}
            }
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match ev {
            Event::End(e) => {
                stack.pop();
                match e.name().as_ref() {
                    "w:t" => in_text = false,
                    "w:rPr" => in_rpr = false,
                    "w:pPr" => in_ppr = false,
                    "w:p" if para_depth == Some(stack.len()) => {
                        para_depth = None;
                        let p = std::mem::take(&mut para);
                        match row.as_mut() {
                            Some(cells) => cells.push(p.text),
                            None if table_depth == 0 => out.push(finish(p, styles)),
                            None => {}
                        }
                    }
                    "w:tr" if table_depth == 1 => {
                        if let Some(cells) = row.take() {
                            let text = cells
                                .iter()
                                .map(|c| c.trim())
                                .filter(|c| !c.is_empty())
                                .collect::<Vec<_>>()
                                .join("\t");
                            out.push(Line::plain(text));
                        }
                    }
                    "w:tbl" => table_depth = table_depth.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let raw: &str = t.as_ref();
                let s = quick_xml::escape::unescape(raw).map_err(|e| xml_err(&reader, e))?;
                add_text(&mut para, &run, styles, &s);
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r.as_ref();
                let s = quick_xml::escape::unescape(&format!("&{name};"))
                    .map_err(|e| xml_err(&reader, e))?
                    .into_owned();
                add_text(&mut para, &run, styles, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn add_text(para: &mut Para, run: &RunProps, styles: &Styles, s: &str) {
    para.text.push_str(s);
    let visible = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .count();
    if visible == 0 {
        return;
    }
    let pstyle = para
        .style_id
        .as_deref()
        .or(styles.default_paragraph.as_deref());
    let from_style =
        |get: fn(&StyleProps) -> Option<bool>| pstyle.and_then(|id| styles.resolve(id, get));
    let bold = run
        .bold
        .or(run.style_bold)
        .or_else(|| from_style(|p| p.bold))
        .unwrap_or(false);
    let italic = run
        .italic
        .or(run.style_italic)
        .or_else(|| from_style(|p| p.italic))
        .unwrap_or(false);
    let size = run
        .size
        .or(run.style_size)
        .or_else(|| pstyle.and_then(|id| styles.resolve(id, |p| p.size)))
        .or(styles.default_size);
    para.chars += visible;
    para.bold_chars += visible * bold as usize;
    para.italic_chars += visible * italic as usize;
    if let Some(sz) = size {
        para.size = Some(para.size.map_or(sz, |m| m.max(sz)));
    }
}

fn finish(p: Para, styles: &Styles) -> Line {
    let pstyle = p
        .style_id
        .as_deref()
        .or(styles.default_paragraph.as_deref());
    let heading = p
        .style_id
        .as_deref()
        .and_then(|id| styles.heading(id))
        .or_else(|| p.outline.filter(|&o| o < 9).map(|o| o + 1));
    let align = p
        .align
        .or_else(|| pstyle.and_then(|id| styles.resolve(id, |s| s.align)))
        .unwrap_or(Align::Unknown);
    Line {
        text: p.text,
        style: Style {
            heading,
            bold: p.chars > 0 && p.bold_chars == p.chars,
            italic: p.chars > 0 && p.italic_chars == p.chars,
            align,
            size: p.size,
            page_break: p.page_break,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>"
        )
    }

    const STYLES: &str = "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"24\"/></w:rPr></w:rPrDefault></w:docDefaults>\
        <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
        <w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"32\"/></w:rPr></w:style>\
        <w:style w:type=\"paragraph\" w:styleId=\"Sub\"><w:name w:val=\"Sub\"/><w:basedOn w:val=\"2\"/></w:style></w:styles>";

    #[test]
    fn numbering_follows_body_paragraphs() {
        let styles = Styles::parse(STYLES).unwrap();
        let xml = doc(
            "<w:p><w:r><w:t>一</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>二</w:t></w:r></w:p>\
             <w:p/>\
             <w:p><w:r><w:t>有</w:t><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>\
             <w:sdt><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p></w:sdtContent></w:sdt>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:t>末</w:t></w:r></w:p>",
        );
        let l = body_lines(&xml, &styles).unwrap();
        let t: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t, vec!["一 二", "", "有 框", "目录", "甲\t乙", "末"]);
    }

    #[test]
    fn styles_are_resolved() {
        let styles = Styles::parse(STYLES).unwrap();
        let xml = doc(
            "<w:p><w:pPr><w:pStyle w:val=\"Sub\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>\
             <w:p><w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>粗斜</w:t></w:r><w:r><w:t> </w:t></w:r></w:p>\
             <w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr><w:t>半</w:t></w:r><w:r><w:t>粗</w:t></w:r></w:p>",
        );
        let l = body_lines(&xml, &styles).unwrap();
        assert_eq!(l[0].style.heading, Some(2));
        assert!(l[0].style.bold);
        assert_eq!(l[0].style.align, Align::Center);
        assert_eq!(l[0].style.size, Some(32));
        assert!(l[1].style.bold && l[1].style.italic);
        assert_eq!(l[1].style.size, Some(24));
        assert!(!l[2].style.bold, "only half of the text is bold");
        assert!(l[2].style.page_break);
        assert_eq!(l[2].style.size, Some(36));
    }
}
