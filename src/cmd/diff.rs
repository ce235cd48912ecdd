//! `tifa diff A B`: what changed between two articles (`analysis::diff`):
//! aligned paragraphs with character changes, formulations added and dropped;
//! `--docx` also writes them as a Word report (`tifa_service::docx`).

use super::{json_line, out};
use crate::cli::DiffArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_service::analysis::{DiffOp, DiffParagraph, DiffRequest, diff};
use tifa_service::{Reader, docx};

pub fn run(r: &Reader<'_>, args: &DiffArgs) -> Result<ExitCode> {
    let d = diff(
        r,
        &DiffRequest {
            a: args.a.clone(),
            b: args.b.clone(),
            limit: args.limit,
        },
    )?;
    if let Some(p) = &args.docx {
        docx::save_diff(p, &d)?;
    }
    if args.json {
        out(&json_line(&d)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    if let Some((a, b)) = &d.sides {
        writeln!(
            s,
            "A: {} {} {}\nB: {} {} {}\n",
            a.id,
            a.date.as_deref().unwrap_or("—"),
            a.title,
            b.id,
            b.date.as_deref().unwrap_or("—"),
            b.title
        )?;
    }
    let unchanged = |p: &DiffParagraph| p.changes.iter().all(|c| matches!(c, DiffOp::Equal(_)));
    let same = d.paragraphs.iter().filter(|p| unchanged(p)).count();
    writeln!(
        s,
        "段落 paragraphs: {} 对齐 aligned, {same} 未变 unchanged\n",
        d.paragraphs.len()
    )?;
    for p in d.paragraphs.iter().filter(|p| !unchanged(p)) {
        let at = |i: Option<usize>| i.map_or("—".to_string(), |i| format!("p{i}"));
        write!(s, "[{} → {}] ", at(p.a), at(p.b))?;
        for c in &p.changes {
            match c {
                DiffOp::Equal(t) => s.push_str(t),
                DiffOp::Insert(t) => write!(s, "【+{t}】")?,
                DiffOp::Delete(t) => write!(s, "【-{t}】")?,
            }
        }
        s.push_str("\n\n");
    }
    for (label, v) in [
        ("新增提法 added", &d.added),
        ("删去提法 dropped", &d.dropped),
    ] {
        let items: Vec<String> = v
            .iter()
            .map(|f| format!("{}×{}", f.formulation, f.count))
            .collect();
        writeln!(s, "{label}: {}", items.join("  "))?;
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
