//! `tifa diff A B`: what changed between two articles.

use super::out;
use crate::cli::DiffArgs;
use anyhow::Result;
use serde_json::json;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_analysis::{Change, diff};
use tifa_library::Library;

fn body(lib: &Library, id: &str) -> Result<(tifa_library::ArticleRow, Vec<String>)> {
    let row = lib.get(id)?;
    let paras = lib.body(&row.id)?;
    Ok((row, paras))
}

pub fn run(lib: &Library, args: &DiffArgs) -> Result<ExitCode> {
    let (ra, a) = body(lib, &args.a)?;
    let (rb, b) = body(lib, &args.b)?;
    // Weigh formulations by their rarity in the library (inverse document frequency).
    let searcher = lib.searcher()?;
    let all = tifa_library::SearchFilter::default();
    let n = searcher.accepted(&all).len() as f64;
    let idf = |t: &str| ((1.0 + n) / (1.0 + searcher.count(t, false, &all).articles as f64)).ln();
    let mut d = diff(&a, &b, &lib.segmenter()?, &idf);
    if args.limit > 0 {
        d.added.truncate(args.limit);
        d.dropped.truncate(args.limit);
    }
    let mut s = String::new();
    if args.json {
        let change = |c: &Change| match c {
            Change::Equal(t) => json!({"op": "equal", "text": t}),
            Change::Insert(t) => json!({"op": "insert", "text": t}),
            Change::Delete(t) => json!({"op": "delete", "text": t}),
        };
        let paras: Vec<_> = d
            .paragraphs
            .iter()
            .map(|p| json!({"a": p.a, "b": p.b, "similarity": p.similarity, "changes": p.changes.iter().map(change).collect::<Vec<_>>()}))
            .collect();
        let forms = |v: &[tifa_analysis::Formulation]| {
            v.iter()
                .map(|f| json!({"formulation": f.text, "count": f.count, "weight": f.weight}))
                .collect::<Vec<_>>()
        };
        writeln!(
            s,
            "{}",
            json!({"a": ra.id.0, "b": rb.id.0, "paragraphs": paras, "added": forms(&d.added), "dropped": forms(&d.dropped)})
        )?;
    } else {
        writeln!(
            s,
            "A: {} {} {}\nB: {} {} {}\n",
            ra.id,
            ra.date.as_deref().unwrap_or("—"),
            ra.title,
            rb.id,
            rb.date.as_deref().unwrap_or("—"),
            rb.title
        )?;
        let same = d
            .paragraphs
            .iter()
            .filter(|p| p.changes.iter().all(|c| matches!(c, Change::Equal(_))))
            .count();
        writeln!(
            s,
            "段落 paragraphs: {} 对齐 aligned, {same} 未变 unchanged\n",
            d.paragraphs.len()
        )?;
        for p in d
            .paragraphs
            .iter()
            .filter(|p| !p.changes.iter().all(|c| matches!(c, Change::Equal(_))))
        {
            let at = |i: Option<usize>| i.map_or("—".to_string(), |i| format!("p{i}"));
            write!(s, "[{} → {}] ", at(p.a), at(p.b))?;
            for c in &p.changes {
                match c {
                    Change::Equal(t) => s.push_str(t),
                    Change::Insert(t) => write!(s, "【+{t}】")?,
                    Change::Delete(t) => write!(s, "【-{t}】")?,
                }
            }
            s.push_str("\n\n");
        }
        for (label, v) in [
            ("新增提法 added", &d.added),
            ("删去提法 dropped", &d.dropped),
        ] {
            let items: Vec<String> = v
                .iter()
                .map(|f| format!("{}×{}", f.text, f.count))
                .collect();
            writeln!(s, "{label}: {}", items.join("  "))?;
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
