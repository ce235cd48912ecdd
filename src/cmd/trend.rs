//! `tifa trend TERM...`: per-period frequency of formulations
//! (`analysis::trend`), as a table, JSON lines, and optionally a chart
//! (`analysis::trend_svg`, rasterised for `.png`).

use super::{json_line, out};
use crate::cli::TrendArgs;
use crate::table;
use anyhow::{Context, Result};
use std::process::ExitCode;
use tifa_service::analysis::{TrendRequest, trend, trend_svg};
use tifa_service::{Reader, xlsx};

pub fn run(r: &Reader<'_>, args: &TrendArgs) -> Result<ExitCode> {
    let rows = trend(
        r,
        &TrendRequest {
            terms: args.terms.clone(),
            by: args.by.service(),
            by_work: args.by_work,
            filter: args.filter.spec(),
        },
    )?;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &rows)?;
    }
    if let Some(p) = &args.plot {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("svg" | "png")) {
            super::usage!(
                "绘图格式 plots are SVG or PNG: name the file *.svg or *.png (got {})",
                p.display()
            );
        }
        let svg = trend_svg(&rows, &args.terms, args.raw);
        let bytes = match ext.as_deref() {
            Some("png") => {
                tifa_analysis::png(&svg, 2.0).with_context(|| p.display().to_string())?
            }
            _ => svg.into_bytes(),
        };
        std::fs::write(p, bytes).with_context(|| p.display().to_string())?;
    }
    let s = if args.json {
        rows.iter().map(json_line).collect::<Result<String>>()?
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let v = if args.raw {
                    r.occurrences.to_string()
                } else {
                    format!("{:.3}", r.per_10k)
                };
                vec![
                    r.term.clone(),
                    r.period.clone(),
                    r.occurrences.to_string(),
                    r.chars.to_string(),
                    v,
                ]
            })
            .collect();
        let last = if args.raw {
            "次数 occurrences"
        } else {
            "每万字 per 10k"
        };
        table::render(
            &[
                "提法 term",
                "时期 period",
                "次数 occurrences",
                "字数 chars",
                last,
            ],
            &cells,
            20,
        )
    };
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
