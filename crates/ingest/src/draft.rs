//! Drafts to proofread (`tifa check`): a `.txt`, `.md` or `.docx` file read
//! as one plain text whose character offsets locate quotations, and a copy
//! of the draft as DOCX with a Word comment anchored on given character
//! ranges (`annotate`).
//!
//! Key decision: DOCX text and comment anchors come from one walk over
//! `word/document.xml` that records every run's character range and byte
//! range, so the offsets `check` reports and the runs `annotate` marks can
//! never disagree. Comments are spliced in at run boundaries as bytes
//! (`w:commentRangeStart` before the first run of a range, `w:commentRangeEnd`
//! and a `w:commentReference` run after the last): every other byte of the
//! document, its styles, runs and existing comments stay as they were. A
//! paragraph ends with `\n`; a tab is `\t`, a line break `\n`.

use crate::decode::decode;
use crate::error::{IngestError, ProblemKind};
use crate::formats::docx::read_part as part;
use quick_xml::events::Event;
use std::io::{Cursor, Write};
use std::path::Path;
use tifa_text::xml::escape as esc;

/// A draft's text and, for a DOCX draft, its bytes (to annotate a copy).
#[derive(Clone, Debug)]
pub struct Draft {
    /// Line breaks are `\n`.
    pub text: String,
    pub docx: Option<Vec<u8>>,
}

/// One comment to add: a character range of the draft's text and what the
/// comment says (lines separated by `\n`).
#[derive(Clone, Debug)]
pub struct Comment {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Read a draft: `.docx` by its paragraphs, anything else as text.
pub fn read_draft(path: &Path) -> Result<Draft, IngestError> {
    let err = |k| IngestError::new(path, k);
    let bytes = std::fs::read(path).map_err(|e| err(ProblemKind::Io(e)))?;
    let is_docx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_docx {
        let xml = document_xml(&bytes).map_err(err)?;
        let (text, _) = runs(&xml).map_err(err)?;
        if text.trim().is_empty() {
            return Err(err(ProblemKind::NoText));
        }
        return Ok(Draft {
            text,
            docx: Some(bytes),
        });
    }
    let text = decode(&bytes).map_err(err)?.text;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok(Draft { text, docx: None })
}

/// A run of `document.xml`: its characters in the draft's text and its
/// bytes in the XML (`<w:r …>` to `</w:r>`).
#[derive(Clone, Copy, Debug)]
struct Run {
    chars: (usize, usize),
    bytes: (usize, usize),
}

fn document_xml(bytes: &[u8]) -> Result<String, ProblemKind> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ProblemKind::Docx(e.to_string()))?;
    part(&mut zip, "word/document.xml")?
        .ok_or_else(|| ProblemKind::Docx("no word/document.xml".into()))
}

fn xml_err(e: impl std::fmt::Display) -> ProblemKind {
    ProblemKind::Docx(format!("word/document.xml: {e}"))
}

/// The text of `document.xml` and its runs, in document order. Text under
/// `mc:Fallback` (a second copy of a text box) is skipped.
fn runs(xml: &str) -> Result<(String, Vec<Run>), ProblemKind> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    let mut chars = 0usize;
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut in_text = false;
    let mut fallback = 0usize;
    let push = |text: &mut String, chars: &mut usize, s: &str| {
        text.push_str(s);
        *chars += s.chars().count();
    };
    loop {
        let at = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(xml_err)?;
        match &ev {
            Event::Start(e) => match e.name().as_ref() {
                "mc:Fallback" => fallback += 1,
                "w:r" if fallback == 0 => open = Some((chars, at)),
                "w:t" => in_text = fallback == 0,
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => match e.name().as_ref() {
                "w:tab" if open.is_some() => push(&mut text, &mut chars, "\t"),
                "w:br" | "w:cr" if open.is_some() => push(&mut text, &mut chars, "\n"),
                "w:p" => push(&mut text, &mut chars, "\n"),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "mc:Fallback" => fallback = fallback.saturating_sub(1),
                "w:t" => in_text = false,
                "w:r" if fallback == 0 => {
                    if let Some((c, b)) = open.take() {
                        out.push(Run {
                            chars: (c, chars),
                            bytes: (b, reader.buffer_position() as usize),
                        });
                    }
                }
                "w:p" if fallback == 0 => push(&mut text, &mut chars, "\n"),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let raw: &str = t.as_ref();
                let s = quick_xml::escape::unescape(raw).map_err(xml_err)?;
                push(&mut text, &mut chars, &s);
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r.as_ref();
                let s = quick_xml::escape::unescape(&format!("&{name};"))
                    .map_err(xml_err)?
                    .into_owned();
                push(&mut text, &mut chars, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((text, out))
}

const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A DOCX with one paragraph per line of `text`, one run per paragraph: the
/// container for the comments on a plain-text draft.
pub fn text_to_docx(text: &str) -> Result<Vec<u8>, ProblemKind> {
    let mut body = String::new();
    for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        if line.is_empty() {
            body.push_str("<w:p/>");
        } else {
            body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(line)
            ));
        }
    }
    let files = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_string(),
        ),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>"
            ),
        ),
    ];
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let zerr = |e: zip::result::ZipError| ProblemKind::Docx(e.to_string());
    for (name, content) in files {
        w.start_file(name, opts).map_err(zerr)?;
        w.write_all(content.as_bytes())?;
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}

