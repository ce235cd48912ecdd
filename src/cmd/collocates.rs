//! `tifa collocates TERM`: words near a term, by logDice or MI.

use super::{filter, out};
use crate::cli::{CollocateOrder, CollocatesArgs};
use crate::table;
use anyhow::Result;
use serde_json::json;
use std::process::ExitCode;
use tifa_analysis::{CollocateSort, collocates};
use tifa_library::Library;

pub fn run(lib: &Library, args: &CollocatesArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let sort = match args.sort {
        CollocateOrder::Logdice => CollocateSort::LogDice,
        CollocateOrder::Mi => CollocateSort::Mi,
    };
    let mut found = collocates(
        &lib.searcher()?,
        &lib.segmenter()?,
        &args.term,
        args.window,
        args.min,
        &f,
        sort,
    );
    if args.limit > 0 {
        found.truncate(args.limit);
    }
    let s = if args.json {
        found
            .iter()
            .map(|c| json!({"word": c.word, "cooccurrences": c.cooccurrences, "frequency": c.frequency, "log_dice": c.log_dice, "mi": c.mi}).to_string() + "\n")
            .collect()
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
