//! `tifa show ID`: one article's metadata, outline, clean text with
//! paragraph ids and source lines, flagged asides marked, and its same-work links.

use super::out;
use crate::cli::ShowArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_library::Library;

pub fn run(lib: &Library, args: &ShowArgs) -> Result<ExitCode> {
    let row = lib.get(&args.id)?;
    if args.json {
        out(&format!(
            "{}\n",
            super::export::article_json(lib, &row, true)?
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    if let Some(l) = &row.lead_in {
        writeln!(s, "{l}")?;
    }
    writeln!(s, "{}", row.title)?;
    if let Some(sub) = &row.subtitle {
        writeln!(s, "  {sub}")?;
    }
    let field = |s: &mut String, label: &str, v: &Option<String>| -> std::fmt::Result {
        match v {
            Some(v) => writeln!(s, "{label}: {v}"),
            None => Ok(()),
        }
    };
    writeln!(s)?;
    writeln!(s, "编号 id: {}", row.id)?;
    field(&mut s, "日期 date", &row.date)?;
    field(&mut s, "印刷日期 printed", &row.date_printed)?;
    field(&mut s, "发表 published", &row.published)?;
    if let Some((a, b)) = &row.span {
        writeln!(s, "摘编时段 excerpts: {a} – {b}")?;
    }
    field(&mut s, "编号 label", &row.label)?;
    field(&mut s, "专题 section", &row.section)?;
    field(&mut s, "来源 source", &row.source)?;
    field(&mut s, "讲话人/作者 speaker", &row.speaker)?;
    field(&mut s, "文号 doc number", &row.doc_number)?;
    writeln!(s, "类型 kind: {}", row.kind)?;
    if !row.edited.is_empty() {
        let e: Vec<&str> = row.edited.iter().map(|f| f.as_str()).collect();
        writeln!(
            s,
            "已修改 edited: {}（tifa edit --reset 可恢复 restore with tifa edit --reset）",
            e.join(", ")
        )?;
    }
    match row.record {
        Some(n) => writeln!(s, "出处 origin: {} 记录 record {n}", row.file_name)?,
        None => writeln!(
            s,
            "出处 origin: {} 第 {}–{} 行 lines",
            row.file_name,
            row.start_line.unwrap_or(0),
            row.end_line.unwrap_or(0)
        )?,
    }
    for l in lib.links(&row.id)? {
        let other = lib.get(&l.other.0)?;
        writeln!(
            s,
            "同一作品 same work: {} ({}, {:.0}%) {}",
            l.other,
            l.relation.as_str(),
            l.containment * 100.0,
            other.title
        )?;
    }
    let outline: Vec<serde_json::Value> = serde_json::from_str(&row.outline).unwrap_or_default();
    if !outline.is_empty() {
        writeln!(s, "\n提纲 outline:")?;
        for o in &outline {
            let level = o["level"].as_u64().unwrap_or(1) as usize;
            writeln!(
                s,
                "{}{}  [p{}]",
                "  ".repeat(level),
                o["text"].as_str().unwrap_or(""),
                o["paragraph"]
            )?;
        }
    }
    writeln!(s, "\n正文 text:")?;
    let mut body = 0;
    for p in lib.paragraphs(&row.id)? {
        let lines = if p.first_line > 0 && p.first_line == p.last_line {
            format!(" L{}", p.first_line)
        } else if p.first_line > 0 {
            format!(" L{}–{}", p.first_line, p.last_line)
        } else {
            String::new()
        };
        match &p.flag {
            Some(f) => writeln!(s, "〔{f}{lines}〕{}", p.text)?,
            None => {
                writeln!(s, "[p{body}{lines}] {}", p.text)?;
                if let Some(c) = &p.cite {
                    writeln!(s, "      ↳ {c}")?;
                }
                body += 1;
            }
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
