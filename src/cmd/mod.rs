//! One module per subcommand; `run` opens the library and dispatches.
//! Each module turns its arguments into a `tifa-service` request and renders
//! the typed result: a table or text, or with `--json` the result serialised.
//!
//! Key decision: no use case is decided here. Read commands open the library
//! with `open_read` (no writer lock) and hand a `Reader` to the service;
//! errors the user fixes on the command line (`UsageError`, or a
//! `ServiceError` whose `is_usage` holds: a bad date, a query that does not
//! parse) make `main` exit with 2. `--xlsx FILE` writes the rows of `--json`
//! to a workbook through `tifa_service::xlsx`: the CLI only passes the path.

mod add;
mod bench;
mod check;
mod cite;
mod collate;
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
mod notes;
mod pack;
mod rm;
mod search;
mod serve;
mod show;
mod targets;
mod trend;
mod verify;

use crate::cli::{Cli, Command};
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::{Reader, ServiceError};

/// The reader of a read command, kept until the process exits. Key
/// decision: never dropped: unmapping each segment and closing the database
/// is work the kernel does at exit anyway, and one munmap per segment costs
/// about 0.2 ms of a 3 ms `tifa count` on a library of 200 MB.
fn reader(lib: Library) -> &'static Reader<'static> {
    let lib: &'static Library = Box::leak(Box::new(lib));
    Box::leak(Box::new(Reader::new(lib)))
}

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
        Command::Count(a) => count::run(reader(read()?), &a),
        Command::Kwic(a) => kwic::run(reader(read()?), &a),
        Command::Search(a) => search::run(reader(read()?), &a),
        Command::Bench(a) if a.analysis => bench::analysis(&open()?, &a),
        Command::Bench(a) => bench::run(&a),
        Command::Serve(a) => serve::run(&dir, &a),
        Command::Trend(a) => trend::run(reader(read()?), &a),
        Command::First(a) => first::run(reader(read()?), &a),
        Command::Notes(a) => notes::run(reader(read()?), &a),
        Command::Targets(a) => targets::run(reader(read()?), &a),
        Command::Collocates(a) => collocates::run(reader(read()?), &a),
        Command::Check(a) => check::run(reader(read()?), &a),
        Command::Cite(a) => cite::run(reader(read()?), &a),
        Command::Diff(a) => diff::run(reader(read()?), &a),
        Command::Collate(a) => collate::run(&read()?, &a),
        Command::Keywords(a) => keywords::run(reader(read()?), &a),
        Command::Newterms(a) => newterms::run(&read()?, &a, open),
        Command::Dict(a) => dict::run(&mut open()?, &a),
        Command::Verify(a) => verify::run(&open()?, &a),
        Command::Pack(a) => pack::run(reader(read()?), &a),
        Command::Reindex => {
            let r = tifa_service::maintenance::reindex(&mut open()?)?;
            out(&format!(
                "已重建索引 reindexed {} 篇 articles in {:.2} s\n",
                r.articles, r.seconds
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

/// One JSON line: `value` with its object keys sorted (as `serde_json`
/// without `preserve_order` prints a `Value`), then a newline.
pub fn json_line(value: &impl Serialize) -> Result<String> {
    Ok(format!("{}\n", serde_json::to_value(value)?))
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
    err.chain().any(|e| {
        e.is::<UsageError>()
            || e.downcast_ref::<ServiceError>()
                .is_some_and(ServiceError::is_usage)
    })
}
