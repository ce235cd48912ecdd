//! `tifa count TERM...`: exact occurrences, articles and works of each term
//! (`query::count`), optionally broken down by year, month or source.

use super::{json_line, out};
use crate::cli::CountArgs;
use crate::table;
use anyhow::Result;
use std::process::ExitCode;
use tifa_service::query::{CountRequest, count};
use tifa_service::{Reader, xlsx};

pub fn run(r: &Reader<'_>, args: &CountArgs) -> Result<ExitCode> {
    let rows = count(
        r,
        &CountRequest {
            terms: args.terms.clone(),
            by: args.by.map(|b| b.service()),
            filter: args.filter.spec(),
        },
    )?;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &rows)?;
    }
    let s = if args.json {
        rows.iter().map(json_line).collect::<Result<String>>()?
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|c| {
                let mut row = vec![c.term.clone()];
                row.extend(c.group().map(str::to_string));
                row.extend([
                    c.occurrences.to_string(),
                    c.articles.to_string(),
                    c.works.to_string(),
                ]);
                row
            })
            .collect();
        let mut header = vec!["检索词 term"];
        header.extend(args.by.map(|b| b.header()));
        header.extend(["次数 occurrences", "篇数 articles", "作品 works"]);
        table::render(&header, &cells, 20)
    };
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
