//! `tifa rm ID...`: remove articles (`articles::remove`); each id must
//! exist, or nothing is removed.

use super::{json_line, out};
use crate::cli::RmArgs;
use anyhow::Result;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::articles::remove;

pub fn run(lib: &mut Library, args: &RmArgs) -> Result<ExitCode> {
    let removed = remove(lib, &args.ids)?;
    let mut s = String::new();
    for r in &removed {
        if args.json {
            s.push_str(&json_line(r)?);
        } else {
            s.push_str(&format!("已删除 removed {} {}\n", r.removed, r.title));
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
