//! A word-segmented engine (jieba tokens, phrase queries) against tifa's
//! exact index on the government work reports: the word engine misses
//! articles that contain the query as a plain substring; tifa misses none.

use std::collections::HashSet;
use std::path::Path;
use tifa_index::{Ranked, Segmentation, Segmenter};
use tifa_library::{Filter, Library, SearchFilter};

#[test]
fn word_engine_misses_hits_that_tifa_finds() {
    let tmp = std::env::temp_dir().join(format!("tifa-words-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let mut lib = Library::open(&tmp.join("lib")).unwrap();
    let reports = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/reports/government_work_reports.jsonl");
    let doc = tifa_ingest::ingest_path(&reports, &Default::default()).unwrap();
    let batch = lib.batch().unwrap();
    batch.add(&doc).unwrap();
    batch.commit().unwrap();
    // The baseline: jieba default-mode words with positions, phrase queries.
    let words = Ranked::open(
        &tmp.join("words"),
        Segmentation::Words,
        Segmenter::default(),
    )
    .unwrap();
    let mut w = words.writer(2).unwrap();
    let rows = lib.list(&Filter::default()).unwrap();
    let mut texts = Vec::new();
    let searcher = lib.searcher().unwrap();
    for r in &rows {
        let text = lib.body(&r.id).unwrap().join("\n");
        let key = searcher.rowid(&r.id).unwrap();
        w.add(key as u64, &r.title, &text).unwrap();
        texts.push((key, text));
    }
    w.commit("baseline").unwrap();
    let queries = [
        "质量发展",
        "发展银行",
        "简单",
        "改革开放",
        "创新驱动",
        "生产力",
        "经济增长",
        "就业优先",
        "乡村振兴",
        "减税降费",
        "实体经济",
        "营商环境",
        "共同富裕",
        "人民群众",
        "现代化",
        "高水平",
        "稳中求进",
        "新发展理念",
        "供给侧",
        "结构性改革",
    ];
    let (mut truth_total, mut word_found, mut tifa_found) = (0, 0, 0);
    for q in queries {
        let truth: HashSet<i64> = texts
            .iter()
            .filter(|(_, t)| t.contains(q))
            .map(|(k, _)| *k)
            .collect();
        let exact: HashSet<i64> = searcher
            .articles_with(q, false, &SearchFilter::default())
            .into_keys()
            .collect();
        let word: HashSet<i64> = words
            .phrase_matches(q, 10_000)
            .unwrap()
            .into_iter()
            .map(|k| k as i64)
            .collect();
        assert_eq!(
            exact, truth,
            "tifa must find exactly the articles containing {q}"
        );
        let hit = word.intersection(&truth).count();
        println!(
            "{q}: substring scan {} articles, tifa {}, word engine {hit}",
            truth.len(),
            exact.len()
        );
        truth_total += truth.len();
        word_found += hit;
        tifa_found += exact.len();
    }
    let word_recall = word_found as f64 / truth_total as f64;
    println!(
        "article recall over {} queries: tifa {:.3}, jieba word engine {word_recall:.3}",
        queries.len(),
        tifa_found as f64 / truth_total as f64
    );
    assert_eq!(tifa_found, truth_total);
    assert!(
        word_recall < 1.0,
        "the word engine was expected to miss some hits"
    );
    std::fs::remove_dir_all(&tmp).unwrap();
}
