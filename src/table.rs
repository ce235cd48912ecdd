//! Plain-text tables whose columns line up when cells hold Chinese text
//! (double-width characters), using display width rather than char counts.

use tifa_text::width::{display_width, pad, truncate};

/// Render rows under a header; the last column is cut to `last_max` columns.
pub fn render(header: &[&str], rows: &[Vec<String>], last_max: usize) -> String {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n - 1) {
            widths[i] = widths[i].max(display_width(c));
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == n {
                s.push_str(&truncate(c, last_max));
            } else {
                s.push_str(&pad(c, widths[i]));
                s.push_str("  ");
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(header.iter().map(|h| h.to_string()).collect());
    for r in rows {
        line(r.clone());
    }
    out
}
