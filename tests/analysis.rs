//! 提法 analytics against expectations computed independently from the
//! exported texts: per-year trends and first appearances.

use crate::util::{Dir, shared, work_report};
use serde_json::Value;
use std::collections::BTreeMap;

fn occurrences(t: &str, q: &str) -> usize {
    t.char_indices()
        .filter(|(i, _)| t[*i..].starts_with(q))
        .count()
}

/// Unprinted date parts sort last (as documented for `tifa first`).
fn key(d: &str) -> (u32, u32, u32) {
    let p: Vec<u32> = d.split('-').filter_map(|x| x.parse().ok()).collect();
    (p[0], *p.get(1).unwrap_or(&13), *p.get(2).unwrap_or(&32))
}

#[test]
fn trend_and_first_agree_with_a_scan_of_dated_texts() {
    let d = Dir::new("analysis");
    d.ok(&[
        "add",
        &shared("corpus/reports"),
        &shared("corpus/compilations"),
    ]);
    let arts = d.export();
    // Every body paragraph with its date: an excerpt's own (its citation's)
    // or its article's; the newlines between paragraphs count with the article.
    let dated = |a: &Value| -> Vec<(Option<String>, String)> {
        let own = a["date"].as_str().map(str::to_string);
        let cites: BTreeMap<u64, String> = a["citations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| Some((c["paragraph"].as_u64()?, c["date"].as_str()?.to_string())))
            .collect();
        let paras = a["paragraphs"].as_array().unwrap();
        let mut out: Vec<(Option<String>, String)> = paras
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let d = cites.get(&(i as u64)).cloned().or_else(|| own.clone());
                (d, p.as_str().unwrap().to_string())
            })
            .collect();
        out.push((own, "\n".repeat(paras.len().saturating_sub(1))));
        out
    };
    assert!(
        arts.iter()
            .any(|a| !a["citations"].as_array().unwrap().is_empty()),
        "an excerpt collection with citations is in the library"
    );
    for term in [
        "改革开放",
        "高质量发展",
        "新质生产力",
        "小康社会",
        "社会主义市场经济",
    ] {
        // Trend per year.
        let mut want: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for a in &arts {
            for (date, t) in dated(a) {
                let Some(date) = date else { continue };
                let e = want.entry(date[..4].to_string()).or_default();
                e.0 += occurrences(&t, term);
                e.1 += t.chars().count();
            }
        }
        want.retain(|_, (_, chars)| *chars > 0);
        let rows = d.json(&["trend", term, "--json"]);
        assert_eq!(rows.len(), want.len(), "{term}: one row per year with text");
        for r in &rows {
            let (occ, chars) = want[r["period"].as_str().unwrap()];
            assert_eq!(
                (r["occurrences"].as_u64(), r["chars"].as_u64()),
                (Some(occ as u64), Some(chars as u64)),
                "{term} {}",
                r["period"]
            );
            let per = occ as f64 * 10_000.0 / chars as f64;
            assert!((r["per_10k"].as_f64().unwrap() - per).abs() < 0.001);
        }
        // First appearance: the earliest dated paragraph that holds the term.
        let first = arts
            .iter()
            .flat_map(|a| dated(a).into_iter().map(move |(d, t)| (a, d, t)))
            .filter(|(_, d, t)| d.is_some() && t.contains(term))
            .min_by_key(|(a, d, _)| {
                (
                    key(d.as_deref().unwrap()),
                    a["id"].as_str().unwrap().to_string(),
                )
            });
        let got = &d.json(&["first", term, "--json"])[0];
        match first {
            Some((a, date, _)) => {
                println!("{term}: first {date:?} in {}", a["title"]);
                assert_eq!(got["date"].as_str(), date.as_deref(), "{term}");
                assert_eq!(got["article"], a["id"], "{term}");
                assert!(got["sentence"].as_str().unwrap().contains(term));
                let p = a["paragraphs"][got["paragraph"].as_u64().unwrap() as usize]
                    .as_str()
                    .unwrap();
                assert!(p.contains(got["sentence"].as_str().unwrap()));
            }
            None => assert_eq!(got["date"], Value::Null),
        }
    }
    // --by-work: a reprinted text counts once.
    let all = d.json(&["trend", "质量强国", "--json", "--by", "year"]);
    let once = d.json(&["trend", "质量强国", "--json", "--by", "year", "--by-work"]);
    let sum = |v: &[Value]| {
        v.iter()
            .map(|r| r["occurrences"].as_u64().unwrap())
            .sum::<u64>()
    };
    assert!(sum(&once) < sum(&all), "the two 纲要 are one work");
    // The chart is SVG with the terms as labels.
    let svg = d.root.join("t.svg");
    d.ok(&[
        "trend",
        "改革开放",
        "高质量发展",
        "--plot",
        &svg.to_string_lossy(),
    ]);
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(
        svg.starts_with("<svg")
            && svg.contains("改革开放")
            && svg.matches("<polyline").count() == 2
    );
    // The same chart as PNG, at twice the SVG's size: both lines in their
    // colours, and dark text pixels for the labels.
    let png = d.root.join("t.png");
    d.ok(&[
        "trend",
        "改革开放",
        "高质量发展",
        "--plot",
        &png.to_string_lossy(),
    ]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let size = |attr: &str| {
        let at = svg.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
        svg[at..at + svg[at..].find('"').unwrap()]
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(
        (info.width, info.height),
        (2 * size("width"), 2 * size("height"))
    );
    let step = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(step).collect();
    let near = |p: &[u8], c: [u8; 3]| (0..3).all(|k| p[k].abs_diff(c[k]) < 40);
    let red = pixels
        .iter()
        .filter(|p| near(p, [0xc0, 0x39, 0x2b]))
        .count();
    let blue = pixels
        .iter()
        .filter(|p| near(p, [0x24, 0x71, 0xa3]))
        .count();
    let dark = pixels
        .iter()
        .filter(|p| p[..3].iter().all(|&v| v < 80))
        .count();
    assert!(
        red > 500 && blue > 500 && dark > 2000,
        "red {red} blue {blue} dark {dark}"
    );
}

/// Targets 1990–2025 read by hand from each report's target passage, plan
/// sentences (今年计划…, 今年经济增长预期目标为…) and fiscal/monetary paragraphs
/// (赤字率拟按…, 广义货币M2预期增长…, 拟安排地方政府专项债券…). The corpus has no
/// report for 1990, 1991, 1996 and 2020; those of 2000–2002 state no annual
/// figure (2001 gives only the 十五 average), so they have no row.
const TARGETS_BY_HAND: &[(u64, &str, &str)] = &[
    (2025, "gdp_growth", "5%左右"),
    (2025, "unemployment_surveyed", "5.5%左右"),
    (2025, "new_urban_jobs", "1200万人以上"),
    (2025, "cpi", "2%左右"),
    (2025, "grain_output", "1.4万亿斤左右"),
    (2025, "energy_intensity", "3%左右"),
    (2025, "deficit_ratio", "4%左右"),
    (2025, "special_bonds", "4.4万亿元"),
    (2024, "gdp_growth", "5%左右"),
    (2024, "new_urban_jobs", "1200万人以上"),
    (2024, "unemployment_surveyed", "5.5%左右"),
    (2024, "cpi", "3%左右"),
    (2024, "grain_output", "1.3万亿斤以上"),
    (2024, "energy_intensity", "2.5%左右"),
    (2024, "deficit_ratio", "3%"),
    (2024, "special_bonds", "3.9万亿元"),
    (2023, "gdp_growth", "5%左右"),
    (2023, "new_urban_jobs", "1200万人左右"),
    (2023, "unemployment_surveyed", "5.5%左右"),
    (2023, "cpi", "3%左右"),
    (2023, "grain_output", "1.3万亿斤以上"),
    (2023, "deficit_ratio", "3%"),
    (2023, "special_bonds", "3.8万亿元"),
    (2022, "gdp_growth", "5.5%左右"),
    (2022, "new_urban_jobs", "1100万人以上"),
    (2022, "unemployment_surveyed", "5.5%以内"),
    (2022, "cpi", "3%左右"),
    (2022, "grain_output", "1.3万亿斤以上"),
    (2022, "deficit_ratio", "2.8%左右"),
    (2022, "special_bonds", "3.65万亿元"),
    (2021, "gdp_growth", "6%以上"),
    (2021, "new_urban_jobs", "1100万人以上"),
    (2021, "unemployment_surveyed", "5.5%左右"),
    (2021, "cpi", "3%左右"),
    (2021, "energy_intensity", "3%左右"),
    (2021, "grain_output", "1.3万亿斤以上"),
    (2021, "deficit_ratio", "3.2%左右"),
    (2021, "special_bonds", "3.65万亿元"),
    (2019, "gdp_growth", "6%－6.5%"),
    (2019, "new_urban_jobs", "1100万人以上"),
    (2019, "unemployment_surveyed", "5.5%左右"),
    (2019, "unemployment_registered", "4.5%以内"),
    (2019, "cpi", "3%左右"),
    (2019, "energy_intensity", "3%左右"),
    (2019, "deficit_ratio", "2.8%"),
    (2019, "special_bonds", "2.15万亿元"),
    (2018, "gdp_growth", "6.5%左右"),
    (2018, "cpi", "3%左右"),
    (2018, "new_urban_jobs", "1100万人以上"),
    (2018, "unemployment_surveyed", "5.5%以内"),
    (2018, "unemployment_registered", "4.5%以内"),
    (2018, "energy_intensity", "3%以上"),
    (2018, "deficit_ratio", "2.6%"),
    (2018, "special_bonds", "1.35万亿元"),
    (2017, "gdp_growth", "6.5%左右"),
    (2017, "cpi", "3%左右"),
    (2017, "new_urban_jobs", "1100万人以上"),
    (2017, "unemployment_registered", "4.5%以内"),
    (2017, "energy_intensity", "3.4%以上"),
    (2017, "deficit_ratio", "3%"),
    (2017, "special_bonds", "8000亿元"),
    (2017, "m2_growth", "12%左右"),
    (2016, "gdp_growth", "6.5%－7%"),
    (2016, "cpi", "3%左右"),
    (2016, "new_urban_jobs", "1000万人以上"),
    (2016, "unemployment_registered", "4.5%以内"),
    (2016, "energy_intensity", "3.4%以上"),
    (2016, "deficit_ratio", "3%"),
    (2016, "special_bonds", "4000亿元"),
    (2016, "m2_growth", "13%左右"),
    (2015, "gdp_growth", "7%左右"),
    (2015, "cpi", "3%左右"),
    (2015, "new_urban_jobs", "1000万人以上"),
    (2015, "unemployment_registered", "4.5%以内"),
    (2015, "energy_intensity", "3.1%以上"),
    (2015, "deficit_ratio", "2.3%"),
    (2015, "m2_growth", "12%左右"),
    (2015, "grain_output", "5.5亿吨以上"),
    (2014, "gdp_growth", "7.5%左右"),
    (2014, "cpi", "3.5%左右"),
    (2014, "new_urban_jobs", "1000万人以上"),
    (2014, "unemployment_registered", "4.6%以内"),
    (2014, "deficit_ratio", "2.1%"),
    (2014, "m2_growth", "13%左右"),
    (2013, "gdp_growth", "7.5%左右"),
    (2013, "cpi", "3.5%左右"),
    (2013, "new_urban_jobs", "900万人以上"),
    (2013, "unemployment_registered", "低于4.6%"),
    (2013, "deficit_ratio", "2%左右"),
    (2013, "m2_growth", "13%左右"),
    (2012, "gdp_growth", "7.5%"),
    (2012, "new_urban_jobs", "900万人以上"),
    (2012, "unemployment_registered", "4.6%以内"),
    (2012, "cpi", "4%左右"),
    (2012, "deficit_ratio", "1.5%左右"),
    (2012, "m2_growth", "14%"),
    (2011, "gdp_growth", "8%左右"),
    (2011, "cpi", "4%左右"),
    (2011, "new_urban_jobs", "900万人以上"),
    (2011, "unemployment_registered", "4.6%以内"),
    (2011, "deficit_ratio", "2%左右"),
    (2011, "m2_growth", "16%"),
    (2010, "gdp_growth", "8%左右"),
    (2010, "new_urban_jobs", "900万人以上"),
    (2010, "unemployment_registered", "4.6%以内"),
    (2010, "cpi", "3%左右"),
    (2010, "m2_growth", "17%左右"),
    (2009, "gdp_growth", "8%左右"),
    (2009, "new_urban_jobs", "900万人以上"),
    (2009, "unemployment_registered", "4.6%以内"),
    (2009, "cpi", "4%左右"),
    (2009, "deficit_ratio", "3%以内"),
    (2009, "m2_growth", "17%左右"),
    (2008, "gdp_growth", "8%左右"),
    (2008, "cpi", "4.8%左右"),
    (2008, "new_urban_jobs", "1000万人"),
    (2008, "unemployment_registered", "4.5%左右"),
    (2007, "gdp_growth", "8%左右"),
    (2007, "new_urban_jobs", "不低于900万人"),
    (2007, "unemployment_registered", "4.6%以内"),
    (2007, "cpi", "3%以内"),
    (2006, "gdp_growth", "8%左右"),
    (2006, "energy_intensity", "4%左右"),
    (2006, "cpi", "3%"),
    (2006, "new_urban_jobs", "900万人"),
    (2006, "unemployment_registered", "4.6%"),
    (2005, "gdp_growth", "8%左右"),
    (2005, "new_urban_jobs", "900万人"),
    (2005, "unemployment_registered", "4.6%"),
    (2005, "cpi", "4%"),
    (2004, "gdp_growth", "7%左右"),
    (2004, "new_urban_jobs", "900万人"),
    (2003, "gdp_growth", "7%左右"),
    (1999, "gdp_growth", "7%左右"),
    (1998, "gdp_growth", "8%"),
    (1998, "retail_prices", "3%以内"),
    (1997, "gdp_growth", "8%"),
    (1995, "gdp_growth", "百分之八至九"),
    (1995, "retail_prices", "百分之十五左右"),
    (1995, "grain_output", "4550亿公斤以上"),
    (1994, "gdp_growth", "百分之九"),
    (1994, "retail_prices", "百分之十以内"),
    (1993, "gdp_growth", "百分之八"),
    (1992, "gdp_growth", "百分之六"),
    (1992, "retail_prices", "百分之六以内"),
];

#[test]
fn targets_match_values_read_by_hand() {
    let d = Dir::new("targets");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let out = d.ok(&["targets", "--json", "--date", "1990..2025"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let cell = |r: &Value| {
        (
            r["year"].as_u64().unwrap(),
            r["indicator"].as_str().unwrap().to_string(),
            r["value"].as_str().unwrap().to_string(),
        )
    };
    let got: std::collections::BTreeSet<_> = rows.iter().map(cell).collect();
    let want: std::collections::BTreeSet<_> = TARGETS_BY_HAND
        .iter()
        .map(|(y, i, v)| (*y, i.to_string(), v.to_string()))
        .collect();
    let right = got.intersection(&want).count();
    let precision = right as f64 / got.len().max(1) as f64;
    let recall = right as f64 / want.len() as f64;
    println!(
        "targets 1990–2025: {} cells out, {} by hand, precision {precision:.3}, recall {recall:.3}",
        got.len(),
        want.len()
    );
    for c in got.difference(&want) {
        println!("  not by hand: {c:?}");
    }
    for c in want.difference(&got) {
        println!("  missed: {c:?}");
    }
    assert_eq!((precision, recall), (1.0, 1.0));
    // Printed form as the tool keeps it: full-width digits made ASCII, no spaces.
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
                '％' => '%',
                '．' => '.',
                c => c,
            })
            .collect()
    };
    let mut bodies: std::collections::HashMap<String, Vec<String>> = Default::default();
    for r in &rows {
        // Every target's sentence states its value, in its paragraph of the report.
        let sentence = r["sentence"].as_str().unwrap();
        let value = r["value"].as_str().unwrap();
        assert!(sentence.contains(value), "{r}");
        let id = r["article"].as_str().unwrap();
        let paragraphs = bodies.entry(id.to_string()).or_insert_with(|| {
            let shown: Value = serde_json::from_str(&d.ok(&["show", id, "--json"])).unwrap();
            shown["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| ascii(p.as_str().unwrap()))
                .collect()
        });
        let p = r["paragraph"].as_u64().unwrap() as usize;
        assert!(paragraphs[p].contains(value), "paragraph {p} of {r}");
        // Bounds agree with the printed qualifier.
        let (min, max) = (r["value_min"].as_f64(), r["value_max"].as_f64());
        let v = r["value"].as_str().unwrap();
        if v.ends_with("以内") || v.starts_with("低于") {
            assert!(min.is_none() && max.is_some(), "{r}");
        } else if v.ends_with("以上") || v.starts_with("不低于") {
            assert!(min.is_some() && max.is_none(), "{r}");
        } else {
            assert!(min.is_some() && min <= max, "{r}");
        }
    }
    let range = rows
        .iter()
        .find(|r| r["year"] == 1995 && r["indicator"] == "gdp_growth")
        .unwrap();
    assert_eq!(
        (range["value_min"].as_f64(), range["value_max"].as_f64()),
        (Some(8.0), Some(9.0))
    );
}

#[test]
fn collocate_counts_match_a_scan_of_windows() {
    let d = Dir::new("colloc");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let (term, word, window) = ("高质量发展", "推动", 6usize);
    // Independent count: occurrences of `word` within `window` characters of each hit, same paragraph.
    let (mut co, mut hits, mut freq, mut total) = (0, 0, 0, 0);
    for a in &arts {
        let t = a["text"].as_str().unwrap();
        total += t.chars().count();
        freq += occurrences(t, word);
        for p in t.split('\n') {
            let c: Vec<char> = p.chars().collect();
            let tc: Vec<char> = term.chars().collect();
            for i in 0..c.len() {
                if c[i..].starts_with(&tc) {
                    hits += 1;
                    let left: String = c[i.saturating_sub(window)..i].iter().collect();
                    let right: String = c[i + tc.len()..(i + tc.len() + window).min(c.len())]
                        .iter()
                        .collect();
                    co += occurrences(&left, word) + occurrences(&right, word);
                }
            }
        }
    }
    let rows = d.json(&["collocates", term, "--window", "6", "--json", "-n", "0"]);
    let r = rows
        .iter()
        .find(|r| r["word"] == word)
        .expect("推动 is a collocate of 高质量发展");
    assert_eq!(
        (r["cooccurrences"].as_u64(), r["frequency"].as_u64()),
        (Some(co as u64), Some(freq as u64))
    );
    let log_dice = 14.0 + (2.0 * co as f64 / (freq + hits) as f64).log2();
    let mi = (co as f64 * total as f64 / (freq as f64 * hits as f64 * 2.0 * window as f64)).log2();
    assert!((r["log_dice"].as_f64().unwrap() - log_dice).abs() < 1e-9);
    assert!((r["mi"].as_f64().unwrap() - mi).abs() < 1e-9);
    assert!(
        rows.windows(2)
            .all(|w| w[0]["log_dice"].as_f64() >= w[1]["log_dice"].as_f64()),
        "sorted by logDice"
    );
    println!("{term} ~ {word}: {co} co-occurrences, logDice {log_dice:.2}, MI {mi:.2}");
}

/// `diff` of the 2023 and 2024 work reports, as an analyst reads it: every
/// sentence of each side in exactly one row, rows rebuild both sentences,
/// the two target passages paired in one changed row, renumbered headings
/// unchanged, word-level changes never cutting a word, 未来产业 and 新型工业化
/// among the first 30 formulations added with no item inside another, the
/// targets side by side, and `--html` with both columns.
#[test]
fn diff_of_two_work_reports() {
    let d = Dir::new("diff");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let find = |y: &str| work_report(&arts, y);
    let (a, b) = (find("2023"), find("2024"));
    let (ida, idb) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let html = d.root.join("diff.html");
    let out = d.ok(&[
        "diff",
        ida,
        idb,
        "--json",
        "-n",
        "0",
        "--html",
        html.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let text = |p: &Value, keep: &str| -> String {
        p["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["op"] == "equal" || c["op"] == keep)
            .map(|c| c["text"].as_str().unwrap())
            .collect()
    };
    // Every sentence of each side in exactly one row; together the rows
    // rebuild each side's text (sentences in order, paragraphs as printed).
    for (side, keep, art) in [("a", "delete", a), ("b", "insert", b)] {
        let mut seen: Vec<(u64, u64, String)> = rows
            .iter()
            .filter(|p| p[side].is_u64())
            .map(|p| {
                (
                    p[side].as_u64().unwrap(),
                    p[format!("{side}_paragraph")].as_u64().unwrap(),
                    text(p, keep),
                )
            })
            .collect();
        seen.sort();
        let idx: Vec<u64> = seen.iter().map(|s| s.0).collect();
        assert_eq!(
            idx,
            (0..seen.len() as u64).collect::<Vec<_>>(),
            "side {side}"
        );
        let paras = art["paragraphs"].as_array().unwrap();
        for (k, p) in paras.iter().enumerate() {
            let rebuilt: String = seen
                .iter()
                .filter(|s| s.1 == k as u64)
                .map(|s| s.2.as_str())
                .collect();
            let want: String = p.as_str().unwrap().split('\n').collect();
            assert_eq!(rebuilt.trim(), want.trim(), "side {side} paragraph {k}");
        }
    }
    // The target passages are one changed row.
    let target = rows
        .iter()
        .find(|p| text(p, "insert").contains("主要预期目标是"))
        .expect("B's target passage");
    assert_eq!(target["kind"], "changed", "{target}");
    assert!(
        text(target, "delete").contains("主要预期目标是"),
        "{target}"
    );
    // Word-level changes: an inserted or deleted run is whole jieba words, so
    // the 2024 passage's 以上 replaces 左右 whole.
    let ops: Vec<(&str, &str)> = target["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["op"].as_str().unwrap(), c["text"].as_str().unwrap()))
        .collect();
    assert!(
        ops.contains(&("insert", "以上")) && ops.contains(&("delete", "左右")),
        "{ops:?}"
    );
    // A renumbered heading is no change: rows whose texts differ only by
    // their outline marker are `same`.
    for p in rows.iter().filter(|p| p["kind"] == "same") {
        let strip = |s: String| -> String {
            s.trim_start_matches(|c: char| "（）()一二三四五六七八九十、.0123456789是".contains(c))
                .to_string()
        };
        assert_eq!(strip(text(p, "delete")), strip(text(p, "insert")));
    }
    let kinds = |k: &str| rows.iter().filter(|p| p["kind"] == k).count();
    assert_eq!(v["same"].as_u64().unwrap() as usize, kinds("same"));
    assert!(kinds("changed") > 10, "changed rows: {}", kinds("changed"));
    // Formulations added: 未来产业 and 新型工业化 among the first 30, no item
    // a substring of another; each in 2024's text only, with its context.
    let (ta, tb) = (a["text"].as_str().unwrap(), b["text"].as_str().unwrap());
    let added: Vec<&str> = v["added"]
        .as_array()
        .unwrap()
        .iter()
        .take(30)
        .map(|f| f["formulation"].as_str().unwrap())
        .collect();
    println!("diff 2023→2024 added: {}", added.join(" "));
    for w in ["未来产业", "新型工业化"] {
        assert!(added.contains(&w), "{w} among {added:?}");
    }
    for x in &added {
        assert!(tb.contains(x) && !ta.contains(x), "{x}");
        for y in &added {
            assert!(x == y || !y.contains(x), "{x} inside {y}");
        }
    }
    for f in v["added"].as_array().unwrap() {
        assert!(
            f["context"]
                .as_str()
                .unwrap()
                .contains(f["formulation"].as_str().unwrap())
        );
    }
    for f in v["dropped"].as_array().unwrap() {
        let t = f["formulation"].as_str().unwrap();
        assert!(ta.contains(t) && !tb.contains(t), "{t}");
    }
    // Targets side by side: new urban jobs 1200万人左右 → 1200万人以上.
    let jobs = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["indicator"] == "new_urban_jobs")
        .unwrap();
    assert_eq!(
        (jobs["a"].as_str(), jobs["b"].as_str()),
        (Some("1200万人左右"), Some("1200万人以上"))
    );
    // The HTML page: both columns, the changes marked, self-contained.
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<td class=\"a\" id=\"a0\"") && page.contains("<td class=\"b\" id=\"b0\"")
    );
    assert!(page.contains("<ins>以上</ins>") && page.contains("<del>左右</del>"));
    assert!(page.contains("未来产业") && !page.contains("<script"));
}

#[test]
fn keywords_by_log_likelihood_are_consistent_with_a_scan() {
    let d = Dir::new("keywords");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let target = arts
        .iter()
        .find(|a| a["title"] == "2024年中华人民共和国国务院政府工作报告")
        .unwrap();
    let reference: Vec<&Value> = arts
        .iter()
        .filter(|a| {
            a["date"].as_str().is_some_and(|d| &d[..4] <= "2023") && a["id"] != target["id"]
        })
        .collect();
    let rows = d.json(&[
        "keywords",
        "--id",
        target["id"].as_str().unwrap(),
        "--vs",
        "..2023",
        "--json",
        "-n",
        "10",
    ]);
    assert_eq!(rows.len(), 10);
    let tt = target["text"].as_str().unwrap();
    let c = tt.chars().count() as f64;
    let dsz: f64 = reference
        .iter()
        .map(|a| a["text"].as_str().unwrap().chars().count() as f64)
        .sum();
    for r in &rows {
        let w = r["word"].as_str().unwrap();
        let a = occurrences(tt, w);
        let b: usize = reference
            .iter()
            .map(|x| occurrences(x["text"].as_str().unwrap(), w))
            .sum();
        assert_eq!(
            (r["target"].as_u64(), r["reference"].as_u64()),
            (Some(a as u64), Some(b as u64)),
            "{w}"
        );
        // Dunning's G², computed here from the scanned counts.
        let (af, bf) = (a as f64, b as f64);
        let e1 = c * (af + bf) / (c + dsz);
        let e2 = dsz * (af + bf) / (c + dsz);
        let g2 = 2.0 * (af * (af / e1).ln() + if bf > 0.0 { bf * (bf / e2).ln() } else { 0.0 });
        assert!(
            (r["keyness"].as_f64().unwrap() - g2).abs() < 1e-6,
            "{w}: {} vs {g2}",
            r["keyness"]
        );
        // The ranking score is the keyness times its weights (length ≥ 1,
        // generic words 0.1, share of uses outside longer formulations ≤ 1).
        assert!(r["score"].as_f64().unwrap() >= 0.0);
        assert!(af / c > bf / dsz, "{w} is over-used in the target");
        assert!(!["坚持", "推进", "发展", "我们"].contains(&w));
    }
    assert!(
        rows.windows(2)
            .all(|x| x[0]["score"].as_f64() >= x[1]["score"].as_f64())
    );
    println!(
        "2024 keywords vs ..2023: {}",
        rows.iter()
            .map(|r| r["word"].as_str().unwrap())
            .collect::<Vec<_>>()
            .join(" ")
    );
}

/// `keywords` over formulations: the 2024 report against the earlier ones
/// names 未来产业, 新型工业化 and 全国统一大市场 whole without `dict add`,
/// mostly with formulations of four or more characters, never with a fragment
/// of another listed word; keyness is G² of the printed counts; the order is
/// the same on every run, in `--json` and `--xlsx`; `--vs` takes ids and
/// queries as well as dates; `--fold` is refused, not ignored.
#[test]
fn keywords_are_formulations_not_fragments() {
    let d = Dir::new("keywords-formulations");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let by_title = |y: &str| work_report(&arts, y);
    let target = by_title("2024");
    let id = target["id"].as_str().unwrap();
    let args = [
        "keywords", "--id", id, "--vs", "..2023", "--json", "-n", "30",
    ];
    let rows = d.json(&args);
    assert_eq!(rows.len(), 30);
    let words: Vec<&str> = rows.iter().map(|r| r["word"].as_str().unwrap()).collect();
    println!("2024 keywords vs ..2023: {}", words.join(" "));
    for w in ["未来产业", "新型工业化", "全国统一大市场"] {
        assert!(words.contains(&w), "{w} among {words:?}");
    }
    let long = words.iter().filter(|w| w.chars().count() >= 4).count();
    assert!(long >= 8, "{long} of 30 have four or more characters");
    // No fragments: no listed word has most of its uses inside another one.
    let count = |w: &str| {
        rows.iter().find(|r| r["word"] == w).unwrap()["target"]
            .as_u64()
            .unwrap()
    };
    for x in &words {
        for y in &words {
            if y.len() > x.len() && y.contains(x) {
                let inside = count(y) as usize * occurrences(y, x);
                assert!(
                    (inside as f64) < 0.5 * count(x) as f64,
                    "{x} is a fragment of {y}"
                );
            }
        }
    }
    // keyness = G² from the counts and the two sets' sizes.
    let tt = target["text"].as_str().unwrap();
    let c = tt.chars().count() as f64;
    let dsz: f64 = arts
        .iter()
        .filter(|a| {
            a["date"].as_str().is_some_and(|d| &d[..4] <= "2023") && a["id"] != target["id"]
        })
        .map(|a| a["text"].as_str().unwrap().chars().count() as f64)
        .sum();
    for r in &rows {
        let (a, b) = (
            r["target"].as_f64().unwrap(),
            r["reference"].as_f64().unwrap(),
        );
        assert_eq!(a as usize, occurrences(tt, r["word"].as_str().unwrap()));
        let e1 = c * (a + b) / (c + dsz);
        let e2 = dsz * (a + b) / (c + dsz);
        let g2 = 2.0 * (a * (a / e1).ln() + if b > 0.0 { b * (b / e2).ln() } else { 0.0 });
        assert!((r["keyness"].as_f64().unwrap() - g2).abs() < 1e-6, "{r}");
    }
    // Deterministic: the same order again, and in the workbook.
    assert_eq!(d.json(&args), rows);
    let book = d.root.join("kw.xlsx");
    let out = d.ok(&[
        "keywords",
        "--id",
        id,
        "--vs",
        "..2023",
        "--json",
        "-n",
        "30",
        "--xlsx",
        book.to_str().unwrap(),
    ]);
    assert_eq!(
        out.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .collect::<Vec<_>>(),
        rows
    );
    crate::xlsx::assert_workbook(
        &std::fs::read(&book).unwrap(),
        &out.lines().collect::<Vec<_>>(),
    );

    // --vs ID: against the 2023 report alone.
    let prev = by_title("2023");
    let vs_id = d.json(&[
        "keywords",
        "--id",
        id,
        "--vs",
        prev["id"].as_str().unwrap(),
        "--json",
        "-n",
        "30",
    ]);
    let pt = prev["text"].as_str().unwrap();
    assert!(!vs_id.is_empty());
    for r in &vs_id {
        let w = r["word"].as_str().unwrap();
        assert_eq!(
            r["reference"].as_u64().unwrap() as usize,
            occurrences(pt, w),
            "{w}"
        );
    }
    let names: Vec<&str> = vs_id.iter().map(|r| r["word"].as_str().unwrap()).collect();
    assert!(names.contains(&"未来产业"), "{names:?}");
    // --vs QUERY: the reports that mention 改革开放 before 2024.
    let vs_q = d.json(&[
        "keywords",
        "--id",
        id,
        "--vs",
        "改革开放 date:..2023",
        "--json",
        "-n",
        "10",
    ]);
    let refs: Vec<&Value> = arts
        .iter()
        .filter(|a| {
            a["id"] != target["id"]
                && a["date"].as_str().is_some_and(|d| &d[..4] <= "2023")
                && a["text"].as_str().unwrap().contains("改革开放")
        })
        .collect();
    assert!(!refs.is_empty() && refs.len() < arts.len() - 1);
    for r in &vs_q {
        let w = r["word"].as_str().unwrap();
        let b: usize = refs
            .iter()
            .map(|a| occurrences(a["text"].as_str().unwrap(), w))
            .sum();
        assert_eq!(r["reference"].as_u64().unwrap() as usize, b, "{w}");
    }
    // --fold is refused with a usage error on keywords and targets.
    for args in [
        vec!["keywords", "--id", id, "--fold"],
        vec!["targets", "--fold"],
    ] {
        let o = d.tifa(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("--fold"));
    }
}

/// A renumbered heading is no change and a passage moved to the top is
/// `moved`, not dropped and added: two constructed reports where B inserts a
/// new point (一) and moves a paragraph.
#[test]
fn diff_ignores_renumbering_and_reports_moves() {
    let d = Dir::new("diff-renumber");
    let a = d.write(
        "a.txt",
        "甲年工作报告\n\n2020年1月1日\n\n各位代表：现在我报告工作。\n\n（一）坚持稳中求进工作总基调，推动经济运行整体好转。\n\n天地玄黄宇宙洪荒日月盈昃辰宿列张，寒来暑往秋收冬藏闰余成岁。\n\n（二）加快建设现代化产业体系，推进新型工业化。\n\n云腾致雨露结为霜金生丽水玉出昆冈，剑号巨阙珠称夜光果珍李柰。\n".as_bytes(),
    );
    let b = d.write(
        "b.txt",
        "乙年工作报告\n\n2021年1月1日\n\n各位代表：现在我报告工作。\n\n云腾致雨露结为霜金生丽水玉出昆冈，剑号巨阙珠称夜光果珍李柰。\n\n（一）着力扩大国内需求，培育壮大未来产业。\n\n（二）坚持稳中求进工作总基调，推动经济运行整体好转。\n\n天地玄黄宇宙洪荒日月盈昃辰宿列张，寒来暑往秋收冬藏闰余成岁。\n\n（三）加快建设现代化产业体系，推进新型工业化。\n".as_bytes(),
    );
    d.ok(&["add", a.to_str().unwrap(), b.to_str().unwrap()]);
    let ls = d.json(&["ls", "--json"]);
    let id = |t: &str| {
        ls.iter().find(|x| x["title"] == t).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (ia, ib) = (id("甲年工作报告"), id("乙年工作报告"));
    let v: Value = serde_json::from_str(&d.ok(&["diff", &ia, &ib, "--json"])).unwrap();
    let rows: Vec<(String, Option<u64>, Option<u64>)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["a"].as_u64(),
                r["b"].as_u64(),
            )
        })
        .collect();
    let row = |k: &str, a: Option<u64>, b: Option<u64>| (k.to_string(), a, b);
    assert_eq!(
        rows,
        vec![
            row("same", Some(0), Some(0)),
            row("moved", Some(4), Some(1)),
            row("added", None, Some(2)),
            row("same", Some(1), Some(3)),
            row("same", Some(2), Some(4)),
            row("same", Some(3), Some(5)),
        ],
        "{v}"
    );
    assert_eq!(
        (v["changed"].as_u64(), v["dropped_sentences"].as_u64()),
        (Some(0), Some(0))
    );
    let added: Vec<&str> = v["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["formulation"].as_str().unwrap())
        .collect();
    assert!(
        !added.contains(&"着力") && !added.contains(&"培育"),
        "{added:?}"
    );
    // The text output lists only what changed: the move and the new point.
    let text = d.ok(&["diff", &ia, &ib]);
    assert!(text.contains("移动 moved") && text.contains("【+（一）着力扩大国内需求"));
    assert!(!text.contains("【-一】"), "{text}");
}
