//! Structure and paragraphs against the gold annotations in ../shared/gold.

use crate::util::{Dir, shared};
use std::path::Path;
use std::process::Command;

/// The seven development compilations: (file under corpus/, gold file, the
/// line source the scorer reads, the name the export records).
const PACKS: [(&str, &str, &str, &str); 7] = [
    (
        "compilations/000_a460838f5e73ed1d.txt",
        "structure/000.json",
        "corpus/compilations/000_a460838f5e73ed1d.txt",
        "000_a460838f5e73ed1d.txt",
    ),
    (
        "compilations/001_793dd0b5a8773a76.txt",
        "structure/001.json",
        "corpus/compilations/001_793dd0b5a8773a76.txt",
        "001_793dd0b5a8773a76.txt",
    ),
    (
        "compilations/002_d40a3a4fdc2e901c.txt",
        "structure/002.json",
        "corpus/compilations/002_d40a3a4fdc2e901c.txt",
        "002_d40a3a4fdc2e901c.txt",
    ),
    (
        "compilations-extra/c01.txt",
        "structure-extra/c01.json",
        "corpus/compilations-extra/c01.txt",
        "c01.txt",
    ),
    (
        "compilations-extra/c02.txt",
        "structure-extra/c02.json",
        "corpus/compilations-extra/c02.txt",
        "c02.txt",
    ),
    (
        "compilations-extra/c03.docx",
        "structure-extra/c03.json",
        "gold/structure-extra/c03.lines.txt",
        "c03.docx",
    ),
    (
        "compilations-extra/c04.docx",
        "structure-extra/c04.json",
        "gold/structure-extra/c04.lines.txt",
        "c04.docx",
    ),
];

/// Scores of one pack as the shared scorer (`../shared/tools/eval_structure.py`,
/// the definition of the scores) prints them: F1, title, date, speaker, kind.
fn score(gold: &str, source: &str, export: &Path, name: &str) -> [f64; 5] {
    score_files(
        Path::new(&shared(&format!("gold/{gold}"))),
        Path::new(&shared(source)),
        export,
        name,
    )
}

fn score_files(gold: &Path, source: &Path, export: &Path, name: &str) -> [f64; 5] {
    let out = Command::new("python3")
        .arg(shared("tools/eval_structure.py"))
        .arg(gold)
        .arg(source)
        .arg(export)
        .arg(name)
        .output()
        .expect("python3 runs the shared scorer");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "scorer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for l in text
        .lines()
        .filter(|l| l.starts_with("MISS") || l.contains("BAD"))
    {
        println!("  {l}");
    }
    let value = |key: &str| -> f64 {
        // The summary lines come last; per-article lines say `title=ok`.
        text.split_whitespace()
            .rev()
            .find_map(|w| w.strip_prefix(key).and_then(|v| v.parse().ok()))
            .unwrap_or_else(|| panic!("no {key} in scorer output: {text}"))
    };
    [
        value("F1="),
        value("title="),
        value("date="),
        value("speaker="),
        value("kind="),
    ]
}

#[test]
fn compilation_structure_matches_gold() {
    let d = Dir::new("gold");
    d.ok(&[
        "add",
        &shared("corpus/compilations"),
        &shared("corpus/compilations-extra"),
    ]);
    let export = d.root.join("export.jsonl");
    std::fs::write(&export, d.ok(&["export", "--format", "jsonl"])).unwrap();
    let mut failed = Vec::new();
    for (_, gold, source, name) in PACKS {
        let [f1, title, date, speaker, kind] = score(gold, source, &export, name);
        println!(
            "{name}: boundary F1 {f1:.3}, title {title:.3}, date {date:.3}, speaker {speaker:.3}, kind {kind:.3}"
        );
        if f1 < 0.95 || title < 0.90 || date < 0.90 {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "below F1 0.95 / title 0.90 / date 0.90: {failed:?}"
    );
}

/// Packs assembled from the corpus's real texts in the layouts study packs
/// are printed in (`scripts/packgen.py`: covers, TOCs with and without
/// labels, labels of every form, hard wraps, double spacing, form feeds,
/// running heads, page numbers, separators, DOCX styles), each with its gold.
/// Mean scores over the packs must stay at the thresholds.
#[test]
fn assembled_packs_match_their_gold() {
    let d = Dir::new("packgen");
    let mut sums = [0.0f64; 3];
    let mut n = 0usize;
    let mut weak = Vec::new();
    for batch in ["dev", "dev2", "dev3"] {
        let out = d.root.join(batch);
        let made = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/packgen.py"))
            .arg(&out)
            .arg(batch)
            .env("TIFA_SHARED", shared(""))
            .output()
            .expect("python3 runs scripts/packgen.py");
        assert!(
            made.status.success(),
            "packgen {batch}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let mut golds: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        golds.sort();
        for gold in golds {
            let id = gold.file_stem().unwrap().to_str().unwrap().to_string();
            let docx = out.join(format!("{id}.docx"));
            let (pack, source, name) = if docx.exists() {
                (
                    docx,
                    out.join(format!("{id}.lines.txt")),
                    format!("{id}.docx"),
                )
            } else {
                let t = out.join(format!("{id}.txt"));
                (t.clone(), t, format!("{id}.txt"))
            };
            let data = d.root.join(format!("data-{id}"));
            let run = |args: &[&str]| {
                let o = Command::new(env!("CARGO_BIN_EXE_tifa"))
                    .arg("--data")
                    .arg(&data)
                    .args(args)
                    .output()
                    .unwrap();
                assert!(
                    o.status.success(),
                    "{args:?}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                o.stdout
            };
            run(&["add", pack.to_str().unwrap()]);
            let export = d.root.join(format!("{id}.jsonl"));
            std::fs::write(&export, run(&["export", "--format", "jsonl"])).unwrap();
            let [f1, title, date, _, _] = score_files(&gold, &source, &export, &name);
            println!("{id}: boundary F1 {f1:.3}, title {title:.3}, date {date:.3}");
            if f1 < 0.95 || title < 0.9 || date < 0.9 {
                weak.push(id);
            }
            for (s, v) in sums.iter_mut().zip([f1, title, date]) {
                *s += v;
            }
            n += 1;
        }
    }
    let [f1, title, date] = sums.map(|s| s / n as f64);
    println!(
        "{n} assembled packs: mean F1 {f1:.3}, title {title:.3}, date {date:.3}; below a threshold: {weak:?}"
    );
    assert!(n >= 15, "only {n} packs generated");
    assert!(
        f1 >= 0.95 && title >= 0.9 && date >= 0.9,
        "mean F1 {f1:.3} / title {title:.3} / date {date:.3} below 0.95 / 0.90 / 0.90"
    );
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
