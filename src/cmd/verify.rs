//! `tifa verify`: check the library end to end (`maintenance::verify`) and
//! say what is wrong and how to repair it; exit code 1 when anything is wrong.

use super::{json_line, out};
use crate::cli::VerifyArgs;
use anyhow::Result;
use std::fmt::Write;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::maintenance::verify;

pub fn run(lib: &Library, args: &VerifyArgs) -> Result<ExitCode> {
    let r = verify(lib)?;
    let c = &r.checked;
    let mut s = String::new();
    if args.json {
        s.push_str(&json_line(&r)?);
    } else {
        writeln!(
            s,
            "已检查 checked: {} 篇文章 articles, {} 个索引段 segments ({:.1} MB), {}",
            c.articles,
            c.segments,
            c.segment_bytes as f64 / 1048576.0,
            if c.catalog {
                "计数目录已核对 the catalog of plain counts checked"
            } else {
                "无计数目录 no current catalog (counts read the database)"
            },
        )?;
        for (label, list) in [("问题 problem", &r.problems), ("警告 warning", &r.warnings)] {
            for f in list {
                writeln!(s, "{label} [{}] {}: {}", f.check, f.subject, f.problem)?;
                writeln!(s, "  修复 repair: {}", f.repair)?;
            }
        }
        if r.ok {
            writeln!(s, "文库完好 the library is sound")?;
        } else {
            writeln!(
                s,
                "文库需要修复 the library needs repair: {} 个问题 problems (see above)",
                r.problems.len()
            )?;
        }
    }
    out(&s)?;
    Ok(if r.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
