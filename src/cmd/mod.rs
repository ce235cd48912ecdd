//! One module per subcommand; `run` opens the library and dispatches.

mod add;
mod export;
mod ls;
mod rm;
mod show;

use crate::cli::{Cli, Command};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use tifa_library::Library;

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let dir = data_dir(cli.data)?;
    let open = || Library::open(&dir).with_context(|| format!("文库 library {}", dir.display()));
    match cli.command {
        Command::Add(a) => add::run(&mut open()?, &a),
        Command::Ls(a) => ls::run(&open()?, &a),
        Command::Show(a) => show::run(&open()?, &a),
        Command::Rm(a) => rm::run(&mut open()?, &a),
        Command::Export(a) => export::run(&open()?, &a),
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
