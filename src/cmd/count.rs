//! `tifa count TERM...`: exact occurrences, articles and works of each term,
//! optionally broken down by year or source.

use super::{filter, out};
use crate::cli::CountArgs;
use crate::table;
use anyhow::Result;
use serde_json::json;
use std::process::ExitCode;
use tifa_library::Library;

pub fn run(lib: &Library, args: &CountArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let searcher = lib.searcher()?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut s = String::new();
    for term in &args.terms {
        let groups: Vec<(Option<String>, tifa_library::Counts)> = match args.by {
            None => vec![(None, searcher.count(term, args.filter.ignore_punct, &f))],
            Some(by) => searcher
                .count_by(term, args.filter.ignore_punct, &f, by.period())
                .into_iter()
                .map(|(k, c)| (Some(k), c))
                .collect(),
        };
        for (period, c) in groups {
            if args.json {
                let mut v = json!({"term": term, "occurrences": c.occurrences, "articles": c.articles, "works": c.works});
                if let (Some(p), Some(by)) = (&period, args.by) {
                    v[by.names().0] = json!(p);
                }
                s.push_str(&v.to_string());
                s.push('\n');
            } else {
                let mut row = vec![term.clone()];
                if let Some(p) = period {
                    row.push(p);
                }
                row.extend([
                    c.occurrences.to_string(),
                    c.articles.to_string(),
                    c.works.to_string(),
                ]);
                rows.push(row);
            }
        }
    }
    if !args.json {
        let mut header = vec!["检索词 term"];
        if let Some(by) = args.by {
            header.push(by.names().1);
        }
        header.extend(["次数 occurrences", "篇数 articles", "作品 works"]);
        s = table::render(&header, &rows, 20);
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
