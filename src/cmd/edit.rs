//! `tifa edit ID`: correct the metadata no rule got right (`articles::edit`).
//! The values are stored as overrides by the library (they survive
//! `reindex` and adding the file again) and `--reset FIELD` restores what
//! ingest detected.

use super::{json_line, out};
use crate::cli::EditArgs;
use anyhow::Result;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::articles::{EditRequest, edit};

pub fn run(lib: &mut Library, args: &EditArgs) -> Result<ExitCode> {
    let a = edit(
        lib,
        &args.id,
        &EditRequest {
            title: args.title.clone(),
            date: args.date.clone(),
            speaker: args.speaker.clone(),
            kind: args.kind.clone(),
            source: args.source.clone(),
            reset: args.reset.clone(),
        },
    )?;
    if args.json {
        out(&json_line(&a)?)?;
    } else {
        out(&format!(
            "已修改 edited {}: {}\n  标题 title: {}\n  日期 date: {}\n  讲话人 speaker: {}\n  类型 kind: {}\n  来源 source: {}\n  已修改字段 edited fields: {}\n",
            a.id,
            a.title,
            a.title,
            a.date.as_deref().unwrap_or("—"),
            a.speaker.as_deref().unwrap_or("—"),
            a.kind,
            a.source.as_deref().unwrap_or("—"),
            if a.edited.is_empty() {
                "—".to_string()
            } else {
                a.edited.join(", ")
            },
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
