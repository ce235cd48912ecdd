//! `tifa cite TEXT`: every article a sentence occurs in, or nearly (a
//! variant, with its differences), earliest first, with citations
//! (`tifa_service::check::cite`).

use super::{json_line, out};
use crate::cli::CiteArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_service::Reader;
use tifa_service::check::{CiteRequest, cite, difference_line, verdict_label};

pub fn run(r: &Reader<'_>, args: &CiteArgs) -> Result<ExitCode> {
    let rows = cite(
        r,
        &CiteRequest {
            text: args.text.clone(),
        },
    )?;
    let mut s = String::new();
    for x in &rows {
        if args.json {
            s.push_str(&json_line(x)?);
            continue;
        }
        writeln!(
            s,
            "{}  {}  [{} ¶{}]",
            verdict_label(x.verdict),
            x.citation,
            x.source.article,
            x.source.paragraph
        )?;
        for d in &x.differences {
            writeln!(s, "    {}", difference_line(d))?;
        }
    }
    if rows.is_empty() && !args.json {
        s.push_str("未找到 not found in the library\n");
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
