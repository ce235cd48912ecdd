//! A pack as a Word document, styled after GB/T 9704 practice: A4 with
//! margins 37/35/28/26 mm, body 仿宋 3号 (16 pt) on a fixed 28-pt line with a
//! two-character first-line indent, titles 小标宋 2号, outline headings 黑体 /
//! 楷体 / 仿宋 bold by level, source lines 楷体, page numbers “— 1 —”.
//!
//! Key decision: the WordprocessingML is written by hand and zipped with
//! `zip`, like `diff --docx`. What a pack needs is mostly styles and fields —
//! East-Asian font slots (`w:eastAsia`) with a font table of fallbacks
//! (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋), real `Heading 1`/`Heading 2`
//! styles, a `TOC \o "1-2" \h \z \u` field pre-filled with its entries (so
//! the 目录 reads before Word updates it; `w:updateFields` asks Word to),
//! a `PAGE` field in the footer — seven small parts in all; a DOCX crate
//! would add a dependency tree for the same strings.

use super::{Block, Pack, PackItem};
use std::fmt::Write as _;
use std::io::Write as _;
use tifa_text::xml::escape;

/// Title font and its fallback (小标宋).
const TITLE_FONT: &str = "方正小标宋简体";
/// Body font (仿宋).
const BODY_FONT: &str = "仿宋_GB2312";
/// Level-1 heading font.
const HEI: &str = "黑体";
/// Level-2 heading and source-line font.
const KAI: &str = "楷体_GB2312";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:updateFields w:val="true"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/></w:font><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font><w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/></w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/></w:font></w:fonts>"#;

/// The footer: — PAGE — centred, 宋体 4号.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#;

/// Run properties with every font slot set: Latin text in Times New Roman,
/// Han characters in `ea`; `size` in half-points.
fn fonts(ea: &str, size: usize, bold: bool) -> String {
    format!(
        r#"<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{ea}" w:cs="Times New Roman"/>{}<w:kern w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>"#,
        if bold { "<w:b/><w:bCs/>" } else { "" }
    )
}

/// A paragraph style.
fn style(id: &str, name: &str, ppr: &str, ea: &str, size: usize, bold: bool) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr>{}</w:style>"#,
        fonts(ea, size, bold)
    )
}

/// Fixed 28-pt lines (560 twips).
const LINE: &str = r#"<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>"#;
/// Centred, no first-line indent.
const CENTER: &str = r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#;

