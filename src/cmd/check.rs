//! `tifa check DRAFT`: every quoted span of a draft with its verdict
//! (`tifa_service::check`), as a table with the differences, sources and
//! attribution mismatches below it, or `--json`; `--annotate` writes the
//! draft as DOCX with a comment on each quotation.

use super::{json_line, out};
use crate::cli::CheckArgs;
use crate::table;
use anyhow::{Context, Result};
use std::fmt::Write;
use std::process::ExitCode;
use tifa_service::Reader;
use tifa_service::check::{
    CheckRequest, Verdict, annotate, check, difference_line, read_draft, verdict_label,
};

pub fn run(r: &Reader<'_>, args: &CheckArgs) -> Result<ExitCode> {
    let draft = read_draft(&args.draft)?;
    let rows = check(
        r,
        &CheckRequest {
            text: draft.text.clone(),
            min_chars: args.min_chars,
        },
    )?;
    if let Some(path) = &args.annotate {
        let bytes = annotate(&args.draft, &draft, &rows)?;
        std::fs::write(path, bytes)
            .with_context(|| format!("写入 cannot write {}", path.display()))?;
    }
    let mut s = String::new();
    if args.json {
        for x in &rows {
            s.push_str(&json_line(x)?);
        }
        out(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        out("没有引文 no quotations in the draft\n")?;
        return Ok(ExitCode::SUCCESS);
    }
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                (i + 1).to_string(),
                format!("{}–{}", x.start, x.end),
                verdict_label(x.verdict).to_string(),
                match x.attribution.status.as_str() {
                    "mismatch" => "不符 mismatch",
                    "ok" => "相符 ok",
                    _ => "—",
                }
                .to_string(),
                x.quote.replace('\n', ""),
            ]
        })
        .collect();
    s.push_str(&table::render(
        &[
            "#",
            "位置 chars",
            "判定 verdict",
            "出处说明 attribution",
            "引文 quote",
        ],
        &table_rows,
        40,
    ));
    for (i, x) in rows.iter().enumerate() {
        if x.verdict == Verdict::Skipped {
            continue;
        }
        writeln!(s, "\n{}. “{}”", i + 1, x.quote.replace('\n', ""))?;
        if let Some(src) = &x.source {
            let label = if x.verdict == Verdict::NotFound {
                "最接近 nearest"
            } else {
                "出处 source"
            };
            writeln!(
                s,
                "   {label}：{}  [{} ¶{}]",
                x.citation, src.article, src.paragraph
            )?;
            if x.verdict != Verdict::Exact {
                writeln!(s, "   原文 source text：{}", src.text.replace('\n', ""))?;
            }
        }
        for d in &x.differences {
            writeln!(s, "   {}", difference_line(d))?;
        }
        if x.attribution.status == "mismatch" {
            writeln!(
                s,
                "   出处不符 attribution mismatch：文中说 draft says “{}”",
                x.attribution.draft_says
            )?;
        }
    }
    let n = |v: Verdict| rows.iter().filter(|x| x.verdict == v).count();
    writeln!(
        s,
        "\n一致 exact {}  有出入 variant {}  未找到 not_found {}  略过 skipped {}  出处不符 mismatch {}",
        n(Verdict::Exact),
        n(Verdict::Variant),
        n(Verdict::NotFound),
        n(Verdict::Skipped),
        rows.iter()
            .filter(|x| x.attribution.status == "mismatch")
            .count()
    )?;
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
