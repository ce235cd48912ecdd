//! `tifa newterms` against a brute-force reimplementation over the exported
//! texts (every n-gram counted in a hash map, neighbours and sub-string
//! counts by scanning), and the user dictionary it feeds.

use crate::util::{Dir, shared};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Han characters, as the README documents them.
fn han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
        || c == '〇'
}

/// The function characters the README lists as never starting or ending a term.
const NOT_FIRST: &str = "的了着过和与及等是也都之于而并或但吗呢吧啊";
const NOT_LAST: &str = "的了着过和与及等是在对把被将并而也都之于为或从向让由但吗呢吧啊";

#[derive(Default)]
struct Gram {
    count: usize,
    texts: HashSet<usize>,
    left: Vec<Option<char>>,
    right: Vec<Option<char>>,
}

/// Entropy in bits; `None` (a break) counts as a distinct neighbour each time.
fn entropy(xs: &[Option<char>]) -> f64 {
    let mut m: HashMap<char, f64> = HashMap::new();
    let mut acc = 0.0;
    for c in xs.iter().flatten() {
        *m.entry(*c).or_default() += 1.0;
    }
    for c in m.values() {
        acc += c * c.ln();
    }
    let n = xs.len() as f64;
    (n.ln() - acc / n) / std::f64::consts::LN_2
}

fn overlapping(t: &str, q: &str) -> usize {
    let (mut n, mut at) = (0, 0);
    while let Some(i) = t[at..].find(q) {
        n += 1;
        at += i + t[at + i..].chars().next().map_or(1, char::len_utf8);
    }
    n
}

/// The terms `newterms` must report with its default thresholds, computed by brute force.
fn brute_force(
    target: &[String],
    reference: &[String],
) -> HashMap<String, (usize, usize, usize, f64, f64, f64)> {
    let runs: Vec<(usize, Vec<char>)> = target
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.split(|c: char| !han(c))
                .filter(|r| !r.is_empty())
                .map(move |r| (i, r.chars().collect()))
        })
        .collect();
    let n_han: usize = runs.iter().map(|(_, r)| r.len()).sum();
    let mut grams: HashMap<String, Gram> = HashMap::new();
    for (i, r) in &runs {
        for s in 0..r.len() {
            for len in 1..=10.min(r.len() - s) {
                let g = grams.entry(r[s..s + len].iter().collect()).or_default();
                g.count += 1;
                if len >= 2 {
                    g.texts.insert(*i);
                    g.left.push(s.checked_sub(1).map(|k| r[k]));
                    g.right.push(r.get(s + len).copied());
                }
            }
        }
    }
    let chars: usize = target.iter().map(|t| t.chars().count()).sum();
    let ref_chars: usize = reference.iter().map(|t| t.chars().count()).sum();
    let mut out = HashMap::new();
    for (w, g) in &grams {
        let cs: Vec<char> = w.chars().collect();
        if cs.len() < 2 || g.count < 5 || g.texts.len() < 2 {
            continue;
        }
        if NOT_FIRST.contains(cs[0]) || NOT_LAST.contains(cs[cs.len() - 1]) {
            continue;
        }
        let (hl, hr) = (entropy(&g.left), entropy(&g.right));
        if hl < 1.0 || hr < 1.0 {
            continue;
        }
        let pmi = (1..cs.len())
            .map(|k| {
                let a: String = cs[..k].iter().collect();
                let b: String = cs[k..].iter().collect();
                (g.count as f64 * n_han as f64 / (grams[&a].count * grams[&b].count) as f64).log2()
            })
            .fold(f64::INFINITY, f64::min);
        if pmi < 3.0 {
            continue;
        }
        let r: usize = reference.iter().map(|t| overlapping(t, w)).sum();
        let rate = g.count as f64 / chars as f64;
        if rate < 20.0 * (r as f64 + 0.5) / ref_chars as f64 {
            continue;
        }
        out.insert(w.clone(), (g.count, g.texts.len(), r, pmi, hl, hr));
    }
    // A shorter term that only ever occurs inside a longer one is not reported.
    let all: Vec<(String, usize)> = out.iter().map(|(w, v)| (w.clone(), v.0)).collect();
    out.retain(|w, v| {
        !all.iter()
            .any(|(o, n)| o != w && *n == v.0 && o.contains(w.as_str()))
    });
    out
}

