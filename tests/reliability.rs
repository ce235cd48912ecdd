//! Issue 14, hazards found by attacking the landed build: each test failed
//! on the code before its fix.

use crate::util::{Dir, shared};
use serde_json::Value;
use std::collections::BTreeSet;

/// A process that died of a signal or a Rust panic (exit code 101).
fn assert_no_crash(o: &std::process::Output, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.code().is_some() && o.status.code() != Some(101),
        "{what}: crashed ({:?}): {err}",
        o.status
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn issue14_deeply_nested_html_is_read() {
    let d = Dir::new("deep");
    let depth = 100_000;
    let mut html = String::from("<html><body><h1>深层嵌套的页面</h1>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str("<p>推动高质量发展是做好经济工作的根本要求，必须坚持质量第一、效益优先。</p>");
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    let f = d.write("deep.html", html.as_bytes());
    let o = d.tifa(&["add", &f.to_string_lossy()]);
    assert_no_crash(&o, "add deep.html");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let all = d.export();
    assert!(
        all.iter()
            .any(|a| a["text"].as_str().unwrap().contains("推动高质量发展")),
        "{all:?}"
    );
}

#[test]
fn issue14_html_entities_are_decoded() {
    let d = Dir::new("entities");
    let html = "<html><body><h1>关于&ldquo;两个毫不动摇&rdquo;的学习体会</h1>\
        <p>&emsp;&emsp;我们要坚持&ldquo;两个毫不动摇&rdquo;，推进&nbsp;改革&ensp;开放&thinsp;试点&lsaquo;甲&rsaquo;与&laquo;乙&raquo;，\
        营业收入增长&plusmn;5&percnt;，温度&deg;，价格&yen;10&middot;单位&times;2&divide;3&hellip;&mdash;&ndash;&sect;&para;&copy;&reg;&trade;&bull;&prime;&Prime;&permil;&larr;&rarr;&le;&ge;&ne;&infin;&alpha;&beta;&OElig;&Eacute;&uuml;&sup2;&frac12;&iquest;&#x3000;&#12290;&#X4E2D;&amp;&lt;&gt;&quot;&apos;</p>\
        <p>&emsp;&emsp;第二段正文：构建新发展格局，推动高质量发展，这是一段足够长的正文内容。</p></body></html>";
    let f = d.write("entities.html", html.as_bytes());
    d.ok(&["add", &f.to_string_lossy()]);
    let all = d.export();
    let text: String = all
        .iter()
        .map(|a| {
            format!(
                "{} {}\n",
                a["title"].as_str().unwrap(),
                a["text"].as_str().unwrap()
            )
        })
        .collect();
    for named in [
        "&emsp", "&ensp", "&nbsp", "&thinsp", "&lsaquo", "&permil", "emsp;",
    ] {
        assert!(!text.contains(named), "{named} left in: {text}");
    }
    assert!(text.contains("“两个毫不动摇”"), "{text}");
    assert!(
        text.contains("‹甲›与«乙»")
            && text.contains("±5%")
            && text.contains("¥10·单位×2÷3…—–§¶©®™•′″‰←→≤≥≠∞αβŒÉü²½¿"),
        "{text}"
    );
    assert!(text.contains("。中&<>\"'"), "{text}");
    // &nbsp; &ensp; &thinsp; &emsp; are whitespace: leading ones are trimmed,
    // none is left as a character of its own.
    assert!(
        !text.contains(['\u{A0}', '\u{2002}', '\u{2003}', '\u{2009}']),
        "{text}"
    );
    assert!(text.contains("我们要坚持"), "{text}");
    let c = d.json(&["count", "emsp", "nbsp", "--json"]);
    assert!(c.iter().all(|r| r["occurrences"] == 0), "{c:?}");
}

#[test]
fn issue14_rm_then_add_says_so_and_force_restores() {
    let d = Dir::new("readd");
    let f = shared("corpus/compilations/001_793dd0b5a8773a76.txt");
    d.ok(&["add", &f]);
    let before = d.ok(&["export", "--format", "jsonl"]);
    let count_before = d.json(&["count", "新质生产力", "--json"]);
    let ls: Vec<Value> = d.json(&["ls", "--json"]);
    let victim = ls
        .iter()
        .find(|a| {
            before
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap())
                .any(|e| e["id"] == a["id"] && e["text"].as_str().unwrap().contains("新质生产力"))
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    d.ok(&["rm", &victim]);
    assert_eq!(d.export().len(), 10);
    // Adding the file again does not undo a deliberate rm, but says so.
    let again = d.ok(&["add", &f]);
    assert!(
        again.contains("1") && again.contains("--force") && again.contains("removed"),
        "{again}"
    );
    let j = d.json(&["add", &f, "--json"]);
    assert_eq!(j[0]["status"], "unchanged");
    assert_eq!(j[0]["removed"], 1, "{j:?}");
    assert_eq!(d.export().len(), 10);
    // --force brings the removed article back, with its id, text and counts.
    let restored = d.json(&["add", &f, "--force", "--json"]);
    assert_eq!(restored[0]["status"], "restored", "{restored:?}");
    assert_eq!(restored[0]["articles"], 1);
    assert_eq!(d.ok(&["export", "--format", "jsonl"]), before);
    assert_eq!(d.json(&["count", "新质生产力", "--json"]), count_before);
    let res = d.json(&["search", "新质生产力", "--json"]);
    assert!(
        res.iter().any(|w| w["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == victim.as_str())),
        "restored article is searchable: {res:?}"
    );
    // Once every article is back, the file is simply unchanged.
    let j = d.json(&["add", &f, "--force", "--json"]);
    assert_eq!(j[0]["status"], "unchanged");
}

#[test]
fn issue14_bad_dates_are_usage_errors() {
    let d = Dir::new("dates");
    d.ok(&[
        "add",
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
    ]);
    for (args, bad) in [
        (
            vec!["count", "新质生产力", "--date", "2024-13-40.."],
            "2024-13-40",
        ),
        (
            vec!["count", "新质生产力", "--date", "2025..2020"],
            "2025..2020",
        ),
        (
            vec!["count", "新质生产力", "--date", "2023-02-29"],
            "2023-02-29",
        ),
        (
            vec!["count", "新质生产力", "--date", "2024-04-31.."],
            "2024-04-31",
        ),
        (vec!["count", "新质生产力", "--date", "24"], "24"),
        (vec!["kwic", "新质生产力", "--date", "2024-1-x"], "2024-1-x"),
        (vec!["trend", "新质生产力", "--date", ".."], ".."),
        (vec!["search", "date:abc"], "abc"),
        (vec!["search", "新质生产力 date:2024-13"], "2024-13"),
        (vec!["search", "新质生产力 日期：2024..2023"], "2024..2023"),
        (vec!["newterms", "--period", "2023-00..2024"], "2023-00"),
        (
            vec!["newterms", "--period", "2023..2024", "--vs", "2000..1990"],
            "2000..1990",
        ),
        (vec!["keywords", "--date", "2024", "--vs", "abc"], "abc"),
    ] {
        let o = d.tifa(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(bad), "{args:?} does not name {bad}: {err}");
        let msg = err.split("error:").nth(1).unwrap_or(&err);
        let cjk = msg.find(|c: char| c >= '\u{4E00}');
        let latin = msg.find(|c: char| c.is_ascii_alphabetic());
        assert!(
            cjk.is_some() && cjk < latin,
            "{args:?}: Chinese first: {err}"
        );
        assert!(!err.contains("panicked"));
    }
    // Valid forms still work: open ends, a leap day, a single date.
    for date in ["2024-02-29..", "..2023-12-31", "2023", "2022-03..2024-1"] {
        let o = d.tifa(&["count", "新质生产力", "--date", date]);
        assert!(
            o.status.success(),
            "{date}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = d.tifa(&["search", "新质生产力 date:2023..", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn issue14_ambiguous_id_prefix_is_its_own_error() {
    let d = Dir::new("ambiguous");
    d.ok(&[
        "add",
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
        &shared("corpus/compilations/000_a460838f5e73ed1d.txt"),
    ]);
    let ids: Vec<String> = d
        .json(&["ls", "--json"])
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let prefix = ids
        .iter()
        .map(|i| &i[..1])
        .find(|p| ids.iter().filter(|i| i.starts_with(p)).count() >= 2)
        .expect("two ids share a first digit")
        .to_string();
    let n = ids.iter().filter(|i| i.starts_with(&prefix)).count();
    for cmd in ["show", "rm"] {
        let o = d.tifa(&[cmd, &prefix]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("ambiguous") && err.contains(&format!("matches {n} articles")),
            "{cmd}: {err}"
        );
        assert!(!err.contains("no article"), "{cmd}: {err}");
    }
    assert_eq!(d.export().len(), ids.len(), "nothing removed");
    let o = d.tifa(&["show", "zz"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article"));
    // --id filters resolve ids the same way.
    let o = d.tifa(&["count", "发展", "--id", &prefix]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ambiguous"));
}

#[test]
fn issue14_queries_may_start_with_a_hyphen() {
    let d = Dir::new("hyphen");
    d.ok(&[
        "add",
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
    ]);
    let all = d.export();
    let want: BTreeSet<String> = all
        .iter()
        .filter(|a| {
            let t = a["text"].as_str().unwrap();
            t.contains("共同富裕") && !t.contains("小康")
        })
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let ids = |res: Vec<Value>| -> BTreeSet<String> {
        res.iter()
            .flat_map(|w| w["articles"].as_array().unwrap().clone())
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    for args in [
        vec!["search", "共同富裕", "-小康", "--json", "-n", "0"],
        vec!["search", "-小康", "共同富裕", "--json", "-n", "0"],
        vec!["search", "--json", "-n", "0", "--", "-小康", "共同富裕"],
    ] {
        assert_eq!(ids(d.json(&args)), want, "{args:?}");
    }
    // A term that starts with a hyphen is counted as written.
    let c = d.json(&["count", "--json", "--", "-小康"]);
    assert_eq!(c[0]["term"], "-小康");
    let c = d.json(&["count", "-小康", "共同富裕", "--json"]);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0]["term"], "-小康");
    let k = d.ok(&["kwic", "-小康"]);
    let k2 = d.ok(&["kwic", "--", "-小康"]);
    assert_eq!(k, k2);
}

#[test]
fn issue14_a_damaged_metadata_row_is_an_error_not_a_crash() {
    let d = Dir::new("damaged-meta");
    d.ok(&["add", &shared("corpus/compilations")]);
    // Titles stored as bytes where text belongs: what a damaged database
    // page gives the lazy metadata reads behind every answer.
    let db = d.data().join("library.sqlite3");
    let py = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE articles SET title = x'00ff'\"); c.commit()")
        .arg(&db)
        .output()
        .expect("python3 runs");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    for args in [
        &["count", "高质量发展"][..],
        &["kwic", "高质量发展"],
        &["search", "高质量发展"],
        &["first", "高质量发展"],
        &["trend", "高质量发展"],
    ] {
        let o = d.tifa(args);
        assert_no_crash(&o, &format!("{args:?}"));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("metadata"), "{args:?}: {err}");
    }
}
