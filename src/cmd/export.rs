//! `tifa export`: the library as JSON lines, one article per line
//! (`articles::export`), in the documented contract (see README).

use crate::cli::ExportArgs;
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::ServiceError;
use tifa_service::articles::export;

pub fn run(lib: &Library, args: &ExportArgs) -> Result<ExitCode> {
    let (mut w, name): (Box<dyn Write>, String) = match &args.output {
        Some(p) => (
            Box::new(std::io::BufWriter::new(
                std::fs::File::create(p).with_context(|| format!("{}", p.display()))?,
            )),
            p.display().to_string(),
        ),
        None => (
            Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            "标准输出 standard output".to_string(),
        ),
    };
    let io = |source| ServiceError::Io {
        path: name.clone(),
        source,
    };
    export(lib, |a| {
        let v = serde_json::to_value(&a).map_err(|e| io(e.into()))?;
        writeln!(w, "{v}").map_err(io)
    })?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
