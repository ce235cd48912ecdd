//! `tifa newterms --period FROM..TO [--vs FROM..TO]`: new formulations of a
//! period, with frequency, cohesion, branching entropy and first appearance;
//! `--accept` adds them to the user dictionary.

use super::{date_range, out, sync_ranked, usage};
use crate::cli::NewtermsArgs;
use crate::table;
use anyhow::{Result, bail};
use serde_json::json;
use std::process::ExitCode;
use tifa_analysis::{NewTermsOptions, newterms};
use tifa_library::{Library, SearchFilter};

pub fn run(lib: &mut Library, args: &NewtermsArgs) -> Result<ExitCode> {
    let period = date_range("period", Some(&args.period))?;
    let vs = date_range("vs", args.vs.as_deref())?;
    let period = SearchFilter::default().with_dates(period.as_ref());
    let reference = match vs {
        Some(r) => Some(SearchFilter::default().with_dates(Some(&r))),
        None => period.from.as_deref().map(|f| SearchFilter {
            to: Some(day_before(f)),
            ..Default::default()
        }),
    };
    let opts = NewTermsOptions {
        min_len: args.min_len,
        max_len: args.max_len as usize,
        min_freq: args.min_freq,
        min_texts: args.min_texts,
        min_pmi: args.min_pmi,
        min_entropy: args.min_entropy,
        min_ratio: args.min_ratio,
        limit: args.limit,
    };
    if opts.min_len > opts.max_len || opts.min_len < 2 {
        usage!("字数范围 bad lengths: need 2 ≤ --min-len ≤ --max-len ≤ 10");
    }
    let s = lib.searcher()?;
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let found = newterms(
        &s,
        &period,
        reference.as_ref(),
        args.by_work,
        &opts,
        &|st| spinner.set_message(st.describe()),
    );
    spinner.finish_and_clear();
    let found = found?;
    if found.texts == 0 {
        bail!(
            "考察期没有文章 no dated article in the period {}",
            args.period
        );
    }
    let text = if args.json {
        found
            .terms
            .iter()
            .map(|t| {
                let first = t.first.as_ref().map(|f| {
                    json!({"date": f.date, "article": f.article.0, "title": f.title, "paragraph": f.paragraph, "sentence": f.sentence})
                });
                json!({
                    "term": t.term, "occurrences": t.occurrences, "texts": t.texts,
                    "reference": t.reference, "per_10k": t.per_10k,
                    "reference_per_10k": t.reference_per_10k, "pmi": t.pmi,
                    "left_entropy": t.left_entropy, "right_entropy": t.right_entropy,
                    "score": t.score, "first": first,
                })
                .to_string()
                    + "\n"
            })
            .collect()
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
            reference
                .as_ref()
                .map(|r| format!(
                    " {}..{}",
                    r.from.as_deref().unwrap_or(""),
                    r.to.as_deref().unwrap_or("")
                ))
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
        let added = lib.add_words(&terms)?;
        sync_ranked(lib)?;
        eprintln!(
            "已收入词典 added to the dictionary: {} 条 terms ({} new)",
            terms.len(),
            added.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The latest date before `from`, at its precision: 2023 → 2022,
/// 2023-01 → 2022-12, 2023-03-05 → 2023-03-04, 2023-03-01 → 2023-02.
fn day_before(from: &str) -> String {
    let p: Vec<u32> = from.split('-').filter_map(|x| x.parse().ok()).collect();
    match p.as_slice() {
        [y, 1] => format!("{}-12", y.saturating_sub(1)),
        [y, m] => format!("{y}-{:02}", m - 1),
        [y, 1, 1] => format!("{}-12", y.saturating_sub(1)),
        [y, m, 1] => format!("{y}-{:02}", m - 1),
        [y, m, d] => format!("{y}-{m:02}-{:02}", d - 1),
        [y, ..] => y.saturating_sub(1).to_string(),
        [] => "0000".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::day_before;

    #[test]
    fn the_date_before() {
        assert_eq!(day_before("2023"), "2022");
        assert_eq!(day_before("2023-01"), "2022-12");
        assert_eq!(day_before("2023-03"), "2023-02");
        assert_eq!(day_before("2023-03-05"), "2023-03-04");
        assert_eq!(day_before("2023-03-01"), "2023-02");
        assert_eq!(day_before("2023-01-01"), "2022-12");
    }
}