fn styles() -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    let _ = write!(
        s,
        r#"<w:docDefaults><w:rPrDefault>{}</w:rPrDefault><w:pPrDefault><w:pPr>{LINE}</w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts(BODY_FONT, 32, false).replace(
            "</w:rPr>",
            r#"<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>"#
        )
    );
    let _ = write!(
        s,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr>{LINE}<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>{}</w:style>"#,
        fonts(BODY_FONT, 32, false)
    );
    // The cover title and the item titles: 小标宋 2号.
    let title_ppr =
        format!(r#"<w:spacing w:before="0" w:after="0" w:line="700" w:lineRule="exact"/>{CENTER}"#);
    s += &style("Title", "Title", &title_ppr, TITLE_FONT, 44, false);
    // 专题: Heading 1, 黑体 2号, on a new page.
    s += &style(
        "Heading1",
        "heading 1",
        &format!(
            r#"<w:keepNext/><w:pageBreakBefore/><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/>{CENTER}<w:outlineLvl w:val="0"/>"#
        ),
        HEI,
        44,
        false,
    );
    // Item title: Heading 2, 小标宋 2号.
    s += &style(
        "Heading2",
        "heading 2",
        &format!(
            r#"<w:keepNext/><w:spacing w:before="280" w:after="280" w:line="700" w:lineRule="exact"/>{CENTER}<w:outlineLvl w:val="1"/>"#
        ),
        TITLE_FONT,
        44,
        false,
    );
    s += &style(
        "Label",
        "Pack Label",
        r#"<w:keepNext/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/>"#,
        HEI,
        32,
        false,
    );
    for (id, name) in [
        ("Subtitle", "Subtitle"),
        ("LeadIn", "Pack Lead-in"),
        ("Source", "Pack Source"),
        ("Speaker", "Pack Speaker"),
        ("CoverBody", "Pack Cover Line"),
    ] {
        s += &style(id, name, &format!("<w:keepNext/>{CENTER}"), KAI, 32, false);
    }
    s += &style("Note", "Pack Note", "", KAI, 32, false);
    s += &style(
        "Citation",
        "Pack Citation",
        r#"<w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#,
        KAI,
        32,
        false,
    );
    // Outline headings inside a text: 黑体, 楷体, 仿宋 bold.
    s += &style(
        "Outline1",
        "Pack Outline 1",
        "<w:keepNext/>",
        HEI,
        32,
        false,
    );
    s += &style(
        "Outline2",
        "Pack Outline 2",
        "<w:keepNext/>",
        KAI,
        32,
        false,
    );
    s += &style(
        "Outline3",
        "Pack Outline 3",
        "<w:keepNext/>",
        BODY_FONT,
        32,
        true,
    );
    s += &style(
        "Aside",
        "Pack Aside",
        r#"<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="4" w:color="808080"/><w:bottom w:val="single" w:sz="4" w:space="4" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:spacing w:before="120" w:after="120" w:line="480" w:lineRule="exact"/>"#,
        KAI,
        28,
        false,
    );
    s += &style(
        "TOCHeading",
        "TOC Heading",
        &format!(
            r#"<w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/>{CENTER}"#
        ),
        HEI,
        44,
        false,
    );
    s += &style(
        "TOC1",
        "toc 1",
        r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8834"/></w:tabs><w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        HEI,
        32,
        false,
    );
    s += &style(
        "TOC2",
        "toc 2",
        r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8834"/></w:tabs><w:ind w:left="640" w:firstLine="0" w:firstLineChars="0"/>"#,
        BODY_FONT,
        32,
        false,
    );
    s += &style(
        "SourceEntry",
        "Pack Source Entry",
        r#"<w:ind w:left="640" w:hanging="640" w:firstLineChars="0"/>"#,
        BODY_FONT,
        28,
        false,
    );
    s += &style("Footer", "footer", CENTER, "宋体", 28, false);
    s += r#"<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/></w:style></w:styles>"#;
    s
}

/// The document body being written.
struct Doc {
    xml: String,
    bookmark: usize,
}

impl Doc {
    /// A paragraph of style `style` (Normal when `None`) holding `text`;
    /// line breaks inside `text` become `w:br`.
    fn para(&mut self, style: Option<&str>, extra_ppr: &str, text: &str) {
        self.xml.push_str("<w:p>");
        if style.is_some() || !extra_ppr.is_empty() {
            self.xml.push_str("<w:pPr>");
            if let Some(s) = style {
                let _ = write!(self.xml, r#"<w:pStyle w:val="{s}"/>"#);
            }
            self.xml.push_str(extra_ppr);
            self.xml.push_str("</w:pPr>");
        }
        self.runs(text);
        self.xml.push_str("</w:p>");
    }

    fn runs(&mut self, text: &str) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.xml.push_str("<w:r><w:br/></w:r>");
            }
            let _ = write!(
                self.xml,
                r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(line)
            );
        }
    }

    /// A heading with a bookmark the 目录 links to.
    fn heading(&mut self, style: &str, extra_ppr: &str, anchor: &str, text: &str) {
        self.bookmark += 1;
        let _ = write!(
            self.xml,
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr><w:bookmarkStart w:id="{}" w:name="{anchor}"/>"#,
            self.bookmark
        );
        self.runs(text);
        let _ = write!(
            self.xml,
            r#"<w:bookmarkEnd w:id="{}"/></w:p>"#,
            self.bookmark
        );
    }

    /// A 目录 entry linking to `anchor`.
    fn toc_entry(&mut self, style: &str, anchor: &str, text: &str, field: &str) {
        let _ = write!(
            self.xml,
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{field}<w:hyperlink w:anchor="{anchor}" w:history="1">"#
        );
        self.runs(text);
        self.xml.push_str("</w:hyperlink></w:p>");
    }
}

/// The anchor of section `i` (from 1).
fn section_anchor(i: usize) -> String {
    format!("_Toc_section{i}")
}

/// The anchor of item number `n`.
fn item_anchor(n: usize) -> String {
    format!("_Toc_item{n}")
}

