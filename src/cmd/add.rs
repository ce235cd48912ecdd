//! `tifa add PATH...`: add files and folders (`articles::add`: parsing on
//! all cores, storing in file order in one transaction) with a progress bar;
//! report each file, and each failure by name on standard error.

use super::{json_line, out};
use crate::cli::AddArgs;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::articles::{AddProgress, AddRequest, FileResult, add};

/// The adding bar.
struct Bars {
    adding: ProgressBar,
}

impl AddProgress for Bars {
    fn total(&self, bytes: u64) {
        self.adding.set_length(bytes);
    }
    fn parsed(&self, bytes: u64) {
        self.adding.inc(bytes);
    }
    fn storing(&self, file: &str) {
        self.adding.set_message(file.to_string());
    }
}

pub fn run(lib: &mut Library, args: &AddArgs) -> Result<ExitCode> {
    let adding = ProgressBar::new(0);
    adding.set_style(
        ProgressStyle::with_template(
            "{spinner} 导入 adding [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {wide_msg}",
        )
        .expect("template")
        .progress_chars("=> "),
    );
    let bars = Bars { adding };
    let report = add(
        lib,
        &args.paths,
        &AddRequest {
            fields: args.fields.clone(),
            force: args.force,
            all_or_nothing: false,
        },
        &bars,
    )?;
    bars.adding.finish_and_clear();
    drop(bars);
    let mut s = String::new();
    for o in &report.outcomes {
        if args.json {
            s.push_str(&json_line(o)?);
            continue;
        }
        s.push_str(&match o {
            FileResult::Added { file, articles, same_work_links: links } => format!("已导入 added {file}: {articles} 篇 articles, {links} 个同一作品链接 same-work links"),
            FileResult::Unchanged { file, removed: 0 } => format!("已存在，未改变 unchanged {file} (already in the library)"),
            FileResult::Unchanged { file, removed } => format!("已存在，未改变 unchanged {file}: 其中 {removed} 篇文章已删除，未恢复 {removed} of its articles were removed with `tifa rm` and stay removed; add it with --force to restore them"),
            FileResult::Restored { file, articles, same_work_links: links } => format!("已恢复 restored {file}: {articles} 篇已删除的文章 removed articles, {links} 个同一作品链接 same-work links"),
            FileResult::Error { file, error } => format!("{file}: {error}"),
        });
        s.push('\n');
    }
    if args.json {
        for r in &report.results()[report.outcomes.len()..] {
            s.push_str(&json_line(r)?);
        }
    }
    for e in &report.failures {
        eprintln!("tifa: 错误 error: {e}");
    }
    out(&s)?;
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
