//! `tifa search QUERY`: every article containing the query (exact), ranked
//! by BM25 over jieba tokens, grouped by work, with highlighted snippets.

use super::{filter, out};
use crate::cli::SearchArgs;
use anyhow::Result;
use serde_json::json;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_library::{Library, parse_query};

pub fn run(lib: &Library, args: &SearchArgs) -> Result<ExitCode> {
    let q = args.query.join(" ");
    let expr = parse_query(&q)?;
    let f = filter(lib, &args.filter)?;
    let ranked = lib.ranked()?;
    let results =
        lib.searcher()?
            .search(&expr, args.filter.ignore_punct, &f, &ranked, args.width)?;
    let total_articles: usize = results.iter().map(|w| w.articles.len()).sum();
    let shown = if args.limit == 0 {
        results.len()
    } else {
        args.limit.min(results.len())
    };
    let mut s = String::new();
    for (rank, w) in results.iter().take(shown).enumerate() {
        if args.json {
            let arts: Vec<_> = w
                .articles
                .iter()
                .map(|a| {
                    json!({
                        "id": a.meta.id.0, "title": a.meta.title, "date": a.meta.date, "source": a.meta.source,
                        "kind": a.meta.kind, "score": a.score, "hits": a.hits,
                        "snippet": a.snippet.as_ref().map(|k| json!({"paragraph": k.paragraph, "left": k.left, "hit": k.hit, "right": k.right})),
                    })
                })
                .collect();
            writeln!(
                s,
                "{}",
                json!({"rank": rank + 1, "score": w.score, "articles": arts})
            )?;
        } else {
            let a = &w.articles[0];
            writeln!(
                s,
                "{:>3}. {}  {}  {}  [{}] {:.2}",
                rank + 1,
                a.meta.title,
                a.meta.date.as_deref().unwrap_or("—"),
                a.meta.id,
                a.meta.kind,
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
                    other.meta.id,
                    other.meta.date.as_deref().unwrap_or("—"),
                    other.meta.title
                )?;
            }
        }
    }
    if !args.json {
        writeln!(
            s,
            "共 {} 个作品、{} 篇文章 {} works, {} articles (showing {shown})",
            results.len(),
            total_articles,
            results.len(),
            total_articles
        )?;
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
