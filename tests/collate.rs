//! `tifa collate`: the witnesses of one work aligned, on a real reprint pair
//! from the shared packs and on witnesses made by applying known edits to
//! real paragraphs.

use crate::util::{Dir, shared};
use crate::web::{http, spawn_serve};
use serde_json::Value;

fn strip(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Rebuild witness `siglum`'s text from the base text (the table's first
/// column) and the apparatus: what the collation says that witness reads.
fn rebuild(c: &Value, siglum: &str) -> String {
    let base: Vec<char> = c["table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| str_of(&r["readings"][0]).to_string())
        .collect::<String>()
        .chars()
        .collect();
    let mut out = String::new();
    let mut at = 0;
    for e in c["apparatus"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        out.extend(&base[at..s]);
        let lemma: String = base[s..t].iter().collect();
        assert_eq!(lemma, str_of(&e["lemma"]), "entry {} lemma", e["n"]);
        let reading = e["readings"].as_array().unwrap().iter().find(|r| {
            r["witnesses"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w == siglum)
        });
        match reading {
            Some(r) => out.push_str(str_of(&r["text"])),
            None => out.push_str(&lemma),
        }
        at = t;
    }
    out.extend(&base[at..]);
    out
}

fn siglum_of(c: &Value, id: &str) -> String {
    c["witnesses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id)
        .map(|w| str_of(&w["siglum"]).to_string())
        .unwrap_or_else(|| panic!("{id} is not a witness"))
}

#[test]
fn the_gangyao_reprint_pair_collates_to_seven_boxes_and_word_variants() {
    let d = Dir::new("collate-pair");
    d.ok(&[
        "add",
        &shared("corpus/compilations/000_a460838f5e73ed1d.txt"),
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
    ]);
    let arts = d.export();
    let file_of = |a: &Value| str_of(&a["origin"]["file"]).to_string();
    let a = arts
        .iter()
        .find(|a| {
            file_of(a).starts_with("000_") && str_of(&a["title"]).contains("质量强国建设纲要")
        })
        .expect("the 纲要 in pack 000");
    let b_id = a["same_work"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| str_of(v).to_string())
        .find(|id| {
            arts.iter()
                .any(|x| x["id"] == id.as_str() && file_of(x).starts_with("001_"))
        })
        .expect("pack 001 reprints the 纲要");
    let a_id = str_of(&a["id"]).to_string();
    let c = &d.json(&["collate", &a_id, "--json"])[0];
    assert_eq!(c["witnesses"].as_array().unwrap().len(), 2);
    // The fuller text (with its boxes) is the base.
    assert_eq!(c["base"], a_id.as_str());
    let b = siglum_of(c, &b_id);

    // The boxes: every aside of the base that the reprint leaves out, one
    // entry per box, its lemma the box's paragraphs.
    let shown = &d.json(&["show", &a_id, "--json"])[0];
    let boxes: Vec<String> = shown["asides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| strip(str_of(&x["text"])))
        .collect();
    let box_titles = boxes.iter().filter(|t| t.starts_with("专栏")).count();
    assert_eq!(box_titles, 7, "the 纲要 prints seven 专栏 boxes");
    let app = c["apparatus"].as_array().unwrap();
    let omitted: Vec<&Value> = app
        .iter()
        .filter(|e| e["kind"] == "omission" && e["aside"] == true)
        .collect();
    println!(
        "collate 纲要: {} entries, {} box omissions, summary {}",
        app.len(),
        omitted.len(),
        c["summary"]
    );
    assert_eq!(omitted.len(), 7, "one omission per box");
    for e in &omitted {
        assert!(str_of(&e["lemma"]).starts_with("专栏"), "{}", e["lemma"]);
        assert_eq!(e["readings"][0]["witnesses"][0], b.as_str());
        assert_eq!(e["readings"][0]["text"], "");
    }
    assert_eq!(
        omitted
            .iter()
            .map(|e| str_of(&e["lemma"]))
            .collect::<String>(),
        boxes.concat(),
        "the omissions are exactly the boxes"
    );
    // Word-level variants: short readings, not paragraphs.
    let variants: Vec<&Value> = app.iter().filter(|e| e["kind"] == "variant").collect();
    assert!(!variants.is_empty());
    for e in &variants {
        let r = str_of(&e["readings"][0]["text"]);
        assert!(
            str_of(&e["lemma"]).chars().count() <= 6 && r.chars().count() <= 6,
            "a variant is a word, not a passage: {e}"
        );
    }
    // Nothing found that is not there, nothing missed: the apparatus turns
    // the base into the reprint.
    let b_text = &d.json(&["show", &b_id, "--json"])[0];
    assert!(b_text["asides"].as_array().is_none_or(|a| a.is_empty()));
    assert_eq!(rebuild(c, &b), strip(str_of(&b_text["text"])));

    // HTML and TEI renderings of the same collation.
    let html = d.root.join("c.html");
    let tei = d.root.join("c.xml");
    let text = d.ok(&[
        "collate",
        &a_id,
        "--html",
        html.to_str().unwrap(),
        "--tei",
        tei.to_str().unwrap(),
    ]);
    assert!(text.contains("缺 omission"), "{text}");
    let html = std::fs::read_to_string(html).unwrap();
    assert_eq!(html.matches("<li id=\"n").count(), app.len());
    assert!(html.matches("class=\"omission\"").count() >= 7);
    let tei = std::fs::read_to_string(tei).unwrap();
    assert_eq!(tei.matches("<app ").count(), app.len());
    assert_eq!(tei.matches("<app ").count(), tei.matches("</app>").count());
    assert_eq!(
        tei.matches(&format!("<rdg wit=\"#{b}\" type=\"omission\"/>"))
            .count(),
        app.iter().filter(|e| e["kind"] == "omission").count()
    );

    // A text with no other witness has nothing to collate: a clear error.
    let single = arts
        .iter()
        .find(|a| a["same_work"].as_array().is_some_and(|w| w.is_empty()))
        .unwrap();
    let o = d.tifa(&["collate", str_of(&single["id"])]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("无可校勘"));

    // The API answers the same collation, and its HTML and TEI renderings.
    let (mut child, addr) = spawn_serve(&d.data(), &["--addr", "127.0.0.1:0"]);
    let (st, body) = http(
        "GET",
        &addr,
        &format!("/api/v1/collate?id={a_id}"),
        None,
        "",
    );
    assert_eq!(st, 200);
    assert_eq!(&serde_json::from_slice::<Value>(&body).unwrap(), c);
    let (st, body) = http(
        "GET",
        &addr,
        &format!("/api/v1/collate?id={a_id}&format=tei"),
        None,
        "",
    );
    assert_eq!(st, 200);
    assert_eq!(String::from_utf8(body).unwrap(), tei);
    let (st, _) = http(
        "GET",
        &addr,
        &format!("/api/v1/collate?id={a_id}&format=pdf"),
        None,
        "",
    );
    assert_eq!(st, 400);
    let (st, _) = http(
        "GET",
        &addr,
        &format!("/api/v1/collate?id={}", str_of(&single["id"])),
        None,
        "",
    );
    assert_eq!(st, 400);
    let _ = child.kill();
    let _ = child.wait();
}

/// A small deterministic generator (xorshift), so the edits are the same on
/// every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Edit {
    Substitute,
    Delete,
    Insert,
    Punctuation,
    Script,
    DropParagraph,
}

/// Apply `edit` to paragraph `p` (chars); returns the expected kind.
fn apply(edit: Edit, p: &mut Vec<char>, rng: &mut Rng) -> &'static str {
    // Away from the paragraph's edges and from any mark.
    let pick = |p: &Vec<char>, rng: &mut Rng, len: usize| loop {
        let i = 6 + rng.below(p.len() - 12 - len);
        if p[i - 1..i + len + 1]
            .iter()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        {
            return i;
        }
    };
    match edit {
        Edit::Substitute => {
            let i = pick(p, rng, 2);
            let from = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'];
            for k in 0..2 {
                let mut c = from[rng.below(from.len())];
                while c == p[i + k] || Some(&c) == p.get(i + k + 1) || c == p[i + k - 1] {
                    c = from[rng.below(from.len())];
                }
                p[i + k] = c;
            }
            "variant"
        }
        Edit::Delete => {
            let i = pick(p, rng, 3);
            p.drain(i..i + 3);
            "variant"
        }
        Edit::Insert => {
            let i = pick(p, rng, 0);
            for (k, c) in "切实".chars().enumerate() {
                p.insert(i + k, c);
            }
            "variant"
        }
        Edit::Punctuation => {
            let at = p
                .iter()
                .enumerate()
                .skip(4)
                .find(|(i, c)| **c == '，' && *i + 4 < p.len())
                .map(|(i, _)| i)
                .expect("a paragraph with a comma");
            p[at] = '；';
            "punctuation"
        }
        Edit::Script => {
            let at = p
                .iter()
                .position(|&c| c == '发' || c == '务')
                .expect("a paragraph with 发 or 务");
            p[at] = if p[at] == '发' { '發' } else { '務' };
            "script"
        }
        Edit::DropParagraph => {
            p.clear();
            "omission"
        }
    }
}

#[test]
fn witnesses_made_by_known_edits_collate_to_exactly_those_edits() {
    // Real paragraphs: the body of a work report, as a corpus record.
    let reports =
        std::fs::read_to_string(shared("corpus/reports/government_work_reports.jsonl")).unwrap();
    let prose = |content: &str| -> Vec<Vec<char>> {
        content
            .split('\n')
            .map(str::trim)
            .filter(|p| p.chars().count() >= 60 && p.contains('，'))
            .filter(|p| p.contains('发') || p.contains('务'))
            .take(36)
            .map(|p| p.chars().collect())
            .collect()
    };
    // The first report with enough prose paragraphs.
    let paras = reports
        .lines()
        .map(|l| {
            prose(str_of(
                &serde_json::from_str::<Value>(l).unwrap()["content"],
            ))
        })
        .find(|ps| ps.len() >= 30)
        .expect("a report with 30 prose paragraphs");
    let mut rng = Rng(0x7f4a_9c31_2be5_d017);
    let edits = [
        Edit::Substitute,
        Edit::Delete,
        Edit::Insert,
        Edit::Punctuation,
        Edit::Script,
        Edit::DropParagraph,
    ];
    // Witness B and C each edit their own paragraphs (every third one), so
    // each edit is one place.
    let mut witnesses = [paras.clone(), paras.clone(), paras.clone()];
    let mut expected: Vec<(usize, usize, &str)> = Vec::new(); // (witness, paragraph, kind)
    for (w, offset) in [(1usize, 1usize), (2, 2)] {
        for (k, p) in (offset..paras.len()).step_by(3).enumerate() {
            let edit = edits[(k + w) % edits.len()];
            let kind = apply(edit, &mut witnesses[w][p], &mut rng);
            expected.push((w, p, kind));
        }
    }
    let record = |title: &str, date: &str, ps: &[Vec<char>]| {
        let content = ps
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n\n");
        serde_json::json!({"title": title, "date": date, "content": content}).to_string()
    };
    let d = Dir::new("collate-edits");
    let file = d.write(
        "witnesses.jsonl",
        [
            record("政府工作报告（甲本）", "2024-03-05", &witnesses[0]),
            record("政府工作报告（乙本）", "2024-03-06", &witnesses[1]),
            record("政府工作报告（丙本）", "2024-03-07", &witnesses[2]),
        ]
        .join("\n")
        .as_bytes(),
    );
    d.ok(&["add", file.to_str().unwrap()]);
    let arts = d.export();
    assert_eq!(arts.len(), 3);
    let id = |t: &str| {
        str_of(
            &arts
                .iter()
                .find(|a| str_of(&a["title"]).contains(t))
                .unwrap()["id"],
        )
        .to_string()
    };
    let (a, b, c3) = (id("甲本"), id("乙本"), id("丙本"));
    let c = &d.json(&["collate", &b, "--base", &a, "--json"])[0];
    assert_eq!(c["witnesses"].as_array().unwrap().len(), 3, "one work");
    let app = c["apparatus"].as_array().unwrap();
    // Every edit found and none invented: one entry per edit, and the
    // entries rebuild each witness exactly.
    let (sb, sc) = (siglum_of(c, &b), siglum_of(c, &c3));
    let text_of = |ps: &[Vec<char>]| strip(&ps.iter().flatten().collect::<String>());
    assert_eq!(rebuild(c, &sb), text_of(&witnesses[1]));
    assert_eq!(rebuild(c, &sc), text_of(&witnesses[2]));
    let mut found: Vec<(usize, usize, String)> = app
        .iter()
        .map(|e| {
            let r = &e["readings"][0];
            let w = if r["witnesses"][0] == sb.as_str() {
                1
            } else {
                2
            };
            assert_eq!(r["witnesses"].as_array().unwrap().len(), 1);
            (
                w,
                e["passage"].as_u64().unwrap() as usize,
                str_of(&e["kind"]).to_string(),
            )
        })
        .collect();
    found.sort();
    let mut want: Vec<(usize, usize, String)> = expected
        .iter()
        .map(|&(w, p, k)| (w, p, k.to_string()))
        .collect();
    want.sort();
    let right = found.iter().filter(|f| want.contains(f)).count();
    println!(
        "collate known edits: {} edits, {} entries, {right} right (witness, paragraph, kind)",
        want.len(),
        found.len()
    );
    assert_eq!(found, want);
}

#[test]
fn many_copies_of_one_work_make_one_group_with_bounded_links() {
    // More copies of a real speech than the linker reads per shingle, each
    // marked by one appended sentence (distinct files, one work).
    let speech = std::fs::read_to_string(shared("corpus/reports/government_work_reports.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| str_of(&r["content"]).chars().count() > 3000)
        .min_by_key(|r| str_of(&r["content"]).len())
        .unwrap();
    let d = Dir::new("collate-copies");
    // Each copy links to at most the 64 newest before it, so a copy has at
    // most 128 direct links; with every pair linked it would have n − 1.
    let n = 140;
    let lines: Vec<String> = (0..n)
        .map(|k| {
            serde_json::json!({
                "title": format!("报告（第{k}份）"),
                "content": format!("{}\n\n本份编号{k}。", str_of(&speech["content"])),
            })
            .to_string()
        })
        .collect();
    let f = d.write("copies.jsonl", lines.join("\n").as_bytes());
    d.ok(&["add", f.to_str().unwrap()]);
    let arts = d.export();
    assert_eq!(arts.len(), n);
    for a in &arts {
        assert_eq!(a["same_work"].as_array().unwrap().len(), n - 1, "one work");
    }
    // Copies in the middle have the most links; look at every fifth.
    let most = arts
        .iter()
        .step_by(5)
        .map(|a| {
            d.json(&["show", str_of(&a["id"]), "--json"])[0]["links"]
                .as_array()
                .unwrap()
                .len()
        })
        .max()
        .unwrap();
    println!("{n} copies: one group, at most {most} direct links per copy");
    assert!(most <= 128, "links are bounded, not every pair");
}
