//! `tifa export`: the library as JSON lines, one article per line, in the
//! documented contract (see README). Also builds the JSON for `show --json`.

use crate::cli::ExportArgs;
use anyhow::{Context, Result};
use serde_json::{Value, json};
use std::io::Write;
use std::process::ExitCode;
use tifa_library::{ArticleRow, Filter, Library};

pub fn run(lib: &Library, args: &ExportArgs) -> Result<ExitCode> {
    let mut w: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("{}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    for row in lib.list(&Filter::default())? {
        let v = article_json(lib, &row, false)?;
        writeln!(w, "{v}")?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The export object of one article; with `asides`, flagged paragraphs too.
pub fn article_json(lib: &Library, row: &ArticleRow, asides: bool) -> Result<Value> {
    let paras = lib.paragraphs(&row.id)?;
    let body: Vec<&str> = paras
        .iter()
        .filter(|p| p.flag.is_none())
        .map(|p| p.text.as_str())
        .collect();
    let origin = match row.record {
        Some(n) => json!({"file": row.file_name, "sha256": row.file_sha256, "record": n}),
        None => {
            json!({"file": row.file_name, "sha256": row.file_sha256, "start_line": row.start_line, "end_line": row.end_line})
        }
    };
    let same: Vec<String> = lib.same_work(&row.id)?.into_iter().map(|i| i.0).collect();
    let citations: Vec<Value> = paras
        .iter()
        .filter(|p| p.flag.is_none())
        .enumerate()
        .filter_map(|(i, p)| {
            p.cite
                .as_ref()
                .map(|c| json!({"paragraph": i, "text": c, "date": p.cite_date}))
        })
        .collect();
    let mut v = json!({
        "id": row.id.0,
        "title": row.title,
        "lead_in": row.lead_in,
        "subtitle": row.subtitle,
        "label": row.label,
        "section": row.section,
        "source": row.source,
        "date": row.date,
        "date_printed": row.date_printed,
        "published": row.published,
        "published_printed": row.published_printed,
        "span": row.span.as_ref().map(|(a, b)| json!({"from": a, "to": b})),
        "edited": row.edited.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        "citations": citations,
        "speaker": row.speaker,
        "doc_number": row.doc_number,
        "kind": row.kind,
        "text": body.join("\n"),
        "paragraphs": body,
        "outline": serde_json::from_str::<Value>(&row.outline).unwrap_or(Value::Array(vec![])),
        "origin": origin,
        "same_work": same,
    });
    if asides {
        let a: Vec<Value> = paras
            .iter()
            .filter_map(|p| p.flag.as_ref().map(|f| json!({"flag": f, "text": p.text, "first_line": p.first_line, "last_line": p.last_line})))
            .collect();
        v["asides"] = Value::Array(a);
        let links: Vec<Value> = lib
            .links(&row.id)?
            .into_iter()
            .map(|l| json!({"id": l.other.0, "relation": l.relation.as_str(), "containment": (l.containment * 1000.0).round() / 1000.0}))
            .collect();
        v["links"] = Value::Array(links);
    }
    Ok(v)
}