/// A copy of `docx` with `comments` anchored on the runs covering their
/// character ranges (ranges in the text `read_draft` gives), by `author`.
/// Ranges that cover no run's text are left out.
pub fn annotate(docx: &[u8], comments: &[Comment], author: &str) -> Result<Vec<u8>, ProblemKind> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| ProblemKind::Docx(e.to_string()))?;
    let xml = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| ProblemKind::Docx("no word/document.xml".into()))?;
    let (_, runs) = runs(&xml)?;
    let existing = part(&mut zip, "word/comments.xml")?;
    let first_id = existing
        .iter()
        .chain(std::iter::once(&xml))
        .map(|s| max_id(s))
        .max()
        .flatten()
        .map_or(0, |m| m + 1);
    // Insertions at byte offsets of document.xml: (offset, order, xml).
    let mut ins: Vec<(usize, u8, String)> = Vec::new();
    let mut bodies = String::new();
    let mut id = first_id;
    for c in comments {
        let text_runs = || runs.iter().filter(|r| r.chars.1 > r.chars.0);
        let first = text_runs().find(|r| r.chars.1 > c.start);
        let last = text_runs().rfind(|r| r.chars.0 < c.end);
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        if first.bytes.0 > last.bytes.0 {
            continue;
        }
        ins.push((
            first.bytes.0,
            1,
            format!("<w:commentRangeStart w:id=\"{id}\"/>"),
        ));
        ins.push((
            last.bytes.1,
            0,
            format!(
                "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"
            ),
        ));
        bodies.push_str(&format!(
            "<w:comment w:id=\"{id}\" w:author=\"{}\" w:initials=\"tifa\">",
            esc(author)
        ));
        for line in c.text.split('\n') {
            bodies.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(line)
            ));
        }
        bodies.push_str("</w:comment>");
        id += 1;
    }
    // Ends before starts at the same offset; later offsets first.
    ins.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut doc = xml.clone();
    for (at, _, s) in &ins {
        doc.insert_str(*at, s);
    }
    let comments_xml = match &existing {
        Some(x) => {
            let at = x
                .rfind("</w:comments>")
                .ok_or_else(|| ProblemKind::Docx("word/comments.xml: no </w:comments>".into()))?;
            format!("{}{bodies}{}", &x[..at], &x[at..])
        }
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NS}\">{bodies}</w:comments>"
        ),
    };
    let mut types = part(&mut zip, "[Content_Types].xml")?
        .ok_or_else(|| ProblemKind::Docx("no [Content_Types].xml".into()))?;
    if !types.contains("/word/comments.xml") {
        let at = types
            .rfind("</Types>")
            .ok_or_else(|| ProblemKind::Docx("[Content_Types].xml: no </Types>".into()))?;
        types.insert_str(
            at,
            &format!("<Override PartName=\"/word/comments.xml\" ContentType=\"{COMMENTS_TYPE}\"/>"),
        );
    }
    let rels_name = "word/_rels/document.xml.rels";
    let mut rels = part(&mut zip, rels_name)?.unwrap_or_else(|| {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".into()
    });
    if !rels.contains(COMMENTS_REL) {
        let at = rels
            .rfind("</Relationships>")
            .ok_or_else(|| ProblemKind::Docx(format!("{rels_name}: no </Relationships>")))?;
        rels.insert_str(
            at,
            &format!(
                "<Relationship Id=\"rIdTifaComments\" Type=\"{COMMENTS_REL}\" Target=\"comments.xml\"/>"
            ),
        );
    }
    let replaced = [
        ("word/document.xml", doc),
        ("word/comments.xml", comments_xml),
        ("[Content_Types].xml", types),
        (rels_name, rels),
    ];
    let zerr = |e: zip::result::ZipError| ProblemKind::Docx(e.to_string());
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(zerr)?;
        let name = f.name().map_err(zerr)?.into_owned();
        if replaced.iter().any(|(n, _)| *n == name) {
            continue;
        }
        w.raw_copy_file(f).map_err(zerr)?;
    }
    let opts = zip::write::SimpleFileOptions::default();
    for (name, content) in replaced {
        w.start_file(name, opts).map_err(zerr)?;
        w.write_all(content.as_bytes())?;
    }
    Ok(w.finish().map_err(zerr)?.into_inner())
}

