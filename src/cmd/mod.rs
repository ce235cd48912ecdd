//! One module per subcommand; `run` opens the library and dispatches.
//! Errors the user fixes on the command line are `UsageError`s (or a bad
//! date, or a query that does not parse): `main` exits with 2 for them.

mod add;
mod bench;
mod collocates;
mod count;
mod dict;
mod diff;
mod edit;
mod export;
mod first;
mod keywords;
mod kwic;
mod ls;
mod newterms;
mod rm;
mod search;
mod show;
mod targets;
mod trend;
mod verify;

use crate::cli::{Cli, Command};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_text::DateRange;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data_dir(cli.data)?;
    let open = || Library::open(&dir).with_context(|| format!("文库 library {}", dir.display()));
    // Commands that only read take no lock and write nothing.
    let read =
        || Library::open_read(&dir).with_context(|| format!("文库 library {}", dir.display()));
    match cli.command {
        Command::Add(a) => add::run(&mut open()?, &a),
        Command::Ls(a) => ls::run(&read()?, &a),
        Command::Show(a) => show::run(&read()?, &a),
        Command::Rm(a) => rm::run(&mut open()?, &a),
        Command::Edit(a) => edit::run(&mut open()?, &a),
        Command::Export(a) => export::run(&read()?, &a),
        Command::Count(a) => count::run(&read()?, &a),
        Command::Kwic(a) => kwic::run(&read()?, &a),
        Command::Search(a) => search::run(&read()?, &a),
        Command::Bench(a) if a.analysis => bench::analysis(&open()?, &a),
        Command::Bench(a) => bench::run(&a),
        Command::Trend(a) => trend::run(&read()?, &a),
        Command::First(a) => first::run(&read()?, &a),
        Command::Targets(a) => targets::run(&read()?, &a),
        Command::Collocates(a) => collocates::run(&read()?, &a),
        Command::Diff(a) => diff::run(&read()?, &a),
        Command::Keywords(a) => keywords::run(&read()?, &a),
        Command::Newterms(a) => newterms::run(&mut open()?, &a),
        Command::Dict(a) => dict::run(&mut open()?, &a),
        Command::Verify(a) => verify::run(&open()?, &a),
        Command::Reindex => {
            let mut lib = open()?;
            let t = std::time::Instant::now();
            lib.reindex()?;
            let exact = t.elapsed().as_secs_f64();
            let ranked_dir = dir.join("ranked");
            let _ = std::fs::remove_dir_all(&ranked_dir);
            let r = sync_ranked(&lib)?;
            out(&format!(
                "已重建索引 reindexed: exact {exact:.2} s, ranked {:.2} s ({} articles)\n",
                r.seconds, r.added
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn data_dir(given: Option<PathBuf>) -> Result<PathBuf> {
    match given {
        Some(d) => Ok(d),
        None => dirs::data_dir()
            .map(|d| d.join("tifa"))
            .context("找不到用户数据目录 no per-user data directory; use --data DIR"),
    }
}

/// Write `s` to standard output, propagating a broken pipe as an error.
pub fn out(s: &str) -> Result<()> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    o.write_all(s.as_bytes())?;
    o.flush()?;
    Ok(())
}

/// The library filter for the command-line filter options; each `--id` must
/// name one article (an unknown or ambiguous prefix is an error).
pub fn filter(lib: &Library, f: &crate::cli::FilterArgs) -> Result<tifa_library::SearchFilter> {
    let dates = date_range("date", f.date.as_deref())?;
    let ids = f
        .ids
        .iter()
        .map(|id| lib.get(id).map(|row| row.id.0))
        .collect::<Result<_, _>>()?;
    Ok(tifa_library::SearchFilter {
        source: f.source.clone(),
        kind: f.kind.clone(),
        speaker: f.speaker.clone(),
        ids,
        ..Default::default()
    }
    .with_dates(dates.as_ref()))
}

/// The value of the date option `--{option}`: `FROM..TO`, `FROM..`, `..TO`
/// or one date, parsed strictly (`DateRange::parse`); a bad one is a usage error.
pub fn date_range(option: &str, value: Option<&str>) -> Result<Option<DateRange>> {
    value
        .map(|v| DateRange::parse(v).with_context(|| format!("选项 option --{option} “{v}”")))
        .transpose()
}

/// A command line that cannot be carried out as written (exit code 2, like
/// clap's own usage errors); `usage!` returns one.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Return a `UsageError` with a formatted message.
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new($crate::cmd::UsageError(format!($($arg)*))))
    };
}
pub(crate) use usage;

/// Whether `err` is the user's to fix on the command line: a usage error,
/// a bad date or range, a query that does not parse.
pub fn is_usage(err: &anyhow::Error) -> bool {
    use tifa_library::LibraryError;
    err.chain().any(|e| {
        e.is::<UsageError>()
            || e.is::<tifa_text::DateError>()
            || matches!(
                e.downcast_ref::<LibraryError>(),
                Some(LibraryError::Query(_) | LibraryError::QueryDate { .. })
            )
    })
}

/// Bring the ranked index up to date, with a progress bar.
pub fn sync_ranked(lib: &Library) -> Result<tifa_library::SyncReport> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} 排序索引 ranking index [{bar:30}] {pos}/{len}",
        )
        .expect("template")
        .progress_chars("=> "),
    );
    let report = lib.sync_ranked(|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    Ok(report)
}
