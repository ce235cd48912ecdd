//! `tifa search QUERY`: every article containing the query (exact), ranked
//! by BM25 computed from the exact counts, grouped by work, with highlighted
//! snippets (`query::search`).

use super::{json_line, out};
use crate::cli::SearchArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_service::Reader;
use tifa_service::query::{SearchRequest, search};

pub fn run(r: &Reader<'_>, args: &SearchArgs) -> Result<ExitCode> {
    let page = search(
        r,
        &SearchRequest {
            query: args.query.join(" "),
            limit: args.limit,
            offset: 0,
            width: args.width,
            filter: args.filter.spec(),
        },
    )?;
    let mut s = String::new();
    for w in &page.results {
        if args.json {
            s.push_str(&json_line(w)?);
            continue;
        }
        let a = &w.articles[0];
        writeln!(
            s,
            "{:>3}. {}  {}  {}  [{}] {:.2}",
            w.rank,
            a.title,
            a.date.as_deref().unwrap_or("—"),
            a.id,
            a.kind,
            a.score
        )?;
        if let Some(k) = &a.snippet {
            writeln!(
                s,
                "     …{}【{}】{}…  (p{}, {} 处 hits)",
                k.left, k.hit, k.right, k.paragraph, a.hits
            )?;
        }
        for other in &w.articles[1..] {
            writeln!(
                s,
                "     同一作品 same work: {} {} {}",
                other.id,
                other.date.as_deref().unwrap_or("—"),
                other.title
            )?;
        }
    }
    if !args.json {
        writeln!(
            s,
            "共 {} 个作品、{} 篇文章 {} works, {} articles (showing {})",
            page.works,
            page.articles,
            page.works,
            page.articles,
            page.results.len()
        )?;
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
