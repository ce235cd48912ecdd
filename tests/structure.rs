//! Issue 12: metadata that means one thing, excerpts dated by their own
//! citations, records cleaned like files, user corrections that last, and
//! a work report reprinted in a pack linked to the report itself.

use crate::util::{Dir, shared};
use serde_json::Value;

/// `first` dates a hit in an excerpt collection by the excerpt's own
/// citation, not by the collection (000's 《网络强国重要论述》 runs
/// 2013–2018; its excerpts that say 网络强国 start in 2014).
#[test]
fn first_dates_an_excerpt_by_its_citation() {
    let d = Dir::new("excerpts");
    d.ok(&[
        "add",
        &shared("corpus/compilations/000_a460838f5e73ed1d.txt"),
    ]);
    let arts = d.export();
    let coll = arts
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("网络强国重要论述"))
        .expect("the excerpt collection");
    assert_eq!(coll["kind"], "speech_excerpts");
    let cites = coll["citations"].as_array().unwrap();
    assert!(cites.len() >= 10, "each excerpt carries its citation");
    // Citations are metadata: no citation text in the body.
    assert!(
        !coll["text"].as_str().unwrap().contains("——《"),
        "a citation left in the text"
    );
    let f = &d.json(&["first", "网络强国", "--json"])[0];
    assert_eq!(f["article"], coll["id"]);
    let date = f["date"].as_str().unwrap();
    assert!(date.starts_with("2014"), "dated by its excerpt: {date}");
    // The date is the citation of the paragraph that holds the sentence.
    let p = f["paragraph"].as_u64().unwrap();
    let cite = cites.iter().find(|c| c["paragraph"].as_u64() == Some(p));
    assert_eq!(cite.unwrap()["date"].as_str(), Some(date));
    let para = coll["paragraphs"][p as usize].as_str().unwrap();
    assert!(para.contains(f["sentence"].as_str().unwrap()));
}

/// The 2020 speeches CSV: titles only where the record has one, no photo
/// credits, datelines or newspaper credits in the text, the speech's own
/// date apart from its publication, a speaker wherever the text names one
/// in its title block or signature, and paragraphs from the U+3000 indents.
#[test]
fn speech_records_are_cleaned_like_files() {
    let d = Dir::new("records");
    d.ok(&["add", &shared("corpus/speeches")]);
    let path = shared("corpus/speeches/xi_speeches_2020.csv");
    let raw: Vec<String> = csv_texts(&path);
    let arts = d.export();
    assert_eq!(arts.len(), raw.len());
    let mut photo = 0;
    for a in &arts {
        let text = a["text"].as_str().unwrap();
        let title = a["title"].as_str().unwrap();
        let n = a["origin"]["record"].as_u64().unwrap() as usize;
        let content = &raw[n - 1];
        photo += text.matches("/摄").count();
        assert!(!title.ends_with('…') && !title.ends_with('：'), "{title}");
        assert!(
            title.is_empty() || !text.starts_with(title) || title.chars().count() <= 8,
            "a title made of the first sentence: {title}"
        );
        assert!(
            !text.contains("人民日报 》（") && !text.contains("《人民日报》（"),
            "{n}"
        );
        for p in a["paragraphs"].as_array().unwrap() {
            let p = p.as_str().unwrap();
            assert!(
                !(p.starts_with("新华社") && p.contains("电")) || p.chars().count() > 60,
                "a dateline left as a paragraph in record {n}: {p}"
            );
        }
        // A title block (（date）习近平 or ※习近平) or a signature names the speaker.
        let head: String = content.chars().take(160).collect();
        let names_one =
            head.contains("）习近平") || head.contains("※习近平") || has_signature(content);
        if names_one {
            assert_eq!(a["speaker"], "习近平", "record {n}: {title}");
        }
        // Paragraphs: every U+3000 indent starts one (credits taken out are counted).
        let indents = content.matches("\u{3000}\u{3000}").count();
        let shown = d.json(&["show", a["id"].as_str().unwrap(), "--json"]);
        let asides = shown[0]["asides"].as_array().unwrap().len();
        let paragraphs = a["paragraphs"].as_array().unwrap().len();
        assert!(
            paragraphs + asides + 1 >= indents,
            "record {n}: {paragraphs} paragraphs (+{asides} credits) for {indents} indents"
        );
    }
    assert_eq!(photo, 0, "photo credits left in the text");
    // A 2018 speech published in 2020 keeps its own date.
    let poverty = arts
        .iter()
        .find(|a| a["title"] == "在打好精准脱贫攻坚战座谈会上的讲话")
        .expect("the 2018 speech has its printed title");
    assert_eq!(poverty["date"], "2018-02-12");
    assert_eq!(poverty["published"], "2020-04-30");
    assert_eq!(poverty["kind"], "speech");
}

