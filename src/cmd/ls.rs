//! `tifa ls`: articles (`articles::list`) as an aligned table (CJK width
//! aware) or JSON lines.

use super::{json_line, out};
use crate::cli::LsArgs;
use crate::table;
use anyhow::Result;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::articles::{ListRequest, list};

pub fn run(lib: &Library, args: &LsArgs) -> Result<ExitCode> {
    let rows = list(
        lib,
        &ListRequest {
            kind: args.kind.clone(),
            source: args.source.clone(),
            file: args.file.clone(),
        },
    )?;
    if args.json {
        let s = rows.iter().map(json_line).collect::<Result<String>>()?;
        out(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.date.clone().unwrap_or_else(|| "—".into()),
                tifa_text::width::truncate(r.source.as_deref().unwrap_or("—"), 24),
                r.kind.clone(),
                r.chars.to_string(),
                r.title.clone(),
            ]
        })
        .collect();
    let mut s = table::render(
        &[
            "编号 id",
            "日期 date",
            "来源 source",
            "类型 kind",
            "字数 chars",
            "标题 title",
        ],
        &cells,
        60,
    );
    s.push_str(&format!("共 {} 篇 {} articles\n", rows.len(), rows.len()));
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
