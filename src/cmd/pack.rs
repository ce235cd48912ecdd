//! `tifa pack`: a study pack (学习材料汇编) from a plan file or a query
//! (`tifa_service::pack`), written as DOCX or HTML; `--json` prints the
//! resolved pack. The format comes from `--format` or the output file's
//! extension, checked before the library is read, so a bad name writes
//! nothing and costs nothing.

use super::{json_line, out, usage};
use crate::cli::{PackArgs, PackFormatArg};
use anyhow::Result;
use std::process::ExitCode;
use tifa_service::Reader;
use tifa_service::pack::{self, PackFormat, PackPlan};

pub fn run(r: &Reader<'_>, args: &PackArgs) -> Result<ExitCode> {
    let format = match (&args.output, args.format) {
        (_, Some(f)) => Some(match f {
            PackFormatArg::Docx => PackFormat::Docx,
            PackFormatArg::Html => PackFormat::Html,
            PackFormatArg::Pdf => PackFormat::Pdf,
        }),
        (Some(p), None) => Some(PackFormat::from_path(p)?),
        (None, None) => None,
    };
    if args.output.is_none() && !args.json {
        usage!("缺少输出文件 give an output file: -o OUT.docx (or .html), or --json");
    }
    if args.plan.is_some() && (args.date.is_some() || args.limit.is_some()) {
        usage!(
            "--date、-n 只用于 --query: --date and -n shape a --query pack; put them in the plan's items"
        );
    }
    let mut plan = match (&args.plan, &args.query) {
        (Some(p), _) => PackPlan::read(p)?,
        (None, Some(q)) => PackPlan::from_query(
            q,
            &args
                .title
                .clone()
                .unwrap_or_else(|| format!("{q}学习材料汇编")),
            args.date.as_deref(),
            args.limit.unwrap_or(pack::DEFAULT_LIMIT),
        ),
        (None, None) => usage!("给出汇编方案或 --query give a plan file or --query"),
    };
    if let Some(t) = &args.title {
        plan.title = t.clone();
    }
    if args.body.is_some() {
        plan.body = args.body.clone();
    }
    if args.cover_date.is_some() {
        plan.date = args.cover_date.clone();
    }
    let p = pack::build_pack(r, &plan)?;
    if let (Some(path), Some(format)) = (&args.output, format) {
        pack::save(&p, format, path)?;
        eprintln!(
            "已写出 wrote {}: {} 专题 sections, {} 篇 items, {} 段 paragraphs{}",
            path.display(),
            p.sections.len(),
            p.items().count(),
            p.paragraph_count(),
            if p.skipped.is_empty() {
                String::new()
            } else {
                format!(
                    "; 同一作品已收录，略去 skipped as a work already in the pack: {}",
                    p.skipped
                        .iter()
                        .map(|s| format!("{} (= {})", s.id, s.same_work_as))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
    }
    if args.json {
        out(&json_line(&p)?)?;
    }
    Ok(ExitCode::SUCCESS)
}
