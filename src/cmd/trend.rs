//! `tifa trend TERM...`: per-period frequency of formulations, as a table,
//! JSON lines, and optionally an SVG chart.

use super::{filter, out};
use crate::cli::TrendArgs;
use crate::table;
use anyhow::{Context, Result};
use serde_json::json;
use std::process::ExitCode;
use tifa_analysis::{plot, png, trend};
use tifa_library::Library;

pub fn run(lib: &Library, args: &TrendArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let rows = trend(
        &lib.searcher()?,
        &args.terms,
        args.by.period(),
        args.by_work,
        args.filter.ignore_punct,
        &f,
    );
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
        let title = format!(
            "{} — {}",
            args.terms.join("、"),
            if args.raw {
                "次数 occurrences"
            } else {
                "每万字 per 10,000 characters"
            }
        );
        let svg = plot(&rows, args.raw, &title);
        let bytes = match ext.as_deref() {
            Some("png") => png(&svg, 2.0).with_context(|| p.display().to_string())?,
            _ => svg.into_bytes(),
        };
        std::fs::write(p, bytes).with_context(|| p.display().to_string())?;
    }
    let mut s = String::new();
    if args.json {
        for r in &rows {
            let v = json!({"term": r.term, "period": r.period, "occurrences": r.occurrences, "chars": r.chars, "per_10k": (r.per_10k * 1000.0).round() / 1000.0});
            s.push_str(&v.to_string());
            s.push('\n');
        }
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
        s = table::render(
            &[
                "提法 term",
                "时期 period",
                "次数 occurrences",
                "字数 chars",
                last,
            ],
            &cells,
            20,
        );
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
