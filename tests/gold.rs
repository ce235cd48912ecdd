//! Structure and paragraphs against the gold annotations in ../shared/gold.

use crate::util::{Dir, shared, squash};
use serde_json::Value;
use std::collections::HashSet;

fn nonblank(lines: &[&str], s: u64, e: u64) -> HashSet<u64> {
    (s..=e)
        .filter(|&i| {
            lines
                .get(i as usize - 1)
                .is_some_and(|l| !l.trim().is_empty())
        })
        .collect()
}

struct Score {
    matched: usize,
    pred: usize,
    gold: usize,
    titles_ok: usize,
    dates_ok: usize,
    dates_total: usize,
    kinds_ok: usize,
}

fn score(file: &str, gold: &Value, exported: &[Value]) -> Score {
    let text = std::fs::read_to_string(shared(&format!("corpus/compilations/{file}"))).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let pred: Vec<&Value> = exported
        .iter()
        .filter(|a| a["origin"]["file"] == file)
        .collect();
    let gold_arts = gold["articles"].as_array().unwrap();
    let mut used = vec![false; pred.len()];
    let mut s = Score {
        matched: 0,
        pred: pred.len(),
        gold: gold_arts.len(),
        titles_ok: 0,
        dates_ok: 0,
        dates_total: 0,
        kinds_ok: 0,
    };
    for g in gold_arts {
        let gs = nonblank(
            &lines,
            g["start_line"].as_u64().unwrap(),
            g["end_line"].as_u64().unwrap(),
        );
        let found = pred.iter().enumerate().find(|(k, p)| {
            let ps = nonblank(
                &lines,
                p["origin"]["start_line"].as_u64().unwrap(),
                p["origin"]["end_line"].as_u64().unwrap(),
            );
            let inter = gs.intersection(&ps).count() as f64;
            !used[*k] && inter / gs.union(&ps).count().max(1) as f64 >= 0.9
        });
        let has_date = g["date"].is_string();
        s.dates_total += has_date as usize;
        let Some((k, p)) = found else {
            println!(
                "  missed: {} (lines {}–{})",
                g["title"], g["start_line"], g["end_line"]
            );
            continue;
        };
        used[k] = true;
        s.matched += 1;
        let title = squash(p["title"].as_str().unwrap_or(""));
        let gt = squash(g["title"].as_str().unwrap());
        let lead = squash(g["subtitle"].as_str().unwrap_or("")) + &gt;
        if title == gt || title == lead {
            s.titles_ok += 1;
        } else {
            println!("  title: {:?} ≠ gold {:?}", p["title"], g["title"]);
        }
        if p["kind"] == g["kind"] {
            s.kinds_ok += 1;
        } else {
            println!(
                "  kind of {:?}: {} ≠ gold {}",
                g["title"], p["kind"], g["kind"]
            );
        }
        if has_date {
            if p["date"] == g["date"] {
                s.dates_ok += 1;
            } else {
                println!(
                    "  date of {:?}: {} ≠ gold {}",
                    g["title"], p["date"], g["date"]
                );
            }
        }
    }
    s
}

#[test]
fn compilation_structure_matches_gold() {
    let d = Dir::new("gold");
    d.ok(&["add", &shared("corpus/compilations")]);
    let exported = d.export();
    let (mut titles, mut dates, mut dates_total, mut golds, mut kinds) = (0, 0, 0, 0, 0);
    for (file, g) in [
        ("000_a460838f5e73ed1d.txt", "000"),
        ("001_793dd0b5a8773a76.txt", "001"),
        ("002_d40a3a4fdc2e901c.txt", "002"),
    ] {
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(shared(&format!("gold/structure/{g}.json"))).unwrap(),
        )
        .unwrap();
        let s = score(file, &gold, &exported);
        let p = s.matched as f64 / s.pred.max(1) as f64;
        let r = s.matched as f64 / s.gold as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "{g}: boundary F1 {f1:.3} (P {p:.3} R {r:.3}); titles {}/{}; dates {}/{}",
            s.titles_ok, s.gold, s.dates_ok, s.dates_total
        );
        assert!(f1 >= 0.95, "{g}: boundary F1 {f1:.3} < 0.95");
        titles += s.titles_ok;
        golds += s.gold;
        dates += s.dates_ok;
        dates_total += s.dates_total;
        kinds += s.kinds_ok;
    }
    let ta = titles as f64 / golds as f64;
    let da = dates as f64 / dates_total as f64;
    println!(
        "all: title accuracy {ta:.3} ({titles}/{golds}); date accuracy {da:.3} ({dates}/{dates_total})"
    );
    let ka = kinds as f64 / golds as f64;
    println!("all: kind accuracy {ka:.3} ({kinds}/{golds})");
    assert!(ta >= 0.90, "title accuracy {ta:.3} < 0.90");
    // No threshold is set for kinds; this guards against regressions.
    assert!(ka >= 0.80, "kind accuracy {ka:.3} < 0.80");
    assert!(da >= 0.90, "date accuracy {da:.3} < 0.90");
}

/// Dice similarity over the longest common subsequence.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for &x in &a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    2.0 * prev[b.len()] as f64 / (a.len() + b.len()).max(1) as f64
}

#[test]
fn quality_outline_paragraphs_rebuilt() {
    let d = Dir::new("paragraphs");
    d.ok(&[
        "add",
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
    ]);
    let art = d
        .export()
        .into_iter()
        .find(|a| a["title"].as_str().unwrap().contains("质量强国建设纲要"))
        .expect("纲要 article");
    let pred: Vec<String> = art["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().split_whitespace().collect())
        .collect();
    let gold = std::fs::read_to_string(shared("gold/paragraphs/001_quality_outline.txt")).unwrap();
    let gold: Vec<String> = gold
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    let rebuilt = gold
        .iter()
        .filter(|g| {
            let ok = pred.iter().any(|p| {
                p == *g || (p.len().abs_diff(g.len()) * 10 <= g.len() && similarity(p, g) >= 0.95)
            });
            if !ok {
                println!("  not rebuilt: {}…", g.chars().take(30).collect::<String>());
            }
            ok
        })
        .count();
    let share = rebuilt as f64 / gold.len() as f64;
    println!(
        "001 纲要: {rebuilt}/{} gold paragraphs rebuilt ({share:.3})",
        gold.len()
    );
    assert!(share >= 0.95, "only {share:.3} of gold paragraphs rebuilt");
}
