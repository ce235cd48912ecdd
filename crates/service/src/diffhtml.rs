//! A self-contained side-by-side HTML page of `diff` (`tifa diff A B --html
//! FILE`) that an analyst opens in a browser: the summary first (sentence
//! counts, targets side by side, formulations added and dropped with a
//! sentence of context), then two columns, A left and B right, one row per
//! aligned sentence pair, deletions and insertions marked, moved sentences
//! linked to each other (`#a12` ↔ `#b40`).
//!
//! Key decision: one file, no scripts and no external resources (inline CSS),
//! every text escaped with the one XML escaper, so the page can be mailed.

use crate::analysis::{DiffFormulation, DiffOp, DiffResult, RowKind, indicator_label};
use crate::docx::summary_line;
use crate::{Result, ServiceError};
use std::fmt::Write as _;
use std::path::Path;
use tifa_text::xml::escape;

const STYLE: &str = "body{font-family:system-ui,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5rem;color:#222;line-height:1.6}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.35rem .6rem;vertical-align:top;text-align:left}
th{background:#eef1f4}
table.diff td{width:50%;font-family:'Songti SC','Noto Serif CJK SC',serif}
tr.same td{color:#777}tr.moved td{background:#f3f0ff}tr.added td.b{background:#eaffea}tr.dropped td.a{background:#ffecec}
ins{background:#c8f5c8;text-decoration:none}del{background:#ffd0d0}
.tag{font-family:system-ui,sans-serif;font-size:.75rem;color:#888;margin-right:.4rem}
.ctx{color:#555;font-size:.9rem}
ul.forms li{margin:.2rem 0}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}";

fn forms(out: &mut String, title: &str, list: &[DiffFormulation]) {
    let _ = write!(out, "<div><h2>{}</h2><ul class=\"forms\">", escape(title));
    if list.is_empty() {
        out.push_str("<li>—</li>");
    }
    for f in list {
        let ctx = f.context.replace(&f.formulation, "\u{1}");
        let ctx: Vec<String> = ctx.split('\u{1}').map(escape).collect();
        let mark = format!("<b>{}</b>", escape(&f.formulation));
        let _ = write!(
            out,
            "<li><b>{}</b> ×{} <span class=\"ctx\">{}</span></li>",
            escape(&f.formulation),
            f.count,
            ctx.join(&mark)
        );
    }
    out.push_str("</ul></div>");
}

/// The page.
pub fn diff_html(d: &DiffResult) -> String {
    let mut out = String::new();
    let (ta, tb) = match &d.sides {
        Some((a, b)) => (
            format!("{} {} {}", a.id, a.date.as_deref().unwrap_or("—"), a.title),
            format!("{} {} {}", b.id, b.date.as_deref().unwrap_or("—"), b.title),
        ),
        None => (d.a.to_string(), d.b.to_string()),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>比较 {} → {}</title><style>{STYLE}</style></head><body><h1>比较 Comparison</h1><p>A: {}<br>B: {}</p><p>{}</p>",
        escape(&d.a.to_string()),
        escape(&d.b.to_string()),
        escape(&ta),
        escape(&tb),
        escape(&summary_line(d))
    );
    if !d.targets.is_empty() {
        out.push_str("<h2>主要预期目标 Targets</h2><table class=\"targets\"><tr><th>指标 indicator</th><th>A</th><th>B</th></tr>");
        for t in &d.targets {
            let changed = t.a != t.b;
            let _ = write!(
                out,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td></tr>",
                if changed { " class=\"moved\"" } else { "" },
                escape(indicator_label(&t.indicator)),
                escape(t.a.as_deref().unwrap_or("—")),
                escape(t.b.as_deref().unwrap_or("—"))
            );
        }
        out.push_str("</table>");
    }
    out.push_str("<div class=\"cols\">");
    forms(&mut out, "新增提法 Formulations added", &d.added);
    forms(&mut out, "删去提法 Formulations dropped", &d.dropped);
    out.push_str(
        "</div><h2>逐句对照 Side by side</h2><table class=\"diff\"><tr><th>A</th><th>B</th></tr>",
    );
    for r in &d.rows {
        let kind = match r.kind {
            RowKind::Same => "same",
            RowKind::Changed => "changed",
            RowKind::Moved => "moved",
            RowKind::Added => "added",
            RowKind::Dropped => "dropped",
        };
        let (mut left, mut right) = (String::new(), String::new());
        for c in &r.changes {
            match c {
                DiffOp::Equal(t) => {
                    left.push_str(&escape(t));
                    right.push_str(&escape(t));
                }
                DiffOp::Delete(t) => {
                    let _ = write!(left, "<del>{}</del>", escape(t));
                }
                DiffOp::Insert(t) => {
                    let _ = write!(right, "<ins>{}</ins>", escape(t));
                }
            }
        }
        let cell = |side: &str,
                    idx: Option<usize>,
                    para: Option<usize>,
                    other: (&str, Option<usize>),
                    text: &str| match (idx, para) {
            (Some(i), Some(p)) => {
                let link = if r.kind == RowKind::Moved {
                    other
                        .1
                        .map(|j| {
                            format!("<a class=\"tag\" href=\"#{}{j}\">移动 moved ↔</a>", other.0)
                        })
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                format!(
                    "<td class=\"{side}\" id=\"{side}{i}\"><span class=\"tag\">¶{p}</span>{link}{text}</td>"
                )
            }
            _ => format!("<td class=\"{side}\"></td>"),
        };
        let _ = write!(
            out,
            "<tr class=\"{kind}\">{}{}</tr>",
            cell("a", r.a, r.a_paragraph, ("b", r.b), &left),
            cell("b", r.b, r.b_paragraph, ("a", r.a), &right)
        );
    }
    out.push_str("</table></body></html>\n");
    out
}

/// Write the page of `d` to `path`.
pub fn save_diff_html(path: &Path, d: &DiffResult) -> Result<()> {
    std::fs::write(path, diff_html(d)).map_err(|source| ServiceError::Io {
        path: path.display().to_string(),
        source,
    })
}
