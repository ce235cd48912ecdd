//! DOCX: the paragraphs of `word/document.xml`, one line each, read with
//! `zip` and `quick-xml`; `w:tab` becomes a tab and `w:br` a line break.

use crate::error::ProblemKind;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// Lines of text of a DOCX file.
pub fn lines(bytes: &[u8]) -> Result<Vec<String>, ProblemKind> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ProblemKind::Docx(e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ProblemKind::Docx("no word/document.xml".into()))?
        .read_to_string(&mut xml)
        .map_err(|e| ProblemKind::Docx(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == "w:t" => in_text = true,
            Ok(Event::End(e)) if e.name().as_ref() == "w:t" => in_text = false,
            Ok(Event::End(e)) if e.name().as_ref() == "w:p" => out.push(std::mem::take(&mut line)),
            Ok(Event::Empty(e)) => match e.name().as_ref() {
                "w:tab" => line.push('\t'),
                "w:br" | "w:cr" => out.push(std::mem::take(&mut line)),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let raw: &str = t.as_ref();
                line.push_str(
                    &quick_xml::escape::unescape(raw)
                        .map_err(|e| ProblemKind::Docx(e.to_string()))?,
                );
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name: &str = r.as_ref();
                let entity = format!("&{name};");
                line.push_str(
                    &quick_xml::escape::unescape(&entity)
                        .map_err(|e| ProblemKind::Docx(e.to_string()))?,
                );
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(ProblemKind::Docx(format!(
                    "XML error at byte {}: {e}",
                    reader.error_position()
                )));
            }
            _ => {}
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.iter().all(|l| l.trim().is_empty()) {
        return Err(ProblemKind::NoText);
    }
    Ok(out)
}
