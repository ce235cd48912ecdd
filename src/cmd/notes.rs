//! `tifa notes TERM...`: 热词学习笔记 (`notes::notes`) printed as Markdown,
//! as JSON with `--json`, or written with `-o` in the format its extension
//! names (.md, .html, .docx, .pdf).

use super::{json_line, out};
use crate::cli::NotesArgs;
use anyhow::{Context, Result};
use std::process::ExitCode;
use tifa_service::Reader;
use tifa_service::notes::{self, NotesRequest};

pub fn run(r: &Reader<'_>, args: &NotesArgs) -> Result<ExitCode> {
    // Check the output format before the work.
    let ext = args.output.as_ref().map(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase()
    });
    if let Some(e) = &ext
        && !matches!(
            e.as_str(),
            "md" | "markdown" | "html" | "htm" | "docx" | "pdf"
        )
    {
        super::usage!(
            "不支持的输出格式 unsupported output format “.{e}”: use .md, .html, .docx or .pdf"
        );
    }
    let n = notes::notes(
        r,
        &NotesRequest {
            terms: args.terms.clone(),
            from: args.from.clone(),
            per_term: args.per_term,
            filter: args.filter.spec(),
        },
    )?;
    if let (Some(path), Some(e)) = (&args.output, &ext) {
        let bytes = match e.as_str() {
            "html" | "htm" => notes::html(&n).into_bytes(),
            "docx" => notes::docx(&n)?,
            "pdf" => notes::pdf(&n)?,
            _ => notes::markdown(&n).into_bytes(),
        };
        std::fs::write(path, bytes).with_context(|| format!("写入 write {}", path.display()))?;
        if !args.json {
            eprintln!("已写入 wrote {}", path.display());
        }
    }
    if args.json {
        out(&json_line(&n)?)?;
    } else if args.output.is_none() {
        out(&notes::markdown(&n))?;
    }
    Ok(ExitCode::SUCCESS)
}
