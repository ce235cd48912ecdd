//! `tifa newterms --period FROM..TO [--vs FROM..TO]`: new formulations of a
//! period (`analysis::newterms`), with frequency, cohesion, branching
//! entropy and first appearance; `--accept` adds them to the user
//! dictionary (`maintenance::change_dictionary`). The terms are found on the
//! library opened for reading; only `--accept` opens it for writing, after.

use super::{json_line, out};
use crate::cli::NewtermsArgs;
use crate::table;
use anyhow::Result;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::analysis::{NewtermsRequest, newterms};
use tifa_service::maintenance::change_dictionary;
use tifa_service::{Reader, xlsx};

pub fn run(
    lib: &Library,
    args: &NewtermsArgs,
    open: impl FnOnce() -> Result<Library>,
) -> Result<ExitCode> {
    let req = NewtermsRequest {
        period: args.period.clone(),
        vs: args.vs.clone(),
        by_work: !args.every_copy,
        keep_fragments: args.keep_fragments,
        min_len: args.min_len,
        max_len: args.max_len as usize,
        min_freq: args.min_freq,
        min_texts: args.min_texts,
        min_pmi: args.min_pmi,
        min_entropy: args.min_entropy,
        min_ratio: args.min_ratio,
        limit: args.limit,
    };
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let found = newterms(&Reader::new(lib), &req, &|st| {
        spinner.set_message(st.describe())
    });
    spinner.finish_and_clear();
    let found = found?;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &found.terms)?;
    }
    let text = if args.json {
        found
            .terms
            .iter()
            .map(json_line)
            .collect::<Result<String>>()?
    } else {
        let rows: Vec<Vec<String>> = found
            .terms
            .iter()
            .map(|t| {
                let first = t.first.as_ref().map_or("—".to_string(), |f| {
                    format!("{} {} {}", f.date, f.article, f.title)
                });
                vec![
                    t.term.clone(),
                    t.occurrences.to_string(),
                    t.texts.to_string(),
                    t.reference.to_string(),
                    format!("{:.2}", t.per_10k),
                    format!("{:.1}", t.pmi),
                    format!("{:.2}", t.left_entropy),
                    format!("{:.2}", t.right_entropy),
                    format!("{:.1}", t.score),
                    first,
                ]
            })
            .collect();
        let mut t = format!(
            "考察期 period {}: {} 篇 texts, {} 字 chars ({:.1} MB); 参照 reference{}: {} 篇 texts, {} 字 chars\n",
            args.period,
            found.texts,
            found.chars,
            found.bytes as f64 / 1048576.0,
            found
                .reference_period
                .as_ref()
                .map(|r| format!(" {r}"))
                .unwrap_or_default(),
            found.reference_texts,
            found.reference_chars
        );
        t.push_str(&table::render(
            &[
                "新提法 term",
                "次数 occ",
                "篇数 texts",
                "参照 ref",
                "每万字 per 10k",
                "凝固度 PMI",
                "左熵 left H",
                "右熵 right H",
                "得分 G²",
                "首见 first",
            ],
            &rows,
            40,
        ));
        t
    };
    out(&text)?;
    if args.accept && !found.terms.is_empty() {
        let terms: Vec<String> = found.terms.iter().map(|t| t.term.clone()).collect();
        let change = change_dictionary(&mut open()?, &terms, true)?;
        eprintln!(
            "已收入词典 added to the dictionary: {} 条 terms ({} new)",
            terms.len(),
            change.changed.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