#[test]
fn newterms_equal_a_brute_force_count_of_every_n_gram() {
    let d = Dir::new("newterms");
    d.ok(&[
        "add",
        &shared("corpus/reports"),
        &shared("corpus/compilations"),
        &shared("corpus/speeches"),
    ]);
    let arts = d.export();
    let year = |a: &Value| a["date"].as_str().map(|d| d[..4].parse::<u32>().unwrap());
    for (period, vs, years, ref_years) in [
        ("2023..2025", "..2022", 2023..=2025, 0..=2022),
        ("2019..2020", "2010..2018", 2019..=2020, 2010..=2018),
    ] {
        // Each distinct text once (verbatim reprints share one text).
        let mut seen = HashSet::new();
        let mut texts = |yrs: &std::ops::RangeInclusive<u32>| -> Vec<String> {
            arts.iter()
                .filter(|a| year(a).is_some_and(|y| yrs.contains(&y)))
                .map(|a| a["text"].as_str().unwrap().to_string())
                .filter(|t| seen.insert(t.clone()))
                .collect()
        };
        let target = texts(&years);
        let reference = texts(&ref_years);
        let want = brute_force(&target, &reference);
        let got = d.json(&[
            "newterms",
            "--period",
            period,
            "--vs",
            vs,
            "-n",
            "0",
            "--every-copy",
            "--keep-fragments",
            "--json",
        ]);
        // By default the list is what reads as formulations: a subset.
        let read = d.json(&[
            "newterms",
            "--period",
            period,
            "--vs",
            vs,
            "-n",
            "0",
            "--every-copy",
            "--json",
        ]);
        let all: HashSet<&str> = got.iter().map(|t| t["term"].as_str().unwrap()).collect();
        assert!(read.len() < got.len());
        assert!(
            read.iter()
                .all(|t| all.contains(t["term"].as_str().unwrap()))
        );
        let got_terms: HashSet<&str> = got.iter().map(|t| t["term"].as_str().unwrap()).collect();
        let want_terms: HashSet<&str> = want.keys().map(String::as_str).collect();
        println!(
            "newterms {period} vs {vs}: {} terms ({} target texts), e.g. {:?}",
            got.len(),
            target.len(),
            got.iter()
                .take(8)
                .map(|t| t["term"].as_str().unwrap())
                .collect::<Vec<_>>()
        );
        assert_eq!(got_terms, want_terms, "{period}");
        for t in &got {
            let (n, texts, r, pmi, hl, hr) = want[t["term"].as_str().unwrap()];
            assert_eq!(t["occurrences"].as_u64(), Some(n as u64), "{t}");
            assert_eq!(t["texts"].as_u64(), Some(texts as u64), "{t}");
            assert_eq!(t["reference"].as_u64(), Some(r as u64), "{t}");
            for (k, v) in [("pmi", pmi), ("left_entropy", hl), ("right_entropy", hr)] {
                assert!((t[k].as_f64().unwrap() - v).abs() < 1e-9, "{k} {t}");
            }
        }
        // Best first by G², and each cited first appearance really uses the term.
        let scores: Vec<f64> = got.iter().map(|t| t["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]));
        for t in &got {
            let f = &t["first"];
            let a = arts.iter().find(|a| a["id"] == f["article"]).unwrap();
            // The date of the paragraph: its excerpt's citation, else the article's.
            let cited = a["citations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["paragraph"] == f["paragraph"])
                .map(|c| c["date"].clone());
            assert_eq!(cited.unwrap_or_else(|| a["date"].clone()), f["date"]);
            assert!(
                f["sentence"]
                    .as_str()
                    .unwrap()
                    .contains(t["term"].as_str().unwrap())
            );
        }
    }
}

#[test]
fn accepted_terms_join_the_dictionary_of_keywords() {
    let d = Dir::new("dict");
    d.ok(&["add", &shared("corpus/compilations")]);
    let words = |d: &Dir| -> Vec<String> {
        d.json(&["keywords", "--date", "2024", "-n", "0", "--json"])
            .iter()
            .map(|k| k["word"].as_str().unwrap().to_string())
            .collect()
    };
    // jieba alone splits 新质生产力, but keywords take cohesive n-grams as
    // candidates too, so it is a keyword before any `dict add`.
    assert!(words(&d).iter().any(|w| w == "新质生产力"));
    let found = d.json(&["newterms", "--period", "2024", "--json", "--accept"]);
    assert!(found.iter().any(|t| t["term"] == "新质生产力"), "{found:?}");
    let dict: Vec<Value> = d.json(&["dict", "ls", "--json"]);
    assert_eq!(dict.len(), found.len());
    let kw = words(&d);
    assert!(kw.iter().any(|w| w == "新质生产力"), "{kw:?}");
    // Search still finds every work with the term (exact matching decides).
    let hits = d.json(&["search", "新质生产力", "-n", "0", "--json"]);
    let count = d.json(&["count", "新质生产力", "--json"]);
    let works = count[0]["works"].as_u64().unwrap();
    assert_eq!(hits.len() as u64, works);
    // A bad term changes nothing; removing restores jieba's own split.
    let bad = d.tifa(&["dict", "add", "新质，生产力"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("新质，生产力"));
    assert_eq!(d.json(&["dict", "ls", "--json"]).len(), found.len());
    let all: Vec<String> = dict
        .iter()
        .map(|t| t["term"].as_str().unwrap().to_string())
        .collect();
    let mut rm = vec!["dict", "rm"];
    rm.extend(all.iter().map(String::as_str));
    d.ok(&rm);
    assert!(d.json(&["dict", "ls", "--json"]).is_empty());
    assert!(words(&d).iter().any(|w| w == "新质生产力"));
}

#[test]
fn newterms_read_as_formulations_not_names_general_words_events_or_clauses() {
    use tifa_analysis::{EVENTS, LAST_WORDS, OFFICES, is_general_word};
    let d = Dir::new("nt-reading");
    d.ok(&["add", &shared("corpus/speeches"), &shared("corpus/reports")]);
    let seg = tifa_index::Segmenter::default();
    let terms = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["newterms", "--period", "2020", "--json"];
        args.extend_from_slice(extra);
        d.json(&args)
            .iter()
            .map(|t| t["term"].as_str().unwrap().to_string())
            .collect()
    };
    let got = terms(&[]);
    println!("newterms 2020: {}", got.join(" "));
    assert_eq!(got.len(), 50);
    let speakers: Vec<String> = d
        .export()
        .iter()
        .filter_map(|a| a["speaker"].as_str().map(str::to_string))
        .collect();
    assert!(speakers.iter().any(|s| s == "习近平"), "{speakers:?}");
    for t in &got {
        assert!(
            !is_general_word(&seg, t),
            "{t}: a word of the general language"
        );
        assert!(!speakers.contains(t), "{t}: a speaker's name");
        assert!(!EVENTS.iter().any(|e| t.ends_with(e)), "{t}: an event");
        let words = seg.words(t);
        let last = words.last().unwrap().as_str();
        assert!(!LAST_WORDS.contains(&last), "{t}: ends with {last}");
        assert!(!OFFICES.contains(&last), "{t}: a title of office");
    }
    // What the period is known for comes out whole.
    for f in ["疫情防控", "新发展格局", "复工复产", "国内大循环"] {
        assert!(got.iter().any(|t| t == f), "{f} missing: {got:?}");
    }
    // The statistics alone keep them: the reading test is what removes them.
    let raw = terms(&["--keep-fragments"]);
    assert!(raw.iter().any(|t| is_general_word(&seg, t)), "{raw:?}");
}