fn item(doc: &mut Doc, it: &PackItem, new_page: bool) {
    let brk = if new_page { "<w:pageBreakBefore/>" } else { "" };
    doc.para(Some("Label"), brk, &it.label);
    if let Some(l) = &it.lead_in {
        doc.para(Some("LeadIn"), "", l);
    }
    doc.heading("Heading2", "", &item_anchor(it.number), &it.title);
    if let Some(s) = &it.subtitle {
        doc.para(Some("Subtitle"), "", s);
    }
    if let Some(line) = it.source_line() {
        doc.para(Some("Source"), "", &line);
    }
    if let Some(s) = &it.speaker {
        doc.para(Some("Speaker"), "", s);
    }
    if let Some(n) = &it.note {
        doc.para(Some("Note"), "", n);
    }
    for b in &it.blocks {
        match b {
            Block::Heading { level, text } => {
                let s = format!("Outline{}", (*level).clamp(1, 3));
                doc.para(Some(&s), "", text);
            }
            Block::Para { text } => doc.para(None, "", text),
            Block::Aside { flag, text } if flag == "citation" => {
                doc.para(Some("Citation"), "", text)
            }
            Block::Aside { text, .. } => doc.para(Some("Aside"), "", text),
        }
    }
}

fn document(pack: &Pack) -> String {
    let mut doc = Doc {
        xml: String::new(),
        bookmark: 0,
    };
    // Cover.
    doc.para(
        Some("Title"),
        r#"<w:spacing w:before="4200" w:after="1200"/>"#,
        &pack.cover.title,
    );
    if let Some(b) = &pack.cover.body {
        doc.para(Some("CoverBody"), r#"<w:spacing w:before="2400"/>"#, b);
    }
    if let Some(d) = &pack.cover.date {
        doc.para(Some("CoverBody"), "", d);
    }
    // 目录: a TOC field pre-filled with its entries.
    doc.para(Some("TOCHeading"), "<w:pageBreakBefore/>", "目　录");
    let mut field = String::from(
        r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
    );
    for (i, s) in pack.sections.iter().enumerate() {
        doc.toc_entry("TOC1", &section_anchor(i + 1), &s.heading, &field);
        field.clear();
        for it in &s.items {
            doc.toc_entry(
                "TOC2",
                &item_anchor(it.number),
                &format!("{}　{}", it.label, it.title),
                "",
            );
        }
    }
    doc.toc_entry("TOC1", "_Toc_sources", "资料来源", &field);
    doc.xml
        .push_str(r#"<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#);
    // Sections and items.
    for (i, s) in pack.sections.iter().enumerate() {
        doc.heading("Heading1", "", &section_anchor(i + 1), &s.heading);
        if let Some(n) = &s.note {
            doc.para(Some("Note"), "", n);
        }
        for (j, it) in s.items.iter().enumerate() {
            item(&mut doc, it, j > 0);
        }
    }
    // 资料来源.
    doc.heading("Heading1", "", "_Toc_sources", "资料来源");
    for e in &pack.sources {
        let mut line = format!("{}　{}", e.label, e.title);
        for part in [&e.source, &e.date].into_iter().flatten() {
            line.push('，');
            line.push_str(part);
        }
        let _ = write!(line, "（{}）", e.id);
        doc.para(Some("SourceEntry"), "", &line);
    }
    // A4; margins 37/35/28/26 mm; the cover has no page number.
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}<w:sectPr><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1134" w:gutter="0"/><w:titlePg/><w:docGrid w:type="lines" w:linePitch="560"/></w:sectPr></w:body></w:document>"#,
        doc.xml
    )
}

fn core(pack: &Pack) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>{}</dc:creator></cp:coreProperties>"#,
        escape(&pack.cover.title),
        escape(pack.cover.body.as_deref().unwrap_or("tifa"))
    )
}

/// The pack as DOCX bytes.
pub fn write(pack: &Pack) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let (styles, document, core) = (styles(), document(pack), core(pack));
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/document.xml", document.as_str()),
        ("word/styles.xml", styles.as_str()),
        ("word/settings.xml", SETTINGS),
        ("word/fontTable.xml", FONT_TABLE),
        ("word/footer1.xml", FOOTER),
        ("docProps/core.xml", core.as_str()),
    ] {
        zip.start_file(name, opts)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
