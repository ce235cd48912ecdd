//! `tifa keywords`: keywords of the chosen articles against a reference set
//! (`analysis::keywords`: every other article, of the `--vs` period if given).

use super::{json_line, out};
use crate::cli::{KeywordMethod, KeywordsArgs};
use crate::table;
use anyhow::Result;
use std::process::ExitCode;
use tifa_service::analysis::{self, KeywordsRequest, keywords};
use tifa_service::{Reader, xlsx};

pub fn run(r: &Reader<'_>, args: &KeywordsArgs) -> Result<ExitCode> {
    let found = keywords(
        r,
        &KeywordsRequest {
            filter: args.filter.spec(),
            vs: args.vs.clone(),
            method: match args.method {
                KeywordMethod::Ll => analysis::KeywordMethod::Ll,
                KeywordMethod::Tfidf => analysis::KeywordMethod::Tfidf,
                KeywordMethod::Textrank => analysis::KeywordMethod::Textrank,
            },
            limit: args.limit,
        },
    )?;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &found.keywords)?;
    }
    let text = if args.json {
        found
            .keywords
            .iter()
            .map(json_line)
            .collect::<Result<String>>()?
    } else {
        let rows: Vec<Vec<String>> = found
            .keywords
            .iter()
            .map(|k| {
                vec![
                    k.word.clone(),
                    format!("{:.2}", k.score),
                    format!("{:.2}", k.keyness),
                    k.target.to_string(),
                    k.reference.to_string(),
                ]
            })
            .collect();
        let mut t = format!(
            "目标 target: {} 篇 articles; 参照 reference: {} 篇 articles\n",
            found.target_articles, found.reference_articles
        );
        t.push_str(&table::render(
            &[
                "关键词 word",
                "得分 score",
                "关键性 keyness",
                "目标 target",
                "参照 reference",
            ],
            &rows,
            16,
        ));
        t
    };
    out(&text)?;
    Ok(ExitCode::SUCCESS)
}
