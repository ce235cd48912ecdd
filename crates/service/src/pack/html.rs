//! A pack as one self-contained, printable HTML file: cover, 目录 with
//! anchors grouped by 专题, each item on a new printed page with its label,
//! title, subtitle, source-and-date line and speaker, the text with outline
//! headings by level and asides boxed, then 资料来源.
//!
//! Key decision: no external resource of any kind (inline CSS, system CJK
//! fonts named with fallbacks, no script), so the file opens and prints the
//! same offline; `@page` sets A4 with the GB/T 9704 margins and the browser's
//! print dialog gives the PDF. Every text goes through `tifa_text::xml::escape`.

use super::{Block, Pack, PackItem};
use std::fmt::Write as _;
use tifa_text::xml::escape;

const CSS: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; color: #000; max-width: 156mm; margin: 0 auto; padding: 1em; }
h1, h2, .title { font-family: "方正小标宋简体", "小标宋", "宋体", SimSun, "Noto Serif CJK SC", serif; font-weight: normal; font-size: 22pt; line-height: 35pt; text-align: center; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; }
.cover .title { margin-bottom: 40mm; }
.cover p, .kai { font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; text-align: center; text-indent: 0; margin: 0; }
nav h1, section > h1 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; }
nav ol { list-style: none; padding: 0; }
nav li { margin: 0; }
nav ol ol { padding-left: 2em; }
nav a { color: inherit; text-decoration: none; }
nav a:hover { text-decoration: underline; }
.page { break-before: page; page-break-before: always; }
.label { font-family: "黑体", SimHei, sans-serif; text-indent: 0; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.h1 { font-family: "黑体", SimHei, sans-serif; }
p.h2 { font-family: "楷体_GB2312", "楷体", KaiTi, serif; }
p.h3 { font-weight: bold; }
.aside { border: 1px solid #888; background: #f2f2f2; padding: 0.3em 0.6em; margin: 0.5em 0; font-family: "楷体_GB2312", "楷体", KaiTi, serif; font-size: 14pt; line-height: 24pt; }
.citation { font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; text-align: right; text-indent: 0; }
.note { font-family: "楷体_GB2312", "楷体", KaiTi, serif; }
.sources p { text-indent: -2em; padding-left: 2em; font-size: 14pt; }
@media screen { .page { border-top: 1px dashed #bbb; margin-top: 2em; padding-top: 2em; } }
"#;

/// The anchor of section `i` (from 1).
fn section_anchor(i: usize) -> String {
    format!("section-{i}")
}

/// The anchor of item number `n`.
fn item_anchor(n: usize) -> String {
    format!("item-{n}")
}

fn item(s: &mut String, it: &PackItem, new_page: bool) {
    let _ = write!(
        s,
        r#"<article id="{}" data-id="{}"{}>"#,
        item_anchor(it.number),
        escape(&it.id.0),
        if new_page { r#" class="page""# } else { "" }
    );
    let _ = write!(s, r#"<p class="label">{}</p>"#, escape(&it.label));
    if let Some(l) = &it.lead_in {
        let _ = write!(s, r#"<p class="kai lead-in">{}</p>"#, escape(l));
    }
    let _ = write!(s, "<h2>{}</h2>", escape(&it.title));
    if let Some(x) = &it.subtitle {
        let _ = write!(s, r#"<p class="kai subtitle">{}</p>"#, escape(x));
    }
    if let Some(x) = it.source_line() {
        let _ = write!(s, r#"<p class="kai source">{}</p>"#, escape(&x));
    }
    if let Some(x) = &it.speaker {
        let _ = write!(s, r#"<p class="kai speaker">{}</p>"#, escape(x));
    }
    if let Some(x) = &it.note {
        let _ = write!(s, r#"<p class="note">{}</p>"#, escape(x));
    }
    s.push_str(r#"<div class="text">"#);
    for b in &it.blocks {
        match b {
            Block::Heading { level, text } => {
                let _ = write!(
                    s,
                    r#"<p class="para h{}">{}</p>"#,
                    (*level).clamp(1, 3),
                    escape(text)
                );
            }
            Block::Para { text } => {
                let _ = write!(s, r#"<p class="para">{}</p>"#, escape(text));
            }
            Block::Aside { flag, text } if flag == "citation" => {
                let _ = write!(s, r#"<p class="citation">{}</p>"#, escape(text));
            }
            Block::Aside { flag, text } => {
                let _ = write!(
                    s,
                    r#"<aside class="aside" data-flag="{}">{}</aside>"#,
                    escape(flag),
                    escape(text)
                );
            }
        }
    }
    s.push_str("</div></article>\n");
}

/// The pack as an HTML document.
pub fn write(pack: &Pack) -> String {
    let mut s = String::new();
    let title = escape(&pack.cover.title);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"generator\" content=\"tifa\"><title>{title}</title><style>{CSS}</style></head><body>\n"
    );
    let _ = write!(s, r#"<header class="cover"><h1 class="title">{title}</h1>"#);
    if let Some(b) = &pack.cover.body {
        let _ = write!(s, r#"<p class="body">{}</p>"#, escape(b));
    }
    if let Some(d) = &pack.cover.date {
        let _ = write!(s, r#"<p class="date">{}</p>"#, escape(d));
    }
    s.push_str("</header>\n<nav class=\"page toc\"><h1>目　录</h1><ol>");
    for (i, sec) in pack.sections.iter().enumerate() {
        let _ = write!(
            s,
            "<li><a href=\"#{}\">{}</a><ol>",
            section_anchor(i + 1),
            escape(&sec.heading)
        );
        for it in &sec.items {
            let _ = write!(
                s,
                "<li><a href=\"#{}\">{}　{}</a></li>",
                item_anchor(it.number),
                escape(&it.label),
                escape(&it.title)
            );
        }
        s.push_str("</ol></li>");
    }
    s.push_str("<li><a href=\"#sources\">资料来源</a></li></ol></nav>\n");
    for (i, sec) in pack.sections.iter().enumerate() {
        let _ = write!(
            s,
            r#"<section id="{}" class="page"><h1>{}</h1>"#,
            section_anchor(i + 1),
            escape(&sec.heading)
        );
        if let Some(n) = &sec.note {
            let _ = write!(s, r#"<p class="note">{}</p>"#, escape(n));
        }
        for (j, it) in sec.items.iter().enumerate() {
            item(&mut s, it, j > 0);
        }
        s.push_str("</section>\n");
    }
    s.push_str(r#"<section id="sources" class="page sources"><h1>资料来源</h1>"#);
    for e in &pack.sources {
        let mut line = format!("{}　{}", escape(&e.label), escape(&e.title));
        for part in [&e.source, &e.date].into_iter().flatten() {
            line.push('，');
            line.push_str(&escape(part));
        }
        let _ = write!(line, "（<code>{}</code>）", escape(&e.id.0));
        let _ = write!(s, "<p>{line}</p>");
    }
    s.push_str("</section>\n</body></html>\n");
    s
}
