//! `tifa first TERM...`: the earliest dated occurrence of each term
//! (`analysis::first`), cited by article, paragraph and sentence.

use super::{json_line, out};
use crate::cli::FirstArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_service::Reader;
use tifa_service::analysis::{FirstRequest, FirstRow, first};

pub fn run(r: &Reader<'_>, args: &FirstArgs) -> Result<ExitCode> {
    let rows = first(
        r,
        &FirstRequest {
            terms: args.terms.clone(),
            filter: args.filter.spec(),
        },
    )?;
    let mut s = String::new();
    for x in &rows {
        if args.json {
            s.push_str(&json_line(x)?);
            continue;
        }
        match x {
            FirstRow {
                term,
                date: Some(date),
                article: Some(article),
                title: Some(title),
                paragraph: Some(paragraph),
                sentence: Some(sentence),
            } => writeln!(
                s,
                "{term}  {date}  {article} p{paragraph} {title}\n    {sentence}"
            )?,
            _ => writeln!(
                s,
                "{}  未见于有日期的文章 not found in any dated article",
                x.term
            )?,
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
