//! Office output. `--xlsx FILE` on the table commands: each workbook is read back with
//! calamine and must hold exactly the rows of the same command's `--json`
//! output (same order, same values), numbers typed as numbers, dates as
//! Excel dates shown at their printed precision, the header row frozen.
//! `diff --docx`: every change of `--json` is a tracked Word revision.

use crate::util::{Dir, shared, work_report};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Map, Value};
use std::io::{Cursor, Read};

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The Excel serial of an ISO date, a partial one on its first day.
fn serial(iso: &str) -> f64 {
    let p: Vec<i64> = iso.split('-').map(|x| x.parse().unwrap()).collect();
    let (m, d) = (
        p.get(1).copied().unwrap_or(1),
        p.get(2).copied().unwrap_or(1),
    );
    (days(p[0], m, d) - days(1899, 12, 30)) as f64
}

/// A JSON object's fields, nested objects flattened as `outer.inner`, nulls left out.
fn flatten(prefix: &str, v: &Value, out: &mut Map<String, Value>) {
    for (k, v) in v.as_object().expect("a JSON row is an object") {
        let key = format!("{prefix}{k}");
        match v {
            Value::Object(_) => flatten(&format!("{key}."), v, out),
            Value::Null => {}
            v => {
                out.insert(key, v.clone());
            }
        }
    }
}

/// A file of the workbook as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Assert that the workbook `bytes` holds exactly `lines` (the `--json`
/// output of the same command, one JSON object a line) under a frozen header
/// whose cells end with the JSON field names. A fractional number is
/// compared with the JSON text itself: serde_json's default parser may miss
/// the last bit, the sheet must hold the very f64 that was printed.
pub fn assert_workbook(bytes: &[u8], lines: &[&str]) {
    let rows: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 1, "one sheet");
    let range = book.worksheet_range(&names[0]).unwrap();
    let mut sheet = range.rows();
    let header: Vec<String> = sheet
        .next()
        .expect("a header row")
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => panic!("header cell {other:?}"),
        })
        .collect();
    for h in &header {
        assert!(
            h.starts_with(|c: char| !c.is_ascii()) || h.starts_with("logDice"),
            "Chinese first: {h}"
        );
    }
    let fields: Vec<&str> = header
        .iter()
        .map(|h| h.rsplit(' ').next().unwrap())
        .collect();
    let body: Vec<&[Data]> = sheet.collect();
    assert_eq!(body.len(), rows.len(), "one sheet row per JSON row");
    for (i, (cells, json)) in body.iter().zip(&rows).enumerate() {
        let mut want = Map::new();
        flatten("", json, &mut want);
        for key in want.keys() {
            assert!(fields.contains(&key.as_str()), "no column for {key}");
        }
        for (field, cell) in fields.iter().zip(cells.iter()) {
            let ok = match (want.get(*field), cell) {
                // Excel keeps no empty strings: "" reads back as an empty cell.
                (None, Data::Empty) => true,
                (Some(Value::String(s)), Data::Empty) => s.is_empty(),
                (Some(Value::String(s)), Data::String(c)) => s == c,
                (Some(Value::Number(n)), Data::Float(f)) if n.is_f64() => {
                    let name = field.rsplit('.').next().unwrap();
                    let printed = serde_json::to_string(f).unwrap();
                    lines[i].contains(&format!("\"{name}\":{printed}"))
                }
                (Some(Value::Number(n)), Data::Float(f)) => n.as_f64() == Some(*f),
                (Some(Value::Number(n)), Data::Int(c)) => n.as_i64() == Some(*c),
                (Some(Value::String(s)), Data::DateTime(d)) => {
                    d.is_datetime() && d.as_f64() == serial(s)
                }
                _ => false,
            };
            assert!(
                ok,
                "row {i} {field}: sheet {cell:?}, JSON {:?}",
                want.get(*field)
            );
        }
    }
    let xml = part(bytes, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "header row frozen"
    );
    assert!(xml.contains("<cols>"), "column widths set");
}

