//! A Word report of `diff` (`tifa diff A B --docx FILE`): a summary (the two
//! articles, sentences same, changed, moved, added and dropped, formulations
//! added and dropped, targets side by side for two work reports), then every
//! row with a change as one paragraph of B with A's text marked as Word
//! revisions.
//!
//! Key decision: changes are real tracked changes (`w:ins` / `w:del`,
//! author “tifa”), not colours: a word processor shows them in its revision
//! colours, and accepting them leaves article B's paragraphs, rejecting them
//! article A's. The package is three small XML parts written with `zip` (WordprocessingML
//! needs no styles part); text is escaped and characters XML forbids dropped.

use crate::analysis::{DiffOp, DiffResult, DiffRow, RowKind, indicator_label};
use crate::{Result, ServiceError};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use tifa_text::xml::escape;

pub(crate) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

pub(crate) const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The WordprocessingML body being written, with the next revision id.
struct Body {
    xml: String,
    revision: usize,
}

impl Body {
    /// A paragraph of plain runs; `bold` for headings, `size` in half-points.
    fn para(&mut self, text: &str, bold: bool, size: usize) {
        let b = if bold { "<w:b/>" } else { "" };
        let _ = write!(
            self.xml,
            r#"<w:p><w:r><w:rPr>{b}<w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            escape(text)
        );
    }

    /// A paragraph of the changes: equal text plain, insertions and deletions tracked.
    fn changes(&mut self, ops: &[DiffOp]) {
        self.xml.push_str("<w:p>");
        for op in ops {
            match op {
                DiffOp::Equal(t) => {
                    let _ = write!(
                        self.xml,
                        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                        escape(t)
                    );
                }
                DiffOp::Insert(t) => {
                    self.revision += 1;
                    let _ = write!(
                        self.xml,
                        r#"<w:ins w:id="{}" w:author="tifa"><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:ins>"#,
                        self.revision,
                        escape(t)
                    );
                }
                DiffOp::Delete(t) => {
                    self.revision += 1;
                    let _ = write!(
                        self.xml,
                        r#"<w:del w:id="{}" w:author="tifa"><w:r><w:delText xml:space="preserve">{}</w:delText></w:r></w:del>"#,
                        self.revision,
                        escape(t)
                    );
                }
            }
        }
        self.xml.push_str("</w:p>");
    }
}

/// The report as DOCX bytes.
fn diff_report(d: &DiffResult) -> std::io::Result<Vec<u8>> {
    let mut body = Body {
        xml: String::new(),
        revision: 0,
    };
    body.para("比较 Comparison", true, 36);
    if let Some((a, b)) = &d.sides {
        for (label, s) in [("A", a), ("B", b)] {
            body.para(
                &format!(
                    "{label}: {} {} {}",
                    s.id,
                    s.date.as_deref().unwrap_or("—"),
                    s.title
                ),
                false,
                24,
            );
        }
    }
    body.para(&summary_line(d), false, 24);
    for (label, v) in [
        ("新增提法 added", &d.added),
        ("删去提法 dropped", &d.dropped),
    ] {
        let items: Vec<String> = v
            .iter()
            .map(|f| format!("{}×{}", f.formulation, f.count))
            .collect();
        body.para(&format!("{label}: {}", items.join("  ")), false, 24);
    }
    if !d.targets.is_empty() {
        body.para("主要预期目标 Targets (A | B)", true, 28);
        for t in &d.targets {
            body.para(
                &format!(
                    "{}: {} | {}",
                    indicator_label(&t.indicator),
                    t.a.as_deref().unwrap_or("—"),
                    t.b.as_deref().unwrap_or("—")
                ),
                false,
                22,
            );
        }
    }
    body.para("修改 Changes (A → B)", true, 28);
    for p in d
        .rows
        .iter()
        .filter(|p| !p.changes.iter().all(|c| matches!(c, DiffOp::Equal(_))))
    {
        body.para(&row_label(p), true, 20);
        body.changes(&p.changes);
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        body.xml
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, opts)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The counts of a diff in one line: sentences same, changed, moved, added, dropped.
pub fn summary_line(d: &DiffResult) -> String {
    format!(
        "句子 sentences: {} 未变 same, {} 修改 changed, {} 移动 moved, {} 新增 added, {} 删去 dropped",
        d.same, d.changed, d.moved, d.added_sentences, d.dropped_sentences
    )
}

/// A row's heading: its kind and the sentence and paragraph numbers on each side.
pub fn row_label(p: &DiffRow) -> String {
    let at = |s: Option<usize>, para: Option<usize>| match (s, para) {
        (Some(s), Some(para)) => format!("句{s} ¶{para}"),
        _ => "—".to_string(),
    };
    let kind = match p.kind {
        RowKind::Same => "未变 same",
        RowKind::Changed => "修改 changed",
        RowKind::Moved => "移动 moved",
        RowKind::Added => "新增 added",
        RowKind::Dropped => "删去 dropped",
    };
    format!(
        "{kind}: A {} → B {} ({:.2})",
        at(p.a, p.a_paragraph),
        at(p.b, p.b_paragraph),
        p.similarity
    )
}

/// Write the report of `d` to `path`.
pub fn save_diff(path: &Path, d: &DiffResult) -> Result<()> {
    diff_report(d)
        .and_then(|bytes| std::fs::write(path, bytes))
        .map_err(|source| ServiceError::Io {
            path: path.display().to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
    }
}