/// The largest `w:id="N"` in a part, if any.
fn max_id(xml: &str) -> Option<u64> {
    xml.match_indices("w:id=\"")
        .filter_map(|(i, m)| {
            let rest = &xml[i + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .max()
}

/// The comments of a DOCX (`word/comments.xml`), each as its paragraphs'
/// text joined by `\n`, in the part's order.
pub fn comments(docx: &[u8]) -> Result<Vec<String>, ProblemKind> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| ProblemKind::Docx(e.to_string()))?;
    let Some(xml) = part(&mut zip, "word/comments.xml")? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<String> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) if e.name().as_ref() == "w:comment" => out.push(String::new()),
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => {
                if let Some(c) = out.last_mut() {
                    c.push('\n');
                }
            }
            Event::Text(t) if in_text => {
                let raw: &str = t.as_ref();
                if let Some(c) = out.last_mut() {
                    c.push_str(&quick_xml::escape::unescape(raw).map_err(xml_err)?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r.as_ref();
                if let Some(c) = out.last_mut() {
                    c.push_str(
                        &quick_xml::escape::unescape(&format!("&{name};")).map_err(xml_err)?,
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.into_iter().map(|c| c.trim_end().to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx_of(body: &str) -> Vec<u8> {
        let base = text_to_docx("x").unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(&base[..])).unwrap();
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).unwrap();
            if f.name().unwrap() != "word/document.xml" {
                w.raw_copy_file(f).unwrap();
            }
        }
        w.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let xml = format!("<w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>");
        w.write_all(xml.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn runs_give_text_with_offsets() {
        let (text, runs) = runs("<w:body><w:p><w:r><w:t>甲“乙</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>丙</w:t></w:r></w:p><w:p><w:r><w:t>丁&amp;”</w:t><w:tab/></w:r></w:p></w:body>").unwrap();
        assert_eq!(text, "甲“乙丙\n丁&”\t\n");
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[1].chars, (3, 4));
        assert_eq!(runs[2].chars, (5, 9));
    }

    #[test]
    fn comments_are_anchored_and_read_back() {
        let d = docx_of(
            "<w:p><w:r><w:t>说“甲</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>乙”。</w:t></w:r></w:p>",
        );
        let c = Comment {
            start: 2,
            end: 4,
            text: "核对\n第二行".into(),
        };
        let out = annotate(&d, &[c], "tifa").unwrap();
        assert_eq!(comments(&out).unwrap(), vec!["核对\n第二行"]);
        let xml = document_xml(&out).unwrap();
        assert!(xml.contains("<w:commentRangeStart w:id=\"0\"/><w:r><w:t>说“甲"));
        assert!(xml.contains("乙”。</w:t></w:r><w:commentRangeEnd w:id=\"0\"/>"));
        assert!(xml.contains("<w:i/>"));
        // The text is unchanged, and a second pass adds comments with new ids.
        assert_eq!(runs(&xml).unwrap().0, "说“甲乙”。\n");
        let again = annotate(
            &out,
            &[Comment {
                start: 0,
                end: 1,
                text: "再".into(),
            }],
            "tifa",
        )
        .unwrap();
        assert_eq!(comments(&again).unwrap(), vec!["核对\n第二行", "再"]);
        assert!(document_xml(&again).unwrap().contains("w:id=\"1\""));
    }

    #[test]
    fn plain_text_becomes_paragraphs() {
        let d = text_to_docx("一“二\n\n三”&<\n").unwrap();
        let (text, _) = runs(&document_xml(&d).unwrap()).unwrap();
        assert_eq!(text, "一“二\n\n三”&<\n");
    }
}
