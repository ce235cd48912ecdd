//! Exact search: recall 1.0 against a plain substring scan, by-work counts
//! and filters on constructed articles, KWIC and ranked search, and index
//! consistency after removal and after a killed process.

use crate::util::{Dir, shared};
use serde_json::Value;

/// Occurrences (overlapping) and articles containing `q`, by scanning exported text.
fn scan(arts: &[Value], q: &str) -> (usize, usize) {
    let mut occ = 0;
    let mut articles = 0;
    for a in arts {
        let t = a["text"].as_str().unwrap();
        let n = t
            .char_indices()
            .filter(|(i, _)| t[*i..].starts_with(q))
            .count();
        occ += n;
        articles += (n > 0) as usize;
    }
    (occ, articles)
}

fn is_skip(c: char) -> bool {
    c.is_whitespace() || (!c.is_alphanumeric() && c != '\n')
}

/// Occurrences of `q` with punctuation and spaces in the text ignored.
fn scan_ignoring_punct(arts: &[Value], q: &str) -> usize {
    let want: Vec<char> = q.chars().filter(|c| !is_skip(*c)).collect();
    let mut n = 0;
    for a in arts {
        let t: Vec<char> = a["text"].as_str().unwrap().chars().collect();
        for s in 0..t.len() {
            let (mut i, mut k) = (s, 0);
            while i < t.len() && k < want.len() {
                if t[i] == want[k] {
                    k += 1;
                } else if k == 0 || !is_skip(t[i]) {
                    break;
                }
                i += 1;
            }
            n += (k == want.len()) as usize;
        }
    }
    n
}

fn count(d: &Dir, args: &[&str]) -> Vec<Value> {
    let mut a = vec!["count", "--json"];
    a.extend(args);
    d.json(&a)
}

#[test]
fn exact_counts_match_a_substring_scan() {
    let d = Dir::new("recall");
    d.ok(&["add", &shared("corpus")]);
    let arts = d.export();
    let mut queries: Vec<String> = [
        "质量发展",
        "发展银行",
        "简单",
        "高质量发展",
        "新质生产力",
        "中国式现代化",
        "的",
        "。",
        "人民",
        "大众创业、万众创新",
        "2024年",
        "一带一路",
        "GDP",
        "两个确立",
        "以人民为中心",
        "现代化产业体系",
        "党的二十大",
        "稳中求进",
        "习近平",
        "、",
    ]
    .map(String::from)
    .to_vec();
    // Plus substrings drawn from the texts themselves: queries nobody chose.
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let all: Vec<char> = arts
        .iter()
        .flat_map(|a| a["text"].as_str().unwrap().chars().collect::<Vec<_>>())
        .collect();
    while queries.len() < 60 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let start = (x as usize) % all.len();
        let len = 1 + (x >> 40) as usize % 8;
        let q: String = all[start..(start + len).min(all.len())].iter().collect();
        if !q.contains('\n') && !q.trim().is_empty() && q.trim() == q {
            queries.push(q);
        }
    }
    let refs: Vec<&str> = queries.iter().map(String::as_str).collect();
    let got = count(&d, &refs);
    let mut total = 0;
    for (q, g) in queries.iter().zip(&got) {
        let (occ, articles) = scan(&arts, q);
        assert_eq!(g["term"], q.as_str());
        assert_eq!(g["occurrences"], occ, "occurrences of {q:?}");
        assert_eq!(g["articles"], articles, "articles with {q:?}");
        assert!(g["works"].as_u64().unwrap() <= articles as u64);
        total += occ;
    }
    println!(
        "recall 1.000: {} queries, {total} occurrences, all equal to a substring scan",
        queries.len()
    );
    for q in ["大众创业万众创新", "稳就业保民生", "不忘初心牢记使命"] {
        let g = &count(&d, &["--ignore-punct", q])[0];
        let want = scan_ignoring_punct(&arts, q);
        println!(
            "--ignore-punct {q}: {} (scan {want}, exact {})",
            g["occurrences"],
            scan(&arts, q).0
        );
        assert_eq!(g["occurrences"], want, "{q} ignoring punctuation");
    }
}

/// Deterministic filler of Han characters: long enough for same-work detection.
fn filler(seed: u64, n: usize) -> String {
    let mut x = seed;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i % 40 == 39 {
                '。'
            } else {
                char::from_u32(0x4E00 + (x % 0x5000) as u32).unwrap()
            }
        })
        .collect()
}

fn article(title: &str, date: &str, source: &str, body: &str) -> String {
    format!("{title}\n\n（来源：{source}，{date}）\n\n{body}\n")
}

