//! `tifa kwic TERM`: every hit with its left and right context
//! (`query::kwic`), citing the article, its date and the paragraph; as
//! aligned text, JSON lines or CSV; `--xlsx` also writes the lines to a
//! workbook (`tifa_service::xlsx`).

use super::{json_line, out};
use crate::cli::{KwicArgs, KwicSort};
use anyhow::Result;
use std::process::ExitCode;
use tifa_service::query::{self, KwicRequest, kwic};
use tifa_service::{Reader, xlsx};
use tifa_text::width::{display_width, pad, truncate};

pub fn run(r: &Reader<'_>, args: &KwicArgs) -> Result<ExitCode> {
    let sort = match args.sort {
        KwicSort::Position => query::KwicSort::Position,
        KwicSort::Left => query::KwicSort::Left,
        KwicSort::Right => query::KwicSort::Right,
        KwicSort::Date => query::KwicSort::Date,
    };
    let lines = kwic(
        r,
        &KwicRequest {
            term: args.term.clone(),
            width: args.width,
            sort,
            offset: 0,
            limit: args.limit,
            filter: args.filter.spec(),
        },
    )?
    .hits;
    if let Some(p) = &args.xlsx {
        xlsx::save(p, &lines)?;
    }
    let mut s = String::new();
    if args.json {
        for l in &lines {
            s.push_str(&json_line(l)?);
        }
    } else if args.csv {
        s.push_str(query::KwicLine::CSV_HEADER);
        for l in &lines {
            s.push_str(&l.csv_row());
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
