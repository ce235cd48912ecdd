//! `tifa serve`: the web workbench and JSON API (`tifa-server`). Prints the
//! bound address (`http://ADDR/`) as the first line of standard output, then
//! serves until Ctrl-C. Loopback by default; a non-loopback address is
//! refused without `--token-file`.

use super::out;
use crate::cli::ServeArgs;
use anyhow::{Context, Result};
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, args: &ServeArgs) -> Result<ExitCode> {
    let token = match &args.token_file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("令牌文件 token file {}", f.display()))?
                .trim()
                .to_string(),
        ),
        None => None,
    };
    let config = tifa_server::Config {
        addr: args.addr,
        data: dir.to_path_buf(),
        read_only: args.read_only,
        token,
    };
    let read_only = args.read_only;
    let served = tifa_server::serve(config, |addr| {
        // The first line is the address, for people and for scripts.
        let _ = out(&format!("http://{addr}/\n"));
        eprintln!(
            "tifa: 网页工作台 web workbench at http://{addr}/{} (Ctrl-C 停止 to stop)",
            if read_only {
                " · 只读 read-only"
            } else {
                ""
            }
        );
    });
    match served {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // Refusing an unsafe command line is a usage error (exit 2).
        Err(
            e @ (tifa_server::ServerError::NeedToken(_) | tifa_server::ServerError::EmptyToken),
        ) => Err(anyhow::Error::new(super::UsageError(e.to_string()))),
        Err(e) => Err(e.into()),
    }
}
