//! The report corpora: every record ingested clean and dated; same-work
//! links between reprints and never between different reports.

use crate::util::{Dir, shared};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

#[test]
fn reports_ingested_clean_dated_and_linked_correctly() {
    let d = Dir::new("reports");
    d.ok(&[
        "add",
        &shared("corpus/reports"),
        &shared("corpus/compilations"),
    ]);
    let all = d.export();
    let reports: Vec<&Value> = all
        .iter()
        .filter(|a| a["origin"]["file"].as_str().unwrap().ends_with(".jsonl"))
        .collect();
    println!("report records ingested: {}", reports.len());
    assert_eq!(reports.len(), 88);
    // Year fields read independently from the source file.
    let mut years: HashMap<u64, String> = HashMap::new();
    let src =
        std::fs::read_to_string(shared("corpus/reports/government_work_reports.jsonl")).unwrap();
    for (i, l) in src.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let v: Value = serde_json::from_str(l).unwrap();
        if let Some(y) = v["year"].as_str() {
            years.insert(i as u64 + 1, y.to_string());
        }
    }
    let mut dated = 0;
    for r in &reports {
        let text = r["text"].as_str().unwrap();
        for junk in ["公有领域", "Public domain", "本作品来自", "本模板"] {
            assert!(
                !text.contains(junk),
                "{}: licence text {junk:?} left",
                r["title"]
            );
        }
        let date = r["date"]
            .as_str()
            .unwrap_or_else(|| panic!("{} has no date", r["title"]));
        dated += 1;
        if r["origin"]["file"] == "government_work_reports.jsonl"
            && let Some(y) = years.get(&r["origin"]["record"].as_u64().unwrap())
        {
            assert!(
                date.starts_with(y.as_str()),
                "{}: date {date} not in year {y}",
                r["title"]
            );
        }
    }
    println!("dated: {dated}/{}", reports.len());
    let report_ids: HashSet<&str> = reports.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut report_links = 0;
    for r in &reports {
        for other in r["same_work"].as_array().unwrap() {
            if report_ids.contains(other.as_str().unwrap()) {
                report_links += 1;
                println!("  wrong link: {} ~ {}", r["title"], other);
            }
        }
    }
    assert_eq!(report_links, 0, "different reports linked");
    let outline: Vec<&Value> = all
        .iter()
        .filter(|a| a["title"].as_str().unwrap().contains("质量强国建设纲要"))
        .collect();
    assert_eq!(outline.len(), 2, "two 纲要 articles");
    let (a, b) = (outline[0], outline[1]);
    assert!(
        a["same_work"].as_array().unwrap().contains(&b["id"]),
        "纲要 of 000 and 001 not linked"
    );
    assert!(b["same_work"].as_array().unwrap().contains(&a["id"]));
}
