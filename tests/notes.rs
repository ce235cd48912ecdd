//! `tifa notes`: 热词学习笔记 on the shared reports and speeches, checked
//! against `count`, `first` and `show` of the same library, the written
//! files read back, and the API answering with the CLI's JSON.

use crate::util::{Dir, shared};
use crate::web::{Browser, Server, enc, http, spawn_serve};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::process::Command;

fn library() -> Dir {
    let d = Dir::new("notes");
    let reports = shared("corpus/reports");
    let speeches = shared("corpus/speeches");
    d.ok(&["add", &reports, &speeches]);
    d
}

/// (authority, definitional descending, date) as documented in `notes`.
type OrderKey = (u64, std::cmp::Reverse<u64>, (u32, u32, u32));

fn date_key(d: &str) -> (u32, u32, u32) {
    let mut it = d.split('-').map(|p| p.parse::<u32>().ok());
    (
        it.next().flatten().unwrap_or(u32::MAX),
        it.next().flatten().unwrap_or(13),
        it.next().flatten().unwrap_or(32),
    )
}

#[test]
fn notes_are_cited_counted_and_ordered() {
    let d = library();
    let terms = ["新质生产力", "高质量发展"];
    let notes = &d.json(&["notes", terms[0], terms[1], "-n", "8", "--json"])[0];
    let list = notes["terms"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let mut bodies: HashMap<String, Vec<String>> = HashMap::new();
    for (note, term) in list.iter().zip(terms) {
        assert_eq!(note["term"], term);
        // Counts equal `count --json`.
        let c = &d.json(&["count", term, "--json"])[0];
        for k in ["occurrences", "articles", "works"] {
            assert_eq!(note[k], c[k], "{term} {k}");
        }
        // First appearance equals `first --json`.
        let f = &d.json(&["first", term, "--json"])[0];
        assert_eq!(&note["first"], f, "{term}");
        // The trend's years add up to the dated occurrences.
        let years: u64 = note["trend"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["occurrences"].as_u64().unwrap())
            .sum();
        assert!(years > 0 && years <= c["occurrences"].as_u64().unwrap());

        // Same-work groups as ranked search reports them.
        let work_of: HashMap<String, u64> = d
            .json(&["search", term, "--json", "--limit", "0"])
            .iter()
            .flat_map(|w| {
                let rank = w["rank"].as_u64().unwrap();
                w["articles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |a| (a["id"].as_str().unwrap().to_string(), rank))
            })
            .collect();
        let passages = note["passages"].as_array().unwrap();
        assert!(!passages.is_empty(), "{term}");
        assert!(passages.len() <= 8);
        let mut works = HashSet::new();
        let mut sentences = HashSet::new();
        let mut prev: Option<OrderKey> = None;
        for p in passages {
            let sentence = p["sentence"].as_str().unwrap();
            assert!(sentence.contains(term), "{p}");
            assert!(
                sentences.insert(sentence.to_string()),
                "repeated sentence {p}"
            );
            let id = p["article"].as_str().unwrap();
            // The cited paragraph of the cited article holds the sentence.
            let paras = bodies.entry(id.to_string()).or_insert_with(|| {
                let shown: Value = serde_json::from_str(&d.ok(&["show", id, "--json"])).unwrap();
                assert_eq!(shown["title"], p["title"]);
                shown["paragraphs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect()
            });
            let k = p["paragraph"].as_u64().unwrap() as usize;
            assert!(paras[k].contains(sentence), "paragraph {k} of {id}: {p}");
            // Dated, one passage per work: reprints count once.
            assert!(!p["date"].as_str().unwrap().is_empty());
            let work = work_of[id];
            assert!(works.insert(work), "two passages of one work: {p}");
            // Sorted by authority, then definitional form, then date.
            let key = (
                p["authority"].as_u64().unwrap(),
                std::cmp::Reverse(p["definitional"].as_u64().unwrap()),
                date_key(p["date"].as_str().unwrap()),
            );
            if let Some(q) = prev {
                assert!(q <= key, "order {q:?} then {key:?}");
            }
            prev = Some(key);
        }
    }
    // --from keeps the articles of a search: counts equal `count` over those ids.
    let q = "title:政府工作报告";
    let scoped = &d.json(&["notes", "高质量发展", "--from", q, "--json"])[0]["terms"][0];
    let ids: Vec<String> = d
        .json(&["search", q, "--json", "--limit", "0"])
        .iter()
        .flat_map(|w| w["articles"].as_array().unwrap().clone())
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let mut args = vec!["count", "高质量发展", "--json"];
    for id in &ids {
        args.extend(["--id", id.as_str()]);
    }
    let c = &d.json(&args)[0];
    assert_eq!(scoped["occurrences"], c["occurrences"]);
    assert_eq!(scoped["articles"], c["articles"]);
    assert!(scoped["occurrences"].as_u64() < list[1]["occurrences"].as_u64());
    for p in scoped["passages"].as_array().unwrap() {
        assert!(
            ids.contains(&p["article"].as_str().unwrap().to_string()),
            "{p}"
        );
    }
    let o = d.tifa(&["notes", "高质量发展", "--from", "title:没有这样的标题"]);
    assert_eq!(o.status.code(), Some(1));

    // The government work reports rank first for 新质生产力.
    let top = &list[0]["passages"][0];
    assert_eq!(top["authority"], 0, "{top}");
    assert!(top["title"].as_str().unwrap().contains("政府工作报告"));
}

#[test]
fn notes_files_and_api() {
    let d = library();
    let json = &d.json(&["notes", "新质生产力", "高质量发展", "--json"])[0];
    let first_passage = json["terms"][0]["passages"][0]["sentence"]
        .as_str()
        .unwrap()
        .to_string();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();

    // Markdown on stdout: one # title, a ## per term, ### subsections.
    let md = d.ok(&["notes", "新质生产力", "高质量发展"]);
    assert_eq!(md.lines().filter(|l| l.starts_with("# ")).count(), 1);
    let h2: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(h2, ["## 新质生产力", "## 高质量发展"]);
    assert!(md.contains("### 权威表述"));
    assert!(md.contains(&first_passage));

    for ext in ["md", "html", "docx", "pdf"] {
        let out = d.root.join(format!("notes.{ext}"));
        d.ok(&[
            "notes",
            "新质生产力",
            "高质量发展",
            "-o",
            out.to_str().unwrap(),
        ]);
        let bytes = std::fs::read(&out).unwrap();
        match ext {
            "md" => assert_eq!(String::from_utf8(bytes).unwrap(), md),
            "html" => {
                let html = String::from_utf8(bytes).unwrap();
                assert!(html.starts_with("<!doctype html>"));
                assert!(html.contains(&first_passage));
                assert!(!html.contains("<script") && !html.contains("http"));
            }
            "docx" => {
                let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut doc = String::new();
                z.by_name("word/document.xml")
                    .unwrap()
                    .read_to_string(&mut doc)
                    .unwrap();
                assert!(doc.contains("w:eastAsia="));
                for t in json["terms"].as_array().unwrap() {
                    for p in t["passages"].as_array().unwrap() {
                        let s = p["sentence"].as_str().unwrap();
                        let esc = s
                            .replace('&', "&amp;")
                            .replace('<', "&lt;")
                            .replace('>', "&gt;");
                        assert!(doc.contains(&esc), "DOCX lacks {s}");
                    }
                }
            }
            _ => {
                assert!(bytes.starts_with(b"%PDF-"));
                let o = match Command::new("pdftotext").arg(&out).arg("-").output() {
                    Ok(o) => o,
                    Err(_) if std::env::var("CI").as_deref() != Ok("true") => {
                        eprintln!("skipped PDF text check: poppler-utils not installed");
                        continue;
                    }
                    Err(e) => panic!("pdftotext: {e}"),
                };
                let text = squash(&String::from_utf8_lossy(&o.stdout));
                assert!(
                    text.contains(&squash(&first_passage)),
                    "PDF lacks {first_passage}"
                );
            }
        }
    }
    // A bad extension is a usage error.
    let o = d.tifa(&["notes", "新质生产力", "-o", "x.txt"]);
    assert_eq!(o.status.code(), Some(2));

    // The API answers with the CLI's JSON, and serves the files.
    let (child, addr) = spawn_serve(&d.data(), &["--addr", "127.0.0.1:0"]);
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _k = Kill(child);
    let path = format!(
        "/api/v1/notes?term={}&term={}",
        enc("新质生产力"),
        enc("高质量发展")
    );
    let (st, body) = http("GET", &addr, &path, None, "application/json");
    assert_eq!(st, 200);
    let api: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(&api, json);
    let (st, body) = http(
        "GET",
        &addr,
        &format!("{path}&format=docx"),
        None,
        "application/json",
    );
    assert_eq!(st, 200);
    assert!(body.starts_with(b"PK"));
    let (st, body) = http(
        "GET",
        &addr,
        &format!("{path}&format=md"),
        None,
        "application/json",
    );
    assert_eq!(st, 200);
    assert_eq!(String::from_utf8(body).unwrap(), md);
    let (st, _) = http("GET", &addr, "/api/v1/notes", None, "application/json");
    assert_eq!(st, 400);
}

#[test]
fn browser_notes_page() {
    let d = library();
    let cli = &d.json(&["notes", "新质生产力", "--json"])[0];
    let server = Server::start(&d.data());
    let b = Browser::start("notes");
    b.run(|b| {
        b.goto(&server.url(""));
        b.ready("search");
        b.click("#nav a[data-nav=notes]");
        b.ready("notes");
        b.type_into("input[name=term]", "新质生产力");
        b.click("form.bar button[type=submit]");
        b.ready("notes");
        let loc = b.js("return location.search;", serde_json::json!([]));
        assert!(loc.as_str().unwrap().contains("v=notes"), "{loc}");
        let shown = b.texts("section[data-term='新质生产力'] ol.passages li p.snippet");
        let want: Vec<String> = cli["terms"][0]["passages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["sentence"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(shown, want, "the page shows the CLI's passages in order");
        b.shot("notes");
        assert_eq!(
            b.count("[data-testid=notes-downloads] a[href*='format=pdf']"),
            1
        );
        assert_eq!(
            b.count("[data-testid=notes-downloads] a[href*='format=docx']"),
            1
        );
        b.click("#lang");
        b.ready("notes");
        assert!(b.text("#nav").contains("Notes"));
    });
}
