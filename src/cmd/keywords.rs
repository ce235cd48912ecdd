//! `tifa keywords`: keywords of the chosen articles against a reference set.

use super::{filter, out, usage};
use crate::cli::{KeywordMethod, KeywordsArgs};
use crate::table;
use anyhow::{Result, bail};
use serde_json::json;
use std::collections::HashSet;
use std::process::ExitCode;
use tifa_analysis::{Method, keywords};
use tifa_library::{Library, SearchFilter};

pub fn run(lib: &Library, args: &KeywordsArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let fa = &args.filter;
    if fa.ids.is_empty()
        && fa.date.is_none()
        && fa.kind.is_none()
        && fa.source.is_none()
        && fa.speaker.is_none()
    {
        usage!(
            "请选择目标文章 choose the target articles with --id, --date, --kind, --source or --speaker"
        );
    }
    let s = lib.searcher()?;
    let target: HashSet<i64> = s.accepted(&f).into_iter().collect();
    if target.is_empty() {
        bail!("没有符合条件的文章 no article matches the target filters");
    }
    let vs = super::date_range("vs", args.vs.as_deref())?;
    let reference_filter = SearchFilter::default().with_dates(vs.as_ref());
    let reference: HashSet<i64> = s
        .accepted(&reference_filter)
        .into_iter()
        .filter(|id| !target.contains(id))
        .collect();
    let mut texts = Vec::new();
    for id in &target {
        let m = s.meta(*id).expect("accepted articles are live");
        texts.push(lib.body(&m.id)?.join("\n"));
    }
    let method = match args.method {
        KeywordMethod::Ll => Method::LogLikelihood,
        KeywordMethod::Tfidf => Method::TfIdf,
        KeywordMethod::Textrank => Method::TextRank,
    };
    let found = keywords(
        &s,
        &lib.segmenter()?,
        &target,
        &texts,
        &reference,
        method,
        args.limit,
    );
    let text = if args.json {
        found.iter().map(|k| json!({"word": k.word, "score": k.score, "target": k.target, "reference": k.reference}).to_string() + "\n").collect()
    } else {
        let rows: Vec<Vec<String>> = found
            .iter()
            .map(|k| {
                vec![
                    k.word.clone(),
                    format!("{:.2}", k.score),
                    k.target.to_string(),
                    k.reference.to_string(),
                ]
            })
            .collect();
        let mut t = format!(
            "目标 target: {} 篇 articles; 参照 reference: {} 篇 articles\n",
            target.len(),
            reference.len()
        );
        t.push_str(&table::render(
            &["关键词 word", "得分 score", "目标 target", "参照 reference"],
            &rows,
            16,
        ));
        t
    };
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
