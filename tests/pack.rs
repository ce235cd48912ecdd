//! `tifa pack`: study packs compiled from the shared compilations and read
//! back — the DOCX's `word/document.xml` paragraph by paragraph (styles,
//! fields, text), the HTML's items and anchors — against the library's own
//! clean text (`show --json`), the query's ranking (`search --json`) and
//! the same-work groups; bad plans, ids and file names write nothing; the
//! API's DOCX equals the CLI's.

use crate::util::{Dir, shared};
use crate::web::{http_with, spawn_serve};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// A library of the three shared compilations.
fn library() -> Dir {
    let d = Dir::new("pack");
    d.ok(&["add", &shared("corpus/compilations")]);
    d
}

/// Two articles of different works with real text, in library order.
fn two_ids(d: &Dir) -> (String, String) {
    let rows = d.json(&["ls", "--json"]);
    let mut picked: Vec<(String, BTreeSet<String>)> = Vec::new();
    for r in rows.iter().filter(|r| r["chars"].as_i64().unwrap() > 1500) {
        let id = r["id"].as_str().unwrap().to_string();
        let show = &d.json(&["show", &id, "--json"])[0];
        let work: BTreeSet<String> = show["same_work"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .chain([id.clone()])
            .collect();
        if picked.iter().all(|(_, w)| w.is_disjoint(&work)) {
            picked.push((id, work));
        }
        if picked.len() == 2 {
            break;
        }
    }
    assert_eq!(picked.len(), 2, "two articles of different works");
    (picked[0].0.clone(), picked[1].0.clone())
}

fn plan(a: &str, b: &str) -> String {
    format!(
        "title = \"学习材料汇编（测试）\"\nbody = \"某某委员会办公室\"\ndate = \"2024年6月\"\n\n\
         [[sections]]\nheading = \"专题一\"\nitems = [{{ id = \"{a}\" }}, {{ id = \"{b}\", note = \"重点篇目\" }}]\n\n\
         [[sections]]\nheading = \"专题二\"\nnote = \"检索所得\"\nitems = [{{ query = \"雷锋\", limit = 2 }}]\n"
    )
}

/// The paragraphs of a WordprocessingML part: (style id, text).
fn docx_paragraphs(xml: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = find_tag(rest, "<w:p") {
        let end = rest[start..].find("</w:p>").map(|e| start + e).unwrap();
        let p = &rest[start..end];
        const STYLE: &str = "<w:pStyle w:val=\"";
        let style = p.find(STYLE).map(|i| {
            let v = &p[i + STYLE.len()..];
            v[..v.find('"').unwrap()].to_string()
        });
        let mut text = String::new();
        let mut r = p;
        loop {
            let t = find_tag(r, "<w:t");
            let br = r.find("<w:br/>");
            match (t, br) {
                (Some(t), Some(b)) if b < t => {
                    text.push('\n');
                    r = &r[b + 7..];
                }
                (Some(t), _) => {
                    let open = t + r[t..].find('>').unwrap() + 1;
                    let close = open + r[open..].find("</w:t>").unwrap();
                    text.push_str(&unescape(&r[open..close]));
                    r = &r[close..];
                }
                (None, Some(b)) => {
                    text.push('\n');
                    r = &r[b + 7..];
                }
                (None, None) => break,
            }
        }
        out.push((style, text));
        rest = &rest[end + 6..];
    }
    out
}

/// The next `tag` element start (`<w:p>` or `<w:p ` but not `<w:pPr>`).
fn find_tag(s: &str, tag: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(tag) {
        let at = from + i;
        match s.as_bytes().get(at + tag.len()) {
            Some(b'>') | Some(b' ') | Some(b'/') => return Some(at),
            _ => from = at + tag.len(),
        }
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// Item titles (Heading 2) and each item's body paragraphs (unstyled or
/// outline-styled paragraphs up to the next heading) of a DOCX.
fn docx_items(bytes: &[u8]) -> Vec<(String, Vec<String>)> {
    let doc = zip_part(bytes, "word/document.xml");
    let mut items: Vec<(String, Vec<String>)> = Vec::new();
    // Whether body paragraphs still belong to the last item (a section
    // heading or the next label ends it).
    let mut open = false;
    for (style, text) in docx_paragraphs(&doc) {
        match style.as_deref() {
            Some("Heading2") => {
                items.push((text, Vec::new()));
                open = true;
            }
            Some("Heading1") | Some("Label") => open = false,
            None | Some("Outline1") | Some("Outline2") | Some("Outline3") if open => {
                if let Some(last) = items.last_mut() {
                    last.1.push(text);
                }
            }
            _ => {}
        }
    }
    items
}

/// The library's clean text of `id` (`show --json`): title and paragraphs.
fn clean(d: &Dir, id: &str) -> (String, Vec<String>) {
    let v = &d.json(&["show", id, "--json"])[0];
    (
        v["title"].as_str().unwrap().to_string(),
        v["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect(),
    )
}

/// Every article id of `id`'s work.
fn work(d: &Dir, id: &str) -> BTreeSet<String> {
    let v = &d.json(&["show", id, "--json"])[0];
    v["same_work"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .chain([id.to_string()])
        .collect()
}

fn pack_ids(p: &Value) -> Vec<String> {
    p["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pack_docx_from_a_plan_reads_back_with_cover_toc_and_clean_text() {
    let d = library();
    let (a, b) = two_ids(&d);
    let plan_file = d.write("plan.toml", plan(&a, &b).as_bytes());
    let plan_s = plan_file.to_str().unwrap();
    let model = &d.json(&["pack", plan_s, "--json"])[0];
    let ids = pack_ids(model);
    assert_eq!(
        &ids[..2],
        [a.clone(), b.clone()],
        "explicit ids first, in plan order"
    );
    assert!(
        ids.len() >= 3,
        "the query item adds at least one work: {ids:?}"
    );
    // The query item's works are the search's top works, skipping those already in.
    let hits: Vec<Value> = d.json(&["search", "雷锋", "--json", "-n", "0"]);
    let q_ids = &ids[2..];
    for id in q_ids {
        assert!(
            hits.iter().take(4).any(|w| w["articles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["id"] == id.as_str())),
            "{id} is among the top works of 雷锋"
        );
    }
    // No work twice.
    let works: Vec<BTreeSet<String>> = ids.iter().map(|i| work(&d, i)).collect();
    for (i, w) in works.iter().enumerate() {
        for v in &works[i + 1..] {
            assert!(w.is_disjoint(v), "same work twice in {ids:?}");
        }
    }
    // Labels count through the pack.
    let labels: Vec<&str> = model["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["items"].as_array().unwrap())
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(&labels[..3], ["学习材料一", "学习材料二", "学习材料三"]);

    let out = d.root.join("汇编.docx");
    let o = d.tifa(&["pack", plan_s, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("汇编.docx") && err.contains(&format!("{} 篇", ids.len())),
        "{err}"
    );
    let bytes = std::fs::read(&out).unwrap();
    let doc = zip_part(&bytes, "word/document.xml");
    let paras = docx_paragraphs(&doc);
    assert_eq!(
        paras[0],
        (Some("Title".into()), "学习材料汇编（测试）".into()),
        "the cover title comes first"
    );
    assert!(paras.iter().any(|p| p.1 == "某某委员会办公室"));
    assert!(doc.contains(r#"TOC \o "1-2" \h \z \u"#), "a TOC field");
    // The TOC is pre-filled: one TOC2 entry per item, in order.
    let toc2: Vec<&String> = paras
        .iter()
        .filter(|p| p.0.as_deref() == Some("TOC2"))
        .map(|p| &p.1)
        .collect();
    assert_eq!(toc2.len(), ids.len());
    let headings1: Vec<&str> = paras
        .iter()
        .filter(|p| p.0.as_deref() == Some("Heading1"))
        .map(|p| p.1.as_str())
        .collect();
    assert_eq!(headings1, ["专题一", "专题二", "资料来源"]);
    // One Heading 2 per item, in order, with the library's titles, and
    // every item's paragraphs exactly the library's clean text.
    let items = docx_items(&bytes);
    assert_eq!(items.len(), ids.len());
    for (id, (title, body)) in ids.iter().zip(&items) {
        let (t, p) = clean(&d, id);
        assert_eq!(title, &t, "title of {id}");
        assert!(!p.is_empty());
        assert_eq!(body, &p, "paragraphs of {id}");
    }
    // Page numbers and fonts.
    let footer = zip_part(&bytes, "word/footer1.xml");
    assert!(footer.contains(" PAGE "), "a PAGE field in the footer");
    assert!(zip_part(&bytes, "word/document.xml").contains("footerReference"));
    let styles = zip_part(&bytes, "word/styles.xml");
    for needle in [
        r#"w:eastAsia="仿宋_GB2312""#,
        r#"w:eastAsia="方正小标宋简体""#,
        r#"w:eastAsia="黑体""#,
        r#"w:styleId="Heading1""#,
        r#"w:styleId="Heading2""#,
        r#"<w:sz w:val="44"/>"#,
        r#"w:line="560" w:lineRule="exact""#,
    ] {
        assert!(styles.contains(needle), "styles have {needle}");
    }
    assert!(zip_part(&bytes, "word/settings.xml").contains("updateFields"));
    // A4 with the GB/T 9704 margins.
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    assert!(doc.contains(r#"w:top="2098""#) && doc.contains(r#"w:left="1587""#));
    // tifa itself reads the pack back: every item is an article again.
    let back = Dir::new("pack-back");
    back.ok(&["add", out.to_str().unwrap()]);
    let titles: Vec<String> = back
        .json(&["ls", "--json"])
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    for (title, _) in &items {
        assert!(
            titles.contains(title),
            "{title} read back from the DOCX: {titles:?}"
        );
    }
}

/// Text of an HTML fragment with the writer's entities decoded.
fn html_text(s: &str) -> String {
    unescape(s)
}

#[test]
fn pack_html_has_the_same_items_paragraphs_and_working_anchors() {
    let d = library();
    let (a, b) = two_ids(&d);
    let plan_file = d.write("plan.toml", plan(&a, &b).as_bytes());
    let plan_s = plan_file.to_str().unwrap();
    let ids = pack_ids(&d.json(&["pack", plan_s, "--json"])[0]);
    let out = d.root.join("pack.html");
    d.ok(&["pack", plan_s, "-o", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
    assert!(html.contains("@page") && html.contains("size: A4"));
    // Items in order, each with its title and clean paragraphs.
    let parts: Vec<&str> = html.split("<article id=\"item-").skip(1).collect();
    assert_eq!(parts.len(), ids.len());
    for (n, (id, part)) in ids.iter().zip(&parts).enumerate() {
        let part = &part[..part.find("</article>").unwrap()];
        assert!(part.starts_with(&format!("{}\" data-id=\"{id}\"", n + 1)));
        let (title, paras) = clean(&d, id);
        let h2 = &part[part.find("<h2>").unwrap() + 4..part.find("</h2>").unwrap()];
        assert_eq!(html_text(h2), title);
        let got: Vec<String> = part
            .split("<p class=\"para")
            .skip(1)
            .map(|p| {
                let open = p.find('>').unwrap() + 1;
                html_text(&p[open..p.find("</p>").unwrap()])
            })
            .collect();
        assert_eq!(got, paras, "paragraphs of {id}");
    }
    // Every 目录 link resolves to an element of the page.
    let toc = &html[html.find("<nav").unwrap()..html.find("</nav>").unwrap()];
    let links: Vec<&str> = toc
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(links.len(), 2 + ids.len() + 1, "sections, items, sources");
    for l in links {
        assert!(html.contains(&format!("id=\"{l}\"")), "anchor {l} resolves");
    }
}

#[test]
fn pack_query_takes_the_top_works_once_each() {
    let d = library();
    let out = d.root.join("q.docx");
    let model = &d.json(&[
        "pack",
        "--query",
        "高质量发展",
        "-n",
        "3",
        "--title",
        "高质量发展学习材料",
        "--json",
        "-o",
        out.to_str().unwrap(),
    ])[0];
    assert_eq!(model["cover"]["title"], "高质量发展学习材料");
    let ids = pack_ids(model);
    assert_eq!(ids.len(), 3);
    let works: Vec<Value> = d.json(&["search", "高质量发展", "--json", "-n", "3"]);
    for (id, w) in ids.iter().zip(&works) {
        let members: Vec<&str> = w["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert!(members.contains(&id.as_str()), "{id} in work {members:?}");
    }
    let groups: Vec<BTreeSet<String>> = ids.iter().map(|i| work(&d, i)).collect();
    assert!(groups[0].is_disjoint(&groups[1]) && groups[1].is_disjoint(&groups[2]));
    let items = docx_items(&std::fs::read(&out).unwrap());
    assert_eq!(items.len(), 3);
}

fn fails(d: &Dir, args: &[&str]) -> String {
    let o = d.tifa(args);
    assert!(!o.status.success(), "tifa {args:?} should fail");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn pack_bad_input_is_named_and_writes_nothing() {
    let d = library();
    let out = d.root.join("out.docx");
    let o = out.to_str().unwrap();
    let unknown = d.write(
        "unknown.toml",
        b"title = \"t\"\n[[sections]]\nheading = \"h\"\nitems = [{ id = \"fedcba9876\" }]\n",
    );
    let err = fails(&d, &["pack", unknown.to_str().unwrap(), "-o", o]);
    assert!(err.contains("fedcba9876"), "{err}");
    let bad = d.write(
        "bad.toml",
        b"title = \"t\"\n[[sections]]\nheading = \"h\"\nitems = [{ id = \"ab\" }\n",
    );
    let err = fails(&d, &["pack", bad.to_str().unwrap(), "-o", o]);
    assert!(err.contains("line 4") && err.contains("bad.toml"), "{err}");
    let typo = d.write(
        "typo.toml",
        b"title = \"t\"\n[[sections]]\nheading = \"h\"\nitems = [{ qeury = \"x\" }]\n",
    );
    let err = fails(&d, &["pack", typo.to_str().unwrap(), "-o", o]);
    assert!(err.contains("qeury") && err.contains("line 4"), "{err}");
    let err = fails(&d, &["pack", "--query", "高质量发展", "-o", "x.xyz"]);
    assert!(err.contains("x.xyz") && err.contains(".docx"), "{err}");
    let err = fails(&d, &["pack", "--query", "没有这样的句子啊", "-o", o]);
    assert!(err.contains("没有这样的句子啊"), "{err}");
    assert!(!out.exists() && !Path::new("x.xyz").exists());
}

#[test]
fn api_pack_returns_the_same_docx_items_as_the_cli() {
    let d = library();
    let (a, b) = two_ids(&d);
    let plan_file = d.write("plan.toml", plan(&a, &b).as_bytes());
    let out = d.root.join("cli.docx");
    d.ok(&[
        "pack",
        plan_file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let cli = docx_items(&std::fs::read(&out).unwrap());
    // A read: a read-only server answers it.
    let (mut child, addr) = spawn_serve(&d.data(), &["--addr", "127.0.0.1:0", "--read-only"]);
    let body = json!({
        "plan": {
            "title": "学习材料汇编（测试）",
            "body": "某某委员会办公室",
            "date": "2024年6月",
            "sections": [
                {"heading": "专题一", "items": [{"id": a}, {"id": b, "note": "重点篇目"}]},
                {"heading": "专题二", "note": "检索所得", "items": [{"query": "雷锋", "limit": 2}]}
            ]
        },
        "format": "docx"
    })
    .to_string();
    let (st, bytes) = http_with(
        "POST",
        &addr,
        "/api/v1/pack",
        &[],
        Some(body.as_bytes()),
        "application/json",
    );
    let bad = json!({"plan": {"title": "t", "sections": [{"heading": "h", "items": [{"id": "fedcba9876"}]}]}, "format": "html"}).to_string();
    let (st_bad, err) = http_with(
        "POST",
        &addr,
        "/api/v1/pack",
        &[],
        Some(bad.as_bytes()),
        "application/json",
    );
    let (st_pdf, pdf_bytes) = http_with(
        "POST",
        &addr,
        "/api/v1/pack",
        &[],
        Some(body.replace("\"docx\"", "\"pdf\"").as_bytes()),
        "application/json",
    );
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(st, 200, "{}", String::from_utf8_lossy(&bytes));
    assert!(cli.len() >= 3, "{cli:?}");
    assert_eq!(docx_items(&bytes), cli, "API and CLI packs agree");
    assert_eq!(st_bad, 404, "{}", String::from_utf8_lossy(&err));
    let err: Value = serde_json::from_slice(&err).unwrap();
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fedcba9876")
    );
    assert_eq!(st_pdf, 200);
    assert!(pdf_bytes.starts_with(b"%PDF-"));
}

#[test]
fn pack_keeps_one_copy_of_a_work_and_lists_date_items_in_order() {
    let d = library();
    // A reprint pair of the compilations (found, not named): the second is left out.
    let pair = d
        .json(&["ls", "--json"])
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .find_map(|id| {
            let other = d.json(&["show", &id, "--json"])[0]["same_work"]
                .as_array()
                .unwrap()
                .first()
                .map(|x| x.as_str().unwrap().to_string());
            other.map(|o| (id, o))
        })
        .expect("the compilations hold a same-work pair");
    let plan = d.write(
        "dup.toml",
        format!(
            "title = \"t\"\n[[sections]]\nheading = \"一\"\nitems = [{{ id = \"{}\" }}]\n\
             [[sections]]\nheading = \"二\"\nitems = [{{ id = \"{}\" }}, {{ date = \"2023-02..2023-03\", limit = 4 }}]\n",
            pair.0, pair.1
        )
        .as_bytes(),
    );
    let model = &d.json(&["pack", plan.to_str().unwrap(), "--json"])[0];
    let ids = pack_ids(model);
    assert_eq!(ids[0], pair.0);
    assert!(!ids.contains(&pair.1), "the reprint is left out: {ids:?}");
    assert_eq!(model["skipped"][0]["id"], pair.1.as_str());
    assert_eq!(model["skipped"][0]["same_work_as"], pair.0.as_str());
    // The date item: up to 4 works dated in the range, earliest first.
    let dated: Vec<String> = ids[1..]
        .iter()
        .map(|id| {
            d.json(&["show", id, "--json"])[0]["date"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(!dated.is_empty() && dated.len() <= 4, "{dated:?}");
    assert!(
        dated
            .iter()
            .all(|x| x.as_str() >= "2023-02" && &x[..7] <= "2023-03")
    );
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dated:?}");
    let all: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(all.len(), ids.len());
}

/// Text without whitespace or the page footers (`— 3 —`) a PDF's text
/// layer interleaves with a paragraph that runs over a page break.
fn squeeze(s: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let t = line.trim();
        let footer = t.starts_with('—')
            && t.ends_with('—')
            && t.trim_matches(|c: char| c == '—' || c.is_whitespace())
                .chars()
                .all(|c| c.is_ascii_digit());
        if !footer {
            out.extend(t.chars().filter(|c| !c.is_whitespace()));
        }
    }
    out
}

fn poppler(cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (poppler-utils, installed by .ci/run): {e}"));
    assert!(out.status.success(), "{cmd} {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn pack_pdf_has_every_title_and_paragraph_in_order_with_fonts_embedded() {
    let d = library();
    let (a, b) = two_ids(&d);
    let plan_file = d.write("plan.toml", plan(&a, &b).as_bytes());
    let plan_s = plan_file.to_str().unwrap();
    let ids = pack_ids(&d.json(&["pack", plan_s, "--json"])[0]);
    let out = d.root.join("pack.pdf");
    d.ok(&["pack", plan_s, "-o", out.to_str().unwrap()]);
    let path = out.to_str().unwrap();
    // Pages: cover, 目录, two 专题 pages, at least one per item, and the
    // sources; at most one page per 150 characters of text beyond those.
    let least = 2 + 2 + ids.len() + 1;
    let chars: usize = ids
        .iter()
        .map(|id| clean(&d, id).1.concat().chars().count())
        .sum();
    let info = poppler("pdfinfo", &[path]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    println!(
        "pack PDF: {} items, {chars} characters, {pages} pages",
        ids.len()
    );
    assert!(pages >= least, "{pages} pages");
    assert!(pages <= least + ids.len() + chars / 150, "{pages} pages");
    // The text layer holds every item's title and paragraphs, in order.
    let text = squeeze(&poppler("pdftotext", &["-enc", "UTF-8", path, "-"]));
    assert!(text.contains("学习材料汇编（测试）") && text.contains("目录"));
    // The body starts at the first 专题's own page: its second mention,
    // after the 目录's.
    let toc = text.find("专题一").unwrap() + "专题一".len();
    let mut at = toc + text[toc..].find("专题一").expect("专题一 in the body");
    for id in &ids {
        let (title, paras) = clean(&d, id);
        let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        let found = text[at..]
            .find(&t)
            .unwrap_or_else(|| panic!("title of {id} after {at}"));
        at += found + t.len();
        for p in paras {
            let p: String = p.chars().filter(|c| !c.is_whitespace()).collect();
            let found = text[at..]
                .find(&p)
                .unwrap_or_else(|| panic!("paragraph of {id} in order: {p}"));
            at += found + p.len();
        }
    }
    // Every font is embedded and subset.
    let fonts = poppler("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for r in rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        let n = cols.len();
        // … emb sub uni object ID: "yes yes yes 12 0"
        assert_eq!(&cols[n - 5..n - 3], &["yes", "yes"], "{r}");
    }
}
