//! `tifa diff A B`: what changed between two articles (`analysis::diff`): a
//! summary first (sentence counts, targets side by side for two work reports,
//! formulations added and dropped with a sentence of context), then every
//! sentence row that changed (word-level 【+新增】【-删去】, moved, added,
//! dropped); `--docx` writes a Word report (`tifa_service::docx`), `--html` a
//! side-by-side page (`tifa_service::diffhtml`).

use super::{json_line, out};
use crate::cli::DiffArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_service::analysis::{DiffOp, DiffRequest, RowKind, diff, indicator_label};
use tifa_service::docx::{row_label, summary_line};
use tifa_service::{Reader, diffhtml, docx};

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
    if let Some(p) = &args.html {
        diffhtml::save_diff_html(p, &d)?;
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
    writeln!(s, "{}\n", summary_line(&d))?;
    if !d.targets.is_empty() {
        writeln!(s, "主要预期目标 targets (A | B):")?;
        for t in &d.targets {
            let mark = if t.a != t.b { "*" } else { " " };
            writeln!(
                s,
                " {mark} {}: {} | {}",
                indicator_label(&t.indicator),
                t.a.as_deref().unwrap_or("—"),
                t.b.as_deref().unwrap_or("—")
            )?;
        }
        s.push('\n');
    }
    for (label, v) in [
        ("新增提法 added", &d.added),
        ("删去提法 dropped", &d.dropped),
    ] {
        writeln!(s, "{label}:")?;
        for f in v {
            writeln!(s, "  {}×{}  “{}”", f.formulation, f.count, f.context)?;
        }
        s.push('\n');
    }
    for p in d.rows.iter().filter(|p| p.kind != RowKind::Same) {
        write!(s, "[{}] ", row_label(p))?;
        for c in &p.changes {
            match c {
                DiffOp::Equal(t) => s.push_str(t),
                DiffOp::Insert(t) => write!(s, "【+{t}】")?,
                DiffOp::Delete(t) => write!(s, "【-{t}】")?,
            }
        }
        s.push_str("\n\n");
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
