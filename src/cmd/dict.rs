//! `tifa dict ls|add|rm`: the user dictionary of formulations jieba keeps
//! whole (`maintenance::dictionary`, `maintenance::change_dictionary`). A
//! change takes effect at the next analysis.

use super::{json_line, out};
use crate::cli::DictCommand;
use anyhow::Result;
use serde::Serialize;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::maintenance::{change_dictionary, dictionary};

/// A line of `dict ls --json`.
#[derive(Serialize)]
struct Term<'a> {
    term: &'a str,
}

pub fn run(lib: &mut Library, cmd: &DictCommand) -> Result<ExitCode> {
    let (terms, add, verb) = match cmd {
        DictCommand::Ls { json } => {
            let terms = dictionary(lib)?;
            let text: String = if *json {
                terms
                    .iter()
                    .map(|t| json_line(&Term { term: t }))
                    .collect::<Result<_>>()?
            } else {
                let mut s: String = terms.iter().map(|t| format!("{t}\n")).collect();
                s.push_str(&format!("共 {} 条 terms\n", terms.len()));
                s
            };
            out(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
        DictCommand::Add { terms } => (terms, true, "已添加 added"),
        DictCommand::Rm { terms } => (terms, false, "已删除 removed"),
    };
    let change = change_dictionary(lib, terms, add)?;
    if change.changed.is_empty() {
        out("词典未变 the dictionary is unchanged\n")?;
    } else {
        out(&format!(
            "{verb} {} 条 terms: {}\n",
            change.changed.len(),
            change.changed.join("、"),
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
