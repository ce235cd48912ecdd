//! `tifa rm ID...`: remove articles; each id must exist, or nothing is removed.

use super::out;
use crate::cli::RmArgs;
use anyhow::Result;
use std::process::ExitCode;
use tifa_library::Library;

pub fn run(lib: &mut Library, args: &RmArgs) -> Result<ExitCode> {
    let rows = args
        .ids
        .iter()
        .map(|id| lib.get(id))
        .collect::<Result<Vec<_>, _>>()?;
    let mut s = String::new();
    for r in &rows {
        lib.remove(&r.id)?;
        if args.json {
            s.push_str(&serde_json::json!({"removed": r.id.0, "title": r.title}).to_string());
            s.push('\n');
        } else {
            s.push_str(&format!("已删除 removed {} {}\n", r.id, r.title));
        }
    }
    super::sync_ranked(lib)?;
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
