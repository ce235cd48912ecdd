//! `tifa collate ID`: the witnesses of one work side by side
//! (`tifa_service::collate`): a witness list and the apparatus as text, the
//! whole collation as JSON, or HTML / TEI files.

use super::{json_line, out};
use crate::cli::CollateArgs;
use anyhow::{Context, Result};
use std::fmt::Write;
use std::process::ExitCode;
use tifa_library::Library;
use tifa_service::collate::{CollateRequest, collate, shorten};
use tifa_text::width::{pad, truncate};

pub fn run(lib: &Library, args: &CollateArgs) -> Result<ExitCode> {
    let c = collate(
        lib,
        &CollateRequest {
            id: args.id.clone(),
            base: args.base.clone(),
        },
    )?;
    for (path, text) in [(&args.html, c.to_html()), (&args.tei, c.to_tei())] {
        if let Some(path) = path {
            std::fs::write(path, text)
                .with_context(|| format!("写出 writing {}", path.display()))?;
        }
    }
    if args.json {
        out(&json_line(&c)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut s = String::new();
    let m = &c.summary;
    writeln!(
        s,
        "校勘 Collation: {} — {} 个见证本 witnesses, {} 处 places (异文 variant {} · 缺 omission {} · 增 addition {} · 标点 punctuation {} · 繁简 script {})\n",
        c.title,
        c.witnesses.len(),
        c.apparatus.len(),
        m.variant,
        m.omission,
        m.addition,
        m.punctuation,
        m.script
    )?;
    for w in &c.witnesses {
        writeln!(
            s,
            "{}  {}  {}  {}  {:>6} 字  {}{}",
            pad(&w.siglum, 2),
            w.id,
            pad(w.date.as_deref().unwrap_or("—"), 10),
            pad(&truncate(w.source.as_deref().unwrap_or("—"), 16), 16),
            w.chars,
            w.title,
            if w.base { "  （底本 base）" } else { "" }
        )?;
    }
    s.push('\n');
    for e in &c.apparatus {
        let at = match e.paragraph {
            Some(p) => format!("¶{p}"),
            None => format!("框 box@{}", e.passage),
        };
        let lemma = if e.lemma.is_empty() {
            "〔无〕".to_string()
        } else {
            shorten(&e.lemma, 30)
        };
        write!(
            s,
            "{:>4}  {}  {}  …{}【{}】{}",
            e.n,
            pad(&at, 9),
            pad(e.kind.label(), 16),
            e.before,
            lemma,
            e.lemma_witnesses.join("")
        )?;
        for r in &e.readings {
            let text = if r.text.is_empty() {
                "〔无 omitted〕".to_string()
            } else {
                shorten(&r.text, 30)
            };
            write!(s, "  {}：{}", r.witnesses.join(""), text)?;
        }
        s.push('\n');
    }
    if args.html.is_some() || args.tei.is_some() {
        s.push('\n');
    }
    for (path, what) in [(&args.html, "HTML"), (&args.tei, "TEI")] {
        if let Some(path) = path {
            writeln!(s, "已写出 wrote {what}: {}", path.display())?;
        }
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}
