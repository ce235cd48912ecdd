//! `tifa first TERM...`: the earliest dated occurrence of each term, cited
//! by article, paragraph and sentence.

use super::{filter, out};
use crate::cli::FirstArgs;
use anyhow::Result;
use serde_json::json;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_library::Library;

pub fn run(lib: &Library, args: &FirstArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let searcher = lib.searcher()?;
    let mut s = String::new();
    for term in &args.terms {
        let found = tifa_analysis::first(&searcher, term, args.filter.ignore_punct, &f);
        match (found, args.json) {
            (Some(x), true) => writeln!(
                s,
                "{}",
                json!({"term": x.term, "date": x.date, "article": x.article.0, "title": x.title, "paragraph": x.paragraph, "sentence": x.sentence})
            )?,
            (None, true) => writeln!(s, "{}", json!({"term": term, "date": null}))?,
            (Some(x), false) => writeln!(
                s,
                "{}  {}  {} p{} {}\n    {}",
                x.term, x.date, x.article, x.paragraph, x.title, x.sentence
            )?,
            (None, false) => writeln!(
                s,
                "{term}  未见于有日期的文章 not found in any dated article"
            )?,
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