/// `习近平2020年8月17日` at the end of a letter: a signature in the record.
fn has_signature(t: &str) -> bool {
    t.match_indices("习近平").any(|(i, _)| {
        let after = &t[i + "习近平".len()..];
        let digits: String = after.chars().take(4).collect();
        digits.len() == 4
            && digits.chars().all(|c| c.is_ascii_digit())
            && after[4..].starts_with('年')
    })
}

/// The Text column of the speeches CSV, read with a tiny RFC 4180 reader
/// (quoted fields, doubled quotes), independent of tifa's.
fn csv_texts(path: &str) -> Vec<String> {
    let s = std::fs::read_to_string(path).unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let header = rows.remove(0);
    let col = header.iter().position(|h| h == "Text").unwrap();
    rows.into_iter()
        .filter(|r| r.len() > col)
        .map(|r| r[col].clone())
        .collect()
}

/// `tifa edit` overrides survive `reindex` and adding the file again after
/// `rm`; `--reset` restores what ingest detected; bad values are refused.
#[test]
fn edits_last_and_reset() {
    let d = Dir::new("edit");
    let file = shared("corpus/compilations/002_d40a3a4fdc2e901c.txt");
    d.ok(&["add", &file]);
    let a = d.export().into_iter().next().unwrap();
    let id = a["id"].as_str().unwrap().to_string();
    let (title, kind) = (a["title"].clone(), a["kind"].clone());
    d.ok(&[
        "edit",
        &id,
        "--title",
        "改过的标题",
        "--date",
        "2022-04",
        "--speaker",
        "某某",
        "--kind",
        "speech",
        "--source",
        "某刊",
    ]);
    let check = |d: &Dir| {
        let a = d
            .export()
            .into_iter()
            .find(|x| x["id"] == id.as_str())
            .expect("article back");
        assert_eq!(a["title"], "改过的标题");
        assert_eq!(a["date"], "2022-04");
        assert_eq!(a["speaker"], "某某");
        assert_eq!(a["kind"], "speech");
        assert_eq!(a["source"], "某刊");
        assert_eq!(a["edited"].as_array().unwrap().len(), 5);
    };
    check(&d);
    // The edit is what filters and counts see.
    let listed = d.json(&["ls", "--kind", "speech", "--json"]);
    assert!(listed.iter().any(|x| x["id"] == id.as_str()));
    d.ok(&["reindex"]);
    check(&d);
    d.ok(&["rm", &id]);
    d.ok(&["add", "--force", &file]);
    check(&d);
    assert!(d.ok(&["show", &id]).contains("已修改 edited"));
    d.ok(&["edit", &id, "--reset", "title", "--reset", "kind"]);
    let a = d
        .export()
        .into_iter()
        .find(|x| x["id"] == id.as_str())
        .unwrap();
    assert_eq!((a["title"].clone(), a["kind"].clone()), (title, kind));
    assert_eq!(a["speaker"], "某某", "fields not reset stay edited");
    for bad in [
        vec!["--date", "2024-13-40"],
        vec!["--kind", "poem"],
        vec!["--title", " "],
    ] {
        let mut args = vec!["edit", id.as_str()];
        args.extend(bad.iter().copied());
        let o = d.tifa(&args);
        assert!(!o.status.success(), "{bad:?} accepted");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("无效"),
            "{bad:?}"
        );
    }
}

/// A work report reprinted in part inside a pack (c02) is split out as its
/// own article, dated and attributed by its title block, rebuilt paragraph
/// for paragraph, and linked as the same work as the report in reports/.
#[test]
fn work_report_in_a_pack_is_the_same_work_as_the_report() {
    let d = Dir::new("samework");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
        &shared("corpus/compilations-extra/c02.txt"),
    ]);
    let arts = d.export();
    let part = arts
        .iter()
        .find(|a| a["origin"]["file"] == "c02.txt" && a["title"] == "政府工作报告")
        .expect("the report in the pack");
    assert_eq!(part["date"], "2023-03-05");
    assert_eq!(part["speaker"], "李克强");
    assert_eq!(part["kind"], "speech");
    let full: Vec<&Value> = arts
        .iter()
        .filter(|a| part["same_work"].as_array().unwrap().contains(&a["id"]))
        .collect();
    assert!(
        full.iter()
            .any(|a| a["origin"]["file"] == "government_work_reports.jsonl"
                && a["date"] == "2023-03-05"),
        "linked to the 2023 report"
    );
    let squash = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let theirs: std::collections::HashSet<String> = full[0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| squash(p.as_str().unwrap()))
        .collect();
    let ours = part["paragraphs"].as_array().unwrap();
    let found = ours
        .iter()
        .filter(|p| theirs.contains(&squash(p.as_str().unwrap())))
        .count();
    let share = found as f64 / ours.len() as f64;
    println!(
        "c02 report: {found}/{} paragraphs found in the full report",
        ours.len()
    );
    assert!(share >= 0.95, "{share:.3}");
}