/// Run `args` with `--json --xlsx FILE` (one run writes both) and compare.
fn check(d: &Dir, args: &[&str], json_array: bool) -> Vec<Value> {
    let path = d.root.join("out.xlsx");
    let _ = std::fs::remove_file(&path);
    let mut with = args.to_vec();
    with.extend(["--json", "--xlsx", path.to_str().unwrap()]);
    let out = d.ok(&with);
    let lines: Vec<String> = if json_array {
        // `targets`: one array; its elements hold no fractions to re-print.
        let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
        rows.iter().map(Value::to_string).collect()
    } else {
        out.lines().map(str::to_string).collect()
    };
    assert!(!lines.is_empty(), "{args:?} has rows to compare");
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    assert_workbook(&std::fs::read(&path).unwrap(), &lines);
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn query_tables_read_back_equal_their_json() {
    let d = Dir::new("xlsx-query");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
        &shared("corpus/compilations"),
    ]);
    // Every hit; dates printed to the day, the month and the year, and none.
    let lines = check(&d, &["kwic", "改革"], false);
    let precisions: std::collections::BTreeSet<usize> = lines
        .iter()
        .map(|l| l["date"].as_str().map_or(0, str::len))
        .collect();
    assert!(
        [0, 4, 7, 10].iter().all(|p| precisions.contains(p)),
        "dates of every precision: {precisions:?}"
    );
    let path = d.root.join("out.xlsx");
    let styles = part(&std::fs::read(&path).unwrap(), "xl/styles.xml");
    for f in ["yyyy-mm-dd", "yyyy-mm", "yyyy"] {
        assert!(
            styles.contains(&format!(r#"formatCode="{f}""#)),
            "dates shown as printed: {f}"
        );
    }
    check(&d, &["kwic", "新质生产力", "--sort", "left"], false);
    check(&d, &["count", "改革", "发展"], false);
    check(&d, &["count", "改革", "--by", "year"], false);
    check(&d, &["count", "改革", "--by", "source"], false);

    // An unwritable file is named, with a non-zero exit and no panic.
    let o = d.tifa(&["count", "改革", "--xlsx", "/nonexistent-dir/out.xlsx"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("/nonexistent-dir/out.xlsx"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn analysis_tables_read_back_equal_their_json() {
    let d = Dir::new("xlsx-analysis");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
        &shared("corpus/compilations"),
    ]);
    check(&d, &["trend", "改革", "新质生产力"], false);
    check(&d, &["trend", "改革", "--by", "month"], false);
    check(&d, &["targets"], true);
    let terms = check(
        &d,
        &["newterms", "--period", "2023..2025", "-n", "10"],
        false,
    );
    assert!(terms.iter().any(|t| t["first"].is_object()));
    check(&d, &["keywords", "--date", "2024", "-n", "20"], false);
    check(&d, &["collocates", "改革", "-n", "20"], false);
}

/// The text of every element `<tag …>TEXT</tag>` in `xml`, in order, unescaped.
fn texts_of(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let start = i + rest[i..].find('>').unwrap() + 1;
        let end = start + rest[start..].find(&close).unwrap();
        out.push(
            rest[start..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    out
}

#[test]
fn diff_docx_tracks_every_change() {
    let d = Dir::new("docx-diff");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let id = |y: &str| work_report(&arts, y)["id"].as_str().unwrap().to_string();
    let path = d.root.join("diff.docx");
    let (a, b) = (id("2023"), id("2024"));
    let out = d.ok(&["diff", &a, &b, "--json", "--docx", path.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let xml = part(&std::fs::read(&path).unwrap(), "word/document.xml");
    let ops = |op: &str| -> Vec<String> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["changes"].as_array().unwrap())
            .filter(|c| c["op"] == op)
            .map(|c| c["text"].as_str().unwrap().to_string())
            .collect()
    };
    let deleted = ops("delete");
    assert!(!deleted.is_empty() && !ops("insert").is_empty());
    assert_eq!(
        texts_of(&xml, "w:delText"),
        deleted,
        "deletions tracked as w:del"
    );
    let inserted: Vec<String> = xml
        .split("<w:ins ")
        .skip(1)
        .map(|s| texts_of(&s[..s.find("</w:ins>").unwrap()], "w:t").concat())
        .collect();
    assert_eq!(inserted, ops("insert"), "insertions tracked as w:ins");
    assert!(
        xml.contains(&a) && xml.contains(&b),
        "the summary names both articles"
    );
    let o = d.tifa(&["diff", &a, &b, "--docx", "/nonexistent-dir/d.docx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent-dir/d.docx"));
}