#[test]
fn by_work_counts_filters_and_kwic() {
    let d = Dir::new("bywork");
    let body = "推动高质量发展是做好经济工作的根本要求。高质量发展就是体现新发展理念的发展，必须坚持质量第一、效益优先。我们要坚持以推动高质量发展为主题，把扩大内需战略同深化供给侧结构性改革有机结合起来。".to_string() + &filler(7, 600);
    let body = body.as_str();
    d.write(
        "in/a.txt",
        article("关于高质量发展的讲话", "2021年3月5日", "新华网", body).as_bytes(),
    );
    // The same work reprinted elsewhere, and a different text.
    d.write(
        "in/b.txt",
        article(
            "关于高质量发展的讲话（转载）",
            "2022年4月1日",
            "人民日报",
            body,
        )
        .as_bytes(),
    );
    d.write("in/c.txt", article("另一篇文章", "2023年1月2日", "新华网", &("这是一篇谈论乡村振兴的文章，也提到高质量发展一次，其余内容完全不同，说明农业农村现代化的重要意义。".to_string() + &filler(8, 600))).as_bytes());
    d.ok(&["add", &d.root.join("in").to_string_lossy()]);
    let c = &count(&d, &["高质量发展"])[0];
    assert_eq!(
        (
            c["occurrences"].as_u64(),
            c["articles"].as_u64(),
            c["works"].as_u64()
        ),
        (Some(7), Some(3), Some(2)),
        "{c}"
    );
    let c = &count(&d, &["--source", "新华网", "高质量发展"])[0];
    assert_eq!(
        (c["occurrences"].as_u64(), c["articles"].as_u64()),
        (Some(4), Some(2))
    );
    let c = &count(&d, &["--date", "2022..2023", "高质量发展"])[0];
    assert_eq!(c["articles"], 2);
    let by = count(&d, &["--by", "year", "高质量发展"]);
    let years: Vec<(&str, u64)> = by
        .iter()
        .map(|v| {
            (
                v["year"].as_str().unwrap(),
                v["occurrences"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(years, vec![("2021", 3), ("2022", 3), ("2023", 1)]);
    let ids: Vec<Value> = d.json(&["ls", "--json"]);
    let c_id = ids.iter().find(|v| v["title"] == "另一篇文章").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        count(&d, &["--id", &c_id, "高质量发展"])[0]["occurrences"],
        1
    );
    // KWIC: every hit, with citation, sortable.
    let kwic: Vec<Value> = d.json(&["kwic", "高质量发展", "--json", "-w", "4", "--sort", "date"]);
    assert_eq!(kwic.len(), 7);
    assert_eq!(kwic[0]["date"], "2021-03-05");
    assert_eq!(kwic[6]["article"], c_id.as_str());
    assert!(
        kwic.iter()
            .all(|k| k["hit"] == "高质量发展" && k["left"].as_str().unwrap().chars().count() <= 4)
    );
    let first: Vec<Value> = d.json(&["kwic", "高质量发展", "--json", "-n", "2"]);
    assert_eq!(first.len(), 2);
    assert_eq!(
        (first[0]["paragraph"].as_u64(), first[0]["left"].as_str()),
        (Some(0), Some("推动"))
    );
    let csv = d.ok(&["kwic", "高质量发展", "--csv"]);
    assert_eq!(csv.lines().count(), 8);
    // Ranked search finds all three, grouped into two works.
    let res: Vec<Value> = d.json(&["search", "质量发展", "--json"]);
    assert_eq!(res.len(), 2);
    assert_eq!(
        res.iter()
            .map(|w| w["articles"].as_array().unwrap().len())
            .sum::<usize>(),
        3
    );
    let res: Vec<Value> = d.json(&["search", "质量发展 NOT 乡村振兴", "--json"]);
    assert_eq!(res.len(), 1);
    let res: Vec<Value> = d.json(&["search", "title:另一篇 OR 供给侧", "--json"]);
    assert_eq!(res.len(), 2);
    // Removal keeps every index consistent.
    d.ok(&["rm", &c_id]);
    let c = &count(&d, &["高质量发展"])[0];
    assert_eq!(
        (
            c["occurrences"].as_u64(),
            c["articles"].as_u64(),
            c["works"].as_u64()
        ),
        (Some(6), Some(2), Some(1))
    );
    let res: Vec<Value> = d.json(&["search", "乡村振兴", "--json"]);
    assert!(res.is_empty());
    // b.txt reprints a.txt verbatim, so its text is indexed once, under a.
    // Removing a must leave b fully searchable.
    let a_id = ids
        .iter()
        .find(|v| v["title"] == "关于高质量发展的讲话")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    d.ok(&["rm", &a_id]);
    let c = &count(&d, &["高质量发展"])[0];
    assert_eq!(
        (
            c["occurrences"].as_u64(),
            c["articles"].as_u64(),
            c["works"].as_u64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(d.json(&["kwic", "高质量发展", "--json"]).len(), 3);
    let res = d.json(&["search", "高质量发展", "--json"]);
    assert_eq!(res.len(), 1);
    assert_eq!(
        res[0]["articles"][0]["title"],
        "关于高质量发展的讲话（转载）"
    );
    assert!(
        res[0]["articles"][0]["score"].as_f64().unwrap() > 0.5,
        "ranked as before: {}",
        res[0]
    );
}

#[test]
fn ranking_counts_the_query_as_the_exact_index_does() {
    // 质量发展 is never a jieba word inside 高质量发展: a word-segmented
    // ranking scores these articles 0; tifa ranks them by their exact hits.
    let d = Dir::new("ranking");
    let hit = "推进高质量发展。";
    let texts = [
        ("甲文", format!("{}{}", hit.repeat(4), filler(11, 600))),
        ("乙文", format!("{hit}{}", filler(12, 620))),
        ("论质量发展", format!("{hit}{}", filler(13, 620))),
        ("丙文", format!("{hit}{}", filler(14, 4000))),
        ("丁文", filler(15, 600)),
    ];
    for (i, (title, body)) in texts.iter().enumerate() {
        d.write(
            &format!("in/{i}.txt"),
            article(title, "2021年3月5日", "新华网", body).as_bytes(),
        );
    }
    d.ok(&["add", &d.root.join("in").to_string_lossy()]);
    let res = d.json(&["search", "质量发展", "-n", "0", "--json"]);
    let score = |title: &str| -> f64 {
        res.iter()
            .flat_map(|w| w["articles"].as_array().unwrap())
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("{title} not found: {res:?}"))["score"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(res.len(), 4, "every article with the substring, no other");
    // More hits in the same length, a hit in the title, a shorter text: higher.
    assert!(score("甲文") > score("乙文"), "{res:?}");
    assert!(score("论质量发展") > score("乙文"), "{res:?}");
    assert!(score("乙文") > score("丙文"), "{res:?}");
    assert!(score("丙文") > 0.0, "{res:?}");
    // Works come best first.
    let ranked: Vec<f64> = res.iter().map(|w| w["score"].as_f64().unwrap()).collect();
    assert!(ranked.windows(2).all(|p| p[0] >= p[1]), "{ranked:?}");
    // A filter narrows the collection but not the order.
    let title = d.json(&["search", "质量发展 title:甲", "--json"]);
    assert_eq!(title.len(), 1);
    assert_eq!(title[0]["articles"][0]["title"], "甲文");
}

#[test]
fn a_killed_add_leaves_a_consistent_library() {
    let d = Dir::new("killed");
    d.ok(&["add", &shared("corpus/compilations")]);
    let before = d.ok(&["export", "--format", "jsonl"]);
    let count_before = count(&d, &["发展"]);
    // Start a large add and kill it part-way, repeatedly, at different moments.
    for ms in [50u64, 200, 600] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tifa"))
            .arg("--data")
            .arg(d.data())
            .args(["add", &shared("corpus/reports"), &shared("corpus/speeches")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let after = d.ok(&["export", "--format", "jsonl"]);
        if !status.success() {
            assert_eq!(after, before, "a killed add changed the library");
            assert_eq!(count(&d, &["发展"]), count_before);
        } else {
            // It finished before the kill: counts must agree with the texts.
            let arts = d.export();
            assert_eq!(
                count(&d, &["发展"])[0]["occurrences"],
                scan(&arts, "发展").0
            );
            break;
        }
    }
    // Whatever happened, search works and agrees with the exact index.
    let arts = d.export();
    assert_eq!(
        count(&d, &["人民"])[0]["occurrences"],
        scan(&arts, "人民").0
    );
    let res = d.ok(&["search", "人民", "--json", "-n", "0"]);
    let found: usize = res
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["articles"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(found, scan(&arts, "人民").1);
}

#[test]
fn concurrent_adds_wait_for_each_other() {
    let d = Dir::new("concurrent");
    let spawn = |p: String| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tifa"))
            .arg("--data")
            .arg(d.data())
            .args(["add", &p])
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn(shared("corpus/reports")));
        let b = s.spawn(|| spawn(shared("corpus/compilations")));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let arts = d.export();
    assert_eq!(arts.len(), 88 + 34);
    assert_eq!(
        count(&d, &["人民"])[0]["occurrences"],
        scan(&arts, "人民").0
    );
    let found: usize = d
        .json(&["search", "人民", "--json", "-n", "0"])
        .iter()
        .map(|w| w["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(found, scan(&arts, "人民").1);
}

#[test]
fn a_removed_articles_text_never_counts_for_a_later_one() {
    // Removing the newest article used to free its key, and the next article
    // added inherited the removed text still in its segment.
    let d = Dir::new("reuse");
    let a = d.write(
        "a.txt",
        article("第一篇", "2020年1月1日", "甲报", &filler(1, 300)).as_bytes(),
    );
    d.ok(&["add", &a.to_string_lossy()]);
    let b = d.write(
        "b.txt",
        article(
            "第二篇",
            "2020年1月2日",
            "乙报",
            &format!("{}独有词甲乙丙丁。", filler(2, 300)),
        )
        .as_bytes(),
    );
    d.ok(&["add", &b.to_string_lossy()]);
    let newest = d
        .json(&["ls", "--json"])
        .into_iter()
        .find(|x| x["title"] == "第二篇")
        .unwrap();
    d.ok(&["rm", newest["id"].as_str().unwrap()]);
    let c = d.write(
        "c.txt",
        article("第三篇", "2020年1月3日", "丙报", &filler(3, 300)).as_bytes(),
    );
    d.ok(&["add", &c.to_string_lossy()]);
    assert_eq!(
        d.json(&["count", "独有词甲乙丙丁", "--json"])[0]["occurrences"],
        0
    );
    let arts = d.export();
    assert_eq!(arts.len(), 2);
    for q in ["第三", "发展"] {
        let (occ, n) = scan(&arts, q);
        let got = &d.json(&["count", q, "--json"])[0];
        assert_eq!(
            (got["occurrences"].as_u64(), got["articles"].as_u64()),
            (Some(occ as u64), Some(n as u64)),
            "{q}"
        );
    }
}

/// The simplified form of a text, each character converted alone by the
/// fast2s table that `--fold` is built on.
fn simplified(t: &str) -> String {
    t.chars().map(|c| fast2s::convert(&c.to_string())).collect()
}

#[test]
fn fold_counts_match_a_scan_of_folded_text() {
    let d = Dir::new("fold");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let folded: Vec<Value> = arts
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a["text"] = Value::from(simplified(a["text"].as_str().unwrap()));
            a
        })
        .collect();
    let mut gained = 0;
    for q in ["会议", "國家", "发展", "经济建设", "人民代表大会"] {
        let plain = &count(&d, &[q])[0];
        let fold = &count(&d, &["--fold", q])[0];
        // Without --fold nothing changes; with it, counts are a scan of the folded text.
        assert_eq!(plain["occurrences"], scan(&arts, q).0, "{q}");
        let (occ, articles) = scan(&folded, &simplified(q));
        println!(
            "{q}: {} exact, {} folded (scan of folded text {occ})",
            plain["occurrences"], fold["occurrences"]
        );
        assert_eq!(fold["occurrences"], occ, "{q} folded");
        assert_eq!(fold["articles"], articles, "articles with {q} folded");
        gained += occ - plain["occurrences"].as_u64().unwrap() as usize;
    }
    assert!(
        gained > 0,
        "the traditional spellings of 1954 and 1957 are found"
    );
    // The 1957 report writes 会議: found with --fold only, and shown as printed.
    let exact = count(&d, &["--date", "1957", "会议"])[0]["occurrences"].clone();
    let lines = d.json(&["kwic", "会议", "--fold", "--date", "1957", "--json"]);
    assert!(lines.len() as u64 > exact.as_u64().unwrap());
    assert!(lines.iter().any(|l| l["hit"] == "会議"), "KWIC shows 会議");
    assert!(
        lines
            .iter()
            .all(|l| simplified(l["hit"].as_str().unwrap()) == "会议")
    );
    // first and trend take --fold too: the 1954 report's 會議 comes first.
    let first = |args: &[&str]| d.json(args)[0]["date"].as_str().unwrap()[..4].to_string();
    assert_eq!(first(&["first", "会议", "--fold", "--json"]), "1954");
    assert_ne!(first(&["first", "会议", "--json"]), "1954");
    let trend = d.json(&["trend", "会议", "--fold", "--json", "--by", "year"]);
    let total: u64 = trend
        .iter()
        .map(|r| r["occurrences"].as_u64().unwrap())
        .sum();
    let dated = count(&d, &["--fold", "--date", "1900..2100", "会议"]);
    assert_eq!(total, dated[0]["occurrences"]);
}
