//! `tifa check` and `tifa cite`: drafts built at test time from the shared
//! corpus's texts (real sentences quoted exactly, with known edits, invented,
//! misattributed, plus scare-quoted terms), as TXT and as DOCX with several
//! runs per paragraph, scored against their own gold; the shared example
//! draft `../shared/quotes/s01.txt` scored against its gold; `--annotate`
//! read back. No shared text is stored in the repository.

use crate::util::{Dir, shared};
use serde_json::Value;
use std::io::Write;

/// A fixed-seed generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().filter(|c| !c.is_whitespace()).collect();
    let b: Vec<char> = b.chars().filter(|c| !c.is_whitespace()).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            cur[j] = (prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(prev[j - 1] + usize::from(a[i - 1] != b[j - 1]));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// One labelled quoted span of a generated draft.
#[derive(Debug)]
struct Gold {
    kind: &'static str,
    quote: String,
    /// Expected source article id (exact, altered, misattributed).
    article: Option<String>,
    edits: usize,
    omission: bool,
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Sentences (ending in 。) of 16–60 characters, Han and ，、； only.
fn sentences(text: &str) -> Vec<String> {
    text.split(['。', '\n'])
        .map(|s| format!("{s}。"))
        .filter(|s| {
            let n = s.chars().count();
            (16..=60).contains(&n)
                && s.chars().all(|c| is_han(c) || "，、；。".contains(c))
                && s.chars().next().is_some_and(is_han)
        })
        .collect()
}

fn no_quotes(t: &str) -> String {
    t.chars()
        .filter(|c| !"《》“”「」『』".contains(*c))
        .collect()
}

/// A draft with `gold` quoted spans, built from the library's own texts.
fn build_draft(d: &Dir, seed: u64) -> (String, Vec<Gold>) {
    let arts = d.export();
    let mut rng = Rng(seed);
    // Candidate sentences with their article, and all Han characters.
    let mut cands: Vec<(String, usize)> = Vec::new();
    for (i, a) in arts.iter().enumerate() {
        let mut v = sentences(a["text"].as_str().unwrap());
        // A few per article, so that many articles are quoted.
        while v.len() > 3 {
            v.remove(rng.below(v.len()));
        }
        cands.extend(v.into_iter().map(|s| (s, i)));
    }
    // Keep sentences that occur exactly once in the library.
    let mut args = vec!["count".to_string(), "--json".to_string()];
    args.extend(cands.iter().map(|c| c.0.clone()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let counts = d.json(&args);
    let unique: Vec<(String, usize)> = cands
        .into_iter()
        .zip(counts)
        .filter(|(_, c)| c["occurrences"] == 1)
        .map(|(s, _)| s)
        .collect();
    assert!(unique.len() > 60, "too few unique sentences");
    let pick = |rng: &mut Rng, used: &mut Vec<usize>| loop {
        let k = rng.below(unique.len());
        if !used.contains(&k) {
            used.push(k);
            return k;
        }
    };
    let mut used = Vec::new();
    let mut paras: Vec<String> = Vec::new();
    let mut gold = Vec::new();
    let id = |i: usize| arts[i]["id"].as_str().unwrap().to_string();
    let year = |i: usize| arts[i]["date"].as_str().map(|d| d[..4].to_string());
    let prose = |i: usize| {
        let title = no_quotes(arts[i]["title"].as_str().unwrap());
        match year(i) {
            Some(y) if !title.is_empty() => format!("{y}年《{title}》中指出"),
            Some(y) => format!("{y}年的文件指出"),
            None => "有文件指出".to_string(),
        }
    };
    let kinds = [
        "exact", "subst", "delete", "insert", "punct", "ellipsis", "invented", "misattr", "term",
        "exact",
    ];
    for round in 0..4 {
        for (n, kind) in kinds.iter().enumerate() {
            let k = pick(&mut rng, &mut used);
            let (s, art) = unique[k].clone();
            let chars: Vec<char> = s.chars().collect();
            let len = chars.len();
            let (open, close) = if (round + n) % 3 == 0 {
                ('「', '」')
            } else {
                ('“', '”')
            };
            let mut g = Gold {
                kind: "altered",
                quote: String::new(),
                article: Some(id(art)),
                edits: 0,
                omission: false,
            };
            let mut lead = prose(art);
            match *kind {
                "exact" => {
                    g.kind = "exact";
                    // Across a line break or with a full-width space.
                    let mut q = s.clone();
                    if round % 2 == 1 {
                        let at = q.char_indices().nth(len / 2).unwrap().0;
                        q.insert_str(at, if n == 0 { "\n" } else { "\u{3000}" });
                    }
                    g.quote = q;
                }
                "subst" => {
                    let at = (len / 3..len - 1).find(|&i| is_han(chars[i])).unwrap();
                    let other = unique[rng.below(unique.len())]
                        .0
                        .chars()
                        .find(|&c| c != chars[at] && is_han(c))
                        .unwrap();
                    let mut c = chars.clone();
                    c[at] = other;
                    g.quote = c.into_iter().collect();
                }
                "delete" => {
                    let at = len / 2;
                    g.quote = chars[..at].iter().chain(&chars[at + 2..]).collect();
                }
                "insert" => {
                    let at = len / 2;
                    g.quote = chars[..at]
                        .iter()
                        .chain(['不', '断'].iter())
                        .chain(&chars[at..])
                        .collect();
                }
                "punct" => {
                    let mut c = chars.clone();
                    match c.iter().position(|&x| x == '，') {
                        Some(p) => c[p] = '；',
                        None => c[len - 1] = '！',
                    }
                    g.quote = c.into_iter().collect();
                }
                "ellipsis" => {
                    let (a, b) = (len / 3, len / 3 + len / 3);
                    g.quote = chars[..a]
                        .iter()
                        .chain("……".chars().collect::<Vec<_>>().iter())
                        .chain(&chars[b..])
                        .collect();
                    g.omission = true;
                }
                "invented" => {
                    g.kind = "invented";
                    g.article = None;
                    let mut q = String::new();
                    for _ in 0..5 {
                        let o: Vec<char> = unique[rng.below(unique.len())].0.chars().collect();
                        let p = rng.below(o.len() - 5);
                        q.extend(&o[p..p + 4]);
                    }
                    q.push('。');
                    g.quote = q;
                }
                "misattr" => {
                    g.kind = "misattributed";
                    g.quote = s.clone();
                    // Another dated article of another year names the source.
                    let other = (0..arts.len())
                        .map(|_| rng.below(arts.len()))
                        .find(|&o| year(o).is_some() && year(o) != year(art))
                        .unwrap();
                    lead = prose(other);
                }
                _ => {
                    g.kind = "term";
                    g.article = None;
                    let p = rng.below(len - 6);
                    g.quote = chars[p..p + 4].iter().collect();
                    lead = "我们常说".to_string();
                }
            }
            if g.kind == "altered" {
                g.edits = if g.omission {
                    0
                } else {
                    levenshtein(&g.quote, &s)
                };
            }
            paras.push(format!(
                "　　同志们，{lead}：{open}{}{close}这是我们要记住的。",
                g.quote
            ));
            gold.push(g);
        }
    }
    (paras.join("\n") + "\n", gold)
}

/// A DOCX whose paragraphs are the lines of `text`, each cut into runs of
/// at most five characters, every other run bold.
fn docx_of(text: &str) -> Vec<u8> {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut body = String::new();
    for line in text.trim_end_matches('\n').split('\n') {
        body.push_str("<w:p>");
        let c: Vec<char> = line.chars().collect();
        for (k, run) in c.chunks(5).enumerate() {
            let t: String = run.iter().collect();
            let b = if k % 2 == 1 {
                "<w:rPr><w:b/></w:rPr>"
            } else {
                ""
            };
            body.push_str(&format!(
                "<w:r>{b}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(&t)
            ));
        }
        body.push_str("</w:p>");
    }
    let files = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>")),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn part(docx: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// Score `rows` (check --json) against `gold`, print, and assert the bar.
fn score(label: &str, rows: &[Value], gold: &[Gold]) {
    let quoted: Vec<&Value> = rows
        .iter()
        .filter(|r| gold.iter().any(|g| g.quote == r["quote"]))
        .collect();
    assert_eq!(quoted.len(), gold.len(), "{label}: spans found {quoted:#?}");
    let (mut checked, mut right, mut srcs, mut src_ok, mut misattr, mut flagged) =
        (0, 0, 0, 0, 0, 0);
    let (mut terms_skipped, mut terms, mut edits_ok, mut altered_found) = (0, 0, 0, 0);
    let mut false_flags = 0;
    for (r, g) in quoted.iter().zip(gold) {
        let v = r["verdict"].as_str().unwrap();
        if g.kind == "term" {
            terms += 1;
            terms_skipped += usize::from(v == "skipped");
            continue;
        }
        checked += 1;
        let want = match g.kind {
            "altered" => "variant",
            "invented" => "not_found",
            _ => "exact",
        };
        right += usize::from(v == want);
        if v != want {
            eprintln!("{label}: {} quote judged {v}: {r}", g.kind);
        }
        if want != "not_found" {
            assert_ne!(
                v, "not_found",
                "{label}: exact/altered quote not found: {r}"
            );
        }
        if let (true, Some(a)) = (v == "exact" || v == "variant", &g.article) {
            srcs += 1;
            src_ok += usize::from(r["source"]["article"] == a.as_str());
        }
        if g.kind != "misattributed" && r["attribution"]["status"] == "mismatch" {
            false_flags += 1;
            eprintln!("{label}: {} quote flagged as misattributed: {r}", g.kind);
        }
        if g.kind == "misattributed" {
            misattr += 1;
            flagged += usize::from(r["attribution"]["status"] == "mismatch");
        }
        if g.kind == "altered" && v == "variant" {
            altered_found += 1;
            let d = r["differences"].as_array().unwrap();
            let n: usize = d
                .iter()
                .filter(|x| x["kind"] != "omission")
                .map(|x| {
                    let q = x["quote"].as_str().unwrap().chars().count();
                    let s = x["source"].as_str().unwrap().chars().count();
                    q.max(s)
                })
                .sum();
            let omits = d.iter().filter(|x| x["kind"] == "omission").count();
            let ok = n == g.edits && (omits == 1) == g.omission;
            if !ok {
                eprintln!(
                    "{label}: edits {n} (omissions {omits}) ≠ gold {}: {r}",
                    g.edits
                );
            }
            edits_ok += usize::from(ok);
        }
    }
    let acc = right as f64 / checked as f64;
    let src = src_ok as f64 / srcs.max(1) as f64;
    println!(
        "{label}: verdict accuracy {acc:.3} ({right}/{checked}), source correct {src:.3} ({src_ok}/{srcs}), \
         misattributed flagged {flagged}/{misattr}, terms skipped {terms_skipped}/{terms}, \
         edit counts equal to gold {edits_ok}/{altered_found}, \
         correctly attributed quotes flagged {false_flags}"
    );
    assert!(acc >= 0.95, "{label}: verdict accuracy {acc}");
    assert!(src >= 0.95, "{label}: source accuracy {src}");
    assert_eq!(flagged, misattr, "{label}: misattributions flagged");
    assert_eq!(terms_skipped, terms, "{label}: terms skipped");
    assert_eq!(edits_ok, altered_found, "{label}: edit counts");
}

#[test]
fn generated_drafts_txt_and_docx_are_scored_and_annotated() {
    let d = Dir::new("check");
    d.ok(&["add", &shared("corpus")]);
    for seed in [7u64, 2026] {
        let (text, gold) = build_draft(&d, seed);
        let txt = d.write(&format!("draft{seed}.txt"), text.as_bytes());
        let rows = d.json(&["check", "--json", txt.to_str().unwrap()]);
        // Offsets locate each quotation in the draft's text.
        let chars: Vec<char> = text.chars().collect();
        for r in &rows {
            let (a, b) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[a..b].iter().collect::<String>(),
                r["quote"].as_str().unwrap()
            );
        }
        score(&format!("txt seed {seed}"), &rows, &gold);

        let docx = docx_of(&text);
        let path = d.write(&format!("draft{seed}.docx"), &docx);
        let out = d.root.join(format!("annotated{seed}.docx"));
        let drows = d.json(&[
            "check",
            "--json",
            path.to_str().unwrap(),
            "--annotate",
            out.to_str().unwrap(),
        ]);
        assert_eq!(drows, rows, "DOCX draft checks as its text");
        score(&format!("docx seed {seed}"), &drows, &gold);

        // The annotated copy: one comment per checked quotation, in order,
        // carrying its verdict; the runs and their formatting unchanged.
        let ann = std::fs::read(&out).unwrap();
        let comments = part(&ann, "word/comments.xml");
        let checked: Vec<&str> = rows
            .iter()
            .map(|r| r["verdict"].as_str().unwrap())
            .filter(|v| *v != "skipped")
            .collect();
        let read_back: Vec<&str> = comments
            .split("<w:comment ")
            .skip(1)
            .map(|c| {
                ["not_found", "variant", "exact"]
                    .into_iter()
                    .find(|v| c.contains(&format!(" {v}<")))
                    .unwrap()
            })
            .collect();
        assert_eq!(read_back, checked);
        let doc = part(&ann, "word/document.xml");
        let orig = part(&docx, "word/document.xml");
        assert_eq!(
            doc.matches("<w:b/>").count(),
            orig.matches("<w:b/>").count()
        );
        assert_eq!(doc.matches("<w:commentRangeStart ").count(), checked.len());
        assert_eq!(doc.matches("<w:commentReference ").count(), checked.len());
        assert!(part(&ann, "[Content_Types].xml").contains("/word/comments.xml"));
        assert!(part(&ann, "word/_rels/document.xml.rels").contains("comments.xml"));
        // Annotating the annotated copy again keeps the first comments.
        let again = d.root.join("again.docx");
        d.ok(&[
            "check",
            out.to_str().unwrap(),
            "--annotate",
            again.to_str().unwrap(),
        ]);
        let c2 = part(&std::fs::read(&again).unwrap(), "word/comments.xml");
        assert_eq!(c2.matches("<w:comment ").count(), 2 * checked.len());
    }
}

#[test]
fn shared_example_draft_matches_its_gold() {
    let d = Dir::new("check-s01");
    d.ok(&["add", &shared("corpus")]);
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(shared("quotes/gold.json")).unwrap())
            .unwrap();
    let rows = d.json(&["check", "--json", &shared("quotes/s01.txt")]);
    let arts = d.export();
    // The gold's source (file, record or title) → article id.
    let article_of = |src: &Value| -> Option<String> {
        arts.iter()
            .find(|a| {
                a["origin"]["file"] == src["file"]
                    && (src["record"].is_null() || a["origin"]["record"] == src["record"])
                    && (!src["record"].is_null() || a["title"] == src["title"])
            })
            .map(|a| a["id"].as_str().unwrap().to_string())
    };
    let gold: Vec<Gold> = gold["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| Gold {
            kind: match q["kind"].as_str().unwrap() {
                "exact" => "exact",
                "altered" => "altered",
                "misattributed" => "misattributed",
                "invented" => "invented",
                _ => "term",
            },
            quote: q["quote"].as_str().unwrap().to_string(),
            article: article_of(&q["source"]),
            edits: q["edits"].as_u64().unwrap_or(0) as usize,
            omission: false,
        })
        .collect();
    score("s01", &rows, &gold);
}

#[test]
fn cite_lists_every_source_earliest_first() {
    let d = Dir::new("cite");
    d.write(
        "a.txt",
        "甲文\n\n2020年1月1日\n\n我们要坚定不移走自己的路，把国家建设得更加美好。\n".as_bytes(),
    );
    d.write(
        "b.txt",
        "乙文\n\n2019年1月1日\n\n大家说我们要坚定不移走自己的路，把国家建设得更加美好。\n"
            .as_bytes(),
    );
    d.ok(&[
        "add",
        d.root.join("a.txt").to_str().unwrap(),
        d.root.join("b.txt").to_str().unwrap(),
    ]);
    let rows = d.json(&[
        "cite",
        "--json",
        "我们要坚定不移走自己的路，把国家建设得更加美好。",
    ]);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(
        rows[0]["source"]["date"].as_str().unwrap() < rows[1]["source"]["date"].as_str().unwrap()
    );
    assert!(rows.iter().all(|r| r["verdict"] == "exact"));
    let var = d.json(&[
        "cite",
        "--json",
        "我们要坚定不移走自己的道路，把国家建设得更美好。",
    ]);
    assert_eq!(var.len(), 2);
    assert!(var.iter().all(|r| r["verdict"] == "variant"));
    assert!(
        d.ok(&["cite", "完全无关的一句话在这里出现了吗"])
            .contains("未找到")
    );
    // A term is no sentence: a usage error.
    assert_eq!(d.tifa(&["cite", "的"]).status.code(), Some(2));
    // Bad input: no panic, the file is named, non-zero exit.
    let empty = d.write("empty.txt", b"");
    let o = d.tifa(&["check", empty.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("empty.txt"));
    let bin = d.write("bin.docx", b"PK\x03\x04 not a zip");
    let o = d.tifa(&["check", bin.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("bin.docx"));
    let none = d.write("none.txt", "没有引文的稿子。".as_bytes());
    assert!(
        d.ok(&["check", none.to_str().unwrap()])
            .contains("没有引文")
    );
}

#[test]
fn api_check_answers_as_the_cli_even_read_only() {
    let d = Dir::new("check-api");
    d.write(
        "a.txt",
        "甲文\n\n2020年1月1日\n\n我们要坚定不移走自己的路，把国家建设得更加美好。\n".as_bytes(),
    );
    d.ok(&["add", d.root.join("a.txt").to_str().unwrap()]);
    let draft = "他说：“我们要坚定不移走自己的道路，把国家建设得更加美好。”又说“自己的路”。\n";
    let path = d.write("draft.txt", draft.as_bytes());
    let cli = d.json(&["check", "--json", path.to_str().unwrap()]);
    assert_eq!(cli.len(), 2);
    assert_eq!(cli[0]["verdict"], "variant");
    assert_eq!(cli[1]["verdict"], "skipped");
    let (mut child, addr) =
        crate::web::spawn_serve(&d.data(), &["--addr", "127.0.0.1:0", "--read-only"]);
    let (st, body) = crate::web::http(
        "POST",
        &addr,
        "/api/v1/check",
        Some(draft.as_bytes()),
        "text/plain",
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&body));
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v.as_array().unwrap(), &cli);
}
