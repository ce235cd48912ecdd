//! `tifa show ID`: one article (`articles::view`) as text: metadata,
//! outline, clean text with paragraph ids and source lines, flagged asides
//! marked, and its same-work links; with `--json`, `articles::show`.

use super::{json_line, out};
use crate::cli::ShowArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::articles::{Origin, show, view};

pub fn run(lib: &Library, args: &ShowArgs) -> Result<ExitCode> {
    if args.json {
        out(&json_line(&show(lib, &args.id)?)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let v = view(lib, &args.id)?;
    let a = &v.article;
    let mut s = String::new();
    if let Some(l) = &a.lead_in {
        writeln!(s, "{l}")?;
    }
    writeln!(s, "{}", a.title)?;
    if let Some(sub) = &a.subtitle {
        writeln!(s, "  {sub}")?;
    }
    let field = |s: &mut String, label: &str, v: &Option<String>| -> std::fmt::Result {
        match v {
            Some(v) => writeln!(s, "{label}: {v}"),
            None => Ok(()),
        }
    };
    writeln!(s)?;
    writeln!(s, "编号 id: {}", a.id)?;
    field(&mut s, "日期 date", &a.date)?;
    field(&mut s, "印刷日期 printed", &a.date_printed)?;
    field(&mut s, "发表 published", &a.published)?;
    if let Some(span) = &a.span {
        writeln!(s, "摘编时段 excerpts: {} – {}", span.from, span.to)?;
    }
    field(&mut s, "编号 label", &a.label)?;
    field(&mut s, "专题 section", &a.section)?;
    field(&mut s, "来源 source", &a.source)?;
    field(&mut s, "讲话人/作者 speaker", &a.speaker)?;
    field(&mut s, "文号 doc number", &a.doc_number)?;
    writeln!(s, "类型 kind: {}", a.kind)?;
    if !a.edited.is_empty() {
        writeln!(
            s,
            "已修改 edited: {}（tifa edit --reset 可恢复 restore with tifa edit --reset）",
            a.edited.join(", ")
        )?;
    }
    match &a.origin {
        Origin::Record { file, record, .. } => {
            writeln!(s, "出处 origin: {file} 记录 record {record}")?
        }
        Origin::Lines {
            file,
            start_line,
            end_line,
            ..
        } => writeln!(
            s,
            "出处 origin: {file} 第 {}–{} 行 lines",
            start_line.unwrap_or(0),
            end_line.unwrap_or(0)
        )?,
    }
    for l in &v.links {
        writeln!(
            s,
            "同一作品 same work: {} ({}, {:.0}%) {}",
            l.id,
            l.relation,
            l.containment * 100.0,
            l.title
        )?;
    }
    let outline = a.outline.as_array().map(Vec::as_slice).unwrap_or_default();
    if !outline.is_empty() {
        writeln!(s, "\n提纲 outline:")?;
        for o in outline {
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
    for p in &v.passages {
        let lines = if p.first_line > 0 && p.first_line == p.last_line {
            format!(" L{}", p.first_line)
        } else if p.first_line > 0 {
            format!(" L{}–{}", p.first_line, p.last_line)
        } else {
            String::new()
        };
        match (&p.flag, p.paragraph) {
            (Some(f), _) => writeln!(s, "〔{f}{lines}〕{}", p.text)?,
            (None, n) => {
                writeln!(s, "[p{}{lines}] {}", n.unwrap_or(0), p.text)?;
                if let Some(c) = &p.cite {
                    writeln!(s, "      ↳ {c}")?;
                }
            }
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
