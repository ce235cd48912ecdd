//! `tifa edit ID`: correct the metadata no rule got right. The values are
//! stored as overrides by the library (they survive `reindex` and adding the
//! file again) and `--reset FIELD` restores what ingest detected.

use super::out;
use crate::cli::EditArgs;
use anyhow::{Result, bail};
use std::process::ExitCode;
use tifa_library::{EditField, Library};

pub fn run(lib: &mut Library, args: &EditArgs) -> Result<ExitCode> {
    let mut changes: Vec<(EditField, Option<String>)> = Vec::new();
    for (f, v) in [
        (EditField::Title, &args.title),
        (EditField::Date, &args.date),
        (EditField::Speaker, &args.speaker),
        (EditField::Kind, &args.kind),
        (EditField::Source, &args.source),
    ] {
        if let Some(v) = v {
            changes.push((f, Some(v.clone())));
        }
    }
    for r in &args.reset {
        let Some(f) = EditField::parse(r) else {
            bail!("无法恢复的字段 cannot reset “{r}”: one of title, date, speaker, kind, source");
        };
        if changes.iter().any(|(g, _)| *g == f) {
            bail!("字段 {r} 既被修改又被恢复 field {r} is both set and reset");
        }
        changes.push((f, None));
    }
    if changes.is_empty() {
        bail!(
            "没有要修改的字段 nothing to change: give --title, --date, --speaker, --kind, --source or --reset FIELD"
        );
    }
    let id = lib.get(&args.id)?.id;
    let row = lib.edit(&id, &changes)?;
    if args.json {
        out(&format!(
            "{}\n",
            super::export::article_json(lib, &row, false)?
        ))?;
    } else {
        let edited: Vec<&str> = row.edited.iter().map(|f| f.as_str()).collect();
        out(&format!(
            "已修改 edited {}: {}\n  标题 title: {}\n  日期 date: {}\n  讲话人 speaker: {}\n  类型 kind: {}\n  来源 source: {}\n  已修改字段 edited fields: {}\n",
            row.id,
            row.title,
            row.title,
            row.date.as_deref().unwrap_or("—"),
            row.speaker.as_deref().unwrap_or("—"),
            row.kind,
            row.source.as_deref().unwrap_or("—"),
            if edited.is_empty() {
                "—".to_string()
            } else {
                edited.join(", ")
            },
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
