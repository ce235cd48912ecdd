//! `tifa dict ls|add|rm`: the user dictionary of formulations jieba keeps
//! whole. A change re-tokenises the ranked index at once, with progress.

use super::{out, sync_ranked};
use crate::cli::DictCommand;
use anyhow::Result;
use serde_json::json;
use std::process::ExitCode;
use tifa_library::Library;

pub fn run(lib: &mut Library, cmd: &DictCommand) -> Result<ExitCode> {
    let (changed, verb) = match cmd {
        DictCommand::Ls { json } => {
            let terms = lib.dictionary()?;
            let text: String = if *json {
                terms
                    .iter()
                    .map(|t| json!({"term": t}).to_string() + "\n")
                    .collect()
            } else {
                let mut s: String = terms.iter().map(|t| format!("{t}\n")).collect();
                s.push_str(&format!("共 {} 条 terms\n", terms.len()));
                s
            };
            out(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
        DictCommand::Add { terms } => (lib.add_words(terms)?, "已添加 added"),
        DictCommand::Rm { terms } => (lib.remove_words(terms)?, "已删除 removed"),
    };
    if !changed.is_empty() {
        let r = sync_ranked(lib)?;
        out(&format!(
            "{verb} {} 条 terms: {}; 排序索引已重建 ranked index re-tokenised ({} articles, {:.2} s)\n",
            changed.len(),
            changed.join("、"),
            r.added,
            r.seconds
        ))?;
    } else {
        out("词典未变 the dictionary is unchanged\n")?;
    }
    Ok(ExitCode::SUCCESS)
}
