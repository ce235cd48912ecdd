//! `tifa kwic TERM`: every hit with its left and right context, citing the
//! article, its date and the paragraph; as aligned text, JSON lines or CSV.

use super::{filter, out};
use crate::cli::{KwicArgs, KwicSort};
use anyhow::Result;
use serde_json::json;
use std::process::ExitCode;
use tifa_library::{Library, SortKwic};
use tifa_text::width::{display_width, pad, truncate};

pub fn run(lib: &Library, args: &KwicArgs) -> Result<ExitCode> {
    let f = filter(lib, &args.filter)?;
    let sort = match args.sort {
        KwicSort::Position => SortKwic::Position,
        KwicSort::Left => SortKwic::Left,
        KwicSort::Right => SortKwic::Right,
        KwicSort::Date => SortKwic::Date,
    };
    let lines = lib.searcher()?.kwic(
        &args.term,
        args.filter.ignore_punct,
        &f,
        args.width,
        sort,
        args.limit,
    );
    let mut s = String::new();
    if args.json {
        for l in &lines {
            let v = json!({"article": l.article.0, "title": l.title, "date": l.date, "paragraph": l.paragraph, "left": l.left, "hit": l.hit, "right": l.right});
            s.push_str(&v.to_string());
            s.push('\n');
        }
    } else if args.csv {
        s.push_str("article,title,date,paragraph,left,hit,right\n");
        for l in &lines {
            let cells = [
                l.article.0.as_str(),
                &l.title,
                l.date.as_deref().unwrap_or(""),
                &l.paragraph.to_string(),
                &l.left,
                &l.hit,
                &l.right,
            ]
            .map(csv_cell);
            s.push_str(&cells.join(","));
            s.push('\n');
        }
    } else {
        let lw = lines
            .iter()
            .map(|l| display_width(&l.left))
            .max()
            .unwrap_or(0);
        for l in &lines {
            let left = format!("{}{}", " ".repeat(lw - display_width(&l.left)), l.left);
            let cite = format!(
                "{} {} p{} {}",
                l.article,
                l.date.as_deref().unwrap_or("—"),
                l.paragraph,
                truncate(&l.title, 24)
            );
            s.push_str(&format!(
                "{left} 【{}】 {}  {cite}\n",
                l.hit,
                pad(&l.right, display_width(&l.right).max(args.width * 2))
            ));
        }
        s.push_str(&format!("共 {} 处 {} hits\n", lines.len(), lines.len()));
    }
    out(&s)?;
    Ok(ExitCode::SUCCESS)
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
