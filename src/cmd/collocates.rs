//! `tifa collocates TERM`: words near a term, by logDice or MI
//! (`analysis::collocates`).

use super::{json_line, out};
use crate::cli::{CollocateOrder, CollocatesArgs};
use crate::table;
use anyhow::Result;
use std::process::ExitCode;
use tifa_service::analysis::{self, CollocatesRequest, collocates};
use tifa_service::{Reader, xlsx};

pub fn run(r: &Reader<'_>, args: &CollocatesArgs) -> Result<ExitCode> {
    let found = collocates(
        r,
        &CollocatesRequest {
            term: args.term.clone(),
            window: args.window,
            min: args.min,
            sort: match args.sort {
                CollocateOrder::Logdice => analysis::CollocateOrder::Logdice,
                CollocateOrder::Mi => analysis::CollocateOrder::Mi,
            },
            limit: args.limit,
            filter: args.filter.spec(),
        },
    )?;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &found)?;
    }
    let s = if args.json {
        found.iter().map(json_line).collect::<Result<String>>()?
    } else {
        let rows: Vec<Vec<String>> = found
            .iter()
            .map(|c| {
                vec![
                    c.word.clone(),
                    c.cooccurrences.to_string(),
                    c.frequency.to_string(),
                    format!("{:.2}", c.log_dice),
                    format!("{:.2}", c.mi),
                ]
            })
            .collect();
        table::render(
            &["搭配词 word", "共现 co-occ.", "频次 freq.", "logDice", "MI"],
            &rows,
            10,
        )
    };
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
