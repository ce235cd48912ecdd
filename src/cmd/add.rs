//! `tifa add PATH...`: walk files and folders, ingest every supported file
//! (parsing on all cores, storing in file order), report each failure by
//! name, and store all successes in one transaction.

use super::{out, usage};
use crate::cli::AddArgs;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use tifa_ingest::{Document, Field, FieldMap, Format, IngestError, Options, ProblemKind};
use tifa_library::{AddOutcome, Library};

pub fn run(lib: &mut Library, args: &AddArgs) -> Result<ExitCode> {
    let opts = Options {
        fields: field_map(&args.fields)?,
    };
    let mut files = Vec::new();
    let mut failures: Vec<IngestError> = Vec::new();
    for p in &args.paths {
        collect(p, true, &mut files, &mut failures);
    }
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} 导入 adding [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {wide_msg}",
        )
        .expect("template")
        .progress_chars("=> "),
    );
    // Parse on every core; store in file order, in one transaction.
    let mut batch = lib.batch()?;
    batch.restore_removed(args.force);
    let mut outcomes = Vec::new();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<Document, IngestError>)>(workers * 2);
        for _ in 0..workers {
            let (tx, next, files, opts, bar) = (tx.clone(), &next, &files, &opts, &bar);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(f) = files.get(i) else { break };
                    let doc = tifa_ingest::ingest_path(f, opts);
                    bar.inc(std::fs::metadata(f).map_or(0, |m| m.len()));
                    if tx.send((i, doc)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Result<Document, IngestError>> = BTreeMap::new();
        let mut want = 0;
        for (i, doc) in rx {
            pending.insert(i, doc);
            while let Some(doc) = pending.remove(&want) {
                want += 1;
                match doc {
                    Ok(d) => {
                        bar.set_message(d.file_name.clone());
                        outcomes.push(batch.add(&d)?);
                    }
                    Err(e) => failures.push(e),
                }
            }
        }
        Ok(())
    })?;
    batch.commit()?;
    bar.finish_and_clear();
    super::sync_ranked(lib)?;
    let mut s = String::new();
    for o in &outcomes {
        match (o, args.json) {
            (AddOutcome::Added { file, articles, links }, true) => s.push_str(&json!({"file": file, "status": "added", "articles": articles, "same_work_links": links}).to_string()),
            (AddOutcome::AlreadyPresent { file, removed }, true) => s.push_str(&json!({"file": file, "status": "unchanged", "removed": removed}).to_string()),
            (AddOutcome::Restored { file, articles, links }, true) => s.push_str(&json!({"file": file, "status": "restored", "articles": articles, "same_work_links": links}).to_string()),
            (AddOutcome::Added { file, articles, links }, false) => s.push_str(&format!("已导入 added {file}: {articles} 篇 articles, {links} 个同一作品链接 same-work links")),
            (AddOutcome::AlreadyPresent { file, removed: 0 }, false) => s.push_str(&format!("已存在，未改变 unchanged {file} (already in the library)")),
            (AddOutcome::AlreadyPresent { file, removed }, false) => s.push_str(&format!("已存在，未改变 unchanged {file}: 其中 {removed} 篇文章已删除，未恢复 {removed} of its articles were removed with `tifa rm` and stay removed; add it with --force to restore them")),
            (AddOutcome::Restored { file, articles, links }, false) => s.push_str(&format!("已恢复 restored {file}: {articles} 篇已删除的文章 removed articles, {links} 个同一作品链接 same-work links")),
        }
        s.push('\n');
    }
    for e in &failures {
        if args.json {
            s.push_str(&json!({"file": e.path.display().to_string(), "status": "error", "error": e.kind.to_string()}).to_string());
            s.push('\n');
        }
        eprintln!("tifa: 错误 error: {e}");
    }
    out(&s)?;
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn field_map(specs: &[String]) -> Result<FieldMap> {
    let mut map = FieldMap::default();
    for s in specs {
        let Some((k, v)) = s.split_once('=') else {
            usage!("字段映射 --field expects NAME=COLUMN, got “{s}”")
        };
        let Some(f) = Field::parse(k.trim()) else {
            usage!(
                "未知字段 unknown field “{k}” (content, title, date, year, source, speaker, kind)"
            )
        };
        map.overrides.push((f, v.trim().to_string()));
    }
    Ok(map)
}

/// Files to ingest under `p`. An explicitly named file must be supported;
/// inside folders, files of other types are skipped.
fn collect(p: &Path, explicit: bool, files: &mut Vec<PathBuf>, failures: &mut Vec<IngestError>) {
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(e) => return failures.push(IngestError::new(p, ProblemKind::Io(e))),
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return failures.push(IngestError::new(p, ProblemKind::Io(e))),
        };
        entries.sort();
        for e in entries {
            let hidden = e
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                collect(&e, false, files, failures);
            }
        }
    } else if Format::from_path(p).is_some() {
        files.push(p.to_path_buf());
    } else if explicit {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        failures.push(IngestError::new(p, ProblemKind::Unsupported(ext)));
    }
}
