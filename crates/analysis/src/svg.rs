//! A line chart of trend rows as SVG, with Chinese labels in the usual CJK
//! fonts (the viewer's font, so no font is embedded).
//!
//! Key decision: SVG written by hand — a few dozen lines — instead of a
//! plotting crate, because the chart is simple and must render CJK text.

use crate::trend::TrendRow;
use std::fmt::Write;
use tifa_text::xml::escape as esc;

const COLORS: [&str; 8] = [
    "#c0392b", "#2471a3", "#229954", "#b7950b", "#7d3c98", "#ca6f1e", "#17a589", "#566573",
];

/// SVG of per-10k frequencies (or raw counts with `raw`), one line per term.
pub fn plot(rows: &[TrendRow], raw: bool, title: &str) -> String {
    let mut periods: Vec<&str> = rows.iter().map(|r| r.period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    let mut terms: Vec<&str> = Vec::new();
    for r in rows {
        if !terms.contains(&r.term.as_str()) {
            terms.push(&r.term);
        }
    }
    let value = |r: &TrendRow| if raw { r.occurrences as f64 } else { r.per_10k };
    let max = rows.iter().map(value).fold(0.0, f64::max).max(1e-9);
    let (w, h, left, right, top, bottom) = (900.0, 480.0, 70.0, 160.0, 50.0, 70.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let x = |i: usize| {
        left + if periods.len() > 1 {
            pw * i as f64 / (periods.len() - 1) as f64
        } else {
            pw / 2.0
        }
    };
    let y = |v: f64| top + ph - ph * v / max;
    let mut s = String::new();
    let font = "font-family=\"Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif\"";
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" {font} font-size=\"13\">"
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{left}\" y=\"28\" font-size=\"17\">{}</text>",
        esc(title)
    );
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let (x2, yv, tx, ty) = (left + pw, y(v), left - 6.0, y(v) + 4.0);
        let label = if raw {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
        };
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" x2=\"{x2}\" y1=\"{yv:.1}\" y2=\"{yv:.1}\" stroke=\"#ddd\"/><text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\">{label}</text>"
        );
    }
    let step = periods.len().div_ceil(16).max(1);
    for (i, p) in periods.iter().enumerate().step_by(step) {
        let _ = writeln!(
            s,
            "<text x=\"{0:.1}\" y=\"{1}\" text-anchor=\"end\" transform=\"rotate(-45 {0:.1} {1})\">{2}</text>",
            x(i),
            top + ph + 18.0,
            esc(p)
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"18\" y=\"{}\" transform=\"rotate(-90 18 {0})\" text-anchor=\"middle\">{}</text>",
        top + ph / 2.0,
        if raw {
            "次数 occurrences"
        } else {
            "每万字 per 10,000 characters"
        }
    );
    for (k, t) in terms.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let pts: Vec<String> = rows
            .iter()
            .filter(|r| r.term == *t)
            .filter_map(|r| {
                periods
                    .iter()
                    .position(|p| *p == r.period)
                    .map(|i| format!("{:.1},{:.1}", x(i), y(value(r))))
            })
            .collect();
        let _ = writeln!(
            s,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            pts.join(" ")
        );
        let ly = top + 20.0 * k as f64;
        let _ = writeln!(
            s,
            "<line x1=\"{0}\" x2=\"{1}\" y1=\"{ly}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"3\"/><text x=\"{2}\" y=\"{3}\">{4}</text>",
            left + pw + 15.0,
            left + pw + 35.0,
            left + pw + 40.0,
            ly + 4.0,
            esc(t)
        );
    }
    s.push_str("</svg>\n");
    s
}
