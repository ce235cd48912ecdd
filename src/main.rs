//! tifa (提法): the command-line entry point. Parses arguments, runs one
//! subcommand, prints errors with their whole chain, and maps outcomes to
//! exit codes: 0 success, 1 an input or library problem, 2 a usage error
//! (from clap, or found later: a bad date or range, a query that does not
//! parse). A closed pipe (`tifa ls | head`) ends quietly with 0.

mod cli;
mod cmd;
mod table;

use std::io::ErrorKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse(std::env::args_os().collect());
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tifa: 错误 error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  原因 caused by: {cause}");
            }
            ExitCode::from(if cmd::is_usage(&err) { 2 } else { 1 })
        }
    }
}
